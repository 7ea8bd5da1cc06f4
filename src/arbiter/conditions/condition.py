r"""One exact condition on named parameters: :class:`Condition`.

A condition is a finite union of *cells*; a cell is a conjunction of
*literals*; a literal is one polynomial inequality :math:`e(\theta) > 0` or
:math:`e(\theta) \ge 0` over the parameters :math:`\theta`, stored as a
canonical atom of :mod:`arbiter.conditions._space` (integer coefficients
with gcd 1, so equal inequalities are equal values) and a strictness flag.
Everything is stated within a *domain*: the parameters' signs (non-negative
symbols) and extra weak inequalities (a probability is at most 1, the
assumptions of a model).

Decisions are exact:

* a cell is **empty** when an exact Motzkin certificate proves it (floating
  point linear programming proposes the multipliers, rational arithmetic
  checks them); it is **non-empty** when a rational point is found and
  checked exactly; for linear cells where neither comes out, exact
  Fourier–Motzkin elimination decides;
* ``A implies B`` is "``A and not B`` is empty"; equality ``==`` is mutual
  implication (equality by meaning);
* :meth:`Condition.holds` evaluates every literal in rational arithmetic.

:meth:`Condition.simplify` drops empty cells, drops literals the others
imply, drops cells inside other cells, and widens a cell where the rest of
the union already covers what the widening adds (the *expand* step of
two-level logic minimisation; skipped for unions of more than
``EXPAND_CELLS`` cells, where it costs too much); each step is a proved
equivalence, so the meaning never changes. The result has no empty cell, no
redundant literal and no contained cell; it is not always the shortest
possible. Unions of more than ``LARGE_CELLS`` cells only lose cells proved
empty: exact, but long.

The complement ``~c`` is the union of the *transversals* of ``c``'s cells
(one complemented literal from each; :func:`complement`), searched depth
first with exact pruning. Its cases overlap, and each states one reason why
``c`` fails; this is how the stability regions are computed (the complement
of the unstable regimes), and it is what makes them short: the first S1
model with all 14 parameters free comes out as 9 cases, exactly the form
found by hand.

The exact decisions are certificates: an LP proposes, rational arithmetic
checks. Three things spare LPs without weakening that: fixed sample points
of the domain, kept as bitsets per atom, show most non-empty sets at once
(and a rational point near one is checked exactly); the atoms that carry a
certificate (its multipliers' support) are remembered, and any later set
that contains them is empty without a new LP; ``e > 0`` with ``-e > 0`` is
refused on sight.

Printing is plain mathematics (``r > k_w and w > 3``, ``or`` between cells,
``1 <= x <= 3`` for two bounds on one parameter, ``=`` where a cell pins a
boundary); :meth:`Condition.latex` gives LaTeX and Jupyter shows it.

Why by hand: pycddlib and z3 were considered. The cells here are small
(tens of inequalities over at most ~15 parameters) and arrive in thousands
of tiny queries; one HiGHS LP plus an exact check costs well under a
millisecond, while a z3 solver call costs more and would add a large
dependency, and cdd's exact arithmetic is slower than certificate checking
on these sizes. Polynomial (non-linear) atoms are handled soundly through a
linear relaxation of their monomials (see :mod:`arbiter.conditions._space`),
which neither library offers in that form.

>>> import sympy
>>> x, y = sympy.symbols("x y", nonnegative=True)
>>> c = Condition.from_sympy((x > 1) & (y >= 2 * x))
>>> print(c)
x > 1 and y >= 2*x
>>> c.holds({"x": 1.5, "y": 3})
True
>>> (c & Condition.from_sympy(y < 2)).is_empty()
True
>>> print(Condition.from_sympy((x >= 1) | (x < 1)))
True
>>> at = {"x": 0.1}
>>> Condition.from_sympy(10 * x <= 1).holds(at), Condition.from_sympy(10 * x >= 1).holds(at)
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from arbiter.conditions._space import Space, draw_points, negate
from arbiter.conditions.points import exact_point
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError

__all__ = [
    "Condition",
    "cell_empty",
    "complement",
    "float_point",
    "negate_literal",
    "numeric_in",
    "proved_empty",
    "space_for",
]

#: A literal: (atom, strict): the atom's polynomial is > 0 (strict) or >= 0.
Literal = tuple[Any, bool]
Cell = frozenset

#: Relative size under which a float value of an atom counts as exactly zero in evaluate().
ZERO = 1e-12

#: Fourier-Motzkin gives up (answer unknown, kept as non-empty) past this many rows.
FM_ROWS = 4000

_SPACES: dict[Any, Space] = {}


def space_for(symbols: Sequence[sympy.Symbol], domain: Iterable[Any] = ()) -> Space:
    """The shared :class:`Space` of these symbols (in this order) and domain (``d >= 0``)."""
    symbols = tuple(symbols)
    domain = tuple(sympy.expand(sympy.sympify(d)) for d in domain)
    key = (symbols, tuple(sympy.srepr(d) for d in domain))
    got = _SPACES.get(key)
    if got is None:
        if len(_SPACES) > 512:
            _SPACES.clear()
        got = _SPACES[key] = Space(symbols, domain)
        got._exprs = domain  # type: ignore[attr-defined]
        got._empty_cache = {}  # type: ignore[attr-defined]
        got._point_cache = {}  # type: ignore[attr-defined]
    return got


def _domain_exprs(space: Space) -> tuple[Any, ...]:
    return getattr(space, "_exprs", tuple(_atom_expr(space, d) for d in space.domain))


def _is_poly(atom: Any) -> bool:
    return isinstance(atom, tuple)


def _atom_expr(space: Space, atom: Any) -> sympy.Expr:
    return space.poly_expr(atom) if _is_poly(atom) else atom


def _negate(lit: Literal) -> Literal:
    """The complement of a literal: not (e >= 0) is -e > 0; not (e > 0) is -e >= 0."""
    atom, strict = lit
    return (negate(atom), not strict)


def _literal(space: Space, expr: Any, strict: bool) -> Literal | bool:
    """The literal ``expr > 0`` (strict) or ``expr >= 0``; a bool when it is decided."""
    expr = sympy.expand(sympy.sympify(expr))
    if not expr.free_symbols:
        if expr.is_comparable or expr.is_number:
            value = sympy.sympify(expr)
            decided = (value > 0) if strict else (value >= 0)
            if decided in (sympy.true, sympy.false):
                return bool(decided)
        raise NotSupportedError(f"cannot decide the sign of {expr}")
    atom = space.atom_from_expr(expr)
    if atom is True or atom is False:
        return bool(atom)
    return (atom, strict)


# ====================================================================== the value
class Condition:
    """An exact condition on named parameters: a union of cells of polynomial inequalities.

    Build one with :meth:`from_sympy`, :meth:`true` / :meth:`false`, or combine
    conditions with ``&``, ``|`` and ``~`` (sympy relations and booleans are
    accepted on the other side). Conditions are immutable; operations return
    new conditions. ``==`` compares meaning (within the domain).

    Attributes
    ----------
    parameters:
        The names of the parameters the condition mentions, sorted.
    symbols:
        The sympy symbols of its space (every parameter it may mention).
    """

    __slots__ = ("_cells", "_space")

    def __init__(self, space: Space, cells: Iterable[Cell]) -> None:
        object.__setattr__(self, "_space", space)
        object.__setattr__(self, "_cells", tuple(sorted(set(cells), key=_cell_key)))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Condition is immutable")

    # ---------------------------------------------------------------- building
    @classmethod
    def true(cls, symbols: Sequence[sympy.Symbol] = (), domain: Iterable[Any] = ()) -> Condition:
        """The condition that always holds (within the domain)."""
        return cls(space_for(symbols, domain), [frozenset()])

    @classmethod
    def false(cls, symbols: Sequence[sympy.Symbol] = (), domain: Iterable[Any] = ()) -> Condition:
        """The condition that never holds."""
        return cls(space_for(symbols, domain), [])

    @classmethod
    def from_sympy(
        cls,
        expr: Any,
        symbols: Sequence[sympy.Symbol] | None = None,
        domain: Iterable[Any] = (),
    ) -> Condition:
        """A condition from a sympy Boolean (``And``/``Or``/``Not`` of relations) or a bool.

        ``symbols`` fixes the parameters (default: the expression's free
        symbols, sorted by name); ``domain`` lists expressions ``d`` meaning
        ``d >= 0``, beyond the symbols' own signs. Relations ``==`` and
        ``!=`` are allowed; strict relations stay strict.
        """
        expr = _sympify_boolean(expr)
        if symbols is None:
            symbols = sorted(expr.free_symbols, key=lambda s: s.name)
        space = space_for(symbols, domain)
        return cls(space, _cells_of(space, expr)).simplify()

    @classmethod
    def from_cells(
        cls, space: Space, cells: Iterable[Iterable[tuple[Any, bool]]], *, simplify: bool = True
    ) -> Condition:
        """From cells of ``(atom, strict)`` literals in ``space`` (atoms of that space)."""
        out = cls(space, (frozenset(c) for c in cells))
        return out.simplify() if simplify else out

    @classmethod
    def conjunction(cls, space: Space, parts: Iterable[tuple[Any, bool]]) -> Condition:
        """``expr > 0`` (strict) / ``expr >= 0`` for each ``(expr, strict)``, all at once."""
        return cls(space, _conj(space, parts))

    @property
    def space(self) -> Space:
        """The :class:`~arbiter.conditions._space.Space` (symbols and domain) it is stated in."""
        return self._space

    @property
    def cells(self) -> tuple[Cell, ...]:
        """The cells: frozensets of ``(atom, strict)`` literals (for arbiter's own algorithms)."""
        return self._cells

    def cases(self) -> tuple[Condition, ...]:
        """The cells as conditions of their own (the cases joined by ``or``)."""
        return tuple(Condition(self._space, [c]) for c in self._cells)

    @property
    def symbols(self) -> tuple[sympy.Symbol, ...]:
        return self._space.symbols

    @property
    def parameters(self) -> tuple[str, ...]:
        names: set[str] = set()
        for cell in self._cells:
            for atom, _ in cell:
                names.update(s.name for s in _atom_expr(self._space, atom).free_symbols)
        return tuple(sorted(names))

    @property
    def free_symbols(self) -> set[sympy.Symbol]:
        """The symbols the condition mentions (as in sympy)."""
        by = {s.name: s for s in self._space.symbols}
        return {by[n] for n in self.parameters if n in by}

    @property
    def domain(self) -> Condition:
        """The domain as a condition in no-more parameters (the symbols' signs are implicit)."""
        return Condition(self._space, [frozenset((d, False) for d in self._space.domain)])

    # ------------------------------------------------------------- decisions
    def is_empty(self) -> bool:
        """Whether no point of the domain satisfies the condition (decided exactly)."""
        return all(_cell_empty(self._space, c) for c in self._cells)

    def is_universal(self) -> bool:
        """Whether every point of the domain satisfies the condition (decided exactly)."""
        if any(not c for c in self._cells):
            return True
        return (~self).is_empty()

    def implies(self, other: Any) -> bool:
        """Whether every point (of the domain) satisfying this one satisfies ``other``."""
        a, b = _align(self, other)
        return (a & ~b).is_empty()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Condition) and other is self:
            return True
        try:
            a, b = _align(self, other)
        except (ArgumentTypeError, NotSupportedError):
            return NotImplemented
        if a._cells == b._cells:
            return True
        return a.implies(b) and b.implies(a)

    def __hash__(self) -> int:
        # Equality is by meaning, which no cheap key captures; hash only what equal
        # conditions share for sure.
        return hash(Condition)

    def __bool__(self) -> bool:
        if self.is_universal():
            return True
        if self.is_empty():
            return False
        raise TypeError(
            f"the truth of the condition {self} depends on {list(self.parameters)}; "
            "use holds({...}) at a point"
        )

    # ------------------------------------------------------------- algebra
    def __and__(self, other: Any) -> Condition:
        a, b = _align(self, other)
        cells = []
        for x in a._cells:
            for y in b._cells:
                both = x | y
                if not _cell_empty(a._space, both):
                    cells.append(both)
        return Condition(a._space, cells).simplify()

    __rand__ = __and__

    def __or__(self, other: Any) -> Condition:
        a, b = _align(self, other)
        return Condition(a._space, [*a._cells, *b._cells]).simplify()

    __ror__ = __or__

    def __invert__(self) -> Condition:
        # Empty cells add nothing to the union; redundant literals would only add choices
        # to the transversal search (containment between cells costs more than it saves).
        space = self._space
        cells = [_irredundant(space, c) for c in self._cells if not _cell_empty(space, c)]
        return Condition(space, complement(space, list(dict.fromkeys(cells)))).simplify()

    def __sub__(self, other: Any) -> Condition:
        a, b = _align(self, other)
        return a & ~b

    # ------------------------------------------------------------ simplify
    def simplify(self) -> Condition:
        """An equivalent condition with no empty cell, redundant literal or contained cell."""
        return Condition(self._space, _simplify(self._space, self._cells))

    # -------------------------------------------------------------- points
    def holds(self, point: Mapping[Any, Any]) -> bool:
        """Whether the condition holds at ``point`` ({name or symbol: number}), exactly.

        Every parameter the condition mentions needs a value (values of other
        names are ignored, so one point serves many conditions); floats are
        read as the number they print as (``0.1`` is 1/10). A point outside the
        domain (a negative value for a non-negative parameter, a violated
        domain inequality) is refused.
        """
        space = self._space
        symbols = {s.name: s for s in space.symbols}
        exact = exact_point(
            point, symbols, where="holds(): point", needed=self.parameters, strict=False
        )
        values = [exact.get(s) for s in space.symbols]
        for v, s, nn in zip(values, space.symbols, space.nonneg):
            if nn and v is not None and v < 0:
                raise InvalidArgumentError(
                    f"holds(): point[{s.name!r}] must be >= 0 (the parameter is non-negative); "
                    f"got {v}"
                )
        subs = {s: sympy.Rational(v.numerator, v.denominator) for s, v in exact.items()}
        for d in space.domain:
            if all(v is not None for v, e in zip(values, _mono_support(d, space)) if e):
                value = _exact_value(space, d, values, subs)
                if value is not None and value < 0:
                    raise InvalidArgumentError(
                        f"holds(): the point {dict(point)!r} is outside the domain "
                        f"({_literal_text(space, d, False)})"
                    )
        for cell in self._cells:
            if all(_literal_holds(space, lit, values, subs) for lit in cell):
                return True
        return False

    def evaluate(self, values: Mapping[Any, Any] | None = None, /, **arrays: Any) -> np.ndarray:
        """The condition over numpy arrays of values at once (broadcast together), as booleans.

        Give the values as a mapping or as keyword arguments (``c.evaluate(x=xs,
        y=ys)``). Each inequality is evaluated in floats, with values within
        a relative ``1e-12`` of zero taken as zero, so a point on a boundary
        is decided as :meth:`holds` decides it. Points outside the domain
        give ``False``.
        """
        return self._evaluate(_arrays(self, values, arrays, "evaluate()"), {})

    def _evaluate(self, arrays: dict[str, np.ndarray], cache: dict[Any, np.ndarray]) -> np.ndarray:
        space = self._space
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
        out = np.zeros(shape, dtype=bool)
        inside = np.ones(shape, dtype=bool)
        for s, nn in zip(space.symbols, space.nonneg):
            if nn and s.name in arrays:
                inside &= arrays[s.name] >= 0
        for d in space.domain:
            names = {x.name for x in _atom_expr(space, d).free_symbols}
            if names <= set(arrays):
                inside &= _atom_values(space, d, arrays, cache) >= 0
        for cell in self._cells:
            acc = np.ones(shape, dtype=bool)
            for atom, strict in cell:
                v = _atom_values(space, atom, arrays, cache)
                acc &= (v > 0) if strict else (v >= 0)
            out |= acc
        return out & inside

    def _sympy_(self) -> Any:
        """``sympy.sympify(condition)``: the sympy Boolean (as :meth:`to_sympy`)."""
        return self.to_sympy()

    def subs(self, values: Any, value: Any = None) -> Condition:
        """The condition with some parameters given exact values (the rest stay free).

        ``c.subs({"x": 1})`` or ``c.subs(x, 1)``; floats follow the point rule.
        Fixing every parameter gives a constant condition (``bool(c)`` works).
        """
        if value is not None or isinstance(values, (str, sympy.Symbol)):
            values = {values: value}
        space = self._space
        symbols = {s.name: s for s in space.symbols}
        exact = exact_point(values, symbols, where="subs(): values", strict=False)
        sub = {s: sympy.Rational(v.numerator, v.denominator) for s, v in exact.items()}
        rest = [s for s in space.symbols if s not in sub]
        domain = []
        for d in _domain_exprs(space):
            e = sympy.expand(sympy.sympify(d).xreplace(sub))
            if not e.free_symbols:
                if e < 0:
                    raise InvalidArgumentError(
                        f"subs(): {dict(values)!r} is outside the domain ({d} >= 0)"
                    )
                continue
            domain.append(e)
        for s, v in sub.items():
            if s.is_nonnegative and v < 0:
                raise InvalidArgumentError(f"subs(): {s.name} = {v} is outside the domain (>= 0)")
        new = space_for(rest, domain)
        return Condition(new, _restate(self, new, sub)).simplify()

    # ------------------------------------------------------------- output
    def to_sympy(self) -> Any:
        """The condition as a sympy Boolean (``Or`` of ``And`` of relations)."""
        space = self._space
        cells = []
        for cell in self._cells:
            rels = [_relation(space, a, strict, eq) for a, strict, eq in _display(space, cell)]
            cells.append(sympy.And(*rels))
        return sympy.Or(*cells) if cells else sympy.false

    def __str__(self) -> str:
        return _text(self, latex=False)

    def __repr__(self) -> str:
        return f"Condition({str(self)!r})"

    def latex(self) -> str:
        r"""The condition in LaTeX (``\wedge`` within a cell, ``\vee`` between cells)."""
        return _text(self, latex=True)

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def __len__(self) -> int:
        """The number of cells (cases joined by ``or``)."""
        return len(self._cells)

    @property
    def size(self) -> int:
        """The number of literals over all cells (a measure of length)."""
        return sum(len(c) for c in self._cells)


