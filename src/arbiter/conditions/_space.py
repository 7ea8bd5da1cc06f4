r"""Private kernel of :func:`arbiter.solve.regimes.regimes`: conditions as sets of atoms.

An *atom* is one inequality :math:`e(\theta) \ge 0` in the parameters
:math:`\theta`. A polynomial atom with rational coefficients is stored
canonically, as the sorted tuple of its ``(exponents, integer coefficient)``
terms with coprime integer coefficients (a positive multiple of :math:`e`
states the same inequality), so that equal inequalities are equal tuples and
the negation of an atom is the tuple with every coefficient negated. Anything
else (irrational constants, rational functions of unknown sign) is an
*opaque* atom: the sympy expression :math:`e` itself. A condition is a
frozenset of atoms, read as their conjunction.

A :class:`Space` holds the parameters and the *domain*: each symbol's sign
assumption (non-negative symbols give :math:`\theta_j \ge 0`) and the extra
inequalities given as assumptions. It decides three questions by linear
programming (HiGHS, see :mod:`arbiter.conditions._lp`) over the *monomials* of the
atoms, each treated as a variable (for linear atoms, the parameters
themselves; for polynomial ones a linear relaxation, non-negative where the
monomial is):

``interior(atoms)``
    Does the set where every atom holds strictly meet the domain, i.e. has the
    condition an interior? A *yes* comes with a witness point (found by the
    maximum-margin LP, or by sampling for nonlinear atoms). A *no* is only
    returned with an exact certificate (Motzkin's transposition theorem): a
    combination :math:`\sum_i \lambda_i e_i + \sum_k \mu_k d_k` with
    :math:`\lambda, \mu \ge 0`, :math:`\sum_i \lambda_i = 1`, whose
    coefficients on non-negative monomials are :math:`\le 0`, on the others
    :math:`= 0`, and whose constant is :math:`\le 0`; it is rounded to
    rationals and checked in exact arithmetic. Without a certificate the
    answer is *yes*: keeping a case is always safe.
``implied(atom, atoms)``
    Does the conjunction (with the domain) imply the atom? *Yes* only with an
    exact certificate :math:`e - \sum_i \lambda_i e_i - \sum_k \mu_k d_k =
    c \cdot m + c_0` with :math:`c \ge 0` on non-negative monomials, :math:`c =
    0` on the others and :math:`c_0 \ge 0` (Farkas' lemma).
``irredundant(atoms)``
    Drops, one at a time, the atoms the others imply.

Floating point only ever proposes; every answer that removes something (a
case, an atom, a merge) is proved in exact rational arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from functools import reduce
from typing import Any

import numpy as np
import sympy
from sympy import QQ
from sympy.polys.fields import FracElement, field
from sympy.polys.rings import PolyElement, ring

from arbiter.conditions import _lp
from arbiter.errors import InvalidArgumentError

__all__ = ["Atom", "Space"]

#: A canonical polynomial atom (sorted ``(exponents, coefficient)`` pairs) or an opaque expression.
Atom = Any

#: Margins (in units of the atom's coefficient norm) below this are treated as zero.
MARGIN = 1e-9

#: Denominator bound when rounding LP solutions to rationals.
MAX_DENOMINATOR = 10**6

#: Above this many terms, union() merges only syntactically (A & k | A & -k == A).
FULL_UNION_TERMS = 48

#: Random points tried when looking for a witness of a nonlinear condition.
SAMPLES = 512

#: Sample points per kind (scaled exponential, uniform on [0, 1]) behind :meth:`Space.sample_bits`.
BIT_SAMPLES = 2048


def draw_points(rng: np.random.Generator, k: int, nonneg: Sequence[bool]) -> np.ndarray:
    """``2 k`` random points: ``k`` exponential at scales e^-3..e^3 (normal where a
    parameter may be negative), then ``k`` uniform on [0, 1] (where probabilities live)."""
    scale = np.exp(rng.uniform(-3, 3, size=(k, 1)))
    pts = rng.exponential(1.0, size=(k, len(nonneg))) * scale
    for j, nn in enumerate(nonneg):
        if not nn:
            pts[:, j] = rng.normal(0, 1, k) * scale[:, 0]
    return np.vstack([pts, rng.uniform(0, 1, size=(k, len(nonneg)))])


def _is_poly(atom: Atom) -> bool:
    return isinstance(atom, tuple)


def negate(atom: Atom) -> Atom:
    """The atom ``-e >= 0`` (the closed complement of ``e > 0``)."""
    if _is_poly(atom):
        return tuple((m, -c) for m, c in atom)
    return sympy.expand(-atom)


class Space:
    """The parameters, their domain, and exact decisions about conditions on them.

    ``symbols`` are the parameters (their order fixes the exponent tuples);
    ``domain`` is a sequence of sympy expressions ``d`` meaning ``d >= 0``
    (the assumptions beyond the symbols' own signs).
    """

    def __init__(self, symbols: Sequence[sympy.Symbol], domain: Iterable[Any] = ()) -> None:
        self.symbols = tuple(symbols)
        self.n = len(self.symbols)
        self.ring = ring(self.symbols, QQ)[0]
        self._field: Any = None
        self.nonneg = tuple(bool(s.is_nonnegative) for s in self.symbols)
        self.zero_mono = (0,) * self.n
        self._info: dict[Atom, tuple[Any, ...]] = {}
        self._terms: dict[Atom, list[tuple[float, list[tuple[int, int]]]]] = {}
        self._bits: dict[Atom, int] = {}
        self._nogoods: dict[Atom, list[tuple[frozenset, frozenset]]] = {}
        self._points: np.ndarray | None = None
        self._all_bits = 0
        self._lambdas: dict[Any, Any] = {}
        self._interior: dict[frozenset, tuple[bool, np.ndarray | None]] = {}
        self._implied: dict[tuple[Atom, frozenset], bool] = {}
        self.domain: list[Atom] = []
        for d in domain:
            atom = self.atom_from_expr(d)
            if atom is False:
                raise InvalidArgumentError(f"the assumption {d} >= 0 never holds")
            if atom is not True and atom not in self.domain and not self._by_signs(atom):
                self.domain.append(atom)
        self.domain_poly = [a for a in self.domain if _is_poly(a)]
        self.rng = np.random.default_rng(20200101)

    def domain_has_interior(self) -> bool:
        """False only if the domain is proven to have no interior (empty or lower-dimensional)."""
        if self.n == 0 or not self.domain:
            return True
        if all(self.is_linear(d) for d in self.domain):
            t, _ = self._margin([], domain_margin=True)
            if t is not None and t > MARGIN:
                return True
        elif self._sample(frozenset(self.domain)) is not None:
            return True
        return not self.empty(self.domain_poly, [])

    # ------------------------------------------------------------ algebra
    @property
    def field(self) -> Any:
        if self._field is None:
            self._field = field(self.symbols, QQ)[0]
        return self._field

    def convert(self, value: Any, algebra: str) -> Any:
        """``value`` (a number or sympy expression) in the ``algebra`` ("ring", "field", "expr")."""
        expr = sympy.sympify(value)
        if algebra == "ring":
            return self.ring.from_expr(expr)
        if algebra == "field":
            return self.field.from_expr(expr)
        return expr

    def algebra_for(self, values: Iterable[Any]) -> str:
        """The simplest algebra holding all ``values``: polynomials, rational functions, sympy."""
        values = [sympy.sympify(v) for v in values]
        for name in ("ring", "field"):
            try:
                for v in values:
                    self.convert(v, name)
            except (ValueError, TypeError, sympy.PolynomialError, sympy.CoercionFailed):
                continue
            return name
        return "expr"

    def to_expr(self, value: Any) -> sympy.Expr:
        if isinstance(value, (PolyElement, FracElement)):
            return value.as_expr()
        return sympy.sympify(value)

    # -------------------------------------------------------------- atoms
    def atom(self, value: Any) -> Atom | bool:
        """The atom ``value >= 0``: ``True``/``False`` when it is decided, else an atom."""
        if isinstance(value, PolyElement):
            return self._poly_atom(value)
        if isinstance(value, FracElement):
            sign = self._sign(value.denom)
            if sign != 0:
                return self._poly_atom(value.numer if sign > 0 else -value.numer)
            return self._opaque(value.as_expr())
        return self.atom_from_expr(value)

    def atom_from_expr(self, expr: Any) -> Atom | bool:
        """The atom ``expr >= 0`` for a sympy expression (or number)."""
        expr = sympy.sympify(expr)
        for name in ("ring", "field"):
            try:
                converted = self.convert(expr, name)
            except (ValueError, TypeError, sympy.PolynomialError, sympy.CoercionFailed):
                continue
            return self.atom(converted)
        return self._opaque(expr)

    def _opaque(self, expr: sympy.Expr) -> Atom | bool:
        expr = sympy.expand(expr)
        if expr.is_number:
            decided = sympy.Ge(expr, 0)
            if decided in (sympy.true, sympy.false):
                return bool(decided)
        decided = sympy.Ge(expr, 0)
        if decided is sympy.true:
            return True
        if decided is sympy.false:
            return False
        return expr

    def _sign(self, poly: PolyElement) -> int:
        """+1 / -1 if ``poly`` is >= 0 / <= 0 on the domain (from its terms alone), else 0."""
        terms = poly.terms()
        if all(self._mono_nonneg(m) for m, _ in terms):
            if all(c > 0 for _, c in terms):
                return 1
            if all(c < 0 for _, c in terms):
                return -1
        return 0

    def _mono_nonneg(self, mono: tuple[int, ...]) -> bool:
        return all(e % 2 == 0 or nn for e, nn in zip(mono, self.nonneg))

    def _poly_atom(self, poly: PolyElement) -> Atom | bool:
        terms = poly.terms()
        if not terms:
            return True
        if all(m == self.zero_mono for m, _ in terms):
            return bool(terms[0][1] >= 0)
        coeffs = [Fraction(int(c.numerator), int(c.denominator)) for _, c in terms]
        lcm = reduce(lambda a, b: a * b // math.gcd(a, b), (c.denominator for c in coeffs), 1)
        ints = [int(c * lcm) for c in coeffs]
        g = reduce(math.gcd, (abs(i) for i in ints))
        return tuple(sorted((m, i // g) for (m, _), i in zip(terms, ints)))

    def info(self, atom: Atom) -> tuple[Any, ...]:
        """``(constant, {monomial: coeff}, degree, norm, exponents array, coefficients array)``."""
        got = self._info.get(atom)
        if got is None:
            const = 0
            lin: dict[tuple[int, ...], int] = {}
            for m, c in atom:
                if m == self.zero_mono:
                    const = c
                else:
                    lin[m] = c
            degree = max((sum(m) for m in lin), default=0)
            norm = math.sqrt(sum(float(c) ** 2 for c in lin.values())) or 1.0
            exps = np.array([m for m, _ in atom], dtype=float).reshape(len(atom), self.n)
            coeffs = np.array([float(c) for _, c in atom])
            got = (const, lin, degree, norm, exps, coeffs)
            self._info[atom] = got
        return got

    def is_linear(self, atom: Atom) -> bool:
        return _is_poly(atom) and self.info(atom)[2] <= 1

    def poly_expr(self, atom: Atom) -> sympy.Expr:
        """The polynomial of an atom as a sympy expression."""
        return sympy.Add(
            *(c * sympy.Mul(*(s**e for s, e in zip(self.symbols, m) if e)) for m, c in atom)
        )

    def relational(self, atom: Atom, equality: bool = False) -> Any:
        """The atom as a readable sympy relation (``Eq`` with ``equality``)."""
        if _is_poly(atom):
            pos, neg, const = [], [], sympy.Integer(0)
            for m, c in atom:
                term = sympy.Mul(*(s**e for s, e in zip(self.symbols, m) if e))
                if m == self.zero_mono:
                    const = sympy.Integer(c)
                elif c > 0:
                    pos.append(c * term)
                else:
                    neg.append(-c * term)
        else:
            pos, neg, const = [], [], sympy.Integer(0)
            for term in sympy.Add.make_args(atom):
                coeff, _ = term.as_coeff_Mul()
                if term.is_number:
                    const += term
                elif coeff < 0:
                    neg.append(-term)
                else:
                    pos.append(term)
        lhs, rhs = sympy.Add(*pos), sympy.Add(*neg)
        if not pos:
            lhs, rhs = rhs, const
            op = sympy.Eq if equality else sympy.Le
        elif not neg:
            rhs = -const
            op = sympy.Eq if equality else sympy.Ge
        else:
            if const >= 0:
                lhs += const
            else:
                rhs -= const
            op = sympy.Eq if equality else sympy.Ge
        return op(lhs, rhs, evaluate=False)

    # ----------------------------------------------------------- evaluation
    def value(self, atom: Atom, points: np.ndarray) -> np.ndarray:
        """``e(x) / ||e||`` at each row of ``points`` (shape ``(k, n)``)."""
        if _is_poly(atom):
            _, _, _, norm, exps, coeffs = self.info(atom)
            if self.n == 0:
                return np.full(len(points), coeffs.sum() / norm)
            monos = np.prod(points[:, None, :] ** exps[None, :, :], axis=2)
            return monos @ coeffs / norm
        fn = self._lambdas.get(atom)
        if fn is None:
            fn = self._lambdas[atom] = sympy.lambdify(self.symbols, atom, "numpy")
        with np.errstate(all="ignore"):
            out = np.broadcast_to(np.asarray(fn(*points.T), dtype=float), (len(points),))
        return np.nan_to_num(out, nan=-np.inf)

    def holds_at(self, atoms: Iterable[Atom], point: np.ndarray, margin: float = MARGIN) -> bool:
        """Whether every atom exceeds ``margin`` at ``point`` and the domain holds there."""
        x = point.tolist()
        if any(v < -MARGIN for v, nn in zip(x, self.nonneg) if nn):
            return False
        if any(self._value_at(d, x, point) < -MARGIN for d in self.domain):
            return False
        return all(self._value_at(a, x, point) > margin for a in atoms)

    def sample_bits(self, atom: Atom) -> int:
        """The fixed sample points of the domain where ``atom > MARGIN``, as the bits of an int.

        A cell whose atoms' bits share a 1 has a point with every atom above the
        margin: numerically non-empty, with an interior. Used to skip LPs whose
        answer the samples already give (a float decision, like the witnesses of
        :meth:`interior`; the exact certificates decide the rest).
        """
        got = self._bits.get(atom)
        if got is None:
            pts = self._sample_points()
            with np.errstate(all="ignore"):
                ok = self.value(atom, pts) > MARGIN if len(pts) else np.zeros(0, dtype=bool)
            got = int.from_bytes(np.packbits(ok, bitorder="little").tobytes(), "little")
            self._bits[atom] = got
        return got

    def sample_hit(self, atoms: Iterable[Atom]) -> bool:
        """Whether one sample point has every atom above the margin (see :meth:`sample_bits`)."""
        return self._common_bits(atoms) != 0

    def sample_witness(self, atoms: Iterable[Atom]) -> np.ndarray | None:
        """A sample point with every atom above the margin, or ``None``."""
        bits = self._common_bits(atoms)
        if not bits:
            return None
        return self._sample_points()[(bits & -bits).bit_length() - 1]

    def _common_bits(self, atoms: Iterable[Atom]) -> int:
        self._sample_points()
        bits = self._all_bits
        for a in atoms:
            bits &= self.sample_bits(a)
            if not bits:
                return 0
        return bits

    def _sample_points(self) -> np.ndarray:
        if self._points is None:
            pts = draw_points(np.random.default_rng(20261130), BIT_SAMPLES, self.nonneg)
            ok = np.ones(len(pts), dtype=bool)
            with np.errstate(all="ignore"):
                for d in self.domain:
                    ok &= self.value(d, pts) > MARGIN
            self._points = pts[ok]
            self._all_bits = (1 << len(self._points)) - 1
        return self._points

    def _value_at(self, atom: Atom, x: list[float], point: np.ndarray) -> float:
        """``e(x) / ||e||`` at one point, in plain Python floats (no array overhead)."""
        if not _is_poly(atom):
            return float(self.value(atom, point[None, :])[0])
        terms = self._terms.get(atom)
        if terms is None:
            norm = self.info(atom)[3]
            terms = self._terms[atom] = [
                (float(c) / norm, [(j, e) for j, e in enumerate(m) if e]) for m, c in atom
            ]
        total = 0.0
        for c, powers in terms:
            for j, e in powers:
                c *= x[j] if e == 1 else x[j] ** e
            total += c
        return total

    # ------------------------------------------------------------- columns
    def _columns(self, atoms: Iterable[Atom]) -> list[tuple[int, ...]]:
        cols: dict[tuple[int, ...], None] = {}
        for a in atoms:
            for m, _ in a:
                if m != self.zero_mono:
                    cols[m] = None
        return list(cols)

    def _matrix(
        self, atoms: Sequence[Atom], cols: list[tuple[int, ...]]
    ) -> tuple[np.ndarray, np.ndarray]:
        index = {m: j for j, m in enumerate(cols)}
        a = np.zeros((len(atoms), len(cols)))
        b = np.zeros(len(atoms))
        for i, atom in enumerate(atoms):
            const, lin, *_ = self.info(atom)
            b[i] = const
            for m, c in lin.items():
                a[i, index[m]] = c
        return a, b

    # ------------------------------------------------------- interiors
    def interior(
        self, atoms: frozenset, hints: Iterable[np.ndarray | None] = ()
    ) -> tuple[bool, np.ndarray | None]:
        """Whether ``{every atom > 0}`` meets the domain in an open set, and a witness point.

        ``False`` only with an exact certificate (see the module docstring).
        """
        if not atoms:
            return True, None
        cached = self._interior.get(atoms)
        if cached is not None:
            return cached
        for w in hints:
            if w is not None and self.holds_at(atoms, w):
                return True, w
        witness = self.sample_witness(atoms)
        if witness is not None:
            return True, witness
        if any(_is_poly(a) and negate(a) in atoms for a in atoms):
            return False, None  # e > 0 and -e > 0: no point at all, no LP needed
        result = self._decide_interior(atoms)
        self._interior[atoms] = result
        return result

    def _decide_interior(self, atoms: frozenset) -> tuple[bool, np.ndarray | None]:
        # Called when no sample point has every atom above the margin, which mostly means
        # there is no interior: look for the certificate first (one LP), then for a point.
        # With opaque atoms present, the polynomial ones alone having no interior suffices.
        poly = [a for a in atoms if _is_poly(a)]
        ordered = sorted(poly)
        if ordered and self.empty(ordered, []):
            return False, None
        if (
            len(poly) == len(atoms)
            and all(self.is_linear(a) for a in poly)
            and all(self.is_linear(d) for d in self.domain)
        ):
            t, x = self._margin(ordered)
            if t is not None and t > MARGIN and self.holds_at(atoms, x, margin=0.0):
                return True, x
        else:
            w = self._sample(atoms)
            if w is not None:
                return True, w
        return True, None

    def _margin(
        self,
        atoms: Sequence[Atom],
        *,
        domain_margin: bool = False,
        box: float | None = None,
        strict: Sequence[bool] | None = None,
    ) -> tuple[float | None, np.ndarray]:
        """The maximum-margin LP over the parameters (linear atoms): ``(t*, x*)``.

        Every atom must exceed the margin ``t``, except those whose ``strict``
        flag is ``False``, which need only be ``>= 0``.
        """
        n = self.n
        rows, rhs = [], []
        for i, atom in enumerate(atoms):
            const, lin, _, norm, *_ = self.info(atom)
            row = np.zeros(n + 1)
            for m, c in lin.items():
                row[m.index(1)] = -c / norm
            row[n] = 1.0 if strict is None or strict[i] else 0.0
            rows.append(row)
            rhs.append(const / norm)
        for d in self.domain_poly:
            const, lin, _, norm, *_ = self.info(d)
            row = np.zeros(n + 1)
            for m, c in lin.items():
                row[m.index(1)] = -c / norm
            if domain_margin:
                row[n] = 1.0
            rows.append(row)
            rhs.append(const / norm)
        bounds = []
        for nn in self.nonneg:
            lo = 0.0 if nn else None
            bounds.append((lo, box))
        if domain_margin:
            for j, nn in enumerate(self.nonneg):
                if nn:
                    row = np.zeros(n + 1)
                    row[j] = -1.0
                    row[n] = 1.0
                    rows.append(row)
                    rhs.append(0.0)
        bounds.append((None, 1.0))
        c = np.zeros(n + 1)
        c[n] = -1.0
        x = _lp.solve(
            c,
            np.array(rows) if rows else None,
            np.array(rhs) if rows else None,
            bounds=bounds,
        )
        if x is None:
            return None, np.zeros(n)
        return float(x[n]), x[:n]

    def _sample(self, atoms: frozenset) -> np.ndarray | None:
        """A random point where every atom holds strictly (nonlinear conditions), or ``None``."""
        pts = draw_points(self.rng, SAMPLES, self.nonneg)
        ok = np.ones(len(pts), dtype=bool)
        for d in self.domain:
            ok &= self.value(d, pts) >= 0
        for a in atoms:
            ok &= self.value(a, pts) > MARGIN
            if not ok.any():
                return None
        return pts[int(np.argmax(ok))]

    # ------------------------------------------------------- certificates
    def empty(self, strict: Sequence[Atom], weak: Sequence[Atom]) -> bool:
        """Proven: no point of the domain has every ``strict`` atom > 0 and every ``weak`` one >= 0.

        Polynomial atoms only (others are ignored, which only weakens the premise).
        """
        strict = [a for a in strict if _is_poly(a)]
        if not strict:
            return False
        if self._known_empty(strict, weak):
            return True
        weak = [a for a in weak if _is_poly(a)] + self.domain_poly
        n_given = len(weak) - len(self.domain_poly)
        cols = self._columns([*strict, *weak])
        a_s, b_s = self._matrix(strict, cols)
        a_w, b_w = self._matrix(weak, cols)
        ns, nw = len(strict), len(weak)
        # Variables: lambda (strict), mu (weak); all >= 0.
        a_ub, b_ub, a_eq, b_eq = [], [], [], []
        for j, m in enumerate(cols):
            row = np.concatenate([a_s[:, j], a_w[:, j]])
            if self._mono_nonneg(m):
                a_ub.append(row)
                b_ub.append(0.0)
            else:
                a_eq.append(row)
                b_eq.append(0.0)
        a_ub.append(np.concatenate([b_s, b_w]))
        b_ub.append(0.0)
        a_eq.append(np.concatenate([np.ones(ns), np.zeros(nw)]))
        b_eq.append(1.0)
        x = _lp.solve(
            np.ones(ns + nw), np.array(a_ub), np.array(b_ub), np.array(a_eq), np.array(b_eq)
        )
        if x is None:
            return False
        lam = _rationals(x)
        if any(v < 0 for v in lam) or sum(lam[:ns]) <= 0:
            return False
        combo = self._combine([*strict, *weak], lam, cols)
        const = combo.pop(self.zero_mono, Fraction(0))
        if const > 0:
            return False
        if not all((c <= 0) if self._mono_nonneg(m) else (c == 0) for m, c in combo.items()):
            return False
        # The atoms with a positive multiplier are empty together on their own: remember them,
        # so that any later set containing them is refused without an LP.
        used_s = frozenset(a for a, v in zip(strict, lam[:ns]) if v > 0)
        used_w = frozenset(a for a, v in zip(weak[:n_given], lam[ns : ns + n_given]) if v > 0)
        self._nogoods.setdefault(min(used_s), []).append((used_s, used_w))
        return True

    def _known_empty(self, strict: Sequence[Atom], weak: Sequence[Atom]) -> bool:
        """Whether a remembered certificate's atoms are among these (then they are empty too)."""
        if not self._nogoods:
            return False
        strict_set = frozenset(strict)
        both = strict_set.union(weak)
        for a in strict_set:
            for used_s, used_w in self._nogoods.get(a, ()):
                if used_s <= strict_set and used_w <= both:
                    return True
        return False

    def _combine(
        self, atoms: Sequence[Atom], weights: Sequence[Fraction], cols: list[tuple[int, ...]]
    ) -> dict[tuple[int, ...], Fraction]:
        out: dict[tuple[int, ...], Fraction] = {m: Fraction(0) for m in cols}
        out[self.zero_mono] = Fraction(0)
        for atom, w in zip(atoms, weights):
            if w == 0:
                continue
            for m, c in atom:
                out[m] = out.get(m, Fraction(0)) + w * c
        return out

    def implied(self, atom: Atom, atoms: Iterable[Atom]) -> bool:
        """Proven: the conjunction of ``atoms`` (and the domain) implies ``atom``."""
        if atom is True:
            return True
        premises = frozenset(atoms)
        if atom in premises or atom in self.domain:
            return True
        if not _is_poly(atom):
            return False
        key = (atom, premises)
        got = self._implied.get(key)
        if got is None:
            got = self._implied[key] = self._certify_implied(atom, premises)
        return got

    def _certify_implied(self, atom: Atom, premises: frozenset) -> bool:
        rows = sorted(a for a in premises if _is_poly(a)) + self.domain_poly
        cols = self._columns([atom, *rows])
        if not rows:
            return self._by_signs(atom)
        a_r, b_r = self._matrix(rows, cols)
        a_k, b_k = self._matrix([atom], cols)
        a_ub, b_ub, a_eq, b_eq = [], [], [], []
        for j, m in enumerate(cols):
            if self._mono_nonneg(m):
                a_ub.append(a_r[:, j])
                b_ub.append(a_k[0, j])
            else:
                a_eq.append(a_r[:, j])
                b_eq.append(a_k[0, j])
        a_ub.append(b_r)
        b_ub.append(b_k[0])
        x = _lp.solve(
            np.ones(len(rows)),
            np.array(a_ub),
            np.array(b_ub),
            np.array(a_eq) if a_eq else None,
            np.array(b_eq) if a_eq else None,
        )
        if x is None:
            return False
        lam = _rationals(x)
        if any(v < 0 for v in lam):
            return False
        combo = self._combine(rows, lam, cols)
        rest = {m: Fraction(0) for m in combo}
        for m, c in atom:
            rest[m] = rest.get(m, Fraction(0)) + c
        for m, c in combo.items():
            rest[m] -= c
        if rest.pop(self.zero_mono, Fraction(0)) < 0:
            return False
        return all((c >= 0) if self._mono_nonneg(m) else (c == 0) for m, c in rest.items())

    def _by_signs(self, atom: Atom) -> bool:
        """Whether the symbols' signs alone imply the (polynomial) atom."""
        if not _is_poly(atom):
            return False
        return all(c >= 0 and (m == self.zero_mono or self._mono_nonneg(m)) for m, c in atom)

    def irredundant(self, atoms: Iterable[Atom]) -> frozenset:
        """The atoms without those the others (and the domain) imply, dropped one at a time."""
        current = {a for a in atoms if a is not True}
        # Try the longest atoms first, so that the simplest statements stay.
        for atom in sorted(current, key=lambda a: (-len(a) if _is_poly(a) else 0, str(a))):
            if atom in self.domain:
                current.discard(atom)
                continue
            others = current - {atom}
            if self.implied(atom, others):
                current = others
        return frozenset(current)

    # ------------------------------------------------------------ witnesses
    def union(self, terms: Iterable[frozenset]) -> list[frozenset]:
        """A short list of conjunctions whose union is the union of ``terms`` (each simplified).

        Drops terms contained in others, then repeatedly replaces two adjacent
        terms (one has an atom, the other its negation) by their envelope when
        their union is convex: the envelope ``E`` (the atoms of each implied by
        the other) equals the union exactly when, for every atom ``a`` of the
        first and ``b`` of the second outside ``E``, no point of ``E`` has
        ``a < 0`` and ``b < 0`` (Bemporad, Fukuda & Torrisi, "Convexity
        recognition of the union of polyhedra", *Comput. Geom.* 18, 2001).
        Every step is proved exactly; what cannot be proved stays apart. Above
        ``FULL_UNION_TERMS`` terms only the syntactic merge ``A & k | A & -k``
        is tried (the union is exact either way, only longer).
        """
        out: list[frozenset] = []
        for t in terms:
            t = self.irredundant(t)
            if t not in out:
                out.append(t)
        # An interior point of each term: a term can only lie inside another if
        # its point does, which rules out most pairs without linear programming.
        points = {t: self.interior(t)[1] for t in out}
        failed: set[tuple[frozenset, frozenset]] = set()
        changed = True
        while changed and len(out) > 1:
            changed = False
            for i, j in _pairs(len(out)):
                ti, tj = out[i], out[j]
                if (ti, tj) in failed:
                    continue
                if len(out) > FULL_UNION_TERMS and points.get(tj) is None:
                    pass
                elif self._inside(tj, ti, points.get(tj)):
                    del out[j]
                    changed = True
                    break
                if len(out) > FULL_UNION_TERMS and points.get(ti) is None:
                    pass
                elif self._inside(ti, tj, points.get(ti)):
                    del out[i]
                    changed = True
                    break
                if len(out) > FULL_UNION_TERMS:
                    # Large unions: only the syntactic merge A & k | A & -k == A.
                    diff_i, diff_j = ti - tj, tj - ti
                    if len(diff_i) == len(diff_j) == 1 and negate(next(iter(diff_i))) in diff_j:
                        out[i] = ti & tj
                        points[out[i]] = points.get(ti)
                        del out[j]
                        changed = True
                        break
                elif any(negate(a) in tj for a in ti if _is_poly(a)) and self._segment_inside(
                    ti, tj, points.get(ti), points.get(tj)
                ):
                    env = frozenset(a for a in ti if self.implied(a, tj)) | frozenset(
                        b for b in tj if self.implied(b, ti)
                    )
                    ri, rj = ti - env, tj - env
                    if all(self.empty([negate(a), negate(b)], sorted(env)) for a in ri for b in rj):
                        merged = self.irredundant(env)
                        points[merged] = points.get(ti) if points.get(ti) is not None else None
                        out[i] = merged
                        del out[j]
                        changed = True
                        break
                failed.add((ti, tj))
        return out

    def _segment_inside(
        self, ti: frozenset, tj: frozenset, pi: np.ndarray | None, pj: np.ndarray | None
    ) -> bool:
        """False if a point between the two terms' points lies in neither (union not convex)."""
        if pi is None or pj is None:
            return True
        steps = np.linspace(0.0, 1.0, 17)[1:-1, None]
        pts = pi[None, :] * (1 - steps) + pj[None, :] * steps
        in_i = np.ones(len(pts), dtype=bool)
        for a in ti:
            in_i &= self.value(a, pts) >= -MARGIN
        in_j = np.ones(len(pts), dtype=bool)
        for b in tj:
            in_j &= self.value(b, pts) >= -MARGIN
        return bool((in_i | in_j).all())

    def _inside(self, inner: frozenset, outer: frozenset, point: np.ndarray | None) -> bool:
        """Proven: ``inner`` lies inside ``outer`` (``point``: a point of ``inner``, or None)."""
        if point is not None:
            pts = point[None, :]
            if any(self.value(a, pts)[0] < -MARGIN for a in outer):
                return False
        return all(self.implied(a, inner) for a in outer)

    def rational_point(self, atoms: frozenset) -> dict[sympy.Symbol, Fraction] | None:
        """A simple rational point where every atom holds strictly (checked exactly), or None."""
        if self.n == 0:
            return {} if not atoms else None
        candidates: list[np.ndarray] = []
        if all(self.is_linear(a) for a in atoms) and all(self.is_linear(d) for d in self.domain):
            for box in (10.0, None):
                t, x = self._margin(sorted(atoms), domain_margin=True, box=box)
                if t is not None and t > MARGIN:
                    candidates.append(self._small(sorted(atoms), t, x, box))
                    candidates.append(x)
                    break
        else:
            w = self._sample(atoms)
            if w is not None:
                candidates.append(w)
        # Prefer points inside the domain (no parameter at a bound), where no
        # inequality implied by the condition is tight.
        for strict_domain in (True, False):
            for x in candidates:
                for den in (1, 2, 4, 10, 100, 10**4, 10**6):
                    point = [Fraction(round(v * den), den) for v in x]
                    if self._holds_exactly(atoms, point, strict_domain):
                        return dict(zip(self.symbols, point))
        return None

    def _small(self, atoms: list[Atom], t: float, x: np.ndarray, box: float | None) -> np.ndarray:
        """Among points with half the best margin, one with small coordinates."""
        n = self.n
        rows, rhs = [], []
        for atom in atoms:
            const, lin, _, norm, *_ = self.info(atom)
            row = np.zeros(n)
            for m, c in lin.items():
                row[m.index(1)] = -c / norm
            rows.append(row)
            rhs.append(const / norm - t / 2)
        for d in self.domain_poly:
            const, lin, _, norm, *_ = self.info(d)
            row = np.zeros(n)
            for m, c in lin.items():
                row[m.index(1)] = -c / norm
            rows.append(row)
            rhs.append(const / norm - t / 2)
        bounds = [(t / 2 if nn else None, box) for nn in self.nonneg]
        got = _lp.solve(
            np.array([1.0 if nn else 0.0 for nn in self.nonneg]),
            np.array(rows) if rows else None,
            np.array(rhs) if rows else None,
            bounds=bounds,
        )
        return x if got is None else got

    def _holds_exactly(
        self, atoms: Iterable[Atom], point: list[Fraction], strict_domain: bool = False
    ) -> bool:
        if any(v < 0 or (strict_domain and v == 0) for v, nn in zip(point, self.nonneg) if nn):
            return False
        values = dict(
            zip(self.symbols, (sympy.Rational(v.numerator, v.denominator) for v in point))
        )
        for d in self.domain:
            value = self.exact_value(d, point, values)
            if value < 0 or (strict_domain and value == 0):
                return False
        return all(self.exact_value(a, point, values) > 0 for a in atoms)

    def exact_value(self, atom: Atom, point: list[Fraction], values: dict) -> Any:
        if _is_poly(atom):
            total = Fraction(0)
            for m, c in atom:
                term = Fraction(c)
                for v, e in zip(point, m):
                    if e:
                        term *= v**e
                total += term
            return total
        return atom.xreplace(values)


def _pairs(n: int) -> Iterable[tuple[int, int]]:
    return ((i, j) for i in range(n) for j in range(i + 1, n))


def _rationals(x: np.ndarray) -> list[Fraction]:
    out = []
    zero = Fraction(0)
    for v in x.tolist():
        if -1e-9 <= v <= 1e-9:  # what the rounding below would make 0 (most multipliers)
            out.append(zero)
            continue
        f = Fraction(v).limit_denominator(MAX_DENOMINATOR)
        out.append(f if abs(f) > Fraction(1, 10**9) else zero)
    return out
