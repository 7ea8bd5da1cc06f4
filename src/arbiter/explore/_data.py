r"""The explorer's data: a model's exact conditions, outcomes and tree, as JSON-ready values.

Everything the page computes comes from this one value (see
:func:`explorer_data`). Numbers the page evaluates are *polynomials* in the
model's parameters, written as ``{"c": [coefficients], "e": [[exponents],
...]}`` with one exponent list per term over :data:`params` (the model's
parameter order): ``sum_k c[k] * prod_i x_i ** e[k][i]``. A condition is a
list of cells; a cell a list of literals ``[atom index, strict]``, meaning
``atoms[index] > 0`` (strict) or ``>= 0``; the condition holds where some
cell holds (an empty list of cells never holds, a cell with no literal
always does). Atom coefficients are the Condition's own integers, so the
page evaluates exactly the inequalities :meth:`Condition.holds` decides.

Three kinds of model:

``"split"`` (perfect-information trees)
    The root is the arbiter's (or any mover's) choice; each root action's
    subtree is solved by :func:`arbiter.regimes` on its own, and the page
    picks the root action(s) that maximise the root mover's payoff. Solving
    the subtrees separately costs the *sum* of their case splits instead of
    their *product* (S1: about 15 s instead of about 260 s; the
    India–Pakistan example: 12 s instead of hours), and it is the same
    backward induction: a pure profile is subgame perfect exactly when its
    restriction to every root subtree is, and the root action is a best
    reply. A tree whose root is not a one-node decision (a chance root, say)
    is one "subtree" with no root choice.
``"pure"`` (trees with information sets)
    Every pure behaviour profile with its exact condition for being subgame
    perfect (a Nash equilibrium of every subgame, checked against every pure
    deviation in it); profiles whose condition has no interior are dropped,
    as :func:`arbiter.regimes` drops them. Mixed equilibria are not shown.
``"normal"`` (normal forms)
    :func:`arbiter.pure_equilibria` of the symbolic game: each pure profile
    with its exact condition. Mixed equilibria are not shown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from fractions import Fraction
from html import escape
from itertools import product
from typing import Any

import sympy

from arbiter.conditions import Condition
from arbiter.conditions.condition import space_for
from arbiter.errors import NotSupportedError
from arbiter.games.model import Model
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import Chance, Decision, Outcome, SequentialGame
from arbiter.leverage.credibility import credibility
from arbiter.solve.pure import pure_equilibria
from arbiter.solve.regimes import regimes

__all__ = ["MAX_PROFILES", "explorer_data", "math_html"]

#: Trees with information sets: pure behaviour profiles enumerated at most.
MAX_PROFILES = 20_000

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "theta": "θ",
    "lambda": "λ", "lam": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "phi": "φ", "psi": "ψ", "omega": "ω", "kappa": "κ", "eta": "η", "xi": "ξ", "nu": "ν",
}  # fmt: skip


# ================================================================ text as HTML
def _name_html(name: str) -> str:
    head, sep, tail = name.partition("_")
    head = _GREEK.get(head, head)
    out = f"<i>{escape(head)}</i>"
    if sep and tail:
        tail = ",".join(_GREEK.get(t, t) for t in tail.split("_"))
        out += f"<sub>{escape(tail)}</sub>"
    return out


_TOKEN = re.compile(r"\s*(>=|<=|!=|\*\*|[A-Za-z_][A-Za-z_0-9]*|\d+(?:\.\d+)?(?:/\d+)?|.)")
_OPS = {">=": " ≥ ", "<=": " ≤ ", ">": " &gt; ", "<": " &lt; ", "=": " = ", "!=": " ≠ ",
        "+": " + ", "-": " − ", "*": "\u2009", "/": "/", "(": "(", ")": ")", ",": ", "}  # fmt: skip


_BEFORE_UNARY = ("", "(", "≥", "≤", "&gt;", "&lt;", "=")


def math_html(text: str) -> str:
    """Plain mathematics (``T*e*v > k_w and w >= 1``) as HTML with Unicode operators.

    Names become italic with subscripts (``k_w`` as *k*\\ :sub:`w`, ``rho``
    as ρ), ``>=`` becomes ≥, ``x**2`` a superscript; ``and``/``or`` stay
    words. No script and no network: the page shows it as it is.

    >>> math_html("k_w >= 1/4 and rho**2 < T*v")
    '<i>k</i><sub>w</sub> ≥ 1/4 <b>and</b> <i>ρ</i><sup>2</sup> &lt; <i>T</i>\\u2009<i>v</i>'
    """
    out: list[str] = []
    tokens = [t for t in _TOKEN.findall(str(text)) if t.strip()]
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "**" and i + 1 < len(tokens):
            out.append(f"<sup>{escape(tokens[i + 1])}</sup>")
            i += 2
            continue
        if tok in ("and", "or", "not"):
            out.append(f" <b>{tok}</b> ")
        elif tok in ("True", "False"):
            out.append("always" if tok == "True" else "never")
        elif re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", tok):
            out.append(_name_html(tok))
        elif tok in _OPS:
            if tok == "-" and (not out or out[-1].strip() in _BEFORE_UNARY):
                out.append("−")
            else:
                out.append(_OPS[tok])
        else:
            out.append(escape(tok))
        i += 1
    return re.sub(r" {2,}", " ", "".join(out)).strip()


# ================================================================ the tables
class _Tables:
    """Shared tables of atoms, conditions and polynomials over the model's parameters."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        self.index = {n: i for i, n in enumerate(self.names)}
        self.atoms: list[dict[str, Any]] = []
        self._atom_ids: dict[Any, int] = {}
        self.conditions: list[dict[str, Any]] = []
        self.polys: list[dict[str, Any]] = []
        self._poly_ids: dict[Any, int] = {}

    def _exponents(self, symbols: Sequence[sympy.Symbol], mono: Sequence[int]) -> list[int]:
        e = [0] * len(self.names)
        for s, k in zip(symbols, mono):
            if k:
                if s.name not in self.index:
                    raise NotSupportedError(f"explorer: {s.name!r} is not a model parameter")
                e[self.index[s.name]] = int(k)
        return e

    def atom(self, symbols: Sequence[sympy.Symbol], atom: Any) -> int:
        if not isinstance(atom, tuple):
            raise NotSupportedError(
                f"explorer: the condition has a non-polynomial inequality {atom} >= 0, "
                "which the page cannot evaluate exactly"
            )
        terms = tuple((tuple(self._exponents(symbols, m)), int(c)) for m, c in atom)
        key = tuple(sorted(terms))
        got = self._atom_ids.get(key)
        if got is None:
            got = self._atom_ids[key] = len(self.atoms)
            self.atoms.append({"c": [c for _, c in key], "e": [list(m) for m, _ in key]})
        return got

    def condition(self, cond: Condition) -> int:
        symbols = cond.symbols
        cells = [
            sorted([self.atom(symbols, atom), bool(strict)] for atom, strict in cell)
            for cell in cond.cells
        ]
        self.conditions.append({"cells": cells, "html": math_html(str(cond)), "text": str(cond)})
        return len(self.conditions) - 1

    def poly(self, value: Any) -> int:
        """A polynomial (sympy expression or number) in the model's parameters."""
        expr = sympy.expand(sympy.sympify(value))
        names = sorted(s.name for s in expr.free_symbols)
        unknown = [n for n in names if n not in self.index]
        if unknown:
            raise NotSupportedError(f"explorer: {unknown} are not model parameters")
        symbols = sorted(expr.free_symbols, key=lambda s: s.name)
        try:
            poly = sympy.Poly(expr, *symbols) if symbols else None
        except sympy.PolynomialError:
            poly = None
        if symbols and (poly is None or not all(c.is_rational for c in poly.coeffs())):
            raise NotSupportedError(
                f"explorer: {value} is not a polynomial with rational coefficients"
            )
        if poly is None:
            if not expr.is_rational:
                raise NotSupportedError(f"explorer: {value} is not a rational number")
            terms = [((0,) * len(self.names), Fraction(int(expr.p), int(expr.q)))]
        else:
            terms = [
                (tuple(self._exponents(symbols, m)), Fraction(int(c.p), int(c.q)))
                for m, c in poly.terms()
            ]
        key = tuple(sorted(terms))
        got = self._poly_ids.get(key)
        if got is None:
            got = self._poly_ids[key] = len(self.polys)
            self.polys.append(
                {
                    "c": [float(c) for _, c in key],
                    "e": [list(m) for m, _ in key],
                    "html": math_html(str(expr)),
                }
            )
        return got


