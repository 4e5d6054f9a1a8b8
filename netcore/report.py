"""The stakeholder report: the whole story of a dataset as one self-contained HTML page that also presents as slides.

`build_report` makes the page from the same builders the app uses (measures, typology, composite maps, charts,
findings, cross-tables, the adjusted model) and the same disclosure control (counts 1-4 as "<5", a second cell
hidden where a total would give one away, no group of 1-4 drawn). Sections, each with a title written as a finding:
what the data is, the network types, what helps and what hinders, who has which type, adjusted associations,
method notes, provenance. A section that cannot be made (no types, no covariates, a group under 5, no type of 5 or
more people in the group) says why in one sentence and the rest still render; the well-being marks of the whole
group need no types, only their per-type part does.

A filter that leaves out 1-4 people (`disclosure.leaves_out_few`): the report counts only the group, never everyone
in the data (the data section then says "all but <5" and describes only the group), since the two counts together
would give the few left out away. Every count in the other sections is of the group.

The page works offline: Plotly's JavaScript is inlined once, every figure is a `<div>` drawn by it, no `src` or
`href` leaves the file, fonts are the system's. A Content-Security-Policy allows only inline scripts and styles
and data: or blob: images (the camera button's picture); plotly.js draws, and saves PNG and SVG, without
'unsafe-eval' (tests/browser/test_report_journey.py). Every text from data is escaped; no participant id is written
anywhere. Each chart's camera button saves a PNG, or an SVG when "Charts save as" is switched to SVG.

Present mode: the "Present" button or `#present` in the address shows one section per screen; the arrow keys,
Page Up / Page Down and space move; Escape goes back. Printing puts each section on its own page.
"""

from __future__ import annotations

import hashlib
import html
import tomllib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io as pio
import plotly.offline

from netcore.associations import associations, default_covariates, format_p_value
from netcore.charts import forest_figure, profile_figure, wellbeing_figure
from netcore.composite import COMPOSITE_ID, composite_map
from netcore.disclosure import (
    SMALL_CELL_LIMIT,
    SUPPRESSED,
    TOTAL,
    count_text,
    group_too_small,
    leaves_out_few,
    suppress_counts,
    suppress_percentages,
    visible_groups,
)
from netcore.figures import MapOptions, egogram_figure
from netcore.filters import analysis_frame
from netcore.findings import association_sentences, type_sentence, wellbeing_by_group, word_list
from netcore.labels import plain_label, plain_words
from netcore.layout import egogram_layout
from netcore.measures import MEASURES, compute_measures
from netcore.model import ID_COLUMN, TYPE_COLUMN, WELLBEING_LEVELS, Dataset
from netcore.patterns import chi_square, crosstab, shares
from netcore.problems import AssociationError, CompositeError, TypologyError
from netcore.summary import describe_dataset, describe_map
from netcore.typology import (
    DEFAULT_FEATURES,
    STUDY_TYPES,
    TypeAssignment,
    assign_types,
    describe_quality,
    shown_names,
    small_types,
)

