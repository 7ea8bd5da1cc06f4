"""SequentialGame: validation, information sets, recall, subgames, strategic form."""

from fractions import Fraction as F

import pytest
import sympy

from arbiter import ArbiterError, nash_equilibria, pure_equilibria
from arbiter.games.tree import SequentialGame, chance, decision, outcome
from arbiter.scenarios.classics import centipede, chain_store, entry_deterrence, ultimatum


def _pennies_after(first_move: str) -> SequentialGame:
    """Player A moves, then A and B play matching pennies (B does not see A's coin)."""
    coin = {
        "H": decision("B", {"h": outcome((1, -1)), "t": outcome((-1, 1))}, infoset="B coin"),
        "T": decision("B", {"h": outcome((-1, 1)), "t": outcome((1, -1))}, infoset="B coin"),
    }
    return SequentialGame(
        decision("A", {"Quit": outcome((0, 0), label="quit"), first_move: decision("A", coin)}),
        players=("A", "B"),
    )


BAD_TREES = [
    (lambda: SequentialGame(decision("A", {"x": outcome((1,))}), players=("A", "B")), "1 payoffs"),
    (
        lambda: SequentialGame(decision("A", {"x": outcome({"A": 1, "C": 2})}), players=("A",)),
        "unknown players",
    ),
    (
        lambda: SequentialGame(decision("A", {"x": outcome({"A": 1}), "y": outcome({})})),
        "no payoff",
    ),
    (
        lambda: SequentialGame(
            chance({"a": (F(1, 2), outcome((1,))), "b": (F(1, 3), outcome((0,)))}), players=("A",)
        ),
        "sum to 1",
    ),
    (
        lambda: SequentialGame(
            chance({"a": (F(-1, 2), outcome((1,))), "b": (F(3, 2), outcome((0,)))}), players=("A",)
        ),
        "negative",
    ),
    (lambda: decision("A", {}), "non-empty"),
    (lambda: decision("A", {"x": 3}), "node made by"),
    (lambda: chance({"a": outcome((1,))}), "probability, node"),
    (lambda: SequentialGame(decision("A", {"x": outcome((float("nan"),))})), "finite"),
    (lambda: SequentialGame(decision("A", {"x": outcome(("1",))})), "number"),
    (
        lambda: SequentialGame(
            decision(
                "A",
                {
                    "l": decision("B", {"u": outcome((1, 1))}, infoset="h"),
                    "r": decision("B", {"v": outcome((1, 1))}, infoset="h"),
                },
            )
        ),
        "different actions",
    ),
    (
        lambda: SequentialGame(
            decision(
                "A",
                {
                    "l": decision("B", {"u": outcome((1, 1))}, infoset="h"),
                    "r": decision("A", {"u": outcome((1, 1))}, infoset="h"),
                },
            )
        ),
        "mixes players",
    ),
]


@pytest.mark.parametrize("build, message", BAD_TREES)
def test_invalid_trees_are_refused_clearly(build, message):
    with pytest.raises(ArbiterError, match=message) as info:
        build()
    assert isinstance(info.value, (ValueError, TypeError))


def test_players_in_order_of_appearance_and_infosets():
    game = entry_deterrence()
    assert game.players == ("Entrant", "Incumbent")
    assert list(game.infosets) == ["Entrant:root", "Incumbent:In"]
    assert game.subgame_roots() == ((), ("In",))
    assert game.perfect_recall


def test_imperfect_information_subgames_and_recall():
    game = _pennies_after("Play")
    assert game.infosets["B coin"].members == (("Play", "H"), ("Play", "T"))
    assert game.subgame_roots() == ((), ("Play",))
    assert game.perfect_recall
    forgetful = SequentialGame(
        decision(
            "A",
            {
                "l": decision("A", {"x": outcome((1,)), "y": outcome((0,))}, infoset="h"),
                "r": decision("A", {"x": outcome((0,)), "y": outcome((1,))}, infoset="h"),
            },
        )
    )
    assert not forgetful.perfect_recall


def test_reduced_strategic_form_of_centipede():
    nf = centipede(4).to_normal_form()
    # Each player has two decision nodes; reduced plans: Take, Pass/Take, Pass/Pass.
    assert nf.actions == (("Take", "Pass/Take", "Pass/Pass"),) * 2
    assert nf.payoff_of("First", ("Pass/Pass", "Pass/Pass")) == F(32, 5)
    assert nf.payoff_of("Second", ("Pass/Take", "Take")) == F(4, 5)


def test_chain_store_strategic_form_size():
    nf = chain_store(2).to_normal_form()
    # Incumbent: its town-1 choice, then 2 of its 3 town-2 information sets stay reachable
    # given that choice -> 2 * 2^2 = 8 reduced plans; entrant 2 has 3 infosets -> 8.
    assert nf.shape == (8, 2, 8)


def test_chance_expectation_is_exact():
    game = SequentialGame(
        chance({"h": (F(1, 3), outcome((3, 0))), "t": (F(2, 3), outcome((0, 3)))}),
        players=("A", "B"),
    )
    nf = game.to_normal_form()
    assert nf.payoffs[0, 0, 0] == 1 and nf.payoffs[1, 0, 0] == 2


def test_nash_on_trees_reports_outcomes():
    eqs = pure_equilibria(entry_deterrence())
    outcomes = {e.pure_profile: dict(e.outcome) for e in eqs}
    assert outcomes == {
        ("Out", "Fight"): {"no entry": 1},
        ("In", "Accommodate"): {"shared market": 1},
    }
    mixed = nash_equilibria(_pennies_after("Play"))
    assert any(e.outcome.get("quit") == 1 for e in mixed)


def test_ultimatum_ties_two_pure_subgame_outcomes_among_nash():
    eqs = pure_equilibria(ultimatum(2))
    labels = {next(iter(k for k, v in e.outcome.items() if v == 1)) for e in eqs}
    assert {"split 2:0", "split 1:1"} <= labels


def test_subs_and_parameters():
    f, a = sympy.symbols("f a", real=True)
    game = SequentialGame(
        decision(
            "E",
            {
                "Out": outcome({"E": 0, "I": 2}),
                "In": decision(
                    "I", {"Fight": outcome({"E": -1, "I": f}), "Acc": outcome({"E": 1, "I": a})}
                ),
            },
        )
    )
    assert game.parameters == (a, f)
    numeric = game.subs({"f": -1, a: F(1, 2)})
    assert numeric.kind == "exact" and numeric.parameters == ()
    with pytest.raises(ArbiterError, match="unknown parameter 'g'"):
        game.subs({"g": 1})
    assert game.to_normal_form().parameters == (a, f)


def test_trees_are_values():
    assert entry_deterrence() == entry_deterrence()
    assert hash(centipede(3)) == hash(centipede(3))
    assert centipede(3) != centipede(4)
