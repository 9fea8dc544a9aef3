import re

import pytest

from sanctuary.accounts.models import Role, User, UserSession
from sanctuary.core.links import Link
from sanctuary.core.outbox import OutboxMessage
from tests.factories import make_user
from tests.support.client import csrf_token, path_of, post, sign_in, text
from tests.support.mail import LINK, delivered_mail, last_link_to


def without_csrf_token(page):
    """The page less its CSRF token, which is signed with the time and so differs by the second."""
    return re.sub(r'name="csrf-token" content="[^"]+"', 'name="csrf-token"', page)




# ---------------------------------------------------------------------------- sign-in by link

def test_asking_for_a_link_sends_it_and_says_to_check_email(client):
    response = post(client, "/sign-in", {"email": "Someone@Example.org"}, follow_redirects=True)

    assert "<h1>Check your email</h1>" in text(response)
    assert "We have sent a sign-in link to <bdi>someone@example.org</bdi>." in text(response)
    assert [m.recipient for m in OutboxMessage.select()] == ["someone@example.org"]


def test_known_and_unknown_addresses_get_the_same_answer(client):
    make_user(email="known@example.org")

    known = post(client, "/sign-in", {"email": "known@example.org"}, follow_redirects=True)
    unknown = post(client, "/sign-in", {"email": "unknown@example.org"}, follow_redirects=True)

    assert (without_csrf_token(text(known)).replace("known@", "X@")
            == without_csrf_token(text(unknown)).replace("unknown@", "X@"))


def test_a_bad_address_is_refused_and_kept(client):
    response = post(client, "/sign-in", {"email": "not an address"})

    assert response.status_code == 200
    assert "<title>Error: Sign in – Lewisham Borough of Sanctuary</title>" in text(response)
    assert '<a href="#email">Enter an email address in the right format' in text(response)
    assert 'value="not an address"' in text(response)
    assert OutboxMessage.select().count() == 0


def test_opening_the_link_does_not_sign_in_but_the_button_does(client):
    post(client, "/sign-in?next=/account", {"email": "a@example.org", "next": "/account"})
    link = path_of(last_link_to("a@example.org"))

    opened = client.get(link)
    assert opened.status_code == 200
    assert "You are signing in as <bdi>a@example.org</bdi>." in text(opened)
    assert opened.headers["Cache-Control"] == "no-store"
    assert client.get("/dashboard").status_code == 302  # not signed in by opening it

    pressed = post(client, link)

    assert pressed.status_code == 302
    assert pressed.headers["Location"] == "/account"
    assert client.get("/dashboard").status_code == 200


def test_a_link_opened_but_never_confirmed_still_works_later(client):
    post(client, "/sign-in", {"email": "later@example.org"})
    link = path_of(last_link_to("later@example.org"))
    client.get(link)  # a mail scanner, or the person, opens it
    client.get(link)

    response = post(client, link)

    assert response.headers["Location"] == "/dashboard"


def test_a_used_link_does_not_sign_in_again(app):
    first, second = app.test_client(), app.test_client()
    post(first, "/sign-in", {"email": "used@example.org"})
    link = path_of(last_link_to("used@example.org"))
    post(first, link)

    again = post(second, link)

    assert again.status_code == 410
    assert "<h1>This link cannot be used</h1>" in text(again)
    assert second.get("/dashboard").status_code == 302


def offers(response):
    """The links the page's main part offers, as (href, text)."""
    page = text(response)
    main = page[page.index('<main id="main"'):page.index("</main>")]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', main)


def test_a_spent_sign_in_link_offers_a_new_sign_in_link_only(app):
    first, second = app.test_client(), app.test_client()
    post(first, "/sign-in", {"email": "spent@example.org"})
    link = path_of(last_link_to("spent@example.org"))
    post(first, link)

    again = second.get(link)

    assert again.status_code == 410
    assert offers(again) == [("/sign-in", "Ask for a new sign-in link")]


