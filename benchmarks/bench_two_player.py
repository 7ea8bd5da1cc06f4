"""Benchmark: all Nash equilibria of random square two-player games.

Usage::

    python benchmarks/bench_two_player.py [--sizes 4 8 12] [--games 20] [--seed 0]
                                          [--budget 60] [--repeat 5]
                                          [--solvers arbiter "arbiter exact" ...]

Draws ``--games`` random ``n x n`` games per size with independent standard
Gaussian payoffs (``numpy.random.default_rng(seed)``, both matrices of a
game drawn in turn, sizes in the order given) and solves each game, in this
one process, with:

* ``arbiter``: :func:`arbiter.solve.vertex.vertex_enumeration` on the float
  game (the default: float equilibria certified with tolerance 1e-9);
* ``arbiter exact``: the same with ``exact=True``, i.e. the exact rational
  equilibria of the game whose payoffs are exactly the binary floats, each
  certified with regret exactly 0;
* ``quantecon vertex``: ``quantecon.game_theory.vertex_enumeration``
  (numba-compiled; compiled on a warm-up game before timing);
* ``nashpy support`` / ``nashpy vertex``: ``nashpy.Game.support_enumeration``
  and ``vertex_enumeration`` (default arguments);
* ``gambit enummixed``: ``pygambit.nash.enummixed_solve`` (rational
  arithmetic, its default) on ``pygambit.Game.from_arrays(A, B)`` (Gambit
  stores each float as the decimal of its ``repr``);
* ``gambit enummixed float``: the same with ``rational=False``.

Timing: ``time.perf_counter`` around the library's public call only (game
objects are built beforehand for every library, and each answer is turned
into float arrays for the comparison afterwards, untimed). The solvers take turns on each game, so
that other load on the machine falls on all of them alike; a solver that
takes under 0.1 s on a game is run ``--repeat`` times on it and the fastest
run counts (as ``timeit`` does). The table shows the median over the games
run. "full set" counts the games on which the solver's equilibria
match arbiter's: same number, each within 1e-6 (in max norm).

Slow solvers are limited by ``--budget`` seconds per solver and size: a
solver stops after the game that exhausts its budget (the table says how
many games it ran), and is skipped, with the estimate printed, when the time
for a single game extrapolated from the two previous sizes (geometric growth
in n) exceeds the budget.
"""

from __future__ import annotations

import argparse
import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

Profile = tuple[np.ndarray, np.ndarray]


class Library(NamedTuple):
    """One solver: ``prepare(A, B)`` builds its game (untimed), ``call(game)`` is the
    library's public call (timed), ``convert(raw)`` turns its answer into float
    profiles for the comparison of sets (untimed)."""

    prepare: Callable[[np.ndarray, np.ndarray], Any]
    call: Callable[[Any], Any]
    convert: Callable[[Any], list[Profile]]


# ---------------------------------------------------------------- solvers


def _arbiter(exact: bool) -> Library:
    from arbiter.games.normal_form import NormalFormGame
    from arbiter.solve.vertex import vertex_enumeration

    def prepare(A: np.ndarray, B: np.ndarray) -> Any:
        return NormalFormGame(np.stack([A, B]))

    def call(game: Any) -> Any:
        return vertex_enumeration(game, exact=exact)

    def convert(result: Any) -> list[Profile]:
        if exact:
            assert result.max_regret == 0, "exact certificate must be 0"
        return [tuple(np.array(s, dtype=float) for s in eq.strategies) for eq in result]

    return Library(prepare, call, convert)


def _quantecon() -> Library:
    import quantecon.game_theory as gt

    def prepare(A: np.ndarray, B: np.ndarray) -> Any:
        return gt.NormalFormGame([gt.Player(A), gt.Player(B.T)])

    def convert(raw: Any) -> list[Profile]:
        return [(np.asarray(x), np.asarray(y)) for x, y in raw]

    library = Library(prepare, gt.vertex_enumeration, convert)
    # Compile the numba kernels before anything is timed.
    library.call(prepare(np.array([[3.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 3.0]])))
    return library


