"""Campaigns of checks: created with the Safe Surgeries questions, their questions reworded
(a new version), moved, retired; scoring fixed once open; the code and who may see any of it."""
import datetime

import pytest

from sanctuary.checks import services
from sanctuary.checks.models import (
    Answer,
    Campaign,
    CampaignState,
    CheckBooking,
    CheckSlot,
    Question,
    QuestionWording,
    Service,
)
from sanctuary.checks.queries import campaigns_with_progress
from tests.factories import make_campaign
from tests.support.client import date_fields, fresh, plain, post, text
from tests.support.outsiders import met_by, outsiders

D = datetime.date


def current_questions(campaign):
    return list(Question.select().where((Question.campaign == campaign)
                                        & Question.retired_at.is_null())
                .order_by(Question.position))


def test_a_new_campaign_has_the_six_questions_scored_out_of_five(app):
    campaign = make_campaign()

    rule = services.scoring_rule(campaign)
    answers = {"asked_id": Answer.NO, "asked_address": Answer.YES, "paper_form": Answer.YES,
               "interpreter": Answer.NOT_SURE, "asked_status": Answer.NO, "poster": Answer.NO}
    assert [(q.key, q.good) for q in current_questions(campaign)] == [
        ("asked_id", "no"), ("asked_address", "no"), ("paper_form", "yes"),
        ("interpreter", "yes"), ("asked_status", "no"), ("poster", None)]
    assert (rule.out_of, services.score(rule, answers)) == (5, 3)
    assert campaign.state == CampaignState.DRAFT
    assert services.same_scoring(campaign, make_campaign())


def test_a_coordinator_creates_a_campaign_from_the_form(staff):
    response = post(staff, "/coordinate/checks/campaigns/new", {
        "title_en": "Council desks", **date_fields("starts_on", D(2027, 5, 1)),
        **date_fields("ends_on", D(2027, 5, 31)), "briefing_en": "Be calm.",
        "script_en": "I need help with housing.", "script_ar": "أحتاج إلى مساعدة في السكن."})

    campaign = Campaign.get()
    assert response.headers["Location"] == f"/coordinate/checks/campaigns/{campaign.id}"
    assert (campaign.title, campaign.script["ar"]) == ({"en": "Council desks", "ar": "",
                                                        "uk": ""}, "أحتاج إلى مساعدة في السكن.")
    assert "Council desks" in plain(text(staff.get("/coordinate/checks")))


def test_failed_validation_keeps_what_was_typed(staff):
    response = post(staff, "/coordinate/checks/campaigns/new", {
        "title_en": "Council desks", **date_fields("starts_on", D(2027, 5, 31)),
        **date_fields("ends_on", D(2027, 5, 1)), "script_en": "",
        "briefing_en": "Be calm and polite."})

    page = text(response)
    assert response.status_code == 200
    assert Campaign.select().count() == 0
    assert "The last day must be the same as the first or after it" in plain(page)
    assert 'value="Council desks"' in page
    assert "Be calm and polite." in page


def test_the_list_shows_progress_checked_of_planned(staff):
    campaign = make_campaign()
    service = Service.create(name="Riverside Surgery", postcode="SE6 4RU")
    slot = CheckSlot.create(campaign=campaign, service=service, first_day=D(2027, 3, 2),
                            last_day=D(2027, 3, 2), capacity=3)
    CheckSlot.create(campaign=campaign, service=service, first_day=D(2027, 3, 3),
                     last_day=D(2027, 3, 3), capacity=4, withdrawn_at=datetime.datetime(2027, 1, 1))
    for n, state in enumerate(["reported", "booked", "cancelled"]):
        CheckBooking.create(slot=slot, alias=f"Checker {n}", reference=f"REF-{n}", state=state)

    assert [(c.checked, c.planned) for c in campaigns_with_progress()] == [(1, 3)]
    assert "1 checked of 3 planned" in plain(text(staff.get("/coordinate/checks")))


def test_a_question_shows_in_arabic_with_english_marked_where_missing(staff):
    campaign = make_campaign()
    services.add_question(campaign, texts={"en": "Were you offered a seat?"}, good="yes",
                          scored=False, by=None)

    page = plain(text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}?lang=ar")))
    assert "هل طلب منك الموظفون هوية تحمل صورة؟" in page
    assert "Were you offered a seat?" in page
    # Marked as English: the title, the briefing and the added question (the script has Arabic).
    assert page.count("Were you offered a seat? بالإنجليزية") == 1
    assert page.count("بالإنجليزية") == 3
    assert "لقد انتقلت للتو إلى المنطقة." in page and "I have just moved into the area." in page


