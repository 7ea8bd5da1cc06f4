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

Outcomes keep the base game's labels when nothing is triggered, so the
status quo of the base game is still recognisable; otherwise the label
records what the arbiter did (``"...; withdraw air support carried out"``).

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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, InvalidGameError
from arbiter.games.tree import Chance, Decision, Node, Outcome, SequentialGame, chance, decision
from arbiter.games.tree import outcome as make_outcome
from arbiter.leverage.instruments import Promise, Threat

__all__ = ["BACK_DOWN", "CARRY_OUT", "NO_THREAT", "commitment_game", "posture_name"]

CARRY_OUT = "carry out"
BACK_DOWN = "back down"
NO_THREAT = "no threat"

Commitment = Threat | Promise


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


def _verb(c: Commitment) -> tuple[str, str]:
    return ("carried out", "backed down") if isinstance(c, Threat) else ("delivered", "reneged")


def commitment_game(
    base: SequentialGame,
    commitments: Iterable[Commitment],
    *,
    reputation_cost: Any = 0,
    postures: Mapping[str, Sequence[Commitment | str]] | None = None,
) -> SequentialGame:
    """The tree in which the arbiter announces, the rivals play ``base``, and the arbiter acts.

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

    def finish(values: list[Any], label: str, pending: list[Commitment], where: str) -> Node:
        if not pending:
            return make_outcome(dict(zip(players, values)), label=label)
        c, rest = pending[0], pending[1:]
        done, undone = _verb(c)
        carried = list(values)
        carried[index[c.instrument.target]] += c.instrument.target_change
        carried[index[arbiter]] -= c.instrument.cost
        backed = list(values)
        backed[index[arbiter]] -= _reputation(reputation_cost, c)
        first, second = (CARRY_OUT, BACK_DOWN) if isinstance(c, Threat) else ("deliver", "renege")
        return decision(
            arbiter,
            {
                first: finish(carried, f"{label}; {c.name} {done}", rest, f"{where}/{first}"),
                second: finish(backed, f"{label}; {c.name} {undone}", rest, f"{where}/{second}"),
            },
            infoset=f"{c.name} at {where}",
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
            where = "/".join((posture, *(a for _, a in path)))
            label = node.label or "/".join(a for _, a in path) or "outcome"
            return finish(list(node.payoffs), label, pending, where)
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
        infoset="posture",
    )
    return SequentialGame(root, players=players)
