r"""Array kernel of two-player vertex enumeration: best-response polytopes and labels.

Private: plain numpy arrays in, plain numpy arrays out; no games, no
validation (the front, :mod:`arbiter.solve.vertex`, does that).

Conventions. ``A`` and ``B`` are the ``m x n`` payoff matrices of the row
and the column player. Each is first mapped by a positive affine map onto
the range ``[1, 2]`` (:func:`positive_payoffs`); this changes neither best
responses nor equilibria. The best-response polytopes are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

Labels are the integers ``0 .. m+n-1``: a point ``x`` of ``P`` has label
``i`` if ``x_i = 0`` and label ``m + j`` if ``(B^T x)_j = 1``; a point ``y``
of ``Q`` has label ``i`` if ``(A y)_i = 1`` and label ``m + j`` if ``y_j = 0``.
Every label set is also stored as a bit mask: ``masks[k]`` is a row of
``ceil((m + n) / 64)`` ``uint64`` words, label ``l`` being bit ``l % 64`` of
word ``l // 64``.

Vertices are enumerated with qhull (:class:`scipy.spatial.ConvexHull`) as the
facets of the polar polytope, after translating an interior point to the
origin; a vertex's labels are then recomputed from its coordinates by
checking every constraint (qhull's triangulation repeats a degenerate
vertex once per simplex of its facet; those copies have the same label set
and are merged). The vertex ``0`` is left out.

:func:`exact_vertices` is the exact counterpart, used for exact games: no
float takes part. It walks the graph of the polytope by integer pivoting
(:class:`~arbiter.solve._pivoting.ExactTableau`) from the vertex ``0``,
depth first, over the bases that are feasible for the lexicographically
perturbed right-hand side ``1 + (eps, eps^2, ...)``. The perturbed polytope
is simple and its graph is connected, so every one of its vertices (bases)
is visited; every vertex of the polytope itself is the limit of some of
them, so every vertex is found, degenerate ones included, each once (by its
exact label set). This is the lexicographic method of lrs (Avis) with a
visited set instead of reverse search. Written here rather than taken from
pycddlib (exact mode) because that is not a dependency and because the walk
gives the exact label sets directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate, pairwise
from typing import NamedTuple

import numpy as np
from scipy.spatial import ConvexHull, QhullError

from arbiter.solve._pivoting import ExactTableau

__all__ = [
    "UNMERGED",
    "RawVertices",
    "Vertices",
    "best_response_vertices",
    "certified_simple_vertices",
    "certified_vertex_keys",
    "certified_vertex_sets",
    "closed_under_adjacency",
    "complementary_pairs",
    "completely_labeled_pairs",
    "distinct_vertices",
    "exact_vertices",
    "first_options",
    "pack_labels",
    "positive_payoffs",
    "raw_vertices",
    "unique_rows",
]


class Vertices(NamedTuple):
    """The vertices other than 0 of one best-response polytope.

    ``points`` has shape ``(k, d)`` (``d`` = the player's number of actions,
    unnormalised coordinates); ``labels`` has shape ``(k, m + n)`` in label
    order: the constraints whose slack (divided by a positive scale of order
    1) is at most the tolerance; ``masks`` is its packed form, ``(k, ceil((m +
    n) / 64))`` ``uint64``; ``counts`` is the number of labels of each
    vertex. No two vertices have the same label set.
    """

    points: np.ndarray
    labels: np.ndarray
    masks: np.ndarray
    counts: np.ndarray


def positive_payoffs(U: np.ndarray, lo: float | None = None, hi: float | None = None) -> np.ndarray:
    """``U`` mapped by a positive affine map onto ``[1, 2]`` (all ones if ``U`` is constant).

    ``lo`` and ``hi``: ``U.min()`` and ``U.max()``, if the caller has them.
    """
    if lo is None or hi is None:
        lo, hi = U.min(), U.max()
    span = hi - lo
    if not span > 0:
        return np.ones_like(U, dtype=np.float64)
    return (U - lo) * (1.0 / span) + 1.0


class _Hull(NamedTuple):
    """What is used of a qhull convex hull: one row per (triangulated) facet.

    ``neighbors[f, l]`` is the facet sharing all points of ``simplices[f]``
    but ``simplices[f, l]``.
    """

    simplices: np.ndarray
    equations: np.ndarray
    neighbors: np.ndarray


def _qhull(points: np.ndarray, options: bytes) -> _Hull:
    """qhull's triangulated hull of ``points`` (qhull's options ``options``).

    Calls the qhull wrapper behind :class:`scipy.spatial.ConvexHull`
    directly: ``ConvexHull`` also computes the hull's volume and area, about
    a quarter of the time of the hull itself for the polytopes here, which
    nothing uses. Falls back to ``ConvexHull`` if that private wrapper ever
    changes.
    """
    try:
        from scipy.spatial._qhull import _Qhull
    except ImportError:  # pragma: no cover - scipy moved its wrapper
        _Qhull = None
    if _Qhull is not None:
        try:
            qh = _Qhull(b"i", points, options, required_options=b"Qt")
        except (TypeError, AttributeError):  # pragma: no cover - changed signature
            pass
        else:
            try:
                qh.triangulate()
                simplices, neighbors, equations, _, _ = qh.get_simplex_facet_array()
            finally:
                qh.close()
            return _Hull(simplices, equations, neighbors)
    hull = ConvexHull(points, qhull_options=options.decode())  # pragma: no cover
    return _Hull(hull.simplices, hull.equations, hull.neighbors)  # pragma: no cover


#: qhull's options for a hull whose result is checked afterwards: ``Q0``, no
#: merging of nearly coplanar facets (a simple polytope's polar is simplicial,
#: and merging is what costs, 7% of qhull's time at dimension 8 and 30% at
#: 12). Without merging qhull may return a hull that is not convex when
#: the input is degenerate or nearly so; the callers check and retry with
#: :func:`_polar_hull`'s defaults.
UNMERGED = b"Q0"


def _polar_hull(
    M: np.ndarray, rows_first: bool = False, options: bytes | None = None
) -> tuple[_Hull, float, np.ndarray]:
    """qhull's hull of the polar of ``{z >= 0, M z <= 1}`` (``M`` positive, ``d >= 2`` columns).

    Returns ``(hull, t, polar)``: the polytope is translated by the interior
    point ``t * 1`` (with ``M (t 1) <= 1/2``); ``polar`` holds the
    constraints ``z >= 0`` (``d`` rows) then the rows of ``M`` (the rows of
    ``M`` first if ``rows_first``), each scaled to right-hand side 1, and
    each facet of the hull is a vertex ``w + t`` of the polytope,
    ``w = -equations[:, :d] / equations[:, d]``, at which constraint ``i``
    has slack ``1 - polar[i] . w``; its simplex lists the (triangulated)
    constraints tight there. qhull's options are
    :class:`~scipy.spatial.ConvexHull`'s defaults (``Qx`` from dimension
    5) unless ``options`` are given, with ``QJ`` (joggled input) as a retry
    after a precision error.
    """
    t, polar = _polar(M, rows_first)
    if options is None:
        options = b"Qx" if M.shape[1] >= 5 else b""
    try:
        hull = _qhull(polar, options)
    except QhullError:  # pragma: no cover - qhull precision failure, retry joggled
        hull = _qhull(polar, b"QJ")
    return hull, t, polar


def _polar(M: np.ndarray, rows_first: bool) -> tuple[float, np.ndarray]:
    """The interior point's coordinate ``t`` and the polar points (see :func:`_polar_hull`)."""
    r, d = M.shape
    rows = M.sum(axis=1)
    t = 0.5 / rows.max()
    polar = np.zeros((d + r, d))
    unit, scaled = (polar[r:], polar[:r]) if rows_first else (polar[:d], polar[d:])
    unit.flat[:: d + 1] = -1.0 / t
    np.divide(M, (1.0 - t * rows)[:, None], out=scaled)
    return float(t), polar


