"""Build the .docx templates of the official documents (NĐ 30/2020/NĐ-CP layout) with Jinja tags.

    .venv/bin/python tools/make_document_templates.py

Writes services/commendation/data/templates/{bien_ban,quyet_dinh,to_trinh}.docx. The Office may then
edit those files in Word (wording, fonts, the "Căn cứ" lines); keep the {{ … }} and {%tr … %} tags.
Layout per NĐ 30/2020 Appendix I: A4, margins top/bottom 2 cm, left 3 cm, right 1.5 cm, Times New
Roman 13–14; a borderless two-column header (issuing body | national motto), number and symbol under
the body, place and date under the motto (italic), the title centred in bold capitals, the summary
(trích yếu) under it, the body justified with a first-line indent, then "Nơi nhận" (left) beside the
signature block (right).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

OUT = Path(__file__).resolve().parent.parent / "services" / "commendation" / "data" / "templates"
FONT = "Times New Roman"
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY


def new_document() -> DocumentObject:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    return doc


def para(
    where: DocumentObject | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 14,
    align: WD_ALIGN_PARAGRAPH = JUSTIFY,
    indent: bool = False,
    before: float = 0,
    after: float = 0,
    underline_rule: bool = False,
) -> None:
    p = where.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(before), Pt(after)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.27)
    run = p.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    if underline_rule:  # the short rule under the issuing body and under the motto
        rule = p.add_run("\n" + "_" * 10 if size < 14 else "\n" + "_" * 16)
        rule.font.size = Pt(8)


def first_cell_para(cell: _Cell) -> None:
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)


def fixed_widths(table: Table, widths: list[float]) -> None:
    """Word and LibreOffice honour column widths only with a fixed layout and a width on every cell."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid (w:gridCol) is what LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def borderless(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def header(doc: DocumentObject, number_line: str, body_parent: str, body: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, [6.0, 10.5])
    left, right = table.rows[0].cells
    for cell in (left, right):
        first_cell_para(cell)
    para(left, body_parent, size=13, align=CENTER)
    para(left, body, bold=True, size=13, align=CENTER, underline_rule=True)
    para(left, number_line, size=13, align=CENTER, before=6)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12.5, align=CENTER)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align=CENTER, underline_rule=True)
    para(right, "{{ place_date }}", italic=True, size=14, align=CENTER, before=6)


def title(doc: DocumentObject, name: str, summary: str) -> None:
    para(doc, name, bold=True, size=14, align=CENTER, before=18)
    para(doc, summary, bold=True, size=14, align=CENTER, after=12)


def grid(doc: DocumentObject, heads: list[str], cells: list[str], loop: str, widths: list[float]) -> None:
    """A bordered list table whose middle row repeats (docxtpl ``{%tr for … %}`` rows)."""
    table = doc.add_table(rows=4, cols=len(heads))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, widths)
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        first_cell_para(cell)
        para(cell, text, bold=True, size=12, align=CENTER)
    table.rows[1].cells[0].text = "{%tr " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        first_cell_para(cell)
        para(cell, text, size=12, align=LEFT if "name" in text or "unit" in text else CENTER)
    table.rows[3].cells[0].text = "{%tr endfor %}"


def footer(doc: DocumentObject, signers: list[tuple[str, str]], recipients: bool = True) -> None:
    table = doc.add_table(rows=1, cols=2)
    borderless(table)
    fixed_widths(table, [8.0, 8.5])
    left, right = table.rows[0].cells
    for cell in (left, right):
        first_cell_para(cell)
    if recipients:
        para(left, "Nơi nhận:", bold=True, italic=True, size=12, align=LEFT, before=12)
        para(left, "{%p for line in recipients %}", size=11, align=LEFT)
        para(left, "- {{ line }}", size=11, align=LEFT)
        para(left, "{%p endfor %}", size=11, align=LEFT)
    else:
        para(left, signers[0][0], bold=True, size=13, align=CENTER, before=12)
        para(left, "", size=13, after=60)
        para(left, signers[0][1], bold=True, size=14, align=CENTER)
        signers = signers[1:]
    para(right, signers[0][0], bold=True, size=13, align=CENTER, before=12)
    para(right, "", size=13, after=60)
    para(right, signers[0][1], bold=True, size=14, align=CENTER)


