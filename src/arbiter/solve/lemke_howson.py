r"""Lemke–Howson: one equilibrium per starting label of a two-player game, certified.

The algorithm of Lemke and Howson (1964), in the form of von Stengel,
"Computing equilibria for two-person games" (Handbook of Game Theory, vol. 3,
ch. 45, 2002), sections 3.4–3.6. With ``A`` and ``B`` the ``m x n`` payoff
matrices, mapped by positive affine maps to positive entries (equilibria do
not change), the best-response polytopes are

.. math::

    P = \{x \ge 0 : B^\top x \le 1\}, \qquad Q = \{y \ge 0 : A y \le 1\},

written with slacks as the two tableaux :math:`B^\top x + s = 1` and
:math:`r + A y = 1`. Labels ``0 .. m-1`` are the rows, ``m .. m+n-1`` the
columns: a variable's number *is* its label (``x_i`` and ``r_i`` carry label
``i``, ``s_j`` and ``y_j`` label ``m + j``), and a label is present when its
variable is nonbasic. Starting from the artificial equilibrium
:math:`(0, 0)`, the variable of the dropped label ``k`` enters; the variable
that leaves (minimum-ratio test) names the label that is now duplicate, and
its complement enters the other tableau; the path ends when the variable of
label ``k`` leaves, at a completely labeled pair :math:`(x, y) \ne (0, 0)`,
i.e. the equilibrium :math:`(x / \sum x, y / \sum y)`.

* Exact games: integer pivoting (:class:`~arbiter.solve._pivoting.ExactTableau`),
  no float anywhere; the probabilities are Fractions and the certificate is
  exactly 0.
* Float games: numpy pivoting (:class:`~arbiter.solve._pivoting.FloatTableau`),
  each result certified with the stated tolerance; a path whose end fails
  the certificate is re-run exactly on the rational values of the floats
  (``Fraction(float)`` is exact), so no starting label is given up.

Degenerate games are handled by the lexicographic minimum-ratio test
(the perturbation of the right-hand side, von Stengel 2002, section 3.6):
every path is well defined and ends at an equilibrium.

The ``m + n`` starting labels can lead to fewer distinct equilibria, and some
equilibria are found from no starting label (Shapley 1974); so the result is
never marked complete.

>>> from arbiter.games.normal_form import NormalFormGame
>>> g = NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]],
...                                [[3, 2], [2, 6], [3, 1]])
>>> eqs = lemke_howson(g)
>>> for eq in eqs:
...     print(" | ".join(" ".join(map(str, s)) for s in eq.strategies))
1 0 0 | 1 0
0 1/3 2/3 | 1/3 2/3
>>> eqs.max_regret, eqs.complete
(Fraction(0, 1), False)
>>> lemke_howson(g, label=0).max_regret        # one path only
Fraction(0, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import numpy as np

from arbiter.errors import InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.solve._exact import to_integer_matrix
from arbiter.solve._pivoting import ExactTableau, FloatTableau
from arbiter.solve._polytope import positive_payoffs
from arbiter.solve.certify import DEFAULT_TOLERANCE, certified_set, check_tolerance
from arbiter.solve.inputs import as_normal_form, require_numeric
from arbiter.solve.result import EquilibriumSet

__all__ = ["lemke_howson"]

METHOD = "lemke-howson"

#: Each path is stopped after this many pivots times ``m + n`` (never reached
#: with the lexicographic rule, which cannot cycle; a guard, not a limit).
_MAX_STEPS_FACTOR = 10_000


def lemke_howson(
    game: Any, *, label: int | None = None, tol: float = DEFAULT_TOLERANCE
) -> EquilibriumSet:
    """Equilibria of a two-player game found by Lemke–Howson, one path per starting label.

    Parameters
    ----------
    game:
        A numeric two-player
        :class:`~arbiter.games.normal_form.NormalFormGame` (or a game with
        ``to_normal_form()``).
    label:
        Follow only the path that drops this label (``0 .. m-1``: the row
        player's actions, ``m .. m+n-1``: the column player's); by default
        every label is tried and the distinct equilibria returned.
    tol:
        Relative regret tolerance for float games (exact games: regret 0).

    Returns
    -------
    EquilibriumSet
        ``method="lemke-howson"``, ``complete=False`` (a subset of the
        equilibria), every member certified.
    """
    tol = check_tolerance(tol)
    game = as_normal_form(game, "lemke_howson")
    if game.n_players != 2:
        raise NotSupportedError(
            f"lemke_howson() handles two-player games; this game has {game.n_players} players"
        )
    require_numeric(game, "lemke_howson")
    m, n = game.shape
    if label is None:
        labels: Iterable[int] = range(m + n)
    elif isinstance(label, bool) or not isinstance(label, (int, np.integer)):
        raise InvalidArgumentError(f"lemke_howson(): label must be an int; got {label!r}")
    elif not 0 <= label < m + n:
        raise InvalidArgumentError(
            f"lemke_howson(): label must be in 0..{m + n - 1} (m + n - 1); got {label}"
        )
    else:
        labels = (int(label),)
    labels = list(labels)
    if game.kind == "exact":
        A = to_integer_matrix([list(r) for r in game.payoffs[0]])
        B = to_integer_matrix([list(r) for r in game.payoffs[1]])
        candidates = [_normalised(*_path(_exact_tableaux(A, B), k)) for k in labels]
        return certified_set(game, candidates, method=METHOD, complete=False)
    if game.kind != "float":
        game = NormalFormGame(game.as_float(), game.players, game.actions)
    return _solve_float(game, labels, tol)


def _solve_float(game: NormalFormGame, labels: list[int], tol: float) -> EquilibriumSet:
    A, B = positive_payoffs(game.payoffs[0]), positive_payoffs(game.payoffs[1])
    first = certified_set(
        game,
        [_normalised(*_clipped(_path(_float_tableaux(A, B), k))) for k in labels],
        method=METHOD,
        tol=tol,
        complete=False,
    )
    if not any("failed certification" in w for w in first.warnings):
        return first
    # Rounding spoilt a path: re-run every label exactly on the floats' exact values.
    exact = [[[Fraction(v) for v in row] for row in M] for M in game.payoffs.tolist()]
    Ai, Bi = to_integer_matrix(exact[0]), to_integer_matrix(exact[1])
    candidates = []
    for k in labels:
        x, y = _normalised(*_path(_exact_tableaux(Ai, Bi), k))
        candidates.append((tuple(map(float, x)), tuple(map(float, y))))
    return certified_set(
        game,
        candidates,
        method=METHOD,
        tol=tol,
        complete=False,
        warnings=("float pivoting failed the certificate; the paths were followed exactly",),
    )


def _exact_tableaux(A: list[list[int]], B: list[list[int]]) -> tuple[ExactTableau, ExactTableau]:
    """``B^T x + s = 1`` (variables ``x``: 0..m-1, ``s``: m..m+n-1) and ``r + A y = 1``."""
    m, n = len(A), len(A[0])
    L = m + n
    tp = [[*(B[i][j] for i in range(m)), *(int(k == j) for k in range(n)), 1] for j in range(n)]
    tq = [[*(int(k == i) for k in range(m)), *A[i], 1] for i in range(m)]
    return (
        ExactTableau(tp, list(range(m, L)), range(m, L)),
        ExactTableau(tq, list(range(m)), range(m)),
    )


def _float_tableaux(A: np.ndarray, B: np.ndarray) -> tuple[FloatTableau, FloatTableau]:
    m, n = A.shape
    L = m + n
    tp = np.hstack([B.T, np.eye(n), np.ones((n, 1))])
    tq = np.hstack([np.eye(m), A, np.ones((m, 1))])
    return (
        FloatTableau(tp, list(range(m, L)), range(m, L)),
        FloatTableau(tq, list(range(m)), range(m)),
    )


def _path(tableaux: tuple[Any, Any], k: int) -> tuple[list[Any], list[Any]]:
    """Follow the path that drops label ``k``; the end's unnormalised ``(x, y)``."""
    tp, tq = tableaux
    m = len(tq.basis)
    n = len(tp.basis)
    entering = k
    tab = tp if k < m else tq
    for _ in range(_MAX_STEPS_FACTOR * (m + n)):
        row = tab.leaving_row(entering)
        if row is None:  # pragma: no cover - the polytopes are bounded
            raise RuntimeError("Lemke-Howson: unbounded edge (the payoffs were not positive)")
        leaving = tab.basis[row]
        tab.pivot(row, entering)
        if leaving == k:
            break
        entering = leaving
        tab = tq if tab is tp else tp
    else:  # pragma: no cover - the lexicographic rule cannot cycle
        raise RuntimeError("Lemke-Howson: no end after the step limit")
    x = tp.values(range(m))
    y = tq.values(range(m, m + n))
    return x, y


def _clipped(xy: tuple[list[float], list[float]]) -> tuple[list[float], list[float]]:
    return [max(v, 0.0) for v in xy[0]], [max(v, 0.0) for v in xy[1]]


def _normalised(x: list[Any], y: list[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    sx, sy = sum(x), sum(y)
    return tuple(v / sx for v in x), tuple(v / sy for v in y)
