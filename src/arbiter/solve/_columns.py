r"""Backward induction over a tree's arrays, level by level, and its compact result.

For a perfect-information tree held as :class:`~arbiter.games.arrays.TreeArrays`
(every node a subgame root), :func:`backward_arrays` computes the
subgame-perfect values and choices with numpy, one level at a time from the
deepest: the children of the nodes of depth :math:`d` are one slice of the
level-ordered arrays, grouped by parent, so the mover's best continuation is a
segmented maximum (``np.maximum.reduceat``, or a reshape when every node of
the level has the same number of actions) and a chance node's value a
segmented weighted sum. The work is :math:`O(n)` numpy operations plus
:math:`O(\text{depth})` Python steps; float trees use float64 arrays, exact
trees object arrays of Fractions (exact throughout).

An action is *tied* when it gives the mover at least the best continuation
minus the tolerance (exactly the best, for exact trees), as in
:class:`~arbiter.solve._compact.Backward`. Without ties there is exactly one
subgame-perfect equilibrium in pure behaviour, which :class:`ArraySPE` holds as
arrays; with ties the caller falls back to the compact classes of
:mod:`arbiter.solve._compact`, which keep all of them.

**The certificate** (:func:`profile_regret`) does not reuse the maximisation:
it evaluates the chosen profile from the leaves up using only the choices
(``value[i] = value[chosen child]``, expectations at chance nodes), then takes
at every decision node the one-shot gain
:math:`\max_a V_m(ia) - V_m(i)` of its mover :math:`m`; by the one-shot
deviation principle the profile is subgame perfect exactly when the largest
gain is 0 (at most the tolerance for floats).

The equilibrium's behaviour profile, information-set names and outcome are
built from the arrays on request (:class:`LazyMap`, :class:`LazyNames`): a
tree of :math:`10^6` information sets is solved and certified without a
Python object per node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from arbiter.games.arrays import CHANCE, DECISION, OUTCOME, TreeArrays
from arbiter.games.tree import SequentialGame
from arbiter.solve.result import Equilibrium, FrozenMap, LazyEquilibria, Play

__all__ = ["ArraySPE", "LazyMap", "LazyNames", "backward_arrays", "profile_regret"]


# ------------------------------------------------------------------ kernels
class _Level:
    """The children ``lo:hi`` of the nodes of one depth, grouped by parent.

    ``uniform`` is the common number of children when the level's nodes are
    the contiguous decision nodes ``plo:phi`` of one mover, each with that
    many children in order (a reshape then replaces the segmented
    reductions); otherwise 0, and ``starts``/``sizes``/``parents`` describe
    the groups.
    """

    __slots__ = ("dec", "hi", "lo", "mover", "parents", "phi", "plo", "sizes", "starts", "uniform")

    def __init__(self, a: TreeArrays, d: int, levels: list[int]) -> None:
        plo, phi = levels[d], levels[d + 1]
        lo, hi = levels[d + 1], levels[d + 2]
        self.lo, self.hi, self.plo, self.phi = lo, hi, plo, phi
        self.uniform = 0
        self.mover = -1
        count = a.n_children[plo:phi]
        b = int(count[0])
        if b and (count == b).all() and b * (phi - plo) == hi - lo:
            kinds = a.node_kind[plo:phi]
            movers = a.player[plo:phi]
            m = int(movers[0])
            if (
                (kinds == DECISION).all()
                and (movers == m).all()
                and (a.first[plo:phi] == np.arange(lo, hi, b)).all()
            ):
                self.uniform, self.mover = b, m
                return
        pc = a.parent[lo:hi]
        change = np.empty(hi - lo, dtype=bool)
        change[0] = True
        np.not_equal(pc[1:], pc[:-1], out=change[1:])
        self.starts = np.flatnonzero(change)
        self.sizes = np.diff(np.append(self.starts, hi - lo))
        self.parents = pc[self.starts]
        self.dec = a.node_kind[self.parents] == DECISION


def _plan(a: TreeArrays) -> list[_Level]:
    """The levels with children, deepest first."""
    levels = a.levels.tolist()
    return [
        _Level(a, d, levels)
        for d in range(len(levels) - 3, -1, -1)
        if levels[d + 2] > levels[d + 1]
    ]


def _own(values: np.ndarray, movers: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """The mover's payoff at each child ``lo:hi`` (``movers``: per child, its parent's mover)."""
    m0 = int(movers[0])
    if (movers == m0).all():
        return values[m0, lo:hi]
    return values[np.maximum(movers, 0), np.arange(lo, hi)]


def _segment_max(own: np.ndarray, lev: _Level) -> np.ndarray:
    return np.maximum.reduceat(own, lev.starts)


def _expectations(values: np.ndarray, weights: np.ndarray, lev: _Level) -> np.ndarray:
    lo, hi = lev.lo, lev.hi
    return np.add.reduceat(values[:, lo:hi] * weights[lo:hi], lev.starts, axis=1)


def backward_arrays(a: TreeArrays, atol: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward induction on a perfect-information tree's arrays.

    Returns ``values`` (``(n_players, n_nodes)``: each node's subgame-perfect
    payoff vector, the first best action taken on ties), ``choice`` (at each
    decision node the offset of the chosen child, ``-1`` elsewhere) and
    ``tied`` (the decision nodes where another action comes within ``atol``
    of the best; exactly equal for ``atol=None``).
    """
    n = a.n_nodes
    dtype = np.float64 if a.kind == "float" else object
    values = np.empty((len(a.players), n), dtype=dtype)
    values[:, a.node_kind == OUTCOME] = a.payoffs
    choice = np.full(n, -1, dtype=np.int64)
    tied: list[np.ndarray] = []
    player = a.player
    for lev in _plan(a):
        lo, hi = lev.lo, lev.hi
        b = lev.uniform
        if b:
            own = values[lev.mover, lo:hi].reshape(-1, b)
            pick = own.argmax(axis=1)
            rows = np.arange(own.shape[0])
            best = own[rows, pick]
            if b == 2:
                other = own[rows, 1 - pick]
                close = other == best if atol is None else other >= best - atol
            else:
                hits = own == best[:, None] if atol is None else own >= (best - atol)[:, None]
                close = hits.sum(axis=1) > 1
            choice[lev.plo : lev.phi] = pick
            values[:, lev.plo : lev.phi] = values[:, lo + rows * b + pick]
            if close.any():
                tied.append(lev.plo + np.flatnonzero(close))
            continue
        starts, sizes, gp, dec = lev.starts, lev.sizes, lev.parents, lev.dec
        if dec.any():
            movers = np.repeat(player[gp], sizes)
            own = _own(values, movers, lo, hi)
            best = _segment_max(own, lev)
            rep = np.repeat(best, sizes)
            hit = own == rep
            close = hit if atol is None else own >= rep - atol
            count = np.add.reduceat(close.astype(np.int64), starts)
            pos = np.arange(hi - lo, dtype=np.int64)
            pick = np.minimum.reduceat(np.where(hit, pos, hi - lo), starts) - starts
            nodes = gp[dec]
            choice[nodes] = pick[dec]
            values[:, nodes] = values[:, lo + starts[dec] + pick[dec]]
            many = dec & (count > 1)
            if many.any():
                tied.append(gp[many])
        if not dec.all():
            ch = ~dec
            values[:, gp[ch]] = _expectations(values, a.probability, lev)[:, ch]
    ties = np.sort(np.concatenate(tied)) if tied else np.empty(0, dtype=np.int64)
    return values, choice, ties


