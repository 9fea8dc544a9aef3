"""Awards: granting one when the panel's decision is sent, the holder's place in the public
directory, renewing (or starting again), and the reminders before an award ends."""

from flask_babel import lazy_gettext as _l

from ...core.db import db
from ...core.jobs import Reminder, send_reminder
from .. import notifications
from ..models import Answer, Application, Award, Criterion
from ..queries import can_start_again, renewal_reminders_due
from .applications import start_application

AWARD_YEARS = 3
REMINDER_DAYS = (90, 30)



class RenewalRefused(Exception):
    """A new application cannot be started from this one now; the message says why."""



def years_later(day, years):
    """The same date `years` on (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)



def grant_award(application, *, today):
    """The award an application won, for AWARD_YEARS from `today`; granted once however often
    this is called. A renewal keeps the earlier award's place in the directory."""
    earlier = application.renewal_of_id and Award.get_or_none(
        Award.application == application.renewal_of_id)
    Award.insert(organisation=application.organisation, application=application,
                 awarded_on=today, expires_on=years_later(today, AWARD_YEARS),
                 listed=bool(earlier and earlier.listed)).on_conflict_ignore().execute()



def set_listed(award, listed, *, by):
    Award.update(listed=bool(listed)).where(Award.id == award.id).execute()



def claim_as_renewal(draft, earlier, *, by):
    """Make `draft` the renewal of `earlier`, pre-filled with its answers and targets for the
    criteria still in use. Only the first caller claims it (a double click copies once)."""
    with db.atomic():
        claimed = (Application.update(renewal_of=earlier)
                   .where((Application.id == draft.id) & Application.renewal_of.is_null())
                   .execute())
        if not claimed:
            return False
        answers = {a.criterion_id: a for a in Answer.select().where(
            Answer.application == earlier)}
        for criterion in Criterion.in_use(draft.stream):
            answer = answers.get(criterion.id)
            if answer is not None:
                (Answer.insert(application=draft, criterion=criterion,
                               doing_now=answer.doing_now, next_steps=answer.next_steps,
                               target_date=answer.target_date, version=1, updated_by=by)
                 .on_conflict_ignore().execute())
    return True



def start_again(application, *, by):
    """A new draft pre-filled with the earlier application's answers and targets (for criteria
    still in use). Safe to double-click: an organisation has one active application."""
    if not can_start_again(application):
        existing = Application.active_for(application.organisation)
        if existing is not None and existing.renewal_of_id == application.id:
            return existing
        raise RenewalRefused(_l("A new application cannot be started from this one now."))
    draft = start_application(application.organisation, by=by)
    claim_as_renewal(draft, application, by=by)
    return Application.get_by_id(draft.id)


def _renewal_reminder(days):
    # Claiming the nearer reminder claims the earlier ones too, which would now come too late.
    claim = tuple(getattr(Award, f"reminded_{d}_at")
                  for d in sorted(REMINDER_DAYS, key=lambda d: d != days) if d >= days)
    return Reminder(f"Renewals ({days} days)",
                    due=lambda today: renewal_reminders_due(today, days), claim=claim,
                    send=lambda award: notifications.renewal_due(award, days=days))


# 30 first: a late run sends only the nearer reminder.
RENEWAL_REMINDERS = tuple(_renewal_reminder(days) for days in sorted(REMINDER_DAYS))


def send_renewal_reminders(today):
    """Email holders 90 and 30 days before their award expires, once each, even if a day was
    missed; never once a renewal has been submitted (core.jobs claims each once)."""
    return sum(send_reminder(reminder, today) for reminder in RENEWAL_REMINDERS)


def reminders_for(app):
    """The award side's reminders, for core.jobs."""
    return list(RENEWAL_REMINDERS)
