"""Texts of cross-check scoring inside a cluster (kiểm tra chéo, domain.md §2.4).

Keys under ``score.xlsx.`` and ``score.result.`` go into Excel cells (rendered with ``plain``): no HTML.
"""

TEXTS: dict[str, str] = {
    # Refusals
    "score.too_few_units": "Cụm thi đua cần ít nhất hai đơn vị thành viên để phân công kiểm tra chéo.",
    "score.not_a_cluster": "Đơn vị được chọn không phải là cụm thi đua.",
    "score.closed": "Cụm trưởng đã kết thúc kiểm tra chéo năm nay; không thể thay đổi điểm.",
    "score.template_in_use": "Đã có đơn vị chấm điểm theo bảng hiện hành; không thể thay bảng chấm điểm.",
    "score.already_started": "Việc chấm điểm đã bắt đầu; không thể phân công lại.",
    "score.self_check": "Đơn vị không được tự kiểm tra, chấm điểm chính mình (chỉ được tự chấm ở cột «Tự chấm»).",
    "score.not_member": "Đơn vị kiểm tra phải là thành viên của cụm thi đua trong năm.",
    "score.no_check": "Không tìm thấy phân công kiểm tra chéo này.",
    "score.unknown_criterion": "Bảng chấm điểm không có tiêu chí mã {code}.",
    "score.not_a_number": "Điểm phải là một số.",
    "score.negative": "Điểm tiêu chí {code} không được là số âm (điểm trừ ghi số dương, bot tự trừ).",
    "score.above_max": "Điểm tiêu chí {code} vượt điểm tối đa ({max} điểm).",
    "score.answered": "Đơn vị được kiểm tra đã có ý kiến về kết quả chấm; không thể sửa điểm nữa.",
    "score.nothing_scored": "Chưa có tiêu chí nào được chấm điểm.",
    "score.not_scored_yet": "Đơn vị kiểm tra chưa gửi kết quả chấm điểm.",
    "score.reason_needed": "Đề nghị nêu rõ lý do không nhất trí với kết quả chấm điểm.",
    "score.not_answered": "Đơn vị được kiểm tra chưa có ý kiến về kết quả chấm điểm.",
    "score.no_checks": "Cụm thi đua chưa phân công kiểm tra chéo năm nay.",
    "score.unsettled": "Còn {count} kết quả kiểm tra chéo chưa được cụm trưởng chốt điểm.",
    "score.template.invalid": (
        "Bảng chấm điểm không hợp lệ ở {where}: mã chỉ gồm chữ, số (tối đa 32 ký tự), nội dung không để trống, "
        "điểm từ 0 đến 1000; phải có ít nhất một tiêu chí và một mức xếp loại."
    ),
    "score.template.duplicate_code": "Bảng chấm điểm có hai tiêu chí cùng mã {code}.",
    "score.template.unknown_parent": "Tiêu chí {code} thuộc nhóm {parent}, nhưng bảng không có nhóm này.",
    "score.template.group_sum": "Nhóm {code}: tổng điểm các tiêu chí là {sum}, khác điểm tối đa của nhóm ({max}).",
    "score.template.bands_order": "Các mức xếp loại phải xếp từ điểm cao xuống điểm thấp.",
    # Notices to units
    "score.notice.scored": (
        "Đơn vị kiểm tra chéo đã chấm điểm đơn vị đồng chí: tổng <b>{total}</b> điểm. "
        "Đề nghị xem kết quả và cho ý kiến nhất trí hoặc không nhất trí (nêu lý do)."
    ),
    "score.notice.agreed": "Đơn vị được kiểm tra đã nhất trí với kết quả chấm điểm; đề nghị cụm trưởng chốt điểm.",
    "score.notice.disputed": (
        "Đơn vị được kiểm tra không nhất trí với kết quả chấm điểm. Lý do: {reason}. "
        "Đề nghị cụm trưởng xem xét, chốt điểm."
    ),
    "score.notice.settled": "Cụm trưởng đã chốt kết quả kiểm tra chéo: <b>{total}</b> điểm, xếp loại <b>{band}</b>.",
    # Excel
    "score.xlsx.sheet": "Bang cham diem",
    "score.xlsx.bands": "Xep loai",
    "score.xlsx.default_name": "Bảng chấm điểm kiểm tra chéo",
    "score.xlsx.col.code": "Mã",
    "score.xlsx.col.group": "Thuộc nhóm",
    "score.xlsx.col.text": "Nội dung tiêu chí",
    "score.xlsx.col.kind": "Loại",
    "score.xlsx.col.max": "Điểm tối đa",
    "score.xlsx.col.guidance": "Hướng dẫn chấm",
    "score.xlsx.col.reporting": "Chế độ báo cáo (x)",
    "score.xlsx.col.self": "Tự chấm",
    "score.xlsx.col.checker": "Điểm chấm",
    "score.xlsx.col.note": "Ghi chú",
    "score.xlsx.col.band_min": "Từ điểm",
    "score.xlsx.col.band_name": "Xếp loại",
    "score.xlsx.kind.criterion": "Tiêu chí",
    "score.xlsx.kind.bonus": "Điểm cộng",
    "score.xlsx.kind.penalty": "Điểm trừ",
    "score.xlsx.too_big": "Tệp Excel quá lớn (tối đa {limit} MB).",
    "score.xlsx.unreadable": "Không đọc được tệp Excel. Đề nghị dùng mẫu bảng chấm điểm do bot cung cấp.",
    "score.xlsx.not_sheet": "Tệp Excel không có trang «{sheet}» của mẫu bảng chấm điểm.",
    "score.xlsx.bad_header": "Dòng tiêu đề của bảng chấm điểm không đúng mẫu; đề nghị không sửa dòng 2.",
    "score.xlsx.bad_kind": "Dòng {row}: loại «{value}» không hợp lệ (Tiêu chí, Điểm cộng hoặc Điểm trừ).",
    "score.xlsx.bad_number": "Dòng {row}: «{value}» không phải là số điểm.",
    "score.xlsx.unknown_code": "Dòng {row}: mã tiêu chí «{code}» không có trong bảng chấm điểm của cụm.",
    "score.result.sheet": "Ket qua",
    "score.result.title": "Kết quả kiểm tra chéo {cluster} năm {year} ({sheet})",
    "score.result.col.place": "Xếp thứ",
    "score.result.col.unit": "Đơn vị",
    "score.result.col.total": "Tổng điểm",
    "score.result.col.band": "Xếp loại",
}
