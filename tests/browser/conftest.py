"""Browser tests: a real Chromium, driven by Playwright, against the Django app in a live server.

- One Chromium for the session (the system's: Playwright never downloads browsers here). Set
  DISCLOSURE_CHROMIUM to use another binary. A missing Chromium FAILS the tests: `make test`
  installs it (`make system-deps`), so its absence is a broken setup, not a reason to skip.
- A fresh browser context per test (zh-CN, 1366x900), so no cookies or storage leak between tests.
- pytest-django's ``live_server`` serves the app from a thread. The tests need transactional
  database access so that what they create is committed and visible to the server thread, on
  SQLite (an in-memory database shared with the server thread) and PostgreSQL alike. Every test
  here also restores the data the migrations created (root page, locale, default site, groups,
  holiday calendar) before it runs (``serialized_rollback``), because a transactional test empties
  the database when it ends.
- On failure, a screenshot and the page's HTML go to ``test-artifacts/`` (gitignored).
- Nothing but the live server resolves in the browser (no Gravatar, no outside requests).

Run them alone with ``pytest -m browser`` (or ``pytest tests/browser``), skip them with
``pytest -m "not browser"``; on PostgreSQL: ``bash .ci/with-postgres.sh env DISCLOSURE_TEST_DB=postgres
python -m pytest tests/browser``.
"""

import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the main thread; Django would then refuse
# ORM calls made by the test itself (SynchronousOnlyOperation). The test code is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Hermetic: nothing but the live server resolves (the admin would fetch avatars from Gravatar).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]
# How long a wait for a condition (an element, a URL, a value) may take before the test fails. Waits end as
# soon as their condition holds: this is an upper bound for a busy machine, never a pause.
DEFAULT_TIMEOUT_MS = 90_000
ARTIFACTS_DIR = "test-artifacts"


def chromium_executable():
    configured = os.environ.get("DISCLOSURE_CHROMIUM")
    if configured:
        return configured if os.path.exists(configured) else None  # a wrong setting is not overridden
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser(django_db_setup, django_db_blocker):
    """Chromium, for the browser tests of this package (stopped after the last of them).

    While Playwright's sync API runs, the main thread sees a different ``contextvars`` context
    (Playwright switches greenlets), so Django hands out new connection objects there. The test
    database is set up first, outside it, and the copy of the migrations' data kept for
    ``serialized_rollback`` is handed to the new connection objects: without it, a transactional test
    would start from an empty database (no root page) once an earlier one has flushed it.

    When the last browser test is done, the migrations' data is put back, as it was before these
    transactional tests: the tests that pytest-django runs after them may expect it.
    """
    from django.db import connections

    executable = chromium_executable()
    if executable is None:
        configured = os.environ.get("DISCLOSURE_CHROMIUM")
        where = (
            f"DISCLOSURE_CHROMIUM={configured!r} does not exist"
            if configured
            else "none of /usr/bin/chromium, chromium or chromium-browser (on PATH) exists"
        )
        pytest.fail(
            f"Chromium was not found: {where}. The browser tests drive the system Chromium: run "
            "`make system-deps` or `apt-get install chromium fonts-noto-cjk` (Playwright's own browser "
            "downloads are not used).",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("The playwright Python package is missing: pip install -e '.[test]'.", pytrace=False)

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    playwright = sync_playwright().start()
    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents
    try:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        pytest.fail(f"Chromium at {executable} could not be started by Playwright: {error}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()
    with django_db_blocker.unblock():
        for alias, contents in serialized.items():
            connections[alias].creation.deserialize_db_from_string(contents)


class ActiveRequests:
    """WSGI middleware counting the requests the live server is handling.

    The tests wait for the server to be idle before they read the database (on SQLite the server
    thread shares the test's in-memory database connection) and before the database is flushed.
    """

    def __init__(self, app, serialize=False):
        self.app = app
        self.count = 0
        self.lock = threading.Lock()
        # On SQLite every server thread uses the test's one in-memory connection: two requests at once
        # (a page and the explorer's API call) misuse it ("bad parameter or other API misuse"), so the
        # server handles one request at a time.
        self.serial = threading.Lock() if serialize else None

    def __call__(self, environ, start_response):
        if self.serial is not None:
            self.serial.acquire()
        with self.lock:
            self.count += 1
        try:
            return _TrackedResponse(self.app(environ, start_response), self._done)
        except BaseException:
            self._done()
            raise

    def _done(self):
        with self.lock:
            self.count -= 1
        if self.serial is not None:
            self.serial.release()

    def wait_until_idle(self, timeout=DEFAULT_TIMEOUT_MS / 1000):
        """Return once no request has been in progress for a moment (or fail after ``timeout``)."""
        deadline = time.monotonic() + timeout
        quiet_since = None
        while time.monotonic() < deadline:
            if self.count:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= 0.05:
                return
            time.sleep(0.01)
        pytest.fail(f"The live server was still handling {self.count} request(s) after {timeout} s.")


class _TrackedResponse:
    def __init__(self, result, done):
        self.result = result
        self.done = done

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            close = getattr(self.result, "close", None)
            if close is not None:
                close()
        finally:
            done, self.done = self.done, None
            if done is not None:  # once, even if the server closes twice
                done()


@pytest.fixture(scope="session")
def live_server_requests(live_server):
    from django.db import connections

    httpd = live_server.thread.httpd
    tracker = ActiveRequests(httpd.get_app(), serialize=connections["default"].vendor == "sqlite")
    httpd.set_app(tracker)
    return tracker


@pytest.fixture
def server(live_server_requests):
    """The live server's request counter: ``server.wait_until_idle()`` before reading the database."""
    return live_server_requests


@pytest.fixture
def base_url(live_server, live_server_requests, transactional_db, django_db_serialized_rollback):
    """The live server's address; the test gets committed (transactional) database access."""
    return live_server.url


@pytest.fixture
def page(request, browser, base_url, live_server_requests):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}, base_url=base_url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    from playwright.sync_api import expect  # (imported where the browser starts: a missing package is reported there)

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)  # Playwright's assertions have their own default (5 s)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: message.type == "error" and errors.append(f"console: {message.text}"))
    yield page
    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed:
        save_artifacts(request, page, errors)
    context.close()
    # Let the server finish what the page asked for (e.g. a Wagtail autosave or editing-session
    # ping) before the database is flushed.
    live_server_requests.wait_until_idle()


def save_artifacts(request, page, errors):
    directory = Path(request.config.rootpath) / ARTIFACTS_DIR
    directory.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
    try:
        page.screenshot(path=str(directory / f"{stem}.png"), full_page=True)
        (directory / f"{stem}.html").write_text(f"<!-- {page.url} -->\n" + page.content(), encoding="utf-8")
        console = directory / f"{stem}.console.txt"
        if errors:
            console.write_text("\n".join(errors), encoding="utf-8")
        else:
            console.unlink(missing_ok=True)  # from an earlier run
    except Exception as error:  # a crashed page must not hide the test's own failure
        print(f"Could not save browser artifacts for {request.node.nodeid}: {error}")
    else:
        print(f"Browser artifacts: {directory / stem}.png (and .html)")
