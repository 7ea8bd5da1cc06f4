r"""Stability maps: the status quo's region and the regimes over a grid of two parameters.

Fix every parameter but two, :math:`x` and :math:`y`, at its default (or at
given values) and lay a ``resolution x resolution`` grid over their plausible
ranges (or given ranges). Each cell :math:`(x_j, y_i)` gets

* ``values[i, j]``: whether the status quo is the outcome of every
  subgame-perfect equilibrium there (the region of
  :mod:`arbiter.analysis.region`);
* ``regimes[i, j]``: the index of the regime that holds there (the first, on
  a boundary where several do).

Rows are :math:`y`, columns :math:`x` (``values[i, j]`` is at
``y_values[i]``, ``x_values[j]``), as in an image with the origin at the
lower left.

**How.** Where the tree has perfect information, the regimes of the tree in
:math:`x, y` alone are computed once, exactly (:func:`arbiter.regimes`, a
fraction of a second for two free parameters), compiled to numpy
(:class:`arbiter.solve.regimes.RegimeClassifier`) and evaluated on the whole
grid in one vectorised pass: a million cells in about a second. Otherwise
(imperfect information, or ``method="numeric"``) the grid is solved by the
batched numeric backward induction of :mod:`arbiter.analysis._batch`, and a
"regime" is then a set of equilibrium outcomes; trees with imperfect
information are solved cell by cell with
:func:`arbiter.solve.spe.subgame_perfect`, with a progress bar.

>>> from arbiter.scenarios.syria.border_deal import border_deal
>>> smap = stability_map(border_deal(), x="w", y="v", resolution=5)
>>> smap.x_values.tolist(), smap.y_values.tolist()
([0.0, 2.5, 5.0, 7.5, 10.0], [0.0, 3.0, 6.0, 9.0, 12.0])
>>> smap.values.astype(int)
array([[0, 0, 0, 0, 0],
       [0, 0, 0, 0, 0],
       [0, 1, 1, 1, 1],
       [0, 1, 1, 1, 1],
       [0, 1, 1, 1, 1]])
>>> smap.labels[smap.regimes[0, 0]]
'open confrontation'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sympy
from tqdm.auto import tqdm

from arbiter.analysis._batch import batch_solver
from arbiter.analysis._common import (
    PROGRESS,
    check_int,
    check_model,
    check_name,
    check_sampling,
    float_values,
    outcome_text,
)
from arbiter.analysis.region import StabilityRegion, fixed_values, status_quo_region
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.model import Model
from arbiter.games.tree import SequentialGame
from arbiter.solve.regimes import Regime, RegimeClassifier
from arbiter.solve.result import FrozenMap

__all__ = ["StabilityMap", "stability_map"]

_METHODS = ("auto", "regimes", "numeric")


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class StabilityMap:
    """Where the status quo is stable over a grid of two parameters.

    Attributes
    ----------
    model, status_quo:
        The model's name and its status quo as text
        (:attr:`~arbiter.games.model.Model.status_quo_name`).
    x, y:
        The two parameters' names; ``x_label``, ``y_label`` their descriptions.
    x_values, y_values:
        The grid's coordinates (read-only 1-D arrays).
    values:
        Read-only boolean array of shape ``(len(y_values), len(x_values))``:
        the status quo is the outcome of every subgame-perfect equilibrium.
    regimes:
        Read-only integer array of the same shape: the index, in
        :attr:`labels` (and :attr:`regime_list` when regimes were used), of
        the regime at each cell; ``-1`` where none holds (only outside the
        domain, or by float rounding at a corner).
    labels:
        The outcome of each regime, as text.
    regime_list:
        The :class:`~arbiter.solve.regimes.Regime` values (``()`` for a
        numeric map, whose "regimes" are sets of equilibrium outcomes).
    fixed:
        The other parameters' values.
    method:
        ``"regimes"`` or ``"numeric"``.
    region:
        The :class:`~arbiter.analysis.region.StabilityRegion` behind a
        regimes map (``None`` for a numeric map).
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
    regimes: np.ndarray
    labels: tuple[str, ...]
    regime_list: tuple[Regime, ...]
    fixed: FrozenMap
    method: str
    region: StabilityRegion | None = field(default=None, repr=False)

    @property
    def share(self) -> float:
        """The fraction of cells where the status quo is stable."""
        return float(self.values.mean())

    def to_frame(self) -> pd.DataFrame:
        """Long format: one row per cell, columns ``x``, ``y``, ``regime``, ``outcome``, ``stable``.

        ``frame.attrs`` records the parameter names (``"x"``, ``"y"``) and the model.
        """
        xx, yy = np.meshgrid(self.x_values, self.y_values)
        labels = np.array([*self.labels, ""], dtype=object)
        frame = pd.DataFrame(
            {
                "x": xx.ravel(),
                "y": yy.ravel(),
                "regime": self.regimes.ravel(),
                "outcome": labels[self.regimes.ravel()],
                "stable": self.values.ravel(),
            }
        )
        frame.attrs.update({"x": self.x, "y": self.y, "model": self.model})
        return frame

    def plot(self, ax: Any = None, path: str | Path | None = None) -> Any:
        """Draw the map: regimes coloured by outcome, the stable region outlined.

        Parameters
        ----------
        ax:
            A matplotlib Axes to draw into; by default a new figure (built
            without pyplot, on the Agg canvas, so no display is needed).
        path:
            If given, save the figure there (PNG, or any format matplotlib
            infers from the suffix).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from matplotlib.colors import ListedColormap
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        outcomes = list(dict.fromkeys(self.labels))
        names = {t: _legend_label(t) for t in outcomes}
        if ax is None:
            # Print size: a 6.5 in text column; long labels are wrapped, and the legend
            # sits below the axes (constrained layout makes room: the figure grows with it).
            lines = sum(names[t].count("\n") + 1 for t in set(self.labels))
            fig = Figure(figsize=(6.5, 4.6 + 0.17 * lines), layout="constrained")
            ax = fig.add_subplot()
        of_regime = np.array([outcomes.index(t) for t in self.labels] + [len(outcomes)])
        grid = of_regime[self.regimes]  # -1 indexes the extra "none" entry
        # The status-quo colour goes to the outcomes where the status quo is stable (on most
        # of their cells: a boundary cell may be excluded), whatever labels make it up.
        stable = {
            t
            for k, t in enumerate(outcomes)
            if (grid == k).any() and self.values[grid == k].mean() > 0.5
        }
        colours = _colours(outcomes, stable)
        cmap = ListedColormap([*colours, (1.0, 1.0, 1.0, 1.0)])
        dx = _half_step(self.x_values)
        dy = _half_step(self.y_values)
        extent = (
            self.x_values[0] - dx,
            self.x_values[-1] + dx,
            self.y_values[0] - dy,
            self.y_values[-1] + dy,
        )
        ax.imshow(
            grid,
            origin="lower",
            extent=extent,
            aspect="auto",
            cmap=cmap,
            vmin=-0.5,
            vmax=len(outcomes) + 0.5,
            interpolation="nearest",
        )
        handles: list[Any] = [
            Patch(facecolor=colours[k], edgecolor="none", label=names[t])
            for k, t in enumerate(outcomes)
            if (grid == k).any()
        ]
        if self.values.any() and not self.values.all():
            ax.contour(
                self.x_values,
                self.y_values,
                self.values.astype(float),
                levels=[0.5],
                colors="black",
                linewidths=2.0,
            )
            handles.append(Line2D([], [], color="black", lw=2.0, label="status quo stable"))
        ax.set_xlabel(_wrap(self.x_label, 60))
        ax.set_ylabel(_wrap(self.y_label, 40))
        ax.set_title(_wrap(f"{self.model}: where {self.status_quo!r} is stable", 60))
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.16),
            ncols=2 if len(handles) > 3 and max(len(h.get_label()) for h in handles) < 36 else 1,
            fontsize="small",
            frameon=False,
        )
        if path is not None:
            ax.figure.savefig(Path(path), dpi=200, bbox_inches="tight")
        return ax

    def __repr__(self) -> str:
        ny, nx = self.values.shape
        return (
            f"StabilityMap({self.model!r}, x={self.x!r}, y={self.y!r}, {nx}x{ny}, "
            f"method={self.method!r}, stable share {self.share:.3f})"
        )


def _half_step(v: np.ndarray) -> float:
    return float(v[1] - v[0]) / 2 if len(v) > 1 else 0.5


def _wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (for axis labels)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _legend_label(text: str) -> str:
    """A regime's label for the legend: one line per equilibrium (``" | "``), wrapped."""
    return "\n".join(_wrap(part, 70) for part in text.split(" | "))


