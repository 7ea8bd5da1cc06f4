"""Strategic estimation (issue 10, items 3 and 5): arbiter.estimation.

Published war1800 estimates of the R package ``games`` were not found in the
searchable documentation (its help pages run ``summary(m1)`` without printing
the output, and the JSS article replicates Leblang 2003 instead), so the
war1800 fits are checked for finiteness, convergence and internal
consistency (factor and indicator outcomes agree, as in the R package's own
``tests/testthat/test_egame12.r``), and the model definitions by direct
computation.
"""

import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy.stats import norm

import arbiter
from arbiter.errors import ArbiterError, InvalidArgumentError, NotSupportedError
from arbiter.estimation import (
    SeparationWarning,
    egame12,
    egame12_tree,
    egame122,
    egame123,
    fit,
    load_war1800,
    simulate,
)
from arbiter.estimation._compile import build_design, compile_tree
from arbiter.estimation._kernel import evaluate, loglike_obs

FORMULA = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"
U11 = sympy.Symbol("u11")
TREE12 = egame12_tree()  # sq, cap, war
UTILS = {"u11": "x1", "u13": "0", "u14": "x2", "u24": "z"}
TRUTH = np.array([0.3, -0.6, -0.4, 0.7, 0.2, 0.8])
COMBOS = [(link, err) for link in ("probit", "logit") for err in ("agent", "private")]


@pytest.fixture(scope="module")
def war():
    return load_war1800()


def _arrays(tree, utilities, data):
    structure, entries = compile_tree(tree, "test")
    return build_design(structure, entries, utilities, data, "test")


# ----------------------------------------------------------------- model definitions
def test_agent_and_private_probabilities_by_hand():
    rng = np.random.default_rng(0)
    data = pd.DataFrame({v: rng.standard_normal(50) for v in ("x1", "x2", "z")})
    structure, design = _arrays(TREE12, UTILS, data)
    X = tuple(design.matrices)
    u11 = X[0] @ TRUTH[0:2]
    u14 = X[2] @ TRUTH[2:4]
    u24 = X[3] @ TRUTH[4:6]
    cdf = {"probit": norm.cdf, "logit": lambda x: 1 / (1 + np.exp(-x))}
    for link, err in COMBOS:
        F = cdf[link]
        if err == "agent":  # an error on each action: the difference has scale sqrt(2)
            p4 = F(u24 / np.sqrt(2))
            p2 = F((p4 * u14 - u11) / np.sqrt(2))
        else:  # shocks on u11, u13 (fixed at 0 by formula) and u14; player 2's on u24 only
            p4 = F(u24)
            p2 = F((p4 * u14 - u11) / np.sqrt(1 + (1 - p4) ** 2 + p4**2))
        expected = np.c_[1 - p2, p2 * (1 - p4), p2 * p4]
        probs, _ = evaluate(structure, X, TRUTH, link=link, error=err, grad=False)
        np.testing.assert_allclose(probs, expected, atol=1e-12, err_msg=f"{link} {err}")


def test_three_actions_by_direct_integration():
    a, b, c = sympy.symbols("a b c")
    tree = arbiter.SequentialGame(
        arbiter.decision(
            "P",
            {
                "x": arbiter.outcome({"P": a}, label="x"),
                "y": arbiter.outcome({"P": b}, label="y"),
                "z": arbiter.outcome({"P": c}, label="z"),
            },
        )
    )
    data = pd.DataFrame({"w": [0.0, 1.0, -2.0]})
    structure, design = _arrays(tree, {"a": "w - 1", "b": "1", "c": "0"}, data)
    theta = np.array([0.7, -0.4])
    util = np.c_[0.7 * data.w, np.full(3, -0.4), np.zeros(3)]
    probit, _ = evaluate(structure, tuple(design.matrices), theta, link="probit", error="agent")
    logit, _ = evaluate(structure, tuple(design.matrices), theta, link="logit", error="agent")
    for i, u in enumerate(util):
        for k in range(3):
            others = [j for j in range(3) if j != k]

            def integrand(t, u=u, k=k, others=others):
                return norm.pdf(t) * np.prod([norm.cdf(t + u[k] - u[j]) for j in others])

            direct = integrate.quad(integrand, -12, 12)[0]
            assert probit[i, k] == pytest.approx(direct, abs=1e-7)
        soft = np.exp(u / np.sqrt(2)) / np.exp(u / np.sqrt(2)).sum()
        np.testing.assert_allclose(logit[i], soft, atol=1e-12)


