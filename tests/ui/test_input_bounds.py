"""Every free-text box has a most it takes, says it, and refuses more (issue 12, finding 9)."""

from __future__ import annotations

import inspect

import pytest
from django import forms

from childfirst.accounts.forms import SignInForm
from childfirst.audits import forms as audit_forms
from childfirst.casework.forms import documents, panel, records, work
from childfirst.ui.forms import (
    DEFAULT_TEXT_MAX_CHARACTERS,
    GovukModelForm,
    limit_text,
    text_area,
    text_max_characters,
)

FORM_MODULES = [records, work, documents, panel, audit_forms]


def every_form_class() -> list[type[forms.BaseForm]]:
    found = []
    for module in FORM_MODULES:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_there_are_forms_to_check():
    names = {cls.__name__ for cls in every_form_class()}
    assert len(names) > 20 and "ContactForm" in names and "AuditForm" in names


@pytest.mark.parametrize("form_class", every_form_class(), ids=lambda cls: cls.__name__)
def test_every_text_box_of_every_form_has_a_limit(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
            assert field.max_length, f"{form_class.__name__}.{name} takes any length"
            assert field.max_length <= text_max_characters(), f"{form_class.__name__}.{name}"


def test_the_limit_is_20000_characters_by_default_and_a_setting():
    assert DEFAULT_TEXT_MAX_CHARACTERS == 20_000
    assert text_max_characters() == 20_000


def test_a_text_area_says_its_limit_and_refuses_more_naming_the_field():
    class NoteForm(forms.Form):
        analysis = text_area("Analysis", "What you found")

    form = NoteForm({"analysis": "a" * 20_001})
    assert form.fields["analysis"].help_text == (
        "What you found. You can enter up to 20,000 characters."
    )
    assert not form.is_valid()
    assert form.errors["analysis"] == ["Analysis must be 20,000 characters or fewer"]
    assert NoteForm({"analysis": "a" * 20_000}).is_valid()
    # No maxlength on a text area, which would cut pasted text short without a word.
    assert "maxlength" not in str(form["analysis"])


def test_a_field_with_its_own_length_keeps_it_and_says_it_in_the_message():
    field = forms.CharField(label="Who will do it", max_length=150)
    limit_text(field)
    assert field.max_length == 150
    with pytest.raises(forms.ValidationError, match="Who will do it must be 150 characters"):
        field.clean("w" * 151)


def test_a_model_forms_long_text_is_limited_too():
    class ContactNotes(GovukModelForm):
        class Meta(GovukModelForm.Meta):
            from childfirst.casework.models import Contact

            model = Contact
            fields = ["notes"]

    assert ContactNotes.base_fields["notes"].max_length == 20_000
    assert not ContactNotes({"notes": "n" * 20_001}).is_valid()


def test_the_sign_in_form_takes_a_username_of_the_accounts_own_length():
    assert SignInForm().fields["username"].max_length == 150
