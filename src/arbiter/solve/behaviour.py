r"""Behaviour profiles on trees: values, Kuhn's theorem, and the subgame-perfection certificate.

A *behaviour profile* gives every information set :math:`h` of every player
a probability distribution :math:`\beta_h` over the actions at :math:`h`; in
arbiter it is one mapping per player, ``{infoset: {action: probability}}``
(an action name alone means "this action for sure").

**Kuhn's theorem** (Kuhn 1953). In a game with perfect recall, every mixed
strategy :math:`\sigma_p` over reduced plans has a realization-equivalent
behaviour strategy, and conversely:

.. math::

    \beta_h(a) = \frac{\sum_{\pi \ni (h, a)} \sigma_p(\pi)}{\sum_{\pi \ni h} \sigma_p(\pi)},
    \qquad
    \sigma_p(\pi) = \prod_{(h, a) \in \pi} \beta_h(a),

where :math:`\pi \ni h` ranges over the reduced plans that reach :math:`h`
(:func:`behaviour_from_mixed`, :func:`mixed_from_behaviour`). Where no plan in
the support reaches :math:`h`, the first formula is undefined and any
behaviour is realization-equivalent; :func:`behaviour_from_mixed` then plays
the first action (or leaves :math:`h` out, on request).

**The certificate** (:func:`behaviour_regret`). A profile is subgame perfect
(Selten 1965, 1975) when it induces a Nash equilibrium in every subgame. By
backward induction over subgames this is equivalent to a local condition: at
every subgame root :math:`r`, replace each proper subgame just below
:math:`r` by the profile's value there; the profile must be a Nash
equilibrium of that *local game*. At a perfect-information node, whose local
game is one move, this is the one-shot deviation principle: no action gives
the mover more than the prescribed one,

.. math:: g_r = \max_a V_{i(r)}(r a) - V_{i(r)}(r) \le 0 .

In a local game with imperfect information the gain of player :math:`p` is
its best-response value minus its value, the best response found by backward
induction over :math:`p`'s information sets (sound under perfect recall),
with the others' behaviour and chance fixed. The certificate is the largest
gain over all subgame roots and players, clamped at 0: exactly ``0`` for an
exact subgame-perfect profile. For floats it bounds each local gain; a
deviation spanning :math:`k` nested subgames gains at most :math:`k` times it.

>>> from arbiter.scenarios.classics import entry_deterrence
>>> tree = entry_deterrence()
>>> threat = [{"Entrant:root": "Out"}, {"Incumbent:In": "Fight"}]
>>> behaviour_regret(tree, threat)  # Fight is not optimal once the entrant is in
Fraction(2, 1)
>>> behaviour_regret(tree, [{"Entrant:root": "In"}, {"Incumbent:In": "Accommodate"}])
Fraction(0, 1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.numbers import as_exact
from arbiter.games.tree import SequentialGame
from arbiter.solve._backward import (
    CHANCE,
    DECISION,
    OUTCOME,
    FlatTree,
    check_perfect_recall,
    flatten,
    subgame_root_flags,
)
from arbiter.solve.result import Equilibrium, FrozenMap, behaviour_profile

__all__ = [
    "behaviour_from_mixed",
    "behaviour_payoffs",
    "behaviour_regret",
    "mixed_from_behaviour",
]

#: Float behaviour probabilities may fall below 0 or miss a sum of 1 by this much.
PROBABILITY_TOLERANCE = 1e-9

#: Per information set: the probabilities of its actions, in action order.
Probabilities = dict[str, tuple[Any, ...]]


# ------------------------------------------------------------------ checking
def require_numeric_tree(tree: Any, caller: str) -> SequentialGame:
    if not isinstance(tree, SequentialGame):
        raise ArgumentTypeError(
            f"{caller}(): tree must be a SequentialGame; got {type(tree).__name__}"
        )
    if tree.kind == "symbolic":
        names = [s.name for s in tree.parameters] or ["(closed-form constants)"]
        raise NotSupportedError(
            f"{caller}() needs numeric payoffs; the tree has free parameters {names}. "
            "Give them values with tree.subs({...}), or use regimes(tree)"
        )
    return tree


def _strategies_of(profile: Any) -> Sequence[Any]:
    if isinstance(profile, Equilibrium):
        return profile.strategies
    if isinstance(profile, (str, bytes, Mapping)) or not isinstance(profile, Sequence):
        raise ArgumentTypeError(
            "profile must be one mapping {infoset: {action: probability}} per player; "
            f"got {profile!r}"
        )
    return profile


def _is_rational(v: Any) -> bool:
    return isinstance(v, (int, np.integer, Fraction, sympy.Rational)) and not isinstance(v, bool)


def _number(v: Any, where: str) -> Any:
    if isinstance(v, sympy.Expr) and not v.free_symbols:
        return v  # an exact algebraic number, as n-player solvers may return
    if isinstance(v, bool) or not isinstance(v, (int, float, Fraction, np.number)):
        raise ArgumentTypeError(f"{where} must be a probability; got {v!r}")
    return v


def _algebraic(v: Any) -> Any:
    out = sympy.radsimp(sympy.sympify(v))
    return Fraction(int(out.p), int(out.q)) if isinstance(out, sympy.Rational) else out


def profile_probabilities(
    flat: FlatTree, profile: Any, *, caller: str, partial: bool = False
) -> tuple[Probabilities, bool]:
    """Validate a behaviour profile; return ``{infoset: probabilities}`` and whether exact.

    Exact trees with rational probabilities are computed exactly (Fractions);
    anything with a float is computed in floats. With ``partial``, information
    sets may be left out.
    """
    tree = flat.tree
    strategies = _strategies_of(profile)
    if len(strategies) != tree.n_players:
        raise InvalidArgumentError(
            f"{caller}(): profile must give one behaviour strategy per player "
            f"({tree.n_players}: {list(tree.players)}); got {len(strategies)}"
        )
    raw: dict[str, list[Any]] = {}
    for p, plan in enumerate(strategies):
        name = tree.players[p]
        if not isinstance(plan, Mapping):
            raise ArgumentTypeError(
                f"{caller}(): profile[{p}] ({name!r}) must be a mapping "
                f"{{infoset: {{action: probability}}}}; got {plan!r}"
            )
        for h, dist in plan.items():
            nodes = flat.members.get(h)
            if nodes is None or flat.player[nodes[0]] != p:
                own = [n for n, m in flat.members.items() if flat.player[m[0]] == p]
                raise InvalidArgumentError(
                    f"{caller}(): profile[{p}] ({name!r}) names {h!r}, which is not one of "
                    f"its information sets {own}"
                )
            actions = flat.labels[nodes[0]]
            if isinstance(dist, str):
                if dist not in actions:
                    raise InvalidArgumentError(
                        f"{caller}(): {dist!r} is not an action at {h!r}; actions are {actions}"
                    )
                raw[h] = [1 if a == dist else 0 for a in actions]
                continue
            if not isinstance(dist, Mapping):
                raise ArgumentTypeError(
                    f"{caller}(): the behaviour at {h!r} must be an action name or a mapping "
                    f"{{action: probability}}; got {dist!r}"
                )
            unknown = [a for a in dist if a not in actions]
            if unknown:
                raise InvalidArgumentError(
                    f"{caller}(): {unknown} are not actions at {h!r}; actions are {actions}"
                )
            raw[h] = [_number(dist.get(a, 0), f"probability of {a!r} at {h!r}") for a in actions]
    if not partial:
        missing = [h for h in flat.members if h not in raw]
        if missing:
            shown = missing[:5] + (["..."] if len(missing) > 5 else [])
            raise InvalidArgumentError(
                f"{caller}(): the profile gives no behaviour at information sets {shown}; "
                "a behaviour profile must cover every information set, off the path too"
            )
    exact = tree.kind == "exact" and all(_is_rational(v) for row in raw.values() for v in row)
    out: Probabilities = {}
    for h, row in raw.items():
        if exact:
            probs = tuple(as_exact(v) for v in row)
            ok = min(probs) >= 0 and sum(probs) == 1
        else:
            probs = tuple(float(v) for v in row)
            ok = min(probs) >= -PROBABILITY_TOLERANCE and abs(sum(probs) - 1) <= (
                PROBABILITY_TOLERANCE * len(probs)
            )
        if not ok:
            shown = dict(zip(flat.labels[flat.members[h][0]], map(str, row)))
            raise InvalidArgumentError(
                f"{caller}(): the behaviour at {h!r} must be a probability distribution "
                f"(non-negative, summing to 1); got {shown}"
            )
        out[h] = probs
    return out, exact


# ------------------------------------------------------------------ values
def _combine(weights: Sequence[Any], vectors: Sequence[tuple[Any, ...]], zero: Any) -> tuple:
    n = len(vectors[0])
    return tuple(sum((w * v[k] for w, v in zip(weights, vectors)), start=zero) for k in range(n))


def _argmax_first(values: Sequence[Any]) -> int:
    best = max(values)
    return next(j for j, v in enumerate(values) if v == best)


class Evaluation:
    """A behaviour profile evaluated on a flat tree.

    ``values[i]`` is the expected payoff vector from node ``i`` on. With
    ``fill``, information sets the profile leaves out (as reduced plans do
    where a player's own earlier moves exclude them) are given a behaviour:
    at a one-node information set the mover's best action (backward
    induction, the first one on ties); at a larger one the first action.
    ``filled`` lists them.
    """

    def __init__(
        self,
        flat: FlatTree,
        roots: list[bool],
        probs: Probabilities,
        exact: bool,
        *,
        fill: bool = False,
    ) -> None:
        self.flat = flat
        self.roots = roots
        self.probs = dict(probs)
        self.zero: Any = Fraction(0) if exact else 0.0
        self.one: Any = Fraction(1) if exact else 1.0
        self.filled: list[str] = []
        self._fill = fill
        self._locals: dict[tuple[int, int], LocalBest] = {}
        self.values = self._evaluate()

    def _evaluate(self) -> list[Any]:
        flat, probs, zero, one = self.flat, self.probs, self.zero, self.one
        kind, first, infoset, chance_probs = flat.kind, flat.first, flat.infoset, flat.probs
        values: list[Any] = [None] * len(flat)
        for i in range(len(flat) - 1, -1, -1):
            k = kind[i]
            if k == OUTCOME:
                values[i] = flat.payoff[i]
                continue
            f = first[i]
            if k == CHANCE:
                weights = chance_probs[i]
            else:
                weights = probs.get(infoset[i])  # type: ignore[arg-type]
                if weights is None:
                    if not self._fill:
                        raise InvalidArgumentError(
                            f"the profile gives no behaviour at information set {infoset[i]!r}"
                        )
                    weights = self._filled(i, values)
            if one in weights:  # a pure choice (or a sure chance branch)
                values[i] = values[f + weights.index(one)]
                continue
            kids = [(w, values[f + j]) for j, w in enumerate(weights) if w != 0]
            values[i] = _combine([w for w, _ in kids], [v for _, v in kids], zero)
        return values

    def _filled(self, i: int, values: list[Any]) -> tuple[Any, ...]:
        flat = self.flat
        h: str = flat.infoset[i]  # type: ignore[assignment]
        pick = 0
        if len(flat.members[h]) == 1:
            m = flat.player[i]
            pick = _argmax_first([values[c][m] for c in flat.children(i)])
        probs = tuple(self.one if j == pick else self.zero for j in range(flat.n_children[i]))
        self.probs[h] = probs
        self.filled.append(h)
        return probs

    # ------------------------------------------------------------ subgames
    def is_simple(self, i: int) -> bool:
        """Whether the local game of subgame root ``i`` is the single move at ``i``."""
        flat = self.flat
        if flat.kind[i] == DECISION and len(flat.members[flat.infoset[i]]) > 1:  # type: ignore[index]
            return False
        roots = self.roots
        return all(flat.kind[c] == OUTCOME or roots[c] for c in flat.children(i))

    def local_nodes(self, r: int) -> list[int]:
        """The decision and chance nodes of the local game at subgame root ``r`` (pre-order)."""
        flat, roots = self.flat, self.roots
        out: list[int] = []
        stack = [r]
        while stack:
            x = stack.pop()
            out.append(x)
            stack.extend(
                c for c in reversed(flat.children(x)) if flat.kind[c] != OUTCOME and not roots[c]
            )
        return out

    def local(self, r: int, p: int) -> LocalBest:
        """Player ``p``'s best responses in the local game at subgame root ``r``."""
        key = (r, p)
        if key not in self._locals:
            self._locals[key] = LocalBest(self, r, p)
        return self._locals[key]

    def innermost_root(self, i: int) -> int:
        """The innermost subgame root whose subgame contains node ``i``."""
        while not self.roots[i]:
            i = self.flat.parent[i]
        return i

    def certificate(self) -> Any:
        """The largest local gain over all subgame roots and players (see the module docstring)."""
        flat, roots, values = self.flat, self.roots, self.values
        kind, player, first, n_children = flat.kind, flat.player, flat.first, flat.n_children
        simple_everywhere = flat.perfect_information
        gain = self.zero
        for i in range(len(flat)):
            if kind[i] == OUTCOME or not roots[i]:
                continue
            if simple_everywhere or self.is_simple(i):
                if kind[i] == DECISION:
                    m = player[i]
                    f = first[i]
                    g = max([v[m] for v in values[f : f + n_children[i]]]) - values[i][m]
                    if g > gain:
                        gain = g
                continue
            movers = sorted({player[x] for x in self.local_nodes(i) if kind[x] == DECISION})
            for p in movers:
                g = self.local(i, p).value() - values[i][p]
                if g > gain:
                    gain = g
        return gain


