"""A workbook sent at the registration list step: parsed off the event loop and outside the message's
transaction (SQLite's one connection is free meanwhile); a bomb and a broken file get the catalogue's
words, and nobody gets an error report (issue 9, items 1 and 11)."""

from __future__ import annotations

import contextvars
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from openpyxl import load_workbook

from handlers import register_emulation_people
from tests.e2e.harness import ADMIN_ID, Press, Upload, converse
from tests.e2e.test_registration_dialogs import XLSX_MIME, World, world
from tests.zip_samples import truncate_sheet, xlsx_with_huge_shared_strings

__all__ = ["world"]


async def test_a_workbook_is_parsed_holding_no_connection_and_bad_ones_are_refused_in_words(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = await world.link(1002, "Hà", "TTS-KHDT")
    await converse(officer, [("/maudangky", "Mau_dang_ky_thi_dua.xlsx")])
    template = load_workbook(io.BytesIO(world.document(officer)))
    template["Danh sách"]["B5"], template["Danh sách"]["D5"] = "Vi Văn Đức", "LĐTT"
    buffer = io.BytesIO()
    template.save(buffer)
    filled = buffer.getvalue()

    # Whether the code reading the workbook runs inside a transaction of the message's own task: a
    # context variable follows the task into to_thread, while background sweeps (which may hold the
    # pool's connection at the same moment) have contexts of their own.
    in_transaction: contextvars.ContextVar[bool] = contextvars.ContextVar("in_transaction", default=False)
    real_transaction = world.bot.db.transaction

    @asynccontextmanager
    async def marked_transaction() -> AsyncIterator[Any]:
        token = in_transaction.set(True)
        try:
            async with real_transaction() as session:
                yield session
        finally:
            in_transaction.reset(token)

    monkeypatch.setattr(world.bot.db, "transaction", marked_transaction)
    connections_held: list[bool] = []
    real_read = register_emulation_people.read_template

    def spying_read(*args: Any, **kwargs: Any) -> Any:
        connections_held.append(in_transaction.get())
        return real_read(*args, **kwargs)

    monkeypatch.setattr(register_emulation_people, "read_template", spying_read)
    admin_seen = len(world.api.messages(ADMIN_ID))
    await converse(
        officer,
        [
            ("/dangky", "Đăng ký thi đua năm 2024"),
            (Press("Đăng ký thi đua năm 2024"), "Thanh tra Sở Kế hoạch và Đầu tư"),
            (Press("Không đăng ký danh hiệu tập thể"), "hình thức khen thưởng"),
            (Press("Không đề nghị khen thưởng tập thể"), "mỗi dòng một người"),
            (Upload(xlsx_with_huge_shared_strings(filled, 150), "ds.xlsx", XLSX_MIME), "vượt quá giới hạn"),
            (Upload(truncate_sheet(filled), "ds.xlsx", XLSX_MIME), "Không đọc được tệp Excel này"),
            (Upload(filled, "ds.xlsx", XLSX_MIME), "Đã ghi nhận 1 người từ tệp Excel"),
        ],
    )
    assert connections_held and set(connections_held) == {False}, connections_held
    assert "Lỗi hệ thống" not in str(world.api.messages(ADMIN_ID)[admin_seen:])
    assert "xin lỗi" not in str(officer.inbox[-3:]).lower()
