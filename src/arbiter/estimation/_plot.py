"""Predicted-probability plots for fitted strategic models (private; matplotlib on demand)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from arbiter.errors import InvalidArgumentError

__all__ = ["plot_predicted", "profile_frame"]


def profile_frame(
    frame: pd.DataFrame, x: str, n: int = 50, at: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """``n`` rows: ``x`` over its observed range, every other column at its median (numbers)
    or its most frequent value (anything else), unless ``at`` fixes it."""
    if x not in frame.columns:
        raise InvalidArgumentError(f"plot_predicted(): x={x!r} is not a column of the fitted data")
    col = frame[x]
    if not pd.api.types.is_numeric_dtype(col):
        raise InvalidArgumentError(
            f"plot_predicted(): x={x!r} must be numeric; got dtype {col.dtype}"
        )
    grid = np.linspace(float(col.min()), float(col.max()), n)
    rows = {}
    for c in frame.columns:
        if c == x:
            rows[c] = grid
        elif at is not None and c in at:
            rows[c] = [at[c]] * n
        elif pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]):
            rows[c] = [float(frame[c].median())] * n
        else:
            mode = frame[c].mode(dropna=True)
            rows[c] = [mode.iloc[0] if len(mode) else None] * n
    out = pd.DataFrame(rows)
    for c in frame.columns:
        if isinstance(frame[c].dtype, pd.CategoricalDtype):
            out[c] = pd.Categorical(out[c], categories=frame[c].cat.categories)
    return out


def plot_predicted(
    result: Any,
    x: str,
    *,
    at: Mapping[str, Any] | None = None,
    n: int = 50,
    alpha: float = 0.05,
    outcomes: Sequence[str] | None = None,
    ax: Any = None,
    title: str | None = None,
):
    """Predicted outcome probabilities against ``x``, with ``1 - alpha`` delta-method bands.

    The other regressors stay at their median (numbers) or mode (categories)
    unless ``at`` fixes them. Returns a matplotlib ``Figure`` (drawn into
    ``ax`` when given); nothing is shown and no global state is changed.
    """
    from matplotlib.figure import Figure

    frame = result.model.frame
    grid = profile_frame(frame, x, n, at)
    pred = result.predict_outcomes(grid, alpha=alpha)
    labels = list(outcomes) if outcomes is not None else list(result.outcome_labels)
    if ax is None:
        fig = Figure(figsize=(6.0, 4.0), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    for label in labels:
        line = ax.plot(grid[x], pred[(label, "prob")], label=f"Pr({label})")[0]
        ax.fill_between(
            grid[x],
            pred[(label, "lower")],
            pred[(label, "upper")],
            color=line.get_color(),
            alpha=0.2,
            linewidth=0,
        )
    ax.set_xlabel(x)
    ax.set_ylabel("predicted probability")
    ax.set_ylim(0, 1)
    kind = "agent error" if result.error == "agent" else "private information"
    ax.set_title(title if title is not None else f"{result.link}, {kind}")
    ax.legend(loc="best", fontsize="small")
    return fig
