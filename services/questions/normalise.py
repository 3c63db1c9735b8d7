"""Question text as the matcher reads it: lower case, diacritics folded, abbreviations spelled out.

Folding uses :mod:`unicodedata` (NFD, drop combining marks, đ → d): Vietnamese letters all decompose
that way, so a transliteration library (Unidecode, GPL) would add a dependency and nothing else.
Typos are left to the matcher, which compares words with rapidfuzz against its own vocabulary.
"""

from __future__ import annotations

import re
import unicodedata

_ETH = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_NOT_WORD = re.compile(r"[^0-9a-z%/]+")

# What people type on a phone → the words the intent vocabulary uses (already folded).
ABBREVIATIONS: dict[str, str] = {
    "bc": "bao cao",
    "bcao": "bao cao",
    "b/c": "bao cao",
    "cstdcs": "chien si thi dua co so",
    "cstd": "chien si thi dua",
    "ldtt": "lao dong tien tien",
    "ttldtt": "tap the lao dong tien tien",
    "ttldxs": "tap the lao dong xuat sac",
    "ldxs": "lao dong xuat sac",
    "tdkt": "thi dua khen thuong",
    "td": "thi dua",
    "kt": "khen thuong",
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "hok": "khong",
    "hong": "khong",
    "khg": "khong",
    "kg": "khong",
    "j": "gi",
    "ji": "gi",
    "ntn": "nhu the nao",
    "dk": "dang ky",
    "dky": "dang ky",
    "bk": "bang khen",
    "gk": "giay khen",
    "hd": "hoi dong",
    "hdtdkt": "hoi dong thi dua khen thuong",
    "q": "quy",
    "qd": "quyet dinh",
    "nd": "nghi dinh",
    "dc": "duoc",
    "r": "roi",
    "bn": "bao nhieu",
    "bnhieu": "bao nhieu",
    "ktra": "kiem tra",
    "ktc": "kiem tra cheo",
    "dv": "don vi",
    "tb": "thong bao",
    "tbao": "thong bao",
    "ubnd": "uy ban nhan dan",
    "ttcp": "thanh tra chinh phu",
    "ttg": "thu tuong",
    "sk": "so ket",
    "tk": "tong ket",
    "hs": "ho so",
    "vb": "van ban",
    "dkien": "dieu kien",
    "tchuan": "tieu chuan",
    "ng": "nguoi",
    "mk": "minh",
    "thks": "cam on",
    "thanks": "cam on",
    "thank": "cam on",
    "tks": "cam on",
    "camon": "cam on",
    "hello": "chao",
    "hi": "chao",
    "helo": "chao",
}

# Spelled-out forms that mean the same (after folding): one way in, so the vocabulary stays small.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<![0-9a-z]){a}(?![0-9a-z])"), b)
    for a, b in (
        ("chien sy", "chien si"),
        ("sau thang", "6 thang"),
        ("nua nam", "6 thang"),
        ("phan tram", "%"),
        ("ty le", "ti le"),
        ("quy mot", "quy 1"),
        ("quy hai", "quy 2"),
        ("quy ba", "quy 3"),
        ("quy bon", "quy 4"),
        ("quy tu", "quy 4"),
        ("quy iv", "quy 4"),
        ("quy iii", "quy 3"),
        ("quy ii", "quy 2"),
        ("quy i", "quy 1"),
    )
)


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d; punctuation kept (dates need their slashes)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_ETH).casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def normalise(text: str) -> str:
    """Folded words separated by single spaces, abbreviations expanded, a few synonyms unified."""
    folded = fold(text)
    folded = re.sub(r"(\d)\s*%", r"\1 %", folded)
    folded = re.sub(r"\bq\s*([1-4])\b", r"quy \1", folded)  # "q1", "q 3"
    words: list[str] = []
    for word in _NOT_WORD.sub(" ", folded).split():
        if "/" in word and not re.fullmatch(r"\d{1,2}/\d{1,2}(/\d{2,4})?", word) and word != "b/c":
            words.extend(w for w in word.split("/") if w)
            continue
        words.append(word)
    expanded = " ".join(ABBREVIATIONS.get(w, w) for w in words)
    for pattern, replacement in _PHRASES:
        expanded = pattern.sub(replacement, expanded)
    return expanded
