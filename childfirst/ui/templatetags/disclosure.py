"""Small numbers in templates (see :mod:`childfirst.domain.disclosure`).

``{% load disclosure %}``, then, with ``suppress_below`` in the context (the threshold
for this reader: 0 for staff with child-level access):

- ``{{ count|small:suppress_below }}``: the count, or "<5" (read out as "fewer than 5")
  when it is withheld;
- ``{% withheld suppress_below numerator denominator as hide %}``: whether a rate worked
  out from those counts is withheld.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from childfirst.domain.disclosure import hides, hides_rate

register = template.Library()


@register.filter
def small(count: Any, threshold: int) -> Any:
    if isinstance(count, int) and hides(count, threshold):
        return withheld_text(threshold)
    return count


def withheld_text(threshold: int) -> SafeString:
    return format_html(
        '<span aria-hidden="true">&lt;{}</span>'
        '<span class="govuk-visually-hidden">fewer than {}</span>',
        threshold,
        threshold,
    )


@register.simple_tag
def withheld(threshold: int, *counts: int | None) -> bool:
    return hides_rate(threshold, *counts)
