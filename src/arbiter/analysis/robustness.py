r"""Robustness: the share of plausible parameter values at which the status quo is stable.

Draw :math:`\theta^1, \dots, \theta^n` independently from a distribution
:math:`P` on the parameter box (by default each parameter uniform on its
plausible range ``[low, high]``; any frozen :mod:`scipy.stats` distribution
per parameter on request) and report

.. math::

    \hat s = \frac{1}{n} \sum_{j=1}^n \mathbf 1[\theta^j \in R],

where :math:`R` is the set where the status quo is the outcome of every
subgame-perfect equilibrium (:mod:`arbiter.analysis.region`). :math:`\hat s`
estimates :math:`P(R)`; the 95% interval is Wilson's score interval
(:func:`wilson_interval`), which behaves at shares near 0 and 1.

**How each draw is classified.** By a vectorised backward induction over all
draws of a chunk at once (:mod:`arbiter.analysis._batch`): every leaf payoff
is evaluated as an array over the draws (one matrix product when payoffs are
linear in the parameters), then each decision node keeps, per draw, the set
of continuations some subgame-perfect equilibrium can produce. A draw counts
as stable only if the status quo results for every way of breaking ties.
Ties need a parameter combination to sit exactly on a boundary, which has
probability 0 under continuous distributions; a near-tie (within ``1e-9``
times the payoff scale) is treated as a tie. This needs no regimes, so it
works for any tree, and it agrees with the exact region
(:func:`arbiter.analysis.status_quo_region`) off boundaries, which the tests
check. Trees with imperfect information are solved draw by draw with
:func:`arbiter.solve.spe.subgame_perfect` (slow, with a progress bar).

**Reproducibility.** Draws come in blocks of :data:`BLOCK` draws; block
:math:`k` uses the :math:`k`-th child of ``numpy.random.SeedSequence(seed)``
(``SeedSequence.spawn``), and its draws come from inverse transforms of one
uniform matrix, so the draws, and every number reported, are the same for the
same ``seed`` and ``n`` whatever the ``executor`` and ``chunk_size`` (chunks
are whole blocks; block results are combined in block order). Draws are
also common across calls with the same seed: fixing one parameter (or
comparing two models) changes the others' draws not at all.

**Executors.** Chunks are submitted to any :class:`concurrent.futures.Executor`
(threads, processes, or a Dask cluster through
``distributed.Client.get_executor()``); the compiled solver pickles as its
tree and is rebuilt once per worker process.

>>> from arbiter.scenarios.syria.border_deal import border_deal
>>> rob = robustness(border_deal(), n=20_000, seed=1, progress=False)
>>> 0 < rob.share < 1 and rob.ci_low < rob.share < rob.ci_high
True
>>> rob == robustness(border_deal(), n=20_000, seed=1, progress=False, chunk_size=4096)
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from arbiter.analysis._batch import BatchSolver, batch_solver
from arbiter.analysis._common import (
    PROGRESS,
    check_int,
    check_model,
    check_name,
    check_sampling,
    float_values,
)
from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.games.model import Model
from arbiter.games.parameters import Parameter
from arbiter.games.tree import SequentialGame

__all__ = [
    "BLOCK",
    "ParameterEffect",
    "Robustness",
    "robustness",
    "wilson_interval",
]

#: Draws per random block (the unit of seeding): chunk sizes are multiples of it.
BLOCK = 4096

#: Default draws per chunk submitted to the executor.
DEFAULT_CHUNK = 32 * BLOCK

#: The normal quantile for 95% intervals.
Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a binomial proportion.

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(0, 100)]
    [0.0, 0.037]
    """
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


# ====================================================================== results
@dataclass(frozen=True)
class ParameterEffect:
    """How one parameter's draw relates to stability.

    Attributes
    ----------
    name, distribution:
        The parameter and how it was drawn (``"uniform(0, 10)"``, ``"fixed at 5"``,
        or the scipy distribution).
    mean_stable, mean_unstable:
        The parameter's mean over the draws where the status quo was stable,
        and where it was not (``nan`` when there are none).
    quartile_shares:
        The share of stable draws among the draws in each quartile of the
        parameter's distribution (lowest first): a rising sequence means the
        parameter helps the status quo. ``()`` for a fixed parameter.
    """

    name: str
    distribution: str
    mean_stable: float
    mean_unstable: float
    quartile_shares: tuple[float, ...]


