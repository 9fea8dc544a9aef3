"""Decisions: drafting from the reviewers' suggestions, preview and send, further evidence,
awards, the certificate and logo, the directory, renewals and reminders."""
import datetime
import html
import io
import os
import re

import pytest
from flask_babel import force_locale, gettext

from sanctuary.accounts.models import Role
from sanctuary.awards import services as awards
from sanctuary.awards.models import (
    Answer,
    Application,
    ApplicationState,
    Award,
    Evidence,
)
from sanctuary.awards.queries import answer_rows, award_of, directory
from sanctuary.core import audit
from sanctuary.core.clock import london_today, moved
from sanctuary.core.outbox import OutboxMessage
from sanctuary.decisions import queries, services
from sanctuary.decisions.models import Decision
from sanctuary.panel.models import PanelEventKind, ReviewVerdict
from sanctuary.panel.queries import panel_matrix
from sanctuary.panel.services import (
    record_agreed,
    reopen_review,
    save_overall,
    save_verdict,
    submit_review,
)
from tests.factories import (
    criterion_ids,
    make_decision,
    make_membership,
    make_panel_member,
    make_reviewed_application,
    make_submitted_application,
    make_submitted_review,
    make_user,
)
from tests.support.client import date_fields, signed_in_client, text
from tests.support.files import PDF, pdf_text_and_fonts

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# ---------------------------------------------------------------------------- drafting and sending

def test_a_decision_starts_from_the_reviewers_suggestions_and_is_sent_once(app):
    application = make_reviewed_application()
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    client, token = signed_in_client(app, coordinator)
    first = criterion_ids(application)[0]

    page = text(client.get(f"/coordinate/applications/{application.id}/decision"))
    assert "Suggestion 0" in page and "Question 2?" in page  # pre-filled, for editing

    form = {"decision-csrf_token": token, "decision-outcome": "awarded",
            "decision-message": "Congratulations", "decision-rationale": "Unanimous",
            "action": "preview", f"f{first}-strengths": "Your welcome evenings"}
    saved = client.post(f"/coordinate/applications/{application.id}/decision", data=form)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/decision/preview")
    preview = text(client.get(f"/coordinate/applications/{application.id}/decision/preview"))
    assert "Your welcome evenings" in preview and "Unanimous" not in preview
    assert (Application.get_by_id(application.id).state
            == ApplicationState.UNDER_REVIEW)  # nothing sent yet

    for _ in range(2):  # a double click, or a retry: the second answers "sent" too
        client.post(f"/coordinate/applications/{application.id}/decision/send",
                    data={"send-csrf_token": token, "round": "1"})
    after = text(client.get(f"/coordinate/applications/{application.id}/decision"))
    assert after.count("has been sent") == 2 and "could not be sent" not in after

    application = Application.get_by_id(application.id)
    assert application.state == ApplicationState.AWARDED
    decision = Decision.get()
    assert decision.sent_by == coordinator and decision.sent_at is not None
    award = Award.get()
    assert award.expires_on == awards.years_later(award.awarded_on, 3)
    assert OutboxMessage.select().where(OutboxMessage.subject.contains("decision")).count() == 2


def prefilled(page, criterion_id):
    """What the decision form's three parts for a criterion start with."""
    def value(part):
        found = re.search(rf'<textarea [^>]*id="f{criterion_id}-{part}"[^>]*>(.*?)</textarea>',
                          page, re.S)
        return html.unescape(found.group(1)).strip()
    return {part: value(part) for part in ("strengths", "improvements", "questions")}


def test_the_draft_puts_each_suggestion_in_its_part_and_each_once(app):
    application = make_submitted_application()
    first, second = criterion_ids(application)[:2]
    said = [("Warm welcome at every event", "Train the volunteers", "Who leads this work?"),
            ("Warm welcome at every event", "Ask people seeking sanctuary what they need",
             "Who leads this work?"),
            ("Strong local partners", "", "Who leads this work?")]
    for n, (strengths, improvements, question) in enumerate(said):
        person = make_panel_member(application, f"Part Writer {n}")
        for cid in criterion_ids(application):
            written = ({"strengths": strengths, "feedback": improvements, "question": question}
                       if cid == first else {})
            save_verdict(application, cid, by=person, verdict="met", **written)
        save_overall(application, recommendation="award", summary="Fine", by=person)
        assert submit_review(application, by=person) == []
    # Written before it was trimmed on saving: compared trimmed all the same.
    ReviewVerdict.update(question="  Who leads this work?\n").where(
        ReviewVerdict.criterion == first, ReviewVerdict.question != "").execute()
    client, _ = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    page = text(client.get(f"/coordinate/applications/{application.id}/decision"))

    assert prefilled(page, first) == {
        "strengths": "Warm welcome at every event\n\nStrong local partners",
        "improvements": "Train the volunteers\n\nAsk people seeking sanctuary what they need",
        "questions": "Who leads this work?"}
    assert prefilled(page, second) == {"strengths": "", "improvements": "", "questions": ""}


