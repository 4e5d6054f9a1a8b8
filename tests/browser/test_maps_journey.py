"""A person opens the Network maps page, reads one map, switches person, explores who knows whom, compares maps;
and a map whose label is hostile markup shows that label as plain text, never as HTML."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import pytest
from playwright.sync_api import expect

from netcore import load_dataset

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/maps_journey.png"  # outside the repo on purpose
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
SAMPLE = load_dataset(SAMPLE_DIR)
CHART = '[data-testid="stPlotlyChart"]'

# Counting the member markers on a circle map (netcore.figures.egogram_figure). Its scatter traces, in order:
#   "ties" (mode="lines": a line path, no point markers), one "members" trace per colour value (one path.point
#   each), "wellbeing marks" (mode="text": g.textpoint only, no path.point) and, last, "centre" (one path.point).
# Plotly draws every marker of a scatter trace as `path.point` inside that trace's `g.trace` in `.scatterlayer`;
# the legend's sample markers are `path.scatterpts` in `.legend`, so they are not counted. Hence
#   members drawn == points in every trace but the last; the last trace (the centre) holds exactly one point.
ALL_POINTS = ".scatterlayer .trace path.point"
MEMBER_POINTS = ".scatterlayer .trace:not(:last-child) path.point"
CENTRE_POINTS = ".scatterlayer .trace:last-child path.point"

HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_PARTICIPANTS_CSV = "participant_id\nP1\n"
HOSTILE_MEMBERS_CSV = f"""participant_id,member_id,kind,category,circle,label
P1,m1,person,friend,1,{HOSTILE_LABEL}
P1,m2,place,park,2,Corner shop
"""
HOSTILE_TIES_CSV = "participant_id,member_a,member_b\nP1,m1,m2\n"


def csv_file(name: str, text: str) -> dict:
    """An in-memory file for `set_input_files` (nothing is written to disk)."""
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def sample_members_per_participant() -> tuple[list[str], dict[str, int]]:
    """Participant ids in the picker's order (participants.csv order) and each one's number of members."""
    participants = pd.read_csv(SAMPLE_DIR / "participants.csv", dtype=str)["participant_id"].tolist()
    sizes = pd.read_csv(SAMPLE_DIR / "members.csv", dtype=str).groupby("participant_id").size()
    return participants, {pid: int(sizes.get(pid, 0)) for pid in participants}


def open_maps_from_nav(journey) -> None:
    """Click "Network maps" in the sidebar navigation and wait for the page's first complete run."""
    page = journey.page
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Network maps").click()
    expect(page).to_have_url(f"{journey.base_url}/maps")
    journey.wait_for_app("Network maps", "Whose map")
    expect(page.get_by_test_id("stMain").get_by_role("heading", name="Network maps")).to_be_visible()


def expect_one_map_of(page, member_count: int) -> None:
    """The single circle map shows exactly `member_count` member markers plus the centre (waits for a redraw)."""
    chart = page.locator(CHART)
    expect(chart).to_have_count(1)
    expect(chart).to_be_visible()
    expect(chart.locator(ALL_POINTS)).to_have_count(member_count + 1)
    expect(chart.locator(CENTRE_POINTS)).to_have_count(1)
    expect(chart.locator(MEMBER_POINTS)).to_have_count(member_count)
    # Cross-check the "centre is the last trace" assumption against the figure itself (Plotly's public gd.data).
    metas = chart.locator(".js-plotly-plot").evaluate("gd => gd.data.map(trace => trace.meta)")
    assert metas[-1] == "centre" and metas.count("centre") == 1, metas


def click_and_wait_for_rerun(journey, locator) -> None:
    """Click something that reruns the script without changing any text we could wait for, and wait for that rerun.

    Right after a click the previous run still reads "notRunning", so watch the app's script-state attribute and
    wait until it has been "running" at least once, then for the run to finish.
    """
    page = journey.page
    page.evaluate("""() => {
        window.__sawRerun = false;
        const app = document.querySelector('[data-testid="stApp"]');
        new MutationObserver((records, observer) => {
            if (app.getAttribute('data-test-script-state') === 'running'
                    || records.some(r => r.oldValue === 'running')) {
                window.__sawRerun = true;
                observer.disconnect();
            }
        }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
    }""")
    locator.click()
    page.wait_for_function("() => window.__sawRerun === true")
    journey.wait_for_app()


