"""Inspection frameworks as versioned data.

HM Inspectorate of Probation has changed its youth inspection framework over
time (2018 standards; the 2021 refresh that replaced 3.4 and added
resettlement). Each version is a YAML file in ``frameworks/`` (the format is in
``docs/framework-files.md``); this module reads one into frozen, typed objects
and refuses a file that is inconsistent, naming the field. The rating scale,
overall bands, discretion thresholds and which standards count in the score all
come from the file, never from code.

Sources: the standards and key questions as printed in the Kingston and Richmond
report (HMIP, January 2021, seed ``002_…``) and its Annexe 1; the scoring table
in Kent County Council's report on the 2021 inspection (seed ``000_…``, Table 1).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from childfirst.domain.pillars import Pillar
from childfirst.domain.yamlio import load_yaml

FRAMEWORKS_PACKAGE = "childfirst.domain.inspection.frameworks"


class FrameworkError(ValueError):
    """A framework file that cannot be used, with the field at fault."""


class Method(StrEnum):
    """How a standard is rated."""

    CASE = "case"  # from key-question counts over the sampled cases
    JUDGEMENT = "judgement"  # directly by inspectors on organisational evidence


class CaseType(StrEnum):
    COURT = "court"
    OUT_OF_COURT = "out_of_court"


@dataclass(frozen=True)
class RatingLevel:
    """One point of the four-point scale."""

    name: str
    score: int
    key_question_min_percentage: Fraction
    description: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class OverallBand:
    rating: RatingLevel
    min_score: int


@dataclass(frozen=True)
class Discretion:
    """Thresholds for the professional discretion flags (seed ``002_…``, Annexe 1)."""

    boundary_margin_points: Fraction
    small_sample_cases: int


@dataclass(frozen=True)
class Prompt:
    text: str
    relevant_when: str


@dataclass(frozen=True)
class KeyQuestion:
    number: int  # 1-based position within its standard
    text: str
    pillar: Pillar | None
    relevant_when: str
    relevance_note: str
    prompts: tuple[Prompt, ...]


@dataclass(frozen=True)
class Standard:
    number: str
    name: str
    statement: str
    method: Method
    counts_in_score: bool
    relevance_note: str
    key_questions: tuple[KeyQuestion, ...]
    domain_number: int
    case_type: CaseType | None


@dataclass(frozen=True)
class Domain:
    number: int
    name: str
    case_type: CaseType | None
    standards: tuple[Standard, ...]


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    source: str
    in_force_from: dt.date
    in_force_to: dt.date | None
    ratings: tuple[RatingLevel, ...]  # best first
    max_score: int
    overall_bands: tuple[OverallBand, ...]  # best first
    discretion: Discretion
    relevance_conditions: Mapping[str, str]
    domains: tuple[Domain, ...]
    notes: str

    @property
    def standards(self) -> tuple[Standard, ...]:
        return tuple(s for d in self.domains for s in d.standards)

    def standard(self, number: str) -> Standard:
        for s in self.standards:
            if s.number == number:
                return s
        raise KeyError(number)

    def has_standard(self, number: str) -> bool:
        return any(s.number == number for s in self.standards)

    @property
    def scored_standards(self) -> tuple[Standard, ...]:
        return tuple(s for s in self.standards if s.counts_in_score)

    def rating(self, name: str) -> RatingLevel:
        for r in self.ratings:
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def rating_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.ratings)

    def band_for_fraction(self, fraction: Fraction) -> RatingLevel:
        """The rating of a key question whose share of 'Yes' is ``fraction`` (0 to 1).

        Exact arithmetic, no rounding: 64.9% is 'Requires improvement' and 65%
        'Good' (seed ``000_…`` Table 1; seed ``002_…`` Annexe 1).
        """
        percentage = fraction * 100
        for level in self.ratings:
            if percentage >= level.key_question_min_percentage:
                return level
        return self.ratings[-1]

    def overall_for_score(self, score: int) -> RatingLevel:
        for band in self.overall_bands:
            if score >= band.min_score:
                return band.rating
        return self.overall_bands[-1].rating

    def __str__(self) -> str:
        return f"{self.id}: {self.title} ({len(self.standards)} standards)"


def available_frameworks() -> list[str]:
    """The ids of every framework file shipped with ChildFirst."""
    files = resources.files(FRAMEWORKS_PACKAGE).iterdir()
    return sorted(f.name[: -len(".yaml")] for f in files if f.name.endswith(".yaml"))


def framework_in_force(day: dt.date) -> str:
    """The id of the framework in force on ``day`` (the newest, where none is)."""
    frameworks = [load_framework(f) for f in available_frameworks()]
    in_force = [
        f
        for f in frameworks
        if f.in_force_from <= day and (f.in_force_to is None or day <= f.in_force_to)
    ]
    chosen = max(in_force or frameworks, key=lambda f: f.in_force_from)
    return chosen.id


@cache
def load_framework(framework_id: str) -> Framework:
    """Read and validate the framework ``framework_id`` (e.g. ``hmip-youth-2018``)."""
    return build_framework(_raw_framework(framework_id, ()))


def _raw_framework(framework_id: str, seen: tuple[str, ...]) -> dict[str, Any]:
    if framework_id not in available_frameworks():
        known = ", ".join(available_frameworks())
        raise FrameworkError(f"framework: unknown framework {framework_id!r} (known: {known})")
    if framework_id in seen:
        raise FrameworkError(f"extends: {framework_id!r} extends itself through {seen}")
    text = resources.files(FRAMEWORKS_PACKAGE).joinpath(f"{framework_id}.yaml").read_text("utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise FrameworkError(f"{framework_id}: the file must hold a mapping")
    if data.get("id") != framework_id:
        raise FrameworkError(f"{framework_id}: id must be {framework_id!r}, not {data.get('id')!r}")
    parent_id = data.pop("extends", None)
    if parent_id is None:
        return data
    parent = _raw_framework(str(parent_id), (*seen, framework_id))
    return merge_framework_data(parent, data)


def merge_framework_data(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Apply a framework file that ``extends`` another (see docs/framework-files.md).

    Top-level keys replace the parent's, except ``domains``: a child domain whose
    number matches a parent domain updates it, its standards replacing the
    parent's standards of the same number or being added; other domains are added.
    """
    merged = {k: v for k, v in parent.items() if k not in ("in_force_to", "notes")}
    merged.update({k: v for k, v in child.items() if k != "domains"})
    domains: list[dict[str, Any]] = [dict(d) for d in parent.get("domains", [])]
    for child_domain in child.get("domains", []):
        target = next((d for d in domains if d.get("number") == child_domain.get("number")), None)
        if target is None:
            domains.append(dict(child_domain))
            continue
        standards: list[dict[str, Any]] = list(target.get("standards", []))
        for new in child_domain.get("standards", []):
            index = next(
                (i for i, s in enumerate(standards) if s.get("number") == new.get("number")), None
            )
            if index is None:
                standards.append(new)
            else:
                standards[index] = new
        target.update({k: v for k, v in child_domain.items() if k != "standards"})
        target["standards"] = standards
    merged["domains"] = domains
    return merged


