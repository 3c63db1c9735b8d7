"""Texts of a plan's year: next year's plan (rollover, draft, publish), closing a past year."""

TEXTS = {
    "plans.status.draft": "bản dự thảo",
    "plans.status.in_force": "đang áp dụng",
    "plans.status.past": "đã qua",
    "plans.past_year": "Không lập kế hoạch cho năm {year}: năm này đã qua (năm hiện tại là {today}).",
    "plans.no_source": "Không có kế hoạch năm {year} để làm căn cứ. Nhập kế hoạch gốc trước (thidua-bot plan import).",
    "plans.exists": (
        "Năm {year} đã có kế hoạch. Muốn lập lại từ kế hoạch năm trước, dùng --replace "
        "(các báo cáo đơn vị đã nộp được giữ nguyên)."
    ),
    "plans.none_year": "Chưa có kế hoạch năm {year}.",
    "plans.not_draft": "Kế hoạch năm {year} không còn là bản dự thảo: không sửa được nữa.",
    "plans.already_published": "Kế hoạch năm {year} đã được công bố trước đó.",
    "plans.changed": (
        "Kế hoạch năm {year} vừa được đồng chí khác chỉnh sửa hoặc công bố. "
        "Thao tác của đồng chí chưa được thực hiện; mời xem lại bản mới nhất."
    ),
    "plans.item_no_deadline": "Chưa công bố được: nhiệm vụ {refs} có đơn vị phải nộp nhưng chưa có thời hạn.",
    "plans.item_unknown": "Không tìm thấy nhiệm vụ này trong bản dự thảo.",
    "plans.deadline_before_year": "Thời hạn phải thuộc năm {year} trở đi.",
    "plans.task_empty": "Nội dung nhiệm vụ không được để trống.",
    # The admin's dialog (handlers/plan_years.py)
    "plans.menu_button": "🗓 Lập kế hoạch năm sau",
    "plans.start_offer": "📅 Đã đến tháng 12: đồng chí có thể lập kế hoạch thi đua, khen thưởng năm {year}.",
    "plans.start_offer_button": "🗓 Lập kế hoạch năm {year}",
    "plans.menu": "🗓 <b>Kế hoạch các năm</b>\n{lines}",
    "plans.menu_line": "• Năm {year}: {status}",
    "plans.make_button": "➕ Lập kế hoạch năm {year} từ năm {source}",
    "plans.open_button": "📝 Dự thảo năm {year}",
    "plans.close_year_button": "🏁 Kết thúc năm {year}",
    "plans.made": "✅ Đã lập bản dự thảo kế hoạch năm {year} từ kế hoạch năm {source}: {items} nhiệm vụ.",
    "plans.shifts_header": "📆 Thời hạn rơi vào ngày nghỉ, đã chuyển về ngày làm việc liền trước:\n",
    "plans.shift_line": "• {ref}: {same} → {moved}{why}\n",
    "plans.unit_header": "🏢 Đơn vị thay đổi theo tổ chức bộ máy năm {year}:\n",
    "plans.unit_replaced": "• {ref}: {before} → {after}\n",
    "plans.unit_dropped": "• {ref}: bỏ {before} ({why})\n",
    "plans.why.ended": "không còn hoạt động",
    "plans.why.issuer": "đã hợp nhất vào Thanh tra tỉnh",
    "plans.why.unknown": "không có trong danh mục đơn vị",
    "plans.preview_header": "📝 <b>Dự thảo kế hoạch năm {year}</b> · Quý {quarter} · trang {page}/{pages}",
    "plans.preview_item": "<b>{ref}.</b> [{kind}] {task}\nChủ trì: {lead} · Hạn: {due}\nĐơn vị nộp: {owing}",
    "plans.owing": "{names} ({n} đơn vị)",
    "plans.owing_none": "—",
    "plans.due_none": "chưa có",
    "plans.kind.submission": "nộp báo cáo",
    "plans.kind.meeting": "hội nghị",
    "plans.kind.notice": "thông báo",
    "plans.kind.internal": "việc của Văn phòng",
    "plans.kind.decision": "quyết định",
    "plans.kind.outbound": "báo cáo cấp trên",
    "plans.quarter_button": "Quý {quarter}",
    "plans.quarter_shown": "• Quý {quarter} •",
    "plans.more_button": "Trang sau ▶",
    "plans.edit_button": "✏️ {ref}",
    "plans.publish_button": "📢 Công bố kế hoạch",
    "plans.item_card": (
        "✏️ <b>Nhiệm vụ {ref}</b> (dự thảo năm {year})\n{task}\n"
        "Loại: {kind} · Chủ trì: {lead} · Hạn: {due}\nĐơn vị nộp: {owing}\n\nĐồng chí muốn sửa gì?"
    ),
    "plans.field.due": "📅 Thời hạn",
    "plans.field.task": "📝 Nội dung",
    "plans.field.lead": "👤 Chủ trì",
    "plans.field.submitters": "🏢 Đơn vị nộp",
    "plans.field.kind": "🏷 Loại",
    "plans.back_button": "◀ Quay lại",
    "plans.ask_due": "Nhập thời hạn mới cho nhiệm vụ {ref} (ví dụ: 15/3, ngày 30 tháng 6, cuối quý 2):",
    "plans.due_unknown": "Không hiểu thời hạn «{text}». Ví dụ: 15/3/{year}, ngày 30 tháng 6, cuối quý 2.",
    "plans.confirm_due": "Thời hạn mới của nhiệm vụ {ref}: <b>{due}</b>. Đồng ý?",
    "plans.yes_button": "✅ Đồng ý",
    "plans.retype_button": "↩️ Nhập lại",
    "plans.ask_task": "Gửi nội dung mới của nhiệm vụ {ref}:",
    "plans.choose_lead": "Chọn đơn vị chủ trì nhiệm vụ {ref}:",
    "plans.choose_kind": "Chọn loại của nhiệm vụ {ref}:",
    "plans.choose_submitters": "Chọn các nhóm đơn vị phải nộp nhiệm vụ {ref} (bấm để chọn/bỏ), rồi bấm Xong:",
    "plans.done_button": "✔️ Xong",
    "plans.edited": "✅ Đã lưu nhiệm vụ {ref}.",
    "plans.publish_confirm": (
        "📢 Công bố kế hoạch năm {year}?\n• {items} nhiệm vụ, {rounds} kỳ báo cáo sẽ được mở;\n"
        "• kế hoạch năm {previous} chuyển sang «đã qua» (các kỳ còn mở vẫn tiếp tục);\n"
        "• thông báo kèm tệp kế hoạch gửi tới {accounts} tài khoản của các đơn vị."
    ),
    "plans.publish_yes": "📢 Công bố",
    "plans.cancel_button": "Hủy",
    "plans.published": ("✅ Kế hoạch năm {year} đã có hiệu lực: mở {rounds} kỳ báo cáo.\n{notice}"),
    "plans.notice_queued": "Thông báo kế hoạch đang được gửi tới {n} tài khoản (thông báo số {id}).",
    "plans.notice_nobody": "Chưa đơn vị nào có tài khoản: không có thông báo nào được gửi.",
    "plans.notice_text": (
        "Kế hoạch thực hiện công tác thi đua, khen thưởng năm {year} của {issuer} đã được ban hành, "
        "gồm {items} nhiệm vụ. Tệp kế hoạch gửi kèm; các đơn vị xem nhiệm vụ của mình bằng lệnh /kehoach và /nhiemvu."
    ),
    "plans.workbook_name": "ke-hoach-thi-dua-{year}.xlsx",
    "plans.cancelled": "Đã hủy. Bản dự thảo giữ nguyên.",
    # Old overdue work, folded under the current work (/nhiemvu, /nopbaocao)
    "tasks.folded_last_year": "🗂 <b>Quá hạn từ năm trước</b> ({n} kỳ):",
    "tasks.folded_long": "🗂 <b>Quá hạn trên {days} ngày</b> ({n} kỳ):",
    "tasks.folded_line": "• {ref}{name} — hạn {deadline} ({left})",
    "tasks.folded_button": "🗂 Quá hạn từ năm trước ({n})",
    "tasks.folded_button_long": "🗂 Quá hạn trên {days} ngày ({n})",
    # Closing a past year
    "plans.close_preview": (
        "🏁 <b>Kết thúc năm {year}</b>: đóng {n} kỳ báo cáo còn mở. Các đơn vị còn thiếu được ghi lại "
        "trong hồ sơ và tệp xuất Excel; kỳ đã đóng không được nhắc nữa.\n{lines}"
    ),
    "plans.close_round": "• {name} (hạn {deadline}): còn thiếu {n} đơn vị{names}",
    "plans.close_yes": "🏁 Kết thúc năm {year}",
    "plans.closed_year": "✅ Đã kết thúc năm {year}: đóng {n} kỳ báo cáo.",
    "plans.close_nothing": "Năm {year} không còn kỳ báo cáo nào mở.",
    "plans.close_not_past": "Chỉ kết thúc được năm đã qua; kế hoạch năm {year} đang áp dụng hoặc là bản dự thảo.",
}
