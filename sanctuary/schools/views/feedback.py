"""After the session: the school says how it went (once its date has passed, or it is marked
delivered), and changes what it said whenever it likes."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import login_required
from ...core.clock import london_today
from ...core.permissions import load_or_404
from .. import queries_feedback, services
from ..forms.feedback import FeedbackForm
from ..models import Booking, can_give_feedback, feedback_is_open
from . import bp


@bp.app_template_global()
def session_feedback(booking):
    """The school's feedback on a booking (for the booking pages), or None."""
    return queries_feedback.feedback_of(booking)


@bp.app_template_global()
def feedback_open(booking):
    return feedback_is_open(booking, london_today())


@bp.route("/school-sessions/bookings/<int:booking_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(booking_id):
    booking = load_or_404(Booking, booking_id, can=can_give_feedback,
                          where=queries_feedback.open_for_feedback(london_today()))
    given = queries_feedback.feedback_of(booking)
    form = FeedbackForm(obj=given)
    if form.validate_on_submit():
        services.give_feedback(booking, by=current_user, **form.values())
        flash(_("Thank you: your feedback is saved. You can change it here at any time."),
              "success")
        return redirect(url_for("schools.booking", booking_id=booking.id))
    return render_template("schools/feedback.html", booking=booking, form=form, given=given)