def test_rewording_adds_a_version_and_a_report_made_before_keeps_its_wording(staff):
    campaign = make_campaign()
    question = current_questions(campaign)[0]
    first = QuestionWording.get(question=question, version=1)

    response = post(staff, f"/coordinate/checks/questions/{question.id}/reword",
                    {"wording_en": "Were you asked for any ID?"})

    assert response.status_code == 302
    assert QuestionWording.get_by_id(first.id).text["en"] == "Did staff ask you for photo ID?"
    assert (services.current_wording(question).version,
            services.current_wording(question).text["en"]) == (2, "Were you asked for any ID?")
    assert "Were you asked for any ID?" in plain(
        text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}")))


def test_questions_move_up_and_down(staff):
    campaign = make_campaign()
    second = current_questions(campaign)[1]

    post(staff, f"/coordinate/checks/questions/{second.id}/up")
    after_up = [q.key for q in current_questions(campaign)][:3]
    post(staff, f"/coordinate/checks/questions/{second.id}/down")

    assert after_up == ["asked_address", "asked_id", "paper_form"]
    assert [q.key for q in current_questions(campaign)][:3] == [
        "asked_id", "asked_address", "paper_form"]


def test_a_question_is_retired_and_restored(staff):
    campaign = make_campaign()
    poster = Question.get(campaign=campaign, key="poster")

    post(staff, f"/coordinate/checks/questions/{poster.id}/retire")
    retired = [q.key for q in current_questions(campaign)]
    post(staff, f"/coordinate/checks/questions/{poster.id}/restore")

    assert "poster" not in retired and len(retired) == 5
    assert [q.key for q in current_questions(campaign)][-1] == "poster"


def test_scoring_cannot_change_once_the_campaign_is_open(staff, coordinator):
    campaign = services.open_campaign(make_campaign(), by=coordinator)
    asked_id = Question.get(campaign=campaign, key="asked_id")
    poster = Question.get(campaign=campaign, key="poster")

    response = post(staff, f"/coordinate/checks/questions/{asked_id.id}/retire",
                    follow_redirects=True)
    post(staff, f"/coordinate/checks/questions/{asked_id.id}/unscore")
    added = post(staff, f"/coordinate/checks/campaigns/{campaign.id}/questions",
                 {"wording_en": "Was the door open?", "good": "yes", "scored": "y"})
    with pytest.raises(services.CampaignRefused):
        services.set_scored(poster, scored=True, by=coordinator)

    assert "cannot be retired" in plain(text(response))
    assert fresh(asked_id).retired_at is None
    assert services.scoring_rule(fresh(campaign)).out_of == 5
    assert added.status_code == 200
    assert 'value="Was the door open?"' in text(added)
    assert Question.select().where(Question.campaign == campaign).count() == 6


def test_changing_the_code_stops_the_old_one(staff, coordinator):
    campaign = services.open_campaign(make_campaign(), by=coordinator)
    old = campaign.code

    found_before = services.campaign_for_code(old.lower().replace("-", " "))
    post(staff, f"/coordinate/checks/campaigns/{campaign.id}/code")
    new = fresh(campaign).code

    assert found_before == campaign
    assert new != old
    assert services.campaign_for_code(old) is None
    assert services.campaign_for_code(new) == campaign
    assert services.campaign_for_code("not a code") is None


def test_a_draft_campaigns_code_finds_nothing(app):
    campaign = make_campaign()

    assert services.campaign_for_code(campaign.code) is None


def test_opening_and_closing_from_the_page(staff):
    campaign = make_campaign()

    post(staff, f"/coordinate/checks/campaigns/{campaign.id}/open")
    opened = fresh(campaign).state
    post(staff, f"/coordinate/checks/campaigns/{campaign.id}/close")
    closed = fresh(campaign).state
    post(staff, f"/coordinate/checks/campaigns/{campaign.id}/reopen")

    assert (opened, closed, fresh(campaign).state) == ("open", "closed", "open")


def test_only_coordinators_get_in(app):
    campaign = make_campaign()
    question = current_questions(campaign)[0]
    urls = ["/coordinate/checks", f"/coordinate/checks/campaigns/{campaign.id}",
            "/coordinate/checks/campaigns/new", f"/coordinate/checks/campaigns/{campaign.id}/edit",
            f"/coordinate/checks/questions/{question.id}/reword"]
    anonymous, organisation, reviewer = outsiders(app)

    to_sign_in, refused = met_by(urls, anonymous, organisation, reviewer)
    posted = (post(organisation, f"/coordinate/checks/campaigns/{campaign.id}/code").status_code,
              post(reviewer, f"/coordinate/checks/campaigns/{campaign.id}/open").status_code)

    assert to_sign_in == dict.fromkeys(urls, "/sign-in")
    assert refused == dict.fromkeys(urls, (403, 403))
    assert posted == (403, 403)
    assert (fresh(campaign).code, fresh(campaign).state) == (campaign.code, "draft")
