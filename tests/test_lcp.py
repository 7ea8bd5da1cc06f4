"""Exact vertex enumeration at any scale, Lemke–Howson and the sequence-form LCP.

Issue 11, items 1 and 2. The reference for completeness is a brute-force
exact enumeration written here (every set of tight constraints solved in
Fractions), independent of the pivoting code it checks.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from fractions import Fraction as F
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import arbiter
from arbiter.errors import InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.solve import lemke_howson, nash_equilibria, sequence_form_lcp
from arbiter.solve.behaviour import mixed_from_behaviour
from arbiter.solve.vertex import vertex_enumeration
from arbiter.testing import trees

DATA = Path(__file__).parent / "data" / "gambit"
ROOT = Path(__file__).parent.parent

Profile = tuple[tuple[F, ...], tuple[F, ...]]


# ------------------------------------------------------------ brute force
def _solve(rows: list[list[F]], rhs: list[F]) -> list[F] | None:
    """Gaussian elimination in Fractions: the unique solution, or None if singular."""
    n = len(rows)
    aug = [[*r, b] for r, b in zip(rows, rhs)]
    for c in range(n):
        piv = next((i for i in range(c, n) if aug[i][c] != 0), None)
        if piv is None:
            return None
        aug[c], aug[piv] = aug[piv], aug[c]
        for i in range(n):
            if i != c and aug[i][c] != 0:
                f = aug[i][c] / aug[c][c]
                aug[i] = [a - f * b for a, b in zip(aug[i], aug[c])]
    return [aug[i][n] / aug[i][i] for i in range(n)]


def _vertices(M: list[list[F]], nonneg: list[int], rowl: list[int]) -> dict[tuple, int]:
    """All vertices but 0 of {z >= 0, M z <= 1}: {point: label mask}, by brute force."""
    r, d = len(M), len(M[0])
    cons = [([F(int(i == k)) for k in range(d)], F(0)) for i in range(d)]
    cons += [(list(M[j]), F(1)) for j in range(r)]
    labels = nonneg + rowl
    out: dict[tuple, int] = {}
    for tight in combinations(range(d + r), d):
        z = _solve([cons[c][0] for c in tight], [cons[c][1] for c in tight])
        if z is None or any(v < 0 for v in z) or not any(z):
            continue
        if any(sum(a * b for a, b in zip(M[j], z)) > 1 for j in range(r)):
            continue
        mask = sum(1 << labels[i] for i in range(d) if z[i] == 0)
        mask |= sum(
            1 << labels[d + j] for j in range(r) if sum(a * b for a, b in zip(M[j], z)) == 1
        )
        out[tuple(z)] = mask
    return out


def brute_force(A: Any, B: Any) -> set[Profile]:
    """Every extreme equilibrium of (A, B): completely labeled pairs of vertices."""
    A = [[F(v) for v in row] for row in A]
    B = [[F(v) for v in row] for row in B]
    m, n = len(A), len(A[0])
    lo = min(min(r) for r in A + B)
    Ap = [[v - lo + 1 for v in r] for r in A]
    Bp = [[v - lo + 1 for v in r] for r in B]
    BT = [list(c) for c in zip(*Bp)]
    P = _vertices(BT, list(range(m)), list(range(m, m + n)))
    Q = _vertices(Ap, list(range(m, m + n)), list(range(m)))
    full = (1 << (m + n)) - 1
    out = set()
    for x, mx in P.items():
        for y, my in Q.items():
            if mx | my == full:
                out.add((tuple(v / sum(x) for v in x), tuple(v / sum(y) for v in y)))
    return out


def strategies_of(result: Any) -> set[Profile]:
    return {tuple(tuple(F(v) for v in s) for s in eq.strategies) for eq in result}


def game(A: Any, B: Any) -> NormalFormGame:
    return NormalFormGame.from_arrays(
        [[F(v) for v in row] for row in A], [[F(v) for v in row] for row in B]
    )


# ------------------------------------------------------- item 1: exact never loses
@dataclass(frozen=True)
class Case:
    name: str
    A: list[list[Any]]
    B: list[list[Any]]


BIG = 10**19
TINY = F(1, 10**19)
_rng = np.random.default_rng(11)
_R = [
    (_rng.integers(-3, 4, (3, 3)).tolist(), _rng.integers(-3, 4, (3, 3)).tolist()) for _ in range(3)
]

CASES = [
    Case(
        "bimatrix x 1e19",
        [[v * BIG for v in r] for r in _R[0][0]],
        [[v * BIG for v in r] for r in _R[0][1]],
    ),
    Case(
        "bimatrix x 1e-19",
        [[v * TINY for v in r] for r in _R[1][0]],
        [[v * TINY for v in r] for r in _R[1][1]],
    ),
    Case(
        "1e19 + small",
        [[BIG + v for v in r] for r in _R[2][0]],
        [[BIG - v for v in r] for r in _R[2][1]],
    ),
    Case("1e19 with 1e-19 ties", [[BIG, 1], [TINY, BIG]], [[1, BIG], [BIG + TINY, 0]]),
    Case("mixed scales", [[BIG, -BIG, TINY], [1, 0, -TINY]], [[-BIG, BIG, 0], [TINY, 1, -1]]),
    Case("zero game", [[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0]]),
    Case("constant rows", [[1, 1], [2, 2], [2, 2]], [[3, 1], [3, 1], [0, 0]]),
    Case("identical columns", [[1, 1, 0], [0, 0, 1]], [[2, 2, 1], [1, 1, 2]]),
    Case("all ties", [[1, 1], [1, 1]], [[1, 1], [1, 1]]),
    Case("outside option (continuum)", [[1, 1], [0, 2], [2, 0]], [[1, 1], [2, 0], [0, 2]]),
    Case("von Stengel 3x3 degenerate", [[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
    Case(
        "large payoff game (Gambit)",
        [
            [F(BIG - 1, 2), F(BIG - 1, 2), 1, 1],
            [BIG // 2, BIG, F(1, 2), F(BIG + 1, 2)],
            [-1, F(-1, 2), 0, F(1, 2)],
            [F(-1, 2), BIG // 2, F(-1, 2), BIG // 2],
        ],
        [
            [F(1 - BIG, 2), F(1 - BIG, 2), -1, -1],
            [-BIG // 2, -BIG, F(-1, 2), F(-BIG - 1, 2)],
            [1, F(1, 2), 0, F(-1, 2)],
            [F(1, 2), -BIG // 2, F(1, 2), -BIG // 2],
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_exact_vertex_enumeration_matches_brute_force(case: Case) -> None:
    result = vertex_enumeration(game(case.A, case.B))
    assert result.complete and result.max_regret == 0
    assert not any("rounding" in w for w in result.warnings)
    assert strategies_of(result) == brute_force(case.A, case.B)


def test_large_payoff_game_file() -> None:
    """Gambit's large_payoff_game.efg: two extreme equilibria (was 0, flagged incomplete)."""
    tree = arbiter.read_game(DATA / "large_payoff_game.efg")
    result = nash_equilibria(tree)
    assert len(result) == 2 and result.complete and result.max_regret == 0
    assert strategies_of(result) == strategies_of(nash_equilibria(tree, method="support"))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 4),
    st.data(),
    st.sampled_from([1, BIG, TINY]),
)
def test_exact_enumeration_property(m: int, n: int, data: Any, scale: Any) -> None:
    """Small-integer games (many degenerate) at three scales: the brute-force set exactly."""
    cell = st.integers(-2, 2)
    A = [[data.draw(cell) * scale for _ in range(n)] for _ in range(m)]
    B = [[data.draw(cell) * scale for _ in range(n)] for _ in range(m)]
    result = vertex_enumeration(game(A, B))
    assert result.complete
    assert strategies_of(result) == brute_force(A, B)


