"""Equilibrium solvers: each a function ``game -> EquilibriumSet``, all certified."""

from arbiter.solve.certify import certified_set
from arbiter.solve.nash import nash_equilibria
from arbiter.solve.pure import pure_equilibria
from arbiter.solve.result import Equilibrium, EquilibriumSet

__all__ = [
    "Equilibrium",
    "EquilibriumSet",
    "certified_set",
    "nash_equilibria",
    "pure_equilibria",
]
