"""Form fields and forms that behave as the GOV.UK Design System asks, for every app.

- :class:`DateField`: the date input (day, month, year in three boxes) with the Design
  System's error messages; Django has no such field, hence this one.
- :class:`TimeField`: a time in one text box ("14:30", "2:30pm"), with messages naming
  the time; the Design System has no time pattern, and Django's own field takes only
  "14:30" and says "Enter a valid time."
- :func:`text_area`, :func:`radios`, :func:`whole_number`, :func:`yes_no`: the
  fields every form builds, with plain-English messages.
- :class:`GovukModelForm`: a model form whose every message reads as the Design System
  words them ("Enter the ...", "Select the ..."), with fields grouped under headings.
- :func:`not_in_future`: the check for things that have already happened.
- :func:`limit_text`: every free-text box has a most it takes (``CHILDFIRST_TEXT_MAX_CHARACTERS``,
  default 20,000, for notes, analyses and evidence; a model's own ``max_length`` for
  names and titles), says so in its hint, and refuses more with a message naming the
  field and the limit. :class:`GovukModelForm` and :func:`text_area` apply it.
- :func:`show_errors` and :func:`submit`: a service's refusal shown on the form, field by
  field, the same way on every page (a refusal because of who is asking is a 403).

The templates that draw them are ``templates/govuk/`` with the ``govuk`` template tags.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from childfirst.errors import ChildFirstError, NotPermitted

T = TypeVar("T")

DATE_HINT = "For example, 27 3 2024"
TIME_HINT = "For example, 9:30, 14:30 or 2:30pm"
CHOICE_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple)


def plain(label: Any) -> str:
    """A label as it reads inside a sentence: "End date (optional)" -> "end date"
    (an initialism keeps its capitals: "NPCC gravity score")."""
    text = str(label or "").removesuffix(" (optional)").rstrip("?")
    if text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


# --- dates -----------------------------------------------------------------------------


class DateInputWidget(forms.MultiWidget):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
            forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
            forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A GOV.UK date input: 'For example, 27 3 2007'. Its messages name the date by its
    label ("The date of birth must be a real date")."""

    widget = DateInputWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = tuple(forms.CharField(required=False) for _ in range(3))
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)

    def describe(self) -> str:
        """How the messages name this date."""
        return (self.label or "date").lower()

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = ((v or "").strip() for v in data_list)
        label = self.describe()
        missing = [name for name, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise ValidationError(f"The {label} must include a {' and '.join(missing)}")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"The {label} must be a real date") from None
        if len(year) != 4:
            raise ValidationError(f"The year of the {label} must include 4 numbers")
        return value

    def clean(self, value: Any) -> Any:
        if self.required and (not value or not any(value)):
            message = self.error_messages["required"]
            if message == forms.Field.default_error_messages["required"]:
                message = f"Enter the {self.describe()}"
            raise ValidationError(message, code="required")
        return super().clean(value)


class ModelDateField(DateField):
    """The date input a model form makes for a date column: its messages name the date
    without "(optional)" or a question mark ("Start date (optional)": "the start date")."""

    def describe(self) -> str:
        return plain(self.label or "date").lower()


# --- times -----------------------------------------------------------------------------

_CLOCK = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")
_FOUR_DIGITS = re.compile(r"^(?P<hour>\d{2})(?P<minute>\d{2})$")


def parse_time(text: str) -> dt.time | None:
    """A time as people type it: 14:30, 14.30, 1430, 9:05, 2:30pm, 2pm, 12am (midnight).
    None if it is not a time of day."""
    typed = " ".join(text.strip().lower().replace("a.m.", "am").replace("p.m.", "pm").split())
    match = _CLOCK.match(typed) or _FOUR_DIGITS.match(typed)
    if match is None:
        return None
    parts = match.groupdict()
    hour, minute = int(parts["hour"]), int(parts.get("minute") or 0)
    half = parts.get("half")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif parts.get("minute") is None:
        return None  # "14" alone: say the minutes
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return dt.time(hour, minute)


