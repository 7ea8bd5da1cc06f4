r"""Vectorised subgame perfection over many parameter points at once (private kernel).

Given a tree whose payoffs (and chance probabilities) are expressions in
parameters :math:`\theta`, and :math:`N` points :math:`\theta^1, \dots,
\theta^N`, :class:`BatchSolver` decides at every point whether the status quo
is the outcome of **every** pure subgame-perfect equilibrium, with numpy
arrays of length :math:`N` and no Python loop over the points.

**Sets of equilibrium continuations.** For a perfect-information tree let
:math:`S(x) \subseteq \text{rows}` be the set of payoff vectors that some
subgame-perfect equilibrium of the subtree at :math:`x` yields (a *row* is a
leaf, or a mixture of rows at a chance node). Backward induction over sets:

* at an outcome :math:`\ell`, :math:`S = \{\ell\}`;
* at a decision node of mover :math:`i` with children :math:`c_1, \dots, c_k`,
  a profile fixes one continuation :math:`\ell_m \in S(c_m)` in every child and
  the mover picks a best one, so :math:`\ell \in S(c_j)` is reachable exactly
  when the others' continuations can be chosen no better for :math:`i`:

  .. math:: S(x) = \bigcup_j \{\ell \in S(c_j) : u_i(\ell) \ge T\},\qquad
            T = \max_m \min_{\ell' \in S(c_m)} u_i(\ell');

* at a chance node, every combination of the children's continuations
  (averaged with the branch probabilities).

Each set is a fixed list of candidate rows with a boolean *valid* mask of shape
``(K, N)``, so each step is a handful of numpy operations. The status quo is
stable at a point when every valid candidate at the root reaches it with
probability 1. This covers every tie-breaking: on a tie, all tied actions stay
valid. Ties are decided with the tolerance ``tol`` times the largest absolute
payoff at the point (at least 1): near-ties count as ties, so a point within
that distance of a boundary is called stable only if it is stable on both
sides. For parameters drawn from continuous distributions ties have
probability 0.

**The status quo** is given as one outcome label, a ``frozenset`` of labels
(what the analysis functions pass: ``Model.status_quo_labels``), or a
predicate ``label -> bool``. Solvers are sent to process executors by
pickling these arguments: a label or a frozenset always pickles, a predicate
only when it is a module-level function (not a lambda or a closure).

When a chance node would combine more than :data:`MAX_COMBINATIONS`
candidates, it keeps one canonical candidate per child instead, and the
points where a child has several distinct valid candidates are solved one by
one with :func:`arbiter.solve.spe.subgame_perfect`; so are all points of trees
with imperfect information (every point, with a progress bar for the caller to
show). Payoffs linear in the parameters (the usual case) are evaluated as one
matrix product; others through :func:`sympy.lambdify`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import sympy

from arbiter.errors import InvalidArgumentError
from arbiter.games.tree import Chance, Decision, Outcome, SequentialGame
from arbiter.solve.certify import DEFAULT_TOLERANCE
from arbiter.solve.spe import subgame_perfect

__all__ = ["MAX_COMBINATIONS", "BatchResult", "BatchSolver", "batch_solver"]

#: A chance node with more candidate combinations than this falls back to point solves.
MAX_COMBINATIONS = 1024

#: A candidate reaches the status quo "surely" when its probability is at least 1 minus this.
PROB_TOL = 1e-9

#: The status quo as a BatchSolver takes it: a label, a frozenset of labels, or a predicate.
StatusQuo = str | frozenset[str] | Callable[[str], bool]


def status_quo_test(status_quo: StatusQuo) -> Callable[[str], bool]:
    """``label -> bool`` for a status quo given as a label, a set of labels or a predicate."""
    if isinstance(status_quo, str):
        return status_quo.__eq__
    if isinstance(status_quo, (frozenset, set)):
        return frozenset(status_quo).__contains__
    if callable(status_quo):
        return lambda label: bool(status_quo(label))
    raise InvalidArgumentError(
        f"the status quo must be a label, a frozenset of labels or a predicate; got {status_quo!r}"
    )


def status_quo_probability(outcome: Mapping[str, Any], is_sq: Callable[[str], bool]) -> float:
    """The probability of the status quo in ``{label: probability}``."""
    return sum((float(p) for label, p in outcome.items() if is_sq(label)), 0.0)


@dataclass(frozen=True)
class BatchResult:
    """Per point: ``stable`` (bool), and when asked the outcome ``classes`` (int) with ``texts``."""

    stable: np.ndarray
    classes: np.ndarray | None
    texts: tuple[str, ...]
    pointwise: int


@functools.lru_cache(maxsize=32)
def batch_solver(
    game: SequentialGame, status_quo: StatusQuo, tol: float = DEFAULT_TOLERANCE
) -> BatchSolver:
    """The compiled solver for ``game`` (cached per process, so workers compile once)."""
    return BatchSolver(game, status_quo, tol)


class BatchSolver:
    """Decide status-quo stability at many parameter points (see the module docstring)."""

    def __init__(self, game: SequentialGame, status_quo: StatusQuo, tol: float = DEFAULT_TOLERANCE):
        self.game = game
        self.status_quo = status_quo
        self.is_status_quo = status_quo_test(status_quo)
        self.tol = float(tol)
        self.symbols = tuple(game.parameters)
        self.names = tuple(s.name for s in self.symbols)
        self.vectorised = all(len(i.members) == 1 for i in game.infosets.values())
        if self.vectorised:
            self._plan()

    def __reduce__(self) -> tuple[Any, ...]:
        # Compiled functions do not pickle; workers rebuild (once per process, cached).
        return (batch_solver, (self.game, self.status_quo, self.tol))

    # ------------------------------------------------------------ structure
    def _plan(self) -> None:
        """Number the candidate rows and list the steps of backward induction (post-order).

        Rows ``0 .. L-1`` are the leaves (depth-first order); chance nodes add
        rows after them. Each step records the candidate rows of its node and,
        per child, the child's step number (``None`` for a leaf: always valid).
        """
        self._leaves: list[tuple[Any, ...]] = []
        self._texts: list[str] = []
        sq: list[float] = []
        for path, node in self.game.nodes():
            if isinstance(node, Outcome):
                label = node.label if node.label is not None else "/".join(path) or "root"
                self._leaves.append(node.payoffs)
                self._texts.append(label)
                sq.append(1.0 if self.is_status_quo(label) else 0.0)
        self._n_leaves = len(self._leaves)
        self._steps: list[tuple[Any, ...]] = []
        self._dynamic_sq = False
        self._next_leaf = 0
        self._root_rows, self._root_step = self._walk(self.game.root, ())
        self._n_rows = len(self._texts)
        self._sq_static = np.zeros(self._n_rows)
        self._sq_static[: self._n_leaves] = sq
        self._compile()

    def _walk(self, node: Any, path: tuple[str, ...]) -> tuple[np.ndarray, int | None]:
        """Add the steps for ``node``; return its candidate rows and its step (``None``: a leaf)."""
        if isinstance(node, Outcome):
            row = self._next_leaf
            self._next_leaf += 1
            return np.array([row], dtype=np.intp), None
        if isinstance(node, Decision):
            kids = [self._walk(child, (*path, a)) for a, child in node.moves]
            rows = np.concatenate([r for r, _ in kids])
            sizes = [len(r) for r, _ in kids]
            ends = np.cumsum(sizes)
            bounds = [(int(e - size), int(e)) for e, size in zip(ends, sizes)]
            mover = self.game.players.index(node.player)
            self._steps.append(("decision", mover, rows, bounds, [k for _, k in kids]))
            return rows, len(self._steps) - 1
        assert isinstance(node, Chance)
        kids = [self._walk(child, (*path, name)) for name, _, child in node.branches]
        names = [name for name, _, _ in node.branches]
        probs = [sympy.sympify(p) for _, p, _ in node.branches]
        if any(p.free_symbols for p in probs):
            self._dynamic_sq = True
        sizes = [len(r) for r, _ in kids]
        if int(np.prod(sizes)) <= MAX_COMBINATIONS:
            combos = []
            for combo in product(*(range(size) for size in sizes)):
                combos.append((len(self._texts), combo))
                self._texts.append(
                    "; ".join(
                        f"{b}: {self._texts[int(kid[0][c])]}"
                        for b, kid, c in zip(names, kids, combo)
                    )
                )
            rows = np.array([row for row, _ in combos], dtype=np.intp)
            self._steps.append(("chance", probs, kids, combos))
            return rows, len(self._steps) - 1
        row = len(self._texts)
        self._texts.append("chance at " + ("/".join(path) or "root"))
        self._dynamic_sq = True
        self._steps.append(("collapse", probs, kids, row))
        return np.array([row], dtype=np.intp), len(self._steps) - 1

    def _compile(self) -> None:
        syms = self.symbols
        exprs = [sympy.sympify(v) for pay in self._leaves for v in pay]
        self._linear: tuple[np.ndarray, np.ndarray] | None = None
        self._lambda: Any = None
        coeffs = np.zeros((len(exprs), len(syms)))
        const = np.zeros(len(exprs))
        linear = True
        for k, e in enumerate(exprs):
            if not e.free_symbols:
                const[k] = float(e)
                continue
            poly = sympy.Poly(sympy.expand(e), *syms)
            if poly.total_degree() > 1:
                linear = False
                break
            for monom, c in poly.as_dict().items():
                if sum(monom) == 0:
                    const[k] = float(c)
                else:
                    coeffs[k, monom.index(1)] = float(c)
        if linear:
            self._linear = (coeffs, const)
        else:
            self._lambda = sympy.lambdify(syms, exprs, "numpy")
        self._prob_fns: dict[int, list[Any]] = {}
        for k, step in enumerate(self._steps):
            if step[0] != "decision":
                self._prob_fns[k] = [
                    float(p) if not p.free_symbols else sympy.lambdify(syms, p, "numpy")
                    for p in step[1]
                ]

    # ------------------------------------------------------------ evaluation
    def _points(self, values: Mapping[str, Any]) -> tuple[np.ndarray, int]:
        missing = [n for n in self.names if n not in values]
        if missing:
            raise InvalidArgumentError(f"no values given for the parameters {missing}")
        given = {k: np.asarray(v, dtype=float) for k, v in values.items()}
        shape = np.broadcast_shapes(*(a.shape for a in given.values())) if given else ()
        n = int(np.prod(shape)) if shape else 1
        theta = np.empty((len(self.names), n))
        for k, name in enumerate(self.names):
            theta[k] = np.broadcast_to(given[name], shape).ravel()
        return theta, n

    def solve(self, values: Mapping[str, Any], *, classes: bool = False) -> BatchResult:
        """Stability (and optionally outcome classes) at the points ``values`` describe.

        ``values`` maps each parameter name of the game to an array (all
        broadcast together, then flattened) or a number; extra names only
        take part in the broadcast.
        """
        theta, n = self._points(values)
        if not self.vectorised:
            return self._pointwise(theta, np.arange(n), classes)
        n_players = self.game.n_players
        pay = np.empty((self._n_rows, n_players, n))
        leaf_block = pay[: self._n_leaves].reshape(self._n_leaves * n_players, n)
        if self._linear is not None:
            coeffs, const = self._linear
            np.matmul(coeffs, theta, out=leaf_block)
            leaf_block += const[:, None]
        else:
            for k, g in enumerate(self._lambda(*theta)):
                leaf_block[k] = np.broadcast_to(np.asarray(g, dtype=float), (n,))
        atol = np.abs(leaf_block).max(axis=0)
        np.maximum(atol, 1.0, out=atol)
        atol *= self.tol
        if self._dynamic_sq:
            sq = np.repeat(self._sq_static[:, None], n, axis=1)
        else:
            sq = self._sq_static[:, None]
        valids: list[np.ndarray | None] = []
        unresolved = np.zeros(n, dtype=bool)
        for k, step in enumerate(self._steps):
            if step[0] == "decision":
                valids.append(self._decide(step, pay, atol, valids))
            elif step[0] == "chance":
                valids.append(self._chance(k, step, pay, sq, theta, n, valids))
            else:
                valids.append(self._collapse(k, step, pay, sq, theta, n, atol, unresolved, valids))
        rows = self._root_rows
        valid = valids[self._root_step] if self._root_step is not None else None
        if valid is None:
            valid = np.ones((len(rows), n), dtype=bool)
        root_sq = np.broadcast_to(sq[rows], (len(rows), n))
        stable = ~(valid & (root_sq < 1 - PROB_TOL)).any(axis=0)
        cls = None
        texts: tuple[str, ...] = ()
        if classes:
            cls, texts = _classes(valid, [self._texts[r] for r in rows], n)
        count = 0
        if unresolved.any():
            idx = np.flatnonzero(unresolved)
            count = len(idx)
            fixed = self._pointwise(theta, idx, classes)
            stable[idx] = fixed.stable
            if classes:
                cls, texts = _merge_classes(cls, texts, idx, fixed.classes, fixed.texts)
        return BatchResult(stable, cls, texts, count)

    @staticmethod
    def _decide(
        step: tuple[Any, ...],
        pay: np.ndarray,
        atol: np.ndarray,
        valids: list[np.ndarray | None],
    ) -> np.ndarray:
        _, mover, rows, bounds, kids = step
        u = pay[rows, mover]  # (K, N)
        kid_valid = [None if kid is None else valids[kid] for kid in kids]
        if all(v is None for v in kid_valid):
            prior = None
            masked = u
        else:
            prior = np.concatenate(
                [
                    np.ones((e - s, u.shape[1]), dtype=bool) if v is None else v
                    for (s, e), v in zip(bounds, kid_valid)
                ]
            )
            masked = np.where(prior, u, np.inf)
        threshold = None
        for s, e in bounds:
            worst = masked[s] if e - s == 1 else masked[s:e].min(axis=0)
            threshold = (
                worst.copy() if threshold is None else np.maximum(threshold, worst, out=threshold)
            )
        assert threshold is not None
        threshold -= atol
        if prior is None:
            return u >= threshold
        prior &= u >= threshold
        return prior

    def _probabilities(self, k: int, theta: np.ndarray, n: int) -> list[Any]:
        return [
            p if isinstance(p, float) else np.broadcast_to(np.asarray(p(*theta), float), (n,))
            for p in self._prob_fns[k]
        ]

    def _chance(
        self,
        k: int,
        step: tuple[Any, ...],
        pay: np.ndarray,
        sq: np.ndarray,
        theta: np.ndarray,
        n: int,
        valids: list[np.ndarray | None],
    ) -> np.ndarray | None:
        _, _, kids, combos = step
        probs = self._probabilities(k, theta, n)
        kid_valid = [None if kid is None else valids[kid] for _, kid in kids]
        out = None if all(v is None for v in kid_valid) else np.ones((len(combos), n), bool)
        for j, (row, combo) in enumerate(combos):
            sources = [int(kid[0][c]) for kid, c in zip(kids, combo)]
            pay[row] = sum(p * pay[r] for p, r in zip(probs, sources))
            if self._dynamic_sq:
                sq[row] = sum(p * sq[r] for p, r in zip(probs, sources))
            else:
                sq[row] = sum(p * float(sq[r, 0]) for p, r in zip(probs, sources))
            if out is not None:
                for v, c in zip(kid_valid, combo):
                    if v is not None:
                        out[j] &= v[c]
        return out

    def _collapse(
        self,
        k: int,
        step: tuple[Any, ...],
        pay: np.ndarray,
        sq: np.ndarray,
        theta: np.ndarray,
        n: int,
        atol: np.ndarray,
        unresolved: np.ndarray,
        valids: list[np.ndarray | None],
    ) -> None:
        """Too many combinations: one canonical candidate per child; ambiguous points flagged."""
        _, _, kids, row = step
        probs = self._probabilities(k, theta, n)
        cols = np.arange(n)
        pay[row] = 0.0
        sq[row] = 0.0
        for p, (kid_rows, kid) in zip(probs, kids):
            v = None if kid is None else valids[kid]
            stacked = pay[kid_rows]  # (K, P, N)
            sqs = sq[kid_rows]
            if v is None:
                v = np.ones((len(kid_rows), n), dtype=bool)
            first = v.argmax(axis=0)
            canon = stacked[first, :, cols].T  # (P, N)
            canon_sq = sqs[first, cols]
            differs = (np.abs(stacked - canon[None]) > atol).any(axis=1)
            differs |= np.abs(sqs - canon_sq) > PROB_TOL
            unresolved |= (v & differs).any(axis=0)
            pay[row] += p * canon
            sq[row] += p * canon_sq
        return None

    # ------------------------------------------------------------ one point at a time
    def _pointwise(self, theta: np.ndarray, idx: np.ndarray, classes: bool) -> BatchResult:
        stable = np.zeros(len(idx), dtype=bool)
        texts: dict[str, int] = {}
        cls = np.zeros(len(idx), dtype=np.intp)
        for j, i in enumerate(idx):
            point = {s: float(theta[k, i]) for k, s in enumerate(self.symbols)}
            ok, text = stable_at(self.game, self.status_quo, point, self.tol)
            stable[j] = ok
            cls[j] = texts.setdefault(text, len(texts))
        return BatchResult(stable, cls if classes else None, tuple(texts), len(idx))


def stable_at(
    game: SequentialGame, status_quo: StatusQuo, point: Mapping[Any, float], tol: float
) -> tuple[bool, str]:
    """Numeric subgame perfection at one point: (every SPE reaches the status quo, outcome text)."""
    tree = game.subs(point) if point else game
    # The distinct outcome distributions, from the set's structure: a point where ties
    # multiply into billions of equilibria costs one backward induction, not a listing.
    outcomes = subgame_perfect(tree, tol=tol).outcomes
    is_sq = status_quo_test(status_quo)
    ok = all(status_quo_probability(o, is_sq) >= 1 - PROB_TOL for o in outcomes)
    seen = []
    for o in outcomes:
        text = ", ".join(
            label if float(p) >= 1 - PROB_TOL else f"{label} ({float(p):.3g})"
            for label, p in o.items()
            if float(p) > PROB_TOL
        )
        if text not in seen:
            seen.append(text)
    return ok, " | ".join(sorted(seen))


def _classes(valid: np.ndarray, texts: Sequence[str], n: int) -> tuple[np.ndarray, tuple[str, ...]]:
    """Group points by the set of outcome texts their valid root candidates reach."""
    distinct = list(dict.fromkeys(texts))
    where = np.zeros((len(distinct), n), dtype=bool)
    for k, t in enumerate(texts):
        where[distinct.index(t)] |= valid[k]
    if len(distinct) <= 62:
        code = (where.astype(np.int64) << np.arange(len(distinct), dtype=np.int64)[:, None]).sum(0)
        uniq, inverse = np.unique(code, return_inverse=True)
        sets = [[distinct[b] for b in range(len(distinct)) if (int(u) >> b) & 1] for u in uniq]
    else:
        uniq_rows, inverse = np.unique(where.T, axis=0, return_inverse=True)
        sets = [[distinct[b] for b in np.flatnonzero(row)] for row in uniq_rows]
    return inverse.reshape(-1).astype(np.intp), tuple(" | ".join(sorted(s)) for s in sets)


def _merge_classes(
    cls: np.ndarray | None,
    texts: tuple[str, ...],
    idx: np.ndarray,
    fixed: np.ndarray | None,
    fixed_texts: tuple[str, ...],
) -> tuple[np.ndarray | None, tuple[str, ...]]:
    if cls is None or fixed is None:
        return cls, texts
    out = list(texts)
    lookup = {t: k for k, t in enumerate(out)}
    for t in fixed_texts:
        if t not in lookup:
            lookup[t] = len(out)
            out.append(t)
    remap = np.array([lookup[t] for t in fixed_texts], dtype=np.intp)
    cls = cls.copy()
    cls[idx] = remap[fixed]
    return cls, tuple(out)
