"""Condition: exact conditions checked against independent methods.

The independent references: sympy's own evaluation of the relations at exact
rational points (a fine grid that includes every boundary of small integer
conditions), and sympy's univariate solver (``as_set``) for emptiness.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from arbiter.conditions import Condition, exact_number
from arbiter.errors import ArgumentTypeError, InvalidArgumentError

x, y = sympy.symbols("x y", nonnegative=True)
u = sympy.Symbol("u", real=True)

#: Exact grid on [0, 3]^2 with step 1/2: many boundaries a*x + b*y = c of small
#: integer coefficients pass through grid points, so strict/weak errors show.
STEPS = [Fraction(k, 2) for k in range(7)]
GRID = list(product(STEPS, STEPS))

OPS = [sympy.Gt, sympy.Ge, sympy.Lt, sympy.Le, sympy.Eq]


@st.composite
def relations(draw, symbols=(x, y)):
    coeffs = [draw(st.integers(-3, 3)) for _ in symbols]
    if not any(coeffs):
        coeffs[0] = 1
    const = draw(st.integers(-6, 6))
    op = draw(st.sampled_from(OPS))
    lhs = sum((c * s for c, s in zip(coeffs, symbols)), sympy.S(0))
    return op(lhs, const)


@st.composite
def booleans(draw, depth=2, symbols=(x, y)):
    if depth == 0 or draw(st.booleans()):
        return draw(relations(symbols))
    kind = draw(st.sampled_from(["and", "or", "not"]))
    if kind == "not":
        return sympy.Not(draw(booleans(depth - 1, symbols)))
    parts = [draw(booleans(depth - 1, symbols)) for _ in range(draw(st.integers(2, 3)))]
    return sympy.And(*parts) if kind == "and" else sympy.Or(*parts)


def truth(expr, point) -> bool:
    """Independent: sympy decides the relation at an exact point."""
    return bool(expr.xreplace({x: sympy.Rational(point[0]), y: sympy.Rational(point[1])}))


def as_point(point):
    return {"x": point[0], "y": point[1]}


# ------------------------------------------------------------------ meaning
@settings(max_examples=30, deadline=None)
@given(booleans())
def test_from_sympy_and_simplify_keep_meaning_on_an_exact_grid(expr):
    c = Condition.from_sympy(expr, symbols=[x, y])
    for point in GRID:
        assert c.holds(as_point(point)) == truth(expr, point), (str(c), point)


@settings(max_examples=20, deadline=None)
@given(booleans(depth=1), booleans(depth=1))
def test_and_or_not_agree_with_the_grid(a, b):
    ca, cb = Condition.from_sympy(a, symbols=[x, y]), Condition.from_sympy(b, symbols=[x, y])
    both, either, neither = ca & cb, ca | cb, ~ca
    for point in GRID:
        ta, tb = truth(a, point), truth(b, point)
        at = as_point(point)
        assert both.holds(at) == (ta and tb)
        assert either.holds(at) == (ta or tb)
        assert neither.holds(at) == (not ta)


@settings(max_examples=20, deadline=None)
@given(booleans(depth=1), booleans(depth=1))
def test_implies_and_equality_agree_with_the_grid(a, b):
    ca, cb = Condition.from_sympy(a, symbols=[x, y]), Condition.from_sympy(b, symbols=[x, y])
    if ca.implies(cb):
        assert all(truth(b, p) for p in GRID if truth(a, p))
    if ca == cb:
        assert all(truth(a, p) == truth(b, p) for p in GRID)
    # and equality by meaning is reflexive through a round trip
    assert Condition.from_sympy(ca.to_sympy(), symbols=[x, y]) == ca


@settings(max_examples=30, deadline=None)
@given(booleans())
def test_evaluate_agrees_with_holds_on_the_grid(expr):
    c = Condition.from_sympy(expr, symbols=[x, y])
    xs = np.array([float(p[0]) for p in GRID])
    ys = np.array([float(p[1]) for p in GRID])
    got = c.evaluate(x=xs, y=ys)
    assert got.tolist() == [c.holds(as_point(p)) for p in GRID]


# ------------------------------------------------------------------ emptiness
@st.composite
def univariate(draw):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        a = draw(st.sampled_from([-3, -2, -1, 1, 2, 3]))
        c = draw(st.integers(-5, 5))
        parts.append(draw(st.sampled_from(OPS[:4]))(a * u, c))
    return sympy.And(*parts)


@settings(max_examples=50, deadline=None)
@given(univariate())
def test_is_empty_agrees_with_sympy_solveset(expr):
    """Independent: sympy's univariate inequality solver (u real, no sign)."""
    c = Condition.from_sympy(expr, symbols=[u])
    assert c.is_empty() == (expr.as_set() == sympy.S.EmptySet), str(expr)


