"""The admin for administrators: what they can open, that they see no child's name,
that nobody gives themselves a role or raises their own privileges, and the history."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from childfirst.accounts.access import log_child_views
from childfirst.accounts.groups import administrators_group
from childfirst.accounts.models import AccessLog, Role, RoleAssignment, User
from childfirst.casework.models import Ethnicity
from childfirst.demo.staff import DEMO_PASSWORD, create_staff
from tests.accounts.conftest import administrator, superuser
from tests.casework.conftest import sign_in
from tests.casework.factories import (
    ChildFactory,
    OffenceFactory,
    TeamFactory,
    UserFactory,
    practitioner_of,
)

pytestmark = pytest.mark.django_db

OPEN_TO_ADMINISTRATORS = [
    "/admin/",
    "/admin/accounts/",
    "/admin/accounts/user/",
    "/admin/accounts/user/add/",
    "/admin/accounts/team/",
    "/admin/accounts/team/add/",
    "/admin/accounts/roleassignment/",
    "/admin/accounts/accesslog/",
    "/admin/casework/",
    "/admin/casework/ethnicity/",
    "/admin/casework/offencetype/",
    "/admin/casework/offencetype/add/",
    "/admin/casework/outcometype/",
    "/admin/casework/accommodationtype/",
    "/admin/casework/eteprovisiontype/",
    "/admin/performance/populationestimate/",
]
REFUSED = [
    "/admin/auth/group/",
    "/admin/auth/group/add/",
    "/admin/axes/accessattempt/",
    "/admin/axes/accesslog/",
    "/admin/accounts/accesslog/add/",
    "/admin/accounts/roleassignment/add/",
]
#: Child-level models are not in the admin at all; nor, for them, the apps they have
#: nothing in.
NOT_THERE = [
    "/admin/auth/",
    "/admin/audits/",
    "/admin/casework/child/",
    "/admin/casework/offence/",
    "/admin/audits/audit/",
]
REGISTERED = {
    "accounts.User",
    "accounts.RoleAssignment",
    "accounts.Team",
    "accounts.AccessLog",
    "accounts.TwoFactorEvent",
    "auth.Group",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "casework.Ethnicity",
    "casework.OffenceType",
    "casework.OutcomeType",
    "casework.AccommodationType",
    "casework.EteProvisionType",
    "performance.PopulationEstimate",
}


def user_form(user: User, **changes: object) -> dict[str, object]:
    """The fields of ``user``'s change page as a browser posts them, with ``changes``."""
    values = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "job_title": user.job_title,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        **changes,
    }
    joined = timezone.localtime(user.date_joined)
    data: dict[str, object] = {
        name: value for name, value in values.items() if not isinstance(value, bool)
    }
    data.update({name: "on" for name, value in values.items() if value is True})
    data |= {"date_joined_0": f"{joined:%Y-%m-%d}", "date_joined_1": f"{joined:%H:%M:%S}"}
    return data


