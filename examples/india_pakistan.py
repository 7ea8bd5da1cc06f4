"""Your own standoff: the United States between India and Pakistan.

A model written from general parts, the way a researcher would write one:
the rivals' game (Pakistan moves, then India), the arbiter's instruments
(a threat to withhold aid from Pakistan, sanctions aimed at either side, a
trade deal promised to India for restraint) and a documented parameter box.
The same model is written as data in ``examples/models/india_pakistan.toml``
(the tests check that the two agree).

1. The United States announces a posture: which of its threats and promises
   to make (every subset of the four);
2. Pakistan restrains or provokes (a cross-border attack by groups it shelters);
3. India, having seen that, holds or strikes across the Line of Control;
4. where an announced commitment is due, the United States carries it out
   (delivers the deal) or backs down (reneges), paying the reputation cost
   ``r`` for breaking its word.

Base payoffs (Pakistan, India, United States):

====================  ============  ==================  ======
Pakistan / India      Pakistan      India               US
====================  ============  ==================  ======
Restrain / Hold       0             0                   v
Restrain / Strike     -d_p          g_s                 0
Provoke / Hold        g_p           -c_i                0
Provoke / Strike      g_p - d_p     g_s + h - c_i       -L
====================  ============  ==================  ======

"Restrain / Hold" is the status quo; "Provoke / Strike" is a crisis between
two nuclear powers, which the United States fears most. Every number is an
illustrative default with a plausible range, not a measurement.

Run ``arbiter report examples/india_pakistan.py:india_pakistan`` (or
``arbiter report examples/models/india_pakistan.toml``), or in Python:

>>> model = india_pakistan()
>>> model.commitments.names
('withhold aid', 'sanction Pakistan', 'sanction India', 'trade deal')
>>> import arbiter
>>> print(arbiter.credibility(model, "withhold aid").condition)
r > k_a
"""

from __future__ import annotations

from arbiter import Model, Parameter, SequentialGame, decision, outcome
from arbiter.leverage import Instrument, Promise, Threat
from arbiter.leverage.commitment import commitment_structure

__all__ = ["PARAMETERS", "india_pakistan", "rivals"]

STATUS_QUO = "status quo"
_ILL = "illustrative"

PARAMETERS = (
    # Pakistan
    Parameter("g_p", 2, 0, 8, "Pakistan's gain from a provocation", f"{_ILL}: pressure on Kashmir"),
    Parameter("d_p", 3, 0, 8, "Pakistan's damage from an Indian strike", f"{_ILL}: 2016, 2019"),
    Parameter("a", 4, 0, 10, "Pakistan's loss if US aid is withheld", f"{_ILL}: military aid"),
    Parameter("s_p", 3, 0, 8, "Pakistan's loss from US sanctions", f"{_ILL}: IMF and trade"),
    # India
    Parameter("c_i", 4, 0, 8, "India's cost of an unanswered provocation", f"{_ILL}: domestic"),
    Parameter("g_s", 1, 0, 6, "India's gain from striking a restrained Pakistan", f"{_ILL}"),
    Parameter("h", 3, 0, 6, "India's extra gain from striking after a provocation", f"{_ILL}"),
    Parameter("s_i", 2, 0, 8, "India's loss from US sanctions", f"{_ILL}: CAATSA-style"),
    Parameter("b_t", 3, 0, 8, "India's benefit from a US trade deal", f"{_ILL}: market access"),
    # United States
    Parameter("v", 6, 0, 12, "US value of the status quo", f"{_ILL}: regional stability"),
    Parameter("L", 12, 0, 24, "US loss from a crisis between nuclear powers", f"{_ILL}"),
    Parameter("k_a", 1, 0, 6, "US cost of withholding aid", f"{_ILL}: lost cooperation"),
    Parameter("k_sp", 3, 0, 6, "US cost of sanctioning Pakistan", f"{_ILL}: leverage lost"),
    Parameter("k_si", 4, 0, 8, "US cost of sanctioning India", f"{_ILL}: a strategic partner"),
    Parameter("k_t", 1, 0, 4, "US cost of the trade deal", f"{_ILL}: domestic industries"),
    Parameter("r", 2, 0, 8, "US reputation cost of breaking its word", f"{_ILL}: audience cost"),
)


def rivals() -> SequentialGame:
    """The rivals' game without the United States' commitments."""
    p = {q.name: q.symbol for q in PARAMETERS}
    return SequentialGame(
        decision(
            "Pakistan",
            {
                "Restrain": decision(
                    "India",
                    {
                        "Hold": outcome(
                            {"Pakistan": 0, "India": 0, "US": p["v"]}, label=STATUS_QUO
                        ),
                        "Strike": outcome(
                            {"Pakistan": -p["d_p"], "India": p["g_s"], "US": 0},
                            label="Indian strike",
                        ),
                    },
                ),
                "Provoke": decision(
                    "India",
                    {
                        "Hold": outcome(
                            {"Pakistan": p["g_p"], "India": -p["c_i"], "US": 0},
                            label="unanswered provocation",
                        ),
                        "Strike": outcome(
                            {
                                "Pakistan": p["g_p"] - p["d_p"],
                                "India": p["g_s"] + p["h"] - p["c_i"],
                                "US": -p["L"],
                            },
                            label="crisis",
                        ),
                    },
                ),
            },
        ),
        players=("Pakistan", "India", "US"),
    )


def india_pakistan() -> Model:
    """The United States between India and Pakistan, as a :class:`~arbiter.Model`."""
    p = {q.name: q.symbol for q in PARAMETERS}

    def instrument(name: str, target: str, effect: str, cost: str, **kw: str) -> Instrument:
        return Instrument(name, "US", target, effect=p[effect], cost=p[cost], **kw)

    commitments = (
        Threat(
            instrument("withhold aid", "Pakistan", "a", "k_a", description="suspend military aid"),
            "Provoke",
        ),
        Threat(
            instrument("sanction Pakistan", "Pakistan", "s_p", "k_sp", description="sanctions"),
            "Provoke",
        ),
        Threat(
            instrument("sanction India", "India", "s_i", "k_si", description="sanctions"),
            "Strike",
        ),
        Promise(
            instrument(
                "trade deal", "India", "b_t", "k_t", kind="benefit", description="a trade deal"
            ),
            "Hold",
        ),
    )
    structure = commitment_structure(rivals(), commitments, reputation_cost=p["r"])
    return Model(
        name="india-pakistan",
        game=structure.game,
        parameters=PARAMETERS,
        status_quo=STATUS_QUO,
        description=(
            "The United States announces threats and promises, Pakistan restrains or "
            "provokes, India holds or strikes, the United States keeps or breaks its word."
        ),
        commitments=structure,
    )


if __name__ == "__main__":  # pragma: no cover
    import arbiter

    model = india_pakistan()
    print(arbiter.status_quo_region(model, free=("a", "r")).condition)
