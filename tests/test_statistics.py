"""The statistics checked against numbers computed independently of the library.

* Wilson score intervals against published values (Newcombe 1998, Table I;
  the textbook 50 of 100) and against the closed form written out here.
* ``robustness`` and ``instrument_value`` on a small model whose stability is
  known in closed form: the draws are regenerated here from the documented
  seeding (block ``k`` uses the ``k``-th child of ``SeedSequence(seed)``,
  uniforms by inverse transform), each draw is classified by the closed form,
  and the counts, means, quartile shares and intervals are recomputed from
  those draws with numpy.
* A coverage check of the 95% intervals over many seeds (slow).
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest

from arbiter import SequentialGame, chance, decision, outcome
from arbiter.analysis import instrument_value, instrument_values, robustness
from arbiter.analysis.robustness import wilson_interval
from arbiter.games.model import Model
from arbiter.games.parameters import Parameter

#: The 97.5% normal quantile, Phi^-1(0.975), to 15 digits (Abramowitz & Stegun 26.2).
Z = 1.95996398454005


# ====================================================================== Wilson
def wilson_by_hand(x: int, n: int, z: float = Z) -> tuple[float, float]:
    """Wilson (1927), in the form (x + z^2/2 -+ z sqrt(x (n - x) / n + z^2 / 4)) / (n + z^2)."""
    root = z * math.sqrt(x * (n - x) / n + z * z / 4)
    return ((x + z * z / 2 - root) / (n + z * z), (x + z * z / 2 + root) / (n + z * z))


@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [
        (50, 100, 0.4038, 0.5962),  # the textbook case: 0.404 to 0.596
        (81, 263, 0.2553, 0.3662),  # Newcombe (1998), Stat. Med. 17, Table I, method 3
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_published_values(x, n, low, high):
    lo, hi = wilson_interval(x, n)
    assert round(lo, 4) == low and round(hi, 4) == high


def test_wilson_fifty_of_a_hundred_to_three_decimals():
    assert [round(v, 3) for v in wilson_interval(50, 100)] == [0.404, 0.596]


@pytest.mark.parametrize("n", [1, 7, 100, 10_000])
def test_wilson_at_zero_and_at_n(n):
    # x = 0: the lower end is 0 and the upper end is z^2 / (n + z^2); x = n: the mirror image.
    lo, hi = wilson_interval(0, n)
    assert lo == pytest.approx(0, abs=1e-15) and hi == pytest.approx(Z * Z / (n + Z * Z), rel=1e-12)
    lo, hi = wilson_interval(n, n)
    assert hi == pytest.approx(1, abs=1e-15) and lo == pytest.approx(n / (n + Z * Z), rel=1e-12)


@pytest.mark.parametrize(("x", "n"), [(1, 3), (7, 40), (333, 1000), (99_000, 100_000), (2, 2)])
def test_wilson_matches_the_closed_form(x, n):
    assert wilson_interval(x, n) == pytest.approx(wilson_by_hand(x, n), rel=1e-12, abs=1e-15)


def test_wilson_other_levels_use_the_given_z():
    # 90%: z = 1.6448536269514722; 99%: z = 2.5758293035489004.
    for z in (1.6448536269514722, 2.5758293035489004):
        assert wilson_interval(12, 50, z=z) == pytest.approx(wilson_by_hand(12, 50, z), rel=1e-12)
    # by hand: 2 z sqrt(12 * 38 / 50 + z^2 / 4) / (50 + z^2) = 2 * 6.2228 / 53.8415
    assert wilson_interval(12, 50)[1] - wilson_interval(12, 50)[0] == pytest.approx(
        0.2312, abs=1e-4
    )


# ====================================================================== a model in closed form
# A stays (the status quo) or acts; with the threat, R then carries it out or backs down.
#   without the threat: stay (c, 1), act (g, 0): stable iff c > g.
#   with it: stay costs A a humiliation h: (c - h, 1); act -> carry out (g - w, -k)
#            or back down (g, -r): R carries out iff r > k, so stable iff
#            (r > k and c - h > g - w) or (r < k and c - h > g).
# Ties have probability 0 under the uniform draws.
PARAMS = (
    Parameter("c", 1, 0, 2, "A's value of the status quo"),
    Parameter("g", 1, 0, 3, "A's gain from acting"),
    Parameter("h", F(1, 2), 0, 1, "A's humiliation from staying under threat"),
    Parameter("w", 2, 0, 4, "A's loss if the threat is carried out"),
    Parameter("r", 1, 0, 2, "R's reputation cost of backing down"),
    Parameter("k", 1, 0, 2, "R's cost of carrying out"),
)
SYM = {p.name: p.symbol for p in PARAMS}
SQ = "status quo"


def toy(instruments: tuple[str, ...] = ("threat",)) -> Model:
    c, g, h, w, r, k = (SYM[n] for n in "cghwrk")
    if "threat" in instruments:
        tree = SequentialGame(
            decision(
                "A",
                {
                    "stay": outcome({"A": c - h, "R": 1}, label=SQ),
                    "act": decision(
                        "R",
                        {
                            "carry out": outcome({"A": g - w, "R": -k}, label="punished"),
                            "back down": outcome({"A": g, "R": -r}, label="acted"),
                        },
                    ),
                },
            )
        )
        return Model("with threat", tree, PARAMS, status_quo=SQ)
    tree = SequentialGame(
        decision(
            "A",
            {
                "stay": outcome({"A": c, "R": 1}, label=SQ),
                "act": outcome({"A": g, "R": 0}, label="acted"),
            },
        ),
        players=("A", "R"),
    )
    return Model("without threat", tree, PARAMS[:2], status_quo=SQ)


def uniforms(n: int, seed: int, k: int) -> np.ndarray:
    """The documented draws: block j from the j-th child of SeedSequence(seed), 4096 per block."""
    children = np.random.SeedSequence(seed).spawn(-(-n // 4096))
    return np.concatenate(
        [
            np.random.default_rng(child).random((min(4096, n - j * 4096), k))
            for j, child in enumerate(children)
        ]
    )


def draws(n: int, seed: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    u = uniforms(n, seed, len(PARAMS))
    x = {p.name: float(p.low) + float(p.high - p.low) * u[:, j] for j, p in enumerate(PARAMS)}
    return x, u


def stable_with(x: dict[str, np.ndarray]) -> np.ndarray:
    carried = x["r"] > x["k"]
    return np.where(carried, x["c"] - x["h"] > x["g"] - x["w"], x["c"] - x["h"] > x["g"])


def stable_without(x: dict[str, np.ndarray]) -> np.ndarray:
    return x["c"] > x["g"]


N, SEED = 20_000, 7


@pytest.fixture(scope="module")
def rob():
    return robustness(toy(), n=N, seed=SEED, progress=False)


@pytest.fixture(scope="module")
def sample():
    return draws(N, SEED)


def test_closed_form_agrees_with_subgame_perfect_at_a_few_draws(sample):
    """The closed form used below is the model's SPE outcome (checked on 40 draws)."""
    from arbiter import subgame_perfect

    x, _ = sample
    with_, without = toy(), toy(())
    st_with, st_without = stable_with(x), stable_without(x)
    for i in range(40):
        point = {name: F(float(v[i])) for name, v in x.items()}
        spe = subgame_perfect(with_.game.subs(point))
        assert all(e.outcome.get(SQ, 0) == 1 for e in spe) == bool(st_with[i])
        spe = subgame_perfect(without.game.subs({n: point[n] for n in "cg"}))
        assert all(e.outcome.get(SQ, 0) == 1 for e in spe) == bool(st_without[i])


