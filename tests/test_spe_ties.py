"""Compact subgame-perfect sets against brute force, on small trees full of ties.

The reference is independent of arbiter's solver: every pure behaviour profile
of a small tree (one action per information set) is enumerated, and each is
checked to be a Nash equilibrium of every subgame by comparing, for every
player, its value with the best value of each of its pure strategies in that
subgame (plain recursion over the tree's nodes, exact arithmetic).

Payoffs in {0, 1} make ties everywhere: tied actions with equal payoff vectors
(one class) and with different payoffs to other players (several classes, so
the parent's choice depends on which is picked).
"""

from __future__ import annotations

import time
from collections import Counter
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings

from arbiter.errors import NotSupportedError
from arbiter.games.tree import Chance, Decision, Outcome, SequentialGame, decision, outcome
from arbiter.solve.result import FrozenMap
from arbiter.solve.spe import subgame_perfect, subgame_perfect_outcomes
from arbiter.testing import assert_certified, assert_subgame_perfect, trees

ONE = Fraction(1)


# ------------------------------------------------------------ the reference
def _walk(tree, node, path, profile, weight, out):
    """Add ``weight`` times each reached outcome's path to ``out`` (pure ``profile``)."""
    if isinstance(node, Outcome):
        out[path] = out.get(path, 0) + weight
    elif isinstance(node, Chance):
        for name, p, child in node.branches:
            _walk(tree, child, (*path, name), profile, weight * Fraction(p), out)
    else:
        a = profile[tree.infoset_of(path)]
        _walk(tree, dict(node.moves)[a], (*path, a), profile, weight, out)


def _value(tree, root, profile):
    reached = {}
    _walk(tree, tree.node_at(root), root, profile, ONE, reached)
    n = len(tree.players)
    return tuple(
        sum((q * Fraction(tree.node_at(p).payoffs[k]) for p, q in reached.items()), Fraction(0))
        for k in range(n)
    ), reached


def _infosets_below(tree, root):
    names = {}
    for path, node in tree.nodes():
        if isinstance(node, Decision) and path[: len(root)] == root:
            names[tree.infoset_of(path)] = node.player
    return names


def brute_force_spe(tree):
    """Every pure behaviour profile that is a Nash equilibrium of every subgame."""
    infosets = tree.infosets
    names = list(infosets)
    roots = tree.subgame_roots()
    below = {r: _infosets_below(tree, r) for r in roots}
    found = []
    for choice in product(*(infosets[h].actions for h in names)):
        profile = dict(zip(names, choice))
        ok = True
        for r in roots:
            value, _ = _value(tree, r, profile)
            for k, player in enumerate(tree.players):
                own = [h for h, p in below[r].items() if p == player]
                for dev in product(*(infosets[h].actions for h in own)):
                    if _value(tree, r, {**profile, **dict(zip(own, dev))})[0][k] > value[k]:
                        ok = False
                        break
                if not ok:
                    break
            if not ok:
                break
        if ok:
            found.append(profile)
    return found


def _labels(tree, reached):
    out = {}
    for path, q in reached.items():
        if q != 0:
            label = tree.label_of(path)
            out[label] = out.get(label, 0) + q
    return FrozenMap(out)


def _pure(eq):
    if not eq.is_pure:
        return None
    return {h: a for plan in eq.strategies for h, d in plan.items() for a, p in d.items() if p == 1}


def _n_profiles(tree):
    n = 1
    for info in tree.infosets.values():
        n *= len(info.actions)
    return n


# ------------------------------------------------------------ properties
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tree=trees(
        players=("A", "B", "C"),
        max_depth=3,
        max_actions=2,
        infosets=False,
        min_value=0,
        max_value=1,
        labels=("x", "y"),
    )
)
def test_perfect_information_with_chance_counts_and_outcomes_match_brute_force(tree):
    if _n_profiles(tree) > 512:
        return
    brute = brute_force_spe(tree)
    spe = subgame_perfect(tree, max_equilibria=None)
    assert len(spe) == len(brute)
    listed = [_pure(e) for e in spe]
    assert sorted(map(sorted, (p.items() for p in listed))) == sorted(
        map(sorted, (p.items() for p in brute))
    )
    expected = Counter(_labels(tree, _value(tree, (), p)[1]) for p in brute)
    assert dict(spe.outcome_counts) == dict(expected)
    assert dict(subgame_perfect_outcomes(tree)) == dict(expected)
    assert spe.max_regret == 0
    for eq in spe:
        assert eq.regret == 0 and eq.outcome in spe.outcomes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees(players=("A", "B"), max_depth=3, max_actions=2, min_value=0, max_value=1))
