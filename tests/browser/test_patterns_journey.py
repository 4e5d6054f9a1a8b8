"""A practitioner opens a shared link with a filter, reads the Patterns page, resets the filter (and it stays reset
on other pages), and opens a shared link to a page with a measure range: no warning, no console error."""

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
    # Type mix and measure boxes; the model, with nine factors on half the sample, says plainly it cannot settle.
    expect(main.get_by_test_id("stPlotlyChart")).to_have_count(2)
    expect(main.get_by_text("The model cannot be fitted", exact=False)).to_be_visible()

    # Reset: everyone again, and the address loses its filter.
    sidebar.get_by_role("button", name="Reset the filter").click()
    journey.wait_for_app("Showing all 150 participants")
    expect(page).to_have_url(re.compile(r"/patterns$"))
    expect(main.get_by_text(re.compile(r"Based on 1\d\d participants"))).to_be_visible()  # the model runs on all
    expect(main.get_by_test_id("stPlotlyChart")).to_have_count(3)  # type mix, measure boxes, forest plot

    # ... and it stays reset on the next page: the old filter must not come back.
    sidebar.get_by_role("link", name="Network maps").click()
    journey.wait_for_app("Whose map")
    expect(page).to_have_url(re.compile(r"/maps$"))
    expect(sidebar.get_by_text("Showing all 150 participants.")).to_be_visible()
    expect(sidebar.get_by_text("lives alone = yes")).to_have_count(0)

    assert journey.problems() == {}, journey.problems()


def test_a_shared_link_to_a_page_with_a_range_is_clean(journey) -> None:
    page = journey.page
    sidebar = page.get_by_test_id("stSidebar")
    main = page.get_by_test_id("stMain")

    # The link the sidebar offers: the app's own address, the page to open and the filter.
    journey.open("/?page=patterns&size=0~12&lives_alone=yes")
    journey.wait_for_app("Network types in this group and the rest", "connections 1 to 12")
    expect(main.get_by_role("heading", name="Patterns")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/patterns\?"))
    expect(sidebar.get_by_text(re.compile(r"lives alone = yes; connections 1 to 12"))).to_be_visible()
    expect(page.get_by_test_id("stAlertContentWarning").filter(has_text="Session State")).to_have_count(0)

    # The sidebar's own share link for this view is a root address naming the page.
    sidebar.get_by_text("Share this view").click()
    link = sidebar.get_by_test_id("stCode").inner_text()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?page=patterns&lives_alone=yes&size=1~12", link.strip()), link
    assert "P0" not in link

    assert journey.problems() == {}, journey.problems()
