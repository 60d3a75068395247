"""Shared set-up for accounts tests: people with roles, signed in to the admin."""

from __future__ import annotations

import pytest

from childfirst.accounts.models import Role, User
from childfirst.accounts.services import assign_role
from tests.casework.conftest import sign_in
from tests.casework.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def administrator(**kwargs) -> User:
    """Someone given the administrator role by a superuser, the way a real service does."""
    user = UserFactory(**kwargs)
    assign_role(actor=superuser(), user=user, role=Role.ADMINISTRATOR)
    user.refresh_from_db()
    return user


def superuser() -> User:
    return User.objects.get_or_create(
        username="root", defaults={"is_superuser": True, "is_staff": True}
    )[0]


@pytest.fixture
def administrator_client(client, db):
    """A client signed in as an administrator (``client.user`` is the person)."""
    client.user = administrator(username="business-support")
    return sign_in(client, client.user)
