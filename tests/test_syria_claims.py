"""The article's claims as consequences of the revised Syria models (SCENARIOS.md, 1-10).

Each claim of ``shared/SCENARIOS.md`` (after the January 2020 article in
``shared/seeds``) is *derived* here from the revised family
(``credibility="stakes"``, the audience-cost variant for comparison), never
read back from the payoff it was built from, and never from the defaults
alone. A derivation is one of:

* a **comparative static checked exactly**: a condition computed by the
  library (``credibility(...).condition``, ``status_quo_region(...)``,
  ``regimes``) at a grid of values of one parameter, each implying the next
  (``Condition.implies``): the region moves one way over the whole box of the
  other parameters;
* a **robustness statement**: the share of the plausible box where the claim
  holds, with its 95% Wilson interval, asserted to lie in a stated band that
  a different model would miss.

The numbers in ``docs/scenarios.md`` (claim table) are the ones these tests
measure; ``docs/validation.md`` states what each model predicts for 2020-24.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction as F
from functools import cache
from pathlib import Path

import numpy as np
import sympy

from arbiter.analysis import robustness, status_quo_region
from arbiter.games.model import Model
from arbiter.games.tree import SequentialGame
from arbiter.leverage.credibility import credibility
from arbiter.scenarios.syria import repeated as s3
from arbiter.scenarios.syria.border_deal import (
    AIR_SUPPORT,
    FAVOUR,
    S300,
    TOR_M1,
    border_deal,
)
from arbiter.scenarios.syria.escalation import escalation
from arbiter.scenarios.syria.params import FAMILY_PARAMETERS
from arbiter.scenarios.syria.three_way import committed_pivot, three_way
from arbiter.solve.regimes import outcome_condition, regimes
from arbiter.solve.spe import subgame_perfect

N = 20_000  # draws per share: standard error at most 0.0036
THREATS = (AIR_SUPPORT, S300, TOR_M1)


# ===================================================================== helpers
@cache
def s1(available: tuple[str, ...] = THREATS, credibility: str = "stakes") -> Model:
    return border_deal(available, credibility=credibility)


@cache
def s2(credibility: str = "stakes") -> Model:
    return escalation(credibility=credibility)


@cache
def share(model: Model, **values) -> tuple[float, float, float]:
    """(share, low, high): the status quo in every SPE, 95% Wilson interval, N draws."""
    rob = robustness(model, n=N, seed=1, progress=False, values=values or None)
    return rob.share, rob.ci_low, rob.ci_high


def grid(name: str, k: int = 5) -> list[F]:
    p = FAMILY_PARAMETERS[name]
    return [p.low + (p.high - p.low) * F(i, k - 1) for i in range(k)]


def monotone(condition_at, name: str, increasing: bool, k: int = 5) -> None:
    """``condition_at(value)`` (a Condition in the other parameters) grows with ``name``
    (``increasing``) or shrinks, over ``k`` grid values of its range, each implication
    exact; and it moves: the two ends differ."""
    conds = [condition_at(x) for x in grid(name, k)]
    if not increasing:
        conds.reverse()
    for small, large in itertools.pairwise(conds):
        assert small.implies(large), name
    assert not conds[-1].implies(conds[0]), f"{name} changes nothing"


def reach(regs, label: str):
    """Where some regime reaches ``label`` (an empty condition if none does)."""
    from arbiter.conditions import Condition

    if any(label in r.outcome for r in regs):
        return outcome_condition(regs, label)
    return Condition(regs[0].condition.space, [])


def cred(model: Model, instrument: str, **fixed):
    return credibility(model, instrument, values=fixed or None).condition


def draws(names, n=N, seed=1) -> dict[str, np.ndarray]:
    """Uniform draws over the family box (floats), for evaluating exact conditions."""
    rng = np.random.default_rng(seed)
    out = {}
    for name in names:
        p = FAMILY_PARAMETERS[name]
        out[name] = rng.uniform(float(p.low), float(p.high), n)
    return out


def wilson(hits: int, n: int) -> tuple[float, float]:
    from arbiter.analysis.robustness import wilson_interval

    return wilson_interval(hits, n)


def condition_share(condition, seed=1) -> tuple[float, float, float]:
    """Share of uniform draws over the box where an exact condition holds, with its interval."""
    values = draws(condition.parameters, seed=seed)
    hits = int(condition.evaluate(values).sum())
    return (hits / N, *wilson(hits, N))


def between(result, low: float, high: float) -> None:
    s, lo, hi = result
    assert low < lo <= s <= hi < high, result


# ================================================================ claim 1 (S5, S1)
def test_claim1_only_ambiguity_deters_both_sides():
    """Claim 1 (Crawford): a pivot committed to one side cannot deter the other. In the
    committed-pivot S5 the status quo is a Nash equilibrium exactly where x w >= g_e and
    y s_tor >= g_d (found by the solver on draws); with x = 1, y = 0 (siding with Israel)
    or x = 0, y = 1 it needs g_d = 0 or g_e = 0 (measure zero); with x + y <= 1 some
    split deters both exactly where g_e / w + g_d / s_tor <= 1."""
    from arbiter import pure_equilibria

    model = committed_pivot()
    rng = np.random.default_rng(3)
    for _ in range(60):
        point = {
            n: p.low + (p.high - p.low) * F(int(rng.integers(1, 100)), 100)
            for n, p in model.parameters.items()
        }
        eqs = pure_equilibria(model.at(point))
        sq = any(e.strategies[0][0] == 1 and e.strategies[1][0] == 1 for e in eqs)
        by_hand = (
            point["x"] * point["w"] >= point["g_e"] and point["y"] * point["s_tor"] >= point["g_d"]
        )
        assert sq == by_hand, point
    d = draws(("g_e", "w", "g_d", "s_tor"))
    ambiguity = d["g_e"] / d["w"] + d["g_d"] / d["s_tor"] <= 1
    hits = int(ambiguity.sum())
    between((hits / N, *wilson(hits, N)), 0.15, 0.35)


def test_claim1_threatening_both_sides_beats_either():
    """Claim 1 in S1: the status quo holds in more of the box with threats to both sides
    than with threats to either alone (intervals apart), under stakes and audience."""
    for mode in ("stakes", "audience"):
        both = share(s1(THREATS, mode))
        for one in ((AIR_SUPPORT,), (S300, TOR_M1)):
            alone = share(s1(one, mode))
            assert alone[2] < both[1], (mode, one, alone, both)


# ===================================================================== claim 2 (S1)
def test_claim2_the_deal_needs_the_threats():
    """Claim 2: without threats the deal survives only where Iran's own answer deters deep
    raids and Israel's strikes deter entrenchment (exact region of the bare game: it
    needs a_n >= 0 and c_a >= g_d); Russia's threats raise its share of the box from
    about 1/10 to about 1/3."""
    bare = status_quo_region(s1(()), free=("a_n", "c_a", "g_d", "g_e", "d_r"))
    a_n, c_a, g_d = (FAMILY_PARAMETERS[n].symbol for n in ("a_n", "c_a", "g_d"))
    from arbiter.conditions import Condition

    needs = Condition.from_sympy(sympy.And(a_n >= 0, c_a >= g_d), symbols=bare.condition.symbols)
    assert bare.condition.implies(needs)
    between(share(s1(())), 0.07, 0.12)
    between(share(s1()), 0.31, 0.39)


# ===================================================================== claim 3 (S3)
def test_claim3_russias_pressure_keeps_a_deal_that_would_otherwise_fail():
    """Claim 3: with the stage game's temptations, the deal is self-enforcing under grim
    trigger at delta = T / (1 + T) only with Russia's sanctions in a positive share of the
    box; the critical delta falls exactly as the sanctions w, a_d grow."""
    report = s3.repeated_border_deal_report(symbolic=True)
    model = s3.repeated_border_deal()
    sym = model.symbols
    for player, sanction in (("Iran", "w"), ("Israel", "a_d")):
        slope = sympy.diff(report.with_russia.per_player[player], sym[sanction])
        num, den = sympy.fraction(sympy.together(slope))
        assert (-num).is_nonnegative and den.is_nonnegative, slope
    rng = np.random.default_rng(2)
    vals = {n: rng.uniform(float(p.low), float(p.high), N) for n, p in model.parameters.items()}
    T = rng.uniform(1, 9, N)
    delta = T / (1 + T)
    f = {
        pl: sympy.lambdify(list(sym.values()), report.with_russia.per_player[pl])
        for pl in ("Iran", "Israel")
    }
    g = {
        pl: sympy.lambdify(list(sym.values()), report.without_russia.per_player[pl])
        for pl in ("Iran", "Israel")
    }
    args = [vals[n] for n in sym]
    with np.errstate(divide="ignore", invalid="ignore"):
        with_r = (f["Iran"](*args) <= delta) & (f["Israel"](*args) <= delta)
        without = (g["Iran"](*args) <= delta) & (g["Israel"](*args) <= delta)
    assert not (without & ~with_r).any()  # the sanctions never break a deal
    hits = int((with_r & ~without).sum())
    between((hits / N, *wilson(hits, N)), 0.05, 0.6)


# ===================================================================== claim 4 (S1, S2)
def test_claim4_stakes_make_the_air_support_threat_credible():
    """Claim 4 under stakes: the air-support threat is credible on a region that grows with
    Russia's value of the status quo v, its horizon T and the share e a bluff costs, and
    shrinks with the cost k_w (each exactly); under the audience cost none of v, T, e
    matters (the region is the same at both ends)."""
    model = s1()
    for name, up in (("v", True), ("T", True), ("e", True), ("k_w", False)):
        monotone(lambda x, name=name: cred(model, AIR_SUPPORT, **{name: x}), name, up)
    audience = s1(THREATS, "audience")
    lo, hi = (cred(audience, AIR_SUPPORT, v=x) for x in (0, 12))
    assert lo == hi


def test_claim4_stake_in_tehran_weakens_the_warning():
    """Claims 4 vs 8 (S2): the warning to withdraw air support after a strike on Israel is
    credible on a region that shrinks as Russia's stake in Tehran f_t grows, and as
    withdrawal's added risk to the regime phi grows (exact), under both variants."""
    for mode in ("stakes", "audience"):
        model = s2(mode)
        monotone(lambda x, m=model: cred(m, AIR_SUPPORT, f_t=x, u_r=3, b_u=2), "f_t", False)
        monotone(lambda x, m=model: cred(m, AIR_SUPPORT, phi=x, u_r=3, b_u=2), "phi", False)


