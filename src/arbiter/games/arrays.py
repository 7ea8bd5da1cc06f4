r"""Game trees as arrays: the columnar form behind :meth:`SequentialGame.from_arrays`.

A tree of :math:`n` nodes is given by parallel arrays indexed by node number:

``parent[i]``
    The parent of node ``i``; ``parent[0] == -1`` (node 0 is the root) and
    ``0 <= parent[i] < i`` otherwise (a parent comes before its children, which
    makes the arrays a tree: following parents always reaches the root).
``player[i]``
    The index (into ``players``) of the player who moves at node ``i``, or
    ``-1``: a node with children and ``player -1`` is a chance node, a node
    without children is an outcome (its ``player`` must be ``-1``).
``action[i]``
    The name of the action (or chance branch) that leads from ``parent[i]``
    to ``i``: strings, or integer codes into ``action_names`` (the fast form
    for large trees). ``action[0]`` is not read. Siblings need distinct names;
    the children of a node are ordered by node number.
``payoffs[p, k]``
    Shape ``(n_players, n_outcomes)``: the payoff of player ``p`` at the
    ``k``-th outcome, outcomes numbered in node order.
``infoset[i]`` (optional)
    ``-1`` (or ``None``/``""``): node ``i`` is alone in its information set;
    otherwise a code (or name) shared by all nodes of one information set,
    which must have one player and the same actions in the same order.
``probabilities[i]`` (needed when there are chance nodes)
    The probability of the chance branch leading to ``i``; only entries of
    children of chance nodes are read. Per chance node they are nonnegative
    and sum to 1 (exactly for exact input, within 1e-9 for floats).

Float arrays give a float tree; integer arrays, or object arrays of ``int``
and :class:`fractions.Fraction`, an exact one (entries become Fractions).
Symbolic entries are refused: symbolic trees are built from nodes.

Validation is vectorised (numpy, no Python loop over nodes) and errors name
the argument and the index in the caller's numbering. The validated arrays
are kept in a canonical *level order*: nodes sorted by depth, then by parent
(in the caller's numbering), then by node number, so that the children of
every node are consecutive and every level is one slice; for arrays already
in that order (breadth first, say) nothing is copied but the checks.

>>> import numpy as np
>>> t = TreeArrays.build(parent=[-1, 0, 0], player=[0, -1, -1], action=["", "L", "R"],
...                      payoffs=np.array([[1, 2]]), players=("Solo",))
>>> t.kind, t.n_nodes, t.n_outcomes, t.first.tolist(), t.n_children.tolist()
('exact', 3, 2, [1, -1, -1], [2, 0, 0])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from arbiter.errors import (
    ArgumentTypeError,
    InvalidArgumentError,
    InvalidGameError,
    NotSupportedError,
)
from arbiter.games.numbers import Kind, array_kind, as_exact, kind_of

__all__ = ["CHANCE", "DECISION", "OUTCOME", "TreeArrays"]

OUTCOME, DECISION, CHANCE = 0, 1, 2

#: Float chance probabilities of one node may miss a sum of 1 by this much.
PROBABILITY_TOLERANCE = 1e-9


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _int_array(value: Any, name: str, n: int | None = None) -> np.ndarray:
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise InvalidGameError(f"{name} must be one-dimensional; got shape {arr.shape}")
    if arr.dtype.kind not in "iu":
        if arr.size and arr.dtype.kind != "O":
            raise ArgumentTypeError(f"{name} must hold integers; got dtype {arr.dtype}")
        bad = [
            k
            for k, v in enumerate(arr.tolist())
            if isinstance(v, bool) or not isinstance(v, (int, np.integer))
        ]
        if bad:
            raise ArgumentTypeError(
                f"{name} must hold integers; got {arr[bad[0]]!r} at {name}[{bad[0]}]"
            )
    if n is not None and arr.shape[0] != n:
        raise InvalidGameError(f"{name} must have one entry per node ({n}); got {arr.shape[0]}")
    return arr.astype(np.int64, copy=False)


def _first_bad(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _codes(
    value: Any, name: str, n: int, names: Sequence[str] | None, names_arg: str, empty_ok: bool
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Integer codes (``-1`` for "none") and the names they index."""
    arr = value if isinstance(value, np.ndarray) else np.asarray(value)
    if arr.dtype.kind in "US" and not isinstance(value, np.ndarray):
        arr = np.asarray(value, dtype=object)  # numpy would turn a stray number into text
    if arr.ndim != 1 or arr.shape[0] != n:
        raise InvalidGameError(
            f"{name} must have one entry per node ({n}); got shape {np.shape(arr)}"
        )
    if arr.dtype.kind in "iu":
        codes = arr.astype(np.int64, copy=True)
        if names is None:
            if not empty_ok:
                raise ArgumentTypeError(
                    f"{name} holds integer codes; give their names as {names_arg}=[...]"
                )
            top = int(codes.max(initial=-1))
            vocab = tuple(f"set {k}" for k in range(top + 1))
        else:
            if isinstance(names, str):
                raise ArgumentTypeError(f"{names_arg} must be a sequence of names; got {names!r}")
            vocab = tuple(names)
            for k, v in enumerate(vocab):
                if not isinstance(v, str) or not v:
                    raise ArgumentTypeError(
                        f"{names_arg}[{k}] must be a non-empty string; got {v!r}"
                    )
        low = -1 if empty_ok else 0
        bad = (codes < low) | (codes >= len(vocab))
        if name == "action":
            bad[0] = False
        if bad.any():
            k = _first_bad(bad)
            raise InvalidGameError(
                f"{name}[{k}] = {codes[k]} is not a code of {names_arg} "
                f"({len(vocab)} names{', or -1' if empty_ok else ''})"
            )
        return codes, vocab
    if names is not None:
        raise ArgumentTypeError(f"{names_arg} is only for integer codes in {name}")
    items = arr.tolist()
    lookup: dict[str, int] = {}
    out = np.empty(n, dtype=np.int64)
    for k, v in enumerate(items):
        if k == 0 and name == "action":
            out[0] = -1
            continue
        if v is None or v == "":
            if not empty_ok:
                raise InvalidGameError(f"{name}[{k}] must be a non-empty string; got {v!r}")
            out[k] = -1
            continue
        if not isinstance(v, str):
            raise ArgumentTypeError(f"{name}[{k}] must be a string; got {v!r}")
        code = lookup.get(v)
        if code is None:
            code = lookup[v] = len(lookup)
        out[k] = code
    return out, tuple(lookup)


