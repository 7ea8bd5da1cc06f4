r"""S1: the 2018 border deal under Russia's threats (sequential, perfect information).

Source: model S1 of the scenario set (``docs/scenarios.md``), after the
January 2020 article on Russia's balancing act between Iran and Israel.
In spring 2018 Russia brokered an informal deal: Iranian
forces and proxies stay away from the Syrian-Israeli border, Israel stops
raiding Iranian positions that do not threaten it directly (claim 2). Russia
keeps ties with both and will not choose between them (claim 1); it wants the
status quo of tension without open conflict (claims 6, 7). Its leverage is
two threats: to leave Iranian forces without Russian air support (claim 4)
and to supply Damascus with S-300 or TOR-M1 air defences if Israeli raids go
beyond southern Syria (claim 5).

The game (the default, ``credibility="stakes"``), built from general parts
(:func:`arbiter.leverage.commitment_game`; rivals' game :func:`revised_base`,
parameters from the family table :mod:`arbiter.scenarios.syria.params`):

1. Russia chooses a posture: which threats to announce (every subset of
   *withdraw air support* against Iran, *supply S-300* and *supply TOR-M1*
   against Israel);
2. Iran restrains or entrenches near the border;
3. against a restrained Iran, Israel keeps its strikes limited or raids
   ``Deep`` (beyond southern Syria), and Iran then absorbs or answers;
   against forces entrenched at the border, Israel tolerates them
   (``Limited``) or hits them (``Strike``, which the 2018 deal allows);
4. where an announced threat's trigger happened (``Entrench`` for air
   support, ``Deep`` for the air defences), Russia carries it out (a
   delivery costs it ``k + rho L``: the clash risk) or backs down, paying
   its stakes ``e v T``: the share ``e`` of its per-period value of the
   status quo ``v``, lost over the horizon ``T = delta/(1 - delta)``.

Base payoffs (Iran, Israel, Russia):

============================  =============  =============  =========
Iran / Israel (/ Iran)        Iran           Israel         Russia
============================  =============  =============  =========
Restrain / Limited            0              0              v
Restrain / Deep / Absorb      -d_r           g_d            0
Restrain / Deep / Answer      -d_r + a_n     g_d - c_a      -L
Entrench / Limited            g_e            -c_e           0
Entrench / Strike             g_e - d_r      h - c_e        -L
============================  =============  =============  =========

"Restrain / Limited" is the *status quo*. Every default is an illustrative
number, not a measurement: each comes with a plausible range and a one-line
reason, and the analysis sweeps the range. ``credibility="audience"`` prices
backing down at a lump-sum ``r`` instead; ``credibility="lump-sum"`` is the
first version (:func:`border_deal_base`: Israel's ``Deep`` against entrenched
forces triggers the air-defence threats too, no answer by Iran, backing
down costs ``r``, parameters :data:`BORDER_DEAL_PARAMETERS`).

>>> from arbiter.solve.regimes import regimes
>>> model = border_deal()
>>> model.status_quo
'status quo'

Outcome labels are the base game's (a leaf after a carried-out threat is
still ``"entrenchment"``); the threats, their obligation nodes and what
Russia did on the way to each leaf are in ``model.commitments``:

>>> model.commitments.names
('withdraw air support', 'supply S-300', 'supply TOR-M1')
>>> model.commitments.leaf(("withdraw air support", "Entrench", "Limited", "carry out")).describe()
'entrenchment; withdraw air support carried out'
"""

from __future__ import annotations

from arbiter.errors import InvalidArgumentError
from arbiter.games.model import Model
from arbiter.games.parameters import Parameter
from arbiter.games.tree import SequentialGame, decision, outcome
from arbiter.leverage.commitment import commitment_structure
from arbiter.leverage.instruments import Instrument, Promise, Threat
from arbiter.scenarios.syria.params import (
    FAMILY_PARAMETERS,
    FIRST_VERSION,
    check_credibility,
    family,
    reputation_cost,
)

__all__ = [
    "AIR_SUPPORT",
    "BORDER_DEAL_PARAMETERS",
    "FAVOUR",
    "S300",
    "STATUS_QUO",
    "TOR_M1",
    "border_deal",
    "border_deal_base",
    "revised_base",
]

STATUS_QUO = "status quo"
AIR_SUPPORT = "withdraw air support"
S300 = "supply S-300"
TOR_M1 = "supply TOR-M1"
FAVOUR = "favour to Israel"

_ILL = "illustrative"