def _colours(outcomes: list[str], stable: set[str]) -> list[tuple[float, float, float, float]]:
    from matplotlib import colormaps

    palette = colormaps["tab20" if len(outcomes) > 9 else "Set2"]
    others = [palette(k % palette.N) for k in range(len(outcomes) + 1)]
    out = []
    k = 1
    for t in outcomes:
        if t in stable:
            out.append((0.55, 0.80, 0.55, 1.0))
        else:
            out.append(others[k % len(others)])
            k += 1
    return out


def map_grid(
    model: Model,
    x: Any,
    y: Any,
    resolution: Any,
    values: Any,
    x_range: Any,
    y_range: Any,
    caller: str,
) -> tuple[str, str, dict[str, Any], np.ndarray, np.ndarray, dict[str, Any]]:
    """The checked grid of a map over ``x`` x ``y``: ``(x, y, fixed, xs, ys, axes)``.

    ``fixed`` holds the other parameters (``values``, defaults otherwise);
    ``axes`` the fields every map result records about its model and axes.
    One place for the checks that :func:`stability_map`, the normal-form and
    the QRE maps share.
    """
    x = check_name(model, x, "x", caller)
    y = check_name(model, y, "y", caller)
    if x == y:
        raise InvalidArgumentError(f"{caller}(): x and y must differ; got x=y={x!r}")
    resolution = check_int(resolution, "resolution", caller, 2)
    for name in (x, y):
        if isinstance(values, Mapping) and name in values:
            raise InvalidArgumentError(
                f"{caller}(): values gives {name!r}, which is an axis of the map"
            )
    fixed = fixed_values(model, values, (x, y), caller)
    xs = np.linspace(*_check_range(model, x, x_range, "x_range"), resolution)
    ys = np.linspace(*_check_range(model, y, y_range, "y_range"), resolution)
    axes = dict(
        model=model.name,
        status_quo=model.status_quo_name,
        x=x,
        y=y,
        x_label=_axis_label(model, x),
        y_label=_axis_label(model, y),
        x_values=_readonly(xs),
        y_values=_readonly(ys),
        fixed=FrozenMap(fixed),
    )
    return x, y, fixed, xs, ys, axes


