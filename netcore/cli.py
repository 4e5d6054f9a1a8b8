"""Command line: `python -m netcore validate | measures | types | associations | report | convert | sample ...`.

Exit codes: 0 success, 1 the data has problems (each listed on stderr), 2 wrong usage.
No Python traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from netcore.io import FORMAT_NAMES, FORMATS, read_dataset
from netcore.io.export import (
    SYNTHETIC_NOTICE,
    csv_bytes,
    dataset_tables,
    write_csv,
    write_folder,
    xlsx_bytes,
    zip_bytes,
)
from netcore.io.mapping import LEFT_OUT, Conversion, ImportOptions
from netcore.measures import compute_measures
from netcore.model import KINDS, MAX_CIRCLES, MAX_TYPES, MIN_TYPES, Dataset
from netcore.problems import AssociationError, DatasetError, TypologyError
from netcore.sample import generate_sample
from netcore.summary import count_phrase, describe_dataset

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _kinds(text: str) -> dict[str, str]:
    """"Friend=person,Venue=place" -> {"Friend": "person", "Venue": "place"}."""
    kinds: dict[str, str] = {}
    for pair in _names(text):
        name, _, kind = pair.partition("=")
        if kind.strip() not in (*KINDS, LEFT_OUT) or not name.strip():
            raise argparse.ArgumentTypeError(f"give NodeType=kind pairs, kind one of {', '.join(KINDS)} or "
                                             f"{LEFT_OUT} (left out)")
        kinds[name.strip()] = kind.strip()
    return kinds


def _source_arguments(command: argparse.ArgumentParser) -> None:
    """PATH, its format and how another tool's export maps onto the dataset (netcore.io.mapping.ImportOptions)."""
    command.add_argument("path", help="a dataset folder, .zip or .xlsx; or a Network Canvas export (folder, .zip or "
                                      ".graphml) or egor tables")
    mapping = command.add_argument_group("reading another tool's export (see the README)")
    mapping.add_argument("--from", dest="source_format", choices=FORMATS,
                         help="the format of PATH (default: detected, and said)")
    mapping.add_argument("--participant-id", choices=["case", "uuid"], default="case",
                         help="Network Canvas: the participant id is the case id (default) or the interview's UUID")
    mapping.add_argument("--kinds", type=_kinds, default={},
                         help="node types as kinds, e.g. Friend=person,Venue=place,Pet=none (Person, Place, Activity "
                              "map by name)")
    mapping.add_argument("--category", help="node variable(s) giving the category, e.g. relationship,place_type "
                                            "(default: one named like category or relationship, else the node type)")
    mapping.add_argument("--closeness", help="node variable giving the circle (default: one named like closeness or "
                                             "circle, else the layout's distance from the centre)")
    mapping.add_argument("--closeness-order", type=_names, default=(),
                         help="options of a closeness variable, closest first, e.g. Very_close,Somewhat_close")
    mapping.add_argument("--closest", choices=["low", "high"], default="low",
                         help="numeric closeness: the lowest (default) or the highest value is the closest")
    mapping.add_argument("--layout", help="layout variable whose distance from the centre gives the circle")
    mapping.add_argument("--rings", type=int, default=4, choices=range(1, MAX_CIRCLES), metavar="N",
                         help=f"circles made from a layout or a many-valued closeness (1-{MAX_CIRCLES - 1}, default 4)")
    mapping.add_argument("--ties", type=_names, default=(),
                         help="edge types that become ties (default: all, merged; none: no ties)")
    mapping.add_argument("--kind", choices=KINDS, default="person",
                         help="egor: the kind of every alter unless a 'kind' column says (default person)")
    for option, default in (("--ego-id", ".egoID or ego_ID"), ("--alter-id", ".altID or alter_ID"),
                            ("--source-id", ".srcID or from"), ("--target-id", ".tgtID or to")):
        mapping.add_argument(option, help=f"egor: the column holding this id (default {default})")


def import_options(args: argparse.Namespace) -> ImportOptions:
    """The mapping options given on the command line."""
    return ImportOptions(
        participant_id=args.participant_id, kinds=args.kinds, category=args.category, closeness=args.closeness,
        closeness_order=args.closeness_order, closest=args.closest, layout=args.layout, rings=args.rings,
        ties=args.ties, kind=args.kind, ego_id=args.ego_id, alter_id=args.alter_id, source_id=args.source_id,
        target_id=args.target_id)


