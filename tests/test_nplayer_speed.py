"""The fast n-player path: box exclusion, shape position by linear algebra, field certificates.

Each shortcut is checked against the path it replaces, which stays in the
code behind a switch: support enumeration without the box screen
(``_Search.screen = False``), sympy's FGLM instead of the multiplication
matrix (``_polysystem.use_krylov = False``), and the sympy regret of
:func:`arbiter.games.profiles.max_regret` instead of the certificate in the
number field. The 4-player trees are stand-ins for Gambit's ``g3.efg``
(4 players, 16 pure profiles), which is not available here.
"""

from __future__ import annotations

import importlib.util
import itertools
from dataclasses import dataclass
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arbiter.errors import InvalidArgumentError
from arbiter.games import profiles
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.profiles import max_regret
from arbiter.games.tree import SequentialGame
from arbiter.solve import _polysystem
from arbiter.solve._boxes import excluded
from arbiter.solve._polysystem import RATIONAL, solve
from arbiter.solve.certify import FieldProfile, certified_set
from arbiter.solve.nash import nash_equilibria
from arbiter.solve.support import _integer_payoffs, _profile, _Search, support_enumeration

gbt = pytest.importorskip("pygambit")


def hits_of(game: NormalFormGame, *, screen: bool) -> set[tuple[Any, ...]]:
    search = _Search(_integer_payoffs(game), game.actions)
    search.screen = screen
    found = search.run()
    return {
        (h.support, tuple(tuple(str(c) for c in h.point.coords)), repr(h.point.field))
        for h in found.hits
    }


def random_game(
    shape: tuple[int, ...], seed: int, low: int = -99, high: int = 100
) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return NormalFormGame(rng.integers(low, high, size=(len(shape), *shape)).astype(object))


# ----------------------------------------------------------------------------- box screen
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([(2, 2, 2), (2, 2, 3), (3, 2, 2), (2, 2, 2, 2)]), st.integers(0, 2**32 - 1))
def test_screen_keeps_every_equilibrium(shape: tuple[int, ...], seed: int) -> None:
    """With and without the box screen, the same equilibria (same supports, same exact points)."""
    game = random_game(shape, seed)
    assert hits_of(game, screen=True) == hits_of(game, screen=False)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_screen_keeps_every_equilibrium_in_tie_heavy_games(seed: int) -> None:
    """Payoffs in 0..2: degenerate games, continua, extended systems."""
    game = random_game((2, 2, 3), seed, 0, 3)
    assert hits_of(game, screen=True) == hits_of(game, screen=False)


def _brute_force_has_solution(polys: list[dict[Any, F]], grid: int) -> bool:
    """Whether some grid point of [0,1]^2 zeroes the first polynomial, others <= 0."""
    for i, j in itertools.product(range(grid + 1), repeat=2):
        x = (F(i, grid), F(j, grid))
        vals = [
            sum(c * np.prod([x[v] for v in mono], dtype=object) for mono, c in p.items())
            for p in polys
        ]
        if vals[0] == 0 and all(v <= 0 for v in vals[1:]):
            return True
    return False


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=8, max_size=8))
def test_excluded_is_a_proof(coefficients: list[int]) -> None:
    """``excluded`` never rules out a system with a (grid) solution in the unit square."""
    a, b, c, d, e, f, g, h = coefficients
    equation = {(0, 1): F(a), (0,): F(b), (1,): F(c), (): F(d)}
    bound = {(0, 1): F(e), (0,): F(f), (1,): F(g), (): F(h)}
    equation = {k: v for k, v in equation.items() if v}
    bound = {k: v for k, v in bound.items() if v}
    if excluded(2, [equation], [], [bound]):
        assert not _brute_force_has_solution([equation, bound], 12)


def test_excluded_refuses_non_multilinear_input() -> None:
    with pytest.raises(ValueError, match="multilinear"):
        excluded(1, [{(0, 0): F(1)}], [], [])


# ----------------------------------------------------------------------------- shape position
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([(2, 2, 2), (3, 3, 2), (2, 2, 2, 2)]), st.integers(0, 2**32 - 1))
def test_multiplication_matrix_equals_sympy_fglm(shape: tuple[int, ...], seed: int) -> None:
    """Every support system of a random game: same status and same exact points either way."""
    game = random_game(shape, seed)
    systems: list[tuple[list[Any], int]] = []
    search = _Search(_integer_payoffs(game), game.actions)
    search.screen = False
    original = search._solve

    def grab(polys: list[Any], nvars: int, support: Any) -> Any:
        systems.append((polys, nvars))
        return original(polys, nvars, support)

    search._solve = grab  # type: ignore[method-assign]
    search.run()
    try:
        for polys, m in systems[:25]:
            _polysystem.use_krylov = True
            fast = solve(polys, m)
            _polysystem.use_krylov = False
            slow = solve(polys, m)
            assert fast.status == slow.status
            key = sorted((repr(p.field), str(p.coords)) for p in fast.points)
            assert key == sorted((repr(p.field), str(p.coords)) for p in slow.points)
    finally:
        _polysystem.use_krylov = True


def test_non_separating_system_falls_back() -> None:
    """x^2 = 1, y^2 = 1: the last unknown does not separate the 4 points; still all found."""
    sol = solve([{(0, 0): F(1), (): F(-1)}, {(1, 1): F(1), (): F(-1)}], 2)
    assert {tuple(p.coords) for p in sol.points} == {(a, b) for a in (-1, 1) for b in (-1, 1)}