def test_robustness_counts_the_stable_draws(rob, sample):
    x, _ = sample
    stable = stable_with(x)
    assert rob.n == N and rob.stable == int(stable.sum())
    assert rob.share == int(stable.sum()) / N
    assert (rob.ci_low, rob.ci_high) == pytest.approx(wilson_by_hand(int(stable.sum()), N))


def test_mean_stable_and_mean_unstable_from_the_draws(rob, sample):
    x, _ = sample
    stable = stable_with(x)
    assert 0.1 < stable.mean() < 0.9  # both groups are large
    for effect in rob.parameters:
        v = x[effect.name]
        assert effect.mean_stable == pytest.approx(v[stable].mean(), rel=1e-9)
        assert effect.mean_unstable == pytest.approx(v[~stable].mean(), rel=1e-9)
    # the two means differ where the parameter matters: a larger c helps, a larger g hurts
    by = {e.name: e for e in rob.parameters}
    assert by["c"].mean_stable > by["c"].mean_unstable
    assert by["g"].mean_stable < by["g"].mean_unstable


def test_quartile_shares_from_the_draws(rob, sample):
    x, u = sample
    stable = stable_with(x)
    for j, effect in enumerate(rob.parameters):
        quartile = np.minimum((u[:, j] * 4).astype(int), 3)
        expected = [stable[quartile == q].mean() for q in range(4)]
        assert effect.quartile_shares == pytest.approx(expected, rel=1e-12)


def test_fixed_parameter_is_not_drawn():
    rob = robustness(toy(), n=5_000, seed=3, progress=False, values={"h": 0})
    x, _ = draws(5_000, 3)
    x["h"] = np.zeros(5_000)
    stable = stable_with(x)
    assert rob.stable == int(stable.sum())
    by = {e.name: e for e in rob.parameters}
    assert by["h"].mean_stable == 0 and by["h"].mean_unstable == 0
    assert by["w"].mean_unstable == pytest.approx(x["w"][~stable].mean(), rel=1e-9)


