"""Credibility of the arbiter's threats and promises (arbiter.leverage.credibility).

The exact conditions are checked against independent numeric backward
induction: at random exact parameter points, the condition holds exactly when
the arbiter carries the threat out at every obligation node in *every*
subgame-perfect equilibrium that :func:`arbiter.solve.spe.subgame_perfect`
finds (ties included). S1 and S2 are the default (revised) models, where
backing down costs Russia its stakes ``e v T``; the first versions
(``credibility="lump-sum"``, one audience cost ``r``) keep the tests whose
point is a one-cell condition or an exact probability.
"""

from __future__ import annotations

from fractions import Fraction as F
from functools import cache

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.games.tree import SequentialGame, decision, outcome
from arbiter.leverage import BACK_DOWN, CARRY_OUT, Instrument, Promise, Threat, commitment_game
from arbiter.leverage.credibility import (
    Credibility,
    credibility,
    credibility_probability,
    credible_threats,
    obligations,
)
from arbiter.scenarios.syria.border_deal import (
    AIR_SUPPORT,
    S300,
    TOR_M1,
    border_deal,
    revised_commitments,
)
from arbiter.scenarios.syria.escalation import escalation
from arbiter.scenarios.syria.three_way import committed_pivot
from arbiter.solve.spe import subgame_perfect


def sym(model, name):
    return model.parameters[name].symbol


@pytest.fixture(scope="module")
def s1():
    return border_deal()


@pytest.fixture(scope="module")
def s2():
    return escalation()


@pytest.fixture(scope="module")
def s1_first():
    return border_deal(credibility="lump-sum")


@pytest.fixture(scope="module")
def s2_first():
    return escalation(credibility="lump-sum")


def stakes(model):
    return sym(model, "e") * sym(model, "v") * sym(model, "T")


# ============================================================ exact conditions
@pytest.mark.parametrize(
    ("instrument", "cost", "clash", "n_nodes"),
    [(AIR_SUPPORT, "k_w", False, 8), (S300, "k_300", True, 8), (TOR_M1, "k_tor", True, 12)],
)
def test_s1_threat_credible_iff_stakes_exceed_cost(s1, instrument, cost, clash, n_nodes):
    """Backing down costs e v T; carrying out costs k (plus the clash risk rho L for a
    delivery). Air defences have fewer nodes than in the first version: only deep raids
    against a restrained Iran trigger them."""
    cred = credibility(s1, instrument)
    k = sym(s1, cost) + (sym(s1, "rho") * sym(s1, "L") if clash else 0)
    assert cred.condition == sympy.Gt(stakes(s1), k)
    assert cred.indifferent == sympy.Eq(stakes(s1), k)
    assert cred.arbiter == "Russia" and cred.kind == "threat"
    assert len(cred.nodes) == n_nodes
    assert all(h.startswith(f"{instrument} at ") for h in cred.nodes)
    assert cred.nodes == obligations(s1)[instrument]


@pytest.mark.parametrize(
    ("instrument", "cost", "n_nodes"),
    [(AIR_SUPPORT, "k_w", 8), (S300, "k_300", 10), (TOR_M1, "k_tor", 15)],
)
def test_first_version_threat_credible_iff_reputation_cost_exceeds_cost(
    s1_first, instrument, cost, n_nodes
):
    cred = credibility(s1_first, instrument)
    r, k = sym(s1_first, "r"), sym(s1_first, cost)
    assert cred.condition == sympy.Gt(r, k)
    assert cred.indifferent == sympy.Eq(r, k)
    assert len(cred.nodes) == n_nodes
    assert cred.nodes == obligations(s1_first)[instrument]


def test_s1_air_support_condition_reads_stakes_greater_than_k_w(s1):
    cred = credibility(s1, AIR_SUPPORT)
    assert str(cred.condition) == "T*e*v > k_w"
    assert cred.latex() == "T e v > k_{w}"
    assert "when T*e*v > k_w" in str(cred) and "where k_w = T*e*v it is indifferent" in str(cred)


def test_s2_credibility_depends_on_russias_stake_in_tehran(s2):
    """Claims 4 vs 8, derived: the warning is decided at one node right after the strike; with
    the others at their defaults it is credible iff 5 f_t + 40 k_w < 96 (the war Russia would
    face weighs more, the more it needs the regime)."""
    cred = credibility(s2, AIR_SUPPORT)
    assert cred.nodes == ("withdraw air support at warn Iran/Strike Israel",)
    f_t, k_w = sym(s2, "f_t"), sym(s2, "k_w")
    fixed = {n: v for n, v in s2.values().items() if n not in ("f_t", "k_w")}
    assert credibility(s2, AIR_SUPPORT, values=fixed).condition == (5 * f_t + 40 * k_w < 96)
    at_k_w = credibility(s2, AIR_SUPPORT, values=fixed | {"k_w": 1})
    assert at_k_w.condition == sympy.Lt(f_t, F(56, 5))
    assert at_k_w.indifferent == sympy.Eq(f_t, F(56, 5))
    # the full condition, every parameter free, agrees at both sides of the boundary
    assert cred.holds(s2.values({"f_t": 11})) and not cred.holds(s2.values({"f_t": 12}))


