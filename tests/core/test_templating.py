import datetime

import pytest

from sanctuary.core.i18n import in_language
from sanctuary.core.templating import (
    email_reference,
    file_size,
    local_date,
    local_datetime,
    local_month,
    local_time,
    reference,
    unindent,
)

WINTER = datetime.datetime(2026, 12, 1, 21, 56)  # naive UTC, as stored; London is on GMT
SUMMER = datetime.datetime(2026, 6, 20, 23, 30)  # 00:30 on the 21st in London (BST)


def test_stored_utc_times_are_shown_in_london_time(app):
    with app.test_request_context(), in_language("en"):
        assert local_time(SUMMER) == "00:30"
        assert local_time(WINTER) == "21:56"
        assert local_date(SUMMER) == "21 June 2026"  # London's date, not UTC's
        assert local_datetime(None) == local_date(None) == local_time(None) == ""


@pytest.mark.parametrize(("language", "date", "date_and_time", "month"), [
    ("en", "1 December 2026", "1 December 2026, 21:56", "December 2026"),
    ("uk", "1 грудня 2026\u202fр.", "1 грудня 2026\u202fр., 21:56", "грудень 2026\u202fр."),
    ("ar", "1 ديسمبر 2026", "1 ديسمبر 2026، 9:56 م", "ديسمبر 2026"),
])
def test_dates_are_written_by_babel_in_the_readers_language(app, language, date, date_and_time,
                                                            month):
    with app.test_request_context(), in_language(language):
        assert local_date(WINTER.date()) == date
        assert local_date(WINTER) == date
        assert local_datetime(WINTER) == date_and_time
        assert local_month(WINTER.date()) == month


def test_english_dates_are_british_however_the_page_is_asked_for(app):
    for url in ("/", "/?lang=en"):
        with app.test_request_context(url, headers={"Accept-Language": "en-US"}):
            assert (local_date(WINTER), local_datetime(WINTER)) == (
                "1 December 2026", "1 December 2026, 21:56")


@pytest.mark.parametrize(("language", "sizes"), [
    ("en", ["1 kB", "13 kB", "2.5 MB", "10 MB"]),
    ("uk", ["1 кБ", "13 кБ", "2,5 МБ", "10 МБ"]),
    ("ar", ["1 كيلوبايت", "13 كيلوبايت", "2.5 م.ب", "10 م.ب"]),
])
def test_file_sizes_are_written_by_babel_in_the_readers_language(app, language, sizes):
    with app.test_request_context(), in_language(language):
        assert [file_size(n) for n in (12, 12 * 1024 + 1, 5 * 1024 * 1024 // 2,
                                       10 * 1024 * 1024)] == sizes


def test_a_reference_is_isolated_and_kept_on_one_line(app):
    assert str(reference("SA-2026-0004")) == '<bdi class="ref">SA-2026-0004</bdi>'
    assert str(email_reference("SA-2026-0004")) == (
        '<bdi style="white-space:nowrap">SA-2026-0004</bdi>')
    assert reference(None) == ""


def test_unindent_leaves_out_indentation_between_tags_and_nothing_else():
    html = ('<ul>\n    <li><a href="#a">A</a> <span>done</span></li>\n\n    <li>B</li>\n  </ul>\n'
            '  <textarea>\r\n  two spaces, kept\n\n  </textarea>\n  <dd>  a\n    b  </dd>')

    assert unindent(html) == (
        '<ul>\n<li><a href="#a">A</a> <span>done</span></li>\n\n<li>B</li>\n</ul>\n'
        '<textarea>\r\n  two spaces, kept\n\n  </textarea>\n<dd>  a\n    b  </dd>')
