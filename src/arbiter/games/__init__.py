"""Game values: normal-form games, numbers, mixed profiles."""

from arbiter.games.normal_form import NormalFormGame
from arbiter.games.profiles import (
    action_values,
    as_profile,
    best_responses,
    expected_payoffs,
    max_regret,
    regrets,
)

__all__ = [
    "NormalFormGame",
    "action_values",
    "as_profile",
    "best_responses",
    "expected_payoffs",
    "max_regret",
    "regrets",
]