#: Row ``l`` is ``(2**l, 1)``: ``labels @ _BIT[:L]`` gives, for a label set of at
#: most 63 labels, the set as one ``int64`` and its size.
_BIT = np.stack([np.int64(1) << np.arange(63, dtype=np.int64), np.ones(63, np.int64)], axis=1)

#: Below this many multiply-adds a BLAS product runs on one thread (OpenBLAS
#: threads from 4 * 65536); larger products are done in row blocks of this
#: size (:func:`_product`), since a multithreaded BLAS would leave worker
#: threads spinning against the next qhull call.
_SMALL_PRODUCT = 1 << 16


class RawVertices(NamedTuple):
    """Every vertex of ``{z >= 0, M z <= 1}`` as qhull found it, the vertex 0 included.

    ``u`` (``(k, d)``) and ``t``: the vertices are ``t - u``; ``polar``: the
    polar points (:func:`_polar_hull`), in the constraint order asked for
    (see :func:`raw_vertices`), constraint ``i`` having the slack
    ``1 + polar[i] . u`` (divided by a positive scale of order 1) at a
    vertex. ``labels``: ``(k, d + r)``, the constraints with slack at most
    the tolerance. ``keys``: each label set as one ``int64`` (label ``l``
    is bit ``l``; ``None`` if ``d + r > 63``); ``counts``: the number of
    labels of each vertex; ``zero_key``: the key of the vertex 0 (its labels
    are the constraints ``z >= 0``); ``nonneg``: their columns. A degenerate
    vertex may appear more than once (qhull's triangulation repeats it once
    per simplex of its facet).
    """

    u: np.ndarray
    t: float
    polar: np.ndarray
    labels: np.ndarray
    keys: np.ndarray | None
    counts: np.ndarray
    zero_key: int
    nonneg: slice


