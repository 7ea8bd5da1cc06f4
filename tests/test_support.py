"""Support enumeration: literature cases, independent solvers, exactness, degeneracy, kernel.

Every equilibrium set is checked for its certificate (regret exactly 0 for
exact games) and, where possible, against an independent method: Gambit's
``enummixed`` (exact, the extreme equilibria of any two-player game),
Gambit's ``enumpoly`` (floats, n players; it can miss equilibria, so only
"Gambit's equilibria are among ours" is asserted), an independent
``sympy.solve`` enumeration of 2x2x2 games, and Wilson's oddness theorem
(a nondegenerate game has an odd number of equilibria).
"""

from __future__ import annotations

import itertools
import multiprocessing
from dataclasses import dataclass
from fractions import Fraction as F
from pathlib import Path
from queue import Empty
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.profiles import max_regret
from arbiter.solve import _polysystem
from arbiter.solve._polysystem import RATIONAL, AlgebraicField, solve
from arbiter.solve.nash import nash_equilibria
from arbiter.solve.support import _integer_payoffs, _Search, support_enumeration
from arbiter.testing.strategies import normal_form_games

gbt = pytest.importorskip("pygambit")

DATA = Path(__file__).parent / "data" / "gambit"
SQRT5 = sympy.sqrt(5)


# ----------------------------------------------------------------------------- helpers
def exact_set(result: Any) -> set[tuple[tuple[Any, ...], ...]]:
    return {eq.strategies for eq in result}


def rounded(profiles: Any, digits: int = 6) -> set[tuple[float, ...]]:
    return {tuple(round(float(v), digits) for s in p for v in s) for p in profiles}


def assert_certified(result: Any) -> None:
    """Regret exactly 0 for exact games, recomputed here, and no float anywhere."""
    game = result.game
    for eq in result:
        assert max_regret(game, eq.strategies) == 0
        for s in eq.strategies:
            for v in s:
                assert isinstance(v, F | sympy.Expr) and not isinstance(v, float)
                if isinstance(v, sympy.Expr):
                    assert not v.has(sympy.Float) and v.is_algebraic


def _gambit_worker(arrays: list[list[Any]], method: str, queue: Any) -> None:
    game = gbt.Game.from_arrays(*[np.array(a, dtype=object) for a in arrays])
    if method == "enummixed":
        res = gbt.nash.enummixed_solve(game, rational=True)
        out = [
            tuple(tuple(str(e[s]) for s in pl.strategies) for pl in game.players)
            for e in res.equilibria
        ]
    else:
        res = gbt.nash.enumpoly_solve(game)
        out = [
            tuple(tuple(float(e[s]) for s in pl.strategies) for pl in game.players)
            for e in res.equilibria
        ]
    queue.put(out)


def gambit(game: NormalFormGame, method: str, timeout: float = 20.0) -> list[Any]:
    """Gambit's equilibria, computed in a child process (so that a hang cannot stall the suite).

    When Gambit gives no answer (the child crashed, or did not finish within ``timeout``
    seconds; enumpoly takes milliseconds on the games here) the test fails, saying so:
    a comparison with Gambit is never skipped silently.
    """
    arrays = [
        np.vectorize(lambda x: gbt.Rational(x.numerator, x.denominator), otypes=[object])(
            game.payoffs[p]
        ).tolist()
        for p in range(game.n_players)
    ]
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_gambit_worker, args=(arrays, method, queue))
    proc.start()
    try:
        out = queue.get(timeout=timeout)
    except Empty:
        out = None
    proc.join(1)
    if proc.is_alive():
        proc.terminate()
        proc.join()
    if out is None:
        raise AssertionError(
            f"Gambit's {method} gave no answer within {timeout} s "
            f"(child process exit code {proc.exitcode}); nothing to compare with"
        )
    if method == "enummixed":
        out = [tuple(tuple(F(v) for v in s) for s in p) for p in out]
    return out


