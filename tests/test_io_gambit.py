"""Gambit .nfg/.efg files: files Gambit wrote, round trips, malformed input.

The fixtures in ``tests/data/gambit`` are of two sorts (see its README): classic
files from the Gambit repository, and files that pygambit 16.7.0 wrote
(``make_pygambit_fixtures.py``). Every fixture is checked twice: against
contents written out here by hand, and against what pygambit itself reads
from the same file.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from arbiter import InvalidArgumentError, NormalFormGame, NotSupportedError, ParseError
from arbiter.games.tree import Chance, Decision, Outcome, SequentialGame, chance, decision, outcome
from arbiter.io import format_game, parse_game, read_game, write_game
from arbiter.scenarios import classics

gbt = pytest.importorskip("pygambit")

DATA = Path(__file__).parent / "data" / "gambit"


# ------------------------------------------------------------------ helpers
def _fraction(value: Any) -> F:
    """A pygambit number (Rational, Decimal or int) as an exact Fraction."""
    return F(str(value))


def _gambit_nfg(game: Any) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], np.ndarray]:
    players = tuple(p.label for p in game.players)
    actions = tuple(tuple(s.label for s in p.strategies) for p in game.players)
    shape = tuple(len(a) for a in actions)
    arrays = np.empty((len(players), *shape), dtype=object)
    for profile in np.ndindex(*shape):
        result = game[profile]  # None: the null outcome, paying 0
        for p, label in enumerate(players):
            arrays[(p, *profile)] = F(0) if result is None else _fraction(result[label])
    return players, actions, arrays


def _gambit_tree(game: Any) -> dict[str, Any]:
    """Leaves (path -> payoffs summed along the path), chance probabilities, infoset partition."""
    players = [p.label for p in game.players]
    leaves: dict[tuple[str, ...], tuple[F, ...]] = {}
    probs: dict[tuple[str, ...], dict[str, F]] = {}
    infosets: dict[Any, set[tuple[str, ...]]] = defaultdict(set)
    movers: dict[tuple[str, ...], str] = {}
    stack = [((), game.root, (F(0),) * len(players))]
    while stack:
        path, node, acc = stack.pop()
        if node.outcome:  # an empty NodeOutcome is falsy
            acc = tuple(a + _fraction(node.outcome[p]) for a, p in zip(acc, players))
        if node.is_terminal:
            leaves[path] = acc
            continue
        labels = [a.label for a in node.infoset.actions]
        if node.infoset.is_chance:
            probs[path] = {a.label: _fraction(a.prob) for a in node.infoset.actions}
        else:
            infosets[(node.player.label, node.infoset.number)].add(path)
            movers[path] = node.player.label
        for label, child in zip(labels, node.children):
            stack.append(((*path, label), child, acc))
    return {
        "players": tuple(players),
        "leaves": leaves,
        "chance": probs,
        "infosets": {frozenset(s) for s in infosets.values()},
        "movers": movers,
    }


def _arbiter_tree(game: SequentialGame) -> dict[str, Any]:
    leaves, probs, movers = {}, {}, {}
    infosets: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for path, node in game.nodes():
        if isinstance(node, Outcome):
            leaves[path] = tuple(node.payoffs)
        elif isinstance(node, Chance):
            probs[path] = {name: p for name, p, _ in node.branches}
        else:
            infosets[game.infoset_of(path)].add(path)
            movers[path] = node.player
    return {
        "players": game.players,
        "leaves": leaves,
        "chance": probs,
        "infosets": {frozenset(s) for s in infosets.values()},
        "movers": movers,
    }


def _read_with_gambit(text: str, tree: bool) -> Any:
    return (gbt.read_efg if tree else gbt.read_nfg)(io.StringIO(text))


def _assert_same_as_gambit(game: NormalFormGame | SequentialGame, gambit_game: Any) -> None:
    if isinstance(game, NormalFormGame):
        players, actions, arrays = _gambit_nfg(gambit_game)
        assert game.players == players
        assert game.actions == actions
        assert game.payoffs.shape == arrays.shape
        assert game.payoffs.tolist() == arrays.tolist()
    else:
        assert _arbiter_tree(game) == _gambit_tree(gambit_game)


def _exact_entries(game: NormalFormGame | SequentialGame) -> list[Any]:
    if isinstance(game, NormalFormGame):
        return list(game.payoffs.ravel())
    out: list[Any] = []
    for _, node in game.nodes():
        if isinstance(node, Outcome):
            out.extend(node.payoffs)
        elif isinstance(node, Chance):
            out.extend(p for _, p, _ in node.branches)
    return out


# ------------------------------------------------------- normal-form fixtures
@dataclass(frozen=True)
class NfgCase:
    file: str
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    payoffs: list[Any]  # one nested list per player, indexed [a_1][a_2]...


NFG_CASES = [
    # Gambit's own documentation example (payoff version, strategy counts).
    NfgCase(
        "e02.nfg",
        ("Player 1", "Player 2"),
        (("1", "2", "3"), ("1", "2")),
        [[[1, 1], [0, 0], [0, 2]], [[1, 1], [2, 3], [2, 0]]],
    ),
    # Outcome version, three players.
    NfgCase(
        "2x2x2.nfg",
        ("Player 1", "Player 2", "Player 3"),
        (("1", "2"),) * 3,
        [
            [[[9, 0], [0, 3]], [[0, 3], [9, 0]]],
            [[[8, 0], [0, 4]], [[0, 4], [8, 0]]],
            [[[12, 0], [0, 6]], [[0, 6], [2, 0]]],
        ],
    ),
    # Payoff version, three players: the order of profiles is the point.
    NfgCase(
        "2x2x2_payoff_version.nfg",
        ("Player 1", "Player 2", "Player 3"),
        (("1", "2"),) * 3,
        [
            [[[0, -1], [2, 1]], [[1, 2], [-1, 0]]],
            [[[0, 2], [4, 2]], [[2, 4], [2, 0]]],
            [[[0, 1], [2, -1]], [[-1, 2], [1, 0]]],
        ],
    ),
    # Written by pygambit 16.7: labels with quotes, rationals and decimals.
    NfgCase(
        "pygambit_labelled_2x3.nfg",
        ('Row "the first"', "Column"),
        (("Top", 'Bottom "B"'), ("Left", "Centre", "Right")),
        [
            [[1, F(1, 2), -3], [F(1, 4), 0, F(-7, 3)]],
            [[2, 0, F(3, 2)], [F(5, 4), -1, 3]],
        ],
    ),
    # Written by pygambit 16.7: payoff 1000 (p + 1) + 100 a + 10 b + c to player p at (a, b, c).
    NfgCase(
        "pygambit_coded_2x2x3.nfg",
        ("Ann", "Ben", "Cy"),
        (("1", "2"), ("1", "2"), ("1", "2", "3")),
        [
            [
                [[1000 * (p + 1) + 100 * a + 10 * b + c for c in range(3)] for b in range(2)]
                for a in range(2)
            ]
            for p in range(3)
        ],
    ),
]


@pytest.mark.parametrize("case", NFG_CASES, ids=lambda c: c.file)
def test_nfg_fixture_contents(case: NfgCase) -> None:
    game = read_game(DATA / case.file)
    assert isinstance(game, NormalFormGame)
    assert game.players == case.players
    assert game.actions == case.actions
    assert game.kind == "exact"
    expected = np.array(case.payoffs, dtype=object)
    assert game.payoffs.shape == expected.shape
    assert game.payoffs.tolist() == expected.tolist()
    assert all(type(v) is F for v in game.payoffs.ravel())


def test_nfg_fixture_order_is_player_one_fastest() -> None:
    game = read_game(DATA / "pygambit_coded_2x2x3.nfg")
    for p in range(3):
        for a, b, c in np.ndindex(2, 2, 3):
            assert game.payoffs[p, a, b, c] == 1000 * (p + 1) + 100 * a + 10 * b + c


# -------------------------------------------------------------- tree fixtures
def _e02() -> SequentialGame:
    return SequentialGame(
        decision(
            "Player 1",
            {
                "R": outcome((1, 1), label="Outcome 1"),
                "L": decision(
                    "Player 2",
                    {
                        "R": outcome((0, 2), label="Outcome 2"),
                        "L": decision(
                            "Player 1",
                            {
                                "r": outcome((0, 3), label="Outcome 3"),
                                "l": outcome((2, 0), label="Outcome 4"),
                            },
                            infoset="(1,2)",
                        ),
                    },
                    infoset="(2,1)",
                ),
            },
            infoset="(1,1)",
        ),
        players=("Player 1", "Player 2"),
    )


def _poker() -> SequentialGame:
    def bob(call: tuple[int, int], call_label: str) -> Decision:
        return decision(
            "Bob",
            {"Call": outcome(call, label=call_label), "Fold": outcome((1, -1), label="Win")},
            infoset="Bob's response",
        )

    return SequentialGame(
        chance(
            {
                "King": (
                    F(1, 2),
                    decision(
                        "Alice",
                        {"Bet": bob((2, -2), "Win Big"), "Fold": outcome((-1, 1), label="Lose")},
                        infoset="Alice has King",
                    ),
                ),
                "Queen": (
                    F(1, 2),
                    decision(
                        "Alice",
                        {"Bet": bob((-2, 2), "Lose Big"), "Fold": outcome((-1, 1), label="Lose")},
                        infoset="Alice has Queen",
                    ),
                ),
            }
        ),
        players=("Alice", "Bob"),
    )


def _signaling() -> SequentialGame:
    bonus = F(1, 4)  # the outcome at the weak type's inner node after Quiche

    def after_beer(duel: Outcome, flee: Outcome) -> Decision:
        # Gambit's information set 1 of the Receiver has no name and two nodes.
        return decision("Receiver", {"Duel": duel, "Flee": flee}, infoset="Receiver:1")

    def after_quiche(duel: Outcome, flee: Outcome) -> Decision:
        return decision("Receiver", {"Duel": duel, "Flee": flee}, infoset="after quiche")

    strong = decision(
        "Sender",
        {
            "Beer": after_beer(
                outcome((1, -1), label="strong beer duel"),
                outcome((3, 0), label="strong beer flee"),
            ),
            "Quiche": after_quiche(
                outcome((0, F(-7, 3)), label="strong quiche duel"),
                outcome((2, 0), label="strong quiche flee"),
            ),
        },
        infoset="strong type",
    )
    weak = decision(
        "Sender",
        {
            "Beer": after_beer(outcome((0, 1), label="weak beer duel"), outcome((0, 0))),
            "Quiche": after_quiche(
                outcome((1 + bonus, F(3, 2)), label="weak quiche duel"),
                outcome((3 + bonus, 0), label="weak quiche flee"),
            ),
        },
        infoset="weak type",
    )
    return SequentialGame(
        chance({"Strong": (F(1, 3), strong), "Weak": (F(2, 3), weak)}),
        players=("Sender", "Receiver"),
    )


EFG_CASES = [
    ("e02.efg", _e02),
    ("stripped_down_poker.efg", _poker),
    ("pygambit_signaling.efg", _signaling),
]


@pytest.mark.parametrize(("file", "expected"), EFG_CASES, ids=[c[0] for c in EFG_CASES])
def test_efg_fixture_contents(file: str, expected: Any) -> None:
    game = read_game(DATA / file)
    assert isinstance(game, SequentialGame)
    assert game == expected()
    assert game.kind == "exact"
    assert all(type(v) is F for v in _exact_entries(game))


def test_bayes2a_outcomes_at_inner_nodes_are_added_to_the_leaves() -> None:
    game = read_game(DATA / "bayes2a.efg")
    assert game.players == ("Player 1", "Player 2")
    assert len(game.outcomes) == 64
    assert len(game.infosets) == 20
    assert {i.player for i in game.infosets.values()} == {"Player 1", "Player 2"}
    # Information set names are unique in the file, so they are kept.
    assert "(1,1)" in game.infosets and "(2,10)" in game.infosets
    assert len(game.infosets["(1,1)"].members) == 2
    assert len(game.infosets["(2,1)"].members) == 4
    for _, node in game.nodes():
        if isinstance(node, Chance):
            assert [p for _, p, _ in node.branches] == [F(1, 2), F(1, 2)]
    leaf = game.node_at(("1G", "2g", "H", "h", "H", "h"))
    # Outcome 1 (10, 2) at the second-stage node, then outcome 1 again at the leaf.
    assert leaf.payoffs == (20, 4) and leaf.label == "Outcome 1"
    leaf = game.node_at(("1G", "2g", "H", "h", "L", "l"))
    assert leaf.payoffs == (14, 2) and leaf.label == "Outcome 4"
    leaf = game.node_at(("1B", "2b", "L", "l", "H", "h"))
    # Outcome 20 (10, 0) inside, outcome 14 (4, 2) at the leaf.
    assert leaf.payoffs == (14, 2) and leaf.label == "Outcome 14"


def test_e02_tree_and_table_agree() -> None:
    """Gambit's e02.efg and e02.nfg are the same game; the reduced normal form shows it."""
    tree = read_game(DATA / "e02.efg")
    table = read_game(DATA / "e02.nfg")
    assert tree.to_normal_form().payoffs.tolist() == table.payoffs.tolist()