@settings(max_examples=20, deadline=None)
@given(booleans(depth=1))
def test_is_empty_and_is_universal_agree_with_the_grid(expr):
    c = Condition.from_sympy(expr, symbols=[x, y])
    values = [truth(expr, p) for p in GRID]
    if c.is_empty():
        assert not any(values)
    if c.is_universal():
        assert all(values)
    if any(values):
        assert not c.is_empty()


def test_lower_dimensional_sets_are_not_empty():
    line = Condition.from_sympy(sympy.Eq(x + y, 2) & (x >= 2))
    assert not line.is_empty() and line.holds({"x": 2, "y": 0})
    assert Condition.from_sympy(sympy.Eq(x + y, 2) & (x > 2)).is_empty()


# ------------------------------------------------------------------ the point rule
def test_a_float_means_the_number_it_prints():
    le, ge = Condition.from_sympy(10 * x <= 1), Condition.from_sympy(10 * x >= 1)
    assert le.holds({"x": 0.1}) and ge.holds({"x": 0.1})
    assert le.evaluate(x=0.1) and ge.evaluate(x=0.1)
    assert exact_number(0.1) == Fraction(1, 10)
    assert exact_number(np.float64(2.5)) == Fraction(5, 2)


def test_bad_points_are_refused_with_names():
    c = Condition.from_sympy(x > 1)
    with pytest.raises(InvalidArgumentError, match=r"give no value for \['x'\]"):
        c.holds({})
    with pytest.raises(InvalidArgumentError, match=r"must be >= 0"):
        c.holds({"x": -1})
    with pytest.raises(ArgumentTypeError, match="boolean"):
        c.holds({"x": True})
    with pytest.raises(InvalidArgumentError, match="finite"):
        c.holds({"x": float("nan")})
    with pytest.raises(ArgumentTypeError):
        Condition.from_sympy("x > 1")


# ------------------------------------------------------------------ printing
def test_plain_text_and_latex():
    c = Condition.from_sympy((x > 1) & (x <= 3) & (y >= 2 * x))
    assert str(c) == "1 < x <= 3 and y >= 2*x"
    assert c.latex() == r"1 < x \leq 3 \wedge y \geq 2 x"
    assert c._repr_latex_() == f"${c.latex()}$"
    assert str(Condition.from_sympy((x > 3) | (x < 1))) in ("x < 1 or x > 3", "x > 3 or x < 1")
    assert str(Condition.from_sympy(x >= x)) == "True"
    assert str(Condition.from_sympy(x < 0)) == "False"


def test_redundant_and_impossible_parts_vanish():
    c = Condition.from_sympy((x > 1) & (x > 2) & (y >= 0))
    assert str(c) == "x > 2"
    assert Condition.from_sympy(((x >= 1) & (x <= 0)) | (y > 1)) == (y > 1)
    assert str(Condition.from_sympy(((x >= 1) & (y > 2)) | ((x < 1) & (y > 2)))) == "y > 2"


def test_domain_boundary_is_printed_as_an_equality():
    p = sympy.Symbol("p", nonnegative=True)
    c = Condition.from_sympy((3 * p < 1) | (p >= 1), domain=[1 - p])
    assert "p = 1" in str(c)
    assert c.holds({"p": 1}) and not c.holds({"p": Fraction(1, 2)})


def test_subs_and_bool():
    c = Condition.from_sympy((x > 1) & (y > x))
    assert str(c.subs({"x": 2})) == "y > 2"
    assert bool(c.subs({"x": 2, "y": 3})) is True
    assert bool(c.subs({"x": 2, "y": 1})) is False
    with pytest.raises(TypeError, match="depends on"):
        bool(c)


def test_immutable():
    c = Condition.from_sympy(x > 1)
    with pytest.raises(AttributeError):
        c._cells = ()


# ------------------------------------------------------------------ regions in the library
def _inequalities(text: str) -> int:
    """Inequalities in printed text; a chain ``a < x < b`` counts as two."""
    return sum(text.count(op) for op in ("<", ">", "=")) - text.count("<=") - text.count(">=")


