r"""One Nash equilibrium of a two-player tree from its sequence form, by Lemke's algorithm.

Koller, Megiddo and von Stengel, "Efficient computation of equilibria for
extensive two-person games", *Games and Economic Behavior* 14 (1996). A
*sequence* of a player is the list of its own moves on the way to a node
(with perfect recall, the same for every node of an information set); the
empty sequence is ``∅``. A *realization plan* ``x`` gives each sequence of
player 1 the product of its move probabilities, and is characterised by

.. math:: x \ge 0, \quad E x = e: \quad x_\emptyset = 1, \quad
          \textstyle\sum_{a} x_{\sigma_h a} = x_{\sigma_h} \text{ at every information set } h,

where :math:`\sigma_h` is the sequence leading to :math:`h`; likewise
:math:`y \ge 0,\ F y = f` for player 2. The *sequence-form payoff matrices*
are :math:`A_{\sigma\tau} = \sum` (chance probability × payoff of player 1)
over the leaves reached by the sequence pair :math:`(\sigma, \tau)`, and
:math:`B` likewise: sizes linear in the tree, with no reduced strategic form.
The expected payoffs are :math:`x^\top A y` and :math:`x^\top B y`.
Each leaf contributes its chance probability (its *weight*) times its payoff.

``(x, y)`` is an equilibrium exactly when, with dual vectors ``u`` and
``v``, (linear programming duality for each player's best response)

.. math::

    E^\top u - A y \ge 0 \perp x \ge 0, \qquad
    F^\top v - B^\top x \ge 0 \perp y \ge 0, \qquad E x = e, \quad F y = f .

This is written as the standard LCP :math:`w = q + M z \ge 0 \perp z \ge 0`
by splitting :math:`u = u^+ - u^-` and each equation into two inequalities
(:math:`e - Ex \ge 0 \perp u^+`, :math:`Ex - e \ge 0 \perp u^-`), so that
:math:`M` is :math:`\begin{pmatrix} 0 & -A \\ -B^\top & 0 \end{pmatrix}` plus a
skew-symmetric part. Every payoff is first lowered by a constant (the
largest payoff plus one), which changes no equilibrium since the leaf
probabilities add up to one, and makes :math:`-A, -B` nonnegative (as KMvS
require). Lemke's algorithm with covering vector :math:`d = 1` then starts
from :math:`z = 0` with the artificial :math:`z_0` large, and follows
complementary pivots (lexicographic ratio test, so degenerate trees are
handled) until :math:`z_0` leaves the basis; the ``x`` and ``y`` of that
basis are realization plans of an equilibrium.

Exact trees pivot in integers (:class:`~arbiter.solve._pivoting.ExactTableau`),
float trees in numpy floats, re-run exactly if the certificate fails. The
behaviour strategies are :math:`\beta_h(a) = x_{\sigma_h a} / x_{\sigma_h}`
(the first action where :math:`x_{\sigma_h} = 0`: the player's own earlier
moves exclude :math:`h`, and any choice there is optimal), and every result
is certified against the tree: the regret is each player's best-response
value in the whole tree (backward induction over its information sets,
sound under perfect recall) minus its value; exactly 0 for exact trees.

The result is one equilibrium (``complete=False``); Nash, not necessarily
subgame perfect.

>>> from arbiter.scenarios.classics import entry_deterrence
>>> eqs = sequence_form_lcp(entry_deterrence())
>>> len(eqs), eqs.max_regret, eqs.complete
(1, Fraction(0, 1), False)
>>> dict(eqs[0].outcome)
{'shared market': Fraction(1, 1)}
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

from arbiter.errors import NotSupportedError
from arbiter.games.tree import SequentialGame
from arbiter.solve._backward import CHANCE, OUTCOME, FlatTree
from arbiter.solve._pivoting import ExactTableau, FloatTableau
from arbiter.solve.behaviour import Evaluation, LocalBest, _prepare
from arbiter.solve.certify import DEFAULT_TOLERANCE, check_tolerance
from arbiter.solve.result import Equilibrium, EquilibriumSet, FrozenMap, behaviour_profile

__all__ = ["SequenceForm", "sequence_form", "sequence_form_lcp"]

METHOD = "sequence-form-lcp"


class SequenceForm:
    """The sequence form of a two-player tree with perfect recall.

    Attributes
    ----------
    infosets:
        Per player, its information sets in order (names as in behaviour profiles).
    parent:
        Per player, ``{infoset: index of the sequence leading to it}`` (0 is ``∅``).
    sequences:
        Per player, ``{infoset: tuple of the sequence indices of its actions}``.
    n_sequences:
        Per player, the number of sequences (``∅`` included).
    A, B:
        ``{(sigma, tau): value}``: the sparse sequence-form payoff matrices
        (exact numbers for exact trees, floats otherwise).
    W:
        ``{(sigma, tau): chance probability of the leaves they reach}``.
    """

    def __init__(self, flat: FlatTree, exact: bool) -> None:
        self.flat = flat
        infosets: list[list[str]] = [[], []]
        parent: list[dict[str, int]] = [{}, {}]
        sequences: list[dict[str, tuple[int, ...]]] = [{}, {}]
        count = [1, 1]
        one: Any = Fraction(1) if exact else 1.0
        conv = _exact if exact else float
        seq = [(0, 0)] * len(flat)
        reach: list[Any] = [one] * len(flat)
        A: dict[tuple[int, int], Any] = {}
        B: dict[tuple[int, int], Any] = {}
        W: dict[tuple[int, int], Any] = {}
        for i in range(len(flat)):
            k = flat.kind[i]
            here = seq[i]
            if k == OUTCOME:
                pay = flat.payoff[i]
                assert pay is not None
                w = reach[i]
                A[here] = A.get(here, 0 * one) + w * conv(pay[0])
                B[here] = B.get(here, 0 * one) + w * conv(pay[1])
                W[here] = W.get(here, 0 * one) + w
                continue
            f = flat.first[i]
            if k == CHANCE:
                for j, q in enumerate(flat.probs[i]):
                    seq[f + j] = here
                    reach[f + j] = reach[i] * conv(q)
                continue
            p = flat.player[i]
            h: str = flat.infoset[i]  # type: ignore[assignment]
            if h not in sequences[p]:
                infosets[p].append(h)
                parent[p][h] = here[p]
                n = flat.n_children[i]
                sequences[p][h] = tuple(range(count[p], count[p] + n))
                count[p] += n
            for j, s in enumerate(sequences[p][h]):
                seq[f + j] = (s, here[1]) if p == 0 else (here[0], s)
                reach[f + j] = reach[i]
        self.infosets = (tuple(infosets[0]), tuple(infosets[1]))
        self.parent = (parent[0], parent[1])
        self.sequences = (sequences[0], sequences[1])
        self.n_sequences = (count[0], count[1])
        self.A, self.B, self.W = A, B, W
        tops = [max(conv(o.payoffs[p]) for _, o in flat.tree.outcomes) for p in (0, 1)]
        #: Per player, the constant subtracted from every payoff for the LCP.
        self.shift = (tops[0] + one, tops[1] + one)

    def shifted(self, p: int) -> dict[tuple[int, int], Any]:
        """Player ``p``'s matrix with every payoff lowered by ``shift[p]``: all entries negative."""
        U, c, W = (self.A, self.shift[0], self.W) if p == 0 else (self.B, self.shift[1], self.W)
        return {k: v - c * W[k] for k, v in U.items()}

    def constraints(self, p: int) -> list[dict[int, int]]:
        """Rows of ``E`` (``p = 0``) or ``F``: ``{sequence: coefficient}``; row 0 is ``x_∅ = 1``."""
        rows = [{0: 1}]
        for h in self.infosets[p]:
            row = {s: 1 for s in self.sequences[p][h]}
            row[self.parent[p][h]] = -1
            rows.append(row)
        return rows


