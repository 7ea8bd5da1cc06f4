"""The one result type of every solver: a frozen set of certified equilibria.

Every solver returns an :class:`EquilibriumSet`, an immutable, hashable,
iterable collection of :class:`Equilibrium` values, together with the game,
the method that produced it, whether the game was found degenerate, the
tolerance used (``None`` for exact arithmetic) and any warnings.

Each :class:`Equilibrium` carries its *certificate*: ``regret``, the largest
gain any player could make by deviating, computed after the solver finished.
It is exactly ``0`` for exact games; for float games it is at most the set's
``tolerance``. Nothing uncertified is ever put in an ``EquilibriumSet``
(:func:`arbiter.solve.certify.certified_set` is the only way solvers build one).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = ["Equilibrium", "EquilibriumSet", "FrozenMap", "behaviour_profile"]


class FrozenMap(Mapping[Any, Any]):
    """An immutable, hashable mapping that keeps insertion order.

    >>> m = FrozenMap({"a": 1})
    >>> m["a"], hash(m) == hash(FrozenMap({"a": 1}))
    (1, True)
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[Any, Any] | Sequence[tuple[Any, Any]] = ()) -> None:
        self._data = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


def behaviour_profile(
    per_player: Sequence[Mapping[str, Mapping[str, Any]]],
) -> tuple[FrozenMap, ...]:
    """Freeze a behaviour profile: per player, ``{infoset: {action: probability}}``."""
    return tuple(FrozenMap({h: FrozenMap(dist) for h, dist in plan.items()}) for plan in per_player)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


@dataclass(frozen=True)
class Equilibrium:
    """One certified equilibrium.

    Attributes
    ----------
    strategies:
        Normal form: one probability vector per player (a tuple of tuples), in
        the game's player and action order. Trees: a behaviour profile, one
        :class:`FrozenMap` per player from information set to
        ``{action: probability}``.
    payoffs:
        The expected payoff to each player.
    regret:
        The maximum regret (the certificate): exactly ``0`` for exact games.
        For a symbolic game, the regret expression, which is 0 exactly where
        ``condition`` holds.
    players, actions:
        Names, for display and lookup.
    condition:
        For symbolic games: the sympy condition on the parameters under which
        this profile is an equilibrium; ``None`` for numeric games.
    outcome:
        For games built from trees: a :class:`FrozenMap` from outcome label
        (the path ``"In/Fight"`` for unlabelled outcomes) to the probability
        of reaching it.
    """

    strategies: tuple[Any, ...]
    payoffs: tuple[Any, ...]
    regret: Any
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    condition: Any = None
    outcome: FrozenMap | None = None
    extra: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    @property
    def is_behaviour(self) -> bool:
        """Whether ``strategies`` is a behaviour profile (trees) rather than mixed vectors."""
        return bool(self.strategies) and isinstance(self.strategies[0], Mapping)

    @property
    def supports(self) -> tuple[tuple[str, ...], ...]:
        """Normal form: the actions each player plays with positive probability.

        Behaviour profiles: per player, ``"infoset=action"`` for each action
        played with positive probability.
        """
        if self.is_behaviour:
            return tuple(
                tuple(f"{h}={a}" for h, dist in plan.items() for a, pr in dist.items() if pr != 0)
                for plan in self.strategies
            )
        return tuple(
            tuple(a for a, pr in zip(acts, s) if pr != 0)
            for acts, s in zip(self.actions, self.strategies)
        )

    @property
    def is_pure(self) -> bool:
        if self.is_behaviour:
            return all(
                sum(1 for pr in dist.values() if pr != 0) == 1
                for plan in self.strategies
                for dist in plan.values()
            )
        return all(len(s) == 1 for s in self.supports)

    @property
    def pure_profile(self) -> tuple[str, ...] | None:
        """The action names of a pure equilibrium, or ``None`` if it mixes."""
        if not self.is_pure:
            return None
        return tuple(s[0] for s in self.supports)

    def strategy(self, player: str | int) -> dict[str, Any]:
        """One player's strategy: ``{action: probability}`` (normal form) or
        ``{infoset: {action: probability}}`` (behaviour profile)."""
        p = self.players.index(player) if isinstance(player, str) else player
        if self.is_behaviour:
            return {h: dict(dist) for h, dist in self.strategies[p].items()}
        return dict(zip(self.actions[p], self.strategies[p]))

    def payoff(self, player: str | int) -> Any:
        p = self.players.index(player) if isinstance(player, str) else player
        return self.payoffs[p]

    def as_float(self) -> tuple[tuple[float, ...], ...]:
        """The (normal-form) strategies as floats (for plotting and numeric comparison)."""
        return tuple(tuple(float(v) for v in s) for s in self.strategies)

    def __str__(self) -> str:
        if self.is_behaviour:
            return self._str_behaviour()
        parts = []
        for p, acts, s, u in zip(self.players, self.actions, self.strategies, self.payoffs):
            if sum(1 for pr in s if pr != 0) == 1:
                play = next(a for a, pr in zip(acts, s) if pr != 0)
            else:
                play = ", ".join(f"{a}: {_fmt(pr)}" for a, pr in zip(acts, s) if pr != 0)
                play = "{" + play + "}"
            parts.append(f"{p} plays {play} (payoff {_fmt(u)})")
        return self._with_outcome_and_condition("; ".join(parts))

    def _with_outcome_and_condition(self, text: str) -> str:
        if self.outcome is not None:
            reached = ", ".join(
                f"{label}" if pr == 1 else f"{label}: {_fmt(pr)}"
                for label, pr in self.outcome.items()
                if pr != 0
            )
            text += f" -> {reached}"
        if self.condition is not None:
            text += f" when {self.condition}"
        return text

    def _str_behaviour(self) -> str:
        parts = []
        for p, plan, u in zip(self.players, self.strategies, self.payoffs):
            moves = []
            for h, dist in plan.items():
                played = {a: pr for a, pr in dist.items() if pr != 0}
                if len(played) == 1:
                    moves.append(f"{h}: {next(iter(played))}")
                else:
                    mix = ", ".join(f"{a}: {_fmt(pr)}" for a, pr in played.items())
                    moves.append(f"{h}: {{{mix}}}")
            parts.append(f"{p} [{'; '.join(moves)}] (payoff {_fmt(u)})")
        return self._with_outcome_and_condition("; ".join(parts))


