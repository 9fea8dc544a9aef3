"""Declared transitions: a state moves only as its model declares, by one conditional UPDATE with
its audit event in the same transaction, so two people acting at once cannot both move it."""
import pytest
from flask_babel import lazy_gettext as _l
from peewee import CharField, IntegerField, Model

from sanctuary.core import audit
from sanctuary.core.audit import AuditEvent, Visibility
from sanctuary.core.db import db
from sanctuary.core.labels import Labelled
from sanctuary.core.states import TransitionRefused, Transitions
from tests.factories import make_user
from tests.support.concurrency import at_once


class DoorState(Labelled):
    CLOSED = "closed", _l("Draft")
    OPEN = "open", _l("Submitted")
    LOCKED = "locked", _l("Withdrawn")


class Door(Model):
    """A model of the test's own (not a BaseModel: the app's schema does not have it)."""

    state = CharField(max_length=16, default=DoorState.CLOSED)
    opened = IntegerField(default=0)

    class Meta:
        database = db
        table_name = "test_door"


DOOR_TRANSITIONS = Transitions(
    Door.state, DoorState, visibility=Visibility.SUBJECT,
    open=(DoorState.CLOSED, DoorState.OPEN),
    close=(DoorState.OPEN, DoorState.CLOSED),
    lock=({DoorState.CLOSED, DoorState.OPEN}, DoorState.LOCKED),
)


@pytest.fixture
def door(any_app):
    db.create_tables([Door])
    yield Door.create()
    db.drop_tables([Door])


def kinds():
    return [e.kind for e in AuditEvent.select().order_by(AuditEvent.id)]


def test_a_move_changes_the_state_and_records_entering_it(door):
    person = make_user()

    DOOR_TRANSITIONS.move(door, "open", by=person, also={"opened": 1})

    assert (door.state, Door.get_by_id(door.id).state) == ("open", "open")
    assert Door.get_by_id(door.id).opened == 1
    [event] = audit.read(("test_door", door.id), audience=Visibility.SUBJECT)
    assert (event.kind, event.by, str(event.label)) == ("test_door.open", person, "Submitted")
    assert DOOR_TRANSITIONS.entered_at(door, DoorState.OPEN) == event.at


def test_a_move_the_declaration_does_not_allow_is_refused_and_changes_nothing(door):
    with pytest.raises(TransitionRefused):
        DOOR_TRANSITIONS.move(door, "close", by=None)
    with pytest.raises(TransitionRefused):
        DOOR_TRANSITIONS.move_to(door, DoorState.CLOSED, by=None)

    assert (Door.get_by_id(door.id).state, kinds()) == ("closed", [])


def test_moving_to_a_state_takes_the_transition_declared_from_where_it_is(door):
    DOOR_TRANSITIONS.move_to(door, DoorState.OPEN, by=None)
    DOOR_TRANSITIONS.move_to(door, DoorState.LOCKED, by=None)

    assert Door.get_by_id(door.id).state == "locked"
    assert kinds() == ["test_door.open", "test_door.locked"]
    assert [DOOR_TRANSITIONS.allows(state, "lock") for state in DoorState] == [True, True, False]
    assert DOOR_TRANSITIONS.between(DoorState.OPEN, DoorState.CLOSED).name == "close"
    assert DOOR_TRANSITIONS.between(DoorState.LOCKED, DoorState.OPEN) is None


def test_a_move_from_a_state_read_before_someone_else_moved_it_is_refused(door):
    mine, theirs = Door.get_by_id(door.id), Door.get_by_id(door.id)
    DOOR_TRANSITIONS.move(theirs, "open", by=None)

    with pytest.raises(TransitionRefused):
        DOOR_TRANSITIONS.move(mine, "lock", by=None)  # allowed from what I read, not from now

    assert (Door.get_by_id(door.id).state, kinds()) == ("open", ["test_door.open"])


def test_two_people_moving_at_once_cannot_both_move_it(any_app, door):
    copies = [Door.get_by_id(door.id), Door.get_by_id(door.id)]  # each read it closed
    moves = ["open", "lock"]

    def act():
        row, name = copies.pop(), moves.pop()
        try:
            DOOR_TRANSITIONS.move(row, name, by=None)
        except TransitionRefused:
            return "refused"
        return name

    results = at_once(any_app, act)

    assert sorted(results) in (["lock", "refused"], ["open", "refused"])
    [won] = [r for r in results if r != "refused"]
    assert Door.get_by_id(door.id).state == DOOR_TRANSITIONS.transitions[won].target
    assert kinds() == [f"test_door.{DOOR_TRANSITIONS.transitions[won].target}"]


def test_a_move_whose_audit_event_cannot_be_written_does_not_happen(door):
    with pytest.raises(TypeError):  # a detail that is not JSON
        DOOR_TRANSITIONS.move(door, "open", by=None, detail={"when": object()})

    assert (Door.get_by_id(door.id).state, kinds()) == ("closed", [])


def test_a_rows_first_state_starts_its_trail(door):
    DOOR_TRANSITIONS.record_start(door, by=None)

    assert kinds() == ["test_door.closed"]


def test_a_move_declared_twice_is_refused():
    with pytest.raises(ValueError):
        Transitions(Door.state, DoorState, open=(DoorState.CLOSED, DoorState.OPEN),
                    reopen=({DoorState.CLOSED, DoorState.LOCKED}, DoorState.OPEN))
