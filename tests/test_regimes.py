"""Regimes of symbolic trees: exact conditions, ties, classification, and a property test.

The property test compares every regime with an independent numeric backward
induction (written below, exact Fractions, every pure subgame-perfect
profile with ties) on ``tree.subs(point)``, at random exact points.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from itertools import product
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.tree import (
    Chance,
    Decision,
    Node,
    Outcome,
    SequentialGame,
    chance,
    decision,
    outcome,
)
from arbiter.solve.regimes import (
    Regime,
    RegimeClassifier,
    classify,
    outcome_condition,
    regimes,
)


def nonneg(names: str) -> tuple[sympy.Symbol, ...]:
    return tuple(sympy.Symbol(n, nonnegative=True) for n in names.split())


# ================================================================== trees
def entry_tree() -> SequentialGame:
    """Entry deterrence (Selten 1978) with the incumbent's payoffs as symbols f, a."""
    f, a = nonneg("f a")
    return SequentialGame(
        decision(
            "Entrant",
            {
                "Out": outcome({"Entrant": 0, "Incumbent": 2}, label="no entry"),
                "In": decision(
                    "Incumbent",
                    {
                        "Fight": outcome({"Entrant": -1, "Incumbent": f}, label="war"),
                        "Accommodate": outcome({"Entrant": 1, "Incumbent": a}, label="shared"),
                    },
                ),
            },
        )
    )


def entry_full_tree() -> SequentialGame:
    """Entry deterrence with every payoff that matters symbolic (entrant: gain b, loss c)."""
    f, a, b, c, m = nonneg("f a b c m")
    return SequentialGame(
        decision(
            "Entrant",
            {
                "Out": outcome({"Entrant": 0, "Incumbent": m}, label="no entry"),
                "In": decision(
                    "Incumbent",
                    {
                        "Fight": outcome({"Entrant": -c, "Incumbent": f}, label="war"),
                        "Accommodate": outcome({"Entrant": b, "Incumbent": a}, label="shared"),
                    },
                ),
            },
        )
    )


S1_NAMES = "g_I d_I w c g_D e s v k c_w c_s r"


def border_deal_tree() -> SequentialGame:
    """An S1-like border deal (SCENARIOS.md): posture, Iran, Israel, Russia's follow-through.

    Russia announces no threat, a threat to Iran (withdraw air support if it
    entrenches), a threat to Israel (supply S-300 if it raids deep) or both.
    Iran restrains or entrenches; Israel keeps strikes limited or raids deep;
    where a threat's trigger happened, Russia carries it out (at cost c_w /
    c_s) or backs down (reputation cost r).
    """
    g_i, d_i, w, c, g_d, e, s, v, k, c_w, c_s, r = nonneg(S1_NAMES)

    def leaf(entrench: bool, deep: bool, withdrawn: bool, supplied: bool, backdowns: int) -> Node:
        iran = (g_i if entrench else 0) - (d_i if deep else 0) - (w if withdrawn else 0)
        israel = (
            (-c if entrench and not deep else 0)
            + (g_d if deep else 0)
            + (e if entrench and deep else 0)
            - (s if supplied else 0)
        )
        quiet = not (entrench or deep or withdrawn or supplied)
        russia = (
            (v if quiet else 0)
            - (k if entrench and deep else 0)
            - (c_w if withdrawn else 0)
            - (c_s if supplied else 0)
            - r * backdowns
        )
        return outcome(
            {"Russia": russia, "Iran": iran, "Israel": israel},
            label="status quo" if quiet else None,
        )

    def follow_through(warn_iran: bool, warn_israel: bool, entrench: bool, deep: bool) -> Node:
        def israel_threat(withdrawn: bool, backdowns: int) -> Node:
            if warn_israel and deep:
                return decision(
                    "Russia",
                    {
                        "supply": leaf(entrench, deep, withdrawn, True, backdowns),
                        "back down": leaf(entrench, deep, withdrawn, False, backdowns + 1),
                    },
                )
            return leaf(entrench, deep, withdrawn, False, backdowns)

        if warn_iran and entrench:
            return decision(
                "Russia",
                {"withdraw": israel_threat(True, 0), "back down": israel_threat(False, 1)},
            )
        return israel_threat(False, 0)

    def posture(warn_iran: bool, warn_israel: bool) -> Node:
        return decision(
            "Iran",
            {
                move: decision(
                    "Israel",
                    {
                        raid: follow_through(
                            warn_iran, warn_israel, move == "entrench", raid == "deep"
                        )
                        for raid in ("limited", "deep")
                    },
                )
                for move in ("restrain", "entrench")
            },
        )

    root = decision(
        "Russia",
        {
            "none": posture(False, False),
            "warn Iran": posture(True, False),
            "warn Israel": posture(False, True),
            "both": posture(True, True),
        },
    )
    return SequentialGame(root, players=("Russia", "Iran", "Israel"))


