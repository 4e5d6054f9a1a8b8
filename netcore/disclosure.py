"""Small-cell suppression: counts of 1-4 people are never shown in aggregate views unless switched off."""

from __future__ import annotations

SMALL_CELL_LIMIT = 5
SUPPRESSED = "<5"


def is_small(count: int) -> bool:
    """A count that could point at a few identifiable people (1 to 4; 0 is safe to show)."""
    return 0 < count < SMALL_CELL_LIMIT


def count_text(count: int, suppress: bool = True) -> str:
    """A count of people as text: "<5" for 1-4 when suppressing, else the number with thousands separators."""
    return SUPPRESSED if suppress and is_small(count) else f"{count:,}"
