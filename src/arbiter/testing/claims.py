r"""Assertions about trees and models: subgame perfection, the status quo, credibility.

A behaviour profile of a tree is *subgame perfect* when it is a Nash
equilibrium of every subgame (Selten 1965): in the subgame at every root
:math:`r`, no player :math:`p` has a strategy worth more to it than the
profile's,

.. math:: g_{r,p} = \max_{s_p} V_p(r; s_p, \beta_{-p}) - V_p(r; \beta) \le 0 .

:func:`subgame_deviations` computes every positive :math:`g_{r,p}` by plain
recursion over the tree's nodes (not through arbiter's solver kernels): the
best response is found information set by information set, deepest first,
each action weighed by the probability that chance and the other players
reach each node of the information set (sound under perfect recall). Each
positive gain comes with the deviation that achieves it: the information
sets where the best response differs from the profile.

The model-level assertions substitute an exact point and decide:

* :func:`assert_status_quo`: every subgame-perfect equilibrium reaches the
  model's status quo with probability 1;
* :func:`assert_credible`: at every obligation node of a threat (or promise)
  the arbiter strictly prefers to carry it out, whatever subgame-perfect play
  follows below.

Each failure names the point, the deviation and its gain.

>>> from arbiter.scenarios.classics import entry_deterrence
>>> tree = entry_deterrence()
>>> assert_subgame_perfect(tree, [{"Entrant:root": "In"}, {"Incumbent:In": "Accommodate"}])
>>> assert_subgame_perfect(tree, [{"Entrant:root": "Out"}, {"Incumbent:In": "Fight"}])
Traceback (most recent call last):
...
AssertionError: not subgame perfect: largest gain 2 (exact)
  in the subgame at In: 'Incumbent' gains 2 by deviating to 'Accommodate' at 'Incumbent:In' ...
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Any

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.tree import Chance, Decision, Outcome, SequentialGame
from arbiter.solve.result import Equilibrium

__all__ = [
    "SubgameDeviation",
    "assert_credible",
    "assert_nash_behaviour",
    "assert_status_quo",
    "assert_subgame_perfect",
    "certify_behaviour_set",
    "subgame_deviations",
]

#: Relative tolerance for float trees, scaled by ``max(1, largest |payoff|)``.
DEFAULT_FLOAT_TOLERANCE = 1e-9


def _num(v: Any, floats: bool) -> Any:
    if floats:
        return float(v)
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int):
        return Fraction(v)
    try:
        import sympy

        if isinstance(v, sympy.Rational):
            return Fraction(int(v.p), int(v.q))
    except ImportError:  # pragma: no cover
        pass
    if isinstance(v, float):
        return v
    raise ArgumentTypeError(f"expected an exact number or a float; got {v!r}")


def _fmt(v: Any) -> str:
    return f"{v:.6g}" if isinstance(v, float) else str(v)


def _path(path: tuple[str, ...]) -> str:
    return "/".join(path) or "the root"


def _point_text(point: Any, model: bool = False) -> str:
    if not point:
        return " at the defaults" if model else ""
    text = " at " + ", ".join(f"{k}={_fmt(v)}" for k, v in dict(point).items())
    return text + " (others at their defaults)" if model else text


@dataclass(frozen=True)
class SubgameDeviation:
    """A profitable deviation in one subgame.

    ``subgame`` is the path of the subgame's root; ``player`` gains ``gain``
    (``best`` instead of ``value``, its payoffs in that subgame) by changing
    its behaviour at ``changes``: ``(infoset, prescribed, better action)``,
    most important (closest to the subgame's root) first.
    """

    subgame: tuple[str, ...]
    player: str
    gain: Any
    value: Any
    best: Any
    changes: tuple[tuple[str, str, str], ...]

    def __str__(self) -> str:
        if self.changes:
            h, _, a = self.changes[0]
            how = f"by deviating to {a!r} at {h!r}"
            if len(self.changes) > 1:
                how += f" (and at {len(self.changes) - 1} more information set(s))"
        else:
            how = "by deviating"
        return (
            f"in the subgame at {_path(self.subgame)}: {self.player!r} gains {_fmt(self.gain)} "
            f"{how} (value {_fmt(self.best)} instead of {_fmt(self.value)})"
        )


class _View:
    """A tree with a behaviour profile: node values and best responses, by recursion."""

    def __init__(self, tree: SequentialGame, profile: Any, caller: str) -> None:
        if not isinstance(tree, SequentialGame):
            raise ArgumentTypeError(
                f"{caller}(): tree must be a SequentialGame; got {type(tree).__name__}"
            )
        if tree.kind == "symbolic":
            raise NotSupportedError(
                f"{caller}() checks numeric trees; the tree has free parameters "
                f"{[s.name for s in tree.parameters]}. Substitute a point first (tree.subs)"
            )
        if not tree.perfect_recall:
            raise NotSupportedError(f"{caller}() needs a tree with perfect recall")
        self.tree = tree
        self.nodes: dict[tuple[str, ...], Any] = dict(tree.nodes())
        self.info = {
            path: tree.infoset_of(path)
            for path, node in self.nodes.items()
            if isinstance(node, Decision)
        }
        self.behaviour, floats = self._profile(profile, caller)
        self.floats = floats or tree.kind == "float"
        self.zero: Any = 0.0 if self.floats else Fraction(0)
        self.one: Any = 1.0 if self.floats else Fraction(1)
        self._values: dict[tuple[str, ...], tuple[Any, ...]] = {}

    def _profile(self, profile: Any, caller: str) -> tuple[dict[str, dict[str, Any]], bool]:
        tree = self.tree
        if isinstance(profile, Equilibrium):
            profile = profile.strategies
        if isinstance(profile, Mapping):
            plans = [profile]
        elif isinstance(profile, Sequence) and not isinstance(profile, (str, bytes)):
            plans = list(profile)
        else:
            raise ArgumentTypeError(
                f"{caller}(): profile must be an Equilibrium, one mapping {{infoset: action or "
                f"{{action: probability}}}} per player, or one such mapping; got {profile!r}"
            )
        infosets = tree.infosets
        out: dict[str, dict[str, Any]] = {}
        floats = False
        for plan in plans:
            if not isinstance(plan, Mapping):
                raise ArgumentTypeError(
                    f"{caller}(): each player's behaviour must be a mapping; got {plan!r}"
                )
            for h, dist in plan.items():
                if h not in infosets:
                    raise InvalidArgumentError(
                        f"{caller}(): {h!r} is not an information set of the tree; "
                        f"they are {list(infosets)[:8]}{' ...' if len(infosets) > 8 else ''}"
                    )
                actions = infosets[h].actions
                if isinstance(dist, str):
                    dist = {dist: 1}
                if not isinstance(dist, Mapping) or any(a not in actions for a in dist):
                    raise InvalidArgumentError(
                        f"{caller}(): the behaviour at {h!r} must be an action or "
                        f"{{action: probability}} over {actions}; got {dist!r}"
                    )
                floats |= any(isinstance(p, float) for p in dist.values())
                out[h] = dict(dist)
        missing = [h for h in infosets if h not in out]
        if missing:
            raise InvalidArgumentError(
                f"{caller}(): the profile gives no behaviour at {missing[:5]}; a behaviour "
                "profile covers every information set, off the path too"
            )
        for h, dist in out.items():
            out[h] = {a: _num(dist.get(a, 0), floats) for a in infosets[h].actions}
        return out, floats

    def children(self, path: tuple[str, ...]) -> list[tuple[str, tuple[str, ...], Any]]:
        """``(name, child path, weight)``: chance probability or behaviour probability."""
        node = self.nodes[path]
        if isinstance(node, Chance):
            return [(n, (*path, n), _num(p, self.floats)) for n, p, _ in node.branches]
        dist = self.behaviour[self.info[path]]
        return [(a, (*path, a), dist[a]) for a, _ in node.moves]

    def value(self, path: tuple[str, ...]) -> tuple[Any, ...]:
        """Expected payoffs from ``path`` on under the profile."""
        if path in self._values:
            return self._values[path]
        node = self.nodes[path]
        if isinstance(node, Outcome):
            out = tuple(_num(v, self.floats) for v in node.payoffs)
        else:
            n = len(self.tree.players)
            out = tuple([self.zero] * n)
            for _, child, w in self.children(path):
                if w != 0:
                    v = self.value(child)
                    out = tuple(a + w * b for a, b in zip(out, v))
        self._values[path] = out
        return out

    def best_response(self, root: tuple[str, ...], p: int) -> tuple[Any, list[tuple[str, str]]]:
        """Player ``p``'s best value in the subgame at ``root``, and its choices there."""
        player = self.tree.players[p]
        weight: dict[tuple[str, ...], Any] = {root: self.one}
        members: dict[str, list[tuple[str, ...]]] = {}
        stack = [root]
        while stack:
            x = stack.pop()
            node = self.nodes[x]
            if isinstance(node, Outcome):
                continue
            own = isinstance(node, Decision) and node.player == player
            if own:
                members.setdefault(self.info[x], []).append(x)
            for _, c, w in self.children(x):
                weight[c] = weight[x] if own else weight[x] * w
                stack.append(c)
        wv: dict[tuple[str, ...], Any] = {}
        pick: dict[str, str] = {}  # an improving action, or "" where the profile is optimal
        zero, behaviour, infosets = self.zero, self.behaviour, self.tree.infosets

        def choose(h: str) -> None:
            qs = {
                a: sum((value_of((*y, a)) for y in members[h]), start=zero)
                for a in infosets[h].actions
            }
            best = max(qs.values())
            current = sum((behaviour[h][a] * v for a, v in qs.items()), start=zero)
            pick[h] = next(a for a, v in qs.items() if v == best) if best > current else ""

        def value_of(x: tuple[str, ...]) -> Any:
            # the weighted best-response value of x's subtree (recursion depth: the tree's)
            if x in wv:
                return wv[x]
            node = self.nodes[x]
            if weight[x] == 0:
                out = zero
            elif isinstance(node, Outcome):
                out = weight[x] * _num(node.payoffs[p], self.floats)
            elif isinstance(node, Decision) and node.player == player:
                h = self.info[x]
                if h not in pick:
                    choose(h)
                if pick[h]:
                    out = value_of((*x, pick[h]))
                else:
                    out = sum(
                        (
                            behaviour[h][b] * value_of((*x, b))
                            for b in node.actions
                            if behaviour[h][b] != 0
                        ),
                        start=zero,
                    )
            else:
                out = sum((value_of(c) for _, c, _ in self.children(x)), start=zero)
            wv[x] = out
            return out

        for h in members:  # also the information sets the profile's own moves avoid
            if h not in pick:
                choose(h)
        top = value_of(root)
        changes = []
        for h, a in pick.items():
            if a:
                prescribed = max(self.behaviour[h], key=lambda b: self.behaviour[h][b])
                changes.append((h, prescribed, a))
        depth = {h: min(len(y) for y in ys) for h, ys in members.items()}
        changes.sort(key=lambda c: depth[c[0]])
        return top, changes


def _tolerance(view: _View, tol: Any) -> tuple[Any, str]:
    if tol is not None:
        return tol, f"tolerance {_fmt(tol)}"
    if view.floats:
        scale = max([abs(float(v)) for _, n in view.tree.outcomes for v in n.payoffs] + [1.0])
        limit = DEFAULT_FLOAT_TOLERANCE * scale
        return limit, f"tolerance {limit:.3g}"
    return Fraction(0), "exact"


def subgame_deviations(
    tree: SequentialGame, profile: Any, *, roots: Sequence[tuple[str, ...]] | None = None
) -> tuple[SubgameDeviation, ...]:
    """Every subgame and player where ``profile`` is not a best response, largest gain first.

    ``profile``: an :class:`~arbiter.solve.result.Equilibrium` with a behaviour
    profile, one mapping ``{infoset: action or {action: probability}}`` per
    player (what :meth:`Equilibrium.strategy` returns), or one merged mapping.
    ``roots`` restricts the check to some subgames (default: all of them;
    ``[()]`` checks Nash equilibrium of the whole tree only).
    """
    view = _View(tree, profile, "subgame_deviations")
    found = []
    for root in tree.subgame_roots() if roots is None else roots:
        value = view.value(tuple(root))
        for p, player in enumerate(tree.players):
            best, changes = view.best_response(tuple(root), p)
            gain = best - value[p]
            if gain > 0:
                found.append(
                    SubgameDeviation(tuple(root), player, gain, value[p], best, tuple(changes))
                )
    found.sort(key=lambda d: -float(d.gain))
    return tuple(found)


def _check(tree: Any, profile: Any, tol: Any, roots: Any, what: str, point: Any) -> None:
    view = _View(tree, profile, what.replace(" ", "_"))
    limit, how = _tolerance(view, tol)
    devs = [d for d in subgame_deviations(tree, profile, roots=roots) if d.gain > limit]
    if devs:
        lines = [f"not {what}{_point_text(point)}: largest gain {_fmt(devs[0].gain)} ({how})"]
        lines += [f"  {d}" for d in devs[:5]]
        if len(devs) > 5:
            lines.append(f"  ... and {len(devs) - 5} more")
        raise AssertionError("\n".join(lines))


def assert_subgame_perfect(
    tree: SequentialGame, profile: Any, *, tol: Any = None, point: Any = None
) -> None:
    """Assert that ``profile`` is a Nash equilibrium of every subgame of ``tree``.

    ``profile`` as in :func:`subgame_deviations`. ``tol`` bounds the gains
    (default 0 for exact trees, ``1e-9`` times the largest absolute payoff for
    float ones); ``point`` (the parameter values the tree was built at) is
    only echoed in the message, which names the subgame, the player, the
    deviation and its gain.
    """
    _check(tree, profile, tol, None, "subgame perfect", point)


def assert_nash_behaviour(
    tree: SequentialGame, profile: Any, *, tol: Any = None, point: Any = None
) -> None:
    """Assert that a behaviour profile is a Nash equilibrium of the whole tree.

    As :func:`assert_subgame_perfect`, for the subgame at the root only.
    """
    _check(tree, profile, tol, [()], "a Nash equilibrium", point)


# ---------------------------------------------------------------- models
def _model_game(model: Any, point: Any, caller: str) -> tuple[Any, dict[str, Any]]:
    from arbiter.games.model import Model

    if not isinstance(model, Model):
        raise ArgumentTypeError(f"{caller}(): model must be a Model; got {type(model).__name__}")
    if point is None:
        point = {}
    if not isinstance(point, Mapping):
        raise ArgumentTypeError(
            f"{caller}(): point must be a mapping {{name: value}}; got {point!r}"
        )
    model.values(point)  # checks the names and the ranges
    return model.at(point), dict(point)


def _status_path(game: SequentialGame, model: Any) -> list[tuple[str, ...]] | None:
    """Paths (root to outcome, no chance node) to the first status-quo outcome, if any."""
    for path, node in game.nodes():
        if isinstance(node, Outcome) and model.is_status_quo(game.label_of(path)):
            prefixes = [path[:k] for k in range(len(path))]
            if all(isinstance(game.node_at(x), Decision) for x in prefixes):
                return [*prefixes, path]
    return None


def assert_status_quo(model: Any, point: Any = None, *, tol: float | None = None) -> None:
    """Assert that every subgame-perfect equilibrium of ``model`` at ``point`` is the status quo.

    ``point`` is ``{name: value}`` (the model's defaults for the others); the
    check is exact for exact values. On failure the message names the point,
    how many equilibria leave the status quo and where they go, and the
    deviation that breaks it: on the path to the status quo, the player who
    gains by leaving it and how much.

    >>> from arbiter.scenarios.syria import border_deal
    >>> model = border_deal(credibility="lump-sum")  # the first version
    >>> assert_status_quo(model, {"r": 2, "k_w": 1})
    >>> assert_status_quo(model, {"r": 0})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: status quo not stable at r=0 (others at their defaults): 8 of 8 ...
      e.g. path: Russia: no threat → Iran: Entrench → Israel: Deep
      on the path to the status quo (no threat/Restrain/Limited), in the subgame at the root: ...
    """
    from arbiter.solve.certify import DEFAULT_TOLERANCE
    from arbiter.solve.spe import subgame_perfect

    game, full = _model_game(model, point, "assert_status_quo")
    if not isinstance(game, SequentialGame):
        raise NotSupportedError(
            "assert_status_quo() checks models whose game is a tree; for a normal-form "
            "model, check its Nash equilibria with assert_equilibrium"
        )
    spe = subgame_perfect(game, tol=DEFAULT_TOLERANCE if tol is None else tol)
    counts = spe.outcome_counts
    one = 1 - (0 if spe.tolerance is None else 1e-9)

    def is_sq(dist: Mapping[str, Any]) -> bool:
        return sum((q for label, q in dist.items() if model.is_status_quo(label)), 0) >= one

    bad = {d: n for d, n in counts.items() if not is_sq(d)}
    if not bad:
        return
    where = _point_text(full, model=True)
    shown = "; ".join(
        ", ".join(k if v == 1 else f"{k}: {_fmt(v)}" for k, v in d.items()) for d in bad
    )
    lines = [
        f"status quo not stable{where}: {sum(bad.values())} of {spe.n_equilibria} subgame-perfect "
        f"equilibria reach {shown}"
    ]
    k = next(i for i in range(min(spe.n_equilibria, 1000)) if not is_sq(spe[i].outcome))
    example = spe[k]
    if example.play is not None:
        lines.append(f"  e.g. path: {example.play.path_text()}")
    route = _status_path(game, model)
    if route is None:
        lines.append(f"  no path without chance moves reaches the status quo {model.status_quo!r}")
    else:
        forced = [dict(plan) for plan in example.strategies]
        order = {h: p for p, plan in enumerate(forced) for h in plan}
        for x, nxt in pairwise(route):
            h = game.infoset_of(x)
            forced[order[h]][h] = nxt[-1]
        devs = subgame_deviations(game, forced)
        if devs:
            lines.append(f"  on the path to the status quo ({'/'.join(route[-1])}), {devs[0]}")
        else:
            lines.append(
                "  the path to the status quo is also subgame perfect here (a tie): "
                f"{spe.n_equilibria - sum(bad.values())} equilibria reach it"
            )
    raise AssertionError("\n".join(lines))


def assert_credible(
    model: Any, commitment: Any, point: Any = None, *, tol: float | None = None
) -> None:
    """Assert that the arbiter carries out ``commitment`` at every obligation node, at ``point``.

    ``commitment`` is an instrument name or a Threat/Promise. At each
    obligation node (from the model's commitment structure, or the naming
    convention of :func:`arbiter.leverage.commitment_game`), the subtrees
    after "carry out" and "back down" (or "deliver" and "renege") are solved
    numerically; the commitment is credible there when the arbiter's worst
    subgame-perfect payoff after carrying out exceeds its best after backing
    down. On failure the message names the point, the node, and what the
    arbiter gains by backing down.

    >>> from arbiter.scenarios.syria import border_deal
    >>> model = border_deal(credibility="lump-sum")  # the first version
    >>> assert_credible(model, "withdraw air support", {"r": 2, "k_w": 1})
    >>> assert_credible(model, "withdraw air support", {"r": 1, "k_w": 2})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: 'withdraw air support' is not credible at ...: at 'withdraw air ... gains 1 ...
    ...
    """
    from arbiter.leverage.credibility import _obligation_nodes
    from arbiter.solve.certify import DEFAULT_TOLERANCE

    game, full = _model_game(model, point, "assert_credible")
    name = getattr(commitment, "name", commitment)
    if not isinstance(name, str):
        raise ArgumentTypeError(
            f"assert_credible(): commitment must be an instrument name or a Threat/Promise; "
            f"got {commitment!r}"
        )
    found = _obligation_nodes(game, model.commitments)
    if name not in found:
        raise InvalidArgumentError(
            f"assert_credible(): the model has no obligation node for {name!r}; its "
            f"commitments are {sorted(found)}"
        )
    tol = DEFAULT_TOLERANCE if tol is None else tol
    failures = []
    for path, infoset in found[name]:
        node = game.node_at(path)
        p = game.players.index(node.player)
        (_, keep_node), (drop, drop_node) = node.moves
        worst_keep = min(_spe_values(keep_node, game, p, tol))
        best_drop = max(_spe_values(drop_node, game, p, tol))
        if not worst_keep > best_drop + (0 if game.kind != "float" else tol):
            failures.append(
                (infoset, node.player, best_drop - worst_keep, best_drop, worst_keep, drop)
            )
    if failures:
        where = _point_text(full, model=True)
        lines = [f"{name!r} is not credible{where}: " + _credibility_line(failures[0])]
        lines += [f"  also {_credibility_line(f)}" for f in failures[1:4]]
        if len(failures) > 4:
            lines.append(f"  ... and {len(failures) - 4} more obligation nodes")
        raise AssertionError("\n".join(lines))


def _spe_values(child: Any, game: SequentialGame, p: int, tol: float) -> list[Any]:
    """Player ``p``'s payoff in each subgame-perfect equilibrium class of the subtree ``child``."""
    from arbiter.solve.spe import subgame_perfect

    if isinstance(child, Outcome):
        return [child.payoffs[p]]
    sub = SequentialGame(child, players=game.players)
    return [v[p] for v in subgame_perfect(sub, tol=tol).payoff_profiles]


def _credibility_line(f: tuple[Any, ...]) -> str:
    infoset, who, gain, best_drop, worst_keep, drop = f
    verb = "backing down" if drop == "back down" else f"choosing {drop!r}"
    return (
        f"at {infoset!r}, {who} gains {_fmt(gain)} by {verb} (payoff {_fmt(best_drop)} "
        f"instead of {_fmt(worst_keep)})"
    )


def _reached(view: _View) -> dict[str, Any]:
    """``{outcome label: probability}`` under the view's profile (labels may merge)."""
    out: dict[str, Any] = {}
    stack: list[tuple[tuple[str, ...], Any]] = [((), view.one)]
    while stack:
        x, q = stack.pop()
        if q == 0:
            continue
        if isinstance(view.nodes[x], Outcome):
            label = view.tree.label_of(x)
            out[label] = out.get(label, view.zero) + q
            continue
        stack.extend((c, q * w) for _, c, w in view.children(x))
    return out


def certify_behaviour_set(result: Any, *, tol: Any = None, sample: int = 50) -> None:
    """Assert that a set of behaviour profiles of a tree holds what it claims, by recomputation.

    For each member (all of them, or ``sample`` spread over the index range
    of a larger set): subgame perfection (``method="backward-induction"``)
    or Nash equilibrium of the whole tree (other methods), payoffs and the
    outcome distribution recomputed, the recorded ``regret`` not below the
    recomputed largest gain, no float in an exact tree's result, no member
    twice. For the whole set: ``max_regret`` within the tolerance and, when
    the set records outcomes, their counts adding up to ``len(result)``.
    Used by :func:`arbiter.testing.assert_certified`.

    >>> from arbiter.scenarios.classics import ultimatum
    >>> from arbiter.solve.spe import subgame_perfect
    >>> certify_behaviour_set(subgame_perfect(ultimatum(3)))
    """
    from arbiter.solve.result import EquilibriumSet

    if not isinstance(result, EquilibriumSet):
        raise ArgumentTypeError(f"result must be an EquilibriumSet; got {type(result).__name__}")
    tree = result.game
    if not isinstance(tree, SequentialGame):
        raise ArgumentTypeError(
            f"the result's game must be a SequentialGame; got {type(tree).__name__}"
        )
    spe = result.method == "backward-induction"
    what = "subgame perfect" if spe else "a Nash equilibrium of the tree"
    n = result.n_equilibria
    if n <= sample:
        picks: Sequence[int] = range(n)
    else:
        picks = sorted({k * (n - 1) // (sample - 1) for k in range(sample)})
    problems: list[str] = []
    seen: set[Any] = set()
    limit: Any = Fraction(0)
    for i in picks:
        eq = result[i]
        where = f"[{i}] {eq.play.path_text() if eq.play is not None else ''}".rstrip()
        view = _View(tree, eq, "assert_certified")
        limit, how = _tolerance(view, tol if tol is not None else result.tolerance)
        if tree.kind == "exact":
            stray = [
                v
                for v in (
                    *(p for plan in eq.strategies for d in plan.values() for p in d.values()),
                    *eq.payoffs,
                    eq.regret,
                )
                if isinstance(v, float)
            ]
            if stray:
                problems.append(f"{where}: exact tree but float values {stray[:4]}")
        devs = subgame_deviations(tree, eq, roots=None if spe else [()])
        worst = devs[0].gain if devs else view.zero
        if worst > limit:
            problems.append(f"{where}: not {what} ({how}): {devs[0]}")
        if worst - limit > eq.regret:
            problems.append(
                f"{where}: certificate regret={_fmt(eq.regret)} understates the recomputed "
                f"largest gain {_fmt(worst)}"
            )
        value = view.value(())
        for p, (got, want) in enumerate(zip(eq.payoffs, value)):
            if abs(got - want) > limit:
                problems.append(
                    f"{where}: payoff of {tree.players[p]!r} recorded as {_fmt(got)}, "
                    f"recomputed {_fmt(want)}"
                )
        if eq.outcome is not None:
            recorded = {k: v for k, v in eq.outcome.items() if v != 0}
            reached = _reached(view)
            if set(recorded) != set(reached) or any(
                abs(recorded[k] - reached[k]) > (limit or 0) for k in reached
            ):
                problems.append(
                    f"{where}: outcome recorded as {recorded}, recomputed {dict(reached)}"
                )
        key = eq.strategies
        if key in seen:
            problems.append(f"{where}: appears more than once")
        seen.add(key)
    if result.max_regret > limit:
        problems.append(f"max_regret {_fmt(result.max_regret)} exceeds {_fmt(limit)}")
    if n and result[0].outcome is not None:
        total = sum(result.outcome_counts.values())
        if total != n:
            problems.append(f"outcome counts add up to {total}, not to len(result) = {n}")
    if problems:
        head = f"{len(problems)} problem(s) in the {result.method} result ({n} equilibria):"
        raise AssertionError("\n".join([head, *("  " + p for p in problems[:20])]))
