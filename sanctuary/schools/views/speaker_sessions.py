"""Speakers on the coordinators' page of a booking: who is invited or coming, inviting one of the
speakers who may come, calling an invitation off, and recording a yes given by phone."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.forms import ActionForm
from ...core.permissions import LARGEST_ID, load_or_404
from ...core.templating import isolated
from .. import roster_queries, speaker_queries
from ..forms.speakers import InviteForm
from ..models import Booking, BookingState, Speaker, SpeakerAssignment
from ..services import assignments
from . import bp

CONFIRMED = Booking.state == BookingState.CONFIRMED


def _invite_form(invitable, *, blank=False):
    form = InviteForm(formdata=None) if blank else InviteForm()
    form.speaker.choices = [SelectChoice(str(speaker.id), speaker.name)
                            for speaker, _usual, _clashes in invitable]
    return form


def speakers_part(booking):
    """What `schools/_coordinate_speakers.html` shows on the booking's page."""
    confirmed = booking.state == BookingState.CONFIRMED
    invitable = roster_queries.invitable_for(booking) if confirmed else []
    return {"speaker_assignments": speaker_queries.assignments_of(booking),
            "invitable": invitable, "speakers_open": confirmed,
            "invite_form": _invite_form(invitable, blank=True) if confirmed else None,
            "speaker_action_form": ActionForm()}


def _back(booking_id):
    return redirect(url_for("schools.coordinate_booking", booking_id=booking_id) + "#speakers")


@bp.route("/coordinate/school-sessions/<int:booking_id>/invite", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def invite_speaker(booking_id):
    """The speakers who may be invited to the confirmed session (also on the booking's page,
    which posts here); a refusal is shown as the form's error."""
    booking = load_or_404(Booking, booking_id, can="manage", where=CONFIRMED)
    invitable = roster_queries.invitable_for(booking)
    form = _invite_form(invitable)
    if form.is_submitted() and roster_queries.is_invited(booking, request.form.get("speaker")):
        return _back(booking.id)  # the same form again (a double click): invited already
    if form.validate_on_submit():
        speaker = Speaker.get_by_id(int(form.speaker.data))
        try:
            assignments.invite(booking, speaker, by=current_user)
            flash(isolated(_("%(name)s is invited to this session."), name=speaker.name),
                  "success")
            return _back(booking.id)
        except assignments.AssignmentRefused as refused:
            form.speaker.errors = [refused.message]
    return render_template("schools/coordinate_invite.html", booking=booking, form=form,
                           invitable=invitable)


def _assignment_or_404(booking_id, assignment_id):
    if not 0 < booking_id <= LARGEST_ID:
        abort(404)  # load_or_404 checks the assignment's id; the booking's is ours to check
    query = (SpeakerAssignment.select(SpeakerAssignment, Booking, Speaker)
             .join(Booking).switch(SpeakerAssignment).join(Speaker))
    return load_or_404(query, assignment_id, where=SpeakerAssignment.booking == booking_id,
                       can=lambda assignment, user: assignment.booking.can_manage(user))


@bp.post("/coordinate/school-sessions/<int:booking_id>/speakers/<int:assignment_id>/call-off")
@role_required(*COORDINATORS)
def call_off_speaker(booking_id, assignment_id):
    assignment = _assignment_or_404(booking_id, assignment_id)
    if ActionForm().validate_on_submit():
        try:
            assignments.call_off(assignment, by=current_user)
            flash(isolated(_("The invitation to %(name)s is called off."),
                           name=assignment.speaker.name), "success")
        except assignments.AssignmentRefused as refused:
            flash(refused.message, "error")
    return _back(booking_id)


@bp.post("/coordinate/school-sessions/<int:booking_id>/speakers/<int:assignment_id>/yes")
@role_required(*COORDINATORS)
def record_speaker_yes(booking_id, assignment_id):
    """The speaker said yes to a coordinator (by phone, in person): recorded as their answer."""
    assignment = _assignment_or_404(booking_id, assignment_id)
    if ActionForm().validate_on_submit():
        try:
            assignments.accept(assignment, by=current_user)
            flash(isolated(_("%(name)s's yes is recorded: they are coming to this session."),
                           name=assignment.speaker.name), "success")
        except assignments.AssignmentRefused as refused:
            flash(refused.message, "error")
    return _back(booking_id)
