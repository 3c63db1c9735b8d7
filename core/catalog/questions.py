"""Answers to free text outside a flow (issue 15): questions in plain Vietnamese, with or without accents."""

TEXTS: dict[str, str] = {
    # ---------------------------------------------------------------- not understood, suggestions
    "q.unknown": (
        "Bot chưa hiểu câu hỏi «{text}». Đồng chí có thể chọn một câu hỏi gần nhất bên dưới, "
        "hoặc gõ /help để xem các lệnh."
    ),
    "q.menu_button": "📋 Các lệnh",
    "q.suggest.my.missing": "Đơn vị tôi còn thiếu gì?",
    "q.suggest.my.deadline": "Hạn nộp các báo cáo?",
    "q.suggest.my.submitted": "Đơn vị đã nộp chưa?",
    "q.suggest.my.receipt": "Mã biên nhận lần trước?",
    "q.suggest.plan.quarter": "Quý này có việc gì?",
    "q.suggest.plan.council": "Khi nào họp Hội đồng?",
    "q.suggest.plan.cross_check": "Ai chủ trì kiểm tra chéo?",
    "q.suggest.award.criteria": "Điều kiện các danh hiệu?",
    "q.suggest.award.dossier": "Hồ sơ khen thưởng gồm gì?",
    "q.suggest.award.decider": "Ai quyết định khen thưởng?",
    "q.suggest.law.basis": "Căn cứ pháp lý hiện hành?",
    "q.suggest.rule.quota": "Tỷ lệ 15% là gì?",
    "q.suggest.office.missing": "Đơn vị nào chưa nộp?",
    "q.suggest.office.registered": "Bao nhiêu đơn vị đã đăng ký?",
    "q.suggest.office.unacked": "Ai chưa xác nhận thông báo?",
    "q.suggest.talk.thanks": "Cảm ơn",
    "q.suggest.talk.hello": "Chào bot",
    "q.suggest.help": "Các lệnh của bot",
    # ---------------------------------------------------------------- small talk
    "q.thanks": "Dạ, không có gì ạ. Đồng chí cần gì cứ nhắn cho bot.",
    "q.hello": (
        "Kính chào đồng chí {name}. Đồng chí có thể hỏi bot bằng tiếng Việt, ví dụ: «đơn vị tôi còn thiếu gì», "
        "«hạn nộp báo cáo sơ kết», «điều kiện CSTĐCS»."
    ),
    "q.hello.start": "Tài khoản của đồng chí chưa liên kết với đơn vị: gõ /start để bắt đầu.",
    # ---------------------------------------------------------------- my unit
    "q.not_linked": (
        "Để trả lời câu hỏi này, bot cần biết đơn vị của đồng chí. Gõ /start để liên kết tài khoản với đơn vị."
    ),
    "q.my.nothing_owed": "✅ <b>{unit}</b> hiện không còn báo cáo, văn bản nào phải nộp.",
    "q.my.owed_header": "📌 <b>{unit}</b> còn {count} việc phải nộp:",
    "q.my.owed_line": "• {ref}{name}: hạn {deadline} ({left}){returned}",
    "q.my.returned": " — bị trả lại, cần nộp lại",
    "q.left.days": "còn {days} ngày",
    "q.left.today": "hạn là hôm nay",
    "q.left.overdue": "quá hạn {days} ngày",
    "q.my.more": "Xem đầy đủ: /nhiemvu.",
    "q.submit_button": "📤 Nộp: {round}",
    "q.register_button": "📝 Đăng ký: {round}",
    "q.deadline.line": "🗓 <b>{name}</b>: hạn nộp {deadline} ({left}). Trạng thái: {status}.",
    "q.deadline.done": "🗓 <b>{name}</b>: hạn nộp {deadline}. Trạng thái của đơn vị: {status}.",
    "q.deadline.not_owed": (
        "🗓 <b>{name}</b>: hạn nộp {deadline}. Theo danh sách của Văn phòng, {unit} không phải nộp kỳ này."
    ),
    "q.deadline.no_round": "Hiện chưa có kỳ báo cáo «{topic}» nào trong kế hoạch đang áp dụng.",
    "q.topic.so_ket": "báo cáo sơ kết 6 tháng",
    "q.topic.tong_ket": "báo cáo tổng kết năm",
    "q.topic.dang_ky": "đăng ký thi đua",
    "q.topic.kiem_tra_cheo": "kiểm tra chéo",
    "q.topic.diem_hinh": "điển hình tiên tiến",
    "q.submitted.yes": (
        "✅ <b>{unit}</b> đã nộp <b>{name}</b>: {versions} lần, lần gần nhất lúc {when}, mã biên nhận "
        "<code>{code}</code>. Trạng thái: {status}."
    ),
    "q.submitted.no": "❗ <b>{unit}</b> chưa nộp <b>{name}</b> (hạn {deadline}, {left}).",
    "q.submitted.returned": (
        "↩️ <b>{name}</b> của <b>{unit}</b> đã bị Văn phòng trả lại; đơn vị cần nộp lại (hạn {deadline}, {left})."
    ),
    "q.submitted.which": "Đồng chí hỏi kỳ báo cáo nào? Tình hình các kỳ của {unit}:",
    "q.submitted.summary": "• {name}: {status}",
    "q.other_unit": (
        "Đồng chí chỉ xem được tình hình của đơn vị mình ({unit}). Thông tin của đơn vị khác do Văn phòng "
        "Thanh tra tỉnh theo dõi."
    ),
    "q.receipt.none": "{unit} chưa có lần nộp nào nên chưa có mã biên nhận.",
    "q.receipt.header": "🧾 Mã biên nhận gần nhất của <b>{unit}</b>:",
    "q.receipt.line": "• <code>{code}</code> — {name}, lần {version}, {when}",
    # ---------------------------------------------------------------- the plan
    "q.plan.none": "Chưa có kế hoạch thi đua, khen thưởng nào đang áp dụng.",
    "q.plan.header": "📋 <b>{title}</b> — Quý {quarter}, {count} nhiệm vụ:",
    "q.plan.item": "• {mark}{ref}. {task} (hạn: {due})",
    "q.plan.mine": "👉 ",
    "q.plan.no_due": "chưa xác định",
    "q.plan.footer": "👉 là nhiệm vụ đơn vị đồng chí phải nộp báo cáo. Xem chi tiết: /kehoach.",
    "q.plan.lead": "Chủ trì: {who}.",
    "q.council.header": "🏛 Theo <b>{title}</b>, các việc của Hội đồng Thi đua - Khen thưởng:",
    "q.council.none": "Kế hoạch đang áp dụng chưa ghi lịch họp Hội đồng Thi đua - Khen thưởng.",
    "q.cross_check.header": "🔎 Kiểm tra chéo công tác thi đua, khen thưởng theo <b>{title}</b>:",
    "q.cross_check.none": "Kế hoạch đang áp dụng không có nhiệm vụ kiểm tra chéo.",
    "q.cross_check.note": (
        "Trong mỗi Cụm thi đua, Cụm trưởng tổng hợp Biên bản kiểm tra chéo và Bảng chấm điểm gửi Văn phòng "
        "Thanh tra tỉnh."
    ),
    # ---------------------------------------------------------------- titles and awards
    "q.award.which": "Đồng chí hỏi về danh hiệu, hình thức khen thưởng nào? Chọn một mục bên dưới.",
    "q.award.head": "🏅 <b>{name}</b> ({kind}, {subjects})",
    "q.award.kind.danh_hieu": "danh hiệu thi đua",
    "q.award.kind.hinh_thuc": "hình thức khen thưởng",
    "q.award.subject.ca_nhan": "cá nhân",
    "q.award.subject.tap_the": "tập thể",
    "q.award.subject.both": "cá nhân, tập thể",
    "q.award.label": "{name}",
    "q.award.decider": "Thẩm quyền quyết định: {who}.",
    "q.award.basis": "Căn cứ: {article}{bases}.",
    "q.award.basis_plain": "Căn cứ: {bases}.",
    "q.award.confirm": "Nội dung đánh dấu [cần xác nhận] chưa được đối chiếu văn bản gốc; đề nghị hỏi lại Văn phòng.",
    "q.criteria.LDTT": (
        "Tiêu chuẩn: hoàn thành tốt nhiệm vụ trở lên; chấp hành tốt chủ trương, chính sách, pháp luật; tích cực "
        "tham gia phong trào thi đua; tích cực học tập; có đạo đức, lối sống lành mạnh (Điều 24 Luật)."
    ),
    "q.criteria.CSTDCS": (
        "Tiêu chuẩn: đạt danh hiệu Lao động tiên tiến và có sáng kiến được công nhận, hoặc đề tài nghiên cứu "
        "được nghiệm thu, áp dụng (Điều 23 Luật). Số người được đề nghị không quá 15% số Lao động tiên tiến "
        "của đơn vị [cần xác nhận]."
    ),
    "q.criteria.CSTD_TINH": (
        "Tiêu chuẩn: tiêu biểu trong số những người có 3 lần liên tục đạt Chiến sĩ thi đua cơ sở; có sáng kiến "
        "hoặc đề tài được áp dụng, có hiệu quả, phạm vi ảnh hưởng trong tỉnh (Điều 22 Luật)."
    ),
    "q.criteria.CSTD_TQ": (
        "Tiêu chuẩn: tiêu biểu trong số những người có 2 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh; có sáng kiến "
        "được áp dụng, có phạm vi ảnh hưởng toàn quốc (Điều 21 Luật)."
    ),
    "q.criteria.TTLDTT": (
        "Tiêu chuẩn: hoàn thành tốt nhiệm vụ; tích cực thi đua; trên 50% thành viên đạt Lao động tiên tiến; "
        "không có thành viên bị kỷ luật từ cảnh cáo trở lên; nội bộ đoàn kết (Điều 28 Luật)."
    ),
    "q.criteria.TTLDXS": (
        "Tiêu chuẩn: hoàn thành xuất sắc nhiệm vụ; 100% thành viên hoàn thành nhiệm vụ, ít nhất 70% đạt Lao động "
        "tiên tiến; có cá nhân đạt Chiến sĩ thi đua cơ sở; nội bộ đoàn kết (Điều 27 Luật)."
    ),
    "q.criteria.CO_UBND_TINH": (
        "Tiêu chuẩn: tập thể dẫn đầu Cụm, Khối thi đua của tỉnh hoặc tiêu biểu trong phong trào thi đua do tỉnh "
        "phát động; hoàn thành vượt mức chỉ tiêu; nội bộ đoàn kết (Điều 26 Luật). Số lượng theo chỉ tiêu tỉnh "
        "giao cho từng Cụm [cần xác nhận]."
    ),
    "q.criteria.CO_TTCP": (
        "Tiêu chuẩn: Thanh tra tỉnh, thanh tra bộ và các đơn vị dẫn đầu Cụm, Khối thi đua của Thanh tra Chính phủ, "
        "đạt tiêu chuẩn tại khoản 1, 2 Điều 26 Luật (Điều 4 Thông tư số 03/2024/TT-TTCP)."
    ),
    "q.criteria.CO_CP": (
        "Tiêu chuẩn: tập thể tiêu biểu xuất sắc nhất, được lựa chọn trong số các tập thể đạt Cờ thi đua cấp bộ, "
        "cấp tỉnh (Điều 25 Luật)."
    ),
    "q.criteria.GK_CTT": (
        "Tiêu chuẩn: có thành tích được công nhận trong phong trào thi đua, thành tích đột xuất, hoặc hoàn thành "
        "tốt nhiệm vụ (Điều 75 Luật)."
    ),
    "q.criteria.BK_UBND_TINH": (
        "Tiêu chuẩn đối với cá nhân, một trong các trường hợp: tiêu biểu trong phong trào thi đua; lập nhiều thành "
        "tích có phạm vi ảnh hưởng trong tỉnh; 2 năm liên tục đạt Chiến sĩ thi đua cơ sở, hoặc 2 năm liên tục "
        "hoàn thành xuất sắc nhiệm vụ với 2 sáng kiến được áp dụng (điểm d khoản 1 Điều 74 Luật). Đối với tập "
        "thể: 2 năm liên tục hoàn thành xuất sắc nhiệm vụ, nội bộ đoàn kết [cần xác nhận]."
    ),
    "q.criteria.BK_TTCP": (
        "Tiêu chuẩn theo Điều 74 Luật và Thông tư số 03/2024/TT-TTCP của Thanh tra Chính phủ [cần xác nhận chi tiết]; "
        "hồ sơ gửi Vụ Tổ chức cán bộ, Thanh tra Chính phủ."
    ),
    "q.criteria.BK_TTG": (
        "Tiêu chuẩn đối với cá nhân: đã được tặng Bằng khen cấp bộ, cấp tỉnh, sau đó có 5 năm liên tục hoàn thành "
        "xuất sắc nhiệm vụ và 5 sáng kiến được áp dụng [cần xác nhận]."
    ),
    "q.criteria.KNC_VSNTT": (
        "Xét tặng theo thời gian công tác trong ngành Thanh tra (Thông tư số 02/2024/TT-TTCP); không đăng ký đầu "
        "năm, danh sách lập riêng trước ngày 23/11."
    ),
    "q.decider.header": "⚖️ Thẩm quyền quyết định đối với cán bộ, tập thể thuộc Thanh tra tỉnh:",
    "q.decider.line": "• {name}: {who}",
    "q.dossier": (
        "📁 <b>Hồ sơ đề nghị khen thưởng</b> (01 bộ bản chính) thường gồm:\n"
        "1. Tờ trình kèm Danh sách đề nghị — thủ trưởng đơn vị đề nghị ký;\n"
        "2. Biên bản họp Hội đồng Thi đua - Khen thưởng (biên bản bình xét), có kết quả bỏ phiếu;\n"
        "3. Báo cáo thành tích của cá nhân, tập thể, có xác nhận của thủ trưởng — đối với Chiến sĩ thi đua, "
        "Tập thể lao động xuất sắc, Bằng khen trở lên, theo mẫu của {decree};\n"
        "4. Quyết định, giấy chứng nhận công nhận sáng kiến hoặc biên bản nghiệm thu đề tài — đối với Chiến sĩ "
        "thi đua cơ sở trở lên và Bằng khen xét theo sáng kiến;\n"
        "5. Kết quả đánh giá, xếp loại cán bộ, công chức — đối với danh hiệu xét theo mức hoàn thành nhiệm vụ.\n"
        "Khen thưởng đột xuất: Tờ trình và tóm tắt thành tích (thủ tục đơn giản)."
    ),
    "q.dossier.title": "Đối với <b>{name}</b>: {parts}.",
    "q.dossier.parts.simple": "Tờ trình, Danh sách, Biên bản bình xét (mục 1, 2)",
    "q.dossier.parts.full": "đủ các mục 1, 2, 3, 4 (sáng kiến, nếu xét theo sáng kiến) và 5",
    "q.dossier.source": (
        "Nội dung tổng hợp theo thực tế áp dụng; đề nghị đối chiếu hướng dẫn của Văn phòng [cần xác nhận]."
    ),
    # ---------------------------------------------------------------- legal basis and the 15 % rule
    "q.law.header": "📚 Căn cứ pháp lý về thi đua, khen thưởng áp dụng {when}:",
    "q.law.on_day": "ngày {day}",
    "q.law.in_year": "trong năm {year}",
    "q.law.line": "• {title}{period}",
    "q.law.period": " (hiệu lực {start}{end})",
    "q.law.from": "từ {day}",
    "q.law.to": " đến {day}",
    "q.law.note": "  Ghi chú: {note}",
    "q.law.split": (
        "Lưu ý: Nghị định số 98/2023/NĐ-CP áp dụng đến hết 30/06/2025; từ 01/07/2025 áp dụng Nghị định số "
        "152/2025/NĐ-CP."
    ),
    "q.quota": (
        "📏 <b>Tỷ lệ {pct}%</b>: số cá nhân đăng ký, đề nghị danh hiệu Chiến sĩ thi đua cơ sở không vượt quá "
        "{pct}% số cá nhân đạt (đăng ký) Lao động tiên tiến của đơn vị. Ví dụ: 20 người Lao động tiên tiến thì "
        "tối đa 3 người Chiến sĩ thi đua cơ sở.\n"
        "Khi đơn vị gửi bản đăng ký thi đua (/dangky), bot cảnh báo nếu vượt tỷ lệ này (không chặn).\n"
        "Tỷ lệ này được áp dụng phổ biến nhưng chưa tìm thấy trong văn bản gốc [cần xác nhận với Văn phòng]."
    ),
    # ---------------------------------------------------------------- the Office
    "q.office_only": (
        "Câu hỏi này thuộc phần theo dõi chung của Văn phòng Thanh tra tỉnh. Đồng chí có thể hỏi về đơn vị "
        "mình, ví dụ: «đơn vị tôi còn thiếu gì»."
    ),
    "q.office.no_round": "Không có kỳ báo cáo «{topic}» nào đang mở.",
    "q.office.rounds_header": "📊 Các kỳ báo cáo đang mở (chưa nộp / phải nộp):",
    "q.office.round_line": "• {name}: chưa nộp {owing}/{total}",
    "q.office.missing_header": "📋 <b>{name}</b> (hạn {deadline}): chưa nộp {owing}/{total} đơn vị.",
    "q.office.missing_line": "• {unit}{late}",
    "q.office.missing_late": " — quá hạn {days} ngày",
    "q.office.missing_more": "… và {count} đơn vị khác. Xem đầy đủ: /chuanop.",
    "q.office.all_sent": "✅ <b>{name}</b>: tất cả {total} đơn vị đã nộp.",
    "q.office.registered": (
        "📝 <b>{name}</b>: đã đăng ký {done}/{total} đơn vị; còn {missing} đơn vị chưa đăng ký. Xem chi tiết: "
        "/dangkythidua."
    ),
    "q.office.no_registration": "Chưa có đợt đăng ký thi đua nào.",
    "q.office.no_notice": "Chưa có thông báo nào cần xác nhận (gửi bằng /thongbao với lựa chọn trả lời).",
    "q.office.unacked_header": ("📣 Thông báo #{id} ngày {day} «{excerpt}»: {count} người đã nhận nhưng chưa trả lời."),
    "q.office.unacked_line": "• {name} — {unit}",
    "q.office.unacked_more": "… và {count} người khác. Xem đầy đủ: /thongbao → Thông báo đã gửi.",
    "q.office.unacked_none": "📣 Thông báo #{id} ngày {day} «{excerpt}»: mọi người nhận được đều đã trả lời.",
    "q.office.admins_only": "Danh sách người chưa xác nhận thông báo chỉ cán bộ quản trị của Văn phòng xem được.",
    # ---------------------------------------------------------------- the unanswered log (CLI)
    "q.cli.none": "Chưa có câu hỏi nào bot chưa hiểu.",
    "q.cli.line": "{when} · {role} · {text}",
}
