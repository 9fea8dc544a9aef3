"""Probes of school sessions part 2 (speakers, waiting lists, feedback, terms, the report, training
as evidence): what must stay shut to the wrong people, links used where they do not belong,
counters under double answers, and text that could turn into markup or formulas."""
import datetime

import pytest

from sanctuary.accounts.models import Role
from sanctuary.core.clock import london_today
from sanctuary.schools import services
from sanctuary.schools.models import (
    AssignmentState,
    Booking,
    BookingState,
    SessionFeedback,
    SpeakerAssignment,
    Term,
    WaitingState,
)
from sanctuary.schools.services import assignments, speaker_register
from tests.factories import (
    make_booking,
    make_school,
    make_session,
    make_slot,
    make_speaker,
    make_user,
)
from tests.support.client import date_fields, post, sign_in, text

HUGE = 2**63 + 5
DAY = london_today() + datetime.timedelta(days=20)


def fresh(row):
    return type(row).get_by_id(row.id)


def coordinator():
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


def invited(speaker=None, **school):
    booking = make_session(DAY, school=make_school(**school))
    assignment = assignments.invite(booking, speaker or make_speaker(name="Amal"), by=None)
    return assignment, services.speaker_token(assignment)


def speaking(token, action=""):
    return f"/school-sessions/speaking/{token}" + (f"/{action}" if action else "")


# ---------------------------------------------------------------------------- speakers' links


def test_a_speaker_cannot_withdraw_from_a_session_already_delivered(client):
    assignment, token = invited()
    post(client, speaking(token, "accept"))
    services.mark_delivered(Booking.get_by_id(assignment.booking_id), by=coordinator(),
                            today=DAY)

    post(client, speaking(token, "withdraw"))

    assert fresh(assignment).state == AssignmentState.ACCEPTED  # they came: history stands


def test_once_a_session_has_started_its_page_offers_no_answer(client):
    assignment, token = invited()
    post(client, speaking(token, "accept"))
    before = text(client.get(speaking(token)))
    started = datetime.datetime.combine(london_today(), datetime.time(0, 1))
    SpeakerAssignment.update(starts=started).where(
        SpeakerAssignment.id == assignment.id).execute()

    after = text(client.get(speaking(token)))

    assert "I can no longer come" in before and "I can no longer come" not in after
    post(client, speaking(token, "withdraw"))
    assert fresh(assignment).state == AssignmentState.ACCEPTED


def test_a_speaker_cannot_decline_a_session_already_delivered(client):
    assignment, token = invited()
    services.mark_delivered(Booking.get_by_id(assignment.booking_id), by=coordinator(),
                            today=DAY)

    post(client, speaking(token, "decline"))

    assert fresh(assignment).state == AssignmentState.INVITED


def test_the_link_sent_to_an_address_since_corrected_stops_working(client):
    speaker = make_speaker(name="Amal", email="wrong.person@example.org")
    assignment, old = invited(speaker)
    staff = coordinator()

    speaker_register.update_speaker(fresh(speaker), by=staff, email="amal@example.org")

    assert client.get(speaking(old)).status_code == 410
    post(client, speaking(old, "accept"))
    assert fresh(assignment).state == AssignmentState.INVITED
    new = services.speaker_token(fresh(assignment))
    assert new != old and client.get(speaking(new)).status_code == 200


def test_a_link_of_a_called_off_invitation_answers_nothing(client):
    assignment, token = invited()
    assignments.call_off(fresh(assignment), by=coordinator())

    for action in ("accept", "decline", "withdraw"):
        post(client, speaking(token, action))

    assert fresh(assignment).state == AssignmentState.CANCELLED


def test_a_link_of_a_removed_speaker_opens_nothing(client):
    assignment, token = invited()
    assignments.remove_speaker(fresh(assignment).speaker, by=None)

    assert client.get(speaking(token)).status_code == 410
    assert post(client, speaking(token, "accept")).status_code == 410


def test_a_speaker_link_cannot_be_used_as_a_manage_link(client):
    _assignment, token = invited()

    assert client.get(f"/school-sessions/manage/{token}").status_code in (404, 410)
    assert post(client, f"/school-sessions/manage/{token}/waiting",
                {"answer": "accept"}).status_code in (404, 410)


def test_speaker_name_markup_is_escaped_on_every_page(client):
    speaker = make_speaker(name='<script>alert(1)</script>"Amal', topics="<img src=x>")
    assignment, token = invited(speaker)
    assignments.accept(fresh(assignment), by=None)
    booking = fresh(assignment).booking
    member = booking.organisation.active_members()[0].user

    pages = [text(client.get(speaking(token)))]
    sign_in(client, member)
    pages.append(text(client.get(f"/school-sessions/bookings/{booking.id}")))
    sign_in(client, coordinator())
    pages += [text(client.get(f"/coordinate/school-sessions/{booking.id}")),
              text(client.get(f"/coordinate/school-sessions/speakers/{speaker.id}")),
              text(client.get("/coordinate/school-sessions/speakers"))]

    for page in pages:
        assert "<script>alert(1)" not in page and "<img src=x>" not in page


