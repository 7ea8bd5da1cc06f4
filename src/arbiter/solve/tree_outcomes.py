"""Outcomes of normal-form equilibria of trees.

``nash_equilibria(tree)`` and ``pure_equilibria(tree)`` solve the reduced
strategic form (:meth:`SequentialGame.to_normal_form`); this module maps each
equilibrium, a mixture over reduced plans, back to the tree: the probability
of reaching each labelled outcome.
"""

from __future__ import annotations

import dataclasses
from itertools import product
from typing import Any

from arbiter.games.tree import SequentialGame
from arbiter.solve.result import EquilibriumSet, FrozenMap

__all__ = ["with_outcomes"]


def _outcome_of(tree: SequentialGame, plans: list[tuple[Any, ...]], strategies: Any) -> FrozenMap:
    supports = [
        [(plan, prob) for plan, prob in zip(player_plans, probs) if prob != 0]
        for player_plans, probs in zip(plans, strategies)
    ]
    total: dict[str, Any] = {}
    for combo in product(*supports):
        weight: Any = 1
        for _, prob in combo:
            weight = weight * prob
        dist = tree.outcome_labels(tree.outcome_distribution([dict(plan) for plan, _ in combo]))
        for label, prob in dist.items():
            total[label] = total.get(label, 0) + weight * prob
    return FrozenMap(total)


def with_outcomes(tree: SequentialGame, result: EquilibriumSet) -> EquilibriumSet:
    """The same equilibria, each with ``outcome`` filled in from the tree."""
    plans = [tree.reduced_strategies(p) for p in tree.players]
    eqs = tuple(
        dataclasses.replace(eq, outcome=_outcome_of(tree, plans, eq.strategies))
        for eq in result.equilibria
    )
    return dataclasses.replace(result, equilibria=eqs)
