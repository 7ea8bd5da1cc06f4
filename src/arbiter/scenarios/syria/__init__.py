"""The Syria standoff family: Russia between Israel and Iran (models S1-S5).

Source: the January 2020 article on Russia's balancing act between Iran and
Israel. Each model cites the numbered claims it encodes;
``docs/scenarios.md`` lists every parameter with its default, range and reason.
"""

from arbiter.scenarios.syria.border_deal import AIR_SUPPORT, S300, TOR_M1, border_deal
from arbiter.scenarios.syria.escalation import escalation
from arbiter.scenarios.syria.repeated import (
    RepeatedDealReport,
    repeated_border_deal,
    repeated_border_deal_report,
)
from arbiter.scenarios.syria.resolve import (
    deterrence_cutoff,
    resolve_conditions,
    uncertain_resolve,
    uncertain_resolve_base,
)
from arbiter.scenarios.syria.three_way import three_way

__all__ = [
    "AIR_SUPPORT",
    "S300",
    "TOR_M1",
    "RepeatedDealReport",
    "border_deal",
    "deterrence_cutoff",
    "escalation",
    "repeated_border_deal",
    "repeated_border_deal_report",
    "resolve_conditions",
    "three_way",
    "uncertain_resolve",
    "uncertain_resolve_base",
]
