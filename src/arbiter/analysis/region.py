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
(see *Boundaries*). :attr:`StabilityRegion.condition` is
:math:`C = \lnot N` (a conjunction of clauses of *strict* inequalities, stated
within :math:`D`), simplified exactly: the union :math:`N` is merged with
:func:`arbiter.outcome_condition` and clauses are pruned by interval
reasoning on each linear form.

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

**Cost.** Regimes are found by symbolic backward induction; their number, and
the time, grow quickly with the number of free parameters (S1 with all 14
free: about 230 regimes and tens of seconds; with 2 free: a quarter of a
second). So ``status_quo_region(model, free=("w", "r"))`` fixes every other
parameter at its default (or at ``values``) first. Results are cached per
model and fixed values (:func:`functools.lru_cache`; models are immutable
and hashable), so the full region is computed once per session.

>>> from arbiter.scenarios.syria.border_deal import border_deal
>>> region = status_quo_region(border_deal(), free=("w", "r"))
>>> region.condition
(r > 1) & (w > 1)
>>> region.some_equilibrium
(r >= 1) & (w >= 1)
>>> region.holds({"w": 5, "r": 2}), region.holds({"w": 1, "r": 2})
(True, False)
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy.logic.boolalg import to_nnf

from arbiter.analysis._common import (
    check_model,
    check_names,
    exact_number,
    exact_values,
    outcome_text,
)
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.model import Model
from arbiter.solve.regimes import Regime, RegimeClassifier, outcome_condition, regimes
from arbiter.solve.result import FrozenMap

__all__ = ["StabilityRegion", "fixed_values", "status_quo_region"]

_OTHER = "<not the status quo>"