def test_robustness_with_a_chance_node():
    """The issue's tree: acting reaches the status quo with probability p (A gets 3p - 1), so
    with p uniform on [0, 1] the status quo is stable exactly when 3p < 1: share 1/3."""
    prob = Parameter("p", F(1, 2), 0, 1, "chance that acting ends in the status quo")
    tree = SequentialGame(
        decision(
            "A",
            {
                "stay": outcome({"A": 0, "B": 0}, label=SQ),
                "act": chance(
                    {
                        "ok": (prob.symbol, outcome({"A": 2, "B": 0}, label=SQ)),
                        "bad": (1 - prob.symbol, outcome({"A": -1, "B": 0}, label="war")),
                    }
                ),
            },
        )
    )
    rob = robustness(Model("chance", tree, (prob,), status_quo=SQ), n=N, seed=SEED, progress=False)
    p = uniforms(N, SEED, 1)[:, 0]
    assert rob.stable == int((3 * p < 1).sum())
    (effect,) = rob.parameters
    assert effect.mean_stable == pytest.approx(p[3 * p < 1].mean(), rel=1e-9)  # about 1/6
    assert effect.mean_unstable == pytest.approx(p[3 * p >= 1].mean(), rel=1e-9)  # about 2/3


# ====================================================================== instrument value
def paired_interval(gained: np.ndarray, lost: np.ndarray) -> tuple[float, float, float]:
    """The normal interval of the mean of D_j = 1[gained_j] - 1[lost_j] (variance over n)."""
    d = gained.astype(float) - lost.astype(float)
    half = Z * d.std() / math.sqrt(len(d))
    return d.mean(), d.mean() - half, d.mean() + half


def test_instrument_value_from_the_same_draws(sample):
    x, _ = sample
    value = instrument_value(toy(), toy(()), instrument="threat", n=N, seed=SEED)
    st_with, st_without = stable_with(x), stable_without(x)
    gained, lost = st_with & ~st_without, st_without & ~st_with
    assert gained.mean() > 0.05 and lost.mean() > 0.05  # both parts of the variance matter
    assert value.share_with == st_with.mean() and value.share_without == st_without.mean()
    assert value.gained_share == gained.mean() and value.lost_share == lost.mean()
    diff, low, high = paired_interval(gained, lost)
    assert value.value == pytest.approx(diff, abs=1e-15)
    assert value.ci_low == pytest.approx(low, rel=1e-9)
    assert value.ci_high == pytest.approx(high, rel=1e-9)
    # the width is 2 z sd / sqrt(n), about 0.0107 here: not the width without z (0.0055)
    assert value.ci_high - value.ci_low == pytest.approx(high - low, rel=1e-9)


def test_instrument_values_uses_the_same_draws_for_each_instrument():
    x, _ = draws(8_000, 11)
    vals = instrument_values(toy, ("threat",), n=8_000, seed=11)
    (v,) = vals.values()
    st_with, st_without = stable_with(x), stable_without(x)
    diff, low, high = paired_interval(st_with & ~st_without, st_without & ~st_with)
    assert (v.value, v.ci_low, v.ci_high) == pytest.approx((diff, low, high), rel=1e-9)


# ====================================================================== coverage
def true_share() -> float:
    """P(stable with the threat) under the uniform draws, by exact integration.

    With R carrying out (r > k, probability 1/2) A stays iff g < c - h + w;
    otherwise iff g < c - h. Integrate the uniform densities of c, h, w
    over the piecewise-linear region on a fine midpoint grid of (c, h, w)
    against the exact cdf of g on [0, 3].
    """
    m = 120
    mid = (np.arange(m) + 0.5) / m
    c = 2 * mid[:, None, None]
    h = mid[None, :, None]
    w = 4 * mid[None, None, :]
    cdf = lambda t: np.clip(t / 3, 0, 1)  # noqa: E731
    return float(0.5 * cdf(c - h + w).mean() + 0.5 * cdf(c - h).mean())


@pytest.mark.slow
def test_wilson_intervals_cover_the_true_share_about_95_percent():
    """Over 400 seeds of 300 draws each, the 95% interval covers the true share 92-98% of
    the time (93.75% with these seeds; with z = 1.645, a 90% interval, 89%)."""
    p = true_share()
    hits = [
        (lambda r: r.ci_low <= p <= r.ci_high)(robustness(toy(), n=300, seed=s, progress=False))
        for s in range(400)
    ]
    coverage = float(np.mean(hits))
    assert 0.92 <= coverage <= 0.98, coverage


def test_true_share_by_monte_carlo():
    """The integrated share agrees with a large fresh Monte-Carlo sample."""
    rng = np.random.default_rng(2024)
    x = {p.name: rng.uniform(float(p.low), float(p.high), 400_000) for p in PARAMS}
    assert true_share() == pytest.approx(stable_with(x).mean(), abs=3e-3)
