import datetime
import hashlib

import pytest

from sanctuary.accounts import services
from sanctuary.awards.services import accept_member_invitation
from sanctuary.core import links, migrate
from sanctuary.core.db import db, utcnow
from sanctuary.core.links import Link
from tests.factories import make_organisation, make_user
from tests.support.concurrency import at_once
from tests.support.migrations import database_before, insert

HOUR = datetime.timedelta(hours=1)


def issue(purpose="manage_booking", **overrides):
    fields = {"lifetime": HOUR, "holder_email": "resident@example.org", **overrides}
    return links.issue(purpose, **fields)


def test_only_the_tokens_hash_is_stored(any_app):
    token, link = issue(subject=("booking", 12), payload={"next_url": "/dashboard"})

    stored = db.execute_sql("SELECT * FROM link").fetchall()

    assert Link.get_by_id(link.id).token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert [value for row in stored for value in row if token in str(value)] == []


def test_an_issued_link_keeps_whom_what_and_until_when(any_app):
    coordinator = make_user()
    before = utcnow()

    _, link = issue("invitation", holder_email="new@example.org", holder_user=7,
                    subject=("organisation", 3), payload={"role": "reviewer"},
                    created_by=coordinator, lifetime=datetime.timedelta(days=7))

    stored = Link.get_by_id(link.id)
    assert (stored.purpose, stored.holder_email, stored.holder_user_id, stored.subject,
            stored.payload, stored.created_by_id, stored.single_use, stored.used_at,
            stored.revoked_at) == ("invitation", "new@example.org", 7, ("organisation", 3),
                                   {"role": "reviewer"}, coordinator.id, True, None, None)
    week = datetime.timedelta(days=7)
    assert before + week <= stored.expires_at <= utcnow() + week


def test_a_subject_may_be_given_as_its_row(any_app):
    organisation = make_organisation()

    _, link = issue(subject=organisation)

    assert Link.get_by_id(link.id).subject == ("organisation", organisation.id)


def test_a_link_is_for_someone(any_app):
    with pytest.raises(ValueError):
        links.issue("manage_booking", lifetime=HOUR, subject=("booking", 1))


def test_a_single_use_link_works_once(any_app):
    token, link = issue()

    first = links.use(token, "manage_booking")
    second = links.use(token, "manage_booking")

    assert (first.id, first.used_at is not None, second) == (link.id, True, None)
    assert links.find(token, "manage_booking") is None


def test_looking_at_a_link_does_not_spend_it(any_app):
    token, link = issue()

    assert links.find(token, "manage_booking").id == link.id
    assert links.find(token, "manage_booking").id == link.id
    assert links.use(token, "manage_booking").id == link.id


def test_a_reusable_link_works_every_time_until_it_expires(any_app):
    token, link = issue(single_use=False)

    uses = [links.use(token, "manage_booking") for _ in range(3)]
    late = links.use(token, "manage_booking", now=utcnow() + HOUR + datetime.timedelta(seconds=1))

    assert [u.id for u in uses] == [link.id] * 3
    assert late is None
    assert links.find(token, "manage_booking").id == link.id


def test_an_expired_link_neither_shows_nor_works(any_app):
    token, _ = issue()
    later = utcnow() + HOUR

    assert links.find(token, "manage_booking", now=later) is None
    assert links.use(token, "manage_booking", now=later) is None
    assert links.use(token, "manage_booking") is not None  # it was not spent by the tries


def test_a_link_works_only_for_its_own_purpose(any_app):
    token, _ = issue("sign_in")

    assert links.find(token, "password_reset") is None
    assert links.use(token, "password_reset") is None
    assert links.use(token, "sign_in") is not None


def test_an_unknown_token_works_for_nothing(any_app):
    issue()

    assert links.find("no-such-token", "manage_booking") is None
    assert links.use("no-such-token", "manage_booking") is None


def test_revoking_one_link_leaves_the_others(any_app):
    first, first_link = issue(subject=("booking", 1))
    second, _ = issue(subject=("booking", 1))

    assert links.revoke(first_link) is True
    assert links.revoke(first_link) is False  # already revoked

    assert links.use(first, "manage_booking") is None
    assert links.use(second, "manage_booking") is not None


def test_a_spent_link_is_not_revoked_again(any_app):
    token, link = issue()
    links.use(token, "manage_booking")

    assert links.revoke(link) is False
    assert Link.get_by_id(link.id).revoked_at is None


def test_revoking_a_purpose_about_a_subject_stops_only_those(any_app):
    manage, _ = issue(subject=("booking", 1))
    manage_again, _ = issue(subject=("booking", 1), single_use=False)
    cancel, _ = issue("cancel_booking", subject=("booking", 1))
    other_kind, _ = issue(subject=("report", 1))

    revoked = links.revoke_for("manage_booking", ("booking", 1))

    assert revoked == 2
    assert [links.find(t, p) is not None for t, p in [
        (manage, "manage_booking"), (manage_again, "manage_booking"),
        (cancel, "cancel_booking"), (other_kind, "manage_booking")]] == [False, False, True, True]