def test_with_information_sets_the_pure_members_are_the_brute_force_set(tree):
    # Imperfect-information subgames also give mixed equilibria (not enumerated by
    # brute force); the pure ones must be exactly the pure SPE.
    if _n_profiles(tree) > 512:
        return
    brute = brute_force_spe(tree)
    spe = subgame_perfect(tree, max_equilibria=None)
    listed = list(spe)
    assert len(listed) == len(spe)
    pure = [p for p in map(_pure, listed) if p is not None]
    key = lambda p: tuple(sorted(p.items()))  # noqa: E731
    assert sorted(map(key, pure)) == sorted(map(key, brute))
    assert len(set(map(key, pure))) == len(pure)  # no member twice
    counted = Counter(FrozenMap({k: v for k, v in e.outcome.items() if v != 0}) for e in listed)
    assert dict(spe.outcome_counts) == dict(counted)
    for eq in listed:
        assert_subgame_perfect(tree, eq)


@settings(max_examples=30, deadline=None)
@given(tree=trees(players=("A", "B"), max_depth=4, max_actions=3, min_value=0, max_value=1))
def test_indexing_is_a_bijection_onto_the_members(tree):
    spe = subgame_perfect(tree, max_equilibria=None)
    n = len(spe)
    if n > 300:
        picks = [0, 1, n // 3, n // 2, n - 2, n - 1]
        assert len({tuple(spe[k].strategies) for k in picks}) == len(set(picks))
        return
    members = {spe[k].strategies for k in range(n)}
    assert len(members) == n
    assert spe[-1] == spe[n - 1]
    assert_certified(spe)


# ------------------------------------------------------------ examples
def _flat(depth, players="AB"):
    if depth == 0:
        return outcome((0,) * len(players))
    return decision(players[depth % len(players)], {"l": _flat(depth - 1), "r": _flat(depth - 1)})


def test_all_equal_payoffs_are_one_class_counted_exactly():
    tree = SequentialGame(_flat(12))  # 4095 decision nodes, 2 tied actions each
    spe = subgame_perfect(tree)
    assert spe.n_equilibria == 2**4095
    with pytest.raises(NotSupportedError, match="n_equilibria"):
        len(spe)
    assert len(spe.outcomes) == 2**12 and set(spe.outcome_counts.values()) == {2**4095 // 2**12}
    assert spe[2**4000].regret == 0
    with pytest.raises(NotSupportedError, match="max_equilibria"):
        next(iter(spe))


def test_ties_with_different_payoffs_to_others_are_a_union_not_a_product():
    # B is indifferent, but A is not: A's best reply depends on B's pick.
    inner = decision("B", {"x": outcome({"A": 3, "B": 2}), "y": outcome({"A": 0, "B": 2})})
    tree = SequentialGame(decision("A", {"Out": outcome({"A": 1, "B": 5}), "In": inner}))
    spe = subgame_perfect(tree)
    assert len(spe) == 2 == len(brute_force_spe(tree))
    assert sorted((_pure(e)["A:root"], _pure(e)["B:In"]) for e in spe) == [
        ("In", "x"),
        ("Out", "y"),
    ]


def test_s1_corners_are_fast():
    from arbiter.scenarios.syria import border_deal

    model = border_deal(credibility="lump-sum")  # the first version: 2^60 at all-zero
    names = list(model.parameters)
    for values in ({n: 0 for n in names}, {n: 1 for n in names}, model.values()):
        start = time.perf_counter()
        spe = subgame_perfect(model.game.subs(values))
        n, outcomes = len(spe), spe.outcomes
        assert spe[n - 1].regret == 0 and spe.max_regret == 0
        assert time.perf_counter() - start < 5, (values, n)
        assert outcomes
    assert len(subgame_perfect(model.game.subs({n: 0 for n in names}))) == 2**60
