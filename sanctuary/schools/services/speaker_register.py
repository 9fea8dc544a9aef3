"""The coordinators' private register of Community Forum speakers: adding and changing a
speaker's details, and recording (or withdrawing) their consent to be contacted about sessions.

Each change is in the speaker's trail (staff only). The trail names the fields changed, never
their values: a speaker who asks to be removed leaves no contact details behind in it."""
import datetime

from flask_babel import lazy_gettext as _l

from ...accounts.models import User
from ...core import audit, links
from ...core.audit import AuditEvent, event_kinds
from ...core.db import db, is_postgres, utcnow
from ...core.labels import Labelled
from ..models import SPEAKER_LINK, Speaker, SpeakerAssignment

SPEAKER_FIELDS = ("name", "email", "phone", "language", "formats", "topics", "languages",
                  "usual_days", "wants_feedback", "notes")


@event_kinds
class SpeakerRecordEvent(Labelled):
    ADDED = "speaker.added", _l("Speaker added")
    UPDATED = "speaker.updated", _l("Details changed")
    CONSENT_RECORDED = "speaker.consent_recorded", _l("Consent to be contacted recorded")
    CONSENT_WITHDRAWN = "speaker.consent_withdrawn", _l("Consent to be contacted withdrawn")


class SpeakerRefused(Exception):
    """The speaker's record cannot change like that now; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


FORM_KEY_LIFETIME = datetime.timedelta(days=1)
REMOVED = _l("This speaker's details were removed at their request: nothing more can be "
             "recorded about them.")


def _values(fields):
    values = {name: fields[name] for name in SPEAKER_FIELDS if name in fields}
    for name in ("name", "email", "phone", "topics", "languages", "notes"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if "formats" in values:
        values["formats"] = [str(value) for value in dict.fromkeys(values["formats"])]
    if "usual_days" in values:
        values["usual_days"] = sorted({int(day) for day in values["usual_days"]})
    return values


def added_with_key(form_key, by):
    """The speaker this person already added from the form with this key, if any."""
    if not form_key or by is None:
        return None
    # A form is sent again within the day, or never: only that day's additions are read.
    recent = AuditEvent.select().where(
        (AuditEvent.kind == SpeakerRecordEvent.ADDED.value) & (AuditEvent.by_id == by.id)
        & (AuditEvent.at >= utcnow() - FORM_KEY_LIFETIME))
    event = next((event for event in recent if event.detail.get("form_key") == form_key), None)
    return None if event is None else Speaker.get_or_none(Speaker.id == event.subject_id)


def add_speaker(*, by, form_key=None, **fields):
    """A new speaker, with no consent recorded yet. The form's own `form_key` makes a second
    submission of the same form (a double click, a retry) give back the first speaker: the
    person's row is locked first (PostgreSQL; SQLite's transactions queue anyway), so two at
    once cannot both miss the first."""
    with db.atomic():
        if form_key and by is not None:
            if is_postgres():
                User.select().where(User.id == by.id).for_update().execute()
            existing = added_with_key(form_key, by)
            if existing is not None:
                return existing
        speaker = Speaker.create(created_by=by, **_values(fields))
        audit.record(SpeakerRecordEvent.ADDED, speaker, by=by,
                     detail={"form_key": form_key} if form_key else None)
    return speaker


def update_speaker(speaker, *, by, **fields):
    """Change a speaker's details (not once they are removed)."""
    values = _values(fields)
    changed = sorted(name for name, value in values.items() if getattr(speaker, name) != value)
    with db.atomic():
        updated = (Speaker.update(**values)
                   .where((Speaker.id == speaker.id) & Speaker.removed_at.is_null()).execute())
        if updated != 1:
            raise SpeakerRefused(REMOVED)
        if "email" in changed and speaker.email:
            _retire_links(speaker)
        if changed:
            audit.record(SpeakerRecordEvent.UPDATED, speaker, by=by,
                         detail={"fields": changed})
    return Speaker.get_by_id(speaker.id)


def _retire_links(speaker):
    """The links sent to the speaker's address before it changed stop working: it may have been
    somebody else's (a typo corrected), who must not answer for them or see the school's address.
    Emails from now on carry a link for the new address."""
    for assignment in SpeakerAssignment.select().where(SpeakerAssignment.speaker == speaker):
        links.revoke_held(email=speaker.email, purposes=[SPEAKER_LINK], subject=assignment)


def record_consent(speaker, *, by):
    """They agree to be contacted about sessions: recorded now, by `by`. Recording it again while
    it stands changes nothing (a second click)."""
    with db.atomic():
        recorded = (Speaker.update(consent_at=utcnow(), consent_recorded_by=by,
                                   consent_withdrawn_at=None)
                    .where((Speaker.id == speaker.id) & Speaker.removed_at.is_null()
                           & (Speaker.consent_at.is_null()
                              | Speaker.consent_withdrawn_at.is_null(False)))
                    .execute())
        if recorded:
            audit.record(SpeakerRecordEvent.CONSENT_RECORDED, speaker, by=by)
        elif Speaker.get_by_id(speaker.id).removed_at is not None:
            raise SpeakerRefused(REMOVED)
    return Speaker.get_by_id(speaker.id)


def withdraw_consent(speaker, *, by):
    """They no longer want to be contacted about sessions: nobody can invite them until their
    consent is recorded again. Invitations already made are left for coordinators to call off."""
    with db.atomic():
        withdrawn = (Speaker.update(consent_withdrawn_at=utcnow())
                     .where((Speaker.id == speaker.id) & Speaker.consent_at.is_null(False)
                            & Speaker.consent_withdrawn_at.is_null()).execute())
        if withdrawn:
            audit.record(SpeakerRecordEvent.CONSENT_WITHDRAWN, speaker, by=by)
    return Speaker.get_by_id(speaker.id)
