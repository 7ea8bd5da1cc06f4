r"""Infinitely repeated games: the critical discount factor and noisy monitoring.

A stage game is played in every period; payoffs are discounted by
:math:`\delta \in [0, 1)`. A cooperative pure profile :math:`c` is sustained by
a trigger strategy: play :math:`c` until someone deviates, then play a
punishment profile :math:`p` (a pure Nash equilibrium of the stage game, so
the punishment is itself credible).

For player :math:`i` write :math:`R_i = u_i(c)` (reward), :math:`T_i =
\max_b u_i(b, c_{-i})` (temptation) and :math:`P_i = u_i(p) - h_i`
(punishment, lowered by an outside harm :math:`h_i`, for instance an arbiter's
sanction on the violator).

*Grim trigger* (punish forever) sustains :math:`c` iff for every :math:`i`

.. math:: \delta \ge \frac{T_i - R_i}{T_i - P_i}

(Friedman 1971; Fudenberg and Maskin 1986). For the prisoners' dilemma this
is the classical :math:`(T - R)/(T - P)`.

*Finite punishment* of :math:`k` periods sustains it iff
:math:`T_i - R_i \le \sum_{t=1}^{k} \delta^t (R_i - P_i)`; the least such
:math:`\delta` is the unique positive root of a polynomial, returned exactly
(a rational, a radical or a sympy ``CRootOf``). As :math:`k \to \infty` it
tends to the grim-trigger value.

>>> from arbiter.games.normal_form import NormalFormGame
>>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                 actions=(("C", "D"), ("C", "D")))
>>> critical_discount_factor(pd).delta
Fraction(1, 2)
>>> critical_discount_factor(pd, punishment=("finite", 2)).delta
-1/2 + sqrt(5)/2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np
import sympy

from arbiter.conditions import Condition
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.numbers import to_sympy
from arbiter.solve.pure import pure_condition

__all__ = [
    "DELTA",
    "CriticalDelta",
    "NoisyMonitoring",
    "critical_discount_factor",
    "noisy_monitoring",
    "simulate_noisy_monitoring",
]

#: The discount factor symbol used in conditions.
DELTA = sympy.Symbol("delta", nonnegative=True)


def _from_sym(value: Any, kind: str) -> Any:
    """Back from sympy: Fraction for rationals (float for float games), else the expression."""
    if value is None:
        return None
    value = sympy.sympify(value)
    if isinstance(value, sympy.Rational):
        out = Fraction(int(value.p), int(value.q))
        return float(out) if kind == "float" else out
    if kind == "float" and not value.free_symbols:
        return float(value)
    return value


@dataclass(frozen=True)
class CriticalDelta:
    """The least discount factor at which the cooperative profile is sustained.

    Attributes
    ----------
    delta:
        The overall critical value (the largest of ``per_player``); a
        ``Fraction`` (float for float games) or a sympy expression (an
        algebraic number for finite punishment, a formula for symbolic
        games); ``None`` when the punishment is too weak for any
        :math:`\\delta < 1` (then ``sustainable`` is ``False``).
    per_player:
        ``{player: critical value}`` (``None`` for a player who cannot be
        deterred; ``0`` for one with no profitable deviation).
    punishment:
        ``"grim"`` or ``("finite", k)``.
    cooperate, punishment_profile:
        The cooperative and the punishment pure profiles (action names).
    reward, temptation, punished:
        ``{player: R_i}``, ``{player: T_i}``, ``{player: P_i}`` (P including
        any extra harm when applied during punishment).
    condition:
        A :class:`~arbiter.conditions.Condition` on :data:`DELTA` (and the
        parameters) under which cooperation is sustained, stated within
        :math:`0 \\le \\delta \\le 1`.
    """

    delta: Any
    per_player: Mapping[str, Any]
    punishment: Any
    cooperate: tuple[str, ...]
    punishment_profile: tuple[str, ...]
    reward: Mapping[str, Any]
    temptation: Mapping[str, Any]
    punished: Mapping[str, Any]
    condition: Condition
    kind: str = "exact"

    @property
    def sustainable(self) -> bool | None:
        """Whether some :math:`\\delta < 1` sustains cooperation (``None`` if symbolic)."""
        if self.delta is None:
            return False
        if isinstance(self.delta, (Fraction, float, int)):
            return self.delta < 1
        value = sympy.sympify(self.delta)
        if value.free_symbols:
            return None
        return bool(value < 1)

    def __str__(self) -> str:
        name = "grim trigger" if self.punishment == "grim" else f"{self.punishment[1]}-period"
        head = f"critical discount factor ({name} punishment with {self.punishment_profile}): "
        if self.delta is None:
            return head + "none (no discount factor below 1 sustains cooperation)"
        parts = ", ".join(f"{p}: {v}" for p, v in self.per_player.items())
        approx = ""
        if not isinstance(self.delta, (Fraction, float)):
            v = sympy.sympify(self.delta)
            if not v.free_symbols:
                approx = f" ~ {float(v):.6g}"
        return head + f"delta >= {self.delta}{approx} ({parts})"


def _parse_punishment(punishment: Any, length: Any) -> Any:
    if punishment == "grim":
        if length is not None:
            raise InvalidArgumentError("length is only meaningful with punishment='finite'")
        return "grim"
    if punishment == "finite":
        k = length
    elif isinstance(punishment, tuple) and len(punishment) == 2 and punishment[0] == "finite":
        k = punishment[1]
    else:
        raise InvalidArgumentError(
            f"punishment must be 'grim', 'finite' (with length=k) or ('finite', k); "
            f"got {punishment!r}"
        )
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidArgumentError(f"finite punishment needs a length k >= 1; got {k!r}")
    return ("finite", int(k))


def _default_punishment(game: NormalFormGame) -> tuple[int, ...]:
    profiles = list(product(*(range(k) for k in game.shape)))
    nash = [q for q in profiles if pure_condition(game, q) in (True, sympy.true)]
    if not nash:
        raise NotSupportedError(
            "the stage game has no pure Nash equilibrium that holds for all parameter "
            "values; give punishment_profile= explicitly"
        )
    if len(nash) == 1:
        return nash[0]
    if game.kind == "symbolic":
        raise NotSupportedError(
            f"the symbolic stage game has several pure Nash equilibria "
            f"{[tuple(game.actions[p][a] for p, a in enumerate(q)) for q in nash]}; "
            "give punishment_profile= explicitly"
        )
    # the harshest: least total payoff (ties: first in enumeration order)
    return min(nash, key=lambda q: sum(game.payoffs[(p, *q)] for p in range(game.n_players)))


def _least_root(poly_expr: sympy.Expr) -> Any:
    """The least positive real root of an increasing-on-[0, inf) polynomial in DELTA."""
    poly = sympy.Poly(poly_expr, DELTA)
    roots = [r for r in poly.real_roots() if r > 0]
    if not roots:
        return None
    return min(roots)


def critical_discount_factor(
    stage_game: NormalFormGame,
    cooperate: Sequence[str | int] = ("C", "C"),
    punishment: Any = "grim",
    length: int | None = None,
    *,
    punishment_profile: Sequence[str | int] | None = None,
    extra_punishment: Mapping[str, Any] | None = None,
    harm_at: str = "punishment",
) -> CriticalDelta:
    """The critical discount factor for ``cooperate`` under a trigger strategy.

    Parameters
    ----------
    stage_game:
        A :class:`NormalFormGame` (float, exact or symbolic payoffs).
    cooperate:
        The cooperative pure profile (action names or indices).
    punishment:
        ``"grim"`` (forever), ``("finite", k)`` or ``"finite"`` with ``length=k``.
    punishment_profile:
        The profile played while punishing; default: the pure stage Nash
        equilibrium with the least total payoff (it must be a stage Nash
        equilibrium for numeric games, so that the punishment is credible).
    extra_punishment:
        ``{player: harm}``: an outside sanction (e.g. an arbiter's) imposed on
        a violator; it lowers the critical discount factor.
    harm_at:
        ``"punishment"`` (default: the harm is suffered in every punishment
        period) or ``"deviation"`` (once, in the period of the violation).
    """
    if not isinstance(stage_game, NormalFormGame):
        raise ArgumentTypeError(
            f"stage_game must be a NormalFormGame; got {type(stage_game).__name__}"
        )
    pun = _parse_punishment(punishment, length)
    if harm_at not in ("punishment", "deviation"):
        raise InvalidArgumentError(f"harm_at must be 'punishment' or 'deviation'; got {harm_at!r}")
    game = stage_game
    kind = game.kind
    c = game.profile_index(cooperate)
    if punishment_profile is None:
        p = _default_punishment(game)
    else:
        p = game.profile_index(punishment_profile)
        ne = pure_condition(game, p)
        if ne is False or ne == sympy.false:
            names = tuple(game.actions[i][a] for i, a in enumerate(p))
            raise InvalidArgumentError(
                f"punishment_profile {names} is not a Nash equilibrium of the stage game, "
                "so the threat to play it is not credible"
            )
    harm: dict[int, sympy.Expr] = {}
    for player, h in (extra_punishment or {}).items():
        harm[game.player_index(player)] = to_sympy(h)
    per_player: dict[str, Any] = {}
    reward: dict[str, Any] = {}
    tempt: dict[str, Any] = {}
    punished: dict[str, Any] = {}
    conditions = []
    symbolic = kind == "symbolic"
    for i, name in enumerate(game.players):
        R = to_sympy(game.payoffs[(i, *c)])
        devs = []
        for b in range(game.shape[i]):
            if b == c[i]:
                continue
            prof = list(c)
            prof[i] = b
            devs.append(to_sympy(game.payoffs[(i, *prof)]))
        T = sympy.Max(*devs) if devs else R
        h = harm.get(i, sympy.Integer(0))
        P = to_sympy(game.payoffs[(i, *p)])
        if harm_at == "punishment":
            P = P - h
        else:
            T = T - h
        reward[name], tempt[name], punished[name] = (_from_sym(x, kind) for x in (R, T, P))
        if not symbolic and T <= R:
            per_player[name] = _from_sym(0, kind)
            continue
        if pun == "grim":
            value = sympy.simplify((T - R) / (T - P))
            if not symbolic and (T - P <= 0 or value >= 1):
                per_player[name] = None
                conditions.append(sympy.false)
                continue
            per_player[name] = value
            conditions.append(sympy.Ge(DELTA, value))
        else:
            k = pun[1]
            lhs = sum(DELTA**t for t in range(1, k + 1)) * (R - P)
            ineq = sympy.Ge(lhs, T - R)
            if symbolic:
                conditions.append(ineq)
                per_player[name] = sympy.simplify((T - R) / (R - P)) if k == 1 else None
                continue
            if R - P <= 0:
                per_player[name] = None
                conditions.append(sympy.false)
                continue
            root = _least_root(sympy.expand(lhs - (T - R)))
            if root is None or root >= 1:
                per_player[name] = None
                conditions.append(sympy.false)
                continue
            per_player[name] = root
            conditions.append(sympy.Ge(DELTA, root))
    values = list(per_player.values())
    if symbolic:
        if pun == "grim" or all(v is not None for v in values):
            overall = sympy.Max(*values) if len(values) > 1 else values[0]
        else:
            overall = None
    elif any(v is None for v in values):
        overall = None
    else:
        overall = max(values, key=lambda v: sympy.sympify(v))
    out_pp = {n: _from_sym(v, kind) for n, v in per_player.items()}
    condition = _as_condition(sympy.And(*conditions) if conditions else sympy.true, kind)
    return CriticalDelta(
        delta=_from_sym(overall, kind),
        per_player=out_pp,
        punishment=pun,
        cooperate=tuple(game.actions[i][a] for i, a in enumerate(c)),
        punishment_profile=tuple(game.actions[i][a] for i, a in enumerate(p)),
        reward=reward,
        temptation=tempt,
        punished=punished,
        condition=condition,
        kind=kind,
    )


def _as_condition(expr: Any, kind: str) -> Condition:
    """The sympy condition as a :class:`Condition` within 0 <= delta <= 1 (floats read exactly)."""
    if kind == "float":
        floats = expr.atoms(sympy.Float)
        expr = expr.xreplace({f: sympy.nsimplify(f, rational=True) for f in floats})
    symbols = sorted(expr.free_symbols | {DELTA}, key=lambda x: x.name)
    return Condition.from_sympy(expr, symbols=symbols, domain=[1 - DELTA])


# ---------------------------------------------------------------- noisy monitoring


@dataclass(frozen=True)
class NoisyMonitoring:
    """Long-run behaviour of a k-period punishment strategy under noise.

    The chain has states ``"cooperate"`` and ``"punish 1"`` ... ``"punish k"``.
    In ``cooperate`` each of ``n_players`` is seen to violate with
    probability ``eps`` independently (a misreading or an accident); any
    seen violation starts ``k`` punishment periods, after which cooperation
    resumes. All values are exact in ``eps`` (Fractions for exact ``eps``,
    sympy expressions for a symbol).

    Attributes
    ----------
    states, transition:
        State names and the transition matrix (a sympy ``Matrix``).
    stationary:
        ``{state: long-run share of periods}``.
    punishment_frequency:
        Long-run share of periods spent punishing.
    violation_frequency:
        Long-run share of periods in which a violation is seen while the deal
        holds (the rate of on-path violations, claim 3).
    phase_frequency:
        Long-run rate at which punishment phases start (equal to
        ``violation_frequency``).
    """

    eps: Any
    length: int
    n_players: int
    states: tuple[str, ...]
    transition: Any
    stationary: Mapping[str, Any]
    punishment_frequency: Any
    violation_frequency: Any
    phase_frequency: Any


def _check_eps(eps: Any) -> sympy.Expr:
    if isinstance(eps, bool):
        raise ArgumentTypeError(f"eps must be a probability; got {eps!r}")
    if isinstance(eps, float):
        eps = Fraction(eps)
    e = to_sympy(eps)
    if not e.free_symbols and not (0 <= e <= 1):
        raise InvalidArgumentError(f"eps must be a probability in [0, 1]; got {eps!r}")
    return e


def noisy_monitoring(eps: Any, length: int, n_players: int = 2) -> NoisyMonitoring:
    """Exact stationary distribution of the k-period punishment chain under noise.

    >>> m = noisy_monitoring(Fraction(1, 10), 2)
    >>> m.violation_frequency
    Fraction(19, 138)
    """
    k = _parse_punishment(("finite", length), None)[1]
    if isinstance(n_players, bool) or not isinstance(n_players, int) or n_players < 1:
        raise InvalidArgumentError(f"n_players must be a positive integer; got {n_players!r}")
    e = _check_eps(eps)
    q = 1 - (1 - e) ** n_players
    states = ("cooperate", *(f"punish {j}" for j in range(1, k + 1)))
    n = k + 1
    M = sympy.zeros(n, n)
    M[0, 0] = 1 - q
    M[0, 1] = q
    for j in range(1, n):
        M[j, (j + 1) % n] = 1
    pis = sympy.symbols(f"pi0:{n}")
    vec = sympy.Matrix([pis])
    eqs = [*(vec * M - vec), sum(pis) - 1]
    sol = sympy.solve(eqs, pis, dict=True)[0]
    exact = not e.free_symbols

    def out(x: Any) -> Any:
        x = sympy.factor(sympy.simplify(x))
        return _from_sym(x, "exact") if exact else x

    stationary = {s: out(sol[pi]) for s, pi in zip(states, pis)}
    punish = out(sum(sol[pi] for pi in pis[1:]))
    violation = out(sol[pis[0]] * q)
    return NoisyMonitoring(
        eps=_from_sym(e, "exact") if exact else e,
        length=k,
        n_players=n_players,
        states=states,
        transition=M,
        stationary=stationary,
        punishment_frequency=punish,
        violation_frequency=violation,
        phase_frequency=violation,
    )


def simulate_noisy_monitoring(
    eps: float, length: int, n_players: int = 2, periods: int = 200_000, seed: int = 0
) -> dict[str, float]:
    """Simulate the chain of :func:`noisy_monitoring`; empirical frequencies.

    Returns ``{"punishment_frequency": ..., "violation_frequency": ...}``.
    """
    k = _parse_punishment(("finite", length), None)[1]
    rng = np.random.default_rng(seed)
    seen = (rng.random((periods, n_players)) < float(eps)).any(axis=1)
    punish_left = 0
    punishing = 0
    violations = 0
    for t in range(periods):
        if punish_left > 0:
            punish_left -= 1
            punishing += 1
        elif seen[t]:
            violations += 1
            punish_left = k
    return {
        "punishment_frequency": punishing / periods,
        "violation_frequency": violations / periods,
    }
