r"""Where the status quo is stable: the exact region, from the regimes of the game.

Let :math:`\Gamma(\theta)` be a model's tree with parameters :math:`\theta`
in the domain :math:`D` (every parameter non-negative unless declared
otherwise), and let :math:`q` be the label of its status-quo outcome. The
status quo is *stable* at :math:`\theta` when it is the outcome of **every**
subgame-perfect equilibrium of :math:`\Gamma(\theta)`:

.. math::

    R \;=\; \{\theta \in D : \Pr\nolimits_\sigma(q) = 1 \text{ for every SPE }
    \sigma \text{ of } \Gamma(\theta)\}.

:func:`arbiter.regimes` splits :math:`D` into regimes :math:`(C_k, \sigma_k)`:
closed conditions (weak inequalities) that cover :math:`D`, with
:math:`\sigma_k` subgame perfect wherever :math:`C_k` holds; inside a regime
(off its boundary) :math:`\sigma_k` is the only SPE, and on a boundary every
regime that holds there is an SPE. Write :math:`Q` for the union of the
regimes that reach :math:`q` surely and :math:`N` for the union of the
others (for a symbolic chance probability :math:`p_k` of reaching :math:`q`,
regime :math:`k` counts in :math:`Q` where :math:`p_k = 1` and in :math:`N`
where :math:`p_k < 1`). "Every SPE reaches :math:`q`" then reads: inside
:math:`Q` and in no regime of :math:`N`,

.. math:: C \;=\; Q \setminus N \;=\; D \setminus N

(the regimes cover :math:`D`), which is :math:`R` off a set of measure zero
(see *Boundaries*). :attr:`StabilityRegion.condition` is computed as
:math:`D \setminus N` exactly: :math:`N` (the closed union of the regimes that
leave :math:`q`) is simplified, and its complement is the union over the
*transversals* of its cells (one complemented inequality from each cell, see
:func:`arbiter.conditions.complement`), searched with exact pruning and then
simplified. Each case of the result is thus one reason why no unstable regime
holds, which is how a person states a region: for the first version of S1 with
all 14 parameters free, 9 cases (the unstable regimes' union has 46). Strict
and weak inequalities are kept apart, so a status quo reached with a symbolic
probability :math:`p` counts exactly where :math:`p = 1`, also on the edge of
the probability range.

**Boundaries.** On a boundary where a mover is indifferent, a point is in
:math:`C` only if no regime holding there leads away from the status quo:
boundaries shared with a non-status-quo regime are *excluded* (strict
inequalities), boundaries between two status-quo regimes are *included*.
:attr:`StabilityRegion.some_equilibrium` is the weaker, closed condition
:math:`Q` (the status quo is the outcome of *some* SPE); the two differ only
on those boundaries.

One caveat, on a set of measure zero: regimes are the profiles whose
condition has an interior, so a profile that is subgame perfect *only* on a
lower-dimensional set (tied choices combined differently, or a tie on the
edge of the domain) is not among them. Where such a profile leaves the status
quo and no regime holding there does, :attr:`condition` says "stable" although
one SPE is not. In S1 this happens at ``v = 0``: Russia then values the
status quo no more than deep raids, and "no threat" followed by deep raids is
an SPE whose regime is the face ``v = 0`` of the domain. So the condition is
exact off such sets, and on them it errs only towards "stable" (a point where
it fails is never stable). The numeric analyses (:func:`arbiter.analysis.robustness`,
numeric maps) break every tie every way and so count those points as not
stable; for continuous draws the difference has probability 0. The property
tests check both statements against :func:`arbiter.solve.spe.subgame_perfect`,
which lists every pure SPE, at points on and off the boundaries.

**Cost.** Regimes are found by symbolic backward induction, and their number
grows quickly with the number of free parameters; the region needs only their
cells (:func:`arbiter.solve.regimes.regime_cells`), not the :class:`Regime`
values, which :attr:`StabilityRegion.regimes` builds on first use. The first
version of S1 with all 14 parameters free (232 regimes): about 1.5 s, 9 cases
(``benchmarks/bench_conditions.py --full --credibility lump-sum``); the
revised S1 with all 18 free (642 regimes, products of parameters in its
atoms): about 14 s, 14 cases. ``status_quo_region(model, free=("w", "r"))``
fixes every other parameter at its default (or at ``values``) first, which is
faster still. Results are cached per model and fixed values
(:func:`functools.lru_cache`; models are immutable and hashable), so a region
is computed once per session.

>>> from arbiter.scenarios.syria.border_deal import border_deal
>>> region = status_quo_region(border_deal(), free=("w", "v"))
>>> print(region.condition)
v > 5 and w > 1
>>> print(region.some_equilibrium)
v >= 5 and w >= 1
>>> print(region.fails)
w <= 1 or v <= 5
>>> region.holds({"w": 5, "v": 6}), region.holds({"w": 1, "v": 6})
(True, False)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from arbiter.analysis._common import (
    check_model,
    check_names,
    exact_values,
)
from arbiter.conditions import Condition
from arbiter.conditions.points import exact_point
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.model import Model
from arbiter.games.tree import SequentialGame
from arbiter.solve.regimes import (
    Regime,
    reach_condition,
    reach_probability,
    regime_cells,
    regimes,
)
from arbiter.solve.result import FrozenMap

__all__ = ["StabilityRegion", "fixed_values", "status_quo_region"]


@dataclass(frozen=True)
class StabilityRegion:
    """The exact region where the status quo is the outcome of every subgame-perfect equilibrium.

    Attributes
    ----------
    condition:
        A :class:`~arbiter.conditions.Condition` in the free parameters: the
        status quo is the outcome of every SPE (boundaries with other
        outcomes excluded, see the module docstring). Stated within the
        domain (parameters non-negative, probabilities at most 1).
    some_equilibrium:
        The closed condition under which the status quo is the outcome of at
        least one SPE (computed on first use).
    fails:
        The closed condition under which some SPE leaves the status quo: the
        union of the regimes that do not reach it surely. Within the domain it
        is exactly the complement of :attr:`condition`, and it is stated as
        that complement's transversals (one reason per case) when
        :attr:`condition` has at most ``RESTATE_CELLS`` cases, else as the
        simplified union (computed on first use; the first version of S1 with
        all 14 parameters free: 18 cases, 556 characters).
    game:
        The (partly substituted) tree behind both conditions; its regimes are
        :attr:`regimes` (built on first use: the conditions need only their
        cells).
    status_quo:
        The model's status quo (a label, or what the model gives).
    model:
        The model's name.
    fixed:
        ``{name: Fraction}``: the parameters substituted before solving.
    parameters:
        The names of the free parameters (those the tree still depends on).
    sure_cells, away_cells:
        The closed cells (frozensets of literals) of the regimes that reach the
        status quo surely and of those that leave it: what
        :attr:`some_equilibrium` and :attr:`fails` are built from.
    """

    condition: Condition
    game: SequentialGame = field(repr=False, compare=False)
    status_quo: Any
    model: str
    fixed: FrozenMap
    parameters: tuple[str, ...]
    sure_cells: tuple[frozenset, ...] = field(repr=False, compare=False)
    away_cells: tuple[frozenset, ...] = field(repr=False, compare=False)

    @functools.cached_property
    def some_equilibrium(self) -> Condition:
        """The closed condition under which some SPE reaches the status quo (see the class)."""
        return Condition(self.condition.space, self.sure_cells).simplify()

    @functools.cached_property
    def fails(self) -> Condition:
        """The closed condition under which some SPE leaves the status quo (see the class)."""
        if len(self.condition) <= RESTATE_CELLS:
            return ~self.condition
        return Condition(self.condition.space, self.away_cells).simplify()

    @property
    def regimes(self) -> tuple[Regime, ...]:
        """The regimes of :attr:`game` behind both conditions (computed on first use, cached)."""
        return _regimes_of(self.game)

    @property
    def stable_regimes(self) -> tuple[Regime, ...]:
        """The regimes whose equilibrium reaches the status quo surely (somewhere)."""
        return tuple(r for r in self.regimes if reach_probability(r, self.status_quo) != 0)

    def holds(self, values: Mapping[str, Any] | None = None) -> bool:
        """Whether :attr:`condition` holds at ``values`` ({name: number}), decided exactly.

        Every parameter the condition uses must be given. Values for
        parameters that were fixed must equal the fixed values. A float means
        the number its shortest repr shows (``0.1`` is 1/10).
        """
        return self.condition.holds(self._exact_point(values, "holds"))

    def evaluate(self, values: Mapping[str, Any]) -> np.ndarray:
        """:attr:`condition` over arrays of values at once (numpy broadcasting), as booleans.

        Values for fixed parameters are ignored. See
        :meth:`arbiter.conditions.Condition.evaluate` (boundaries decided as
        :meth:`holds` decides them).
        """
        if not isinstance(values, Mapping):
            raise ArgumentTypeError(
                f"evaluate(): values must be a mapping {{parameter name: array}}; got {values!r}"
            )
        arrays: dict[str, Any] = {}
        for key, v in values.items():
            name = key.name if isinstance(key, sympy.Symbol) else key
            if name in self.fixed:
                continue
            if name not in self.parameters:
                raise InvalidArgumentError(
                    f"evaluate(): unknown parameter {key!r}; the free parameters are "
                    f"{list(self.parameters)}"
                )
            arrays[name] = v
        shape = np.broadcast_shapes(*(np.shape(a) for a in arrays.values())) if arrays else ()
        known = {s.name for s in self.condition.symbols}
        got = self.condition.evaluate({n: a for n, a in arrays.items() if n in known})
        return np.broadcast_to(got, shape)

    def latex(self) -> str:
        """The condition in LaTeX."""
        return self.condition.latex()

    def __str__(self) -> str:
        fixed = ", ".join(f"{k}={v}" for k, v in self.fixed.items())
        lines = [
            f"{self.model}: {_label_text(self.status_quo)} is the outcome of every subgame-perfect "
            f"equilibrium when {self.condition}",
            f"  (of some equilibrium when {self.some_equilibrium})",
            f"  (some equilibrium leaves it when {self.fails})",
            f"  free parameters: {', '.join(self.parameters) or 'none'}",
        ]
        if fixed:
            lines.append(f"  fixed: {fixed}")
        return "\n".join(lines)

    def _exact_point(self, values: Mapping[str, Any] | None, caller: str) -> dict[str, Fraction]:
        """``values`` read by the one point rule; fixed parameters must match their values."""
        names = {n: n for n in (*self.parameters, *self.fixed)}
        exact = exact_point(values, names, where=f"{caller}(): values")
        used = {s.name for s in self.condition.symbols}
        out: dict[str, Fraction] = {}
        for name, number in exact.items():
            if name in self.fixed:
                if number != self.fixed[name]:
                    raise InvalidArgumentError(
                        f"{caller}(): values[{name!r}]={number}, but this region was "
                        f"computed with {name} fixed at {self.fixed[name]}"
                    )
            elif name in used:
                out[name] = number
        return out


def fixed_values(model: Model, values: Any, free: Any, caller: str) -> dict[str, Fraction]:
    """The parameters to substitute: ``values``; with ``free``, every other one at its default."""
    fixed = exact_values(model, values, caller)
    if free is not None:
        names = check_names(model, free, "free", caller)
        both = sorted(set(names) & set(fixed))
        if both:
            raise InvalidArgumentError(
                f"{caller}(): {both} are both in free and in values; a parameter is either "
                "kept free or given a value"
            )
        for name, p in model.parameters.items():
            if name not in names and name not in fixed:
                fixed[name] = p.default
    return fixed


def status_quo_region(
    model: Model,
    *,
    values: Mapping[str, Any] | None = None,
    free: Iterable[str] | None = None,
) -> StabilityRegion:
    """The exact region where the model's status quo is the outcome of every SPE.

    Parameters
    ----------
    model:
        A :class:`~arbiter.games.model.Model` of a perfect-information tree,
        with ``model.status_quo`` set.
    values:
        ``{name: number}``: parameters substituted before solving (fewer free
        parameters is much faster).
    free:
        Parameter names to keep symbolic; every other parameter not in
        ``values`` is fixed at its default. ``None`` (the default) keeps
        every parameter not in ``values`` free: the full region, slow for big
        models but cached.

    Returns
    -------
    StabilityRegion
        Cached per (model, fixed values): asking twice costs nothing.

    Raises
    ------
    NotSupportedError
        For trees with imperfect information (no regimes; use
        :func:`arbiter.analysis.stability_map` or
        :func:`arbiter.analysis.robustness`, which solve numerically).
    """
    model = check_model(model, "status_quo_region")
    fixed = fixed_values(model, values, free, "status_quo_region")
    key = (model, tuple(sorted(fixed.items())))
    refused = _REFUSED.get(key)
    if refused is not None:
        raise NotSupportedError(refused)
    try:
        return _region(*key)
    except NotSupportedError as exc:
        if len(_REFUSED) > 256:
            _REFUSED.clear()
        _REFUSED[key] = str(exc)
        raise


#: Requests that regimes() refused, with its message (so a sweep does not retry them).
_REFUSED: dict[Any, str] = {}


@functools.lru_cache(maxsize=128)
def _region(model: Model, fixed: tuple[tuple[str, Fraction], ...]) -> StabilityRegion:
    used = {s.name for s in model.game.parameters}
    subs = {name: v for name, v in fixed if name in used}
    tree = model.game.subs(subs) if subs else model.game
    space, cases = regime_cells(tree)
    match = model.is_status_quo
    sure: list[frozenset] = []
    away: list[frozenset] = []
    for cell, outcome in cases:
        p = reach_probability(outcome, match)
        if p.is_number:
            (sure if p == 1 else away).append(cell)
            continue
        sure.extend((Condition(space, [cell]) & reach_condition(space, p, sure=True)).cells)
        away.extend((Condition(space, [cell]) & reach_condition(space, p, sure=False)).cells)
    return StabilityRegion(
        condition=~Condition(space, away),
        game=tree,
        status_quo=model.status_quo,
        model=model.name,
        fixed=FrozenMap(dict(fixed)),
        parameters=tuple(s.name for s in tree.parameters),
        sure_cells=tuple(sure),
        away_cells=tuple(away),
    )


#: ``fails`` is restated as the complement of the region when the region has at most this many
#: cases (the transversal search grows with their product).
RESTATE_CELLS = 16


@functools.lru_cache(maxsize=32)
def _regimes_of(tree: SequentialGame) -> tuple[Regime, ...]:
    return regimes(tree)


def _label_text(status_quo: Any) -> str:
    if isinstance(status_quo, str):
        return repr(status_quo)
    if callable(status_quo):
        return getattr(status_quo, "__name__", "the status quo")
    return " or ".join(repr(x) for x in sorted(status_quo))
