r"""S3: the border deal as a repeated game (model S3; claims 2-5, 3).

Israel and Iran play the border stage game in every period. Each either
*keeps* the 2018 deal (Israel: strikes only what threatens it directly;
Iran: stays away from the border) or *violates* it. Stage payoffs
(Israel, Iran), a prisoners' dilemma at the defaults:

==================  ==================  ==================
Israel / Iran       Keep                Violate
==================  ==================  ==================
Keep                0, 0                -s_il, t_ir
Violate             t_il, -s_ir         -p_il, -p_ir
==================  ==================  ==================

Russia's punishments of a violator (claims 4, 5) are not stage payoffs: they
are the arbiter's extra sanctions during the punishment phase, ``w`` (Iran
left without Russian air support) and ``a_d`` (air defences to Damascus, a
loss for Israel). They are assumed carried out (credibility is S1's question).

Every default is illustrative, with a plausible range and a reason.

>>> report = repeated_border_deal_report()
>>> report.without_russia.delta, report.with_russia.delta, report.lowered_by
(Fraction(3, 4), Fraction(1, 3), Fraction(5, 12))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from arbiter.games.model import Model
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.parameters import Parameter
from arbiter.solve.repeated import CriticalDelta, critical_discount_factor

__all__ = [
    "COOPERATE",
    "REPEATED_BORDER_DEAL_PARAMETERS",
    "RUSSIAN_SANCTIONS",
    "RepeatedDealReport",
    "repeated_border_deal",
    "repeated_border_deal_report",
]

COOPERATE = ("Keep", "Keep")
#: Which parameter is Russia's sanction on which violator.
RUSSIAN_SANCTIONS = {"Iran": "w", "Israel": "a_d"}

_ILL = "illustrative"

REPEATED_BORDER_DEAL_PARAMETERS = (
    Parameter(
        "t_il",
        2,
        0,
        6,
        "Israel's one-period gain from raiding while Iran keeps the deal",
        f"{_ILL}: deep raids degrade Iranian capabilities across Syria",
    ),
    Parameter(
        "s_il",
        4,
        0,
        8,
        "Israel's loss when Iran entrenches while Israel keeps the deal",
        f"{_ILL}: entrenchment on its border is a direct threat to Israel",
    ),
    Parameter(
        "p_il",
        1,
        0,
        4,
        "Israel's loss per period of mutual violation (raids against entrenchment)",
        f"{_ILL}: costly but contained tit-for-tat",
    ),
    Parameter(
        "t_ir",
        3,
        0,
        8,
        "Iran's one-period gain from entrenching while Israel keeps the deal",
        f"{_ILL}: a forward position is valuable but not vital to Tehran",
    ),
    Parameter(
        "s_ir",
        2,
        0,
        6,
        "Iran's loss from Israeli raids while it keeps the deal",
        f"{_ILL}: raids hurt Iranian positions without dislodging them",
    ),
    Parameter(
        "p_ir",
        1,
        0,
        4,
        "Iran's loss per period of mutual violation",
        f"{_ILL}: entrenched forces become the priority target",
    ),
    Parameter(
        "w",
        5,
        0,
        10,
        "Iran's loss per punishment period without Russian air support (claim 4)",
        f"{_ILL}: Iranian ground forces depend on Russian air cover",
    ),
    Parameter(
        "a_d",
        3,
        0,
        12,
        "Israel's loss per punishment period from S-300/TOR-M1 in Damascus (claim 5)",
        f"{_ILL}: air defences constrain Israeli air operations",
    ),
)


def repeated_border_deal() -> Model:
    """S3's stage game as a :class:`Model` (players Israel, Iran; actions Keep, Violate).

    The game holds the stage payoffs; ``w`` and ``a_d`` (Russia's sanctions)
    are model parameters used by :func:`repeated_border_deal_report`.
    """
    p = {q.name: q.symbol for q in REPEATED_BORDER_DEAL_PARAMETERS}
    israel = [[0, -p["s_il"]], [p["t_il"], -p["p_il"]]]
    iran = [[0, p["t_ir"]], [-p["s_ir"], -p["p_ir"]]]
    game = NormalFormGame.from_arrays(
        israel, iran, players=("Israel", "Iran"), actions=(("Keep", "Violate"),) * 2
    )
    return Model(
        name="repeated-border-deal",
        game=game,
        parameters=REPEATED_BORDER_DEAL_PARAMETERS,
        status_quo="Keep/Keep",
        description=(
            "S3: Israel and Iran repeatedly keep or violate the border deal; Russia "
            "sanctions violators (air support withdrawn, air defences to Damascus)."
        ),
        claims=(2, 3, 4, 5),
    )


@dataclass(frozen=True)
class RepeatedDealReport:
    """Critical discount factors with and without Russia's sanctions."""

    without_russia: CriticalDelta
    with_russia: CriticalDelta
    lowered_by: Any

    def __str__(self) -> str:
        return (
            f"without Russia's threats: {self.without_russia}\n"
            f"with Russia's threats:    {self.with_russia}\n"
            f"Russia's threats lower the critical discount factor by {self.lowered_by}"
        )


def _difference(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    d = sympy.simplify(_sym(a) - _sym(b))
    if isinstance(d, sympy.Rational):
        return Fraction(int(d.p), int(d.q))
    return d


def _sym(x: Any) -> Any:
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    return sympy.sympify(x)


def repeated_border_deal_report(
    overrides: Mapping[str, Any] | None = None,
    punishment: Any = "grim",
    *,
    symbolic: bool = False,
) -> RepeatedDealReport:
    """Critical delta for the deal with and without Russia's sanctions, and the difference.

    ``overrides`` changes parameter values (by name); ``symbolic=True`` keeps
    every parameter free and returns formulas.
    """
    model = repeated_border_deal()
    if symbolic:
        game = model.game
        harm = {pl: model.parameters[n].symbol for pl, n in RUSSIAN_SANCTIONS.items()}
    else:
        values = model.values(overrides)
        game = model.at(overrides)
        harm = {pl: values[n] for pl, n in RUSSIAN_SANCTIONS.items()}
    kwargs = {"punishment_profile": ("Violate", "Violate")}
    base = critical_discount_factor(game, COOPERATE, punishment, **kwargs)
    russia = critical_discount_factor(game, COOPERATE, punishment, extra_punishment=harm, **kwargs)
    return RepeatedDealReport(base, russia, _difference(base.delta, russia.delta))
