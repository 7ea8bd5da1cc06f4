r"""Compact sets of subgame-perfect equilibria: backward induction that keeps ties as products.

Backward induction over the subgame roots of a flat tree (leaves first,
no recursion) builds, for every subgame root :math:`i`, the set of its
subgame-perfect equilibria grouped into **classes**: one class per distinct
payoff vector. Only the payoff vector of a subgame matters to the moves above
it, so a class is all its parent needs to know; ties between actions that
give the *same* payoff vector cost nothing, ties between actions that give
different vectors (different payoffs to other players) give different
classes, and the parent then optimises per class.

A class is a union of disjoint **alternatives**. An alternative fixes the
choice at :math:`i` (an action, nothing at a chance node, or a behaviour
profile of an imperfect-information local game) and, for every subgame just
below :math:`i` (its *kids*), a set of allowed classes; its members are the
product of the kids' members in the allowed classes. At a perfect-information
move of player :math:`m`, action :math:`j` with child class :math:`c_j` is
optimal exactly when every other child :math:`l` is in a class :math:`k` with
:math:`v_k[m] \le v_{c_j}[m]` (within the tolerance for floats): the
constraints are independent per child, so the alternative is a product, not a
list of combinations. Chance nodes and imperfect-information local games
depend on the whole combination of their kids' classes; these combinations
are enumerated (at most :data:`MAX_COMBINATIONS` per node), grouped by value.

Counts, the outcome distributions reached (with how many equilibria reach
each) and a certificate for the whole set (the largest local gain of any
alternative: by the one-shot deviation principle it bounds every member's
regret) come from the classes without listing members. Member ``k`` is built
by unranking ``k`` in the mixed radix of the alternatives (kid 0 most
significant) and certified on its own, like every equilibrium arbiter returns.

The tree of 14 all-zero parameters of the S1 border deal has about
:math:`4.5\cdot 10^{15}` subgame-perfect equilibria; its compact set has a
few hundred classes and is built in milliseconds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from itertools import product
from math import prod
from typing import Any

import sympy

from arbiter.errors import ArbiterError, NotSupportedError
from arbiter.games.numbers import is_zero
from arbiter.games.tree import Node, SequentialGame, chance, decision, outcome
from arbiter.solve._backward import CHANCE, DECISION, OUTCOME, FlatTree
from arbiter.solve.behaviour import Evaluation, behaviour_from_mixed
from arbiter.solve.result import Equilibrium, FrozenMap, LazyEquilibria, Play

__all__ = ["MAX_COMBINATIONS", "Backward", "CompactSPE", "atol_of", "path_text"]

#: At a chance node or an imperfect-information local game, at most this many
#: combinations of the classes of the subgames below are examined.
MAX_COMBINATIONS = 100_000

#: Members built on request are kept (for repeated indexing) up to this many.
_CACHE = 4096

#: An alternative: (choice at the node, allowed class indices per kid, per-kid
#: member counts over the allowed classes, number of members).
_Alt = tuple[Any, tuple[tuple[int, ...], ...], tuple[int, ...], int]
#: A class: (payoff vector, alternatives, member count, cumulative counts).
_Class = tuple[tuple[Any, ...], tuple[_Alt, ...], int, tuple[int, ...]]


def path_text(flat: FlatTree, i: int) -> str:
    return "/".join(flat.path(i)) or "root"


def atol_of(flat: FlatTree, tol: float, *, floats: bool | None = None) -> float | None:
    """The absolute tolerance: ``tol`` times the largest absolute payoff (at least 1).

    ``None`` (exact comparisons) for exact trees, unless ``floats`` says the
    computation is in floats anyway.
    """
    if not (flat.tree.kind == "float" if floats is None else floats):
        return None
    scale = max((abs(v) for pay in flat.payoff if pay is not None for v in pay), default=1.0)
    return tol * max(1.0, float(scale))


class Backward:
    """Compact backward induction over the subgame roots of a flat tree.

    A node whose subgame has exactly one equilibrium (every outcome, and
    every subgame root of a tree without ties) keeps it in ``value[i]`` and
    ``choice[i]`` (*fast* nodes); the others keep their classes in
    ``many[i]`` and have ``value[i] = None``; ``kids[i]`` lists the subgames
    (and outcomes) just below them.
    """

    def __init__(
        self, flat: FlatTree, roots: list[bool], *, atol: float | None, tol: float
    ) -> None:
        self.flat, self.roots = flat, roots
        self.atol, self.tol = atol, tol
        self.zero: Any = Fraction(0) if atol is None else 0.0
        self.one: Any = Fraction(1) if atol is None else 1.0
        self.value: list[Any] = list(flat.payoff)
        self.choice: list[Any] = [None] * len(flat)
        self.many: dict[int, tuple[_Class, ...]] = {}
        self.kids: dict[int, tuple[int, ...]] = {}
        self.simple: list[bool] = [False] * len(flat)
        self.below: dict[int, list[int]] = {}  # local game root -> subgame roots just below
        self.gain: Any = self.zero  # the largest local gain of any alternative
        self.ties: list[int] = []
        self.degenerate = False
        self.complete = True
        self.rejected: list[Any] = []
        self.warnings: list[str] = []

    # -------------------------------------------------------------- driving
    def run(self) -> None:
        """Solve every subgame, leaves first."""
        flat, roots, value, choice = self.flat, self.roots, self.value, self.choice
        kind, first, n_children, player = flat.kind, flat.first, flat.n_children, flat.player
        simple_everywhere = flat.perfect_information
        atol = self.atol
        for i in range(len(flat) - 1, -1, -1):
            k = kind[i]
            if k == OUTCOME or not roots[i]:
                continue
            if not (simple_everywhere or self._is_simple(i)):
                self._local_game(i)
                continue
            self.simple[i] = True
            if k == CHANCE:
                self._expect(i)
                continue
            # A perfect-information move; the common case (one equilibrium below
            # every child, no tie) inline.
            f = first[i]
            vals = value[f : f + n_children[i]]
            if None not in vals:
                m = player[i]
                own = [v[m] for v in vals]
                best = max(own)
                j = own.index(best)
                if atol is None:
                    single = own.count(best) == 1
                else:
                    cut = best - atol
                    single = sum(1 for x in own if x >= cut) == 1
                if single:
                    value[i] = vals[j]
                    choice[i] = j
                    continue
            self._decide(i)

    def _is_simple(self, i: int) -> bool:
        flat, roots = self.flat, self.roots
        if flat.kind[i] == DECISION and len(flat.members[flat.infoset[i]]) > 1:  # type: ignore[index]
            return False
        return all(flat.kind[c] == OUTCOME or roots[c] for c in flat.children(i))

    # ------------------------------------------------------------ classes
    def classes(self, i: int) -> list[tuple[tuple[Any, ...], int]]:
        """``(payoff vector, member count)`` of each class of the subgame at ``i``."""
        if self.value[i] is not None:
            return [(self.value[i], 1)]
        return [(c[0], c[2]) for c in self.many[i]]

    def count(self, i: int, k: int) -> int:
        return 1 if self.value[i] is not None else self.many[i][k][2]

    def _combinations(self, nodes: Sequence[int], at: int) -> list[list[tuple[Any, int]]]:
        options = [self.classes(c) for c in nodes]
        n = prod(len(o) for o in options)
        if n > MAX_COMBINATIONS:
            raise NotSupportedError(
                f"subgame_perfect(): {n} combinations of the distinct equilibrium payoffs of "
                f"the subgames below {path_text(self.flat, at)} (a chance node or an "
                f"imperfect-information subgame), more than {MAX_COMBINATIONS}; break ties "
                "in the payoffs below it"
            )
        return options

    def _store(
        self,
        i: int,
        kids: Sequence[int],
        groups: dict[tuple[Any, ...], list[tuple[Any, tuple[tuple[int, ...], ...]]]],
    ) -> None:
        """Keep the classes of node ``i`` (``groups``: value -> (choice, allowed) list)."""
        fast = all(self.value[c] is not None for c in kids)
        if fast and len(groups) == 1:
            ((v, alts),) = groups.items()
            if len(alts) == 1:
                self.value[i], self.choice[i] = v, alts[0][0]
                return
        self.value[i] = None
        self.kids[i] = tuple(kids)
        out = []
        for v, alts in groups.items():
            built = []
            total = 0
            cum = []
            for choice, allowed in alts:
                weights = tuple(sum(self.count(c, k) for k in ks) for c, ks in zip(kids, allowed))
                n = prod(weights)
                built.append((choice, allowed, weights, n))
                total += n
                cum.append(total)
            out.append((v, tuple(built), total, tuple(cum)))
        self.many[i] = tuple(out)

    # -------------------------------------------------- perfect information
    def _decide(self, i: int) -> None:
        flat, atol = self.flat, self.atol
        m = flat.player[i]
        kids = flat.children(i)
        options = [self.classes(c) for c in kids]
        groups: dict[tuple[Any, ...], list[tuple[Any, tuple[tuple[int, ...], ...]]]] = {}
        tie = False
        gain = self.gain
        for j, oj in enumerate(options):
            for cj, (vj, _) in enumerate(oj):
                t = vj[m]
                cut = t if atol is None else t + atol
                allowed: list[tuple[int, ...]] = []
                top = t
                tied = False
                for other, ol in enumerate(options):
                    if other == j:
                        allowed.append((cj,))
                        continue
                    ks = tuple(k for k, (vk, _) in enumerate(ol) if vk[m] <= cut)
                    if not ks:
                        break
                    allowed.append(ks)
                    best = max(ol[k][0][m] for k in ks)
                    top = max(top, best)
                    tied |= best == t if atol is None else best >= t - atol
                else:  # action j is optimal when child j is in class cj
                    groups.setdefault(vj, []).append((j, tuple(allowed)))
                    tie |= tied
                    if top - t > gain:
                        gain = top - t
        self.gain = gain
        if tie:
            self.ties.append(i)
        self._store(i, kids, groups)

    def _expect(self, i: int) -> None:
        flat = self.flat
        probs = flat.probs[i]
        kids = flat.children(i)
        options = self._combinations(kids, i)
        zero = self.zero
        groups: dict[tuple[Any, ...], list[tuple[Any, tuple[tuple[int, ...], ...]]]] = {}
        for combo in product(*(range(len(o)) for o in options)):
            picks = [o[k][0] for o, k in zip(options, combo)]
            value = tuple(
                sum((p * v[k] for p, v in zip(probs, picks)), start=zero)
                for k in range(len(picks[0]))
            )
            groups.setdefault(value, []).append((None, tuple((k,) for k in combo)))
        self._store(i, kids, groups)

    # ------------------------------------------------ imperfect information
    def _local_game(self, r: int) -> None:
        flat, roots = self.flat, self.roots
        internal: list[int] = []
        below: list[int] = []
        stack = [r]
        while stack:
            x = stack.pop()
            internal.append(x)
            for c in reversed(flat.children(x)):
                if flat.kind[c] == OUTCOME:
                    continue
                (below if roots[c] else stack).append(c)
        below.sort()
        self.below[r] = below
        inside = set(internal)
        movers = sorted({flat.player[x] for x in internal if flat.kind[x] == DECISION})
        options = self._combinations(below, r)
        groups: dict[tuple[Any, ...], list[tuple[Any, tuple[tuple[int, ...], ...]]]] = {}
        for combo in product(*(range(len(o)) for o in options)):
            values = {d: o[k][0] for d, o, k in zip(below, options, combo)}
            for value, local in self._solve_local(r, inside, values, movers):
                groups.setdefault(value, []).append((local, tuple((k,) for k in combo)))
        self._store(r, below, groups)

    def _solve_local(
        self, r: int, inside: set[int], values: Mapping[int, tuple[Any, ...]], movers: list[int]
    ) -> list[tuple[tuple[Any, ...], dict[str, tuple[Any, ...]]]]:
        """All equilibria of the local game at ``r`` given the values of the subgames below."""
        from arbiter.solve.behaviour import behaviour_regret
        from arbiter.solve.nash import nash_equilibria

        flat = self.flat
        names = flat.tree.players
        full: dict[tuple[str, ...], tuple[Any, ...]] = {}

        def build(x: int, path: tuple[str, ...]) -> Node:
            if x not in inside:
                vector = flat.payoff[x] if flat.kind[x] == OUTCOME else values[x]
                full[path] = vector  # type: ignore[assignment]
                return outcome(tuple(vector[p] for p in movers))  # type: ignore[index]
            steps = zip(flat.labels[x], flat.children(x))
            if flat.kind[x] == CHANCE:
                return chance(
                    {a: (q, build(c, (*path, a))) for (a, c), q in zip(steps, flat.probs[x])}
                )
            return decision(
                names[flat.player[x]],
                {a: build(c, (*path, a)) for a, c in steps},
                infoset=flat.infoset[x],
            )

        local = SequentialGame(build(r, ()), players=[names[p] for p in movers])
        game = local.to_normal_form()
        result = nash_equilibria(game, tol=self.tol)
        self.degenerate |= result.degenerate
        self.complete &= result.complete
        where = path_text(flat, r)
        for w in result.warnings:
            note = f"imperfect-information subgame at {where}: {w}"
            if note not in self.warnings:
                self.warnings.append(note)
        out = []
        seen: set[Any] = set()
        for eq in result:
            beh = behaviour_from_mixed(local, eq.strategies)
            probs = {
                h: tuple(d[a] for a in flat.labels[flat.members[h][0]])
                for plan in beh
                for h, d in plan.items()
            }
            key = tuple(probs.items())
            if key in seen:  # realization-equivalent mixtures give one behaviour profile
                continue
            seen.add(key)
            if self.atol is None and _algebraic(probs):
                # Algebraic probabilities (roots of the support systems): the behaviour
                # certificate would be computed in floats. The local game has no proper
                # subgame, so it is subgame perfect iff it is a Nash equilibrium of the
                # local strategic form (Kuhn: the behaviour is realization-equivalent),
                # which nash_equilibria certified exactly in the numbers' own field.
                regret = eq.regret
            else:
                regret = behaviour_regret(local, beh)  # the local certificate, recomputed
            if regret > (0 if self.atol is None else self.atol):
                self.rejected.append(regret)
                continue
            if regret > self.gain:
                self.gain = regret
            dist = local.outcome_distribution(beh)
            value = tuple(
                sum((q * full[path][k] for path, q in dist.items()), start=self.zero)
                for k in range(len(names))
            )
            out.append((value, probs))
        return out

    # ------------------------------------------------------------ members
    def root_classes(self) -> tuple[tuple[tuple[Any, ...], int], ...]:
        return tuple(self.classes(0))

    def _pure(self, i: int, j: int) -> tuple[Any, ...]:
        return tuple(self.one if a == j else self.zero for a in range(self.flat.n_children[i]))

    def _fill_fast(self, i: int, assign: dict[str, tuple[Any, ...]]) -> None:
        """The behaviour at every information set of the subgame at fast node ``i``."""
        flat, roots, simple, choice = self.flat, self.roots, self.simple, self.choice
        kind = flat.kind
        stack = [i]
        while stack:
            x = stack.pop()
            if kind[x] == OUTCOME:
                continue
            if roots[x]:
                if not simple[x]:
                    assign.update(choice[x])
                elif kind[x] == DECISION:
                    assign[flat.infoset[x]] = self._pure(x, choice[x])  # type: ignore[index]
            stack.extend(flat.children(x))

    def assignment(self, index: int) -> tuple[dict[str, tuple[Any, ...]], tuple[Any, ...]]:
        """Member ``index``: its behaviour at every information set, and its payoff vector."""
        if self.value[0] is not None:
            assign: dict[str, tuple[Any, ...]] = {}
            self._fill_fast(0, assign)
            return assign, self.value[0]
        root = self.many[0]
        c = 0
        while index >= root[c][2]:
            index -= root[c][2]
            c += 1
        value = root[c][0]
        assign = {}
        flat, kind = self.flat, self.flat.kind
        stack: list[tuple[int, int, int]] = [(0, c, index)]
        while stack:
            i, c, idx = stack.pop()
            if self.value[i] is not None:
                self._fill_fast(i, assign)
                continue
            _, alts, _, cum = self.many[i][c]
            a = bisect_right(cum, idx)
            if a:
                idx -= cum[a - 1]
            choice, allowed, weights, _ = alts[a]
            if isinstance(choice, dict):
                assign.update(choice)
            elif choice is not None:
                assign[flat.infoset[i]] = self._pure(i, choice)  # type: ignore[index]
            digits = []
            for w in reversed(weights):
                digits.append(idx % w)
                idx //= w
            digits.reverse()
            for kid, ks, r in zip(self.kids[i], allowed, digits):
                if kind[kid] == OUTCOME:
                    continue
                for k in ks:
                    n = self.count(kid, k)
                    if r < n:
                        stack.append((kid, k, r))
                        break
                    r -= n
        return assign, value

    # ------------------------------------------------------------ outcomes
    def outcome_counts(self) -> dict[tuple[tuple[int, Any], ...], int]:
        """``{distribution over leaf nodes: member count}`` over all members."""
        memo: dict[tuple[int, int], dict[tuple[tuple[int, Any], ...], int]] = {}
        fast: dict[int, dict[int, Any]] = {}
        total: dict[tuple[tuple[int, Any], ...], int] = {}
        for k in range(len(self.classes(0))):
            for d, n in self._dists(0, k, memo, fast).items():
                total[d] = total.get(d, 0) + n
        return total

    def _exits(self, i: int, choice: Any) -> dict[int, Any]:
        """Probability of leaving the move (or local game) at ``i`` to each kid."""
        flat = self.flat
        if flat.kind[i] == CHANCE:
            return {c: q for c, q in zip(flat.children(i), flat.probs[i]) if q != 0}
        if not isinstance(choice, dict):
            return {flat.first[i] + choice: self.one}
        out: dict[int, Any] = {}
        stack = [(i, self.one)]
        while stack:
            x, q = stack.pop()
            if x != i and (flat.kind[x] == OUTCOME or self.roots[x]):
                out[x] = out.get(x, self.zero) + q
                continue
            weights = flat.probs[x] if flat.kind[x] == CHANCE else choice[flat.infoset[x]]
            stack.extend((c, q * w) for c, w in zip(flat.children(x), weights) if w != 0)
        return out

    def _fast_dist(self, i: int, fast: dict[int, dict[int, Any]]) -> dict[int, Any]:
        if i in fast:
            return fast[i]
        if self.flat.kind[i] == OUTCOME:
            out = {i: self.one}
        else:
            out = {}
            for c, q in self._exits(i, self.choice[i]).items():
                for leaf, p in self._fast_dist(c, fast).items():
                    out[leaf] = out.get(leaf, self.zero) + q * p
        fast[i] = out
        return out

    def _dists(
        self,
        i: int,
        k: int,
        memo: dict[tuple[int, int], dict[tuple[tuple[int, Any], ...], int]],
        fast: dict[int, dict[int, Any]],
    ) -> dict[tuple[tuple[int, Any], ...], int]:
        if (i, k) in memo:
            return memo[(i, k)]
        if self.value[i] is not None:
            out = {tuple(sorted(self._fast_dist(i, fast).items())): 1}
            memo[(i, k)] = out
            return out
        out = {}
        kids = self.kids[i]
        for choice, allowed, weights, _ in self.many[i][k][1]:
            exits = self._exits(i, choice)
            # kids never reached only multiply the count; outcomes of a local game
            # that are not kids are reached directly
            direct = tuple(sorted((c, q) for c, q in exits.items() if c not in kids))
            acc: dict[tuple[tuple[int, Any], ...], int] = {
                direct: prod(w for c, w in zip(kids, weights) if c not in exits)
            }
            for c, ks in zip(kids, allowed):
                if c not in exits:
                    continue
                q = exits[c]
                options: dict[tuple[tuple[int, Any], ...], int] = {}
                for kk in ks:
                    for d, n in self._dists(c, kk, memo, fast).items():
                        options[d] = options.get(d, 0) + n
                if len(acc) * len(options) > MAX_COMBINATIONS:
                    raise NotSupportedError(
                        f"more than {MAX_COMBINATIONS} combinations of outcome distributions "
                        f"below {path_text(self.flat, i)}"
                    )
                nxt: dict[tuple[tuple[int, Any], ...], int] = {}
                for d0, n0 in acc.items():
                    for d1, n1 in options.items():
                        merged = dict(d0)
                        for leaf, p in d1:
                            merged[leaf] = merged.get(leaf, self.zero) + q * p
                        key = tuple(sorted(merged.items()))
                        nxt[key] = nxt.get(key, 0) + n0 * n1
                acc = nxt
            for d, n in acc.items():
                out[d] = out.get(d, 0) + n
        memo[(i, k)] = out
        return out


def frozen_profile(
    flat: FlatTree, assign: Mapping[str, tuple[Any, ...]], order: list[list[str]]
) -> tuple[tuple[FrozenMap, ...], dict[str, FrozenMap]]:
    """The behaviour profile, frozen; and all its information sets in one plain dict."""
    cache: dict[tuple[tuple[str, ...], tuple[Any, ...]], FrozenMap] = {}
    merged: dict[str, FrozenMap] = {}
    out = []
    for names in order:
        plan = {}
        for h in names:
            labels = flat.labels[flat.members[h][0]]
            probs = assign[h]
            key = (labels, probs)
            dist = cache.get(key)
            if dist is None:
                dist = cache[key] = FrozenMap(zip(labels, probs))
            plan[h] = dist
        merged.update(plan)
        out.append(FrozenMap(plan))
    return tuple(out), merged


def _mix_text(labels: Sequence[str], probs: Sequence[Any]) -> str:
    played = [(a, p) for a, p in zip(labels, probs) if p != 0]
    if len(played) == 1:
        return played[0][0]
    return "{" + ", ".join(f"{a}: {p}" for a, p in played) + "}"


def play_of(flat: FlatTree, assign: Mapping[str, tuple[Any, ...]], one: Any) -> Play:
    """The path of play and, per player, the off-path choices one deviation of another reaches."""
    names = flat.tree.players
    kind, player, infoset, labels = flat.kind, flat.player, flat.infoset, flat.labels
    path: list[tuple[str, str]] = []
    on: list[tuple[int, int]] = []  # (node on the path, its chosen child)
    split = None
    i = 0
    while kind[i] != OUTCOME:
        if kind[i] == CHANCE:
            split = ("chance", FrozenMap(zip(labels[i], flat.probs[i])))
            break
        probs = assign[infoset[i]]  # type: ignore[index]
        if one not in probs:
            split = (names[player[i]], FrozenMap(zip(labels[i], probs)))
            break
        j = probs.index(one)
        path.append((names[player[i]], labels[i][j]))
        on.append((i, flat.first[i] + j))
        i = flat.first[i] + j
    plans: list[dict[str, str]] = [{} for _ in names]
    on_infosets = {infoset[x] for x, _ in on}
    for x, taken in on:
        deviator = player[x]
        stack = [c for c in reversed(flat.children(x)) if c != taken]  # tree order
        while stack:
            y = stack.pop()
            if kind[y] == OUTCOME:
                continue
            kids = list(flat.children(y))
            if kind[y] == CHANCE:
                stack.extend(reversed(kids))
                continue
            h: str = infoset[y]  # type: ignore[assignment]
            probs = assign[h]
            p = player[y]
            if p != deviator and h not in on_infosets and h not in plans[p]:
                plans[p][h] = _mix_text(labels[y], probs)
            stack.extend(reversed([c for c, q in zip(kids, probs) if q != 0]))
    return Play(
        path=tuple(path),
        split=split,
        plans=tuple(tuple(plan.items()) for plan in plans),
    )


class CompactSPE(LazyEquilibria):
    """The subgame-perfect equilibria of a tree as classes of products (see the module docstring).

    Built by :func:`arbiter.solve.spe.subgame_perfect`; members are built and
    certified on request.
    """

    def __init__(self, solver: Backward, limit: int | None) -> None:
        self._solver = solver
        self.limit = limit
        flat = solver.flat
        tree = flat.tree
        self._players = tree.players
        order: list[list[str]] = [[] for _ in tree.players]
        for h, info in tree.infosets.items():
            order[tree.players.index(info.player)].append(h)
        self._order = order
        self._actions = tuple(tuple(names) for names in order)
        self._n = sum(n for _, n in solver.root_classes())
        self._cache: dict[int, Equilibrium] = {}
        self._outcomes: FrozenMap | None = None
        self._key = (tree, self._signature())

    def _signature(self) -> tuple[Any, ...]:
        s = self._solver

        def freeze(choice: Any) -> Any:
            return tuple(sorted(choice.items())) if isinstance(choice, dict) else choice

        many = tuple(
            (i, tuple((c[0], tuple((freeze(a[0]), a[1]) for a in c[1])) for c in cl))
            for i, cl in sorted(s.many.items())
        )
        fast = tuple((i, freeze(c)) for i, c in enumerate(s.choice) if c is not None)
        return (many, fast)

    # ------------------------------------------------------------ sequence
    @property
    def n_equilibria(self) -> int:
        return self._n

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self[k] for k in range(*index.indices(self._n)))
        if isinstance(index, bool) or not hasattr(index, "__index__"):
            raise TypeError(f"equilibrium indices must be integers or slices; got {index!r}")
        k = index.__index__()
        if k < 0:
            k += self._n
        if not 0 <= k < self._n:
            raise IndexError(f"equilibrium index {index} out of range for {self._n} equilibria")
        eq = self._cache.get(k)
        if eq is None:
            eq = self._build(k)
            if len(self._cache) < _CACHE:
                self._cache[k] = eq
        return eq

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CompactSPE):
            return self._key == other._key
        if isinstance(other, Sequence) and self._n <= 10_000:
            return len(other) == self._n and all(a == b for a, b in zip(self.iterate(), other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return f"<CompactSPE: {self._n} subgame-perfect equilibria>"

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cache"] = {}
        return state

    # ------------------------------------------------------------ members
    def _build(self, k: int) -> Equilibrium:
        s = self._solver
        flat = s.flat
        tree = flat.tree
        assign, value = s.assignment(k)
        profile, merged = frozen_profile(flat, assign, self._order)
        if s.atol is None and _algebraic(assign):
            regret, payoffs, ok = self._algebraic_check(assign, value)
        else:
            ev = Evaluation(flat, s.roots, assign, exact=s.atol is None)
            regret = ev.certificate()
            payoffs = tuple(ev.values[0])
            if s.atol is None:
                ok = is_zero(regret) and all(is_zero(a - b) for a, b in zip(payoffs, value))
            else:
                ok = regret <= s.atol and all(abs(a - b) <= s.atol for a, b in zip(payoffs, value))
        if not ok:  # cannot happen: the structure was certified when built
            raise ArbiterError(
                f"internal error: subgame-perfect equilibrium {k} of the compact set fails its "
                f"certificate (regret {regret}, payoffs {payoffs} against {value}); please "
                "report this with the tree"
            )
        reached = tree.outcome_distribution([merged])
        return Equilibrium(
            strategies=profile,
            payoffs=payoffs,
            regret=regret,
            players=self._players,
            actions=self._actions,
            outcome=FrozenMap(tree.outcome_labels(reached)),
            play=play_of(flat, assign, s.one),
        )

    def _algebraic_check(
        self, assign: Any, value: tuple[Any, ...]
    ) -> tuple[Fraction, tuple[Any, ...], bool]:
        """``(regret, payoffs, consistent)`` of a member with irrational algebraic probabilities.

        Its exact certificate is the structure's: every local game with imperfect
        information was certified exactly in its equilibrium's number field (regret 0,
        see ``_solve_local``), and every perfect-information choice is a best one among
        the exact continuation values, so by the one-shot deviation principle the
        profile is subgame perfect and its regret is exactly 0. Recomputing that here
        in sympy would mean simplifying nested roots of high degree (minutes), so the
        whole-tree evaluation is repeated in floats as a consistency check only.
        """
        s = self._solver
        floats = {h: tuple(float(v) for v in row) for h, row in assign.items()}
        ev = Evaluation(s.flat, s.roots, floats, exact=False)
        scale = max(1.0, *(abs(float(v)) for row in s.flat.payoff if row for v in row))
        close = all(abs(a - float(b)) <= 1e-9 * scale for a, b in zip(ev.values[0], value))
        return Fraction(0), tuple(value), ev.certificate() <= 1e-9 * scale and close

    def iterate(self) -> Iterator[Equilibrium]:
        for k in range(self._n):
            yield self[k]

    # ------------------------------------------------------------ structure
    @property
    def max_regret(self) -> Any:
        """The largest local gain of any alternative: bounds every member's regret."""
        return self._solver.gain

    @property
    def payoff_profiles(self) -> tuple[tuple[Any, ...], ...]:
        """The payoff vector of each class of the whole tree (every member has one of them)."""
        return tuple(v for v, _ in self._solver.root_classes())

    @property
    def outcome_counts(self) -> FrozenMap:
        if self._outcomes is None:
            s = self._solver
            flat = s.flat
            labels: dict[int, str] = {}
            counts: dict[FrozenMap, int] = {}
            for dist, n in s.outcome_counts().items():
                out: dict[str, Any] = {}
                for leaf, p in dist:
                    if p == 0:
                        continue
                    if leaf not in labels:
                        labels[leaf] = flat.tree.label_of(flat.path(leaf))
                    label = labels[leaf]
                    out[label] = out[label] + p if label in out else p
                key = FrozenMap(out)
                counts[key] = counts.get(key, 0) + n
            self._outcomes = FrozenMap(counts)
        return self._outcomes


def _algebraic(assign: Any) -> bool:
    """Whether some probability is an irrational algebraic number (a sympy expression)."""
    return any(
        isinstance(v, sympy.Basic) and not isinstance(v, sympy.Rational)
        for row in assign.values()
        for v in row
    )