# ----------------------------------------------------------------------------- literature
def mckelvey_mclennan() -> NormalFormGame:
    """McKelvey & McLennan (1997), J. Econ. Theory 72: the 2x2x2 game with 9 equilibria.

    Payoffs from Gambit's ``contrib/games/2x2x2.nfg`` (checked against that
    file below); ``u[p][a1][a2][a3]``.
    """
    u = [
        [[[9, 0], [0, 3]], [[0, 3], [9, 0]]],
        [[[8, 0], [0, 4]], [[0, 4], [8, 0]]],
        [[[12, 0], [0, 6]], [[0, 6], [2, 0]]],
    ]
    return NormalFormGame(u)


def pure(i: int, k: int = 2) -> tuple[F, ...]:
    return tuple(F(int(j == i)) for j in range(k))


def mix(*ps: Any) -> tuple[Any, ...]:
    return tuple(F(p) if isinstance(p, int | F) else p for p in ps)


MM_EQUILIBRIA = {
    (pure(0), pure(0), pure(0)),
    (pure(0), pure(1), pure(1)),
    (pure(1), pure(0), pure(1)),
    (pure(1), pure(1), pure(0)),
    (mix(F(1, 2), F(1, 2)), mix(F(1, 2), F(1, 2)), pure(0)),
    (mix(F(1, 3), F(2, 3)), pure(0), mix(F(1, 4), F(3, 4))),
    (pure(1), mix(F(1, 4), F(3, 4)), mix(F(1, 3), F(2, 3))),
    (mix(F(1, 2), F(1, 2)), mix(F(2, 5), F(3, 5)), mix(F(1, 4), F(3, 4))),
    (mix(F(2, 5), F(3, 5)), mix(F(1, 2), F(1, 2)), mix(F(1, 3), F(2, 3))),
}


def jordan_pennies() -> NormalFormGame:
    """Three-player matching pennies (Jordan 1993, Games Econ. Behav. 5).

    Player 1 wants to match player 2, player 2 to match player 3, player 3
    to mismatch player 1; the unique equilibrium has everyone mixing 1/2.
    """
    u = np.zeros((3, 2, 2, 2), dtype=object)
    for a in itertools.product(range(2), repeat=3):
        u[(0, *a)] = 1 if a[0] == a[1] else -1
        u[(1, *a)] = 1 if a[1] == a[2] else -1
        u[(2, *a)] = 1 if a[2] != a[0] else -1
    return NormalFormGame(u)


def golden_game() -> NormalFormGame:
    r"""A 2x2x2 game built so that its totally mixed equilibrium is irrational.

    With :math:`p, q, r` the probabilities of each player's first action,
    the payoff differences (first minus second action) are
    :math:`q - r`, :math:`p - r` and :math:`pq + p - 1`. Indifference forces
    :math:`p = q = r = t` with :math:`t^2 + t - 1 = 0`, so
    :math:`t = (\sqrt 5 - 1)/2`, the golden ratio conjugate.
    """
    d1 = {(0, 0): 0, (0, 1): 1, (1, 0): -1, (1, 1): 0}  # q r - ... = q - r
    d3 = {(0, 0): 1, (0, 1): 0, (1, 0): -1, (1, 1): -1}  # = p q + p - 1
    u = np.zeros((3, 2, 2, 2), dtype=object)
    for a, b, c in itertools.product(range(2), repeat=3):
        u[0, a, b, c] = d1[(b, c)] if a == 0 else 0
        u[1, a, b, c] = d1[(a, c)] if b == 0 else 0
        u[2, a, b, c] = d3[(a, b)] if c == 0 else 0
    return NormalFormGame(u)


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    game: NormalFormGame
    expected: frozenset[Any]


