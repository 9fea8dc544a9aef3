"""Named reads about people: a person by email, people by id, a link still usable, invitations
waiting."""
from ..core.db import utcnow
from .models import EmailToken, TokenPurpose, User, hash_token, normalise_email


def find_user(email):
    return User.get_or_none(User.email == normalise_email(email))


def people_by_id(ids):
    """{id: User} of these ids (the people named in core.audit's events)."""
    return {user.id: user for user in User.select().where(User.id.in_(list(ids)))}


def usable_token(token, purpose, *, now=None):
    """The token's record if it may still be used (it is not spent by looking)."""
    record = EmailToken.get_or_none(
        (EmailToken.token_hash == hash_token(token)) & (EmailToken.purpose == purpose)
    )
    return record if record is not None and record.is_usable(now) else None


def pending_invitations():
    return (EmailToken.select()
            .where((EmailToken.purpose == TokenPurpose.INVITATION)
                   & EmailToken.used_at.is_null() & (EmailToken.expires_at > utcnow()))
            .order_by(EmailToken.created_at.desc()))