@pytest.mark.parametrize(("link", "err"), COMBOS)
def test_reverse_mode_score_matches_forward_mode_and_differences(link, err):
    rng = np.random.default_rng(1)
    data = pd.DataFrame({v: rng.standard_normal(40) for v in ("x1", "x2", "z")})
    structure, design = _arrays(TREE12, UTILS, data)
    X = tuple(design.matrices)
    y = rng.integers(0, 3, 40)
    theta = rng.normal(size=6)
    ll, score = loglike_obs(structure, X, y, theta, link=link, error=err)
    probs, jac = evaluate(structure, X, theta, link=link, error=err)
    rows = np.arange(40)
    np.testing.assert_allclose(ll, np.log(probs[rows, y]), atol=1e-12)
    np.testing.assert_allclose(score, jac[rows, y] / probs[rows, y][:, None], atol=1e-10)
    eps = 1e-6
    for k in range(6):
        e = np.eye(6)[k] * eps
        up = loglike_obs(structure, X, y, theta + e, link=link, error=err, grad=False)[0]
        down = loglike_obs(structure, X, y, theta - e, link=link, error=err, grad=False)[0]
        np.testing.assert_allclose(score[:, k], (up - down) / (2 * eps), atol=1e-6)


# ----------------------------------------------------------------- recovery
def test_simulated_coefficients_are_recovered():
    data = simulate(TREE12, UTILS, TRUTH, n=20_000, seed=3)
    res = fit(TREE12, data, utilities=UTILS, outcome="outcome")
    assert res.converged
    assert list(res.params.index) == [
        "u11:Intercept",
        "u11:x1",
        "u14:Intercept",
        "u14:x2",
        "u24:Intercept",
        "u24:z",
    ]
    assert np.all(np.abs(res.params - TRUTH) < 4 * res.bse), (res.params, res.bse)
    assert np.all(res.bse < 0.15)


@pytest.fixture(scope="module")
def big_sample():
    data = simulate(TREE12, UTILS, TRUTH, n=50_000, seed=5)
    structure, design = _arrays(TREE12, UTILS, data)
    y = pd.Series(data["outcome"]).map({"sq": 0, "cap": 1, "war": 2}).to_numpy()
    return structure, tuple(design.matrices), y


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    direction=st.lists(st.floats(-1, 1), min_size=6, max_size=6).filter(
        lambda v: np.linalg.norm(v) > 0.1
    ),
    size=st.floats(0.5, 3.0),
)
def test_likelihood_at_the_truth_beats_perturbations(big_sample, direction, size):
    structure, X, y = big_sample
    step = np.asarray(direction) / np.linalg.norm(direction) * size
    at_truth = loglike_obs(structure, X, y, TRUTH, link="probit", error="agent", grad=False)[0]
    moved = loglike_obs(structure, X, y, TRUTH + step, link="probit", error="agent", grad=False)[0]
    assert at_truth.sum() > moved.sum()


@pytest.mark.slow
def test_coverage_of_95_percent_intervals():
    """Over 200 samples of 1,000 rows, each Wald interval holds the truth about 95% of the
    time (binomial sd 1.5 points; the bounds allow about 3.3 sd)."""
    hits = np.zeros(len(TRUTH))
    reps = 200
    for r in range(reps):
        data = simulate(TREE12, UTILS, TRUTH, n=1000, seed=100 + r)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ci = fit(TREE12, data, utilities=UTILS, outcome="outcome").conf_int().to_numpy()
        hits += (ci[:, 0] <= TRUTH) & (TRUTH <= ci[:, 1])
    coverage = hits / reps
    assert np.all((coverage > 0.90) & (coverage < 0.995)), coverage


# ----------------------------------------------------------------- refusals and warnings
def test_identification_check_refuses_a_regressor_in_all_of_player_1s_utilities(war):
    with pytest.raises(InvalidArgumentError, match="Lewis and Schultz") as info:
        egame12("esc + war ~ s_wt_re1 | 1 | s_wt_re1 | balanc", war)
    assert isinstance(info.value, ValueError) and isinstance(info.value, ArbiterError)
    assert "Intercept" in str(info.value) and "'1'" in str(info.value)
    with pytest.raises(InvalidArgumentError, match="identification"):
        fit(
            TREE12,
            simulate(TREE12, UTILS, TRUTH, n=200, seed=0),
            utilities={"u11": "x1", "u13": "x1 + 1", "u14": "x1 + x2", "u24": "z"},
            outcome="outcome",
        )


