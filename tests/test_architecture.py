"""The layers of ``docs/architecture.md`` hold, and a wrong import breaks the build.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``) and run with
import-linter's ``lint-imports`` in ``make lint``. Here they also run on a copy of the
package with one deliberately wrong import, to show each kind of mistake is caught.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    # Wide enough that each contract's verdict is on one line with its name.
    env = {**os.environ, "PYTHONPATH": str(project), "COLUMNS": "400"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(project / "pyproject.toml")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The package and its configuration, copied, to break on purpose."""
    shutil.copytree(
        ROOT / "childfirst",
        tmp_path / "childfirst",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(project: Path, module: str, statement: str) -> None:
    path = project / Path(*module.split(".")).with_suffix(".py")
    path.write_text(path.read_text() + f"\n{statement}  # deliberately wrong\n")


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "statement", "contract"),
    [
        # accounts imports no feature app
        ("childfirst.accounts.models", "import childfirst.casework.models", "The layers"),
        # ui imports no feature app
        ("childfirst.ui.forms", "from childfirst.audits import selectors", "The layers"),
        # casework imports none of the apps above it
        ("childfirst.casework.selectors.records", "import childfirst.performance", "The layers"),
        # audits and performance are independent of each other
        ("childfirst.performance.selectors", "import childfirst.audits.selectors", "The layers"),
        # domain imports nothing of ours...
        ("childfirst.domain.periods", "import childfirst.errors", "The layers"),
        # ...and no Django
        ("childfirst.domain.periods", "import django.db", "domain imports no Django"),
        # another app's pages do not reach into casework's models or services
        (
            "childfirst.performance.views",
            "from childfirst.casework.services import records",
            "read casework through its selectors",
        ),
        (
            "childfirst.casework.views.records",
            "from childfirst.audits.models import Audit",
            "The layers",
        ),
        (
            "childfirst.home",
            "from childfirst.audits.models import Audit",
            "read case audits through their selectors",
        ),
    ],
)
def test_a_wrong_import_breaks_a_contract(copy, module, statement, contract):
    add_import(copy, module, statement)
    result = lint_imports(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = [line for line in result.stdout.splitlines() if line.endswith(" BROKEN")]
    assert any(contract in line for line in broken), result.stdout


def test_a_new_module_must_be_placed_in_the_layers(copy):
    """A new app (here ``childfirst/board.py``) fails the build until the contract places it."""
    (copy / "childfirst" / "board.py").write_text('"""A new app, not yet in the layers."""\n')
    result = lint_imports(copy)
    assert result.returncode == 1, result.stdout
    assert "board" in result.stdout


def test_accounts_and_ui_import_no_feature_app():
    """Read from the source as well, so the rule holds even where import-linter is not run."""
    feature_apps = ("casework", "audits", "performance", "governance", "reports", "interop")
    for app in ("accounts", "ui"):
        for path in (ROOT / "childfirst" / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                for name in names:
                    parts = name.split(".")
                    assert not (
                        parts[0] == "childfirst" and parts[1:2] and parts[1] in feature_apps
                    ), f"{path.relative_to(ROOT)} imports {name}"