def _nashpy(method: str) -> Library:
    import nashpy

    def prepare(A: np.ndarray, B: np.ndarray) -> Any:
        return nashpy.Game(A, B)

    def call(game: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(getattr(game, method)())

    def convert(raw: Any) -> list[Profile]:
        out = []
        for x, y in raw:
            x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
            if np.isfinite(x).all() and np.isfinite(y).all():
                out.append((x, y))
        return out

    return Library(prepare, call, convert)


def _gambit(rational: bool) -> Library:
    import pygambit as gbt

    def prepare(A: np.ndarray, B: np.ndarray) -> Any:
        return gbt.Game.from_arrays(A, B)

    def call(game: Any) -> Any:
        return game, gbt.nash.enummixed_solve(game, rational=rational)

    def convert(raw: Any) -> list[Profile]:
        game, result = raw
        players = list(game.players)
        return [
            tuple(np.array([float(eq[s]) for s in p.strategies]) for p in players)
            for eq in result.equilibria
        ]

    return Library(prepare, call, convert)


SOLVERS: dict[str, Callable[[], Library]] = {
    "arbiter": lambda: _arbiter(exact=False),
    "arbiter exact": lambda: _arbiter(exact=True),
    "quantecon vertex": _quantecon,
    "nashpy support": lambda: _nashpy("support_enumeration"),
    "nashpy vertex": lambda: _nashpy("vertex_enumeration"),
    "gambit enummixed": lambda: _gambit(rational=True),
    "gambit enummixed float": lambda: _gambit(rational=False),
}


# ---------------------------------------------------------------- measuring


def same_set(a: list[Profile], b: list[Profile], tol: float = 1e-6) -> bool:
    """Same number of equilibria, and a one-to-one match within ``tol``."""
    if len(a) != len(b):
        return False
    flat_b = [np.concatenate(p) for p in b]
    used = [False] * len(b)
    for p in a:
        fp = np.concatenate(p)
        for j, q in enumerate(flat_b):
            if not used[j] and fp.shape == q.shape and np.max(np.abs(fp - q)) <= tol:
                used[j] = True
                break
        else:
            return False
    return True


@dataclass
class Cell:
    """One solver at one size."""

    times: list[float] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    agree: int = 0
    skipped: str = ""

    @property
    def median(self) -> float:
        return float(np.median(self.times)) if self.times else math.nan


def extrapolate(history: list[tuple[int, float]], n: int) -> float | None:
    """Per-game time at size ``n`` from the last two sizes, growing geometrically in n."""
    if len(history) < 2:
        return None
    (n1, t1), (n2, t2) = history[-2], history[-1]
    if not (t1 > 0 and t2 > 0) or n2 == n1:
        return None
    rate = (t2 / t1) ** (1.0 / (n2 - n1))
    return t2 * rate ** (n - n2)


def _time(library: Library, game: Any, repeat: int) -> tuple[float, list[Profile]]:
    """Seconds for one public call; for fast solvers (< 0.1 s), the best of ``repeat`` runs."""
    start = time.perf_counter()
    raw = library.call(game)
    best = time.perf_counter() - start
    if best < 0.1:
        for _ in range(repeat - 1):
            start = time.perf_counter()
            library.call(game)
            best = min(best, time.perf_counter() - start)
    return best, library.convert(raw)


def run(
    sizes: list[int],
    n_games: int,
    seed: int,
    budget: float,
    repeat: int,
    names: list[str] | None = None,
) -> dict[int, dict[str, Cell]]:
    rng = np.random.default_rng(seed)
    solvers = {name: make() for name, make in SOLVERS.items() if names is None or name in names}
    # Warm every solver up (imports, caches) on a tiny game.
    warm_a, warm_b = np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [0.0, 1.0]])
    for library in solvers.values():
        library.convert(library.call(library.prepare(warm_a, warm_b)))
    history: dict[str, list[tuple[int, float]]] = {name: [] for name in solvers}
    table: dict[int, dict[str, Cell]] = {}
    for n in sizes:
        games = [(rng.standard_normal((n, n)), rng.standard_normal((n, n))) for _ in range(n_games)]
        row = {name: Cell() for name in solvers}
        active = []
        for name in solvers:
            estimate = extrapolate(history[name], n)
            if estimate is not None and estimate > budget:
                row[name].skipped = (
                    f"skipped: one game estimated at {estimate:,.0f} s "
                    f"(extrapolated from n = {history[name][-2][0]}, {history[name][-1][0]})"
                )
            else:
                active.append(name)
        # Solvers take turns on each game, so that load on the machine hits all alike.
        for A, B in games:
            reference: list[Profile] = []
            for name in list(active):
                library = solvers[name]
                cell = row[name]
                elapsed, found = _time(library, library.prepare(A, B), repeat)
                cell.times.append(elapsed)
                cell.counts.append(len(found))
                if name == "arbiter":
                    reference = found
                cell.agree += same_set(found, reference)
                if sum(cell.times) > budget:
                    active.remove(name)
        for name, cell in row.items():
            if cell.skipped:
                print(f"  n={n:>2} {name:<24} {cell.skipped}", flush=True)
                continue
            history[name].append((n, cell.median))
            print(
                f"  n={n:>2} {name:<24} {len(cell.times):>3} games, "
                f"median {cell.median * 1e3:10.3f} ms",
                flush=True,
            )
        table[n] = row
    return table


