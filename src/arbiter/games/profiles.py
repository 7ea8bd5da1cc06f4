r"""Mixed profiles, expected payoffs, best responses and regret.

A *mixed profile* gives each player a probability vector over its actions.
The expected payoff to player :math:`p` of its action :math:`a` against the
others' mixtures :math:`\sigma_{-p}` is

.. math:: u_p(a, \sigma_{-p}) = \sum_{a_{-p}} u_p(a, a_{-p}) \prod_{q \ne p} \sigma_q(a_q),

its expected payoff is :math:`u_p(\sigma) = \sum_a \sigma_p(a) u_p(a, \sigma_{-p})`,
and its *regret* is :math:`\max_a u_p(a, \sigma_{-p}) - u_p(\sigma) \ge 0`. A
profile is a Nash equilibrium exactly when every player's regret is zero;
the *maximum regret* is the certificate every solver attaches to what it
returns.

Exact games with exact profiles give exact answers (Fractions); profiles
with algebraic entries (such as :math:`\sqrt{5}`, from n-player solvers) are
computed with sympy and simplified; float games use floats.

>>> from fractions import Fraction as F
>>> from arbiter.games.normal_form import NormalFormGame
>>> pennies = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
>>> half = (F(1, 2), F(1, 2))
>>> max_regret(pennies, (half, half))
Fraction(0, 1)
>>> max_regret(pennies, ((1, 0), half))
Fraction(1, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.numbers import Kind, as_exact, kind_of

__all__ = [
    "FLOAT_TOLERANCE",
    "Profile",
    "action_values",
    "as_profile",
    "best_responses",
    "expected_payoffs",
    "max_regret",
    "regrets",
]

Profile = tuple[tuple[Any, ...], ...]

#: Tolerance used for float profiles: sums may differ from 1, and entries
#: fall below 0, by at most this much.
FLOAT_TOLERANCE = 1e-9


def _simplify(value: Any) -> Any:
    """Canonical exact form: Fractions for rationals, reduced radicals and CRootOf polynomials."""
    if isinstance(value, sympy.Basic):
        out = _reduce_rootof(sympy.radsimp(sympy.expand(value)))
        if isinstance(out, sympy.Rational):
            return Fraction(int(out.p), int(out.q))
        return out
    return value


def _reduce_rootof(expr: Any) -> Any:
    """Reduce a polynomial in one ``CRootOf`` r modulo r's minimal polynomial (0 becomes 0)."""
    roots = expr.atoms(sympy.CRootOf)
    if len(roots) != 1:
        return expr
    (r,) = roots
    try:
        poly = sympy.Poly(expr, r)
    except sympy.PolynomialError:
        return expr
    if not (poly.domain.is_QQ or poly.domain.is_ZZ):
        return expr
    return poly.rem(sympy.Poly(r.poly.as_expr().subs(r.poly.gen, r), r)).as_expr()


def _profile_kind(game: NormalFormGame, kinds: set[Kind]) -> Kind:
    if game.kind == "symbolic" or "symbolic" in kinds:
        return "symbolic"
    if game.kind == "float" or "float" in kinds:
        return "float"
    return "exact"


def as_profile(game: NormalFormGame, strategies: Any, *, name: str = "strategies") -> Profile:
    """Validate a mixed profile for ``game`` and return it as a tuple of tuples.

    Each player's entry may be a probability vector or the name of an action
    (a pure strategy). Exact entries become Fractions; float entries floats.
    """
    if isinstance(strategies, (str, bytes)) or not isinstance(strategies, Sequence | np.ndarray):
        raise ArgumentTypeError(
            f"{name} must be one probability vector per player; got {strategies!r}"
        )
    strategies = list(strategies)
    if len(strategies) != game.n_players:
        raise InvalidArgumentError(
            f"{name} must give one strategy per player ({game.n_players}); got {len(strategies)}"
        )
    vectors: list[list[Any]] = []
    kinds: set[Kind] = set()
    for p, s in enumerate(strategies):
        k = game.shape[p]
        if isinstance(s, str):
            j = game.action_index(p, s)
            vec: list[Any] = [0] * k
            vec[j] = 1
        elif isinstance(s, (Sequence, np.ndarray)) and np.ndim(np.asarray(s, dtype=object)) == 1:
            vec = list(s)
        else:
            raise InvalidArgumentError(
                f"{name}[{p}] must be a flat probability vector or an action name; got {s!r}"
            )
        if len(vec) != k:
            raise InvalidArgumentError(
                f"{name}[{p}] ({game.players[p]!r}) must have {k} probabilities, "
                f"one per action; got {len(vec)}: {vec!r}"
            )
        kinds.add(kind_of(vec, f"{name}[{p}]"))
        vectors.append(vec)
    kind = _profile_kind(game, kinds)
    return tuple(
        _distribution(vec, kind, f"{name}[{p}] ({game.players[p]!r})", game.kind == "symbolic")
        for p, vec in enumerate(vectors)
    )


def _not_distribution(where: str, vec: Sequence[Any], exactly: str = "") -> InvalidArgumentError:
    shown = [v if isinstance(v, float) else str(v) for v in vec]
    return InvalidArgumentError(
        f"{where} must be a probability distribution (non-negative, summing to {exactly}1); "
        f"got {shown}"
    )