def test_first_version_s2_condition_is_one_cell(s2_first):
    """The first version: carrying out costs k_w + phi * f_t, credible iff r > k_w + phi f_t."""
    s2 = s2_first
    cred = credibility(s2, AIR_SUPPORT)
    r, k_w, phi, f_t = (sym(s2, n) for n in ("r", "k_w", "phi", "f_t"))
    assert cred.condition == (r - k_w - phi * f_t > 0)
    assert len(cred.condition.cells) == 1 and cred.condition.size == 1
    assert len(cred.nodes) == 4  # three war outcomes and the strike without US response
    fixed = credibility(s2, AIR_SUPPORT, values={"r": 2, "k_w": 1, "phi": F(1, 4)})
    assert fixed.condition == sympy.Lt(f_t, 4)
    assert fixed.indifferent == sympy.Eq(f_t, 4)


def test_values_fixing_everything_gives_true_or_false(s1):
    assert credibility(s1, AIR_SUPPORT, values=s1.values()).condition.is_universal()
    assert credibility(s1, S300, values=s1.values()).condition.is_empty()
    tied = credibility(s1, S300, values=s1.values({"v": 10}))  # e v T = 4 = k_300 + rho L
    assert tied.condition.is_empty() and tied.indifferent.is_universal()


def test_accepts_a_threat_object_and_a_bare_tree(s1):
    threat = revised_commitments((TOR_M1,))[0]
    assert credibility(s1.game, threat) == credibility(s1, TOR_M1)


# =================================================================== holds()
def test_holds_is_exact_and_checks_names(s1):
    cred = credibility(s1, AIR_SUPPORT)
    assert cred.holds(s1.values())  # e v T = 12/5 > k_w = 1
    at = {"e": F(1, 10), "T": 4, "k_w": 1}
    assert not cred.holds(at | {"v": F(5, 2)})  # e v T = 1: indifferent, not strictly credible
    assert cred.holds(at | {"v": F(2500001, 1000000)})
    assert cred.holds({sym(s1, "v"): 2.5, "e": 0.1, "T": 4, "k_w": 0.5})
    with pytest.raises(InvalidArgumentError, match="no value for the parameters"):
        cred.holds({"v": 2})
    with pytest.raises(InvalidArgumentError, match="unknown parameter 'rr'"):
        cred.holds({"rr": 2} | at | {"v": 2})
    with pytest.raises(ArgumentTypeError):
        cred.holds([2, 1])


# ================================================= against numeric backward induction
def _carried_out_in_every_spe(game, nodes) -> tuple[bool, bool]:
    """(carried out at every node in every SPE, backed down somewhere in some SPE)."""
    spe = subgame_perfect(game)
    russia = [e.strategy("Russia") for e in spe]
    always = all(s[h][CARRY_OUT] == 1 for s in russia for h in nodes)
    return always, not always


# Costs on a grid of odd eighths, the stakes e v T on a grid that can meet them: no two costs
# tie (a tie at many nodes at once multiplies the subgame-perfect equilibria), but the stakes
# may tie with one cost.
_costs = st.integers(0, 31).map(lambda i: F(2 * i + 1, 8))
points = st.fixed_dictionaries(
    {
        "e": st.integers(0, 5).map(lambda i: F(i, 20)),
        "v": st.integers(0, 12),
        "T": st.integers(1, 9),
        "k_w": _costs,
        "k_300": _costs,
        "k_tor": _costs,
        "rho": st.sampled_from([F(0), F(1, 10), F(1, 4)]),
        "L": st.integers(0, 20),
    }
).filter(lambda p: len({p["k_w"], p["k_300"], p["k_tor"]}) == 3)


@cache
def _s1_credibility(name: str) -> Credibility:
    return credibility(border_deal(), name)


@settings(max_examples=40)
@given(points)
def test_s1_condition_agrees_with_subgame_perfect(point):
    game = border_deal().at(point, extrapolate=True)  # a box wider than the plausible one
    for name in (AIR_SUPPORT, S300, TOR_M1):
        cred = _s1_credibility(name)
        always, _ = _carried_out_in_every_spe(game, cred.nodes)
        assert cred.holds(point) == always, (name, point)


