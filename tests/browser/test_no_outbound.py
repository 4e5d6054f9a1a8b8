"""Started exactly as the README says (`streamlit run app.py`, the project's .streamlit/config.toml), the server
listens on this machine only and connects nowhere else: not at start-up (Streamlit would look up an "External
URL") and not while a page is used.

A Python audit hook, loaded into the server's own process through a sitecustomize module on PYTHONPATH, records
every socket bind, connect and address look-up the server makes, in the first 15 s and one page visit.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser.conftest import REPO_ROOT, _free_port, _healthy, _stop, wait_for_app

pytestmark = pytest.mark.browser

WATCH_SECONDS = 15
AUDIT_HOOK = '''
import json, os, sys
_LOG = os.environ["NETCORE_AUDIT_LOG"]
_EVENTS = {"socket.bind", "socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.sendmsg"}

def _hook(event, args):
    if event in _EVENTS:
        address = (args[0], args[1]) if event == "socket.getaddrinfo" else args[1] if len(args) > 1 else None
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps([event, repr(address)]) + "\\n")

sys.addaudithook(_hook)
'''


def is_loopback(host: object) -> bool:
    """Whether a host (name or address) is this machine; unix socket paths and no host count as local."""
    if host in (None, "", "localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def remote_calls(log: Path) -> tuple[list[list[str]], list[list[str]]]:
    """(every event recorded, the events that name a host other than this machine)."""
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    remote = []
    for event, address in events:
        value = eval(address, {"__builtins__": {}})  # noqa: S307 - a repr of a tuple/str/bytes we wrote ourselves
        host = value[0] if isinstance(value, tuple) and value else value if isinstance(value, str) else None
        if isinstance(value, str) and event != "socket.getaddrinfo":
            host = None  # a unix socket path
        if not is_loopback(host):
            remote.append([event, address])
    return events, remote


def test_the_server_as_the_readme_starts_it_stays_on_this_machine(browser, tmp_path):
    (tmp_path / "sitecustomize.py").write_text(AUDIT_HOOK, encoding="utf-8")
    log = tmp_path / "audit.log"
    port = _free_port()
    streamlit = shutil.which("streamlit")
    command = [streamlit] if streamlit else [sys.executable, "-m", "streamlit"]
    environment = {**os.environ, "PYTHONPATH": str(tmp_path),
                   "NETCORE_AUDIT_LOG": str(log), "STREAMLIT_SERVER_PORT": str(port)}
    started = time.monotonic()
    process = subprocess.Popen([*command, "run", "app.py"], cwd=REPO_ROOT, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://localhost:{port}"
        while not _healthy(url):
            assert process.poll() is None, process.stdout.read().decode(errors="replace")
            assert time.monotonic() - started < 60, "the server did not start"
            time.sleep(0.5)
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        wait_for_app(page, "Wellbeing Network Explorer")
        context.close()
        time.sleep(max(0.0, WATCH_SECONDS - (time.monotonic() - started)))
    finally:
        _stop(process)
    output = process.stdout.read().decode(errors="replace")
    events, remote = remote_calls(log)
    assert any(event == "socket.bind" for event, _ in events), "the audit hook recorded nothing: it did not load"
    assert remote == [], f"the server reached beyond this machine: {remote}"
    assert "External URL" not in output and "Network URL" not in output
    assert f"http://localhost:{port}" in output
