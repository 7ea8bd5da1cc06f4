"""The article's claims, reproduced by the Syria models (SCENARIOS.md, claims 1-10).

Table-driven: each case quotes a claim of ``shared/SCENARIOS.md`` (after the
January 2020 article in ``shared/seeds``), names the model that encodes it
(S1 border deal, S2 escalation, S5 three-way) and checks that the model
reproduces it, at the illustrative defaults and, where the claim says so,
over the plausible parameter ranges (random draws, exact arithmetic).

S5's claims are checked on the payoff table of ``three_way()`` and its
equilibrium, derived by hand from the indifference conditions. Claim 3
(violations under a persisting deal: the repeated game S3) and claim 10
(inducements) belong to later models and are not tested here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction as F
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy

from arbiter import best_responses, expected_payoffs, nash_equilibria, regrets
from arbiter.analysis import robustness
from arbiter.games.model import Model
from arbiter.games.tree import SequentialGame
from arbiter.leverage import BACK_DOWN, CARRY_OUT
from arbiter.leverage.credibility import credibility, credible_threats
from arbiter.scenarios.syria.border_deal import AIR_SUPPORT, S300, TOR_M1, border_deal
from arbiter.scenarios.syria.escalation import STATUS_QUO as S2_STATUS_QUO
from arbiter.scenarios.syria.escalation import escalation
from arbiter.scenarios.syria.three_way import three_way
from arbiter.solve.regimes import outcome_condition, regimes
from arbiter.solve.result import EquilibriumSet
from arbiter.solve.spe import subgame_perfect

#: The claims, quoted from SCENARIOS.md.
CLAIMS = {
    1: "Russia keeps close ties with both Israel and Iran and, since 2015, has made both "
    "accept that it will not choose between them.",
    2: "In spring 2018 Russia brokered an informal deal: Iranian forces and proxies stay away "
    "from the Syrian-Israeli border, in exchange for a halt to Israeli raids on Iranian "
    "positions that do not threaten Israel directly.",
    3: "Both sides have violated the deal repeatedly; Russia keeps pressing both to de-escalate.",
    4: "Russia has threatened to leave Iranian forces and proxies without Russian air support.",
    5: "Russia has warned Israel that if aggressive raids continue beyond southern Syria, it "
    "will supply Damascus with more air defence (S-300, TOR-M1).",
    6: "The arbiter position gives Russia leverage and prestige, so it wants the status quo of "
    "tension without open conflict.",
    7: "An Iranian strike on Israel would likely bring a US response and a major regional "
    "conflict, which would force Russia to take sides at a diplomatic loss; Russia wants to "
    "avoid this at any cost.",
    8: "The fall of the regime in Tehran through US military action is against Russia's "
    "interest; Russia would oppose any action that threatens it.",
    9: "After the killing of Soleimani, Iran de-escalated with limited attacks on US positions "
    "in Iraq, which relieved Russia.",
    10: "Russia courts Israel with favours (the release of an Israeli prisoner before an "
    "election; $5bn of trade): inducements, not only threats.",
}

POSTURE = "posture"


# ===================================================================== helpers
@cache
def s1() -> Model:
    return border_deal()


@cache
def s2() -> Model:
    return escalation()


@cache
def spe_at_defaults(name: str) -> EquilibriumSet:
    return subgame_perfect({"S1": s1, "S2": s2}[name]().at_defaults())


def chosen(equilibrium, player: str) -> dict[str, str]:
    """The action a pure equilibrium takes at each of ``player``'s information sets."""
    return {
        h: next(a for a, p in dist.items() if p == 1)
        for h, dist in equilibrium.strategy(player).items()
    }


def reaches_only(spe: EquilibriumSet, label: str) -> bool:
    """Every subgame-perfect equilibrium reaches ``label`` with probability one."""
    return len(spe) > 0 and all(e.outcome.get(label, 0) == 1 for e in spe)


def draw(model: Model, rng: np.random.Generator) -> dict[str, F]:
    """One exact point, each parameter uniform on a 1/1000 grid of its plausible range."""
    return {
        n: p.low + (p.high - p.low) * F(int(rng.integers(0, 1001)), 1000)
        for n, p in model.parameters.items()
    }