# ================================================================ the tree
class _TreeIndex:
    """Decision nodes numbered in depth-first order, and the tree as nested JSON."""

    def __init__(self, game: SequentialGame) -> None:
        self.game = game
        self.ids: dict[tuple[str, ...], int] = {}
        self.json = self._node(game.root, ())

    def _node(self, node: Any, path: tuple[str, ...]) -> dict[str, Any]:
        if isinstance(node, Decision):
            self.ids[path] = len(self.ids)
            return {
                "t": "d",
                "id": self.ids[path],
                "player": node.player,
                "infoset": self.game.infoset_of(path),
                "actions": list(node.actions),
                "kids": [self._node(c, (*path, a)) for a, c in node.moves],
            }
        if isinstance(node, Chance):
            return {
                "t": "c",
                "actions": [n for n, _, _ in node.branches],
                "probs": [math_html(str(p)) for _, p, _ in node.branches],
                "kids": [self._node(c, (*path, n)) for n, _, c in node.branches],
            }
        label = self.game.label_of(path)
        return {"t": "o", "label": label}


def _regime_json(
    tables: _Tables, r: Any, nodes: list[tuple[str, ...]], child: _Child
) -> dict[str, Any]:
    profile = r.profile
    return {
        "cond": tables.condition(r.condition),
        "outcome": [[label, tables.poly(p)] for label, p in r.outcome.items()],
        "payoffs": [tables.poly(v) for v in r.equilibrium.payoffs],
        "moves": [child.actions_of(profile, path) for path in nodes],
    }


