"""S5, the three-way game (SCENARIOS.md S5; claims 1, 4-7).

The default model (``three_way()``): Israel and Iran choose at once, then
Russia, the pivot, sees what they did and leans on a side; a violation it
leaves unanswered costs it its stakes ``e v T``. At the defaults it would
lean on whichever side violated, so the status quo is the subgame-perfect
outcome; without stakes (``e = 0``) it would not, and the status quo falls.

The first version (``three_way(credibility="lump-sum")``), all three at
once: at the illustrative defaults it has no pure equilibrium and a unique
mixed one in which Russia mixes between leaning on Iran and leaning on
Israel (matching pennies; the tests below keep it as a solver check, with
pygambit as the reference).
"""

from fractions import Fraction as F

import numpy as np
import pytest

from arbiter import nash_equilibria, pure_equilibria, subgame_perfect
from arbiter.scenarios.syria import three_way


# ===================================================================== the default
@pytest.fixture(scope="module")
def pivot():
    return three_way()


def test_model_documents_every_parameter(pivot):
    for model in (pivot, three_way(credibility="lump-sum")):
        assert {s.name for s in model.game.parameters} == set(model.parameters)
        for p in model.parameters.values():
            assert p.low <= p.default <= p.high and p.description and p.source


def test_pivot_deters_both_sides_at_the_defaults(pivot):
    """Claims 1, 4, 5: on the path Russia stays even-handed; off the path it leans on
    whichever side violated (the air-support threat against an entrenching Iran, TOR-M1
    against deep raids), which is why neither violates."""
    spe = subgame_perfect(pivot.at_defaults())
    assert len(spe) == 1 and dict(spe[0].outcome) == {"status quo": 1}
    plan = {h: max(p, key=p.get) for h, p in spe[0].strategy("Russia").items()}
    assert plan == {
        "Russia:Limited/Restrain": "Even-handed",
        "Russia:Limited/Entrench": "Lean on Iran",
        "Russia:Deep/Restrain": "Lean on Israel",
        "Russia:Deep/Entrench": "Lean on Iran",
    }


@pytest.mark.parametrize("change", [{"e": 0}, {"v": 2}, {"w": 2}])
def test_without_stakes_or_leverage_the_status_quo_falls(pivot, change):
    """No stakes (e = 0), too little (e v T = 4/5 < k_tor + rho L) or too weak a lever
    (w < g_e): the status quo is not the outcome."""
    spe = subgame_perfect(pivot.at(change))
    assert all(e.outcome.get("status quo", 0) == 0 for e in spe)


# ================================================================ the first version
@pytest.fixture(scope="module")
def game():
    return three_way(credibility="lump-sum").at_defaults()


def test_no_pure_equilibrium_at_defaults(game):
    assert len(pure_equilibria(game)) == 0


def test_russia_mixes_strategic_ambiguity(game):
    eqs = nash_equilibria(game)
    assert len(eqs) == 1 and not eqs.degenerate
    eq = eqs[0]
    assert eq.regret == 0
    assert eq.strategy("Russia") == {
        "Even-handed": 0,
        "Lean on Iran": F(3, 5),
        "Lean on Israel": F(2, 5),
    }
    assert eq.strategy("Iran") == {"Restrain": F(1, 4), "Entrench": F(3, 4)}
    assert eq.strategy("Israel") == {"Limited": 0, "Deep": 1}


def test_agrees_with_gambit(game):
    gbt = pytest.importorskip("pygambit")
    arrays = [np.array(game.payoffs[p], dtype=object) for p in range(3)]
    ours = nash_equilibria(game)
    theirs = gbt.nash.enumpoly_solve(gbt.Game.from_arrays(*arrays)).equilibria
    assert len(theirs) == len(ours)
    for eq, ref in zip(ours, theirs):
        ref_profile = [[float(ref[s]) for s in p.strategies] for p in ref.game.players]
        assert np.allclose(np.concatenate(eq.as_float()), np.concatenate(ref_profile), atol=1e-8)


def test_air_support_threat_deters_iran_when_russia_leans_for_sure(game):
    """Claim 4: if Russia surely leans on Iran, entrenching loses w > g_e: Iran restrains."""
    from arbiter import action_values

    values = action_values(game, ("Limited", [1, 0], "Lean on Iran"), "Iran")
    assert values[0] > values[1]


def test_air_defence_threat_deters_deep_raids_when_russia_leans_on_israel(game):
    """Claim 5: if Russia surely leans on Israel, deep raids cost s: Israel stays limited."""
    from arbiter import action_values

    values = action_values(game, ([1, 0], "Restrain", "Lean on Israel"), "Israel")
    assert values[0] > values[1]
