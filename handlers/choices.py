"""Choices, once for every flow and channel: numbering, storing and resolving what the user picked.

A flow answers with replies that offer :class:`~core.messages.Choice`s. Before they are sent the
router numbers them (1, 2, …; a "Quay lại" choice is 0) under a fresh prompt id and stores
``{"id", "c": [[n, data, label], …]}`` with the chat's dialog. Then each of these means the same:

- a Telegram button press, whose callback data is only ``c:<id>:<n>``;
- "2", "số 2", "2." typed (Zalo has no buttons: it shows the numbered list);
- the label typed out ("Gửi", "quay lại"; without accents when that is unambiguous).

A press of an older prompt's button (a second press, an old message, the other channel of a person
who went on elsewhere) is **stale**: nothing runs, the current choices are shown again.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from core.messages import Choice, Reply

PRESS_PREFIX = "c"
BACK = "quay lại"


@dataclass(frozen=True, slots=True)
class Picked:
    data: str


@dataclass(frozen=True, slots=True)
class Stale:
    pass


@dataclass(frozen=True, slots=True)
class NotInMenu:
    """A number that names no choice of the current prompt."""

    numbers: tuple[int, ...]


Resolution = Picked | Stale | NotInMenu | None


def normalise(text: str) -> str:
    """Lower case, symbols and emoji dropped, spaces collapsed: "✖ Hủy" → "hủy", "« Quay lại" → "quay lại"."""
    kept = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in text.casefold())
    return " ".join(kept.split())


def unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_back(choice: Choice) -> bool:
    return normalise(choice.label.text) == BACK


def number_replies(replies: list[Reply]) -> tuple[list[Reply], dict[str, Any] | None]:
    """Number the choices of the replies to the incoming chat under a fresh prompt id.

    Each such choice's data becomes its press data ``c:<id>:<n>`` (what a channel puts on a button
    or reads its number from); the originals go into the prompt to store. None: the replies offer
    no choice, and the chat's old prompt ends."""
    entries: list[list[Any]] = []
    prompt_id = secrets.token_urlsafe(3)  # 4 characters
    numbered: list[Reply] = []
    n = 0
    for reply in replies:
        if reply.to is not None or not any(c.data for row in reply.buttons for c in row):
            numbered.append(reply)
            continue
        rows: list[tuple[Choice, ...]] = []
        for row in reply.buttons:
            new_row: list[Choice] = []
            for choice in row:
                if choice.data is None:
                    new_row.append(choice)
                    continue
                number = 0 if is_back(choice) else (n := n + 1)
                entries.append([number, choice.data, choice.label.text])
                new_row.append(replace(choice, data=press_data(prompt_id, number)))
            rows.append(tuple(new_row))
        numbered.append(replace(reply, buttons=tuple(rows), prompt=prompt_id))
    if not entries:
        return replies, None
    return numbered, {"id": prompt_id, "c": entries}


def shown_without_choices(replies: list[Reply]) -> bool:
    """Whether the chat was answered with messages that offer no choice."""
    own = [reply for reply in replies if reply.to is None]
    return bool(own) and not any(c.data for reply in own for row in reply.buttons for c in row)


def typed_resolves(prompt: dict[str, Any] | None) -> bool:
    return prompt is not None and prompt.get("typed", True) is not False


def press_only(prompt: dict[str, Any] | None) -> dict[str, Any] | None:
    """The prompt once a later message without choices is shown: presses of its buttons still
    count; typed numbers and labels no longer do (they answer what the chat shows last)."""
    return None if prompt is None else {**prompt, "typed": False}


def number_of(choice: Choice) -> int | None:
    """The number the router gave a choice (read from its press data), for numbered channels."""
    if choice.data is None or not choice.data.startswith(PRESS_PREFIX + ":"):
        return None
    tail = choice.data.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def press_data(prompt_id: str, number: int) -> str:
    return f"{PRESS_PREFIX}:{prompt_id}:{number}"


_NUMBER = re.compile(r"^(?:số|so|chọn|chon|#)?\s*(\d{1,4})\s*[.)]?$")


def resolve_press(prompt: dict[str, Any] | None, data: str) -> Resolution:
    """A button press: ``c:<id>:<n>`` is looked up in the stored prompt; other data is a button of a
    message the bot pushed (a reminder, a notice), passed on as it is."""
    head, _, rest = data.partition(":")
    if head != PRESS_PREFIX:
        return Picked(data)
    prompt_id, _, number = rest.partition(":")
    if prompt is None or prompt.get("id") != prompt_id or not number.isdigit():
        return Stale()
    for n, choice_data, _label in prompt.get("c", []):
        if n == int(number):
            return Picked(str(choice_data))
    return Stale()


def resolve_text(prompt: dict[str, Any] | None, text: str, *, numbers_are_data: bool) -> Resolution:
    """Typed text: a choice's number or label, a number that names nothing, or None (not a choice)."""
    if not prompt or not typed_resolves(prompt):
        return None
    entries = [(int(n), str(data), str(label)) for n, data, label in prompt.get("c", [])]
    said = normalise(text)
    match = _NUMBER.match(said)
    if match is not None and not numbers_are_data:
        wanted = int(match.group(1))
        for n, data, _label in entries:
            if n == wanted:
                return Picked(data)
        return NotInMenu(tuple(sorted(n for n, _, _ in entries)))
    exact = [data for _n, data, label in entries if normalise(label) == said]
    if len(exact) == 1:
        return Picked(exact[0])
    loose = [data for _n, data, label in entries if unaccented(normalise(label)) == unaccented(said)]
    if len(loose) == 1:
        return Picked(loose[0])
    return None


def listed(prompt: dict[str, Any]) -> list[tuple[int, str]]:
    """The stored choices as (number, label), for showing them again."""
    return [(int(n), str(label)) for n, _data, label in prompt.get("c", [])]