# ================================================================ construction
def _sympify_boolean(expr: Any) -> Any:
    if isinstance(expr, Condition):
        return expr.to_sympy()
    if isinstance(expr, (bool, np.bool_)):
        return sympy.true if expr else sympy.false
    if isinstance(expr, sympy.Basic):
        return expr
    raise ArgumentTypeError(
        f"a condition must be a Condition, a sympy relation or Boolean, or a bool; got {expr!r}"
    )


def _cells_of(space: Space, expr: Any) -> list[Cell]:
    """DNF cells of a sympy Boolean (negations pushed to the relations)."""
    if expr is sympy.true:
        return [frozenset()]
    if expr is sympy.false:
        return []
    if isinstance(expr, sympy.Or):
        out: list[Cell] = []
        for a in expr.args:
            out.extend(_cells_of(space, a))
        return out
    if isinstance(expr, sympy.And):
        cells: list[Cell] = [frozenset()]
        for a in expr.args:
            sub = _cells_of(space, a)
            cells = [x | y for x in cells for y in sub if not _cell_empty(space, x | y)]
        return cells
    if isinstance(expr, sympy.Not):
        inner = Condition(space, _cells_of(space, expr.args[0]))
        return list((~inner)._cells)
    if isinstance(expr, sympy.core.relational.Relational):
        lhs, rhs = expr.lhs, expr.rhs
        if isinstance(expr, sympy.Eq):
            return _conj(space, [(lhs - rhs, False), (rhs - lhs, False)])
        if isinstance(expr, sympy.Ne):
            return _cells_of(space, sympy.Or(sympy.Gt(lhs, rhs), sympy.Lt(lhs, rhs)))
        if isinstance(expr, sympy.Gt):
            return _conj(space, [(lhs - rhs, True)])
        if isinstance(expr, sympy.Ge):
            return _conj(space, [(lhs - rhs, False)])
        if isinstance(expr, sympy.Lt):
            return _conj(space, [(rhs - lhs, True)])
        if isinstance(expr, sympy.Le):
            return _conj(space, [(rhs - lhs, False)])
    raise ArgumentTypeError(
        f"cannot read {expr!r} as a condition: use relations (<, <=, >, >=, ==, !=) "
        "joined by And, Or, Not"
    )


