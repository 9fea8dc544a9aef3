"""What school sessions do on their own: the reminders core.jobs sends, and the links that end
with a membership."""
from ...core import links
from ...core.jobs import Reminder
from .. import notifications
from ..models import MANAGE_LINK, Booking
from ..queries import due_for_reminder
from .bookings import manage_token
from .feedback import FEEDBACK_ASKED


def _remind(booking):
    notifications.reminder(booking, token=manage_token(booking))


SESSION_COMING_UP = Reminder("School session coming up", due=due_for_reminder,
                             claim=(Booking.reminded_at,), send=_remind)


def reminders_for(app):
    """School sessions' reminders, for core.jobs."""
    return [SESSION_COMING_UP, FEEDBACK_ASKED]


def forget_removed_member(organisation, *, user):
    """Someone left a school (or was removed): the manage links they hold for its bookings stop
    working, as their membership did (awards.member_removed)."""
    for booking in Booking.select().where(Booking.organisation == organisation):
        links.revoke_held(email=user.email, purposes=[MANAGE_LINK], subject=booking)
