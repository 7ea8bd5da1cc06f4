"""Pictures: game trees (and, through the analysis results, stability maps)."""

from arbiter.plot.tree import plot_tree

__all__ = ["plot_tree"]
