"""Commitment games: the arbiter announces threats, the rivals move, the arbiter decides.

:func:`commitment_game` turns a *base game* (a tree in which the rivals move
and every player, the arbiter included, has a payoff at each outcome) and a
set of threats and promises into a larger tree:

1. the arbiter first chooses a *posture*: which of its threats and promises
   to announce (every subset by default, or the postures you name);
2. the rivals play the base game, having seen the posture;
3. at each outcome where an announced threat's trigger (or a promise's
   restraint) was played, the arbiter decides whether to carry it out: the
   target's payoff changes by the instrument's effect and the arbiter pays its
   cost; or to back down, paying the *reputation cost* of breaking its word
   (a parameter, possibly zero).

**Outcome labels are the base game's labels.** A leaf reached after the
arbiter carried out a threat (or delivered a promise) keeps the label of the
base outcome it follows: peace with a promised trade deal delivered is still
``"status quo"``, so the status quo of the base game is recognisable whatever
the arbiter did. What the arbiter did is recorded beside the labels, in a
:class:`CommitmentStructure` (:func:`commitment_structure`): each commitment
with its trigger and instrument, the postures, every *obligation node* (the
decision node where a commitment is carried out or abandoned: its tree path
and its information set) and, for every leaf, which commitments were carried
out and which abandoned on the way. Nothing in arbiter reads that back from
labels or information-set names: pass the structure along, usually as
``Model(..., commitments=structure)``
(:class:`~arbiter.games.model.Model`), and :func:`~arbiter.leverage.credibility`
and the report use it.

Whether the arbiter would really carry out a threat is then a question the
solvers answer (see :mod:`arbiter.leverage.credibility`).

>>> from arbiter.games.tree import SequentialGame, decision, outcome
>>> from arbiter.leverage.instruments import Instrument, Threat
>>> base = SequentialGame(decision("Iran", {
...     "Restrain": outcome({"Iran": 0, "Russia": 2}, label="status quo"),
...     "Entrench": outcome({"Iran": 3, "Russia": 0}, label="entrenched"),
... }), players=("Iran", "Russia"))
>>> air = Instrument("withdraw air support", "Russia", "Iran", effect=5, cost=1)
>>> game = commitment_game(base, [Threat(air, "Entrench")], reputation_cost=2)
>>> game.node_at(("withdraw air support", "Entrench")).actions
('carry out', 'back down')
>>> game.label_of(("withdraw air support", "Entrench", "carry out"))
'entrenched'
>>> structure = commitment_structure(base, [Threat(air, "Entrench")], reputation_cost=2)
>>> structure.game == game
True
>>> for o in structure.nodes("withdraw air support"):
...     print(o.path)
('withdraw air support', 'Entrench')
>>> leaf = structure.leaf(("withdraw air support", "Entrench", "carry out"))
>>> leaf.label, leaf.carried_out, leaf.describe()
('entrenched', ('withdraw air support',), 'entrenched; withdraw air support carried out')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, InvalidGameError
from arbiter.games.tree import Chance, Decision, Node, Outcome, SequentialGame, chance, decision
from arbiter.games.tree import outcome as make_outcome
from arbiter.leverage.instruments import Promise, Threat

__all__ = [
    "BACK_DOWN",
    "CARRY_OUT",
    "DELIVER",
    "NO_THREAT",
    "POSTURE",
    "RENEGE",
    "CommitmentStructure",
    "Leaf",
    "Obligation",
    "commitment_game",
    "commitment_structure",
    "posture_name",
]

#: The arbiter's actions at a threat's obligation node: keep its word, break it.
CARRY_OUT = "carry out"
BACK_DOWN = "back down"
#: The arbiter's actions at a promise's obligation node: keep its word, break it.
DELIVER = "deliver"
RENEGE = "renege"
#: The name of the posture that announces nothing (default postures).
NO_THREAT = "no threat"
#: The information set of the arbiter's first move, the choice of posture.
POSTURE = "posture"

Commitment = Threat | Promise


def _kind(c: Commitment) -> str:
    return "threat" if isinstance(c, Threat) else "promise"


def _actions(c: Commitment) -> tuple[str, str]:
    return (CARRY_OUT, BACK_DOWN) if isinstance(c, Threat) else (DELIVER, RENEGE)


def _verbs(c: Commitment) -> tuple[str, str]:
    return ("carried out", "backed down") if isinstance(c, Threat) else ("delivered", "reneged")


# ====================================================================== the structure
@dataclass(frozen=True)
class Obligation:
    """A decision node of the arbiter where it carries out or abandons one commitment.

    Attributes
    ----------
    commitment:
        The :class:`~arbiter.leverage.instruments.Threat` or
        :class:`~arbiter.leverage.instruments.Promise` at stake.
    posture:
        The posture (the arbiter's first action) under which it was announced.
    path:
        The node's path from the root of the commitment game (posture, the
        base game's moves, and the arbiter's actions at earlier obligation
        nodes of the same leaf).
    base_path:
        The path in the base game whose end triggered the obligation.
    infoset:
        The node's information set (its name is for display only).
    carry_out, abandon:
        The two action names: ``"carry out"`` / ``"back down"`` for a threat,
        ``"deliver"`` / ``"renege"`` for a promise.
    """

    commitment: Commitment
    posture: str
    path: tuple[str, ...]
    base_path: tuple[str, ...]
    infoset: str
    carry_out: str
    abandon: str

    @property
    def name(self) -> str:
        """The instrument's name."""
        return self.commitment.name

    @property
    def kind(self) -> str:
        """``"threat"`` or ``"promise"``."""
        return _kind(self.commitment)


