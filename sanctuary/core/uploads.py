"""Uploaded files: what they really are (sniffed from the content, never trusted from the name),
and where they are kept (behind a small storage interface)."""
import io
import secrets
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import filetype
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml
from flask import current_app
from flask_babel import lazy_gettext as _l

from .templating import file_size


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    is_image: bool = False


PDF = FileKind("pdf", "application/pdf")
JPEG = FileKind("jpg", "image/jpeg", is_image=True)
PNG = FileKind("png", "image/png", is_image=True)
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text")
ODS = FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet")

_BY_MIME = {"application/pdf": PDF, "image/jpeg": JPEG, "image/png": PNG}
# The main part's type, as an Office Open XML package declares it. Macro-enabled documents,
# spreadsheets and templates are not here, and so are refused.
_OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
# The relationship from the package to its main part (transitional and strict Office Open XML).
_OFFICE_DOCUMENT = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
}
_ODF_MIMETYPES = {ODT.content_type: ODT, ODS.content_type: ODS}
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# What a package may be, judged from its directory without decompressing anything: the parts we
# read are small (a real [Content_Types].xml is a few KB), and a member of over a megabyte that
# expands more than MAX_RATIO times over, or a package that declares more than MAX_EXPANDED bytes
# in all, is a bomb (real documents compress XML 5 to 50 times).
MAX_PART_READ = 256 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
MAX_EXPANDED = 200 * 1024 * 1024
MAX_MEMBERS = 5000


class _Refused(Exception):
    """A package we will not take, for a reason found while looking into it."""


def sniff(data):
    """The kind of file `data` is, if it is one we accept (PDF, JPEG, PNG, DOCX, XLSX, ODT,
    ODS); otherwise None. Packages (the Office and OpenDocument formats) are read only as far as
    needed, within small bounds, and refused if they hold macros."""
    guessed = filetype.guess(data)
    if guessed is not None and guessed.mime in _BY_MIME:
        return _BY_MIME[guessed.mime]
    if data[:4] != b"PK\x03\x04":
        return None
    try:
        return _sniff_package(zipfile.ZipFile(io.BytesIO(data)))
    except (_Refused, zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError,
            ParseError, DefusedXmlException, NotImplementedError, EOFError, zlib.error):
        return None


def _sniff_package(archive):
    members = archive.infolist()
    if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_EXPANDED:
        raise _Refused("too large once expanded")
    for member in members:
        if (member.file_size > RATIO_FLOOR
                and member.file_size > max(member.compress_size, 1) * MAX_RATIO):
            raise _Refused("expands implausibly")
        name = member.filename.lower()
        if name.rpartition("/")[2] == "vbaproject.bin" or name.startswith(("basic/", "scripts/")):
            raise _Refused("macros")
    names = {member.filename for member in members}
    if "mimetype" in names:  # OpenDocument: the first entry names the type
        return _ODF_MIMETYPES.get(_read_part(archive, "mimetype").decode("ascii").strip())
    if "[Content_Types].xml" in names and "_rels/.rels" in names:  # Office Open XML
        return _OOXML_MAIN_PARTS.get(_main_part_type(archive))
    return None


def _read_part(archive, name):
    """A member's bytes, refusing one over MAX_PART_READ (never reading more than that)."""
    if archive.getinfo(name).file_size > MAX_PART_READ:
        raise _Refused(f"{name} is too large")
    with archive.open(name) as member:
        data = member.read(MAX_PART_READ + 1)  # the declared size may be a lie
    if len(data) > MAX_PART_READ:
        raise _Refused(f"{name} is too large")
    return data


def _main_part_type(archive):
    """The declared content type of the part that `_rels/.rels` names as the main document;
    None if it has none. Any macro-enabled type anywhere in the package refuses it."""
    types = parse_xml(_read_part(archive, "[Content_Types].xml"))
    overrides = {item.get("PartName", "").lower(): item.get("ContentType", "")
                 for item in types.iter(f"{_CONTENT_TYPES_NS}Override")}
    defaults = {item.get("Extension", "").lower(): item.get("ContentType", "")
                for item in types.iter(f"{_CONTENT_TYPES_NS}Default")}
    if any("macroenabled" in declared.lower() or "vbaproject" in declared.lower()
           for declared in [*overrides.values(), *defaults.values()]):
        raise _Refused("macros")
    relationships = parse_xml(_read_part(archive, "_rels/.rels"))
    targets = [item.get("Target", "")
               for item in relationships.iter(f"{_RELATIONSHIPS_NS}Relationship")
               if item.get("Type") in _OFFICE_DOCUMENT and item.get("TargetMode") != "External"]
    if len(targets) != 1:
        return None
    part = "/" + targets[0].lstrip("/")
    if part.lower() in overrides:
        return overrides[part.lower()]
    return defaults.get(part.rpartition(".")[2].lower())


class UploadRefused(Exception):
    """The file cannot be taken; the message says why, in words for the person."""


# The kinds people may upload as documents (evidence), and what to say when a file is none of them.
DOCUMENTS = (PDF, JPEG, PNG, DOCX, XLSX, ODT, ODS)
NOT_A_DOCUMENT = _l("This type of file cannot be used. Use a PDF, a photo (JPEG or PNG), or a "
                    "Word, Excel or LibreOffice document.")


def accept(data, *, max_bytes=None, kinds=DOCUMENTS, wrong_kind=NOT_A_DOCUMENT):
    """The kind of an uploaded file that may be kept: not empty, not over `max_bytes` (the app's
    MAX_FILE_BYTES unless told), and, judged from its content, one of `kinds`. Raises
    UploadRefused with the reason otherwise; every feature takes files through here."""
    max_bytes = max_bytes or current_app.config["MAX_FILE_BYTES"]
    if not data:
        raise UploadRefused(_l("The file is empty. Choose another file."))
    if len(data) > max_bytes:
        raise UploadRefused(_l("The file is larger than %(size)s. Choose a smaller file.",
                               size=file_size(max_bytes)))
    kind = sniff(data)
    if kind not in kinds:
        raise UploadRefused(wrong_kind)
    return kind


def within_total(used, adding, *, limit, message):
    """Refuse a file that would take what is kept together past `limit` bytes; `message` says so
    with %(used)s and %(limit)s. Call it in the transaction that keeps the file."""
    if used + adding > limit:
        raise UploadRefused(message % {"used": file_size(used), "limit": file_size(limit)})


class FolderStorage:
    """Files in a folder, under generated names. Another backend (shared or object storage for
    several machines) needs only these four methods."""

    def __init__(self, root):
        self.root = Path(root)

    def save(self, data):
        self.root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(20)
        (self.root / key).write_bytes(data)
        return key

    def read(self, key):
        return (self.root / self._checked(key)).read_bytes()

    def delete(self, key):
        (self.root / self._checked(key)).unlink(missing_ok=True)

    def exists(self, key):
        return (self.root / self._checked(key)).exists()

    @staticmethod
    def _checked(key):
        if not key.isalnum():
            raise ValueError("Not a storage key")
        return key


def storage():
    return current_app.extensions["sanctuary.storage"]


def init_app(app):
    app.extensions["sanctuary.storage"] = FolderStorage(app.config["UPLOAD_FOLDER"])