def page_break(doc: DocumentObject) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def opening() -> DocumentObject:
    """A new page with the header every document shares (issuing body, number, motto, place and date)."""
    doc = new_document()
    header(doc, "Số: {{ number_symbol }}", "{{ issuer_parent }}", "{{ issuer }}")
    return doc


def bases(doc: DocumentObject, line: str, *, italic: bool = False) -> None:
    """The "Căn cứ …" lines, one paragraph per legal basis in force."""
    para(doc, "{%p for line in bases %}", indent=True)
    para(doc, line, italic=italic, indent=True)
    para(doc, "{%p endfor %}", indent=True)


def minutes() -> DocumentObject:
    doc = opening()
    title(doc, "BIÊN BẢN", "Họp Hội đồng Thi đua - Khen thưởng {{ scope }}")
    para(
        doc,
        "Hồi {{ held_time }}, tại {{ place }}, {{ council_name }} họp xét đề nghị khen thưởng năm {{ year }}.",
        indent=True,
    )
    para(doc, "Chủ trì: đồng chí {{ chair }}, Chủ tịch Hội đồng.", indent=True)
    para(doc, "Thư ký: đồng chí {{ secretary }}.", indent=True)
    para(
        doc,
        "Thành viên Hội đồng: {{ members_total }} đồng chí; có mặt {{ members_present }} đồng chí; "
        "vắng mặt {{ members_absent }} đồng chí{{ absent_names }}. Số thành viên tham gia bỏ phiếu: {{ voters }}.",
        indent=True,
    )
    para(doc, "I. QUY ĐỊNH BIỂU QUYẾT", bold=True, before=6)
    para(doc, "{%p for r in rules %}", indent=True)
    para(
        doc,
        "- {{ r.award }}: {{ r.method }}; tỷ lệ đồng ý từ {{ r.threshold }}% {{ r.base }}; "
        "số thành viên có mặt tối thiểu {{ r.quorum }}%{{ r.written }}.",
        indent=True,
    )
    para(doc, "{%p endfor %}", indent=True)
    para(doc, "II. KẾT QUẢ BỎ PHIẾU", bold=True, before=6, after=6)
    grid(
        doc,
        ["STT", "Họ và tên / Tập thể", "Đơn vị", "Danh hiệu, hình thức", "Đồng ý", "Tỷ lệ", "Kết quả"],
        [
            "{{ r.no }}",
            "{{ r.name }}",
            "{{ r.unit }}",
            "{{ r.award }}",
            "{{ r.yes }}/{{ r.base }}",
            "{{ r.pct }}%",
            "{{ r.verdict }}",
        ],
        "for r in results",
        [1.2, 3.8, 3.2, 2.8, 1.8, 1.6, 2.1],
    )
    para(doc, "III. KẾT LUẬN", bold=True, before=6)
    para(
        doc,
        "Hội đồng thống nhất đề nghị {{ issuer_head }} xem xét, quyết định khen thưởng {{ passed }} trường hợp "
        "đạt tỷ lệ phiếu đồng ý theo quy định; {{ failed }} trường hợp không đạt.",
        indent=True,
    )
    para(
        doc,
        "Cuộc họp kết thúc hồi {{ closed_time }} cùng ngày. Biên bản được thông qua trước Hội đồng.",
        indent=True,
        after=6,
    )
    footer(doc, [("THƯ KÝ", "{{ secretary }}"), ("CHỦ TỊCH HỘI ĐỒNG", "{{ chair }}")], recipients=False)
    return doc


def decision() -> DocumentObject:
    doc = opening()
    title(doc, "QUYẾT ĐỊNH", "{{ summary }}")
    para(doc, "{{ signer_title_full }}", bold=True, align=CENTER, after=12)
    bases(doc, "{{ line }};", italic=True)
    para(doc, "Theo đề nghị của {{ proposer }}.", italic=True, indent=True, after=12)
    para(doc, "QUYẾT ĐỊNH:", bold=True, align=CENTER, after=12)
    para(doc, "Điều 1. {{ article1 }} (có danh sách kèm theo).", indent=True)
    para(doc, "Điều 2. {{ article2 }}", indent=True)
    para(
        doc,
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan "
        "và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        indent=True,
        after=6,
    )
    footer(doc, [("{{ signer_title }}", "{{ signer }}")])
    page_break(doc)
    para(doc, "DANH SÁCH", bold=True, align=CENTER)
    para(doc, "{{ list_title }}", bold=True, align=CENTER)
    para(
        doc,
        "(Kèm theo Quyết định số {{ number_symbol }} {{ date_words }} của {{ issuer_head }})",
        italic=True,
        align=CENTER,
        after=12,
    )
    grid(
        doc,
        ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Số tiền (đồng)"],
        ["{{ r.no }}", "{{ r.name }}", "{{ r.unit }}", "{{ r.amount }}"],
        "for r in rows",
        [1.2, 6.0, 6.0, 3.2],
    )
    para(doc, "Tổng cộng: {{ count }} {{ subject_word }}; tổng số tiền {{ total }} đồng.", bold=True, before=6)
    return doc


