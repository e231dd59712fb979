"""Validate a whole batch of parameter files before anything runs.

Every file is checked and every problem is collected (file, key, message):
the report name, the YAML, the template, the model (types, unknown keys,
quoted region codes, years), the data paths (inside the data folders, files
exist), and the data themselves (regions, reference and years present; each
distinct data source (path, format, column renames) is read once with
:func:`clusteranalysis.inputs.io.read_data`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from .paramfile import brief, load_parameter_file
from .params import ReportParams
from .paths import expand_inputs, name_problem, resolve_inside
from .registry import Template, check_template


@dataclass(frozen=True)
class ParamProblem:
    """One problem of one parameter file; ``key`` is ``None`` for the whole file."""

    file: str
    key: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}" if self.key else \
            f"{self.file}: {self.message}"


class InvalidParameters(ValueError):
    """Parameter files are invalid; nothing was run. ``problems`` lists them all."""

    def __init__(self, problems: list[ParamProblem]):
        self.problems = list(problems)
        files = len({p.file for p in self.problems})
        lines = [f"{files} invalid parameter file{'s' if files != 1 else ''} "
                 "(nothing was run):"]
        shared: dict[str, list[str]] = {}  # a template problem is shown once
        for p in self.problems:
            if p.key == "template" and p.message.startswith(
                    ("parameters of", "template notebook", "cannot read template")):
                shared.setdefault(p.message, []).append(p.file)
            else:
                lines.append(f"  {p}")
        for msg, users in shared.items():
            lines.append(f"  {msg} (affects {len(users)} file{'s' if len(users) > 1 else ''}"
                         f": {', '.join(users[:3])}{', …' if len(users) > 3 else ''})")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ReportSpec:
    """A validated report, ready to run.

    ``inject`` holds the notebook parameters with data paths made absolute;
    ``inputs`` the files whose bytes enter the cache key (every export of a
    GENESIS folder); ``notes`` warnings found by the validation that do not
    stop the report (a region with no industry of the definition).
    """

    name: str
    source: Path
    template: Template
    params: ReportParams
    notebook: Path
    inject: dict
    inputs: tuple[Path, ...]
    notes: tuple[str, ...] = ()

    @property
    def title(self) -> str | None:
        return self.params.title


@dataclass
class InvalidFile:
    """A parameter file that failed validation (listed as ``invalid``)."""

    source: Path
    name: str
    problems: list[ParamProblem] = field(default_factory=list)
    template: str | None = None
    title: str | None = None


def shown(path: Path) -> str:
    """A path as users see it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


#: Plain-language messages for pattern mismatches, by field.
_PATTERN_MESSAGES = {
    "region": "region codes are 1 to 12 letters or digits, quoted, e.g. \"14713\"",
    "regions": "region codes are 1 to 12 letters or digits, quoted, e.g. \"14713\"",
    "reference": "region codes are 1 to 12 letters or digits, quoted, e.g. \"00\"",
    "definition": "must be a built-in definition name (lower-case letters, digits, '_') "
                  "or the path of a .yaml file in a data folder",
    "data_columns": "must be column renames old=new separated by commas, names of letters, "
                    "digits and '_', e.g. \"ags=region,total=employment\"",
}


#: Most model problems listed per file (a list of 100,000 bad codes is one problem).
MAX_MODEL_PROBLEMS = 20


def _model_problems(exc: ValidationError, model: type[ReportParams]) -> list[tuple]:
    out = []
    errors = exc.errors(include_url=False)
    for e in errors[:MAX_MODEL_PROBLEMS]:
        loc = e["loc"]
        key = "".join(f"[{x}]" if isinstance(x, int) else (f".{x}" if i else str(x))
                      for i, x in enumerate(loc)) or None
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            key = key if key and key.isidentifier() and len(key) <= 60 else brief(loc[0])
            msg = f"unknown key (allowed: template, {', '.join(model.model_fields)})"
        elif e["type"] == "missing":
            msg = "required key is missing"
        elif e["type"] == "string_pattern_mismatch" and loc[0] in _PATTERN_MESSAGES:
            msg = f"{_PATTERN_MESSAGES[loc[0]]} (got {brief(e['input'])})"
        elif e["type"].endswith("_type") or e["type"] == "literal_error":
            msg += f" (got {brief(e['input'])})"
        out.append((key if key is None or len(key) <= 80 else key[:80] + "…", msg[:500]))
    if len(errors) > MAX_MODEL_PROBLEMS:
        out.append((None, f"and {len(errors) - MAX_MODEL_PROBLEMS} more problems"))
    return out


