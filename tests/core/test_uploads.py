import pytest

from sanctuary.core.uploads import DOCX, JPEG, ODS, ODT, PDF, PNG, XLSX, FolderStorage, sniff
from tests.support import files


@pytest.mark.parametrize(("data", "kind"), [
    (files.PDF, PDF), (files.JPEG, JPEG), (files.png(), PNG), (files.docx(), DOCX),
    (files.xlsx(), XLSX), (files.odt(), ODT), (files.ods(), ODS),
], ids=["pdf", "jpeg", "png", "docx", "xlsx", "odt", "ods"])
def test_accepted_files_are_recognised_by_their_content(data, kind):
    assert sniff(data) == kind


@pytest.mark.parametrize("data", [files.EXE, files.plain_zip(), b"just text", b"PK\x03\x04broken"],
                         ids=["exe", "zip", "text", "broken-zip"])
def test_anything_else_is_refused(data):
    assert sniff(data) is None


def test_folder_storage_keeps_files_under_generated_names(tmp_path):
    store = FolderStorage(tmp_path)

    key = store.save(b"content")

    assert key.isalnum() and len(key) == 40
    assert store.read(key) == b"content"
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(ValueError):
        store.read("../etc/passwd")
