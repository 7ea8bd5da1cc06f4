r"""S4: uncertainty about Russia's resolve (incomplete information, signaling).

Source: model S4 of the scenario set (``docs/scenarios.md``), after the
January 2020 article on Russia's balancing act between Iran and Israel.
Russia threatens to leave Iranian forces without Russian
air support if they entrench near the Israeli border (claim 4), but Iran does
not know whether Russia would really do it. Russia is *resolute* (it would
withdraw air support) with prior probability ``p`` and *irresolute* (it would
let the entrenchment stand) otherwise.

**Without a signal** (:func:`uncertain_resolve_base`) Iran restrains or
entrenches knowing only ``p``. Entrenching pays ``g_e`` and costs ``w`` more
if air support is withdrawn, so Iran's expected gain is
``p (g_e - w) + (1 - p) g_e = g_e - p w``: Iran is deterred iff

.. math:: p \ge p^* = g_e / w

(indifferent at equality; :func:`deterrence_cutoff`).

**With a signal** (:func:`uncertain_resolve`) Russia, knowing its type, first
chooses whether to send a costly signal -- a partial delivery or a public
commitment -- that costs it ``c`` whatever happens; Iran sees the signal (not
the type) and decides. Payoffs (Russia, Iran):

==========================  ============================  ===========
Type / Iran                 Russia                        Iran
==========================  ============================  ===========
any / Restrain              v - c*[signal]                0
resolute / Entrench         v - L - k_w - c*[signal]      g_e - w
irresolute / Entrench       v - L - c*[signal]            g_e
==========================  ============================  ===========

so deterring Iran is worth ``L + k_w`` to a resolute Russia (it would also
bear the cost ``k_w`` of withdrawing) and ``L`` to an irresolute one. With
``0 < g_e < w`` and ``c > 0`` the pure PBE are (:func:`resolve_conditions`):

* *separating* (only the resolute type signals; Iran restrains after the
  signal and entrenches without it) iff ``L <= c <= L + k_w``: the signal's
  cost lies between the two types' values of deterrence;
* *pooling on no signal, deterred* iff ``p >= g_e / w``;
* *pooling on no signal, not deterred* iff ``p <= g_e / w`` (Iran reads an
  off-path signal pessimistically, ``mu(resolute) <= g_e / w``, or, when
  ``c >= L + k_w``, no type would pay for the signal anyway);
* *pooling on the signal* iff ``p >= g_e / w`` and ``c <= L`` (Iran would
  entrench after a missing signal, ``mu(resolute) <= g_e / w``).

At the defaults (``p = 1/2 < 3/5 = p*``, ``L = 4 <= c = 5 <= 7``) Russia's
threat does not deter on the prior alone, and there are two PBE: the
separating one, in which the resolute type's signal deters Iran, and the
pooling one in which no type signals and Iran entrenches (Iran reads an
off-path signal as ``mu(resolute) <= 3/5`` and entrenches after it). A third
family has the same pooling play with Iran indifferent at exactly
``mu(resolute) = 3/5`` after the signal and restraining there with any
probability ``0 < q <= 5/7`` (above it the resolute type would signal).

Every default is illustrative, not a measurement.

>>> deterrence_cutoff()
Fraction(3, 5)
>>> uncertain_resolve().status_quo
'status quo'
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy

from arbiter.games.model import Model
from arbiter.games.parameters import Parameter, ParameterSpace
from arbiter.games.tree import SequentialGame, chance, decision, outcome

__all__ = [
    "RESOLVE_PARAMETERS",
    "deterrence_cutoff",
    "resolve_conditions",
    "uncertain_resolve",
    "uncertain_resolve_base",
]

_ILL = "illustrative"
STATUS_QUO = "status quo"
WITHDRAWN = "entrenchment, air support withdrawn"
KEPT = "entrenchment, air support kept"
SIGNAL = "Signal"
NO_SIGNAL = "No signal"
RESOLUTE = "resolute"
IRRESOLUTE = "irresolute"

RESOLVE_PARAMETERS = (
    Parameter(
        "p",
        Fraction(1, 2),
        0,
        1,
        "Iran's prior that Russia is resolute (would withdraw air support)",
        f"{_ILL}: Russia has never carried out the threat, nor ruled it out",
    ),
    Parameter(
        "g_e",
        3,
        0,
        8,
        "Iran's gain from entrenching near the border",
        f"{_ILL}: as in S1, a forward position is valuable but not vital",
    ),
    Parameter(
        "w",
        5,
        0,
        10,
        "Iran's loss if Russian air support is withdrawn (claim 4)",
        f"{_ILL}: as in S1, Iranian ground forces depend on Russian air cover",
    ),
    Parameter(
        "v",
        6,
        0,
        12,
        "Russia's value of the status quo (claim 6)",
        f"{_ILL}: as in S1, the arbiter's leverage and prestige",
    ),
    Parameter(
        "L",
        4,
        0,
        20,
        "Russia's loss when Iran entrenches (the status quo is broken, claim 7)",
        f"{_ILL}: an Iranian entrenchment invites Israeli escalation Russia must manage",
    ),
    Parameter(
        "k_w",
        3,
        0,
        8,
        "A resolute Russia's cost of actually withdrawing air support",
        f"{_ILL}: a crisis with Tehran and risk to Damascus",
    ),
    Parameter(
        "c",
        5,
        0,
        12,
        "Russia's cost of the signal (partial delivery or public commitment)",
        f"{_ILL}: between the two types' values of deterrence, L and L + k_w",
    ),
)


def _symbols() -> dict[str, sympy.Symbol]:
    return {q.name: q.symbol for q in RESOLVE_PARAMETERS}


def _russia_and_iran(typ: str, signalled: bool) -> dict[str, Any]:
    s = _symbols()
    cost = s["c"] if signalled else 0
    russia_restrain = s["v"] - cost
    if typ == RESOLUTE:
        entrench = {"Russia": s["v"] - s["L"] - s["k_w"] - cost, "Iran": s["g_e"] - s["w"]}
    else:
        entrench = {"Russia": s["v"] - s["L"] - cost, "Iran": s["g_e"]}
    return {"restrain": {"Russia": russia_restrain, "Iran": 0}, "entrench": entrench}


def _iran(typ: str, signalled: bool, infoset: str) -> Any:
    pay = _russia_and_iran(typ, signalled)
    return decision(
        "Iran",
        {
            "Restrain": outcome(pay["restrain"], label=STATUS_QUO),
            "Entrench": outcome(pay["entrench"], label=WITHDRAWN if typ == RESOLUTE else KEPT),
        },
        infoset=infoset,
    )


def _space() -> ParameterSpace:
    return ParameterSpace(RESOLVE_PARAMETERS)


def uncertain_resolve_base() -> Model:
    """S4 without a signal: Iran decides knowing only the prior ``p`` of a resolute Russia."""
    p = _symbols()["p"]
    tree = SequentialGame(
        chance(
            {
                RESOLUTE: (p, _iran(RESOLUTE, False, "Iran")),
                IRRESOLUTE: (1 - p, _iran(IRRESOLUTE, False, "Iran")),
            }
        ),
        players=("Russia", "Iran"),
    )
    params = _space()
    used = {q.name for q in tree.parameters}
    return Model(
        "uncertain-resolve-base",
        tree,
        tuple(params[n] for n in params if n in used),
        status_quo=STATUS_QUO,
        description="S4: Iran unsure whether Russia would withdraw air support (no signal)",
        claims=(4,),
    )


def uncertain_resolve() -> Model:
    """S4: a resolute or irresolute Russia may send a costly signal before Iran decides.

    The tree is a signaling game for :func:`arbiter.solve.pbe.perfect_bayesian`
    (substitute values first, e.g. ``model.at_defaults()``).
    """
    p = _symbols()["p"]

    def russia(typ: str) -> Any:
        return decision(
            "Russia",
            {
                SIGNAL: _iran(typ, True, f"Iran|{SIGNAL}"),
                NO_SIGNAL: _iran(typ, False, f"Iran|{NO_SIGNAL}"),
            },
            infoset=f"Russia|{typ}",
        )

    tree = SequentialGame(
        chance({RESOLUTE: (p, russia(RESOLUTE)), IRRESOLUTE: (1 - p, russia(IRRESOLUTE))})
    )
    return Model(
        "uncertain-resolve",
        tree,
        _space(),
        status_quo=STATUS_QUO,
        description=(
            "S4: Russia, resolute or not, may send a costly signal (partial delivery or "
            "public commitment) before Iran restrains or entrenches"
        ),
        claims=(4,),
    )


def _values(overrides: Mapping[str, Any] | None) -> dict[sympy.Symbol, Any]:
    return _space().defaults(overrides)


def deterrence_cutoff(overrides: Mapping[str, Any] | None = None, *, symbolic: bool = False) -> Any:
    """The prior ``p*`` of a resolute Russia above which Iran restrains: ``g_e / w``.

    Exact: a :class:`~fractions.Fraction` at the defaults (with ``overrides``
    by name), or the sympy expression ``g_e/w`` with ``symbolic=True``. Iran
    restrains iff ``p >= p*`` (it is indifferent at equality). ``None`` when
    no prior deters (``g_e > w``: entrenching pays even against a resolute
    Russia); ``0`` when Iran never gains from entrenching (``g_e <= 0``).
    """
    s = _symbols()
    if symbolic:
        return s["g_e"] / s["w"]
    vals = _values(overrides)
    g_e, w = Fraction(vals[s["g_e"]]), Fraction(vals[s["w"]])
    if w == 0:
        return Fraction(0) if g_e <= 0 else None
    cut = g_e / w
    return None if cut > 1 else max(cut, Fraction(0))


def resolve_conditions() -> dict[str, Any]:
    """The conditions (sympy, in the parameters) for each pure PBE of :func:`uncertain_resolve`.

    Valid under the standing assumptions ``0 < g_e < w`` (Iran entrenches
    against an irresolute Russia and restrains against a resolute one) and
    ``c > 0`` (the signal is costly). Keys: ``"separating"``,
    ``"pooling: no signal, deterred"``, ``"pooling: no signal, not deterred"``,
    ``"pooling: signal"``.
    """
    s = _symbols()
    cut = s["g_e"] / s["w"]
    return {
        "separating": sympy.And(s["L"] <= s["c"], s["c"] <= s["L"] + s["k_w"]),
        "pooling: no signal, deterred": sympy.Ge(s["p"], cut),
        "pooling: no signal, not deterred": sympy.Le(s["p"], cut),
        "pooling: signal": sympy.And(sympy.Ge(s["p"], cut), s["c"] <= s["L"]),
    }