def _depths(parent: np.ndarray) -> tuple[np.ndarray, bool]:
    """Depth of every node.

    Breadth-first input (``parent`` nondecreasing) is cut into levels with one
    binary search per level, and is already in level order (the flag
    returned); other orders by pointer doubling, O(n log depth) numpy work.
    """
    n = parent.shape[0]
    if n == 1 or (parent[2:] >= parent[1:-1]).all():
        ends = [1]
        while ends[-1] < n:
            ends.append(int(np.searchsorted(parent, ends[-1], side="left")))
        sizes = np.diff(np.array([0, *ends], dtype=np.int64))
        return np.repeat(np.arange(sizes.size, dtype=np.int64), sizes), True
    dist = (parent >= 0).astype(np.int64)
    jump = parent.copy()
    active = np.flatnonzero(jump > 0)
    while active.size:
        j = jump[active]
        dist[active] += dist[j]
        jump[active] = jump[j]
        active = active[jump[active] > 0]
    return dist, False


def prob_c_dtype(kind: Kind) -> Any:
    return np.float64 if kind == "float" else object


def _numbers(value: Any, name: str, check: bool = True) -> tuple[np.ndarray, Kind]:
    arr = value if isinstance(value, np.ndarray) else np.asarray(value)
    if arr.dtype.kind not in "fiub":
        arr = np.asarray(value, dtype=object)
    if arr.dtype.kind == "f":
        return arr.astype(np.float64, copy=False), "float"
    if arr.dtype.kind in "iu":
        return arr, "exact"
    if arr.dtype.kind == "b":
        raise ArgumentTypeError(f"{name} must hold numbers; got booleans")
    if arr.dtype.kind != "O":
        if arr.size == 0:
            return arr.astype(np.float64), "exact"
        raise ArgumentTypeError(f"{name} must hold numbers; got dtype {arr.dtype}")
    return arr, array_kind(arr, name) if check else "exact"


