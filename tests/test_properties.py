"""Property tests: every equilibrium arbiter returns is one, and none is missing.

The references are independent of the solvers' code paths:

* ``arbiter.testing`` recomputes regrets and payoffs by summing over pure
  profiles one at a time (no tensor contraction, no certification code);
* pygambit's ``enummixed_solve`` (vertex enumeration in Gambit's C++),
  exact on integer games, in floats on generic ones;
* arbiter's own ``method="support"`` (exact support enumeration), a slow
  but entirely different algorithm, on small nondegenerate games.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations, product

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import arbiter
from arbiter import NormalFormGame, nash_equilibria, pure_equilibria
from arbiter.testing import (
    assert_certified,
    assert_equilibrium,
    assert_includes_equilibria,
    assert_not_equilibrium,
    assert_same_equilibria,
    best_deviation,
    bimatrix_games,
    mixed_profiles,
    mixed_strategies,
    normal_form_games,
    parameter_values,
)

EXACT_KINDS = ("integers", "fractions")
NUMERIC_KINDS = ("integers", "fractions", "floats")


def games_of(kinds=NUMERIC_KINDS, **kwargs):
    """Games whose payoff kind is itself drawn from ``kinds``."""
    return st.sampled_from(kinds).flatmap(lambda k: normal_form_games(payoffs=k, **kwargs))


def generic_integer_games(max_actions=3):
    """Two-player integer games with payoffs spread over [-1000, 1000]: ties are rare."""
    return bimatrix_games(
        min_actions=2, max_actions=max_actions, payoffs="generic", min_value=-1000, max_value=1000
    ).map(lambda g: NormalFormGame(np.rint(g.payoffs).astype(np.int64)))


def _rank(rows):
    """Rank of a matrix of Fractions (Gaussian elimination)."""
    rows = [list(r) for r in rows]
    rank, col, ncols = 0, 0, len(rows[0]) if rows else 0
    while rank < len(rows) and col < ncols:
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            col += 1
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                f = rows[i][col] / rows[rank][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[rank])]
        rank += 1
        col += 1
    return rank


def surely_nondegenerate(game):
    """A sufficient test that an exact bimatrix game is nondegenerate.

    For every support S of one player (size k) and every k + 1 actions T of
    the other, the equations "all actions in T pay the same against x, and x
    sums to 1" (x supported on S, signs ignored) must have no solution. If
    none has, no mixed strategy with k actions in its support has k + 1 pure
    best responses.
    """
    A, B = game.payoffs
    for M in (B, A.T):  # x mixes rows of M; the other player's actions are columns
        m, n = M.shape
        for k in range(1, m + 1):
            for S in combinations(range(m), k):
                for T in combinations(range(n), k + 1):
                    eqs = [[M[s, t] - M[s, T[0]] for s in S] + [Fraction(0)] for t in T[1:]]
                    eqs.append([Fraction(1)] * k + [Fraction(1)])
                    coeff = [r[:-1] for r in eqs]
                    if _rank(coeff) == _rank(eqs):  # consistent: possibly degenerate
                        return False
    return True


def _exact_table(game):
    """The payoffs of a float game as the exact rationals they are."""
    table = np.empty(game.payoffs.shape, dtype=object)
    for idx, v in np.ndenumerate(game.payoffs):
        table[idx] = Fraction(float(v))
    return table


def _is_exact_number(v):
    if isinstance(v, bool) or isinstance(v, float):
        return False
    if isinstance(v, Fraction):
        return True
    return isinstance(v, sympy.Expr) and not v.has(sympy.Float)


# ------------------------------------------------------------------ the kit itself
@settings(max_examples=60)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(st.just(n), mixed_strategies(n))))
def test_mixed_strategies_are_exact_points_of_the_simplex(case):
    n, s = case
    assert len(s) == n
    assert all(type(p) is Fraction and p >= 0 for p in s)
    assert sum(s) == 1


@settings(max_examples=60)
@given(st.integers(1, 5).flatmap(lambda n: mixed_strategies(n, exact=False)))
def test_float_mixed_strategies_are_points_of_the_simplex(s):
    assert all(isinstance(p, float) and p >= 0 for p in s)
    assert abs(sum(s) - 1) <= 1e-12


@settings(max_examples=40)
@given(normal_form_games(n_players=None, min_actions=2, max_actions=3, min_value=-4, max_value=7))
def test_generated_games_respect_their_bounds(game):
    assert 2 <= game.n_players <= 3
    assert all(2 <= k <= 3 for k in game.shape)
    assert game.kind == "exact"
    assert all(-4 <= v <= 7 for v in game.payoffs.ravel())


@settings(max_examples=40)
@given(parameter_values({"w": (2, 10), "c": (Fraction(-1, 2), 0)}))
def test_parameter_values_lie_in_their_ranges(values):
    assert set(values) == {"w", "c"}
    assert 2 <= values["w"] <= 10 and Fraction(-1, 2) <= values["c"] <= 0
    assert all(type(v) is Fraction for v in values.values())


@settings(max_examples=150)
@given(st.data(), games_of(n_players=None, max_actions=3))
def test_kit_regret_agrees_with_arbiter_max_regret(data, game):
    """Two independent computations of the regret of an arbitrary profile agree."""
    profile = data.draw(mixed_profiles(game))
    ours = best_deviation(game, profile).gain
    theirs = arbiter.max_regret(game, profile)
    if game.kind == "exact":
        assert max(ours, Fraction(0)) == theirs
    else:
        assert abs(max(float(ours), 0.0) - float(theirs)) <= 1e-9 * max(
            1.0, float(np.max(np.abs(game.as_float())))
        )
    if ours > 1e-6:
        assert_not_equilibrium(game, profile)


@settings(max_examples=100)
@given(st.data(), games_of(EXACT_KINDS, n_players=None, max_actions=3))
def test_strategies_off_the_simplex_are_refused(data, game):
    profile = [list(s) for s in data.draw(mixed_profiles(game))]
    p = data.draw(st.integers(0, game.n_players - 1))
    a = data.draw(st.integers(0, game.shape[p] - 1))
    shift = data.draw(st.fractions(-2, 2, max_denominator=7).filter(lambda d: d != 0))
    profile[p][a] += shift
    with pytest.raises(arbiter.InvalidArgumentError, match=rf"strategies\[{p}\]"):
        arbiter.max_regret(game, profile)
    with pytest.raises(arbiter.InvalidArgumentError, match=rf"strategies\[{p}\]"):
        assert_equilibrium(game, profile)


# ------------------------------------------------------------------ pure equilibria
@settings(max_examples=150)
@given(games_of(n_players=None, max_actions=3))
def test_pure_equilibria_are_certified(game):
    assert_certified(pure_equilibria(game))


@settings(max_examples=150)
@given(games_of(EXACT_KINDS, n_players=None, max_actions=3))
def test_pure_equilibria_are_complete(game):
    found = {e.pure_profile for e in pure_equilibria(game)}
    expected = set()
    for idx in product(*(range(k) for k in game.shape)):
        names = tuple(game.actions[p][a] for p, a in enumerate(idx))
        if best_deviation(game, names).gain <= 0:
            expected.add(names)
    assert found == expected


# ------------------------------------------------------------------ nash_equilibria
@settings(max_examples=300)
@given(games_of(max_actions=5))
def test_two_player_nash_equilibria_are_certified(game):
    eqs = nash_equilibria(game)
    assert_certified(eqs)
    assert len(eqs) >= 1, "every finite game has an equilibrium"


@settings(max_examples=150)
@given(games_of(max_actions=4))
def test_pure_equilibria_are_among_nash_equilibria(game):
    eqs = nash_equilibria(game)
    pure = pure_equilibria(game)
    if game.kind == "exact":
        # every pure equilibrium is an extreme equilibrium, so vertex enumeration finds it
        assert_same_equilibria(eqs.pure, pure, labels=("nash_equilibria", "pure_equilibria"))
    else:
        # under a tolerance, near-ties are pure equilibria too; the ones that are
        # equilibria of the payoffs exactly as given are extreme, so must be found
        exact = NormalFormGame(_exact_table(game), game.players, game.actions)
        for e in pure_equilibria(exact):
            matches = [
                f
                for f in eqs
                if np.allclose(f.as_float()[0], e.as_float()[0])
                and np.allclose(f.as_float()[1], e.as_float()[1], atol=1e-7)
            ]
            assert matches, f"pure equilibrium {e} missing from nash_equilibria:\n{eqs}"


@pytest.mark.slow
@settings(max_examples=40)
@given(
    st.sampled_from([(2, 2, 2), (2, 2, 3), (1, 2, 3), (2, 3, 2)]).flatmap(
        lambda shape: normal_form_games(shape=shape, min_value=-3, max_value=3)
    )
)
def test_three_player_nash_equilibria_are_certified(game):
    eqs = nash_equilibria(game)
    assert_certified(eqs)
    pure = pure_equilibria(game)
    assert {e.pure_profile for e in pure} <= {e.pure_profile for e in eqs.pure}


@settings(max_examples=150)
@given(games_of(EXACT_KINDS, max_actions=4))
def test_exact_in_exact_out(game):
    eqs = nash_equilibria(game)
    assert eqs.tolerance is None
    for e in eqs:
        for v in (*(p for s in e.strategies for p in s), *e.payoffs, e.regret):
            assert type(v) is Fraction, f"{v!r} ({type(v).__name__}) in {e}"
        assert e.regret == 0


@pytest.mark.slow
@settings(max_examples=25)
@given(normal_form_games(shape=(2, 2, 2), payoffs="fractions", min_value=-2, max_value=2))
def test_exact_in_exact_out_three_players(game):
    for e in nash_equilibria(game):
        for v in (*(p for s in e.strategies for p in s), *e.payoffs):
            assert _is_exact_number(v), f"{v!r} ({type(v).__name__}) in {e}"


# ------------------------------------------------------------------ independent references
def _gambit_profiles(gbt, game, rational):
    g = gbt.Game.from_arrays(*(game.payoffs[p] for p in range(game.n_players)))
    result = gbt.nash.enummixed_solve(g, rational=rational)
    return [
        tuple(tuple(eq[s] for s in player.strategies) for player in g.players)
        for eq in result.equilibria
    ]


@settings(max_examples=300)
@given(bimatrix_games(max_actions=5, min_value=-3, max_value=3))
def test_agrees_with_gambit_on_integer_games(game):
    """Exact extreme equilibria, degenerate games included."""
    gbt = pytest.importorskip("pygambit")
    theirs = _gambit_profiles(gbt, game, rational=True)
    assert_same_equilibria(nash_equilibria(game), theirs, labels=("arbiter", "gambit"))


@settings(max_examples=150)
@given(bimatrix_games(min_actions=2, max_actions=7, payoffs="generic"))
def test_agrees_with_gambit_on_generic_float_games(game):
    gbt = pytest.importorskip("pygambit")
    theirs = _gambit_profiles(gbt, game, rational=False)
    ours = nash_equilibria(game)
    assert not ours.degenerate
    assert len(ours) % 2 == 1  # oddness theorem for nondegenerate games
    assert_same_equilibria(ours, theirs, tol=1e-6, labels=("arbiter", "gambit"))


@pytest.mark.slow
@settings(max_examples=60)
@given(generic_integer_games(max_actions=4))
def test_vertex_agrees_with_support_enumeration(game):
    assume(surely_nondegenerate(game))
    vertex = nash_equilibria(game, method="vertex")
    support = nash_equilibria(game, method="support")
    assert not vertex.degenerate
    assert_same_equilibria(vertex, support, labels=("vertex", "support"))


def generic_three_player_games():
    return st.sampled_from([(2, 2, 2), (2, 2, 3), (3, 2, 2)]).flatmap(
        lambda shape: normal_form_games(
            shape=shape, payoffs="generic", min_value=-(10**6), max_value=10**6
        ).map(lambda g: NormalFormGame(np.rint(g.payoffs).astype(np.int64)))
    )


@pytest.mark.slow
@settings(max_examples=25)
@given(generic_three_player_games())
def test_three_player_support_agrees_with_gambit_enumpoly(game):
    """Generic three-player games: Gambit's polynomial solver finds the same equilibria."""
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.from_arrays(*(game.payoffs[p].astype(float) for p in range(3)))
    theirs = [
        tuple(tuple(float(eq[s]) for s in player.strategies) for player in g.players)
        for eq in gbt.nash.enumpoly_solve(g).equilibria
    ]
    ours = nash_equilibria(game)
    assume(not ours.degenerate)  # rounding to integers can (rarely) make ties
    assert_certified(ours)
    # enumpoly is known to miss equilibria (e.g. a completely mixed one that
    # arbiter finds and certifies exactly), so it is a lower bound only ...
    assert_includes_equilibria(ours, theirs, tol=1e-5, labels=("arbiter", "gambit-enumpoly"))
    # ... and the count is checked by the oddness theorem (Wilson 1971):
    # a generic game has an odd number of equilibria.
    assert len(ours) % 2 == 1, f"{len(ours)} equilibria in a generic game:\n{ours}"


