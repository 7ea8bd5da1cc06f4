"""Mutation check: plant one-line bugs in a copy of the library and see which the tests catch.

Usage::

    python benchmarks/mutation.py [--only NAME[,NAME...]] [--timeout 600] [--list]

For each mutant below (a file under ``src/arbiter``, a line's original text and
its replacement), ``src/``, ``tests/`` and ``pyproject.toml`` are copied to a
fresh temporary directory, the bug is planted in the copy, and the mutant's
test files are run there with ``python -m pytest -x -q -p no:cacheprovider``,
from inside the copy and with ``PYTHONPATH`` pointing at the copy's ``src``
(the package is installed editable from the working tree: the script checks,
before each run, that ``import arbiter`` loads the copy). A mutant is *caught*
when pytest reports a failure; a mutant whose original text is no longer in
its file (the code moved on) is skipped and reported as such. The first
mutant, ``control``, breaks ``import arbiter`` outright: if it is not caught,
the runs are not testing the copy.

Printed: one row per mutant (name, test files run, caught, seconds) and the
kill rate over the mutants that ran (the control excluded). The exit code is
1 when a mutant that ran was not caught, else 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Mutant:
    """A planted bug: in ``file`` (under src/arbiter), ``original`` becomes ``replacement``."""

    name: str
    file: str
    original: str
    replacement: str
    tests: tuple[str, ...]
    why: str


MUTANTS = (
    Mutant(
        "control",
        "__init__.py",
        '__version__ = "0.1.0"',
        'raise ImportError("planted by benchmarks/mutation.py")',
        ("tests/test_public_names.py",),
        "import arbiter fails: must be caught, else the runs do not test the copy",
    ),
    # ---------------------------------------------------------------- the four
    Mutant(
        "wilson-z-1.645",
        "analysis/robustness.py",
        "def wilson_interval(successes: int, n: int, z: float = Z95)",
        "def wilson_interval(successes: int, n: int, z: float = 1.645)",
        ("tests/test_statistics.py", "tests/test_analysis.py"),
        "Wilson interval at 90% instead of 95%",
    ),
    Mutant(
        "instrument-ci-without-z",
        "analysis/thresholds.py",
        "half = Z95 * math.sqrt(var / n)",
        "half = math.sqrt(var / n)",
        ("tests/test_statistics.py", "tests/test_analysis.py"),
        "instrument-value interval of one standard error",
    ),
    Mutant(
        "mean-unstable-over-all-draws",
        "analysis/robustness.py",
        "mean_un = (sum_all[j] - sum_stable[j]) / (n - stable) if n > stable else math.nan",
        "mean_un = sum_all[j] / n if n > stable else math.nan",
        ("tests/test_statistics.py", "tests/test_analysis.py"),
        "mean_unstable averaged over every draw",
    ),
    Mutant(
        "region-Lt-to-Le",
        "analysis/region.py",
        "sympy.Lt(p, 1)",
        "sympy.Le(p, 1)",
        ("tests/test_region_chance.py", "tests/test_analysis.py"),
        "status quo reached through chance: p = 1 counted as leaving (old region code)",
    ),
    Mutant(
        "reach-below-one-weak",
        "solve/regimes.py",
        "return Condition(space, [frozenset(_lits(space, [(1 - prob, True)]))])",
        "return Condition(space, [frozenset(_lits(space, [(1 - prob, False)]))])",
        ("tests/test_region_chance.py", "tests/test_analysis.py"),
        "the same bug in the Condition-based region: p < 1 read as p <= 1",
    ),
    # ---------------------------------------------------------------- statistics
    Mutant(
        "quartiles-by-thirds",
        "analysis/robustness.py",
        "quartile = np.minimum((uniforms.T * 4).astype(np.intp), 3)",
        "quartile = np.minimum((uniforms.T * 3).astype(np.intp), 3)",
        ("tests/test_statistics.py", "tests/test_analysis.py"),
        "quartile shares computed on thirds",
    ),
    Mutant(
        "instrument-gained-lost-swapped",
        "analysis/thresholds.py",
        "int(patterns[3]), int(patterns[1]), int(patterns[2])",
        "int(patterns[3]), int(patterns[2]), int(patterns[1])",
        ("tests/test_statistics.py", "tests/test_analysis.py"),
        "draws stable only with the instrument counted as only without",
    ),
    Mutant(
        "batch-sure-at-one-half",
        "analysis/_batch.py",
        "PROB_TOL = 1e-9",
        "PROB_TOL = 0.5",
        ("tests/test_statistics.py", "tests/test_analysis.py"),
        "the batch solver calls a status quo reached with probability 1/2 sure",
    ),
    # ---------------------------------------------------------------- profiles and solvers
    Mutant(
        "best-responses-worst",
        "games/profiles.py",
        "best = max(vals, key=lambda v: float(v) if isinstance(v, sympy.Basic) else v)",
        "best = min(vals, key=lambda v: float(v) if isinstance(v, sympy.Basic) else v)",
        ("tests/test_public_names.py", "tests/test_games.py"),
        "best_responses returns the worst replies",
    ),
    Mutant(
        "expected-payoff-misaligned",
        "games/profiles.py",
        "zip(profile[p], vals)), start=0 * vals[0]))",
        "zip(profile[p][::-1], vals)), start=0 * vals[0]))",
        ("tests/test_public_names.py", "tests/test_games.py"),
        "expected payoff pairs probabilities with the wrong actions",
    ),
    Mutant(
        "regret-sign",
        "games/profiles.py",
        "gains = [_simplify(v - payoff) for v in vals]",
        "gains = [_simplify(payoff - v) for v in vals]",
        ("tests/test_public_names.py", "tests/test_games.py"),
        "regret measured the wrong way round",
    ),
    Mutant(
        "critical-delta-denominator",
        "solve/repeated.py",
        "value = sympy.simplify((T - R) / (T - P))",
        "value = sympy.simplify((T - R) / (R - P))",
        ("tests/test_public_names.py", "tests/test_repeated.py"),
        "grim trigger with the one-period formula (T-R)/(R-P)",
    ),
    Mutant(
        "non-credible-best-all-actions",
        "solve/spe.py",
        "best=tuple(close),",
        "best=tuple(labels),",
        ("tests/test_public_names.py", "tests/test_spe.py"),
        "NonCredibleChoice.best lists every action",
    ),
    Mutant(
        "pure-equilibria-near-best",
        "solve/pure.py",
        "mask &= u == best",
        "mask &= u >= best - 1",
        ("tests/test_pure.py", "tests/test_public_names.py"),
        "a pure profile within 1 of a best reply counts as an equilibrium",
    ),
)


def copy_tree(dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", "*.egg-info")
    shutil.copytree(ROOT / "src", dest / "src", ignore=ignore)
    shutil.copytree(ROOT / "tests", dest / "tests", ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")


def environment(dest: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(dest / "src")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("HYPOTHESIS_PROFILE", None)  # the reproducible ci profile
    return env


def imports_the_copy(dest: Path, env: dict[str, str]) -> bool:
    """``import arbiter`` from the copy's directory loads the copy (checked on a clean copy)."""
    done = subprocess.run(
        [sys.executable, "-c", "import arbiter; print(arbiter.__file__)"],
        cwd=dest,
        env=env,
        capture_output=True,
        text=True,
    )
    return done.returncode == 0 and Path(done.stdout.strip()).is_relative_to(dest / "src")


