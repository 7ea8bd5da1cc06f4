"""Benchmark: n-player Nash equilibria and subgame perfection, arbiter beside pygambit.

Usage::

    python benchmarks/bench_nplayer.py [--games 20] [--seed 0] [--trees 5] [--repeat 3]
                                       [--efg FILE ...] [--src DIR] [--compare-src DIR]
                                       [--no-gambit] [--part all|nfg|trees]

Part 1, **3x3x3 all equilibria**: ``--games`` random 3-player games with
3 actions each and independent integer payoffs uniform in -99..99
(``numpy.random.default_rng(seed).integers(-99, 100, size=(3, 3, 3, 3))``,
one game after the other). Each game is solved in this one process by

* ``arbiter``: :func:`arbiter.nash_equilibria` (exact support enumeration,
  every equilibrium certified with regret exactly 0), from the payoff array
  (the :class:`~arbiter.NormalFormGame` is built inside the timing);
* ``gambit enumpoly``: ``pygambit.nash.enumpoly_solve`` on
  ``pygambit.Game.from_arrays`` (floats; it may miss equilibria);
* ``gambit gnm``: ``pygambit.nash.gnm_solve`` (floats; some equilibria).

Part 2, **4-player trees with 16 pure profiles** (stand-ins for Gambit's
``g3.efg``, which is not available to us): every player has one information
set with two actions, so the reduced strategic form is 2x2x2x2. Three shapes,
each with ``--trees`` payoff draws (integers in -99..99):

* ``simultaneous``: all four move without seeing anything (no proper
  subgame: the SPE are the Nash equilibria, mixed included);
* ``leader``: P1 chooses Out (an outcome) or In, then P2, P3, P4 move
  simultaneously (a 3-player imperfect-information subgame);
* ``two stages``: P1 and P2 move simultaneously; after one of their four
  action pairs P3 and P4 play a simultaneous 2x2 subgame.

Each tree is timed with :func:`arbiter.subgame_perfect` and with
:func:`arbiter.nash_equilibria` (its reduced strategic form), and with
pygambit's ``enumpoly_solve`` on the same tree written as ``.efg`` (Nash
equilibria in behaviour strategies; pygambit has no subgame-perfect solver).
``--efg`` adds any Gambit ``.efg`` files (Gambit's ``g3.efg`` for instance).

Timing: ``time.perf_counter`` around the public call; the solvers take turns
on each input, and a call under 0.1 s is repeated ``--repeat`` times, the
fastest counting. Tables give medians over inputs and ratios to arbiter.
``--src DIR`` imports arbiter from another checkout's ``src``;
``--compare-src DIR`` times that other arbiter beside this one on part 1,
in a child process taking turns game by game (so that the machine's load
falls on both alike), for before/after ratios: ``git worktree add /tmp/old
<commit>`` then ``--compare-src /tmp/old/src``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

PLAYERS = ("P1", "P2", "P3", "P4")


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    best = time.perf_counter() - start
    if best < 0.1:
        for _ in range(repeat - 1):
            start = time.perf_counter()
            out = fn()
            best = min(best, time.perf_counter() - start)
    return best, out


def median(xs: list[float]) -> float:
    return float(np.median(xs)) if xs else float("nan")


# ------------------------------------------------------------------ trees
def tree(shape: str, pay: np.ndarray) -> Any:
    """A 4-player tree with one binary information set per player (payoffs: 16 x 4 ints)."""
    from arbiter import SequentialGame, decision, outcome

    leaves = iter(range(len(pay)))

    def leaf() -> Any:
        return outcome(tuple(int(v) for v in pay[next(leaves)]))

    def simultaneous(players: tuple[str, ...], then: Callable[[tuple[int, ...]], Any]) -> Any:
        def node(k: int, path: tuple[int, ...]) -> Any:
            if k == len(players):
                return then(path)
            p = players[k]
            moves = {f"{p.lower()}{'ab'[a]}": node(k + 1, (*path, a)) for a in (0, 1)}
            return decision(p, moves, infoset=f"{p} moves")

        return node(0, ())

    if shape == "simultaneous":
        root = simultaneous(PLAYERS, lambda path: leaf())
    elif shape == "leader":
        root = decision(
            "P1",
            {"out": leaf(), "in": simultaneous(PLAYERS[1:], lambda path: leaf())},
            infoset="P1 moves",
        )
    elif shape == "two stages":
        root = simultaneous(
            PLAYERS[:2],
            lambda path: simultaneous(PLAYERS[2:], lambda q: leaf()) if path == (0, 0) else leaf(),
        )
    else:  # pragma: no cover - the shapes are listed below
        raise ValueError(shape)
    return SequentialGame(root, players=list(PLAYERS))


SHAPES = ("simultaneous", "leader", "two stages")


# ------------------------------------------------------------------ part 1
def _use_src(src: str) -> None:
    """Pool initializer: import arbiter from ``src`` in this (spawned) process."""
    sys.path.insert(0, src)


def _other_arbiter(u: np.ndarray, repeat: int) -> tuple[float, int, str]:
    """Solve in the other checkout's process: (seconds, equilibria, where arbiter lives)."""
    import arbiter

    t, eqs = timed(
        lambda: arbiter.nash_equilibria(arbiter.NormalFormGame(u.astype(object))), repeat
    )
    assert eqs.max_regret == 0
    return t, len(eqs), str(Path(arbiter.__file__).parent)


