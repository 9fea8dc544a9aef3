"""Who may use a handler, said one way. Each view carries who may open it (`public`, or the
decorators in accounts.access, which mark it the same way), and each handler loads the row it acts
on with `load_or_404(Model, id, can="view")`, which asks the row's `can_<verb>(user)` predicate.
tests/core/test_permissions.py walks the URL map and fails on a view that does neither."""
from flask import abort
from flask_login import current_user
from peewee import ModelSelect

# The attribute a view function carries: "public", "signed in", or the roles it needs.
ACCESS = "access"


def mark(view, access):
    setattr(view, ACCESS, access)
    return view


def public(view):
    """Anyone may open this page, signed in or not (it must also be listed as public in
    tests/support/routes.py)."""
    return mark(view, "public")


LARGEST_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL's bigint hold


def load_or_404(source, id, *, can, user=None, where=None, key=None):
    """The row of `source` (a model, or a query of one) with this `id`, when `user` (by default
    the signed-in person) may `can` it. 404 when there is no such row (or it fails `where`, an
    extra condition that makes it the row this URL means); 403 when the person may not. `can`
    names a predicate of the row (`can="edit"` asks `row.can_edit(user)`), or is a function of
    (row, user) for a predicate a higher feature defines. `key` is the column the id is matched
    against when it is not the row's own (an award found by its application's id)."""
    if not 0 < id <= LARGEST_ID:
        abort(404)  # no row has it, and the database could not even compare it
    query = source if isinstance(source, ModelSelect) else source.select()
    model = query.model
    condition = (key if key is not None else model.id) == id
    if where is not None:
        condition &= where
    row = query.where(condition).first()
    if row is None:
        abort(404)
    predicate = can if callable(can) else getattr(row, f"can_{can}")
    person = user if user is not None else current_user
    allowed = predicate(row, person) if callable(can) else predicate(person)
    if not allowed:
        abort(403)
    return row
