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
}
