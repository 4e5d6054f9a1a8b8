"""A person opens the app, reads the overview of the synthetic sample, uploads their own data, then other data
(which replaces it), then a broken file, whose problems are listed on the page."""

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
# A second dataset with the same file names: it must replace the first upload, not be added to it.
MORE_PARTICIPANTS_CSV = PARTICIPANTS_CSV + "P7,North,no\nP8,South,yes\n"
MORE_MEMBERS_CSV = MEMBERS_CSV + "P7,m1,person,friend,1\nP8,m1,place,park,2\n"


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
    headline = main.get_by_test_id("stTable").filter(has_text="what it means").first
    expect(headline).to_be_visible()
    expect(headline).to_contain_text("Share of people who are family")  # plain words, whole, not cut off

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

    # Another upload with the same file names replaces the first (no "not a mix", nothing added up).
    expect(uploader.get_by_test_id("stFileChip")).to_have_count(0)  # the box is empty, ready for it
    uploader.locator("input[type=file]").set_input_files(
        [csv_file("participants.csv", MORE_PARTICIPANTS_CSV), csv_file("members.csv", MORE_MEMBERS_CSV)]
    )
    expect(participants.get_by_test_id("stMetricValue")).to_have_text("8")
    journey.wait_for_app("Showing: Your upload")
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)

    # Back to the sample with one button.
    sidebar.get_by_role("button", name="Use the sample data again").click()
    journey.wait_for_app("Showing: Synthetic sample data")
    expect(participants.get_by_test_id("stMetricValue")).to_have_text("150")

    # A broken upload: its problems listed on the page (not only in the sidebar), the sample still shown.
    uploader.locator("input[type=file]").set_input_files(
        [csv_file("participants.csv", PARTICIPANTS_CSV), csv_file("members.csv", BROKEN_MEMBERS_CSV)]
    )
    journey.wait_for_app("circle is not a whole number 1-7")
    problem = main.get_by_test_id("stAlertContentError")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("Your upload could not be used")
    expect(problem).to_contain_text("members.csv row 2")
    expect(problem).to_contain_text("circle is not a whole number 1-7")
    expect(problem.locator("li")).to_have_count(1)
    expect(sidebar.get_by_test_id("stAlertContentError")).to_be_visible()
    expect(sidebar.get_by_text("Showing: Synthetic sample data")).to_be_visible()

    page.screenshot(path=SCREENSHOT, full_page=True)
    assert journey.problems() == {}, "the journey must not show dialogs, fail requests or leave the machine"