def _conj(space: Space, parts: Iterable[tuple[Any, bool]]) -> list[Cell]:
    """The conjunction of ``expr > 0`` (strict) / ``expr >= 0`` as cells: one, or none if false."""
    lits = []
    for expr, strict in parts:
        lit = _literal(space, expr, strict)
        if lit is False:
            return []
        if lit is not True:
            lits.append(lit)
    return [frozenset(lits)]


def _restate(c: Condition, space: Space, replace: Mapping[Any, Any] | None = None) -> list[Cell]:
    """The cells of ``c`` in another space, each atom's polynomial after ``xreplace(replace)``."""
    cells: list[Cell] = []
    for cell in c._cells:
        parts = (
            (_atom_expr(c._space, atom).xreplace(replace or {}), strict) for atom, strict in cell
        )
        cells.extend(_conj(space, parts))
    return cells


def _align(a: Condition, other: Any) -> tuple[Condition, Condition]:
    """Both conditions in one space (the union of their symbols and domains)."""
    if not isinstance(other, Condition):
        expr = _sympify_boolean(other)
        by = {s.name: s for s in a._space.symbols}
        extra = sorted((s for s in expr.free_symbols if s.name not in by), key=lambda s: s.name)
        expr = expr.xreplace({s: by[s.name] for s in expr.free_symbols if s.name in by})
        space = (
            a._space
            if not extra
            else space_for((*a._space.symbols, *extra), _domain_exprs(a._space))
        )
        b = Condition(space, _cells_of(space, expr))
        if space is a._space:
            return a, b
        return _move(a, space), b
    if other._space is a._space:
        return a, other
    sa, sb = a._space, other._space
    by = {s.name: s for s in sa.symbols}
    symbols = list(sa.symbols)
    rename = {}
    for s in sb.symbols:
        if s.name in by:
            rename[s] = by[s.name]
        else:
            by[s.name] = s
            symbols.append(s)
    domain = list(_domain_exprs(sa))
    for d in _domain_exprs(sb):
        d = sympy.sympify(d).xreplace(rename)
        if d not in domain:
            domain.append(d)
    space = space_for(symbols, domain)
    return _move(a, space), _move(other, space, rename)