def _exact(v: Any) -> Fraction:
    return v if isinstance(v, Fraction) else Fraction(v)


def sequence_form(tree: SequentialGame) -> SequenceForm:
    """The sequence form of a numeric two-player tree with perfect recall.

    >>> from arbiter.scenarios.classics import entry_deterrence
    >>> sf = sequence_form(entry_deterrence())
    >>> sf.n_sequences, sf.infosets
    ((3, 3), (('Entrant:root',), ('Incumbent:In',)))
    """
    flat, _ = _prepare(tree, "sequence_form")
    _check_two_players(flat.tree, "sequence_form")
    return SequenceForm(flat, flat.tree.kind != "float")


def _check_two_players(tree: SequentialGame, caller: str) -> None:
    if tree.n_players != 2:
        raise NotSupportedError(
            f"{caller}() handles two-player trees; this tree has {tree.n_players} players"
        )


def _lcp(sf: SequenceForm, exact: bool) -> tuple[list[int], list[list[Any]], list[Any]]:
    """``(order, M, q)``: the LCP ``w = q + M z`` (integer entries if ``exact``).

    Blocks of ``z``: ``x``, ``y``, ``u+``, ``u-``, ``v+``, ``v-``.
    """
    s1, s2 = sf.n_sequences
    E, F = sf.constraints(0), sf.constraints(1)
    k1, k2 = len(E), len(F)
    N = s1 + s2 + 2 * k1 + 2 * k2
    ox, oy, oup, oum = 0, s1, s1 + s2, s1 + s2 + k1
    ovp, ovm = oum + k1, oum + k1 + k2
    A, B = sf.shifted(0), sf.shifted(1)
    if exact:
        A, B = _integer_entries(A), _integer_entries(B)
    zero: Any = 0 if exact else 0.0
    M = [[zero] * N for _ in range(N)]
    q: list[Any] = [zero] * N
    for (a, b), v in A.items():
        M[ox + a][oy + b] = -v
    for (a, b), v in B.items():
        M[oy + b][ox + a] = -v
    for blocks, rows, off in (((oup, oum), E, ox), ((ovp, ovm), F, oy)):
        plus, minus = blocks
        for h, row in enumerate(rows):
            for s, c in row.items():
                M[off + s][plus + h] = c
                M[off + s][minus + h] = -c
                M[plus + h][off + s] = -c
                M[minus + h][off + s] = c
            rhs = 1 if h == 0 else 0
            q[plus + h] = rhs + zero
            q[minus + h] = -rhs + zero
    return [s1, s2], M, q


