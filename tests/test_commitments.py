"""Commitments as data (issue 8, item 4).

``commitment_structure`` records what ``commitment_game`` builds: each threat
and promise, its trigger and instrument, the postures, every obligation node
(path and information set) and what the arbiter did on the way to each leaf.
Outcome labels stay the base game's, so a promise delivered at the status quo
is still the status quo; ``Model.status_quo`` may be a label, a set of labels
or a predicate.

The structure is checked against the tree itself (payoffs recomputed from the
base game and the instruments); the promise model (the United States between
India and Pakistan, with a trade deal promised to India for restraint) is
checked against numeric subgame perfection at random exact points.
"""

from __future__ import annotations

import pickle
import random
from fractions import Fraction as F
from functools import cache

import pytest
import sympy

from arbiter.analysis import instrument_values, robustness, status_quo_region
from arbiter.analysis._batch import batch_solver
from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.games.model import Model
from arbiter.games.parameters import Parameter
from arbiter.games.tree import Decision, SequentialGame, decision, outcome
from arbiter.io.model_file import format_model, parse_model
from arbiter.leverage import (
    BACK_DOWN,
    CARRY_OUT,
    DELIVER,
    RENEGE,
    CommitmentStructure,
    Instrument,
    Promise,
    Threat,
    commitment_game,
    commitment_structure,
    credibility,
    obligations,
)
from arbiter.scenarios.syria.border_deal import (
    AIR_SUPPORT,
    FAVOUR,
    S300,
    STATUS_QUO,
    TOR_M1,
    border_deal,
    revised_base,
    revised_commitments,
)
from arbiter.solve.spe import subgame_perfect

# =========================================================== the promise model
AID = "withhold aid"
SANCTIONS = "sanctions"
TRADE_DEAL = "trade deal"
SQ = "status quo"

IP_PARAMETERS = (
    Parameter("g_p", 3, 0, 6, "Pakistan's gain from escalating", "illustrative"),
    Parameter("d_p", 2, 0, 6, "Pakistan's damage from Indian escalation", "illustrative"),
    Parameter("g_i", 3, 0, 6, "India's gain from escalating", "illustrative"),
    Parameter("d_i", 2, 0, 6, "India's damage from Pakistani escalation", "illustrative"),
    Parameter("v", 6, 0, 12, "the US value of peace", "illustrative"),
    Parameter("L", 10, 0, 20, "the US loss from a war", "illustrative"),
    Parameter("a", 4, 0, 8, "Pakistan's loss if the US withholds aid", "illustrative"),
    Parameter("k_a", 1, 0, 4, "the US cost of withholding aid", "illustrative"),
    Parameter("s", 2, 0, 6, "India's loss from sanctions", "illustrative"),
    Parameter("k_s", 2, 0, 6, "the US cost of sanctions", "illustrative"),
    Parameter("t", 4, 0, 8, "India's gain from the trade deal", "illustrative"),
    Parameter("k_t", 1, 0, 4, "the US cost of the trade deal", "illustrative"),
    Parameter("r", 3, 0, 8, "the US reputation cost of breaking its word", "illustrative"),
)
P = {p.name: p.symbol for p in IP_PARAMETERS}


def ip_base() -> SequentialGame:
    """Pakistan restrains or escalates, then India, having seen it, does the same."""

    def india(pak: tuple, label_r: str, label_e: str, us_r, us_e) -> Decision:
        return decision(
            "India",
            {
                "restrain": outcome(
                    {"Pakistan": pak[0], "India": pak[1], "US": us_r}, label=label_r
                ),
                "escalate": outcome(
                    {"Pakistan": pak[2], "India": pak[3], "US": us_e}, label=label_e
                ),
            },
        )

    g_p, d_p, g_i, d_i, v, L = (P[n] for n in ("g_p", "d_p", "g_i", "d_i", "v", "L"))
    return SequentialGame(
        decision(
            "Pakistan",
            {
                "restrain": india((0, 0, -d_p, g_i), SQ, "Indian escalation", v, 0),
                "escalate": india(
                    (g_p, -d_i, g_p - d_p, g_i - d_i), "Pakistani escalation", "war", 0, -L
                ),
            },
        ),
        players=("Pakistan", "India", "US"),
    )


