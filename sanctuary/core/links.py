"""Capability links: a token, sent in an email, that lets whoever holds it do one thing (its
purpose) about one subject until it expires, with or without an account.

A subject is a (kind, id) pair, ("organisation", 3) or ("booking", 12), or a row (its table name
and id); links about the holder themselves (signing in, a password reset) have none. The holder is
who the link is for: an email address (as the feature normalises it) and/or a user id. Only the
token's hash is stored. A single-use link is spent by one conditional UPDATE, so two clicks at
once never both succeed; a reusable one works until it expires or is revoked: one by one, all of
one purpose about one subject, or all of a holder's."""
import datetime
import hashlib
import hmac
import secrets

from flask import current_app
from flask_babel import lazy_ngettext as _ln
from peewee import BooleanField, CharField, IntegerField

from .db import BaseModel, UTCDateTimeField, utcnow
from .jobs import RetentionRule, retention_rules
from .translated import JSONTextField


def new_token():
    return secrets.token_urlsafe(32)


def hash_token(token):
    """Tokens are stored only as hashes: a copy of the database opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


class Link(BaseModel):
    token_hash = CharField(max_length=64, unique=True)
    purpose = CharField(max_length=32)
    subject_kind = CharField(max_length=32, null=True)
    subject_id = IntegerField(null=True)
    holder_email = CharField(max_length=320, null=True, index=True)
    # Plain ids, not foreign keys: core knows no feature's tables.
    holder_user_id = IntegerField(null=True, index=True)
    payload = JSONTextField(default=dict)  # what the feature needs: the role offered, next_url
    single_use = BooleanField(default=True)
    created_by_id = IntegerField(null=True)
    created_at = UTCDateTimeField(default=utcnow)
    expires_at = UTCDateTimeField()
    used_at = UTCDateTimeField(null=True)  # single-use: when it was spent; reusable: last used
    revoked_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("subject_kind", "subject_id", "purpose"), False),)

    @property
    def subject(self):
        return None if self.subject_kind is None else (self.subject_kind, self.subject_id)

    @property
    def is_spent(self):
        return self.single_use and self.used_at is not None

    def is_usable(self, now=None):
        return (self.revoked_at is None and not self.is_spent
                and self.expires_at > (now or utcnow()))


def _subject(subject):
    """(kind, id) from a (kind, id) pair or a row."""
    if isinstance(subject, tuple):
        kind, subject_id = subject
        return str(kind), int(subject_id)
    return subject._meta.table_name, subject.id


def _about(subject):
    kind, subject_id = _subject(subject)
    return (Link.subject_kind == kind) & (Link.subject_id == subject_id)


def _id(row_or_id):
    return row_or_id if row_or_id is None or isinstance(row_or_id, int) else row_or_id.id


def _not_spent():
    return Link.used_at.is_null() | (Link.single_use == False)  # noqa: E712 - peewee expression


def _usable(now):
    return Link.revoked_at.is_null() & (Link.expires_at > now) & _not_spent()


def issue(purpose, *, lifetime, holder_email=None, holder_user=None, subject=None,
          payload=None, single_use=True, created_by=None, token=None):
    """A new link; returns (token, link). The token goes into the email and is never stored.
    Call it inside the transaction that queues the email."""
    if holder_email is None and holder_user is None:
        raise ValueError("A link is for someone: give holder_email or holder_user")
    kind, subject_id = _subject(subject) if subject is not None else (None, None)
    token = token or new_token()
    link = Link.create(
        token_hash=hash_token(token), purpose=purpose, subject_kind=kind, subject_id=subject_id,
        holder_email=holder_email, holder_user_id=_id(holder_user), payload=payload or {},
        single_use=single_use, created_by_id=_id(created_by), expires_at=utcnow() + lifetime)
    return token, link


def standing(purpose, *, subject, holder_email, lifetime, now=None):
    """The one reusable link of `purpose` about `subject` for this holder, the same token in
    every email (derived from the app's secret, so nothing but its hash is stored): issued the
    first time, then given again. None once it stopped working (revoked, or expired)."""
    kind, subject_id = _subject(subject)
    message = f"{purpose}:{kind}:{subject_id}:{holder_email}".encode()
    token = hmac.new(current_app.config["SECRET_KEY"].encode(), message, "sha256").hexdigest()
    link = Link.get_or_none(Link.token_hash == hash_token(token))
    if link is None:
        issue(purpose, lifetime=lifetime, holder_email=holder_email, subject=subject,
              single_use=False, token=token)
        return token
    return token if link.is_usable(now) else None


def find(token, purpose, *, now=None):
    """The link if it may still be used, or None. Looking never spends it (mail scanners look)."""
    return Link.get_or_none((Link.token_hash == hash_token(token)) & (Link.purpose == purpose)
                            & _usable(now or utcnow()))


def use(token, purpose, *, now=None):
    """Use the link: a single-use one is spent, and only one caller ever gets it; a reusable one
    stays usable. Returns the link, or None when it is unknown, spent, revoked or expired."""
    now = now or utcnow()
    used = (Link.update(used_at=now)
            .where((Link.token_hash == hash_token(token)) & (Link.purpose == purpose)
                   & _usable(now))
            .returning(Link)
            .execute())
    return next(iter(used), None)


def usable(purpose, *, subject=None, now=None):
    """The links of `purpose` (about `subject`, if given) that still work, newest first."""
    query = Link.select().where((Link.purpose == purpose) & _usable(now or utcnow()))
    if subject is not None:
        query = query.where(_about(subject))
    return query.order_by(Link.created_at.desc(), Link.id.desc())


def _revoke(condition, now):
    return (Link.update(revoked_at=now or utcnow())
            .where(condition & Link.revoked_at.is_null() & _not_spent())
            .execute())


def revoke(link, *, now=None):
    """Stop one link working; True if it still worked until now."""
    return _revoke(Link.id == _id(link), now) == 1


def revoke_for(purpose, subject, *, now=None):
    """Stop every link of `purpose` about `subject` working (another subject's stay); a count."""
    return _revoke((Link.purpose == purpose) & _about(subject), now)


def revoke_sent(*, by, purposes=None, subject=None, now=None):
    """Stop every link that `by` sent working (only those of `purposes`, about `subject`, if
    given): a member removed from an organisation, say; returns how many."""
    condition = Link.created_by_id == _id(by)
    if purposes is not None:
        condition &= Link.purpose.in_(list(purposes))
    if subject is not None:
        condition &= _about(subject)
    return _revoke(condition, now)


def revoke_held(*, email=None, user=None, purposes=None, subject=None, now=None):
    """Stop every link held by this email address or user working (only those of `purposes`,
    and about `subject`, if given); returns how many."""
    holders = []
    if email is not None:
        holders.append(Link.holder_email == email)
    if user is not None:
        holders.append(Link.holder_user_id == _id(user))
    if not holders:
        raise ValueError("Whose links? Give email or user")
    condition = holders[0] if len(holders) == 1 else holders[0] | holders[1]
    if purposes is not None:
        condition &= Link.purpose.in_(list(purposes))
    if subject is not None:
        condition &= _about(subject)
    return _revoke(condition, now)


def expired_or_spent(before):
    """Links that stopped working before `before` (expired, spent or revoked): what a retention
    rule may delete, as `Link.delete().where(Link.id.in_(expired_or_spent(t).select(Link.id)))`."""
    return Link.select().where(
        (Link.expires_at <= before)
        | ((Link.single_use == True) & (Link.used_at <= before))  # noqa: E712
        | (Link.revoked_at <= before))


def _delete_stopped(cutoff):
    return Link.delete().where(Link.id.in_(expired_or_spent(cutoff).select(Link.id))).execute()


def retention_rules_for(app):
    """Links are deleted a while after they stop working (core.jobs)."""
    days = app.config["RETENTION_LINK_DAYS"]
    return [RetentionRule("Links that no longer work", datetime.timedelta(days=days),
                          _delete_stopped, _ln(
                              "Links we emailed (to sign in, reset a password or join): deleted "
                              "%(num)d day after they expire or are used.",
                              "Links we emailed (to sign in, reset a password or join): deleted "
                              "%(num)d days after they expire or are used.", days))]


def init_app(app):
    retention_rules.connect(retention_rules_for)
