"""Perfect Bayesian equilibria of signaling games (arbiter.solve.pbe) and model S4."""

from __future__ import annotations

from fractions import Fraction as F
from itertools import product

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from arbiter.errors import NotSupportedError
from arbiter.games.tree import SequentialGame, chance, decision, outcome
from arbiter.scenarios.syria.resolve import (
    deterrence_cutoff,
    resolve_conditions,
    uncertain_resolve,
    uncertain_resolve_base,
)
from arbiter.solve.behaviour import behaviour_payoffs
from arbiter.solve.pbe import belief_symbol, mixing_symbol, perfect_bayesian


def beer_quiche(p_weak=F(1, 10)) -> SequentialGame:
    """Cho and Kreps (1987), "Signaling games and stable equilibria", QJE 102(2), sec. II.

    The sender (player A) is weak (prior 0.1) or strong; it has beer or
    quiche for breakfast (the weak type prefers quiche, the strong beer: +1);
    it gets +2 if B does not duel. B gets 1 for duelling a weak type or not
    duelling a strong one, 0 otherwise.
    """

    def b_node(t, m):
        likes = 1 if (t == "weak") == (m == "Quiche") else 0
        return decision(
            "B",
            {
                "Duel": outcome({"A": likes, "B": 1 if t == "weak" else 0}),
                "NoDuel": outcome({"A": likes + 2, "B": 0 if t == "weak" else 1}),
            },
            infoset=f"B|{m}",
        )

    def a_node(t):
        return decision("A", {m: b_node(t, m) for m in ("Beer", "Quiche")}, infoset=f"A|{t}")

    return SequentialGame(
        chance({"weak": (p_weak, a_node("weak")), "strong": (1 - p_weak, a_node("strong"))})
    )


def extra(eq):
    return dict(eq.extra)


def sender_plan(eq):
    return {h: next(a for a, p in d.items() if p == 1) for h, d in eq.strategies[0].items()}


def receiver_plan(eq):
    return {h: next(a for a, p in d.items() if p == 1) for h, d in eq.strategies[1].items()}


def test_beer_quiche_two_pooling_families_no_separating():
    result = perfect_bayesian(beer_quiche())
    assert result.complete
    assert len(result.pure) == 2
    assert all(extra(e)["kind"] == "pooling" for e in result)
    assert all(e.regret == 0 for e in result)
    mu_q = belief_symbol("B|Quiche", "weak")
    mu_b = belief_symbol("B|Beer", "weak")
    by_msg = {extra(e)["on_path"]: e for e in result.pure}
    beer = by_msg[("Beer",)]
    assert sender_plan(beer) == {"A|weak": "Beer", "A|strong": "Beer"}
    assert receiver_plan(beer) == {"B|Beer": "NoDuel", "B|Quiche": "Duel"}
    assert extra(beer)["beliefs"]["B|Beer"] == {"weak": F(1, 10), "strong": F(9, 10)}
    assert extra(beer)["off_path_condition"] == {"B|Quiche": mu_q >= sympy.Rational(1, 2)}
    assert beer.payoffs == (F(29, 10), F(9, 10))
    quiche = by_msg[("Quiche",)]
    assert receiver_plan(quiche) == {"B|Beer": "Duel", "B|Quiche": "NoDuel"}
    assert extra(quiche)["off_path_condition"] == {"B|Beer": mu_b >= sympy.Rational(1, 2)}
    assert quiche.payoffs == (F(21, 10), F(9, 10))
    assert result.max_regret == 0


def test_beer_quiche_receiver_mixing_families():
    # at the off-path belief mu(weak) = 1/2 B is indifferent; it may duel with any
    # probability q >= 1/2 (else the weak type deviates): Cho and Kreps's families
    result = perfect_bayesian(beer_quiche())
    mixed = [e for e in result if not e.is_pure]
    assert len(mixed) == 2
    half = sympy.Rational(1, 2)
    for e in mixed:
        (off,) = [m for m in ("Beer", "Quiche") if m not in extra(e)["on_path"]]
        h = f"B|{off}"
        assert extra(e)["off_path_condition"] == {h: sympy.Eq(belief_symbol(h, "weak"), half)}
        q = mixing_symbol(h, "Duel")
        cond = extra(e)["mixing_condition"]
        assert cond.free_symbols == {q}
        assert cond == ((q >= half) & (q < 1))
        assert e.strategy("B")[h]["Duel"] >= half
        assert e.regret == 0
        assert extra(e)["beliefs"][h] == {"weak": half, "strong": half}