def _check_range(model: Model, name: str, rng: Any, argument: str) -> tuple[float, float]:
    caller = "stability_map"
    p = model.parameters[name]
    if rng is None:
        lo, hi = float(p.low), float(p.high)
        if lo == hi:
            raise InvalidArgumentError(
                f"{caller}(): parameter {name!r} has an empty plausible range [{lo}, {hi}]; "
                f"give {argument}=(low, high)"
            )
        return lo, hi
    if isinstance(rng, (str, bytes)) or not hasattr(rng, "__len__") or len(rng) != 2:
        raise ArgumentTypeError(f"{caller}(): {argument} must be a pair (low, high); got {rng!r}")
    ends = (
        float_values(model, {name: rng[0]}, caller, argument),
        float_values(model, {name: rng[1]}, caller, argument),
    )
    lo, hi = ends[0][name], ends[1][name]
    if not lo < hi:
        raise InvalidArgumentError(f"{caller}(): {argument} must have low < high; got {rng!r}")
    return lo, hi


def stability_map(
    model: Model,
    x: str,
    y: str,
    resolution: int = 1000,
    values: Mapping[str, Any] | None = None,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    *,
    method: str = "auto",
    progress: bool = PROGRESS,
    solution: str = "spe",
    lam: float | None = None,
) -> StabilityMap | Any:
    """Where the status quo is stable over a grid of two parameters.

    Parameters
    ----------
    model:
        A :class:`~arbiter.games.model.Model` with a status quo: of a sequential
        game, or of a normal form (then mapped by its Nash equilibria, cell by
        cell: :func:`arbiter.analysis.normal.equilibrium_map`).
    x, y:
        The names of the two parameters (distinct).
    resolution:
        Grid points per axis (at least 2).
    values:
        ``{name: number}`` for other parameters (the rest stay at their defaults).
    x_range, y_range:
        ``(low, high)``; default: the parameter's plausible range.
    method:
        ``"auto"`` (regimes where the tree has perfect information and
        :func:`arbiter.regimes` accepts it, numeric otherwise), ``"regimes"``
        or ``"numeric"``.
    progress:
        Show a tqdm progress bar for numeric maps (default ``True``, as in
        every sampling function; pass ``False`` in scripts and tests).
    solution:
        ``"spe"`` (default): stability under subgame perfection, this map.
        ``"qre"``: the probability of the status quo under agent logit QRE
        at precision ``lam`` instead, a
        :class:`~arbiter.analysis.qre_maps.QREStabilityMap`
        (:func:`~arbiter.analysis.qre_maps.qre_stability_map`).
    """
    caller = "stability_map"
    if solution == "qre":
        from arbiter.analysis.qre_maps import qre_stability_map

        if lam is None:
            raise InvalidArgumentError(f"{caller}(): solution='qre' needs lam= (the precision)")
        return qre_stability_map(
            model, x, y, lam, resolution, values, x_range, y_range, progress=progress
        )
    if solution != "spe":
        raise InvalidArgumentError(f"{caller}(): solution must be 'spe' or 'qre'; got {solution!r}")
    if lam is not None:
        raise InvalidArgumentError(f"{caller}(): lam= applies to solution='qre' only")
    if isinstance(model, Model) and not isinstance(model.game, SequentialGame):
        from arbiter.analysis.normal import equilibrium_map

        if method not in ("auto", "numeric"):
            raise InvalidArgumentError(
                f"{caller}(): a normal-form model is mapped by its Nash equilibria "
                f"(method='auto'); got method={method!r}"
            )
        return equilibrium_map(model, x, y, resolution, values, x_range, y_range, progress=progress)
    model = check_model(model, caller)
    _, progress, _, _ = check_sampling(progress=progress, caller=caller)
    if method not in _METHODS:
        raise InvalidArgumentError(f"{caller}(): method must be one of {_METHODS}; got {method!r}")
    x, y, fixed, xs, ys, common = map_grid(
        model, x, y, resolution, values, x_range, y_range, caller
    )
    perfect = all(len(i.members) == 1 for i in model.game.infosets.values())
    if method == "regimes" and not perfect:
        raise NotSupportedError(
            f"{caller}(): method='regimes' needs a tree with perfect information; model "
            f"{model.name!r} has information sets with several nodes (use method='numeric')"
        )
    region = None
    if method != "numeric" and perfect:
        try:
            region = status_quo_region(model, values=fixed)
        except NotSupportedError:
            if method == "regimes":
                raise
            # too many regimes (movers indifferent everywhere): solve numerically
    if region is not None:
        stable, index, labels = _from_regimes(region, model.is_status_quo, x, y, xs, ys)
        return StabilityMap(
            values=_readonly(stable),
            regimes=_readonly(index),
            labels=labels,
            regime_list=region.regimes,
            method="regimes",
            region=region,
            **common,  # type: ignore[arg-type]
        )
    stable, index, labels = _numeric(model, fixed, x, y, xs, ys, progress)
    return StabilityMap(
        values=_readonly(stable),
        regimes=_readonly(index),
        labels=labels,
        regime_list=(),
        method="numeric",
        **common,  # type: ignore[arg-type]
    )