@dataclass(frozen=True)
class Robustness:
    """The share of draws where the status quo is stable, with a 95% Wilson interval.

    Attributes
    ----------
    share, ci_low, ci_high:
        The estimate and its 95% interval.
    n, stable:
        The number of draws, and of stable draws.
    seed:
        The seed (``numpy.random.SeedSequence``) the draws came from.
    model, status_quo:
        The model's name and its status quo as text
        (:attr:`~arbiter.games.model.Model.status_quo_name`).
    parameters:
        One :class:`ParameterEffect` per parameter, in the model's order.
    pointwise:
        How many draws were solved one by one (imperfect information, or
        chance nodes with too many tied continuations); usually 0.
    """

    share: float
    ci_low: float
    ci_high: float
    n: int
    stable: int
    seed: int
    model: str
    status_quo: str
    parameters: tuple[ParameterEffect, ...]
    pointwise: int = 0

    def to_frame(self) -> pd.DataFrame:
        """One row per parameter: distribution, means and quartile shares."""
        rows = []
        for p in self.parameters:
            row: dict[str, Any] = {
                "parameter": p.name,
                "distribution": p.distribution,
                "mean_stable": p.mean_stable,
                "mean_unstable": p.mean_unstable,
            }
            for k, s in enumerate(p.quartile_shares, start=1):
                row[f"share_q{k}"] = s
            rows.append(row)
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        return (
            f"{self.model}: {self.status_quo!r} stable in {self.share:.2%} of {self.n} draws "
            f"(95% CI {self.ci_low:.2%} to {self.ci_high:.2%}; seed {self.seed})"
        )


# ====================================================================== sampling
@dataclass(frozen=True)
class Sampler:
    """How one parameter is drawn: ``kind`` is ``"uniform"``, ``"fixed"`` or ``"scipy"``."""

    name: str
    kind: str
    low: float = 0.0
    high: float = 0.0
    dist: Any = None

    def values(self, u: np.ndarray) -> np.ndarray:
        """Inverse transform of uniforms ``u`` in [0, 1)."""
        if self.kind == "uniform":
            return self.low + (self.high - self.low) * u
        if self.kind == "fixed":
            return np.full(u.shape, self.low)
        return np.asarray(self.dist.ppf(u), dtype=float)

    def describe(self) -> str:
        if self.kind == "uniform":
            return f"uniform({_num(self.low)}, {_num(self.high)})"
        if self.kind == "fixed":
            return f"fixed at {_num(self.low)}"
        name = getattr(getattr(self.dist, "dist", None), "name", type(self.dist).__name__)
        args = ", ".join(_num(a) for a in getattr(self.dist, "args", ()))
        kwds = ", ".join(f"{k}={_num(v)}" for k, v in getattr(self.dist, "kwds", {}).items())
        return f"{name}({', '.join(x for x in (args, kwds) if x)})"


def _num(x: Any) -> str:
    return f"{float(x):g}" if isinstance(x, (int, float, np.floating)) else str(x)


def samplers(
    parameters: Sequence[Parameter],
    model: Model,
    distributions: Any,
    values: Any,
    caller: str,
) -> tuple[Sampler, ...]:
    """One sampler per parameter: fixed by ``values``, from ``distributions``, else uniform."""
    fixed = float_values(model, values, caller)
    dists: dict[str, Any] = {}
    if distributions is not None:
        if not isinstance(distributions, Mapping):
            raise ArgumentTypeError(
                f"{caller}(): distributions must be a mapping {{parameter name: frozen "
                f"scipy.stats distribution}}; got {distributions!r}"
            )
        for key, d in distributions.items():
            name = check_name(model, key, "a key of distributions", caller)
            if name in fixed:
                raise InvalidArgumentError(
                    f"{caller}(): parameter {name!r} is both in values and in distributions"
                )
            dists[name] = d
    out = []
    for p in parameters:
        if p.name in fixed:
            out.append(Sampler(p.name, "fixed", fixed[p.name], fixed[p.name]))
        elif p.name in dists:
            out.append(_dist_sampler(p, dists[p.name], caller))
        else:
            out.append(Sampler(p.name, "uniform", float(p.low), float(p.high)))
    return tuple(out)


