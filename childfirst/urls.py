from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from childfirst import health, home
from childfirst.accounts.forms import SignInForm

handler404 = "childfirst.ui.error_pages.page_not_found"
handler500 = health.server_error

admin.site.site_header = "ChildFirst administration"
admin.site.site_title = "ChildFirst"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="registration/sign_in.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="sign-in",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("", include("childfirst.accounts.urls")),
    path("", include("childfirst.casework.urls")),
    path("performance/", include("childfirst.performance.urls")),
    path("audits/", include("childfirst.audits.urls")),
    path("admin/", admin.site.urls),
]