def _integer_entries(entries: dict[tuple[int, int], Any]) -> dict[tuple[int, int], int]:
    """Exact entries times the lcm of their denominators (a positive factor)."""
    if not entries:
        return {}
    den = lcm(*(_exact(v).denominator for v in entries.values()))
    return {k: int(_exact(v) * den) for k, v in entries.items()}


def _lemke(M: list[list[Any]], q: list[Any], exact: bool) -> list[Any] | None:
    """Lemke's algorithm (covering vector 1, lexicographic rule): ``z``, or ``None`` on a ray."""
    N = len(q)
    z0 = 2 * N
    if exact:
        rows = [[*(int(k == i) for k in range(N)), *(-v for v in M[i]), -1, q[i]] for i in range(N)]
        tab: Any = ExactTableau(rows, list(range(N)), range(N))
    else:
        arr = np.hstack(
            [
                np.eye(N),
                -np.asarray(M, dtype=float),
                -np.ones((N, 1)),
                np.asarray(q, dtype=float)[:, None],
            ]
        )
        tab = FloatTableau(arr, list(range(N)), range(N))
    if all(v >= 0 for v in q):
        return [0] * N
    p = tab.first_row(z0)
    tab.negate_row(p)
    leaving = tab.basis[p]
    tab.pivot(p, z0)
    for _ in range(100 * (N + 1) ** 2):
        entering = leaving + N if leaving < N else leaving - N
        row = tab.leaving_row(entering)
        if row is None:
            return None
        leaving = tab.basis[row]
        tab.pivot(row, entering)
        if leaving == z0:
            return tab.values(range(N, 2 * N))
    return None  # pragma: no cover - the lexicographic rule cannot cycle


def _behaviour(sf: SequenceForm, plans: list[list[Any]], exact: bool) -> list[dict[str, Any]]:
    flat = sf.flat
    zero: Any = Fraction(0) if exact else 0.0
    one: Any = Fraction(1) if exact else 1.0
    out: list[dict[str, Any]] = [{}, {}]
    for p in (0, 1):
        x = plans[p]
        for h in sf.infosets[p]:
            total = x[sf.parent[p][h]]
            seqs = sf.sequences[p][h]
            probs = None
            if total > 0:
                probs = [max(x[s], zero) / total for s in seqs]
                if not exact:
                    # Rounding can leave a positive parent with no positive child: such a
                    # set is not reached, so any distribution serves (certified below).
                    s = sum(probs)
                    probs = [v / s for v in probs] if s > 0 else None
            if probs is None:
                probs = [one if j == 0 else zero for j in range(len(seqs))]
            names = flat.labels[flat.members[h][0]]
            out[p][h] = dict(zip(names, probs))
    return out