def ip_commitments(available: tuple[str, ...]) -> tuple[Threat | Promise, ...]:
    made = {
        AID: Threat(Instrument(AID, "US", "Pakistan", effect=P["a"], cost=P["k_a"]), "escalate"),
        SANCTIONS: Threat(
            Instrument(SANCTIONS, "US", "India", effect=P["s"], cost=P["k_s"]), "escalate"
        ),
        TRADE_DEAL: Promise(
            Instrument(TRADE_DEAL, "US", "India", effect=P["t"], cost=P["k_t"], kind="benefit"),
            "restrain",
        ),
    }
    return tuple(made[n] for n in available)


@cache
def india_pakistan(available: tuple[str, ...] = (AID, SANCTIONS, TRADE_DEAL)) -> Model:
    """The United States between India and Pakistan, with the commitments ``available``."""
    structure = commitment_structure(ip_base(), ip_commitments(available), reputation_cost=P["r"])
    used = {s.name for s in structure.game.parameters}
    return Model(
        "india-pakistan",
        structure.game,
        tuple(p for p in IP_PARAMETERS if p.name in used),
        status_quo=SQ,
        commitments=structure,
    )


WITH = (AID, SANCTIONS, TRADE_DEAL)
COST = {AID: "k_a", SANCTIONS: "k_s", TRADE_DEAL: "k_t"}
WITHOUT = (AID, SANCTIONS)


def reached(game: SequentialGame) -> set[str]:
    """The outcome labels reached with positive probability in some SPE."""
    return {label for e in subgame_perfect(game) for label, p in e.outcome.items() if p != 0}


def every_spe_reaches_sq(model: Model, point) -> bool:
    own = {k: v for k, v in point.items() if k in model.parameters}
    return all(e.outcome.get(SQ, 0) == 1 for e in subgame_perfect(model.at(own)))


def random_points(seed: int, n: int, names: tuple[str, ...] | None = None):
    """Exact points inside the plausible box (thousandths: ties are rare, never assumed)."""
    rng = random.Random(seed)
    params = [p for p in IP_PARAMETERS if names is None or p.name in names]
    for _ in range(n):
        yield {p.name: p.low + (p.high - p.low) * F(rng.randint(0, 1000), 1000) for p in params}


# ===================================================================== S1 structure
def _check_structure(model: Model, base: SequentialGame, reputation) -> None:
    """Every leaf and obligation node of the structure, checked against the tree."""
    st = model.commitments
    game = model.game
    assert isinstance(st, CommitmentStructure) and st.game is game and st.base == base
    index = {p: i for i, p in enumerate(game.players)}
    leaf_paths = [path for path, _ in game.outcomes]
    assert [leaf.path for leaf in st.leaves] == leaf_paths
    labels = {base.label_of(path) for path, _ in base.outcomes}
    assert {game.label_of(path) for path in leaf_paths} == labels  # base labels only
    for leaf in st.leaves:
        assert game.label_of(leaf.path) == base.label_of(leaf.base_path) == leaf.label
        assert leaf.path[0] == leaf.posture
        assert leaf.path[1 : 1 + len(leaf.base_path)] == leaf.base_path
        # The commitments decided on the way: those announced whose trigger the target played.
        base_moves = set()
        node = base.root
        for a in leaf.base_path:
            base_moves.add((node.player, a))
            node = dict(node.moves)[a]
        due = [
            c.name
            for c in st.commitments
            if c.name in st.announced(leaf.posture)
            and (c.instrument.target, c.trigger) in base_moves
        ]
        assert sorted(leaf.carried_out + leaf.abandoned) == sorted(due)
        # Payoffs: the base outcome's, plus each instrument used, minus costs and reputation.
        expected = list(base.node_at(leaf.base_path).payoffs)
        arbiter = index[st.arbiter]
        for name in leaf.carried_out:
            c = st.commitment(name)
            expected[index[c.instrument.target]] += c.instrument.target_change
            expected[arbiter] -= c.instrument.cost
        for _ in leaf.abandoned:
            expected[arbiter] -= reputation
        got = game.node_at(leaf.path).payoffs
        assert all(sympy.expand(sympy.sympify(x) - y) == 0 for x, y in zip(got, expected))
    # Obligation nodes: exactly the arbiter's decision nodes below the posture.
    decisions = [
        path
        for path, node in game.nodes()
        if isinstance(node, Decision) and node.player == st.arbiter and path
    ]
    assert [o.path for o in st.obligations] == decisions
    for o in st.obligations:
        node = game.node_at(o.path)
        keep, abandon = (CARRY_OUT, BACK_DOWN) if o.kind == "threat" else (DELIVER, RENEGE)
        assert node.actions == (o.carry_out, o.abandon) == (keep, abandon)
        assert game.infoset_of(o.path) == o.infoset
        assert o.name in st.announced(o.posture)
    found = obligations(model)
    assert {name: st.infosets(name) for name in st.names} == found
    last = st.names[-1]
    assert credibility(model, last).paths == tuple(o.path for o in st.nodes(last))


