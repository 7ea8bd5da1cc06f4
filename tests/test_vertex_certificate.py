"""The exact-mode vertex certificate (``certified_vertex_sets``) against independent checks.

qhull proposes the vertices of ``{z >= 0, M* z <= 1}`` in floats and the certificate
proves them (Rump-type bounds on each vertex's tight system, completeness by closure
under qhull's neighbours). Here: hulls tampered with are refused, whatever the
certificate accepts is exactly what the integer pivoting search (``exact_vertices``, no
float) finds, the stacked proof of two polytopes equals the two separate ones, and the
float path's unmerged qhull (``Q0``) gives the equilibria of the exact solver.
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arbiter.games.normal_form import NormalFormGame
from arbiter.solve import _exact, _polytope, vertex
from arbiter.solve._polytope import (
    UNMERGED,
    _Hull,
    _polar_hull,
    _proven_vertices,
    certified_simple_vertices,
    certified_vertex_sets,
    closed_under_adjacency,
    exact_vertices,
)
from arbiter.solve.vertex import _label_tol, _simple_pairs, vertex_enumeration
from test_vertex import _exact_search_set, assert_same_floats, exact_set

ERR = 2.0**-50

Profile = tuple[tuple[F, ...], tuple[F, ...]]


# ------------------------------------------------------------------ helpers


def exact_keys(Mi: list[list[int]]) -> tuple[set[int], bool]:
    """The label sets (local order: ``z >= 0`` then the rows) of every vertex of
    ``{z >= 0, Mi z <= 1}`` (the vertex 0 included) by integer pivoting, and whether
    some vertex is degenerate (more than ``d`` tight constraints)."""
    r, d = len(Mi), len(Mi[0])
    found = exact_vertices(Mi, range(d), range(d, d + r))
    keys = {(1 << d) - 1} | {v[2] for v in found}
    return keys, any(v[2].bit_count() > d for v in found)


def float_exact_keys(M: np.ndarray) -> tuple[set[int], bool]:
    """:func:`exact_keys` of the polytope of the float matrix ``M`` taken exactly (its
    positive integer form: a positive affine map, which keeps every label set)."""
    return exact_keys(_exact.to_integer_matrix([[F(v) for v in row] for row in M.tolist()]))


def tight_keys(tight: np.ndarray) -> list[int]:
    """Each row of a boolean tight-constraint matrix as one int (constraint ``l`` = bit ``l``)."""
    return [sum(1 << int(v) for v in np.flatnonzero(row)) for row in tight]


def check_tight(tight: np.ndarray, d: int, want: set[int]) -> None:
    """``tight`` lists each vertex of ``want`` once, with exactly ``d`` tight constraints."""
    keys = tight_keys(tight)
    assert (tight.sum(axis=1) == d).all()
    assert len(keys) == len(set(keys)), "a vertex is listed twice"
    assert set(keys) == want


def proven(
    Ms: list[np.ndarray], err: float, hulls: list[_Hull], ts: list[float]
) -> list[np.ndarray] | None:
    """``_proven_vertices`` as one boolean tight-constraint matrix per polytope (or
    ``None``), whether it returns such matrices or a proof holding the simplices."""
    found = _proven_vertices(Ms, err, hulls, ts)
    if found is None:
        return None
    parts = getattr(found, "simplices", found)
    out = []
    for part, M in zip(parts, Ms):
        part = np.asarray(part)
        if part.dtype != bool:  # (k, d) indices of the tight constraints
            tight = np.zeros((part.shape[0], sum(M.shape)), dtype=bool)
            np.put_along_axis(tight, part.astype(np.intp), True, axis=1)
            part = tight
        out.append(part)
    assert len(out) == len(Ms)
    return out


def unit_range(Mi: list[list[int]]) -> np.ndarray:
    """Positive integers mapped onto ``[1, 2]`` in floats (within ``ERR`` of the exact map)."""
    A = np.array(Mi, dtype=float)
    s = A.max() - 1
    return np.ones_like(A) if s == 0 else (A - 1) / s + 1


def strategies(result: Any) -> list[Any]:
    return [eq.strategies for eq in result]


@st.composite
def small_int_matrix(
    draw: Any, lo: int = 2, hi: int = 5, tops: tuple[int, ...] = (2, 3, 4)
) -> list[list[int]]:
    """Positive integer matrices with few values (entries 1 .. top): many ties, often
    degenerate polytopes."""
    r, d = draw(st.integers(lo, hi)), draw(st.integers(2, hi))
    top = draw(st.sampled_from(tops))
    cells = draw(st.lists(st.integers(1, top), min_size=r * d, max_size=r * d))
    return [cells[i : i + d] for i in range(0, r * d, d)]


# ------------------------------------------------------------------ tampered hulls

#: Random polytopes whose unmerged hull the certificate proves (checked in the test).
SHAPES = [(3, 3, 0), (4, 3, 1), (5, 4, 2), (2, 5, 3), (6, 2, 4), (4, 4, 5)]


def proposal(r: int, d: int, seed: int) -> tuple[np.ndarray, _Hull, float]:
    M = 1.0 + np.random.default_rng(seed).random((r, d))
    hull, t, _ = _polar_hull(M, options=UNMERGED)
    return M, hull, t


def copy_hull(h: _Hull) -> _Hull:
    return _Hull(h.simplices.copy(), h.equations.copy(), h.neighbors.copy())


def drop_facet(h: _Hull, f: int) -> _Hull:
    """Facet ``f`` removed; neighbour entries that named it point at another facet."""
    keep = np.delete(np.arange(len(h.simplices)), f)
    near = h.neighbors[keep].copy()
    for i, row in enumerate(near):
        for col, g in enumerate(row):
            if g == f:  # some facet other than the vertex itself and the dropped one
                row[col] = next(x for x in range(len(h.simplices)) if x not in (f, keep[i]))
    near -= near > f
    return _Hull(h.simplices[keep], h.equations[keep], near)


def tampered(h: _Hull, how: str) -> _Hull:
    h = copy_hull(h)
    k, d = h.simplices.shape
    if how == "drop-first":
        return drop_facet(h, 0)
    if how == "drop-last":
        return drop_facet(h, k - 1)
    if how == "wrong-neighbour":
        true = h.neighbors[0, 0]
        h.neighbors[0, 0] = next(g for g in range(k) if g not in (0, true))
    elif how == "self-neighbour":  # the vertex named as its own neighbour
        h.neighbors[1, d - 1] = 1
    elif how == "swap-neighbours":  # two facets' entries swapped (two distinct values)
        f = next(f for f in range(1, k) if h.neighbors[f, 1] != h.neighbors[0, 0])
        h.neighbors[0, 0], h.neighbors[f, 1] = h.neighbors[f, 1], h.neighbors[0, 0]
    elif how == "swap-columns":  # one facet's neighbours listed in the wrong order
        h.neighbors[2, [0, 1]] = h.neighbors[2, [1, 0]]
    elif how == "duplicate":
        return _Hull(
            np.concatenate([h.simplices, h.simplices[1:2]]),
            np.concatenate([h.equations, h.equations[1:2]]),
            np.concatenate([h.neighbors, h.neighbors[1:2]]),
        )
    elif how == "wrong-label":  # a vertex claims a constraint that is not tight there
        S = h.simplices[0]
        S[0] = next(c for c in range(d + h.simplices.max() + 1) if c not in S)
    elif how == "swapped-labels":  # every facet: two constraints' names exchanged
        a, b = h.simplices[0, 0], h.simplices[0, 1]
        S = h.simplices
        S[:] = np.where(S == a, b, np.where(S == b, a, S))
    else:  # pragma: no cover
        raise AssertionError(how)
    return h


TAMPERS = [
    "drop-first",
    "drop-last",
    "wrong-neighbour",
    "self-neighbour",
    "swap-neighbours",
    "swap-columns",
    "duplicate",
    "wrong-label",
    "swapped-labels",
]


@pytest.mark.parametrize(("r", "d", "seed"), SHAPES)
def test_untampered_unmerged_hull_is_proven_and_right(r: int, d: int, seed: int) -> None:
    """The baseline of the tampering tests: the hulls as qhull gives them are proven, and
    the proven label sets are the exact search's."""
    M, hull, t = proposal(r, d, seed)
    found = proven([M], ERR, [hull], [t])
    assert found is not None
    want, degenerate = float_exact_keys(M)
    assert not degenerate
    check_tight(found[0], d, want)