def test_the_decision_goes_to_every_member_and_the_contact_in_their_language(app):
    application = make_reviewed_application("uk")
    colleague = make_user(language="ar")
    make_membership(application.organisation, colleague)

    make_decision(application, "not_awarded")

    sent = {m.recipient: m for m in OutboxMessage.select().where(
        OutboxMessage.subject.contains("SA-") & ~OutboxMessage.subject.contains("panel"))}
    creator = application.created_by
    assert set(sent) == {creator.email, colleague.email, "contact@example.org"}
    assert sent[colleague.email].locale == "ar" and sent["contact@example.org"].locale == "uk"
    with force_locale("ar"):
        assert gettext("Not yet awarded") in sent[colleague.email].body_text


def test_further_evidence_needs_a_request_a_later_date_and_a_criterion(app):
    application = make_reviewed_application()
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    draft = services.save_draft(application, by=coordinator, outcome="further_evidence",
                                message="", rationale="", evidence_request="", evidence_due=None,
                                feedback={})

    assert {p.anchor for p in queries.problems(draft)} == {
        "decision-evidence_request", "decision-evidence_due-day", "feedback"}
    with pytest.raises(services.DecisionRefused):
        services.send_decision(application, by=coordinator)
    assert Application.get_by_id(application.id).state == ApplicationState.UNDER_REVIEW


def half_reviewed():
    """A submitted application whose panel of three has two reviews in, and the third not."""
    application = make_submitted_application()
    for n in range(3):
        person = make_panel_member(application, f"Half Way {n}", lived=n == 0)
        if n < 2:
            make_submitted_review(application, person)
    return Application.get_by_id(application.id)


def draft_award(client, token, application):
    response = client.post(f"/coordinate/applications/{application.id}/decision",
                           data={"decision-csrf_token": token, "decision-outcome": "awarded",
                                 "decision-message": "Congratulations", "action": "preview"})
    assert response.status_code == 302


CONFIRM = "Confirm that you want to send the decision before every review is in"


def test_sending_before_every_review_is_in_needs_confirmation_and_the_trail_says_so(app):
    application = half_reviewed()
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    client, token = signed_in_client(app, coordinator)
    url = f"/coordinate/applications/{application.id}/decision"
    draft_award(client, token, application)

    decision_page = text(client.get(url))
    preview = text(client.get(f"{url}/preview"))
    refused = client.post(f"{url}/send", data={"send-csrf_token": token, "round": "1"})

    assert "Reviews submitted: 2 of 3" in decision_page and "Reviews submitted: 2 of 3" in preview
    assert 'name="send-before_all_reviews"' in preview
    assert refused.status_code == 400
    assert text(refused).count(CONFIRM) == 2  # in the error summary and at the checkbox
    assert 'href="#send-before_all_reviews"' in text(refused)
    assert Application.get_by_id(application.id).state == ApplicationState.UNDER_REVIEW
    assert Decision.get().sent_at is None and Award.select().count() == 0
    assert not OutboxMessage.select().where(OutboxMessage.subject.contains("decision")).exists()

    for _ in range(2):  # a double click sends once, and is recorded once
        client.post(f"{url}/send", data={"send-csrf_token": token, "round": "1",
                                         "send-before_all_reviews": "y"})

    assert Application.get_by_id(application.id).state == ApplicationState.AWARDED
    assert Award.select().count() == 1
    trail = [(e.label, e.by) for e in audit.read(application, audience=audit.Visibility.STAFF,
                                                kinds=[PanelEventKind.DECISION_SENT_EARLY])]
    assert trail == [("Sent the decision before every review was in: 2 of 3 reviews submitted",
                      coordinator)]
    panel_page = text(client.get(f"/coordinate/applications/{application.id}/panel"))
    assert "Sent the decision before every review was in: 2 of 3 reviews submitted" in panel_page