@dataclass(frozen=True)
class StabilityRegion:
    """The exact region where the status quo is the outcome of every subgame-perfect equilibrium.

    Attributes
    ----------
    condition:
        A sympy Boolean in the free parameters: the status quo is the outcome
        of every SPE (boundaries with other outcomes excluded, see the module
        docstring). Stated within the domain (parameters non-negative).
    some_equilibrium:
        The closed condition under which the status quo is the outcome of at
        least one SPE.
    regimes:
        The regimes of the (partly substituted) tree behind both conditions.
    status_quo:
        The status-quo label.
    model:
        The model's name.
    fixed:
        ``{name: Fraction}``: the parameters substituted before solving.
    parameters:
        The names of the free parameters (those the tree still depends on).
    """

    condition: Any
    some_equilibrium: Any
    regimes: tuple[Regime, ...]
    status_quo: str
    model: str
    fixed: FrozenMap
    parameters: tuple[str, ...]
    _others: tuple[Regime, ...] = field(default=(), compare=False, repr=False)
    _compiled: list[Any] = field(default_factory=list, compare=False, repr=False)

    @property
    def stable_regimes(self) -> tuple[Regime, ...]:
        """The regimes whose equilibrium reaches the status quo surely (somewhere)."""
        return tuple(r for r in self.regimes if _sq_probability(r, self.status_quo) != 0)

    def holds(self, values: Mapping[str, Any] | None = None) -> bool:
        """Whether :attr:`condition` holds at ``values`` ({name: number}), decided exactly.

        Free parameters missing from ``values`` take nothing by default: every
        parameter the condition uses must be given. Values for parameters that
        were fixed must equal the fixed values. Floats are read as the decimal
        they print as.
        """
        subs = self._exact_point(values, "holds")
        result = self.condition.xreplace(subs)
        if result not in (sympy.true, sympy.false):
            result = sympy.simplify(result)
        if result not in (sympy.true, sympy.false):
            raise InvalidArgumentError(
                f"holds(): cannot decide {self.condition} at {dict(values or {})!r}"
            )
        return bool(result)

    def evaluate(self, values: Mapping[str, Any]) -> np.ndarray:
        """:attr:`condition` over arrays of values at once (numpy broadcasting), as booleans.

        Compiled once (:class:`arbiter.solve.regimes.RegimeClassifier` on the
        regimes that do not reach the status quo); points on a boundary are
        decided in floats, consistently with the classifier.
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
            arrays[name] = np.asarray(v, dtype=float)
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
        if not self._others:
            return np.ones(shape, dtype=bool)
        if not self._compiled:
            self._compiled.append(RegimeClassifier(self._others))
        classifier = self._compiled[0]
        missing = [n for n in classifier.needed if n not in arrays]
        if missing:
            raise InvalidArgumentError(f"evaluate(): values give no value for {missing}")
        masks = classifier.masks({n: a for n, a in arrays.items() if n in classifier.needed})
        return np.broadcast_to(~masks.any(axis=0), shape)

    def latex(self) -> str:
        """The condition in LaTeX."""
        return sympy.latex(self.condition)

    def __str__(self) -> str:
        fixed = ", ".join(f"{k}={v}" for k, v in self.fixed.items())
        lines = [
            f"{self.model}: {self.status_quo!r} is the outcome of every subgame-perfect "
            f"equilibrium when {self.condition}",
            f"  (of some equilibrium when {self.some_equilibrium})",
            f"  free parameters: {', '.join(self.parameters) or 'none'}",
        ]
        if fixed:
            lines.append(f"  fixed: {fixed}")
        return "\n".join(lines)

    def _exact_point(self, values: Mapping[str, Any] | None, caller: str) -> dict[Any, Any]:
        if values is not None and not isinstance(values, Mapping):
            raise ArgumentTypeError(
                f"{caller}(): values must be a mapping {{parameter name: number}}; got {values!r}"
            )
        symbols = {s.name: s for s in self.condition.free_symbols}
        for r in self.regimes:
            symbols.update({s.name: s for s in r.parameters})
        out: dict[Any, Any] = {}
        for key, v in (values or {}).items():
            name = key.name if isinstance(key, sympy.Symbol) else key
            number = exact_number(v, f"{caller}(): values[{name!r}]")
            if name in self.fixed:
                if number != self.fixed[name]:
                    raise InvalidArgumentError(
                        f"{caller}(): values[{name!r}]={v!r}, but this region was computed with "
                        f"{name} fixed at {self.fixed[name]}"
                    )
                continue
            if name not in symbols:
                raise InvalidArgumentError(
                    f"{caller}(): unknown parameter {key!r}; the free parameters are "
                    f"{list(self.parameters)}"
                )
            sym = symbols[name]
            if sym.is_nonnegative and number < 0:
                raise InvalidArgumentError(
                    f"{caller}(): values[{name!r}] must be >= 0 (the parameter is non-negative); "
                    f"got {v!r}"
                )
            out[sym] = sympy.Rational(number.numerator, number.denominator)
        missing = sorted(s.name for s in self.condition.free_symbols if s not in out)
        if missing:
            raise InvalidArgumentError(f"{caller}(): values give no value for {missing}")
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
    regs = regimes(tree)
    label = model.status_quo
    assert label is not None
    others: list[Regime] = []
    for r in regs:
        p = _sq_probability(r, label)
        if p == 1:
            continue
        cond = r.condition if p.is_number else sympy.And(r.condition, sympy.Lt(p, 1))
        if cond is sympy.false:
            continue
        others.append(
            dataclasses.replace(r, condition=cond, outcome=FrozenMap({_OTHER: sympy.Integer(1)}))
        )
    if others:
        away = outcome_condition(others, _OTHER)
        condition = _simplify_cnf(to_nnf(sympy.Not(away)))
    else:
        condition = sympy.true
    labels = {k for r in regs for k in r.outcome}
    some = outcome_condition(regs, label) if label in labels else sympy.false
    return StabilityRegion(
        condition=condition,
        some_equilibrium=some,
        regimes=regs,
        status_quo=label,
        model=model.name,
        fixed=FrozenMap(dict(fixed)),
        parameters=tuple(s.name for s in tree.parameters),
        _others=tuple(others),
    )


def _sq_probability(r: Regime, label: str) -> Any:
    return sympy.sympify(r.outcome.get(label, 0))


def regime_text(r: Regime) -> str:
    """The regime's outcome as short text (``"status quo"``, ``"a (1/2), b (1/2)"``)."""
    return outcome_text(r.outcome)


# ====================================================================== simplification
def _linear_form(rel: Any) -> tuple[Any, str, Fraction] | None:
    """``(e, op, c)`` with ``rel`` equivalent to ``e op c``, ``e`` a primitive linear form.

    ``op`` is one of ``>``, ``>=``, ``<``, ``<=``; ``e`` has no constant term
    and its first coefficient is positive with the coefficients' gcd 1, so two
    relations on the same hyperplane family share ``e``.
    """
    if not isinstance(rel, (sympy.Gt, sympy.Ge, sympy.Lt, sympy.Le)):
        return None
    expr = sympy.expand(rel.lhs - rel.rhs)
    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    if not syms:
        return None
    try:
        poly = sympy.Poly(expr, *syms)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() != 1:
        return None
    const = poly.coeff_monomial(1)
    coeffs = [poly.coeff_monomial(s) for s in syms]
    if not all(isinstance(c, sympy.Rational) for c in [*coeffs, const]):
        return None
    scale = sympy.gcd_list(coeffs) if len(coeffs) > 1 else abs(coeffs[0])
    if coeffs[0] < 0:
        scale = -abs(scale)
    else:
        scale = abs(scale)
    form = sympy.Add(*(c / scale * s for c, s in zip(coeffs, syms)))
    c = Fraction(str(-const / scale))
    op = {sympy.Gt: ">", sympy.Ge: ">=", sympy.Lt: "<", sympy.Le: "<="}[type(rel)]
    if scale < 0:
        op = {">": "<", ">=": "<=", "<": ">", "<=": ">="}[op]
    return form, op, c