def wait_for_interactive_canvas(main):
    """The who-knows-whom iframe (srcdoc) has drawn a visible, non-blank vis-network canvas; returns its Frame."""
    iframe = main.locator("iframe")
    expect(iframe).to_have_count(1)
    expect(iframe).to_be_visible()
    canvas = main.frame_locator("iframe").locator("canvas")
    expect(canvas).to_be_visible()
    frame = iframe.element_handle().content_frame()
    assert frame is not None
    # vis-network draws asynchronously (stabilisation, then animation frames): instead of sleeping, wait until the
    # canvas actually holds some non-white pixels, i.e. the network has been painted.
    frame.wait_for_function("""() => {
        const canvas = document.querySelector('canvas');
        if (!canvas || !canvas.width || !canvas.height) return false;
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < pixels.length; i += 4) {
            if (pixels[i + 3] > 0 && (pixels[i] < 230 || pixels[i + 1] < 230 || pixels[i + 2] < 230)) return true;
        }
        return false;
    }""", polling=200)
    return frame


def screenshot_whole_app(page, path: str) -> None:
    """A picture of the whole page: Streamlit scrolls inside its own container, so `full_page=True` alone only
    shows the first screen. Make the viewport as tall as the content (same width, so nothing is re-laid out)."""
    viewport = page.viewport_size
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stMainBlockContainer"]')]
        .map(element => element.scrollHeight))""")
    page.set_viewport_size({"width": viewport["width"], "height": min(max(height, viewport["height"]), 8000)})
    try:
        page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(viewport)


def test_maps_journey(journey) -> None:
    page = journey.page
    main = page.get_by_test_id("stMain")
    participants, sizes = sample_members_per_participant()
    first = participants[0]
    # The sixth participant, unless their map happens to be as big as the first one's (then the switch would prove
    # nothing): then the next participant whose map differs in size.
    other = next(pid for pid in participants[5:] + participants[1:5] if sizes[pid] != sizes[first])

    # 1. Open the app and go to the maps through the sidebar navigation.
    journey.open("/")
    journey.wait_for_app("Wellbeing Network Explorer")
    open_maps_from_nav(journey)
    expect(main.get_by_text("synthetic", exact=False).first).to_be_visible()
    picker = main.get_by_role("combobox", name="Whose map")
    expect(picker).to_have_value(first)

    # 2. The first participant's circle map: one marker per member, plus the person in the middle.
    expect_one_map_of(page, sizes[first])

    # 3. Switch to another participant through the picker (typing narrows the list, as a person would).
    picker.click()
    picker.fill(other)
    page.get_by_role("option", name=other, exact=True).click()
    expect(picker).to_have_value(other)
    journey.wait_for_app("Whose map")
    expect_one_map_of(page, sizes[other])

    # ... and once "At random": any participant (possibly the same), the map matching whoever the picker shows.
    click_and_wait_for_rerun(journey, main.get_by_role("button", name="At random"))
    chosen = picker.input_value()
    assert chosen in sizes, chosen
    expect_one_map_of(page, sizes[chosen])

    # 4. The interactive who-knows-whom view, drawn inside a srcdoc iframe.
    toggle = main.get_by_role("switch", name="Explore who knows whom (interactive view)")
    expect(toggle).not_to_be_checked()
    main.get_by_text("Explore who knows whom (interactive view)").click()
    expect(toggle).to_be_checked()
    journey.wait_for_app("Include the person in the middle")
    wait_for_interactive_canvas(main)
    screenshot_whole_app(page, "/tmp/maps_journey_interactive.png")
    assert journey.problems() == {}, "the interactive view must not show dialogs, fail requests or leave the machine"

    # 5. Two maps side by side, then a grid of many.
    view = main.get_by_role("radiogroup", name="View")
    view.get_by_role("radio", name="Side by side").click()
    journey.wait_for_app("Left map", "Right map")
    expect(main.locator(CHART)).to_have_count(2)
    expect(main.locator("iframe")).to_have_count(0)
    # Left shows the first participant and right the second by default (views/maps.py), found by element key.
    for key, pid in (("map_compare_left", participants[0]), ("map_compare_right", participants[1])):
        chart = main.locator(f".st-key-{key} {CHART}")
        expect(chart).to_be_visible()
        expect(chart.locator(MEMBER_POINTS)).to_have_count(sizes[pid])
        expect(chart.locator(CENTRE_POINTS)).to_have_count(1)

    view.get_by_role("radio", name="Many maps").click()
    pages = -(-len(participants) // 12)
    journey.wait_for_app(f"Page (of {pages})", f"{len(participants)} maps match")
    expect(main.locator(CHART)).to_have_count(12)
    # The grid fills its 3 columns one after another, so DOM order is not participant order: find each map by
    # its element key (Streamlit gives a keyed element the CSS class "st-key-<key>"; views/maps.py keys
    # "grid_map_<participant_id>").
    for pid in participants[:12]:
        chart = main.locator(f".st-key-grid_map_{pid} {CHART}")
        expect(chart).to_be_visible()
        expect(chart.locator(MEMBER_POINTS)).to_have_count(sizes[pid])
        expect(chart.locator(CENTRE_POINTS)).to_have_count(1)

    screenshot_whole_app(page, SCREENSHOT)
    assert journey.problems() == {}, "the journey must not show dialogs, fail requests or leave the machine"


def test_hostile_label_is_shown_as_text(journey) -> None:
    page = journey.page
    main = page.get_by_test_id("stMain")
    sidebar = page.get_by_test_id("stSidebar")

    journey.open("/")
    sidebar.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files([
        csv_file("participants.csv", HOSTILE_PARTICIPANTS_CSV),
        csv_file("members.csv", HOSTILE_MEMBERS_CSV),
        csv_file("ties.csv", HOSTILE_TIES_CSV),
    ])
    journey.wait_for_app("Showing: Your upload")
    expect(sidebar.get_by_test_id("stAlertContentError")).to_have_count(0)
    # One person's data: maps of fewer than 5 people show only with small numbers allowed, as an analyst would.
    sidebar.get_by_text("Hide counts under 5 (recommended)").click()
    journey.wait_for_app("Small numbers are being shown")

    open_maps_from_nav(journey)
    expect(main.get_by_role("combobox", name="Whose map")).to_have_value("P1")
    expect_one_map_of(page, 2)

    # Plotly reads text as a small HTML dialect: the label must come out as the characters typed, not as an <img>
    # (on this small map it is shortened to fit, with "…"; its whole text is in the hover).
    chart = main.locator(CHART)
    expect(chart.locator("svg text").filter(has_text="<img src=x").first).to_be_attached()
    shown = [text for text in chart.locator("svg text").all_text_contents() if text.startswith("<img")]
    assert shown and HOSTILE_LABEL.startswith(shown[0].rstrip("…")), shown
    hovers = chart.locator(".js-plotly-plot").evaluate(
        "gd => gd.data.filter(trace => trace.meta === 'members').flatMap(trace => trace.hovertext)")
    assert any(HOSTILE_LABEL.replace("<", "&lt;").replace(">", "&gt;") in text for text in hovers), hovers
    expect(chart.locator("img")).to_have_count(0)

    main.get_by_text("Explore who knows whom (interactive view)").click()
    journey.wait_for_app("Include the person in the middle")
    frame = wait_for_interactive_canvas(main)
    assert frame.locator("img").count() == 0, "the label became an element inside the interactive view"

    # An injected onerror=alert(1) would have opened a dialog (recorded by the journey fixture), in page or iframe.
    assert journey.dialogs == []
    assert journey.problems() == {}, "a hostile label must not run, fail requests or leave the machine"


def small_group_query() -> str:
    """A shared-link query (housing, education, age band) that the sample's participants match 1 to 4 times."""
    frame = pd.read_csv(SAMPLE_DIR / "participants.csv", dtype=str)
    sizes = frame.groupby(["housing_status", "education", "age_band"]).size()
    (housing, education, age), _ = next(iter(sizes[(sizes > 0) & (sizes < 5)].items()))
    return urlencode({"page": "maps", "housing_status": housing, "education": education, "age_band": age})


