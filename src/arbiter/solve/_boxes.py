r"""Exact exclusion of support systems by subdividing boxes (private).

A support system (see :mod:`arbiter.solve.support`) asks for a point
:math:`x` of unknown probabilities with

* every *equation* :math:`e(x) = 0` (indifference on the supports),
* every *form* :math:`f(x) > 0` (the probability of each support action),
* every *outside* polynomial :math:`g(x) \le 0` (no action off the support
  does better).

Each of these polynomials has degree at most one in every single unknown:
a monomial multiplies at most one probability of each player (player
:math:`p`'s equations never involve its own probabilities, and
:math:`\sigma_q(a^0_q) = 1 - \sum \dots` is affine). Such a *multilinear*
polynomial is affine along every edge direction of a box, so **its minimum
and maximum over a closed box are attained at vertices of the box**. A box
therefore contains no point of the system when, at all its vertices, some
equation is positive (or negative) everywhere, some form is :math:`\le 0`
everywhere, or some outside polynomial is :math:`> 0` everywhere.

:func:`excluded` starts from the unit box :math:`[0, 1]^m`, which holds every
probability vector, discards boxes by this rule and bisects the others
(along their widest side), within a budget of boxes. ``True`` is a proof that
the system has no solution: the support has no equilibrium and its
polynomial system need not be solved. ``False`` says nothing (the budget ran
out, or a solution exists). The arithmetic is exact: box corners are dyadic
rationals :math:`k / 2^D`, so every vertex value times :math:`2^{D d}`
(:math:`d` the largest degree) is an integer, computed in ``int64`` when a
bound on its size allows and in Python integers otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from math import lcm

import numpy as np

__all__ = ["excluded"]

#: Boxes examined per system at most (each costs ``2**m`` vertex evaluations).
BOX_BUDGET = 160


def _coefficients(
    polys: Sequence[Mapping[tuple[int, ...], Fraction]],
) -> tuple[list[tuple[int, ...]], list[list[int]]]:
    """The monomials used by ``polys`` and the integer coefficient rows (one per polynomial)."""
    monos = sorted({mono for poly in polys for mono in poly}, key=lambda k: (len(k), k))
    where = {mono: j for j, mono in enumerate(monos)}
    rows = []
    for poly in polys:
        # Fractions and ints alike have numerator and denominator (no conversion needed).
        den = lcm(*(c.denominator for c in poly.values()))
        row = [0] * len(monos)
        for mono, c in poly.items():
            row[where[mono]] = c.numerator * (den // c.denominator)  # times den > 0: same signs
        rows.append(row)
    return monos, rows


def excluded(
    m: int,
    equations: Sequence[Mapping[tuple[int, ...], Fraction]],
    forms: Sequence[Mapping[tuple[int, ...], Fraction]],
    outside: Sequence[Mapping[tuple[int, ...], Fraction]],
    *,
    budget: int = BOX_BUDGET,
) -> bool:
    """Whether the system provably has no solution in ``[0, 1]**m`` (see the module docstring).

    All polynomials must be multilinear (degree at most 1 in each unknown);
    monomials are sorted tuples of unknown indices, as in
    :mod:`arbiter.solve._polysystem`.

    >>> x, y = (0,), (1,)
    >>> # x*y = 1/2 and x + y <= 1/2 cannot both hold on the unit square ...
    >>> excluded(2, [{(0, 1): Fraction(1), (): Fraction(-1, 2)}], [],
    ...          [{x: Fraction(1), y: Fraction(1), (): Fraction(-1, 2)}])
    True
    >>> # ... but x*y = 1/8 and x + y <= 3/4 can (x = y = 1/(2*sqrt(2)))
    >>> excluded(2, [{(0, 1): Fraction(1), (): Fraction(-1, 8)}], [],
    ...          [{x: Fraction(1), y: Fraction(1), (): Fraction(-3, 4)}])
    False
    """
    if m == 0:
        return False
    polys = [*equations, *forms, *outside]
    for poly in polys:
        if any(len(set(mono)) != len(mono) for mono in poly):
            raise ValueError("excluded(): polynomials must be multilinear")
    n_eq, n_form = len(equations), len(forms)
    monos, rows = _coefficients(polys)
    degree = max((len(k) for k in monos), default=0)
    norm = max((sum(abs(c) for c in row) for row in rows), default=1)
    # vertex values are bounded by norm * 2**(D * degree); keep them below 2**62
    depth = 30 if degree == 0 else min(30, (62 - norm.bit_length()) // degree)
    exact_ints = depth >= 8
    if not exact_ints:
        depth = 30
    dtype = np.int64 if exact_ints else object
    coef = np.array(rows, dtype=dtype).T  # (monomials, polys)
    top = 1 << depth
    # monomials grouped by degree: (degree, positions in monos, their unknowns as a matrix)
    groups = []
    for d in range(degree + 1):
        pos = [j for j, k in enumerate(monos) if len(k) == d]
        if pos:
            unknowns = np.array([monos[j] for j in pos], dtype=np.intp).reshape(len(pos), d)
            groups.append((d, np.array(pos, dtype=np.intp), unknowns))
    bits = np.array(
        [[(v >> i) & 1 for i in range(m)] for v in range(1 << m)], dtype=bool
    )  # (vertices, m)
    lo = np.zeros((1, m), dtype=np.int64)
    hi = np.full((1, m), top, dtype=np.int64)
    seen = 0
    while len(lo):
        seen += len(lo)
        corners = np.where(bits[None, :, :], hi[:, None, :], lo[:, None, :])  # (B, V, m)
        if not exact_ints:
            corners = corners.astype(object)
        values = np.empty((*corners.shape[:2], len(monos)), dtype=dtype)
        for d, pos, unknowns in groups:
            # each monomial times 2**(depth * (degree - d)): all at the scale 2**(depth * degree)
            shift = 1 << (depth * (degree - d))
            if d == 0:
                values[:, :, pos] = shift
            else:
                values[:, :, pos] = corners[:, :, unknowns].prod(axis=3) * shift
        at = values @ coef  # (B, V, polys)
        pos, neg = at > 0, at < 0
        eq_pos = pos[:, :, :n_eq].all(axis=1).any(axis=1)
        eq_neg = neg[:, :, :n_eq].all(axis=1).any(axis=1)
        form_bad = (~pos[:, :, n_eq : n_eq + n_form]).all(axis=1).any(axis=1)
        out_bad = pos[:, :, n_eq + n_form :].all(axis=1).any(axis=1)
        keep = ~(eq_pos | eq_neg | form_bad | out_bad)
        lo, hi = lo[keep], hi[keep]
        if not len(lo):
            return True
        if seen + 2 * len(lo) > budget:
            return False
        width = hi - lo
        axis = width.argmax(axis=1)
        rows_ = np.arange(len(lo))
        if (width[rows_, axis] < 2).any():
            return False
        mid = (lo[rows_, axis] + hi[rows_, axis]) // 2
        lo2, hi2 = lo.copy(), hi.copy()
        hi[rows_, axis] = mid
        lo2[rows_, axis] = mid
        lo = np.concatenate([lo, lo2])
        hi = np.concatenate([hi, hi2])
    return True  # pragma: no cover - the loop returns
