"""GOV.UK Frontend markup for Django forms and lists.

``{% govuk_field form.name %}`` renders a field as the Design System's component
for its widget (text input, textarea, select, radios, checkboxes, date input, file
upload), with its label or legend, hint (the field's help text) and error message,
and ``aria-describedby`` tying them together. ``{% govuk_error_summary form %}`` lists
every error, each linking to its field. ``{% govuk_pagination page_obj %}``
renders pagination, keeping the other query parameters. ``{% table_region "Children"
%}<table>...</table>{% endtable_region %}`` lets a table wider than the screen scroll
inside a region that has a name and takes keyboard focus, so the page itself reflows at
320 px (WCAG 2.2 1.4.10) and the table can be scrolled without a mouse.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString

from childfirst.ui.forms import DateInputWidget

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, DateInputWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def first_input_id(field: forms.BoundField) -> str:
    """The id an error summary link should point at."""
    kind = _kind(field.field.widget)
    if kind in ("date", "radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.inclusion_tag("govuk/field.html")
def govuk_field(field: forms.BoundField, **options: Any) -> dict[str, Any]:
    """Options: ``width`` (an input width class suffix such as ``10`` or ``one-half``),
    ``label_size`` (``s``/``m``/``l``: makes the label a page heading when ``heading``),
    ``heading`` (the label or legend is the page's h1), ``rows`` (textarea)."""
    kind = _kind(field.field.widget)
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}-hint")
    if field.errors:
        describedby.append(f"{field.auto_id}-error")
    widget = field.field.widget
    classes = {
        "input": "govuk-input",
        "textarea": "govuk-textarea",
        "select": "govuk-select",
        "file": "govuk-file-upload",
    }.get(kind, "")
    if field.errors and classes:
        classes += f" {classes}--error"
    width = options.get("width")
    if width and kind == "input":
        classes += (
            f" govuk-input--width-{width}" if str(width).isdigit() else f" govuk-!-width-{width}"
        )
    attrs: dict[str, Any] = {}
    if classes:
        attrs["class"] = (widget.attrs.get("class", "") + " " + classes).strip()
    if describedby and kind in ("input", "textarea", "select", "file"):
        attrs["aria-describedby"] = " ".join(describedby)
    if options.get("rows") and kind == "textarea":
        attrs["rows"] = options["rows"]
    rendered = (
        field.as_widget(attrs=attrs)
        if kind in ("input", "textarea", "select", "hidden", "file")
        else ""
    )
    choices = []
    if kind in ("radios", "checkboxes"):
        for index, sub in enumerate(field.subwidgets):
            choices.append(
                {
                    "id": f"{field.auto_id}_{index}",
                    "value": sub.data["value"],
                    "label": sub.choice_label,
                    "checked": sub.data["selected"],
                }
            )
    date_parts = []
    if kind == "date":
        values = field.value()
        if not isinstance(values, list | tuple):
            values = widget.decompress(values)
        for index, (name, width_class) in enumerate((("Day", 2), ("Month", 2), ("Year", 4))):
            date_parts.append(
                {
                    "id": f"{field.auto_id}_{index}",
                    "name": f"{field.html_name}_{index}",
                    "label": name,
                    "value": "" if values[index] is None else values[index],
                    "width": width_class,
                }
            )
    return {
        "field": field,
        "kind": kind,
        "rendered": rendered,
        "choices": choices,
        "date_parts": date_parts,
        "describedby": " ".join(describedby),
        "heading": options.get("heading", False),
        "label_size": options.get("label_size", "s" if options.get("heading") else ""),
        "inline": options.get("inline", False),
        "checked": bool(field.value()) if kind == "checkbox" else False,
    }


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: forms.Form) -> dict[str, Any]:
    items = []
    for form in forms_:
        if form is None or not form.errors:
            continue
        for error in form.non_field_errors():
            first = next(iter(form), None)
            items.append({"href": f"#{first_input_id(first)}" if first else "#", "text": error})
        for field in form:
            for error in field.errors:
                items.append({"href": f"#{first_input_id(field)}", "text": error})
    return {"items": items}


@register.inclusion_tag("govuk/pagination.html", takes_context=True)
def govuk_pagination(context: dict[str, Any], page_obj: Any) -> dict[str, Any]:
    request = context["request"]

    def url(number: int) -> str:
        query: QueryDict = request.GET.copy()
        query["page"] = str(number)
        return f"?{query.urlencode()}"

    pages = []
    if page_obj is not None and page_obj.paginator.num_pages > 1:
        current, last = page_obj.number, page_obj.paginator.num_pages
        shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
        previous = None
        for number in shown:
            if previous is not None and number - previous > 1:
                pages.append({"ellipsis": True})
            pages.append({"number": number, "url": url(number), "current": number == current})
            previous = number
    return {
        "page_obj": page_obj,
        "pages": pages,
        "previous_url": url(page_obj.previous_page_number())
        if page_obj and page_obj.has_previous()
        else None,
        "next_url": url(page_obj.next_page_number()) if page_obj and page_obj.has_next() else None,
    }


@register.filter
def govuk_date(value: Any) -> str:
    """27 March 2024, the GOV.UK style; an empty string for no date."""
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"


@register.simple_block_tag
def table_region(content: SafeString, *label: Any) -> SafeString:
    """A scrolling region around a table (``content``, already rendered and escaped by
    the template), named by ``label``'s parts joined: ``{% table_region "KPI " number
    %}``. Names must differ between the regions of a page."""
    return format_html(
        '<div class="cf-table-wrapper" role="region" aria-label="{}" tabindex="0">{}</div>',
        "".join(str(part) for part in label),
        content,
    )
