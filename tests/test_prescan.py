"""The pre-publication scan (prescan): text collected from a page's fields and its attached files."""

import importlib.util
import io
import re
import sys
import zipfile

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents import get_document_model

from example_site.home.models import HomePage
from wagtail_disclosure import prescan
from wagtail_disclosure.models import CatalogueEntryAttachment, CatalogueEntryPage
from wagtail_disclosure.page_declarations import declared_fields
from wagtail_disclosure.rules.sensitive_data import SensitiveKind

from .utils import make_entry

Document = get_document_model()

# pypdf is needed to read PDFs (see prescan); without it a PDF gets an "unsupported" notice.
needs_pypdf = pytest.mark.skipif(importlib.util.find_spec("pypdf") is None, reason="pypdf is not installed")


def check_character(first17):
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def resident_id(birth="19850612", sequence="321"):
    first17 = "330106" + birth + sequence
    return first17 + check_character(first17)


ID_NUMBER = resident_id()
OTHER_ID = resident_id(birth="19721108", sequence="044")
HIDDEN_ID = resident_id(birth="19660101", sequence="017")


# --- files ------------------------------------------------------------------------------------


def make_pdf(pages):
    """A minimal PDF whose pages show the given lines; a ToUnicode CMap makes any BMP text extractable."""
    chars = sorted({c for page in pages for line in page for c in line})
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n"
        + "".join(f"<{ord(c):04X}> <{ord(c):04X}>\n" for c in chars)
        + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    kids = []
    for page in pages:
        lines = b"".join(b"<" + "".join(f"{ord(c):04X}" for c in line).encode() + b"> Tj T*\n" for line in page)
        content = b"BT /F1 12 Tf 72 720 Td 14 TL\n" + lines + b"ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted_pdf(pdf, user_password):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def paragraphs(*texts):
    return "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>" for t in texts)


