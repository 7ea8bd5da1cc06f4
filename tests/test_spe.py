"""Subgame-perfect equilibria (arbiter.solve.spe) and behaviour certificates.

Literature cases: Selten (1978) entry deterrence and chain store, Rosenthal
(1981) centipede, Güth et al. (1982) ultimatum, battle of the sexes with an
outside option (van Damme 1989), matching pennies behind a first move. The
property tests check every SPE against the definition (a Nash equilibrium of
every subgame's reduced normal form, certified with ``max_regret``) and the
list against brute force over all pure behaviour profiles.
"""

from __future__ import annotations

from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from arbiter import max_regret, nash_equilibria, pure_equilibria
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import Decision, SequentialGame, chance, decision, outcome
from arbiter.scenarios.classics import centipede, chain_store, entry_deterrence, ultimatum
from arbiter.solve._backward import flatten, subgame_root_flags, uniform_backward_induction
from arbiter.solve.behaviour import (
    behaviour_from_mixed,
    behaviour_payoffs,
    behaviour_regret,
    mixed_from_behaviour,
)
from arbiter.solve.spe import non_credible_threats, subgame_perfect


def chosen(eq, player=None):
    """``{infoset: action}`` for the pure choices of an equilibrium (all players or one)."""
    plans = eq.strategies if player is None else [eq.strategies[eq.players.index(player)]]
    return {h: a for plan in plans for h, dist in plan.items() for a, p in dist.items() if p == 1}


def subtree(tree, path):
    """The subgame at ``path`` as a game of its own (same players, same infoset names)."""

    def copy(node, here):
        if isinstance(node, Decision):
            return decision(
                node.player,
                {a: copy(c, (*here, a)) for a, c in node.moves},
                infoset=tree.infoset_of(here),
            )
        if hasattr(node, "branches"):
            return chance({n: (p, copy(c, (*here, n))) for n, p, c in node.branches})
        return outcome(node.payoffs)

    return SequentialGame(copy(tree.node_at(path), path), players=tree.players)


def assert_subgame_perfect(tree, eq):
    """The definition: the profile is a Nash equilibrium of every subgame's reduced form."""
    for root in tree.subgame_roots():
        sub = subtree(tree, root)
        names = set(sub.infosets)
        profile = [{h: d for h, d in plan.items() if h in names} for plan in eq.strategies]
        mixed = mixed_from_behaviour(sub, profile)
        assert max_regret(sub.to_normal_form(), mixed) == 0, root


# ------------------------------------------------------------ literature
def test_entry_deterrence_unique_spe_and_the_threat_nash_equilibrium():
    tree = entry_deterrence()
    spe = subgame_perfect(tree)
    assert len(spe) == 1 and spe.method == "backward-induction"
    eq = spe[0]
    assert chosen(eq) == {"Entrant:root": "In", "Incumbent:In": "Accommodate"}
    assert eq.payoffs == (F(2), F(2)) and eq.regret == 0 and isinstance(eq.regret, F)
    assert dict(eq.outcome) == {"shared market": 1}
    assert eq.actions == (("Entrant:root",), ("Incumbent:In",))
    assert spe.tolerance is None and not spe.degenerate and spe.complete
    assert non_credible_threats(tree, eq) == ()

    nash = nash_equilibria(tree.to_normal_form())
    deterred = [e for e in nash if e.pure_profile == ("Out", "Fight")]
    assert len(deterred) == 1  # a Nash equilibrium of the reduced normal form ...
    profile = behaviour_from_mixed(tree, deterred[0])
    assert behaviour_regret(tree, profile) == 2  # ... that is not subgame perfect
    assert all(dict(e.strategies[1]["Incumbent:In"]) != {"Fight": 1} for e in spe)
    (threat,) = non_credible_threats(tree, deterred[0])
    assert (threat.infoset, threat.player, threat.best) == (
        "Incumbent:In",
        "Incumbent",
        ("Accommodate",),
    )
    assert dict(threat.prescribed) == {"Fight": 1, "Accommodate": 0}
    assert threat.gain == 2 and threat.on_path is False


def test_chain_store_paradox_accommodate_everywhere():
    tree = chain_store(3)
    spe = subgame_perfect(tree)
    assert len(spe) == 1
    eq = spe[0]
    assert set(chosen(eq, "Incumbent").values()) == {"Accommodate"}
    for entrant in ("Entrant 1", "Entrant 2", "Entrant 3"):
        assert set(chosen(eq, entrant).values()) == {"In"}
    assert eq.payoff("Incumbent") == 6 and eq.regret == 0
    assert sum(len(a) for a in eq.actions) == len(tree.infosets)  # off-path infosets too


