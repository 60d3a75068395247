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
