"""The one result type of every solver: a frozen set of certified equilibria.

Every solver returns an :class:`EquilibriumSet`, an immutable, hashable,
iterable collection of :class:`Equilibrium` values, together with the game,
the method that produced it, whether the game was found degenerate, the
tolerance used (``None`` for exact arithmetic) and any warnings.

Each :class:`Equilibrium` carries its *certificate*: ``regret``, the largest
gain any player could make by deviating, computed after the solver finished.
It is exactly ``0`` for exact games; for float games it is at most the set's
``tolerance``. Nothing uncertified is ever put in an ``EquilibriumSet``:
solvers build one through :func:`arbiter.solve.certify.certified_set`, or,
for two-player vertex enumeration, through its lighter twins in
:mod:`arbiter.solve.vertex` that apply the same regret test (exact integer
regret for exact games, the same tolerance for float ones) to the few
candidates at once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from arbiter.errors import NotSupportedError, UnknownPlayerError

__all__ = [
    "Equilibrium",
    "EquilibriumSet",
    "FrozenMap",
    "LazyEquilibria",
    "Play",
    "UnknownPlayerError",
    "behaviour_profile",
]


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
        # order-independent, as equality is
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
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


#: At most this many information sets are named per action in a plan's off-path part.
_PLAN_NAMES = 3


@dataclass(frozen=True)
class Play:
    """How a tree equilibrium plays out: the path of play and each player's plan.

    Attributes
    ----------
    path:
        The moves on the path of play from the root, ``(mover, action)``
        pairs (``mover`` is ``"chance"`` at chance nodes), up to the first
        node where the play splits (a chance node, or a player who mixes).
    split:
        Where the path stops: ``None`` when it ends at an outcome; else
        ``(mover, {action or branch: probability})`` at the node that splits.
    plans:
        Per player (in player order), the choices *off* the path that the
        path rests on: ``(infoset, action)`` at each information set of that
        player reached when one *other* player deviates once from the path
        and everyone then follows the profile (the threats and promises that
        make the path optimal). Mixed choices are ``(infoset, "{a: p, ...}")``.
    """

    path: tuple[tuple[str, str], ...]
    split: tuple[str, FrozenMap] | None
    plans: tuple[tuple[tuple[str, str], ...], ...]

    def path_text(self) -> str:
        """``"Russia: posture → Iran: Restrain → ..."``."""
        steps = [f"{who}: {a}" for who, a in self.path]
        if self.split is not None:
            who, dist = self.split
            mix = ", ".join(f"{a}: {_fmt(p)}" for a, p in dist.items() if p != 0)
            steps.append(f"{who}: {{{mix}}}")
        return " → ".join(steps) or "(no move)"

    def plan_text(self, p: int, player: str) -> str:
        """One player's plan in words: its moves on the path, then its choices off it."""
        own = [a for who, a in self.path if who == player]
        text = f"{player}: " + ("; ".join(own) if own else "(no move on the path)")
        grouped: dict[str, list[str]] = {}
        for h, a in self.plans[p]:
            grouped.setdefault(a, []).append(h)
        if grouped:
            parts = []
            for a, names in grouped.items():
                shown = ", ".join(repr(h) for h in names[:_PLAN_NAMES])
                if len(names) > _PLAN_NAMES:
                    shown += f" and {len(names) - _PLAN_NAMES} more"
                parts.append(f"{a} at {shown}")
            text += "; off the path: " + "; ".join(parts)
        return text