BORDER_DEAL_PARAMETERS = (
    # Iran
    Parameter(
        "g_e",
        3,
        0,
        8,
        "Iran's gain from entrenching near the border",
        f"{_ILL}: a forward position is valuable but not vital to Tehran",
    ),
    Parameter(
        "d_r",
        2,
        0,
        6,
        "Iran's damage from deep Israeli raids",
        f"{_ILL}: raids have hurt Iranian positions without dislodging them",
    ),
    Parameter(
        "w",
        5,
        0,
        10,
        "Iran's loss if Russian air support is withdrawn (claim 4)",
        f"{_ILL}: Iranian ground forces depend on Russian air cover",
    ),
    # Israel
    Parameter(
        "c_e",
        4,
        0,
        8,
        "Israel's cost of an unanswered Iranian entrenchment",
        f"{_ILL}: Israel treats entrenchment on its border as a direct threat",
    ),
    Parameter(
        "g_d",
        2,
        0,
        6,
        "Israel's gain from deep raids against restrained forces",
        f"{_ILL}: raids degrade Iranian capabilities across Syria",
    ),
    Parameter(
        "h",
        3,
        0,
        6,
        "Israel's extra gain from hitting entrenched forces",
        f"{_ILL}: entrenched forces near the border are the priority target",
    ),
    Parameter(
        "s_300",
        6,
        0,
        12,
        "Israel's loss if Damascus gets S-300 (claim 5)",
        f"{_ILL}: long-range system, constrains Israeli air operations",
    ),
    Parameter(
        "s_tor",
        3,
        0,
        8,
        "Israel's loss if Damascus gets TOR-M1 (claim 5)",
        f"{_ILL}: short-range system, a smaller constraint than S-300",
    ),
    # Russia
    Parameter(
        "v",
        6,
        0,
        12,
        "Russia's value of the status quo (claim 6)",
        f"{_ILL}: the arbiter's leverage and prestige",
    ),
    Parameter(
        "L",
        10,
        0,
        20,
        "Russia's loss from open confrontation (claim 7)",
        f"{_ILL}: being forced to take sides is what Russia fears most",
    ),
    Parameter(
        "k_w",
        1,
        0,
        6,
        "Russia's cost of withdrawing air support",
        f"{_ILL}: risk to Damascus and to ties with Tehran",
    ),
    Parameter(
        "k_300",
        3,
        0,
        8,
        "Russia's cost of supplying S-300",
        f"{_ILL}: ties with Israel and trade ($5bn in 2019, claim 10)",
    ),
    Parameter(
        "k_tor",
        1,
        0,
        6,
        "Russia's cost of supplying TOR-M1",
        f"{_ILL}: a smaller system, a smaller affront to Israel",
    ),
    Parameter(
        "r",
        2,
        0,
        8,
        "Russia's reputation cost of backing down from an announced threat",
        f"{_ILL}: an audience cost; zero makes threats cheap talk",
    ),
    Parameter(
        "b_f",
        1,
        0,
        4,
        "Israel's benefit from a Russian favour (claim 10)",
        f"{_ILL}: a prisoner released before an election, trade ($5bn in 2019)",
    ),
    Parameter(
        "k_f",
        0,
        0,
        2,
        "Russia's cost of granting the favour",
        f"{_ILL}: favours to Israel cost Moscow little beyond Tehran's irritation",
    ),
)


def border_deal_base() -> SequentialGame:
    """The first version's rivals' game, without Russia's threats (Iran moves, then Israel)."""
    p = {q.name: q.symbol for q in BORDER_DEAL_PARAMETERS}
    return SequentialGame(
        decision(
            "Iran",
            {
                "Restrain": decision(
                    "Israel",
                    {
                        "Limited": outcome(
                            {"Iran": 0, "Israel": 0, "Russia": p["v"]}, label=STATUS_QUO
                        ),
                        "Deep": outcome(
                            {"Iran": -p["d_r"], "Israel": p["g_d"], "Russia": 0},
                            label="deep raids",
                        ),
                    },
                ),
                "Entrench": decision(
                    "Israel",
                    {
                        "Limited": outcome(
                            {"Iran": p["g_e"], "Israel": -p["c_e"], "Russia": 0},
                            label="entrenchment",
                        ),
                        "Deep": outcome(
                            {
                                "Iran": p["g_e"] - p["d_r"],
                                "Israel": p["g_d"] + p["h"] - p["c_e"],
                                "Russia": -p["L"],
                            },
                            label="open confrontation",
                        ),
                    },
                ),
            },
        ),
        players=("Iran", "Israel", "Russia"),
    )


