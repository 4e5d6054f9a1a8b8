"""The stakeholder report: one self-contained, escaped, privacy-safe HTML page, and `python -m netcore report`."""

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import plotly.offline
import pytest

from netcore.io.export import SYNTHETIC_NOTICE, csv_bytes, write_folder, zip_bytes
from netcore.sample import generate_sample
from netcore.validation import load_dataset

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_HTML = "<img src=x onerror=alert(1)>"
HOSTILE_FORMULA = '=HYPERLINK("javascript:alert(1)","click")'
SECTION_KEYS = ["data", "types", "wellbeing", "covariates", "associations", "method", "provenance"]


def sample_tables(participants: int = 80, seed: int = 3) -> dict[str, pd.DataFrame]:
    """A synthetic dataset with participant ids that cannot occur in any other text of a report."""
    data = generate_sample(participants=participants, seed=seed)
    ids = {pid: f"qzid{index:04d}w" for index, pid in enumerate(data.participants["participant_id"])}
    return {name: frame.assign(participant_id=frame["participant_id"].map(ids))
            for name, frame in (("participants", data.participants), ("members", data.members),
                                ("ties", data.ties))}


def load(tables: dict[str, pd.DataFrame]):
    return load_dataset({f"{name}.csv": csv_bytes(frame) for name, frame in tables.items()})


def report(tables: dict[str, pd.DataFrame], **settings) -> str:
    from netcore.report import build_report

    return build_report(load(tables), **settings)


