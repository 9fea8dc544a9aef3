import pytest

from sanctuary import create_app
from sanctuary.config import ConfigError
from tests.support.routes import get_urls, private_routes, state_changing_routes

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def csrf_token_of(response):
    return response.get_data(as_text=True).split('name="csrf-token" content="')[1].split('"')[0]


def assert_security_headers(response):
    assert response.headers["Content-Security-Policy"] == EXPECTED_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # Pages an emailed link opens never name their address to anyone (it holds the token).
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_security_headers_are_on_every_response(app, client):
    urls = [url for _, url in get_urls(app)] + ["/static/css/app.css", "/no-such-page"]
    assert len(urls) >= 5

    for url in urls:
        with client.get(url) as response:
            assert response.status_code in (200, 302, 404, 410), url
            assert_security_headers(response)
    assert_security_headers(client.post("/dev/outbox/clear"))  # refused, still with headers


def test_csp_has_no_unsafe_sources(app, client):
    policy = client.get("/").headers["Content-Security-Policy"]

    assert "unsafe" not in policy
    assert "frame-ancestors 'none'" in policy


def test_every_state_changing_route_refuses_a_post_without_csrf_token(app, client):
    routes = state_changing_routes(app)
    assert sorted(endpoint for endpoint, _, _ in routes) == sorted([
        "accounts.accept_invitation", "accounts.change_password", "accounts.invitations",
        "accounts.profile", "accounts.request_reset", "accounts.reset_password",
        "accounts.sign_in", "accounts.sign_out", "accounts.sign_out_everywhere",
        "accounts.staff_sign_in", "accounts.use_link", "admin.retry", "awards.change_criterion",
        "awards.edit_criterion", "awards.edit_organisation", "awards.join", "awards.members",
        "awards.new_criterion", "awards.new_organisation", "awards.pledge", "awards.pledge_text",
        "awards.evidence", "awards.remove_evidence", "awards.remove_member", "awards.submit",
        "awards.withdraw", "awards.rounds", "awards.change_round", "panel.edit_reviewer",
        "panel.my_profile", "panel.withdraw_lived_experience", "panel.manage", "panel.remove",
        "panel.review", "panel.save_verdict", "panel.save_overall", "panel.reopen", "panel.agree",
        "decisions.decide", "decisions.send", "decisions.extend", "decisions.send_back",
        "awards.listing", "awards.start_again",
        "awards.save_answer", "awards.section",
        "awards.start_application", "awards.stream_assignments", "dev.clear_outbox",
        "schools.request", "schools.answer_offer", "schools.cancel", "schools.ask_change",
        "schools.manage_cancel", "schools.manage_change", "schools.manage_offer",
        "schools.speaking_accept", "schools.speaking_decline", "schools.speaking_withdraw",
        "schools.speaking_erase",
        "schools.confirm_booking", "schools.offer_booking", "schools.decline_booking",
        "schools.cancel_booking", "schools.deliver_booking", "schools.slots", "schools.edit_slot",
        "schools.withdraw_slot", "schools.calendar", "schools.unblock", "schools.feedback",
        "schools.add_term", "schools.remove_term",
        "checks.new_campaign", "checks.edit_campaign", "checks.move_campaign", "checks.change_code",
        "checks.add_question", "checks.reword_question", "checks.change_question",
        "awards.remove_recorded", "schools.use_as_evidence",
        "schools.answer_waiting", "schools.manage_waiting",
        "schools.new_speaker", "schools.edit_speaker", "schools.record_speaker_consent",
        "schools.withdraw_speaker_consent", "schools.remove_speaker", "schools.invite_speaker",
        "schools.call_off_speaker", "schools.record_speaker_yes",
        "checks.new_service", "checks.edit_service", "checks.retire_service",
        "checks.restore_service", "checks.import_services", "checks.import_services_preview",
        "checks.slots", "checks.slot", "checks.withdraw_slot", "checks.enter_report",
        "checks.release_booking", "checks.resident_start", "checks.resident_book",
        "checks.resident_return", "checks.resident_cancel", "checks.resident_report",
        "checks.resident_lost", "checks.resident_leave",
        "checks.record_follow_up", "checks.publish_result",
        "checks.query_report", "checks.accept_report", "checks.resident_answer",
    ])

    for endpoint, method, url in routes:
        response = client.open(url, method=method)
        assert response.status_code == 400, endpoint
        assert "This form could not be sent" in response.get_data(as_text=True), endpoint


