"""Small dense linear programs, solved by HiGHS directly (one solver object per thread).

The exact conditions ask thousands of tiny questions (a dozen variables, a
few dozen rows) and each is answered by one LP whose solution floating point
only *proposes*: the callers check every certificate in exact arithmetic.
For LPs this small, ``scipy.optimize.linprog`` spends most of its time
checking and converting its arguments; calling the HiGHS solver object that
scipy itself wraps (``scipy.optimize._highspy._core``, present since scipy
1.13) with presolve off is about four times faster per call
(``benchmarks/bench_conditions.py --lp`` measures both on the same LPs).
That module is private to scipy: where it is missing or has changed shape,
``scipy.optimize.linprog`` answers instead (the same solver, slower).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

try:
    from scipy.optimize._highspy import _core as _highs

    _highs.kHighsInf, _highs.HighsLp, _highs.MatrixFormat.kRowwise, _highs._Highs  # noqa: B018
except (ImportError, AttributeError):  # pragma: no cover - older or reshaped scipy
    _highs = None

__all__ = ["BACKEND", "solve"]

#: ``"highs"`` (scipy's HiGHS object, called directly) or ``"linprog"``: who answers :func:`solve`.
BACKEND = "highs" if _highs is not None else "linprog"

_local = threading.local()


def solve(
    c: np.ndarray,
    a_ub: np.ndarray | None,
    b_ub: np.ndarray | None,
    a_eq: np.ndarray | None = None,
    b_eq: np.ndarray | None = None,
    bounds: Sequence[tuple[float | None, float | None]] | None = None,
    *,
    backend: str | None = None,
) -> np.ndarray | None:
    """Minimise ``c @ x`` under ``a_ub @ x <= b_ub``, ``a_eq @ x == b_eq``; ``None`` if no optimum.

    ``bounds`` is one ``(low, high)`` per variable (``None`` for unbounded);
    without it every variable is ``>= 0`` (as in ``scipy.optimize.linprog``).
    """
    n = len(c)
    if bounds is None:
        bounds = [(0.0, None)] * n
    if (backend or BACKEND) == "linprog":
        return _linprog(c, a_ub, b_ub, a_eq, b_eq, bounds)
    h = getattr(_local, "highs", None)
    if h is None:
        h = _local.highs = _highs._Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")
    inf = _highs.kHighsInf
    rows = [m for m in (a_ub, a_eq) if m is not None and len(m)]
    a = np.vstack(rows) if rows else np.zeros((0, n))
    n_ub = 0 if a_ub is None else len(a_ub)
    lower = np.concatenate(
        [np.full(n_ub, -inf), np.zeros(0) if a_eq is None else np.asarray(b_eq, dtype=float)]
    )
    upper = np.concatenate(
        [
            np.zeros(0) if a_ub is None else np.asarray(b_ub, dtype=float),
            np.zeros(0) if a_eq is None else np.asarray(b_eq, dtype=float),
        ]
    )
    lp = _highs.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(a)
    lp.col_cost_ = np.asarray(c, dtype=float)
    lp.col_lower_ = np.array([-inf if lo is None else lo for lo, _ in bounds], dtype=float)
    lp.col_upper_ = np.array([inf if hi is None else hi for _, hi in bounds], dtype=float)
    lp.row_lower_ = lower
    lp.row_upper_ = upper
    nz = a != 0
    matrix = lp.a_matrix_
    matrix.format_ = _highs.MatrixFormat.kRowwise
    matrix.start_ = np.concatenate([[0], np.cumsum(nz.sum(axis=1))]).astype(np.int32)
    matrix.index_ = np.nonzero(nz)[1].astype(np.int32)
    matrix.value_ = a[nz]
    h.clearModel()
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != _highs.HighsModelStatus.kOptimal:
        return None
    return np.array(h.getSolution().col_value, dtype=float)


def _linprog(c, a_ub, b_ub, a_eq, b_eq, bounds) -> np.ndarray | None:
    from scipy.optimize import linprog

    res = linprog(
        c,
        A_ub=a_ub if a_ub is not None and len(a_ub) else None,
        b_ub=b_ub if a_ub is not None and len(a_ub) else None,
        A_eq=a_eq if a_eq is not None and len(a_eq) else None,
        b_eq=b_eq if a_eq is not None and len(a_eq) else None,
        bounds=bounds,
        method="highs",
    )
    return None if res.status != 0 else np.asarray(res.x, dtype=float)
