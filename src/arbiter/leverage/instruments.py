"""Leverage instruments: what an arbiter can do to a rival, threats and promises.

An :class:`Instrument` is an action the *wielder* (the arbiter) can take
against, or for, a *target*: withdrawing air support, supplying air
defences to the target's enemy, granting a favour. It changes the target's
payoff by ``-harm`` (a threat) or ``+benefit`` (an inducement) and costs the
wielder ``cost``. Harms, benefits and costs are numbers or sympy expressions
(usually model parameters).

A :class:`Threat` ties an instrument to a *trigger*, an action of the target
(``("Iran", "Entrench")``): announced, it says "if you do this, I use the
instrument". A :class:`Promise` ties an inducement to a *restraint*: "if you
do this, I reward you".

>>> import sympy
>>> w, k = sympy.symbols("w k", nonnegative=True)
>>> air = Instrument("withdraw air support", wielder="Russia", target="Iran", effect=w, cost=k)
>>> Threat(air, trigger="Entrench").describe()
'Russia threatens Iran: withdraw air support if Iran plays Entrench'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.games.numbers import kind_of

__all__ = ["Instrument", "Promise", "Threat"]


@dataclass(frozen=True)
class Instrument:
    """Something the wielder can do to (or for) the target.

    Attributes
    ----------
    name:
        Short name, e.g. ``"withdraw air support"``.
    wielder, target:
        Player names.
    effect:
        Size of the change in the target's payoff, non-negative: the harm of
        a threat instrument, the benefit of an inducement.
    cost:
        The wielder's cost of using it (non-negative).
    kind:
        ``"harm"`` (used in threats) or ``"benefit"`` (used in promises).
    description:
        One line for reports.
    """

    name: str
    wielder: str
    target: str
    effect: Any
    cost: Any
    kind: Literal["harm", "benefit"] = "harm"
    description: str = ""

    def __post_init__(self) -> None:
        for attr in ("name", "wielder", "target"):
            value = getattr(self, attr)
            if not isinstance(value, str) or not value:
                raise ArgumentTypeError(
                    f"Instrument {attr} must be a non-empty string; got {value!r}"
                )
        if self.wielder == self.target:
            raise InvalidArgumentError(
                f"an instrument's wielder and target must differ; both are {self.wielder!r}"
            )
        if self.kind not in ("harm", "benefit"):
            raise InvalidArgumentError(
                f"Instrument kind must be 'harm' or 'benefit'; got {self.kind!r}"
            )
        for attr in ("effect", "cost"):
            value = getattr(self, attr)
            kind_of([value], f"Instrument {attr}")
            if not hasattr(value, "free_symbols") or not value.free_symbols:
                if value < 0:
                    raise InvalidArgumentError(
                        f"Instrument {attr} must be non-negative; got {value!r} for {self.name!r}"
                    )

    @property
    def target_change(self) -> Any:
        """The change in the target's payoff when the instrument is used."""
        return -self.effect if self.kind == "harm" else self.effect


def _check_action(action: Any, what: str) -> str:
    if not isinstance(action, str) or not action:
        raise ArgumentTypeError(f"{what} must be the name of the target's action; got {action!r}")
    return action


@dataclass(frozen=True)
class Threat:
    """Use ``instrument`` against its target if the target plays ``trigger``."""

    instrument: Instrument
    trigger: str

    def __post_init__(self) -> None:
        if not isinstance(self.instrument, Instrument):
            raise ArgumentTypeError(
                f"Threat instrument must be an Instrument; got {self.instrument!r}"
            )
        if self.instrument.kind != "harm":
            raise InvalidArgumentError(
                f"a threat needs a harmful instrument; {self.instrument.name!r} is an inducement "
                "(use Promise)"
            )
        _check_action(self.trigger, "Threat trigger")

    @property
    def name(self) -> str:
        return self.instrument.name

    def describe(self) -> str:
        i = self.instrument
        return f"{i.wielder} threatens {i.target}: {i.name} if {i.target} plays {self.trigger}"


@dataclass(frozen=True)
class Promise:
    """Use the inducement ``instrument`` for its target if the target plays ``restraint``."""

    instrument: Instrument
    restraint: str

    def __post_init__(self) -> None:
        if not isinstance(self.instrument, Instrument):
            raise ArgumentTypeError(
                f"Promise instrument must be an Instrument; got {self.instrument!r}"
            )
        if self.instrument.kind != "benefit":
            raise InvalidArgumentError(
                f"a promise needs an inducement; {self.instrument.name!r} is harmful (use Threat)"
            )
        _check_action(self.restraint, "Promise restraint")

    @property
    def name(self) -> str:
        return self.instrument.name

    @property
    def trigger(self) -> str:
        """The action that obliges the wielder (for promises: the restraint)."""
        return self.restraint

    def describe(self) -> str:
        i = self.instrument
        return f"{i.wielder} promises {i.target}: {i.name} if {i.target} plays {self.restraint}"
