"""Classic games: known equilibria, exact (sources in arbiter.scenarios.classics)."""

from fractions import Fraction as F

import pytest

from arbiter import nash_equilibria, pure_equilibria
from arbiter.scenarios import classics

H = F(1, 2)

# (constructor, expected equilibria as {player: {action: probability}} per player order)
CASES = [
    # Axelrod (1984): unique equilibrium, mutual defection.
    (classics.prisoners_dilemma, [((0, 1), (0, 1))]),
    # Rapoport & Chammah (1966): two pure, one mixed with Straight w.p. 1/10.
    (
        classics.chicken,
        [((1, 0), (0, 1)), ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))), ((0, 1), (1, 0))],
    ),
    # von Neumann & Morgenstern (1944): unique mixed equilibrium.
    (classics.matching_pennies, [((H, H), (H, H))]),
    # Luce & Raiffa (1957): two pure, one mixed (2/3 on one's favourite).
    (
        classics.battle_of_the_sexes,
        [((1, 0), (1, 0)), ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))), ((0, 1), (0, 1))],
    ),
    # Skyrms (2004): two pure, one mixed with Stag w.p. 3/4.
    (
        classics.stag_hunt,
        [((1, 0), (1, 0)), ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4))), ((0, 1), (0, 1))],
    ),
    # Rock-paper-scissors: unique uniform equilibrium.
    (classics.rock_paper_scissors, [((F(1, 3),) * 3, (F(1, 3),) * 3)]),
]


def _as_set(profiles):
    return {tuple(tuple(F(v) for v in s) for s in prof) for prof in profiles}


@pytest.mark.parametrize("make, expected", CASES, ids=[c[0].__name__ for c in CASES])
def test_known_equilibria_exact(make, expected):
    eqs = nash_equilibria(make())
    assert _as_set(e.strategies for e in eqs) == _as_set(expected)
    for e in eqs:
        assert e.regret == 0
        assert all(isinstance(v, F) for s in e.strategies for v in s)
    assert not eqs.degenerate


@pytest.mark.parametrize("make, expected", CASES, ids=[c[0].__name__ for c in CASES])
def test_pure_equilibria_are_the_pure_ones(make, expected):
    pure = [p for p in expected if all(sorted(s)[-1] == 1 for s in p)]
    assert _as_set(e.strategies for e in pure_equilibria(make())) == _as_set(pure)


def test_prisoners_dilemma_payoffs_are_parameters():
    g = classics.prisoners_dilemma(T=7, R=4, P=2, S=0)
    assert g.payoff_of("Row", ("Defect", "Cooperate")) == 7
    assert g.payoff_of("Column", ("Defect", "Cooperate")) == 0