def _product(u: np.ndarray, polar: np.ndarray) -> np.ndarray:
    """``u @ polar.T`` by single-threaded BLAS calls (row blocks, see :data:`_SMALL_PRODUCT`)."""
    k, (L, d) = u.shape[0], polar.shape
    step = max(1, _SMALL_PRODUCT // (L * d))
    if k <= step:
        return u @ polar.T
    out = np.empty((k, L))
    for start in range(0, k, step):
        np.matmul(u[start : start + step], polar.T, out=out[start : start + step])
    return out


def raw_vertices(
    M: np.ndarray, tol: float, rows_first: bool, options: bytes | None = None
) -> RawVertices:
    """The vertices of ``{z >= 0, M z <= 1}`` for positive ``M`` of shape ``(r, d)``, with labels.

    The ``polar``/``labels`` rows/columns are the constraints ``z >= 0``
    (``d``) then the rows of ``M`` (``r``), or the rows first if
    ``rows_first``; a constraint is a label where its slack (divided by a
    positive scale of order 1) is at most ``tol``. ``options``: qhull's
    (see :func:`_polar_hull`). Written with few numpy
    calls: at the sizes of interest (hundreds of vertices) each call's fixed
    cost, not its arithmetic, is what takes the time.
    """
    r, d = M.shape
    L = d + r
    nonneg = slice(r, L) if rows_first else slice(0, d)
    if d == 1:
        # An interval [0, 1 / max M]: the vertices 0 and 1 / max M.
        t, polar = _polar(M, rows_first)
        u = t - np.array([[0.0], [1.0 / M[:, 0].max()]])
    else:
        hull, t, polar = _polar_hull(M, rows_first, options)
        eq = hull.equations
        u = eq[:, :d] / eq[:, d:]  # qhull's facet offsets are negative: t - u = t + w
    labels = _product(u, polar) <= tol - 1.0
    if L <= len(_BIT):
        keys_counts = labels @ _BIT[:L]
        keys, counts = keys_counts[:, 0], keys_counts[:, 1]
    else:
        keys, counts = None, np.count_nonzero(labels, axis=1)
    zero_key = ((1 << d) - 1) << nonneg.start
    return RawVertices(u, t, polar, labels, keys, counts, zero_key, nonneg)


def _polytope_vertices(M: np.ndarray, tol: float, rows_first: bool) -> Vertices:
    """Vertices other than 0 of ``{z >= 0, M z <= 1}`` (see :func:`raw_vertices`)."""
    return distinct_vertices(raw_vertices(M, tol, rows_first))


def distinct_vertices(raw: RawVertices) -> Vertices:
    """The vertices other than 0, each once, of a :func:`raw_vertices` result."""
    d = raw.u.shape[1]
    # Leave out the vertex 0 (the only one with every z_i = 0).
    keep = np.flatnonzero(~raw.labels[:, raw.nonneg].all(axis=1))
    labels = raw.labels[keep]
    if raw.keys is not None:
        masks = raw.keys[keep].view(np.uint64)[:, None]
    else:
        masks = pack_labels(labels)
    counts = raw.counts[keep]
    if counts.max(initial=d) > d:
        # A vertex with more than d labels is a non-simplicial facet of the
        # polar, which qhull's triangulation repeats once per simplex.
        first = unique_rows(masks)
        keep, labels, masks, counts = keep[first], labels[first], masks[first], counts[first]
    return Vertices(raw.t - raw.u[keep], labels, masks, counts)


_UNIT_ROUNDOFF = 2.0**-53


def _gamma(k: int) -> float:
    """Higham's ``gamma_k = k u / (1 - k u)``: a float dot product of length ``k``
    (any order of summation, with or without fused multiply-adds) is within
    ``gamma_k |x| . |y|`` of the exact dot product of the same floats."""
    return k * _UNIT_ROUNDOFF / (1.0 - k * _UNIT_ROUNDOFF)


def certified_simple_vertices(M: np.ndarray, err: float) -> np.ndarray | None:
    """Every vertex of an exact polytope, found in floats and proven, or ``None``.

    The polytope is ``{z >= 0, M* z <= 1}`` for an exact (rational) ``r x d``
    matrix ``M*`` with entries in ``[1, 2]`` (``d >= 2``); ``M`` is a float
    matrix with every entry within ``err`` of ``M*``'s. Constraints are
    numbered ``z >= 0`` (``0 .. d-1``) then the rows of ``M*``.

    Returns a boolean ``(k, d + r)`` matrix, one row per vertex of the exact
    polytope (the vertex 0 included), marking its tight constraints; there are
    exactly ``d`` in each row (the exact polytope is simple). ``None`` when the
    proof fails (a degenerate or ill-conditioned polytope, or qhull missed a
    vertex): the caller then needs an exact search.

    The proof. qhull proposes the vertices as facets of the polar, each
    with ``d`` constraints ``S`` (its simplex) and ``d`` neighbours, the
    neighbour ``z_l`` across ``S[l]`` proposed as the other end of the edge
    on which the constraints ``S`` but ``S[l]`` are tight. Every constraint is
    evaluated in floats at every vertex once, with a bound ``e`` on the
    distance from the exact value (Higham's rounding bound plus ``err``, the
    input's own rounding), and ``rho_v`` bounds the exact residual
    ``|b - G* z_v|`` of vertex ``v`` on its own constraints. For a vertex
    ``z~`` let ``G* z = b`` be the ``d x d`` system of its constraints
    ``S`` held with equality (exact rows) and ``X`` the real matrix with
    columns ``x_l = (z~ - z_l) / mu_l``, ``mu_l`` the float slack of
    ``S[l]`` at ``z_l`` (of the constraint's sign, else no proof). When each
    neighbour's own constraints hold ``S`` but ``S[l]`` (checked, see
    below), every entry of ``G* X - I`` is a difference of residuals over
    ``mu_l``: ``|(G* X - I)_jl| <= (rho + rho_l) / |mu_l|``, so ``alpha =
    rho sum_l 1/|mu_l| + sum_l rho_l/|mu_l|`` bounds ``||I - G* X||``
    (infinity norm) without forming ``X`` or ``G*``. If ``alpha <= 1/2``,
    ``G* X`` and so ``G*`` are nonsingular, and the exact solution is
    ``z* = z~ + X w`` with ``w = (G* X)^-1 (b - G* z~)``, so ``||z* - z~||
    <= ||X|| rho / (1 - alpha) = delta`` (Rump's verification with the
    preconditioner on the right; ``||X||`` bounded first by ``sum_l (||z~|| +
    ||z_l||) / |mu_l|``, and by the norm itself when that is too coarse;
    all bounds are doubled to cover the rounding made in computing them).
    Every other constraint's float slack, less ``e`` and ``delta`` times
    the constraint's norm, must be positive: then the exact solution is a
    vertex of the exact polytope at which exactly the constraints ``S`` are
    tight. Finally completeness (:func:`closed_under_adjacency`): the
    proven vertices are distinct and each neighbour ``z_l`` holds the labels
    ``S`` but ``S[l]``; at a simple vertex those are the ``d`` edges, each
    holding exactly two vertices, so the proven set is closed under
    adjacency, and since the graph of a polytope is connected (Balinski), it
    is the whole vertex set.

    Written with few numpy calls and nothing of size ``d x d`` per vertex:
    at the sizes of interest each call's fixed cost is most of the time.
    """
    found = certified_vertex_sets([M], err)
    return None if found is None else found[0]


def certified_vertex_sets(Ms: Sequence[np.ndarray], err: float) -> list[np.ndarray] | None:
    """:func:`certified_simple_vertices` of each of several polytopes, or ``None``.

    Polytopes of one shape (both of a square game) are proven together:
    the same numpy calls on the rows of both, which at the sizes of
    interest takes little more time than one polytope alone. ``None`` if
    the proof fails for any of them.
    """
    proof = _prove(Ms, err)
    if proof is None:
        return None
    return [_tight(S, sum(M.shape)) for S, M in zip(proof.simplices, Ms)]


def certified_vertex_keys(Ms: Sequence[np.ndarray], err: float) -> list[np.ndarray] | None:
    """:func:`certified_vertex_sets` as ``int64`` label keys (constraint ``c`` is bit ``c``).

    ``None`` if the proof fails or a polytope has more than 62 constraints.
    """
    proof = _prove(Ms, err)
    return None if proof is None else proof.keys


def first_options(M: np.ndarray) -> bytes | None:
    """qhull's options to try first for ``{z >= 0, M z <= 1}``: :data:`UNMERGED`, unless
    ``M`` has two equal entries (ties, as in integer payoffs, are what makes
    best-response polytopes degenerate; then qhull's defaults at once, since
    the unmerged hull would only be computed to be refused)."""
    # A set of Python floats: one numpy call (np.unique makes several).
    return None if len(set(M.ravel().tolist())) < M.size else UNMERGED


def _hull(M: np.ndarray, options: bytes | None) -> tuple[_Hull, float] | None:
    try:
        hull, t, _ = _polar_hull(M, options=options)
    except QhullError:  # pragma: no cover - both qhull attempts failed
        return None
    return hull, t


def _prove(Ms: Sequence[np.ndarray], err: float) -> _Proof | None:
    """qhull's vertices of each polytope, proven (:func:`_proven_vertices`), or ``None``.

    Each polytope's hull is first computed with :func:`first_options`; polytopes
    of one shape are proven together. What fails is proven alone, on the same
    hull and then (if that was unmerged) on qhull's defaults.
    """
    if any(M.shape[1] < 2 or not np.isfinite(M).all() for M in Ms):
        return None
    options = [first_options(M) for M in Ms]
    hulls = [_hull(M, o) for M, o in zip(Ms, options)]
    ready = [h for h in hulls if h is not None]
    stack = len(Ms) > 1 and len({M.shape for M in Ms}) == 1 and sum(Ms[0].shape) <= 62
    if stack and len(ready) == len(Ms):
        proof = _proven_vertices(Ms, err, [h for h, _ in ready], [t for _, t in ready])
        if proof is not None:
            return proof
    simplices, keys = [], []
    for M, first, hull in zip(Ms, options, hulls):
        proof = None if hull is None else _proven_vertices([M], err, [hull[0]], [hull[1]])
        if proof is None and first is not None:  # the unmerged hull failed: the defaults
            hull = _hull(M, None)
            proof = None if hull is None else _proven_vertices([M], err, [hull[0]], [hull[1]])
        if proof is None:
            return None
        simplices += proof.simplices
        keys = None if proof.keys is None or keys is None else keys + proof.keys
    return _Proof(simplices, keys)


def _proven_vertices(
    Ms: Sequence[np.ndarray], err: float, hulls: Sequence[_Hull], ts: Sequence[float]
) -> _Proof | None:
    """:func:`certified_simple_vertices` for qhull's hulls of the polars of ``Ms`` (one shape).

    The rows of all polytopes are stacked (each with its own neighbours);
    with more than one polytope, labels need ``d + r <= 62``. Every bound
    is one number per vertex (a bound over all constraints at once): a
    factor of at most ``d`` looser than one per constraint, far below the
    margins that decide, and it saves most of the numpy calls, whose fixed
    cost is most of the time here.
    """
    r, d = Ms[0].shape
    L = d + r
    if any(h.simplices.shape[1] != d for h in hulls):  # pragma: no cover - qhull's simplices
        return None
    sizes = [h.simplices.shape[0] for h in hulls]
    k = sum(sizes)
    starts = list(accumulate(sizes, initial=0))
    many = len(Ms) > 1
    cat = np.concatenate if many else (lambda arrays: arrays[0])
    S = cat([h.simplices for h in hulls]).astype(np.intp)
    # near[:, l]: the neighbour across S[:, l], in the stacked rows.
    near = cat([h.neighbors + s for h, s in zip(hulls, starts)]).astype(np.intp)
    z = cat([t - h.equations[:, :d] / h.equations[:, d:] for h, t in zip(hulls, ts)])
    # Z: every constraint's float value at every vertex (unit rows: the coordinate).
    Z = np.empty((k, L))
    Z[:, :d] = z
    for M, (a, b) in zip(Ms, pairwise(starts)):
        Z[a:b, d:] = _product(z[a:b], M)
    # e: a bound on every value's distance from its exact value at the vertex,
    # g (1 + |row| . |z|) + err ||z||_1 <= g (1 + w ||z||) + err d ||z||,
    # with w >= the 1-norm of every row of M (max norms of z: zmax).
    g = _gamma(d + 2)
    w = d * max(float(M.max()) for M in Ms)
    zmax = np.abs(z).max(axis=1)
    e = (g * w + err * d) * zmax + g
    b = np.zeros(L)
    b[d:] = 1.0
    # Flat indices into (k, L): constraint S[l] at the vertex and at its
    # neighbour across S[l].
    at_self = S + (np.arange(k) * L)[:, None]
    Zf = Z.ravel()
    bs = b[S]
    # The slack at the neighbour must have its constraint's sign (else no
    # simple vertex there): positive for a row of M, negative (-z_i) for z_i >= 0.
    mu = (bs - Zf[S + near * L]) * (2.0 * bs - 1.0)
    if not (mu > 0).all():
        return None
    inv = 1.0 / mu
    inv_sum = inv @ np.ones(d)
    # rho: every vertex's residual on its own constraints, a bound >= |b - G* z|.
    rho = np.abs(bs - Zf[at_self]).max(axis=1) + e
    # ||I - G* X|| <= rho sum_l 1/|mu_l| + sum_l rho_l / |mu_l| (rho_l: the
    # neighbour's; this needs the neighbours tight on S but S[l], checked below).
    alpha = 2.0 * (rho * inv_sum + (rho[near] * inv) @ np.ones(d))
    if not (alpha <= 0.5).all():
        return None
    # Each constraint's slack at z~ (z_i, or 1 - row . z); the tight ones set aside.
    slack = Z - b
    slack[:, d:] *= -1.0
    slack.ravel()[at_self.ravel()] = np.inf
    least = slack.min(axis=1)
    # The exact vertex is within delta = ||X|| ||rho|| / (1 - alpha) of z~,
    # ||X|| <= sum_l (||z~|| + ||z_l||) / |mu_l|; a constraint's value moves
    # by at most its norm (<= max(1, w + d err)) times delta.
    norm = max(1.0, w + d * err)
    x_norm = zmax * inv_sum + (zmax[near] * inv) @ np.ones(d)
    if not (least > 2.0 * (e + norm * (2.0 * x_norm * rho / (1.0 - alpha)))).all():
        # Perhaps only the coarse bound on ||X|| failed: take the norm itself.
        x_norm = (np.abs(z[:, None, :] - z[near]) * inv[:, :, None]).sum(axis=1).max(axis=1)
        if not (least > 2.0 * (e + norm * (2.0 * x_norm * rho / (1.0 - alpha)))).all():
            return None
    simplices = [S[a:b] for a, b in pairwise(starts)] if many else [S]
    # Completeness: distinct vertices, and every edge S - {l} holds two of them.
    if L <= 62:
        bits = np.int64(1) << S.astype(np.int64)
        keys = bits @ np.ones(d, np.int64)
        if many:  # the polytope's number above the labels: distinct across polytopes
            keys |= np.repeat(np.arange(len(Ms), dtype=np.int64), sizes) << 62
        if not closed_under_adjacency(keys, bits, near):
            return None
        if many:
            keys &= (np.int64(1) << 62) - 1
        return _Proof(simplices, [keys[a:b] for a, b in pairwise(starts)] if many else [keys])
    if many:  # pragma: no cover - the caller stacks only when d + r <= 62
        return None
    tight = _tight(S, L)
    masks = pack_labels(tight)
    sub = np.repeat(tight, d, axis=0)
    sub[np.arange(k * d), S.ravel()] = False
    edges = pack_labels(sub)  # row k * d + l: the labels of S but S[l]
    if np.unique(_keys(masks)).size != k or not ((masks[near.ravel()] & edges) == edges).all():
        return None
    return _Proof(simplices, None)


class _Proof(NamedTuple):
    """Proven vertex sets: each polytope's tight constraints, as ``(k, d)`` indices
    (its simplices) and, when there are at most 62 constraints, as ``int64`` keys
    (constraint ``c`` is bit ``c``)."""

    simplices: list[np.ndarray]
    keys: list[np.ndarray] | None


def _tight(S: np.ndarray, L: int) -> np.ndarray:
    """The ``(k, L)`` boolean matrix with row ``i`` true at the indices ``S[i]``."""
    tight = np.zeros((S.shape[0], L), dtype=bool)
    np.put_along_axis(tight, S, True, axis=1)
    return tight


def closed_under_adjacency(keys: np.ndarray, bits: np.ndarray, near: np.ndarray) -> bool:
    """Whether the vertices with label sets ``keys`` are all of a simple polytope's.

    ``keys``: ``(k,)`` ``int64`` label sets, each of ``d`` labels, whose bits
    are the rows of ``bits`` (``(k, d)``); ``near[i, l]``: a vertex proposed
    as the other end of the edge of vertex ``i`` that leaves label
    ``bits[i, l]`` (qhull's neighbouring facet). In a simple polytope every
    edge is a set of ``d - 1`` labels held by exactly two vertices: when the
    keys are distinct and every proposed neighbour (another vertex) holds its
    edge's labels,
    the set is closed under adjacency and so (the graph being connected)
    holds every vertex.
    """
    if (np.diff(np.sort(keys)) == 0).any() or (near == np.arange(len(keys))[:, None]).any():
        return False
    edges = keys[:, None] - bits
    return bool(((keys[near] & edges) == edges).all())


def best_response_vertices(A: np.ndarray, B: np.ndarray, tol: float) -> tuple[Vertices, Vertices]:
    """The vertices of ``P`` and ``Q`` (see the module docstring) with their labels at ``tol``."""
    P = _polytope_vertices(positive_payoffs(B).T, tol, rows_first=False)
    # Q's constraints are y >= 0 (n) and the A rows (m); labels put the A rows first.
    Q = _polytope_vertices(positive_payoffs(A), tol, rows_first=True)
    return P, Q


def pack_labels(labels: np.ndarray) -> np.ndarray:
    """Boolean label matrix ``(k, L)`` -> ``uint64`` masks ``(k, ceil(L / 64))``."""
    k, L = labels.shape
    words = max(1, -(-L // 64))
    packed = np.packbits(labels, axis=1, bitorder="little")
    if packed.shape[1] != 8 * words:
        buf = np.zeros((k, 8 * words), dtype=np.uint8)
        buf[:, : packed.shape[1]] = packed
        packed = buf
    return packed.view("<u8")


def full_mask(L: int) -> np.ndarray:
    """The mask with all ``L`` labels, shape ``(ceil(L / 64),)``."""
    return pack_labels(np.ones((1, L), dtype=bool))[0]


def _keys(masks: np.ndarray) -> np.ndarray:
    """One sortable scalar per mask row (the word itself, or the row's bytes)."""
    if masks.shape[1] == 1:
        return masks[:, 0]
    return np.ascontiguousarray(masks).view(np.dtype((np.void, 8 * masks.shape[1])))[:, 0]


def unique_rows(masks: np.ndarray) -> np.ndarray:
    """Sorted indices of the first occurrence of each distinct mask."""
    _, first = np.unique(_keys(masks), return_index=True)
    first.sort()
    return first


def complementary_pairs(mp: np.ndarray, mq: np.ndarray, L: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)`` with ``mp[i]`` and ``mq[j]`` complementary (disjoint, union all ``L``).

    For nondegenerate polytopes (every vertex has as many labels as its
    dimension), masks within each array are distinct and the completely
    labeled pairs are exactly these; found by sorting, in ``O(k log k)``.
    """
    want = _keys(mp ^ full_mask(L))
    have = _keys(mq)
    if not have.size:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    order = np.argsort(have)
    pos = np.searchsorted(have, want, sorter=order)
    pos[pos == have.size] = 0
    iq = order[pos]
    ip = np.flatnonzero(have[iq] == want)
    return ip, iq[ip]


def completely_labeled_pairs(
    mp: np.ndarray, mq: np.ndarray, L: int, chunk: int = 1 << 22
) -> tuple[np.ndarray, np.ndarray]:
    """All pairs ``(i, j)`` with ``mp[i] | mq[j]`` holding all ``L`` labels (degenerate case)."""
    full = full_mask(L)
    k2, words = mq.shape
    step = max(1, chunk // max(1, k2 * words))
    out_p, out_q = [], []
    for start in range(0, mp.shape[0], step):
        block = mp[start : start + step]
        ok = ((block[:, None, :] | mq[None, :, :]) == full).all(axis=2)
        i, j = np.nonzero(ok)
        out_p.append(i + start)
        out_q.append(j)
    if not out_p:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    return np.concatenate(out_p), np.concatenate(out_q)


#: An exact vertex: ``(u, det, labels)``, the vertex being ``u / det`` and
#: ``labels`` its label bit mask (a Python int).
ExactVertex = tuple[tuple[int, ...], int, int]


def exact_vertices(
    M: list[list[int]], nonneg_label: Sequence[int], row_label: Sequence[int]
) -> list[ExactVertex]:
    """Every vertex other than 0 of ``{z >= 0, M z <= 1}`` (``M``: positive ints, ``r x d``).

    ``nonneg_label[i]`` and ``row_label[j]`` are the global labels of the
    constraints ``z_i >= 0`` and ``(M z)_j <= 1``. Exact: see the module
    docstring.
    """
    r, d = len(M), len(M[0])
    rows = [[*M[j], *(int(k == j) for k in range(r)), 1] for j in range(r)]
    slacks = list(range(d, d + r))
    start = ExactTableau(rows, list(slacks), slacks)
    label_of = [*nonneg_label, *row_label]
    seen = {sum(1 << v for v in slacks)}
    stack = [start]
    out: dict[int, ExactVertex] = {}
    while stack:
        tab = stack.pop()
        basis, trows = tab.basis, tab.rows
        key = sum(1 << v for v in basis)
        mask = 0
        for v in range(d + r):
            if not key >> v & 1:
                mask |= 1 << label_of[v]
        for i, v in enumerate(basis):
            if trows[i][-1] == 0:
                mask |= 1 << label_of[v]
        if mask not in out:
            u = [0] * d
            for i, v in enumerate(basis):
                if v < d:
                    u[v] = trows[i][-1]
            if any(u):
                out[mask] = (tuple(u), tab.det, mask)
            else:
                out[mask] = ((), 0, mask)  # the vertex 0, left out below
        for q in range(d + r):
            if key >> q & 1:
                continue
            p = tab.leaving_row(q)
            if p is None:  # pragma: no cover - the polytope is bounded
                continue
            nxt = key ^ (1 << basis[p]) ^ (1 << q)
            if nxt in seen:
                continue
            seen.add(nxt)
            stack.append(tab.pivoted(p, q))
    return [v for v in out.values() if v[0]]
