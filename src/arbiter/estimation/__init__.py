"""Strategic models fitted to data: game-tree utilities estimated from observed outcomes.

:func:`fit` takes any finite perfect-information :class:`~arbiter.SequentialGame`
whose payoffs are symbols, a formula per symbol and a data frame, and
estimates the utilities' coefficients by maximum likelihood under agent
error or private information with a probit or logit link (Signorino 1999,
2003; Lewis and Schultz 2003). :func:`egame12`, :func:`egame122` and
:func:`egame123` are the fixed trees of Kenkel and Signorino's R package
``games``, with its formula syntax and parameter order. Results are
statsmodels results (``params``, ``bse``, ``llf``, ``summary()``).
"""

from arbiter.estimation._datasets import load_war1800
from arbiter.estimation._plot import plot_predicted
from arbiter.estimation.model import (
    Bootstrap,
    SeparationWarning,
    StrategicModel,
    StrategicResults,
    fit,
    simulate,
)
from arbiter.estimation.rgames import egame12, egame12_tree, egame122, egame123

__all__ = [
    "Bootstrap",
    "SeparationWarning",
    "StrategicModel",
    "StrategicResults",
    "egame12",
    "egame12_tree",
    "egame122",
    "egame123",
    "fit",
    "load_war1800",
    "plot_predicted",
    "simulate",
]
