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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = ["Equilibrium", "EquilibriumSet"]


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
        One probability vector per player (a tuple of tuples), in the game's
        player and action order.
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
        For games built from trees: outcome label -> probability of reaching it.
    """

    strategies: tuple[tuple[Any, ...], ...]
    payoffs: tuple[Any, ...]
    regret: Any
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    condition: Any = None
    outcome: tuple[tuple[str, Any], ...] | None = None
    extra: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    @property
    def supports(self) -> tuple[tuple[str, ...], ...]:
        """The actions each player plays with positive probability."""
        return tuple(
            tuple(a for a, pr in zip(acts, s) if pr != 0)
            for acts, s in zip(self.actions, self.strategies)
        )

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.supports)

    @property
    def pure_profile(self) -> tuple[str, ...] | None:
        """The action names of a pure equilibrium, or ``None`` if it mixes."""
        if not self.is_pure:
            return None
        return tuple(s[0] for s in self.supports)

    def strategy(self, player: str | int) -> dict[str, Any]:
        """One player's strategy as ``{action: probability}``."""
        p = self.players.index(player) if isinstance(player, str) else player
        return dict(zip(self.actions[p], self.strategies[p]))

    def payoff(self, player: str | int) -> Any:
        p = self.players.index(player) if isinstance(player, str) else player
        return self.payoffs[p]

    def as_float(self) -> tuple[tuple[float, ...], ...]:
        """The strategies as floats (for plotting and numeric comparison)."""
        return tuple(tuple(float(v) for v in s) for s in self.strategies)

    def __str__(self) -> str:
        parts = []
        for p, acts, s, u in zip(self.players, self.actions, self.strategies, self.payoffs):
            if sum(1 for pr in s if pr != 0) == 1:
                play = next(a for a, pr in zip(acts, s) if pr != 0)
            else:
                play = ", ".join(f"{a}: {_fmt(pr)}" for a, pr in zip(acts, s) if pr != 0)
                play = "{" + play + "}"
            parts.append(f"{p} plays {play} (payoff {_fmt(u)})")
        text = "; ".join(parts)
        if self.condition is not None:
            text += f" when {self.condition}"
        return text


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
                row.update({f"{a}": pr for a, pr in zip(acts, s)})
                row["payoff"] = u
                row["regret"] = eq.regret
                if eq.condition is not None:
                    row["condition"] = eq.condition
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