def test_beer_quiche_high_prior_of_weak_has_no_pooling_on_beer_without_duel():
    # with prior weak > 1/2, B duels on the path; pooling needs B to duel after either
    result = perfect_bayesian(beer_quiche(F(3, 5)))
    for e in result:
        assert e.regret == 0
        assert extra(e)["kind"] != "separating"


def job_market(cost_low, cost_high=F(1, 2), p_high=F(1, 2)) -> SequentialGame:
    """A discrete Spence (1973) job-market signaling game (Gibbons 1992, sec. 4.2.B style).

    The worker is of high or low ability; it gets an education or not; the
    employer, seeing only education, pays a high wage (2) or a low one (1)
    and gets 1 when the wage matches the ability. Education costs the
    high type ``cost_high`` and the low type ``cost_low``. Known answer: the
    separating equilibrium (high educates, low does not) exists iff
    ``cost_high <= 1 <= cost_low`` (the wage gain lies between the costs).
    """

    def employer(t, m):
        cost = (cost_high if t == "high" else cost_low) if m == "Educate" else 0
        return decision(
            "Firm",
            {
                "HighWage": outcome({"Worker": 2 - cost, "Firm": 1 if t == "high" else 0}),
                "LowWage": outcome({"Worker": 1 - cost, "Firm": 0 if t == "high" else 1}),
            },
            infoset=f"Firm|{m}",
        )

    def worker(t):
        return decision(
            "Worker", {m: employer(t, m) for m in ("Educate", "None")}, infoset=f"Worker|{t}"
        )

    return SequentialGame(
        chance({"high": (p_high, worker("high")), "low": (1 - p_high, worker("low"))})
    )


def separating(result):
    return [
        e
        for e in result
        if extra(e)["kind"] == "separating"
        and sender_plan(e) == {"Worker|high": "Educate", "Worker|low": "None"}
    ]


@pytest.mark.parametrize(
    ("cost_low", "exists"),
    [(F(1, 2), False), (F(9, 10), False), (F(1), True), (F(3, 2), True), (F(5), True)],
)
def test_job_market_separating_iff_cost_condition(cost_low, exists):
    result = perfect_bayesian(job_market(cost_low))
    sep = separating(result)
    assert bool(sep) == exists
    for e in sep:
        assert receiver_plan(e) == {"Firm|Educate": "HighWage", "Firm|None": "LowWage"}
        assert extra(e)["beliefs"]["Firm|Educate"] == {"high": 1, "low": 0}
        assert extra(e)["off_path_condition"] == {}
        assert e.regret == 0
    # the low type never educates alone
    assert not [
        e
        for e in result
        if sender_plan(e)["Worker|low"] == "Educate" and sender_plan(e)["Worker|high"] == "None"
    ]


def test_job_market_pooling_on_no_education_any_off_path_response():
    # with a high prior of high ability the firm pays well without education; since
    # educating costs the high type 1/2 > 0, either off-path wage supports the pool
    result = perfect_bayesian(job_market(F(3, 2), p_high=F(3, 4)))
    pools = {
        receiver_plan(e)["Firm|Educate"]: e for e in result.pure if extra(e)["on_path"] == ("None",)
    }
    assert set(pools) == {"HighWage", "LowWage"}
    mu = belief_symbol("Firm|Educate", "high")
    half = sympy.Rational(1, 2)
    assert extra(pools["LowWage"])["off_path_condition"] == {"Firm|Educate": mu <= half}
    assert extra(pools["HighWage"])["off_path_condition"] == {"Firm|Educate": mu >= half}
    assert extra(pools["LowWage"])["beliefs"]["Firm|None"] == {"high": F(3, 4), "low": F(1, 4)}
    assert all(e.payoffs == (2, F(3, 4)) for e in pools.values())


