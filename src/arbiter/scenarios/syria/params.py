r"""One parameter table for the Syria family (S1, S2, S5; their first versions excepted).

Every revised model draws its parameters from :data:`FAMILY_PARAMETERS`:
one name, one default, one plausible range and one reason per quantity,
whatever model uses it (the first versions had ``L = 10 / 4 / 20`` and
``v = 6 / 10`` in different models; here ``L`` and ``v`` mean one thing
each). ``docs/scenarios.md`` prints this table once.

**Credibility from stakes.** The arbiter's cost of backing down from an
announced threat is what it stands to lose when the threat is exposed as
empty. Russia's role as arbiter is worth ``v`` per period of the status quo;
an exposed bluff costs it the share ``e`` of that value in every later
period, so backing down costs

.. math::

    R_{\text{stakes}} = e\, v\, \frac{\delta}{1-\delta} = e\, v\, T,
    \qquad T = \frac{\delta}{1-\delta}

(the present value, in periods, of the continuing role: S3's repeated game
at discount factor :math:`\delta`). The parameter is the horizon ``T``
itself (``T = 4`` is :math:`\delta = 4/5`; the range ``1 .. 9`` is
:math:`\delta` from 1/2 to 9/10), so that every payoff stays a polynomial and
every condition exact. This is the default of ``border_deal()``,
``escalation()`` and ``three_way()``. ``credibility="audience"`` replaces
``e v T`` by a lump-sum audience cost ``r``, for comparison;
``credibility="lump-sum"`` returns the *first version* of each model (its own
parameter table, ``r`` for backing down, the game before issue 13).

>>> sorted(reputation_costs("stakes").values(), key=str)
[T*e*v]
>>> FAMILY_PARAMETERS["v"].default, FAMILY_PARAMETERS["L"].default
(Fraction(6, 1), Fraction(10, 1))
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

from arbiter.errors import InvalidArgumentError
from arbiter.games.parameters import Parameter, ParameterSpace

__all__ = [
    "CREDIBILITY",
    "FAMILY_PARAMETERS",
    "FIRST_VERSION",
    "check_credibility",
    "family",
    "reputation_cost",
    "reputation_costs",
]

#: The two ways the revised family prices backing down from a threat.
CREDIBILITY = ("stakes", "audience")

#: ``credibility=`` value that selects the first version of S1, S2, S5 (before issue 13).
FIRST_VERSION = "lump-sum"

_I = "illustrative"

FAMILY_PARAMETERS = ParameterSpace(
    (
        # ------------------------------------------------------------- Iran
        Parameter(
            "g_e",
            3,
            0,
            8,
            "Iran's gain from entrenching near the border",
            f"{_I}: a forward position is valuable but not vital to Tehran",
        ),
        Parameter(
            "d_r",
            2,
            0,
            6,
            "Iran's damage from deep Israeli raids",
            f"{_I}: raids have hurt Iranian positions without dislodging them",
        ),
        Parameter(
            "w",
            5,
            0,
            10,
            "Iran's loss if Russian air support is withdrawn (claim 4)",
            f"{_I}: Iranian ground forces depend on Russian air cover",
        ),
        Parameter(
            "a_n",
            -1,
            -3,
            3,
            "Iran's net gain from answering deep raids (face restored, less the counter-strike)",
            f"{_I}: Iran answered Israeli raids only rarely in 2018-2019 (Golan, May 2018)",
            nonnegative=False,
        ),
        Parameter(
            "a_i",
            3,
            2,
            6,
            "Iran's loss of face if it absorbs the killing of Soleimani without a response",
            f"{_I}: Tehran had promised revenge in public",
        ),
        Parameter(
            "c_l",
            1,
            0,
            3,
            "Iran's cost of limited retaliation against US positions",
            f"{_I}: the January 2020 strikes on bases in Iraq drew no US military reply",
        ),
        Parameter(
            "g_s",
            4,
            0,
            8,
            "Iran's gain from striking Israel (revenge on the closest US ally)",
            f"{_I}: Haifa was named as a target; a strike restores deterrence",
        ),
        Parameter(
            "d_x",
            3,
            0,
            8,
            "Iran's damage from Israel's retaliation when the US stays out",
            f"{_I}: Israel has repeatedly hit Iranian positions in Syria",
        ),
        Parameter(
            "d_w",
            12,
            4,
            20,
            "Iran's loss in a major war with the US (claim 7)",
            f"{_I}: far larger than any gain from revenge",
        ),
        Parameter(
            "b_i",
            4,
            0,
            8,
            "How much Russian backing helps Iran in a war (backing Israel hurts it as much)",
            f"{_I}: diplomatic cover, arms and intelligence",
        ),
        # ----------------------------------------------------------- Israel
        Parameter(
            "c_e",
            4,
            0,
            8,
            "Israel's cost of an unanswered Iranian entrenchment",
            f"{_I}: Israel treats entrenchment on its border as a direct threat",
        ),
        Parameter(
            "g_d",
            2,
            0,
            6,
            "Israel's gain from deep raids against a restrained Iran",
            f"{_I}: raids beyond southern Syria degrade Iranian capabilities",
        ),
        Parameter(
            "h",
            3,
            0,
            6,
            "Israel's gain from striking forces entrenched at the border",
            f"{_I}: entrenched forces near the border are the priority target",
        ),
        Parameter(
            "c_a",
            3,
            0,
            6,
            "Israel's cost when Iran answers its deep raids",
            f"{_I}: rockets on the Golan, a risk of escalation",
        ),
        Parameter(
            "s_300",
            6,
            0,
            12,
            "Israel's loss from S-300 in Damascus: its later raids cost more (claim 5)",
            f"{_I}: a long-range system constrains every later Israeli operation",
        ),
        Parameter(
            "s_tor",
            3,
            0,
            8,
            "Israel's loss from TOR-M1 in Damascus: its later raids cost more (claim 5)",
            f"{_I}: a short-range system, a smaller constraint than S-300",
        ),
        Parameter(
            "b_f",
            1,
            0,
            4,
            "Israel's benefit from a Russian favour (claim 10)",
            f"{_I}: a prisoner released before an election, trade ($5bn in 2019)",
        ),
        # --------------------------------------------------------------- US
        Parameter(
            "u_r",
            3,
            -2,
            6,
            "The US's net value of answering an Iranian strike on Israel",
            f"{_I}: the article: an attack on Israel 'would likely elicit a response'",
            nonnegative=False,
        ),
        Parameter(
            "b_u",
            2,
            0,
            6,
            "The US's extra cost of a war in which Russia backs Iran",
            f"{_I}: Russian cover for Iran raises the cost of a US campaign",
        ),
        # ----------------------------------------------------------- Russia
        Parameter(
            "v",
            6,
            0,
            12,
            "Russia's value per period of the status quo: its role as arbiter (claim 6)",
            f"{_I}: leverage and prestige, the article's reason for wanting the status quo",
        ),
        Parameter(
            "L",
            10,
            0,
            20,
            "Russia's loss from open confrontation or war (claim 7)",
            f"{_I}: being forced to take sides is what Russia fears most",
        ),
        Parameter(
            "e",
            F(1, 10),
            0,
            F(1, 4),
            "Share of v Russia loses in every later period once a threat is exposed as empty",
            f"{_I}: one exposed bluff weakens, but does not end, the arbiter role",
        ),
        Parameter(
            "T",
            4,
            1,
            9,
            "Russia's horizon delta/(1-delta): the present value, in periods, of its role",
            f"{_I}: delta from 1/2 to 9/10; 4 is delta = 4/5",
        ),
        Parameter(
            "r",
            F(12, 5),
            0,
            8,
            "Russia's lump-sum audience cost of backing down (audience variant only)",
            f"{_I}: the first versions' assumption; 12/5 = e v T at the defaults",
        ),
        Parameter(
            "k_w",
            1,
            0,
            6,
            "Russia's cost of withdrawing air support",
            f"{_I}: risk to Damascus and to ties with Tehran",
        ),
        Parameter(
            "k_300",
            3,
            0,
            8,
            "Russia's cost of supplying S-300",
            f"{_I}: ties with Israel and trade ($5bn in 2019, claim 10)",
        ),
        Parameter(
            "k_tor",
            1,
            0,
            6,
            "Russia's cost of supplying TOR-M1",
            f"{_I}: a smaller system, a smaller affront to Israel",
        ),
        Parameter(
            "rho",
            F(1, 10),
            0,
            F(1, 4),
            "Probability that a delivered system drags Russia into a clash with Israel",
            f"{_I}: Russian crews operate the systems; the 2018 Il-20 loss",
        ),
        Parameter(
            "k_f",
            0,
            0,
            2,
            "Russia's cost of granting the favour",
            f"{_I}: favours to Israel cost Moscow little beyond Tehran's irritation",
        ),
        Parameter(
            "c_i",
            6,
            0,
            12,
            "Russia's diplomatic loss from backing Iran in a war (claim 7)",
            f"{_I}: ties with Israel and the West, $5bn of trade with Israel",
        ),
        Parameter(
            "c_s",
            4,
            0,
            10,
            "Russia's diplomatic loss from backing Israel in a war (claim 7)",
            f"{_I}: ties with Tehran, its partner in Syria",
        ),
        Parameter(
            "f_t",
            8,
            0,
            16,
            "Russia's loss if the regime in Tehran falls (claim 8)",
            f"{_I}: Iran is a bulwark against US hegemony; Russia 'would always staunchly "
            "oppose' a threat to the regime",
        ),
        Parameter(
            "p_f",
            F(1, 2),
            F(1, 4),
            F(3, 4),
            "Probability that the regime falls in a war with the US, Russia neutral",
            f"{_I}: a US campaign could topple the regime, not surely",
        ),
        Parameter(
            "m",
            F(1, 4),
            0,
            F(1, 4),
            "How much Russian backing lowers (backing Israel raises) that probability",
            f"{_I}: Russia can shield the regime diplomatically, not militarily",
        ),
        Parameter(
            "phi",
            F(1, 8),
            0,
            F(1, 4),
            "How much withdrawn air support raises that probability (claims 4, 8)",
            f"{_I}: exposed Iranian forces weaken Tehran, but the war is fought elsewhere",
        ),
    )
)


def check_credibility(credibility: Any, caller: str) -> str:
    """``credibility`` checked: ``"stakes"`` or ``"audience"``."""
    if credibility not in CREDIBILITY:
        raise InvalidArgumentError(
            f"{caller}(): credibility must be 'stakes' (the default), 'audience' or "
            f"{FIRST_VERSION!r} (the first version); got {credibility!r}"
        )
    return credibility


def reputation_cost(credibility: str) -> Any:
    """Russia's cost of backing down from any announced threat: ``e v T`` or ``r``."""
    p = FAMILY_PARAMETERS.symbols
    if check_credibility(credibility, "reputation_cost") == "stakes":
        return p["e"] * p["v"] * p["T"]
    return p["r"]


def reputation_costs(credibility: str, names: tuple[str, ...] = ("threat",)) -> dict[str, Any]:
    """``{instrument name: cost of backing down}``: one value per instrument (they agree:
    an exposed bluff costs the role whichever instrument it was)."""
    cost = reputation_cost(credibility)
    return dict.fromkeys(names, cost)


def family(*names: str) -> tuple[Parameter, ...]:
    """The family's parameters called ``names``, in the table's order."""
    unknown = [n for n in names if n not in FAMILY_PARAMETERS]
    if unknown:
        raise InvalidArgumentError(f"no family parameter(s) {unknown}")
    wanted = set(names)
    return tuple(p for n, p in FAMILY_PARAMETERS.items() if n in wanted)
