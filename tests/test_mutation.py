"""The mutation check (benchmarks/mutation.py) on the planted bugs of issue 14 (slow).

Each mutant is planted in a temporary copy of ``src/`` and ``tests/`` and its
test files are run there (the script checks first that ``import arbiter`` loads
the copy, not the editable install). Three of the issue's four bugs; the
fourth (``Lt(p, 1)`` in the region) and the rest of the list run with
``python benchmarks/mutation.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "mutation.py"


def load_script():
    spec = importlib.util.spec_from_file_location("arbiter_mutation_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["wilson-z-1.645", "instrument-ci-without-z", "mean-unstable-over-all-draws"]
)
def test_planted_bug_is_caught(name):
    mutation = load_script()
    (mutant,) = [m for m in mutation.MUTANTS if m.name == name]
    verdict, _ = mutation.run(mutant, timeout=300)
    if verdict.startswith("skipped"):
        pytest.skip(f"{name}: {verdict}")
    assert verdict.startswith("yes"), f"{name} ({mutant.why}) was not caught: {verdict}"
