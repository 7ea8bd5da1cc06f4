"""Write the ``pygambit_*`` fixtures of this folder with pygambit's own writer.

Run from the repository root with pygambit installed::

    python tests/data/gambit/make_pygambit_fixtures.py

The committed files were written by pygambit 16.7.0. The expected contents
are spelled out in ``tests/test_io_gambit.py``; rerunning this script with a
later pygambit must leave the games (not necessarily the bytes) unchanged.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).parent


def labelled_2x3():
    """A 2x3 game with named players and strategies, rational and decimal payoffs."""
    import pygambit as gbt

    g = gbt.Game.from_arrays(
        [[1, Fraction(1, 2), -3], [Decimal("0.25"), 0, Fraction(-7, 3)]],
        [[2, 0, Decimal("1.5")], [Fraction(5, 4), -1, 3]],
        title='Labelled 2x3 with "quotes"',
    )
    row, col = list(g.players)
    row.label = 'Row "the first"'
    col.label = "Column"
    for s, name in zip(row.strategies, ["Top", 'Bottom "B"']):
        s.label = name
    for s, name in zip(col.strategies, ["Left", "Centre", "Right"]):
        s.label = name
    return g


def coded_2x2x3():
    """Three players; the payoff encodes who is paid and the profile: 1000(p+1) + 100a + 10b + c."""
    import numpy as np
    import pygambit as gbt

    shape = (2, 2, 3)
    arrays = []
    for p in range(3):
        arr = np.empty(shape, dtype=object)
        for idx in np.ndindex(*shape):
            a, b, c = idx
            arr[idx] = 1000 * (p + 1) + 100 * a + 10 * b + c
        arrays.append(arr.tolist())
    g = gbt.Game.from_arrays(*arrays, title="Coded payoffs")
    for player, name in zip(g.players, ["Ann", "Ben", "Cy"]):
        player.label = name
    return g


def signaling():
    """Chance, named and unnamed information sets, an outcome at an inner node, a null leaf."""
    import pygambit as gbt

    g = gbt.Game.new_tree(players=["Sender", "Receiver"], title="Beer-quiche style signaling")
    g.append_move(g.root, g.players.chance, ["Strong", "Weak"])
    g.root.infoset.label = "Nature"
    g.set_chance_probs(g.root.infoset, [Fraction(1, 3), Fraction(2, 3)])
    strong, weak = list(g.root.children)
    g.append_move(strong, "Sender", ["Beer", "Quiche"])
    strong.infoset.label = "strong type"
    g.append_move(weak, "Sender", ["Beer", "Quiche"])
    weak.infoset.label = "weak type"
    sb, sq = list(strong.children)
    wb, wq = list(weak.children)
    g.append_move([sb, wb], "Receiver", ["Duel", "Flee"])
    g.append_move([sq, wq], "Receiver", ["Duel", "Flee"])
    sq.infoset.label = "after quiche"
    # An outcome at an inner node: the weak type enjoys its quiche whatever follows.
    g.set_outcome(wq, g.add_outcome(label="quiche bonus", payoffs=[Decimal("0.25"), 0]))
    leaves = {
        (sb, "Duel"): ("strong beer duel", [1, -1]),
        (sb, "Flee"): ("strong beer flee", [3, 0]),
        (sq, "Duel"): ("strong quiche duel", [0, Fraction(-7, 3)]),
        (sq, "Flee"): ("strong quiche flee", [2, 0]),
        (wb, "Duel"): ("weak beer duel", [0, 1]),
        (wq, "Duel"): ("weak quiche duel", [1, Decimal("1.5")]),
        (wq, "Flee"): ("weak quiche flee", [3, 0]),
    }
    # (wb, "Flee") keeps the null outcome.
    for (node, action), (label, payoffs) in leaves.items():
        g.set_outcome(node.children[action], g.add_outcome(label=label, payoffs=payoffs))
    return g


def main() -> None:
    import pygambit as gbt

    print("pygambit", gbt.__version__)
    labelled_2x3().to_nfg(str(HERE / "pygambit_labelled_2x3.nfg"))
    coded_2x2x3().to_nfg(str(HERE / "pygambit_coded_2x2x3.nfg"))
    signaling().to_efg(str(HERE / "pygambit_signaling.efg"))


if __name__ == "__main__":
    main()
