r"""Perfect Bayesian equilibria of finite signaling games.

A *signaling game* (Spence 1973; Cho and Kreps 1987) has this shape, which
:func:`perfect_bayesian` checks before solving:

1. chance picks the sender's *type* :math:`t` with prior :math:`\pi_t > 0`;
2. the sender, who knows its type (one information set per type), sends a
   message :math:`m` (the same message names for every type);
3. the receiver sees the message but not the type (one information set per
   message, holding one node per type) and responds with an action
   :math:`a`; every response ends the game.

A perfect Bayesian equilibrium (PBE) is a sender strategy, a receiver
strategy and receiver beliefs :math:`\mu(\cdot \mid m)` such that the
receiver's action is a best response to its belief at every message, the
sender's message is a best response for every type to the receiver's
strategy, and beliefs follow Bayes' rule on the path,

.. math:: \mu(t \mid m) = \frac{\pi_t [s(t) = m]}{\sum_{t'} \pi_{t'} [s(t') = m]}.

Off the path Bayes' rule says nothing; the equilibrium records the *exact*
set of beliefs under which the receiver's prescribed action is a best
response (``off_path_condition``), e.g. ``mu(weak) >= 1/2``.

Method: enumerate the sender's pure strategies and, for each, the receiver's
*supports* (the actions it plays at each information set): on the path, sets
of best responses to the Bayes belief; off the path, sets of actions that are
all best responses to *some* belief (the belief polytope is checked non-empty
exactly, by enumerating its vertices). For each such choice the receiver's
mixes that keep every sender type from deviating form a polytope; the family
exists when that polytope holds a mix playing every supported action (its
centroid is then such a mix, and is the representative returned). Each
representative is certified again after the fact: the certificate ``regret``
is the largest gain of any sender type or of the receiver (on the path at the
Bayes belief, off the path at a witness belief from the condition); it is
exactly ``0``.

Scope: the sender plays pure strategies (semi-separating equilibria in which
a type mixes are not found). Exact trees only; symbolic trees are refused
(substitute values first).

>>> from fractions import Fraction as F
>>> from arbiter.games.tree import SequentialGame, chance, decision, outcome
>>> def resp(t, m, good):
...     return decision("R", {"Accept": outcome({"S": 2 - (m == "Costly") * (1 + (t == "Bad")),
...                                         "R": 1 if good else -1}),
...                           "Reject": outcome({"S": -(m == "Costly") * (1 + (t == "Bad")),
...                                         "R": 0})}, infoset=f"R|{m}")
>>> def sender(t):
...     return decision("S", {m: resp(t, m, t == "Good") for m in ("Costly", "Free")},
...                     infoset=f"S|{t}")
>>> game = SequentialGame(chance({"Good": (F(1, 2), sender("Good")),
...                               "Bad": (F(1, 2), sender("Bad"))}))
>>> sorted({dict(e.extra)["kind"] for e in perfect_bayesian(game)})
['pooling', 'separating']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import combinations, product
from typing import Any

import sympy

from arbiter.conditions import Condition
from arbiter.errors import ArgumentTypeError, NotSupportedError
from arbiter.games.tree import Chance, Decision, Outcome, SequentialGame
from arbiter.solve.result import Equilibrium, EquilibriumSet, FrozenMap, behaviour_profile

__all__ = [
    "SignalingGame",
    "belief_symbol",
    "mixing_symbol",
    "perfect_bayesian",
    "signaling_structure",
]


def belief_symbol(infoset: str, type_name: str) -> sympy.Symbol:
    """The sympy symbol ``mu[infoset](type)``: the receiver's belief in ``type`` at ``infoset``."""
    return sympy.Symbol(f"mu[{infoset}]({type_name})", nonnegative=True)