def test_a_small_group_shows_no_map_and_hidden_kinds_stay_hidden(journey) -> None:
    page = journey.page
    main = page.get_by_test_id("stMain")
    sidebar = page.get_by_test_id("stSidebar")

    # A shared link whose filter keeps fewer than 5 people: no map, no id, no picker.
    journey.open(f"/?{small_group_query()}")
    journey.wait_for_app("The filter leaves fewer than 5 maps")
    expect(main.locator(CHART)).to_have_count(0)
    expect(main.get_by_role("combobox", name="Whose map")).to_have_count(0)
    participants, _ = sample_members_per_participant()
    shown = main.inner_text()
    assert not [pid for pid in participants if pid in shown]

    # Everyone again; places unticked: the interactive view leaves them out too.
    sidebar.get_by_role("button", name="Reset the filter").click()
    journey.wait_for_app("Whose map")
    main.get_by_text("Show places").click()
    journey.wait_for_app("Whose map")
    main.get_by_text("Explore who knows whom (interactive view)").click()
    journey.wait_for_app("Include the person in the middle")
    frame = wait_for_interactive_canvas(main)
    nodes = json.loads(frame.locator("#map-nodes").text_content())
    members, _ = SAMPLE.one_map(main.get_by_role("combobox", name="Whose map").input_value())
    assert not [node for node in nodes if node.get("shape") == "square"], "a place is drawn though unticked"
    assert len(nodes) == int((members["kind"] != "place").sum()) + 1  # and the person in the middle
    assert journey.problems() == {}, journey.problems()
