"""Every write about people: accounts, roles, sign-in links (core.links), sessions, passwords,
invitations. Hashing is in passwords.py, the emails in notifications.py, the reads in
queries.py."""
import datetime

from flask import current_app
from flask_babel import lazy_ngettext as _ln
from peewee import IntegrityError

from ..core import links
from ..core.db import db, utcnow
from ..core.jobs import RetentionRule
from ..core.links import hash_token, new_token
from ..core.outbox import prepare_after_response, preparing
from . import notifications
from .models import (
    STAFF_ROLES,
    PasswordResetRequest,
    Role,
    TokenPurpose,
    User,
    UserRole,
    UserSession,
    normalise_email,
)
from .passwords import check_password, hash_password
from .queries import find_user

TOKEN_LIFETIMES = {
    TokenPurpose.SIGN_IN: datetime.timedelta(minutes=30),
    TokenPurpose.PASSWORD_RESET: datetime.timedelta(minutes=30),
    TokenPurpose.INVITATION: datetime.timedelta(days=7),
}
# Touch a session's last_seen_at at most this often, so reading pages does not mean writing rows.
SESSION_TOUCH_INTERVAL = datetime.timedelta(minutes=5)


# ---------------------------------------------------------------------------- people

def create_user(email, *, roles=(), display_name="", language="en", password=None):
    """Create a person (or return the existing one), adding any roles they do not yet have."""
    email = normalise_email(email)
    with db.atomic():
        user = find_user(email)
        if user is None:
            try:
                with db.atomic():
                    user = User.create(email=email, display_name=display_name, language=language)
            except IntegrityError:  # created by a concurrent request a moment ago
                user = find_user(email)
        for role in roles:
            add_role(user, role)
        if password is not None:
            set_password(user, password)
    return user


def add_role(user, role):
    UserRole.insert(user=user, role=Role(role)).on_conflict_ignore().execute()
    user.__dict__.pop("_role_set", None)


def set_password(user, password):
    user.password_hash = hash_password(password)
    User.update(password_hash=user.password_hash).where(User.id == user.id).execute()


def update_profile(user, *, display_name, language):
    user.display_name = display_name
    user.language = language
    user.save(only=[User.display_name, User.language])
    return user


# ---------------------------------------------------------------------------- links by email

# Links that act as the person (sign in, reset the password): only the newest is ever usable.
SELF_SERVICE_LINKS = (TokenPurpose.SIGN_IN, TokenPurpose.PASSWORD_RESET)


def _issue_link(purpose, email, *, holder=None, **fields):
    """A new link (core.links) sent to `email`; for a sign-in or reset link, the person's earlier
    unused ones of the same purpose stop working (call inside the transaction that emails it)."""
    email = normalise_email(email)
    if purpose in SELF_SERVICE_LINKS:
        links.revoke_held(email=email, user=holder, purposes=[purpose])
    return links.issue(purpose, lifetime=TOKEN_LIFETIMES[purpose], holder_email=email,
                       holder_user=holder, **fields)


def request_sign_in_link(email, *, locale, next_url=None):
    """Email a sign-in link to `email`, known or not: a first sign-in creates the person.

    Staff sign in with a password, under its limits: a link asked for a staff address makes no
    token, and the email points them to the staff sign-in page instead."""
    user = find_user(email)
    if user is not None and user.is_staff:
        notifications.staff_sign_in_instead(user)
        return
    with db.atomic():
        token, _ = _issue_link(TokenPurpose.SIGN_IN, email, holder=user,
                               payload={"next_url": next_url} if next_url else None)
        notifications.sign_in_link(normalise_email(email), token,
                                   locale=user.language if user else locale)


def sign_in_with_link(token):
    """Spend a sign-in link; return (person, where they were going), or (None, None)."""
    with db.atomic():
        link = links.use(token, TokenPurpose.SIGN_IN)
        if link is None:
            return None, None
        user = create_user(link.holder_email)
    if not user.is_active or user.is_staff:  # a link sent before they joined the panel
        return None, None
    return user, link.payload.get("next_url")


def request_password_reset(email):
    """Note that a reset was asked for `email`, whoever it belongs to: the same work, and so the
    same time, for every address. The sender decides (`send_password_resets`) and emails staff."""
    PasswordResetRequest.create(email=normalise_email(email))
    prepare_after_response()


def send_password_resets(_sender=None, *, limit=100):
    """Turn pending reset requests into emails for active staff, and forget the rest. A request
    is claimed by deleting its row, so two senders never both act on one. Returns the messages."""
    queued = []
    pending = (PasswordResetRequest.select().order_by(PasswordResetRequest.id).limit(limit))
    for request in pending:
        with db.atomic():
            if PasswordResetRequest.delete_by_id(request.id) != 1:
                continue  # another sender took it
            user = find_user(request.email)
            if user is None or not user.is_active or not user.is_staff:
                continue
            token, _ = _issue_link(TokenPurpose.PASSWORD_RESET, user.email, holder=user)
            queued.append(notifications.password_reset(user, token))
    return queued


preparing.connect(send_password_resets)


def reset_password(token, password):
    """Spend a reset link and set the password; every existing session of the person ends."""
    with db.atomic():
        link = links.use(token, TokenPurpose.PASSWORD_RESET)
        if link is None:
            return None
        user = find_user(link.holder_email)
        set_password(user, password)
        end_all_sessions(user)
    return user


