"""GOV.UK form components: the date input, field markup, error summary, pagination."""

import datetime as dt

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from childfirst.ui.forms import DateField, TimeField


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As the child wants it written")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    level = forms.ChoiceField(
        label="Intervention level",
        choices=[("standard", "Standard"), ("enhanced", "Enhanced")],
        widget=forms.RadioSelect,
    )
    kinds = forms.MultipleChoiceField(
        label="Kinds",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    team = forms.ChoiceField(label="Team", choices=[("", "Choose"), ("n", "North")])
    restricted = forms.BooleanField(label="Restricted", required=False)
    born = DateField(label="Date of birth")


def render(
    form,
    template="{% load govuk %}{% govuk_error_summary form %}"
    "{% for f in form %}{% govuk_field f %}{% endfor %}",
):
    return Template(template).render(Context({"form": form}))


def date_data(day="27", month="3", year="2011"):
    return {"born_0": day, "born_1": month, "born_2": year}


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the date of birth"),
        (("27", "", "2011"), "The date of birth must include a month"),
        (("", "", "2011"), "The date of birth must include a day and month"),
        (("31", "2", "2011"), "The date of birth must be a real date"),
        (("1", "13", "2011"), "The date of birth must be a real date"),
        (("1", "2", "11"), "The year of the date of birth must include 4 numbers"),
        (("x", "2", "2011"), "The date of birth must be a real date"),
    ],
)
def test_date_input_errors_are_the_design_systems(parts, message):
    form = ExampleForm(data={"name": "A", "level": "standard", "team": "n", **date_data(*parts)})
    assert not form.is_valid()
    assert form.errors["born"] == [message]


def test_a_real_date_is_a_date():
    form = ExampleForm(data={"name": "A", "level": "standard", "team": "n", **date_data()})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born"] == dt.date(2011, 3, 27)


def test_fields_render_as_govuk_components_with_errors_linked():
    form = ExampleForm(data={"name": "", "level": "", **date_data("31", "2", "2011")})
    assert not form.is_valid()
    html = render(form)
    # The summary links each error to the first input of its field.
    assert '<a href="#id_name">This field is required.</a>' in html
    assert '<a href="#id_level_0">' in html and '<a href="#id_born_0">' in html
    # Text input: label, hint, error, described-by both.
    assert '<label class="govuk-label" for="id_name">Full name</label>' in html
    assert '<div id="id_name-hint" class="govuk-hint">As the child wants it written</div>' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert 'class="govuk-input govuk-input--error"' in html
    # Radios in a fieldset with a legend.
    assert '<div class="govuk-radios" data-module="govuk-radios">' in html
    assert 'id="id_level_1" name="level" type="radio" value="enhanced"' in html
    # The date input: three boxes in a group.
    assert 'role="group"' in html and 'name="born_2"' in html and 'value="2011"' in html
    assert 'class="govuk-textarea"' in html and 'class="govuk-select govuk-select--error"' in html
    assert 'class="govuk-checkboxes__input" id="id_restricted"' in html


def test_no_summary_without_errors():
    html = render(ExampleForm())
    assert "govuk-error-summary" not in html


def test_pagination_keeps_the_query_and_marks_the_current_page():
    request = RequestFactory().get("/children/", {"q": "smith", "page": "5"})
    page = Paginator(list(range(200)), 10).page(5)
    html = Template("{% load govuk %}{% govuk_pagination page %}").render(
        Context({"request": request, "page": page})
    )
    assert 'href="?q=smith&amp;page=4" rel="prev"' in html
    assert 'href="?q=smith&amp;page=6" rel="next"' in html
    assert 'aria-label="Page 5" aria-current="page"' in html
    assert 'aria-label="Page 1"' in html and 'aria-label="Page 20"' in html
    assert html.count("govuk-pagination__item--ellipses") == 2
    single = Template("{% load govuk %}{% govuk_pagination page %}").render(
        Context({"request": request, "page": Paginator([1], 10).page(1)})
    )
    assert "govuk-pagination" not in single


