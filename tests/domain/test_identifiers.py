"""The identifiers' checks, worked by hand from their issuers' rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childfirst.domain.identifiers import (
    IdentifierError,
    format_nhs_number,
    local_authority_id,
    nhs_check_digit,
    nhs_number,
    pnc_id,
    upn,
    upn_check_letter,
)


def test_an_nhs_number_worked_by_hand():
    # 9 4 3 4 7 6 5 9 1 times 10 9 8 7 6 5 4 3 2:
    # 90 + 36 + 24 + 28 + 42 + 30 + 20 + 27 + 2 = 299; 299 = 27 x 11 + 2; 11 - 2 = 9.
    assert nhs_check_digit("943476591") == 9
    assert nhs_number("943 476 5919") == "9434765919"
    assert nhs_number("943-476-5919") == "9434765919"
    assert format_nhs_number("9434765919") == "943 476 5919"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("943 476 5918", "not a valid NHS number"),  # the wrong check digit
        # 6 x 2 = 12, remainder 1, 11 - 1 = 10: no NHS number has these nine digits.
        ("000 000 0060", "not a valid NHS number"),
        ("943 476 591", "10 digits"),
        ("943 476 591X", "10 digits"),
    ],
)
def test_a_bad_nhs_number_is_refused(typed, message):
    with pytest.raises(IdentifierError, match=message):
        nhs_number(typed)


def test_a_upn_worked_by_hand():
    # 8 0 1 2 0 0 0 0 1 0 0 1 times 2 to 13: 16 + 4 + 10 + 10 + 13 = 53;
    # 53 = 2 x 23 + 7; the 8th letter of ABCDEFGHJKLMNPQRTUVWXYZ (from 0) is H.
    assert upn_check_letter("801200001001") == "H"
    assert upn("h801200001001") == "H801200001001"
    # A temporary UPN ends in a letter, counted as its place: A is 0, so 16 + 4 + 10 + 10
    # = 40 = 23 + 17, and the 17th letter is U.
    assert upn("U80120000100A") == "U80120000100A"


@pytest.mark.parametrize(
    "typed", ["A801200001001", "H80120000100", "I801200001001", "H8012000X1001"]
)
def test_a_bad_upn_is_refused(typed):
    with pytest.raises(IdentifierError):
        upn(typed)


def test_a_pnc_id_worked_by_hand():
    # 12 then 0001234: 120001234 = 5217444 x 23 + 22; the 22nd letter of
    # ZABCDEFGHJKLMNPQRTUVWXY (from 0) is Y.
    assert pnc_id("2012/0001234Y") == "2012/0001234Y"
    assert pnc_id("12/1234Y", today=dt.date(2026, 1, 1)) == "2012/0001234Y"
    assert pnc_id("20120001234y") == "2012/0001234Y"
    # A two-digit year after this one is of the last century: 990001234 = 43043531 x 23
    # + 21, and the 21st letter is X.
    assert pnc_id("99/1234X", today=dt.date(2026, 1, 1)).startswith("1999/")


@pytest.mark.parametrize("typed", ["2012/0001234Z", "2012/00012345678Y", "12-1234Y", "Y"])
def test_a_bad_pnc_id_is_refused(typed):
    with pytest.raises(IdentifierError):
        pnc_id(typed)


def test_a_local_authority_id_is_tidied_and_limited():
    assert local_authority_id("  kcc 12/345-a ") == "KCC 12/345-A"
    with pytest.raises(IdentifierError, match="30 characters"):
        local_authority_id("A" * 31)
    with pytest.raises(IdentifierError, match="letters, numbers"):
        local_authority_id("<script>")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_nhs_number_made_with_its_check_digit_is_accepted(first_nine):
    check = nhs_check_digit(first_nine)
    if check is None:
        return
    number = f"{first_nine}{check}"
    assert nhs_number(number) == number
    wrong = f"{first_nine}{(check + 1) % 10}"
    with pytest.raises(IdentifierError):
        nhs_number(wrong)
