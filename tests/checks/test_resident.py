"""Residents book and report a check with nothing but codes: the campaign code, then their own
reference, typed into forms (never in a URL) and kept in the session."""
import datetime
import re
import uuid

import pytest

from sanctuary import create_app
from sanctuary.accounts.models import Role
from sanctuary.checks import services
from sanctuary.checks.models import (
    Campaign,
    CampaignState,
    CheckBooking,
    CheckBookingState,
    CheckReport,
    CheckSlot,
    Question,
    ReportAnswer,
)
from sanctuary.checks.services import bookings, slots as writes
from sanctuary.core.clock import london_today, moved
from sanctuary.core.db import db
from sanctuary.core.outbox import OutboxMessage
from sanctuary.core.references import new_code
from tests.factories import make_campaign, make_organisation, make_service, make_user
from tests.support.client import date_fields, fresh, plain, post, sign_in, text
from tests.support.concurrency import in_processes

D = datetime.date
TODAY = D(2027, 3, 2)


@pytest.fixture
def today():
    """The clock on 2 March 2027, in the campaign's month."""
    with moved(days=(TODAY - london_today()).days):
        yield TODAY


def open_campaign_with_slot(capacity=1, name="Larkspur Lane Surgery"):
    campaign = make_campaign()
    services.open_campaign(campaign, by=None)
    slot, = writes.open_slots(campaign, services=[make_service(name).id], day=D(2027, 3, 10),
                              span="day", capacity=capacity, by=None).slots
    return Campaign.get_by_id(campaign.id), slot


def typo_of(code):
    """The code with one character changed: its check character no longer matches."""
    first = code[0]
    return ("Q" if first != "Q" else "R") + code[1:]


def enter_campaign(client, campaign):
    return post(client, "/checks", {"code": campaign.code})


def book_form(slot, alias="Sunflower", email="", **overrides):
    return {"slot": str(slot.id), "alias": alias, "email": email, "language": "en",
            "briefing_read": "y", "form_key": uuid.uuid4().hex, **overrides}


def booked(client, campaign, slot, **form):
    enter_campaign(client, campaign)
    response = post(client, "/checks/book", book_form(slot, **form))
    assert response.status_code == 302, plain(text(response))
    return CheckBooking.select().order_by(CheckBooking.id.desc()).first()


def answer_of(question, practice):
    """The answer that shows good practice ("good") or not ("bad"); "not_sure" where the
    question only records."""
    if question.good is None:
        return "not_sure"
    return question.good if practice == "good" else ("no" if question.good == "yes" else "yes")


def report_form(booking, practice="good", **overrides):
    questions = Question.select().where((Question.campaign == booking.slot.campaign_id)
                                        & Question.retired_at.is_null())
    return {**date_fields("visited_on", TODAY), "channel": "in_person",
            "outcome": "registered", "minutes": "15", "changed_answer": "no",
            "notes": "They gave me the paper form.",
            **{f"q{q.id}": answer_of(q, practice) for q in questions}, **overrides}


# ---------------------------------------------------------------------------- booking


def test_a_resident_books_with_the_campaign_code_and_gets_a_reference_shown_large(app, today):
    campaign, slot = open_campaign_with_slot()
    client = app.test_client()

    start = client.get("/checks")
    entered = enter_campaign(client, campaign)
    page = client.get("/checks/book")
    done = post(client, "/checks/book", book_form(slot, alias="  Sunflower  "))
    booking = CheckBooking.get()
    shown = client.get(done.headers["Location"])

    assert start.status_code == 200 and "Campaign code" in plain(text(start))
    assert entered.headers["Location"].endswith("/checks/book")
    assert "Larkspur Lane Surgery" in plain(text(page))
    assert (booking.alias, booking.email, booking.slot_id, booking.state) == (
        "Sunflower", None, slot.id, CheckBookingState.BOOKED)
    assert booking.briefing_read
    assert booking.reference in text(shown)
    assert 'class="code-large' in text(shown)
    assert OutboxMessage.select().count() == 0  # no address given: no email
    assert campaign.code not in done.headers["Location"]


