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
from typing import Any

import numpy as np

from arbiter.errors import ArbiterError, ArgumentTypeError, InvalidArgumentError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import SequentialGame
from arbiter.solve._backward import (
    CHANCE,
    OUTCOME,
    FlatTree,
    check_perfect_recall,
    flatten,
    subgame_root_flags,
)
from arbiter.solve._columns import ArraySPE, backward_arrays, profile_regret
from arbiter.solve._compact import Backward, CompactSPE, atol_of, path_text
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
    "subgame_perfect_outcomes",
]

#: Iterating over a subgame-perfect set refuses beyond this many members by default.
DEFAULT_MAX_EQUILIBRIA = 10_000


def subgame_perfect(
    tree: SequentialGame,
    *,
    tol: float = DEFAULT_TOLERANCE,
    max_equilibria: int | None = DEFAULT_MAX_EQUILIBRIA,
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
        many). The set is compact whatever their number: ``len``, indexing,
        ``outcomes``, ``outcome_counts`` and ``max_regret`` never list them.
        Iterating (``for e in eqs``, ``list(eqs)``) lists them lazily, and
        refuses with :class:`~arbiter.errors.NotSupportedError` when there are
        more than ``max_equilibria`` (``None``: no limit).

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
    if max_equilibria is not None and (
        isinstance(max_equilibria, bool)
        or not isinstance(max_equilibria, int)
        or max_equilibria < 1
    ):
        raise InvalidArgumentError(
            f"max_equilibria must be a positive integer or None; got {max_equilibria!r}"
        )
    return _subgame_perfect(tree, tol, max_equilibria)


def _subgame_perfect(
    tree: SequentialGame, tol: float, max_equilibria: int | None
) -> EquilibriumSet:
    if tree.has_arrays:
        fast = _subgame_perfect_arrays(tree, tol)
        if fast is not None:
            return fast
    return _subgame_perfect_compact(tree, tol, max_equilibria)


def _subgame_perfect_arrays(tree: SequentialGame, tol: float) -> EquilibriumSet | None:
    """Vectorised backward induction (:mod:`arbiter.solve._columns`) when it applies.

    ``None`` when the tree has information sets of several nodes, or ties
    (several subgame-perfect equilibria): the compact classes handle those.
    """
    a = tree.to_arrays()
    if not a.perfect_information:
        return None
    atol = None
    if a.kind == "float":
        scale = float(np.abs(a.payoffs).max()) if a.payoffs.size else 1.0
        atol = tol * max(1.0, scale)
    values, choice, ties = backward_arrays(a, atol)
    if ties.size:
        return None
    checked, regret = profile_regret(a, choice)
    if atol is None:
        ok = regret == 0 and all(x == y for x, y in zip(checked[:, 0], values[:, 0]))
    else:
        ok = regret <= atol and bool(np.allclose(checked[:, 0], values[:, 0], rtol=0, atol=atol))
    if not ok:  # cannot happen: the choices are optimal by construction
        raise ArbiterError(
            f"internal error: the subgame-perfect profile of the arrays fails its certificate "
            f"(regret {regret}, payoffs {checked[:, 0]} against {values[:, 0]}); please "
            "report this with the tree"
        )
    return EquilibriumSet(
        equilibria=ArraySPE(tree, choice, checked, regret),
        game=tree,
        method="backward-induction",
        degenerate=False,
        complete=True,
        tolerance=atol,
        warnings=(),
    )


def _subgame_perfect_compact(
    tree: SequentialGame, tol: float, max_equilibria: int | None
) -> EquilibriumSet:
    flat = flatten(tree)
    check_perfect_recall(flat, "subgame_perfect")
    roots = subgame_root_flags(flat)
    atol = atol_of(flat, tol)
    solver = Backward(flat, roots, atol=atol, tol=tol)
    solver.run()
    members = CompactSPE(solver, max_equilibria)
    notes: list[str] = []
    ties = sorted(set(solver.ties))
    if ties:
        shown = ", ".join(path_text(flat, i) for i in ties[:3])
        more = "" if len(ties) <= 3 else ", ..."
        notes.append(
            f"the mover is indifferent between actions at {len(ties)} decision "
            f"node(s) ({shown}{more}); each tied action gives its own subgame-perfect "
            "equilibria, and mixtures over tied actions (also subgame perfect) are not listed"
        )
    notes.extend(solver.warnings)
    if solver.rejected:
        worst = max(float(r) for r in solver.rejected)
        notes.append(
            f"{len(solver.rejected)} candidate equilibri(um/a) of imperfect-information "
            f"subgames failed certification (largest regret {worst:.3g}) and were dropped"
        )
    return EquilibriumSet(
        equilibria=members,
        game=tree,
        method="backward-induction",
        degenerate=bool(ties) or solver.degenerate,
        complete=solver.complete and not solver.rejected,
        tolerance=atol,
        warnings=tuple(notes),
    )


def subgame_perfect_outcomes(tree: SequentialGame, *, tol: float = DEFAULT_TOLERANCE) -> FrozenMap:
    """Which outcomes subgame-perfect equilibria reach, and how many equilibria reach each.

    One backward induction (no equilibrium is listed): ``{distribution:
    count}``, each distribution a :class:`~arbiter.solve.result.FrozenMap`
    ``{outcome label: probability}``. The same as
    ``subgame_perfect(tree, tol=tol).outcome_counts``.

    >>> from arbiter.scenarios.classics import ultimatum
    >>> {tuple(d): n for d, n in subgame_perfect_outcomes(ultimatum(2)).items()}
    {('split 2:0',): 1, ('split 1:1',): 1}
    """
    return subgame_perfect(tree, tol=tol).outcome_counts


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
    atol = atol_of(flat, tol, floats=not exact)
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