@pytest.mark.parametrize("how", TAMPERS)
@pytest.mark.parametrize(("r", "d", "seed"), SHAPES)
def test_tampered_hulls_are_refused(r: int, d: int, seed: int, how: str) -> None:
    M, hull, t = proposal(r, d, seed)
    bad = tampered(hull, how)
    assert proven([M], ERR, [bad], [t]) is None
    # Stacked with a sound proposal of the same shape, the pair is refused too.
    M2, hull2, t2 = proposal(r, d, seed + 100)
    assert proven([M2, M], ERR, [hull2, bad], [t2, t]) is None
    assert proven([M, M2], ERR, [bad, hull2], [t, t2]) is None


@pytest.mark.parametrize("shift", [1e-12, 1e-9, 1e-6, 1e-3, 0.1, 0.5])
@pytest.mark.parametrize(("r", "d", "seed"), SHAPES)
def test_moved_vertices_never_give_a_wrong_answer(r: int, d: int, seed: int, shift: float) -> None:
    """Moving qhull's vertices (their equations) is harmless or refused: the certificate
    proves the tight sets, which a small move does not change, so an accepted answer is
    the exact one. Moved halfway along an edge (0.5), a vertex is refused by any sound
    bound: the constraint tight at the edge's other end has half its slack there, which
    is at most its norm times the distance to the exact vertex, so no bound on that
    distance clears it."""
    M, hull, t = proposal(r, d, seed)
    want, _ = float_exact_keys(M)
    rng = np.random.default_rng(seed)
    for f in range(0, len(hull.simplices), 3):
        h = copy_hull(hull)
        if shift == 0.5:  # the point halfway along the edge to the neighbour across S[0]
            g = hull.neighbors[f, 0]
            w = (hull.equations[[f, g], :d] / hull.equations[[f, g], d:]).mean(axis=0)
            h.equations[f, :d], h.equations[f, d] = w, 1.0
        else:
            h.equations[f, :d] *= 1.0 + shift * rng.uniform(-1, 1, d)
        found = proven([M], ERR, [h], [t])
        if shift == 0.5:
            assert found is None
        elif found is not None:
            check_tight(found[0], d, want)
        if shift <= 1e-9:
            assert found is not None  # well within the bounds of a well-conditioned vertex