def share_of_draws(model: Model, label: str, n: int = 60, seed: int = 0) -> float:
    """Share of ``n`` random draws in which every SPE reaches ``label``."""
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(n):
        spe = subgame_perfect(model.at(draw(model, rng)), max_equilibria=100_000)
        hits += reaches_only(spe, label)
    return hits / n


#: The 99.9% normal quantile: a share check fails a correct model once in a thousand seeds.
Z999 = 3.2905267314919255


def wilson(x: int, n: int, z: float) -> tuple[float, float]:
    """Wilson's score interval, (x + z^2/2 -+ z sqrt(x (n - x) / n + z^2 / 4)) / (n + z^2)."""
    root = z * math.sqrt(x * (n - x) / n + z * z / 4)
    return (x + z * z / 2 - root) / (n + z * z), (x + z * z / 2 + root) / (n + z * z)


@cache
def stable_draws(name: str, label: str, n: int = 120) -> int:
    """How many of ``n`` draws make ``label`` the outcome of every SPE (solved one by one)."""
    return round(share_of_draws({"S1": s1, "S2": s2}[name](), label, n=n) * n)


@cache
def reference_share(name: str) -> float:
    """The share by the vectorised batch solver (another code path), 50,000 continuous draws."""
    return robustness({"S1": s1, "S2": s2}[name](), n=50_000, seed=1, progress=False).share


def check_share(name: str, label: str, low: float, high: float, n: int = 120) -> None:
    """The share of draws where every SPE reaches ``label`` lies in ``(low, high)``: the
    batch solver's estimate (standard error 0.002) lies there, and the share of ``n`` draws
    solved one by one with subgame_perfect agrees with it (99.9% Wilson interval)."""
    ref = reference_share(name)
    assert low < ref < high, ref
    lo, hi = wilson(stable_draws(name, label, n), n, Z999)
    assert lo <= ref <= hi, (lo, ref, hi)


def russia_payoffs(game: SequentialGame) -> dict[str, list]:
    """Russia's payoff at every outcome, by label."""
    i = game.players.index("Russia")
    out: dict[str, list] = {}
    for path, node in game.outcomes:
        out.setdefault(game.label_of(path), []).append(node.payoffs[i])
    return out


# ======================================================================== S1
def s1_status_quo_is_the_outcome_of_every_spe():
    """Claims 2, 6: at the defaults, Iran restrains and Israel stays limited in every SPE."""
    spe = spe_at_defaults("S1")
    assert reaches_only(spe, s1().status_quo)
    assert spe.max_regret == 0


def s1_status_quo_needs_the_threats():
    """Claims 2, 6: without Russia's threats the deal fails (the defaults and the whole range)."""
    bare = border_deal(())
    assert reaches_only(subgame_perfect(bare.at_defaults()), "open confrontation")
    assert share_of_draws(bare, "status quo", n=40) == 0


def s1_status_quo_holds_in_part_of_the_plausible_range():
    """Claims 2, 6: over the plausible ranges the status quo holds in about 35% of draws:
    neither an artefact of the defaults nor guaranteed."""
    check_share("S1", "status quo", low=0.3, high=0.4)


def s1_status_quo_is_russias_best_outcome():
    """Claim 6: Russia prefers the status quo to every other outcome (v > 0 > -L)."""
    payoffs = russia_payoffs(s1().at_defaults())
    best = max(v for vs in payoffs.values() for v in vs)
    assert payoffs["status quo"] == [best] * len(payoffs["status quo"])
    assert all(v < best for label, vs in payoffs.items() if label != "status quo" for v in vs)


def s1_russia_threatens_both_sides():
    """Claim 1: in every SPE Russia's posture threatens Iran and Israel alike."""
    for e in spe_at_defaults("S1"):
        posture = chosen(e, "Russia")[POSTURE].split(" + ")
        assert AIR_SUPPORT in posture  # against Iran
        assert TOR_M1 in posture  # against Israel (S-300 may be added, as cheap talk)
    postures = {chosen(e, "Russia")[POSTURE] for e in spe_at_defaults("S1")}
    assert postures == {f"{AIR_SUPPORT} + {TOR_M1}", f"{AIR_SUPPORT} + {S300} + {TOR_M1}"}


