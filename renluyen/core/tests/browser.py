"""pytest plugin: end-to-end tests in Debian's Chromium through Playwright for Python.

Loaded by the root conftest.py, so any app's tests can use these fixtures:

- `page`: a fresh browser context and tab on pytest-django's `live_server`, run once on a
  360x740 phone and once on a 1280x800 desktop (override with
  `@pytest.mark.parametrize("viewport", ["phone"], indirect=True)`);
- `demo`: the demo school of `make run` (renluyen.core.demo) in the test database;
- `log_in(page, username)`: log in through the login form.

A test whose page broke the Content-Security-Policy (an inline script or style the
browser refused, reported on the console) fails.

The browser is always /usr/bin/chromium (Debian package `chromium`); Playwright never
downloads one. Without it the tests are skipped with the reason (a failure under
RENLUYEN_REQUIRE_ALL=1, see require_all.py). Tests using `page` get the `browser` marker,
so `pytest -m "not browser"` leaves them out. A failing browser test leaves a screenshot
in var/screenshots/failed/.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_MISSING = f"Chromium not installed at {CHROMIUM} (apt-get install chromium)"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"
TIMEOUT_MS = 15_000


def pytest_itemcollected(item):
    # Marked as soon as collected, so that `-m "not browser"` sees the marker.
    if "page" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests last, after every other test.

    Last, because Playwright's sync API needs DJANGO_ALLOW_ASYNC_UNSAFE in os.environ for
    as long as the browser lives, and a test that starts a subprocess (manage.py check
    --deploy) must not inherit it. The fast tests also report first.
    """
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if browser_items:
        ids = {id(item) for item in browser_items}
        items[:] = [item for item in items if id(item) not in ids] + browser_items


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Lets the `page` fixture know, at teardown, whether the test failed.
    setattr(item, f"_renluyen_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(CHROMIUM_MISSING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (make .venv/.installed)")
    # Playwright's sync API keeps an asyncio loop in this thread; the ORM calls the
    # tests make between browser steps are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    """The screen size of `page`: "phone" or "desktop"."""
    return request.param


@pytest.fixture
def page(request, chromium_browser, live_server, viewport):
    context = chromium_browser.new_context(
        base_url=live_server.url,
        viewport=VIEWPORTS[viewport],
        # A browser in Vietnam asks for Vietnamese; LocaleMiddleware honours it.
        locale="vi-VN",
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    # Anything the Content-Security-Policy blocked (an inline script, an on* handler, an
    # inline style) fails the test: it is a feature that works only without the policy.
    refused = []
    tab.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield tab
    report = getattr(request.node, "_renluyen_report_call", None)
    if report is not None and report.failed:
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        (SCREENSHOTS / "failed").mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=SCREENSHOTS / "failed" / f"{name}.png", full_page=True)
    context.close()
    if refused:
        pytest.fail("The Content-Security-Policy refused:\n" + "\n".join(refused))


@pytest.fixture
def demo(transactional_db):
    """The demo school with its ten accounts (password renluyen2026), as `make run` makes it,
    without the year under evaluation (see `demo_evaluation`)."""
    from renluyen.core.demo import load_demo

    load_demo(evaluation_year=False)


@pytest.fixture
def demo_evaluation(transactional_db):
    """The whole demo of `make run`, with the previous year's evaluation under way."""
    from renluyen.core.demo import load_demo

    load_demo()


def log_in(page, username: str, password: str | None = None) -> None:
    """Log in through the login form and wait for the page it leads to."""
    from renluyen.core.demo import DEMO_PASSWORD

    page.goto("/login/")
    form = page.locator("main form")
    form.locator("#id_username").fill(username)
    form.locator("#id_password").fill(password or DEMO_PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots/ (gitignored) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path
