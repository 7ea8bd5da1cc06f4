"""The analysis layer: exact status-quo regions, thresholds, instrument values, maps, robustness.

The independent reference throughout is numeric subgame perfection,
:func:`arbiter.solve.spe.subgame_perfect` on ``model.at(values)``, which lists
every pure subgame-perfect equilibrium (ties included): the status quo is
stable at a point when every one of them reaches it. The property tests draw
points with few free parameters (fast regimes), integer coordinates included
so that boundaries (ties) are hit, and, marked slow, points of the full
14-parameter S1 region.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import scipy.stats
import sympy
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from arbiter.analysis import (
    InstrumentValue,
    Robustness,
    StabilityMap,
    comparative_statics,
    instrument_value,
    instrument_values,
    robustness,
    stability_map,
    status_quo_region,
    threshold,
)
from arbiter.analysis._batch import BatchSolver
from arbiter.analysis.robustness import BLOCK
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.model import Model
from arbiter.games.parameters import Parameter
from arbiter.games.tree import SequentialGame, chance, decision, outcome
from arbiter.scenarios.syria.border_deal import AIR_SUPPORT, S300, TOR_M1, border_deal
from arbiter.scenarios.syria.three_way import three_way
from arbiter.solve.spe import subgame_perfect


def first_s1(available: tuple[str, ...] = (AIR_SUPPORT, S300, TOR_M1)):
    """S1's first version (lump-sum reputation cost r): the analysis machinery is checked on
    it (its regions are short and known by hand); the default model's claims are derived in
    tests/test_syria_claims.py."""
    return border_deal(available, credibility="lump-sum")


S1 = first_s1()
SQ = S1.status_quo


def spe_stable(model: Model, values: dict[str, Any], max_equilibria: int = 2000) -> bool:
    """The reference: every SPE of ``model.at(values)`` reaches the status quo."""
    eqs = subgame_perfect(model.at(values), max_equilibria=max_equilibria)
    return all(e.outcome.get(model.status_quo, 0) == 1 for e in eqs)


def on_lower_dimensional_set(region: Any, values: dict[str, Any]) -> bool:
    """Whether the point is on a tie hyperplane of a regime holding there, or on an edge."""
    if any(v == 0 for v in values.values()):
        return True
    for r in region.regimes:
        if not r.holds(values):
            continue
        sub = {s: sympy.Rational(str(values[s.name])) for s in r.condition.free_symbols}
        for atom in r.condition.to_sympy().atoms(sympy.core.relational.Relational):
            if (atom.lhs - atom.rhs).xreplace(sub) == 0:
                return True
    return False


def check_against_spe(region: Any, model: Model, values: dict[str, Any]) -> bool:
    """The region's documented relation to numeric subgame perfection at one exact point.

    Where the regimes holding at the point cover the outcomes of every SPE there, the
    condition says exactly whether every SPE reaches the status quo. Otherwise (a profile
    that is subgame perfect only on a lower-dimensional set) the condition may say
    "stable" while an SPE leaves the status quo, never the reverse. Returns whether the
    point was such an exception.
    """
    eqs = subgame_perfect(model.at(values), max_equilibria=2000)
    truth = all(e.outcome.get(model.status_quo, 0) == 1 for e in eqs)
    free = {k: v for k, v in values.items() if k in region.parameters}
    holds = region.holds(free)
    reached = {label for r in region.regimes if r.holds(free) for label in r.outcome}
    covered = all(set(e.outcome) <= reached for e in eqs)
    if covered:
        assert holds == truth, (values, region.condition)
        return False
    assert truth <= holds, values  # never "not stable" where every SPE reaches the status quo
    assert on_lower_dimensional_set(region, free), values
    return holds != truth


def exact(x: float) -> Fraction:
    """A grid coordinate as the decimal it prints as (how the analysis reads floats)."""
    return Fraction(repr(float(x)))


def same(a: Robustness, b: Robustness) -> bool:
    """Field-by-field equality, with nan equal to nan."""

    def eq(x: Any, y: Any) -> bool:
        if isinstance(x, float) and isinstance(y, float):
            return x == y or (math.isnan(x) and math.isnan(y))
        if isinstance(x, tuple) and isinstance(y, tuple):
            return len(x) == len(y) and all(eq(p, q) for p, q in zip(x, y))
        if hasattr(x, "__dataclass_fields__"):
            return all(eq(getattr(x, f), getattr(y, f)) for f in x.__dataclass_fields__)
        return x == y

    return eq(a, b)


# ====================================================================== S1 at defaults
def test_status_quo_stable_at_defaults_claim_6():
    """Claim 6: Russia's threats keep the status quo of tension without open conflict."""
    defaults = S1.values()
    assert spe_stable(S1, defaults)
    region = status_quo_region(S1, free=("w", "r"))
    assert region.holds({n: defaults[n] for n in ("w", "r")})
    assert str(region.condition) == "r > 1 and w > 1"
    assert robustness(S1, n=1, progress=False, values=defaults).share == 1.0