def test_centipede_take_at_once():
    tree = centipede(6)
    (eq,) = subgame_perfect(tree)
    assert set(chosen(eq).values()) == {"Take"}
    assert len(chosen(eq)) == 6
    assert dict(eq.outcome) == {"take 1": 1}
    assert eq.payoffs == (F(2, 5), F(1, 10)) and eq.regret == 0


def test_tie_gives_one_branch_per_tied_action_and_parents_optimise_per_branch():
    # B is indifferent after In; A's best reply differs with B's choice.
    tree = SequentialGame(
        decision(
            "A",
            {
                "Out": outcome({"A": 1, "B": 5}, label="out"),
                "In": decision(
                    "B", {"x": outcome({"A": 3, "B": 2}, label="x"), "y": outcome({"A": 0, "B": 2})}
                ),
            },
        )
    )
    spe = subgame_perfect(tree)
    assert sorted((chosen(e)["A:root"], chosen(e)["B:In"]) for e in spe) == [
        ("In", "x"),
        ("Out", "y"),
    ]
    assert spe.degenerate and "indifferent" in spe.warnings[0] and spe.max_regret == 0
    for eq in spe:
        assert_subgame_perfect(tree, eq)


def test_ultimatum_two_spe():
    spe = subgame_perfect(ultimatum(4))
    offers = sorted(chosen(e)["Proposer:root"] for e in spe)
    assert offers == ["offer 0", "offer 1"]
    reject_zero = next(e for e in spe if chosen(e)["Proposer:root"] == "offer 1")
    assert chosen(reject_zero)["Responder:offer 0"] == "Reject"


def test_chance_node_exact_expectation():
    gamble = chance(
        {
            "win": (F(1, 3), outcome({"A": 4, "B": 0}, label="won")),
            "lose": (F(2, 3), outcome({"A": 0, "B": 3}, label="lost")),
        }
    )
    tree = SequentialGame(decision("A", {"Safe": outcome({"A": 1, "B": 1}), "Gamble": gamble}))
    (eq,) = subgame_perfect(tree)
    assert chosen(eq) == {"A:root": "Gamble"}
    assert eq.payoffs == (F(4, 3), F(2)) and all(isinstance(v, F) for v in eq.payoffs)
    assert dict(eq.outcome) == {"won": F(1, 3), "lost": F(2, 3)}


def pennies(infix=""):
    matcher = {"h": outcome((1, -1)), "t": outcome((-1, 1))}
    mismatch = {"h": outcome((-1, 1)), "t": outcome((1, -1))}
    return decision(
        "A",
        {
            "H": decision("B", matcher, infoset=f"B guesses{infix}"),
            "T": decision("B", mismatch, infoset=f"B guesses{infix}"),
        },
        infoset=f"A hides{infix}",
    )


@pytest.mark.parametrize("outside, plays", [(F(-1, 4), "Play"), (F(1, 4), "Out")])
def test_matching_pennies_subgame_mixed_spe_on_and_off_path(outside, plays):
    tree = SequentialGame(
        decision("A", {"Out": outcome((outside, 0), label="out"), "Play": pennies()}),
        players=("A", "B"),
    )
    (eq,) = subgame_perfect(tree)
    assert chosen(eq, "A")["A:root"] == plays
    half = {"H": F(1, 2), "T": F(1, 2)}
    assert dict(eq.strategies[0]["A hides"]) == half  # off the path too, when A stays out
    assert dict(eq.strategies[1]["B guesses"]) == {"h": F(1, 2), "t": F(1, 2)}
    assert eq.regret == 0 and eq.payoff("A") == max(outside, 0)
    if plays == "Play":
        assert set(eq.outcome.values()) == {F(1, 4)}
    assert_subgame_perfect(tree, eq)


def battle_of_the_sexes(payoff_c=None, infix=""):
    pays = {("O", "o"): (2, 1), ("F", "f"): (1, 2), ("O", "f"): (0, 0), ("F", "o"): (0, 0)}

    def end(a, b):
        u = pays[(a, b)]
        if payoff_c is None:
            return outcome({"Her": u[0], "Him": u[1]})
        return outcome({"Her": u[0], "Him": u[1], "C": payoff_c if u != (0, 0) else 0})

    return decision(
        "Her",
        {
            a: decision("Him", {b: end(a, b) for b in ("o", "f")}, infoset=f"his choice{infix}")
            for a in ("O", "F")
        },
        infoset=f"her choice{infix}",
    )


