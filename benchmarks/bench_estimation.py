"""Benchmark: strategic estimation (``arbiter.estimation``), war1800 and a large simulated sample.

Usage::

    python benchmarks/bench_estimation.py [--repeat 5] [--rows 100000] [--coverage 0] [--seed 0]

Rows, each timed with ``time.perf_counter`` around the fit alone (data loaded
and simulated beforehand), median of ``--repeat`` runs after one warm-up:

``egame12 war1800 <link> <type>``
    ``egame12("esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2",
    load_war1800(), link=, type=)``: starting values by statistical backward
    induction, BFGS with the analytic (reverse-mode) score, Hessian by central
    differences of the score. Target: under 1 s.
``fit <rows> simulated``
    ``fit`` of the egame12 tree with ten coefficients (two regressors in u11,
    two in u14, three in u24, all with intercepts except u24's first) on
    ``--rows`` rows simulated from known coefficients with
    ``simulate(..., seed=--seed)``; probit, agent error. Target: under 10 s.
    The estimates are printed beside the truth.

``--coverage R`` adds the share of R simulated samples of 2,000 rows in which
each nominal 95% Wald interval holds the true coefficient (should be near
0.95; binomial noise about 0.15 / sqrt(R) wide).

Numbers move by tens of percent on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np

from arbiter.estimation import egame12, egame12_tree, fit, load_war1800, simulate

FORMULA = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"
TREE = egame12_tree()  # sq, cap, war
UTILITIES = {"u11": "x1 + x2", "u13": "0", "u14": "x3 + x4", "u24": "z1 + z2 + z3"}
TRUTH = np.array([0.3, -0.5, 0.5, -0.2, 0.8, -0.4, 0.2, 0.6, -0.7, 0.4])


def timed(f, repeat: int) -> tuple[float, object]:
    f()  # warm-up
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--coverage", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    war = load_war1800()
    print(f"{'row':<40} {'median s':>9}  {'target':>6}")
    for link in ("probit", "logit"):
        for kind in ("agent", "private"):
            t, res = timed(
                lambda link=link, kind=kind: egame12(FORMULA, war, link=link, type=kind),
                args.repeat,
            )
            print(
                f"{f'egame12 war1800 {link} {kind}':<40} {t:9.3f}  {'< 1':>6}   llf {res.llf:.3f}"
            )
    data = simulate(TREE, UTILITIES, TRUTH, n=args.rows, seed=args.seed)
    t, res = timed(
        lambda: fit(TREE, data, utilities=UTILITIES, outcome="outcome"), max(1, min(args.repeat, 3))
    )
    print(f"{f'fit {args.rows} simulated':<40} {t:9.3f}  {'< 10':>6}")
    print("  truth    ", np.round(TRUTH, 3).tolist())
    print("  estimate ", np.round(np.asarray(res.params), 3).tolist())
    if args.coverage:
        hits = np.zeros(len(TRUTH))
        for r in range(args.coverage):
            d = simulate(TREE, UTILITIES, TRUTH, n=2000, seed=args.seed + 1 + r)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ci = fit(TREE, d, utilities=UTILITIES, outcome="outcome").conf_int().to_numpy()
            hits += (ci[:, 0] <= TRUTH) & (TRUTH <= ci[:, 1])
        print(f"coverage of 95% intervals over {args.coverage} samples of 2000 rows:")
        print("  ", np.round(hits / args.coverage, 3).tolist())


if __name__ == "__main__":
    main()
