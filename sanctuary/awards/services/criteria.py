"""What coordinators set up: the criteria of each stream, which stream each kind of
organisation answers, the pledge's wording, and the rounds applications are submitted in."""
from peewee import fn

from ...core.db import db, utcnow
from ..models import Criterion, CriterionTag, PledgeText, Principle, Round, StreamAssignment


def _texts(values):
    return {code: text.strip() for code, text in values.items() if text and text.strip()}


def save_criterion(criterion=None, *, stream, principle, titles, guidances, evidence_required,
                   evidence_hints, tags=None):
    """Add a criterion (at the end of its principle) or reword one. Applications already
    submitted keep the wording they answered (they hold their own copy). `tags` (CriterionTag
    values) are kept in the order declared; None leaves a criterion's tags as they are."""
    fields = dict(stream=stream, principle=Principle(principle), title=_texts(titles),
                  guidance=_texts(guidances), evidence_required=evidence_required,
                  evidence_hint=_texts(evidence_hints), updated_at=utcnow())
    if tags is not None or criterion is None:
        chosen = {CriterionTag(tag) for tag in tags or ()}
        fields["tags"] = [tag.value for tag in CriterionTag if tag in chosen]
    with db.atomic():
        if criterion is None:
            last = (Criterion.select(fn.MAX(Criterion.position))
                    .where((Criterion.stream == stream) & (Criterion.principle == principle))
                    .scalar())
            return Criterion.create(position=(last if last is not None else -1) + 1, **fields)
        moved = criterion.principle != fields["principle"]
        for name, value in fields.items():
            setattr(criterion, name, value)
        if moved:
            criterion.position = 1 + (Criterion.select(fn.MAX(Criterion.position)).where(
                (Criterion.stream == stream) & (Criterion.principle == principle)
                & (Criterion.id != criterion.id)).scalar() or 0)
        criterion.save()
        return criterion


def move_criterion(criterion, *, up):
    """Swap a criterion with its neighbour above or below, within its principle."""
    siblings = [c for c in Criterion.in_use(criterion.stream) if c.principle == criterion.principle]
    index = next(i for i, c in enumerate(siblings) if c.id == criterion.id)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return False
    with db.atomic():
        # Renumber the whole principle so that equal positions can never make a swap a no-op.
        siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
        for position, sibling in enumerate(siblings):
            Criterion.update(position=position).where(Criterion.id == sibling.id).execute()
    return True


def retire_criterion(criterion):
    """Stop asking a criterion of new applications (answers already given keep it)."""
    Criterion.update(retired_at=utcnow()).where(Criterion.id == criterion.id).execute()


def restore_criterion(criterion):
    (Criterion.update(retired_at=None, updated_at=utcnow())
     .where(Criterion.id == criterion.id).execute())


def assign_stream(kind, stream):
    (StreamAssignment.insert(kind=kind, stream=stream)
     .on_conflict(conflict_target=[StreamAssignment.kind], update={StreamAssignment.stream: stream})
     .execute())


def set_pledge_text(texts, *, by):
    """A new wording of the pledge; organisations that signed keep the wording they signed."""
    return PledgeText.create(text=_texts(texts), created_by=by)


def open_round(name, *, closes_on=None):
    return Round.create(name=name.strip(), closes_on=closes_on, is_open=True)


def plan_round(name, *, opens_on, closes_on=None):
    return Round.create(name=name.strip(), opens_on=opens_on, closes_on=closes_on)


def set_round_open(round_, is_open):
    Round.update(is_open=is_open).where(Round.id == round_.id).execute()
