"""Texts of the Office's views: /tinhhinh (overview and chart) and /chuanop (who has not sent, reminders)."""

TEXTS: dict[str, str] = {
    "cmd.tinhhinh": "Tình hình nộp báo cáo (tổng hợp, biểu đồ)",
    "cmd.chuanop": "Danh sách đơn vị chưa nộp, nhắc việc",
    # How far a deadline is, in local calendar days
    "due.overdue": "quá hạn {n} ngày",
    "due.left": "còn {n} ngày",
    "due.today": "hạn cuối hôm nay",
    # /tinhhinh
    "overview.header": "<b>TÌNH HÌNH NỘP BÁO CÁO</b> (tính đến {gio} ngày {ngay})",
    "overview.year": "\n<b>Năm {year}</b>",
    "overview.round": "\n<b>{stt}. {name}</b>\nHạn nộp: {deadline} ({due})",
    "overview.summary": (
        "Tổng hợp: Đã nộp {a}/{tong} đơn vị; chưa nộp {b}; bị trả lại, chờ bổ sung {c}; nộp muộn {d}."
    ),
    "overview.detail": "Trong số đã nộp: đúng hạn {on_time}; đã tiếp nhận {accepted}; chờ xem xét {pending}.",
    "overview.none_year": "Năm {year} không có kỳ báo cáo nào đang mở.",
    "overview.none": "Hiện không có kỳ báo cáo nào đang mở.",
    "overview.elsewhere": "\nCòn {n} kỳ báo cáo đang mở của các năm khác.",
    "overview.all_years_button": "📅 Xem cả các năm khác",
    "overview.year_only_button": "📅 Chỉ năm {year}",
    "overview.missing_button": "📋 Danh sách đơn vị chưa nộp",
    "overview.chart_caption": "📊 Biểu đồ tình hình nộp báo cáo các kỳ đang mở (tính đến {gio} ngày {ngay}).",
    # Chart texts are drawn on the picture: plain text, no HTML.
    "overview.chart_title": "Tình hình nộp báo cáo – tính đến {gio} ngày {ngay}",
    "overview.chart_axis": "Số đơn vị",
    "overview.chart_on_time": "Đúng hạn",
    "overview.chart_late": "Nộp muộn",
    "overview.chart_returned": "Bị trả lại",
    "overview.chart_missing": "Chưa nộp",
    "overview.chart_more": "… và {n} kỳ báo cáo khác (xem trong tin nhắn)",
    # /chuanop
    "missing.choose_round": "<b>Danh sách đơn vị chưa nộp</b>\nĐồng chí chọn kỳ báo cáo:",
    "missing.round_button": "{name} · {n} chưa nộp",
    "missing.no_rounds": "Hiện không có kỳ báo cáo nào đang mở.",
    "missing.header": "<b>DANH SÁCH ĐƠN VỊ CHƯA GỬI {ten_van_ban}</b> (tính đến {gio} ngày {ngay}):",
    "missing.header_next": "<b>DANH SÁCH ĐƠN VỊ CHƯA GỬI {ten_van_ban}</b> (tiếp theo, phần {part}/{parts}):",
    "missing.line": "{stt}. {ten_don_vi}{cum} – {han}{flags}",
    "missing.cluster": " ({ten_cum})",
    "missing.flag_returned": " · bị trả lại, chờ bổ sung",
    "missing.flag_no_account": " · ⚠️ chưa có tài khoản",
    "missing.none": "✅ Tất cả {tong} đơn vị đã gửi {ten_van_ban}; không còn đơn vị nào chưa nộp.",
    "missing.keyboard": "Trang {page}/{pages}. Đồng chí chọn đơn vị để xem văn bản đã nộp, hoặc gửi nhắc việc:",
    "missing.keyboard_view": "Đồng chí có thể chọn kỳ báo cáo khác:",
    "missing.unit_button": "{stt}. {name}",
    "missing.remind_all_button": "📣 Gửi nhắc tất cả ({n})",
    "missing.review_queue_button": "📥 Chờ xem xét ({n})",
    "missing.other_round_button": "« Chọn kỳ khác",
    "paging.prev": "‹ Trang trước",
    "paging.next": "Trang sau ›",
    # "Gửi nhắc tất cả"
    "missing.remind_confirm": (
        "Gửi nhắc việc tới tất cả {n} đơn vị chưa nộp <b>{ten_van_ban}</b>? ({reachable} đơn vị có tài khoản nhận tin.)"
    ),
    "missing.remind_again": (
        "⚠️ Hôm nay Văn phòng đã gửi nhắc việc kỳ này {times} lần, lần gần nhất lúc {gio}. "
        "Đồng chí có chắc chắn muốn nhắc lại không?"
    ),
    "missing.remind_yes": "📣 Gửi nhắc",
    "missing.remind_no": "Không",
    "missing.remind_cancelled": "Đã hủy, không gửi nhắc việc.",
    "missing.remind_sending": (
        "⏳ Đang gửi nhắc việc <b>{ten_van_ban}</b> tới {units} đơn vị ({recipients} tài khoản). "
        "Kết quả sẽ báo ở tin nhắn tiếp theo."
    ),
    "missing.remind_result": (
        "📣 Kết quả nhắc việc <b>{ten_van_ban}</b> (xong lúc {gio} ngày {ngay}): "
        "đã nhắc được {units}/{of_units} đơn vị.\n"
        "• Đã gửi tới: {delivered} tài khoản\n"
        "• Không liên lạc được (đã chặn bot hoặc chưa mở bot): {unreachable}\n"
        "• Lỗi, chưa gửi được: {failed}\n"
        "• Chưa rõ đã nhận hay chưa (bot không gửi lại): {unknown}"
    ),
    "missing.remind_unreached": "⚠️ {n} đơn vị chưa có tài khoản nhận tin, chưa được nhắc: {names}.",
    "missing.remind_stale": (
        "Nhắc việc kỳ này vừa được gửi (có thể do đồng chí hoặc cán bộ khác bấm trước). "
        "Nếu vẫn muốn nhắc lại, đề nghị bấm «Gửi nhắc tất cả» một lần nữa."
    ),
    "missing.remind_nobody": "Không còn đơn vị nào chưa nộp kỳ báo cáo này; không cần gửi nhắc việc.",
    # The reminders themselves (domain.md §5.2)
    "missing.remind_before": (
        "Nhắc việc: còn {n} ngày đến hạn gửi {ten_van_ban} (hạn: {han_nop}). Đến thời điểm này, "
        "Văn phòng Thanh tra tỉnh chưa nhận được văn bản của {ten_don_vi}. Đồng chí gõ /nopbaocao để gửi."
    ),
    "missing.remind_today": (
        "Nhắc việc: hôm nay là hạn cuối gửi {ten_van_ban} (hạn: {han_nop}). Đề nghị đồng chí khẩn trương "
        "hoàn thiện và gửi về Văn phòng Thanh tra tỉnh. Đồng chí gõ /nopbaocao để gửi."
    ),
    "missing.remind_overdue": (
        "Nhắc việc: {ten_van_ban} của {ten_don_vi} đã quá hạn {n} ngày. Đề nghị đồng chí gửi ngay; "
        "trường hợp có khó khăn, vướng mắc, đề nghị liên hệ đồng chí {can_bo_vp}, Văn phòng Thanh tra tỉnh. "
        "Đồng chí gõ /nopbaocao để gửi."
    ),
    "missing.remind_returned": "Văn bản đơn vị gửi trước đó đã bị trả lại; đề nghị hoàn thiện và gửi lại.",
}