FIXTURES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".nfg", ".efg"))


@pytest.mark.parametrize("file", FIXTURES)
def test_fixture_reads_as_pygambit_reads_it(file: str) -> None:
    path = DATA / file
    game = read_game(path)
    gambit_game = (gbt.read_efg if file.endswith(".efg") else gbt.read_nfg)(str(path))
    _assert_same_as_gambit(game, gambit_game)


def test_every_fixture_is_covered() -> None:
    covered = {c.file for c in NFG_CASES} | {f for f, _ in EFG_CASES} | {"bayes2a.efg"}
    # the absent-minded driver and its two-selves version: tests/test_absent_minded.py
    covered |= {"gilboa1997_fig1.efg", "gilboa1997_fig2.efg"}
    # payoffs of 1e19 beside 1: the exact-search tests
    covered |= {"large_payoff_game.efg"}
    assert covered == set(FIXTURES)


# --------------------------------------------------------------- exactness
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", F(3)),
        ("-3", F(-3)),
        ("+3", F(3)),
        ("0.1", F(1, 10)),
        (".80", F(4, 5)),
        ("-.5", F(-1, 2)),
        ("1.", F(1)),
        ("1.25e-1", F(1, 8)),
        ("2E3", F(2000)),
        ("7/3", F(7, 3)),
        ("-7/3", F(-7, 3)),
        ("0.30000000000000004", F(30000000000000004, 10**17)),
        ("123456789012345678901234567890", F(123456789012345678901234567890)),
    ],
)
def test_numbers_are_read_exactly(text: str, value: F) -> None:
    game = parse_game(f'NFG 1 R "" {{ "A" }} {{ 1 }} {text}')
    assert game.payoffs[0, 0] == value
    assert type(game.payoffs[0, 0]) is F
    assert game.kind == "exact"


