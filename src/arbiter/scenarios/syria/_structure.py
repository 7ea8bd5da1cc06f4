"""A :class:`~arbiter.leverage.CommitmentStructure` for a hand-built commitment tree.

:func:`arbiter.leverage.commitment_structure` puts every obligation node at
the end of the rivals' play. The revised S2 needs Russia's obligation in the
middle of the tree (it withdraws air support, or not, *before* the US
decides and before it takes a side in a war, so that withdrawing and backing
Iran cannot both happen). This module records such a tree's obligation nodes
and leaves in the same structure, so that
:func:`arbiter.leverage.credibility` and the report read it as usual. A
library feature (``commitment_structure`` with obligation nodes placed by
the caller) would make it unnecessary.
"""

from __future__ import annotations

from typing import Any

from arbiter.games.tree import Chance, Decision, Outcome, SequentialGame
from arbiter.leverage.commitment import (
    BACK_DOWN,
    CARRY_OUT,
    CommitmentStructure,
    Leaf,
    Obligation,
)
from arbiter.leverage.instruments import Threat

__all__ = ["hand_structure"]


def hand_structure(
    game: SequentialGame,
    base: SequentialGame,
    threats: tuple[Threat, ...],
    postures: dict[str, tuple[str, ...]],
    reputation_cost: Any,
) -> CommitmentStructure:
    """The structure of ``game``: its root is the arbiter's posture, and each obligation node
    is a decision of the arbiter with actions ``(carry out, back down)`` whose information
    set starts with ``f"{threat name} at "``."""
    by_name = {t.name: t for t in threats}
    arbiter = threats[0].instrument.wielder
    kinds = tuple((t.name, "threat") for t in threats)
    obligations: list[Obligation] = []
    leaves: list[Leaf] = []

    def walk(
        node: Any,
        path: tuple[str, ...],
        base_path: tuple[str, ...],
        done: tuple[str, ...],
        undone: tuple[str, ...],
    ) -> None:
        if isinstance(node, Outcome):
            leaves.append(Leaf(path, path[0], base_path, node.label or "", done, undone, kinds))
            return
        if isinstance(node, Chance):
            for name, _, child in node.branches:
                walk(child, (*path, name), (*base_path, name), done, undone)
            return
        assert isinstance(node, Decision)
        if node.actions == (CARRY_OUT, BACK_DOWN):
            name = next(n for n in by_name if (node.infoset or "").startswith(f"{n} at "))
            obligations.append(
                Obligation(
                    by_name[name],
                    path[0],
                    path,
                    base_path,
                    node.infoset or "",
                    CARRY_OUT,
                    BACK_DOWN,
                )
            )
            walk(dict(node.moves)[CARRY_OUT], (*path, CARRY_OUT), base_path, (*done, name), undone)
            walk(dict(node.moves)[BACK_DOWN], (*path, BACK_DOWN), base_path, done, (*undone, name))
            return
        for action, child in node.moves:
            step = (*base_path, action) if path else base_path
            walk(child, (*path, action), step, done, undone)

    walk(game.root, (), (), (), ())
    return CommitmentStructure(
        game=game,
        base=base,
        arbiter=arbiter,
        commitments=tuple(threats),
        postures=tuple(postures.items()),
        reputation_costs=tuple((t.name, reputation_cost) for t in threats),
        obligations=tuple(obligations),
        leaves=tuple(leaves),
    )