T = (SQRT5 - 1) / 2
CASES = [
    Case(
        "matching pennies",
        "von Neumann & Morgenstern (1944); Osborne (2004), An Introduction to Game Theory, ch. 4",
        NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
        frozenset({(mix(F(1, 2), F(1, 2)), mix(F(1, 2), F(1, 2)))}),
    ),
    Case(
        "battle of the sexes",
        "Luce & Raiffa (1957), Games and Decisions, ch. 5",
        NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
        frozenset(
            {(pure(0), pure(0)), (pure(1), pure(1)), (mix(F(2, 3), F(1, 3)), mix(F(1, 3), F(2, 3)))}
        ),
    ),
    Case(
        "prisoners' dilemma",
        "Axelrod (1984), The Evolution of Cooperation: T=5, R=3, P=1, S=0",
        NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
        frozenset({(pure(1), pure(1))}),
    ),
    Case(
        "rock-paper-scissors",
        "the zero-sum game with the uniform strategy as unique equilibrium",
        NormalFormGame.from_arrays(
            [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]
        ),
        frozenset({(mix(*[F(1, 3)] * 3), mix(*[F(1, 3)] * 3))}),
    ),
    Case(
        "degenerate 3x2",
        "von Stengel (2007), Algorithmic Game Theory ch. 3: the degenerate variant of its 3x2 "
        "example (a segment of equilibria: its two ends are returned)",
        NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
        frozenset(
            {
                (pure(0, 3), pure(0)),
                (pure(0, 3), mix(F(2, 3), F(1, 3))),
                (mix(0, F(1, 3), F(2, 3)), mix(F(1, 3), F(2, 3))),
            }
        ),
    ),
    Case(
        "McKelvey-McLennan 2x2x2",
        "McKelvey & McLennan (1997), J. Econ. Theory 72; Gambit contrib/games/2x2x2.nfg",
        mckelvey_mclennan(),
        frozenset(MM_EQUILIBRIA),
    ),
    Case(
        "three-player matching pennies",
        "Jordan (1993), Games and Economic Behavior 5",
        jordan_pennies(),
        frozenset({(mix(F(1, 2), F(1, 2)),) * 3}),
    ),
    Case(
        "golden-ratio 2x2x2",
        "constructed here (see golden_game): probabilities (sqrt(5) - 1)/2",
        golden_game(),
        frozenset(
            {
                (pure(0), pure(0), pure(0)),
                (pure(1), pure(1), pure(1)),
                (mix(sympy.expand(T), sympy.expand(1 - T)),) * 3,
            }
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_literature_cases_exactly(case: Case) -> None:
    result = support_enumeration(case.game)
    assert exact_set(result) == set(case.expected)
    assert result.method == "support-enumeration"
    assert result.complete
    assert result.tolerance is None
    assert_certified(result)


def test_mckelvey_mclennan_payoffs_are_gambits_file() -> None:
    game = gbt.read_nfg(str(DATA / "2x2x2.nfg"))
    ours = mckelvey_mclennan()
    for p, arr in enumerate(game.to_arrays()):
        assert np.array_equal(
            np.vectorize(lambda x: F(str(x)), otypes=[object])(arr), ours.payoffs[p]
        )


def test_mckelvey_mclennan_agrees_with_gambit_enumpoly() -> None:
    ref = gambit(mckelvey_mclennan(), "enumpoly")
    assert len(ref) == 9
    assert rounded(ref) == rounded(MM_EQUILIBRIA)
    assert not support_enumeration(mckelvey_mclennan()).degenerate


def test_nau_game_continuum_is_reported() -> None:
    """Nau, Gomez Canovas & Hansen (2004), Int. J. Game Theory 32 (Gambit's 2x2x2-nau.nfg).

    Three pure equilibria, two partially mixed ones and a continuum of
    totally mixed equilibria: the isolated five exactly, one point of the
    continuum, and the result says it is degenerate and not complete.
    """
    outcomes = [
        (0, 0, 2),
        (3, 0, 0),
        (0, 3, 0),
        (0, 0, 0),
        (1, 1, 0),
        (0, 0, 0),
        (0, 0, 0),
        (0, 0, 3),
    ]
    u = np.zeros((3, 2, 2, 2), dtype=object)
    for i, pay in enumerate(outcomes):  # Gambit order: player 1's action varies fastest
        a = (i % 2, (i // 2) % 2, i // 4)
        for p in range(3):
            u[(p, *a)] = pay[p]
    result = support_enumeration(NormalFormGame(u))
    assert_certified(result)
    assert result.degenerate and not result.complete
    assert any("continu" in w for w in result.warnings)
    found = exact_set(result)
    expected = {
        (pure(0), pure(1), pure(0)),
        (pure(1), pure(0), pure(0)),
        (pure(1), pure(1), pure(1)),
        (pure(0), pure(1), mix(F(1, 4), F(3, 4))),
        (pure(1), pure(0), mix(F(1, 4), F(3, 4))),
    }
    assert expected < found
    (continuum,) = [eq for eq in result if eq.strategies not in expected]
    assert all(len(s) == 2 for s in continuum.supports)  # a totally mixed point
    ref = gambit(result.game, "enumpoly")
    assert rounded(ref) <= rounded(found)


def test_irrational_values_are_exact_radicals() -> None:
    result = support_enumeration(golden_game())
    (mixed,) = [eq for eq in result if not eq.is_pure]
    for s in mixed.strategies:
        assert sympy.simplify(s[0] - T) == 0
        assert s[0] == sympy.expand(T)  # canonical form, so exact comparisons work
    assert mixed.regret == 0


# ----------------------------------------------------------------------------- independent solvers
@settings(max_examples=40)
@given(normal_form_games(n_players=2, min_actions=1, max_actions=4, min_value=0, max_value=3))
def test_two_players_equal_gambit_enummixed(game: NormalFormGame) -> None:
    """Exact agreement on all (extreme) equilibria, degenerate games included."""
    result = support_enumeration(game)
    assert_certified(result)
    assert result.complete
    ref = gambit(game, "enummixed")
    assert exact_set(result) == set(ref)


def _sympy_reference(u: np.ndarray) -> set[tuple[float, ...]] | None:
    """All equilibria of a 2x2x2 game by sympy.solve per support; None if degenerate."""
    p = sympy.symbols("p0:3")

    def diff(i: int, prob: list[Any]) -> Any:  # u_i(first) - u_i(second)
        total = sympy.Integer(0)
        for a in itertools.product(range(2), repeat=3):
            if a[i] == 1:
                continue
            b = list(a)
            b[i] = 1
            weight = sympy.Integer(1)
            for j in range(3):
                if j != i:
                    weight *= prob[j] if a[j] == 0 else 1 - prob[j]
            total += (int(u[(i, *a)]) - int(u[(i, *b)])) * weight
        return sympy.expand(total)

    found = set()
    for choice in itertools.product((0, 1, None), repeat=3):
        prob = [p[i] if c is None else sympy.Integer(1 - c) for i, c in enumerate(choice)]
        unknowns = [p[i] for i, c in enumerate(choice) if c is None]
        eqs = [diff(i, prob) for i, c in enumerate(choice) if c is None]
        if any(e == 0 for e in eqs):
            return None
        sols = sympy.solve(eqs, unknowns, dict=True) if unknowns else [{}]
        for sol in sols:
            if set(sol) != set(unknowns):
                return None
            vals = [sympy.nsimplify(v.subs(sol)) if v.free_symbols else v for v in prob]
            if any(not v.is_real for v in vals):
                continue
            if any(not (0 < v < 1) for v, c in zip(vals, choice) if c is None):
                continue
            ok = True
            for i, c in enumerate(choice):
                if c is None:
                    continue
                d = sympy.simplify(diff(i, vals))
                if d == 0:
                    return None  # an unused best response: degenerate
                ok &= bool(d > 0) if c == 0 else bool(d < 0)
            if ok:
                found.add(tuple(round(float(x), 6) for v in vals for x in (v, 1 - v)))
    return found


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_2x2x2_equal_independent_sympy_enumeration(seed: int) -> None:
    rng = np.random.default_rng(seed)
    game = NormalFormGame(rng.integers(-20, 21, size=(3, 2, 2, 2)).astype(object))
    ref = _sympy_reference(np.array(game.payoffs))
    assume(ref is not None)
    result = support_enumeration(game)
    assert_certified(result)
    assert rounded(eq.strategies for eq in result) == ref


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([(2, 2, 2), (2, 2, 3)]),
    st.integers(0, 2**32 - 1),
)
def test_three_players_contain_gambit_enumpoly_and_are_odd(shape: Any, seed: int) -> None:
    """Gambit's equilibria are among ours; a nondegenerate game has an odd number (Wilson 1971).

    Gambit's enumpoly misses equilibria on some games (for instance the
    totally mixed equilibrium of ``rng(17)`` 2x2x2 with payoffs in -9..9,
    whose probabilities involve sqrt(649)), so containment is what is asserted.
    """
    rng = np.random.default_rng(seed)
    game = NormalFormGame(rng.integers(-99, 100, size=(3, *shape)).astype(object))
    result = support_enumeration(game)
    assert_certified(result)
    assert result.complete
    if not result.degenerate:
        assert len(result) % 2 == 1
    ref = gambit(game, "enumpoly", timeout=10)
    assert rounded(ref) <= rounded(eq.strategies for eq in result)


def test_enumpoly_gap_documented() -> None:
    rng = np.random.default_rng(17)
    game = NormalFormGame(rng.integers(-9, 10, size=(3, 2, 2, 2)).astype(object))
    result = support_enumeration(game)
    assert len(result) == 3 and not result.degenerate
    (total,) = [eq for eq in result if all(len(s) == 2 for s in eq.supports)]
    assert total.strategies[0][0].has(sympy.sqrt(649))
    ref = gambit(game, "enumpoly")
    assert len(ref) == 2
    assert rounded(ref) < rounded(eq.strategies for eq in result)


# ----------------------------------------------------------------------------- degenerate games
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(normal_form_games(shape=(2, 2, 2), min_value=0, max_value=2))
def test_tie_heavy_three_player_games_never_truncate_silently(game: NormalFormGame) -> None:
    result = support_enumeration(game)
    assert_certified(result)
    assert len(result) >= 1  # every finite game has an equilibrium
    if not result.complete:
        assert result.warnings
    if result.degenerate:
        assert any("degenerate" in w for w in result.warnings)
    # every pure equilibrium is there
    pure_found = {eq.pure_profile for eq in result if eq.is_pure}
    from arbiter.solve.pure import pure_equilibria

    assert pure_found == {eq.pure_profile for eq in pure_equilibria(game)}


def test_duplicate_strategy_gives_extreme_points_only() -> None:
    # Column player's two columns are copies: y can be anything; the extreme points remain.
    game = NormalFormGame.from_arrays([[1, 1], [0, 0]], [[2, 2], [1, 1]])
    result = support_enumeration(game)
    assert result.degenerate and result.complete
    assert exact_set(result) == {(pure(0), pure(0)), (pure(0), pure(1))}
    assert set(gambit(game, "enummixed")) == exact_set(result)


# ----------------------------------------------------------------------------- kinds, errors
def test_float_game_solved_exactly_then_returned_as_floats() -> None:
    game = NormalFormGame(np.array(mckelvey_mclennan().payoffs, dtype=float))
    result = support_enumeration(game)
    assert game.kind == "float" and result.tolerance is not None
    assert rounded(eq.strategies for eq in result) == rounded(MM_EQUILIBRIA)
    for eq in result:
        assert all(isinstance(v, float) for s in eq.strategies for v in s)
        assert max_regret(game, eq.strategies) <= result.tolerance


def test_fractional_payoffs_are_scaled_not_rounded() -> None:
    game = NormalFormGame.from_arrays(
        [[F(1, 3), F(-1, 7)], [F(-1, 3), F(1, 7)]], [[F(-1, 2), F(1, 5)], [F(1, 2), F(-1, 5)]]
    )
    result = support_enumeration(game)
    assert_certified(result)
    assert exact_set(result) == set(gambit(game, "enummixed"))


def test_symbolic_game_is_refused() -> None:
    x = sympy.Symbol("x")
    game = NormalFormGame.from_arrays([[x, 0], [0, 1]], [[1, 0], [0, x]])
    with pytest.raises(NotSupportedError, match=r"\['x'\]"):
        support_enumeration(game)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"game": "not a game"}, ArgumentTypeError),
        ({"tol": -1.0}, InvalidArgumentError),
        ({"tol": "tiny"}, InvalidArgumentError),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], error: type[Exception]) -> None:
    args = {"game": CASES[0].game, **kwargs}
    game = args.pop("game")
    with pytest.raises(error):
        support_enumeration(game, **args)