@pytest.mark.slow
@settings(max_examples=20)
@given(st.data(), normal_form_games(shape=(2, 2, 2), min_value=-3, max_value=3))
def test_permuting_three_players_permutes_nash_equilibria(data, game):
    order = data.draw(st.permutations(range(3)))
    eqs = nash_equilibria(game)
    moved = nash_equilibria(game.permute_players(order))
    assert moved.degenerate == eqs.degenerate
    assert_certified(moved)
    expected = {tuple(s[q] for q in order) for s in _keyed(eqs)}
    if eqs.complete and moved.complete:
        assert_same_equilibria(moved, expected, labels=("permuted game", "permuted answer"))
    else:
        # a degenerate game whose equilibria form curved continua: the solver
        # returns one representative point per continuum (and says the set is
        # incomplete), which need not be the same point for both orders; the
        # isolated pure equilibria must still correspond
        pure = {s for s in expected if all(max(v) == 1 for v in s)}
        assert_same_equilibria(moved.pure, pure, labels=("permuted game", "permuted answer"))


@settings(max_examples=60)
@given(bimatrix_games(min_actions=2, max_actions=4, payoffs="generic"))
def test_nashpy_finds_no_equilibrium_that_arbiter_misses(game):
    ours = nash_equilibria(game)
    theirs = nash_equilibria(game, method="nashpy-vertex")
    assert not theirs.complete
    for e in theirs:
        assert_equilibrium(game, e)
    assert_includes_equilibria(ours, theirs, tol=1e-6, labels=("arbiter", "nashpy"))


