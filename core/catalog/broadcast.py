"""Texts of /thongbao: composing a notice, choosing who gets it, sending, reports and answers."""

TEXTS: dict[str, str] = {
    "cmd.thongbao": "Gửi thông báo tới các đơn vị, xem báo cáo gửi",
    # Home and composing
    "bc.home": "<b>Thông báo của Văn phòng Thanh tra tỉnh</b>\nĐồng chí muốn làm gì?",
    "bc.new_button": "📝 Soạn thông báo mới",
    "bc.history_button": "📚 Các thông báo đã gửi",
    "bc.ask_text": (
        "Đề nghị đồng chí nhập nội dung thông báo (tối đa {limit} ký tự). Nội dung được gửi nguyên văn, "
        "dạng văn bản thuần.\nCó thể gửi kèm một tệp văn bản hoặc một ảnh: gửi tệp/ảnh, ghi nội dung ở phần "
        "chú thích hoặc nhập riêng."
    ),
    "bc.got_text": (
        "Đã ghi nhận nội dung thông báo ({length} ký tự).{attachment}\n"
        "Đồng chí có thể gửi tệp/ảnh đính kèm, nhập lại để thay nội dung, hoặc bấm «Tiếp tục»."
    ),
    "bc.attachment_line": "\nTệp đính kèm: {name}",
    "bc.photo_name": "ảnh",
    "bc.got_file_need_text": "Đã nhận tệp đính kèm: {name}. Đề nghị đồng chí nhập nội dung thông báo.",
    "bc.continue_button": "Tiếp tục ›",
    "bc.drop_file_button": "Bỏ tệp đính kèm",
    "bc.empty": "Nội dung thông báo đang để trống. Đề nghị đồng chí nhập nội dung bằng chữ.",
    "bc.too_long": (
        "Nội dung thông báo dài {length} ký tự, vượt giới hạn {limit} ký tự của một tin nhắn. Bot không tự chia "
        "nhỏ thông báo (mỗi người nhận chỉ nhận một tin nhắn); đề nghị đồng chí rút gọn, hoặc gửi toàn văn "
        "dưới dạng tệp đính kèm kèm một đoạn tóm tắt."
    ),
    "bc.caption_too_long": (
        "Khi gửi kèm tệp hoặc ảnh, nội dung thông báo tối đa {limit} ký tự (giới hạn chú thích của Telegram); "
        "nội dung hiện có {length} ký tự. Đề nghị đồng chí rút gọn nội dung, hoặc bỏ tệp đính kèm."
    ),
    "bc.html_note": (
        "\nLưu ý: thông báo được gửi dạng văn bản thuần; các ký hiệu như &lt;b&gt; hiển thị nguyên văn, "
        "không tạo định dạng."
    ),
    # Answers asked of recipients
    "bc.ask_reply": "Người nhận cần phản hồi thế nào?",
    "bc.reply.none": "Không cần phản hồi",
    "bc.reply.ack": "Xác nhận «Đã nhận»",
    "bc.reply.meeting": "Hội nghị: Tham dự / Cử người thay / Vắng mặt",
    # Audience
    "bc.ask_audience": "Gửi thông báo tới đâu?",
    "bc.aud.all_button": "Tất cả đơn vị",
    "bc.aud.kind_button": "Theo nhóm đơn vị",
    "bc.aud.cluster_button": "Theo cụm thi đua",
    "bc.aud.units_button": "Chọn từng đơn vị",
    "bc.aud.admins_button": "Cán bộ Văn phòng (quản trị)",
    "bc.aud.owing_button": "Đơn vị phải nộp một kỳ báo cáo",
    "bc.aud.missing_button": "Đơn vị chưa nộp một kỳ báo cáo",
    "bc.aud.all": "Tất cả đơn vị",
    "bc.aud.kind": "{kind}",
    "bc.aud.cluster": "{cluster} và các đơn vị thành viên",
    "bc.aud.units": "{count} đơn vị được chọn: {names}",
    "bc.aud.admins": "Cán bộ Văn phòng (quản trị)",
    "bc.aud.owing": "Các đơn vị phải nộp «{round}»",
    "bc.aud.missing": "Các đơn vị chưa nộp «{round}»",
    "bc.pick_round": "Chọn kỳ báo cáo:",
    "bc.round_button": "{name}",
    "bc.no_rounds": "Hiện không có kỳ báo cáo nào đang mở.",
    "bc.unknown_round": "Không tìm thấy kỳ báo cáo này.",
    "bc.pick_kind": "Chọn nhóm đơn vị nhận thông báo:",
    "bc.pick_cluster": "Chọn cụm thi đua (thông báo gửi tới cụm và các đơn vị thành viên):",
    "bc.no_clusters": "Hiện chưa có cụm thi đua nào còn hiệu lực.",
    "bc.pick_units": (
        "<b>Chọn đơn vị nhận</b> (đã chọn {count}). Chọn nhóm, bấm vào đơn vị để chọn hoặc bỏ chọn, rồi bấm «Xong»."
    ),
    "bc.pick_units_kind": "<b>{kind}</b> — bấm để chọn hoặc bỏ chọn (đã chọn {count}):",
    "bc.unit_on": "✅ {name}",
    "bc.unit_off": "▫️ {name}",
    "bc.units_done_button": "Xong ({count}) ›",
    "bc.no_units_chosen": "Đồng chí chưa chọn đơn vị nào. Đề nghị chọn ít nhất một đơn vị.",
    "bc.empty_audience": (
        "Không có người nhận: {audience} chưa có tài khoản nào đang hoạt động. Đề nghị đồng chí chọn nơi nhận khác."
    ),
    # Preview and confirmation
    "bc.preview_header": "👁 <b>Bản xem trước</b> — người nhận sẽ thấy đúng như tin nhắn dưới đây:",
    "bc.preview_summary": (
        "Thông báo trên sẽ được gửi tới <b>{accounts}</b> tài khoản của <b>{units}</b> đơn vị.\n"
        "Nơi nhận: {audience}\nPhản hồi: {reply}{unreached}{note}\nĐề nghị đồng chí kiểm tra và xác nhận gửi."
    ),
    "bc.preview_summary_accounts": (
        "Thông báo trên sẽ được gửi tới <b>{accounts}</b> tài khoản.\n"
        "Nơi nhận: {audience}\nPhản hồi: {reply}{note}\nĐề nghị đồng chí kiểm tra và xác nhận gửi."
    ),
    "bc.unreached": "\n⚠️ {count} đơn vị không có tài khoản nhận được thông báo: {names}",
    "bc.confirm_button": "✅ Xác nhận gửi",
    "bc.edit_button": "✏️ Sửa nội dung",
    "bc.cancel_button": "Hủy",
    "bc.preview_only": "Đây là bản xem trước; nút chỉ có tác dụng với người nhận.",
    "bc.confirmed": (
        "✅ Đã xác nhận gửi thông báo số {id} tới {accounts} tài khoản. Bot đang gửi trong nền; tiến độ "
        "hiển thị ở tin nhắn tiếp theo."
    ),
    "bc.already_sent": "Thông báo số {id} đã được xác nhận gửi trước đó; bot không gửi lại.",
    "bc.draft_dropped": "Bản nháp này đã được hủy hoặc thay thế. Gõ /thongbao để soạn thông báo mới.",
    "bc.unknown": "Không tìm thấy thông báo này.",
    "bc.cancelled": "Đã hủy thông báo; không có tin nhắn nào được gửi. Gõ /thongbao để soạn thông báo mới.",
    # What recipients get
    "bc.body": "📢 <b>THÔNG BÁO CỦA VĂN PHÒNG THANH TRA TỈNH</b>\n\n{text}{footer}",
    "bc.footer.none": "",
    "bc.footer.ack": "\n\n<i>Đề nghị đồng chí bấm «Đã nhận» để xác nhận đã nhận thông báo.</i>",
    "bc.footer.meeting": "\n\n<i>Đề nghị đồng chí xác nhận: Tham dự, Cử người thay hoặc Vắng mặt.</i>",
    "bc.button.received": "✅ Đã nhận",
    "bc.button.attend": "Tham dự",
    "bc.button.delegate": "Cử người thay",
    "bc.button.absent": "Vắng mặt",
    "bc.resp.received": "Đã nhận",
    "bc.resp.attend": "Tham dự",
    "bc.resp.delegate": "Cử người thay",
    "bc.resp.absent": "Vắng mặt",
    "bc.ack_received": "✅ Đã ghi nhận: đồng chí đã nhận thông báo «{excerpt}». Cảm ơn đồng chí.",
    "bc.ack_meeting": (
        "✅ Đã ghi nhận phản hồi của đồng chí: <b>{response}</b> (thông báo «{excerpt}»). "
        "Nếu thay đổi, đồng chí bấm lại nút tương ứng."
    ),
    "bc.ack_not_yours": "Nút này không dành cho tài khoản của đồng chí.",
    # Progress and the report
    "bc.progress": "⏳ Đang gửi thông báo số {id} ({audience}): đã gửi {done}/{total}.",
    "bc.progress_done": "✅ Đã gửi xong thông báo số {id}: {delivered}/{total} người nhận. Báo cáo ở tin nhắn dưới.",
    "bc.report": (
        "📊 <b>Báo cáo gửi thông báo số {id}</b> ({status})\n"
        "Nội dung: «{excerpt}»\nNgười gửi: {author} · {when}\nNơi nhận: {audience}\n"
        "Tổng số người nhận: {total}\n"
        "✅ Đã gửi tới: {delivered}\n"
        "🚫 Đã chặn bot: {blocked}\n"
        "❌ Không gửi được: {failed}\n"
        "❔ Chưa xác định (không gửi lại): {unknown}"
    ),
    "bc.report_pending": "\n⏳ Chờ gửi: {pending}",
    "bc.report_unreached": "\n🏢 Đơn vị không có tài khoản nhận: {count}\n{names}",
    "bc.report_problems": "\n<b>Không gửi được / chưa xác định:</b>",
    "bc.report_problem_line": "• {unit} — {name}: {reason}",
    "bc.report_responses": "\n💬 Phản hồi: {summary}; chưa phản hồi: {missing}",
    "bc.report_response_part": "{response} {count}",
    "bc.status.sending": "đang gửi",
    "bc.status.done": "đã gửi xong",
    "bc.answers_button": "👥 Ai đã phản hồi",
    "bc.missing_button": "⏳ Ai chưa phản hồi",
    "bc.answers_header": "<b>Phản hồi thông báo số {id}</b>",
    "bc.answers_group": "\n<b>{response}</b> ({count}):",
    "bc.answers_none": "Chưa có ai phản hồi.",
    "bc.missing_header": "<b>Chưa phản hồi thông báo số {id}</b> ({count} người đã nhận tin):",
    "bc.missing_none": "Tất cả người đã nhận tin đều đã phản hồi.",
    "bc.person_line": "• {unit} — {name}",
    "bc.no_unit": "(không thuộc đơn vị)",
    "bc.more": "… và {count} người khác",
    "bc.history_header": "<b>Các thông báo đã gửi</b> (mới nhất trước). Chọn để xem báo cáo:",
    "bc.history_line": "#{id} · {date} · {excerpt} · {delivered}/{total}",
    "bc.history_empty": "Chưa có thông báo nào được gửi.",
    "bc.older_button": "Cũ hơn ›",
    # Why a recipient did not get it
    "bc.reason.blocked": "đã chặn bot hoặc không còn dùng {channel}",
    "bc.reason.chat_not_found": "chưa từng mở bot, {channel} không cho gửi",
    "bc.reason.rejected": "{channel} từ chối ({detail})",
    "bc.reason.server": "lỗi máy chủ {channel}, đã thử lại nhiều lần ({detail})",
    "bc.reason.rate_limited": "{channel} yêu cầu chờ quá lâu ({detail})",
    "bc.reason.timeout": "{channel} không trả lời kịp; có thể đã nhận, bot không gửi lại",
    "bc.reason.no_channel": "bot hiện không chạy kênh {channel}",
    "bc.reason.interrupted": "bot dừng đột ngột khi đang gửi; có thể đã nhận, bot không gửi lại",
    "bc.reason.error": "lỗi không xác định ({detail})",
}
