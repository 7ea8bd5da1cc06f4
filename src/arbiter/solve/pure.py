"""Pure-strategy Nash equilibria of n-player normal-form games.

A pure profile :math:`a` is an equilibrium when every player's action is a
best response: :math:`u_p(a) \\ge u_p(b, a_{-p})` for all :math:`p` and
:math:`b`. For numeric games this is decided for all profiles at once with
numpy (one ``max`` along each player's axis); for symbolic games each
profile comes with the exact :class:`~arbiter.conditions.Condition` on the
parameters under which it is an equilibrium (profiles whose condition is
empty are dropped).

>>> from arbiter.games.normal_form import NormalFormGame
>>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                 actions=(("C", "D"), ("C", "D")))
>>> [e.pure_profile for e in pure_equilibria(pd)]
[('D', 'D')]
"""

from __future__ import annotations

from itertools import product
from typing import Any

import numpy as np
import sympy

from arbiter.conditions import Condition
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import SequentialGame
from arbiter.solve.certify import (
    DEFAULT_TOLERANCE,
    absolute_tolerance,
    certified_set,
    check_tolerance,
)
from arbiter.solve.inputs import as_normal_form
from arbiter.solve.result import EquilibriumSet
from arbiter.solve.tree_outcomes import with_outcomes

__all__ = ["pure_condition", "pure_equilibria"]


def _pure_vectors(game: NormalFormGame, profile: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(int(j == a) for j in range(k)) for a, k in zip(profile, game.shape))


def _numeric_mask(game: NormalFormGame, atol: float | None) -> np.ndarray:
    payoffs = game.payoffs
    mask = np.ones(game.shape, dtype=bool)
    for p in range(game.n_players):
        u = payoffs[p]
        best = u.max(axis=p, keepdims=True)
        if atol is None:
            mask &= u == best
        else:
            mask &= u >= best - atol
    return mask


def pure_condition(game: NormalFormGame, profile: tuple[int, ...]) -> Any:
    """Whether the pure ``profile`` (action indices) is a Nash equilibrium of ``game``.

    Exact: a bool for numeric games (no tolerance), the simplified sympy
    condition on the parameters for symbolic ones.
    """
    terms = []
    for p in range(game.n_players):
        here = game.payoffs[(p, *profile)]
        for b in range(game.shape[p]):
            if b == profile[p]:
                continue
            dev = list(profile)
            dev[p] = b
            other = game.payoffs[(p, *dev)]
            if game.kind != "symbolic":
                if here < other:
                    return False
                continue
            terms.append(sympy.Ge(here, other))
    if game.kind != "symbolic":
        return True
    cond = sympy.And(*terms)
    if cond not in (sympy.true, sympy.false):
        cond = sympy.simplify(cond)
    return cond


def pure_equilibria(game: Any, *, tol: float = DEFAULT_TOLERANCE) -> EquilibriumSet:
    """All pure-strategy Nash equilibria of ``game``.

    Parameters
    ----------
    game:
        A :class:`~arbiter.games.normal_form.NormalFormGame` (or any game with
        ``to_normal_form()``), with any number of players. Symbolic games are
        allowed: each equilibrium then carries its ``condition``, a
        :class:`~arbiter.conditions.Condition` on the parameters (within
        their signs: a parameter declared non-negative stays so).
    tol:
        Relative regret tolerance for float games (scaled by the largest
        absolute payoff); ignored for exact and symbolic games.
    """
    tol = check_tolerance(tol)
    tree = game if isinstance(game, SequentialGame) else None
    game = as_normal_form(game, "pure_equilibria")
    if game.kind == "symbolic":
        candidates, conditions = [], []
        symbols = sorted(game.parameters, key=lambda x: x.name)
        for profile in product(*(range(k) for k in game.shape)):
            cond = Condition.from_sympy(pure_condition(game, profile), symbols)
            if cond.is_empty():
                continue
            candidates.append(_pure_vectors(game, profile))
            conditions.append(cond)
        result = certified_set(game, candidates, method="pure-enumeration", conditions=conditions)
    else:
        mask = _numeric_mask(game, absolute_tolerance(game, tol))
        candidates = [_pure_vectors(game, tuple(int(i) for i in idx)) for idx in np.argwhere(mask)]
        result = certified_set(game, candidates, method="pure-enumeration", tol=tol)
    return result if tree is None else with_outcomes(tree, result)