def instruments() -> dict[str, Instrument]:
    """Russia's instruments in the first version of S1, by name."""
    p = {q.name: q.symbol for q in BORDER_DEAL_PARAMETERS}
    return {
        AIR_SUPPORT: Instrument(
            AIR_SUPPORT,
            "Russia",
            "Iran",
            effect=p["w"],
            cost=p["k_w"],
            description="leave Iranian forces and proxies without Russian air support",
        ),
        S300: Instrument(
            S300,
            "Russia",
            "Israel",
            effect=p["s_300"],
            cost=p["k_300"],
            description="supply Damascus with S-300 air defences",
        ),
        TOR_M1: Instrument(
            TOR_M1,
            "Russia",
            "Israel",
            effect=p["s_tor"],
            cost=p["k_tor"],
            description="supply Damascus with TOR-M1 air defences",
        ),
        FAVOUR: Instrument(
            FAVOUR,
            "Russia",
            "Israel",
            effect=p["b_f"],
            cost=p["k_f"],
            kind="benefit",
            description="a favour to Israel (claim 10) in exchange for limited strikes",
        ),
    }


def threats(
    names: tuple[str, ...] = (AIR_SUPPORT, S300, TOR_M1),
) -> tuple[Threat | Promise, ...]:
    """The first version's S1 commitments: air support against entrenchment, air defences
    against any deep raid, and (if named) the favour to Israel promised for limited strikes."""
    inst = instruments()
    unknown = [n for n in names if n not in inst]
    if unknown:
        raise InvalidArgumentError(
            f"unknown S1 instrument(s) {unknown}; choose from {sorted(inst)}"
        )
    trigger = {AIR_SUPPORT: "Entrench", S300: "Deep", TOR_M1: "Deep"}
    return tuple(
        Promise(inst[n], "Limited") if n == FAVOUR else Threat(inst[n], trigger[n]) for n in names
    )


def border_deal(
    available: tuple[str, ...] = (AIR_SUPPORT, S300, TOR_M1),
    *,
    credibility: str = "stakes",
) -> Model:
    """S1 as a :class:`~arbiter.games.model.Model`; ``available`` limits Russia's threats.

    ``border_deal(())`` is the standoff without any threat (Russia can only
    watch), ``border_deal((AIR_SUPPORT,))`` gives it only the air-support
    threat, and so on: comparing their status-quo regions values each
    instrument. ``FAVOUR`` adds Russia's inducement to Israel (claim 10): a
    promise of a favour if Israel keeps its strikes limited.

    ``credibility`` chooses the version. ``"stakes"`` (the default) and
    ``"audience"`` build the revised model (:func:`revised_base`, parameters
    from :mod:`arbiter.scenarios.syria.params`): the air-defence threats
    trigger only on deep raids against a restrained Iran, Iran can answer
    deep raids, a delivery costs Russia its clash risk ``rho L`` besides
    ``k``, and backing down costs Russia ``e v T`` (its stakes: the role it
    loses when a bluff is exposed) or, for comparison, the audience cost
    ``r``. ``"lump-sum"`` is the first version (before issue 13): one
    lump-sum reputation cost ``r``, the air-defence threats triggered by any
    deep raid, its own parameter table :data:`BORDER_DEAL_PARAMETERS`.

    >>> from arbiter.leverage.credibility import credibility as cred
    >>> print(cred(border_deal(), AIR_SUPPORT).condition)
    T*e*v > k_w
    >>> print(cred(border_deal(credibility="lump-sum"), AIR_SUPPORT).condition)
    r > k_w
    """
    if credibility != FIRST_VERSION:
        return _revised(available, credibility)
    base = border_deal_base()
    p = {q.name: q.symbol for q in BORDER_DEAL_PARAMETERS}
    structure = None
    game = base
    if available:
        structure = commitment_structure(base, threats(available), reputation_cost=p["r"])
        game = structure.game
    used = {s.name for s in game.parameters}
    return Model(
        name=f"border-deal-{FIRST_VERSION}",
        game=game,
        parameters=tuple(q for q in BORDER_DEAL_PARAMETERS if q.name in used),
        # Outcome labels are the base game's: with the favour on offer, the status quo is
        # still "status quo" (the favour delivered or not is in model.commitments).
        status_quo=STATUS_QUO,
        description=(
            "S1 (first version): Russia announces threats, Iran restrains or entrenches, "
            "Israel strikes limited or deep, Russia carries out or backs down."
        ),
        claims=(1, 2, 4, 5, 6, 7, *((10,) if FAVOUR in available else ())),
        commitments=structure,
    )


# ====================================================================== revised S1
#: Israel's action against forces entrenched at the border (allowed by the 2018 deal).
STRIKE = "Strike"
DEEP = "Deep"
ANSWER, ABSORB = "Answer", "Absorb"