class _Interval:
    """An interval of a linear form's values, with open or closed ends."""

    def __init__(self) -> None:
        self.lo: Fraction | None = None
        self.lo_open = False
        self.lo_atom: Any = None
        self.hi: Fraction | None = None
        self.hi_open = False
        self.hi_atom: Any = None

    def add(self, op: str, c: Fraction, atom: Any) -> None:
        if op in (">", ">="):
            strict = op == ">"
            if self.lo is None or c > self.lo or (c == self.lo and strict):
                self.lo, self.lo_open, self.lo_atom = c, strict, atom
        else:
            strict = op == "<"
            if self.hi is None or c < self.hi or (c == self.hi and strict):
                self.hi, self.hi_open, self.hi_atom = c, strict, atom

    @property
    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def implies(self, op: str, c: Fraction) -> bool:
        """Every value in the interval satisfies ``value op c``."""
        if op in (">", ">="):
            if self.lo is None:
                return False
            return self.lo > c or (self.lo == c and (op == ">=" or self.lo_open))
        if self.hi is None:
            return False
        return self.hi < c or (self.hi == c and (op == "<=" or self.hi_open))

    def excludes(self, op: str, c: Fraction) -> bool:
        """No value in the interval satisfies ``value op c``."""
        flipped = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}[op]
        return self.implies(flipped, c)


def _simplify_cnf(cnf: Any) -> Any:
    """Prune a conjunction of clauses with interval reasoning on each linear form.

    Unit clauses (single inequalities) bound their linear form; an
    inequality in another clause that those bounds exclude is dropped from
    the clause, a clause with an inequality they imply is dropped, and
    repeated until nothing changes. Exact: each step replaces the condition
    by an equivalent one.
    """
    if cnf in (sympy.true, sympy.false) or not isinstance(cnf, (sympy.And, sympy.Or)):
        return cnf
    clauses = [
        list(c.args) if isinstance(c, sympy.Or) else [c]
        for c in (cnf.args if isinstance(cnf, sympy.And) else (cnf,))
    ]
    changed = True
    while changed:
        changed = False
        bounds: dict[Any, _Interval] = {}
        for clause in clauses:
            if len(clause) == 1:
                form = _linear_form(clause[0])
                if form is not None:
                    bounds.setdefault(form[0], _Interval()).add(form[1], form[2], clause[0])
        if any(box.empty for box in bounds.values()):
            return sympy.false
        kept = []
        for clause in clauses:
            if len(clause) == 1:
                kept.append(clause)
                continue
            new_clause = []
            satisfied = False
            for atom in clause:
                form = _linear_form(atom)
                box = bounds.get(form[0]) if form is not None else None
                if box is not None and form is not None:
                    if box.implies(form[1], form[2]):
                        satisfied = True
                        break
                    if box.excludes(form[1], form[2]):
                        changed = True
                        continue
                new_clause.append(atom)
            if satisfied:
                changed = True
                continue
            if not new_clause:
                return sympy.false
            kept.append(new_clause)
        # Keep only the tightest unit clause on each side of each linear form.
        merged: list[list[Any]] = []
        groups: dict[Any, list[Any]] = {}
        for clause in kept:
            form = _linear_form(clause[0]) if len(clause) == 1 else None
            if form is None:
                merged.append(clause)
                continue
            groups.setdefault(form[0], []).append((form, clause[0]))
        for group in groups.values():
            box = _Interval()
            for form, atom in group:
                box.add(form[1], form[2], atom)
            if box.empty:
                return sympy.false
            keep = [a for a in (box.lo_atom, box.hi_atom) if a is not None]
            if len(keep) < len(group):
                changed = True
            merged.extend([k] for k in keep)
        clauses = merged
    return sympy.And(*(sympy.Or(*c) for c in clauses))
