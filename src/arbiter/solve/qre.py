r"""Logit quantal response equilibrium: at one precision, along the principal branch, fitted.

In a *quantal response equilibrium* (McKelvey and Palfrey 1995, *Games and
Economic Behavior* 10) players choose better actions more often but not
always. In the logit form, with precision :math:`\lambda \ge 0`, each player
:math:`i` plays action :math:`a` with probability

.. math::

    \sigma_i(a) = \frac{e^{\lambda u_i(a, \sigma_{-i})}}
                       {\sum_b e^{\lambda u_i(b, \sigma_{-i})}},

where :math:`u_i(a, \sigma_{-i})` is the expected payoff of :math:`a` against
the others' mixtures. At :math:`\lambda = 0` play is uniform; as
:math:`\lambda \to \infty` the *principal branch* (the connected curve of
solutions through the uniform profile at :math:`\lambda = 0`) leads, in
generic games, to a Nash equilibrium (McKelvey and Palfrey 1995, Theorem 3):
the *logit tracing procedure* selects one.

For trees, the **agent QRE** (McKelvey and Palfrey 1998, *Experimental
Economics* 1) applies the logit rule at every information set :math:`h`
separately, with behaviour strategies: the value of action :math:`a` is the
mover's expected payoff given that :math:`h` is reached (beliefs over its
nodes by Bayes' rule from chance and everyone's behaviour) and the behaviour
below. Its branch leads to a sequential, hence subgame-perfect, equilibrium.
For a tree with perfect information the agent QRE at a given :math:`\lambda`
is a closed-form backward recursion of logit choices (no fixed point);
information sets with several nodes make it a fixed point. Trees without
perfect recall are refused (the agent form then is not a behaviour model of
the player).

**Computation** (floats throughout: QRE probabilities are transcendental
numbers; exact input is converted to floats, and only the certified limit
equilibrium is given back exactly when it is rational).
:func:`quantal_response` and :func:`qre_branch` follow the principal branch
from :math:`\lambda = 0` with the predictor--corrector path tracer of Turocy
(2005) in log-probabilities (:mod:`arbiter.solve._qre`); :func:`qre_branch`
continues until the profile's regret is within a tolerance of zero, then
*certifies* the equilibrium it approaches with the library's certificate
(:func:`arbiter.solve.certify.certified_set` for normal forms,
:func:`arbiter.solve.behaviour.behaviour_regret` for trees) and returns it.
:func:`qre_estimate` fits :math:`\lambda` to observed action counts by
maximum likelihood along the branch (as Gambit's ``logit_estimate``).

>>> import arbiter
>>> matching = arbiter.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
>>> qre = quantal_response(matching, 2.0)
>>> tuple(round(p, 6) for p in qre.strategies[0])
(0.5, 0.5)
>>> branch = qre_branch(arbiter.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
>>> branch.equilibrium.strategies        # the prisoners' dilemma: both defect, exactly
((Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1)))
>>> branch.equilibrium.regret
Fraction(0, 1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import numpy as np

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.profiles import max_regret
from arbiter.games.tree import SequentialGame
from arbiter.solve._backward import (
    CHANCE,
    OUTCOME,
    FlatTree,
    check_perfect_recall,
    flatten,
)
from arbiter.solve._qre import (
    BimatrixKernel,
    NormalKernel,
    PathTracer,
    QREConvergenceError,
    TraceOptions,
    TreeKernel,
    backward_logit,
    check_positive,
)
from arbiter.solve.behaviour import behaviour_payoffs, behaviour_regret
from arbiter.solve.certify import certified_set, check_tolerance
from arbiter.solve.result import Equilibrium, EquilibriumSet, FrozenMap, behaviour_profile

__all__ = [
    "QREBranch",
    "QREConvergenceError",
    "QREFit",
    "QuantalResponse",
    "qre_branch",
    "qre_estimate",
    "quantal_response",
]

#: Default regret tolerance of :func:`qre_branch`, relative to the largest absolute
#: payoff (at least 1): as Gambit's ``logit_solve`` (``maxregret=1e-8``).
QRE_TOLERANCE = 1e-8


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class QuantalResponse:
    """A logit QRE at one precision (floats; not an equilibrium certificate).

    Attributes
    ----------
    game:
        The game (as given).
    lam:
        The precision :math:`\\lambda`.
    strategies:
        Normal form: one probability vector per player. Trees: a behaviour
        profile, one :class:`~arbiter.solve.result.FrozenMap` per player from
        information set to ``{action: probability}``.
    payoffs:
        The expected payoff of each player.
    regret:
        The largest regret of any player (trees: of any agent, conditional on
        its information set being reached): how far the profile is from a
        Nash (sequential) equilibrium. It goes to 0 along the branch.
    players, actions:
        Names (trees: ``actions`` lists each player's information sets).
    outcome:
        Trees: ``{outcome label: probability}``; ``None`` for normal forms.
    """

    game: Any
    lam: float
    strategies: tuple[Any, ...]
    payoffs: tuple[float, ...]
    regret: float
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    outcome: FrozenMap | None = None

    @property
    def is_behaviour(self) -> bool:
        return bool(self.strategies) and isinstance(self.strategies[0], Mapping)

    def strategy(self, player: str | int) -> dict[str, Any]:
        """One player's strategy: ``{action: probability}`` (trees: per information set)."""
        p = _player_index(self.players, player)
        if self.is_behaviour:
            return {h: dict(dist) for h, dist in self.strategies[p].items()}
        return dict(zip(self.actions[p], self.strategies[p]))

    def probability(self, label: str) -> float:
        """Trees: the probability that play ends in an outcome labelled ``label``."""
        if self.outcome is None:
            raise NotSupportedError("probability(): outcome labels belong to trees")
        return float(self.outcome.get(label, 0.0))

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per action (``player``, ``infoset``, ``action``,
        ``probability``)."""
        import pandas as pd

        rows = []
        for p, acts, s in zip(self.players, self.actions, self.strategies):
            if isinstance(s, Mapping):
                for h, dist in s.items():
                    rows.extend(
                        {"player": p, "infoset": h, "action": a, "probability": q}
                        for a, q in dist.items()
                    )
            else:
                rows.extend(
                    {"player": p, "infoset": p, "action": a, "probability": q}
                    for a, q in zip(acts, s)
                )
        frame = pd.DataFrame(rows, columns=["player", "infoset", "action", "probability"])
        frame.attrs.update(lam=self.lam, payoffs=dict(zip(self.players, self.payoffs)))
        return frame

    def __repr__(self) -> str:
        pays = ", ".join(f"{p} {u:.4g}" for p, u in zip(self.players, self.payoffs))
        return f"<QuantalResponse lam={self.lam:.6g}; payoffs ({pays}); regret {self.regret:.3g}>"


def _player_index(players: tuple[str, ...], player: str | int) -> int:
    if isinstance(player, str) and player in players:
        return players.index(player)
    if (
        isinstance(player, int)
        and not isinstance(player, bool)
        and -len(players) <= player < len(players)
    ):
        return player
    raise InvalidArgumentError(f"unknown player {player!r}; the players are {list(players)}")


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class QREBranch:
    """The principal branch of the logit QRE correspondence, as a table, and its limit.

    Attributes
    ----------
    game:
        The game (as given).
    lams:
        Read-only array: :math:`\\lambda` at each traced point (from 0; it may
        decrease where the branch folds back).
    profiles:
        Read-only array, one row per point, one column per (agent, action) in
        :attr:`columns`: the probabilities.
    regrets:
        Read-only array: the profile's largest regret at each point.
    columns:
        ``(agent, action)`` per column: the agent is the player (normal form)
        or the information set (trees).
    equilibria:
        The certified equilibrium the branch reaches (an
        :class:`~arbiter.solve.result.EquilibriumSet` of one, method
        ``"logit-qre"``); empty when the trace stopped at ``lam_max`` before
        getting within the tolerance.
    bifurcations:
        :math:`\\lambda` values where another solution curve crosses the branch
        (simple branch points: the sign of :math:`\\det[H'; t^\\top]` changes).
        The tracer continues straight through them.
    steps:
        Accepted predictor--corrector steps.
    """

    game: Any
    lams: np.ndarray
    profiles: np.ndarray
    regrets: np.ndarray
    columns: tuple[tuple[str, str], ...]
    equilibria: EquilibriumSet
    bifurcations: tuple[float, ...] = ()
    steps: int = 0
    _players: tuple[str, ...] = field(default=(), repr=False)
    _agents: tuple[tuple[int, str, tuple[str, ...]], ...] = field(default=(), repr=False)
    _tree: bool = field(default=False, repr=False)

    def __len__(self) -> int:
        return len(self.lams)

    @property
    def equilibrium(self) -> Equilibrium | None:
        """The certified limit equilibrium, or ``None`` (see :attr:`equilibria`)."""
        return self.equilibria[0] if len(self.equilibria) else None

    @property
    def lam(self) -> float:
        """The last traced :math:`\\lambda`."""
        return float(self.lams[-1])

    def point(self, k: int) -> QuantalResponse:
        """The ``k``-th traced point as a :class:`QuantalResponse` (``-1``: the last)."""
        return _response(
            self, float(self.lams[k]), np.asarray(self.profiles[k]), float(self.regrets[k])
        )

    def to_frame(self) -> Any:
        """A pandas DataFrame: one row per point; columns ``lam``, ``regret`` and a
        probability per ``(agent, action)`` (a two-level column index)."""
        import pandas as pd

        frame = pd.DataFrame(self.profiles, columns=pd.MultiIndex.from_tuples(self.columns))
        frame.insert(0, ("regret", ""), self.regrets)
        frame.insert(0, ("lam", ""), self.lams)
        return frame

    def plot(self, ax: Any = None, path: Any = None) -> Any:
        """Probabilities against :math:`1 + \\lambda` (log scale), one line per action.

        Drawn without pyplot on the Agg canvas unless ``ax`` is given;
        returns the Axes (saved to ``path`` if given).
        """
        from matplotlib.figure import Figure

        if ax is None:
            fig = Figure(figsize=(6.5, 4.0), layout="constrained")
            ax = fig.add_subplot()
        for k, (agent, action) in enumerate(self.columns):
            ax.plot(1.0 + self.lams, self.profiles[:, k], label=f"{agent}: {action}")
        ax.set_xscale("log")
        ax.set_xlabel("1 + λ (precision)")
        ax.set_ylabel("probability")
        ax.set_title("Principal branch of the logit QRE")
        for b in self.bifurcations:
            ax.axvline(1.0 + b, color="grey", lw=0.8, ls=":")
        if len(self.columns) <= 12:
            ax.legend(fontsize="small", frameon=False)
        if path is not None:
            ax.figure.savefig(path, dpi=200, bbox_inches="tight")
        return ax

    def __repr__(self) -> str:
        eq = "no certified limit" if self.equilibrium is None else "certified limit"
        return (
            f"<QREBranch {len(self)} points, lam 0 to {self.lam:.6g}, {self.steps} steps, "
            f"{len(self.bifurcations)} bifurcation(s), {eq}>"
        )


@dataclass(frozen=True, eq=False)
class QREFit:
    """A logit QRE fitted to observed action counts by maximum likelihood.

    Attributes
    ----------
    lam:
        The estimate :math:`\\hat\\lambda` (the global maximiser along the
        principal branch).
    profile:
        The QRE at :math:`\\hat\\lambda` (a :class:`QuantalResponse`).
    log_likelihood:
        :math:`\\sum_{i,a} n_{ia} \\log \\sigma_i(a)` at :math:`\\hat\\lambda`.
    counts:
        The data, one tuple of counts per player.
    branch:
        The traced branch (its profiles and the log-likelihood at each point
        in :attr:`log_likelihoods`).
    log_likelihoods:
        The log-likelihood at each traced point.
    warnings:
        For example that the likelihood still rises at the end of the branch
        (the data are best fitted by Nash play: :math:`\\hat\\lambda = \\infty`,
        reported as the last traced :math:`\\lambda`).
    """

    lam: float
    profile: QuantalResponse
    log_likelihood: float
    counts: tuple[tuple[float, ...], ...]
    branch: QREBranch = field(repr=False)
    log_likelihoods: np.ndarray = field(repr=False)
    warnings: tuple[str, ...] = ()

    @property
    def llf(self) -> float:
        """The log-likelihood (statsmodels' name)."""
        return self.log_likelihood

    @property
    def nobs(self) -> float:
        return float(sum(sum(c) for c in self.counts))

    @property
    def aic(self) -> float:
        return 2.0 - 2.0 * self.log_likelihood

    @property
    def bic(self) -> float:
        return float(np.log(max(self.nobs, 1.0))) - 2.0 * self.log_likelihood


# --------------------------------------------------------------------------- preparation
@dataclass
class _Problem:
    game: Any
    kernel: Any
    tree: bool
    flat: FlatTree | None
    players: tuple[str, ...]
    agents: tuple[tuple[int, str, tuple[str, ...]], ...]  # (player, agent name, actions)
    float_game: Any = None


def _refuse_symbolic(game: Any, caller: str) -> None:
    if game.kind == "symbolic":
        names = [s.name for s in game.parameters] or ["(closed-form constants)"]
        raise NotSupportedError(
            f"{caller}() computes in floats and needs numeric payoffs; the game has free "
            f"parameters {names}. Give them values first with game.subs({{...}}) "
            "(for a model: model.at({...}))"
        )


def _prepare(game: Any, caller: str) -> _Problem:
    if isinstance(game, NormalFormGame):
        _refuse_symbolic(game, caller)
        pay = np.asarray(game.payoffs, dtype=float)
        if not np.all(np.isfinite(pay)):
            raise InvalidArgumentError(f"{caller}(): the payoffs must be finite")
        kernel = BimatrixKernel(pay[0], pay[1]) if game.n_players == 2 else NormalKernel(pay)
        agents = tuple((i, p, tuple(game.actions[i])) for i, p in enumerate(game.players))
        float_game = (
            game
            if game.kind == "float"
            else NormalFormGame(pay, players=game.players, actions=game.actions)
        )
        return _Problem(game, kernel, False, None, tuple(game.players), agents, float_game)
    if isinstance(game, SequentialGame):
        _refuse_symbolic(game, caller)
        flat = flatten(game)
        check_perfect_recall(flat, caller)
        if not flat.members:
            raise InvalidArgumentError(f"{caller}(): the tree has no decision node")
        kernel = TreeKernel(flat)
        agents = tuple(
            (flat.player[flat.members[h][0]], h, flat.labels[flat.members[h][0]])
            for h in kernel.names
        )
        return _Problem(game, kernel, True, flat, tuple(game.players), agents)
    if hasattr(game, "game") and hasattr(game, "at"):
        raise ArgumentTypeError(
            f"{caller}(): give a game, not a model; for a model use model.at({{...}}) "
            "(or model.at_defaults())"
        )
    raise ArgumentTypeError(
        f"{caller}(): game must be a NormalFormGame or a SequentialGame; got {type(game).__name__}"
    )


def _options(caller: str, first_step: Any, max_accel: Any, max_steps: Any) -> TraceOptions:
    first_step = check_positive(first_step, "first_step", caller)
    max_accel = check_positive(max_accel, "max_accel", caller)
    if max_accel < 1:
        raise InvalidArgumentError(f"{caller}(): max_accel must be >= 1; got {max_accel!r}")
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1:
        raise InvalidArgumentError(
            f"{caller}(): max_steps must be a positive integer; got {max_steps!r}"
        )
    return TraceOptions(first_step=first_step, max_accel=max_accel, max_steps=max_steps)


# --------------------------------------------------------------------------- profiles
def _blocks(problem: _Problem, sigma: np.ndarray) -> list[np.ndarray]:
    ag = problem.kernel.agents
    return [sigma[s : s + m] for s, m in zip(ag.starts, ag.sizes)]


def _tree_outcome(problem: _Problem, x: np.ndarray) -> tuple[tuple[float, ...], FrozenMap]:
    k: TreeKernel = problem.kernel
    flat = problem.flat
    assert flat is not None
    logc = np.where(k.logc <= -699.0, -np.inf, k.logc)
    P = np.exp(logc + k.M @ x)
    payoffs = tuple(float(v) for v in P @ k.u)
    tree = problem.game
    out: dict[str, float] = {}
    for leaf, p in zip(k.leaves, P):
        label = tree.label_of(flat.path(int(leaf)))
        out[label] = out.get(label, 0.0) + float(p)
    return payoffs, FrozenMap(out)


def _make_response(
    problem: _Problem, lam: float, sigma: np.ndarray, regret: float
) -> QuantalResponse:
    blocks = _blocks(problem, sigma)
    if not problem.tree:
        strategies = tuple(tuple(float(v) for v in b) for b in blocks)
        ag = problem.kernel.agents
        v = problem.kernel.values(sigma)
        payoffs = tuple(float(u) for u in ag.sums(sigma * v))
        actions = tuple(a for _, _, a in problem.agents)
        return QuantalResponse(
            problem.game, lam, strategies, payoffs, regret, problem.players, actions
        )
    plans: list[dict[str, dict[str, float]]] = [{} for _ in problem.players]
    for (p, h, acts), b in zip(problem.agents, blocks):
        plans[p][h] = {a: float(q) for a, q in zip(acts, b)}
    with np.errstate(divide="ignore"):
        x = np.log(sigma)
    payoffs, outcome = _tree_outcome(problem, x)
    return QuantalResponse(
        problem.game,
        lam,
        behaviour_profile(plans),
        payoffs,
        regret,
        problem.players,
        tuple(tuple(plan) for plan in plans),
        outcome,
    )


def _response(branch: QREBranch, lam: float, sigma: np.ndarray, regret: float) -> QuantalResponse:
    problem = _prepare(branch.game, "QREBranch.point")
    return _make_response(problem, lam, sigma, regret)


# --------------------------------------------------------------------------- quantal_response
def quantal_response(
    game: NormalFormGame | SequentialGame,
    lam: float,
    *,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 100_000,
) -> QuantalResponse:
    """The logit QRE at precision ``lam`` on the principal branch (agent QRE for trees).

    Float arithmetic (exact payoffs are converted to floats): the result is a
    :class:`QuantalResponse`, not a certified equilibrium.

    Parameters
    ----------
    game:
        A numeric :class:`~arbiter.games.normal_form.NormalFormGame` (any
        number of players) or :class:`~arbiter.games.tree.SequentialGame`
        (chance nodes and information sets allowed; perfect recall required).
        Symbolic games are refused: substitute with ``game.subs({...})`` first.
    lam:
        The precision :math:`\\lambda \\ge 0` (0: uniform play).
    first_step, max_accel, max_steps:
        Path-tracer options (see :func:`qre_branch`); unused for trees with
        perfect information, whose agent QRE is a closed-form backward recursion.

    Examples
    --------
    A perfect-information tree: each mover's logit choice given the choices below.

    >>> from arbiter.scenarios.classics import entry_deterrence
    >>> qre = quantal_response(entry_deterrence(), 1.0)
    >>> round(qre.strategy("Incumbent")["Incumbent:In"]["Accommodate"], 4)
    0.8808
    """
    caller = "quantal_response"
    lam = check_positive(lam, "lam", caller, allow_zero=True)
    options = _options(caller, first_step, max_accel, max_steps)
    problem = _prepare(game, caller)
    kernel = problem.kernel
    if problem.tree and problem.flat is not None and problem.flat.perfect_information:
        x = _perfect_information_x(problem, lam)
    elif lam == 0:
        x = kernel.agents.uniform.copy()
    else:
        tracer = PathTracer(kernel, options)
        while tracer.lam < lam:
            tracer.step()
        x = tracer.land(lam)
    sigma = np.exp(x)
    return _make_response(problem, lam, sigma, kernel.regret(sigma, kernel.evaluate(x)[1]))


def _perfect_information_x(problem: _Problem, lam: float) -> np.ndarray:
    flat = problem.flat
    assert flat is not None
    leaf_values = {
        i: np.array([[float(v)] for v in flat.payoff[i]])  # type: ignore[union-attr]
        for i in range(len(flat))
        if flat.kind[i] == OUTCOME
    }
    chance_values = {
        i: [float(p) for p in flat.probs[i]] for i in range(len(flat)) if flat.kind[i] == CHANCE
    }
    _, logp = backward_logit(flat, lam, leaf_values, chance_values)
    ag = problem.kernel.agents
    x = np.empty(ag.n)
    for g, h in enumerate(problem.kernel.names):
        i = flat.members[h][0]
        s = ag.starts[g]
        x[s : s + ag.sizes[g]] = logp[i][:, 0]
    return x


# --------------------------------------------------------------------------- qre_branch
def qre_branch(
    game: NormalFormGame | SequentialGame,
    *,
    tol: float = QRE_TOLERANCE,
    lam_max: float | None = None,
    polish: bool = True,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 100_000,
) -> QREBranch:
    """Trace the principal branch of the logit QRE from ``lam = 0`` to the equilibrium it selects.

    The branch is followed in :math:`(\\lambda, \\log \\sigma)` space by a
    predictor--corrector path tracer (Turocy 2005): tangent from the null
    space of the Jacobian, Newton corrector with its Moore--Penrose inverse,
    adaptive step length. Float arithmetic.

    Parameters
    ----------
    game:
        A numeric normal form (any number of players) or tree (agent QRE;
        chance, information sets with perfect recall). Symbolic games are
        refused: substitute with ``game.subs({...})`` first.
    tol:
        Stop when the profile's largest regret is at most ``tol`` times the
        largest absolute payoff (at least 1); the limit is then certified
        with this tolerance (trees: conditional agent regret first, then the
        subgame-perfection certificate; the trace goes on, ten times tighter,
        until it passes).
    lam_max:
        If given, stop at exactly this :math:`\\lambda` instead (the limit is
        certified only if the profile there is already within ``tol``).
    polish:
        Normal forms: before certifying, solve the indifference equations on
        the support the branch approaches (Newton's method), so that the
        equilibrium returned is the exact limit; for exact games it is then
        given back in Fractions when it is rational (regret exactly 0).
        Trees: information sets where one action has almost all the
        probability are set to it.
    first_step, max_accel, max_steps:
        The initial arclength step, the largest factor by which a step may
        grow, and a cap on the number of accepted steps.

    Returns
    -------
    QREBranch
        The table of points, the bifurcation points met, and ``equilibria``:
        the certified limit (an :class:`~arbiter.solve.result.EquilibriumSet`
        of one equilibrium, ``complete=False``: the branch selects one).

    Examples
    --------
    In the entry-deterrence tree the branch selects the subgame-perfect
    equilibrium (the threat to fight is not credible), certified exactly:

    >>> from arbiter.scenarios.classics import entry_deterrence
    >>> branch = qre_branch(entry_deterrence())
    >>> dict(branch.equilibrium.outcome), branch.equilibrium.regret
    ({'shared market': Fraction(1, 1)}, Fraction(0, 1))
    """
    caller = "qre_branch"
    tol = check_tolerance(tol)
    if tol == 0:
        raise InvalidArgumentError(f"{caller}(): tol must be > 0 (float arithmetic); got 0")
    if lam_max is not None:
        lam_max = check_positive(lam_max, "lam_max", caller)
    if not isinstance(polish, bool):
        raise ArgumentTypeError(f"{caller}(): polish must be True or False; got {polish!r}")
    options = _options(caller, first_step, max_accel, max_steps)
    problem = _prepare(game, caller)
    early = None
    if polish and not problem.tree and lam_max is None:
        early = _early_polish(problem, tol)
    tracer, regrets, eqs = _trace(problem, options, tol, lam_max, early)
    if eqs is None:
        eqs = _certify(problem, tracer.points[-1], tol, polish)
    if problem.tree and lam_max is None:
        target = tol * problem.kernel.scale
        for _ in range(4):
            if len(eqs):
                break
            target /= 10.0
            _continue(tracer, problem, regrets, target)
            eqs = _certify(problem, tracer.points[-1], tol, polish)
    return _branch(problem, tracer, regrets, eqs)


def _trace(
    problem: _Problem,
    options: TraceOptions,
    tol: float,
    lam_max: float | None,
    early: Any = None,
) -> tuple[PathTracer, list[float], EquilibriumSet | None]:
    kernel = problem.kernel
    tracer = PathTracer(kernel, options)
    regrets = [_regret_at(kernel, tracer.points[0])]
    if lam_max is not None:
        while tracer.lam < lam_max:
            tracer.step()
            regrets.append(_regret_at(kernel, tracer.points[-1]))
        tracer.land(lam_max)
        regrets[-1] = _regret_at(kernel, tracer.points[-1])
        return tracer, regrets, None
    got = _continue(tracer, problem, regrets, tol * kernel.scale, early)
    return tracer, regrets, got


def _regret_at(kernel: Any, x: np.ndarray) -> float:
    sigma, v = kernel.values_x(x)
    return kernel.regret(sigma, v)


def _continue(
    tracer: PathTracer,
    problem: _Problem,
    regrets: list[float],
    target: float,
    early: Any = None,
) -> EquilibriumSet | None:
    """Step until the regret is at most ``target`` (or ``early`` certifies a limit first)."""
    while regrets[-1] > target:
        if early is not None:
            got = early(tracer.points[-1], regrets[-1])
            if got is not None:
                return got
        tracer.step()
        regrets.append(_regret_at(problem.kernel, tracer.points[-1]))
    return None


#: Normal forms: below this relative regret, each step tries to polish the profile into
#: the equilibrium it approaches (accepted only if certified and close).
_POLISH_FROM = 1e-3
#: ... and only if no probability moves by more than this.
_POLISH_DISTANCE = 1e-2


def _early_polish(problem: _Problem, tol: float) -> Any:
    scale = problem.kernel.scale

    def attempt(x: np.ndarray, regret: float) -> EquilibriumSet | None:
        if regret > _POLISH_FROM * scale:
            return None
        sigma = np.exp(x)
        p = _polish_normal(problem.kernel, sigma)
        if p is None or float(np.abs(p - sigma).max()) > _POLISH_DISTANCE:
            return None
        got = _certify_normal(problem, p, tol, False)
        return got if len(got) else None

    return attempt


def _branch(
    problem: _Problem, tracer: PathTracer, regrets: list[float], eqs: EquilibriumSet
) -> QREBranch:
    columns = tuple((name, a) for _, name, acts in problem.agents for a in acts)
    return QREBranch(
        game=problem.game,
        lams=_readonly(np.asarray(tracer.lams)),
        profiles=_readonly(np.exp(np.asarray(tracer.points))),
        regrets=_readonly(np.asarray(regrets)),
        columns=columns,
        equilibria=eqs,
        bifurcations=tuple(tracer.bifurcations),
        steps=tracer.steps,
        _players=problem.players,
        _agents=problem.agents,
        _tree=problem.tree,
    )


# --------------------------------------------------------------------------- certification
def _certify(problem: _Problem, x: np.ndarray, tol: float, polish: bool) -> EquilibriumSet:
    if problem.tree:
        return _certify_tree(problem, x, tol, polish)
    return _certify_normal(problem, np.exp(x), tol, polish)


def _polish_normal(kernel: Any, sigma: np.ndarray, ratio: float = 1e-3) -> np.ndarray | None:
    """Newton's method on the indifference equations of the support the profile approaches."""
    ag = kernel.agents
    top = ag.maxima(sigma)[ag.agent_of]
    support = sigma >= ratio * top
    S = np.flatnonzero(support)
    s = np.where(support, sigma, 0.0)
    s = s / ag.sums(s)[ag.agent_of]
    first = {}
    for c in S:
        first.setdefault(int(ag.agent_of[c]), int(c))
    rows_sum = sorted(first.values())
    diff = [int(c) for c in S if int(c) not in rows_sum]
    for _ in range(30):
        v = kernel.values(s)
        E = kernel.derivative(s)
        F = np.concatenate(
            [
                np.array(
                    [s[support & (ag.agent_of == ag.agent_of[c])].sum() - 1.0 for c in rows_sum]
                ),
                np.array([v[c] - v[first[int(ag.agent_of[c])]] for c in diff]),
            ]
        )
        J = np.zeros((len(S), len(S)))
        for r, c in enumerate(rows_sum):
            J[r] = (ag.agent_of[S] == ag.agent_of[c]).astype(float)
        for r, c in enumerate(diff, start=len(rows_sum)):
            J[r] = E[c, S] - E[first[int(ag.agent_of[c])], S]
        try:
            d = np.linalg.solve(J, F)
        except np.linalg.LinAlgError:
            return None
        s[S] -= d
        if float(np.abs(d).max()) <= 1e-14:
            break
    if not np.all(np.isfinite(s)) or s.min() < -1e-12:
        return None
    s = np.maximum(s, 0.0)
    return s / ag.sums(s)[ag.agent_of]


def _rational(block: np.ndarray) -> tuple[Fraction, ...] | None:
    fr = [Fraction(float(v)).limit_denominator(10**6) for v in block]
    fr[-1] = 1 - sum(fr[:-1], Fraction(0))
    if min(fr) < 0:
        return None
    return tuple(fr)


def _certify_normal(
    problem: _Problem, sigma: np.ndarray, tol: float, polish: bool
) -> EquilibriumSet:
    game = problem.game
    cands = []
    if polish:
        p = _polish_normal(problem.kernel, sigma)
        if p is not None:
            cands.append(p)
    cands.append(sigma)
    method = "logit-qre"
    for cand in cands:
        blocks = _blocks(problem, cand)
        if game.kind == "exact":
            exact = [_rational(b) for b in blocks]
            if all(e is not None for e in exact) and max_regret(game, exact) == 0:
                return certified_set(game, [exact], method=method, complete=False)
        got = certified_set(
            problem.float_game,
            [[tuple(float(v) for v in b) for b in blocks]],
            method=method,
            tol=tol,
            complete=False,
        )
        if len(got):
            return replace(got, game=game)
    return EquilibriumSet(
        equilibria=(),
        game=game,
        method=method,
        complete=False,
        tolerance=tol * problem.kernel.scale,
        warnings=(
            f"the branch stopped at regret {problem.kernel.regret(sigma):.3g}, above the "
            "tolerance: no equilibrium certified",
        ),
    )


def _certify_tree(problem: _Problem, x: np.ndarray, tol: float, polish: bool) -> EquilibriumSet:
    tree = problem.game
    sigma = np.exp(x)
    blocks = _blocks(problem, sigma)
    atol = tol * problem.kernel.scale
    exact_tree = tree.kind == "exact"
    cands = []
    if polish:
        snapped = []
        for b in blocks:
            k = int(np.argmax(b))
            if b[k] >= 1.0 - 1e-6:
                one, zero = (Fraction(1), Fraction(0)) if exact_tree else (1.0, 0.0)
                snapped.append(tuple(one if j == k else zero for j in range(len(b))))
            else:
                snapped.append(tuple(float(v) for v in b))
        cands.append(snapped)
    cands.append([tuple(float(v) for v in b) for b in blocks])
    for cand in cands:
        plans: list[dict[str, dict[str, Any]]] = [{} for _ in problem.players]
        for (p, h, acts), b in zip(problem.agents, cand):
            plans[p][h] = dict(zip(acts, b))
        regret = behaviour_regret(tree, plans)
        exact = isinstance(regret, Fraction)
        if (exact and regret != 0) or (not exact and regret > atol):
            continue
        profile = behaviour_profile(plans)
        reached = tree.outcome_distribution(plans)
        eq = Equilibrium(
            strategies=profile,
            payoffs=behaviour_payoffs(tree, plans),
            regret=regret,
            players=problem.players,
            actions=tuple(tuple(plan) for plan in plans),
            outcome=FrozenMap(tree.outcome_labels(reached)),
        )
        return EquilibriumSet(
            equilibria=(eq,),
            game=tree,
            method="logit-qre",
            complete=False,
            tolerance=None if exact else atol,
        )
    return EquilibriumSet(
        equilibria=(),
        game=tree,
        method="logit-qre",
        complete=False,
        tolerance=atol,
        warnings=("the branch's last profile failed the subgame-perfection certificate",),
    )


# --------------------------------------------------------------------------- estimation
def _check_counts(problem: _Problem, counts: Any, caller: str) -> np.ndarray:
    game = problem.game
    if isinstance(counts, Mapping):
        rows = []
        for i, p in enumerate(game.players):
            given = counts.get(p, {})
            if not isinstance(given, Mapping):
                raise ArgumentTypeError(
                    f"{caller}(): counts[{p!r}] must be a mapping {{action: count}}; got {given!r}"
                )
            unknown = [a for a in given if a not in game.actions[i]]
            if unknown:
                raise InvalidArgumentError(
                    f"{caller}(): counts[{p!r}] names {unknown}, not actions of {p!r} "
                    f"{list(game.actions[i])}"
                )
            rows.append([given.get(a, 0) for a in game.actions[i]])
        counts = rows
    if isinstance(counts, (str, bytes)) or not isinstance(counts, Sequence | np.ndarray):
        raise ArgumentTypeError(
            f"{caller}(): counts must be one sequence of action counts per player (or "
            f"{{player: {{action: count}}}}); got {counts!r}"
        )
    if len(counts) != game.n_players:
        raise InvalidArgumentError(
            f"{caller}(): counts must give one row per player ({game.n_players}); got {len(counts)}"
        )
    flat = []
    for i, row in enumerate(counts):
        values = np.asarray(row, dtype=float)
        if values.shape != (len(game.actions[i]),):
            raise InvalidArgumentError(
                f"{caller}(): counts[{i}] must have {len(game.actions[i])} entries (the actions "
                f"of {game.players[i]!r}); got {list(row)!r}"
            )
        if not np.all(np.isfinite(values)) or values.min() < 0:
            raise InvalidArgumentError(
                f"{caller}(): counts[{i}] must be finite and non-negative; got {list(row)!r}"
            )
        flat.append(values)
    out = np.concatenate(flat)
    if out.sum() <= 0:
        raise InvalidArgumentError(f"{caller}(): counts must include at least one observation")
    return out


def qre_estimate(
    game: NormalFormGame,
    counts: Any,
    *,
    tol: float = QRE_TOLERANCE,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 100_000,
) -> QREFit:
    """Fit :math:`\\lambda` by maximum likelihood to observed action counts (normal forms).

    As Gambit's ``logit_estimate``: the log-likelihood
    :math:`\\ell(\\lambda) = \\sum_{i,a} n_{ia} \\log \\sigma_i(a; \\lambda)` is
    evaluated along the principal branch (traced as by :func:`qre_branch`
    until the profile is within ``tol`` of a Nash equilibrium); the best
    traced point is refined by a bounded one-dimensional search along the
    branch between its neighbours (each trial point corrected back onto the
    branch). Float arithmetic.

    Parameters
    ----------
    game:
        A numeric normal form.
    counts:
        One sequence of action counts per player (``[[n_11, n_12, ...], ...]``),
        or ``{player: {action: count}}``.

    Examples
    --------
    >>> import arbiter
    >>> pd = arbiter.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> fit = qre_estimate(pd, [[30, 70], [30, 70]])
    >>> round(fit.lam, 3), round(fit.profile.strategies[0][1], 3)
    (0.652, 0.7)
    """
    caller = "qre_estimate"
    if not isinstance(game, NormalFormGame):
        raise ArgumentTypeError(
            f"{caller}(): game must be a NormalFormGame (agent-QRE estimation on trees is "
            f"arbiter.estimation's job); got {type(game).__name__}"
        )
    tol = check_tolerance(tol)
    options = _options(caller, first_step, max_accel, max_steps)
    problem = _prepare(game, caller)
    n = _check_counts(problem, counts, caller)
    tracer, regrets, _ = _trace(problem, options, max(tol, 1e-12), None)
    points = np.asarray(tracer.points)
    lls = points @ n
    k = int(np.argmax(lls))
    notes: list[str] = []
    best_y = np.concatenate([points[k], [tracer.lams[k]]])
    best_ll = float(lls[k])
    if k == len(points) - 1:
        notes.append(
            "the log-likelihood still rises at the end of the branch (the data fit Nash play "
            "best: lambda-hat is infinite); the last traced point is reported"
        )
    else:
        best_y, best_ll = _refine(tracer, points, k, n, best_y, best_ll)
    sigma = np.exp(best_y[:-1])
    lam = float(best_y[-1])
    response = _make_response(problem, lam, sigma, _regret_at(problem.kernel, best_y[:-1]))
    eqs = _certify(problem, tracer.points[-1], tol, True)
    branch = _branch(problem, tracer, regrets, eqs)
    return QREFit(
        lam=lam,
        profile=response,
        log_likelihood=best_ll,
        counts=tuple(tuple(float(c) for c in b) for b in _blocks(problem, n)),
        branch=branch,
        log_likelihoods=_readonly(lls),
        warnings=tuple(notes),
    )


def _refine(
    tracer: PathTracer,
    points: np.ndarray,
    k: int,
    n: np.ndarray,
    best_y: np.ndarray,
    best_ll: float,
) -> tuple[np.ndarray, float]:
    from scipy.optimize import minimize_scalar

    lams = tracer.lams
    ys = [np.concatenate([points[j], [lams[j]]]) for j in range(max(k - 1, 0), k + 2)]
    found: dict[float, tuple[np.ndarray, float]] = {}

    def at(s: float) -> float:
        j = min(int(s), len(ys) - 2)
        frac = s - j
        guess = (1 - frac) * ys[j] + frac * ys[j + 1]
        y = tracer.correct(guess)
        if y is None:
            return np.inf
        ll = float(y[:-1] @ n)
        found[s] = (y, ll)
        return -ll

    res = minimize_scalar(
        at, bounds=(0.0, float(len(ys) - 1)), method="bounded", options={"xatol": 1e-10}
    )
    if res.x in found and found[res.x][1] >= best_ll:
        return found[res.x]
    if found:
        s = max(found, key=lambda key: found[key][1])
        if found[s][1] >= best_ll:
            return found[s]
    return best_y, best_ll