def _typology_arguments(command: argparse.ArgumentParser) -> None:
    """PATH (any format), --k and --seed: what every command that finds network types needs."""
    _source_arguments(command)
    command.add_argument("--k", type=int, default=3, choices=range(MIN_TYPES, MAX_TYPES + 1), metavar="K",
                         help=f"number of types, {MIN_TYPES}-{MAX_TYPES} (default 3: the study's types)")
    command.add_argument("--seed", type=_non_negative_int, default=0, help="random seed (same seed, same types)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (argparse exits with code 2 on wrong usage)."""
    parser = argparse.ArgumentParser(prog="python -m netcore", description="Wellbeing network data tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check a dataset and summarise it")
    _source_arguments(validate)

    measures = commands.add_parser("measures", help="per-participant measures as CSV")
    _source_arguments(measures)
    measures.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")

    types = commands.add_parser("types", help="network type of every participant as CSV")
    _typology_arguments(types)
    types.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")

    assoc = commands.add_parser("associations", help="which covariates go with network type (adjusted)")
    _typology_arguments(assoc)
    assoc.add_argument("--covariates", type=lambda text: [c.strip() for c in text.split(",") if c.strip()],
                       help="comma-separated covariates (default: the study's covariates present with enough data)")
    assoc.add_argument("--reference-type", help="network type the others are compared with (default: the largest)")
    assoc.add_argument("--alpha", type=float, default=0.05,
                       help="significance level (default 0.05): 'associated' is the likelihood-ratio test's p below "
                            "it, 'associated_adjusted' the Holm-adjusted p below it")
    assoc.add_argument("--format", choices=["json", "csv"], default="json")
    assoc.add_argument("--out", type=Path, help="file to write (default: standard output)")

    report = commands.add_parser("report", help="the whole story as one offline HTML page (also slides, prints)")
    _typology_arguments(report)
    report.add_argument("--out", type=Path, required=True, help="HTML file to write")
    report.add_argument("--covariates", type=lambda text: [c.strip() for c in text.split(",") if c.strip()],
                        help="comma-separated covariates (default: the study's covariates present with enough data)")
    report.add_argument("--title", default="Wellbeing network maps: what the data shows", help="the report's title")

    convert = commands.add_parser("convert", help="write another tool's export (or any dataset) in the dashboard's "
                                                  "format: a folder, .zip, .xlsx, or all maps as one .graphml")
    _source_arguments(convert)
    convert.add_argument("--out", type=Path, required=True,
                         help="a folder, or a file ending .zip, .xlsx or .graphml")

    sample = commands.add_parser("sample", help="write a synthetic study-shaped dataset")
    sample.add_argument("--participants", type=_positive_int, default=150)
    sample.add_argument("--seed", type=int, default=2015)
    sample.add_argument("--out", type=Path, required=True, help="folder to write the CSV files into")
    return parser


def run(args: argparse.Namespace) -> int:
    """Carry out one parsed command."""
    if args.command == "sample":
        data = generate_sample(participants=args.participants, seed=args.seed)
        write_folder({"participants": data.participants, "members": data.members, "ties": data.ties}, args.out,
                     notice=SYNTHETIC_NOTICE)
        print(f"Wrote a synthetic dataset of {args.participants:,} participants to {args.out}")
        return EXIT_OK
    conversion = read_dataset(args.path, args.source_format, import_options(args))
    dataset = conversion.dataset
    if args.command == "convert":
        return write_conversion(conversion, args)
    if conversion.format != "canonical":  # what was read and how it was mapped; validate lists the notes itself
        print(f"Read as {FORMAT_NAMES[conversion.format]} (--from {conversion.format})", file=sys.stderr)
        for note in conversion.notes if args.command != "validate" else ():
            print(f"Note: {note}", file=sys.stderr)
    measures = compute_measures(dataset)
    if args.command == "validate":
        print(f"Valid. {describe_dataset(dataset, measures, suppress=False)}")
        for note in dataset.notes:
            print(f"Note: {note}")
        return EXIT_OK
    if args.command == "associations":
        return write_associations(dataset, measures, args)
    if args.command == "report":
        return write_report(conversion, args)
    if args.command == "types":
        from netcore.typology import assign_types  # scipy loads only for the commands that need it

        table = assign_types(measures, n_types=args.k, random_state=args.seed).table
        output = table[["participant_id", "network_type", "confidence"]]
    else:
        output = measures
    write_csv(output, sys.stdout if args.out is None else args.out)
    return EXIT_OK


def write_conversion(conversion: Conversion, args: argparse.Namespace) -> int:
    """The dataset in the canonical format (folder, .zip or .xlsx by the extension of --out) or all maps as GraphML;
    what was read and every note of the mapping on standard output."""
    tables = dataset_tables(conversion.dataset)
    suffix = args.out.suffix.lower()
    if suffix == ".zip":
        args.out.write_bytes(zip_bytes(tables))
    elif suffix in (".xlsx", ".xlsm"):
        args.out.write_bytes(xlsx_bytes(tables))
    elif suffix == ".graphml":
        from netcore.io.graphml import dataset_graphml

        args.out.write_bytes(dataset_graphml(conversion.dataset))
    else:
        write_folder(tables, args.out)
    print(f"Read {FORMAT_NAMES[conversion.format]} (--from {conversion.format}).")
    for note in conversion.dataset.notes:
        print(f"Note: {note}")
    print(f"Wrote {count_phrase(len(conversion.dataset.participants), 'participant')} to {args.out}")
    return EXIT_OK


def write_associations(dataset: Dataset, measures: pd.DataFrame, args: argparse.Namespace) -> int:
    """Types by hierarchical k-means, then the adjusted associations as JSON or CSV; notes go to stderr."""
    from netcore.associations import associations  # statsmodels loads only when the model is fitted
    from netcore.typology import assign_types

    types = assign_types(measures, n_types=args.k, random_state=args.seed, resamples=0).table
    frame = dataset.participants.merge(types[["participant_id", "network_type"]], on="participant_id")
    result = associations(frame, args.covariates, args.reference_type, args.alpha)
    for note in result.notes:
        print(f"Note: {note}", file=sys.stderr)
    if args.format == "json":
        text = json.dumps(result.to_records(), indent=2) + "\n"
    else:
        text = csv_bytes(result.to_frame()).decode("utf-8")
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return EXIT_OK


def is_synthetic(path: str) -> bool:
    """Whether a dataset folder or .zip holds the sample generator's README.txt notice (SYNTHETIC_NOTICE)."""
    first_line = SYNTHETIC_NOTICE.splitlines()[0]
    source = Path(path)
    try:
        if source.is_dir():
            notice = (source / "README.txt").read_text(encoding="utf-8")
        elif zipfile.is_zipfile(source):
            with zipfile.ZipFile(source) as archive:
                names = [name for name in archive.namelist() if Path(name).name == "README.txt"]
                notice = archive.read(names[0]).decode("utf-8") if names else ""
        else:
            return False
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile):
        return False
    return notice.startswith(first_line)