def s1_threatening_one_side_only_fails():
    """Claim 1: a threat against one side alone does not keep the deal (at the defaults)."""
    only_iran = subgame_perfect(border_deal((AIR_SUPPORT,)).at_defaults())
    only_israel = subgame_perfect(border_deal((S300, TOR_M1)).at_defaults())
    assert reaches_only(only_iran, "deep raids")
    assert reaches_only(only_israel, "open confrontation")


def s1_air_support_threat_is_credible():
    """Claim 4: the threat is credible exactly when r > k_w; at the defaults 2 > 1."""
    cred = credibility(s1(), AIR_SUPPORT)
    assert cred.condition == sympy.Gt(s1().symbols["r"], s1().symbols["k_w"])
    assert cred.holds(s1().values())
    for e in spe_at_defaults("S1"):
        russia = chosen(e, "Russia")
        assert all(russia[h] == CARRY_OUT for h in cred.nodes)


def s1_air_support_threat_deters_entrenchment():
    """Claim 4: announced with TOR-M1, it turns Iran from entrenching to restraint."""
    for e in spe_at_defaults("S1"):
        iran = chosen(e, "Iran")
        assert iran[f"Iran:{TOR_M1}"] == "Entrench"
        assert iran[f"Iran:{AIR_SUPPORT} + {TOR_M1}"] == "Restrain"


def s1_s300_and_tor_m1_differ():
    """Claim 5: TOR-M1 is credible (r = 2 > k_tor = 1), S-300 is not (k_300 = 3 > r = 2)."""
    model = s1()
    assert credible_threats(model, {}) == (AIR_SUPPORT, TOR_M1)
    tor, s300 = credibility(model, TOR_M1), credibility(model, S300)
    assert tor.holds(model.values()) and not s300.holds(model.values())
    for e in spe_at_defaults("S1"):
        russia, israel = chosen(e, "Russia"), chosen(e, "Israel")
        assert all(russia[h] == CARRY_OUT for h in tor.nodes)
        assert all(russia[h] == BACK_DOWN for h in s300.nodes)
        # Only the credible warning stops deep raids against a restrained Iran.
        assert israel[f"Israel:{S300}/Restrain"] == "Deep"
        assert israel[f"Israel:{TOR_M1}/Restrain"] == "Limited"


def s1_s300_becomes_credible_with_a_larger_reputation_cost():
    """Claim 5: S-300 is credible exactly when r > k_300 (both systems, different costs)."""
    sym = s1().symbols
    assert credibility(s1(), S300).condition == sympy.Gt(sym["r"], sym["k_300"])
    assert S300 in credible_threats(s1(), {"r": 4})


def s1_open_confrontation_is_russias_worst_outcome():
    """Claim 7: at the defaults every open-confrontation outcome is Russia's worst."""
    payoffs = russia_payoffs(s1().at_defaults())
    war = [v for label, vs in payoffs.items() if label.startswith("open confrontation") for v in vs]
    peace = [
        v for label, vs in payoffs.items() if not label.startswith("open confrontation") for v in vs
    ]
    assert max(war) < min(peace)


# ======================================================================== S2
def s2_limited_retaliation_at_defaults():
    """Claim 9: at the defaults every SPE ends in limited retaliation, as in January 2020."""
    spe = spe_at_defaults("S2")
    assert s2().status_quo == S2_STATUS_QUO == "limited retaliation"
    assert reaches_only(spe, "limited retaliation")
    assert spe.max_regret == 0


def s2_limited_retaliation_in_part_of_the_range():
    """Claim 9: limited retaliation is the outcome in a positive share of plausible draws."""
    check_share("S2", "limited retaliation", low=0.63, high=0.73)


