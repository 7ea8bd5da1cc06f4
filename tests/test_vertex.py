"""Vertex enumeration: literature cases, independent solvers, exact paths, kernel.

Every equilibrium set is checked for its certificate (regret exactly 0 for
exact games) and, where possible, against an independent solver: Gambit's
``enummixed`` (rational arithmetic; the extreme equilibria of degenerate
games) and QuantEcon's ``vertex_enumeration`` (floats, nondegenerate games).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.profiles import max_regret
from arbiter.solve import _exact, _polytope
from arbiter.solve.certify import certified_set
from arbiter.solve.nash import nash_equilibria
from arbiter.solve.vertex import (
    _certified_labels,
    _label_tol,
    _near_duplicates,
    _pairs,
    _simple_pairs,
    vertex_enumeration,
)

Profile = tuple[tuple[F, ...], tuple[F, ...]]


def exact_set(result: Any) -> set[Profile]:
    return {tuple(tuple(F(v) for v in s) for s in eq.strategies) for eq in result}


def float_rows(profiles: Any) -> list[np.ndarray]:
    rows = [np.concatenate([np.asarray(s, dtype=float) for s in p]) for p in profiles]
    return sorted(rows, key=lambda r: tuple(np.round(r, 6)))


def assert_same_floats(ours: Any, theirs: Any, tol: float = 1e-6) -> None:
    a, b = float_rows(ours), float_rows(theirs)
    assert len(a) == len(b), f"{len(a)} equilibria here, {len(b)} there"
    unused = list(range(len(b)))
    for row in a:
        hit = next((j for j in unused if np.max(np.abs(row - b[j])) <= tol), None)
        assert hit is not None, f"equilibrium {row} has no match in {b}"
        unused.remove(hit)


def gambit_set(A: Any, B: Any) -> set[Profile]:
    gbt = pytest.importorskip("pygambit")
    game = gbt.Game.from_arrays(np.array(A, dtype=object), np.array(B, dtype=object))
    result = gbt.nash.enummixed_solve(game)  # rational arithmetic
    players = list(game.players)
    return {
        tuple(tuple(F(eq[s]) for s in p.strategies) for p in players) for eq in result.equilibria
    }


# ------------------------------------------------------------------ literature

# von Stengel (1999), "New maximal numbers of equilibria in bimatrix games",
# Discrete Comput. Geom. 21, 557-568: a nondegenerate 6x6 game with 75
# equilibria (more than the conjectured 2^6 - 1 = 63). Matrices as in Gambit's
# catalog (games/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg).
STENGEL_75_A = [
    [9504, -660, 19976, -20526, 1776, -8976],
    [-111771, 31680, -130944, 168124, -8514, 52764],
    [397584, -113850, 451176, -586476, 29216, -178761],
    [171204, -45936, 208626, -263076, 14124, -84436],
    [1303104, -453420, 1227336, -1718376, 72336, -461736],
    [737154, -227040, 774576, -1039236, 48081, -300036],
]
STENGEL_75_B = [
    [72336, 48081, 29216, 14124, 1776, -8514],
    [-461736, -300036, -178761, -84436, -8976, 52764],
    [1227336, 774576, 451176, 208626, 19976, -130944],
    [-1718376, -1039236, -586476, -263076, -20526, 168124],
    [1303104, 737154, 397584, 171204, 9504, -111771],
    [-453420, -227040, -113850, -45936, -660, 31680],
]


def _identity_equilibria(n: int) -> set[Profile]:
    """Coordination game (I, I): for each nonempty support S, both players uniform on S."""
    out = set()
    for k in range(1, n + 1):
        for S in itertools.combinations(range(n), k):
            s = tuple(F(1, k) if i in S else F(0) for i in range(n))
            out.add((s, s))
    return out


def _p(*vals: Any) -> tuple[F, ...]:
    return tuple(F(v) for v in vals)


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    A: list[list[Any]]
    B: list[list[Any]]
    equilibria: set[Profile] | int  # the exact set, or just its size
    degenerate: bool


CASES = [
    Case(
        "stengel2007-3x2",
        "von Stengel (2007), Equilibrium computation for two-player games in strategic "
        "and extensive form, in Algorithmic Game Theory ch. 3, Fig. 3.1 / Sec. 3.4",
        [[3, 3], [2, 5], [0, 6]],
        [[3, 2], [2, 6], [3, 1]],
        {
            (_p(1, 0, 0), _p(1, 0)),
            (_p(F(4, 5), F(1, 5), 0), _p(F(2, 3), F(1, 3))),
            (_p(0, F(1, 3), F(2, 3)), _p(F(1, 3), F(2, 3))),
        },
        False,
    ),
    Case(
        "stengel2007-3x2-degenerate",
        "von Stengel (2007) Sec. 3.6: the 3x2 game with player 2's payoff in row 1, column 2 "
        "raised from 2 to 3 (row 1 has two best responses); extreme equilibria as in "
        "QuantEcon's test suite",
        [[3, 3], [2, 5], [0, 6]],
        [[3, 3], [2, 6], [3, 1]],
        {
            (_p(1, 0, 0), _p(1, 0)),
            (_p(1, 0, 0), _p(F(2, 3), F(1, 3))),
            (_p(0, F(1, 3), F(2, 3)), _p(F(1, 3), F(2, 3))),
        },
        True,
    ),
    Case(
        "stengel2007-3x2-degenerate-rows-reversed",
        "the degenerate game above with the rows in reverse order (QuantEcon needs qhull "
        "option QJ for it)",
        [[0, 6], [2, 5], [3, 3]],
        [[3, 1], [2, 6], [3, 3]],
        {
            (_p(0, 0, 1), _p(1, 0)),
            (_p(0, 0, 1), _p(F(2, 3), F(1, 3))),
            (_p(F(2, 3), F(1, 3), 0), _p(F(1, 3), F(2, 3))),
        },
        True,
    ),
    Case(
        "matching-pennies",
        "von Neumann & Morgenstern (1944); unique equilibrium, both mix 1/2",
        [[1, -1], [-1, 1]],
        [[-1, 1], [1, -1]],
        {(_p(F(1, 2), F(1, 2)), _p(F(1, 2), F(1, 2)))},
        False,
    ),
    Case(
        "battle-of-the-sexes",
        "Luce & Raiffa (1957), Games and Decisions, ch. 5: two pure equilibria and one mixed",
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        {
            (_p(1, 0), _p(1, 0)),
            (_p(0, 1), _p(0, 1)),
            (_p(F(2, 3), F(1, 3)), _p(F(1, 3), F(2, 3))),
        },
        False,
    ),
    Case(
        "prisoners-dilemma",
        "Tucker (1950); the unique equilibrium is mutual defection",
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        {(_p(0, 1), _p(0, 1))},
        False,
    ),
    Case(
        "rock-paper-scissors",
        "the symmetric zero-sum game; unique equilibrium, uniform play",
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
        [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
        {(_p(F(1, 3), F(1, 3), F(1, 3)), _p(F(1, 3), F(1, 3), F(1, 3)))},
        False,
    ),
    Case(
        "shapley-1964",
        "Shapley (1964), Some topics in two-person games: unique equilibrium, uniform play",
        [[0, 1, 0], [0, 0, 1], [1, 0, 0]],
        [[0, 0, 1], [1, 0, 0], [0, 1, 0]],
        {(_p(F(1, 3), F(1, 3), F(1, 3)), _p(F(1, 3), F(1, 3), F(1, 3)))},
        False,
    ),
    Case(
        "coordination-I3",
        "Quint & Shubik (1997); von Stengel (1999): the game (I, I) has 2^n - 1 equilibria",
        np.eye(3, dtype=int).tolist(),
        np.eye(3, dtype=int).tolist(),
        _identity_equilibria(3),
        False,
    ),
    Case(
        "coordination-I4",
        "as above, n = 4: 15 equilibria",
        np.eye(4, dtype=int).tolist(),
        np.eye(4, dtype=int).tolist(),
        _identity_equilibria(4),
        False,
    ),
    Case(
        "stengel1999-6x6-75",
        "von Stengel (1999), Discrete Comput. Geom. 21: 75 equilibria",
        STENGEL_75_A,
        STENGEL_75_B,
        75,
        False,
    ),
    Case(
        "all-ties-2x3",
        "constant payoffs: every profile is an equilibrium; the extreme ones are the 6 "
        "pure profiles",
        [[0, 0, 0], [0, 0, 0]],
        [[0, 0, 0], [0, 0, 0]],
        {
            (_p(*(int(i == a) for i in range(2))), _p(*(int(j == b) for j in range(3))))
            for a in range(2)
            for b in range(3)
        },
        True,
    ),
    Case(
        "1x3",
        "one row: the column player's best responses (two tie), row plays it",
        [[1, 2, 3]],
        [[5, 1, 5]],
        {(_p(1), _p(1, 0, 0)), (_p(1), _p(0, 0, 1))},
        True,
    ),
    Case(
        "3x1",
        "one column: the row player's unique best response",
        [[1], [4], [2]],
        [[0], [0], [1]],
        {(_p(0, 1, 0), _p(1))},
        False,
    ),
    Case("1x1", "a single profile", [[F(1, 3)]], [[-2]], {(_p(1), _p(1))}, False),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_literature_exact(case: Case) -> None:
    game = NormalFormGame.from_arrays(case.A, case.B)
    result = vertex_enumeration(game)
    assert result.method == "vertex-enumeration"
    assert result.complete
    assert result.tolerance is None
    assert result.degenerate is case.degenerate
    assert any("degenerate" in w for w in result.warnings) is case.degenerate
    found = exact_set(result)
    if isinstance(case.equilibria, int):
        assert len(found) == case.equilibria
    else:
        assert found == case.equilibria
    for eq in result:
        assert eq.regret == 0 and isinstance(eq.regret, F)
        assert all(isinstance(v, F) for s in eq.strategies for v in s)
        assert max_regret(game, eq.strategies) == 0


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_literature_float(case: Case) -> None:
    exact = NormalFormGame.from_arrays(case.A, case.B)
    game = NormalFormGame(exact.as_float(), exact.players, exact.actions)
    result = vertex_enumeration(game)
    assert result.complete and result.tolerance is not None
    assert result.degenerate is case.degenerate
    assert result.max_regret <= result.tolerance
    expected = vertex_enumeration(exact)
    assert_same_floats([eq.strategies for eq in result], [eq.strategies for eq in expected], 1e-9)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_literature_against_gambit(case: Case) -> None:
    result = vertex_enumeration(NormalFormGame.from_arrays(case.A, case.B))
    assert exact_set(result) == gambit_set(case.A, case.B)


def test_nash_equilibria_uses_vertex_enumeration() -> None:
    game = NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    assert nash_equilibria(game, method="vertex") == vertex_enumeration(game)


# ------------------------------------------------------------------ random games


@st.composite
def integer_bimatrix(draw: Any, max_actions: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Small integer games; with few payoff values, most are degenerate."""
    m = draw(st.integers(1, max_actions))
    n = draw(st.integers(1, max_actions))
    hi = draw(st.integers(1, 4))
    cells = st.lists(st.integers(-hi, hi), min_size=m * n, max_size=m * n)
    A = np.array(draw(cells)).reshape(m, n)
    B = np.array(draw(cells)).reshape(m, n)
    return A, B