# ------------------------------------------------------------------ relabelling
def _keyed(eqs):
    return {e.strategies: e.payoffs for e in eqs}


@settings(max_examples=150)
@given(st.data(), games_of(EXACT_KINDS, max_actions=4))
def test_permuting_players_permutes_the_equilibria(data, game):
    order = data.draw(st.permutations(range(game.n_players)))
    eqs = nash_equilibria(game)
    moved = nash_equilibria(game.permute_players(order))
    expected = {
        tuple(s[q] for q in order): tuple(u[q] for q in order) for s, u in _keyed(eqs).items()
    }
    assert _keyed(moved) == expected
    assert moved.degenerate == eqs.degenerate
    assert all(e.players == tuple(game.players[q] for q in order) for e in moved)


@settings(max_examples=150)
@given(st.data(), games_of(EXACT_KINDS, max_actions=4))
def test_permuting_actions_permutes_the_equilibria(data, game):
    player = data.draw(st.integers(0, game.n_players - 1))
    order = data.draw(st.permutations(range(game.shape[player])))
    eqs = nash_equilibria(game)
    moved = nash_equilibria(game.permute_actions(player, order))

    def move(s):
        return tuple(tuple(v[j] for j in order) if p == player else v for p, v in enumerate(s))

    assert _keyed(moved) == {move(s): u for s, u in _keyed(eqs).items()}
    assert moved.degenerate == eqs.degenerate
    for e in moved:
        assert e.actions[player] == tuple(game.actions[player][j] for j in order)


