"""Classic games from the literature, each with its source and known equilibria.

Every function returns a fresh, exact :class:`~arbiter.games.normal_form.NormalFormGame`.
The known equilibria are listed in each docstring and checked in
``tests/test_classics.py``.

>>> from arbiter import nash_equilibria
>>> [e.pure_profile for e in nash_equilibria(prisoners_dilemma())]
[('Defect', 'Defect')]
"""

from __future__ import annotations

from fractions import Fraction

from arbiter.errors import InvalidArgumentError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import Node, SequentialGame, decision, outcome

__all__ = [
    "CLASSICS",
    "TREES",
    "battle_of_the_sexes",
    "centipede",
    "chain_store",
    "chicken",
    "entry_deterrence",
    "matching_pennies",
    "prisoners_dilemma",
    "rock_paper_scissors",
    "stag_hunt",
    "ultimatum",
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


def entry_deterrence() -> SequentialGame:
    """Entry deterrence: an entrant stays out or enters; the incumbent fights or accommodates.

    Source: Selten, "The chain store paradox", *Theory and Decision* 9 (1978),
    one town. Payoffs (entrant, incumbent): Out (1, 5), In then Accommodate
    (2, 2), In then Fight (0, 0). The unique subgame-perfect equilibrium is
    (In, Accommodate); the Nash equilibrium (Out, Fight) rests on a threat to
    fight that is not credible.
    """
    return SequentialGame(
        decision(
            "Entrant",
            {
                "Out": outcome({"Entrant": 1, "Incumbent": 5}, label="no entry"),
                "In": decision(
                    "Incumbent",
                    {
                        "Fight": outcome({"Entrant": 0, "Incumbent": 0}, label="price war"),
                        "Accommodate": outcome(
                            {"Entrant": 2, "Incumbent": 2}, label="shared market"
                        ),
                    },
                ),
            },
        )
    )


def chain_store(towns: int = 2) -> SequentialGame:
    """Selten's chain store with ``towns`` entrants in sequence (perfect information).

    Source: Selten (1978). In town ``t`` entrant ``t`` stays out (it gets 1,
    the incumbent 5) or enters, after which the incumbent fights (0, 0) or
    accommodates (2, 2); the incumbent's payoff is its sum over towns, each
    entrant's is its own town's. Unique subgame-perfect equilibrium: every
    entrant enters and the incumbent always accommodates (the paradox: fighting
    early to deter later entrants is not credible).
    """
    if not isinstance(towns, int) or isinstance(towns, bool) or not 1 <= towns <= 6:
        raise InvalidArgumentError(f"towns must be an integer in [1, 6]; got {towns!r}")
    entrants = [f"Entrant {t + 1}" for t in range(towns)]

    def town(t: int, paid: tuple[int, ...], incumbent: int) -> Node:
        if t == towns:
            pays = {"Incumbent": incumbent, **dict(zip(entrants, paid))}
            return outcome(pays)

        def after(entrant_pay: int, incumbent_pay: int) -> Node:
            return town(t + 1, (*paid, entrant_pay), incumbent + incumbent_pay)

        return decision(
            entrants[t],
            {
                "Out": after(1, 5),
                "In": decision("Incumbent", {"Fight": after(0, 0), "Accommodate": after(2, 2)}),
            },
        )

    return SequentialGame(town(0, (), 0), players=("Incumbent", *entrants))


def centipede(stages: int = 4) -> SequentialGame:
    """The centipede game: two players alternately take the larger pile or pass.

    Source: Rosenthal, *J. Econ. Theory* 25 (1981); payoffs of McKelvey &
    Palfrey, *Econometrica* 60 (1992): piles start at 2/5 and 1/10 and double at
    every pass. Unique subgame-perfect equilibrium: the first mover takes at once.
    """
    if not isinstance(stages, int) or isinstance(stages, bool) or not 1 <= stages <= 40:
        raise InvalidArgumentError(f"stages must be an integer in [1, 40]; got {stages!r}")
    large, small = Fraction(2, 5), Fraction(1, 10)
    players = ("First", "Second")
    node: Node = outcome(
        {players[stages % 2]: large * 2**stages, players[1 - stages % 2]: small * 2**stages},
        label="end",
    )
    for t in range(stages - 1, -1, -1):
        mover, other = players[t % 2], players[1 - t % 2]
        take = outcome({mover: large * 2**t, other: small * 2**t}, label=f"take {t + 1}")
        node = decision(mover, {"Take": take, "Pass": node})
    return SequentialGame(node, players=players)


def ultimatum(pie: int = 4) -> SequentialGame:
    """The ultimatum game over ``pie`` indivisible units.

    Source: Güth, Schmittberger & Schwarze, *J. Econ. Behav. Organ.* 3 (1982).
    The proposer offers ``k`` units; the responder accepts (``pie - k``, ``k``)
    or rejects (0, 0). Subgame-perfect equilibria: the responder accepts every
    positive offer; at offer 0 it is indifferent, so there are two: offer 0 and
    accept it, or offer 1 and reject 0.
    """
    if not isinstance(pie, int) or isinstance(pie, bool) or not 1 <= pie <= 50:
        raise InvalidArgumentError(f"pie must be an integer in [1, 50]; got {pie!r}")
    offers = {
        f"offer {k}": decision(
            "Responder",
            {
                "Accept": outcome(
                    {"Proposer": pie - k, "Responder": k}, label=f"split {pie - k}:{k}"
                ),
                "Reject": outcome({"Proposer": 0, "Responder": 0}, label="no deal"),
            },
        )
        for k in range(pie + 1)
    }
    return SequentialGame(decision("Proposer", offers))


#: Name -> constructor of the classic trees.
TREES = {
    "entry-deterrence": entry_deterrence,
    "chain-store": chain_store,
    "centipede": centipede,
    "ultimatum": ultimatum,
}

#: Name -> constructor, for the command line and the tests.
CLASSICS = {
    "prisoners-dilemma": prisoners_dilemma,
    "chicken": chicken,
    "matching-pennies": matching_pennies,
    "battle-of-the-sexes": battle_of_the_sexes,
    "stag-hunt": stag_hunt,
    "rock-paper-scissors": rock_paper_scissors,
}