def test_with_every_review_in_sending_asks_for_no_confirmation(app):
    application = make_reviewed_application()
    client, token = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    url = f"/coordinate/applications/{application.id}/decision"
    draft_award(client, token, application)

    decision_page = text(client.get(url))
    preview = text(client.get(f"{url}/preview"))
    sent = client.post(f"{url}/send", data={"send-csrf_token": token, "round": "1"})

    assert "Reviews submitted: 3 of 3" in decision_page
    assert "before_all_reviews" not in preview and "Reviews submitted" not in preview
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/decision")
    assert Application.get_by_id(application.id).state == ApplicationState.AWARDED
    assert not audit.AuditEvent.select().where(
        audit.AuditEvent.kind == "decision_sent_early").exists()


def test_the_service_refuses_to_send_early_unless_told_to(app):
    application = half_reviewed()
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    services.save_draft(application, by=coordinator, outcome="not_awarded", message="",
                        rationale="", evidence_request="", evidence_due=None, feedback={})

    with pytest.raises(services.ReviewsOutstanding):
        services.send_decision(application, by=coordinator)
    services.send_decision(application, by=coordinator, before_all_reviews=True)

    assert Application.get_by_id(application.id).state == ApplicationState.NOT_AWARDED


# ---------------------------------------------------------------------------- further evidence

def test_further_evidence_round_edits_only_named_criteria_and_goes_back_to_the_panel(app):
    application = make_reviewed_application()
    named, other = criterion_ids(application)[:2]
    application = make_decision(application, "further_evidence", evidence_on={named})
    member = application.created_by
    client, token = signed_in_client(app, member)
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    answer = Answer.get((Answer.application == application) & (Answer.criterion == named))

    status = text(client.get(f"/applications/{application.id}"))
    assert "Minutes of a planning meeting" in status and "Send my further evidence" in status
    refused = client.post(f"/applications/{application.id}/answers/{other}",
                          data={f"a{other}-doing_now": "x"}, headers=headers)
    allowed = client.post(f"/applications/{application.id}/answers/{named}", headers=headers,
                          data={f"a{named}-doing_now": "Now with minutes",
                                f"a{named}-next_steps": answer.next_steps,
                                **date_fields(f"a{named}-target_date",
                                              datetime.date(2027, 6, 30)),
                                f"a{named}-version": answer.version})
    upload = client.post(f"/applications/{application.id}/criteria/{named}/evidence",
                         data={"csrf_token": token, "file": (io.BytesIO(PDF), "minutes.pdf")})
    other_upload = client.post(f"/applications/{application.id}/criteria/{other}/evidence",
                               data={"csrf_token": token, "file": (io.BytesIO(PDF), "x.pdf")})
    assert refused.status_code == 403 and other_upload.status_code == 403
    assert allowed.status_code == 200 and upload.status_code == 302
    changed = Answer.get_by_id(answer.id)
    assert changed.changed_in_round == 2 and changed.earlier["doing_now"] == answer.doing_now
    assert Evidence.get(Evidence.filename == "minutes.pdf").added_in_round == 2

    for _ in range(2):
        client.post(f"/applications/{application.id}/further-evidence/send",
                    data={"send-back-csrf_token": token})

    application = Application.get_by_id(application.id)
    assert (application.state, application.review_round) == (ApplicationState.UNDER_REVIEW, 2)
    panel_mail = OutboxMessage.select().where(OutboxMessage.subject.contains("Further evidence"))
    assert panel_mail.count() == 3
    reviewer = panel_matrix(application).waiting[0]
    reviewer_page = text(signed_in_client(app, reviewer)[0]
                         .get(f"/panel/applications/{application.id}"))
    assert "Answer changed" in reviewer_page and "New" in reviewer_page
    assert "Minutes of a planning meeting" in reviewer_page
    assert "In the last round you said: Partly met" in reviewer_page


