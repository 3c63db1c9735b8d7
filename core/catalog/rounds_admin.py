"""Texts of /kybaocao: the Office lists, creates and edits reporting rounds."""

TEXTS: dict[str, str] = {
    "cmd.kybaocao": "Kỳ báo cáo: tạo mới, đổi hạn, đơn vị phải nộp",
    # The list
    "rounds_admin.list_header": (
        "<b>Kỳ báo cáo</b>: {open} đang mở, {closed} đã đóng (trang {page}/{pages}).\nChọn một kỳ để xem và chỉnh sửa:"
    ),
    "rounds_admin.list_empty": "Chưa có kỳ báo cáo nào. Bấm «Tạo kỳ báo cáo mới» để bắt đầu.",
    "rounds_admin.line_open": "🟢 {name} · {done}/{total}",
    "rounds_admin.line_closed": "🔒 {name} · {done}/{total}",
    "rounds_admin.new_button": "➕ Tạo kỳ báo cáo mới",
    "rounds_admin.prev_button": "‹ Trước",
    "rounds_admin.next_button": "Sau ›",
    # One round
    "rounds_admin.card": (
        "<b>{name}</b>\n{ref}Loại: {kind}\nTrạng thái: {status}\nHạn nộp: {deadline}\n"
        "Đơn vị phải nộp: {total} — đã nộp {submitted} (muộn {late}), chưa nộp {missing}, bị trả lại {returned}"
    ),
    "rounds_admin.card_ref": "Mục kế hoạch: {ref}\n",
    "rounds_admin.kind.report": "Báo cáo",
    "rounds_admin.kind.registration": "Đăng ký thi đua",
    "rounds_admin.status.open": "🟢 đang nhận văn bản",
    "rounds_admin.status.closed": "🔒 đã đóng",
    "rounds_admin.rename_button": "✏️ Đổi tên",
    "rounds_admin.deadline_button": "📅 Đổi hạn nộp",
    "rounds_admin.units_button": "🏢 Đơn vị phải nộp",
    "rounds_admin.close_button": "🔒 Đóng kỳ báo cáo",
    "rounds_admin.reopen_button": "🔓 Mở lại",
    "rounds_admin.list_button": "« Danh sách kỳ báo cáo",
    "rounds_admin.closed": "🔒 Đã đóng kỳ báo cáo «{name}»: các đơn vị không nộp thêm được.",
    "rounds_admin.reopened": "🔓 Đã mở lại kỳ báo cáo «{name}»: các đơn vị nộp tiếp được.",
    # Name
    "rounds_admin.ask_name": (
        "<b>Tạo kỳ báo cáo mới</b> — bước 1/3.\nĐồng chí nhập tên kỳ báo cáo, ví dụ: "
        "«Báo cáo công tác thi đua, khen thưởng quý III năm 2024». Gõ /huy để dừng."
    ),
    "rounds_admin.ask_rename": "Đồng chí nhập tên mới cho kỳ báo cáo «{name}». Gõ /huy để giữ nguyên.",
    "rounds_admin.renamed": "✅ Đã đổi tên kỳ báo cáo thành «{name}».",
    # Owing units
    "rounds_admin.units_header": (
        "<b>Đơn vị phải nộp</b> — {name}\n{step}Đã chọn: <b>{count}</b> đơn vị{breakdown}\n"
        "Chọn theo nhóm (bấm lại để bỏ cả nhóm), theo cụm, hoặc chọn từng đơn vị."
    ),
    "rounds_admin.step_units": "Bước 2/3. ",
    "rounds_admin.kind_count": "\n• {kind}: {count}",
    "rounds_admin.other_count": "\n• Đơn vị đã hết hiệu lực: {count}",
    "rounds_admin.group_button": "{mark}{group} ({count})",
    "rounds_admin.group.all": "Tất cả đơn vị",
    "rounds_admin.group.TTS": "Thanh tra sở",
    "rounds_admin.group.TTH": "Thanh tra huyện",
    "rounds_admin.group.CUM": "Cụm thi đua",
    "rounds_admin.group.PNV": "Phòng nghiệp vụ",
    "rounds_admin.mark_on": "✅ ",
    "rounds_admin.clusters_button": "👥 Thành viên một cụm…",
    "rounds_admin.each_button": "☰ Chọn từng đơn vị…",
    "rounds_admin.clear_button": "✖️ Bỏ chọn tất cả",
    "rounds_admin.continue_button": "Tiếp tục ▶ ({count} đơn vị)",
    "rounds_admin.save_units_button": "💾 Lưu ({count} đơn vị)",
    "rounds_admin.cancel_button": "Hủy",
    "rounds_admin.clusters_header": "<b>Thành viên của cụm thi đua</b> (năm {year}) — bấm lại để bỏ chọn cả cụm:",
    # The count of member units, as on the group buttons; short, so a cluster's long name still fits.
    "rounds_admin.cluster_button": "{mark}{name} ({count})",
    "rounds_admin.no_clusters": "Chưa có danh sách thành viên cụm thi đua cho năm {year}.",
    "rounds_admin.each_header": (
        "<b>Chọn từng đơn vị</b> — đã chọn {count}. Bấm để chọn hoặc bỏ chọn.\nTrang {page}/{pages}"
    ),
    "rounds_admin.unit_on": "✅ {name}",
    "rounds_admin.unit_off": "▫️ {name}",
    "rounds_admin.done_button": "« Xong",
    "rounds_admin.units_saved": "✅ Đã cập nhật đơn vị phải nộp kỳ «{name}»: thêm {added}, bỏ {removed} đơn vị.",
    "rounds_admin.units_kept": (
        "\nGiữ lại {kept} đơn vị đã nộp văn bản (không bỏ khỏi danh sách phải nộp, để không mất văn bản đã nộp)."
    ),
    # Deadline
    "rounds_admin.ask_deadline": "{step}Đồng chí nhập hạn nộp cho kỳ «{name}», ví dụ: {examples}.",
    "rounds_admin.step_deadline": "Bước 3/3. ",
    "rounds_admin.deadline_unknown": "Bot chưa hiểu thời hạn «{text}». Đề nghị nhập lại, ví dụ: {examples}.",
    "rounds_admin.confirm_deadline": "Hạn nộp: <b>{deadline}</b>. Xác nhận?",
    "rounds_admin.yes_button": "Đúng",
    "rounds_admin.retype_button": "Nhập lại",
    "rounds_admin.created": "✅ Đã tạo kỳ báo cáo «{name}»: {count} đơn vị phải nộp, hạn nộp {deadline}.",
    "rounds_admin.deadline_set": "✅ Đã đổi hạn nộp kỳ «{name}» thành {deadline}.",
    "rounds_admin.cancelled": "Đã hủy, không có thay đổi nào.",
    "rounds_admin.units_told": "Đã báo tới {n} tài khoản của các đơn vị phải nộp.",
    "rounds_admin.unit_created": (
        "📌 Văn phòng Thanh tra tỉnh đề nghị đơn vị nộp «{name}», hạn nộp {deadline}. "
        "Gõ /nopbaocao để nộp, /nhiemvu để xem các việc của đơn vị."
    ),
    "rounds_admin.unit_deadline": (
        "📌 Hạn nộp «{name}» được đổi thành {deadline}. Gõ /nhiemvu để xem các việc của đơn vị."
    ),
}
