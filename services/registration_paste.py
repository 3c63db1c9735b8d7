"""Read a pasted list of people: one per line, "Họ và tên - Chức vụ - Danh hiệu".

Tolerated: separators ``-`` ``–`` ``—`` ``|`` tab ``;`` ``,`` " / " and runs of spaces; numbering
("1.", "1)", "(1)", "1 -") and bullets; a copied header line; "Đ/c", "Ông", "Bà" before the name;
names in capitals or lower case; titles by abbreviation or full name with or without diacritics;
a title and a form of commendation together ("CSTĐCS, BK" or "CSTĐCS + BK"); a note in parentheses
after the title ("LĐTT (nghỉ thai sản)") or as a last field; no position ("Nguyễn Văn A - LĐTT").

Whole-paste refusals (:class:`~services.errors.Refusal`): an empty paste, more than
:data:`MAX_PASTE_LINES` lines. Everything else is reported per line with its number
(:class:`~services.registration_entries.ParsedEntries`), with the closest title for a typo.
"""

from __future__ import annotations

import datetime as dt
import re

from services.award_catalog import AwardCatalog, Match, MatchStatus
from services.errors import Refusal
from services.registration_entries import (
    EntryIssue,
    ParsedEntries,
    PersonEntry,
    is_header,
    make_entry,
    match_issue,
    resolve_parts,
    resolve_person_word,
)

__all__ = ["MAX_PASTE_LINES", "parse_paste"]

MAX_PASTE_LINES = 200

# Bullets, then "1." "1)" "(1)" "1/" "1 -" or "1 " before the name.
_NUMBERING = re.compile(
    r"^(?:[-–—•*+·>]\s*)*(?:stt\s*)?(?:\(\d{1,3}\)|\d{1,3}(?:[.)\]:/]|\s+(?=[-–—|]))|\d{1,3}\s+)?", re.IGNORECASE
)
_SEPARATORS = re.compile(r"\t|\||;|,|-|–|—|\s/\s|\s{2,}")
_JOINERS = re.compile(r"\s*\+\s*|\s+và\s+|\s*&\s*", re.IGNORECASE)
_PAREN_NOTE = re.compile(r"^(?P<word>[^()]+?)\s*\((?P<note>[^()]*)\)\s*$")
_LEADING_SEPARATORS = " \t-–—|;,.:"


def parse_paste(text: str, catalog: AwardCatalog, *, on: dt.date | None = None) -> ParsedEntries:
    """Every person in ``text``; ``on`` (the registration day) rules out titles not in force then."""
    lines = text.splitlines()
    filled = [n for n, line in enumerate(lines, 1) if line.strip()]
    if not filled:
        raise Refusal("reg.paste.empty")
    if len(filled) > MAX_PASTE_LINES:
        raise Refusal("reg.paste.too_many", count=len(filled), limit=MAX_PASTE_LINES)
    entries: list[PersonEntry] = []
    errors: list[EntryIssue] = []
    notices: list[EntryIssue] = []
    for number in filled:
        line = lines[number - 1].strip()
        if is_header(line):
            continue
        entry, line_errors, line_notices = _parse_line(number, line, catalog, on)
        if entry is not None:
            entries.append(entry)
        errors += line_errors
        notices += line_notices
    if not entries and not errors:  # only header lines
        raise Refusal("reg.paste.empty")
    return ParsedEntries(tuple(entries), tuple(errors), tuple(notices))


def _split(line: str) -> list[str]:
    body = _NUMBERING.sub("", line, count=1).lstrip(_LEADING_SEPARATORS)
    return [field.strip() for field in _SEPARATORS.split(body) if field.strip()]


def _read_word(field: str, catalog: AwardCatalog, on: dt.date | None) -> tuple[list[Match], str] | None:
    """The title(s) in one field, with a note in parentheses; None when the field is not a title at all."""
    for text, note in _variants(field):
        matches = [resolve_person_word(part, catalog, on) for part in _JOINERS.split(text) if part.strip()]
        if matches and all(m.status is not MatchStatus.UNKNOWN for m in matches):
            return matches, note
    return None


def _variants(field: str) -> list[tuple[str, str]]:
    found = _PAREN_NOTE.match(field)
    return [(field, ""), (found["word"], found["note"].strip())] if found else [(field, "")]


def _parse_line(
    number: int, line: str, catalog: AwardCatalog, on: dt.date | None
) -> tuple[PersonEntry | None, list[EntryIssue], list[EntryIssue]]:
    fields = _split(line)
    if len(fields) < 2:
        return None, [EntryIssue(number, "reg.entry.format", {"text": line[:60]})], []
    words: list[Match] = []
    notes: list[str] = []
    trailing_note = ""
    head = list(fields)
    # A last field that is not a title may be a note, when the field before it is one.
    if _read_word(head[-1], catalog, on) is None and len(head) >= 4 and _read_word(head[-2], catalog, on):
        trailing_note = head.pop()
    while len(head) > 1 and len(words) < 2 and (read := _read_word(head[-1], catalog, on)) is not None:
        head.pop()
        words = read[0] + words
        notes.insert(0, read[1])
    if not words:
        unknown = resolve_person_word(_variants(head[-1])[-1][0], catalog, on)
        issue = match_issue(number, unknown, None) or EntryIssue(
            number, "reg.entry.unknown_no_hint", {"value": unknown.text}
        )
        return None, [issue], []
    title, award, errors, notices = resolve_parts(number, words, catalog)
    entry, field_errors = make_entry(
        number,
        name=head[0],
        position=" - ".join(head[1:]),
        title=title,
        award=award,
        note="; ".join(n for n in [*notes, trailing_note] if n),
        target_reported=bool(errors),
    )
    errors += field_errors
    return (entry if not errors else None), errors, notices