@settings(max_examples=60)
@given(st.data(), games_of(n_players=3, max_actions=3))
def test_relabelling_three_player_games_permutes_pure_equilibria(data, game):
    order = data.draw(st.permutations(range(3)))
    player = data.draw(st.integers(0, 2))
    acts = data.draw(st.permutations(range(game.shape[player])))
    moved = game.permute_players(order).permute_actions(
        game.players[player], [game.actions[player][j] for j in acts]
    )
    before = {e.pure_profile for e in pure_equilibria(game)}
    after = {e.pure_profile for e in pure_equilibria(moved)}
    # action names travel with the actions, so only the player order changes
    assert after == {tuple(prof[q] for q in order) for prof in before}


@settings(max_examples=100)
@given(
    st.data(),
    games_of(EXACT_KINDS, max_actions=4),
    st.lists(st.fractions(Fraction(1, 5), 5, max_denominator=5), min_size=2, max_size=2),
)
def test_positive_affine_payoff_changes_keep_the_equilibria(data, game, scales):
    """u_p -> c_p * u_p + d_p(a_-p), with c_p > 0: best responses, hence equilibria, stay."""
    table = np.array(game.payoffs)
    m, n = game.shape
    by_column = np.array(data.draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n)))
    by_row = np.array(data.draw(st.lists(st.integers(-3, 3), min_size=m, max_size=m)))
    table[0] = table[0] * scales[0] + by_column[None, :]  # depends on the column only
    table[1] = table[1] * scales[1] + by_row[:, None]  # depends on the row only
    eqs = nash_equilibria(game)
    moved = nash_equilibria(NormalFormGame(table, game.players, game.actions))
    assert_same_equilibria(moved, eqs, labels=("rescaled game", "original"))
    assert moved.degenerate == eqs.degenerate


