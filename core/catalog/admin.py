"""Texts of the Office's administration: units, invites, approvals, roles."""

TEXTS: dict[str, str] = {
    # Approval requests
    "approve.request": (
        "🆕 <b>Yêu cầu liên kết tài khoản</b>\nHọ tên: {name}\nMã tài khoản: {account_id}\n"
        "Đơn vị đề nghị: <b>{unit}</b>\nThời gian: {when}"
    ),
    "approve.approve_button": "✅ Duyệt",
    "approve.reject_button": "❌ Từ chối",
    "approve.done_approved": "✅ Đã duyệt: {name} — <b>{unit}</b> (bởi {admin}, {when}).",
    "approve.done_rejected": "❌ Đã từ chối: {name} — <b>{unit}</b> (bởi {admin}, {when}).",
    "approve.ask_reason": (
        "Từ chối yêu cầu của {name} — <b>{unit}</b>. Đồng chí nhập lý do từ chối (người đề nghị sẽ nhận được), "
        "hoặc bấm «Từ chối, không nêu lý do»."
    ),
    "approve.reject_no_reason_button": "Từ chối, không nêu lý do",
    "approve.reject_cancelled": "Đã hủy từ chối; yêu cầu vẫn chờ duyệt (/duyet).",
    "approve.reason_line": "\nLý do: {reason}",
    "approve.already_handled": "Yêu cầu này đã được xử lý trước đó ({status}).",
    "approve.none_pending": "Hiện không có yêu cầu nào đang chờ duyệt.",
    "approve.list_header": "<b>Yêu cầu đang chờ duyệt</b>: {count}",
    # Units
    "units.header": "<b>Danh sách đơn vị</b> (tổng {total}). Chọn nhóm:",
    "units.kind_button": "{kind} ({count})",
    "units.kind_header": "<b>{kind}</b> — chọn đơn vị:",
    "units.unit_button": "{name} · {accounts} TK",
    "units.card": (
        "<b>{name}</b>\nMã đơn vị: <code>{code}</code>\nNhóm: {kind}\nHiệu lực: {validity}\n"
        "Tài khoản đang hoạt động: {accounts}"
    ),
    "units.card_merged": "\nĐã sáp nhập vào: {target}",
    "units.validity_open": "từ {start}",
    "units.validity_closed": "{start} – {end}",
    "units.always": "không giới hạn",
    "units.account_line": "• {name} — {role}",
    "units.account_unreachable": " — ⚠️ không liên lạc được từ {since} (đã chặn bot hoặc chưa từng mở bot)",
    "units.invite_button": "🔑 Cấp mã mời",
    "units.revoke_button": "🚫 Thu hồi mã mời",
    "units.accounts_button": "👤 Tài khoản",
    "units.invite_issued": (
        "🔑 Mã mời cho <b>{unit}</b>: <code>{code}</code>\nĐường liên kết: {link}\n"
        "Hiệu lực đến {expires}, dùng tối đa {max_uses} lần.\n"
        "Đề nghị gửi mã này cho cán bộ đầu mối của đơn vị; mã chỉ hiển thị một lần."
    ),
    "units.no_invites": "Đơn vị không có mã mời nào còn hiệu lực.",
    "units.invites_header": "Chọn mã mời cần thu hồi:",
    "units.invite_line": "Mã mời số {number} · hết hạn {expires} · đã dùng {uses}/{max_uses}",
    "units.invite_revoked": "Đã thu hồi mã mời số {number} của <b>{unit}</b>.",
    "units.no_accounts": "Đơn vị chưa có tài khoản nào.",
    "units.accounts_header": "<b>Tài khoản của {unit}</b> — chọn để đổi vai trò:",
    "units.account_button": "{name} · {role} · {status}",
    "units.account_card": (
        "<b>{name}</b>\nMã tài khoản: {account_id}\nĐơn vị: {unit}\nVai trò: {role}\nTrạng thái: {status}"
    ),
    "units.make_admin": "Cấp quyền quản trị",
    "units.make_officer": "Cán bộ đầu mối",
    "units.make_leader": "Lãnh đạo (chỉ xem)",
    "units.remove_access": "Thu hồi quyền",
    "units.role_set": "Đã cập nhật: {name} — {role}.",
    "units.access_removed": "Đã thu hồi quyền của {name}.",
    "units.cannot_change_self": "Đồng chí không thể tự thay đổi quyền của chính mình.",
    "units.unknown_unit": "Không tìm thấy đơn vị này.",
    "units.unknown_account": "Không tìm thấy tài khoản này.",
    # Unit kinds as people read them
    "kind.office": "Văn phòng Thanh tra tỉnh",
    "kind.division": "Phòng nghiệp vụ",
    "kind.dept_inspectorate": "Thanh tra sở, ban, ngành",
    "kind.district_inspectorate": "Thanh tra huyện, thành phố",
    "kind.cluster": "Cụm thi đua",
    "kind.leadership": "Lãnh đạo, Hội đồng TĐKT",
}