def test_a_second_bookings_manage_link_never_revokes_the_firsts(any_app):
    first, _ = issue(subject=("booking", 1), holder_email="same@example.org")
    links.revoke_for("manage_booking", ("booking", 2))  # a new link for booking 2 replaces its own
    second, _ = issue(subject=("booking", 2), holder_email="same@example.org")

    assert links.use(first, "manage_booking") is not None
    assert links.use(second, "manage_booking") is not None


def test_revoking_a_holders_links_by_email_or_user(any_app):
    by_email, _ = issue("sign_in", holder_email="person@example.org")
    by_user, _ = issue("sign_in", holder_email=None, holder_user=7)
    reset, _ = issue("password_reset", holder_email="person@example.org", holder_user=7)
    invitation, _ = issue("invitation", holder_email="person@example.org")
    someone_else, _ = issue("sign_in", holder_email="other@example.org", holder_user=8)

    revoked = links.revoke_held(email="person@example.org", user=7,
                                purposes=["sign_in", "password_reset"])

    assert revoked == 3
    assert [links.find(t, p) is not None for t, p in [
        (by_email, "sign_in"), (by_user, "sign_in"), (reset, "password_reset"),
        (invitation, "invitation"), (someone_else, "sign_in")]] == [False, False, False, True,
                                                                     True]
    assert links.revoke_held(email="person@example.org") == 1  # every purpose: the invitation
    assert links.find(invitation, "invitation") is None


def test_revoking_needs_a_holder(any_app):
    with pytest.raises(ValueError):
        links.revoke_held(purposes=["sign_in"])


def test_usable_lists_the_links_of_a_purpose_that_still_work_newest_first(any_app):
    issue(subject=("booking", 1))
    _, second = issue(subject=("booking", 2))
    spent, _ = issue(subject=("booking", 3))
    links.use(spent, "manage_booking")
    _, revoked = issue(subject=("booking", 4))
    links.revoke(revoked)
    _, newest = issue(subject=("booking", 2))
    issue("sign_in")

    listed = [link.subject for link in links.usable("manage_booking")]
    of_booking_2 = [link.id for link in links.usable("manage_booking", subject=("booking", 2))]

    assert listed == [("booking", 2), ("booking", 2), ("booking", 1)]
    assert of_booking_2 == [newest.id, second.id]


def test_two_spending_one_link_at_once_only_one_gets_it(make_app, any_database_url):
    app = make_app(any_database_url)
    token, _ = issue()

    results = at_once(app, lambda: links.use(token, "manage_booking"))

    assert sorted(result is not None for result in results) == [False, True]


def test_expired_or_spent_finds_what_stopped_working_before_a_time(any_app):
    now = utcnow()
    _, live_link = issue()
    reusable, reusable_link = issue(single_use=False)
    links.use(reusable, "manage_booking")
    spent, spent_link = issue()
    links.use(spent, "manage_booking")
    _, revoked = issue()
    links.revoke(revoked)
    _, expired = issue(lifetime=datetime.timedelta(seconds=-1))
    later = now + datetime.timedelta(minutes=1)

    before_later = {link.id for link in links.expired_or_spent(later)}
    before_long_ago = list(links.expired_or_spent(now - HOUR))
    (Link.delete().where(Link.id.in_(links.expired_or_spent(later).select(Link.id)))
     .execute())

    assert before_later == {spent_link.id, revoked.id, expired.id}
    assert before_long_ago == []
    assert sorted(link.id for link in Link.select()) == [live_link.id, reusable_link.id]


# ---------------------------------------------------------------------------- migration 0016

def old_rows(now):
    """Rows in the two tables that 0016 replaces: used, unused and expired, of every purpose."""
    day = datetime.timedelta(days=1)
    base = {"role": None, "display_name": "", "next_url": None, "created_by_id": None,
            "used_at": None}
    email_tokens = [
        {**base, "token_hash": links.hash_token("sign-in"), "purpose": "sign_in",
         "email": "new@example.org", "next_url": "/organisations/new", "created_at": now,
         "expires_at": now + HOUR},
        {**base, "token_hash": links.hash_token("used sign-in"), "purpose": "sign_in",
         "email": "member@example.org", "created_at": now - day,
         "expires_at": now - day + HOUR, "used_at": now - day + datetime.timedelta(minutes=5)},
        {**base, "token_hash": links.hash_token("old reset"), "purpose": "password_reset",
         "email": "coordinator@example.org", "created_at": now - day,
         "expires_at": now - day + HOUR},
        {**base, "token_hash": links.hash_token("invitation"), "purpose": "invitation",
         "email": "reviewer@example.org", "role": "reviewer", "display_name": "Rev Iewer",
         "created_by_id": 1, "created_at": now, "expires_at": now + 7 * day},
    ]
    member_invitations = [
        {"token_hash": links.hash_token("join"), "organisation_id": 1,
         "email": "colleague@example.org", "invited_by_id": 2, "created_at": now,
         "expires_at": now + 14 * day, "accepted_at": None},
        {"token_hash": links.hash_token("joined"), "organisation_id": 1,
         "email": "member@example.org", "invited_by_id": 2, "created_at": now - 2 * day,
         "expires_at": now + 12 * day, "accepted_at": now - day},
        {"token_hash": links.hash_token("join late"), "organisation_id": 1,
         "email": "late@example.org", "invited_by_id": None, "created_at": now - 20 * day,
         "expires_at": now - 6 * day, "accepted_at": None},
    ]
    return email_tokens, member_invitations