def test_nash_equilibria_dispatches_here() -> None:
    game = mckelvey_mclennan()
    assert nash_equilibria(game).equilibria == support_enumeration(game).equilibria
    bos = CASES[1].game
    assert nash_equilibria(bos, method="support").method == "support-enumeration"
    assert exact_set(nash_equilibria(bos, method="support")) == set(CASES[1].expected)


def test_one_player_game() -> None:
    game = NormalFormGame([[3, 5, 5]])
    result = support_enumeration(game)
    assert exact_set(result) == {(pure(1, 3),), (pure(2, 3),)}
    assert result.degenerate and result.complete


# ----------------------------------------------------------------------------- higher-degree fields
def test_degree_nine_equilibrium_is_exact_and_never_silently_dropped() -> None:
    """A random 2x2x2x2 game whose totally mixed equilibrium lives in a field of degree 9."""
    rng = np.random.default_rng(0)
    game = NormalFormGame(rng.integers(-99, 100, size=(4, 2, 2, 2, 2)).astype(object))
    found = _Search(_integer_payoffs(game), game.actions).run()
    (hit,) = [h for h in found.hits if h.point.field.degree >= 3]
    assert hit.point.field.degree == 9
    # Independently of the certificate: regret ~ 0 at 60 digits.
    strategies = []
    for p in range(4):
        vec = [sympy.Integer(0)] * 2
        for a, form in zip(hit.support[p], hit.forms[p]):
            vec[a] = sympy.N(hit.point.field.to_exact(hit.point.evaluate(form)), 60)
        strategies.append(vec)
    u = np.array(game.payoffs, dtype=object)
    for p in range(4):
        values = []
        for b in range(2):
            total = 0
            for prof in itertools.product(range(2), repeat=4):
                if prof[p] != b:
                    continue
                w = 1
                for q in range(4):
                    if q != p:
                        w *= strategies[q][prof[q]]
                total += int(u[(p, *prof)]) * w
            values.append(total)
        payoff = sum(s * v for s, v in zip(strategies[p], values))
        assert max(values) - payoff < sympy.Float("1e-50")
    result = support_enumeration(game)
    mixed = [eq for eq in result if all(len(s) == 2 for s in eq.supports)]
    if mixed:  # the certificate handles CRootOf numbers
        assert result.complete
    else:  # left out, and said so
        assert not result.complete
        assert any("degree 3 or more" in w for w in result.warnings)


