"""The three-way Israel-Iran-Russia game (S5): the pivot, then the first version's Nash equilibria.

Run: python examples/three_way_standoff.py
"""

from arbiter import nash_equilibria, subgame_perfect
from arbiter.scenarios.syria import three_way

# The default: Israel and Iran choose at once, then Russia, the pivot, leans on a side.
model = three_way()
for eq in subgame_perfect(model.at_defaults()):
    print(eq)

# The first version: all three at once; every Nash equilibrium, exact (Russia mixes).
equilibria = nash_equilibria(three_way(credibility="lump-sum").at_defaults())
print(equilibria)
for eq in equilibria:
    print("Russia:", {a: str(p) for a, p in eq.strategy("Russia").items()})
print(equilibria.to_frame())
