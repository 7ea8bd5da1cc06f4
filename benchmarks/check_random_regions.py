"""Random perfect-information trees: the exact status-quo region against subgame_perfect.

Usage::

    python benchmarks/check_random_regions.py [--trees 25] [--points 15] [--seed 3]

Each tree has two rivals, depth up to three, outcomes labelled "status quo",
"war" or "deal", and payoffs ``k + a*x + b*y`` with small random integers.
At generic exact points (denominators 997 and 991, so no tie is hit) the
region must hold exactly where every SPE reaches the status quo. Prints the
points checked and the mismatches (expected: none).
"""

from __future__ import annotations

import argparse
import random
from fractions import Fraction

from arbiter import SequentialGame, decision, outcome, subgame_perfect
from arbiter.analysis import status_quo_region
from arbiter.games.model import Model
from arbiter.games.parameters import Parameter

X = Parameter("x", Fraction(1), 0, 4, "x")
Y = Parameter("y", Fraction(1), 0, 4, "y")
PLAYERS = ("A", "B")


def random_node(rng: random.Random, depth: int):
    if depth == 0 or rng.random() < 0.3:
        x, y = X.symbol, Y.symbol
        payoffs = {
            p: rng.randint(-3, 3) + rng.choice([0, 1, -1]) * x + rng.choice([0, 1]) * y
            for p in PLAYERS
        }
        return outcome(payoffs, label=rng.choice(["status quo", "war", "deal"]))
    return decision(rng.choice(PLAYERS), {a: random_node(rng, depth - 1) for a in ("a", "b")})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trees", type=int, default=25)
    parser.add_argument("--points", type=int, default=15)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    checked = mismatches = 0
    for _ in range(args.trees):
        root = decision("A", {"a": random_node(rng, 2), "b": random_node(rng, 2)})
        tree = SequentialGame(root, players=PLAYERS)
        if "status quo" not in {o.label for _, o in tree.outcomes}:
            continue
        region = status_quo_region(Model("random", tree, (X, Y), status_quo="status quo"))
        for _ in range(args.points):
            point = {
                "x": Fraction(rng.randint(0, 4000), 997),
                "y": Fraction(rng.randint(0, 4000), 991),
            }
            spe = subgame_perfect(tree.subs(point))
            truth = all(e.outcome.get("status quo", 0) == 1 for e in spe)
            checked += 1
            if region.holds(point) != truth:
                mismatches += 1
                print("mismatch at", point, "region:", region.condition)
    print(f"checked {checked} points, {mismatches} mismatches")


if __name__ == "__main__":
    main()
