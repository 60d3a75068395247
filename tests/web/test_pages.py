"""The web pages through Django's test client: sign-in, home, sign-out, admin,
security headers, static files, lockout and the demo command."""

from __future__ import annotations

import html
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

PASSWORD = "a-long-test-passphrase-42"
SIGN_IN = "/sign-in/"


def title_of(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL)
    assert match, "the page has no <title>"
    return " ".join(html.unescape(match.group(1)).split())


def body_of(response) -> bytes:
    """The body of any response, streamed (WhiteNoise's file responses) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def sign_in(client, username: str, password: str, **extra):
    """Sign in through the page; when the password is right, answer the second factor
    too (two-factor sign-in is on: the suite runs with debug off), as a person would.
    Returns the sign-in page's own answer."""
    response = client.post(SIGN_IN, {"username": username, "password": password, **extra})
    if response.status_code == 302 and "_auth_user_id" in client.session:
        from django.contrib.auth import get_user_model

        from tests.two_factor import app_device, current_code

        person = get_user_model().objects.get(username=username)
        answer = client.post("/two-factor/", {"code": current_code(app_device(person))})
        assert answer.status_code == 302, "the second factor was refused"
    return response


def is_signed_in(client) -> bool:
    return client.get("/").status_code == 200


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(
        username="pshah", password=PASSWORD, first_name="Priya", last_name="Shah"
    )


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="tmanager",
        password=PASSWORD,
        first_name="Tom",
        last_name="Manager",
        is_staff=True,
    )


# --- the URLs ---------------------------------------------------------------------------


def test_urls_are_where_the_layout_expects():
    assert reverse("home") == "/"
    assert reverse("sign-in") == SIGN_IN
    assert reverse("sign-out") == "/sign-out/"
    assert reverse("admin:index") == "/admin/"


