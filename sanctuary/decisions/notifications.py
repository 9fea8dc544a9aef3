"""The emails decisions sends: the decision to the applicant, more time for further evidence,
the further evidence to the panel, and the overdue alert to coordinators."""
from flask_babel import lazy_gettext as _l

from ..accounts.notifications import to_coordinators
from ..awards.queries import recipients
from ..core.outbox import queue_email
from ..core.urls import public_url


def decision_sent(application, decision, lines):
    """To every member and the named contact, each in their own language."""
    for address, language in recipients(application.organisation):
        queue_email(address, _l("A decision on your Sanctuary Award application %(reference)s",
                                reference=application.reference),
                    "decision", locale=language, application=application,
                    decision=decision, lines=lines,
                    link=public_url("awards.application", application_id=application.id))


def more_time_given(application, *, due):
    for address, language in recipients(application.organisation):
        queue_email(address, _l("More time for your further evidence (%(reference)s)",
                                reference=application.reference),
                    "evidence_extended", locale=language, reference=application.reference,
                    due=due, link=public_url("awards.application", application_id=application.id))


def further_evidence_arrived(application, reviewers, *, due_on):
    for reviewer in reviewers:
        queue_email(reviewer.email, _l("Further evidence has arrived for %(reference)s",
                                       reference=application.reference),
                    "panel_further_evidence", locale=reviewer.language,
                    reference=application.reference, due_on=due_on,
                    link=public_url("panel.review", application_id=application.id))


def evidence_overdue(decision):
    application = decision.application
    to_coordinators(_l("Further evidence for %(reference)s is overdue",
                       reference=application.reference),
                    "evidence_overdue", reference=application.reference,
                    organisation=application.organisation.name, due=decision.evidence_due,
                    link=public_url("decisions.decide", application_id=application.id))
