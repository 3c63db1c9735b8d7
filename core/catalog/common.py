"""Texts every flow uses: errors, menus, help, identity."""

TEXTS: dict[str, str] = {
    "error.apology": (
        "Xin lỗi đồng chí, hệ thống gặp sự cố khi xử lý yêu cầu. Văn phòng Thanh tra tỉnh đã được "
        "thông báo; đồng chí vui lòng thử lại sau ít phút."
    ),
    "error.admin_report": (
        "⚠️ <b>Lỗi hệ thống</b>\nMã lỗi: <code>{fingerprint}</code>\nLoại: {kind}\nNội dung: {message}\n"
        "Tài khoản: {user_id}\n(Cùng một lỗi chỉ báo một lần mỗi giờ.)"
    ),
    "common.private_only": ("Bot Thi đua chỉ làm việc trong tin nhắn riêng. Đề nghị đồng chí nhắn trực tiếp cho bot."),
    "common.use_buttons": "Đồng chí vui lòng chọn bằng các nút bên dưới.",
    "common.use_numbers": "Đồng chí vui lòng trả lời bằng số ở đầu một lựa chọn dưới đây.",
    "common.not_in_menu": "Không có lựa chọn này. Đồng chí trả lời bằng một số từ {low} đến {high}:",
    "common.stale_choice": (
        "Lựa chọn này đã cũ (đã được chọn, hoặc hội thoại đã sang bước khác). Các lựa chọn hiện tại:"
    ),
    "common.reply_by_number": "<i>Trả lời bằng số ở đầu lựa chọn, hoặc gõ «Hủy».</i>",
    "common.upload_link": "📤 Gửi tệp tại: {url} (dùng một lần, hết hạn lúc {expires})",
    "common.too_long": "Nội dung quá dài (tối đa {limit} ký tự). Đề nghị đồng chí rút gọn và gửi lại.",
    "common.cancelled": "Đã hủy thao tác. Gõ /help để xem các lệnh.",
    "common.nothing_to_cancel": "Hiện không có thao tác nào đang thực hiện.",
    "common.flood": (
        "Đồng chí gửi quá nhiều tin nhắn cùng lúc. Bot đang xử lý các tin nhắn trước; các tin gửi thêm "
        "trong lúc này sẽ không được xử lý. Đề nghị đồng chí chờ bot trả lời rồi gửi lại nếu cần."
    ),
    "common.stale_button": "Nút này không còn hiệu lực. Gõ /help để xem các lệnh.",
    "common.session_expired": "Phiên làm việc trước đã hết hạn. Đề nghị đồng chí bắt đầu lại.",
    "common.not_linked": (
        "Tài khoản của đồng chí chưa được liên kết với đơn vị nào. Gõ /start để đăng ký "
        "hoặc nhập mã mời do Văn phòng Thanh tra tỉnh cấp."
    ),
    "common.pending": (
        "Yêu cầu liên kết với <b>{unit}</b> của đồng chí đang chờ Văn phòng Thanh tra tỉnh duyệt. "
        "Đồng chí sẽ nhận được thông báo khi có kết quả."
    ),
    "common.forbidden": "Đồng chí không có quyền thực hiện thao tác này.",
    "common.unknown_command": "Bot chưa hiểu yêu cầu «{text}».",
    "common.back": "« Quay lại",
    "common.cancel_button": "Hủy",
    # Help and identity
    "help.header": "<b>Các lệnh của đồng chí</b> ({role}):",
    "help.line": "/{command} — {description}",
    "help.footer": "Gõ /huy để thoát khỏi thao tác đang làm.",
    "whoami.linked": (
        "<b>Thông tin tài khoản</b>\nHọ tên: {name}\nĐơn vị: {unit}\nVai trò: {role}\n"
        "Trạng thái: {status}\nMã tài khoản: {account_id}"
    ),
    "whoami.unlinked": (
        "<b>Thông tin tài khoản</b>\nHọ tên: {name}\nTrạng thái: {status}\n"
        "Tài khoản chưa liên kết với đơn vị. Gõ /start để đăng ký."
    ),
    # Roles and statuses as people read them
    "role.admin": "Cán bộ Văn phòng – quản trị",
    "role.officer": "Cán bộ đầu mối của đơn vị",
    "role.leader": "Lãnh đạo – xem tổng hợp",
    "role.none": "Chưa có vai trò",
    "status.new": "Chưa đăng ký",
    "status.pending": "Đang chờ duyệt",
    "status.active": "Đang hoạt động",
    "status.rejected": "Bị từ chối",
    "status.revoked": "Đã thu hồi quyền",
    # Chat menu (setMyCommands) descriptions
    "cmd.start": "Bắt đầu / liên kết tài khoản với đơn vị",
    "cmd.help": "Các lệnh có thể dùng",
    "cmd.toi": "Thông tin tài khoản của tôi",
    "cmd.huy": "Hủy thao tác đang làm",
    "cmd.donvi": "Quản lý đơn vị, mã mời, tài khoản",
    "cmd.duyet": "Duyệt yêu cầu liên kết tài khoản",
}