class LocalBest:
    r"""Best responses of player ``p`` in the local game at subgame root ``r``.

    ``weight[x]`` is the probability of reaching local node ``x`` from ``r``
    through chance and the other players' behaviour (``p``'s own moves count
    as 1); ``own[x]`` the probability of ``p``'s own moves on the way.
    :meth:`wv` is the weighted best-response value of ``x``'s subtree
    (proper subgames below count at the profile's value): at ``p``'s
    information set :math:`h` the action maximising
    :math:`\sum_{y \in h} wv(y a)` is taken, which by perfect recall is ``p``'s
    optimal choice there.
    """

    def __init__(self, ev: Evaluation, r: int, p: int) -> None:
        flat = ev.flat
        self.ev, self.r, self.p = ev, r, p
        nodes = ev.local_nodes(r)
        self.internal = set(nodes)
        weight: dict[int, Any] = {r: ev.one}
        own: dict[int, Any] = {r: ev.one}
        for x in nodes:
            f = flat.first[x]
            if flat.kind[x] == CHANCE:
                for j, q in enumerate(flat.probs[x]):
                    weight[f + j], own[f + j] = weight[x] * q, own[x]
            elif flat.player[x] == p:
                for j, q in enumerate(ev.probs[flat.infoset[x]]):  # type: ignore[index]
                    weight[f + j], own[f + j] = weight[x], own[x] * q
            else:
                for j, q in enumerate(ev.probs[flat.infoset[x]]):  # type: ignore[index]
                    weight[f + j], own[f + j] = weight[x] * q, own[x]
        self.weight, self.own = weight, own
        self._wv: dict[int, Any] = {}
        self._q: dict[str, list[Any]] = {}

    def wv(self, x: int) -> Any:
        ev, flat = self.ev, self.ev.flat
        w = self.weight[x]
        if w == 0:
            return ev.zero
        if x not in self.internal:
            return w * ev.values[x][self.p]
        if x in self._wv:
            return self._wv[x]
        f = flat.first[x]
        if flat.kind[x] == DECISION and flat.player[x] == self.p:
            val = self.wv(f + _argmax_first(self.q(flat.infoset[x])))  # type: ignore[arg-type]
        else:
            val = sum((self.wv(c) for c in flat.children(x)), start=ev.zero)
        self._wv[x] = val
        return val

    def q(self, h: str) -> list[Any]:
        """Per action at ``p``'s information set ``h``: the weighted best continuation value."""
        if h not in self._q:
            flat = self.ev.flat
            members = flat.members[h]
            n = flat.n_children[members[0]]
            self._q[h] = [
                sum((self.wv(flat.first[y] + a) for y in members), start=self.ev.zero)
                for a in range(n)
            ]
        return self._q[h]

    def value(self) -> Any:
        """``p``'s best-response value in the local game."""
        return self.wv(self.r)


