"""The Vietnamese text catalogue. Flows call ``t("key", ...)``; no user-facing literal lives elsewhere.

Every text is HTML (Telegram ``parse_mode=HTML``). Arguments are escaped here, so a
user's name or note can never break the markup; pass :class:`Safe` for a fragment
that is already HTML (for instance another catalogue text).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from core.catalog import admin, broadcast, common, onboarding


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


TEXTS: dict[str, str] = _merge(common.TEXTS, onboarding.TEXTS, admin.TEXTS, broadcast.TEXTS)


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


def has(key: str) -> bool:
    return key in TEXTS


def shorten(value: str, limit: int) -> str:
    """Cut user input that is echoed back, so a reply stays within Telegram's limits."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