def test_overdue_further_evidence_alerts_coordinators_once_and_can_be_extended(app):
    application = make_reviewed_application()
    application = make_decision(application, "further_evidence",
                         evidence_on={criterion_ids(application)[0]}, due_in=5)
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)

    with moved(days=7):
        # a staff session ends after 12 idle hours
        client, token = signed_in_client(app, coordinator)
        first = services.send_overdue_evidence_alerts(london_today())
        second = services.send_overdue_evidence_alerts(london_today())
        assert queries.can_decide(application)
        again = services.save_draft(application, by=coordinator, outcome="further_evidence",
                                    message="", rationale="", evidence_request="More",
                                    evidence_due=london_today() + datetime.timedelta(days=9),
                                    feedback={})
        assert "decision-outcome" in {p.anchor for p in queries.problems(again)}
        response = client.post(f"/coordinate/applications/{application.id}/further-evidence/extend",
                               data={"extend-csrf_token": token, **date_fields(
                                   "extend-evidence_due",
                                   london_today() + datetime.timedelta(days=14))})
        assert response.status_code == 302
        assert not queries.can_decide(application)
    assert first == 1 and second == 0


def test_the_decision_form_takes_its_date_as_day_month_and_year(app):
    application = make_reviewed_application()
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    client, token = signed_in_client(app, coordinator)
    url = f"/coordinate/applications/{application.id}/decision"
    due = london_today() + datetime.timedelta(days=20)

    saved = client.post(url, data={"decision-csrf_token": token,
                                   "decision-outcome": "further_evidence",
                                   "decision-evidence_request": "Minutes",
                                   **date_fields("decision-evidence_due", due)})
    page = text(client.get(url))

    assert saved.status_code == 302
    assert queries.draft_of(application).evidence_due == due
    assert (f'id="decision-evidence_due-month" name="decision-evidence_due-month" type="text" '
            f'inputmode="numeric" value="{due.month}">') in page
    assert '<p class="field__hint" id="decision-evidence_due-hint">For example, 27 3 2027</p>' \
        in page


def test_a_new_date_typed_halfway_is_refused_on_the_page_with_what_was_typed(app):
    application = make_reviewed_application()
    application = make_decision(application, "further_evidence",
                         evidence_on={criterion_ids(application)[0]})
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    client, token = signed_in_client(app, coordinator)
    before = queries.last_sent(application).evidence_due

    response = client.post(f"/coordinate/applications/{application.id}/further-evidence/extend",
                           data={"extend-csrf_token": token, "extend-evidence_due-day": "14",
                                 "extend-evidence_due-month": "", "extend-evidence_due-year": ""})

    page = text(response)
    assert response.status_code == 400
    assert ('<li><a href="#extend-evidence_due-month">New date must include a month and year'
            '</a></li>') in page
    assert ('id="extend-evidence_due-day" name="extend-evidence_due-day" type="text" '
            'inputmode="numeric" value="14">') in page
    assert queries.last_sent(application).evidence_due == before


# --------------------------------------------------------------------------- nothing internal leaks

def test_nothing_internal_ever_reaches_the_applicant(app):
    """Plant distinctive text in every internal thing, then search all the applicant can reach."""
    application = make_reviewed_application(note="PLANTED-NOTE", name="PLANTED-REVIEWER")
    for review in panel_matrix(application).reviews:
        reopen_review(application, by=review.reviewer)
        save_overall(application, by=review.reviewer, recommendation="award",
                     summary="PLANTED-SUMMARY")
        submit_review(application, by=review.reviewer)
    record_agreed(application, {criterion_ids(application)[0]: ("met", "PLANTED-AGREED")},
                  by=None)
    application = make_decision(application, "further_evidence", rationale="PLANTED-RATIONALE",
                         evidence_on={criterion_ids(application)[0]})
    member = application.created_by
    client, token = signed_in_client(app, member)
    first = criterion_ids(application)[0]
    answer = Answer.get((Answer.application == application) & (Answer.criterion == first))
    reached = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {"application_id": application.id, "organisation_id": application.organisation_id,
                  "principle": answer_rows(application)[0].principle, "criterion_id": first,
                  "evidence_id": Evidence.select().where(Evidence.application == application)
                  .first().id, "kind": "svg", "token": "x", "message_id": 1, "stream_id": 1,
                  "user_id": member.id, "membership_id": 1, "round_id": 1, "action": "up",
                  "reviewer_id": 1, "booking_id": 1, "slot_id": 1, "period_id": 1,
                  "speaker_id": 1, "service_id": 1, "pending_id": 1,
                  "campaign_id": 1, "question_id": 1}
        url = rule.build({k: v for k, v in values.items() if k in rule.arguments},
                         append_unknown=False)[1]
        response = client.get(url)
        if response.status_code == 200:
            reached[url] = response.get_data(as_text=True)
    reached["htmx save"] = client.post(
        f"/applications/{application.id}/answers/{first}",
        headers={"HX-Request": "true", "X-CSRFToken": token},
        data={f"a{first}-doing_now": "More", f"a{first}-version": answer.version}).text
    services.send_back(application, by=member)
    for review in panel_matrix(Application.get_by_id(application.id)).waiting:
        make_submitted_review(Application.get_by_id(application.id), review, [],
                              note="PLANTED-NOTE")
    application = make_decision(Application.get_by_id(application.id), "awarded",
                         rationale="PLANTED-RATIONALE")
    reached["status after award"] = text(client.get(f"/applications/{application.id}"))
    reached["certificate"] = pdf_text_and_fonts(
        client.get(f"/applications/{application.id}/certificate.pdf").data)[1]
    reached["logo"] = client.get(f"/applications/{application.id}/logo.svg").text
    reached["directory"] = text(client.get("/award-holders"))
    for message in OutboxMessage.select().where(
            OutboxMessage.recipient.in_([member.email, "contact@example.org"])):
        reached[f"email {message.subject}"] = " ".join(
            [message.subject, message.body_text or "", message.body_html or ""])

    assert any("/applications/" in url for url in reached) and len(reached) > 10
    for where, body in reached.items():
        for planted in ("PLANTED-NOTE", "PLANTED-REVIEWER", "PLANTED-SUMMARY",
                        "PLANTED-AGREED", "PLANTED-RATIONALE", "Partly met", "Can&#39;t judge"):
            assert planted not in body, (planted, where)


