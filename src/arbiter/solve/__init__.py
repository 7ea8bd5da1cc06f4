"""Equilibrium solvers: each a function ``game -> EquilibriumSet``, all certified."""

from arbiter.solve.certify import certified_set
from arbiter.solve.nash import nash_equilibria
from arbiter.solve.pure import pure_equilibria
from arbiter.solve.regimes import (
    Regime,
    RegimeClassifier,
    Tie,
    classify,
    outcome_condition,
    regimes,
)
from arbiter.solve.result import Equilibrium, EquilibriumSet

__all__ = [
    "Equilibrium",
    "EquilibriumSet",
    "Regime",
    "RegimeClassifier",
    "Tie",
    "certified_set",
    "classify",
    "nash_equilibria",
    "outcome_condition",
    "pure_equilibria",
    "regimes",
]