def test_utility_of_a_player_who_never_chooses_is_refused():
    tree = arbiter.SequentialGame(
        arbiter.decision(
            "1",
            {
                "L": arbiter.outcome({"1": U11, "2": sympy.Symbol("v")}, label="sq"),
                "R": arbiter.outcome({"1": 0, "2": 0}, label="other"),
            },
        )
    )
    data = pd.DataFrame({"x": [0.0, 1.0], "outcome": ["sq", "other"]})
    with pytest.raises(InvalidArgumentError, match="makes no decision"):
        fit(tree, data, utilities={"u11": "x", "v": "x"}, outcome="outcome")


def test_private_information_needs_binary_choices():
    a, b = sympy.symbols("a b")
    tree = arbiter.SequentialGame(
        arbiter.decision(
            "P",
            {
                "x": arbiter.outcome({"P": a}, label="x"),
                "y": arbiter.outcome({"P": b}, label="y"),
                "z": arbiter.outcome({"P": 0}, label="z"),
            },
        )
    )
    data = pd.DataFrame({"outcome": ["x", "y", "z"]})
    with pytest.raises(NotSupportedError, match="binary"):
        fit(tree, data, utilities={"a": "1", "b": "1"}, outcome="outcome", error="private")


def test_separation_warns():
    rng = np.random.default_rng(2)
    data = simulate(TREE12, UTILS, TRUTH, n=2000, seed=7)
    data["d"] = rng.integers(0, 2, len(data))
    moved = data["outcome"] != "sq"
    data.loc[moved, "outcome"] = np.where(data.loc[moved, "d"] == 1, "war", "cap")
    with pytest.warns(SeparationWarning, match="u24:d"):
        fit(TREE12, data, utilities={**UTILS, "u24": "z + d"}, outcome="outcome")


def test_bad_arguments_name_themselves(war):
    with pytest.raises(InvalidArgumentError, match="link must be one of"):
        egame12(FORMULA, war, link="cauchit")
    with pytest.raises(InvalidArgumentError, match="4 right-hand sides"):
        egame12("esc + war ~ s_wt_re1 | 0 | regime1", war)
    with pytest.raises(InvalidArgumentError, match="not outcome labels"):
        fit(
            TREE12,
            pd.DataFrame({"x1": [0.0], "x2": [0.0], "z": [0.0], "o": ["peace"]}),
            utilities=UTILS,
            outcome="o",
        )


# ----------------------------------------------------------------- war1800 and the R entry points
@pytest.mark.parametrize(("link", "err"), COMBOS)
def test_egame12_on_war1800(war, link, err):
    res = egame12(FORMULA, war, link=link, type=err)
    assert res.converged and res.nobs == 282
    assert list(res.params.index) == [
        "u1(~esc):(Intercept)",
        "u1(~esc):s_wt_re1",
        "u1(~esc):revis1",
        "u1(esc,war):(Intercept)",
        "u1(esc,war):regime1dem",
        "u1(esc,war):regime1mixed",
        "u2(esc,war):(Intercept)",
        "u2(esc,war):balanc",
        "u2(esc,war):regime2dem",
        "u2(esc,war):regime2mixed",
    ]
    assert np.all(np.isfinite(res.params)) and np.all(np.isfinite(res.bse))
    assert -290 < res.llf < -280
    assert res.aic == pytest.approx(-2 * res.llf + 20)
    assert res.bic == pytest.approx(-2 * res.llf + 10 * np.log(282))
    assert "Strategic model" in str(res.summary())
    # democratic initiators and targets like war less: the two well-determined signs
    assert res.params["u1(esc,war):regime1dem"] < 0 and res.params["u2(esc,war):regime2dem"] < 0


def test_factor_and_indicator_outcomes_agree(war):
    war = war.copy()
    war["y"] = pd.Categorical(
        np.where(war.esc == 1, np.where(war.war == 1, "war", "cap"), "sq"),
        categories=["sq", "cap", "war"],
    )
    by_dummies = egame12(FORMULA, war)
    by_factor = egame12("y ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2", war)
    np.testing.assert_allclose(by_factor.params, by_dummies.params, atol=1e-5)
    assert by_factor.llf == pytest.approx(by_dummies.llf)
    assert by_factor.params.index[0] == "u1(sq):(Intercept)"


