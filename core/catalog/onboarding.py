"""Texts of linking a chat account to a unit (onboarding)."""

TEXTS: dict[str, str] = {
    "onboard.welcome": (
        "Kính chào đồng chí {name}.\nĐây là bot hỗ trợ công tác thi đua, khen thưởng của "
        "<b>Thanh tra tỉnh</b>. Để sử dụng, tài khoản cần được liên kết với đơn vị của đồng chí:\n"
        "• nhập <b>mã mời</b> do Văn phòng Thanh tra tỉnh cấp; hoặc\n"
        "• chọn đơn vị và chờ Văn phòng duyệt."
    ),
    "onboard.have_code": "🔑 Tôi có mã mời",
    "onboard.choose_unit": "🏢 Chọn đơn vị",
    "onboard.ask_code": "Đề nghị đồng chí nhập mã mời (ví dụ: <code>AB12CD34EF</code>).",
    "onboard.choose_kind": "Đơn vị của đồng chí thuộc nhóm nào?",
    "onboard.choose_unit_of_kind": "Chọn đơn vị ({kind}):",
    "onboard.no_units": "Chưa có đơn vị nào trong nhóm này. Đề nghị liên hệ Văn phòng Thanh tra tỉnh.",
    "onboard.confirm_request": "Gửi yêu cầu liên kết tài khoản với <b>{unit}</b>?",
    "onboard.send_request": "✅ Gửi yêu cầu",
    "onboard.request_sent": (
        "Đã gửi yêu cầu liên kết với <b>{unit}</b>. Văn phòng Thanh tra tỉnh sẽ xem xét; "
        "đồng chí sẽ nhận được thông báo khi có kết quả."
    ),
    "onboard.no_admin": (
        "Hiện chưa có cán bộ Văn phòng nào nhận được yêu cầu. Đề nghị đồng chí liên hệ trực tiếp "
        "Văn phòng Thanh tra tỉnh để được cấp mã mời."
    ),
    "onboard.already_pending": (
        "Đồng chí đã gửi yêu cầu liên kết với <b>{unit}</b> và đang chờ duyệt. Không cần gửi lại."
    ),
    "onboard.already_linked": "Tài khoản của đồng chí đã được liên kết với <b>{unit}</b> ({role}).",
    "onboard.linked": (
        "✅ Tài khoản đã được liên kết với <b>{unit}</b> với vai trò {role}.\nGõ /help để xem các lệnh."
    ),
    "onboard.code_invalid": "Mã mời không đúng. Đề nghị đồng chí kiểm tra lại hoặc liên hệ Văn phòng.",
    "onboard.code_expired": "Mã mời đã hết hạn. Đề nghị đồng chí liên hệ Văn phòng để được cấp mã mới.",
    "onboard.code_revoked": "Mã mời đã bị thu hồi. Đề nghị đồng chí liên hệ Văn phòng để được cấp mã mới.",
    "onboard.code_used_up": "Mã mời đã được sử dụng hết số lượt. Đề nghị đồng chí liên hệ Văn phòng.",
    "onboard.code_unit_closed": "Đơn vị của mã mời này không còn hoạt động. Đề nghị liên hệ Văn phòng.",
    "onboard.approved": (
        "✅ Văn phòng Thanh tra tỉnh đã duyệt: tài khoản của đồng chí được liên kết với "
        "<b>{unit}</b> ({role}).\nGõ /help để xem các lệnh."
    ),
    "onboard.rejected": (
        "Yêu cầu liên kết với <b>{unit}</b> chưa được chấp thuận. Đề nghị đồng chí liên hệ "
        "Văn phòng Thanh tra tỉnh để biết thêm chi tiết."
    ),
    "onboard.rejected_reason": "\nLý do: {reason}",
    "onboard.withdraw_button": "↩️ Rút yêu cầu",
    "onboard.withdrawn": ("Đã rút yêu cầu liên kết với <b>{unit}</b>. Gõ /start để nhập mã mời hoặc chọn lại đơn vị."),
    "onboard.nothing_to_withdraw": "Không có yêu cầu liên kết nào đang chờ duyệt để rút.",
    "onboard.access_revoked": "Quyền sử dụng bot của đồng chí đối với <b>{unit}</b> đã bị thu hồi.",
    "onboard.role_changed": "Vai trò của đồng chí được cập nhật: {role} — <b>{unit}</b>.",
}