def _unknown_player(player: Any, players: tuple[str, ...]) -> UnknownPlayerError:
    return UnknownPlayerError(
        f"unknown player {player!r}; the players are {list(players)} "
        f"(or an index 0 to {len(players) - 1})"
    )


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
    play:
        For tree equilibria from :func:`arbiter.subgame_perfect`: the path of
        play and each player's plan (a :class:`Play`), which ``str``
        prints; ``None`` otherwise. Not part of equality.
    """

    strategies: tuple[Any, ...]
    payoffs: tuple[Any, ...]
    regret: Any
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    condition: Any = None
    outcome: FrozenMap | None = None
    extra: tuple[tuple[str, Any], ...] = field(default=(), compare=False)
    play: Play | None = field(default=None, compare=False)

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

    def _index(self, player: str | int) -> int:
        if isinstance(player, str):
            if player in self.players:
                return self.players.index(player)
            raise _unknown_player(player, self.players)
        if isinstance(player, bool) or not isinstance(player, int):
            raise _unknown_player(player, self.players)
        if not -len(self.players) <= player < len(self.players):
            raise _unknown_player(player, self.players)
        return player

    def strategy(self, player: str | int) -> dict[str, Any]:
        """One player's strategy: ``{action: probability}`` (normal form) or
        ``{infoset: {action: probability}}`` (behaviour profile).

        An unknown name raises :class:`UnknownPlayerError` (a ``KeyError`` and
        a ``ValueError``) naming the valid ones.
        """
        p = self._index(player)
        if self.is_behaviour:
            return {h: dict(dist) for h, dist in self.strategies[p].items()}
        return dict(zip(self.actions[p], self.strategies[p]))

    def payoff(self, player: str | int) -> Any:
        return self.payoffs[self._index(player)]

    def as_float(self) -> tuple[tuple[float, ...], ...]:
        """The (normal-form) strategies as floats (for plotting and numeric comparison)."""
        return tuple(tuple(float(v) for v in s) for s in self.strategies)

    def to_frame(self) -> Any:
        """The full profile as a pandas DataFrame, one row per action.

        Columns: ``player``, ``infoset`` (trees; for normal forms the player's
        name again), ``action``, ``probability``. The profile's payoffs and
        certificate are in ``.attrs`` (``payoffs``, ``regret``, ``outcome``).

        >>> from arbiter.scenarios.classics import entry_deterrence
        >>> from arbiter.solve.spe import subgame_perfect
        >>> frame = subgame_perfect(entry_deterrence())[0].to_frame()
        >>> frame.loc[frame.probability == 1, "action"].tolist()
        ['In', 'Accommodate']
        """
        import pandas as pd

        rows = []
        for p, acts, s in zip(self.players, self.actions, self.strategies):
            if isinstance(s, Mapping):
                for h, dist in s.items():
                    rows.extend(
                        {"player": p, "infoset": h, "action": a, "probability": pr}
                        for a, pr in dist.items()
                    )
            else:
                rows.extend(
                    {"player": p, "infoset": p, "action": a, "probability": pr}
                    for a, pr in zip(acts, s)
                )
        frame = pd.DataFrame(rows, columns=["player", "infoset", "action", "probability"])
        frame.attrs["payoffs"] = dict(zip(self.players, self.payoffs))
        frame.attrs["regret"] = self.regret
        if self.outcome is not None:
            frame.attrs["outcome"] = dict(self.outcome)
        return frame

    def _payoff_text(self) -> str:
        return ", ".join(f"{p} {_fmt(u)}" for p, u in zip(self.players, self.payoffs))

    def __repr__(self) -> str:
        if self.play is not None:
            head = f"path {self.play.path_text()}"
        elif self.is_behaviour:
            head = f"behaviour profile over {sum(len(s) for s in self.strategies)} infosets"
        else:
            head = self._str_normal()
        text = f"<Equilibrium {head}"
        if self.outcome is not None:
            text += " → " + self._outcome_text()
        text += f"; payoffs ({self._payoff_text()}); regret {_fmt(self.regret)}"
        if self.condition is not None:
            text += f"; when {self.condition}"
        return text + ">"

    def __str__(self) -> str:
        if self.play is not None:
            return self._str_play()
        if self.is_behaviour:
            return self._str_behaviour()
        return self._with_outcome_and_condition(self._str_normal())

    def _str_normal(self) -> str:
        parts = []
        for p, acts, s, u in zip(self.players, self.actions, self.strategies, self.payoffs):
            if sum(1 for pr in s if pr != 0) == 1:
                play = next(a for a, pr in zip(acts, s) if pr != 0)
            else:
                play = ", ".join(f"{a}: {_fmt(pr)}" for a, pr in zip(acts, s) if pr != 0)
                play = "{" + play + "}"
            parts.append(f"{p} plays {play} (payoff {_fmt(u)})")
        return "; ".join(parts)

    def _outcome_text(self) -> str:
        assert self.outcome is not None
        return ", ".join(
            f"{label}" if pr == 1 else f"{label}: {_fmt(pr)}"
            for label, pr in self.outcome.items()
            if pr != 0
        )

    def _with_outcome_and_condition(self, text: str) -> str:
        if self.outcome is not None:
            text += f" -> {self._outcome_text()}"
        if self.condition is not None:
            text += f" when {self.condition}"
        return text

    def _str_play(self) -> str:
        assert self.play is not None
        head = f"path: {self.play.path_text()}"
        if self.outcome is not None:
            head += f" → {self._outcome_text()}"
        head += f" (payoffs {self._payoff_text()})"
        if self.condition is not None:
            head += f" when {self.condition}"
        lines = [head]
        lines += [f"  {self.play.plan_text(p, name)}" for p, name in enumerate(self.players)]
        return "\n".join(lines)

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


class LazyEquilibria(Sequence[Equilibrium]):
    """A compact, lazily materialised collection of equilibria (the base of solver-specific ones).

    Subclasses answer ``len``, indexing (one equilibrium built and certified
    on request), :attr:`max_regret` (a certificate bounding every member's
    regret, computed without listing them) and :attr:`outcome_counts`
    without enumerating the members. ``limit`` is the number of members past
    which :meth:`EquilibriumSet.__iter__` refuses to list them all.
    """

    limit: int | None = None

    @property
    def n_equilibria(self) -> int:
        """The number of members (any size)."""
        raise NotImplementedError

    def __len__(self) -> int:
        return self.n_equilibria

    def __getitem__(self, index: Any) -> Any:
        raise NotImplementedError

    def iterate(self) -> Iterator[Equilibrium]:
        """Every member, one at a time, certified as it is built."""
        for k in range(self.n_equilibria):
            yield self[k]

    def __iter__(self) -> Iterator[Equilibrium]:
        return self.iterate()

    @property
    def max_regret(self) -> Any:
        raise NotImplementedError

    @property
    def outcome_counts(self) -> FrozenMap:
        raise NotImplementedError

    @property
    def payoff_profiles(self) -> tuple[tuple[Any, ...], ...]:
        raise NotImplementedError


#: ``str(EquilibriumSet)`` lists at most this many equilibria.
_SHOWN = 20


@dataclass(frozen=True)
class EquilibriumSet(Sequence[Equilibrium]):
    """A frozen collection of certified equilibria with how they were found.

    ``len``, indexing, :attr:`max_regret`, :attr:`outcomes` and
    :attr:`outcome_counts` never list a compact set's members; iterating
    does, lazily, and refuses (:class:`~arbiter.errors.NotSupportedError`,
    before the first one) when there are more than the solver's
    ``max_equilibria``.

    Attributes
    ----------
    equilibria:
        The equilibria, in a deterministic order: a tuple, or (subgame-perfect
        sets) a compact :class:`LazyEquilibria` whose members are built one
        by one on request.
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

    equilibria: Sequence[Equilibrium]
    game: Any
    method: str
    degenerate: bool = False
    complete: bool = True
    tolerance: float | None = None
    warnings: tuple[str, ...] = ()

    @property
    def is_compact(self) -> bool:
        """Whether the members are built on request (see :class:`LazyEquilibria`)."""
        return isinstance(self.equilibria, LazyEquilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        eqs = self.equilibria
        if isinstance(eqs, LazyEquilibria):
            limit = eqs.limit
            if limit is not None and eqs.n_equilibria > limit:
                raise NotSupportedError(
                    f"the {self.method} result has {eqs.n_equilibria} equilibria, more than "
                    f"max_equilibria={limit}, and will not list them all; ask len(), "
                    ".outcomes, .outcome_counts or .max_regret (computed without listing), "
                    "index it (eqs[i]), or raise max_equilibria (None: no limit) to iterate"
                )
            return eqs.iterate()
        return iter(eqs)

    @property
    def n_equilibria(self) -> int:
        """The number of equilibria, exactly (``len`` stops at ``sys.maxsize``)."""
        eqs = self.equilibria
        if isinstance(eqs, LazyEquilibria):
            return eqs.n_equilibria
        return len(eqs)

    def __len__(self) -> int:
        n = self.n_equilibria
        if n > sys.maxsize:
            raise NotSupportedError(
                f"the {self.method} result has {n} equilibria, more than len() can return "
                f"({sys.maxsize}); use .n_equilibria"
            )
        return n

    def __getitem__(self, index: Any) -> Any:
        return self.equilibria[index]

    @property
    def pure(self) -> tuple[Equilibrium, ...]:
        """The pure-strategy equilibria among these."""
        return tuple(e for e in self if e.is_pure)

    @property
    def max_regret(self) -> Any:
        """The largest certificate in the set (0 for an exact, certified set).

        For a compact set, a bound on every member's regret computed from its
        structure (each member's own ``regret`` is computed when it is built).
        """
        if isinstance(self.equilibria, LazyEquilibria):
            return self.equilibria.max_regret
        if not self.equilibria:
            return Fraction(0) if self.tolerance is None else 0.0
        return max(
            (e.regret for e in self.equilibria), key=lambda r: float(r) if _is_number(r) else 0
        )

    @property
    def outcome_counts(self) -> FrozenMap:
        """``{outcome distribution: number of equilibria reaching it}``, for tree results.

        Each key is a :class:`FrozenMap` ``{outcome label: probability}``
        (labels reached with probability 0 left out). A compact set computes
        this from its structure, without listing its members.
        """
        if isinstance(self.equilibria, LazyEquilibria):
            return self.equilibria.outcome_counts
        counts: dict[FrozenMap, int] = {}
        for e in self.equilibria:
            if e.outcome is None:
                raise NotSupportedError(
                    f"the {self.method} result has no outcomes (they are recorded for "
                    "equilibria of trees)"
                )
            key = FrozenMap({k: v for k, v in e.outcome.items() if v != 0})
            counts[key] = counts.get(key, 0) + 1
        return FrozenMap(counts)

    @property
    def payoff_profiles(self) -> tuple[tuple[Any, ...], ...]:
        """The distinct payoff vectors of the equilibria (a compact set: of its classes)."""
        if isinstance(self.equilibria, LazyEquilibria):
            return self.equilibria.payoff_profiles
        return tuple(dict.fromkeys(e.payoffs for e in self.equilibria))

    @property
    def outcomes(self) -> tuple[FrozenMap, ...]:
        """The distinct outcome distributions the equilibria reach (see :attr:`outcome_counts`)."""
        return tuple(self.outcome_counts)

    def to_frame(self) -> Any:
        """A pandas DataFrame: one row per equilibrium and player.

        Columns: ``equilibrium``, ``player``, one column per action name of
        that player (its probability; empty where the action belongs to
        another player), ``payoff``, ``regret`` and, for symbolic games,
        ``condition``.
        """
        import pandas as pd

        rows = []
        for i, eq in enumerate(self):
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
        n = self.n_equilibria
        head = f"{n} equilibri{'um' if n == 1 else 'a'} ({self.method}"
        if self.degenerate:
            head += ", degenerate game"
        head += ", exact)" if self.tolerance is None else f", tolerance {self.tolerance:g})"
        lines = [head]
        for i in range(min(n, _SHOWN)):
            text = str(self.equilibria[i]).replace("\n", "\n" + " " * (5 + len(str(i))))
            lines.append(f"  [{i}] {text}")
        if n > _SHOWN:
            lines.append(f"  ... and {n - _SHOWN} more")
            if self.is_compact or all(e.outcome is not None for e in self.equilibria):
                for dist, count in self.outcome_counts.items():
                    reached = ", ".join(
                        f"{k}" if v == 1 else f"{k}: {_fmt(v)}" for k, v in dist.items()
                    )
                    lines.append(f"  {count} reach {reached}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
