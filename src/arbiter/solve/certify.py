"""Certification: the single gate through which solver output becomes a result.

Solvers produce *candidate* profiles. :func:`certified_set` computes each
candidate's maximum regret (exactly, for exact games), drops any candidate
whose regret is not zero (or, for float games, above the tolerance), merges
duplicates, orders the rest deterministically and packs them into an
:class:`~arbiter.solve.result.EquilibriumSet`. A rejected candidate is not
silently lost: the set's ``warnings`` say how many were rejected and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from arbiter.errors import InvalidArgumentError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.profiles import as_profile, expected_payoffs, max_regret
from arbiter.solve.result import Equilibrium, EquilibriumSet

__all__ = ["DEFAULT_TOLERANCE", "absolute_tolerance", "certified_set", "check_tolerance"]

#: Default relative regret tolerance for float games; it is scaled by the
#: largest absolute payoff (at least 1) to give the absolute tolerance.
DEFAULT_TOLERANCE = 1e-9


def check_tolerance(tol: Any) -> float:
    """Validate a ``tol`` keyword argument."""
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not (0 <= tol < 1):
        raise InvalidArgumentError(f"tol must be a number in [0, 1); got {tol!r}")
    return float(tol)


def absolute_tolerance(game: NormalFormGame, tol: float) -> float | None:
    """The absolute regret tolerance for ``game`` (``None`` for exact games)."""
    if game.kind != "float":
        return None
    scale = float(np.max(np.abs(game.payoffs))) if game.payoffs.size else 1.0
    return tol * max(1.0, scale)


def _order_key(eq: Equilibrium) -> tuple[float, ...]:
    return tuple(-float(v) for s in eq.strategies for v in s)


def _same(a: Equilibrium, b: Equilibrium, atol: float | None) -> bool:
    if atol is None:
        return a.strategies == b.strategies and a.condition == b.condition
    fa = np.concatenate([np.asarray(s, float) for s in a.strategies])
    fb = np.concatenate([np.asarray(s, float) for s in b.strategies])
    return bool(np.max(np.abs(fa - fb)) <= max(1e-7, 100 * atol))


def certified_set(
    game: NormalFormGame,
    candidates: Iterable[Sequence[Sequence[Any]]],
    *,
    method: str,
    tol: float = DEFAULT_TOLERANCE,
    degenerate: bool = False,
    complete: bool = True,
    warnings: Sequence[str] = (),
    conditions: Sequence[Any] | None = None,
) -> EquilibriumSet:
    """Certify candidate profiles and return the ones that are equilibria.

    ``conditions`` (symbolic games only) gives, per candidate, the condition
    on the parameters under which it is an equilibrium.
    """
    atol = absolute_tolerance(game, tol)
    kept: list[Equilibrium] = []
    rejected: list[Any] = []
    cands = list(candidates)
    conds = list(conditions) if conditions is not None else [None] * len(cands)
    for cand, cond in zip(cands, conds):
        profile = as_profile(game, cand, name="candidate")
        regret = max_regret(game, profile)
        if game.kind != "symbolic":
            ok = regret <= atol if atol is not None else regret == 0
            if not ok:
                rejected.append(regret)
                continue
        eq = Equilibrium(
            strategies=profile,
            payoffs=expected_payoffs(game, profile),
            regret=regret if atol is not None or game.kind == "symbolic" else Fraction(regret),
            players=game.players,
            actions=game.actions,
            condition=cond,
        )
        if any(_same(eq, other, atol) for other in kept):
            continue
        kept.append(eq)
    kept.sort(key=_order_key)
    notes = list(warnings)
    if rejected:
        worst = max(float(r) for r in rejected)
        notes.append(
            f"{len(rejected)} candidate profile(s) failed certification "
            f"(largest regret {worst:.3g}) and were dropped"
        )
    return EquilibriumSet(
        equilibria=tuple(kept),
        game=game,
        method=method,
        degenerate=degenerate,
        complete=complete and not rejected,
        tolerance=atol,
        warnings=tuple(notes),
    )
