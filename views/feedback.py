"""Feedback session: six plain-language screens for a peer facilitator and people with lived experience, on a
projector. Pictures are made-up composite maps, never a real person's; small numbers are always hidden; there is
no participant id and no jargon anywhere on this path.

Session keys: STEP ("feedback_step", 0-5), QUESTIONS ("feedback_questions", the facilitator's own questions, kept
outside their text box QUESTIONS_BOX).
"""

import pandas as pd
import streamlit as st

from netcore.associations import default_covariates
from netcore.charts import wellbeing_figure
from netcore.composite import composite_map
from netcore.disclosure import SMALL_CELL_LIMIT, group_too_small, visible_groups
from netcore.figures import MapOptions, egogram_figure
from netcore.findings import association_sentences, type_sentence, wellbeing_by_group
from netcore.layout import egogram_layout
from netcore.problems import CompositeError
from netcore.summary import describe_map
from ui import data, filters, types
from ui.associations import adjusted_model
from ui.markdown import escape_markdown
from ui.memo import remembered
from ui.pictures import show
from ui.scenario import addable_categories, simulator

STEP = "feedback_step"
QUESTIONS = "feedback_questions"
QUESTIONS_BOX = "feedback_questions_box"  # the text box; QUESTIONS keeps its text across steps
STEPS = ("What a map shows", "Kinds of network", "What helps and what hinders",
         "What goes with each kind of network", "What could change", "Questions to talk about")
CONVERSATION = (
    "Who, where and what matter most to you?",
    "Which connections help your well-being, and which make it harder?",
    "What could change, and what would help?",
)
PROJECTOR_MAP_PX = 600  # maps at least this high, beside their words
# Large, high-contrast type for a projector: 1.6 x the app's 17 px body text, dark text on white.
PROJECTOR_CSS = """<style>
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] { font-size: 27px; line-height: 1.45; color: #1A1D21; }
[data-testid="stMain"] h1 { font-size: 54px; } [data-testid="stMain"] h2 { font-size: 42px; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 24px; color: #33383F; }
[data-testid="stMain"] button { min-height: 3.2rem; }
[data-testid="stMain"] button p { font-size: 26px; font-weight: 600; }
[data-testid="stMain"] button p, [data-testid="stMain"] button [data-testid="stMarkdownContainer"] { color: inherit; }
[data-testid="stMain"] button:focus-visible { outline: 4px solid #0072B2; outline-offset: 3px; }
</style>"""

loaded = data.current()
dataset = loaded.dataset
frame, keep, active = filters.selection(loaded)
group = frame[keep]
st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)


def keep_questions() -> None:
    st.session_state[QUESTIONS] = st.session_state[QUESTIONS_BOX]


def go_to(step: int) -> None:
    st.session_state[STEP] = max(0, min(step, len(STEPS) - 1))


step = st.session_state.get(STEP, 0)
st.title(f"Feedback session: {STEPS[step]}")
about = "" if active.is_empty() else f" · {active.describe(frame)}"
st.markdown(f"**Step {step + 1} of {len(STEPS)}**{escape_markdown(about)}")
if loaded.synthetic:
    st.info("These maps are made up for practice: no real people.", icon=":material/science:")

back, forward, again = st.columns([1, 1, 1])
back.button("← Back", key="feedback_back", on_click=go_to, args=(step - 1,), disabled=step == 0,
            use_container_width=True)
forward.button("Next →", key="feedback_next", on_click=go_to, args=(step + 1,), disabled=step == len(STEPS) - 1,
               type="primary", use_container_width=True)
again.button("Start again", key="feedback_start_again", on_click=go_to, args=(0,), use_container_width=True)

# What each step needs: the questions nothing, the good-and-bad marks a big enough group, the rest also types.
small_group = group_too_small(len(group)) or group.empty
assignment = types.current(loaded)
if step != len(STEPS) - 1 and small_group:
    st.warning(f"The group chosen in the sidebar has fewer than {SMALL_CELL_LIMIT} people, so this is not shown: "
               "a group this small could be recognised. Choose a bigger group.")
    st.stop()
if step not in (2, len(STEPS) - 1) and isinstance(assignment, str):
    st.warning("These maps cannot be sorted into kinds of network, so this step cannot show them.")
    st.stop()
names = [] if isinstance(assignment, str) else types.names(assignment)
type_table = (pd.DataFrame(columns=["participant_id", "network_type"]) if isinstance(assignment, str)
              else types.named_table(assignment))
in_group = type_table[type_table["participant_id"].isin(group["participant_id"])]
sizes = in_group["network_type"].value_counts().reindex(names, fill_value=0)
shown_types = [name for name in visible_groups(sizes) if sizes[name] > 0]
any_hidden = len([name for name in names if sizes[name] > 0]) > len(shown_types)


