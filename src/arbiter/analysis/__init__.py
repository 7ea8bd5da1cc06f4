r"""Where the status quo is stable: exact regions, thresholds, maps and robustness.

The question, for a model whose tree has a status-quo outcome: for which
parameter values is the status quo the outcome of **every** subgame-perfect
equilibrium, which instrument buys how much of that, and how robust is it to
uncertainty about the numbers?

* :func:`status_quo_region`: the exact region, a sympy condition built from
  the regimes of the tree (:mod:`arbiter.analysis.region`);
* :func:`threshold`, :func:`instrument_value`, :func:`instrument_values`,
  :func:`comparative_statics`: one parameter's stable interval(s), the value
  of each instrument, and how they move (:mod:`arbiter.analysis.thresholds`);
* :func:`stability_map`: the region and the regimes over a grid of two
  parameters, fast (:mod:`arbiter.analysis.maps`);
* :func:`box_share`: the share of the box where a condition holds, exact
  (rational) for linear conditions in one or two parameters
  (:mod:`arbiter.analysis.shares`);
* :func:`equilibrium_map`, :func:`equilibrium_robustness`: the same questions
  for normal-form models, over their Nash equilibria
  (:mod:`arbiter.analysis.normal`);
* :func:`qre_stability_map`, :func:`qre_violation_frequency`: the status
  quo's probability when players err (agent logit QRE), over a grid or at a
  point (:mod:`arbiter.analysis.qre_maps`);
* :func:`robustness`: the share of plausible parameter draws where the status
  quo holds, on any executor (:mod:`arbiter.analysis.robustness`).

>>> from arbiter.scenarios.syria.border_deal import border_deal
>>> print(status_quo_region(border_deal(), free=("w",)).condition)
w > 1
"""

from arbiter.analysis.maps import StabilityMap, stability_map
from arbiter.analysis.normal import equilibrium_map, equilibrium_robustness
from arbiter.analysis.qre_maps import (
    QREStabilityMap,
    QREViolations,
    qre_stability_map,
    qre_violation_frequency,
)
from arbiter.analysis.region import StabilityRegion, status_quo_region
from arbiter.analysis.robustness import ParameterEffect, Robustness, robustness, wilson_interval
from arbiter.analysis.shares import Share, box_share
from arbiter.analysis.thresholds import (
    ComparativeStatics,
    InstrumentValue,
    comparative_statics,
    instrument_value,
    instrument_values,
    threshold,
)

__all__ = [
    "ComparativeStatics",
    "InstrumentValue",
    "ParameterEffect",
    "QREStabilityMap",
    "QREViolations",
    "Robustness",
    "Share",
    "StabilityMap",
    "StabilityRegion",
    "box_share",
    "comparative_statics",
    "equilibrium_map",
    "equilibrium_robustness",
    "instrument_value",
    "instrument_values",
    "qre_stability_map",
    "qre_violation_frequency",
    "robustness",
    "stability_map",
    "status_quo_region",
    "threshold",
    "wilson_interval",
]