def _move(c: Condition, space: Space, rename: Mapping[Any, Any] | None = None) -> Condition:
    """The same condition re-stated in a larger space."""
    if c._space is space:
        return c
    return Condition(space, _restate(c, space, rename))


# ================================================================== complement
def complement(space: Space, cells: Sequence[Cell]) -> list[Cell]:
    r"""Cells whose union is the domain minus the union of ``cells``, exactly.

    By the distributive law, :math:`\neg \bigvee_j \bigwedge_{l \in F_j} l =
    \bigvee_H \bigwedge_{l \in H} \neg l` over the *transversals* :math:`H`
    that take one literal from every cell :math:`F_j`. The transversals are
    found depth first, one cell at a time (shortest first), and three exact
    rules keep the search small without changing the union:

    * a cell :math:`F_j` that the partial conjunction already excludes (it
      holds the complement of one of its literals, or an exact certificate
      proves the two disjoint) needs no literal of its own;
    * a partial conjunction proved empty is dropped;
    * a partial conjunction that contains every literal of one already found
      is dropped (its points are in that one).

    The cells returned overlap (unlike a split into disjoint pieces), which
    keeps them few and short: each is one reason why no cell of the union
    holds. For the first S1 model with all 14 parameters free, 46 cells in,
    9 cases out after :meth:`Condition.simplify`.
    """
    edges = sorted(dict.fromkeys(frozenset(c) for c in cells), key=lambda c: (len(c), _cell_key(c)))
    if any(not e for e in edges):
        return []
    found: list[Cell] = []
    seen: set[tuple[Cell, int]] = set()

    def excluded(cell: Cell, edge: Cell) -> bool:
        return any(_negate(lit) in cell for lit in edge)

    def visit(cell: Cell, start: int) -> None:
        j = start
        while j < len(edges) and (excluded(cell, edges[j]) or proved_empty(space, cell | edges[j])):
            j += 1
        if j == len(edges):
            if not any(g <= cell for g in found):
                found[:] = [g for g in found if not cell <= g]
                found.append(cell)
            return
        if (cell, j) in seen:
            return
        seen.add((cell, j))
        rest = edges[j + 1 :]
        for lit in sorted(edges[j], key=lambda t: (-sum(t in e for e in rest), _lit_key(space, t))):
            grown = _with(cell, _negate(lit))
            if any(g <= grown for g in found) or proved_empty(space, grown):
                continue
            visit(grown, j + 1)

    visit(frozenset(), 0)
    return found


