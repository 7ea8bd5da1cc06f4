r"""Exact Nash equilibria of n-player games by support enumeration.

A *support profile* :math:`S = (S_1, \dots, S_n)` picks a non-empty set
:math:`S_p` of actions for each player. A mixed profile :math:`\sigma` with
exactly these supports is a Nash equilibrium if and only if

* every player is indifferent among its support actions:
  :math:`u_p(a, \sigma_{-p}) = u_p(a_p^0, \sigma_{-p})` for all
  :math:`a \in S_p`, where :math:`a_p^0` is the first action of :math:`S_p`;
* probabilities add up and are positive: :math:`\sum_{a \in S_p} \sigma_p(a) = 1`
  and :math:`\sigma_p(a) > 0` on :math:`S_p` (zero elsewhere);
* no action outside the support does better:
  :math:`u_p(b, \sigma_{-p}) \le u_p(a_p^0, \sigma_{-p})` for :math:`b \notin S_p`.

With :math:`\sigma_p(a_p^0) = 1 - \sum_{a \in S_p \setminus a_p^0} \sigma_p(a)` the
equalities are :math:`\sum_p (|S_p| - 1)` polynomial equations in as many
unknowns. Player :math:`p`'s equations do not involve its own probabilities
and are multilinear in the others' (linear for two players). Each system is
solved exactly (:mod:`arbiter.solve._polysystem`): Fractions for rational
solutions, exact algebraic numbers (such as :math:`(\sqrt 5 - 1)/2`, or a
``CRootOf`` polynomial when the field has degree three or more) otherwise.
Inequalities are decided exactly; no float takes part. Float games are
converted to Fractions exactly, solved exactly, and returned as floats.

Support profiles are visited smallest first (by total size, then by how
unequal the sizes are), as in Porter, Nudelman & Shoham, "Simple search
methods for finding a Nash equilibrium", *Games and Economic Behavior* 63
(2008). A profile is skipped when some :math:`a \in S_p` is *conditionally
dominated*: some action :math:`b` of player :math:`p` does at least as well
as :math:`a` against every pure profile of :math:`S_{-p}` and better against
one. Every such profile has positive probability, so :math:`b` is then
strictly better than :math:`a` and :math:`a` is not a best response (this
prunes a little more than PNS's strict conditional dominance). A profile
that survives is then *screened* (:mod:`arbiter.solve._boxes`): its
polynomials have degree at most one in each unknown, so their ranges over a
box are spanned by the values at the box's vertices, and subdividing the
unit box proves, in exact integer arithmetic, that most systems have no
solution with positive probabilities and no better outside action, before
any Gröbner basis is computed.

**Degenerate games.** When a support's system has a solution set of positive
dimension, equilibria may form continua. The solver then looks for the
points of that family at which some action outside the supports is also a
best response (it adds the equations :math:`u_p(b, \sigma_{-p}) = u_p(a_p^0,
\sigma_{-p})` for subsets of outside actions until the solution set becomes
finite); points where a support probability reaches zero are found with the
smaller supports. For linear systems (every two-player game) these include
every vertex of the family's closure, and for a family that is a line every
end point of its equilibrium segments, so every *extreme* equilibrium is
returned, as vertex enumeration would. Otherwise (three or more players) a
family may be curved: one representative point is added when no such point
exists, the result is marked incomplete, and a warning says so. A game is
reported ``degenerate`` when some returned equilibrium has a pure best
response that it does not play, or a continuum needed a representative.

Every candidate passes :func:`arbiter.solve.certify.certified_set`, which
recomputes its regret from the payoff array by exact arithmetic in the
candidate's own field (the rationals, or the number field of the solution),
so equilibria in number fields of any degree are certified exactly.

>>> from arbiter.games.normal_form import NormalFormGame
>>> bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> eqs = support_enumeration(bos)
>>> [e.strategies for e in eqs][1]
((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3)))
>>> eqs.max_regret, eqs.complete, eqs.degenerate
(Fraction(0, 1), True, False)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, product
from math import lcm
from typing import Any

import numpy as np

from arbiter.errors import NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.solve._boxes import excluded
from arbiter.solve._polysystem import (
    RATIONAL,
    Point,
    Polynomial,
    Solution,
    UnsolvedSystemError,
    is_linear,
    solve,
)
from arbiter.solve.certify import (
    DEFAULT_TOLERANCE,
    FieldProfile,
    certified_set,
    check_tolerance,
)
from arbiter.solve.inputs import as_normal_form, require_numeric
from arbiter.solve.result import EquilibriumSet

__all__ = ["MAX_SUPPORT_PROFILES", "support_enumeration"]

#: Support enumeration refuses games with more support profiles than this (the list alone
#: would take gigabytes, and each profile is a system to solve).
MAX_SUPPORT_PROFILES = 2_000_000

Support = tuple[tuple[int, ...], ...]

#: At most this many extended systems are solved for one positive-dimensional support.
_FAMILY_BUDGET = 256
#: Values tried for the free unknowns when a curved family needs a representative point.
_SAMPLES = tuple(
    Fraction(a, b)
    for a, b in ((1, 2), (1, 3), (2, 3), (1, 4), (3, 4), (1, 5), (4, 5), (2, 5), (3, 5))
)
_SAMPLE_BUDGET = 40


def support_enumeration(game: Any, *, tol: float = DEFAULT_TOLERANCE) -> EquilibriumSet:
    """All Nash equilibria of a numeric n-player game, by exact support enumeration.

    Parameters
    ----------
    game:
        A numeric :class:`~arbiter.games.normal_form.NormalFormGame` (or a
        game with ``to_normal_form()``). Games with free parameters are
        refused (:class:`~arbiter.errors.NotSupportedError`).
    tol:
        Relative regret tolerance used to certify float games (the solving
        itself is exact); exact games are certified with regret exactly 0.

    Returns
    -------
    EquilibriumSet
        Method ``"support-enumeration"``. For exact games the probabilities
        are Fractions, or exact sympy numbers when irrational. ``complete``
        is ``True`` when every equilibrium (every extreme equilibrium, for
        a degenerate game with linear support systems) is guaranteed to be
        there.

    The McKelvey–McLennan game below has two totally mixed equilibria among
    its nine:

    >>> from arbiter.games.normal_form import NormalFormGame
    >>> u = [[[[9, 0], [0, 3]], [[0, 3], [9, 0]]],
    ...      [[[8, 0], [0, 4]], [[0, 4], [8, 0]]],
    ...      [[[12, 0], [0, 6]], [[0, 6], [2, 0]]]]
    >>> eqs = support_enumeration(NormalFormGame(u))
    >>> len(eqs), eqs.max_regret
    (9, Fraction(0, 1))
    """
    tol = check_tolerance(tol)
    game = as_normal_form(game, "support_enumeration")
    require_numeric(game, "support_enumeration")
    count = 1
    for k in game.shape:
        count *= 2**k - 1
    if count > MAX_SUPPORT_PROFILES:
        shape = " x ".join(str(k) for k in game.shape)
        raise NotSupportedError(
            f"support_enumeration(): the {shape} game has {count:,} support profiles (more "
            f"than {MAX_SUPPORT_PROFILES:,}); try pure_equilibria(game), or for two players "
            "nash_equilibria(game, method='vertex') or method='lemke-howson'"
        )
    found = _Search(_integer_payoffs(game), game.actions).run()
    floats = game.kind == "float"
    hits, complete, warnings = found.hits, found.complete, list(found.warnings)
    candidates = [_profile(game.shape, hit, floats) for hit in hits]
    if found.degenerate:
        note = (
            "every extreme equilibrium is returned"
            if complete
            else "the warnings below say what may be missing"
        )
        warnings.insert(0, f"the game is degenerate: its equilibria may form continua; {note}")
    return certified_set(
        game,
        _dedupe(candidates),
        method="support-enumeration",
        tol=tol,
        degenerate=found.degenerate,
        complete=complete,
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- input
def _integer_payoffs(game: NormalFormGame) -> list[np.ndarray]:
    """Each player's payoffs as Python integers, scaled by a positive constant.

    Multiplying one player's payoffs by a positive number changes none of its
    best responses, so the equilibria are those of ``game``. Floats are
    converted to Fractions exactly first.
    """
    out = []
    for p in range(game.n_players):
        flat = [Fraction(v) for v in game.payoffs[p].ravel().tolist()]
        scale = lcm(*(v.denominator for v in flat))
        ints = np.empty(len(flat), dtype=object)
        for i, v in enumerate(flat):
            ints[i] = int(v * scale)
        out.append(ints.reshape(game.shape))
    return out


def _profile(shape: tuple[int, ...], hit: _Hit, floats: bool) -> Any:
    """The mixed profile of a hit: floats for a float game, else a :class:`FieldProfile`."""
    fld = hit.point.field
    vectors = []
    for p, k in enumerate(shape):
        vec: list[Any] = [fld.const(Fraction(0))] * k
        for a, form in zip(hit.support[p], hit.forms[p]):
            vec[a] = hit.point.evaluate(form)
        vectors.append(tuple(vec))
    if floats:
        return tuple(tuple(fld.to_float(v) for v in vec) for vec in vectors)
    return FieldProfile(fld, tuple(vectors))


def _dedupe(candidates: Sequence[Any]) -> list[Any]:
    """Drop exact repeats (the same point found from two extended systems).

    Field profiles are compared by their field and elements (a repeat comes
    from the same support, hence the same field); the certificate merges any
    other repeats.
    """
    seen: set[Any] = set()
    out = []
    for cand in candidates:
        key = (
            (cand.field.key, tuple(tuple(str(v) for v in vec) for vec in cand.vectors))
            if isinstance(cand, FieldProfile)
            else cand
        )
        if key not in seen:
            seen.add(key)
            out.append(cand)
    return out


# --------------------------------------------------------------------------- polynomials
def _mul(
    a: Mapping[tuple[int, ...], int], b: Mapping[tuple[int, ...], int]
) -> dict[tuple[int, ...], int]:
    out: dict[tuple[int, ...], int] = {}
    for ma, ca in a.items():
        for mb, cb in b.items():
            mono = tuple(sorted(ma + mb))
            out[mono] = out.get(mono, 0) + ca * cb
    return out


def _combine(
    terms: Sequence[tuple[int, Mapping[tuple[int, ...], int]]],
) -> dict[tuple[int, ...], Fraction]:
    """``sum c * poly`` over integer polynomials, with Fraction coefficients."""
    out: dict[tuple[int, ...], int] = {}
    for c, poly in terms:
        if c == 0:
            continue
        for mono, v in poly.items():
            out[mono] = out.get(mono, 0) + c * v
    return {m: Fraction(v) for m, v in out.items() if v != 0}


@dataclass
class _Hit:
    support: Support
    point: Point
    forms: tuple[tuple[Polynomial, ...], ...]


@dataclass
class _Found:
    hits: list[_Hit] = field(default_factory=list)
    degenerate: bool = False
    complete: bool = True
    warnings: list[str] = field(default_factory=list)


@dataclass
class _System:
    """The equations of one support profile."""

    support: Support
    nvars: int
    forms: tuple[tuple[Polynomial, ...], ...]  # sigma_p(a) for a in S_p, as polynomials
    equations: list[Polynomial]  # indifference on the supports
    outside: list[tuple[int, int, Polynomial]]  # (player, action, u_p(b) - u_p(a0)) off support


class _Search:
    """Support enumeration over integer payoff arrays (the private kernel)."""

    def __init__(self, payoffs: list[np.ndarray], actions: Sequence[Sequence[str]]) -> None:
        self.payoffs = payoffs
        self.actions = actions
        self.shape = payoffs[0].shape
        self.n = len(self.shape)
        big = max((abs(int(v)) for u in payoffs for v in u.ravel()), default=0)
        # int64 comparisons when they are exact; Python integers otherwise.
        self.compare = [u.astype(np.int64) if big < 2**62 else u for u in payoffs]
        self.found = _Found()
        #: (player, the others' supports) -> actions dominated against them.
        self._dominated_actions: dict[tuple[Any, ...], frozenset[int]] = {}
        #: Whether to rule out supports by box subdivision before solving (tests compare).
        self.screen = True

    # ------------------------------------------------------------------ order
    def _profiles(self) -> list[Support]:
        per_player = [
            [c for r in range(1, k + 1) for c in combinations(range(k), r)] for k in self.shape
        ]
        profiles = list(product(*per_player))

        def key(s: Support) -> tuple[Any, ...]:
            sizes = [len(x) for x in s]
            return (sum(sizes), max(sizes) - min(sizes), sizes, s)

        profiles.sort(key=key)
        return profiles

    # ------------------------------------------------------------------ pruning
    def _restricted(self, p: int, support: Support, arrays: Sequence[np.ndarray]) -> np.ndarray:
        """Player p's payoffs, all its actions by the pure profiles of S_-p (a matrix).

        Columns run over S_-p in C order (the last other player fastest).
        """
        index = [range(self.shape[p]) if q == p else support[q] for q in range(self.n)]
        sub = arrays[p][np.ix_(*index)]
        return np.moveaxis(sub, p, 0).reshape(self.shape[p], -1)

    def _dominated(self, support: Support) -> bool:
        """Some support action is dominated given the others' supports.

        Action ``a`` is dominated when some ``b`` does at least as well against
        every pure profile of ``S_-p`` and better against one: the others play
        each of those profiles with positive probability, so ``b`` then does
        strictly better than ``a`` and ``a`` is not a best response.
        """
        for p in range(self.n):
            key = (p, *(support[q] for q in range(self.n) if q != p))
            bad = self._dominated_actions.get(key)
            if bad is None:
                sub = self._restricted(p, support, self.compare)
                weakly = (sub[:, None, :] >= sub[None, :, :]).all(axis=2)
                somewhere = (sub[:, None, :] > sub[None, :, :]).any(axis=2)
                bad = self._dominated_actions[key] = frozenset(
                    np.nonzero((weakly & somewhere).any(axis=0))[0].tolist()
                )
            if not bad.isdisjoint(support[p]):
                return True
        return False

    # ------------------------------------------------------------------ systems
    def _system(self, support: Support) -> _System:
        offsets = []
        count = 0
        for s in support:
            offsets.append(count)
            count += len(s) - 1
        forms: list[tuple[Polynomial, ...]] = []
        int_forms: list[tuple[dict[tuple[int, ...], int], ...]] = []  # the same, int coefficients
        for p, s in enumerate(support):
            own = [offsets[p] + i for i in range(len(s) - 1)]
            first: dict[tuple[int, ...], int] = {(): 1}
            first.update({(v,): -1 for v in own})
            int_forms.append((first, *({(v,): 1} for v in own)))
            forms.append(tuple({k: Fraction(c) for k, c in f.items()} for f in int_forms[-1]))
        equations: list[Polynomial] = []
        outside: list[tuple[int, int, Polynomial]] = []
        for p in range(self.n):
            others = [q for q in range(self.n) if q != p]
            cells = list(product(*(range(len(support[q])) for q in others)))
            prods = []
            for cell in cells:
                poly: dict[tuple[int, ...], int] = {(): 1}
                for q, i in zip(others, cell):
                    poly = _mul(poly, int_forms[q][i])
                prods.append(poly)
            table = self._restricted(p, support, self.payoffs)
            a0 = support[p][0]
            for b in range(self.shape[p]):
                if b == a0:
                    continue
                diff = _combine([(int(d), poly) for d, poly in zip(table[b] - table[a0], prods)])
                if b in support[p]:
                    equations.append(diff)
                else:
                    outside.append((p, b, diff))
        return _System(support, count, tuple(forms), equations, outside)

    def _check(self, system: _System, point: Point, tight: Sequence[int] = ()) -> bool:
        """Record ``point`` if it is an equilibrium with exactly the system's supports."""
        for forms in system.forms:
            for form in forms:
                if point.sign_of(form) <= 0:
                    return False
        unused_best = bool(tight)
        for j, (_, _, poly) in enumerate(system.outside):
            if j in tight:
                continue
            s = point.sign_of(poly)
            if s > 0:
                return False
            unused_best |= s == 0
        self.found.hits.append(_Hit(system.support, point, system.forms))
        self.found.degenerate |= unused_best
        return True

    def _solve(self, polys: list[Polynomial], nvars: int, support: Support) -> Solution | None:
        try:
            return solve(polys, nvars)
        except UnsolvedSystemError as exc:  # pragma: no cover - defensive
            self.found.complete = False
            self.found.warnings.append(f"supports {support}: system not solved ({exc})")
            return None

    # ------------------------------------------------------------------ families
    def _family(self, system: _System, base: Solution) -> None:
        """A positive-dimensional support system: its extreme points, or a representative."""
        extras = [poly for _, _, poly in system.outside]
        found_any = self._tight_points(system, base, extras)
        # Linear systems give polytopes, and a line meets the inequalities in
        # intervals: their vertices (end points) are the points just found or
        # points of smaller supports, so nothing is missing.
        if is_linear([*system.equations, *extras]):
            return
        if base.dimension == 1 and is_linear(system.equations):
            return
        self.found.complete = False
        where = f"supports {self._names(system.support)}"
        if found_any:
            self.found.warnings.append(
                f"{where}: the equilibria may form a curved continuum, of which only "
                "isolated points are returned"
            )
        elif self._sample(system, base):
            self.found.degenerate = True
            self.found.warnings.append(
                f"{where}: the equilibria with these supports form a continuum (its end "
                "points, if any, have smaller supports); one of its points is returned"
            )
        else:
            self.found.warnings.append(
                f"{where}: the indifference equations have a continuum of solutions in "
                "which sampling found no equilibrium; equilibria there cannot be ruled out"
            )

    def _tight_points(self, system: _System, base: Solution, extras: list[Polynomial]) -> bool:
        """Add equations u_p(b) = u_p(a0) for off-support actions until the solutions are finite.

        Subsets of off-support actions are tried smallest first; a subset is
        not extended once its solution set is finite or empty (its supersets
        have fewer solutions), nor by an equation implied by the others.
        """
        found_any = False
        closed: list[frozenset[int]] = []
        frontier: list[tuple[tuple[int, ...], Solution]] = [((), base)]
        solved = 0
        while frontier:
            nxt: list[tuple[tuple[int, ...], Solution]] = []
            for chosen, sol in frontier:
                for j in range(chosen[-1] + 1 if chosen else 0, len(extras)):
                    if sol.contains(extras[j]):
                        continue
                    subset = frozenset((*chosen, j))
                    if any(c <= subset for c in closed):
                        continue
                    if solved >= _FAMILY_BUDGET:
                        self.found.complete = False
                        self.found.warnings.append(
                            f"supports {self._names(system.support)}: a continuum of solutions "
                            f"whose extreme points were not all examined (more than "
                            f"{_FAMILY_BUDGET} systems)"
                        )
                        return found_any
                    solved += 1
                    polys = [*system.equations, *(extras[i] for i in sorted(subset))]
                    ext = self._solve(polys, system.nvars, system.support)
                    if ext is None or ext.status == "empty":
                        closed.append(subset)
                    elif ext.status == "finite":
                        closed.append(subset)
                        for point in ext.points:
                            found_any |= self._check(system, point, tight=tuple(subset))
                    else:
                        nxt.append(((*chosen, j), ext))
            frontier = nxt
        return found_any

    def _sample(self, system: _System, base: Solution) -> bool:
        free = base.free
        tries = 0
        for values in product(_SAMPLES, repeat=len(free)):
            if tries >= _SAMPLE_BUDGET:
                break
            tries += 1
            pins = [{(v,): Fraction(1), (): -c} for v, c in zip(free, values)]
            sol = self._solve([*system.equations, *pins], system.nvars, system.support)
            if sol is None or sol.status != "finite":
                continue
            for point in sol.points:
                if self._check(system, point):
                    return True
        return False

    def _names(self, support: Support) -> str:
        sets = ["{" + ", ".join(acts[a] for a in s) + "}" for acts, s in zip(self.actions, support)]
        return "(" + ", ".join(sets) + ")"

    # ------------------------------------------------------------------ main loop
    def run(self) -> _Found:
        for support in self._profiles():
            if self._dominated(support):
                continue
            system = self._system(support)
            if system.nvars == 0:
                # A pure profile that survived the dominance test is an equilibrium.
                self._check(system, Point(RATIONAL, ()))
                continue
            # Linear systems (some player pure, say) are solved at once: no screen.
            if (
                self.screen
                and not is_linear(system.equations)
                and excluded(
                    system.nvars,
                    system.equations,
                    [forms[0] for forms in system.forms if len(forms) > 1],
                    [poly for _, _, poly in system.outside],
                )
            ):
                continue
            sol = self._solve(system.equations, system.nvars, support)
            if sol is None or sol.status == "empty":
                continue
            if sol.status == "finite":
                for point in sol.points:
                    self._check(system, point)
            else:
                self._family(system, sol)
        return self.found
