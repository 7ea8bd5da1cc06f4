r"""Regimes: the subgame-perfect equilibria of a symbolic tree, case by case, with exact conditions.

Let :math:`\Gamma(\theta)` be a perfect-information tree (chance nodes allowed)
whose payoffs and chance probabilities are expressions in parameters
:math:`\theta \in D`, where the *domain* :math:`D` is cut out by the symbols'
signs (arbiter's parameters are non-negative), by the chance probabilities
being non-negative, and by any extra ``assumptions``. A pure behaviour
profile :math:`\sigma` (one action at every decision node, on the path of
play or off it) is subgame perfect at :math:`\theta` exactly when, at every
decision node :math:`x` with mover :math:`i`, the prescribed action
:math:`\sigma(x)` is a best reply given :math:`\sigma` below :math:`x`
(one-shot deviation principle):

.. math::

    C_\sigma(\theta) \;=\; \bigwedge_{x} \bigwedge_{b \ne \sigma(x)}
    \Big( V_i(x\,\sigma(x); \theta) - V_i(x\,b; \theta) \ge 0 \Big),

where :math:`V(y; \theta)` is the expected payoff vector of the subtree at
:math:`y` under :math:`\sigma` (chance nodes average their branches exactly).

**Backward induction by cases.** Each subtree's value is a piecewise list of
*cases* :math:`(C, \sigma_{\text{below}}, V)`. A chance node combines one case
of every branch (conjoining their conditions) and averages the values; a
decision node does the same, then, for each action :math:`a`, adds the atoms
:math:`V_i(a) \ge V_i(b)`. A case is dropped only when its condition is proven
to have no interior in :math:`D` (an exact certificate, see
:mod:`arbiter.conditions._space`); for linear conditions this is decided
exactly (by linear programming, every "no" certified in rational
arithmetic). Each surviving case at the root is a :class:`Regime`: its
condition is the conjunction above with redundant inequalities removed
(again each removal proved exactly), and its profile is re-checked by a
symbolic one-shot deviation test: every inequality of :math:`C_\sigma` must
follow from the printed condition, so ``regret`` is exactly 0 wherever the
condition holds.

**Ties (the convention).** Conditions use weak inequalities on both sides of
every boundary. So

* the regimes are the pure profiles whose condition has an interior in
  :math:`D` ("full-dimensional"), and their closed conditions cover :math:`D`;
* at a point where no mover is indifferent, exactly one regime holds, and its
  profile is the unique subgame-perfect equilibrium there;
* on a boundary where a mover is indifferent, every regime that holds is a
  subgame-perfect equilibrium there (several hold), and
  :attr:`Regime.ties` names, for each facet of the condition, the information
  set and the two actions tied on it. Profiles that are subgame perfect
  *only* on such a boundary (they combine tied choices differently, or mix
  them) are not listed as regimes of their own; a tie that holds everywhere
  (two actions always equally good for the mover) gives overlapping regimes,
  each with ``Tie.boundary`` equal to ``True``.

For nonlinear conditions (symbolic chance probabilities times payoffs) a
case is dropped only when a linear relaxation (monomials as variables)
proves it empty; a kept case whose emptiness could not be decided has
``witness`` ``None``.

**Size.** A regime fixes the action at *every* decision node, off the path
of play too (that is what makes threats credible or not), so two regimes
may share an outcome and differ only off the path; their number can grow
exponentially with the depth of the tree (a centipede with :math:`n` symbolic
stages has :math:`2^n`). Regimes with the same outcome and profile would be
merged (their conditions joined), but backward induction produces each
profile once. :func:`outcome_condition` joins the regimes that reach an
outcome into one condition, merging cells whose union is convex.

**Maps.** :class:`RegimeClassifier` compiles the conditions to numpy once
(``sympy.lambdify``) and classifies a whole grid in one vectorised pass.

>>> import sympy
>>> from arbiter.games.tree import SequentialGame, decision, outcome
>>> f, a = sympy.symbols("f a", nonnegative=True)
>>> entry = SequentialGame(decision("Entrant", {
...     "Out": outcome({"Entrant": 0, "Incumbent": 2}, label="no entry"),
...     "In": decision("Incumbent", {
...         "Fight": outcome({"Entrant": -1, "Incumbent": f}, label="war"),
...         "Accommodate": outcome({"Entrant": 1, "Incumbent": a}, label="shared market"),
...     }),
... }))
>>> for r in regimes(entry):
...     print(r.condition, dict(r.outcome))
f >= a {'no entry': 1}
a >= f {'shared market': 1}
>>> print(outcome_condition(regimes(entry), "no entry"))
f >= a
>>> import numpy as np
>>> classify(regimes(entry), {"f": np.array([0.0, 2.0]), "a": 1.0})
array([1, 0])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from arbiter.conditions._space import Space
from arbiter.conditions.condition import Condition, space_for
from arbiter.errors import (
    ArbiterError,
    ArgumentTypeError,
    InvalidArgumentError,
    NotSupportedError,
)
from arbiter.games.numbers import to_sympy
from arbiter.games.tree import Chance, Decision, Node, Outcome, SequentialGame
from arbiter.solve.result import Equilibrium, FrozenMap, behaviour_profile

__all__ = [
    "MAX_CASES",
    "Regime",
    "RegimeClassifier",
    "Tie",
    "classify",
    "outcome_condition",
    "regime_cells",
    "regimes",
]

#: regimes() refuses trees whose case split grows beyond this many cases at one node.
MAX_CASES = 50_000


# ====================================================================== values
@dataclass(frozen=True)
class Tie:
    """A place where a mover is indifferent: on ``boundary``, ``actions`` tie at ``infoset``.

    ``actions`` is ``(prescribed, alternative)``: the regime's action there
    and one that is exactly as good on the boundary. ``boundary`` is a sympy
    ``Eq`` (a facet of the regime's condition), or ``sympy.true`` when the two
    are equally good everywhere.
    """

    infoset: str
    player: str
    actions: tuple[str, str]
    boundary: Any

    def __str__(self) -> str:
        where = "always" if self.boundary is sympy.true else f"where {self.boundary}"
        return (
            f"{self.player} is indifferent between {self.actions[0]!r} and "
            f"{self.actions[1]!r} at {self.infoset} {where}"
        )


@dataclass(frozen=True)
class Regime:
    """A region of parameter space and the subgame-perfect equilibrium that holds in it.

    Attributes
    ----------
    condition:
        A sympy Boolean on the parameters (a conjunction of weak linear
        inequalities for linear models), stated within the domain (the
        symbols' signs and ``assumptions``).
    outcome:
        Outcome label -> probability of reaching it (sympy; symbolic when
        chance probabilities are).
    equilibrium:
        The profile, an :class:`~arbiter.solve.result.Equilibrium` with a
        behaviour profile covering every information set (probabilities
        ``sympy.Integer`` 0 and 1), the expected payoffs as sympy expressions,
        ``condition`` and ``outcome`` as here, and ``regret`` exactly 0: the
        one-shot deviation test was passed symbolically under ``condition``.
    ties:
        The facets of ``condition`` on which a mover is indifferent (see the
        module docstring), and ties that hold everywhere.
    witness:
        A simple rational point strictly inside the regime (``{name:
        Fraction}``), checked exactly; ``None`` if none was found.
    parameters:
        The tree's parameters (sympy symbols).
    assumptions:
        The domain beyond the symbols' own signs, as a sympy Boolean.
    """

    condition: Any
    outcome: FrozenMap
    equilibrium: Equilibrium
    ties: tuple[Tie, ...] = ()
    witness: FrozenMap | None = None
    parameters: tuple[sympy.Symbol, ...] = ()
    assumptions: Any = field(default=sympy.true, compare=False)

    @property
    def profile(self) -> dict[str, str]:
        """The action chosen at each information set, ``{infoset: action}``."""
        out = {}
        for plan in self.equilibrium.strategies:
            for h, dist in plan.items():
                out[h] = next(a for a, p in dist.items() if p != 0)
        return out

    def holds(self, values: Mapping[Any, Any]) -> bool:
        """Whether ``condition`` holds at ``values`` ({name or symbol: number}), exactly."""
        return self.condition.holds(values)

    def latex(self) -> str:
        """The condition in LaTeX."""
        return self.condition.latex()

    def __str__(self) -> str:
        reached = ", ".join(
            label if p == 1 else f"{label} ({p})" for label, p in self.outcome.items()
        )
        moves = "; ".join(f"{h}: {a}" for h, a in self.profile.items())
        lines = [f"when {self.condition}: {reached}", f"  play: {moves}"]
        lines += [f"  tie: {t}" for t in self.ties]
        return "\n".join(lines)


# ================================================================ the solver
def regimes(tree: SequentialGame, *, assumptions: Any = None) -> tuple[Regime, ...]:
    """The subgame-perfect regimes of a perfect-information tree with symbolic payoffs.

    Parameters
    ----------
    tree:
        A :class:`~arbiter.games.tree.SequentialGame` with perfect
        information (every information set a single node); chance nodes
        allowed, with probabilities that may be symbolic. Numeric trees give
        one regime with condition ``True`` (several when a mover is
        indifferent).
    assumptions:
        Extra restrictions on the parameters, beyond the symbols' own signs:
        a sympy relation, a conjunction (``And``) of relations, or a sequence
        of them (``p <= 1``, ``k >= v``). Symbols are matched by name. The
        conditions are stated within them; strict relations count as weak.

    Returns
    -------
    tuple of Regime
        Ordered by the actions chosen (first actions first), one per pure
        profile whose condition has an interior; see the module docstring
        for the tie convention.
    """
    solver, shown = _solver(tree, assumptions, "regimes")
    built = [solver.regime(case, shown) for case in solver.run()]
    return _merge(solver.space, built)


def regime_cells(
    tree: SequentialGame, *, assumptions: Any = None
) -> tuple[Space, tuple[tuple[frozenset, FrozenMap], ...]]:
    """The regimes' closed conditions (cells of weak literals) and outcomes, nothing else.

    What :func:`regimes` finds, without building :class:`Regime` values (their
    equilibria, witnesses and the re-check of every best reply): for callers
    that need only where each outcome is reached, such as
    :func:`arbiter.analysis.status_quo_region`. Same arguments and errors as
    :func:`regimes`; the cells are not simplified.
    """
    solver, _ = _solver(tree, assumptions, "regime_cells")
    out = []
    for atoms, choices, _, _ in solver.run():
        cell = frozenset((a, False) for a in atoms)
        out.append((cell, solver.outcome_of({path: j for path, j in choices})))
    return solver.space, tuple(out)


def _solver(tree: SequentialGame, assumptions: Any, caller: str) -> tuple[_Solver, Any]:
    if not isinstance(tree, SequentialGame):
        raise ArgumentTypeError(f"{caller}(): tree must be a SequentialGame; got {tree!r}")
    shared = [(name, info.members) for name, info in tree.infosets.items() if len(info.members) > 1]
    if shared:
        name, members = shared[0]
        raise NotSupportedError(
            f"{caller}() needs perfect information; information set {name!r} has "
            f"{len(members)} nodes ({', '.join('/'.join(m) or 'root' for m in members)}). "
            "Substitute values and use nash_equilibria or subgame_perfect, or split the set"
        )
    params = tree.parameters
    space = space_for(params, _domain(tree, params, assumptions))
    if not space.domain_has_interior():
        raise InvalidArgumentError(
            f"{caller}(): the assumptions {_conjunction(space, space.domain)} (with the "
            "parameters' signs and chance probabilities >= 0) leave no open set of parameter "
            "values; substitute parameters that they fix with tree.subs({...})"
        )
    return _Solver(tree, space), _assumptions(space)


def _domain(
    tree: SequentialGame, params: tuple[sympy.Symbol, ...], assumptions: Any
) -> list[sympy.Expr]:
    """The domain as expressions ``d >= 0``: the assumptions and the chance probabilities."""
    by_name = {s.name: s for s in params}
    relations: list[Any] = []
    if assumptions is None or assumptions is True or assumptions is sympy.true:
        pass
    elif isinstance(assumptions, sympy.And):
        relations = list(assumptions.args)
    elif isinstance(assumptions, (sympy.Basic, bool)):
        relations = [assumptions]
    elif isinstance(assumptions, Iterable) and not isinstance(assumptions, str):
        relations = list(assumptions)
    else:
        raise ArgumentTypeError(
            "regimes(): assumptions must be a sympy relation, an And of relations or a "
            f"sequence of them; got {assumptions!r}"
        )
    exprs: list[sympy.Expr] = []
    for rel in relations:
        if rel is True or rel is sympy.true:
            continue
        if rel is False or rel is sympy.false:
            raise InvalidArgumentError(
                "regimes(): an assumption is always false (sympy decided it from the "
                "parameters' signs)"
            )
        if isinstance(rel, (sympy.Eq, sympy.Ne)):
            raise InvalidArgumentError(
                f"regimes(): assumptions must be inequalities; got {rel}. To fix a parameter "
                "(or tie two together), substitute it with tree.subs({...}) first"
            )
        if not isinstance(rel, sympy.core.relational.Relational):
            raise ArgumentTypeError(
                "regimes(): each assumption must be an inequality between expressions "
                f"(such as p <= 1); got {rel!r}"
            )
        unknown = sorted(s.name for s in rel.free_symbols if s.name not in by_name)
        if unknown:
            raise InvalidArgumentError(
                f"regimes(): assumption {rel} names {unknown}, which are not parameters of "
                f"the tree {sorted(by_name)}"
            )
        rel = rel.xreplace({s: by_name[s.name] for s in rel.free_symbols})
        if rel is sympy.false:
            raise InvalidArgumentError("regimes(): the assumptions never hold")
        if rel is sympy.true:
            continue
        diff = rel.lhs - rel.rhs
        exprs.append(diff if isinstance(rel, (sympy.Ge, sympy.Gt)) else -diff)
    seen: set[Any] = set()
    for _, node in tree.nodes():
        if isinstance(node, Chance):
            for _, p, _ in node.branches:
                p = to_sympy(p)
                if p.free_symbols and p not in seen:
                    seen.add(p)
                    exprs.append(p)
    return exprs


#: A case: (condition atoms, choices as ((path, action index), ...), payoff vector, witness).
_Case = tuple[frozenset, tuple[tuple[tuple[str, ...], int], ...], tuple[Any, ...], Any]


class _Solver:
    """Backward induction by cases over one tree."""

    def __init__(self, tree: SequentialGame, space: Space) -> None:
        self.tree = tree
        self.space = space
        self.players = tree.players
        self.float_input = tree.kind == "float"
        leaves = [v for _, o in tree.outcomes for v in o.payoffs]
        probs = [p for _, n in tree.nodes() if isinstance(n, Chance) for _, p, _ in n.branches]
        self.algebra = space.algebra_for([self._exact(v) for v in leaves + probs])

    def _exact(self, v: Any) -> sympy.Expr:
        if isinstance(v, float):
            return sympy.Rational(v)
        return to_sympy(v)

    def _value(self, v: Any) -> Any:
        return self.space.convert(self._exact(v), self.algebra)

    # -------------------------------------------------------------- cases
    def run(self) -> list[_Case]:
        return self._solve(self.tree.root, ())

    def _solve(self, node: Node, path: tuple[str, ...]) -> list[_Case]:
        if isinstance(node, Outcome):
            return [(frozenset(), (), tuple(self._value(v) for v in node.payoffs), None)]
        if isinstance(node, Chance):
            kids = [self._solve(c, (*path, n)) for n, _, c in node.branches]
            probs = [self._value(p) for _, p, _ in node.branches]
            out = []
            for atoms, choices, values, w in self._combine(kids, path):
                total = tuple(
                    sum((q * v[k] for q, v in zip(probs, values)), start=0 * probs[0])
                    for k in range(len(self.players))
                )
                out.append((atoms, choices, total, w))
            return out
        kids = [self._solve(c, (*path, a)) for a, c in node.moves]
        mover = self.players.index(node.player)
        out = []
        for atoms, choices, values, w in self._combine(kids, path):
            for j in range(len(node.moves)):
                extra = set()
                feasible = True
                for b in range(len(node.moves)):
                    if b == j:
                        continue
                    atom = self.space.atom(values[j][mover] - values[b][mover])
                    if atom is False:
                        feasible = False
                        break
                    if atom is not True:
                        extra.add(atom)
                if not feasible:
                    continue
                both = atoms | extra
                if both != atoms:
                    ok, wit = self.space.interior(both, (w,))
                    if not ok:
                        continue
                else:
                    wit = w
                out.append((both, (*choices, (path, j)), values[j], wit))
        self._guard(len(out), path)
        return out

    def _combine(
        self, kids: list[list[_Case]], path: tuple[str, ...]
    ) -> list[tuple[frozenset, tuple, list[tuple[Any, ...]], Any]]:
        """Every feasible combination of one case per child (conditions conjoined)."""
        combos: list[tuple[frozenset, tuple, list[tuple[Any, ...]], Any]] = [
            (frozenset(), (), [], None)
        ]
        for cases in kids:
            nxt = []
            for atoms, choices, values, w in combos:
                for c_atoms, c_choices, c_values, c_w in cases:
                    both = atoms | c_atoms
                    if both == atoms:
                        wit = w
                    elif both == c_atoms:
                        wit = c_w
                    else:
                        ok, wit = self.space.interior(both, (w, c_w))
                        if not ok:
                            continue
                    nxt.append((both, choices + c_choices, [*values, c_values], wit))
            self._guard(len(nxt), path)
            combos = nxt
        return combos

    def _guard(self, count: int, path: tuple[str, ...]) -> None:
        if count > MAX_CASES:
            raise NotSupportedError(
                f"regimes(): more than {MAX_CASES} cases at {'/'.join(path) or 'root'}; "
                "the tree splits parameter space too finely for a symbolic answer. "
                "Fix some parameters with tree.subs(...), or map it numerically"
            )

    # ------------------------------------------------------------ regimes
    def regime(self, case: _Case, assumptions: Any) -> Regime:
        space, tree = self.space, self.tree
        atoms, choices, _, _ = case
        chosen = {path: j for path, j in choices}
        condition_atoms = space.irredundant(atoms)
        values = self._symbolic_values(chosen)
        ties = self._one_shot_check(chosen, values, condition_atoms)
        condition = _conjunction(space, condition_atoms)

        by_infoset = self._by_infoset(chosen)
        per_player: list[dict[str, dict[str, Any]]] = [{} for _ in self.players]
        order: list[list[str]] = [[] for _ in self.players]
        for h, info in tree.infosets.items():
            p = self.players.index(info.player)
            order[p].append(h)
            per_player[p][h] = {
                a: sympy.Integer(1) if a == by_infoset[h] else sympy.Integer(0)
                for a in info.actions
            }
        outcome = self.outcome_of(chosen)
        payoffs = tuple(sympy.Float(float(v)) if self.float_input else _tidy(v) for v in values[()])
        equilibrium = Equilibrium(
            strategies=behaviour_profile(per_player),
            payoffs=payoffs,
            regret=sympy.Integer(0),
            players=self.players,
            actions=tuple(tuple(h) for h in order),
            condition=condition,
            outcome=outcome,
        )
        point = space.rational_point(condition_atoms)
        witness = None if point is None else FrozenMap({s.name: v for s, v in point.items()})
        return Regime(
            condition=condition,
            outcome=outcome,
            equilibrium=equilibrium,
            ties=tuple(ties),
            witness=witness,
            parameters=space.symbols,
            assumptions=assumptions,
        )

    def _by_infoset(self, chosen: dict[tuple[str, ...], int]) -> dict[str, str]:
        out = {}
        for path, j in chosen.items():
            node = self.tree.node_at(path)
            assert isinstance(node, Decision)
            out[self.tree.infoset_of(path)] = node.moves[j][0]
        return out

    def outcome_of(self, chosen: dict[tuple[str, ...], int]) -> FrozenMap:
        """``{label: probability}`` reached by the profile (labels with probability 0 left out)."""
        tree = self.tree
        reached = tree.outcome_labels(tree.outcome_distribution([self._by_infoset(chosen)]))
        return FrozenMap(
            {
                label: prob
                for label, prob in ((k, _tidy(sympy.sympify(v))) for k, v in reached.items())
                if prob != 0
            }
        )

    def _symbolic_values(self, chosen: dict[tuple[str, ...], int]) -> dict[tuple[str, ...], Any]:
        """Expected payoffs of every subtree under the profile, recomputed from the tree."""
        out: dict[tuple[str, ...], Any] = {}

        def visit(node: Node, path: tuple[str, ...]) -> tuple[Any, ...]:
            if isinstance(node, Outcome):
                val = tuple(self._exact(v) for v in node.payoffs)
            elif isinstance(node, Chance):
                kids = [visit(c, (*path, n)) for n, _, c in node.branches]
                probs = [self._exact(p) for _, p, _ in node.branches]
                val = tuple(
                    sympy.Add(*(q * v[k] for q, v in zip(probs, kids)))
                    for k in range(len(self.players))
                )
            else:
                kids = [visit(c, (*path, a)) for a, c in node.moves]
                val = kids[chosen[path]]
            out[path] = val
            return val

        visit(self.tree.root, ())
        return out

    def _one_shot_check(
        self,
        chosen: dict[tuple[str, ...], int],
        values: dict[tuple[str, ...], Any],
        condition: frozenset,
    ) -> list[Tie]:
        """Check that the condition implies every best-reply inequality; return the ties."""
        space, tree = self.space, self.tree
        ties: list[Tie] = []
        for path, j in sorted(chosen.items(), key=lambda kv: (len(kv[0]), kv[0])):
            node = tree.node_at(path)
            assert isinstance(node, Decision)
            m = self.players.index(node.player)
            a = node.moves[j][0]
            mine = values[(*path, a)][m]
            for b, _ in node.moves:
                if b == a:
                    continue
                diff = sympy.expand(mine - values[(*path, b)][m])
                h = tree.infoset_of(path)
                if diff == 0:
                    ties.append(Tie(h, node.player, (a, b), sympy.true))
                    continue
                atom = space.atom_from_expr(diff)
                if atom is True:
                    continue
                if atom is not False and atom in condition:
                    ties.append(Tie(h, node.player, (a, b), space.relational(atom, equality=True)))
                    continue
                if atom is False or not space.implied(atom, condition):
                    raise ArbiterError(
                        f"regimes(): internal check failed: at {h} the condition "
                        f"{_conjunction(space, condition)} does not imply that {a!r} is as "
                        f"good as {b!r} for {node.player} ({diff} >= 0); please report this"
                    )
        return ties


def _tidy(expr: Any) -> Any:
    expr = sympy.sympify(expr)
    if expr.free_symbols:
        return sympy.expand(expr) if expr.is_polynomial() else sympy.simplify(expr)
    return sympy.nsimplify(expr) if expr.has(sympy.Float) else expr


def _conjunction(space: Space, atoms: Iterable[Any]) -> Condition:
    """The atoms (each ``e >= 0``) as one :class:`~arbiter.conditions.Condition` cell."""
    return Condition(space, [frozenset((a, False) for a in atoms)])


def _assumptions(space: Space) -> Any:
    """The domain beyond the symbols' signs as a sympy Boolean (``True`` if none)."""
    if not space.domain:
        return sympy.true
    return _conjunction(space, space.domain).to_sympy()


def _merge(space: Space, found: list[Regime]) -> tuple[Regime, ...]:
    """One regime per (outcome, profile); conditions of equal ones joined (normally none)."""
    groups: dict[Any, list[Regime]] = {}
    for r in found:
        groups.setdefault((r.outcome, r.equilibrium.strategies), []).append(r)
    out = []
    for rs in groups.values():
        if len(rs) == 1:
            out.append(rs[0])
            continue
        condition = Condition(space, [c for r in rs for c in r.condition.cells]).simplify()
        eq = rs[0].equilibrium
        out.append(
            Regime(
                condition=condition,
                outcome=rs[0].outcome,
                equilibrium=Equilibrium(
                    eq.strategies,
                    eq.payoffs,
                    eq.regret,
                    eq.players,
                    eq.actions,
                    condition,
                    eq.outcome,
                ),
                ties=tuple(dict.fromkeys(t for r in rs for t in r.ties)),
                witness=rs[0].witness,
                parameters=rs[0].parameters,
                assumptions=rs[0].assumptions,
            )
        )
    out.sort(key=_order_key)
    return tuple(out)


def _order_key(r: Regime) -> tuple[int, ...]:
    return tuple(
        list(dist.values()).index(next(p for p in dist.values() if p != 0))
        for plan in r.equilibrium.strategies
        for dist in plan.values()
    )


def reach_condition(space: Space, prob: Any, *, sure: bool = True) -> Condition:
    """Where a (symbolic) probability of reaching an outcome is 1 (``sure``) or below 1."""
    prob = sympy.sympify(prob)
    if prob.is_number:
        holds = (prob == 1) if sure else (prob != 1)
        return Condition(space, [frozenset()] if holds else [])
    if sure:
        return Condition.conjunction(space, [(prob - 1, False), (1 - prob, False)])
    return Condition.conjunction(space, [(1 - prob, True)])


def outcome_condition(regs: Sequence[Regime], label: str | Any) -> Condition:
    """The condition under which the regime's equilibrium reaches ``label`` with probability 1.

    The union, over the regimes, of the regime's condition and (for symbolic
    chance probabilities) the condition that the probability of ``label`` is
    1; simplified exactly. ``label`` may also be a set of labels (reaching
    any of them counts) or a predicate over labels. Ties follow the regimes'
    convention: on a boundary, the condition holds if *some* regime holding
    there reaches ``label``.

    >>> import sympy
    >>> from arbiter.games.tree import SequentialGame, decision, outcome
    >>> x = sympy.Symbol("x", nonnegative=True)
    >>> g = SequentialGame(decision("A", {
    ...     "keep": outcome({"A": 1}, label="status quo"),
    ...     "change": outcome({"A": x}, label="change"),
    ... }))
    >>> print(outcome_condition(regimes(g), "status quo"))
    x <= 1
    """
    regs = _check_regimes(regs, "outcome_condition")
    if not regs:
        return Condition.false()
    match = _label_matcher(label, "outcome_condition")
    labels = {k for r in regs for k in r.outcome}
    if not any(match(k) for k in labels):
        raise InvalidArgumentError(
            f"outcome_condition(): no regime reaches {label!r}; the outcomes reached are "
            f"{sorted(labels)}"
        )
    space = regs[0].condition.space
    cells = []
    for r in regs:
        prob = reach_probability(r, match)
        for cell in (r.condition & reach_condition(space, prob)).cells:
            cells.append(cell)
    return Condition(space, cells).simplify()


def reach_probability(r: Regime | Mapping[str, Any], label: Any) -> Any:
    """The probability (sympy) that the regime's equilibrium reaches ``label`` (see above).

    ``r`` may also be an outcome map ``{label: probability}`` (as from :func:`regime_cells`).
    """
    match = label if callable(label) else _label_matcher(label, "reach_probability")
    outcome = r.outcome if isinstance(r, Regime) else r
    return sympy.expand(sympy.Add(*(sympy.sympify(p) for k, p in outcome.items() if match(k))))


def _label_matcher(label: Any, caller: str) -> Any:
    if isinstance(label, str):
        return lambda k: k == label
    if callable(label):
        return label
    if isinstance(label, Iterable):
        labels = frozenset(label)
        if not all(isinstance(x, str) for x in labels):
            raise ArgumentTypeError(f"{caller}(): labels must be strings; got {label!r}")
        return lambda k: k in labels
    raise ArgumentTypeError(
        f"{caller}(): label must be a string, a set of strings or a predicate; got {label!r}"
    )


def _check_regimes(regs: Any, caller: str) -> tuple[Regime, ...]:
    if isinstance(regs, Regime):
        regs = (regs,)
    if isinstance(regs, (str, bytes)) or not isinstance(regs, Iterable):
        raise ArgumentTypeError(f"{caller}(): expected a sequence of Regime; got {regs!r}")
    regs = tuple(regs)
    for r in regs:
        if not isinstance(r, Regime):
            raise ArgumentTypeError(f"{caller}(): expected Regime values; got {r!r}")
    return regs


def decide(condition: Any, subs: Mapping[Any, Any], values: Any) -> bool:
    """Truth of ``condition`` (a :class:`Condition` or sympy Boolean) at an exact point.

    ``subs`` maps symbols to exact values; ``values`` is what the user gave
    (for the error message when a sympy condition stays undecided).
    """
    if isinstance(condition, Condition):
        return condition.holds({getattr(k, "name", k): v for k, v in subs.items()})
    result = condition.xreplace(subs)
    if result not in (sympy.true, sympy.false):
        result = sympy.simplify(result)
    if result not in (sympy.true, sympy.false):
        raise InvalidArgumentError(f"cannot decide {condition} at {dict(values)!r}")
    return bool(result)


# ================================================================ classification
_OPS = {
    sympy.GreaterThan: np.greater_equal,
    sympy.StrictGreaterThan: np.greater,
    sympy.Equality: np.equal,
    sympy.Unequality: np.not_equal,
}
_FLIP = {np.greater_equal: np.less_equal, np.greater: np.less}


class RegimeClassifier:
    """Regime conditions compiled to numpy: which regime holds, over whole grids at once.

    Built once from the regimes; each call maps ``{parameter name or symbol:
    array}`` (arrays broadcast together; scalars fix a parameter) to an
    integer array of regime indices: the *first* regime whose condition
    holds, ``-1`` where none does. With the weak-inequality convention of
    :func:`regimes`, every point of the domain satisfies some condition, so
    ``-1`` marks points outside the domain (a negative value for a
    non-negative parameter, an assumption violated). On a tie boundary
    several regimes hold and the lowest index wins; :meth:`masks` gives
    them all.

    Every inequality is evaluated once per grid (:meth:`Condition.evaluate
    <arbiter.conditions.Condition.evaluate>`, with an inequality and its
    reverse sharing one polynomial and values within a relative ``1e-12`` of
    zero taken as zero), so the two sides of a boundary are decided
    consistently and as the exact :meth:`Regime.holds` decides them.

    >>> import numpy as np, sympy
    >>> from arbiter.games.tree import SequentialGame, decision, outcome
    >>> x = sympy.Symbol("x", nonnegative=True)
    >>> g = SequentialGame(decision("A", {"keep": outcome({"A": 1}), "change": outcome({"A": x})}))
    >>> RegimeClassifier(regimes(g))({"x": np.linspace(0, 2, 5)})
    array([0, 0, 0, 1, 1])
    """

    def __init__(self, regs: Sequence[Regime]) -> None:
        regs = _check_regimes(regs, "RegimeClassifier")
        self.regimes = regs
        params: dict[str, sympy.Symbol] = {}
        for r in regs:
            for s in (*r.parameters, *r.condition.symbols):
                params.setdefault(s.name, s)
        self.parameters: tuple[str, ...] = tuple(sorted(params))
        self._symbols = params
        self._conditions = [r.condition for r in regs]
        self._names = [{s.name for s in c.symbols} for c in self._conditions]
        self.needed = tuple(sorted({n for c in self._conditions for n in c.parameters}))

    def _arrays(self, values: Mapping[Any, Any]) -> tuple[dict[str, np.ndarray], tuple[int, ...]]:
        if not isinstance(values, Mapping):
            raise ArgumentTypeError(
                f"values must be a mapping {{parameter name: array}}; got {values!r}"
            )
        arrays: dict[str, np.ndarray] = {}
        for key, v in values.items():
            name = key.name if isinstance(key, sympy.Symbol) else key
            if name not in self._symbols:
                raise InvalidArgumentError(
                    f"unknown parameter {key!r}; the parameters are {list(self.parameters)}"
                )
            arrays[name] = np.asarray(v, dtype=float)
        missing = [n for n in self.needed if n not in arrays]
        if missing:
            raise InvalidArgumentError(
                f"values give no value for the parameters {missing}, which the conditions use"
            )
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
        return arrays, shape

    def masks(self, values: Mapping[Any, Any]) -> np.ndarray:
        """Boolean array of shape ``(len(regimes), *grid)``: where each regime's condition holds."""
        arrays, shape = self._arrays(values)
        cache: dict[Any, np.ndarray] = {}
        out = np.empty((len(self._conditions), *shape), dtype=bool)
        for i, (c, names) in enumerate(zip(self._conditions, self._names)):
            known = {n: a for n, a in arrays.items() if n in names}
            out[i] = np.broadcast_to(c._evaluate(known, cache), shape)
        return out

    def __call__(self, values: Mapping[Any, Any]) -> np.ndarray:
        """Index of the first regime that holds at each point (``-1``: none), in one pass."""
        masks = self.masks(values)
        index = np.full(masks.shape[1:], -1, dtype=np.intp)
        for i in range(len(masks) - 1, -1, -1):
            np.copyto(index, i, where=masks[i])
        return index

    def __repr__(self) -> str:
        return f"RegimeClassifier({len(self.regimes)} regimes, parameters {list(self.needed)})"


def classify(regs: Sequence[Regime], values: Mapping[Any, Any]) -> np.ndarray:
    """The index of the first regime holding at each point of a grid (:class:`RegimeClassifier`).

    For many grids over the same regimes, build the classifier once.
    """
    return RegimeClassifier(regs)(values)