# ----------------------------------------------------------------------------- kernel
def test_kernel_cubic_field_and_exact_signs() -> None:
    # x^3 - 3x + 1 = 0 has three real roots: -1.879, 0.347, 1.532.
    sol = solve([{(0, 0, 0): F(1), (0,): F(-3), (): F(1)}], 1)
    assert sol.status == "finite" and len(sol.points) == 3
    signs = [p.sign_of({(0,): F(1)}) for p in sol.points]
    assert signs == [-1, 1, 1]
    # r^2 - 3 r + ... : exact zero recognised by reduction, not by floats
    for p in sol.points:
        assert p.sign_of({(0, 0, 0): F(1), (0,): F(-3), (): F(1)}) == 0
        assert p.sign_of({(0, 0): F(1), (): F(-3)}) != 0
    assert isinstance(sol.points[1].field, AlgebraicField)
    value = sol.points[1].field.to_exact(sol.points[1].coords[0])
    assert value.has(sympy.CRootOf) and abs(float(value) - 0.3472963553) < 1e-9


def test_kernel_non_separating_and_non_radical_systems() -> None:
    # x^2 = 1, y^2 = 1: four points, two sharing each coordinate (needs a separating form).
    sol = solve([{(0, 0): F(1), (): F(-1)}, {(1, 1): F(1), (): F(-1)}], 2)
    assert sol.status == "finite"
    assert {tuple(p.coords) for p in sol.points} == {(a, b) for a in (-1, 1) for b in (-1, 1)}
    # x^2 = 0, x y = 0, y^2 = 0: one point of multiplicity 3 (needs the radical).
    sol = solve([{(0, 0): F(1)}, {(0, 1): F(1)}, {(1, 1): F(1)}], 2)
    assert [tuple(p.coords) for p in sol.points] == [(0, 0)]
    # x y = 1, x^2 + y^2 = 3: four real points in a quadratic field.
    sol = solve([{(0, 1): F(1), (): F(-1)}, {(0, 0): F(1), (1, 1): F(1), (): F(-3)}], 2)
    assert len(sol.points) == 4
    for p in sol.points:
        assert p.sign_of({(0, 1): F(1), (): F(-1)}) == 0


