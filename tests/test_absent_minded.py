"""Absent-minded trees (an information set holding a node and its descendant): read, written,
drawn; solvers that need perfect recall refuse naming the information set.

Fixtures: Gambit's catalog, ``gilboa1997/fig1.efg`` (the absent-minded driver of Piccione
and Rubinstein 1997, as in Gilboa 1997, *GEB* 20, Figure 2) and ``fig2.efg`` (Gilboa's
two-selves version), copied unchanged (see ``tests/data/gambit/README.md``).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import arbiter
from arbiter.errors import NotSupportedError
from arbiter.plot.tree import plot_tree

DATA = Path(__file__).parent / "data" / "gambit"
DRIVER = DATA / "gilboa1997_fig1.efg"
TWO_SELVES = DATA / "gilboa1997_fig2.efg"

# file -> (information sets with their member paths, the planning-optimal pure plan, its payoff)
CASES = {
    DRIVER: ({"Player 1:1": ((), ("B",))}, ("B",), Fraction(1)),
    TWO_SELVES: (
        {"Player 1:1": (("1",), ("2", "B")), "Player 1:2": (("1", "B"), ("2",))},
        ("E", "B"),
        Fraction(2),
    ),
}


@pytest.mark.parametrize("path", list(CASES), ids=lambda p: p.name)
def test_read_keeps_the_information_sets(path):
    game = arbiter.read_game(path)
    infosets, _, _ = CASES[path]
    assert {k: v.members for k, v in game.infosets.items()} == infosets
    assert not game.perfect_recall
    assert game.recall_failure() == "Player 1:1"


@pytest.mark.parametrize("path", list(CASES), ids=lambda p: p.name)
def test_write_and_read_back(path, tmp_path):
    game = arbiter.read_game(path)
    again = arbiter.parse_game(arbiter.format_game(game))
    assert again == game
    pygambit = pytest.importorskip("pygambit")
    out = tmp_path / "game.efg"
    arbiter.write_game(game, out)
    theirs = pygambit.read_efg(str(out))
    assert len(list(theirs.infosets)) == len(game.infosets)
    assert not theirs.is_perfect_recall


@pytest.mark.parametrize("path", list(CASES), ids=lambda p: p.name)
def test_solvers_that_need_perfect_recall_refuse_naming_the_set(path):
    game = arbiter.read_game(path)
    with pytest.raises(NotSupportedError, match="Player 1:1"):
        arbiter.subgame_perfect(game)
    with pytest.raises(NotSupportedError, match="Player 1:1"):
        arbiter.solve.spe.subgame_perfect_outcomes(game)
    with pytest.raises(NotSupportedError, match="Player 1:1"):
        arbiter.quantal_response(game, 1.0)


@pytest.mark.parametrize("path", list(CASES), ids=lambda p: p.name)
def test_nash_over_plans_is_the_planning_optimum(path):
    """The strategic form is over pure plans; with one player its equilibrium is the best plan."""
    _, plan, payoff = CASES[path]
    eqs = arbiter.nash_equilibria(arbiter.read_game(path))
    assert [e.pure_profile for e in eqs] == [("/".join(plan),)]
    assert eqs[0].payoffs == (payoff,)
    assert eqs.max_regret == 0


def test_drawn_with_the_information_set_joined():
    ax = plot_tree(arbiter.read_game(DRIVER))
    # one dashed connector between the root and its descendant, and the set's name
    assert len(ax.texts) and any(t.get_text() == "Player 1:1" for t in ax.texts)
    arcs = [c for c in ax.get_children() if type(c).__name__ == "Annotation" and c.arrow_patch]
    assert len(arcs) == 1