@pytest.mark.parametrize(("r", "d", "seed"), SHAPES)
def test_hull_of_another_polytope_is_refused(r: int, d: int, seed: int) -> None:
    """qhull's proposal for one matrix, checked against another of the same shape (its
    rows reversed, another random matrix, itself moved by 1e-9): refused unless its label
    sets are exactly right, and proven when they are."""
    M, hull, t = proposal(r, d, seed)
    others = [M[::-1].copy(), 1.0 + np.random.default_rng(seed + 7).random((r, d))]
    others.append(M * (1.0 + 1e-9 * np.random.default_rng(seed).uniform(-1, 1, M.shape)))
    for other in others:
        want, _ = float_exact_keys(other)
        found = proven([other], ERR, [hull], [t])
        if found is not None:
            check_tight(found[0], d, want)
        else:
            assert want != float_exact_keys(M)[0], "a right proposal refused"
    # A reversal of the rows relabels the vertices: wrong unless the rows are symmetric.
    assert proven([M[::-1].copy()], ERR, [hull], [t]) is None


def test_degenerate_polytope_next_to_a_proposal_is_refused() -> None:
    """qhull's hull of a nearly degenerate float matrix, checked against the degenerate
    exact one (three lines through one point), or with an error bound that covers it."""
    D = np.array([[1.0, 2.0], [2.0, 1.0], [1.5, 1.5]])  # z = (1/3, 1/3) on all three rows
    assert float_exact_keys(D)[1]  # degenerate
    near = D * (1.0 + 1e-10 * np.array([[1, -1], [-1, 1], [1, 1]]))
    assert not float_exact_keys(near)[1]
    hull, t, _ = _polar_hull(near, options=UNMERGED)
    found = proven([near], 0.0, [hull], [t])
    assert found is not None  # the near matrix itself is simple and proven
    check_tight(found[0], 2, float_exact_keys(near)[0])
    assert proven([D], 0.0, [hull], [t]) is None
    assert proven([near], 1e-9, [hull], [t]) is None
    assert certified_simple_vertices(near, 1e-9) is None
    assert certified_simple_vertices(D, 0.0) is None


