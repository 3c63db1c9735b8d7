"""Texts of the bot's web pages (bot/web/): download links and the upload page for channels without documents."""

TEXTS = {
    # Download links (GET /f/…), and how a channel without documents shows a file.
    "web.download_link": "📎 Tải tệp «{name}» (hết hạn {time}): {link}",
    "web.link_title": "Không tải được tệp",
    "web.link_bad": (
        "Đường dẫn này không hợp lệ (có thể bị cắt mất một phần khi sao chép). "
        "Đề nghị đồng chí mở lại đường dẫn trong tin nhắn của bot."
    ),
    "web.link_expired": (
        "Đường dẫn tải tệp đã hết hạn. Đề nghị đồng chí quay lại cuộc trò chuyện với bot để nhận đường dẫn mới."
    ),
    "web.file_gone": ("Tệp này không còn được lưu trên máy chủ. Đề nghị đồng chí liên hệ Văn phòng nếu vẫn cần tệp."),
    # Upload links (GET/POST /u/…): a step that takes files, on a channel that cannot send them.
    "upload.offer": "📤 Gửi tệp {kinds} tại: {link} (dùng một lần, hết hạn sau {minutes} phút)",
    "web.upload_title": "Gửi tệp cho trợ lý thi đua",
    "web.upload_intro": (
        "Chọn tệp ({kinds}, tối đa {limit_mb} MB) rồi bấm «Gửi tệp». "
        "Đường dẫn này chỉ dùng được một lần, hết hạn lúc {time}."
    ),
    "web.upload_choose": "Chọn tệp",
    "web.upload_submit": "Gửi tệp",
    "web.upload_done_title": "Đã nhận tệp",
    "web.upload_done": "Đã nhận tệp «{name}» ({label}, {size}). Đồng chí quay lại {app} để tiếp tục.",
    "web.upload_refused_title": "Chưa nhận được tệp",
    "web.upload_try_again": "Đồng chí có thể chọn tệp khác và gửi lại ngay trên trang này.",
    "web.upload_no_file": "Chưa chọn tệp nào. Đề nghị bấm «Chọn tệp», chọn một tệp rồi bấm «Gửi tệp».",
    "web.upload_wrong_kind": "Bước này chỉ nhận tệp {kinds}; tệp vừa chọn là {label}. Đề nghị chọn tệp khác.",
    "web.upload_bad": (
        "Đường dẫn gửi tệp không hợp lệ (có thể bị cắt mất một phần khi sao chép). "
        "Đề nghị đồng chí mở lại đường dẫn trong tin nhắn của bot."
    ),
    "web.upload_used": (
        "Đường dẫn gửi tệp này đã được dùng, tệp chưa được lưu lại. "
        "Nếu cần gửi thêm tệp, đề nghị đồng chí quay lại {app} và nhắn cho bot để nhận đường dẫn mới."
    ),
    "web.upload_expired": (
        "Đường dẫn gửi tệp đã hết hạn (chỉ dùng được trong {minutes} phút), tệp chưa được lưu lại. "
        "Đề nghị đồng chí quay lại {app} và nhắn cho bot để nhận đường dẫn mới."
    ),
    "web.upload_failed": "Máy chủ chưa lưu được tệp. Đề nghị đồng chí thử lại sau ít phút.",
    "web.upload_not_processed": (
        "Đã lưu tệp «{name}» nhưng bot chưa xử lý được. Đề nghị đồng chí quay lại {app} và gửi lại tệp."
    ),
    "web.app_zalo": "Zalo",
    "web.app_telegram": "Telegram",
    "web.app_other": "cuộc trò chuyện với bot",
}
