"""The three-way Israel-Iran-Russia game (S5): all Nash equilibria, exact.

Run: python examples/three_way_standoff.py
"""

from arbiter import nash_equilibria
from arbiter.scenarios.syria import three_way

model = three_way()
game = model.at_defaults()
equilibria = nash_equilibria(game)
print(equilibria)
for eq in equilibria:
    print("Russia:", {a: str(p) for a, p in eq.strategy("Russia").items()})
print(equilibria.to_frame())
