"""From a game tree, utility formulas and a data frame to the kernel's arrays (private).

Checks made here, each raising an arbiter error that names the argument:

* the tree has perfect information (no information set with two nodes);
* every terminal payoff is a number (a fixed utility) or a single symbol
  whose formula ``utilities`` gives;
* every utility given by a formula is weighed by its player at some
  decision node above it (otherwise it cannot be estimated);
* the Lewis-Schultz condition: no regressor (the constant included) appears
  in all of one player's utilities over the outcomes reachable from one of
  her decision nodes, unless one of those utilities is fixed by a number.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError, NotSupportedError
from arbiter.estimation._kernel import Block, NodeSpec, Structure
from arbiter.games.tree import Chance, Decision, Outcome, SequentialGame

__all__ = ["Design", "build_design", "compile_tree", "identification_check"]


def _payoff_entry(value: Any, where: str, caller: str) -> tuple[str, Any]:
    if isinstance(value, sympy.Symbol):
        return "sym", value.name
    if isinstance(value, sympy.Basic):
        if value.is_number:
            return "const", float(value)
        raise NotSupportedError(
            f"{caller}(): the payoff {where} is {value}; each payoff must be a number "
            "(a fixed utility) or one symbol whose formula `utilities` gives"
        )
    if isinstance(value, numbers.Real):
        return "const", float(value)
    raise NotSupportedError(
        f"{caller}(): the payoff {where} is {value!r}; expected a number or a symbol"
    )


def compile_tree(tree: Any, caller: str) -> tuple[Structure, list[list[tuple[str, Any]]]]:
    """The structure (no blocks yet) and per terminal and player ("const", v) or ("sym", name)."""
    if not isinstance(tree, SequentialGame):
        raise ArgumentTypeError(
            f"{caller}(): tree must be an arbiter SequentialGame; got {type(tree).__name__}"
        )
    shared = [name for name, info in tree.infosets.items() if len(info.members) > 1]
    if shared:
        raise NotSupportedError(
            f"{caller}(): strategic estimation needs perfect information; the information "
            f"set {shared[0]!r} holds {len(tree.infosets[shared[0]].members)} nodes"
        )
    players = tree.players
    nodes: list[NodeSpec] = []
    labels: list[str] = []
    paths: list[tuple[str, ...]] = []
    entries: list[list[tuple[str, Any]]] = []

    def visit(node: Any, path: tuple[str, ...]) -> tuple[str, int]:
        if isinstance(node, Outcome):
            t = len(labels)
            labels.append(node.label if node.label is not None else "/".join(path))
            paths.append(path)
            where = f"of {{}} at {'/'.join(path) or 'root'}"
            entries.append(
                [
                    _payoff_entry(v, where.format(repr(p)), caller)
                    for p, v in zip(players, node.payoffs)
                ]
            )
            return "term", t
        lo = len(labels)
        if isinstance(node, Decision):
            kids = tuple(visit(c, (*path, a)) for a, c in node.moves)
            spec = NodeSpec(
                "decision", players.index(node.player), path, node.actions, kids, lo, len(labels)
            )
        else:
            assert isinstance(node, Chance)
            probs = []
            for name, p, _ in node.branches:
                try:
                    probs.append(float(p))
                except TypeError:
                    raise NotSupportedError(
                        f"{caller}(): the chance probability of {name!r} at "
                        f"{'/'.join(path) or 'root'} is {p}; it must be a number"
                    ) from None
            kids = tuple(visit(c, (*path, n)) for n, _, c in node.branches)
            spec = NodeSpec(
                "chance",
                -1,
                path,
                tuple(n for n, _, _ in node.branches),
                kids,
                lo,
                len(labels),
                tuple(probs),
            )
        nodes.append(spec)
        return "node", len(nodes) - 1

    root = visit(tree.root, ())
    if root[0] == "term":
        raise InvalidArgumentError(
            f"{caller}(): the tree has no decision node; nothing to estimate"
        )
    if len(set(labels)) != len(labels):
        dup = sorted({x for x in labels if labels.count(x) > 1})
        raise InvalidArgumentError(
            f"{caller}(): outcome labels must be distinct to name observed outcomes; "
            f"{dup} label more than one outcome"
        )
    const = np.array([[v if kind == "const" else 0.0 for kind, v in row] for row in entries])
    block_of = tuple(tuple(-1 for _ in row) for row in entries)
    structure = Structure(players, tuple(labels), tuple(paths), tuple(nodes), const, block_of)
    return structure, entries


class Design:
    """The utility blocks with their formulas, model specs, design matrices and names."""

    def __init__(self, names, formulas, players, specs, matrices, columns):
        self.names = names
        self.formulas = formulas
        self.players = players
        self.specs = specs
        self.matrices = matrices
        self.columns = columns  # per block: term names (formulaic)


def _formula_text(f: Any, name: str, caller: str) -> str:
    if isinstance(f, bool) or not isinstance(f, (str, int, float)):
        raise ArgumentTypeError(
            f"{caller}(): utilities[{name!r}] must be a formula string such as 'x1 + x2' "
            f"(or 0 / '0' for a utility fixed at zero); got {f!r}"
        )
    text = str(f).strip()
    if "~" in text:
        text = text.split("~", 1)[1].strip()
    if isinstance(f, (int, float)) and float(f) != 0:
        raise InvalidArgumentError(
            f"{caller}(): utilities[{name!r}] = {f!r}: a fixed utility other than 0 belongs in "
            "the tree as a number"
        )
    return text or "0"


def build_design(
    structure: Structure,
    entries: list[list[tuple[str, Any]]],
    utilities: Any,
    data: pd.DataFrame,
    caller: str,
) -> tuple[Structure, Design]:
    """Attach the utility blocks (in the order of ``utilities``) and build design matrices."""
    from formulaic import Formula

    if not isinstance(utilities, Mapping):
        raise ArgumentTypeError(
            f"{caller}(): utilities must be a mapping {{payoff symbol: formula}}; got {utilities!r}"
        )
    used: dict[str, list[tuple[int, int]]] = {}
    for t, row in enumerate(entries):
        for j, (kind, v) in enumerate(row):
            if kind == "sym":
                used.setdefault(v, []).append((t, j))
    names = [str(k.name if isinstance(k, sympy.Symbol) else k) for k in utilities]
    missing = [s for s in used if s not in names]
    if missing:
        raise InvalidArgumentError(
            f"{caller}(): the tree's payoffs use {missing}, which utilities does not give; "
            f"utilities has {names}"
        )
    extra = [s for s in names if s not in used]
    if extra:
        raise InvalidArgumentError(
            f"{caller}(): utilities gives {extra}, which no payoff of the tree uses; the "
            f"payoff symbols are {list(used)}"
        )
    formulas, specs, matrices, columns, players, blocks = [], [], [], [], [], []
    block_of = [list(row) for row in structure.block_of]
    start = 0
    for b, f in enumerate(utilities.values()):
        name = names[b]
        text = _formula_text(f, name, caller)
        owners = {j for _, j in used[name]}
        if len(owners) > 1:
            raise NotSupportedError(
                f"{caller}(): the symbol {name!r} is the payoff of several players "
                f"{sorted(structure.players[j] for j in owners)}; give each player its own symbol"
            )
        (player,) = owners
        try:
            mm = Formula(text, _ordering="none").get_model_matrix(data, na_action="ignore")
        except Exception as exc:  # formulaic raises many kinds; one message names the utility
            raise InvalidArgumentError(
                f"{caller}(): utilities[{name!r}] = {text!r} cannot be built from data: {exc}"
            ) from exc
        X = np.asarray(mm, dtype=float)
        if X.ndim == 1:
            X = X[:, None]
        if X.shape[1] == 0:
            X = np.zeros((len(data), 0))
        formulas.append(text)
        specs.append(mm.model_spec)
        matrices.append(X)
        columns.append(tuple(mm.columns))
        players.append(player)
        blocks.append(Block(name, player, start, start + X.shape[1]))
        start += X.shape[1]
        for t, j in used[name]:
            block_of[t][j] = b
    structure = Structure(
        structure.players,
        structure.labels,
        structure.paths,
        structure.nodes,
        structure.const,
        tuple(tuple(r) for r in block_of),
        tuple(blocks),
    )
    return structure, Design(
        tuple(names), tuple(formulas), tuple(players), tuple(specs), matrices, tuple(columns)
    )


def identification_check(structure: Structure, design: Design, caller: str) -> None:
    """Refuse unidentified utilities (see the module docstring), with the reason."""
    s = structure
    weighed = set()
    for node in s.nodes:
        if node.kind != "decision":
            continue
        j = node.player
        weighed |= {s.block_of[t][j] for t in range(node.lo, node.hi)}
        blocks = [s.block_of[t][j] for t in range(node.lo, node.hi)]
        if any(b < 0 for b in blocks):
            continue  # one utility fixed by a number anchors the others
        common = set(design.columns[blocks[0]])
        for b in blocks[1:]:
            common &= set(design.columns[b])
        if common:
            where = "/".join(node.path) or "the root"
            shown = ", ".join(sorted(common))
            raise InvalidArgumentError(
                f"{caller}(): identification problem (Lewis and Schultz 2003): {shown} appears "
                f"in all of {s.players[j]!r}'s utilities "
                f"{sorted({design.names[b] for b in blocks})} "
                f"over the outcomes reachable from its decision at {where}, so only differences "
                "of its coefficients enter the choice there; drop it from one of these "
                "utilities (e.g. fix one at 0)"
            )
    for b, blk in enumerate(s.blocks):
        if b not in weighed and blk.stop > blk.start:
            raise InvalidArgumentError(
                f"{caller}(): utilities[{blk.name!r}] belongs to {s.players[blk.player]!r}, who "
                "makes no decision above the outcomes where it is paid; it cannot be estimated "
                "(fix it at a number in the tree)"
            )


def private_check(structure: Structure, caller: str) -> None:
    """The private-information model here needs binary choices and one move per player per path."""
    s = structure
    for node in s.nodes:
        if node.kind == "decision" and len(node.actions) != 2:
            raise NotSupportedError(
                f"{caller}(): error='private' handles binary choices; the decision at "
                f"{'/'.join(node.path) or 'the root'} has {len(node.actions)} actions "
                "(use error='agent')"
            )

    def movers_below(i: int) -> set[int]:
        node = s.nodes[i]
        out = set()
        for kind, c in node.children:
            if kind == "node":
                child = s.nodes[c]
                if child.kind == "decision":
                    out.add(child.player)
                out |= movers_below(c)
        return out

    for i, node in enumerate(s.nodes):
        if node.kind == "decision" and node.player in movers_below(i):
            raise NotSupportedError(
                f"{caller}(): error='private' needs each player to move at most once on every "
                f"path; {s.players[node.player]!r} moves again below "
                f"{'/'.join(node.path) or 'the root'} (use error='agent')"
            )
