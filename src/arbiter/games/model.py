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

import sympy

from arbiter.conditions.points import exact_number
from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.games.parameters import Parameter, ParameterSpace

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

    def values(
        self, overrides: Mapping[str, Any] | None = None, *, extrapolate: bool = False
    ) -> dict[str, Any]:
        """``{name: value}``: the defaults with ``overrides`` applied.

        Names are checked, and so are values: each must lie in its parameter's
        plausible range ``[low, high]``, read by the one point rule of
        :func:`arbiter.conditions.points.exact_number` (a float means the
        number its shortest repr shows: ``0.1`` is 1/10), unless
        ``extrapolate=True``. The values themselves are returned as given.

        >>> from arbiter.games.tree import SequentialGame, decision, outcome
        >>> w = Parameter("w", 5, 2, 10)
        >>> game = SequentialGame(decision("A", {"x": outcome([w.symbol]), "y": outcome([3])}))
        >>> m = Model("toy", game, (w,))
        >>> m.values({"w": 2.5})
        {'w': 2.5}
        >>> try:
        ...     m.values({"w": -50})
        ... except InvalidArgumentError as err:
        ...     print(err)  # doctest: +ELLIPSIS
        Model.values(): w=-50 is outside the plausible range [2, 10] of parameter 'w'...
        >>> m.values({"w": -50}, extrapolate=True)
        {'w': -50}
        """
        return self._values(overrides, extrapolate, "values")

    def _values(
        self, overrides: Mapping[str, Any] | None, extrapolate: Any, caller: str
    ) -> dict[str, Any]:
        if not isinstance(extrapolate, bool):
            raise ArgumentTypeError(
                f"Model.{caller}(): extrapolate must be True or False; got {extrapolate!r}"
            )
        if overrides is not None and not isinstance(overrides, Mapping):
            raise ArgumentTypeError(
                f"Model.{caller}(): values must be a mapping {{parameter name: value}}; "
                f"got {overrides!r}"
            )
        vals = {n: p.default for n, p in self.parameters.items()}
        for name, value in (overrides or {}).items():
            param = self.parameters[name]  # UnknownParameterError names the known ones
            if not extrapolate:
                self._check_range(param, value, caller)
            vals[name] = value
        return vals

    def _check_range(self, param: Parameter, value: Any, caller: str) -> None:
        """Refuse ``value`` outside ``[param.low, param.high]`` (symbolic values pass)."""
        where = f"Model.{caller}(): {param.name}"
        if isinstance(value, sympy.Basic) and not isinstance(value, (sympy.Rational, sympy.Float)):
            if value.free_symbols or not value.is_number:
                return  # a symbolic value: substituted as it is, no range to check
            inside = bool(param.low <= value) and bool(value <= param.high)
        else:
            number = exact_number(value, where)
            inside = param.low <= number <= param.high
        if not inside:
            raise InvalidArgumentError(
                f"{where}={value!r} is outside the plausible range [{param.low}, "
                f"{param.high}] of parameter {param.name!r} of model {self.name!r}; pass "
                "extrapolate=True to go outside it"
            )

    def at(self, overrides: Mapping[str, Any] | None = None, *, extrapolate: bool = False) -> Any:
        """The game with every parameter given a value (defaults unless overridden).

        Values outside a parameter's plausible range are refused unless
        ``extrapolate=True`` (see :meth:`values`). They are substituted as
        given: floats make a float game, exact numbers an exact one.
        """
        used = {s.name for s in self.game.parameters}
        values = self._values(overrides, extrapolate, "at")
        return self.game.subs({n: v for n, v in values.items() if n in used})

    def at_defaults(self) -> Any:
        """The game at the default parameter values."""
        return self.at()
