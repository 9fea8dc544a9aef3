"""A service's results for coordinators: each campaign's latest accepted check against each good
practice (never who checked, when or how), follow-up in the service's trail, publishing a result
by name once its campaign is closed, and the PDF letter to the practice. Coordinators only."""
import datetime
import re
import uuid

import pytest

from sanctuary.accounts.models import Role
from sanctuary.checks import services
from sanctuary.checks.models import Campaign, FollowUp, Publication, Question
from sanctuary.checks.services import follow_up
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today, moved
from tests.factories import make_campaign, make_check, make_organisation, make_service, make_user
from tests.support.client import csrf_token, date_fields, plain, post, sign_in, text
from tests.support.files import pdf_text_and_fonts

D = datetime.date
TODAY = D(2027, 4, 10)
LABELS = {"met": "Met", "not_met": "Not met", "not_known": "Not known"}
GOOD = {"yes": "Yes", "no": "No"}
# What the checker said in the spring: not met, met, not known, met, met (3 out of 5).
SPRING = {"asked_id": "yes", "asked_address": "no", "paper_form": "not_sure",
          "interpreter": "yes", "asked_status": "no", "poster": "no"}
AUTUMN = {"asked_id": "no", "asked_address": "yes", "paper_form": "yes", "interpreter": "yes",
          "asked_status": "no", "poster": "yes"}
# The checker's own details, which no result may show.
ALIAS, NOTES, VISITED = "Sunflower", "The receptionist, Jo, was kind", D(2027, 3, 17)


@pytest.fixture
def today():
    """The clock on 10 April 2027, after the spring campaign."""
    with moved(days=(TODAY - london_today()).days):
        yield TODAY


def opened(**fields):
    campaign = make_campaign(**fields)
    services.open_campaign(campaign, by=None)
    return Campaign.get_by_id(campaign.id)


def closed(campaign):
    services.close_campaign(campaign, by=None)
    return Campaign.get_by_id(campaign.id)


def surgery():
    return make_service("Larkspur Lane Surgery", "SE6 2RP", address="212 Bromley Road")


def expected_rows(campaign, answers):
    """(wording, good answer, verdict) of each scored question, worked out from the answers."""
    points = dict(services.scoring_rule(campaign).points)
    rows = []
    for question in Question.select().where(Question.campaign == campaign).order_by(
            Question.position):
        if question.key not in points:
            continue
        given = answers[question.key]
        verdict = ("not_known" if given == "not_sure" else
                   "met" if given == points[question.key] else "not_met")
        rows.append((services.current_wording(question).text["en"], GOOD[question.good],
                     LABELS[verdict]))
    return rows


def sections(page):
    """[(campaign heading, its score, [table row text])] of the results page, in page order."""
    found = []
    for section in re.findall(r"<section[^>]*>(.*?)</section>", page, re.S):
        heading = plain(re.search(r"<h2[^>]*>(.*?)</h2>", section, re.S).group(1))
        score = re.search(r"Score: \d+ out of \d+", plain(section)).group(0)
        body = re.search(r"<tbody>(.*?)</tbody>", section, re.S).group(1)
        found.append((heading, score, [plain(row) for row in re.findall(r"<tr>(.*?)</tr>", body,
                                                                        re.S)]))
    return found


def expected_section(campaign, answers):
    rows = expected_rows(campaign, answers)
    met = sum(1 for _wording, _good, verdict in rows if verdict == "Met")
    return (campaign.title["en"], f"Score: {met} out of {len(rows)}",
            [" ".join(row) for row in rows])


def errors_in(page):
    summary = page.split('class="error-summary__list"')[1].split("</ul>")[0]
    return [plain(message) for message in re.findall(r'<a href="#[^"]+">(.*?)</a>', summary)]


def follow_up_form(day, **overrides):
    return {"kind": "letter", **date_fields("done_on", day), "campaign": "",
            "note": "Sent to the practice manager", "form_key": uuid.uuid4().hex, **overrides}


def results_url(service):
    return f"/coordinate/checks/services/{service.id}/results"


# ---------------------------------------------------------------------------- the page

