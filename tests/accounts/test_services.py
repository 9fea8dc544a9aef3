import datetime
import threading

import pytest

from sanctuary.accounts import services
from sanctuary.accounts.models import (
    PasswordResetRequest,
    Role,
    User,
    UserSession,
)
from sanctuary.core import links
from sanctuary.core.db import db, utcnow
from sanctuary.core.links import Link
from sanctuary.core.outbox import OutboxMessage, send_due
from tests.factories import make_user
from tests.support.concurrency import at_once
from tests.support.mail import last_link_to


def token_of(link):
    return link.rsplit("/", 1)[1]


def test_a_first_sign_in_creates_the_person(any_app):
    services.request_sign_in_link("New.Person@Example.org ", locale="uk", next_url="/dashboard")
    token = token_of(last_link_to("new.person@example.org"))

    user, next_url = services.sign_in_with_link(token)

    assert (user.email, user.role_set, next_url) == ("new.person@example.org", frozenset(),
                                                     "/dashboard")
    assert User.select().count() == 1


def test_sign_in_links_are_stored_only_as_hashes(app):
    services.request_sign_in_link("a@example.org", locale="en")
    token = token_of(last_link_to("a@example.org"))

    stored = Link.get()

    assert token not in stored.token_hash
    assert len(stored.token_hash) == 64


def test_a_link_signs_in_once_only(any_app):
    services.request_sign_in_link("once@example.org", locale="en")
    token = token_of(last_link_to("once@example.org"))

    first, _ = services.sign_in_with_link(token)
    second, _ = services.sign_in_with_link(token)

    assert first is not None
    assert second is None


def test_an_expired_link_signs_nobody_in(app):
    services.request_sign_in_link("late@example.org", locale="en")
    token = token_of(last_link_to("late@example.org"))
    Link.update(expires_at=utcnow() - datetime.timedelta(seconds=1)).execute()

    assert links.find(token, "sign_in") is None
    assert services.sign_in_with_link(token) == (None, None)
    assert User.select().count() == 0


def test_links_expire_after_thirty_minutes(app):
    before = utcnow()
    services.request_sign_in_link("timed@example.org", locale="en")

    lifetime = Link.get().expires_at - before

    assert (datetime.timedelta(minutes=29, seconds=59) < lifetime
            <= datetime.timedelta(minutes=30, seconds=1))


def test_a_sign_in_link_cannot_reset_a_password(app):
    make_user(email="staff@example.org", roles=[Role.REVIEWER], password="old password 123")
    services.request_sign_in_link("staff@example.org", locale="en")
    token = token_of(last_link_to("staff@example.org"))

    assert services.reset_password(token, "new password 123") is None


def test_two_people_spending_one_link_at_once_sign_in_only_one(make_app, any_database_url):
    app = make_app(any_database_url)
    services.request_sign_in_link("race@example.org", locale="en")
    token = token_of(last_link_to("race@example.org"))

    results = at_once(app, lambda: services.sign_in_with_link(token)[0])

    assert sorted(r is not None for r in results) == [False, True]
    assert User.select().count() == 1


def test_create_user_twice_at_once_makes_one_person(make_app, any_database_url):
    app = make_app(any_database_url)
    db.close()
    barrier = threading.Barrier(2)
    made, errors = [], []

    def create():
        try:
            with app.app_context():
                barrier.wait()
                made.append(services.create_user("same@example.org", roles=[Role.APPLICANT]).id)
                db.close()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(set(made)) == 1
    assert User.select().count() == 1


def test_password_check_accepts_the_password_and_refuses_others(app):
    user = make_user(roles=[Role.COORDINATOR], password="correct horse battery")

    assert services.check_password(user, "correct horse battery")
    assert not services.check_password(user, "wrong horse battery")
    assert not services.check_password(None, "correct horse battery")
    assert not services.check_password(make_user(), "anything at all")


def ask_for_reset(email):
    """Ask for a reset as the form does, and run the sender, which decides who gets one."""
    services.request_password_reset(email)
    send_due()