class SignalingGame:
    """The signaling structure read off a tree (see :func:`signaling_structure`).

    Attributes: ``sender``, ``receiver`` (player names), ``types`` (chance
    branch names), ``prior`` (``{type: probability}``), ``messages``,
    ``sender_infosets`` (``{type: infoset}``), ``receiver_infosets``
    (``{message: infoset}``), ``responses`` (``{message: actions}``) and
    ``payoff(t, m, a)`` -> ``(sender payoff, receiver payoff)``.
    """

    def __init__(
        self,
        tree: SequentialGame,
        sender: str,
        receiver: str,
        prior: dict[str, Fraction],
        messages: tuple[str, ...],
        sender_infosets: dict[str, str],
        receiver_infosets: dict[str, str],
        responses: dict[str, tuple[str, ...]],
        payoffs: dict[tuple[str, str, str], tuple[Fraction, Fraction]],
    ) -> None:
        self.tree = tree
        self.sender = sender
        self.receiver = receiver
        self.prior = prior
        self.types = tuple(prior)
        self.messages = messages
        self.sender_infosets = sender_infosets
        self.receiver_infosets = receiver_infosets
        self.responses = responses
        self._payoffs = payoffs

    def payoff(self, t: str, m: str, a: str) -> tuple[Fraction, Fraction]:
        return self._payoffs[(t, m, a)]


def _refuse(why: str) -> NotSupportedError:
    return NotSupportedError(f"perfect_bayesian supports finite signaling games only: {why}")


def signaling_structure(tree: Any) -> SignalingGame:
    """Check that ``tree`` is a finite signaling game and read off its parts.

    Raises :class:`~arbiter.errors.NotSupportedError` naming the first way
    in which the tree is not of the supported shape, or is not exact.
    """
    if not isinstance(tree, SequentialGame):
        raise ArgumentTypeError(f"tree must be a SequentialGame; got {type(tree).__name__}")
    if tree.kind == "symbolic":
        raise NotSupportedError(
            "perfect_bayesian needs numeric payoffs and probabilities; the tree has free "
            f"parameters {[s.name for s in tree.parameters]} (substitute values with subs())"
        )
    if tree.kind != "exact":
        raise NotSupportedError(
            "perfect_bayesian is exact only; the tree has float payoffs or probabilities "
            "(give them as int or fractions.Fraction)"
        )
    root = tree.root
    if not isinstance(root, Chance):
        raise _refuse("the root must be a chance node that picks the sender's type")
    if len(tree.players) != 2:
        raise _refuse(f"it needs exactly two players (sender, receiver); got {tree.players}")
    infosets = tree.infosets
    prior: dict[str, Fraction] = {}
    sender_infosets: dict[str, str] = {}
    receiver_infosets: dict[str, str] = {}
    responses: dict[str, tuple[str, ...]] = {}
    payoffs: dict[tuple[str, str, str], tuple[Fraction, Fraction]] = {}
    sender: str | None = None
    receiver: str | None = None
    messages: tuple[str, ...] | None = None
    for t, prob, node in root.branches:
        if prob == 0:
            raise _refuse(f"type {t!r} has prior probability 0")
        prior[t] = prob
        if not isinstance(node, Decision):
            raise _refuse(f"after chance branch {t!r} the sender must move")
        if sender is None:
            sender = node.player
        if node.player != sender:
            raise _refuse(f"types {list(prior)} are not all played by one sender")
        h = tree.infoset_of((t,))
        if len(infosets[h].members) != 1:
            raise _refuse(f"the sender's information set {h!r} must hold only type {t!r}")
        sender_infosets[t] = h
        if messages is None:
            messages = node.actions
        if node.actions != messages:
            raise _refuse(f"type {t!r} has messages {node.actions}, not {messages}")
        for m, rnode in node.moves:
            if not isinstance(rnode, Decision):
                raise _refuse(f"after message {m!r} of type {t!r} the receiver must move")
            if receiver is None:
                receiver = rnode.player
            if rnode.player != receiver or rnode.player == sender:
                raise _refuse(f"after message {m!r} of type {t!r} the receiver must move")
            rh = tree.infoset_of((t, m))
            if receiver_infosets.setdefault(m, rh) != rh:
                raise _refuse(
                    f"the receiver's nodes after message {m!r} must form one information set"
                )
            responses[m] = rnode.actions
            for a, leaf in rnode.moves:
                if not isinstance(leaf, Outcome):
                    raise _refuse(f"the receiver's response {a!r} after {t!r}/{m!r} must end it")
                pay = dict(zip(tree.players, leaf.payoffs))
                payoffs[(t, m, a)] = (pay[sender], pay[receiver])
    assert sender is not None and receiver is not None and messages is not None
    if len(set(receiver_infosets.values())) != len(messages):
        raise _refuse("different messages must lead to different receiver information sets")
    for rh in receiver_infosets.values():
        if len(infosets[rh].members) != len(prior):
            raise _refuse(f"information set {rh!r} must hold exactly one node per type")
    return SignalingGame(
        tree,
        sender,
        receiver,
        prior,
        messages,
        sender_infosets,
        receiver_infosets,
        responses,
        payoffs,
    )


