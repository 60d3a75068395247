"""GOV.UK form components: the date input, field markup, error summary, pagination."""

import datetime as dt

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from childfirst.ui.forms import DateField


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
