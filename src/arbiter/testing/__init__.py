"""Property-test equilibrium claims: hypothesis strategies and assertions.

For users who want to test their own games, models and equilibrium claims
the way arbiter tests itself. Two halves:

* :mod:`arbiter.testing.strategies`: hypothesis strategies for normal-form
  games (``normal_form_games``, ``bimatrix_games``), trees with chance
  nodes and information sets (``trees``), models with a parameter space
  (``models``) and exact points of a model's box, corners and ties included
  (``points``), points of the simplex (``mixed_strategies``,
  ``mixed_profiles``) and parameter values (``parameter_values``), all
  bounded and shrinking to simple cases;
* :mod:`arbiter.testing.assertions`: ``assert_equilibrium``,
  ``assert_not_equilibrium``, ``assert_same_equilibria``,
  ``assert_includes_equilibria`` and ``assert_certified`` (every result
  type, subgame-perfect sets included), which recompute regrets from the
  payoff table (exactly, for exact games) and explain failures: the maximum
  regret, the player, and its profitable deviation;
* :mod:`arbiter.testing.claims`: ``assert_subgame_perfect`` (recomputed node
  by node), ``assert_status_quo(model, point)`` and
  ``assert_credible(model, commitment, point)``, whose failures name the
  point, the deviation and its gain.

A complete property test: every pure equilibrium arbiter finds in a random
two-player game has zero regret, recomputed independently.

>>> import arbiter
>>> from hypothesis import given, settings
>>> from arbiter.testing import assert_certified, bimatrix_games
>>> @settings(max_examples=10, database=None, deadline=None)
... @given(bimatrix_games(max_actions=3))
... def test_pure_equilibria_have_zero_regret(game):
...     assert_certified(arbiter.pure_equilibria(game))
>>> test_pure_equilibria_have_zero_regret()

Failures read like a referee's note:

>>> from arbiter.testing import assert_equilibrium
>>> dilemma = arbiter.NormalFormGame.from_arrays(
...     [[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D")))
>>> assert_equilibrium(dilemma, ("C", "C"))
Traceback (most recent call last):
...
AssertionError: not a Nash equilibrium: max regret 2 (exact)
  Player 'P1' gains 2 by deviating to 'D' (payoff 5 instead of 3).
  profile: P1 plays C; P2 plays C
  regrets: P1: 2, P2: 2
"""

from arbiter.testing.assertions import (
    Deviation,
    assert_certified,
    assert_equilibrium,
    assert_includes_equilibria,
    assert_not_equilibrium,
    assert_same_equilibria,
    best_deviation,
    deviation_gains,
)
from arbiter.testing.claims import (
    SubgameDeviation,
    assert_credible,
    assert_nash_behaviour,
    assert_status_quo,
    assert_subgame_perfect,
    certify_behaviour_set,
    subgame_deviations,
)
from arbiter.testing.strategies import (
    PAYOFF_KINDS,
    TREE_PAYOFF_KINDS,
    bimatrix_games,
    mixed_profiles,
    mixed_strategies,
    models,
    normal_form_games,
    parameter_values,
    points,
    trees,
)

__all__ = [
    "PAYOFF_KINDS",
    "TREE_PAYOFF_KINDS",
    "Deviation",
    "SubgameDeviation",
    "assert_certified",
    "assert_credible",
    "assert_equilibrium",
    "assert_includes_equilibria",
    "assert_nash_behaviour",
    "assert_not_equilibrium",
    "assert_same_equilibria",
    "assert_status_quo",
    "assert_subgame_perfect",
    "best_deviation",
    "bimatrix_games",
    "certify_behaviour_set",
    "deviation_gains",
    "mixed_profiles",
    "mixed_strategies",
    "models",
    "normal_form_games",
    "parameter_values",
    "points",
    "subgame_deviations",
    "trees",
]