def _with(cell: Cell, lit: Literal) -> Cell:
    """``cell`` and ``lit``; a strict literal replaces its weak twin (``e > 0`` with ``e >= 0``)."""
    atom, strict = lit
    if strict:
        return (cell - {(atom, False)}) | {lit}
    if (atom, True) in cell:
        return cell
    return cell | {lit}


# ================================================================== decisions
def _one(space: Space) -> tuple:
    return ((space.zero_mono, 1),)


def _cell_empty(space: Space, cell: Cell) -> bool:
    """Proven: no point of the domain satisfies every literal of ``cell``."""
    cache = getattr(space, "_empty_cache", None)
    if cache is not None:
        got = cache.get(cell)
        if got is not None:
            return got
    result = _decide_empty(space, cell)
    if cache is not None:
        if len(cache) > 200_000:
            cache.clear()
        cache[cell] = result
    return result


def _contradicts_itself(cell: Cell) -> bool:
    """A literal and its complement in one cell (``e >= 0`` with ``-e > 0``)."""
    for atom, strict in cell:
        if _is_poly(atom):
            n = negate(atom)
            if (n, True) in cell or (strict and (n, False) in cell):
                return True
    return False


def _certificate(space: Space, polys: Sequence[Literal]) -> bool:
    """An exact Motzkin certificate that the polynomial literals have no common point."""
    strict = [a for a, s in polys if s]
    weak = [a for a, s in polys if not s]
    return space.empty(strict or [_one(space)], weak)


def _decide_empty(space: Space, cell: Cell) -> bool:
    if _contradicts_itself(cell):
        return True
    polys = [(a, s) for a, s in cell if _is_poly(a)]
    if not polys:
        return False
    sample = space.sample_witness(a for a, _ in cell)
    if sample is not None and _rational_near(space, cell, sample, (2**20,)) is not None:
        return False  # a rational point inside, checked exactly
    linear = all(space.is_linear(a) for a, _ in polys) and all(
        space.is_linear(d) for d in space.domain_poly
    )
    if linear and len(polys) == len(cell) and _few_variables(space, polys):
        feasible = _fourier_motzkin(space, polys)
        if feasible is not None:
            return not feasible
    if _certificate(space, polys):
        return True
    if len(polys) < len(cell):
        return False  # opaque atoms: unproven means kept
    if _float_point(space, cell) is not None and _rational_point(space, cell) is not None:
        return False
    if linear:
        feasible = _fourier_motzkin(space, polys)
        if feasible is not None:
            return not feasible
    return False


#: Linear cells in at most this many parameters are decided by Fourier-Motzkin alone.
FM_VARIABLES = 4


def _few_variables(space: Space, lits: Sequence[Literal]) -> bool:
    used: set[int] = set()
    for atom, _ in lits:
        for m, _ in atom:
            used.update(j for j, e in enumerate(m) if e)
    for d in space.domain_poly:
        for m, _ in d:
            used.update(j for j, e in enumerate(m) if e)
    return len(used) <= FM_VARIABLES


def _literal_holds(space: Space, lit: Literal, values: list, subs: dict) -> bool:
    atom, strict = lit
    v = _exact_value(space, atom, values, subs)
    if v is None:
        raise InvalidArgumentError(f"cannot decide {_literal_text(space, atom, strict)} exactly")
    return v > 0 if strict else v >= 0


def _exact_value(space: Space, atom: Any, values: list, subs: dict) -> Any:
    if _is_poly(atom):
        total = Fraction(0)
        for m, c in atom:
            term = Fraction(c)
            for v, e in zip(values, m):
                if e:
                    term *= v**e
            total += term
        return total
    got = sympy.sympify(atom).xreplace(subs)
    if got.free_symbols:
        return None
    got = sympy.nsimplify(got) if got.has(sympy.Float) else got
    if got.is_comparable:
        if got.is_zero:
            return Fraction(0)
        return Fraction(1) if got > 0 else Fraction(-1)
    return None


def _mono_support(atom: Any, space: Space) -> tuple[int, ...]:
    if not _is_poly(atom):
        names = {s.name for s in atom.free_symbols}
        return tuple(int(s.name in names) for s in space.symbols)
    sup = [0] * space.n
    for m, _ in atom:
        for j, e in enumerate(m):
            if e:
                sup[j] = 1
    return tuple(sup)


# ------------------------------------------------------------------ points
def _float_point(space: Space, cell: Cell) -> np.ndarray | None:
    """A float point satisfying the cell (largest margin on its strict literals), or None."""
    cache = getattr(space, "_point_cache", None)
    if cache is not None and cell in cache:
        return cache[cell]
    point = _find_point(space, cell)
    if cache is not None:
        if len(cache) > 100_000:
            cache.clear()
        cache[cell] = point
    return point


def _find_point(space: Space, cell: Cell) -> np.ndarray | None:
    n = space.n
    lits = list(cell)
    if n == 0:
        return np.zeros(0)
    linear = all(space.is_linear(a) for a, _ in lits) and all(
        space.is_linear(d) for d in space.domain_poly
    )
    if not linear or len(space.domain_poly) < len(space.domain):
        pts = _samples(space)
        ok = np.ones(len(pts), dtype=bool)
        for d in space.domain:
            ok &= space.value(d, pts) >= 0
        for a, s in lits:
            v = space.value(a, pts)
            ok &= (v > 1e-9) if s else (v >= 0)
        return pts[int(np.argmax(ok))] if ok.any() else None
    margin, x = space._margin([a for a, _ in lits], strict=[s for _, s in lits])
    if margin is None or (any(s for _, s in lits) and margin <= 0):
        return None
    return x