def test_float_games_are_written_as_shortest_decimals() -> None:
    g = NormalFormGame.from_arrays([[0.1, 1 / 3], [1e-300, -2.5]], [[1e20, 0.0], [-0.0, 7.0]])
    text = format_game(g)
    assert "0.1, 1e20" in text and "0.3333333333333333, 0.0" in text
    back = parse_game(text)
    assert back.kind == "exact"  # files carry exact numbers
    assert np.array_equal(back.as_float(), g.as_float())  # ... naming the very same floats
    _assert_same_as_gambit(back, _read_with_gambit(text, tree=False))


def test_float_chance_probabilities_are_written_to_sum_to_one() -> None:
    third = 1 / 3
    tree = SequentialGame(
        chance(
            {
                "a": (third, outcome((1.0,))),
                "b": (third, outcome((2.0,))),
                "c": (third, outcome((0.5,))),
            }
        ),
        players=("P",),
    )
    text = format_game(tree)
    back = parse_game(text)
    probs = [p for _, p, _ in back.root.branches]
    assert sum(probs) == 1
    assert all(abs(float(p) - third) < 1e-15 for p in probs)
    _read_with_gambit(text, tree=True)  # Gambit accepts them


# --------------------------------------------------------------- round trips
def _trees() -> list[SequentialGame]:
    lone_and_shared = SequentialGame(
        decision(
            "A",
            {
                "x": decision(
                    "B", {"u": outcome((1, F(1, 3), 0)), "v": outcome((0, 0, 5))}, infoset="h"
                ),
                "y": decision(
                    "B", {"u": outcome((F(-5, 2), 1, 0)), "v": outcome((2, 2, -1))}, infoset="h"
                ),
                "z": chance(
                    {
                        "lucky": (F(1, 10), outcome((9, 9, 9), label="jackpot")),
                        "unlucky": (
                            F(9, 10),
                            decision("A", {"stop": outcome((0, 1, 2), label="jackpot")}),
                        ),
                    }
                ),
            },
        ),
        players=("A", "B", "C"),  # C never moves
    )
    return [
        classics.entry_deterrence(),
        classics.chain_store(),
        classics.centipede(),
        classics.ultimatum(),
        lone_and_shared,
        SequentialGame(outcome((F(1, 2), -1)), players=("Solo", "Other")),
    ]


