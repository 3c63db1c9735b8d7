"""Parse a deadline typed in Vietnamese into an aware datetime.

``parse_deadline(text, now)`` answers in the time zone of ``now``. A date without a time means
the end of the working day, 17:00; an explicit time wins. Past dates are not rejected here.

Supported phrasings (with or without diacritics, any case, extra spaces; the prefixes
"hạn", "hạn chót", "thời hạn", "chậm nhất", "trước", "trước ngày", "đến hết", "vào", "lúc" are noise):

* dates: "15/7/2024", "15-7", "15.7.2024", "15/7/24", "2024-07-15", "ngày 15 tháng 7 (năm 2024)",
  "15 tháng 7", "thứ sáu, 12/7/2024" (a leading weekday is ignored), "ngày 20" (next 20th).
  No year: the next occurrence on or after today.
* times: "17 giờ ngày 30/6", "17h 30/6/2024", "17h00 ngày 30/6/2024", "8h30 ngày 2/7",
  "17:00 30/6", "5 giờ chiều mai", "14 giờ 30 phút ...". A time alone ("16h") means today.
* weekdays: "thứ hai".."thứ bảy", "chủ nhật", "thứ 2".."thứ 7", "t2".."t7", "cn", followed by
  "tuần này" (the Mon–Sun week containing today), "tuần sau"/"tuần tới" (the next week),
  "tuần trước", or nothing (the next such day on or after today).
* weeks: "tuần sau"/"cuối tuần sau" = Friday of next week (end of the next working week),
  "cuối tuần"/"tuần này" = Friday of this week, "đầu tuần sau" = Monday of next week.
* relative: "hôm nay", "(ngày) mai", "ngày kia"/"ngày mốt", "3 ngày nữa", "10 ngày tới",
  "2 tuần nữa", "1 tháng nữa", "sau 3 ngày", "5 ngày làm việc" (Mon–Fri; holidays not counted).
* month parts: "cuối/hết tháng 6" (last calendar day, even on a weekend), "cuối tháng này/sau",
  "giữa tháng 7" (the 15th), "đầu tháng 7" (the 5th: in administrative usage "đầu tháng"
  means within the first five days, so the 5th is the latest day that still fits),
  "tháng 7"/"trong tháng 7" (end of July).
* quarter/year: "hết quý 2", "cuối quý II" (Roman numerals too), "cuối quý này", "cuối năm",
  "cuối năm 2025".
* anything else goes to ``dateparser`` (languages=["vi"]) as a fallback.

Caveat for diacritics-free input: "cuoi thang sau" is read as "cuối tháng sau" (next month);
write "tháng 6" or "tháng sáu" for June.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

__all__ = ["EXAMPLES", "DeadlineParseError", "format_deadline", "parse_deadline"]

END_OF_WORKDAY = time(17, 0)
EXAMPLES: tuple[str, ...] = (
    "15/7/2024",
    "17 giờ ngày 30/6",
    "thứ sáu tuần sau",
    "cuối tháng 7",
    "3 ngày nữa",
)
_WEEKDAYS_VI = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


class DeadlineParseError(ValueError):
    """The text is not a deadline we understand; ``text`` is what the user typed."""

    def __init__(self, text: str, reason: str = "không nhận ra ngày") -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"Không hiểu thời hạn {text!r}: {reason}")


class _Invalid(Exception):
    """A rule matched but the date itself is impossible (32/13, 30/2, 25h)."""


# ---------------------------------------------------------------- small date helpers
def _date(y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError as exc:
        raise _Invalid(f"ngày {d}/{m}/{y} không tồn tại") from exc


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    y, m0 = divmod(y * 12 + m - 1 + n, 12)
    return y, m0 + 1


def _next_occurrence(today: date, make: Callable[[int], date]) -> date:
    """``make(year)`` for this year or a later one, the first that exists and is >= today."""
    for year in range(today.year, today.year + 9):
        try:
            candidate = make(year)
        except _Invalid:
            continue
        if candidate >= today:
            return candidate
    return make(today.year)  # raises _Invalid for dates that never exist (30/2)


def _monday(today: date, weeks: int = 0) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


# ---------------------------------------------------------------- normalisation
_NUM_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_NUM = r"\d{1,3}|" + "|".join(_NUM_WORDS)
_WEEK_SHIFT = {None: None, "nay": 0, "sau": 1, "toi": 1, "truoc": -1}
_WD_NAMES = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_WD = r"(?:thu\s*(?P<wd>hai|ba|tu|nam|sau|bay|[2-7])|t(?P<wdt>[2-7])|(?P<sun>chu\s*nhat|cn))"
_WD_PREFIX = r"(?:(?:thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])|t[2-7]|chu\s*nhat|cn)\s*)?(?:ngay\s*)?"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Time of day: "17h", "17h00", "8h30", "17:00", "17g", "17 giờ", "14 giờ 30 phút", "5 giờ chiều".
_TIME = re.compile(
    r"(?<![\d/.:-])(?P<h>\d{1,2})\s*(?:(?::|h|g)(?P<m>\d{2})?(?![\d/.-])"
    r"|gio(?:\s*(?P<m2>\d{1,2})(?!\d)(?!\s*[/.-]\d)(?:\s*phut)?)?)(?![a-z])"
    r"(?:\s*(?P<part>sang|trua|chieu|toi)\b)?"
)
_NOISE = re.compile(
    r"\b(?:thoi han|han chot|han cuoi|han nop|han|cham nhat(?: la)?|den het|den|vao|luc|hoi"
    r"|trong vong|trong|sang|trua|chieu|la)\b|^toi\b|\bhet(?=\s*ngay)"
    r"|(?<!tuan )(?<!thang )(?<!quy )(?<!nam )\btruoc(?:\s+ngay)?\b"  # "trước (ngày)", not "tuần trước"
)


def _fold(text: str) -> str:
    """Strip diacritics character by character, so indices stay aligned with ``text``."""
    out = []
    for ch in text:
        base = "d" if ch == "đ" else unicodedata.normalize("NFD", ch)[0]
        out.append(" " if unicodedata.combining(base) else base)
    return "".join(out)


def _cut(s: str, start: int, end: int) -> str:
    return s[:start] + " " * (end - start) + s[end:]


def _normalise(text: str) -> tuple[str, str, time | None]:
    """Return (accented, folded, explicit time); both strings cleaned the same way."""
    accented = " ".join(unicodedata.normalize("NFC", text).lower().split())
    # Folding merges "sáu" (six) with "sau" (after): "tháng sáu" vs "tháng sau"; keep six as a digit.
    accented = re.sub(r"\bsáu\b", "6", accented)
    accented = re.sub(r"[,;!?()]|(?<!\d):|:(?!\d)", " ", accented).strip(" .")
    folded = _fold(accented)
    at: time | None = None
    if m := _TIME.search(folded):
        hour, minute = int(m["h"]), int(m["m"] or m["m2"] or 0)
        if m["part"] in ("chieu", "toi") and hour < 12:
            hour += 12
        if hour > 23 or minute > 59:
            raise _Invalid(f"giờ {m[0]!r} không hợp lệ")
        at = time(hour, minute)
        accented, folded = _cut(accented, *m.span()), _cut(folded, *m.span())
    # dateparser returns None for "trước ngày 20/12", "hạn chót: 15/7", "chậm nhất ngày 20/6": drop the prefixes.
    for m in reversed(list(_NOISE.finditer(folded))):
        accented, folded = _cut(accented, *m.span()), _cut(folded, *m.span())
    return " ".join(accented.split()), " ".join(folded.split()), at


def _num(word: str) -> int:
    return int(word) if word.isdigit() else _NUM_WORDS[word]


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    return 2000 + int(raw) if len(raw) == 2 else int(raw)


# ---------------------------------------------------------------- rules (folded text -> date)
Rule = Callable[[re.Match[str], date], date]


def _iso(m: re.Match[str], today: date) -> date:
    # dateparser gets this right; owning it keeps DATE_ORDER="DMY" from ever swapping it.
    return _date(int(m["y"]), int(m["m"]), int(m["d"]))


def _day_month(m: re.Match[str], today: date) -> date:
    # dateparser turns "ngày 32/13" into 13/11/2032, "trước ngày 20/12" into None,
    # and fails on the folded "ngay 15 thang 7"-style input once a time is attached.
    day, month, year = int(m["d"]), _num(m["m"]), _year(m["y"])
    if year is not None:
        return _date(year, month, day)
    return _next_occurrence(today, lambda y: _date(y, month, day))


def _day_only(m: re.Match[str], today: date) -> date:
    # "ngày 20": dateparser happily returns a past day of the current month.
    day = int(m["d"])
    for k in range(13):
        y, mo = _add_months(today.year, today.month, k)
        if day <= calendar.monthrange(y, mo)[1] and date(y, mo, day) >= today:
            return date(y, mo, day)
    raise _Invalid(f"không có ngày {day}")


def _weekday(m: re.Match[str], today: date) -> date:
    # dateparser has no "tuần này/sau/tới" and reads "t6 tuần sau" as "now + 1 week".
    if m["sun"]:
        wd = 6
    else:
        raw = m["wd"] or m["wdt"]
        wd = int(raw) - 2 if raw.isdigit() else _WD_NAMES[raw]
    shift = _WEEK_SHIFT[m["wk"]]
    if shift is None:
        return today + timedelta(days=(wd - today.weekday()) % 7)
    return _monday(today, shift) + timedelta(days=wd)


def _week(m: re.Match[str], today: date) -> date:
    # dateparser reads "tuần sau" as now + 7 days and knows neither "cuối tuần" nor "tuần tới".
    if m["pos"] is None and m["wk"] is None:
        raise _Invalid("thiếu tuần nào")
    return _monday(today, _WEEK_SHIFT[m["wk"]] or 0) + timedelta(days=0 if m["pos"] == "dau" else 4)


_RELATIVE_DAYS = {
    "hom nay": 0,
    "nay": 0,
    "ngay mai": 1,
    "mai": 1,
    "ngay kia": 2,
    "ngay mot": 2,
    "mot": 2,
    "hom qua": -1,
}


def _relative_day(m: re.Match[str], today: date) -> date:
    # dateparser knows "ngày mai" but not "mai", "ngày kia" or "ngày mốt".
    return today + timedelta(days=_RELATIVE_DAYS[m[0]])


def _in_n(m: re.Match[str], today: date) -> date:
    # dateparser cannot parse "3 ngày nữa", "10 ngày tới", "2 tuần nữa", "sau 3 ngày".
    n, unit = _num(m["n"]), m["u"]
    if unit == "ngay lam viec":
        day = today
        while n > 0:
            day += timedelta(days=1)
            n -= day.weekday() < 5
        return day
    if unit == "thang":
        y, mo = _add_months(today.year, today.month, n)
        return date(y, mo, min(today.day, calendar.monthrange(y, mo)[1]))
    return today + timedelta(days=n * (7 if unit == "tuan" else 1))


_MONTH_DAY = {"cuoi": None, "het": None, None: None, "giua": 15, "dau": 5}


def _month_part(m: re.Match[str], today: date) -> date:
    # dateparser has no "cuối/đầu/giữa tháng"; for a bare "tháng 7" it returns 12/7 (today's day).
    pos, raw, year = m["pos"], m["m"], _year(m["y"])
    day = _MONTH_DAY[pos]

    def make(y: int, mo: int) -> date:
        return _month_end(y, mo) if day is None else date(y, mo, day)

    if raw is None or raw in _WEEK_SHIFT:
        if pos is None and raw is None:
            raise _Invalid("thiếu tháng")
        y, mo = _add_months(today.year, today.month, _WEEK_SHIFT.get(raw) or 0)
        return make(y, mo)
    month = _num(raw)
    if not 1 <= month <= 12:
        raise _Invalid(f"không có tháng {month}")
    if year is not None:
        return make(year, month)
    return _next_occurrence(today, lambda y: make(y, month))


def _quarter(m: re.Match[str], today: date) -> date:
    # dateparser knows no quarters ("hết quý 2", "cuối quý II").
    raw, year = m["q"], _year(m["y"])
    current = (today.month - 1) // 3 + 1
    if raw in _WEEK_SHIFT:
        y, mo = _add_months(today.year, current * 3, 3 * (_WEEK_SHIFT[raw] or 0))
        return _month_end(y, mo)
    q = int(raw) if raw.isdigit() else _ROMAN[raw]
    if year is not None:
        return _month_end(year, q * 3)
    return _next_occurrence(today, lambda y: _month_end(y, q * 3))


def _year_end(m: re.Match[str], today: date) -> date:
    # dateparser knows no "cuối năm".
    raw = m["y"]
    year = today.year + (_WEEK_SHIFT[raw] or 0) if raw is None or raw in _WEEK_SHIFT else int(raw)
    return date(year, 12, 31)


_SHIFT = r"nay|sau|toi|truoc"
_YEAR = r"(?:\s*(?:[/.-]|nam)?\s*(?P<y>\d{4}))?"
_RULES: tuple[tuple[re.Pattern[str], Rule], ...] = tuple(
    (re.compile(pattern), rule)
    for pattern, rule in (
        (r"(?P<y>\d{4})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<d>\d{1,2})", _iso),
        (_WD_PREFIX + r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}|\d{2}))?", _day_month),
        (_WD_PREFIX + rf"(?P<d>\d{{1,2}})\s*thang\s*(?P<m>{_NUM}){_YEAR}", _day_month),
        (r"ngay\s*(?P<d>\d{1,2})", _day_only),
        (rf"{_WD}(?:\s*tuan\s*(?P<wk>{_SHIFT}))?", _weekday),
        (rf"(?:(?P<pos>cuoi|dau)\s*)?tuan(?:\s*(?P<wk>{_SHIFT}))?", _week),
        ("|".join(_RELATIVE_DAYS), _relative_day),
        (rf"(?:sau\s*)?(?P<n>{_NUM})\s*(?P<u>ngay lam viec|ngay|tuan|thang)(?:\s*(?:nua|toi|sau))?", _in_n),
        (rf"(?:(?P<pos>cuoi|het|dau|giua)\s*)?thang(?:\s*(?P<m>{_SHIFT}|{_NUM}))?{_YEAR}", _month_part),
        (rf"(?:cuoi|het)?\s*quy\s*(?P<q>[1-4]|iv|iii|ii|i|{_SHIFT}){_YEAR}", _quarter),
        (rf"(?:cuoi|het)\s*nam(?:\s*(?P<y>{_SHIFT}|\d{{4}}))?", _year_end),
    )
)


def _fallback(accented: str, now: datetime) -> datetime | None:
    """dateparser on what our rules did not claim.

    REQUIRE_PARTS stops it from guessing the day from today ("tháng 7" -> 12/07, "t8" -> 08/06, "5" -> 05/06).
    """
    settings = {
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],
    }
    import dateparser  # only a fallback, and a slow import: loaded when first needed, not at start-up

    found = dateparser.parse(accented, languages=["vi"], settings=settings)
    if found is None or abs(found.year - now.year) > 10:
        return None
    return found


def parse_deadline(text: str, now: datetime) -> datetime:
    """Parse ``text`` relative to ``now`` (aware); raise :class:`DeadlineParseError` if impossible."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.date()
    try:
        accented, folded, at = _normalise(text)
        if not folded and at is not None:  # "16h", "trước 17 giờ": today (dateparser misreads "17 giờ")
            return datetime.combine(today, at, tzinfo=now.tzinfo)
        for pattern, rule in _RULES:
            if m := pattern.fullmatch(folded):
                return datetime.combine(rule(m, today), at or END_OF_WORKDAY, tzinfo=now.tzinfo)
    except _Invalid as exc:
        raise DeadlineParseError(text, str(exc)) from None
    found = _fallback(accented, now) if folded else None
    if found is None:
        raise DeadlineParseError(text)
    if at is None:
        given = found.time()
        untimed = given in (time(0, 0), now.replace(tzinfo=None).time())
        at = END_OF_WORKDAY if untimed else given
    return datetime.combine(found.date(), at, tzinfo=now.tzinfo)


def format_deadline(dt: datetime) -> str:
    """'17:00 thứ Sáu, 12/07/2024': the form shown back to the user for confirmation."""
    return f"{dt:%H:%M} {_WEEKDAYS_VI[dt.weekday()]}, {dt:%d/%m/%Y}"
