r"""Normal-form (strategic-form) games as immutable values.

A game with players :math:`1, \dots, n`, where player :math:`p` has actions
:math:`0, \dots, k_p - 1`, is held as one array ``payoffs`` of shape
``(n, k_1, ..., k_n)``: ``payoffs[p, a_1, ..., a_n]`` is the payoff to player
``p`` when each player ``q`` plays action ``a_q``. Axis ``q + 1`` of the array
is player ``q``'s action. For two players, ``payoffs[0]`` is the row player's
matrix :math:`A` and ``payoffs[1]`` the column player's matrix :math:`B`, both
indexed ``[row, column]``.

Entries are of one kind (see :mod:`arbiter.games.numbers`): floats, exact
rationals (held as :class:`fractions.Fraction`) or sympy expressions in
parameters. The kind is decided once, when the game is built; nothing ever
turns an exact entry into a float behind the user's back.

>>> g = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                players=("Row", "Column"),
...                                actions=(("C", "D"), ("C", "D")))
>>> g.shape
(2, 2)
>>> g.kind
'exact'
>>> g.payoff_of("Row", ("D", "C"))
Fraction(5, 1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np
import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, InvalidGameError
from arbiter.games.numbers import Kind, array_kind, convert_array, substitution

__all__ = ["NormalFormGame"]


def _as_object_array(payoffs: Any, name: str) -> np.ndarray:
    """Turn nested sequences into an object array, refusing ragged input."""
    if isinstance(payoffs, (str, bytes)) or isinstance(payoffs, Mapping):
        raise ArgumentTypeError(
            f"{name} must be an array of numbers of shape (n_players, k_1, ..., k_n); "
            f"got {payoffs!r} ({type(payoffs).__name__})"
        )
    try:
        arr = np.array(payoffs, dtype=object)
    except ValueError as exc:  # inhomogeneous nesting
        raise InvalidGameError(f"{name} is ragged (rows of different lengths): {exc}") from None
    for idx, v in np.ndenumerate(arr):
        if isinstance(v, (list, tuple, np.ndarray)):
            lengths = sorted({len(x) if hasattr(x, "__len__") else 0 for x in arr.ravel()})
            raise InvalidGameError(
                f"{name} is ragged: rows at the same depth have different lengths {lengths} "
                f"(the entry at {list(idx)} is the sequence {v!r})"
            )
    return arr


def _check_names(names: Any, count: int, what: str, default: Sequence[str]) -> tuple[str, ...]:
    if names is None:
        return tuple(default)
    if isinstance(names, str):
        raise ArgumentTypeError(f"{what} must be a sequence of names; got the string {names!r}")
    names = tuple(names)
    if len(names) != count:
        raise InvalidGameError(f"{what} must have {count} names; got {len(names)}: {names!r}")
    for n in names:
        if not isinstance(n, str) or not n:
            raise ArgumentTypeError(f"{what} must be non-empty strings; got {n!r}")
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise InvalidGameError(f"{what} must be distinct; {n!r} appears twice in {names!r}")
        seen.add(n)
    return names


class NormalFormGame:
    """An n-player game in normal form; immutable.

    Parameters
    ----------
    payoffs:
        Array-like of shape ``(n_players, k_1, ..., k_n)`` (see the module
        docstring for the convention).
    players:
        Player names, distinct; default ``("P1", "P2", ...)``.
    actions:
        For each player, the names of its actions, distinct within a player;
        default ``("a1", "a2", ...)``.
    """

    __slots__ = ("_actions", "_hash", "_kind", "_payoffs", "_players")

    def __init__(
        self,
        payoffs: Any,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
    ) -> None:
        raw = payoffs.payoffs if isinstance(payoffs, NormalFormGame) else payoffs
        if isinstance(raw, np.ndarray) and raw.dtype.kind in "fiu":
            arr = raw
            if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
                bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
                where = ", ".join(map(str, bad))
                raise InvalidGameError(f"payoffs[{where}] must be finite; got {arr[bad]!r}")
            kind: Kind = "float" if arr.dtype.kind == "f" else "exact"
        else:
            arr = _as_object_array(raw, "payoffs")
            kind = array_kind(arr, "payoffs")
        if arr.ndim < 2:
            raise InvalidGameError(
                f"payoffs must have shape (n_players, k_1, ..., k_n); got shape {arr.shape}"
            )
        n = arr.shape[0]
        if arr.ndim != n + 1:
            raise InvalidGameError(
                f"payoffs of shape {arr.shape} describe {n} players but "
                f"{arr.ndim - 1} action axes; the shape must be (n_players, k_1, ..., k_n)"
            )
        if any(k < 1 for k in arr.shape[1:]):
            raise InvalidGameError(
                f"every player needs at least one action; payoffs shape {arr.shape}"
            )
        self._players = _check_names(players, n, "players", [f"P{i + 1}" for i in range(n)])
        if actions is None:
            acts = tuple(tuple(f"a{j + 1}" for j in range(k)) for k in arr.shape[1:])
        else:
            if isinstance(actions, str):
                raise ArgumentTypeError(
                    f"actions must be one sequence of names per player; got {actions!r}"
                )
            actions = tuple(actions)
            if len(actions) != n:
                raise InvalidGameError(
                    f"actions must give one list of names per player ({n}); got {len(actions)}"
                )
            acts = tuple(
                _check_names(a, k, f"actions of {p!r}", ())
                for a, k, p in zip(actions, arr.shape[1:], self._players)
            )
        self._actions = acts
        self._kind = kind
        out = convert_array(arr, kind)
        out.setflags(write=False)
        self._payoffs = out
        self._hash: int | None = None

    # ------------------------------------------------------------------ builders
    @classmethod
    def _trusted(
        cls,
        payoffs: np.ndarray,
        kind: Kind,
        players: tuple[str, ...],
        actions: tuple[tuple[str, ...], ...],
    ) -> NormalFormGame:
        """A game from parts already checked, for solvers that derive one game from another.

        ``payoffs`` must be a fresh array whose entries are all of ``kind``
        as :func:`~arbiter.games.numbers.convert_array` makes them (for
        ``"exact"``, Fractions), of a shape matching ``players`` and
        ``actions`` (names taken from a valid game). Nothing is checked: a
        copy of a game made entry by entry (say its exact values) need not
        be validated again, which for a small game costs more than the copy.
        """
        game = cls.__new__(cls)
        payoffs.setflags(write=False)
        game._payoffs = payoffs
        game._kind = kind
        game._players = players
        game._actions = actions
        game._hash = None
        return game

    @classmethod
    def from_arrays(
        cls,
        *arrays: Any,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
    ) -> NormalFormGame:
        """Build a game from one payoff array per player, each of shape ``(k_1, ..., k_n)``.

        >>> NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).shape
        (2, 2)
        """
        if not arrays:
            raise InvalidGameError("from_arrays needs at least one payoff array")
        objs = [_as_object_array(a, f"arrays[{i}]") for i, a in enumerate(arrays)]
        shapes = {o.shape for o in objs}
        if len(shapes) != 1:
            raise InvalidGameError(
                f"all payoff arrays must have the same shape; got {[o.shape for o in objs]}"
            )
        shape = objs[0].shape
        if len(shape) != len(objs):
            raise InvalidGameError(
                f"{len(objs)} payoff arrays need {len(objs)} action axes each; got shape {shape}"
            )
        return cls(np.stack(objs), players=players, actions=actions)

    @classmethod
    def from_nashpy(
        cls,
        game: Any,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
    ) -> NormalFormGame:
        """Build a game from a ``nashpy.Game`` (its two payoff matrices)."""
        try:
            A, B = game.payoff_matrices
        except AttributeError:
            raise ArgumentTypeError(
                f"game must be a nashpy.Game; got {type(game).__name__}"
            ) from None
        return cls.from_arrays(np.asarray(A), np.asarray(B), players=players, actions=actions)

    def to_nashpy(self) -> Any:
        """Return the ``nashpy.Game`` with the same payoffs (nashpy computes in floats)."""
        import nashpy

        if self.n_players != 2:
            raise InvalidArgumentError(
                f"nashpy holds two-player games only; this game has {self.n_players}"
            )
        self._require_numeric("to_nashpy")
        return nashpy.Game(*(self.as_float()[p] for p in range(2)))

    # ------------------------------------------------------------------ accessors
    @property
    def payoffs(self) -> np.ndarray:
        """The read-only payoff array, shape ``(n_players, k_1, ..., k_n)``."""
        return self._payoffs.view()

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        return self._actions

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(self._payoffs.shape[1:])

    @property
    def kind(self) -> Kind:
        """``"float"``, ``"exact"`` or ``"symbolic"`` (see :mod:`arbiter.games.numbers`)."""
        return self._kind

    @property
    def is_exact(self) -> bool:
        return self._kind == "exact"

    @property
    def parameters(self) -> tuple[sympy.Symbol, ...]:
        """The free sympy symbols in the payoffs, sorted by name."""
        if self._kind != "symbolic":
            return ()
        syms: set[sympy.Symbol] = set()
        for v in self._payoffs.ravel():
            syms |= v.free_symbols
        return tuple(sorted(syms, key=lambda s: s.name))

    def player_index(self, player: int | str) -> int:
        """Index of a player given by name or index."""
        if isinstance(player, str):
            try:
                return self._players.index(player)
            except ValueError:
                raise InvalidArgumentError(
                    f"player must be one of {self._players}; got {player!r}"
                ) from None
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= player < self.n_players:
                return int(player)
            raise InvalidArgumentError(
                f"player index must be in [0, {self.n_players}); got {player}"
            )
        raise ArgumentTypeError(f"player must be a name or an index; got {player!r}")

    def action_index(self, player: int | str, action: int | str) -> int:
        """Index of one of ``player``'s actions, given by name or index."""
        p = self.player_index(player)
        names = self._actions[p]
        if isinstance(action, str):
            try:
                return names.index(action)
            except ValueError:
                raise InvalidArgumentError(
                    f"action of {self._players[p]!r} must be one of {names}; got {action!r}"
                ) from None
        if isinstance(action, (int, np.integer)) and not isinstance(action, bool):
            if 0 <= action < len(names):
                return int(action)
            raise InvalidArgumentError(
                f"action index of {self._players[p]!r} must be in [0, {len(names)}); got {action}"
            )
        raise ArgumentTypeError(f"action must be a name or an index; got {action!r}")

    def profile_index(self, profile: Sequence[int | str]) -> tuple[int, ...]:
        """Indices of a pure profile given by action names or indices."""
        if isinstance(profile, str) or len(profile) != self.n_players:
            raise InvalidArgumentError(
                f"profile must give one action per player ({self.n_players}); got {profile!r}"
            )
        return tuple(self.action_index(p, a) for p, a in enumerate(profile))

    def payoff_of(self, player: int | str, profile: Sequence[int | str]) -> Any:
        """The payoff to ``player`` at a pure profile (names or indices)."""
        return self._payoffs[(self.player_index(player), *self.profile_index(profile))]

    def as_float(self) -> np.ndarray:
        """The payoffs as a new ``float64`` array (refuses symbolic games)."""
        self._require_numeric("as_float")
        return np.array(self._payoffs, dtype=np.float64)

    def _require_numeric(self, what: str) -> None:
        if self._kind == "symbolic":
            raise InvalidArgumentError(
                f"{what} needs numeric payoffs; this game has free parameters "
                f"{[s.name for s in self.parameters]} (use game.subs first)"
            )

    # ------------------------------------------------------------- transforms
    def subs(self, values: Mapping[Any, Any]) -> NormalFormGame:
        """A new game with parameters replaced by values (keys: symbols or their names).

        >>> import sympy
        >>> x = sympy.Symbol("x")
        >>> g = NormalFormGame.from_arrays([[x, 0], [0, 1]], [[1, 0], [0, x]])
        >>> g.subs({"x": 2}).payoffs[0, 0, 0]
        Fraction(2, 1)
        """
        mapping = substitution(self.parameters, values, numeric=self._kind != "symbolic")
        if not mapping:
            return self
        flat = [v.xreplace(mapping) for v in self._payoffs.ravel()]
        new = np.empty(len(flat), dtype=object)
        for i, v in enumerate(flat):
            new[i] = _sympy_to_entry(v)
        return NormalFormGame(new.reshape(self._payoffs.shape), self._players, self._actions)

    def permute_players(self, order: Sequence[int | str]) -> NormalFormGame:
        """A new game whose player ``i`` is this game's player ``order[i]``."""
        idx = [self.player_index(p) for p in order]
        if sorted(idx) != list(range(self.n_players)):
            raise InvalidArgumentError(f"order must be a permutation of the players; got {order!r}")
        arr = self._payoffs[idx].transpose([0, *[i + 1 for i in idx]])
        return NormalFormGame(arr, [self._players[i] for i in idx], [self._actions[i] for i in idx])

    def permute_actions(self, player: int | str, order: Sequence[int | str]) -> NormalFormGame:
        """A new game whose action ``j`` of ``player`` is this game's action ``order[j]``."""
        p = self.player_index(player)
        idx = [self.action_index(p, a) for a in order]
        if sorted(idx) != list(range(self.shape[p])):
            raise InvalidArgumentError(f"order must be a permutation of the actions; got {order!r}")
        arr = np.take(self._payoffs, idx, axis=p + 1)
        acts = list(self._actions)
        acts[p] = tuple(self._actions[p][i] for i in idx)
        return NormalFormGame(arr, self._players, acts)

    # ------------------------------------------------------------------ values
    def _key(self) -> tuple[Any, ...]:
        return (
            self._players,
            self._actions,
            self._kind,
            self._payoffs.shape,
            tuple(self._payoffs.ravel().tolist()),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._key())
        return self._hash

    def __reduce__(self) -> tuple[Any, ...]:
        return (NormalFormGame, (np.array(self._payoffs), self._players, self._actions))

    def __repr__(self) -> str:
        shape = "x".join(str(k) for k in self.shape)
        return f"NormalFormGame({shape}, players={self._players!r}, kind={self._kind!r})"

    def __str__(self) -> str:
        return self.to_frame().to_string()

    def to_frame(self) -> Any:
        """A pandas DataFrame with one row per pure profile and one payoff column per player."""
        import pandas as pd

        rows = []
        for prof in product(*(range(k) for k in self.shape)):
            row: dict[str, Any] = {
                p: self._actions[i][a] for i, (p, a) in enumerate(zip(self._players, prof))
            }
            for i, p in enumerate(self._players):
                row[f"u[{p}]"] = self._payoffs[(i, *prof)]
            rows.append(row)
        return pd.DataFrame(rows)


def _sympy_to_entry(value: sympy.Expr) -> Any:
    """After substitution: a Fraction for rationals, float for Floats, else the expression."""
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, sympy.Float):
        return float(value)
    if not value.free_symbols and value.has(sympy.Float):
        return float(value)
    return value
