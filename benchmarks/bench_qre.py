"""Benchmark: the principal branch of the logit QRE on random games, arbiter vs pygambit.

Usage::

    python benchmarks/bench_qre.py [--size 10] [--games 10] [--seed 0] [--repeat 3]

Draws ``--games`` random ``size x size`` games with independent standard
Gaussian payoffs (``numpy.random.default_rng(seed)``) and traces the branch
of each, in this one process, with:

* ``arbiter``: :func:`arbiter.qre_branch` (default ``tol=1e-8``: the trace
  stops when the regret is within 1e-8 of the largest payoff; with
  ``polish=True`` it may stop earlier, once Newton's method on the
  support's indifference equations gives a profile within that tolerance,
  which is then certified);
* ``arbiter full trace``: the same with ``polish=False`` (the trace itself
  goes on to regret 1e-8, as Gambit's does);
* ``gambit``: ``pygambit.nash.logit_solve(game)`` (``maxregret=1e-8``,
  relative to the payoff range), on ``pygambit.Game.from_arrays(A, B)``.

Timing: ``time.perf_counter`` around the solve call only; the solvers take
turns on each game; each runs ``--repeat`` times per game and the fastest run
counts. Printed: the median time per solver, the ratio of the medians to
gambit's, and on how many games arbiter's certified limit equals gambit's
limit (within 1e-6 in max norm).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10)
    parser.add_argument("--games", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import arbiter

    try:
        import pygambit
    except ImportError:  # pragma: no cover
        pygambit = None
        print("pygambit is not installed: arbiter only")

    rng = np.random.default_rng(args.seed)
    times: dict[str, list[float]] = {"arbiter": [], "arbiter full trace": [], "gambit": []}
    same = 0
    steps = []
    for _ in range(args.games):
        A, B = rng.normal(size=(2, args.size, args.size))
        game = arbiter.NormalFormGame.from_arrays(A, B)
        gg = pygambit.Game.from_arrays(A, B) if pygambit is not None else None

        def run_arbiter(game=game):
            return arbiter.qre_branch(game)

        def run_full(game=game):
            return arbiter.qre_branch(game, polish=False)

        def run_gambit(gg=gg):
            return pygambit.nash.logit_solve(gg)

        solvers = {"arbiter": run_arbiter, "arbiter full trace": run_full}
        if gg is not None:
            solvers["gambit"] = run_gambit
        results = {}
        for name, fn in solvers.items():
            best = float("inf")
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                results[name] = fn()
                best = min(best, time.perf_counter() - t0)
            times[name].append(best)
        steps.append(results["arbiter"].steps)
        if gg is not None:
            theirs = results["gambit"].equilibria[0]
            ref = np.concatenate([[float(theirs[s]) for s in p.strategies] for p in gg.players])
            mine = np.concatenate(
                [np.asarray(s, dtype=float) for s in results["arbiter"].equilibrium.strategies]
            )
            same += bool(np.abs(mine - ref).max() <= 1e-6)

    print(
        f"logit QRE principal branch, {args.games} random {args.size}x{args.size} games "
        f"(seed {args.seed}), best of {args.repeat}"
    )
    base = statistics.median(times["gambit"]) if times["gambit"] else None
    print(f"{'solver':<22}{'median s':>12}{'vs gambit':>12}")
    for name, ts in times.items():
        if not ts:
            continue
        med = statistics.median(ts)
        ratio = f"{med / base:.2f}x" if base else "-"
        print(f"{name:<22}{med:>12.4f}{ratio:>12}")
    print(f"arbiter steps (median): {statistics.median(steps):.0f}")
    if base:
        print(f"same limit as gambit: {same}/{args.games}")


if __name__ == "__main__":
    main()