def test_booking_without_the_campaign_code_is_refused(app, today):
    _campaign, slot = open_campaign_with_slot()
    client = app.test_client()

    page = client.get("/checks/book")
    posted = post(client, "/checks/book", book_form(slot))

    assert page.status_code == 302 and page.headers["Location"].endswith("/checks")
    assert posted.status_code == 302 and posted.headers["Location"].endswith("/checks")
    assert CheckBooking.select().count() == 0


def test_a_changed_campaign_code_stops_the_old_one_even_in_a_started_session(app, today):
    campaign, slot = open_campaign_with_slot()
    client = app.test_client()
    enter_campaign(client, campaign)
    services.change_code(campaign, by=None)

    posted = post(client, "/checks/book", book_form(slot))

    assert posted.headers["Location"].endswith("/checks")
    assert CheckBooking.select().count() == 0


def test_a_wrong_or_guessed_code_gets_the_same_not_found_and_a_typo_is_named(app, today):
    campaign, _slot = open_campaign_with_slot()
    client = app.test_client()
    wrong = ["ABC", "hello there", new_code(), new_code().lower()]

    answers = [plain(text(post(client, "/checks", {"code": code}))) for code in wrong]
    typo = plain(text(post(client, "/checks", {"code": typo_of(campaign.code)})))

    not_found = "We cannot find that code"
    assert all(not_found in answer for answer in answers)
    assert len({re.sub(r"value=\S+", "", answer) for answer in answers}) == 1
    assert "check it for a typo" in typo and not_found not in typo
    assert session_campaign(client) is None


def session_campaign(client):
    with client.session_transaction() as session:
        return session.get("check_campaign")


def test_repeated_guesses_meet_the_rate_limit_even_with_the_right_code(make_app, sqlite_url,
                                                                        today):
    app = make_app(sqlite_url, RATELIMIT_CODE_GUESSES_PER_CLIENT="3 per 15 minutes")
    campaign, _slot = open_campaign_with_slot()
    client = app.test_client()

    for _ in range(3):
        post(client, "/checks", {"code": new_code()})
    limited = post(client, "/checks", {"code": campaign.code})
    other = app.test_client()  # another address is not held back
    other_answer = post(other, "/checks", {"code": campaign.code},
                        environ_base={"REMOTE_ADDR": "198.51.100.9"})

    assert "Too many codes have been tried from here" in plain(text(limited))
    assert session_campaign(client) is None
    assert other_answer.status_code == 302


def test_guesses_from_every_address_together_meet_a_limit_too(make_app, sqlite_url, today):
    app = make_app(sqlite_url, RATELIMIT_CODE_GUESSES_ALL_CLIENTS="4 per 15 minutes")
    _campaign, _slot = open_campaign_with_slot()

    for number in range(4):
        post(app.test_client(), "/checks", {"code": new_code()},
             environ_base={"REMOTE_ADDR": f"198.51.100.{number}"})
    limited = post(app.test_client(), "/checks/return", {"reference": new_code()},
                   environ_base={"REMOTE_ADDR": "198.51.100.200"})

    assert "Too many codes have been tried from here" in plain(text(limited))


def test_a_mistake_in_the_booking_form_keeps_what_was_typed(app, today):
    campaign, slot = open_campaign_with_slot()
    client = app.test_client()
    enter_campaign(client, campaign)

    page = plain(text(post(client, "/checks/book", book_form(
        slot, alias="Sunflower", email="not-an-address", briefing_read=""))))
    raw = text(post(client, "/checks/book", book_form(slot, alias="", email="me@example.org")))

    assert "Enter an email address in the right format" in page
    assert "tick the box" in page
    assert 'value="me@example.org"' in raw and "Enter a first name or an alias" in plain(raw)
    assert CheckBooking.select().count() == 0


