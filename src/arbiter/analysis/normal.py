r"""Normal-form models: maps and robustness over the Nash equilibria.

A model whose game is a :class:`~arbiter.games.normal_form.NormalFormGame`
(S5, ``three-way``) has no subgame-perfect outcome; its analogue of "the
status quo is stable" is: **every Nash equilibrium reaches the status quo
with probability 1**. The status quo of a normal-form model is a profile
``"a/b/c"``, or the actions of the first players only (``"Limited/Restrain"``:
the later players free), or a set of these; an equilibrium's probability of
the status quo is the probability its mixed strategies put on the matching
pure profiles.

* :func:`equilibrium_map`: over a grid of two parameters (the others at
  their defaults), the set of equilibria at each cell, classified by what
  they play (a pure profile, or the supports of a mixed equilibrium), and
  whether the status quo is stable there; returned as a
  :class:`~arbiter.analysis.StabilityMap` (``method="nash"``), so ``.plot()``
  and ``.to_frame()`` work as for trees.
* :func:`equilibrium_robustness`: the share of uniform draws of the whole
  box where the status quo is stable, with a Wilson interval, returned as a
  :class:`~arbiter.analysis.Robustness`.

Each cell or draw is one call of :func:`arbiter.nash_equilibria` (complete,
certified): about 20 ms for S5's 2x2x3 game, so grids are coarse and draws
few by default, and both say so. A cell where the solver refuses (for
example a degenerate game with a continuum of equilibria) is left unclassified
(``regimes == -1``) and counted as not stable.

>>> from arbiter.scenarios.syria import three_way
>>> smap = equilibrium_map(three_way(credibility="lump-sum"), "w", "s", resolution=3)
>>> smap.method, smap.values.shape
('nash', (3, 3))
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import product
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from arbiter.analysis._common import PROGRESS, check_int
from arbiter.analysis.maps import StabilityMap, _readonly, map_grid
from arbiter.analysis.robustness import ParameterEffect, Robustness, wilson_interval
from arbiter.errors import ArbiterError, ArgumentTypeError, InvalidArgumentError
from arbiter.games.model import Model
from arbiter.games.normal_form import NormalFormGame
from arbiter.solve.nash import nash_equilibria

__all__ = ["equilibrium_map", "equilibrium_robustness", "status_quo_profiles"]

#: Probability of the status quo counted as 1 (float games).
TOL = 1e-9


def _check(model: Any, caller: str) -> Model:
    if not isinstance(model, Model) or not isinstance(model.game, NormalFormGame):
        raise ArgumentTypeError(
            f"{caller}(): model must be a Model of a NormalFormGame; got {model!r}"
        )
    if model.status_quo is None:
        raise InvalidArgumentError(f"{caller}(): model {model.name!r} has no status quo")
    if not status_quo_profiles(model):
        raise InvalidArgumentError(
            f"{caller}(): model {model.name!r} has status_quo={model.status_quo_name!r}, "
            "which matches no profile of its game"
        )
    return model


def status_quo_profiles(model: Model) -> tuple[tuple[int, ...], ...]:
    """The pure profiles (action indices) that count as the status quo.

    A profile ``(a, b, c)`` counts when its label ``"a/b/c"`` or one of its
    prefixes (``"a/b"``, ``"a"``) is the status quo.
    """
    game = model.game
    out = []
    for idx in product(*(range(len(a)) for a in game.actions)):
        names = [game.actions[i][k] for i, k in enumerate(idx)]
        if any(model.is_status_quo("/".join(names[:j])) for j in range(1, len(names) + 1)):
            out.append(idx)
    return tuple(out)


def _classify(model: Model, values: Mapping[str, Any], profiles: Any) -> tuple[str, bool]:
    """What the equilibria at ``values`` play, and whether all reach the status quo."""
    game = model.at(values, extrapolate=True)
    eqs = nash_equilibria(game)
    texts = []
    stable = len(eqs) > 0
    for eq in eqs:
        probs = [np.asarray([float(p) for p in s]) for s in eq.strategies]
        p_sq = sum(math.prod(probs[i][k] for i, k in enumerate(idx)) for idx in profiles)
        stable = stable and p_sq >= 1 - TOL
        parts = []
        for acts, pr in zip(game.actions, probs):
            support = [a for a, q in zip(acts, pr) if q > TOL]
            parts.append(support[0] if len(support) == 1 else "{" + ", ".join(support) + "}")
        texts.append(("" if eq.pure_profile is not None else "mixed ") + "/".join(parts))
    return " | ".join(sorted(set(texts))) or "no equilibrium found", stable


def equilibrium_map(
    model: Model,
    x: str,
    y: str,
    resolution: int = 21,
    values: Mapping[str, Any] | None = None,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    *,
    progress: bool = PROGRESS,
) -> StabilityMap:
    """The Nash equilibria of a normal-form model over a grid of two parameters.

    Arguments as in :func:`~arbiter.analysis.stability_map` (which calls this
    for normal-form models); ``regimes[i, j]`` indexes ``labels``, each a
    description of the equilibrium set (``"Limited/Restrain/Even-handed"``,
    ``"mixed Deep/{Restrain, Entrench}/..."``, several joined by ``" | "``).
    """
    caller = "stability_map"
    model = _check(model, caller)
    x, y, fixed, xs, ys, axes = map_grid(model, x, y, resolution, values, x_range, y_range, caller)
    profiles = status_quo_profiles(model)
    stable = np.zeros((len(ys), len(xs)), dtype=bool)
    index = np.full((len(ys), len(xs)), -1, dtype=np.intp)
    labels: dict[str, int] = {}
    point = dict(fixed)
    with tqdm(total=stable.size, disable=not progress, desc=caller, unit="cell") as bar:
        for i, yv in enumerate(ys):
            for j, xv in enumerate(xs):
                point.update({x: float(xv), y: float(yv)})
                try:
                    text, ok = _classify(model, point, profiles)
                except ArbiterError:
                    bar.update()
                    continue
                index[i, j] = labels.setdefault(text, len(labels))
                stable[i, j] = ok
                bar.update()
    return StabilityMap(
        values=_readonly(stable),
        regimes=_readonly(index),
        labels=tuple(labels),
        regime_list=(),
        method="nash",
        **axes,
    )


def equilibrium_robustness(
    model: Model,
    n: int = 500,
    *,
    seed: int = 0,
    progress: bool = PROGRESS,
) -> Robustness:
    """The share of uniform draws of the box where every Nash equilibrium is the status quo.

    Each parameter is drawn uniformly from its plausible range
    (``numpy.random.default_rng(seed)``); the interval is Wilson's.
    """
    caller = "robustness"
    model = _check(model, caller)
    n = check_int(n, "n", caller, 1)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidArgumentError(f"{caller}(): seed must be a non-negative integer; got {seed!r}")
    params = tuple(model.parameters.values())
    rng = np.random.default_rng(seed)
    u = rng.random((n, len(params)))
    draws = np.array([float(p.low) for p in params]) + u * np.array(
        [float(p.high - p.low) for p in params]
    )
    held = np.zeros(n, dtype=bool)
    profiles = status_quo_profiles(model)
    for k in tqdm(range(n), disable=not progress, desc=caller, unit="draw"):
        point = {p.name: float(v) for p, v in zip(params, draws[k])}
        try:
            _, held[k] = _classify(model, point, profiles)
        except ArbiterError:
            held[k] = False
    stable = int(held.sum())
    effects = []
    for j, p in enumerate(params):
        col = draws[:, j]
        quart = np.minimum((u[:, j] * 4).astype(int), 3)
        shares = tuple(
            float(held[quart == q].mean()) if (quart == q).any() else math.nan for q in range(4)
        )
        effects.append(
            ParameterEffect(
                p.name,
                f"uniform({float(p.low):g}, {float(p.high):g})",
                float(col[held].mean()) if stable else math.nan,
                float(col[~held].mean()) if stable < n else math.nan,
                shares,
            )
        )
    lo, hi = wilson_interval(stable, n)
    return Robustness(
        share=stable / n,
        ci_low=lo,
        ci_high=hi,
        n=n,
        stable=stable,
        seed=seed,
        model=model.name,
        status_quo=model.status_quo_name,
        parameters=tuple(effects),
        pointwise=n,
    )
