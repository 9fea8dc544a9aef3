"""The award side's tables, one module per topic: organisations (members, the pledge), criteria,
applications (answers, evidence, states) and the awards they win. Import them from here."""
from .applications import (
    ACTIVE_STATES,
    APPLICATION_TRANSITIONS,
    REFERENCE_PREFIX,
    Answer,
    Application,
    ApplicationState,
    Evidence,
    RecordedEvidence,
    Round,
    criteria_asked_about,
    view_granted,
)
from .award import Award
from .criteria import Criterion, CriterionTag, Principle, Stream, StreamAssignment
from .organisations import (
    MEMBER_INVITATION,
    Membership,
    Organisation,
    OrganisationKind,
    PledgeSignature,
    PledgeText,
    SizeBand,
    member_removed,
)

__all__ = [
    "ACTIVE_STATES", "APPLICATION_TRANSITIONS", "MEMBER_INVITATION", "REFERENCE_PREFIX",
    "Answer", "Application", "ApplicationState", "Award", "Criterion", "CriterionTag",
    "Evidence", "Membership", "Organisation", "OrganisationKind", "PledgeSignature",
    "PledgeText", "Principle", "RecordedEvidence", "Round", "SizeBand", "Stream",
    "StreamAssignment", "criteria_asked_about", "member_removed", "view_granted",
]
