r"""Strategic estimation: the utilities of a game tree fitted to observed outcomes.

The model (Signorino 1999, 2003; Lewis and Schultz 2003; Kenkel and
Signorino's R package ``games``). A finite perfect-information tree is
played once per observation. Each terminal utility is either a number fixed
in the tree or a symbol :math:`u` with a linear index
:math:`u = x_u^\top \beta_u`, whose regressors :math:`x_u` a Wilkinson formula
(``formulaic``) builds from the data. Choices carry random utility:

* **agent error** (``error="agent"``): at every decision node the utility of
  each action has its own error, so the mover chooses action :math:`a` with
  probability :math:`F` of the expected utilities of the actions, the
  expectations taken over later choices computed first by backward
  recursion. Probit: independent N(0, 1) errors, a binary choice is
  :math:`\Phi(\Delta U/\sqrt2)`; logit: :math:`\Lambda(\Delta U/\sqrt2)`
  (multinomial logit of :math:`U/\sqrt2` with more actions).
* **private information** (``error="private"``): every utility given by a
  formula carries a shock known only to its player (N(0, 1) for probit); the
  mover compares lotteries over terminals whose probabilities come from the
  later movers' choice distributions. A binary choice is
  :math:`F(\Delta m / s)` with :math:`s^2 = \sum_z q_z^2` over the shocked
  terminals of both lotteries. For logit, :math:`F` is the logistic function
  at that scale (the R package refuses logit here; arbiter fits it).

The coefficients :math:`\beta` are estimated by maximum likelihood
(BFGS with the analytic score, computed in forward mode along the backward
recursion); standard errors come from the inverse of the Hessian, itself
the central-difference derivative of the analytic score. Starting values
come from statistical backward induction (Bas, Signorino and Walker 2008):
binary probits or logits fitted node by node from the last movers up.

>>> import arbiter, sympy
>>> from arbiter.estimation import fit, simulate
>>> a_sq, a_war, b_war = sympy.symbols("a_sq a_war b_war")
>>> tree = arbiter.SequentialGame(arbiter.decision("A", {
...     "stay": arbiter.outcome({"A": a_sq, "B": 0}, label="sq"),
...     "push": arbiter.decision("B", {
...         "yield": arbiter.outcome({"A": 0, "B": 0}, label="yield"),
...         "fight": arbiter.outcome({"A": a_war, "B": b_war}, label="war"),
...     }),
... }))
>>> utilities = {"a_sq": "x", "a_war": "1", "b_war": "z"}
>>> truth = [0.5, -1.0, -0.3, 1.0, 0.5]
>>> data = simulate(tree, utilities, truth, n=5000, seed=1)
>>> res = fit(tree, data, utilities=utilities, outcome="outcome")
>>> bool((abs(res.params - truth) < 3 * res.bse).all())  # the truth within 3 standard errors
True
>>> list(res.params.index[:2])
['a_sq:Intercept', 'a_sq:x']
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats
from statsmodels.base.model import GenericLikelihoodModel, GenericLikelihoodModelResults
from statsmodels.tools.numdiff import approx_fprime

from arbiter.analysis._common import PROGRESS
from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.estimation._compile import (
    Design,
    build_design,
    compile_tree,
    identification_check,
    private_check,
)
from arbiter.estimation._kernel import Structure, evaluate, loglike_obs

__all__ = [
    "Bootstrap",
    "SeparationWarning",
    "StrategicModel",
    "StrategicResults",
    "fit",
    "simulate",
]

LINKS = ("probit", "logit")
#: Statistical backward induction uses at most this many (evenly spaced) rows.
SBI_ROWS = 10_000
ERRORS = ("agent", "private")


class SeparationWarning(UserWarning):
    """An estimate ran off towards infinity: some outcome is perfectly predicted (separation)."""


def _check_choice(value: Any, allowed: Sequence[str], argument: str, caller: str) -> str:
    if value not in allowed:
        raise InvalidArgumentError(
            f"{caller}(): {argument} must be one of {list(allowed)}; got {value!r}"
        )
    return value


class StrategicModel(GenericLikelihoodModel):
    """A statsmodels likelihood model for a compiled tree (built by :func:`fit`).

    ``endog`` is the index of the observed terminal (depth-first order); the
    parameters are the utility coefficients, block by block.
    """

    def __init__(
        self,
        endog,
        structure: Structure,
        design: Design,
        names: list[str],
        link: str,
        error: str,
        **kwds,
    ):
        self.structure = structure
        self.design = design
        self.link = link
        self.error = error
        self._designs = tuple(design.matrices)
        self._cache: tuple[bytes, np.ndarray, np.ndarray] | None = None
        super().__init__(endog, None, extra_params_names=names, **kwds)
        self.nparams = len(names)
        self.k_constant = 0
        self.k_extra = 0
        self.df_model = float(len(names))
        self.df_resid = float(len(endog) - len(names))

    def _eval(self, params: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        params = np.asarray(params, dtype=float)
        key = params.tobytes()
        if self._cache is None or self._cache[0] != key:
            ll, sc = loglike_obs(
                self.structure,
                self._designs,
                self.endog.astype(int),
                params,
                link=self.link,
                error=self.error,
            )
            self._cache = (key, ll, sc)
        return self._cache[1], self._cache[2]

    def loglikeobs(self, params):
        return self._eval(params)[0]

    def loglike(self, params):
        return float(self._eval(params)[0].sum())

    def score_obs(self, params):
        return self._eval(params)[1]

    def score(self, params):
        return self._eval(params)[1].sum(axis=0)

    def hessian(self, params):
        h = approx_fprime(np.asarray(params, dtype=float), self.score, centered=True)
        return (h + h.T) / 2

    def fit(self, start_params=None, method="bfgs", maxiter=2000, **kwargs):
        kwargs.setdefault("disp", 0)
        kwargs.setdefault("gtol", 1e-7)
        return super().fit(start_params=start_params, method=method, maxiter=maxiter, **kwargs)


@dataclass(frozen=True)
class Bootstrap:
    """Bootstrap replicates of the coefficients (rows: replicates, columns: parameters).

    Replicate ``k`` resamples the rows with the ``k``-th child of
    ``numpy.random.SeedSequence(seed)``, so results do not depend on the
    executor or the chunk size.
    """

    draws: np.ndarray
    names: tuple[str, ...]
    seed: int
    failed: int

    @property
    def se(self) -> pd.Series:
        """Bootstrap standard errors."""
        return pd.Series(np.nanstd(self.draws, axis=0, ddof=1), index=list(self.names))

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Percentile intervals."""
        lo, hi = np.nanquantile(self.draws, [alpha / 2, 1 - alpha / 2], axis=0)
        return pd.DataFrame({"lower": lo, "upper": hi}, index=list(self.names))

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.draws, columns=list(self.names))


