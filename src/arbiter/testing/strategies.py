r"""Hypothesis strategies for games, mixed strategies and parameter values.

Every strategy here is bounded (few players, few actions, small payoffs by
default) so that a solver can be run on each example, and shrinks towards
the simplest case: games shrink towards fewer actions and payoffs of 0,
mixed strategies towards the pure strategy on the first action, parameter
values towards 0 (or the low end of their range).

``normal_form_games``
    :class:`~arbiter.games.normal_form.NormalFormGame` values with payoffs of
    a chosen kind: ``"integers"`` and ``"fractions"`` (exact games),
    ``"floats"`` (float games whose entries hypothesis picks, often with
    ties), ``"generic"`` (floats drawn uniformly from a seeded generator: the
    game is nondegenerate with probability 1) or ``"symbolic"`` (entries
    ``c + b_1 x_1 + ... + b_m x_m`` in named parameters).
``bimatrix_games``
    The two-player case.
``mixed_strategies``
    Points of the probability simplex, including its vertices and faces
    (strategies that leave actions out), as Fractions or floats.
``mixed_profiles``
    One mixed strategy per player of a given game.
``parameter_values``
    ``{parameter: value}`` dictionaries of exact values in given ranges, ready
    for ``game.subs``.

Shrinking goes to the simplest example; the smallest mixed strategy over
three actions is the first vertex of the simplex:

>>> from hypothesis import find, settings
>>> find(mixed_strategies(3), lambda s: True, settings=settings(database=None))
(Fraction(1, 1), Fraction(0, 1), Fraction(0, 1))

A property test with these strategies (here: every pure equilibrium that
:func:`arbiter.pure_equilibria` returns has zero regret):

>>> import arbiter
>>> from hypothesis import given
>>> from arbiter.testing import assert_certified
>>> @settings(max_examples=20, database=None)
... @given(normal_form_games(n_players=3, max_actions=2))
... def test_pure_equilibria_are_certified(game):
...     assert_certified(arbiter.pure_equilibria(game))
>>> test_pure_equilibria_are_certified()
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.games.normal_form import NormalFormGame

__all__ = [
    "PAYOFF_KINDS",
    "TREE_PAYOFF_KINDS",
    "bimatrix_games",
    "mixed_profiles",
    "mixed_strategies",
    "models",
    "normal_form_games",
    "parameter_values",
    "points",
    "trees",
]

#: The values accepted by ``normal_form_games(payoffs=...)``.
PAYOFF_KINDS = ("integers", "fractions", "floats", "generic", "symbolic")

#: Largest total number of payoff entries a generated game may have.
_MAX_ENTRIES = 10_000


# ---------------------------------------------------------------- validation
def _check_int(value: Any, name: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ArgumentTypeError(f"{name} must be an integer; got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise InvalidArgumentError(f"{name} must be {bound}; got {name}={value!r}")
    return int(value)


def _check_real(value: Any, name: str) -> Fraction | float:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, Fraction, float)):
        raise ArgumentTypeError(f"{name} must be a real number; got {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidArgumentError(f"{name} must be finite; got {name}={value!r}")
        return value
    return Fraction(value)


def _check_range(min_value: Any, max_value: Any) -> tuple[Fraction | float, Fraction | float]:
    low = _check_real(min_value, "min_value")
    high = _check_real(max_value, "max_value")
    if low > high:
        raise InvalidArgumentError(f"cannot have max_value={max_value!r} < min_value={min_value!r}")
    return low, high


def _check_shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Iterable):
        raise ArgumentTypeError(
            f"shape must be a tuple with each player's number of actions; got {shape!r}"
        )
    shape = tuple(shape)
    if not shape:
        raise InvalidArgumentError("shape must name at least one player; got shape=()")
    for i, k in enumerate(shape):
        _check_int(k, f"shape[{i}]", 1)
    return tuple(int(k) for k in shape)


def _symbols(parameters: Any) -> tuple[sympy.Symbol, ...]:
    if isinstance(parameters, (str, sympy.Symbol)):
        parameters = (parameters,)
    if not isinstance(parameters, Iterable):
        raise ArgumentTypeError(
            f"parameters must be a sequence of names or sympy symbols; got {parameters!r}"
        )
    out = []
    for p in parameters:
        if isinstance(p, sympy.Symbol):
            out.append(p)
        elif isinstance(p, str) and p.isidentifier():
            out.append(sympy.Symbol(p, real=True))
        else:
            raise ArgumentTypeError(f"parameters must be identifiers or sympy symbols; got {p!r}")
    if not out:
        raise InvalidArgumentError("payoffs='symbolic' needs at least one name in parameters=")
    if len({s.name for s in out}) != len(out):
        raise InvalidArgumentError(f"parameters must be distinct; got {parameters!r}")
    return tuple(out)


# ---------------------------------------------------------------- games
def _shapes(
    shape: tuple[int, ...] | None, n_players: int | None, min_actions: int, max_actions: int
) -> st.SearchStrategy[tuple[int, ...]]:
    if shape is not None:
        return st.just(shape)
    players = st.just(n_players) if n_players is not None else st.integers(2, 3)
    return players.flatmap(
        lambda n: st.tuples(*(st.integers(min_actions, max_actions) for _ in range(n)))
    )


def _entry_strategy(
    payoffs: str, low: Fraction | float, high: Fraction | float, max_denominator: int
) -> st.SearchStrategy[Any]:
    if payoffs == "integers":
        lo, hi = math.ceil(low), math.floor(high)
        if lo > hi:
            raise InvalidArgumentError(
                f"no integer lies in [min_value, max_value] = [{low}, {high}]"
            )
        return st.integers(lo, hi)
    if payoffs == "fractions":
        return st.fractions(Fraction(low), Fraction(high), max_denominator=max_denominator)
    return st.floats(
        float(low), float(high), allow_nan=False, allow_infinity=False, allow_subnormal=False
    )


@st.composite
def _games(
    draw: Any,
    shapes: st.SearchStrategy[tuple[int, ...]],
    payoffs: str,
    low: Fraction | float,
    high: Fraction | float,
    max_denominator: int,
    symbols: tuple[sympy.Symbol, ...],
) -> NormalFormGame:
    shape = draw(shapes)
    full = (len(shape), *shape)
    if math.prod(full) > _MAX_ENTRIES:
        raise InvalidArgumentError(
            f"a game of shape {shape} has {math.prod(full)} payoff entries; "
            f"at most {_MAX_ENTRIES} are allowed (lower max_actions or n_players)"
        )
    if payoffs == "generic":
        seed = draw(st.integers(0, 2**32 - 1))
        rng = np.random.default_rng(seed)
        return NormalFormGame(rng.uniform(float(low), float(high), size=full))
    if payoffs == "integers":
        ints = _entry_strategy("integers", low, high, max_denominator)
        return NormalFormGame(draw(hnp.arrays(np.int64, full, elements=ints)))
    if payoffs == "floats":
        floats = _entry_strategy("floats", low, high, max_denominator)
        return NormalFormGame(draw(hnp.arrays(np.float64, full, elements=floats)))
    if payoffs == "fractions":
        fracs = _entry_strategy("fractions", low, high, max_denominator)
        return NormalFormGame(draw(hnp.arrays(object, full, elements=fracs)))
    # symbolic: c + sum b_i x_i with integer c in range and b_i in {-1, 0, 1}
    ints = _entry_strategy("integers", low, high, max_denominator)
    consts = draw(hnp.arrays(np.int64, full, elements=ints))
    coeffs = [draw(hnp.arrays(np.int64, full, elements=st.integers(-1, 1))) for _ in symbols]
    table = np.empty(full, dtype=object)
    for idx in np.ndindex(*full):
        table[idx] = sympy.Integer(int(consts[idx])) + sum(
            (int(c[idx]) * s for c, s in zip(coeffs, symbols)), sympy.Integer(0)
        )
    return NormalFormGame(table)


def normal_form_games(
    shape: Sequence[int] | None = None,
    *,
    n_players: int | None = 2,
    min_actions: int = 1,
    max_actions: int = 3,
    payoffs: str = "integers",
    min_value: int | float | Fraction = -5,
    max_value: int | float | Fraction = 5,
    max_denominator: int = 6,
    parameters: Sequence[str | sympy.Symbol] = ("x", "y"),
) -> st.SearchStrategy[NormalFormGame]:
    """Normal-form games with bounded payoffs.

    Parameters
    ----------
    shape:
        Each player's number of actions, e.g. ``(2, 3)``; when given,
        ``n_players``, ``min_actions`` and ``max_actions`` are ignored.
    n_players:
        The number of players (default 2); ``None`` draws 2 or 3.
    min_actions, max_actions:
        Bounds on each player's number of actions (default 1 to 3).
    payoffs:
        ``"integers"`` (default), ``"fractions"`` (denominators up to
        ``max_denominator``), ``"floats"``, ``"generic"`` (uniform floats
        from a seeded generator, nondegenerate with probability 1; only the
        seed shrinks) or ``"symbolic"`` (integer constants plus
        ``-1``/``0``/``+1`` times each of ``parameters``; a game may end up
        using only some of them, or none).
    min_value, max_value:
        Bounds on the payoffs (on the constants, for symbolic games).

    Integer and fraction games are exact (``game.kind == "exact"``):

    >>> from hypothesis import find, settings
    >>> g = find(normal_form_games(shape=(2, 3)), lambda g: True,
    ...          settings=settings(database=None))
    >>> g.shape, g.kind, g.payoffs.max()
    ((2, 3), 'exact', Fraction(0, 1))
    """
    if payoffs not in PAYOFF_KINDS:
        raise InvalidArgumentError(f"payoffs must be one of {PAYOFF_KINDS}; got {payoffs!r}")
    low, high = _check_range(min_value, max_value)
    max_denominator = _check_int(max_denominator, "max_denominator", 1)
    if shape is not None:
        shape = _check_shape(shape)
    else:
        if n_players is not None:
            n_players = _check_int(n_players, "n_players", 1, 8)
        min_actions = _check_int(min_actions, "min_actions", 1)
        max_actions = _check_int(max_actions, "max_actions", 1, 100)
        if min_actions > max_actions:
            raise InvalidArgumentError(
                f"cannot have max_actions={max_actions} < min_actions={min_actions}"
            )
    symbols = _symbols(parameters) if payoffs == "symbolic" else ()
    if payoffs == "integers" or payoffs == "symbolic":
        _entry_strategy("integers", low, high, max_denominator)  # validates the range
    shapes = _shapes(shape, n_players, min_actions, max_actions)
    return _games(shapes, payoffs, low, high, max_denominator, symbols)


def bimatrix_games(
    shape: Sequence[int] | None = None,
    *,
    min_actions: int = 1,
    max_actions: int = 3,
    payoffs: str = "integers",
    min_value: int | float | Fraction = -5,
    max_value: int | float | Fraction = 5,
    max_denominator: int = 6,
    parameters: Sequence[str | sympy.Symbol] = ("x", "y"),
) -> st.SearchStrategy[NormalFormGame]:
    """Two-player games: :func:`normal_form_games` with ``n_players=2``.

    >>> from hypothesis import find, settings
    >>> find(bimatrix_games(min_actions=2, payoffs="floats"), lambda g: True,
    ...      settings=settings(database=None)).kind
    'float'
    """
    if shape is not None:
        shape = _check_shape(shape)
        if len(shape) != 2:
            raise InvalidArgumentError(f"bimatrix games have two players; got shape={shape!r}")
    return normal_form_games(
        shape,
        n_players=2,
        min_actions=min_actions,
        max_actions=max_actions,
        payoffs=payoffs,
        min_value=min_value,
        max_value=max_value,
        max_denominator=max_denominator,
        parameters=parameters,
    )


# ---------------------------------------------------------------- strategies
@st.composite
def _simplex_points(draw: Any, n: int, exact: bool, max_weight: int) -> tuple[Any, ...]:
    # One action is always in the support; each other one joins it or not.
    # Shrinks to the pure strategy on action 0 (a vertex); faces come from
    # supports that leave actions out.
    first = draw(st.integers(0, n - 1))
    support = [i == first or draw(st.booleans()) for i in range(n)]
    if exact:
        weights = [draw(st.integers(1, max_weight)) if s else 0 for s in support]
        total = sum(weights)
        return tuple(Fraction(w, total) for w in weights)
    fweights = [
        draw(st.floats(2.0**-20, 1.0, allow_nan=False, allow_infinity=False)) if s else 0.0
        for s in support
    ]
    ftotal = math.fsum(fweights)
    return tuple(w / ftotal for w in fweights)


def mixed_strategies(
    n_actions: int, *, exact: bool = True, max_weight: int = 10
) -> st.SearchStrategy[tuple[Any, ...]]:
    """Probability vectors over ``n_actions`` actions: points of the simplex.

    Vertices (pure strategies), points on faces (some actions left out) and
    interior points are all drawn. With ``exact=True`` (default) the entries
    are Fractions summing to exactly 1, with denominators at most
    ``n_actions * max_weight``; with ``exact=False`` they are floats summing
    to 1 up to rounding.

    >>> from hypothesis import find, settings
    >>> find(mixed_strategies(3), lambda s: s[0] > 0 and s[2] > 0,
    ...      settings=settings(database=None))
    (Fraction(1, 2), Fraction(0, 1), Fraction(1, 2))
    """
    n_actions = _check_int(n_actions, "n_actions", 1)
    if not isinstance(exact, bool):
        raise ArgumentTypeError(f"exact must be True or False; got {exact!r}")
    max_weight = _check_int(max_weight, "max_weight", 1)
    return _simplex_points(n_actions, exact, max_weight)


def mixed_profiles(
    game: NormalFormGame, *, exact: bool | None = None, max_weight: int = 10
) -> st.SearchStrategy[tuple[tuple[Any, ...], ...]]:
    """Mixed profiles of ``game``: one :func:`mixed_strategies` value per player.

    ``exact`` defaults to ``True`` unless the game's payoffs are floats.

    >>> import arbiter
    >>> from hypothesis import find, settings
    >>> g = arbiter.NormalFormGame.from_arrays([[1, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> find(mixed_profiles(g), lambda p: True, settings=settings(database=None))
    ((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))
    """
    if not isinstance(game, NormalFormGame):
        raise ArgumentTypeError(f"game must be a NormalFormGame; got {type(game).__name__}")
    if exact is None:
        exact = game.kind != "float"
    return st.tuples(*(mixed_strategies(k, exact=exact, max_weight=max_weight) for k in game.shape))


# ---------------------------------------------------------------- parameters
def _bounds_of(key: Any, spec: Any, low: Fraction, high: Fraction) -> tuple[Fraction, Fraction]:
    if spec is None:
        lo, hi = low, high
    elif hasattr(spec, "low") and hasattr(spec, "high"):  # arbiter Parameter
        lo, hi = Fraction(spec.low), Fraction(spec.high)
    elif isinstance(spec, Sequence) and not isinstance(spec, str) and len(spec) == 2:
        lo = _check_real(spec[0], f"parameters[{key!r}][0]")
        hi = _check_real(spec[1], f"parameters[{key!r}][1]")
        lo, hi = Fraction(lo), Fraction(hi)
    else:
        raise ArgumentTypeError(
            f"parameters[{key!r}] must be a (low, high) pair or a Parameter; got {spec!r}"
        )
    if isinstance(key, sympy.Symbol):
        if key.is_nonnegative:
            lo = max(lo, Fraction(0))
    if lo > hi:
        raise InvalidArgumentError(f"parameters[{key!r}] has low={lo} > high={hi}")
    return lo, hi


def parameter_values(
    parameters: Any,
    *,
    min_value: int | Fraction = -10,
    max_value: int | Fraction = 10,
    max_denominator: int = 10,
) -> st.SearchStrategy[dict[Any, Fraction]]:
    """Dictionaries of exact parameter values, for ``game.subs``.

    ``parameters`` may be

    * sympy symbols or names (``game.parameters`` works): each drawn from
      ``[min_value, max_value]``, or from its non-negative part when the
      symbol is declared non-negative;
    * a mapping ``{name or symbol: (low, high)}``;
    * a mapping ``{name: Parameter}`` (a model's ``parameters``), each drawn
      from its plausible range ``[low, high]``;
    * an object with a ``parameters`` attribute of one of those forms (a
      game or a model).

    Keys are kept as given. Values are Fractions with denominators at most
    ``max_denominator``, shrinking towards 0 (or the nearest end of the range).

    >>> from hypothesis import find, settings
    >>> find(parameter_values({"w": (2, 10), "c": (0, 1)}), lambda v: True,
    ...      settings=settings(database=None))
    {'w': Fraction(2, 1), 'c': Fraction(0, 1)}
    """
    low = Fraction(_check_real(min_value, "min_value"))
    high = Fraction(_check_real(max_value, "max_value"))
    if low > high:
        raise InvalidArgumentError(f"cannot have max_value={max_value!r} < min_value={min_value!r}")
    max_denominator = _check_int(max_denominator, "max_denominator", 1)
    if hasattr(parameters, "parameters") and not isinstance(parameters, Mapping):
        parameters = parameters.parameters
    if isinstance(parameters, Mapping):
        specs = list(parameters.items())
    elif isinstance(parameters, (str, sympy.Symbol)):
        specs = [(parameters, None)]
    elif isinstance(parameters, Iterable):
        specs = [(p, None) for p in parameters]
    else:
        raise ArgumentTypeError(
            f"parameters must be symbols, names or a mapping of ranges; got {parameters!r}"
        )
    fields = {}
    for key, spec in specs:
        if not isinstance(key, (str, sympy.Symbol)):
            raise ArgumentTypeError(f"parameter keys must be names or sympy symbols; got {key!r}")
        lo, hi = _bounds_of(key, spec, low, high)
        fields[key] = st.fractions(lo, hi, max_denominator=max_denominator)
    return st.fixed_dictionaries(fields)


# ---------------------------------------------------------------- trees and models
#: The values accepted by ``trees(payoffs=...)``.
TREE_PAYOFF_KINDS = ("integers", "fractions", "floats", "symbolic")

#: Largest number of nodes a generated tree may have.
_MAX_NODES = 400


def _payoff_entry(
    payoffs: str, low: Any, high: Any, symbols: tuple[sympy.Symbol, ...]
) -> st.SearchStrategy[Any]:
    if payoffs == "symbolic":
        ints = _entry_strategy("integers", low, high, 1)
        coeff = st.integers(-1, 1)
        return st.tuples(ints, st.tuples(*(coeff for _ in symbols))).map(
            lambda t: (
                sympy.Integer(t[0]) + sum((c * s for c, s in zip(t[1], symbols)), sympy.Integer(0))
            )
        )
    return _entry_strategy(payoffs, low, high, 6)


@st.composite
def _trees(
    draw: Any,
    players: tuple[str, ...],
    max_depth: int,
    max_actions: int,
    chance_nodes: bool,
    infosets: bool,
    entry: st.SearchStrategy[Any],
    labels: tuple[str, ...],
    floats: bool,
) -> Any:
    from arbiter.games.tree import SequentialGame, chance, decision, outcome

    count = [0]
    blocks = [0]

    def leaf() -> Any:
        count[0] += 1
        pay = tuple(draw(entry) for _ in players)
        label = draw(st.sampled_from((None, *labels))) if labels else None
        return outcome(pay, label=label)

    def node(depth: int) -> Any:
        # shrinks towards an outcome (the first option)
        if depth >= max_depth or count[0] >= _MAX_NODES:
            return leaf()
        kinds = ["outcome", "decision"]
        if chance_nodes:
            kinds.append("chance")
        if infosets and len(players) > 1 and depth + 2 <= max_depth:
            kinds.append("simultaneous")
        kind = draw(st.sampled_from(kinds))
        if kind == "outcome" and depth > 0:
            return leaf()
        if kind == "outcome":
            kind = "decision"
        n = draw(st.integers(2, max_actions))
        count[0] += 1
        if kind == "decision":
            who = draw(st.sampled_from(players))
            return decision(who, {f"a{j}": node(depth + 1) for j in range(n)})
        if kind == "chance":
            weights = [draw(st.integers(1, 4)) for _ in range(n)]
            total = sum(weights)
            probs = [w / total if floats else Fraction(w, total) for w in weights]
            return chance({f"c{j}": (q, node(depth + 1)) for j, q in enumerate(probs)})
        # one player moves, a second one moves without seeing the move: an information set
        first = draw(st.sampled_from(players))
        second = draw(st.sampled_from([p for p in players if p != first]))
        m = draw(st.integers(2, max_actions))
        blocks[0] += 1
        name = f"{second} unseen {blocks[0]}"
        return decision(
            first,
            {
                f"a{j}": decision(
                    second, {f"b{k}": node(depth + 2) for k in range(m)}, infoset=name
                )
                for j in range(n)
            },
        )

    return SequentialGame(node(0), players=players)


def trees(
    *,
    players: Sequence[str] = ("A", "B"),
    max_depth: int = 3,
    max_actions: int = 2,
    chance: bool = True,
    infosets: bool = True,
    payoffs: str = "integers",
    min_value: int | float | Fraction = 0,
    max_value: int | float | Fraction = 2,
    parameters: Sequence[str | sympy.Symbol] = ("x",),
    labels: Sequence[str] = (),
) -> st.SearchStrategy[Any]:
    """Small :class:`~arbiter.games.tree.SequentialGame` values with perfect recall.

    Trees shrink towards a single move over outcomes with payoffs ``min_value``.

    Parameters
    ----------
    players:
        The players' names (one to four).
    max_depth, max_actions:
        Bounds on the depth (at most 6) and on each node's actions or
        branches (2 to 4); trees also stop at 400 nodes.
    chance:
        Whether chance nodes may appear (exact probabilities for exact
        payoffs, floats for float payoffs).
    infosets:
        Whether information sets may appear: a player moves, then another
        one moves without seeing that move (one information set over the
        first player's actions, as in a simultaneous-move stage).
    payoffs:
        ``"integers"`` (default, in ``[min_value, max_value]``: small ranges
        give many ties), ``"fractions"``, ``"floats"`` or ``"symbolic"``
        (an integer plus ``-1``/``0``/``+1`` times each of ``parameters``).
    labels:
        Outcome labels to draw from (each outcome gets one of them or none:
        unlabelled outcomes are named by their path).


    >>> from hypothesis import Phase, find, settings
    >>> quick = settings(database=None, phases=[Phase.generate, Phase.shrink])
    >>> tree = find(trees(), lambda t: len(t.infosets) > 1, settings=quick)
    >>> tree.kind, len(tree.infosets), tree.perfect_recall
    ('exact', 2, True)
    """
    if isinstance(players, str) or not isinstance(players, Sequence):
        raise ArgumentTypeError(f"players must be a sequence of names; got {players!r}")
    players = tuple(players)
    if not 1 <= len(players) <= 4 or len(set(players)) != len(players):
        raise InvalidArgumentError(
            f"players must be one to four distinct names; got players={players!r}"
        )
    max_depth = _check_int(max_depth, "max_depth", 1, 6)
    max_actions = _check_int(max_actions, "max_actions", 2, 4)
    for name, flag in (("chance", chance), ("infosets", infosets)):
        if not isinstance(flag, bool):
            raise ArgumentTypeError(f"{name} must be True or False; got {flag!r}")
    if payoffs not in TREE_PAYOFF_KINDS:
        raise InvalidArgumentError(f"payoffs must be one of {TREE_PAYOFF_KINDS}; got {payoffs!r}")
    low, high = _check_range(min_value, max_value)
    symbols = _symbols(parameters) if payoffs == "symbolic" else ()
    entry = _payoff_entry(payoffs, low, high, symbols)
    if isinstance(labels, str):
        labels = (labels,)
    labels = tuple(labels)
    return _trees(
        players, max_depth, max_actions, chance, infosets, entry, labels, payoffs == "floats"
    )


@st.composite
def _models(
    draw: Any,
    n_parameters: int,
    players: tuple[str, ...],
    max_depth: int,
    chance_nodes: bool,
    infosets: bool,
    status_quo: str,
) -> Any:
    from arbiter.games.model import Model
    from arbiter.games.parameters import Parameter

    params = []
    for k in range(draw(st.integers(1, n_parameters))):
        low = draw(st.integers(0, 2))
        high = draw(st.integers(low + 1, low + 4))
        default = draw(st.integers(low, high))
        params.append(
            Parameter(f"p{k}", default, low, high, f"parameter {k}", "generated by models()")
        )
    symbols = tuple(p.symbol for p in params)
    tree = draw(
        _trees(
            players,
            max_depth,
            2,
            chance_nodes,
            infosets,
            _payoff_entry("symbolic", Fraction(-2), Fraction(2), symbols),
            (status_quo, "war", "deal"),
            False,
        )
    )
    return Model("generated", tree, tuple(params), status_quo=status_quo)


def models(
    *,
    n_parameters: int = 2,
    players: Sequence[str] = ("Arbiter", "Rival"),
    max_depth: int = 3,
    chance: bool = True,
    infosets: bool = True,
    status_quo: str = "status quo",
) -> st.SearchStrategy[Any]:
    """:class:`~arbiter.games.model.Model` values: a symbolic tree with a parameter space.

    Parameters ``p0, p1, ...`` (one to ``n_parameters``, at most 4) have
    integer ranges ``[low, high]`` within ``[0, 6]`` and a default inside;
    payoffs are an integer in ``[-2, 2]`` plus ``-1``/``0``/``+1`` times each
    parameter; outcomes are labelled ``status_quo``, ``"war"``, ``"deal"`` or
    by their path (the status quo may be absent from a model's tree).

    >>> from hypothesis import Phase, find, settings
    >>> quick = settings(database=None, phases=[Phase.generate, Phase.shrink])
    >>> model = find(models(), lambda m: True, settings=quick)
    >>> sorted(model.parameters), model.status_quo, model.game.kind
    (['p0'], 'status quo', 'exact')
    """
    n_parameters = _check_int(n_parameters, "n_parameters", 1, 4)
    if isinstance(players, str) or not isinstance(players, Sequence):
        raise ArgumentTypeError(f"players must be a sequence of names; got {players!r}")
    players = tuple(players)
    if not 1 <= len(players) <= 4 or len(set(players)) != len(players):
        raise InvalidArgumentError(
            f"players must be one to four distinct names; got players={players!r}"
        )
    max_depth = _check_int(max_depth, "max_depth", 1, 5)
    if not isinstance(status_quo, str):
        raise ArgumentTypeError(f"status_quo must be a label; got {status_quo!r}")
    return _models(n_parameters, players, max_depth, chance, infosets, status_quo)


def _payoff_expressions(game: Any) -> list[list[Any]]:
    """Per player, the distinct payoff expressions of the game's outcomes (or cells)."""
    if hasattr(game, "outcomes") and hasattr(game, "players") and hasattr(game, "label_of"):
        rows = [node.payoffs for _, node in game.outcomes]
    else:
        table = np.asarray(game.payoffs, dtype=object)
        rows = [
            tuple(table[(p, *idx)] for p in range(table.shape[0]))
            for idx in np.ndindex(*table.shape[1:])
        ]
    n = len(rows[0]) if rows else 0
    return [list(dict.fromkeys(sympy.sympify(r[p]) for r in rows)) for p in range(n)]


def _tie_pairs(model: Any) -> list[tuple[Any, Any]]:
    """Pairs of payoffs of one player that differ only through the parameters."""
    return [
        (a, b)
        for exprs in _payoff_expressions(model.game)
        for i, a in enumerate(exprs)
        for b in exprs[i + 1 :]
        if (a - b).free_symbols
    ]


def _coordinate(par: Any, max_denominator: int) -> st.SearchStrategy[Fraction]:
    """One parameter's value: low end first, then high end, default, integers, fractions."""
    lo, hi = Fraction(par.low), Fraction(par.high)
    ints = [Fraction(v) for v in range(math.ceil(lo), math.floor(hi) + 1)]
    choices = [st.just(lo), st.just(hi), st.just(Fraction(par.default))]
    if ints:
        choices.append(st.sampled_from(ints))
    choices.append(st.fractions(lo, hi, max_denominator=max_denominator))
    return st.one_of(*choices)


def _on_tie(
    model: Any, point: dict[str, Fraction], a: Any, b: Any, pick: int
) -> dict[str, Fraction]:
    """``point`` with one parameter of ``a - b`` moved to where ``a == b``, if in its range."""
    space = model.parameters
    symbols = space.symbols
    diff = sympy.expand(a - b)
    names = sorted(s.name for s in diff.free_symbols)
    name = names[pick % len(names)]
    others = {
        symbols[n]: sympy.Rational(v.numerator, v.denominator)
        for n, v in point.items()
        if n != name
    }
    rest = sympy.expand(diff.xreplace(others))
    x = symbols[name]
    if rest.is_polynomial(x) and sympy.degree(rest, x) == 1:
        slope, offset = sympy.Poly(rest, x).all_coeffs()
        root = -offset / slope
        if root.is_Rational:
            value = Fraction(int(root.p), int(root.q))
            if space[name].low <= value <= space[name].high:
                return {**point, name: value}
    return point


def points(
    model: Any, *, ties: bool = True, max_denominator: int = 4
) -> st.SearchStrategy[dict[str, Fraction]]:
    """Exact points ``{name: Fraction}`` of a model's parameter box.

    Each parameter is drawn from its low end, its high end, its default, an
    integer in its range, or a fraction with denominator at most
    ``max_denominator``: corners, edges and tie-rich integer points come up
    often, not only generic interior points. With ``ties`` (default), half
    the points are then moved, along one parameter, onto a *tie*: a point
    where two payoffs of one player are equal (when that point is in the
    box), which is where equilibria change and claims most often break.

    >>> from hypothesis import Phase, find, settings
    >>> from arbiter.scenarios.syria import border_deal
    >>> model = border_deal()
    >>> quick = settings(database=None, phases=[Phase.generate, Phase.shrink])
    >>> corner = find(points(model), lambda p: True, settings=quick)
    >>> corner == {n: model.parameters[n].low for n in model.parameters}
    True
    """
    if not hasattr(model, "parameters") or not hasattr(model, "game"):
        raise ArgumentTypeError(f"model must be a Model; got {type(model).__name__}")
    if not isinstance(ties, bool):
        raise ArgumentTypeError(f"ties must be True or False; got {ties!r}")
    max_denominator = _check_int(max_denominator, "max_denominator", 1)
    coordinates = {
        name: _coordinate(par, max_denominator) for name, par in model.parameters.items()
    }
    pairs = _tie_pairs(model) if ties else []

    @st.composite
    def model_points(draw: Any) -> dict[str, Fraction]:
        # a closure, so that hypothesis does not print the model in every report
        point = {name: draw(strategy) for name, strategy in coordinates.items()}
        if pairs and draw(st.booleans()):
            # move one parameter to where two payoffs of one player are equal
            a, b = pairs[draw(st.integers(0, len(pairs) - 1))]
            point = _on_tie(model, point, a, b, draw(st.integers(0, 3)))
        return point

    return model_points()