def test_s1_region_over_four_parameters_is_as_short_as_by_hand():
    """By hand (others at the defaults: e v T = 2v/5, the clash risk rho L = 1, k_tor = 1,
    k_300 = 3, a_n < 0 so Iran absorbs deep raids, h > 0 so Israel strikes entrenched
    forces): Iran restrains iff the air-support threat is credible (2v/5 > k_w) and
    outweighs its gain from entrenching (w > 1); Israel stays limited iff TOR-M1 is
    credible (2v/5 > 2, v > 5) and outweighs its gain from deep raids (s_tor > 2), or S-300
    is credible (2v/5 > 4, v > 10; s_300 = 6 > 2): five inequalities. The printed region
    may not be longer."""
    from arbiter.analysis import status_quo_region
    from arbiter.scenarios.syria.border_deal import border_deal

    v, w, s, k = sympy.symbols("v w s_tor k_w", nonnegative=True)
    by_hand = (2 * v > 5 * k) & (v > 5) & (w > 1) & ((s > 2) | (v > 10))
    region = status_quo_region(border_deal(), free=("w", "s_tor", "v", "k_w"))
    assert region.condition == by_hand
    text = str(region.condition)
    assert _inequalities(text) <= 5, text
    assert " and " in text and "&" not in text and "|" not in text


def test_first_version_s1_region_over_four_parameters_is_as_short_as_by_hand():
    """The first version (lump-sum r), by hand: stable iff r > max(1, k_w), w > 1, and either
    2 < s_tor < 5 (TOR-M1 deters deep raids; k_tor = 1) or w > 3 (air support deters
    entrenchment outright) with r > 3 or s_tor > 2 (S-300 or TOR-M1 deters deep raids).
    The cases overlap (s_tor > 2 with 2 < s_tor < 5): eight inequalities, one fewer than
    the disjoint form (s_tor >= 5 or (r > 3 and s_tor <= 2)) that this test used to state."""
    from arbiter.analysis import status_quo_region
    from arbiter.scenarios.syria.border_deal import border_deal

    r, w, s, k = sympy.symbols("r w s_tor k_w", nonnegative=True)
    by_hand = (r > 1) & (r > k) & (w > 1) & (((s > 2) & (s < 5)) | ((w > 3) & ((r > 3) | (s > 2))))
    disjoint = (
        (r > 1)
        & (r > k)
        & (w > 1)
        & (((s > 2) & (s < 5)) | ((w > 3) & ((s >= 5) | ((r > 3) & (s <= 2)))))
    )
    model = border_deal(credibility="lump-sum")
    region = status_quo_region(model, free=("w", "s_tor", "r", "k_w"))
    assert region.condition == by_hand
    assert region.condition == disjoint
    text = str(region.condition)
    assert _inequalities(text) <= 8, text
    assert " and " in text and "&" not in text and "|" not in text


def test_first_version_s1_full_region_is_as_short_as_by_hand():
    """All 14 parameters free (first version), by hand. Russia's stakes v beat every other
    outcome for it, so the status quo is stable iff some posture makes every SPE of its
    subgame reach it (off the face v = 0, see the region's caveat). A threat is carried
    out iff r > its cost k. With S-300 (or TOR-M1, or both: their deterrents add up)
    credible: Israel stays limited iff g_d < s, and Iran restrains iff Israel would
    strike its entrenched forces (s < g_d + h) and those raids cost it more than
    entrenching gains (g_e < d_r). Adding the air-support threat (credible: r > k_w),
    Iran restrains also iff g_e < w (whatever Israel does) or, with Israel striking,
    g_e < w + d_r. Nine cases, 42 inequalities; the printed region may not be longer.
    """
    from arbiter.analysis import status_quo_region
    from arbiter.scenarios.syria.border_deal import border_deal

    names = "g_e d_r w g_d h s_300 s_tor r k_w k_300 k_tor"
    g_e, d_r, w, g_d, h, s3, st, r, k_w, k3, kt = sympy.symbols(names, nonnegative=True)

    def deters(s, credible):
        """Israel limited after Restrain; Iran restrains."""
        strikes = (g_d < s) & (s < g_d + h)
        alone = credible & strikes & (g_e < d_r)
        with_air = (
            (r > k_w) & credible & (g_d < s) & ((g_e < w) | ((s < g_d + h) & (g_e < w + d_r)))
        )
        return alone | with_air

    by_hand = deters(s3, r > k3) | deters(st, r > kt) | deters(s3 + st, (r > k3) & (r > kt))
    region = status_quo_region(border_deal(credibility="lump-sum"))
    assert region.condition == by_hand
    assert len(region.condition) <= 9
    assert region.condition.size <= 42


@pytest.mark.parametrize("scenario", ["S1", "S2"])
def test_no_regime_or_region_case_of_a_shipped_scenario_is_empty(scenario):
    from arbiter.analysis import status_quo_region
    from arbiter.scenarios.syria.border_deal import border_deal
    from arbiter.scenarios.syria.escalation import escalation

    if scenario == "S1":
        region = status_quo_region(border_deal(), free=("w", "s_tor", "v", "k_w"))
    else:
        region = status_quo_region(escalation(), free=("u_r", "g_s"))  # as in the report
    assert region.regimes
    for regime in region.regimes:
        assert not regime.condition.is_empty(), str(regime)
        assert regime.witness is not None and regime.holds(regime.witness)
    for case in (*region.condition.cases(), *region.some_equilibrium.cases()):
        assert not case.is_empty(), str(case)


