"""Sign-in and the signed-in home page."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from childfirst.domain.inspection import available_frameworks, load_framework


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording and error messages."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case sensitive.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    username = forms.CharField(
        label="Username",
        error_messages={"required": "Enter your username"},
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    frameworks = [load_framework(f) for f in available_frameworks()]
    return render(request, "accounts/home.html", {"frameworks": frameworks})
