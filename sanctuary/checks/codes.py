"""Reading what people type about a service: UK postcodes, NHS ODS codes, names compared with
spaces and case folded. Used by the register's form and its CSV import alike."""
import re

from flask_babel import lazy_gettext as _l

from .models import WARDS

# The shapes of a UK postcode (outward code, then a digit and two letters), GIR 0AA aside.
_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")
# An ODS code of a GP practice (a letter and five digits: "F84012"), or a branch or other
# organisation's ("Y01234", two letters and three or four digits: "FA123").
_ODS = re.compile(r"[A-Z][0-9]{5}|[A-Z]{2}[0-9]{3,4}")

BAD_POSTCODE = _l("Enter a real postcode, like SE6 4RU")
BAD_ODS = _l("Enter an ODS code in the right format: a letter followed by 5 numbers, like "
             "Y01234")
BAD_WARD = _l("Enter one of Lewisham's wards, like Rushey Green")


def postcode(value):
    """"SE6 4RU" from "se64ru" or " SE6  4RU "; None for anything that is not a postcode."""
    compact = "".join((value or "").split()).upper()
    if not _POSTCODE.fullmatch(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def ods_code(value):
    """"Y01234" from " y01234 "; "" when empty; None for anything of another shape."""
    compact = "".join((value or "").split()).upper()
    if not compact:
        return ""
    return compact if _ODS.fullmatch(compact) else None


def ward(value):
    """The ward as WARDS spells it ("Rushey Green" from "rushey  green"); "" when empty; None
    when it is not one of Lewisham's wards."""
    wanted = folded(value)
    if not wanted:
        return ""
    return next((name for name in WARDS if folded(name) == wanted), None)


def folded(name):
    """A name for comparing: spaces folded, case ignored."""
    return " ".join((name or "").split()).casefold()
