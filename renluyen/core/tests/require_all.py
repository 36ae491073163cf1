"""pytest plugin: with RENLUYEN_REQUIRE_ALL=1 (CI) a skipped test is a failed test.

Locally a missing Chromium or PostgreSQL skips the tests that need it, with the reason.
In CI that would let a broken environment pass unnoticed, so `.ci/run` sets
RENLUYEN_REQUIRE_ALL=1 and every skip (in setup, in the test, or of a whole module at
collection) is reported as a failure carrying the skip's reason.

A test marked `postgresql_only` is deselected (not skipped) on SQLite: scripts/test.sh
runs the suite on PostgreSQL too, and in this mode refuses to leave that run out.
Expected failures (xfail) are not skips and are left alone.
"""

import os

import pytest

ENV = "RENLUYEN_REQUIRE_ALL"


def required() -> bool:
    return os.environ.get(ENV, "") == "1"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "postgresql_only: deselected on other databases (SQLite); runs on PostgreSQL"
    )


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    elsewhere = [item for item in items if item.get_closest_marker("postgresql_only")]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if item not in elsewhere]


def _reason(longrepr) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        longrepr = longrepr[2]
    return str(longrepr).removeprefix("Skipped: ")


def _fail_skip(report) -> None:
    reason = _reason(report.longrepr)
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