class TimeField(forms.Field):
    """A time of day in one text box. Its messages name the time by its label ("Enter
    the time of the contact as hours and minutes, like 14:30 or 2:30pm")."""

    widget = forms.TimeInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", TIME_HINT)
        super().__init__(**kwargs)
        self.widget = forms.TimeInput(
            format="%H:%M",
            attrs={
                "class": "govuk-input--width-5",
                "autocomplete": "off",
                "spellcheck": "false",
            },
        )

    def describe(self) -> str:
        return plain(self.label or "time").lower()

    def to_python(self, value: Any) -> dt.time | None:
        if isinstance(value, dt.time):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        found = parse_time(str(value))
        if found is None:
            raise ValidationError(
                f"Enter the {self.describe()} as hours and minutes, like 14:30 or 2:30pm",
                code="invalid",
            )
        return found

    def clean(self, value: Any) -> Any:
        if self.required and (value in self.empty_values or not str(value).strip()):
            message = self.error_messages["required"]
            if message == forms.Field.default_error_messages["required"]:
                message = f"Enter the {self.describe()}"
            raise ValidationError(message, code="required")
        return super().clean(value)


def govuk_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Model dates become the GOV.UK date input, and times one text box; long text takes
    at most :func:`text_max_characters`; everything else as Django makes it."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        return ModelDateField(
            label=kwargs.get("label") or capfirst(db_field.verbose_name),
            required=not db_field.blank,
            help_text=kwargs.get("help_text") or db_field.help_text or DATE_HINT,
        )
    if isinstance(db_field, models.TimeField):
        return TimeField(
            label=kwargs.get("label") or capfirst(db_field.verbose_name),
            required=not db_field.blank,
            help_text=kwargs.get("help_text") or db_field.help_text or TIME_HINT,
        )
    field = db_field.formfield(**kwargs)
    if isinstance(field, forms.CharField) and isinstance(db_field, models.TextField):
        limit_text(field)
    return field


def not_in_future(form: forms.BaseForm, name: str, message: str = "") -> None:
    """Dates of things that have happened are today or earlier: "The date of the
    contact must be today or in the past" against the field otherwise."""
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate():
        form.add_error(
            name, message or f"The {plain(form.fields[name].label)} must be today or in the past"
        )


# --- how much text a box takes ----------------------------------------------------------

#: The most a free-text box takes unless a setting says otherwise: a long note or
#: analysis is a few thousand words; this is several times that.
DEFAULT_TEXT_MAX_CHARACTERS = 20_000


def text_max_characters() -> int:
    """The most a note, analysis or piece of evidence may hold (a setting, read when the
    forms are first loaded)."""
    return int(getattr(settings, "CHILDFIRST_TEXT_MAX_CHARACTERS", DEFAULT_TEXT_MAX_CHARACTERS))


def limit_text(field: forms.CharField, label: str = "", maximum: int | None = None) -> None:
    """Give ``field`` a most it takes: its own ``max_length`` if it has one, else
    :func:`text_max_characters`. More is refused with "Analysis must be 20,000
    characters or fewer"; a text area says its limit in its hint."""
    limit = field.max_length or maximum or text_max_characters()
    field.max_length = limit
    name = capfirst(plain(label or field.label or "This"))
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)] + [
        MaxLengthValidator(limit, f"{name} must be {limit:,} characters or fewer")
    ]
    if not isinstance(field.widget, forms.Textarea):
        field.widget.attrs["maxlength"] = str(limit)
    else:
        # As the Design System's character count does: no maxlength on a text area, which
        # would cut pasted text short without a word; the limit is said, and checked here.
        field.widget.attrs.pop("maxlength", None)
        hint = f"You can enter up to {limit:,} characters."
        text = str(field.help_text or "")
        if hint not in text:
            field.help_text = f"{text.rstrip('.')}. {hint}" if text else hint


# --- the fields every form builds ------------------------------------------------------


def text_area(
    label: str, help_text: str = "", *, rows: int = 5, required: bool = False, message: str = ""
) -> Any:
    """A textarea, optional unless ``required`` (``message`` when it is left empty),
    taking at most :func:`text_max_characters`."""
    field = forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message} if message else None,
    )
    limit_text(field)
    return field


def radios(label: str, choices: Any, message: str, *, required: bool = True, **kw: Any) -> Any:
    """One choice from a few, as radios; ``message`` when none is chosen."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": message},
        **kw,
    )


def whole_number(
    label: str, *, minimum: int, maximum: int, required: bool = False, help_text: str = ""
) -> forms.IntegerField:
    """A number in a text box (the Design System's advice), with plain-English limits."""
    name = capfirst(plain(label))
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "invalid": f"{name} must be a whole number",
            "required": f"Enter the {plain(label)}",
        },
        validators=[
            MinValueValidator(minimum, f"{name} must be {minimum} or more"),
            MaxValueValidator(maximum, f"{name} must be {maximum} or less"),
        ],
    )