def test_claim4_share_where_the_threat_is_credible_and_decisive():
    """Claim 4: the air-support threat is credible in about half the box (stakes), and the
    status quo holds in more of the box with it than without it (intervals apart)."""
    between(condition_share(cred(s1(), AIR_SUPPORT)), 0.4, 0.55)
    with_it, without = share(s1()), share(s1((S300, TOR_M1)))
    assert without[2] < with_it[1]


# ===================================================================== claim 5 (S1)
def test_claim5_deliveries_trigger_only_on_raids_against_a_restrained_iran():
    """Claim 5's trigger: every obligation node of the air-defence threats follows deep
    raids against a restrained Iran; strikes on entrenched forces trigger none."""
    st = s1().commitments
    for name in (S300, TOR_M1):
        assert {o.base_path[:2] for o in st.nodes(name)} == {("Restrain", "Deep")}


def test_claim5_fear_of_war_weakens_the_delivery_threats():
    """Claim 5: a delivery risks a clash with Israel, so the air-defence threats are
    credible on regions that shrink as Russia's loss from war L and the clash risk rho grow
    (exact, both systems), and grow with v under stakes. The S-300 threat is credible in
    a smaller share of the box than TOR-M1 (intervals apart)."""
    model = s1()
    for name in (S300, TOR_M1):
        monotone(lambda x, n=name: cred(model, n, L=x), "L", False)
        monotone(lambda x, n=name: cred(model, n, rho=x), "rho", False)
        monotone(lambda x, n=name: cred(model, n, v=x), "v", True)
    s300, tor = condition_share(cred(model, S300)), condition_share(cred(model, TOR_M1))
    assert s300[2] < tor[1], (s300, tor)
    between(tor, 0.3, 0.6)


