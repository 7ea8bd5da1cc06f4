r"""Exact real solutions of the polynomial systems met in support enumeration.

A system is a list of polynomials with rational coefficients in unknowns
:math:`x_0, \dots, x_{m-1}`, each written as a mapping ``{monomial: coefficient}``
where a monomial is a sorted tuple of unknown indices (``(0, 0, 2)`` is
:math:`x_0^2 x_2`) and coefficients are :class:`fractions.Fraction`.
:func:`solve` says whether its complex solution set is empty, finite or of
positive dimension, and for a finite set returns every *real* solution exactly.

Finite sets are solved through the shape lemma. From a reduced Gröbner
basis of the ideal in degree-reverse-lexicographic order, the
multiplication by the last unknown :math:`z` on the quotient algebra gives,
by one linear solve, the relation among :math:`1, z, \dots, z^D` and each
unknown as a polynomial in :math:`z` (FGLM in the shape case); when that
fails the basis is converted (sympy's FGLM) to lexicographic order. When
:math:`z` separates the solutions the lexicographic basis has the shape
:math:`\{x_0 - g_0(z), \dots, x_{m-2} - g_{m-2}(z),
f(z)\}`, and each real root :math:`r` of each irreducible factor
:math:`\varphi` of :math:`f` gives the solution :math:`x_i = g_i(r)`. Its
coordinates live in the number field :math:`\mathbb{Q}(r) \cong
\mathbb{Q}[z]/(\varphi)` and are held as polynomials of degree :math:`< \deg
\varphi` (:class:`AlgebraicField`). When :math:`z` does not separate the
solutions, a linear form :math:`t = \sum_i c_i x_i` is adjoined as a new last
unknown; if the ideal is not radical (multiple solutions) it is first
replaced by its radical (Seidenberg: add the square-free part of each
unknown's eliminant).

Everything is decided exactly. In :math:`\mathbb{Q}[z]/(\varphi)` with
:math:`\varphi` irreducible, an element is zero exactly when its reduced
polynomial is zero. The sign of a non-zero element :math:`h(r)` is read from an exact
interval enclosure of :math:`h` over an isolating interval of :math:`r`
(interval Horner in integer arithmetic, so it is a proof), halving the
interval by exact sign evaluations of :math:`\varphi` until the enclosure
excludes 0; Sturm sequences settle it if that ever stalls.

Linear systems (every polynomial of degree at most 1, as in every two-player
game) bypass Gröbner bases: exact Gaussian elimination over the rationals.
Gröbner bases come from python-flint when it is installed (about a hundred
times faster) and from sympy otherwise; both give the same reduced basis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from math import lcm
from typing import Any, Literal

import sympy
from sympy import QQ, Poly
from sympy.polys.fglmtools import matrix_fglm
from sympy.polys.groebnertools import groebner as _sympy_groebner
from sympy.polys.orderings import grevlex, lex
from sympy.polys.rings import PolyRing

try:  # optional accelerator
    import flint as _flint

    _HAVE_FLINT = hasattr(_flint, "fmpz_mpoly_vec")
except ImportError:  # pragma: no cover - depends on the environment
    _flint = None
    _HAVE_FLINT = False

__all__ = [
    "RATIONAL",
    "AlgebraicField",
    "Point",
    "Polynomial",
    "RationalField",
    "Solution",
    "UnsolvedSystemError",
    "is_linear",
    "solve",
]

#: A polynomial: monomial (sorted tuple of unknown indices) -> coefficient.
Polynomial = Mapping[tuple[int, ...], Fraction]

#: Gröbner bases through python-flint when available (tests switch it off to compare).
use_flint = _HAVE_FLINT
#: Shape position by one linear solve in the quotient (tests switch it off to compare
#: with sympy's FGLM).
use_krylov = True

_Z = sympy.Dummy("z")
#: The variable shown inside ``CRootOf(...)`` in results.
_SHOWN = sympy.Symbol("x")


class UnsolvedSystemError(ArithmeticError):
    """The finite solution set could not be brought into shape-lemma form."""


def _frac(q: Any) -> Fraction:
    return Fraction(int(QQ.numer(q)), int(QQ.denom(q)))


def _qq(c: Fraction | int) -> Any:
    c = Fraction(c)
    return QQ(c.numerator, c.denominator)


# --------------------------------------------------------------------------- fields
class RationalField:
    """The rationals: elements are :class:`fractions.Fraction`."""

    degree = 1
    #: Equal keys, equal fields.
    key: tuple[Any, ...] = ()

    def const(self, c: Fraction) -> Fraction:
        return Fraction(c)

    def add(self, a: Fraction, b: Fraction) -> Fraction:
        return a + b

    def mul(self, a: Fraction, b: Fraction) -> Fraction:
        return a * b

    def scale(self, a: Fraction, c: Fraction) -> Fraction:
        return a * c

    def sign(self, a: Fraction) -> int:
        return (a > 0) - (a < 0)

    def to_exact(self, a: Fraction) -> Fraction:
        return a

    def to_float(self, a: Fraction) -> float:
        return float(a)

    def __repr__(self) -> str:
        return "QQ"


RATIONAL = RationalField()


class AlgebraicField:
    r"""The real field :math:`\mathbb{Q}(r)`, ``r`` the ``index``-th real root of ``minpoly``.

    ``minpoly`` is a polynomial in :data:`_Z`, irreducible over the rationals,
    of degree at least 2 (made monic here); real roots are numbered from the
    smallest, as in :class:`sympy.CRootOf`. Elements are polynomials in
    :data:`_Z` of degree below ``degree``.
    """

    def __init__(self, minpoly: Poly, index: int) -> None:
        self.minpoly = minpoly.monic()
        self.index = index
        self.degree = self.minpoly.degree()
        self._interval: tuple[Any, Any] | None = None
        self._root: sympy.Expr | None = None
        self._consts: dict[Fraction, Any] = {}
        #: Equal keys, equal fields: the minimal polynomial's coefficients and the root's index.
        self.key = (tuple(_frac(c) for c in self.minpoly.all_coeffs()), index)
        #: Elements are python-flint ``fmpq_poly`` when available (much faster), else sympy Polys.
        self._fm = _flint.fmpq_poly(self._ascending(self.minpoly)) if _flint is not None else None

    @staticmethod
    def _ascending(h: Poly) -> list[Any]:
        """A sympy Poly's coefficients, constant term first, as flint rationals."""
        return [_flint.fmpq(int(QQ.numer(c)), int(QQ.denom(c))) for c in reversed(h.all_coeffs())]

    def coefficients(self, a: Any) -> list[Fraction]:
        """The reduced element ``a`` as Fractions, leading coefficient first (``[]`` for 0)."""
        if self._fm is not None:
            a = a % self._fm
            return [Fraction(int(c.p), int(c.q)) for c in reversed(a.coeffs())]
        a = a.rem(self.minpoly)
        return [] if a.is_zero else [_frac(c) for c in a.all_coeffs()]

    def const(self, c: Fraction) -> Any:
        out = self._consts.get(c)
        if out is None:
            c = Fraction(c)
            if self._fm is not None:
                out = _flint.fmpq_poly([_flint.fmpq(c.numerator, c.denominator)])
            else:
                out = Poly(_qq(c), _Z, domain=QQ)
            self._consts[c] = out
        return out

    def reduce(self, h: Poly) -> Any:
        """The element of ``h(r)``, ``h`` a sympy Poly in :data:`_Z`."""
        if self._fm is not None:
            return _flint.fmpq_poly(self._ascending(h)) % self._fm
        return h.rem(self.minpoly)

    def add(self, a: Any, b: Any) -> Any:
        return a + b

    def mul(self, a: Any, b: Any) -> Any:
        if self._fm is not None:
            return (a * b) % self._fm
        return (a * b).rem(self.minpoly)

    def scale(self, a: Any, c: Fraction) -> Any:
        """``c * a`` for a rational ``c``."""
        c = Fraction(c)
        if self._fm is not None:
            return a * _flint.fmpq(c.numerator, c.denominator)
        return a.mul_ground(_qq(c))

    def _isolating_interval(self) -> tuple[Fraction, Fraction]:
        if self._interval is None:
            lo, hi = self.minpoly.intervals(sqf=True)[self.index]
            self._interval = (_frac(lo), _frac(hi))
            self._coeffs = [_frac(c) for c in self.minpoly.all_coeffs()]
            size = max(abs(self._interval[0]), abs(self._interval[1]), Fraction(1))
            self._bisect(size / 2**70)  # one 64-bit evaluation then nearly always decides
        return self._interval

    def _bisect(self, width: Fraction) -> None:
        """Shrink the isolating interval to at most ``width``, deciding signs exactly.

        The minimal polynomial is evaluated at dyadic points ``x / 2**k`` in
        integer arithmetic (times ``2**(k * degree)``); it has no rational
        root, so no sign is ever 0.
        """
        lo, hi = self._interval  # type: ignore[misc]
        if hi - lo <= width:
            return
        den = lcm(*(c.denominator for c in self._coeffs))
        ints = [c.numerator * (den // c.denominator) for c in self._coeffs]
        k = max(8, -((-width.denominator.bit_length() + width.numerator.bit_length()) - 2))
        scaled = [c << (k * i) for i, c in enumerate(ints)]

        def sign_at(x: int) -> int:  # the sign of minpoly(x / 2**k)
            value = scaled[0]
            for c in scaled[1:]:
                value = value * x + c
            return (value > 0) - (value < 0)

        def sign_q(x: Fraction) -> int:
            value = Fraction(0)
            for c in self._coeffs:
                value = value * x + c
            return (value > 0) - (value < 0)

        s_lo = sign_q(lo)
        a = -((-lo.numerator << k) // lo.denominator)  # ceil(lo * 2**k)
        b = (hi.numerator << k) // hi.denominator  # floor(hi * 2**k)
        if a >= b or sign_at(a) != s_lo:  # the root is within 2**-k of lo
            self._interval = (lo, Fraction(a, 1 << k)) if a < b else (lo, hi)
            return
        if sign_at(b) == s_lo:  # the root is within 2**-k of hi
            self._interval = (Fraction(b, 1 << k), hi)
            return
        while b - a > 1 and Fraction(b - a, 1 << k) > width:
            mid = (a + b) // 2
            if sign_at(mid) == s_lo:
                a = mid
            else:
                b = mid
        self._interval = (Fraction(a, 1 << k), Fraction(b, 1 << k))

    def _refine(self, factor: int) -> tuple[Fraction, Fraction]:
        lo, hi = self._isolating_interval()
        self._bisect((hi - lo) / factor)
        return self._interval  # type: ignore[return-value]

    def _enclosure(self, coeffs: Sequence[Fraction]) -> tuple[int, int, int]:
        """Integers ``lo <= hi`` and a scale ``s > 0`` with ``lo / s <= a(r) <= hi / s``.

        ``coeffs`` are ``a``'s, leading first. Exact interval Horner over the
        isolating interval ``[A / d, B / d]`` of ``r``: with ``X = x * d`` and
        ``c_i`` the coefficients over a common denominator ``D``, the value
        times ``d**n * D`` is ``sum c_i X**(n-i) d**i``, bounded step by step
        by integer interval products (no rounding at all).
        """
        lo, hi = self._isolating_interval()
        d = lcm(lo.denominator, hi.denominator)
        A, B = lo.numerator * (d // lo.denominator), hi.numerator * (d // hi.denominator)
        den = lcm(*(c.denominator for c in coeffs))
        ints = [c.numerator * (den // c.denominator) for c in coeffs]
        vlo = vhi = ints[0]
        power = 1
        for c in ints[1:]:
            power *= d
            prods = (vlo * A, vlo * B, vhi * A, vhi * B)
            vlo, vhi = min(prods) + c * power, max(prods) + c * power
        return vlo, vhi, power * den

    def sign(self, a: Any) -> int:
        """The exact sign of ``a(r)``."""
        coeffs = self.coefficients(a)
        if not coeffs:
            return 0
        if len(coeffs) == 1:
            return 1 if coeffs[0] > 0 else -1
        # a(r) != 0: minpoly is irreducible and deg a < deg minpoly, so a narrow enough
        # interval decides.
        for _ in range(40):
            vlo, vhi, _scale = self._enclosure(coeffs)
            if vlo > 0:
                return 1
            if vhi < 0:
                return -1
            self._refine(2**32)
        poly = Poly([_qq(c) for c in coeffs], _Z, domain=QQ)  # pragma: no cover
        lo, hi = self._interval  # type: ignore[misc]  # pragma: no cover
        while poly.count_roots(sympy.Rational(lo), sympy.Rational(hi)) != 0:  # pragma: no cover
            lo, hi = self._refine(64)
        return 1 if poly.eval(_qq(lo)) > 0 else -1  # pragma: no cover

    def root(self) -> sympy.Expr:
        """The generator ``r`` as a sympy number (radicals for degree 2)."""
        if self._root is None:
            coeffs = [QQ.to_sympy(c) for c in self.minpoly.all_coeffs()]
            if self.degree == 2:
                _, b, c = coeffs
                disc = sympy.sqrt(b * b - 4 * c)
                self._root = (-b - disc) / 2 if self.index == 0 else (-b + disc) / 2
            else:
                expr = sum(c * _SHOWN**k for k, c in enumerate(reversed(coeffs)))
                self._root = sympy.CRootOf(expr, self.index)
        return self._root

    def to_exact(self, a: Any) -> Fraction | sympy.Expr:
        """``a(r)`` as a Fraction when rational, else an exact sympy number in canonical form.

        Degree 2: ``p + q*sqrt(D)`` with rationals ``p, q`` (sympy takes the
        square factors out of ``D``). Higher degree: the reduced polynomial in
        the ``CRootOf`` number ``r``, as :func:`arbiter.games.profiles` writes it.
        """
        desc = self.coefficients(a)
        if len(desc) <= 1:
            return desc[0] if desc else Fraction(0)
        coeffs = [sympy.Rational(c.numerator, c.denominator) for c in reversed(desc)]
        if self.degree == 2:
            _, b, c = (QQ.to_sympy(v) for v in self.minpoly.all_coeffs())
            sign = -1 if self.index == 0 else 1
            half = coeffs[1] / 2
            return coeffs[0] - half * b + sign * half * sympy.sqrt(b * b - 4 * c)
        r = self.root()
        return sympy.Add(*(c * r**k for k, c in enumerate(coeffs) if c != 0))

    def to_float(self, a: Any) -> float:
        """``a(r)`` to double precision, from an exact enclosure (no sympy evaluation)."""
        coeffs = self.coefficients(a)
        if len(coeffs) <= 1:
            return float(coeffs[0]) if coeffs else 0.0
        for _ in range(16):
            vlo, vhi, scale = self._enclosure(coeffs)
            mid = Fraction(vlo + vhi, 2 * scale)
            if Fraction(vhi - vlo, scale) <= abs(mid) * Fraction(1, 10**17):
                return float(mid)
            self._refine(2**64)
        return float(sympy.N(self.to_exact(a), 30))  # pragma: no cover - (nearly) zero

    def __repr__(self) -> str:
        return f"QQ[z]/({self.minpoly.as_expr()}) at real root {self.index}"


@dataclass(frozen=True)
class Point:
    """One real solution: its coordinates, elements of ``field``."""

    field: Any
    coords: tuple[Any, ...]

    def evaluate(self, poly: Polynomial) -> Any:
        """The value of ``poly`` at this point, an element of ``field``."""
        f = self.field
        total = f.const(Fraction(0))
        for mono, c in poly.items():
            term = f.const(c)
            for i in mono:
                term = f.mul(term, self.coords[i])
            total = f.add(total, term)
        return total

    def sign_of(self, poly: Polynomial) -> int:
        return self.field.sign(self.evaluate(poly))


# --------------------------------------------------------------------------- results
@dataclass
class Solution:
    """What :func:`solve` found.

    ``status`` is ``"empty"`` (no complex solution), ``"finite"`` (``points``
    holds every real solution) or ``"positive"`` (a solution set of
    dimension ``dimension`` over the complex numbers; ``free`` is a maximal
    set of unknowns independent on it, whose values may be chosen).
    """

    status: Literal["empty", "finite", "positive"]
    points: tuple[Point, ...] = ()
    dimension: int = 0
    free: tuple[int, ...] = ()
    _member: Any = field(default=None, repr=False)

    def contains(self, poly: Polynomial) -> bool:
        """Whether ``poly`` vanishes on the solution set by algebra alone (ideal membership)."""
        if self.status == "empty":
            return True
        return bool(self._member(poly))


# --------------------------------------------------------------------------- linear
def _linear_rows(polys: Sequence[Polynomial], m: int) -> list[list[Fraction]]:
    rows = []
    for poly in polys:
        row = [Fraction(0)] * (m + 1)
        for mono, c in poly.items():
            if not mono:
                row[m] += c
            else:
                row[mono[0]] += c
        rows.append(row)
    return rows


def _rref(rows: list[list[Fraction]], m: int) -> tuple[list[list[Fraction]], list[int], bool]:
    """Reduced row echelon form of ``[A | c]`` (meaning ``A x + c = 0``)."""
    rows = [r[:] for r in rows if any(r)]
    pivots: list[int] = []
    r = 0
    for col in range(m):
        pr = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if pr is None:
            continue
        rows[r], rows[pr] = rows[pr], rows[r]
        piv = rows[r][col]
        rows[r] = [v / piv for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r])]
        pivots.append(col)
        r += 1
    consistent = all(rows[i][m] == 0 for i in range(r, len(rows)))
    return rows[:r], pivots, consistent


def _solve_linear(polys: Sequence[Polynomial], m: int) -> Solution:
    rows, pivots, consistent = _rref(_linear_rows(polys, m), m)
    if not consistent:
        return Solution("empty")

    def member(poly: Polynomial) -> bool:
        if any(len(mono) > 1 for mono in poly):
            return False
        (row,) = _linear_rows([poly], m)
        for prow, col in zip(rows, pivots):
            if row[col] != 0:
                f = row[col]
                row = [a - f * b for a, b in zip(row, prow)]
        return not any(row)

    if len(pivots) == m:
        coords = tuple(-row[m] for row in rows)
        return Solution("finite", (Point(RATIONAL, coords),), _member=member)
    free = tuple(j for j in range(m) if j not in pivots)
    return Solution("positive", dimension=len(free), free=free, _member=member)


# --------------------------------------------------------------------------- Gröbner bases
@lru_cache(maxsize=64)
def _ring(m: int) -> PolyRing:
    return PolyRing([f"x{i}" for i in range(m)], QQ, grevlex)


def _element(poly: Polynomial, ring: PolyRing) -> Any:
    m = ring.ngens
    rep: dict[tuple[int, ...], Any] = {}
    for mono, c in poly.items():
        exps = [0] * m
        for i in mono:
            exps[i] += 1
        key = tuple(exps)
        rep[key] = rep.get(key, QQ(0)) + _qq(c)
    return ring.from_dict(rep)


def _groebner(elements: Sequence[Any], ring: PolyRing) -> list[Any]:
    """The reduced, monic Gröbner basis (grevlex) of the ideal generated by ``elements``."""
    elements = [e for e in elements if e]
    if not elements:
        return []
    if not use_flint:
        return list(_sympy_groebner(list(elements), ring))
    ctx = _flint.fmpz_mpoly_ctx.get(tuple(str(g) for g in ring.gens), "degrevlex")
    ints = []
    for e in elements:
        den = lcm(*(int(QQ.denom(c)) for c in e.values()))
        ints.append(
            ctx.from_dict({k: int(QQ.numer(c)) * (den // int(QQ.denom(c))) for k, c in e.items()})
        )
    basis = _flint.fmpz_mpoly_vec(ints, ctx).buchberger_naive().autoreduction()
    out = [ring.from_dict({k: QQ(int(c)) for k, c in b.to_dict().items()}).monic() for b in basis]
    out.sort(key=lambda g: ring.order(g.LM))
    return out


def _is_one(basis: Sequence[Any]) -> bool:
    return len(basis) == 1 and basis[0].is_ground


def _independent_set(lead: Sequence[tuple[int, ...]], m: int) -> tuple[int, ...]:
    """A largest set of unknowns no leading monomial lies in (its size is the dimension)."""
    supports = [frozenset(i for i, e in enumerate(mono) if e) for mono in lead]
    for size in range(m, -1, -1):
        for cand in combinations(range(m), size):
            s = set(cand)
            if not any(sup <= s for sup in supports):
                return cand
    return ()  # pragma: no cover - the empty set always qualifies


def _univariate(terms: Any, var: int) -> Poly:
    rep: dict[tuple[int], Any] = {}
    for k, c in terms:
        rep[(k[var],)] = rep.get((k[var],), QQ(0)) + c
    return Poly.from_dict(rep, _Z, domain=QQ)


def _shape(basis: Sequence[Any], m: int) -> tuple[Poly, list[Poly]] | None:
    """Split a reduced lex basis in shape position into ``f(z)`` and ``x_i = g_i(z)``."""
    if len(basis) != m:
        return None
    last = m - 1
    uni = None
    g: list[Poly | None] = [None] * last
    for elem in basis:
        terms = list(elem.terms())
        used = {i for k, _ in terms for i in range(last) if k[i]}
        if not used:
            uni = _univariate(terms, last)
            continue
        if len(used) != 1:
            return None
        (i,) = used
        unit = tuple(int(j == i) for j in range(m))
        with_xi = [(k, c) for k, c in terms if k[i]]
        if len(with_xi) != 1 or with_xi[0][0] != unit or with_xi[0][1] != QQ(1):
            return None
        g[i] = -_univariate([(k, c) for k, c in terms if not k[i]], last)
    if uni is None or any(v is None for v in g):
        return None
    return uni, g  # type: ignore[return-value]


def _points_from_shape(f: Poly, g: Sequence[Poly], keep: int) -> list[Point]:
    """The real points of a shape-position basis; coordinates of the first ``keep`` unknowns."""
    coords_z = [*g, Poly(_Z, _Z, domain=QQ)]
    points = []
    _, factors = f.factor_list()
    for phi, _mult in factors:
        if phi.degree() == 1:
            root = -phi.coeff_monomial(1) / phi.LC()
            vals = tuple(_frac(c.eval(root)) if not c.is_zero else Fraction(0) for c in coords_z)
            points.append(Point(RATIONAL, vals[:keep]))
            continue
        for idx in range(phi.count_roots()):
            fld = AlgebraicField(phi, idx)
            points.append(Point(fld, tuple(fld.reduce(c) for c in coords_z)[:keep]))
    return points


def _lift(elements: Sequence[Any], ring: PolyRing, order: Sequence[int] | None = None) -> list[Any]:
    """``elements`` moved into ``ring`` (as many unknowns or more), permuted by ``order``."""
    out = []
    for e in elements:
        rep = {}
        for k, c in e.terms():
            exps = [k[j] for j in order] if order is not None else list(k)
            exps += [0] * (ring.ngens - len(exps))
            rep[tuple(exps)] = c
        out.append(ring.from_dict(rep))
    return out


def _separating(elements: Sequence[Any], m: int) -> tuple[Poly, list[Poly]] | None:
    """Adjoin ``t = sum c_i x_i`` as the last unknown and try for shape position."""
    ring = _ring(m + 1)
    lifted = _lift(elements, ring)
    t = ring.gens[m]
    for attempt in range(4):
        coeffs = [(attempt * 7 + 3 * i * i + i + 1) % (11 + 2 * attempt) + 1 for i in range(m)]
        form = t - sum((c * x for c, x in zip(coeffs, ring.gens[:m])), ring.zero)
        basis = _groebner([*lifted, form], ring)
        shaped = _shape(matrix_fglm(basis, ring, lex), m + 1)
        if shaped is not None:
            f, g = shaped
            return f, g[:m]
    return None


def _radical(elements: Sequence[Any], m: int) -> list[Any]:
    """Generators of the radical of a zero-dimensional ideal (Seidenberg's lemma)."""
    ring = _ring(m)
    out = list(elements)
    for j in range(m):
        order = [*range(j), *range(j + 1, m), j]  # x_j last
        lex_basis = matrix_fglm(_groebner(_lift(elements, ring, order), ring), ring, lex)
        uni = next(p for p in lex_basis if all(k[i] == 0 for k in p.monoms() for i in range(m - 1)))
        sqf = _univariate(uni.terms(), m - 1).sqf_part()
        rep = {}
        for (d,), c in sqf.terms():
            exps = [0] * m
            exps[j] = d
            rep[tuple(exps)] = c
        out.append(ring.from_dict(rep))
    return out


# ------------------------------------------------------------------ multiplication matrices
def _grevlex_key(e: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    """Sort key of degree-reverse-lexicographic order (larger key, larger monomial)."""
    return sum(e), tuple(-v for v in reversed(e))


class _Quotient:
    """The algebra ``Q[x] / I`` of a zero-dimensional ideal, from its reduced grevlex basis.

    ``standard`` lists the monomials divisible by no leading monomial (a
    basis of the quotient, smallest first); :meth:`normal_form` writes a
    monomial in that basis. The tail of a reduced basis element is made of
    standard monomials, so ``LM(g) * u = u * (LM(g) - g)`` rewrites any
    non-standard monomial into smaller ones; results are memoised.
    """

    def __init__(self, basis: Sequence[Any], m: int) -> None:
        self.m = m
        self.rules: list[tuple[tuple[int, ...], list[tuple[tuple[int, ...], Fraction]]]] = []
        for g in basis:
            terms = [(tuple(k), _frac(c)) for k, c in g.terms()]
            lead = max(terms, key=lambda t: _grevlex_key(t[0]))
            inv = 1 / lead[1]
            tail = [(k, -c * inv) for k, c in terms if k != lead[0]]
            self.rules.append((lead[0], tail))
        standard = []
        frontier = [(0,) * m]
        seen = set(frontier)
        while frontier:
            nxt = []
            for e in frontier:
                if self._divisor(e) is not None:
                    continue
                standard.append(e)
                for i in range(m):
                    f = tuple(v + (j == i) for j, v in enumerate(e))
                    if f not in seen:
                        seen.add(f)
                        nxt.append(f)
            frontier = nxt
        standard.sort(key=_grevlex_key)
        self.standard = standard
        self.index = {e: i for i, e in enumerate(standard)}
        self._memo: dict[tuple[int, ...], dict[int, Fraction]] = {}

    def _divisor(self, e: tuple[int, ...]) -> int | None:
        for j, (lead, _) in enumerate(self.rules):
            if all(a >= b for a, b in zip(e, lead)):
                return j
        return None

    def normal_form(self, e: tuple[int, ...]) -> dict[int, Fraction]:
        """The monomial ``e`` modulo the ideal: ``{standard index: coefficient}``."""
        out = self._memo.get(e)
        if out is not None:
            return out
        i = self.index.get(e)
        if i is not None:
            out = {i: Fraction(1)}
        else:
            j = self._divisor(e)
            assert j is not None  # a non-standard monomial is divisible by a leading one
            lead, tail = self.rules[j]
            u = tuple(a - b for a, b in zip(e, lead))
            out = {}
            for k, c in tail:
                for idx, v in self.normal_form(tuple(a + b for a, b in zip(u, k))).items():
                    out[idx] = out.get(idx, 0) + c * v
            out = {k: v for k, v in out.items() if v}
        self._memo[e] = out
        return out

    def times(self, form: Sequence[int], vec: dict[int, Fraction]) -> dict[int, Fraction]:
        """``(sum_i form[i] * x_i) * vec`` in the quotient."""
        out: dict[int, Fraction] = {}
        for b, coef in vec.items():
            e = self.standard[b]
            for i, c in enumerate(form):
                if not c:
                    continue
                f = tuple(v + (j == i) for j, v in enumerate(e))
                for idx, v in self.normal_form(f).items():
                    out[idx] = out.get(idx, 0) + c * coef * v
        return {k: v for k, v in out.items() if v}


def _solve_square(
    columns: list[dict[int, Fraction]], rhs: list[dict[int, Fraction]], n: int
) -> list[list[Fraction]] | None:
    """Solve ``K a = b`` for each ``b`` in ``rhs`` (sparse columns); ``None``: singular ``K``."""
    if use_flint:
        K = _flint.fmpq_mat(n, n)
        B = _flint.fmpq_mat(n, len(rhs))
        for j, col in enumerate(columns):
            for i, v in col.items():
                K[i, j] = _flint.fmpq(v.numerator, v.denominator)
        for j, col in enumerate(rhs):
            for i, v in col.items():
                B[i, j] = _flint.fmpq(v.numerator, v.denominator)
        try:
            X = K.solve(B)
        except ZeroDivisionError:
            return None
        return [
            [Fraction(int(X[i, j].p), int(X[i, j].q)) for i in range(n)] for j in range(len(rhs))
        ]
    rows = [[Fraction(0)] * (n + len(rhs)) for _ in range(n)]
    for j, col in enumerate(columns):
        for i, v in col.items():
            rows[i][j] = v
    for j, col in enumerate(rhs):
        for i, v in col.items():
            rows[i][n + j] = v
    for col in range(n):
        piv = next((i for i in range(col, n) if rows[i][col] != 0), None)
        if piv is None:
            return None
        rows[col], rows[piv] = rows[piv], rows[col]
        inv = 1 / rows[col][col]
        rows[col] = [v * inv for v in rows[col]]
        for i in range(n):
            if i != col and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[col])]
    return [[rows[i][n + j] for i in range(n)] for j in range(len(rhs))]


def _krylov_shape(basis: Sequence[Any], m: int) -> tuple[Poly, list[Poly]] | None:
    """Shape-lemma form through the multiplication matrix of the last unknown.

    With ``z = x_{m-1}`` and ``D`` standard monomials: when ``1, z, ...,
    z^(D-1)`` are independent in the quotient (exactly when the
    lexicographic basis has the shape ``{x_i - g_i(z), f(z)}``), ``f`` is
    the relation expressing ``z^D`` in them and ``g_i`` expresses ``x_i``.
    This is FGLM restricted to the shape case, by one ``D x D`` linear
    solve; ``None`` when the powers of ``z`` are dependent (the caller then
    takes the general route).
    """
    q = _Quotient(basis, m)
    n = len(q.standard)
    z = [0] * m
    z[m - 1] = 1
    power = q.normal_form((0,) * m)
    columns = []
    for _ in range(n):
        columns.append(power)
        power = q.times(z, power)
    unit = [tuple(int(j == i) for j in range(m)) for i in range(m - 1)]
    solved = _solve_square(columns, [power, *(q.normal_form(e) for e in unit)], n)
    if solved is None:
        return None
    top, *gs = solved
    f = Poly([Fraction(1), *(-c for c in reversed(top))], _Z, domain=QQ)
    g = [Poly([_qq(c) for c in reversed(a)], _Z, domain=QQ) for a in gs]
    return f, g


def _solve_polynomial(polys: Sequence[Polynomial], m: int) -> Solution:
    ring = _ring(m)
    elements = [_element(p, ring) for p in polys]
    basis = _groebner(elements, ring)
    if _is_one(basis):
        return Solution("empty")

    def member(poly: Polynomial) -> bool:
        return not _element(poly, ring).rem(basis)

    lead = [b.LM for b in basis]
    pure = {i for mono in lead for i in range(m) if mono[i] and sum(mono) == mono[i]}
    if len(pure) < m:
        free = _independent_set(lead, m)
        return Solution("positive", dimension=len(free), free=free, _member=member)
    shaped = _krylov_shape(basis, m) if use_krylov else None
    if shaped is None:
        shaped = _shape(matrix_fglm(basis, ring, lex), m)
    if shaped is None:
        shaped = _separating(basis, m)
    if shaped is None:
        shaped = _separating(_radical(basis, m), m)
    if shaped is None:  # pragma: no cover - a radical ideal with a generic form is in shape
        raise UnsolvedSystemError(f"could not put the system {basis} in shape position")
    f, g = shaped
    return Solution("finite", tuple(_points_from_shape(f, g, m)), _member=member)


def is_linear(polys: Sequence[Polynomial]) -> bool:
    """Whether every polynomial has degree at most 1."""
    return all(len(mono) <= 1 for poly in polys for mono in poly)


def solve(polys: Sequence[Polynomial], m: int) -> Solution:
    """Solve ``polys == 0`` in ``m`` unknowns exactly (see the module docstring)."""
    polys = [{k: v for k, v in p.items() if v != 0} for p in polys]
    polys = [p for p in polys if p]
    for p in polys:
        if set(p) == {()}:
            return Solution("empty")
    if m == 0:
        point = Point(RATIONAL, ())
        return Solution("finite", (point,), _member=lambda poly: not any(poly.values()))
    if is_linear(polys):
        return _solve_linear(polys, m)
    return _solve_polynomial(polys, m)
