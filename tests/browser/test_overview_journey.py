"""A person opens the app, reads the overview of the synthetic sample, uploads their own data, then a broken file."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/overview.png"  # outside the repo on purpose

PARTICIPANTS_CSV = """participant_id,site,lives_alone
P1,North,yes
P2,North,no
P3,South,yes
P4,South,no
P5,East,no
P6,East,yes
"""

MEMBERS_CSV = """participant_id,member_id,kind,category,circle
P1,m1,person,family,1
P1,m2,place,park,2
P1,m3,activity,walking,3
P2,m1,person,friend,1
P2,m2,person,practitioner,2
P3,m1,person,family,1
P3,m2,place,cafe,3
P4,m1,activity,art_group,2
P4,m2,person,neighbour,1
P5,m1,person,partner,1
P5,m2,place,day_centre,2
P6,m1,person,family,2
P6,m2,activity,walking,1
"""

BROKEN_MEMBERS_CSV = MEMBERS_CSV.replace("P1,m1,person,family,1", "P1,m1,person,family,inner")


def csv_file(name: str, text: str) -> dict:
    """An in-memory file for `set_input_files` (nothing is written to disk)."""
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def test_overview_upload_and_broken_upload(journey) -> None:
    page = journey.page
    sidebar = page.get_by_test_id("stSidebar")
    main = page.get_by_test_id("stMain")
    uploader = sidebar.get_by_test_id("stFileUploader")

    # Open the app: the overview of the bundled synthetic sample.
    journey.open("/")
    journey.wait_for_app("Wellbeing Network Explorer", "Showing: Synthetic sample data")
    expect(main.get_by_role("heading", name="Wellbeing Network Explorer")).to_be_visible()
    expect(main.get_by_text("synthetic", exact=False).first).to_be_visible()
    expect(sidebar.get_by_text("Showing: Synthetic sample data")).to_be_visible()
    expect(main.get_by_role("heading", name="Headline measures")).to_be_visible()
    headline = main.get_by_test_id("stDataFrame").filter(has_text="measure").first
    expect(headline).to_be_visible()

    # Upload a small valid dataset through the sidebar.
    uploader.locator("input[type=file]").set_input_files(
        [csv_file("participants.csv", PARTICIPANTS_CSV), csv_file("members.csv", MEMBERS_CSV)]
    )
    journey.wait_for_app("Showing: Your upload")
    expect(sidebar.get_by_text("Showing: Your upload")).to_be_visible()
    participants = main.get_by_test_id("stMetric").filter(has_text="Participants")
    expect(participants.get_by_test_id("stMetricValue")).to_have_text("6")
    expect(main.get_by_test_id("stAlert").filter(has_text="synthetic")).to_have_count(0)
    expect(sidebar.get_by_text("Synthetic sample data")).to_have_count(0)
    expect(sidebar.get_by_test_id("stAlertContentError")).to_have_count(0)

    # Remove those files (back to the sample), as a person would before trying another upload.
    delete_buttons = uploader.get_by_test_id("stFileChipDeleteBtn")
    expect(delete_buttons).to_have_count(2)
    for remaining in (1, 0):
        delete_buttons.first.click()
        expect(delete_buttons).to_have_count(remaining)
    journey.wait_for_app("Showing: Synthetic sample data")

    # A broken upload: a readable problem, and the app keeps showing the data it had.
    uploader.locator("input[type=file]").set_input_files(
        [csv_file("participants.csv", PARTICIPANTS_CSV), csv_file("members.csv", BROKEN_MEMBERS_CSV)]
    )
    journey.wait_for_app("circle 'inner' is not a whole number 1-7")
    problem = sidebar.get_by_test_id("stAlertContentError")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("members.csv")
    expect(problem).to_contain_text("circle 'inner' is not a whole number 1-7")
    expect(sidebar.get_by_text("Showing: Synthetic sample data")).to_be_visible()

    page.screenshot(path=SCREENSHOT, full_page=True)
    assert journey.problems() == {}, "the journey must not show dialogs, fail requests or leave the machine"