# ------------------------------------------------------------------ public
def _prepare(tree: Any, caller: str) -> tuple[FlatTree, list[bool]]:
    tree = require_numeric_tree(tree, caller)
    flat = flatten(tree)
    check_perfect_recall(flat, caller)
    return flat, subgame_root_flags(flat)


def behaviour_regret(tree: SequentialGame, profile: Any) -> Any:
    """The subgame-perfection certificate of a behaviour profile: 0 exactly when it is an SPE.

    ``profile`` is one mapping ``{infoset: {action: probability}}`` (or
    ``{infoset: action}``) per player, covering every information set, or an
    :class:`~arbiter.solve.result.Equilibrium` with a behaviour profile. The
    result is the largest gain any player makes by deviating in the local game
    of any subgame (see the module docstring): exact for exact trees, a float
    otherwise. Trees without perfect recall are refused.
    """
    flat, roots = _prepare(tree, "behaviour_regret")
    probs, exact = profile_probabilities(flat, profile, caller="behaviour_regret")
    return Evaluation(flat, roots, probs, exact).certificate()


def behaviour_payoffs(tree: SequentialGame, profile: Any) -> tuple[Any, ...]:
    """The expected payoff of each player under a behaviour profile.

    >>> from arbiter.scenarios.classics import entry_deterrence
    >>> mixed = {"Fight": 0.5, "Accommodate": 0.5}
    >>> behaviour_payoffs(entry_deterrence(), [{"Entrant:root": "In"}, {"Incumbent:In": mixed}])
    (1.0, 1.0)
    """
    flat, roots = _prepare(tree, "behaviour_payoffs")
    probs, exact = profile_probabilities(flat, profile, caller="behaviour_payoffs")
    return tuple(Evaluation(flat, roots, probs, exact).values[0])