def _distribution(vec: list[Any], kind: Kind, where: str, symbolic_game: bool) -> tuple[Any, ...]:
    """One player's probability vector, converted to its kind and checked."""
    if kind == "float":
        conv = tuple(float(v) for v in vec)
        if min(conv) < -FLOAT_TOLERANCE or abs(sum(conv) - 1) > FLOAT_TOLERANCE * len(conv):
            raise _not_distribution(where, vec)
        return conv
    if all(_is_rational(v) for v in vec):
        exact = tuple(as_exact(v) for v in vec)
        if min(exact) < 0 or sum(exact) != 1:
            raise _not_distribution(where, exact, "exactly ")
        return exact
    algebraic = tuple(_simplify(sympy.sympify(v)) for v in vec)
    free = set().union(*(sympy.sympify(v).free_symbols for v in algebraic))
    if free:
        if not symbolic_game:
            raise InvalidArgumentError(
                f"{where} has free symbols {sorted(map(str, free))}; "
                "profiles of numeric games must be numbers"
            )
        return algebraic
    total = _simplify(sum(sympy.sympify(v) for v in algebraic))
    if total != 1 or any(bool(sympy.sympify(v) < 0) for v in algebraic):
        raise _not_distribution(where, algebraic, "exactly ")
    return algebraic


def _is_rational(v: Any) -> bool:
    return isinstance(v, (int, np.integer, Fraction, sympy.Rational)) and not isinstance(v, bool)


def _contract(game: NormalFormGame, profile: Profile, player: int) -> np.ndarray:
    """Payoffs of each of ``player``'s actions against the others' mixtures."""
    arrays = game.payoffs[player]
    float_profile = game.kind == "float" or any(isinstance(v, float) for s in profile for v in s)
    u = np.asarray(arrays, dtype=np.float64) if float_profile else arrays
    for q in range(game.n_players - 1, -1, -1):
        if q == player:
            continue
        s = np.asarray(profile[q], dtype=np.float64 if float_profile else object)
        u = np.tensordot(u, s, axes=([q], [0]))
    return u


def action_values(game: NormalFormGame, strategies: Any, player: int | str) -> tuple[Any, ...]:
    """Expected payoff to ``player`` of each of its actions against the others' mixtures."""
    profile = as_profile(game, strategies)
    p = game.player_index(player)
    return tuple(_simplify(v) for v in _contract(game, profile, p))


def _values_and_payoffs(game: NormalFormGame, profile: Profile) -> list[tuple[list[Any], Any]]:
    out = []
    for p in range(game.n_players):
        vals = [_simplify(v) for v in _contract(game, profile, p)]
        payoff = _simplify(sum((s * v for s, v in zip(profile[p], vals)), start=0 * vals[0]))
        out.append((vals, payoff))
    return out


def expected_payoffs(game: NormalFormGame, strategies: Any) -> tuple[Any, ...]:
    """Expected payoff to each player under a mixed profile."""
    profile = as_profile(game, strategies)
    return tuple(pay for _, pay in _values_and_payoffs(game, profile))


def regrets(game: NormalFormGame, strategies: Any) -> tuple[Any, ...]:
    """Each player's regret: its best action value minus its expected payoff (>= 0)."""
    profile = as_profile(game, strategies)
    return tuple(_regret(vals, pay) for vals, pay in _values_and_payoffs(game, profile))


def _regret(vals: list[Any], payoff: Any) -> Any:
    gains = [_simplify(v - payoff) for v in vals]
    if any(isinstance(g, sympy.Basic) and g.free_symbols for g in gains):
        return sympy.Max(0, *gains)
    best = max(gains, key=lambda g: float(g) if isinstance(g, sympy.Basic) else g)
    if isinstance(best, float):
        return max(best, 0.0)
    if isinstance(best, sympy.Basic):
        if best.is_zero or best.is_negative:
            return Fraction(0)
        return best
    return max(best, Fraction(0))


def max_regret(game: NormalFormGame, strategies: Any) -> Any:
    """The largest regret over players: 0 exactly when ``strategies`` is a Nash equilibrium.

    Exact for exact games and profiles; a float for float games; a sympy
    ``Max`` expression for games with free parameters.
    """
    rs = regrets(game, strategies)
    if any(isinstance(r, sympy.Basic) and r.free_symbols for r in rs):
        return sympy.Max(*rs)
    return max(rs, key=lambda r: float(r))


def best_responses(
    game: NormalFormGame, strategies: Any, player: int | str, *, tol: float = FLOAT_TOLERANCE
) -> tuple[int, ...]:
    """Indices of ``player``'s pure best responses to the others' mixtures.

    Exact comparisons for exact games; for float games, actions within
    ``tol`` (scaled by the largest absolute payoff) of the best count.
    """
    profile = as_profile(game, strategies)
    p = game.player_index(player)
    if game.kind == "symbolic":
        raise InvalidArgumentError(
            "best_responses needs numeric payoffs; use game.subs to give the parameters values"
        )
    vals = [_simplify(v) for v in _contract(game, profile, p)]
    if isinstance(vals[0], float) or any(isinstance(v, float) for v in vals):
        fv = np.asarray(vals, dtype=float)
        scale = max(1.0, float(np.max(np.abs(game.as_float()))))
        return tuple(int(i) for i in np.flatnonzero(fv >= fv.max() - tol * scale))
    best = max(vals, key=lambda v: float(v) if isinstance(v, sympy.Basic) else v)
    return tuple(i for i, v in enumerate(vals) if _simplify(best - v) == 0)
