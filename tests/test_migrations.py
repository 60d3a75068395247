"""The models and the migrations agree: no change waits for a migration nobody wrote.

Choices built from ``domain/`` (the YJB's order groups, tiers, offence categories)
must give exactly the lists the migrations hold, or Django would ask for a migration.
"""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_need_no_new_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:  # --check exits 1 when a migration is missing
        pytest.fail(f"makemigrations found changes (exit {exit_.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
