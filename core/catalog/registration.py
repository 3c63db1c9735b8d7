"""Texts of emulation registration (đăng ký thi đua): /dangky, /maudangky, /dangkythidua, the Excel files.

Wording follows domain.md §5.2. Titles (danh hiệu thi đua) and forms of commendation (hình thức khen
thưởng) are always named separately. Keys under ``reg.tpl.`` and ``reg.export.`` go into Excel cells
(rendered with ``plain``): no HTML there.
"""

TEXTS: dict[str, str] = {
    # Chat menu
    "cmd.dangky": "Đăng ký thi đua của đơn vị",
    "cmd.maudangky": "Tải mẫu Excel danh sách đăng ký thi đua",
    "cmd.dangkythidua": "Tổng hợp đăng ký thi đua",
    # /dangky: choosing the round and the collective target
    "reg.invite": (
        "Kính gửi đồng chí {name}. Thực hiện Kế hoạch số {plan_no} ngày {plan_date} của Thanh tra tỉnh, "
        "đề nghị {unit} đăng ký thi đua năm {year}. Thời hạn gửi: trước ngày {due}."
    ),
    "reg.invite_plan": (
        "Kính gửi đồng chí {name}. Thực hiện Kế hoạch công tác thi đua, khen thưởng năm {year} của Thanh tra "
        "tỉnh, đề nghị {unit} đăng ký thi đua năm {year}. Thời hạn gửi: trước ngày {due}."
    ),
    "reg.choose_round": "Đồng chí vui lòng chọn đợt đăng ký thi đua:",
    "reg.no_open_round": "Hiện chưa có đợt đăng ký thi đua nào đang mở đối với {unit}.",
    "reg.start_button": "📝 Đăng ký thi đua",
    "reg.draft_in_progress": (
        "Đồng chí đang soạn dở bản đăng ký thi đua. Đề nghị tiếp tục các bước đang làm, hoặc gõ /dangky để bắt đầu lại."
    ),
    "reg.choose_collective": "Đồng chí vui lòng chọn danh hiệu thi đua tập thể mà đơn vị đăng ký:",
    "reg.no_collective_button": "Không đăng ký danh hiệu tập thể",
    "reg.choose_collective_award": (
        "Đơn vị có đề nghị hình thức khen thưởng cho tập thể không (ví dụ Bằng khen)? "
        "Đây là hình thức khen thưởng, khác với danh hiệu thi đua đã chọn ở trên."
    ),
    "reg.no_collective_award_button": "Không đề nghị khen thưởng tập thể",
    "reg.collective_chosen": "Danh hiệu thi đua tập thể: <b>{title}</b>.",
    "reg.ask_member_count": (
        "Đề nghị đồng chí cho biết tổng số cán bộ, công chức, người lao động của đơn vị (dùng để tính tỷ lệ "
        "Lao động tiên tiến). Gõ một số, hoặc bấm «Bỏ qua»."
    ),
    "reg.member_count_invalid": "Đề nghị nhập một số nguyên từ 1 đến {limit}.",
    "reg.skip_button": "Bỏ qua",
    # The individuals
    "reg.ask_individuals": (
        "Đề nghị nhập danh sách cá nhân đăng ký, mỗi dòng một người theo mẫu: Họ và tên – Chức vụ – Danh hiệu "
        "đăng ký. Ví dụ: Nguyễn Văn A – Thanh tra viên – Chiến sĩ thi đua cơ sở.\n"
        "Có thể viết tắt (LĐTT, CSTĐCS) và ghi kèm hình thức khen thưởng nếu có, ví dụ: "
        "«Trần Thị B – Chánh Văn phòng – CSTĐCS + Bằng khen UBND tỉnh».\n"
        "Đồng chí cũng có thể thêm từng người, hoặc gửi tệp Excel theo mẫu (lệnh /maudangky)."
    ),
    "reg.add_one_button": "➕ Thêm từng người",
    "reg.template_button": "📄 Tải mẫu Excel",
    "reg.list_done_button": "✅ Xong danh sách",
    "reg.clear_list_button": "🗑 Xóa danh sách",
    "reg.list_cleared": "Đã xóa danh sách cá nhân đăng ký.",
    "reg.ask_name": "Họ và tên của cá nhân đăng ký:",
    "reg.ask_position": "Chức vụ của đồng chí {name}:",
    "reg.ask_title": "Danh hiệu thi đua đăng ký cho đồng chí {name}:",
    "reg.ask_award": "Hình thức khen thưởng đề nghị cho đồng chí {name} (nếu có):",
    "reg.no_title_button": "Không đăng ký danh hiệu",
    "reg.no_award_button": "Không đề nghị khen thưởng",
    "reg.person_added": "Đã thêm: {name} – {position} – {target}. Danh sách hiện có {count} người.",
    "reg.list_header": "<b>Danh sách cá nhân đăng ký</b> ({count} người):",
    "reg.list_line": "{no}. {name} – {position} – {target}",
    "reg.list_empty": "Danh sách cá nhân đăng ký đang trống.",
    "reg.list_full": (
        "Mỗi bản đăng ký có tối đa {limit} người; danh sách hiện có {count} người nên không thể thêm "
        "{adding} người nữa."
    ),
    "reg.target_both": "{title} + {award}",
    "reg.join_or": " hoặc ",
    "reg.no_position": "—",
    # Pasted lists
    "reg.paste.empty": (
        "Chưa có nội dung. Đề nghị nhập mỗi dòng một người theo mẫu: Họ và tên – Chức vụ – Danh hiệu đăng ký."
    ),
    "reg.paste.too_many": (
        "Danh sách có {count} dòng, vượt quá {limit} dòng mỗi lần gửi. Đề nghị chia thành nhiều lần gửi, "
        "hoặc dùng mẫu Excel (lệnh /maudangky)."
    ),
    "reg.paste.accepted": "Đã ghi nhận {count} người. Danh sách hiện có {total} người.",
    "reg.paste.rejected": "Danh sách chưa được ghi nhận vì có {count} lỗi cần sửa:",
    "reg.paste.more_errors": "… và {count} lỗi khác.",
    "reg.paste.fix_hint": "Đề nghị đồng chí sửa các dòng trên rồi gửi lại toàn bộ danh sách.",
    "reg.paste.notices_header": "<b>Lưu ý:</b>",
    # One line of a list (paste: line of the message; Excel: row of the sheet)
    "reg.entry.format": (
        "Dòng {line} («{text}»): chưa tách được họ tên, chức vụ và danh hiệu. Đề nghị ghi theo mẫu: "
        "Họ và tên – Chức vụ – Danh hiệu."
    ),
    "reg.entry.name_missing": "Dòng {line}: thiếu họ và tên.",
    "reg.entry.name_too_long": "Dòng {line}: họ và tên dài quá {limit} ký tự.",
    "reg.entry.name_invalid": "Dòng {line}: họ và tên «{value}» có chữ số hoặc ký tự không hợp lệ.",
    "reg.entry.name_incomplete": "Dòng {line}: họ và tên «{value}» chưa đầy đủ (cần ghi cả họ, đệm và tên).",
    "reg.entry.position_too_long": "Dòng {line}: chức vụ dài quá {limit} ký tự.",
    "reg.entry.note_too_long": "Dòng {line}: ghi chú dài quá {limit} ký tự.",
    "reg.entry.title_missing": "Dòng {line}: chưa ghi danh hiệu thi đua hoặc hình thức khen thưởng đăng ký.",
    "reg.entry.unknown": "Dòng {line}: không nhận ra «{value}» trong danh mục. Có phải: {suggestions}?",
    "reg.entry.unknown_no_hint": (
        "Dòng {line}: không nhận ra danh hiệu «{value}». Các cách ghi được chấp nhận, ví dụ: LĐTT, CSTĐCS, "
        "CSTĐ tỉnh, GK, BK UBND tỉnh, BK TTCP, BK TTg (hoặc tên đầy đủ)."
    ),
    "reg.entry.ambiguous": "Dòng {line}: «{value}» có thể là: {options}. Đề nghị ghi rõ.",
    "reg.entry.defaulted": ("Dòng {line}: «{value}» được hiểu là {name}. Nếu là {others}, đề nghị ghi rõ tên."),
    "reg.entry.collective_only": "Dòng {line}: «{name}» dành cho tập thể, không đăng ký cho cá nhân.",
    "reg.entry.not_in_force": "Dòng {line}: «{name}» không còn (hoặc chưa) áp dụng vào thời điểm đăng ký.",
    "reg.entry.not_registrable": "Dòng {line}: «{name}» không thuộc danh mục đăng ký thi đua đầu năm.",
    "reg.entry.award_in_title_column": (
        "Dòng {line}: «{name}» là hình thức khen thưởng, không phải danh hiệu thi đua. Đề nghị ghi vào cột "
        "«Hình thức khen thưởng»."
    ),
    "reg.entry.title_in_award_column": (
        "Dòng {line}: «{name}» là danh hiệu thi đua, không phải hình thức khen thưởng. Đề nghị ghi vào cột "
        "«Danh hiệu thi đua»."
    ),
    "reg.entry.kept_higher": "Dòng {line}: ghi cả {lower}; ghi nhận danh hiệu cao hơn là {higher}.",
    "reg.entry.two_titles": (
        "Dòng {line}: ghi hai danh hiệu thi đua ({first}, {second}); mỗi người chỉ đăng ký một danh hiệu."
    ),
    "reg.entry.two_awards": (
        "Dòng {line}: ghi hai hình thức khen thưởng ({first}, {second}); mỗi người chỉ đề nghị một hình thức."
    ),
    # Warnings (rules in services/data/awards.yaml); the officer may fix or send anyway
    "reg.warn.cstdcs_quota": (
        "Đơn vị có {n} cá nhân đăng ký {titles}, vượt quá {max_pct}% số cá nhân đăng ký {of} ({m} người, "
        "kể cả người đăng ký danh hiệu cao hơn; tối đa {limit} người). Đề nghị đồng chí rà soát lại trước khi gửi."
    ),
    "reg.warn.cstdcs_quota_small": (
        "Đơn vị có {n} cá nhân đăng ký {titles}, trong khi chỉ có {m} người đăng ký {of} (kể cả người đăng ký "
        "danh hiệu cao hơn): {max_pct}% của {m} người chưa đủ một người; cần ít nhất {need} người đăng ký {of} "
        "cho mỗi cá nhân {titles}. Đề nghị đồng chí rà soát lại trước khi gửi."
    ),
    "reg.warn.collective_min_share": (
        "Danh hiệu {target} yêu cầu ít nhất {min_pct}% cá nhân đạt {titles}. Hiện đơn vị mới đăng ký "
        "{n}/{base} người ({pct}%), tính trên {base_ref}."
    ),
    "reg.warn.collective_min_share_strict": (
        "Danh hiệu {target} yêu cầu trên {min_pct}% cá nhân đạt {titles}. Hiện đơn vị mới đăng ký "
        "{n}/{base} người ({pct}%), tính trên {base_ref}."
    ),
    "reg.warn.collective_min_count": (
        "Danh hiệu {target} yêu cầu có ít nhất {min} cá nhân đạt {titles}. Hiện đơn vị đăng ký {n} người."
    ),
    "reg.warn.duplicate_person": "Đồng chí {name} có tên {count} lần trong danh sách (số thứ tự {lines}).",
    "reg.base.members": "tổng số cán bộ của đơn vị",
    "reg.base.listed": "số cá nhân trong danh sách",
    "reg.warnings_header": "⚠️ <b>Cảnh báo</b> ({count}):",
    "reg.warnings_footer": (
        "Đồng chí có thể sửa lại, hoặc vẫn gửi; Văn phòng Thanh tra tỉnh sẽ thấy các cảnh báo này."
    ),
    # Excel uploads
    "reg.excel.wrong_type": "Đề nghị gửi tệp Excel (.xlsx) theo mẫu của bot. Gõ /maudangky để tải mẫu.",
    "reg.excel.too_big": "Tệp Excel quá lớn (tối đa {limit} MB).",
    "reg.excel.unreadable": "Không đọc được tệp Excel này. Đề nghị lưu lại dưới dạng .xlsx rồi gửi lại.",
    "reg.excel.not_template": (
        "Tệp này không phải mẫu đăng ký thi đua của bot. Đề nghị gõ /maudangky để tải mẫu, điền danh sách "
        "vào trang «Danh sách» rồi gửi lại."
    ),
    "reg.excel.old_version": (
        "Tệp được lập theo mẫu phiên bản {found}, bot đang dùng phiên bản {expected}. Đề nghị tải mẫu mới "
        "bằng lệnh /maudangky."
    ),
    "reg.excel.header_changed": (
        "Dòng tiêu đề của mẫu đã bị sửa (cột {column}: «{found}»). Đề nghị không thêm, xóa hoặc đổi tên "
        "các cột của mẫu."
    ),
    "reg.excel.blank": "(trống)",
    "reg.excel.too_many_rows": "Tệp có trên {limit} dòng dữ liệu, vượt quá số người tối đa của một bản đăng ký.",
    "reg.excel.empty": "Trang «Danh sách» trong tệp chưa có người nào.",
    "reg.excel.rejected": "Tệp chưa được ghi nhận vì có {count} lỗi (số dòng theo tệp Excel):",
    # Commitments, signed scan, summary, confirmation
    "reg.ask_commitments": (
        "Đề nghị đồng chí nhập nội dung cam kết, chỉ tiêu thi đua của đơn vị (tối đa {limit} ký tự), hoặc bấm «Bỏ qua»."
    ),
    "reg.commitments_current": (
        "Cam kết hiện tại: {text}\n(Gõ nội dung mới để thay thế, hoặc bấm «Bỏ qua» để giữ nguyên.)"
    ),
    "reg.commitments_too_long": "Nội dung cam kết dài quá {limit} ký tự. Đề nghị rút gọn và gửi lại.",
    "reg.ask_scan": (
        "Đề nghị gửi kèm bản chụp (PDF) Bản đăng ký thi đua có chữ ký của Thủ trưởng đơn vị và đóng dấu. "
        "Trường hợp không có bản PDF, có thể gửi ảnh chụp rõ nét."
    ),
    "reg.scan_wrong_type": (
        "Chỉ nhận tệp PDF hoặc ảnh (JPG, PNG). Đề nghị gửi lại bản chụp Bản đăng ký thi đua đã ký, đóng dấu."
    ),
    "reg.scan_too_big": "Tệp quá lớn ({size} MB; tối đa {limit} MB). Đề nghị gửi bản chụp dung lượng nhỏ hơn.",
    "reg.scan_missing": (
        "Chưa có bản chụp Bản đăng ký thi đua đã ký, đóng dấu. Đề nghị gửi bản chụp trước khi gửi bản đăng ký."
    ),
    "reg.draft_outdated": (
        "Danh mục danh hiệu thi đua, hình thức khen thưởng vừa được cập nhật; một số lựa chọn trong bản đăng ký "
        "không còn phù hợp. Đề nghị đồng chí gõ /dangky để lập lại."
    ),
    "reg.draft_restart": (
        "Danh mục danh hiệu thi đua, hình thức khen thưởng đã được cập nhật sau khi đơn vị gửi bản trước; một số "
        "lựa chọn không còn phù hợp. Đề nghị đồng chí lập lại bản đăng ký."
    ),
    "reg.scan_received": "Đã nhận bản chụp: {file} ({size}).",
    "reg.summary": (
        "<b>Đề nghị đồng chí kiểm tra, xác nhận nội dung đăng ký:</b>\n"
        "Đơn vị: <b>{unit}</b>\nNăm: {year}\n"
        "Danh hiệu thi đua tập thể: {collective}\nHình thức khen thưởng tập thể: {collective_award}\n"
        "Số cá nhân đăng ký: {count}\n{counts}\n"
        "Cam kết: {commitments}\nBản ký, đóng dấu: {scan}"
    ),
    "reg.summary_count_line": "• {title}: {n}",
    "reg.summary_none": "Không đăng ký",
    "reg.summary_no_commitments": "(không có)",
    "reg.send_button": "✅ Gửi",
    "reg.send_anyway_button": "✅ Vẫn gửi",
    "reg.edit_button": "✏️ Sửa",
    "reg.cancel_button": "❌ Hủy",
    "reg.edit_menu": "Đồng chí muốn sửa phần nào?",
    "reg.edit_collective_button": "Danh hiệu tập thể",
    "reg.edit_list_button": "Danh sách cá nhân",
    "reg.edit_commitments_button": "Cam kết",
    "reg.edit_scan_button": "Bản chụp",
    "reg.cancelled": "Đã hủy; bản đăng ký chưa được gửi.",
    "reg.received": (
        "Văn phòng Thanh tra tỉnh đã nhận Bản đăng ký thi đua năm {year} của {unit} lúc {time} ngày {date}. "
        "Mã tiếp nhận: <code>{code}</code>."
    ),
    "reg.office_notice": "📥 {unit} đã gửi Bản đăng ký thi đua năm {year} (lần {version}), mã tiếp nhận {code}",
    "reg.received_version": "Đây là bản đăng ký thứ {version}; bản trước (mã tiếp nhận {previous}) được thay thế.",
    "reg.already_submitted": (
        "{unit} đã gửi Bản đăng ký thi đua năm {year} (mã tiếp nhận {code}, lúc {when}). Nếu tiếp tục, bản mới "
        "sẽ thay thế bản đã gửi."
    ),
    "reg.continue_button": "Tiếp tục, lập bản mới",
    "reg.after_deadline": (
        "Đã hết hạn đăng ký thi đua năm {year} (hạn: {due}). Bản đăng ký chỉ được gửi, sửa khi Văn phòng "
        "Thanh tra tỉnh mở lại cho đơn vị; đề nghị đồng chí liên hệ Văn phòng."
    ),
    "reg.not_your_unit": "Bản đăng ký này không thuộc đơn vị của đồng chí.",
    "reg.unknown_registration": "Không tìm thấy bản đăng ký này.",
    "reg.concurrent": (
        "Bản đăng ký của đơn vị vừa được cập nhật từ một tài khoản khác. Đề nghị đồng chí xem lại rồi gửi lại."
    ),
    "reg.submission_note": (
        "Bản đăng ký thi đua: {people} cá nhân; danh hiệu thi đua tập thể: {collective}; {warnings} cảnh báo."
    ),
    "reg.nothing_registered": (
        "Bản đăng ký chưa có danh hiệu thi đua tập thể và chưa có cá nhân nào. Đề nghị nhập danh sách cá nhân, "
        "hoặc chọn lại danh hiệu tập thể (nút «Sửa» ở bước xác nhận)."
    ),
    "reg.more_warnings": "… và {count} cảnh báo khác.",
    "reg.list_more": "… và {count} người khác (xem đầy đủ trong tệp Excel tổng hợp).",
    "reg.text_expected": "Ở bước này đề nghị đồng chí gõ nội dung, không gửi tệp.",
    "reg.size_kb": "{n} KB",
    "reg.size_mb": "{n} MB",
    "reg.back_to_summary_button": "« Về bản xác nhận",
    "reg.one.bad_name": (
        "Họ và tên «{value}» chưa hợp lệ: cần ghi đủ họ, đệm và tên, không có chữ số, tối đa {limit} ký tự. "
        "Đề nghị nhập lại:"
    ),
    "reg.one.position_too_long": "Chức vụ dài quá {limit} ký tự. Đề nghị nhập lại:",
    "reg.one.target_missing": (
        "Mỗi người cần đăng ký một danh hiệu thi đua hoặc được đề nghị một hình thức khen thưởng. "
        "Đề nghị chọn lại danh hiệu thi đua cho đồng chí {name}:"
    ),
    "reg.excel.accepted": (
        "Đã ghi nhận {count} người từ tệp Excel; danh sách trước đó (nếu có) được thay thế. "
        "Danh sách hiện có {total} người."
    ),
    "reg.template_caption": (
        "Mẫu danh sách đăng ký thi đua (Excel). Đề nghị điền vào trang «Danh sách», không sửa dòng tiêu đề, "
        "rồi gửi lại tệp cho bot ở bước nhập danh sách của lệnh /dangky."
    ),
    # The Office: /dangkythidua
    "reg.office.header": (
        "<b>Đăng ký thi đua năm {year}</b> (tính đến {time} ngày {date})\n"
        "Đã đăng ký: {done}/{total} đơn vị; chưa đăng ký: {missing}; có cảnh báo: {warned}."
    ),
    "reg.office.counts_header": "<b>Số lượng đăng ký</b>",
    "reg.office.titles_header": "Danh hiệu thi đua:",
    "reg.office.awards_header": "Hình thức khen thưởng:",
    "reg.office.count_line": "• {title}: {n}",
    "reg.office.registered_button": "✅ Đã đăng ký ({n})",
    "reg.office.missing_button": "⏳ Chưa đăng ký ({n})",
    "reg.office.export_button": "📊 Xuất Excel tổng hợp",
    "reg.office.missing_header": "DANH SÁCH ĐƠN VỊ CHƯA ĐĂNG KÝ THI ĐUA NĂM {year} (tính đến {time} ngày {date}):",
    "reg.office.missing_line": "{no}. {unit}",
    "reg.office.unit_button": "{unit} · {count} người",
    "reg.office.unit_button_warned": "⚠️ {unit} · {count} người",
    "reg.office.unit_detail": (
        "<b>{unit}</b>\nMã tiếp nhận: <code>{code}</code> (bản thứ {version})\nGửi lúc: {when}, bởi {by}\n"
        "Danh hiệu thi đua tập thể: {collective}\nHình thức khen thưởng tập thể: {collective_award}\n"
        "Tổng số cán bộ: {members}\nCam kết: {commitments}"
    ),
    "reg.office.scan_button": "📎 Bản ký, đóng dấu",
    "reg.office.versions_button": "🕘 Các bản trước",
    "reg.office.reopen_button": "🔓 Mở lại cho đơn vị",
    "reg.office.reopened": "Đã mở lại việc đăng ký thi đua cho {unit} đến {until}.",
    "reg.office.reopened_notice": (
        "Văn phòng Thanh tra tỉnh đã mở lại việc đăng ký thi đua năm {year} cho {unit} đến {until}. "
        "Đồng chí gõ /dangky để gửi, sửa bản đăng ký."
    ),
    "reg.office.none_yet": "Chưa có đơn vị nào gửi bản đăng ký.",
    "reg.office.choose_round": "Đồng chí vui lòng chọn đợt đăng ký thi đua:",
    "reg.office.no_round": "Chưa có đợt đăng ký thi đua nào.",
    "reg.office.people_header": "<b>Cá nhân</b>",
    "reg.office.collectives_header": "<b>Tập thể</b>",
    "reg.office.count_none": "• (chưa có)",
    "reg.office.registered_header": "<b>Các đơn vị đã đăng ký thi đua năm {year}</b> ({n}):",
    "reg.office.all_registered": "Tất cả các đơn vị đã đăng ký thi đua.",
    "reg.office.not_registered": "<b>{unit}</b>\nChưa gửi Bản đăng ký thi đua năm {year} (hạn: {due}).",
    "reg.office.reopened_line": "Đang mở lại cho đơn vị đến {until}.",
    "reg.office.late_line": "Gửi sau hạn chung ({due}).",
    "reg.office.versions_header": "<b>Các bản đăng ký của {unit}</b>:",
    "reg.office.missing_page": "Nút chọn đơn vị: trang {page}/{pages}.",
    "reg.office.version_line": "Bản {version} · mã tiếp nhận {code} · gửi lúc {when}",
    "reg.office.version_scan_button": "📎 Bản ký, đóng dấu của bản {version}",
    "reg.office.scan_caption": "{unit}: Bản đăng ký thi đua đã ký, đóng dấu (mã tiếp nhận {code}).",
    "reg.office.scan_missing": (
        "Không tìm thấy tệp bản chụp trong kho lưu trữ của bot. Đề nghị báo quản trị hệ thống."
    ),
    "reg.office.export_caption": "Tổng hợp đăng ký thi đua năm {year}: {units} đơn vị.",
    "reg.office.ask_reopen": (
        "Đề nghị nhập thời hạn mở lại việc đăng ký thi đua cho <b>{unit}</b> (hạn chung: {due}). Ví dụ: {examples}."
    ),
    "reg.office.reopen_bad_date": "Không nhận ra thời hạn «{text}». Ví dụ cách ghi: {examples}.",
    "reg.office.reopen_confirm": "Mở lại việc đăng ký thi đua năm {year} cho <b>{unit}</b> đến <b>{until}</b>?",
    "reg.office.reopen_too_early": ("Thời hạn mở lại phải sau hạn đăng ký chung của đợt. Đề nghị nhập lại thời hạn."),
    "reg.office.confirm_button": "✅ Xác nhận",
    "reg.office.reopen_cancelled": "Đã hủy; chưa mở lại việc đăng ký cho đơn vị.",
    # Cluster heads (read-only)
    "reg.cluster.header": "<b>Tình hình đăng ký thi đua năm {year} — {cluster}</b>:",
    "reg.cluster.line_done": "✅ {unit} — đã đăng ký ({when})",
    "reg.cluster.line_missing": "⏳ {unit} — chưa đăng ký",
    "reg.cluster.not_head": "Chỉ đơn vị Cụm trưởng được xem tình hình đăng ký của các đơn vị trong Cụm.",
    "reg.cluster.button": "👥 Cụm của tôi",
    "reg.cluster.summary": "Đã đăng ký: {done}/{total} đơn vị.",
    # Excel: the consolidated register (a sheet of the /xuat workbook)
    "reg.export.sheet": "Tổng hợp đăng ký thi đua",
    "reg.export.title": "TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM {year}",
    "reg.export.col_no": "STT",
    "reg.export.col_unit": "Đơn vị",
    "reg.export.col_subject": "Đối tượng",
    "reg.export.col_name": "Họ và tên / Tên tập thể",
    "reg.export.col_position": "Chức vụ",
    "reg.export.col_title": "Danh hiệu thi đua",
    "reg.export.col_award": "Hình thức khen thưởng",
    "reg.export.col_note": "Ghi chú",
    "reg.export.col_code": "Mã tiếp nhận",
    "reg.export.col_version": "Bản",
    "reg.export.col_when": "Thời gian gửi",
    "reg.export.col_warnings": "Cảnh báo",
    "reg.export.file_name": "Tong_hop_dang_ky_thi_dua_{year}.xlsx",
    "reg.export.person": "Cá nhân",
    "reg.export.collective": "Tập thể",
    # Excel: the template /maudangky sends
    "reg.tpl.file_name": "Mau_dang_ky_thi_dua.xlsx",
    "reg.tpl.sheet_list": "Danh sách",
    "reg.tpl.sheet_help": "Hướng dẫn",
    "reg.tpl.title": "DANH SÁCH CÁ NHÂN ĐĂNG KÝ THI ĐUA",
    "reg.tpl.title_year": "DANH SÁCH CÁ NHÂN ĐĂNG KÝ THI ĐUA NĂM {year}",
    "reg.tpl.unit": "Đơn vị: {unit}",
    "reg.tpl.col_no": "STT",
    "reg.tpl.col_name": "Họ và tên",
    "reg.tpl.col_position": "Chức vụ",
    "reg.tpl.col_title": "Danh hiệu thi đua",
    "reg.tpl.col_award": "Hình thức khen thưởng (nếu có)",
    "reg.tpl.col_note": "Ghi chú",
    "reg.tpl.prompt_title": "Chọn trong danh sách, hoặc gõ chữ viết tắt (LĐTT, CSTĐCS…). Mỗi người một danh hiệu.",
    "reg.tpl.prompt_award": "Chỉ ghi khi đề nghị khen thưởng (Giấy khen, Bằng khen…); để trống nếu không.",
    "reg.tpl.lists_title": "Danh hiệu thi đua (cá nhân)",
    "reg.tpl.lists_award": "Hình thức khen thưởng (cá nhân)",
    "reg.tpl.help": (
        "HƯỚNG DẪN ĐIỀN MẪU DANH SÁCH ĐĂNG KÝ THI ĐUA\n"
        "1. Điền vào trang «Danh sách», mỗi dòng một người, bắt đầu từ dòng ngay dưới dòng tiêu đề.\n"
        "2. Không thêm, xóa, đổi tên hoặc đổi thứ tự các cột; không đổi tên các trang tính.\n"
        "3. Cột «Danh hiệu thi đua»: chọn trong danh sách (Lao động tiên tiến, Chiến sĩ thi đua cơ sở…); "
        "có thể gõ chữ viết tắt như LĐTT, CSTĐCS.\n"
        "4. Cột «Hình thức khen thưởng»: chỉ ghi khi đề nghị khen thưởng (Giấy khen, Bằng khen…). "
        "Danh hiệu thi đua và hình thức khen thưởng là hai loại khác nhau, ghi đúng cột.\n"
        "5. Mỗi người chỉ ghi một danh hiệu thi đua (danh hiệu cao nhất đăng ký) và tối đa một hình thức "
        "khen thưởng.\n"
        "6. Tối đa {limit} người; cột STT có thể để trống.\n"
        "7. Lưu tệp dạng .xlsx rồi gửi lại cho bot ở bước nhập danh sách của lệnh /dangky. Nếu có dòng sai, "
        "bot báo số dòng để sửa; khi đó chưa có người nào được ghi nhận."
    ),
}
