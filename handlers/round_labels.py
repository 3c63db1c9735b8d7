"""Choice labels for reporting rounds that tell the rounds of one list apart.

Round names share long openings ("Báo cáo công tác thi đua, khen thưởng …"): cut at a fixed width they
all read the same and an officer can send the wrong report. Every list of rounds builds its labels here:
the common words are abbreviated, the opening a name shares with another of the list is dropped when its
label would otherwise be cut, the deadline (dd/mm, or dd/mm/yyyy when a year is asked for) is always shown, and the
labels of one list are distinct.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from core.catalog import label, plain
from core.text import LABEL_CHARS, Label

# Words every round name repeats, in the abbreviations the Office itself writes.
_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), short)
    for pattern, short in (
        (r"\bthi đua,?\s+khen thưởng\b", "TĐKT"),
        (r"\b6 tháng đầu năm\b", "6 tháng"),
        (r"\bvà các báo cáo liên quan khác\b.*$", "và báo cáo khác"),
    )
)


@dataclass(frozen=True)
class RoundTag:
    """What a round's label is made of. ``year`` set: the deadline shows its year (rounds of two years)."""

    name: str
    deadline: date | None = None
    ref: str = ""
    show_year: bool = False


def tag(name: str, deadline: datetime | None, tz: ZoneInfo, *, ref: str = "", show_year: bool = False) -> RoundTag:
    """A tag from a stored round: the deadline is a UTC instant, shown as the local day."""
    day = deadline.astimezone(tz).date() if deadline is not None else None
    return RoundTag(name=name, deadline=day, ref=ref, show_year=show_year)


def round_labels(tags: Sequence[RoundTag], limit: int) -> list[str]:
    """One plain-text label per round, at most ``limit`` characters, distinct within the list."""
    names = [_abbreviate(t.name) for t in tags]
    suffixes = [_suffix(t) for t in tags]
    prefixes = [f"{t.ref} · " if t.ref else "" for t in tags]
    rooms = [max(8, limit - len(p) - len(s)) for p, s in zip(prefixes, suffixes, strict=True)]
    names = _drop_shared_openings(names, rooms)
    cut = [_cut_end(n, r) for n, r in zip(names, rooms, strict=True)]
    labels = [p + c + s for p, c, s in zip(prefixes, cut, suffixes, strict=True)]
    repeated = {label for label, n in Counter(labels).items() if n > 1}
    if repeated:  # the distinctive words are at the end: keep the head and the tail
        labels = [
            p + _cut_middle(n, r) + s if label in repeated else label
            for label, p, n, r, s in zip(labels, prefixes, names, rooms, suffixes, strict=True)
        ]
    return _numbered_if_equal(labels)


def round_label(round_tag: RoundTag, limit: int) -> str:
    return round_labels([round_tag], limit)[0]


def _abbreviate(name: str) -> str:
    text = " ".join(name.split())
    for pattern, short in _ABBREVIATIONS:
        text = pattern.sub(short, text)
    return text.strip(" ,.;")


def _suffix(round_tag: RoundTag) -> str:
    if round_tag.deadline is None:
        return ""
    fmt = "%d/%m/%Y" if round_tag.show_year else "%d/%m"
    return plain("round_label.due", due=round_tag.deadline.strftime(fmt))


def _drop_shared_openings(names: list[str], rooms: list[int]) -> list[str]:
    """A name too long for its button loses the words it starts with in common with another name of the
    list, keeping at least two words ("Đợt 2", not "2")."""
    words = [n.split(" ") for n in names]
    keys = [[w.casefold().strip(",;") for w in ws] for ws in words]
    result = []
    for i, ws in enumerate(words):
        shared = max((_common(keys[i], other) for j, other in enumerate(keys) if j != i), default=0)
        shared = min(shared, len(ws) - 2)
        if shared <= 0 or len(names[i]) <= rooms[i]:
            result.append(names[i])
            continue
        rest = " ".join(ws[shared:])
        result.append(rest[:1].upper() + rest[1:])
    return result


def _common(a: list[str], b: list[str]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _cut_end(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    head = text[: room - 1]
    if text[room - 1] != " " and " " in head[room // 2 :]:  # end on a whole word when that costs little
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;") + "…"


def _cut_middle(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    tail = (room - 1) // 2
    head = room - 1 - tail
    return text[:head].rstrip(" ,") + "…" + text[-tail:].lstrip(" ,")


def _numbered_if_equal(labels: list[str]) -> list[str]:
    """Two rounds with the same name and deadline: number them in list order."""
    counts = Counter(labels)
    seen: Counter[str] = Counter()
    result = []
    for text in labels:
        if counts[text] > 1:
            seen[text] += 1
            text = f"{text} ({seen[text]})"
        result.append(text)
    return result


class NamedRound(Protocol):
    """A stored round as far as its label goes."""

    @property
    def name(self) -> str: ...

    @property
    def deadline(self) -> datetime: ...


def labels_of(rounds: Sequence[NamedRound], tz: ZoneInfo, limit: int) -> list[str]:
    """:func:`round_labels` for stored rounds, deadline as the local day."""
    return round_labels([tag(r.name, r.deadline, tz) for r in rounds], limit)


def round_choices(
    rounds: Sequence[NamedRound], tz: ZoneInfo, texts: Sequence[tuple[str, Mapping[str, object]]]
) -> list[Label]:
    """One label per round from its catalogue text (key, values), the round's name going in as
    ``{name}``: the names get the room the rest of the texts leaves in a label, so what follows
    the name (a count, a status) is never cut."""
    if not rounds:
        return []
    rest = max(len(plain(key, name="", **values)) for key, values in texts)
    names = labels_of(rounds, tz, LABEL_CHARS - rest)
    return [label(key, name=name, **values) for name, (key, values) in zip(names, texts, strict=True)]