def _builtin_definition(name: str) -> Path | None:
    try:
        from clusteranalysis.inputs.definitions import BUILTIN_DIR
    except (ImportError, FileNotFoundError):  # no definitions: the notebook will tell
        return None
    return BUILTIN_DIR / f"{name}.yaml"


def _check_file(path, registry, project, roots, template_ok):
    """Validate one file; return (ReportSpec or None, InvalidFile)."""
    bad = InvalidFile(path, path.stem)
    add = lambda key, msg: bad.problems.append(ParamProblem(shown(path), key, msg))  # noqa: E731
    if (msg := name_problem(path)) is not None:
        add(None, msg)
    try:
        data = load_parameter_file(path)
    except ValueError as exc:
        add(None, str(exc))
        return None, bad
    tname = data.pop("template", None)
    if not isinstance(tname, str) or tname not in registry:
        add("template", f"must be one of {', '.join(registry)} (got {brief(tname)})")
        return None, bad
    template = registry[tname]
    bad.template = tname
    if isinstance(data.get("title"), str):
        bad.title = data["title"][:300]
    if (msg := template_ok(template)) is not None:
        add("template", msg)
    try:
        params = template.model.model_validate(data)
    except ValidationError as exc:
        params = None
        for key, msg in _model_problems(exc, template.model):
            add(key, msg)
    inputs = [template.notebook_path(project)]
    resolved = {}
    for key in ("data_path", "definition"):  # checked even when other keys are wrong
        value = data.get(key)
        if not isinstance(value, str) or any(p.key == key for p in bad.problems) or (
                key == "definition" and not value.endswith((".yaml", ".yml"))):
            continue
        folder = key == "data_path" and data.get("data_format") in ("genesis", "qcew")
        try:
            resolved[key] = resolve_inside(value, project, roots, folder=folder)
        except ValueError as exc:
            add(key, str(exc))
            continue
        if resolved[key].is_dir():  # a folder of GENESIS exports: each file enters the key
            try:
                exports = sorted(f for f in resolved[key].glob("*.csv") if f.is_file())
            except OSError as exc:
                add(key, f"cannot list folder {brief(value)}: {exc.strerror or exc}")
                del resolved[key]
                continue
            if not exports:
                kind = "QCEW file" if data.get("data_format") == "qcew" else "GENESIS export"
                add(key, f"folder {brief(value)} contains no {kind} (*.csv)")
                del resolved[key]
            inputs += exports
        else:
            inputs.append(resolved[key])
    if params is None:
        return None, bad
    if "definition" not in resolved and (builtin := _builtin_definition(params.definition)):
        if builtin.is_file():
            inputs.append(builtin)
        elif not any(p.key == "definition" for p in bad.problems):
            add("definition", f"no built-in definition {params.definition!r} "
                              f"(no file {builtin})")
    inject = params.notebook_parameters() | {k: str(v) for k, v in resolved.items()}
    spec = ReportSpec(path.stem, path, template, params, inputs[0], inject, tuple(inputs))
    return (spec if "data_path" in resolved else None), bad


def _data_problems(spec: ReportSpec, coverage: dict) -> list[tuple]:
    p, out = spec.params, []
    where = shown(Path(spec.inject["data_path"]))
    key = "regions" if "regions" in type(p).model_fields else "region"
    codes = [(key, c) for c in p.region_codes()]
    if p.reference is not None:
        codes.append(("reference", p.reference))
    for k, code in codes:
        years = coverage.get(code)
        if years is None:
            out.append((k, f"region {code!r} is not in {where}"))
            continue
        missing = [y for y in (p.start_year, p.end_year) if y not in years]
        if missing:
            out.append((k, f"region {code!r} has no rows for {', '.join(map(str, missing))} "
                           f"in {where} (years {min(years)}–{max(years)})"))
    return out


