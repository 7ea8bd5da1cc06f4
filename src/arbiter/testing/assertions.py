r"""Assertions about equilibrium claims, recomputed from the payoff table.

A mixed profile :math:`\sigma` of a normal-form game is a Nash equilibrium
when no player :math:`p` has an action :math:`a` with

.. math:: u_p(a, \sigma_{-p}) > u_p(\sigma),

that is, when every *deviation gain* :math:`u_p(a, \sigma_{-p}) - u_p(\sigma)`
is at most 0; the largest gain is the profile's *maximum regret*. The
helpers here recompute these numbers by summing over the game's pure
profiles one by one, without the tensor code that arbiter's solvers and
:func:`arbiter.max_regret` use, so that a test built on them checks the
library against an independent computation.

Exact games with exact profiles are checked exactly (a regret of ``1/10**30``
fails); when floats are involved, a tolerance applies. ``tol`` is always an
*absolute* bound on the regret; by default it is 0 for exact arithmetic and
``1e-9 * max(1, largest |payoff|)`` for floats (the solvers' default).

>>> import arbiter
>>> from fractions import Fraction as F
>>> pennies = arbiter.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
>>> half = (F(1, 2), F(1, 2))
>>> assert_equilibrium(pennies, (half, half))
>>> assert_equilibrium(pennies, ((1, 0), half))
Traceback (most recent call last):
...
AssertionError: not a Nash equilibrium: max regret 1 (exact)
  Player 'P2' gains 1 by deviating to 'a2' (payoff 1 instead of 0).
  profile: P1 plays a1; P2 plays {a1: 1/2, a2: 1/2}
  regrets: P1: 0, P2: 1
>>> assert_certified(arbiter.nash_equilibria(pennies))
>>> assert_same_equilibria(arbiter.nash_equilibria(pennies), [(half, half)])
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np
import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.profiles import as_profile
from arbiter.solve.result import Equilibrium, EquilibriumSet

__all__ = [
    "DEFAULT_FLOAT_TOLERANCE",
    "Deviation",
    "assert_certified",
    "assert_equilibrium",
    "assert_includes_equilibria",
    "assert_not_equilibrium",
    "assert_same_equilibria",
    "best_deviation",
    "deviation_gains",
]

#: Relative tolerance for float regrets, scaled by ``max(1, largest |payoff|)``.
DEFAULT_FLOAT_TOLERANCE = 1e-9

#: Default absolute tolerance when comparing float equilibria as sets.
DEFAULT_MATCH_TOLERANCE = 1e-6


# ---------------------------------------------------------------- numbers
def _is_float(v: Any) -> bool:
    return isinstance(v, (float, np.floating)) or (isinstance(v, sympy.Float))


def _exact(v: Any) -> Any:
    """Fractions for rationals (pygambit's and sympy's included), floats, sympy otherwise."""
    if isinstance(v, bool):
        raise ArgumentTypeError(f"expected a probability; got the boolean {v!r}")
    if isinstance(v, Fraction):
        return Fraction(v.numerator, v.denominator)
    if isinstance(v, (int, np.integer)):
        return Fraction(int(v))
    if isinstance(v, (float, np.floating)):
        return float(v)
    if isinstance(v, sympy.Rational):
        return Fraction(int(v.p), int(v.q))
    if isinstance(v, sympy.Float):
        return float(v)
    if isinstance(v, sympy.Expr):
        return v
    raise ArgumentTypeError(f"expected a number; got {v!r} ({type(v).__name__})")


def _sign(v: Any) -> int:
    """The exact sign of a number (sympy closed forms are decided exactly)."""
    if isinstance(v, sympy.Basic):
        s = sympy.radsimp(sympy.expand(v))
        if s == 0:
            return 0
        approx = sympy.N(s, 60)
        if abs(approx) > sympy.Float("1e-40", 60):
            return 1 if approx > 0 else -1
        if sympy.simplify(s) == 0 or sympy.nsimplify(s) == 0:
            return 0
        return 1 if approx > 0 else -1
    return (v > 0) - (v < 0)


def _fmt(v: Any) -> str:
    if _is_float(v):
        return f"{float(v):.6g}"
    if isinstance(v, sympy.Expr) and not isinstance(v, sympy.Rational):
        return f"~{float(sympy.N(v, 30)):.6g}"  # a closed form such as (1 + sqrt(5))/4
    return str(v)


def _scale(game: NormalFormGame) -> float:
    return max(1.0, float(np.max(np.abs(game.as_float())))) if game.payoffs.size else 1.0


def _check_tol(tol: Any) -> float | Fraction | None:
    if tol is None:
        return None
    if isinstance(tol, bool) or not isinstance(
        tol, (int, float, Fraction, np.integer, np.floating)
    ):
        raise ArgumentTypeError(f"tol must be a non-negative number or None; got {tol!r}")
    if not (tol >= 0) or (isinstance(tol, float) and not math.isfinite(tol)):
        raise InvalidArgumentError(f"tol must be a non-negative finite number; got tol={tol!r}")
    return tol


# ---------------------------------------------------------------- recomputation
@dataclass(frozen=True)
class Deviation:
    """A player's best unilateral deviation from a profile.

    ``gain = deviation_payoff - payoff``; the profile is an equilibrium when
    the largest gain over all players is (at most) zero.
    """

    player: str
    action: str
    gain: Any
    payoff: Any
    deviation_payoff: Any

    def __str__(self) -> str:
        return (
            f"Player {self.player!r} gains {_fmt(self.gain)} by deviating to {self.action!r} "
            f"(payoff {_fmt(self.deviation_payoff)} instead of {_fmt(self.payoff)})."
        )


def _numeric_game(game: Any, caller: str) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        to_nf = getattr(game, "to_normal_form", None)
        if callable(to_nf):
            game = to_nf()
    if not isinstance(game, NormalFormGame):
        raise ArgumentTypeError(
            f"{caller}(): game must be a NormalFormGame; got {type(game).__name__}"
        )
    if game.kind == "symbolic":
        raise NotSupportedError(
            f"{caller}() checks numeric games; the game has free parameters "
            f"{[s.name for s in game.parameters]}. Give them values with game.subs({{...}}) first"
        )
    return game


def _profile(game: NormalFormGame, strategies: Any) -> tuple[tuple[Any, ...], ...]:
    if isinstance(strategies, Equilibrium):
        strategies = strategies.strategies
    if isinstance(strategies, Mapping):  # {player: strategy}
        unknown = [p for p in strategies if p not in game.players]
        if unknown:
            raise InvalidArgumentError(
                f"strategies names players {unknown} the game does not have; "
                f"its players are {list(game.players)}"
            )
        strategies = [strategies.get(p) for p in game.players]
    if isinstance(strategies, Sequence) and not isinstance(strategies, (str, bytes)):
        strategies = [
            _vector(game, p, s) if isinstance(s, Mapping) else s for p, s in enumerate(strategies)
        ]
    return as_profile(game, strategies)


def _vector(game: NormalFormGame, p: int, dist: Mapping[str, Any]) -> list[Any]:
    """``{action: probability}`` (what ``Equilibrium.strategy`` returns) as a vector."""
    actions = game.actions[p]
    unknown = [a for a in dist if a not in actions]
    if unknown:
        raise InvalidArgumentError(
            f"strategies[{p}] ({game.players[p]!r}) names actions {unknown} that player does "
            f"not have; its actions are {list(actions)}"
        )
    return [dist.get(a, 0) for a in actions]


def _is_behaviour(game: Any, strategies: Any) -> bool:
    """Whether ``strategies`` is a behaviour profile of the tree ``game``."""
    from arbiter.games.tree import SequentialGame

    if not isinstance(game, SequentialGame):
        return False
    if isinstance(strategies, Equilibrium):
        return strategies.is_behaviour
    if isinstance(strategies, Mapping):
        return all(h in game.infosets for h in strategies)
    if isinstance(strategies, Sequence) and not isinstance(strategies, (str, bytes)):
        return all(
            isinstance(s, Mapping) and all(h in game.infosets for h in s) for s in strategies
        )
    return False


def _uses_floats(game: NormalFormGame, profile: Sequence[Sequence[Any]]) -> bool:
    return game.kind == "float" or any(_is_float(v) for s in profile for v in s)


def _values(
    game: NormalFormGame, profile: Sequence[Sequence[Any]], floats: bool
) -> list[tuple[list[Any], Any]]:
    """For each player: the value of each of its actions and its expected payoff.

    Sums over pure profiles one at a time (the definition, not the fast path).
    """
    table = game.as_float() if floats else game.payoffs
    probs = [[float(v) for v in s] for s in profile] if floats else [list(s) for s in profile]
    zero: Any = 0.0 if floats else Fraction(0)
    out = []
    for p in range(game.n_players):
        vals = [zero] * game.shape[p]
        for pure in product(*(range(k) for k in game.shape)):
            weight: Any = 1
            for q, a in enumerate(pure):
                if q != p:
                    weight = weight * probs[q][a]
                    if weight == 0:
                        break
            if weight == 0:
                continue
            vals[pure[p]] = vals[pure[p]] + weight * table[(p, *pure)]
        vals = [_exact(v) if not floats else float(v) for v in vals]
        payoff = sum((s * v for s, v in zip(probs[p], vals)), zero)
        out.append((vals, _exact(payoff) if not floats else float(payoff)))
    return out


def deviation_gains(game: NormalFormGame, strategies: Any) -> tuple[tuple[Any, ...], ...]:
    """For each player and action: what the player gains by switching to that action.

    Exact (Fractions, or sympy numbers for algebraic profiles) when the game
    and profile are exact; floats otherwise.

    >>> import arbiter
    >>> g = arbiter.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> deviation_gains(g, ((1, 0), (1, 0)))
    ((Fraction(0, 1), Fraction(2, 1)), (Fraction(0, 1), Fraction(2, 1)))
    """
    game = _numeric_game(game, "deviation_gains")
    profile = _profile(game, strategies)
    floats = _uses_floats(game, profile)
    return tuple(
        tuple(_exact(v - payoff) if not floats else v - payoff for v in vals)
        for vals, payoff in _values(game, profile, floats)
    )


def _deviations(game: NormalFormGame, profile: Any) -> tuple[list[Deviation], bool]:
    floats = _uses_floats(game, profile)
    devs = []
    for p, (vals, payoff) in enumerate(_values(game, profile, floats)):
        gains = [_exact(v - payoff) if not floats else v - payoff for v in vals]
        best = 0
        for a in range(1, len(gains)):
            if _sign(gains[a] - gains[best]) > 0:
                best = a
        devs.append(
            Deviation(game.players[p], game.actions[p][best], gains[best], payoff, vals[best])
        )
    return devs, floats


def best_deviation(game: NormalFormGame, strategies: Any) -> Deviation:
    """The most profitable unilateral deviation from ``strategies`` (over all players).

    Its ``gain`` is the profile's maximum regret: 0 (or, with floats, about 0)
    exactly for an equilibrium.

    >>> import arbiter
    >>> g = arbiter.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                        actions=(("C", "D"), ("C", "D")))
    >>> print(best_deviation(g, ("C", "C")))
    Player 'P1' gains 2 by deviating to 'D' (payoff 5 instead of 3).
    """
    game = _numeric_game(game, "best_deviation")
    devs, _ = _deviations(game, _profile(game, strategies))
    worst = devs[0]
    for d in devs[1:]:
        if _sign(d.gain - worst.gain) > 0:
            worst = d
    return worst


def _describe(game: NormalFormGame, profile: Sequence[Sequence[Any]]) -> str:
    parts = []
    for p, acts, s in zip(game.players, game.actions, profile):
        support = [(a, pr) for a, pr in zip(acts, s) if pr != 0]
        if len(support) == 1:
            parts.append(f"{p} plays {support[0][0]}")
        else:
            inner = ", ".join(f"{a}: {_fmt(pr)}" for a, pr in support)
            parts.append(f"{p} plays {{{inner}}}")
    return "; ".join(parts)


def _limit(game: NormalFormGame, floats: bool, tol: Any) -> tuple[Any, str]:
    if tol is not None:
        return tol, f"tolerance {_fmt(tol)}"
    if floats:
        limit = DEFAULT_FLOAT_TOLERANCE * _scale(game)
        return limit, f"tolerance {limit:.3g}"
    return Fraction(0), "exact"


def _report(game: NormalFormGame, profile: Any, tol: Any) -> tuple[bool, str, Any]:
    devs, floats = _deviations(game, profile)
    limit, how = _limit(game, floats, tol)
    worst = devs[0]
    for d in devs[1:]:
        if _sign(d.gain - worst.gain) > 0:
            worst = d
    positive = _sign(worst.gain) > 0
    regret = worst.gain if positive else (0.0 if floats else Fraction(0))
    ok = _sign(regret - limit) <= 0
    why = str(worst) if positive else "No player gains by deviating."
    text = (
        f"max regret {_fmt(regret)} ({how})\n"
        f"  {why}\n"
        f"  profile: {_describe(game, profile)}\n"
        f"  regrets: "
        + ", ".join(f"{d.player}: {_fmt(d.gain if _sign(d.gain) > 0 else 0)}" for d in devs)
    )
    return ok, text, regret


# ---------------------------------------------------------------- assertions
def assert_equilibrium(game: NormalFormGame, strategies: Any, *, tol: Any = None) -> None:
    """Assert that ``strategies`` is a Nash equilibrium of ``game``.

    ``strategies`` is one probability vector, action name or
    ``{action: probability}`` mapping (what :meth:`Equilibrium.strategy`
    returns) per player, a mapping ``{player: strategy}``, or an
    :class:`~arbiter.solve.result.Equilibrium`. For a tree, a behaviour
    profile (one ``{infoset: action or {action: probability}}`` per player) is
    checked on the tree itself (:func:`arbiter.testing.claims.assert_nash_behaviour`);
    vectors are over its reduced strategic form. ``tol`` is an absolute
    bound on the regret (default: 0 for exact arithmetic, ``1e-9`` times the
    largest absolute payoff, at least 1, for floats). On failure the message
    gives the maximum regret, the player and its profitable deviation.

    >>> import arbiter
    >>> g = arbiter.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                        actions=(("C", "D"), ("C", "D")))
    >>> assert_equilibrium(g, ("D", "D"))
    >>> assert_equilibrium(g, ((0.5, 0.5), (0, 1)))
    Traceback (most recent call last):
    ...
    AssertionError: not a Nash equilibrium: max regret 0.5 (tolerance 5e-09)
      Player 'P1' gains 0.5 by deviating to 'D' (payoff 1 instead of 0.5).
      profile: P1 plays {C: 0.5, D: 0.5}; P2 plays D
      regrets: P1: 0.5, P2: 0
    """
    tol = _check_tol(tol)
    if _is_behaviour(game, strategies):
        from arbiter.testing.claims import assert_nash_behaviour

        assert_nash_behaviour(game, strategies, tol=tol)
        return
    game = _numeric_game(game, "assert_equilibrium")
    profile = _profile(game, strategies)
    ok, text, _ = _report(game, profile, tol)
    if not ok:
        raise AssertionError("not a Nash equilibrium: " + text)


def assert_not_equilibrium(game: NormalFormGame, strategies: Any, *, tol: Any = None) -> None:
    """Assert that some player has a profitable deviation from ``strategies``.

    The opposite of :func:`assert_equilibrium`, with the same ``tol``.

    >>> import arbiter
    >>> g = arbiter.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                        actions=(("C", "D"), ("C", "D")))
    >>> assert_not_equilibrium(g, ("C", "C"))
    >>> assert_not_equilibrium(g, ("D", "D"))
    Traceback (most recent call last):
    ...
    AssertionError: unexpectedly a Nash equilibrium: max regret 0 (exact)
      No player gains by deviating.
      profile: P1 plays D; P2 plays D
      regrets: P1: 0, P2: 0
    """
    tol = _check_tol(tol)
    game = _numeric_game(game, "assert_not_equilibrium")
    profile = _profile(game, strategies)
    ok, text, _ = _report(game, profile, tol)
    if ok:
        raise AssertionError("unexpectedly a Nash equilibrium: " + text)


# ---------------------------------------------------------------- sets of equilibria
Key = tuple[tuple[Any, ...], ...]


def _profiles_of(value: Any, label: str) -> list[Key]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ArgumentTypeError(
            f"{label} must be an EquilibriumSet or a list of profiles; got {value!r}"
        )
    out = []
    for i, item in enumerate(value):
        strategies = item.strategies if isinstance(item, Equilibrium) else item
        if isinstance(strategies, (str, bytes)) or not isinstance(strategies, Iterable):
            raise ArgumentTypeError(
                f"{label}[{i}] must be an Equilibrium or one probability vector per player; "
                f"got {item!r}"
            )
        try:
            out.append(tuple(tuple(_exact(v) for v in s) for s in strategies))
        except TypeError:
            raise ArgumentTypeError(
                f"{label}[{i}] must be one probability vector per player; got {item!r}"
            ) from None
    return out


def _shape(key: Key) -> tuple[int, ...]:
    return tuple(len(s) for s in key)


def _close(a: Key, b: Key, tol: float) -> bool:
    return _shape(a) == _shape(b) and all(
        abs(float(x) - float(y)) <= tol for sa, sb in zip(a, b) for x, y in zip(sa, sb)
    )


def _exactly_equal(a: Key, b: Key) -> bool:
    if _shape(a) != _shape(b):
        return False
    return all(
        x == y or _sign(sympy.sympify(x) - sympy.sympify(y)) == 0
        for sa, sb in zip(a, b)
        for x, y in zip(sa, sb)
    )


def _fmt_key(key: Key) -> str:
    return "(" + ", ".join("(" + ", ".join(_fmt(v) for v in s) + ")" for s in key) + ")"


def assert_same_equilibria(
    first: Any,
    second: Any,
    *,
    tol: Any = None,
    labels: tuple[str, str] = ("first", "second"),
) -> None:
    """Assert that two collections of equilibria are the same set of profiles.

    Each side is an :class:`~arbiter.solve.result.EquilibriumSet`, a list of
    :class:`~arbiter.solve.result.Equilibrium` values, or a list of profiles
    (one probability vector per player). Order and repetitions do not matter.
    When both sides are exact (Fractions, ints, sympy numbers) and ``tol`` is
    ``None`` the comparison is exact; otherwise two profiles match when no
    probability differs by more than ``tol`` (default ``1e-6``). The message
    lists what each side has that the other lacks.

    >>> from fractions import Fraction as F
    >>> assert_same_equilibria([((1, 0), (0, 1))], [((F(1), F(0)), (F(0), F(1)))])
    >>> assert_same_equilibria([((1, 0), (0, 1))], [((0.5, 0.5), (0, 1))],
    ...                        labels=("arbiter", "gambit"))
    Traceback (most recent call last):
    ...
    AssertionError: equilibrium sets differ (tolerance 1e-06): 0 in both
      only in arbiter (1):
        ((1, 0), (0, 1))
      only in gambit (1):
        ((0.5, 0.5), (0, 1))
    """
    how, only_a, only_b, common = _compare(first, second, tol, labels)
    if only_a or only_b:
        lines = [f"equilibrium sets differ ({how}): {common} in both"]
        for label, only in ((labels[0], only_a), (labels[1], only_b)):
            lines.append(f"  only in {label} ({len(only)}):")
            lines += [f"    {_fmt_key(k)}" for k in only]
        raise AssertionError("\n".join(lines))


def assert_includes_equilibria(
    found: Any,
    expected: Any,
    *,
    tol: Any = None,
    labels: tuple[str, str] = ("found", "expected"),
) -> None:
    """Assert that every profile in ``expected`` is among those in ``found``.

    For references that are known to miss equilibria (nashpy's methods,
    Gambit's polynomial solver on some games): what they do find must be
    there. Arguments and matching as in :func:`assert_same_equilibria`.

    >>> from fractions import Fraction as F
    >>> half = (F(1, 2), F(1, 2))
    >>> assert_includes_equilibria([((1, 0), (0, 1)), (half, half)], [((1.0, 0.0), (0.0, 1.0))])
    >>> assert_includes_equilibria([((1, 0), (0, 1))], [(half, half)])
    Traceback (most recent call last):
    ...
    AssertionError: 1 of 1 expected equilibria missing from found (exact):
        ((1/2, 1/2), (1/2, 1/2))
    """
    how, _, missing, _ = _compare(found, expected, tol, labels)
    if missing:
        b = _profiles_of(expected, labels[1])
        lines = [
            f"{len(missing)} of {len(b)} {labels[1]} equilibria missing from {labels[0]} ({how}):"
        ]
        lines += [f"    {_fmt_key(k)}" for k in missing]
        raise AssertionError("\n".join(lines))


def _compare(
    first: Any, second: Any, tol: Any, labels: Any
) -> tuple[str, list[Key], list[Key], int]:
    tol = _check_tol(tol)
    if (
        not isinstance(labels, tuple)
        or len(labels) != 2
        or not all(isinstance(x, str) for x in labels)
    ):
        raise ArgumentTypeError(f"labels must be a pair of strings; got {labels!r}")
    a = _profiles_of(first, labels[0])
    b = _profiles_of(second, labels[1])
    floats = any(_is_float(v) for key in (*a, *b) for s in key for v in s)
    if tol is None and not floats:
        how = "exact"

        def same(x: Key, y: Key) -> bool:
            return x == y or _exactly_equal(x, y)
    else:
        limit = float(DEFAULT_MATCH_TOLERANCE if tol is None else tol)
        how = f"tolerance {limit:.3g}"

        def same(x: Key, y: Key) -> bool:
            return _close(x, y, limit)

    only_a = [x for x in a if not any(same(x, y) for y in b)]
    only_b = [y for y in b if not any(same(x, y) for x in a)]
    return how, only_a, only_b, len(a) - len(only_a)


def assert_certified(result: EquilibriumSet, *, tol: Any = None) -> None:
    """Assert that every equilibrium in ``result`` really is one, by recomputation.

    Every solver's result is accepted. Sets of behaviour profiles of trees
    (:func:`arbiter.subgame_perfect`, :func:`arbiter.perfect_bayesian`) are
    checked by :func:`arbiter.testing.claims.certify_behaviour_set`: subgame
    perfection (or Nash equilibrium of the tree, for other methods) of each
    member, recomputed node by node; a compact subgame-perfect set with more
    than 50 members is checked on 50 of them spread over its index range,
    with its count and outcome counts checked against each other.

    Normal-form results:
    For each :class:`~arbiter.solve.result.Equilibrium`: its strategies are
    probability distributions of the right lengths, its payoffs are the
    expected payoffs (recomputed), its recorded certificate ``regret`` is not
    below the recomputed regret, and the recomputed regret is 0 (exact games)
    or at most ``tol`` (default: the set's own ``tolerance``, else ``1e-9``
    times the largest absolute payoff). For an exact game, nothing may be a
    float (exact in, exact out), and no equilibrium may appear twice.

    >>> import arbiter
    >>> g = arbiter.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> assert_certified(arbiter.pure_equilibria(g))
    """
    tol = _check_tol(tol)
    if not isinstance(result, EquilibriumSet):
        raise ArgumentTypeError(f"result must be an EquilibriumSet; got {type(result).__name__}")
    if any(isinstance(s, Mapping) for eq in result[:1] for s in eq.strategies):
        from arbiter.testing.claims import certify_behaviour_set

        certify_behaviour_set(result, tol=tol)
        return
    game = _numeric_game(result.game, "assert_certified")
    if tol is None and result.tolerance is not None:
        tol = result.tolerance
    problems: list[str] = []
    seen: list[Key] = []
    for i, eq in enumerate(result):
        where = f"[{i}] {eq}"
        if eq.players != game.players or eq.actions != game.actions:
            problems.append(f"{where}: players/actions differ from the game's")
            continue
        try:
            profile = as_profile(game, eq.strategies)
        except (ValueError, TypeError) as exc:
            problems.append(f"{where}: strategies are not a mixed profile: {exc}")
            continue
        floats = _uses_floats(game, eq.strategies)
        if game.kind == "exact":
            stray = [
                v
                for v in (*(x for s in eq.strategies for x in s), *eq.payoffs, eq.regret)
                if _is_float(v)
            ]
            if stray:
                problems.append(f"{where}: exact game but float values {stray[:4]} in the result")
        values = _values(game, profile, floats)
        limit, how = _limit(game, floats, tol)
        for p, (_, payoff) in enumerate(values):
            recorded = eq.payoffs[p]
            diff = _exact(recorded) - payoff if not floats else float(recorded) - payoff
            if _sign(abs(diff) - (limit if floats or tol is not None else 0)) > 0:
                problems.append(
                    f"{where}: payoff of {game.players[p]!r} recorded as {_fmt(recorded)}, "
                    f"recomputed {_fmt(payoff)}"
                )
        ok, text, regret = _report(game, profile, tol)
        if not ok:
            problems.append(f"{where}: not an equilibrium: {text}")
        recorded_regret = eq.regret
        if _sign(_exact(recorded_regret) - regret + (limit if floats else 0)) < 0:
            problems.append(
                f"{where}: certificate regret={_fmt(recorded_regret)} understates the "
                f"recomputed regret {_fmt(regret)}"
            )
        key = tuple(tuple(_exact(v) for v in s) for s in eq.strategies)
        dup = any(
            (_close(key, k, float(limit) or 1e-12) if floats else _exactly_equal(key, k))
            for k in seen
        )
        if dup:
            problems.append(f"{where}: appears more than once ({how})")
        seen.append(key)
    if problems:
        head = f"{len(problems)} problem(s) in the {result.method} result for {game!r}:"
        raise AssertionError("\n".join([head, *("  " + p for p in problems)]))
