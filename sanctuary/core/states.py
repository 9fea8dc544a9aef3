"""States that move only as declared. A feature names its model's transitions beside the model
(which states each starts from, the one it leads to); `move` applies one as a single conditional
UPDATE (... WHERE id = ? AND state = <the state read>) with its audit event in the same
transaction. Of two people acting at once only one UPDATE matches: the other finds the state
changed, and its move is refused.

    APPLICATION_TRANSITIONS = Transitions(
        Application.state, ApplicationState, visibility=Visibility.SUBJECT,
        submit=(ApplicationState.DRAFT, ApplicationState.SUBMITTED),
        withdraw=({ApplicationState.DRAFT, ApplicationState.SUBMITTED}, ApplicationState.WITHDRAWN))

Entering each state is an audit event ("application.submitted"), labelled as the state."""
from dataclasses import dataclass

from . import audit
from .db import db
from .labels import Labelled


class TransitionRefused(Exception):
    """The row's state does not allow this move (as declared, or as it is by now)."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str


class Transitions:
    """The declared moves of one model's state field (a Labelled enum of `states`), and the
    audit kinds of entering each state (`kinds`, a Labelled enum like any feature's)."""

    def __init__(self, field, states, *, visibility=audit.Visibility.STAFF, **transitions):
        self.field, self.model, self.states = field, field.model, states
        self.visibility = visibility
        self.subject_kind = self.model._meta.table_name
        self.transitions = {}
        edges = set()
        for name, (sources, target) in transitions.items():
            sources = frozenset(states(s) for s in ([sources] if isinstance(sources, str)
                                                    else sources))
            transition = Transition(name, sources, states(target))
            # One transition per (from, to): moving to a state says which transition it is.
            doubled = {(s, transition.target) for s in sources} & edges
            if doubled:
                raise ValueError(f"{name} repeats the move {sorted(doubled)}")
            edges |= {(s, transition.target) for s in sources}
            self.transitions[name] = transition
        self.kinds = audit.event_kinds(Labelled(f"{self.model.__name__}Entered", [
            (state.name, (f"{self.subject_kind}.{state.value}", state.label))
            for state in states]))

    def kind(self, state):
        """The audit kind of entering `state`."""
        return self.kinds[self.states(state).name]

    def allows(self, state, name):
        """Whether the transition `name` may start from `state`."""
        return self.states(state) in self.transitions[name].sources

    def between(self, current, target):
        """The transition from `current` to `target`, or None when none is declared."""
        current, target = self.states(current), self.states(target)
        return next((t for t in self.transitions.values()
                     if current in t.sources and t.target == target), None)

    def move(self, row, name, *, by, at=None, detail=None, also=None):
        """Apply the transition `name` to `row`, setting `also` ({field name: value}) in the same
        UPDATE, and record entering its state, done `by` a person. Raises TransitionRefused when
        the row's state does not allow it, or changed since the row was read."""
        transition = self.transitions[name]
        current = self.states(getattr(row, self.field.name))
        if current not in transition.sources:
            raise TransitionRefused(f"{self.subject_kind} {row._pk}: {current} cannot {name}")
        also = also or {}
        values = {self.field: transition.target,
                  **{getattr(self.model, field): value for field, value in also.items()}}
        with db.atomic():
            changed = (self.model.update(values)
                       .where((self.model._meta.primary_key == row._pk) & (self.field == current))
                       .execute())
            if changed != 1:
                raise TransitionRefused(f"{self.subject_kind} {row._pk} changed meanwhile")
            audit.record(self.kind(transition.target), (self.subject_kind, row._pk), by=by,
                         at=at, detail=detail, visibility=self.visibility)
        setattr(row, self.field.name, transition.target)
        for field, value in also.items():
            setattr(row, field, value)
        return row

    def move_to(self, row, target, **options):
        """Move `row` to `target` by the transition declared from its state (see `move`)."""
        transition = self.between(getattr(row, self.field.name), target)
        if transition is None:
            raise TransitionRefused(f"{self.subject_kind} {row._pk}: "
                                    f"{getattr(row, self.field.name)} cannot become {target}")
        return self.move(row, transition.name, **options)

    def record_start(self, row, *, by, at=None):
        """The row was created in its first state: the first event of its trail."""
        audit.record(self.kind(getattr(row, self.field.name)), (self.subject_kind, row._pk),
                     by=by, at=at, visibility=self.visibility)

    def entered_at(self, row, state):
        """When the row last entered `state` (None if it never did)."""
        return audit.last_at((self.subject_kind, row._pk), self.kind(state))
