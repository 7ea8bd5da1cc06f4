"""Logit QRE (arbiter.solve.qre): closed forms, the principal branch, certification, estimation.

Closed forms: in the 2x2 pure coordination game (payoffs 1 on the diagonal)
the symmetric branch stays at 1/2 and bifurcates at lambda = 2 (the slope of
the logistic map at 1/2 is lambda / 2); in any 2x2 game the QRE at lambda
solves two logistic equations, reduced here to one equation in p and solved
by scipy's brentq; agent QRE on perfect-information trees equals the direct
backward logit recursion written out by hand. Cross-checks with pygambit
(skipped when it is not installed).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

import arbiter
from arbiter import NormalFormGame, SequentialGame, chance, decision, outcome
from arbiter.errors import ArgumentTypeError, NotSupportedError
from arbiter.scenarios.classics import entry_deterrence
from arbiter.solve.behaviour import behaviour_regret
from arbiter.solve.qre import qre_branch, qre_estimate, quantal_response

COORDINATION = NormalFormGame.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def qre_2x2(A: np.ndarray, B: np.ndarray, lam: float) -> tuple[float, float]:
    """The unique QRE of a 2x2 game at small lam, independently: one equation in p = P(row 1).

    q(p) = logistic(lam * (p (B00 - B01) + (1 - p) (B10 - B11))) and
    p = logistic(lam * (q (A00 - A10) + (1 - q) (A01 - A11))).
    """

    def q_of(p: float) -> float:
        return logistic(lam * (p * (B[0, 0] - B[0, 1]) + (1 - p) * (B[1, 0] - B[1, 1])))

    def f(p: float) -> float:
        q = q_of(p)
        return logistic(lam * (q * (A[0, 0] - A[1, 0]) + (1 - q) * (A[0, 1] - A[1, 1]))) - p

    p = brentq(f, 0.0, 1.0, xtol=1e-15)
    return p, q_of(p)


# ----------------------------------------------------------------------- closed forms
def test_lambda_zero_is_uniform():
    game = NormalFormGame(np.arange(3 * 4 * 2 * 3, dtype=float).reshape(3, 4, 2, 3) % 5)
    q = quantal_response(game, 0.0)
    assert [len(s) for s in q.strategies] == [4, 2, 3]
    for s in q.strategies:
        assert np.allclose(s, 1 / len(s))
    tree = quantal_response(entry_deterrence(), 0)
    assert tree.strategy("Incumbent")["Incumbent:In"] == {"Fight": 0.5, "Accommodate": 0.5}


def test_coordination_stays_at_half_and_bifurcates_at_two():
    branch = qre_branch(COORDINATION, lam_max=5.0)
    assert np.allclose(branch.profiles, 0.5, atol=1e-12)
    assert branch.lam == 5.0
    assert len(branch.bifurcations) == 1
    assert branch.bifurcations[0] == pytest.approx(2.0, abs=1e-8)
    # below 2 the only solution of p = logistic(lam (2p - 1)) is 1/2; above, two more appear
    for lam, count in ((1.9, 1), (2.1, 3)):
        grid = np.linspace(1e-9, 1 - 1e-9, 200_000)  # 1/2 is not a grid point
        g = 1 / (1 + np.exp(-lam * (2 * grid - 1))) - grid
        assert int(np.count_nonzero(np.sign(g[1:]) != np.sign(g[:-1]))) == count
    # the symmetric branch is the mixed equilibrium from the start: certified at lam = 0
    assert qre_branch(COORDINATION).equilibrium.strategies == ((Fraction(1, 2),) * 2,) * 2


@pytest.mark.parametrize(
    "A, B",
    [
        ([[3, 0], [5, 1]], [[3, 5], [0, 1]]),  # prisoners' dilemma
        ([[2, 0], [0, 1]], [[1, 0], [0, 2]]),  # battle of the sexes
        ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),  # matching pennies
        ([[0.3, -1.2], [2.5, 0.7]], [[1.1, -0.4], [0.2, 0.9]]),
    ],
)
@pytest.mark.parametrize("lam", [0.1, 0.5, 1.0])
def test_2x2_matches_the_logistic_equations(A, B, lam):
    A, B = np.array(A, dtype=float), np.array(B, dtype=float)
    p, q = qre_2x2(A, B, lam)
    got = quantal_response(NormalFormGame.from_arrays(A, B), lam)
    assert got.strategies[0][0] == pytest.approx(p, abs=1e-10)
    assert got.strategies[1][0] == pytest.approx(q, abs=1e-10)


def test_matching_pennies_is_uniform_at_every_lambda():
    mp = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    for lam in (0.5, 3.0, 40.0):
        assert np.allclose(quantal_response(mp, lam).strategies, 0.5, atol=1e-10)


def test_three_player_fixed_point():
    rng = np.random.default_rng(3)
    pay = rng.normal(size=(3, 2, 3, 2))
    q = quantal_response(NormalFormGame(pay), 1.5)
    game = NormalFormGame(pay)
    values = [np.array(arbiter.action_values(game, q.strategies, i), dtype=float) for i in range(3)]
    for s, v in zip(q.strategies, values):
        e = np.exp(1.5 * (v - v.max()))
        assert np.allclose(s, e / e.sum(), atol=1e-10)


# ----------------------------------------------------------------------- trees
def _direct_logit(node, lam, players):
    """Backward logit recursion written directly on the nodes: (values, {path: probs})."""
    if node.__class__.__name__ == "Outcome":
        return np.array([float(v) for v in node.payoffs]), {}
    if node.__class__.__name__ == "Chance":
        total, probs = 0.0, {}
        for _, p, child in node.branches:
            v, sub = _direct_logit(child, lam, players)
            total = total + float(p) * v
            probs.update(sub)
        return total, probs
    kids = [_direct_logit(child, lam, players) for _, child in node.moves]
    mover = players.index(node.player)
    w = np.array([math.exp(lam * v[mover]) for v, _ in kids])
    w = w / w.sum()
    probs = {}
    for _, sub in kids:
        probs.update(sub)
    probs[id(node)] = w
    return sum(wi * v for wi, (v, _) in zip(w, kids)), probs


def _tree():
    return SequentialGame(
        decision(
            "A",
            {
                "l": chance(
                    {
                        "h": (0.3, decision("B", {"x": outcome((1, 0)), "y": outcome((-1, 2))})),
                        "t": (0.7, outcome((0.5, 0.5))),
                    }
                ),
                "r": decision(
                    "B",
                    {
                        "x": outcome((2, -1)),
                        "y": decision("A", {"u": outcome((0, 1)), "d": outcome((3, 0))}),
                    },
                ),
            },
        )
    )


@pytest.mark.parametrize("lam", [0.0, 0.7, 2.0, 9.0])
def test_agent_qre_on_perfect_information_equals_backward_logit(lam):
    tree = _tree()
    got = quantal_response(tree, lam)
    value, _ = _direct_logit(tree.root, lam, list(tree.players))
    assert np.allclose(got.payoffs, value, atol=1e-12)
    # node by node: the second B node chooses y with the logit of its children
    inner = 1 / (1 + math.exp(-lam * 3))  # A at r/y prefers d (3 vs 0)
    v_y = inner * 0 + (1 - inner) * 1  # B's value after y
    b = got.strategy("B")["B:r"]
    assert b["y"] == pytest.approx(logistic(lam * (v_y - (-1))), abs=1e-12)


def test_agent_qre_with_information_sets_matches_the_traced_fixed_point():
    # matching pennies as a tree: B does not see A's move; the agent QRE is uniform
    mp = SequentialGame(
        decision(
            "A",
            {
                "H": decision("B", {"H": outcome((1, -1)), "T": outcome((-1, 1))}, infoset="B"),
                "T": decision("B", {"H": outcome((-1, 1)), "T": outcome((1, -1))}, infoset="B"),
            },
        )
    )
    q = quantal_response(mp, 5.0)
    assert q.strategy("B")["B"]["H"] == pytest.approx(0.5, abs=1e-10)
    branch = qre_branch(mp)
    assert branch.equilibrium.regret <= branch.equilibria.tolerance


def test_imperfect_recall_is_refused_naming_the_information_set():
    forgetful = SequentialGame(
        decision(
            "A",
            {
                "l": decision("A", {"x": outcome((1,)), "y": outcome((0,))}, infoset="later"),
                "r": decision("A", {"x": outcome((0,)), "y": outcome((1,))}, infoset="later"),
            },
        )
    )
    with pytest.raises(NotSupportedError, match="'later'"):
        quantal_response(forgetful, 1.0)


def test_symbolic_games_are_refused_naming_subs():
    model = arbiter.scenarios.syria.border_deal()
    with pytest.raises(NotSupportedError, match=r"game\.subs"):
        quantal_response(model.game, 1.0)
    with pytest.raises(ArgumentTypeError, match=r"model\.at"):
        qre_branch(model)


# ----------------------------------------------------------------------- branch and limit
def test_branch_reaches_a_certified_equilibrium():
    pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    branch = qre_branch(pd)
    eq = branch.equilibrium
    assert eq.regret == 0 and eq.pure_profile == ("a2", "a2")
    assert branch.lams[0] == 0 and np.all(np.diff(branch.regrets[-5:]) <= 1e-12)
    frame = branch.to_frame()
    assert list(frame.columns[:2]) == [("lam", ""), ("regret", "")] and len(frame) == len(branch)
    spe = qre_branch(entry_deterrence()).equilibrium
    assert dict(spe.outcome) == {"shared market": 1} and spe.regret == 0


def test_battle_of_the_sexes_branch_goes_to_the_mixed_equilibrium():
    bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    eq = qre_branch(bos).equilibrium
    assert eq.strategies == ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3)))


payoff = st.floats(-5, 5, allow_nan=False, allow_infinity=False, width=32)


@settings(max_examples=25)
@given(
    st.integers(2, 4).flatmap(
        lambda m: st.integers(2, 4).flatmap(
            lambda n: st.lists(payoff, min_size=2 * m * n, max_size=2 * m * n).map(
                lambda v: np.array(v, dtype=float).reshape(2, m, n)
            )
        )
    ),
    st.floats(0.0, 3.0),
)
def test_random_games_fixed_point_and_certified_limit(pay, lam):
    game = NormalFormGame(pay)
    q = quantal_response(game, lam)
    for i, s in enumerate(q.strategies):
        v = np.array(arbiter.action_values(game, q.strategies, i), dtype=float)
        e = np.exp(lam * (v - v.max()))
        assert np.allclose(s, e / e.sum(), atol=1e-9)
    branch = qre_branch(game)
    assert branch.equilibrium is not None
    assert float(branch.equilibrium.regret) <= 1e-8 * max(1.0, float(np.abs(pay).max()))


@settings(max_examples=15)
@given(st.lists(payoff, min_size=10, max_size=10), st.floats(0.0, 6.0))
def test_random_trees_equal_direct_recursion(values, lam):
    v = [float(x) for x in values]
    tree = SequentialGame(
        decision(
            "A",
            {
                "a": decision("B", {"c": outcome((v[0], v[1])), "d": outcome((v[2], v[3]))}),
                "b": decision("B", {"c": outcome((v[4], v[5])), "d": outcome((v[6], v[7]))}),
                "e": outcome((v[8], v[9])),
            },
        )
    )
    got = quantal_response(tree, lam)
    value, _ = _direct_logit(tree.root, lam, list(tree.players))
    assert np.allclose(got.payoffs, value, atol=1e-9)
    branch = qre_branch(tree)
    assert branch.equilibrium is not None
    assert float(behaviour_regret(tree, branch.equilibrium)) <= 1e-8 * max(1.0, max(map(abs, v)))


# ----------------------------------------------------------------------- estimation
def test_estimate_recovers_the_closed_form_lambda():
    pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    fit = qre_estimate(pd, [[30, 70], [30, 70]])
    # symmetric: p(D) = logistic(lam (2 q_C + 1 (1 - q_C))) = 0.7 with q_C = 0.3
    assert fit.lam == pytest.approx(math.log(7 / 3) / 1.3, abs=1e-7)
    assert fit.log_likelihood == pytest.approx(2 * (30 * math.log(0.3) + 70 * math.log(0.7)))
    assert fit.llf == fit.log_likelihood and fit.nobs == 200


# ----------------------------------------------------------------------- pygambit
def _gambit():
    try:
        import pygambit
    except ImportError:  # pragma: no cover
        pytest.skip("pygambit is not installed")
    return pygambit


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_pygambit_logit_solve_lambda(seed):
    pygambit = _gambit()
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(2, 4, 3))
    g = pygambit.Game.from_arrays(A, B)
    lams = [0.3, 1.0, 4.0]
    theirs = pygambit.qre.logit_solve_lambda(g, lams)
    game = NormalFormGame.from_arrays(A, B)
    for lam, prof in zip(lams, theirs):
        mine = quantal_response(game, lam)
        for player, s in zip(g.players, mine.strategies):
            ref = [float(prof.profile[x]) for x in player.strategies]
            assert np.allclose(s, ref, atol=1e-6)


@pytest.mark.parametrize("seed", [0, 5])
def test_limit_matches_pygambit_logit_solve(seed):
    pygambit = _gambit()
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(2, 5, 5))
    g = pygambit.Game.from_arrays(A, B)
    theirs = pygambit.nash.logit_solve(g).equilibria[0]
    mine = qre_branch(NormalFormGame.from_arrays(A, B)).equilibrium
    for player, s in zip(g.players, mine.strategies):
        ref = [float(theirs[x]) for x in player.strategies]
        assert np.allclose(np.asarray(s, dtype=float), ref, atol=1e-6)


def test_estimate_matches_pygambit_logit_estimate():
    pygambit = _gambit()
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    B = np.array([[2.0, 1.0], [0.0, 3.0]])
    counts = [[12, 28], [25, 15]]
    g = pygambit.Game.from_arrays(A, B)
    data = g.mixed_strategy_profile(rational=False)
    for player, row in zip(g.players, counts):
        for x, c in zip(player.strategies, row):
            data[x] = c
    theirs = pygambit.qre.logit_estimate(data)
    mine = qre_estimate(NormalFormGame.from_arrays(A, B), counts)
    assert mine.lam == pytest.approx(theirs.lam, rel=1e-4)
    assert mine.log_likelihood == pytest.approx(theirs.log_like, rel=1e-6)