def yes_no(label: str, *, message: str, help_text: str = "") -> forms.TypedChoiceField:
    """A required yes-or-no question as two radios."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


# --- model forms -----------------------------------------------------------------------


class GovukModelForm(forms.ModelForm):
    """A model form with GOV.UK error messages.

    ``messages`` gives a field's message when it is left empty; otherwise it is
    "Select the ..." for a choice and "Enter the ..." for anything typed.
    ``sections`` groups the fields under headings on the page. Model dates are the
    GOV.UK date input. ``user`` is the person filling it in, for choices that depend
    on them. A subclass narrows a field's choices in :meth:`limit_choices`."""

    messages: dict[str, str] = {}
    sections: list[tuple[str, list[str]]] = []

    class Meta:
        formfield_callback = govuk_formfield

    def __init__(self, *args: Any, user: AbstractBaseUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            self._govuk(name, field)

    def suggest(self, name: str, value: Any) -> None:
        """Pre-fill an answer a new record has not been given yet (today's date, say)."""
        if self.initial.get(name) in (None, ""):
            self.initial[name] = value

    def limit_choices(self, name: str, field: forms.ModelChoiceField) -> None:
        """Narrow a field's choices (nothing by default)."""

    def _govuk(self, name: str, field: forms.Field) -> None:
        lower = plain(field.label or name)
        if "?" in str(field.label):  # a question: name the thing asked about instead
            model_field = next(
                (f for f in self._meta.model._meta.get_fields() if f.name == name), None
            )
            lower = plain(getattr(model_field, "verbose_name", name))
        choice = isinstance(field.widget, CHOICE_WIDGETS)
        default_required = forms.Field.default_error_messages["required"]
        if name in self.messages:
            field.error_messages["required"] = self.messages[name]
        elif field.error_messages.get("required") == default_required:
            field.error_messages["required"] = (
                f"Select the {lower}" if choice else f"Enter the {lower}"
            )
        if isinstance(field, forms.CharField) and not isinstance(
            field.widget, (forms.PasswordInput, *CHOICE_WIDGETS)
        ):
            limit_text(field, lower)
        if isinstance(field, forms.EmailField):
            field.error_messages["invalid"] = (
                "Enter an email address in the correct format, like name@example.com"
            )
        if choice:
            field.error_messages["invalid_choice"] = f"Select the {lower} from the list"
            field.error_messages["invalid_pk_value"] = f"Select the {lower} from the list"
            field.error_messages["invalid_list"] = f"Select the {lower} from the list"
        if isinstance(field, forms.ModelChoiceField):
            self.limit_choices(name, field)
            if isinstance(field.widget, forms.RadioSelect):
                field.empty_label = None
            elif not isinstance(field, forms.ModelMultipleChoiceField):
                field.empty_label = "Select one" if field.required else field.empty_label
        elif (
            isinstance(field, forms.ChoiceField)
            and isinstance(field.widget, forms.RadioSelect)
            and field.required
        ):
            field.choices = [c for c in field.choices if c[0] != ""]

    def sections_for_page(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The form's fields grouped under their headings, ready for the template (a field
        a form has left out, such as a question with nothing to choose from, is skipped)."""
        if not self.sections:
            return [("", list(self))]
        listed = {name for _, names in self.sections for name in names}
        rest = [self[name] for name in self.fields if name not in listed]
        grouped = [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.sections
        ]
        return grouped + ([("", rest)] if rest else [])


# --- a service's refusal, on the form ----------------------------------------------------


def show_errors(form: forms.BaseForm, error: ChildFirstError) -> None:
    """Put a service's refusal on ``form``: each field's errors against the field where
    the form has it (at the top otherwise), the message at the top. A refusal because
    of who is asking (:class:`~childfirst.errors.NotPermitted`) is a 403 instead."""
    if isinstance(error, NotPermitted):
        raise PermissionDenied(str(error))
    if error.message:
        form.add_error(None, error.message)
    for name, messages in error.field_errors.items():
        form.add_error(name if name in form.fields else None, messages)


def submit(form: forms.BaseForm, write: Callable[[], T]) -> T | None:
    """Run ``write`` (a service call) if ``form`` is valid and return what it returns;
    if the form is invalid or the service refuses, None, with the errors on the form."""
    if not form.is_valid():
        return None
    try:
        return write()
    except ChildFirstError as error:
        show_errors(form, error)
        return None