def database_at_0015_with_old_rows(url, make_app):
    app = make_app(url)
    database_before("0016_links")
    now = utcnow()
    insert("user", [{"email": email, "display_name": "", "language": "en", "is_active": True,
                     "created_at": now}
                    for email in ("coordinator@example.org", "member@example.org")])
    insert("organisation", [{"name": "Old Org", "kind": "charity", "size_band": "1-9",
                             "address": "", "postcode": "", "website": "", "contact_name": "C",
                             "contact_role": "", "contact_email": "c@example.org",
                             "language": "en", "created_by_id": 2, "created_at": now}])
    email_tokens, member_invitations = old_rows(now)
    insert("email_token", email_tokens)
    insert("member_invitation", member_invitations)
    return app, now


def test_0016_moves_every_token_and_invitation_into_links_keeping_its_meaning(
        make_app, empty_database_url):
    _, now = database_at_0015_with_old_rows(empty_database_url, make_app)
    day = datetime.timedelta(days=1)

    applied = migrate.upgrade(db.obj, to="0016_links")

    assert applied == ["0016_links"]
    assert (db.table_exists("email_token"), db.table_exists("member_invitation")) == (False,
                                                                                      False)
    moved = [(link.token_hash, link.purpose, link.subject, link.holder_email,
              link.holder_user_id, link.payload, link.single_use, link.created_by_id,
              link.created_at, link.expires_at, link.used_at, link.revoked_at)
             for link in Link.select().order_by(Link.id)]
    assert moved == [
        (links.hash_token("sign-in"), "sign_in", None, "new@example.org", None,
         {"next_url": "/organisations/new"}, True, None, now, now + HOUR, None, None),
        (links.hash_token("used sign-in"), "sign_in", None, "member@example.org", 2, {}, True,
         None, now - day, now - day + HOUR, now - day + datetime.timedelta(minutes=5), None),
        (links.hash_token("old reset"), "password_reset", None, "coordinator@example.org", 1,
         {}, True, None, now - day, now - day + HOUR, None, None),
        (links.hash_token("invitation"), "invitation", None, "reviewer@example.org", None,
         {"role": "reviewer", "display_name": "Rev Iewer"}, True, 1, now, now + 7 * day, None,
         None),
        (links.hash_token("join"), "member_invitation", ("organisation", 1),
         "colleague@example.org", None, {}, True, 2, now, now + 14 * day, None, None),
        (links.hash_token("joined"), "member_invitation", ("organisation", 1),
         "member@example.org", 2, {}, True, 2, now - 2 * day, now + 12 * day, now - day, None),
        (links.hash_token("join late"), "member_invitation", ("organisation", 1),
         "late@example.org", None, {}, True, None, now - 20 * day, now - 6 * day, None, None),
    ]


def test_links_sent_before_0016_still_work_after_it_and_only_those_that_worked(
        make_app, empty_database_url):
    database_at_0015_with_old_rows(empty_database_url, make_app)

    # Through 0016 and every migration after it: today's code reads today's tables.
    migrate.upgrade(db.obj)

    assert services.sign_in_with_link("sign-in")[1] == "/organisations/new"
    assert services.sign_in_with_link("used sign-in") == (None, None)
    assert services.reset_password("old reset", "a new password 123") is None
    assert links.find("invitation", "invitation").payload["role"] == "reviewer"
    user, organisation = accept_member_invitation("join")
    assert (user.email, organisation.name) == ("colleague@example.org", "Old Org")
    assert accept_member_invitation("joined") is None
    assert accept_member_invitation("join late") is None


def test_0016_reverts_to_the_two_tables_with_their_rows(make_app, empty_database_url):
    database_at_0015_with_old_rows(empty_database_url, make_app)
    columns = {"email_token": "token_hash, purpose, email, role, display_name, next_url, "
                              "created_by_id, created_at, expires_at, used_at",
               "member_invitation": "token_hash, organisation_id, email, invited_by_id, "
                                    "created_at, expires_at, accepted_at"}

    def rows():
        return {table: db.execute_sql(f"SELECT {names} FROM {table} ORDER BY id").fetchall()
                for table, names in columns.items()}

    before = rows()
    migrate.upgrade(db.obj, to="0016_links")
    migrate.runner(db.obj).down()

    assert [len(before["email_token"]), len(before["member_invitation"])] == [4, 3]
    assert rows() == before
    assert db.table_exists("link") is False