@settings(max_examples=100)
@given(games_of(("integers",), max_actions=4))
def test_float_and_exact_solves_agree(game):
    exact = nash_equilibria(game)
    floated = nash_equilibria(NormalFormGame(game.as_float(), game.players, game.actions))
    assert floated.tolerance is not None and exact.tolerance is None
    assert_same_equilibria(floated, exact, tol=1e-7, labels=("float", "exact"))


# ------------------------------------------------------------------ conversions
@settings(max_examples=60)
@given(games_of(max_actions=4))
def test_nashpy_round_trip(game):
    back = NormalFormGame.from_nashpy(game.to_nashpy(), players=game.players, actions=game.actions)
    assert back.kind == "float"
    assert back == NormalFormGame(game.as_float(), game.players, game.actions)
    if game.kind == "float":
        assert back == game


@settings(max_examples=40)
@given(st.data(), normal_form_games(payoffs="symbolic", max_actions=3, min_value=-3, max_value=3))
def test_subs_then_solve_equals_solving_the_numeric_game(data, game):
    values = data.draw(parameter_values(game))
    numeric = game.subs(values)
    assert numeric.kind == "exact"
    direct = np.empty(game.payoffs.shape, dtype=object)
    for idx, v in np.ndenumerate(game.payoffs):
        r = sympy.sympify(v).subs(
            {s: sympy.Rational(x.numerator, x.denominator) for s, x in values.items()}
        )
        direct[idx] = Fraction(int(r.p), int(r.q))
    assert numeric == NormalFormGame(direct, game.players, game.actions)
    by_name = game.subs({s.name: x for s, x in values.items()})
    assert by_name == numeric
    # the symbolic pure equilibria, at these values, are the numeric ones
    symbolic = pure_equilibria(game)
    at = {s: sympy.Rational(x.numerator, x.denominator) for s, x in values.items()}
    holding = {
        e.pure_profile
        for e in symbolic
        if e.condition is None or bool(sympy.sympify(e.condition).subs(at))
    }
    assert holding == {e.pure_profile for e in pure_equilibria(numeric)}
    assert_certified(nash_equilibria(numeric))
