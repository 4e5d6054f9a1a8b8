"""Patterns: who has which network type, for the filtered group against the rest, adjusted for the rest."""

import pandas as pd
import streamlit as st

from netcore.associations import default_covariates, format_p_value
from netcore.charts import forest_figure, group_bar_figure, measure_box_figure
from netcore.disclosure import (
    SMALL_CELL_LIMIT,
    SUPPRESSED,
    TOTAL,
    count_text,
    group_too_small,
    leaves_out_few,
    suppress_counts,
    suppress_percentages,
    suppression_marks,
    visible_groups,
)
from netcore.filters import filterable_columns
from netcore.io.export import csv_bytes
from netcore.labels import plain_label, plain_words
from netcore.measures import MEASURES
from netcore.patterns import chi_square, common_places_activities, crosstab, group_vs_rest, shares
from netcore.summary import count_phrase
from ui import data, filters
from ui.associations import adjusted_model
from ui.markdown import escape_markdown
from ui.memo import remembered
from ui.pictures import show
from ui.report import FACTORS

loaded = data.current()
frame, keep, active = filters.selection(loaded)
suppress = filters.suppressing()
group = frame[keep]

st.title("Patterns")
st.write("Which network types are common in which groups, and which differences hold once the other factors are "
         "taken into account. Use the **Filter** in the sidebar to choose a group.")
if loaded.synthetic:
    st.info("These patterns come from **synthetic** data, not real people.", icon=":material/science:")
st.caption(escape_markdown(active.describe(frame, suppress)))
if "network_type" not in frame:
    st.warning("There are no network types for this data (see the Network types page), so there are no patterns.")
    st.stop()
if group_too_small(len(group), suppress) or group.empty:
    st.warning(f"The filter leaves fewer than {SMALL_CELL_LIMIT} participants: group summaries are hidden so that "
               "no one can be recognised. Widen the filter.")
    st.stop()

type_counts = group["network_type"].value_counts()  # people of each type in this group
st.subheader("Network types in this group and the rest")
counts = group_vs_rest(frame, keep)
if active.is_empty():
    counts = counts[["this group"]]
# Each type's total beside it (type sizes show on the Network types page), so that a hidden count cannot be
# worked out as the type's size minus the other side; the bars hide what the table hides.
with_totals = counts if active.is_empty() else counts.assign(total=counts.sum(axis=1))
with_totals = pd.concat([with_totals, with_totals.sum().to_frame(TOTAL).T]).rename_axis("network type")  # sizes show
marks = suppression_marks(with_totals, suppress).loc[counts.index, counts.columns]
percent = counts.div(counts.sum().where(counts.sum() > 0), axis=1) * 100
labels = suppress_percentages(counts, percent, suppress, axis="column")
labels = labels.mask(marks.ne(""), marks)
show(group_bar_figure(counts, percent, labels, suppress), "patterns_types", "network-types-by-group")
st.dataframe(suppress_counts(with_totals, suppress).reset_index(), hide_index=True)

st.subheader("Measures by group")
left, right = st.columns(2)
measure = left.selectbox("Measure", list(MEASURES), index=list(MEASURES).index("size"), key="patterns_measure",
                         format_func=plain_label)
categorical, _ = filterable_columns(frame)
group_by = right.selectbox("Split by", ["network_type", *categorical], key="patterns_group_by",
                           format_func=plain_label)
sizes = group.loc[group[measure].notna(), group_by].astype(str).value_counts()  # maps where the measure is defined
hidden = len(sizes) - len(visible_groups(sizes, suppress))
show(measure_box_figure(group, measure, group_by, suppress), "patterns_box", f"{measure}-by-{group_by}")
st.caption(escape_markdown(f"{MEASURES[measure].capitalize()}. Boxes show the middle half of the maps and the line "
                           "the median." + (f" Left out: {count_phrase(hidden, 'group')} of fewer than "
                                            f"{SMALL_CELL_LIMIT} people." if hidden else "")))

st.subheader("Network type by a covariate")
if not categorical:
    st.info("This data has no covariate with a few groups to compare (such as lives alone or housing).")
covariate = st.selectbox("Covariate", categorical, key="patterns_covariate",
                         format_func=plain_label) if categorical else None
table = crosstab(group, "network_type", covariate, suppress) if covariate else None
if table is not None:
    st.write("**Counts**")
    st.dataframe(suppress_counts(table, suppress).rename_axis("network type").reset_index(), hide_index=True)
    by_row, by_column = st.columns(2)
    by_row.write("**% of each type (rows)**")
    by_row.dataframe(suppress_percentages(table, shares(table, "row"), suppress, axis="row")
                     .rename_axis("network type").reset_index(), hide_index=True)
    by_column.write(f"**% of each {escape_markdown(plain_words(covariate))} group (columns)**")
    by_column.dataframe(suppress_percentages(table, shares(table, "column"), suppress, axis="column")
                        .rename_axis("network type").reset_index(), hide_index=True)
    test = chi_square(table)
    if test is None:
        st.caption("Nothing to test: only one type or one level has people in this group.")
    else:
        verdict = "differs" if test.p_value < 0.05 else "does not clearly differ"
        p_text = format_p_value(test.p_value)
        st.write(f"Chi-square test: the mix of types {verdict} between {escape_markdown(plain_words(covariate))} "
                 f"groups (chi-square {test.statistic:.1f}, {test.dof} degrees of freedom, "
                 f"p {p_text if p_text.startswith('<') else '= ' + p_text})."
                 + (" Some expected counts are under 5, so the p-value is only approximate." if test.small_expected
                    else ""))
    st.download_button("Download this table (counts, small numbers hidden)" if suppress else "Download this table",
                       csv_bytes(suppress_counts(table, suppress).reset_index()), file_name=f"type-by-{covariate}.csv",
                       mime="text/csv", key="download_crosstab")

