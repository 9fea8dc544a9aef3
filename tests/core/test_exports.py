"""CSV exports: formulas defused, headings in the reader's language, streamed, never stored."""
from flask_babel import lazy_gettext as _l

from sanctuary.core.exports import CHUNK, csv_response

HEADINGS = [_l("Name"), _l("Postcode")]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(app):
    rows = [["=1+2", "+SUM(1)"], ["-2+3", "@cmd"], ["Ana", "-1"]]

    with app.test_request_context("/"):
        response = csv_response("people.csv", HEADINGS, rows)
        body = response.get_data(as_text=True)

    assert body == ('\ufeff"Name","Postcode"\r\n"\'=1+2","\'+SUM(1)"\r\n"\'-2+3","\'@cmd"\r\n'
                    '"Ana","-1"\r\n')


def test_an_export_is_a_download_that_is_never_stored(app):
    with app.test_request_context("/"):
        response = csv_response("people.csv", HEADINGS, [])

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response.headers["Cache-Control"] == "no-store"


def test_the_headings_are_in_the_readers_language(app):
    # Each in an app context of its own, as each request has: the language is kept in it.
    with app.app_context(), app.test_request_context("/?lang=ar"):
        arabic = csv_response("people.csv", HEADINGS, [["أمينة", "SE6 4RU"]]).get_data(
            as_text=True)
    with app.app_context(), app.test_request_context("/"):
        english = csv_response("people.csv", HEADINGS, []).get_data(as_text=True)

    assert arabic == '\ufeff"الاسم","الرمز البريدي"\r\n"أمينة","SE6 4RU"\r\n'
    assert english == '\ufeff"Name","Postcode"\r\n'


def test_an_export_reads_its_rows_only_as_it_is_sent(app):
    read = []

    def rows():
        for number in range(1000):
            read.append(number)
            yield [f"person {number}", "x" * 100]

    with app.test_request_context("/"):
        response = csv_response("people.csv", HEADINGS, rows())
        assert response.is_streamed and read == []
        pieces = response.iter_encoded()
        first = next(pieces)
        assert (first, read) == (b'\xef\xbb\xbf"Name","Postcode"\r\n', [])
        second = next(pieces)
        read_by_then = len(read)
        rest = b"".join(pieces)

    assert read_by_then < 1000 and len(second) >= CHUNK
    assert len(read) == 1000
    assert (first + second + rest).decode().splitlines()[1:] == [
        f'"person {number}","{"x" * 100}"' for number in range(1000)]


def test_a_formula_after_a_semicolon_stays_inside_its_quoted_cell(app):
    """Excel in much of Europe splits on ";": a name like "Bakery;=HYPERLINK(...)" must not
    become a cell of its own there."""
    with app.test_request_context("/"):
        body = b"".join(csv_response("x.csv", HEADINGS, [["Bakery;=HYPERLINK(1)", "SE6"]])
                        .iter_encoded()).decode()

    assert body.splitlines()[1] == '"Bakery;=HYPERLINK(1)","SE6"'
