"""RENLUYEN_REQUIRE_ALL=1 (CI) turns skipped tests into failures; locally they stay skips."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

MODULE_SKIP = """
import pytest

pytest.importorskip("renluyen_no_such_module")

def test_never_collected():
    pass
"""

SKIPS = """
import pytest

@pytest.fixture
def chromium():
    pytest.skip("Chromium not installed at /usr/bin/chromium")

def test_in_setup(chromium):
    pass

def test_in_call():
    pytest.skip("no PostgreSQL")

@pytest.mark.skipif(True, reason="never here")
def test_by_marker():
    pass

@pytest.mark.xfail(reason="known gap", strict=True)
def test_expected_failure():
    assert False

def test_passes():
    pass
"""


POSTGRESQL_ONLY = """
import pytest

@pytest.mark.postgresql_only
def test_explain_uses_the_path_index():
    pass
"""


def run_pytest(tmp_path, require_all: str | None, *, django: bool = False):
    """Run pytest on the test files in `tmp_path` with only our plugin (and maybe Django's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("RENLUYEN_REQUIRE_ALL", "DATABASE_URL")}
    if require_all is not None:
        env["RENLUYEN_REQUIRE_ALL"] = require_all
    env["PYTHONPATH"] = str(ROOT)
    plugins = ["--ds", "renluyen.settings"] if django else ["-p", "no:django"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *plugins]
        + ["-p", "renluyen.core.tests.require_all", "-rA"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def suite(tmp_path):
    (tmp_path / "test_skips.py").write_text(SKIPS)
    return tmp_path


def test_locally_a_skip_is_only_a_skip(suite):
    result = run_pytest(suite, None)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 3 skipped, 1 xfailed" in result.stdout


def test_in_ci_every_kind_of_skip_fails_with_its_reason(suite):
    result = run_pytest(suite, "1")
    assert result.returncode == 1, result.stdout
    summary = result.stdout.splitlines()[-1]
    # Skips in a fixture or by marker happen in setup, so they become errors.
    assert "1 failed, 1 passed, 1 xfailed, 2 errors" in summary, summary
    for reason in ["Chromium not installed at /usr/bin/chromium", "no PostgreSQL", "never here"]:
        assert f"turns every skip into a failure; this test was skipped: {reason}" in result.stdout


def test_in_ci_a_module_skipped_at_collection_fails(tmp_path):
    (tmp_path / "test_module_skip.py").write_text(MODULE_SKIP)
    assert run_pytest(tmp_path, None).returncode == 5  # nothing ran; not a failure
    result = run_pytest(tmp_path, "1")
    assert result.returncode != 0
    assert "this test was skipped: could not import 'renluyen_no_such_module'" in result.stdout


def test_any_other_value_leaves_skips_alone(suite):
    result = run_pytest(suite, "0")
    assert result.returncode == 0, result.stdout


def test_in_ci_a_postgresql_only_test_is_deselected_on_sqlite_not_skipped(tmp_path):
    # scripts/test.sh runs the PostgreSQL pass too, and fails in CI when it cannot.
    (tmp_path / "test_pg.py").write_text(POSTGRESQL_ONLY + "\n\ndef test_anywhere():\n    pass\n")
    result = run_pytest(tmp_path, "1", django=True)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 deselected" in result.stdout
    assert "skipped" not in result.stdout