def composite(name: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The made-up map of a kind of network in this group, or None (with the reason shown) when there is none."""
    try:  # kept per data, types, filter and type: stepping back and forth makes none again
        return remembered("composite_map", (*filters.frame_key(loaded), active, name),
                          lambda: composite_map(dataset, loaded.measures, in_group, name))
    except CompositeError as error:
        st.caption(escape_markdown(str(error)))
        return None


def draw(members: pd.DataFrame, ties: pd.DataFrame, key: str) -> None:
    """A large map with its plain description under it."""
    positions, cells = egogram_layout(members, [members["participant_id"].iloc[0]] if len(members) else ["map"])
    summary = describe_map(members)
    options = MapOptions(circles=dataset.circles, height_px=PROJECTOR_MAP_PX)
    show(egogram_figure(positions, cells, ties, options), key, "made-up-map", alt=f"A made-up map. {summary}")
    st.caption(escape_markdown(f"What the picture shows: {summary}"))


def explain_hidden() -> None:
    """Say, without a number, that kinds of network with too few people in this group are left out."""
    if any_hidden:
        st.caption(f"Any kind of network with fewer than {SMALL_CELL_LIMIT} people in this group is left out, so "
                   "that no one can be recognised.")


if step == 0:
    largest = max(shown_types, key=lambda name: sizes[name], default=None)
    picture, words = st.columns([3, 2])
    with words:
        st.markdown(
            "- **The person** who made the map is in the middle.\n"
            "- **The circles**: the closer to the middle, the closer or more important.\n"
            "- **The shapes**: a circle is a person, a square a place, a diamond an activity.\n"
            "- **The marks**: a **+** and a thick dark outline mean good for their well-being; a **−** and a "
            "thick orange-red outline mean bad for it.\n"
            "- **The lines** link connections that know each other or go together.")
    with picture:
        made = composite(largest) if largest else None
        if made:
            st.markdown("**An example map** (made up from many maps, not one person's)")
            draw(*made, key="feedback_example")
        else:
            st.info("There is no example map to show for this group.")

elif step == 1:
    st.markdown(f"The maps sort into {len(names)} kinds of network. Each picture is made up from the maps of one "
                "kind: it is not any one person's map.")
    explain_hidden()
    profiles = in_group.merge(loaded.measures, on="participant_id").groupby("network_type").mean(numeric_only=True)
    for index, name in enumerate(shown_types):
        picture, words = st.columns([3, 2])
        with picture:
            made = composite(name)
            if made:
                draw(*made, key=f"feedback_type_{index}")
        with words:
            st.subheader(escape_markdown(name.capitalize()))
            st.markdown(escape_markdown(type_sentence(name, profiles.loc[name])))

elif step == 2:
    counts = wellbeing_by_group(dataset.members, group["participant_id"].tolist())
    shown = counts.loc[visible_groups(counts["participants"])] if len(counts) else counts
    if shown.empty or shown[["positive", "neutral", "negative"]].to_numpy().sum() == 0:
        st.info("These maps have no good or bad marks to show (or too few people marked them).")
    else:
        show(wellbeing_figure(counts), "feedback_wellbeing", "what-helps-and-what-hinders",
             alt="Bars: for each kind of connection, the share marked good, neither or bad.")
        lines = []
        for name, row in shown.iterrows():
            marked = row[["positive", "neutral", "negative"]].sum()
            if marked:
                good, bad = row["positive"] / marked, row["negative"] / marked
                lines.append(f"- **{escape_markdown(str(name).capitalize())}**: about {good:.0%} marked good and "
                             f"{bad:.0%} marked bad.")
        st.markdown("\n".join(lines))
        if len(shown) < len(counts):
            st.caption(f"Kinds of connection marked on the maps of fewer than {SMALL_CELL_LIMIT} people are left "
                       "out.")

elif step == 3:
    result = adjusted_model(loaded, active, group, default_covariates(group),
                            ask="Work out what goes with each kind of network", key="feedback_fit")
    if isinstance(result, str):  # None: a large group's, worked out when asked (a button instead)
        st.info("There are not enough people, or not enough about them, to say what goes with each kind of "
                "network in this group.")
    elif result is not None:
        found, not_found = association_sentences(result, group)
        st.markdown("**Taking everything else into account:**")
        st.markdown("\n".join(f"- {escape_markdown(line)}" for line in found) if found else
                    "- Nothing clearly went with one kind of network more than another.")
        if not_found:
            st.markdown("\n".join(f"- {escape_markdown(line)}" for line in not_found))

elif step == 4:
    st.markdown("Try a change on a made-up map and see which kind of network it would be.")
    choice = st.selectbox("Start from the map of", shown_types, key="feedback_scenario_type",
                          format_func=lambda name: f"a {name} network") if shown_types else None
    made = composite(choice) if choice else None
    if made:
        simulator("feedback_scenario", f"composite {choice}", *made, dataset.circles, assignment, names,
                  dataset.vocabulary, addable_categories(dataset.members, dataset.vocabulary, True), plain=True,
                  map_px=PROJECTOR_MAP_PX)
    else:
        st.info("There is no made-up map to start from in this group.")

else:
    st.markdown("**To talk about together:**")
    st.markdown("\n".join(f"{number}. {question}" for number, question in enumerate(CONVERSATION, start=1)))
    # The text is kept outside the box too: Streamlit forgets a box's text on the steps that do not show it.
    st.session_state[QUESTIONS_BOX] = st.session_state.get(QUESTIONS, "")
    st.text_area("Your own questions, one a line", key=QUESTIONS_BOX, height=160, on_change=keep_questions,
                 placeholder="For example: what would make it easier to keep in touch?")
    own = [line.strip() for line in st.session_state.get(QUESTIONS, "").splitlines() if line.strip()]
    if own:
        st.markdown("\n".join(f"{number}. {escape_markdown(question)}"
                              for number, question in enumerate(own, start=len(CONVERSATION) + 1)))
