"""Awards held: whether one is current, the directory of holders, renewing, and what the status
and organisation pages show about them."""
import datetime

from ...core.clock import london_today
from ..models import Application, ApplicationState, Award, Organisation

RENEWAL_WINDOW_DAYS = 90
# Applications that keep an award valid after its expiry date, while they are assessed.
ASSESSING = (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW,
             ApplicationState.FURTHER_EVIDENCE)



def award_of(application):
    return Award.get_or_none(Award.application == application)


def is_current(award, today=None):
    """Not yet expired, or expired while its renewal is being assessed."""
    today = today or london_today()
    if award.expires_on >= today:
        return True
    return Application.select().where((Application.renewal_of == award.application_id)
                                      & Application.state.in_(list(ASSESSING))).exists()


def directory(today=None):
    """Current awards whose holders agreed to be listed, one per organisation (the latest)."""
    today = today or london_today()
    renewing = Application.select(Application.renewal_of).where(
        Application.state.in_(list(ASSESSING)) & Application.renewal_of.is_null(False))
    awards = (Award.select(Award, Application, Organisation).join(Application)
              .switch(Award).join(Organisation)
              .where(Award.listed & ((Award.expires_on >= today)
                                     | Award.application.in_(renewing)))
              .order_by(Award.awarded_on.desc(), Award.id.desc()))
    latest = {}
    for award in awards:
        latest.setdefault(award.organisation_id, award)
    holders = list(latest.values())
    return sorted(holders, key=lambda a: a.organisation.name.lower())


def renewal_opens_on(award):
    """The first day "Renew" is offered: RENEWAL_WINDOW_DAYS before the award ends."""
    return award.expires_on - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)


def in_renewal_window(award, today=None):
    today = today or london_today()
    return renewal_opens_on(award) <= today


def current_award(organisation, today=None):
    """The organisation's award in force: its latest, while that one is current."""
    latest = (Award.select().where(Award.organisation == organisation)
              .order_by(Award.awarded_on.desc(), Award.id.desc()).first())
    return latest if latest is not None and is_current(latest, today) else None


def can_start_again(application, today=None):
    """Renew an award in its last 90 days (or after it), or start again after "Not yet" or a
    withdrawal: not while the organisation has another application in progress."""
    if Application.active_for(application.organisation) is not None:
        return False
    if application.state == ApplicationState.AWARDED:
        award = award_of(application)
        return award is not None and in_renewal_window(award, today) and \
            _latest_award_application(application.organisation) == application.id
    return application.state in (ApplicationState.NOT_AWARDED, ApplicationState.WITHDRAWN) \
        and application.reference is not None


def _latest_award_application(organisation):
    latest = (Award.select().where(Award.organisation == organisation)
              .order_by(Award.awarded_on.desc(), Award.id.desc()).first())
    return latest.application_id if latest else None


def renewal_window_open_for(application, today=None):
    """A renewal may be submitted, whether or not a round is open, in the award's last 90 days."""
    if application.renewal_of_id is None:
        return False
    award = Award.get_or_none(Award.application == application.renewal_of_id)
    today = today or london_today()
    return award is not None and in_renewal_window(award, today) and award.expires_on >= today



def award_status(application):
    """What the applicant's status page shows about the award this application won, and whether
    it can be renewed (or started again) now."""
    award = award_of(application)
    return {
        "award": award,
        "award_current": award is not None and is_current(award),
        "in_renewal_window": award is not None and in_renewal_window(award),
        "can_start_again": can_start_again(application),
    }



def held_award(organisation):
    """For the organisation's page: its award in force, when it can renew, and whether it can
    now; or None."""
    award = current_award(organisation)
    if award is None:
        return None
    return {"award": award, "renew_from": renewal_opens_on(award),
            "renewal_open": in_renewal_window(award),
            "renewable": can_start_again(award.application)}


def renewal_reminders_due(today, days):
    """Awards ending within `days` whose reminder for `days` has not gone, and whose renewal has
    not been submitted."""
    submitted_renewals = Application.select(Application.renewal_of).where(
        Application.renewal_of.is_null(False) & Application.submitted_at.is_null(False))
    return (Award.select().where(
        getattr(Award, f"reminded_{days}_at").is_null() & (Award.expires_on >= today)
        & (Award.expires_on <= today + datetime.timedelta(days=days))
        & Award.application.not_in(submitted_renewals)))
