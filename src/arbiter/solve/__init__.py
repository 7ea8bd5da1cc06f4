"""Equilibrium solvers: each a function ``game -> EquilibriumSet``, all certified."""

from arbiter.solve.behaviour import (
    behaviour_from_mixed,
    behaviour_payoffs,
    behaviour_regret,
    mixed_from_behaviour,
)
from arbiter.solve.certify import certified_set
from arbiter.solve.lemke_howson import lemke_howson
from arbiter.solve.nash import nash_equilibria
from arbiter.solve.pbe import perfect_bayesian
from arbiter.solve.pure import pure_equilibria
from arbiter.solve.qre import (
    QREBranch,
    QREConvergenceError,
    QREFit,
    QuantalResponse,
    qre_branch,
    qre_estimate,
    quantal_response,
)
from arbiter.solve.qre_repeated import RepeatedQRE, repeated_quantal_response
from arbiter.solve.regimes import (
    Regime,
    RegimeClassifier,
    Tie,
    classify,
    outcome_condition,
    regimes,
)
from arbiter.solve.repeated import (
    DELTA,
    CriticalDelta,
    NoisyMonitoring,
    critical_discount_factor,
    noisy_monitoring,
    simulate_noisy_monitoring,
)
from arbiter.solve.result import Equilibrium, EquilibriumSet
from arbiter.solve.sequence_form import sequence_form, sequence_form_lcp
from arbiter.solve.spe import (
    NonCredibleChoice,
    non_credible_threats,
    subgame_perfect,
    subgame_perfect_outcomes,
)

__all__ = [
    "DELTA",
    "CriticalDelta",
    "Equilibrium",
    "EquilibriumSet",
    "NoisyMonitoring",
    "NonCredibleChoice",
    "QREBranch",
    "QREConvergenceError",
    "QREFit",
    "QuantalResponse",
    "Regime",
    "RegimeClassifier",
    "RepeatedQRE",
    "Tie",
    "behaviour_from_mixed",
    "behaviour_payoffs",
    "behaviour_regret",
    "certified_set",
    "classify",
    "critical_discount_factor",
    "lemke_howson",
    "mixed_from_behaviour",
    "nash_equilibria",
    "noisy_monitoring",
    "non_credible_threats",
    "outcome_condition",
    "perfect_bayesian",
    "pure_equilibria",
    "qre_branch",
    "qre_estimate",
    "quantal_response",
    "regimes",
    "repeated_quantal_response",
    "sequence_form",
    "sequence_form_lcp",
    "simulate_noisy_monitoring",
    "subgame_perfect",
    "subgame_perfect_outcomes",
]
