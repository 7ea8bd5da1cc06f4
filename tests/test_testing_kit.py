"""The testing kit for trees and models (arbiter.testing), and that its assertions can fail.

Every assertion is run on planted wrong answers (a non-credible threat, a
tampered equilibrium, a status quo that does not hold, a threat that is not
credible) and must raise with a message naming the point, the deviation and
the gain. Agreement with an independent implementation: ``assert_subgame_perfect``
(plain recursion over the tree) raises exactly when the solver's certificate
``behaviour_regret`` is positive.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import arbiter
from arbiter.errors import InvalidArgumentError, UnknownPlayerError
from arbiter.scenarios.classics import entry_deterrence, ultimatum
from arbiter.scenarios.syria import border_deal
from arbiter.solve.behaviour import behaviour_regret
from arbiter.solve.result import EquilibriumSet, FrozenMap
from arbiter.solve.spe import subgame_perfect
from arbiter.testing import (
    assert_certified,
    assert_credible,
    assert_equilibrium,
    assert_status_quo,
    assert_subgame_perfect,
    models,
    points,
    subgame_deviations,
    trees,
)

# The first version of S1 (lump-sum cost r): the hand-derived numbers below are its numbers.
S1 = border_deal(credibility="lump-sum")
THREAT = [{"Entrant:root": "Out"}, {"Incumbent:In": "Fight"}]


# ------------------------------------------------------------ planted wrong answers
def test_assert_subgame_perfect_names_the_subgame_the_deviation_and_the_gain():
    tree = entry_deterrence()
    with pytest.raises(AssertionError) as err:
        assert_subgame_perfect(tree, THREAT, point={"x": 1})
    text = str(err.value)
    assert "at x=1" in text and "subgame at In" in text
    assert "'Incumbent' gains 2 by deviating to 'Accommodate' at 'Incumbent:In'" in text
    (dev,) = subgame_deviations(tree, THREAT)
    assert dev.gain == 2 and dev.changes == (("Incumbent:In", "Fight", "Accommodate"),)
    # the threat is a Nash equilibrium of the whole tree, just not subgame perfect
    assert_equilibrium(tree, THREAT)


def _tampered(spe, **changes):
    eq = dataclasses.replace(spe[0], **changes)
    return dataclasses.replace(spe, equilibria=(eq,))


def test_assert_certified_accepts_spe_sets_and_rejects_planted_errors():
    tree = entry_deterrence()
    spe = subgame_perfect(tree)
    assert_certified(spe)
    bad_profile = tuple(
        FrozenMap({h: FrozenMap(d) for h, d in plan.items()})
        for plan in (
            {"Entrant:root": {"In": 0, "Out": 1}},
            {"Incumbent:In": {"Fight": 1, "Accommodate": 0}},
        )
    )
    with pytest.raises(AssertionError, match=r"not subgame perfect.*gains 2"):
        assert_certified(_tampered(spe, strategies=bad_profile))
    with pytest.raises(AssertionError, match="payoff of 'Entrant' recorded as 7"):
        assert_certified(_tampered(spe, payoffs=(Fraction(7), Fraction(2))))
    with pytest.raises(AssertionError, match="outcome recorded"):
        assert_certified(_tampered(spe, outcome=FrozenMap({"monopoly": Fraction(1)})))
    with pytest.raises(AssertionError, match="understates the recomputed largest gain 2"):
        assert_certified(_tampered(spe, strategies=bad_profile, regret=Fraction(0)))


def test_assert_certified_on_a_huge_compact_set_samples_it():
    values = {n: 0 for n in S1.parameters}
    spe = subgame_perfect(S1.game.subs(values))
    assert spe.n_equilibria == 2**60
    assert_certified(spe)


def test_assert_status_quo_holds_and_fails_with_the_breaking_deviation():
    assert_status_quo(S1, {"r": 2, "k_w": 1})
    with pytest.raises(AssertionError) as err:
        assert_status_quo(S1, {"r": 0})
    text = str(err.value)
    assert text.startswith("status quo not stable at r=0 (others at their defaults)")
    assert "reach open confrontation" in text and "e.g. path: Russia:" in text
    assert "gains 2 by deviating to 'Deep'" in text


def test_assert_credible_holds_and_fails_with_the_gain_of_backing_down():
    assert_credible(S1, "withdraw air support", {"r": 2, "k_w": 1})
    with pytest.raises(AssertionError) as err:
        assert_credible(S1, "withdraw air support", {"r": 1, "k_w": 3})
    text = str(err.value)
    assert "'withdraw air support' is not credible at r=1, k_w=3" in text
    assert "Russia gains 2 by backing down" in text
    with pytest.raises(AssertionError, match="gains 0 by backing down"):  # indifferent
        assert_credible(S1, "withdraw air support", {"r": 1, "k_w": 1})
    with pytest.raises(InvalidArgumentError, match="no obligation node for 'bribe'"):
        assert_credible(S1, "bribe", {})


def test_assert_equilibrium_accepts_what_strategy_returns():
    game = arbiter.NormalFormGame.from_arrays(
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        players=("Her", "Him"),
        actions=(("Opera", "Football"),) * 2,
    )
    eqs = arbiter.nash_equilibria(game)
    for eq in eqs:
        assert_equilibrium(game, [eq.strategy("Her"), eq.strategy("Him")])
        assert_equilibrium(game, {"Her": eq.strategy("Her"), "Him": eq.strategy("Him")})
    with pytest.raises(AssertionError, match="gains"):
        assert_equilibrium(game, [{"Opera": 1}, {"Football": 1}])
    with pytest.raises(InvalidArgumentError, match=r"'Ballet'.*Opera"):
        assert_equilibrium(game, [{"Ballet": 1}, {"Football": 1}])
    with pytest.raises(UnknownPlayerError, match=r"'her'.*\['Her', 'Him'\]") as err:
        eqs[1].strategy("her")
    assert isinstance(err.value, KeyError) and isinstance(err.value, ValueError)
    tree = entry_deterrence()
    (spe,) = subgame_perfect(tree)
    assert_equilibrium(tree, [spe.strategy("Entrant"), spe.strategy("Incumbent")])


# ------------------------------------------------------------ properties
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees(players=("A", "B", "C"), max_depth=3), data=st.data())
def test_assert_subgame_perfect_agrees_with_the_solver_certificate(tree, data):
    spe = subgame_perfect(tree, max_equilibria=None)
    eq = spe[data.draw(st.integers(0, spe.n_equilibria - 1))]
    assert_subgame_perfect(tree, eq)
    # flip one information set's choice: the assertion fails exactly when the
    # solver's own certificate says the result is not subgame perfect
    plans = [{h: dict(d) for h, d in plan.items()} for plan in eq.strategies]
    p = data.draw(st.sampled_from([k for k, plan in enumerate(plans) if plan] or [None]))
    if p is None:
        return
    h = data.draw(st.sampled_from(sorted(plans[p])))
    a = data.draw(st.sampled_from(sorted(plans[p][h])))
    plans[p][h] = {b: Fraction(int(b == a)) for b in plans[p][h]}
    certificate = behaviour_regret(tree, plans)
    if certificate > 0:
        with pytest.raises(AssertionError, match="not subgame perfect"):
            assert_subgame_perfect(tree, plans)
        assert max(d.gain for d in subgame_deviations(tree, plans)) == certificate
    else:
        assert_subgame_perfect(tree, plans)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_assert_status_quo_agrees_with_the_listed_equilibria(data):
    model = data.draw(models(max_depth=3))
    point = data.draw(points(model))
    spe = subgame_perfect(model.at(point), max_equilibria=None)
    stable = all(
        sum(q for label, q in e.outcome.items() if model.is_status_quo(label)) == 1
        for e in (spe[k] for k in range(min(spe.n_equilibria, 200)))
    )
    if spe.n_equilibria > 200:
        stable = all(
            sum(q for label, q in d.items() if model.is_status_quo(label)) == 1
            for d in spe.outcomes
        )
    if stable:
        assert_status_quo(model, point)
    else:
        with pytest.raises(AssertionError, match="status quo not stable at p0="):
            assert_status_quo(model, point)


def test_points_reach_corners_and_ties():
    from hypothesis import Phase, find

    quick = settings(database=None, phases=[Phase.generate, Phase.shrink], max_examples=2000)
    high = {n: S1.parameters[n].high for n in S1.parameters}
    assert find(points(S1), lambda p: p == high or p["w"] == 10, settings=quick)["w"] == 10
    # a tie of Iran's payoffs: w = d_r (withdrawal hurts as much as deterrence)
    tie = find(points(S1), lambda p: p["w"] == p["d_r"] and p["w"] not in (0, 2, 5), settings=quick)
    assert tie["w"] == tie["d_r"]


# ------------------------------------------------------------ printing
def test_one_spe_prints_as_path_and_plans():
    spe = subgame_perfect(S1.at_defaults())
    text = str(spe[0])
    first, *plans = text.splitlines()
    assert first.startswith("path: Russia: ") and "→ Iran: " in first and "status quo" in first
    assert [line.split(":")[0].strip() for line in plans] == ["Iran", "Israel", "Russia"]
    assert "carry out at" in plans[2] and len(text) < 1000
    assert repr(spe[0]).startswith("<Equilibrium path Russia: ") and len(repr(spe[0])) < 300
    frame = spe[0].to_frame()
    assert set(frame.columns) == {"player", "infoset", "action", "probability"}
    assert len(frame) == sum(len(i.actions) for i in S1.game.infosets.values())
    assert frame.attrs["regret"] == 0


def test_printing_a_huge_set_shows_its_outcomes_not_its_members():
    spe = subgame_perfect(ultimatum(4))
    assert str(spe).count("\n  [") == spe.n_equilibria
    zero = subgame_perfect(S1.game.subs({n: 0 for n in S1.parameters}))
    text = str(zero)
    assert text.startswith(f"{2**60} equilibria") and f"... and {2**60 - 20} more" in text
    assert sum(1 for line in text.splitlines() if " reach " in line) == len(zero.outcomes)
    assert isinstance(zero, EquilibriumSet) and zero.is_compact