# ----------------------------------------------------------------------------- certificates
def field_candidates(game: NormalFormGame) -> list[FieldProfile]:
    found = _Search(_integer_payoffs(game), game.actions).run()
    return [_profile(game.shape, h, False) for h in found.hits]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_field_certificate_agrees_with_sympy_regret(seed: int) -> None:
    """Certified in the field, then re-certified independently by sympy's max_regret."""
    game = random_game((2, 2, 3), seed, -9, 10)
    result = support_enumeration(game)
    assert result.max_regret == 0
    for eq in result:
        assert max_regret(game, eq.strategies) == 0
        assert eq.payoffs == profiles.expected_payoffs(game, eq.strategies)


def test_field_certificate_rejects_a_non_equilibrium_with_its_exact_regret() -> None:
    game = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # prisoners' dilemma
    cooperate = FieldProfile(RATIONAL, ((F(1), F(0)), (F(1), F(0))))
    result = certified_set(game, [cooperate], method="test")
    assert len(result) == 0 and not result.complete
    assert any("failed certification" in w for w in result.warnings)
    defect = FieldProfile(RATIONAL, ((F(0), F(1)), (F(0), F(1))))
    (eq,) = certified_set(game, [defect], method="test")
    assert eq.regret == 0 and eq.payoffs == (F(1), F(1))


def test_field_certificate_refuses_a_non_distribution() -> None:
    game = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    bad = FieldProfile(RATIONAL, ((F(1), F(1)), (F(0), F(1))))
    with pytest.raises(InvalidArgumentError, match=r"candidate\[0\]"):
        certified_set(game, [bad], method="test")


def test_degree_nine_field_is_certified_and_canonical() -> None:
    """The 2x2x2x2 game whose totally mixed equilibrium lives in a field of degree 9."""
    game = random_game((2, 2, 2, 2), 0)
    result = support_enumeration(game)
    assert result.complete and result.max_regret == 0
    (mixed,) = [eq for eq in result if all(len(s) == 2 for s in eq.supports)]
    value = mixed.strategies[0][0]
    assert value.has(sympy.CRootOf)
    assert profiles._simplify(value) == value  # the canonical form of as_profile
    assert abs(float(sympy.N(sum(mixed.strategies[0]), 50)) - 1) < 1e-40


def test_quadratic_values_are_canonical() -> None:
    for seed in range(6):
        for cand in field_candidates(random_game((2, 2, 3), seed, -9, 10)):
            for vec in cand.vectors:
                for v in vec:
                    exact = cand.field.to_exact(v)
                    assert exact == profiles._simplify(exact)


# ----------------------------------------------------------------------------- table: trees
def _bench_nplayer() -> Any:
    """benchmarks/bench_nplayer.py as a module (it builds the trees the benchmark times)."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_nplayer.py"
    spec = importlib.util.spec_from_file_location("bench_nplayer", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def four_player_tree(shape: str, seed: int) -> SequentialGame:
    """One binary information set per player: 16 pure profiles (stand-ins for g3.efg),
    the benchmark's own trees (``bench_nplayer.tree``) with payoffs drawn from ``seed``."""
    pay = np.random.default_rng(seed).integers(-99, 100, size=(16, 4))
    return _bench_nplayer().tree(shape, pay)


@dataclass(frozen=True)
class TreeCase:
    shape: str
    seed: int
    structure: str


TREE_CASES = [
    TreeCase("simultaneous", 0, "no proper subgame; a mixed equilibrium of degree 9"),
    TreeCase("simultaneous", 1, "no proper subgame; a mixed equilibrium of degree 9"),
    TreeCase("simultaneous", 4, "no proper subgame"),
    TreeCase("leader", 0, "P1 then a 3-player simultaneous subgame"),
    TreeCase("leader", 3, "P1 then a 3-player simultaneous subgame"),
    TreeCase("two stages", 0, "P1, P2 simultaneous, then P3, P4 after one action pair"),
]


@pytest.mark.parametrize("case", TREE_CASES, ids=lambda c: f"{c.shape}-{c.seed}")
def test_four_player_trees_strategic_form(case: TreeCase) -> None:
    """Certified; contains pygambit's enumpoly equilibria; odd in number when nondegenerate."""
    tree = four_player_tree(case.shape, case.seed)
    result = nash_equilibria(tree)
    assert result.max_regret == 0
    game = result.game
    ref = gbt.nash.enumpoly_solve(
        gbt.Game.from_arrays(*[np.array(game.payoffs[p], dtype=object) for p in range(4)])
    )
    ours = {tuple(round(float(v), 6) for s in eq.strategies for v in s) for eq in result}
    theirs = {
        tuple(round(float(e[s]), 6) for pl in ref.game.players for s in pl.strategies)
        for e in ref.equilibria
    }
    assert theirs <= ours
    if result.complete and not result.degenerate:
        assert len(result) % 2 == 1  # Wilson (1971)


def test_number_fields_without_python_flint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Field elements as sympy Polys (python-flint absent) give the same equilibria."""
    game = random_game((2, 2, 2, 2), 0)
    with_flint = support_enumeration(game)
    monkeypatch.setattr(_polysystem, "_flint", None)
    monkeypatch.setattr(_polysystem, "use_flint", False)
    assert support_enumeration(game).equilibria == with_flint.equilibria
