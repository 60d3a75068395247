"""The identifiers other services know a child by, checked as their issuers define them.

Each function takes what a person typed, returns the identifier in one canonical form
(so two ways of typing it find each other), and raises :class:`IdentifierError`, with
a message for the person, if it cannot be that identifier.

* **NHS number**: ten digits, the last a modulus 11 check digit (NHS Data Dictionary,
  "NHS Number": https://www.datadictionary.nhs.uk/attributes/nhs_number.html). Weights
  10 to 2 on the first nine digits; 11 minus the remainder of the sum divided by 11 is
  the check digit (11 gives 0; 10 means the number is not valid).
* **Unique pupil number (UPN)**: 13 characters, a check letter then twelve digits (the
  last may be a letter, in a temporary UPN): DfE, "Unique pupil numbers (UPN): guidance
  for schools and local authorities" (UPN Guide 1.2,
  https://www.gov.uk/government/publications/unique-pupil-numbers). Characters 2 to 13
  are multiplied by weights 2 to 13 (a letter counts as its place in the check
  alphabet), the sum is divided by 23, and the remainder picks the check letter from
  ``ABCDEFGHJKLMNPQRTUVWXYZ`` (no I, O or S).
* **PNC ID**: the Police National Computer's person identifier, the year the record was
  made, a serial number and a check letter: ``2012/0001234Z`` (or ``12/1234Z``). The
  check letter is ``ZABCDEFGHJKLMNPQRTUVWXY`` indexed by the two-digit year followed by
  the serial padded to seven digits, modulo 23 (the format the Ministry of Justice's
  own services validate).
* **Local authority (social care) ID**: each council's own format, so only its
  characters and length are checked.

Checked by hand in ``tests/domain/test_identifiers.py``. Written here rather than taken
from a library: the one well-kept candidate (python-stdnum) has the NHS number and the
UPN but not the PNC ID, and each rule is a few lines of arithmetic.
"""

from __future__ import annotations

import datetime as dt
import re


class IdentifierError(ValueError):
    """What was typed cannot be this identifier; the message says why."""


# --- NHS number -----------------------------------------------------------------------------


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit of an NHS number's first nine digits (None: no valid number has them)."""
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, weights, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number(text: str) -> str:
    """Ten digits (spaces and hyphens allowed as typed: ``943 476 5919``)."""
    digits = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"\d{10}", digits):
        raise IdentifierError("An NHS number is 10 digits, for example 943 476 5919")
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise IdentifierError("This is not a valid NHS number: check it was typed correctly")
    return digits


def format_nhs_number(digits: str) -> str:
    """``9434765919`` as people write it: ``943 476 5919``."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


# --- unique pupil number ----------------------------------------------------------------------

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for a UPN's characters 2 to 13."""
    total = 0
    for weight, char in enumerate(last_twelve, start=2):
        total += weight * (int(char) if char.isdigit() else UPN_LETTERS.index(char))
    return UPN_LETTERS[total % 23]


def upn(text: str) -> str:
    """A check letter and twelve digits (the last may be a letter): ``A123456789012``."""
    value = re.sub(r"\s", "", text).upper()
    if not re.fullmatch(rf"[{UPN_LETTERS}]\d{{11}}[\d{UPN_LETTERS}]", value):
        raise IdentifierError(
            "A unique pupil number is a letter and 12 more characters, for example H801200001001"
        )
    if upn_check_letter(value[1:]) != value[0]:
        raise IdentifierError(
            "This is not a valid unique pupil number: check it was typed correctly"
        )
    return value


# --- PNC ID -----------------------------------------------------------------------------------

PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def pnc_check_letter(two_digit_year: str, serial: str) -> str:
    return PNC_LETTERS[int(f"{two_digit_year}{serial.zfill(7)}") % 23]


def pnc_id(text: str, today: dt.date | None = None) -> str:
    """``YYYY/NNNNNNNC`` (from ``YYYY/NNNNNNNC`` or ``YY/NNNNNNNC``, the slash and leading
    zeros of the serial optional). A two-digit year is of this century unless that would
    be in the future."""
    value = re.sub(r"\s", "", text).upper()
    match = re.fullmatch(r"(\d{4}|\d{2})/?(\d{1,7})([A-Z])", value)
    if not match:
        raise IdentifierError("A PNC ID is a year, a serial number and a letter: 2012/0001234Z")
    year, serial, letter = match.groups()
    if len(year) == 2:
        today = today or dt.date.today()
        century = today.year // 100 * 100
        full = century + int(year)
        year = str(full if full <= today.year else full - 100)
    if pnc_check_letter(year[2:], serial) != letter:
        raise IdentifierError("This is not a valid PNC ID: check it was typed correctly")
    return f"{year}/{serial.zfill(7)}{letter}"


# --- local authority ID -----------------------------------------------------------------------

LOCAL_ID_LENGTH = 30


def local_authority_id(text: str) -> str:
    """The council's own ID for the child: letters, digits, hyphens and slashes."""
    value = " ".join(text.split()).upper()
    if len(value) > LOCAL_ID_LENGTH:
        raise IdentifierError(f"A local authority ID must be {LOCAL_ID_LENGTH} characters or fewer")
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9 /-]*", value):
        raise IdentifierError(
            "A local authority ID can only use letters, numbers, spaces, hyphens and slashes"
        )
    return value
