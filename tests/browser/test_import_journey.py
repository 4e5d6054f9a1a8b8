"""A researcher brings a Network Canvas export: uploads the .zip in the sidebar, lands on the import wizard, sees
the proposed mapping and three maps, changes the closeness variable to the layout, loads, and sees the maps."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.networkcanvas_export import NAMES, export_zip, many_interviews

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/import_journey.png"  # outside the repo on purpose


def test_network_canvas_zip_through_the_wizard(journey) -> None:
    page = journey.page
    journey.open("/")
    journey.wait_for_app("Wellbeing Network Explorer")
    sidebar = page.get_by_test_id("stSidebar")
    main = page.get_by_test_id("stMain")
    sidebar.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(
        [{"name": "networkCanvasExport.zip", "mimeType": "application/zip", "buffer": export_zip(many_interviews(6))}])
    journey.wait_for_app("Bring your own data", "The first 3 maps")

    # The proposal: closeness from the ordered variable, three maps, the notes; no name anywhere on the page.
    command = main.locator("code").filter(has_text="python -m netcore convert").first
    expect(command).to_contain_text("--closeness closeness")
    expect(main.locator(".js-plotly-plot")).to_have_count(3)
    text = page.locator("body").inner_text()
    assert not [name for name in NAMES if name.split()[0] in text]
    assert "node variable 'name' was not carried" in text

    # Circles from the layout instead of the closeness variable.
    main.get_by_role("combobox", name="Closeness (gives the circle)").click()
    page.get_by_role("option", name="(none: use the layout or put everyone in circle 1)").click()
    journey.wait_for_app("Layout whose distance from the centre gives the circle")
    expect(command).to_contain_text("--layout circles")
    notes = main.get_by_test_id("stExpander").filter(has_text="What the import did")
    expect(notes).to_contain_text("its distance from the centre in 4 equal bands")
    expect(main.locator(".js-plotly-plot")).to_have_count(3)
    page.screenshot(path=SCREENSHOT, full_page=True)

    main.get_by_role("button", name="Load this data").click()
    journey.wait_for_app("Showing: Your Network Canvas CSV export")
    expect(page.get_by_role("heading", name="Network maps")).to_be_visible()
    expect(main.get_by_role("combobox", name="Whose map")).to_have_value("P01")
    expect(main.locator(".js-plotly-plot").first).to_be_visible()
    text = page.locator("body").inner_text()
    assert not [name for name in NAMES if name.split()[0] in text]
    assert journey.problems() == {}, "the import must not show dialogs, fail requests or leave the machine"