def _bootstrap_chunk(structure, designs, y, link, error, start, seeds):
    out = []
    n = len(y)
    for s in seeds:
        idx = np.random.default_rng(s).integers(0, n, n)
        des = tuple(X[idx] for X in designs)
        yy = y[idx]

        def f(theta, des=des, yy=yy):
            ll, sc = loglike_obs(structure, des, yy, theta, link=link, error=error)
            return -ll.sum() / n, -sc.sum(axis=0) / n

        r = optimize.minimize(
            f, start, jac=True, method="BFGS", options={"gtol": 1e-6, "maxiter": 1000}
        )
        out.append(r.x if np.all(np.isfinite(r.x)) else np.full_like(start, np.nan))
    return out


class StrategicResults(GenericLikelihoodModelResults):
    """Results of :func:`fit`: statsmodels' ``params``, ``bse``, ``llf``, ``aic``, ``bic``,
    ``summary()``, ``conf_int()``, plus outcome predictions, bootstrap and a plot.

    ``params``, ``bse``, ``tvalues`` and ``pvalues`` are pandas Series indexed
    by the parameter names; ``conf_int()`` a DataFrame.
    """

    def __init__(self, model, mlefit):
        super().__init__(model, mlefit)
        self.params = pd.Series(np.asarray(self.params, dtype=float), index=list(model.exog_names))

    def _series(self, values) -> pd.Series:
        return pd.Series(np.asarray(values, dtype=float), index=self.params.index)

    @property
    def bse(self) -> pd.Series:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return self._series(np.sqrt(np.diag(np.asarray(self.cov_params()))))

    @property
    def tvalues(self) -> pd.Series:
        return self.params / self.bse

    @property
    def pvalues(self) -> pd.Series:
        return self._series(2 * stats.norm.sf(np.abs(self.tvalues)))

    def conf_int(self, alpha: float = 0.05, cols=None) -> pd.DataFrame:
        z = stats.norm.ppf(1 - alpha / 2)
        return pd.DataFrame({0: self.params - z * self.bse, 1: self.params + z * self.bse})

    @property
    def aic(self) -> float:
        return -2 * self.llf + 2 * len(self.params)

    @property
    def bic(self) -> float:
        return -2 * self.llf + len(self.params) * math.log(self.nobs)

    @property
    def link(self) -> str:
        return self.model.link

    @property
    def error(self) -> str:
        return self.model.error

    @property
    def outcome_labels(self) -> tuple[str, ...]:
        return self.model.structure.labels

    @property
    def converged(self) -> bool:
        return bool(self.mle_retvals.get("converged", False))

    def summary(self, yname=None, xname=None, title=None, alpha=0.05):
        if title is None:
            kind = "agent error" if self.error == "agent" else "private information"
            title = f"Strategic model ({self.link}, {kind})"
        return super().summary(yname=yname or "outcome", xname=xname, title=title, alpha=alpha)

    def _designs_for(self, data: pd.DataFrame | None) -> tuple[np.ndarray, ...]:
        if data is None:
            return tuple(self.model.design.matrices)
        if not isinstance(data, pd.DataFrame):
            raise ArgumentTypeError(
                f"predict_outcomes(): data must be a pandas DataFrame; got {type(data).__name__}"
            )
        out = []
        for spec, cols in zip(self.model.design.specs, self.model.design.columns):
            if not cols:
                out.append(np.zeros((len(data), 0)))
                continue
            out.append(np.asarray(spec.get_model_matrix(data, na_action="ignore"), dtype=float))
        return tuple(out)

    def predict_outcomes(
        self, data: pd.DataFrame | None = None, *, alpha: float | None = 0.05
    ) -> pd.DataFrame:
        """Predicted outcome probabilities, one column per outcome label.

        With ``alpha`` (default 0.05), each outcome also gets ``lower`` and
        ``upper`` bounds of a ``1 - alpha`` interval by the delta method on
        the log-odds scale (so the bounds stay in (0, 1)), from the Hessian
        covariance; the columns are then a MultiIndex (outcome, "prob" |
        "lower" | "upper"). ``alpha=None`` gives the probabilities alone.
        """
        designs = self._designs_for(data)
        theta = np.asarray(self.params, dtype=float)
        probs, jac = evaluate(
            self.model.structure,
            designs,
            theta,
            link=self.link,
            error=self.error,
            grad=alpha is not None,
        )
        labels = list(self.outcome_labels)
        index = None if data is None else data.index
        if alpha is None:
            return pd.DataFrame(probs, columns=labels, index=index)
        cov = np.asarray(self.cov_params())
        var = np.einsum("ntk,kl,ntl->nt", jac, cov, jac)
        p = np.clip(probs, 1e-12, 1 - 1e-12)
        se_logit = np.sqrt(np.maximum(var, 0)) / (p * (1 - p))
        z = stats.norm.ppf(1 - alpha / 2)
        logit = np.log(p / (1 - p))
        lower = 1 / (1 + np.exp(-(logit - z * se_logit)))
        upper = 1 / (1 + np.exp(-(logit + z * se_logit)))
        frames = {}
        for t, label in enumerate(labels):
            frames[(label, "prob")] = probs[:, t]
            frames[(label, "lower")] = lower[:, t]
            frames[(label, "upper")] = upper[:, t]
        return pd.DataFrame(frames, index=index)

    def bootstrap(
        self,
        n: int = 200,
        *,
        seed: int = 0,
        executor: Any = None,
        progress: bool = PROGRESS,
        chunk_size: int = 10,
    ) -> Bootstrap:
        """Refit on ``n`` resamples of the rows (nonparametric bootstrap).

        ``seed``, ``progress``, ``executor`` and ``chunk_size`` follow the
        library's sampling conventions (``arbiter.analysis.robustness``):
        replicate ``k`` uses the ``k``-th child of
        ``numpy.random.SeedSequence(seed)``; chunks of replicates go to any
        :class:`concurrent.futures.Executor`; a tqdm bar shows progress
        unless ``progress=False``. Each replicate starts from these
        estimates; a replicate whose fit fails is a row of NaN (counted in
        ``failed``).
        """
        from tqdm.auto import tqdm

        from arbiter.analysis._common import check_int, check_sampling

        n = check_int(n, "n", "bootstrap", 1)
        seed, progress, executor, chunk_size = check_sampling(
            seed, progress, executor, chunk_size, caller="bootstrap"
        )
        children = np.random.SeedSequence(seed).spawn(n)
        chunks = [children[i : i + chunk_size] for i in range(0, n, chunk_size)]
        m = self.model
        args = (
            m.structure,
            tuple(m.design.matrices),
            m.endog.astype(int),
            m.link,
            m.error,
            np.asarray(self.params, dtype=float),
        )
        results: dict[int, list[np.ndarray]] = {}
        with tqdm(total=n, disable=not progress, desc="bootstrap", unit="fit") as bar:
            if executor is None:
                for i, ch in enumerate(chunks):
                    results[i] = _bootstrap_chunk(*args, ch)
                    bar.update(len(ch))
            else:
                from concurrent.futures import as_completed

                futures = {
                    executor.submit(_bootstrap_chunk, *args, ch): i for i, ch in enumerate(chunks)
                }
                for fut in as_completed(futures):
                    i = futures[fut]
                    results[i] = fut.result()
                    bar.update(len(chunks[i]))
        draws = np.array([row for i in range(len(chunks)) for row in results[i]])
        failed = int(np.isnan(draws).any(axis=1).sum())
        return Bootstrap(draws, tuple(m.exog_names), seed, failed)

    def plot_predicted(self, x: str, **kwargs: Any):
        """Predicted outcome probabilities against ``x``: see :func:`plot_predicted`."""
        from arbiter.estimation._plot import plot_predicted

        return plot_predicted(self, x, **kwargs)


