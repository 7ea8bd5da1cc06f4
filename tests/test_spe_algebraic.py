"""Subgame perfection with irrational (algebraic) mixed play in a subgame.

A four-player tree: P1 stays out or lets P2, P3, P4 play a simultaneous game
(one binary information set each). The subgame's mixed equilibrium has
probabilities that are roots of a polynomial, not rationals. Before, the
local certificate was recomputed in floats (regret ~1e-15, not exactly 0),
so that equilibrium was dropped and the result marked incomplete; the
strategic form's certificate in the numbers' own field now certifies it.

Independent check: the SPE of this tree are exactly "P1's best reply to each
Nash equilibrium of the subgame", found here from the subgame's own strategic
form with ``nash_equilibria``; and each member's regret recomputed in floats
from its probabilities is at most 1e-9.
"""

from __future__ import annotations

from fractions import Fraction

import sympy

import arbiter
from arbiter.games.tree import SequentialGame, decision, outcome
from arbiter.solve.behaviour import behaviour_regret

PLAYERS = ("P1", "P2", "P3", "P4")
#: Payoffs of the 16 leaves (P1..P4): leaf 0 is "out", leaves 1..8 the subgame's cells
#: in the order P2, P3, P4 (first action first); the rest are unused draws.
PAY = [
    [2, -7, -3, 3], [5, -2, -9, 4], [0, 3, -6, -1], [7, 7, -3, 3], [-8, 6, -4, -3],
    [9, 1, 7, -6], [5, 9, -8, -5], [-7, -5, -4, -8], [8, -5, 8, 5],
]  # fmt: skip


def _subgame(leaves, first=0):
    """The simultaneous game of P2-P4; payoff columns from ``first`` on."""

    def node(k, path):
        if k == 3:
            return outcome(tuple(next(leaves))[first:])
        p = PLAYERS[1 + k]
        return decision(
            p, {f"{p.lower()}{'ab'[a]}": node(k + 1, (*path, a)) for a in (0, 1)}, f"{p} moves"
        )

    return node(0, ())


def _tree() -> SequentialGame:
    leaves = iter(PAY)
    out = outcome(tuple(next(leaves)))
    root = decision("P1", {"out": out, "in": _subgame(leaves)}, infoset="P1 moves")
    return SequentialGame(root, players=list(PLAYERS))


def _irrational(eq) -> bool:
    return any(
        isinstance(p, sympy.Basic) and not isinstance(p, sympy.Rational)
        for plan in eq.strategies
        for dist in plan.values()
        for p in dist.values()
    )


def test_irrational_mixed_play_in_a_subgame_is_certified_not_dropped():
    tree = _tree()
    spe = arbiter.subgame_perfect(tree)
    assert spe.complete
    assert all(eq.regret == 0 and isinstance(eq.regret, Fraction) for eq in spe)
    assert any(_irrational(eq) for eq in spe)

    sub = SequentialGame(_subgame(iter(PAY[1:]), first=1), players=list(PLAYERS[1:]))
    nash = arbiter.nash_equilibria(sub.to_normal_form())
    assert nash.complete
    entering = [_p1_value(eq) for eq in nash]
    assert all(abs(v - PAY[0][0]) > 1e-6 for v in entering)  # P1 never indifferent here
    expected = sorted(max(float(PAY[0][0]), v) for v in entering)
    got = sorted(float(eq.payoffs[0]) for eq in spe)
    assert len(got) == len(expected)
    assert all(abs(a - b) <= 1e-9 for a, b in zip(got, expected))
    for eq in spe:
        floats = [
            {h: {a: float(p) for a, p in dist.items()} for h, dist in plan.items()}
            for plan in eq.strategies
        ]
        assert behaviour_regret(_float_tree(tree), floats) <= 1e-9


def _p1_value(eq) -> float:
    """P1's payoff if it enters and the subgame plays ``eq`` (mixed, from the strategic form)."""
    probs = [[float(p) for p in s] for s in eq.strategies]
    total = 0.0
    cells = iter(PAY[1:])
    for a in (0, 1):
        for b in (0, 1):
            for c in (0, 1):
                total += probs[0][a] * probs[1][b] * probs[2][c] * next(cells)[0]
    return total


def _float_tree(tree: SequentialGame) -> SequentialGame:
    leaves = iter([[float(v) for v in row] for row in PAY])
    out = outcome(tuple(next(leaves)))
    root = decision("P1", {"out": out, "in": _subgame(leaves)}, infoset="P1 moves")
    return SequentialGame(root, players=list(PLAYERS))
