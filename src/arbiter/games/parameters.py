"""Named model parameters: a sympy symbol with a default, a plausible range and a source.

A :class:`Parameter` records what a number in a model means and where it
comes from, so that every default can be traced and every analysis can sweep
the plausible range instead of trusting one value.

>>> p = Parameter("w", 5, 2, 10, "Iran's loss if Russian air support is withdrawn",
...               "illustrative; see docs")
>>> p.symbol
w
>>> p.default
Fraction(5, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, UnknownParameterError
from arbiter.games.numbers import as_exact, kind_of

__all__ = ["Parameter", "ParameterSpace", "defaults_of"]


@dataclass(frozen=True)
class Parameter:
    """One named parameter of a model.

    Attributes
    ----------
    name:
        The symbol's name (a valid identifier).
    default, low, high:
        Exact numbers with ``low <= default <= high``: the value used when none
        is given, and the plausible range swept by robustness analysis.
    description:
        One line: what the number means.
    source:
        Where the number comes from (a citation, or "illustrative" with a reason).
    nonnegative:
        Whether the symbol is declared non-negative to sympy (default ``True``).
    """

    name: str
    default: Fraction
    low: Fraction
    high: Fraction
    description: str = ""
    source: str = ""
    nonnegative: bool = True
    symbol: sympy.Symbol = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise InvalidArgumentError(f"parameter name must be an identifier; got {self.name!r}")
        for attr in ("default", "low", "high"):
            value = getattr(self, attr)
            if kind_of([value], f"{self.name}.{attr}") != "exact":
                raise ArgumentTypeError(
                    f"{self.name}.{attr} must be an exact number (int or Fraction); got {value!r}"
                )
            object.__setattr__(self, attr, as_exact(value))
        if not self.low <= self.default <= self.high:
            raise InvalidArgumentError(
                f"parameter {self.name!r} needs low <= default <= high; "
                f"got low={self.low}, default={self.default}, high={self.high}"
            )
        if self.nonnegative and self.low < 0:
            raise InvalidArgumentError(
                f"parameter {self.name!r} is declared non-negative but low={self.low}"
            )
        sym = (
            sympy.Symbol(self.name, nonnegative=True)
            if self.nonnegative
            else sympy.Symbol(self.name, real=True)
        )
        object.__setattr__(self, "symbol", sym)


class ParameterSpace(Mapping[str, Parameter]):
    """An immutable, ordered mapping ``name -> Parameter``.

    A :class:`~collections.abc.Mapping` like any other: an unknown name
    raises :class:`~arbiter.errors.UnknownParameterError` (a :class:`KeyError`
    whose message lists the known names), so ``get`` and ``in`` work.

    >>> space = ParameterSpace([Parameter("w", 5, 2, 10)])
    >>> space.get("nope") is None, "nope" in space, space["w"].high
    (True, False, Fraction(10, 1))
    """

    __slots__ = ("_items",)

    def __init__(self, parameters: Iterable[Parameter]) -> None:
        items: dict[str, Parameter] = {}
        for p in parameters:
            if not isinstance(p, Parameter):
                raise ArgumentTypeError(f"parameters must be Parameter values; got {p!r}")
            if p.name in items:
                raise InvalidArgumentError(f"parameter {p.name!r} is defined twice")
            items[p.name] = p
        self._items = items

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._items[name]
        except (KeyError, TypeError):  # TypeError: an unhashable name
            raise UnknownParameterError(
                f"unknown parameter {name!r}; known: {sorted(self._items)}"
            ) from None

    def __contains__(self, name: object) -> bool:
        try:
            return name in self._items
        except TypeError:  # an unhashable name is no parameter's
            return False

    def __iter__(self) -> Any:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.values()))

    def __repr__(self) -> str:
        return f"ParameterSpace({list(self._items)})"

    @property
    def symbols(self) -> dict[str, sympy.Symbol]:
        return {n: p.symbol for n, p in self._items.items()}

    def defaults(self, overrides: Mapping[str, Any] | None = None) -> dict[sympy.Symbol, Fraction]:
        """Symbol -> value at the defaults, with ``overrides`` (by name) applied."""
        values = {p.symbol: p.default for p in self._items.values()}
        for name, value in (overrides or {}).items():
            values[self[name].symbol] = value
        return values


def defaults_of(parameters: Mapping[str, Parameter]) -> dict[str, Fraction]:
    """``{name: default}`` for a mapping of parameters."""
    return {n: p.default for n, p in parameters.items()}