def _tables() -> list[NormalFormGame]:
    return [
        classics.prisoners_dilemma(),
        classics.rock_paper_scissors(),
        classics.matching_pennies(),
        NormalFormGame([[1, F(-1, 3), 0]], players=("Alone",), actions=(("a", "b", "c"),)),
        NormalFormGame(
            np.arange(16).reshape(2, 2, 4) - 5,
            players=('Q "1"', "R 2"),
            actions=(("x", "y"), ("{", "}", "1/2", ",")),
        ),
    ]


def _odd_labels() -> list[NormalFormGame | SequentialGame]:
    """Labels that Gambit 16.7 refuses or misreads, which arbiter writes with strict=False."""
    tree = SequentialGame(
        decision(
            'say "hi"',
            {'act "1"': outcome((1,), label='a \\ "b"'), "päth/2": outcome((2,), label=" ")},
            infoset="info \\ set\\",
        )
    )
    table = NormalFormGame(
        np.arange(16).reshape(2, 2, 4) - 5,
        players=("Türkiye", "R\\2"),
        actions=(("  x", "y "), ("ü", "\\", "new\nline", " ")),
    )
    return [tree, table]


GAMES = _trees() + _tables()


@pytest.mark.parametrize("game", GAMES + _odd_labels(), ids=repr)
def test_round_trip_through_text(game: NormalFormGame | SequentialGame, tmp_path: Path) -> None:
    assert parse_game(format_game(game, strict=False)) == game
    suffix = ".nfg" if isinstance(game, NormalFormGame) else ".efg"
    path = tmp_path / f"game{suffix}"
    write_game(game, path, strict=False)
    assert read_game(path) == game
    assert read_game(str(path)) == game


