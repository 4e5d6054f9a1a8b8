"""Every way data comes in and goes out.

`read_dataset` is the one entry point for any format: it gathers the files (`files`), detects or takes the format,
and reads it: the canonical folder, .zip or .xlsx (`canonical`), or another tool's export (`networkcanvas`,
`graphml`, `egor`) turned into a `Capture` and mapped onto the canonical dataset (`mapping`). Writers are in
`export` (CSV, .zip, .xlsx, formula-safe) and `graphml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from netcore.io.files import collect
from netcore.io.limits import DEFAULT_LIMITS, Limits
from netcore.problems import DatasetError, Problem

if TYPE_CHECKING:  # mapping imports validation, which imports this package's canonical reader: import it late
    from netcore.io.mapping import Capture, Conversion, ImportOptions
    from netcore.vocabulary import Vocabulary

FORMATS = ("canonical", "networkcanvas", "graphml", "egor")
FORMAT_NAMES = {"canonical": "the dashboard's own format", "networkcanvas": "a Network Canvas CSV export",
                "graphml": "GraphML (e.g. from Network Canvas)", "egor": "egor tables (egos, alters, ties)"}


def detect_format(files: Mapping[str, bytes], limits: Limits = DEFAULT_LIMITS) -> str:
    """Which format a set of files is in, from names and first bytes; DatasetError when none fits."""
    from netcore.io.canonical import TABLE_NAMES
    from netcore.io.networkcanvas import is_networkcanvas
    from netcore.vocabulary import normalise_term

    names = list(files)
    if len(names) == 1 and names[0].lower().endswith(".zip"):  # by the names inside: nothing is decompressed
        from netcore.io.files import zip_names

        inside = [PurePosixPath(path).name for path in zip_names(files[names[0]], names[0], limits)]
        # Only the names, and no workbook or .zip inside is opened here: its name could be a person's.
        readable = {name: b"" for name in inside if not name.lower().endswith((".zip", ".xlsx", ".xlsm"))}
        return detect_format(readable, limits) if readable else "canonical"  # the reader then says what is missing
    if any(name.lower().endswith((".graphml", ".xml")) for name in names):
        return "graphml"
    if is_networkcanvas(names):
        return "networkcanvas"
    stems = {normalise_term(PurePosixPath(name.replace("\\", "/")).stem) for name in names}
    if {"participants", "members"} & stems:
        return "canonical"
    workbooks = [name for name in names if name.lower().endswith((".xlsx", ".xlsm"))]
    if workbooks:
        from netcore.io.canonical import workbook_sheets

        sheets = {normalise_term(sheet) for sheet in workbook_sheets(files[workbooks[0]], workbooks[0], limits)}
        return "canonical" if {"participants", "members"} & sheets else "egor"
    if names and all(name.lower().endswith((".csv", ".txt", ".tsv")) for name in names):
        return "egor"
    unknown = [stem for stem in stems if stem not in TABLE_NAMES]
    raise DatasetError([Problem("upload", message="is in no format the dashboard reads (its own CSV files, .zip or "
                                                  ".xlsx; Network Canvas CSV or GraphML; egor tables)"
                                                  + (f"; {len(unknown)} file(s) not recognised" if unknown else ""))])


def read_capture(files: Mapping[str, bytes], format: str, options: ImportOptions | None = None,
                 limits: Limits = DEFAULT_LIMITS) -> Capture:
    """Another tool's export as a Capture (before mapping), for the import wizard's proposals and previews."""
    from netcore.io.mapping import ImportOptions

    if format == "networkcanvas":
        from netcore.io.networkcanvas import read_networkcanvas

        return read_networkcanvas(files, limits)
    if format == "graphml":
        from netcore.io.graphml import read_graphml

        return read_graphml(files, limits)
    if format == "egor":
        from netcore.io.egor import read_egor

        return read_egor(files, options or ImportOptions(), limits)
    raise ValueError(f"format is one of {', '.join(FORMATS[1:])}, not {format!r}")


def read_dataset(source: str | Path | Mapping[str, bytes], format: str | None = None,
                 options: ImportOptions | None = None, vocabulary: Vocabulary | None = None,
                 limits: Limits = DEFAULT_LIMITS) -> Conversion:
    """Read any supported format into a validated Dataset with the notes on how it was mapped.

    `format` None: detected from the files. `options` only matter for formats other than the canonical one.
    Reading stops at `limits` (`netcore.io.limits`) with one problem naming the limit.
    """
    from netcore.io.mapping import Conversion, ImportOptions, to_dataset

    files = collect(source, limits)
    format = format or detect_format(files, limits)
    if format == "canonical":
        from netcore.io.canonical import read_files
        from netcore.validation import validate

        dataset = validate(read_files(files, limits), *([vocabulary] if vocabulary else []))
        return Conversion(dataset, (), format, options or ImportOptions())
    return to_dataset(read_capture(files, format, options, limits), options, vocabulary)
