import html
import re

import pytest

from sanctuary.core.i18n import KNOWN_LANGUAGES


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
