"""Trees built from arrays: validation, lazy nodes, and vectorised subgame perfection.

The reference for every solve is the same game built from nodes, solved by the
compact backward induction over node objects (``_compact.Backward``), and each
equilibrium's certificate recomputed by ``behaviour_regret`` on the node tree.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arbiter.errors import ArgumentTypeError, InvalidGameError, NotSupportedError
from arbiter.games.tree import Chance, Decision, Outcome, SequentialGame, decision, outcome
from arbiter.solve._backward import uniform_backward_induction
from arbiter.solve._columns import ArraySPE
from arbiter.solve.behaviour import behaviour_regret
from arbiter.solve.spe import subgame_perfect
from arbiter.testing.strategies import trees

QUICK = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def arrays_of(tree: SequentialGame, order: str = "dfs") -> dict[str, Any]:
    """The caller's arrays of a node tree, written independently of TreeArrays.from_game.

    ``order="dfs"``: depth-first numbering (not level order, so the canonical
    reordering is exercised); ``"bfs"``: breadth first.
    """
    parent: list[int] = []
    player: list[int] = []
    action: list[str] = []
    probs: list[Any] = []
    info: list[str | None] = []
    pays: list[tuple[Any, ...]] = []
    labels: list[str | None] = []
    index = {p: k for k, p in enumerate(tree.players)}
    pending: list[tuple[Any, int, str, Any]] = [(tree.root, -1, "", 0)]
    while pending:
        node, up, step, prob = pending.pop(0) if order == "bfs" else pending.pop()
        me = len(parent)
        parent.append(up)
        action.append(step)
        probs.append(prob)
        if isinstance(node, Outcome):
            player.append(-1)
            info.append(None)
            pays.append(node.payoffs)
            labels.append(node.label)
            continue
        if isinstance(node, Decision):
            player.append(index[node.player])
            info.append(node.infoset)
            kids = [(c, me, a, 0) for a, c in node.moves]
        else:
            assert isinstance(node, Chance)
            player.append(-1)
            info.append(None)
            kids = [(c, me, n, p) for n, p, c in node.branches]
        pending.extend(kids if order == "bfs" else reversed(kids))
    payoffs = np.array(pays, dtype=np.float64 if tree.kind == "float" else object).T
    return {
        "parent": parent,
        "player": player,
        "action": action,
        "payoffs": payoffs.reshape(tree.n_players, len(pays)),
        "players": tree.players,
        "infoset": info,
        "probabilities": np.array(probs, dtype=object),
        "labels": labels,
    }


def assert_same_spe(node_tree: SequentialGame, array_tree: SequentialGame) -> None:
    expected = subgame_perfect(node_tree, max_equilibria=None)
    got = subgame_perfect(array_tree, max_equilibria=None)
    assert got.n_equilibria == expected.n_equilibria
    assert got.degenerate == expected.degenerate
    assert set(got.payoff_profiles) == set(expected.payoff_profiles)
    assert got.outcome_counts == expected.outcome_counts
    if expected.n_equilibria <= 40:
        assert Counter(got) == Counter(expected)
        for eq in got:
            assert behaviour_regret(node_tree, eq.strategies) == 0


# ------------------------------------------------------------ equivalence
@QUICK
@given(
    trees(max_depth=4, max_actions=3, infosets=False, labels=("war", "peace")),
    st.sampled_from(["dfs", "bfs"]),
)
def test_arrays_and_nodes_give_the_same_spe_set_exact(tree: SequentialGame, order: str) -> None:
    # small integer payoffs: many ties, so the compact classes are exercised through the arrays
    array_tree = SequentialGame.from_arrays(**arrays_of(tree, order))
    assert array_tree == tree
    assert_same_spe(tree, array_tree)


@settings(QUICK, max_examples=20)
@given(trees(max_depth=3, max_actions=3, infosets=True, payoffs="fractions"))
def test_arrays_with_information_sets_match_nodes(tree: SequentialGame) -> None:
    array_tree = SequentialGame.from_arrays(**arrays_of(tree))
    assert array_tree.infosets == tree.infosets
    assert_same_spe(tree, array_tree)


@QUICK
@given(
    trees(
        max_depth=5, max_actions=3, infosets=False, payoffs="floats", min_value=-5.0, max_value=5.0
    )
)
def test_float_trees_without_ties_are_solved_on_the_arrays(tree: SequentialGame) -> None:
    array_tree = SequentialGame.from_arrays(**arrays_of(tree))
    expected = subgame_perfect(tree)
    got = subgame_perfect(array_tree)
    if expected.degenerate:  # ties: the compact classes answer
        assert got.n_equilibria == expected.n_equilibria
        return
    assert isinstance(got.equilibria, ArraySPE)
    (e,), (g,) = list(expected), list(got)
    assert g.strategies == e.strategies
    assert g.actions == e.actions
    assert np.allclose(g.payoffs, e.payoffs, rtol=0, atol=1e-12)
    assert g.outcome.keys() == e.outcome.keys()
    assert np.allclose(list(g.outcome.values()), [e.outcome[k] for k in g.outcome], atol=1e-12)
    assert g.play == e.play
    assert behaviour_regret(tree, g.strategies) <= 1e-9


def test_exact_payoffs_stay_exact() -> None:
    game = SequentialGame.from_arrays(
        parent=[-1, 0, 0, 2, 2, 2, 2],
        player=[0, -1, -1, -1, -1, -1, -1],
        action=["", "Out", "In", "hi", "lo", "x", "y"],
        payoffs=[[0, Fraction(1, 3), 2, 5, Fraction(-1, 7)], [2, Fraction(2, 3), 1, 0, 1]],
        probabilities=[
            None,
            None,
            None,
            Fraction(1, 2),
            Fraction(1, 4),
            Fraction(1, 8),
            Fraction(1, 8),
        ],
        players=("A", "B"),
    )
    assert game.kind == "exact"
    spe = subgame_perfect(game)
    assert isinstance(spe.equilibria, ArraySPE) and spe.tolerance is None
    (eq,) = list(spe)
    # In: 1/2 * 1/3 + 1/4 * 2 + 1/8 * 5 + 1/8 * (-1/7)
    expected_in = Fraction(1, 6) + Fraction(1, 2) + Fraction(5, 8) - Fraction(1, 56)
    assert eq.payoffs[0] == expected_in and isinstance(eq.payoffs[0], Fraction)
    assert eq.regret == 0 and isinstance(eq.regret, Fraction)
    assert all(isinstance(p, Fraction) for p in eq.outcome.values())
    assert dict(eq.strategies[0]["A:root"]) == {"Out": 0, "In": 1}
    assert behaviour_regret(game, eq.strategies) == 0


def test_large_tree_agrees_with_the_numpy_kernel() -> None:
    d = 16
    n = 2 ** (d + 1) - 1
    idx = np.arange(n)
    parent = (idx - 1) // 2
    depth = np.repeat(np.arange(d + 1), 2 ** np.arange(d + 1))
    player = np.where(depth < d, depth % 2, -1)
    pay = np.random.default_rng(3).random((2, 2**d))
    game = SequentialGame.from_arrays(
        parent, player, (idx + 1) % 2, pay, players=("P1", "P2"), action_names=("L", "R")
    )
    spe = subgame_perfect(game)
    eq = spe[0]
    value, choices, ties = uniform_backward_induction(pay, 2, [k % 2 for k in range(d)])
    assert ties == 0 and len(spe) == 1 and eq.regret <= spe.tolerance
    assert np.allclose(eq.payoffs, value, rtol=0, atol=0)
    picked = spe.equilibria._choice
    for level in range(d):
        assert np.array_equal(picked[2**level - 1 : 2 ** (level + 1) - 1], choices[level])
    # the profile, built on request, is the kernel's at a sample of nodes
    plan = eq.strategies[1]
    assert plan["P2:R"] == {"L": 1.0 - choices[1][1], "R": float(choices[1][1])}
    assert len(eq.actions[0]) == sum(4**k for k in range(d // 2))


def test_nodes_are_built_only_on_request() -> None:
    game = SequentialGame.from_arrays(
        [-1, 0, 0], [0, -1, -1], ["", "a", "b"], np.array([[1.0, 2.0]]), players=("Solo",)
    )
    slot = SequentialGame.__dict__["_root"]
    assert repr(game).startswith("SequentialGame(players=('Solo',), outcomes=2")
    subgame_perfect(game)[0]
    with pytest.raises(AttributeError):
        slot.__get__(game)
    assert game.root == decision("Solo", {"a": outcome((1.0,)), "b": outcome((2.0,))})
    assert slot.__get__(game) is game.root


def test_ties_keep_every_spe() -> None:
    # the responder is indifferent: two SPE, as from nodes
    game = SequentialGame.from_arrays(
        parent=[-1, 0, 0, 1, 1],
        player=[0, 1, -1, -1, -1],
        action=["", "In", "Out", "x", "y"],
        payoffs=np.array([[1.0, 3.0, 0.0], [0.0, 1.0, 1.0]]),
        players=("A", "B"),
    )
    spe = subgame_perfect(game)
    assert len(spe) == 2 and spe.degenerate
    assert {dict(e.outcome).popitem()[0] for e in spe} == {"In/x", "Out"}


# ------------------------------------------------------------ validation
def base() -> dict[str, Any]:
    return {
        "parent": [-1, 0, 0, 2, 2],
        "player": [0, -1, -1, -1, -1],
        "action": ["", "a", "b", "x", "y"],
        "payoffs": np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),
        "probabilities": [0, 0, 0, 0.5, 0.5],
        "players": ("A", "B"),
    }


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"parent": [0, 0, 0, 2, 2]}, InvalidGameError, "parent[0] must be -1"),
        ({"parent": [-1, 0, 3, 2, 2]}, InvalidGameError, "parent[2] = 3"),
        ({"parent": [-1, 0, 0, 2]}, InvalidGameError, "player must have one entry per node (4)"),
        ({"action": ["", "a", "a", "x", "y"]}, InvalidGameError, "node 0 has two children"),
        ({"action": ["", "a", "b", "x", 7]}, ArgumentTypeError, "action[4] must be a string"),
        (
            {"action": [0, 0, 1, 2, 5], "action_names": ("a", "b", "x", "y")},
            InvalidGameError,
            "action[4] = 5",
        ),
        ({"player": [0, 1, -1, -1, -1]}, InvalidGameError, "node 1 has no children"),
        ({"player": [2, -1, -1, -1, -1]}, InvalidGameError, "player[0] = 2"),
        (
            {"payoffs": np.array([[1.0, np.nan, 3.0], [0, 0, 0]])},
            InvalidGameError,
            "payoffs[0, 1] must be finite; got nan",
        ),
        ({"payoffs": np.zeros((2, 4))}, InvalidGameError, "payoffs has 4 columns"),
        ({"payoffs": np.zeros((3, 3))}, InvalidGameError, "payoffs has 3 rows"),
        ({"probabilities": [0, 0, 0, 0.7, 0.5]}, InvalidGameError, "chance node 2 must sum to 1"),
        ({"probabilities": [0, 0, 0, 1.5, -0.5]}, InvalidGameError, "probabilities[4] is negative"),
        (
            {"probabilities": [0, 0, 0, np.inf, 0.5]},
            InvalidGameError,
            "probabilities[3] must be finite",
        ),
        (
            {"probabilities": [0, 0, 0, np.nan, 0.5]},
            InvalidGameError,
            "probabilities[3] must be finite",
        ),
        ({"probabilities": None}, InvalidGameError, "node 2 is a chance node"),
        ({"labels": ["x"]}, InvalidGameError, "one label (or None) per outcome (3)"),
        ({"players": ("A", "A")}, InvalidGameError, "players must be distinct"),
        ({"parent": [-1.0, 0, 0, 2, 2]}, ArgumentTypeError, "parent must hold integers"),
    ],
)
def test_invalid_arrays_are_refused_clearly(change: dict, error: type, message: str) -> None:
    kwargs = base() | change
    with pytest.raises(error) as info:
        SequentialGame.from_arrays(**kwargs)
    assert message in str(info.value)


def test_information_sets_must_agree() -> None:
    kwargs = {
        "parent": [-1, 0, 0, 1, 1, 2, 2],
        "player": [0, 1, 1, -1, -1, -1, -1],
        "action": ["", "a", "b", "x", "y", "x", "y"],
        "payoffs": np.zeros((2, 4)),
        "infoset": [-1, 0, 0, -1, -1, -1, -1],
        "infoset_names": ("unseen",),
        "players": ("A", "B"),
    }
    game = SequentialGame.from_arrays(**kwargs)
    assert game.infosets["unseen"].members == (("a",), ("b",))
    with pytest.raises(InvalidGameError, match="'unseen' has different actions"):
        SequentialGame.from_arrays(**kwargs | {"action": ["", "a", "b", "x", "y", "y", "x"]})
    with pytest.raises(InvalidGameError, match="'unseen' mixes players"):
        SequentialGame.from_arrays(**kwargs | {"player": [1, 0, 1, -1, -1, -1, -1]})
    with pytest.raises(InvalidGameError, match="node 3 is not a decision node"):
        SequentialGame.from_arrays(**kwargs | {"infoset": [-1, 0, 0, 0, -1, -1, -1]})


def test_symbolic_entries_are_refused() -> None:
    import sympy

    kwargs = base() | {"payoffs": np.array([[sympy.Symbol("w"), 1, 2], [0, 0, 0]], dtype=object)}
    with pytest.raises(NotSupportedError, match="decision\\(\\), chance\\(\\) and outcome\\(\\)"):
        SequentialGame.from_arrays(**kwargs)
