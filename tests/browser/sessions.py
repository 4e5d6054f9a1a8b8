"""Several browser sessions at once against the one app server (tests/browser/test_isolation.py, test_load.py).

Playwright's sync API is not thread-safe, so every session is driven from the test's one thread: start an action
in every session, then wait on each. How long an action took is read from the page's own clock (`Session.start`,
`Session.seconds_since`), so waiting on the sessions one after another does not add to a session's time.

Datasets are made here with recognisable values (participant ids, labels, sites) that are built at run time
(`"ALPHA" + "01"`): the strings searched for on disk never appear literally in a source file, so a file that merely
quotes this test (an editor's backup, a diff in a terminal log) cannot be mistaken for uploaded data at rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import Journey, StreamlitServer, open_recorded_page

NAV = "stSidebarNav"
PAGES = ("Overview", "Network maps", "Network types", "Patterns", "Feedback session")
# Text each page shows once its run is complete (see conftest.wait_for_app).
PAGE_TEXT = {
    "Overview": "Headline measures",
    "Network maps": "Whose map",
    "Network types": "How clear are the types?",
    "Patterns": "Which factors go with network type",
    "Feedback session": "Step 1 of 6",
}
PICK_TRIES, PICK_WAIT_MS = 4, 3_000  # choosing in a select box: how often to try each step, how long to wait each time
# Whether a select box shows `option` as chosen: its value (one choice) or one of its tags (several).
CHOSEN_JS = """([box, option]) => box.value === option
    || (box.closest('[data-baseweb="select"]') || box.parentElement).innerText.split('\\n').includes(option)"""
CATEGORIES = (("person", "family"), ("place", "park"), ("activity", "walking"), ("person", "friend"))

# Installed in every document before the app loads, for timing in the page's clock (performance.now(), ms since the
# document's navigation began), so the end of an action is known however late the test gets round to checking
# this session: when the app last finished a script run (`data-test-script-state` back to "notRunning"), and when
# the texts an action should bring were first all in the page (`__watch` arms that, 10 times a second; a run can
# end before the browser has drawn what it sent, e.g. a map).
CLOCK_JS = """
window.__lastRunEnd = null;
new MutationObserver(records => {
    if (records.some(r => r.target.getAttribute('data-test-script-state') === 'notRunning')) {
        window.__lastRunEnd = performance.now();
    }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
window.__watch = texts => {
    window.__textsSeen = null;
    clearInterval(window.__textsPoll);
    window.__textsPoll = setInterval(() => {
        const shown = document.body ? document.body.textContent : '';
        if (texts.every(text => shown.includes(text))) {
            window.__textsSeen = performance.now();
            clearInterval(window.__textsPoll);
        }
    }, 100);
    return performance.now();
};
"""
# The end of an action: its last run finished and its texts shown (now, if the 100 ms poll has not caught up).
ANSWERED_JS = "() => Math.max(window.__lastRunEnd ?? 0, window.__textsSeen ?? performance.now())"


def csv_file(name: str, text: str) -> dict:
    """An in-memory file for `set_input_files` (nothing is written to disk)."""
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}


@dataclass(frozen=True)
class Upload:
    """A small valid dataset whose every id, label and site starts with `prefix` (e.g. "ALPHA")."""

    prefix: str
    # 10: two sites of 5, so a filter on one site keeps 5 and leaves 5 out; neither is under the small-number
    # limit of 5, so the sidebar names both sites and Network maps shows the maps of the site kept.
    participants: int = 10

    @property
    def ids(self) -> list[str]:
        return [f"{self.prefix}{number:02d}" for number in range(1, self.participants + 1)]

    def label(self, participant_id: str, category: str) -> str:
        return f"{participant_id}{category.capitalize()}"

    def members(self, index: int) -> tuple[tuple[str, str], ...]:
        """(kind, category) of participant `index`'s members: maps of 3 and of 4, so network types form."""
        return CATEGORIES[: 3 + index % 2]

    @property
    def labels(self) -> list[str]:
        return [self.label(pid, category) for index, pid in enumerate(self.ids) for _, category in self.members(index)]

    def site(self, index: int) -> str:
        """Participant `index`'s site: the first half in "<prefix>North", the rest in "<prefix>South"."""
        return f"{self.prefix}{'North' if index < self.participants // 2 else 'South'}"

    @property
    def sites(self) -> list[str]:
        return [self.site(0), self.site(self.participants - 1)]

    @property
    def values(self) -> list[str]:
        """Every uploaded value that names this dataset: ids, labels, sites."""
        return [*self.ids, *self.labels, *self.sites]

    def files(self) -> list[dict]:
        """participants.csv and members.csv, in memory."""
        participants = ["participant_id,site,lives_alone"]
        members = ["participant_id,member_id,kind,category,circle,wellbeing,label"]
        for index, pid in enumerate(self.ids):
            participants.append(f"{pid},{self.site(index)},{'yes' if index % 2 else 'no'}")
            for number, (kind, category) in enumerate(self.members(index), start=1):
                wellbeing = ("positive", "neutral", "negative")[(index + number) % 3]
                circle = 1 + (index + number) % 3
                members.append(f"{pid},m{number},{kind},{category},{circle},{wellbeing},{self.label(pid, category)}")
        return [csv_file("participants.csv", "\n".join(participants) + "\n"),
                csv_file("members.csv", "\n".join(members) + "\n")]


@dataclass
class Session:
    """One browser context (its own cookies, its own Streamlit session) with its tab and its records."""

    context: object
    journey: Journey
    upload: Upload

    @property
    def page(self):
        return self.journey.page

    def body(self) -> str:
        """The whole text of the page as a person would read it (sidebar, main area, chart text)."""
        return self.page.locator("body").inner_text()

    def go(self, title: str) -> None:
        """Start going to a page through the sidebar navigation (a link click keeps the session; a fresh address
        would open a new session, without the upload). Does not wait: see `wait_for_app`."""
        self.page.get_by_test_id(NAV).get_by_role("link", name=title, exact=True).click()

    def upload_files(self) -> None:
        """Start the upload of this session's dataset (does not wait)."""
        uploader = self.page.get_by_test_id("stSidebar").get_by_test_id("stFileUploader")
        uploader.locator("input[type=file]").set_input_files(self.upload.files())

    def filter_first_site(self) -> None:
        """Start filtering on the first site (5 of 10 participants) in the sidebar's "Who" expander (no wait)."""
        sidebar = self.page.get_by_test_id("stSidebar")
        sidebar.get_by_text("Who", exact=True).click()
        self.pick(sidebar.get_by_role("combobox", name="Site", exact=True), self.upload.sites[0])
        self.page.keyboard.press("Escape")  # close the list (a multiselect keeps it open)

    def choose_map(self, participant_id: str) -> None:
        """Start showing `participant_id`'s map with the "Whose map" picker of Network maps (no wait)."""
        self.pick(self.page.get_by_test_id("stMain").get_by_role("combobox", name="Whose map"), participant_id)

    def pick(self, combobox, option: str) -> None:
        """Choose `option` in a select box (one choice or several): open its list, click the option, and see it
        chosen, as often as needed.

        Seen often with two sessions and more (a busy browser): a click on the box only focuses it and its list
        stays shut (ArrowDown then opens the list of a focused box), or a click on an option is lost and nothing is
        chosen. Nothing is typed: the list re-drawn for the typed text can move the option just as it is clicked."""
        choice = self.page.get_by_role("option", name=option, exact=True)
        for _ in range(PICK_TRIES):
            if self.chosen(combobox, option):
                return
            if not choice.is_visible():
                combobox.click()
            for _ in range(PICK_TRIES):
                try:
                    choice.wait_for(state="visible", timeout=PICK_WAIT_MS)
                    break
                except PlaywrightTimeoutError:
                    combobox.press("ArrowDown")
            choice.click()
            try:
                self.page.wait_for_function(CHOSEN_JS, arg=[combobox.element_handle(), option], timeout=PICK_WAIT_MS)
            except PlaywrightTimeoutError:
                continue
        assert self.chosen(combobox, option), f"{self.upload.prefix}: {option!r} could not be chosen"

    def chosen(self, combobox, option: str) -> bool:
        """Whether the select box shows `option` as chosen."""
        return self.page.evaluate(CHOSEN_JS, [combobox.element_handle(), option])

    def start(self, texts: list[str]) -> float:
        """The page's clock now (ms), watching for `texts` from now on (see CLOCK_JS)."""
        return self.page.evaluate("texts => window.__watch(texts)", texts)

    def seconds_since(self, started_ms: float) -> float:
        """Seconds from `started_ms` (page clock; 0: the navigation) until the action had been answered: the last
        run it caused finished and the texts it was started with shown (after a navigation: the last run)."""
        return (self.page.evaluate(ANSWERED_JS if started_ms else "() => window.__lastRunEnd") - started_ms) / 1000

    def foreign(self, others: list[Upload]) -> list[str]:
        """Values of other sessions' uploads that this page shows (should be none)."""
        text = self.body()
        return [value for other in others for value in other.values if value in text]


def open_session(browser, server: StreamlitServer, upload: Upload) -> Session:
    """A fresh context and tab recording what the `journey` fixture records (tests/browser/conftest.py), with the
    page clock that times each interaction."""
    context, record = open_recorded_page(browser, server, init_script=CLOCK_JS)
    return Session(context, record, upload)


def close_all(sessions: list[Session]) -> None:
    for session in sessions:
        session.context.close()
