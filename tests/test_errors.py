"""The one project error: a message and errors by field, shown on a form the same way
whatever app raised it."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from childfirst.audits.errors import AuditError, AuditNotAllowed
from childfirst.casework.errors import CaseworkError, NotAllowed
from childfirst.errors import ChildFirstError, NotPermitted
from childfirst.ui.forms import show_errors, submit


class DateForm(forms.Form):
    start = forms.DateField(required=False)


def test_an_error_has_its_message_and_its_fields():
    error = CaseworkError("Not now", fields={"start": "Too early", "end": ["Too late", "No"]})
    assert str(error) == "Not now"
    assert error.field_errors == {"start": ["Too early"], "end": ["Too late", "No"]}
    assert error.message_dict == {
        "__all__": ["Not now"],
        "start": ["Too early"],
        "end": ["Too late", "No"],
    }
    fields_only = CaseworkError(fields={"start": "Too early", "end": "Too late"})
    assert str(fields_only) == "Too early; Too late"
    assert fields_only.message_dict == {"start": ["Too early"], "end": ["Too late"]}


def test_every_app_error_is_one_project_error_and_refusals_by_person_are_not_permitted():
    assert issubclass(CaseworkError, ChildFirstError)
    assert issubclass(AuditError, ChildFirstError)
    assert issubclass(NotAllowed, CaseworkError) and issubclass(NotAllowed, NotPermitted)
    assert issubclass(AuditNotAllowed, AuditError) and issubclass(AuditNotAllowed, NotPermitted)
    assert not issubclass(CaseworkError, NotPermitted)


def test_a_model_validation_error_keeps_its_fields_and_its_general_errors():
    django_error = ValidationError({"end": ["Before the start"], "__all__": ["One", "Two"]})
    error = CaseworkError.from_validation_error(django_error)
    assert error.message_dict == {"end": ["Before the start"], "__all__": ["One", "Two"]}
    assert CaseworkError.from_validation_error(ValidationError("Plain")).message_dict == {
        "__all__": ["Plain"]
    }


def test_a_refusal_goes_on_the_form_against_its_fields():
    form = DateForm({"start": ""})
    assert form.is_valid()
    show_errors(form, AuditError("Work has started", fields={"start": "Too early", "x": "Odd"}))
    assert form.errors == {"__all__": ["Work has started", "Odd"], "start": ["Too early"]}


def test_submit_runs_the_write_only_for_a_valid_form_and_keeps_the_refusal():
    calls = []
    assert submit(DateForm({"start": "not a date"}), lambda: calls.append(1)) is None
    assert calls == []
    form = DateForm({"start": ""})

    def refuse():
        raise CaseworkError(fields={"start": "Too early"})

    assert submit(form, refuse) is None
    assert form.errors == {"start": ["Too early"]}
    assert submit(DateForm({"start": ""}), lambda: "saved") == "saved"


def test_a_refusal_because_of_who_is_asking_is_a_403():
    with pytest.raises(PermissionDenied, match="cannot change"):
        show_errors(DateForm({}), NotAllowed("You cannot change this child's record"))
