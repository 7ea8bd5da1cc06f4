"""The arbiter's leverage: instruments, threats, promises and commitment games."""

from arbiter.leverage.commitment import BACK_DOWN, CARRY_OUT, NO_THREAT, commitment_game
from arbiter.leverage.credibility import (
    Credibility,
    credibility,
    credibility_probability,
    credible_threats,
    obligations,
)
from arbiter.leverage.instruments import Instrument, Promise, Threat

__all__ = [
    "BACK_DOWN",
    "CARRY_OUT",
    "NO_THREAT",
    "Credibility",
    "Instrument",
    "Promise",
    "Threat",
    "commitment_game",
    "credibility",
    "credibility_probability",
    "credible_threats",
    "obligations",
]
