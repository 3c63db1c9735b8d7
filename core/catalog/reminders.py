"""Texts of reminders (domain.md §5.2 "Nhắc việc"), the Office's digests and /nhacviec."""

TEXTS: dict[str, str] = {
    # To a unit that still owes a round
    "remind.before": (
        "🔔 Nhắc việc: còn {n} ngày đến hạn gửi <b>{name}</b> (hạn: {deadline}). Đến thời điểm này, "
        "Văn phòng Thanh tra tỉnh chưa nhận được văn bản của {unit}."
    ),
    "remind.today": (
        "🔔 Hôm nay là hạn cuối gửi <b>{name}</b> (trước {time} ngày {date}). Đề nghị đồng chí khẩn trương "
        "hoàn thiện và gửi về Văn phòng Thanh tra tỉnh."
    ),
    "remind.overdue": (
        "⏰ <b>{name}</b> của {unit} đã quá hạn {n} ngày (hạn: {deadline}). Đề nghị đồng chí gửi ngay; "
        "trường hợp có khó khăn, vướng mắc, đề nghị liên hệ {contact}."
    ),
    "remind.contact_person": "đồng chí {name}, số điện thoại {phone}",
    "remind.contact_name": "đồng chí {name}",
    "remind.contact_office": "Văn phòng Thanh tra tỉnh",
    "remind.returned_note": "\nVăn bản đơn vị đã gửi bị trả lại; đề nghị hoàn thiện và gửi lại.",
    "remind.submit_button": "📤 Nộp báo cáo",
    # Quarter start
    "remind.quarter_header": (
        "📅 <b>Nhiệm vụ thi đua, khen thưởng Quý {quarter}/{year}</b>\nKính gửi {unit}. Thực hiện Kế hoạch "
        "công tác thi đua, khen thưởng năm {year} của Thanh tra tỉnh, trong Quý {quarter} đơn vị có các "
        "nhiệm vụ sau:"
    ),
    "remind.quarter_item": "{ref}. {task} — {role}; thời hạn: {due}",
    "remind.quarter_footer": "Đề nghị đơn vị chủ động triển khai, gửi văn bản đúng hạn. Gõ /help để xem các lệnh.",
    "remind.role.lead": "chủ trì",
    "remind.role.coordinating": "phối hợp",
    "remind.role.submitter": "gửi văn bản về Văn phòng",
    "remind.due_unknown": "chưa xác định",
    # To the Office
    "office.weekly_header": "📋 <b>Tổng hợp tình hình gửi văn bản</b> (tính đến {time} ngày {date})",
    "office.after_deadline_header": "📋 <b>Đã hết hạn gửi văn bản</b> (tính đến {time} ngày {date})",
    "office.round_header": "\n<b>DANH SÁCH ĐƠN VỊ CHƯA GỬI {name}</b> (hạn: {deadline}){paused}:",
    "office.round_paused": " — ⏸ đang tạm dừng nhắc việc",
    "office.line_overdue": "{n}. {unit} – quá hạn {days} ngày{marks}",
    "office.line_today": "{n}. {unit} – hạn cuối hôm nay{marks}",
    "office.line_left": "{n}. {unit} – còn {days} ngày{marks}",
    "office.mark_returned": " (bị trả lại, chờ bổ sung)",
    "office.mark_paused": " ⏸",
    "office.mark_no_account": " ⚠️ không có tài khoản nhận nhắc việc",
    "office.summary": ("Tổng hợp: Đã nộp {a}/{total} đơn vị; chưa nộp {b}; bị trả lại, chờ bổ sung {c}; nộp muộn {d}."),
    "office.flag_header": (
        "⚠️ <b>Đơn vị không nhận được nhắc việc</b> vì không còn tài khoản nào đang hoạt động "
        "(chưa liên kết, bị thu hồi hoặc đã chặn bot):"
    ),
    "office.flag_round": "• <b>{name}</b>: {units}",
    "office.flag_no_round": "• Nhiệm vụ đầu quý: {units}",
    "office.flag_footer": "Đề nghị cấp mã mời cho đơn vị (/donvi) hoặc liên hệ trực tiếp đơn vị.",
    # /nhacviec
    "cmd.nhacviec": "Nhắc việc tự động: tạm dừng, tiếp tục, lịch nhắc",
    "rem.header": (
        "🔔 <b>Nhắc việc tự động</b>\nCác kỳ báo cáo đang mở: {count}. Chọn một kỳ để tạm dừng, tiếp tục "
        "hoặc đổi lịch nhắc."
    ),
    "rem.none": "Hiện không có kỳ báo cáo nào đang mở.",
    "rem.round_button": "{state} {name} · chưa nộp {missing}",
    "rem.icon_on": "🔔",
    "rem.icon_off": "⏸",
    "rem.state_on": "đang bật",
    "rem.state_off": "đang tạm dừng",
    "rem.card": (
        "<b>{name}</b>\nHạn nộp: {deadline}\nNhắc việc: {state}\nChưa nộp: {missing}/{total} đơn vị{paused_units}\n"
        "Lịch nhắc: {rules}\nLần nhắc tiếp theo: {next}"
    ),
    "rem.paused_units": " (tạm dừng nhắc {n} đơn vị)",
    "rem.rules": "trước hạn {before}; quá hạn: sau {first} ngày, rồi cứ {every} ngày làm việc nhắc một lần",
    "rem.rules_custom": " (riêng kỳ này)",
    "rem.day_zero": "ngày đến hạn",
    "rem.days": "{days} ngày",
    "rem.next_none": "không có (đã tạm dừng hoặc các đơn vị đã nộp đủ)",
    "rem.pause_button": "⏸ Tạm dừng nhắc kỳ này",
    "rem.resume_button": "🔔 Tiếp tục nhắc kỳ này",
    "rem.units_button": "🏢 Tạm dừng theo đơn vị",
    "rem.rules_button": "🗓 Đổi lịch nhắc",
    "rem.rules_reset_button": "↩️ Dùng lịch mặc định",
    "rem.units_header": (
        "<b>{name}</b>\nĐơn vị chưa nộp: {count}. Bấm vào đơn vị để tạm dừng hoặc tiếp tục nhắc "
        "(🔔 đang nhắc, ⏸ tạm dừng):"
    ),
    "rem.units_none": "<b>{name}</b>\nTất cả đơn vị đã nộp kỳ này.",
    "rem.unit_button": "{state} {unit}",
    "rem.next_page": "Trang sau »",
    "rem.prev_page": "« Trang trước",
    "rem.rules_prompt": (
        "Nhập lịch nhắc mới cho kỳ «{name}»: các ngày nhắc trước hạn (0 là ngày đến hạn), sau dấu «/» là số "
        "ngày làm việc giữa hai lần nhắc khi đã quá hạn.\nVí dụ: <code>7 3 1 0 / 3</code> hoặc "
        "<code>5 2 0 / 2</code>. Gõ /huy để thôi."
    ),
    "rem.rules_invalid": (
        "Chưa hiểu lịch nhắc «{text}». Ví dụ: <code>7 3 1 0 / 3</code> (ngày trước hạn từ 0 đến 60; "
        "nhắc lại sau hạn mỗi 1 đến 20 ngày làm việc)."
    ),
    "rem.rules_confirm": "Lịch nhắc mới của kỳ «{name}»: {rules}.\nĐồng chí xác nhận lưu?",
    "rem.save_button": "✅ Lưu",
    "rem.rules_saved": "✅ Đã lưu lịch nhắc của kỳ «{name}»: {rules}.",
    "rem.round_closed": "Kỳ báo cáo «{name}» đã đóng; không còn nhắc việc.",
    "rem.not_owing": "Đơn vị này không phải nộp kỳ báo cáo này.",
}