def _certify(sf: SequenceForm, beh: list[dict[str, Any]], exact: bool) -> tuple[Any, tuple]:
    """``(regret, payoffs)``: the Nash certificate of a behaviour profile on the whole tree."""
    flat = sf.flat
    probs = {h: tuple(dist.values()) for plan in beh for h, dist in plan.items()}
    roots = [False] * len(flat)
    roots[0] = True
    ev = Evaluation(flat, roots, probs, exact)
    values = ev.values[0]
    zero: Any = Fraction(0) if exact else 0.0
    regret = max([LocalBest(ev, 0, p).value() - values[p] for p in (0, 1)] + [zero])
    return regret, tuple(values)


def sequence_form_lcp(tree: Any, *, tol: float = DEFAULT_TOLERANCE) -> EquilibriumSet:
    """One Nash equilibrium of a two-player tree with perfect recall, as behaviour strategies.

    Parameters
    ----------
    tree:
        A numeric two-player :class:`~arbiter.games.tree.SequentialGame`
        with perfect recall.
    tol:
        Relative regret tolerance for float trees (scaled by the largest
        absolute payoff); exact trees are certified with regret exactly 0.

    Returns
    -------
    EquilibriumSet
        ``method="sequence-form-lcp"``, ``complete=False``, holding one
        certified equilibrium whose ``strategies`` is a behaviour profile
        (``{infoset: {action: probability}}`` per player) with its
        ``outcome`` distribution; ``game`` is the tree.
    """
    tol = check_tolerance(tol)
    flat, _ = _prepare(tree, "sequence_form_lcp")
    tree = flat.tree
    _check_two_players(tree, "sequence_form_lcp")
    exact = tree.kind != "float"
    sf = SequenceForm(flat, exact)
    notes: list[str] = []
    atol = None
    if exact:
        found = _solve(sf, True)
    else:
        payoffs = [abs(float(v)) for _, o in tree.outcomes for v in o.payoffs]
        atol = tol * max([1.0, *payoffs])
        found = _solve(sf, False)
        if found is None or not found[1] <= atol:
            # Rounding spoilt the path: follow it exactly on the floats' exact values.
            exact_sf = SequenceForm(flat, True)
            found = _solve(exact_sf, True)
            if found is not None:
                found = _as_float(exact_sf, found)
            notes.append("float pivoting failed the certificate; the path was followed exactly")
    equilibria: tuple[Equilibrium, ...] = ()
    if found is None:  # pragma: no cover - KMvS: Lemke's algorithm ends at a solution
        notes.append("Lemke's algorithm ended on a ray: no equilibrium found")
    else:
        beh, regret, payoffs_ = found
        ok = regret == 0 if atol is None else regret <= atol
        if ok:
            reached = tree.outcome_distribution(beh)
            equilibria = (
                Equilibrium(
                    strategies=behaviour_profile(beh),
                    payoffs=payoffs_,
                    regret=regret,
                    players=tree.players,
                    actions=tuple(tuple(plan) for plan in beh),
                    outcome=FrozenMap(tree.outcome_labels(reached)),
                ),
            )
        else:  # pragma: no cover - exact pivoting ends at an equilibrium
            notes.append(f"the profile found failed certification (regret {float(regret):.3g})")
    return EquilibriumSet(
        equilibria=equilibria,
        game=tree,
        method=METHOD,
        complete=False,
        tolerance=atol,
        warnings=tuple(notes),
    )


def _solve(sf: SequenceForm, exact: bool) -> tuple[list[dict[str, Any]], Any, tuple] | None:
    _, M, q = _lcp(sf, exact)
    z = _lemke(M, q, exact)
    if z is None:
        return None
    s1, s2 = sf.n_sequences
    plans = [list(z[:s1]), list(z[s1 : s1 + s2])]
    beh = _behaviour(sf, plans, exact)
    regret, payoffs = _certify(sf, beh, exact)
    return beh, regret, payoffs


def _as_float(
    sf: SequenceForm, found: tuple[list[dict[str, Any]], Any, tuple]
) -> tuple[list[dict[str, Any]], Any, tuple]:
    beh = [{h: {a: float(v) for a, v in d.items()} for h, d in plan.items()} for plan in found[0]]
    float_sf = SequenceForm(sf.flat, False)
    regret, payoffs = _certify(float_sf, beh, False)
    return beh, regret, payoffs
