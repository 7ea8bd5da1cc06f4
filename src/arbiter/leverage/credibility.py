r"""Credibility: would the arbiter really carry out its threat (or keep its promise)?

In a commitment game (:func:`arbiter.leverage.commitment_game`) every place
where an announced threat's trigger was played is a decision node of the
arbiter, the *obligation node*, with two actions: carry the threat out (the
target loses ``effect``, the arbiter pays ``cost``) or back down (the arbiter
pays its reputation cost). For promises the actions are "deliver" and
"renege". The :class:`~arbiter.leverage.CommitmentStructure` of the game
lists these nodes (paths and information sets) per commitment; the functions
below take it from a :class:`~arbiter.games.model.Model` built with one
(``Model(..., commitments=structure)``, as every shipped scenario is), or
from the structure itself.

**Trees without a structure.** A bare
:class:`~arbiter.games.tree.SequentialGame`, or a model without
``commitments`` (one read back from a model file written by
:func:`arbiter.io.write_model`), has no record of its commitments. For
those, and only those, the obligation nodes are found by the naming
convention that :func:`~arbiter.leverage.commitment_game` follows: a
decision node whose actions are ``("carry out", "back down")`` or
``("deliver", "renege")`` and whose information set is named
``f"{instrument} at {posture}/{path}"`` (the instrument is the text before
the first ``" at {posture}/"``, or before the first ``" at "`` when no
posture matches). A hand-built tree that follows this convention works; one
that does not has no obligation nodes, and :func:`credibility` says so.

**Definition.** Let :math:`x` be an obligation node of the arbiter :math:`A`
and :math:`V_A(x\,a;\theta)` its continuation payoff after action :math:`a`,
when play below follows a subgame-perfect equilibrium (SPE). The threat is
*credible at* :math:`x` when

.. math::

    V_A(x\,\text{carry out};\theta) \;>\; V_A(x\,\text{back down};\theta)

for every SPE continuation, i.e. the arbiter carries it out in *every* SPE
(Selten's perfectness: a threat is believed only if it would be carried out
when the moment comes). The threat is credible when it is credible at every
obligation node of that instrument, so :attr:`Credibility.condition` is the
conjunction of the node conditions. The inequality is strict on purpose: on
the boundary (:attr:`Credibility.indifferent`) the arbiter is indifferent, and
both carrying out and backing down are subgame perfect there.

**Computation.** Each obligation node starts a subgame (its subtree has
perfect information in commitment games). :func:`credibility` solves that
subgame symbolically with :func:`arbiter.regimes`; the regimes in which the
arbiter backs down at the node have closed conditions whose union
(:func:`arbiter.outcome_condition`) is exactly where backing down is subgame
perfect, so the threat is credible at the node on its complement, written
with strict inequalities. For the S1 air-support threat every obligation
node gives the same answer, :math:`e v T > k_w` (Russia's stakes, the cost
of backing down, exceed the cost of withdrawing support).

**Probability of credibility.** Zagare and Kilgour (*Perfect Deterrence*,
2000) measure credibility as the probability that a player prefers to carry
out its threat. :func:`credibility_probability` estimates it as the share of
parameter draws, uniform over each parameter's plausible range, in which the
condition holds (one vectorised evaluation, :meth:`Condition.evaluate`).

>>> from arbiter.scenarios.syria.border_deal import border_deal
>>> cred = credibility(border_deal(), "withdraw air support")
>>> print(cred.condition)
T*e*v > k_w
>>> stakes = {"e": 0.1, "v": 6, "T": 4}
>>> cred.holds(stakes | {"k_w": 1}), cred.holds(stakes | {"k_w": 3})
(True, False)
>>> credible_threats(border_deal(), {})
('withdraw air support', 'supply TOR-M1')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from arbiter.conditions import Condition
from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.games.model import Model
from arbiter.games.tree import Chance, Decision, Node, Outcome, SequentialGame
from arbiter.leverage.commitment import (
    BACK_DOWN,
    CARRY_OUT,
    DELIVER,
    RENEGE,
    CommitmentStructure,
)
from arbiter.leverage.instruments import Promise, Threat
from arbiter.solve.regimes import decide, outcome_condition, regimes

__all__ = [
    "Credibility",
    "credibility",
    "credibility_probability",
    "credible_threats",
    "obligations",
]

#: The two actions at an obligation node: (keep one's word, break it), threats and promises.
OBLIGATION_ACTIONS = ((CARRY_OUT, BACK_DOWN), (DELIVER, RENEGE))

_KEEP = "\x00kept"
_BREAK = "\x00broken"


# ====================================================================== values
@dataclass(frozen=True)
class Credibility:
    """When the arbiter carries out a threat (or keeps a promise) in every SPE.

    Attributes
    ----------
    instrument:
        The instrument's name, e.g. ``"withdraw air support"``.
    arbiter:
        The player who decides at the obligation nodes.
    kind:
        ``"threat"`` (carry out / back down) or ``"promise"`` (deliver / renege).
    condition:
        A :class:`~arbiter.conditions.Condition` on the parameters: the
        arbiter strictly prefers to carry out at every obligation node
        (universal or empty when no parameter is left).
    nodes:
        The information sets of the obligation nodes, in tree order.
    indifferent:
        Where the arbiter is indifferent at some obligation node (the
        boundary of ``condition``; an empty condition if nowhere). There both
        carrying out and backing down are subgame perfect.
    parameters:
        The names of the game's parameters (values for any of them are
        accepted by :meth:`holds`).
    paths:
        The tree paths of the obligation nodes, in the order of :attr:`nodes`.
    """

    instrument: str
    arbiter: str
    kind: str
    condition: Condition
    nodes: tuple[str, ...]
    indifferent: Condition = field(default_factory=Condition.false)
    parameters: tuple[str, ...] = ()
    paths: tuple[tuple[str, ...], ...] = ()

    def holds(self, values: Mapping[Any, Any]) -> bool:
        """Whether the threat is credible at ``values`` ({name or symbol: number}), exactly."""
        if not isinstance(values, Mapping):
            raise ArgumentTypeError(
                f"values must be a mapping {{parameter: value}}; got {values!r}"
            )
        by_name = {s.name: s for s in self.condition.free_symbols}
        subs: dict[sympy.Symbol, Any] = {}
        for key, v in values.items():
            name = key.name if isinstance(key, sympy.Symbol) else key
            if not isinstance(name, str):
                raise ArgumentTypeError(f"parameter keys must be names or symbols; got {key!r}")
            if name not in by_name:
                if name in self.parameters:
                    continue
                raise InvalidArgumentError(
                    f"unknown parameter {key!r}; the parameters are {sorted(self.parameters)}"
                )
            subs[by_name[name]] = _exact(v, name)
        missing = sorted(set(by_name) - {s.name for s in subs})
        if missing:
            raise InvalidArgumentError(f"values give no value for the parameters {missing}")
        return decide(self.condition, subs, values)

    def latex(self) -> str:
        """The condition in LaTeX."""
        return self.condition.latex()

    def __str__(self) -> str:
        does, do = ("carries out", "carry out") if self.kind == "threat" else ("keeps", "keep")
        what = f"its {self.kind} {self.instrument!r}"
        n = len(self.nodes)
        where = f"at all {n} obligation nodes" if n > 1 else "at its obligation node"
        if self.condition.is_universal():
            text = f"{self.arbiter} {does} {what} {where}, always"
        elif self.condition.is_empty():
            text = (
                f"{self.arbiter} does not surely {do} {what}: backing down is subgame perfect "
                "at one of its obligation nodes"
            )
        else:
            text = f"{self.arbiter} {does} {what} {where} when {self.condition}"
        if not self.indifferent.is_empty():
            at = "" if self.indifferent.is_universal() else f" where {self.indifferent}"
            text += (
                f";{at} it is indifferent at an obligation node "
                "(carrying out and backing down are both subgame perfect there)"
            )
        return text


# ================================================================ the analysis
def obligations(game_or_model: Any) -> dict[str, tuple[str, ...]]:
    """The arbiter's obligation nodes by instrument: ``{instrument name: (infoset, ...)}``.

    Taken from the :class:`~arbiter.leverage.CommitmentStructure` of a
    :class:`~arbiter.games.model.Model` (its ``commitments``) or given
    directly; for a bare tree, found by the naming convention described in
    the module docstring. Instruments that no posture announces have no
    obligation node and are left out.

    >>> from arbiter.scenarios.syria.border_deal import border_deal
    >>> {name: len(nodes) for name, nodes in obligations(border_deal()).items()}
    {'withdraw air support': 8, 'supply S-300': 8, 'supply TOR-M1': 12}
    """
    game, structure = _resolve(game_or_model, "obligations")
    return {
        name: tuple(infoset for _, infoset in nodes)
        for name, nodes in _obligation_nodes(game, structure).items()
    }


def _obligation_nodes(
    game: SequentialGame, structure: CommitmentStructure | None
) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """``{instrument: ((path, infoset), ...)}`` in tree order."""
    if structure is not None:
        out = {
            name: tuple((o.path, o.infoset) for o in structure.nodes(name))
            for name in structure.names
        }
        return {name: nodes for name, nodes in out.items() if nodes}
    return _conventional_nodes(game)


def _conventional_nodes(game: SequentialGame) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """The bare-tree fallback: obligation nodes by the naming convention (module docstring)."""
    postures: tuple[str, ...] = ()
    if isinstance(game.root, Decision):
        postures = game.root.actions
    found: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for path, node in game.nodes():
        if not isinstance(node, Decision) or node.actions not in OBLIGATION_ACTIONS:
            continue
        name = _instrument_of(node.infoset, postures)
        if name is not None:
            assert node.infoset is not None
            found.setdefault(name, []).append((path, node.infoset))
    return {k: tuple(v) for k, v in found.items()}


def _instrument_of(infoset: str | None, postures: tuple[str, ...]) -> str | None:
    """The instrument named by ``infoset`` under the convention (bare trees only)."""
    if not infoset:
        return None
    best = None
    for p in postures:
        marker = f" at {p}/"
        i = infoset.find(marker)
        if i > 0 and (best is None or i < best):
            best = i
    if best is None:
        i = infoset.find(" at ")
        best = i if i > 0 else None
    return None if best is None else infoset[:best]


def credibility(
    game_or_model: Any, threat_name: Any, *, values: Mapping[Any, Any] | None = None
) -> Credibility:
    """The exact condition under which the arbiter carries out ``threat_name`` in every SPE.

    Parameters
    ----------
    game_or_model:
        A :class:`~arbiter.games.model.Model` (its ``commitments`` name the
        obligation nodes), a :class:`~arbiter.leverage.CommitmentStructure`,
        or a bare :class:`~arbiter.games.tree.SequentialGame` whose
        obligation nodes follow the naming convention of
        :func:`~arbiter.leverage.commitment_game` (see the module docstring).
    threat_name:
        The instrument's name, or the :class:`~arbiter.leverage.Threat` /
        :class:`~arbiter.leverage.Promise` itself.
    values:
        Parameter values to substitute first (``{name or symbol: number}``);
        the condition is then in the parameters left free. Giving every
        parameter a value turns the condition into ``True`` or ``False``.

    Returns
    -------
    Credibility
        ``condition`` holds exactly where the arbiter strictly prefers to carry
        out at every obligation node of the instrument (see the module
        docstring); ``indifferent`` is where it is indifferent at one.

    >>> import sympy
    >>> from arbiter.scenarios.syria.border_deal import border_deal
    >>> model = border_deal()
    >>> s300 = credibility(model, "supply S-300")
    >>> print(s300.condition, "|", s300.indifferent, "|", len(s300.nodes))
    T*e*v > L*rho + k_300 | L*rho + k_300 = T*e*v | 8
    >>> s300.nodes[0]
    'supply S-300 at supply S-300/Restrain/Deep/Absorb'
    >>> print(s300)  # doctest: +NORMALIZE_WHITESPACE
    Russia carries out its threat 'supply S-300' at all 8 obligation nodes when
    T*e*v > L*rho + k_300; where L*rho + k_300 = T*e*v it is indifferent at an obligation node
    (carrying out and backing down are both subgame perfect there)
    >>> credibility(model, "supply S-300", values=model.values()).condition.is_empty()
    True
    """
    game, structure = _resolve(game_or_model, "credibility")
    if isinstance(threat_name, (Threat, Promise)):
        threat_name = threat_name.name
    if not isinstance(threat_name, str):
        raise ArgumentTypeError(
            f"credibility(): threat_name must be an instrument name or a Threat/Promise; "
            f"got {threat_name!r}"
        )
    if values:
        known = set(game_or_model.parameters) if isinstance(game_or_model, Model) else None
        game = game.subs(_known_values(game, values, known))
    return _credibility(game, structure, threat_name)


def _credibility(
    game: SequentialGame, structure: CommitmentStructure | None, name: str
) -> Credibility:
    params = tuple(s.name for s in game.parameters)
    found = _obligation_nodes(game, structure)
    if name not in found:
        raise InvalidArgumentError(
            f"credibility(): the game has no obligation node for {name!r}; its "
            f"threats and promises are {sorted(found)}"
        )
    conditions: list[Any] = []
    boundaries: list[Any] = []
    arbiter = ""
    kind = "threat"
    for path, _ in found[name]:
        node = game.node_at(path)
        assert isinstance(node, Decision)
        arbiter = node.player
        kind = "threat" if node.actions == OBLIGATION_ACTIONS[0] else "promise"
        cond, tie = _node_condition(node, game.players)
        if cond not in conditions:
            conditions.append(cond)
        if not tie.is_empty() and tie not in boundaries:
            boundaries.append(tie)
    if structure is not None:
        arbiter, kind = structure.arbiter, structure.kind(name)
    condition = _all(conditions)
    indifferent = _any(boundaries)
    return Credibility(
        instrument=name,
        arbiter=arbiter,
        kind=kind,
        condition=condition,
        nodes=tuple(infoset for _, infoset in found[name]),
        indifferent=indifferent,
        parameters=params,
        paths=tuple(path for path, _ in found[name]),
    )


def _node_condition(node: Decision, players: tuple[str, ...]) -> tuple[Any, Any]:
    """(strict condition for keeping one's word at ``node``, where the arbiter is tied there)."""
    keep, broken = node.moves
    root = Decision(
        node.player,
        ((keep[0], _relabel(keep[1], _KEEP)), (broken[0], _relabel(broken[1], _BREAK))),
        node.infoset,
    )
    regs = regimes(SequentialGame(root, players))
    space = regs[0].condition.space
    if any(_BREAK in r.outcome for r in regs):
        union = outcome_condition(regs, _BREAK)
    else:
        union = Condition(space, [])
    strict = ~union
    ties = [
        t.boundary
        for r in regs
        for t in r.ties
        if t.infoset == node.infoset and set(t.actions) == set(node.actions)
    ]
    tie = Condition.from_sympy(
        sympy.Or(*dict.fromkeys(ties)) if ties else sympy.false, symbols=space.symbols
    )
    return strict, tie


def _relabel(node: Node, label: str) -> Node:
    if isinstance(node, Outcome):
        return Outcome(node.payoffs, label, keyed=node.keyed)
    if isinstance(node, Decision):
        return Decision(
            node.player, tuple((a, _relabel(c, label)) for a, c in node.moves), node.infoset
        )
    assert isinstance(node, Chance)
    return Chance(tuple((n, p, _relabel(c, label)) for n, p, c in node.branches))


def _all(conditions: list[Condition]) -> Condition:
    """The conjunction of the nodes' conditions (``True`` when there is none)."""
    out: Condition | None = None
    for c in conditions:
        out = c if out is None else out & c
    return out if out is not None else Condition.true()


def _any(conditions: list[Condition]) -> Condition:
    out: Condition | None = None
    for c in conditions:
        out = c if out is None else out | c
    return out if out is not None else Condition.false()


# ============================================================ numeric helpers
def credible_threats(model: Any, values: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """The threats and promises the arbiter would carry out at ``values`` (defaults elsewhere).

    Decided exactly, on the game with every parameter substituted.

    >>> from arbiter.scenarios.syria.border_deal import border_deal
    >>> credible_threats(border_deal(), {"v": 12})
    ('withdraw air support', 'supply S-300', 'supply TOR-M1')
    """
    game, structure = _resolve(model, "credible_threats")
    if isinstance(model, Model):
        game = model.at(values)
    else:
        if values:
            game = game.subs(_known_values(game, values))
        if game.parameters:
            raise InvalidArgumentError(
                "credible_threats(): give a value to every parameter of a bare tree; missing "
                f"{[s.name for s in game.parameters]}"
            )
    return tuple(
        name
        for name in _obligation_nodes(game, structure)
        if _credibility(game, structure, name).condition.is_universal()
    )


def credibility_probability(
    model: Model,
    threat_name: Any,
    *,
    n: int = 10_000,
    seed: int | None = 0,
    values: Mapping[str, Any] | None = None,
) -> float:
    """Zagare and Kilgour's credibility: the probability that the arbiter carries out the threat.

    The share of ``n`` draws, each parameter uniform over its plausible range
    ``[low, high]`` (independently), in which :func:`credibility`'s condition
    holds. ``values`` fixes some parameters instead of drawing them.

    >>> from arbiter.scenarios.syria.border_deal import border_deal
    >>> credibility_probability(border_deal(), "withdraw air support", n=20_000, seed=1)
    0.47565

    (the probability that :math:`k_w < e v T` for :math:`e \\sim U[0, 1/4]`,
    :math:`v \\sim U[0, 12]`, :math:`T \\sim U[1, 9]`, :math:`k_w \\sim U[0, 6]`;
    200,000 draws give 0.474).
    """
    if not isinstance(model, Model):
        raise ArgumentTypeError(
            "credibility_probability(): model must be a Model (it needs the parameters' "
            f"ranges); got {type(model).__name__}"
        )
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidArgumentError(
            f"credibility_probability(): n must be a positive integer; got {n!r}"
        )
    cred = credibility(model, threat_name, values=values)
    cond = cred.condition
    if cond.is_universal() or cond.is_empty():
        return 1.0 if cond.is_universal() else 0.0
    rng = np.random.default_rng(seed)
    names = cond.parameters
    draws = {}
    for name in names:
        p = model.parameters[name]
        draws[name] = rng.uniform(float(p.low), float(p.high), size=n)
    held = np.broadcast_to(cond.evaluate(draws), (n,))
    return float(np.count_nonzero(held)) / n


# ===================================================================== helpers
def _resolve(game_or_model: Any, caller: str) -> tuple[SequentialGame, CommitmentStructure | None]:
    """The tree and, when known, its commitment structure."""
    if isinstance(game_or_model, CommitmentStructure):
        return game_or_model.game, game_or_model
    structure = game_or_model.commitments if isinstance(game_or_model, Model) else None
    game = game_or_model.game if isinstance(game_or_model, Model) else game_or_model
    if not isinstance(game, SequentialGame):
        raise ArgumentTypeError(
            f"{caller}(): expected a Model or a SequentialGame built by commitment_game (or "
            f"its CommitmentStructure); got {type(game).__name__}"
        )
    return game, structure


def _known_values(
    game: SequentialGame, values: Mapping[Any, Any], known: set[str] | None = None
) -> dict[str, Any]:
    """The values of the game's free parameters; other names in ``known`` are skipped."""
    if not isinstance(values, Mapping):
        raise ArgumentTypeError(f"values must be a mapping {{parameter: value}}; got {values!r}")
    free = {s.name for s in game.parameters}
    known = free | (known or set())
    out = {}
    for key, v in values.items():
        name = key.name if isinstance(key, sympy.Symbol) else key
        if name not in known:
            raise InvalidArgumentError(
                f"unknown parameter {key!r}; the parameters are {sorted(known)}"
            )
        if name in free:
            out[name] = v
    return out


def _exact(v: Any, name: str) -> Any:
    if isinstance(v, float):
        return sympy.Rational(v)
    if isinstance(v, Fraction):
        return sympy.Rational(v.numerator, v.denominator)
    try:
        return sympy.sympify(v)
    except (sympy.SympifyError, TypeError):
        raise ArgumentTypeError(f"values[{name!r}] must be a number; got {v!r}") from None