@dataclass(frozen=True)
class Leaf:
    """An outcome of the commitment game, with what the arbiter did on the way to it.

    Attributes
    ----------
    path:
        The leaf's path from the root of the commitment game.
    posture:
        The posture chosen at the root.
    base_path:
        The path in the base game that the leaf follows.
    label:
        The outcome's label: the base game's label (``"status quo"``).
    carried_out:
        The commitments carried out (threats) or delivered (promises) on the
        way, in order.
    abandoned:
        The commitments backed down from (threats) or reneged on (promises).
    """

    path: tuple[str, ...]
    posture: str
    base_path: tuple[str, ...]
    label: str
    carried_out: tuple[str, ...] = ()
    abandoned: tuple[str, ...] = ()
    kinds: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def describe(self) -> str:
        """The label with what the arbiter did: ``"status quo; trade deal delivered"``.

        For display only; arbiter never reads it back.
        """
        kinds = dict(self.kinds)
        parts = [self.label]
        for name in self._order():
            done, undone = (
                ("carried out", "backed down")
                if kinds.get(name) == "threat"
                else ("delivered", "reneged")
            )
            parts.append(f"{name} {done if name in self.carried_out else undone}")
        return "; ".join(parts)

    def _order(self) -> tuple[str, ...]:
        order = tuple(n for n, _ in self.kinds)
        done = set(self.carried_out) | set(self.abandoned)
        return tuple(n for n in order if n in done)


