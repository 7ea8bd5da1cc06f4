"""Repeated games: critical discount factors and noisy monitoring (SCENARIOS.md S3, claim 3).

The grim-trigger threshold (T - R)/(T - P) for the prisoners' dilemma is the
folk-theorem textbook value: Friedman, "A Non-cooperative Equilibrium for
Supergames" (1971); Fudenberg and Maskin, "The Folk Theorem in Repeated Games
with Discounting or with Incomplete Information" (1986).
"""

from fractions import Fraction as F

import pytest
import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.scenarios.syria.repeated import (
    RUSSIAN_SANCTIONS,
    repeated_border_deal,
    repeated_border_deal_report,
)
from arbiter.solve.repeated import (
    DELTA,
    critical_discount_factor,
    noisy_monitoring,
    simulate_noisy_monitoring,
)

CD = (("C", "D"), ("C", "D"))


def pd(T, R, P, S):
    return NormalFormGame.from_arrays([[R, S], [T, P]], [[R, T], [S, P]], actions=CD)


PD_TABLE = [
    # T, R, P, S  (T > R > P > S)
    (5, 3, 1, 0),
    (4, 3, 2, 1),
    (10, 6, 1, -5),
    (F(7, 2), 3, F(1, 3), 0),
    (100, 99, 0, -1),
]


@pytest.mark.parametrize("T,R,P,S", PD_TABLE)
def test_prisoners_dilemma_grim_is_exactly_T_minus_R_over_T_minus_P(T, R, P, S):
    res = critical_discount_factor(pd(T, R, P, S), ("C", "C"), "grim")
    expected = F(T - R) / F(T - P)
    assert res.delta == expected and isinstance(res.delta, F)
    assert res.per_player == {"P1": expected, "P2": expected}
    assert res.punishment_profile == ("D", "D")
    assert res.sustainable
    assert res.condition.subs(DELTA, sympy.Rational(expected.numerator, expected.denominator))
    assert not res.condition.subs(
        DELTA, sympy.Rational(expected.numerator, expected.denominator) - sympy.Rational(1, 10**9)
    )
    assert "delta >=" in str(res)


def test_float_game_gives_float():
    res = critical_discount_factor(pd(5.0, 3.0, 1.0, 0.0))
    assert isinstance(res.delta, float) and res.delta == pytest.approx(0.5)


def test_symbolic_prisoners_dilemma():
    T, R, P, S = sympy.symbols("T R P S", positive=True)
    res = critical_discount_factor(pd(T, R, P, S), punishment_profile=("D", "D"))
    assert sympy.simplify(res.per_player["P1"] - (T - R) / (T - P)) == 0
    value = res.delta.subs({T: 5, R: 3, P: 1})
    assert value == sympy.Rational(1, 2)
    finite = critical_discount_factor(
        pd(T, R, P, S), punishment=("finite", 2), punishment_profile=("D", "D")
    )
    assert finite.delta is None  # a condition, not a closed form
    assert finite.condition.subs({T: 5, R: 3, P: 1, DELTA: sympy.Rational(7, 10)})
    assert not finite.condition.subs({T: 5, R: 3, P: 1, DELTA: sympy.Rational(6, 10)})
    one = critical_discount_factor(
        pd(T, R, P, S), punishment="finite", length=1, punishment_profile=("D", "D")
    )
    assert sympy.simplify(one.per_player["P1"] - (T - R) / (R - P)) == 0


def test_finite_punishment_exact_and_tends_to_grim():
    g = pd(5, 3, 1, 0)
    two = critical_discount_factor(g, punishment=("finite", 2)).delta
    assert sympy.simplify(two - (sympy.sqrt(5) - 1) / 2) == 0
    values = [
        float(critical_discount_factor(g, punishment="finite", length=k).delta)
        for k in (2, 3, 5, 8, 12)
    ]
    assert values == sorted(values, reverse=True)
    assert all(v > 0.5 for v in values)
    assert values[-1] == pytest.approx(0.5, abs=1e-3)
    # one period of punishment is too short for this game
    one = critical_discount_factor(g, punishment=("finite", 1))
    assert one.delta is None and not one.sustainable and "none" in str(one)


def test_finite_root_is_certified_by_the_inequality():
    g = pd(4, 3, 0, -1)
    root = critical_discount_factor(g, punishment=("finite", 3)).delta
    lo, hi = sympy.Rational(0), sympy.Rational(1)
    poly = lambda d: (d + d**2 + d**3) * 3 - 1  # noqa: E731
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if poly(mid) >= 0 else (mid, hi)
    assert lo <= root <= hi


def test_extra_punishment_lowers_critical_delta():
    g = pd(5, 3, 1, 0)
    base = critical_discount_factor(g).delta
    harsh = critical_discount_factor(g, extra_punishment={"P1": 2, "P2": 2}).delta
    assert harsh == F(2, 6) < base
    at_dev = critical_discount_factor(
        g, extra_punishment={"P1": 1, "P2": 1}, harm_at="deviation"
    ).delta
    assert at_dev == F(1, 3)
    # enough harm at deviation removes the temptation altogether
    assert (
        critical_discount_factor(g, extra_punishment={"P1": 3, "P2": 3}, harm_at="deviation").delta
        == 0
    )


def test_cooperation_already_a_stage_equilibrium_needs_no_patience():
    coord = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[2, 0], [0, 1]], actions=CD)
    res = critical_discount_factor(coord, ("C", "C"))
    assert res.delta == 0 and res.punishment_profile == ("D", "D")


