r"""Vertex enumeration: all (extreme) Nash equilibria of a two-player game, certified.

The method is the one of von Stengel, "Computing equilibria for two-person
games" (Handbook of Game Theory, vol. 3, ch. 45, 2002), section 3. Let
:math:`A` and :math:`B` be the ``m x n`` payoff matrices of the row and the
column player (``game.payoffs[0]`` and ``game.payoffs[1]``, indexed
``[row, column]``). Each is first mapped by a positive affine map to
positive entries, which changes no best response. The best-response
polytopes are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

Label the ``m + n`` pure strategies ``0 .. m-1`` (rows) and ``m .. m+n-1``
(columns). A point :math:`x \in P` has label ``i`` if :math:`x_i = 0` and
label ``m + j`` if :math:`(B^\top x)_j = 1` (column ``j`` is a best response
to :math:`x`); a point :math:`y \in Q` has label ``i`` if :math:`(Ay)_i = 1`
and ``m + j`` if :math:`y_j = 0`. A pair :math:`(x, y) \ne (0, 0)` is
*completely labeled* if every label is a label of :math:`x` or of
:math:`y`; then :math:`(x / \sum x,\ y / \sum y)` is a Nash equilibrium,
and every Nash equilibrium of a nondegenerate game arises so from a pair of
vertices. (The pair of zero vectors is completely labeled too, and left
out.) The game is nondegenerate exactly when no vertex of :math:`P` has more
than ``m`` labels and none of :math:`Q` more than ``n``; a vertex is then
paired with the one vertex carrying the complementary label set, found by
sorting the label bit masks. In a degenerate game the equilibria form
finitely many connected components, possibly continua; the completely
labeled pairs of vertices are exactly its *extreme* equilibria, every
equilibrium is a convex combination of extreme equilibria (within a product
of faces of :math:`P` and :math:`Q` all of whose points are equilibria), and
all extreme equilibria are returned.

Two vertex searches (see :mod:`arbiter.solve._polytope`):

* float games: qhull enumerates the vertices in floats; the equilibria are
  floats, certified with the stated tolerance: for simple (nondegenerate)
  polytopes by the same test as :func:`~arbiter.solve.certify.certified_set`
  (each profile's regret at most the absolute tolerance, near-duplicates
  refused, the same order) computed here for the few equilibria at once,
  otherwise by :func:`~arbiter.solve.certify.certified_set` itself;
* exact games (and float games with ``exact=True``): floats are used only
  where a certificate proves them right. qhull proposes each polytope's
  vertices in floats and
  :func:`~arbiter.solve._polytope.certified_simple_vertices` proves that
  they are exactly the vertices of the exact polytope, with exactly the
  labels found (a posteriori error bounds on each vertex's tight system,
  completeness by closure of the vertex graph under adjacency); the
  equilibrium points are then solved exactly from their labels and
  certified in integer arithmetic (each player's regret, exactly, on the
  payoffs' integer forms). When the proof fails (a degenerate or
  ill-conditioned polytope), each polytope's graph is walked by integer
  pivoting with the lexicographic rule
  (:func:`~arbiter.solve._polytope.exact_vertices`), which visits every
  vertex, degenerate ones included, whatever the scale of the payoffs (1e19
  and 1e-19 alike), with no float at all. Either way labels, degeneracy
  and complete labeling are decided exactly; the probabilities are
  Fractions and the certificate is exactly 0, and the result is complete.

>>> from arbiter.games.normal_form import NormalFormGame
>>> g = NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]],
...                                [[3, 2], [2, 6], [3, 1]])
>>> eqs = vertex_enumeration(g)
>>> for eq in eqs:
...     print([[str(p) for p in s] for s in eq.strategies])
[['1', '0', '0'], ['1', '0']]
[['4/5', '1/5', '0'], ['2/3', '1/3']]
[['0', '1/3', '2/3'], ['1/3', '2/3']]
>>> eqs.max_regret
Fraction(0, 1)
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm
from operator import mul
from typing import Any

import numpy as np

from arbiter.errors import ArgumentTypeError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.numbers import reduced_fraction
from arbiter.solve import _exact
from arbiter.solve._exact import solve_consistent
from arbiter.solve._polytope import (
    RawVertices,
    certified_vertex_keys,
    complementary_pairs,
    completely_labeled_pairs,
    distinct_vertices,
    exact_vertices,
    first_options,
    pack_labels,
    positive_payoffs,
    raw_vertices,
)
from arbiter.solve.certify import (
    DEFAULT_TOLERANCE,
    DUPLICATE_TOLERANCE,
    certified_set,
    check_tolerance,
)
from arbiter.solve.inputs import as_normal_form, require_numeric
from arbiter.solve.result import Equilibrium, EquilibriumSet

__all__ = ["vertex_enumeration"]

METHOD = "vertex-enumeration"

_DEGENERATE_NOTE = (
    "the game is degenerate (a mixed strategy has more pure best responses than "
    "the size of its support): its equilibria may form connected components, and "
    "the extreme points of these components are returned"
)


def _label_tol(tol: float) -> float:
    """Slack below which a constraint counts as tight, for a regret tolerance ``tol``.

    With payoffs mapped onto ``[1, 2]``, a pair completely labeled up to a
    (normalised) slack ``s`` has regret at most about ``2 s`` times the
    payoff range ``R``, while the certificate allows ``tol * max(1,
    max|payoff|) >= tol * R / 2``: ``tol / 8`` leaves a factor 2 to spare.
    Clipped to ``[1e-12, 1e-7]`` (below, rounding; above, not a tie).
    """
    return min(max(tol / 8, 1e-12), 1e-7)


def vertex_enumeration(
    game: Any, *, tol: float = DEFAULT_TOLERANCE, exact: bool | None = None
) -> EquilibriumSet:
    """All Nash equilibria of a two-player game (all extreme ones if it is degenerate).

    Parameters
    ----------
    game:
        A numeric two-player
        :class:`~arbiter.games.normal_form.NormalFormGame` (or a game with
        ``to_normal_form()``).
    tol:
        Relative regret tolerance for float results (scaled by the largest
        absolute payoff, see :func:`~arbiter.solve.certify.absolute_tolerance`).
        Unused for exact results, whose regret is exactly 0.
    exact:
        ``None`` (default): exact arithmetic for exact games, floats for float
        games. ``True`` for a float game: solve exactly the game whose payoffs
        are the exact rational values of its floats (``Fraction(float)`` is
        exact); the result's ``game`` is that exact game, its probabilities
        are Fractions and its certificate is exactly 0. ``False`` for an exact
        game: solve its float copy (the result's ``game``).

    Returns
    -------
    EquilibriumSet
        ``method="vertex-enumeration"``, ``complete=True`` (unless a warning
        says otherwise) and ``degenerate`` as found; for a degenerate game the
        set holds the extreme equilibria.

    Raises
    ------
    NotSupportedError
        For games with other than two players, or with free parameters.
    """
    tol = check_tolerance(tol)
    game = as_normal_form(game, "vertex_enumeration")
    if game.n_players != 2:
        raise NotSupportedError(
            f"vertex_enumeration() handles two-player games; this game has "
            f"{game.n_players} players (use method='support' of nash_equilibria)"
        )
    require_numeric(game, "vertex_enumeration")
    if exact is not None and not isinstance(exact, bool):
        raise ArgumentTypeError(
            f"vertex_enumeration(): exact must be True, False or None; got {exact!r}"
        )
    if exact is None:
        exact = game.kind == "exact"
    if exact:
        return _solve_exact(game)
    if game.kind != "float":
        game = NormalFormGame(game.as_float(), game.players, game.actions)
    return _solve_float(game, tol)


# ---------------------------------------------------------------------- float


def _pairs(
    lp: np.ndarray,
    lq: np.ndarray,
    m: int,
    n: int,
    masks: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, bool, bool]:
    """Candidate vertex pairs from label matrices: ``(ip, iq, degenerate, trouble)``.

    ``degenerate``: some vertex has more labels than its dimension (then
    all completely labeled pairs are candidates); ``trouble``: some vertex
    has fewer, which only float rounding can produce. ``masks``: the packed
    labels, if already at hand.
    """
    cp, cq = np.count_nonzero(lp, axis=1), np.count_nonzero(lq, axis=1)
    degenerate = bool(cp.max(initial=m) > m or cq.max(initial=n) > n)
    trouble = bool(cp.min(initial=m) < m or cq.min(initial=n) < n)
    mp, mq = masks if masks is not None else (pack_labels(lp), pack_labels(lq))
    if degenerate or trouble:
        ip, iq = completely_labeled_pairs(mp, mq, m + n)
    else:
        ip, iq = complementary_pairs(mp, mq, m + n)
    return ip, iq, degenerate, trouble


def _complementary_keys(
    keys_p: np.ndarray, keys_q: np.ndarray, L: int, zero_p: int
) -> list[tuple[int, int, int, int]] | None:
    """Pairs ``(i, j, keys_p[i], keys_q[j])`` of complementary keys among ``L`` labels.

    ``keys_*``: ``int64`` label sets (bit ``l`` is label ``l``), distinct
    within each array; the pair of the key ``zero_p`` (the vertex 0) is left
    out. A dictionary of ``Q``'s keys (a few hundred: plain Python beats
    numpy's sorting calls here). ``None`` if a key repeats within one array.
    """
    full = (1 << L) - 1
    want = (full ^ keys_p).tolist()
    where = {key: j for j, key in enumerate(keys_q.tolist())}
    if len(where) < len(keys_q) or len(set(want)) < len(want):  # pragma: no cover
        return None  # a label set repeated in one polytope
    zero = full ^ zero_p
    return [
        (i, where[key], full ^ key, key)
        for i, key in enumerate(want)
        if key in where and key != zero
    ]


def _simple_pairs(
    P: RawVertices, Q: RawVertices, m: int, n: int
) -> list[tuple[int, int, int, int]] | None:
    """The complementary vertex pairs ``(i, j, key_i, key_j)`` (the vertex 0 left out)
    of simple polytopes, with their label sets.

    Simple: every vertex of ``P`` has exactly ``m`` labels and every one of
    ``Q`` exactly ``n`` (then the vertices of a polytope have distinct label
    sets, and the completely labeled pairs are the complementary ones).
    ``None`` if not, or if the labels do not fit one 64-bit word.

    This also checks qhull's hull when it was computed without merging
    (:data:`~arbiter.solve._polytope.UNMERGED`): a facet of its triangulated
    surface that is not a facet of the convex hull (not convex there, or
    flipped) has a vertex that violates some constraint, and a violated
    constraint counts as a label (its slack is below the tolerance), so
    that vertex has more labels than its dimension. A closed surface whose
    facets are all supporting is the hull's boundary: no vertex is missing.
    """
    if P.keys is None or Q.keys is None:
        return None
    if not ((P.counts == m).all() and (Q.counts == n).all()):
        return None
    return _complementary_keys(P.keys, Q.keys, m + n, P.zero_key)


def _solve_float(game: NormalFormGame, tol: float) -> EquilibriumSet:
    A, B = game.payoffs[0], game.payoffs[1]
    m, n = A.shape
    label_tol = _label_tol(tol)
    lo_a, hi_a, lo_b, hi_b = A.min(), A.max(), B.min(), B.max()
    MP, MQ = positive_payoffs(B, lo_b, hi_b).T, positive_payoffs(A, lo_a, hi_a)
    # First qhull without merging (faster) unless payoffs tie (see
    # first_options; one check of both matrices at once), its labels checked
    # for a whole simple polytope; else qhull's defaults. Q's constraints are
    # y >= 0 (n) and the A rows (m); labels put the A rows first.
    first = first_options(game.payoffs)
    raw_p = raw_vertices(MP, label_tol, rows_first=False, options=first)
    raw_q = raw_vertices(MQ, label_tol, rows_first=True, options=first)
    simple = _simple_pairs(raw_p, raw_q, m, n)
    if not simple and first is not None:
        raw_p = raw_vertices(MP, label_tol, rows_first=False)
        raw_q = raw_vertices(MQ, label_tol, rows_first=True)
        simple = _simple_pairs(raw_p, raw_q, m, n)
    if simple:
        # certify.absolute_tolerance, from the extremes at hand: max |payoff|.
        atol = tol * max(1.0, -float(min(lo_a, lo_b)), float(max(hi_a, hi_b)))
        result = _simple_float_set(game, raw_p, raw_q, simple, atol)
        if result is not None:
            return result
    P, Q = distinct_vertices(raw_p), distinct_vertices(raw_q)
    ip, iq, degenerate, trouble = _pairs(P.labels, Q.labels, m, n, (P.masks, Q.masks))
    x = np.where(P.labels[ip, :m], 0.0, P.points[ip])
    y = np.where(Q.labels[iq, m:], 0.0, Q.points[iq])
    x /= x.sum(axis=1, keepdims=True)
    y /= y.sum(axis=1, keepdims=True)
    notes = []
    if degenerate:
        notes.append(_DEGENERATE_NOTE)
    if trouble:
        notes.append(
            "float rounding left a vertex of a best-response polytope with too few "
            "labels; the set may be incomplete (try exact=True)"
        )
    return certified_set(
        game,
        list(zip(x.tolist(), y.tolist())),
        method=METHOD,
        tol=tol,
        degenerate=degenerate,
        complete=not trouble,
        warnings=notes,
    )


def _near_duplicates(profiles: list[list[float]]) -> bool:
    """Whether two of the flat profiles are within :data:`DUPLICATE_TOLERANCE` (max norm).

    ``profiles`` must be sorted by their first coordinate (lexicographic
    order will do): two profiles that close are that close in the first
    coordinate, so each is compared only with the following ones up to that
    distance there (a sweep; usually none).
    """
    tol = DUPLICATE_TOLERANCE
    for i, p in enumerate(profiles):
        for q in profiles[i + 1 :]:
            if q[0] - p[0] > tol:
                break
            if max(abs(a - b) for a, b in zip(p, q)) <= tol:
                return True
    return False


def _simple_float_set(
    game: NormalFormGame,
    P: RawVertices,
    Q: RawVertices,
    pairs: list[tuple[int, int, int, int]],
    atol: float,
) -> EquilibriumSet | None:
    """The certified set of a float game whose polytopes are simple, or ``None``.

    The certificate of :func:`~arbiter.solve.certify.certified_set`, with
    few numpy calls (their fixed cost dominates at this size): each
    profile's regret (the best pure reply's gain for each player) must be
    at most the absolute tolerance ``atol``
    (:func:`~arbiter.solve.certify.absolute_tolerance`). Distinct vertex
    pairs of simple polytopes give distinct profiles; the order is
    certified_set's (decreasing probabilities). ``None`` if some candidate
    fails, or two lie within
    :data:`~arbiter.solve.certify.DUPLICATE_TOLERANCE` of each other (the
    general path then reports or merges them).
    """
    A, B = game.payoffs
    m = A.shape[0]
    xs, ys = [], []
    # One numpy call per array for all pairs (each call's fixed cost dominates here).
    ia, ib = [p[0] for p in pairs], [p[1] for p in pairs]
    for (_, _, kx, ky), ux, uy in zip(pairs, P.u[ia].tolist(), Q.u[ib].tolist()):
        # Coordinates with their label are 0; the others have positive slack.
        x = [0.0 if kx >> i & 1 else P.t - v for i, v in enumerate(ux)]
        y = [0.0 if ky >> (m + j) & 1 else Q.t - v for j, v in enumerate(uy)]
        sx, sy = sum(x), sum(y)
        xs.append([v / sx for v in x])
        ys.append([v / sy for v in y])
    # Each player's pure action values against the other's strategy, all pairs at once.
    values = zip((np.array(ys) @ A.T).tolist(), (np.array(xs) @ B).tolist())
    found = []
    for x, y, (values_x, values_y) in zip(xs, ys, values):
        u, v = sum(map(mul, x, values_x)), sum(map(mul, y, values_y))
        regret = max(max(values_x) - u, max(values_y) - v, 0.0)
        if not regret <= atol:  # pragma: no cover - vertex pairs are equilibria
            return None
        found.append(([-p for p in x] + [-p for p in y], x, y, u, v, regret))
    found.sort(key=lambda item: item[0])
    if _near_duplicates([item[0] for item in found]):  # pragma: no cover - rounding-level ties
        return None
    players, actions = game.players, game.actions
    return EquilibriumSet(
        equilibria=tuple(
            Equilibrium(
                strategies=(tuple(x), tuple(y)),
                payoffs=(u, v),
                regret=regret,
                players=players,
                actions=actions,
            )
            for _, x, y, u, v, regret in found
        ),
        game=game,
        method=METHOD,
        degenerate=False,
        complete=True,
        tolerance=atol,
    )


# ---------------------------------------------------------------------- exact


def _exact_copy(game: NormalFormGame, ratios: list[tuple[int, int]]) -> NormalFormGame:
    """The exact game whose payoffs are the float game's exact binary values.

    ``ratios``: the payoffs' ``as_integer_ratio()`` in C order (reduced, so
    the Fractions are built without reducing them again).
    """
    payoffs = np.empty(game.payoffs.shape, dtype=object)
    payoffs.reshape(-1)[:] = [reduced_fraction(p, q) for p, q in ratios]
    return NormalFormGame._trusted(payoffs, "exact", game.players, game.actions)


def _unit_range(M: list[list[int]]) -> tuple[np.ndarray, float]:
    """``M`` (ints >= 1) mapped by a positive affine map onto ``[1, 2]``, in floats.

    Returns the float matrix and a bound on the distance of each entry from
    the exact image ``(v - 1) / s + 1`` (``s = max M - 1``): the quotient of
    two ints is rounded once (Python rounds int division correctly), the sum
    once more.
    """
    s = max(max(row) for row in M) - 1
    if s == 0:
        return np.ones((len(M), len(M[0]))), 0.0
    return np.array([[(v - 1) / s for v in row] for row in M]) + 1.0, 2.0**-50


def _certified_labels(
    A: list[list[int]], B: list[list[int]], floats: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray] | None:
    """The exact label sets of the vertices of ``P`` and ``Q`` (the vertex 0 included), or ``None``.

    Found by qhull in floats and proven exactly
    (:func:`~arbiter.solve._polytope.certified_vertex_keys`); ``None``
    when the proof fails (then only an exact search will do), or when the
    ``m + n`` labels do not fit one 64-bit word. Each label set is an
    ``int64`` key, label ``l`` (global order, see the module docstring)
    being bit ``l``.

    ``A`` and ``B`` are the payoffs' positive integer forms; ``floats``, if
    given, the payoffs themselves as floats (the game is exactly its
    floats): the polytopes' matrices, each mapped onto ``[1, 2]``, are then
    :func:`~arbiter.solve._polytope.positive_payoffs` of them, within
    ``5 * 2**-53 < 2**-50`` of the exact ones (the subtraction, the
    reciprocal, the product and the quotient's relative errors on a value at
    most 1, and the last addition's half unit), instead of the integers'
    quotients.
    """
    m, n = len(A), len(A[0])
    if m < 2 or n < 2 or m + n > 62:
        return None
    if floats is not None:
        (MP, errP), (MQ, errQ) = (
            (positive_payoffs(floats[1]).T, 2.0**-50),
            (positive_payoffs(floats[0]), 2.0**-50),
        )
    else:
        (MP, errP), (MQ, errQ) = _unit_range([list(col) for col in zip(*B)]), _unit_range(A)
    found = certified_vertex_keys([MP, MQ], max(errP, errQ))
    if found is None:
        return None
    kp, kq = found
    # Q's constraints are y >= 0 (n) then the A rows (m); labels put the A rows first.
    return kp, (kq >> n) | ((kq & ((1 << n) - 1)) << m)


def _exact_point(M: list[list[int]], tight_rows: list[int], free: list[int]) -> list[int]:
    """The vertex of ``{z >= 0, M z <= 1}`` with rows ``tight_rows`` tight and ``z_i = 0``
    outside ``free``, as integers proportional to it (the system is proven nonsingular).

    With python-flint, straight from its fraction-free reduced echelon form
    ``R = den * rref`` of the augmented system (the last column is ``den``
    times the solution; a third faster than the general
    :func:`~arbiter.solve._exact.solve_consistent`, which also checks rank
    and reduces the solution, neither needed here).
    """
    z = [0] * len(M[0])
    if _exact._flint is not None:
        s = len(free)
        R, den, _ = _exact._flint.fmpz_mat(
            [[*(row[i] for i in free), 1] for row in (M[j] for j in tight_rows)]
        ).rref()
        sign = 1 if den > 0 else -1
        for i, c in enumerate(free):
            z[c] = int(R[i, s]) * sign
        return z
    sol = solve_consistent([[M[j][i] for i in free] for j in tight_rows], [1] * len(tight_rows))
    if sol is None:  # pragma: no cover - excluded by the certificate
        raise RuntimeError("a certified vertex must solve its tight system")
    for i, v in zip(free, sol[0]):
        z[i] = v
    return z


def _integer_form(
    U: np.ndarray, ratios: list[tuple[int, int]] | None = None
) -> tuple[list[list[int]], int, int]:
    """A matrix of Fractions or floats as ``(ints, shift, den)``, ``U = (ints + shift) / den``.

    ``ints`` (all >= 1) is :func:`~arbiter.solve._exact.to_integer_matrix`'s
    positive integer image of ``U`` (a positive affine map), with the map
    itself. Floats are taken at their exact binary values, from ``ratios``
    (their ``as_integer_ratio()`` in C order) if given; their denominators are
    powers of 2, so the common one is the largest.
    """
    d = U.shape[1]
    if ratios is not None or U.dtype.kind == "f":
        if ratios is None:
            ratios = list(map(float.as_integer_ratio, U.ravel().tolist()))
        den = max(q for _, q in ratios)
        scaled = [p * (den // q) for p, q in ratios]
    else:
        values = U.ravel().tolist()
        den = lcm(*(v.denominator for v in values))
        scaled = [v.numerator * (den // v.denominator) for v in values]
    shift = min(scaled) - 1
    ints = [v - shift for v in scaled]
    return [ints[i : i + d] for i in range(0, len(ints), d)], shift, den


def _ratio(p: int, q: int) -> Fraction:
    """``Fraction(p, q)`` for ``q > 0`` (reduced here, then built without checks)."""
    g = gcd(p, q)
    return reduced_fraction(p // g, q // g)


def _certified_exact_set(
    game: NormalFormGame,
    forms: tuple[tuple[list[list[int]], int, int], tuple[list[list[int]], int, int]],
    points: list[tuple[list[int], list[int]]],
    notes: list[str],
) -> EquilibriumSet:
    """The equilibrium set of exact candidate pairs ``(u, v)`` (``x = u / sum u``, likewise ``y``).

    The certificate of :func:`~arbiter.solve.certify.certified_set`, in integer
    arithmetic on the candidates' integer forms and the payoffs' integer
    forms ``forms`` (:func:`_integer_form`: ``A = (A' + c) / D``, so an
    action's gain under ``A`` is its gain under ``A'`` over ``D``): each
    player's regret is computed exactly and a candidate is kept only if it
    is 0 (a rejected one is reported in the warnings, as there).
    """
    (A, cA, dA), (B, cB, dB) = forms
    BT = list(zip(*B))
    found: dict[tuple[tuple[int, ...], tuple[int, ...]], tuple[list[float], Equilibrium]] = {}
    rejected: list[Fraction] = []
    zero = Fraction(0)
    for u, v in points:
        su, sv = sum(u), sum(v)
        av = [sum(map(mul, row, v)) for row in A]  # dA sv (A y), shifted
        ub = [sum(map(mul, col, u)) for col in BT]  # likewise x B
        uav = sum(map(mul, u, av))
        ubv = sum(map(mul, ub, v))
        # The gains' numerators (for weights >= 0, max >= mean: both >= 0);
        # the regret is 0 iff both are.
        gain_x, gain_y = max(av) * su - uav, max(ub) * sv - ubv
        if gain_x or gain_y or min(u) < 0 or min(v) < 0:  # pragma: no cover - equilibria
            rejected.append(
                max(Fraction(gain_x, dA * sv * su), Fraction(gain_y, dB * su * sv), zero)
            )
            continue
        gu, gv = gcd(*u), gcd(*v)
        ru, rv = tuple(w // gu for w in u), tuple(w // gv for w in v)
        if (ru, rv) in found:  # pragma: no cover - distinct vertex pairs
            continue
        su, sv, uav, ubv = su // gu, sv // gv, uav // (gu * gv), ubv // (gu * gv)
        strategies = (
            tuple(_ratio(w, su) if w else zero for w in ru),
            tuple(_ratio(w, sv) if w else zero for w in rv),
        )
        order = [-w / su for w in ru] + [-w / sv for w in rv]
        found[ru, rv] = (
            order,
            Equilibrium(
                strategies=strategies,
                payoffs=(
                    _ratio(uav + cA * su * sv, dA * su * sv),
                    _ratio(ubv + cB * su * sv, dB * su * sv),
                ),
                regret=zero,
                players=game.players,
                actions=game.actions,
            ),
        )
    if rejected:  # pragma: no cover
        notes = [
            *notes,
            f"{len(rejected)} candidate profile(s) failed certification "
            f"(largest regret {float(max(rejected)):.3g}) and were dropped",
        ]
    # certified_set's order: decreasing probabilities (as floats; int / int rounds correctly).
    equilibria = tuple(eq for _, eq in sorted(found.values(), key=lambda item: item[0]))
    return EquilibriumSet(
        equilibria=equilibria,
        game=game,
        method=METHOD,
        degenerate=False,
        complete=not rejected,
        tolerance=None,
        warnings=tuple(notes),
    )


def _solve_exact(game: NormalFormGame) -> EquilibriumSet:
    if game.kind == "float":
        # One pass over the floats for both the exact game and the integer forms.
        ratios = list(map(float.as_integer_ratio, game.payoffs.ravel().tolist()))
        half = len(ratios) // 2
        exact_game = _exact_copy(game, ratios)
        A, B = game.payoffs
        forms = (_integer_form(A, ratios[:half]), _integer_form(B, ratios[half:]))
    else:
        exact_game = game
        forms = (_integer_form(game.payoffs[0]), _integer_form(game.payoffs[1]))
    A_int, B_int = forms[0][0], forms[1][0]
    m, n = len(A_int), len(A_int[0])
    L = m + n
    BT_int = [list(col) for col in zip(*B_int)]
    certified = _certified_labels(A_int, B_int, game.payoffs if game.kind == "float" else None)
    notes = []
    if game.kind == "float":
        notes.append(
            "exact=True: solved exactly the rational game whose payoffs are the exact "
            "values of the float payoffs"
        )
    pairs = None
    if certified is not None:
        # Nondegenerate, every vertex known exactly by its labels: match them.
        keys_p, keys_q = certified
        pairs = _complementary_keys(keys_p, keys_q, L, (1 << m) - 1)
    if pairs is not None:
        # Then compute the few equilibrium points exactly from their labels.
        points = [
            (
                _exact_point(
                    BT_int,
                    [j for j in range(n) if kp >> (m + j) & 1],
                    [i for i in range(m) if not kp >> i & 1],
                ),
                _exact_point(
                    A_int,
                    [i for i in range(m) if kq >> i & 1],
                    [j for j in range(n) if not kq >> (m + j) & 1],
                ),
            )
            for _, _, kp, kq in pairs
        ]
        return _certified_exact_set(exact_game, forms, points, notes)
    vp = exact_vertices(BT_int, range(m), range(m, L))
    vq = exact_vertices(A_int, range(m, L), range(m))
    degenerate = any(v[2].bit_count() > m for v in vp) or any(v[2].bit_count() > n for v in vq)
    full = (1 << L) - 1
    if degenerate:
        lp = np.array([[v[2] >> k & 1 for k in range(L)] for v in vp], dtype=bool)
        lq = np.array([[v[2] >> k & 1 for k in range(L)] for v in vq], dtype=bool)
        ip, iq = completely_labeled_pairs(
            pack_labels(lp.reshape(-1, L)), pack_labels(lq.reshape(-1, L)), L
        )
        pairs = list(zip(ip.tolist(), iq.tolist()))
    else:
        by_mask = {v[2]: k for k, v in enumerate(vq)}
        pairs = [(k, by_mask[full ^ v[2]]) for k, v in enumerate(vp) if full ^ v[2] in by_mask]
    candidates = [(_normalised(vp[a][0]), _normalised(vq[b][0])) for a, b in pairs]
    if degenerate:
        notes.append(_DEGENERATE_NOTE)
    return certified_set(
        exact_game,
        candidates,
        method=METHOD,
        degenerate=degenerate,
        warnings=notes,
    )


def _normalised(z: tuple[int, ...]) -> tuple[Fraction, ...]:
    total = sum(z)
    return tuple(Fraction(v, total) for v in z)