@dataclass(frozen=True)
class CommitmentStructure:
    """What :func:`commitment_game` built: commitments, postures, obligation nodes, leaves.

    It describes the shape of :attr:`game` and stays valid for any
    substitution of its parameters (``game.subs(...)``, ``Model.at(...)``):
    paths and information sets do not change.

    Attributes
    ----------
    game:
        The commitment game (a :class:`~arbiter.games.tree.SequentialGame`).
    base:
        The rivals' game it was built from.
    arbiter:
        The player who announces and decides.
    commitments:
        The threats and promises, in the order given.
    postures:
        ``((posture name, (commitment names ...)), ...)`` in the order of the
        arbiter's first move.
    reputation_costs:
        ``((commitment name, cost of abandoning it), ...)``.
    obligations:
        Every :class:`Obligation`, depth first (tree order).
    leaves:
        Every :class:`Leaf`, depth first (tree order).
    """

    game: SequentialGame
    base: SequentialGame
    arbiter: str
    commitments: tuple[Commitment, ...]
    postures: tuple[tuple[str, tuple[str, ...]], ...]
    reputation_costs: tuple[tuple[str, Any], ...]
    obligations: tuple[Obligation, ...]
    leaves: tuple[Leaf, ...]
    _leaf_index: dict[tuple[str, ...], Leaf] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._leaf_index.update((leaf.path, leaf) for leaf in self.leaves)

    def __hash__(self) -> int:
        return hash((self.game, self.arbiter, self.commitments, self.postures))

    @property
    def names(self) -> tuple[str, ...]:
        """The commitments' (instruments') names, in order."""
        return tuple(c.name for c in self.commitments)

    @property
    def posture_infoset(self) -> str:
        """The information set of the arbiter's choice of posture."""
        return POSTURE

    def commitment(self, name: Any) -> Commitment:
        """The threat or promise called ``name`` (or given itself)."""
        key = self._name(name)
        return next(c for c in self.commitments if c.name == key)

    def kind(self, name: Any) -> str:
        """``"threat"`` or ``"promise"``."""
        return _kind(self.commitment(name))

    def announced(self, posture: str) -> tuple[str, ...]:
        """The commitments announced under ``posture``."""
        table = dict(self.postures)
        if posture not in table:
            raise InvalidArgumentError(
                f"unknown posture {posture!r}; the postures are {list(table)}"
            )
        return table[posture]

    def nodes(self, name: Any, posture: str | None = None) -> tuple[Obligation, ...]:
        """The obligation nodes of commitment ``name`` (under ``posture`` only, if given)."""
        key = self._name(name)
        if posture is not None:
            self.announced(posture)
        return tuple(
            o
            for o in self.obligations
            if o.name == key and (posture is None or o.posture == posture)
        )

    def infosets(self, name: Any) -> tuple[str, ...]:
        """The information sets of the obligation nodes of ``name``, in tree order."""
        return tuple(o.infoset for o in self.nodes(name))

    def leaf(self, path: Sequence[str]) -> Leaf:
        """The :class:`Leaf` at ``path``."""
        try:
            return self._leaf_index[tuple(path)]
        except KeyError:
            raise InvalidArgumentError(
                f"there is no outcome at path {tuple(path)!r} of the commitment game"
            ) from None

    def describe(self, distribution: Mapping[tuple[str, ...], Any]) -> dict[str, Any]:
        """``{path: probability}`` as ``{description: probability}`` (see :meth:`Leaf.describe`).

        For a distribution from
        :meth:`~arbiter.games.tree.SequentialGame.outcome_distribution`:
        ``{"status quo; trade deal delivered": 1}``.
        """
        out: dict[str, Any] = {}
        for path, p in distribution.items():
            text = self.leaf(path).describe()
            out[text] = out[text] + p if text in out else p
        return out

    def _name(self, name: Any) -> str:
        if isinstance(name, (Threat, Promise)):
            name = name.name
        if not isinstance(name, str):
            raise ArgumentTypeError(
                f"a commitment is named by its instrument's name or given as a Threat/Promise; "
                f"got {name!r}"
            )
        if name not in self.names:
            raise InvalidArgumentError(
                f"no commitment {name!r}; the threats and promises are {sorted(self.names)}"
            )
        return name

    def check_game(self, game: Any) -> None:
        """Raise unless ``game`` has this structure's obligation nodes (``game`` may be
        :attr:`game` with parameters substituted)."""
        if game is self.game:
            return
        if not isinstance(game, SequentialGame):
            raise ArgumentTypeError(
                f"a commitment structure describes a SequentialGame; got {type(game).__name__}"
            )
        for o in self.obligations:
            try:
                node = game.node_at(o.path)
            except InvalidArgumentError:
                node = None
            if (
                not isinstance(node, Decision)
                or node.player != self.arbiter
                or node.actions != (o.carry_out, o.abandon)
            ):
                raise InvalidArgumentError(
                    f"the game does not match the commitment structure: no obligation node of "
                    f"{o.name!r} for {self.arbiter!r} at {o.path!r}"
                )


# ====================================================================== building
def posture_name(commitments: Sequence[Commitment]) -> str:
    """The default name of a posture: its instruments joined by ' + ', or 'no threat'."""
    return " + ".join(c.name for c in commitments) if commitments else NO_THREAT


def _postures(
    commitments: tuple[Commitment, ...],
    postures: Mapping[str, Sequence[Commitment | str]] | None,
) -> dict[str, tuple[Commitment, ...]]:
    by_name = {c.name: c for c in commitments}
    if postures is None:
        out = {}
        for r in range(len(commitments) + 1):
            for combo in combinations(commitments, r):
                out[posture_name(combo)] = combo
        return out
    if not isinstance(postures, Mapping) or not postures:
        raise ArgumentTypeError(
            f"postures must be a non-empty mapping {{name: [threats]}}; got {postures!r}"
        )
    out = {}
    for name, members in postures.items():
        resolved = []
        for m in members:
            key = m if isinstance(m, str) else m.name
            if key not in by_name:
                raise InvalidArgumentError(
                    f"posture {name!r} names {key!r}, which is not among the threats and "
                    f"promises {sorted(by_name)}"
                )
            resolved.append(by_name[key])
        out[name] = tuple(resolved)
    return out