def test_a_full_slot_is_not_offered_and_a_late_booking_for_it_is_refused(app, today):
    campaign, slot = open_campaign_with_slot(capacity=1)
    writes.open_slots(campaign, services=[make_service("Hawthorn Practice").id],
                      day=D(2027, 3, 12), span="day", capacity=1, by=None)
    first, second = app.test_client(), app.test_client()
    enter_campaign(second, campaign)
    form = book_form(slot, alias="Second")  # the page was open before the place went
    booked(first, campaign, slot, alias="First")

    answer = post(second, "/checks/book", form)

    assert "Someone has just taken the last place" in plain(text(answer))
    assert 'value="Second"' in text(answer)
    assert "Larkspur Lane Surgery" not in plain(text(second.get("/checks/book")))
    assert [b.alias for b in CheckBooking.select()] == ["First"]


def test_the_same_booking_form_sent_twice_books_once(app, today):
    campaign, slot = open_campaign_with_slot(capacity=3)
    client = app.test_client()
    enter_campaign(client, campaign)
    form = book_form(slot)

    answers = [post(client, "/checks/book", form) for _ in range(2)]

    assert [a.headers["Location"] for a in answers] == ["/checks/booked"] * 2
    assert CheckBooking.select().count() == 1


def test_an_email_address_given_gets_the_reference_and_is_forgotten_once_sent(app, today):
    campaign, slot = open_campaign_with_slot()
    booking = booked(app.test_client(), campaign, slot, email="sunflower@example.org")

    message = OutboxMessage.get()

    assert booking.email == "sunflower@example.org"
    assert booking.reference in (message.body_text or "") or message.sent_at is not None
    assert campaign.code not in (message.body_text or "")


def test_send_my_code_again_answers_the_same_whether_or_not_a_booking_has_the_address(app,
                                                                                      today):
    campaign, slot = open_campaign_with_slot(capacity=2)
    booked(app.test_client(), campaign, slot, email="sunflower@example.org")
    before = OutboxMessage.select().count()
    client = app.test_client()

    known = plain(text(post(client, "/checks/lost-reference",
                            {"email": "Sunflower@Example.org"})))
    unknown = plain(text(post(client, "/checks/lost-reference",
                              {"email": "nobody@example.org"})))

    assert known == unknown
    assert OutboxMessage.select().count() == before + 1


# ---------------------------------------------------------------------------- coming back


def test_the_reference_typed_brings_back_the_briefing_and_script_and_never_sits_in_a_url(
        app, today):
    campaign, slot = open_campaign_with_slot()
    booking = booked(app.test_client(), campaign, slot)
    later = app.test_client()

    refused = later.get("/checks/my-check")
    typo = plain(text(post(later, "/checks/return", {"reference": typo_of(booking.reference)})))
    unknown = plain(text(post(later, "/checks/return", {"reference": new_code()})))
    back = post(later, "/checks/return", {"reference": booking.reference.lower()})
    page = text(later.get(back.headers["Location"]))

    assert refused.headers["Location"].endswith("/checks/return")
    assert "check it for a typo" in typo and "We cannot find that code" in unknown
    assert booking.reference not in back.headers["Location"]
    assert "Go in pairs." in plain(page) and "I have just moved into the area." in plain(page)
    assert "Larkspur Lane Surgery" in plain(page)


def test_a_checker_cancels_and_the_place_is_free_again(app, today):
    campaign, slot = open_campaign_with_slot(capacity=1)
    client = app.test_client()
    booking = booked(client, campaign, slot)

    post(client, "/checks/my-check/cancel")
    again = post(client, "/checks/my-check/cancel")
    other = app.test_client()
    enter_campaign(other, campaign)

    assert fresh(booking).state == CheckBookingState.CANCELLED
    assert "cannot be cancelled" in plain(text(client.get(again.headers["Location"])))
    assert "Larkspur Lane Surgery" in plain(text(other.get("/checks/book")))


def test_leaving_forgets_the_check_in_this_browser(app, today):
    campaign, slot = open_campaign_with_slot()
    client = app.test_client()
    booked(client, campaign, slot)

    post(client, "/checks/leave")

    assert client.get("/checks/my-check").headers["Location"].endswith("/checks/return")


# ---------------------------------------------------------------------------- reporting


