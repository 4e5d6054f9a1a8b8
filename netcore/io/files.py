"""Gather the files of a dataset, in memory: from a folder, a path, uploaded files, or a .zip of any of them.

Readers of every format start here; nothing is written to disk. Messages about a file inside a .zip name what the
file holds, never its path (the user's folder and file names can be names of people).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from netcore.problems import DatasetError, Problem

# What can go wrong reading a file inside a .zip, in plain words, first match wins; zipfile's own texts are never
# shown, as they quote the paths.
ZIP_ERRORS: tuple[tuple[type[Exception], str], ...] = (
    (zipfile.LargeZipFile, "it is too large"),
    (NotImplementedError, "it is compressed in a way that cannot be read"),  # a RuntimeError, so before it
    (RuntimeError, "it is encrypted"),
    (zipfile.BadZipFile, "it is damaged"),
    (zlib.error, "it is damaged"),
    (EOFError, "it is damaged"),
    (OSError, "it is damaged"),
    (ValueError, "it is damaged"),
)
_FAILURES = tuple(kind for kind, _ in ZIP_ERRORS)


def is_hidden(path: str) -> bool:
    """Files no one chose: dot files, Office lock files, macOS resource forks."""
    pure = PurePosixPath(path.replace("\\", "/"))
    return pure.name.startswith((".", "~$")) or "__MACOSX" in pure.parts


def unzip(data: bytes, file: str, describe: Callable[[str], str | None]) -> dict[str, bytes]:
    """The files of a .zip that `describe` names (it returns what a path holds, for messages, or None to skip)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _FAILURES:
        raise DatasetError([Problem(file, message="could not be opened as a .zip archive "
                                                  "(it is damaged or not a .zip file)")]) from None
    members: dict[str, bytes] = {}
    problems: list[Problem] = []
    with archive:
        for info in archive.infolist():
            holds = None if info.is_dir() or is_hidden(info.filename) else describe(info.filename)
            if holds is None:
                continue
            try:
                members[info.filename] = archive.read(info)
            except _FAILURES as error:
                reason = next(reason for kind, reason in ZIP_ERRORS if isinstance(error, kind))
                problems.append(Problem(file, message=f"{holds} in the .zip could not be read ({reason})"))
    if problems:
        raise DatasetError(problems)
    return members


def zip_names(data: bytes, file: str) -> list[str]:
    """The paths of the files in a .zip (nothing is decompressed), hidden ones left out."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [info.filename for info in archive.infolist() if not info.is_dir() and not is_hidden(info.filename)]
    except _FAILURES:
        raise DatasetError([Problem(file, message="could not be opened as a .zip archive "
                                                  "(it is damaged or not a .zip file)")]) from None


def collect(source: str | Path | Mapping[str, bytes]) -> dict[str, bytes]:
    """File name -> bytes of a folder (its files, not sub-folders), one file, or uploaded files."""
    if isinstance(source, Mapping):
        return dict(source)
    path = Path(source)
    if path.is_dir():
        return {child.name: child.read_bytes() for child in sorted(path.iterdir())
                if child.is_file() and not is_hidden(child.name)}
    if path.is_file():
        return {path.name: path.read_bytes()}
    raise DatasetError([Problem(str(path), message="does not exist")])


def expand(files: Mapping[str, bytes], describe: Callable[[str], str | None]) -> dict[str, bytes]:
    """`files` with a single .zip among them replaced by the files inside it that `describe` names."""
    archives = [name for name in files if name.lower().endswith(".zip")]
    if len(archives) == 1 and len(files) == 1:
        return unzip(files[archives[0]], archives[0], describe)
    return dict(files)
