"""Parameters and simulation behind the synthetic sample panel (private).

Everything here is invented for the fictional country *Musterland*; the
magnitudes only resemble German statistics (SvB employment, establishments,
Gewerbesteuer) so that charts and metrics behave realistically. Nothing is
official data. :mod:`clusteranalysis.inputs.sample` turns the arrays into tables.

Model, per region ``r``, WZ 2008 division ``i`` and year ``t``::

    log e*_rit = log L_ri + g_it + (h_r + d_ri) (t - 2019) + u_rit
    log b*_rit = log L_ri - log size_ri + 0.6 trend + 0.4 (shock + u_rit) + v_rit
    tax*_rit   = e_rit * tpe_i * f_r * c_ri * exp(0.025 (t - 2019) + taxshock_it + w_rit)

``L`` is the 2019 level (national table, or city jobs × national share × a
location quotient), ``g`` the national industry path (trend plus the 2009 and
2020 shocks), ``h``/``d`` city-wide and city-industry growth deviations, and
``u``, ``v``, ``w`` AR(1) noise. Counts are rounded to integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

YEARS = np.arange(2005, 2021)
BASE_YEAR = 2019
NATION = "00"
#: Primary confidentiality: cells with 1 or 2 establishments are withheld.
MIN_ESTABLISHMENTS = 3
#: Divisions used by the Leipzig-style cluster fields: never below 3 establishments.
PROTECTED = tuple(
    "18 20 21 22 24 25 26 27 28 29 30 32 35 36 37 38 39 45 46 49 50 51 52 53 58 "
    "59 60 61 62 63 70 71 72 73 74 86 87 88 90 91".split()
)

# code | national SvB 2019 (thousand) | mean establishment size | trade tax per
# employee 2019 (EUR) | employment trend (%/yr) | employment shock 2009, 2020
# (log points) | trade-tax shock 2009, 2020 (log points)
_DIVISIONS = """
01 230 4 30 0.5 0 0 -.10 -.05|02 40 4 60 -0.5 0 0 -.10 -.05|03 5 3 50 -1 0 0 -.10 -.05
05 20 200 600 -6 -.02 0 -.2 -.1|06 5 60 3000 -2 -.02 0 -.4 -.3|07 1 20 800 0 -.03 0 -.3 -.1
08 40 15 1200 -1 -.03 0 -.2 -.05|09 5 20 1000 0 -.03 0 -.3 -.1
10 620 20 800 0.8 -.01 -.01 -.1 -.05|11 65 25 1400 -0.5 -.01 -.02 -.1 -.1
12 9 150 4000 -2 0 0 -.05 -.05|13 70 25 700 -2 -.06 -.02 -.4 -.15
14 35 15 700 -3 -.04 -.04 -.3 -.2|15 15 20 700 -2 -.04 -.03 -.3 -.2
16 110 10 700 -0.5 -.03 0 -.3 0|17 130 60 1100 -0.8 -.03 -.01 -.35 -.05
18 140 12 600 -3.5 -.03 -.03 -.3 -.15|19 20 150 3000 -1.5 -.01 -.02 -.4 -.3
20 330 90 2500 0.3 -.03 -.01 -.5 -.15|21 140 180 3500 1.5 0 0 -.1 .05
22 400 50 1100 1.0 -.05 -.02 -.45 -.15|23 210 25 1100 -0.3 -.03 -.01 -.35 -.05
24 240 120 1200 -0.5 -.07 -.03 -.7 -.3|25 720 20 900 0.8 -.05 -.02 -.45 -.15
26 380 50 1500 0 -.05 -.01 -.4 -.1|27 420 60 1500 0.5 -.05 -.01 -.45 -.1
28 1050 60 1500 0.8 -.05 -.02 -.45 -.2|29 900 250 3000 1.0 -.08 -.02 -.8 -.35
30 140 120 1200 0.5 -.03 -.02 -.35 -.2|31 120 15 600 -1.5 -.03 -.01 -.3 -.05
32 250 10 1300 1.2 -.02 0 -.2 0|33 190 12 800 1.5 -.03 -.01 -.3 -.1
35 240 40 4000 0 0 0 -.05 -.05|36 40 25 800 0.3 0 0 0 0|37 35 15 400 0.3 0 0 0 0
38 170 25 900 1.2 -.01 0 -.2 -.05|39 8 10 600 1.0 0 0 -.1 0
41 280 8 900 1.5 -.02 0 -.2 .05|42 230 20 800 0.8 -.01 0 -.1 .05|43 1300 6 600 1.5 -.01 0 -.15 .05
45 700 8 700 0.7 -.02 -.01 -.25 -.05|46 1400 12 2200 0.8 -.01 -.01 -.3 -.1
47 2500 8 500 1.0 0 -.01 -.1 -.05
49 900 10 500 1.5 -.02 -.02 -.25 -.15|50 25 20 1500 -1.5 -.03 -.02 -.5 -.3
51 55 120 800 1.0 -.02 -.08 -.5 -.8|52 700 25 900 3.0 -.02 -.01 -.3 -.1
53 450 40 300 3.0 0 .03 -.05 .1
55 350 8 300 1.8 -.01 -.12 -.15 -.6|56 700 5 200 3.0 0 -.10 -.1 -.5
58 180 25 1200 -2.5 -.01 -.01 -.25 -.1|59 50 8 700 0.5 -.01 -.05 -.2 -.4
60 30 60 600 -0.5 0 0 -.1 -.1|61 100 40 2500 -2.5 0 0 -.1 0
62 700 15 1500 5.0 -.01 0 -.15 0|63 80 12 1500 3.0 -.01 0 -.15 0
64 620 25 5000 -1.2 -.01 0 -.45 -.1|65 200 60 4000 -0.8 0 0 -.25 -.05
66 150 8 3000 1.5 -.01 0 -.35 -.05|68 260 4 2500 1.5 0 0 -.1 0
69 700 7 1500 2.0 0 0 -.1 0|70 550 12 2500 4.0 -.01 -.01 -.35 -.15
71 650 8 1100 2.5 -.01 0 -.2 0|72 180 20 500 3.0 0 0 -.1 0
73 230 8 1200 0.5 -.02 -.03 -.3 -.2|74 90 4 900 2.0 -.01 -.01 -.2 -.1
75 35 5 800 2.5 0 0 -.05 0
77 90 8 2000 1.5 -.02 -.02 -.3 -.2|78 800 40 200 3.5 -.18 -.10 -.7 -.4
79 60 6 500 0.5 -.02 -.12 -.3 -.7|80 220 40 200 2.5 0 0 -.1 0
81 900 20 250 2.5 0 -.01 -.1 -.05|82 450 15 500 3.5 -.01 -.02 -.2 -.15
84 1850 50 0 0.3 0 0 0 0|85 1250 20 40 2.2 0 0 0 0
86 2600 12 200 2.3 0 0 -.05 0|87 1100 35 100 2.8 0 0 0 0|88 1300 20 40 4.0 0 0 0 0
90 40 4 300 2.0 0 -.06 -.2 -.6|91 35 15 50 1.0 0 -.04 0 -.3
92 30 8 2000 0.5 0 -.08 -.2 -.5|93 130 8 300 2.0 0 -.07 -.2 -.5
94 450 8 30 1.0 0 0 0 0|95 40 4 500 -0.5 -.01 -.01 -.2 -.1|96 250 5 250 0.5 0 -.04 -.1 -.3
97 40 1.5 0 1.0 0 0 0 0|98 0.3 1.2 0 0 0 0 0 0|99 15 20 0 0 0 0 0 0
"""
_TABLE = np.array(
    [row.split() for row in _DIVISIONS.replace("\n", "|").split("|") if row.strip()]
)
CODES: list[str] = _TABLE[:, 0].tolist()
(EMP_K, SIZE, TPE, TREND, SHOCK09, SHOCK20, TAX09, TAX20) = _TABLE[:, 1:].astype(float).T

#: Average trade tax per employee in 2019 the table is scaled to (EUR).
TAX_PER_EMPLOYEE_2019 = 1050.0
#: National establishments are ~15 % larger than the table's sizes (cities have
#: more small service firms), giving ~2.2 million establishments in 2019.
NATIONAL_SIZE_FACTOR = 1.17
#: COVID-19 in 2020 on top of the table, for all market divisions (log points).
COVID_EMPLOYMENT, COVID_TAX = -0.015, -0.10
NON_MARKET = ("84", "85", "86", "87", "88", "97", "98", "99")


def _urban_baseline() -> np.ndarray:
    """Location quotient a typical large city has against the nation, by division."""
    by_section = [("01", 0.12), ("05", 0.3), ("10", 0.75), ("35", 1.1), ("36", 1.0),
                  ("41", 0.85), ("45", 1.0), ("49", 1.0), ("55", 1.15), ("58", 1.6),
                  ("64", 1.3), ("68", 1.2), ("69", 1.3), ("75", 0.6), ("77", 1.2),
                  ("84", 1.2), ("86", 1.05), ("90", 1.4), ("94", 1.1), ("97", 0.8),
                  ("99", 1.5)]
    starts = [s for s, _ in by_section]
    pos = np.searchsorted(starts, CODES, side="right") - 1
    return np.array([v for _, v in by_section])[pos]


@dataclass(frozen=True)
class City:
    """A fictional city: size, character and how it deviates from the nation."""

    code: str
    name: str
    population: int
    jobs_per_inhabitant: float  # SvB at place of work per inhabitant, 2019
    growth: float  # city-wide employment growth deviation per year
    tax_factor: float  # local multiplier (Hebesatz, profitability)
    profile: str
    lq: dict = field(default_factory=dict)  # division(s) -> multiplier of the baseline LQ
    trend: dict = field(default_factory=dict)  # division(s) -> extra growth per year
    preliminary_tax: bool = False  # last year's trade tax only estimated


CITIES = (
    City("01090", "Neuhafen", 270_000, 0.50, 0.004, 1.0,
         "Seaport and logistics hub: shipping, port logistics, warehousing and wholesale are "
         "large and growing; some shipbuilding",
         {"50": 15, "52": 3.5, "49": 1.8, "53": 1.8, "46": 1.5, "30": 4, "33": 1.5},
         {"52": .03, "53": .025, "49": .015, "46": .01, "30": -.02}),
    City("03490", "Lindenfeld", 130_000, 0.55, 0.005, 0.85,
         "University city: university, research institutes and a university hospital; small "
         "manufacturing base; young IT and publishing firms",
         {"85": 3, "72": 5, "86": 1.6, "58": 1.5, "62": 1.3, "91": 1.5, "10-33": 0.5},
         {"72": .02, "62": .03, "85": .01}),
    City("04090", "Roggenstedt", 115_000, 0.45, -0.003, 0.9,
         "Agri-food and market town: food and beverage plants, farm wholesale, retail centre "
         "for the surrounding countryside",
         {"10": 4, "11": 4, "12": 3, "01-02": 6, "46": 1.4, "47": 1.3, "28": 1.2},
         {"10": .005, "47": -.005}, preliminary_tax=True),
    City("05390", "Eisenbrück", 480_000, 0.40, -0.01, 0.9,
         "Stagnating old-industrial city: coal, steel, metal working and heavy machinery with "
         "long-run job losses; large energy utility",
         {"05": 25, "08-09": 3, "19": 3, "24": 5, "25": 1.8, "28": 1.5, "23": 1.5, "35": 2},
         {"05": -.06, "24": -.02, "25": -.01, "28": -.01, "18": -.01}),
    City("06490", "Falkenried", 750_000, 0.72, 0.003, 1.3,
         "Financial and business-services centre: banks, insurers, law and consulting firms, "
         "advertising; international airport",
         {"64": 5, "65": 3, "66": 4, "69": 1.6, "70": 2.5, "73": 1.8, "51": 6, "68": 1.3},
         {"64": -.005, "70": .015, "62": .01, "51": .01}),
    City("07390", "Rabenfurt", 105_000, 0.62, -0.002, 1.4,
         "Chemical and pharmaceutical site: one large chemical park (chemicals, pharmaceuticals, "
         "plastics) dominates jobs and trade tax",
         {"20": 14, "21": 6, "22": 2, "19": 4, "33": 2, "38": 1.5, "35": 1.5},
         {"21": .015, "20": -.005}),
    City("08290", "Kolbenau", 380_000, 0.50, 0.002, 1.1,
         "Automotive city: two car plants and their suppliers (plastics, metal products, "
         "machinery), car trade; hit hard in 2009",
         {"29": 8, "22": 2.2, "25": 1.8, "28": 1.6, "24": 1.3, "27": 1.3, "45": 1.3, "78": 1.6},
         {"29": .01, "22": .005, "78": .01}),
    City("09790", "Sonnweiler", 1_480_000, 0.55, 0.008, 1.1,
         "Diversified metropolis and state capital: electronics and IT, insurance, media, "
         "headquarters, research, tourism; strong growth",
         {"26": 2.5, "62": 2.5, "63": 2, "65": 2, "70": 2, "59-60": 2, "72": 1.5, "55": 1.3},
         {"62": .02, "63": .02, "70": .01, "72": .01}),
    City("10090", "Tannstedt", 180_000, 0.46, 0.002, 1.0,
         "Energy and environment city: utilities, water and waste management, remediation, "
         "electrical equipment for power grids, engineering offices",
         {"35": 4, "36-37": 2.5, "38": 3.5, "39": 5, "27": 2.5, "71": 1.6, "42": 1.5},
         {"38": .015, "39": .02, "27": .01, "35": -.005, "71": .01}),
    City("12090", "Mühlbergen", 160_000, 0.38, -0.015, 0.8,
         "Shrinking small industrial town: textiles, clothing, furniture, wood, paper and "
         "printing in long decline; ageing population, growing care sector",
         {"13": 10, "14": 8, "15": 4, "16-17": 3, "18": 3, "31": 5, "87": 1.4},
         {"13": -.02, "14": -.02, "31": -.02, "18": -.02, "87": .01}, preliminary_tax=True),
    City("13090", "Kranichau", 210_000, 0.42, 0.0, 0.9,
         "Coastal tourism and spa town: hotels, restaurants, spa clinics, care homes and "
         "leisure; fishing harbour; hit hard by COVID-19 in 2020",
         {"55": 4, "56": 2, "93": 2.5, "79": 2, "87": 1.8, "86": 1.3, "03": 15, "50": 3},
         {"55": .01, "87": .01}),
    City("14700", "Auenstadt", 560_000, 0.45, 0.006, 1.0,
         "Growing regional metropolis with five cluster fields (model city): car plants and "
         "suppliers, air-cargo and logistics hub, health and biotech, media and IT, energy "
         "trading and environmental services",
         {"29": 4, "22": 1.3, "51": 2.5, "52": 2.2, "53": 2.5, "49": 1.3, "21": 2.5,
          "72": 2, "86": 1.5, "87": 1.2, "88": 1.3, "58": 1.6, "59": 2.5, "60": 3, "62": 1.4,
          "73": 1.4, "90": 2, "35": 2, "38": 1.3, "78": 1.5},
         {"29": .02, "52": .03, "53": .03, "62": .03, "72": .02, "21": .02, "88": .015,
          "59-60": .01, "73": .01, "90": .015}),
    City("14790", "Silberquell", 300_000, 0.50, 0.012, 1.0,
         "Health and biotech city: university hospital, biotech and pharma firms, medical "
         "technology and research institutes, all growing fast",
         {"86": 2, "87": 1.5, "88": 1.4, "21": 6, "32": 4, "72": 4, "85": 1.3},
         {"21": .03, "32": .02, "72": .03, "86": .01, "88": .015, "62": .02}),
    City("16090", "Hellwalde", 340_000, 0.48, 0.007, 0.95,
         "Media and creative city: broadcaster, film studios, publishers, advertising "
         "agencies, IT and games companies, theatres and an orchestra",
         {"58": 2.5, "59": 5, "60": 6, "62": 1.8, "63": 2.5, "73": 2.5, "74": 2, "90": 3.5,
          "91": 2, "18": 1.5},
         {"59": .03, "60": .01, "62": .025, "63": .025, "73": .01, "90": .02, "18": -.01}),
)


def _expand(spec: dict, default: float) -> np.ndarray:
    """Per-division array from {"29": x, "49-53": y}; unlisted divisions get default."""
    out = np.full(len(CODES), default)
    codes = np.array(CODES, dtype=int)
    for key, value in spec.items():
        lo, _, hi = key.partition("-")
        out[(codes >= int(lo)) & (codes <= int(hi or lo))] = value
    return out


def _ar1(rng, sigma, rho: float, n_t: int) -> np.ndarray:
    """AR(1) paths along a new last axis (stationary start); sigma sets the leading shape."""
    sigma = np.asarray(sigma, dtype=float)
    eps = rng.standard_normal(sigma.shape + (n_t,)) * sigma[..., None]
    u = np.empty_like(eps)
    u[..., 0] = eps[..., 0] / np.sqrt(1 - rho**2)
    for t in range(1, n_t):  # loop over years only; regions × industries are vectorised
        u[..., t] = rho * u[..., t - 1] + eps[..., t]
    return u


def simulate(seed: int) -> dict:
    """Simulate all regions (nation first, then CITIES) as arrays of shape (R, I, T).

    Returns a dict with integer-valued float arrays ``employment``,
    ``establishments`` and ``tax`` (true values, nothing withheld yet), the
    remainders of the TOTAL rows (shape (R, T) each, key ``<measure>_rest``),
    and boolean masks of shape (R, I + 1, T) (last industry = TOTAL):
    ``withheld`` (city cells with 1 or 2 establishments, whose employment and
    tax are suppressed), ``estimated_employment``, ``estimated_establishments``
    and ``estimated_tax``.
    """
    rng = np.random.default_rng(seed)
    n_r, n_i, n_t = len(CITIES) + 1, len(CODES), len(YEARS)
    dt = (YEARS - BASE_YEAR).astype(float)
    rec_e = np.select([YEARS == 2009, YEARS == 2010, YEARS == 2011], [1.0, 0.6, 0.25], 0.0)
    rec_t = np.select([YEARS == 2009, YEARS == 2010, YEARS == 2011], [1.0, 0.55, 0.15], 0.0)
    covid = (YEARS == 2020).astype(float)
    market = ~np.isin(CODES, NON_MARKET)
    shock20_e = SHOCK20 + COVID_EMPLOYMENT * market
    shock20_t = TAX20 + COVID_TAX * market
    shock_e = SHOCK09[:, None] * rec_e + shock20_e[:, None] * covid  # (I, T)
    shock_t = TAX09[:, None] * rec_t + shock20_t[:, None] * covid
    nat_emp = EMP_K * 1000.0
    tpe = TPE * TAX_PER_EMPLOYEE_2019 / (TPE @ nat_emp / nat_emp.sum())

    # Per-region parameters (row 0 = nation: no deviations, tiny noise).
    lq = np.ones((n_r, n_i))
    growth = np.zeros((n_r, n_i))
    jobs = np.empty(n_r)
    jobs[0] = nat_emp.sum()
    tax_factor = np.ones((n_r, 1, 1))
    baseline = _urban_baseline()
    for r, city in enumerate(CITIES, start=1):
        lq[r] = baseline * _expand(city.lq, 1.0)
        growth[r] = city.growth + _expand(city.trend, 0.0)
        jobs[r] = city.population * city.jobs_per_inhabitant
        tax_factor[r] = city.tax_factor
    is_city = np.arange(n_r)[:, None] > 0  # (R, 1)
    lq = lq * np.exp(np.where(is_city, 0.3, 0.0) * rng.standard_normal((n_r, n_i)))
    growth = growth + np.where(is_city, 0.008, 0.0) * rng.standard_normal((n_r, n_i))
    sens = np.exp(np.where(is_city, 0.25, 0.0) * rng.standard_normal((n_r, n_i)))[..., None]
    level = nat_emp * lq
    level = level / level.sum(axis=1, keepdims=True) * jobs[:, None]  # L_ri, 2019
    size = (np.where(is_city, 1.0, NATIONAL_SIZE_FACTOR) * SIZE * lq**0.3
            * np.exp(np.where(is_city, 0.25, 0.0) * rng.standard_normal((n_r, n_i))))

    # Employment and establishments.
    trend = (TREND[:, None] / 100 + growth[..., None]) * dt  # (R, I, T)
    shock = shock_e * sens
    sigma_u = np.where(is_city, 0.01 + 0.25 / np.sqrt(1 + level), 0.005)
    u = _ar1(rng, sigma_u, 0.7, n_t)
    v = _ar1(rng, np.full((n_r, n_i), 0.015), 0.8, n_t)
    log_e = np.log(level)[..., None] + trend + shock + u
    # Establishments follow the trend damped (firms grow larger) and the cycle less.
    log_b = np.log(level / size)[..., None] + 0.6 * trend + 0.4 * (shock + u) + v
    est = np.rint(np.exp(log_b))
    protected = np.isin(CODES, PROTECTED)[None, :, None] & is_city[..., None]
    est = np.where(protected, np.maximum(est, MIN_ESTABLISHMENTS), est)
    emp = np.where(est > 0, np.maximum(np.rint(np.exp(log_e)), est), 0.0)

    # Trade tax: far more volatile than employment, small cells most of all.
    cell = np.exp(np.where(is_city, 0.35, 0.0) * rng.standard_normal((n_r, n_i)))[..., None]
    sigma_w = np.where(is_city, 0.06 + 0.5 / np.sqrt(1 + est.mean(axis=2)), 0.02)
    w = _ar1(rng, sigma_w, 0.3, n_t)
    tax = np.rint(emp * tpe[:, None] * tax_factor * cell
                  * np.exp(0.025 * dt + shock_t * sens + w))

    # Unclassified remainder of the TOTAL rows: 0.05-0.3 % of the sum of divisions.
    out = {"employment": emp, "establishments": est, "tax": tax}
    for name, values in list(out.items()):
        out[name + "_rest"] = np.rint(values.sum(axis=1) * rng.uniform(5e-4, 3e-3, (n_r, n_t)))

    # A few cells published as estimates; preliminary trade tax in the last year.
    shape = (n_r, n_i + 1, n_t)
    ok = np.zeros(shape, dtype=bool)
    ok[:, :n_i] = is_city[..., None] & (est >= MIN_ESTABLISHMENTS)
    out["estimated_employment"] = ok & (rng.random(shape) < 0.004)
    out["estimated_establishments"] = ok & (rng.random(shape) < 0.002)
    prelim = np.array([False] + [c.preliminary_tax for c in CITIES])
    withheld = np.zeros(shape, dtype=bool)
    withheld[:, :n_i] = is_city[..., None] & (est > 0) & (est < MIN_ESTABLISHMENTS)
    out["estimated_tax"] = prelim[:, None, None] & (YEARS == YEARS[-1]) & ~withheld
    out["withheld"] = withheld
    return out