def test_outside_option_combines_every_subgame_equilibrium():
    # van Damme (1989): battle of the sexes behind an outside option worth 3/2 to her.
    tree = SequentialGame(
        decision(
            "Her",
            {"Out": outcome({"Her": F(3, 2), "Him": 0}, label="out"), "In": battle_of_the_sexes()},
        )
    )
    spe = subgame_perfect(tree)
    summary = sorted((chosen(e, "Her")["Her:root"], e.payoff("Her")) for e in spe)
    assert summary == [("In", 2), ("Out", F(3, 2)), ("Out", F(3, 2))]
    mixed = [e for e in spe if not e.is_pure]
    assert len(mixed) == 1
    assert dict(mixed[0].strategies[0]["her choice"]) == {"O": F(2, 3), "F": F(1, 3)}
    assert spe.max_regret == 0
    for eq in spe:
        assert_subgame_perfect(tree, eq)


def test_idle_players_of_a_subgame_get_their_expected_payoffs():
    tree = SequentialGame(
        decision("C", {"Stay": outcome({"Her": 0, "Him": 0, "C": 1}), "Go": battle_of_the_sexes(3)})
    )
    spe = subgame_perfect(tree)
    assert len(spe) == 3 and spe.max_regret == 0
    values = sorted(e.payoff("C") for e in spe)
    assert values == [F(4, 3), 3, 3]  # coordination with probability 4/9 in the mixed one
    assert all(chosen(e, "C") == {"C:root": "Go"} for e in spe)


def test_unobserved_chance_is_one_subgame():
    tree = SequentialGame(
        chance(
            {
                "good": (
                    F(1, 3),
                    decision("P", {"a": outcome((3,)), "b": outcome((1,))}, infoset="I"),
                ),
                "bad": (
                    F(2, 3),
                    decision("P", {"a": outcome((0,)), "b": outcome((2,))}, infoset="I"),
                ),
            }
        ),
        players=("P",),
    )
    (eq,) = subgame_perfect(tree)
    assert chosen(eq) == {"I": "b"} and eq.payoffs == (F(5, 3),)


def test_subgame_roots_agree_with_the_tree():
    cases = [
        SequentialGame(
            decision("A", {"Out": outcome((0, 0)), "Play": pennies()}), players=("A", "B")
        ),
        SequentialGame(
            decision("C", {"x": battle_of_the_sexes(1), "y": battle_of_the_sexes(2, "'")})
        ),
        SequentialGame(decision("C", {"x": battle_of_the_sexes(1), "y": battle_of_the_sexes(2)})),
        entry_deterrence(),
        chain_store(2),
    ]
    for tree in cases:
        flat = flatten(tree)
        flags = subgame_root_flags(flat)
        assert {flat.path(i) for i, f in enumerate(flags) if f} == set(tree.subgame_roots())