@pytest.mark.parametrize("tied", ["k_w", "k_300", "k_tor"])
def test_s1_on_the_boundary_some_spe_backs_down(tied):
    name = {"k_w": AIR_SUPPORT, "k_300": S300, "k_tor": TOR_M1}[tied]
    model = border_deal((name,))  # one threat: the ties at its nodes stay few
    point = {tied: F(3, 2), "e": F(1, 8), "v": 3, "T": 4, "L": 10}  # e v T = 3/2
    if name != AIR_SUPPORT:
        point["rho"] = 0  # no clash risk: carrying out costs k alone
    cred = credibility(model, name)
    assert not cred.holds(point)
    assert credibility(model, name, values=point).indifferent.is_universal()
    always, backs_down = _carried_out_in_every_spe(model.at(point), cred.nodes)
    assert not always and backs_down


@cache
def _s2_credibility() -> Credibility:
    return credibility(escalation(), AIR_SUPPORT)


@settings(max_examples=40)
@given(
    st.fixed_dictionaries(
        {
            "e": st.fractions(0, F(1, 4), max_denominator=20),
            "v": st.fractions(0, 12, max_denominator=2),
            "T": st.integers(1, 9),
            "k_w": st.fractions(0, 6, max_denominator=4),
            "phi": st.fractions(0, F(1, 4), max_denominator=8),
            "f_t": st.fractions(0, 16, max_denominator=2),
            "m": st.fractions(0, F(1, 4), max_denominator=8),
            "p_f": st.fractions(F(1, 4), F(3, 4), max_denominator=8),
            "c_i": st.fractions(0, 12, max_denominator=2),
            "u_r": st.fractions(-2, 6, max_denominator=2),
            "b_u": st.fractions(0, 6, max_denominator=2),
            "L": st.integers(0, 20),
        }
    )
)
def test_s2_condition_agrees_with_subgame_perfect(point):
    model = escalation()
    cred = _s2_credibility()
    always, _ = _carried_out_in_every_spe(model.at(point, extrapolate=True), cred.nodes)
    assert cred.holds(point) == always, point


@settings(max_examples=20)
@given(
    st.fixed_dictionaries(
        {
            "r": st.fractions(0, 8, max_denominator=4),
            "k_w": st.fractions(0, 6, max_denominator=4),
            "phi": st.fractions(0, 1, max_denominator=4),
            "f_t": st.fractions(0, 16, max_denominator=2),
            "q": st.fractions(F(1, 4), 1, max_denominator=4),
        }
    )
)
def test_first_version_s2_condition_agrees_with_subgame_perfect(point):
    model = escalation(credibility="lump-sum")
    cred = credibility(model, AIR_SUPPORT)
    always, _ = _carried_out_in_every_spe(model.at(point, extrapolate=True), cred.nodes)
    assert cred.holds(point) == always


def test_condition_with_another_move_after_the_obligation():
    """A general tree: after the arbiter carries out, the target still chooses (ties too)."""
    a, b, c = sympy.symbols("a b c", nonnegative=True)
    tree = SequentialGame(
        decision(
            "Pivot",
            {
                "warn": decision(
                    "Rival",
                    {
                        "comply": outcome({"Pivot": 3, "Rival": 0}),
                        "defy": decision(
                            "Pivot",
                            {
                                CARRY_OUT: decision(
                                    "Rival",
                                    {
                                        "yield": outcome({"Pivot": a, "Rival": -1}),
                                        "resist": outcome({"Pivot": -b, "Rival": c - 2}),
                                    },
                                ),
                                BACK_DOWN: outcome({"Pivot": 1, "Rival": 1}),
                            },
                            infoset="sanction at warn/defy",
                        ),
                    },
                ),
                "silent": outcome({"Pivot": 0, "Rival": 0}),
            },
        )
    )
    cred = credibility(tree, "sanction")
    assert cred.nodes == ("sanction at warn/defy",)
    # The rival yields iff c <= 1, then the pivot gets a; else it resists and the pivot gets -b.
    for values in (
        {"a": 2, "b": 0, "c": 0},
        {"a": 2, "b": 0, "c": 3},
        {"a": 1, "b": 0, "c": 0},
        {"a": 2, "b": 0, "c": 1},
        {"a": 0, "b": 0, "c": 1},
    ):
        spe = subgame_perfect(tree.subs(values))
        always = all(e.strategy("Pivot")[cred.nodes[0]][CARRY_OUT] == 1 for e in spe)
        assert cred.holds(values) == always, values


# =================================================================== promises
def test_promise_is_kept_iff_reputation_cost_exceeds_its_cost():
    g, k, r = sympy.symbols("g k r", nonnegative=True)
    base = SequentialGame(
        decision(
            "Israel",
            {
                "Limited": outcome({"Israel": 0, "Russia": 2}, label="status quo"),
                "Deep": outcome({"Israel": 3, "Russia": 0}, label="deep raids"),
            },
        ),
        players=("Israel", "Russia"),
    )
    favour = Instrument("release a prisoner", "Russia", "Israel", effect=g, cost=k, kind="benefit")
    game = commitment_game(base, [Promise(favour, "Limited")], reputation_cost=r)
    cred = credibility(game, "release a prisoner")
    assert cred.kind == "promise"
    assert cred.condition == sympy.Gt(r, k)
    assert "keeps its promise" in str(cred)


