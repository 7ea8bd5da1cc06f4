"""Benchmark: single equilibria of big two-player games (Lemke–Howson, sequence-form LCP).

Usage::

    python benchmarks/bench_lcp.py [--sizes 8 16 32 64] [--games 5] [--seed 0] [--repeat 3]
                                   [--budget 30]

Two parts, every solver in this one process, on the same inputs:

* ``bayes2a.efg`` (Gambit's two-stage Bayesian game; 64 x 64 reduced
  strategic form): arbiter's :func:`~arbiter.solve.sequence_form_lcp` (exact,
  integer pivoting) against ``pygambit.nash.lcp_solve`` on the tree
  (sequence form, rational and float), and against Lemke–Howson on the
  strategic form (arbiter's, exact, label 0; nashpy's ``lemke_howson(0)`` in
  floats, run in a subprocess killed after ``--budget`` seconds).
* random ``n x n`` games, standard Gaussian payoffs
  (``numpy.random.default_rng(seed)``): one Lemke–Howson path from label 0 by
  arbiter (float, and exact on the floats' rational values), pygambit's
  ``lcp_solve(stop_after=1)`` (float and rational) and nashpy's
  ``lemke_howson(initial_dropped_label=0)``.

Timing: ``time.perf_counter`` around the solve call only (games built
beforehand); each solve is repeated ``--repeat`` times and the fastest run
counts; the table shows the median over games, and the ratio of each
solver's median to arbiter's (float for the random games, exact for
bayes2a). A solver whose median exceeded ``--budget`` at one size is skipped
at the larger ones.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

import arbiter
from arbiter.games.normal_form import NormalFormGame
from arbiter.solve import lemke_howson, sequence_form_lcp

DATA = Path(__file__).parent.parent / "tests" / "data" / "gambit"


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _nashpy_lh(A: np.ndarray, B: np.ndarray, queue: Any) -> None:
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        nashpy.Game(A, B).lemke_howson(initial_dropped_label=0)
        queue.put(time.perf_counter() - start)


def nashpy_time(A: np.ndarray, B: np.ndarray, budget: float) -> float | None:
    """nashpy's Lemke–Howson in a subprocess; ``None`` if it does not finish within ``budget``."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_nashpy_lh, args=(A, B, queue))
    proc.start()
    proc.join(budget)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None
    return queue.get() if not queue.empty() else None


def row(name: str, t: float | None, ref: float) -> str:
    if t is None:
        return f"  {name:<34} {'> budget':>12}"
    return f"  {name:<34} {t * 1e3:>10.2f}ms {t / ref:>8.2f}x"


def bench_bayes(repeat: int, budget: float) -> None:
    import pygambit as gbt

    tree = arbiter.read_game(DATA / "bayes2a.efg")
    nf = tree.to_normal_form()
    A, B = (np.asarray(nf.as_float()[p], dtype=float) for p in (0, 1))
    g = gbt.read_efg(str(DATA / "bayes2a.efg"))
    ours = best_of(lambda: sequence_form_lcp(tree), repeat)
    times = {
        "arbiter sequence-form LCP (exact)": ours,
        "pygambit lcp_solve (rational)": best_of(
            lambda: gbt.nash.lcp_solve(g, rational=True), repeat
        ),
        "pygambit lcp_solve (float)": best_of(
            lambda: gbt.nash.lcp_solve(g, rational=False), repeat
        ),
        "arbiter Lemke-Howson 64x64 (exact)": best_of(lambda: lemke_howson(nf, label=0), repeat),
        "nashpy lemke_howson 64x64 (float)": nashpy_time(A, B, budget),
    }
    print(
        f"bayes2a.efg (64 x 64 strategic form); ratios to arbiter's sequence form, best of {repeat}"
    )
    for name, t in times.items():
        print(row(name, t, ours))


def bench_random(sizes: list[int], games: int, seed: int, repeat: int, budget: float) -> None:
    import pygambit as gbt

    rng = np.random.default_rng(seed)
    skip: set[str] = set()
    for n in sizes:
        samples: dict[str, list[float | None]] = {}
        for _ in range(games):
            A, B = rng.standard_normal((n, n)), rng.standard_normal((n, n))
            fg = NormalFormGame.from_arrays(A, B)
            gg = gbt.Game.from_arrays(A, B)
            eg = _exact(fg)
            solvers: dict[str, Callable[[], Any]] = {
                "arbiter LH label 0 (float)": partial(lemke_howson, fg, label=0),
                "arbiter LH label 0 (exact)": partial(lemke_howson, eg, label=0),
                "pygambit lcp_solve (float)": partial(
                    gbt.nash.lcp_solve, gg, rational=False, stop_after=1
                ),
                "pygambit lcp_solve (rational)": partial(
                    gbt.nash.lcp_solve, gg, rational=True, stop_after=1
                ),
            }
            for name, fn in solvers.items():
                if name in skip:
                    samples.setdefault(name, []).append(None)
                    continue
                samples.setdefault(name, []).append(best_of(fn, repeat))
            name = "nashpy lemke_howson (float)"
            samples.setdefault(name, []).append(None if name in skip else nashpy_time(A, B, budget))
        ref = statistics.median([t for t in samples["arbiter LH label 0 (float)"] if t])
        print(f"random {n} x {n} ({games} games); median, ratio to arbiter float")
        for name, ts in samples.items():
            done = [t for t in ts if t is not None]
            med = statistics.median(done) if len(done) == len(ts) else None
            print(row(name, med, ref))
            if med is None or med > budget:
                skip.add(name)


def _exact(game: NormalFormGame) -> NormalFormGame:
    from fractions import Fraction

    payoffs = np.empty(game.payoffs.shape, dtype=object)
    payoffs.reshape(-1)[:] = [Fraction(v) for v in game.payoffs.ravel().tolist()]
    return NormalFormGame(payoffs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 16, 32, 64])
    parser.add_argument("--games", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=30.0)
    args = parser.parse_args()
    bench_bayes(args.repeat, args.budget)
    print()
    bench_random(args.sizes, args.games, args.seed, args.repeat, args.budget)


if __name__ == "__main__":
    main()