# ------------------------------------------------------------ floats
def binary_tree(pay):
    level = [outcome(p) for p in pay.T.tolist()]
    depth = int(np.log2(pay.shape[1]))
    for d in range(depth - 1, -1, -1):
        level = [
            decision(("P1", "P2")[d % 2], {"L": level[2 * i], "R": level[2 * i + 1]})
            for i in range(len(level) // 2)
        ]
    return SequentialGame(level[0], players=("P1", "P2"))


def test_float_tree_agrees_with_the_array_kernel():
    depth = 9
    pay = np.random.default_rng(5).random((2, 2**depth))
    tree = binary_tree(pay)
    (eq,) = subgame_perfect(tree)
    assert eq.regret <= subgame_perfect(tree).tolerance
    value, choices, ties = uniform_backward_induction(pay, 2, [d % 2 for d in range(depth)])
    assert ties == 0 and np.allclose(value, eq.payoffs)
    for level, picks in enumerate(choices):
        for k, j in enumerate(picks):
            path = "/".join("LR"[int(b)] for b in format(k, f"0{level}b")) if level else "root"
            assert chosen(eq)[f"P{level % 2 + 1}:{path}"] == "LR"[int(j)]


# ------------------------------------------------------------ properties
PLAYERS = ("A", "B", "C")


@st.composite
def perfect_information_trees(draw, n_players=2):
    payoff = st.tuples(*[st.integers(0, 2)] * n_players)
    leaves = payoff.map(outcome)

    def extend(children):
        moves = st.lists(children, min_size=2, max_size=3)
        movers = st.sampled_from(PLAYERS[:n_players])
        chances = st.tuples(children, children, st.sampled_from([F(1, 2), F(1, 3)])).map(
            lambda t: chance({"heads": (t[2], t[0]), "tails": (1 - t[2], t[1])})
        )
        decisions = st.tuples(movers, moves).map(
            lambda t: decision(t[0], {f"a{k}": c for k, c in enumerate(t[1])})
        )
        return st.one_of(decisions, decisions, chances)

    root = draw(st.recursive(leaves, extend, max_leaves=14))
    assume(not hasattr(root, "payoffs"))
    return SequentialGame(root, players=PLAYERS[:n_players])


def pure_profiles(tree):
    infos = tree.infosets
    names = list(infos)
    for combo in product(*(infos[h].actions for h in names)):
        plans = [{} for _ in tree.players]
        for h, a in zip(names, combo):
            plans[tree.players.index(infos[h].player)][h] = a
        yield plans


@settings(max_examples=60, suppress_health_check=[HealthCheck.filter_too_much])
@given(tree=st.one_of(perfect_information_trees(2), perfect_information_trees(3)))
def test_every_spe_is_nash_in_every_subgame_and_all_are_found(tree):
    spe = subgame_perfect(tree)
    game = tree.to_normal_form()
    found = set()
    for eq in spe:
        assert eq.regret == 0 and behaviour_regret(tree, eq) == 0
        assert max_regret(game, mixed_from_behaviour(tree, eq)) == 0  # Nash of the whole tree
        assert non_credible_threats(tree, eq) == ()
        assert set(h for a in eq.actions for h in a) == set(tree.infosets)
        assert behaviour_payoffs(tree, eq) == eq.payoffs
        found.add(tuple(sorted(chosen(eq).items())))
    assert len(found) == len(spe)
    for eq in list(spe)[:3]:
        assert_subgame_perfect(tree, eq)
    # Brute force: every pure behaviour profile with certificate 0 is listed.
    n_profiles = 1
    for info in tree.infosets.values():
        n_profiles *= len(info.actions)
    if n_profiles <= 256:
        brute = {
            tuple(sorted((h, a) for plan in plans for h, a in plan.items()))
            for plans in pure_profiles(tree)
            if behaviour_regret(tree, plans) == 0
        }
        assert brute == found


@settings(max_examples=40)
@given(tree=perfect_information_trees(2))
def test_nash_of_the_normal_form_is_spe_exactly_when_no_threat_is_incredible(tree):
    spe_outcomes = {e.payoffs for e in subgame_perfect(tree)}
    for eq in pure_equilibria(tree):
        threats = non_credible_threats(tree, eq)
        assert all(not t.on_path for t in threats)  # a Nash equilibrium is optimal on its path
        if not threats:
            assert eq.payoffs in spe_outcomes


# ------------------------------------------------------------ refusals and checks
def test_symbolic_tree_is_refused():
    x = sympy.Symbol("x")
    tree = SequentialGame(decision("A", {"a": outcome((x,)), "b": outcome((1,))}))
    with pytest.raises(NotSupportedError, match=r"free parameters \['x'\].*regimes"):
        subgame_perfect(tree)


def test_imperfect_recall_is_refused_naming_the_information_set():
    forgetful = SequentialGame(
        decision(
            "A",
            {
                "L": decision("A", {"u": outcome((1,)), "d": outcome((0,))}, infoset="forgot"),
                "R": decision("A", {"u": outcome((0,)), "d": outcome((1,))}, infoset="forgot"),
            },
        )
    )
    assert not forgetful.perfect_recall
    with pytest.raises(NotSupportedError, match=r"perfect recall.*'forgot'"):
        subgame_perfect(forgetful)
    with pytest.raises(NotSupportedError, match="'forgot'"):
        behaviour_regret(forgetful, [{"A:root": "L", "forgot": "u"}])


def test_bad_arguments():
    tree = entry_deterrence()
    with pytest.raises(ArgumentTypeError, match="nash_equilibria"):
        subgame_perfect(NormalFormGame.from_arrays([[1]], [[1]]))
    with pytest.raises(ArgumentTypeError, match="SequentialGame"):
        subgame_perfect("tree")
    with pytest.raises(InvalidArgumentError, match="tol"):
        subgame_perfect(tree, tol=-1)
    with pytest.raises(InvalidArgumentError, match="max_equilibria"):
        subgame_perfect(tree, max_equilibria=0)
    with pytest.raises(InvalidArgumentError, match="Incumbent:In"):
        behaviour_regret(tree, [{"Entrant:root": "In"}, {}])
    with pytest.raises(InvalidArgumentError, match="not an action"):
        behaviour_regret(tree, [{"Entrant:root": "Maybe"}, {"Incumbent:In": "Fight"}])
    with pytest.raises(InvalidArgumentError, match="probability distribution"):
        behaviour_regret(tree, [{"Entrant:root": {"In": F(1, 2)}}, {"Incumbent:In": "Fight"}])
    with pytest.raises(InvalidArgumentError, match="not one of its information sets"):
        behaviour_regret(tree, [{"Incumbent:In": "Fight"}, {"Incumbent:In": "Fight"}])


def test_too_many_ties_are_counted_and_listing_them_is_refused_not_truncated():
    def flat_tree(depth):
        if depth == 0:
            return outcome((0, 0))
        return decision("AB"[depth % 2], {"l": flat_tree(depth - 1), "r": flat_tree(depth - 1)})

    # 15 decision nodes, each with 2 tied actions: 2**15 equilibria, counted not listed
    many = subgame_perfect(SequentialGame(flat_tree(4)), max_equilibria=50)
    assert len(many) == 2**15 and many.max_regret == 0
    assert many[-1].regret == 0 and many[12345].outcome in many.outcomes
    assert sorted(many.outcome_counts.values()) == [2**15 // 16] * 16  # every leaf, equally
    with pytest.raises(NotSupportedError, match="max_equilibria=50"):
        list(many)  # listing them all is refused, before the first one
    assert len(subgame_perfect(SequentialGame(flat_tree(2)))) == 2 * 2 * 2


def test_kuhn_round_trip():
    tree = centipede(4)
    names = tree.plan_names("First")
    sigma = [F(1, 2)] + [F(1, 2 * (len(names) - 1))] * (len(names) - 1)
    beh = behaviour_from_mixed(tree, [sigma, [1] + [0] * (len(tree.plan_names("Second")) - 1)])
    back = mixed_from_behaviour(tree, beh)
    assert back[0] == tuple(sigma)
    game = tree.to_normal_form()
    assert game.payoffs.shape[1:] == (len(back[0]), len(back[1]))


@st.composite
def simultaneous_behind_a_first_move(draw):
    rows, cols = draw(st.integers(2, 3)), draw(st.integers(2, 3))
    cell = st.tuples(st.integers(-2, 2), st.integers(-2, 2))
    table = draw(
        st.lists(st.lists(cell, min_size=cols, max_size=cols), min_size=rows, max_size=rows)
    )
    inside = decision(
        "A",
        {
            f"r{i}": decision(
                "B", {f"c{j}": outcome(table[i][j]) for j in range(cols)}, infoset="B moves"
            )
            for i in range(rows)
        },
        infoset="A moves",
    )
    out = outcome((draw(st.integers(-2, 2)), 0), label="out")
    return SequentialGame(decision("A", {"Out": out, "In": inside}), players=("A", "B"))


@settings(max_examples=30)
@given(tree=simultaneous_behind_a_first_move())
def test_imperfect_information_subgame_every_equilibrium_once_per_best_first_move(tree):
    spe = subgame_perfect(tree)
    sub = subtree(tree, ("In",))
    inner = {
        tuple(tuple(sorted(d.items())) for plan in beh for d in plan.values())
        for beh in (behaviour_from_mixed(sub, e) for e in nash_equilibria(sub))
    }
    seen = set()
    for eq in spe:
        assert eq.regret == 0
        assert_subgame_perfect(tree, eq)
        key = tuple(
            tuple(sorted(eq.strategies[p][h].items())) for p, h in ((0, "A moves"), (1, "B moves"))
        )
        seen.add(key)
        value_in = behaviour_payoffs(
            sub,
            [{"A moves": eq.strategies[0]["A moves"]}, {"B moves": eq.strategies[1]["B moves"]}],
        )[0]
        out = tree.node_at(("Out",)).payoffs[0]
        assert chosen(eq, "A")["A:root"] == ("In" if value_in > out else "Out") or value_in == out
    assert seen == inner