def test_password_reset_is_only_sent_to_staff(app):
    make_user(email="staff@example.org", roles=[Role.REVIEWER], password="a password 123")
    make_user(email="public@example.org", roles=[Role.APPLICANT])

    for address in ("staff@example.org", "public@example.org", "nobody@example.org"):
        ask_for_reset(address)

    assert [t.holder_email for t in Link.select()] == ["staff@example.org"]
    assert [m.recipient for m in OutboxMessage.select()] == ["staff@example.org"]
    assert PasswordResetRequest.select().count() == 0  # no address kept once decided


def statements_run(action):
    """The kinds of SQL statement `action` runs (verb and table), in order."""
    statements = []
    db.connection().set_trace_callback(statements.append)
    try:
        action()
    finally:
        db.connection().set_trace_callback(None)
    return [" ".join(statement.split()[:3]) for statement in statements]


def test_a_reset_request_does_the_same_work_for_every_address(app):
    make_user(email="staff@example.org", roles=[Role.REVIEWER], password="a password 123")
    make_user(email="public@example.org", roles=[Role.APPLICANT])
    work = {address: statements_run(lambda a=address: services.request_password_reset(a))
            for address in ("staff@example.org", "public@example.org", "nobody@example.org")}

    assert work["staff@example.org"] == work["public@example.org"] == work["nobody@example.org"]
    assert work["nobody@example.org"] == ['INSERT INTO "password_reset_request"']
    assert Link.select().count() == OutboxMessage.select().count() == 0


def test_two_senders_at_once_send_one_reset_once(make_app, any_database_url):
    app = make_app(any_database_url)
    make_user(email="race@example.org", roles=[Role.REVIEWER], password="a password 123")
    services.request_password_reset("race@example.org")

    sent = at_once(app, services.send_password_resets)

    assert [m.recipient for batch in sent for m in batch] == ["race@example.org"]
    assert Link.select().count() == 1


def test_reset_password_ends_every_session(app):
    user = make_user(email="staff@example.org", roles=[Role.REVIEWER], password="old password 123")
    key = services.start_session(user)
    ask_for_reset("staff@example.org")

    services.reset_password(token_of(last_link_to("staff@example.org")), "new password 456")

    assert services.load_session(key) is None
    assert services.check_password(User.get_by_id(user.id), "new password 456")


def test_a_revoked_session_loads_nobody(app):
    user = make_user()
    key = services.start_session(user)

    services.end_session(key)

    assert services.load_session(key) is None


def test_public_sessions_end_after_fourteen_idle_days(app):
    user = make_user(roles=[Role.APPLICANT])
    key = services.start_session(user)
    started = UserSession.get().last_seen_at

    assert services.load_session(key, now=started + datetime.timedelta(days=13)) is not None
    # that visit counted as activity: the fourteen days start again from it
    assert services.load_session(key, now=started + datetime.timedelta(days=26)) is not None
    assert services.load_session(key, now=started + datetime.timedelta(days=41)) is None
    assert UserSession.get().revoked_at is not None


def test_staff_sessions_end_after_twelve_idle_hours(app):
    user = make_user(roles=[Role.REVIEWER], password="a password 123")
    key = services.start_session(user)
    started = UserSession.get().last_seen_at

    assert services.load_session(key, now=started + datetime.timedelta(hours=13)) is None


def test_sign_out_everywhere_can_keep_the_current_session(app):
    user = make_user()
    keys = [services.start_session(user) for _ in range(3)]

    ended = services.end_all_sessions(user, keep_key=keys[0])

    assert ended == 2
    assert [services.load_session(k) is not None for k in keys] == [True, False, False]


def test_invitation_gives_the_role_and_the_password(app):
    coordinator = make_user(roles=[Role.COORDINATOR], password="a password 123")
    services.invite("New.Reviewer@example.org", role=Role.REVIEWER, display_name="Rev",
                    by=coordinator, locale="ar")
    token = token_of(last_link_to("new.reviewer@example.org"))

    user = services.accept_invitation(token, display_name="Reviewer Name",
                                      password="reviewer password")

    assert user.role_set == frozenset({Role.REVIEWER})
    assert user.display_name == "Reviewer Name"
    assert services.check_password(user, "reviewer password")
    assert services.accept_invitation(token, display_name="x", password="y" * 12) is None


def test_invitations_last_seven_days(app):
    coordinator = make_user(roles=[Role.COORDINATOR], password="a password 123")
    services.invite("r@example.org", role=Role.REVIEWER, display_name="R", by=coordinator,
                    locale="en")
    token = token_of(last_link_to("r@example.org"))

    assert links.find(token, "invitation", now=utcnow() + datetime.timedelta(days=6))
    assert not links.find(token, "invitation", now=utcnow() + datetime.timedelta(days=8))