StrategicModel.results_class = StrategicResults


# ----------------------------------------------------------------- starting values


def _sbi_start(
    structure: Structure, designs: tuple[np.ndarray, ...], y: np.ndarray, link: str, error: str
) -> np.ndarray:
    """Statistical backward induction: binary GLMs node by node, from the last movers up."""
    import statsmodels.api as sm

    if len(y) > SBI_ROWS:  # starting values need no more: evenly spaced rows
        take = np.linspace(0, len(y) - 1, SBI_ROWS).astype(int)
        designs, y = tuple(X[take] for X in designs), y[take]
    k = structure.blocks[-1].stop if structure.blocks else 0
    theta = np.zeros(k)
    done: set[int] = set()
    family = sm.families.Binomial(
        link=sm.families.links.Probit() if link == "probit" else sm.families.links.Logit()
    )
    for node in structure.nodes:
        if node.kind != "decision" or len(node.actions) != 2:
            continue
        j = node.player
        here = (y >= node.lo) & (y < node.hi)
        r_lo, r_hi = structure.child_range(node.children[1])
        chose = ((y >= r_lo) & (y < r_hi))[here].astype(float)
        # probabilities of each child's terminals once there, from the current estimates
        probs = np.ones((len(y), node.hi - node.lo))
        for kind, c in node.children:
            if kind == "node":
                sub = structure.nodes[c]
                probs[:, sub.lo - node.lo : sub.hi - node.lo] = evaluate(
                    _sub_structure(structure, c), designs, theta, link=link, error=error, grad=False
                )[0]
        new = sorted({structure.block_of[t][j] for t in range(node.lo, node.hi)} - done - {-1})
        cols, offset = [], np.zeros(len(y))
        sign_of = {}
        for a, child in enumerate(node.children):
            lo, hi = structure.child_range(child)
            for t in range(lo, hi):
                sign_of[t] = 1.0 if a == 1 else -1.0
        for t in range(node.lo, node.hi):
            q = sign_of[t] * probs[:, t - node.lo]
            b = structure.block_of[t][j]
            if b < 0:
                offset += q * structure.const[t, j]
            elif b not in new:
                blk = structure.blocks[b]
                offset += q * (designs[b] @ theta[blk.start : blk.stop])
        for b in new:
            X = np.zeros_like(designs[b])
            for t in range(node.lo, node.hi):
                if structure.block_of[t][j] == b:
                    X += (sign_of[t] * probs[:, t - node.lo])[:, None] * designs[b]
            cols.append(X)
        done |= set(new)
        if not cols or not here.any() or chose.min() == chose.max():
            continue
        scale = math.sqrt(2.0) if error == "agent" else 1.0
        X = np.hstack(cols)[here] / scale
        if X.shape[1] == 0:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = sm.GLM(chose, X, family=family, offset=offset[here] / scale).fit()
            coef = np.asarray(res.params)
            if not np.all(np.isfinite(coef)) or np.abs(coef).max() > 20:
                continue
        except Exception:  # separation or singular design: keep zeros for these blocks
            continue
        pos = 0
        for b in new:
            blk = structure.blocks[b]
            theta[blk.start : blk.stop] = coef[pos : pos + blk.stop - blk.start]
            pos += blk.stop - blk.start
    return theta


