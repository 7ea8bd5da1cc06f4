r"""Certification: the single gate through which solver output becomes a result.

Solvers produce *candidate* profiles. :func:`certified_set` computes each
candidate's maximum regret (exactly, for exact games), drops any candidate
whose regret is not zero (or, for float games, above the tolerance), merges
duplicates, orders the rest deterministically and packs them into an
:class:`~arbiter.solve.result.EquilibriumSet`. A rejected candidate is not
silently lost: the set's ``warnings`` say how many were rejected and why.

Exact candidates may come as :class:`FieldProfile` values: probabilities that
are elements of one exact real field (the rationals, or a number field
:math:`\mathbb{Q}(r)` as held by :mod:`arbiter.solve._polysystem`). They are
certified in that field, from the game's payoff array: every action value
:math:`u_p(b, \sigma_{-p})`, every expected payoff and every gain
:math:`u_p(b, \sigma_{-p}) - u_p(\sigma)` is computed by exact field
arithmetic and its sign decided exactly, so no sympy simplification of
nested radicals or ``CRootOf`` expressions is needed. The result's numbers
are the images of those field elements under :math:`r \mapsto` its exact
sympy value (a radical, or ``CRootOf``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from math import lcm
from typing import Any

import numpy as np

from arbiter.errors import InvalidArgumentError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.profiles import as_profile, expected_payoffs, max_regret
from arbiter.solve.result import Equilibrium, EquilibriumSet

__all__ = [
    "DEFAULT_TOLERANCE",
    "DUPLICATE_TOLERANCE",
    "FieldProfile",
    "absolute_tolerance",
    "certified_set",
    "check_tolerance",
]

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


#: Two float equilibria whose probabilities all differ by less than this are one.
DUPLICATE_TOLERANCE = 1e-8


def _distinct(accepted: list[Any], atol: float | None) -> tuple[list[Any], int]:
    """Drop repeated profiles: exact ones by equality, float ones within
    :data:`DUPLICATE_TOLERANCE` (probabilities do not scale with payoffs).

    Returns the distinct profiles and how many of the dropped ones were not
    identical to the one kept (so that near-duplicates are reported).
    """
    if atol is None:
        seen: dict[Any, Any] = {}
        for item in accepted:
            seen.setdefault((item[0], item[3]), item)
        return list(seen.values()), 0
    if len(accepted) < 2:
        return accepted, 0
    flat = np.array([[v for s in item[0] for v in s] for item in accepted], dtype=float)
    gap = np.abs(flat[:, None, :] - flat[None, :, :]).max(axis=2)
    close = gap <= DUPLICATE_TOLERANCE
    keep = [i for i in range(len(accepted)) if not close[i, :i].any()]
    merged = sum(
        1 for i in range(len(accepted)) if i not in keep and gap[i, :i][close[i, :i]].max() > 1e-12
    )
    return [accepted[i] for i in keep], merged


def _integer_matrix(matrix: np.ndarray) -> tuple[list[list[int]], int]:
    """A Fraction matrix as integers over one common denominator."""
    den = 1
    for v in matrix.ravel():
        den = lcm(den, v.denominator)
    return [[v.numerator * (den // v.denominator) for v in row] for row in matrix], den


def _integer_vector(vec: tuple[Fraction, ...]) -> tuple[list[int], int]:
    den = 1
    for v in vec:
        den = lcm(den, v.denominator)
    return [v.numerator * (den // v.denominator) for v in vec], den


def _bimatrix_exact(
    game: NormalFormGame, cands: list[Any]
) -> list[tuple[Any, tuple[Fraction, Fraction], Fraction]]:
    """Certify exact two-player candidates with integer arithmetic (same result as ``_one``)."""
    (A, dA), (B, dB) = _integer_matrix(game.payoffs[0]), _integer_matrix(game.payoffs[1])
    m, n = game.shape
    out = []
    for cand in cands:
        profile = as_profile(game, cand, name="candidate")
        if not all(isinstance(v, Fraction) for s in profile for v in s):
            out.append(_one(game, profile))
            continue
        (x, dx), (y, dy) = _integer_vector(profile[0]), _integer_vector(profile[1])
        ay = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]  # A y * dA * dy
        xb = [sum(x[i] * B[i][j] for i in range(m)) for j in range(n)]  # x B * dB * dx
        xay = sum(x[i] * ay[i] for i in range(m))
        xby = sum(xb[j] * y[j] for j in range(n))
        regret = max(
            Fraction(max(ay) * dx - xay, dA * dy * dx),
            Fraction(max(xb) * dy - xby, dB * dx * dy),
            Fraction(0),
        )
        payoffs = (Fraction(xay, dA * dy * dx), Fraction(xby, dB * dx * dy))
        out.append((profile, payoffs, regret))
    return out


@dataclass(frozen=True)
class FieldProfile:
    """A mixed profile whose probabilities are elements of one exact real field.

    ``field`` is :data:`arbiter.solve._polysystem.RATIONAL` (elements are
    Fractions) or an :class:`arbiter.solve._polysystem.AlgebraicField`;
    ``vectors`` holds one tuple of field elements per player, one per action
    (zeros included). :func:`certified_set` certifies such candidates in the
    field itself (see the module docstring).
    """

    field: Any
    vectors: tuple[tuple[Any, ...], ...]


def _exact_number(fld: Any, value: Any) -> Any:
    """A field element as a Fraction, or as an exact sympy number in the canonical form of
    :func:`arbiter.games.profiles.as_profile` (the field writes it so)."""
    return fld.to_exact(value)


def _one_field(game: NormalFormGame, cand: FieldProfile) -> tuple[Any, tuple[Any, ...], Any]:
    """Certify an exact game's candidate in its field: (profile, payoffs, regret)."""
    fld, vecs = cand.field, cand.vectors
    zero = fld.const(Fraction(0))
    if len(vecs) != game.n_players:
        raise InvalidArgumentError(
            f"candidate must give one strategy per player ({game.n_players}); got {len(vecs)}"
        )
    supports = []
    for p, vec in enumerate(vecs):
        signs = [fld.sign(v) for v in vec]
        total = zero
        for v in vec:
            total = fld.add(total, v)
        if (
            len(vec) != game.shape[p]
            or min(signs) < 0
            or fld.sign(fld.add(total, fld.const(Fraction(-1)))) != 0
        ):
            raise InvalidArgumentError(
                f"candidate[{p}] ({game.players[p]!r}) must be a probability distribution over "
                f"its {game.shape[p]} actions; got {[fld.to_float(v) for v in vec]}"
            )
        supports.append([a for a, s in enumerate(signs) if s > 0])
    payoffs = []
    regret: Any = Fraction(0)
    worst = None
    for p in range(game.n_players):
        others = [q for q in range(game.n_players) if q != p]
        cells = []
        for combo in product(*(supports[q] for q in others)):
            w = None
            for q, a in zip(others, combo):
                w = vecs[q][a] if w is None else fld.mul(w, vecs[q][a])
            cells.append((combo, w if w is not None else fld.const(Fraction(1))))
        values = []
        for b in range(game.shape[p]):
            total = zero
            for combo, w in cells:
                index = [0] * game.n_players
                index[p] = b
                for q, a in zip(others, combo):
                    index[q] = a
                c = game.payoffs[(p, *index)]
                if c != 0:
                    total = fld.add(total, fld.scale(w, Fraction(c)))
            values.append(total)
        mine = zero
        for a in supports[p]:
            mine = fld.add(mine, fld.mul(vecs[p][a], values[a]))
        payoffs.append(mine)
        minus = fld.scale(mine, Fraction(-1))
        for v in values:
            gain = fld.add(v, minus)
            if fld.sign(gain) <= 0:
                continue
            if worst is None or fld.sign(fld.add(gain, fld.scale(worst, Fraction(-1)))) > 0:
                worst = gain
    if worst is not None:
        regret = _exact_number(fld, worst)
    profile = tuple(tuple(_exact_number(fld, v) for v in vec) for vec in vecs)
    return profile, tuple(_exact_number(fld, v) for v in payoffs), regret