def _stakes(model):
    """S1's cost of backing down: Russia's stakes e v T."""
    return sympy.Mul(*(model.parameters[n].symbol for n in ("e", "v", "T")))


def test_s1_structure_knows_commitments_triggers_instruments_and_postures():
    model = border_deal()
    st = model.commitments
    assert st.arbiter == "Russia"
    assert st.names == (AIR_SUPPORT, S300, TOR_M1)
    assert [(c.trigger, c.instrument.target) for c in st.commitments] == [
        ("Entrench", "Iran"),
        ("Deep", "Israel"),
        ("Deep", "Israel"),
    ]
    assert st.commitment(AIR_SUPPORT).instrument.effect == model.parameters["w"].symbol
    assert len(st.postures) == 8 and st.postures[0] == ("no threat", ())
    assert st.announced(f"{AIR_SUPPORT} + {TOR_M1}") == (AIR_SUPPORT, TOR_M1)
    # Air defences only after deep raids on a restrained Iran (both of Iran's answers).
    assert {n: len(st.nodes(n)) for n in st.names} == {AIR_SUPPORT: 8, S300: 8, TOR_M1: 12}
    assert [o.path for o in st.nodes(AIR_SUPPORT, posture=AIR_SUPPORT)] == [
        (AIR_SUPPORT, "Entrench", "Limited"),
        (AIR_SUPPORT, "Entrench", "Strike"),
    ]
    assert [o.path for o in st.nodes(S300, posture=S300)] == [
        (S300, "Restrain", "Deep", "Absorb"),
        (S300, "Restrain", "Deep", "Answer"),
    ]
    assert st.nodes(AIR_SUPPORT, posture="no threat") == ()
    _check_structure(model, revised_base(), _stakes(model))


def test_s1_outcome_labels_are_the_base_labels():
    model = border_deal()
    path = (AIR_SUPPORT, "Entrench", "Strike", CARRY_OUT)
    assert model.game.label_of(path) == "open confrontation"
    leaf = model.commitments.leaf(path)
    assert leaf.carried_out == (AIR_SUPPORT,) and leaf.abandoned == ()
    assert leaf.describe() == f"open confrontation; {AIR_SUPPORT} carried out"
    with pytest.raises(InvalidArgumentError, match="no outcome at path"):
        model.commitments.leaf((AIR_SUPPORT, "Entrench"))


def test_s1_with_the_favour_promise_keeps_the_status_quo_label():
    model = border_deal((AIR_SUPPORT, FAVOUR))
    st = model.commitments
    assert model.status_quo == STATUS_QUO
    assert st.kind(FAVOUR) == "promise" and st.commitment(FAVOUR).trigger == "Limited"
    delivered = (FAVOUR, "Restrain", "Limited", DELIVER)
    assert model.game.label_of(delivered) == STATUS_QUO
    assert st.leaf(delivered).carried_out == (FAVOUR,)
    assert st.leaf(delivered).describe() == f"{STATUS_QUO}; {FAVOUR} delivered"
    _check_structure(model, revised_base(), _stakes(model))
    # At b_f = 3 the favour buys limited strikes: every SPE reaches the status quo, with the
    # favour delivered (read from the structure, not from the label).
    game = model.at({"b_f": 3})
    eqs = subgame_perfect(game)
    assert reached(game) == {STATUS_QUO}
    described = {
        text
        for e in eqs
        for text, p in st.describe(game.outcome_distribution(e.strategies)).items()
        if p != 0
    }
    assert described == {f"{STATUS_QUO}; {FAVOUR} delivered"}


