"""The Syria standoff family: Russia between Israel and Iran (SCENARIOS.md, S1-S5).

Source: the January 2020 article on Russia's balancing act between Iran and
Israel (``shared/seeds``). Each model cites the numbered claims it encodes.
"""

from arbiter.scenarios.syria.three_way import three_way

__all__ = ["three_way"]