def test_region_is_cached_and_describes_itself():
    a = status_quo_region(S1, free=("w", "r"))
    assert status_quo_region(S1, free=["r", "w"]) is a
    assert a.fixed["k_w"] == 1 and a.parameters == ("r", "w")
    assert "every subgame-perfect equilibrium" in str(a)
    assert a.latex() == r"r > 1 \wedge w > 1"
    assert a.some_equilibrium == sympy.And(
        sympy.Ge(sympy.Symbol("r", nonnegative=True), 1),
        sympy.Ge(sympy.Symbol("w", nonnegative=True), 1),
    )
    assert a.holds({"w": 5, "r": 2, "k_w": 1})  # fixed values may be repeated
    with pytest.raises(InvalidArgumentError, match=r"k_w.*fixed at 1"):
        a.holds({"w": 5, "r": 2, "k_w": 2})
    with pytest.raises(InvalidArgumentError, match=r"give no value for \['w'\]"):
        a.holds({"r": 2})
    with pytest.raises(InvalidArgumentError, match=r"must be >= 0"):
        a.holds({"r": 2, "w": -1})


def test_boundaries_follow_the_documented_convention():
    """On w = 1 an equilibrium with open confrontation exists: excluded; w >= 1 for *some* SPE."""
    region = status_quo_region(S1, free=("w",))
    assert not region.holds({"w": 1}) and not spe_stable(S1, {"w": 1})
    assert region.some_equilibrium.holds({"w": 1})
    assert region.holds({"w": Fraction(101, 100)}) and spe_stable(S1, {"w": Fraction(101, 100)})


# ====================================================================== property tests
FREE_SETS = [
    ("w", "r"),
    ("w", "r", "k_w"),
    ("g_e", "k_w"),
    ("s_300", "k_300", "g_d"),
    ("s_tor", "k_tor", "h"),
    ("g_e", "d_r", "w"),
]


@st.composite
def s1_points(draw: Any, free_sets: list[tuple[str, ...]] = FREE_SETS) -> Any:
    """A set of free parameters and exact values for them over their plausible ranges.

    Denominator 1 lands on the integer boundaries of S1's conditions often (ties);
    the others mostly do not.
    """
    free = draw(st.sampled_from(free_sets))
    values = {}
    for name in free:
        p = S1.parameters[name]
        den = draw(st.sampled_from([1, 2, 7, 97]))
        num = draw(st.integers(int(p.low * den), int(p.high * den)))
        values[name] = Fraction(num, den)
    return free, values


@given(s1_points())
@settings(max_examples=80)
def test_property_region_agrees_with_subgame_perfect(case: Any):
    """At random points (boundaries included) the exact region says what numeric SPE says."""
    free, values = case
    region = status_quo_region(S1, free=free)
    try:
        check_against_spe(region, S1, values)
    except NotSupportedError:  # ties multiply equilibria beyond max_equilibria
        reject()


@given(s1_points(FREE_SETS[:3]))
@settings(max_examples=40)
def test_property_batch_solver_agrees_with_subgame_perfect(case: Any):
    """The vectorised backward induction (robustness, numeric maps) agrees too, ties included."""
    _, values = case
    try:
        truth = spe_stable(S1, values)
    except NotSupportedError:
        reject()
    solver = BatchSolver(S1.game, SQ)
    point = {k: float(v) for k, v in S1.values(values).items()}
    assert bool(solver.solve(point).stable[0]) == truth