@pytest.mark.parametrize("game", GAMES, ids=repr)
def test_round_trip_through_pygambit(game: NormalFormGame | SequentialGame) -> None:
    """What arbiter writes (strict), Gambit reads as the same game."""
    gambit_game = _read_with_gambit(format_game(game), tree=isinstance(game, SequentialGame))
    _assert_same_as_gambit(game, gambit_game)


@pytest.mark.parametrize(
    ("label", "problem"),
    [
        ("Türkiye", "printable ASCII"),
        ("new\nline", "printable ASCII"),
        (" lead", "begins or ends with a space"),
        ("trail ", "begins or ends with a space"),
        ("a  b", "two spaces in a row"),
        ("a\\b", "backslash"),
    ],
)
def test_strict_writing_refuses_labels_gambit_cannot_read(
    label: str, problem: str, tmp_path: Path
) -> None:
    table = NormalFormGame([[1, 2]], players=("P",), actions=[("ok", label)])
    tree = SequentialGame(decision("P", {"ok": outcome((1,), label=label)}))
    for game, what in [(table, "action name of 'P'"), (tree, "outcome label at ok")]:
        with pytest.raises(InvalidArgumentError, match=f"{what} .*{problem}.*strict=False"):
            format_game(game)
        path = tmp_path / ("g.nfg" if game is table else "g.efg")
        with pytest.raises(InvalidArgumentError):
            write_game(game, path)
        assert not path.exists()
        # Gambit indeed refuses the label, or (backslashes) reads another one.
        text = format_game(game, strict=False)
        try:
            gambit_game = _read_with_gambit(text, tree=game is tree)
        except ValueError:
            continue
        if game is table:
            assert label not in [s.label for s in gambit_game.strategies]
        else:
            assert label not in [o.label for o in gambit_game.outcomes]


def test_tree_written_as_nfg_is_its_reduced_normal_form(tmp_path: Path) -> None:
    tree = classics.entry_deterrence()
    write_game(tree, tmp_path / "entry.nfg")
    assert read_game(tmp_path / "entry.nfg") == tree.to_normal_form()


def test_table_written_as_efg_is_a_tree_of_simultaneous_moves(tmp_path: Path) -> None:
    table = classics.rock_paper_scissors()
    write_game(table, tmp_path / "rps.EFG")
    tree = read_game(tmp_path / "rps.EFG")
    assert isinstance(tree, SequentialGame)
    assert [i.player for i in tree.infosets.values()] == list(table.players)
    assert tree.to_normal_form().payoffs.tolist() == table.payoffs.tolist()


def test_infoset_names_that_clash_fall_back_to_player_and_number() -> None:
    text = """EFG 2 R "" { "A" "B" }
c "" 1 "" { "l" 1/3 "m" 1/3 "r" 1/3 } 0
p "" 1 1 "same" { "x" } 0
p "" 2 2 "" { "u" } 0
t "" 0
p "" 2 1 "same" { "y" } 0
p "" 2 2 "" { "u" } 0
t "" 0
p "" 1 2 "B:2" { "z" } 0
t "" 0
"""
    game = parse_game(text)
    # "same" names two sets; B's set 2 has no name and two nodes; A's set 2 is named
    # like B's fallback name, so it falls back too.
    assert set(game.infosets) == {"A:1", "B:1", "B:2", "A:2"}
    assert len(game.infosets["B:2"].members) == 2
    _assert_same_as_gambit(game, _read_with_gambit(text, tree=True))


def test_a_name_from_the_file_never_merges_with_an_automatic_name() -> None:
    # The lone unnamed set at ("l",) would get arbiter's automatic name "A:l",
    # which the file gives to another set: the unnamed one is then called "A:1".
    text = """EFG 2 R "" { "A" }
c "" 1 "" { "l" 1/2 "r" 1/2 } 0
p "" 1 1 "" { "a" "b" } 0
t "" 0
t "" 0
p "" 1 2 "A:l" { "a" "b" } 0
t "" 0
t "" 0
"""
    game = parse_game(text)
    assert set(game.infosets) == {"A:1", "A:l"}
    assert game.infosets["A:l"].members == (("r",),)


def test_lone_unnamed_sets_stay_unnamed() -> None:
    tree = parse_game(EFG2 + 'p "" 1 1 "" { "a" } 0\nt "" 0')
    assert tree.root.infoset is None
    assert list(tree.infosets) == ["A:root"]


def test_an_empty_outcome_label_reads_back_as_no_label() -> None:
    tree = SequentialGame(decision("A", {"a": outcome((1,), label="")}))
    back = parse_game(format_game(tree))
    assert back.root.moves[0][1].label is None


# ------------------------------------------------------------- hypothesis
_labels = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)


