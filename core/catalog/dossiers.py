"""Texts of nomination dossiers (hồ sơ đề nghị khen thưởng, domain.md §1.6, §2.5)."""

TEXTS: dict[str, str] = {
    # Statuses (domain.md §2.5)
    "dossier.status.du_thao": "Dự thảo",
    "dossier.status.da_gui": "Đã gửi",
    "dossier.status.da_tiep_nhan": "Đã tiếp nhận",
    "dossier.status.tra_lai": "Bị trả lại",
    "dossier.status.du_dieu_kien": "Đủ điều kiện",
    "dossier.status.khong_du_dieu_kien": "Không đủ điều kiện",
    "dossier.status.trinh_hoi_dong": "Trình Hội đồng Thi đua - Khen thưởng",
    "dossier.status.hoi_dong_thong_qua": "Hội đồng đã thông qua",
    "dossier.status.khong_thong_qua": "Hội đồng không thông qua",
    "dossier.status.da_co_quyet_dinh": "Đã có quyết định khen thưởng",
    "dossier.status.trinh_cap_tren": "Đã trình cấp trên",
    "dossier.status.cap_tren_da_quyet_dinh": "Cấp trên đã quyết định",
    # Refusals
    "dossier.not_found": "Không tìm thấy hồ sơ đề nghị khen thưởng này.",
    "dossier.bad_category": "Loại hình khen thưởng không hợp lệ.",
    "dossier.not_editable": "Hồ sơ đã gửi; chỉ sửa được khi hồ sơ còn là dự thảo hoặc bị trả lại.",
    "dossier.bad_name": "Đề nghị nhập họ và tên (hoặc tên tập thể), tối đa 255 ký tự.",
    "dossier.unknown_award": "Danh mục không có danh hiệu, hình thức khen thưởng mã {code}.",
    "dossier.wrong_subject": "{award} không áp dụng cho đối tượng này (cá nhân / tập thể).",
    "dossier.duplicate": "{name} đã được đề nghị {award} năm {year}; không đề nghị hai lần trong một năm.",
    "dossier.unknown_part": "Thành phần hồ sơ không hợp lệ.",
    "dossier.part_needs_nominee": (
        "«{part}» là tài liệu của từng người, tập thể được đề nghị: đề nghị chọn người, tập thể."
    ),
    "dossier.part_for_dossier": "«{part}» là tài liệu chung của hồ sơ, không gắn với một người.",
    "dossier.bad_move": "Thao tác không hợp lệ.",
    "dossier.illegal_move": "Hồ sơ đang ở trạng thái «{status}», không thể chuyển sang «{target}».",
    "dossier.no_nominees": "Hồ sơ chưa có người, tập thể nào được đề nghị.",
    "dossier.missing": "Hồ sơ còn thiếu: {parts}.",
    "dossier.reason_needed": "Đề nghị nêu rõ lý do.",
    "dossier.deadline_needed": "Đề nghị cho biết thời hạn gửi lại hồ sơ (không sớm hơn hôm nay).",
    "dossier.has_ineligible": "Còn người, tập thể chưa đủ điều kiện: {names}.",
    # Eligibility (each shown with its legal basis)
    "dossier.elig.unknown_award": "Danh mục không có mã {code}.",
    "dossier.elig.wrong_subject": "{award} không áp dụng cho đối tượng này.",
    "dossier.elig.not_in_force": "{award} không còn (hoặc chưa) áp dụng vào ngày {day}.",
    "dossier.elig.basis": "Căn cứ xét {award} áp dụng ngày {day}",
    "dossier.elig.no_basis": "Chưa xác định được căn cứ pháp lý của {award} áp dụng ngày {day}.",
    "dossier.elig.registered": "Đã đăng ký thi đua {award} năm {year}.",
    "dossier.elig.unregistered": (
        "Chưa đăng ký thi đua {award} năm {year}: theo quy định, trường hợp không đăng ký thi đua "
        "thường không được xem xét. Đề nghị Văn phòng cân nhắc."
    ),
    "dossier.elig.quota_ok": (
        "Tỷ lệ: {count} người đề nghị / {base} người Lao động tiên tiến (tối đa {pct}%, tức {limit})."
    ),
    "dossier.elig.quota_exceeded": (
        "Vượt tỷ lệ: {count} người đề nghị, trong khi tối đa {pct}% của {base} người Lao động tiên tiến là {limit}."
    ),
    "dossier.elig.prerequisite_ok": "Đủ điều kiện nối tiếp để đề nghị {award} (đạt {route}).",
    "dossier.elig.prerequisite_missing": "Chưa đủ điều kiện nối tiếp để đề nghị {award}: cần {routes}.",
    "dossier.elig.prerequisite_manual": (
        "Lịch sử khen thưởng chưa cho thấy {routes}; {manual} — Văn phòng kiểm tra trong hồ sơ để đề nghị {award}."
    ),
    # Notices to the proposing unit
    "dossier.notice.status": "Hồ sơ đề nghị khen thưởng số {id} năm {year}: {status}.",
    "dossier.notice.status_reason": "Hồ sơ đề nghị khen thưởng số {id} năm {year}: {status}. Lý do: {reason}.",
    "dossier.notice.returned": (
        "Hồ sơ đề nghị khen thưởng số {id} năm {year} bị trả lại. Lý do: {reason}. "
        "Đề nghị đơn vị bổ sung, gửi lại trước ngày {due}."
    ),
    # The chat flow /hoso (handlers/yearend/dossiers*.py)
    "cmd.hoso": "Hồ sơ đề nghị khen thưởng: lập, gửi, tiếp nhận",
    "dossier.category.cong_trang": "Khen thưởng công trạng (tổng kết năm)",
    "dossier.category.chuyen_de": "Khen thưởng theo chuyên đề",
    "dossier.category.dot_xuat": "Khen thưởng đột xuất",
    "dossier.category.cong_hien": "Khen thưởng quá trình cống hiến",
    "dossier.category.nien_han": "Khen thưởng theo niên hạn",
    "dossier.category.doi_ngoai": "Khen thưởng đối ngoại",
    "dossier.flow.list": "<b>HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG NĂM {year}</b> ({count} hồ sơ). Đồng chí chọn hồ sơ:",
    "dossier.flow.none": "Năm {year} chưa có hồ sơ đề nghị khen thưởng nào.",
    "dossier.flow.item": "Số {id} · {unit} · {status}",
    "dossier.flow.new_button": "➕ Lập hồ sơ mới",
    "dossier.flow.which_unit": "Hồ sơ của đơn vị nào?",
    "dossier.flow.unit_choice": "{unit}",
    "dossier.flow.which_category": "Đồng chí chọn loại hình khen thưởng của hồ sơ:",
    "dossier.flow.created": "Đã lập hồ sơ số {id} (dự thảo). Đề nghị thêm người, tập thể được đề nghị và tài liệu.",
    "dossier.flow.card": (
        "<b>HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG SỐ {id}</b>\nĐơn vị đề nghị: {unit}\nNăm: {year} · {category}\n"
        "Trạng thái: <b>{status}</b>"
    ),
    "dossier.flow.returned": "Lý do trả lại: {reason}\nHạn gửi lại: {due}",
    "dossier.flow.nominees": "\n<b>Người, tập thể được đề nghị ({count}):</b>",
    "dossier.flow.nominee": "{n}. <b>{name}</b>{position} — {award}",
    "dossier.flow.position": ", {position}",
    "dossier.flow.check": "   {icon} {text}",
    "dossier.flow.check_basis": "   {icon} {text} <i>(Căn cứ: {basis})</i>",
    "dossier.flow.documents": "\n<b>Tài liệu đã gửi ({count}):</b>",
    "dossier.flow.document": "• {part}: {name}",
    "dossier.flow.missing_head": "\n<b>Còn thiếu:</b>",
    "dossier.flow.missing": "⏳ {part}{who}",
    "dossier.flow.missing_who": " — của {name}",
    "dossier.flow.complete": "\nHồ sơ đã đủ thành phần theo quy định.",
    "dossier.flow.add_person": "➕ Thêm cá nhân",
    "dossier.flow.add_collective": "➕ Thêm tập thể",
    "dossier.flow.upload": "📎 Gửi tài liệu",
    "dossier.flow.submit": "📤 Gửi Văn phòng",
    "dossier.flow.download": "📥 Tải tài liệu",
    "dossier.flow.recheck": "🔁 Kiểm tra lại điều kiện",
    "dossier.flow.move.receive": "📥 Tiếp nhận",
    "dossier.flow.move.eligible": "✅ Đủ điều kiện",
    "dossier.flow.move.to_council": "🏛 Trình Hội đồng",
    "dossier.flow.move.propose_up": "⬆️ Đã trình cấp trên",
    "dossier.flow.move.decided_up": "🏅 Cấp trên đã quyết định",
    "dossier.flow.move.return": "↩️ Trả lại (nêu lý do, hạn gửi lại)",
    "dossier.flow.move.not_eligible": "❌ Không đủ điều kiện (nêu lý do)",
    "dossier.flow.ask_person": (
        "Đề nghị nhập họ và tên, chức vụ của người được đề nghị, cách nhau bởi dấu phẩy. "
        "Ví dụ: <code>Nguyễn Văn An, Thanh tra viên</code>"
    ),
    "dossier.flow.which_collective": "Tập thể nào được đề nghị?",
    "dossier.flow.which_award": "Đề nghị danh hiệu, hình thức khen thưởng nào cho <b>{name}</b>?",
    "dossier.flow.award_choice": "{award}",
    "dossier.flow.added_ok": "Đã thêm {name}. Kết quả kiểm tra điều kiện:",
    "dossier.flow.added_fail": "Đã thêm {name}, nhưng <b>chưa đủ điều kiện</b> theo kiểm tra dưới đây:",
    "dossier.flow.which_part": "Tài liệu gửi là thành phần nào của hồ sơ? (⏳: còn thiếu)",
    "dossier.flow.part_choice": "{mark}{part}",
    "dossier.flow.whose": "«{part}» của ai?",
    "dossier.flow.nominee_choice": "{name} ({award})",
    "dossier.flow.ask_file": "Đề nghị gửi tệp «{part}» (PDF, Word, Excel hoặc ảnh chụp).",
    "dossier.flow.send_file": "Đề nghị gửi tệp (PDF, Word, Excel hoặc ảnh chụp), không phải tin nhắn chữ.",
    "dossier.flow.attached": "Đã nhận tệp «{name}».",
    "dossier.flow.file_caption": "Hồ sơ số {id}: {part}.",
    "dossier.flow.submitted": "Đã gửi hồ sơ về Văn phòng Thanh tra tỉnh.",
    "dossier.flow.office_notice": (
        "📥 {unit} đã gửi hồ sơ đề nghị khen thưởng số {id} năm {year}. Gõ /hoso để tiếp nhận."
    ),
    "dossier.flow.moved": "{text} (đã báo {told} tài khoản của đơn vị)",
    "dossier.flow.rechecked": "Đã kiểm tra lại điều kiện của từng người, tập thể theo quy định hiện hành.",
    "dossier.flow.ask_reason.return": "Đề nghị nêu lý do trả lại hồ sơ (một tin nhắn):",
    "dossier.flow.ask_reason.not_eligible": "Đề nghị nêu lý do hồ sơ không đủ điều kiện (một tin nhắn):",
    "dossier.flow.ask_due": "Hạn đơn vị gửi lại hồ sơ (dd/mm/yyyy), ví dụ <code>20/12/2024</code>:",
    "dossier.flow.bad_date": "Chưa đọc được ngày. Đề nghị gõ theo dạng dd/mm/yyyy, ví dụ 20/12/2024.",
}