def test_a_spent_password_reset_link_offers_a_new_reset_link_only(client):
    make_user(email="staff@example.org", roles=[Role.REVIEWER], password="old password 1")
    post(client, "/staff/password-reset", {"email": "staff@example.org"})
    link = path_of(last_link_to("staff@example.org"))
    post(client, link, {"password": "new password 22", "confirm": "new password 22"})

    again = client.get(link)

    assert again.status_code == 410
    assert offers(again) == [("/staff/password-reset", "Ask for a new password reset link")]


def test_a_spent_invitation_says_to_ask_whoever_sent_it(app):
    coordinator = app.test_client()
    sign_in(coordinator, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    post(coordinator, "/invitations", {"email": "late@example.org", "display_name": "Late",
                                       "role": "reviewer"})
    link = path_of(last_link_to("late@example.org"))
    Link.update(expires_at=Link.created_at).execute()

    again = app.test_client().get(link)

    assert again.status_code == 410
    assert offers(again) == []
    assert "ask the coordinator who invited you to send a new one" in text(again)


def test_an_expired_link_does_not_sign_in(client):
    post(client, "/sign-in", {"email": "late@example.org"})
    link = path_of(last_link_to("late@example.org"))
    Link.update(expires_at=Link.created_at).execute()

    assert client.get(link).status_code == 410
    assert post(client, link).status_code == 410
    assert client.get("/dashboard").status_code == 302


def test_a_staff_address_on_the_public_form_is_pointed_to_the_password_and_never_signed_in(
        app, client):
    make_user(email="reviewer@example.org", roles=[Role.REVIEWER], password="a password 123")

    answer = post(client, "/sign-in", {"email": "reviewer@example.org"}, follow_redirects=True)

    # as for anyone
    assert "We have sent a sign-in link to <bdi>reviewer@example.org</bdi>." in text(answer)
    assert Link.select().count() == 0  # no link that could sign anyone in
    [sent] = delivered_mail(app)
    assert sent["To"] == "reviewer@example.org"
    body = sent.get_body(("plain",)).get_content()
    assert [path_of(link) for link in LINK.findall(body)] == ["/staff/sign-in",
                                                              "/staff/password-reset"]
    assert client.get("/dashboard").status_code == 302


def test_a_link_sent_before_someone_joined_the_panel_does_not_sign_them_in(client):
    post(client, "/sign-in", {"email": "joins@example.org"})
    link = path_of(last_link_to("joins@example.org"))
    make_user(email="joins@example.org", roles=[Role.REVIEWER], password="a password 123")

    assert post(client, link).status_code == 410
    assert client.get("/dashboard").status_code == 302


def test_next_may_only_be_a_local_path(client):
    post(client, "/sign-in", {"email": "a@example.org", "next": "https://evil.example/"})

    response = post(client, path_of(last_link_to("a@example.org")))

    assert response.headers["Location"] == "/dashboard"


# A browser drops the tab and line breaks ("//evil.example") and reads a backslash as a slash.
OFF_SITE_NEXTS = ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example",
                  "/\\evil.example", "\\/evil.example", "/ /evil.example", "/x\x00y",
                  "/" + "a" * 1001]


@pytest.mark.parametrize("next_url", OFF_SITE_NEXTS)
def test_an_email_link_never_leads_off_the_site(any_app, next_url):
    client = any_app.test_client()
    post(client, "/sign-in", {"email": "a@example.org", "next": next_url})

    response = post(client, path_of(last_link_to("a@example.org")))

    assert response.headers["Location"] == "/dashboard"


@pytest.mark.parametrize("next_url", OFF_SITE_NEXTS)
def test_staff_sign_in_never_leads_off_the_site(any_app, next_url):
    client = any_app.test_client()
    make_user(email="coord@example.org", roles=[Role.COORDINATOR], password="coordinator pass")

    response = post(client, "/staff/sign-in", {"email": "coord@example.org",
                                                "password": "coordinator pass", "next": next_url})

    assert response.headers["Location"] == "/dashboard"


def test_a_local_next_with_its_query_is_kept(client):
    make_user(email="coord@example.org", roles=[Role.COORDINATOR], password="coordinator pass")

    response = post(client, "/staff/sign-in", {"email": "coord@example.org",
                                                "password": "coordinator pass",
                                                "next": "/coordinate/applications?q=choir"})

    assert response.headers["Location"] == "/coordinate/applications?q=choir"


