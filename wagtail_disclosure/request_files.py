"""The 告知书 of a case as files: Word (DOCX) and PDF, both from the case's reply text (``reply_text``), so
that what the handler edited before issuing it is what either file says.

The PDF's Chinese is set in STSong-Light, one of the CID fonts every PDF reader supplies for the Adobe-GB1
character collection (PDF 1.7, 9.7.5; reportlab ships its metrics): nothing is embedded and nothing needs
to be installed on the server, which has no CJK fonts as often as not. Embedding a TrueType font instead
would mean shipping or finding a 10–20 MB font file on every server.
"""

import io
from xml.sax.saxutils import escape

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

PDF_FONT = "STSong-Light"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"


def _parts(case):
    heading, *paragraphs = case.reply_text.split("\n\n")
    return heading, paragraphs


def reply_docx(case):
    """The 告知书 as a Word document (python-docx), in 宋体 for the Chinese text."""
    heading, paragraphs = _parts(case)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(14)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(heading)
    run.bold = True
    run.font.size = Pt(20)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_font():
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return PDF_FONT


def _pdf_paragraph(text, style):
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def reply_pdf(case):
    """The 告知书 as an A4 PDF (reportlab), the same paragraphs as ``reply_docx``."""
    heading, paragraphs = _parts(case)
    font = _pdf_font()
    # wordWrap CJK: Chinese breaks between any two characters (with the line-start rules for punctuation).
    body = ParagraphStyle("body", fontName=font, fontSize=14, leading=24, wordWrap="CJK", spaceAfter=8)
    title = ParagraphStyle("title", parent=body, fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=16)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm, bottomMargin=35 * mm,
        title=heading, author=case.organisation.name, subject=case.reference,
    )  # fmt: skip
    document.build([_pdf_paragraph(heading, title), Spacer(1, 4 * mm), *(_pdf_paragraph(text, body) for text in paragraphs)])
    return buffer.getvalue()
