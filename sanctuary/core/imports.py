"""CSV imports with a preview. A feature describes its file as an `Importer` (its columns, each
with a heading and a function that reads a cell; the columns that identify a row; how to find the
rows already stored and how to write new and changed ones); core takes the upload, keeps it in
storage for the person who uploaded it, shows every row with its errors, and writes nothing until
that person confirms: then all of it in one transaction, once, however often they press."""
import datetime
from dataclasses import dataclass

from flask_babel import gettext as _, lazy_ngettext as _ln
from peewee import CharField, IntegerField

from .db import BaseModel, UTCDateTimeField, db, utcnow
from .import_rows import (
    WRITTEN,
    Column,
    Importer,
    ImportRefused,
    ImportRow,
    Invalid,
    RowStatus,
    check,
    read_rows,
    text,
)
from .jobs import RetentionRule, retention_rules
from .text import for_header
from .uploads import storage

# What a feature needs, from here.
__all__ = ["Column", "ImportRefused", "ImportRow", "Imported", "Importer", "Invalid",
           "NotYours", "PendingImport", "Preview", "RowStatus", "confirm", "discard", "preview",
           "receive", "stale_imports", "text"]


class NotYours(PermissionError):
    """Only the person who uploaded a file may confirm it."""


class PendingImport(BaseModel):
    """An uploaded file waiting for its uploader to confirm it; kept, confirmed or not, until a
    retention rule removes it (`stale_imports`, `discard`)."""

    kind = CharField(max_length=64)
    storage_key = CharField(max_length=64, unique=True)
    filename = CharField(max_length=255)
    uploaded_by_id = IntegerField(index=True)  # a person's id: core knows no model of people
    uploaded_at = UTCDateTimeField(default=utcnow, index=True)
    confirmed_at = UTCDateTimeField(null=True)

    def can_confirm(self, user):
        return bool(getattr(user, "is_authenticated", False)) and self.uploaded_by_id == user.id

    can_view = can_confirm


@dataclass(frozen=True)
class RowError:
    row: int
    anchor: str
    message: object


@dataclass(frozen=True)
class Preview:
    pending: PendingImport
    columns: tuple
    rows: list

    @property
    def errors(self):
        """Every error, in the order of the table: row by row, column by column."""
        names = [column.name for column in self.columns] + [""]
        return [RowError(row.number, row.anchor(name), row.errors[name])
                for row in self.rows for name in names if name in row.errors]

    def count(self, status):
        return sum(row.status == status for row in self.rows)

    @property
    def can_confirm(self):
        return not self.errors and any(row.status in WRITTEN for row in self.rows)


@dataclass(frozen=True)
class Imported:
    new: int
    changed: int
    unchanged: int


# ---------------------------------------------------------------------------- the steps

def receive(importer, *, filename, data, by):
    """Keep an uploaded file for `by` to preview and confirm. ImportRefused when it is too large,
    not a CSV file in UTF-8 (with or without a byte-order mark, as Excel's "CSV UTF-8" has), or
    its first row does not name every column."""
    check(importer, data)
    key = storage().save(data)
    try:
        return PendingImport.create(kind=importer.name, storage_key=key,
                                    filename=for_header(filename or "")[:255],
                                    uploaded_by_id=by.id)
    except Exception:
        storage().delete(key)
        raise


def preview(importer, pending):
    """Every row of a file not yet confirmed, with its errors and what confirming would do."""
    if pending.kind != importer.name:
        raise NotYours()
    rows = read_rows(importer, storage().read(pending.storage_key))
    return Preview(pending, importer.columns, rows)


def confirm(importer, pending, *, by):
    """Write the file's new and changed rows, in one transaction, and let the file go. None when
    it was confirmed already (a second click), having written nothing. NotYours for anyone but
    the uploader; ImportRefused when a row has an error."""
    if not pending.can_confirm(by) or pending.kind != importer.name:
        raise NotYours()
    with db.atomic():
        # Claimed by a conditional UPDATE: of two confirmations at once, one matches.
        claimed = (PendingImport.update(confirmed_at=utcnow())
                   .where((PendingImport.id == pending.id)
                          & (PendingImport.uploaded_by_id == by.id)
                          & PendingImport.confirmed_at.is_null()).execute())
        if not claimed:
            return None
        rows = read_rows(importer, storage().read(pending.storage_key))
        if any(row.errors for row in rows):
            raise ImportRefused(_("Nothing has been imported. Put the rows with errors right in "
                                  "the file and upload it again."))
        changes = [row for row in rows if row.status in WRITTEN]
        if changes:
            importer.write(changes, by=by)
    storage().delete(pending.storage_key)
    counted = {status: sum(row.status == status for row in rows) for status in RowStatus}
    return Imported(new=counted[RowStatus.NEW], changed=counted[RowStatus.CHANGED],
                    unchanged=counted[RowStatus.UNCHANGED])


def stale_imports(older_than):
    """Uploads made before `older_than` (a UTC time), confirmed or not: for a retention rule."""
    return (PendingImport.select().where(PendingImport.uploaded_at < older_than)
            .order_by(PendingImport.id))


def discard(pending):
    """Remove an upload: its file and its row."""
    storage().delete(pending.storage_key)
    PendingImport.delete().where(PendingImport.id == pending.id).execute()


def _discard_stale(cutoff):
    stale = list(stale_imports(cutoff))
    for pending in stale:
        discard(pending)
    return len(stale)


def retention_rules_for(app):
    """Uploaded files waiting to be imported are deleted a while after they came (core.jobs)."""
    days = app.config["RETENTION_IMPORT_DAYS"]
    return [RetentionRule("Uploaded files for import", datetime.timedelta(days=days),
                          _discard_stale, _ln(
                              "A file uploaded to import (a list of services, say): deleted "
                              "%(num)d day after it was uploaded, imported or not.",
                              "A file uploaded to import (a list of services, say): deleted "
                              "%(num)d days after it was uploaded, imported or not.", days))]


def init_app(app):
    retention_rules.connect(retention_rules_for)