def test_three_players():
    # public goods: each contributes (C) at cost 3, every contribution gives 2 to all
    import numpy as np

    pay = np.empty((3, 2, 2, 2), dtype=object)
    for a in range(2):
        for b in range(2):
            for c in range(2):
                n = (a == 0) + (b == 0) + (c == 0)
                for i, x in enumerate((a, b, c)):
                    pay[i, a, b, c] = 2 * n - 3 * (x == 0)
    g = NormalFormGame(pay, actions=CD * 1 + (("C", "D"),))
    res = critical_discount_factor(g, ("C", "C", "C"))
    # R = 3, T = 4, P = 0
    assert res.delta == F(1, 4)


def test_bad_input():
    g = pd(5, 3, 1, 0)
    with pytest.raises(InvalidArgumentError, match="must be one of"):
        critical_discount_factor(g, ("C", "X"))
    with pytest.raises(InvalidArgumentError):
        critical_discount_factor(g, ("C",))
    with pytest.raises(InvalidArgumentError, match="punishment must be"):
        critical_discount_factor(g, punishment="forever")
    with pytest.raises(InvalidArgumentError, match="length"):
        critical_discount_factor(g, punishment="finite")
    with pytest.raises(InvalidArgumentError, match="length"):
        critical_discount_factor(g, punishment=("finite", 0))
    with pytest.raises(InvalidArgumentError, match="not a Nash"):
        critical_discount_factor(g, punishment_profile=("C", "D"))
    with pytest.raises(InvalidArgumentError, match="harm_at"):
        critical_discount_factor(g, harm_at="later")
    with pytest.raises(InvalidArgumentError):
        critical_discount_factor(g, extra_punishment={"nobody": 1})
    with pytest.raises(ArgumentTypeError):
        critical_discount_factor([[1, 2]], ("C", "C"))
    pennies = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], actions=CD)
    with pytest.raises(NotSupportedError, match="punishment_profile"):
        critical_discount_factor(pennies, ("C", "C"))
    with pytest.raises(InvalidArgumentError, match="probability"):
        noisy_monitoring(F(3, 2), 2)
    with pytest.raises(InvalidArgumentError):
        noisy_monitoring(F(1, 10), 0)


# ------------------------------------------------------------------------- S3


def test_s3_model_documents_every_parameter():
    model = repeated_border_deal()
    assert model.game.players == ("Israel", "Iran")
    assert set(RUSSIAN_SANCTIONS.values()) <= set(model.parameters)
    assert {s.name for s in model.game.parameters} <= set(model.parameters)
    for p in model.parameters.values():
        assert p.low <= p.default <= p.high and p.description and p.source


def test_s3_russias_threats_lower_the_critical_delta_at_defaults():
    report = repeated_border_deal_report()
    assert report.without_russia.delta == F(3, 4)
    assert report.with_russia.delta == F(1, 3)
    assert report.lowered_by == F(5, 12)
    assert "lower" in str(report)
    # with finite punishment, Russia's sanctions make a deal possible at all
    fin = repeated_border_deal_report(punishment=("finite", 3))
    assert fin.without_russia.delta is None and fin.with_russia.sustainable


def test_s3_symbolic_formulas():
    report = repeated_border_deal_report(symbolic=True)
    model = repeated_border_deal()
    s = model.symbols
    iran = report.with_russia.per_player["Iran"]
    assert sympy.simplify(iran - s["t_ir"] / (s["t_ir"] + s["p_ir"] + s["w"])) == 0
    at_defaults = {s[n]: sympy.Rational(p.default) for n, p in model.parameters.items()}
    assert report.lowered_by.subs(at_defaults) == sympy.Rational(5, 12)


# ------------------------------------------------------------ noisy monitoring


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_noisy_monitoring_closed_form(k):
    e = sympy.Symbol("eps", positive=True)
    m = noisy_monitoring(e, k)
    q = 1 - (1 - e) ** 2
    assert sympy.simplify(m.violation_frequency - q / (1 + k * q)) == 0
    assert sympy.simplify(m.punishment_frequency - k * q / (1 + k * q)) == 0
    assert sympy.simplify(sum(m.stationary.values()) - 1) == 0


@pytest.mark.parametrize("eps,k", [(F(1, 10), 2), (F(1, 20), 5), (F(1, 4), 1)])
def test_noisy_monitoring_matches_simulation(eps, k):
    m = noisy_monitoring(eps, k)
    assert isinstance(m.violation_frequency, F) and m.violation_frequency > 0
    sim = simulate_noisy_monitoring(float(eps), k, periods=200_000, seed=0)
    assert sim["violation_frequency"] == pytest.approx(float(m.violation_frequency), abs=0.005)
    assert sim["punishment_frequency"] == pytest.approx(float(m.punishment_frequency), abs=0.01)


def test_claim_3_violations_on_path_while_deal_persists():
    # the deal is self-enforcing (delta above the threshold with Russia) and yet violations
    # recur: with eps = 1/50 and 3-period punishment about 3.5% of periods see a violation
    report = repeated_border_deal_report(punishment=("finite", 3))
    assert report.with_russia.sustainable
    m = noisy_monitoring(F(1, 50), 3)
    assert m.violation_frequency == F(99, 2797)
    assert m.stationary["cooperate"] > F(8, 10)
