"""Real-browser fixtures: the app served by `streamlit run`, driven by Debian's chromium through Playwright.

- `streamlit_server` / `app_url` (session): starts `python -m streamlit run app.py` on a free port in its own
  process group, waits for /_stcore/health to answer "ok" and stops the whole group afterwards.
- `browser` (session): Debian's /usr/bin/chromium (Playwright never downloads a browser here). Missing chromium
  skips the browser tests locally and fails them when `CI` is set.
- `journey` / `page` (function): a fresh browser context per test that records JS dialogs (auto-dismissed),
  failed requests, requests leaving the machine (blocked: the app must work offline), console errors and
  uncaught page errors, so a test can assert they are all empty.
- `journey.wait_for_app(*texts)`: wait until Streamlit has finished a run showing those texts (no fixed sleeps).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 60
RENDER_TIMEOUT_MS = 30_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser journey: mark it so `-m "not browser"` deselects it."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    """Terminate the server's whole process group, then kill it if it does not go."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class StreamlitServer:
    """The running app: its base URL and everything it printed so far (for failure messages)."""

    url: str
    output: Callable[[], str]

    def log_tail(self, lines: int = 600) -> str:
        """The server's last lines: enough to hold a traceback logged before the sessions still running went on."""
        return "\n".join(self.output().splitlines()[-lines:])


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[StreamlitServer]:
    """`streamlit run app.py` from the repo root for the whole session, in its own process group."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]
    # Output goes to a file, not a pipe (a chatty server can never block on a full pipe nobody reads); the server
    # appends through its own handle and `output()` reads through a fresh one, so reading never moves its offset.
    with tempfile.TemporaryDirectory(prefix="streamlit-server-") as log_dir:
        log_path = Path(log_dir) / "server.log"
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,  # own process group, so teardown can stop everything it started
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )

        def output() -> str:
            return log_path.read_text(encoding="utf-8", errors="replace")

        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT_S
            while not _healthy(base_url):
                if process.poll() is not None:
                    pytest.fail(f"streamlit exited with code {process.returncode} before it was healthy:\n{output()}",
                                pytrace=False)
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit was not healthy at {base_url} within {SERVER_START_TIMEOUT_S} s:\n"
                                f"{output()}", pytrace=False)
                time.sleep(0.2)  # polling interval of the health check, not a wait for the app
            yield StreamlitServer(base_url, output)
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def app_url(streamlit_server: StreamlitServer) -> str:
    """Base URL of the app, e.g. http://127.0.0.1:PORT (no trailing slash)."""
    return streamlit_server.url


# -------------------------------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, launched by Playwright's bundled driver."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run browser tests"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def is_local_url(url: str) -> bool:
    """True for the app's own server (127.0.0.1 / localhost) and in-page URLs (data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def wait_for_app(page, *texts: str, timeout: int = RENDER_TIMEOUT_MS, server_log: Callable[[], str] | None = None
                 ) -> None:
    """Wait until Streamlit has rendered: connected, each text visible, no script run active, no exception shown.

    Pass the text the finished page should show: right after an interaction the previous run still reads as
    "notRunning" until the rerun starts, so the expected text is what proves the new run happened.
    """
    from playwright.sync_api import expect

    app = page.locator('[data-testid="stApp"]')
    expect(app).to_be_visible(timeout=timeout)
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    for text in texts:
        try:
            expect(page.get_by_text(text, exact=False).first).to_be_visible(timeout=timeout)
        except AssertionError:
            _fail_on_exception(page, server_log)  # the page shows an error instead: say so, with the server's log
            raise
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)
    # The status widget also hosts "source file changed" prompts (harmless), so only its running icons count.
    running = page.locator('[data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"]')
    expect(running).to_have_count(0, timeout=timeout)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)
    _fail_on_exception(page, server_log)


def _fail_on_exception(page, server_log: Callable[[], str] | None) -> None:
    """Fail with the exception the page shows, if any, and the server's log (which has its traceback: the page
    shows none, `client.showErrorDetails` being "none")."""
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        log = f"\n--- streamlit server output (tail) ---\n{server_log()}" if server_log else ""
        raise AssertionError(f"the app shows an exception: {exceptions.first.inner_text()!r}{log}")


@dataclass
class Journey:
    """One test's browser tab plus everything that went wrong (or left the machine) while using it."""

    page: object
    server: StreamlitServer
    dialogs: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        """Every non-empty record, for one readable assertion."""
        records = {
            "dialogs": self.dialogs,
            "failed_requests": self.failed_requests,
            "external_requests": self.external_requests,
            "console_errors": self.console_errors,
            "page_errors": self.page_errors,
        }
        return {name: items for name, items in records.items() if items}

    def open(self, path: str = "/") -> None:
        """Go to a path of the app and wait for its first complete run."""
        self.page.goto(f"{self.base_url}{path}")
        self.wait_for_app()

    def wait_for_app(self, *texts: str, timeout: int = RENDER_TIMEOUT_MS) -> None:
        """See `wait_for_app`."""
        wait_for_app(self.page, *texts, timeout=timeout, server_log=self.server.log_tail)

    @property
    def base_url(self) -> str:
        return self.server.url


def open_recorded_page(browser, server: StreamlitServer, init_script: str | None = None
                       ) -> tuple[BrowserContext, Journey]:
    """A fresh context and tab, and the Journey recording its dialogs, failures, external requests (blocked) and
    console and page errors; `init_script` runs in every document before the app's own scripts."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    if init_script:
        context.add_init_script(script=init_script)
    page = context.new_page()
    record = Journey(page=page, server=server)

    def on_dialog(dialog) -> None:
        record.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_request_failed(request) -> None:
        if not is_local_url(request.url):
            return  # already recorded as an external request (and blocked on purpose, below)
        record.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def on_console(message) -> None:
        if message.type == "error":
            location = message.location or {}
            record.console_errors.append(f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})")

    def route_external(route) -> None:
        # The app must work offline: anything leaving the machine is recorded and blocked, so the journey
        # behaves the same on a laptop with internet as on the offline CI runner. Nothing is whitelisted.
        # Known cause, deliberately NOT whitelisted because it is avoidable: `st.set_page_config(page_icon=
        # ":material/<name>:")` makes Streamlit's frontend fetch the favicon SVG from fonts.gstatic.com (that
        # tells Google someone opened the app). An emoji page_icon or a local image file keeps it offline;
        # `icon=":material/...:"` on st.Page / widgets is fine (it uses the bundled font).
        record.external_requests.append(f"{route.request.method} {route.request.url}")
        route.abort("blockedbyclient")

    context.route(lambda url: not is_local_url(url), route_external)
    page.on("dialog", on_dialog)
    page.on("requestfailed", on_request_failed)
    page.on("console", on_console)
    page.on("pageerror", lambda error: record.page_errors.append(str(error)))
    return context, record


@pytest.fixture
def journey(browser, streamlit_server: StreamlitServer) -> Iterator[Journey]:
    """A fresh context and tab per test, with its dialogs, failures, external requests and console errors."""
    context, record = open_recorded_page(browser, streamlit_server)
    try:
        yield record
    finally:
        context.close()


@pytest.fixture
def page(journey: Journey):
    """The journey's Playwright page (see `journey` for what is recorded)."""
    return journey.page
