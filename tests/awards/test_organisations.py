import datetime
import re

from sanctuary.accounts.models import Role
from sanctuary.awards import services
from sanctuary.awards.models import Membership, Organisation, PledgeSignature
from sanctuary.awards.queries import Invitation, usable_invitation
from sanctuary.core.db import utcnow
from sanctuary.core.outbox import OutboxMessage
from tests.factories import (
    make_membership,
    make_organisation,
    make_pledge_text,
    make_user,
)
from tests.support.client import path_of, post, sign_in, text
from tests.support.mail import last_link_to

ORGANISATION = {"name": "Lewisham Food Co-op", "kind": "charity", "size_band": "volunteers",
                "address": "1 High Street", "postcode": "SE13 5AB",
                "website": "https://food.example.org", "contact_name": "Sam Contact",
                "contact_role": "Volunteer lead", "contact_email": "Sam@Example.org",
                "language": "en"}






def test_registering_an_organisation_makes_you_its_member(client):
    user = make_user()
    sign_in(client, user)

    response = post(client, "/organisations/new", ORGANISATION)

    organisation = Organisation.get()
    assert response.headers["Location"] == f"/organisations/{organisation.id}/pledge"
    assert (organisation.name, organisation.contact_email) == ("Lewisham Food Co-op",
                                                               "sam@example.org")
    assert organisation.is_member(user)
    assert Role.APPLICANT in type(user).get_by_id(user.id).role_set


def test_registering_with_mistakes_keeps_what_was_typed(client):
    sign_in(client, make_user())

    response = post(client, "/organisations/new", {**ORGANISATION, "name": "", "kind": "",
                                                   "website": "not a site"})

    page = text(response)
    assert response.status_code == 200
    assert '<a href="#name">Enter the name of the organisation</a>' in page
    assert '<a href="#kind">Choose what kind of organisation it is</a>' in page
    assert "Enter a web address like https://www.example.org" in page
    assert 'value="Sam Contact"' in page and "1 High Street" in page
    assert Organisation.select().count() == 0


def test_only_members_and_coordinators_see_an_organisation(app):
    member, outsider, coordinator = make_user(), make_user(), make_user(roles=[Role.COORDINATOR],
                                                                        password="c" * 12)
    organisation = make_organisation(member=member, name="Visible Bakery")
    url = f"/organisations/{organisation.id}"

    def status(user):
        client = app.test_client()
        if user:
            sign_in(client, user)
        return client.get(url).status_code

    assert status(member) == 200
    assert status(coordinator) == 200
    assert status(outsider) == 403
    assert status(None) == 302


def test_a_coordinator_can_look_but_not_change(client):
    organisation = make_organisation()
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    assert client.get(f"/organisations/{organisation.id}/edit").status_code == 403
    assert "Change" not in text(client.get(f"/organisations/{organisation.id}"))


def test_a_member_edits_the_details(client):
    member = make_user()
    organisation = make_organisation(member=member)
    sign_in(client, member)

    response = post(client, f"/organisations/{organisation.id}/edit",
                    {**ORGANISATION, "name": "Renamed Co-op"}, follow_redirects=True)

    assert "<h1><bdi>Renamed Co-op</bdi></h1>" in text(response)


def test_a_colleague_joins_by_email_link(app):
    member = make_user(display_name="First Member")
    organisation = make_organisation(member=member, name="Joinable Ltd")
    inviter = app.test_client()
    sign_in(inviter, member)
    post(inviter, f"/organisations/{organisation.id}/members", {"email": "Colleague@example.org"})
    link = path_of(last_link_to("colleague@example.org"))
    colleague = app.test_client()

    opened = colleague.get(link)
    joined = post(colleague, link, follow_redirects=True)

    assert "<h1>Join <bdi>Joinable Ltd</bdi></h1>" in text(opened)
    assert "You are now a member of <bdi>Joinable Ltd</bdi>." in text(joined)
    assert "<h1><bdi>Joinable Ltd</bdi></h1>" in text(joined)
    assert post(app.test_client(), link).status_code == 410


def test_a_colleagues_invitation_works_for_fourteen_days(app):
    member = make_user()
    organisation = make_organisation(member=member)
    services.invite_member(organisation, "Later@example.org", by=member, locale="en")
    token = path_of(last_link_to("later@example.org")).rsplit("/", 1)[1]

    after_13_days = usable_invitation(token, now=utcnow() + datetime.timedelta(days=13))
    after_15_days = usable_invitation(token, now=utcnow() + datetime.timedelta(days=15))

    assert after_13_days == Invitation("later@example.org", organisation)
    assert after_15_days is None