st.subheader("Places and activities most common in each type")
big_enough = visible_groups(type_counts, suppress)
common = remembered("common_places", (*filters.frame_key(loaded), active, tuple(big_enough)),
                    lambda: common_places_activities(loaded.dataset.members, group.loc[
                        group["network_type"].isin(big_enough), ["participant_id", "network_type"]]))
if len(big_enough) < len(type_counts):
    st.caption(f"Types with fewer than {SMALL_CELL_LIMIT} people in this group are left out.")
common = common.assign(
    participants=suppress_counts(common[["participants"]], suppress)["participants"],
    share=common["share"].map("{:.0%}".format).where(
        ~common["participants"].map(lambda n: group_too_small(n, suppress)), ""),
    category=common["category"].str.replace("_", " "),
).rename(columns={"network_type": "network type"})
st.dataframe(common, hide_index=True)

st.subheader("Which factors go with network type, taking the others into account?")
st.write("A multinomial logistic regression of network type on the chosen factors together (as in the study). "
         "A factor is *associated* when leaving it out makes the model clearly worse: its likelihood-ratio test "
         "p-value is below the chosen significance level. This p decides, as in the study. The Holm-adjusted p "
         "allows for testing several factors at once; its verdict is shown in its own column.")
types_present = sorted(visible_groups(type_counts, suppress))  # never a type of 1-4 people
if not types_present:  # every type here has 1-4 people: none can be named as the one to compare with
    st.warning(f"The model cannot be fitted: no network type has {SMALL_CELL_LIMIT} or more people in this group, "
               "so there is nothing to compare.")
    st.stop()
candidates = [c for c in loaded.dataset.covariates if c in categorical or c in frame.select_dtypes("number")]
left, middle, right = st.columns([3, 2, 1])
# The chosen factors are kept outside the widget (FACTORS), so they outlive visits to other pages and the
# report made from any page uses them.
kept = [c for c in st.session_state.get(FACTORS, []) if c in candidates]
st.session_state.setdefault("assoc_covariates", kept or [c for c in default_covariates(group) if c in candidates])
chosen = left.multiselect("Factors", candidates, key="assoc_covariates", format_func=plain_label,
                          on_change=lambda: st.session_state.update({FACTORS: st.session_state["assoc_covariates"]}))
reference = middle.selectbox("Compare each type with", types_present, key="assoc_reference",
                             index=types_present.index(type_counts.index[0]))
alpha = right.selectbox("Significance", [0.05, 0.01, 0.1], key="assoc_alpha")
result = adjusted_model(loaded, active, group, chosen, reference, alpha, key="assoc_fit")
if result is None:  # a large group: fitted when asked
    st.stop()
if isinstance(result, str):
    st.warning(f"The model cannot be fitted: {escape_markdown(result)}")
    st.stop()
summary = pd.DataFrame({
    "factor": [plain_label(c.covariate) for c in result.covariates],
    "associated (likelihood-ratio test)": ["yes" if c.associated else "no" for c in result.covariates],
    "p (likelihood-ratio)": [format_p_value(c.p_value) for c in result.covariates],
    "Holm-adjusted p": [format_p_value(c.p_adjusted) for c in result.covariates],
    "associated after Holm adjustment": ["yes" if c.associated_adjusted else "no" for c in result.covariates],
    "compared with": [c.reference_level for c in result.covariates],
})
st.table(summary, hide_index=True)
st.caption(f"Significance level {alpha}: a factor is associated when its likelihood-ratio p is below it.")
found = [plain_words(c.covariate) for c in result.covariates if c.associated]
# The model leaves out people with a missing or rare value; "all but <5" when so few that the count would say so.
left_out_few = leaves_out_few(len(group), result.participants, suppress)
based = (f"all but {SUPPRESSED} of the group's participants" if left_out_few
         else f"{count_text(result.participants, suppress)} participants")
st.write(escape_markdown(
    f"Based on {based}: " + (f"associated with network type: {', '.join(found)}." if found
                             else "no factor is clearly associated.")))
show(forest_figure(result.to_frame(), result.reference_type, result.type_sizes, suppress), "patterns_forest",
     "adjusted-associations")
st.caption("Each point is the odds of having that type rather than the comparison type, for people in that level "
           "compared with the reference level, with its 95% interval. Intervals crossing 1 are uncertain.")
for note in result.notes:
    st.caption(escape_markdown(f"Note: {note}"))
