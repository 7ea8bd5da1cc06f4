r"""Thresholds, the value of each instrument, and comparative statics.

**Thresholds.** Hold every parameter but one, :math:`t`, at its default (or
at given values). The status-quo region (:mod:`arbiter.analysis.region`)
becomes a condition in :math:`t` alone, a finite union of intervals, which
:func:`threshold` returns exactly as a sympy set within :math:`t`'s domain:
for S1, the values of Iran's loss ``w`` without Russian air support at which
the status quo holds; its infimum is the least harm at which the air-support
threat still deters.

**The value of an instrument.** Let :math:`R_+` be the status-quo region of
the model with an instrument and :math:`R_-` without it (the same model
built with one threat fewer). The instrument *buys* the region it adds and
*costs* the region it loses,

.. math:: G = R_+ \setminus R_-, \qquad C = R_- \setminus R_+,

(exact sympy conditions, :attr:`InstrumentValue.gained` and ``.lost``), and
its *value* is the change in the share of the plausible parameter box (drawn
uniformly, or from given distributions) where the status quo holds:

.. math:: \Delta = P(R_+) - P(R_-) = P(G) - P(C),

estimated from the same draws for both models (common random numbers), so
that :math:`\hat\Delta = (\#G - \#C)/n` has a small variance; its 95%
interval is the normal interval of a paired difference. Parameters that only
one of the two models uses are drawn all the same (and ignored by the other).

**Comparative statics.** :func:`comparative_statics` fixes one parameter at
each point of a grid and reports the robustness share (other parameters drawn,
the same draws at every point) and, on request, the threshold of another
parameter there: how the region moves when one number changes.

>>> from arbiter.scenarios.syria.border_deal import border_deal
>>> threshold(border_deal(), "w")
Interval.open(1, oo)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import sympy

from arbiter.analysis._batch import batch_solver
from arbiter.analysis._common import (
    PROGRESS,
    check_int,
    check_model,
    check_name,
    check_sampling,
    exact_values,
)
from arbiter.analysis.region import StabilityRegion, fixed_values, status_quo_region
from arbiter.analysis.robustness import (
    DEFAULT_CHUNK,
    Z95,
    Job,
    Robustness,
    robustness,
    run_job,
    samplers,
)
from arbiter.conditions import Condition
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.model import Model
from arbiter.games.parameters import ParameterSpace
from arbiter.solve.result import FrozenMap

__all__ = [
    "ComparativeStatics",
    "InstrumentValue",
    "comparative_statics",
    "instrument_value",
    "instrument_values",
    "threshold",
]


# ====================================================================== thresholds
def threshold(
    model: Model, parameter: str, *, values: Mapping[str, Any] | None = None
) -> sympy.Set:
    """The exact set of values of ``parameter`` at which the status quo is stable.

    Every other parameter is held at its default, or at ``values``. The set
    is a sympy :class:`~sympy.sets.sets.Interval` or a union of them, within
    the parameter's domain (``[0, oo)`` for non-negative parameters), not
    cut to the plausible range. Boundaries follow the region's convention: a
    value where a mover is indifferent and some equilibrium leaves the status
    quo is excluded. Raises :class:`~arbiter.errors.NotSupportedError` where
    :func:`arbiter.regimes` refuses the one-parameter tree (movers indifferent
    everywhere at the given values multiply the regimes).

    >>> from arbiter.scenarios.syria.border_deal import border_deal
    >>> threshold(border_deal(), "v", values={"w": 0})
    EmptySet
    >>> threshold(border_deal(), "v").inf
    5
    """
    caller = "threshold"
    model = check_model(model, caller)
    name = check_name(model, parameter, "parameter", caller)
    given = exact_values(model, values, caller)
    if name in given:
        raise InvalidArgumentError(
            f"{caller}(): parameter={name!r} is also given in values; the threshold varies it"
        )
    region = status_quo_region(model, values=given, free=(name,))
    return region_set(region, model, name)


def region_set(region: StabilityRegion, model: Model, name: str) -> sympy.Set:
    """The condition of a one-parameter region as a sympy set within the parameter's domain."""
    p = model.parameters[name]
    domain = sympy.Interval(0, sympy.oo) if p.nonnegative else sympy.Reals
    cond = region.condition
    if cond.is_universal():
        return domain
    if cond.is_empty():
        return sympy.EmptySet
    expr = cond.to_sympy()
    (sym,) = expr.free_symbols
    plain = sympy.Symbol(name, real=True)
    return expr.xreplace({sym: plain}).as_set().intersect(domain)