def test_compiled_region_agrees_with_exact_region_and_batch_solver():
    free = ("w", "r", "k_w", "g_e")
    region = status_quo_region(S1, free=free)
    rng = np.random.default_rng(7)
    draws = {n: rng.uniform(0, float(S1.parameters[n].high), 20_000) for n in free}
    compiled = region.evaluate(draws)
    batch = BatchSolver(S1.game, SQ).solve({**S1.values(), **draws}).stable
    assert (compiled == batch).all()
    for k in range(40):
        point = {n: exact(draws[n][k]) for n in free}
        assert region.holds(point) == bool(compiled[k])


def test_region_errs_towards_stable_only_on_lower_dimensional_sets():
    """At v = 0 Russia is indifferent between the status quo and deep raids (see region.py)."""
    region = status_quo_region(S1, free=("v",))
    assert region.holds({"v": 0}) and not spe_stable(S1, {"v": 0})
    assert check_against_spe(region, S1, {"v": Fraction(0)})
    assert not check_against_spe(region, S1, {"v": Fraction(1, 3)})
    assert not robustness(S1, n=1, values={"v": 0}, progress=False).stable


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("ARBITER_FULL_REGION"),
    reason="the exact full 14-parameter S1 region takes minutes since issue 8 (regions split "
    "exactly by every unstable cell); run with ARBITER_FULL_REGION=1",
)
def test_property_full_region_agrees_with_subgame_perfect():
    """The full 14-parameter region of S1 (regimes once, cached) at random exact points."""
    region = status_quo_region(S1)
    assert len(region.parameters) == 14
    rng = np.random.default_rng(11)
    checked = exceptions = 0
    for k in range(60):
        den = 13 if k % 2 else 9973  # on boundaries often; almost never
        values = {
            n: Fraction(int(rng.integers(0, int(p.high) * den + 1)), den)
            for n, p in S1.parameters.items()
        }
        try:
            exceptions += check_against_spe(region, S1, values)
        except NotSupportedError:
            continue
        checked += 1
    assert checked >= 40 and exceptions <= 3
    draws = {
        n: np.random.default_rng(3).uniform(float(p.low), float(p.high), 5000)
        for n, p in S1.parameters.items()
    }
    assert (region.evaluate(draws) == BatchSolver(S1.game, SQ).solve(draws).stable).all()


# ====================================================================== thresholds
def test_threshold_of_w_matches_region_and_spe():
    """The least harm w at which the air-support threat still deters: w > 1 at the defaults."""
    stable = threshold(S1, "w")
    assert stable == sympy.Interval.open(1, sympy.oo)
    assert stable.inf == 1
    region = status_quo_region(S1, free=("w",))
    for w in [Fraction(0), Fraction(1), Fraction(11, 10), Fraction(3), Fraction(10)]:
        inside = bool(stable.contains(sympy.Rational(w.numerator, w.denominator)))
        assert inside == region.holds({"w": w}) == spe_stable(S1, {"w": w})
    # with a cheaper reputation cost (r < 1) no w deters
    assert threshold(S1, "w", values={"r": Fraction(1, 2)}) == sympy.EmptySet
    assert threshold(S1, "r", values={"w": 4}) == sympy.Interval.open(1, sympy.oo)


def test_threshold_moves_with_other_parameters():
    stable = threshold(S1, "g_e", values={"k_w": 3})
    for g in [0, 1, 2, 3, 5]:
        inside = bool(stable.contains(g))
        assert inside == spe_stable(S1, {"g_e": g, "k_w": 3})


# ====================================================================== instruments
def test_removing_air_support_shrinks_the_region():
    value = instrument_value(
        S1, first_s1((S300, TOR_M1)), instrument=AIR_SUPPORT, free=("w", "r", "g_e"), n=20_000
    )
    assert isinstance(value, InstrumentValue)
    assert value.value > 0 and value.ci_low > 0
    assert value.share_with > value.share_without
    assert value.value == pytest.approx(value.gained_share - value.lost_share)
    # exact: stable with it at the defaults, not without it
    point = {"w": 5, "r": 2, "g_e": 3}
    assert value.region_with.holds(point)
    assert not value.region_without.holds({"r": 2, "g_e": 3})
    assert value.gained.holds(point) and not value.lost.holds(point)
    assert "withdraw air support" in str(value)