def test_each_campaign_shows_its_latest_accepted_checks_verdicts_newest_first(staff):
    autumn = opened(title={"en": "GP surgeries, autumn"}, starts_on=D(2026, 10, 1),
                    ends_on=D(2026, 10, 31))
    service = surgery()
    make_check(autumn, service, AUTUMN, visited_on=D(2026, 10, 5))
    autumn = closed(autumn)
    spring = opened()
    make_check(spring, service, AUTUMN, visited_on=D(2027, 3, 3))
    make_check(spring, service, SPRING, visited_on=VISITED)  # the latest accepted: it counts
    make_check(spring, service, AUTUMN, visited_on=D(2027, 3, 20), accepted=False)
    make_check(spring, make_service("Old Kiln Surgery"), AUTUMN)  # another service's

    page = text(staff.get(results_url(service)))

    assert sections(page) == [expected_section(spring, SPRING),
                              expected_section(autumn, AUTUMN)]
    assert [section[1] for section in sections(page)] == ["Score: 3 out of 5",
                                                          "Score: 4 out of 5"]


def test_the_page_shows_no_checkers_alias_visit_date_notes_or_channel(staff):
    campaign = opened()
    service = surgery()
    make_check(campaign, service, SPRING, alias=ALIAS, visited_on=VISITED, notes=NOTES)

    page = plain(text(staff.get(results_url(service))))

    assert "Did staff ask you for photo ID? No Not met" in page
    for detail in (ALIAS, NOTES, "17 March 2027", "In person", "2027-03-17"):
        assert detail not in page


def test_a_service_with_no_accepted_check_says_so(staff):
    campaign = opened()
    service = surgery()
    make_check(campaign, service, SPRING, accepted=False)

    page = text(staff.get(results_url(service)))

    assert sections(page) == []
    assert "No accepted checks of this service yet." in plain(page)


# ---------------------------------------------------------------------------- follow-up

def test_a_follow_up_is_listed_and_in_the_services_trail_with_its_date(today, staff):
    campaign = opened()
    service = surgery()
    make_check(campaign, service, SPRING)

    response = post(staff, f"/coordinate/checks/services/{service.id}/follow-up",
                    follow_up_form(D(2027, 4, 3), campaign=str(campaign.id)))
    results = plain(text(staff.get(results_url(service))))
    trail = plain(text(staff.get(f"/coordinate/checks/services/{service.id}/edit")))

    assert response.headers["Location"] == f"{results_url(service)}#follow-up"
    done = FollowUp.get()
    assert (done.kind, done.done_on, done.campaign_id, done.note) == (
        "letter", D(2027, 4, 3), campaign.id, "Sent to the practice manager")
    assert ("Letter sent · 3 April 2027 · GP surgeries, spring" in results
            and "Sent to the practice manager" in results)
    assert "Letter sent · 3 April 2027" in trail
    assert [(e.kind, e.detail["on"]) for e in AuditEvent.select().where(
        AuditEvent.subject_kind == "service", AuditEvent.kind == "service.letter_sent")] == [
        ("service.letter_sent", "2027-04-03")]


@pytest.mark.parametrize("problem", ["future", "no kind"])
def test_a_day_to_come_or_no_kind_is_refused_and_what_was_typed_stays(today, staff, problem):
    service = surgery()
    form = follow_up_form(TODAY + datetime.timedelta(days=1) if problem == "future"
                          else D(2027, 4, 3))
    if problem == "no kind":
        del form["kind"]

    page = text(post(staff, f"/coordinate/checks/services/{service.id}/follow-up", form))

    assert errors_in(page) == (["The date must be today or in the past"] if problem == "future"
                               else ["Choose what was done"])
    day = "11" if problem == "future" else "3"
    for typed in (f'name="done_on-day" type="text" inputmode="numeric" value="{day}"',
                  'value="2027"', "Sent to the practice manager"):
        assert typed in page
    if problem == "future":
        assert re.search(r'value="letter"[^>]*checked|checked[^>]*value="letter"', page)
    assert FollowUp.select().count() == 0


def test_the_same_follow_up_form_sent_twice_records_it_once(today, staff):
    service = surgery()
    form = follow_up_form(D(2027, 4, 3), kind="meeting")

    answers = [post(staff, f"/coordinate/checks/services/{service.id}/follow-up", form)
               for _ in range(2)]

    assert [a.status_code for a in answers] == [302, 302]
    assert FollowUp.select().count() == 1
    assert AuditEvent.select().where(AuditEvent.kind == "service.meeting_held").count() == 1


# ---------------------------------------------------------------------------- publishing