def _samples(space: Space) -> np.ndarray:
    return draw_points(np.random.default_rng(20201231), 1024, space.nonneg)


def _rational_point(space: Space, cell: Cell) -> list[Fraction] | None:
    """A rational point satisfying the cell and the domain, checked exactly, or None."""
    x = _float_point(space, cell)
    return None if x is None else _rational_near(space, cell, x, SIMPLE_DENOMINATORS)


#: Denominators tried, simplest first, when a float point is rounded to a rational one.
SIMPLE_DENOMINATORS = (1, 2, 3, 4, 6, 10, 12, 100, 10**4, 10**6, 10**9)


def _rational_near(
    space: Space, cell: Cell, x: np.ndarray, denominators: Sequence[int]
) -> list[Fraction] | None:
    """``x`` rounded to each denominator in turn, then ``x`` itself (a float is a rational):
    the first that satisfies the cell and the domain exactly, or None."""
    for den in denominators:
        point = [Fraction(round(float(v) * den), den) for v in x]
        if _exact_ok(space, cell, point):
            return point
    point = [Fraction(float(v)) for v in x]
    return point if _exact_ok(space, cell, point) else None


def _exact_ok(space: Space, cell: Cell, point: list[Fraction]) -> bool:
    if any(v < 0 for v, nn in zip(point, space.nonneg) if nn):
        return False
    subs = {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(space.symbols, point)}
    for d in space.domain:
        v = _exact_value(space, d, point, subs)
        if v is None or v < 0:
            return False
    for atom, strict in cell:
        v = _exact_value(space, atom, point, subs)
        if v is None or (v <= 0 if strict else v < 0):
            return False
    return True


def _fourier_motzkin(space: Space, lits: Sequence[Literal]) -> bool | None:
    """Exact feasibility of a linear cell (with the domain) by Fourier-Motzkin; None if too big."""
    n = space.n
    rows: set[tuple[tuple[Fraction, ...], Fraction, bool]] = set()

    def add(coeffs: Sequence[Fraction], const: Fraction, strict: bool) -> bool:
        # Normalise by the first non-zero |coefficient| so duplicates coincide.
        lead = next((abs(c) for c in coeffs if c != 0), None)
        if lead is None:
            return const > 0 if strict else const >= 0
        rows.add((tuple(c / lead for c in coeffs), const / lead, strict))
        return True

    for atom, strict in [*lits, *((d, False) for d in space.domain_poly)]:
        const, lin, *_ = space.info(atom)
        coeffs = [Fraction(0)] * n
        for m, c in lin.items():
            coeffs[m.index(1)] = Fraction(c)
        if not add(coeffs, Fraction(const), strict):
            return False
    for j, nn in enumerate(space.nonneg):
        if nn:
            coeffs = [Fraction(0)] * n
            coeffs[j] = Fraction(1)
            add(coeffs, Fraction(0), False)
    for j in range(n):
        pos = [r for r in rows if r[0][j] > 0]
        neg = [r for r in rows if r[0][j] < 0]
        rest = {r for r in rows if r[0][j] == 0}
        if len(pos) * len(neg) + len(rest) > FM_ROWS:
            return None
        rows = rest
        for p in pos:
            for q in neg:
                a, b = -q[0][j], p[0][j]
                coeffs = [a * x + b * y for x, y in zip(p[0], q[0])]
                if not add(coeffs, a * p[1] + b * q[1], p[2] or q[2]):
                    return False
    return True


# ================================================================== simplification
def _implies_lit(space: Space, cell: Cell, lit: Literal) -> bool:
    """Proven: the cell (and the domain) implies the literal."""
    if lit in cell:
        return True
    atom, strict = lit
    if not strict and (atom, True) in cell:
        return True
    return _cell_empty(space, cell | {_negate(lit)})


def _inside(space: Space, inner: Cell, outer: Cell) -> bool:
    """Proven: every point of ``inner`` lies in ``outer``."""
    if outer <= inner:
        return True
    point = _float_point(space, inner)
    if point is not None and not _numeric_in(space, outer, point):
        return False
    return all(_implies_lit(space, inner, lit) for lit in outer)


def _numeric_in(space: Space, cell: Cell, point: np.ndarray, margin: float = 1e-7) -> bool:
    x = point.tolist()
    return all(space._value_at(atom, x, point) >= -margin for atom, _ in cell)


def _drop_contained(space: Space, cells: list[Cell]) -> list[Cell]:
    out: list[Cell] = []
    for c in sorted(cells, key=len):
        if any(_inside(space, c, d) for d in out):
            continue
        out = [d for d in out if not _inside(space, d, c)]
        out.append(c)
    return out


def _irredundant(space: Space, cell: Cell) -> Cell:
    """The cell without literals that the others (and the domain) imply."""
    current = set(cell)
    # An atom together with its negation (weak both): an equality; keep both.
    for lit in sorted(cell, key=lambda t: (-_lit_len(t), _lit_key(space, t))):
        if lit not in current:
            continue
        rest = frozenset(current - {lit})
        if _implies_lit(space, rest, lit):
            current.discard(lit)
    # a weak literal whose strict version is present is redundant; done above by implication
    return frozenset(current)


def _lit_len(lit: Literal) -> int:
    atom = lit[0]
    return len(atom) if _is_poly(atom) else 100


#: Unions of more cells than this are not widened (only empty, redundant and contained parts go).
EXPAND_CELLS = 24


#: Unions of more cells than this get the cheap treatment only: cells proved empty and cells
#: that are copies of others go; literals and containment are not examined (cost).
LARGE_CELLS = 2000


def _simplify(space: Space, cells: Sequence[Cell]) -> list[Cell]:
    unique = list(dict.fromkeys(cells))
    if any(not c for c in unique):
        return [frozenset()]
    if len(unique) > LARGE_CELLS:
        return [c for c in unique if not proved_empty(space, c)]
    live = []
    for c in unique:
        if _cell_empty(space, c):
            continue
        live.append(_irredundant(space, c))
    live = _drop_contained(space, list(dict.fromkeys(live)))
    if len(live) > EXPAND_CELLS:
        return live  # irredundant cells; the widening pass would cost too much here
    changed = True
    rounds = 0
    while changed and len(live) > 1 and rounds < 8:
        changed = False
        rounds += 1
        for i, cell in enumerate(live):
            others = live[:i] + live[i + 1 :]
            grown = _expand(space, cell, others)
            if grown != cell:
                if not grown:
                    return [frozenset()]
                live = _drop_contained(space, [*others, _irredundant(space, grown)])
                changed = True
                break
    return live


