"""Benchmark: S1 stability maps and robustness, against solving cell by cell.

Usage::

    python benchmarks/bench_analysis.py [--resolution 1000] [--sample 200] [--draws 1000000]
                                        [--x w] [--y v] [--seed 0] [--workers 2]

The model is S1, ``arbiter.scenarios.syria.border_deal.border_deal()`` (three
threats, 18 parameters, 68 outcomes; backing down costs Russia its stakes
``e v T``, so ``v`` is the default second axis; the numbers in
``benchmarks/README.md`` were measured on the first version, with ``r``). Rows, each timed with
``time.perf_counter``:

``map (cold)``
    ``stability_map(model, x, y, resolution)`` with the region cache cleared:
    the regimes of the tree in ``x, y`` (the other parameters at their
    defaults), their compilation to numpy, and the grid. The target is under
    5 s for 1000 x 1000.
``map (warm)``
    The same call again (the region is cached per model): compilation and grid
    only; best of 3.
``map, batched numeric``
    ``method="numeric"``: vectorised backward induction over all cells, no
    regimes.
``cell by cell``
    ``--sample`` random cells of the same grid, each solved from scratch:
    ``model.at(values)`` then ``arbiter.solve.spe.subgame_perfect``, stable
    when every SPE reaches the status quo. The mean time per cell times the
    number of cells estimates the whole map; the ratio to ``map (cold)`` must
    be at least 1000. The sampled cells are checked against the map.
``robustness``
    ``robustness(model, n=--draws)`` here, and on a
    ``ProcessPoolExecutor(--workers)`` (same result, checked).

Numbers move by tens of percent on a shared machine.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from arbiter.analysis import robustness, stability_map
from arbiter.analysis.region import _region
from arbiter.scenarios.syria.border_deal import border_deal
from arbiter.solve.spe import subgame_perfect

REQUIRED_SPEEDUP = 1000
TARGET_SECONDS = 5.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resolution", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--x", default="w")
    parser.add_argument("--y", default="v")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    model = border_deal()
    res = args.resolution
    cells = res * res
    rows: list[tuple[str, str, str]] = []

    _region.cache_clear()
    t0 = time.perf_counter()
    smap = stability_map(model, args.x, args.y, resolution=res, progress=False)
    t_cold = time.perf_counter() - t0
    rows.append((f"map {res}x{res} (cold: regimes + compile + grid)", f"{t_cold:.3f} s", ""))

    t_warm = min(
        _timed(lambda: stability_map(model, args.x, args.y, resolution=res, progress=False))
        for _ in range(3)
    )
    rows.append((f"map {res}x{res} (warm: region cached)", f"{t_warm:.3f} s", "best of 3"))

    t0 = time.perf_counter()
    numeric = stability_map(model, args.x, args.y, resolution=res, method="numeric", progress=False)
    t_num = time.perf_counter() - t0
    agree = float((numeric.values == smap.values).mean())
    rows.append(
        (f"map {res}x{res}, batched numeric", f"{t_num:.3f} s", f"agrees on {agree:.4%} of cells")
    )

    rng = np.random.default_rng(args.seed)
    picks = rng.integers(0, res, size=(args.sample, 2))
    mismatches = 0
    t0 = time.perf_counter()
    for i, j in picks:
        point = {args.x: float(smap.x_values[j]), args.y: float(smap.y_values[i])}
        eqs = subgame_perfect(model.at(point))
        stable = all(float(e.outcome.get(model.status_quo, 0)) == 1.0 for e in eqs)
        mismatches += stable != bool(smap.values[i, j])
    t_cells = time.perf_counter() - t0
    per_cell = t_cells / args.sample
    estimate = per_cell * cells
    speedup = estimate / t_cold
    rows.append(
        (
            f"cell by cell ({args.sample} cells, extrapolated)",
            f"{estimate:.0f} s",
            f"{per_cell * 1e3:.2f} ms/cell; {mismatches} disagreements",
        )
    )
    rows.append(("speedup of the map (cold) over cell by cell", f"{speedup:,.0f}x", ""))

    t0 = time.perf_counter()
    rob = robustness(model, n=args.draws, seed=args.seed, progress=False)
    t_rob = time.perf_counter() - t0
    rows.append(
        (
            f"robustness, {args.draws:,} draws, no executor",
            f"{t_rob:.3f} s",
            f"share {rob.share:.4f} [{rob.ci_low:.4f}, {rob.ci_high:.4f}]",
        )
    )
    with ProcessPoolExecutor(args.workers) as pool:
        t0 = time.perf_counter()
        rob_p = robustness(model, n=args.draws, seed=args.seed, executor=pool, progress=False)
        t_pool = time.perf_counter() - t0
    rows.append(
        (
            f"robustness, {args.draws:,} draws, {args.workers} processes",
            f"{t_pool:.3f} s",
            "same result" if rob_p.stable == rob.stable else "DIFFERENT RESULT",
        )
    )

    width = max(len(r[0]) for r in rows)
    print(f"S1 border deal, x={args.x}, y={args.y}, seed={args.seed}")
    print(f"{'step':<{width}}  {'time':>12}  note")
    print("-" * (width + 40))
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}")
    print()
    ok_time = t_cold < TARGET_SECONDS
    ok_speed = speedup >= REQUIRED_SPEEDUP
    print(f"target: map under {TARGET_SECONDS:g} s: {'met' if ok_time else 'MISSED'}")
    print(
        f"target: at least {REQUIRED_SPEEDUP}x faster than cell by cell: "
        f"{'met' if ok_speed else 'MISSED'}"
    )
    return 0 if ok_time and ok_speed and mismatches == 0 and rob_p.stable == rob.stable else 1


def _timed(fn: object) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t0


if __name__ == "__main__":
    raise SystemExit(main())
