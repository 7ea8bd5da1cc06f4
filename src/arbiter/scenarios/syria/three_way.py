r"""S5: Israel, Iran and Russia choose at once (normal form).

Source: model S5 of the scenario set (``docs/scenarios.md``), after the
January 2020 article on Russia's balancing act between Iran and Israel.

Israel chooses ``Limited`` strikes or ``Deep`` raids; Iran chooses to
``Restrain`` its forces away from the border or to ``Entrench``; Russia, at
the same time, stays ``Even-handed``, leans on Iran (``Lean on Iran``: Iranian
entrenchment then costs Iran its Russian air support, claim 4) or leans on
Israel (``Lean on Israel``: deep raids then bring S-300 / TOR-M1 deliveries to
Damascus, claim 5).

Write :math:`E = 1` if Iran entrenches, :math:`D = 1` if Israel raids deep,
and :math:`R_{Ir}`, :math:`R_{Is}` for Russia's two ways of leaning. Payoffs:

.. math::

    u_{Iran}   &= E\,(g_e - w\,R_{Ir}) - d_r\,D \\
    u_{Israel} &= -c_e\,E + D\,(g_d + h\,E - s\,R_{Is}) \\
    u_{Russia} &= v\,(1-E)(1-D) - L\,E\,D
                  + R_{Ir}\,(b_{Ir} E - k_{Ir}(1-E)) + R_{Is}\,(b_{Is} D - k_{Is}(1-D))

Russia values the status quo of tension without war (claim 6) and dreads
open confrontation (claim 7); leaning on the side that violates the deal
earns it the arbiter's prestige :math:`b` (more for restraining Iran, whose
strike on Israel is what Russia fears most), leaning on a side that keeps it
costs ties (:math:`k`). At the illustrative defaults no pure profile is an
equilibrium: Russia leans on whoever would violate, so each rival's best
choice depends on where Russia leans, and in equilibrium Russia mixes
between leaning on Iran and on Israel — Crawford's *strategic ambiguity*
(*Pivotal Deterrence*, 2003): the pivot deters both without committing to
either.

>>> from arbiter import nash_equilibria
>>> game = three_way().at_defaults()
>>> eqs = nash_equilibria(game)
>>> len(eqs), len(eqs.pure)
(1, 0)
"""

from __future__ import annotations

from arbiter.games.model import Model
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.parameters import Parameter

__all__ = ["THREE_WAY_PARAMETERS", "three_way"]

_ILLUSTRATIVE = "illustrative default (not measured); see docs/scenarios.md"

THREE_WAY_PARAMETERS = (
    Parameter("g_e", 3, 0, 6, "Iran's gain from entrenching near the border", _ILLUSTRATIVE),
    Parameter(
        "w", 5, 0, 10, "Iran's loss if Russian air support is withdrawn (claim 4)", _ILLUSTRATIVE
    ),
    Parameter("d_r", 2, 0, 6, "Iran's damage from deep Israeli raids", _ILLUSTRATIVE),
    Parameter("c_e", 4, 0, 8, "Israel's cost of an unanswered Iranian entrenchment", _ILLUSTRATIVE),
    Parameter("g_d", 2, 0, 6, "Israel's gain from deep raids", _ILLUSTRATIVE),
    Parameter("h", 2, 0, 6, "Israel's extra gain from hitting entrenched forces", _ILLUSTRATIVE),
    Parameter(
        "s", 5, 0, 10, "Israel's loss if Damascus gets S-300 / TOR-M1 (claim 5)", _ILLUSTRATIVE
    ),
    Parameter("v", 10, 0, 20, "Russia's value of the status quo (claim 6)", _ILLUSTRATIVE),
    Parameter("L", 20, 0, 40, "Russia's loss from open confrontation (claim 7)", _ILLUSTRATIVE),
    Parameter(
        "b_ir",
        3,
        0,
        6,
        "Russia's prestige from restraining a violating Iran (claim 7)",
        _ILLUSTRATIVE,
    ),
    Parameter(
        "b_is", 2, 0, 6, "Russia's prestige from restraining a violating Israel", _ILLUSTRATIVE
    ),
    Parameter(
        "k_ir", 1, 0, 4, "Russia's cost of leaning on Iran when Iran restrains", _ILLUSTRATIVE
    ),
    Parameter(
        "k_is",
        1,
        0,
        4,
        "Russia's cost of leaning on Israel when Israel stays limited",
        _ILLUSTRATIVE,
    ),
)

ISRAEL = ("Limited", "Deep")
IRAN = ("Restrain", "Entrench")
RUSSIA = ("Even-handed", "Lean on Iran", "Lean on Israel")


def three_way() -> Model:
    """The three-way simultaneous game S5 as a :class:`~arbiter.games.model.Model`."""
    sym = {p.name: p.symbol for p in THREE_WAY_PARAMETERS}
    g_e, w, d_r = sym["g_e"], sym["w"], sym["d_r"]
    c_e, g_d, h, s = sym["c_e"], sym["g_d"], sym["h"], sym["s"]
    v, L, k_ir, k_is = sym["v"], sym["L"], sym["k_ir"], sym["k_is"]
    b_ir, b_is = sym["b_ir"], sym["b_is"]
    payoffs = [[[[None] * 3 for _ in IRAN] for _ in ISRAEL] for _ in range(3)]
    for D in (0, 1):
        for E in (0, 1):
            for r, _ in enumerate(RUSSIA):
                r_ir, r_is = int(r == 1), int(r == 2)
                payoffs[0][D][E][r] = -c_e * E + D * (g_d + h * E - s * r_is)
                payoffs[1][D][E][r] = E * (g_e - w * r_ir) - d_r * D
                payoffs[2][D][E][r] = (
                    v * (1 - E) * (1 - D)
                    - L * E * D
                    + r_ir * (b_ir * E - k_ir * (1 - E))
                    + r_is * (b_is * D - k_is * (1 - D))
                )
    game = NormalFormGame(
        payoffs, players=("Israel", "Iran", "Russia"), actions=(ISRAEL, IRAN, RUSSIA)
    )
    return Model(
        name="three-way",
        game=game,
        parameters=THREE_WAY_PARAMETERS,
        status_quo="Limited/Restrain",
        description=(
            "S5: Israel x Iran x Russia, simultaneous; Russia's mixing is strategic ambiguity."
        ),
        claims=(4, 5, 6, 7),
    )
