"""The child's reference: ``CF-`` and six digits, ``CF-000123``.

ChildFirst's own format (not a national one): the service's ID for the child, made
when the child is added (``services.records.create_child``) and by the demo, and found
by search however it is typed ("cf 123", "CF000123", "123").
"""

from __future__ import annotations

import re

PREFIX = "CF-"
DIGITS = 6
#: A reference as ChildFirst makes it.
PATTERN = rf"^{PREFIX}[0-9]+$"


def format_reference(number: int) -> str:
    """The reference for the ``number``-th child: 123 -> ``CF-000123``."""
    return f"{PREFIX}{number:0{DIGITS}d}"


def reference_number(reference: str) -> int:
    """The number in a reference ChildFirst made: ``CF-000123`` -> 123."""
    return int(reference.removeprefix(PREFIX))


def search_digits(query: str) -> str | None:
    """The digits of a reference typed loosely ("cf 123" and "123" give "123",
    "CF000123" gives "000123"), or None if the query is not a reference."""
    compact = re.sub(r"[^0-9a-z]", "", query.lower()).removeprefix(PREFIX[:-1].lower())
    return compact if compact.isdigit() else None