def run(mutant: Mutant, timeout: float) -> tuple[str, float]:
    """Plant ``mutant`` in a fresh copy and run its tests: (verdict, seconds)."""
    path = ROOT / "src" / "arbiter" / mutant.file
    text = path.read_text(encoding="utf-8")
    count = text.count(mutant.original)
    if count == 0:
        return "skipped: original text not in the file", 0.0
    if count > 1:
        return f"skipped: original text found {count} times", 0.0
    with tempfile.TemporaryDirectory(prefix="arbiter-mutant-") as tmp:
        dest = Path(tmp)
        copy_tree(dest)
        env = environment(dest)
        if not imports_the_copy(dest, env):
            return "error: the copy is not what gets imported", 0.0
        target = dest / "src" / "arbiter" / mutant.file
        target.write_text(text.replace(mutant.original, mutant.replacement), encoding="utf-8")
        cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
        cmd += ["-p", "no:randomly", *mutant.tests]
        start = time.perf_counter()
        try:
            done = subprocess.run(cmd, cwd=dest, env=env, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return f"yes (timeout {timeout:.0f} s)", time.perf_counter() - start
        seconds = time.perf_counter() - start
    if done.returncode == 0:
        return "no", seconds
    if done.returncode == 1:
        return "yes", seconds
    return f"yes (pytest exit {done.returncode})", seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated mutant names")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per mutant")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args(argv)
    mutants = MUTANTS
    if args.only:
        names = args.only.split(",")
        unknown = sorted(set(names) - {m.name for m in MUTANTS})
        if unknown:
            parser.error(f"unknown mutants {unknown}")
        mutants = tuple(m for m in MUTANTS if m.name in names)
    if args.list:
        for m in mutants:
            print(f"{m.name:32} {m.file:26} {m.why}")
        return 0
    rows = []
    print(f"{'mutant':32} | {'test files':52} | {'caught':40} | seconds", flush=True)
    print(f"{'-' * 32}-|-{'-' * 52}-|-{'-' * 40}-|--------", flush=True)
    for m in mutants:
        verdict, seconds = run(m, args.timeout)
        rows.append((m, verdict))
        files = ", ".join(Path(t).name for t in m.tests)
        print(f"{m.name:32} | {files:52} | {verdict:40} | {seconds:7.1f}", flush=True)
    ran = [
        (m, v) for m, v in rows if m.name != "control" and not v.startswith(("skipped", "error"))
    ]
    caught = sum(v.startswith("yes") for _, v in ran)
    skipped = [m.name for m, v in rows if v.startswith("skipped")]
    print(f"\ncaught {caught} of {len(ran)} mutants that ran", end="")
    print(f"; skipped (code moved on): {', '.join(skipped)}" if skipped else "")
    control = [v for m, v in rows if m.name == "control"]
    if control and not control[0].startswith("yes"):
        print("the control mutant was not caught: the runs did not test the copy")
        return 1
    return 0 if caught == len(ran) else 1


if __name__ == "__main__":
    sys.exit(main())