# ------------------------------------------------- the failure set is the complement
@pytest.mark.parametrize(
    ("credibility", "free"),
    [
        ("lump-sum", ("w", "s_tor", "r", "k_w")),
        ("stakes", ("w", "s_tor", "v", "k_w")),
        ("stakes", ("w", "v")),
    ],
)
def test_fails_is_the_complement_of_the_region(credibility, free):
    """``StabilityRegion.fails`` (the unstable regimes' union) is exactly ``~condition``.

    Decided by Condition equality (exact), and checked at exact random points of the
    box against subgame perfection.
    """
    import random

    from arbiter.analysis import status_quo_region
    from arbiter.scenarios.syria import border_deal
    from arbiter.solve.spe import subgame_perfect_outcomes

    model = border_deal(credibility=credibility)
    region = status_quo_region(model, free=free)
    assert region.fails == ~region.condition
    assert (region.fails & region.condition).is_empty()
    rng = random.Random(7)
    for _ in range(25):
        # generic exact points (off every boundary, where ties would need the caveat)
        point = {}
        for n in free:
            p = model.parameters[n]
            point[n] = p.low + (p.high - p.low) * Fraction(rng.randint(1, 999_999), 1_000_000)
        outcomes = subgame_perfect_outcomes(model.game.subs({**model.values(), **point}))
        stable = all(
            sum(p for label, p in o.items() if model.is_status_quo(label)) == 1 for o in outcomes
        )
        assert region.fails.holds(point) == (not stable), point


# ------------------------------------------------- complements by transversals
@st.composite
def cells_conditions(draw):
    """Unions of two to five cells of one to three random literals in x, y."""
    cases = []
    for _ in range(draw(st.integers(2, 5))):
        lits = [draw(relations()) for _ in range(draw(st.integers(1, 3)))]
        lits = [r for r in lits if not isinstance(r, sympy.Eq)] or [x > 1]
        cases.append(sympy.And(*lits))
    return sympy.Or(*cases)


@settings(max_examples=40, deadline=None)
@given(cells_conditions())
def test_complement_agrees_with_the_grid(expr):
    """``~c`` (transversals with exact pruning) against sympy's truth at every grid point."""
    c = Condition.from_sympy(expr, symbols=[x, y])
    neither = ~c
    for point in GRID:
        assert neither.holds(as_point(point)) == (not truth(expr, point)), (str(c), point)
    assert (neither & c).is_empty()
    assert (neither | c).is_universal()


def test_complement_of_nothing_and_everything():
    assert (~Condition.false([x, y])).is_universal()
    assert (~Condition.true([x, y])).is_empty()


# ------------------------------------------------- regions of models nobody hand-wrote
def _every_spe_is_status_quo(model, point) -> bool:
    from arbiter.solve.spe import subgame_perfect

    spe = subgame_perfect(model.at(point))
    return all(
        sum((q for label, q in dist.items() if model.is_status_quo(label)), 0) == 1
        for dist in spe.outcome_counts
    )


def _on_a_boundary(region, at) -> bool:
    """Whether some inequality of the region (or of its complement) is an equality at ``at``."""
    for cond in (region.condition, region.fails):
        for rel in cond.to_sympy().atoms(sympy.core.relational.Relational):
            subs = {
                s: sympy.Rational(at[s.name].numerator, at[s.name].denominator)
                for s in rel.free_symbols
            }
            if (rel.lhs - rel.rhs).xreplace(subs) == 0:
                return True
    return False


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_region_of_random_models_agrees_with_subgame_perfection(data):
    """The exact region (the complement of the unstable regimes) at exact points off its
    boundaries, against "every SPE of the substituted tree reaches the status quo"."""
    from hypothesis import assume

    from arbiter.analysis import status_quo_region
    from arbiter.errors import NotSupportedError
    from arbiter.testing.strategies import models, points

    model = data.draw(models(n_parameters=3, chance=False, infosets=False, max_depth=3))
    assume(model.game.parameters)
    assume(any(model.is_status_quo(label) for label in model.outcome_labels))
    try:
        region = status_quo_region(model)
    except NotSupportedError:
        assume(False)
    used = {s.name for s in model.game.parameters}
    for _ in range(4):
        point = data.draw(points(model, ties=False, max_denominator=97))
        at = {k: v for k, v in point.items() if k in used}
        if _on_a_boundary(region, at):
            continue
        assert region.holds(at) == _every_spe_is_status_quo(model, point), (str(region), point)
