"""Texts of the plan items that act: prompts to the Office, the meeting's eve reminder, /viecvanphong,
the status marks of /kehoach, the overdue items of the Office digest."""

TEXTS: dict[str, str] = {
    "cmd.viecvanphong": "Việc của Văn phòng theo kế hoạch: phụ trách, hoàn thành, gửi cấp trên",
    # Statuses (/kehoach, /viecvanphong)
    "pa.status.done": "✅ đã thực hiện",
    "pa.status.not_done": "✖️ không thực hiện",
    "pa.status.due": "⏳ đến hạn",
    "pa.status.upcoming": "🔜 sắp tới",
    "pa.status.overdue": "⚠️ quá hạn",
    "pa.kind.notice": "thông báo",
    "pa.kind.meeting": "hội nghị, cuộc họp",
    "pa.kind.internal": "việc của Văn phòng",
    "pa.kind.outbound": "báo cáo, trình cấp trên",
    "pa.kind.decision": "quyết định khen thưởng",
    "pa.plan_status": "Tình trạng: {status}{counts}",
    "pa.counts_ack": " · «Đã nhận» {received}/{delivered}",
    "pa.counts_meeting": " · Tham dự {attend}, cử người thay {delegate}, vắng {absent} / {delivered} đã nhận giấy mời",
    # Prompts from the sweep
    "pa.prompt.notice": "🔔 <b>Đến hạn: {task}</b> — soạn thông báo?\nNhiệm vụ {ref} của kế hoạch, thời hạn: {due}.",
    "pa.prompt.meeting": (
        "🔔 <b>Sắp đến: {task}</b> — gửi giấy mời?\nNhiệm vụ {ref} của kế hoạch, thời gian dự kiến: {due}.\n"
        "Giấy mời ghi thời gian, địa điểm; người nhận trả lời «Tham dự», «Cử người thay» hoặc «Vắng mặt»."
    ),
    "pa.prompt.task": (
        "🔔 <b>Việc của Văn phòng: {task}</b>\nNhiệm vụ {ref} ({kind}), thời hạn: {due}{when}.\n"
        "Khi xong, đề nghị đồng chí ghi nhận trong /viecvanphong."
    ),
    "pa.prompt.today": " — <b>hôm nay</b>",
    "pa.compose_notice_button": "✍️ Soạn thông báo",
    "pa.compose_meeting_button": "✍️ Soạn giấy mời",
    "pa.open_button": "📋 Mở việc {ref}",
    "pa.eve": (
        "📅 <b>Nhắc lịch họp ngày mai</b>\n{text}\n🕗 Thời gian: {when}\n📍 Địa điểm: {place}\n"
        "Đồng chí đã xác nhận tham dự; đề nghị đồng chí sắp xếp thời gian."
    ),
    "pa.place_unknown": "theo giấy mời",
    # /thongbao from an item
    "pa.prefilled": (
        "Soạn {kind} cho nhiệm vụ <b>{ref}</b>. Nội dung soạn sẵn:\n\n<i>{text}</i>\n\n"
        "Đồng chí có thể nhập nội dung khác để thay, gửi kèm tệp/ảnh, hoặc bấm «Tiếp tục»."
    ),
    "pa.prefill_notice": "thông báo",
    "pa.invite_text": "Văn phòng Thanh tra tỉnh trân trọng kính mời đồng chí dự: {task}.",
    "pa.prefill_meeting": "giấy mời",
    # Meeting invitations (asked in /thongbao when the answers are «Tham dự / Cử người thay / Vắng mặt»)
    "pa.ask_when": (
        "Đề nghị đồng chí nhập <b>thời gian họp</b>, ví dụ: «8h ngày 20/12/2024», «14 giờ 30 thứ sáu tuần sau»."
    ),
    "pa.when_unreadable": "Chưa đọc được thời gian «{text}». Ví dụ: «8h ngày 20/12/2024».",
    "pa.when_past": "Thời gian họp {when} đã qua. Đề nghị đồng chí nhập thời gian sắp tới.",
    "pa.ask_place": (
        "Thời gian họp: <b>{when}</b>.\nĐề nghị đồng chí nhập <b>địa điểm</b> (ví dụ: Hội trường tầng 3, "
        "Thanh tra tỉnh)."
    ),
    "pa.place_too_long": "Địa điểm tối đa {limit} ký tự; đồng chí đã nhập {length} ký tự.",
    "pa.meeting_when": "🕗 Thời gian: {when}",
    "pa.meeting_place": "📍 Địa điểm: {place}",
    # /viecvanphong
    "pa.home": "🗂 <b>Việc của Văn phòng theo kế hoạch năm {year}</b>\n{lines}\n\nChọn một nhiệm vụ để xem, ghi nhận.",
    "pa.home_line": "{status} <b>{ref}</b> {task} — {due}",
    "pa.item_button": "{ref}",
    "pa.card": "<b>{ref}. {task}</b>\nLoại: {kind}\nThời hạn: {due}\nTình trạng: {status}{counts}",
    "pa.card_owner": "\nPhụ trách: {name}",
    "pa.card_meeting": "\n🕗 Giấy mời: {when}",
    "pa.card_place": "\n📍 Địa điểm: {place}",
    "pa.card_done": "\nGhi nhận: {who}, {at}",
    "pa.card_note": "\nGhi chú: {note}",
    "pa.card_sent_to": "\nĐã gửi: {to}",
    "pa.card_file": "\nTệp: {name}",
    "pa.card_answers": "\n<b>Trả lời giấy mời</b>:\n{lines}",
    "pa.answer_line": "• {who} ({unit}): {answer}",
    "pa.answer.attend": "Tham dự",
    "pa.answer.delegate": "Cử người thay",
    "pa.answer.absent": "Vắng mặt",
    "pa.answer.received": "Đã nhận",
    "pa.answer.none": "chưa trả lời",
    "pa.take_button": "🙋 Tôi phụ trách",
    "pa.give_button": "👥 Giao cho…",
    "pa.ask_owner": "Giao nhiệm vụ cho cán bộ Văn phòng nào?",
    "pa.done_button": "✅ Đã xong",
    "pa.sent_button": "📤 Ghi nhận đã gửi cấp trên",
    "pa.not_done_button": "✖️ Không thực hiện",
    "pa.reopen_button": "↩️ Mở lại",
    "pa.file_button": "📎 Tải tệp đã ghi nhận",
    "pa.file_caption": "📎 Tệp ghi nhận của nhiệm vụ {ref}",
    "pa.attendance_button": "📥 Danh sách tham dự (Excel)",
    "pa.back_button": "« Danh sách",
    "pa.ask_done_note": (
        "Nhiệm vụ {ref}: đề nghị đồng chí ghi chú kết quả (có thể gửi kèm một tệp, ghi chú ở phần chú thích), "
        "hoặc bấm «Không ghi chú»."
    ),
    "pa.ask_sent_note": (
        "Nhiệm vụ {ref}: đề nghị đồng chí ghi <b>nơi nhận và số văn bản</b> đã gửi cấp trên "
        "(ví dụ: «Sở Nội vụ, CV số 45/TTr-VP»), có thể gửi kèm tệp văn bản."
    ),
    "pa.ask_reason": "Nhiệm vụ {ref}: đề nghị đồng chí ghi lý do không thực hiện (có thể gửi kèm tệp).",
    "pa.no_note_button": "Không ghi chú",
    "pa.cancel_button": "Hủy",
    "pa.cancelled": "Đã hủy, chưa ghi nhận gì.",
    "pa.recorded_done": "✅ Đã ghi nhận nhiệm vụ {ref} hoàn thành.",
    "pa.recorded_not_done": "✖️ Đã ghi nhận nhiệm vụ {ref} không thực hiện.",
    "pa.reason_needed": "Đề nghị đồng chí ghi lý do không thực hiện.",
    "pa.note_too_long": "Ghi chú tối đa {limit} ký tự; đồng chí đã nhập {length} ký tự.",
    "pa.already_finished": "Nhiệm vụ {ref} đã được ghi nhận trước đó. Bấm «Mở lại» nếu cần sửa.",
    "pa.no_invitation": "Nhiệm vụ {ref} chưa có giấy mời nào được gửi qua bot.",
    "pa.attendance_caption": "📥 Danh sách tham dự: {ref}. {task}",
    "pa.xlsx.title": "Danh sách tham dự",
    "pa.xlsx.meeting": "{task} — {when} — {place}",
    "pa.xlsx.no": "STT",
    "pa.xlsx.unit": "Đơn vị",
    "pa.xlsx.person": "Người nhận giấy mời",
    "pa.xlsx.answer": "Trả lời",
    "pa.xlsx.answered_at": "Thời điểm trả lời",
    "pa.use_buttons_or_note": "Đề nghị đồng chí nhập ghi chú, gửi tệp, hoặc bấm nút.",
    # The Office's weekly digest
    "pa.digest_header": "\n🗂 <b>Việc của Văn phòng quá hạn</b> (/viecvanphong):",
    "pa.digest_line": "• {ref} {task} — hạn {due}{owner}",
    "pa.digest_owner": ", phụ trách: {name}",
}