def s2_limited_retaliation_relieves_russia():
    """Claim 9: Russia's payoff from limited retaliation is its best (no war: v)."""
    payoffs = russia_payoffs(s2().at_defaults())
    best = max(v for vs in payoffs.values() for v in vs)
    assert set(payoffs["limited retaliation"]) == {best}
    assert spe_at_defaults("S2")[0].payoff("Russia") == best


def s2_war_is_russias_worst_and_forces_a_side():
    """Claim 7: every war outcome is worse for Russia than any outcome without war, and in
    the war Russia takes a side (backs Iran) at a diplomatic loss c_i."""
    payoffs = russia_payoffs(s2().at_defaults())
    war = [v for label, vs in payoffs.items() if label.startswith("war") for v in vs]
    other = [v for label, vs in payoffs.items() if not label.startswith("war") for v in vs]
    assert max(war) < min(other)
    for e in spe_at_defaults("S2"):
        assert chosen(e, "Russia")["Russia:no warning/Strike Israel/US responds"] == "Back Iran"


def s2_russia_opposes_the_fall_of_tehran():
    """Claim 8: in the war Russia backs Iran exactly when its stake f_t exceeds the diplomatic
    cost c_i, and never backs Israel against it (backing Israel is dominated)."""
    model = s2()
    war = model.game.node_at(("no warning", "Strike Israel", "US responds"))
    regs = regimes(SequentialGame(war, model.game.players))
    f_t, c_i = model.symbols["f_t"], model.symbols["c_i"]
    assert [dict(r.outcome) for r in regs] == [
        {"war, Russia neutral": 1},
        {"war, Russia backs Iran": 1},
    ]
    backs_iran = outcome_condition(regs, "war, Russia backs Iran")
    assert backs_iran == sympy.Ge(f_t, c_i)


def s2_stake_in_tehran_weakens_the_air_support_threat():
    """Claims 4 vs 8: withdrawing air support raises the risk to the regime (phi * f_t), so the
    threat is credible iff r > k_w + phi f_t: at r = 2, k_w = 1, phi = 1/4, iff f_t < 4."""
    model = s2()
    sym = model.symbols
    cred = credibility(model, AIR_SUPPORT)
    assert cred.condition == (sym["r"] - sym["k_w"] - sym["phi"] * sym["f_t"] > 0)
    fixed = credibility(model, AIR_SUPPORT, values={"r": 2, "k_w": 1, "phi": F(1, 4)})
    assert fixed.condition == sympy.Lt(sym["f_t"], 4)
    assert not cred.holds(model.values())  # f_t = 8: the warning is cheap talk
    assert cred.holds(model.values({"f_t": 3}))


def s2_stake_in_tehran_decides_whether_the_warning_deters():
    """Claims 4 vs 8: where only the warning can stop a strike on Israel (a tempting strike,
    g_s = 6, and an unlikely US response, q = 1/4), Iran retaliates in a limited way exactly
    when f_t <= 4; with a larger stake in Tehran it strikes Israel."""
    model = s2()
    values = model.values({"g_s": 6, "q": F(1, 4)})
    del values["f_t"]
    regs = regimes(model.game.subs(values))
    assert outcome_condition(regs, "limited retaliation") == sympy.Le(model.symbols["f_t"], 4)
    for f_t, warned in ((3, True), (5, False)):
        spe = subgame_perfect(model.game.subs({**values, "f_t": f_t}))
        if warned:
            assert reaches_only(spe, "limited retaliation")
            assert all(chosen(e, "Russia")[POSTURE] == "warn Iran" for e in spe)
        else:
            assert all(e.outcome.get("limited retaliation", 0) == 0 for e in spe)


@cache
def s2_regimes():
    return regimes(s2().game)  # all 16 parameters symbolic: about a second