# ------------------------------------------------------------------ against exact search


@settings(max_examples=120, deadline=None)
@given(small_int_matrix())
def test_certificate_agrees_with_exact_search(Mi: list[list[int]]) -> None:
    """Integer matrices with few values (ties everywhere): refused exactly when the exact
    search finds a degenerate vertex, else exactly its label sets."""
    d = len(Mi[0])
    want, degenerate = exact_keys(Mi)
    found = certified_simple_vertices(unit_range(Mi), ERR)
    if degenerate:
        assert found is None
    else:
        assert found is not None, "a simple polytope with small integer entries refused"
        check_tight(found, d, want)


@settings(max_examples=80, deadline=None)
@given(
    small_int_matrix(),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1e-15, 1e-12, 1e-9]),
)
def test_near_degenerate_matrices_refused_or_exact(
    Mi: list[list[int]], seed: int, eps: float
) -> None:
    """Entries perturbed by ``eps`` (relative) from a tie-ridden integer matrix: taken
    exactly (err 0) the certificate refuses or gives the exact search's label sets; with
    an error bound that covers the unperturbed matrix, a degenerate one is refused."""
    d = len(Mi[0])
    D = unit_range(Mi)
    M = D * (1.0 + eps * np.random.default_rng(seed).uniform(-1, 1, D.shape))
    want, degenerate = float_exact_keys(M)
    found = certified_simple_vertices(M, 0.0)
    if degenerate:
        assert found is None
    elif found is not None:
        check_tight(found, d, want)
    if exact_keys(Mi)[1]:
        assert certified_simple_vertices(M, 4 * eps + ERR) is None


@settings(max_examples=80, deadline=None)
@given(
    small_int_matrix(tops=(2, 3, 5)),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4]),
)
def test_hull_of_a_nearby_matrix_proves_nothing_wrong(
    Mi: list[list[int]], seed: int, eps: float
) -> None:
    """qhull's proposal for a matrix moved by ``eps`` from a tie-ridden one ``D``, checked
    against ``D`` itself (exact in floats, err 0): refused when ``D``'s polytope is
    degenerate (qhull split its degenerate vertices, ``eps`` apart), else refused or its
    exact label sets. Sensitive to the size of the bounds, not only to their form."""
    d = len(Mi[0])
    D = unit_range(Mi)  # entries k / 2**j: exact
    rng = np.random.default_rng(seed)
    near = D * (1.0 + eps * rng.uniform(-1, 1, D.shape))
    hull, t, _ = _polar_hull(near, options=UNMERGED)
    want, degenerate = exact_keys(Mi)
    found = proven([D], 0.0, [hull], [t])
    if degenerate:
        assert found is None
    elif found is not None:
        check_tight(found[0], d, want)


# ------------------------------------------------------------------ stacked proofs