@st.composite
def exact_tables(draw: Any, labels: Any = _labels) -> NormalFormGame:
    n = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(n))
    numbers = st.fractions(max_denominator=50, min_value=-100, max_value=100) | st.integers(
        -(10**30), 10**30
    )
    flat = draw(
        st.lists(numbers, min_size=n * int(np.prod(shape)), max_size=n * int(np.prod(shape)))
    )
    payoffs = np.empty(n * int(np.prod(shape)), dtype=object)
    payoffs[:] = flat
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    actions = [draw(st.lists(labels, min_size=k, max_size=k, unique=True)) for k in shape]
    return NormalFormGame(payoffs.reshape((n, *shape)), players=players, actions=actions)


@settings(max_examples=150)
@given(exact_tables())
def test_hypothesis_round_trip_exact_tables(game: NormalFormGame) -> None:
    back = parse_game(format_game(game, strict=False))
    assert back == game
    assert back.kind == "exact"


# Printable ASCII without backslashes, words joined by single spaces: what Gambit reads.
# Gambit reading rule: while reading, pygambit first gives every player and every strategy
# a default label, its position "1", "2", ..., then sets the labels from the file in order,
# refusing one that another player (strategy of the same player) still carries: players
# ("2", "P") fail to read ("Player label must be unique"), as do strategies ("2", "1").
# So labels that are only digits are excluded here (arbiter writes them faithfully).
_gambit_safe_labels = (
    st.lists(
        st.text(st.sampled_from([chr(c) for c in range(33, 127) if chr(c) != "\\"]), min_size=1),
        min_size=1,
        max_size=3,
    )
    .map(" ".join)
    .filter(lambda label: not label.replace(" ", "").isdigit())
)


@settings(max_examples=40)
@given(exact_tables(labels=_gambit_safe_labels))
def test_hypothesis_pygambit_reads_what_arbiter_writes(game: NormalFormGame) -> None:
    _assert_same_as_gambit(game, _read_with_gambit(format_game(game), tree=False))


@st.composite
def exact_trees(draw: Any) -> SequentialGame:
    players = ("A", "B")
    counter = iter(range(10**6))
    numbers = st.fractions(max_denominator=12, min_value=-20, max_value=20)

    def node(depth: int) -> Any:
        kind = draw(st.sampled_from(["leaf", "decision", "chance"] if depth < 3 else ["leaf"]))
        if kind == "leaf":
            label = draw(st.none() | st.sampled_from(["war", "peace", 'the "deal"']))
            return outcome((draw(numbers), draw(numbers)), label=label)
        k = draw(st.integers(1, 3))
        names = [f"m{next(counter)}" for _ in range(k)]
        if kind == "chance":
            weights = [draw(st.integers(0, 5)) for _ in range(k - 1)]
            weights.append(draw(st.integers(1, 5)))
            total = sum(weights)
            return chance({m: (F(w, total), node(depth + 1)) for m, w in zip(names, weights)})
        named = draw(st.booleans())
        return decision(
            draw(st.sampled_from(players)),
            {m: node(depth + 1) for m in names},
            infoset=f"set {next(counter)}" if named else None,
        )

    return SequentialGame(node(0), players=players)


@settings(max_examples=100)
@given(exact_trees())
def test_hypothesis_round_trip_exact_trees(tree: SequentialGame) -> None:
    text = format_game(tree)
    assert parse_game(text) == tree
    _assert_same_as_gambit(tree, _read_with_gambit(text, tree=True))


# ------------------------------------------------------------- bad input
NFG2 = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'
EFG2 = 'EFG 2 R "t" { "A" "B" }\n'

