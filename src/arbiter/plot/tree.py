"""Drawing game trees with matplotlib.

:func:`plot_tree` lays a :class:`~arbiter.games.tree.SequentialGame` out top
to bottom: leaves evenly spaced, each inner node centred over its children.
Decision nodes show the mover, chance nodes a ``*``, edges their action (and
probability), leaves their label and payoffs. Given an equilibrium (a
behaviour profile from :func:`arbiter.subgame_perfect` or a regime's
equilibrium), the actions it prescribes are drawn bold and the path of play
in colour.

The figure is built without pyplot (a :class:`matplotlib.figure.Figure` on
the Agg canvas): no display is needed and no global matplotlib state is
touched. In Jupyter, show it with ``ax.figure``, or draw into Axes of your
own (``plot_tree(game, ax=ax)``).

The title is the model's name when a :class:`~arbiter.games.model.Model` is
drawn, ``title=`` when given, and otherwise says what is drawn (never the
player list, which the nodes already show):

>>> from arbiter.scenarios.classics import entry_deterrence
>>> ax = plot_tree(entry_deterrence())
>>> ax.get_title()
'game tree (3 outcomes)'
>>> from arbiter.scenarios.syria import border_deal
>>> plot_tree(border_deal(), root=("withdraw air support",)).get_title()
'border-deal — below withdraw air support'
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.games.tree import Chance, Decision, Node, Outcome, SequentialGame

__all__ = ["plot_tree"]

MAX_LEAVES = 400


def _fmt(v: Any) -> str:
    return f"{v:.3g}" if isinstance(v, float) else str(v)


def _layout(
    game: SequentialGame, root_path: tuple[str, ...]
) -> dict[tuple[str, ...], tuple[float, int]]:
    """(x, depth) of every node below ``root_path``, leaves at x = 0, 1, 2, ..."""
    pos: dict[tuple[str, ...], tuple[float, int]] = {}
    leaf = 0

    def place(path: tuple[str, ...], node: Node, depth: int) -> float:
        nonlocal leaf
        if isinstance(node, Outcome):
            x = float(leaf)
            leaf += 1
        else:
            kids = (
                node.moves if isinstance(node, Decision) else [(n, c) for n, _, c in node.branches]
            )
            xs = [place((*path, a), child, depth + 1) for a, child in kids]
            x = (xs[0] + xs[-1]) / 2
        pos[path] = (x, depth)
        return x

    place(root_path, game.node_at(root_path), 0)
    return pos


def _chosen(equilibrium: Any, game: SequentialGame) -> dict[str, Mapping[str, Any]]:
    """infoset -> {action: probability} from an equilibrium or a plain mapping."""
    if equilibrium is None:
        return {}
    strategies = getattr(equilibrium, "strategies", equilibrium)
    out: dict[str, Mapping[str, Any]] = {}
    if isinstance(strategies, Mapping):
        strategies = [strategies]
    for plan in strategies:
        if not isinstance(plan, Mapping):
            raise ArgumentTypeError(
                "equilibrium must be a behaviour profile (from subgame_perfect or regimes); "
                f"got {type(equilibrium).__name__}"
            )
        for infoset, dist in plan.items():
            out[infoset] = dist if isinstance(dist, Mapping) else {dist: 1}
    return out


def plot_tree(
    game: Any,
    *,
    equilibrium: Any = None,
    root: Sequence[str] = (),
    ax: Any = None,
    path: str | Path | None = None,
    title: str | None = None,
) -> Any:
    """Draw ``game`` (or the subtree at ``root``) and return the matplotlib Axes.

    Parameters
    ----------
    game:
        A :class:`~arbiter.games.tree.SequentialGame`, or a
        :class:`~arbiter.games.model.Model` of one (drawn at its defaults
        unless its payoffs are kept symbolic by drawing ``model.game``).
    equilibrium:
        Optional behaviour profile to highlight (bold prescribed actions,
        coloured path of play).
    root:
        Path of the node to start from, to draw part of a large tree.
    ax:
        Axes to draw on; if omitted, a new :class:`matplotlib.figure.Figure`
        (built without pyplot, so no display is needed).
    path:
        If given, the figure is saved there (PNG, PDF or SVG by extension).
    title:
        The title; by default the model's name (for a model) or ``"game tree"``,
        with the subtree drawn.
    """
    from arbiter.games.model import Model

    name = None
    if isinstance(game, Model):
        name = game.name
        game = game.at_defaults()
    if not isinstance(game, SequentialGame):
        raise ArgumentTypeError(f"plot_tree draws a SequentialGame; got {type(game).__name__}")
    from matplotlib.figure import Figure

    root = tuple(root)
    pos = _layout(game, root)
    leaves = sum(1 for p in pos if isinstance(game.node_at(p), Outcome))
    if leaves > MAX_LEAVES:
        raise InvalidArgumentError(
            f"the tree has {leaves} leaves below root={root!r}; draw a subtree with root=... "
            f"(at most {MAX_LEAVES} leaves)"
        )
    depth = max(d for _, d in pos.values())
    if ax is None:
        fig = Figure(figsize=(max(6.0, 1.5 * leaves), max(3.0, 1.6 * (depth + 1.5))))
        ax = fig.add_subplot()
    chosen = _chosen(equilibrium, game)
    on_path = {root} if chosen else set()
    for p in sorted(pos, key=len):
        node = game.node_at(p)
        x, d = pos[p]
        if isinstance(node, Outcome):
            pays = "\n".join(f"{pl}: {_fmt(v)}" for pl, v in zip(game.players, node.payoffs))
            label = "\n".join(textwrap.fill(part, 16) for part in (node.label or "").split("; "))
            text = (label + "\n" if label else "") + pays
            ax.text(x, -d - 0.15, text, ha="center", va="top", fontsize=7)
            ax.plot([x], [-d], "s", color="tab:red" if p in on_path else "0.3", ms=5)
            continue
        if isinstance(node, Decision):
            info = game.infoset_of(p)
            dist = chosen.get(info, {})
            kids = [(a, c, dist.get(a, 0)) for a, c in node.moves]
            ax.text(x, -d + 0.12, node.player, ha="center", va="bottom", fontsize=8, weight="bold")
        else:
            assert isinstance(node, Chance)
            kids = [(n, c, pr) for n, pr, c in node.branches]
            ax.text(x, -d + 0.12, "*", ha="center", va="bottom", fontsize=10)
        ax.plot([x], [-d], "o", color="tab:red" if p in on_path else "0.3", ms=5)
        for a, _child, weight in kids:
            cp = (*p, a)
            cx, cd = pos[cp]
            played = chosen and weight != 0
            if played and p in on_path:
                on_path.add(cp)
            color = "tab:red" if cp in on_path else "0.5"
            ax.plot([x, cx], [-d, -cd], color=color, lw=2.5 if played else 0.8)
            label = a if isinstance(node, Decision) else f"{a} ({_fmt(weight)})"
            ax.text(
                (x + cx) / 2,
                (-d - cd) / 2,
                label,
                fontsize=7,
                ha="center",
                va="center",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )
    _infosets(ax, game, pos)
    ax.set_axis_off()
    ax.set_ylim(-depth - 1.6, 0.6)
    if title is None:
        title = name if name is not None else f"game tree ({leaves} outcomes)"
        if root:
            title += f" — below {'/'.join(root)}"
    ax.set_title(title)
    if path is not None:
        ax.figure.savefig(path, dpi=120, bbox_inches="tight")
    return ax


def _infosets(ax: Any, game: SequentialGame, pos: dict) -> None:
    """Join the drawn members of each information set by a dashed line, named once.

    Members at different depths (an absent-minded player) are joined the same way.
    """
    for name, info in game.infosets.items():
        members = sorted((pos[m] for m in info.members if m in pos), key=lambda xd: (xd[1], xd[0]))
        if len(members) < 2:
            continue
        xs = [x for x, _ in members]
        ys = [-d for _, d in members]
        for (x0, d0), (x1, d1) in pairwise(members):
            # Same depth: a straight dashed line; else an arc, clear of the edges between them.
            ax.annotate(
                "",
                xy=(x1, -d1),
                xytext=(x0, -d0),
                arrowprops={
                    "arrowstyle": "-",
                    "linestyle": "--",
                    "color": "tab:blue",
                    "lw": 1.0,
                    "connectionstyle": "arc3,rad=0" if d0 == d1 else "arc3,rad=-0.5",
                },
                zorder=0,
            )
        ax.text(
            sum(xs) / len(xs),
            sum(ys) / len(ys) + 0.05,
            name,
            fontsize=6,
            color="tab:blue",
            ha="center",
            va="bottom",
        )