def test_commitment_game_is_the_structures_game_and_validates_like_before():
    base = revised_base()
    stakes = _stakes(border_deal())
    three = revised_commitments((AIR_SUPPORT, S300, TOR_M1))
    assert commitment_game(base, three, reputation_cost=stakes) == border_deal().game
    with pytest.raises(InvalidArgumentError, match="at least one"):
        commitment_structure(base, [])
    st = border_deal().commitments
    with pytest.raises(InvalidArgumentError, match="no commitment 'nope'"):
        st.nodes("nope")
    with pytest.raises(InvalidArgumentError, match="unknown posture"):
        st.announced("nope")


def test_model_checks_its_commitments_against_its_game():
    model = border_deal()
    with pytest.raises(ArgumentTypeError, match="CommitmentStructure"):
        Model("x", model.game, model.parameters, SQ, commitments="threats")
    other = border_deal((AIR_SUPPORT,))
    with pytest.raises(InvalidArgumentError, match="does not match"):
        Model("x", other.game, other.parameters, SQ, commitments=model.commitments)
    # Not part of equality: a model read back from a file has no structure and is equal.
    bare = Model(model.name, model.game, model.parameters, SQ, model.description, model.claims)
    assert bare == model and hash(bare) == hash(model)


def test_bare_tree_falls_back_on_the_documented_naming_convention():
    model = border_deal((AIR_SUPPORT, FAVOUR))
    for name in model.commitments.names:
        assert credibility(model.game, name) == credibility(model, name)
        assert credibility(model.commitments, name) == credibility(model, name)
    assert obligations(model.game) == obligations(model)


# ======================================================================= status quo
def _sq_or_truce(label: str) -> bool:  # module level: picklable
    return label in (SQ, "Indian escalation")


def test_status_quo_forms():
    game, params = india_pakistan().game, india_pakistan().parameters
    one = Model("m", game, params, status_quo=SQ)
    as_set = Model("m", game, params, status_quo={SQ})
    assert as_set.status_quo == SQ and as_set == one  # a set of one label is that label
    two = Model("m", game, params, status_quo=[SQ, "Indian escalation"])
    assert two.status_quo == frozenset({SQ, "Indian escalation"})
    pred = Model("m", game, params, status_quo=_sq_or_truce)
    for m in (two, pred):
        assert m.is_status_quo(SQ) and m.is_status_quo("Indian escalation")
        assert not m.is_status_quo("war")
        assert m.status_quo_labels == frozenset({SQ, "Indian escalation"})
    assert one.status_quo_labels == frozenset({SQ}) and not one.is_status_quo("war")
    assert pred.status_quo_name == "_sq_or_truce"
    assert two.status_quo_name == "Indian escalation or status quo"
    none = Model("m", game, params)
    assert not none.is_status_quo(SQ) and none.status_quo_labels == frozenset()
    with pytest.raises(ArgumentTypeError, match="status_quo"):
        Model("m", game, params, status_quo=3)
    with pytest.raises(ArgumentTypeError, match="status_quo"):
        Model("m", game, params, status_quo=[])


def test_analysis_uses_is_status_quo():
    model = india_pakistan()
    game, params = model.game, model.parameters
    wider = Model("m", game, params, status_quo=[SQ, "Indian escalation"])
    pred = Model("m", game, params, status_quo=_sq_or_truce)
    a = robustness(wider, n=2000, seed=3, progress=False)
    b = robustness(pred, n=2000, seed=3, progress=False)
    c = robustness(model, n=2000, seed=3, progress=False)
    assert a.share == b.share >= c.share
    assert a.status_quo == "Indian escalation or status quo"
    # The batch solver takes a frozenset of labels (what the analysis passes) and pickles.
    solver = batch_solver(game, frozenset({SQ}))
    assert pickle.loads(pickle.dumps(solver)).status_quo == frozenset({SQ})
    with pytest.raises(InvalidArgumentError, match="no outcome of its game"):
        robustness(Model("m", game, params, status_quo=[SQ, "peace"]), n=10, progress=False)