# ---------------------------------------------------------------- Lemke-Howson
def _random_games(count: int, seed: int) -> list[tuple[Any, Any]]:
    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        m, n = rng.integers(1, 6, 2)
        hi = 3 if k % 2 else 50  # every other game small integers: degenerate often
        out.append(
            (rng.integers(-hi, hi + 1, (m, n)).tolist(), rng.integers(-hi, hi + 1, (m, n)).tolist())
        )
    return out


@pytest.mark.parametrize("A, B", _random_games(30, 5))
def test_lemke_howson_finds_extreme_equilibria(A: Any, B: Any) -> None:
    exact = game(A, B)
    full = strategies_of(vertex_enumeration(exact))
    lh = lemke_howson(exact)
    assert len(lh) >= 1 and lh.max_regret == 0 and not lh.complete
    assert strategies_of(lh) <= full
    floats = lemke_howson(NormalFormGame.from_arrays(np.array(A, float), np.array(B, float)))
    assert len(floats) >= 1 and floats.max_regret <= floats.tolerance
    for eq in floats:
        assert any(
            max(abs(float(a) - b) for s, t in zip(f, eq.strategies) for a, b in zip(s, t)) < 1e-6
            for f in full
        )


def test_lemke_howson_each_label() -> None:
    A, B = [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]
    g = game(A, B)
    per_label = [strategies_of(lemke_howson(g, label=k)) for k in range(5)]
    assert all(len(s) == 1 for s in per_label)
    assert set().union(*per_label) == strategies_of(lemke_howson(g))


@pytest.mark.parametrize("label", [-1, 5, 1.0, True])
def test_lemke_howson_label_checked(label: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="label"):
        lemke_howson(game([[1, 0], [0, 1], [1, 1]], [[0, 1], [1, 0], [1, 1]]), label=label)


