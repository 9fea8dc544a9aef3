"""The emails the panel sends: to a reviewer put on a panel or late with a review, and to the
coordinators when a reviewer declares a conflict. Each is queued inside the caller's transaction."""
from flask_babel import lazy_gettext as _l

from ..accounts.notifications import to_coordinators
from ..core.outbox import queue_email
from ..core.urls import public_url


def assigned(application, reviewer, *, due_on):
    queue_email(reviewer.email, _l("You are on the panel for %(reference)s",
                                   reference=application.reference),
                "panel_assigned", locale=reviewer.language, reference=application.reference,
                due_on=due_on, link=public_url("panel.review", application_id=application.id))


def conflict_declared(application, reviewer):
    to_coordinators(_l("A reviewer has a conflict on %(reference)s",
                       reference=application.reference),
                    "panel_conflict", reference=application.reference,
                    reviewer=reviewer.name_or_email,
                    link=public_url("panel.manage", application_id=application.id))


def review_overdue(application, reviewer, *, due_on):
    queue_email(reviewer.email, _l("Your review of %(reference)s is overdue",
                                   reference=application.reference),
                "panel_reminder", locale=reviewer.language, reference=application.reference,
                due_on=due_on, link=public_url("panel.review", application_id=application.id))
