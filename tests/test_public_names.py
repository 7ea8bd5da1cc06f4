"""Public names with a test of their own, against values computed by hand.

``best_responses``, ``regrets`` and ``expected_payoffs`` on matching pennies
and the battle of the sexes; ``NonCredibleChoice`` on entry deterrence;
``CriticalDelta`` on a prisoners' dilemma ((T - R) / (T - P)); and
``StabilityRegion`` on a two-move deterrence tree whose region is known in
closed form. Conditions are not compared as text or sympy objects (their
type is being redesigned): the region is checked through ``holds`` and
``evaluate`` at points, and its other attributes.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy

from arbiter import (
    CriticalDelta,
    InvalidArgumentError,
    Model,
    NonCredibleChoice,
    NormalFormGame,
    Parameter,
    SequentialGame,
    StabilityRegion,
    best_responses,
    critical_discount_factor,
    decision,
    expected_payoffs,
    nash_equilibria,
    non_credible_threats,
    outcome,
    regrets,
    status_quo_region,
    subgame_perfect,
)

HALF = (F(1, 2), F(1, 2))


@pytest.fixture
def pennies() -> NormalFormGame:
    return NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])


@pytest.fixture
def sexes() -> NormalFormGame:
    """Battle of the sexes: (2, 1) at (0, 0), (1, 2) at (1, 1), 0 off the diagonal."""
    return NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])


# ====================================================================== expected payoffs
def test_expected_payoffs_by_hand(pennies, sexes):
    assert expected_payoffs(pennies, (HALF, HALF)) == (0, 0)
    # row matches for sure, column 1/3 on the first: 1/3 - 2/3 for the row, the opposite for col
    assert expected_payoffs(pennies, ((1, 0), (F(1, 3), F(2, 3)))) == (F(-1, 3), F(1, 3))
    # the mixed equilibrium of the battle of the sexes gives both 2/3
    assert expected_payoffs(sexes, ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))) == (
        F(2, 3),
        F(2, 3),
    )
    # pure profiles read off the table; action names work too
    assert expected_payoffs(sexes, ((0, 1), (0, 1))) == (1, 2)
    assert expected_payoffs(sexes, ((1, 0), (0, 1))) == (0, 0)
    # (1/4, 3/4) against (1/2, 1/2): 2 * 1/4 * 1/2 + 1 * 3/4 * 1/2 = 5/8; 1/8 + 3/4 = 7/8
    assert expected_payoffs(sexes, ((F(1, 4), F(3, 4)), HALF)) == (F(5, 8), F(7, 8))


def test_expected_payoffs_are_exact_and_float_for_floats(sexes):
    out = expected_payoffs(sexes, ((0.25, 0.75), (0.5, 0.5)))
    assert out == pytest.approx((0.625, 0.875)) and all(isinstance(v, float) for v in out)
    assert all(isinstance(v, F) for v in expected_payoffs(sexes, (HALF, HALF)))


# ====================================================================== regrets
def test_regrets_by_hand(pennies, sexes):
    assert regrets(pennies, (HALF, HALF)) == (0, 0)
    # row plays heads; column mixes: row indifferent (0 regret), column gains 1 by switching
    assert regrets(pennies, ((1, 0), HALF)) == (0, 1)
    # (heads, heads): the row matches (0), the column would rather mismatch: 1 - (-1) = 2
    assert regrets(pennies, ((1, 0), (1, 0))) == (0, 2)
    # battle of the sexes at (1/4, 3/4) vs (1/2, 1/2): row values (1, 1/2), payoff 5/8 -> 3/8;
    # column values (1/4, 3/2), payoff 7/8 -> 5/8
    assert regrets(sexes, ((F(1, 4), F(3, 4)), HALF)) == (F(3, 8), F(5, 8))
    assert regrets(sexes, ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))) == (0, 0)


def test_regrets_are_never_negative(sexes):
    for p in (F(0), F(1, 5), F(1, 2), F(1)):
        for q in (F(0), F(2, 7), F(1)):
            assert all(r >= 0 for r in regrets(sexes, ((p, 1 - p), (q, 1 - q))))


# ====================================================================== best responses
def test_best_responses_by_hand(pennies, sexes):
    assert best_responses(pennies, ((1, 0), (1, 0)), 0) == (0,)  # match heads
    assert best_responses(pennies, ((1, 0), (1, 0)), 1) == (1,)  # mismatch: tails
    assert best_responses(pennies, (HALF, HALF), 0) == (0, 1)  # indifferent
    assert best_responses(pennies, ((0, 1), HALF), "P2") == (0,)  # by name
    # battle of the sexes: the row's best reply flips at q = 1/3 on the column's first action
    assert best_responses(sexes, (HALF, (F(1, 3), F(2, 3))), 0) == (0, 1)
    assert best_responses(sexes, (HALF, (F(1, 2), F(1, 2))), 0) == (0,)
    assert best_responses(sexes, (HALF, (F(1, 4), F(3, 4))), 0) == (1,)
    assert best_responses(sexes, ((F(2, 3), F(1, 3)), HALF), 1) == (0, 1)


def test_best_responses_in_floats_use_the_tolerance(sexes):
    near = (0.5, (1 / 3 + 1e-12, 2 / 3 - 1e-12))
    assert best_responses(sexes, ((0.5, 0.5), near[1]), 0) == (0, 1)
    assert best_responses(sexes, ((0.5, 0.5), near[1]), 0, tol=0) == (0,)


def test_best_responses_need_numbers():
    a = sympy.Symbol("a")
    game = NormalFormGame.from_arrays([[a, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidArgumentError, match="numeric"):
        best_responses(game, (HALF, HALF), 0)


def test_every_equilibrium_is_a_mutual_best_response(sexes):
    """The three equilibria of the battle of the sexes: each support is among the best replies."""
    eqs = nash_equilibria(sexes)
    assert len(eqs) == 3
    for eq in eqs:
        for p in range(2):
            support = {i for i, v in enumerate(eq.strategies[p]) if v > 0}
            assert support <= set(best_responses(sexes, eq.strategies, p))


# ====================================================================== NonCredibleChoice
@pytest.fixture
def entry() -> SequentialGame:
    """Entry deterrence: Out (0, 2); In then Fight (-1, -1) or Accommodate (1, 1)."""
    return SequentialGame(
        decision(
            "E",
            {
                "Out": outcome({"E": 0, "I": 2}),
                "In": decision(
                    "I",
                    {
                        "Fight": outcome({"E": -1, "I": -1}),
                        "Accommodate": outcome({"E": 1, "I": 1}),
                    },
                ),
            },
        )
    )


def test_non_credible_choice_of_the_deterrence_equilibrium(entry):
    deterred = next(e for e in nash_equilibria(entry) if e.pure_profile == ("Out", "Fight"))
    (choice,) = non_credible_threats(entry, deterred)
    assert isinstance(choice, NonCredibleChoice)
    assert choice.infoset == "I:In" and choice.player == "I"
    assert dict(choice.prescribed) == {"Fight": 1, "Accommodate": 0}
    assert choice.best == ("Accommodate",)
    assert choice.gain == 2  # 1 - (-1)
    assert choice.on_path is False


def test_non_credible_choices_on_the_path(entry):
    """(In, Fight) is not even a Nash equilibrium: both choices are on the path."""
    profile = [{"E:root": {"Out": 0, "In": 1}}, {"I:In": {"Fight": 1, "Accommodate": 0}}]
    choices = {c.infoset: c for c in non_credible_threats(entry, profile)}
    assert set(choices) == {"E:root", "I:In"}
    assert choices["E:root"].gain == 1 and choices["E:root"].best == ("Out",)  # 0 - (-1)
    assert choices["I:In"].gain == 2 and all(c.on_path for c in choices.values())
    # a half-hearted threat loses half as much: 1 - (1/2 * -1 + 1/2 * 1) = 1
    mixed = [{"E:root": {"Out": 1, "In": 0}}, {"I:In": {"Fight": F(1, 2), "Accommodate": F(1, 2)}}]
    (choice,) = non_credible_threats(entry, mixed)
    assert choice.gain == 1 and not choice.on_path


def test_subgame_perfect_equilibria_have_no_non_credible_choice(entry):
    for e in subgame_perfect(entry):
        assert non_credible_threats(entry, e) == ()


# ====================================================================== CriticalDelta
def prisoners(t: int, r: int, p: int, s: int = 0) -> NormalFormGame:
    return NormalFormGame.from_arrays(
        [[r, s], [t, p]], [[r, t], [s, p]], actions=(("C", "D"), ("C", "D"))
    )


@pytest.mark.parametrize(("t", "r", "p"), [(5, 3, 1), (6, 4, 1), (10, 9, 0), (4, 2, 1)])
def test_critical_delta_is_t_minus_r_over_t_minus_p(t, r, p):
    cd = critical_discount_factor(prisoners(t, r, p))
    assert isinstance(cd, CriticalDelta)
    expected = F(t - r, t - p)
    assert cd.delta == expected
    assert dict(cd.per_player) == {"P1": expected, "P2": expected}
    assert set(cd.reward.values()) == {r} and set(cd.temptation.values()) == {t}
    assert set(cd.punished.values()) == {p}
    assert cd.cooperate == ("C", "C") and cd.punishment_profile == ("D", "D")
    assert cd.punishment == "grim" and cd.sustainable is True


def test_critical_delta_finite_and_with_a_sanction():
    game = prisoners(6, 4, 1)
    # one period of punishment: T - R <= delta (R - P), so delta = 2/3
    assert critical_discount_factor(game, punishment=("finite", 1)).delta == F(2, 3)
    # two periods: 2 <= 3 (delta + delta^2), delta = (-3 + sqrt(33)) / 6
    two = critical_discount_factor(game, punishment=("finite", 2)).delta
    assert sympy.simplify(two - (sympy.sqrt(33) - 3) / 6) == 0
    # an arbiter's sanction h = 1 on both: P = 0, so (6 - 4) / (6 - 0) = 1/3
    players = game.players
    sanctioned = critical_discount_factor(game, extra_punishment={p: 1 for p in players})
    assert sanctioned.delta == F(1, 3) and set(sanctioned.punished.values()) == {0}


def test_critical_delta_not_sustainable_when_punishment_pays():
    # the "punishment" (D, D) pays more than cooperating: no delta < 1 deters
    cd = critical_discount_factor(prisoners(5, 1, 2), punishment_profile=("D", "D"))
    assert cd.sustainable is False


# ====================================================================== StabilityRegion
W = Parameter("w", 2, 0, 4, "A's loss if the threat is carried out")
G = Parameter("g", 1, 0, 3, "A's gain from acting")
R = Parameter("r", 1, 0, 2, "R's reputation cost of backing down")


@pytest.fixture(scope="module")
def deterrence() -> Model:
    """A acts (gain g) or stays; R then carries out (A loses w, R pays 1) or backs down
    (R pays r). Stable iff r > 1 and w > g, by backward induction."""
    w, g, r = W.symbol, G.symbol, R.symbol
    tree = SequentialGame(
        decision(
            "A",
            {
                "stay": outcome({"A": 0, "R": 1}, label="status quo"),
                "act": decision(
                    "R",
                    {
                        "carry out": outcome({"A": g - w, "R": -1}, label="punished"),
                        "back down": outcome({"A": g, "R": -r}, label="acted"),
                    },
                ),
            },
        )
    )
    return Model("deterrence", tree, (W, G, R), status_quo="status quo")


def test_stability_region_holds_where_backward_induction_says(deterrence):
    region = status_quo_region(deterrence)
    assert isinstance(region, StabilityRegion)
    assert set(region.parameters) == {"w", "g", "r"}
    assert region.status_quo == "status quo" and region.model == "deterrence"
    assert dict(region.fixed) == {}
    grid = [F(k, 2) for k in range(9)]
    for w in grid:
        for g in grid[:7]:
            for r in (F(0), F(1, 2), F(1), F(3, 2), F(2)):
                expected = r > 1 and w > g  # boundaries r = 1, w = g: some SPE leaves
                assert region.holds({"w": w, "g": g, "r": r}) == expected, (w, g, r)


def test_stability_region_agrees_with_subgame_perfect(deterrence):
    for point in ({"w": 3, "g": 1, "r": 2}, {"w": 1, "g": 2, "r": 2}, {"w": 3, "g": 1, "r": 0}):
        spe = subgame_perfect(deterrence.game.subs(point))
        every = all(e.outcome.get("status quo", 0) == 1 for e in spe)
        assert status_quo_region(deterrence).holds(point) == every


def test_stability_region_evaluates_arrays(deterrence):
    region = status_quo_region(deterrence)
    rng = np.random.default_rng(5)
    w, g, r = rng.uniform(0, 4, 500), rng.uniform(0, 3, 500), rng.uniform(0, 2, 500)
    got = region.evaluate({"w": w, "g": g, "r": r})
    assert got.shape == (500,) and got.dtype == bool
    assert np.array_equal(got, (r > 1) & (w > g))
    assert 0 < got.mean() < 1


def test_stability_region_with_fixed_values(deterrence):
    region = status_quo_region(deterrence, values={"r": 2})
    assert dict(region.fixed) == {"r": 2} and set(region.parameters) == {"w", "g"}
    assert region.holds({"w": 3, "g": 1}) and not region.holds({"w": 1, "g": 3})
    assert region.holds({"w": 3, "g": 1, "r": 2})
    with pytest.raises(InvalidArgumentError):
        region.holds({"w": 3, "g": 1, "r": 1})  # r was fixed at 2
    free = status_quo_region(deterrence, free=("g",))
    assert dict(free.fixed) == {"w": 2, "r": 1} and free.parameters == ("g",)
    # at the defaults r = 1 = R's cost of carrying out: R may back down, so never stable
    assert not any(free.holds({"g": F(k, 4)}) for k in range(13))
    # stable_regimes reach the status quo; every regime holds somewhere in the domain
    assert all(
        dict(reg.outcome).get("status quo", 0) != 0
        for reg in status_quo_region(deterrence).stable_regimes
    )