class _Child:
    """One root action's subtree, as a game of its own (paths relative to it)."""

    def __init__(self, game: SequentialGame, prefix: tuple[str, ...], node: Any) -> None:
        self.prefix = prefix
        self.node = node
        self.game = None if isinstance(node, Outcome) else SequentialGame(node, game.players)
        self.full = game

    def actions_of(self, profile: dict[str, str], path: tuple[str, ...]) -> int:
        assert self.game is not None
        node = self.game.node_at(path)
        return node.actions.index(profile[self.game.infoset_of(path)])


def _split(model: Model, tables: _Tables, tree: _TreeIndex) -> dict[str, Any]:
    game: SequentialGame = model.game
    root = game.root
    if isinstance(root, Decision) and len(root.moves) > 1:
        parts = [(a, (a,), c) for a, c in root.moves]
        mover = game.players.index(root.player)
    else:
        parts, mover = [(None, (), root)], None
    children = []
    for action, prefix, node in parts:
        child = _Child(game, prefix, node)
        if child.game is None:  # the root action ends the game
            regs = [
                {
                    "cond": tables.condition(Condition.true()),
                    "outcome": [[game.label_of(prefix), tables.poly(1)]],
                    "payoffs": [tables.poly(v) for v in _payoffs(game, node)],
                    "moves": [],
                }
            ]
            children.append({"action": action, "nodes": [], "regimes": regs})
            continue
        rel = [p for p, n in child.game.nodes() if isinstance(n, Decision)]
        node_ids = [tree.ids[(*prefix, *p)] for p in rel]
        regs = [_regime_json(tables, r, rel, child) for r in regimes(child.game)]
        children.append({"action": action, "nodes": node_ids, "regimes": regs})
    return {"mover": mover, "children": children}


