"""Which question was asked: an intent and its slots, or suggestions when the matcher is not sure.

Pure and quick (no database): the intents and their weighted cue phrases come from
``data/intents.yaml``; titles from the award catalogue; units, when the caller passes them, from
the database. Typed words outside the vocabulary are corrected with rapidfuzz (one or two letters
off), never into something the question did not say. Below the threshold, or with two intents too
close to call, the result is ``unknown`` with the closest intents as suggestions: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from services.award_catalog import AwardCatalog, default_catalog
from services.questions.normalise import normalise

UNKNOWN = "unknown"
_SLOT_CUES = ("<title>", "<round>", "<quarter>", "<date>", "<unit>")
_MIN_TYPO_LENGTH = 4
_TYPO_SCORE = 80.0
_MAX_TITLE_WORDS = 9
# A question is a line or two; a pasted page is matched on its beginning only (bounded time).
MAX_QUESTION_CHARS = 300
# Words of a unit's name that do not tell units apart ("thanh tra so X": X does).
_UNIT_COMMON = frozenset({"thanh", "tra", "so", "huyen", "phong", "cum", "thi", "dua", "xa", "tinh", "va", "don", "vi"})
_UNIT_CUES = re.compile(r"\b(thanh tra|phong|cum|van phong)\b")


@dataclass(frozen=True, slots=True)
class UnitName:
    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Matched:
    intent: str
    slots: Mapping[str, str]
    score: float
    suggestions: tuple[str, ...] = ()  # the closest intents, best first (for "chưa hiểu")
    text: str = ""  # the question as normalised

    @property
    def understood(self) -> bool:
        return self.intent != UNKNOWN


@dataclass(frozen=True, slots=True)
class _Intent:
    name: str
    cues: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class _Topic:
    name: str
    cues: tuple[str, ...]
    name_words: tuple[str, ...] = ()
    registration: bool = False


@dataclass
class Matcher:
    intents: tuple[_Intent, ...]
    topics: tuple[_Topic, ...]
    threshold: float
    margin: float
    titles: dict[str, str]  # normalised alias without spaces -> award code
    generic_titles: dict[str, tuple[str, ...]]  # "bangkhen" -> the possible codes
    vocabulary: frozenset[str] = field(default_factory=frozenset)

    def match(self, text: str, units: Sequence[UnitName] = ()) -> Matched:
        typed = normalise(text[:MAX_QUESTION_CHARS])
        words = self._corrected(typed.split())
        norm = " ".join(words)
        slots = self._slots(words, norm, units, typed)
        padded = f" {norm} "
        scores: list[tuple[float, str]] = []
        for intent in self.intents:
            score = 0.0
            for cue, weight in intent.cues:
                if cue in _SLOT_CUES:
                    hit = cue[1:-1] in slots or (cue == "<title>" and "titles" in slots)
                elif cue.endswith("$"):
                    hit = padded.endswith(f" {cue[:-1]} ")
                else:
                    hit = f" {cue} " in padded
                score += weight if hit else 0.0
            scores.append((score, intent.name))
        scores.sort(key=lambda pair: -pair[0])
        (best, name), (second, _) = scores[0], scores[1]
        close = tuple(n for s, n in scores[:3] if s > 0)
        if best < self.threshold or best - second < self.margin:
            return Matched(UNKNOWN, slots, best, suggestions=close, text=norm)
        return Matched(name, slots, best, suggestions=tuple(n for n in close if n != name), text=norm)

    def needs_units(self, text: str) -> bool:
        """Whether the question may name a unit: only then are the units read from the database."""
        return _UNIT_CUES.search(normalise(text)) is not None

    def round_fits(self, topic: str, round_name: str, registration: bool) -> bool:
        """Whether a round (by its name and kind) is what a topic slot ("so_ket") means."""
        spec = next((t for t in self.topics if t.name == topic), None)
        if spec is None:
            return False
        if spec.registration:
            return registration
        name = f" {normalise(round_name)} "
        return not registration and any(f" {words} " in name for words in spec.name_words)

    # ------------------------------------------------------------------ words
    def _corrected(self, words: list[str]) -> list[str]:
        """A word one or two letters off a known word becomes that word ("thieuu" → "thieu")."""
        fixed = []
        for word in words:
            if len(word) >= _MIN_TYPO_LENGTH and word not in self.vocabulary and not word.isdigit():
                found = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=_TYPO_SCORE)
                if found and abs(len(found[0]) - len(word)) <= 1:  # "nghiep" is not a typo of "nghi"
                    word = found[0]
            fixed.append(word)
        return fixed

    # ------------------------------------------------------------------ slots
    def _slots(self, words: list[str], norm: str, units: Sequence[UnitName], typed: str) -> dict[str, str]:
        slots: dict[str, str] = {}
        padded = f" {norm} "
        for topic in self.topics:
            if any(f" {cue} " in padded for cue in topic.cues):
                slots["round"] = topic.name
                break
        if quarter := re.search(r"\bquy ([1-4])\b", norm):
            slots["quarter"] = quarter.group(1)
        elif relative := re.search(r"\bquy (nay|sau|toi)\b", norm):
            slots["quarter"] = "current" if relative.group(1) == "nay" else "next"
        if day := _date(norm):
            slots["date"] = day
        self._title(words, slots)
        # Unit names are not in the vocabulary: compared as typed, before any typo correction.
        if units and _UNIT_CUES.search(typed) and (unit := _unit(typed, units)):
            slots["unit"] = unit.code
        return slots

    def _title(self, words: list[str], slots: dict[str, str]) -> None:
        """The longest run of words that names a title or award ("chien si thi dua co so" before "chien si thi dua")."""
        for size in range(min(_MAX_TITLE_WORDS, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                key = "".join(words[start : start + size])
                if key in self.titles:
                    slots["title"] = self.titles[key]
                    return
                if key in self.generic_titles:
                    slots["titles"] = ",".join(self.generic_titles[key])
                    return


def _date(norm: str) -> str | None:
    if found := re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", norm):
        day, month, year = (int(g) for g in found.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    if found := re.search(r"\bngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})\b", norm):
        day, month, year = (int(g) for g in found.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    if found := re.search(r"\b(20[1-4]\d)\b", norm):
        return found.group(1)
    return None


def _unit(norm: str, units: Sequence[UnitName]) -> UnitName | None:
    """A unit named in full (accents optional), else one a letter or two off (rapidfuzz)."""
    exact = [u for u in units if f" {u.name} " in f" {norm} "]
    if exact:
        return max(exact, key=lambda u: len(u.name))
    words = set(norm.split()) - _UNIT_COMMON
    near = {u: u.name for u in units if words & set(u.name.split())}
    found = process.extractOne(norm, near, scorer=fuzz.partial_ratio, score_cutoff=92) if near else None
    return found[2] if found else None


def unit_names(rows: Iterable[tuple[int, str, str]]) -> list[UnitName]:
    """Units as the matcher compares them: (id, code, name) with the name normalised."""
    return [UnitName(unit_id, code, _unit_key(name)) for unit_id, code, name in rows]


@lru_cache(maxsize=16384)
def _unit_key(name: str) -> str:
    """A unit's name as typed questions are compared with it (memoised: 2,000 names per question)."""
    return normalise(name)


