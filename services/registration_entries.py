"""One person on a registration list, checked the same way whether it was pasted, uploaded or typed.

A person registers a target title (danh hiệu thi đua) and/or a form of commendation (hình thức khen
thưởng); the two are kept in separate fields. Problems are :class:`EntryIssue` values: a catalogue key
plus the numbers and words to fill in, so the caller decides how to show them (:func:`render_issue`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.catalog import Ref, Safe, plain, t
from services.award_catalog import Award, AwardCatalog, Kind, Match, MatchStatus, Subject, fold

__all__ = [
    "MAX_INDIVIDUALS",
    "MAX_NAME_CHARS",
    "MAX_NOTE_CHARS",
    "MAX_POSITION_CHARS",
    "EntryIssue",
    "IssueValue",
    "ParsedEntries",
    "PersonEntry",
    "clean_name",
    "clean_text",
    "make_entry",
    "match_issue",
    "person_key",
    "render_issue",
    "render_issue_plain",
    "resolve_parts",
]

MAX_NAME_CHARS = 80
MAX_POSITION_CHARS = 120
MAX_NOTE_CHARS = 200
MAX_INDIVIDUALS = 300  # per registration: more than any unit of the province has staff

IssueValue = str | int | list[str] | list[int]


@dataclass(frozen=True, slots=True)
class PersonEntry:
    full_name: str
    position: str
    title_code: str | None  # danh hiệu thi đua
    award_code: str | None  # hình thức khen thưởng
    note: str = ""
    source_line: int = 0  # line of the paste, or row of the Excel sheet, it came from


@dataclass(frozen=True, slots=True)
class EntryIssue:
    """A problem (or a notice) on one line; ``key`` is a catalogue text, ``values`` fill it in.

    A value whose name ends in ``_ref`` is itself a catalogue key; lists are joined for display.
    """

    line: int
    key: str
    values: Mapping[str, IssueValue] = field(default_factory=dict)

    def render(self) -> Safe:
        return render_issue(self.key, {"line": self.line, **self.values})


@dataclass(frozen=True, slots=True)
class ParsedEntries:
    entries: tuple[PersonEntry, ...]
    errors: tuple[EntryIssue, ...] = ()
    notices: tuple[EntryIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def _display(name: str, value: IssueValue) -> object:
    if name.endswith("_ref") and isinstance(value, str):
        return Ref(value)
    if isinstance(value, list):
        return (
            ", ".join(str(v) for v in value)
            if all(isinstance(v, int) for v in value)
            else "; ".join(str(v) for v in value)
        )
    return value


def render_issue(key: str, values: Mapping[str, IssueValue]) -> Safe:
    """The catalogue text of an issue or a stored rule warning (values as stored: lists, ``_ref`` keys)."""
    return t(key, **{name: _display(name, value) for name, value in values.items()})


def render_issue_plain(key: str, values: Mapping[str, IssueValue]) -> str:
    """The same text for a file (an Excel cell): nothing escaped."""
    return plain(key, **{name: _display(name, value) for name, value in values.items()})


# ---------------------------------------------------------------- text clean-up
_SPACES = re.compile(r"\s+")
# "Đ/c", "Đồng chí" before a name are dropped. "Ông"/"Bà" only before three more words: Ông is also a
# surname (Ông Ích Khiêm), and a full name with it has two words after it, not three.
_HONORIFIC = re.compile(r"^(?:đ/c|đc|đồng chí)\s+(?=\S+\s+\S)|^(?:ông|bà)\s+(?=\S+\s+\S+\s+\S)", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['’.-][^\W\d_]*)*$")


def clean_text(text: str) -> str:
    """NFC, single spaces, no invisible characters: what we store for any short free text."""
    text = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) not in ("Cf", "Cc"))
    return _SPACES.sub(" ", text).strip()


def clean_name(text: str) -> str:
    """ "NGUYỄN  văn a" -> "Nguyễn Văn A"; a leading "Đ/c", "Ông", "Bà" is dropped."""
    name = _HONORIFIC.sub("", clean_text(text).strip(" .,:;"))
    if name.isupper() or name.islower():
        name = " ".join(word[:1].upper() + word[1:].lower() for word in name.split(" "))
    return name


def person_key(name: str) -> str:
    """Who counts as the same person: same name, ignoring case and spacing (diacritics kept)."""
    return clean_text(name).casefold()


def _name_problem(name: str) -> str | None:
    if not name:
        return "reg.entry.name_missing"
    if len(name) > MAX_NAME_CHARS:
        return "reg.entry.name_too_long"
    words = name.split(" ")
    if not all(_NAME_WORD.match(word) for word in words):
        return "reg.entry.name_invalid"
    if len(words) < 2:
        return "reg.entry.name_incomplete"
    return None


# ---------------------------------------------------------------- titles and forms
_STATUS_KEYS = {
    MatchStatus.AMBIGUOUS: "reg.entry.ambiguous",
    MatchStatus.WRONG_SUBJECT: "reg.entry.collective_only",
    MatchStatus.NOT_IN_FORCE: "reg.entry.not_in_force",
    MatchStatus.NOT_REGISTRABLE: "reg.entry.not_registrable",
}
_WRONG_KIND_KEYS = {
    Kind.DANH_HIEU: "reg.entry.award_in_title_column",
    Kind.HINH_THUC: "reg.entry.title_in_award_column",
}


def _either(awards: Sequence[Award]) -> str:
    """ "Bằng khen Tổng TTCP hoặc Bằng khen Thủ tướng"."""
    return plain("reg.join_or").join(award.short for award in awards)


def _labels(awards: Sequence[Award]) -> list[str]:
    return [award.label for award in awards]


def match_issue(line: int, match: Match, asked: Kind | None) -> EntryIssue | None:
    """The error for a failed match, the notice for a defaulted one, None when it simply fits."""
    value = match.text
    if match.status is MatchStatus.EXACT:
        return None
    if match.status is MatchStatus.DEFAULTED and match.award is not None:
        others = [a for a in match.candidates if a != match.award]
        return EntryIssue(
            line, "reg.entry.defaulted", {"value": value, "name": match.award.name, "others": _either(others)}
        )
    if match.status is MatchStatus.UNKNOWN:
        if match.suggestions:
            return EntryIssue(line, "reg.entry.unknown", {"value": value, "suggestions": _labels(match.suggestions)})
        return EntryIssue(line, "reg.entry.unknown_no_hint", {"value": value})
    if match.status is MatchStatus.WRONG_KIND and match.award is not None:
        column = asked or (Kind.DANH_HIEU if match.award.kind is Kind.HINH_THUC else Kind.HINH_THUC)
        return EntryIssue(line, _WRONG_KIND_KEYS[column], {"value": value, "name": match.award.name})
    name = match.award.name if match.award else value
    return EntryIssue(
        line, _STATUS_KEYS[match.status], {"value": value, "name": name, "options": _labels(match.candidates)}
    )


@dataclass
class _Picked:
    title: Award | None = None
    award: Award | None = None
    errors: list[EntryIssue] = field(default_factory=list)
    notices: list[EntryIssue] = field(default_factory=list)


def resolve_parts(
    line: int, matches: Sequence[Match], catalog: AwardCatalog, *, asked: Kind | None = None
) -> tuple[Award | None, Award | None, list[EntryIssue], list[EntryIssue]]:
    """Sort matched words into (title, form of commendation); two titles keep the higher if it includes the other."""
    picked = _Picked()
    for match in matches:
        issue = match_issue(line, match, asked)
        if not match.ok or match.award is None:
            picked.errors.append(issue or EntryIssue(line, "reg.entry.unknown_no_hint", {"value": match.text}))
            continue
        if issue is not None:
            picked.notices.append(issue)
        _keep(picked, match.award, catalog, line)
    return picked.title, picked.award, picked.errors, picked.notices


def _keep(picked: _Picked, award: Award, catalog: AwardCatalog, line: int) -> None:
    slot = "title" if award.kind is Kind.DANH_HIEU else "award"
    current: Award | None = getattr(picked, slot)
    if current is None or current == award:
        setattr(picked, slot, award)
    elif current.code in catalog.closure(award.code) or award.code in catalog.closure(current.code):
        higher, lower = (award, current) if current.code in catalog.closure(award.code) else (current, award)
        setattr(picked, slot, higher)
        picked.notices.append(EntryIssue(line, "reg.entry.kept_higher", {"lower": lower.short, "higher": higher.name}))
    else:
        key = "reg.entry.two_titles" if slot == "title" else "reg.entry.two_awards"
        picked.errors.append(EntryIssue(line, key, {"first": current.short, "second": award.short}))


def make_entry(
    line: int,
    *,
    name: str,
    position: str,
    title: Award | None,
    award: Award | None,
    note: str = "",
    target_reported: bool = False,
) -> tuple[PersonEntry | None, list[EntryIssue]]:
    """Check the free-text fields of a person whose title and form are already resolved.

    ``target_reported``: the title/form had errors of its own, so "no title" is not said again.
    """
    errors: list[EntryIssue] = []
    full_name, position, note = clean_name(name), clean_text(position), clean_text(note)
    if problem := _name_problem(full_name):
        errors.append(EntryIssue(line, problem, {"value": full_name[:MAX_NAME_CHARS], "limit": MAX_NAME_CHARS}))
    if len(position) > MAX_POSITION_CHARS:
        errors.append(EntryIssue(line, "reg.entry.position_too_long", {"limit": MAX_POSITION_CHARS}))
    if len(note) > MAX_NOTE_CHARS:
        errors.append(EntryIssue(line, "reg.entry.note_too_long", {"limit": MAX_NOTE_CHARS}))
    if title is None and award is None and not target_reported:
        errors.append(EntryIssue(line, "reg.entry.title_missing"))
    if errors:
        return None, errors
    entry = PersonEntry(
        full_name=full_name,
        position=position,
        title_code=title.code if title else None,
        award_code=award.code if award else None,
        note=note,
        source_line=line,
    )
    return entry, []


def resolve_person_word(text: str, catalog: AwardCatalog, on: dt.date | None, kind: Kind | None = None) -> Match:
    """A title or form typed for a person (registration targets only)."""
    return catalog.resolve(text, kind=kind, subject=Subject.CA_NHAN, on=on)


def is_header(text: str) -> bool:
    """A copied header row ("Họ và tên – Chức vụ – Danh hiệu") rather than a person."""
    key = fold(text)
    return ("hovaten" in key or "hoten" in key) and ("danhhieu" in key or "chucvu" in key)