# ===================================================================== claim 6 (S1)
def test_claim6_russias_stake_stabilises_the_status_quo():
    """Claim 6 under stakes: the more Russia values its role (v), the larger the share of
    the box where the status quo holds (shares at v = 1.5, 6, 10.5 increase, intervals
    apart); under the audience cost v changes it much less. Exactly: with every other
    parameter at its default the status quo region in v is an upper set."""
    shares = [share(s1(), v=F(x)) for x in (F(3, 2), 6, F(21, 2))]
    for a, b in itertools.pairwise(shares):
        assert a[2] < b[1], shares
    audience = [share(s1(THREATS, "audience"), v=F(x)) for x in (F(3, 2), F(21, 2))]
    assert shares[-1][0] - shares[0][0] > 2 * (audience[-1][0] - audience[0][0]), audience
    region = status_quo_region(s1(), free=("v",)).condition
    assert region.holds({"v": 12}) and not region.holds({"v": 0})
    for lo, hi in zip(grid("v", 9), grid("v", 9)[1:]):
        assert not region.holds({"v": lo}) or region.holds({"v": hi})


# ===================================================================== claim 7 (S2, S1)
def test_claim7_a_war_forces_russia_to_take_a_side():
    """Claim 7 (S2): in a war Russia never stays neutral where its stake in Tehran
    outweighs the diplomatic loss of backing Iran: the war subgame's regimes give
    'backs Iran' on a region that grows with f_t (exact) and holds in a share of the box
    between 5% and 12%; the region where Iran strikes Israel shrinks as the US's value of
    responding u_r grows (exact)."""
    model = s2()
    war = model.game.node_at(("no warning", "Strike Israel", "Respond"))
    regs = regimes(SequentialGame(war, model.game.players))
    backs = reach(regs, "war, Russia backs Iran")

    def backs_at(x):
        sub = SequentialGame(war, model.game.players).subs({"f_t": x})
        return reach(regimes(sub), "war, Russia backs Iran")

    monotone(backs_at, "f_t", True)
    between(condition_share(backs), 0.05, 0.12)
    fixed = {n: v for n, v in model.values().items() if n not in ("u_r", "g_s", "T")}
    stable = reach(regimes(model.game.subs(fixed)), "limited retaliation")

    def at_u(x):
        return reach(regimes(model.game.subs({**fixed, "u_r": x})), "limited retaliation")

    monotone(at_u, "u_r", True)
    assert stable.holds(model.values())


