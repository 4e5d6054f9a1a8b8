"""Every kind, well-being level and contact level has its colour and its non-colour cue."""

import pandas as pd

from netcore.model import CONTACT_LEVELS, KINDS, WELLBEING_LEVELS
from netcore.style import (
    CONTACT_COLOURS,
    GROUP_COLOURS,
    INK,
    NOT_RECORDED_COLOUR,
    OKABE_ITO,
    PLOTLY_SYMBOLS,
    SWATCH_SYMBOL,
    VIS_SHAPES,
    WELLBEING_COLOURS,
    WELLBEING_KEY,
    WELLBEING_MARKS,
    WELLBEING_OUTLINE_COLOURS,
    WELLBEING_OUTLINE_WIDTH,
    colour_of,
    plotly_text,
)
from netcore.vocabulary import CATEGORIES, OTHER_GROUP


def test_every_level_has_a_colour_and_a_second_cue():
    assert set(PLOTLY_SYMBOLS) == set(VIS_SHAPES) == set(KINDS)
    assert len(set(PLOTLY_SYMBOLS.values())) == len(KINDS)
    assert set(WELLBEING_COLOURS) == set(WELLBEING_MARKS) == set(WELLBEING_OUTLINE_WIDTH) == set(WELLBEING_LEVELS)
    assert WELLBEING_MARKS["positive"] != WELLBEING_MARKS["negative"]
    assert set(CONTACT_COLOURS) == set(CONTACT_LEVELS)
    assert SWATCH_SYMBOL not in PLOTLY_SYMBOLS.values()


def test_the_wellbeing_key_names_the_mark_and_outline_drawn():
    colour_words = {INK: "dark", OKABE_ITO["vermillion"]: "vermillion"}
    for level, text in WELLBEING_KEY.items():
        assert text.startswith(f"{WELLBEING_MARKS[level]} and a thick {colour_words[WELLBEING_OUTLINE_COLOURS[level]]}")
        assert WELLBEING_OUTLINE_WIDTH[level] > WELLBEING_OUTLINE_WIDTH["neutral"]


def test_plotly_text_escapes_markup_once_and_keeps_quotes():
    assert plotly_text('Tom\'s "club" & <b>co</b>') == 'Tom\'s "club" &amp; &lt;b&gt;co&lt;/b&gt;'
    assert plotly_text("&amp;") == "&amp;amp;"  # text is escaped as typed, never guessed to be escaped already


def test_every_vocabulary_group_has_a_distinct_okabe_ito_colour():
    groups = {info.group for info in CATEGORIES.values()} | {OTHER_GROUP}
    assert groups <= set(GROUP_COLOURS)
    named = [colour for group, colour in GROUP_COLOURS.items() if group != OTHER_GROUP]
    assert len(set(named)) == len(named)
    assert set(named) <= set(OKABE_ITO.values())


def test_colour_of_handles_unknown_and_missing_values():
    values = pd.Series(["family", "befrienders", pd.NA], dtype="string")
    assert colour_of(values, "group").tolist() == [GROUP_COLOURS["family"], GROUP_COLOURS[OTHER_GROUP],
                                                   GROUP_COLOURS[OTHER_GROUP]]
    wellbeing = pd.Series(["negative", pd.NA], dtype="string")
    assert colour_of(wellbeing, "wellbeing").tolist() == [WELLBEING_COLOURS["negative"], NOT_RECORDED_COLOUR]
