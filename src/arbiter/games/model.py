"""A model: a game with named, documented parameters and a status quo.

Scenarios (``arbiter.scenarios``) return models; the analysis layer asks of
a model where its status quo is stable. A model is an immutable value.

>>> import sympy
>>> from arbiter.games.normal_form import NormalFormGame
>>> from arbiter.games.parameters import Parameter
>>> c = Parameter("c", 2, 0, 4, "cost", "illustrative")
>>> g = NormalFormGame.from_arrays([[c.symbol, 0], [0, 1]], [[1, 0], [0, 1]])
>>> m = Model("toy", g, (c,), status_quo="a1/a1")
>>> m.at_defaults().payoffs[0, 0, 0]
Fraction(2, 1)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from arbiter.errors import InvalidArgumentError
from arbiter.games.parameters import ParameterSpace

__all__ = ["Model"]


@dataclass(frozen=True)
class Model:
    """A game with documented parameters.

    Attributes
    ----------
    name:
        Short identifier, e.g. ``"three-way"``.
    game:
        The game, with payoffs in the parameters' symbols.
    parameters:
        The parameters (a :class:`ParameterSpace`; any iterable of
        :class:`Parameter` is accepted and converted).
    status_quo:
        The label of the status-quo outcome (for normal forms: the pure profile
        written ``"action/action/..."``).
    description:
        What the model represents.
    claims:
        The numbered claims of the source this model encodes.
    """

    name: str
    game: Any
    parameters: ParameterSpace
    status_quo: str | None = None
    description: str = ""
    claims: tuple[int, ...] = field(default=())

    def __post_init__(self) -> None:
        params = self.parameters
        if not isinstance(params, ParameterSpace):
            params = ParameterSpace(tuple(params))
            object.__setattr__(self, "parameters", params)
        free = {s.name for s in self.game.parameters}
        missing = free - set(params)
        if missing:
            raise InvalidArgumentError(
                f"model {self.name!r}: the game uses parameters {sorted(missing)} "
                "that have no Parameter entry"
            )

    @property
    def symbols(self) -> dict[str, Any]:
        return self.parameters.symbols

    def values(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """``{name: value}``: the defaults with ``overrides`` applied (names checked)."""
        vals = {n: p.default for n, p in self.parameters.items()}
        for name, value in (overrides or {}).items():
            self.parameters[name]  # raises a clear error for unknown names
            vals[name] = value
        return vals

    def at(self, overrides: Mapping[str, Any] | None = None) -> Any:
        """The game with every parameter given a value (defaults unless overridden)."""
        used = {s.name for s in self.game.parameters}
        return self.game.subs({n: v for n, v in self.values(overrides).items() if n in used})

    def at_defaults(self) -> Any:
        """The game at the default parameter values."""
        return self.at()