def test_a_private_page_sends_anonymous_visitors_to_sign_in_and_back(client):
    response = client.get("/account?tab=1")

    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/account?tab%3D1"
    page = text(client.get(response.headers["Location"]))
    assert 'name="next" type="hidden" value="/account?tab=1"' in page


# ---------------------------------------------------------------------------- sessions

def test_signing_out_ends_the_session_and_a_copied_cookie_stops_working(app):
    user = make_user(email="a@example.org")
    browser = app.test_client()
    sign_in(browser, user)
    copied = browser.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/dashboard").status_code == 200

    signed_out = post(browser, "/sign-out", {"sign-out-csrf_token": csrf_token(browser)})

    assert signed_out.status_code == 302
    assert browser.get("/dashboard").status_code == 302
    assert thief.get("/dashboard").status_code == 302
    assert UserSession.get().revoked_at is not None


def test_sign_out_everywhere_ends_every_session(app):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    sign_in(laptop, user)

    response = laptop.post("/account/sign-out-everywhere",
                           data={"everywhere-csrf_token": csrf_token(laptop, "/account")},
                           follow_redirects=True)

    assert "You have been signed out on every device." in text(response)
    assert phone.get("/dashboard").status_code == 302
    assert laptop.get("/dashboard").status_code == 302


def test_signed_in_pages_are_never_stored(client):
    sign_in(client, make_user())

    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/account").headers["Cache-Control"] == "no-store"


def test_htmx_get_with_an_ended_session_gets_the_sign_in_message(client):
    key = sign_in(client, make_user())
    from sanctuary.accounts.services import end_session

    end_session(key)

    response = client.get("/account", headers={"HX-Request": "true",
                                                "HX-Current-URL": "http://localhost/account"})

    assert response.status_code == 401
    assert response.headers["X-Sanctuary-Alert"] == "1"
    assert 'href="/sign-in?next=/account" target="_blank" rel="noopener"' in text(response)
    assert "what you typed is still here" in text(response)


def test_htmx_post_whose_session_cookie_is_gone_gets_the_sign_in_message(app):
    # The browser dropped the session cookie (and with it the CSRF token): the CSRF check fails
    # first, and must still answer with the sign-in message, not a bare "form could not be sent".
    client = app.test_client()
    sign_in(client, make_user())
    token = csrf_token(client, "/account")
    client.delete_cookie("session")

    response = client.post("/account", data={"display_name": "Typed"},
                           headers={"HX-Request": "true", "X-CSRFToken": token,
                                    "X-Sanctuary-Signed-In": "1",
                                    "HX-Current-URL": "http://localhost/account"})

    assert response.status_code == 401
    assert "Sign in again in a new tab" in text(response)


