"""The Vietnamese text catalogue. Flows call ``t("key", ...)``; no user-facing literal lives elsewhere.

Every text is HTML (Telegram ``parse_mode=HTML``). Arguments are escaped here, so a
user's name or note can never break the markup; pass :class:`Safe` for a fragment
that is already HTML (for instance another catalogue text).
"""

from __future__ import annotations

import html
import importlib
import pkgutil
from collections.abc import Mapping


class Safe(str):
    """A string that is already valid HTML and must not be escaped again."""

    __slots__ = ()


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
        return t(value)
    if isinstance(value, Safe):
        return str(value)
    return html.escape(str(value), quote=False)


def t(key: str, /, **values: object) -> Safe:
    """The text for ``key`` with ``values`` escaped and filled in."""
    template = TEXTS[key]
    return Safe(template.format_map({name: _escape(value) for name, value in values.items()}))


def plain(key: str, /, **values: object) -> str:
    """The text for ``key`` as plain text, for files (Excel cells): nothing escaped, no HTML allowed."""
    template = TEXTS[key]
    if "<" in template:
        raise ValueError(f"catalogue text {key!r} holds HTML; it cannot go into a file")
    return template.format_map(
        {name: t(value) if isinstance(value, Ref) else str(value) for name, value in values.items()}
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