class Page(HTMLParser):
    """Everything a test needs from a page: tags with attributes, sections, text outside scripts and styles."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.sections: list[dict] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._raw: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section":
            self.sections.append(attributes)
        if tag in ("script", "style"):
            self._raw = tag

    def handle_endtag(self, tag):
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data):
        if self._raw == "script":
            self.scripts.append(data)
        elif self._raw is None:
            self.text.append(data)

    def section_text(self, key: str, html: str) -> str:
        """The source of one section (between its tag and the next section's)."""
        start = html.index(f'data-key="{key}"')
        end = html.find("<section", start)
        return html[start:end if end > 0 else len(html)]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return sample_tables()


@pytest.fixture(scope="module")
def page_html(tables) -> str:
    return report(tables, synthetic=True, settings_text="python -m netcore report here --out r.html")


def test_the_report_is_one_page_with_every_section_in_order(page_html):
    page = Page(page_html)
    assert page_html.startswith("<!DOCTYPE html>")
    assert [section["data-key"] for section in page.sections] == SECTION_KEYS
    assert all(section.get("data-missing") is None for section in page.sections)
    assert page_html.count("<h2") == len(SECTION_KEYS)  # one finding title per section


def test_no_external_source_or_link_and_no_web_font(page_html):
    page = Page(page_html)
    for _, attributes in page.tags:
        for name in ("src", "href"):
            assert not re.match(r"\s*(https?:)?//", attributes.get(name) or ""), attributes
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", "".join(page.text))
    assert "@font-face" not in page_html and "@import" not in page_html
    assert re.search(r'http-equiv="Content-Security-Policy"[^>]*default-src \'none\'', page_html)


def test_plotly_js_inlined_exactly_once(page_html):
    plotly_js = plotly.offline.get_plotlyjs()
    assert page_html.count(plotly_js[:300]) == 1
    assert sum(len(script) > len(plotly_js) / 2 for script in Page(page_html).scripts) == 1
    assert page_html.count("Plotly.newPlot(") >= 5  # the charts and maps, drawn by the one copy


def test_every_type_name_appears_and_no_participant_id(tables, page_html):
    from netcore.measures import compute_measures
    from netcore.typology import assign_types

    names = assign_types(compute_measures(load(tables)), n_types=3, random_state=0, resamples=0).model.names_
    for name in names:
        assert name in page_html
    for participant_id in tables["participants"]["participant_id"]:
        assert participant_id not in page_html


def test_a_type_of_under_five_people_is_shown_only_by_a_neutral_name(tables):
    import numpy as np

    from netcore.measures import compute_measures
    from netcore.typology import SMALL_TYPE_NAME, assign_types

    model = assign_types(compute_measures(load(tables)), n_types=6, random_state=0, resamples=0).model
    sizes = np.bincount(model.labels_, minlength=6)
    small = [name for name, size in zip(model.names_, sizes, strict=True) if 0 < size < 5]
    assert len(small) == 1  # the case this test is about
    text = report(tables, k=6)
    assert small[0] not in text
    assert SMALL_TYPE_NAME in text
    assert small[0] in report(tables, k=6, suppress=False)


def test_renamed_types_are_used_throughout(tables):
    text = report(tables, k=3, type_names=["Alpha kind", "Beta kind", "Gamma & kind"])
    for name in ("Alpha kind", "Beta kind", "Gamma &amp; kind"):
        assert name in text


def test_synthetic_banner_on_every_section(tables, page_html):
    for key in SECTION_KEYS:
        assert "SYNTHETIC DATA" in Page(page_html).section_text(key, page_html)
    assert "SYNTHETIC DATA" not in report(tables, synthetic=False, k=2)


def test_a_covariate_level_of_two_people_shows_as_under_five(tables):
    participants = tables["participants"].copy()
    participants["pets"] = ["dog", "cat"] * (len(participants) // 2)
    participants.loc[participants.index[:2], "pets"] = "parrot"
    text = report({**tables, "participants": participants}, covariates=["pets"])
    section = Page(text).section_text("covariates", text)
    assert "&lt;5" in section
    assert "parrot" not in text


def test_fingerprint_changes_with_one_cell_and_only_then(tables):
    from netcore.report import fingerprint

    same = fingerprint(load(tables))
    assert re.fullmatch(r"[0-9a-f]{12}", same)
    assert fingerprint(load({name: frame.copy() for name, frame in tables.items()})) == same
    shuffled = {name: frame.sample(frac=1, random_state=1) for name, frame in tables.items()}
    assert fingerprint(load(shuffled)) == same  # the same cells in another row order
    members = tables["members"].copy()
    members.loc[members.index[7], "circle"] = 3 if members.loc[members.index[7], "circle"] != 3 else 2
    assert fingerprint(load({**tables, "members": members})) != same
    participants = tables["participants"].copy()
    participants.loc[participants.index[0], "site"] = "Elsewhere"
    assert fingerprint(load({**tables, "participants": participants})) != same
    text = report(tables)
    assert f"Fingerprint of the input tables: <code>{same}</code>" in text


def test_provenance_shows_the_settings_escaped_and_the_version(tables):
    text = report(tables, settings_text="python -m netcore report <data> --k 3")
    section = Page(text).section_text("provenance", text)
    assert "python -m netcore report &lt;data&gt; --k 3" in section
    assert re.search(r"Project version: <code>(\d+\.\d+\.\d+|unknown)</code>", section)
    assert re.search(r"Made on: \d{4}-\d\d-\d\d \d\d:\d\d UTC", section)


def test_hostile_labels_and_levels_appear_only_escaped(tables):
    participants = tables["participants"].copy()
    participants["site"] = [HOSTILE_HTML, HOSTILE_FORMULA] * (len(participants) // 2)
    members = tables["members"].copy()
    members["label"] = HOSTILE_HTML
    members.loc[members["kind"] == "place", "category"] = HOSTILE_FORMULA
    text = report({**tables, "participants": participants, "members": members}, covariates=["site"],
                  title=f"Report {HOSTILE_HTML}", filter_text=f"site is {HOSTILE_HTML}")
    assert HOSTILE_HTML not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    page = Page(text)
    assert not [tag for tag, _ in page.tags if tag == "img"]
    assert not [attributes for _, attributes in page.tags if "onerror" in attributes]
    assert any(HOSTILE_FORMULA in chunk for chunk in page.text)  # inert text, never a link
    assert not [a for tag, a in page.tags if tag == "a" and "javascript" in (a.get("href") or "")]


def test_no_covariates_says_why_and_the_rest_renders(tables):
    participants = tables["participants"][["participant_id"]]
    text = report({**tables, "participants": participants})
    page = Page(text)
    missing = {section["data-key"] for section in page.sections if section.get("data-missing")}
    assert missing == {"covariates", "associations"}
    assert "no covariate" in page.section_text("covariates", text).lower()
    assert "Plotly.newPlot(" in page.section_text("types", text)


def test_types_impossible_says_why_and_the_rest_renders(tables):
    members = tables["members"].copy()
    first = members["participant_id"].iloc[0]
    members = members[members["participant_id"] == first]  # every other map is empty: too few different maps
    text = report({**tables, "members": members, "ties": tables["ties"].iloc[0:0]})
    page = Page(text)
    missing = {section["data-key"] for section in page.sections if section.get("data-missing")}
    assert {"types", "wellbeing", "covariates", "associations"} <= missing
    assert "too few different maps" in page.section_text("types", text)
    assert [section["data-key"] for section in page.sections] == SECTION_KEYS


def test_a_filter_under_five_people_says_why_and_shows_no_group_numbers(tables):
    dataset = load(tables)
    from netcore.report import build_report

    keep = pd.Series(False, index=dataset.participants.index)
    keep.iloc[:3] = True
    text = build_report(dataset, keep=keep, filter_text="lives alone is yes")
    page = Page(text)
    missing = {section["data-key"] for section in page.sections if section.get("data-missing")}
    assert {"types", "wellbeing", "covariates", "associations"} <= missing
    assert "fewer than 5 people" in page.section_text("types", text)
    assert "lives alone is yes" in page.section_text("data", text)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "netcore", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_cli_writes_the_report_and_notes_missing_sections(tmp_path, tables):
    folder = tmp_path / "data"
    write_folder({"participants": tables["participants"][["participant_id"]], "members": tables["members"],
                  "ties": tables["ties"]}, folder, notice=SYNTHETIC_NOTICE)
    out = tmp_path / "report.html"
    result = run_cli("report", str(folder), "--out", str(out), "--k", "2", "--seed", "4")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "SYNTHETIC DATA" in text  # the generator's README.txt is in the folder
    assert f"report {folder} --out {out} --k 2 --seed 4" in text
    assert result.stderr.count("Note:") == 2  # no covariates: the two sections that need them


def test_cli_without_the_notice_is_not_synthetic(tmp_path, tables):
    folder = tmp_path / "data"
    write_folder(tables, folder)
    out = tmp_path / "report.html"
    result = run_cli("report", str(folder), "--out", str(out), "--covariates", "site,lives_alone")
    assert result.returncode == 0, result.stderr
    assert "SYNTHETIC DATA" not in out.read_text(encoding="utf-8")
    assert result.stderr == ""


def test_cli_invalid_data_exits_1_with_the_validate_problem_list(tmp_path, tables):
    folder = tmp_path / "bad"
    members = tables["members"].assign(circle="nine")
    write_folder({**tables, "members": members}, folder)
    out = tmp_path / "report.html"
    result = run_cli("report", str(folder), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == run_cli("validate", str(folder)).stderr
    assert "cannot be used" in result.stderr
    assert not out.exists()


def test_cli_reads_the_notice_inside_a_zip(tmp_path, tables):
    archive = tmp_path / "data.zip"
    archive.write_bytes(zip_bytes(tables, notice=SYNTHETIC_NOTICE))
    out = tmp_path / "report.html"
    result = run_cli("report", str(archive), "--out", str(out), "--covariates", "site")
    assert result.returncode == 0, result.stderr
    assert "SYNTHETIC DATA" in out.read_text(encoding="utf-8")


def found_types(tables: dict[str, pd.DataFrame], k: int = 3) -> pd.DataFrame:
    """participant_id, type (index) and network_type (found name) as the report's default settings find them."""
    from netcore.measures import compute_measures
    from netcore.typology import assign_types

    return assign_types(compute_measures(load(tables)), n_types=k, random_state=0, resamples=0).table


def keep_of(dataset, ids) -> pd.Series:
    return dataset.participants["participant_id"].isin(set(ids))


def sections_by_key(sections) -> dict:
    return {section.key: section for section in sections}


def test_a_group_where_every_type_has_under_five_people_says_so_and_the_rest_renders(tables):
    from netcore.report import report_sections

    dataset = load(tables)
    table = found_types(tables)
    first, second = table["type"].unique()[:2]
    ids = [*table.loc[table["type"] == first, "participant_id"][:3],
           *table.loc[table["type"] == second, "participant_id"][:3]]
    sections = sections_by_key(report_sections(dataset, keep=keep_of(dataset, ids)))
    assert sections["types"].missing
    assert "no network type has 5 or more people in this group" in sections["types"].title.lower()
    assert not sections["data"].missing and not sections["method"].missing and not sections["provenance"].missing


def test_cli_report_of_types_all_under_five_exits_0_with_a_note(tmp_path):
    data = generate_sample(participants=8, seed=1)  # types of 3, 2 and 3 people
    folder = tmp_path / "data"
    write_folder({"participants": data.participants, "members": data.members, "ties": data.ties}, folder)
    out = tmp_path / "report.html"
    result = run_cli("report", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "no network type has 5 or more people" in result.stderr.lower()
    assert 'data-key="types"' in out.read_text(encoding="utf-8")


def test_clashing_type_names_fall_back_to_the_found_names(tables):
    from netcore.report import report_sections

    names = list(found_types(tables).drop_duplicates("type").sort_values("type")["network_type"])
    text = report(tables, type_names=["Zedsame kind", "Zedsame kind", "Zedother kind"])
    assert "Zedsame" not in text and "Zedother" not in text
    for name in names:
        assert name in text
    six = found_types(tables, k=6)
    sizes = six["type"].value_counts()
    renamed = list(six.drop_duplicates("type").sort_values("type")["network_type"])
    renamed[int(sizes[sizes >= 5].index[0])] = "a small type"  # clashes with the neutral name of a type of 1-4
    sections = sections_by_key(report_sections(load(tables), k=6, type_names=renamed))
    assert not sections["types"].missing


def test_a_filter_leaving_out_a_few_shows_no_count_of_everyone(tables):
    from netcore.report import build_report

    dataset = load(tables)
    everyone = len(dataset.participants)
    keep = pd.Series(True, index=dataset.participants.index)
    keep.iloc[:3] = False
    text = build_report(dataset, keep=keep, filter_text="all but a few")
    words = " ".join(Page(text).text)
    assert f"{everyone - 3:,}" in words  # the group's own counts are shown
    assert not re.search(rf"(?<![\d.,]){everyone:,}(?![\d.,%])", words)


def test_wellbeing_overall_part_is_shown_when_types_cannot_be_made(tables):
    from netcore.report import report_sections

    members = tables["members"]
    first = members["participant_id"].iloc[0]
    one_map = members[members["participant_id"] == first]
    members = pd.concat([one_map.assign(participant_id=pid) for pid in tables["participants"]["participant_id"]])
    assert members["wellbeing"].notna().any()
    sections = sections_by_key(report_sections(load({**tables, "members": members, "ties": tables["ties"].iloc[0:0]})))
    assert sections["types"].missing  # every map is the same: no types
    assert not sections["wellbeing"].missing
    assert "Plotly.newPlot(" in sections["wellbeing"].body
    assert "network types" in sections["wellbeing"].body.lower()  # a sentence on why there is no per-type part


def test_almost_everyone_has_a_network(tables):
    from netcore.report import report_sections

    dataset = load(tables)
    table = found_types(tables)
    largest = table["type"].value_counts().index[0]
    keep = keep_of(dataset, table.loc[table["type"] == largest, "participant_id"])
    title = sections_by_key(report_sections(dataset, keep=keep))["types"].title
    assert title.startswith("Almost everyone has ")


def test_forest_plot_is_filtered_by_the_model_type_sizes(tables, monkeypatch):
    import netcore.report
    from netcore.associations import associations

    participants = tables["participants"].copy()
    participants.loc[participants.index[:6], "site"] = None  # rows the model cannot use
    dataset = load({**tables, "participants": participants})
    given = {}
    original = netcore.report.forest_figure

    def forest(odds_ratios, reference_type, type_sizes, suppress):
        given["sizes"] = type_sizes
        return original(odds_ratios, reference_type, type_sizes, suppress)

    monkeypatch.setattr(netcore.report, "forest_figure", forest)
    sections = sections_by_key(netcore.report.report_sections(dataset, covariates=["site", "lives_alone"]))
    assert not sections["associations"].missing
    table = found_types(tables)
    group = table.merge(participants, on="participant_id")
    result = associations(group, ["site", "lives_alone"])
    assert result.type_sizes.sum() < len(participants)  # the case this test is about
    pd.testing.assert_series_equal(given["sizes"], result.type_sizes)