def _convert(arr: np.ndarray, kind: Kind) -> np.ndarray:
    if kind == "float":
        return arr.astype(np.float64)
    if arr.dtype.kind in "iu":
        return np.array([Fraction(int(v)) for v in arr.ravel().tolist()], dtype=object).reshape(
            arr.shape
        )
    out = np.empty(arr.shape, dtype=object)
    out.ravel()[:] = [as_exact(v) for v in arr.ravel().tolist()]
    return out


@dataclass(frozen=True, eq=False)
class TreeArrays:
    """A validated tree as arrays in canonical level order (see the module docstring).

    Attributes (all arrays read-only, indexed by canonical node number unless
    said otherwise): ``parent``; ``node_kind`` (``OUTCOME``, ``DECISION``,
    ``CHANCE``); ``player`` (``-1`` off decision nodes); ``action`` (code
    into ``action_names`` of the step into the node, ``-1`` at the root);
    ``infoset`` (code into ``infoset_names``, ``-1`` for a one-node
    information set without a name); ``probability`` (of the chance branch
    into the node; 1 elsewhere); ``first``/``n_children`` (children are
    ``first[i] ... first[i] + n_children[i] - 1``); ``levels`` (nodes of depth
    ``d`` are ``levels[d]:levels[d + 1]``); ``leaf`` (the outcome's column in
    ``payoffs``, ``-1`` elsewhere); ``payoffs`` (``(n_players, n_outcomes)``,
    outcomes in canonical order); ``labels`` (per outcome, or ``None``);
    ``source`` (the caller's number of each node).
    """

    players: tuple[str, ...]
    kind: Kind
    parent: np.ndarray
    node_kind: np.ndarray
    player: np.ndarray
    action: np.ndarray
    action_names: tuple[str, ...]
    infoset: np.ndarray
    infoset_names: tuple[str, ...]
    probability: np.ndarray
    first: np.ndarray
    n_children: np.ndarray
    levels: np.ndarray
    leaf: np.ndarray
    payoffs: np.ndarray
    labels: tuple[str | None, ...] | None
    source: np.ndarray

    @property
    def n_nodes(self) -> int:
        return int(self.parent.shape[0])

    @property
    def n_outcomes(self) -> int:
        return int(self.payoffs.shape[1])

    @property
    def depth(self) -> int:
        """The number of levels below the root."""
        return int(self.levels.shape[0]) - 2

    @property
    def perfect_information(self) -> bool:
        """Whether every information set is a single node."""
        codes = self.infoset[self.infoset >= 0]
        return codes.size == np.unique(codes).size

    @property
    def n_infosets(self) -> int:
        alone = int(np.count_nonzero((self.node_kind == DECISION) & (self.infoset < 0)))
        return alone + int(np.unique(self.infoset[self.infoset >= 0]).size)

    @property
    def has_chance(self) -> bool:
        return bool((self.node_kind == CHANCE).any())

    # ---------------------------------------------------------------- build
    @classmethod
    def build(
        cls,
        *,
        parent: Any,
        player: Any,
        action: Any,
        payoffs: Any,
        players: Sequence[str] | None = None,
        infoset: Any = None,
        probabilities: Any = None,
        labels: Sequence[str | None] | None = None,
        action_names: Sequence[str] | None = None,
        infoset_names: Sequence[str] | None = None,
    ) -> TreeArrays:
        """Validate the caller's arrays (see the module docstring) and put them in level order."""
        par = _int_array(parent, "parent")
        n = par.shape[0]
        if n == 0:
            raise InvalidGameError("parent must have at least one node (the root)")
        if par[0] != -1:
            raise InvalidGameError(f"parent[0] must be -1 (node 0 is the root); got {par[0]}")
        bad = par[1:] < 0
        bad |= par[1:] >= np.arange(1, n, dtype=np.int64)
        if bad.any():
            k = _first_bad(bad) + 1
            raise InvalidGameError(
                f"parent[{k}] = {par[k]}: every node after the root needs a parent with a "
                "smaller number (parents before children)"
            )
        who = _int_array(player, "player", n)
        n_children = np.bincount(par[1:], minlength=n).astype(np.int64)
        is_leaf = n_children == 0

        # players and payoffs
        pay, kind = _numbers(payoffs, "payoffs")
        if pay.ndim != 2:
            raise InvalidGameError(
                f"payoffs must have shape (n_players, n_outcomes); got shape {pay.shape}"
            )
        n_players, n_out = pay.shape
        if players is None:
            names = tuple(f"P{k + 1}" for k in range(n_players))
        else:
            if isinstance(players, str) or not isinstance(players, Sequence):
                raise ArgumentTypeError(f"players must be a sequence of names; got {players!r}")
            names = tuple(players)
            for p in names:
                if not isinstance(p, str) or not p:
                    raise ArgumentTypeError(f"players must be non-empty strings; got {p!r}")
            if len(set(names)) != len(names):
                raise InvalidGameError(f"players must be distinct; got {list(names)!r}")
        if n_players != len(names) or n_players == 0:
            raise InvalidGameError(
                f"payoffs has {n_players} rows; it needs one per player ({len(names)}: "
                f"{list(names)})"
            )
        leaves_user = np.flatnonzero(is_leaf)
        if n_out != leaves_user.size:
            raise InvalidGameError(
                f"payoffs has {n_out} columns; the tree has {leaves_user.size} outcomes "
                "(nodes without children)"
            )
        if kind == "float" and not np.isfinite(pay).all():
            p, k = np.argwhere(~np.isfinite(pay))[0]
            raise InvalidGameError(
                f"payoffs[{p}, {k}] must be finite; got {pay[p, k]} (the outcome at node "
                f"{leaves_user[k]})"
            )
        if kind == "symbolic":
            raise NotSupportedError(
                "SequentialGame.from_arrays() takes numbers (floats, or ints and Fractions); "
                "build trees with free parameters from decision(), chance() and outcome()"
            )

        # movers
        bad = (who < -1) | (who >= n_players)
        if bad.any():
            k = _first_bad(bad)
            raise InvalidGameError(
                f"player[{k}] = {who[k]} is not a player index (0 to {n_players - 1}, or -1 "
                "for chance nodes and outcomes)"
            )
        bad = is_leaf & (who != -1)
        if bad.any():
            k = _first_bad(bad)
            raise InvalidGameError(
                f"node {k} has no children (an outcome) but player[{k}] = {who[k]}; outcomes "
                "have player -1"
            )
        node_kind = np.full(n, CHANCE, dtype=np.int8)
        node_kind[who >= 0] = DECISION
        node_kind[is_leaf] = OUTCOME

        # actions: distinct among siblings
        act, act_names = _codes(action, "action", n, action_names, "action_names", False)
        key = par[1:] * max(1, len(act_names)) + act[1:]
        if not (key[1:] > key[:-1]).all():  # already strictly increasing: no repeats
            key.sort()
        dup = key[1:] == key[:-1]
        if dup.any():
            k = int(key[1:][dup][0])
            p, a = divmod(k, max(1, len(act_names)))
            raise InvalidGameError(
                f"node {p} has two children reached by action {act_names[a]!r}; the actions "
                "(action[i]) of siblings must be distinct"
            )

        # canonical level order
        depth, identity = _depths(par)
        if identity:
            order = np.arange(n, dtype=np.int64)
        else:
            order_key = depth * n + np.maximum(par, 0)
            identity = bool((order_key[1:] >= order_key[:-1]).all())
            order = (
                np.arange(n, dtype=np.int64) if identity else np.argsort(order_key, kind="stable")
            )
        if identity:
            rank = order
            cpar = par
        else:
            rank = np.empty(n, dtype=np.int64)
            rank[order] = np.arange(n, dtype=np.int64)
            cpar = par[order]
            cpar = np.where(cpar >= 0, rank[np.maximum(cpar, 0)], -1)
        ckind = node_kind if identity else node_kind[order]
        cwho = who if identity else who[order]
        cact = act if identity else act[order]
        cact[0] = -1
        cn = n_children if identity else n_children[order]
        cdepth = depth if identity else depth[order]
        first = np.full(n, -1, dtype=np.int64)
        if n > 1:
            starts = np.flatnonzero(np.r_[True, cpar[2:] != cpar[1:-1]]) + 1
            first[cpar[starts]] = starts
        levels = np.searchsorted(cdepth, np.arange(int(cdepth[-1]) + 2), side="left").astype(
            np.int64
        )
        cleaf_user = np.flatnonzero(ckind == OUTCOME) if not identity else leaves_user
        leaf = np.full(n, -1, dtype=np.int64)
        leaf[cleaf_user] = np.arange(cleaf_user.size, dtype=np.int64)
        if identity:
            cpay = pay
        else:
            column = np.full(n, -1, dtype=np.int64)
            column[leaves_user] = np.arange(n_out, dtype=np.int64)
            cpay = pay[:, column[order[cleaf_user]]]

        # chance probabilities: decide the kind of the whole tree first
        chance_nodes = np.flatnonzero(ckind == CHANCE)
        prob_c: np.ndarray | None = None
        if chance_nodes.size:
            if probabilities is None:
                k = int(order[chance_nodes[0]])
                raise InvalidGameError(
                    f"node {k} is a chance node (children, player -1) but no probabilities "
                    "were given"
                )
            raw, pkind = _numbers(probabilities, "probabilities", check=False)
            if raw.ndim != 1 or raw.shape[0] != n:
                raise InvalidGameError(
                    f"probabilities must have one entry per node ({n}); got shape {raw.shape}"
                )
            branch = np.flatnonzero(par >= 0)
            branch = branch[who[par[branch]] == -1]  # children of chance nodes (user order)
            if raw.dtype.kind == "O":
                try:
                    pkind = array_kind(raw[branch], "probabilities")
                except (InvalidGameError, ArgumentTypeError, InvalidArgumentError):
                    for k in branch.tolist():  # name the caller's index
                        kind_of([raw[k]], f"probabilities[{k}]")
                    raise
            if pkind == "symbolic":
                raise NotSupportedError(
                    "SequentialGame.from_arrays() takes numeric probabilities; build trees "
                    "with free parameters from decision(), chance() and outcome()"
                )
            if pkind == "float":
                kind = "float"
            prob_user = raw
        if kind == "float":
            cpay = np.ascontiguousarray(cpay, dtype=np.float64)
        else:
            cpay = _convert(cpay, "exact")
        if chance_nodes.size:
            vals = prob_user[branch]
            if kind == "float":
                try:
                    vals = vals.astype(np.float64)
                except (TypeError, ValueError):
                    vals = np.array([float(v) for v in vals.tolist()])
                bad = ~np.isfinite(vals)
                if bad.any():
                    k = int(branch[_first_bad(bad)])
                    raise InvalidGameError(
                        f"probabilities[{k}] must be finite; got {prob_user[k]!r}"
                    )
                one: Any = 1.0
                prob_c = np.ones(n, dtype=np.float64)
            else:
                vals = _convert(vals, "exact")
                one = Fraction(1)
                prob_c = np.empty(n, dtype=object)
                prob_c[:] = one
            bad = vals < 0
            if bad.any():
                k = int(branch[_first_bad(bad)])
                raise InvalidGameError(
                    f"probabilities[{k}] is negative: {prob_user[k]!r} (the branch "
                    f"{act_names[act[k]]!r} of chance node {par[k]})"
                )
            full = prob_c.copy()
            full[rank[branch]] = vals
            prob_c = full
            counts = cn[chance_nodes]
            offs = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(
                np.cumsum(counts) - counts, counts
            )
            gathered = prob_c[np.repeat(first[chance_nodes], counts) + offs]
            totals = np.add.reduceat(gathered, np.cumsum(counts) - counts)
            if kind == "float":
                bad = np.abs(totals - 1.0) > PROBABILITY_TOLERANCE
            else:
                bad = np.array([t != 1 for t in totals.tolist()], dtype=bool)
            if bad.any():
                j = _first_bad(bad)
                k = int(order[chance_nodes[j]])
                raise InvalidGameError(
                    f"the probabilities of the branches of chance node {k} must sum to 1; they "
                    f"sum to {totals[j]}"
                )
        else:
            # no chance node: one shared 1 for every node, without memory per node
            unit = np.array(1.0 if kind == "float" else Fraction(1), dtype=prob_c_dtype(kind))
            prob_c = np.broadcast_to(unit, (n,))

        # information sets
        if infoset is None:
            info = np.broadcast_to(np.array(-1, dtype=np.int64), (n,))
            info_names: tuple[str, ...] = ()
        else:
            info, info_names = _codes(infoset, "infoset", n, infoset_names, "infoset_names", True)
            named = info >= 0
            bad = named & (node_kind != DECISION)
            if bad.any():
                k = _first_bad(bad)
                raise InvalidGameError(
                    f"infoset[{k}] = {infoset[k]!r}, but node {k} is not a decision node; only "
                    "decision nodes belong to information sets"
                )
            info = info if identity else info[order]
            info = _check_infosets(info, info_names, cwho, cn, first, cact, act_names, order)

        labs: tuple[str | None, ...] | None = None
        if labels is not None:
            if isinstance(labels, str) or len(labels) != n_out:
                raise InvalidGameError(
                    f"labels must give one label (or None) per outcome ({n_out}); got {labels!r}"
                    if isinstance(labels, str)
                    else f"labels must give one label (or None) per outcome ({n_out}); "
                    f"got {len(labels)}"
                )
            user = list(labels)
            for k, v in enumerate(user):
                if v is not None and not isinstance(v, str):
                    raise ArgumentTypeError(f"labels[{k}] must be a string or None; got {v!r}")
            if identity:
                labs = tuple(user)
            else:
                column = np.full(n, -1, dtype=np.int64)
                column[leaves_user] = np.arange(n_out, dtype=np.int64)
                labs = tuple(user[c] for c in column[order[cleaf_user]].tolist())

        return cls(
            players=names,
            kind=kind,
            parent=_readonly(cpar.copy() if cpar is par else cpar),
            node_kind=_readonly(ckind),
            player=_readonly(cwho.copy() if cwho is who else cwho),
            action=_readonly(cact),
            action_names=act_names,
            infoset=_readonly(info),
            infoset_names=info_names,
            probability=_readonly(prob_c),
            first=_readonly(first),
            n_children=_readonly(cn.copy() if cn is n_children else cn),
            levels=_readonly(levels),
            leaf=_readonly(leaf),
            payoffs=_readonly(cpay if cpay is not pay else cpay.copy()),
            labels=labs,
            source=_readonly(order),
        )

    @classmethod
    def from_game(cls, tree: Any) -> TreeArrays:
        """The arrays of a tree built from nodes (breadth first: already in level order)."""
        from arbiter.games.tree import Decision, Outcome

        if tree.kind == "symbolic":
            raise NotSupportedError(
                "a tree with free parameters has no array form; give them values first "
                "(tree.subs({...}))"
            )
        index = {p: k for k, p in enumerate(tree.players)}
        nodes: list[Any] = [tree.root]
        parent = [-1]
        action: list[str] = [""]
        probs: list[Any] = [None]
        player: list[int] = []
        info: list[str | None] = []
        pays: list[tuple[Any, ...]] = []
        labels: list[str | None] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            kind = type(node)
            if kind is Outcome:
                player.append(-1)
                info.append(None)
                pays.append(node.payoffs)
                labels.append(node.label)
            elif kind is Decision:
                player.append(index[node.player])
                info.append(node.infoset)
                names, kids = zip(*node.moves)
                nodes.extend(kids)
                parent.extend([i] * len(kids))
                action.extend(names)
                probs.extend([None] * len(kids))
            else:
                player.append(-1)
                info.append(None)
                names, chances, kids = zip(*node.branches)
                nodes.extend(kids)
                parent.extend([i] * len(kids))
                action.extend(names)
                probs.extend(chances)
            i += 1
        payoffs = np.array(pays, dtype=np.float64 if tree.kind == "float" else object).T
        payoffs = payoffs.reshape(len(tree.players), len(pays))
        return cls.build(
            parent=np.array(parent, dtype=np.int64),
            player=np.array(player, dtype=np.int64),
            action=action,
            payoffs=payoffs,
            players=tree.players,
            infoset=info if any(h is not None for h in info) else None,
            probabilities=probs if len(probs) > 1 else None,
            labels=labels if any(lab is not None for lab in labels) else None,
        )

    # --------------------------------------------------------------- views
    def children_labels(self, i: int) -> tuple[str, ...]:
        f = int(self.first[i])
        names = self.action_names
        return tuple(names[a] for a in self.action[f : f + int(self.n_children[i])].tolist())

    def path(self, i: int) -> tuple[str, ...]:
        """The path (action and branch names from the root) of node ``i``."""
        out = []
        parent, action, names = self.parent, self.action, self.action_names
        while i > 0:
            out.append(names[int(action[i])])
            i = int(parent[i])
        return tuple(reversed(out))

    def path_texts(self, nodes: np.ndarray) -> dict[int, str]:
        """``{node: "a/b/c"}`` (``"root"`` for the root) for the given nodes, level by level."""
        want = np.zeros(self.n_nodes, dtype=bool)
        want[nodes] = True
        # every ancestor of a wanted node is needed too
        todo = np.flatnonzero(want)
        while todo.size:
            up = self.parent[todo]
            up = up[up >= 0]
            up = up[~want[up]]
            want[up] = True
            todo = np.unique(up)
        text: dict[int, str] = {0: ""}
        names = self.action_names
        parent, action = self.parent, self.action
        levels = self.levels.tolist()
        for d in range(1, len(levels) - 1):
            lo, hi = levels[d], levels[d + 1]
            sel = np.flatnonzero(want[lo:hi]) + lo
            if not sel.size:
                continue
            ps = parent[sel].tolist()
            acts = action[sel].tolist()
            if d == 1:
                for x, a in zip(sel.tolist(), acts):
                    text[x] = names[a]
            else:
                for x, p, a in zip(sel.tolist(), ps, acts):
                    text[x] = f"{text[p]}/{names[a]}"
        out = {int(x): text[int(x)] or "root" for x in np.asarray(nodes).tolist()}
        return out

    def preorder(self) -> np.ndarray:
        """Every node's position in a depth-first walk (children in order)."""
        n = self.n_nodes
        size = np.ones(n, dtype=np.int64)
        levels = self.levels.tolist()
        parent = self.parent
        for d in range(len(levels) - 2, 0, -1):
            lo, hi, plo = levels[d], levels[d + 1], levels[d - 1]
            size[plo:lo] += np.bincount(
                parent[lo:hi] - plo, weights=size[lo:hi], minlength=lo - plo
            ).astype(np.int64)
        pre = np.zeros(n, dtype=np.int64)
        for d in range(1, len(levels) - 1):
            lo, hi = levels[d], levels[d + 1]
            s = size[lo:hi]
            par = parent[lo:hi]
            # offset among siblings: exclusive cumulative sum of sizes within each parent
            csum = np.cumsum(s) - s
            start = self.first[par]
            base = csum[start - lo]
            pre[lo:hi] = pre[par] + 1 + csum - base
        return pre

    def infoset_name_of(self, nodes: np.ndarray) -> dict[int, str]:
        """The information-set name of each given decision node."""
        nodes = np.asarray(nodes, dtype=np.int64)
        codes = self.infoset[nodes]
        out: dict[int, str] = {}
        named = codes >= 0
        for x, c in zip(nodes[named].tolist(), codes[named].tolist()):
            out[x] = self.infoset_names[c]
        rest = nodes[~named]
        if rest.size:
            texts = self.path_texts(rest)
            players = self.players
            for x, p in zip(rest.tolist(), self.player[rest].tolist()):
                out[x] = f"{players[p]}:{texts[x]}"
        return out

    def decision_names(self) -> list[str | None]:
        """The information-set name of every node (``None`` off decision nodes).

        One Python step per internal node: the path texts are built level by
        level, each from its parent's.
        """
        n = self.n_nodes
        text: list[Any] = [None] * n
        text[0] = ""
        names = self.action_names
        internal = self.node_kind != OUTCOME
        levels = self.levels.tolist()
        for d in range(1, len(levels) - 1):
            lo, hi = levels[d], levels[d + 1]
            sel = np.flatnonzero(internal[lo:hi]) + lo
            if not sel.size:
                continue
            xs = sel.tolist()
            steps = [names[k] for k in self.action[sel].tolist()]
            if d == 1:
                for x, s in zip(xs, steps):
                    text[x] = s
            else:
                parents = [text[p] for p in self.parent[sel].tolist()]
                for x, t, s in zip(xs, parents, steps):
                    text[x] = f"{t}/{s}"
        players = [f"{p}:" for p in self.players]
        out: list[str | None] = [None] * n
        decisions = np.flatnonzero(self.node_kind == DECISION)
        codes = self.infoset[decisions].tolist()
        movers = self.player[decisions].tolist()
        infonames = self.infoset_names
        for x, c, p in zip(decisions.tolist(), codes, movers):
            out[x] = infonames[c] if c >= 0 else players[p] + (text[x] or "root")
        return out

    # ---------------------------------------------------------------- nodes
    def root_node(self) -> Any:
        """The node objects of the tree (built bottom-up, one Python pass)."""
        from arbiter.games.tree import Chance, Decision, Outcome

        n = self.n_nodes
        built: list[Any] = [None] * n
        kinds = self.node_kind.tolist()
        first = self.first.tolist()
        nch = self.n_children.tolist()
        action = self.action.tolist()
        names = self.action_names
        players = self.players
        player = self.player.tolist()
        info = self.infoset.tolist()
        infonames = self.infoset_names
        leaf = self.leaf.tolist()
        columns = self.payoffs.T.tolist()
        labels = self.labels
        probs = self.probability.tolist()
        for i in range(n - 1, -1, -1):
            k = kinds[i]
            if k == OUTCOME:
                col = leaf[i]
                built[i] = Outcome(
                    tuple(columns[col]), None if labels is None else labels[col], keyed=False
                )
                continue
            f = first[i]
            kids = range(f, f + nch[i])
            if k == DECISION:
                built[i] = Decision(
                    players[player[i]],
                    tuple((names[action[c]], built[c]) for c in kids),
                    None if info[i] < 0 else infonames[info[i]],
                )
            else:
                built[i] = Chance(tuple((names[action[c]], probs[c], built[c]) for c in kids))
        return built[0]