def _sub_structure(structure: Structure, idx: int) -> Structure:
    """The structure restricted to the subtree of node ``idx`` (its nodes keep their order)."""
    nodes = structure.nodes[: idx + 1]
    keep = []
    stack = [idx]
    while stack:
        i = stack.pop()
        keep.append(i)
        stack.extend(c for kind, c in nodes[i].children if kind == "node")
    keep.sort()
    remap = {old: new for new, old in enumerate(keep)}
    lo = nodes[idx].lo
    from dataclasses import replace

    new_nodes = []
    for i in keep:
        nd = nodes[i]
        kids = tuple((kind, remap[c] if kind == "node" else c - lo) for kind, c in nd.children)
        new_nodes.append(replace(nd, children=kids, lo=nd.lo - lo, hi=nd.hi - lo))
    hi = nodes[idx].hi
    return Structure(
        structure.players,
        structure.labels[lo:hi],
        structure.paths[lo:hi],
        tuple(new_nodes),
        structure.const[lo:hi],
        structure.block_of[lo:hi],
        structure.blocks,
    )


# ----------------------------------------------------------------- public entry points


def _outcome_codes(
    outcome: Any, data: pd.DataFrame, labels: tuple[str, ...], caller: str
) -> np.ndarray:
    if isinstance(outcome, str):
        if outcome not in data.columns:
            raise InvalidArgumentError(
                f"{caller}(): outcome={outcome!r} is not a column of data; columns are "
                f"{list(data.columns)}"
            )
        values = data[outcome]
    else:
        values = pd.Series(np.asarray(outcome), index=data.index)
        if len(values) != len(data):
            raise InvalidArgumentError(
                f"{caller}(): outcome has {len(values)} values; data has {len(data)} rows"
            )
    lookup = {label: t for t, label in enumerate(labels)}
    codes = np.full(len(values), -1)
    unknown = set()
    for i, v in enumerate(values.to_numpy()):
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            continue
        t = lookup.get(str(v))
        if t is None:
            unknown.add(v)
        else:
            codes[i] = t
    if unknown:
        raise InvalidArgumentError(
            f"{caller}(): outcome values {sorted(map(str, unknown))} are not outcome labels of "
            f"the tree {list(labels)}"
        )
    return codes


