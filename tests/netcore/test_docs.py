"""The README and the in-app dictionaries describe the same format and measures as the code."""

from pathlib import Path

from netcore.io.export import template_tables
from netcore.measures import MEASURES
from netcore.model import DATA_DICTIONARY, KNOWN_COVARIATES, REQUIRED_COLUMNS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_column_and_measure():
    for column in DATA_DICTIONARY:
        if not column.name.startswith("("):
            assert f"`{column.name}`" in README, column.name
    for measure in MEASURES:
        assert f"`{measure}`" in README, measure


def test_readme_has_exactly_the_two_setup_commands():
    assert "pip install -r requirements.txt && streamlit run app.py" in README
    assert "pip install -r requirements-dev.txt && python -m pytest" in README


def test_required_columns_are_marked_required_in_the_dictionary():
    for column in DATA_DICTIONARY:
        table = column.file.removesuffix(".csv")
        assert (column.name in REQUIRED_COLUMNS[table]) == column.required, column


def test_templates_hold_every_documented_column():
    templates = template_tables()
    assert list(templates["participants"].columns) == ["participant_id", *KNOWN_COVARIATES]
    assert list(templates["members"].columns)[:5] == list(REQUIRED_COLUMNS["members"])
    assert all(frame.empty for frame in templates.values())


def test_readme_documents_every_import_option_and_format():
    from netcore.cli import build_parser
    from netcore.io import FORMATS

    convert = build_parser()._subparsers._group_actions[0].choices["convert"]
    options = {option for action in convert._actions for option in action.option_strings if option.startswith("--")}
    assert options - {"--help"}
    for option in options - {"--help", "--participant-id", "--kind"} | {"--participant-id uuid", "--kind person"}:
        assert option in README, option
    for name in FORMATS:
        assert name in README, name