def roles_form(
    user: User, *, new: list[tuple[str, object]] = (), delete: list[RoleAssignment] = ()
) -> dict[str, object]:
    """The role assignments inline: ``user``'s roles as they are, ``new`` ones added
    and ``delete`` ones ticked for deletion."""
    existing = list(user.role_assignments.order_by("pk"))
    prefix = "role_assignments"
    data: dict[str, object] = {
        f"{prefix}-TOTAL_FORMS": len(existing) + len(new),
        f"{prefix}-INITIAL_FORMS": len(existing),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, assignment in enumerate(existing):
        data |= {
            f"{prefix}-{i}-id": assignment.pk,
            f"{prefix}-{i}-user": user.pk,
            f"{prefix}-{i}-role": assignment.role,
            f"{prefix}-{i}-team": assignment.team_id or "",
        }
        if assignment in delete:
            data[f"{prefix}-{i}-DELETE"] = "on"
    for i, (role, team) in enumerate(new, start=len(existing)):
        data |= {f"{prefix}-{i}-user": user.pk, f"{prefix}-{i}-role": role}
        data[f"{prefix}-{i}-team"] = team.pk if team else ""
    return data


def change_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def snapshot(user: User) -> tuple[object, ...]:
    user.refresh_from_db()
    return (
        sorted(user.role_assignments.values_list("role", "team_id")),
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.user_permissions.values_list("codename", flat=True)),
        user.is_staff,
        user.is_superuser,
        user.job_title,
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- what an administrator can open --------------------------------------------------------


def test_the_demo_administrator_manages_accounts_and_reference_data_and_nothing_else(client):
    # The demo's staff, made as `childfirst demo` makes them (without the children).
    create_staff(seed=1, children=5, password_hash=make_password(DEMO_PASSWORD))
    account = User.objects.get(role_assignments__role=Role.ADMINISTRATOR)
    assert account.is_staff and not account.is_superuser
    assert account.groups.filter(name="Administrators").exists()
    sign_in(client, account)

    for url in OPEN_TO_ADMINISTRATORS:
        assert client.get(url).status_code == 200, url
    for url in REFUSED:
        assert client.get(url).status_code == 403, url
    for url in NOT_THERE:
        assert client.get(url).status_code == 404, url

    index = client.get("/admin/").content.decode()
    assert "You don’t have permission" not in index
    for link in ("/admin/accounts/user/", "/admin/casework/offencetype/"):
        assert f'href="{link}"' in index
    assert "/admin/auth/" not in index and "/admin/axes/" not in index


def test_no_child_level_model_is_in_the_admin():
    assert {model._meta.label for model in admin.site._registry} == REGISTERED


# --- the access log ------------------------------------------------------------------------


def test_the_access_log_shows_childrens_references_and_never_their_names(client):
    team = TeamFactory()
    child = ChildFactory(team=team, first_name="Zebedee", last_name="Quillfeather")
    viewer = practitioner_of(team, username="pviewer", first_name="Ptolemy", last_name="Staff")
    log_child_views(viewer, [child], f"/children/{child.reference}/")
    entry = AccessLog.objects.get()
    sign_in(client, administrator())

    assert str(entry).startswith(f"pviewer viewed {child.reference} at ")
    listing = client.get("/admin/accounts/accesslog/")
    detail = client.get(f"/admin/accounts/accesslog/{entry.pk}/change/")
    for response in (listing, detail):
        assert response.status_code == 200
        page = response.content.decode()
        assert child.reference in page and "pviewer" in page
        for name in ("Zebedee", "Quillfeather", "Ptolemy"):
            assert name not in page

    def found(query: str) -> bool:
        page = client.get("/admin/accounts/accesslog/", {"q": query}).content.decode()
        return f"/admin/accounts/accesslog/{entry.pk}/change/" in page

    assert found(child.reference) and found("pviewer")
    assert not found("Quillfeather")

    # Read-only: the log is evidence.
    assert client.post(f"/admin/accounts/accesslog/{entry.pk}/change/", {}).status_code == 403
    assert client.post(f"/admin/accounts/accesslog/{entry.pk}/delete/", {}).status_code == 403


def test_deleting_reference_data_in_use_counts_the_records_and_names_no_child(client):
    child = ChildFactory(first_name="Zebedee", last_name="Quillfeather")
    child.ethnicity = Ethnicity.objects.get(code="white-british")
    child.save()
    offence = OffenceFactory(child=child)
    sign_in(client, administrator())

    for url in (
        f"/admin/casework/ethnicity/{child.ethnicity_id}/delete/",
        f"/admin/casework/offencetype/{offence.offence_type_id}/delete/",
    ):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert "would require deleting the following protected related objects" in page
        assert re.search(r"<li>1 (child|offence)</li>", page), url
        assert "Quillfeather" not in page and child.reference not in page
        assert str(offence) not in page


# --- nobody gives themselves a role or raises their own privileges --------------------------


def test_an_administrator_cannot_give_themselves_a_role_through_the_admin(client):
    actor = administrator()
    sign_in(client, actor)
    page = client.get(change_url(actor))
    roles = page.context["inline_admin_formsets"][0]
    assert not (roles.has_add_permission or roles.has_change_permission)
    assert not roles.has_delete_permission
    before = snapshot(actor)

    own = actor.role_assignments.get()
    response = client.post(
        change_url(actor),
        user_form(actor) | roles_form(actor, new=[(Role.SERVICE_MANAGER, None)], delete=[own]),
    )
    assert response.status_code == 302  # saved the rest; the roles were not the person's to change
    assert snapshot(actor) == before


def test_a_refusal_shows_as_a_message_and_changes_nothing(client):
    # In the group (a superuser put them there) but not holding the administrator role.
    actor = UserFactory(is_staff=True)
    actor.groups.add(administrators_group())
    other = UserFactory()
    before = snapshot(other)
    sign_in(client, actor)

    response = client.post(
        change_url(other),
        user_form(other, job_title="Changed") | roles_form(other, new=[(Role.AUDITOR, None)]),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == change_url(other)
    assert "Only an administrator can change people's roles." in messages_of(response)
    assert snapshot(other) == before  # not the role, nor the job title


def test_a_non_superuser_cannot_tick_superuser_staff_groups_or_permissions(client):
    actor = administrator()
    other = UserFactory()
    sign_in(client, actor)
    extra = Group.objects.create(name="Extra")
    permission = Permission.objects.get(codename="view_child")

    page = client.get(change_url(other)).content.decode()
    for field in ("is_superuser", "groups", "user_permissions"):
        assert f'name="{field}"' not in page
    assert 'name="is_staff"' in page  # someone else's staff status, yes

    wider = {"groups": [extra.pk], "user_permissions": [permission.pk]}
    response = client.post(
        change_url(other), user_form(other, is_superuser=True) | roles_form(other) | wider
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert not other.is_superuser
    assert not other.groups.exists() and not other.user_permissions.exists()

    own = client.get(change_url(actor)).content.decode()
    assert 'name="is_staff"' not in own and 'name="is_superuser"' not in own
    before = snapshot(actor)
    response = client.post(
        change_url(actor),
        user_form(actor, is_superuser=True, is_staff=False) | roles_form(actor) | wider,
    )
    assert response.status_code == 302
    assert snapshot(actor) == before


def test_an_administrator_cannot_revert_an_account_to_an_earlier_superuser(client):
    root = superuser()
    other = UserFactory()
    other.is_superuser = True
    other._history_user = root
    other.save()
    was_superuser = other.history.latest().history_id
    other.is_superuser = False
    other.save()
    sign_in(client, administrator())

    url = f"/admin/accounts/user/{other.pk}/history/{was_superuser}/"
    assert client.post(url, user_form(other)).status_code == 403
    other.refresh_from_db()
    assert not other.is_superuser


def test_an_administrator_cannot_change_a_superusers_account(client):
    root = superuser()
    sign_in(client, administrator())
    assert client.get(change_url(root)).status_code == 200  # to read
    assert client.post(change_url(root), user_form(root, is_active=False)).status_code == 403
    assert client.get(f"/admin/accounts/user/{root.pk}/password/").status_code == 403
    root.refresh_from_db()
    assert root.is_active


# --- giving roles to others, with history -----------------------------------------------------


def test_an_administrator_gives_and_takes_away_roles_and_the_history_says_who(client):
    actor = administrator()
    other = UserFactory(roles=[(Role.AUDITOR, None)])
    team = TeamFactory()
    sign_in(client, actor)

    new = [(Role.ADMINISTRATOR, None), (Role.PRACTITIONER, team)]
    response = client.post(change_url(other), user_form(other) | roles_form(other, new=new))
    assert response.status_code == 302, response.context["errors"]
    other.refresh_from_db()
    assert other.roles == {Role.AUDITOR, Role.ADMINISTRATOR, Role.PRACTITIONER}
    assert other.is_staff and other.groups.filter(name="Administrators").exists()
    given = RoleAssignment.history.filter(user_id=other.pk, history_type="+")
    assert {(h.role, h.history_user) for h in given} >= {
        (Role.ADMINISTRATOR, actor),
        (Role.PRACTITIONER, actor),
    }

    administrator_role = other.role_assignments.get(role=Role.ADMINISTRATOR)
    pk = administrator_role.pk
    response = client.post(
        change_url(other), user_form(other) | roles_form(other, delete=[administrator_role])
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.roles == {Role.AUDITOR, Role.PRACTITIONER}
    assert not other.is_staff and not other.groups.exists()
    taken = RoleAssignment.history.get(id=pk, history_type="-")
    assert taken.history_user == actor


def test_whatever_a_form_holds_a_non_superusers_save_makes_nobody_a_superuser(rf):
    """The admin's last guard, for any way a save reaches it (a revert, say)."""
    actor, other = administrator(), UserFactory()
    request = rf.post("/admin/")
    request.user = actor
    user_admin = admin.site.get_model_admin(User)

    other.is_superuser = True
    user_admin.save_model(request, other, form=None, change=True)
    me = User.objects.get(pk=actor.pk)  # the account, not the person signed in
    me.is_superuser, me.is_staff = True, False
    user_admin.save_model(request, me, form=None, change=True)
    other.refresh_from_db(), actor.refresh_from_db()
    assert not other.is_superuser
    assert not actor.is_superuser and actor.is_staff


# --- the superuser too (issue 12, finding 11) ------------------------------------------------


def test_a_superuser_cannot_give_themselves_a_role_through_the_admin_or_the_services(client):
    from childfirst.accounts.errors import AccountsNotAllowed
    from childfirst.accounts.services import assign_role

    root = superuser()
    sign_in(client, root)
    roles = client.get(change_url(root)).context["inline_admin_formsets"][0]
    assert not (roles.has_add_permission or roles.has_change_permission)
    before = snapshot(root)
    client.post(
        change_url(root), user_form(root) | roles_form(root, new=[(Role.SERVICE_MANAGER, None)])
    )
    assert snapshot(root) == before
    assert not root.role_assignments.exists()

    with pytest.raises(AccountsNotAllowed, match="your own roles"):
        assign_role(actor=root, user=root, role=Role.SERVICE_MANAGER)
    assert not root.role_assignments.exists()


def test_a_superuser_sees_no_childs_name_anywhere_in_the_admin(client):
    team = TeamFactory()
    child = ChildFactory(team=team, first_name="Zebedee", last_name="Quillfeather")
    viewer = practitioner_of(team, username="pviewer")
    log_child_views(viewer, [child], f"/children/{child.reference}/")
    sign_in(client, superuser())

    pages = ["/admin/"]
    for model in admin.site._registry:
        meta = model._meta
        pages += [f"/admin/{meta.app_label}/", f"/admin/{meta.app_label}/{meta.model_name}/"]
        for pk in model.objects.values_list("pk", flat=True)[:3]:
            base = f"/admin/{meta.app_label}/{meta.model_name}/{pk}"
            pages += [f"{base}/change/", f"{base}/history/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Quillfeather" not in page and "Zebedee" not in page, url
    entry = AccessLog.objects.get()
    link = f"/admin/accounts/accesslog/{entry.pk}/change/"
    assert link in client.get("/admin/accounts/accesslog/").content.decode()
    searched = client.get("/admin/accounts/accesslog/", {"q": "Quillfeather"}).content.decode()
    assert link not in searched  # no search by a child's name
