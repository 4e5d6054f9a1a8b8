"""Gather the files of a dataset, in memory: from a folder, a path, uploaded files, or a .zip of any of them.

Readers of every format start here; nothing is written to disk. Messages about a file inside a .zip name what the
file holds, never its path (the user's folder and file names can be names of people).

Limits (`netcore.io.limits`) hold while reading: a .zip's files are unpacked in chunks, counting the bytes that
actually come out (never the sizes its header claims), and reading stops as soon as one file or the whole .zip
passes its limit. Only the files a reader asks for are unpacked; folders, hidden files and .zip files inside the
.zip are never read (left out, as if absent); a file the reader asks for whose name leads out of the .zip's folder
(`../x.csv`, `/x.csv`, `C:/x.csv`) is not read either, and is a problem (its table would otherwise quietly go
missing).
"""

from __future__ import annotations

import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from netcore.io.limits import (
    DEFAULT_LIMITS,
    LimitExceeded,
    Limits,
    file_unpacks_too_large,
    too_large,
    too_many_files,
    unpacks_too_large,
)
from netcore.problems import DatasetError, Problem

CHUNK = 1 << 20  # bytes unpacked at a time

# What can go wrong reading a file inside a .zip, in plain words, first match wins; zipfile's own texts are never
# shown, as they quote the paths.
ZIP_ERRORS: tuple[tuple[type[Exception], str], ...] = (
    (zipfile.LargeZipFile, "it is too large"),
    (NotImplementedError, "it is compressed in a way that cannot be read"),  # a RuntimeError, so before it
    (RuntimeError, "it is encrypted"),
    (zipfile.BadZipFile, "it is damaged"),
    (zlib.error, "it is damaged"),
    (lzma.LZMAError, "it is damaged"),
    (EOFError, "it is damaged"),
    (OSError, "it is damaged"),
    (ValueError, "it is damaged"),
)
FAILURES = tuple(kind for kind, _ in ZIP_ERRORS)


def is_hidden(path: str) -> bool:
    """Files no one chose: dot files, Office lock files, macOS resource forks."""
    pure = PurePosixPath(path.replace("\\", "/"))
    return pure.name.startswith((".", "~$")) or "__MACOSX" in pure.parts


def leaves_folder(path: str) -> bool:
    """A name inside a .zip that leads out of its folder: "../x.csv", "a/../../x.csv", "/etc/x.csv", "C:/x.csv"."""
    name = path.replace("\\", "/")
    return name.startswith("/") or ".." in PurePosixPath(name).parts or re.match(r"[A-Za-z]:", name) is not None


_DAMAGED = "could not be opened as a .zip archive (it is damaged or not a .zip file)"


def open_zip(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """`data` opened as a .zip (only its list of files is read), at most `limits.files` files in it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except FAILURES:
        raise DatasetError([Problem(file, message=_DAMAGED)]) from None
    if sum(1 for info in archive.infolist() if not info.is_dir()) > limits.files:
        archive.close()
        raise too_many_files(file, limits.files)
    return archive


def unpack_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, limits: Limits = DEFAULT_LIMITS,
                  unpacked: list[int] | None = None, holds: str = "a file") -> Iterator[bytes]:
    """One file of an open .zip, unpacked a chunk at a time, counting the bytes that come out (never the size the
    .zip claims): stops as soon as the file passes `limits.file_bytes` or, with `unpacked[0]` (the bytes already
    unpacked from this .zip, updated here), `limits.total_bytes`. `holds` says what the file holds, for messages."""
    unpacked = [0] if unpacked is None else unpacked
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            unpacked[0] += len(chunk)
            if unpacked[0] > limits.total_bytes:
                raise unpacks_too_large(file, limits.total_bytes)
            if size > limits.file_bytes:
                raise file_unpacks_too_large(file, limits.file_bytes, holds)
            yield chunk


def unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, limits: Limits = DEFAULT_LIMITS,
           unpacked: list[int] | None = None, holds: str = "a file") -> bytes:
    """One file of an open .zip, unpacked within the limits (see `unpack_chunks`)."""
    buffer = io.BytesIO()
    for chunk in unpack_chunks(archive, info, file, limits, unpacked, holds):
        buffer.write(chunk)
    return buffer.getvalue()


def unzip(data: bytes, file: str, describe: Callable[[str], str | None],
          limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """The files of a .zip that `describe` names (it returns what a path holds, for messages, or None to skip)."""
    members: dict[str, bytes] = {}
    problems: list[Problem] = []
    unpacked = [0]
    with open_zip(data, file, limits) as archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or is_hidden(name) or name.lower().endswith(".zip"):
                continue
            holds = describe(name)
            if holds is None:
                continue
            if leaves_folder(name):
                problems.append(Problem(file, message=f"{holds} in the .zip has a name that leads out of the .zip "
                                                      "(up past its top folder, or from the top of a disk), so it was "
                                                      "not read"))
                continue
            try:
                members[name] = unpack(archive, info, file, limits, unpacked, f"{holds} in it")
            except LimitExceeded:
                raise
            except FAILURES as error:
                reason = next(reason for kind, reason in ZIP_ERRORS if isinstance(error, kind))
                problems.append(Problem(file, message=f"{holds} in the .zip could not be read ({reason})"))
    if problems:
        raise DatasetError(problems)
    return members


def zip_names(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """The paths of the files in a .zip (nothing is decompressed), hidden ones left out."""
    with open_zip(data, file, limits) as archive:
        return [info.filename for info in archive.infolist() if not info.is_dir() and not is_hidden(info.filename)]


def _read(path: Path, limits: Limits) -> bytes:
    """A file's bytes, refused before reading when larger than `limits.file_bytes` (and while reading, should it
    grow)."""
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise too_large(path.name, limits.file_bytes)
    with path.open("rb") as handle:  # ask for the size found (+1 to see growth), not the limit: read() sets it aside
        data = handle.read(size + 1)
    if len(data) > limits.file_bytes:
        raise too_large(path.name, limits.file_bytes)
    return data


def collect(source: str | Path | Mapping[str, bytes], limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """File name -> bytes of a folder (its files, not sub-folders), one file, or uploaded files."""
    if isinstance(source, Mapping):
        if len(source) > limits.files:
            raise too_many_files("upload", limits.files, "one upload")
        for name, data in source.items():
            if len(data) > limits.upload_bytes:
                raise too_large(str(name), limits.upload_bytes, "one uploaded file")
        if sum(len(data) for data in source.values()) > limits.total_bytes:
            raise too_large("upload", limits.total_bytes, "one upload")
        return dict(source)
    path = Path(source)
    if path.is_dir():
        children = [child for child in sorted(path.iterdir()) if child.is_file() and not is_hidden(child.name)]
        if len(children) > limits.files:
            raise too_many_files(str(path), limits.files, "one folder")
        files: dict[str, bytes] = {}
        total = 0
        for child in children:
            files[child.name] = _read(child, limits)
            total += len(files[child.name])
            if total > limits.total_bytes:
                raise too_large(str(path), limits.total_bytes, "one folder")
        return files
    if path.is_file():
        return {path.name: _read(path, limits)}
    raise DatasetError([Problem(str(path), message="does not exist")])


def expand(files: Mapping[str, bytes], describe: Callable[[str], str | None],
           limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """`files` with a single .zip among them replaced by the files inside it that `describe` names."""
    archives = [name for name in files if name.lower().endswith(".zip")]
    if len(archives) == 1 and len(files) == 1:
        return unzip(files[archives[0]], archives[0], describe, limits)
    return dict(files)
