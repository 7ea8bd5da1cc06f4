r"""Subgame-perfect equilibria of trees, by backward induction over subgames.

A *subgame* starts at a node :math:`r` when every information set that meets
the subtree of :math:`r` lies inside it. A behaviour profile is *subgame
perfect* (Selten 1965, "Spieltheoretische Behandlung eines Oligopolmodells mit
Nachfrageträgheit"; Selten 1975, *Int. J. Game Theory* 4) when it induces a
Nash equilibrium in every subgame. This rules out threats that are not
credible: a Nash equilibrium may rest on an action off the equilibrium path
that its player would not take if the moment came (Selten 1978, "The chain
store paradox").

**Backward induction.** :func:`subgame_perfect` visits the subgame roots from
the leaves up. At each root :math:`r` it forms the *local game*: the subtree
of :math:`r` with every proper subgame just below replaced by the payoff
vector of one of that subgame's equilibria. Then

* a perfect-information move (a one-node information set whose children are
  outcomes or subgames) is solved by maximisation: every action giving the
  mover its maximal continuation payoff is kept, **each tied action giving its
  own branch of equilibria** (the parent then optimises per combination of
  its children's equilibria, because their continuation payoffs differ);
* a chance node takes the exact expectation (Fractions for exact trees);
* a local game with imperfect information is solved through its reduced
  strategic form with :func:`arbiter.nash_equilibria` (mixed equilibria
  included), once for every combination of the equilibria below it; each
  equilibrium is mapped back to behaviour strategies by Kuhn's theorem
  (:func:`arbiter.solve.behaviour.behaviour_from_mixed`; at an information
  set that a player's own mixture never reaches, it plays the first action:
  any choice there is realization-equivalent).

By the one-shot deviation principle (Hendon, Jacobsen & Sloth 1996) and
Kuhn's theorem (1953), a profile is subgame perfect exactly when it is a Nash
equilibrium of the local game at every subgame root, so this yields **all
pure-behaviour SPE at perfect-information nodes, plus every Nash equilibrium,
mixed included, of each imperfect-information subgame** (for degenerate
local games, their extreme equilibria). Mixtures over tied actions at a
perfect-information node are subgame perfect too and are not listed; the
result is then marked ``degenerate`` and says where the ties are.

Every equilibrium is certified independently before it is returned
(:func:`arbiter.solve.behaviour.behaviour_regret`): its regret is exactly 0
for exact trees and at most the tolerance for float trees. Trees with free
parameters are refused (:func:`arbiter.regimes` handles them), and so are trees
without perfect recall.

:func:`non_credible_threats` names, for any profile (a Nash equilibrium of
the reduced strategic form, say), the information sets where the prescribed
behaviour is not optimal once the play gets there.

>>> from arbiter.scenarios.classics import entry_deterrence
>>> spe = subgame_perfect(entry_deterrence())
>>> len(spe), spe[0].supports
(1, (('Entrant:root=In',), ('Incumbent:In=Accommodate',)))
>>> dict(spe[0].outcome), spe[0].payoffs
({'shared market': Fraction(1, 1)}, (Fraction(2, 1), Fraction(2, 1)))
>>> spe[0].regret
Fraction(0, 1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from math import prod
from typing import Any

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.numbers import is_zero
from arbiter.games.tree import Node, SequentialGame, chance, decision, outcome
from arbiter.solve._backward import (
    CHANCE,
    DECISION,
    OUTCOME,
    FlatTree,
    check_perfect_recall,
    flatten,
    subgame_root_flags,
)
from arbiter.solve.behaviour import (
    Evaluation,
    behaviour_from_mixed,
    profile_probabilities,
    require_numeric_tree,
)
from arbiter.solve.certify import DEFAULT_TOLERANCE, check_tolerance
from arbiter.solve.result import Equilibrium, EquilibriumSet, FrozenMap

__all__ = [
    "DEFAULT_MAX_EQUILIBRIA",
    "NonCredibleChoice",
    "non_credible_threats",
    "subgame_perfect",
]

#: subgame_perfect refuses trees whose ties multiply the equilibria beyond this.
DEFAULT_MAX_EQUILIBRIA = 10_000

#: One equilibrium of a subgame: its payoff vector, the choice at its root (an
#: action index at a perfect-information move, ``None`` at a chance node, or
#: ``{infoset: probabilities}`` for an imperfect-information local game), and
#: the index of the equilibrium chosen in each subgame just below (``None``:
#: each has exactly one).
_Solution = tuple[tuple[Any, ...], Any, tuple[int, ...] | None]


def _path_text(flat: FlatTree, i: int) -> str:
    return "/".join(flat.path(i)) or "root"


class _Backward:
    """Backward induction over the subgame roots of a flat tree (no recursion).

    A node with exactly one equilibrium (every outcome, and every subgame
    root of a tree without ties) keeps it in ``value[i]`` and ``choice[i]``;
    the others keep their list of :data:`_Solution` in ``many[i]`` and have
    ``value[i] = None``.
    """

    def __init__(
        self,
        flat: FlatTree,
        roots: list[bool],
        *,
        atol: float | None,
        tol: float,
        max_equilibria: int,
    ) -> None:
        self.flat, self.roots = flat, roots
        self.atol, self.tol, self.max_equilibria = atol, tol, max_equilibria
        self.zero: Any = Fraction(0) if atol is None else 0.0
        self.one: Any = Fraction(1) if atol is None else 1.0
        self.value: list[Any] = list(flat.payoff)
        self.choice: list[Any] = [None] * len(flat)
        self.many: dict[int, list[_Solution]] = {}
        self.simple: list[bool] = [False] * len(flat)
        self.below: dict[int, list[int]] = {}  # local game root -> subgame roots just below
        self.ties: list[int] = []
        self.degenerate = False
        self.complete = True
        self.warnings: list[str] = []

    # -------------------------------------------------------------- driving
    def run(self) -> list[_Solution]:
        """Solve every subgame, leaves first; return the equilibria of the whole tree."""
        flat, roots, value, choice = self.flat, self.roots, self.value, self.choice
        kind, first, n_children, player = flat.kind, flat.first, flat.n_children, flat.player
        simple_everywhere = flat.perfect_information
        atol = self.atol
        for i in range(len(flat) - 1, -1, -1):
            k = kind[i]
            if k == OUTCOME or not roots[i]:
                continue
            if not (simple_everywhere or self._is_simple(i)):
                self._local_game(i)
                continue
            self.simple[i] = True
            if k == CHANCE:
                self._expect(i)
                continue
            # A perfect-information move; the common case (one equilibrium below
            # every child, no tie) inline.
            f = first[i]
            vals = value[f : f + n_children[i]]
            if None not in vals:
                m = player[i]
                own = [v[m] for v in vals]
                best = max(own)
                j = own.index(best)
                if atol is None:
                    single = own.count(best) == 1
                else:
                    cut = best - atol
                    single = sum(1 for x in own if x >= cut) == 1
                if single:
                    value[i] = vals[j]
                    choice[i] = j
                    continue
            self._decide(i)
        return self.solutions(0)

    def solutions(self, i: int) -> list[_Solution]:
        """The equilibria of the subgame at ``i`` (an outcome has one)."""
        if self.value[i] is not None:
            return [(self.value[i], self.choice[i], None)]
        return self.many[i]

    def _is_simple(self, i: int) -> bool:
        flat, roots = self.flat, self.roots
        if flat.kind[i] == DECISION and len(flat.members[flat.infoset[i]]) > 1:  # type: ignore[index]
            return False
        return all(flat.kind[c] == OUTCOME or roots[c] for c in flat.children(i))

    def _options(self, nodes: Sequence[int], at: int) -> list[list[_Solution]]:
        """The equilibria of each node, refusing too many combinations."""
        options = [self.solutions(c) for c in nodes]
        count = prod(len(o) for o in options)
        if count > self.max_equilibria:
            self._too_many(count, at)
        return options

    def _too_many(self, count: int, at: int) -> None:
        raise NotSupportedError(
            f"subgame_perfect(): the tree has at least {count} subgame-perfect equilibria "
            f"(ties multiply them; counted at {_path_text(self.flat, at)}), more than "
            f"max_equilibria={self.max_equilibria}; raise max_equilibria or break the ties"
        )

    def _store(self, i: int, out: list[_Solution]) -> None:
        if len(out) > self.max_equilibria:
            self._too_many(len(out), i)
        if len(out) == 1 and out[0][2] is None:
            self.value[i], self.choice[i] = out[0][0], out[0][1]
        else:
            self.value[i] = None
            self.many[i] = out

    # -------------------------------------------------- perfect information
    def _decide(self, i: int) -> None:
        flat = self.flat
        m = flat.player[i]
        options = self._options(flat.children(i), i)
        single = all(len(o) == 1 for o in options)
        out: list[_Solution] = []
        for combo in product(*(range(len(o)) for o in options)):
            vals = [o[k][0] for o, k in zip(options, combo)]
            tied = self._best(i, [v[m] for v in vals])
            out.extend((vals[j], j, None if single else combo) for j in tied)
        self._store(i, out)

    def _best(self, i: int, own: list[Any]) -> list[int]:
        best = max(own)
        if self.atol is None:
            tied = [j for j, v in enumerate(own) if v == best]
        else:
            tied = [j for j, v in enumerate(own) if v >= best - self.atol]
        if len(tied) > 1:
            self.ties.append(i)
        return tied

    def _expect(self, i: int) -> None:
        flat = self.flat
        probs = flat.probs[i]
        options = self._options(flat.children(i), i)
        single = all(len(o) == 1 for o in options)
        zero = self.zero
        out: list[_Solution] = []
        for combo in product(*(range(len(o)) for o in options)):
            picks = [o[k][0] for o, k in zip(options, combo)]
            value = tuple(
                sum((p * v[k] for p, v in zip(probs, picks)), start=zero)
                for k in range(len(picks[0]))
            )
            out.append((value, None, None if single else combo))
        self._store(i, out)

    # ------------------------------------------------ imperfect information
    def _local_game(self, r: int) -> None:
        flat, roots = self.flat, self.roots
        internal: list[int] = []
        below: list[int] = []
        stack = [r]
        while stack:
            x = stack.pop()
            internal.append(x)
            for c in reversed(flat.children(x)):
                if flat.kind[c] == OUTCOME:
                    continue
                (below if roots[c] else stack).append(c)
        below.sort()
        self.below[r] = below
        inside = set(internal)
        movers = sorted({flat.player[x] for x in internal if flat.kind[x] == DECISION})
        options = self._options(below, r)
        single = all(len(o) == 1 for o in options)
        out: list[_Solution] = []
        for combo in product(*(range(len(o)) for o in options)):
            values = {d: o[k][0] for d, o, k in zip(below, options, combo)}
            for value, local in self._solve_local(r, inside, values, movers):
                out.append((value, local, None if single else combo))
        self._store(r, out)

    def _solve_local(
        self, r: int, inside: set[int], values: Mapping[int, tuple[Any, ...]], movers: list[int]
    ) -> list[tuple[tuple[Any, ...], dict[str, tuple[Any, ...]]]]:
        """All equilibria of the local game at ``r`` given the values of the subgames below."""
        from arbiter.solve.nash import nash_equilibria

        flat = self.flat
        names = flat.tree.players
        full: dict[tuple[str, ...], tuple[Any, ...]] = {}

        def build(x: int, path: tuple[str, ...]) -> Node:
            if x not in inside:
                vector = flat.payoff[x] if flat.kind[x] == OUTCOME else values[x]
                full[path] = vector  # type: ignore[assignment]
                return outcome(tuple(vector[p] for p in movers))  # type: ignore[index]
            steps = zip(flat.labels[x], flat.children(x))
            if flat.kind[x] == CHANCE:
                return chance(
                    {a: (q, build(c, (*path, a))) for (a, c), q in zip(steps, flat.probs[x])}
                )
            return decision(
                names[flat.player[x]],
                {a: build(c, (*path, a)) for a, c in steps},
                infoset=flat.infoset[x],
            )

        local = SequentialGame(build(r, ()), players=[names[p] for p in movers])
        game: NormalFormGame = local.to_normal_form()
        result = nash_equilibria(game, tol=self.tol)
        self.degenerate |= result.degenerate
        self.complete &= result.complete
        where = _path_text(flat, r)
        for w in result.warnings:
            note = f"imperfect-information subgame at {where}: {w}"
            if note not in self.warnings:
                self.warnings.append(note)
        out = []
        seen: set[Any] = set()
        for eq in result:
            beh = behaviour_from_mixed(local, eq.strategies)
            probs = {
                h: tuple(d[a] for a in flat.labels[flat.members[h][0]])
                for plan in beh
                for h, d in plan.items()
            }
            key = tuple(probs.items())
            if key in seen:  # realization-equivalent mixtures give one behaviour profile
                continue
            seen.add(key)
            dist = local.outcome_distribution(beh)
            value = tuple(
                sum((q * full[path][k] for path, q in dist.items()), start=self.zero)
                for k in range(len(names))
            )
            out.append((value, probs))
        return out

    # ------------------------------------------------------------ profiles
    def expand(self, solution: _Solution) -> dict[str, tuple[Any, ...]]:
        """The behaviour at every information set of one equilibrium of the whole tree."""
        flat, simple, kind = self.flat, self.simple, self.flat.kind
        infoset, n_children = flat.infoset, flat.n_children
        pure: dict[tuple[int, int], tuple[Any, ...]] = {}

        def dist(n: int, j: int) -> tuple[Any, ...]:
            key = (n, j)
            if key not in pure:
                pure[key] = tuple(self.one if a == j else self.zero for a in range(n))
            return pure[key]

        assign: dict[str, tuple[Any, ...]] = {}
        if self.value[0] is not None:  # one equilibrium: every subgame has one
            choice = self.choice
            for i in range(len(flat)):
                if kind[i] == DECISION and simple[i]:
                    assign[infoset[i]] = dist(n_children[i], choice[i])  # type: ignore[index]
                elif i in self.below:
                    assign.update(choice[i])
            return assign
        stack: list[tuple[int, _Solution]] = [(0, solution)]
        while stack:
            i, (_, local, combo) = stack.pop()
            if isinstance(local, dict):
                assign.update(local)
                nodes: Sequence[int] = self.below[i]
            else:
                if local is not None:
                    assign[infoset[i]] = dist(n_children[i], local)  # type: ignore[index]
                nodes = flat.children(i)
            for j, c in enumerate(nodes):
                if kind[c] != OUTCOME:
                    stack.append((c, self.solutions(c)[0 if combo is None else combo[j]]))
        return assign


def _atol(flat: FlatTree, tol: float, *, floats: bool | None = None) -> float | None:
    """The absolute tolerance: ``tol`` times the largest absolute payoff (at least 1).

    ``None`` (exact comparisons) for exact trees, unless ``floats`` says the
    computation is in floats anyway.
    """
    if not (flat.tree.kind == "float" if floats is None else floats):
        return None
    scale = max((abs(v) for pay in flat.payoff if pay is not None for v in pay), default=1.0)
    return tol * max(1.0, float(scale))


def _frozen_profile(
    flat: FlatTree, assign: Mapping[str, tuple[Any, ...]], order: list[list[str]]
) -> tuple[tuple[FrozenMap, ...], dict[str, FrozenMap]]:
    """The behaviour profile, frozen; and all its information sets in one plain dict."""
    cache: dict[tuple[tuple[str, ...], tuple[Any, ...]], FrozenMap] = {}
    merged: dict[str, FrozenMap] = {}
    out = []
    for names in order:
        plan = {}
        for h in names:
            labels = flat.labels[flat.members[h][0]]
            probs = assign[h]
            key = (labels, probs)
            dist = cache.get(key)
            if dist is None:
                dist = cache[key] = FrozenMap(zip(labels, probs))
            plan[h] = dist
        merged.update(plan)
        out.append(FrozenMap(plan))
    return tuple(out), merged


def subgame_perfect(
    tree: SequentialGame,
    *,
    tol: float = DEFAULT_TOLERANCE,
    max_equilibria: int = DEFAULT_MAX_EQUILIBRIA,
) -> EquilibriumSet:
    """All subgame-perfect equilibria of a tree, ties included, certified.

    Parameters
    ----------
    tree:
        A numeric :class:`~arbiter.games.tree.SequentialGame` with perfect
        recall (exact or float payoffs and probabilities).
    tol:
        Relative tolerance for float trees: actions within ``tol`` times the
        largest absolute payoff (at least 1) of the best count as tied, and
        certificates must not exceed it. Exact trees are solved exactly.
    max_equilibria:
        Ties multiply equilibria (a tree of all-equal payoffs has astronomically
        many); beyond this count the tree is refused with
        :class:`~arbiter.errors.NotSupportedError` rather than truncated.

    Returns
    -------
    EquilibriumSet
        ``method="backward-induction"``. Each equilibrium's ``strategies`` is a
        behaviour profile covering every information set of every player, off
        the path too; ``actions`` lists each player's information sets;
        ``outcome`` gives the probability of reaching each labelled outcome;
        ``regret`` is the certificate of
        :func:`~arbiter.solve.behaviour.behaviour_regret` (exactly 0 for exact
        trees). ``degenerate`` is set when a mover was indifferent somewhere
        (or an imperfect-information subgame was degenerate). Which equilibria
        are listed: see the module docstring.

    >>> from arbiter.scenarios.classics import ultimatum
    >>> spe = subgame_perfect(ultimatum(2))  # the responder is indifferent at offer 0
    >>> [dict(e.outcome) for e in spe]
    [{'split 2:0': Fraction(1, 1)}, {'split 1:1': Fraction(1, 1)}]
    >>> spe.degenerate, spe.max_regret
    (True, Fraction(0, 1))
    """
    if isinstance(tree, NormalFormGame):
        raise ArgumentTypeError(
            "subgame_perfect(): tree must be a SequentialGame; a normal-form game has no "
            "proper subgames, so its subgame-perfect equilibria are its Nash equilibria "
            "(use nash_equilibria)"
        )
    tree = require_numeric_tree(tree, "subgame_perfect")
    tol = check_tolerance(tol)
    if (
        isinstance(max_equilibria, bool)
        or not isinstance(max_equilibria, int)
        or max_equilibria < 1
    ):
        raise InvalidArgumentError(
            f"max_equilibria must be a positive integer; got {max_equilibria!r}"
        )
    return _subgame_perfect(tree, tol, max_equilibria)


def _subgame_perfect(tree: SequentialGame, tol: float, max_equilibria: int) -> EquilibriumSet:
    flat = flatten(tree)
    check_perfect_recall(flat, "subgame_perfect")
    roots = subgame_root_flags(flat)
    atol = _atol(flat, tol)
    solver = _Backward(flat, roots, atol=atol, tol=tol, max_equilibria=max_equilibria)
    candidates = solver.run()

    players = tree.players
    order: list[list[str]] = [[] for _ in players]
    for h, info in tree.infosets.items():
        order[players.index(info.player)].append(h)
    actions = tuple(tuple(names) for names in order)
    kept: list[Equilibrium] = []
    rejected: list[Any] = []
    mismatched = 0
    for solution in candidates:
        assign = solver.expand(solution)
        profile, merged = _frozen_profile(flat, assign, order)
        ev = Evaluation(flat, roots, assign, exact=atol is None)
        regret = ev.certificate()
        payoffs = tuple(ev.values[0])
        if atol is None:
            same = all(is_zero(a - b) for a, b in zip(payoffs, solution[0]))
            ok = is_zero(regret)
        else:
            same = all(abs(a - b) <= atol for a, b in zip(payoffs, solution[0]))
            ok = regret <= atol
        if not ok:
            rejected.append(regret)
            continue
        if not same:  # the certificate's own values disagree with backward induction's
            mismatched += 1
            continue
        reached = tree.outcome_distribution([merged])
        kept.append(
            Equilibrium(
                strategies=profile,
                payoffs=payoffs,
                regret=regret,
                players=players,
                actions=actions,
                outcome=FrozenMap(tree.outcome_labels(reached)),
            )
        )
    notes: list[str] = []
    if solver.ties:
        shown = ", ".join(_path_text(flat, i) for i in sorted(set(solver.ties))[:3])
        more = "" if len(set(solver.ties)) <= 3 else ", ..."
        notes.append(
            f"the mover is indifferent between actions at {len(set(solver.ties))} decision "
            f"node(s) ({shown}{more}); each tied action gives its own subgame-perfect "
            "equilibria, and mixtures over tied actions (also subgame perfect) are not listed"
        )
    notes.extend(solver.warnings)
    if rejected:
        worst = max(float(r) for r in rejected)
        notes.append(
            f"{len(rejected)} candidate profile(s) failed certification "
            f"(largest regret {worst:.3g}) and were dropped"
        )
    if mismatched:
        notes.append(
            f"{mismatched} candidate profile(s) were dropped: their payoffs, recomputed by "
            "the certificate, differ from those of backward induction"
        )
    return EquilibriumSet(
        equilibria=tuple(kept),
        game=tree,
        method="backward-induction",
        degenerate=bool(solver.ties) or solver.degenerate,
        complete=solver.complete and not rejected and not mismatched,
        tolerance=atol,
        warnings=tuple(notes),
    )


@dataclass(frozen=True)
class NonCredibleChoice:
    """A choice a profile prescribes that its player would not make when the moment came.

    Attributes
    ----------
    infoset, player:
        Where, and whose.
    prescribed:
        The prescribed behaviour there, ``{action: probability}``.
    best:
        The actions that are optimal there (given the others' behaviour and
        the player's best continuation in that subgame).
    gain:
        What the player gains, conditional on reaching the information set,
        by choosing optimally instead.
    on_path:
        Whether the profile reaches the information set. For a Nash
        equilibrium this is always ``False``: its non-credible choices are
        threats (or promises) off the equilibrium path.
    """

    infoset: str
    player: str
    prescribed: FrozenMap
    best: tuple[str, ...]
    gain: Any
    on_path: bool


def _behaviour_of(tree: SequentialGame, equilibrium: Any) -> Any:
    if isinstance(equilibrium, Equilibrium):
        if equilibrium.is_behaviour:
            return equilibrium.strategies
        return behaviour_from_mixed(tree, equilibrium, unreached="omit")
    if isinstance(equilibrium, (str, bytes, Mapping)) or not isinstance(equilibrium, Sequence):
        raise ArgumentTypeError(
            "non_credible_threats(): equilibrium must be an Equilibrium, a behaviour profile "
            "(one mapping {infoset: {action: probability}} per player) or mixed strategies "
            f"over reduced plans; got {equilibrium!r}"
        )
    if all(isinstance(s, Mapping) for s in equilibrium):
        return equilibrium
    return behaviour_from_mixed(tree, equilibrium, unreached="omit")


def _reach(flat: FlatTree, probs: Mapping[str, tuple[Any, ...]], one: Any) -> list[Any]:
    reach = [one] + [None] * (len(flat) - 1)
    for i in range(len(flat)):
        k = flat.kind[i]
        if k == OUTCOME:
            continue
        weights = flat.probs[i] if k == CHANCE else probs[flat.infoset[i]]  # type: ignore[index]
        for j, c in enumerate(flat.children(i)):
            reach[c] = reach[i] * weights[j]
    return reach


def non_credible_threats(
    tree: SequentialGame, equilibrium: Any, *, tol: float = DEFAULT_TOLERANCE
) -> tuple[NonCredibleChoice, ...]:
    """The information sets where ``equilibrium`` prescribes a choice that is not optimal there.

    ``equilibrium`` is a Nash equilibrium of ``tree.to_normal_form()`` (as
    :func:`arbiter.nash_equilibria` returns it: mixtures over reduced plans),
    an equilibrium with a behaviour profile, or a profile given directly
    (behaviour mappings, or probability vectors over reduced plans). ``tol``
    is the relative tolerance for gains computed in floats; exact profiles of
    exact trees are judged exactly.

    An information set :math:`h` of player :math:`p` is reported when, in the
    smallest subgame containing it, the play can get to :math:`h` (through
    chance and the others' behaviour, and :math:`p`'s own earlier moves in that
    subgame) and, conditional on getting there, :math:`p` gains more than the
    tolerance by choosing otherwise, with its best continuation. A profile is
    subgame perfect exactly when nothing is reported (for perfect-information
    trees; with imperfect-information subgames, nothing reported is necessary).

    Reduced plans leave out the information sets a player's own earlier moves
    exclude; these are not reported, and for evaluating the others' choices
    they are filled in by backward induction (the first action at a
    left-out information set of several nodes).

    Examples
    --------
    >>> from arbiter import nash_equilibria
    >>> from arbiter.scenarios.classics import entry_deterrence
    >>> tree = entry_deterrence()
    >>> deterred = next(e for e in nash_equilibria(tree) if e.pure_profile == ("Out", "Fight"))
    >>> [(c.infoset, c.best, c.gain) for c in non_credible_threats(tree, deterred)]
    [('Incumbent:In', ('Accommodate',), Fraction(2, 1))]
    """
    tree = require_numeric_tree(tree, "non_credible_threats")
    tol = check_tolerance(tol)
    flat = flatten(tree)
    check_perfect_recall(flat, "non_credible_threats")
    roots = subgame_root_flags(flat)
    behaviour = _behaviour_of(tree, equilibrium)
    probs, exact = profile_probabilities(
        flat, behaviour, caller="non_credible_threats", partial=True
    )
    ev = Evaluation(flat, roots, probs, exact, fill=True)
    atol = _atol(flat, tol, floats=not exact)
    reach = _reach(flat, ev.probs, ev.one)
    filled = set(ev.filled)
    out = []
    for h in tree.infosets:
        if h in filled:
            continue
        nodes = flat.members[h]
        i = nodes[0]
        p = flat.player[i]
        r = ev.innermost_root(i)
        if r == i and ev.is_simple(i):
            qs = [ev.values[c][p] for c in flat.children(i)]
            prescribed, mass = ev.values[i][p], ev.one
        else:
            local = ev.local(r, p)
            mass = sum((local.weight[y] for y in nodes), start=ev.zero)
            if mass == 0 or local.own[i] == 0:
                continue
            qs = local.q(h)
            prescribed = sum((local.weight[y] * ev.values[y][p] for y in nodes), start=ev.zero)
        best = max(qs)
        gain = (best - prescribed) / mass
        if gain > 0 if atol is None else gain > atol:
            labels = flat.labels[i]
            close = [
                a for a, q in zip(labels, qs) if (q == best if atol is None else q >= best - atol)
            ]
            out.append(
                NonCredibleChoice(
                    infoset=h,
                    player=tree.players[p],
                    prescribed=FrozenMap(zip(labels, ev.probs[h])),
                    best=tuple(close),
                    gain=gain,
                    on_path=any(reach[y] != 0 for y in nodes),
                )
            )
    return tuple(out)
