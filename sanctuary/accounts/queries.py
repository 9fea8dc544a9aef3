"""Named reads about people: a person by email, people by id, invitations waiting."""
from ..core import links
from .models import TokenPurpose, User, normalise_email


def find_user(email):
    return User.get_or_none(User.email == normalise_email(email))


def people_by_id(ids):
    """{id: User} of these ids (the people named in core.audit's events)."""
    return {user.id: user for user in User.select().where(User.id.in_(list(ids)))}


def pending_invitations():
    """Invitations to the staff not yet accepted and still usable, newest first."""
    return links.usable(TokenPurpose.INVITATION)