@dataclass(frozen=True)
class EquilibriumSet(Sequence[Equilibrium]):
    """A frozen collection of certified equilibria with how they were found.

    Attributes
    ----------
    equilibria:
        The equilibria, in a deterministic order.
    game:
        The game that was solved.
    method:
        The algorithm, e.g. ``"vertex-enumeration"``.
    degenerate:
        ``True`` if the solver found the game degenerate (its equilibria may
        then form continua, of which the extreme points are returned).
    complete:
        ``True`` if the method guarantees that the returned set is all the
        equilibria (all extreme equilibria for degenerate two-player games).
    tolerance:
        The regret tolerance for float games; ``None`` for exact arithmetic.
    warnings:
        Anything the user should know (rejected candidates, degeneracy, ...).
    """

    equilibria: tuple[Equilibrium, ...]
    game: Any
    method: str
    degenerate: bool = False
    complete: bool = True
    tolerance: float | None = None
    warnings: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, index: Any) -> Any:
        return self.equilibria[index]

    @property
    def pure(self) -> tuple[Equilibrium, ...]:
        """The pure-strategy equilibria among these."""
        return tuple(e for e in self.equilibria if e.is_pure)

    @property
    def max_regret(self) -> Any:
        """The largest certificate in the set (0 for an exact, certified set)."""
        if not self.equilibria:
            return Fraction(0) if self.tolerance is None else 0.0
        return max(
            (e.regret for e in self.equilibria), key=lambda r: float(r) if _is_number(r) else 0
        )

    def to_frame(self) -> Any:
        """A pandas DataFrame: one row per equilibrium and player.

        Columns: ``equilibrium``, ``player``, one column per action name of
        that player (its probability; empty where the action belongs to
        another player), ``payoff``, ``regret`` and, for symbolic games,
        ``condition``.
        """
        import pandas as pd

        rows = []
        for i, eq in enumerate(self.equilibria):
            for p, acts, s, u in zip(eq.players, eq.actions, eq.strategies, eq.payoffs):
                row: dict[str, Any] = {"equilibrium": i, "player": p}
                if isinstance(s, Mapping):
                    row.update({f"{h}={a}": pr for h, dist in s.items() for a, pr in dist.items()})
                else:
                    row.update({f"{a}": pr for a, pr in zip(acts, s)})
                row["payoff"] = u
                row["regret"] = eq.regret
                if eq.condition is not None:
                    row["condition"] = eq.condition
                if eq.outcome is not None:
                    row["outcome"] = ", ".join(f"{k}: {v}" for k, v in eq.outcome.items() if v != 0)
                rows.append(row)
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        head = f"{len(self)} equilibri{'um' if len(self) == 1 else 'a'} ({self.method}"
        if self.degenerate:
            head += ", degenerate game"
        head += ", exact)" if self.tolerance is None else f", tolerance {self.tolerance:g})"
        lines = [head]
        lines += [f"  [{i}] {eq}" for i, eq in enumerate(self.equilibria)]
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