def _reputation(reputation_cost: Any, c: Commitment) -> Any:
    if isinstance(reputation_cost, Mapping):
        if c.name not in reputation_cost:
            raise InvalidArgumentError(
                f"reputation_cost has no entry for {c.name!r}; it has {sorted(reputation_cost)}"
            )
        return reputation_cost[c.name]
    return reputation_cost


def commitment_game(
    base: SequentialGame,
    commitments: Iterable[Commitment],
    *,
    reputation_cost: Any = 0,
    postures: Mapping[str, Sequence[Commitment | str]] | None = None,
) -> SequentialGame:
    """The tree in which the arbiter announces, the rivals play ``base``, and the arbiter acts.

    The same as ``commitment_structure(...).game``; use
    :func:`commitment_structure` to keep the record of what the arbiter can
    do where (and give it to the :class:`~arbiter.games.model.Model`).

    Parameters
    ----------
    base:
        The rivals' game; every outcome pays every player, the arbiter included.
    commitments:
        Threats and promises, all wielded by the same arbiter, with distinct
        instrument names.
    reputation_cost:
        The arbiter's cost of backing down from an announced commitment: one
        value for all, or a mapping from instrument name to value.
    postures:
        ``{posture name: [threats or their names]}``; default: every subset,
        named by :func:`posture_name`.
    """
    return commitment_structure(
        base, commitments, reputation_cost=reputation_cost, postures=postures
    ).game


