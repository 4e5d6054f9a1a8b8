"""Map what a personal-network tool exported (a `Capture`) onto the canonical dataset, saying what was done.

Every reader of another format (Network Canvas CSV and GraphML, egor tables) only turns its files into a `Capture`:
egos, nodes and edges as text tables, one column per variable, ids in columns that start with "_". Everything
after that is here, shared by all readers and chosen by `ImportOptions`: which node types are which kind, which
variable is the category, how closeness becomes circles, which edge types are ties, which columns are never carried
(anything named like a direct identifier). The result goes through `netcore.validation.validate`, so a converted
dataset meets every rule a canonical one does, and each problem names the file and row it came from.

Notes say what was mapped, dropped or merged, with counts; they name variables and node types (the protocol's
words) but never a value (a value can be a name).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from netcore.codes import pairs_among, places, repeated_pairs
from netcore.identifiers import header_value_kind, is_identifying_header
from netcore.io.canonical import RawTable, normalise_header
from netcore.model import KINDS, KNOWN_COVARIATES, MAX_CIRCLES, Dataset
from netcore.problems import DatasetError, Problem
from netcore.validation import (
    CONTACT_WORDS,
    KIND_WORDS,
    WELLBEING_WORDS,
    YES_NO_WORDS,
    validate,
)
from netcore.vocabulary import DEFAULT_VOCABULARY, Vocabulary, by_distinct, normalise_term, normalise_terms

# Id and bookkeeping columns of a Capture's tables; variables never start with "_" (normalise_header strips it).
EGO, CASE, NODE, NODE_TYPE = "_ego", "_case", "_node", "_type"
SOURCE, TARGET, EDGE_TYPE = "_source", "_target", "_etype"
FILE, ROW = "_file", "_row"
LEFT_OUT = "none"  # the kind of a node type that is left out (--kinds Pet=none)

# Not "none": it is a real answer (education "none"), and netcore.validation's MISSING_WORDS keeps it too.
MISSING_CODES = frozenset({"", "-1", "na", "n/a", "nan", "null", "missing"})
TRUE_WORDS, FALSE_WORDS = frozenset({"true", "yes", "1"}), frozenset({"false", "no", "0"})
# Variable names that mean the category or the closeness when the user names none (matched as the whole name or
# its last word: "alter.rel" -> "alter_rel" -> "rel").
CATEGORY_NAMES = ("category", "relationship", "relation", "rel", "role")
CLOSENESS_NAMES = ("circle", "closeness", "close", "clo", "ring", "closeness_circle")
# Node variables carried over when present, under these canonical names, with the words each accepts.
CARRIED_WORDS: dict[str, Mapping[str, str] | None] = {
    "formal": YES_NO_WORDS, "contact": CONTACT_WORDS, "wellbeing": WELLBEING_WORDS, "label": None,
}


@dataclass(frozen=True)
class ImportOptions:
    """How a Capture maps onto the dataset; every field has the CLI option of the same name (`--kinds` ...)."""

    participant_id: str = "case"  # Network Canvas: the case id ("case") or the interview's ego UUID ("uuid")
    kinds: Mapping[str, str] = field(default_factory=dict)  # node type -> person | place | activity | none
    category: str | None = None  # node variable(s) giving the category, "a,b": the first filled (None: by name)
    closeness: str | None = None  # node variable giving the circle (None: found by name, else the layout; "": none)
    closeness_order: tuple[str, ...] = ()  # options of an ordered closeness variable, closest first
    closest: str = "low"  # numeric closeness: "low" (1 = closest, like circles) or "high" (the largest is closest)
    layout: str | None = None  # layout variable (<var>_x, <var>_y in 0-1) whose radius gives the circle
    rings: int = 4  # circles made from a layout's radius or from a closeness with too many values
    ties: tuple[str, ...] = ()  # edge types that become ties (empty: all, merged)
    kind: str = "person"  # egor: the kind of every alter, unless a `kind` column says otherwise
    ego_id: str | None = None  # egor id columns (None: .egoID or ego_ID, .altID or alter_ID, .srcID or from,
    alter_id: str | None = None  # .tgtID or to)
    source_id: str | None = None
    target_id: str | None = None

    def __post_init__(self) -> None:
        problems = []
        if self.participant_id not in ("case", "uuid"):
            problems.append("participant_id is 'case' or 'uuid'")
        if self.closest not in ("low", "high"):
            problems.append("closest is 'low' or 'high'")
        if not 1 <= self.rings < MAX_CIRCLES:
            problems.append(f"rings is 1 to {MAX_CIRCLES - 1}")
        if not set(self.kinds.values()) <= {*KINDS, LEFT_OUT}:
            problems.append(f"a node type maps to one of {', '.join(KINDS)} or {LEFT_OUT}")
        if self.kind not in KINDS:
            problems.append(f"kind is one of {', '.join(KINDS)}")
        if problems:
            raise ValueError("; ".join(problems))

    def cli_arguments(self) -> list[str]:
        """The options that differ from the defaults, spelled as `python -m netcore` arguments."""
        default = ImportOptions()
        arguments: list[str] = []
        if self.participant_id != default.participant_id:
            arguments += ["--participant-id", self.participant_id]
        if self.kinds:
            arguments += ["--kinds", ",".join(f"{name}={kind}" for name, kind in self.kinds.items())]
        for option, value in (("--category", self.category), ("--closeness", self.closeness),
                              ("--layout", self.layout)):
            if value:
                arguments += [option, value]
        if self.closeness == "" and not self.layout:  # none on purpose: every member in circle 1
            arguments += ["--closeness", ""]
        if self.closeness_order:
            arguments += ["--closeness-order", ",".join(self.closeness_order)]
        if self.closest != default.closest:
            arguments += ["--closest", self.closest]
        if self.rings != default.rings:
            arguments += ["--rings", str(self.rings)]
        if self.ties:
            arguments += ["--ties", ",".join(self.ties)]
        if self.kind != default.kind:
            arguments += ["--kind", self.kind]
        for option, value in (("--ego-id", self.ego_id), ("--alter-id", self.alter_id),
                              ("--source-id", self.source_id), ("--target-id", self.target_id)):
            if value:
                arguments += [option, value]
        return arguments


@dataclass
class Capture:
    """Personal networks as another tool exported them: all values text ("" when missing).

    egos:  EGO (interview id), CASE (case id, may be empty), then ego variables.
    nodes: EGO, NODE (id within the interview), NODE_TYPE, then node variables.
    edges: EGO, SOURCE, TARGET (node ids), EDGE_TYPE, then edge variables.
    Every table also has FILE and ROW: where a row came from, as messages may name it (never a path inside a .zip).
    """

    format: str
    egos: pd.DataFrame
    nodes: pd.DataFrame
    edges: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    # Whether node and edge type names are a protocol's words (file names, networkCanvasType), which notes may
    # name, or values typed into a column (egor's `kind` or `type`, GraphML's `type`), which they never name.
    types_named: bool = True


@dataclass(frozen=True)
class Conversion:
    """A converted dataset and what the conversion did (its notes are also the first of `dataset.notes`)."""

    dataset: Dataset
    notes: tuple[str, ...]
    format: str
    options: ImportOptions


def empty_table(columns: list[str]) -> pd.DataFrame:
    """A table of text columns with no rows."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in [*columns, FILE, ROW]})


