"""Fixtures shared by every test layer."""

import os
from pathlib import Path

import pytest

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"


@pytest.fixture(scope="session")
def realdata_dir() -> Path:
    """../shared/realdata (read-only, never copied into the project): fails in CI when missing, skips elsewhere."""
    if not REALDATA.is_dir():
        message = f"real third-party data not found at {REALDATA}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return REALDATA
