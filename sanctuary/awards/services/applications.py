"""Applicants' writes on an application: starting it, saving answers, adding and removing
evidence files."""
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError, fn

from ...core.db import db, is_postgres, unchanged_since, utcnow
from ...core.uploads import accept, storage, within_total
from ..models import (
    APPLICATION_TRANSITIONS,
    Answer,
    Application,
    ApplicationState,
    Evidence,
    Stream,
)


def start_application(organisation, *, by):
    """The organisation's active application, started now if it has none. Safe to double-click:
    a unique index allows one active application per organisation."""
    existing = Application.active_for(organisation)
    if existing is not None:
        return existing
    try:
        with db.atomic():
            application = Application.create(organisation=organisation, created_by=by,
                                             stream=Stream.for_kind(organisation.kind))
            APPLICATION_TRANSITIONS.record_start(application, by=by)
            return application
    except IntegrityError:  # started by a colleague (or a second click) a moment ago
        return Application.active_for(organisation)


def save_answer(application, criterion, *, doing_now, next_steps, target_date, version, by,
                edit_id=None, keep_target_date=False):
    """Save an answer made from the copy of it at `version` on the page load `edit_id`. Returns
    (answer, saved): when it was saved meanwhile from another page (a colleague's, or the same
    person's other tab or device), nothing is written and `saved` is False, so the caller can
    show both versions. A newer save from the same page (an autosave still on its way when a
    button was pressed) is not a conflict: what the page sends now is what was typed last.
    `keep_target_date` leaves the saved date as it is (one typed halfway is not a date yet)."""
    with db.atomic():
        (Answer.insert(application=application, criterion=criterion)
         .on_conflict_ignore().execute())
        further = {}
        if application.state == ApplicationState.FURTHER_EVIDENCE:
            # Keep the answer as the panel read it, the first time it changes in this round.
            before = Answer.get((Answer.application == application)
                                & (Answer.criterion == criterion))
            if before.changed_in_round != application.review_round:
                further = dict(changed_in_round=application.review_round, earlier={
                    "doing_now": before.doing_now, "next_steps": before.next_steps,
                    "target_date": before.target_date.isoformat() if before.target_date else None})
        dated = {} if keep_target_date else {"target_date": target_date}
        saved = (Answer.update(doing_now=doing_now, next_steps=next_steps, **dated,
                               version=Answer.version + 1, edit_id=edit_id or None,
                               updated_at=utcnow(), updated_by=by, **further)
                 .where((Answer.application == application) & (Answer.criterion == criterion)
                        & unchanged_since(Answer.version, version, Answer.edit_id, edit_id))
                 .execute()) == 1
        answer = Answer.get((Answer.application == application) & (Answer.criterion == criterion))
    return answer, saved


def add_evidence(application, criterion, *, filename, data, by):
    """Check and keep an evidence file. Raises core.uploads.UploadRefused with a message to
    show."""
    kind = accept(data)
    with db.atomic():
        if is_postgres():  # one upload at a time per application, so the total stays true
            Application.select().where(Application.id == application.id).for_update().execute()
        used = (Evidence.select(fn.COALESCE(fn.SUM(Evidence.size), 0))
                .where(Evidence.application == application).scalar())
        within_total(used, len(data), limit=current_app.config["MAX_APPLICATION_FILES_BYTES"],
                     message=_l("Your application already has %(used)s of evidence, and the "
                                "limit is %(limit)s. Remove a file, or use a smaller one."))
        key = storage().save(data)
        return Evidence.create(application=application, criterion=criterion, storage_key=key,
                               filename=_display_name(filename, kind),
                               content_type=kind.content_type,
                               size=len(data), uploaded_by=by,
                               added_in_round=application.review_round)


def _display_name(filename, kind):
    """The name to show and download as: the person's name for it, with the true extension."""
    stem = Path(filename or "").stem.strip() or "evidence"
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '\\/:*?"<>|')[:200]
    return f"{stem or 'evidence'}.{kind.extension}"


def remove_evidence(evidence):
    with db.atomic():
        Evidence.delete().where(Evidence.id == evidence.id).execute()
    storage().delete(evidence.storage_key)
