"""Two-factor sign-in, changing one's password, and the signed-out page."""

from django.urls import path

from childfirst.accounts import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.verify, name="two-factor"),
    path("two-factor/set-up/", views.set_up, name="two-factor-set-up"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("two-factor/recovery-code/", views.recovery_code, name="recovery-code"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/password/changed/", views.PasswordChangedView.as_view(), name="password-changed"),
    path("signed-out/", views.signed_out, name="signed-out"),
]
