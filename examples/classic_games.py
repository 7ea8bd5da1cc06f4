"""Solve every classic game that ships with arbiter and print the certified equilibria.

Run: python examples/classic_games.py
"""

from arbiter import nash_equilibria
from arbiter.scenarios.classics import CLASSICS

for name, make in CLASSICS.items():
    print(f"== {name}")
    print(nash_equilibria(make()))
