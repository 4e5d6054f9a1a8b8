"""An analyst opens Network types, asks for 4 types instead of 3, renames one of them, and finds the found 4-type
names on every other type: in the rename boxes, the profile chart and the sidebar's network type filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from netcore import compute_measures, load_dataset
from netcore.typology import NetworkTypology

pytestmark = pytest.mark.browser

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
SCREENSHOT = "/tmp/types_journey.png"  # outside the repo on purpose
NEW_NAME = "Second type"


def found_names(k: int) -> list[str]:
    """The names netcore gives the sample's k types (default measures and seed), by type index."""
    return NetworkTypology(k).fit(compute_measures(load_dataset(SAMPLE_DIR))).names_


def rename_box(main, index: int, found: str):
    """The rename box of type `index` (labelled with the name the type was found as)."""
    return main.get_by_label(f"Type {index + 1} (found as '{found}')", exact=True)


def profile_rows(main) -> list[str]:
    """The type names the profile heatmap draws, read from the figure (Plotly's public gd.data)."""
    return main.locator(".st-key-types_profile .js-plotly-plot").evaluate("gd => gd.data[0].y")


def sidebar_type_options(page) -> list[str]:
    """What the sidebar's "Network type" filter offers (nothing chosen yet, so every type)."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("combobox", name="Network type", exact=True).click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    return [text for text in texts if text != "Select all"]  # Streamlit's own first entry of a multiselect


def test_types_journey(journey) -> None:
    page = journey.page
    main = page.get_by_test_id("stMain")
    four = found_names(4)

    # 1. Open the Network types page through the sidebar navigation; open the rename boxes and the settings.
    journey.open("/")
    journey.wait_for_app("Wellbeing Network Explorer")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Network types").click()
    journey.wait_for_app("How clear are the types?", "The most typical map of each type")
    main.get_by_text("Rename the types").click()
    for index, name in enumerate(found_names(3)):
        expect(rename_box(main, index, name)).to_have_value(name)
    main.get_by_text("How the types are made").click()

    # 2. Four types: every box shows its own found name (a browser keeps a box's text while its key is the same).
    number = main.get_by_role("spinbutton", name="Number of types")
    number.fill("4")
    number.press("Enter")
    journey.wait_for_app(f"Type 4 (found as '{four[3]}')")
    for index, name in enumerate(four):
        expect(rename_box(main, index, name)).to_have_value(name)
    assert profile_rows(main) == four

    # 3. Rename the second type: only it changes; the others keep their found 4-type names everywhere.
    box = rename_box(main, 1, four[1])
    box.fill(NEW_NAME)
    box.press("Enter")
    expect(main.get_by_test_id("stMarkdownContainer").get_by_text(NEW_NAME, exact=True).first).to_be_visible()
    journey.wait_for_app()
    expected = [NEW_NAME if index == 1 else name for index, name in enumerate(four)]
    for index, name in enumerate(four):
        expect(rename_box(main, index, name)).to_have_value(expected[index])
    assert profile_rows(main) == expected
    assert sorted(sidebar_type_options(page)) == sorted(expected)

    page.screenshot(path=SCREENSHOT, full_page=True)
    assert journey.problems() == {}, journey.problems()
