"""Residents' pages for secret-shopper checks, with no account: the campaign code, booking a
check, the reference shown once and large, coming back with it, the briefing and script,
cancelling, reporting, and references sent again.

Codes are typed into forms and sent by POST, never put in a URL (where they would reach logs
and browser history), then kept in the session cookie. Wrong codes are counted against the
client (an HMAC of its address, never the address: core.anonymous) and against everyone; nothing
here stores an address or a browser's name."""
import uuid

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from ...core.anonymous import anonymous_client, resident_limits
from ...core.clock import london_today
from ...core.forms import ActionForm
from ...core.i18n import current_language_code, enabled_languages
from ...core.limits import spend, used_up
from ...core.permissions import public
from ...core.templating import local_datetime
from ...extensions import htmx
from ..forms.resident import (
    BookCheckForm,
    CampaignCodeForm,
    LostReferenceForm,
    ReferenceForm,
    build_report_form,
)
from ..forms.review import AnswerForm
from ..models import Campaign, CampaignState, CheckBooking, CheckSlot, Service
from ..queries import campaign_questions, slots as slot_queries
from ..queries.review import review_of
from ..services import bookings, reports
from ..services.campaigns import find_campaign
from . import bp

CAMPAIGN, BOOKING = "check_campaign", "check_booking"  # session keys
TYPO = _l("That code does not look right: check it for a typo.")
NOT_FOUND = _l("We cannot find that code. Check it and try again, or ask your coordinator.")
TOO_MANY = _l("Too many codes have been tried from here. Try again after %(time)s.")


def _guess_limits():
    return (("RATELIMIT_CODE_GUESSES_PER_CLIENT", f"check-guess:{anonymous_client()}"),
            ("RATELIMIT_CODE_GUESSES_ALL_CLIENTS", "check-guess:all"))


def _code_problem(field, problem):
    """Count a wrong code, and put the right message on the field."""
    spend(*_guess_limits())
    field.errors = [*field.errors, TYPO if problem == "typo" else NOT_FOUND]


def _too_many(field):
    """The time after which codes may be tried again, with the message on the field; None when
    codes may be tried now."""
    until = used_up(*_guess_limits())
    if until is not None:
        field.errors = [*field.errors, _(str(TOO_MANY), time=local_datetime(until))]
    return until


# ---------------------------------------------------------------------------- the campaign code

def _campaign_in_session():
    """The open campaign whose code this browser typed, if the code has not changed since."""
    kept = session.get(CAMPAIGN)
    if not kept:
        return None
    campaign = Campaign.get_or_none((Campaign.id == kept[0]) & (Campaign.code == kept[1])
                                    & (Campaign.state == CampaignState.OPEN))
    if campaign is None:
        session.pop(CAMPAIGN, None)
    return campaign


@bp.route("/checks", methods=["GET", "POST"])
@public
@resident_limits("RATELIMIT_RESIDENT_PER_CLIENT", "RATELIMIT_RESIDENT_ALL_CLIENTS")
def resident_start():
    form = CampaignCodeForm()
    if form.validate_on_submit() and _too_many(form.code) is None:
        campaign, problem = find_campaign(form.code.data)
        if campaign is not None:
            session[CAMPAIGN] = [campaign.id, campaign.code]
            return redirect(url_for("checks.resident_book"))
        _code_problem(form.code, problem)
    return render_template("checks/resident_start.html", form=form,
                           booking=_booking_in_session())


# ---------------------------------------------------------------------------- booking

def _offer(form, campaign):
    """Set the form's choices: the slots bookable now, and the interface languages."""
    form.language.choices = [SelectChoice(language.code, language.name)
                             for language in enabled_languages()]
    slots = slot_queries.bookable_slots(campaign, london_today())
    form.slot.choices = [SelectChoice(slot.id, str(slot.id)) for slot in slots]
    return slots


@bp.route("/checks/book", methods=["GET", "POST"])
@public
@resident_limits("RATELIMIT_RESIDENT_PER_CLIENT", "RATELIMIT_RESIDENT_ALL_CLIENTS")
def resident_book():
    campaign = _campaign_in_session()
    if campaign is None:
        flash(_("Type the campaign code to book a check."), "info")
        return redirect(url_for("checks.resident_start"))
    form = BookCheckForm(data={"form_key": uuid.uuid4().hex,
                               "language": current_language_code()})
    slots = _offer(form, campaign)
    if form.is_submitted() and form.form_key.data:
        done = bookings.booked_with_key(form.form_key.data)
        if done is not None:  # the same form again (a double click, a retry): that booking
            session[BOOKING] = done.id
            return redirect(url_for("checks.resident_booked"))
    if form.validate_on_submit():
        try:
            booking = bookings.book(campaign, **form.values(), today=london_today())
            session[BOOKING] = booking.id
            return redirect(url_for("checks.resident_booked"))
        except bookings.BookingRefused as refused:
            # What was typed stays; the slots offered are those bookable now.
            slots = _offer(form, campaign)
            target = form.slot if refused.field == "slot" else form.briefing_read
            target.errors = [*target.errors, refused.message]
    return render_template("checks/resident_book.html", form=form, campaign=campaign,
                           slots=slots)


@bp.get("/checks/booked")
@public
def resident_booked():
    booking = _booking_in_session()
    if booking is None:
        return redirect(url_for("checks.resident_return"))
    return render_template("checks/resident_booked.html", booking=booking)


# ---------------------------------------------------------------------------- coming back