def escalation_tree() -> SequentialGame:
    """An S2-like tree with a chance node whose probability p is a parameter (nonlinear)."""
    p, h, li, f, b, g, big_l, big_d, t = nonneg("p h l F B g L D t")
    return SequentialGame(
        decision(
            "Iran",
            {
                "absorb": outcome({"Iran": -h, "Russia": 0}, label="absorb"),
                "limited": outcome({"Iran": li - h, "Russia": -t}, label="limited"),
                "strike": chance(
                    {
                        "US responds": (
                            p,
                            decision(
                                "Russia",
                                {
                                    "neutral": outcome({"Iran": -f, "Russia": -big_l}, label="war"),
                                    "back Iran": outcome(
                                        {"Iran": b - f, "Russia": -big_d}, label="war, Russia in"
                                    ),
                                },
                            ),
                        ),
                        "US stays out": (1 - p, outcome({"Iran": g, "Russia": -t}, label="strike")),
                    }
                ),
            },
        )
    )


@cache
def solved(name: str) -> tuple[SequentialGame, tuple[Regime, ...]]:
    tree = {
        "entry": entry_tree,
        "entry_full": entry_full_tree,
        "border": border_deal_tree,
        "escalation": escalation_tree,
    }[name]()
    return tree, regimes(tree)


# ======================================== independent numeric backward induction
def _numbers(tree: SequentialGame) -> None:
    assert tree.kind == "exact", tree.kind


def values_under(tree: SequentialGame, profile: dict[str, str]) -> dict[tuple[str, ...], tuple]:
    """Exact expected payoffs of every subtree of a numeric tree under a pure profile."""
    _numbers(tree)
    n = tree.n_players
    out: dict[tuple[str, ...], tuple] = {}

    def visit(node: Node, path: tuple[str, ...]) -> tuple:
        if isinstance(node, Outcome):
            val = tuple(Fraction(v) for v in node.payoffs)
        elif isinstance(node, Chance):
            kids = [(Fraction(p), visit(c, (*path, b))) for b, p, c in node.branches]
            val = tuple(sum(q * v[i] for q, v in kids) for i in range(n))
        else:
            assert isinstance(node, Decision)
            kids = {a: visit(c, (*path, a)) for a, c in node.moves}
            val = kids[profile[tree.infoset_of(path)]]
        out[path] = val
        return val

    visit(tree.root, ())
    return out


def is_subgame_perfect(tree: SequentialGame, profile: dict[str, str]) -> bool:
    """One-shot deviation test at every decision node, on or off the path."""
    values = values_under(tree, profile)
    for path, node in tree.nodes():
        if isinstance(node, Decision):
            m = tree.players.index(node.player)
            mine = values[(*path, profile[tree.infoset_of(path)])][m]
            if any(values[(*path, a)][m] > mine for a, _ in node.moves):
                return False
    return True


