"""Two people use the app at the same time, each with their own upload: each sees only their own data on every
page, through reruns and page switches; and nothing they uploaded is left on disk or in the server's log.

Sessions: two browser contexts (separate cookies, separate Streamlit sessions) against the one server, driven in
lockstep from this thread: an action is started in both before either is waited on, so the server handles both
sessions' runs at the same time.

Data at rest: the files under the repo, the temporary folder and ~/.streamlit are listed (recursively, with size
and modification time) before and after the journey. No new or changed file may hold an uploaded value, and no
file may appear in the repo (tool caches aside) or in ~/.streamlit. What the server process writes is what
matters; left out are files the test harness itself makes (see HARNESS_TEMP and TOOL_CACHES).
"""

from __future__ import annotations

import fnmatch
import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import REPO_ROOT
from tests.browser.sessions import PAGE_TEXT, PAGES, Session, Upload, close_all, open_session

pytestmark = pytest.mark.browser

# Written by tools, never by the app server: Python's bytecode (also the server's own imports: compiled code, no
# data), pytest's cache, Hypothesis' example database, ruff's cache. New files there are allowed, but they are
# still searched for uploaded values. `.git` is not even listed: git's own store, which changes whenever someone
# commits while the tests run.
TOOL_CACHES = {"__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".mypy_cache"}
SKIPPED_DIRS = {".git"}
# Top-level entries of the temporary folder that belong to the test harness, not to the server, and are not
# listed: pytest's own base temp (`tmp_path` of tests: pytest-of-<user>); the browser's profile, singleton lock
# and Playwright's artifact folder (the browser stands in for the person's own computer: what it keeps is not
# the app's data at rest, and its contexts are incognito ones anyway). The server's log (the `streamlit_server`
# fixture's `streamlit-server-*` folder) is NOT left out: it is the server's own output, searched like the rest.
HARNESS_TEMP = ("pytest-of-*", "playwright_chromiumdev_profile-*", "playwright-artifacts-*",
                "org.chromium.Chromium.*", ".org.chromium.Chromium.*")
APP_SOURCES = [REPO_ROOT / "app.py", *sorted((REPO_ROOT / "views").rglob("*.py")),
               *sorted((REPO_ROOT / "ui").rglob("*.py"))]

Snapshot = dict[Path, tuple[int, int]]


def snapshot(root: Path, skip_top: tuple[str, ...] = ()) -> Snapshot:
    """Every regular file under `root` (not following links): its (size, modification time in ns)."""
    files: Snapshot = {}
    for folder, dirs, names in os.walk(root, onerror=lambda error: None):
        top = Path(folder) == root
        dirs[:] = [name for name in dirs if name not in SKIPPED_DIRS
                   and not (top and any(fnmatch.fnmatch(name, pattern) for pattern in skip_top))]
        for name in names:
            if top and any(fnmatch.fnmatch(name, pattern) for pattern in skip_top):
                continue
            path = Path(folder, name)
            try:
                status = path.lstat()
            except OSError:  # gone already (another process's temporary file)
                continue
            if path.is_file() and not path.is_symlink():
                files[path] = (status.st_size, status.st_mtime_ns)
    return files


def watched() -> dict[str, tuple[Path, tuple[str, ...]]]:
    temp = Path(tempfile.gettempdir())
    return {"repo": (REPO_ROOT, ()), "temp": (temp, HARNESS_TEMP), "streamlit": (Path.home() / ".streamlit", ())}


def snapshot_all() -> dict[str, Snapshot]:
    return {name: snapshot(root, skip) for name, (root, skip) in watched().items()}


def holding(paths: list[Path], values: list[str]) -> dict[str, list[str]]:
    """{file: the uploaded values its bytes hold} for each file that holds any (files gone since are skipped)."""
    found = {}
    needles = [(value, value.encode("utf-8")) for value in values]
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError:
            continue
        hits = [value for value, needle in needles if needle in content]
        if hits:
            found[str(path)] = hits
    return found


def is_tool_cache(path: Path) -> bool:
    return any(part in TOOL_CACHES for part in path.parts)


def in_lockstep(sessions: list[Session], act, *texts: str) -> None:
    """Start `act(session)` in every session, then wait for each to finish its run showing `texts`."""
    for session in sessions:
        act(session)
    for session in sessions:
        session.journey.wait_for_app(*texts)


def only_own_data(session: Session, others: list[Session], *own: str) -> None:
    """The page's whole text shows `own` values (and the filter on its own site) and none of the others'."""
    text = session.body()
    kept = f"Showing 5 of 10 participants: site = {session.upload.sites[0]}"
    missing = [value for value in (kept, *own) if value not in text]
    foreign = session.foreign([other.upload for other in others])
    where = f"{session.upload.prefix} on {session.page.url}"
    assert not missing, f"{where}: its own data is not shown: {missing}"
    assert not foreign, f"{where}: another session's data is shown: {foreign}"


def test_the_app_never_asks_streamlit_to_persist_a_cache_to_disk() -> None:
    """`st.cache_data(persist=...)` writes cached values (which could be an upload's) to disk: never used."""
    calls = re.compile(r"(?:st\.)?cache_(?:data|resource)\s*\(([^)]*)\)", re.DOTALL)
    found = []
    for path in APP_SOURCES:
        source = path.read_text(encoding="utf-8")
        assert "import cache_data" not in source and "import cache_resource" not in source, path  # no aliases
        found += [f"{path.relative_to(REPO_ROOT)}: {call.group(0)}" for call in calls.finditer(source)
                  if re.search(r"\bpersist\s*=", call.group(1))]
    assert found == [], found
    assert any("cache_resource(" in path.read_text(encoding="utf-8") for path in APP_SOURCES), \
        "the search found no cache call at all: it no longer matches how the app caches"


def test_two_sessions_at_once_see_only_their_own_data_and_leave_nothing_on_disk(browser, streamlit_server) -> None:
    before = snapshot_all()
    alpha, bravo = Upload("ALPHA"), Upload("BRAVO")
    sessions = [open_session(browser, streamlit_server, alpha), open_session(browser, streamlit_server, bravo)]
    try:
        for session in sessions:
            session.page.goto(f"{streamlit_server.url}/")
        for session in sessions:
            session.journey.wait_for_app(PAGE_TEXT["Overview"])

        # Both upload at the same time: the files are set in both tabs before either is waited on.
        in_lockstep(sessions, Session.upload_files, "Showing: Your upload")
        for session in sessions:
            expect(session.page.get_by_test_id("stMetric").filter(has_text="Participants")
                   .get_by_test_id("stMetricValue")).to_have_text("10")
        # A rerun from a widget: each filters on its own first site.
        in_lockstep(sessions, Session.filter_first_site, "Showing 5 of 10 participants")
        for session in sessions:
            only_own_data(session, [other for other in sessions if other is not session])

        # Every page, in both at once; on Network maps another person's map (a rerun); then back to the Overview.
        for title in [*PAGES[1:], PAGES[0]]:
            in_lockstep(sessions, lambda session, title=title: session.go(title), PAGE_TEXT[title])
            for session in sessions:
                first = session.upload.ids[0]
                own = [session.upload.label(first, "family")] if title == "Network maps" else []
                only_own_data(session, [other for other in sessions if other is not session], *own)
            if title == "Network maps":
                for session in sessions:
                    session.choose_map(session.upload.ids[3])
                for session in sessions:
                    label = session.upload.label(session.upload.ids[3], "family")
                    session.journey.wait_for_app(label)
                    only_own_data(session, [other for other in sessions if other is not session], label)
        problems = {session.upload.prefix: session.journey.problems() for session in sessions}
    finally:
        close_all(sessions)
    assert problems == {"ALPHA": {}, "BRAVO": {}}, problems

    after = snapshot_all()
    uploaded = alpha.values + bravo.values
    new = {name: sorted(set(after[name]) - set(before[name])) for name in after}
    changed = {name: sorted(path for path in after[name] if path in before[name]
                            and after[name][path] != before[name][path]) for name in after}
    touched = [path for name in after for path in new[name] + changed[name]]
    assert holding(touched, uploaded) == {}, "uploaded values were written to disk"
    assert [str(path) for path in new["repo"] if not is_tool_cache(path)] == [], "the server wrote into the repo"
    assert new["streamlit"] == [], "the server wrote into ~/.streamlit"
    log = streamlit_server.output()  # everything the server printed since it started
    assert [value for value in uploaded if value in log] == [], f"the server log names uploaded data:\n{log}"
