"""The 404 page: our own layout, saying why when the reason is for the person
(:class:`childfirst.errors.NotFound`); never the developer's text of a plain ``Http404``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseNotFound
from django.template.loader import render_to_string

from childfirst.errors import NotFound


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponseNotFound:
    message = exception.message if isinstance(exception, NotFound) else ""
    return HttpResponseNotFound(render_to_string("404.html", {"message": message}, request))