MALFORMED = [
    # (id, text, line, fragment of the message)
    ("empty file", "", 1, "the file is empty"),
    ("unknown header", "GAME 1 R", 1, "expected a Gambit header"),
    ("xml workbook", '<?xml version="1.0"?>', 1, "looks like XML"),
    ("nfg version", 'NFG 2 R "t" { "A" } { 1 } 0', 1, "expected the version number 1"),
    ("efg version", 'EFG 1 R "t" { "A" }', 1, "expected the version number 2"),
    ("data type", 'NFG 1 X "t" { "A" } { 1 } 0', 1, "expected the data type letter R"),
    ("no title", "NFG 1 R { }", 1, "expected the game's title in quotes; got '{'"),
    ("no players", 'NFG 1 R "t" { } { }', 1, "the list of players is empty"),
    ("unterminated label", 'NFG 1 R "t" { "A\n\n', 1, "has no closing quote"),
    ("unbalanced player list", 'NFG 1 R "t" { "A" "B"\n{ 2 2 }', 2, "closing the list of players"),
    ("zero strategies", 'NFG 1 R "t" { "A" }\n{ 0 }', 2, "number of strategies of player 1"),
    ("too many counts", NFG2.replace("{ 2 2 }", "{ 2 2 2 }"), 1, "closing the strategy counts"),
    (
        "bad number",
        NFG2 + '1 2 3\n4 "abc" 6 7 8',
        3,
        "expected a number in the payoff list; got '\"abc\"'",
    ),
    ("broken number", NFG2 + "1 2 3 4 5 6 7 8x", 2, "got '8x'"),
    ("code is not evaluated", NFG2 + "1 2 3 4 5 6 7 __import__('os')", 2, "expected a number"),
    ("division by zero", NFG2 + "1 2 3 4 5 6 7 1/0", 2, "denominator is zero"),
    ("huge integer", NFG2 + "1 2 3 4 5 6 7 " + "9" * 5000, 2, "is not a usable number"),
    ("huge count", 'NFG 1 R "t" { "A" } { ' + "9" * 40 + " } 1", 1, "too big"),
    ("huge exponent", NFG2 + "1 2 3 4 5 6 7 1e999999999", 2, "exponent is beyond"),
    (
        "truncated payoffs",
        NFG2 + "1 2 3 4\n5 6 7",
        3,
        "ends after 7 numbers; a 2x2 game with 2 players needs 8",
    ),
    (
        "too many payoffs",
        NFG2 + "1 2 3 4 5 6 7 8\n9",
        3,
        "expected end of file after the 8 payoffs",
    ),
    (
        "outcome with too few payoffs",
        'NFG 1 R "t" { "A" "B" } { { "a" } { "b" } } ""\n{ { "o" 1 }\n} 1',
        2,
        "outcome 1 has 1 payoff; the game has 2 players",
    ),
    (
        "outcome with too many payoffs",
        'NFG 1 R "t" { "A" "B" } { { "a" } { "b" } } ""\n{ { "o" 1, 2, 3 } } 1',
        2,
        "expected '}' after the 2 payoffs of outcome 1",
    ),
    (
        "unknown outcome number",
        'NFG 1 R "t" { "A" "B" } { { "a" } { "b" } } ""\n{ { "o" 1 2 } }\n2',
        3,
        "expected an outcome number from 0 to 1 in the profile list; got '2'",
    ),
    (
        "too few outcome numbers",
        'NFG 1 R "t" { "A" "B" } { { "a" "b" } { "c" } } ""\n{ { "o" 1 2 } }\n1',
        3,
        "ends after 1; the 2x1 game needs 2",
    ),
    ("no strategy names", 'NFG 1 R "t" { "A" } { { } }', 1, "player 1 ('A') has no strategies"),
    (
        "unknown player number",
        EFG2 + 'p "" 3 1 "" { "a" } 0\nt "" 0',
        2,
        "expected a player number from 1 to 2; got '3'",
    ),
    ("player zero", EFG2 + 'p "" 0 1 "" { "a" } 0\nt "" 0', 2, "from 1 to 2; got '0'"),
    (
        "bad node type",
        EFG2 + 'p "" 1 1 "" { "a" } 0\nx "" 0',
        3,
        "expected a node: 'c' (chance), 'p' (player) or 't' (terminal); got 'x'",
    ),
    (
        "truncated tree",
        EFG2 + 'p "" 1 1 "" { "a" "b" } 0\nt "" 0\n',
        3,
        "at least 1 more node(s) expected",
    ),
    (
        "truncated tree deep",
        EFG2 + 'p "" 1 1 "" { "a" "b" } 0\np "" 2 1 "" { "c" "d" } 0\n',
        3,
        "at least 3 more node(s)",
    ),
    (
        "extra node",
        EFG2 + 't "" 0\nt "" 0',
        3,
        "expected end of file after the last node of the tree; got 't'",
    ),
    (
        "unbalanced action braces",
        EFG2 + 'p "" 1 1 "" { "a" "b" 0\nt "" 0',
        2,
        "closing those of information set 1 of player 1 ('A'); got '0'",
    ),
    (
        "unbalanced payoff braces",
        EFG2 + 't "" 1 "o" { 1, 2\n',
        2,
        "expected '}' after the 2 payoffs of outcome 1",
    ),
    (
        "efg payoff not a number",
        EFG2 + '\nt "" 1 "o" { 1, "x" }',
        3,
        "expected a payoff (a number) for player 2 in outcome 1; got '\"x\"'",
    ),
    (
        "efg wrong payoff count",
        EFG2 + 't "" 1 "o" { 1 }',
        2,
        "outcome 1 has 1 payoff; the game has 2 players",
    ),
    (
        "undeclared infoset",
        EFG2 + 'p "" 1 4 0\nt "" 0',
        2,
        "information set 4 of player 1 ('A') is used before it is declared",
    ),
    (
        "undeclared chance event",
        EFG2 + 'c "" 1 0\nt "" 0',
        2,
        "chance event 1 is used before it is declared",
    ),
    ("undeclared outcome", EFG2 + 't "" 3', 2, "outcome 3 is used before it is declared"),
    ("null outcome with payoffs", EFG2 + 't "" 0 "o" { 1 2 }', 2, "outcome 0 is the null outcome"),
    (
        "infoset redeclared differently",
        EFG2 + 'c "" 1 "" { "h" 1/2 "t" 1/2 } 0\np "" 1 1 "s" { "a" } 0\nt "" 0\n'
        'p "" 1 1 "s" { "b" } 0\nt "" 0',
        5,
        "information set 1 of player 1 ('A') is declared again differently: first (line 3)",
    ),
    (
        "outcome redeclared differently",
        EFG2 + 'c "" 1 "" { "h" 1/2 "t" 1/2 } 0\nt "" 1 "o" { 1 2 }\nt "" 1 "o" { 1 3 }',
        4,
        "outcome 1 is declared again differently",
    ),
    ("chance without branches", EFG2 + 'c "" 1 "" { } 0', 2, "expected a chance branch name"),
    (
        "chance probability missing",
        EFG2 + 'c "" 1 "" { "h" "t" 1 } 0',
        2,
        "expected the probability of chance branch 'h'; got '\"t\"'",
    ),
    (
        "infoset number zero",
        EFG2 + 'p "" 1 0 "" { "a" } 0\nt "" 0',
        2,
        "number of at least 1; got '0'",
    ),
    ("fractional infoset number", EFG2 + 'p "" 1 1.5 "" { "a" } 0\nt "" 0', 2, "got '1.5'"),
]