@pytest.mark.django_db
def test_home_redirects_anonymous_users_to_sign_in_with_next(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/"


# --- the sign-in page -------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_page_uses_the_govuk_layout(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    page = response.content.decode()
    assert title_of(response) == "Sign in – ChildFirst"
    assert '<html lang="en" class="govuk-template">' in page
    assert 'class="govuk-template__body"' in page
    # The skip link comes first in the body and points at the main content.
    assert re.search(r'<a href="#main-content" class="govuk-skip-link"[^>]*>Skip to main', page)
    assert page.index("govuk-skip-link") < page.index("<header")
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    # The phase banner, with the phase from settings.
    assert "govuk-phase-banner" in page
    assert re.search(r'class="govuk-tag govuk-phase-banner__content__tag">\s*Alpha\s*<', page)
    # GOV.UK Frontend 6's layout: one <header> landmark holds the generic header, the
    # service navigation and the phase banner.
    header = page[page.index("<header") : page.index("</header>")]
    for part in ("govuk-generic-header", "govuk-service-navigation", "govuk-phase-banner"):
        assert part in header, f"{part} is not inside the <header>"
    assert "govuk-footer" in page
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in page
    # GOV.UK form markup: labels tied to inputs, and the right autocomplete hints.
    assert '<label class="govuk-label" for="id_username">Username</label>' in page
    assert '<label class="govuk-label" for="id_password">Password</label>' in page
    assert re.search(
        r'<input class="govuk-input[^"]*" id="id_username"[^>]*autocomplete="username"', page
    )
    assert re.search(
        r'<input class="govuk-input[^"]*" id="id_password"[^>]*type="password"'
        r'[^>]*autocomplete="current-password"',
        page,
    )
    assert '<button type="submit" class="govuk-button"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    # No error summary when nothing has gone wrong, and nobody's menu to show.
    assert "govuk-error-summary" not in page
    assert "Sign out" not in page


@pytest.mark.django_db
def test_sign_in_page_carries_next_through_the_form(client):
    response = client.get(SIGN_IN, {"next": "/admin/"})
    assert '<input type="hidden" name="next" value="/admin/">' in response.content.decode()


@pytest.mark.django_db
def test_signed_in_user_visiting_sign_in_goes_home(client, user):
    client.force_login(user)
    response = client.get(SIGN_IN)
    assert response.status_code == 302
    assert response["Location"] == "/"


# --- signing in -------------------------------------------------------------------------


@pytest.mark.django_db
def test_signing_in_lands_on_home_with_name(client, user):
    response = sign_in(client, "pshah", PASSWORD, next="/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)

    home = client.get("/")
    assert home.status_code == 200
    page = home.content.decode()
    assert title_of(home) == "Home – ChildFirst"
    assert '<h1 class="govuk-heading-xl">Welcome, Priya Shah</h1>' in page
    # No role yet: told so, and shown nothing a role would bring (the inspection
    # frameworks are for service managers and auditors: tests/casework/test_work_home.py).
    assert "Your account does not have a role yet" in page
    assert "Inspection frameworks available" not in page
    # The signed-in menu: home marked as the current page, and a sign-out form (POST).
    assert 'aria-current="page">Home</a>' in page
    assert re.search(r'<form method="post" action="/sign-out/"', page)
    # Not staff, so no way into the admin is offered.
    assert "/admin/" not in page


@pytest.mark.django_db
def test_signing_in_without_next_goes_home(client, user):
    response = sign_in(client, "pshah", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_signing_in_follows_a_safe_next_but_not_an_external_one(client, staff_user):
    response = sign_in(client, "tmanager", PASSWORD, next="/admin/")
    assert response["Location"] == "/admin/"
    client.post("/sign-out/")
    response = sign_in(client, "tmanager", PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_home_shows_username_when_user_has_no_name(client, django_user_model):
    nameless = django_user_model.objects.create_user(username="jbloggs", password=PASSWORD)
    client.force_login(nameless)
    assert "Welcome, jbloggs</h1>" in client.get("/").content.decode()


@pytest.mark.django_db
def test_home_offers_administration_to_staff(client, staff_user):
    client.force_login(staff_user)
    page = client.get("/").content.decode()
    assert 'href="/admin/">Administration</a>' in page
    assert "Manage users and reference data" in page


@pytest.mark.django_db
def test_wrong_password_shows_error_summary(client, user):
    response = sign_in(client, "pshah", "not-the-password")
    assert response.status_code == 200
    page = response.content.decode()
    assert title_of(response).startswith("Error: ")
    assert title_of(response) == "Error: Sign in – ChildFirst"
    assert 'class="govuk-error-summary"' in page
    assert "There is a problem" in page
    assert "Enter a correct username and password. Both are case sensitive." in page
    # The summary's link goes to the first field.
    assert '<li><a href="#id_username">Enter a correct username' in page
    # The username is kept; the password never comes back.
    assert 'value="pshah"' in page
    assert "not-the-password" not in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_inactive_user_cannot_sign_in(client, user):
    user.is_active = False
    user.save()
    response = sign_in(client, "pshah", PASSWORD)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_empty_form_asks_for_username_and_password(client):
    response = client.post(SIGN_IN, {"username": "", "password": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert title_of(response).startswith("Error: ")
    assert "There is a problem" in page
    # In the summary, linked to the fields...
    assert '<li><a href="#id_username">Enter your username</a></li>' in page
    assert '<li><a href="#id_password">Enter your password</a></li>' in page
    # ...and by each field, described by its error message.
    for field, message in (
        ("username", "Enter your username"),
        ("password", "Enter your password"),
    ):
        assert re.search(
            rf'<p id="id_{field}-error" class="govuk-error-message">'
            rf'<span class="govuk-visually-hidden">Error:</span> {message}</p>',
            page,
        )
        assert re.search(
            rf'<input class="govuk-input[^"]*govuk-input--error" id="id_{field}"'
            rf'[^>]*aria-describedby="id_{field}-error"',
            page,
        )
    assert page.count("govuk-form-group--error") == 2
    # No "correct username and password" message for a form that was never filled in.
    assert "Enter a correct username" not in page


@pytest.mark.django_db
def test_password_only_missing_marks_only_password(client):
    page = client.post(SIGN_IN, {"username": "pshah", "password": ""}).content.decode()
    assert "Enter your password" in page
    assert "Enter your username" not in page
    assert page.count("govuk-form-group--error") == 1


# --- signing out ------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_out_is_post_only(client, user):
    client.force_login(user)
    response = client.get("/sign-out/")
    assert response.status_code == 405
    assert is_signed_in(client), "a GET to sign-out must not sign the user out"


@pytest.mark.django_db
def test_sign_out_signs_out(client, user):
    client.force_login(user)
    assert is_signed_in(client)
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session
    assert client.get("/")["Location"] == "/sign-in/?next=/"


@pytest.mark.django_db
def test_sign_out_needs_csrf_token(user):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    assert csrf_client.post("/sign-out/").status_code == 403
    assert is_signed_in(csrf_client)


# --- the admin --------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_refuses_anonymous_users(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_admin_refuses_signed_in_users_who_are_not_staff(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/accounts/user/").status_code == 302


@pytest.mark.django_db
def test_admin_lets_staff_in(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "ChildFirst administration" in response.content.decode()


@pytest.mark.django_db
def test_admin_user_list_for_superuser(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/accounts/user/").status_code == 200


# --- security headers -------------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["sign-in page", "home page"])
def test_csp_nonce_matches_the_inline_script(client, user, signed_in):
    if signed_in:
        client.force_login(user)
    response = client.get("/" if signed_in else SIGN_IN)
    assert response.status_code == 200
    directives = csp_directives(response)
    nonces = [v for v in directives["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1, directives["script-src"]
    nonce = nonces[0][len("'nonce-") : -1]
    assert len(nonce) >= 16
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]

    page = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline_scripts, "expected the GOV.UK js-enabled inline script"
    for attributes in inline_scripts:
        assert f'nonce="{nonce}"' in attributes, f"inline script without the nonce: {attributes}"


@pytest.mark.django_db
def test_csp_nonce_is_fresh_for_each_response(client):
    first = csp_directives(client.get(SIGN_IN))["script-src"]
    second = csp_directives(client.get(SIGN_IN))["script-src"]
    assert first != second


@pytest.mark.django_db
def test_other_security_headers(client):
    response = client.get(SIGN_IN)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_every_signed_in_response_is_no_store(client, user):
    # A page nobody in particular asks for is left alone (here, a 404 to no one signed in)...
    assert "no-store" not in client.get("/no-such-page/").get("Cache-Control", "")
    sign_in(client, "pshah", PASSWORD)
    # ... and every response to someone signed in is no-store: a page, a 404, a redirect.
    for path in ("/", "/no-such-page/", SIGN_IN):
        response = client.get(path)
        assert "no-store" in response["Cache-Control"], path
    client.post("/sign-out/")
    assert "no-store" not in client.get("/no-such-page/").get("Cache-Control", "")


@pytest.mark.django_db
def test_static_files_stay_cacheable_and_carry_no_no_store_even_when_signed_in(client, user):
    for signed_in in (False, True):
        if signed_in:
            sign_in(client, "pshah", PASSWORD)
        response = client.get("/static/govuk/govuk-frontend.min.css")
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")
        assert "max-age=" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", [SIGN_IN, "/static/govuk/govuk-frontend.min.css", "/healthz"])
def test_every_response_has_a_permissions_policy_and_no_server_banner(client, path):
    response = client.get(path)
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert "Server" not in response.headers
    assert "X-Powered-By" not in response.headers


def test_a_banner_set_below_is_taken_off():
    from django.http import HttpResponse

    from childfirst.middleware import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("hi")
        response["Server"] = "Apache/2.4.1 (Unix)"
        response["X-Powered-By"] = "PHP/5.1"
        return response

    response = SecurityHeadersMiddleware(view)(None)
    assert "Server" not in response.headers and "X-Powered-By" not in response.headers


# --- static files -----------------------------------------------------------------------


def govuk_font() -> str:
    fonts = sorted((settings.GOVUK_FRONTEND_DIR / "assets" / "fonts").glob("*.woff2"))
    assert fonts, "GOV.UK Frontend's fonts are missing: run `npm ci` (or `make install`)"
    return fonts[0].name


@pytest.mark.django_db
def test_govuk_frontend_css_is_served(client):
    page = client.get(SIGN_IN).content.decode()
    assert 'href="/static/govuk/govuk-frontend.min.css"' in page
    response = client.get("/static/govuk/govuk-frontend.min.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = body_of(response)
    assert b".govuk-template" in css
    assert css == (settings.GOVUK_FRONTEND_DIR / "govuk-frontend.min.css").read_bytes()


def test_govuk_frontend_font_is_served_where_the_css_looks_for_it(client):
    font = govuk_font()
    css = (settings.GOVUK_FRONTEND_DIR / "govuk-frontend.min.css").read_text()
    assert f"/assets/fonts/{font}" in css
    response = client.get(f"/assets/fonts/{font}")
    assert response.status_code == 200
    assert response["Content-Type"] == "font/woff2"
    expected = (settings.GOVUK_FRONTEND_DIR / "assets" / "fonts" / font).read_bytes()
    assert body_of(response) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/static/govuk/govuk-frontend.min.js",
        "/static/childfirst/childfirst.css",
        "/static/childfirst/init.mjs",
        "/assets/images/favicon.ico",
        "/assets/images/favicon.svg",
    ],
)
def test_other_static_files_are_served(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert body_of(response)


@pytest.mark.django_db
def test_unknown_asset_is_not_found(client):
    assert client.get("/assets/fonts/no-such-font.woff2").status_code == 404


# --- lockout ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_axes_locks_out_after_five_failures(client, user):
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(1, 5):
        response = sign_in(client, "pshah", f"wrong-{attempt}")
        assert response.status_code == 200, f"attempt {attempt}"
        assert "There is a problem" in response.content.decode()
    # The fifth failure reaches the limit.
    fifth = sign_in(client, "pshah", "wrong-5")
    assert fifth.status_code == 429
    # The sixth, with the right password, is still refused.
    sixth = sign_in(client, "pshah", PASSWORD)
    assert sixth.status_code == 429
    page = sixth.content.decode()
    assert "Your account is locked for an hour" in page
    assert title_of(sixth) == "Account locked – ChildFirst"
    assert "govuk-template" in page
    assert "_auth_user_id" not in client.session
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_axes_lockout_is_per_username(client, user, staff_user):
    for attempt in range(5):
        sign_in(client, "pshah", f"wrong-{attempt}")
    assert sign_in(client, "pshah", PASSWORD).status_code == 429
    # Another person at the same address can still sign in.
    response = sign_in(client, "tmanager", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_successful_sign_in_resets_the_failure_count(client, user):
    for attempt in range(4):
        sign_in(client, "pshah", f"wrong-{attempt}")
    assert sign_in(client, "pshah", PASSWORD).status_code == 302
    client.post("/sign-out/")
    for attempt in range(4):
        assert sign_in(client, "pshah", f"again-{attempt}").status_code == 200
    assert sign_in(client, "pshah", PASSWORD).status_code == 302


# --- the demo command -------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_command_creates_a_superuser_who_can_sign_in(client, django_user_model, settings):
    settings.CHILDFIRST_DEMO = True
    out = StringIO()
    call_command("demo", stdout=out)
    assert "Created the demo administrator" in out.getvalue()
    assert "'admin'" in out.getvalue()
    assert "'childfirst-demo'" in out.getvalue()

    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert admin.is_active

    response = sign_in(client, "admin", "childfirst-demo")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Welcome, Demo Administrator" in client.get("/").content.decode()
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_demo_command_twice_is_fine(client, django_user_model, settings):
    """Run again on its own demo database, the demo gives its own administrator back its
    password and flags (it never changes an account it did not make: tests/demo)."""
    settings.CHILDFIRST_DEMO = True
    call_command("demo", stdout=StringIO())
    admin = django_user_model.objects.get(username="admin")
    admin.set_password("changed-by-someone-else")
    admin.is_superuser = False
    admin.save()

    out = StringIO()
    call_command("demo", "--url", "http://demo.test:9000", stdout=out)
    assert "Reset the demo administrator" in out.getvalue()
    assert "http://demo.test:9000" in out.getvalue()
    assert django_user_model.objects.filter(username="admin").count() == 1
    admin.refresh_from_db()
    assert admin.is_superuser
    assert sign_in(client, "admin", "childfirst-demo").status_code == 302