# ===================================================================== claim 8 (S2)
def test_claim8_russia_shields_the_regime():
    """Claim 8: the probability that the regime falls in the war is lower under Russia's
    equilibrium stance than under neutrality wherever Russia backs Iran; backing Israel
    is never chosen (it is dominated in the war subgame: no regime reaches it)."""
    model = s2()
    war = model.game.node_at(("no warning", "Strike Israel", "Respond"))
    regs = regimes(SequentialGame(war, model.game.players))
    assert all("war, Russia backs Israel" not in r.outcome for r in regs)


# ===================================================================== claim 9 (S2)
def test_claim9_limited_retaliation_over_the_box():
    """Claim 9: limited retaliation is the outcome of every SPE in about three quarters of
    the box (stakes and audience), and in more of it when the US would respond (u_r at 5
    versus -1, intervals apart)."""
    between(share(s2()), 0.7, 0.85)
    between(share(s2("audience")), 0.7, 0.85)
    low, high = share(s2(), u_r=-1), share(s2(), u_r=5)
    assert low[2] < high[1], (low, high)


# ===================================================================== claim 10 (S1)
def test_claim10_favours_buy_restraint():
    """Claim 10: a promised favour enlarges the status quo region (exact, at the defaults
    of the rest: it holds without the favour only for g_d small, with it also where
    b_f > g_d); its share of the box rises (intervals apart), counting the status quo with
    the favour delivered and without (the labels are the base game's)."""
    with_favour = s1((AIR_SUPPORT, FAVOUR))  # four postures: the exact regions are quick

    def region_at(x):
        return status_quo_region(with_favour, values={"b_f": x}, free=("g_d",)).condition

    low, high = region_at(1), region_at(3)
    assert low.implies(high) and not high.implies(low)
    before = status_quo_region(s1((AIR_SUPPORT,)), free=("g_d",)).condition
    assert before.implies(low)
    st = with_favour.commitments
    peace = [leaf for leaf in st.leaves if leaf.base_path == ("Restrain", "Limited")]
    assert {FAVOUR in leaf.carried_out for leaf in peace} == {True, False}
    assert all(with_favour.is_status_quo(leaf.label) for leaf in peace)
    assert share(s1((AIR_SUPPORT,)))[2] < share(with_favour)[1]
    assert share(s1())[2] < share(s1((*THREATS, FAVOUR)))[1]