def _required_columns(utilities: Any, data: pd.DataFrame, caller: str) -> list[str]:
    """The data columns the utility formulas read (rows missing any of them are dropped)."""
    from formulaic import Formula

    from arbiter.estimation._compile import _formula_text

    cols: list[str] = []
    if not hasattr(utilities, "items"):
        return cols
    for name, f in utilities.items():
        text = _formula_text(f, str(name), caller)
        try:
            needed = Formula(text).required_variables
        except Exception as exc:
            raise InvalidArgumentError(
                f"{caller}(): utilities[{str(name)!r}] = {text!r} is not a formula: {exc}"
            ) from exc
        for v in sorted(map(str, needed)):
            if v in data.columns and v not in cols:
                cols.append(v)
    return cols


def _separation_check(res: StrategicResults) -> None:
    theta = np.asarray(res.params, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        se = np.asarray(res.bse, dtype=float)
    names = list(res.model.exog_names)
    bad = [
        names[i]
        for i in range(len(theta))
        if abs(theta[i]) > 25
        or (abs(theta[i]) > 4 and not (np.isfinite(se[i]) and se[i] < 10 * abs(theta[i])))
    ]
    if bad:
        warnings.warn(
            f"fit(): the estimates of {bad} run off towards infinity (estimates "
            f"{[round(float(theta[names.index(b)]), 2) for b in bad]}, standard errors "
            f"{[float(f'{se[names.index(b)]:.3g}') for b in bad]}): an outcome is perfectly "
            "predicted by these regressors (separation); drop or merge them, or fix the utility",
            SeparationWarning,
            stacklevel=3,
        )


def fit(
    tree: Any,
    data: pd.DataFrame,
    *,
    utilities: Any,
    outcome: Any,
    link: str = "probit",
    error: str = "agent",
    start: Any = "sbi",
) -> StrategicResults:
    """Fit the utilities of ``tree`` to the outcomes observed in ``data`` by maximum likelihood.

    Parameters
    ----------
    tree:
        A finite perfect-information :class:`~arbiter.SequentialGame`. Each
        terminal payoff is a number (a fixed utility, without error under
        private information) or a sympy symbol named in ``utilities``.
    data:
        A pandas DataFrame, one row per observation. Rows with a missing
        regressor or outcome are dropped.
    utilities:
        ``{symbol name: formula}``: the right-hand side of a Wilkinson
        formula (``"x1 + x2"``, ``"1"`` for a constant alone, ``"0"`` for a
        utility fixed at 0 that still carries a private shock, ``"x - 1"``
        without intercept, factors expanded as treatment contrasts against
        their first level). Parameters come in this order, each formula's
        terms in formula order with the intercept first.
    outcome:
        A column name of ``data`` (or an array) holding, per row, the label
        of the observed outcome.
    link, error:
        ``"probit"`` or ``"logit"``; ``"agent"`` or ``"private"`` (see the
        module docstring for both stochastic structures).
    start:
        ``"sbi"`` (statistical backward induction, the default), ``"zero"``,
        or an array of starting values.

    Returns
    -------
    StrategicResults
        statsmodels results (``params``, ``bse``, ``llf``, ``aic``, ``bic``,
        ``summary()``) with :meth:`~StrategicResults.predict_outcomes`,
        :meth:`~StrategicResults.bootstrap` and
        :meth:`~StrategicResults.plot_predicted`.

    Raises an :class:`~arbiter.InvalidArgumentError` (a ``ValueError``) for an
    unidentified specification (Lewis and Schultz 2003) and warns
    (:class:`SeparationWarning`) when an estimate runs off to infinity.
    """
    return _fit(
        tree, data, utilities=utilities, outcome=outcome, link=link, error=error, start=start
    )


def _fit(tree, data, *, utilities, outcome, link, error, start, naming=None, caller="fit"):
    """:func:`fit`, with ``naming(utility, term) -> parameter name`` and the caller's name."""
    link = _check_choice(link, LINKS, "link", caller)
    error = _check_choice(error, ERRORS, "error", caller)
    if not isinstance(data, pd.DataFrame):
        raise ArgumentTypeError(
            f"{caller}(): data must be a pandas DataFrame; got {type(data).__name__}"
        )
    structure, entries = compile_tree(tree, caller)
    if error == "private":
        private_check(structure, caller)
    y = _outcome_codes(outcome, data, structure.labels, caller)
    keep = (y >= 0) & ~data[_required_columns(utilities, data, caller)].isna().any(
        axis=1
    ).to_numpy()
    if not keep.any():
        raise InvalidArgumentError(f"{caller}(): no row of data has all regressors and an outcome")
    data, y = data.loc[keep], y[keep]
    structure, design = build_design(structure, entries, utilities, data, caller)
    identification_check(structure, design, caller)
    for X in design.matrices:
        if not np.isfinite(X).all():
            raise InvalidArgumentError(f"{caller}(): a regressor is not finite (inf) in data")
    if naming is None:

        def naming(utility: str, term: str) -> str:
            return f"{utility}:{term}"

    names = [naming(design.names[b], c) for b, cols in enumerate(design.columns) for c in cols]
    k = len(names)
    if k == 0:
        raise InvalidArgumentError(f"{caller}(): the utilities have no coefficient to estimate")
    model = StrategicModel(y.astype(float), structure, design, names, link, error)
    model.frame = data
    if isinstance(start, str):
        _check_choice(start, ("sbi", "zero"), "start", caller)
        theta0 = (
            _sbi_start(structure, tuple(design.matrices), y, link, error)
            if start == "sbi"
            else np.zeros(k)
        )
    else:
        theta0 = np.asarray(start, dtype=float)
        if theta0.shape != (k,):
            raise InvalidArgumentError(
                f"{caller}(): start must have {k} values; got shape {theta0.shape}"
            )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = model.fit(start_params=theta0)
    if not res.converged:
        warnings.warn(
            f"{caller}(): the optimizer did not converge: {res.mle_retvals}",
            RuntimeWarning,
            stacklevel=2,
        )
    _separation_check(res)
    return res


def simulate(
    tree: Any,
    utilities: Any,
    params: Sequence[float],
    *,
    n: int | None = None,
    data: pd.DataFrame | None = None,
    link: str = "probit",
    error: str = "agent",
    seed: int = 0,
) -> pd.DataFrame:
    """Simulated observations from known coefficients (for tests, benchmarks and teaching).

    Without ``data``, every variable named in the formulas is drawn
    independently standard normal for ``n`` rows. The observed outcome
    (column ``"outcome"``) is drawn from the model's outcome probabilities
    with ``numpy.random.default_rng(seed)``.
    """
    from formulaic import Formula

    link = _check_choice(link, LINKS, "link", "simulate")
    error = _check_choice(error, ERRORS, "error", "simulate")
    rng = np.random.default_rng(seed)
    if data is None:
        if n is None:
            raise InvalidArgumentError("simulate(): give n (rows to draw) or data")
        variables: list[str] = []
        for f in utilities.values():
            text = str(f)
            for v in sorted(Formula(text).required_variables, key=str):
                if str(v) not in variables:
                    variables.append(str(v))
        data = pd.DataFrame({v: rng.standard_normal(n) for v in variables})
    structure, entries = compile_tree(tree, "simulate")
    structure, design = build_design(structure, entries, utilities, data, "simulate")
    theta = np.asarray(params, dtype=float)
    probs, _ = evaluate(
        structure, tuple(design.matrices), theta, link=link, error=error, grad=False
    )
    u = rng.random(len(data))
    idx = (probs.cumsum(axis=1) < u[:, None]).sum(axis=1).clip(0, probs.shape[1] - 1)
    out = data.copy()
    out["outcome"] = np.asarray(structure.labels)[idx]
    return out