def test_a_csrf_failure_from_a_public_page_is_not_called_a_sign_out(client):
    response = client.post("/sign-in", data={"email": "a@example.org"},
                           headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert "This form could not be sent" in text(response)


# ---------------------------------------------------------------------------- staff

def test_staff_sign_in_with_password(client):
    make_user(email="coord@example.org", roles=[Role.COORDINATOR], password="coordinator pass")

    response = post(client, "/staff/sign-in", {"email": "COORD@example.org",
                                                "password": "coordinator pass"})

    assert response.headers["Location"] == "/dashboard"
    assert "Invite people" in text(client.get("/dashboard"))


@pytest.mark.parametrize("email, password", [
    ("coord@example.org", "wrong password"),
    ("nobody@example.org", "coordinator pass"),
    ("public@example.org", "coordinator pass"),  # no staff role: passwords are not for them
])
def test_staff_sign_in_refuses_with_one_message(client, email, password):
    make_user(email="coord@example.org", roles=[Role.COORDINATOR], password="coordinator pass")
    make_user(email="public@example.org", roles=[Role.APPLICANT], password="coordinator pass")

    response = post(client, "/staff/sign-in", {"email": email, "password": password})

    assert response.status_code == 200
    assert "The email address or the password is not right" in text(response)
    assert f'value="{email}"' in text(response)
    assert client.get("/dashboard").status_code == 302


def test_password_reset_form_answers_known_and_unknown_addresses_the_same(client):
    make_user(email="staff@example.org", roles=[Role.REVIEWER], password="a password 123")

    known = post(client, "/staff/password-reset", {"email": "staff@example.org"},
                 follow_redirects=True)
    unknown = post(client, "/staff/password-reset", {"email": "who@example.org"},
                   follow_redirects=True)

    assert (without_csrf_token(text(known)).replace("staff@", "X@")
            == without_csrf_token(text(unknown)).replace("who@", "X@"))
    assert [m.recipient for m in OutboxMessage.select()] == ["staff@example.org"]


def test_password_reset_link_sets_a_new_password_and_signs_in(client):
    make_user(email="staff@example.org", roles=[Role.REVIEWER], password="old password 1")
    post(client, "/staff/password-reset", {"email": "staff@example.org"})
    link = path_of(last_link_to("staff@example.org"))

    mismatch = post(client, link, {"password": "new password 22", "confirm": "different 22"})
    done = post(client, link, {"password": "new password 22", "confirm": "new password 22"})

    assert "The two passwords are not the same" in text(mismatch)
    assert done.headers["Location"] == "/dashboard"
    assert post(client, link, {"password": "x" * 12, "confirm": "x" * 12}).status_code == 410


def test_a_reviewer_gets_403_on_coordinator_pages(client):
    sign_in(client, make_user(email="rev@example.org", roles=[Role.REVIEWER], password="p" * 12))

    page = client.get("/invitations")
    posted = post(client, "/invitations", {"email": "x@example.org", "display_name": "X",
                                           "role": "coordinator"})

    assert page.status_code == 403
    assert "You are signed in as <bdi>rev@example.org</bdi>" in text(page)
    assert posted.status_code == 403
    assert Link.select().count() == 0


def test_coordinator_invites_and_the_invitation_is_listed(app, client):
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12, display_name="Coord"))

    response = post(client, "/invitations", {"email": "New@example.org", "display_name": "Nia",
                                             "role": "reviewer"}, follow_redirects=True)

    assert "Invitation sent to new@example.org." in text(response)
    assert "<td><bdi>Nia</bdi></td><td>new@example.org</td><td>Reviewer</td>" in text(response)
    [delivered] = delivered_mail(app)
    assert delivered["To"] == "new@example.org"
    assert ("\u2068Coord\u2069 has invited you to join Lewisham Borough of Sanctuary as Reviewer."
            in delivered.get_body(("plain",)).get_content())


def test_staff_invitations_are_limited_per_sender_and_say_when_more_can_go(make_app,
                                                                            sqlite_url):
    app = make_app(sqlite_url, RATELIMIT_INVITATIONS_PER_PERSON="3 per hour")
    client = app.test_client()
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    statuses = [post(client, "/invitations", {"email": f"nia{n}@example.org", "display_name": "Nia",
                                              "role": "reviewer"}).status_code
                for n in range(3)]
    refused = post(client, "/invitations", {"email": "fourth@example.org",
                                            "display_name": "Fourth", "role": "reviewer"})

    assert statuses == [302, 302, 302]
    assert refused.status_code == 200
    assert ('<a href="#email">You have sent as many invitations as you can for now. You can send '
            "more after ") in text(refused)
    assert 'value="fourth@example.org"' in text(refused) and 'value="Fourth"' in text(refused)
    assert sorted(t.holder_email for t in Link.select()) == [f"nia{n}@example.org"
                                                            for n in range(3)]


def test_an_invitation_form_with_errors_keeps_what_was_typed(client):
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    response = post(client, "/invitations", {"email": "nope", "display_name": "Typed name",
                                             "role": "reviewer"})

    assert 'value="Typed name"' in text(response)
    assert 'value="nope"' in text(response)
    assert Link.select().count() == 0