def as_key_set(tight: np.ndarray) -> set[int]:
    keys = tight_keys(tight)
    assert len(keys) == len(set(keys))
    return set(keys)


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 7), st.integers(0, 2**32 - 1), st.booleans())
def test_stacked_proof_equals_separate_ones(n: int, seed: int, integer: bool) -> None:
    """Both polytopes of a square game proven in one pass: the separate proofs' answer,
    and ``None`` when either polytope is refused on its own."""
    rng = np.random.default_rng(seed)
    if integer:  # few values: often one polytope degenerate
        MP, MQ = (unit_range(rng.integers(1, 4, (n, n)).tolist()) for _ in range(2))
    else:
        MP, MQ = 1.0 + rng.random((n, n)), 1.0 + rng.random((n, n))
    stacked = certified_vertex_sets([MP, MQ], ERR)
    alone = [certified_simple_vertices(MP, ERR), certified_simple_vertices(MQ, ERR)]
    if any(a is None for a in alone):
        assert stacked is None
        return
    assert stacked is not None and len(stacked) == 2
    for s, a, M in zip(stacked, alone, (MP, MQ)):
        assert s.shape == a.shape
        assert as_key_set(s) == as_key_set(a) == float_exact_keys(M)[0]


def test_stacked_proof_with_one_degenerate_polytope_is_refused() -> None:
    rng = np.random.default_rng(3)
    simple = 1.0 + rng.random((3, 3))
    degenerate = unit_range([[1, 2, 3], [1, 2, 3], [3, 1, 2]])  # a row repeated
    assert float_exact_keys(degenerate)[1] and not float_exact_keys(simple)[1]
    assert certified_simple_vertices(simple, ERR) is not None
    assert certified_vertex_sets([simple, degenerate], ERR) is None
    assert certified_vertex_sets([degenerate, simple], ERR) is None
    # Each polytope's own proof, in the stacked call, comes from its own rows.
    other = 1.0 + rng.random((3, 3))
    found = certified_vertex_sets([simple, other], ERR)
    assert found is not None
    assert as_key_set(found[0]) == float_exact_keys(simple)[0]
    assert as_key_set(found[1]) == float_exact_keys(other)[0]


# ------------------------------------------------------------------ closure under adjacency


def closure_input(verts: list[tuple[int, int]], edges: dict[tuple[int, int], int]) -> Any:
    """2-d vertices as label pairs; ``edges[(i, l)]``: the vertex across label column l."""
    keys = np.array([(1 << a) | (1 << b) for a, b in verts], dtype=np.int64)
    bits = np.array([[1 << a, 1 << b] for a, b in verts], dtype=np.int64)
    near = np.array([[edges[i, 0], edges[i, 1]] for i in range(len(verts))], dtype=np.intp)
    return keys, bits, near


# {z >= 0, z_1 <= 1, z_2 <= 1}: labels 0, 1 (z_i = 0) then 2 (z_1 = 1), 3 (z_2 = 1).
SQUARE = [(0, 1), (1, 2), (2, 3), (0, 3)]
SQUARE_NEAR = {
    (0, 0): 1, (0, 1): 3, (1, 0): 2, (1, 1): 0, (2, 0): 3, (2, 1): 1, (3, 0): 2, (3, 1): 0,
}  # fmt: skip
# {z >= 0, z_1 + z_2 <= 1}
TRIANGLE = [(0, 1), (1, 2), (0, 2)]
TRIANGLE_NEAR = {(0, 0): 1, (0, 1): 2, (1, 0): 2, (1, 1): 0, (2, 0): 1, (2, 1): 0}


