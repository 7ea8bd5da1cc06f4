r"""S5: Israel, Iran and Russia, the pivot (Russia moves last; first version: at once).

Source: model S5 of the scenario set (``docs/scenarios.md``), after the
January 2020 article on Russia's balancing act between Iran and Israel.

The default model (``three_way()``, :func:`pivot_last`): Israel chooses
``Limited`` strikes or ``Deep`` raids and Iran chooses to ``Restrain`` its
forces away from the border or to ``Entrench``, at once; then Russia, the
pivot, sees what they did and stays ``Even-handed``, leans on Iran
(``Lean on Iran``: Iran loses its Russian air support ``w`` if it entrenched,
Russia pays ``k_w``, claim 4) or leans on Israel (``Lean on Israel``: TOR-M1
goes to Damascus, Israel loses ``s_tor`` if it raided deep, Russia pays
``k_tor + rho L``, claim 5). A violation Russia leaves unanswered exposes its
role as arbiter and costs it its stakes ``e v T`` (parameters from the
family table :mod:`arbiter.scenarios.syria.params`). Russia values the status
quo (``v``, claim 6) and dreads open confrontation (``L``, claim 7).

At the defaults the pivot deters both sides: it would lean on whichever
side violated, so the status quo is the subgame-perfect outcome and Russia
stays even-handed on the path (claims 1, 6):

>>> from arbiter import subgame_perfect
>>> spe = subgame_perfect(three_way().at_defaults())
>>> [dict(e.outcome) for e in spe]
[{'status quo': Fraction(1, 1)}]

:func:`committed_pivot` is Crawford's version (*Pivotal Deterrence*, 2003):
Russia commits first to lean on each side with a probability, and its
*ambiguity* deters both. ``three_way(credibility="lump-sum")`` is the first
version, a normal form in which all three choose at once. Write
:math:`E = 1` if Iran entrenches, :math:`D = 1` if Israel raids deep, and
:math:`R_{Ir}`, :math:`R_{Is}` for Russia's two ways of leaning. Payoffs:

.. math::

    u_{Iran}   &= E\,(g_e - w\,R_{Ir}) - d_r\,D \\
    u_{Israel} &= -c_e\,E + D\,(g_d + h\,E - s\,R_{Is}) \\
    u_{Russia} &= v\,(1-E)(1-D) - L\,E\,D
                  + R_{Ir}\,(b_{Ir} E - k_{Ir}(1-E)) + R_{Is}\,(b_{Is} D - k_{Is}(1-D))

There, Russia cannot respond to a violation: at the illustrative defaults no
pure profile is an equilibrium, and Russia mixes between leaning on Iran and
on Israel (matching pennies rather than pivotal deterrence: the status quo
is never an equilibrium, which is why the default changed):

>>> from arbiter import nash_equilibria
>>> eqs = nash_equilibria(three_way(credibility="lump-sum").at_defaults())
>>> len(eqs), len(eqs.pure)
(1, 0)
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

from arbiter.games.model import Model
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.parameters import Parameter
from arbiter.games.tree import SequentialGame, decision, outcome
from arbiter.scenarios.syria.params import (
    FAMILY_PARAMETERS,
    FIRST_VERSION,
    check_credibility,
    family,
    reputation_cost,
)

__all__ = ["THREE_WAY_PARAMETERS", "committed_pivot", "pivot_last", "three_way"]

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


def three_way(*, credibility: str = "stakes") -> Model:
    """The three-way game S5 as a :class:`~arbiter.games.model.Model`.

    ``"stakes"`` (the default) or ``"audience"`` builds the revised model
    (:func:`pivot_last`): Israel and Iran choose at once, then Russia, the
    pivot, sees what they did and leans on a side (or not); a violation it
    leaves unanswered costs it ``e v T`` (or ``r``). ``"lump-sum"`` is the
    first version (before issue 13): a normal form in which all three choose
    at once, so Russia cannot respond to a violation, with its own parameter
    table :data:`THREE_WAY_PARAMETERS`.
    """
    if credibility != FIRST_VERSION:
        return pivot_last(credibility)
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
        name=f"three-way-{FIRST_VERSION}",
        game=game,
        parameters=THREE_WAY_PARAMETERS,
        status_quo="Limited/Restrain",
        description=(
            "S5 (first version): Israel x Iran x Russia, simultaneous; Russia's mixing is "
            "strategic ambiguity."
        ),
        claims=(4, 5, 6, 7),
    )


# ====================================================================== revised S5
#: The rivals' outcome, by (Israel's action, Iran's action).
LABELS = {
    ("Limited", "Restrain"): "status quo",
    ("Deep", "Restrain"): "deep raids",
    ("Limited", "Entrench"): "entrenchment",
    ("Deep", "Entrench"): "open confrontation",
}


def _payoffs(
    D: int, E: int, lean_ir: Any, lean_is: Any, cost_ir: Any, cost_is: Any, exposed: Any
) -> dict[str, Any]:
    """Payoffs when Russia leans on Iran / Israel with weights ``lean_ir`` / ``lean_is``."""
    p = FAMILY_PARAMETERS.symbols
    return {
        "Israel": -p["c_e"] * E + D * (p["g_d"] + p["h"] * E - p["s_tor"] * lean_is),
        "Iran": E * (p["g_e"] - p["w"] * lean_ir) - p["d_r"] * D,
        "Russia": p["v"] * (1 - E) * (1 - D)
        - p["L"] * E * D
        - cost_ir * lean_ir
        - cost_is * lean_is
        - exposed * (E * (1 - lean_ir) + D * (1 - lean_is)),
    }


def pivot_last(credibility: str = "stakes") -> Model:
    """S5 (the default of ``three_way()``): Israel and Iran choose at once; Russia, the pivot,
    moves last.

    Having seen the rivals' choices, Russia stays even-handed or leans on one
    side: on Iran (withdraws air support: Iran loses ``w`` if it entrenched,
    Russia pays ``k_w``) or on Israel (supplies TOR-M1: Israel loses
    ``s_tor`` if it raided deep, Russia pays ``k_tor + rho L``). A violation
    Russia leaves unanswered exposes its arbiter role: it loses ``e v T``
    (``credibility="stakes"``) or ``r`` (``"audience"``) per unanswered
    violator. When both violate it can lean on one side only.
    """
    p = FAMILY_PARAMETERS.symbols
    exposed = reputation_cost(check_credibility(credibility, "three_way"))
    cost_ir, cost_is = p["k_w"], p["k_tor"] + p["rho"] * p["L"]

    def russia(D: int, E: int) -> Any:
        label = LABELS[(ISRAEL[D], IRAN[E])]
        return decision(
            "Russia",
            {
                a: outcome(
                    _payoffs(
                        D,
                        E,
                        int(a == "Lean on Iran"),
                        int(a == "Lean on Israel"),
                        cost_ir,
                        cost_is,
                        exposed,
                    ),
                    label=label,
                )
                for a in RUSSIA
            },
        )

    root = decision(
        "Israel",
        {
            israel: decision(
                "Iran", {iran: russia(D, E) for E, iran in enumerate(IRAN)}, infoset="Iran"
            )
            for D, israel in enumerate(ISRAEL)
        },
    )
    game = SequentialGame(root, players=("Israel", "Iran", "Russia"))
    return Model(
        name="three-way" if credibility == "stakes" else f"three-way-{credibility}",
        game=game,
        parameters=family(*{s.name for s in game.parameters}),
        status_quo="status quo",
        description="S5: Israel and Iran at once, then Russia, the pivot, leans on a side.",
        claims=(1, 4, 5, 6, 7),
    )


def committed_pivot(credibility: str = "stakes") -> Model:
    """S5 with Crawford's ambiguity: Russia commits first to lean on Iran with probability
    ``x`` and on Israel with probability ``y`` (``x + y <= 1``) whatever happens; Israel
    and Iran then choose at once. The status quo is a Nash equilibrium exactly when
    ``x w >= g_e`` and ``y s_tor >= g_d``: a normal form in Israel and Iran, with
    Russia's commitment as two parameters.
    """
    check_credibility(credibility, "committed_pivot")
    p = FAMILY_PARAMETERS.symbols
    x = Parameter(
        "x",
        F(1, 2),
        0,
        1,
        "Probability that Russia leans on Iran (committed)",
        "a choice of Russia's, swept over [0, 1]",
    )
    y = Parameter(
        "y",
        F(1, 2),
        0,
        1,
        "Probability that Russia leans on Israel (committed)",
        "a choice of Russia's, swept over [0, 1]",
    )
    israel = [[None] * 2 for _ in ISRAEL]
    iran = [[None] * 2 for _ in ISRAEL]
    for D in (0, 1):
        for E in (0, 1):
            pay = _payoffs(D, E, x.symbol, y.symbol, p["k_w"], p["k_tor"], 0)
            israel[D][E] = pay["Israel"]
            iran[D][E] = pay["Iran"]
    game = NormalFormGame.from_arrays(
        israel, iran, players=("Israel", "Iran"), actions=(ISRAEL, IRAN)
    )
    used = {s.name for s in game.parameters} - {"x", "y"}
    return Model(
        name="three-way-committed",
        game=game,
        parameters=(*family(*used), x, y),
        status_quo="Limited/Restrain",
        description="S5 (Crawford): Russia commits to lean on each side with a probability.",
        claims=(1, 4, 5),
    )
