"""Rules for people's text: what a line, a paragraph or a name may hold, and text for headers.

Control characters (NUL, CR, LF, DEL, ...) break mail headers and PostgreSQL; direction overrides
and invisible characters in names let words show reversed or one name pass for another. ZWNJ and
ZWJ (U+200C, U+200D) are letters' business in Persian, Urdu, Pashto, Sorani and Tamil: kept.
"""
import re
import unicodedata

# Direction embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069), and the invisible
# zero-width space, word joiner and byte-order mark.
NOT_IN_NAMES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff")
PARAGRAPH_KEEPS = frozenset("\t\n")
_NEWLINES = re.compile(r"\r\n?")


def is_control(char):
    return unicodedata.category(char) == "Cc"


def control_characters(text, *, allowed=frozenset()):
    return [char for char in text if is_control(char) and char not in allowed]


def invisible_in_name(text):
    return [char for char in text if char in NOT_IN_NAMES]


def normalise_newlines(text):
    """CRLF (what browsers send for a textarea's line breaks) and lone CR become LF."""
    return _NEWLINES.sub("\n", text) if isinstance(text, str) else text


def for_header(text):
    """People's text made safe for a mail header: control characters become spaces, and every run
    of white space (Unicode's line separators too) one space."""
    return " ".join("".join(" " if is_control(char) else char for char in text).split())