def _axis_label(model: Model, name: str) -> str:
    desc = model.parameters[name].description
    return f"{desc} ({name})" if desc else name


def _from_regimes(
    region: StabilityRegion,
    is_sq: Callable[[str], bool],
    x: str,
    y: str,
    xs: np.ndarray,
    ys: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    shape = (len(ys), len(xs))
    classifier = RegimeClassifier(region.regimes)
    grid = {x: xs[None, :], y: ys[:, None]}
    masks = classifier.masks({k: v for k, v in grid.items() if k in classifier.parameters})
    masks = np.broadcast_to(masks, (len(region.regimes), *shape))
    index = np.where(masks.any(axis=0), masks.argmax(axis=0), -1).astype(np.intp)
    labels = tuple(outcome_text(r.outcome) for r in region.regimes)
    sq = [_sq_probability(r, is_sq) for r in region.regimes]
    if all(not getattr(p, "free_symbols", None) for p in sq):
        away = [k for k, p in enumerate(sq) if p != 1]
        stable = ~masks[away].any(axis=0) if away else np.ones(shape, dtype=bool)
    else:
        stable = np.broadcast_to(region.evaluate(grid), shape)
    return np.ascontiguousarray(stable), index, labels


def _sq_probability(r: Regime, is_sq: Callable[[str], bool]) -> Any:
    """The probability of the status quo (every label ``is_sq`` accepts) in regime ``r``."""
    return sum((p for label, p in r.outcome.items() if is_sq(label)), sympy.Integer(0))


def _numeric(
    model: Model,
    fixed: Mapping[str, Any],
    x: str,
    y: str,
    xs: np.ndarray,
    ys: np.ndarray,
    progress: bool,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    solver = batch_solver(model.game, model.status_quo_labels)
    point = {k: float(v) for k, v in fixed.items() if k in solver.names}
    per_cell = not solver.vectorised
    rows_per_chunk = max(1, (256 if per_cell else 262_144) // len(xs))
    stable = np.empty((len(ys), len(xs)), dtype=bool)
    index = np.empty((len(ys), len(xs)), dtype=np.intp)
    texts: dict[str, int] = {}
    with tqdm(
        total=len(ys) * len(xs),
        disable=not progress,
        desc="stability_map",
        unit="cell",
    ) as bar:
        for start in range(0, len(ys), rows_per_chunk):
            sub = ys[start : start + rows_per_chunk]
            grid = {**point, x: xs[None, :], y: sub[:, None]}
            got = solver.solve(
                {k: v for k, v in grid.items() if k in solver.names}
                | {" shape": np.zeros((len(sub), len(xs)))},
                classes=True,
            )
            assert got.classes is not None
            remap = np.array([texts.setdefault(t, len(texts)) for t in got.texts], dtype=np.intp)
            stable[start : start + len(sub)] = got.stable.reshape(len(sub), len(xs))
            index[start : start + len(sub)] = remap[got.classes].reshape(len(sub), len(xs))
            bar.update(len(sub) * len(xs))
    return stable, index, tuple(texts)