def _mixed_vectors(tree: SequentialGame, strategies: Any, caller: str) -> list[list[Any]]:
    if isinstance(strategies, Equilibrium):
        if strategies.is_behaviour:
            raise InvalidArgumentError(
                f"{caller}(): the equilibrium already holds a behaviour profile"
            )
        names = tuple(tuple(tree.plan_names(p)) for p in tree.players)
        if strategies.players != tree.players or strategies.actions != names:
            raise InvalidArgumentError(
                f"{caller}(): the equilibrium is not one of this tree's reduced strategic form "
                f"(its players and strategies are {strategies.players}, {strategies.actions}; "
                f"the tree's are {tree.players}, {names})"
            )
        strategies = strategies.strategies
    if isinstance(strategies, (str, bytes)) or not isinstance(strategies, Sequence):
        raise ArgumentTypeError(
            f"{caller}(): strategies must be one probability vector over reduced plans per "
            f"player; got {strategies!r}"
        )
    if len(strategies) != tree.n_players:
        raise InvalidArgumentError(
            f"{caller}(): strategies must give one vector per player ({tree.n_players}); "
            f"got {len(strategies)}"
        )
    out = []
    for p, vec in enumerate(strategies):
        plans = tree.reduced_strategies(p)
        if isinstance(vec, (str, bytes, Mapping)) or not isinstance(vec, Sequence | np.ndarray):
            raise ArgumentTypeError(
                f"{caller}(): strategies[{p}] must be a probability vector; got {vec!r}"
            )
        vec = list(vec)
        if len(vec) != len(plans):
            raise InvalidArgumentError(
                f"{caller}(): strategies[{p}] ({tree.players[p]!r}) must have {len(plans)} "
                f"probabilities, one per reduced plan {tree.plan_names(p)}; got {len(vec)}"
            )
        out.append([_number(v, f"strategies[{p}]") for v in vec])
    return out


