"""Decisions: drafting from the reviewers' suggestions, preview and send, further evidence,
awards, the certificate and logo, the directory, renewals and reminders."""
import datetime
import html
import io
import os
import re
import subprocess
import sys
import unicodedata

import pytest
from flask_babel import force_locale, gettext
from pypdf import PdfReader

from sanctuary.accounts.models import Role
from sanctuary.awards import documents, services as awards
from sanctuary.awards.models import (
    Answer,
    Application,
    ApplicationState,
    Award,
    Criterion,
    Evidence,
    Round,
)
from sanctuary.awards.queries import RENEWAL_WINDOW_DAYS, answer_rows, award_of, directory
from sanctuary.core.clock import london_today, moved
from sanctuary.core.outbox import OutboxMessage
from sanctuary.decisions import queries, services
from sanctuary.decisions.models import Decision
from sanctuary.panel.models import PanelEvent, ReviewVerdict
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
    make_membership,
    make_panel_member,
    make_submitted_application,
    make_submitted_review,
    make_user,
)
from tests.support.client import date_fields, signed_in_client, text
from tests.support.files import PDF

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def reviewed(language="en", *, note="", name="Panel Person"):
    """A submitted application, a panel of three whose reviews are all in."""
    application = make_submitted_application(language)
    for n in range(3):
        person = make_panel_member(application, f"{name} {n}", lived=n == 0)
        for cid in criterion_ids(application):
            save_verdict(application, cid, by=person, verdict="partly_met", note=note,
                         feedback=f"Suggestion {n}", question=f"Question {n}?")
        save_overall(application, recommendation="award", summary="Fine", by=person)
        assert submit_review(application, by=person) == []
    return Application.get_by_id(application.id)


def with_evidence(draft, member):
    """A renewal starts from the earlier answers; the files are added again."""
    for criterion in Criterion.in_use(draft.stream):
        if criterion.evidence_required:
            awards.add_evidence(draft, criterion, filename="proof.pdf", data=PDF, by=member)
    return draft


def decide(application, outcome, *, rationale="", evidence_on=(), due_in=30, message="Thank you"):
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    services.save_draft(
        application, by=coordinator, outcome=outcome, message=message, rationale=rationale,
        evidence_request="Minutes of a planning meeting" if outcome == "further_evidence" else "",
        evidence_due=london_today() + datetime.timedelta(days=due_in)
        if outcome == "further_evidence" else None,
        feedback={cid: {"strengths": "Warm welcome", "improvements": "", "questions": "",
                        "needs_evidence": cid in evidence_on}
                  for cid in criterion_ids(application)})
    services.send_decision(application, by=coordinator)
    return Application.get_by_id(application.id)


# ---------------------------------------------------------------------------- drafting and sending

def test_a_decision_starts_from_the_reviewers_suggestions_and_is_sent_once(app):
    application = reviewed()
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
    application = reviewed("uk")
    colleague = make_user(language="ar")
    make_membership(application.organisation, colleague)

    decide(application, "not_awarded")

    sent = {m.recipient: m for m in OutboxMessage.select().where(
        OutboxMessage.subject.contains("SA-") & ~OutboxMessage.subject.contains("panel"))}
    creator = application.created_by
    assert set(sent) == {creator.email, colleague.email, "contact@example.org"}
    assert sent[colleague.email].locale == "ar" and sent["contact@example.org"].locale == "uk"
    with force_locale("ar"):
        assert gettext("Not yet awarded") in sent[colleague.email].body_text


def test_further_evidence_needs_a_request_a_later_date_and_a_criterion(app):
    application = reviewed()
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
    trail = [(e.label, e.by) for e in PanelEvent.select().where(
        PanelEvent.kind == "decision_sent_early")]
    assert trail == [("Sent the decision before every review was in: 2 of 3 reviews submitted",
                      coordinator)]
    panel_page = text(client.get(f"/coordinate/applications/{application.id}/panel"))
    assert "Sent the decision before every review was in: 2 of 3 reviews submitted" in panel_page