def test_lemke_howson_refuses_three_players() -> None:
    with pytest.raises(NotSupportedError, match="two-player"):
        lemke_howson(NormalFormGame(np.zeros((3, 2, 2, 2))))


def test_methods_dispatch() -> None:
    g = game([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    for method in ("lemke-howson", "lcp"):
        result = nash_equilibria(g, method=method)
        assert result.method == "lemke-howson" and not result.complete
        assert strategies_of(result) <= strategies_of(nash_equilibria(g))
    tree = arbiter.read_game(DATA / "e02.efg")
    seq = nash_equilibria(tree, method="lcp")
    assert seq.method == "sequence-form-lcp" and seq[0].is_behaviour and not seq.complete


def test_lemke_howson_against_pygambit() -> None:
    """Every equilibrium of pygambit's lcp_solve and of ours is in the complete set."""
    gbt = pytest.importorskip("pygambit")
    for A, B in _random_games(12, 8):
        g = game(A, B)
        full = strategies_of(vertex_enumeration(g))
        ours = strategies_of(lemke_howson(g))
        theirs_game = gbt.Game.from_arrays(np.array(A, dtype=object), np.array(B, dtype=object))
        theirs = {
            tuple(tuple(F(str(eq[s])) for s in player.strategies) for player in theirs_game.players)
            for eq in gbt.nash.lcp_solve(theirs_game, rational=True).equilibria
        }
        assert ours and theirs and ours <= full and theirs <= full


# -------------------------------------------------------------- sequence form
def _nf_regret(tree: Any, eq: Any) -> Any:
    mixed = mixed_from_behaviour(tree, eq.strategies)
    return arbiter.max_regret(tree.to_normal_form(), mixed)


@pytest.mark.parametrize(
    "name",
    [
        "e02.efg",
        "stripped_down_poker.efg",
        "pygambit_signaling.efg",
        "bayes2a.efg",
        "large_payoff_game.efg",
    ],
)
def test_sequence_form_on_gambit_files(name: str) -> None:
    tree = arbiter.read_game(DATA / name)
    start = time.perf_counter()
    result = sequence_form_lcp(tree)
    assert time.perf_counter() - start < 5
    assert len(result) == 1 and result.max_regret == 0 and not result.complete
    eq = result[0]
    assert sum(eq.outcome.values()) == 1
    if name != "bayes2a.efg":  # 64 x 64: the check through the strategic form is slow
        assert _nf_regret(tree, eq) == 0


def test_sequence_form_against_pygambit() -> None:
    """Same equilibrium payoffs as pygambit's lcp_solve where the equilibrium payoff is unique."""
    gbt = pytest.importorskip("pygambit")
    for name in ("stripped_down_poker.efg", "e02.efg"):
        ours = sequence_form_lcp(arbiter.read_game(DATA / name))[0]
        g = gbt.read_efg(str(DATA / name))
        theirs = gbt.nash.lcp_solve(g, rational=True).equilibria[0]
        assert tuple(F(str(theirs.payoff(p))) for p in g.players) == ours.payoffs


@settings(max_examples=40, deadline=None)
@given(trees(players=("A", "B"), max_depth=4, max_actions=3, parameters=()))
def test_sequence_form_property(tree: Any) -> None:
    """Random two-player trees: the equilibrium is certified and is one of the strategic form."""
    result = sequence_form_lcp(tree)
    assert len(result) == 1 and result.max_regret == 0
    assert _nf_regret(tree, result[0]) == 0


@settings(max_examples=20, deadline=None)
@given(trees(players=("A", "B"), max_depth=3, payoffs="floats", parameters=()))
def test_sequence_form_float_trees(tree: Any) -> None:
    result = sequence_form_lcp(tree)
    assert len(result) == 1 and result.max_regret <= result.tolerance


def test_sequence_form_refuses_three_players() -> None:
    from arbiter.scenarios.classics import TREES

    three = next((f() for f in TREES.values() if f().n_players == 3), None)
    if three is None:
        pytest.skip("no three-player classic tree")
    with pytest.raises(NotSupportedError, match="two-player"):
        sequence_form_lcp(three)


# ------------------------------------------------------------------------ CLI
def test_cli_solves_bayes2a_with_the_sequence_form() -> None:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "arbiter", "solve", str(DATA / "bayes2a.efg")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "a subset" in out.stdout and "sequence-form-lcp" in out.stdout
    assert time.perf_counter() - start < 60  # a few seconds alone; the machine is shared


def test_cli_big_normal_form_uses_lemke_howson(tmp_path: Path) -> None:
    from arbiter.cli import main

    rng = np.random.default_rng(0)
    g = NormalFormGame.from_arrays(rng.integers(0, 9, (40, 40)), rng.integers(0, 9, (40, 40)))
    path = tmp_path / "big.nfg"
    arbiter.write_game(g, path)
    assert main(["solve", str(path)]) == 0
