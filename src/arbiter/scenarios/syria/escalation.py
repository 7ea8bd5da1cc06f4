r"""S2: escalation after a US strike (sequential, with chance).

Source: model S2 of the scenario set (``docs/scenarios.md``), after the
January 2020 article on Russia's balancing act between Iran and Israel.
After US drones killed General Soleimani, Iran could absorb
the blow, retaliate in a limited way against US positions, or strike Israel
(Haifa had been named as a target). An Iranian strike on Israel would likely
bring a US response and a major regional conflict that would force Russia to
take sides at a diplomatic loss (claim 7); the fall of the regime in Tehran
is against Russia's interest and Russia would oppose any action that
threatens it (claim 8). Iran chose limited attacks on US positions in Iraq,
which relieved Russia (claim 9). Russia's lever on Iran is the threat to
leave Iranian forces without Russian air support (claim 4).

The game (the default, ``credibility="stakes"``; :func:`revised_escalation_game`,
parameters from the family table :mod:`arbiter.scenarios.syria.params`):

1. Russia chooses a posture: ``"no warning"`` or ``"warn Iran"`` (announce
   that it will withdraw air support if Iran strikes Israel);
2. Iran chooses ``Absorb``, ``Limited retaliation`` (against US positions)
   or ``Strike Israel``;
3. after a strike under the warning, Russia at once carries it out
   (withdraws air support: Iran loses :math:`w`, Russia pays :math:`k_w` and
   stays neutral in any war) or backs down, paying its stakes
   :math:`e\,v\,T`;
4. the US (a player) responds or stays out (Israel then retaliates alone);
   in a war Russia stays neutral, backs Iran (diplomatic loss :math:`c_i`)
   or backs Israel (:math:`c_s`), and the regime in Tehran falls with
   probability :math:`p_f`, :math:`p_f - m` or :math:`p_f + m` (plus
   :math:`\varphi` if Russia withdrew its air support), which costs Russia
   :math:`f_t` times that probability.

**Claims 4 and 8 pull against each other.** The warning's credibility is
not a restated cost: it comes out of the subgame after the strike, and
Russia's stake in Tehran :math:`f_t` enters through the war it would face.
With the other parameters at their defaults the warning is credible exactly
when :math:`5 f_t + 40 k_w < 96`: the more Russia needs the regime in
Tehran, the less it can threaten to abandon Iran.

**Status quo.** What Russia wants is no war (claims 6, 7); the outcome the
article reports, and that relieved Russia, is limited retaliation (claim 9),
so ``model.status_quo`` is ``"limited retaliation"``. ``"absorb"`` is also an
outcome without war (Russia values it equally) but is not counted as the
status quo: over most of the plausible range Iran's loss of face from
absorbing the killing (:math:`a_i \ge 2`) exceeds the cost of a limited
response (:math:`c_l \le 3`), so Iran rarely absorbs.

``credibility="audience"`` prices backing down at a lump-sum :math:`r`;
``credibility="lump-sum"`` is the first version (:func:`escalation_base`:
the US a chance node with probability :math:`q`, withdrawal and backing
Iran possible together, backing down costs :math:`r`, parameters
:data:`ESCALATION_PARAMETERS`). Every default is an illustrative number, not
a measurement; each has a plausible range and a one-line reason, and the
analysis sweeps the range.

>>> from arbiter.solve.spe import subgame_perfect
>>> model = escalation()
>>> {label for e in subgame_perfect(model.at_defaults()) for label in e.outcome}
{'limited retaliation'}
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from arbiter.games.model import Model
from arbiter.games.parameters import Parameter
from arbiter.games.tree import SequentialGame, chance, decision, outcome
from arbiter.leverage.commitment import BACK_DOWN, CARRY_OUT, commitment_structure
from arbiter.leverage.instruments import Instrument, Threat
from arbiter.scenarios.syria._structure import hand_structure
from arbiter.scenarios.syria.params import (
    FAMILY_PARAMETERS,
    FIRST_VERSION,
    check_credibility,
    family,
    reputation_cost,
)

__all__ = [
    "ABSORB",
    "AIR_SUPPORT",
    "ESCALATION_PARAMETERS",
    "LIMITED",
    "NO_WARNING",
    "STATUS_QUO",
    "STRIKE",
    "WARN",
    "air_support_threat",
    "escalation",
    "escalation_base",
    "revised_escalation_game",
]

ABSORB = "Absorb"
LIMITED = "Limited retaliation"
STRIKE = "Strike Israel"
AIR_SUPPORT = "withdraw air support"
NO_WARNING = "no warning"
WARN = "warn Iran"
STATUS_QUO = "limited retaliation"

_ILL = "illustrative"

ESCALATION_PARAMETERS = (
    # Iran
    Parameter(
        "a_i",
        3,
        2,
        6,
        "Iran's loss of face if it absorbs the killing of Soleimani without a response",
        f"{_ILL}: Tehran had promised revenge in public",
    ),
    Parameter(
        "c_l",
        1,
        0,
        3,
        "Iran's cost of limited retaliation against US positions (US counter-measures)",
        f"{_ILL}: the January 2020 strikes on bases in Iraq drew no US military reply",
    ),
    Parameter(
        "g_s",
        4,
        0,
        8,
        "Iran's gain from striking Israel (revenge on the closest US ally)",
        f"{_ILL}: Haifa was named as a target; a strike restores deterrence at home",
    ),
    Parameter(
        "d_x",
        3,
        0,
        8,
        "Iran's damage from Israel's retaliation when the US stays out",
        f"{_ILL}: Israel has repeatedly hit Iranian positions in Syria",
    ),
    Parameter(
        "d_w",
        12,
        4,
        20,
        "Iran's loss in a major war with the US (claim 7)",
        f"{_ILL}: far larger than any gain from revenge",
    ),
    Parameter(
        "b_i",
        4,
        0,
        8,
        "How much Russian backing helps Iran in the war (and backing Israel hurts it)",
        f"{_ILL}: diplomatic cover, arms and intelligence, not Russian troops",
    ),
    Parameter(
        "w",
        5,
        0,
        10,
        "Iran's loss if Russian air support is withdrawn (claim 4)",
        f"{_ILL}: Iranian ground forces depend on Russian air cover (as in S1)",
    ),
    # the US (chance)
    Parameter(
        "q",
        Fraction(3, 4),
        Fraction(1, 4),
        1,
        "Probability that the US responds to an Iranian strike on Israel (claim 7)",
        f"{_ILL}: the article: an attack on Israel 'would likely elicit a response'",
    ),
    # Russia
    Parameter(
        "v",
        6,
        0,
        12,
        "Russia's value of the status quo: tension without war (claim 6)",
        f"{_ILL}: the arbiter's leverage and prestige (as in S1)",
    ),
    Parameter(
        "L",
        10,
        0,
        20,
        "Russia's loss from a major regional war (claim 7)",
        f"{_ILL}: Russia wants to avoid it 'at any cost' (as in S1)",
    ),
    Parameter(
        "c_i",
        6,
        0,
        12,
        "Russia's diplomatic loss from backing Iran in the war (claim 7)",
        f"{_ILL}: ties with Israel and the West, $5bn of trade with Israel",
    ),
    Parameter(
        "c_s",
        4,
        0,
        10,
        "Russia's diplomatic loss from backing Israel in the war (claim 7)",
        f"{_ILL}: ties with Tehran, its partner in Syria",
    ),
    Parameter(
        "f_t",
        8,
        0,
        16,
        "Russia's loss from risking the fall of the regime in Tehran (claim 8)",
        f"{_ILL}: Iran is a bulwark against US hegemony; Russia 'would always staunchly "
        "oppose' a threat to the regime",
    ),
    Parameter(
        "k_w",
        1,
        0,
        6,
        "Russia's cost of withdrawing air support, apart from the risk to Tehran",
        f"{_ILL}: the risk to Damascus (as in S1)",
    ),
    Parameter(
        "phi",
        Fraction(1, 4),
        0,
        1,
        "Share of the risk to the regime added by withdrawing air support (claims 4, 8)",
        f"{_ILL}: exposed Iranian forces weaken Tehran, but the war is fought elsewhere",
    ),
    Parameter(
        "r",
        2,
        0,
        8,
        "Russia's reputation cost of backing down from its warning",
        f"{_ILL}: an audience cost; zero makes the warning cheap talk (as in S1)",
    ),
)


def _symbols() -> dict:
    return {p.name: p.symbol for p in ESCALATION_PARAMETERS}


def escalation_base() -> SequentialGame:
    """The first version's game without Russia's warning: Iran moves, chance (the US), then
    Russia in a war."""
    p = _symbols()
    war = decision(
        "Russia",
        {
            "Neutral": outcome(
                {"Iran": p["g_s"] - p["d_w"], "Russia": -p["L"] - p["f_t"]},
                label="war, Russia neutral",
            ),
            "Back Iran": outcome(
                {"Iran": p["g_s"] - p["d_w"] + p["b_i"], "Russia": -p["L"] - p["c_i"]},
                label="war, Russia backs Iran",
            ),
            "Back Israel": outcome(
                {
                    "Iran": p["g_s"] - p["d_w"] - p["b_i"],
                    "Russia": -p["L"] - p["c_s"] - p["f_t"],
                },
                label="war, Russia backs Israel",
            ),
        },
    )
    strike = chance(
        {
            "US responds": (p["q"], war),
            "US stays out": (
                1 - p["q"],
                outcome({"Iran": p["g_s"] - p["d_x"], "Russia": 0}, label="Israeli retaliation"),
            ),
        }
    )
    return SequentialGame(
        decision(
            "Iran",
            {
                ABSORB: outcome({"Iran": -p["a_i"], "Russia": p["v"]}, label="absorb"),
                LIMITED: outcome({"Iran": -p["c_l"], "Russia": p["v"]}, label=STATUS_QUO),
                STRIKE: strike,
            },
        ),
        players=("Iran", "Russia"),
    )


def air_support_threat() -> Threat:
    """The first version's warning: withdraw air support from Iranian forces if Iran strikes
    Israel."""
    p = _symbols()
    instrument = Instrument(
        AIR_SUPPORT,
        "Russia",
        "Iran",
        effect=p["w"],
        cost=p["k_w"] + p["phi"] * p["f_t"],
        description=(
            "leave Iranian forces and proxies without Russian air support; it raises the "
            "risk to the regime in Tehran"
        ),
    )
    return Threat(instrument, trigger=STRIKE)


def escalation(*, credibility: str = "stakes") -> Model:
    """S2 as a :class:`~arbiter.games.model.Model` (status quo: ``"limited retaliation"``).

    ``"stakes"`` (the default) or ``"audience"`` builds the revised model
    (:func:`revised_escalation_game`): the US is a player, Russia decides on
    its warning right after the strike (so withdrawing air support goes only
    with neutrality), the regime in Tehran falls with a probability that
    depends on Russia's stance and on the US response, and backing down costs
    Russia ``e v T`` (or ``r``). ``"lump-sum"`` is the first version (before
    issue 13): the US as a chance node ``q``, backing down costs ``r``, its
    own parameter table :data:`ESCALATION_PARAMETERS`.
    """
    if credibility != FIRST_VERSION:
        return _revised(credibility)
    p = _symbols()
    structure = commitment_structure(
        escalation_base(),
        [air_support_threat()],
        reputation_cost=p["r"],
        postures={NO_WARNING: (), WARN: (AIR_SUPPORT,)},
    )
    return Model(
        name=f"escalation-{FIRST_VERSION}",
        game=structure.game,
        parameters=ESCALATION_PARAMETERS,
        status_quo=STATUS_QUO,
        description=(
            "S2 (first version): after a US strike, Iran absorbs, retaliates in a limited way "
            "or strikes Israel; the US may respond; Russia takes a side in the war and may have "
            "warned Iran that it would withdraw air support."
        ),
        claims=(4, 6, 7, 8, 9),
        commitments=structure,
    )


# ====================================================================== revised S2
RESPOND, STAY_OUT = "Respond", "Stay out"
NEUTRAL, BACK_IRAN, BACK_ISRAEL = "Neutral", "Back Iran", "Back Israel"


def _revised_threat() -> Threat:
    p = FAMILY_PARAMETERS.symbols
    return Threat(
        Instrument(
            AIR_SUPPORT,
            "Russia",
            "Iran",
            effect=p["w"],
            cost=p["k_w"],
            description="leave Iranian forces without Russian air support; Russia then "
            "stays neutral in a war, and the regime is more exposed",
        ),
        trigger=STRIKE,
    )


def _after_strike(withdrawn: bool, backed_down: Any) -> Any:
    """The US decides; if it responds, Russia takes a side (only neutrality if it withdrew)."""
    p = FAMILY_PARAMETERS.symbols
    extra = -p["k_w"] if withdrawn else -backed_down
    lost = p["w"] if withdrawn else 0

    def war(stance: str) -> Any:
        iran_side, israel_side = int(stance == BACK_IRAN), int(stance == BACK_ISRAEL)
        fall = p["p_f"] - p["m"] * iran_side + p["m"] * israel_side + p["phi"] * int(withdrawn)
        return outcome(
            {
                "Iran": p["g_s"] - p["d_w"] + p["b_i"] * (iran_side - israel_side) - lost,
                "US": p["u_r"] - p["b_u"] * iran_side,
                "Russia": -p["L"]
                - p["c_i"] * iran_side
                - p["c_s"] * israel_side
                - p["f_t"] * fall
                + extra,
            },
            label={
                NEUTRAL: "war, Russia neutral",
                BACK_IRAN: "war, Russia backs Iran",
                BACK_ISRAEL: "war, Russia backs Israel",
            }[stance],
        )

    stances = (NEUTRAL,) if withdrawn else (NEUTRAL, BACK_IRAN, BACK_ISRAEL)
    respond = war(NEUTRAL) if withdrawn else decision("Russia", {s: war(s) for s in stances})
    return decision(
        "US",
        {
            RESPOND: respond,
            STAY_OUT: outcome(
                {"Iran": p["g_s"] - p["d_x"] - lost, "US": 0, "Russia": extra},
                label="Israeli retaliation",
            ),
        },
    )


def revised_escalation_game(credibility: str = "stakes") -> tuple[SequentialGame, Any]:
    """The revised S2 tree and its commitment structure.

    Russia announces ``"no warning"`` or ``"warn Iran"``; Iran absorbs,
    retaliates in a limited way or strikes Israel. After a strike under the
    warning, Russia at once carries it out (withdraws air support: Iran loses
    ``w``, Russia pays ``k_w`` and is neutral in any war) or backs down (pays
    its reputation cost, ``e v T`` or ``r``). The US then responds or stays
    out (Israel retaliates alone); in a war Russia stays neutral, backs Iran or
    backs Israel, and the regime falls with probability ``p_f`` (Russia
    neutral), ``p_f - m`` (backing Iran), ``p_f + m`` (backing Israel), plus
    ``phi`` if Russia withdrew its air support; Russia loses ``f_t`` times
    that probability.
    """
    cost = reputation_cost(check_credibility(credibility, "escalation"))
    p = FAMILY_PARAMETERS.symbols

    def iran(warned: bool, posture: str) -> Any:
        if warned:
            strike = decision(
                "Russia",
                {CARRY_OUT: _after_strike(True, cost), BACK_DOWN: _after_strike(False, cost)},
                infoset=f"{AIR_SUPPORT} at {posture}/{STRIKE}",
            )
        else:
            strike = _after_strike(False, 0)
        return decision(
            "Iran",
            {
                ABSORB: outcome({"Iran": -p["a_i"], "US": 0, "Russia": p["v"]}, label="absorb"),
                LIMITED: outcome({"Iran": -p["c_l"], "US": 0, "Russia": p["v"]}, label=STATUS_QUO),
                STRIKE: strike,
            },
        )

    players = ("Iran", "US", "Russia")
    game = SequentialGame(
        decision(
            "Russia",
            {NO_WARNING: iran(False, NO_WARNING), WARN: iran(True, WARN)},
            infoset="posture",
        ),
        players=players,
    )
    base = SequentialGame(iran(False, NO_WARNING), players=players)
    structure = hand_structure(
        game, base, (_revised_threat(),), {NO_WARNING: (), WARN: (AIR_SUPPORT,)}, cost
    )
    return game, structure


def _revised(credibility: str) -> Model:
    game, structure = revised_escalation_game(credibility)
    used = {s.name for s in game.parameters}
    return Model(
        name="escalation" if credibility == "stakes" else f"escalation-{credibility}",
        game=game,
        parameters=family(*used),
        status_quo=STATUS_QUO,
        description=(
            "S2: after a US strike, Iran absorbs, retaliates in a limited way or "
            "strikes Israel; Russia keeps or drops its warning at once, the US responds or not, "
            "and in a war Russia takes a side; the regime's fall is a probability."
        ),
        claims=(4, 6, 7, 8, 9),
        commitments=structure,
    )