def s2_full_model_status_quo_region():
    """Claims 4, 8, 9: with every parameter symbolic, limited retaliation holds at the defaults,
    and one way to it runs through the warning's credibility r >= k_w + phi f_t (weak: the
    regimes' tie convention) together with the loss w it threatens."""
    model = s2()
    sym = model.symbols
    condition = outcome_condition(s2_regimes(), "limited retaliation")
    assert condition.holds(model.values())
    credible = sympy.Ge(sym["r"], sym["f_t"] * sym["phi"] + sym["k_w"])
    cases = condition.cases()
    through_warning = [t for t in cases if t.implies(credible)]
    assert through_warning and all("w" in t.parameters for t in through_warning)
    # Without the warning's credibility, the threatened loss w plays no part.
    others = [t for t in cases if not t.implies(credible)]
    assert others and all("w" not in t.parameters for t in others)


def s2_warning_is_irrelevant_at_defaults():
    """Claims 4, 7, 9: at the defaults Iran is held back by the likely US response, not by the
    (incredible) warning: Russia is indifferent between warning and not."""
    postures = {chosen(e, "Russia")[POSTURE] for e in spe_at_defaults("S2")}
    assert postures == {"no warning", "warn Iran"}
    assert credible_threats(s2(), {}) == ()


# ======================================================================== S5
ISRAEL, IRAN, RUSSIA = 0, 1, 2
LIMITED, DEEP = 0, 1
RESTRAIN, ENTRENCH = 0, 1
EVEN, LEAN_IRAN, LEAN_ISRAEL = 0, 1, 2


@cache
def s5_defaults():
    return three_way().at_defaults()


def s5_gain(player: int, deviation: int, profile: tuple[int, int, int], game=None) -> Any:
    """What ``player`` gains by switching to ``deviation`` at a pure ``profile``."""
    game = three_way().game if game is None else game
    other = list(profile)
    other[player] = deviation
    return sympy.expand(game.payoffs[(player, *other)] - game.payoffs[(player, *profile)])


def s5_air_support_threat_deters_iran():
    """Claim 4: when Russia leans on Iran, entrenching costs Iran its air support (w), so it
    restrains exactly when w > g_e (whatever Israel does); at the defaults 5 > 3. When Russia
    stays even-handed, entrenching pays g_e > 0: the threat is what restrains Iran."""
    sym = three_way().symbols
    for raid in (LIMITED, DEEP):
        leaned = s5_gain(IRAN, ENTRENCH, (raid, RESTRAIN, LEAN_IRAN))
        assert leaned == sympy.expand(sym["g_e"] - sym["w"])
        assert s5_gain(IRAN, ENTRENCH, (raid, RESTRAIN, EVEN)) == sym["g_e"]
        at_defaults = s5_gain(IRAN, ENTRENCH, (raid, RESTRAIN, LEAN_IRAN), s5_defaults())
        assert at_defaults == -2  # 3 - 5
    game = s5_defaults()
    assert best_responses(game, ("Limited", [1, 0], "Lean on Iran"), "Iran") == (RESTRAIN,)
    assert best_responses(game, ("Limited", [1, 0], "Even-handed"), "Iran") == (ENTRENCH,)


def s5_air_defence_threat_deters_deep_raids():
    """Claim 5: when Russia leans on Israel, deep raids bring S-300 / TOR-M1 deliveries (s):
    against a restrained Iran, Israel stays limited exactly when s > g_d (defaults: 5 > 2);
    without the threat, deep raids pay g_d > 0."""
    sym = three_way().symbols
    assert s5_gain(ISRAEL, DEEP, (LIMITED, RESTRAIN, LEAN_ISRAEL)) == sym["g_d"] - sym["s"]
    assert s5_gain(ISRAEL, DEEP, (LIMITED, RESTRAIN, EVEN)) == sym["g_d"]
    assert s5_gain(ISRAEL, DEEP, (LIMITED, RESTRAIN, LEAN_ISRAEL), s5_defaults()) == -3
    game = s5_defaults()
    assert best_responses(game, ([1, 0], "Restrain", "Lean on Israel"), "Israel") == (LIMITED,)
    assert best_responses(game, ([1, 0], "Restrain", "Even-handed"), "Israel") == (DEEP,)


