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

The status quo is one outcome label, a set of labels, or a predicate over
labels; :meth:`Model.is_status_quo` answers for any label:

>>> m2 = Model("toy", g, (c,), status_quo={"a1/a1", "a2/a2"})
>>> m2.is_status_quo("a2/a2"), m2.is_status_quo("a1/a2"), sorted(m2.status_quo_labels)
(True, False, ['a1/a1', 'a2/a2'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from itertools import product
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
        Which outcomes are the status quo, in one of three forms: one outcome
        label (a string; for normal forms the pure profile written
        ``"action/action/..."``), a set (any iterable) of labels, stored as a
        ``frozenset`` (a set of one label is stored as that label), or a
        predicate ``label -> bool``. Labels are the base game's: in a
        commitment game a leaf reached after a delivered promise keeps the
        label ``"status quo"`` (:mod:`arbiter.leverage.commitment`). Ask
        :meth:`is_status_quo` rather than comparing labels with this
        attribute. A predicate must be a module-level function for models
        sent to process executors (a lambda does not pickle); the sampling
        functions themselves only send :attr:`status_quo_labels`.
    description:
        What the model represents.
    claims:
        The numbered claims of the source this model encodes.
    commitments:
        For a game built by :func:`arbiter.leverage.commitment_structure`,
        its :class:`~arbiter.leverage.CommitmentStructure` (the threats and
        promises, where each is carried out or abandoned, what was done on
        the way to each leaf); ``None`` otherwise. Not part of equality:
        two models with the same game, parameters and status quo are equal.
    """

    name: str
    game: Any
    parameters: ParameterSpace
    status_quo: str | frozenset[str] | Callable[[str], bool] | None = None
    description: str = ""
    claims: tuple[int, ...] = field(default=())
    commitments: Any = field(default=None, compare=False, repr=False)

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
        object.__setattr__(self, "status_quo", _status_quo(self.status_quo, self.name))
        if self.commitments is not None:
            # Duck-typed: the structure comes from the leverage layer, above this one.
            if not callable(getattr(self.commitments, "check_game", None)):
                raise ArgumentTypeError(
                    f"model {self.name!r}: commitments must be a CommitmentStructure (from "
                    f"arbiter.leverage.commitment_structure) or None; got {self.commitments!r}"
                )
            self.commitments.check_game(self.game)

    # ------------------------------------------------------------ status quo
    def is_status_quo(self, label: str) -> bool:
        """Whether the outcome ``label`` is (part of) the status quo.

        ``False`` for every label when the model has no status quo.
        """
        sq = self.status_quo
        if sq is None:
            return False
        if isinstance(sq, str):
            return label == sq
        if isinstance(sq, frozenset):
            return label in sq
        return bool(sq(label))

    @cached_property
    def status_quo_labels(self) -> frozenset[str]:
        """The status quo as a set of labels.

        For the label forms, the labels given; for a predicate, the labels of
        the game's outcomes that it accepts (for a normal form, of its pure
        profiles ``"a/b/..."``). Empty when the model has no status quo.
        """
        sq = self.status_quo
        if sq is None:
            return frozenset()
        if isinstance(sq, str):
            return frozenset((sq,))
        if isinstance(sq, frozenset):
            return sq
        return frozenset(label for label in self.outcome_labels if sq(label))

    @property
    def outcome_labels(self) -> tuple[str, ...]:
        """The game's outcome labels, each once, in tree order (for a normal form, its
        pure profiles ``"a/b/..."``)."""
        game = self.game
        if hasattr(game, "outcomes") and hasattr(game, "label_of"):
            return tuple(dict.fromkeys(game.label_of(p) for p, _ in game.outcomes))
        return tuple("/".join(profile) for profile in product(*game.actions))

    @property
    def status_quo_name(self) -> str:
        """The status quo as text: the label, the labels joined by ``" or "``, or the
        predicate's name (``""`` when there is none)."""
        sq = self.status_quo
        if sq is None:
            return ""
        if isinstance(sq, str):
            return sq
        if isinstance(sq, frozenset):
            return " or ".join(sorted(sq))
        return getattr(sq, "__name__", None) or repr(sq)

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

    def explore(self, path: Any = None, *, source: str | None = None) -> Any:
        """Write the interactive stability explorer (one HTML file); return its path.

        See :func:`arbiter.explore.explorer`. (Imported when called: the
        explorer sits in the top layer, above the games.)
        """
        from arbiter.explore import explorer

        return explorer(self, path, source=source)

    def _repr_html_(self) -> str:
        """A static summary for Jupyter: the parameters and the status quo (cheap: no solving)."""
        rows = "".join(
            f"<tr><td><code>{escape(n)}</code></td><td>{escape(str(p.default))}</td>"
            f"<td>[{escape(str(p.low))}, {escape(str(p.high))}]</td>"
            f"<td title='{escape(p.source or '', quote=True)}'>{escape(p.description)}</td></tr>"
            for n, p in self.parameters.items()
        )
        kind = type(self.game).__name__
        return (
            f"<div><b>Model {escape(self.name)}</b> ({kind}, players "
            f"{escape(', '.join(self.game.players))}; status quo: "
            f"{escape(self.status_quo_name or 'none')})<br>{escape(self.description)}"
            "<table><tr><th>parameter</th><th>default</th><th>range</th><th>meaning</th></tr>"
            f"{rows}</table><small>model.explore() writes the interactive explorer "
            "(one HTML file).</small></div>"
        )


def _status_quo(value: Any, model: str) -> str | frozenset[str] | Callable[[str], bool] | None:
    """``Model.status_quo`` in its stored form (see the class docstring)."""
    if value is None or isinstance(value, str):
        return value
    if callable(value) and not isinstance(value, Iterable):
        return value
    if isinstance(value, Iterable):
        labels = tuple(value)
        bad = [x for x in labels if not isinstance(x, str)]
        if bad or not labels:
            raise ArgumentTypeError(
                f"model {model!r}: status_quo must be a label, a non-empty set of labels "
                f"(strings) or a predicate over labels; got {value!r}"
            )
        return labels[0] if len(set(labels)) == 1 else frozenset(labels)
    raise ArgumentTypeError(
        f"model {model!r}: status_quo must be a label, a set of labels or a predicate over "
        f"labels; got {value!r}"
    )