def test_a_report_saves_as_the_checker_goes_and_is_sent_scored(app, today):
    campaign, slot = open_campaign_with_slot()
    client = app.test_client()
    booking = booked(client, campaign, slot)
    questions = list(Question.select().where(Question.campaign == campaign)
                     .order_by(Question.position))

    autosaved = post(client, "/checks/my-check/report",
                     {"channel": "phone", f"q{questions[0].id}": "yes"},
                     headers={"HX-Request": "true"})
    partial = CheckReport.get()
    incomplete = post(client, "/checks/my-check/report", {"channel": "phone", "send": ""})
    sent = post(client, "/checks/my-check/report",
                {**report_form(booking), f"q{questions[0].id}": "yes", "send": ""})
    report = fresh(partial)

    assert autosaved.status_code == 200 and "Saved" in plain(text(autosaved))
    assert (partial.channel, partial.submitted_at) == ("phone", None)
    assert "Enter the day you visited or called" in plain(text(incomplete))
    assert "must be today or in the past" in plain(text(post(
        client, "/checks/my-check/report", date_fields("visited_on", D(2027, 3, 3)))))
    assert sent.status_code == 302
    assert report.submitted_at is not None and report.channel == "in_person"
    assert (report.score, report.out_of) == (4, 5)
    assert fresh(booking).state == CheckBookingState.REPORTED
    assert ReportAnswer.select().where(ReportAnswer.report == report).count() == len(questions)


def test_a_report_keeps_the_wording_it_was_made_with_after_a_question_is_reworded(app, today):
    campaign, slot = open_campaign_with_slot()
    client = app.test_client()
    booking = booked(client, campaign, slot)
    question = Question.select().where(Question.campaign == campaign).order_by(
        Question.position).first()
    before = services.current_wording(question).text["en"]
    post(client, "/checks/my-check/report", {**report_form(booking), "send": ""})

    services.reword_question(question, texts={"en": "Were you asked for nothing at all?"},
                             by=None)
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    staff = app.test_client()
    sign_in(staff, coordinator)
    seen_by_checker = plain(text(client.get("/checks/my-check/report")))
    seen_by_coordinator = plain(text(staff.get(f"/coordinate/checks/bookings/{booking.id}")))

    assert before in seen_by_checker and "nothing at all" not in seen_by_checker
    assert before in seen_by_coordinator and "nothing at all" not in seen_by_coordinator


def test_a_report_can_be_changed_until_it_is_reviewed(app, today):
    campaign, slot = open_campaign_with_slot()
    client = app.test_client()
    booking = booked(client, campaign, slot)
    post(client, "/checks/my-check/report", {**report_form(booking), "send": ""})

    post(client, "/checks/my-check/report", {**report_form(booking, practice="bad"), "send": ""})
    changed = fresh(CheckReport.get())
    CheckReport.update(reviewed_at=changed.updated_at).execute()
    refused = post(client, "/checks/my-check/report", report_form(booking))

    assert (changed.score, changed.out_of) == (0, 5)
    assert "can no longer be changed" in plain(text(refused))
    assert fresh(CheckReport.get()).score == 0


def test_a_coordinator_enters_a_report_given_by_phone_and_releases_a_lost_place(app, today,
                                                                                 staff):
    campaign, slot = open_campaign_with_slot(capacity=2)
    by_phone = booked(app.test_client(), campaign, slot, alias="Phoned")
    lost = booked(app.test_client(), campaign, slot, alias="Lost")

    post(staff, f"/coordinate/checks/bookings/{by_phone.id}/report",
         {**report_form(by_phone), "send": ""})
    released = post(staff, f"/coordinate/checks/bookings/{lost.id}/release")
    page = plain(text(staff.get(f"/coordinate/checks/bookings/{by_phone.id}")))

    report = CheckReport.get()
    assert report.entered_by_id is not None and report.score == 5
    assert "5 out of 5" in page or "5/5" in page
    assert released.status_code == 302
    assert fresh(lost).state == CheckBookingState.CANCELLED