@pytest.mark.parametrize("language", ["ar", "uk"])
def test_email_to_a_known_person_is_in_their_language(app, language):
    from sanctuary.core.outbox import OutboxMessage

    make_user(email="known@example.org", language=language)

    services.request_sign_in_link("known@example.org", locale="en")

    message = OutboxMessage.get()
    assert message.locale == language
    assert f'<html lang="{language}"' in message.body_html
    assert "Use this link to sign in" not in message.body_text


def test_people_compare_by_identity_not_by_session(app):
    first, second = make_user(), make_user()

    assert first != second
    assert first == type(first).get_by_id(first.id)
    assert len({first, second}) == 2


def test_a_newer_link_of_the_same_purpose_ends_the_older_one(any_app):
    make_user(email="staff@example.org", roles=[Role.REVIEWER], password="old password 123")
    ask_for_reset("staff@example.org")
    older_reset = token_of(last_link_to("staff@example.org"))
    sign_in, _ = services._issue_link("sign_in", "staff@example.org")  # sent before they joined
    ask_for_reset("staff@example.org")
    newer_reset = token_of(last_link_to("staff@example.org"))

    assert services.reset_password(older_reset, "attacker password") is None
    assert links.find(sign_in, "sign_in") is not None  # another purpose: untouched
    assert services.reset_password(newer_reset, "new password 456") is not None
    assert services.reset_password(newer_reset, "again password 789") is None


@pytest.mark.parametrize("ending", ["sign out everywhere", "password change", "password reset"])
def test_ending_sessions_also_ends_unused_sign_in_and_reset_links(app, ending):
    user = make_user(email="staff@example.org", roles=[Role.COORDINATOR],
                     password="old password 123")
    sign_in, _ = services._issue_link("sign_in", "staff@example.org")  # sent before they joined
    invited = services.invite("new@example.org", role="reviewer", display_name="New",
                              by=user, locale="en")
    ask_for_reset("staff@example.org")
    reset = token_of(last_link_to("staff@example.org"))

    if ending == "sign out everywhere":
        services.end_all_sessions(user)
    elif ending == "password change":
        key = services.start_session(user)
        assert services.change_password(user, current="old password 123",
                                        new="new password 456", keep_key=key)
    else:
        ask_for_reset("staff@example.org")
        reset = token_of(last_link_to("staff@example.org"))
        assert services.reset_password(reset, "new password 456") is not None

    assert links.find(sign_in, "sign_in") is None
    assert services.reset_password(reset, "attacker password") is None
    assert Link.get_by_id(invited.id).is_usable()  # an invitation they sent still works


def test_a_second_invitation_replaces_the_first_and_accepting_spends_every_other(app):
    coordinator = make_user(roles=[Role.COORDINATOR], password="a password 123")
    services.invite("z@example.org", role=Role.COORDINATOR, display_name="Z", by=coordinator,
                    locale="en")
    first = token_of(last_link_to("z@example.org"))
    services.invite("z@example.org", role=Role.REVIEWER, display_name="Z", by=coordinator,
                    locale="en")
    second = token_of(last_link_to("z@example.org"))

    assert links.find(first, "invitation") is None
    user = services.accept_invitation(second, display_name="Z", password="z password 12")
    assert user.role_set == frozenset({Role.REVIEWER})
    assert [link.holder_email for link in links.usable("invitation")] == []


def test_an_invitation_never_replaces_a_password_someone_has(app):
    coordinator = make_user(roles=[Role.COORDINATOR], password="a password 123")
    reviewer = make_user(email="has@example.org", roles=[Role.REVIEWER], password="own password 1")
    services.invite(reviewer.email, role=Role.COORDINATOR, display_name="", by=coordinator,
                    locale="en")
    token = token_of(last_link_to(reviewer.email))

    user = services.accept_invitation(token, display_name="", password="chosen by another")

    assert user.kept_password and user.role_set == frozenset({Role.REVIEWER, Role.COORDINATOR})
    assert services.check_password(user, "own password 1")
    assert not services.check_password(user, "chosen by another")