def _booking_in_session():
    booking_id = session.get(BOOKING)
    if not booking_id:
        return None
    booking = (CheckBooking.select(CheckBooking, CheckSlot, Service, Campaign)
               .join(CheckSlot).join(Service).switch(CheckSlot).join(Campaign)
               .where(CheckBooking.id == booking_id).first())
    if booking is None:
        session.pop(BOOKING, None)
    return booking


@bp.route("/checks/return", methods=["GET", "POST"])
@public
@resident_limits("RATELIMIT_RESIDENT_PER_CLIENT", "RATELIMIT_RESIDENT_ALL_CLIENTS")
def resident_return():
    form = ReferenceForm()
    if form.validate_on_submit() and _too_many(form.reference) is None:
        booking, problem = bookings.find(form.reference.data)
        if booking is not None:
            session[BOOKING] = booking.id
            return redirect(url_for("checks.resident_check"))
        _code_problem(form.reference, problem)
    return render_template("checks/resident_return.html", form=form)


def _need_booking():
    booking = _booking_in_session()
    if booking is None:
        flash(_("Type your reference to see your check."), "info")
    return booking


def check_page(booking, *, answer_form=None, status=200):
    """The code page; with the answer as typed when it needs correcting (`status`)."""
    report = reports.report_of(booking)
    return render_template("checks/resident_check.html", booking=booking, report=report,
                           campaign=booking.slot.campaign, form=ActionForm(),
                           review=review_of(report),
                           answer_form=answer_form or AnswerForm(formdata=None)), status


@bp.get("/checks/my-check")
@public
def resident_check():
    booking = _need_booking()
    if booking is None:
        return redirect(url_for("checks.resident_return"))
    return check_page(booking)


@bp.post("/checks/my-check/cancel")
@public
def resident_cancel():
    booking = _need_booking()
    if booking is None:
        return redirect(url_for("checks.resident_return"))
    if ActionForm().validate_on_submit():
        try:
            bookings.cancel(booking)
            flash(_("Your check is cancelled, and its place is free for someone else."),
                  "success")
        except bookings.BookingRefused as refused:
            flash(refused.message, "error")
    return redirect(url_for("checks.resident_check"))


@bp.post("/checks/leave")
@public
def resident_leave():
    if ActionForm().validate_on_submit():
        session.pop(BOOKING, None)
        session.pop(CAMPAIGN, None)
        flash(_("This browser has forgotten your check. Your reference still works."),
              "success")
    return redirect(url_for("checks.resident_return"))


@bp.route("/checks/lost-reference", methods=["GET", "POST"])
@public
@resident_limits("RATELIMIT_RESIDENT_PER_CLIENT", "RATELIMIT_RESIDENT_ALL_CLIENTS")
def resident_lost():
    form = LostReferenceForm()
    if form.validate_on_submit():
        bookings.send_references_again(form.email.data)
        return render_template("checks/resident_lost.html", form=None, sent=True)
    return render_template("checks/resident_lost.html", form=form, sent=False)


# ---------------------------------------------------------------------------- reporting

def report_form_for(booking, report, *, formdata=True):
    """The report form for the booking's campaign, filled from the report kept so far, and the
    questions with the wording each shows (the one answered under, else the current one)."""
    questions, _retired = campaign_questions(booking.slot.campaign)
    answers = reports.answers_of(report)
    for question in questions:
        kept = answers.get(question.id)
        if kept is not None:
            question.wording = kept.wording
    data = {}
    if report is not None:
        data = {name: getattr(report, name) for name in reports.FIELDS}
        data.update({f"q{qid}": answer.answer for qid, answer in answers.items()})
    form_class = build_report_form(questions)
    form = form_class(data=data) if formdata else form_class(formdata=None, data=data)
    return form, questions


def handle_report(booking, *, by, done_url, template, **context):
    """Save, or save and send, the report (shared with coordinators entering one by phone).
    An autosave (htmx) answers with the status line only."""
    report = reports.report_of(booking)
    form, questions = report_form_for(booking, report)
    refusal = None
    if request.method == "POST":
        form.visited_on.waiting = bool(htmx)
        if form.validate():
            try:
                report = reports.save_report(booking, form.values(), form.answers(), by=by)
                if htmx:
                    return render_template("checks/_report_status.html", report=report)
                if "send" in request.form:
                    needed = reports.submit_report(booking, by=by)
                    if not needed:
                        flash(_("Your report is sent. Thank you."), "success")
                        return redirect(done_url)
                    _mark_missing(form, needed)
                else:
                    flash(_("Your report is saved. You can come back to it with your "
                            "reference."), "success")
                    return redirect(done_url)
            except reports.ReportRefused as refused:
                refusal = refused.message
        elif htmx:
            return render_template("checks/_report_status.html", report=report, unsaved=True)
    return render_template(template, form=form, questions=questions, booking=booking,
                           report=report, refusal=refusal, **context)


def _mark_missing(form, needed):
    messages = {"visited_on": _l("Enter the day you visited or called"),
                "channel": _l("Choose how you made contact"),
                "outcome": _l("Choose what happened in the end")}
    for name in needed:
        field = form[name]
        field.errors = [*field.errors, messages.get(name, _l("Answer this question"))]


@bp.route("/checks/my-check/report", methods=["GET", "POST"])
@public
@resident_limits("RATELIMIT_RESIDENT_PER_CLIENT", "RATELIMIT_RESIDENT_ALL_CLIENTS")
def resident_report():
    booking = _need_booking()
    if booking is None:
        return redirect(url_for("checks.resident_return"))
    return handle_report(booking, by=None, done_url=url_for("checks.resident_check"),
                         template="checks/resident_report.html",
                         save_url=url_for("checks.resident_report"))

