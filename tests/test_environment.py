"""environment.yml (conda-forge) must list exactly the packages of pyproject.toml."""

import re
import tomllib

import yaml

from conftest import REPO

# conda-forge ships some PyPI packages under another name
CONDA_NAMES = {"matplotlib": "matplotlib-base", "seaborn": "seaborn-base", "adjusttext": "adjusttext"}


def _split(req: str) -> tuple[str, str]:
    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _pyproject():
    data = tomllib.loads((REPO / "pyproject.toml").read_text())
    reqs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["test"]
    out = {}
    for r in reqs:
        name, spec = _split(r)
        out[CONDA_NAMES.get(name, name)] = spec
    out["python"] = data["project"]["requires-python"]
    return out


def _conda():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and dep != "pip":
            name, spec = _split(dep)
            out[name] = spec
    return out


def test_environment_yml_mirrors_pyproject():
    py, conda = _pyproject(), _conda()
    assert sorted(set(py) - set(conda)) == [], "in pyproject.toml but not environment.yml"
    assert sorted(set(conda) - set(py)) == [], "in environment.yml but not pyproject.toml"
    differing = {k: (py[k], conda[k]) for k in py if py[k] != conda[k]}
    assert differing == {}, "version bounds differ (pyproject, environment.yml)"


def test_pandas_lower_bound_is_declared():
    assert _pyproject()["pandas"].startswith(">=")


def test_oldest_constraints_pin_exactly_the_declared_lower_bounds():
    pins = {}
    for line in (REPO / ".ci" / "oldest-constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[CONDA_NAMES.get(name.lower(), name.lower())] = version
    declared = {k: v[2:] for k, v in _pyproject().items() if k != "python"}
    # a pin may be a patch release of the bound (pandas>=2.2 is tested on 2.2.0)
    assert set(pins) == set(declared)
    for name, bound in declared.items():
        assert pins[name].startswith(bound), (name, pins[name], bound)
