"""Texts of the council, its secret ballot, award decisions and the commendation record."""

TEXTS: dict[str, str] = {
    # Council and sessions (Văn phòng)
    "council.unknown": "Không tìm thấy Hội đồng Thi đua - Khen thưởng này.",
    "council.one_chair": "Hội đồng phải có đúng một Chủ tịch Hội đồng.",
    "council.member_twice": "Một tài khoản được ghi hai lần trong danh sách thành viên Hội đồng.",
    "council.member_not_active": "Tài khoản của đồng chí {name} chưa được kích hoạt, chưa thể là thành viên Hội đồng.",
    "council.ballot_running": "Hội đồng đang có phiên bỏ phiếu chưa kết thúc; chưa thể thay đổi thành viên.",
    "council.no_members": (
        "Hội đồng chưa có thành viên. Đề nghị cập nhật danh sách thành viên trước khi triệu tập phiên họp."
    ),
    "council.bad_publish_days": "Số ngày công khai danh sách phải từ 0 đến {limit} ngày.",
    "council.no_nominees": "Danh sách đề nghị xét khen thưởng đang trống.",
    "council.bad_rule": (
        "Quy định biểu quyết đối với {award} không hợp lệ: tỷ lệ đồng ý từ 1% đến 100%, tỷ lệ có mặt từ 0% đến 100%."
    ),
    "council.unknown_award": (
        "Trường hợp {name}: danh hiệu, hình thức «{award}» không có trong danh mục hoặc "
        "không áp dụng cho đối tượng này."
    ),
    "council.no_rule": "Chưa có quy định biểu quyết (phương thức, tỷ lệ) đối với {award}.",
    "council.nominee_twice": "Trường hợp {name} được đề nghị {award} hai lần trong cùng phiên họp.",
    "council.session_unknown": "Không tìm thấy phiên họp Hội đồng này.",
    "council.not_draft": "Danh sách của phiên họp này đã được công khai, không thể công khai lại.",
    "council.not_published": "Danh sách đề nghị chưa được công khai, chưa thể mở bỏ phiếu.",
    "council.publication_running": "Danh sách đề nghị đang trong thời gian công khai; có thể mở bỏ phiếu từ {until}.",
    "council.attendance_fixed": "Đã mở bỏ phiếu, không thể sửa danh sách thành viên có mặt, vắng mặt.",
    # Ballot (thành viên Hội đồng)
    "council.not_member": "Đồng chí không phải là thành viên của Hội đồng họp phiên này, không thể bỏ phiếu.",
    "council.ballot_not_open": "Phiên họp chưa mở bỏ phiếu.",
    "council.ballot_closed": "Văn phòng đã kết thúc bỏ phiếu; phiếu của đồng chí không được ghi nhận thêm.",
    "council.nominee_unknown": "Trường hợp này không có trong danh sách bỏ phiếu của phiên họp.",
    "council.absent_no_vote": (
        "Đồng chí vắng mặt và quy định của danh hiệu này không nhận phiếu bằng văn bản của thành viên vắng mặt."
    ),
    "council.ballot_intro": (
        "Đề nghị đồng chí cho ý kiến bằng phiếu kín đối với các trường hợp đề nghị {award} năm {year}:"
    ),
    "council.choice.yes": "Đồng ý",
    "council.choice.no": "Không đồng ý",
    "council.result": (
        "Kết quả: {name} đạt {yes}/{base} phiếu đồng ý ({pct}%), {verdict} tỷ lệ quy định ({threshold}%)."
    ),
    "council.verdict.passed": "đạt",
    "council.verdict.failed": "không đạt",
    "council.verdict.no_quorum": "không đủ số thành viên có mặt theo quy định",
    # Decisions
    "decision.number_used": "Số quyết định {number}/{symbol} năm {year} đã được dùng cho một quyết định khác.",
    "decision.bad_number": "Số quyết định phải là số nguyên dương.",
    "decision.not_passed": "Trường hợp {name} chưa được Hội đồng thông qua, không thể đưa vào quyết định.",
    "decision.session_not_closed": "Phiên họp Hội đồng chưa kết thúc bỏ phiếu.",
    "decision.no_recipients": "Quyết định chưa có cá nhân, tập thể được khen thưởng.",
    "decision.mixed_awards": "Một quyết định chỉ khen một danh hiệu, hình thức; danh sách có {awards}.",
    "decision.already_recorded": "{name} đã có {award} năm {year} trong lịch sử khen thưởng.",
    "decision.bad_amount": "Số tiền thưởng không được âm.",
    # Record import (Excel)
    "record.import.bad_file": "Không đọc được tệp Excel. Đề nghị kiểm tra lại tệp (định dạng .xlsx).",
    "record.import.too_big": "Tệp Excel quá lớn (tối đa {limit_mb} MB, {rows} dòng).",
    "record.import.no_sheet": "Tệp không có trang tính «{sheet}».",
    "record.import.missing_column": "Trang tính thiếu cột «{column}».",
    "record.import.row_error": "Dòng {row}: {error}",
    "record.import.no_name": "thiếu họ tên hoặc tên tập thể",
    "record.import.bad_year": "năm «{value}» không hợp lệ",
    "record.import.unknown_title": "danh hiệu, hình thức «{value}» không có trong danh mục",
    "record.import.wrong_subject": "«{value}» không áp dụng cho {subject}",
    "record.import.two_units": "{name} năm {year} đã ghi ở đơn vị «{other}» (dòng {other_row}), nay ghi ở «{unit}»",
    "record.import.twice": "{name} được ghi {award} năm {year} hai lần (dòng {other_row})",
    "record.import.bad_date": "ngày quyết định «{value}» không đúng dạng dd/mm/yyyy",
    "record.import.bad_amount": "số tiền «{value}» không hợp lệ",
    "record.subject.person": "cá nhân",
    "record.subject.collective": "tập thể",
    # Lookup
    "record.line": "{year}: {award} (Quyết định số {decision} ngày {date})",
    "record.next_met": "Đủ điều kiện về thành tích để đề nghị {award}: {reason}. Căn cứ: {basis}.",
    "record.next_missing": "Chưa đủ điều kiện đề nghị {award}: {reason}. Căn cứ: {basis}.",
    # The chat flow /bophieu (handlers/yearend/ballot.py, council_setup.py, council_session.py)
    "cmd.bophieu": "Hội đồng Thi đua - Khen thưởng: phiếu kín, phiên họp",
    "council.role.chair": "Chủ tịch Hội đồng",
    "council.role.vice_chair": "Phó Chủ tịch Hội đồng",
    "council.role.standing": "Ủy viên thường trực",
    "council.role.member": "Ủy viên",
    "council.status.draft": "dự thảo",
    "council.status.published": "đang công khai danh sách",
    "council.status.open": "đang bỏ phiếu",
    "council.status.closed": "đã kết thúc bỏ phiếu",
    "council.flow.start": "<b>HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG</b>\nĐồng chí chọn:",
    "council.flow.no_ballot": "Hiện không có phiên bỏ phiếu nào dành cho đồng chí.",
    "council.flow.ballot_choice": "🗳 Phiếu: phiên họp ngày {date}",
    "council.flow.office_button": "⚙️ Hội đồng, phiên họp (Văn phòng)",
    "council.flow.ballot_head": (
        "<b>PHIẾU BẦU KÍN</b> — {council}, phiên họp ngày {date}\n"
        "Đồng chí đã cho ý kiến {answered}/{total} trường hợp (trang {page}/{pages})."
    ),
    "council.flow.ballot_line": "{n}. <b>{name}</b> — {unit} ({award}): {mine}",
    "council.flow.mine.yes": "✅ Đồng ý",
    "council.flow.mine.no": "❌ Không đồng ý",
    "council.flow.mine.none": "chưa cho ý kiến",
    "council.flow.ballot_foot": (
        "<i>Phiếu kín: không ai (kể cả Văn phòng) biết đồng chí chọn gì. Đồng chí có thể đổi ý kiến "
        "đến khi Văn phòng kết thúc bỏ phiếu; lần chọn sau thay lần trước.</i>"
    ),
    "council.flow.vote_yes": "✅ {n}. Đồng ý: {name}",
    "council.flow.vote_no": "❌ {n}. Không đồng ý: {name}",
    "council.flow.refresh": "🔄 Xem lại phiếu",
    "council.flow.voted": "Đã ghi nhận ý kiến «{choice}» đối với {name}.",
    "council.flow.no_council": (
        "Chưa có Hội đồng Thi đua - Khen thưởng năm {year}. Đề nghị lập Hội đồng (chọn thành viên) trước "
        "khi triệu tập phiên họp."
    ),
    "council.flow.set_button": "👥 Lập Hội đồng",
    "council.flow.council": "<b>{name}</b> năm {year} — {count} thành viên:",
    "council.flow.member": "• {role}: {name}",
    "council.flow.session_choice": "📅 Phiên họp {date} · {status}",
    "council.flow.convene_button": "📅 Triệu tập phiên họp",
    "council.flow.edit_members_button": "👥 Sửa thành viên Hội đồng",
    "council.flow.pick_members": (
        "Đồng chí chọn các thành viên Hội đồng (bấm để chọn / bỏ chọn; trang {page}/{pages}), rồi bấm «Xong»:"
    ),
    "council.flow.candidate": "{mark}{name} ({unit})",
    "council.flow.members_done": "Xong ({count} thành viên)",
    "council.flow.pick_chair": "Ai là Chủ tịch Hội đồng?",
    "council.flow.person": "{name}",
    "council.flow.pick_standing": "Ai là Ủy viên thường trực (thư ký) của Hội đồng?",
    "council.flow.skip": "Bỏ qua",
    "council.flow.members_saved": "Đã lưu Hội đồng với {count} thành viên.",
    "council.flow.ask_date": "Ngày họp Hội đồng (dd/mm/yyyy), ví dụ <code>20/12/2024</code>:",
    "council.flow.date_past": "Ngày họp đã qua. Đề nghị nhập ngày từ hôm nay trở đi.",
    "council.flow.ask_place": "Địa điểm họp:",
    "council.flow.default_place": "Trụ sở Thanh tra tỉnh",
    "council.flow.place_default": "Trụ sở Thanh tra tỉnh",
    "council.flow.ask_days": (
        "Công khai danh sách đề nghị trong nội bộ bao nhiêu ngày trước khi bỏ phiếu? Gõ số ngày (0 đến {limit})."
    ),
    "council.flow.default_days": "{days} ngày",
    "council.flow.review": (
        "<b>Triệu tập phiên họp</b> ngày {date} tại {place}; công khai danh sách {days} ngày.\n"
        "Danh sách đề nghị ({count} trường hợp, từ các hồ sơ đủ điều kiện):"
    ),
    "council.flow.nominee": "{n}. {name} — {unit} ({award})",
    "council.flow.no_candidates": (
        "Chưa có hồ sơ nào đủ điều kiện. Văn phòng xác nhận «Đủ điều kiện» trong /hoso trước khi triệu tập."
    ),
    "council.flow.rule": ("Quy định {award}: đồng ý từ {threshold}% {base}; có mặt tối thiểu {quorum}%; {written}."),
    "council.flow.base.all": "trên tổng số thành viên",
    "council.flow.base.present": "trên số thành viên có mặt",
    "council.flow.written_yes": "thành viên vắng mặt gửi phiếu bằng văn bản",
    "council.flow.written_no": "không nhận phiếu của thành viên vắng mặt",
    "council.flow.rule_button": "✏️ Quy định biểu quyết: {award}",
    "council.flow.convene_ok": "✅ Triệu tập",
    "council.flow.ask_rule": (
        "Quy định biểu quyết {award}: gõ tỷ lệ đồng ý (%), tỷ lệ có mặt tối thiểu (%), cơ sở tính "
        "(<i>tất cả</i> hoặc <i>có mặt</i>), nhận phiếu vắng mặt (<i>có</i> hoặc <i>không</i>), cách nhau bởi "
        "dấu phẩy. Ví dụ: <code>70, 50, tất cả, có</code>"
    ),
    "council.flow.rule_saved": "Đã sửa quy định biểu quyết.",
    "council.flow.convened": (
        "Đã triệu tập phiên họp với {count} trường hợp; {dossiers} hồ sơ chuyển trạng thái «Trình Hội đồng»."
    ),
    "council.flow.session": (
        "<b>{council}</b>\nPhiên họp ngày {date} tại {place}\nTrạng thái: <b>{status}</b>\n"
        "{count} trường hợp; {members} thành viên, vắng mặt {absent}."
    ),
    "council.flow.publication": "Danh sách đang công khai; mở bỏ phiếu được từ {until}.",
    "council.flow.tally": "Số thành viên đã bỏ phiếu: {voters}/{members} (có mặt {present}).",
    "council.flow.result_line": "{n}. ({award}) {result}",
    "council.flow.publish_button": "📢 Công khai danh sách",
    "council.flow.open_button": "🗳 Mở bỏ phiếu",
    "council.flow.absent_button": "🙋 Thành viên vắng mặt",
    "council.flow.close_button": "🔒 Kết thúc bỏ phiếu",
    "council.flow.minutes_button": "📄 Biên bản họp (.docx)",
    "council.flow.upward_button": "📄 Tờ trình cấp trên: {award}",
    "council.flow.decide_button": "📝 Ghi quyết định khen thưởng",
    "council.flow.published_notice": (
        "📢 <b>{council}</b> công khai danh sách đề nghị xét khen thưởng (phiên họp ngày {date}); "
        "bỏ phiếu từ {until}:\n{list}"
    ),
    "council.flow.published": "Đã công khai danh sách và gửi tới các thành viên Hội đồng; công khai {days} ngày.",
    "council.flow.opened_notice": (
        "🗳 {council} đã mở bỏ phiếu kín ({count} trường hợp). Đề nghị đồng chí gõ /bophieu để cho ý kiến."
    ),
    "council.flow.opened": "Đã mở bỏ phiếu; các thành viên được thông báo.",
    "council.flow.close_confirm": (
        "Kết thúc bỏ phiếu? Phiếu được kiểm ngay; sau đó thành viên không thể bỏ phiếu hoặc đổi ý kiến."
    ),
    "council.flow.close_ok": "🔒 Kết thúc và kiểm phiếu",
    "council.flow.closed": "Đã kết thúc bỏ phiếu: {voters}/{members} thành viên đã bỏ phiếu. Kết quả:",
    "council.flow.minutes_caption": "Biên bản họp Hội đồng Thi đua - Khen thưởng ngày {date}.",
    "council.flow.upward_caption": "Dự thảo tờ trình đề nghị cấp trên: {award}.",
    "council.flow.pick_absent": "Thành viên nào vắng mặt? (bấm để đánh dấu / bỏ đánh dấu, rồi bấm «Xong»)",
    "council.flow.absent_choice": "{mark}{name}",
    "council.flow.absent_done": "Xong ({count} vắng mặt)",
    "council.flow.absent_saved": "Đã ghi {count} thành viên vắng mặt.",
    # The chat flow /lichsu (handlers/yearend/history.py, decisions.py)
    "cmd.lichsu": "Lịch sử khen thưởng, điều kiện đề nghị tiếp theo",
    "history.start": "<b>LỊCH SỬ KHEN THƯỞNG</b>\nĐồng chí muốn tra cứu:",
    "history.unit_button": "🏢 {unit}",
    "history.person_button": "👤 Tra cứu cá nhân",
    "history.collective_button": "🏛 Tra cứu tập thể",
    "history.decide_button": "📝 Ghi quyết định khen thưởng",
    "history.import_button": "📥 Nhập lịch sử khen thưởng (Excel)",
    "history.again_button": "🔎 Tra cứu khác",
    "history.ask_person": "Đề nghị nhập họ và tên cá nhân cần tra cứu:",
    "history.ask_collective": "Đề nghị nhập tên tập thể cần tra cứu (đúng tên đơn vị):",
    "history.title": "<b>Kết quả tra cứu khen thưởng</b> của {kind} <b>{name}</b> ({count} lượt):",
    "history.none": "Chưa có khen thưởng nào trong lịch sử.",
    "history.next_head": "\n<b>Điều kiện đề nghị năm {year}</b> (theo lịch sử khen thưởng):",
    "history.reason": "đã đạt {have}/{need} năm theo yêu cầu nối tiếp; ngoài ra {note}",
    "history.no_next": "Không có danh hiệu nào cần điều kiện nối tiếp cho đối tượng này.",
    "history.ask_import": (
        "Đề nghị gửi tệp Excel (.xlsx) có trang «LichSu» với các cột: Năm, Đối tượng (Cá nhân / Tập thể), Tên, "
        "Đơn vị, Danh hiệu, hình thức, Số quyết định, Ngày quyết định (dd/mm/yyyy), Số tiền. Bot kiểm tra mọi dòng; "
        "có dòng sai thì không ghi dòng nào."
    ),
    "history.send_xlsx": "Đề nghị gửi tệp Excel (.xlsx) có trang «LichSu».",
    "history.import_rejected": "Tệp có {count} dòng lỗi; chưa ghi dòng nào. Đề nghị sửa rồi gửi lại:",
    "history.more_errors": "… và {count} dòng lỗi khác.",
    "history.imported": "Đã nhập {count} dòng vào lịch sử khen thưởng.",
    "decision.flow.which": (
        "Ghi quyết định khen thưởng cho danh hiệu, hình thức nào (các trường hợp Hội đồng đã thông qua)?"
    ),
    "decision.flow.none": "Không có trường hợp nào Hội đồng đã thông qua mà chưa có quyết định khen thưởng.",
    "decision.flow.choice": "{award} · {count} trường hợp · họp {date}",
    "decision.flow.ask_date": "Quyết định tặng {award} cho {count} trường hợp. Ngày ký quyết định (dd/mm/yyyy):",
    "decision.flow.today": "Hôm nay ({date})",
    "decision.flow.ask_number": "Số quyết định (chỉ gõ số; ký hiệu {symbol}, năm {year}):",
    "decision.flow.ask_signer": "Họ và tên người ký quyết định:",
    "decision.flow.bad_signer": "Đề nghị nhập họ và tên người ký (tối đa 120 ký tự).",
    "decision.flow.ask_amount": "Số tiền thưởng cho mỗi cá nhân, tập thể (đồng), ví dụ <code>450000</code>:",
    "decision.flow.no_amount": "Không kèm tiền thưởng",
    "decision.flow.bad_amount": "Số tiền phải là số nguyên không âm (đồng), ví dụ 450000.",
    "decision.flow.summary": (
        "<b>Quyết định số {number}/{symbol}</b> ngày {date}\n{summary}\nNgười ký: {signer}\n"
        "{count} trường hợp; mỗi trường hợp {amount} đồng, tổng {total} đồng:"
    ),
    "decision.flow.recipient": "{n}. {name} — {unit}",
    "decision.flow.ok": "✅ Ghi quyết định",
    "decision.flow.change_number": "✏️ Sửa số quyết định",
    "decision.flow.recorded": (
        "Đã ghi Quyết định số {reference} vào lịch sử khen thưởng ({count} trường hợp); {dossiers} hồ sơ "
        "chuyển «Đã có quyết định khen thưởng», đã báo {told} tài khoản của các đơn vị."
    ),
    "decision.flow.caption": (
        "Dự thảo Quyết định số {reference} kèm danh sách (Word, thể thức Nghị định 30/2020/NĐ-CP)."
    ),
}