def test_kernel_dimension_and_membership() -> None:
    # x (y - 1) = 0 and x z = 0: contains the plane x = 0 (dimension 2).
    sol = solve([{(0, 1): F(1), (0,): F(-1)}, {(0, 2): F(1)}], 3)
    assert sol.status == "positive" and sol.dimension == 2
    assert sol.contains({(0, 0): F(1)}) is False  # x^2
    assert sol.contains({(0, 0, 1): F(1), (0, 0): F(-1)})  # x^2 (y - 1)
    assert solve([{(0,): F(1)}, {(0,): F(1), (): F(1)}], 1).status == "empty"
    assert solve([{(0, 0): F(1), (): F(1)}], 1).points == ()  # x^2 + 1: no real point
    lin = solve([{(0,): F(1), (1,): F(1), (): F(-1)}], 2)
    assert lin.status == "positive" and lin.dimension == 1 and lin.free == (1,)


@pytest.mark.skipif(not _polysystem._HAVE_FLINT, reason="python-flint not installed")
def test_flint_and_sympy_groebner_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    game = NormalFormGame(rng.integers(-9, 10, size=(3, 3, 2, 3)).astype(object))
    with_flint = support_enumeration(game)
    monkeypatch.setattr(_polysystem, "use_flint", False)
    assert support_enumeration(game).equilibria == with_flint.equilibria