def report(table: dict[int, dict[str, Cell]], n_games: int) -> str:
    lines = [
        f"{'n':>3}  {'solver':<24} {'games':>7} {'median ms/game':>15} {'x arbiter':>10}  "
        f"{'full set':>9}  equilibria per game (median, min-max)",
        "-" * 110,
    ]
    for n, row in table.items():
        base = row["arbiter"].median
        for name, cell in row.items():
            if cell.skipped:
                dash = "-"
                lines.append(
                    f"{n:>3}  {name:<24} {dash:>7} {dash:>15} {dash:>10}  {dash:>9}  {cell.skipped}"
                )
                continue
            runs = len(cell.times)
            games = f"{runs}/{n_games}"
            counts = np.array(cell.counts)
            lines.append(
                f"{n:>3}  {name:<24} {games:>7} {cell.median * 1e3:>15.3f} "
                f"{cell.median / base:>10.2f}  {cell.agree:>4}/{runs:<4}  "
                f"{np.median(counts):g} ({counts.min()}-{counts.max()})"
            )
        lines.append("")
    lines.append("targets (issue): n = 8 at least 100x faster than nashpy support enumeration;")
    lines.append("                 float mode ahead of QuantEcon's vertex enumeration at n = 8, 12")
    lines.append("                 (ratio <= 1), exact mode within 2x of it at n = 8")
    for n, row in table.items():
        base = row["arbiter"].median
        for name, want in (("nashpy support", "speed-up"), ("quantecon vertex", "ratio")):
            cell = row.get(name)
            if cell is None or cell.skipped or not cell.times:
                continue
            if want == "speed-up":
                speed = cell.median / base
                lines.append(f"  n = {n:>2}: arbiter is {speed:,.0f}x faster than {name}")
            else:
                exact = row.get("arbiter exact")
                exact_text = (
                    f" (exact mode: {exact.median / cell.median:.2f}x)"
                    if exact is not None and exact.times
                    else ""
                )
                lines.append(
                    f"  n = {n:>2}: arbiter takes {base / cell.median:.2f}x the time of {name}"
                    + exact_text
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 8, 12])
    parser.add_argument("--games", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds per solver and size (default 60)"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per game for fast solvers; best counts"
    )
    parser.add_argument(
        "--solvers",
        nargs="+",
        choices=list(SOLVERS),
        default=None,
        help="solvers to run (default: all; arbiter always runs, it is the reference)",
    )
    args = parser.parse_args(argv)
    if args.solvers is not None and "arbiter" not in args.solvers:
        args.solvers = ["arbiter", *args.solvers]
    if any(n < 1 for n in args.sizes) or args.games < 1 or args.budget <= 0 or args.repeat < 1:
        parser.error("sizes, games and repeat must be positive, budget > 0")
    print(f"random n x n games, standard Gaussian payoffs, seed {args.seed}, {args.games} per size")
    table = run(args.sizes, args.games, args.seed, args.budget, args.repeat, args.solvers)
    print()
    print(report(table, args.games))


if __name__ == "__main__":
    main()