def write_report(conversion: Conversion, args: argparse.Namespace) -> int:
    """The HTML report; a note on stderr for each section that could not be made. The settings recorded in it are
    the command with every option spelled out, so running that command again gives the same numbers."""
    from netcore.report import report_page, report_sections  # plotly, scipy and statsmodels load only here

    dataset = conversion.dataset
    command = ["python", "-m", "netcore", "report", args.path, "--out", str(args.out), "--k", str(args.k),
               "--seed", str(args.seed)]
    if conversion.format != "canonical":
        command += ["--from", conversion.format, *conversion.options.cli_arguments()]
    if args.covariates is not None:
        command += ["--covariates", ",".join(args.covariates)]
    command += ["--title", args.title]
    sections = report_sections(dataset, k=args.k, seed=args.seed, covariates=args.covariates,
                               settings_text=shlex.join(command))
    args.out.write_text(report_page(sections, args.title, is_synthetic(args.path)), encoding="utf-8")
    for section in sections:
        if section.missing:
            print(f"Note: {section.heading}: {section.title}", file=sys.stderr)
    print(f"Wrote the report to {args.out}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except DatasetError as error:
        found = count_phrase(len(error.problems), "problem")
        print(f"The data at {getattr(args, 'path', '')} cannot be used ({found}):", file=sys.stderr)
        for problem in error.problems:
            print(f"- {problem}", file=sys.stderr)
        return EXIT_DATA
    except TypologyError as error:
        print(f"No network types: {error}", file=sys.stderr)
        return EXIT_DATA
    except AssociationError as error:
        print(f"No associations: {error}", file=sys.stderr)
        return EXIT_DATA
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early: nothing is wrong
        return EXIT_OK
    except OSError as error:
        print(f"Could not read or write a file: {error}", file=sys.stderr)
        return EXIT_DATA
    except Exception as error:  # the promise is no traceback; NETCORE_DEBUG=1 shows it for developers
        if os.environ.get("NETCORE_DEBUG"):
            raise
        # The error's own text could quote a value from the data, so only its kind is printed.
        print(f"Unexpected error ({type(error).__name__}); run with NETCORE_DEBUG=1 for details", file=sys.stderr)
        return EXIT_DATA
