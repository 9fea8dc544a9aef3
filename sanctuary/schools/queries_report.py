"""The school terms, and the coordinators' figures for one: sessions requested, confirmed,
delivered and cancelled, and the pupils and staff reached, in all, by format and by key stage."""
import datetime
from dataclasses import dataclass, fields

from peewee import JOIN

from ..core.clock import LONDON
from .models import Booking, BookingState, KeyStage, SessionFeedback, SessionFormat, Term

# ---------------------------------------------------------------------------- terms


def all_terms():
    """Every term, the latest first."""
    return list(Term.select().order_by(Term.starts_on.desc(), Term.id.desc()))


def overlapping_term(first, last):
    """A term sharing at least a day with `first` to `last`, if there is one."""
    return (Term.select().where((Term.starts_on <= last) & (Term.ends_on >= first))
            .order_by(Term.starts_on).first())


def default_term(today, terms):
    """The term `today` is in; else the latest that has begun; else the first to come."""
    begun = [term for term in terms if term.starts_on <= today]
    current = [term for term in begun if term.ends_on >= today]
    if current or begun:
        return max(current or begun, key=lambda term: term.starts_on)
    return min(terms, key=lambda term: term.starts_on) if terms else None


# ---------------------------------------------------------------------------- figures


@dataclass
class Figures:
    """One row of the report. `requested` counts requests made during the term; the rest count
    sessions whose date is in the term, by where they stand now."""

    requested: int = 0
    confirmed: int = 0  # a date fixed, not yet delivered
    delivered: int = 0
    cancelled: int = 0  # called off after a date was fixed
    cancelled_late: int = 0
    reached: int = 0  # pupils or staff, by the schools' feedback on delivered sessions
    without_feedback: int = 0  # delivered sessions whose school has not said yet

    def values(self):
        return [getattr(self, field.name) for field in fields(self)]


@dataclass
class Report:
    total: Figures
    by_format: list  # [(SessionFormat, Figures)], every format
    by_key_stage: list  # [(KeyStage, Figures)], every stage; then (None, Figures) if any had none


def _utc_start(day):
    """The first moment of a London day, as stored times are kept (naive UTC)."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=LONDON)
    return start.astimezone(datetime.UTC).replace(tzinfo=None)


def _utc_end(day):
    """The first moment after a London day (for the last day a date can be: the last moment)."""
    if day >= datetime.date.max:
        return datetime.datetime.max
    return _utc_start(day + datetime.timedelta(1))


def _count(figures, booking, *, requested, in_term, reached):
    if requested:
        figures.requested += 1
    if in_term:
        if booking.state == BookingState.CONFIRMED:
            figures.confirmed += 1
        elif booking.state == BookingState.DELIVERED:
            figures.delivered += 1
            if reached is None:
                figures.without_feedback += 1
            else:
                figures.reached += reached
        elif booking.state == BookingState.CANCELLED:
            figures.cancelled += 1
            figures.cancelled_late += booking.cancelled_late


def term_report(term):
    """The figures of `term`, from one query of the bookings requested or held in it."""
    after, before = _utc_start(term.starts_on), _utc_end(term.ends_on)
    in_term = (Booking.session_date >= term.starts_on) & (Booking.session_date <= term.ends_on)
    rows = (Booking.select(Booking.id, Booking.state, Booking.format, Booking.key_stages,
                           Booking.cancelled_late, Booking.created_at, Booking.session_date,
                           SessionFeedback.reached)
            .join(SessionFeedback, JOIN.LEFT_OUTER, on=(SessionFeedback.booking == Booking.id))
            .where(((Booking.created_at >= after) & (Booking.created_at < before)) | in_term)
            .order_by(Booking.id).objects())
    total = Figures()
    by_format = {member: Figures() for member in SessionFormat}
    by_stage = {member: Figures() for member in KeyStage}
    unstaged = Figures()
    for booking in rows:
        held = booking.session_date is not None and term.includes(booking.session_date)
        requested = after <= booking.created_at < before
        groups = [total, by_format[SessionFormat(booking.format)]]
        groups += [by_stage[KeyStage(stage)] for stage in booking.key_stages] or [unstaged]
        for figures in groups:
            _count(figures, booking, requested=requested, in_term=held, reached=booking.reached)
    by_key_stage = list(by_stage.items())
    if unstaged != Figures():
        by_key_stage.append((None, unstaged))
    return Report(total=total, by_format=list(by_format.items()), by_key_stage=by_key_stage)