# ====================================================================== instrument values
@dataclass(frozen=True)
class InstrumentValue:
    """What an instrument adds to the status quo's stability.

    The exact conditions (:attr:`region_with`, :attr:`region_without`,
    :attr:`gained`, :attr:`lost`) are computed when first asked for (they need
    the regimes of both models: fix parameters with ``values`` or ``free``
    to keep that fast) and cached.

    Attributes
    ----------
    instrument:
        Its name.
    share_with:
        The share of draws where the status quo is stable with it.
    share_without:
        The share of draws where the status quo is stable without it.
    value:
        ``share_with - share_without`` (the same draws for both).
    ci_low:
        Lower end of the 95% interval of ``value`` (paired difference).
    ci_high:
        Upper end of that interval.
    gained_share:
        Share of draws stable only with it.
    lost_share:
        Share of draws stable only without it.
    n:
        Number of draws.
    seed:
        Seed of the draws.
    fixed:
        ``{name: number}``: parameters held fixed (not drawn), for the exact
        conditions and the draws alike.
    with_model:
        The model with the instrument.
    without_model:
        The model without it.

    """

    instrument: str
    share_with: float
    share_without: float
    value: float
    ci_low: float
    ci_high: float
    gained_share: float
    lost_share: float
    n: int
    seed: int
    fixed: Mapping[str, Fraction]
    with_model: Model = field(repr=False)
    without_model: Model = field(repr=False)

    @property
    def region_with(self) -> StabilityRegion:
        """The exact status-quo region with the instrument."""
        return _sub_region(self.with_model, self.fixed)

    @property
    def region_without(self) -> StabilityRegion:
        """The exact status-quo region without the instrument."""
        return _sub_region(self.without_model, self.fixed)

    @property
    def gained(self) -> Condition:
        """Where the status quo is stable with the instrument and not without it (exact)."""
        return self.region_with.condition & ~self.region_without.condition

    @property
    def lost(self) -> Condition:
        """Where the status quo is stable without the instrument and not with it (exact)."""
        return self.region_without.condition & ~self.region_with.condition

    def __str__(self) -> str:
        return (
            f"{self.instrument}: stable share {self.share_without:.2%} -> {self.share_with:.2%} "
            f"({self.value:+.2%}, 95% CI {self.ci_low:+.2%} to {self.ci_high:+.2%}; n={self.n})"
        )


def _sub_region(model: Model, fixed: Mapping[str, Fraction]) -> StabilityRegion:
    own = {k: v for k, v in fixed.items() if k in tuple(model.parameters)}
    return status_quo_region(model, values=own)


def _union_parameters(models: Sequence[Model], caller: str) -> ParameterSpace:
    merged: dict[str, Any] = {}
    for m in models:
        for name, p in m.parameters.items():
            if name in merged and merged[name] != p:
                raise InvalidArgumentError(
                    f"{caller}(): the models disagree about parameter {name!r}: "
                    f"{merged[name]!r} versus {p!r}"
                )
            merged.setdefault(name, p)
    return ParameterSpace(merged.values())


def _union_model(models: Sequence[Model], space: ParameterSpace) -> Model:
    """A stand-in model carrying the union of the parameters (for argument checks)."""
    return Model(models[0].name, models[0].game, space, models[0].status_quo)


def _same_status_quo(first: Model, second: Model) -> bool:
    """Whether the two models call the same outcomes the status quo, label by label."""
    labels = set(first.outcome_labels) | set(second.outcome_labels)
    return all(first.is_status_quo(label) == second.is_status_quo(label) for label in labels)


