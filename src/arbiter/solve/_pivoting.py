r"""Private pivoting kernel: tableaux with the lexicographic minimum-ratio test.

Shared by exact vertex enumeration (:mod:`arbiter.solve._polytope`),
Lemke–Howson (:mod:`arbiter.solve.lemke_howson`) and Lemke's algorithm on the
sequence form (:mod:`arbiter.solve.sequence_form`).

A tableau is a system of ``r`` equations in variables ``0 .. v-1`` with one
*basic* variable per row, stored as ``r`` rows of ``v + 1`` numbers (the last
is the right-hand side).

:class:`ExactTableau` is *integer pivoting* (Edmonds 1967; von Stengel,
"Computing equilibria for two-person games", Handbook of Game Theory vol. 3,
2002, section 3.5): the rows are Python ints, equal to the true tableau times
the determinant ``det`` of the current basis, and a pivot on entry
``(p, q)`` updates every other row ``i`` by

.. math:: T_i \leftarrow (T_i\, T_{pq} - T_{iq}\, T_p) / \mathrm{det},

a division that is always exact. No Fraction is built and no gcd taken; the
entries stay bounded by subdeterminants of the input.

:class:`FloatTableau` is the same in numpy floats (rows divided by the
pivot), for float input; its results are certified by the caller.

**The lexicographic rule.** ``lex`` names the variables whose original
columns form the identity (slacks); in the current tableau their columns are
the basis inverse. Among the rows with a positive entry in the entering
column, the leaving row minimises the vector ``(rhs, lex columns) / entry``
lexicographically. Rows of the basis inverse are linearly independent, so
there is never a tie: this is the symbolic perturbation of the right-hand
side by :math:`(\varepsilon, \varepsilon^2, \dots)`, which makes every
degenerate problem nondegenerate (no cycling, and in complementary pivoting
a unique path).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

__all__ = ["ExactTableau", "FloatTableau"]


class ExactTableau:
    """An integer tableau: ``rows[i]`` (last entry: right-hand side) times ``1 / det``.

    ``basis[i]`` is the basic variable of row ``i``; ``where`` maps a basic
    variable to its row.
    """

    __slots__ = ("basis", "det", "lex", "rows", "where")

    def __init__(
        self, rows: list[list[int]], basis: list[int], lex: Sequence[int], det: int = 1
    ) -> None:
        self.rows = rows
        self.basis = basis
        self.lex = tuple(lex)
        self.det = det
        self.where = {v: i for i, v in enumerate(basis)}

    def copy(self) -> ExactTableau:
        return ExactTableau([list(r) for r in self.rows], list(self.basis), self.lex, self.det)

    def negate_row(self, p: int) -> None:
        """Multiply row ``p`` by -1 (before a pivot on a negative entry of it)."""
        self.rows[p] = [-v for v in self.rows[p]]

    def pivot(self, p: int, q: int) -> None:
        """Variable ``q`` enters in row ``p`` (``rows[p][q]`` must be positive)."""
        self.rows = self._pivoted_rows(p, q)
        self.det = self.rows[p][q]
        del self.where[self.basis[p]]
        self.basis[p] = q
        self.where[q] = p

    def pivoted(self, p: int, q: int) -> ExactTableau:
        """A new tableau: this one after :meth:`pivot` ``(p, q)`` (this one unchanged)."""
        basis = list(self.basis)
        basis[p] = q
        rows = self._pivoted_rows(p, q)
        return ExactTableau(rows, basis, self.lex, rows[p][q])

    def _pivoted_rows(self, p: int, q: int) -> list[list[int]]:
        rows = self.rows
        prow = rows[p]
        pq = prow[q]
        det = self.det
        out = []
        for i, row in enumerate(rows):
            f = row[q]
            if i == p:
                out.append(row)
            elif f == 0:
                out.append(row if pq == det else [v * pq // det for v in row])
            else:
                out.append([(v * pq - f * w) // det for v, w in zip(row, prow)])
        return out

    def leaving_row(self, q: int) -> int | None:
        """The lexicographic minimum-ratio row for entering variable ``q`` (``None``: a ray)."""
        best = self._lex_min_ratio(q, 1)
        return None if best < 0 else best

    def first_row(self, q: int) -> int:
        """Lemke's first pivot: the row that makes the most negative ``rhs / -entry`` feasible.

        The rows with a negative entry in column ``q`` are compared by
        ``(rhs, lex columns) / (-entry)``, the lexicographic minimum wins.
        """
        return self._lex_min_ratio(q, -1)

    def _lex_min_ratio(self, q: int, sign: int) -> int:
        """Among rows with ``sign * entry > 0`` in column ``q``, the lexicographic minimum of
        ``(rhs, lex columns) / (sign * entry)``; ``-1`` if there is none."""
        rows = self.rows
        best = -1
        bq = 0
        for i, row in enumerate(rows):
            a = sign * row[q]
            if a <= 0:
                continue
            if best < 0:
                best, bq = i, a
                continue
            brow = rows[best]
            c = row[-1] * bq - brow[-1] * a
            if c == 0:
                for col in self.lex:
                    c = row[col] * bq - brow[col] * a
                    if c:
                        break
            if c < 0:
                best, bq = i, a
        return best

    def value(self, var: int) -> Fraction:
        """The value of ``var`` in the current basic solution (0 if nonbasic)."""
        i = self.where.get(var)
        if i is None:
            return Fraction(0)
        return Fraction(self.rows[i][-1], self.det)

    def values(self, variables: Sequence[int]) -> list[Fraction]:
        return [self.value(v) for v in variables]


class FloatTableau:
    """The float counterpart of :class:`ExactTableau` (rows normalised, ``det`` unused).

    Entries within ``eps`` (relative to the column's largest) of zero count
    as zero in the ratio test; lexicographic ties are decided within ``eps``
    too.
    """

    __slots__ = ("basis", "eps", "lex", "rows", "where")

    def __init__(
        self, rows: np.ndarray, basis: list[int], lex: Sequence[int], eps: float = 1e-12
    ) -> None:
        self.rows = np.array(rows, dtype=np.float64)
        self.basis = basis
        self.lex = np.asarray(lex, dtype=np.intp)
        self.eps = eps
        self.where = {v: i for i, v in enumerate(basis)}

    def copy(self) -> FloatTableau:
        return FloatTableau(self.rows.copy(), list(self.basis), self.lex, self.eps)

    def negate_row(self, p: int) -> None:
        self.rows[p] *= -1.0

    def pivot(self, p: int, q: int) -> None:
        rows = self.rows
        prow = rows[p] / rows[p, q]
        col = rows[:, q].copy()
        col[p] = 0.0
        rows -= np.outer(col, prow)
        rows[p] = prow
        rows[:, q] = 0.0
        rows[p, q] = 1.0
        del self.where[self.basis[p]]
        self.basis[p] = q
        self.where[q] = p

    def _lexmin(self, cand: np.ndarray, denom: np.ndarray) -> int:
        rows, eps = self.rows, self.eps
        ratios = rows[cand, -1] / denom
        scale = max(1.0, float(np.abs(ratios).max()))
        keep = ratios <= ratios.min() + eps * scale
        if keep.sum() == 1:
            return int(cand[np.argmax(keep)])
        cand, denom = cand[keep], denom[keep]
        R = rows[cand][:, self.lex] / denom[:, None]
        idx = np.arange(cand.size)
        start = 0
        while idx.size > 1 and start < R.shape[1]:
            sub = R[idx, start:]
            lo, hi = sub.min(axis=0), sub.max(axis=0)
            tol = eps * np.maximum(1.0, np.maximum(np.abs(lo), np.abs(hi)))
            differ = np.flatnonzero(hi - lo > tol)
            if not differ.size:
                break
            j = differ[0]
            idx = idx[sub[:, j] <= lo[j] + tol[j]]
            start += j + 1
        return int(cand[idx[0]])

    def leaving_row(self, q: int) -> int | None:
        column = self.rows[:, q]
        tiny = self.eps * max(1.0, float(np.abs(column).max()))
        cand = np.flatnonzero(column > tiny)
        if not cand.size:
            return None
        return self._lexmin(cand, column[cand])

    def first_row(self, q: int) -> int:
        column = -self.rows[:, q]
        cand = np.flatnonzero(column > 0)
        return self._lexmin(cand, column[cand])

    def value(self, var: int) -> float:
        i = self.where.get(var)
        return 0.0 if i is None else float(self.rows[i, -1])

    def values(self, variables: Sequence[int]) -> list[float]:
        return [self.value(v) for v in variables]