@settings(max_examples=150)
@given(integer_bimatrix())
def test_integer_games_match_gambit(AB: tuple[np.ndarray, np.ndarray]) -> None:
    A, B = AB
    game = NormalFormGame.from_arrays(A, B)
    result = vertex_enumeration(game)
    assert result.complete and result.max_regret == 0
    assert exact_set(result) == gambit_set(A.tolist(), B.tolist())
    # The float path finds the same extreme equilibria and the same degeneracy.
    floats = vertex_enumeration(NormalFormGame(game.as_float()))
    assert floats.degenerate is result.degenerate
    assert_same_floats([e.strategies for e in floats], [e.strategies for e in result], 1e-9)


@settings(max_examples=60)
@given(st.integers(2, 6), st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_gaussian_games_match_quantecon(m: int, n: int, seed: int) -> None:
    gt = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    game = NormalFormGame(np.stack([A, B]))
    result = vertex_enumeration(game)
    assert result.complete and not result.degenerate and not result.warnings
    assert result.max_regret <= result.tolerance
    theirs = gt.vertex_enumeration(gt.NormalFormGame([gt.Player(A), gt.Player(B.T)]))
    assert_same_floats([e.strategies for e in result], theirs)


@settings(max_examples=40)
@given(st.integers(1, 7), st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_certification_keeps_every_candidate(m: int, n: int, seed: int) -> None:
    """Each completely labeled vertex pair is an equilibrium: none is dropped."""
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    P, Q = _polytope.best_response_vertices(A, B, _label_tol(1e-9))
    ip, _, degenerate, trouble = _pairs(P.labels, Q.labels, m, n)
    assert not degenerate and not trouble
    result = vertex_enumeration(NormalFormGame(np.stack([A, B])))
    assert len(result) == len(ip) >= 1
    assert not result.warnings
    # An odd number: nondegenerate games have an odd number of equilibria.
    assert len(result) % 2 == 1


@settings(max_examples=25)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_exact_mode_on_float_games(m: int, n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    game = NormalFormGame(np.stack([rng.standard_normal((m, n)), rng.standard_normal((m, n))]))
    floats = vertex_enumeration(game)
    exact = vertex_enumeration(game, exact=True)
    assert exact.game.kind == "exact" and exact.tolerance is None
    assert exact.game.payoffs[0, 0, 0] == F(float(game.payoffs[0, 0, 0]))
    assert exact.max_regret == 0 and exact.complete
    assert any("exact=True" in w for w in exact.warnings)
    for eq in exact:
        assert all(isinstance(v, F) for s in eq.strategies for v in s)
        assert max_regret(exact.game, eq.strategies) == 0
    assert_same_floats([e.strategies for e in floats], [e.strategies for e in exact], 1e-9)


def test_exact_false_solves_the_float_copy() -> None:
    game = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    result = vertex_enumeration(game, exact=False)
    assert result.game.kind == "float" and result.tolerance is not None
    expected = vertex_enumeration(game)
    assert_same_floats([e.strategies for e in result], [e.strategies for e in expected])


def test_more_than_64_labels() -> None:
    """m + n > 64: label masks span two words."""
    rng = np.random.default_rng(7)
    A, B = rng.standard_normal((62, 3)), rng.standard_normal((62, 3))
    game = NormalFormGame(np.stack([A, B]))
    floats = vertex_enumeration(game)
    exact = vertex_enumeration(game, exact=True)
    assert len(floats) % 2 == 1 and floats.complete and exact.max_regret == 0
    assert_same_floats([e.strategies for e in floats], [e.strategies for e in exact], 1e-9)


# ------------------------------------------------------------------ exact paths


@pytest.fixture
def no_flint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_exact, "_flint", None)


@pytest.mark.usefixtures("no_flint")
@settings(max_examples=60)
@given(integer_bimatrix(max_actions=4))
def test_pure_python_path_matches_gambit(AB: tuple[np.ndarray, np.ndarray]) -> None:
    A, B = AB
    assert _exact._flint is None
    result = vertex_enumeration(NormalFormGame.from_arrays(A, B))
    assert result.max_regret == 0
    assert exact_set(result) == gambit_set(A.tolist(), B.tolist())


def test_flint_and_pure_python_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("flint")
    games = [NormalFormGame.from_arrays(STENGEL_75_A, STENGEL_75_B)]
    rng = np.random.default_rng(3)
    games += [NormalFormGame(np.stack([rng.standard_normal((5, 4)), rng.standard_normal((5, 4))]))]
    with_flint = [vertex_enumeration(g, exact=True) for g in games]
    monkeypatch.setattr(_exact, "_flint", None)
    without = [vertex_enumeration(g, exact=True) for g in games]
    assert [len(r) for r in with_flint] == [75, len(with_flint[1])]
    assert with_flint == without


@pytest.mark.parametrize("flint", [True, False], ids=["flint", "pure-python"])
def test_near_tie_is_decided_exactly(flint: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A payoff difference of 1e-11 is a tie for the float labels but not exactly.

    The exact vertex search (integer pivoting) never sees the float tie.
    """
    if flint:
        pytest.importorskip("flint")
    else:
        monkeypatch.setattr(_exact, "_flint", None)
    eps = F(1, 10**11)
    A, B = [[1, 0], [0, 1]], [[1, 1 + eps], [1, 0]]
    result = vertex_enumeration(NormalFormGame.from_arrays(A, B))
    assert not result.degenerate and result.complete and result.max_regret == 0
    assert exact_set(result) == {(_p(1 / (1 + eps), eps / (1 + eps)), _p(F(1, 2), F(1, 2)))}
    assert exact_set(result) == gambit_set(A, B)
    # In floats, with tolerance 1e-9, the tie is real: degenerate, two extreme points.
    floats = vertex_enumeration(NormalFormGame.from_arrays(np.array(A, float), np.array(B, float)))
    assert floats.degenerate and len(floats) == 2


def _random_system(
    rng: np.random.Generator, s: int, extra: int
) -> tuple[list[list[int]], list[int], list[F]]:
    while True:
        M = rng.integers(-4, 5, size=(s + extra, s)).tolist()
        if np.linalg.matrix_rank(np.array(M, dtype=float)) == s:
            break
    z = [F(int(rng.integers(-9, 10)), int(rng.integers(1, 7))) for _ in range(s)]
    rhs = [sum(a * b for a, b in zip(row, z)) for row in M]
    den = 1
    for v in rhs:
        den = den * v.denominator // np.gcd(den, v.denominator)
    return M, [int(v * den) for v in rhs], [v * den for v in z]


@pytest.mark.parametrize("flint", [True, False], ids=["flint", "pure-python"])
def test_solve_consistent(flint: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if flint:
        pytest.importorskip("flint")
    else:
        monkeypatch.setattr(_exact, "_flint", None)
    rng = np.random.default_rng(0)
    for _ in range(200):
        s, extra = int(rng.integers(1, 6)), int(rng.integers(0, 3))
        M, b, z = _random_system(rng, s, extra)
        u, den = _exact.solve_consistent(M, b)
        assert den > 0 and [F(v, den) for v in u] == z
        if extra:
            bad = list(b)
            bad[int(rng.integers(0, len(b)))] += 1
            consistent = sympy.Matrix([[*r, v] for r, v in zip(M, bad)]).rank() == s
            out = _exact.solve_consistent(M, bad)
            if consistent:
                u, den = out
                assert all(sum(a * v for a, v in zip(r, u)) == w * den for r, w in zip(M, bad))
            else:
                assert out is None
    assert _exact.solve_consistent([[1, 2], [2, 4]], [1, 2]) is None  # singular
    assert _exact.solve_consistent([[1, 2]], [1]) is None  # underdetermined
    assert _exact.independent_rows([[1, 2], [2, 4], [0, 1]], [0, 1, 2]) == [0, 2]


def test_to_integer_matrix_keeps_best_responses() -> None:
    U = [[F(1, 3), F(-2, 7)], [F(5, 2), F(1, 3)]]
    M = _exact.to_integer_matrix(U)
    assert all(isinstance(v, int) and v >= 1 for row in M for v in row)
    for i, j, k, l_ in itertools.product(range(2), repeat=4):
        assert (U[i][j] < U[k][l_]) == (M[i][j] < M[k][l_])


# ------------------------------------------------------------------ kernel


@settings(max_examples=60)
@given(st.integers(1, 130), st.integers(1, 30), st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_mask_matching_matches_brute_force(L: int, k1: int, k2: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    lp = rng.random((k1, L)) < 0.5
    lq = ~lp[rng.integers(0, k1, size=k2)]  # some complements
    lq[rng.random((k2, L)) < 0.1] ^= True  # and some near misses
    lq[: k2 // 2] |= rng.random((k2 // 2, L)) < 0.3  # and some supersets
    mp, mq = _polytope.pack_labels(lp), _polytope.pack_labels(lq)
    assert mp.shape == (k1, -(-L // 64)) and mp.dtype == np.uint64
    brute_all = {(i, j) for i in range(k1) for j in range(k2) if (lp[i] | lq[j]).all()}
    ip, iq = _polytope.completely_labeled_pairs(mp, mq, L, chunk=7)
    assert set(zip(ip.tolist(), iq.tolist())) == brute_all
    # Complementary matching on distinct masks.
    up, uq = _polytope.unique_rows(mp), _polytope.unique_rows(mq)
    brute_comp = {(i, j) for i in up for j in uq if (lp[i] ^ lq[j]).all()}
    ip, iq = _polytope.complementary_pairs(mp[up], mq[uq], L)
    assert {(int(up[i]), int(uq[j])) for i, j in zip(ip, iq)} == brute_comp


def test_vertices_of_the_stengel_polytopes() -> None:
    """P of von Stengel (2007) Fig. 3.2: vertices a..e besides 0, with their labels."""
    A = np.array([[3, 3], [2, 5], [0, 6]], float)
    B = np.array([[3, 2], [2, 6], [3, 1]], float)
    P, Q = _polytope.best_response_vertices(A, B, 1e-10)
    assert len(P.points) == 5 and len(Q.points) == 4
    assert (P.labels.sum(axis=1) == 3).all() and (Q.labels.sum(axis=1) == 2).all()
    # Every vertex satisfies its polytope's constraints, tight where labelled.
    Bp, Ap = _polytope.positive_payoffs(B), _polytope.positive_payoffs(A)
    for x, lab in zip(P.points, P.labels):
        assert (x >= -1e-12).all() and (Bp.T @ x <= 1 + 1e-12).all()
        np.testing.assert_allclose(x[lab[:3]], 0, atol=1e-12)
        np.testing.assert_allclose((Bp.T @ x)[lab[3:]], 1, atol=1e-12)
    for y, lab in zip(Q.points, Q.labels):
        np.testing.assert_allclose((Ap @ y)[lab[:3]], 1, atol=1e-12)
        np.testing.assert_allclose(y[lab[3:]], 0, atol=1e-12)


def test_pairs_flags_too_few_labels() -> None:
    labels = np.array([[True, False, False]])
    _, _, degenerate, trouble = _pairs(labels, np.array([[False, False, True]]), 2, 1)
    assert trouble and not degenerate


# ------------------------------------------------------------------ errors


def test_three_players_not_supported() -> None:
    game = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(NotSupportedError, match="two-player"):
        vertex_enumeration(game)


def test_symbolic_games_not_supported() -> None:
    x = sympy.Symbol("x")
    game = NormalFormGame.from_arrays([[x, 0], [0, 1]], [[1, 0], [0, x]])
    with pytest.raises(NotSupportedError, match="free parameters"):
        vertex_enumeration(game)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"exact": "yes"}, ArgumentTypeError), ({"tol": -1}, InvalidArgumentError)],
)
def test_bad_options(kwargs: dict[str, Any], error: type[Exception]) -> None:
    game = NormalFormGame.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(error):
        vertex_enumeration(game, **kwargs)


def test_not_a_game() -> None:
    with pytest.raises(ArgumentTypeError, match="vertex_enumeration"):
        vertex_enumeration([[1, 0], [0, 1]])


# ------------------------------------------------------------------ exact certificate


def _exact_search_set(game: NormalFormGame) -> set[Profile]:
    """The equilibria by the pure exact search (integer pivoting), bypassing the certificate."""
    A = _exact.to_integer_matrix(game.payoffs[0].tolist())
    B = _exact.to_integer_matrix(game.payoffs[1].tolist())
    m, n = len(A), len(A[0])
    BT = [list(c) for c in zip(*B)]
    vp = _polytope.exact_vertices(BT, range(m), range(m, m + n))
    vq = _polytope.exact_vertices(A, range(m, m + n), range(m))
    full = (1 << (m + n)) - 1
    out = set()
    for u, _, mp in vp:
        for w, _, mq in vq:
            if mp | mq == full:
                out.add((tuple(F(v, sum(u)) for v in u), tuple(F(v, sum(w)) for v in w)))
    return out


@settings(max_examples=45, deadline=None)
@given(
    st.integers(2, 7),
    st.integers(2, 7),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1.0, 1e19, 1e-19]),
)
def test_certified_vertices_match_exact_search(m: int, n: int, seed: int, scale: float) -> None:
    """Float vertices proven exact give the pure exact search's equilibria, at any scale,
    from the float game (exact=True: the certificate on the floats' [1, 2] images) and
    from the exact game (on the integer forms' images)."""
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((m, n)) * scale, rng.standard_normal((m, n)) * scale
    from_floats = vertex_enumeration(NormalFormGame(np.stack([A, B])), exact=True)
    game = from_floats.game
    result = vertex_enumeration(game)
    want = _exact_search_set(game)
    for found in (from_floats, result):
        assert found.complete and found.max_regret == 0 and not found.degenerate
        assert exact_set(found) == want
    # The certificate itself succeeded (the search above is the independent check).
    ints = [_exact.to_integer_matrix(game.payoffs[p].tolist()) for p in range(2)]
    assert _certified_labels(*ints) is not None


@settings(max_examples=60, deadline=None)
@given(integer_bimatrix(max_actions=4))
def test_certificate_refuses_degenerate_polytopes(AB: tuple[np.ndarray, np.ndarray]) -> None:
    """A polytope with a degenerate vertex is never certified (the exact search takes over)."""
    A, _ = AB
    Ai = _exact.to_integer_matrix([[F(int(v)) for v in r] for r in A])
    if len(Ai[0]) < 2:
        return
    vq = _polytope.exact_vertices(Ai, range(len(A), len(A) + len(Ai[0])), range(len(A)))
    degenerate = any(v[2].bit_count() > len(Ai[0]) for v in vq)
    s = max(max(r) for r in Ai) - 1
    M = np.ones((len(Ai), len(Ai[0]))) if s == 0 else np.array(Ai, dtype=float)
    tight = _polytope.certified_simple_vertices((M - 1) / max(s, 1) + 1, 2.0**-50)
    if degenerate:
        assert tight is None
    elif tight is not None:
        found = {sum(1 << int(v) for v in np.flatnonzero(row)) for row in tight}
        n = len(Ai[0])
        # Local order: y >= 0 first, then the rows of A.
        want = {(1 << n) - 1} | {
            sum(
                1 << ((k - len(A)) if k >= len(A) else n + k)
                for k in range(len(A) + n)
                if v[2] >> k & 1
            )
            for v in vq
        }
        assert found == want


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 7), st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_simple_float_path_equals_the_general_one(m: int, n: int, seed: int) -> None:
    """The light path for simple polytopes (int64 keys, its own certificate) is taken on
    random games and gives certified_set's answer on the general path's candidates."""
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    game = NormalFormGame(np.stack([A, B]))
    tol = _label_tol(1e-9)
    raw_p = _polytope.raw_vertices(_polytope.positive_payoffs(B).T, tol, rows_first=False)
    raw_q = _polytope.raw_vertices(_polytope.positive_payoffs(A), tol, rows_first=True)
    assert _simple_pairs(raw_p, raw_q, m, n)  # the light path applies
    P, Q = _polytope.distinct_vertices(raw_p), _polytope.distinct_vertices(raw_q)
    ip, iq, degenerate, trouble = _pairs(P.labels, Q.labels, m, n, (P.masks, Q.masks))
    assert not degenerate and not trouble
    x = np.where(P.labels[ip, :m], 0.0, P.points[ip])
    y = np.where(Q.labels[iq, m:], 0.0, Q.points[iq])
    x /= x.sum(axis=1, keepdims=True)
    y /= y.sum(axis=1, keepdims=True)
    general = certified_set(game, list(zip(x.tolist(), y.tolist())), method="vertex-enumeration")
    light = vertex_enumeration(game)
    assert len(light) == len(general) and light.tolerance == general.tolerance
    assert light.complete and not light.degenerate and not light.warnings
    for a, b in zip(light, general):
        np.testing.assert_allclose(np.concatenate(a.as_float()), np.concatenate(b.as_float()))
        np.testing.assert_allclose(a.payoffs, b.payoffs, rtol=1e-12, atol=1e-12)
        assert 0 <= a.regret <= light.tolerance
        assert max_regret(game, a.strategies) <= light.tolerance


@settings(max_examples=30, deadline=None)
@given(
    st.integers(2, 6),
    st.integers(2, 6),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1.0, 1e19, 1e-19]),
)
def test_certificate_from_the_floats_equals_the_one_from_integers(
    m: int, n: int, seed: int, scale: float
) -> None:
    """For a float game, the certificate on positive_payoffs of the floats proves the same
    label sets as the one on the exact integer forms."""
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((m, n)) * scale, rng.standard_normal((m, n)) * scale
    game = NormalFormGame(np.stack([A, B]))
    exact = vertex_enumeration(game, exact=True).game
    ints = [_exact.to_integer_matrix(exact.payoffs[p].tolist()) for p in range(2)]
    from_ints = _certified_labels(*ints)
    from_floats = _certified_labels(*ints, game.payoffs)
    assert from_ints is not None and from_floats is not None
    for a, b in zip(from_ints, from_floats):
        assert sorted(a.tolist()) == sorted(b.tolist())


def test_blocked_product_equals_the_plain_one() -> None:
    """_product splits large products into row blocks of single-threaded BLAS calls."""
    rng = np.random.default_rng(5)
    polar = rng.standard_normal((10, 5))
    for k in (1, 7, 1310, 1311, 4000):  # one block holds 65536 // 50 = 1310 rows
        u = rng.standard_normal((k, 5))
        np.testing.assert_allclose(_polytope._product(u, polar), u @ polar.T, rtol=1e-13)


def test_ten_by_ten_float_and_exact_agree() -> None:
    """At 10 x 10 (hundreds of vertices: the blocked products) both modes take their
    light paths and agree."""
    rng = np.random.default_rng(11)
    game = NormalFormGame(np.stack([rng.standard_normal((10, 10)), rng.standard_normal((10, 10))]))
    A, B = game.payoffs
    tol = _label_tol(1e-9)
    raw_p = _polytope.raw_vertices(_polytope.positive_payoffs(B).T, tol, rows_first=False)
    raw_q = _polytope.raw_vertices(_polytope.positive_payoffs(A), tol, rows_first=True)
    assert max(len(raw_p.u), len(raw_q.u)) > 65536 // (20 * 10)  # more than one block
    assert _simple_pairs(raw_p, raw_q, 10, 10)
    floats = vertex_enumeration(game)
    exact = vertex_enumeration(game, exact=True)
    assert not floats.warnings and floats.complete and not floats.degenerate
    assert exact.max_regret == 0 and exact.complete and not exact.degenerate
    ints = [_exact.to_integer_matrix(exact.game.payoffs[p].tolist()) for p in range(2)]
    assert _certified_labels(*ints, game.payoffs) is not None
    assert_same_floats([e.strategies for e in floats], [e.as_float() for e in exact])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from([0.0, 0.25, 0.5, 0.5 + 4e-7, 0.5 + 2e-6, 1.0]), min_size=3, max_size=3
        ),
        min_size=0,
        max_size=7,
    )
)
def test_near_duplicate_sweep_equals_all_pairs(profiles: list[list[float]]) -> None:
    """The sorted sweep finds a pair within DUPLICATE_TOLERANCE exactly when some pair is."""
    from arbiter.solve.certify import DUPLICATE_TOLERANCE

    profiles = sorted(profiles)
    brute = any(
        max(abs(a - b) for a, b in zip(p, q)) <= DUPLICATE_TOLERANCE
        for p, q in itertools.combinations(profiles, 2)
    )
    assert _near_duplicates(profiles) == brute


def test_exact_points_without_flint_equal_with_flint(monkeypatch: pytest.MonkeyPatch) -> None:
    """The echelon-form shortcut for certified vertices and the general solver agree."""
    rng = np.random.default_rng(7)
    games = [NormalFormGame(np.stack(rng.standard_normal((2, 6, 5)))) for _ in range(5)]
    with_flint = [exact_set(vertex_enumeration(g, exact=True)) for g in games]
    monkeypatch.setattr(_exact, "_flint", None)
    assert [exact_set(vertex_enumeration(g, exact=True)) for g in games] == with_flint