def test_three_types_condition_is_a_polytope():
    def r(t, m):
        return decision(
            "R",
            {a: outcome({"S": int(a == "x"), "R": int(a[0] == t[0])}) for a in ("x", "y", "z")},
            infoset=f"R|{m}",
        )

    def s(t):
        return decision("S", {m: r(t, m) for m in ("m1", "m2")}, infoset=f"S|{t}")

    game = SequentialGame(chance({t: (F(1, 3), s(t)) for t in ("x", "y", "z")}))
    result = perfect_bayesian(game)
    assert len(result) > 0
    assert all(e.regret == 0 for e in result)
    for e in result:
        for h, cond in extra(e)["off_path_condition"].items():
            belief = extra(e)["beliefs"][h]
            subs = {
                belief_symbol(h, t): sympy.Rational(v.numerator, v.denominator)
                for t, v in belief.items()
            }
            assert cond.holds(subs)


def test_refuses_symbolic_float_and_other_shapes():
    c = sympy.Symbol("c")
    with pytest.raises(NotSupportedError, match="free parameters"):
        perfect_bayesian(job_market(c))
    with pytest.raises(NotSupportedError, match="exact"):
        perfect_bayesian(job_market(1.5, 0.5, 0.5))
    entry = SequentialGame(
        decision("E", {"Out": outcome({"E": 0, "I": 2}), "In": outcome({"E": 1, "I": 1})}),
        players=("E", "I"),
    )
    with pytest.raises(NotSupportedError, match="chance node"):
        perfect_bayesian(entry)


# ---------------------------------------------------------------- S4 model


def test_s4_deterrence_cutoff_exact():
    assert deterrence_cutoff() == F(3, 5)
    assert deterrence_cutoff({"g_e": 2, "w": 8}) == F(1, 4)
    assert deterrence_cutoff({"g_e": 9, "w": 5}) is None
    assert deterrence_cutoff({"g_e": 0}) == 0
    g_e, w = sympy.symbols("g_e w", nonnegative=True)
    assert sympy.simplify(deterrence_cutoff(symbolic=True) - g_e / w) == 0


@pytest.mark.parametrize("p", [F(1, 2), F(3, 5), F(7, 10)])
def test_s4_base_game_iran_restrains_iff_prior_above_cutoff(p):
    model = uncertain_resolve_base()
    tree = model.at({"p": p})
    gain = {"Restrain": F(0), "Entrench": F(0)}
    for path, leaf in tree.outcomes:
        prob = dict((n, q) for n, q, _ in tree.root.branches)[path[0]]
        gain[path[1]] += prob * leaf.payoffs[tree.players.index("Iran")]
    restrains = gain["Restrain"] >= gain["Entrench"]
    assert restrains == (p >= deterrence_cutoff())


def classify(eq):
    info = dict(eq.extra)
    sent = {h.split("|")[1]: a for h, d in eq.strategies[0].items() for a, q in d.items() if q}
    reply = {h.split("|")[1]: a for h, d in eq.strategies[1].items() for a, q in d.items() if q}
    if info["kind"] == "separating":
        return "separating" if sent["resolute"] == "Signal" else "reverse separating"
    if info["on_path"] == ("Signal",):
        return "pooling: signal" if reply["Signal"] == "Restrain" else "pooling: signal, entrench"
    deterred = reply["No signal"] == "Restrain"
    return "pooling: no signal, " + ("deterred" if deterred else "not deterred")


def expected_classes(values):
    conds = resolve_conditions()
    subs = {sympy.Symbol(k, nonnegative=True): sympy.Rational(v) for k, v in values.items()}
    return {name for name, cond in conds.items() if bool(cond.subs(subs))}


def test_s4_defaults_separating_and_pessimistic_pooling():
    model = uncertain_resolve()
    result = perfect_bayesian(model.at_defaults())
    assert result.max_regret == 0
    assert {classify(e) for e in result.pure} == {"separating", "pooling: no signal, not deterred"}
    sep = next(e for e in result if classify(e) == "separating")
    assert dict(sep.extra)["beliefs"]["Iran|Signal"] == {"resolute": 1, "irresolute": 0}
    assert sep.outcome["status quo"] == F(1, 2)
    pool = next(e for e in result if classify(e) == "pooling: no signal, not deterred")
    mu = belief_symbol("Iran|Signal", "resolute")
    assert dict(pool.extra)["off_path_condition"] == {"Iran|Signal": mu <= sympy.Rational(3, 5)}


GRID = [
    {"p": p, "c": c, "L": 4, "k_w": 3, "g_e": 3, "w": 5, "v": 6}
    for p in (F(1, 5), F(1, 2), F(3, 5), F(4, 5))
    for c in (F(1), F(4), F(5), F(7), F(9))
]


