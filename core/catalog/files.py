"""Texts about files users send that belong to no one flow: archives that would expand without bound."""

TEXTS = {
    "files.archive_too_big": (
        "Tệp này khi giải nén vượt quá giới hạn cho phép ({limit_mb} MB) hoặc có cấu trúc nén bất thường, "
        "nên không thể tiếp nhận. Đề nghị kiểm tra lại tệp (lưu lại bằng Word/Excel) rồi gửi lại."
    ),
}