def _expand(space: Space, cell: Cell, others: Sequence[Cell]) -> Cell:
    """Drop literals of ``cell`` whose removal adds only points that ``others`` cover."""
    current = set(cell)
    for lit in sorted(cell, key=lambda t: (-_lit_len(t), _lit_key(space, t))):
        rest = frozenset(current - {lit})
        added = rest | {_negate(lit)}
        if _cell_empty(space, added):
            current.discard(lit)
            continue
        point = _float_point(space, added)
        for other in others:
            if point is not None and not _numeric_in(space, other, point):
                continue
            if _inside(space, added, other):
                current.discard(lit)
                break
    return frozenset(current)


# ================================================================== evaluation
def _arrays(
    c: Condition, values: Mapping[Any, Any] | None, arrays: Mapping[str, Any], caller: str
) -> dict[str, np.ndarray]:
    merged: dict[Any, Any] = {}
    if values is not None:
        if not isinstance(values, Mapping):
            raise ArgumentTypeError(
                f"{caller}: values must be a mapping {{parameter name: array}}; got {values!r}"
            )
        merged.update(values)
    merged.update(arrays)
    names = {s.name for s in c.symbols}
    out: dict[str, np.ndarray] = {}
    for key, v in merged.items():
        name = key.name if isinstance(key, sympy.Symbol) else key
        if name not in names:
            raise InvalidArgumentError(
                f"{caller}: unknown parameter {key!r}; the parameters are {sorted(names)}"
            )
        try:
            out[name] = np.asarray(v, dtype=float)
        except (TypeError, ValueError):
            raise ArgumentTypeError(
                f"{caller}: values[{name!r}] must be numbers or an array of numbers; got {v!r}"
            ) from None
    missing = [n for n in c.parameters if n not in out]
    if missing:
        raise InvalidArgumentError(f"{caller}: values give no value for {missing}")
    return out


def _atom_values(
    space: Space, atom: Any, arrays: dict[str, np.ndarray], cache: dict[Any, np.ndarray]
) -> np.ndarray:
    """``e(x)`` over the arrays, near-zeros snapped to 0; an atom and its negation share work."""
    if not _is_poly(atom):
        got = cache.get(atom)
        if got is None:
            syms = sorted(atom.free_symbols, key=lambda s: s.name)
            fn = sympy.lambdify(syms, atom, "numpy")
            with np.errstate(all="ignore"):
                got = np.asarray(fn(*(arrays[s.name] for s in syms)), dtype=float)
            got = np.nan_to_num(got, nan=-np.inf)
            cache[atom] = got
        return got
    sign = 1 if atom[0][1] > 0 else -1
    key = atom if sign > 0 else negate(atom)
    got = cache.get(key)
    if got is None:
        total: Any = 0.0
        scale: Any = 0.0
        with np.errstate(all="ignore"):
            for m, c in key:
                term: Any = float(c)
                for s, e in zip(space.symbols, m):
                    if e:
                        term = term * arrays[s.name] ** e
                total = total + term
                scale = scale + np.abs(term)
            total = np.asarray(total, dtype=float)
            got = np.where(np.abs(total) <= ZERO * np.asarray(scale), 0.0, total)
        cache[key] = got
    return got if sign > 0 else -got


# ==================================================================== printing
def _lit_key(space: Space, lit: Literal) -> tuple:
    atom, strict = lit
    names = tuple(sorted(s.name for s in _atom_expr(space, atom).free_symbols))
    return (len(names), names, str(atom), strict)


def _cell_key(cell: Cell) -> tuple:
    return (len(cell), sorted(str(x) for x in cell))


def _relation(space: Space, atom: Any, strict: bool, equality: bool) -> Any:
    rel = space.relational(atom, equality=equality)
    if equality or not strict:
        return rel
    if isinstance(rel, sympy.GreaterThan):
        return sympy.StrictGreaterThan(rel.lhs, rel.rhs, evaluate=False)
    if isinstance(rel, sympy.LessThan):
        return sympy.StrictLessThan(rel.lhs, rel.rhs, evaluate=False)
    return rel


_OPS_TEXT = {
    sympy.StrictGreaterThan: (">", ">"),
    sympy.GreaterThan: (">=", r"\geq"),
    sympy.StrictLessThan: ("<", "<"),
    sympy.LessThan: ("<=", r"\leq"),
    sympy.Equality: ("=", "="),
}


def _literal_text(
    space: Space, atom: Any, strict: bool, equality: bool = False, latex: bool = False
) -> str:
    rel = _relation(space, atom, strict, equality)
    op = _OPS_TEXT[type(rel)][1 if latex else 0]
    show = sympy.latex if latex else str
    return f"{show(rel.lhs)} {op} {show(rel.rhs)}"


def _single_bound(space: Space, atom: Any) -> tuple[sympy.Symbol, Fraction, int] | None:
    """``(x, b, sign)`` when the atom is ``sign*(x - b) >= 0`` for one parameter ``x``."""
    if not _is_poly(atom) or not space.is_linear(atom):
        return None
    const, lin, *_ = space.info(atom)
    if len(lin) != 1:
        return None
    ((m, c),) = lin.items()
    j = m.index(1)
    return space.symbols[j], Fraction(-const, c), 1 if c > 0 else -1


def _display(space: Space, cell: Cell) -> list[tuple[Any, bool, bool]]:
    """The cell's literals for display: ``(atom, strict, equality)``, equalities merged."""
    out = []
    done: set[Literal] = set()
    for lit in sorted(cell, key=lambda t: _lit_key(space, t)):
        if lit in done:
            continue
        atom, strict = lit
        if not strict and _is_poly(atom) and (negate(atom), False) in cell:
            done.add((negate(atom), False))
            out.append((max(atom, negate(atom)), False, True))
            continue
        if not strict and _is_poly(atom) and space.implied(negate(atom), []):
            out.append((atom, False, True))  # the domain bounds it the other way: a boundary
            continue
        out.append((atom, strict, False))
    return out