# ---------------------------------------------------------------------------
# Validation: turn the raw mapping into objects, naming the field at fault.


def _require(data: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in data or data[key] is None:
        raise FrameworkError(f"{path}.{key}: missing")
    return data[key]


def _text(data: Mapping[str, Any], key: str, path: str, default: str | None = None) -> str:
    if default is not None and data.get(key) is None:
        return default
    value = _require(data, key, path)
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(f"{path}.{key}: must be non-empty text")
    return " ".join(value.split())


def _int(data: Mapping[str, Any], key: str, path: str) -> int:
    value = _require(data, key, path)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FrameworkError(f"{path}.{key}: must be a whole number, 0 or more")
    return value


def _percentage(data: Mapping[str, Any], key: str, path: str) -> Fraction:
    value = _require(data, key, path)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FrameworkError(f"{path}.{key}: must be a number")
    result = Fraction(str(value))
    if not 0 <= result <= 100:
        raise FrameworkError(f"{path}.{key}: must be between 0 and 100")
    return result


def _date(data: Mapping[str, Any], key: str, path: str, required: bool = True) -> dt.date | None:
    value = data.get(key)
    if value is None:
        if required:
            raise FrameworkError(f"{path}.{key}: missing")
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise FrameworkError(f"{path}.{key}: must be a date (YYYY-MM-DD)") from None


def _list(data: Mapping[str, Any], key: str, path: str, default_empty: bool = False) -> list[Any]:
    value = data.get(key)
    if value is None and default_empty:
        return []
    if not isinstance(value, list) or (not value and not default_empty):
        raise FrameworkError(f"{path}.{key}: must be a non-empty list")
    return value


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise FrameworkError(f"{path}: must be a mapping")
    return value


def build_framework(data: Mapping[str, Any]) -> Framework:
    """Validate a framework mapping (already merged with any parent)."""
    fid = _text(data, "id", "framework")
    path = fid

    ratings: list[RatingLevel] = []
    for i, raw in enumerate(_list(data, "ratings", path)):
        r = _mapping(raw, f"{path}.ratings[{i}]")
        ratings.append(
            RatingLevel(
                name=_text(r, "name", f"{path}.ratings[{i}]"),
                score=_int(r, "score", f"{path}.ratings[{i}]"),
                key_question_min_percentage=_percentage(
                    r, "key_question_min_percentage", f"{path}.ratings[{i}]"
                ),
                description=_text(r, "description", f"{path}.ratings[{i}]", default=""),
            )
        )
    for better, worse in itertools.pairwise(ratings):
        if not (
            better.score > worse.score
            and better.key_question_min_percentage > worse.key_question_min_percentage
        ):
            raise FrameworkError(
                f"{path}.ratings: must be listed best first, with scores and minimum "
                f"percentages falling ({better.name} then {worse.name})"
            )
    if ratings[-1].key_question_min_percentage != 0:
        raise FrameworkError(f"{path}.ratings: the lowest rating must start at 0%")
    if len({r.name for r in ratings}) != len(ratings):
        raise FrameworkError(f"{path}.ratings: rating names must be unique")
    by_name = {r.name: r for r in ratings}

    overall = _mapping(_require(data, "overall", path), f"{path}.overall")
    max_score = _int(overall, "max_score", f"{path}.overall")
    bands: list[OverallBand] = []
    for i, raw in enumerate(_list(overall, "bands", f"{path}.overall")):
        b = _mapping(raw, f"{path}.overall.bands[{i}]")
        name = _text(b, "rating", f"{path}.overall.bands[{i}]")
        if name not in by_name:
            raise FrameworkError(f"{path}.overall.bands[{i}].rating: unknown rating {name!r}")
        bands.append(OverallBand(by_name[name], _int(b, "min_score", f"{path}.overall.bands[{i}]")))
    if [b.min_score for b in bands] != sorted((b.min_score for b in bands), reverse=True):
        raise FrameworkError(f"{path}.overall.bands: must be listed best first")
    if bands[-1].min_score != 0:
        raise FrameworkError(f"{path}.overall.bands: the lowest band must start at 0")

    disc = _mapping(_require(data, "discretion", path), f"{path}.discretion")
    discretion = Discretion(
        boundary_margin_points=_percentage(disc, "boundary_margin_points", f"{path}.discretion"),
        small_sample_cases=_int(disc, "small_sample_cases", f"{path}.discretion"),
    )

    conditions_raw = _mapping(
        _require(data, "relevance_conditions", path), f"{path}.relevance_conditions"
    )
    conditions = {str(k): " ".join(str(v).split()) for k, v in conditions_raw.items()}
    if "all" not in conditions:
        raise FrameworkError(f"{path}.relevance_conditions: must define 'all'")

    domains: list[Domain] = []
    for i, raw in enumerate(_list(data, "domains", path)):
        domains.append(_build_domain(_mapping(raw, f"{path}.domains[{i}]"), path, conditions))
    numbers = [s.number for d in domains for s in d.standards]
    if len(set(numbers)) != len(numbers):
        raise FrameworkError(f"{path}.domains: standard numbers must be unique")
    scored = [s for d in domains for s in d.standards if s.counts_in_score]
    if max_score != len(scored) * ratings[0].score:
        raise FrameworkError(
            f"{path}.overall.max_score: {max_score} does not equal {len(scored)} scored "
            f"standards x {ratings[0].score}"
        )

    return Framework(
        id=fid,
        title=_text(data, "title", path),
        source=_text(data, "source", path),
        in_force_from=_date(data, "in_force_from", path) or dt.date.min,
        in_force_to=_date(data, "in_force_to", path, required=False),
        ratings=tuple(ratings),
        max_score=max_score,
        overall_bands=tuple(bands),
        discretion=discretion,
        relevance_conditions=conditions,
        domains=tuple(domains),
        notes=_text(data, "notes", path, default=""),
    )


def _build_domain(d: Mapping[str, Any], fid: str, conditions: Mapping[str, str]) -> Domain:
    number = _int(d, "number", f"{fid}.domains")
    path = f"{fid}.domains[{number}]"
    case_type_raw = d.get("case_type")
    case_type: CaseType | None = None
    if case_type_raw is not None:
        try:
            case_type = CaseType(case_type_raw)
        except ValueError:
            raise FrameworkError(f"{path}.case_type: must be court or out_of_court") from None
    standards = [
        _build_standard(_mapping(raw, f"{path}.standards"), number, case_type, fid, conditions)
        for raw in _list(d, "standards", path)
    ]
    return Domain(number, _text(d, "name", path), case_type, tuple(standards))


def _condition(raw: Mapping[str, Any], path: str, conditions: Mapping[str, str]) -> str:
    value = str(raw.get("relevant_when") or "all")
    if value not in conditions:
        raise FrameworkError(f"{path}.relevant_when: unknown condition {value!r}")
    return value


def _build_standard(
    s: Mapping[str, Any],
    domain_number: int,
    case_type: CaseType | None,
    fid: str,
    conditions: Mapping[str, str],
) -> Standard:
    number = _text(s, "number", f"{fid}.domains[{domain_number}].standards")
    path = f"{fid}.standards[{number}]"
    if number.split(".")[0] != str(domain_number):
        raise FrameworkError(f"{path}.number: must start with its domain number {domain_number}")
    try:
        method = Method(_text(s, "method", path))
    except ValueError:
        raise FrameworkError(f"{path}.method: must be case or judgement") from None
    if method is Method.CASE and case_type is None:
        raise FrameworkError(f"{path}.method: a case standard needs its domain's case_type")
    counts = s.get("counts_in_score", True)
    if not isinstance(counts, bool):
        raise FrameworkError(f"{path}.counts_in_score: must be true or false")

    questions: list[KeyQuestion] = []
    raw_questions = _list(s, "key_questions", path, default_empty=method is Method.JUDGEMENT)
    for i, raw in enumerate(raw_questions, start=1):
        qpath = f"{path}.key_questions[{i}]"
        q = _mapping(raw, qpath)
        pillar: Pillar | None = None
        if q.get("pillar") is not None:
            try:
                pillar = Pillar(q["pillar"])
            except ValueError:
                names = ", ".join(p.value for p in Pillar)
                raise FrameworkError(f"{qpath}.pillar: must be one of {names}") from None
        prompts = tuple(
            Prompt(
                text=_text(_mapping(p, f"{qpath}.prompts[{j}]"), "text", f"{qpath}.prompts[{j}]"),
                relevant_when=_condition(p, f"{qpath}.prompts[{j}]", conditions),
            )
            for j, p in enumerate(_list(q, "prompts", qpath, default_empty=True), start=1)
        )
        if method is Method.JUDGEMENT and (prompts or pillar is not None):
            raise FrameworkError(f"{qpath}: a judgement standard's questions carry text only")
        questions.append(
            KeyQuestion(
                number=i,
                text=_text(q, "text", qpath),
                pillar=pillar,
                relevant_when=_condition(q, qpath, conditions),
                relevance_note=_text(q, "relevance_note", qpath, default=""),
                prompts=prompts,
            )
        )
    return Standard(
        number=number,
        name=_text(s, "name", path),
        statement=_text(s, "statement", path),
        method=method,
        counts_in_score=counts,
        relevance_note=_text(s, "relevance_note", path, default=""),
        key_questions=tuple(questions),
        domain_number=domain_number,
        case_type=case_type if method is Method.CASE else None,
    )
