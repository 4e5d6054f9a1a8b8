"""Reading, validating and measuring load no heavy library: each costs start-up time of every command that uses
that path (`validate`, `measures`, `convert`) and of the app's first page."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"sklearn", "statsmodels", "plotly", "networkx", "scipy", "matplotlib"}


@pytest.mark.parametrize("command", ["validate", "measures"])
def test_the_command_loads_no_heavy_library(command):
    code = ("import sys\nfrom netcore.cli import main\nassert main([sys.argv[1], 'sample_data']) == 0\n"
            "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code, command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert not set(run.stderr.split()) & HEAVY