def behaviour_from_mixed(
    tree: SequentialGame, strategies: Any, *, unreached: str = "first"
) -> tuple[FrozenMap, ...]:
    """A behaviour profile realization-equivalent to mixed strategies over reduced plans (Kuhn).

    ``strategies`` gives, per player, a probability vector over
    ``tree.reduced_strategies(player)`` (the strategies of
    ``tree.to_normal_form()``), or is an equilibrium of that normal form. At
    an information set that no plan in a player's support reaches, the
    behaviour is undefined; ``unreached="first"`` plays the first action
    there, ``unreached="omit"`` leaves the information set out.

    >>> from fractions import Fraction
    >>> from arbiter.scenarios.classics import entry_deterrence
    >>> tree = entry_deterrence()
    >>> tree.plan_names("Incumbent")
    ('Fight', 'Accommodate')
    >>> beh = behaviour_from_mixed(tree, [(1, 0), (Fraction(1, 3), Fraction(2, 3))])
    >>> dict(beh[1]["Incumbent:In"])
    {'Fight': Fraction(1, 3), 'Accommodate': Fraction(2, 3)}
    """
    tree = require_numeric_tree(tree, "behaviour_from_mixed")
    if unreached not in ("first", "omit"):
        raise InvalidArgumentError(f"unreached must be 'first' or 'omit'; got {unreached!r}")
    vectors = _mixed_vectors(tree, strategies, "behaviour_from_mixed")
    entries = [v for vec in vectors for v in vec]
    if tree.kind == "float" or any(isinstance(v, (float, np.floating)) for v in entries):
        convert: Any = float
    elif all(_is_rational(v) for v in entries):
        convert = as_exact
    else:  # algebraic numbers stay exact
        convert = _algebraic
    zero: Any = 0.0 if convert is float else Fraction(0)
    one: Any = 1.0 if convert is float else Fraction(1)
    infosets = tree.infosets
    out = []
    for p, vec in enumerate(vectors):
        sigma = [convert(v) for v in vec]
        plans = [dict(plan) for plan in tree.reduced_strategies(p)]
        beh: dict[str, dict[str, Any]] = {}
        for h, info in infosets.items():
            if info.player != tree.players[p]:
                continue
            mass = {a: zero for a in info.actions}
            for plan, s in zip(plans, sigma):
                if s != 0 and h in plan:
                    mass[plan[h]] += s
            reach = sum(mass.values(), start=zero)
            if reach != 0:
                beh[h] = {a: m / reach for a, m in mass.items()}
                if convert is _algebraic:
                    beh[h] = {a: _algebraic(m) for a, m in beh[h].items()}
            elif unreached == "first":
                beh[h] = {a: one if j == 0 else zero for j, a in enumerate(info.actions)}
        out.append(beh)
    return behaviour_profile(out)


