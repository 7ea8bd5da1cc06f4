r"""Exact linear algebra for vertex enumeration: integer systems with rational solutions.

Private. A system is an integer matrix ``M`` (``r x s``, given as a list of
rows of Python ints) and an integer right-hand side ``b``. A solution is
returned as ``(u, D)``: a list of ints and a positive int, the solution being
``u / D`` (one common denominator, so that callers can keep checking
constraints in integer arithmetic).

:func:`solve_consistent` accepts square and overdetermined systems
(``r >= s``) and returns the unique solution when ``M`` has rank ``s`` and
the system is consistent, ``None`` otherwise. It uses python-flint's
fraction-free reduced row echelon form (``fmpz_mat.rref``) when python-flint
is importable; otherwise a pure-Python fraction-free (Bareiss) elimination
gives the same answer. python-flint is optional: ``_flint`` is ``None``
without it, and tests set it to ``None`` to exercise the fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import gcd, lcm
from types import ModuleType

__all__ = ["independent_rows", "solve_consistent", "to_integer_matrix"]

_flint: ModuleType | None
try:  # pragma: no cover - depends on the environment
    import flint as _flint
except ImportError:  # pragma: no cover
    _flint = None


def to_integer_matrix(entries: Sequence[Sequence[Fraction]]) -> list[list[int]]:
    """The matrix mapped by a positive affine map to positive integers.

    ``(U - min U) * L + 1`` with ``L`` the lcm of the denominators of ``U``:
    every entry is an int >= 1, and best responses (hence equilibria) are
    unchanged.

    >>> to_integer_matrix([[Fraction(1, 2), Fraction(-1, 3)], [Fraction(0), Fraction(2)]])
    [[6, 1], [3, 15]]
    """
    den = lcm(*(v.denominator for row in entries for v in row))
    scaled = [[v.numerator * (den // v.denominator) for v in row] for row in entries]
    lo = min(min(row) for row in scaled)
    return [[v - lo + 1 for v in row] for row in scaled]


def _normalise(u: list[int], den: int) -> tuple[list[int], int]:
    if den < 0:
        u, den = [-v for v in u], -den
    g = gcd(den, *u)
    if g > 1:
        u, den = [v // g for v in u], den // g
    return u, den


def _solve_flint(M: Sequence[Sequence[int]], b: Sequence[int]) -> tuple[list[int], int] | None:
    assert _flint is not None
    s = len(M[0])
    aug = _flint.fmpz_mat([[*row, rhs] for row, rhs in zip(M, b)])
    R, den, rank = aug.rref()
    if rank != s or R[s - 1, s - 1] == 0:
        return None  # rank deficient, or a pivot in the right-hand side column
    return _normalise([int(R[i, s]) for i in range(s)], int(den))


def _solve_python(M: Sequence[Sequence[int]], b: Sequence[int]) -> tuple[list[int], int] | None:
    """Bareiss fraction-free elimination to echelon form, then back substitution."""
    s = len(M[0])
    rows = [[*row, rhs] for row, rhs in zip(M, b)]
    r = len(rows)
    prev = 1
    for col in range(s):
        piv = next((i for i in range(col, r) if rows[i][col] != 0), None)
        if piv is None:
            return None  # rank deficient
        rows[col], rows[piv] = rows[piv], rows[col]
        p = rows[col]
        pc = p[col]
        for i in range(col + 1, r):
            row = rows[i]
            f = row[col]
            rows[i] = [(pc * row[k] - f * p[k]) // prev for k in range(s + 1)]
        prev = pc
    if any(rows[i][s] != 0 for i in range(s, r)):
        return None  # inconsistent
    x: list[Fraction] = [Fraction(0)] * s
    for i in range(s - 1, -1, -1):
        row = rows[i]
        acc = Fraction(row[s]) - sum(row[k] * x[k] for k in range(i + 1, s))
        x[i] = acc / row[i]
    den = lcm(*(v.denominator for v in x))
    return _normalise([v.numerator * (den // v.denominator) for v in x], den)


def solve_consistent(M: Sequence[Sequence[int]], b: Sequence[int]) -> tuple[list[int], int] | None:
    """The unique solution ``u / D`` of ``M z = b`` (``M``: ``r x s``, ``r >= s``), or ``None``.

    ``None`` means the system has no solution or more than one (rank of
    ``M`` below ``s``).

    >>> solve_consistent([[2, 1], [1, 3], [3, 4]], [1, 1, 2])
    ([2, 1], 5)
    >>> solve_consistent([[2, 1], [1, 3], [3, 4]], [1, 1, 1]) is None
    True
    """
    if not M or len(M) < len(M[0]):
        return None
    if _flint is not None:
        return _solve_flint(M, b)
    return _solve_python(M, b)


def _rank(rows: list[list[int]]) -> int:
    if _flint is not None:
        return int(_flint.fmpz_mat(rows).rank())
    work = [list(r) for r in rows]
    rank, ncols = 0, len(work[0])
    for col in range(ncols):
        piv = next((i for i in range(rank, len(work)) if work[i][col] != 0), None)
        if piv is None:
            continue
        work[rank], work[piv] = work[piv], work[rank]
        p = work[rank]
        for i in range(rank + 1, len(work)):
            f = work[i][col]
            if f:
                work[i] = [p[col] * work[i][k] - f * p[k] for k in range(ncols)]
        rank += 1
    return rank


def independent_rows(M: Sequence[Sequence[int]], order: Sequence[int]) -> list[int]:
    """Rows of ``M`` taken greedily in ``order`` while they raise the rank (at most ``s``)."""
    s = len(M[0])
    chosen: list[int] = []
    for i in order:
        if _rank([list(M[j]) for j in (*chosen, i)]) > len(chosen):
            chosen.append(i)
            if len(chosen) == s:
                break
    return chosen