def part_normal_form(args: argparse.Namespace, gbt: Any) -> None:
    import arbiter

    rng = np.random.default_rng(args.seed)
    arrays = [rng.integers(-99, 100, size=(3, 3, 3, 3)) for _ in range(args.games)]
    rows: dict[str, list[float]] = {"arbiter": [], "gambit enumpoly": [], "gambit gnm": []}
    pool = None
    if args.compare_src:
        import multiprocessing

        pool = multiprocessing.get_context("spawn").Pool(
            1, initializer=_use_src, initargs=(args.compare_src,)
        )
        rows = {
            "arbiter": [],
            "arbiter (compare-src)": [],
            **{k: [] for k in rows if k != "arbiter"},
        }
    found: dict[str, list[int]] = {k: [] for k in rows}
    for i, u in enumerate(arrays):
        if pool is not None:  # the other checkout takes its turn on the same game
            t, n, where = pool.apply(_other_arbiter, (u, args.repeat))
            rows["arbiter (compare-src)"].append(t)
            found["arbiter (compare-src)"].append(n)
            print(f"  game {i:2d}: compare-src arbiter ({where}) {t:7.3f} s, {n} equilibria")
        t, eqs = timed(
            lambda u=u: arbiter.nash_equilibria(arbiter.NormalFormGame(u.astype(object))),
            args.repeat,
        )
        rows["arbiter"].append(t)
        found["arbiter"].append(len(eqs))
        assert eqs.max_regret == 0
        line = f"  game {i:2d}: arbiter {t:7.3f} s, {len(eqs)} equilibria (complete={eqs.complete})"
        if gbt is not None:
            g = gbt.Game.from_arrays(*[u[p].astype(object) for p in range(3)])
            for name, fn in (
                ("gambit enumpoly", gbt.nash.enumpoly_solve),
                ("gambit gnm", gbt.nash.gnm_solve),
            ):
                t, res = timed(lambda g=g, fn=fn: fn(g), args.repeat)
                rows[name].append(t)
                found[name].append(len(res.equilibria))
                line += f"; {name} {t:.3f} s, {len(res.equilibria)}"
        print(line, flush=True)
    print(f"\n3x3x3 random games ({args.games}, seed {args.seed}): all equilibria")
    print(f"{'solver':18s} {'median s':>10s} {'ratio to arbiter':>17s} {'equilibria found':>17s}")
    base = median(rows["arbiter"])
    for name, ts in rows.items():
        if not ts:
            continue
        m = median(ts)
        share = sum(found[name])
        print(f"{name:18s} {m:10.4f} {m / base:17.3f} {share:>10d} of {sum(found['arbiter'])}")


# ------------------------------------------------------------------ part 2
def part_trees(args: argparse.Namespace, gbt: Any) -> None:
    import arbiter
    from arbiter.io.gambit import format_game, read_game

    inputs: list[tuple[str, Any]] = []
    rng = np.random.default_rng(args.seed)
    for shape in SHAPES:
        for k in range(args.trees):
            pay = rng.integers(-99, 100, size=(16, 4))
            inputs.append((f"{shape} #{k}", tree(shape, pay)))
    for path in args.efg:
        inputs.append((Path(path).name, read_game(path)))
    table: dict[str, dict[str, list[float]]] = {}
    tmp = Path(tempfile.mkdtemp())
    print(
        "\n4-player trees: subgame_perfect, nash_equilibria (reduced strategic form), "
        "pygambit enumpoly on the tree"
    )
    for label, game in inputs:
        group = label.split(" #")[0]
        cell = table.setdefault(group, {"spe": [], "nash": [], "gambit": []})
        t_spe, spe = timed(lambda game=game: arbiter.subgame_perfect(game), args.repeat)
        t_ne, ne = timed(lambda game=game: arbiter.nash_equilibria(game), args.repeat)
        cell["spe"].append(t_spe)
        cell["nash"].append(t_ne)
        line = (
            f"  {label:18s} SPE {t_spe:7.3f} s ({len(spe)}, complete={spe.complete}); "
            f"Nash {t_ne:7.3f} s ({len(ne)}, complete={ne.complete})"
        )
        if gbt is not None:
            efg = tmp / "tree.efg"
            efg.write_text(format_game(game))
            g = gbt.read_efg(str(efg))
            t_g, res = timed(lambda g=g: gbt.nash.enumpoly_solve(g), args.repeat)
            cell["gambit"].append(t_g)
            line += f"; gambit enumpoly {t_g:.3f} s ({len(res.equilibria)})"
        print(line, flush=True)
    print(
        f"\n{'trees':14s} {'SPE median s':>13s} {'Nash median s':>14s} {'gambit median s':>16s}"
        f" {'gambit / SPE':>13s}"
    )
    for group, cell in table.items():
        s, n, g = median(cell["spe"]), median(cell["nash"]), median(cell["gambit"])
        print(f"{group:14s} {s:13.3f} {n:14.3f} {g:16.3f} {g / s:13.3f}")
    worst = max(t for cell in table.values() for t in cell["spe"])
    print(f"\nslowest subgame_perfect: {worst:.3f} s (target: under 10 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trees", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--efg", nargs="*", default=[])
    parser.add_argument("--src", default=None, help="import arbiter from this src directory")
    parser.add_argument(
        "--compare-src",
        default=None,
        help="also time arbiter from this src directory, in a child process, game by game",
    )
    parser.add_argument("--no-gambit", action="store_true")
    parser.add_argument("--part", choices=("all", "nfg", "trees"), default="all")
    args = parser.parse_args()
    if args.src:
        sys.path.insert(0, args.src)
    import arbiter

    print(f"arbiter from {Path(arbiter.__file__).parent}")
    gbt = None
    if not args.no_gambit:
        import pygambit as gbt

        print(f"pygambit {gbt.__version__}")
    if args.part in ("all", "nfg"):
        part_normal_form(args, gbt)
    if args.part in ("all", "trees"):
        part_trees(args, gbt)


if __name__ == "__main__":
    main()
