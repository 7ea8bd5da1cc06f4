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

The game, built from general parts (:func:`arbiter.games.tree.decision`,
:func:`~arbiter.games.tree.chance`, :func:`~arbiter.games.tree.outcome` and
:func:`arbiter.leverage.commitment_game`):

1. Russia chooses a posture: ``"no warning"`` or ``"warn Iran"`` (announce
   that it will withdraw air support if Iran strikes Israel);
2. Iran chooses ``Absorb``, ``Limited retaliation`` (against US positions)
   or ``Strike Israel``;
3. after a strike on Israel, the US responds with probability :math:`q` (a
   chance node); if it does, a major war follows in which Russia chooses
   ``Neutral`` (risking the fall of the regime in Tehran, cost :math:`f_t`),
   ``Back Iran`` (diplomatic loss :math:`c_i`) or ``Back Israel``
   (diplomatic loss :math:`c_s`, and the regime is as exposed as under
   neutrality); if it does not, Israel retaliates alone;
4. if Russia warned Iran and Iran struck Israel, Russia carries out the
   threat (Iran loses :math:`w`; Russia pays :math:`k_w + \varphi f_t`) or
   backs down (Russia pays the reputation cost :math:`r`).

Payoffs (Iran, Russia) before the threat:

==================================  =======================  ======================
outcome                             Iran                     Russia
==================================  =======================  ======================
absorb                              :math:`-a_i`             :math:`v`
limited retaliation                 :math:`-c_l`             :math:`v`
Israeli retaliation (US stays out)  :math:`g_s - d_x`        :math:`0`
war, Russia neutral                 :math:`g_s - d_w`        :math:`-L - f_t`
war, Russia backs Iran              :math:`g_s - d_w + b_i`  :math:`-L - c_i`
war, Russia backs Israel            :math:`g_s - d_w - b_i`  :math:`-L - c_s - f_t`
==================================  =======================  ======================

**Claims 4 and 8 pull against each other.** Withdrawing air support from
Iranian forces after Iran has struck Israel leaves Iran exposed to the US
and Israeli response: it raises the risk to the regime in Tehran, which
costs Russia the share :math:`\varphi` of its stake :math:`f_t`. So the
cost of carrying out the threat is :math:`k_w + \varphi f_t`, and the threat
is credible exactly when

.. math::

    r > k_w + \varphi\, f_t \quad\Longleftrightarrow\quad
    f_t < \frac{r - k_w}{\varphi}:

the more Russia needs the regime in Tehran, the less it can threaten to
abandon Iran (:func:`arbiter.leverage.credibility.credibility` finds this
condition from the tree). At the defaults :math:`(r - k_w)/\varphi = 4 <
f_t = 8`: the warning is cheap talk, and Iran is held back by the likely US
response, not by Russia. Russia's stake acts twice: it also makes Russia
back Iran in a war (:math:`f_t > c_i`), which softens the war for Iran.

**Status quo.** What Russia wants is no war (claims 6, 7); the outcome the
article reports, and that relieved Russia, is limited retaliation (claim 9),
so ``model.status_quo`` is ``"limited retaliation"``. ``"absorb"`` is also an
outcome without war (Russia values it equally) but is not counted as the
status quo: over most of the plausible range Iran's loss of face from
absorbing the killing (:math:`a_i \ge 2`) exceeds the cost of a limited
response (:math:`c_l \le 3`), so Iran rarely absorbs.

Every default is an illustrative number, not a measurement; each has a
plausible range and a one-line reason, and the analysis sweeps the range.

>>> from arbiter.solve.spe import subgame_perfect
>>> model = escalation()
>>> {label for e in subgame_perfect(model.at_defaults()) for label in e.outcome}
{'limited retaliation'}
"""

from __future__ import annotations

from fractions import Fraction

from arbiter.games.model import Model
from arbiter.games.parameters import Parameter
from arbiter.games.tree import SequentialGame, chance, decision, outcome
from arbiter.leverage.commitment import commitment_structure
from arbiter.leverage.instruments import Instrument, Threat

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
    """The game without Russia's warning: Iran moves, chance (the US), then Russia in a war."""
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
    """Russia's warning: withdraw air support from Iranian forces if Iran strikes Israel."""
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


def escalation() -> Model:
    """S2 as a :class:`~arbiter.games.model.Model` (status quo: ``"limited retaliation"``)."""
    p = _symbols()
    structure = commitment_structure(
        escalation_base(),
        [air_support_threat()],
        reputation_cost=p["r"],
        postures={NO_WARNING: (), WARN: (AIR_SUPPORT,)},
    )
    return Model(
        name="escalation",
        game=structure.game,
        parameters=ESCALATION_PARAMETERS,
        status_quo=STATUS_QUO,
        description=(
            "S2: after a US strike, Iran absorbs, retaliates in a limited way or strikes "
            "Israel; the US may respond; Russia takes a side in the war and may have warned "
            "Iran that it would withdraw air support."
        ),
        claims=(4, 6, 7, 8, 9),
        commitments=structure,
    )
