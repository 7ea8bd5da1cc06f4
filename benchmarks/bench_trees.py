"""Backward induction on large random perfect-information trees.

A complete binary tree of depth ``d`` (``2**d`` outcomes; 10**6 at the default
``d = 20``), two players moving alternately, payoffs drawn uniformly from
[0, 1) (no ties, almost surely). Reported, each the best of ``--repeat`` runs:

* **arrays**: building the node arrays with numpy (breadth first: parent,
  player, action codes), ``SequentialGame.from_arrays(...)`` (validation), and
  ``subgame_perfect(tree)`` followed by ``spe[0]`` with its ``regret`` and
  ``payoffs`` (the certified equilibrium a user gets); their total and its
  ratio to the numpy kernel in the same run; then, untimed in the total,
  materialising the equilibrium's behaviour profile as dicts (built on
  request: 2**d - 1 information sets);
* **nodes**: building the tree with ``decision()`` / ``outcome()``, then
  validating it with ``SequentialGame(...)``, then ``subgame_perfect(tree)``
  and ``spe[0]`` (node-built trees keep the per-node path: flattening,
  compact backward induction, certificate);
* the private array kernel ``uniform_backward_induction`` on the payoffs
  as one ``(2, 2**d)`` array, level by level in numpy;
* pygambit, on smaller trees: pygambit 16.7 has no subgame-perfect solver
  (the ``-P`` flag of the ``gambit-lcp`` command line is not exposed in
  Python), so it is timed building the tree and finding one Nash equilibrium
  with ``lcp_solve`` (sequence form), whose subgame perfection is then checked
  with arbiter's certificate.

Run: ``python benchmarks/bench_trees.py [--depth 20] [--gambit-depths 4,5,6]``.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from arbiter.games.tree import SequentialGame, decision, outcome
from arbiter.solve._backward import uniform_backward_induction
from arbiter.solve.behaviour import behaviour_regret
from arbiter.solve.spe import subgame_perfect

PLAYERS = ("P1", "P2")
ACTIONS = ("L", "R")


def random_payoffs(depth: int, seed: int) -> np.ndarray:
    """Shape ``(2, 2**depth)``: leaf ``k`` is reached by the binary digits of ``k`` (0 = L)."""
    return np.random.default_rng(seed).random((2, 2**depth))


def build_nodes(payoffs: np.ndarray) -> Any:
    """The root node, built bottom-up (no recursion): level by level, pairs of children."""
    level: list[Any] = [outcome(p) for p in payoffs.T.tolist()]
    depth = int(np.log2(payoffs.shape[1]))
    for d in range(depth - 1, -1, -1):
        mover = PLAYERS[d % 2]
        level = [
            decision(mover, {"L": level[2 * i], "R": level[2 * i + 1]})
            for i in range(len(level) // 2)
        ]
    return level[0]


def build_arrays(payoffs: np.ndarray) -> dict[str, Any]:
    """The node arrays of the complete binary tree, breadth first (node 0 the root)."""
    depth = int(np.log2(payoffs.shape[1]))
    n = 2 ** (depth + 1) - 1
    index = np.arange(n, dtype=np.int64)
    parent = (index - 1) // 2
    level = np.repeat(np.arange(depth + 1, dtype=np.int64), 2 ** np.arange(depth + 1))
    player = np.where(level < depth, level % 2, -1)
    return {
        "parent": parent,
        "player": player,
        "action": (index + 1) % 2,  # 0 = L for odd nodes (left children)
        "action_names": ACTIONS,
        "payoffs": payoffs,
        "players": PLAYERS,
    }


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def gambit_tree(payoffs: np.ndarray) -> tuple[Any, dict[tuple[str, ...], Any]]:
    import pygambit as gbt

    depth = int(np.log2(payoffs.shape[1]))
    game = gbt.Game.new_tree(players=list(PLAYERS))
    nodes: dict[tuple[str, ...], Any] = {(): game.root}
    frontier = [()]
    for d in range(depth):
        nxt = []
        for path in frontier:
            node = nodes[path]
            game.append_move(node, PLAYERS[d % 2], list(ACTIONS))
            for a, child in zip(ACTIONS, node.children):
                nodes[(*path, a)] = child
                nxt.append((*path, a))
        frontier = nxt
    for k, path in enumerate(frontier):
        pay = [float(payoffs[0, k]), float(payoffs[1, k])]
        game.set_outcome(nodes[path], game.add_outcome(payoffs=pay, label=f"o{k}"))
    return game, nodes


def gambit_profile(
    tree: SequentialGame, nodes: dict[tuple[str, ...], Any], eq: Any
) -> list[dict[str, dict[str, float]]]:
    """pygambit's behaviour profile as an arbiter behaviour profile."""
    profile: list[dict[str, dict[str, float]]] = [{} for _ in PLAYERS]
    for name, info in tree.infosets.items():
        g_info = nodes[info.members[0]].infoset
        probs = [max(0.0, float(eq[a])) for a in g_info.actions]
        total = sum(probs)
        profile[PLAYERS.index(info.player)][name] = {
            a: p / total for a, p in zip(info.actions, probs)
        }
    return profile