def test_predictions_have_intervals_around_them(war):
    res = egame12(FORMULA, war)
    pred = res.predict_outcomes()
    probs = pred.xs("prob", axis=1, level=1)
    np.testing.assert_allclose(probs.sum(axis=1), 1)
    for label in res.outcome_labels:
        assert (pred[(label, "lower")] <= pred[(label, "prob")]).all()
        assert (pred[(label, "prob")] <= pred[(label, "upper")]).all()
    plain = res.predict_outcomes(war.head(5), alpha=None)
    assert list(plain.columns) == list(res.outcome_labels)
    rows = np.arange(res.nobs)
    np.testing.assert_allclose(
        np.log(probs.to_numpy()[rows, res.model.endog.astype(int)]).sum(), res.llf
    )


def test_bootstrap_follows_the_seed_rule(war):
    res = egame12(FORMULA, war)
    alone = res.bootstrap(6, seed=4, progress=False, chunk_size=4)
    with ThreadPoolExecutor(2) as pool:
        pooled = res.bootstrap(6, seed=4, progress=False, executor=pool, chunk_size=1)
    np.testing.assert_array_equal(alone.draws, pooled.draws)
    assert alone.draws.shape == (6, 10) and alone.failed == 0
    assert list(alone.conf_int().columns) == ["lower", "upper"]
    with pytest.raises(InvalidArgumentError, match="seed must be an integer >= 0"):
        res.bootstrap(2, seed=-1)


def test_egame122_and_egame123_run_with_r_order():
    rng = np.random.default_rng(9)
    n = 3000
    data = pd.DataFrame({v: rng.standard_normal(n) for v in ("x1", "x2", "z1", "z2")})
    # egame122 by its tree, simulated and refitted through the R entry point
    u = sympy.symbols("u11 u12 u13 u14 u22 u24")
    tree = arbiter.SequentialGame(
        arbiter.decision(
            "1",
            {
                "L": arbiter.decision(
                    "2",
                    {
                        "L": arbiter.outcome({"1": u[0], "2": 0}, label="1"),
                        "R": arbiter.outcome({"1": u[1], "2": u[4]}, label="2"),
                    },
                ),
                "R": arbiter.decision(
                    "2",
                    {
                        "L": arbiter.outcome({"1": u[2], "2": 0}, label="3"),
                        "R": arbiter.outcome({"1": u[3], "2": u[5]}, label="4"),
                    },
                ),
            },
        ),
        players=("1", "2"),
    )
    utils = {"u11": "x1", "u12": "0", "u13": "0", "u14": "x2", "u22": "z1", "u24": "z2"}
    sim = simulate(tree, utils, [0.2, 0.5, -0.3, 0.6, 0.1, 0.8, -0.2, -0.5], data=data, seed=1)
    res = egame122("outcome ~ x1 | 0 | 0 | x2 | z1 | z2", sim)
    assert res.params.index[0] == "u1(1):(Intercept)"
    assert res.params.index[-1] == "u2(4):z2"
    assert res.converged and np.all(np.isfinite(res.bse))
    sim["y"] = sim["outcome"]
    res3 = egame123(
        "y ~ x1 | 0 | x2 | 0 | z1 | 0 | 1 | z2",
        sim.assign(y=pd.Categorical(sim["outcome"], categories=["1", "2", "3", "4"])),
    )
    assert res3.params.index[0] == "u1(1):(Intercept)"
    assert res3.params.index[-1] == "u3(4):z2"
    assert np.all(np.isfinite(res3.params))


def test_war1800_ships_with_the_package():
    from importlib.resources import files

    war = load_war1800()
    assert war.shape == (313, 21)
    assert list(war.regime1.cat.categories) == ["autoc", "dem", "mixed"]
    note = (files("arbiter.estimation") / "data" / "README.md").read_text(encoding="utf-8")
    assert "Correlates of War" in note


def test_plot_is_a_figure(war, tmp_path):
    res = egame12(FORMULA, war)
    fig = res.plot_predicted("balanc")
    path = tmp_path / "pred.png"
    fig.savefig(path)
    assert path.stat().st_size > 1000
    assert len(fig.axes[0].lines) == 3