# ============================================================ numeric helpers
def test_credible_threats(s1, s2):
    assert credible_threats(s1, {}) == (AIR_SUPPORT, TOR_M1)  # e v T = 12/5: 1 < 2 < 12/5 < 4
    assert credible_threats(s1, {"v": 12}) == (AIR_SUPPORT, S300, TOR_M1)
    assert credible_threats(s1, {"e": 0}) == ()
    assert credible_threats(s2, {}) == (AIR_SUPPORT,)  # f_t = 8 < 56/5
    assert credible_threats(s2, {"f_t": 12}) == ()
    assert credible_threats(s1.at({"v": 12})) == (AIR_SUPPORT, S300, TOR_M1)
    with pytest.raises(InvalidArgumentError, match="every parameter"):
        credible_threats(s1.game, {"v": 12})


def test_credibility_probability_is_the_share_of_draws(s1, s2, s1_first, s2_first):
    # Stakes fixed at the defaults (e v T = 12/5), k_w ~ U[0, 6]: P(k_w < 12/5) = 2/5.
    fixed = {"e": F(1, 10), "v": 6, "T": 4}
    share = credibility_probability(s1, AIR_SUPPORT, n=40_000, seed=3, values=fixed)
    assert abs(share - 0.4) < 0.01
    # S2, everything but f_t at the defaults: credible iff f_t < 56/5, f_t ~ U[0, 16]: 7/10.
    fixed = {n: v for n, v in s2.values().items() if n != "f_t"}
    assert abs(credibility_probability(s2, AIR_SUPPORT, n=40_000, values=fixed) - 0.7) < 0.01
    # The first version's one-cell conditions: r ~ U[0, 8], k_w ~ U[0, 6]: P(k_w < r) = 5/8.
    share = credibility_probability(s1_first, AIR_SUPPORT, n=40_000, seed=3)
    assert abs(share - 5 / 8) < 0.01
    # k_300 ~ U[0, 8]: P(k_300 < r) = 1/2.
    assert abs(credibility_probability(s1_first, S300, n=40_000, seed=3) - 1 / 2) < 0.01
    # Fixing r = 2, k_w = 1, phi = 1/4: credible iff f_t < 4, f_t ~ U[0, 16]: 1/4.
    fixed = {"r": 2, "k_w": 1, "phi": F(1, 4)}
    share = credibility_probability(s2_first, AIR_SUPPORT, n=40_000, values=fixed)
    assert abs(share - 1 / 4) < 0.01
    assert credibility_probability(s1, AIR_SUPPORT, n=10, values=s1.values()) == 1.0
    assert credibility_probability(s1, S300, n=10, values=s1.values()) == 0.0
    same = credibility_probability(s2, AIR_SUPPORT, n=1000, seed=7)
    assert same == credibility_probability(s2, AIR_SUPPORT, n=1000, seed=7)


# ==================================================================== errors
def test_errors_name_the_argument(s1):
    with pytest.raises(
        InvalidArgumentError,
        match=r"no obligation node for 'air strikes'.*"
        r"supply S-300",
    ):
        credibility(s1, "air strikes")
    with pytest.raises(ArgumentTypeError, match="threat_name"):
        credibility(s1, 3)
    with pytest.raises(ArgumentTypeError, match="Model or a SequentialGame"):
        credibility(committed_pivot(), "withdraw air support")
    with pytest.raises(InvalidArgumentError, match="unknown parameter 'rr'"):
        credibility(s1, AIR_SUPPORT, values={"rr": 1})
    with pytest.raises(ArgumentTypeError, match="must be a Model"):
        credibility_probability(s1.game, AIR_SUPPORT)
    with pytest.raises(InvalidArgumentError, match="n must be a positive integer"):
        credibility_probability(s1, AIR_SUPPORT, n=0)


def test_result_is_a_frozen_value(s1):
    cred = credibility(s1, AIR_SUPPORT)
    assert isinstance(cred, Credibility)
    with pytest.raises(AttributeError):
        cred.condition = sympy.true  # type: ignore[misc]
    assert hash(cred) == hash(credibility(s1, AIR_SUPPORT))


def test_threat_object_without_commitment_game_nodes():
    base = SequentialGame(decision("A", {"x": outcome({"A": 1, "B": 0})}), players=("A", "B"))
    with pytest.raises(InvalidArgumentError, match="no obligation node"):
        credibility(base, Threat(Instrument("t", "B", "A", 1, 1), "x"))
