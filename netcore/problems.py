"""Problems found in a dataset, and the error types netcore raises for data it cannot use (kept here, light to
import, so the CLI and app can catch them without loading the analysis modules)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as we can: file, spreadsheet row, column.

    There is deliberately no place for the value: a value in the wrong column can be a name, so no message quotes one.
    """

    file: str
    row: int | None = None
    column: str | None = None
    message: str = ""

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file} row {self.row}"
        return f"{where}: {self.message}"


class DatasetError(Exception):
    """The data cannot be used; `problems` lists every reason found, in plain words."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class TypologyError(ValueError):
    """The data cannot be split into the asked number of types; the message says why in plain words."""


class AssociationError(ValueError):
    """The association model cannot be fitted on this data; the message says why in plain words."""


class ScenarioError(ValueError):
    """A change to a map cannot be made; the message says why in plain words, quotes no value, and is shown as is."""


class CompositeError(ValueError):
    """No composite map is made of a kind of network: too few people have it; the message says so in plain words."""