def invite(email, *, role, display_name, by, locale):
    """Invite someone to join as reviewer or coordinator; the email lets them set a password."""
    role = Role(role)
    with db.atomic():
        existing = find_user(email)
        # A new invitation replaces any earlier one to the same address (a corrected role).
        links.revoke_held(email=normalise_email(email), purposes=[TokenPurpose.INVITATION])
        token, link = _issue_link(TokenPurpose.INVITATION, email, holder=existing, created_by=by,
                                  payload={"role": role.value, "display_name": display_name})
        notifications.invitation(link.holder_email, token, role=role, by=by,
                                 locale=existing.language if existing else locale)
    return link


def accept_invitation(token, *, display_name, password):
    """Take up an invitation: the role is added and the password set. Someone who has a password
    already keeps it (an invitation never replaces a password: that is what a reset is for)."""
    with db.atomic():
        link = links.use(token, TokenPurpose.INVITATION)
        if link is None:
            return None
        links.revoke_held(email=link.holder_email, purposes=[TokenPurpose.INVITATION])
        existing = find_user(link.holder_email)
        keeps_password = existing is not None and existing.password_hash is not None
        user = create_user(link.holder_email, roles=[link.payload["role"]],
                           display_name=display_name,
                           password=None if keeps_password else password)
        user.kept_password = keeps_password
        if display_name and user.display_name != display_name:
            User.update(display_name=display_name).where(User.id == user.id).execute()
            user.display_name = display_name
    return user


# ---------------------------------------------------------------------------- sessions

def start_session(user):
    """Record a new sign-in; the key goes into the cookie (through Flask-Login), its hash here."""
    key = new_token()
    UserSession.create(key_hash=hash_token(key), user=user)
    user.session_key = key
    return key


def idle_limit(user):
    config = current_app.config
    if user.role_set & STAFF_ROLES:
        return datetime.timedelta(hours=config["STAFF_SESSION_IDLE_HOURS"])
    return datetime.timedelta(days=config["PUBLIC_SESSION_IDLE_DAYS"])


def load_session(key, *, now=None):
    """The signed-in person for a session key, or None if it was revoked or left idle too long."""
    now = now or utcnow()
    found = (UserSession.select(UserSession, User).join(User)
             .where((UserSession.key_hash == hash_token(key)) & UserSession.revoked_at.is_null())
             .first())
    if found is None or not found.user.is_active:
        return None
    user = found.user
    if now - found.last_seen_at > idle_limit(user):
        end_session(key, now=now)
        return None
    if now - found.last_seen_at > SESSION_TOUCH_INTERVAL:
        UserSession.update(last_seen_at=now).where(UserSession.id == found.id).execute()
    user.session_key = key
    return user


def end_session(key, *, now=None):
    (UserSession.update(revoked_at=now or utcnow())
     .where((UserSession.key_hash == hash_token(key)) & UserSession.revoked_at.is_null())
     .execute())


def end_all_sessions(user, *, keep_key=None, now=None):
    """Sign the person out everywhere (but for `keep_key`, the session they are using), and
    revoke their unused sign-in and reset links, which could otherwise sign them in again. Called
    by "sign out everywhere", a password change and a reset; invitations they sent stay."""
    links.revoke_held(email=user.email, user=user, purposes=SELF_SERVICE_LINKS, now=now)
    query = UserSession.update(revoked_at=now or utcnow()).where(
        (UserSession.user == user) & UserSession.revoked_at.is_null())
    if keep_key is not None:
        query = query.where(UserSession.key_hash != hash_token(keep_key))
    return query.execute()


def change_password(user, *, current, new, keep_key):
    if not check_password(user, current):
        return False
    with db.atomic():
        set_password(user, new)
        end_all_sessions(user, keep_key=keep_key)
    return True


def _delete_ended_sessions(cutoff):
    """Sessions that ended before `cutoff`: signed out, or left unused past their idle limit
    (STAFF_SESSION_IDLE_HOURS for staff, PUBLIC_SESSION_IDLE_DAYS for everyone else)."""
    config = current_app.config
    public_idle = datetime.timedelta(days=config["PUBLIC_SESSION_IDLE_DAYS"])
    staff_idle = datetime.timedelta(hours=config["STAFF_SESSION_IDLE_HOURS"])
    staff = UserRole.select(UserRole.user).where(UserRole.role.in_(list(STAFF_ROLES)))
    return UserSession.delete().where(
        (UserSession.revoked_at < cutoff)
        | (UserSession.last_seen_at < cutoff - public_idle)
        | ((UserSession.last_seen_at < cutoff - staff_idle) & UserSession.user.in_(staff))
    ).execute()


def retention_rules_for(app):
    """Accounts' retention rules (core.jobs)."""
    days = app.config["RETENTION_SESSION_DAYS"]
    return [RetentionRule("Ended sign-ins", datetime.timedelta(days=days),
                          _delete_ended_sessions, _ln(
                              "The record of a sign-in to this site: deleted %(num)d day after "
                              "it ends (you sign out, or it is left unused too long).",
                              "The record of a sign-in to this site: deleted %(num)d days after "
                              "it ends (you sign out, or it is left unused too long).", days))]
