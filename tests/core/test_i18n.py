import datetime
import gettext
import html
import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from sanctuary.core.i18n import KNOWN_LANGUAGES, in_language

ROOT = Path(__file__).resolve().parents[2]


def html_tag(response):
    text = response.get_data(as_text=True)
    return text[text.index("<html"):text.index(">", text.index("<html")) + 1]


def test_english_is_the_default(client):
    assert html_tag(client.get("/")) == '<html lang="en" dir="ltr">'


def test_lang_parameter_switches_and_is_remembered_in_a_cookie(client):
    first = client.get("/?lang=ar")
    later = client.get("/privacy")

    assert html_tag(first) == '<html lang="ar" dir="rtl">'
    assert "lang=ar" in first.headers["Set-Cookie"]
    assert "HttpOnly" in first.headers["Set-Cookie"]
    assert html_tag(later) == '<html lang="ar" dir="rtl">'
    assert "<h1>إشعار الخصوصية</h1>" in later.get_data(as_text=True)


def test_accept_language_is_used_when_nothing_was_chosen(client):
    response = client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})

    assert html_tag(response) == '<html lang="uk" dir="ltr">'


def test_a_saved_choice_beats_accept_language(client):
    client.get("/?lang=en")

    response = client.get("/", headers={"Accept-Language": "ar"})

    assert html_tag(response) == '<html lang="en" dir="ltr">'


def test_a_language_that_is_not_offered_is_ignored(client):
    response = client.get("/?lang=xx", headers={"Accept-Language": "de"})

    assert html_tag(response) == '<html lang="en" dir="ltr">'
    assert "Set-Cookie" not in response.headers or "lang=" not in response.headers["Set-Cookie"]


def test_switcher_links_keep_the_page_and_its_other_arguments(client):
    text = client.get("/privacy?section=2").get_data(as_text=True)

    assert 'href="/privacy?section=2&amp;lang=ar" lang="ar" hreflang="ar">العربية</a>' in text
    assert ('href="/privacy?section=2&amp;lang=en" lang="en" hreflang="en" '
            'aria-current="true">English</a>' in text)


def test_switcher_offers_exactly_the_enabled_languages(client):
    text = client.get("/").get_data(as_text=True)

    assert text.count('hreflang="') == 3


def test_unknown_language_in_config_stops_the_app(make_app, sqlite_url):
    with pytest.raises(ValueError, match="xx"):
        make_app(sqlite_url, LANGUAGES=["en", "xx"])


@pytest.mark.parametrize("code", ["ar", "fa", "ur", "ps", "ckb"])
def test_right_to_left_languages_are_marked(code):
    assert KNOWN_LANGUAGES[code].direction == "rtl"


def language_links(response):
    page = response.get_data(as_text=True)
    return [html.unescape(href) for href in
            re.findall(r'<a href="([^"]*)" lang="[a-z]+" hreflang', page)]


def test_language_links_of_a_raw_path_never_lead_off_the_site(client):
    response = client.get("/%5Cevil.example/x")

    assert response.status_code == 404
    assert language_links(response) == ["/?lang=en", "/?lang=ar", "/?lang=uk"]


def test_language_links_are_built_for_the_page_with_its_query(client):
    response = client.get("/supporters?page=2&_external=1&lang=en")

    assert language_links(response) == ["/supporters?page=2&lang=en",
                                        "/supporters?page=2&lang=ar",
                                        "/supporters?page=2&lang=uk"]


def test_language_links_of_an_unknown_local_page_stay_on_it(client):
    response = client.get("/no-such-page?x=1")

    assert language_links(response) == ["/no-such-page?x=1&lang=en", "/no-such-page?x=1&lang=ar",
                                        "/no-such-page?x=1&lang=uk"]


# ---------------------------------------------------------------------------- formats and plurals

def test_english_pages_are_formatted_as_british_english_and_still_say_en(client, app):
    with app.test_request_context("/?lang=en"):
        from flask_babel import format_date, format_datetime, get_locale

        from sanctuary.core.i18n import current_language

        moment = datetime.datetime(2026, 12, 1, 21, 56)
        assert str(get_locale()) == "en_GB"  # Babel's "en" is US English
        assert current_language().code == "en"
        assert format_date(moment, "long") == "1 December 2026"
        assert format_date(moment, "short") == "01/12/2026"
        assert format_datetime(moment, "short") == "01/12/2026, 21:56"
    assert html_tag(client.get("/?lang=en")) == '<html lang="en" dir="ltr">'


CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
# The forms each catalogue has, in CLDR's order: Ukrainian whole numbers are never "other".
GETTEXT_FORMS = {"ar": CLDR_ORDER, "uk": ("one", "few", "many")}


def catalogue(language):
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        return read_po(f)


@pytest.mark.parametrize(("language", "numbers"), [
    ("ar", {0: "zero", 1: "one", 2: "two", 3: "few", 11: "many", 100: "other", 102: "other",
            111: "many", 210: "few"}),
    ("uk", {1: "one", 2: "few", 5: "many", 11: "many", 21: "one", 12: "many", 22: "few",
            111: "many"}),
])
def test_each_catalogues_plural_forms_are_cldrs(language, numbers):
    po = catalogue(language)
    plural = gettext.c2py(po.plural_expr)
    forms = GETTEXT_FORMS[language]

    assert po.num_plurals == len(forms)
    assert {n: Locale.parse(language).plural_form(n) for n in numbers} == numbers
    assert {n: forms[plural(n)] for n in numbers} == numbers


def test_counts_use_each_languages_plural_forms(app):
    from flask_babel import ngettext

    with app.test_request_context():
        with in_language("en"):
            assert [ngettext("%(num)d file still needed", "%(num)d files still needed", n)
                    for n in (0, 1, 2)] == ["0 files still needed", "1 file still needed",
                                            "2 files still needed"]
        with in_language("uk"):
            assert [ngettext("%(num)d file still needed", "%(num)d files still needed", n)
                    for n in (1, 2, 5, 11, 21)] == [
                "Ще потрібен 1 файл", "Ще потрібні 2 файли", "Ще потрібно 5 файлів",
                "Ще потрібно 11 файлів", "Ще потрібен 21 файл"]
        entry = catalogue("ar").get("%(num)d file still needed")
        with in_language("ar"):
            # Each number gets the catalogue's form for its CLDR category (the compiled catalogue
            # is what pages use).
            for n in (0, 1, 2, 3, 11, 100):
                form = CLDR_ORDER.index(Locale.parse("ar").plural_form(n))
                assert ngettext("%(num)d file still needed", "%(num)d files still needed",
                                n) == entry.string[form] % {"num": n}