def profile_regret(a: TreeArrays, choice: np.ndarray) -> tuple[np.ndarray, Any]:
    """The values of the pure profile ``choice`` and its certificate (see the module docstring).

    ``choice[i]`` is the offset of the chosen child at decision node ``i``.
    Returns ``(values, regret)``: the regret is a Python float for float trees
    and a Fraction for exact ones, clamped at 0.
    """
    n = a.n_nodes
    exact = a.kind != "float"
    values = np.empty((len(a.players), n), dtype=object if exact else np.float64)
    values[:, a.node_kind == OUTCOME] = a.payoffs
    player, first = a.player, a.first
    gain: Any = Fraction(0) if exact else 0.0
    for lev in _plan(a):
        lo, hi = lev.lo, lev.hi
        b = lev.uniform
        if b:
            plo, phi = lev.plo, lev.phi
            values[:, plo:phi] = values[:, first[plo:phi] + choice[plo:phi]]
            best = values[lev.mover, lo:hi].reshape(-1, b).max(axis=1)
            top = (best - values[lev.mover, plo:phi]).max()
        else:
            dec = lev.dec
            top = None
            if dec.any():
                nodes = lev.parents[dec]
                values[:, nodes] = values[:, first[nodes] + choice[nodes]]
                movers = np.repeat(player[lev.parents], lev.sizes)
                best = _segment_max(_own(values, movers, lo, hi), lev)[dec]
                top = (best - values[player[nodes], nodes]).max()
            if not dec.all():
                ch = ~dec
                values[:, lev.parents[ch]] = _expectations(values, a.probability, lev)[:, ch]
        if top is not None and top > gain:
            gain = top
    return values, (gain if exact else float(gain))