def instrument_value(
    with_instrument: Model,
    without_instrument: Model,
    *,
    instrument: str | None = None,
    values: Mapping[str, Any] | None = None,
    free: Iterable[str] | None = None,
    n: int = 100_000,
    seed: int = 0,
    distributions: Mapping[str, Any] | None = None,
    executor: Executor | None = None,
    progress: bool = PROGRESS,
    chunk_size: int = DEFAULT_CHUNK,
) -> InstrumentValue:
    """The value of an instrument: the stability it adds, exactly and as a share of the box.

    Parameters
    ----------
    with_instrument, without_instrument:
        The same standoff with and without the instrument (for S1:
        ``border_deal()`` and ``border_deal((S300, TOR_M1))``), with the same
        status quo (:meth:`~arbiter.games.model.Model.is_status_quo` agrees on
        every outcome label). Labels are the base game's, so a promise
        delivered at the status quo still counts as the status quo.
    instrument:
        A name for the report (default: the models' names).
    values, free:
        As in :func:`~arbiter.analysis.status_quo_region`: ``values`` fixes
        parameters; with ``free``, every parameter not named is fixed at its
        default. Fixed parameters are fixed in the draws too.
    n, seed, distributions, executor, progress, chunk_size:
        As in :func:`~arbiter.analysis.robustness`.
    """
    caller = "instrument_value"
    with_instrument = check_model(with_instrument, caller)
    without_instrument = check_model(without_instrument, caller)
    if not _same_status_quo(with_instrument, without_instrument):
        raise InvalidArgumentError(
            f"{caller}(): the two models have different status quos: "
            f"{with_instrument.status_quo_name!r} and {without_instrument.status_quo_name!r}"
        )
    if instrument is None:
        instrument = f"{with_instrument.name} vs {without_instrument.name}"
    if not isinstance(instrument, str):
        raise ArgumentTypeError(f"{caller}(): instrument must be a string; got {instrument!r}")
    n = check_int(n, "n", caller, 1)
    seed, progress, executor, chunk_size = check_sampling(
        seed, progress, executor, chunk_size, caller=caller
    )
    space = _union_parameters((with_instrument, without_instrument), caller)
    union = _union_model((with_instrument, without_instrument), space)
    fixed = fixed_values(union, values, free, caller)
    samp = samplers(
        tuple(space.values()), union, distributions, {k: float(v) for k, v in fixed.items()}, caller
    )
    job = Job(
        (
            batch_solver(with_instrument.game, with_instrument.status_quo_labels),
            batch_solver(without_instrument.game, without_instrument.status_quo_labels),
        ),
        samp,
        n,
    )
    blocks = run_job(
        job, seed, executor=executor, chunk_size=chunk_size, progress=progress, desc=caller
    )
    patterns = sum((b.patterns for b in blocks), start=np.zeros(4, dtype=np.int64))
    both, only_with, only_without = int(patterns[3]), int(patterns[1]), int(patterns[2])
    share_with = (both + only_with) / n
    share_without = (both + only_without) / n
    gained, lost = only_with / n, only_without / n
    diff = gained - lost
    var = max(gained + lost - diff * diff, 0.0)
    half = Z95 * math.sqrt(var / n)
    return InstrumentValue(
        instrument=instrument,
        share_with=share_with,
        share_without=share_without,
        value=diff,
        ci_low=diff - half,
        ci_high=diff + half,
        gained_share=gained,
        lost_share=lost,
        n=n,
        seed=seed,
        fixed=FrozenMap(fixed),
        with_model=with_instrument,
        without_model=without_instrument,
    )


def instrument_values(
    factory: Callable[[tuple[str, ...]], Model],
    instruments: Sequence[str],
    **options: Any,
) -> dict[str, InstrumentValue]:
    """The value of each instrument: ``factory(all)`` against ``factory(all but it)``.

    ``factory`` builds the model from a tuple of available instruments (for
    S1, :func:`arbiter.scenarios.syria.border_deal.border_deal`); ``options``
    go to :func:`instrument_value` (the same ``seed``, so the same draws, for
    every instrument).

    >>> from arbiter.scenarios.syria.border_deal import border_deal, AIR_SUPPORT, S300, TOR_M1
    >>> vals = instrument_values(border_deal, (AIR_SUPPORT, S300, TOR_M1), n=20_000)
    >>> vals[AIR_SUPPORT].value > 0
    True
    """
    caller = "instrument_values"
    if not callable(factory):
        raise ArgumentTypeError(
            f"{caller}(): factory must be callable (instruments -> Model); got {factory!r}"
        )
    if isinstance(instruments, str) or not isinstance(instruments, Iterable):
        raise ArgumentTypeError(
            f"{caller}(): instruments must be a sequence of names; got {instruments!r}"
        )
    names = tuple(instruments)
    if not names or len(set(names)) != len(names):
        raise InvalidArgumentError(
            f"{caller}(): instruments must be distinct names, at least one; got {names!r}"
        )
    full = factory(names)
    out = {}
    for name in names:
        without = factory(tuple(x for x in names if x != name))
        out[name] = instrument_value(full, without, instrument=name, **options)
    return out


# ====================================================================== comparative statics
@dataclass(frozen=True)
class ComparativeStatics:
    """How the status quo's robustness (and a threshold) moves with one parameter.

    ``points[k]`` is the value of ``parameter``; ``shares[k]`` the robustness
    share there (with ``ci_low``/``ci_high``); ``thresholds[k]``, when
    ``threshold_of`` was given, the exact stable set of that parameter there
    (others at defaults or ``values``), or ``None`` where the regimes could not
    be computed (a point where movers are indifferent everywhere, so that ties
    multiply the regimes beyond :data:`arbiter.solve.regimes.MAX_CASES`; in S1,
    ``r`` equal to ``k_w`` and ``k_tor``).
    """

    parameter: str
    points: tuple[float, ...]
    shares: tuple[float, ...]
    ci_low: tuple[float, ...]
    ci_high: tuple[float, ...]
    threshold_of: str | None
    thresholds: tuple[Any, ...]
    n: int
    seed: int

    def to_frame(self) -> pd.DataFrame:
        """One row per point: value, share, interval, and the threshold's ends."""
        data: dict[str, Any] = {
            self.parameter: list(self.points),
            "share": list(self.shares),
            "ci_low": list(self.ci_low),
            "ci_high": list(self.ci_high),
        }
        if self.threshold_of is not None:
            data[f"{self.threshold_of}_stable"] = [
                None if s is None else str(s) for s in self.thresholds
            ]
            data[f"{self.threshold_of}_inf"] = [_end(s, "inf") for s in self.thresholds]
            data[f"{self.threshold_of}_sup"] = [_end(s, "sup") for s in self.thresholds]
        return pd.DataFrame(data)


