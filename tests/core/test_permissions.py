"""One permission mechanism: every view says who may open it, and every handler that acts on a
row loads it through core.permissions.load_or_404, which asks the row's can_<verb> predicate."""
import ast
import inspect
import textwrap

import pytest
from werkzeug.exceptions import Forbidden, NotFound

from sanctuary.accounts.models import Role
from sanctuary.awards.models import Membership, Organisation
from sanctuary.core.permissions import ACCESS, load_or_404
from tests.factories import make_membership, make_organisation, make_user
from tests.support.routes import PUBLIC_ENDPOINTS

FLASKS_OWN = {"static"}  # Flask's static files view, which no decorator of ours can mark


def views(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in FLASKS_OWN:
            yield rule, app.view_functions[rule.endpoint]


def test_every_view_says_who_may_open_it_and_public_ones_are_listed(app):
    unmarked = sorted(rule.endpoint for rule, view in views(app) if not hasattr(view, ACCESS))
    public = {rule.endpoint for rule, view in views(app) if getattr(view, ACCESS, None) == "public"}

    assert unmarked == []
    assert public == PUBLIC_ENDPOINTS - FLASKS_OWN


def _calls(function):
    """The names a function calls, and its module's functions it calls (one level down), so
    that a handler's small helper counts as the handler."""
    module = inspect.getmodule(function)
    names = set()
    todo, seen = [function], set()
    while todo:
        current = inspect.unwrap(todo.pop())
        if current in seen:
            continue
        seen.add(current)
        tree = ast.parse(textwrap.dedent(inspect.getsource(current)))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                names.add(node.func.id)
                helper = getattr(module, node.func.id, None)
                if inspect.isfunction(helper) and helper.__module__ == module.__name__:
                    todo.append(helper)
    return names


def test_every_handler_of_a_row_loads_it_through_the_one_loader(app):
    """A URL naming a row (`<int:…_id>`) is handled by a view that calls load_or_404."""
    offending = sorted(
        rule.endpoint for rule, view in views(app)
        if any(argument.endswith("_id") for argument in rule.arguments)
        and "load_or_404" not in _calls(view))

    assert offending == []


def test_the_walk_finds_a_handler_that_loads_a_row_itself(app):
    def handler(organisation_id):
        return Organisation.get_by_id(organisation_id)

    assert "load_or_404" not in _calls(handler)


# ---------------------------------------------------------------------------- the loader

def test_the_loader_gives_the_row_to_whom_its_predicate_allows(app):
    member = make_user()
    organisation = make_organisation(member=member)
    with app.test_request_context():
        assert load_or_404(Organisation, organisation.id, can="edit", user=member) == organisation


def test_the_loader_refuses_with_403_whom_the_predicate_refuses(app):
    organisation = make_organisation(member=make_user())
    outsider = make_user(email="outsider@example.org")
    with app.test_request_context(), pytest.raises(Forbidden):
        load_or_404(Organisation, organisation.id, can="view", user=outsider)


def test_the_loader_answers_404_for_no_row_or_one_outside_the_condition(app):
    member = make_user()
    organisation = make_organisation(member=member)
    other = make_organisation(member=make_user(email="other@example.org"))
    membership = make_membership(other, make_user(email="colleague@example.org"))
    with app.test_request_context():
        with pytest.raises(NotFound):
            load_or_404(Organisation, organisation.id + 100, can="view", user=member)
        with pytest.raises(NotFound):  # another organisation's membership, under this one's URL
            load_or_404(Membership, membership.id, can="remove", user=member,
                        where=Membership.organisation == organisation)


def test_the_loader_takes_a_predicate_a_higher_feature_defines(app):
    organisation = make_organisation(member=make_user())
    coordinator = make_user(email="coordinator@example.org", roles=[Role.COORDINATOR])
    asked = []

    def may(row, user):
        asked.append((row, user))
        return False

    with app.test_request_context(), pytest.raises(Forbidden):
        load_or_404(Organisation.select(), organisation.id, can=may, user=coordinator)
    assert asked == [(organisation, coordinator)]
