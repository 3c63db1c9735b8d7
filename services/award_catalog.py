"""The two catalogues — emulation titles and forms of commendation — with their legal bases and rules.

Everything comes from an editable data file (``services/data/awards.yaml``, see its header for the
format). :func:`load_catalog` validates it (unique codes and aliases, known references, no cycles)
and raises :class:`AwardCatalogError` with Vietnamese messages for the Office.

Titles (danh hiệu thi đua) and forms of commendation (hình thức khen thưởng) stay apart: each award
has a :class:`Kind`, lookups filter by kind, and asking for a title with the name of a form answers
:attr:`MatchStatus.WRONG_KIND` instead of silently accepting it.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from services.award_models import (
    AmbiguousAlias,
    Award,
    CatalogFile,
    DuplicatePersonRule,
    Kind,
    LegalBasis,
    Level,
    MaxShareRule,
    MinCountRule,
    MinShareRule,
    Rule,
    Subject,
    fold,
)

__all__ = [
    "AmbiguousAlias",
    "Award",
    "AwardCatalog",
    "AwardCatalogError",
    "DuplicatePersonRule",
    "Kind",
    "LegalBasis",
    "Level",
    "Match",
    "MatchStatus",
    "MaxShareRule",
    "MinCountRule",
    "MinShareRule",
    "Rule",
    "Subject",
    "default_catalog",
    "default_catalog_path",
    "fold",
    "load_catalog",
]


class MatchStatus(StrEnum):
    EXACT = "exact"
    DEFAULTED = "defaulted"  # a generic word ("BK") read as the catalogue's default, with a notice
    AMBIGUOUS = "ambiguous"  # a generic word with no default: the user must say which
    UNKNOWN = "unknown"
    WRONG_KIND = "wrong_kind"  # a form of commendation where a title was asked for, or the reverse
    WRONG_SUBJECT = "wrong_subject"  # a collective title for a person, or the reverse
    NOT_IN_FORCE = "not_in_force"
    NOT_REGISTRABLE = "not_registrable"


@dataclass(frozen=True, slots=True)
class Match:
    text: str
    status: MatchStatus
    award: Award | None = None
    candidates: tuple[Award, ...] = ()  # the possible readings of a generic word
    suggestions: tuple[Award, ...] = ()  # the closest entries to an unknown word

    @property
    def ok(self) -> bool:
        return self.status in (MatchStatus.EXACT, MatchStatus.DEFAULTED)


class AwardCatalogError(ValueError):
    """The data file cannot be used; ``problems`` lists every reason in Vietnamese."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems)
        super().__init__(f"Tệp danh mục khen thưởng {path.name} không hợp lệ:\n{lines}")