def _end(s: sympy.Set | None, which: str) -> float:
    if s is None or s is sympy.EmptySet:
        return math.nan
    return float(getattr(s, which))


def comparative_statics(
    model: Model,
    parameter: str,
    points: Sequence[Any] | None = None,
    *,
    num: int = 9,
    threshold_of: str | None = None,
    values: Mapping[str, Any] | None = None,
    n: int = 20_000,
    seed: int = 0,
    distributions: Mapping[str, Any] | None = None,
    executor: Executor | None = None,
    progress: bool = PROGRESS,
    chunk_size: int = DEFAULT_CHUNK,
) -> ComparativeStatics:
    """Sweep ``parameter`` over ``points`` (default: ``num`` points over its plausible range).

    At each point the parameter is fixed; the other parameters are drawn as
    in :func:`~arbiter.analysis.robustness` (the same draws at every point),
    except those in ``values``, which stay fixed. With ``threshold_of``, the
    exact threshold of that parameter is computed at each point too.
    ``n``, ``seed``, ``distributions``, ``executor``, ``progress`` and
    ``chunk_size`` are as in :func:`~arbiter.analysis.robustness`.

    Examples
    --------
    >>> from arbiter.scenarios.syria.border_deal import border_deal
    >>> cs = comparative_statics(border_deal(), "v", [0, 6, 12], threshold_of="w", n=5_000)
    >>> cs.shares[0] < cs.shares[2]
    True
    >>> [str(s) for s in cs.thresholds]
    ['EmptySet', 'Interval.open(1, oo)', 'Interval.open(1, oo)']
    """
    caller = "comparative_statics"
    model = check_model(model, caller)
    seed, progress, executor, chunk_size = check_sampling(
        seed, progress, executor, chunk_size, caller=caller
    )
    name = check_name(model, parameter, "parameter", caller)
    given = exact_values(model, values, caller)
    if name in given:
        raise InvalidArgumentError(
            f"{caller}(): parameter={name!r} is also given in values; it is the one swept"
        )
    other = None
    if threshold_of is not None:
        other = check_name(model, threshold_of, "threshold_of", caller)
        if other == name:
            raise InvalidArgumentError(
                f"{caller}(): threshold_of={other!r} is the swept parameter itself"
            )
        if other in given:
            raise InvalidArgumentError(
                f"{caller}(): threshold_of={other!r} is also given in values"
            )
    p = model.parameters[name]
    if points is None:
        num = check_int(num, "num", caller, 2)
        pts = [float(x) for x in np.linspace(float(p.low), float(p.high), num)]
    else:
        if isinstance(points, (str, bytes)) or not isinstance(points, Iterable):
            raise ArgumentTypeError(
                f"{caller}(): points must be a sequence of numbers; got {points!r}"
            )
        pts = list(points)
        if not pts:
            raise InvalidArgumentError(f"{caller}(): points must not be empty")
        for x in pts:
            exact_values(model, {name: x}, caller, "points")
    shares, lows, highs, sets = [], [], [], []
    for x in pts:
        rob: Robustness = robustness(
            model,
            n=n,
            seed=seed,
            executor=executor,
            distributions={k: v for k, v in (distributions or {}).items() if k != name},
            progress=progress,
            chunk_size=chunk_size,
            values={**{k: float(v) for k, v in given.items()}, name: x},
        )
        shares.append(rob.share)
        lows.append(rob.ci_low)
        highs.append(rob.ci_high)
        if other is not None:
            try:
                sets.append(threshold(model, other, values={**given, name: x}))
            except NotSupportedError:  # ties everywhere: too many regimes at this point
                sets.append(None)
    return ComparativeStatics(
        parameter=name,
        points=tuple(float(x) for x in pts),
        shares=tuple(shares),
        ci_low=tuple(lows),
        ci_high=tuple(highs),
        threshold_of=other,
        thresholds=tuple(sets),
        n=n,
        seed=seed,
    )
