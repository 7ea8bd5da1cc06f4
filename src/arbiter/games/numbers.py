"""The three kinds of numbers a game can hold, and conversion between them.

A game's entries (payoffs, probabilities) are of one *kind*:

``"float"``
    IEEE doubles, held in a ``float64`` array. Results carry a stated
    tolerance.
``"exact"``
    Rationals, held as :class:`fractions.Fraction` in an object array. Python
    ``int``, numpy integers, ``Fraction`` and sympy ``Rational``/``Integer``
    are all exact. Results are exact: no float ever enters the computation.
``"symbolic"``
    sympy expressions in free parameters (and exact numbers, which become
    sympy ``Rational``). Numeric solvers refuse them; ``subs`` turns them into
    exact or float games.

The kind of a collection is the "widest" kind among its entries in the order
exact < float, exact < symbolic; a float and a symbol together are refused,
because a float inside a symbolic condition would silently make it inexact.

>>> from fractions import Fraction
>>> kind_of([1, Fraction(1, 2)])
'exact'
>>> kind_of([1, 0.5])
'float'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError

Kind = Literal["float", "exact", "symbolic"]

__all__ = [
    "Kind",
    "array_kind",
    "as_exact",
    "convert_array",
    "fractions_of_floats",
    "is_zero",
    "kind_of",
    "reduced_fraction",
    "substitution",
    "to_sympy",
]


def _reduced_fraction_maker() -> Any:
    """A function ``(p, q) -> Fraction(p, q)`` for ``p, q`` already coprime, ``q > 0``.

    ``Fraction(p, q)`` checks its arguments' types and divides both by
    their gcd, about half of the cost of a small Fraction; solvers that
    build many Fractions from reduced parts (a float's ``as_integer_ratio``,
    or after their own gcd) skip that by filling CPython's two slots
    directly. Used only if such a Fraction is verified, at import, to be
    indistinguishable from one built normally; otherwise ``Fraction``.
    """

    def raw(p: int, q: int, _new: Any = object.__new__) -> Fraction:
        f = _new(Fraction)
        f._numerator = p  # type: ignore[attr-defined]
        f._denominator = q  # type: ignore[attr-defined]
        return f

    try:
        probe, want = raw(-3, 4), Fraction(-3, 4)
        ok = (
            probe == want
            and hash(probe) == hash(want)
            and (probe.numerator, probe.denominator) == (-3, 4)
            and probe + Fraction(1, 4) == Fraction(-1, 2)
            and str(probe) == "-3/4"
        )
    except Exception:  # pragma: no cover - a Fraction without those slots
        ok = False
    return raw if ok else Fraction


#: ``reduced_fraction(p, q) == Fraction(p, q)`` for coprime ``p`` and ``q > 0``
#: (not checked: the caller guarantees it), built faster.
reduced_fraction = _reduced_fraction_maker()


def fractions_of_floats(values: Sequence[float]) -> list[Fraction]:
    """The exact values of floats (``Fraction(v)`` of each, built faster).

    >>> fractions_of_floats([0.5, -3.0])
    [Fraction(1, 2), Fraction(-3, 1)]
    """
    make = reduced_fraction
    try:
        return [make(p, q) for p, q in map(float.as_integer_ratio, values)]
    except (OverflowError, ValueError):
        bad = next(v for v in values if not math.isfinite(v))
        raise InvalidArgumentError(f"fractions_of_floats(): {bad!r} has no exact value") from None


def _entry_kind(value: Any, where: str) -> Kind:
    if isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{where} must be a number; got the boolean {value!r}")
    if isinstance(value, (int, np.integer, Fraction)):
        return "exact"
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(float(value)):
            raise InvalidArgumentError(f"{where} must be finite; got {value!r}")
        return "float"
    if isinstance(value, sympy.Basic):
        if isinstance(value, sympy.Rational):
            return "exact"
        if isinstance(value, sympy.Float):
            if not math.isfinite(float(value)):
                raise InvalidArgumentError(f"{where} must be finite; got {value!r}")
            return "float"
        if not isinstance(value, sympy.Expr):
            raise ArgumentTypeError(
                f"{where} must be a number or a sympy expression; got {value!r} "
                f"({type(value).__name__})"
            )
        if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise InvalidArgumentError(f"{where} must be finite; got {value!r}")
        if value.free_symbols:
            if value.has(sympy.Float):
                raise InvalidArgumentError(
                    f"{where} mixes a float with symbols ({value}); write the number "
                    "exactly (sympy.Rational) so that conditions stay exact"
                )
            return "symbolic"
        if value.is_real is False:
            raise InvalidArgumentError(f"{where} must be real; got {value!r}")
        if value.has(sympy.Float):
            return "float"
        # Closed-form constants such as sqrt(2): exact, but not rational.
        return "symbolic"
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{where} must be real; got the complex number {value!r}")
    if isinstance(value, numbers.Real):
        return "float"
    raise ArgumentTypeError(
        f"{where} must be a number or a sympy expression; got {value!r} ({type(value).__name__})"
    )


def kind_of(values: Iterable[Any], where: str = "value") -> Kind:
    """Return the kind of a flat iterable of entries (see the module docstring)."""
    kinds = {_entry_kind(v, where) for v in values}
    if "symbolic" in kinds and "float" in kinds:
        raise InvalidArgumentError(
            f"{where} mixes floats with symbolic expressions; write the numbers "
            "exactly (int, Fraction or sympy.Rational) or substitute the parameters first"
        )
    if "symbolic" in kinds:
        return "symbolic"
    if "float" in kinds:
        return "float"
    return "exact"


def array_kind(array: np.ndarray, name: str) -> Kind:
    """The kind of an array's entries; errors name the entry as ``name[i, j, ...]``."""
    kinds = set()
    for idx, v in np.ndenumerate(array):
        try:
            kinds.add(_entry_kind(v, name))
        except (InvalidArgumentError, ArgumentTypeError) as exc:
            where = f"{name}[{', '.join(map(str, idx))}]"
            raise type(exc)(str(exc).replace(name, where, 1)) from None
    if "symbolic" in kinds and "float" in kinds:
        raise InvalidArgumentError(
            f"{name} mixes floats with symbolic expressions; write the numbers "
            "exactly (int, Fraction or sympy.Rational) or substitute the parameters first"
        )
    if "symbolic" in kinds:
        return "symbolic"
    return "float" if "float" in kinds else "exact"