# ---------------------------------------------------------------------------- ids and people


def test_huge_and_other_ids_are_404_not_errors(client):
    staff = coordinator()
    sign_in(client, staff)
    for url in (f"/coordinate/school-sessions/speakers/{HUGE}",
                f"/coordinate/school-sessions/speakers/{HUGE}/edit",
                f"/coordinate/school-sessions/speakers/{HUGE}/remove",
                f"/coordinate/school-sessions/{HUGE}/invite",
                f"/school-sessions/bookings/{HUGE}/feedback",
                f"/school-sessions/bookings/{HUGE}/evidence",
                f"/coordinate/school-sessions/report?term={HUGE}"):
        assert client.get(url).status_code in (404, 200), url
    for url in (f"/coordinate/school-sessions/{HUGE}/speakers/{HUGE}/call-off",
                f"/coordinate/school-sessions/{HUGE}/speakers/1/yes",
                f"/coordinate/school-sessions/speakers/{HUGE}/consent",
                f"/coordinate/school-sessions/speakers/{HUGE}/consent/withdraw",
                f"/coordinate/school-sessions/terms/{HUGE}/remove",
                f"/school-sessions/bookings/{HUGE}/waiting",
                f"/recorded-evidence/{HUGE}/remove"):
        assert post(client, url).status_code == 404, url


def test_an_assignment_of_another_booking_cannot_be_called_off_through_this_one(client):
    assignment, _token = invited()
    other = make_session(DAY + datetime.timedelta(days=1))
    sign_in(client, coordinator())

    response = post(client, f"/coordinate/school-sessions/{other.id}/speakers/"
                            f"{assignment.id}/call-off")

    assert response.status_code == 404
    assert fresh(assignment).state == AssignmentState.INVITED


def test_schools_and_reviewers_never_reach_the_speakers_register(client):
    assignment, _token = invited()
    booking = fresh(assignment).booking
    member = booking.organisation.active_members()[0].user
    for person in (member, make_user(roles=[Role.REVIEWER])):
        sign_in(client, person)
        for url in ("/coordinate/school-sessions/speakers",
                    f"/coordinate/school-sessions/speakers/{assignment.speaker_id}",
                    f"/coordinate/school-sessions/{booking.id}/invite"):
            assert client.get(url).status_code in (403, 404), url
        assert post(client, f"/coordinate/school-sessions/{booking.id}/speakers/"
                            f"{assignment.id}/yes").status_code in (403, 404)
    assert fresh(assignment).state == AssignmentState.INVITED


# ---------------------------------------------------------------------------- waiting lists


def held_offer():
    staff = coordinator()
    slot = make_slot(capacity=1)
    first = make_booking(slot=slot)
    services.confirm(first, by=staff, slot=slot)
    waiting = make_booking(slot=slot)
    entry = services.join(waiting, fresh(slot))
    services.cancel(fresh(first), by=staff, reason="Closed", by_school=False)
    return fresh(slot), fresh(entry), staff


def test_accepting_a_place_twice_confirms_once_and_counts_once(client):
    slot, entry, _staff = held_offer()
    member = fresh(entry.booking).requested_by
    sign_in(client, member)

    for _ in range(2):
        post(client, f"/school-sessions/bookings/{entry.booking_id}/waiting", {"answer": "accept"})

    assert (fresh(slot).confirmed, fresh(slot).offered) == (1, 0)
    assert fresh(entry.booking).state == BookingState.CONFIRMED


def test_accepting_a_place_after_the_slot_was_withdrawn_keeps_the_counts(client):
    slot, entry, staff = held_offer()
    services.withdraw_slot(slot, by=staff)

    with pytest.raises(services.BookingRefused):
        services.accept_place(fresh(entry))

    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 1)
    assert fresh(entry.booking).state == BookingState.REQUESTED
    services.expire_offers(now=fresh(entry).offer_expires_at + datetime.timedelta(seconds=1))
    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 0)


def test_accepting_after_expiry_or_after_cancelling_is_refused(client):
    slot, entry, _staff = held_offer()
    later = entry.offer_expires_at + datetime.timedelta(seconds=1)
    with pytest.raises(services.BookingRefused):
        services.accept_place(fresh(entry), now=later)

    services.cancel(fresh(entry.booking), by=None, reason="No", by_school=True)

    assert fresh(entry).state == WaitingState.LEFT
    with pytest.raises(services.BookingRefused):
        services.accept_place(fresh(entry))
    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 0)


def test_another_schools_member_cannot_answer_the_offer(client):
    _slot, entry, _staff = held_offer()
    sign_in(client, make_school().active_members()[0].user)

    response = post(client, f"/school-sessions/bookings/{entry.booking_id}/waiting",
                    {"answer": "decline"})

    assert response.status_code in (403, 404)
    assert fresh(entry).state == WaitingState.OFFERED


# ---------------------------------------------------------------------------- feedback


def delivered(staff):
    booking = make_booking(proposed=[DAY])
    services.confirm(booking, by=staff, date=DAY, starts_at="10:00", ends_at="11:00")
    services.mark_delivered(fresh(booking), by=staff, today=DAY)
    return fresh(booking)


