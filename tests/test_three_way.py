"""S5, the three-way simultaneous game (SCENARIOS.md S5; claims 4-7).

At the illustrative defaults the game has no pure equilibrium and a unique
mixed one in which Russia mixes between leaning on Iran and leaning on
Israel: Crawford's strategic ambiguity (Pivotal Deterrence, 2003).
"""

from fractions import Fraction as F

import numpy as np
import pytest

from arbiter import nash_equilibria, pure_equilibria
from arbiter.scenarios.syria import three_way


@pytest.fixture(scope="module")
def game():
    return three_way().at_defaults()


def test_model_documents_every_parameter():
    model = three_way()
    assert {s.name for s in model.game.parameters} == set(model.parameters)
    for p in model.parameters.values():
        assert p.low <= p.default <= p.high and p.description and p.source


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