def test_model_files_take_a_list_of_status_quo_labels():
    model = Model(
        "m", india_pakistan().game, india_pakistan().parameters, [SQ, "Indian escalation"]
    )
    text = format_model(model)
    assert 'status_quo = ["Indian escalation", "status quo"]' in text
    assert parse_model(text) == model
    with pytest.raises(NotSupportedError, match="predicate"):
        format_model(Model("m", model.game, model.parameters, _sq_or_truce))


# ====================================================== India and Pakistan: the promise
def test_ip_structure():
    model = india_pakistan()
    st = model.commitments
    assert st.names == WITH and st.kind(TRADE_DEAL) == "promise"
    assert [c.trigger for c in st.commitments] == ["escalate", "escalate", "restrain"]
    assert len(st.postures) == 8
    _check_structure(model, ip_base(), P["r"])


def test_trade_deal_buys_peace_at_the_defaults():
    """Sanctions alone leave India a gain (g_i - s = 1 > 0); the deal (t = 4) outbids it."""
    with_deal, without = india_pakistan(WITH), india_pakistan(WITHOUT)
    assert reached(without.at_defaults()) == {"Indian escalation"}
    game = with_deal.at_defaults()
    assert reached(game) == {SQ}
    st = with_deal.commitments
    described = {
        text
        for e in subgame_perfect(game)
        for text, p in st.describe(game.outcome_distribution(e.strategies)).items()
        if p
    }
    assert described == {f"{SQ}; {TRADE_DEAL} delivered"}


def test_trade_deal_has_positive_value():
    values = instrument_values(india_pakistan, WITH, n=4000, seed=1, progress=False)
    deal = values[TRADE_DEAL]
    assert deal.share_with > deal.share_without
    assert deal.value > 0 and deal.ci_low > 0


def test_spe_with_and_without_the_promise_at_random_points():
    """Independent of the region: the promise turns some points to peace, numerically."""
    with_deal, without = india_pakistan(WITH), india_pakistan(WITHOUT)
    gained = 0
    for point in random_points(11, 40):
        if every_spe_reaches_sq(with_deal, point) and not every_spe_reaches_sq(without, point):
            gained += 1
    assert gained > 0


FREE = ("g_i", "t", "r")


@cache
def _region(available: tuple[str, ...]):
    model = india_pakistan(available)
    return status_quo_region(model, free=tuple(n for n in FREE if n in model.parameters))


def _free(region, point):
    return {k: v for k, v in point.items() if k in region.parameters}


@pytest.mark.parametrize("available", [WITH, WITHOUT], ids=["with", "without"])
def test_region_agrees_with_spe_at_random_points(available):
    model = india_pakistan(available)
    region = _region(available)
    defaults = model.values()
    for free in random_points(5, 25, FREE):
        point = {**defaults, **_free(region, free)}
        assert region.holds(_free(region, free)) == every_spe_reaches_sq(model, point), free


def test_region_gained_by_the_promise_is_peace_with_the_deal_delivered():
    with_deal, without = india_pakistan(WITH), india_pakistan(WITHOUT)
    gained = 0
    for free in random_points(7, 60, FREE):
        if _region(WITH).holds(free) and not _region(WITHOUT).holds(_free(_region(WITHOUT), free)):
            gained += 1
            point = {**with_deal.values(), **free}
            assert every_spe_reaches_sq(with_deal, point)
            assert not every_spe_reaches_sq(without, point)
    assert gained > 0


@pytest.mark.parametrize("name", WITH)
def test_ip_credibility_agrees_with_spe_at_random_points(name):
    """Carried out at every obligation node in every SPE iff the condition holds."""
    model = india_pakistan()
    cred = credibility(model, name)
    keep = model.commitments.nodes(name)[0].carry_out
    assert cred.kind == model.commitments.kind(name) and cred.arbiter == "US"
    assert cred.nodes == model.commitments.infosets(name)
    checked = 0
    for point in random_points(17, 25):
        if point["r"] == point[COST[name]]:
            continue  # on the boundary: both actions are subgame perfect
        us = [e.strategy("US") for e in subgame_perfect(model.at(point))]
        always = all(s[h][keep] == 1 for s in us for h in cred.nodes)
        assert cred.holds(point) == always, (name, point)
        checked += 1
    assert checked >= 20
