import os

import pytest
from django.test import override_settings
from hypothesis import settings

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session", autouse=True)
def document_root(tmp_path_factory):
    """Documents uploaded by any test land in a folder of the test run's own, never in
    the project's ``var/documents`` (a test that looks at the files points
    ``CHILDFIRST_DOCUMENT_ROOT`` at its own ``tmp_path``)."""
    with override_settings(CHILDFIRST_DOCUMENT_ROOT=tmp_path_factory.mktemp("documents")):
        yield


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """``client.force_login(user)`` signs in with the second factor passed, as a person
    who answered their app's code (two-factor sign-in is required: the suite runs with
    debug off). ``force_login(user, second_factor=False)`` signs in with the password only,
    for the tests of two-factor sign-in itself."""
    from django.test import Client

    from tests.two_factor import verify_session

    original = Client.force_login

    def force_login(self, user, backend=None, *, second_factor=True):
        original(self, user, backend)
        if second_factor:
            verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