def test_instrument_values_for_every_s1_instrument():
    values = instrument_values(first_s1, (AIR_SUPPORT, S300, TOR_M1), n=10_000, seed=2)
    assert set(values) == {AIR_SUPPORT, S300, TOR_M1}
    assert values[AIR_SUPPORT].value > 0
    for v in values.values():
        assert -1 <= v.value <= 1 and v.ci_low <= v.value <= v.ci_high
        assert v.share_with == values[AIR_SUPPORT].share_with  # same draws, same full model


def test_comparative_statics_of_reputation_cost():
    cs = comparative_statics(S1, "r", [0, 1, 2, 4, 8], threshold_of="w", n=5_000)
    assert cs.shares[0] <= cs.shares[2] <= cs.shares[4]
    assert cs.thresholds[0] == sympy.EmptySet
    assert cs.thresholds[1] is None  # r = k_w = k_tor: Russia indifferent everywhere
    assert cs.thresholds[2] == sympy.Interval.open(1, sympy.oo)
    frame = cs.to_frame()
    assert list(frame.columns[:4]) == ["r", "share", "ci_low", "ci_high"]
    assert frame["w_inf"].iloc[2] == 1.0


# ====================================================================== maps
def test_stability_map_agrees_with_region_at_sampled_cells():
    smap = stability_map(S1, x="w", y="r", resolution=101, progress=False)
    assert isinstance(smap, StabilityMap) and smap.method == "regimes"
    assert smap.values.shape == (101, 101) and not smap.values.flags.writeable
    region = status_quo_region(S1, free=("w", "r"))
    rng = np.random.default_rng(0)
    cells = [(i, j) for i, j in rng.integers(0, 101, size=(150, 2))]
    cells += [(12, 10), (13, 10), (12, 11), (0, 0)]  # on and around the boundaries w = 1, r = 1
    for i, j in cells:
        point = {"w": exact(smap.x_values[j]), "r": exact(smap.y_values[i])}
        assert smap.values[i, j] == region.holds(point), point
        label = smap.labels[smap.regimes[i, j]]
        assert smap.regime_list[smap.regimes[i, j]].holds(point)
        if smap.values[i, j]:
            assert label == SQ


def test_numeric_map_equals_regimes_map():
    a = stability_map(S1, "g_e", "k_w", resolution=60, progress=False)
    b = stability_map(S1, "g_e", "k_w", resolution=60, method="numeric", progress=False)
    assert b.method == "numeric" and b.regime_list == ()
    assert (a.values == b.values).all()
    assert 0 < a.share < 1


def test_map_with_values_and_ranges():
    smap = stability_map(
        S1, "w", "r", resolution=4, values={"k_w": 3}, x_range=(0.5, 3.5), y_range=(2.5, 5.5)
    )
    assert smap.fixed["k_w"] == 3
    assert smap.x_values.tolist() == [0.5, 1.5, 2.5, 3.5]
    assert smap.y_values.tolist() == [2.5, 3.5, 4.5, 5.5]
    for i, r in enumerate(smap.y_values):
        for j, w in enumerate(smap.x_values):
            assert smap.values[i, j] == spe_stable(S1, {"w": exact(w), "r": exact(r), "k_w": 3})
    assert smap.values[1:, 1:].all() and not smap.values[0].any() and not smap.values[:, 0].any()