def revised_base() -> SequentialGame:
    """The rivals' game of the revised S1 (parameters from the family table).

    Iran restrains or entrenches. Against a restrained Iran, Israel keeps its
    strikes limited or raids ``Deep`` (beyond southern Syria), and Iran then
    absorbs or answers. Against forces entrenched at the border, Israel
    tolerates them (``Limited``) or hits them (``Strike``): the strike is what
    the 2018 deal allows, so it does not trigger the air-defence threats.
    """
    p = FAMILY_PARAMETERS.symbols
    deep = decision(
        "Iran",
        {
            ABSORB: outcome(
                {"Iran": -p["d_r"], "Israel": p["g_d"], "Russia": 0}, label="deep raids"
            ),
            ANSWER: outcome(
                {"Iran": -p["d_r"] + p["a_n"], "Israel": p["g_d"] - p["c_a"], "Russia": -p["L"]},
                label="open confrontation",
            ),
        },
    )
    return SequentialGame(
        decision(
            "Iran",
            {
                "Restrain": decision(
                    "Israel",
                    {
                        "Limited": outcome(
                            {"Iran": 0, "Israel": 0, "Russia": p["v"]}, label=STATUS_QUO
                        ),
                        DEEP: deep,
                    },
                ),
                "Entrench": decision(
                    "Israel",
                    {
                        "Limited": outcome(
                            {"Iran": p["g_e"], "Israel": -p["c_e"], "Russia": 0},
                            label="entrenchment",
                        ),
                        STRIKE: outcome(
                            {
                                "Iran": p["g_e"] - p["d_r"],
                                "Israel": p["h"] - p["c_e"],
                                "Russia": -p["L"],
                            },
                            label="open confrontation",
                        ),
                    },
                ),
            },
        ),
        players=("Iran", "Israel", "Russia"),
    )


def revised_commitments(names: tuple[str, ...]) -> tuple[Threat | Promise, ...]:
    """The revised S1's threats and promise: a delivery costs Russia ``k + rho L``."""
    p = FAMILY_PARAMETERS.symbols
    clash = p["rho"] * p["L"]
    inst = {
        AIR_SUPPORT: Instrument(
            AIR_SUPPORT,
            "Russia",
            "Iran",
            effect=p["w"],
            cost=p["k_w"],
            description="leave Iranian forces without Russian air support",
        ),
        S300: Instrument(
            S300,
            "Russia",
            "Israel",
            effect=p["s_300"],
            cost=p["k_300"] + clash,
            description="supply Damascus with S-300: Israel's later raids cost "
            "more, Russia risks a clash with Israel",
        ),
        TOR_M1: Instrument(
            TOR_M1,
            "Russia",
            "Israel",
            effect=p["s_tor"],
            cost=p["k_tor"] + clash,
            description="supply Damascus with TOR-M1: Israel's later raids cost "
            "more, Russia risks a clash with Israel",
        ),
        FAVOUR: Instrument(
            FAVOUR,
            "Russia",
            "Israel",
            effect=p["b_f"],
            cost=p["k_f"],
            kind="benefit",
            description="a favour to Israel for limited strikes",
        ),
    }
    unknown = [n for n in names if n not in inst]
    if unknown:
        raise InvalidArgumentError(
            f"unknown S1 instrument(s) {unknown}; choose from {sorted(inst)}"
        )
    trigger = {AIR_SUPPORT: "Entrench", S300: DEEP, TOR_M1: DEEP}
    return tuple(
        Promise(inst[n], "Limited") if n == FAVOUR else Threat(inst[n], trigger[n]) for n in names
    )


def _revised(available: tuple[str, ...], credibility: str) -> Model:
    cost = reputation_cost(check_credibility(credibility, "border_deal"))
    base = revised_base()
    structure = None
    game = base
    if available:
        structure = commitment_structure(base, revised_commitments(available), reputation_cost=cost)
        game = structure.game
    used = {s.name for s in game.parameters}
    return Model(
        name="border-deal" if credibility == "stakes" else f"border-deal-{credibility}",
        game=game,
        parameters=tuple(q for q in family(*used)),
        status_quo=STATUS_QUO,
        description=(
            "S1: Russia announces threats, Iran restrains or entrenches, Israel "
            "raids deep or strikes entrenched forces, Iran may answer deep raids; backing down "
            f"costs Russia {'its stakes e v T' if credibility == 'stakes' else 'r'}."
        ),
        claims=(1, 2, 4, 5, 6, 7, *((10,) if FAVOUR in available else ())),
        commitments=structure,
    )
