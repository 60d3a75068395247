"""The sign-in, two-factor and password forms, worded as the GOV.UK Design System asks."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


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


class AppCodeForm(forms.Form):
    """The 6-digit code from an authenticator app."""

    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows for ChildFirst now",
        max_length=12,
        error_messages={"required": "Enter the 6-digit security code from your app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
    )
    wrong_code = "The security code is not right. Enter the code your app shows now"

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the security code as 6 digits, like 123456")
        return code


class RecoveryCodeForm(forms.Form):
    """One of the recovery codes shown when two-factor sign-in was set up."""

    code = forms.CharField(
        label="Recovery code",
        help_text="One of the 8-character codes you were given when you set up "
        "two-factor sign-in. Each code works once.",
        max_length=20,
        error_messages={"required": "Enter one of your recovery codes"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )
    wrong_code = "The recovery code is not right, or has already been used"


class ChangePasswordForm(PasswordChangeForm):
    """Django's password change, worded as the Design System asks; saving it also
    clears the "must change password" flag an administrator's temporary password set."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again",
        "password_mismatch": "The new passwords do not match. Enter the same password twice",
    }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = (
            "At least 12 characters. Not a common password, not all numbers, and not like "
            "your name or username"
        )
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"

    def save(self, commit: bool = True):  # type: ignore[no-untyped-def]
        self.user.must_change_password = False
        return super().save(commit=commit)