def reach_of(a: TreeArrays, choice: np.ndarray) -> np.ndarray:
    """The probability of reaching each node under the pure profile ``choice``."""
    n = a.n_nodes
    exact = a.kind != "float"
    reach = np.zeros(n, dtype=object if exact else np.float64)
    if exact:
        reach[:] = Fraction(0)
    reach[0] = Fraction(1) if exact else 1.0
    levels = a.levels.tolist()
    parent, kind, first = a.parent, a.node_kind, a.first
    for d in range(1, len(levels) - 1):
        lo, hi = levels[d], levels[d + 1]
        par = parent[lo:hi]
        pk = kind[par]
        pos = np.arange(lo, hi, dtype=np.int64)
        taken = (pk == DECISION) & (first[par] + choice[par] == pos)
        via = np.where(pk == CHANCE, a.probability[lo:hi], 0)
        reach[lo:hi] = np.where(taken, reach[par], reach[par] * via)
    return reach


# ------------------------------------------------------------ lazy containers
_DATA = FrozenMap.__dict__["_data"]


class LazyMap(FrozenMap):
    """A :class:`FrozenMap` whose contents are computed on first use."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], dict[Any, Any]]) -> None:
        self._make = make
        self._hash = None

    @property  # type: ignore[override]
    def _data(self) -> dict[Any, Any]:
        try:
            return _DATA.__get__(self, FrozenMap)  # type: ignore[no-any-return]
        except AttributeError:
            data = self._make()
            _DATA.__set__(self, data)
            return data

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


class LazyNames(Sequence[str]):
    """A tuple of names computed on first use; equal to (and hashed as) that tuple."""

    __slots__ = ("_items", "_make")

    def __init__(self, make: Callable[[], tuple[str, ...]]) -> None:
        self._make = make
        self._items: tuple[str, ...] | None = None

    def _tuple(self) -> tuple[str, ...]:
        if self._items is None:
            self._items = tuple(self._make())
        return self._items

    def __getitem__(self, index: Any) -> Any:
        return self._tuple()[index]

    def __len__(self) -> int:
        return len(self._tuple())

    def __iter__(self) -> Iterator[str]:
        return iter(self._tuple())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyNames):
            return self._tuple() == other._tuple()
        if isinstance(other, tuple):
            return self._tuple() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __repr__(self) -> str:
        return repr(self._tuple())

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self._tuple(),))


# ------------------------------------------------------------------ result
class _Names:
    """Information-set names and per-player depth-first order, computed once on request."""

    def __init__(self, a: TreeArrays) -> None:
        self.a = a
        self._done: tuple[list[str | None], list[np.ndarray]] | None = None

    def get(self) -> tuple[list[str | None], list[np.ndarray]]:
        if self._done is None:
            a = self.a
            nodes = np.flatnonzero(a.node_kind == DECISION)
            pre = a.preorder()
            nodes = nodes[np.argsort(pre[nodes], kind="stable")]  # depth-first order
            movers = a.player[nodes]
            per = [nodes[movers == p] for p in range(len(a.players))]
            self._done = (a.decision_names(), per)
        return self._done


class ArraySPE(LazyEquilibria):
    """The one subgame-perfect equilibrium of a tie-free perfect-information tree, as arrays.

    Built by :func:`arbiter.solve.spe.subgame_perfect`. ``regret`` is the
    certificate of :func:`profile_regret`, computed when the set was built.
    """

    def __init__(
        self, tree: SequentialGame, choice: np.ndarray, values: np.ndarray, regret: Any
    ) -> None:
        self._tree = tree
        self._a = tree.to_arrays()
        self._choice = choice
        self._choice.flags.writeable = False
        self._payoffs = tuple(values[:, 0].tolist())
        self._regret = regret
        self._names = _Names(self._a)
        self._eq: Equilibrium | None = None
        self._outcome: FrozenMap | None = None
        self.limit = None

    @property
    def n_equilibria(self) -> int:
        return 1

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self[k] for k in range(*index.indices(1)))
        if isinstance(index, bool) or not hasattr(index, "__index__"):
            raise TypeError(f"equilibrium indices must be integers or slices; got {index!r}")
        if index.__index__() not in (0, -1):
            raise IndexError(f"equilibrium index {index} out of range for 1 equilibrium")
        if self._eq is None:
            self._eq = self._build()
        return self._eq

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ArraySPE):
            return self._tree == other._tree and np.array_equal(self._choice, other._choice)
        if isinstance(other, Sequence):
            return len(other) == 1 and other[0] == self[0]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._tree, self._choice.tobytes()))

    def __repr__(self) -> str:
        return "<ArraySPE: 1 subgame-perfect equilibrium>"

    @property
    def max_regret(self) -> Any:
        return self._regret

    @property
    def payoff_profiles(self) -> tuple[tuple[Any, ...], ...]:
        return (self._payoffs,)

    @property
    def outcome_counts(self) -> FrozenMap:
        return FrozenMap({self._outcome_map(): 1})

    # ------------------------------------------------------------ members
    def _one(self) -> Any:
        return Fraction(1) if self._a.kind != "float" else 1.0

    def _zero(self) -> Any:
        return Fraction(0) if self._a.kind != "float" else 0.0

    def _outcome_map(self) -> FrozenMap:
        if self._outcome is None:
            a = self._a
            if not a.has_chance:  # a pure profile without chance reaches one outcome
                i = 0
                while a.node_kind[i] != OUTCOME:
                    i = int(a.first[i] + self._choice[i])
                leaves = np.array([i], dtype=np.int64)
                reach = np.zeros(a.n_nodes, dtype=object if a.kind != "float" else np.float64)
                reach[i] = self._one()
            else:
                reach = reach_of(a, self._choice)
                leaves = np.flatnonzero((a.node_kind == OUTCOME) & (reach != 0))
                leaves = leaves[np.argsort(a.preorder()[leaves], kind="stable")]
            labels = a.labels
            unnamed = [x for x in leaves.tolist() if labels is None or labels[a.leaf[x]] is None]
            texts = a.path_texts(np.array(unnamed, dtype=np.int64)) if unnamed else {}
            out: dict[str, Any] = {}
            for x, q in zip(leaves.tolist(), reach[leaves].tolist()):
                label = texts.get(x) or a.labels[int(a.leaf[x])]  # type: ignore[index]
                out[label] = out[label] + q if label in out else q
            self._outcome = FrozenMap(out)
        return self._outcome

    def _plan(self, p: int) -> dict[str, FrozenMap]:
        a = self._a
        names, per = self._names.get()
        nodes = per[p]
        one, zero = self._one(), self._zero()
        cache: dict[tuple[tuple[int, ...], int], FrozenMap] = {}
        out: dict[str, FrozenMap] = {}
        action = a.action.tolist()
        an = a.action_names
        for x, f, c, j in zip(
            nodes.tolist(),
            a.first[nodes].tolist(),
            a.n_children[nodes].tolist(),
            self._choice[nodes].tolist(),
        ):
            key = (tuple(action[f : f + c]), j)
            dist = cache.get(key)
            if dist is None:
                dist = cache[key] = FrozenMap(
                    {an[k]: one if i == j else zero for i, k in enumerate(key[0])}
                )
            out[names[x]] = dist  # type: ignore[index]
        return out

    def _actions(self, p: int) -> tuple[str, ...]:
        names, per = self._names.get()
        return tuple(names[x] for x in per[p].tolist())  # type: ignore[misc]

    def _build(self) -> Equilibrium:
        players = self._tree.players
        n = len(players)
        return Equilibrium(
            strategies=tuple(LazyMap(lambda p=p: self._plan(p)) for p in range(n)),
            payoffs=self._payoffs,
            regret=self._regret,
            players=players,
            actions=tuple(LazyNames(lambda p=p: self._actions(p)) for p in range(n)),
            outcome=self._outcome_map(),
            play=self._play(),
        )

    def _play(self) -> Play:
        """As :func:`arbiter.solve._compact.play_of`, on the arrays."""
        a = self._a
        names = self._tree.players
        kind, player, first, choice = a.node_kind, a.player, a.first, self._choice
        an, action = a.action_names, a.action
        path: list[tuple[str, str]] = []
        on: list[tuple[int, int]] = []
        split = None
        i = 0
        while kind[i] != OUTCOME:
            f, c = int(first[i]), int(a.n_children[i])
            if kind[i] == CHANCE:
                labels = [an[k] for k in action[f : f + c].tolist()]
                split = ("chance", FrozenMap(zip(labels, a.probability[f : f + c].tolist())))
                break
            j = int(choice[i])
            path.append((names[int(player[i])], an[int(action[f + j])]))
            on.append((i, f + j))
            i = f + j
        found: list[tuple[int, int]] = []  # (decision node, deviator)
        for x, taken in on:
            deviator = int(player[x])
            f, c = int(first[x]), int(a.n_children[x])
            stack = [y for y in range(f + c - 1, f - 1, -1) if y != taken]
            while stack:
                y = stack.pop()
                k = kind[y]
                if k == OUTCOME:
                    continue
                fy, cy = int(first[y]), int(a.n_children[y])
                if k == CHANCE:
                    stack.extend(range(fy + cy - 1, fy - 1, -1))
                    continue
                found.append((y, deviator))
                stack.append(fy + int(choice[y]))
        infonames = a.infoset_name_of(np.array([y for y, _ in found], dtype=np.int64))
        on_infosets = {
            infonames_x
            for infonames_x in a.infoset_name_of(
                np.array([x for x, _ in on], dtype=np.int64)
            ).values()
        }
        plans: list[dict[str, str]] = [{} for _ in names]
        for y, deviator in found:
            h = infonames[y]
            p = int(player[y])
            if p != deviator and h not in on_infosets and h not in plans[p]:
                plans[p][h] = an[int(action[int(first[y]) + int(choice[y])])]
        return Play(
            path=tuple(path),
            split=split,
            plans=tuple(tuple(plan.items()) for plan in plans),
        )
