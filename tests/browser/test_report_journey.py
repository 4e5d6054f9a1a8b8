"""The report as a commissioner opens it: a file:// page in headless chromium that loads nothing else, shows no
error or dialog (also with hostile labels), presents as slides and prints one page or more per section."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from netcore.io.export import csv_bytes
from netcore.report import build_report
from netcore.sample import generate_sample
from netcore.validation import load_dataset

HOSTILE = "<img src=x onerror=alert(1)>"


def write_report(folder: Path, hostile: bool) -> Path:
    data = generate_sample(participants=80, seed=5)
    participants, members = data.participants.copy(), data.members.copy()
    if hostile:
        participants["site"] = [HOSTILE, '=HYPERLINK("javascript:alert(1)")'] * (len(participants) // 2)
        members["label"] = HOSTILE
    tables = {"participants": participants, "members": members, "ties": data.ties}
    dataset = load_dataset({f"{name}.csv": csv_bytes(frame) for name, frame in tables.items()})
    path = folder / "report.html"
    path.write_text(build_report(dataset, synthetic=True, title=f"Report {HOSTILE}" if hostile else "Report",
                                 covariates=["site", "lives_alone"]), encoding="utf-8")
    return path


@dataclass
class Record:
    other_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def opened(browser):
    """Open a report file in a fresh context that records (and blocks) every request to another URL."""
    contexts = []

    def open_report(path: Path):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        record = Record()
        url = path.resolve().as_uri()

        def route(request_route) -> None:
            if request_route.request.url.split("#")[0] != url:
                record.other_requests.append(request_route.request.url)
                request_route.abort("blockedbyclient")
            else:
                request_route.continue_()

        context.route("**/*", route)
        page.on("console", lambda message: message.type == "error" and record.console_errors.append(message.text))
        page.on("pageerror", lambda error: record.page_errors.append(str(error)))
        page.on("dialog", lambda dialog: (record.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url)
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 5")
        return page, record

    yield open_report
    for context in contexts:
        context.close()


@pytest.mark.parametrize("hostile", [False, True])
def test_the_report_loads_offline_without_errors(tmp_path, opened, hostile):
    page, record = opened(write_report(tmp_path, hostile))
    page.wait_for_timeout(500)  # let any late script (a hostile onerror would fire here) run before checking
    assert record == Record()
    assert page.locator("main > section").count() == 7
    if hostile:
        assert HOSTILE in page.locator("h1").inner_text()  # shown as text, not run
        assert page.locator("img").count() == 0


def test_present_then_arrow_right_moves_to_the_next_section(tmp_path, opened):
    page, record = opened(write_report(tmp_path, hostile=False))
    sections = page.locator("main > section")
    page.get_by_role("button", name="Present").click()
    assert page.evaluate("location.hash") == "#present"
    assert [sections.nth(i).is_visible() for i in range(3)] == [True, False, False]
    page.keyboard.press("ArrowRight")
    assert [sections.nth(i).is_visible() for i in range(3)] == [False, True, False]
    page.keyboard.press("Space")
    assert sections.nth(2).is_visible() and not sections.nth(1).is_visible()
    page.keyboard.press("PageUp")
    assert sections.nth(1).is_visible() and not sections.nth(2).is_visible()
    page.keyboard.press("Escape")
    assert all(sections.nth(i).is_visible() for i in range(7))
    assert record == Record()


def test_opening_with_present_in_the_address_shows_one_section(tmp_path, opened):
    path = write_report(tmp_path, hostile=False)
    page, _ = opened(path)
    page.goto(path.resolve().as_uri() + "#present")
    page.wait_for_function("document.body.classList.contains('presenting')")
    visible = [page.locator("main > section").nth(i).is_visible() for i in range(7)]
    assert visible == [True] + [False] * 6
    assert not page.get_by_role("button", name="Present").is_visible()


def test_printing_gives_a_page_or_more_per_section(tmp_path, opened):
    page, _ = opened(write_report(tmp_path, hostile=False))
    pdf = page.pdf(format="A4", print_background=True)
    try:
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    except ImportError:
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages >= page.locator("main > section").count()
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Present").is_visible()
    breaks = page.evaluate("[...document.querySelectorAll('main > section')].map(s => getComputedStyle(s).breakBefore)")
    assert breaks[1:] == ["page"] * (len(breaks) - 1)
    kept_whole = page.evaluate(
        "[...document.querySelectorAll('.chart, table')].map(e => getComputedStyle(e).breakInside)")
    assert set(kept_whole) == {"avoid"}


def test_the_camera_button_saves_png_or_svg(tmp_path, opened):
    page, record = opened(write_report(tmp_path, hostile=False))
    chart = page.locator(".js-plotly-plot").nth(1)
    for picture in ("png", "svg"):
        page.select_option("#picture-format", picture)
        chart.hover()
        with page.expect_download() as download:
            chart.locator('.modebar-btn[data-title^="Download plot"]').click()
        assert download.value.suggested_filename.endswith(f".{picture}")
    assert record == Record()


def section_titles(html: str) -> list[tuple[str, str]]:
    """(data-key, title) of each section of a report."""
    return re.findall(r'<section data-key="([^"]+)">.*?<h2[^>]*>(.*?)</h2>', html, re.DOTALL)


def test_the_apps_download_is_the_clis_report_of_the_same_data(journey, tmp_path) -> None:
    page = journey.page
    journey.open("/")
    journey.wait_for_app("Showing: Synthetic sample data")
    with page.expect_download(timeout=120_000) as download:
        page.get_by_test_id("stSidebar").get_by_role("button", name="Download the report").click()
    saved = tmp_path / "from-app.html"
    download.value.save_as(saved)
    from_app = saved.read_text(encoding="utf-8")
    sample = load_dataset(Path(__file__).resolve().parents[2] / "sample_data")
    from_cli = build_report(sample, synthetic=True)
    assert len(section_titles(from_app)) == 7
    assert section_titles(from_app) == section_titles(from_cli)
    assert "SYNTHETIC DATA" in from_app and "Wellbeing Network Explorer app: 3 network types" in from_app
    assert journey.problems() == {}, journey.problems()