def _data_source(spec: ReportSpec) -> tuple[Path, str, str]:
    """What identifies the data a report reads: path, format and column renames."""
    return (Path(spec.inject["data_path"]), spec.params.data_format, spec.params.data_columns)


class _Coverage(dict):
    """Years present per region (``region -> set of years``); ``pairs`` holds the
    distinct region × industry codes (for the definition check)."""

    pairs = None


def _coverage(data_file: Path, data_format: str = "tidy", columns: str = ""):
    """Years present per region in a data source, or the reading error."""
    from clusteranalysis.inputs.io import read_data

    try:
        panel = read_data(data_file, format=data_format, columns=columns)
    except Exception as exc:  # noqa: BLE001 - reported as a problem of every user
        lines = str(exc).splitlines()
        more = f" (and {len(lines) - 8} more lines)" if len(lines) > 8 else ""
        return "cannot use the data file: " + " ".join(lines[:8]) + more
    pairs = panel[["region", "year"]].drop_duplicates()
    out = _Coverage({str(r): set(map(int, g)) for r, g in pairs.groupby("region")["year"]})
    out.pairs = panel[["region", "industry"]].drop_duplicates()
    return out


def _definition_notes(spec: ReportSpec, cov: _Coverage) -> list[str]:
    """Regions of the report with no industry of its definition (a warning, not an error)."""
    from clusteranalysis.inputs.coverage import definition_notes
    from clusteranalysis.inputs.definitions import load_definition

    if cov.pairs is None:
        return []
    try:
        definition = load_definition(spec.inject["definition"])
    except Exception:  # noqa: BLE001 - an invalid definition is reported by the report
        return []
    notes = definition_notes(cov.pairs, definition, regions=spec.params.region_codes())
    return [n.message for n in notes]


def validate_batch(paths: Iterable[str | os.PathLike], *, project_root: Path,
                   data_roots: tuple[Path, ...], registry: Mapping[str, Template]
                   ) -> tuple[list[ReportSpec], list[InvalidFile]]:
    """Validate parameter files and folders; return the valid specs and the invalid files.

    Nothing is executed. Each template is checked once against its notebook,
    each distinct data source (path, format, column renames) is read once.

    Warns
    -----
    UserWarning
        For a valid report whose region has no industry of its cluster
        definition (every cluster would be empty); the message is also in
        ``ReportSpec.notes``.
    """
    files, missing = expand_inputs(paths)
    invalid = [InvalidFile(p, p.stem, [ParamProblem(str(p), None, msg)]) for p, msg in missing]
    checked: dict[str, str | None] = {}

    def template_ok(t: Template):
        if t.name not in checked:
            checked[t.name] = check_template(t, project_root)
        return checked[t.name]

    specs, seen = [], {}
    for path in files:  # spec is None when the data cannot be checked
        spec, bad = _check_file(path, registry, project_root, data_roots, template_ok)
        if path.stem in seen:
            bad.problems.append(ParamProblem(shown(path), None, f"report name {path.stem!r} "
                                             f"is already used by {shown(seen[path.stem])}"))
        seen.setdefault(path.stem, path)
        if spec is None:
            invalid.append(bad)
        else:
            specs.append((spec, bad))
    coverage = {src: _coverage(*src) for src in dict.fromkeys(_data_source(s)
                                                               for s, _ in specs)}
    valid = []
    for spec, bad in specs:
        cov = coverage[_data_source(spec)]
        found = [("data_path", cov)] if isinstance(cov, str) else _data_problems(spec, cov)
        for key, msg in found:
            bad.problems.append(ParamProblem(shown(spec.source), key, msg))
        if not bad.problems and (notes := _definition_notes(spec, cov)):
            for note in notes:
                warnings.warn(f"{shown(spec.source)}: {note}", UserWarning, stacklevel=2)
            spec = replace(spec, notes=tuple(notes))
        (invalid if bad.problems else valid).append(bad if bad.problems else spec)
    order = {f: i for i, f in enumerate(files)}
    invalid.sort(key=lambda b: order.get(b.source, -1))
    return valid, invalid