@pytest.mark.parametrize("reached", [str(2**64), "-5", "0", "1e3", "٣" * 30, "2001"])
def test_feedback_refuses_numbers_out_of_range(client, reached):
    booking = delivered(coordinator())
    sign_in(client, booking.requested_by)

    response = post(client, f"/school-sessions/bookings/{booking.id}/feedback",
                    {"how_it_went": "well", "reached": reached, "book_again": "yes"})

    assert response.status_code == 200
    assert SessionFeedback.select().count() == 0


def test_feedback_text_is_escaped_for_coordinators(client):
    staff = coordinator()
    booking = delivered(staff)
    sign_in(client, booking.requested_by)
    post(client, f"/school-sessions/bookings/{booking.id}/feedback",
         {"how_it_went": "well", "reached": "20", "book_again": "yes",
          "comments": "<script>alert(1)</script>", "for_speaker": "<b>hi</b>"})
    sign_in(client, staff)

    page = text(client.get(f"/coordinate/school-sessions/{booking.id}"))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_feedback_of_another_school_or_by_a_coordinator_or_reviewer_is_refused(client):
    staff = coordinator()
    booking = delivered(staff)
    for person in (make_school().active_members()[0].user, staff,
                   make_user(roles=[Role.REVIEWER])):
        sign_in(client, person)
        assert client.get(f"/school-sessions/bookings/{booking.id}/feedback").status_code in (
            403, 404)
        assert post(client, f"/school-sessions/bookings/{booking.id}/feedback",
                    {"how_it_went": "well", "reached": "20",
                     "book_again": "yes"}).status_code in (403, 404)
    assert SessionFeedback.select().count() == 0


# ---------------------------------------------------------------------------- terms, report


def test_a_term_in_year_zero_is_an_error_not_a_crash(client):
    sign_in(client, coordinator())

    response = post(client, "/coordinate/school-sessions/terms",
                    {"term_name": "Old", "first_day-day": "1", "first_day-month": "1",
                     "first_day-year": "0000",
                     **date_fields("last_day", datetime.date(2027, 1, 2))})

    assert response.status_code == 200
    assert Term.select().count() == 0


def test_a_term_far_in_the_future_is_kept_and_its_report_opens(client):
    sign_in(client, coordinator())
    post(client, "/coordinate/school-sessions/terms",
         {"term_name": "Far", **date_fields("first_day", datetime.date(9999, 12, 1)),
          **date_fields("last_day", datetime.date(9999, 12, 31))})
    term = Term.get()

    assert client.get(f"/coordinate/school-sessions/report?term={term.id}").status_code == 200
    assert client.get(f"/coordinate/school-sessions/report.csv?term={term.id}").status_code == 200
    assert client.get("/coordinate/school-sessions/calendar").status_code == 200


def test_a_term_named_like_a_formula_is_quoted_in_the_csv_and_escaped_on_the_page(client):
    sign_in(client, coordinator())
    name = '=HYPERLINK("http://evil.example","x")'
    post(client, "/coordinate/school-sessions/terms",
         {"term_name": name, **date_fields("first_day", london_today()),
          **date_fields("last_day", london_today() + datetime.timedelta(days=60))})
    post(client, "/coordinate/school-sessions/terms",
         {"term_name": "<script>x</script>",
          **date_fields("first_day", london_today() + datetime.timedelta(days=100)),
          **date_fields("last_day", london_today() + datetime.timedelta(days=120))})
    first, second = Term.select().order_by(Term.starts_on)

    csv = text(client.get(f"/coordinate/school-sessions/report.csv?term={first.id}"))
    page = text(client.get(f"/coordinate/school-sessions/report?term={second.id}"))

    assert ",=HYPERLINK" not in csv and "\n=HYPERLINK" not in csv
    assert "<script>x</script>" not in page
    assert "<script>x</script>" not in text(client.get("/coordinate/school-sessions/calendar"))


def test_only_coordinators_open_the_report_and_the_terms(client):
    for person in (make_school().active_members()[0].user, make_user(roles=[Role.REVIEWER])):
        sign_in(client, person)
        assert client.get("/coordinate/school-sessions/report").status_code in (403, 404)
        assert client.get("/coordinate/school-sessions/report.csv").status_code in (403, 404)
        assert post(client, "/coordinate/school-sessions/terms",
                    {"term_name": "X", **date_fields("first_day", DAY),
                     **date_fields("last_day", DAY)}).status_code in (403, 404)
    assert Term.select().count() == 0


def test_an_alternative_offered_to_a_school_holding_a_place_does_not_strand_the_place(client):
    slot, entry, staff = held_offer()
    other = make_slot(days_ahead=40)

    services.offer_alternative(fresh(entry.booking), by=staff, slot=other)

    # Either the held place can still be taken, or it went back to the slot at once.
    if fresh(entry).state == WaitingState.OFFERED:
        services.accept_place(fresh(entry))
        assert (fresh(slot).confirmed, fresh(slot).offered) == (1, 0)
    else:
        assert fresh(slot).offered == 0
