"""Parameter models of the report templates and loading of parameter files.

A parameter file is a flat YAML mapping: the key ``template`` names the
template (see :mod:`clusteranalysis.runner.registry`), every other key is one
notebook parameter and is validated by that template's pydantic model.

papermill does not type-check parameters and injects parameter *names*
verbatim into code, so the models are strict (no coercion: ``"2015"`` is not a
year) and forbid unknown keys. Region codes are strings: YAML reads an
unquoted ``14700`` as a number and ``06037`` even as the octal number 3103.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      ValidationInfo, field_validator)
from pydantic_core import PydanticCustomError

from clusteranalysis.inputs.io import COLUMN_MAP_PATTERN
from .paramfile import brief, load_parameter_file  # noqa: F401 (public here since 0.1)

#: Pattern of a region code (AGS ``"14713"``, FIPS ``"06037"``, ``"DG"``).
REGION_PATTERN = r"^[0-9A-Za-z]{1,12}$"
#: A built-in definition name, or a path of a YAML file inside the data folders.
DEFINITION_PATTERN = r"^(?:[a-z0-9_]+|[^\x00-\x1f]{1,300}\.ya?ml)$"


def _quoted_code(value):
    if value == "":  # the templates document "" as "all regions"
        return None
    if isinstance(value, (bool, int, float)):
        raise PydanticCustomError(
            "region_not_quoted",
            'region codes must be quoted strings in YAML, e.g. region: "06037" '
            "(YAML read this value as the number {number})", {"number": brief(value)})
    return value


_Code = Annotated[str, StringConstraints(pattern=REGION_PATTERN)]
RegionCode = Annotated[_Code, BeforeValidator(_quoted_code)]
OptionalRegionCode = Annotated[_Code | None, BeforeValidator(_quoted_code)]
Year = Annotated[int, Field(ge=1950, le=2100)]
Definition = Annotated[str, StringConstraints(pattern=DEFINITION_PATTERN)]


class ReportParams(BaseModel):
    """Parameters every report template shares.

    Attributes
    ----------
    start_year, end_year : int
        Period of the report, 1950–2100, ``start_year < end_year``.
    definition : str
        Built-in cluster definition (``leipzig``) or a ``.yaml`` file inside an
        allowed data folder.
    reference : str or None
        Reference region of the location quotients (``"00"``), or ``None``
        (YAML ``null`` or ``""``) for all regions in the data.
    data_path : str
        Tidy panel CSV, GENESIS export or folder of GENESIS exports, relative
        to the project root, inside a data folder.
    data_format : {"tidy", "genesis", "qcew"}
        Format of the data (see :func:`clusteranalysis.inputs.io.read_data`).
    data_columns : str
        Column renames of a tidy file, ``old=new`` pairs separated by commas
        (names are identifiers; ``""`` for none).
    language : str
        Report language: a language with a message catalog
        (:func:`clusteranalysis.i18n.available_languages`, e.g. ``"en"``, ``"de"``);
        a new language is a catalog file, not a code change.
    title : str, optional
        Report title; when omitted the template's default title is used.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    start_year: Year
    end_year: Year
    definition: Definition = "leipzig"
    reference: OptionalRegionCode
    data_path: Annotated[str, StringConstraints(min_length=1, max_length=1000)]
    data_format: Literal["tidy", "genesis", "qcew"] = "tidy"
    data_columns: Annotated[str, StringConstraints(pattern=COLUMN_MAP_PATTERN,
                                                   max_length=2000)] = ""
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")] = "en"
    title: Annotated[str, StringConstraints(max_length=300)] | None = None

    @field_validator("language")
    @classmethod
    def _catalog_exists(cls, language: str) -> str:
        from clusteranalysis.i18n import available_languages

        if language not in available_languages():
            raise ValueError(f"no message catalog for language {language!r}; available: "
                             + ", ".join(available_languages()))
        return language

    @field_validator("end_year")
    @classmethod
    def _after_start(cls, end_year: int, info: ValidationInfo) -> int:
        start = info.data.get("start_year")
        if start is not None and end_year <= start:
            raise ValueError(f"end_year ({end_year}) must be after start_year ({start})")
        return end_year

    def region_codes(self) -> list[str]:
        """Region codes the report needs in the data (without the reference)."""
        raise NotImplementedError

    def notebook_parameters(self) -> dict:
        """Values to inject, by parameter name; an omitted ``title`` is left out."""
        return self.model_dump(exclude={"title"} if self.title is None else set())


class ClusterReportParams(ReportParams):
    """Parameters of the ``cluster_report`` template: one region.

    Examples
    --------
    >>> p = ClusterReportParams.model_validate({"region": "14700", "start_year": 2015,
    ...     "end_year": 2020, "reference": "00", "data_path": "data/sample_panel.csv"})
    >>> p.region_codes(), p.language
    (['14700'], 'en')
    """

    region: RegionCode
    #: Name of the region in the report ("" for the name in the data, else the code).
    region_name: Annotated[str, StringConstraints(max_length=200)] = ""
    #: Bubble sizes comparable across all regions in the data file.
    shared_size_norm: bool = True

    def region_codes(self) -> list[str]:
        return [self.region]


class CityComparisonParams(ReportParams):
    """Parameters of the ``city_comparison`` template: 2 to 30 distinct regions."""

    regions: list[RegionCode] = Field(min_length=2, max_length=30)

    @field_validator("regions")
    @classmethod
    def _distinct(cls, codes: list[str]) -> list[str]:
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise ValueError(f"region codes listed twice: {', '.join(dup)}")
        return codes

    def region_codes(self) -> list[str]:
        return list(self.regions)
