"""Official documents (NĐ 30/2020/NĐ-CP layout) as .docx from templates the Office may edit in Word.

The templates live in services/commendation/data/templates (built by tools/make_document_templates.py);
:mod:`.render` fills one with docxtpl, :mod:`.content` gathers what each document says.
"""
