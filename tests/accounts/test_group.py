"""The Administrators group made by migration 0003: exactly the intended permissions,
none on any model holding a child's record, and undone when the migration is reversed."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import connection

from childfirst.accounts.groups import ADMINISTRATORS_GROUP, administrators_group
from childfirst.accounts.models import Role, RoleAssignment
from tests.casework.factories import UserFactory

pytestmark = pytest.mark.django_db

MANAGE = {"view", "add", "change"}
KEEP = {"view", "add", "change", "delete"}
TWO_FACTOR_MIGRATION = (
    "childfirst.accounts.migrations.0006_two_factor_events_and_temporary_passwords"
)
INTENDED = {
    "accounts.user": MANAGE,
    "accounts.roleassignment": KEEP,  # delete too, so that a role can be taken away
    "accounts.team": MANAGE,
    "accounts.accesslog": {"view"},
    "accounts.twofactorevent": {"view"},  # the two-factor log (migration 0004)
    "casework.ethnicity": KEEP,
    "casework.offencetype": KEEP,
    "casework.outcometype": KEEP,
    "casework.accommodationtype": KEEP,
    "casework.eteprovisiontype": KEEP,
    "performance.populationestimate": KEEP,
}
REFERENCE_DATA = {
    "ethnicity",
    "offencetype",
    "outcometype",
    "accommodationtype",
    "eteprovisiontype",
}

MIGRATION = "childfirst.accounts.migrations.0003_administrators_group"


def granted(group: Group) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for app, model, codename in group.permissions.values_list(
        "content_type__app_label", "content_type__model", "codename"
    ):
        found.setdefault(f"{app}.{model}", set()).add(codename.removesuffix(f"_{model}"))
    return found


def test_the_group_has_exactly_the_intended_permissions():
    assert granted(Group.objects.get(name="Administrators")) == INTENDED
    assert ADMINISTRATORS_GROUP == "Administrators"


def test_the_group_has_no_permission_on_any_child_level_model_nor_on_groups():
    child_level = [
        model
        for model in apps.get_models()
        if model._meta.app_label == "audits"
        or (model._meta.app_label == "casework" and model._meta.model_name not in REFERENCE_DATA)
    ]
    names = {model._meta.model_name for model in child_level}
    for expected in ("child", "offence", "outcome", "intervention", "contact", "victim"):
        assert expected in names
    for expected in ("assessment", "plan", "review", "oversight", "audit", "auditcase"):
        assert expected in names
    assert "careepisode" in names and "historicalchild" in names

    group = administrators_group()
    assert not group.permissions.filter(
        content_type__app_label__in=["casework", "audits"],
        content_type__model__in=names,
    ).exists()
    # Nor anything that would let an administrator widen their own group.
    assert not group.permissions.filter(content_type__app_label="auth").exists()


def test_every_list_of_ours_in_the_admin_is_open_to_administrators():
    ours = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in {"accounts", "casework", "performance"}
    }
    assert set(granted(administrators_group())) == ours == set(INTENDED)


def test_reversing_the_migration_removes_the_group_and_running_it_again_makes_it():
    holder = UserFactory(username="existing-administrator")
    RoleAssignment.objects.create(user=holder, role=Role.ADMINISTRATOR)
    other = UserFactory(roles=[(Role.AUDITOR, None)])

    migration = importlib.import_module(MIGRATION)
    schema_editor = SimpleNamespace(connection=connection)  # RunPython uses only this

    migration.remove_group(apps, schema_editor)
    assert not Group.objects.filter(name=ADMINISTRATORS_GROUP).exists()

    # On a database where the permissions are not made yet, it makes them first.
    Permission.objects.filter(content_type__app_label="performance").delete()
    migration.create_group(apps, schema_editor)
    # The two-factor log came later, with its own grant.
    later = importlib.import_module(TWO_FACTOR_MIGRATION)
    later.grant_reading_the_log(apps, schema_editor)
    group = Group.objects.get(name=ADMINISTRATORS_GROUP)
    assert granted(group) == INTENDED
    # Whoever already held the administrator role is put in the group; nobody else.
    assert list(group.user_set.all()) == [holder]
    assert other not in group.user_set.all()