def test_htmx_post_without_csrf_token_gets_a_message_for_the_alert_region(client):
    response = client.post("/dev/outbox/clear", headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert response.headers["X-Sanctuary-Alert"] == "1"
    assert response.get_data(as_text=True).startswith('<div class="notice notice--error" '
                                                      'role="alert">')


def test_csrf_token_in_the_htmx_header_is_accepted(app, client, tmp_path):
    page = client.get("/dev/outbox").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]

    response = client.post("/dev/outbox/clear", headers={"X-CSRFToken": token})

    assert response.status_code == 302


def test_csrf_token_does_not_expire_while_the_session_lasts(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_every_private_route_refuses_anonymous_visitors(app, client):
    # Every endpoint is private unless tests/support/routes.py lists it as public. POSTs carry a
    # valid CSRF token, so that what refuses them is the sign-in check, not the CSRF check.
    token = csrf_token_of(client.get("/sign-in"))
    routes = private_routes(app)
    assert len(routes) >= 6

    for endpoint, method, url in routes:
        response = client.open(url, method=method, headers={"X-CSRFToken": token})
        assert response.status_code == 302, endpoint
        assert response.headers["Location"].startswith("/sign-in?next="), endpoint


def test_every_private_route_answers_htmx_with_the_sign_in_message(app, client):
    token = csrf_token_of(client.get("/sign-in"))

    for endpoint, method, url in private_routes(app):
        response = client.open(url, method=method,
                               headers={"X-CSRFToken": token, "HX-Request": "true"})
        assert response.status_code == 401, endpoint
        assert response.headers["X-Sanctuary-Alert"] == "1"
        assert "Sign in again in a new tab" in response.get_data(as_text=True)


def test_private_pages_are_never_stored(client):
    assert client.get("/dev/outbox").headers["Cache-Control"] == "no-store"
    assert "Cache-Control" not in client.get("/privacy").headers


def test_hsts_only_over_https_through_a_trusted_proxy(make_app, sqlite_url):
    behind_proxy = make_app(sqlite_url, TRUSTED_PROXIES=1).test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}

    assert behind_proxy.get("/", headers=forwarded).headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "Strict-Transport-Security" not in behind_proxy.get("/").headers


def test_forwarded_headers_are_ignored_without_trusted_proxies(client):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})

    assert "Strict-Transport-Security" not in response.headers


def test_without_sanctuary_env_it_is_production_and_needs_a_secret_key(monkeypatch, sqlite_url,
                                                                       make_app):
    monkeypatch.delenv("SANCTUARY_ENV")
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.delenv("PASSWORD_HASH_PROFILE")

    with pytest.raises(ConfigError, match="SECRET_KEY must be set in production, which is what "
                                          "runs when SANCTUARY_ENV is not set"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret")
    app = make_app(sqlite_url)
    assert app.config["SANCTUARY_ENV"] == "production"
    assert app.test_client().get("/dev/outbox").status_code == 404


def test_production_refuses_to_start_without_a_secret_key(production_env, monkeypatch):
    monkeypatch.delenv("SECRET_KEY")

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_cookies_are_secure_http_only_and_lax(production_env, sqlite_url, make_app):
    app = make_app(sqlite_url)

    response = app.test_client().get("/", base_url="https://localhost")

    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_page_opened_from_an_emailed_link_never_sends_its_address_on(client):
    for path in ("/sign-in/link/some-token", "/join/some-token", "/invitation/some-token",
                 "/staff/password-reset/some-token"):
        assert client.get(path).headers["Referrer-Policy"] == "no-referrer", path
    assert client.get("/").headers["Referrer-Policy"] == "same-origin"