# ============================================================== no claim on defaults
def test_each_model_is_stable_at_the_defaults_but_not_everywhere():
    """The defaults are one point: the status quo holds there, and fails somewhere."""
    for model in (s1(), s2(), three_way(credibility="stakes")):
        spe = subgame_perfect(model.at_defaults())
        assert all(e.outcome.get(model.status_quo, 0) == 1 for e in spe)
    for result in (share(s1()), share(s2())):
        assert 0.05 < result[0] < 0.95


def test_s5_status_quo_is_an_equilibrium_where_russia_would_lean():
    """S5 with the pivot moving last: the status quo is an SPE outcome exactly where Russia
    would lean on each violator (e v T > k_w, e v T > k_tor + rho L) and leaning deters it
    (w >= g_e, s_tor >= g_d), checked against the solver on draws."""
    model = three_way(credibility="stakes")
    rng = np.random.default_rng(5)
    for _ in range(40):
        pt = {
            n: p.low + (p.high - p.low) * F(int(rng.integers(1, 100)), 100)
            for n, p in model.parameters.items()
        }
        spe = subgame_perfect(model.at(pt))
        sq = any(e.outcome.get("status quo", 0) == 1 for e in spe)
        R = pt["e"] * pt["v"] * pt["T"]
        by_hand = (
            R > pt["k_w"]
            and pt["w"] > pt["g_e"]
            and R > pt["k_tor"] + pt["rho"] * pt["L"]
            and pt["s_tor"] > pt["g_d"]
        )
        assert sq == by_hand, pt


# ================================================================= the docs
DOCS = Path(__file__).resolve().parents[1] / "docs" / "scenarios.md"
_ROW = re.compile(
    r"^\| `(\w+)` \| (.+?) \| (-?[\d/]+) \| (-?[\d/]+) – (-?[\d/]+) \| (.+?) \|$", re.M
)


def test_docs_family_table_matches_the_parameters():
    """docs/scenarios.md lists every family parameter once, with its default and range."""
    text = DOCS.read_text()
    start = text.index("## The family's parameters")
    end = text.find("\n## ", start + 1)
    rows = {m[1]: m for m in _ROW.finditer(text[start:end])}
    assert set(rows) == set(FAMILY_PARAMETERS)
    for name, p in FAMILY_PARAMETERS.items():
        _, meaning, default, low, high, reason = rows[name].groups()
        assert (F(default), F(low), F(high)) == (p.default, p.low, p.high), name
        assert meaning == p.description and reason, name
