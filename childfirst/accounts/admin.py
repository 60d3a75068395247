from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from childfirst.accounts.models import AccessLog, RoleAssignment, Team, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ("username", "first_name", "last_name", "job_title", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Job", {"fields": ("job_title",)}),
    )


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "area")


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence and is never edited."""

    list_display = ("viewed_at", "user", "child", "path")
    list_filter = ("viewed_at",)
    search_fields = ("user__username", "child__reference", "child__last_name")
    date_hierarchy = "viewed_at"

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