def test_accepting_an_invitation_sets_the_password_and_lands_on_the_dashboard(app):
    coordinator_client, invitee = app.test_client(), app.test_client()
    sign_in(coordinator_client, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    post(coordinator_client, "/invitations", {"email": "rev@example.org", "display_name": "Rev",
                                              "role": "reviewer"})
    link = path_of(last_link_to("rev@example.org"))

    page = invitee.get(link)
    response = post(invitee, link, {"display_name": "Rev Iewer", "password": "reviewer pass 1",
                                    "confirm": "reviewer pass 1"}, follow_redirects=True)

    assert 'value="Rev"' in text(page)
    assert "Welcome, <bdi>Rev Iewer</bdi>" in text(response)
    assert "Welcome. Your account is ready." in text(response)
    assert User.get(User.email == "rev@example.org").role_set == frozenset({Role.REVIEWER})
    assert invitee.get("/invitations").status_code == 403


# ---------------------------------------------------------------------------- profile

def test_profile_saves_name_and_language(client):
    user = make_user()
    sign_in(client, user)

    response = post(client, "/account", {"display_name": "New Name", "language": "uk"},
                    follow_redirects=True)

    assert '<html lang="uk" dir="ltr">' in text(response)
    assert (User.get_by_id(user.id).display_name,
            User.get_by_id(user.id).language) == ("New Name", "uk")


def test_a_get_with_lang_shows_the_language_and_never_changes_the_profile(client):
    user = make_user(language="en")
    sign_in(client, user)

    statuses = []
    for url in ("/?lang=ar", "/healthz?lang=ar", "/static/css/app.css?lang=ar",
                "/no-such-page?lang=ar", "/dashboard?lang=ar"):
        with client.get(url) as response:
            statuses.append(response.status_code)
            page = text(response)

    assert '<html lang="ar" dir="rtl">' in page  # the last: the dashboard, in Arabic
    assert statuses == [200, 200, 200, 404, 200]
    assert User.get_by_id(user.id).language == "en"
    post(client, "/account", {"display_name": "", "language": "ar"})  # the profile's own form
    assert User.get_by_id(user.id).language == "ar"


def test_signing_in_restores_the_profile_language(app):
    make_user(email="ar@example.org", language="ar")
    client = app.test_client()
    post(client, "/sign-in", {"email": "ar@example.org"})

    post(client, path_of(last_link_to("ar@example.org")))

    assert '<html lang="ar" dir="rtl">' in text(client.get("/dashboard"))


def test_staff_change_password_keeps_this_session_and_ends_the_others(app):
    user = make_user(roles=[Role.REVIEWER], password="old password 1")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, user)
    sign_in(elsewhere, user)

    wrong = post(here, "/account/password", {"current_password": "nope",
                                             "password": "new password 2",
                                             "confirm": "new password 2"})
    right = post(here, "/account/password", {"current_password": "old password 1",
                                             "password": "new password 2",
                                             "confirm": "new password 2"})

    assert "Your current password is not right" in text(wrong)
    assert right.status_code == 302
    assert here.get("/dashboard").status_code == 200
    assert elsewhere.get("/dashboard").status_code == 302


# ---------------------------------------------------------------------------- rate limits