@pytest.mark.parametrize("values", GRID)
def test_s4_conditions_match_the_solver(values):
    result = perfect_bayesian(uncertain_resolve().at(values))
    assert result.max_regret == 0
    assert {classify(e) for e in result.pure} == expected_classes(values)


def test_s4_defaults_mixed_family_iran_mixes_after_off_path_signal():
    result = perfect_bayesian(uncertain_resolve().at_defaults())
    (mixed,) = [e for e in result if not e.is_pure]
    info = dict(mixed.extra)
    mu = belief_symbol("Iran|Signal", "resolute")
    assert info["off_path_condition"] == {"Iran|Signal": sympy.Eq(mu, sympy.Rational(3, 5))}
    q = mixing_symbol("Iran|Signal", "Restrain")
    # the resolute type must not gain by signalling: 7q - 6 <= -1
    assert info["mixing_condition"] == ((q > 0) & (q <= sympy.Rational(5, 7)))
    assert q in info["mixing_condition"].free_symbols
    assert mixed.regret == 0


# ------------------------------------------------- property: random 2x2x2 games

TYPES, MESSAGES, ACTIONS = ("t1", "t2"), ("m1", "m2"), ("a1", "a2")


def random_game(prior, pays):
    def r(t, m):
        return decision(
            "R",
            {a: outcome({"S": pays[(t, m, a)][0], "R": pays[(t, m, a)][1]}) for a in ACTIONS},
            infoset=f"R|{m}",
        )

    def s(t):
        return decision("S", {m: r(t, m) for m in MESSAGES}, infoset=f"S|{t}")

    return SequentialGame(chance({"t1": (prior, s("t1")), "t2": (1 - prior, s("t2"))}))


def brute_force_pure(prior, pays):
    """Pure PBE (sender plan, receiver plan) by direct checks, independent of the solver."""
    pri = {"t1": prior, "t2": 1 - prior}
    found = set()
    for sm in product(MESSAGES, repeat=2):
        sent = dict(zip(TYPES, sm))
        for ra in product(ACTIONS, repeat=2):
            act = dict(zip(MESSAGES, ra))
            ok = True
            for m in MESSAGES:
                other = "a2" if act[m] == "a1" else "a1"
                d = {t: pays[(t, m, act[m])][1] - pays[(t, m, other)][1] for t in TYPES}
                senders = [t for t in TYPES if sent[t] == m]
                if senders:
                    ok &= sum(pri[t] * d[t] for t in senders) >= 0
                else:
                    ok &= max(d.values()) >= 0
            for t in TYPES:
                here = pays[(t, sent[t], act[sent[t]])][0]
                ok &= all(pays[(t, m, act[m])][0] <= here for m in MESSAGES)
            if ok:
                found.add((sm, ra))
    return found


small = st.integers(-3, 3)


@settings(max_examples=60, deadline=None)
@given(
    prior=st.sampled_from([F(1, 4), F(1, 2), F(2, 3)]),
    values=st.lists(st.tuples(small, small), min_size=8, max_size=8),
)
def test_random_signaling_games_pure_pbe_match_brute_force(prior, values):
    keys = list(product(TYPES, MESSAGES, ACTIONS))
    pays = dict(zip(keys, values))
    tree = random_game(prior, pays)
    result = perfect_bayesian(tree)
    got = {
        (
            tuple(sender_plan(e)[f"S|{t}"] for t in TYPES),
            tuple(receiver_plan(e)[f"R|{m}"] for m in MESSAGES),
        )
        for e in result.pure
    }
    assert got == brute_force_pure(prior, pays)
    for e in result:
        assert e.regret == 0
        assert tuple(behaviour_payoffs(tree, e.strategies)) == e.payoffs
        info = dict(e.extra)
        for h, cond in info["off_path_condition"].items():
            witness = info["beliefs"][h]
            subs = {belief_symbol(h, t): sympy.Rational(str(v)) for t, v in witness.items()}
            assert cond is sympy.true or bool(cond.subs(subs))
        if info["mixing_condition"] is not None:
            subs = {
                mixing_symbol(h, a): sympy.Rational(str(q))
                for h, dist in e.strategies[1].items()
                for a, q in dist.items()
            }
            assert bool(info["mixing_condition"].subs(subs))
