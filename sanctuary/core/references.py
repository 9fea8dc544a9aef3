"""References and codes that people read, say and type.

A reference (`SA-2027-0001`) is a prefix per kind of thing (SA: award applications, SB: school
bookings), the year and a number counted per prefix and year, taken inside the transaction that
writes it, so numbers never repeat.

A code (`KTR-4PW-9ZD`) lets someone without an account find what is theirs: eight random
characters and a check character, in Crockford's base32 (no I, L, O or U, which are read as
others), grouped in threes. The check is Damm's algorithm over GF(32) (x*y = 2x + y): it catches
every mistyped character and every swap of two neighbours, so `parse_code` can tell a typo from a
code that simply is not ours."""
import re
import secrets

from peewee import CharField, IntegerField

from .db import BaseModel, db

# ---------------------------------------------------------------------------- references


class ReferenceCounter(BaseModel):
    """The last number given under a prefix in a year (SA-2027-0042 is SA's 42nd of 2027)."""

    prefix = CharField(max_length=8)
    year = IntegerField()
    last = IntegerField(default=0)

    class Meta:
        indexes = ((("prefix", "year"), True),)


def next_reference(prefix, year):
    """`<prefix>-<year>-<number>`, the next number. Call it in the transaction that stores the
    reference: the UPDATE locks the counter row until then, so no two callers get one number."""
    this = (ReferenceCounter.prefix == prefix) & (ReferenceCounter.year == year)
    with db.atomic():
        ReferenceCounter.insert(prefix=prefix, year=year, last=0).on_conflict_ignore().execute()
        ReferenceCounter.update(last=ReferenceCounter.last + 1).where(this).execute()
        number = ReferenceCounter.get(this).last
    return f"{prefix}-{year}-{number:04d}"


# ---------------------------------------------------------------------------- codes

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
CODE_LENGTH = 9  # eight random characters and the check
GROUP = 3
_VALUE = {character: value for value, character in enumerate(ALPHABET)}
# What people type for what the code says: Crockford's readings of the letters it leaves out.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.]+")  # spaces, dashes of any length, _ and .


class InvalidCode(ValueError):
    """What was typed is not one of our codes."""


class NotACode(InvalidCode):
    """Not nine characters of the alphabet: not a code at all."""


class CodeTypo(InvalidCode):
    """Looks like a code, but its check does not match: a character is mistyped, or two are
    swapped."""


def _times_two(value):
    """2 * value in GF(32), modulo x^5 + x^2 + 1."""
    value <<= 1
    return value ^ 0b100101 if value & 0b100000 else value


def _check(values):
    """Damm's interim digit: 0 after the check character, for a well-formed code."""
    interim = 0
    for value in values:
        interim = _times_two(interim) ^ value
    return interim


def _grouped(characters):
    return "-".join(characters[i:i + GROUP] for i in range(0, len(characters), GROUP))


def new_code():
    """A fresh random code (40 random bits). Store it under a unique index and draw again on a
    clash."""
    body = [secrets.randbelow(len(ALPHABET)) for _ in range(CODE_LENGTH - 1)]
    # The check c makes 2 * interim + c = 0, so c = 2 * interim (in GF(32), -x = x).
    characters = "".join(ALPHABET[v] for v in [*body, _times_two(_check(body))])
    return _grouped(characters)


def parse_code(typed):
    """The code as we write it (`KTR-4PW-9ZD`), from what someone typed: any case, spaces, missing
    or extra dashes, O for 0, I or L for 1. Raises NotACode or CodeTypo."""
    characters = _SEPARATORS.sub("", typed.upper()).translate(_READ_AS)
    if len(characters) != CODE_LENGTH or any(c not in _VALUE for c in characters):
        raise NotACode(typed)
    if _check(_VALUE[c] for c in characters) != 0:
        raise CodeTypo(typed)
    return _grouped(characters)