def with_origin(frame: pd.DataFrame, table: RawTable, label: str) -> pd.DataFrame:
    """`frame` (of `table`'s rows) with FILE, `label` as one category (not a text per row), and ROW, each row's
    spreadsheet row."""
    file = pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8), categories=[label])
    return frame.assign(**{FILE: file, ROW: table.rows.to_numpy()})


def variables(frame: pd.DataFrame) -> list[str]:
    """The variable columns of a Capture table (not ids, not bookkeeping)."""
    return [column for column in frame.columns if not column.startswith("_")]


def is_boolean(values: pd.Series) -> bool:
    """Whether a column holds only true/false (or nothing), as one option of a one-hot variable does (read off its
    distinct values)."""
    words = pd.Series(values.unique(), dtype=values.dtype).str.strip().str.lower()
    return bool(words.isin({"true", "false", ""}).all() and words.ne("").any())


def one_hot_groups(frame: pd.DataFrame, wanted: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Variables exported as one true/false column per option (`<var>_<option>`), by variable name.

    A variable the user chose (`wanted`) takes every true/false column named `<var>_...` (several options ticked
    then give the first). Other true/false columns are one variable only when they stand side by side (as an export
    writes a variable's options), share the shortest possible prefix, no row has more than one of them true, at
    least two of them are ever true, and none is a covariate the dashboard knows (`lives_alone`): booleans that can
    be true together ("has_car", "has_job") stay separate yes/no variables.
    """
    columns = variables(frame)
    booleans = [column for column in columns if is_boolean(frame[column])]
    groups: dict[str, list[str]] = {}
    for name in wanted:
        members = [column for column in booleans if name and column.startswith(name + "_")]
        if members and name not in frame.columns:
            groups[name] = members
    taken = {column for members in groups.values() for column in members}
    for column in booleans:
        if column in taken or column in KNOWN_COVARIATES:
            continue
        words = column.split("_")
        for cut in range(1, len(words)):
            prefix = "_".join(words[:cut])
            start = columns.index(column)
            members = []
            for other in columns[start:]:  # the run of neighbouring true/false columns with this prefix
                if other not in booleans or not other.startswith(prefix + "_") or other in taken:
                    break
                members.append(other)
            if (len(members) >= 2 and prefix not in frame.columns and not set(members) & set(KNOWN_COVARIATES)
                    and _exclusive(frame[members]) and int(_truth(frame[members]).any().sum()) >= 2):
                groups[prefix] = members
                taken.update(members)
                break
    return groups


def _exclusive(options: pd.DataFrame) -> bool:
    return bool(_truth(options).sum(axis=1).le(1).all())


def _truth(options: pd.DataFrame) -> pd.DataFrame:
    return options.apply(lambda column: column.str.strip().str.lower().isin(TRUE_WORDS))


def fold_one_hot(frame: pd.DataFrame, wanted: tuple[str, ...] = (), notes: list[str] | None = None
                 ) -> tuple[pd.DataFrame, list[str]]:
    """Each one-hot variable as one column holding its true option's name ("" when none is true; the first when
    several are, counted in `notes`)."""
    folded = frame.copy()
    names: list[str] = []
    for name, options in one_hot_groups(frame, wanted).items():
        truth = _truth(frame[options]).to_numpy()
        labels = np.array([option.removeprefix(name + "_") for option in options], dtype=object)
        chosen = np.where(truth.any(axis=1), labels[truth.argmax(axis=1)], "")
        several = int((truth.sum(axis=1) > 1).sum())
        if several and notes is not None:
            notes.append(f"{several:,} row(s) have several options of '{name}' ticked: the first was kept")
        folded = folded.drop(columns=options)
        folded[name] = chosen
        names.append(name)
    return folded, names


def node_variables(capture: Capture) -> list[str]:
    """The node variables a user can choose from, one-hot variables folded (for the import wizard)."""
    folded, _ = fold_one_hot(capture.nodes)
    return variables(folded)


def layout_variables(capture: Capture) -> list[str]:
    """Layout variables: pairs `<var>_x`, `<var>_y` of numbers."""
    names = variables(capture.nodes)
    return [name[:-2] for name in names if name.endswith("_x") and name[:-2] + "_y" in names]


def node_types(capture: Capture) -> list[str]:
    """Node types in the order first seen."""
    return list(pd.unique(capture.nodes[NODE_TYPE]))


def edge_types(capture: Capture) -> list[str]:
    """Edge types in the order first seen."""
    return list(pd.unique(capture.edges[EDGE_TYPE]))


def variable_values(capture: Capture, variable: str) -> list[str]:
    """The values of a node variable: a one-hot variable's options in the export's order (the protocol's), other
    variables' distinct values sorted (numbers by size). For the wizard's widgets, shown to the person who uploaded
    the data; never written into a note."""
    groups = one_hot_groups(capture.nodes, (variable,))
    if variable in groups:
        return [option.removeprefix(variable + "_") for option in groups[variable]]
    if variable not in capture.nodes.columns:
        return []
    values = capture.nodes[variable].fillna("").astype(str)
    return sorted(values[~is_missing_code(values)].str.strip().unique(), key=_order_key)


def is_numeric_variable(capture: Capture, variable: str) -> bool:
    """Whether every filled value of a node variable is a number."""
    values = variable_values(capture, variable)
    return bool(values) and pd.to_numeric(pd.Series(values), errors="coerce").notna().all()


def _order_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


def default_kind(node_type: str, options: ImportOptions) -> str | None:
    """The kind of a node type: the user's mapping, else its own name (Person -> person), else None."""
    chosen = {normalise_term(name): kind for name, kind in options.kinds.items()}
    term = normalise_term(node_type)
    kind = chosen.get(term) or KIND_WORDS.get(term)
    return None if kind == LEFT_OUT else kind


def find_variable(names: list[str], wanted: tuple[str, ...]) -> str | None:
    """The first variable whose whole name, or last word, is one of `wanted` (in the order of `wanted`)."""
    for target in wanted:
        for name in names:
            if name == target or name.split("_")[-1] == target:
                return name
    return None


def _as_variable(name: str | None, names: list[str]) -> str | None:
    """Variables named as the user's file spells them ("alter.rel") as the Capture does ("alter_rel"), name by name
    in a list ("a,b"); a name that is no variable is kept as given (the mapping then says so)."""
    if not name:
        return name
    parts = [part.strip() for part in name.split(",")]
    return ",".join(normalise_header(part) if part not in names and normalise_header(part) in names else part
                    for part in parts)


def proposed_options(capture: Capture, options: ImportOptions | None = None) -> ImportOptions:
    """`options` with the category, closeness and layout filled in where the data suggests them."""
    options = options or ImportOptions()
    names = node_variables(capture)
    category = _as_variable(options.category, names) or find_variable(names, CATEGORY_NAMES)
    closeness = _as_variable(options.closeness, names)  # "": none on purpose
    if closeness is None and not options.layout:  # a layout chosen: no closeness unless one is named
        closeness = find_variable(names, CLOSENESS_NAMES)
    layouts = layout_variables(capture)
    layout = _as_variable(options.layout, layouts) or (layouts[0] if layouts and not closeness else None)
    order = options.closeness_order
    if closeness and not order and closeness in one_hot_groups(capture.nodes, (closeness,)):
        order = tuple(variable_values(capture, closeness))  # the protocol's order, closest first: said in a note
    return replace(options, category=category, closeness=closeness, layout=layout, closeness_order=order)


# ----------------------------------------------------------------------------------------------------- mapping


def to_dataset(capture: Capture, options: ImportOptions | None = None,
               vocabulary: Vocabulary | None = None) -> Conversion:
    """The canonical dataset of a Capture, mapped as `options` say (missing choices proposed from the data)."""
    options = proposed_options(capture, options)
    notes = list(capture.notes)
    # Edge variables are never carried (a tie is its two members), so only egos' and nodes' are read for missing codes.
    egos, nodes = (_blank_missing(table, notes, label) for table, label in ((capture.egos, "ego"),
                                                                            (capture.nodes, "node")))
    egos, nodes, edges = (_drop_identifiers(table, notes, label) for table, label in (
        (egos, "ego"), (nodes, "node"), (capture.edges, "edge")))
    participants, ids = _participants(egos, options, notes)
    members = _members(nodes, ids, options, notes, capture.types_named)
    ties = _ties(edges, members, ids, options, notes, capture.types_named)
    tables = {name: RawTable(name, f"{name} (converted)", frame.drop(columns=[FILE, ROW]),
                             pd.Series(range(2, len(frame) + 2)))
              for name, frame in (("participants", participants), ("members", members), ("ties", ties))}
    try:
        dataset = validate(tables, vocabulary or DEFAULT_VOCABULARY)
    except DatasetError as error:
        origins = {name: frame[[FILE, ROW]] for name, frame in
                   (("participants", participants), ("members", members), ("ties", ties))}
        raise DatasetError([_origin(problem, origins) for problem in error.problems]) from None
    dataset = replace(dataset, notes=(*notes, *dataset.notes))
    return Conversion(dataset, tuple(notes), capture.format, options)


def _origin(problem: Problem, origins: dict[str, pd.DataFrame]) -> Problem:
    """A problem of a converted table told of the file and row the data came from."""
    name = problem.file.removesuffix(" (converted)")
    if name not in origins:
        return problem
    where = origins[name]

    def source(row: int) -> tuple[str, int | None]:
        found = where.iloc[row - 2]
        return str(found[FILE]), (None if pd.isna(found[ROW]) else int(found[ROW]))

    message = re.sub(r"row (\d+)", lambda match: "{} row {}".format(*source(int(match.group(1)))), problem.message)
    if problem.row is None:
        return Problem(f"the {name} made from the data", None, problem.column, message)
    file, row = source(problem.row)
    return Problem(file, row, problem.column, message)


def is_missing_code(values: pd.Series) -> pd.Series:
    """Whether each value is a missing code (MISSING_CODES, any case, spaces around), worked out once per distinct
    value (ids and codes repeat)."""
    return by_distinct(values, lambda distinct: distinct.str.strip().str.lower().isin(MISSING_CODES))


def _blank_missing(table: pd.DataFrame, notes: list[str], label: str) -> pd.DataFrame:
    """Missing codes (-1, NA, null, ...) as empty text in every variable, counted in a note."""
    table = table.copy()
    coded = 0
    for column in variables(table):  # worked on once per distinct value: a column repeats a few words
        text = table[column].fillna("").astype(str)
        codes, distinct = pd.factorize(text)
        written = pd.Series(distinct, dtype=str)
        stripped = written.str.strip()
        missing = is_missing_code(written)
        coded += int(np.bincount(codes, minlength=len(distinct))[(missing & stripped.ne("")).to_numpy()].sum())
        cleaned = stripped.where(~missing, "")  # a column with nothing to clean is kept as it is: no copy
        table[column] = text if cleaned.equals(written) else pd.Series(cleaned.array.take(codes), index=table.index)
    if coded:
        notes.append(f"{coded:,} {label} value(s) coded as missing (-1, NA, null) were read as missing")
    return table


def _drop_identifiers(table: pd.DataFrame, notes: list[str], label: str) -> pd.DataFrame:
    """Never carry a column named like a direct identifier, or named by one (a header that is a phone number), nor
    an ego's `label` (a graph's label is its person's name); a note names each column dropped, except one whose
    name is itself an identifier."""
    dropped = []
    for column in variables(table):
        value_kind = header_value_kind(column)
        if value_kind is not None:
            notes.append(f"an {label} variable whose name looks like {value_kind} was not carried")
        elif is_identifying_header(column) or (label == "ego" and column == "label"):
            notes.append(f"the {label} variable '{column}' was not carried: it is named like a direct identifier, "
                         "and the dashboard holds no names")
        else:
            continue
        dropped.append(column)
    return table.drop(columns=dropped)


def _yes_no(values: pd.Series) -> pd.Series:
    words = values.str.strip().str.lower()
    return values.mask(words.isin(TRUE_WORDS), "yes").mask(words.isin(FALSE_WORDS), "no")


def _participants(egos: pd.DataFrame, options: ImportOptions, notes: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """participant_id and covariates (ego variables, one-hot folded, true/false as yes/no); the id of each ego."""
    repeated = egos[EGO].duplicated()  # nodes and edges could not say whose they are (and .map would fail)
    if repeated.any():
        raise DatasetError([Problem(str(file), None if pd.isna(row) else int(row), None,
                                    "holds an interview given more than once (the same file twice?)")
                            for file, row in egos.loc[repeated, [FILE, ROW]].itertuples(index=False)])
    use_case = options.participant_id == "case" and CASE in egos.columns and egos[CASE].ne("").all()
    if options.participant_id == "case" and not use_case and CASE in egos.columns:
        notes.append("some interviews have no case id: every participant is named by its interview's id instead")
    ids = egos[CASE] if use_case else egos[EGO]
    shared = ids.duplicated(keep=False) & ids.ne("")
    if use_case and shared.any():  # rows only: the case ids themselves may be typed names
        raise DatasetError([Problem(str(file), None if pd.isna(row) else int(row), "case id",
                                    "shares its case id with another interview: name participants by interview "
                                    "instead (--participant-id uuid)")
                            for file, row in egos.loc[shared, [FILE, ROW]].itertuples(index=False)])
    if "participant_id" in egos.columns:  # an ego variable of that name would stand beside the id
        egos = egos.rename(columns={"participant_id": "ego_participant_id"})
        notes.append("the ego variable 'participant_id' is kept as the covariate 'ego_participant_id'")
    folded, names = fold_one_hot(egos)
    for name in names:
        notes.append(f"the ego variable '{name}' came as one true/false column per option; folded into one")
    covariates = folded[variables(folded)]
    covariates = covariates.apply(lambda column: _yes_no(column) if is_boolean(column) else column)
    participants = pd.concat([pd.DataFrame({"participant_id": ids.to_numpy()}, index=egos.index), covariates,
                              egos[[FILE, ROW]]], axis=1)
    return participants, pd.Series(ids.to_numpy(), index=egos[EGO].to_numpy())


def _members(nodes: pd.DataFrame, ids: pd.Series, options: ImportOptions, notes: list[str], types_named: bool
             ) -> pd.DataFrame:
    """One member per node of a known kind, with category, circle and the carried variables."""
    wanted = (*(options.category or "").split(","), options.closeness or "", *CARRIED_WORDS)
    folded, folded_names = fold_one_hot(nodes, wanted, notes)
    types = folded[NODE_TYPE]
    kinds = by_distinct(types, lambda distinct: distinct.map({name: default_kind(name, options) for name in distinct}))
    for name, count in types[kinds.isna()].value_counts(sort=False).items():
        chosen = any(normalise_term(given) == normalise_term(name) for given in options.kinds)
        which = f"of type '{name}'" if types_named else "of a type written in the data"
        notes.append(f"{count:,} node(s) {which} were left out" + ("" if chosen else
                     ": it is not mapped to person, place or activity (choose one with --kinds" +
                     (f", e.g. --kinds {name}=person)" if types_named else ")")))
    orphan = ~by_distinct(folded[EGO], lambda distinct: distinct.isin(ids.index))
    if orphan.any():
        notes.append(f"{int(orphan.sum()):,} node(s) of interviews with no ego record were left out")
    keep = kinds.notna() & ~orphan
    folded, kinds, types = folded[keep], kinds[keep], types[keep]
    members = pd.DataFrame({
        "participant_id": by_distinct(folded[EGO], lambda distinct: distinct.map(ids)),
        "member_id": folded[NODE],
        "kind": kinds,
        "category": _category(folded, types, options, notes),
        "circle": _circles(folded, options, notes),
    }, index=folded.index)
    for name, words in CARRIED_WORDS.items():
        if name in folded.columns:
            members[name] = _carried(folded[name], name, words, notes, name in folded_names)
    carried = {*(options.category or "").split(","), options.closeness, *CARRIED_WORDS}
    left = [name for name in variables(folded) if name not in carried
            and not (options.layout and name in (f"{options.layout}_x", f"{options.layout}_y"))]
    if left:
        notes.append(f"node variables not used: {', '.join(left)}")
    return pd.concat([members, folded[[FILE, ROW]]], axis=1).reset_index(drop=True)


def _carried(values: pd.Series, name: str, words: Mapping[str, str] | None, notes: list[str], folded: bool
             ) -> pd.Series:
    """A node variable with a canonical name, its words read as the format's; words it does not know are missing."""
    if folded:
        notes.append(f"the node variable '{name}' came as one true/false column per option; folded into one")
    if words is None:
        return values
    values = _yes_no(values) if name == "formal" else values
    terms = normalise_terms(values)
    unknown = values.ne("") & ~terms.isin(list(words))
    if unknown.any():
        notes.append(f"{int(unknown.sum()):,} value(s) of '{name}' are not among its words and were read as "
                     "missing")
    return values.where(~unknown, "")


def _category(nodes: pd.DataFrame, types: pd.Series, options: ImportOptions, notes: list[str]) -> pd.Series:
    """The chosen variable's value, or the node type where there is none (said in a note)."""
    if not options.category:
        notes.append("no category variable was chosen: each member's category is its node type")
        return types
    chosen = [name.strip() for name in options.category.split(",") if name.strip()]
    problems = [Problem("import options", column=name, message=f"there is no node variable '{name}' to give the "
                                                                "category") for name in chosen if name not in nodes]
    if problems:
        raise DatasetError(problems)
    values = nodes[chosen[0]].fillna("")
    for name in chosen[1:]:  # the first filled, column by column (a row-wise bfill transposes the whole table)
        values = values.where(values.ne(""), nodes[name].fillna(""))
    empty = values.eq("")
    if empty.any():
        notes.append(f"{int(empty.sum()):,} member(s) have no '{options.category}': their category is their "
                     "node type")
    return values.where(~empty, types)


def _circles(nodes: pd.DataFrame, options: ImportOptions, notes: list[str]) -> pd.Series:
    """Circle 1 (closest) outwards from the closeness variable, or from the layout's radius; members without a
    closeness go to one more circle outside the rest ("not placed"), counted in a note."""
    if options.closeness:
        if options.closeness not in nodes.columns:
            raise DatasetError([Problem("import options", column=options.closeness,
                                        message=f"there is no node variable '{options.closeness}' to give closeness")])
        circles = _closeness_circles(nodes[options.closeness], options, notes)
    elif options.layout:
        circles = _layout_circles(nodes, options, notes)
    else:
        notes.append("no closeness variable or layout: every member is in circle 1")
        return pd.Series(1, index=nodes.index)
    placed = circles.notna()
    if not placed.all():
        outer = int(circles.max()) + 1 if placed.any() else 1
        if outer <= MAX_CIRCLES:
            notes.append(f"{int((~placed).sum()):,} member(s) have no closeness: they are in an outer circle "
                         f"({outer}) meaning 'not placed'")
        else:  # every circle is used: the outermost one holds them too, so no one else moves
            outer = MAX_CIRCLES
            notes.append(f"{int((~placed).sum()):,} member(s) have no closeness: they are in the outermost circle "
                         f"({outer}) with the members placed there")
        circles = circles.fillna(outer)
    return circles.astype(int)


def _closeness_circles(values: pd.Series, options: ImportOptions, notes: list[str]) -> pd.Series:
    """Ordered options (closest first) or numbers (by `closest`) as circles 1, 2, ...; NaN where missing."""
    room = MAX_CIRCLES
    if options.closeness_order:
        notes.append(f"circles from '{options.closeness}' in the order {', '.join(options.closeness_order)} "
                     "(closest first)")
        order = {normalise_term(option): rank for rank, option in enumerate(options.closeness_order, start=1)}
        circles = normalise_terms(values).map(order).astype(float)
        unknown = values.ne("") & circles.isna()
        if unknown.any():
            notes.append(f"{int(unknown.sum()):,} value(s) of '{options.closeness}' are not in the "
                         "closeness order given")
        return circles if len(order) <= room else _bands(circles, 1, len(order), room, options, notes)
    numbers = by_distinct(values, lambda distinct: pd.to_numeric(distinct, errors="coerce"))
    endless = numbers.notna() & ~np.isfinite(numbers)
    if endless.any():
        notes.append(f"{int(endless.sum()):,} value(s) of '{options.closeness}' are not finite numbers and were "
                     "read as missing")
        numbers = numbers.mask(endless)
    text = values.ne("") & numbers.isna() & ~endless
    if text.any():
        raise DatasetError([Problem("import options", column=options.closeness,
                                    message=f"'{options.closeness}' is not a number for every member: give the "
                                            "order of its options, closest first (--closeness-order)")])
    distinct = np.sort(numbers.dropna().unique())
    whole = len(distinct) and distinct.min() >= 1 and distinct.max() <= room and (distinct % 1 == 0).all()
    if options.closest == "low" and whole:  # already circles: kept as they are, gaps and all
        notes.append(f"circles from '{options.closeness}': its values are the circles (1 closest)")
        return numbers
    if options.closest == "high":
        distinct = distinct[::-1]
    if len(distinct) <= room:
        notes.append(f"circles from '{options.closeness}': {len(distinct)} distinct value(s), the "
                     f"{'lowest' if options.closest == 'low' else 'highest'} closest")
        return numbers.map({value: rank for rank, value in enumerate(distinct, start=1)}).astype(float)
    low, high = float(distinct.min()), float(distinct.max())
    scaled = numbers if options.closest == "low" else low + high - numbers
    return _bands(scaled, low, high, min(options.rings, room), options, notes)


def _bands(values: pd.Series, low: float, high: float, rings: int, options: ImportOptions, notes: list[str]
           ) -> pd.Series:
    """Values from `low` (closest) to `high` split into `rings` equal bands."""
    notes.append(f"closeness has more values than circles: split into {rings} equal bands")
    span = (high - low) or 1.0
    return np.floor((values - low) / span * rings).clip(0, rings - 1) + 1


def _layout_circles(nodes: pd.DataFrame, options: ImportOptions, notes: list[str]) -> pd.Series:
    """The distance from the centre of a 0-1 layout, in `rings` equal bands up to the edge (0.5); beyond: outermost."""
    if not {f"{options.layout}_x", f"{options.layout}_y"} <= set(nodes.columns):
        raise DatasetError([Problem("import options", column=options.layout,
                                    message=f"there is no layout variable '{options.layout}'")])
    x = pd.to_numeric(nodes[f"{options.layout}_x"], errors="coerce")
    y = pd.to_numeric(nodes[f"{options.layout}_y"], errors="coerce")
    rings = max(1, min(options.rings, MAX_CIRCLES - 1))
    radius = np.hypot(x - 0.5, y - 0.5)
    notes.append(f"circles from the layout '{options.layout}': its distance from the centre in {rings} equal bands")
    return (np.floor(radius / 0.5 * rings).clip(0, rings - 1) + 1).where(radius.notna())


def _ties(edges: pd.DataFrame, members: pd.DataFrame, ids: pd.Series, options: ImportOptions, notes: list[str],
          types_named: bool) -> pd.DataFrame:
    """Ties of the chosen edge types between two different members of one map, each pair once."""
    chosen = {normalise_term(name) for name in options.ties}
    types = edges[EDGE_TYPE]
    if chosen == {LEFT_OUT}:
        notes.append("no edge type was chosen: the maps have no ties")
        edges = edges.iloc[:0]
    elif chosen:
        edges = edges[normalise_terms(types).isin(chosen)]
        missing = chosen - set(normalise_terms(types))
        if missing:
            notes.append(f"no edges of {len(missing)} of the chosen type(s) were found")
    kept = list(pd.unique(edges[EDGE_TYPE]))
    if len(kept) > 1:
        merged = ", ".join(kept) if types_named else f"{len(kept)}"
        notes.append(f"ties from the edge types {merged} were merged" if types_named
                     else f"ties from {merged} edge types were merged")
    # On integer codes, not text: each tie's ego by its place among the egos of `ids`, its members by their places
    # among the members' distinct ids.
    participant_code, participants = pd.factorize(ids.to_numpy(dtype=object))
    ego_place = places(edges[EGO], ids.index)
    tie_participant = np.append(participant_code, -1)[ego_place]  # place -1 (not an ego's tie): -1
    member_code, member_ids = pd.factorize(members["member_id"].to_numpy(dtype=object))
    width = len(member_ids) + 1
    member_participant = places(members["participant_id"], participants)
    a, b = places(edges[SOURCE], member_ids), places(edges[TARGET], member_ids)
    known = (pairs_among(tie_participant, a, member_participant, member_code, width)
             & pairs_among(tie_participant, b, member_participant, member_code, width))
    if (~known).any():
        notes.append(f"{int((~known).sum()):,} tie(s) to members not on the map were left out")
    loops = known & (a == b)
    if loops.any():
        notes.append(f"{int(loops.sum()):,} tie(s) from a member to itself were left out")
    kept = known & ~loops
    if not kept.all():
        edges, ego_place, tie_participant, a, b = edges[kept], ego_place[kept], tie_participant[kept], a[kept], b[kept]
    repeated = repeated_pairs(tie_participant, a, b, width)
    if repeated.any():
        notes.append(f"{int(repeated.sum()):,} repeated or mirrored tie(s) were merged")
    # The ends stay as written: validation puts each pair in order.
    ties = pd.DataFrame({"participant_id": ids.array.take(ego_place), "member_a": edges[SOURCE],
                         "member_b": edges[TARGET], FILE: edges[FILE], ROW: edges[ROW]})
    return (ties if not repeated.any() else ties[~repeated]).reset_index(drop=True)