def as_exact(value: Any) -> Fraction:
    """Convert an exact number (int, Fraction, sympy Rational) to a Fraction."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    raise ArgumentTypeError(f"expected an exact number; got {value!r} ({type(value).__name__})")


def to_sympy(value: Any) -> sympy.Expr:
    """Convert an exact number or expression to sympy without passing through float."""
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, (int, np.integer)):
        return sympy.Integer(int(value))
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, (float, np.floating)):
        return sympy.Float(float(value))
    raise ArgumentTypeError(f"expected a number or sympy expression; got {value!r}")


def convert_array(array: np.ndarray, kind: Kind) -> np.ndarray:
    """Return a new array of the entries of ``array`` held as ``kind`` prescribes.

    ``float`` gives ``float64``; ``exact`` gives an object array of Fractions;
    ``symbolic`` gives an object array of sympy expressions.
    """
    if kind == "float":
        return array.astype(np.float64)
    out = np.empty(array.shape, dtype=object)
    flat = out.reshape(-1)
    convert = as_exact if kind == "exact" else to_sympy
    for i, v in enumerate(array.ravel()):
        flat[i] = convert(v)
    return out


def is_zero(value: Any) -> bool:
    """Exact test for zero; sympy expressions are simplified first."""
    if isinstance(value, sympy.Basic):
        return bool(sympy.simplify(value) == 0)
    return value == 0


def substitution(
    parameters: Sequence[sympy.Symbol], values: Any, *, numeric: bool
) -> dict[sympy.Symbol, sympy.Expr]:
    """Check ``values`` (keys: symbols or their names) against a game's ``parameters``
    and return the exact sympy substitution; ``numeric`` games accept only ``{}``."""
    if not isinstance(values, Mapping):
        raise ArgumentTypeError(f"values must be a mapping of parameters to values; got {values!r}")
    if numeric:
        if values:
            raise InvalidArgumentError(
                f"this game has no parameters; cannot substitute {list(values)!r}"
            )
        return {}
    by_name = {s.name: s for s in parameters}
    mapping: dict[sympy.Symbol, sympy.Expr] = {}
    for key, val in values.items():
        name = key.name if isinstance(key, sympy.Symbol) else key
        if not isinstance(key, (sympy.Symbol, str)):
            raise ArgumentTypeError(f"parameter keys must be sympy symbols or names; got {key!r}")
        if name not in by_name or (isinstance(key, sympy.Symbol) and by_name[name] != key):
            raise InvalidArgumentError(
                f"unknown parameter {key!r}; the game's parameters are {sorted(by_name)}"
            )
        kind_of([val], f"values[{key!r}]")
        mapping[by_name[name]] = to_sympy(val)
    return mapping
