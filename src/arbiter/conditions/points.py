"""The one point rule: how a user's ``{parameter: value}`` becomes exact numbers.

Every function of arbiter that takes a parameter point reads it through
:func:`exact_number` and :func:`exact_point`, so the same point gives the same
answer everywhere:

* ``int``, :class:`fractions.Fraction`, sympy ``Rational`` and numpy integers
  are taken as they are;
* a Python (or numpy) **float means the number its shortest repr shows**:
  ``0.1`` is exactly 1/10, not the binary double nearest to it. So a
  condition ``10*x <= 1`` holds at ``{"x": 0.1}``, and so does ``10*x >= 1``;
* booleans, NaN, infinities and non-numbers are refused with an error naming
  the argument and the value.

>>> exact_number(0.1)
Fraction(1, 10)
>>> exact_number(2)
Fraction(2, 1)
>>> import sympy
>>> x = sympy.Symbol("x")
>>> exact_point({"x": 0.25}, {"x": x})
{x: Fraction(1, 4)}
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError

__all__ = ["exact_number", "exact_point"]


def exact_number(value: Any, where: str = "value") -> Fraction:
    """An exact rational from an int, Fraction, sympy Rational or float (``0.1`` is 1/10).

    ``where`` names the argument in error messages.

    >>> exact_number(1e-3), exact_number(sympy.Rational(2, 3))
    (Fraction(1, 1000), Fraction(2, 3))
    >>> exact_number(True)
    Traceback (most recent call last):
    ...
    arbiter.errors.ArgumentTypeError: value must be a number; got the boolean True
    """
    if isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{where} must be a number; got the boolean {value!r}")
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, Fraction):
        return value
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, (float, np.floating, sympy.Float)):
        f = float(value)
        if not math.isfinite(f):
            raise InvalidArgumentError(f"{where} must be finite; got {value!r}")
        return Fraction(repr(f))
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    if isinstance(value, np.ndarray) and value.shape == ():
        return exact_number(value.item(), where)
    raise ArgumentTypeError(f"{where} must be a real number; got {value!r}")


def exact_point(
    values: Any,
    symbols: Mapping[str, Any],
    *,
    where: str = "values",
    needed: Any = (),
    strict: bool = True,
) -> dict[Any, Fraction]:
    """``{symbol: Fraction}`` from a user's ``{name or symbol: number}``.

    ``symbols`` maps the known parameter names to their symbols. Unknown
    names are refused (ignored with ``strict=False``, their values still
    checked), as are points missing a name in ``needed``; values are
    read by :func:`exact_number`. Domain checks (ranges, signs) are the
    caller's, who knows the domain.
    """
    if values is None:
        values = {}
    if not isinstance(values, Mapping):
        raise ArgumentTypeError(
            f"{where} must be a mapping {{parameter name: number}}; got {values!r}"
        )
    out: dict[Any, Fraction] = {}
    for key, v in values.items():
        name = key.name if isinstance(key, sympy.Symbol) else key
        if not isinstance(name, str):
            raise ArgumentTypeError(f"{where}: parameter names must be strings; got {key!r}")
        if name not in symbols:
            if not strict:
                exact_number(v, f"{where}[{name!r}]")
                continue
            raise InvalidArgumentError(
                f"{where}: unknown parameter {name!r}; the parameters are {sorted(symbols)}"
            )
        out[symbols[name]] = exact_number(v, f"{where}[{name!r}]")
    missing = sorted(
        n
        for n in (s.name if isinstance(s, sympy.Symbol) else s for s in needed)
        if symbols.get(n) not in out
    )
    if missing:
        raise InvalidArgumentError(f"{where} give no value for {missing}")
    return out
