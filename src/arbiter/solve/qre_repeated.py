r"""Logit QRE of a repeated game under a trigger strategy: how often the deal breaks.

A stage game is played every period with discount factor :math:`\delta`.
The players follow a trigger strategy's *states*: ``cooperate`` (the deal
holds) and the punishment periods (``punish 1`` ... ``punish k``, or one
absorbing ``punish`` for grim trigger). Any departure from the cooperative
profile in ``cooperate`` starts the punishment; punishment periods follow
each other whatever is played, then cooperation resumes. An outside harm
:math:`h_i` (an arbiter's sanction) lowers player :math:`i`'s payoff in every
punishment period, as in :func:`arbiter.critical_discount_factor`.

Instead of best responses, players choose by **logit** in every state
(a stationary, Markov logit QRE; McKelvey and Palfrey 1998's agent QRE
applied to the states of the strategy): in state :math:`s`,

.. math::

    \sigma^s_i(a_i) \propto \exp\Big(\lambda \sum_{a_{-i}} \sigma^s_{-i}(a_{-i})
        \big[u^s_i(a) + \delta V^{\,next(s, a)}_i\big]\Big),

with the continuation values :math:`V` those of the profile itself. In a
punishment state the next state does not depend on the play, so its choice
is the stage game's logit QRE; in ``cooperate`` it is the logit QRE of the
stage game augmented by the continuation values. The fixed point in
:math:`(\sigma, V)` is found by alternating the two (QRE of the augmented
game on the principal branch, warm-started; exact policy evaluation by a
linear solve) until both settle. Floats throughout.

The probability :math:`q` that the deal is broken in a period while it
holds is then endogenous: players err more often where the stakes are small.
With :math:`k`-period punishment the long-run share of periods in which the
deal is broken is :math:`q / (1 + k q)` (the chain of
:func:`arbiter.noisy_monitoring`, with :math:`q` in place of its noise).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.games.normal_form import NormalFormGame
from arbiter.solve._qre import (
    BimatrixKernel,
    NormalKernel,
    QREConvergenceError,
    check_positive,
    newton_at,
)
from arbiter.solve.qre import _refuse_symbolic, quantal_response
from arbiter.solve.result import FrozenMap

__all__ = ["RepeatedQRE", "repeated_quantal_response"]


@dataclass(frozen=True)
class RepeatedQRE:
    """The stationary logit QRE of a repeated game under a trigger strategy.

    Attributes
    ----------
    lam, delta, punishment:
        The precision, the discount factor and ``"grim"`` or ``("finite", k)``.
    states:
        ``("cooperate", "punish 1", ...)`` (``("cooperate", "punish")`` for grim).
    strategies:
        ``{state: one probability vector per player}``.
    values:
        ``{state: continuation value per player}`` (discounted sums).
    violation_probability:
        :math:`q`: the probability that the cooperative profile is not played
        in a period in which the deal holds.
    expected_duration:
        :math:`1/q`: the expected number of periods the deal holds once
        (re)started (``inf`` if :math:`q = 0`).
    violation_frequency:
        Finite punishment: the long-run share of periods in which the deal is
        broken, :math:`q / (1 + kq)`. Grim trigger: ``0.0`` (the deal, once
        broken, is never restored: see :attr:`expected_duration`).
    punishment_frequency:
        Finite punishment: the long-run share of periods spent punishing;
        grim trigger: ``1.0``.
    iterations:
        Rounds of the (QRE, values) alternation.
    """

    lam: float
    delta: float
    punishment: Any
    states: tuple[str, ...]
    strategies: FrozenMap
    values: FrozenMap
    violation_probability: float
    expected_duration: float
    violation_frequency: float
    punishment_frequency: float
    iterations: int


def _punishment(punishment: Any) -> int | None:
    if punishment == "grim":
        return None
    if (
        isinstance(punishment, tuple)
        and len(punishment) == 2
        and punishment[0] == "finite"
        and isinstance(punishment[1], int)
        and not isinstance(punishment[1], bool)
        and punishment[1] >= 1
    ):
        return punishment[1]
    raise InvalidArgumentError(
        f"repeated_quantal_response(): punishment must be 'grim' or ('finite', k) with k >= 1; "
        f"got {punishment!r}"
    )


def _kernel(payoffs: np.ndarray) -> Any:
    return (
        BimatrixKernel(payoffs[0], payoffs[1]) if payoffs.shape[0] == 2 else NormalKernel(payoffs)
    )


def _qre(payoffs: np.ndarray, lam: float, x0: np.ndarray | None, names: Any) -> np.ndarray:
    kernel = _kernel(payoffs)
    if x0 is not None:
        x = newton_at(kernel, x0, lam)
        if x is not None:
            return x
    game = NormalFormGame(payoffs, players=names[0], actions=names[1])
    q = quantal_response(game, lam)
    return np.log(np.concatenate([np.asarray(s, dtype=float) for s in q.strategies]))


def repeated_quantal_response(
    stage_game: NormalFormGame,
    lam: float,
    delta: float,
    *,
    cooperate: Sequence[str],
    punishment: Any = "grim",
    extra_punishment: Mapping[str, Any] | None = None,
    selection: str = "deal",
    tol: float = 1e-12,
    max_iterations: int = 10_000,
) -> RepeatedQRE:
    """The stationary logit QRE of ``stage_game`` repeated under a trigger strategy.

    Parameters
    ----------
    stage_game:
        A numeric normal form (substitute parameters with ``game.subs`` first).
    lam:
        Precision :math:`\\lambda \\ge 0`.
    delta:
        Discount factor in :math:`[0, 1)`.
    cooperate:
        The cooperative pure profile (action names, one per player).
    punishment:
        ``"grim"`` or ``("finite", k)``.
    extra_punishment:
        ``{player: harm}`` subtracted from the player's payoff in every
        punishment period (an arbiter's sanction).
    selection:
        The play in ``cooperate`` is a QRE of a game that may have several
        (the trigger makes keeping the deal worthwhile only if the other
        keeps it): ``"deal"`` (default) takes the one Newton's method finds
        from the deal itself (the cooperative profile, at its value), the
        QRE of players who mean to keep the deal; ``"principal"`` the one on
        the principal branch from uniform play, which may be the deal's
        breakdown. Where the QRE is unique (low precision) they coincide.

    Examples
    --------
    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                 actions=(("C", "D"), ("C", "D")))
    >>> r = repeated_quantal_response(pd, 4.0, 0.9, cooperate=("C", "C"), punishment=("finite", 3))
    >>> round(r.violation_probability, 4), round(r.violation_frequency, 4)
    (0.0, 0.0)
    >>> r = repeated_quantal_response(pd, 1.0, 0.9, cooperate=("C", "C"), punishment=("finite", 3))
    >>> 0 < r.violation_frequency < r.violation_probability < 1
    True
    """
    caller = "repeated_quantal_response"
    if not isinstance(stage_game, NormalFormGame):
        raise ArgumentTypeError(
            f"{caller}(): stage_game must be a NormalFormGame; got {type(stage_game).__name__}"
        )
    _refuse_symbolic(stage_game, caller)
    lam = check_positive(lam, "lam", caller, allow_zero=True)
    delta = check_positive(delta, "delta", caller, allow_zero=True)
    if not delta < 1:
        raise InvalidArgumentError(f"{caller}(): delta must be in [0, 1); got {delta!r}")
    k = _punishment(punishment)
    if selection not in ("deal", "principal"):
        raise InvalidArgumentError(
            f"{caller}(): selection must be 'deal' or 'principal'; got {selection!r}"
        )
    players, actions = stage_game.players, stage_game.actions
    if isinstance(cooperate, str) or len(cooperate) != len(players):
        raise InvalidArgumentError(
            f"{caller}(): cooperate must name one action per player {list(players)}; "
            f"got {cooperate!r}"
        )
    coop = []
    for i, a in enumerate(cooperate):
        if a not in actions[i]:
            raise InvalidArgumentError(
                f"{caller}(): {a!r} is not an action of {players[i]!r}; actions are "
                f"{list(actions[i])}"
            )
        coop.append(actions[i].index(a))
    harm = np.zeros(len(players))
    for name, h in (extra_punishment or {}).items():
        if name not in players:
            raise InvalidArgumentError(
                f"{caller}(): extra_punishment names {name!r}, not a player of {list(players)}"
            )
        harm[players.index(name)] = float(h)
    u = np.asarray(stage_game.payoffs, dtype=float)
    n = len(players)
    punish_states = ["punish"] if k is None else [f"punish {j}" for j in range(1, k + 1)]
    states = ("cooperate", *punish_states)
    names = (players, actions)
    # punishment states: the stage game's QRE (the harm is the same whatever is played)
    x_p = _qre(u, lam, None, names)
    sig_p = _blocks(x_p, stage_game.shape)
    stage_p = _expected(u, sig_p) - harm  # per-period value in punishment
    is_coop = np.zeros(stage_game.shape, dtype=bool)
    is_coop[tuple(coop)] = True
    if selection == "deal":
        # start at the deal itself: the cooperative profile almost surely, at its value
        x_c: np.ndarray | None = np.concatenate(
            [
                np.log(np.where(np.arange(m) == c, 1 - 1e-9, 1e-9 / max(m - 1, 1)))
                for m, c in zip(stage_game.shape, coop)
            ]
        )
        v_c = u[(slice(None), *coop)] / (1 - delta)
    else:
        x_c, v_c = None, np.zeros(n)
    col = (n,) + (1,) * n
    iterations = 0
    settled = False
    while iterations < max_iterations and not settled:
        iterations += 1
        v_p1 = _punish_value(stage_p, v_c, delta, k)
        augmented = u + delta * np.where(is_coop, v_c.reshape(col), v_p1.reshape(col))
        x_new = _qre(augmented, lam, x_c, names)
        sig_c = _blocks(x_new, stage_game.shape)
        starts = np.concatenate([[0], np.cumsum(stage_game.shape)[:-1]])
        log_keep = float(sum(x_new[s + c] for s, c in zip(starts, coop)))
        q_keep = float(np.exp(log_keep))
        stage_c = _expected(u, sig_c)
        # V_c = stage_c + delta (q_keep V_c + (1 - q_keep) V_p1(V_c)), V_p1 affine in V_c
        v_new = _solve_cooperate(stage_c, stage_p, q_keep, delta, k)
        scale = max(1.0, float(np.abs(v_new).max()))
        settled = (
            x_c is not None
            and float(np.abs(x_new - x_c).max()) <= tol
            and float(np.abs(v_new - v_c).max()) <= tol * scale
        )
        x_c, v_c = x_new, v_new
    if not settled:
        raise QREConvergenceError(
            f"{caller}(): the values did not settle in {max_iterations} iterations"
        )
    q = float(-np.expm1(log_keep))  # 1 - q_keep, without cancellation
    values = {"cooperate": v_c}
    if k is None:
        values["punish"] = stage_p / (1 - delta)
        freq, punish_freq = 0.0, 1.0
    else:
        for j in range(k, 0, -1):
            nxt = v_c if j == k else values[f"punish {j + 1}"]
            values[f"punish {j}"] = stage_p + delta * nxt
        pi_c = 1.0 / (1.0 + k * q)
        freq, punish_freq = pi_c * q, 1.0 - pi_c
    strategies = {"cooperate": tuple(tuple(float(p) for p in s) for s in sig_c)}
    for st in punish_states:
        strategies[st] = tuple(tuple(float(p) for p in s) for s in sig_p)
    return RepeatedQRE(
        lam=lam,
        delta=delta,
        punishment=punishment,
        states=states,
        strategies=FrozenMap(strategies),
        values=FrozenMap({s: tuple(float(v) for v in vals) for s, vals in values.items()}),
        violation_probability=q,
        expected_duration=float("inf") if q == 0 else 1.0 / q,
        violation_frequency=float(freq),
        punishment_frequency=float(punish_freq),
        iterations=iterations,
    )


def _blocks(x: np.ndarray, shape: tuple[int, ...]) -> list[np.ndarray]:
    out, s = [], 0
    for m in shape:
        out.append(np.exp(x[s : s + m]))
        s += m
    return out


def _expected(u: np.ndarray, sigmas: list[np.ndarray]) -> np.ndarray:
    out = u
    for s in reversed(sigmas):
        out = out @ s
    return np.asarray(out)


def _punish_value(stage_p: np.ndarray, v_c: np.ndarray, delta: float, k: int | None) -> np.ndarray:
    """The value of the first punishment state given the cooperative value."""
    if k is None:
        return stage_p / (1 - delta)
    return stage_p * (1 - delta**k) / (1 - delta) + delta**k * v_c


def _solve_cooperate(
    stage_c: np.ndarray, stage_p: np.ndarray, keep: float, delta: float, k: int | None
) -> np.ndarray:
    if k is None:
        return (stage_c + delta * (1 - keep) * stage_p / (1 - delta)) / (1 - delta * keep)
    a = stage_p * (1 - delta**k) / (1 - delta)
    return (stage_c + delta * (1 - keep) * a) / (1 - delta * keep - delta * (1 - keep) * delta**k)
