"""The admin: reference data (the YJB's categories) is edited here, with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from childfirst.casework import models


@admin.register(models.Ethnicity)
class EthnicityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "group", "active", "order")
    list_filter = ("group", "active")


@admin.register(models.OffenceType)
class OffenceTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "category", "gravity", "active")
    list_filter = ("category", "gravity", "active")
    search_fields = ("name", "code")


@admin.register(models.OutcomeType)
class OutcomeTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "tier", "out_of_court", "order_group", "seriousness", "active")
    list_filter = ("tier", "out_of_court", "order_group", "active")


@admin.register(models.AccommodationType)
class AccommodationTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "always_unsuitable", "active", "order")


@admin.register(models.EteProvisionType)
class EteProvisionTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "not_in_ete", "active", "order")