def test_map_plot_writes_png_and_frame(tmp_path):
    smap = stability_map(S1, "w", "r", resolution=50, progress=False)
    path = tmp_path / "map.png"
    ax = smap.plot(path=path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "(w)" in ax.get_xlabel() and "(r)" in ax.get_ylabel()
    assert {t.get_text() for t in ax.get_legend().get_texts()} >= {SQ, "status quo stable"}
    frame = smap.to_frame()
    assert list(frame.columns) == ["x", "y", "regime", "outcome", "stable"]
    assert len(frame) == 2500 and frame["stable"].mean() == smap.share
    assert frame.attrs["x"] == "w"


def test_plot_into_given_axes():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert stability_map(S1, "g_e", "k_w", resolution=20).plot(ax=ax) is ax


# ====================================================================== robustness
def draws_of(model: Model, n: int, seed: int) -> dict[str, np.ndarray]:
    """The documented draws: block k from the k-th SeedSequence child, by inverse transform."""
    params = list(model.parameters.values())
    children = np.random.SeedSequence(seed).spawn(-(-n // BLOCK))
    u = np.concatenate(
        [
            np.random.default_rng(c).random((min(BLOCK, n - k * BLOCK), len(params)))
            for k, c in enumerate(children)
        ]
    )
    return {p.name: float(p.low) + float(p.high - p.low) * u[:, j] for j, p in enumerate(params)}


def test_robustness_matches_brute_force():
    n = 300
    rob = robustness(S1, n=n, seed=4, progress=False)
    draws = draws_of(S1, n, 4)
    brute = sum(spe_stable(S1, {k: float(v[i]) for k, v in draws.items()}) for i in range(n))
    assert rob.stable == brute and rob.n == n
    assert 0 <= rob.share <= 1 and rob.ci_low <= brute / n <= rob.ci_high
    # an independent brute-force estimate on fresh draws, within 4.5 standard errors
    big = robustness(S1, n=40_000, seed=0, progress=False)
    rng = np.random.default_rng(123)
    fresh = [
        spe_stable(
            S1,
            {k: float(rng.uniform(float(p.low), float(p.high))) for k, p in S1.parameters.items()},
        )
        for _ in range(300)
    ]
    p_bf = float(np.mean(fresh))
    se = math.sqrt(big.share * (1 - big.share) * (1 / 300 + 1 / big.n))
    assert abs(p_bf - big.share) < 4.5 * se


def test_robustness_result_contents():
    rob = robustness(S1, n=20_000, seed=1, progress=False, values={"v": 6})
    assert 0 < rob.share < 1 and rob.ci_low < rob.share < rob.ci_high
    # Wilson's interval written out, (x + z^2/2 -+ z sqrt(x (n - x) / n + z^2 / 4)) / (n + z^2)
    x, n, z = rob.stable, rob.n, 1.959963984540054
    root = z * math.sqrt(x * (n - x) / n + z * z / 4)
    wilson = ((x + z * z / 2 - root) / (n + z * z), (x + z * z / 2 + root) / (n + z * z))
    assert (rob.ci_low, rob.ci_high) == pytest.approx(wilson, rel=1e-12)
    by_name = {p.name: p for p in rob.parameters}
    assert by_name["v"].distribution == "fixed at 6" and by_name["v"].quartile_shares == ()
    assert by_name["w"].distribution == "uniform(0, 10)"
    r_shares = by_name["r"].quartile_shares
    assert r_shares[0] < r_shares[-1]  # a costlier climb-down makes threats credible
    assert by_name["r"].mean_stable > by_name["r"].mean_unstable
    assert len(rob.to_frame()) == 14 and "stable in" in str(rob)


def test_robustness_with_scipy_distributions():
    dists = {"w": scipy.stats.uniform(4, 2), "r": scipy.stats.truncnorm(-2, 2, loc=4, scale=1)}
    rob = robustness(S1, n=5_000, seed=0, distributions=dists, progress=False)
    plain = robustness(S1, n=5_000, seed=0, progress=False)
    assert rob.share > plain.share  # w > 1 and r > 1 almost surely
    assert {p.name: p for p in rob.parameters}["w"].distribution.startswith("uniform(")


def test_same_seed_same_result_on_every_executor():
    base = robustness(S1, n=50_000, seed=9, progress=False)
    assert same(base, robustness(S1, n=50_000, seed=9, progress=False, chunk_size=5_000))
    with ThreadPoolExecutor(2) as pool:
        assert same(base, robustness(S1, n=50_000, seed=9, executor=pool, progress=False))
    with ProcessPoolExecutor(2) as pool:
        got = robustness(S1, n=50_000, seed=9, executor=pool, progress=False, chunk_size=BLOCK)
        assert same(base, got)
    assert not same(base, robustness(S1, n=50_000, seed=10, progress=False))


# ====================================================================== other trees
def chance_model() -> Model:
    """A venture with a symbolic success probability p, and a rival who may fight back."""
    p = Parameter("p", Fraction(1, 2), 0, 1, "probability of success")
    a = Parameter("a", 2, 0, 4, "gain if the rival gives way")
    c = Parameter("c", 1, 0, 3, "rival's cost of fighting")
    win = decision(
        "B",
        {
            "give way": outcome({"A": a.symbol, "B": -1}, label="gain"),
            "fight": outcome({"A": -1, "B": -c.symbol}, label="fight"),
        },
    )
    tree = SequentialGame(
        decision(
            "A",
            {
                "stay": outcome({"A": 1, "B": 0}, label="status quo"),
                "go": chance(
                    {
                        "success": (p.symbol, win),
                        "failure": (1 - p.symbol, outcome({"A": -1, "B": 1}, label="loss")),
                    }
                ),
            },
        )
    )
    return Model("venture", tree, (p, a, c), status_quo="status quo")


def test_chance_tree_region_agrees_with_spe_and_batch():
    model = chance_model()
    region = status_quo_region(model)
    rng = np.random.default_rng(5)
    for _ in range(30):
        point = {
            "p": Fraction(int(rng.integers(0, 11)), 10),
            "a": Fraction(int(rng.integers(0, 9)), 2),
            "c": Fraction(int(rng.integers(0, 7)), 2),
        }
        assert region.holds(point) == spe_stable(model, point), point
    draws = {"p": rng.random(5000), "a": rng.uniform(0, 4, 5000), "c": rng.uniform(0, 3, 5000)}
    batch = BatchSolver(model.game, "status quo").solve(draws).stable
    assert (region.evaluate(draws) == batch).all()
    smap = stability_map(model, "p", "a", resolution=30, values={"c": 2})
    numeric = stability_map(model, "p", "a", resolution=30, values={"c": 2}, method="numeric")
    assert (smap.values == numeric.values).all()


def test_chance_nodes_with_too_many_combinations_fall_back_point_by_point(monkeypatch):
    import arbiter.analysis._batch as batch

    model = chance_model()
    rng = np.random.default_rng(0)
    draws = {"p": rng.random(2000), "a": rng.uniform(0, 4, 2000), "c": rng.uniform(0, 3, 2000)}
    draws["c"][:5] = 1.0  # the rival is indifferent: two continuations below the chance node
    reference = batch.BatchSolver(model.game, "status quo").solve(draws)
    monkeypatch.setattr(batch, "MAX_COMBINATIONS", 0)
    collapsed = batch.BatchSolver(model.game, "status quo").solve(draws)
    assert (collapsed.stable == reference.stable).all()
    assert reference.pointwise == 0 and collapsed.pointwise == 5


def test_auto_map_falls_back_to_numeric_when_regimes_refuse():
    """At r = k_w = k_tor = 1 Russia is indifferent everywhere: too many regimes."""
    smap = stability_map(S1, "w", "g_e", resolution=12, values={"r": 1}, progress=False)
    assert smap.method == "numeric" and not smap.values.any()
    with pytest.raises(NotSupportedError, match="cases"):
        stability_map(S1, "w", "g_e", resolution=3, values={"r": 1}, method="regimes")


def imperfect_model() -> Model:
    """A challenger enters or not; after entry the two move at once (an information set)."""
    b = Parameter("b", 3, 0, 6, "challenger's gain if unopposed")
    k = Parameter("k", 2, 0, 6, "cost of a clash")
    clash = {"A": -k.symbol, "B": -k.symbol}
    tree = SequentialGame(
        decision(
            "A",
            {
                "stay out": outcome({"A": 0, "B": 2}, label="status quo"),
                "enter": decision(
                    "A",
                    {
                        "push": decision(
                            "B",
                            {
                                "resist": outcome(clash, label="clash"),
                                "yield": outcome({"A": b.symbol, "B": 0}, label="A wins"),
                            },
                            infoset="B after entry",
                        ),
                        "hold": decision(
                            "B",
                            {
                                "resist": outcome({"A": -1, "B": 1}, label="B wins"),
                                "yield": outcome({"A": 1, "B": 1}, label="shared"),
                            },
                            infoset="B after entry",
                        ),
                    },
                ),
            },
        )
    )
    return Model("entry", tree, (b, k), status_quo="status quo")


def test_imperfect_information_goes_numeric():
    model = imperfect_model()
    with pytest.raises(NotSupportedError, match="perfect information"):
        status_quo_region(model)
    smap = stability_map(model, "b", "k", resolution=6, progress=False)
    assert smap.method == "numeric"
    for i, k in enumerate(smap.y_values):
        for j, b in enumerate(smap.x_values):
            assert smap.values[i, j] == spe_stable(model, {"b": b, "k": k})
    rob = robustness(model, n=40, seed=0, progress=False)
    assert rob.pointwise == 40 and 0 <= rob.share <= 1
    with pytest.raises(NotSupportedError, match="perfect information"):
        stability_map(model, "b", "k", resolution=3, method="regimes")


# ====================================================================== bad input
BAD = [
    (lambda: status_quo_region("S1"), ArgumentTypeError, "model must be an arbiter Model"),
    (
        lambda: status_quo_region(three_way(credibility="lump-sum")),
        NotSupportedError,
        "NormalFormGame",
    ),
    (lambda: status_quo_region(S1, values={"zz": 1}), InvalidArgumentError, "'zz'"),
    (lambda: status_quo_region(S1, values={"w": -1}), InvalidArgumentError, r"values\['w'\]"),
    (lambda: status_quo_region(S1, values={"w": "x"}), ArgumentTypeError, "'x'"),
    (lambda: status_quo_region(S1, values=[1]), ArgumentTypeError, "values must be a mapping"),
    (
        lambda: status_quo_region(S1, values={"w": 1}, free=("w",)),
        InvalidArgumentError,
        "both in free and in values",
    ),
    (lambda: status_quo_region(S1, free=("q",)), InvalidArgumentError, "free='q'"),
    (lambda: threshold(S1, "nope"), InvalidArgumentError, "parameter='nope'"),
    (lambda: threshold(S1, "w", values={"w": 2}), InvalidArgumentError, "also given in values"),
    (lambda: stability_map(S1, "w", "w"), InvalidArgumentError, "x and y must differ"),
    (lambda: stability_map(S1, "w", "q"), InvalidArgumentError, "y='q'"),
    (lambda: stability_map(S1, "w", "r", resolution=1), InvalidArgumentError, "got 1"),
    (lambda: stability_map(S1, "w", "r", resolution=2.5), ArgumentTypeError, "got 2.5"),
    (
        lambda: stability_map(S1, "w", "r", x_range=(3, 1)),
        InvalidArgumentError,
        r"x_range must have low < high; got \(3, 1\)",
    ),
    (lambda: stability_map(S1, "w", "r", y_range=(-1, 1)), InvalidArgumentError, "y_range"),
    (lambda: stability_map(S1, "w", "r", x_range=5), ArgumentTypeError, "got 5"),
    (
        lambda: stability_map(S1, "w", "r", values={"w": 1}),
        InvalidArgumentError,
        "axis of the map",
    ),
    (lambda: stability_map(S1, "w", "r", method="fast"), InvalidArgumentError, "'fast'"),
    (lambda: robustness(S1, n=0), InvalidArgumentError, "n must be an integer >= 1; got 0"),
    (lambda: robustness(S1, seed=-1), InvalidArgumentError, "seed"),
    (lambda: robustness(S1, chunk_size=0), InvalidArgumentError, "chunk_size"),
    (lambda: robustness(S1, executor=object()), ArgumentTypeError, "executor"),
    (lambda: robustness(S1, distributions={"q": 1}), InvalidArgumentError, "'q'"),
    (
        lambda: robustness(S1, distributions={"w": "uniform"}),
        ArgumentTypeError,
        "frozen scipy.stats",
    ),
    (
        lambda: robustness(S1, distributions={"w": scipy.stats.norm(5, 1)}),
        InvalidArgumentError,
        "negative values",
    ),
    (lambda: robustness(S1, progress="yes"), ArgumentTypeError, "progress"),
    (
        lambda: instrument_value(S1, three_way(credibility="lump-sum")),
        NotSupportedError,
        "NormalFormGame",
    ),
    (
        lambda: instrument_values(first_s1, (AIR_SUPPORT, AIR_SUPPORT)),
        InvalidArgumentError,
        "distinct",
    ),
    (
        lambda: comparative_statics(S1, "r", [], n=10),
        InvalidArgumentError,
        "points must not be empty",
    ),
    (
        lambda: comparative_statics(S1, "r", threshold_of="r"),
        InvalidArgumentError,
        "threshold_of='r'",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD)
def test_bad_input_is_refused_with_a_clear_message(call: Any, error: type, message: str):
    with pytest.raises(error, match=message):
        call()
