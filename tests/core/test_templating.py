import datetime

from flask_babel import force_locale

from sanctuary.core.templating import local_datetime, unindent


def test_stored_utc_times_are_shown_in_london_time(app):
    summer = datetime.datetime(2026, 6, 20, 9, 30)  # naive UTC, as stored
    winter = datetime.datetime(2026, 1, 20, 9, 30)

    with app.test_request_context(), force_locale("en"):
        assert local_datetime(summer, "HH:mm") == "10:30"
        assert local_datetime(winter, "HH:mm") == "09:30"
        assert local_datetime(None) == ""


def test_times_are_written_in_the_readers_language(app):
    moment = datetime.datetime(2026, 6, 20, 9, 30)

    with app.test_request_context(), force_locale("uk"):
        assert local_datetime(moment, "d MMMM y") == "20 червня 2026"


def test_unindent_leaves_out_indentation_between_tags_and_nothing_else():
    html = ('<ul>\n    <li><a href="#a">A</a> <span>done</span></li>\n\n    <li>B</li>\n  </ul>\n'
            '  <textarea>\r\n  two spaces, kept\n\n  </textarea>\n  <dd>  a\n    b  </dd>')

    assert unindent(html) == (
        '<ul>\n<li><a href="#a">A</a> <span>done</span></li>\n\n<li>B</li>\n</ul>\n'
        '<textarea>\r\n  two spaces, kept\n\n  </textarea>\n<dd>  a\n    b  </dd>')