class AwardCatalog:
    """Lookups over the validated file. Build it with :func:`load_catalog`."""

    def __init__(
        self,
        *,
        version: int,
        legal_bases: tuple[LegalBasis, ...],
        awards: tuple[Award, ...],
        ambiguous: tuple[AmbiguousAlias, ...],
        rules: tuple[Rule, ...],
    ) -> None:
        self.version = version
        self.legal_bases = {basis.code: basis for basis in legal_bases}
        self.awards = awards
        self.rules = rules
        self.ambiguous = ambiguous  # the generic words, for readers of free text (services/questions)
        self._by_code = {award.code: award for award in awards}
        self._by_key: dict[str, Award] = {}
        for award in awards:
            for text in (award.code, award.name, award.short, *award.aliases):
                self._by_key.setdefault(fold(text), award)
        self._ambiguous = {fold(text): entry for entry in ambiguous for text in entry.aliases}

    # ---------------------------------------------------------------- by code
    def get(self, code: str) -> Award:
        return self._by_code[code]

    def find(self, code: str) -> Award | None:
        return self._by_code.get(code)

    def select(
        self,
        kind: Kind,
        *,
        subject: Subject | None = None,
        on: dt.date | None = None,
        registrable: bool = True,
    ) -> list[Award]:
        """Awards of one catalogue, in file order: what registration buttons and the template list."""
        return [
            a
            for a in self.awards
            if a.kind is kind
            and (subject is None or a.is_for(subject))
            and a.in_force_on(on)
            and (a.registrable or not registrable)
        ]

    def legal_bases_of(self, award: Award, on: dt.date | None = None) -> list[LegalBasis]:
        """The award's legal bases in force on ``on``: NĐ 98/2023 for 2024, NĐ 152/2025 from 01/07/2025."""
        return [self.legal_bases[c] for c in award.legal_basis if self.legal_bases[c].in_force_on(on)]

    def closure(self, code: str) -> frozenset[str]:
        """The code and every title it counts as (CSTĐ tỉnh -> CSTĐCS -> LĐTT)."""
        seen: set[str] = set()
        todo = [code]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                award = self._by_code.get(current)
                todo.extend(award.counts_as if award else ())
        return frozenset(seen)

    def rules_on(self, day: dt.date | None) -> list[Rule]:
        return [rule for rule in self.rules if rule.in_force_on(day)]

    # ---------------------------------------------------------------- by what people type
    def resolve(
        self,
        text: str,
        *,
        kind: Kind | None = None,
        subject: Subject | None = None,
        on: dt.date | None = None,
        registrable: bool = True,
    ) -> Match:
        """Read a title or form as typed: abbreviation, full name, code; any case, with or without diacritics."""
        key = fold(text)
        award = self._by_key.get(key)
        if award is None and key in self._ambiguous:
            return self._resolve_generic(text, self._ambiguous[key], kind, subject, on, registrable)
        if award is None:
            return Match(text, MatchStatus.UNKNOWN, suggestions=tuple(self.closest(text, kind=kind, subject=subject)))
        return Match(text, self._status(award, kind, subject, on, registrable), award)

    def _status(
        self, award: Award, kind: Kind | None, subject: Subject | None, on: dt.date | None, registrable: bool
    ) -> MatchStatus:
        if kind is not None and award.kind is not kind:
            return MatchStatus.WRONG_KIND
        if subject is not None and not award.is_for(subject):
            return MatchStatus.WRONG_SUBJECT
        if not award.in_force_on(on):
            return MatchStatus.NOT_IN_FORCE
        if registrable and not award.registrable:
            return MatchStatus.NOT_REGISTRABLE
        return MatchStatus.EXACT

    def _resolve_generic(
        self,
        text: str,
        entry: AmbiguousAlias,
        kind: Kind | None,
        subject: Subject | None,
        on: dt.date | None,
        registrable: bool,
    ) -> Match:
        everything = tuple(self._by_code[c] for c in entry.candidates)
        fitting = tuple(a for a in everything if self._status(a, kind, subject, on, registrable) is MatchStatus.EXACT)
        if not fitting:  # e.g. "Cờ" for a person: report why the first reading does not fit
            first = everything[0]
            return Match(text, self._status(first, kind, subject, on, registrable), first, candidates=everything)
        if len(fitting) == 1:
            return Match(text, MatchStatus.EXACT, fitting[0])
        default = self._by_code.get(entry.default or "")
        if default is not None and default in fitting:
            return Match(text, MatchStatus.DEFAULTED, default, candidates=fitting)
        return Match(text, MatchStatus.AMBIGUOUS, candidates=fitting)

    def closest(
        self, text: str, *, kind: Kind | None = None, subject: Subject | None = None, limit: int = 3
    ) -> list[Award]:
        """The entries whose names or abbreviations look most like ``text`` (difflib), best first.

        Only names with the same first letter are compared: typos rarely hit the first letter, and it
        keeps a position typed in the title's place ("Phó Chánh Thanh tra") from being offered
        "Giấy khen Chánh Thanh tra".
        """
        typed = fold(text)
        keys = {
            k: a
            for k, a in self._by_key.items()
            if k[:1] == typed[:1] and (kind is None or a.kind is kind) and (subject is None or a.is_for(subject))
        }
        found: list[Award] = []
        for key in difflib.get_close_matches(typed, keys, n=limit * 6, cutoff=0.75):
            if keys[key] not in found:
                found.append(keys[key])
        return found[:limit]