def _payoffs(game: SequentialGame, node: Outcome) -> list[Any]:
    values = node.payoffs
    if values and isinstance(values[0], tuple):
        as_map = dict(values)
        return [as_map[p] for p in game.players]
    return list(values)


# ============================================================ imperfect information
def _pure_spe(model: Model, tables: _Tables, tree: _TreeIndex) -> list[dict[str, Any]]:
    """Every pure behaviour profile with its exact condition for being subgame perfect."""
    game: SequentialGame = model.game
    infos = game.infosets
    names = list(infos)
    sizes = [len(infos[n].actions) for n in names]
    if math.prod(sizes) > MAX_PROFILES:
        raise NotSupportedError(
            f"explorer: the tree has {math.prod(sizes):,} pure behaviour profiles (more than "
            f"{MAX_PROFILES:,}); its subgame-perfect equilibria cannot be listed by case"
        )
    params = game.parameters
    domain = [p for _, n in game.nodes() if isinstance(n, Chance) for _, p, _ in n.branches]
    space = space_for(params, [sympy.sympify(d) for d in domain])
    ring = space.ring
    info_index = {n: i for i, n in enumerate(names)}
    players = game.players
    # Information sets meeting each node's subtree, and each player's.
    meets: dict[tuple[str, ...], set[int]] = {p: set() for p, _ in game.nodes()}
    for path, node in game.nodes():
        if isinstance(node, Decision):
            k = info_index[game.infoset_of(path)]
            for i in range(len(path) + 1):
                meets[path[:i]].add(k)
    below = {p: tuple(sorted(s)) for p, s in meets.items()}
    leaf_values = {
        path: tuple(ring.from_expr(sympy.sympify(v)) if params else ring(v)
                    for v in _payoffs(game, node))
        for path, node in game.outcomes
    }  # fmt: skip
    memo: dict[Any, Any] = {}

    def value(node: Any, path: tuple[str, ...], choice: tuple[int, ...]) -> tuple[Any, ...]:
        key = (path, tuple(choice[k] for k in below[path]))
        got = memo.get(key)
        if got is not None:
            return got
        if isinstance(node, Outcome):
            got = leaf_values[path]
        elif isinstance(node, Decision):
            a = choice[info_index[game.infoset_of(path)]]
            act, kid = node.moves[a]
            got = value(kid, (*path, act), choice)
        else:
            acc = [ring(0)] * len(players)
            for n, p, kid in node.branches:
                pv = ring.from_expr(sympy.sympify(p)) if params else ring(p)
                sub = value(kid, (*path, n), choice)
                acc = [x + pv * y for x, y in zip(acc, sub)]
            got = tuple(acc)
        memo[key] = got
        return got

    def reach(node: Any, path: tuple[str, ...], choice: tuple[int, ...], prob: Any) -> Any:
        if isinstance(node, Outcome):
            yield game.label_of(path), prob
        elif isinstance(node, Decision):
            act, kid = node.moves[choice[info_index[game.infoset_of(path)]]]
            yield from reach(kid, (*path, act), choice, prob)
        else:
            for n, p, kid in node.branches:
                yield from reach(kid, (*path, n), choice, prob * sympy.sympify(p))

    subgames = [(r, game.node_at(r) if r else game.root) for r in game.subgame_roots()]
    own = {
        (r, pl): [k for k in below[r] if infos[names[k]].player == pl]
        for r, _ in subgames
        for pl in players
    }
    decision_paths = [p for p, n in game.nodes() if isinstance(n, Decision)]
    out = []
    for choice in product(*(range(s) for s in sizes)):
        lits: set[Any] = set()
        ok = True
        for r, node in subgames:
            here = value(node, r, choice)
            for i, pl in enumerate(players):
                mine = own[(r, pl)]
                for dev in product(*(range(sizes[k]) for k in mine)):
                    if all(choice[k] == d for k, d in zip(mine, dev)):
                        continue
                    other = list(choice)
                    for k, d in zip(mine, dev):
                        other[k] = d
                    atom = space.atom(here[i] - value(node, r, tuple(other))[i])
                    if atom is False:
                        ok = False
                        break
                    if atom is not True:
                        lits.add(atom)
                if not ok:
                    break
            if not ok:
                break
        if not ok or not space.interior(frozenset(lits))[0]:
            continue
        cond = Condition(space, [frozenset((a, False) for a in lits)]).simplify()
        dist: dict[str, Any] = {}
        for label, p in reach(game.root, (), choice, sympy.Integer(1)):
            dist[label] = dist.get(label, 0) + p
        out.append(
            {
                "cond": tables.condition(cond),
                "outcome": [[label, tables.poly(p)] for label, p in dist.items()],
                "label": "; ".join(f"{n}: {infos[n].actions[a]}" for n, a in zip(names, choice)),
                "moves": [
                    game.node_at(p).actions.index(
                        infos[game.infoset_of(p)].actions[choice[info_index[game.infoset_of(p)]]]
                    )
                    for p in decision_paths
                ],
            }
        )
    return out