def test_a_removed_member_loses_access_at_once(app):
    member, colleague = make_user(), make_user()
    organisation = make_organisation(member=member)
    make_membership(organisation, colleague)
    colleague_client, member_client = app.test_client(), app.test_client()
    sign_in(colleague_client, colleague)
    sign_in(member_client, member)
    assert colleague_client.get(f"/organisations/{organisation.id}").status_code == 200
    membership = Membership.get(Membership.user == colleague)

    post(member_client, f"/organisations/{organisation.id}/members/{membership.id}/remove")

    assert colleague_client.get(f"/organisations/{organisation.id}").status_code == 403
    assert not organisation.is_member(colleague)


def test_a_member_can_leave(client):
    member = make_user()
    organisation = make_organisation(member=member)
    sign_in(client, member)
    membership = Membership.get(Membership.user == member)

    response = post(client, f"/organisations/{organisation.id}/members/{membership.id}/remove",
                    follow_redirects=True)

    assert f"You have left <bdi>{organisation.name}</bdi>." in text(response)
    assert client.get(f"/organisations/{organisation.id}").status_code == 403


def test_an_outsider_cannot_remove_members(client):
    organisation = make_organisation()
    membership = Membership.get(Membership.organisation == organisation)
    sign_in(client, make_user())

    response = post(client, f"/organisations/{organisation.id}/members/{membership.id}/remove")

    assert response.status_code == 403
    assert Membership.get_by_id(membership.id).removed_at is None


def test_signing_the_pledge_publicly_lists_the_organisation(client):
    member = make_user()
    organisation = make_organisation(member=member, name="Pledged Bakery")
    sign_in(client, member)

    refused = post(client, f"/organisations/{organisation.id}/pledge", {"public": "yes"})
    signed = post(client, f"/organisations/{organisation.id}/pledge",
                  {"agree": "y", "public": "yes"}, follow_redirects=True)

    assert "Tick the box to sign the pledge" in text(refused)
    assert "<bdi>Pledged Bakery</bdi> has signed the pledge. Thank you." in text(signed)
    assert "<strong><bdi>Pledged Bakery</bdi></strong>" in text(client.get("/supporters"))


def test_a_private_signature_is_not_listed(client):
    member = make_user()
    organisation = make_organisation(member=member, name="Quiet Bakery")
    sign_in(client, member)

    post(client, f"/organisations/{organisation.id}/pledge", {"agree": "y", "public": "no"},
         follow_redirects=True)

    assert PledgeSignature.get().public is False
    assert "Quiet Bakery" not in text(client.get("/supporters"))


def test_the_pledge_is_shown_in_the_readers_language_or_marked_english(client):
    member = make_user()
    organisation = make_organisation(member=member)
    sign_in(client, member)

    arabic = text(client.get(f"/organisations/{organisation.id}/pledge?lang=ar"))
    make_pledge_text({"en": "A new English-only wording."})
    fallback = text(client.get(f"/organisations/{organisation.id}/pledge?lang=uk"))

    assert '<blockquote class="pledge" lang="ar" dir="auto">نتعهّد' in arabic
    assert '<blockquote class="pledge" lang="en" dir="auto">A new English-only wording.' in fallback


def test_an_organisation_keeps_the_wording_it_signed(client):
    member = make_user()
    organisation = make_organisation(member=member)
    sign_in(client, member)
    post(client, f"/organisations/{organisation.id}/pledge", {"agree": "y", "public": "no"})

    make_pledge_text({"en": "Reworded pledge."})
    page = text(client.get(f"/organisations/{organisation.id}/pledge?lang=en"))

    assert "Reworded pledge." not in page
    assert re.search(r"We pledge to help make Lewisham", page)


def test_dashboard_lists_your_organisations(client):
    member = make_user()
    organisation = make_organisation(member=member, name="Listed Bakery")
    sign_in(client, member)

    assert (f'<a href="/organisations/{organisation.id}"><bdi>Listed Bakery</bdi></a>'
            in text(client.get("/dashboard")))


def test_a_new_person_is_told_what_the_award_asks_and_offered_the_criteria(client):
    sign_in(client, make_user())

    page = text(client.get("/dashboard"))

    part = page[page.index("<h2>Your organisations</h2>"):page.index('<ul class="cards">')]
    assert re.findall(r"<p>([^<]+)</p>", part) == [
        "The Sanctuary Award asks your organisation to show how it learns about sanctuary, makes "
        "welcome part of how it works, and shares what it does: for each criterion, what you do "
        "already, what you will do next, and evidence such as a training record or a newsletter.",
        "Take as long as you need: your answers save as you type, colleagues you invite can help, "
        "and you send it when a round is open. A panel then reads it, and an award lasts three "
        "years."]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', part) == [
        ("/award-criteria", "Read the award criteria"),
        ("/organisations/new", "Register an organisation")]


