"""Benchmark: a stability map from compiled regimes versus solving cell by cell.

Usage::

    python benchmarks/bench_regimes.py [--resolution 1000] [--sample 200] [--seed 0]
                                       [--x r] [--y c_s] [--solver auto|spe|simple]

The game is an S1-like border deal (SCENARIOS.md, built below with 12
non-negative parameters): Russia announces no threat, a threat to Iran, a
threat to Israel or both; Iran restrains or entrenches; Israel keeps its
strikes limited or raids deep; where a threat's trigger happened, Russia
carries it out or backs down (reputation cost ``r``).

Steps, each timed with ``time.perf_counter``:

1. ``regimes(tree)``: the symbolic regimes with exact conditions (once).
2. ``RegimeClassifier(regimes)``: the conditions compiled to numpy (once).
3. The map: the classifier on a ``resolution x resolution`` grid over ``--x``
   and ``--y`` (each from 0 to 4), the other parameters at the defaults below;
   best of 3 runs.
4. Cell by cell: ``--sample`` random cells of the same grid, each solved
   numerically from scratch the way a map without regimes would be:
   ``tree.subs(values)`` with the cell's exact values, then the subgame-perfect
   equilibria (``arbiter.subgame_perfect`` when available, ``--solver spe``;
   else, or with ``--solver simple``, the exact backward induction below). The
   mean time per cell, times the number of cells, estimates the map solved
   cell by cell.

It prints the ratio of (4) to (3), which must be at least 1000, and checks on
the sampled cells that the regime the map shows is a subgame-perfect
equilibrium there (its profile is among the numeric solver's).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from arbiter.games.tree import Chance, Decision, Node, Outcome, SequentialGame, decision, outcome
from arbiter.solve.regimes import RegimeClassifier, regimes

NAMES = "g_I d_I w c g_D e s v k c_w c_s r"

#: Illustrative defaults (not measured): Iran's gain from entrenching, its damage
#: from deep raids, its loss without air support; Israel's cost of unanswered
#: entrenchment, gain from deep raids, extra gain on entrenched forces, loss from
#: S-300; Russia's value of the status quo, loss from open confrontation, costs of
#: withdrawing support and of supplying air defences, reputation cost of backing down.
DEFAULTS = dict(g_I=2, d_I=3, w=4, c=2, g_D=2, e=1, s=3, v=5, k=10, c_w=1, c_s=1, r=2)

REQUIRED_SPEEDUP = 1000


def border_deal() -> SequentialGame:
    """The S1-like tree (see the module docstring)."""
    g_i, d_i, w, c, g_d, e, s, v, k, c_w, c_s, r = (
        sympy.Symbol(n, nonnegative=True) for n in NAMES.split()
    )

    def leaf(entrench: bool, deep: bool, withdrawn: bool, supplied: bool, backdowns: int) -> Node:
        iran = (g_i if entrench else 0) - (d_i if deep else 0) - (w if withdrawn else 0)
        israel = (
            (-c if entrench and not deep else 0)
            + (g_d if deep else 0)
            + (e if entrench and deep else 0)
            - (s if supplied else 0)
        )
        quiet = not (entrench or deep or withdrawn or supplied)
        russia = (
            (v if quiet else 0)
            - (k if entrench and deep else 0)
            - (c_w if withdrawn else 0)
            - (c_s if supplied else 0)
            - r * backdowns
        )
        label = "status quo" if quiet else None
        return outcome({"Russia": russia, "Iran": iran, "Israel": israel}, label=label)

    def follow_through(warn_iran: bool, warn_israel: bool, entrench: bool, deep: bool) -> Node:
        def israel_threat(withdrawn: bool, backdowns: int) -> Node:
            if warn_israel and deep:
                return decision(
                    "Russia",
                    {
                        "supply": leaf(entrench, deep, withdrawn, True, backdowns),
                        "back down": leaf(entrench, deep, withdrawn, False, backdowns + 1),
                    },
                )
            return leaf(entrench, deep, withdrawn, False, backdowns)

        if warn_iran and entrench:
            return decision(
                "Russia",
                {"withdraw": israel_threat(True, 0), "back down": israel_threat(False, 1)},
            )
        return israel_threat(False, 0)

    def posture(warn_iran: bool, warn_israel: bool) -> Node:
        return decision(
            "Iran",
            {
                move: decision(
                    "Israel",
                    {
                        raid: follow_through(
                            warn_iran, warn_israel, move == "entrench", raid == "deep"
                        )
                        for raid in ("limited", "deep")
                    },
                )
                for move in ("restrain", "entrench")
            },
        )

    root = decision(
        "Russia",
        {
            "none": posture(False, False),
            "warn Iran": posture(True, False),
            "warn Israel": posture(False, True),
            "both": posture(True, True),
        },
    )
    return SequentialGame(root, players=("Russia", "Iran", "Israel"))


# ------------------------------------------------------------ numeric solvers
def simple_spe(tree: SequentialGame) -> list[dict[str, str]]:
    """Every pure SPE of an exact perfect-information tree (exact backward induction, ties kept)."""

    def solve(node: Node, path: tuple[str, ...]) -> list[tuple[dict[str, str], tuple]]:
        if isinstance(node, Outcome):
            return [({}, tuple(Fraction(x) for x in node.payoffs))]
        if isinstance(node, Chance):
            raise NotImplementedError("no chance nodes in this benchmark")
        assert isinstance(node, Decision)
        m = tree.players.index(node.player)
        h = tree.infoset_of(path)
        actions = [a for a, _ in node.moves]
        # The children are independent subgames: combine their equilibria.
        combos: list[tuple[dict[str, str], list[tuple]]] = [({}, [])]
        for a, child in node.moves:
            sols = solve(child, (*path, a))
            combos = [({**p, **q}, [*vals, v]) for p, vals in combos for q, v in sols]
        out = []
        for prof, vals in combos:
            best = max(v[m] for v in vals)
            out.extend(({**prof, h: a}, v) for a, v in zip(actions, vals) if v[m] == best)
        return out

    return [p for p, _ in solve(tree.root, ())]


def spe_solver() -> Callable[[SequentialGame], list[dict[str, str]]] | None:
    try:
        from arbiter.solve.spe import subgame_perfect
    except ImportError:
        return None

    def solve(tree: SequentialGame) -> list[dict[str, str]]:
        return [
            {
                h: next(a for a, p in d.items() if p != 0)
                for plan in eq.strategies
                for h, d in plan.items()
            }
            for eq in subgame_perfect(tree)
        ]

    return solve


# ------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resolution", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--x", default="r")
    parser.add_argument("--y", default="c_s")
    parser.add_argument("--solver", choices=("auto", "spe", "simple"), default="auto")
    args = parser.parse_args(argv)

    tree = border_deal()
    t0 = time.perf_counter()
    regs = regimes(tree)
    t_regimes = time.perf_counter() - t0
    print(
        f"tree: {len(tree.outcomes)} outcomes, {len(tree.infosets)} decision nodes, "
        f"{len(tree.parameters)} parameters"
    )
    print(f"regimes(tree): {len(regs)} regimes in {t_regimes:.2f} s")

    t0 = time.perf_counter()
    clf = RegimeClassifier(regs)
    t_build = time.perf_counter() - t0
    print(f"RegimeClassifier: {clf!r} built in {t_build * 1e3:.1f} ms")

    n = args.resolution
    xs = np.linspace(0.0, 4.0, n)
    ys = np.linspace(0.0, 4.0, n)
    values: dict[str, Any] = {k: float(v) for k, v in DEFAULTS.items()}
    values[args.x] = xs[:, None]
    values[args.y] = ys[None, :]
    best = float("inf")
    grid = None
    for _ in range(3):
        t0 = time.perf_counter()
        grid = clf(values)
        best = min(best, time.perf_counter() - t0)
    assert grid is not None
    cells = n * n
    shown = np.unique(grid, return_counts=True)
    print(
        f"map {n} x {n} over ({args.x}, {args.y}): {best:.3f} s "
        f"({best / cells * 1e9:.1f} ns per cell); regimes on the map "
        f"{dict(zip(shown[0].tolist(), shown[1].tolist()))}"
    )

    solver = None if args.solver == "simple" else spe_solver()
    if args.solver == "spe" and solver is None:
        raise SystemExit("arbiter.solve.spe is not available")
    name = "arbiter subgame_perfect" if solver is not None else "exact backward induction"
    solve = solver or simple_spe
    rng = np.random.default_rng(args.seed)
    picks = [(int(rng.integers(n)), int(rng.integers(n))) for _ in range(args.sample)]
    agree = 0
    elapsed = 0.0
    for i, j in picks:
        point = {k: Fraction(v) for k, v in DEFAULTS.items()}
        point[args.x] = Fraction(float(xs[i]))
        point[args.y] = Fraction(float(ys[j]))
        t0 = time.perf_counter()
        profiles = solve(tree.subs(point))
        elapsed += time.perf_counter() - t0
        shown_regime = regs[int(grid[i, j])]
        agree += shown_regime.profile in profiles
    per_cell = elapsed / len(picks)
    estimate = per_cell * cells
    ratio = estimate / best
    print(
        f"cell by cell ({name}, tree.subs + solve, {len(picks)} cells sampled): "
        f"{per_cell * 1e3:.2f} ms per cell -> {estimate:.0f} s for the map (extrapolated)"
    )
    print(
        f"speed-up of the compiled map: {ratio:,.0f}x "
        f"(required >= {REQUIRED_SPEEDUP}x): {'OK' if ratio >= REQUIRED_SPEEDUP else 'FAIL'}"
    )
    print(f"sampled cells where the map's regime is subgame perfect: {agree}/{len(picks)}")
    return 0 if ratio >= REQUIRED_SPEEDUP and agree == len(picks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
