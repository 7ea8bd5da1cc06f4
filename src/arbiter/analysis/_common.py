"""Argument checks shared by the analysis functions (private).

Every check raises an arbiter error that names the function, the argument and
the offending value, in the style of ``stability_map(): resolution must be an
integer >= 2; got 1``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from concurrent.futures import Executor
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from arbiter.conditions.points import exact_number
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.model import Model
from arbiter.games.tree import SequentialGame

__all__ = [
    "check_int",
    "check_model",
    "check_name",
    "check_sampling",
    "exact_number",
    "exact_values",
    "float_values",
    "outcome_text",
]


def check_model(model: Any, caller: str) -> Model:
    """``model`` must be a :class:`Model` of a sequential game with a status quo it can reach."""
    if not isinstance(model, Model):
        raise ArgumentTypeError(
            f"{caller}(): model must be an arbiter Model (e.g. "
            f"arbiter.scenarios.syria.border_deal()); got {type(model).__name__}: {model!r}"
        )
    if not isinstance(model.game, SequentialGame):
        raise NotSupportedError(
            f"{caller}(): model {model.name!r} is a {type(model.game).__name__}; the stability "
            "analysis asks where the status quo is the outcome of every subgame-perfect "
            "equilibrium, which needs a SequentialGame"
        )
    if model.status_quo is None:
        raise InvalidArgumentError(
            f"{caller}(): model {model.name!r} has no status quo (model.status_quo is None)"
        )
    labels = set(model.outcome_labels)  # a label form must name outcomes of the game
    sq = model.status_quo
    given = {sq} if isinstance(sq, str) else sq if isinstance(sq, frozenset) else set()
    if not given <= labels or not model.status_quo_labels & labels:
        shown = sq if isinstance(sq, str) else model.status_quo_name
        raise InvalidArgumentError(
            f"{caller}(): model {model.name!r} has status_quo={shown!r}, which no "
            f"outcome of its game carries; the labels are {sorted(labels)}"
        )
    return model


def check_name(model: Model, name: Any, argument: str, caller: str) -> str:
    """``name`` must be the name of one of the model's parameters."""
    if isinstance(name, sympy.Symbol):
        name = name.name
    if not isinstance(name, str):
        raise ArgumentTypeError(
            f"{caller}(): {argument} must be a parameter name (a string); got {name!r}"
        )
    if name not in model.parameters:
        raise InvalidArgumentError(
            f"{caller}(): {argument}={name!r} is not a parameter of model {model.name!r}; "
            f"its parameters are {list(model.parameters)}"
        )
    return name


def check_int(value: Any, argument: str, caller: str, minimum: int) -> int:
    """``value`` must be an integer (not a bool) at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ArgumentTypeError(
            f"{caller}(): {argument} must be an integer >= {minimum}; got {value!r}"
        )
    if value < minimum:
        raise InvalidArgumentError(
            f"{caller}(): {argument} must be an integer >= {minimum}; got {value!r}"
        )
    return int(value)


#: The ``progress`` default of every sampling function (robustness, stability_map,
#: instrument_value(s), comparative_statics, credibility_probability).
PROGRESS = True


def check_sampling(
    seed: Any = 0,
    progress: Any = PROGRESS,
    executor: Any = None,
    chunk_size: Any = 1,
    *,
    caller: str,
) -> tuple[int, bool, Executor | None, int]:
    """The options shared by every sampling function, checked in one place.

    ``seed`` must be an integer >= 0, ``progress`` True or False, ``executor``
    ``None`` or a :class:`concurrent.futures.Executor` (anything with a
    ``submit`` method, such as ``distributed.Client(...).get_executor()``),
    ``chunk_size`` an integer >= 1. Returns ``(seed, progress, executor,
    chunk_size)``; errors name the function, the argument and the value. A
    function without one of these options leaves it at its default here.

    >>> check_sampling(3, False, None, 4096, caller="robustness")
    (3, False, None, 4096)
    >>> check_sampling(-1, caller="robustness")
    Traceback (most recent call last):
    ...
    arbiter.errors.InvalidArgumentError: robustness(): seed must be an integer >= 0; got -1
    """
    seed = check_int(seed, "seed", caller, 0)
    if not isinstance(progress, (bool, np.bool_)):
        raise ArgumentTypeError(f"{caller}(): progress must be True or False; got {progress!r}")
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise ArgumentTypeError(
            f"{caller}(): executor must be a concurrent.futures.Executor (or None); got "
            f"{executor!r}"
        )
    chunk_size = check_int(chunk_size, "chunk_size", caller, 1)
    return seed, bool(progress), executor, chunk_size


def _checked_mapping(values: Any, argument: str, caller: str) -> Mapping[Any, Any]:
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise ArgumentTypeError(
            f"{caller}(): {argument} must be a mapping {{parameter name: value}}; got {values!r}"
        )
    return values


def _check_domain(model: Model, name: str, value: float, argument: str, caller: str) -> None:
    if model.parameters[name].nonnegative and value < 0:
        raise InvalidArgumentError(
            f"{caller}(): {argument}[{name!r}] must be >= 0 (the parameter is non-negative); "
            f"got {value}"
        )


def exact_values(
    model: Model, values: Any, caller: str, argument: str = "values"
) -> dict[str, Fraction]:
    """``{name: Fraction}`` from a user mapping: names checked, numbers exact and in the domain."""
    out: dict[str, Fraction] = {}
    for key, v in _checked_mapping(values, argument, caller).items():
        name = check_name(model, key, f"a key of {argument}", caller)
        number = exact_number(v, f"{caller}(): {argument}[{name!r}]")
        _check_domain(model, name, float(number), argument, caller)
        out[name] = number
    return out


def float_values(
    model: Model, values: Any, caller: str, argument: str = "values"
) -> dict[str, float]:
    """``{name: float}`` from a user mapping (names checked, finite, in the domain)."""
    out: dict[str, float] = {}
    for key, v in _checked_mapping(values, argument, caller).items():
        name = check_name(model, key, f"a key of {argument}", caller)
        if isinstance(v, (bool, np.bool_)) or not isinstance(
            v, (numbers.Real, sympy.Rational, sympy.Float)
        ):
            raise ArgumentTypeError(
                f"{caller}(): {argument}[{name!r}] must be a real number; got {v!r}"
            )
        f = float(v)
        if not math.isfinite(f):
            raise InvalidArgumentError(
                f"{caller}(): {argument}[{name!r}] must be finite; got {v!r}"
            )
        _check_domain(model, name, f, argument, caller)
        out[name] = f
    return out


def check_names(model: Model, names: Any, argument: str, caller: str) -> tuple[str, ...]:
    """A tuple of distinct parameter names from a string or an iterable of names."""
    if isinstance(names, (str, sympy.Symbol)):
        names = (names,)
    if not isinstance(names, Iterable):
        raise ArgumentTypeError(
            f"{caller}(): {argument} must be parameter names (an iterable of strings); "
            f"got {names!r}"
        )
    out = tuple(check_name(model, n, argument, caller) for n in names)
    if len(set(out)) != len(out):
        raise InvalidArgumentError(f"{caller}(): {argument} names a parameter twice; got {out}")
    return out


def outcome_text(outcome: Mapping[str, Any]) -> str:
    """``{label: probability}`` as text: ``"a"`` for a sure outcome, ``"a (1/2), b (1/2)"``."""
    parts = []
    for label, p in outcome.items():
        if p == 1:
            parts.append(str(label))
        elif p != 0:
            shown = f"{float(p):.3g}" if isinstance(p, float) else str(p)
            parts.append(f"{label} ({shown})")
    return ", ".join(parts)
