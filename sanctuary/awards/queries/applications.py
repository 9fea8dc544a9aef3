"""An application's answers and files in page order, its sections' progress, what it still
needs before it can be submitted, and its timeline."""
from dataclasses import dataclass, field

from flask_babel import gettext as _, lazy_gettext as _l, ngettext

from ...core import audit
from ...core.forms import Missing
from ...core.labels import Labelled
from ...core.templating import local_date
from ...core.translated import localize
from ..models import (
    APPLICATION_TRANSITIONS,
    Answer,
    ApplicationState,
    Criterion,
    Evidence,
    PledgeSignature,
    Principle,
    RecordedEvidence,
)


class SectionStatus(Labelled):
    NOT_STARTED = "not_started", _l("Not started")
    IN_PROGRESS = "in_progress", _l("In progress")
    COMPLETED = "completed", _l("Completed")


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    status: SectionStatus
    answers_needed: int = 0  # criteria whose answer is not finished
    files_needed: int = 0  # criteria that need evidence and have no file yet

    @property
    def is_complete(self):
        return self.status == SectionStatus.COMPLETED


ANSWER_PARTS = ("doing_now", "next_steps", "target_date")


def criterion_gaps(criterion, answer, has_file):
    """What one criterion still needs, in page order: any of doing_now, next_steps, target_date
    and evidence. The one definition of done, for the sections and for submitting."""
    gaps = []
    if answer is None or not answer.doing_now.strip():
        gaps.append("doing_now")
    if answer is None or not answer.next_steps.strip():
        gaps.append("next_steps")
    if answer is None or answer.target_date is None:
        gaps.append("target_date")
    if criterion.evidence_required and not has_file:
        gaps.append("evidence")
    return gaps


def section_of(principle, criteria, answers, with_files):
    """One principle's section: Completed only when each of its criteria has everything it needs.
    `answers` maps criterion id to answer; `with_files` holds the ids of criteria with a file."""
    principle = Principle(principle)
    mine = [c for c in criteria if c.principle == principle]
    gaps = [criterion_gaps(c, answers.get(c.id), c.id in with_files) for c in mine]
    answers_needed = sum(any(part in g for part in ANSWER_PARTS) for g in gaps)
    files_needed = sum("evidence" in g for g in gaps)
    if mine and not any(gaps):
        status = SectionStatus.COMPLETED
    elif any((answers.get(c.id) is not None and answers[c.id].is_started) or c.id in with_files
             for c in mine):
        status = SectionStatus.IN_PROGRESS
    else:
        status = SectionStatus.NOT_STARTED
    return Section(principle.value, principle.label, status, answers_needed, files_needed)


def criterion_sections(application, criteria, answers, with_files):
    """The Learn, Embed and Share sections, each with its status from the answers and files."""
    return [section_of(principle, criteria, answers, with_files) for principle in Principle]


def criteria_with_files(application):
    """The ids of the application's criteria that have evidence: at least one file, or a
    recorded row (a training session we delivered counts as a file does)."""
    return {row.criterion_id for row in Evidence.select(Evidence.criterion).distinct()
            .where(Evidence.application == application)} | set(recorded_by_criterion(application))


def recorded_by_criterion(application):
    """{criterion id: [RecordedEvidence, ...]}, oldest first."""
    recorded = {}
    for item in (RecordedEvidence.select().where(RecordedEvidence.application == application)
                 .order_by(RecordedEvidence.occurred_on, RecordedEvidence.id)):
        recorded.setdefault(item.criterion_id, []).append(item)
    return recorded


def recorded_summary(item):
    """One recorded row as the panel and the applicant read it: what, when, how long, how many."""
    values = {"date": local_date(item.occurred_on), "title": localize(item.title).text}
    if item.minutes is None or item.people is None:
        # i18n: %(title)s is the kind of session, e.g. "Staff or governor training"
        return _("Staff training session delivered by the Sanctuary team: %(date)s, %(title)s",
                 **values)
    # i18n: e.g. "…: 3 March 2027, Staff or governor training, 90 minutes, 24 people"
    return _("Staff training session delivered by the Sanctuary team: %(date)s, %(title)s, "
             "%(minutes)s, %(people)s", **values,
             minutes=ngettext("%(num)d minute", "%(num)d minutes", item.minutes),
             people=ngettext("%(num)d person", "%(num)d people", item.people))


@dataclass(frozen=True)
class AnswerRow:
    criterion_id: int
    title: dict
    guidance: dict
    principle: str
    evidence_required: bool
    answer: "Answer | None"
    files: list
    recorded: list = field(default_factory=list)  # RecordedEvidence, beside the files


def answer_rows(application):
    """Each criterion with its answer and files, in page order. A submitted application shows the
    wording it was answered against (the copy kept at submission), not today's wording."""
    answers = {a.criterion_id: a for a in Answer.select().where(Answer.application == application)}
    files = {}
    for item in Evidence.select().where(Evidence.application == application).order_by(Evidence.id):
        files.setdefault(item.criterion_id, []).append(item)
    recorded = recorded_by_criterion(application)
    order = {p.value: i for i, p in enumerate(Principle)}
    if application.state == ApplicationState.DRAFT:
        rows = [AnswerRow(c.id, c.title, c.guidance, c.principle, c.evidence_required,
                          answers.get(c.id), files.get(c.id, []), recorded.get(c.id, []))
                for c in Criterion.in_use(application.stream)]
    else:
        kept = [a for a in answers.values() if a.snapshot]
        kept.sort(key=lambda a: (order[a.snapshot["principle"]], a.snapshot["position"],
                                 a.criterion_id))
        rows = [AnswerRow(a.criterion_id, a.snapshot["title"], a.snapshot["guidance"],
                          a.snapshot["principle"], a.snapshot["evidence_required"], a,
                          files.get(a.criterion_id, []), recorded.get(a.criterion_id, []))
                for a in kept]
    return rows


# What each gap in a criterion asks the applicant to do (see criterion_gaps).
GAP_MESSAGES = {
    "doing_now": _l("%(criterion)s: say what you are doing already"),
    "next_steps": _l("%(criterion)s: say what you will do next"),
    "target_date": _l("%(criterion)s: give a target date"),
    "evidence": _l("%(criterion)s: add evidence"),
}


def missing_items(application):
    """What must still be done before the application can be submitted, in page order: the
    same gaps that keep a section from being Completed."""
    items = []
    if not PledgeSignature.select().where(
            PledgeSignature.organisation == application.organisation).exists():
        items.append(Missing(_l("Sign the pledge"), section="pledge"))
    answers = {a.criterion_id: a for a in Answer.select().where(Answer.application == application)}
    with_files = criteria_with_files(application)
    for criterion in Criterion.in_use(application.stream):
        title = localize(criterion.title).text
        for gap in criterion_gaps(criterion, answers.get(criterion.id),
                                  criterion.id in with_files):
            items.append(Missing(GAP_MESSAGES[gap] % {"criterion": title},
                                 section=criterion.principle, criterion_id=criterion.id,
                                 field=gap))
    return items


def timeline_of(application, *, audience):
    """The states the application entered, oldest first, as `audience` may see them (its own
    people: core.audit.Visibility.SUBJECT; coordinators: STAFF), each with who moved it."""
    return audit.read(application, audience=audience, kinds=APPLICATION_TRANSITIONS.kinds)
