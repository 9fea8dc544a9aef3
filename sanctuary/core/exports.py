"""CSV exports: written through defusedcsv (a cell that a spreadsheet would run as a formula is
written as text), streamed as the rows are read, with headings in the reader's language."""
import io

from defusedcsv import csv
from flask import Response, stream_with_context

from .security import no_store

# A byte-order mark first: without it Excel reads the UTF-8 file as Windows-1252 and garbles
# every name that is not plain English.
BYTE_ORDER_MARK = "\ufeff"
# Rows are sent in pieces of about this many characters.
CHUNK = 16 * 1024


def csv_response(filename, headings, rows):
    """A CSV download named `filename` (plain ASCII), never stored by the browser: `headings`
    (lazy strings, written in the language of this request), then `rows` (an iterable of lists,
    read only as the response is sent, so a long export never sits whole in memory)."""
    header = [str(heading) for heading in headings]  # in the reader's language, now

    def pieces():
        buffer = io.StringIO()
        # Every cell quoted: a reader that splits on ";" (Excel in most of Europe) then cannot
        # cut a formula out of the middle of a cell.
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        yield BYTE_ORDER_MARK + _taken(buffer)
        for row in rows:
            writer.writerow(row)
            if buffer.tell() >= CHUNK:
                yield _taken(buffer)
        yield _taken(buffer)

    # The request stays open while the rows are read: a query iterated by `rows` still has its
    # connection and the reader's language.
    response = Response(stream_with_context(pieces()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return no_store(response)


def _taken(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