def _check_infosets(
    info: np.ndarray,
    info_names: tuple[str, ...],
    who: np.ndarray,
    n_children: np.ndarray,
    first: np.ndarray,
    action: np.ndarray,
    action_names: tuple[str, ...],
    order: np.ndarray,
) -> np.ndarray:
    """Members of one information set: one player, the same actions in the same order."""
    members = np.flatnonzero(info >= 0)
    if not members.size:
        return info
    codes = info[members]
    rep = np.full(len(info_names), -1, dtype=np.int64)
    rep[codes[::-1]] = members[::-1]  # the first member of each set
    lead = rep[codes]
    bad = who[members] != who[lead]
    if bad.any():
        j = _first_bad(bad)
        raise InvalidGameError(
            f"information set {info_names[codes[j]]!r} mixes players {int(who[lead[j]])} (at "
            f"node {int(order[lead[j]])}) and {int(who[members[j]])} (at node "
            f"{int(order[members[j]])})"
        )
    bad = n_children[members] != n_children[lead]
    if not bad.any():
        size = n_children[members]
        offs = np.arange(int(size.sum()), dtype=np.int64) - np.repeat(np.cumsum(size) - size, size)
        mine = np.repeat(first[members], size) + offs
        theirs = np.repeat(first[lead], size) + offs
        diff = action[mine] != action[theirs]
        if diff.any():
            bad = np.zeros(members.size, dtype=bool)
            bad[np.repeat(np.arange(members.size), size)[diff]] = True
    if bad.any():
        j = _first_bad(bad)

        def acts(x: int) -> tuple[str, ...]:
            f = int(first[x])
            return tuple(action_names[a] for a in action[f : f + int(n_children[x])].tolist())

        raise InvalidGameError(
            f"information set {info_names[codes[j]]!r} has different actions at node "
            f"{int(order[lead[j]])} {acts(int(lead[j]))} and at node {int(order[members[j]])} "
            f"{acts(int(members[j]))}"
        )
    return info
