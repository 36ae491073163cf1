"""pytest plugin: with RENLUYEN_REQUIRE_ALL=1 (CI) a skipped test is a failed test.

Locally a missing Chromium or PostgreSQL skips the tests that need it, with the reason.
In CI that would let a broken environment pass unnoticed, so `.ci/run` sets
RENLUYEN_REQUIRE_ALL=1 and every skip (in setup, in the test, or of a whole module at
collection) is reported as a failure carrying the skip's reason.

One skip stays allowed: a test marked `postgresql_only` skips itself on SQLite, because
scripts/test.sh runs the suite on PostgreSQL too (and in this mode refuses to skip that run).
Expected failures (xfail) are not skips and are left alone.
"""

import os

import pytest

ENV = "RENLUYEN_REQUIRE_ALL"
POSTGRESQL_ONLY = "PostgreSQL only: runs in the PostgreSQL pass of scripts/test.sh"


def required() -> bool:
    return os.environ.get(ENV, "") == "1"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "postgresql_only: skipped on other databases (SQLite); runs on PostgreSQL"
    )


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgresql_only") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(POSTGRESQL_ONLY)


def _reason(longrepr) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        longrepr = longrepr[2]
    return str(longrepr).removeprefix("Skipped: ")


def _fail_skip(report) -> None:
    reason = _reason(report.longrepr)
    if reason == POSTGRESQL_ONLY:
        return
    report.outcome = "failed"
    report.longrepr = f"{ENV}=1 turns every skip into a failure; this test was skipped: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if required() and report.skipped and not hasattr(report, "wasxfail"):
        _fail_skip(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    if required() and report.skipped:
        _fail_skip(report)
    return report