def mixed_from_behaviour(tree: SequentialGame, profile: Any) -> tuple[tuple[Any, ...], ...]:
    """Mixed strategies over reduced plans realization-equivalent to a behaviour profile (Kuhn).

    The probability of a plan is the product of the behaviour probabilities of
    its choices; the vectors follow ``tree.to_normal_form()``'s strategy order.

    >>> from arbiter.scenarios.classics import entry_deterrence
    >>> mixed_from_behaviour(entry_deterrence(), [{"Entrant:root": "In"},
    ...                                           {"Incumbent:In": "Accommodate"}])
    ((Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1)))
    """
    tree = require_numeric_tree(tree, "mixed_from_behaviour")
    flat = flatten(tree)
    check_perfect_recall(flat, "mixed_from_behaviour")
    probs, exact = profile_probabilities(flat, profile, caller="mixed_from_behaviour", partial=True)
    one: Any = Fraction(1) if exact else 1.0
    out = []
    for p in range(tree.n_players):
        vec = []
        for plan in tree.reduced_strategies(p):
            prob = one
            for h, a in plan:
                if h not in probs:
                    raise InvalidArgumentError(
                        f"mixed_from_behaviour(): the profile gives no behaviour at {h!r}, "
                        f"which the plan {'/'.join(x for _, x in plan)} of "
                        f"{tree.players[p]!r} reaches"
                    )
                prob = prob * probs[h][flat.labels[flat.members[h][0]].index(a)]
            vec.append(prob)
        out.append(tuple(vec))
    return tuple(out)
