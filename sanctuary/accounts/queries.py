"""Named reads about people: a person by email, invitations waiting."""
from ..core import links
from .models import TokenPurpose, User, normalise_email


def find_user(email):
    return User.get_or_none(User.email == normalise_email(email))


def pending_invitations():
    """Invitations to the staff not yet accepted and still usable, newest first."""
    return links.usable(TokenPurpose.INVITATION)