def run_gambit(depths: list[int], seed: int, repeat: int) -> list[tuple[str, ...]]:
    try:
        import pygambit as gbt
    except ImportError:
        return [("pygambit", "-", "not installed", "", "")]
    rows = []
    for d in depths:
        pay = random_payoffs(d, seed)
        t_build, (game, nodes) = best_of(repeat, lambda pay=pay: gambit_tree(pay))
        t_lcp, result = best_of(repeat, lambda game=game: gbt.nash.lcp_solve(game, rational=False))
        tree = SequentialGame(build_nodes(pay), players=PLAYERS)
        t_spe, spe = best_of(repeat, lambda tree=tree: subgame_perfect(tree))
        eq = result.equilibria[0]
        regret = behaviour_regret(tree, gambit_profile(tree, nodes, eq))
        same = np.allclose([float(eq.payoff(p)) for p in game.players], spe[0].payoffs)
        verdict = "yes" if regret <= 1e-9 else f"no (certificate {regret:.3g})"
        rows.append(
            (
                f"pygambit d={d} ({2**d} outcomes)",
                f"build {t_build:.3f} s",
                f"lcp_solve {t_lcp:.3f} s",
                f"arbiter SPE {t_spe:.3f} s",
                f"LCP eq. subgame perfect: {verdict}; same payoffs as SPE: {same}",
            )
        )
    return rows


def same_choices(eq: Any, choices: list[np.ndarray]) -> bool:
    """Whether the kernel chose, at every node, the action of the SPE's behaviour profile."""
    plans = [dict(plan) for plan in eq.strategies]
    paths = [""]
    for level, picks in enumerate(choices):
        plan = plans[level % 2]
        player = PLAYERS[level % 2]
        for path, j in zip(paths, picks.tolist()):
            if plan[f"{player}:{path or 'root'}"][ACTIONS[j]] != 1:
                return False
        paths = [f"{p}/{a}" if p else a for p in paths for a in ACTIONS]
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=20, help="tree depth (2**depth outcomes)")
    parser.add_argument("--gambit-depths", default="4,5,6", help="depths for pygambit")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (best kept)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    d = args.depth
    pay = random_payoffs(d, args.seed)

    rows: list[tuple[str, ...]] = []
    movers = [k % 2 for k in range(d)]
    t_kernel, (value, choices, ties) = best_of(
        max(3, args.repeat), lambda: uniform_backward_induction(pay, 2, movers)
    )

    # arrays: what a user with a big tree calls
    t_arr, arrays = best_of(args.repeat, lambda: build_arrays(pay))
    t_val, atree = best_of(args.repeat, lambda: SequentialGame.from_arrays(**arrays))

    def solve_arrays() -> Any:
        spe = subgame_perfect(atree)
        eq = spe[0]
        return spe, eq, eq.regret, eq.payoffs

    t_asolve, (aspe, aeq, _, _) = best_of(args.repeat, solve_arrays)
    total = t_arr + t_val + t_asolve
    t_dicts, _ = best_of(1, lambda: [len(plan) for plan in aeq.strategies])
    agree_a = np.allclose(value, aeq.payoffs) and same_choices(aeq, choices)
    rows.append((f"ARRAYS d={d} ({2**d} outcomes)", "seconds", "x kernel", "", ""))
    rows.append(("  build arrays (numpy)", f"{t_arr:.3f}", f"{t_arr / t_kernel:.1f}x", "", ""))
    rows.append(
        ("  SequentialGame.from_arrays", f"{t_val:.3f}", f"{t_val / t_kernel:.1f}x", "", "")
    )
    rows.append(
        (
            "  subgame_perfect + spe[0]",
            f"{t_asolve:.3f}",
            f"{t_asolve / t_kernel:.1f}x",
            f"{len(aspe)} SPE, certificate {aeq.regret:.1e}",
            f"same SPE as the kernel: {agree_a}",
        )
    )
    rows.append(
        (
            "  total (build + validate + solve)",
            f"{total:.3f}",
            f"{total / t_kernel:.1f}x",
            "target < 2 s",
            "met" if total < 2 else "NOT met",
        )
    )
    rows.append(
        (
            "  profile as dicts (on request)",
            f"{t_dicts:.3f}",
            "",
            f"{sum(len(p) for p in aeq.strategies)} infosets",
            "",
        )
    )

    # nodes: the existing API
    t_nodes, root = best_of(1, lambda: build_nodes(pay))
    t_game, tree = best_of(1, lambda: SequentialGame(root, players=PLAYERS))
    gc.collect()

    def solve_nodes() -> Any:
        spe = subgame_perfect(tree)
        eq = spe[0]
        return spe, eq, eq.regret, eq.payoffs

    t_spe, (spe, eq, _, _) = best_of(args.repeat, solve_nodes)
    total_n = t_nodes + t_game + t_spe
    agree = np.allclose(value, eq.payoffs) and same_choices(eq, choices)
    rows.append((f"NODES d={d}", "seconds", "x kernel", "", ""))
    rows.append(("  build nodes", f"{t_nodes:.2f}", f"{t_nodes / t_kernel:.0f}x", "", ""))
    rows.append(
        ("  SequentialGame(root) validation", f"{t_game:.2f}", f"{t_game / t_kernel:.0f}x", "", "")
    )
    rows.append(
        (
            "  subgame_perfect + spe[0]",
            f"{t_spe:.2f}",
            f"{t_spe / t_kernel:.0f}x",
            f"{len(spe)} SPE, certificate {eq.regret:.1e}",
            f"same SPE as the kernel: {agree}",
        )
    )
    rows.append(("  total", f"{total_n:.2f}", f"{total_n / t_kernel:.0f}x", "", ""))
    rows.append(
        (
            "uniform_backward_induction (numpy kernel)",
            f"{t_kernel:.3f}",
            "1x",
            f"ties {ties}",
            f"arrays total / nodes total: {total / total_n:.3f}",
        )
    )
    rows.extend(run_gambit([int(x) for x in args.gambit_depths.split(",") if x], args.seed, 1))

    widths = [max(len(r[k]) for r in rows) for k in range(5)]
    line = "+".join("-" * (w + 2) for w in widths)
    print(line)
    for r in rows:
        print("|".join(f" {c:<{w}} " for c, w in zip(r, widths)))
    print(line)


if __name__ == "__main__":
    main()