def _check(data: CatalogFile) -> list[str]:
    """Cross-references the schema cannot see. Every problem is listed, not just the first."""
    problems: list[str] = []
    awards = [e.to_award(Kind.DANH_HIEU) for e in data.danh_hieu_thi_dua] + [
        e.to_award(Kind.HINH_THUC) for e in data.hinh_thuc_khen_thuong
    ]
    codes = [a.code for a in awards]
    by_code = {a.code: a for a in awards}
    bases = {b.code for b in data.legal_bases}
    problems += [f"mã {c} bị trùng" for c in sorted({c for c in codes if codes.count(c) > 1})]
    problems += [
        f"căn cứ pháp lý {b.code}: replaced_by {b.replaced_by} không có"
        for b in data.legal_bases
        if b.replaced_by and b.replaced_by not in bases
    ]
    owner: dict[str, str] = {}
    for award in awards:
        problems += [f"{award.code}: căn cứ pháp lý {c} không có" for c in award.legal_basis if c not in bases]
        for target in award.counts_as:
            if target not in by_code:
                problems.append(f"{award.code}: counts_as {target} không có")
            elif by_code[target].kind is not award.kind:
                problems.append(f"{award.code}: counts_as {target} khác loại (danh hiệu / hình thức)")
        if award.valid_from and award.valid_to and award.valid_from > award.valid_to:
            problems.append(f"{award.code}: valid_from sau valid_to")
        for text in {award.code, award.name, award.short, *award.aliases}:
            key = fold(text)
            if not key:
                problems.append(f"{award.code}: tên gọi «{text}» rỗng sau khi bỏ dấu")
            elif owner.setdefault(key, award.code) != award.code:
                problems.append(f"tên gọi «{text}» dùng cho cả {owner[key]} và {award.code}")
    problems += _check_cycles(by_code)
    for entry in data.ambiguous:
        if missing := [c for c in entry.candidates if c not in by_code]:
            problems.append(f"ambiguous {list(entry.aliases)}: mã {', '.join(missing)} không có")
        if entry.default is not None and entry.default not in entry.candidates:
            problems.append(f"ambiguous {list(entry.aliases)}: default {entry.default} không thuộc candidates")
        for text in entry.aliases:
            if fold(text) in owner:
                problems.append(f"tên gọi chung «{text}» trùng với tên gọi của {owner[fold(text)]}")
    problems += _check_rules(data.registration_rules, by_code)
    return problems


def _check_cycles(by_code: dict[str, Award]) -> list[str]:
    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for nxt in by_code[start].counts_as if start in by_code else ():
            if nxt == target or (nxt not in seen and reaches(nxt, target, seen | {nxt})):
                return True
        return False

    return [f"{code}: counts_as tạo thành vòng lặp" for code in by_code if reaches(code, code, set())]


def _check_rules(rules: tuple[Rule, ...], by_code: dict[str, Award]) -> list[str]:
    problems: list[str] = []
    ids = [rule.id for rule in rules]
    problems += [f"quy tắc {i} bị trùng" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for rule in rules:
        people = [*getattr(rule, "titles", ()), *getattr(rule, "of", ())]
        for code in people:
            award = by_code.get(code)
            if award is None or award.kind is not Kind.DANH_HIEU or not award.is_for(Subject.CA_NHAN):
                problems.append(f"quy tắc {rule.id}: {code} không phải danh hiệu thi đua cá nhân")
        for code in getattr(rule, "when_collective", ()):
            award = by_code.get(code)
            if award is None or not award.is_for(Subject.TAP_THE):
                problems.append(f"quy tắc {rule.id}: {code} không phải danh hiệu, hình thức tập thể")
    return problems


def _describe(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"])
    value = f" (giá trị: {error['input']!r})" if isinstance(error.get("input"), str | int | float) else ""
    return f"{where}: {error['msg']}{value}"


def load_catalog(path: str | Path | None = None) -> AwardCatalog:
    """Read and check the data file (the shipped one by default)."""
    path = Path(path) if path is not None else default_catalog_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AwardCatalogError(path, [f"không tìm thấy tệp {path}"]) from None
    except yaml.YAMLError as exc:
        raise AwardCatalogError(path, [f"lỗi cú pháp YAML: {exc}"]) from None
    try:
        data = CatalogFile.model_validate(raw)
    except ValidationError as exc:
        raise AwardCatalogError(path, [_describe(e) for e in exc.errors()]) from None
    if problems := _check(data):
        raise AwardCatalogError(path, problems)
    return AwardCatalog(
        version=data.version,
        legal_bases=data.legal_bases,
        awards=tuple(e.to_award(Kind.DANH_HIEU) for e in data.danh_hieu_thi_dua)
        + tuple(e.to_award(Kind.HINH_THUC) for e in data.hinh_thuc_khen_thuong),
        ambiguous=data.ambiguous,
        rules=data.registration_rules,
    )


def default_catalog_path() -> Path:
    return Path(__file__).parent / "data" / "awards.yaml"


@cache
def default_catalog() -> AwardCatalog:
    """The shipped catalogue, read once on first use (never at import)."""
    return load_catalog()