def _number(v: Fraction, latex: bool) -> str:
    r = sympy.Rational(v.numerator, v.denominator)
    return sympy.latex(r) if latex else str(r)


def _cell_text(space: Space, cell: Cell, latex: bool) -> str:
    items = _display(space, cell)
    bounds: dict[Any, dict[int, tuple[Fraction, bool, Any]]] = {}
    rest = []
    for atom, strict, eq in items:
        b = _single_bound(space, atom) if not eq else None
        if b is None:
            rest.append((atom, strict, eq))
            continue
        x, value, sign = b
        bounds.setdefault(x, {})[sign] = (value, strict, (atom, strict, eq))
    texts: list[tuple[tuple, str]] = []
    le, lt = (r"\leq", "<") if latex else ("<=", "<")
    for x, sides in bounds.items():
        if 1 in sides and -1 in sides:
            lo, lo_strict, _ = sides[1]
            hi, hi_strict, _ = sides[-1]
            name = sympy.latex(x) if latex else x.name
            text = (
                f"{_number(lo, latex)} {lt if lo_strict else le} {name} "
                f"{lt if hi_strict else le} {_number(hi, latex)}"
            )
            texts.append(((1, (x.name,)), text))
        else:
            for _, _, item in sides.values():
                rest.append(item)
    for atom, strict, eq in rest:
        names = tuple(sorted(s.name for s in _atom_expr(space, atom).free_symbols))
        texts.append(((len(names), names), _literal_text(space, atom, strict, eq, latex)))
    texts.sort(key=lambda t: t[0])
    joiner = r" \wedge " if latex else " and "
    return joiner.join(t for _, t in texts)


def proved_empty(space: Space, cell: Cell) -> bool:
    """``True`` only with a proof that the cell is empty (one certificate search, no witness).

    Cheaper than :func:`cell_empty`; a ``False`` may be wrong. Good for
    pruning where keeping an empty cell is harmless (it is dropped later).
    """
    cache = getattr(space, "_empty_cache", None)
    if cache is not None and cell in cache:
        return cache[cell]
    if _contradicts_itself(cell):
        return True
    if space.sample_hit(a for a, _ in cell):
        return False  # a sample point inside: no certificate can exist
    polys = [(a, s) for a, s in cell if _is_poly(a)]
    return bool(polys) and _certificate(space, polys)


#: For arbiter's own algorithms on cells (the analysis layer): exact emptiness and complement.
cell_empty = _cell_empty
negate_literal = _negate
float_point = _float_point
numeric_in = _numeric_in


def _common(space: Space, cells: Sequence[Cell]) -> frozenset:
    """Literals that every cell implies and some cell states (to print once, in front)."""
    stated = set().union(*cells)
    return frozenset(lit for lit in stated if all(_implies_lit(space, cell, lit) for cell in cells))


def _text(c: Condition, latex: bool) -> str:
    """Plain text or LaTeX of the whole condition (factored, see :func:`_factored`)."""
    if not c._cells:
        return r"\text{False}" if latex else "False"
    if any(not cell for cell in c._cells):
        return r"\text{True}" if latex else "True"
    return _factored(c._space, list(c._cells), latex, top=True)


def _factored(space: Space, cells: list[Cell], latex: bool, top: bool = False) -> str:
    """A union of cells as text, factored exactly.

    Literals that every cell implies and some cell states are written once in
    front (each cell then keeps only what the front does not imply); among
    the rest, cells that state one same literal are grouped under it:
    ``(L and A) or (L and B) or C`` is written ``(L and (A or B)) or C``.
    Both steps are identities, so the text means what the cells mean.
    """
    and_, or_ = (r" \wedge ", r" \vee ") if latex else (" and ", " or ")
    if len(cells) == 1:
        return _cell_text(space, cells[0], latex)
    front: frozenset = frozenset()
    if top and len(cells) > EXPAND_CELLS:
        top = False  # a large union: factor syntactically only (no proofs, no cost)
    if top:
        front = _irredundant(space, _common(space, cells))
        if front:
            reduced = [_irredundant_given(space, cell, front) for cell in cells]
            if all(reduced):
                cells = reduced
            else:
                front = frozenset()
    else:
        shared = frozenset.intersection(*cells)
        if shared:
            front = shared
            cells = [cell - shared for cell in cells]
            if not all(cells):
                return _cell_text(space, front, latex)
    parts = _grouped(space, cells, latex)
    body = or_.join(_wrap(p, and_, or_, latex) for p in parts) if len(parts) > 1 else parts[0]
    if not front:
        return body
    if or_ in body and len(parts) > 1:
        body = _paren(body, latex)
    return _cell_text(space, front, latex) + and_ + body


def _grouped(space: Space, cells: list[Cell], latex: bool) -> list[str]:
    counts: dict[Literal, int] = {}
    for cell in cells:
        for lit in cell:
            counts[lit] = counts.get(lit, 0) + 1
    best = max(counts.items(), key=lambda kv: (kv[1], _lit_key(space, kv[0])), default=None)
    if best is None or best[1] < 2 or best[1] == len(cells):
        return [_cell_text(space, cell, latex) for cell in cells]
    lit = best[0]
    group = [cell for cell in cells if lit in cell]
    rest = [cell for cell in cells if lit not in cell]
    out = [_factored(space, group, latex)]
    out.extend(
        _grouped(space, rest, latex)
        if len(rest) > 1
        else [_cell_text(space, cell, latex) for cell in rest]
    )
    return out


def _paren(text: str, latex: bool) -> str:
    return (r"\left(" + text + r"\right)") if latex else "(" + text + ")"


def _wrap(text: str, and_: str, or_: str, latex: bool) -> str:
    return _paren(text, latex) if (and_ in text or or_ in text) else text


def _irredundant_given(space: Space, cell: Cell, given: frozenset) -> Cell:
    """The cell's literals that ``given`` and the rest of the cell do not imply."""
    current = set(cell) - set(given)
    for lit in sorted(current, key=lambda t: (-_lit_len(t), _lit_key(space, t))):
        rest = frozenset(current - {lit}) | given
        if _implies_lit(space, rest, lit):
            current.discard(lit)
    return frozenset(current)
