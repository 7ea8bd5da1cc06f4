"""The arbiter's leverage: instruments, threats, promises and commitment games."""

from arbiter.leverage.commitment import (
    BACK_DOWN,
    CARRY_OUT,
    DELIVER,
    NO_THREAT,
    RENEGE,
    CommitmentStructure,
    Leaf,
    Obligation,
    commitment_game,
    commitment_structure,
)
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
    "DELIVER",
    "NO_THREAT",
    "RENEGE",
    "CommitmentStructure",
    "Credibility",
    "Instrument",
    "Leaf",
    "Obligation",
    "Promise",
    "Threat",
    "commitment_game",
    "commitment_structure",
    "credibility",
    "credibility_probability",
    "credible_threats",
    "obligations",
]
