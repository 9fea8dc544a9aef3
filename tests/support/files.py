"""Files shaped as the programs people use write them, for the upload tests."""
import io
import struct
import unicodedata
import zipfile
import zlib

PDF = (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def png():
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"\x00\xff\x00\x00"  # one red pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _zip(entries, *, stored_first=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            compress = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data,
                             compress_type=compress)
    return buffer.getvalue()


def _content_types(main_part, main_type):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{main_part}" ContentType="{main_type}"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '</Types>')


def _rels(main_part):
    """The package's relationships, as Word and Excel write them: the main part, then the rest."""
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{kind}/officeDocument" Target="{main_part}"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '</Relationships>')


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
WORD_DOCUMENT = ('<?xml version="1.0"?><w:document '
                 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 '<w:body><w:p><w:r><w:t>Training record</w:t></w:r></w:p></w:body></w:document>')
CORE_PROPERTIES = ('<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.'
                   'openxmlformats.org/package/2006/metadata/core-properties"/>')


def docx(*, content_types=None, extra=()):
    """As Word saves a document: [Content_Types].xml first, then _rels, word/, docProps."""
    return _zip([
        ("[Content_Types].xml", content_types or _content_types("/word/document.xml", WORD_MAIN)),
        ("_rels/.rels", _rels("word/document.xml")),
        ("word/document.xml", WORD_DOCUMENT),
        *extra,
        ("docProps/core.xml", CORE_PROPERTIES),
    ])


def xlsx():
    return _zip([
        ("[Content_Types].xml", _content_types(
            "/xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")),
        ("_rels/.rels", _rels("xl/workbook.xml")),
        ("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'),
    ])


def docm():
    """A macro-enabled Word document, saved as Word saves one (with its vbaProject.bin)."""
    return docx(content_types=_content_types("/word/document.xml", WORD_MACRO_MAIN),
                extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")])


def docm_dressed_as_docx():
    """A macro-enabled document whose content types carry the DOCX type in an XML comment."""
    disguised = _content_types("/word/document.xml", WORD_MACRO_MAIN).replace(
        "<Types ", f'<!-- <Override ContentType="{WORD_MAIN}"/> --><Types ', 1)
    return docx(content_types=disguised)


def docx_carrying_macros():
    """The DOCX type declared, but a vbaProject.bin inside."""
    return docx(extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")])


def docx_bomb(expanded_megabytes):
    """A few hundred KB whose [Content_Types].xml expands to `expanded_megabytes` MB: written in
    chunks, so building it never holds the expanded text in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        info = zipfile.ZipInfo("[Content_Types].xml", (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            member.write(_content_types("/word/document.xml", WORD_MAIN).encode()[:-8])
            padding = b" " * (1024 * 1024)
            for _ in range(expanded_megabytes):
                member.write(padding)
            member.write(b"</Types>")
        archive.writestr("_rels/.rels", _rels("word/document.xml"))
        archive.writestr("word/document.xml", WORD_DOCUMENT)
    return buffer.getvalue()


def _odf(mimetype, content):
    """As LibreOffice saves: `mimetype` first and stored uncompressed, then the manifest."""
    return _zip([
        ("mimetype", mimetype),
        ("content.xml", content),
        ("META-INF/manifest.xml",
         '<?xml version="1.0"?><manifest:manifest '
         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'),
    ], stored_first=True)


def odt():
    return _odf("application/vnd.oasis.opendocument.text",
                '<?xml version="1.0"?><office:document-content '
                'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')


def ods():
    return _odf("application/vnd.oasis.opendocument.spreadsheet",
                '<?xml version="1.0"?><office:document-content '
                'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')


def plain_zip():
    return _zip([("notes.txt", "not an office document")])


def large_pdf(megabytes):
    return PDF + b"%" + b"0" * (megabytes * 1024 * 1024)


def pdf_text_and_fonts(pdf):
    """(pages, text, {(font family, style)}) of a PDF: what a reader sees, and which fonts it
    embeds."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()

    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or \
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            data = (descriptor.get("/FontFile2") or descriptor.get("/FontFile3")).get_object()
            names = TTFont(io.BytesIO(data.get_data()))["name"]
            fonts.add((names.getDebugName(6), names.getDebugName(5)))
    return len(reader.pages), unicodedata.normalize(
        "NFKC", "".join(page.extract_text() for page in reader.pages)), fonts


def shipped_fonts():
    """{(font family, style)} of the fonts the app ships for its PDF documents."""
    from fontTools.ttLib import TTFont

    from sanctuary.core.pdf import FONT_FACES, FONTS

    names = [TTFont(FONTS / file)["name"] for _, file, _ in FONT_FACES]
    return {(name.getDebugName(6), name.getDebugName(5)) for name in names}
