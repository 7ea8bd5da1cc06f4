"""Example data shipped with arbiter (private module; use ``arbiter.estimation.load_war1800``)."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd

__all__ = ["load_war1800"]

REGIME_LEVELS = ("autoc", "dem", "mixed")


def load_war1800() -> pd.DataFrame:
    """Militarized interstate disputes 1816-1899 (313 dispute dyad-years), as a DataFrame.

    From the Correlates of War project (Jones, Bremer and Singer 1996), as
    compiled for Kenkel and Signorino's R package ``games`` (GPL >= 2); the
    provenance note and the column meanings ship beside the file
    (``arbiter/estimation/data/README.md``). ``regime1`` and ``regime2`` are
    categoricals with the R factor's level order ``autoc``, ``dem``,
    ``mixed``. The standard specification is
    ``esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2``; 282
    rows have every variable it reads (``regime1`` or ``regime2`` is missing in
    31), and the fit drops the others, as R's ``na.omit`` does.

    >>> war = load_war1800()
    >>> war.shape
    (313, 21)
    >>> war[["sq", "capit", "war"]].sum().tolist()
    [133, 86, 94]
    """
    with (files("arbiter.estimation") / "data" / "war1800.csv").open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh)
    for col in ("regime1", "regime2"):
        frame[col] = pd.Categorical(frame[col], categories=list(REGIME_LEVELS))
    return frame
