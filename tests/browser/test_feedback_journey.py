"""A peer facilitator runs a whole feedback session from the keyboard (Tab and Enter only); a practitioner tries
"joins a weekly group" on one map and sees the type line change."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STEPS = 6
MAX_TABS = 120
# The lowest contrast ratio of text in the main area: WCAG's relative luminance of the text colour and of the
# nearest ancestor with an opaque background (white when none).
CONTRAST_JS = """() => {
  const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const rgb = text => text.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = element => {
    for (let e = element; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0.5) { if (c.length < 4 || c[3] > 0) return c.slice(0, 3); }
    }
    return [255, 255, 255];
  };
  let worst = {ratio: 99, text: ""};
  for (const element of document.querySelectorAll('[data-testid="stMain"] p, [data-testid="stMain"] li')) {
    if (!element.innerText.trim() || !element.offsetParent || element.closest("button:disabled")) continue;
    const a = lum(rgb(getComputedStyle(element).color)), b = lum(background(element));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = {ratio, text: element.innerText.slice(0, 60)};
  }
  return worst;
}"""


def focus_by_tab(page, text: str) -> None:
    """Press Tab until the focused element reads `text` (a person moving through the page with the keyboard)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => (document.activeElement && document.activeElement.innerText || '').trim()")
        if focused == text:
            return
    raise AssertionError(f"{text!r} cannot be reached with Tab")


def test_a_facilitator_steps_through_with_the_keyboard(journey) -> None:
    page = journey.page
    main = page.get_by_test_id("stMain")
    journey.open("/?page=feedback")
    journey.wait_for_app("Step 1 of 6", "Feedback session")
    expect(main.get_by_text("The circles", exact=False).first).to_be_visible()
    for number in range(2, STEPS + 1):
        focus_by_tab(page, "Next →")
        page.keyboard.press("Enter")
        journey.wait_for_app(f"Step {number} of {STEPS}")
    expect(main.get_by_text("Who, where and what matter most to you?")).to_be_visible()

    # The facilitator adds a question of their own, still from the keyboard.
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.tagName") == "TEXTAREA":
            break
    page.keyboard.type("What would make it easier to keep in touch?")
    page.keyboard.press("Control+Enter")
    journey.wait_for_app()
    expect(main.get_by_role("listitem").filter(has_text="What would make it easier to keep in touch?")).to_be_visible()
    expect(main.get_by_role("listitem")).to_have_count(4)  # the three questions and the facilitator's own

    focus_by_tab(page, "Start again")
    page.keyboard.press("Enter")
    journey.wait_for_app("Step 1 of 6")

    # Large type for a projector: body text at least 1.5 x the app's 17 px.
    size = main.get_by_text("The circles", exact=False).first.evaluate(
        "element => parseFloat(getComputedStyle(element).fontSize)")
    assert size >= 25.5, size
    # High contrast: every paragraph, list item and button text at least 4.5:1 against its background (WCAG AA;
    # a disabled button is exempt).
    worst = page.evaluate(CONTRAST_JS)
    assert worst["ratio"] >= 4.5, worst
    assert journey.problems() == {}, journey.problems()


def test_a_practitioner_tries_a_weekly_group(journey) -> None:
    page = journey.page
    main = page.get_by_test_id("stMain")
    journey.open("/?page=maps")
    journey.wait_for_app("Whose map")
    main.get_by_role("radiogroup", name="View").get_by_role("radio", name="What could change").click()
    journey.wait_for_app("Which network type?")
    line = main.locator("p").filter(has_text=re.compile(r"^Which network type\?"))
    before = line.inner_text()
    assert before.count("sure") == 2
    main.get_by_role("button", name="Joins a weekly group").click()
    journey.wait_for_app("Changes tried")
    expect(line).not_to_have_text(before)
    expect(main.get_by_text("With the changes", exact=True)).to_be_visible()
    expect(main.get_by_role("button", name="The changed map (.zip of CSV files)")).to_be_visible()
    assert journey.problems() == {}, journey.problems()