def test_only_coordinators_reach_a_booking(app, today):
    campaign, slot = open_campaign_with_slot()
    booking = booked(app.test_client(), campaign, slot)
    base = f"/coordinate/checks/bookings/{booking.id}"
    member = make_user()
    make_organisation(member=member)
    anonymous, organisation, reviewer = app.test_client(), app.test_client(), app.test_client()
    sign_in(organisation, member)
    sign_in(reviewer, make_user(roles=[Role.REVIEWER], password="r" * 12))

    to_sign_in = [anonymous.get(url).headers.get("Location", "").split("?")[0]
                  for url in (base, f"{base}/report")]
    refused = [client.get(url).status_code for client in (organisation, reviewer)
               for url in (base, f"{base}/report")]
    posted = [post(client, url, data).status_code for client in (organisation, reviewer)
              for url, data in [(f"{base}/report", report_form(booking)),
                                (f"{base}/release", {})]]

    assert to_sign_in == ["/sign-in"] * 2
    assert refused == [403] * 4 and posted == [403] * 4
    assert CheckReport.select().count() == 0 and fresh(booking).state == CheckBookingState.BOOKED


# ---------------------------------------------------------------------------- keeping nothing


def all_rows():
    """Every row of every table, as the database holds it."""
    return {table: sorted(map(repr, db.execute_sql(f'SELECT * FROM "{table}"').fetchall()))
            for table in db.get_tables()}


def test_purging_deletes_only_contact_details_of_campaigns_closed_30_days_ago(app, today):
    closed, closed_slot = open_campaign_with_slot(capacity=2)
    client = app.test_client()
    with_email = booked(client, closed, closed_slot, email="old@example.org")
    post(client, "/checks/my-check/report", {**report_form(with_email), "send": ""})
    recent, recent_slot = open_campaign_with_slot(capacity=1, name="Hawthorn Practice")
    kept = booked(app.test_client(), recent, recent_slot, email="recent@example.org")
    services.close_campaign(closed, by=None)
    services.close_campaign(recent, by=None)
    Campaign.update(closed_at=datetime.datetime(2020, 1, 1)).where(
        Campaign.id == closed.id).execute()
    OutboxMessage.delete().execute()  # the outbox has its own rule
    before = all_rows()

    first = app.test_cli_runner().invoke(args=["purge-expired"])
    after = all_rows()
    second = app.test_cli_runner().invoke(args=["purge-expired"])

    changed = {table for table in before if before[table] != after[table]}
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    assert changed == {"check_booking"}
    assert fresh(with_email).email is None and fresh(kept).email == "recent@example.org"
    assert fresh(with_email).alias == "Sunflower" and CheckReport.get().score == 5
    assert all_rows() == after


# ---------------------------------------------------------------------------- at once


def booker(config, campaign_id, slot_id, alias):
    """In its own process: the app, then booking the slot's one place."""
    app = create_app(config)
    app.app_context().push()
    db.connect(reuse_if_open=True)
    campaign = Campaign.get_by_id(campaign_id)

    def book_it():
        try:
            bookings.book(campaign, slot_id=slot_id, alias=alias, email=None, language="en",
                          form_key=uuid.uuid4().hex, today=TODAY)
            return 1
        except bookings.BookingRefused:
            return 0
        finally:
            db.close()

    return book_it


def test_checkers_racing_for_the_last_place_leave_one_booking(make_app, any_database_url):
    app = make_app(any_database_url)
    campaign, slot = open_campaign_with_slot(capacity=1)
    config = {name: app.config[name] for name in ("TESTING", "DATABASE_URL", "SECRET_KEY",
                                                  "MAIL_SERVER", "DEV_MAILBOX")}

    outcomes = in_processes(booker, [(config, campaign.id, slot.id, f"Checker {n}")
                                     for n in range(6)])

    assert sorted(outcomes) == [0] * 5 + [1]
    assert CheckBooking.select().where(CheckBooking.slot == slot).count() == 1
    assert CheckSlot.select().count() == 1 and fresh(campaign).state == CampaignState.OPEN


def test_the_example_codes_in_the_hints_pass_their_own_check(app):
    from sanctuary.checks.forms.resident import CampaignCodeForm, ReferenceForm
    from sanctuary.core.references import parse_code

    with app.test_request_context():
        hints = [str(CampaignCodeForm().code.description),
                 str(ReferenceForm().reference.description)]

    examples = [hint.rsplit(" ", 1)[1] for hint in hints]
    assert [parse_code(example) for example in examples] == examples
