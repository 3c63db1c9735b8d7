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
    # The chat flow /chamdiem (handlers/yearend/scoring*.py)
    "cmd.chamdiem": "Kiểm tra chéo, chấm điểm thi đua trong cụm",
    "score.check_status.assigned": "chưa chấm",
    "score.check_status.scored": "đã chấm, chờ ý kiến",
    "score.check_status.agreed": "đã nhất trí",
    "score.check_status.disputed": "không nhất trí",
    "score.check_status.settled": "đã chốt điểm",
    "score.flow.kind.criterion": "tiêu chí",
    "score.flow.kind.bonus": "điểm cộng",
    "score.flow.kind.penalty": "điểm trừ",
    "score.flow.nothing": (
        "Năm {year}, {unit} chưa được phân công kiểm tra chéo. Cụm trưởng hoặc Văn phòng phân công trước khi chấm điểm."
    ),
    "score.flow.start": "<b>KIỂM TRA CHÉO NĂM {year}</b>\nĐồng chí chọn việc cần làm:",
    "score.flow.cluster": "📋 {name}",
    "score.flow.to_check": "✍️ Chấm điểm: {unit} ({status})",
    "score.flow.own": "🔎 Đơn vị mình: tự chấm, xem kết quả ({status})",
    "score.flow.card": (
        "<b>{checked}</b> — kiểm tra chéo năm {year}\nĐơn vị kiểm tra: {checker}\n"
        "Bảng chấm: {sheet} ({items} tiêu chí, tối đa {max_total} điểm)\nTrạng thái: {status}\n"
        "Tự chấm: {self_total} điểm"
    ),
    "score.flow.card_checker": "Đơn vị kiểm tra đã chấm {scored} tiêu chí, tổng <b>{total}</b> điểm.",
    "score.flow.card_dispute": "Lý do không nhất trí: {reason}",
    "score.flow.card_final": "Cụm trưởng đã chốt: <b>{total}</b> điểm, xếp loại <b>{band}</b>.",
    "score.flow.card_closed": "Cụm trưởng đã kết thúc kiểm tra chéo năm nay; điểm không thay đổi được nữa.",
    "score.flow.score_button": "✍️ Chấm theo từng tiêu chí",
    "score.flow.upload_button": "📤 Gửi bảng chấm đã điền (Excel)",
    "score.flow.finish_button": "✅ Hoàn thành, gửi kết quả chấm",
    "score.flow.self_button": "✍️ Tự chấm theo từng tiêu chí",
    "score.flow.lines_button": "🔎 Xem điểm từng tiêu chí",
    "score.flow.agree_button": "👍 Nhất trí với kết quả chấm",
    "score.flow.disagree_button": "👎 Không nhất trí (nêu lý do)",
    "score.flow.sheet_button": "📥 Tải bảng chấm (Excel)",
    "score.flow.lines_head": (
        "<b>Điểm từng tiêu chí: {checked}</b> (đơn vị kiểm tra: {checker})\nMã · tối đa · tự chấm · chấm · chốt"
    ),
    "score.flow.line": "{code} · {max} · {self} · {checker} · {final}{note}",
    "score.flow.line_note": " — {note}",
    "score.flow.sheet_caption": "Bảng chấm điểm kiểm tra chéo năm {year}: {checked}.",
    "score.flow.ask": (
        "<b>Tiêu chí {n}/{of}</b> · {group}\n<b>{code}</b>. {text}\nLoại: {kind}; tối đa <b>{max}</b> điểm."
    ),
    "score.flow.guidance": "<i>Hướng dẫn chấm: {text}</i>",
    "score.flow.self_was": "Đơn vị tự chấm: {points}.",
    "score.flow.current": "Điểm đang ghi: {points}.",
    "score.flow.proposal": (
        "Đề xuất theo chế độ báo cáo: <b>{points}</b> điểm ({on_time}/{due} báo cáo gửi đúng hạn tính đến nay)."
    ),
    "score.flow.how_to_score": (
        "Gõ số điểm (ví dụ 18 hoặc 18,5); có thể ghi chú sau dấu chấm phẩy: <code>18; thiếu 01 cuộc thanh tra</code>."
    ),
    "score.flow.how_to_penalty": (
        "Điểm trừ: gõ số điểm bị trừ bằng số dương (ví dụ 2), bot tự trừ vào tổng; có thể ghi chú sau dấu chấm phẩy."
    ),
    "score.flow.use_proposal": "Dùng điểm đề xuất ({points})",
    "score.flow.skip_button": "⏭ Bỏ qua",
    "score.flow.pick_button": "✏️ Sửa tiêu chí khác",
    "score.flow.done_button": "✅ Xong",
    "score.flow.pick": "Đồng chí chọn tiêu chí cần chấm, sửa (trang {page}/{pages}):",
    "score.flow.pick_item": "{code}: {points}/{max}",
    "score.flow.saved": "Đã ghi tiêu chí {code}: {points} điểm.",
    "score.flow.skipped": "Đã bỏ qua tiêu chí {code}.",
    "score.flow.all_done": "Đã đi hết các tiêu chí của bảng chấm.",
    "score.flow.not_a_score": (
        "Chưa đọc được số điểm. Đề nghị gõ một số (ví dụ 18 hoặc 18,5), hoặc chọn «Bỏ qua» / «Sửa tiêu chí khác»."
    ),
    "score.flow.ask_sheet": (
        "Đề nghị gửi tệp Excel bảng chấm điểm của {checked} đã điền cột «Điểm chấm» (và «Ghi chú»), "
        "theo mẫu tải từ nút «Tải bảng chấm». Bot kiểm tra mọi dòng; có dòng sai thì không ghi dòng nào."
    ),
    "score.flow.send_xlsx": "Đề nghị gửi tệp Excel (.xlsx) theo mẫu bảng chấm điểm.",
    "score.flow.sheet_applied": "Đã ghi điểm của {count} tiêu chí từ tệp Excel.",
    "score.flow.finished": (
        "Đã gửi kết quả chấm điểm. Đơn vị được kiểm tra được thông báo ({told} tài khoản) để cho ý kiến."
    ),
    "score.flow.agreed": "Đã ghi ý kiến nhất trí; cụm trưởng được thông báo để chốt điểm.",
    "score.flow.ask_reason": "Đề nghị nêu rõ lý do không nhất trí với kết quả chấm điểm (một tin nhắn):",
    "score.flow.disputed": "Đã ghi ý kiến không nhất trí và lý do; cụm trưởng được thông báo để xem xét, chốt điểm.",
    "score.flow.board": "<b>{cluster}</b> — kiểm tra chéo năm {year} ({state})\nBảng chấm: {sheet}",
    "score.flow.state_open": "đang thực hiện",
    "score.flow.state_closed": "đã kết thúc",
    "score.flow.board_line": "• {checked} ← {checker}: {status}, {total} điểm",
    "score.flow.no_pairs": (
        "Chưa phân công kiểm tra chéo. Chọn «Phân công theo vòng» để mỗi đơn vị được đơn vị kế tiếp kiểm tra."
    ),
    "score.flow.rotate_button": "🔄 Phân công theo vòng (mặc định)",
    "score.flow.reassign_button": "✏️ Đổi đơn vị kiểm tra",
    "score.flow.settle_button": "⚖️ Chốt điểm: {unit}",
    "score.flow.close_button": "🏁 Kết thúc kiểm tra chéo",
    "score.flow.rank_button": "📊 Xếp hạng, tệp kết quả",
    "score.flow.template_button": "📥 Mẫu bảng chấm điểm (Excel)",
    "score.flow.load_button": "📤 Nạp bảng chấm điểm của cụm (Excel)",
    "score.flow.rotated": "Đã phân công {count} cặp kiểm tra chéo theo vòng; có thể đổi từng cặp trước khi chấm.",
    "score.flow.reassign_which": "Đồng chí chọn đơn vị được kiểm tra cần đổi đơn vị kiểm tra:",
    "score.flow.pair": "{checked} ← {checker}",
    "score.flow.reassign_to": "{checked} đang do {checker} kiểm tra. Đồng chí chọn đơn vị kiểm tra mới:",
    "score.flow.checker_choice": "{unit}",
    "score.flow.reassigned": "Đã phân công {checker} kiểm tra {checked}.",
    "score.flow.settle": "<b>Chốt điểm: {checked}</b> (đơn vị kiểm tra: {checker}; {status})\n{reason}",
    "score.flow.settle_line": "{code} · tối đa {max} · tự chấm {self} · chấm {checker} · chốt {final} {changed}",
    "score.flow.settle_total": "Tổng điểm chốt: <b>{total}</b>, xếp loại <b>{band}</b>.",
    "score.flow.settle_ok": "✅ Chốt điểm",
    "score.flow.override_button": "✏️ Sửa điểm một tiêu chí",
    "score.flow.ask_override": "Tiêu chí <b>{code}</b>. {text}\nGõ điểm chốt (0 đến {max}):",
    "score.flow.overridden": "Điểm chốt tiêu chí {code}: {points} (chưa lưu, bấm «Chốt điểm» để lưu).",
    "score.flow.settled": "Đã chốt điểm của {checked}; đơn vị được thông báo.",
    "score.flow.closed": "Đã kết thúc kiểm tra chéo năm nay; điểm không thay đổi được nữa.",
    "score.flow.ranking": "<b>XẾP HẠNG KIỂM TRA CHÉO — {cluster} năm {year}</b> ({sheet})",
    "score.flow.rank_line": "{place}. {unit}: {total} điểm — {band}",
    "score.flow.result_caption": "Kết quả kiểm tra chéo (Excel): {cluster}.",
    "score.flow.docx_caption": (
        "Báo cáo kết quả kiểm tra chéo (Word, theo thể thức Nghị định 30/2020/NĐ-CP): {cluster}."
    ),
    "score.flow.template_caption": (
        "Mẫu bảng chấm điểm kiểm tra chéo (Excel): cụm trưởng sửa, rồi nạp lại bằng nút «Nạp bảng chấm»."
    ),
    "score.flow.ask_template": (
        "Đề nghị gửi tệp Excel bảng chấm điểm của {cluster} theo mẫu (trang «Bang cham diem» và «Xep loai»). "
        "Bảng mới thay bảng mặc định khi chưa đơn vị nào chấm."
    ),
    "score.flow.template_loaded": "Đã nạp bảng chấm «{name}» ({items} tiêu chí).",
}