def submission() -> DocumentObject:
    doc = opening()
    title(doc, "TỜ TRÌNH", "{{ summary }}")
    para(doc, "Kính gửi: {{ addressee }}.", align=CENTER, after=12)
    bases(doc, "Căn cứ {{ line }};")
    para(
        doc,
        "Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng {{ council_scope }} ngày {{ council_date }} "
        "({{ minutes_ref }}),",
        indent=True,
    )
    para(
        doc,
        "{{ issuer_head_cap }} kính đề nghị {{ addressee_head }} xem xét, {{ action }} cho {{ count }} "
        "{{ subject_word }} đã có thành tích xuất sắc trong công tác năm {{ year }} (có danh sách và hồ sơ kèm theo).",
        indent=True,
        after=6,
    )
    grid(
        doc,
        ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Kết quả bỏ phiếu"],
        ["{{ r.no }}", "{{ r.name }}", "{{ r.unit }}", "{{ r.votes }}"],
        "for r in rows",
        [1.2, 6.0, 6.0, 3.2],
    )
    para(doc, "Kính đề nghị {{ addressee_head }} xem xét, quyết định./.", indent=True, before=6)
    footer(doc, [("{{ signer_title }}", "{{ signer }}")])
    return doc


def cross_check() -> DocumentObject:
    """The cluster's cross-check result (kết quả kiểm tra chéo), issued by the cluster head's unit."""
    doc = opening()
    title(doc, "BÁO CÁO", "Kết quả kiểm tra chéo công tác thi đua, khen thưởng năm {{ year }}")
    para(doc, "Kính gửi: Văn phòng Thanh tra tỉnh.", align=CENTER, after=12)
    para(
        doc,
        "Thực hiện Kế hoạch công tác thi đua, khen thưởng năm {{ year }}, {{ cluster }} đã tổ chức kiểm tra chéo "
        "giữa các đơn vị thành viên theo Bảng chấm điểm «{{ sheet }}» (tổng điểm tối đa {{ max_total }} điểm). "
        "Kết quả {{ state }} tính đến ngày {{ closed_on }} như sau:",
        indent=True,
        after=6,
    )
    grid(
        doc,
        ["Xếp thứ", "Đơn vị được kiểm tra", "Đơn vị kiểm tra", "Tự chấm", "Điểm chấm", "Điểm chốt", "Xếp loại"],
        [
            "{{ r.place }}",
            "{{ r.unit }}",
            "{{ r.checker }}",
            "{{ r.self_total }}",
            "{{ r.checker_total }}",
            "{{ r.total }}",
            "{{ r.band }}",
        ],
        "for r in rows",
        [1.5, 3.8, 3.4, 1.7, 1.8, 1.8, 2.5],
    )
    para(doc, "{%p for line in disputes %}", indent=True)
    para(doc, "- {{ line }}", indent=True)
    para(doc, "{%p endfor %}", indent=True)
    para(
        doc, "{{ cluster }} báo cáo Văn phòng Thanh tra tỉnh tổng hợp, trình Hội đồng xem xét./.", indent=True, before=6
    )
    footer(doc, [("{{ signer_title }}", "{{ signer }}")])
    return doc


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    builds = (("bien_ban", minutes), ("quyet_dinh", decision), ("to_trinh", submission))
    for name, build in (*builds, ("ket_qua_kiem_tra", cross_check)):
        build().save(str(OUT / f"{name}.docx"))
        print(OUT / f"{name}.docx")


if __name__ == "__main__":
    main()
