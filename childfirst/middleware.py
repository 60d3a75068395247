"""ChildFirst's own middleware.

* :class:`StaticFilesMiddleware`: static files, served by WhiteNoise. GOV.UK Frontend's
  precompiled stylesheet refers to its fonts and images at ``/assets/…`` (the package's
  documented layout), so besides ``STATIC_URL`` the package's ``assets`` folder is also
  served at ``/assets/``.
* :class:`SecurityHeadersMiddleware`: on every response, static files' too, a
  ``Permissions-Policy`` turning off the browser features ChildFirst never uses (camera,
  microphone, geolocation, payment, ...), and no ``Server`` or ``X-Powered-By`` header
  naming software. The WSGI server adds its own ``Server`` line after Django has
  finished (runserver's names Python's version; gunicorn's says ``gunicorn``): the
  proxy in front strips it (DEVELOPERS.md, "Production settings").
* :class:`NoStoreWhenSignedInMiddleware`: every response to someone signed in carries
  ``Cache-Control: no-store``, pages and downloads alike, so no browser or proxy keeps
  a copy of a child's record. Responses to no one in particular (static files, the
  sign-in page) stay cacheable.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from whitenoise.middleware import WhiteNoiseMiddleware

#: Browser features no page of ChildFirst uses, each turned off for every origin.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
#: Headers that would tell an attacker which software, and which version, to aim at.
BANNERS = ("Server", "X-Powered-By")


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    def __init__(self, get_response=None, settings=settings):  # type: ignore[no-untyped-def]
        super().__init__(get_response, settings=settings)
        assets = settings.GOVUK_FRONTEND_DIR / "assets"
        if assets.exists():
            self.add_files(str(assets), prefix="assets/")


class SecurityHeadersMiddleware:
    """A Permissions-Policy on every response, and no banner naming software."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        for name in BANNERS:
            if name in response.headers:
                del response.headers[name]
        return response


class NoStoreWhenSignedInMiddleware:
    """``Cache-Control: no-store`` (with Django's other never-cache headers) on every
    response to someone signed in; after the authentication middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
