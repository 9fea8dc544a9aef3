"""The coordinator's decision on a round of review and the feedback the applicant reads."""

from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField, TextField

from ..accounts.models import User
from ..awards.models import Application, ApplicationState, Criterion
from ..core.db import BaseModel, UTCDateTimeField, utcnow
from ..core.labels import Labelled


class Outcome(Labelled):
    AWARDED = "awarded", _l("Awarded")
    FURTHER_EVIDENCE = "further_evidence", _l("Further evidence requested")
    NOT_AWARDED = "not_awarded", _l("Not yet awarded")

    @property
    def state(self):
        return ApplicationState(self.value)


class Decision(BaseModel):
    """What the coordinator records for one round of review: a draft until sent. Only `message`,
    `evidence_request`, `evidence_due` and the feedback rows ever reach the applicant; the
    rationale is internal."""

    application = ForeignKeyField(Application, backref="decisions", on_delete="CASCADE")
    round = IntegerField()
    outcome = CharField(max_length=32, null=True)
    message = TextField(default="")  # to the applicant
    rationale = TextField(default="")  # internal: never shown to the applicant
    evidence_request = TextField(default="")  # what further evidence is needed
    evidence_due = DateField(null=True)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)
    updated_at = UTCDateTimeField(default=utcnow)
    sent_at = UTCDateTimeField(null=True)
    sent_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    overdue_alerted_at = UTCDateTimeField(null=True)  # coordinators told the date passed

    class Meta:
        indexes = ((("application", "round"), True),)

    @property
    def outcome_label(self):
        return Outcome(self.outcome).label if self.outcome else ""


class DecisionFeedback(BaseModel):
    """Feedback on one criterion, for the applicant; `needs_evidence` names the criteria that
    further evidence is asked for."""

    decision = ForeignKeyField(Decision, backref="feedback", on_delete="CASCADE")
    criterion = ForeignKeyField(Criterion, backref="+", on_delete="RESTRICT")
    strengths = TextField(default="")
    improvements = TextField(default="")
    questions = TextField(default="")
    needs_evidence = BooleanField(default=False)

    class Meta:
        indexes = ((("decision", "criterion"), True),)

    @property
    def is_empty(self):
        return not (self.strengths.strip() or self.improvements.strip()
                    or self.questions.strip())