def _dist_sampler(p: Parameter, d: Any, caller: str) -> Sampler:
    where = f"{caller}(): distributions[{p.name!r}]"
    if isinstance(d, (int, float, np.integer, np.floating)) and not isinstance(d, bool):
        value = float(d)
        if not math.isfinite(value) or (p.nonnegative and value < 0):
            raise InvalidArgumentError(f"{where} must be a finite value in the domain; got {d!r}")
        return Sampler(p.name, "fixed", value, value)
    if not (callable(getattr(d, "ppf", None)) and callable(getattr(d, "support", None))):
        raise ArgumentTypeError(
            f"{where} must be a frozen scipy.stats distribution (e.g. "
            f"scipy.stats.uniform(0, 5)) or a number; got {d!r}"
        )
    lo, _ = d.support()
    if p.nonnegative and lo < 0:
        raise InvalidArgumentError(
            f"{where} can draw negative values (support starts at {lo}), but {p.name!r} is "
            "non-negative; truncate it (e.g. scipy.stats.truncnorm) or shift it"
        )
    return Sampler(p.name, "scipy", dist=d)


@dataclass(frozen=True)
class BlockStats:
    """What one block of draws contributes (exact counts; float sums added in block order)."""

    n: int
    patterns: np.ndarray  # counts of each stability pattern over the solvers (bit k: solver k)
    sum_all: np.ndarray  # per parameter, sum of draws
    sum_stable: np.ndarray  # per parameter, sum over the draws stable for solver 0
    quartile_all: np.ndarray  # (params, 4) draws per quartile
    quartile_stable: np.ndarray  # (params, 4) stable draws (solver 0) per quartile
    pointwise: int


@dataclass(frozen=True)
class Job:
    """A sampling job: solvers (evaluated on the same draws), samplers and seeds."""

    solvers: tuple[BatchSolver, ...]
    samplers: tuple[Sampler, ...]
    n: int

    def run(self, seeds: Sequence[np.random.SeedSequence], first: int) -> list[BlockStats]:
        """Draw and classify the blocks ``first, first + 1, ...`` (one seed each)."""
        sizes = [min(BLOCK, self.n - (first + k) * BLOCK) for k in range(len(seeds))]
        uniforms = np.concatenate(
            [
                np.random.default_rng(s).random((size, len(self.samplers)))
                for s, size in zip(seeds, sizes)
            ]
        )
        values = {s.name: s.values(uniforms[:, j]) for j, s in enumerate(self.samplers)}
        pattern = np.zeros(len(uniforms), dtype=np.int64)
        pointwise = 0
        for k, solver in enumerate(self.solvers):
            # The extra (non-identifier) key gives the draws' shape to models without parameters.
            got = solver.solve({n: values[n] for n in solver.names} | {" n": uniforms[:, 0]})
            pattern |= got.stable.astype(np.int64) << k
            pointwise += got.pointwise
        stable0 = (pattern & 1).astype(bool)
        draws = np.stack([values[s.name] for s in self.samplers])  # (params, N)
        quartile = np.minimum((uniforms.T * 4).astype(np.intp), 3)
        out = []
        start = 0
        for size in sizes:
            sl = slice(start, start + size)
            st = stable0[sl]
            q = quartile[:, sl]
            q_all = np.stack([np.bincount(row, minlength=4) for row in q])
            q_st = np.stack([np.bincount(row[st], minlength=4) for row in q])
            out.append(
                BlockStats(
                    n=size,
                    patterns=np.bincount(pattern[sl], minlength=1 << len(self.solvers)),
                    sum_all=draws[:, sl].sum(axis=1),
                    sum_stable=draws[:, sl][:, st].sum(axis=1),
                    quartile_all=q_all,
                    quartile_stable=q_st,
                    pointwise=pointwise if start == 0 else 0,
                )
            )
            start += size
        return out


def _run_job(job: Job, seeds: Sequence[np.random.SeedSequence], first: int) -> list[BlockStats]:
    return job.run(seeds, first)


