"""arbiter: game theory for third-party deterrence.

Write down a standoff between two rivals and an arbiter that holds the
balance, solve it with certified equilibrium solvers, and ask where the
arbiter's threats keep the status quo stable.

>>> import arbiter
>>> g = arbiter.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
>>> eqs = arbiter.nash_equilibria(g)
>>> [[str(p) for p in s] for s in eqs[0].strategies], eqs[0].regret
([['1/2', '1/2'], ['1/2', '1/2']], Fraction(0, 1))
"""

from arbiter import scenarios
from arbiter.analysis import (
    Robustness,
    StabilityMap,
    StabilityRegion,
    comparative_statics,
    instrument_value,
    instrument_values,
    robustness,
    stability_map,
    status_quo_region,
    threshold,
)
from arbiter.conditions import Condition, exact_number
from arbiter.errors import (
    ArbiterError,
    ArgumentTypeError,
    InvalidArgumentError,
    InvalidGameError,
    NotSupportedError,
    ParseError,
    UnknownParameterError,
    UnknownPlayerError,
)
from arbiter.games import (
    NormalFormGame,
    action_values,
    best_responses,
    expected_payoffs,
    max_regret,
    regrets,
)
from arbiter.games.model import Model
from arbiter.games.parameters import Parameter, ParameterSpace
from arbiter.games.tree import SequentialGame, chance, decision, outcome
from arbiter.io import format_game, parse_game, read_game, read_model, write_game, write_model
from arbiter.leverage import Instrument, Promise, Threat, commitment_game, credibility
from arbiter.solve import (
    CriticalDelta,
    Equilibrium,
    EquilibriumSet,
    NonCredibleChoice,
    QREBranch,
    QREFit,
    QuantalResponse,
    Regime,
    critical_discount_factor,
    nash_equilibria,
    noisy_monitoring,
    non_credible_threats,
    outcome_condition,
    perfect_bayesian,
    pure_equilibria,
    qre_branch,
    qre_estimate,
    quantal_response,
    regimes,
    subgame_perfect,
    subgame_perfect_outcomes,
)

__version__ = "0.1.0"

#: Subpackages and modules reachable as attributes (``arbiter.plot.plot_tree``), imported
#: on first use so that ``import arbiter`` stays as fast as it was (matplotlib, hypothesis
#: and the report load only when asked for).
_LAZY = (
    "analysis",
    "cli",
    "conditions",
    "errors",
    "estimation",
    "games",
    "io",
    "leverage",
    "loading",
    "plot",
    "report",
    "scenarios",
    "solve",
    "testing",
)


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f"arbiter.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'arbiter' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "ArbiterError",
    "ArgumentTypeError",
    "Condition",
    "CriticalDelta",
    "Equilibrium",
    "EquilibriumSet",
    "Instrument",
    "InvalidArgumentError",
    "InvalidGameError",
    "Model",
    "NonCredibleChoice",
    "NormalFormGame",
    "NotSupportedError",
    "Parameter",
    "ParameterSpace",
    "ParseError",
    "Promise",
    "QREBranch",
    "QREFit",
    "QuantalResponse",
    "Regime",
    "Robustness",
    "SequentialGame",
    "StabilityMap",
    "StabilityRegion",
    "Threat",
    "UnknownParameterError",
    "UnknownPlayerError",
    "action_values",
    "best_responses",
    "chance",
    "commitment_game",
    "comparative_statics",
    "credibility",
    "critical_discount_factor",
    "decision",
    "exact_number",
    "expected_payoffs",
    "format_game",
    "instrument_value",
    "instrument_values",
    "max_regret",
    "nash_equilibria",
    "noisy_monitoring",
    "non_credible_threats",
    "outcome",
    "outcome_condition",
    "parse_game",
    "perfect_bayesian",
    "pure_equilibria",
    "qre_branch",
    "qre_estimate",
    "quantal_response",
    "read_game",
    "read_model",
    "regimes",
    "regrets",
    "robustness",
    "scenarios",
    "stability_map",
    "status_quo_region",
    "subgame_perfect",
    "subgame_perfect_outcomes",
    "threshold",
    "write_game",
    "write_model",
]
