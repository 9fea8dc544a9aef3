import datetime
import re

from sanctuary.accounts.models import Role
from sanctuary.panel import services
from sanctuary.panel.models import ReviewerProfile
from tests.factories import make_reviewer as make_pool_reviewer, make_user
from tests.support.client import csrf_token, date_fields, sign_in, text


def make_reviewer(**overrides):
    return make_user(roles=[Role.REVIEWER], password="r" * 12, **overrides)


def coordinator(client):
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    return client


def test_coordinator_records_languages_and_consented_lived_experience(client):
    reviewer = make_reviewer(display_name="Rafi Reviewer")
    coordinator(client)
    url = f"/coordinate/reviewers/{reviewer.id}"

    response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                      "languages": ["ar", "en"], "consent": "y",
                                      "lived_experience": "y"}, follow_redirects=True)

    profile = ReviewerProfile.get(ReviewerProfile.user == reviewer)
    assert (profile.languages, profile.lived_experience) == (["ar", "en"], True)
    assert profile.consent_given_at is not None
    assert '<td id="reviewer-' in text(response) and "Rafi Reviewer" in text(response)


def test_lived_experience_without_consent_is_refused_and_kept_as_typed(client):
    reviewer = make_reviewer()
    coordinator(client)
    url = f"/coordinate/reviewers/{reviewer.id}"

    response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                      "languages": ["uk"], "lived_experience": "y"})

    assert "Record lived experience only if they have agreed to it" in text(response)
    assert re.search(r'<input checked id="languages-\d+" name="languages" '
                     r'type="checkbox" value="uk">',
                     text(response))
    assert ReviewerProfile.select().count() == 0


def test_a_reviewer_sees_their_record_and_can_withdraw_it(client):
    reviewer = make_reviewer()
    services.record_reviewer(reviewer, languages=["ar"], consent=True, lived_experience=True)
    sign_in(client, reviewer)

    page = text(client.get("/panel/profile"))
    client.post("/panel/profile/lived-experience/withdraw",
                data={"withdraw-csrf_token": csrf_token(client, "/panel/profile")})

    assert "Recorded, with your agreement: yes" in page
    profile = ReviewerProfile.get(ReviewerProfile.user == reviewer)
    assert (profile.lived_experience, profile.consent_given_at) == (False, None)
    assert "Nothing recorded" in text(client.get("/panel/profile"))


def test_other_reviewers_never_see_a_colleagues_lived_experience(app):
    colleague = make_reviewer(display_name="Private Person")
    services.record_reviewer(colleague, languages=["en"], consent=True, lived_experience=True)
    client = app.test_client()
    sign_in(client, make_reviewer())

    assert client.get("/coordinate/reviewers").status_code == 403
    assert client.get(f"/coordinate/reviewers/{colleague.id}").status_code == 403
    own = text(client.get("/panel/profile"))
    assert "Private Person" not in own and "Recorded, with your agreement: yes" not in own


def test_a_reviewer_pauses_themselves(client):
    reviewer = make_reviewer()
    sign_in(client, reviewer)

    client.post("/panel/profile", data={"csrf_token": csrf_token(client, "/panel/profile"),
                                        **date_fields("paused_until",
                                                      datetime.date(2099, 1, 31))})

    profile = ReviewerProfile.get(ReviewerProfile.user == reviewer)
    assert profile.is_paused(datetime.date(2098, 12, 1))
    assert not profile.is_paused(datetime.date(2099, 2, 1))


def test_a_reviewers_pause_with_a_wrong_date_is_refused_and_kept_as_typed(client):
    reviewer = make_reviewer()
    sign_in(client, reviewer)

    response = client.post("/panel/profile", data={
        "csrf_token": csrf_token(client, "/panel/profile"), "paused_until-day": "31",
        "paused_until-month": "2", "paused_until-year": "2099"})

    page = text(response)
    assert ('<li><a href="#paused_until-day">Not available until must be a real date</a></li>'
            in page)
    assert ('class="field__input date-input__input date-input__input--day '
            'date-input__input--error" id="paused_until-day" name="paused_until-day" type="text" '
            'inputmode="numeric" value="31" aria-invalid="true">') in page
    profile = ReviewerProfile.get_or_none(ReviewerProfile.user == reviewer)
    assert profile is None or profile.paused_until is None


def test_coordinators_see_until_when_a_reviewer_is_paused(client):
    make_pool_reviewer("Pat Paused", paused_until=datetime.date(2099, 1, 31))
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    assert "From 31 January 2099" in text(client.get("/coordinate/reviewers"))


def test_applicants_cannot_reach_the_pool(client):
    sign_in(client, make_user())

    assert client.get("/panel/profile").status_code == 403
    assert client.get("/coordinate/reviewers").status_code == 403