def test_closed_under_adjacency_hand_made() -> None:
    assert closed_under_adjacency(*closure_input(SQUARE, SQUARE_NEAR))
    assert closed_under_adjacency(*closure_input(TRIANGLE, TRIANGLE_NEAR))
    # Wrong neighbours: across label 0 of vertex 0 lies vertex 1, not 2 or 3.
    for wrong in (2, 3):
        assert not closed_under_adjacency(*closure_input(SQUARE, {**SQUARE_NEAR, (0, 0): wrong}))
    # The vertex (1, 1) missing: its neighbours must point elsewhere, never rightly.
    verts = [SQUARE[0], SQUARE[1], SQUARE[3]]
    for a in (1, 2):  # vertex 1 (was 1) across label 1 and vertex 2 (was 3) across label 0
        for b in (0, 1):
            near = {(0, 0): 1, (0, 1): 2, (1, 0): a, (1, 1): 0, (2, 0): b, (2, 1): 0}
            assert not closed_under_adjacency(*closure_input(verts, near))
    # A vertex named as its own neighbour (it holds its own edge's labels) is refused.
    assert not closed_under_adjacency(*closure_input(SQUARE, {**SQUARE_NEAR, (1, 0): 1}))
    # A vertex listed twice (with consistent neighbours) is refused.
    twice = [*SQUARE, SQUARE[2]]
    assert not closed_under_adjacency(*closure_input(twice, {**SQUARE_NEAR, (4, 0): 3, (4, 1): 1}))
    doubled = {(i + s, col): j + s for (i, col), j in TRIANGLE_NEAR.items() for s in (0, 3)}
    assert not closed_under_adjacency(*closure_input(TRIANGLE + TRIANGLE, doubled))


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4), st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_closed_under_adjacency_on_exact_vertex_sets(d: int, r: int, seed: int) -> None:
    """Label sets of a simple polytope from the exact search, neighbours by brute force:
    closed; with any one vertex dropped (its neighbours sent elsewhere): not closed."""
    M = 1.0 + np.random.default_rng(seed).random((r, d))
    want, degenerate = float_exact_keys(M)
    assert not degenerate
    keys = sorted(want)
    labels = [[c for c in range(d + r) if key >> c & 1] for key in keys]

    def across(key: int, c: int) -> int:
        edge = key & ~(1 << c)
        (other,) = [i for i, k2 in enumerate(keys) if k2 & edge == edge and k2 != key]
        return other

    bits = np.array([[1 << c for c in lab] for lab in labels], dtype=np.int64)
    near = np.array([[across(key, c) for c in lab] for key, lab in zip(keys, labels)])
    karr = np.array(keys, dtype=np.int64)
    assert closed_under_adjacency(karr, bits, near)
    rng = np.random.default_rng(seed)
    drop = int(rng.integers(len(keys)))
    keep = [i for i in range(len(keys)) if i != drop]
    new = {old: i for i, old in enumerate(keep)}
    sub = near[keep]
    for i, row in enumerate(sub):
        for col, g in enumerate(row):
            other = (i + 1 + int(rng.integers(len(keep) - 1))) % len(keep)  # not i itself
            row[col] = new[g] if g != drop else other
    assert not closed_under_adjacency(karr[keep], bits[keep], sub)


# ------------------------------------------------------------------ exact mode end to end


# Random float games at scales 1, 1e19 and 1e-19 in exact mode, both ways in (the float
# game with exact=True, the exact game itself): tests/test_vertex.py,
# test_certified_vertices_match_exact_search.


@settings(max_examples=60, deadline=None)
@given(small_int_matrix(lo=2, hi=5), small_int_matrix(lo=2, hi=5))
def test_exact_mode_on_tie_ridden_integer_games(A: list[list[int]], B: list[list[int]]) -> None:
    m, n = min(len(A), len(B)), min(len(A[0]), len(B[0]))
    A, B = [row[:n] for row in A[:m]], [row[:n] for row in B[:m]]
    game = NormalFormGame.from_arrays(A, B)
    result = vertex_enumeration(game)
    assert result.max_regret == 0 and result.complete
    assert exact_set(result) == _exact_search_set(game)
    Ai = _exact.to_integer_matrix(A)
    Bt = [list(c) for c in zip(*_exact.to_integer_matrix(B))]
    assert result.degenerate is (exact_keys(Bt)[1] or exact_keys(Ai)[1])


# ------------------------------------------------------------------ float path (Q0 first)


@settings(max_examples=80, deadline=None)
@given(small_int_matrix(lo=2, hi=5), small_int_matrix(lo=2, hi=5))
def test_float_path_matches_exact_on_tie_ridden_games(
    A: list[list[int]], B: list[list[int]]
) -> None:
    """Integer games with ties (mostly degenerate): the float path (unmerged qhull first,
    label counts checked) finds the exact solver's extreme equilibria and degeneracy."""
    m, n = min(len(A), len(B)), min(len(A[0]), len(B[0]))
    A, B = [row[:n] for row in A[:m]], [row[:n] for row in B[:m]]
    exact = vertex_enumeration(NormalFormGame.from_arrays(A, B))
    floats = vertex_enumeration(NormalFormGame(np.array([A, B], dtype=float)))
    assert floats.complete and floats.degenerate is exact.degenerate
    assert floats.max_regret <= floats.tolerance
    assert_same_floats(strategies(floats), strategies(exact), 1e-9)


