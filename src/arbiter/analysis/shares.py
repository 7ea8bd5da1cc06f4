r"""The share of a parameter box where a condition holds: exact where it can be.

For a :class:`~arbiter.conditions.Condition` :math:`C` and a box
:math:`B = \prod_i [l_i, h_i]` of parameter ranges (uniform draws), the share
is :math:`\operatorname{vol}(C \cap B) / \operatorname{vol}(B)`, which is
Zagare and Kilgour's probability of credibility when :math:`C` is a threat's
credibility condition.

**Exact.** When :math:`C` mentions one or two parameters and every
inequality in it is linear, each case of :math:`C` (a conjunction) cut with
the box is a convex polygon (an interval in one parameter). The polygon is
obtained by clipping the box with one half-plane after the other
(Sutherland–Hodgman) in :class:`fractions.Fraction` arithmetic, its area by
the shoelace formula, and the area of the union of the cases by
inclusion–exclusion over intersections of cases (each again a convex
polygon; a subset whose intersection is empty prunes all its supersets).
Strict and weak inequalities give the same area. The result is an exact
rational: for S1, :math:`P(k_w < r) = 5/8` with :math:`r \sim U[0, 8]`,
:math:`k_w \sim U[0, 6]`.

**Sampled.** Otherwise (three or more parameters, a non-linear inequality,
more than :data:`MAX_CASES` cases) the share is estimated from ``n`` uniform
draws (seeded) with a 95% Wilson interval, and the result says so.

Why by hand: shapely clips polygons in floats, and the point here is an
exact rational; the clipping loop is twenty lines.

>>> from arbiter.scenarios.syria.border_deal import border_deal
>>> from arbiter.analysis.region import status_quo_region
>>> from arbiter.leverage import credibility
>>> model = border_deal()
>>> s = box_share(status_quo_region(model, free=("w", "v")).condition, model)
>>> s.value, s.exact
(Fraction(21, 40), True)
>>> print(s)
21/40 (52.5%, exact)
>>> print(box_share(credibility(model, "withdraw air support").condition, model))
47.8% (95% interval 47.1% to 48.4%; 20,000 draws)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from arbiter.analysis.robustness import wilson_interval
from arbiter.conditions import Condition
from arbiter.errors import ArgumentTypeError, InvalidArgumentError

__all__ = ["MAX_CASES", "Share", "box_share"]

#: Inclusion–exclusion over more cases than this falls back to sampling.
MAX_CASES = 12

#: A half-plane ``a . x + c >= 0`` over the (one or two) parameters.
HalfPlane = tuple[tuple[Fraction, ...], Fraction]


@dataclass(frozen=True)
class Share:
    """The share of a box where a condition holds.

    Attributes
    ----------
    value:
        The share: a :class:`~fractions.Fraction` when exact, a float when sampled.
    exact:
        Whether ``value`` is the exact volume fraction.
    ci_low, ci_high:
        The 95% Wilson interval of a sampled share (both equal ``value`` when exact).
    n:
        The number of draws (0 when exact).
    method:
        How it was computed, in words.
    """

    value: Fraction | float
    exact: bool
    ci_low: float
    ci_high: float
    n: int
    method: str

    def __float__(self) -> float:
        return float(self.value)

    def __str__(self) -> str:
        if self.exact:
            if isinstance(self.value, Fraction) and self.value.denominator != 1:
                return f"{self.value} ({float(self.value):.1%}, exact)"
            return f"{float(self.value):.0%} (exact)"
        return (
            f"{float(self.value):.1%} (95% interval {self.ci_low:.1%} to {self.ci_high:.1%}; "
            f"{self.n:,} draws)"
        )


def box_share(
    condition: Condition,
    box: Any,
    *,
    n: int = 20_000,
    seed: int = 0,
) -> Share:
    """The share of ``box`` where ``condition`` holds, exact when it can be (see module doc).

    Parameters
    ----------
    condition:
        A :class:`~arbiter.conditions.Condition`.
    box:
        A :class:`~arbiter.games.model.Model` (its parameters' plausible
        ranges) or a mapping ``{name: (low, high)}``; it must give a range
        for every parameter the condition mentions.
    n, seed:
        Draws and seed for the sampled fallback.
    """
    if not isinstance(condition, Condition):
        raise ArgumentTypeError(f"box_share(): condition must be a Condition; got {condition!r}")
    ranges = _ranges(box, condition.parameters)
    if condition.is_empty():
        return Share(Fraction(0), True, 0.0, 0.0, 0, "exact: the condition is empty")
    if condition.is_universal():
        return Share(Fraction(1), True, 1.0, 1.0, 0, "exact: the condition always holds")
    names = condition.parameters
    planes = _cases(condition, names) if len(names) <= 2 else None
    if planes is not None and all(hi > lo for lo, hi in (ranges[k] for k in names)):
        value = _union_measure(planes, [ranges[k] for k in names])
        total = Fraction(1)
        for k in names:
            lo, hi = ranges[k]
            total *= hi - lo
        share = value / total
        how = "interval lengths" if len(names) == 1 else "polygon clipping"
        return Share(share, True, float(share), float(share), 0, f"exact ({how})")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidArgumentError(f"box_share(): n must be a positive integer; got {n!r}")
    rng = np.random.default_rng(seed)
    draws = {k: rng.uniform(float(ranges[k][0]), float(ranges[k][1]), size=n) for k in names}
    held = int(np.count_nonzero(np.broadcast_to(condition.evaluate(draws), (n,))))
    lo, hi = wilson_interval(held, n)
    return Share(held / n, False, lo, hi, n, f"sampled ({n:,} uniform draws, seed {seed})")


def _ranges(box: Any, names: Sequence[str]) -> dict[str, tuple[Fraction, Fraction]]:
    from arbiter.games.model import Model

    if isinstance(box, Model):
        box = {k: (p.low, p.high) for k, p in box.parameters.items()}
    if not isinstance(box, Mapping):
        raise ArgumentTypeError(
            f"box_share(): box must be a Model or a mapping {{name: (low, high)}}; got {box!r}"
        )
    out = {}
    for name in names:
        if name not in box:
            raise InvalidArgumentError(
                f"box_share(): the box gives no range for {name!r}; it has {sorted(box)}"
            )
        lo, hi = box[name]
        out[name] = (Fraction(str(lo)), Fraction(str(hi)))
    return out


def _cases(condition: Condition, names: Sequence[str]) -> list[list[HalfPlane]] | None:
    """Each case as half-planes ``a . x + c >= 0``; ``None`` if some inequality is not linear."""
    symbols = {s.name: s for s in condition.free_symbols}
    order = [symbols[k] for k in names]
    if len(condition.cases()) > MAX_CASES:
        return None
    out = []
    for case in condition.cases():
        expr = case.to_sympy()
        rels = expr.args if isinstance(expr, sympy.And) else (expr,)
        planes: list[HalfPlane] = []
        for rel in rels:
            if rel is sympy.true:
                continue
            if rel is sympy.false:
                planes.append(((Fraction(0),) * len(order), Fraction(-1)))
                continue
            if not isinstance(rel, sympy.core.relational.Relational):
                return None
            diff = sympy.expand(rel.lhs - rel.rhs)
            sides = (
                [diff, -diff]
                if isinstance(rel, sympy.Eq)
                else [diff if rel.rel_op in (">", ">=") else -diff]
            )
            for side in sides:
                plane = _linear(side, order)
                if plane is None:
                    return None
                planes.append(plane)
        out.append(planes)
    return out


def _linear(expr: sympy.Expr, symbols: Sequence[sympy.Symbol]) -> HalfPlane | None:
    try:
        poly = sympy.Poly(expr, *symbols)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() > 1 or not all(c.is_Rational for c in poly.coeffs()):
        return None
    coeffs = []
    for s in symbols:
        c = poly.coeff_monomial(s)
        coeffs.append(Fraction(int(c.p), int(c.q)))
    c0 = poly.coeff_monomial(1)
    return tuple(coeffs), Fraction(int(c0.p), int(c0.q))


def _union_measure(cases: list[list[HalfPlane]], box: list[tuple[Fraction, Fraction]]) -> Fraction:
    """The length / area of the union of the cases inside the box (inclusion–exclusion)."""
    total = Fraction(0)

    def visit(start: int, planes: list[HalfPlane], size: int) -> None:
        nonlocal total
        for k in range(start, len(cases)):
            joined = planes + cases[k]
            m = _measure(joined, box)
            if m == 0:
                continue  # every superset of an empty (or null) intersection is null too
            total += m if size % 2 == 0 else -m
            visit(k + 1, joined, size + 1)

    visit(0, [], 0)
    return total


def _measure(planes: list[HalfPlane], box: list[tuple[Fraction, Fraction]]) -> Fraction:
    if len(box) == 1:
        lo, hi = box[0]
        for (a,), c in planes:
            if a > 0:
                lo = max(lo, -c / a)
            elif a < 0:
                hi = min(hi, -c / a)
            elif c < 0:
                return Fraction(0)
        return max(hi - lo, Fraction(0))
    (x0, x1), (y0, y1) = box
    poly = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    for (a, b), c in planes:
        poly = _clip(poly, a, b, c)
        if len(poly) < 3:
            return Fraction(0)
    area = Fraction(0)
    for (xa, ya), (xb, yb) in zip(poly, poly[1:] + poly[:1]):
        area += xa * yb - xb * ya
    return abs(area) / 2


def _clip(
    poly: list[tuple[Fraction, Fraction]], a: Fraction, b: Fraction, c: Fraction
) -> list[tuple[Fraction, Fraction]]:
    """Sutherland–Hodgman: the part of the convex polygon where ``a x + b y + c >= 0``."""
    out = []
    for p, q in zip(poly, poly[1:] + poly[:1]):
        fp = a * p[0] + b * p[1] + c
        fq = a * q[0] + b * q[1] + c
        if fp >= 0:
            out.append(p)
        if (fp > 0 and fq < 0) or (fp < 0 and fq > 0):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out
