r"""Smooth stability: the probability of the status quo under logit QRE, over a grid.

The subgame-perfect map (:func:`arbiter.stability_map`) is a step: the status
quo is the outcome of every SPE or it is not. When players err, choosing better
actions more often but not always (the agent logit QRE at precision
:math:`\lambda`, :mod:`arbiter.solve.qre`), the status quo is reached with a
probability that moves smoothly with the parameters: where the SPE map is a
step, this map is a slope, and as :math:`\lambda \to \infty` it sharpens
towards the SPE map (for generic parameter values).

**How.** For a tree with perfect information the agent QRE at a fixed
:math:`\lambda` is a closed-form backward recursion of logit choices, so the
whole grid is computed at once: numpy arrays over the grid cells, one pass
over the tree's nodes (:func:`arbiter.solve._qre.backward_logit`), in chunks
of cells. Information sets with several nodes make the agent QRE a fixed
point: each cell is solved by Newton's method warm-started from its
neighbour, falling back to tracing the principal branch from
:math:`\lambda = 0`. (Where the QRE correspondence has several components, a
warm start follows the component of the neighbouring cell.) Normal-form
models are solved cell by cell the same way. Floats throughout.

:func:`qre_violation_frequency` gives one number at one parameter point: the
probability of leaving the status quo (one-shot models), or for a repeated
stage game with a trigger strategy the per-period probability and long-run
frequency of breaking the deal (:func:`arbiter.solve.qre_repeated.repeated_quantal_response`).

>>> from arbiter.scenarios.syria.border_deal import border_deal
>>> qmap = qre_stability_map(border_deal(), "w", "g_e", lam=2.0, resolution=5, progress=False)
>>> qmap.values.shape, bool((qmap.values > 0).all() and (qmap.values < 1).all())
((5, 5), True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sympy
from tqdm.auto import tqdm

from arbiter.analysis._common import PROGRESS, check_sampling
from arbiter.analysis.maps import _readonly, _wrap, map_grid
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.model import Model
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import SequentialGame
from arbiter.solve._backward import CHANCE, OUTCOME, check_perfect_recall, flatten
from arbiter.solve._qre import (
    BimatrixKernel,
    NormalKernel,
    PathTracer,
    TreeKernel,
    backward_logit,
    check_positive,
    newton_at,
)
from arbiter.solve.qre import quantal_response
from arbiter.solve.qre_repeated import RepeatedQRE, repeated_quantal_response
from arbiter.solve.result import FrozenMap

__all__ = ["QREStabilityMap", "QREViolations", "qre_stability_map", "qre_violation_frequency"]

#: Grid cells per chunk of the vectorised recursion (bounds the memory: nodes x players x chunk).
_CHUNK = 8192


@dataclass(frozen=True, eq=False)
class QREStabilityMap:
    """The probability of the status quo under agent logit QRE over a grid of two parameters.

    Attributes
    ----------
    model, status_quo, x, y, x_label, y_label, x_values, y_values, fixed:
        As in :class:`~arbiter.analysis.maps.StabilityMap`.
    lam:
        The precision :math:`\\lambda`.
    values:
        Read-only float array, shape ``(len(y_values), len(x_values))``: the
        probability that play ends in the status quo.
    method:
        ``"closed-form"`` (perfect information, vectorised) or ``"fixed-point"``.
    """

    model: str
    status_quo: str
    x: str
    y: str
    x_label: str
    y_label: str
    x_values: np.ndarray
    y_values: np.ndarray
    values: np.ndarray
    lam: float
    fixed: FrozenMap
    method: str

    @property
    def mean(self) -> float:
        """The mean status-quo probability over the grid."""
        return float(self.values.mean())

    def to_frame(self) -> Any:
        """Long format: one row per cell, columns ``x``, ``y``, ``probability``."""
        import pandas as pd

        xx, yy = np.meshgrid(self.x_values, self.y_values)
        frame = pd.DataFrame({"x": xx.ravel(), "y": yy.ravel(), "probability": self.values.ravel()})
        frame.attrs.update({"x": self.x, "y": self.y, "model": self.model, "lam": self.lam})
        return frame

    def plot(self, ax: Any = None, path: str | Path | None = None, *, spe: Any = None) -> Any:
        """Draw the map: the status-quo probability as colour, with contours.

        ``spe``: a :class:`~arbiter.analysis.maps.StabilityMap` on the same grid
        whose stable region is outlined (the step beside the slope). Built
        without pyplot (Agg canvas) unless ``ax`` is given; returns the Axes.
        """
        from matplotlib.figure import Figure

        if ax is None:
            fig = Figure(figsize=(6.5, 4.8), layout="constrained")
            ax = fig.add_subplot()
        dx = float(self.x_values[1] - self.x_values[0]) / 2 if len(self.x_values) > 1 else 0.5
        dy = float(self.y_values[1] - self.y_values[0]) / 2 if len(self.y_values) > 1 else 0.5
        extent = (
            self.x_values[0] - dx,
            self.x_values[-1] + dx,
            self.y_values[0] - dy,
            self.y_values[-1] + dy,
        )
        image = ax.imshow(
            self.values,
            origin="lower",
            extent=extent,
            aspect="auto",
            cmap="viridis",
            vmin=0.0,
            vmax=1.0,
            interpolation="nearest",
        )
        if self.values.min() < 0.5 < self.values.max():
            ax.contour(
                self.x_values,
                self.y_values,
                self.values,
                levels=[0.25, 0.5, 0.75],
                colors="white",
                linewidths=0.8,
            )
        if spe is not None and spe.values.any() and not spe.values.all():
            ax.contour(
                spe.x_values,
                spe.y_values,
                spe.values.astype(float),
                levels=[0.5],
                colors="black",
                linewidths=2.0,
            )
        ax.figure.colorbar(image, ax=ax, label=f"P({self.status_quo}) under QRE")
        ax.set_xlabel(_wrap(self.x_label, 60))
        ax.set_ylabel(_wrap(self.y_label, 40))
        title = f"{self.model}: probability of {self.status_quo!r}, logit QRE λ = {self.lam:g}"
        ax.set_title(_wrap(title, 60))
        if path is not None:
            ax.figure.savefig(Path(path), dpi=200, bbox_inches="tight")
        return ax

    def __repr__(self) -> str:
        ny, nx = self.values.shape
        return (
            f"QREStabilityMap({self.model!r}, x={self.x!r}, y={self.y!r}, {nx}x{ny}, "
            f"lam={self.lam:g}, mean status-quo probability {self.mean:.3f})"
        )


def _check_model(model: Any, caller: str) -> Model:
    if not isinstance(model, Model):
        raise ArgumentTypeError(
            f"{caller}(): model must be an arbiter Model; got {type(model).__name__}"
        )
    if model.status_quo is None:
        raise InvalidArgumentError(f"{caller}(): model {model.name!r} has no status quo")
    if not isinstance(model.game, (SequentialGame, NormalFormGame)):
        raise NotSupportedError(f"{caller}(): model {model.name!r} has no tree or normal form")
    return model


def qre_stability_map(
    model: Model,
    x: str,
    y: str,
    lam: float,
    resolution: int = 200,
    values: Mapping[str, Any] | None = None,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    *,
    progress: bool = PROGRESS,
) -> QREStabilityMap:
    """The probability that play ends in the status quo under agent logit QRE, over a grid.

    Parameters as for :func:`arbiter.stability_map` (``x``, ``y``: parameter
    names; ``values``: the other parameters, defaults otherwise; ranges:
    plausible ranges by default), plus ``lam``, the precision
    :math:`\\lambda \\ge 0`. Float arithmetic.
    """
    caller = "qre_stability_map"
    model = _check_model(model, caller)
    lam = check_positive(lam, "lam", caller, allow_zero=True)
    _, progress, _, _ = check_sampling(progress=progress, caller=caller)
    x, y, fixed, xs, ys, axes = map_grid(model, x, y, resolution, values, x_range, y_range, caller)
    point = {k: float(v) for k, v in fixed.items()}
    XX, YY = np.meshgrid(xs, ys)
    grid = {**point, x: XX.ravel(), y: YY.ravel()}
    probs, method = status_quo_probability(model, grid, lam, progress=progress, caller=caller)
    return QREStabilityMap(
        **axes,
        values=_readonly(probs.reshape(len(ys), len(xs))),
        lam=lam,
        method=method,
    )


# --------------------------------------------------------------------------- kernels
class _Compiled:
    """Expressions compiled once (sympy.lambdify), evaluated at many points."""

    def __init__(self, exprs: list[Any], symbols: list[Any]) -> None:
        self.n = len(exprs)
        self.symbols = symbols
        self.f = sympy.lambdify(symbols, exprs, "numpy") if exprs else None

    def __call__(self, grid: Mapping[str, Any], n: int) -> np.ndarray:
        return _evaluate(self, grid, n)


def _evaluate(compiled: _Compiled, grid: Mapping[str, Any], n: int) -> np.ndarray:
    """Each expression at every point: shape ``(len(exprs), n)``."""
    exprs = range(compiled.n)
    args = [np.broadcast_to(np.asarray(grid[s.name], dtype=float), (n,)) for s in compiled.symbols]
    out = compiled.f(*args) if compiled.f is not None else []
    return np.array([np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in out]).reshape(
        len(exprs), n
    )


def status_quo_probability(
    model: Model,
    grid: Mapping[str, Any],
    lam: float,
    *,
    progress: bool = False,
    caller: str = "status_quo_probability",
) -> tuple[np.ndarray, str]:
    """The status-quo probability under agent logit QRE at many points (flat arrays in ``grid``).

    Returns the probabilities and the method used (``"closed-form"`` or ``"fixed-point"``).
    """
    game = model.game
    symbols = list(game.parameters)
    missing = [s.name for s in symbols if s.name not in grid]
    if missing:
        raise InvalidArgumentError(f"{caller}(): no values for parameters {missing}")
    n = max([np.size(v) for v in grid.values()], default=1)
    if isinstance(game, NormalFormGame):
        return _normal_points(model, symbols, grid, n, lam, progress, caller), "fixed-point"
    flat = flatten(game)
    check_perfect_recall(flat, caller)
    if flat.perfect_information:
        return _closed_form(model, flat, symbols, grid, n, lam), "closed-form"
    return _tree_points(model, flat, symbols, grid, n, lam, progress, caller), "fixed-point"


def _compile_tree(flat: Any, symbols: list[Any]) -> tuple[_Compiled, _Compiled]:
    leaves = [i for i in range(len(flat)) if flat.kind[i] == OUTCOME]
    chances = [i for i in range(len(flat)) if flat.kind[i] == CHANCE]
    pay_exprs = [sympy.sympify(v) for i in leaves for v in flat.payoff[i]]
    prob_exprs = [sympy.sympify(p) for i in chances for p in flat.probs[i]]
    return _Compiled(pay_exprs, symbols), _Compiled(prob_exprs, symbols)


def _tree_arrays(flat: Any, compiled: Any, grid: Mapping[str, Any], n: int) -> Any:
    leaves = [i for i in range(len(flat)) if flat.kind[i] == OUTCOME]
    chances = [i for i in range(len(flat)) if flat.kind[i] == CHANCE]
    pays = compiled[0](grid, n).reshape(len(leaves), -1, n)
    probs = compiled[1](grid, n)
    chance_values: dict[int, list[np.ndarray]] = {}
    k = 0
    for i in chances:
        chance_values[i] = [probs[k + j] for j in range(flat.n_children[i])]
        k += flat.n_children[i]
    return leaves, pays, chance_values


def _closed_form(
    model: Model, flat: Any, symbols: list[Any], grid: Mapping[str, Any], n: int, lam: float
) -> np.ndarray:
    tree = flat.tree
    sq_leaves = {
        i
        for i in range(len(flat))
        if flat.kind[i] == OUTCOME and model.is_status_quo(tree.label_of(flat.path(i)))
    }
    out = np.empty(n)
    compiled = _compile_tree(flat, symbols)
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        sub = {
            k: (np.asarray(v)[start:stop] if np.size(v) == n and n > 1 else v)
            for k, v in grid.items()
        }
        m = stop - start
        leaves, pays, chance_values = _tree_arrays(flat, compiled, sub, m)
        leaf_values = {i: pays[r] for r, i in enumerate(leaves)}
        _, logp = backward_logit(flat, lam, leaf_values, chance_values)
        reach: list[Any] = [None] * len(flat)
        reach[0] = np.ones(m)
        total = np.zeros(m)
        for i in range(len(flat)):
            k = flat.kind[i]
            if k == OUTCOME:
                if i in sq_leaves:
                    total += reach[i]
                continue
            weights = chance_values[i] if k == CHANCE else np.exp(logp[i])
            for j, c in enumerate(flat.children(i)):
                reach[c] = reach[i] * weights[j]
            reach[i] = None
        out[start:stop] = total
    return out


def _tree_points(
    model: Model,
    flat: Any,
    symbols: list[Any],
    grid: Mapping[str, Any],
    n: int,
    lam: float,
    progress: bool,
    caller: str,
) -> np.ndarray:
    tree = flat.tree
    leaves, pays, chance_values = _tree_arrays(flat, _compile_tree(flat, symbols), grid, n)
    kernel = TreeKernel(flat, payoffs=np.zeros((len(leaves), tree.n_players)))
    order = {int(i): r for r, i in enumerate(leaves)}
    rows = [order[int(i)] for i in kernel.leaves]
    sq = np.array([model.is_status_quo(tree.label_of(flat.path(int(i)))) for i in kernel.leaves])
    out = np.empty(n)
    x = None
    for c in tqdm(range(n), disable=not progress, desc=caller, unit="cell"):
        kernel.set_payoffs(pays[rows, :, c])
        kernel.set_chance({i: [float(p[c]) for p in ps] for i, ps in chance_values.items()})
        x = _solve_at(kernel, x, lam)
        P = np.exp(np.where(kernel.logc <= -699.0, -np.inf, kernel.logc) + kernel.M @ x)
        out[c] = float(P[sq].sum())
    return out


def _solve_at(kernel: Any, x0: np.ndarray | None, lam: float) -> np.ndarray:
    if lam == 0:
        return kernel.agents.uniform.copy()
    if x0 is not None:
        x = newton_at(kernel, x0, lam)
        if x is not None:
            return x
    tracer = PathTracer(kernel)
    while tracer.lam < lam:
        tracer.step()
    return tracer.land(lam)


def _normal_points(
    model: Model,
    symbols: list[Any],
    grid: Mapping[str, Any],
    n: int,
    lam: float,
    progress: bool,
    caller: str,
) -> np.ndarray:
    game = model.game
    exprs = [sympy.sympify(v) for v in np.asarray(game.payoffs, dtype=object).ravel()]
    pays = _Compiled(exprs, symbols)(grid, n).reshape(*game.payoffs.shape, n)
    labels = [
        "/".join(game.actions[i][a] for i, a in enumerate(idx)) for idx in np.ndindex(*game.shape)
    ]
    sq = np.array([model.is_status_quo(t) for t in labels]).reshape(game.shape)
    out = np.empty(n)
    x = None
    for c in tqdm(range(n), disable=not progress, desc=caller, unit="cell"):
        u = pays[..., c]
        kernel = BimatrixKernel(u[0], u[1]) if game.n_players == 2 else NormalKernel(u)
        x = _solve_at(kernel, x, lam)
        sig = kernel.agents
        blocks = [np.exp(x[s : s + m]) for s, m in zip(sig.starts, sig.sizes)]
        joint = blocks[0]
        for b in blocks[1:]:
            joint = np.multiply.outer(joint, b)
        out[c] = float(joint[sq].sum())
    return out


# --------------------------------------------------------------------------- one point
@dataclass(frozen=True)
class QREViolations:
    """How often play leaves the status quo under logit QRE, at one parameter point.

    Attributes
    ----------
    model, lam:
        The model's name and the precision.
    values:
        The parameter values used (``{name: value}``).
    status_quo_probability:
        One-shot models: the probability that play ends in the status quo.
        Repeated (``delta`` given): the probability that the deal is kept in a
        period in which it holds.
    violation_probability:
        ``1 - status_quo_probability``.
    violation_frequency:
        One-shot models: the same as ``violation_probability`` (each play is
        one draw). Repeated: the long-run share of periods in which the deal
        is broken (``0.0`` under grim trigger: once broken it stays broken).
    repeated:
        The :class:`~arbiter.solve.qre_repeated.RepeatedQRE` (``None`` one-shot).
    """

    model: str
    lam: float
    values: FrozenMap
    status_quo_probability: float
    violation_probability: float
    violation_frequency: float
    repeated: RepeatedQRE | None = None


def qre_violation_frequency(
    model: Model,
    lam: float,
    *,
    values: Mapping[str, Any] | None = None,
    delta: float | None = None,
    punishment: Any = ("finite", 1),
    sanctions: Mapping[str, Any] | None = None,
    extrapolate: bool = False,
) -> QREViolations:
    """The expected frequency of leaving the status quo under logit QRE, at one point.

    Parameters
    ----------
    model:
        A model with a status quo: a tree (S1: agent QRE, one play), or a
        normal-form stage game (S3).
    lam:
        The precision :math:`\\lambda \\ge 0`.
    values:
        Parameter values (defaults for the rest; checked against the plausible
        ranges unless ``extrapolate``).
    delta:
        Normal-form models: if given, the stage game is repeated with this
        discount factor under a trigger strategy that keeps the status-quo
        profile (:func:`~arbiter.solve.qre_repeated.repeated_quantal_response`,
        the deal-keeping QRE); ``punishment`` is ``"grim"`` or ``("finite", k)``.
    sanctions:
        Repeated games: ``{player: parameter name or number}``, the harm an
        arbiter inflicts on each player in every punishment period (for S3:
        ``arbiter.scenarios.syria.repeated.RUSSIAN_SANCTIONS``).

    Examples
    --------
    >>> from arbiter.scenarios.syria.border_deal import border_deal
    >>> v = qre_violation_frequency(border_deal(), 1.0)
    >>> 0 < v.violation_frequency < 1
    True
    """
    caller = "qre_violation_frequency"
    model = _check_model(model, caller)
    lam = check_positive(lam, "lam", caller, allow_zero=True)
    vals = model.values(values, extrapolate=extrapolate)
    game = model.at(values, extrapolate=extrapolate)
    shown = FrozenMap({k: v for k, v in vals.items()})
    if isinstance(game, SequentialGame):
        if delta is not None:
            raise InvalidArgumentError(
                f"{caller}(): delta applies to repeated normal-form stage games; model "
                f"{model.name!r} is a tree"
            )
        q = quantal_response(game, lam)
        assert q.outcome is not None
        p = float(sum(pr for label, pr in q.outcome.items() if model.is_status_quo(label)))
        return QREViolations(model.name, lam, shown, p, 1.0 - p, 1.0 - p)
    labels = model.status_quo_labels
    if delta is None:
        q = quantal_response(game, lam)
        joint = np.asarray(q.strategies[0])
        for s in q.strategies[1:]:
            joint = np.multiply.outer(joint, np.asarray(s))
        p = 0.0
        for idx in np.ndindex(*game.shape):
            if "/".join(game.actions[i][a] for i, a in enumerate(idx)) in labels:
                p += float(joint[idx])
        return QREViolations(model.name, lam, shown, p, 1.0 - p, 1.0 - p)
    if len(labels) != 1:
        raise NotSupportedError(
            f"{caller}(): a repeated game needs one cooperative profile as status quo; model "
            f"{model.name!r} has {sorted(labels)}"
        )
    cooperate = tuple(next(iter(labels)).split("/"))
    harm = {}
    for player, h in (sanctions or {}).items():
        harm[player] = float(vals[h]) if isinstance(h, str) else float(h)
    r = repeated_quantal_response(
        game, lam, delta, cooperate=cooperate, punishment=punishment, extra_punishment=harm
    )
    keep = 1.0 - r.violation_probability
    return QREViolations(
        model.name, lam, shown, keep, r.violation_probability, r.violation_frequency, r
    )
