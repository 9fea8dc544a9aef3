"""References counted per prefix and year, never repeated; readable codes whose check character
catches every typo of one character and every swap of two neighbours."""
import re

import pytest

from sanctuary.core import migrate
from sanctuary.core.db import db
from sanctuary.core.references import (
    ALPHABET,
    CodeTypo,
    NotACode,
    ReferenceCounter,
    new_code,
    next_reference,
    parse_code,
)
from tests.support.concurrency import at_once
from tests.support.migrations import database_before, insert

# ---------------------------------------------------------------------------- references


def test_references_are_counted_per_prefix_and_year(any_app):
    taken = [next_reference("SA", 2027), next_reference("SA", 2027), next_reference("SB", 2027),
             next_reference("SA", 2028), next_reference("SA", 2027)]

    assert taken == ["SA-2027-0001", "SA-2027-0002", "SB-2027-0001", "SA-2028-0001",
                     "SA-2027-0003"]


def test_references_taken_at_once_never_repeat(any_app):
    results = at_once(any_app, lambda: next_reference("SB", 2027), times=8)

    assert sorted(results) == [f"SB-2027-{n:04d}" for n in range(1, 9)]


def test_a_reference_is_taken_in_the_writing_transaction(any_app):
    with pytest.raises(RuntimeError), db.atomic():
        next_reference("SB", 2027)
        raise RuntimeError("the booking could not be saved")

    assert next_reference("SB", 2027) == "SB-2027-0001"


def test_0017_keeps_the_award_references_counting_on(make_app, empty_database_url):
    make_app(empty_database_url)
    database_before("0017_audit_and_references")
    insert("reference_counter", [{"year": 2026, "last": 41}, {"year": 2027, "last": 3}])

    migrate.upgrade(db.obj, to="0017_audit_and_references")

    assert [(c.prefix, c.year, c.last) for c in ReferenceCounter.select().order_by(
        ReferenceCounter.year)] == [("SA", 2026, 41), ("SA", 2027, 3)]
    assert [next_reference("SA", 2026), next_reference("SB", 2026)] == ["SA-2026-0042",
                                                                        "SB-2026-0001"]


# ---------------------------------------------------------------------------- codes

CODE = re.compile(r"[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}")


def test_the_alphabet_is_crockfords_base32():
    assert ALPHABET == "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    assert (len(ALPHABET), set("ILOU") & set(ALPHABET)) == (32, set())


def test_a_code_is_nine_characters_of_the_alphabet_in_threes():
    codes = [new_code() for _ in range(2000)]

    assert all(CODE.fullmatch(code) for code in codes)
    assert set("".join(codes).replace("-", "")) == set(ALPHABET)  # every character turns up
    assert [parse_code(code) for code in codes] == codes


def test_codes_do_not_repeat():
    assert len({new_code() for _ in range(20000)}) == 20000


def typos(code):
    """Every code one mistyped character, or one swap of two different neighbours, away."""
    characters = code.replace("-", "")
    for i, character in enumerate(characters):
        for other in ALPHABET.replace(character, ""):
            yield characters[:i] + other + characters[i + 1:]
    for i in range(len(characters) - 1):
        if characters[i] != characters[i + 1]:
            yield characters[:i] + characters[i + 1] + characters[i] + characters[i + 2:]


def test_every_single_typo_and_swap_of_neighbours_is_caught():
    codes = [new_code() for _ in range(300)]

    missed = [typo for code in codes for typo in typos(code) if reads_as_code(typo)]

    assert missed == []
    assert sum(1 for _ in typos("000-000-000")) == 9 * 31  # no neighbours differ: no swaps


def reads_as_code(typed):
    try:
        parse_code(typed)
    except CodeTypo:
        return False
    return True


def test_what_people_type_is_read_as_the_code():
    code = new_code()
    bare = code.replace("-", "")
    confusable = bare.replace("0", "O").replace("1", "I")

    typed = [code.lower(), bare, f" {bare[:3]} {bare[3:6]}  {bare[6:]} ", f"-{code}--",
             code.replace("-", "–"), confusable, bare.replace("1", "l").lower()]

    assert [parse_code(t) for t in typed] == [code] * len(typed)


def test_a_typo_is_told_apart_from_what_is_not_a_code():
    code = new_code()
    wrong = ALPHABET[(ALPHABET.index(code[0]) + 1) % 32] + code[1:]

    with pytest.raises(CodeTypo):
        parse_code(wrong)
    for not_a_code in ["", "KTR-4PW", code + "7", code[:-1] + "U", "SA-2027-0001"]:
        with pytest.raises(NotACode):
            parse_code(not_a_code)


def test_the_check_character_follows_from_the_other_eight():
    # Damm over GF(32): after 0000000 then 1 the interim is 1, so the check is 2 * 1 = 2.
    assert parse_code("000-000-012") == "000-000-012"
    with pytest.raises(CodeTypo):
        parse_code("000-000-011")
