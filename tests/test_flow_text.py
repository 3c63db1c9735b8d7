"""Rich text, labels and choices: the flow model's rules, checked directly (issue 11)."""

from __future__ import annotations

import pytest

from core.catalog import TEXTS, label, t
from core.delivery import Address
from core.messages import Choice, Reply
from core.text import EMPTY, LABEL_CHARS, Label, RichText, fmt_size, split_lines, to_plain
from handlers import choices


def test_rich_text_is_not_a_string_and_cannot_leak_markup() -> None:
    text = t("common.use_buttons")
    assert not isinstance(text, str)
    with pytest.raises(TypeError):
        str(text)
    with pytest.raises(TypeError):
        f"{text}"


def test_user_input_is_text_never_markup() -> None:
    text = RichText.plain("Sở KH&ĐT <b>")
    assert text.markup == "Sở KH&amp;ĐT &lt;b&gt;"
    assert to_plain(text) == "Sở KH&ĐT <b>"
    joined = RichText.join([t("common.use_buttons"), text, EMPTY])
    assert to_plain(joined).endswith("Sở KH&ĐT <b>\n")


def test_plain_rendering_of_marks_and_links() -> None:
    text = RichText(
        '<b>Đậm</b> <i>nghiêng</i> <a href="https://a.vn/x?a=1&amp;b=2">tải</a> '
        '<a href="https://b.vn">https://b.vn</a> &lt;3'
    )
    assert to_plain(text) == "Đậm nghiêng tải (https://a.vn/x?a=1&b=2) https://b.vn <3"


def test_a_label_is_plain_and_refuses_rich_text() -> None:
    assert Label("Sở  KH&ĐT\nLạng Sơn").text == "Sở KH&ĐT Lạng Sơn"
    with pytest.raises(TypeError):
        Label(t("common.use_buttons"))  # type: ignore[arg-type]
    assert len(Label("x" * 200).text) <= LABEL_CHARS


def test_catalogue_labels_refuse_markup_and_take_values_as_plain_text() -> None:
    marked = next(key for key, template in TEXTS.items() if "<b>" in template and "{" not in template)
    with pytest.raises(ValueError):
        label(marked)
    plain_key = next(
        key for key, template in TEXTS.items() if "<" not in template and "&" not in template and "{" not in template
    )
    assert label(plain_key) == Label(TEXTS[plain_key])
    assert label("common.upload_link", url="<u>", expires="&2").text.startswith("📤 Gửi tệp tại: <u> (")


def test_sizes_and_splitting() -> None:
    assert fmt_size(12) == "12 B"
    assert fmt_size(1536000) == "1,5 MB"
    parts = split_lines("a" * 10 + "\n" + "b" * 10 + "\n" + "c" * 25, 12)
    assert parts == ["a" * 10, "b" * 10, "c" * 12, "c" * 12, "c"]


def _replies() -> list[Reply]:
    rows = (
        (Choice(Label("📤 Gửi"), "sb:send"), Choice(Label("Sửa"), "sb:edit")),
        (Choice(Label("« Quay lại"), "sb:back"),),
        (Choice(Label("Hướng dẫn"), url="https://a.vn"),),
    )
    return [
        Reply(text=t("common.use_buttons"), buttons=rows),
        Reply(text=EMPTY, to=Address("telegram", "5"), buttons=rows),
    ]


def test_choices_are_numbered_stored_and_resolved_every_way() -> None:
    replies, prompt = choices.number_replies(_replies())
    assert prompt is not None
    pid = prompt["id"]
    assert prompt["c"] == [[1, "sb:send", "📤 Gửi"], [2, "sb:edit", "Sửa"], [0, "sb:back", "« Quay lại"]]
    own, other = replies
    assert [c.data for row in own.buttons for c in row] == [f"c:{pid}:1", f"c:{pid}:2", f"c:{pid}:0", None]
    assert other.buttons[0][0].data == "sb:send"  # a message to another chat keeps its data
    picked = choices.Picked("sb:edit")
    assert choices.resolve_press(prompt, f"c:{pid}:2") == picked
    for typed in ("2", "số 2", "2.", " Sửa ", "sua"):
        assert choices.resolve_text(prompt, typed, numbers_are_data=False) == picked, typed
    assert choices.resolve_text(prompt, "quay lai", numbers_are_data=False) == choices.Picked("sb:back")
    assert choices.resolve_text(prompt, "0", numbers_are_data=False) == choices.Picked("sb:back")
    assert choices.resolve_text(prompt, "7", numbers_are_data=False) == choices.NotInMenu((0, 1, 2))
    assert choices.resolve_text(prompt, "12", numbers_are_data=True) is None
    assert choices.resolve_text(prompt, "một câu hỏi", numbers_are_data=False) is None


def test_an_old_or_forged_press_is_stale() -> None:
    _, prompt = choices.number_replies(_replies())
    assert prompt is not None
    assert choices.resolve_press(prompt, "c:zzzz:1") == choices.Stale()
    assert choices.resolve_press(prompt, f"c:{prompt['id']}:9") == choices.Stale()
    assert choices.resolve_press(None, "c:abcd:1") == choices.Stale()
    assert choices.resolve_press(prompt, "rm:u:3") == choices.Picked("rm:u:3")  # a pushed message's button


def test_zalo_shows_choices_as_a_numbered_list() -> None:
    from bot.channels.zalo.render import render

    replies, _ = choices.number_replies(_replies())
    shown = render(replies[0])
    assert shown.splitlines()[1:] == [
        "🔗 Hướng dẫn: https://a.vn",
        "1. 📤 Gửi",
        "2. Sửa",
        "0. « Quay lại",
        to_plain(t("common.reply_by_number")),
    ]


def test_after_a_message_without_choices_typed_text_is_no_longer_a_choice() -> None:
    replies, prompt = choices.number_replies(_replies())
    assert prompt is not None
    later = [Reply(text=t("common.use_buttons"))]
    assert choices.shown_without_choices(later) and not choices.shown_without_choices(replies)
    faded = choices.press_only(prompt)
    assert choices.resolve_text(faded, "2", numbers_are_data=False) is None  # "2" is the user's text now
    assert choices.resolve_text(faded, "Sửa", numbers_are_data=False) is None
    assert choices.resolve_press(faded, f"c:{prompt['id']}:2") == choices.Picked("sb:edit")  # the button still works
