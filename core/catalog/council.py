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
}