def backward_induction(tree: SequentialGame) -> tuple[dict[str, str], bool]:
    """A pure SPE (first best action on ties) and whether it is the only one (no tie anywhere)."""
    _numbers(tree)
    n = tree.n_players
    profile: dict[str, str] = {}
    unique = True

    def solve(node: Node, path: tuple[str, ...]) -> tuple:
        nonlocal unique
        if isinstance(node, Outcome):
            return tuple(Fraction(v) for v in node.payoffs)
        if isinstance(node, Chance):
            kids = [(Fraction(p), solve(c, (*path, b))) for b, p, c in node.branches]
            return tuple(sum(q * v[i] for q, v in kids) for i in range(n))
        assert isinstance(node, Decision)
        m = tree.players.index(node.player)
        kids = [(a, solve(c, (*path, a))) for a, c in node.moves]
        best = max(v[m] for _, v in kids)
        winners = [(a, v) for a, v in kids if v[m] == best]
        unique = unique and len(winners) == 1
        profile[tree.infoset_of(path)] = winners[0][0]
        return winners[0][1]

    solve(tree.root, ())
    return profile, unique


def all_pure_spe(tree: SequentialGame, limit: int = 1000) -> list[dict[str, str]]:
    """Every pure subgame-perfect profile, ties included (for points with few ties)."""
    _numbers(tree)
    n = tree.n_players

    def solve(node: Node, path: tuple[str, ...]) -> list[tuple[dict[str, str], tuple]]:
        if isinstance(node, Outcome):
            return [({}, tuple(Fraction(v) for v in node.payoffs))]
        if isinstance(node, Chance):
            kids = [solve(c, (*path, b)) for b, _, c in node.branches]
            probs = [Fraction(p) for _, p, _ in node.branches]
            out = []
            for combo in product(*kids):
                prof: dict[str, str] = {}
                for sub, _ in combo:
                    prof.update(sub)
                value = tuple(sum(q * v[i] for q, (_, v) in zip(probs, combo)) for i in range(n))
                out.append((prof, value))
            return out
        assert isinstance(node, Decision)
        kids = [solve(c, (*path, a)) for a, c in node.moves]
        mover = tree.players.index(node.player)
        h = tree.infoset_of(path)
        out = []
        for combo in product(*kids):
            best = max(v[mover] for _, v in combo)
            base: dict[str, str] = {}
            for sub, _ in combo:
                base.update(sub)
            for (a, _), (_, v) in zip(node.moves, combo):
                if v[mover] == best:
                    out.append(({**base, h: a}, v))
        assert len(out) <= limit, "too many ties for enumeration"
        return out

    return [p for p, _ in solve(tree.root, ())]


def frozen(profile: dict[str, str]) -> frozenset:
    return frozenset(profile.items())


def check_point(tree: SequentialGame, regs: tuple[Regime, ...], point: dict[str, Any]) -> None:
    """At ``point``: some regime holds; each that holds is subgame perfect there, with its
    payoffs and outcome; where the SPE is unique, exactly that regime holds."""
    numeric = tree.subs(point)
    holding = [r for r in regs if r.holds(point)]
    assert holding, f"no regime holds at {point}"
    subs = {sympy.Symbol(k, nonnegative=True): sympy.Rational(v) for k, v in point.items()}
    for r in holding:
        assert is_subgame_perfect(numeric, r.profile), (r.profile, point)
        values = values_under(numeric, r.profile)
        assert tuple(sympy.Rational(x) for x in values[()]) == tuple(
            sympy.simplify(p.xreplace(subs)) for p in r.equilibrium.payoffs
        )
        dist = numeric.outcome_labels(numeric.outcome_distribution([r.profile]))
        expected = {k: sympy.Rational(v) for k, v in dist.items() if v != 0}
        got = {k: sympy.simplify(v.xreplace(subs)) for k, v in r.outcome.items()}
        assert {k: v for k, v in got.items() if v != 0} == expected
    first, unique = backward_induction(numeric)
    if unique:
        assert [r.profile for r in holding] == [first]


