"""Recorded evidence: what another feature vouches for (a staff training session we delivered),
attached to the criteria coordinators tagged for it, beside the files. Higher features call these;
awards knows nothing of them but the row they hand over."""
from flask_babel import lazy_gettext as _l

from ...core.db import db, is_postgres
from ..models import Application, Criterion, CriterionTag, RecordedEvidence


class RecordedRefused(Exception):
    """The row cannot be attached (or removed) now; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


NOT_A_MEMBER = _l("Only the organisation's own people can add evidence to its application.")
NOT_TAGGED = _l("That criterion does not take this kind of evidence.")
LOCKED = _l("That criterion of your application cannot change now.")


def tagged_criteria(application, tag):
    """The criteria of the application's stream in use and tagged `tag` that can change now
    (every one of a draft; while further evidence is asked for, the ones asked about)."""
    return [criterion for criterion in Criterion.in_use(application.stream)
            if criterion.has_tag(tag) and application.can_change_criterion(criterion.id)]


def attach_recorded(application, criterion, *, source, title, occurred_on, minutes, people, by,
                    tag=CriterionTag.STAFF_TRAINING):
    """Attach what `source` names ("SB-2027-0004") to one criterion tagged `tag`, by one of the
    organisation's people. Attaching it again gives back the row already there (a unique index
    on application, criterion and source): a double click makes one row."""
    if not application.organisation.can_edit(by):
        raise RecordedRefused(NOT_A_MEMBER)
    if (criterion.stream_id != application.stream_id or criterion.retired_at is not None
            or not criterion.has_tag(tag)):
        raise RecordedRefused(NOT_TAGGED)
    with db.atomic():
        # Read again inside the transaction: a submission a moment ago locks the criteria.
        query = Application.select().where(Application.id == application.id)
        current = (query.for_update() if is_postgres() else query).get()
        if not current.can_change_criterion(criterion.id):
            raise RecordedRefused(LOCKED)
        (RecordedEvidence.insert(application=current, criterion=criterion, source=source,
                                 title=title, occurred_on=occurred_on, minutes=minutes,
                                 people=people, added_by=by,
                                 added_in_round=current.review_round)
         .on_conflict_ignore().execute())
        return RecordedEvidence.get((RecordedEvidence.application == current)
                                    & (RecordedEvidence.criterion == criterion)
                                    & (RecordedEvidence.source == source))


def can_remove_recorded(record, user):
    """Its organisation's people, under the rules for files (see RecordedEvidence.is_removable)."""
    application = record.application
    return application.can_edit(user) and record.is_removable(application)


def remove_recorded(record, *, by):
    """Take the row off its criterion (the session itself stays where it came from). Removing it
    twice removes it once."""
    if not can_remove_recorded(record, by):
        raise RecordedRefused(LOCKED)
    RecordedEvidence.delete().where(RecordedEvidence.id == record.id).execute()
