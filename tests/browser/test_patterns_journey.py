"""A practitioner opens a shared link with a filter, reads the Patterns page, changes the filter and resets it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_shared_filter_link_and_patterns(journey) -> None:
    page = journey.page
    sidebar = page.get_by_test_id("stSidebar")
    main = page.get_by_test_id("stMain")

    # A colleague's link: everyone who lives alone. The filter reads as a sentence in the sidebar.
    journey.open("/?lives_alone=yes")
    journey.wait_for_app("Wellbeing Network Explorer", "lives alone = yes")
    expect(sidebar.get_by_text(re.compile(r"Showing \d+ of 150 participants: lives alone = yes"))).to_be_visible()

    # The Patterns page keeps the filter, in the sentence and in the address.
    sidebar.get_by_role("link", name="Patterns").click()
    journey.wait_for_app("Network types in this group and the rest", "Which factors go with network type")
    expect(main.get_by_role("heading", name="Patterns")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/patterns\?lives_alone=yes$"))
    expect(main.get_by_test_id("stPlotlyChart")).to_have_count(3)  # type mix, measure boxes, forest plot
    expect(main.get_by_text(re.compile(r"Based on \d+ participants"))).to_be_visible()  # the model ran on the group

    # Reset: everyone again, and the address loses its filter.
    sidebar.get_by_role("button", name="Reset the filter").click()
    journey.wait_for_app("Showing all 150 participants")
    expect(page).to_have_url(re.compile(r"/patterns$"))

    assert journey.problems() == {}, journey.problems()