def s5_no_pure_equilibrium_so_russia_mixes():
    """Claim 6: at the defaults no pure profile is stable (each of the 12 has a profitable
    deviation, checked here on the payoff table), so Russia's arbiter position is held by
    mixing: the unique equilibrium is the one derived by hand from the indifferences
    (Iran: g_e = w x, so x = 3/5 on leaning on Iran; Russia: b_ir (1 - y) - k_ir y = b_is,
    so Iran restrains with y = 1/4; Israel then raids deep)."""
    game = s5_defaults()
    for profile in product(range(2), range(2), range(3)):
        assert any(
            game.payoffs[(i, *profile[:i], b, *profile[i + 1 :])] > game.payoffs[(i, *profile)]
            for i in range(3)
            for b in range(game.shape[i])
        ), profile
    eqs = nash_equilibria(game)
    assert len(eqs) == 1 and len(eqs.pure) == 0
    by_hand = ((0, 1), (F(1, 4), F(3, 4)), (0, F(3, 5), F(2, 5)))
    assert eqs[0].strategies == by_hand
    assert regrets(game, by_hand) == (0, 0, 0)


def s5_russia_leans_on_both_and_dreads_war():
    """Claims 6, 7: open confrontation (Iran entrenched, Israel raiding deep) is Russia's worst
    outcome whatever its posture (-L plus at most its prestige b), its best is the status quo
    (v); in equilibrium Russia never stays even-handed but leans on each side with positive
    probability, neither committed to one side: strategic ambiguity."""
    game = s5_defaults()
    russia = game.payoffs[RUSSIA]
    war = [russia[DEEP][ENTRENCH][r] for r in range(3)]
    rest = [
        russia[d][e][r] for d in range(2) for e in range(2) for r in range(3) if (d, e) != (1, 1)
    ]
    assert max(war) < min(rest)
    assert max(rest) == russia[LIMITED][RESTRAIN][EVEN] == 10  # v
    (eq,) = nash_equilibria(game)
    leaning = eq.strategy("Russia")
    assert leaning["Even-handed"] == 0
    assert 0 < leaning["Lean on Iran"] < 1 and 0 < leaning["Lean on Israel"] < 1
    assert expected_payoffs(game, eq.strategies)[RUSSIA] == F(-13)  # -L (1 - 1/4) + b_is


# ===================================================================== table
@dataclass(frozen=True)
class Claim:
    """One claim and the check that a model reproduces it."""

    number: int
    model: str
    check: Callable[[], None]

    @property
    def text(self) -> str:
        return CLAIMS[self.number]

    def __str__(self) -> str:
        return f"claim{self.number}-{self.model}-{self.check.__name__}"


