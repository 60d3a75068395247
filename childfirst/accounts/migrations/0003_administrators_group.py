"""The Administrators permission group: people, roles, teams and reference data to
manage in the admin, the access log to read, and nothing about any child.

The permissions are created first (Django creates them only after all migrations have
run, so on a fresh database they would not exist yet), then granted. Whoever already
holds the administrator role is put in the group. Reversing removes the group.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from childfirst.accounts.groups import ADMINISTRATORS_GROUP

MANAGE = ("view", "add", "change")
KEEP = ("view", "add", "change", "delete")

#: (app label, model name) -> the actions granted. Deliberately nothing on any model
#: holding a child's record (casework's records and work, the audits).
GRANTS = {
    ("accounts", "user"): MANAGE,
    # Delete as well, so that a role can be taken away again.
    ("accounts", "roleassignment"): KEEP,
    ("accounts", "team"): MANAGE,
    ("accounts", "accesslog"): ("view",),
    ("casework", "ethnicity"): KEEP,
    ("casework", "offencetype"): KEEP,
    ("casework", "outcometype"): KEEP,
    ("casework", "accommodationtype"): KEEP,
    ("casework", "eteprovisiontype"): KEEP,
    ("performance", "populationestimate"): KEEP,
}


def create_group(apps, schema_editor):
    db = schema_editor.connection.alias
    for label in sorted({app for app, _ in GRANTS}):
        create_permissions(global_apps.get_app_config(label), apps=apps, using=db, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("accounts", "User")

    permissions = []
    for (app, model), actions in GRANTS.items():
        found = list(
            Permission.objects.using(db).filter(
                content_type__app_label=app,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )
        if len(found) != len(actions):
            raise RuntimeError(f"Missing permissions for {app}.{model}: {actions}")
        permissions.extend(found)

    group, _ = Group.objects.using(db).get_or_create(name=ADMINISTRATORS_GROUP)
    group.permissions.set(permissions)
    group.user_set.add(
        *User.objects.using(db).filter(role_assignments__role="administrator").distinct()
    )


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name=ADMINISTRATORS_GROUP
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("casework", "0003_historicalintervention_release_date_and_more"),
        ("performance", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
