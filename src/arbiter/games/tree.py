r"""Sequential (extensive-form) games as immutable trees.

A tree is built bottom-up from three kinds of node:

* :func:`decision` — a player chooses among named actions; nodes that share
  an ``infoset`` name form one information set (the player cannot tell them
  apart), which must have one player and identical action labels. A decision
  node without ``infoset`` is alone in its information set.
* :func:`chance` — nature picks a named branch with the given probability.
* :func:`outcome` — a terminal node: one payoff per player and an optional
  label such as ``"status quo"``.

:class:`SequentialGame` validates the whole tree when it is built: every
outcome pays every player, probabilities are non-negative and sum to one
(exactly, for exact input), information sets are consistent. Payoffs and
probabilities may be floats, exact rationals or sympy expressions; as for
normal forms, the kind is decided once for the whole tree.

Every node is identified by its *path*: the tuple of action and branch
names from the root. Information sets are identified by name; an unnamed
decision node's information set is called ``"<player>:<path>"``.

>>> entry = SequentialGame(decision("Entrant", {
...     "Out": outcome({"Entrant": 0, "Incumbent": 2}, label="no entry"),
...     "In": decision("Incumbent", {
...         "Fight": outcome({"Entrant": -1, "Incumbent": -1}, label="war"),
...         "Accommodate": outcome({"Entrant": 1, "Incumbent": 1}, label="shared market"),
...     }),
... }))
>>> entry.players
('Entrant', 'Incumbent')
>>> entry.to_normal_form().shape
(2, 2)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any, NamedTuple

import numpy as np
import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, InvalidGameError
from arbiter.games.arrays import TreeArrays
from arbiter.games.normal_form import NormalFormGame, _sympy_to_entry
from arbiter.games.numbers import Kind, as_exact, kind_of, substitution, to_sympy

__all__ = [
    "Chance",
    "Decision",
    "Node",
    "Outcome",
    "Plan",
    "SequentialGame",
    "chance",
    "decision",
    "outcome",
]

#: A reduced pure strategy: the action chosen at each relevant information set.
Plan = tuple[tuple[str, str], ...]

#: Above this many pure strategies for one player, to_normal_form refuses.
MAX_PURE_STRATEGIES = 200_000


@dataclass(frozen=True)
class Outcome:
    """A terminal node. ``payoffs`` is a mapping player -> value or a tuple in player order."""

    payoffs: tuple[Any, ...] | tuple[tuple[str, Any], ...]
    label: str | None = None
    keyed: bool = False


@dataclass(frozen=True)
class Decision:
    """A decision node: ``player`` chooses one of ``moves`` (action, child) pairs."""

    player: str
    moves: tuple[tuple[str, Node], ...]
    infoset: str | None = None

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(a for a, _ in self.moves)


@dataclass(frozen=True)
class Chance:
    """A chance node: ``branches`` are (name, probability, child) triples."""

    branches: tuple[tuple[str, Any, Node], ...]


Node = Decision | Chance | Outcome


def outcome(payoffs: Mapping[str, Any] | Sequence[Any], label: str | None = None) -> Outcome:
    """A terminal node paying ``payoffs`` ({player: value}, or a tuple in player order)."""
    if label is not None and not isinstance(label, str):
        raise ArgumentTypeError(f"outcome label must be a string; got {label!r}")
    if isinstance(payoffs, Mapping):
        for k in payoffs:
            if not isinstance(k, str):
                raise ArgumentTypeError(f"outcome payoffs must be keyed by player name; got {k!r}")
        return Outcome(tuple(payoffs.items()), label, keyed=True)
    if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence | np.ndarray):
        raise ArgumentTypeError(
            f"outcome payoffs must be a mapping {{player: value}} or a tuple; got {payoffs!r}"
        )
    return Outcome(tuple(payoffs), label, keyed=False)


def _check_child(node: Any, where: str) -> Node:
    if not isinstance(node, (Decision, Chance, Outcome)):
        raise ArgumentTypeError(
            f"{where} must be a node made by decision(), chance() or outcome(); got {node!r}"
        )
    return node


def decision(player: str, moves: Mapping[str, Node], infoset: str | None = None) -> Decision:
    """A decision node: ``player`` chooses an action; ``moves`` maps action names to subtrees."""
    if not isinstance(player, str) or not player:
        raise ArgumentTypeError(f"player must be a non-empty string; got {player!r}")
    if not isinstance(moves, Mapping) or not moves:
        raise InvalidGameError(
            f"moves of {player!r} must be a non-empty mapping {{action: node}}; got {moves!r}"
        )
    for a, child in moves.items():
        if not isinstance(a, str) or not a:
            raise ArgumentTypeError(f"action names of {player!r} must be strings; got {a!r}")
        _check_child(child, f"the node after action {a!r} of {player!r}")
    if infoset is not None and (not isinstance(infoset, str) or not infoset):
        raise ArgumentTypeError(f"infoset must be a non-empty string; got {infoset!r}")
    return Decision(player, tuple(moves.items()), infoset)


def chance(branches: Mapping[str, tuple[Any, Node]]) -> Chance:
    """A chance node: ``branches`` maps branch names to ``(probability, node)``."""
    if not isinstance(branches, Mapping) or not branches:
        raise InvalidGameError(
            f"branches must be a non-empty mapping {{name: (probability, node)}}; got {branches!r}"
        )
    out = []
    for name, pair in branches.items():
        if not isinstance(name, str) or not name:
            raise ArgumentTypeError(f"chance branch names must be strings; got {name!r}")
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidGameError(
                f"chance branch {name!r} must be a (probability, node) pair; got {pair!r}"
            )
        prob, child = pair
        _check_child(child, f"the node after chance branch {name!r}")
        out.append((name, prob, child))
    return Chance(tuple(out))


def _path_text(path: tuple[str, ...]) -> str:
    return "root" if not path else "/".join(path)


class _Info(NamedTuple):
    """An information set: its player, actions and member node paths.

    A named tuple of strings, which the cyclic garbage collector stops
    tracking after one look: a large tree has one per decision node.
    """

    name: str
    player: str
    actions: tuple[str, ...]
    members: tuple[tuple[str, ...], ...]


class SequentialGame:
    """An immutable game tree, validated when built.

    Parameters
    ----------
    root:
        The root node.
    players:
        Player names in order; default: the order in which players first
        appear in the tree (depth first), then any that appear only in
        outcome mappings.

    Large trees are better built from arrays (:meth:`from_arrays`): they are
    validated with numpy, and their node objects are only built if someone
    asks for them (``root``, ``nodes()``, ``infosets``...).
    """

    __slots__ = ("_arrays", "_infosets", "_kind", "_node_info", "_players", "_root")

    def __init__(self, root: Node, players: Sequence[str] | None = None) -> None:
        self._arrays: TreeArrays | None = None
        _check_child(root, "root")
        self._players = self._resolve_players(root, players)
        self._kind = self._resolve_kind(root)
        self._root = self._normalise(root, ())
        self._infosets, self._node_info = self._collect_infosets()

    @classmethod
    def from_arrays(
        cls,
        parent: Any,
        player: Any,
        action: Any,
        payoffs: Any,
        *,
        players: Sequence[str] | None = None,
        infoset: Any = None,
        probabilities: Any = None,
        labels: Sequence[str | None] | None = None,
        action_names: Sequence[str] | None = None,
        infoset_names: Sequence[str] | None = None,
    ) -> SequentialGame:
        """A tree from node arrays, validated with numpy (see :mod:`arbiter.games.arrays`).

        ``parent[i]`` is node ``i``'s parent (``-1`` for the root, node 0;
        parents come before children); ``player[i]`` the mover's index, ``-1``
        at chance nodes and outcomes; ``action[i]`` the name (or the code into
        ``action_names``) of the move from the parent to ``i``; ``payoffs`` has
        shape ``(n_players, n_outcomes)``, outcomes (nodes without children)
        in node order. ``infoset[i]`` groups decision nodes into information
        sets (``-1``: alone); ``probabilities[i]`` is the probability of the
        chance branch into ``i``; ``labels`` names outcomes; ``players``
        defaults to ``("P1", "P2", ...)``.

        The node objects are built only when asked for; the same game built
        from nodes compares equal.

        >>> game = SequentialGame.from_arrays(
        ...     parent=[-1, 0, 0, 2, 2], player=[0, -1, 1, -1, -1],
        ...     action=["", "Out", "In", "Fight", "Accommodate"],
        ...     payoffs=[[0, -1, 1], [2, -1, 1]], players=("Entrant", "Incumbent"))
        >>> game
        SequentialGame(players=('Entrant', 'Incumbent'), outcomes=3, infosets=2, kind='exact')
        >>> game == SequentialGame(decision("Entrant", {
        ...     "Out": outcome((0, 2)),
        ...     "In": decision("Incumbent", {"Fight": outcome((-1, -1)),
        ...                                  "Accommodate": outcome((1, 1))})}),
        ...     players=("Entrant", "Incumbent"))
        True
        """
        arrays = TreeArrays.build(
            parent=parent,
            player=player,
            action=action,
            payoffs=payoffs,
            players=players,
            infoset=infoset,
            probabilities=probabilities,
            labels=labels,
            action_names=action_names,
            infoset_names=infoset_names,
        )
        game = object.__new__(cls)
        game._arrays = arrays
        game._players = arrays.players
        game._kind = arrays.kind
        return game

    def to_arrays(self) -> TreeArrays:
        """The tree as validated arrays in level order (kept: computed once).

        Numeric trees only (symbolic ones raise
        :class:`~arbiter.errors.NotSupportedError`).
        """
        if self._arrays is None:
            self._arrays = TreeArrays.from_game(self)
        return self._arrays

    @property
    def has_arrays(self) -> bool:
        """Whether the tree holds its array form (built by :meth:`from_arrays` or converted)."""
        return self._arrays is not None

    def __getstate__(self) -> dict[str, Any]:
        # the slots that are set: pickling a tree built from arrays keeps it lazy
        state = {}
        for name in self.__slots__:
            try:
                state[name] = getattr(SequentialGame, name).__get__(self)
            except AttributeError:
                continue
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        # A tree built from arrays builds its nodes (and information-set
        # index) on first use.
        if name in ("_root", "_infosets", "_node_info"):
            arrays = self._arrays
            if arrays is not None:
                self._root = arrays.root_node()
                self._infosets, self._node_info = self._collect_infosets()
                return object.__getattribute__(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # ------------------------------------------------------------ validation
    @staticmethod
    def _resolve_players(root: Node, players: Sequence[str] | None) -> tuple[str, ...]:
        seen: list[str] = []
        keyed: list[str] = []
        stack: list[Node] = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, Decision):
                if node.player not in seen:
                    seen.append(node.player)
                stack.extend(child for _, child in reversed(node.moves))
            elif isinstance(node, Chance):
                stack.extend(child for _, _, child in reversed(node.branches))
            elif node.keyed:
                keyed.extend(k for k, _ in node.payoffs if k not in keyed)
        if players is None:
            names = seen + [k for k in keyed if k not in seen]
        else:
            if isinstance(players, str):
                raise ArgumentTypeError(f"players must be a sequence of names; got {players!r}")
            names = list(players)
            for n in names:
                if not isinstance(n, str) or not n:
                    raise ArgumentTypeError(f"players must be non-empty strings; got {n!r}")
            if len(set(names)) != len(names):
                raise InvalidGameError(f"players must be distinct; got {names!r}")
            missing = [p for p in seen if p not in names]
            if missing:
                raise InvalidGameError(
                    f"the tree has decisions by {missing}, not in players={names}"
                )
        if not names:
            raise InvalidGameError("a game needs at least one player")
        return tuple(names)

    def _resolve_kind(self, root: Node) -> Kind:
        values: list[Any] = []
        stack: list[Node] = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, Decision):
                stack.extend(c for _, c in node.moves)
            elif isinstance(node, Chance):
                values.extend(p for _, p, _ in node.branches)
                stack.extend(c for _, _, c in node.branches)
            else:
                values.extend(v for _, v in node.payoffs) if node.keyed else values.extend(
                    node.payoffs
                )
        return kind_of(values, "payoffs and probabilities") if values else "exact"

    def _convert(self, value: Any) -> Any:
        if self._kind == "float":
            return float(value)
        if self._kind == "exact":
            return as_exact(value)
        return to_sympy(value)

    def _normalise(self, node: Node, path: tuple[str, ...]) -> Node:
        where = _path_text(path)
        if isinstance(node, Outcome):
            n = len(self._players)
            if node.keyed:
                given = dict(node.payoffs)
                unknown = [k for k in given if k not in self._players]
                if unknown:
                    raise InvalidGameError(
                        f"outcome at {where} pays unknown players {unknown}; players are "
                        f"{list(self._players)}"
                    )
                missing = [p for p in self._players if p not in given]
                if missing:
                    raise InvalidGameError(f"outcome at {where} has no payoff for {missing}")
                values = tuple(given[p] for p in self._players)
            else:
                values = node.payoffs
                if len(values) != n:
                    raise InvalidGameError(
                        f"outcome at {where} has {len(values)} payoffs; the game has {n} "
                        f"players {list(self._players)}"
                    )
            for p, v in zip(self._players, values):
                kind_of([v], f"payoff of {p!r} at {where}")
            converted = tuple(self._convert(v) for v in values)
            if not node.keyed and all(c is v for c, v in zip(converted, values)):
                return node  # already normal: shared, not copied (fewer objects to track)
            return Outcome(converted, node.label, keyed=False)
        if isinstance(node, Decision):
            children = [self._normalise(child, (*path, a)) for a, child in node.moves]
            if all(new is old for new, (_, old) in zip(children, node.moves)):
                return node
            return Decision(node.player, tuple(zip(node.actions, children)), node.infoset)
        probs = [self._convert(p) for _, p, _ in node.branches]
        names = [name for name, _, _ in node.branches]
        self._check_probabilities(names, probs, where)
        return Chance(
            tuple(
                (name, prob, self._normalise(child, (*path, name)))
                for (name, _, child), prob in zip(node.branches, probs)
            )
        )

    def _check_probabilities(self, names: list[str], probs: list[Any], where: str) -> None:
        for name, p in zip(names, probs):
            negative = (p < 0) if not isinstance(p, sympy.Basic) else p.is_negative
            if negative is True or negative is sympy.true:
                raise InvalidGameError(
                    f"probability of chance branch {name!r} at {where} is negative: {p}"
                )
        total = sum(probs[1:], probs[0])
        if self._kind == "float":
            ok = abs(total - 1) <= 1e-9
        elif self._kind == "exact":
            ok = total == 1
        else:
            ok = sympy.simplify(total - 1) == 0
        if not ok:
            raise InvalidGameError(
                f"chance probabilities at {where} must sum to 1; they sum to {total} "
                f"({dict(zip(names, map(str, probs)))})"
            )

    def _collect_infosets(self) -> tuple[dict[str, _Info], dict[tuple[str, ...], str]]:
        # Few container objects per node (each would be tracked by the cyclic
        # garbage collector): an information set of one node, the usual case
        # in a large tree, is one named tuple of strings.
        infos: dict[str, _Info] = {}
        more: dict[str, list[tuple[tuple[str, ...], Decision]]] = {}
        node_info: dict[tuple[str, ...], str] = {}
        for path, node in self.nodes():
            if isinstance(node, Decision):
                name = node.infoset or f"{node.player}:{_path_text(path)}"
                if name not in infos:
                    infos[name] = _Info(name, node.player, node.actions, (path,))
                else:
                    more.setdefault(name, []).append((path, node))
                node_info[path] = name
        for name, others in more.items():
            first_path = infos[name].members[0]
            first = self.node_at(first_path)
            assert isinstance(first, Decision)
            nodes = [(first_path, first), *others]
            for path, node in nodes[1:]:
                if node.player != first.player:
                    raise InvalidGameError(
                        f"information set {name!r} mixes players {first.player!r} (at "
                        f"{_path_text(first_path)}) and {node.player!r} (at {_path_text(path)})"
                    )
                if node.actions != first.actions:
                    raise InvalidGameError(
                        f"information set {name!r} has different actions at "
                        f"{_path_text(first_path)} {first.actions} and at {_path_text(path)} "
                        f"{node.actions}"
                    )
            # A set may hold a node and its descendant (an absent-minded player, as in
            # Piccione and Rubinstein's driver): a valid tree without perfect recall.
            paths = [p for p, _ in nodes]
            infos[name] = _Info(name, first.player, first.actions, tuple(paths))
        return infos, node_info

    # ------------------------------------------------------------- accessors
    @property
    def root(self) -> Node:
        return self._root

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def kind(self) -> Kind:
        return self._kind

    @property
    def infosets(self) -> dict[str, _Info]:
        """Information sets by name, in depth-first order of first appearance."""
        return dict(self._infosets)

    def infoset_of(self, path: Sequence[str]) -> str:
        """The name of the information set of the decision node at ``path``."""
        try:
            return self._node_info[tuple(path)]
        except KeyError:
            raise InvalidArgumentError(
                f"there is no decision node at path {tuple(path)!r}"
            ) from None

    def nodes(self) -> Iterator[tuple[tuple[str, ...], Node]]:
        """All (path, node) pairs, depth first, children in order."""
        stack: list[tuple[tuple[str, ...], Node]] = [((), self._root)]
        while stack:
            path, node = stack.pop()
            yield path, node
            if isinstance(node, Decision):
                stack.extend(((*path, a), c) for a, c in reversed(node.moves))
            elif isinstance(node, Chance):
                stack.extend(((*path, n), c) for n, _, c in reversed(node.branches))

    def node_at(self, path: Sequence[str]) -> Node:
        """The node reached by following ``path`` from the root."""
        node = self._root
        for step in path:
            if isinstance(node, Decision):
                nxt = dict(node.moves).get(step)
            elif isinstance(node, Chance):
                nxt = next((c for n, _, c in node.branches if n == step), None)
            else:
                nxt = None
            if nxt is None:
                raise InvalidArgumentError(f"path {tuple(path)!r} leaves the tree at {step!r}")
            node = nxt
        return node

    @property
    def outcomes(self) -> tuple[tuple[tuple[str, ...], Outcome], ...]:
        """All (path, outcome) pairs."""
        return tuple((p, n) for p, n in self.nodes() if isinstance(n, Outcome))

    def label_of(self, path: Sequence[str]) -> str:
        """The label of the outcome at ``path``: its own label, else the path ``"a/b/c"``."""
        node = self.node_at(path)
        if not isinstance(node, Outcome):
            raise InvalidArgumentError(f"there is no outcome at path {tuple(path)!r}")
        return node.label if node.label is not None else _path_text(tuple(path))

    def outcome_labels(self, distribution: Mapping[tuple[str, ...], Any]) -> dict[str, Any]:
        """Turn ``{path: probability}`` into ``{label: probability}`` (labels may merge)."""
        out: dict[str, Any] = {}
        for path, prob in distribution.items():
            label = self.label_of(path)
            out[label] = out[label] + prob if label in out else prob
        return out

    @property
    def parameters(self) -> tuple[sympy.Symbol, ...]:
        """The free sympy symbols in payoffs and probabilities, sorted by name."""
        if self._kind != "symbolic":
            return ()
        syms: set[sympy.Symbol] = set()
        for _, node in self.nodes():
            if isinstance(node, Outcome):
                for v in node.payoffs:
                    syms |= v.free_symbols
            elif isinstance(node, Chance):
                for _, p, _ in node.branches:
                    syms |= p.free_symbols
        return tuple(sorted(syms, key=lambda s: s.name))

    @property
    def perfect_recall(self) -> bool:
        """Whether every player always remembers its own earlier information sets and actions."""
        return self.recall_failure() is None

    def recall_failure(self) -> str | None:
        """``None`` under perfect recall; otherwise the name of an information set whose
        nodes the mover can tell apart by its own earlier moves."""
        seen: dict[str, tuple[tuple[str, str], ...]] = {}
        stack: list[tuple[tuple[str, ...], Node, dict[str, tuple[tuple[str, str], ...]]]] = [
            ((), self._root, {})
        ]
        while stack:
            path, node, own = stack.pop()
            if isinstance(node, Decision):
                name = self._node_info[path]
                history = own.get(node.player, ())
                if seen.setdefault(name, history) != history:
                    return name
                for a, child in node.moves:
                    after = dict(own)
                    after[node.player] = (*history, (name, a))
                    stack.append(((*path, a), child, after))
            elif isinstance(node, Chance):
                stack.extend(((*path, n), child, own) for n, _, child in node.branches)
        return None

    def _own_history(self, path: tuple[str, ...], player: str) -> tuple[tuple[str, str], ...]:
        out = []
        for i in range(len(path)):
            node = self.node_at(path[:i])
            if isinstance(node, Decision) and node.player == player:
                out.append((self._node_info[path[:i]], path[i]))
        return tuple(out)

    def subgame_roots(self) -> tuple[tuple[str, ...], ...]:
        """Paths of the nodes that start a subgame (the root included).

        A node starts a subgame when every information set that meets its
        subtree lies entirely inside it.
        """
        paths = [p for p, _ in self.nodes()]
        below: dict[tuple[str, ...], set[str]] = {}
        for path in paths:
            below[path] = set()
        for path, name in self._node_info.items():
            for i in range(len(path) + 1):
                below[path[:i]].add(name)
        roots = []
        for path in paths:
            node = self.node_at(path) if path else self._root
            if isinstance(node, Outcome):
                continue
            inside = all(
                m[: len(path)] == path for name in below[path] for m in self._infosets[name].members
            )
            if inside:
                roots.append(path)
        return tuple(roots)

    # ------------------------------------------------------------ transforms
    def subs(self, values: Mapping[Any, Any]) -> SequentialGame:
        """A new tree with parameters replaced by values (keys: symbols or names)."""
        mapping = substitution(self.parameters, values, numeric=self._kind != "symbolic")
        if not mapping:
            return self

        def rebuild(node: Node) -> Node:
            if isinstance(node, Outcome):
                return Outcome(
                    tuple(_sympy_to_entry(v.xreplace(mapping)) for v in node.payoffs), node.label
                )
            if isinstance(node, Decision):
                return Decision(
                    node.player, tuple((a, rebuild(c)) for a, c in node.moves), node.infoset
                )
            return Chance(
                tuple(
                    (n, _sympy_to_entry(p.xreplace(mapping)), rebuild(c))
                    for n, p, c in node.branches
                )
            )

        return SequentialGame(rebuild(self._root), self._players)

    # ------------------------------------------------------- strategic form
    def reduced_strategies(self, player: str | int) -> tuple[Plan, ...]:
        """The reduced pure strategies of ``player``: plans over its relevant information sets.

        Two pure strategies that differ only at information sets their own
        earlier choices make unreachable are the same reduced strategy.
        """
        p = self._players[player] if isinstance(player, int) else player
        if p not in self._players:
            raise InvalidArgumentError(f"player must be one of {self._players}; got {player!r}")
        names = [n for n, info in self._infosets.items() if info.player == p]
        count = 1
        for n in names:
            count *= len(self._infosets[n].actions)
            if count > MAX_PURE_STRATEGIES:
                raise InvalidArgumentError(
                    f"{p!r} has more than {MAX_PURE_STRATEGIES} pure strategies; the strategic "
                    "form is too large (solve the tree directly, e.g. with subgame_perfect)"
                )
        own = {n: [self._own_history(path, p) for path in self._infosets[n].members] for n in names}
        plans: list[Plan] = []
        seen: set[Plan] = set()
        for choice in product(*(self._infosets[n].actions for n in names)):
            full = dict(zip(names, choice))
            relevant = [
                n for n in names if any(all(full[h] == a for h, a in hist) for hist in own[n])
            ]
            plan = tuple((n, full[n]) for n in relevant)
            if plan not in seen:
                seen.add(plan)
                plans.append(plan)
        return tuple(plans)

    def plan_names(self, player: str | int) -> tuple[str, ...]:
        """Readable names of ``player``'s reduced strategies (actions joined by '/')."""
        plans = self.reduced_strategies(player)
        names = ["/".join(a for _, a in plan) or "(no move)" for plan in plans]
        if len(set(names)) < len(names):
            names = ["/".join(f"{h}={a}" for h, a in plan) or "(no move)" for plan in plans]
        return tuple(names)

    def outcome_distribution(
        self, plans: Sequence[Mapping[str, Any]]
    ) -> dict[tuple[str, ...], Any]:
        """Probability of reaching each outcome (by path) under behaviour ``plans``.

        ``plans`` gives, per player, a mapping infoset -> action (pure) or
        infoset -> {action: probability} (behaviour).
        """
        merged: dict[str, Any] = {}
        for plan in plans:
            merged.update(plan)
        one: Any = 1.0 if self._kind == "float" else Fraction(1)
        out: dict[tuple[str, ...], Any] = {}
        stack: list[tuple[tuple[str, ...], Node, Any]] = [((), self._root, one)]
        while stack:
            path, node, prob = stack.pop()
            if prob == 0:
                continue
            if isinstance(node, Outcome):
                out[path] = out.get(path, 0 * one) + prob
            elif isinstance(node, Chance):
                stack.extend(((*path, n), c, prob * p) for n, p, c in node.branches)
            else:
                choice = merged.get(self._node_info[path])
                if choice is None:
                    raise InvalidArgumentError(
                        f"no action given at information set {self._node_info[path]!r}"
                    )
                if isinstance(choice, str):
                    choice = {choice: one}
                for a, c in node.moves:
                    q = choice.get(a, 0)
                    if q != 0:
                        stack.append(((*path, a), c, prob * q))
        return out

    def to_normal_form(self) -> NormalFormGame:
        """The reduced strategic form: one strategy per reduced plan, expected payoffs."""
        all_plans = [self.reduced_strategies(p) for p in self._players]
        shape = tuple(len(ps) for ps in all_plans)
        payoffs = np.empty((self.n_players, *shape), dtype=object)
        outcomes = dict(self.outcomes)
        zero: Any = 0.0 if self._kind == "float" else Fraction(0)
        if self._kind == "symbolic":
            zero = sympy.Integer(0)
        for idx in product(*(range(k) for k in shape)):
            dist = self.outcome_distribution([dict(all_plans[i][j]) for i, j in enumerate(idx)])
            for p in range(self.n_players):
                total = zero
                for path, prob in dist.items():
                    total = total + prob * outcomes[path].payoffs[p]
                payoffs[(p, *idx)] = sympy.expand(total) if self._kind == "symbolic" else total
        return NormalFormGame(
            payoffs,
            players=self._players,
            actions=[self.plan_names(p) for p in self._players],
        )

    # ------------------------------------------------------------------ values
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SequentialGame):
            return NotImplemented
        if self is other or (self._arrays is not None and self._arrays is other._arrays):
            return True
        return self._players == other._players and self._root == other._root

    def __hash__(self) -> int:
        return hash((self._players, self._root))

    def __repr__(self) -> str:
        arrays = self._arrays
        if arrays is not None:
            n_out = arrays.n_outcomes
            n_info = arrays.n_infosets
        else:
            n_out = len(self.outcomes)
            n_info = len(self._infosets)
        return (
            f"SequentialGame(players={self._players!r}, outcomes={n_out}, "
            f"infosets={n_info}, kind={self._kind!r})"
        )

    def __str__(self) -> str:
        lines: list[str] = []

        def show(node: Node, indent: str, label: str) -> None:
            if isinstance(node, Outcome):
                pays = ", ".join(f"{p}: {v}" for p, v in zip(self._players, node.payoffs))
                tag = f" [{node.label}]" if node.label else ""
                lines.append(f"{indent}{label}({pays}){tag}")
            elif isinstance(node, Decision):
                info = f" ({node.infoset})" if node.infoset else ""
                lines.append(f"{indent}{label}{node.player}{info}")
                for a, c in node.moves:
                    show(c, indent + "  ", f"{a} -> ")
            else:
                lines.append(f"{indent}{label}chance")
                for n, p, c in node.branches:
                    show(c, indent + "  ", f"{n} ({p}) -> ")

        show(self._root, "", "")
        return "\n".join(lines)