def test_with_every_review_in_sending_asks_for_no_confirmation(app):
    application = reviewed()
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
    assert not PanelEvent.select().where(PanelEvent.kind == "decision_sent_early").exists()


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
    application = reviewed()
    named, other = criterion_ids(application)[:2]
    application = decide(application, "further_evidence", evidence_on={named})
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
    application = reviewed()
    application = decide(application, "further_evidence",
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
    application = reviewed()
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
    application = reviewed()
    application = decide(application, "further_evidence",
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


# ---------------------------------------------------------------------------- certificate and logo

def pdf_text_and_fonts(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    from fontTools.ttLib import TTFont

    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or \
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            data = (descriptor.get("/FontFile2") or descriptor.get("/FontFile3")).get_object()
            names = TTFont(io.BytesIO(data.get_data()))["name"]
            fonts.add((names.getDebugName(6), names.getDebugName(5)))
    return len(reader.pages), unicodedata.normalize(
        "NFKC", "".join(page.extract_text() for page in reader.pages)), fonts


def shipped_fonts():
    from fontTools.ttLib import TTFont

    return {(TTFont(documents.FONTS / file)["name"].getDebugName(6),
             TTFont(documents.FONTS / file)["name"].getDebugName(5))
            for _, file, _ in documents.FONT_FACES}


def test_the_certificate_names_the_organisation_and_expiry_in_english_and_arabic(app):
    application = decide(reviewed("ar"), "awarded")
    application.organisation.name = "جمعية الترحيب"
    application.organisation.save()
    client, _ = signed_in_client(app, application.created_by)

    response = client.get(f"/applications/{application.id}/certificate.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages, extracted, fonts = pdf_text_and_fonts(response.data)
    award = Award.get()
    assert pages == 1
    assert "This certifies that" in extracted and application.reference in extracted
    assert unicodedata.normalize("NFKC", "جمعية الترحيب") in extracted or all(
        word in extracted for word in ("جمعية", "الترحيب"))
    assert str(award.expires_on.year) in extracted and str(award.expires_on.day) in extracted
    with force_locale("ar"):
        arabic = unicodedata.normalize("NFKC", gettext("Sanctuary Award"))
    assert arabic != "Sanctuary Award"
    assert all(word in extracted for word in arabic.split()), (arabic, extracted)
    assert fonts and fonts <= shipped_fonts()


def test_the_certificate_needs_no_installed_font(app, tmp_path):
    """With fontconfig pointed at an empty configuration, the certificate still renders every
    script with the shipped fonts."""
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                      f'<fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>')
    script = (
        "import datetime, sys\n"
        "from sanctuary import create_app\n"
        "from sanctuary.awards.models import Application, Organisation\n"
        "from sanctuary.awards.documents import certificate_pdf\n"
        "from sanctuary.awards.models import Award\n"
        "app = create_app()\n"
        "with app.test_request_context():\n"
        "    award = Award(organisation=Organisation(name='Café ላዕሊ தமிழ் لويشام', language='ar'),"
        " application=Application(reference='SA-2026-0001'),"
        " awarded_on=datetime.date(2026, 1, 2), expires_on=datetime.date(2029, 1, 2))\n"
        "    sys.stdout.buffer.write(certificate_pdf(award, second_language='ar'))\n")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "SANCTUARY_ENV": "development",
           "SANCTUARY_INSTANCE_PATH": str(tmp_path)}
    pdf = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True).stdout

    _, extracted, fonts = pdf_text_and_fonts(pdf)
    assert ("Café" in extracted and "தமிழ்" in extracted.replace(" ", "")) or "தமி" in extracted
    assert fonts <= shipped_fonts() and {name for name, _ in fonts} >= {
        "NotoSans-Regular", "NotoNaskhArabic-Regular", "NotoSansEthiopic-Bold",
        "NotoSansTamil-Bold"}


def test_the_logo_comes_as_svg_and_png_with_the_award_year(app):
    application = decide(reviewed(), "awarded")
    client, _ = signed_in_client(app, application.created_by)
    year = Award.get().awarded_on.year

    svg = client.get(f"/applications/{application.id}/logo.svg")
    png = client.get(f"/applications/{application.id}/logo.png")

    assert svg.mimetype == "image/svg+xml" and f"Sanctuary Award {year}" in svg.text
    assert "<text" not in svg.text  # letters are paths: no font needed to show it
    assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")


def test_only_the_organisation_gets_its_certificate_and_logo(app):
    application = decide(reviewed(), "awarded")
    outsider, _ = signed_in_client(app, make_user())
    reviewer, _ = signed_in_client(app, panel_matrix(application).reviews[0].reviewer)
    for client in (outsider, reviewer):
        for url in ("certificate.pdf", "logo.svg", "logo.png"):
            assert client.get(f"/applications/{application.id}/{url}").status_code == 403


# --------------------------------------------------------------------------- nothing internal leaks

def test_nothing_internal_ever_reaches_the_applicant(app):
    """Plant distinctive text in every internal thing, then search all the applicant can reach."""
    application = reviewed(note="PLANTED-NOTE", name="PLANTED-REVIEWER")
    for review in panel_matrix(application).reviews:
        reopen_review(application, by=review.reviewer)
        save_overall(application, by=review.reviewer, recommendation="award",
                     summary="PLANTED-SUMMARY")
        submit_review(application, by=review.reviewer)
    record_agreed(application, {criterion_ids(application)[0]: ("met", "PLANTED-AGREED")},
                  by=None)
    application = decide(application, "further_evidence", rationale="PLANTED-RATIONALE",
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
                  "reviewer_id": 1}
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
    application = decide(Application.get_by_id(application.id), "awarded",
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


# ---------------------------------------------------------------------------- directory, renewal

def test_the_directory_lists_holders_who_agree_and_they_can_leave(app):
    application = decide(reviewed(), "awarded")
    client, token = signed_in_client(app, application.created_by)
    name = application.organisation.name

    assert name not in text(client.get("/award-holders"))
    client.post(f"/applications/{application.id}/listing",
                data={"listing-csrf_token": token, "listed": "1"})
    assert name in text(client.get("/award-holders"))
    client.post(f"/applications/{application.id}/listing",
                data={"listing-csrf_token": token, "listed": "0"})
    assert name not in text(client.get("/award-holders"))


def award_part(client, application):
    """The Sanctuary Award part of the organisation's page."""
    page = text(client.get(f"/organisations/{application.organisation_id}"))
    return page[page.index("<h2>Sanctuary Award</h2>"):page.index("<h2>Details</h2>")]


def long_date(day):
    return f"{day.day} {day:%B} {day.year}"


def test_the_organisation_page_shows_its_current_award_with_certificate_logo_and_renewal(app):
    application = decide(reviewed(), "awarded")
    award = Award.get()
    client, _ = signed_in_client(app, application.created_by)

    part = award_part(client, application)

    assert "Your current award" in part
    assert (f"Awarded on {long_date(award.awarded_on)}. Valid until "
            f"{long_date(award.expires_on)}.") in part
    renew_from = award.expires_on - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)
    assert f"You can renew it from {long_date(renew_from)}, three months before it ends." in part
    assert re.findall(r'<a href="([^"]+)">', part) == [
        f"/applications/{application.id}/certificate.pdf",
        f"/applications/{application.id}/logo.svg", f"/applications/{application.id}/logo.png",
        f"/applications/{application.id}"]
    assert (f'The application that won it (<bdi class="ref">{application.reference}</bdi>)'
            in part)
    assert "Earlier applications" not in part


def test_in_its_last_three_months_the_organisation_page_offers_to_renew_then_shows_the_renewal(
        app):
    application = decide(reviewed(), "awarded")
    days_left = (Award.get().expires_on - london_today()).days
    member = application.created_by

    with moved(days=days_left - 30):
        client, _ = signed_in_client(app, member)
        due = award_part(client, application)
        renewal = awards.start_again(application, by=member)
        renewing = award_part(client, application)
    with moved(days=days_left + 1):
        awards.withdraw_application(renewal, by=member)
        client, _ = signed_in_client(app, member)  # the earlier session has ended by now
        ended = award_part(client, application)

    assert ("Your award ends within three months: it is time to renew it.\n"
            f'  <a href="/applications/{application.id}">Renew your award</a>') in due
    assert "Your current award" in renewing and "time to renew" not in renewing
    assert f'href="/applications/{renewal.id}">Continue your application</a>' in renewing
    assert "Your current award" not in ended
    assert (f'<a href="/applications/{application.id}"><bdi class="ref">{application.reference}'
            '</bdi></a>: Awarded' in ended)


def test_renewal_reminders_go_once_catch_up_and_stop_after_a_renewal_is_sent(app):
    application = decide(reviewed(), "awarded")
    award = Award.get()
    days_left = (award.expires_on - london_today()).days

    with moved(days=days_left - 100):
        assert awards.send_renewal_reminders(london_today()) == 0
    with moved(days=days_left - 88):  # the 90th day was missed: it still goes, once
        assert awards.send_renewal_reminders(london_today()) == 1
        assert awards.send_renewal_reminders(london_today()) == 0
    with moved(days=days_left - 60):
        renewal = with_evidence(awards.start_again(application, by=application.created_by),
                                application.created_by)
        awards.submit_application(renewal, by=application.created_by)
    with moved(days=days_left - 29):
        assert awards.send_renewal_reminders(london_today()) == 0
    assert OutboxMessage.select().where(OutboxMessage.subject == "Renew your Sanctuary Award") \
        .count() == 2  # the member and the named contact


def test_a_renewal_is_prefilled_sent_outside_a_round_and_keeps_the_award_listed(app):
    application = decide(reviewed(), "awarded")
    award = Award.get()
    awards.set_listed(award, True, by=None)
    for round_ in Round.select():
        round_.is_open = False
        round_.save()
    days_left = (award.expires_on - london_today()).days
    member = application.created_by

    with moved(days=days_left - 30):
        client, token = signed_in_client(app, member)
        client.get("/")
        status = text(client.get(f"/applications/{application.id}"))
        assert "Renew your award" in status
        response = client.post(f"/applications/{application.id}/start-again",
                               data={"again-csrf_token": token})
        renewal = Application.get(Application.renewal_of == application)
        assert response.headers["Location"].endswith(f"/applications/{renewal.id}")
        earlier = {a.criterion_id: a.doing_now for a in application.answers}
        assert {a.criterion_id: a.doing_now for a in renewal.answers} == earlier
        with_evidence(renewal, member)
        check = text(client.get(f"/applications/{renewal.id}/check"))
        assert "whether or not a round is open" in check and "Submit the application" in check
        sent = client.post(f"/applications/{renewal.id}/submit", data={"csrf_token": token})
        assert sent.status_code == 302  # no round is open
        assert Application.get_by_id(renewal.id).state == ApplicationState.SUBMITTED
    with moved(days=days_left + 20):  # expired, but its renewal is being assessed
        assert application.organisation.name in text(client.get("/award-holders"))
        awards.withdraw_application(Application.get_by_id(renewal.id), by=member)
        assert application.organisation.name not in text(client.get("/award-holders"))


def test_after_not_yet_the_organisation_starts_again_from_its_answers(app):
    application = decide(reviewed(), "not_awarded")
    member = application.created_by

    again = awards.start_again(application, by=member)
    twice = awards.start_again(application, by=member)

    assert again.id == twice.id and again.state == ApplicationState.DRAFT
    assert again.renewal_of_id == application.id
    assert len(list(again.answers)) == len(criterion_ids(application))


def test_reviewers_and_outsiders_cannot_decide(app):
    application = reviewed()
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
    waiting = reviewed()
    waiting = decide(waiting, "further_evidence", evidence_on={criterion_ids(waiting)[0]}, due_in=3)
    awarded = decide(reviewed(), "awarded")
    awards.set_listed(award_of(awarded), True, by=None)
    days_left = (award_of(awarded).expires_on - london_today()).days

    assert [a.application_id for a in directory()] == [awarded.id]
    with moved(days=5):
        assert services.send_overdue_evidence_alerts(london_today()) == 1
    with moved(days=days_left - 10):
        assert awards.send_renewal_reminders(london_today()) == 1
        assert awards.send_renewal_reminders(london_today()) == 0
    assert queries.requested_criteria(waiting) == {criterion_ids(waiting)[0]}


def test_the_organisation_page_leads_to_the_award_and_not_to_a_fresh_start(app):
    application = decide(reviewed(), "awarded")
    client, _ = signed_in_client(app, application.created_by)

    page = text(client.get(f"/organisations/{application.organisation_id}"))

    assert f'href="/applications/{application.id}"' in page
    assert "Start your application" not in page


def reviewer_pages(client, application):
    evidence = Evidence.get(Evidence.application == application)
    return (client.get(f"/panel/applications/{application.id}").status_code,
            client.get(f"/evidence/{evidence.id}").status_code)


def test_reviewers_read_a_decided_application_for_a_set_time_then_no_longer(make_app, sqlite_url):
    app = make_app(sqlite_url, REVIEWER_ACCESS_DAYS=30)
    application = make_submitted_application()
    reviewer = make_panel_member(application, "Rae Reviewer")
    make_submitted_review(application, reviewer)
    decide(application, "awarded")

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
