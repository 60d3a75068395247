"""How a label reads inside a message ("Enter the end date")."""

import pytest

from childfirst.ui.forms import plain


@pytest.mark.parametrize(
    ("label", "inside"),
    [
        ("End date (optional)", "end date"),
        ("Did the child attend?", "did the child attend"),
        ("NPCC gravity score", "NPCC gravity score"),  # an initialism keeps its capitals
        ("UPN (optional)", "UPN"),
        ("A", "a"),
        ("", ""),
    ],
)
def test_a_label_inside_a_sentence(label, inside):
    assert plain(label) == inside