def test_govuk_date_filter():
    html = Template("{% load govuk %}{{ d|govuk_date }}").render(
        Context({"d": dt.date(2024, 3, 7)})
    )
    assert html == "7 March 2024"


def test_a_table_region_is_named_focusable_and_escapes_its_name():
    html = Template(
        '{% load govuk %}{% table_region "KPI " n " <b>" %}<table><tr><td>{{ x }}</td></tr>'
        "</table>{% endtable_region %}"
    ).render(Context({"n": 3, "x": "<script>"}))
    assert html == (
        '<div class="cf-table-wrapper" role="region" aria-label="KPI 3 &lt;b&gt;" tabindex="0">'
        "<table><tr><td>&lt;script&gt;</td></tr></table></div>"
    )


# --- the time field ----------------------------------------------------------------------


class TimeForm(forms.Form):
    at = TimeField(label="Time of the contact")
    later = TimeField(label="Time it ends (optional)", required=False)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:30", dt.time(14, 30)),
        ("14.30", dt.time(14, 30)),
        ("1430", dt.time(14, 30)),
        (" 9:05 ", dt.time(9, 5)),
        ("09:05", dt.time(9, 5)),
        ("0:00", dt.time(0, 0)),
        ("2:30pm", dt.time(14, 30)),
        ("2.30 PM", dt.time(14, 30)),
        ("2pm", dt.time(14, 0)),
        ("11am", dt.time(11, 0)),
        ("12pm", dt.time(12, 0)),  # midday
        ("12am", dt.time(0, 0)),  # midnight
        ("12:15 a.m.", dt.time(0, 15)),
        ("23:59", dt.time(23, 59)),
    ],
)
def test_a_time_as_people_type_it(typed, expected):
    form = TimeForm(data={"at": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"] == expected
    assert form.cleaned_data["later"] is None


@pytest.mark.parametrize(
    "typed", ["24:00", "14:60", "13pm", "0am", "14", "half two", "2:3", "1:30:00"]
)
def test_not_a_time_says_how_to_write_one(typed):
    form = TimeForm(data={"at": typed})
    assert not form.is_valid()
    assert form.errors["at"] == [
        "Enter the time of the contact as hours and minutes, like 14:30 or 2:30pm"
    ]


def test_a_time_left_empty_is_asked_for_by_name():
    form = TimeForm(data={"at": "  ", "later": "nonsense"})
    assert not form.is_valid()
    assert form.errors["at"] == ["Enter the time of the contact"]
    # An optional time is named without "(optional)".
    assert form.errors["later"] == [
        "Enter the time it ends as hours and minutes, like 14:30 or 2:30pm"
    ]


def test_a_time_renders_as_one_text_box_with_its_hint():
    html = render(TimeForm(initial={"at": dt.time(9, 5)}))
    assert '<label class="govuk-label" for="id_at">Time of the contact</label>' in html
    assert (
        '<div id="id_at-hint" class="govuk-hint">For example, 9:30, 14:30 or 2:30pm</div>' in html
    )
    assert 'type="text" name="at" value="09:05"' in html
    assert "govuk-input--width-5" in html
    # What was typed comes back as typed, with the error against it.
    html = render(TimeForm(data={"at": "half two"}))
    assert 'value="half two"' in html and "govuk-input--error" in html


def test_a_model_time_becomes_the_time_field_and_an_email_gets_the_design_systems_message():
    from childfirst.casework.models import Appointment, FamilyMember
    from childfirst.ui.forms import GovukModelForm

    class AppointmentTime(GovukModelForm):
        class Meta(GovukModelForm.Meta):
            model = Appointment
            fields = ["time"]

    class Email(GovukModelForm):
        class Meta(GovukModelForm.Meta):
            model = FamilyMember
            fields = ["email"]

    field = AppointmentTime().fields["time"]
    assert isinstance(field, TimeField) and field.required
    form = Email(data={"email": "sarah.example.org"})
    assert not form.is_valid()
    assert form.errors["email"] == [
        "Enter an email address in the correct format, like name@example.com"
    ]
