import tracemalloc

import pytest

from sanctuary.core.uploads import (
    DOCX,
    JPEG,
    ODS,
    ODT,
    PDF,
    PNG,
    XLSX,
    FolderStorage,
    UploadRefused,
    accept,
    sniff,
    within_total,
)
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


@pytest.mark.parametrize("data", [
    files.docm(), files.docm_dressed_as_docx(), files.docx_carrying_macros(),
], ids=["docm", "docx-type-in-a-comment", "docx-type-with-vbaproject"])
def test_documents_with_macros_are_refused_however_they_are_dressed(data):
    assert sniff(data) is None


def test_the_main_part_is_found_through_the_package_relationships():
    # _rels/.rels names word/document.xml, whose declared type is then plain XML: not a document
    elsewhere = files._content_types("/word/other.xml", files.WORD_MAIN)

    assert sniff(files.docx(content_types=elsewhere)) is None


def test_a_decompression_bomb_is_refused_without_expanding_it():
    bomb = files.docx_bomb(400)
    assert len(bomb) < 1024 * 1024  # a few hundred KB on the wire

    tracemalloc.start()
    try:
        kind = sniff(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert kind is None
    assert peak < 4 * 1024 * 1024, f"sniffing took {peak / 1024 / 1024:.1f} MB"


def test_folder_storage_keeps_files_under_generated_names(tmp_path):
    store = FolderStorage(tmp_path)

    key = store.save(b"content")

    assert key.isalnum() and len(key) == 40
    assert store.read(key) == b"content"
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(ValueError):
        store.read("../etc/passwd")


# ---------------------------------------------------------------------------- accepting a file

def refusal(app, data, **limits):
    with app.test_request_context():
        try:
            accept(data, **limits)
        except UploadRefused as refused:
            return str(refused)
    return None


def test_a_file_is_taken_when_it_is_a_document_within_the_size(app):
    with app.test_request_context():
        assert accept(files.PDF) == PDF


def test_an_empty_file_an_oversized_one_and_a_program_are_each_refused_with_the_reason(app):
    assert refusal(app, b"") == "The file is empty. Choose another file."
    assert refusal(app, files.PDF, max_bytes=10) == (
        "The file is larger than 1 kB. Choose a smaller file.")
    assert refusal(app, files.EXE).startswith("This type of file cannot be used.")


def test_a_feature_chooses_the_kinds_it_takes_and_what_it_says_otherwise(app):
    assert refusal(app, files.PDF, kinds=(PNG, JPEG), wrong_kind="Use a photo.") == "Use a photo."


def test_a_file_past_the_total_is_refused_with_what_is_used_and_the_limit(app):
    megabyte, message = 1024 * 1024, "%(used)s of %(limit)s"
    with app.test_request_context():
        within_total(2 * megabyte, megabyte, limit=3 * megabyte, message=message)
        with pytest.raises(UploadRefused) as refused:
            within_total(2 * megabyte, megabyte + 1, limit=3 * megabyte, message=message)
    assert str(refused.value) == "2 MB of 3 MB"
