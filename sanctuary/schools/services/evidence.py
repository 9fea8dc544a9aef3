"""A staff training session we delivered, used as evidence in its organisation's Sanctuary Award
application: attached, through the award services, to the criteria coordinators tagged as staff
training criteria. (The award side only ever sees the row it is handed.)"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ...awards.models import Application, Criterion, CriterionTag, RecordedEvidence
from ...awards.services import RecordedRefused, attach_recorded, tagged_criteria
from ...core.db import db
from ...core.i18n import enabled_languages, in_language
from ..models import BookingState, SessionFeedback, SessionFormat

TAG = CriterionTag.STAFF_TRAINING

NOT_A_MEMBER = _l("Only the organisation's own people can use its sessions as evidence.")
NOT_USABLE = _l("Only a staff training session that has taken place can be evidence, while your "
                "application can change.")
NOT_OFFERED = _l("That criterion cannot take this session now. Choose from the list.")


class EvidenceRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class EvidenceOffer:
    application: Application
    criteria: list  # tagged criteria that can change now: what the session may be evidence for
    attached: list  # criteria it is evidence for already

    @property
    def choices(self):
        """What is left to choose from: the criteria it is not evidence for yet."""
        done = {criterion.id for criterion in self.attached}
        return [criterion for criterion in self.criteria if criterion.id not in done]


def evidence_offer(booking):
    """What the booking's session is, or could now be, evidence for in its organisation's active
    application; None when it cannot be evidence (not a delivered training session, no
    application, or nothing to show)."""
    if (booking.state != BookingState.DELIVERED or booking.format != SessionFormat.TRAINING
            or booking.session_date is None):
        return None
    application = Application.active_for(booking.organisation)
    if application is None:
        return None
    attached_ids = {row.criterion_id for row in RecordedEvidence.select(
        RecordedEvidence.criterion).where((RecordedEvidence.application == application)
                                          & (RecordedEvidence.source == booking.reference))}
    attached = Criterion.in_page_order(
        Criterion.select().where(Criterion.id.in_(list(attached_ids)))) if attached_ids else []
    offer = EvidenceOffer(application, tagged_criteria(application, TAG), attached)
    return offer if offer.criteria or offer.attached else None


def recorded_fields(booking):
    """What the award side keeps of the session: its format's name in every language the site
    speaks, the day, how long (the time fixed, else the length asked for) and how many took part
    (as the school told us afterwards, else as many as it expected)."""
    title = {}
    for language in enabled_languages():
        with in_language(language.code):
            title[language.code] = str(SessionFormat(booking.format).label)
    minutes = booking.duration_minutes
    if booking.session_date and booking.starts_at and booking.ends_at:
        minutes = int((booking.end - booking.start).total_seconds() // 60) or minutes
    feedback = SessionFeedback.get_or_none(SessionFeedback.booking == booking)
    return {"source": booking.reference, "title": title, "occurred_on": booking.session_date,
            "minutes": minutes,
            "people": feedback.reached if feedback is not None else booking.audience_size}


def use_as_evidence(booking, criterion_ids, *, by):
    """Attach the delivered session to the chosen tagged criteria of its organisation's
    application, by one of the organisation's people. Choosing a criterion again (a double
    click) changes nothing. Returns the recorded rows."""
    if not booking.is_school_member(by):
        raise EvidenceRefused(NOT_A_MEMBER)
    offer = evidence_offer(booking)
    if offer is None or not offer.criteria:
        raise EvidenceRefused(NOT_USABLE)
    by_id = {criterion.id: criterion for criterion in offer.criteria}
    wanted = set(criterion_ids)
    if not wanted or not wanted <= set(by_id):
        raise EvidenceRefused(NOT_OFFERED)
    fields = recorded_fields(booking)
    try:
        with db.atomic():
            return [attach_recorded(offer.application, by_id[criterion_id], **fields, by=by,
                                    tag=TAG)
                    for criterion_id in sorted(wanted)]
    except RecordedRefused as refused:
        raise EvidenceRefused(refused.message) from refused
