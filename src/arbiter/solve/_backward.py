r"""Private kernels for backward induction: a flat view of a tree, and an array kernel.

:func:`flatten` turns a :class:`~arbiter.games.tree.SequentialGame` into flat
Python lists indexed by node number, in breadth-first order: node 0 is the
root, the children of node ``i`` are the consecutive nodes
``first[i], ..., first[i] + n_children[i] - 1`` (in action order), and every
child has a larger number than its parent, so one pass over the nodes in
decreasing order visits children before parents (backward induction without
recursion).

:func:`subgame_root_flags` marks the nodes that start a subgame (Selten 1965):
a node starts one when no information set has members both inside and outside
its subtree. Only information sets with several members can cut: for each one,
every node strictly below the members' lowest common ancestor on a path to a
member is not a subgame root.

:func:`uniform_backward_induction` is the array kernel for complete uniform
trees (every decision node has ``b`` actions, every leaf is at depth ``d``,
one mover per level): it works level by level on a ``(n_players, b**d)``
array, :math:`O(b^d)` numpy work and no Python per node.

>>> import numpy as np
>>> leaves = np.array([[3., 1., 0., 2.], [0., 2., 1., 3.]])  # two players, b = 2, d = 2
>>> value, choices, ties = uniform_backward_induction(leaves, 2, movers=(0, 1))
>>> value.tolist(), [c.tolist() for c in choices], ties
([2.0, 3.0], [[1], [1, 1]], 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arbiter.errors import InvalidArgumentError, NotSupportedError
from arbiter.games.tree import Decision, Outcome, SequentialGame

__all__ = [
    "CHANCE",
    "DECISION",
    "OUTCOME",
    "FlatTree",
    "check_perfect_recall",
    "flatten",
    "subgame_root_flags",
    "uniform_backward_induction",
]

OUTCOME, DECISION, CHANCE = 0, 1, 2


@dataclass(eq=False)
class FlatTree:
    """A tree as parallel lists indexed by node number (breadth-first order).

    ``labels[i]`` are the action names (decision) or branch names (chance) of
    node ``i``; ``probs[i]`` the chance probabilities; ``player[i]`` the index
    of the mover (``-1`` elsewhere); ``infoset[i]`` the information-set name
    (``None`` off decision nodes); ``payoff[i]`` the payoff tuple of an outcome
    in player order; ``step[i]`` the action or branch that leads to node ``i``.
    ``members`` maps each information set to its member nodes (a tuple).
    """

    tree: SequentialGame
    kind: list[int]
    parent: list[int]
    first: list[int]
    n_children: list[int]
    labels: list[tuple[str, ...]]
    probs: list[tuple[Any, ...]]
    player: list[int]
    infoset: list[str | None]
    payoff: list[tuple[Any, ...] | None]
    step: list[str | None]
    members: dict[str, tuple[int, ...]]
    _perfect: bool | None = None

    def __len__(self) -> int:
        return len(self.kind)

    def children(self, i: int) -> range:
        f = self.first[i]
        return range(f, f + self.n_children[i])

    def path(self, i: int) -> tuple[str, ...]:
        """The path (action and branch names from the root) of node ``i``."""
        out: list[str] = []
        while i > 0:
            out.append(self.step[i])  # type: ignore[arg-type]
            i = self.parent[i]
        return tuple(reversed(out))

    @property
    def perfect_information(self) -> bool:
        """Whether every information set is a single node."""
        if self._perfect is None:
            self._perfect = all(len(m) == 1 for m in self.members.values())
        return self._perfect


def flatten(tree: SequentialGame) -> FlatTree:
    """The flat, breadth-first view of ``tree`` (one Python pass, no recursion).

    A tree that holds arrays (:meth:`SequentialGame.from_arrays`) is read
    from them, in their level order, without building its nodes.
    """
    if tree.has_arrays:
        return _flatten_arrays(tree)
    players = {p: k for k, p in enumerate(tree.players)}
    nodes: list[Any] = [tree.root]
    parent = [-1]
    step: list[str | None] = [None]
    text: list[str | None] = [""]  # path text of internal nodes, for unnamed infosets
    records: list[tuple[Any, ...]] = []
    # node of a one-node information set, or the list of several: no list per
    # node, so that a large tree leaves few objects for the garbage collector
    members: dict[str, Any] = {}
    add = records.append
    empty: tuple[str, ...] = ()
    outcome_record = (OUTCOME, -1, 0, empty, empty, -1, None)
    i = 0
    while i < len(nodes):
        node = nodes[i]
        cls = type(node)
        if cls is Outcome:
            add((*outcome_record, node.payoffs))
            i += 1
            continue
        here = text[i]
        text[i] = None
        if cls is Decision:
            names, children = zip(*node.moves)
            name = node.infoset or f"{node.player}:{here or 'root'}"
            add((DECISION, len(nodes), len(names), names, empty, players[node.player], name, None))
            seen = members.get(name)
            if seen is None:
                members[name] = i
            elif type(seen) is int:
                members[name] = [seen, i]
            else:
                seen.append(i)
        else:
            names, chances, children = zip(*node.branches)
            add((CHANCE, len(nodes), len(names), names, chances, -1, None, None))
        nodes.extend(children)
        parent.extend([i] * len(names))
        step.extend(names)
        if here:
            text.extend(
                [None if type(c) is Outcome else f"{here}/{a}" for a, c in zip(names, children)]
            )
        else:
            text.extend([None if type(c) is Outcome else a for a, c in zip(names, children)])
        i += 1
    kind, first, n_children, labels, probs, player, infoset, payoff = map(list, zip(*records))
    return FlatTree(
        tree=tree,
        kind=kind,
        parent=parent,
        first=first,
        n_children=n_children,
        labels=labels,
        probs=probs,
        player=player,
        infoset=infoset,
        payoff=payoff,
        step=step,
        members={h: (m,) if type(m) is int else tuple(m) for h, m in members.items()},
    )


def _flatten_arrays(tree: SequentialGame) -> FlatTree:
    a = tree.to_arrays()
    kind = a.node_kind.tolist()
    first = a.first.tolist()
    count = a.n_children.tolist()
    action = a.action.tolist()
    names = a.action_names
    probability = a.probability.tolist()
    step: list[str | None] = [None, *(names[k] for k in action[1:])]
    labels: list[tuple[str, ...]] = []
    probs: list[tuple[Any, ...]] = []
    empty: tuple[Any, ...] = ()
    for i, k in enumerate(kind):
        if k == OUTCOME:
            labels.append(empty)
            probs.append(empty)
            continue
        f = first[i]
        labels.append(tuple(step[f : f + count[i]]))  # type: ignore[arg-type]
        probs.append(tuple(probability[f : f + count[i]]) if k == CHANCE else empty)
    decisions = np.flatnonzero(a.node_kind == DECISION)
    named = a.infoset_name_of(decisions)
    infoset: list[str | None] = [None] * len(kind)
    members: dict[str, list[int]] = {}
    for i in decisions.tolist():
        h = named[i]
        infoset[i] = h
        members.setdefault(h, []).append(i)
    payoff: list[tuple[Any, ...] | None] = [None] * len(kind)
    columns = a.payoffs.T.tolist()
    leaves = np.flatnonzero(a.node_kind == OUTCOME)
    for i, col in zip(leaves.tolist(), a.leaf[leaves].tolist()):
        payoff[i] = tuple(columns[col])
    return FlatTree(
        tree=tree,
        kind=kind,
        parent=a.parent.tolist(),
        first=first,
        n_children=count,
        labels=labels,
        probs=probs,
        player=a.player.tolist(),
        infoset=infoset,
        payoff=payoff,
        step=step,
        members={h: tuple(m) for h, m in members.items()},
    )


def _own_history(flat: FlatTree, i: int) -> tuple[tuple[str, str], ...]:
    me = flat.player[i]
    out = []
    child = i
    node = flat.parent[i]
    while node >= 0:
        if flat.player[node] == me:
            out.append((flat.infoset[node], flat.step[child]))
        child, node = node, flat.parent[node]
    return tuple(reversed(out))  # type: ignore[arg-type]


def _history_text(history: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{h}={a}" for h, a in history) or "no earlier move"


def check_perfect_recall(flat: FlatTree, caller: str) -> None:
    """Refuse a tree without perfect recall, naming the first offending information set."""
    for name, nodes in flat.members.items():
        if len(nodes) < 2:
            continue
        first = _own_history(flat, nodes[0])
        for other in nodes[1:]:
            hist = _own_history(flat, other)
            if hist != first:
                who = flat.tree.players[flat.player[nodes[0]]]
                raise NotSupportedError(
                    f"{caller}() needs perfect recall; information set {name!r} of {who!r} "
                    f"is reached after different own moves ({_history_text(first)} at "
                    f"{_node_text(flat, nodes[0])}; {_history_text(hist)} at "
                    f"{_node_text(flat, other)})"
                )


def _node_text(flat: FlatTree, i: int) -> str:
    return "/".join(flat.path(i)) or "root"


def subgame_root_flags(flat: FlatTree) -> list[bool]:
    """``flags[i]`` is ``True`` when node ``i`` starts a subgame (outcomes never do)."""
    flags = [k != OUTCOME for k in flat.kind]
    parent = flat.parent
    for nodes in flat.members.values():
        if len(nodes) < 2:
            continue
        chain = [nodes[0]]
        while chain[-1] > 0:
            chain.append(parent[chain[-1]])
        position = {x: k for k, x in enumerate(chain)}
        top = 0
        for other in nodes[1:]:
            x = other
            while x not in position:
                x = parent[x]
            top = max(top, position[x])
        lca = chain[top]
        for m in nodes:
            x = m
            while x != lca:
                flags[x] = False
                x = parent[x]
    return flags


def uniform_backward_induction(
    leaves: np.ndarray,
    branching: int,
    movers: Sequence[int],
    *,
    atol: float = 0.0,
) -> tuple[np.ndarray, list[np.ndarray], int]:
    """Backward induction on a complete uniform perfect-information tree, level by level.

    Parameters
    ----------
    leaves:
        Float array of shape ``(n_players, branching**depth)``: the payoffs at
        the leaves, left to right (leaf ``k`` is reached by the base-``branching``
        digits of ``k``, most significant first).
    branching:
        Actions at every decision node.
    movers:
        ``movers[level]``: the player index moving at each node of depth ``level``
        (``len(movers) == depth``).
    atol:
        Actions within ``atol`` of the mover's best count as ties.

    Returns
    -------
    value, choices, ties:
        The root value (one entry per player); per level, the index of the
        chosen action at each node of that level (the first best one); the
        number of decision nodes where several actions tie.
    """
    values = np.asarray(leaves, dtype=np.float64)
    if values.ndim != 2:
        raise InvalidArgumentError(
            f"leaves must have shape (n_players, branching**depth); got {values.shape}"
        )
    n_players, n_leaves = values.shape
    d = len(movers)
    if branching < 1 or branching**d != n_leaves:
        raise InvalidArgumentError(
            f"leaves has {n_leaves} columns; a complete tree with branching={branching} and "
            f"depth={d} has {branching**d} leaves"
        )
    if any(not 0 <= m < n_players for m in movers):
        raise InvalidArgumentError(f"movers must be player indices below {n_players}; got {movers}")
    choices: list[np.ndarray] = [np.empty(0, dtype=np.intp)] * d
    ties = 0
    for level in range(d - 1, -1, -1):
        blocks = values.reshape(n_players, -1, branching)
        own = blocks[movers[level]]
        pick = own.argmax(axis=1)
        best = np.take_along_axis(own, pick[:, None], axis=1)
        ties += int(np.count_nonzero((own >= best - atol).sum(axis=1) > 1))
        values = np.take_along_axis(blocks, pick[None, :, None], axis=2)[:, :, 0]
        choices[level] = pick
    return values[:, 0], choices, ties
