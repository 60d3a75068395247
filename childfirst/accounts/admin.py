"""The admin for people, their roles and teams, and the access log.

Administrators (the Administrators group, ``accounts.groups``) manage accounts here
without being superusers. Roles are given and taken away on a person's page, through
``accounts.services`` (so nobody changes their own roles, and the history records who
did it); a person's own roles are read-only to them. Only a superuser may tick
superuser status, groups or individual permissions, change their own staff status, or
change a superuser's account. The access log names each child by reference only.

Sign-in: a password an administrator sets here (a new account's, or "Change password"
on someone's page) is temporary: the person must choose their own at their next sign-in.
The "Reset two-factor sign-in" action takes away people's authenticator apps and
recovery codes, so they set up an app again; the two-factor log records it, and every
enrolment and recovery code used, with who and when.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from childfirst.accounts import services, two_factor
from childfirst.accounts.errors import AccountsError
from childfirst.accounts.models import AccessLog, RoleAssignment, Team, TwoFactorEvent, User

#: The fields of a person's account that only a superuser may change.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, where reverting to an earlier version needs the
    permission to change the record (its own view saves a revert for anyone who may
    only view)."""

    def history_form_view(  # type: ignore[no-untyped-def]
        self, request, object_id, version_id, extra_context=None
    ):
        if request.method == "POST" and not self.has_change_permission(
            request, self.get_object(request, object_id)
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def _is_self(request: HttpRequest, user: User | None) -> bool:
    return user is not None and user.pk is not None and user.pk == request.user.pk


def _superuser_account(request: HttpRequest, user: User | None) -> bool:
    """``user`` is a superuser and the person asking is not."""
    return user is not None and user.is_superuser and not request.user.is_superuser


class RoleAssignmentInline(admin.TabularInline):
    """A person's roles; read-only on one's own page, and on a superuser's to others."""

    model = RoleAssignment
    extra = 1

    def _locked(self, request: HttpRequest, user: User | None) -> bool:
        return _is_self(request, user) or _superuser_account(request, user)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return not self._locked(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)


class TemporaryPasswordForm(AdminPasswordChangeForm):
    """A password an administrator sets for someone: they must change it at next sign-in."""

    def save(self, commit: bool = True):  # type: ignore[no-untyped-def]
        if self.cleaned_data.get("password1"):
            self.user.must_change_password = True
        return super().save(commit=commit)


class NewAccountForm(AdminUserCreationForm):
    """A new account's password is temporary too."""

    def save(self, commit: bool = True):  # type: ignore[no-untyped-def]
        if self.cleaned_data.get("password1"):
            self.instance.must_change_password = True
        return super().save(commit=commit)


# django-otp's own admin pages for the devices would show each person's secret key (and
# let anyone with the permission add a device for someone else): the administrator's
# only tool is the reset below.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, HistoryAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ("username", "first_name", "last_name", "job_title", "is_active", "two_factor")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Job", {"fields": ("job_title",)}),
        ("Sign-in", {"fields": ("must_change_password", "two_factor")}),
    )
    readonly_fields = ("two_factor",)
    add_form = NewAccountForm
    change_password_form = TemporaryPasswordForm
    actions = ["reset_two_factor"]

    @admin.display(description="Two-factor sign-in")
    def two_factor(self, obj: User) -> str:
        return "Set up" if obj.pk and two_factor.is_enrolled(obj) else "Not set up"

    @admin.action(description="Reset two-factor sign-in", permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, queryset: Any) -> None:
        done = []
        for user in queryset:
            try:
                two_factor.reset(actor=request.user, user=user)
            except AccountsError as error:
                self.message_user(request, f"{user.username}: {error}", messages.ERROR)
            else:
                done.append(user.username)
        if done:
            self.message_user(
                request,
                f"Two-factor sign-in reset for {', '.join(done)}: they set up an "
                "authenticator app again when they next sign in.",
                messages.SUCCESS,
            )

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += SUPERUSER_ONLY_FIELDS
            if _is_self(request, obj):
                fields.append("is_staff")
        return fields

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        if _superuser_account(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def history_form_view(  # type: ignore[no-untyped-def]
        self, request, object_id, version_id, extra_context=None
    ):
        # Reverting an account could bring back an earlier superuser or staff status.
        if request.method == "POST" and not request.user.is_superuser:
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # Whatever the form held, only a superuser changes superuser status, and
        # nobody but a superuser their own staff status.
        if not request.user.is_superuser:
            saved = User.objects.filter(pk=obj.pk).first() if change else None
            obj.is_superuser = saved.is_superuser if saved else False
            if saved and _is_self(request, obj):
                obj.is_staff = saved.is_staff
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        # Works out what changed (new, changed, deleted) without saving; the services
        # make each change, check who may, and keep the history.
        formset.save(commit=False)
        actor, user = request.user, formset.instance
        for assignment in formset.deleted_objects:
            services.remove_role(actor=actor, assignment=assignment)
        for assignment, _ in formset.changed_objects:
            services.change_role(
                actor=actor, assignment=assignment, role=assignment.role, team=assignment.team
            )
        for assignment in formset.new_objects:
            services.assign_role(actor=actor, user=user, role=assignment.role, team=assignment.team)
        return None

    def changeform_view(  # type: ignore[no-untyped-def]
        self, request, object_id=None, form_url="", extra_context=None
    ) -> HttpResponse:
        # A refusal from the services undoes the whole save (the admin saves in one
        # transaction) and shows as a message on the same page.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AccountsError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(HistoryAdmin):
    """Who holds which role, to read: roles are given and taken away on the person's page."""

    list_display = ("username", "full_name", "role", "team")
    list_filter = ("role", "team")
    list_select_related = ("user", "team")
    search_fields = ("user__username", "user__first_name", "user__last_name")

    @admin.display(description="Username", ordering="user__username")
    def username(self, obj: RoleAssignment) -> str:
        return obj.user.username

    @admin.display(description="Name", ordering="user__last_name")
    def full_name(self, obj: RoleAssignment) -> str:
        return obj.user.get_full_name()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Team)
class TeamAdmin(HistoryAdmin):
    list_display = ("name", "area")


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence and is never edited. It names each child by
    reference and each member of staff by username, never a child's name."""

    list_display = ("viewed_at", "username", "child_reference", "path")
    fields = ("viewed_at", "username", "child_reference", "path")
    readonly_fields = fields
    list_filter = ("viewed_at",)
    list_select_related = ("user", "child")
    search_fields = ("user__username", "child__reference")
    date_hierarchy = "viewed_at"

    @admin.display(description="Username", ordering="user__username")
    def username(self, obj: AccessLog) -> str:
        return obj.user.username

    @admin.display(description="Child's reference", ordering="child__reference")
    def child_reference(self, obj: AccessLog) -> str:
        return str(obj.child.reference)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(TwoFactorEvent)
class TwoFactorEventAdmin(admin.ModelAdmin):
    """Read-only: every two-factor set-up, reset and recovery code used, who and when."""

    list_display = ("at", "username", "kind", "actor_username", "detail")
    fields = list_display
    readonly_fields = fields
    list_filter = ("kind", "at")
    list_select_related = ("user", "actor")
    search_fields = ("user__username", "actor__username")

    @admin.display(description="Account", ordering="user__username")
    def username(self, obj: TwoFactorEvent) -> str:
        return obj.user.username

    @admin.display(description="Done by", ordering="actor__username")
    def actor_username(self, obj: TwoFactorEvent) -> str:
        return obj.actor.username

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