@pytest.mark.parametrize(
    ("text", "line", "fragment"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_input_raises_parse_error_with_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_game(text, source="game.txt")
    err = info.value
    assert err.line == line, str(err)
    assert err.path == "game.txt"
    assert str(err).startswith(f"game.txt, line {line}: ")
    assert fragment in str(err)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (EFG2 + 'c "" 1 "" { "h" 1/2 "t" 1/3 } 0\nt "" 0\nt "" 0', "must sum to 1"),
        (EFG2 + 'c "" 1 "" { "h" -1/2 "t" 3/2 } 0\nt "" 0\nt "" 0', "negative"),
    ],
)
def test_well_formed_but_invalid_games_raise_parse_error(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment) as info:
        parse_game(text, source="g.efg")
    assert str(info.value).startswith("g.efg: ")


def test_read_game_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "game.nfg"
    path.write_text(NFG2 + '1 2 3\n4 "abc" 6 7 8\n')
    with pytest.raises(ParseError) as info:
        read_game(path)
    assert str(info.value) == (
        f"{path}, line 3: expected a number in the payoff list; got '\"abc\"'"
    )
    assert info.value.path == str(path) and info.value.line == 3


def test_read_game_decides_by_header_not_extension(tmp_path: Path) -> None:
    path = tmp_path / "actually_a_table.efg"
    path.write_text(NFG2 + "1 2 3 4 5 6 7 8")
    assert isinstance(read_game(path), NormalFormGame)


def test_read_game_falls_back_to_latin1(tmp_path: Path) -> None:
    path = tmp_path / "old.nfg"
    path.write_bytes('NFG 1 R "t" { "Jos\xe9" } { 1 } 5'.encode("latin-1"))
    assert read_game(path).players == ("Jos\xe9",)


def test_empty_and_repeated_labels_are_made_distinct_as_gambit_does() -> None:
    text = 'NFG 1 R "" { "" "" } { { "x" "x" "x_1" } { "" } } "" { } 0 0 0'
    game = parse_game(text)
    gambit_game = _read_with_gambit(text, tree=False)
    assert game.players == ("_1", "_2")
    assert game.actions == (("x_2", "x_3", "x_1"), ("_1",))
    _assert_same_as_gambit(game, gambit_game)


def test_symbolic_games_cannot_be_written(tmp_path: Path) -> None:
    x = sympy.Symbol("x")
    game = NormalFormGame.from_arrays([[x, 0], [0, 1]], [[1, 0], [0, x]])
    with pytest.raises(NotSupportedError, match=r"free parameters \['x'\].*subs"):
        format_game(game)
    with pytest.raises(NotSupportedError):
        write_game(game, tmp_path / "g.nfg")
    assert not (tmp_path / "g.nfg").exists()
    assert parse_game(format_game(game.subs({"x": F(1, 2)}))) == game.subs({"x": F(1, 2)})


@pytest.mark.parametrize("name", ["game.txt", "game", "game.nfg.bak", "game.gbt"])
def test_write_game_needs_a_gambit_extension(name: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidArgumentError, match=r"must end in \.nfg .* or \.efg"):
        write_game(classics.prisoners_dilemma(), tmp_path / name)
    assert not (tmp_path / name).exists()


def test_bad_arguments() -> None:
    with pytest.raises(TypeError):
        format_game("not a game")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="format must be 'nfg' or 'efg'"):
        format_game(classics.prisoners_dilemma(), format="gbt")
    with pytest.raises(TypeError):
        parse_game(b"NFG 1 R")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        read_game(3)  # type: ignore[arg-type]
