"""The two kinds of text a flow produces: rich text for messages and plain labels for choices.

- :class:`RichText` is what a message says: bold, italic, code, links, lines and user input, in a
  form no channel owns. It is *not* a ``str``: it cannot be passed where plain text is expected
  (a choice's label, an Excel cell, a log line), and ``str()``/f-strings of it raise, so markup
  cannot leak by accident. Each channel renders it: Telegram as HTML, Zalo as plain text
  (``bot/channels/*/render.py``).
  Internally it holds the catalogue's small markup (``<b> <i> <code> <a href>``, everything else
  escaped); only the catalogue (``t``), :meth:`RichText.plain` and the combinators build one.
- :class:`Label` is a choice's text: plain, one line, short. The catalogue's ``label()`` makes one from
  a markup-free template; ``Label(name)`` wraps user data (a unit's name). A ``RichText`` is not a
  ``str``, so ``Label(t("…"))`` is a type error, and a runtime one too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import final

# Longest label shown: Telegram clients show about this much of a button on a phone; on Zalo a
# numbered line this long still reads as one item.
LABEL_CHARS = 64


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary with "…" when longer than ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:·-–") + "…"


@final
class RichText:
    """A message's text, channel-neutral. Build it with ``t()``, :meth:`plain` and :meth:`join`."""

    __slots__ = ("markup",)

    def __init__(self, markup: str) -> None:
        # Trusted markup only (the catalogue's templates and what the methods below build); a test
        # forbids calling this outside core/.
        self.markup = markup

    @classmethod
    def stored(cls, markup: str) -> RichText:
        """Rich text this bot rendered earlier and kept (a broadcast's body in its outbox row)."""
        return cls(markup)

    @classmethod
    def plain(cls, text: str) -> RichText:
        """User text or any plain string, shown as it is (nothing in it is markup)."""
        return cls(html.escape(text, quote=False))

    @staticmethod
    def join(parts: Iterable[RichText], sep: str = "\n") -> RichText:
        """The parts one after another with ``sep`` (plain text, usually line breaks) between them."""
        return RichText(html.escape(sep, quote=False).join(part.markup for part in parts))

    @staticmethod
    def lines(*parts: RichText | None) -> RichText:
        """The given parts on lines of their own; None and empty parts are left out."""
        return RichText.join(part for part in parts if part)

    def __add__(self, other: RichText) -> RichText:
        if not isinstance(other, RichText):
            return NotImplemented
        return RichText(self.markup + other.markup)

    def __bool__(self) -> bool:
        return bool(self.markup)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RichText) and other.markup == self.markup

    def __hash__(self) -> int:
        return hash(self.markup)

    def strip(self) -> RichText:
        return RichText(self.markup.strip())

    def __str__(self) -> str:
        raise TypeError("RichText is not plain text: render it for a channel, or use plain() for files")

    def __format__(self, spec: str) -> str:
        raise TypeError("RichText cannot go into an f-string: use RichText.join or t() with a value")

    def __repr__(self) -> str:
        return f"RichText({self.markup!r})"


EMPTY = RichText("")


@final
class Label:
    """A choice's text: plain, one line, at most :data:`LABEL_CHARS` characters."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):  # the runtime twin of the type rule
            raise TypeError("a Label is plain text, not rich text")
        self.text = shorten(" ".join(text.split()), LABEL_CHARS)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Label) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Label({self.text!r})"


def fmt_size(size: int) -> str:
    """1 536 000 → "1,5 MB": a file's size with the Vietnamese decimal comma."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def split_lines(text: str, limit: int) -> list[str]:
    """The one splitter: cut a rendered text into parts of at most ``limit`` characters at line
    breaks; a single line longer than the limit is cut hard."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_TAG = re.compile(r"</?(?:b|i|u|s|code|pre|strong|em)>")


def to_plain(text: RichText) -> str:
    """Rich text for a reader without markup (Zalo, a terminal, a log): marks dropped, a link
    shown as "text (address)" unless the text is the address."""

    def link(match: re.Match[str]) -> str:
        url, inner = html.unescape(match.group(1)), match.group(2)
        inner_text = html.unescape(_TAG.sub("", inner))
        return url if inner_text == url else f"{inner_text} ({url})"

    markup = _LINK.sub(link, text.markup)
    return html.unescape(_TAG.sub("", markup)) if "<" in markup or "&" in markup else markup
