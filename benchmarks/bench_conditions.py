"""Benchmark: the S1 status-quo region as a Condition: time and printed size.

Usage::

    python benchmarks/bench_conditions.py [--repeat 3] [--full] [--free w,s_tor,r,k_w]

The model is S1, ``arbiter.scenarios.syria.border_deal.border_deal()`` (three
threats, 14 parameters). Rows, each the median of ``--repeat`` cold runs
(the region cache cleared before each), timed with ``time.perf_counter``:

``regimes``
    ``arbiter.regimes`` of the tree with the other parameters at their defaults.
``region``
    ``status_quo_region(model, free=...)``: the regimes plus the exact region
    and its simplification (what a user calls).
``full region`` (with ``--full``)
    ``status_quo_region(model)`` with all 14 parameters free, once.

Printed: the region's text, its number of cases and of inequalities, and its
length in characters. Numbers move by tens of percent on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

from arbiter.analysis.region import _region, status_quo_region
from arbiter.scenarios.syria.border_deal import border_deal
from arbiter.solve.regimes import regimes


def _cold(fn, repeat: int) -> tuple[float, object]:
    times = []
    out = None
    for _ in range(repeat):
        _region.cache_clear()
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--free", default="w,s_tor,r,k_w")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    model = border_deal()
    free = tuple(args.free.split(","))
    fixed = {n: v for n, v in model.values().items() if n not in free}
    used = {s.name for s in model.game.parameters}
    tree = model.game.subs({n: v for n, v in fixed.items() if n in used})
    t_regimes, regs = _cold(lambda: regimes(tree), args.repeat)
    t_region, region = _cold(lambda: status_quo_region(model, free=free), args.repeat)
    text = str(region.condition)
    print(f"S1, free {free}: {len(regs)} regimes")
    print(f"  regimes        {t_regimes:8.2f} s (median of {args.repeat})")
    print(f"  region         {t_region:8.2f} s (median of {args.repeat})")
    print(f"  condition      {text}")
    print(
        f"  size           {len(region.condition)} cases, {region.condition.size} inequalities, "
        f"{len(text)} characters"
    )
    if args.full:
        _region.cache_clear()
        t = time.perf_counter()
        full = status_quo_region(model)
        elapsed = time.perf_counter() - t
        print(f"S1, all 14 parameters free: {len(full.regimes)} regimes")
        print(f"  full region    {elapsed:8.2f} s (once)", flush=True)
        t = time.perf_counter()
        text = str(full.condition)
        print(f"  printing       {time.perf_counter() - t:8.2f} s")
        print(
            f"  size           {len(full.condition)} cases, {full.condition.size} "
            f"inequalities, {len(text)} characters"
        )
        print(f"  condition      {text}")


if __name__ == "__main__":
    main()