def _vocabulary(intents: Iterable[_Intent], topics: Iterable[_Topic], titles: Iterable[str]) -> frozenset[str]:
    words: set[str] = set()
    for intent in intents:
        for cue, _ in intent.cues:
            words.update(cue.rstrip("$").split())
    for topic in topics:
        for cue in (*topic.cues, *topic.name_words):
            words.update(cue.split())
    words.update(titles)
    words.update(("quy", "nam", "ngay", "thang", "don", "vi", "toi", "cua", "bao", "cao", "nop", "gui"))
    return frozenset(w for w in words if not w.startswith("<"))


def build_matcher(path: Path | None = None, catalog: AwardCatalog | None = None) -> Matcher:
    path = path or Path(__file__).parent / "data" / "intents.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    catalog = catalog or default_catalog()
    intents = tuple(
        _Intent(name, tuple((str(cue), float(weight)) for cue, weight in spec["cues"].items()))
        for name, spec in data["intents"].items()
    )
    topics = tuple(
        _Topic(name, tuple(spec["cues"]), tuple(spec.get("name", ())), bool(spec.get("registration", False)))
        for name, spec in data["round_topics"].items()
    )
    titles: dict[str, str] = {}
    title_words: set[str] = set()
    for award in catalog.awards:
        for alias in (award.code, award.name, award.short, *award.aliases):
            normal = normalise(alias)
            titles.setdefault(normal.replace(" ", ""), award.code)
            title_words.update(normal.split())
    generic: dict[str, tuple[str, ...]] = {}
    for entry in catalog.ambiguous:
        for alias in entry.aliases:
            normal = normalise(alias)
            if len(normal.replace(" ", "")) > 3:  # "Cờ" is "có" once folded: never a title on its own
                generic.setdefault(normal.replace(" ", ""), entry.candidates)
    return Matcher(
        intents=intents,
        topics=topics,
        threshold=float(data["threshold"]),
        margin=float(data["margin"]),
        titles=titles,
        generic_titles=generic,
        vocabulary=_vocabulary(intents, topics, title_words),
    )


@cache
def default_matcher() -> Matcher:
    """The shipped intents and catalogue, read once on first use (never at import)."""
    return build_matcher()
