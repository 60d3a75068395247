import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's default hasher takes most of a second per sign-in; these tests sign in often."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
