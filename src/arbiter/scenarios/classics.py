"""Classic games from the literature, each with its source and known equilibria.

Every function returns a fresh, exact :class:`~arbiter.games.normal_form.NormalFormGame`.
The known equilibria are listed in each docstring and checked in
``tests/test_classics.py``.

>>> from arbiter import nash_equilibria
>>> [e.pure_profile for e in nash_equilibria(prisoners_dilemma())]
[('Defect', 'Defect')]
"""

from __future__ import annotations

from arbiter.games.normal_form import NormalFormGame

__all__ = [
    "CLASSICS",
    "battle_of_the_sexes",
    "chicken",
    "matching_pennies",
    "prisoners_dilemma",
    "rock_paper_scissors",
    "stag_hunt",
]


def prisoners_dilemma(T: int = 5, R: int = 3, P: int = 1, S: int = 0) -> NormalFormGame:
    """The prisoners' dilemma with temptation T > reward R > punishment P > sucker S.

    Source: Axelrod, *The Evolution of Cooperation* (1984), payoffs 5, 3, 1, 0.
    Unique equilibrium: both defect.
    """
    return NormalFormGame.from_arrays(
        [[R, S], [T, P]],
        [[R, T], [S, P]],
        players=("Row", "Column"),
        actions=(("Cooperate", "Defect"), ("Cooperate", "Defect")),
    )


def chicken() -> NormalFormGame:
    """Chicken (hawk-dove): swerve or go straight.

    Source: Rapoport & Chammah, "The game of chicken", *American Behavioral
    Scientist* 10 (1966). Payoffs: both swerve 0, straight against swerve 1 / -1,
    crash -10. Equilibria: the two asymmetric pure ones and one mixed in which
    each goes straight with probability 1/10.
    """
    return NormalFormGame.from_arrays(
        [[0, -1], [1, -10]],
        [[0, 1], [-1, -10]],
        players=("Row", "Column"),
        actions=(("Swerve", "Straight"), ("Swerve", "Straight")),
    )


def matching_pennies() -> NormalFormGame:
    """Matching pennies: the row player wins on a match.

    Source: von Neumann & Morgenstern, *Theory of Games and Economic Behavior*
    (1944). Unique equilibrium: both mix 1/2, 1/2.
    """
    return NormalFormGame.from_arrays(
        [[1, -1], [-1, 1]],
        [[-1, 1], [1, -1]],
        players=("Matcher", "Mismatcher"),
        actions=(("Heads", "Tails"), ("Heads", "Tails")),
    )


def battle_of_the_sexes() -> NormalFormGame:
    """Battle of the sexes.

    Source: Luce & Raiffa, *Games and Decisions* (1957). Payoffs 2/1 on
    coordination, 0 otherwise. Equilibria: (Opera, Opera), (Football, Football)
    and the mixed one in which each goes to its favourite with probability 2/3.
    """
    return NormalFormGame.from_arrays(
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        players=("Her", "Him"),
        actions=(("Opera", "Football"), ("Opera", "Football")),
    )


def stag_hunt() -> NormalFormGame:
    """The stag hunt.

    Source: Skyrms, *The Stag Hunt and the Evolution of Social Structure*
    (2004), payoffs 4/3/0. Equilibria: (Stag, Stag), (Hare, Hare) and the mixed
    one with Stag played with probability 3/4.
    """
    return NormalFormGame.from_arrays(
        [[4, 0], [3, 3]],
        [[4, 3], [0, 3]],
        players=("Row", "Column"),
        actions=(("Stag", "Hare"), ("Stag", "Hare")),
    )


def rock_paper_scissors() -> NormalFormGame:
    """Rock-paper-scissors, zero-sum, win 1, lose -1.

    Unique equilibrium: both mix 1/3 each.
    """
    a = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    return NormalFormGame.from_arrays(
        a,
        [[-v for v in row] for row in a],
        players=("Row", "Column"),
        actions=(("Rock", "Paper", "Scissors"),) * 2,
    )


#: Name -> constructor, for the command line and the tests.
CLASSICS = {
    "prisoners-dilemma": prisoners_dilemma,
    "chicken": chicken,
    "matching-pennies": matching_pennies,
    "battle-of-the-sexes": battle_of_the_sexes,
    "stag-hunt": stag_hunt,
    "rock-paper-scissors": rock_paper_scissors,
}
