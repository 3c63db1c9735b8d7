"""No catalogue markup can reach a choice's label (issue 11): every label key a flow names is plain.

mypy already refuses ``Label(t(...))`` (rich text is not a str); this checks the other door, the
catalogue's ``label(key)``: each key a module passes to it, literally or as an f-string prefix, must
name a template without markup — so ``Sở KH&ĐT`` can never show as ``Sở KH&amp;ĐT``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.catalog import TEXTS, label

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for d in ("handlers", "services", "bot") for p in (ROOT / d).rglob("*.py"))


def _label_keys() -> tuple[set[str], set[str]]:
    """Literal keys and f-string prefixes passed as the first argument of ``label(...)``."""
    literal: set[str] = set()
    prefixes: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "label"):
                continue
            if not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                literal.add(first.value)
            elif isinstance(first, ast.JoinedStr) and first.values and isinstance(first.values[0], ast.Constant):
                prefixes.add(str(first.values[0].value))
    return literal, prefixes


def test_flows_name_labels_through_the_catalogue() -> None:
    literal, prefixes = _label_keys()
    assert len(literal) > 50, "the scan found too few label() calls: is it still looking at the flows?"
    missing = sorted(key for key in literal if key not in TEXTS)
    assert not missing, f"label keys missing from the catalogue: {missing}"
    assert all(any(key.startswith(prefix) for key in TEXTS) for prefix in prefixes)


def test_every_label_template_is_markup_free() -> None:
    literal, prefixes = _label_keys()
    keys = literal | {key for key in TEXTS for prefix in prefixes if key.startswith(prefix)}
    marked: list[str] = []
    for key in sorted(keys):
        try:
            label(key, **{name: "x" for name in _fields(TEXTS[key])})
        except ValueError:
            marked.append(key)
    assert not marked, f"label templates holding markup: {marked}"


def _fields(template: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@pytest.mark.parametrize("name", ["Sở KH&ĐT", "<b>Phòng</b>", "A &amp; B"])
def test_user_data_in_a_label_is_shown_as_typed(name: str) -> None:
    from bot.channels.telegram.convert import keyboard
    from bot.channels.zalo.render import render
    from core.messages import Choice, Reply
    from core.text import EMPTY, Label
    from handlers.choices import number_replies

    replies, _ = number_replies([Reply(text=EMPTY, buttons=((Choice(Label(name), "x:1"),),))])
    markup = keyboard(replies[0].buttons)
    assert markup is not None and markup.inline_keyboard[0][0].text == name
    assert render(replies[0]).splitlines()[0] == f"1. {name}"