def commitment_structure(
    base: SequentialGame,
    commitments: Iterable[Commitment],
    *,
    reputation_cost: Any = 0,
    postures: Mapping[str, Sequence[Commitment | str]] | None = None,
) -> CommitmentStructure:
    """Build the commitment game and its :class:`CommitmentStructure` (arguments as in
    :func:`commitment_game`; the game is the structure's :attr:`~CommitmentStructure.game`).

    >>> from arbiter.games.tree import SequentialGame, decision, outcome
    >>> from arbiter.leverage.instruments import Instrument, Promise
    >>> base = SequentialGame(decision("India", {
    ...     "restrain": outcome({"India": 0, "US": 2}, label="status quo"),
    ...     "escalate": outcome({"India": 3, "US": 0}, label="escalation"),
    ... }), players=("India", "US"))
    >>> deal = Instrument("trade deal", "US", "India", effect=4, cost=1, kind="benefit")
    >>> s = commitment_structure(base, [Promise(deal, "restrain")], reputation_cost=2)
    >>> s.postures
    (('no threat', ()), ('trade deal', ('trade deal',)))
    >>> for o in s.obligations:
    ...     print(o.path, o.carry_out, o.abandon)
    ('trade deal', 'restrain') deliver renege
    >>> for leaf in s.leaves:
    ...     print(leaf.path, leaf.label, leaf.carried_out, leaf.abandoned)
    ('no threat', 'restrain') status quo () ()
    ('no threat', 'escalate') escalation () ()
    ('trade deal', 'restrain', 'deliver') status quo ('trade deal',) ()
    ('trade deal', 'restrain', 'renege') status quo () ('trade deal',)
    ('trade deal', 'escalate') escalation () ()
    """
    if not isinstance(base, SequentialGame):
        raise ArgumentTypeError(f"base must be a SequentialGame; got {type(base).__name__}")
    commitments = tuple(commitments)
    if not commitments:
        raise InvalidArgumentError("commitments must name at least one threat or promise")
    for c in commitments:
        if not isinstance(c, (Threat, Promise)):
            raise ArgumentTypeError(f"commitments must be Threat or Promise values; got {c!r}")
    arbiters = {c.instrument.wielder for c in commitments}
    if len(arbiters) != 1:
        raise InvalidArgumentError(f"all commitments must have one wielder; got {sorted(arbiters)}")
    arbiter = arbiters.pop()
    names = [c.name for c in commitments]
    if len(set(names)) != len(names):
        raise InvalidArgumentError(f"instrument names must be distinct; got {names}")
    for c in commitments:
        for who in (arbiter, c.instrument.target):
            if who not in base.players:
                raise InvalidGameError(
                    f"{c.name!r} involves {who!r}, who is not a player of the base game "
                    f"{list(base.players)}"
                )
    moves = {(n.player, a) for _, n in base.nodes() if isinstance(n, Decision) for a in n.actions}
    for c in commitments:
        if (c.instrument.target, c.trigger) not in moves:
            raise InvalidGameError(
                f"{c.name!r} is triggered by {c.instrument.target!r} playing {c.trigger!r}, "
                "but the base game has no such move"
            )
    players = base.players
    index = {p: i for i, p in enumerate(players)}
    table = _postures(commitments, postures)
    reputations = tuple((c.name, _reputation(reputation_cost, c)) for c in commitments)
    reputation = dict(reputations)
    kinds = tuple((c.name, _kind(c)) for c in commitments)
    obligations: list[tuple[tuple[str, ...], Obligation]] = []
    leaves: list[Leaf] = []

    def finish(
        values: list[Any],
        label: str,
        pending: list[Commitment],
        where: str,
        at: tuple[str, ...],
        posture: str,
        base_path: tuple[str, ...],
        done: tuple[str, ...],
        undone: tuple[str, ...],
    ) -> Node:
        if not pending:
            leaves.append(Leaf(at, posture, base_path, label, done, undone, kinds))
            return make_outcome(dict(zip(players, values)), label=label)
        c, rest = pending[0], pending[1:]
        keep, abandon = _actions(c)
        carried = list(values)
        carried[index[c.instrument.target]] += c.instrument.target_change
        carried[index[arbiter]] -= c.instrument.cost
        backed = list(values)
        backed[index[arbiter]] -= reputation[c.name]
        infoset = f"{c.name} at {where}"
        obligations.append((at, Obligation(c, posture, at, base_path, infoset, keep, abandon)))
        common = (label, rest)
        return decision(
            arbiter,
            {
                keep: finish(
                    carried,
                    *common,
                    f"{where}/{keep}",
                    (*at, keep),
                    posture,
                    base_path,
                    (*done, c.name),
                    undone,
                ),
                abandon: finish(
                    backed,
                    *common,
                    f"{where}/{abandon}",
                    (*at, abandon),
                    posture,
                    base_path,
                    done,
                    (*undone, c.name),
                ),
            },
            infoset=infoset,
        )

    def copy(
        node: Node,
        posture: str,
        announced: tuple[Commitment, ...],
        path: tuple[tuple[str, str], ...],
    ) -> Node:
        if isinstance(node, Outcome):
            played = set(path)
            pending = [c for c in announced if (c.instrument.target, c.trigger) in played]
            base_path = tuple(a for _, a in path)
            where = "/".join((posture, *base_path))
            label = node.label or "/".join(base_path) or "outcome"
            return finish(
                list(node.payoffs),
                label,
                pending,
                where,
                (posture, *base_path),
                posture,
                base_path,
                (),
                (),
            )
        if isinstance(node, Decision):
            infoset = f"{posture}: {node.infoset}" if node.infoset else None
            moves = {
                a: copy(child, posture, announced, (*path, (node.player, a)))
                for a, child in node.moves
            }
            return decision(node.player, moves, infoset=infoset)
        assert isinstance(node, Chance)
        return chance(
            {
                n: (p, copy(child, posture, announced, (*path, ("chance", n))))
                for n, p, child in node.branches
            }
        )

    root = decision(
        arbiter,
        {name: copy(base.root, name, members, ()) for name, members in table.items()},
        infoset=POSTURE,
    )
    game = SequentialGame(root, players=players)
    order = {path: k for k, (path, _) in enumerate(game.nodes())}
    return CommitmentStructure(
        game=game,
        base=base,
        arbiter=arbiter,
        commitments=commitments,
        postures=tuple((name, tuple(c.name for c in members)) for name, members in table.items()),
        reputation_costs=reputations,
        obligations=tuple(o for _, o in sorted(obligations, key=lambda t: order[t[0]])),
        leaves=tuple(sorted(leaves, key=lambda leaf: order[leaf.path])),
    )