CASES = (
    Claim(1, "S1", s1_russia_threatens_both_sides),
    Claim(1, "S1", s1_threatening_one_side_only_fails),
    Claim(2, "S1", s1_status_quo_is_the_outcome_of_every_spe),
    Claim(2, "S1", s1_status_quo_needs_the_threats),
    Claim(2, "S1", s1_status_quo_holds_in_part_of_the_plausible_range),
    Claim(4, "S1", s1_air_support_threat_is_credible),
    Claim(4, "S1", s1_air_support_threat_deters_entrenchment),
    Claim(4, "S2", s2_stake_in_tehran_weakens_the_air_support_threat),
    Claim(4, "S2", s2_stake_in_tehran_decides_whether_the_warning_deters),
    Claim(4, "S5", s5_air_support_threat_deters_iran),
    Claim(5, "S1", s1_s300_and_tor_m1_differ),
    Claim(5, "S1", s1_s300_becomes_credible_with_a_larger_reputation_cost),
    Claim(5, "S5", s5_air_defence_threat_deters_deep_raids),
    Claim(6, "S1", s1_status_quo_is_the_outcome_of_every_spe),
    Claim(6, "S1", s1_status_quo_is_russias_best_outcome),
    Claim(6, "S1", s1_status_quo_holds_in_part_of_the_plausible_range),
    Claim(6, "S2", s2_limited_retaliation_relieves_russia),
    Claim(6, "S5", s5_no_pure_equilibrium_so_russia_mixes),
    Claim(6, "S5", s5_russia_leans_on_both_and_dreads_war),
    Claim(7, "S1", s1_open_confrontation_is_russias_worst_outcome),
    Claim(7, "S2", s2_war_is_russias_worst_and_forces_a_side),
    Claim(7, "S2", s2_warning_is_irrelevant_at_defaults),
    Claim(7, "S5", s5_russia_leans_on_both_and_dreads_war),
    Claim(8, "S2", s2_russia_opposes_the_fall_of_tehran),
    Claim(8, "S2", s2_full_model_status_quo_region),
    Claim(8, "S2", s2_stake_in_tehran_weakens_the_air_support_threat),
    Claim(8, "S2", s2_stake_in_tehran_decides_whether_the_warning_deters),
    Claim(9, "S2", s2_limited_retaliation_at_defaults),
    Claim(9, "S2", s2_limited_retaliation_in_part_of_the_range),
    Claim(9, "S2", s2_limited_retaliation_relieves_russia),
    Claim(9, "S2", s2_full_model_status_quo_region),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_claim(case: Claim) -> None:
    """The model named by the case reproduces the quoted claim."""
    case.check()


# ============================================================== traceability
MODELS = {"S1": border_deal, "S2": escalation, "S5": three_way}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_claim_a_model_encodes_has_a_case(name):
    """Each claim listed in ``model.claims`` is checked by at least one case for that model."""
    covered = {c.number for c in CASES if c.model == name}
    assert set(MODELS[name]().claims) <= covered


def test_later_claims_are_named():
    """Claims 3 (repeated game S3) and 10 (inducements) are for later models, not these."""
    encoded = {n for make in MODELS.values() for n in make().claims}
    assert {3, 10}.isdisjoint(encoded)
    assert set(CLAIMS) == set(range(1, 11))


# ================================================================= the docs
DOCS = Path(__file__).resolve().parents[1] / "docs" / "scenarios.md"
_ROW = re.compile(r"^\| `(\w+)` \| (.+?) \| ([\d/]+) \| ([\d/]+) – ([\d/]+) \| (.+?) \|$", re.M)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_docs_parameter_tables_match_the_models(name):
    """docs/scenarios.md lists every parameter with the model's default, range and meaning."""
    text = DOCS.read_text()
    start = text.index(f"## {name} ")
    end = text.find("\n## ", start + 1)
    rows = {m[1]: m for m in _ROW.finditer(text[start : end if end > 0 else None])}
    model = MODELS[name]()
    assert set(rows) == set(model.parameters)
    for pname, p in model.parameters.items():
        _, _, meaning, default, low, high, reason = rows[pname].group(0, 1, 2, 3, 4, 5, 6)
        assert (F(default), F(low), F(high)) == (p.default, p.low, p.high), pname
        assert meaning == p.description and reason, pname


def test_claim_10_inducements_not_only_threats():
    """Claim 10: "Russia courts Israel with favours (the release of an Israeli prisoner
    before an election; $5bn of trade): inducements, not only threats."

    With only the air-support threat, Israel raids deep at the defaults; a promised
    favour buys limited strikes exactly when it is worth more to Israel than deep raids
    (and Russia would deliver it: its cost is below the reputation cost of reneging).
    """
    from arbiter.analysis import status_quo_region
    from arbiter.leverage.credibility import credibility
    from arbiter.scenarios.syria.border_deal import AIR_SUPPORT, FAVOUR, border_deal
    from arbiter.solve.spe import subgame_perfect

    without = border_deal((AIR_SUPPORT,))
    with_favour = border_deal((AIR_SUPPORT, FAVOUR))
    reached = {
        label
        for e in subgame_perfect(without.at_defaults())
        for label, p in e.outcome.items()
        if p
    }
    assert reached == {"deep raids"}
    region = status_quo_region(with_favour, free=("g_d", "b_f"))
    assert str(region.condition) == "b_f > g_d"
    outcomes = {
        label
        for e in subgame_perfect(with_favour.at({"b_f": 3}))
        for label, p in e.outcome.items()
        if p
    }
    assert outcomes == {with_favour.status_quo}
    assert str(credibility(with_favour, FAVOUR).condition) == "r > k_f"