def test_a_member_of_an_organisation_is_not_told_again(client):
    member = make_user()
    make_organisation(member=member)
    sign_in(client, member)

    page = text(client.get("/dashboard"))

    assert "Read the award criteria" not in page
    assert "Register an organisation" in page


def test_a_colleagues_spent_invitation_says_to_ask_them_or_sign_in(app):
    member = make_user()
    organisation = make_organisation(member=member)
    inviter = app.test_client()
    sign_in(inviter, member)
    post(inviter, f"/organisations/{organisation.id}/members", {"email": "twice@example.org"})
    link = path_of(last_link_to("twice@example.org"))
    post(app.test_client(), link)

    again = app.test_client().get(link)

    assert again.status_code == 410
    assert ("If the invitation has run out, ask the colleague who invited you to send a new one."
            in text(again))
    assert '<a href="/sign-in">Ask for a new sign-in link</a>' in text(again)
    assert "password reset" not in text(again)


def test_member_invitations_are_limited_per_person_and_per_organisation(make_app, sqlite_url):
    app = make_app(sqlite_url, RATELIMIT_INVITATIONS_PER_PERSON="3 per hour",
                   RATELIMIT_INVITATIONS_PER_ORGANISATION="4 per day")
    member, colleague = make_user(), make_user()
    organisation = make_organisation(member=member)
    make_membership(organisation, colleague)
    url = f"/organisations/{organisation.id}/members"
    clients = {}
    for person in (member, colleague):
        clients[person] = app.test_client()
        sign_in(clients[person], person)

    def invite(person, n):
        return post(clients[person], url, {"email": f"friend{n}@example.org"})

    by_member = [invite(member, n).status_code for n in range(4)]  # the 4th: their own limit
    by_colleague = [invite(colleague, n).status_code for n in range(4, 6)]  # the 6th: the org's

    assert (by_member, by_colleague) == ([302, 302, 302, 200], [302, 200])
    refused = invite(colleague, 6)
    assert "You have sent as many invitations as you can for now." in text(refused)
    assert 'value="friend6@example.org"' in text(refused)
    assert OutboxMessage.select().count() == 4


def test_a_staff_member_invited_as_a_colleague_must_sign_in_with_their_password(app):
    member = make_user()
    organisation = make_organisation(member=member)
    reviewer = make_user(email="reviewer@example.org", roles=[Role.REVIEWER], password="r" * 12)
    inviter = app.test_client()
    sign_in(inviter, member)
    post(inviter, f"/organisations/{organisation.id}/members", {"email": reviewer.email})
    link = path_of(last_link_to(reviewer.email))
    stranger = app.test_client()  # whoever has the link: the link alone must not sign them in

    opened = stranger.get(link)

    assert opened.status_code == 302
    assert opened.headers["Location"].startswith("/staff/sign-in?next=")
    assert stranger.get("/panel/assignments").status_code == 302  # not signed in
    assert not organisation.is_member(reviewer)


def test_a_new_invitation_replaces_the_one_sent_before_to_the_same_person(app):
    member = make_user()
    organisation = make_organisation(member=member)
    services.invite_member(organisation, "twice@example.org", by=member, locale="en")
    first = path_of(last_link_to("twice@example.org")).rsplit("/", 1)[1]
    services.invite_member(organisation, "twice@example.org", by=member, locale="en")
    second = path_of(last_link_to("twice@example.org")).rsplit("/", 1)[1]

    assert (usable_invitation(first), usable_invitation(second)) == (
        None, Invitation("twice@example.org", organisation))


def test_a_removed_member_cannot_come_back_with_an_invitation_held_or_sent(app):
    member, colleague = make_user(), make_user(email="colleague@example.org")
    organisation = make_organisation(member=member)
    other = make_organisation(member=make_user())
    make_membership(organisation, colleague)
    services.invite_member(organisation, colleague.email, by=member, locale="en")
    held = path_of(last_link_to(colleague.email)).rsplit("/", 1)[1]
    services.invite_member(other, colleague.email, by=member, locale="en")
    elsewhere = path_of(last_link_to(colleague.email)).rsplit("/", 1)[1]
    services.invite_member(organisation, "friend@example.org", by=colleague, locale="en")
    sent = path_of(last_link_to("friend@example.org")).rsplit("/", 1)[1]

    services.remove_member(Membership.get(Membership.user == colleague), by=member)

    assert (usable_invitation(held), usable_invitation(sent)) == (None, None)
    assert usable_invitation(elsewhere) == Invitation(colleague.email, other)
    assert services.accept_member_invitation(held) is None
    assert not organisation.is_member(colleague)