def test_reviewers_and_outsiders_cannot_decide(app):
    application = make_reviewed_application()
    for user in (make_user(roles=[Role.REVIEWER], password="r" * 12), make_user()):
        client, token = signed_in_client(app, user)
        assert client.get(f"/coordinate/applications/{application.id}/decision").status_code == 403
        assert client.post(f"/coordinate/applications/{application.id}/decision/send",
                           data={"send-csrf_token": token}).status_code == 403


def test_dates_come_from_the_one_clock(app):
    before = london_today()
    with moved(days=3):
        assert london_today() == before + datetime.timedelta(days=3)
    assert london_today() == before


def test_decisions_awards_and_reminders_work_on_every_database(any_app):
    """The upserts, the directory's subquery and the reminders' claims, on SQLite and PostgreSQL."""
    waiting = make_reviewed_application()
    waiting = make_decision(waiting, "further_evidence", evidence_on={criterion_ids(waiting)[0]},
                            due_in=3)
    awarded = make_decision(make_reviewed_application(), "awarded")
    awards.set_listed(award_of(awarded), True, by=None)
    days_left = (award_of(awarded).expires_on - london_today()).days

    assert [a.application_id for a in directory()] == [awarded.id]
    with moved(days=5):
        assert services.send_overdue_evidence_alerts(london_today()) == 1
    with moved(days=days_left - 10):
        assert awards.send_renewal_reminders(london_today()) == 1
        assert awards.send_renewal_reminders(london_today()) == 0
    assert queries.requested_criteria(waiting) == {criterion_ids(waiting)[0]}


def reviewer_pages(client, application):
    evidence = Evidence.get(Evidence.application == application)
    return (client.get(f"/panel/applications/{application.id}").status_code,
            client.get(f"/evidence/{evidence.id}").status_code)


def test_reviewers_read_a_decided_application_for_a_set_time_then_no_longer(make_app, sqlite_url):
    app = make_app(sqlite_url, REVIEWER_ACCESS_DAYS=30)
    application = make_submitted_application()
    reviewer = make_panel_member(application, "Rae Reviewer")
    make_submitted_review(application, reviewer)
    make_decision(application, "awarded")

    with moved(days=29):  # signed in afresh: a staff session ends after 12 idle hours
        within = reviewer_pages(signed_in_client(app, reviewer)[0], application)
    with moved(days=31):
        after = reviewer_pages(signed_in_client(app, reviewer)[0], application)

    assert (within, after) == ((200, 200), (403, 403))


def test_reviewers_cannot_read_a_withdrawn_application(app):
    application = make_submitted_application()
    reviewer = make_panel_member(application, "Wes Reviewer")
    client, _ = signed_in_client(app, reviewer)
    before = reviewer_pages(client, application)

    awards.withdraw_application(application, by=application.created_by)

    assert (before, reviewer_pages(client, application)) == ((200, 200), (403, 403))
