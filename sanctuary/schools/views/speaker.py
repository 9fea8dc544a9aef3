"""The speaker's page, through the link in their invitation, with no account: the session, where
they stand, and their answer. Opening it changes nothing; accepting, declining, saying they can
no longer come and asking to be removed are POSTs, which mark the link used."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...core.clock import london_now
from ...core.forms import ActionForm
from ...core.permissions import public
from ...core.security import private
from .. import services
from ..models import BookingState
from ..services import assignments
from . import bp


def _unusable():
    return render_template("schools/speaking_unusable.html"), 410


@bp.get("/school-sessions/speaking/<token>")
@public
@private  # its address holds the link's token
def speaking(token):
    """The invitation, for whoever holds the speaker's link: looking changes nothing."""
    assignment = services.assignment_by_token(token)
    if assignment is None:
        return _unusable()
    return render_template("schools/speaking.html", assignment=assignment,
                           booking=assignment.booking, school=assignment.booking.organisation,
                           token=token, form=ActionForm(formdata=None),
                           answerable=_is_ahead(assignment))


def _is_ahead(assignment):
    return (assignment.booking.state == BookingState.CONFIRMED
            and assignment.starts > london_now().replace(tzinfo=None))


def _still_ahead(assignment):
    """No answer once the session has started or is no longer confirmed (marked delivered, say):
    who came and who did not is history by then (accepting checks it again as it moves)."""
    if not _is_ahead(assignment):
        raise services.AssignmentRefused(assignments.SESSION_OVER)


def _answer(token, act, done):
    """Load the invitation by its link, act on it, and go back to its page (saying why not)."""
    assignment = services.assignment_by_token(token, using=True)
    if assignment is None:
        return _unusable()
    if ActionForm().validate_on_submit():
        try:
            _still_ahead(assignment)
            act(assignment, by=None)
            flash(done, "success")
        except services.AssignmentRefused as refused:
            flash(str(refused.message), "error")
    return redirect(url_for("schools.speaking", token=token))


@bp.post("/school-sessions/speaking/<token>/accept")
@public  # the speaker's link is the permission
@private
def speaking_accept(token):
    return _answer(token, assignments.accept,
                   _("Thank you: you are coming. We have told the coordinators."))


@bp.post("/school-sessions/speaking/<token>/decline")
@public  # the speaker's link is the permission
@private
def speaking_decline(token):
    return _answer(token, assignments.decline,
                   _("Thank you for letting us know. We have told the coordinators."))


@bp.post("/school-sessions/speaking/<token>/withdraw")
@public  # the speaker's link is the permission
@private
def speaking_withdraw(token):
    return _answer(token, assignments.withdraw,
                   _("Thank you for letting us know. We have told the coordinators, who will "
                     "find someone else."))


@bp.get("/school-sessions/speaking/<token>/remove")
@public
@private
def speaking_remove(token):
    """What removing their details means, before they confirm it."""
    assignment = services.assignment_by_token(token)
    if assignment is None:
        return _unusable()
    return render_template("schools/speaking_remove.html", assignment=assignment, token=token,
                           form=ActionForm(formdata=None))


@bp.post("/school-sessions/speaking/<token>/remove")
@public  # the speaker's link is the permission
@private
def speaking_erase(token):
    assignment = services.assignment_by_token(token, using=True)
    if assignment is None:
        return _unusable()
    if not ActionForm().validate_on_submit():
        return redirect(url_for("schools.speaking_remove", token=token))
    services.remove_speaker(assignment.speaker, by=None)
    # The link stops working with their details: they are told where they stand instead.
    flash(_("We have removed your details and told the coordinators. Thank you for everything "
            "you gave."), "success")
    return redirect(url_for("pages.home"))
