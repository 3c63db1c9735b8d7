"""A year as people type it after a command: "2025", "năm 2025", "năm nay", "năm ngoái", "năm trước", "năm sau"."""

from __future__ import annotations

import re
from datetime import date

FIRST_YEAR, LAST_YEAR = 2000, 2100

# Offsets from the calendar year, with and without diacritics (a phone keyboard without Telex).
_RELATIVE = {
    "nay": 0,
    "này": 0,
    "ngoái": -1,
    "ngoai": -1,
    "trước": -1,
    "truoc": -1,
    "vừa rồi": -1,
    "sau": 1,
    "tới": 1,
    "toi": 1,
}
_YEAR_WORD = re.compile(r"^(?:năm|nam)\s+")


def parse_year(text: str, today: date) -> int | None:
    """The year meant, or None when the text is not a year in 2000–2100."""
    words = " ".join(text.casefold().split())
    words = _YEAR_WORD.sub("", words)
    if words.isdigit():
        year = int(words)
    elif words in _RELATIVE:
        year = today.year + _RELATIVE[words]
    else:
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None
