"""The school terms coordinators keep in the calendar, which the termly report counts by."""
from flask_babel import lazy_gettext as _l

from ...core.db import db
from ...core.templating import isolated
from ..models import Term
from ..queries_report import overlapping_term


class TermRefused(Exception):
    """The term cannot be added like that; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def add_term(*, name, starts_on, ends_on, by):
    """A term from `starts_on` to `ends_on` (both included), overlapping no other: a session
    falls in one term at most, so the reports of two terms never count it twice."""
    with db.atomic():
        other = overlapping_term(starts_on, ends_on)
        if other is not None:
            raise TermRefused(isolated(_l("These dates overlap %(name)s. Terms cannot overlap: "
                                          "change the dates, or remove the other term first."),
                                       name=other.name))
        return Term.create(name=name.strip(), starts_on=starts_on, ends_on=ends_on,
                           created_by=by)


def remove_term(term, *, by):
    """Only the period goes: the sessions in it stay as they are."""
    Term.delete().where(Term.id == term.id).execute()
