"""Uploaded files: what they really are (sniffed from the content, never trusted from the name),
and where they are kept (behind a small storage interface)."""
import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import current_app


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
# The main part an Office Open XML package declares in [Content_Types].xml.
_OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.ms-word.document.macroEnabled.main+xml": None,  # macros: refused
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
_ODF_MIMETYPES = {ODT.content_type: ODT, ODS.content_type: ODS}


def sniff(data):
    """The kind of file `data` is, if it is one we accept (PDF, JPEG, PNG, DOCX, XLSX, ODT,
    ODS); otherwise None."""
    guessed = filetype.guess(data)
    if guessed is not None and guessed.mime in _BY_MIME:
        return _BY_MIME[guessed.mime]
    if data[:4] != b"PK\x03\x04":
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names:  # OpenDocument: the first entry names the type
            return _ODF_MIMETYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
        if "[Content_Types].xml" in names:  # Office Open XML
            declared = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            for part, kind in _OOXML_MAIN_PARTS.items():
                if f'ContentType="{part}"' in declared:
                    return kind
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


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