def make_docx(body, header=None, deleted=None, link=None, extra=None):
    """A DOCX written with zipfile: body paragraphs, an optional header, tracked deletion and hyperlink."""
    rels = ['<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>']
    content = paragraphs(*body)
    if deleted:
        content += f'<w:p><w:del w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>{deleted}</w:delText></w:r></w:del></w:p>'
    if link:
        rels.append(f'<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{link}" TargetMode="External"/>')
        content += '<w:p><w:hyperlink r:id="rIdLink"><w:r><w:t>联系我们</w:t></w:r></w:hyperlink></w:p>'
    section = ""
    if header:
        rels.append('<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>')
        section = '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/></w:sectPr>'
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
            '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>"
        ),
        "word/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:styles {W}/>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{content}{section}</w:body></w:document>',
    }
    if header:
        files["word/header1.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {W}>{paragraphs(header)}</w:hdr>'
    files.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def make_xlsx(sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, cells in sheets.items():
        sheet = workbook.create_sheet(title)
        for coordinate, value in cells.items():
            sheet[coordinate] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_document(name, data, title=None):
    return Document.objects.create(title=title or name, file=ContentFile(data, name=name))


def attach(entry, *documents):
    for order, document in enumerate(documents):
        CatalogueEntryAttachment.objects.create(page=entry, document=document, sort_order=order)


def by_location(findings):
    """``{(location within the document, kind)}``: "" for a document's main text, "page:2", "header1" …"""
    return {(re.sub(r"^document:\d+:?", "", f.location), f.kind) for f in findings}


@pytest.fixture
def entry(catalogue, organisation):
    return make_entry(catalogue, publish=False)


# --- fields ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_published_fields_are_scanned_and_internal_ones_are_not(catalogue, organisation):
    entry = make_entry(
        catalogue,
        publish=False,
        title="机密★1年 关于某事项的通知",
        summary=f"申请人 {ID_NUMBER}",
        document_number="某政办发〔2024〕12号",
        keywords="联系 13812345678",
        body='<p>联系电话：<b>139</b>12345678</p><p>请发邮件至<a href="mailto:banshi@county.gov.cn">办事邮箱</a>。</p>',
        internal_notes=f"内部备注：{HIDDEN_ID}",
        non_disclosure_reason=f"涉及 {HIDDEN_ID}",
    )
    findings, notices = prescan.scan_page(entry)
    assert notices == []
    assert {(f.location, f.kind) for f in findings} == {
        ("field:title", SensitiveKind.MARKING),
        ("field:summary", SensitiveKind.RESIDENT_ID),
        ("field:keywords", SensitiveKind.MOBILE),
        ("field:body", SensitiveKind.MOBILE),
        ("field:body:links", SensitiveKind.EMAIL),
    }
    body = next(f for f in findings if f.location == "field:body")
    assert body.text == "139****5678" and body.snippet == "联系电话：139****5678 请发邮件至办事邮箱。"
    assert all(HIDDEN_ID[6:14] not in str(f.as_dict()) for f in findings)
    with translation.override("zh-hans"):
        labels = {f.location: str(f.location_label) for f in findings}
    assert labels["field:title"] == "标题"
    assert labels["field:summary"] == "内容概述"
    assert labels["field:body"] == "正文"


def test_scanned_catalogue_fields():
    assert [f.name for f in prescan.scanned_fields(CatalogueEntryPage)] == [
        "title", "seo_title", "search_description", "summary", "document_number", "keywords", "body",
    ]


@pytest.mark.django_db
def test_offsets_point_into_the_field_text(catalogue, organisation):
    entry = make_entry(catalogue, publish=False, summary=f"第一行\n申请人{ID_NUMBER}")
    [finding] = prescan.scan_page(entry).findings
    assert finding.location == "field:summary"
    assert entry.summary[finding.offset:finding.end] == ID_NUMBER


@pytest.mark.django_db
def test_fingerprints_are_stable_between_scans_and_keyed(catalogue, organisation):
    entry = make_entry(catalogue, publish=False, summary=f"申请人{ID_NUMBER}")
    first = prescan.scan_page(entry).findings
    again = prescan.scan_page(CatalogueEntryPage.objects.get(pk=entry.pk)).findings
    assert [f.id for f in first] == [f.id for f in again]
    from wagtail_disclosure.rules.sensitive_data import fingerprint

    assert first[0].id != fingerprint(SensitiveKind.RESIDENT_ID, "field:summary", 3, ID_NUMBER)


@pytest.mark.django_db
def test_a_plain_page_object_is_scanned_as_its_specific_type(catalogue, organisation):
    entry = make_entry(catalogue, publish=False, summary="电话13812345678")
    from wagtail.models import Page

    findings = prescan.scan_page(Page.objects.get(pk=entry.pk)).findings
    assert [f.location for f in findings] == ["field:summary"]


@pytest.mark.django_db
def test_other_page_types_fall_back_to_their_text_fields(catalogue):
    home = catalogue.get_parent().specific
    assert isinstance(home, HomePage)
    home.search_description = "联系邮箱 office@county.gov.cn"
    home.intro = "<p>绝密</p><p>值班电话 13912345678</p>"
    home.save()
    findings = prescan.scan_page(home).findings
    assert {(f.location, f.kind) for f in findings} == {
        ("field:search_description", SensitiveKind.EMAIL),
        ("field:intro", SensitiveKind.MARKING),
        ("field:intro", SensitiveKind.MOBILE),
    }


@pytest.mark.django_db
def test_a_page_class_can_exclude_more_fields(catalogue, monkeypatch):
    home = catalogue.get_parent().specific
    home.intro = "<p>值班电话 13912345678</p>"
    monkeypatch.setattr(HomePage, "internal_fields", ("intro",), raising=False)
    declared_fields.cache_clear()
    try:
        assert prescan.scan_page(home).findings == []
    finally:
        declared_fields.cache_clear()


# --- attachments ---------------------------------------------------------------------------------


@needs_pypdf
@pytest.mark.django_db
def test_pdf_attachment_page_by_page(entry):
    pdf = make_pdf([["机密★1年", "某县人民政府文件"], [f"申请人身份证号 {ID_NUMBER}", "联系人 13812345678"]])
    attach(entry, make_document("通知.pdf", pdf))
    findings, notices = prescan.scan_page(entry)
    assert notices == []
    assert by_location(findings) == {
        ("page:1", SensitiveKind.MARKING),
        ("page:2", SensitiveKind.RESIDENT_ID),
        ("page:2", SensitiveKind.MOBILE),
    }
    marking = next(f for f in findings if f.kind == SensitiveKind.MARKING)
    assert marking.text == "机密★1年"
    with translation.override("en"):
        assert str(marking.location_label) == "Attachment: 通知.pdf, page 1"


@pytest.mark.django_db
def test_docx_attachment_with_header_tracked_deletion_and_link(entry):
    docx = make_docx(
        [f"申请人：张某，身份证号{ID_NUMBER}。", "特此公告。"],
        header="秘密★6个月",
        deleted=f"原申请人{OTHER_ID}",
        link="mailto:zhangmou@example.com",
    )
    if importlib.util.find_spec("docx"):  # python-docx, when installed, confirms the file is a real DOCX
        import docx as python_docx

        assert "特此公告。" in [p.text for p in python_docx.Document(io.BytesIO(docx)).paragraphs]
    attach(entry, make_document("公告.docx", docx))
    findings, notices = prescan.scan_page(entry)
    assert notices == []
    assert by_location(findings) == {
        ("", SensitiveKind.RESIDENT_ID),  # the main text
        ("header1", SensitiveKind.MARKING),
        ("links", SensitiveKind.EMAIL),
    }
    # The tracked deletion is still in the downloadable file, so it is found too.
    assert len([f for f in findings if f.kind == SensitiveKind.RESIDENT_ID]) == 2
    with translation.override("en"):
        header = next(f for f in findings if f.kind == SensitiveKind.MARKING)
        assert str(header.location_label) == "Attachment: 公告.docx, header"


@pytest.mark.django_db
def test_xlsx_attachment_names_sheet_and_cell(entry):
    xlsx = make_xlsx(
        {
            "名单": {"A1": "姓名", "B1": "身份证号", "C1": "电话", "A2": "张某", "B2": ID_NUMBER, "C2": 13812345678},
            "说明": {"D4": "联系邮箱 hr@example.com"},
        }
    )
    attach(entry, make_document("名单.xlsx", xlsx))
    findings, notices = prescan.scan_page(entry)
    assert notices == []
    with translation.override("en"):
        labels = sorted((f.kind, str(f.location_label)) for f in findings)
    assert labels == [
        (SensitiveKind.EMAIL, "Attachment: 名单.xlsx, sheet “说明”, cell D4"),
        (SensitiveKind.MOBILE, "Attachment: 名单.xlsx, sheet “名单”, cell C2"),
        (SensitiveKind.RESIDENT_ID, "Attachment: 名单.xlsx, sheet “名单”, cell B2"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-8-sig"])
def test_text_attachment_in_utf8_or_gb18030(entry, encoding):
    attach(entry, make_document("说明.txt", f"绝密★启用前\n联系人身份证：{ID_NUMBER}".encode(encoding)))
    findings, notices = prescan.scan_page(entry)
    assert notices == []
    assert {f.kind for f in findings} == {SensitiveKind.MARKING, SensitiveKind.RESIDENT_ID}


@pytest.mark.django_db
def test_attachment_title_and_file_name_are_scanned(entry):
    document = make_document("张某13812345678.txt", b"nothing here")
    CatalogueEntryAttachment.objects.create(page=entry, document=document, title="机密★ 材料")
    findings = prescan.scan_page(entry).findings
    assert by_location(findings) == {("title", SensitiveKind.MARKING), ("name", SensitiveKind.MOBILE)}


@pytest.mark.django_db
def test_documents_linked_from_the_body_are_scanned(catalogue, organisation):
    document = make_document("linked.txt", f"身份证 {ID_NUMBER}".encode())
    entry = make_entry(catalogue, publish=False, body=f'<p>见<a linktype="document" id="{document.pk}">附件</a></p>')
    [finding] = prescan.scan_page(entry).findings
    assert finding.location == f"document:{document.pk}"
    with translation.override("en"):
        assert str(finding.location_label) == "Linked document: linked.txt"


@pytest.mark.django_db
def test_revision_content_is_scanned_with_its_attachments(entry):
    document = make_document("a.txt", f"身份证 {ID_NUMBER}".encode())
    entry.attachments.add(CatalogueEntryAttachment(document=document))
    entry.summary = "电话 13812345678"
    revision = entry.save_revision()
    assert not CatalogueEntryAttachment.objects.filter(page=entry).exists()  # only in the revision
    findings = prescan.scan_page(revision.as_object()).findings
    assert {f.kind for f in findings} == {SensitiveKind.MOBILE, SensitiveKind.RESIDENT_ID}


@pytest.mark.django_db
def test_the_same_document_attached_twice_is_scanned_once(entry):
    document = make_document("a.txt", f"身份证 {ID_NUMBER}".encode())
    attach(entry, document, document)
    findings = prescan.scan_page(entry).findings
    assert [f.kind for f in findings] == [SensitiveKind.RESIDENT_ID]


# --- what cannot be scanned ------------------------------------------------------------------------


def notice_codes(entry):
    findings, notices = prescan.scan_page(entry)
    return [n.code for n in notices], findings


@needs_pypdf
@pytest.mark.django_db
def test_password_protected_pdf_is_a_notice(entry):
    pdf = encrypted_pdf(make_pdf([[f"身份证 {ID_NUMBER}"]]), user_password="open-sesame")
    attach(entry, make_document("加密.pdf", pdf))
    codes, findings = notice_codes(entry)
    assert codes == [prescan.NoticeCode.ENCRYPTED]
    assert [f for f in findings if f.kind == SensitiveKind.RESIDENT_ID] == []


@needs_pypdf
@pytest.mark.django_db
def test_pdf_restricted_only_by_an_owner_password_is_scanned(entry):
    pdf = encrypted_pdf(make_pdf([[f"身份证 {ID_NUMBER}"]]), user_password="")
    attach(entry, make_document("限制打印.pdf", pdf))
    codes, findings = notice_codes(entry)
    assert codes == []
    assert [f.kind for f in findings] == [SensitiveKind.RESIDENT_ID]


@needs_pypdf
@pytest.mark.django_db
def test_pdf_without_text_is_a_notice(entry):
    attach(entry, make_document("扫描件.pdf", make_pdf([[], []])))
    codes, _findings = notice_codes(entry)
    assert codes == [prescan.NoticeCode.NO_TEXT]


@needs_pypdf
@pytest.mark.django_db
def test_pdf_page_limit(entry, monkeypatch):
    monkeypatch.setattr(prescan, "MAX_PDF_PAGES", 1)
    attach(entry, make_document("长文件.pdf", make_pdf([["第一页"], [f"身份证 {ID_NUMBER}"]])))
    codes, findings = notice_codes(entry)
    assert codes == [prescan.NoticeCode.TRUNCATED]
    assert findings == []


@pytest.mark.django_db
def test_text_limit(entry, monkeypatch):
    monkeypatch.setattr(prescan, "MAX_TEXT_CHARS", 100)
    attach(entry, make_document("长.txt", ("甲" * 120 + ID_NUMBER).encode()))
    codes, findings = notice_codes(entry)
    assert codes == [prescan.NoticeCode.TRUNCATED]
    assert findings == []


@pytest.mark.django_db
def test_oversized_file_is_a_notice(entry, monkeypatch):
    monkeypatch.setattr(prescan, "MAX_FILE_BYTES", 1024)
    attach(entry, make_document("大.txt", b"x" * 2048))
    codes, _findings = notice_codes(entry)
    assert codes == [prescan.NoticeCode.TOO_LARGE]
    message = prescan.scan_page(entry).notices[0].message
    with translation.override("en"):
        assert "larger than 1.0\xa0KB" in str(message)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("旧格式.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, prescan.NoticeCode.UNSUPPORTED),
        ("图片.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100, prescan.NoticeCode.UNSUPPORTED),
        ("版式.ofd", None, prescan.NoticeCode.UNSUPPORTED),
        ("损坏.docx", b"PK\x03\x04 not really a zip", prescan.NoticeCode.UNREADABLE),
        pytest.param("损坏.pdf", b"%PDF-1.4\n garbage", prescan.NoticeCode.UNREADABLE, marks=needs_pypdf),
        ("损坏.xlsx", b"garbage", prescan.NoticeCode.UNREADABLE),
        ("实体.docx", "dtd", prescan.NoticeCode.UNREADABLE),
    ],
)
def test_unscannable_files_are_notices_not_crashes(entry, name, data, code):
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("OFD.xml", "<ofd:OFD/>")
        data = buffer.getvalue()
    elif data == "dtd":
        bomb = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><w:document ' + W + "><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
        data = make_docx(["x"], extra={"word/document.xml": bomb})
    attach(entry, make_document(name, data))
    findings, notices = prescan.scan_page(entry)
    assert [n.code for n in notices] == [code]
    notice = notices[0]
    assert notice.location.startswith("document:")
    with translation.override("en"):
        assert name in str(notice.location_label)
        assert "by hand" in str(notice.message)
    assert set(notice.as_dict()) == {"id", "code", "location", "location_label", "message"}


@pytest.mark.django_db
def test_pdf_without_pypdf_is_a_notice(entry, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdf", None)  # makes ``import pypdf`` fail
    attach(entry, make_document("通知.pdf", make_pdf([[f"身份证 {ID_NUMBER}"]])))
    codes, findings = notice_codes(entry)
    assert codes == [prescan.NoticeCode.UNSUPPORTED]
    with translation.override("en"):
        assert "pypdf" in str(prescan.scan_page(entry).notices[0].message)


@pytest.mark.django_db
def test_an_unexpected_reader_error_is_a_notice(entry, monkeypatch):
    def broken(data, html=False):
        raise RuntimeError("bug")

    monkeypatch.setattr(prescan, "_extract_text", broken)
    attach(entry, make_document("a.txt", b"text"))
    codes, _findings = notice_codes(entry)
    assert codes == [prescan.NoticeCode.UNREADABLE]


@pytest.mark.django_db
def test_missing_file_is_a_notice(entry):
    document = make_document("丢失.pdf", make_pdf([["x"]]))
    document.file.storage.delete(document.file.name)
    attach(entry, document)
    codes, _findings = notice_codes(entry)
    assert codes == [prescan.NoticeCode.MISSING]


def test_html_to_text():
    text, links, documents = prescan.html_to_text(
        '<h2>标题</h2><p>甲<b>乙</b>&amp;丙<br/>丁</p><ul><li>一</li><li>二</li></ul>'
        '<p><a href="tel:13812345678">电话</a><a linktype="document" id="7">文件</a><a linktype="page" id="3">页</a></p>'
        '<embed embedtype="image" id="1" format="fullwidth" alt="图"/>'
    )
    assert text == "标题\n甲乙&丙\n丁\n一\n二\n电话文件页"
    assert links == ["tel:13812345678"]
    assert documents == [7]