def test_link_requests_are_limited_per_address_across_clients(app):
    for n in range(5):
        client = app.test_client()
        assert post(client, "/sign-in", {"email": "target@example.org"},
                    environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code == 302

    blocked = post(app.test_client(), "/sign-in", {"email": "target@example.org"},
                   environ_base={"REMOTE_ADDR": "10.0.0.99"})

    assert blocked.status_code == 429
    assert "<h1>Too many attempts</h1>" in text(blocked)


def test_link_requests_are_limited_per_client_across_addresses(client):
    for n in range(20):
        assert post(client, "/sign-in", {"email": f"p{n}@example.org"}).status_code == 302

    blocked = post(client, "/sign-in?lang=ar", {"email": "p99@example.org"})

    assert blocked.status_code == 429
    assert "Too many attempts" not in text(blocked)  # translated


def wrong_password(app, email, client_address):
    return post(app.test_client(), "/staff/sign-in", {"email": email, "password": "wrong"},
                environ_base={"REMOTE_ADDR": client_address})


def right_password(app, client_address):
    return post(app.test_client(), "/staff/sign-in",
                {"email": "staff@example.org", "password": "right password"},
                environ_base={"REMOTE_ADDR": client_address})


def test_wrong_passwords_from_one_client_never_lock_the_person_out_elsewhere(app):
    make_user(email="staff@example.org", roles=[Role.REVIEWER], password="right password")
    for _ in range(10):
        assert wrong_password(app, "staff@example.org", "10.1.0.1").status_code == 200

    assert right_password(app, "10.1.0.1").status_code == 429  # that client, for that address
    assert wrong_password(app, "other@example.org", "10.1.0.1").status_code == 200
    assert right_password(app, "10.1.0.2").headers["Location"] == "/dashboard"


def test_wrong_passwords_spread_over_many_clients_meet_a_higher_limit(make_app, sqlite_url):
    app = make_app(sqlite_url, RATELIMIT_PASSWORD_FAILURES_PER_ADDRESS="12 per 15 minutes")
    make_user(email="staff@example.org", roles=[Role.REVIEWER], password="right password")
    for n in range(12):
        assert wrong_password(app, "staff@example.org", f"10.2.0.{n}").status_code == 200

    assert right_password(app, "10.2.0.99").status_code == 429


def test_right_passwords_never_count_towards_a_lockout(app):
    make_user(email="staff@example.org", roles=[Role.REVIEWER], password="right password")

    for _ in range(12):  # more sign-ins from one office than the failure limit allows
        assert right_password(app, "10.3.0.1").headers["Location"] == "/dashboard"


def test_password_attempts_are_limited_per_client_across_addresses(client):
    for n in range(30):
        post(client, "/staff/sign-in", {"email": f"s{n}@example.org", "password": "x"})

    assert post(client, "/staff/sign-in",
                {"email": "t@example.org", "password": "x"}).status_code == 429


@pytest.mark.parametrize(("form_url", "data"), [
    ("/sign-in", {"email": "typed@example.org"}),
    ("/staff/password-reset", {"email": "typed@example.org"}),
])
def test_the_page_that_shows_the_typed_address_is_never_stored(client, form_url, data):
    sent = post(client, form_url, data)

    page = client.get(sent.headers["Location"])

    assert "typed@example.org" in text(page)
    assert page.headers["Cache-Control"] == "no-store"


def session_cookie(app, client):
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def test_no_sign_in_leaves_a_trace_of_the_client_in_the_cookie(app):
    make_user(email="coord@example.org", roles=[Role.COORDINATOR], password="coordinator pass")
    headers = {"User-Agent": "Tracing Browser 1.0"}
    new_password = {"password": "a new password 1", "confirm": "a new password 1"}
    cookies = {}

    def signed_in(kind, client):
        assert client.get("/dashboard").status_code == 200, kind
        cookies[kind] = session_cookie(app, client)
        return client

    staff = signed_in("password", post_as(app, "/staff/sign-in", {
        "email": "coord@example.org", "password": "coordinator pass"}, headers))
    link = post_as(app, "/sign-in", {"email": "public@example.org"}, headers)
    signed_in("email link", post_as(link, path_of(last_link_to("public@example.org")), {},
                                    headers))
    post(staff, "/invitations", {"email": "invited@example.org", "role": "reviewer",
                                 "display_name": "Invited"}, headers=headers)
    signed_in("invitation", post_as(app, path_of(last_link_to("invited@example.org")),
                                    {"display_name": "Invited", **new_password}, headers))
    reset = post_as(app, "/staff/password-reset", {"email": "invited@example.org"}, headers)
    signed_in("password reset", post_as(reset, path_of(last_link_to("invited@example.org")),
                                        new_password, headers))

    assert sorted(cookies) == ["email link", "invitation", "password", "password reset"]
    for kind, stored in cookies.items():
        assert "_user_id" in stored, kind
        assert "_id" not in stored, kind


def post_as(app_or_client, url, data, headers):
    """POST from a new client (given the app) or from the same one; returns the client."""
    client = app_or_client.test_client() if hasattr(app_or_client, "test_client") else app_or_client
    post(client, url, data, headers=headers)
    return client