# ------------------------------------------------------------ belief polytopes
def _solve(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Solve a square linear system exactly; ``None`` if singular."""
    n = len(rows)
    a = [[*r, b] for r, b in zip(rows, rhs)]
    for col in range(n):
        piv = next((r for r in range(col, n) if a[r][col] != 0), None)
        if piv is None:
            return None
        a[col], a[piv] = a[piv], a[col]
        for r in range(n):
            if r != col and a[r][col] != 0:
                f = a[r][col] / a[col][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]


def _belief_vertices(ineqs: list[list[Fraction]], n: int) -> list[tuple[Fraction, ...]]:
    """Vertices of {mu in the simplex of dimension n : g . mu >= 0 for each g in ineqs}."""
    cons = [([Fraction(int(i == j)) for j in range(n)], Fraction(0)) for i in range(n)]
    cons += [(g, Fraction(0)) for g in ineqs]
    return _polytope_vertices(cons, [([Fraction(1)] * n, Fraction(1))], n)


def _best_response_ineqs(
    game: SignalingGame, m: str, support: Sequence[str]
) -> list[list[Fraction]]:
    """Rows g with g . mu >= 0 iff every action in ``support`` is a best response at ``m``."""
    out = []
    a = support[0]
    for b in game.responses[m]:
        if b == a:
            continue
        g = [game.payoff(t, m, a)[1] - game.payoff(t, m, b)[1] for t in game.types]
        if any(x != 0 for x in g):
            out.append(g)
            if b in support:
                out.append([-x for x in g])
    return out


def _polytope_vertices(
    ineqs: list[tuple[list[Fraction], Fraction]],
    eqs: list[tuple[list[Fraction], Fraction]],
    n: int,
) -> list[tuple[Fraction, ...]]:
    """Vertices of {x : row . x >= rhs (ineqs), row . x == rhs (eqs)}, assumed bounded."""
    free = n - len(eqs)
    verts: list[tuple[Fraction, ...]] = []
    for active in combinations(range(len(ineqs)), free):
        rows = [ineqs[i][0] for i in active] + [r for r, _ in eqs]
        rhs = [ineqs[i][1] for i in active] + [b for _, b in eqs]
        sol = _solve(rows, rhs)
        if sol is None:
            continue
        if all(sum(g * x for g, x in zip(r, sol)) >= b for r, b in ineqs):
            v = tuple(sol)
            if v not in verts:
                verts.append(v)
    return verts


def _condition(
    game: SignalingGame, m: str, verts: list[tuple[Fraction, ...]], ineqs: Any
) -> Condition:
    """The condition on beliefs at the receiver's information set after ``m``."""
    h = game.receiver_infosets[m]
    syms = [belief_symbol(h, t) for t in game.types]
    if len(game.types) == 2:
        lo = min(v[0] for v in verts)
        hi = max(v[0] for v in verts)
        mu = syms[0]
        total = sum(syms, sympy.S(0))
        if lo == hi:
            expr: Any = sympy.Eq(mu, sympy.Rational(lo.numerator, lo.denominator))
        else:
            parts = []
            if lo > 0:
                parts.append(mu >= sympy.Rational(lo.numerator, lo.denominator))
            if hi < 1:
                parts.append(mu <= sympy.Rational(hi.numerator, hi.denominator))
            expr = sympy.And(*parts) if parts else sympy.true
        return Condition.from_sympy(expr, symbols=syms, domain=[total - 1, 1 - total])
    conds = [
        sum((sympy.Rational(x.numerator, x.denominator) * s for x, s in zip(g, syms)), sympy.S(0))
        >= 0
        for g in ineqs
    ]
    total = sum(syms, sympy.S(0))
    return Condition.from_sympy(
        sympy.And(*conds) if conds else sympy.true, symbols=syms, domain=[total - 1, 1 - total]
    )


# ------------------------------------------------------------------- solving
def _expected(values: Sequence[Fraction], belief: Sequence[Fraction]) -> Fraction:
    return sum((v * b for v, b in zip(values, belief)), Fraction(0))


def _receiver_gain(game: SignalingGame, m: str, a: str, belief: Sequence[Fraction]) -> Fraction:
    def value(b: str) -> Fraction:
        return _expected([game.payoff(t, m, b)[1] for t in game.types], belief)

    return max(value(b) for b in game.responses[m]) - value(a)


def _kind(strategy: Mapping[str, str], n_types: int) -> str:
    sent = len(set(strategy.values()))
    if sent == 1:
        return "pooling"
    if sent == n_types:
        return "separating"
    return "partially pooling"


def mixing_symbol(infoset: str, action: str) -> sympy.Symbol:
    """The sympy symbol ``q[infoset](action)``: the receiver's probability of ``action``."""
    return sympy.Symbol(f"q[{infoset}]({action})", nonnegative=True)


def _nonempty_subsets(items: Sequence[str]) -> list[tuple[str, ...]]:
    return [c for k in range(1, len(items) + 1) for c in combinations(items, k)]


def perfect_bayesian(tree: SequentialGame) -> EquilibriumSet:
    """Every PBE of a finite signaling game with a pure sender (the receiver may mix).

    The PBE are grouped into *families*: one per sender strategy and set of
    receiver actions played at each information set (the receiver's
    support). A family is one :class:`~arbiter.solve.result.Equilibrium`
    whose ``strategies`` are a representative member (its receiver mix is the
    centroid of the family's mixing polytope); ``payoffs`` are its expected
    payoffs and ``regret`` its certificate (exactly ``0``); ``extra`` holds

    * ``"kind"``: ``"pooling"``, ``"separating"`` or ``"partially pooling"``;
    * ``"beliefs"``: ``{receiver infoset: {type: probability}}`` -- Bayes'
      rule on the path; off the path, a witness belief satisfying the condition;
    * ``"off_path_condition"``: ``{receiver infoset: Condition}`` on the
      belief symbols :func:`belief_symbol` under which every action in the
      receiver's support there is a best response (``True``: any belief);
    * ``"mixing_condition"``: for families in which the receiver mixes, the
      :class:`~arbiter.conditions.Condition` on the mixing symbols
      :func:`mixing_symbol` (the last
      action of each support gets the remaining probability) that keeps
      every sender type from deviating; ``None`` for pure families;
    * ``"on_path"``: the messages sent.

    Together the conditions describe every PBE with a pure sender, so the set
    is complete in that sense.
    """
    game = signaling_structure(tree)
    types = game.types
    n = len(types)
    prior = [game.prior[t] for t in types]
    equilibria: list[Equilibrium] = []
    rejected: list[Fraction] = []
    for choice in product(game.messages, repeat=n):
        sent = dict(zip(types, choice))
        beliefs: dict[str, tuple[Fraction, ...]] = {}
        for m in game.messages:
            if m in choice:
                total = sum((p for t, p in zip(types, prior) if sent[t] == m), Fraction(0))
                beliefs[m] = tuple(
                    p / total if sent[t] == m else Fraction(0) for t, p in zip(types, prior)
                )
        options: list[list[tuple[tuple[str, ...], Any, tuple[Fraction, ...]]]] = []
        for m in game.messages:
            opts = []
            if m in beliefs:
                best = [a for a in game.responses[m] if _receiver_gain(game, m, a, beliefs[m]) == 0]
                opts = [(b, None, beliefs[m]) for b in _nonempty_subsets(best)]
            else:
                for b in _nonempty_subsets(game.responses[m]):
                    ineqs = _best_response_ineqs(game, m, b)
                    verts = _belief_vertices(ineqs, n)
                    if verts:
                        opts.append((b, _condition(game, m, verts, ineqs), verts[0]))
            options.append(opts)
        for resp in product(*options):
            support = {m: r[0] for m, r in zip(game.messages, resp)}
            found = _mixing_family(game, sent, support)
            if found is None:
                continue
            mix, mixing_condition = found
            witness = {m: r[2] for m, r in zip(game.messages, resp)}
            regret = _certificate(game, sent, mix, witness)
            if regret != 0:  # pragma: no cover - the construction guarantees 0
                rejected.append(regret)
                continue
            equilibria.append(_equilibrium(game, sent, mix, resp, regret, mixing_condition))
    notes = ()
    if rejected:  # pragma: no cover - reported, never silently dropped
        notes = (
            f"{len(rejected)} candidate(s) failed certification (largest regret "
            f"{max(rejected)}) and were dropped",
        )
    return EquilibriumSet(
        tuple(equilibria),
        game=tree,
        method="pbe-signaling-enumeration",
        complete=not rejected,
        warnings=notes,
    )


def _mixing_family(
    game: SignalingGame, sent: Mapping[str, str], support: Mapping[str, tuple[str, ...]]
) -> tuple[dict[str, dict[str, Fraction]], Any] | None:
    """The receiver mixes over ``support`` that keep the sender honest: (centroid, condition).

    ``None`` if no mix with full support on ``support`` keeps every type
    from deviating.
    """
    index = [(m, a) for m in game.messages for a in support[m]]
    nv = len(index)
    pos = {key: i for i, key in enumerate(index)}

    def unit(i: int) -> list[Fraction]:
        return [Fraction(int(i == j)) for j in range(nv)]

    ineqs: list[tuple[list[Fraction], Fraction]] = [(unit(i), Fraction(0)) for i in range(nv)]
    eqs = []
    for m in game.messages:
        eqs.append(
            ([Fraction(int(k[0] == m)) for k in index], Fraction(1)),
        )
    ic_rows: list[list[Fraction]] = []
    for t in game.types:
        here = sent[t]
        for m in game.messages:
            if m == here:
                continue
            row = [Fraction(0)] * nv
            for a in support[here]:
                row[pos[(here, a)]] += game.payoff(t, here, a)[0]
            for a in support[m]:
                row[pos[(m, a)]] -= game.payoff(t, m, a)[0]
            ic_rows.append(row)
    ineqs += [(r, Fraction(0)) for r in ic_rows]
    verts = _polytope_vertices(ineqs, eqs, nv)
    if not verts:
        return None
    centre = [sum((v[i] for v in verts), Fraction(0)) / len(verts) for i in range(nv)]
    if any(x <= 0 for x in centre):  # the family needs every supported action played
        return None
    mix = {
        m: {a: (centre[pos[(m, a)]] if a in support[m] else Fraction(0)) for a in game.responses[m]}
        for m in game.messages
    }
    if all(len(support[m]) == 1 for m in game.messages):
        return mix, None
    # the condition, in the free mixing symbols (last supported action takes the rest)
    value: dict[tuple[str, str], Any] = {}
    free: list[Any] = []
    for m in game.messages:
        h = game.receiver_infosets[m]
        acts = support[m]
        syms = [mixing_symbol(h, a) for a in acts[:-1]]
        free += syms
        for a, q in zip(acts[:-1], syms):
            value[(m, a)] = q
        value[(m, acts[-1])] = 1 - sum(syms, sympy.S(0))
    conds = [value[k] > 0 for k in index if len(support[k[0]]) > 1]
    for r in ic_rows:
        expr = sum(
            (sympy.Rational(x.numerator, x.denominator) * value[k] for x, k in zip(r, index)),
            sympy.S(0),
        )
        conds.append(expr >= 0)
    domain = []
    for m in game.messages:
        h = game.receiver_infosets[m]
        syms = [mixing_symbol(h, a) for a in support[m][:-1]]
        if syms:
            domain.append(1 - sum(syms, sympy.S(0)))
    return mix, Condition.from_sympy(sympy.And(*conds), symbols=free, domain=domain)


def _certificate(
    game: SignalingGame,
    sent: Mapping[str, str],
    mix: Mapping[str, Mapping[str, Fraction]],
    beliefs: Mapping[str, Sequence[Fraction]],
) -> Fraction:
    """Largest gain of any sender type or of the receiver at its beliefs (0 for a PBE)."""

    def sender_value(t: str, m: str) -> Fraction:
        return sum((q * game.payoff(t, m, a)[0] for a, q in mix[m].items()), Fraction(0))

    gains = [Fraction(0)]
    for t in game.types:
        here = sender_value(t, sent[t])
        gains += [sender_value(t, m) - here for m in game.messages]
    for m in game.messages:
        worst = max(_receiver_gain(game, m, a, beliefs[m]) for a, q in mix[m].items() if q != 0)
        gains.append(worst)
    return max(gains)


def _equilibrium(
    game: SignalingGame,
    sent: Mapping[str, str],
    mix: Mapping[str, Mapping[str, Fraction]],
    resp: Sequence[tuple[tuple[str, ...], Any, tuple[Fraction, ...]]],
    regret: Fraction,
    mixing_condition: Any,
) -> Equilibrium:
    tree = game.tree
    plans: dict[str, dict[str, dict[str, Fraction]]] = {game.sender: {}, game.receiver: {}}
    for t in game.types:
        h = game.sender_infosets[t]
        plans[game.sender][h] = {m: Fraction(int(m == sent[t])) for m in game.messages}
    for m in game.messages:
        plans[game.receiver][game.receiver_infosets[m]] = dict(mix[m])
    order = list(tree.players)
    profile = behaviour_profile([plans[p] for p in order])
    pay = {game.sender: Fraction(0), game.receiver: Fraction(0)}
    for t in game.types:
        for a, q in mix[sent[t]].items():
            s, r = game.payoff(t, sent[t], a)
            pay[game.sender] += game.prior[t] * q * s
            pay[game.receiver] += game.prior[t] * q * r
    reached = tree.outcome_distribution([plans[p] for p in order])
    beliefs = FrozenMap(
        {
            game.receiver_infosets[m]: FrozenMap(dict(zip(game.types, r[2])))
            for m, r in zip(game.messages, resp)
        }
    )
    conditions = FrozenMap(
        {game.receiver_infosets[m]: r[1] for m, r in zip(game.messages, resp) if r[1] is not None}
    )
    return Equilibrium(
        strategies=profile,
        payoffs=tuple(pay[p] for p in order),
        regret=regret,
        players=tuple(order),
        actions=tuple(tuple(h for h in plans[p]) for p in order),
        outcome=FrozenMap(tree.outcome_labels(reached)),
        extra=(
            ("kind", _kind(sent, len(game.types))),
            ("beliefs", beliefs),
            ("off_path_condition", conditions),
            ("mixing_condition", mixing_condition),
            ("on_path", tuple(m for m in game.messages if m in sent.values())),
        ),
    )