def test_publishing_is_refused_while_the_campaign_is_open_and_done_once_when_closed(staff):
    campaign = opened()
    service = surgery()
    make_check(campaign, service, SPRING)
    url = f"/coordinate/checks/services/{service.id}/campaigns/{campaign.id}/publish"

    refused = plain(text(post(staff, url, follow_redirects=True)))
    open_count = Publication.select().count()
    closed(campaign)
    answers = [post(staff, url) for _ in range(2)]
    page = plain(text(staff.get(results_url(service))))

    assert "A result can be published only once its campaign is closed" in refused
    assert open_count == 0
    assert [a.status_code for a in answers] == [302, 302]
    assert [(p.service_id, p.campaign_id) for p in Publication.select()] == [
        (service.id, campaign.id)]
    assert AuditEvent.select().where(AuditEvent.kind == "service.result_published").count() == 1
    assert "Take off the public page" in page and "Publish this result" not in page


def test_a_service_with_no_accepted_report_in_the_campaign_cannot_be_published(app):
    campaign = opened()
    service = surgery()
    make_check(campaign, service, SPRING, accepted=False)
    campaign = closed(campaign)

    with pytest.raises(follow_up.PublishRefused):
        follow_up.publish(service, campaign, by=None)
    assert Publication.select().count() == 0


def test_a_published_result_is_taken_off_the_public_page(staff):
    campaign = opened()
    service = surgery()
    make_check(campaign, service, SPRING)
    campaign = closed(campaign)
    follow_up.publish(service, campaign, by=None)

    post(staff, f"/coordinate/checks/services/{service.id}/campaigns/{campaign.id}/unpublish")
    page = plain(text(staff.get(results_url(service))))

    assert Publication.select().count() == 0
    assert AuditEvent.select().where(
        AuditEvent.kind == "service.result_unpublished").count() == 1
    assert "Publish this result" in page


# ---------------------------------------------------------------------------- the letter

def test_the_letter_holds_the_findings_and_the_nhs_rule_and_no_checkers_detail(staff):
    campaign = opened()
    service = surgery()
    make_check(campaign, service, SPRING, alias=ALIAS, visited_on=VISITED, notes=NOTES)

    response = staff.get(f"/coordinate/checks/services/{service.id}/campaigns/{campaign.id}"
                         "/letter.pdf")
    _pages, letter, _fonts = pdf_text_and_fonts(response.data)
    lines = " ".join(letter.split())

    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    for wanted in ("The Practice Manager", "Larkspur Lane Surgery", "212 Bromley Road",
                   "SE6 2RP", "GP surgeries, spring", "Score: 3 out of 5",
                   "Anyone in England can register with a GP practice",
                   "in writing within 14 days"):
        assert wanted in lines
    for wording, good, verdict in expected_rows(campaign, SPRING):
        assert f"{wording} {good} {verdict}" in lines
    for detail in (ALIAS, NOTES, "17 March 2027", "In person", "2027-03-17"):
        assert detail not in lines


def test_no_letter_for_a_campaign_without_an_accepted_check(staff):
    campaign = opened()
    service = surgery()
    make_check(campaign, service, SPRING, accepted=False)

    response = staff.get(f"/coordinate/checks/services/{service.id}/campaigns/{campaign.id}"
                         "/letter.pdf")

    assert response.status_code == 404


# ---------------------------------------------------------------------------- who may

@pytest.mark.parametrize("visitor", ["anonymous", "member", "reviewer"])
def test_nobody_but_coordinators_gets_in(app, visitor):
    campaign = opened()
    service = surgery()
    make_check(campaign, service, SPRING)
    campaign = closed(campaign)
    client = app.test_client()
    if visitor == "member":
        sign_in(client, make_organisation().active_members()[0].user)
    elif visitor == "reviewer":
        sign_in(client, make_user(roles=[Role.REVIEWER], password="r" * 12))
    base = f"/coordinate/checks/services/{service.id}"
    gets = [f"{base}/results", f"{base}/campaigns/{campaign.id}/letter.pdf"]
    posts = [(f"{base}/follow-up", follow_up_form(D(2026, 11, 3))),
             (f"{base}/campaigns/{campaign.id}/publish", {}),
             (f"{base}/campaigns/{campaign.id}/unpublish", {})]
    token = csrf_token(client)

    answers = [client.get(url) for url in gets] + [
        client.post(url, data={"csrf_token": token, **data}) for url, data in posts]

    if visitor == "anonymous":
        assert [a.headers.get("Location", "").split("?")[0] for a in answers] == \
            ["/sign-in"] * len(answers)
    else:
        assert [a.status_code for a in answers] == [403] * len(answers)
    assert (FollowUp.select().count(), Publication.select().count()) == (0, 0)
