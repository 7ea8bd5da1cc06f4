"""Pure equilibria: numeric (vectorised) and symbolic (with exact conditions)."""

from fractions import Fraction as F

import numpy as np
import sympy

from arbiter import NormalFormGame, max_regret, pure_equilibria


def test_three_player_pure_vectorised_matches_brute_force():
    rng = np.random.default_rng(1)
    payoffs = rng.integers(-3, 4, size=(3, 3, 2, 4))
    game = NormalFormGame(payoffs)
    found = {e.pure_profile for e in pure_equilibria(game)}
    brute = set()
    for a in range(3):
        for b in range(2):
            for c in range(4):
                ok = (
                    payoffs[0, a, b, c] == payoffs[0, :, b, c].max()
                    and payoffs[1, a, b, c] == payoffs[1, a, :, c].max()
                    and payoffs[2, a, b, c] == payoffs[2, a, b, :].max()
                )
                if ok:
                    brute.add((game.actions[0][a], game.actions[1][b], game.actions[2][c]))
    assert found == brute


def test_the_enumeration_itself_proposes_no_false_equilibrium():
    """The certificate would drop a false candidate (and warn); the solver must not propose one."""
    rng = np.random.default_rng(5)
    for _ in range(20):
        game = NormalFormGame(rng.integers(-3, 4, size=(2, 3, 3)))
        result = pure_equilibria(game)
        assert result.complete and not result.warnings, result.warnings


def test_symbolic_conditions_agree_with_numeric_solves():
    x, y = sympy.symbols("x y", real=True)
    game = NormalFormGame.from_arrays([[x, 0], [1, y]], [[1, y], [x, 0]])
    eqs = pure_equilibria(game)
    rng = np.random.default_rng(0)
    for _ in range(25):
        vals = {x: F(int(rng.integers(-3, 4))), y: F(int(rng.integers(-3, 4)))}
        numeric = {e.pure_profile for e in pure_equilibria(game.subs(vals))}
        symbolic = {e.pure_profile for e in eqs if bool(e.condition.subs(vals))}
        assert numeric == symbolic, vals


def test_float_ties_within_tolerance_are_equilibria():
    game = NormalFormGame.from_arrays([[1.0, 0.0], [1.0 - 1e-13, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    eqs = pure_equilibria(game)
    assert {e.pure_profile for e in eqs} == {("a1", "a1"), ("a2", "a1")}
    for e in eqs:
        assert max_regret(game, e.strategies) <= eqs.tolerance