def _normal(model: Model, tables: _Tables) -> list[dict[str, Any]]:
    game: NormalFormGame = model.game
    out = []
    for eq in pure_equilibria(game):
        label = "/".join(eq.pure_profile)
        cond = eq.condition if eq.condition is not None else Condition.true()
        out.append(
            {
                "cond": tables.condition(cond),
                "outcome": [[label, tables.poly(1)]],
                "label": "; ".join(f"{p}: {a}" for p, a in zip(game.players, eq.pure_profile)),
                "moves": [],
            }
        )
    return out


# ================================================================ the whole
def _number(value: Any) -> float:
    return float(Fraction(value)) if not isinstance(value, float) else value


def _exact_text(value: Any) -> str:
    f = Fraction(value)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def explorer_data(model: Model, *, source: str | None = None) -> dict[str, Any]:
    """The page's data for ``model`` (a JSON-ready dict; see the module docstring).

    ``source`` is how Python code gets the model back (``"border-deal"``,
    a model file, ``module:function``), used in the page's "copy this point
    as Python"; by default the model's name.
    """
    if not isinstance(model, Model):
        from arbiter.errors import ArgumentTypeError

        raise ArgumentTypeError(f"explorer(): model must be an arbiter Model; got {model!r}")
    names = list(model.parameters)
    tables = _Tables(names)
    params = [
        {
            "name": n,
            "html": _name_html(n),
            "default": _number(p.default),
            "exact": _exact_text(p.default),
            "low": _number(p.low),
            "high": _number(p.high),
            "description": p.description,
            "source": p.source,
        }
        for n, p in model.parameters.items()
    ]
    game = model.game
    data: dict[str, Any] = {
        "model": {
            "name": model.name,
            "description": model.description,
            "statusQuo": sorted(model.status_quo_labels),
            "statusQuoName": model.status_quo_name,
            "players": list(game.players),
            "source": source or model.name,
        },
        "params": params,
    }
    if isinstance(game, NormalFormGame):
        data["kind"] = "normal"
        data["actions"] = [list(a) for a in game.actions]
        data["candidates"] = _normal(model, tables)
        data["tree"] = None
    else:
        tree = _TreeIndex(game)
        data["tree"] = tree.json
        perfect = all(len(i.members) == 1 for i in game.infosets.values())
        if perfect:
            data["kind"] = "split"
            data["split"] = _split(model, tables, tree)
        else:
            data["kind"] = "pure"
            data["candidates"] = _pure_spe(model, tables, tree)
    data["credibility"] = _credibility(model, tables)
    data["atoms"] = tables.atoms
    data["conditions"] = tables.conditions
    data["polys"] = tables.polys
    return data


def _credibility(model: Model, tables: _Tables) -> list[dict[str, Any]]:
    structure = model.commitments
    if structure is None:
        return []
    out = []
    for name in structure.names:
        cred = credibility(model, name)
        out.append(
            {"name": name, "kind": structure.kind(name), "cond": tables.condition(cred.condition)}
        )
    return out
