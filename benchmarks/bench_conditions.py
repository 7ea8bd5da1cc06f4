"""Benchmark: the S1 status-quo region as a Condition: time and printed size.

Usage::

    python benchmarks/bench_conditions.py [--repeat 3] [--full] [--free w,s_tor,v,k_w] [--lp]
                                          [--credibility stakes|audience|lump-sum]

The model is S1, ``arbiter.scenarios.syria.border_deal.border_deal()`` (three
threats, 18 parameters; backing down costs Russia its stakes ``e v T``, and
``v`` stands for the stakes among the free parameters).
``--credibility lump-sum`` times the first version instead (14 parameters,
backing down costs ``r``; the default ``--free`` is then ``w,s_tor,r,k_w``,
the numbers in earlier commit messages). Rows, each the median of ``--repeat`` cold runs
(the region cache cleared before each), timed with ``time.perf_counter``:

``regimes``
    ``arbiter.regimes`` of the tree with the other parameters at their defaults.
``region``
    ``status_quo_region(model, free=...)``: the regimes plus the exact region
    and its simplification (what a user calls).
``full region`` (with ``--full``)
    ``status_quo_region(model)`` with all parameters free, once.

``--lp`` times the ``region`` row twice more, once with each way of solving
the small LPs behind the exact decisions (``arbiter.conditions._lp``: scipy's
HiGHS object called directly, the default, and ``scipy.optimize.linprog``),
and prints the ratio.

Printed: the region's text, its number of cases and of inequalities, and its
length in characters. Numbers move by tens of percent on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

from arbiter.analysis.region import _region, status_quo_region
from arbiter.conditions import _lp
from arbiter.conditions import condition as _condition
from arbiter.scenarios.syria.border_deal import border_deal
from arbiter.solve.regimes import regimes


def _cold(fn, repeat: int) -> tuple[float, object]:
    times = []
    out = None
    for _ in range(repeat):
        _region.cache_clear()
        _condition._SPACES.clear()  # the exact decisions' caches live on the spaces
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--free", default=None, help="default: w,s_tor,v,k_w (lump-sum: r for v)")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--lp", action="store_true")
    parser.add_argument(
        "--credibility", default="stakes", choices=("stakes", "audience", "lump-sum")
    )
    args = parser.parse_args()
    model = border_deal(credibility=args.credibility)
    stakes = "v" if args.credibility == "stakes" else "r"
    free = tuple((args.free or f"w,s_tor,{stakes},k_w").split(","))
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
    if args.lp:
        default = _lp.BACKEND
        timings = {}
        for backend in ("highs", "linprog"):
            _lp.BACKEND = backend
            timings[backend], _ = _cold(lambda: status_quo_region(model, free=free), args.repeat)
        _lp.BACKEND = default
        print(
            f"  region, LPs by HiGHS directly {timings['highs']:8.2f} s, by linprog "
            f"{timings['linprog']:8.2f} s: {timings['linprog'] / timings['highs']:.1f}x"
        )
    if args.full:
        _region.cache_clear()
        _condition._SPACES.clear()
        t = time.perf_counter()
        full = status_quo_region(model)
        elapsed = time.perf_counter() - t
        print(f"S1, all {len(model.parameters)} parameters free: {len(full.regimes)} regimes")
        print(f"  full region    {elapsed:8.2f} s (once)", flush=True)
        t = time.perf_counter()
        text = str(full.condition)
        print(f"  printing       {time.perf_counter() - t:8.2f} s")
        print(
            f"  size           {len(full.condition)} cases, {full.condition.size} "
            f"inequalities, {len(text)} characters"
        )
        fails = str(full.fails)
        print(
            f"  fails          {len(full.fails)} cases, {full.fails.size} inequalities, "
            f"{len(fails)} characters (the complement, StabilityRegion.fails)"
        )

        print(f"  condition      {text}")


if __name__ == "__main__":
    main()