def run_job(
    job: Job,
    seed: int,
    *,
    executor: Executor | None,
    chunk_size: int,
    progress: bool,
    desc: str,
) -> list[BlockStats]:
    """All blocks of ``job``, in block order, chunk by chunk on ``executor`` (or here)."""
    n_blocks = -(-job.n // BLOCK)
    children = np.random.SeedSequence(seed).spawn(n_blocks)
    per_chunk = max(1, -(-chunk_size // BLOCK))  # whole blocks: chunk_size rounded up
    chunks = [(b, children[b : b + per_chunk]) for b in range(0, n_blocks, per_chunk)]
    results: dict[int, list[BlockStats]] = {}
    with tqdm(total=job.n, disable=not progress, desc=desc, unit="draw") as bar:
        if executor is None:
            for first, seeds in chunks:
                results[first] = job.run(seeds, first)
                bar.update(sum(s.n for s in results[first]))
        else:
            futures = {
                executor.submit(_run_job, job, seeds, first): first for first, seeds in chunks
            }
            for fut in as_completed(futures):
                first = futures[fut]
                results[first] = fut.result()
                bar.update(sum(s.n for s in results[first]))
    return [stats for first in sorted(results) for stats in results[first]]


# Kept for callers not yet on check_sampling (arbiter.analysis.thresholds).
# ====================================================================== robustness
def robustness(
    model: Model,
    n: int = 100_000,
    *,
    values: Mapping[str, Any] | None = None,
    distributions: Mapping[str, Any] | None = None,
    seed: int = 0,
    executor: Executor | None = None,
    progress: bool = PROGRESS,
    chunk_size: int = DEFAULT_CHUNK,
) -> Robustness:
    """The share of draws of the parameters at which the status quo is stable.

    Parameters
    ----------
    model:
        A :class:`~arbiter.games.model.Model` of a sequential game with a status
        quo, or of a normal form: then a draw is stable when every Nash
        equilibrium reaches the status quo, one complete solve per draw
        (:func:`arbiter.analysis.normal.equilibrium_robustness`; only ``n``,
        ``seed`` and ``progress`` apply).
    n:
        The number of draws (at least 1).
    values:
        ``{name: number}``: parameters held fixed instead of drawn.
    distributions:
        ``{name: frozen scipy.stats distribution or number}``; parameters not
        named are drawn uniformly on ``[low, high]``. A distribution must not
        draw negative values for a non-negative parameter.
    seed:
        A non-negative integer; the same seed and ``n`` give the same result
        whatever ``executor`` and ``chunk_size``.
    executor:
        A :class:`concurrent.futures.Executor` to run chunks on (a thread or
        process pool, or ``distributed.Client(...).get_executor()``); ``None``
        runs here.
    progress:
        Show a tqdm progress bar (default ``True``, as in every sampling
        function; pass ``False`` in scripts and tests).
    chunk_size:
        Draws per submitted chunk, rounded up to a multiple of :data:`BLOCK`.

    Returns
    -------
    Robustness
    """
    caller = "robustness"
    if isinstance(model, Model) and not isinstance(model.game, SequentialGame):
        if values is not None or distributions is not None or executor is not None:
            raise InvalidArgumentError(
                f"{caller}(): for a normal-form model only n, seed and progress are supported "
                "(each draw is one complete Nash solve)"
            )
        from arbiter.analysis.normal import equilibrium_robustness

        return equilibrium_robustness(model, n, seed=seed, progress=progress)
    model = check_model(model, caller)
    n = check_int(n, "n", caller, 1)
    seed, progress, executor, chunk_size = check_sampling(
        seed, progress, executor, chunk_size, caller=caller
    )
    params = tuple(model.parameters.values())
    samp = samplers(params, model, distributions, values, caller)
    job = Job((batch_solver(model.game, model.status_quo_labels),), samp, n)
    blocks = run_job(
        job, seed, executor=executor, chunk_size=chunk_size, progress=progress, desc=caller
    )
    return summarise(blocks, samp, n, seed, model)


def summarise(
    blocks: Sequence[BlockStats], samp: Sequence[Sampler], n: int, seed: int, model: Model
) -> Robustness:
    """Combine block statistics (in block order) into a :class:`Robustness`."""
    patterns = sum((b.patterns for b in blocks), start=np.zeros_like(blocks[0].patterns))
    stable = int(patterns[1::2].sum())
    sum_all = np.zeros(len(samp))
    sum_stable = np.zeros(len(samp))
    q_all = np.zeros((len(samp), 4), dtype=np.int64)
    q_stable = np.zeros((len(samp), 4), dtype=np.int64)
    for b in blocks:
        sum_all += b.sum_all
        sum_stable += b.sum_stable
        q_all += b.quartile_all
        q_stable += b.quartile_stable
    effects = []
    for j, s in enumerate(samp):
        mean_st = sum_stable[j] / stable if stable else math.nan
        mean_un = (sum_all[j] - sum_stable[j]) / (n - stable) if n > stable else math.nan
        shares: tuple[float, ...] = ()
        if s.kind != "fixed":
            shares = tuple(
                float(q_stable[j, k] / q_all[j, k]) if q_all[j, k] else math.nan for k in range(4)
            )
        effects.append(ParameterEffect(s.name, s.describe(), mean_st, mean_un, shares))
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
        pointwise=sum(b.pointwise for b in blocks),
    )
