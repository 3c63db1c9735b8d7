"""The Vietnamese text catalogue. Flows call ``t("key", ...)``; no user-facing literal lives elsewhere.

Templates use a small markup (``<b> <i> <code> <a href>``); ``t()`` returns a
:class:`~core.text.RichText` that each channel renders (Telegram HTML, Zalo plain text).
Values are plain text, escaped here, so a user's name or note can never become markup; a
``RichText`` value (another catalogue text) is nested as it is. ``label()`` makes a
choice's :class:`~core.text.Label` from a template that holds no markup.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re
from collections.abc import Mapping

from core.text import Label, RichText

# The old name of rich text, kept while flows move to RichText.
Safe = RichText


def _merge(*parts: Mapping[str, str]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for part in parts:
        clash = merged.keys() & part.keys()
        if clash:
            raise RuntimeError(f"catalogue keys defined twice: {sorted(clash)}")
        merged.update(part)
    return merged


def _load_texts() -> dict[str, str]:
    """Every module of this package with a ``TEXTS`` dict is part of the catalogue (one per flow),
    so adding a flow's texts never touches this file."""
    parts = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if isinstance(getattr(module, "TEXTS", None), dict):
            parts.append(module.TEXTS)
    return _merge(*parts)


class Ref(str):
    """A value that is itself a catalogue key, rendered when the text is (e.g. a role name)."""

    __slots__ = ()


def _escape(value: object) -> str:
    if isinstance(value, Ref):
        return t(value).markup
    if isinstance(value, RichText):
        return value.markup
    return html.escape(str(value), quote=False)


def t(key: str, /, **values: object) -> RichText:
    """The text for ``key`` with ``values`` escaped and filled in."""
    template = TEXTS[key]
    return RichText(template.format_map({name: _escape(value) for name, value in values.items()}))


_MARKUP = re.compile(r"<|>|&[#\w]+;")


def label(key: str, /, **values: object) -> Label:
    """A choice's label from the catalogue: the template must hold no markup; values go in as plain text."""
    template = TEXTS[key]
    if _MARKUP.search(template):
        raise ValueError(f"catalogue text {key!r} holds markup; it cannot be a choice's label")
    return Label(template.format_map({name: _plain_value(value) for name, value in values.items()}))


def _plain_value(value: object) -> str:
    if isinstance(value, Ref):
        return plain(value)
    if isinstance(value, RichText):
        raise TypeError("rich text cannot go into a label")
    return str(value)


def plain(key: str, /, **values: object) -> str:
    """The text for ``key`` as plain text, for files (Excel cells): nothing escaped, no HTML allowed."""
    template = TEXTS[key]
    if "<" in template:
        raise ValueError(f"catalogue text {key!r} holds HTML; it cannot go into a file")
    return template.format_map(
        {name: plain(value) if isinstance(value, Ref) else str(value) for name, value in values.items()}
    )


def has(key: str) -> bool:
    return key in TEXTS


def sentence(value: str) -> str:
    """User text that ends a sentence in a template: a full stop added only when it has none ("..")."""
    value = value.strip()
    return value if not value or value.endswith((".", "!", "?", "…")) else value + "."


def shorten(value: str, limit: int) -> str:
    """Cut user input that is echoed back, so a reply stays within Telegram's limits."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


# Last, so a flow's text module may import Ref or Safe from this package.
TEXTS: dict[str, str] = _load_texts()
