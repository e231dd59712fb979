"""Fictional polygons of Musterland and its 14 sample cities (private).

**Fictional geometry in a fictional plane** (metres, no real coordinate
reference system): Musterland does not exist. The country outline is a
seeded random polygon with integer vertices; each city is the Voronoi cell of
its (seeded, jittered) centre inside that outline, so the cities tile the
country and have neighbours, which spatial statistics need.

The cells are computed in exact rational arithmetic (:class:`fractions.Fraction`)
by clipping the outline with the half-planes "closer to this centre than to
that one"; a border shared by two cities is therefore the same pair of points
in both polygons, and the rounded integer coordinates are identical too.
No GEOS or GDAL call is involved, so the bytes do not depend on a library
version (see :func:`clusteranalysis.inputs.sample.write_sample`).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

#: Rough position (km) of each fictional city in the fictional plane.
CENTRES = {
    "01090": (300, 830), "13090": (560, 800), "04090": (200, 690), "03490": (350, 650),
    "12090": (600, 640), "05390": (120, 520), "16090": (400, 500), "14700": (560, 520),
    "14790": (690, 450), "06490": (270, 420), "07390": (130, 350), "10090": (110, 220),
    "08290": (290, 210), "09790": (500, 230),
}
OUTLINE_VERTICES = 28
CENTRE = (400, 520)
RADII = (400, 440)
ATTRIBUTION = "Fictional boundaries (synthetic sample; Musterland does not exist)"


def _outline(rng) -> list[tuple[int, int]]:
    """A wobbly ellipse with integer vertices (metres), counter-clockwise."""
    angles = np.linspace(0.0, 2 * np.pi, OUTLINE_VERTICES, endpoint=False)
    phase = rng.uniform(0, 2 * np.pi, 3)
    wobble = (1 + 0.06 * np.sin(2 * angles + phase[0]) + 0.05 * np.sin(3 * angles + phase[1])
              + 0.03 * np.sin(5 * angles + phase[2]))
    x = CENTRE[0] + RADII[0] * wobble * np.cos(angles)
    y = CENTRE[1] + RADII[1] * wobble * np.sin(angles)
    return [(int(round(a * 1000)), int(round(b * 1000))) for a, b in zip(x, y)]


def _clip(poly, a, b):
    """Sutherland–Hodgman: the part of ``poly`` with a·p <= b (exact)."""
    out = []
    n = len(poly)
    for k in range(n):
        p, q = poly[k], poly[(k + 1) % n]
        fp = a[0] * p[0] + a[1] * p[1] - b
        fq = a[0] * q[0] + a[1] * q[1] - b
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def _cell(i, centres, outline):
    poly = [(Fraction(x), Fraction(y)) for x, y in outline]
    si = centres[i]
    for j, sj in enumerate(centres):
        if j != i:
            a = (2 * (sj[0] - si[0]), 2 * (sj[1] - si[1]))
            b = sj[0] ** 2 + sj[1] ** 2 - si[0] ** 2 - si[1] ** 2
            poly = _clip(poly, a, b)
    ring = []
    for x, y in poly:
        pt = [int(round(x)), int(round(y))]
        if not ring or pt != ring[-1]:
            ring.append(pt)
    if ring[0] == ring[-1]:
        ring.pop()
    return ring + [ring[0]]


def sample_polygons(seed: int, names: dict, nation: str, nation_name: str):
    """Features ``(properties, geometry)`` of the nation and its cities, sorted by code.

    Parameters
    ----------
    seed : int
        Seed of the jitter of the city centres and of the outline.
    names : dict
        City code -> fictional name.
    nation, nation_name : str
        Code and name of the national reference region (the outline).
    """
    rng = np.random.default_rng([seed, 11])
    outline = _outline(rng)
    codes = sorted(CENTRES)
    jitter = rng.integers(-25, 26, size=(len(codes), 2))
    centres = [((CENTRES[c][0] + int(dx)) * 1000, (CENTRES[c][1] + int(dy)) * 1000)
               for c, (dx, dy) in zip(codes, jitter)]
    features = [({"region": nation, "name": nation_name, "level": "country", "fictional": True},
                 {"type": "Polygon", "coordinates": [outline + [outline[0]]]})]
    for i, code in enumerate(codes):
        features.append(({"region": code, "name": names[code], "level": "city",
                          "fictional": True},
                         {"type": "Polygon", "coordinates": [_cell(i, centres, outline)]}))
    return features
