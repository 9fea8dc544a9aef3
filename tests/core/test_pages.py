import re

import pytest
from flask import abort

from sanctuary.core.outbox import send_due
from sanctuary.extensions import limiter
from tests.factories import make_outbox_message
from tests.support.assets import STATIC, static_manifest
from tests.support.client import text
from tests.support.mail import mailbox_files


def test_home_explains_the_movement_and_links_the_privacy_notice(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "<h1>Lewisham, a Borough of Sanctuary</h1>" in text(response)
    assert 'href="/privacy"' in text(response)
    assert "never asks about your immigration status" in text(response)


def test_home_links_the_criteria_the_supporters_and_the_award_holders(client):
    page = text(client.get("/"))

    card = page[page.index("<h3 class=\"card__title\">Organisations and businesses</h3>"):]
    card = card[:card.index("</li>")]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', card) == [
        ("/organisations/new", "Register your organisation and sign the pledge"),
        ("/award-criteria", "Read the award criteria"),
        ("/supporters", "See who has signed"),
        ("/award-holders", "See who holds the Sanctuary Award")]


def test_the_footer_links_the_supporters_and_the_award_holders(client):
    page = text(client.get("/privacy"))

    footer = page[page.index('<footer class="site-footer">'):page.index("</footer>")]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer) == [
        ("/privacy", "Privacy notice"), ("/supporters", "Supporters of the pledge"),
        ("/award-holders", "Sanctuary Award holders")]


def test_every_page_has_skip_link_quick_exit_and_footer(client):
    page = text(client.get("/privacy"))

    assert '<a class="skip-link" href="#main">Skip to main content</a>' in page
    assert ('href="https://www.bbc.co.uk/weather" rel="noreferrer" '
            'data-quick-exit>Leave this site</a>' in page)
    assert '<main id="main" class="main" tabindex="-1">' in page
    assert page.count('href="/privacy"') == 1


def test_layout_loads_pinned_htmx_and_configures_it_within_the_csp(client):
    page = text(client.get("/"))

    htmx = static_manifest()["vendor/htmx-2.0.11.min.js"]  # under its content-hashed name
    assert f'<script src="/static/{htmx}" defer></script>' in page
    app_js = static_manifest()["js/app.js"]
    assert page.index(f'/static/{htmx}"') < page.index(f'/static/{app_js}"')  # it configures htmx
    script = (STATIC / "js/app.js").read_text()
    assert "includeIndicatorStyles: false," in script and "historyCacheSize: 0," in script
    assert "allowEval: false," in script and "selfRequestsOnly: true" in script
    assert "<script>" not in page and "style=" not in page


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_database_that_is_down(make_app):
    from tests.support.ports import free_port

    app = make_app(f"postgresql://nobody@127.0.0.1:{free_port()}/nothing")

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unavailable"}


def test_dev_outbox_shows_sent_email_with_followable_links(app, client):
    make_outbox_message(recipient="visitor@example.org")
    send_due()

    page = text(client.get("/dev/outbox"))

    assert len(mailbox_files(app)) == 1
    assert "visitor@example.org" in page
    assert '<a href="http://127.0.0.1:5000/sign-in/link/example"' in page


def test_dev_outbox_empty_button_clears_it(app, client):
    make_outbox_message()
    send_due()
    page = text(client.get("/dev/outbox"))
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]

    response = client.post("/dev/outbox/clear", data={"csrf_token": token}, follow_redirects=True)

    assert mailbox_files(app) == []
    assert "The development mailbox is empty." in text(response)
    assert "No email has been sent yet." in text(response)


def test_dev_outbox_does_not_exist_in_production(production_env, make_app, sqlite_url):
    app = make_app(sqlite_url, MAIL_SERVER="127.0.0.1")
    client = app.test_client()

    assert client.get("/dev/outbox").status_code == 404
    assert client.post("/dev/outbox/clear").status_code in (400, 404)
    assert "dev.outbox" not in app.view_functions


def test_not_found_is_a_full_page_without_htmx(client):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in text(response)
    assert "X-Sanctuary-Alert" not in response.headers


def test_not_found_for_htmx_is_a_message_for_the_alert_region(client):
    response = client.get("/no-such-page", headers={"HX-Request": "true"})

    assert response.status_code == 404
    assert response.headers["X-Sanctuary-Alert"] == "1"
    assert text(response) == (
        '<div class="notice notice--error" role="alert">\n'
        '  <p class="notice__title">Page not found</p>\n'
        "  <p>Check the web address, or go to the home page to find what you need.</p>\n"
        "</div>"
    )


def test_error_pages_are_translated(client):
    response = client.get("/no-such-page?lang=ar")

    assert '<html lang="ar" dir="rtl">' in text(response)
    assert "Page not found" not in text(response)


@pytest.fixture
def app_with_test_routes(make_app, sqlite_url):
    app = make_app(sqlite_url)

    def forbidden():
        abort(403)

    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/test-forbidden", view_func=forbidden)
    app.add_url_rule("/test-broken", view_func=broken)
    app.add_url_rule("/test-limited", view_func=limiter.limit("1/minute")(lambda: "ok"),
                     endpoint="limited")

    def hourly():  # a named function: flask-limiter keeps limits by the view's name
        return "ok"

    app.add_url_rule("/test-limited-hourly", view_func=limiter.limit("1/hour")(hourly))
    return app


def test_forbidden_page_says_what_to_do(app_with_test_routes):
    response = app_with_test_routes.test_client().get("/test-forbidden")

    assert response.status_code == 403
    assert "contact the Sanctuary coordinators" in text(response)


def test_server_error_page_is_shown_for_a_bug(app_with_test_routes):
    app_with_test_routes.testing = False  # let the error handler answer, as in production
    app_with_test_routes.config["PROPAGATE_EXCEPTIONS"] = False

    response = app_with_test_routes.test_client().get("/test-broken")

    assert response.status_code == 500
    assert "<h1>Sorry, something went wrong on our side</h1>" in text(response)


def test_rate_limit_answers_429_with_a_translated_message(app_with_test_routes):
    client = app_with_test_routes.test_client()
    limiter.reset()

    first = client.get("/test-limited")
    second = client.get("/test-limited?lang=uk")

    assert first.status_code == 200
    assert second.status_code == 429
    assert "Retry-After" in second.headers
    assert "Too many attempts" not in text(second)
    assert '<html lang="uk" dir="ltr">' in text(second)


def test_the_rate_limit_page_says_the_wait_that_retry_after_gives(app_with_test_routes):
    client = app_with_test_routes.test_client()
    limiter.reset()

    client.get("/test-limited")
    soon = client.get("/test-limited")
    client.get("/test-limited-hourly")
    later = client.get("/test-limited-hourly", headers={"HX-Request": "true"})

    seconds = int(soon.headers["Retry-After"])
    [(number, unit)] = re.findall(r"Wait (\d+) (second|minute)s? before you try again\.",
                                  text(soon))
    said = int(number) * (60 if unit == "minute" else 1)
    assert seconds <= said < seconds + (60 if unit == "minute" else 2)  # rounded up, never less
    assert 3540 < int(later.headers["Retry-After"]) <= 3600
    assert "Wait 60 minutes before you try again." in text(later)  # the htmx alert says it too
    assert "Wait a minute" not in text(soon) + text(later)
