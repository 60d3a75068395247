"""The admin: reference data (the YJB's categories) is edited here, with history.

Administrators (``accounts.groups``) keep these lists; they see nothing of any child.
No child's record is registered here, and deleting an item still in use names no
record: it says how many records use it (Django's own page would list each one).
"""

from collections import Counter
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.db import router
from simple_history.admin import SimpleHistoryAdmin

from childfirst.casework import models


class ReferenceAdmin(SimpleHistoryAdmin):
    """An editable list of reference data."""

    def get_deleted_objects(self, objs, request):  # type: ignore[no-untyped-def]
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            protected = in_use(objs, router.db_for_write(self.model))
        return to_delete, model_count, perms_needed, protected


def in_use(objs: Any, using: str) -> list[str]:
    """What keeps ``objs`` from being deleted, as counts ("12 offences"), not records."""
    collector = NestedObjects(using=using, origin=objs)
    collector.collect(objs)
    counts = Counter(type(obj) for obj in collector.protected)
    return [
        f"{n} {model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural}"
        for model, n in sorted(counts.items(), key=lambda item: str(item[0]._meta.verbose_name))
    ]


@admin.register(models.Ethnicity)
class EthnicityAdmin(ReferenceAdmin):
    list_display = ("name", "group", "active", "order")
    list_filter = ("group", "active")


@admin.register(models.OffenceType)
class OffenceTypeAdmin(ReferenceAdmin):
    list_display = ("name", "category", "gravity", "active")
    list_filter = ("category", "gravity", "active")
    search_fields = ("name", "code")


@admin.register(models.OutcomeType)
class OutcomeTypeAdmin(ReferenceAdmin):
    list_display = ("name", "tier", "out_of_court", "order_group", "seriousness", "active")
    list_filter = ("tier", "out_of_court", "order_group", "active")


@admin.register(models.AccommodationType)
class AccommodationTypeAdmin(ReferenceAdmin):
    list_display = ("name", "always_unsuitable", "active", "order")


@admin.register(models.EteProvisionType)
class EteProvisionTypeAdmin(ReferenceAdmin):
    list_display = ("name", "not_in_ete", "active", "order")