PROJECT = "wellbeing-network-explorer"
RESAMPLES = 30  # bootstrap refits for stability, as on the Network types screen
TABLE_ORDER = ("participants", "members", "ties")
SYNTHETIC_BANNER = "SYNTHETIC DATA: every map and person here was made up; no real person is described."
TEN_WORDS = ("Fewer than one", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data: blob:")
FIGURE_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@dataclass(frozen=True)
class Section:
    """One part of the report: a fixed heading, its title written as a finding, and its HTML body. `missing`:
    the section could not be made, and `title` says why."""

    key: str
    heading: str
    title: str
    body: str = ""
    missing: bool = False


class Gap(Exception):
    """A section that cannot be made; the message is the one sentence that says why."""


def esc(value: object) -> str:
    """Text from data (or anything else) as inert HTML text."""
    return html.escape(str(value), quote=True)


def fingerprint(dataset: Dataset) -> str:
    """First 12 hex digits of SHA-256 over the input tables as canonical CSV (columns by name, rows sorted), so it
    changes when one cell changes and not when only the order of rows or columns does."""
    digest = hashlib.sha256()
    for name in TABLE_ORDER:
        table = getattr(dataset, name)
        table = table[sorted(table.columns)].astype("string").fillna("")
        table = table.sort_values(list(table.columns), kind="stable") if len(table.columns) else table
        digest.update(f"{name}\n".encode())
        digest.update(table.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return digest.hexdigest()[:12]


def project_version() -> str:
    """The installed package's version, else pyproject.toml's next to the package, else "unknown"."""
    try:
        return metadata.version(PROJECT)
    except metadata.PackageNotFoundError:
        pass
    try:
        with open(Path(__file__).resolve().parents[1] / "pyproject.toml", "rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def figure_html(figure, name: str) -> str:
    """One Plotly figure as a <div> drawn by the page's one copy of plotly.js; the camera button saves a picture."""
    config = {**FIGURE_CONFIG, "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2}}
    return f'<div class="chart">{pio.to_html(figure, full_html=False, include_plotlyjs=False, config=config)}</div>'


def table_html(frame: pd.DataFrame, caption: str = "") -> str:
    """A table of display text, every cell and header escaped."""
    head = "".join(f"<th>{esc(column)}</th>" for column in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td>{esc('' if pd.isna(cell) else cell)}</td>" for cell in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    title = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table>{title}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{esc(text)}</p>" for text in texts if text)


def network_words(name: str) -> str:
    """A type inside a title: "a family and stable network", or 'a "more family, fewer places" network'."""
    return f"a {name} network" if name in STUDY_TYPES else f'a "{name}" network'


def in_tens_have(share: float) -> str:
    """A share as the start of a sentence: "Four in ten people have"; "Almost everyone has" from 95%."""
    tens = int(round(share * 10))
    return "Almost everyone has" if tens >= 10 else f"{TEN_WORDS[tens]} in ten people have"


@dataclass(frozen=True)
class Context:
    """What every section reads: the data, its measures and types, and the group the filter keeps."""

    dataset: Dataset
    measures: pd.DataFrame
    assignment: TypeAssignment | None
    no_types: str  # why there are no types ("" when there are)
    names: list[str]  # type names by type index as shown (a type of 1-4 people by a neutral name while suppressing)
    naming_notes: list[str]  # why a shown type did not get a study name
    frame: pd.DataFrame  # analysis_frame of everyone
    group: pd.DataFrame  # the rows the filter keeps
    covariates: list[str] | None
    k: int
    seed: int
    suppress: bool
    filter_text: str
    settings_text: str

    def group_needed(self) -> None:
        """Raise Gap when the group is too small to show anything of."""
        if group_too_small(len(self.group), self.suppress) or self.group.empty:
            raise Gap(f"The group chosen has fewer than {SMALL_CELL_LIMIT} people, so nothing about it is shown: "
                      "a group this small could be recognised.")

    def types_needed(self) -> None:
        """Raise Gap when the group is too small, there are no types, or no type may be shown of this group."""
        self.group_needed()
        if self.assignment is None:
            raise Gap(f"The maps cannot be sorted into network types: {self.no_types}.")
        if not self.shown_types:
            raise Gap(f"No network type has {SMALL_CELL_LIMIT} or more people in this group, so nothing is shown "
                      "by type: a type this small could be recognised.")

    @property
    def sizes(self) -> pd.Series:
        """People per type in the group, in type order."""
        return self.group[TYPE_COLUMN].value_counts().reindex(self.names, fill_value=0)

    @property
    def shown_types(self) -> list[str]:
        sizes = self.sizes
        return [name for name in visible_groups(sizes, self.suppress) if sizes[name] > 0]


def data_section(context: Context) -> Section:
    """How many maps, sites, when made, and the filter in words."""
    everyone, kept = len(context.frame), len(context.group)
    few = group_too_small(kept, context.suppress)
    whole = describe_dataset(context.dataset, context.measures, context.suppress)
    if kept == everyone:
        title = f"{count_text(everyone, context.suppress)} people drew a map of their connections"
        texts = [whole]
    else:
        ids = set(context.group[ID_COLUMN])
        dataset = context.dataset
        part = replace(dataset, participants=dataset.participants[dataset.participants[ID_COLUMN].isin(ids)],
                       members=dataset.members[dataset.members[ID_COLUMN].isin(ids)],
                       ties=dataset.ties[dataset.ties[ID_COLUMN].isin(ids)])
        chosen = "" if few else "The group chosen: " + describe_dataset(
            part, context.measures[context.measures[ID_COLUMN].isin(ids)], context.suppress)
        if leaves_out_few(everyone, kept, context.suppress):  # only the group's counts: everyone's gives the few away
            title = f"This report looks at the maps of all but {SUPPRESSED} of the people in the data"
            texts = [chosen]
        else:
            title = f"This report looks at the maps of {count_text(kept, context.suppress)} of {everyone:,} people"
            texts = [chosen, f"All of the data: {whole}"]
    made = datetime.now(UTC).strftime("%d %B %Y")
    filtered = f"Filter: {context.filter_text}" if context.filter_text else ""
    return Section("data", "What the data is", title,
                   paragraphs(*texts, filtered, f"This report was made on {made} from the data as loaded."))


def types_section(context: Context) -> Section:
    """Sizes, the profile chart, and one composite map per type with its plain description."""
    context.types_needed()
    sizes, names, suppress = context.sizes, context.names, context.suppress
    shown = context.shown_types
    largest = max(shown, key=lambda name: sizes[name])
    title = f"{in_tens_have(sizes[largest] / len(context.group))} {network_words(largest)}"
    counts = pd.DataFrame({"people": sizes}).rename_axis("type")
    counts.loc[TOTAL] = counts["people"].sum()
    table = pd.DataFrame({
        "network type": counts.index,
        "people": suppress_counts(counts, suppress)["people"].to_numpy(),
        "share": suppress_percentages(counts.T, counts.T / len(context.group) * 100, suppress, axis="row")
        .T["people"].to_numpy(),
    })
    model = context.assignment.model
    centres = pd.DataFrame(model.cluster_centers_, index=names, columns=list(model.features))
    everyone = pd.Series(np.bincount(model.labels_, minlength=len(names)), index=names)
    parts = [table_html(table, "People with each network type"),
             *[f"<p class=\"note\">{esc(note)} It is named by what stands out in it instead.</p>"
               for note in context.naming_notes],
             "<h3>What each type looks like</h3>",
             paragraphs("Each type's average on each measure, in standard deviations above (+) or below (-) the "
                        "average of everyone whose map was used to find the types."),
             figure_html(profile_figure(centres, everyone, suppress), "network-type-profiles")]
    in_group = context.group[[ID_COLUMN, TYPE_COLUMN]]
    measures = context.measures[context.measures[ID_COLUMN].isin(in_group[ID_COLUMN])]
    typed = in_group.merge(measures, on=ID_COLUMN)
    for index, name in enumerate(names):
        parts.append(f"<h3>{esc(name[:1].upper() + name[1:])}</h3>")
        profile = typed[typed[TYPE_COLUMN] == name].mean(numeric_only=True)
        if name in shown:
            parts.append(paragraphs(type_sentence(name, profile)))
        try:
            members, ties = composite_map(context.dataset, measures, in_group, name, suppress)
        except CompositeError as error:
            parts.append(paragraphs(f"No map: {error}."))
            continue
        positions, cells = egogram_layout(members, [COMPOSITE_ID])
        figure = egogram_figure(positions, cells, ties, MapOptions(circles=context.dataset.circles, height_px=520))
        parts.append(figure_html(figure, f"composite-map-{index + 1}"))
        parts.append(paragraphs("A made-up map from the maps of this type, not any one person's: "
                                + describe_map(members)))
    return Section("types", "The network types", title, "".join(parts))


def wellbeing_section(context: Context) -> Section:
    """Well-being marks by kind of connection for the whole group (no types needed), then per type when types
    can be shown (else one sentence why not)."""
    context.group_needed()
    members = context.dataset.members
    counts = wellbeing_by_group(members, context.group[ID_COLUMN].tolist())
    overall = counts.loc[visible_groups(counts["participants"], context.suppress)] if len(counts) else counts
    marks = overall[list(WELLBEING_LEVELS)]
    if marks.to_numpy().sum() == 0:
        raise Gap("No connection on these maps is marked good or bad for well-being (or too few people marked "
                  "them), so there is nothing to show.")
    share = marks.div(marks.sum(axis=1).where(marks.sum(axis=1) > 0), axis=0)
    best, worst = share["positive"].idxmax(), share["negative"].idxmax()
    title = f"{str(best).capitalize()} are the most often marked good for well-being"
    title += f", {worst} the most often bad" if share["negative"].max() > 0 else ", and nothing is marked bad"
    parts = [paragraphs(f"For each kind of connection, the share marked good, neither or bad. A kind of connection "
                        f"marked on the maps of fewer than {SMALL_CELL_LIMIT} people is left out."),
             "<h3>Everyone in this report</h3>",
             figure_html(wellbeing_figure(counts, context.suppress, font_px=15), "wellbeing-by-connection")]
    try:
        context.types_needed()
    except Gap as gap:
        parts.append(paragraphs(f"Not shown by network type. {gap}"))
    else:
        for index, name in enumerate(context.shown_types):
            ids = context.group.loc[context.group[TYPE_COLUMN] == name, ID_COLUMN].tolist()
            counts = wellbeing_by_group(members, ids)
            visible = counts.loc[visible_groups(counts["participants"], context.suppress)] if len(counts) else counts
            parts.append(f"<h3>{esc(network_words(name).capitalize())}</h3>")
            if visible[list(WELLBEING_LEVELS)].to_numpy().sum() == 0:
                parts.append(paragraphs("No marks to show for this type."))
            else:
                parts.append(figure_html(wellbeing_figure(counts, context.suppress, font_px=15),
                                         f"wellbeing-by-connection-{index + 1}"))
    return Section("wellbeing", "What helps and what hinders", title, "".join(parts))


def chosen_covariates(context: Context) -> list[str]:
    """The covariates the report uses: those asked for, else the defaults; Gap when there are none."""
    covariates = default_covariates(context.group) if context.covariates is None else list(context.covariates)
    unknown = [column for column in covariates if column not in context.group.columns]
    if unknown:
        raise Gap(f"The data has no covariate called {', '.join(unknown)}, so this part is left out.")
    if not covariates:
        raise Gap(f"There is no covariate with at least two groups of {SMALL_CELL_LIMIT} or more people, so this "
                  "part is left out.")
    return covariates


def covariates_section(context: Context) -> Section:
    """Type by covariate tables with row percentages."""
    context.types_needed()
    covariates = chosen_covariates(context)
    parts, differs = [], []
    for covariate in covariates:
        label = plain_label(covariate)
        if context.dataset.covariate_types.get(covariate) == "numeric":
            parts.append(f"<h3>{esc(label)}</h3>" + paragraphs("A number, not groups: it is in the adjusted model "
                                                               "below but has no table."))
            continue
        table = crosstab(context.group, TYPE_COLUMN, covariate, context.suppress).T
        percentages = suppress_percentages(table, shares(table, "row"), context.suppress, axis="row")
        shown = percentages.drop(columns=TOTAL).assign(people=suppress_counts(table, context.suppress)[TOTAL])
        shown = shown.rename_axis(None, axis=1).reset_index().rename(columns={covariate: label})
        shown[label] = shown[label].replace({TOTAL: "everyone"})
        parts.append(f"<h3>{esc(label)}</h3>" + table_html(shown, f"Network type by {plain_words(covariate)} "
                                                                   "(% of each row)"))
        test = chi_square(table)
        if test is not None and test.p_value < 0.05:
            differs.append(plain_words(covariate))
    title = (f"Who has which network type differs by {word_list(differs)}" if differs
             else "Network types look much the same across the groups compared")
    note = paragraphs(f"Counts of 1 to {SMALL_CELL_LIMIT - 1} people read {SUPPRESSED}, and \"x\" hides a second "
                      f"cell where a total would give a small count away; groups of fewer than {SMALL_CELL_LIMIT} "
                      "people are pooled.")
    return Section("covariates", "Who has which type", title, note + "".join(parts))


def associations_section(context: Context) -> Section:
    """The forest plot, the likelihood-ratio test per factor and one plain sentence per factor."""
    context.types_needed()
    covariates = chosen_covariates(context)
    try:
        result = associations(context.group, covariates)
    except AssociationError as error:
        raise Gap(f"The adjusted model cannot be fitted: {error}.") from error
    found, not_found = association_sentences(result, context.group)
    associated = [plain_words(c.covariate) for c in result.covariates if c.associated]
    title = (f"Taking the rest into account, {word_list(associated)} "
             f"{'goes' if len(associated) == 1 else 'go'} with the kind of network" if associated
             else "Taking the rest into account, no factor clearly goes with the kind of network")
    summary = pd.DataFrame({
        "factor": [plain_label(c.covariate) for c in result.covariates],
        "p (likelihood-ratio test)": [format_p_value(c.p_value) for c in result.covariates],
        "associated": ["yes" if c.associated else "no" for c in result.covariates],
        "Holm-adjusted p": [format_p_value(c.p_adjusted) for c in result.covariates],
        "compared with": [c.reference_level for c in result.covariates],
    })
    forest = forest_figure(result.to_frame(), result.reference_type, result.type_sizes, context.suppress)
    body = ("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in [*found, *not_found]) + "</ul>"
            + table_html(summary, f"Likelihood-ratio test of each factor (associated when p < {result.alpha})")
            + figure_html(forest, "odds-ratios")
            + paragraphs("Each point is the odds of having that type rather than "
                         f"{network_words(result.reference_type)}, for people in that group against the group "
                         "compared with, with its 95% interval; an interval crossing 1 is uncertain.",
                         *[f"Note: {note}" for note in result.notes]))
    return Section("associations", "Adjusted associations", title, body)


def method_section(context: Context) -> Section:
    """Measures, how types are made, the model and the small-cell rule."""
    definitions = pd.DataFrame({"measure": [plain_label(m) for m in MEASURES], "column": list(MEASURES),
                                "definition": list(MEASURES.values())})
    if context.assignment is None:
        title = "The types could not be made; the measures are defined below"
        how = paragraphs(f"No network types: {context.no_types}.")
    else:
        a = context.assignment
        title = describe_quality(a.silhouette, a.stability).rstrip(".")
        how = paragraphs(
            f"Network types: hierarchical k-means (Ward clustering for the starting centres, then k-means) on the "
            f"standardised measures {', '.join(plain_words(f) for f in a.model.features)}; an undefined share counts "
            f"as 0. {context.k} types, seed {context.seed}. Silhouette {a.silhouette:.2f} (separation, -1 to 1); "
            f"stability {a.stability:.2f} (agreement of {RESAMPLES} bootstrap refits, 0 to 1). With 3 types, the "
            "study's names go to the types by a documented rule.")
    body = (how + paragraphs(
        "Adjusted associations: multinomial logistic regression of network type on the covariates together; the "
        "likelihood-ratio test of leaving each covariate out decides (p < 0.05), with the Holm-adjusted p reported "
        "beside it. Levels of fewer than 5 people are merged or left out first, with a note.",
        f"Small-cell rule: counts of 1 to {SMALL_CELL_LIMIT - 1} people read {SUPPRESSED}, a second cell is hidden "
        f"(\"x\") where a total would give one away, and no chart, average or map is shown of a group of fewer than "
        f"{SMALL_CELL_LIMIT} people." + ("" if context.suppress else " This rule was switched OFF for this report."))
        + table_html(definitions, "The measures"))
    return Section("method", "Method notes", title, body)


def provenance_section(context: Context) -> Section:
    """Date made, project version, fingerprint of the input tables and the exact settings."""
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    settings = context.settings_text or "not recorded"
    body = (f"<ul><li>Made on: {made}</li><li>Project version: <code>{esc(project_version())}</code></li>"
            f"<li>Fingerprint of the input tables: <code>{fingerprint(context.dataset)}</code> (SHA-256 of "
            "participants, members and ties; it changes when any cell changes)</li>"
            f"<li>Made with: <code>{esc(settings)}</code></li></ul>")
    return Section("provenance", "Provenance", "The same data and settings make the same numbers again", body)


SECTIONS = (data_section, types_section, wellbeing_section, covariates_section, associations_section,
            method_section, provenance_section)
HEADINGS = {"types": "The network types", "wellbeing": "What helps and what hinders",
            "covariates": "Who has which type", "associations": "Adjusted associations"}


def report_sections(dataset: Dataset, *, k: int = 3, seed: int = 0, covariates: list[str] | None = None,
                    keep: pd.Series | None = None, filter_text: str = "", settings_text: str = "",
                    suppress: bool = True, features: tuple[str, ...] = DEFAULT_FEATURES,
                    type_names: list[str] | None = None) -> list[Section]:
    """Every section of the report, in order; one that cannot be made has `missing` set and says why.
    `features`: the measures the types are found by; `type_names`: the types' names by type index when renamed
    (as the app's rename boxes give), else the found names; when two names clash (also with a small type's neutral
    name) the found names are used, as on the Network types page."""
    measures = compute_measures(dataset)
    try:
        assignment, no_types = assign_types(measures, k, features, seed, resamples=RESAMPLES), ""
    except TypologyError as error:
        assignment, no_types, names, notes, table = None, str(error), [], [], None
    if assignment is not None:
        sizes = np.bincount(assignment.model.labels_, minlength=k)
        names = shown_names(list(type_names or assignment.model.names_), sizes, suppress)
        if len(set(names)) < len(names):  # renames that clash: the found names, as on the Network types page
            names = shown_names(list(assignment.model.names_), sizes, suppress)
        small = small_types(sizes, suppress)
        notes = [note for index, note in assignment.model.naming_notes_by_type_.items() if index not in small]
        table = assignment.table.assign(network_type=np.array(names, dtype=object)[assignment.table["type"]])
    frame = analysis_frame(dataset.participants, measures, table)
    mask = np.ones(len(frame), dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
    context = Context(dataset, measures, assignment, no_types, names, notes, frame, frame[mask], covariates, k, seed,
                      suppress, filter_text, settings_text)
    sections = []
    for make in SECTIONS:
        try:
            sections.append(make(context))
        except Gap as gap:
            key = make.__name__.removesuffix("_section")
            sections.append(Section(key, HEADINGS[key], str(gap), missing=True))
    return sections


STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1A1D21;
       margin: 0 auto; max-width: 1100px; padding: 1rem 2rem; line-height: 1.5; font-size: 17px; }
header { display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap; }
button, select { font: inherit; padding: 0.4rem 1rem; }
section { border-top: 2px solid #D9D9D9; padding: 1rem 0 2rem; }
.heading { text-transform: uppercase; letter-spacing: 0.05em; color: #33383F; margin: 0; font-size: 0.9rem; }
h2 { margin: 0.2rem 0 1rem; }
.banner { background: #FFF3CD; border: 2px solid #8A6D00; padding: 0.4rem 0.8rem; font-weight: 700; }
.missing h2 { color: #33383F; font-weight: 600; }
.note { color: #33383F; }
table { border-collapse: collapse; margin: 1rem 0; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #BBBBBB; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
body.presenting { max-width: none; padding: 0; font-size: 24px; }
body.presenting header, body.presenting main > section { display: none; }
body.presenting main > section.current { display: block; min-height: 100vh; box-sizing: border-box;
                                         padding: 2rem 4vw; border: 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; }
  header .controls { display: none; }
  main > section { break-before: page; border: 0; }
  main > section:first-child { break-before: auto; }
  .chart, table, figure { break-inside: avoid; }
}
"""

SCRIPT = """
(function () {
  var sections = Array.prototype.slice.call(document.querySelectorAll("main > section"));
  var body = document.body, current = 0;
  function resize(section) {
    if (!window.Plotly) return;
    section.querySelectorAll(".js-plotly-plot").forEach(function (plot) { Plotly.Plots.resize(plot); });
  }
  function show(index) {
    current = Math.max(0, Math.min(index, sections.length - 1));
    sections.forEach(function (section, i) { section.classList.toggle("current", i === current); });
    window.scrollTo(0, 0);
    resize(sections[current]);
  }
  function address(hash) {
    try { history.replaceState(null, "", location.pathname + location.search + hash); } catch (e) {}
  }
  function present() { body.classList.add("presenting"); address("#present"); show(current); }
  function stop() {
    body.classList.remove("presenting"); address("");
    sections.forEach(resize); sections[current].scrollIntoView();
  }
  document.getElementById("present-button").addEventListener("click", present);
  document.getElementById("picture-format").addEventListener("change", function (event) {
    document.querySelectorAll(".js-plotly-plot").forEach(function (plot) {
      plot._context.toImageButtonOptions.format = event.target.value;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (!body.classList.contains("presenting")) return;
    if (["ArrowRight", "PageDown", " "].indexOf(event.key) >= 0) { event.preventDefault(); show(current + 1); }
    else if (["ArrowLeft", "PageUp"].indexOf(event.key) >= 0) { event.preventDefault(); show(current - 1); }
    else if (event.key === "Escape") { stop(); }
  });
  window.addEventListener("hashchange", function () { if (location.hash === "#present") present(); });
  if (location.hash === "#present") present();
})();
"""


def section_html(section: Section, synthetic: bool) -> str:
    banner = f'<p class="banner">{SYNTHETIC_BANNER}</p>' if synthetic else ""
    missing = ' class="missing" data-missing="yes"' if section.missing else ""
    return (f'<section data-key="{section.key}"{missing}>{banner}<p class="heading">{esc(section.heading)}</p>'
            f"<h2>{esc(section.title)}</h2>{section.body}</section>")


def report_page(sections: list[Section], title: str, synthetic: bool) -> str:
    """The page around the sections: CSP, styles, the one copy of plotly.js, the Present button and its script."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n"
        f"<script>{plotly.offline.get_plotlyjs()}</script>\n</head>\n<body>\n"
        f'<header><h1>{esc(title)}</h1><div class="controls">'
        '<label>Charts save as <select id="picture-format"><option value="png">PNG</option>'
        '<option value="svg">SVG</option></select></label> '
        '<button type="button" id="present-button">Present</button></div></header>\n<main>\n'
        + "\n".join(section_html(section, synthetic) for section in sections)
        + f"\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def build_report(dataset: Dataset, *, k: int = 3, seed: int = 0, covariates: list[str] | None = None,
                 title: str = "Wellbeing network maps: what the data shows", synthetic: bool = False,
                 keep: pd.Series | None = None, filter_text: str = "", settings_text: str = "",
                 suppress: bool = True, features: tuple[str, ...] = DEFAULT_FEATURES,
                 type_names: list[str] | None = None) -> str:
    """The whole report as one self-contained HTML page.

    `keep`: a boolean mask over dataset.participants rows (the app's filter), `filter_text` the filter in words,
    `settings_text` the exact command or app settings (for provenance); `synthetic` puts a banner on every section;
    `features` and `type_names` as in `report_sections` (the app's type settings and renames).
    """
    sections = report_sections(dataset, k=k, seed=seed, covariates=covariates, keep=keep, filter_text=filter_text,
                               settings_text=settings_text, suppress=suppress, features=features,
                               type_names=type_names)
    return report_page(sections, title, synthetic)
