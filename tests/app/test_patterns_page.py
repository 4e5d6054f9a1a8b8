"""The Patterns page and the shared filter through AppTest: filters, URL round trip, suppression, associations."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from netcore import load_dataset
from tests.app.pages import open_page
from tests.netcore.datasets import as_files

SAMPLE = load_dataset(Path(__file__).resolve().parents[2] / "sample_data")
SMALL = {"1", "2", "3", "4"}


def sidebar_sentence(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith("Showing ") and "participants" in c.value
                ).replace("\\", "")


ASSOCIATED = "associated (likelihood-ratio test)"


def factor_table(at: AppTest):
    return next(frame.value for frame in at.table if {"factor", ASSOCIATED} <= set(frame.value.columns))


def count_cells(at: AppTest) -> set[str]:
    """Every cell of every table of counts on the page (not the model's table of p-values)."""
    cells = set()
    for frame in at.dataframe:
        table = frame.value
        if {"factor", ASSOCIATED} <= set(table.columns) or "category" in table.columns:
            continue
        for column in table.columns[1:]:
            cells |= {v for v in table[column].astype(str) if not v.endswith("%")}
    return cells


@pytest.fixture(scope="module")
def page() -> AppTest:
    return open_page("patterns")


def test_study_pattern_is_visible_on_the_sample(page):
    table = factor_table(page).set_index("factor")[ASSOCIATED]
    for factor in ("Lives alone", "Housing", "Education", "Long-term sick or disabled"):
        assert table[factor] == "yes", factor
    assert table["Diagnosis"] == "no"
    assert len(page.get("plotly_chart")) == 3  # types by group, measure boxes, forest plot


def test_filter_is_a_sentence_and_a_url_without_ids(page):
    page.multiselect(key="filter_level_lives_alone").set_value(["yes"])
    page.run()
    alone = int((SAMPLE.participants["lives_alone"] == "yes").sum())
    assert sidebar_sentence(page) == f"Showing {alone} of 150 participants: lives alone = yes"
    assert dict(page.query_params) == {"lives_alone": "yes"}
    assert not any(str(value).startswith("P0") for value in page.query_params.values())
    group = next(frame.value for frame in page.dataframe if "this group" in frame.value.columns)
    assert group["network type"].iloc[-1] == "total"
    assert group["this group"].iloc[:-1].astype(int).sum() == int(group["this group"].iloc[-1]) == alone
    page.button(key="filter_reset").click()
    page.run()


def test_shared_url_restores_the_same_filter():
    at = open_page("patterns", query={"lives_alone": "yes", "type": "formal and sparse"})
    assert at.multiselect(key="filter_level_lives_alone").value == ["yes"]
    assert at.multiselect(key="filter_types").value == ["formal and sparse"]
    assert "lives alone = yes" in sidebar_sentence(at) and "formal and sparse" in sidebar_sentence(at)


def test_a_tiny_group_shows_no_aggregates_and_says_why():
    frame = SAMPLE.participants
    sizes = frame.groupby(["housing_status", "education", "age_band"]).size()
    (housing, education, age), _ = next(iter(sizes[(sizes > 0) & (sizes < 5)].items()))
    at = open_page("patterns", query={"housing_status": housing, "education": education, "age_band": age})
    assert any("fewer than 5 participants" in w.value for w in at.warning)
    assert not at.get("plotly_chart")
    assert "<5" in sidebar_sentence(at)


def test_counts_1_to_4_never_show_while_suppressing(page):
    page.multiselect(key="filter_level_lives_alone").set_value(["no"])
    page.selectbox(key="patterns_covariate").set_value("housing_status")
    page.run()
    assert not page.exception, page.exception
    cells = count_cells(page)
    assert "<5" in cells, "this table has small counts: they must read <5"
    assert not SMALL & cells
    page.toggle(key="suppress_small_cells").set_value(False)
    page.run()
    assert any("Small numbers are being shown" in w.value for w in page.warning)
    assert SMALL & count_cells(page), "switched off, the same table shows its small counts"
    page.toggle(key="suppress_small_cells").set_value(True)
    page.button(key="filter_reset").click()
    page.run()
    assert sidebar_sentence(page) == "Showing all 150 participants."


def test_a_link_with_a_range_outside_the_data_is_ignored_not_a_crash():
    at = open_page("patterns", query={"size": "100~200", "lives_alone": "yes"})
    assert "lives alone = yes" in sidebar_sentence(at) and "connections" not in sidebar_sentence(at)


def test_data_without_categorical_covariates_still_shows_patterns():
    participants = "participant_id\n" + "".join(f"P{i}\n" for i in range(30))
    rows = [f"P{i},m{j},person,{'family' if i % 3 == 0 else 'friend' if i % 3 == 1 else 'practitioner'},{1 + j % 3}"
            for i in range(30) for j in range(2 + i % 5)]
    members = "participant_id,member_id,kind,category,circle\n" + "\n".join(rows) + "\n"
    at = open_page("patterns", upload=as_files(participants, members, None))
    assert any("no covariate" in info.value for info in at.info)


def test_a_link_with_a_range_gives_whole_numbers_and_no_streamlit_warning():
    at = open_page("patterns", query={"size": "2~12"})
    assert not [w.value for w in at.warning if "Session State" in w.value]
    assert at.slider(key="filter_range_size").value == (2, 12)
    assert all(isinstance(bound, int) for bound in at.slider(key="filter_range_size").value)
    assert "connections 2 to 12" in sidebar_sentence(at)
    at.button(key="filter_reset").click()
    at.run()
    assert at.slider(key="filter_range_size").value[0] < 2 and sidebar_sentence(at) == "Showing all 150 participants."
    assert dict(at.query_params) == {}


def test_chosen_factors_outlive_other_pages_and_go_into_the_report():
    at = open_page("patterns")
    at.multiselect(key="assoc_covariates").set_value(["lives_alone", "site"])
    at.run()
    at.switch_page("views/overview.py")
    at.run()
    assert at.session_state["patterns_factors"] == ["lives_alone", "site"]
    at.switch_page("views/patterns.py")
    at.run()
    assert not at.exception, at.exception
    assert at.multiselect(key="assoc_covariates").value == ["lives_alone", "site"]