def _floats(cand: FieldProfile) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(cand.field.to_float(v) for v in vec) for vec in cand.vectors)


def _one(game: NormalFormGame, cand: Any) -> tuple[Any, tuple[Any, ...], Any]:
    if isinstance(cand, FieldProfile):
        if game.kind == "exact":
            return _one_field(game, cand)
        cand = _floats(cand)
    profile = as_profile(game, cand, name="candidate")
    regret = max_regret(game, profile)
    if game.kind == "exact" and not isinstance(regret, float):
        regret = Fraction(regret) if not hasattr(regret, "free_symbols") else regret
    return profile, expected_payoffs(game, profile), regret


def _bimatrix_float(
    game: NormalFormGame, cands: list[Any]
) -> list[tuple[Any, tuple[float, float], float]]:
    """Certify many float two-player candidates at once (same result as ``_one``)."""
    m, n = game.shape
    try:
        X = np.array([np.asarray(c[0], dtype=float) for c in cands])
        Y = np.array([np.asarray(c[1], dtype=float) for c in cands])
    except (ValueError, TypeError):
        return [_one(game, c) for c in cands]
    if X.shape != (len(cands), m) or Y.shape != (len(cands), n):
        return [_one(game, c) for c in cands]
    bad = (X.min(axis=1) < -1e-9) | (np.abs(X.sum(axis=1) - 1) > 1e-9)
    bad |= (Y.min(axis=1) < -1e-9) | (np.abs(Y.sum(axis=1) - 1) > 1e-9)
    if bad.any():  # let the validating path raise its clear error
        return [_one(game, c) for c in cands]
    A, B = game.payoffs
    AY = Y @ A.T  # (k, m): row player's action values
    XB = X @ B  # (k, n): column player's action values
    u1 = np.einsum("km,km->k", X, AY)
    u2 = np.einsum("kn,kn->k", Y, XB)
    regret = np.maximum(np.maximum(AY.max(axis=1) - u1, XB.max(axis=1) - u2), 0.0)
    return [
        ((tuple(x), tuple(y)), (a, b), r)
        for x, y, a, b, r in zip(X.tolist(), Y.tolist(), u1.tolist(), u2.tolist(), regret.tolist())
    ]


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
    rejected: list[Any] = []
    cands = list(candidates)
    conds = list(conditions) if conditions is not None else [None] * len(cands)
    fields = any(isinstance(c, FieldProfile) for c in cands)
    if fields and game.kind != "exact":
        cands = [_floats(c) if isinstance(c, FieldProfile) else c for c in cands]
        fields = False
    if atol is not None and game.n_players == 2 and cands:
        checked = _bimatrix_float(game, cands)
    elif fields:
        checked = (_one(game, cand) for cand in cands)
    elif game.kind == "exact" and game.n_players == 2 and cands:
        checked = _bimatrix_exact(game, cands)
    else:
        checked = (_one(game, cand) for cand in cands)
    # Order keys from the fields' own floats (sympy's float() of a CRootOf number is slow).
    keys = [
        tuple(-c.field.to_float(v) for vec in c.vectors for v in vec)
        if isinstance(c, FieldProfile)
        else None
        for c in cands
    ]
    accepted = []
    for (profile, payoffs, regret), cond, key in zip(checked, conds, keys):
        if game.kind != "symbolic":
            ok = regret <= atol if atol is not None else regret == 0
            if not ok:
                rejected.append(regret)
                continue
        accepted.append((profile, payoffs, regret, cond, key))
    distinct, merged = _distinct(accepted, atol)
    order = []
    for profile, payoffs, regret, cond, key in distinct:
        eq = Equilibrium(
            strategies=profile,
            payoffs=payoffs,
            regret=regret,
            players=game.players,
            actions=game.actions,
            condition=cond,
        )
        order.append((key if key is not None else _order_key(eq), len(order), eq))
    order.sort(key=lambda t: t[:2])
    kept = [eq for _, _, eq in order]
    notes = list(warnings)
    if merged:
        notes.append(
            f"{merged} candidate(s) within {DUPLICATE_TOLERANCE:g} of another equilibrium "
            "were merged with it"
        )
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
