"""Plain labels: every measure and known covariate has one; unknown columns read as words."""

from netcore.labels import MEASURE_LABELS, plain_label, plain_words
from netcore.measures import MEASURES
from netcore.model import KNOWN_COVARIATES


def test_every_measure_and_known_covariate_has_a_plain_label():
    assert set(MEASURE_LABELS) == set(MEASURES)
    for column in [*MEASURES, *KNOWN_COVARIATES, "network_type"]:
        label = plain_label(column)
        assert "_" not in label and label[0].isupper(), column


def test_unknown_columns_read_as_words_and_sentences_keep_acronyms():
    assert plain_label("support_hours") == "Support hours"
    assert plain_words("long_term_sick_or_disabled") == "long-term sick or disabled"
    assert plain_words("NHS_trust") == "NHS trust"
    assert plain_label("family_share") == "Share of people who are family"