@settings(max_examples=60, deadline=None)
@given(*[small_int_matrix(tops=(3, 10, 1000))] * 2)
def test_unmerged_labels_accepted_only_if_exact(A: list[list[int]], B: list[list[int]]) -> None:
    """When the unmerged hulls pass the label-count check (the float path's light path),
    their label sets are exactly the vertices' (integer games: no near ties)."""
    m, n = min(len(A), len(B)), min(len(A[0]), len(B[0]))
    A, B = [row[:n] for row in A[:m]], [row[:n] for row in B[:m]]
    Af, Bf = np.array(A, dtype=float), np.array(B, dtype=float)
    tol = _label_tol(1e-9)
    MP, MQ = _polytope.positive_payoffs(Bf).T, _polytope.positive_payoffs(Af)
    raw_p = _polytope.raw_vertices(MP, tol, rows_first=False, options=UNMERGED)
    raw_q = _polytope.raw_vertices(MQ, tol, rows_first=True, options=UNMERGED)
    Bt = [list(c) for c in zip(*_exact.to_integer_matrix(B))]
    want_p, deg_p = exact_keys(Bt)
    want_q, deg_q = exact_keys(_exact.to_integer_matrix(A))
    if _simple_pairs(raw_p, raw_q, m, n) is None:
        return
    assert not deg_p and not deg_q
    assert sorted(raw_p.keys.tolist()) == sorted(want_p)
    # Q's raw keys put the A rows first: local (y >= 0, then rows) -> (rows, then y >= 0).
    moved = [c - n if c >= n else m + c for c in range(m + n)]
    swap = [sum(1 << moved[c] for c in range(m + n) if k >> c & 1) for k in want_q]
    assert sorted(raw_q.keys.tolist()) == sorted(swap)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 7),
    st.integers(2, 7),
    st.integers(0, 2**32 - 1),
    st.sampled_from(["random", "ties", "near-ties"]),
)
def test_unmerged_and_default_qhull_give_the_same_equilibria(
    m: int, n: int, seed: int, kind: str
) -> None:
    """The float path with qhull's defaults from the start (``first_options`` replaced)
    and as it is (``Q0`` first unless payoffs tie, checked by the label counts, else the
    defaults): the same
    equilibria, and (but for near ties, which floats cannot tell from ties) the exact
    solver's. Near ties (ties moved by 1e-11) are where an unmerged hull goes wrong."""
    rng = np.random.default_rng(seed)
    if kind == "random":
        A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    else:
        A, B = rng.integers(-2, 3, (m, n)), rng.integers(-2, 3, (m, n))
    payoffs = np.stack([A, B]).astype(float)
    if kind == "near-ties":
        payoffs += 1e-11 * rng.standard_normal(payoffs.shape)
    game = NormalFormGame(payoffs)
    first = vertex_enumeration(game)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(vertex, "first_options", lambda M: None)
        default = vertex_enumeration(game)
    assert first.degenerate is default.degenerate
    assert first.complete is default.complete and first.warnings == default.warnings
    assert_same_floats(strategies(first), strategies(default), 1e-9)
    if kind != "near-ties":
        exact = vertex_enumeration(game, exact=True)
        assert first.complete and first.degenerate is exact.degenerate
        assert_same_floats(strategies(first), strategies(exact), 1e-9)


def test_first_options_unmerged_unless_ties() -> None:
    """qhull without merging first only where no two payoffs tie (ties make degenerate
    polytopes, whose unmerged hull would only be refused)."""
    rng = np.random.default_rng(0)
    M = 1.0 + rng.random((4, 5))
    assert _polytope.first_options(M) == _polytope.UNMERGED
    M[2, 3] = M[0, 1]
    assert _polytope.first_options(M) is None