def generic_points(names: list[str], count: int, seed: int) -> list[dict[str, Fraction]]:
    """Random exact points with large denominators: almost surely no mover is indifferent."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        point = {}
        for n in names:
            den = int(rng.integers(1, 1000))
            point[n] = Fraction(int(rng.integers(0, 10 * den)), den)
        out.append(point)
    return out


def names_of(tree: SequentialGame) -> list[str]:
    return [s.name for s in tree.parameters]


# ================================================================ entry deterrence
def test_entry_splits_at_f_equals_a() -> None:
    f, a = nonneg("f a")
    _, regs = solved("entry")
    assert len(regs) == 2
    deter, accommodate = regs
    assert deter.condition == sympy.Ge(f, a)
    assert accommodate.condition == sympy.Ge(a, f)
    assert deter.profile == {"Entrant:root": "Out", "Incumbent:In": "Fight"}
    assert accommodate.profile == {"Entrant:root": "In", "Incumbent:In": "Accommodate"}
    assert dict(deter.outcome) == {"no entry": 1}
    assert dict(accommodate.outcome) == {"shared": 1}
    assert deter.equilibrium.payoffs == (0, 2)
    assert accommodate.equilibrium.payoffs == (1, a)
    for r in regs:
        assert r.equilibrium.regret == 0
        assert r.equilibrium.condition == r.condition
        assert r.equilibrium.outcome == r.outcome
        assert r.equilibrium.is_behaviour and r.equilibrium.is_pure
        assert r.holds(r.witness)
    # The boundary is a tie, reported on both sides.
    (tie,) = deter.ties
    assert (tie.infoset, tie.player, tie.actions) == (
        "Incumbent:In",
        "Incumbent",
        ("Fight", "Accommodate"),
    )
    assert tie.boundary == sympy.Eq(f, a)
    assert accommodate.ties[0].actions == ("Accommodate", "Fight")
    # On the boundary both hold, and both are subgame perfect there.
    assert deter.holds({"f": 1, "a": 1}) and accommodate.holds({"f": 1, "a": 1})
    assert deter.holds({"f": 2, "a": 1}) and not accommodate.holds({"f": 2, "a": 1})


def test_entry_with_symbolic_entrant_payoffs() -> None:
    f, a = nonneg("f a")
    _, regs = solved("entry_full")
    # Entering against a fight (-c) or staying out against accommodation (b) is
    # optimal only on the domain's boundary (c = 0, b = 0): two regimes.
    assert [dict(r.outcome) for r in regs] == [{"no entry": 1}, {"shared": 1}]
    # Entry is deterred exactly when the threat to fight is credible, f >= a
    # (entering against a fight pays -c <= 0): the entrant's gain b never matters.
    assert outcome_condition(regs, "no entry") == sympy.Ge(f, a)
    assert outcome_condition(regs, "shared") == sympy.Ge(a, f)


def test_entry_latex_and_text() -> None:
    _, regs = solved("entry")
    assert regs[0].latex() == r"f \geq a"
    text = str(regs[0])
    assert "when f >= a: no entry" in text
    assert "Incumbent:In: Fight" in text
    assert "indifferent between 'Fight' and 'Accommodate'" in text


def test_entry_with_assumptions() -> None:
    f, a = nonneg("f a")
    regs = regimes(entry_tree(), assumptions=sympy.And(f >= 2, a <= 1))
    assert len(regs) == 1
    assert regs[0].condition.is_universal()
    assert dict(regs[0].outcome) == {"no entry": 1}
    # Symbols in assumptions are matched by name.
    regs = regimes(entry_tree(), assumptions=[sympy.Symbol("f") >= sympy.Symbol("a") + 1])
    assert [dict(r.outcome) for r in regs] == [{"no entry": 1}]


# ================================================================ S1-like border deal
def test_border_deal_conditions_are_exact_and_readable() -> None:
    tree, regs = solved("border")
    sym = dict(zip(S1_NAMES.split(), nonneg(S1_NAMES)))
    assert 5 <= len(regs) <= 60
    for r in regs:
        # Readable: a conjunction of linear inequalities with integer coefficients.
        assert len(r.condition.cells) == 1  # a regime is one cell
        rels = r.condition.to_sympy().args if r.condition.size > 1 else (r.condition.to_sympy(),)
        for rel in rels:
            assert isinstance(rel, (sympy.GreaterThan, sympy.LessThan))
            poly = sympy.Poly(rel.lhs - rel.rhs, *tree.parameters)
            assert poly.total_degree() == 1
            assert all(c.is_integer for c in poly.coeffs())
        assert "\\geq" in r.latex() or "\\leq" in r.latex()
        assert r.witness is not None and r.holds(r.witness)
        # Russia carries out the threat to Iran exactly when backing down costs more.
        choice = r.profile["Russia:warn Iran/entrench/limited"]
        expected = (
            sympy.Ge(sym["r"], sym["c_w"])
            if choice == "withdraw"
            else sympy.Ge(sym["c_w"], sym["r"])
        )
        assert expected in rels
        choice = r.profile["Russia:warn Israel/restrain/deep"]
        expected = (
            sympy.Ge(sym["r"], sym["c_s"]) if choice == "supply" else sympy.Ge(sym["c_s"], sym["r"])
        )
        assert expected in rels


def test_border_deal_status_quo_region() -> None:
    tree, regs = solved("border")
    region = outcome_condition(regs, "status quo")
    # A credible S-300 threat that deters deep raids, and Iran restrains because
    # entrenching would draw raids that cost it more than it gains: status quo.
    point = dict.fromkeys(S1_NAMES.split(), Fraction(1))
    point.update({"c_s": Fraction(1, 2), "s": Fraction(3), "g_I": Fraction(1), "d_I": Fraction(2)})
    assert region.holds(point)
    point["r"] = Fraction(1, 4)  # backing down is cheap: no threat is credible
    assert not region.holds(point)
    # The region agrees with the numeric solution at generic points.
    for point in generic_points(names_of(tree), 60, seed=7):
        numeric = tree.subs(point)
        outcomes = {
            tuple(numeric.outcome_labels(numeric.outcome_distribution([p])))
            for p in all_pure_spe(numeric)
        }
        inside = region.holds(point)
        assert bool(inside) == (("status quo",) in outcomes)


def test_border_deal_regimes_match_numeric_spe_at_generic_points() -> None:
    tree, regs = solved("border")
    for point in generic_points(names_of(tree), 60, seed=1):
        numeric = tree.subs(point)
        spe = {frozen(p) for p in all_pure_spe(numeric)}
        holding = {frozen(r.profile) for r in regs if r.holds(point)}
        assert holding == spe


def test_border_deal_against_subgame_perfect() -> None:
    spe_module = pytest.importorskip("arbiter.solve.spe")
    tree, regs = solved("border")
    for r in regs:
        numeric = tree.subs(dict(r.witness))
        found = {
            frozenset(
                (h, next(a for a, p in d.items() if p != 0))
                for plan in eq.strategies
                for h, d in plan.items()
            )
            for eq in spe_module.subgame_perfect(numeric)
        }
        assert frozen(r.profile) in found


# ================================================================ chance nodes
def test_escalation_with_symbolic_probability() -> None:
    tree, regs = solved("escalation")
    p = nonneg("p")[0]
    strike = [r for r in regs if r.profile["Iran:root"] == "strike"]
    assert strike
    for r in strike:
        assert set(r.outcome.values()) == {p, 1 - p}
        assert r.witness is not None
    assert regs[0].assumptions == sympy.Le(p, 1)
    for point in generic_points(names_of(tree), 40, seed=3):
        point["p"] = Fraction(int(point["p"] * 97) % 97, 97)
        check_point(tree, regs, point)
        spe = {frozen(q) for q in all_pure_spe(tree.subs(point))}
        assert {frozen(r.profile) for r in regs if r.holds(point)} == spe


# ================================================================ property test
def exact_values(names: list[str]) -> st.SearchStrategy[dict[str, Fraction]]:
    """Small exact values, so that ties (boundaries) come up often."""
    value = st.one_of(
        st.integers(0, 4).map(Fraction),
        st.fractions(min_value=0, max_value=6, max_denominator=6),
    )
    return st.fixed_dictionaries({n: value for n in names})


@settings(max_examples=150)
@given(exact_values(S1_NAMES.split()))
def test_property_border_deal(point: dict[str, Fraction]) -> None:
    tree, regs = solved("border")
    check_point(tree, regs, point)


@settings(max_examples=100)
@given(exact_values(["f", "a", "b", "c", "m"]))
def test_property_entry(point: dict[str, Fraction]) -> None:
    tree, regs = solved("entry_full")
    check_point(tree, regs, point)


@settings(max_examples=100)
@given(exact_values("p h l F B g L D t".split()))
def test_property_escalation(point: dict[str, Fraction]) -> None:
    tree, regs = solved("escalation")
    point["p"] = min(point["p"], Fraction(1))
    check_point(tree, regs, point)


# ================================================================ classification
def test_classifier_agrees_with_conditions() -> None:
    tree, regs = solved("border")
    clf = RegimeClassifier(regs)
    pts = generic_points(names_of(tree), 200, seed=11)
    values = {n: np.array([float(p[n]) for p in pts]) for n in names_of(tree)}
    index = clf(values)
    masks = clf.masks(values)
    assert index.shape == (200,) and masks.shape == (len(regs), 200)
    for j, point in enumerate(pts):
        holds = [r.holds(point) for r in regs]
        assert masks[:, j].tolist() == holds
        assert index[j] == holds.index(True)
    assert np.array_equal(classify(regs, values), index)


def test_classifier_grid_broadcasts() -> None:
    tree, regs = solved("border")
    clf = RegimeClassifier(regs)
    fixed = {n: 1.0 for n in names_of(tree)}
    fixed["s"] = 3.0
    fixed["c_s"] = np.linspace(0, 2, 300)[:, None]
    fixed["r"] = np.linspace(0, 2, 200)[None, :]
    grid = clf(fixed)
    assert grid.shape == (300, 200)
    assert (grid >= 0).all()
    # Spot checks against exact evaluation of the conditions.
    for i, j in [(0, 0), (10, 150), (299, 199), (150, 20)]:
        point = {n: Fraction(float(np.asarray(v).ravel()[0])) for n, v in fixed.items()}
        point["c_s"] = Fraction(float(fixed["c_s"][i, 0]))
        point["r"] = Fraction(float(fixed["r"][0, j]))
        first = next(k for k, r in enumerate(regs) if r.holds(point))
        assert grid[i, j] == first


def test_classifier_outside_the_domain_and_errors() -> None:
    _, regs = solved("entry")
    clf = RegimeClassifier(regs)
    assert clf({"f": 1.0, "a": 1.0}).tolist() == 0  # tie: the first regime
    assert clf.masks({"f": 1.0, "a": 1.0}).tolist() == [True, True]
    with pytest.raises(InvalidArgumentError, match="no value for the parameters"):
        clf({"f": 1.0})
    with pytest.raises(InvalidArgumentError, match="unknown parameter"):
        clf({"f": 1.0, "a": 1.0, "zz": 2.0})
    assert "2 regimes" in repr(clf)


# ================================================================ other inputs
def test_numeric_tree_gives_one_regime() -> None:
    from arbiter.scenarios.classics import entry_deterrence

    regs = regimes(entry_deterrence())
    assert len(regs) == 1
    assert regs[0].condition.is_universal()
    assert regs[0].equilibrium.regret == 0
    assert classify(regs, {}).tolist() == 0


def test_numeric_tree_with_a_tie_gives_overlapping_regimes() -> None:
    tree = SequentialGame(
        decision("A", {"x": outcome({"A": 1, "B": 0}), "y": outcome({"A": 1, "B": 1})})
    )
    regs = regimes(tree)
    assert [r.profile["A:root"] for r in regs] == ["x", "y"]
    assert all(r.condition.is_universal() for r in regs)
    assert regs[0].ties[0].boundary is sympy.true


def test_imperfect_information_is_refused() -> None:
    x = nonneg("x")[0]
    tree = SequentialGame(
        decision(
            "A",
            {
                "l": decision("B", {"u": outcome((x, 0)), "d": outcome((0, 1))}, infoset="h"),
                "r": decision("B", {"u": outcome((0, 0)), "d": outcome((1, x))}, infoset="h"),
            },
        )
    )
    with pytest.raises(NotSupportedError, match="perfect information"):
        regimes(tree)


def test_bad_arguments() -> None:
    with pytest.raises(ArgumentTypeError, match="SequentialGame"):
        regimes("not a tree")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="not parameters of the tree"):
        regimes(entry_tree(), assumptions=[sympy.Symbol("zz") >= 1])
    with pytest.raises(ArgumentTypeError, match="inequality"):
        regimes(entry_tree(), assumptions=[sympy.Or(nonneg("f")[0] >= 1, nonneg("a")[0] >= 1)])
    _, regs = solved("entry")
    with pytest.raises(InvalidArgumentError, match="no regime reaches"):
        outcome_condition(regs, "peace")


def test_outcome_condition_merges_cells_that_differ_off_the_path() -> None:
    y = nonneg("y")[0]
    # B's choice splits the space at y = 1, but A stays quiet either way.
    tree = SequentialGame(
        decision(
            "A",
            {
                "quiet": outcome({"A": 1, "B": 0}, label="status quo"),
                "act": decision(
                    "B", {"l": outcome({"A": 0, "B": y}), "r": outcome({"A": 0, "B": 1})}
                ),
            },
        )
    )
    regs = regimes(tree)
    assert [r.condition for r in regs] == [sympy.Ge(y, 1), sympy.Le(y, 1)]
    assert outcome_condition(regs, "status quo").is_universal()


def test_outcome_condition_keeps_non_convex_unions() -> None:
    x, y = nonneg("x y")
    tree = SequentialGame(
        decision(
            "A",
            {
                "quiet": outcome({"A": 1, "B": 0}, label="status quo"),
                "act": decision(
                    "B",
                    {"l": outcome({"A": x, "B": y}, label="l"), "r": outcome({"A": 0, "B": 1})},
                ),
            },
        )
    )
    regs = regimes(tree)
    region = outcome_condition(regs, "status quo")
    assert len(region.cells) == 2  # not convex: two cells
    expected = sympy.Or(sympy.Le(y, 1), sympy.And(sympy.Ge(y, 1), sympy.Le(x, 1)))
    for xv, yv in product(range(4), range(4)):
        at = {x: sympy.Rational(xv, 2), y: sympy.Rational(yv, 2)}
        assert region.holds(at) == bool(expected.xreplace(at))
    assert outcome_condition(regs, "l") == sympy.And(sympy.Ge(x, 1), sympy.Ge(y, 1))


def test_other_kinds_of_numbers() -> None:
    x, y = nonneg("x y")
    # Floats: compared exactly (as the binary fractions they are).
    tree = SequentialGame(
        decision("A", {"l": outcome({"A": 0.5, "B": 0.1}), "r": outcome({"A": 0.25, "B": 1.0})})
    )
    (only,) = regimes(tree)
    assert only.profile == {"A:root": "l"} and only.condition.is_universal()
    # Irrational coefficients: kept as they are.
    tree = SequentialGame(
        decision("A", {"l": outcome({"A": sympy.sqrt(2) * x}), "r": outcome({"A": y})})
    )
    regs = regimes(tree)
    assert [r.condition for r in regs] == [
        sympy.Ge(sympy.sqrt(2) * x, y),
        sympy.Ge(y, sympy.sqrt(2) * x),
    ]
    assert all(r.holds(r.witness) for r in regs)
    # Probabilities that are rational functions: the positive denominator is cleared.
    p, q = (sympy.Symbol(n, positive=True) for n in "pq")
    tree = SequentialGame(
        decision(
            "A",
            {
                "gamble": chance(
                    {
                        "win": (p / (p + q), outcome({"A": x}, label="won")),
                        "lose": (q / (p + q), outcome({"A": 0}, label="lost")),
                    }
                ),
                "safe": outcome({"A": y}, label="safe"),
            },
        )
    )
    gamble, safe = regimes(tree)
    assert gamble.condition == sympy.Ge(p * x, p * y + q * y)
    assert dict(gamble.outcome) == {"won": p / (p + q), "lost": q / (p + q)}
    assert safe.condition == sympy.Ge(p * y + q * y, p * x)


def test_assumptions_must_leave_room() -> None:
    f, a = nonneg("f a")
    with pytest.raises(InvalidArgumentError, match=r"tree\.subs"):
        regimes(entry_tree(), assumptions=[sympy.Eq(f, a)])
    with pytest.raises(InvalidArgumentError, match="no open set"):
        regimes(entry_tree(), assumptions=[f >= a + 1, a >= f + 1])
    with pytest.raises(InvalidArgumentError, match="always false"):
        regimes(entry_tree(), assumptions=[f <= -1])