@pytest.mark.slow
def test_3x3x3_games_contain_gambit_and_are_odd() -> None:
    for seed in range(3):
        rng = np.random.default_rng(seed)
        game = NormalFormGame(rng.integers(-99, 100, size=(3, 3, 3, 3)).astype(object))
        result = support_enumeration(game)
        assert_certified(result)
        if not result.degenerate and result.complete:
            assert len(result) % 2 == 1
        ref = gambit(game, "enumpoly", timeout=30)
        assert rounded(ref) <= rounded(eq.strategies for eq in result)


def test_rational_field_is_exact() -> None:
    assert RATIONAL.sign(F(0)) == 0 and RATIONAL.to_exact(F(1, 3)) == F(1, 3)


def test_too_many_support_profiles_is_refused_before_any_work():
    """A 9 x 8 x 7 game (S2's strategic form size) has 16,548,735 support profiles:
    refused at once with the count and the alternatives, not after exhausting memory."""
    import time

    from arbiter.errors import NotSupportedError
    from arbiter.solve.support import MAX_SUPPORT_PROFILES

    game = NormalFormGame(np.zeros((3, 9, 8, 7), dtype=int))
    start = time.perf_counter()
    with pytest.raises(NotSupportedError, match=r"9 x 8 x 7 game has 16,548,735 support"):
        support_enumeration(game)
    with pytest.raises(NotSupportedError, match="pure_equilibria"):
        nash_equilibria(game)
    assert time.perf_counter() - start < 5
    assert (2**9 - 1) * (2**8 - 1) * (2**7 - 1) > MAX_SUPPORT_PROFILES
