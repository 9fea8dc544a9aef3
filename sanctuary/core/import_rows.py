"""Reading an import's CSV file: what a feature declares (an `Importer` and its `Column`s), the
checks on the file as a whole, and each row read, checked and compared with what is stored.
sanctuary.core.imports keeps the file and takes it through preview and confirmation."""
import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from babel.lists import format_list
from flask_babel import get_locale, gettext as _, lazy_gettext as _l, ngettext

from .i18n import in_language
from .labels import Labelled
from .templating import file_size
from .text import PARAGRAPH_KEEPS, control_characters, normalise_newlines
from .uploads import ODS, XLSX, sniff


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, in words for the person."""


class Invalid(ValueError):
    """A cell that cannot be read (raised by a column's `parse`): the message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def text(value):
    """The cell's text as it is (trimmed): a column's parse by default."""
    return value


@dataclass(frozen=True)
class Column:
    """A column of the file: `heading` names it in the file's first row (in English or in the
    reader's language); `parse(text)` turns a cell's trimmed text into its value, or raises
    Invalid. An empty cell is an error in a required column, and None in another."""

    name: str
    heading: object
    parse: Callable = text
    required: bool = True
    paragraphs: bool = False  # may hold line breaks and tabs


@dataclass(frozen=True)
class Importer:
    """What a feature imports. `key` names the columns that identify a row: the same key twice in
    a file is an error, and a row whose key is stored already is compared with the stored one.
    `existing(keys)` answers {key: {column name: stored value}} for the keys already stored;
    `write(rows, *, by)` stores the new and changed rows (ImportRow), inside the transaction of
    the import. `name` binds an upload to the import it was made for. `identify(values)`, when
    given, says which stored row a row is (by one column when it is filled in, by others when it
    is not): any hashable answer, given to `existing` in place of the tuple of `key` columns;
    `key` then names the columns it reads."""

    name: str
    columns: tuple
    key: tuple
    existing: Callable
    write: Callable
    max_bytes: int = 1024 * 1024
    max_rows: int = 2000
    identify: Callable = None


class RowStatus(Labelled):
    NEW = "new", _l("New")
    CHANGED = "changed", _l("Changed")
    UNCHANGED = "unchanged", _l("No change")
    INVALID = "invalid", _l("Has errors")


WRITTEN = (RowStatus.NEW, RowStatus.CHANGED)


@dataclass
class ImportRow:
    number: int  # its row in the spreadsheet: the headings are row 1
    cells: dict  # each column's text, as in the file
    values: dict = field(default_factory=dict)  # each column's value, read
    errors: dict = field(default_factory=dict)  # column name ("" for the whole row) -> message
    status: RowStatus = RowStatus.NEW
    before: dict = field(default_factory=dict)  # the stored values of the columns it changes

    def anchor(self, column=""):
        """The id of the row's cell in the preview (of its status, for the whole row)."""
        return f"import-row-{self.number}" + (f"-{column}" if column else "")


NOT_CSV = _l("This is not a CSV file. In your spreadsheet, choose “Save as”, then "
             "“CSV UTF-8”, and upload that file.")
NOT_UTF8 = _l("The file is not saved as UTF-8. In your spreadsheet, choose “Save as”, then "
              "“CSV UTF-8”, and upload that file.")


def _decoded(importer, data):
    if not data:
        raise ImportRefused(_("The file is empty. Choose another file."))
    if len(data) > importer.max_bytes:
        raise ImportRefused(_("The file is larger than %(size)s. Choose a smaller file.",
                              size=file_size(importer.max_bytes)))
    kind = sniff(data)
    if kind in (XLSX, ODS):
        raise ImportRefused(_("This is a spreadsheet, not a CSV file. In your spreadsheet, "
                              "choose “Save as”, then “CSV UTF-8”, and upload that file."))
    if kind is not None or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportRefused(NOT_CSV if kind is not None else NOT_UTF8)
    try:
        decoded = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        raise ImportRefused(NOT_UTF8) from None
    if "\x00" in decoded:
        raise ImportRefused(NOT_CSV)
    return decoded


def _folded(heading):
    return " ".join(heading.split()).casefold()


def _headings(importer):
    """{heading as it may be written: column}, in English and the reader's language."""
    known = {_folded(str(column.heading)): column for column in importer.columns}
    with in_language("en"):
        for column in importer.columns:
            known.setdefault(_folded(str(column.heading)), column)
    return known


def _listed(headings):
    """Column headings in a sentence: "“Name”, “Postcode” and “Phone”", as the language lists."""
    # i18n: a column's heading quoted in a message
    return format_list([_("“%(heading)s”", heading=heading) for heading in headings],
                       locale=get_locale())


def check(importer, data):
    """({column name: its place in a row}, the number of headings, [(row number, cells)] of the
    rows that are not empty), or ImportRefused."""
    decoded = _decoded(importer, data)
    known = _headings(importer)
    # Any line ending: old Mac files end lines with a lone CR.
    first_line = (decoded.splitlines() or [""])[0]
    try:
        # Comma, or semicolon (Excel's CSV where a comma marks decimals): whichever names more
        # columns.
        delimiter = max(",;", key=lambda d: sum(_folded(cell) in known
                                                 for cell in next(csv.reader([first_line],
                                                                             delimiter=d), [])))
        records = list(csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ImportRefused(NOT_CSV) from None
    header = records[0] if records else []
    places = {}
    for place, heading in enumerate(header):
        column = known.get(_folded(heading))
        if column is not None and column.name in places:
            raise ImportRefused(_("The first row names the column %(column)s twice. Keep one and "
                                  "upload the file again.", column=_listed([column.heading])))
        if column is not None:
            places[column.name] = place
    missing = [column.heading for column in importer.columns if column.name not in places]
    if missing:
        raise ImportRefused(_("The first row of the file must name its columns. Missing: "
                              "%(columns)s.", columns=_listed(missing)))
    rows = [(number, cells) for number, cells in enumerate(records[1:], start=2)
            if any(cell.strip() for cell in cells)]
    if not rows:
        raise ImportRefused(_("The file has no rows under its first row."))
    if len(rows) > importer.max_rows:
        raise ImportRefused(ngettext(
            "The file has too many rows: at most %(num)s row can be imported at once. Split it "
            "into smaller files.",
            "The file has too many rows: at most %(num)s rows can be imported at once. Split it "
            "into smaller files.", importer.max_rows))
    return places, len(header), rows


def read_rows(importer, data):
    """Every row of the file, read, checked and compared with what is stored."""
    places, width, records = check(importer, data)
    rows = [_read_row(importer, places, width, number, cells) for number, cells in records]
    _compare(importer, rows)
    return rows


def _read_row(importer, places, width, number, cells):
    row = ImportRow(number, {column.name: cells[places[column.name]]
                             if places[column.name] < len(cells) else ""
                             for column in importer.columns})
    if any(cell.strip() for cell in cells[width:]):
        row.errors[""] = _("This row has more cells than the first row has headings.")
    for column in importer.columns:
        value = row.cells[column.name].strip()
        if column.paragraphs:
            value = normalise_newlines(value)
        if control_characters(value, allowed=PARAGRAPH_KEEPS if column.paragraphs else ()):
            row.errors[column.name] = (
                _("%(field)s contains hidden characters that cannot be saved. Type it again, or "
                  "paste it as plain text", field=column.heading) if column.paragraphs else
                _("%(field)s must be on one line, with no hidden characters",
                  field=column.heading))
        elif not value:
            if column.required:
                row.errors[column.name] = _("%(field)s must be filled in", field=column.heading)
            else:
                row.values[column.name] = None
        else:
            try:
                row.values[column.name] = column.parse(value)
            except Invalid as invalid:
                row.errors[column.name] = invalid.message
    return row


def _compare(importer, rows):
    """Mark rows that repeat another's key, then say of each what confirming would do."""
    first_with = {}
    for row in rows:
        if any(name in row.errors for name in importer.key):
            continue
        key = _key(importer, row)
        if key in first_with and importer.identify is not None:
            # Which columns matched depends on the row: say only which row it repeats.
            row.errors.setdefault("", _("This row is the same as row %(row)s.",
                                        row=first_with[key]))
        elif key in first_with:
            headings = [c.heading for c in importer.columns if c.name in importer.key]
            row.errors.setdefault("", _("This row has the same %(columns)s as row %(row)s.",
                                        columns=_listed(headings), row=first_with[key]))
        else:
            first_with[key] = row.number
    readable = [row for row in rows if not row.errors]
    stored = importer.existing([_key(importer, row) for row in readable]) if readable else {}
    for row in rows:
        if row.errors:
            row.status = RowStatus.INVALID
        elif (before := stored.get(_key(importer, row))) is None:
            row.status = RowStatus.NEW
        else:
            row.before = {c.name: before.get(c.name) for c in importer.columns
                          if before.get(c.name) != row.values[c.name]}
            row.status = RowStatus.CHANGED if row.before else RowStatus.UNCHANGED


def _key(importer, row):
    if importer.identify is not None:
        return importer.identify(row.values)
    return tuple(row.values[name] for name in importer.key)
