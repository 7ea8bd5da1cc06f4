r"""Gambit's ``.nfg`` and ``.efg`` files: read and write games exactly.

Gambit (https://gambitproject.readthedocs.io, "Game representation
formats") stores a strategic game in an ``.nfg`` file and a game tree in an
``.efg`` file. :func:`read_game` picks the format from the file's header,
:func:`write_game` from the file's extension; :func:`parse_game` and
:func:`format_game` do the same on strings.

Numbers
    Gambit writes integers (``-3``), decimals (``0.5``, ``.80``,
    ``1.25e-1``) and rationals (``7/3``) and means them all exactly. They are
    read as :class:`fractions.Fraction`, never through a float, so every game
    read from a file is an *exact* arbiter game. Exact games are written with
    integers and ``p/q`` rationals; float games with each float's shortest
    decimal (``repr``, exponent without ``+``: Gambit refuses ``1e+20``), which
    reads back as the exact decimal that names that float: a float game comes
    back as an exact game whose entries convert to the very same floats.
    Symbolic games cannot be written (substitute values first).
Labels
    Text in double quotes; ``\"`` is a quote and ``\\`` a backslash. Gambit
    (16.7) makes empty and repeated labels distinct by appending ``_1``,
    ``_2``, ... and so does arbiter for player names, strategy names, action
    names and chance branch names, so both read the same file with the same
    names. Titles and comments are read and dropped; arbiter games have none;
    an empty outcome label reads back as no label. The format has no comment
    syntax. Gambit 16.7 reads only labels of printable ASCII without leading,
    trailing or doubled spaces (and misreads backslashes): arbiter writes
    other labels only when asked to (``strict=False``), and reads any label.

The strategic form, ``NFG 1 R "title" { "P1" "P2" } ...``
    ``payoffs[p, a_1, ..., a_n]`` of a :class:`~arbiter.NormalFormGame` is
    the payoff to player ``p`` at the profile in which player ``q`` plays its
    action ``a_q``. Both Gambit layouts are read:

    * payoff version: ``{ 3 2 }`` strategy counts (strategies are then
      named ``"1"``, ``"2"``, ...), or ``{ { "T" "M" "B" } { "L" "R" } }``
      strategy names, followed by a flat list of numbers: for each profile,
      one payoff per player in player order, and the profiles with *player
      1's strategy changing fastest* (``(1,1), (2,1), (3,1), (1,2), ...``);
    * outcome version: the strategy names, then a list of outcomes
      ``{ "name" 1, 2 }`` (numbered 1, 2, ... in order), then one outcome
      number per profile in the same order, ``0`` being the null outcome
      that pays 0 to everyone.

    Games are written in the outcome version with one outcome per profile, as
    Gambit writes them. A :class:`~arbiter.games.tree.SequentialGame` written
    to an ``.nfg`` file is written as its reduced normal form.

The tree, ``EFG 2 R "title" { "P1" "P2" } ...``
    Nodes are listed in prefix order (a node, then the subtree of each child
    in order):

    * ``p "node" 1 2 "name" { "a" "b" } 0``: player 1 moves at information
      set 2 of player 1 -> :func:`~arbiter.games.tree.decision`;
    * ``c "node" 1 "name" { "H" 1/2 "T" 1/2 } 0``: chance event 1 ->
      :func:`~arbiter.games.tree.chance` with those exact probabilities;
    * ``t "node" 3 "war" { -1, -1 }``: a leaf with outcome 3 ->
      :func:`~arbiter.games.tree.outcome`, labelled ``"war"`` (an empty or
      null outcome gives no label).

    The last number of ``p`` and ``c`` nodes, and the number of ``t`` nodes,
    is an outcome: ``0`` (none) or a number whose name and payoffs are given
    the first time it appears. Gambit lets outcomes sit at inner nodes and
    adds them up along the path; arbiter keeps payoffs at the leaves only, so
    each leaf is paid, exactly, the sum of the outcomes on its path. An
    information set or chance event, like an outcome, is described at its
    first node and may be referred to by its number alone later on.

    Information sets become arbiter information set names: the set's own
    name when it is non-empty and no other information set in the file has
    it; else ``"<player>:<number>"`` (e.g. ``"Bob:1"``). A set with no name
    and a single node is left unnamed (``infoset=None``), as arbiter trees
    leave lone decision nodes. Node names are dropped.

    Trees are written the same way: information sets numbered per player in
    order of first appearance (named after the arbiter set when it has a name,
    else ``""``), one chance event per chance node, and one outcome per
    distinct (label, payoffs) pair at the leaves. For float trees, the last
    branch of each chance node is written as one minus the others (as a
    rational when the decimals do not already sum to 1), since Gambit needs
    probabilities that sum to exactly 1. A
    :class:`~arbiter.NormalFormGame` written to an ``.efg`` file becomes a
    tree of simultaneous moves: each player in turn moves at a single
    information set named after the player.

Errors
    A malformed file raises :class:`~arbiter.errors.ParseError` naming the
    file, the line and what was expected (``game.nfg, line 3: expected a
    number in the payoff list; got '"abc"'``); no game is returned in part.
    A well-formed file that arbiter cannot hold as a game (chance
    probabilities that do not sum to 1, say) also raises ParseError.

>>> g = parse_game('''NFG 1 R "Selten (IJGT, 75), Figure 2" { "Player 1" "Player 2" } { 3 2 }
... 1 1 0 2 0 2 1 1 0 3 2 0.5''')
>>> g.actions
(('1', '2', '3'), ('1', '2'))
>>> g.payoffs[0, 2, 1], g.payoffs[1, 1, 0]
(Fraction(2, 1), Fraction(2, 1))
>>> g.payoffs[1, 2, 1]
Fraction(1, 2)
>>> parse_game(format_game(g)) == g
True
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np

from arbiter.errors import (
    ArgumentTypeError,
    InvalidArgumentError,
    InvalidGameError,
    NotSupportedError,
    ParseError,
)
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.numbers import as_exact
from arbiter.games.tree import (
    Chance,
    Decision,
    Node,
    Outcome,
    SequentialGame,
    chance,
    decision,
    outcome,
)
from arbiter.io._lexer import Cursor

__all__ = [
    "FORMATS",
    "format_game",
    "gambit_label_problem",
    "parse_game",
    "read_game",
    "write_game",
]

#: The formats, by file extension.
FORMATS = {"nfg": "strategic form", "efg": "extensive form (tree)"}


# =====================================================================  reading
def read_game(path: str | os.PathLike[str]) -> NormalFormGame | SequentialGame:
    """Read a Gambit ``.nfg`` or ``.efg`` file; the header, not the extension, decides which.

    Returns a :class:`~arbiter.NormalFormGame` for ``NFG`` files and a
    :class:`~arbiter.games.tree.SequentialGame` for ``EFG`` files, with exact
    numbers. Raises :class:`~arbiter.errors.ParseError` (naming the path and
    line) for a malformed file, and ``OSError`` if it cannot be read.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(f"path must be a string or a path; got {path!r}")
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Files from old Gambit versions may carry Latin-1 labels.
        text = data.decode("latin-1")
    return parse_game(text, source=os.fspath(path))


def parse_game(text: str, *, source: str = "<string>") -> NormalFormGame | SequentialGame:
    """Parse the text of a Gambit ``.nfg`` or ``.efg`` file; ``source`` names it in errors."""
    if not isinstance(text, str):
        raise ArgumentTypeError(f"text must be a string; got {type(text).__name__}")
    cur = Cursor(text, source)
    head = cur.peek()
    if head.kind == "word" and head.text == "NFG":
        return _NfgReader(cur).read()
    if head.kind == "word" and head.text == "EFG":
        return _EfgReader(cur).read()
    if head.kind == "eof":
        raise cur.error("the file is empty; expected a Gambit header 'NFG 1 R' or 'EFG 2 R'")
    hint = ""
    if head.text.startswith("<"):
        hint = " (this looks like XML, e.g. a Gambit workbook .gbt: save the game as .efg or .nfg)"
    raise cur.error(
        "expected a Gambit header, 'NFG 1 R' (strategic game) or 'EFG 2 R' (game tree); "
        f"got {head.describe()}{hint}"
    )


def unique_labels(labels: Sequence[str]) -> list[str]:
    """Make labels distinct and non-empty the way Gambit 16.7 does.

    A label that is empty or repeated becomes ``label_1``, ``label_2``, ...
    (skipping names already in use); other labels are kept.

    >>> unique_labels(["", "x", "x", "x_1", "y"])
    ['_1', 'x_2', 'x_3', 'x_1', 'y']
    """
    counts = Counter(labels)
    used = set(labels)
    visited: Counter[str] = Counter()
    out = []
    for label in labels:
        if counts[label] == 1 and label != "":
            out.append(label)
            continue
        while True:
            visited[label] += 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


def _read_header(cur: Cursor, tag: str, version: str) -> tuple[str, ...]:
    """``TAG VERSION R "title" { "P1" ... }``; returns the (made distinct) player names."""
    cur.next()
    tok = cur.next()
    if tok.kind != "number" or tok.text != version:
        raise cur.error(
            f"expected the version number {version} after {tag!r} (Gambit files start "
            f"'{tag} {version} R'); got {tok.describe()}",
            tok,
        )
    tok = cur.next()
    if tok.kind != "word" or tok.text not in ("R", "D"):
        raise cur.error(
            f"expected the data type letter R after '{tag} {version}'; got {tok.describe()}", tok
        )
    cur.expect("text", "the game's title in quotes")
    cur.expect("lbrace", "'{' opening the list of player names")
    names = []
    while cur.peek().kind == "text":
        names.append(cur.next().text)
    tok = cur.peek()
    cur.expect("rbrace", "a player name in quotes or '}' closing the list of players")
    if not names:
        raise cur.error("the list of players is empty; a game needs at least one player", tok)
    return tuple(unique_labels(names))


def _read_payoffs(cur: Cursor, n: int, what: str) -> tuple[Fraction, ...]:
    """``p_1[,] ... p_n[,] }`` after an outcome's opening brace (commas are optional)."""
    values = []
    for j in range(n):
        tok = cur.peek()
        if tok.kind == "rbrace":
            raise cur.error(
                f"{what} has {j} payoff{'s' if j != 1 else ''}; the game has {n} "
                f"player{'s' if n != 1 else ''}, so it needs {n}",
                tok,
            )
        values.append(cur.number(f"a payoff (a number) for player {j + 1}", f" in {what}"))
        cur.accept("comma")
    cur.expect("rbrace", f"'}}' after the {n} payoffs of {what} (one per player)")
    return tuple(values)


def _expect_end(cur: Cursor, after: str) -> None:
    tok = cur.peek()
    if tok.kind != "eof":
        raise cur.error(f"expected end of file after {after}; got {tok.describe()}", tok)


def _as_game_error(cur: Cursor, exc: InvalidGameError) -> ParseError:
    return ParseError(
        f"the file is well formed but does not describe a valid game: {exc}", path=cur.source
    )


class _NfgReader:
    def __init__(self, cur: Cursor) -> None:
        self.cur = cur

    def read(self) -> NormalFormGame:
        cur = self.cur
        players = _read_header(cur, "NFG", "1")
        n = len(players)
        labels, shape = self._strategies(players)
        cur.accept("text")  # the optional comment
        tok = cur.peek()
        if tok.kind == "lbrace":
            payoffs = self._outcome_version(n, shape)
        elif tok.kind == "number":
            payoffs = self._payoff_version(n, shape)
        else:
            raise cur.error(
                "expected the payoffs: a list of numbers (payoff version) or '{' opening the "
                f"list of outcomes (outcome version); got {tok.describe()}",
                tok,
            )
        if labels is None:
            labels = [tuple(str(j + 1) for j in range(k)) for k in shape]
        try:
            return NormalFormGame(payoffs, players=players, actions=labels)
        except InvalidGameError as exc:  # pragma: no cover - names are made valid above
            raise _as_game_error(cur, exc) from None

    def _strategies(
        self, players: tuple[str, ...]
    ) -> tuple[list[tuple[str, ...]] | None, tuple[int, ...]]:
        """Strategy counts ``{ 3 2 }`` or names ``{ { "T" "B" } { "L" "R" } }``."""
        cur = self.cur
        n = len(players)
        cur.expect("lbrace", "'{' opening the strategy counts or the strategy names")
        if cur.peek().kind != "lbrace":
            counts = tuple(
                cur.integer(f"the number of strategies of player {i + 1} ({p!r})", 1)
                for i, p in enumerate(players)
            )
            cur.expect("rbrace", f"'}}' closing the strategy counts (one per player; {n} players)")
            return None, counts
        labels = []
        for i, p in enumerate(players):
            cur.expect("lbrace", f"'{{' opening the strategy names of player {i + 1} ({p!r})")
            names = []
            while cur.peek().kind == "text":
                names.append(cur.next().text)
            tok = cur.peek()
            cur.expect(
                "rbrace", f"a strategy name in quotes or '}}' closing those of player {i + 1}"
            )
            if not names:
                raise cur.error(f"player {i + 1} ({p!r}) has no strategies", tok)
            labels.append(tuple(unique_labels(names)))
        cur.expect("rbrace", f"'}}' closing the strategy names (one list per player; {n} players)")
        return labels, tuple(len(x) for x in labels)

    def _payoff_version(self, n: int, shape: tuple[int, ...]) -> np.ndarray:
        cur = self.cur
        profiles = math.prod(shape)
        needed = n * profiles
        size = "x".join(map(str, shape))
        values: list[Fraction] = []
        for i in range(needed):
            tok = cur.peek()
            if tok.kind == "eof":
                raise cur.error(
                    f"the payoff list ends after {i} numbers; a {size} game with {n} players "
                    f"needs {needed} (one per player for each of the {profiles} profiles)",
                    tok,
                )
            values.append(cur.number("a number in the payoff list"))
        _expect_end(cur, f"the {needed} payoffs of the {size} game")
        flat = np.empty(needed, dtype=object)
        flat[:] = values
        table = flat.reshape(profiles, n)
        # Player 1's strategy changes fastest: Fortran order over the action axes.
        return np.stack([table[:, p].reshape(shape, order="F") for p in range(n)])

    def _outcome_version(self, n: int, shape: tuple[int, ...]) -> np.ndarray:
        cur = self.cur
        cur.expect("lbrace", "'{' opening the list of outcomes")
        outcomes: list[tuple[Fraction, ...]] = []
        while cur.peek().kind == "lbrace":
            cur.next()
            k = len(outcomes) + 1
            cur.expect("text", f"the name of outcome {k} in quotes")
            outcomes.append(_read_payoffs(cur, n, f"outcome {k}"))
        cur.expect("rbrace", "'{' opening an outcome or '}' closing the list of outcomes")
        profiles = math.prod(shape)
        zero = (Fraction(0),) * n
        table: list[tuple[Fraction, ...]] = []
        for i in range(profiles):
            tok = cur.peek()
            if tok.kind == "eof":
                raise cur.error(
                    f"the list of outcome numbers ends after {i}; the "
                    f"{'x'.join(map(str, shape))} game needs {profiles}, one per profile",
                    tok,
                )
            k = cur.integer("an outcome number", 0, len(outcomes), " in the profile list")
            table.append(outcomes[k - 1] if k else zero)
        _expect_end(cur, f"the {profiles} outcome numbers")
        flat = np.empty((profiles, n), dtype=object)
        for i, row in enumerate(table):
            flat[i, :] = row
        return np.stack([flat[:, p].reshape(shape, order="F") for p in range(n)])


@dataclass
class _InfosetDef:
    """A player's information set or a chance event, as first declared."""

    name: str
    labels: tuple[str, ...]  # as in the file
    actions: tuple[str, ...]  # made distinct
    probs: tuple[Fraction, ...] | None
    line: int
    members: int = 0


@dataclass(frozen=True)
class _OutcomeDef:
    name: str
    payoffs: tuple[Fraction, ...]
    line: int


@dataclass
class _Open:
    """A node whose children are still being read."""

    remaining: int
    acc: tuple[Fraction, ...]


class _EfgReader:
    def __init__(self, cur: Cursor) -> None:
        self.cur = cur
        self.players: tuple[str, ...] = ()
        self.infosets: dict[tuple[int, int], _InfosetDef] = {}  # (player, number); 0 = chance
        self.outcomes: dict[int, _OutcomeDef] = {}

    def read(self) -> SequentialGame:
        cur = self.cur
        self.players = _read_header(cur, "EFG", "2")
        cur.accept("text")  # the optional comment
        n = len(self.players)
        # Prefix order: a stack of nodes with children still to read.
        records: list[tuple[Any, ...]] = []
        stack = [_Open(1, (Fraction(0),) * n)]
        while stack:
            top = stack[-1]
            if top.remaining == 0:
                stack.pop()
                continue
            top.remaining -= 1
            record, children, acc = self._node(top.acc, stack)
            records.append(record)
            if children:
                stack.append(_Open(children, acc))
        _expect_end(cur, "the last node of the tree")
        names = self._infoset_names()
        expected = sum(1 for k in self.infosets if k[0] > 0)
        try:
            game = self._build(records, names, name_all=False)
            if len(game.infosets) == expected:
                return game
        except InvalidGameError:
            pass
        # An unnamed set's automatic name ("<player>:<path>") may have met a name
        # from the file: name every set explicitly and build again.
        try:
            return self._build(records, names, name_all=True)
        except InvalidGameError as exc:
            raise _as_game_error(cur, exc) from None

    # ----------------------------------------------------------------- nodes
    def _node(
        self, acc: tuple[Fraction, ...], stack: list[_Open]
    ) -> tuple[tuple[Any, ...], int, tuple[Fraction, ...]]:
        """One node's entry: (record, number of children, payoffs summed down to it)."""
        cur = self.cur
        tok = cur.next()
        if tok.kind != "word" or tok.text not in ("c", "p", "t"):
            extra = ""
            if tok.kind == "eof":
                missing = 1 + sum(o.remaining for o in stack)
                extra = f" (the tree is incomplete: at least {missing} more node(s) expected)"
            raise cur.error(
                "expected a node: 'c' (chance), 'p' (player) or 't' (terminal); "
                f"got {tok.describe()}{extra}",
                tok,
            )
        kind = tok.text
        what = {"c": "chance", "p": "player", "t": "terminal"}[kind]
        cur.expect("text", f"the name of the {what} node in quotes")
        if kind == "t":
            pays, name = self._outcome(acc)
            return ("t", pays, name), 0, pays
        if kind == "p":
            n = len(self.players)
            player = cur.integer("a player number", 1, n)
            key = (player, cur.integer("an information set number", 1))
            where = f"information set {key[1]} of player {player} ({self.players[player - 1]!r})"
        else:
            key = (0, cur.integer("a chance event number", 1))
            where = f"chance event {key[1]}"
        info = self._infoset(key, where)
        info.members += 1
        pays, _ = self._outcome(acc)
        return (kind, key), len(info.actions), pays

    def _infoset(self, key: tuple[int, int], where: str) -> _InfosetDef:
        cur = self.cur
        tok = cur.peek()
        known = self.infosets.get(key)
        if tok.kind != "text":
            if known is None:
                raise cur.error(
                    f"{where} is used before it is declared: its first node must give its "
                    f"name and {'branches' if key[0] == 0 else 'actions'}; got {tok.describe()}",
                    tok,
                )
            return known
        name = cur.next().text
        cur.expect("lbrace", f"'{{' opening the {'branches' if key[0] == 0 else 'actions'}")
        labels: list[str] = []
        probs: list[Fraction] = []
        while cur.peek().kind == "text":
            label = cur.next().text
            labels.append(label)
            if key[0] == 0:
                probs.append(cur.number(f"the probability of chance branch {label!r}"))
        if not labels:
            raise cur.error(
                f"expected {'a chance branch' if key[0] == 0 else 'an action'} name in "
                f"quotes for {where}; got {cur.peek().describe()}"
            )
        cur.expect("rbrace", f"another name in quotes or '}}' closing those of {where}")
        if known is None:
            info = _InfosetDef(
                name,
                tuple(labels),
                tuple(unique_labels(labels)),
                tuple(probs) if key[0] == 0 else None,
                cur.line(tok),
            )
            self.infosets[key] = info
            return info
        if (name, tuple(labels)) != (known.name, known.labels) or (
            key[0] == 0 and tuple(probs) != known.probs
        ):
            raise cur.error(
                f"{where} is declared again differently: first (line {known.line}) "
                f"{known.name!r} {list(known.labels)}"
                + (f" {[str(p) for p in known.probs]}" if known.probs is not None else "")
                + f", here {name!r} {labels}"
                + (f" {[str(p) for p in probs]}" if key[0] == 0 else ""),
                tok,
            )
        return known

    def _outcome(self, acc: tuple[Fraction, ...]) -> tuple[tuple[Fraction, ...], str | None]:
        """The outcome number and optional declaration; returns (acc + payoffs, its name)."""
        cur = self.cur
        tok = cur.peek()
        number = cur.integer("an outcome number", 0)
        if cur.peek().kind == "text":
            if number == 0:
                raise cur.error(
                    "outcome 0 is the null outcome; it cannot have a name or payoffs", tok
                )
            name = cur.next().text
            cur.expect("lbrace", f"'{{' opening the payoffs of outcome {number}")
            pays = _read_payoffs(cur, len(self.players), f"outcome {number}")
            known = self.outcomes.get(number)
            if known is None:
                known = _OutcomeDef(name, pays, cur.line(tok))
                self.outcomes[number] = known
            elif (known.name, known.payoffs) != (name, pays):
                raise cur.error(
                    f"outcome {number} is declared again differently: first (line {known.line}) "
                    f"{known.name!r} {[str(v) for v in known.payoffs]}, here {name!r} "
                    f"{[str(v) for v in pays]}",
                    tok,
                )
        elif number == 0:
            return acc, None
        else:
            known = self.outcomes.get(number)
            if known is None:
                raise cur.error(
                    f"outcome {number} is used before it is declared: its first node must "
                    "give its name and payoffs",
                    tok,
                )
        total = tuple(a + b for a, b in zip(acc, known.payoffs))
        return total, known.name or None

    # ----------------------------------------------------------- information
    def _infoset_names(self) -> dict[tuple[int, int], str | None]:
        """Arbiter names of the players' information sets (see the module docstring)."""
        keys = [k for k in self.infosets if k[0] > 0]
        counts = Counter(self.infosets[k].name for k in keys if self.infosets[k].name)
        fallback = {k: f"{self.players[k[0] - 1]}:{k[1]}" for k in keys}
        literal: dict[tuple[int, int], str] = {}
        names: dict[tuple[int, int], str | None] = {}
        for k in keys:
            info = self.infosets[k]
            if info.name and counts[info.name] == 1:
                literal[k] = info.name
            elif not info.name and info.members == 1:
                names[k] = None
            else:
                names[k] = fallback[k]
        changed = True
        while changed:  # a name from the file may not take a fallback's name
            taken = {v for v in names.values() if v is not None}
            clash = [k for k, v in literal.items() if v in taken]
            for k in clash:
                names[k] = fallback[k]
                del literal[k]
            changed = bool(clash)
        names.update(literal)
        return names

    def _build(
        self,
        records: list[tuple[Any, ...]],
        names: dict[tuple[int, int], str | None],
        *,
        name_all: bool,
    ) -> SequentialGame:
        built: list[Node] = []
        for record in reversed(records):
            if record[0] == "t":
                built.append(outcome(record[1], label=record[2]))
                continue
            key = record[1]
            info = self.infosets[key]
            children = [built.pop() for _ in info.actions]
            if record[0] == "c":
                assert info.probs is not None
                built.append(
                    chance({a: (p, c) for a, p, c in zip(info.actions, info.probs, children)})
                )
            else:
                name = names[key]
                if name is None and name_all:
                    name = f"{self.players[key[0] - 1]}:{key[1]}"
                built.append(
                    decision(
                        self.players[key[0] - 1], dict(zip(info.actions, children)), infoset=name
                    )
                )
        (root,) = built
        return SequentialGame(root, players=self.players)


# =====================================================================  writing
def write_game(
    game: NormalFormGame | SequentialGame,
    path: str | os.PathLike[str],
    *,
    title: str = "",
    strict: bool = True,
) -> None:
    """Write ``game`` to ``path``, as ``.nfg`` or ``.efg`` by the path's extension.

    A tree written to ``.nfg`` is written as its reduced normal form; a
    normal-form game written to ``.efg`` as a tree of simultaneous moves.
    ``title`` is the game's title in the file. With ``strict`` (the default),
    labels that Gambit would refuse are an error (see :func:`format_game`).
    Symbolic games cannot be written (raises
    :class:`~arbiter.errors.NotSupportedError`). Nothing is written when an
    error is raised.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(f"path must be a string or a path; got {path!r}")
    p = Path(path)
    fmt = p.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InvalidArgumentError(
            "path must end in .nfg (strategic form) or .efg (game tree), which chooses "
            f"the Gambit format; got {os.fspath(path)!r}"
        )
    text = format_game(game, format=fmt, title=title, strict=strict)
    p.write_text(text, encoding="utf-8", newline="\n")


def format_game(
    game: NormalFormGame | SequentialGame,
    *,
    format: str | None = None,
    title: str = "",
    strict: bool = True,
) -> str:
    """The text of ``game`` as a Gambit file: ``format`` ``"nfg"`` or ``"efg"``.

    The default format is ``"nfg"`` for a normal-form game and ``"efg"`` for a
    tree. Gambit 16.7 reads only labels (names of players, actions, chance
    branches, information sets and outcomes) of printable ASCII without
    leading, trailing or doubled spaces, and misreads backslashes; with
    ``strict`` (the default) such a label raises
    :class:`~arbiter.errors.InvalidArgumentError`. With ``strict=False`` any
    label is written, escaped as the format says, and arbiter reads it back
    exactly.

    >>> from arbiter import NormalFormGame
    >>> g = NormalFormGame([[1, 2]], players=("Türkiye",), actions=[("a", "b")])
    >>> format_game(g)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    arbiter.errors.InvalidArgumentError: player name 'Türkiye' has characters other ... ASCII; ...
    >>> parse_game(format_game(g, strict=False)) == g
    True
    """
    if not isinstance(game, (NormalFormGame, SequentialGame)):
        raise ArgumentTypeError(
            f"game must be a NormalFormGame or a SequentialGame; got {type(game).__name__}"
        )
    if format is None:
        format = "nfg" if isinstance(game, NormalFormGame) else "efg"
    if format not in FORMATS:
        raise InvalidArgumentError(f"format must be 'nfg' or 'efg'; got {format!r}")
    if not isinstance(title, str):
        raise ArgumentTypeError(f"title must be a string; got {title!r}")
    if game.kind == "symbolic":
        names = [s.name for s in game.parameters]
        raise NotSupportedError(
            "cannot write a symbolic game to a Gambit file: Gambit files hold numbers, and "
            f"this game has free parameters {names}; substitute values first "
            "(game.subs({...}))"
        )
    if format == "nfg":
        nf = game if isinstance(game, NormalFormGame) else game.to_normal_form()
        if strict:
            _check_labels(_nfg_labels(nf))
        return _format_nfg(nf, title)
    tree = game if isinstance(game, SequentialGame) else _simultaneous_tree(game)
    if strict:
        _check_labels(_efg_labels(tree))
    return _format_efg(tree, title)


def gambit_label_problem(label: str) -> str | None:
    """Why Gambit 16.7 would refuse (or misread) ``label`` in a file, or None if it reads it.

    >>> gambit_label_problem("S-300 supply") is None
    True
    >>> gambit_label_problem("two  spaces")
    'has two spaces in a row'
    """
    if label == "":
        return None
    if any(not " " <= ch <= "~" for ch in label):
        return "has characters other than printable ASCII"
    if label[0] == " " or label[-1] == " ":
        return "begins or ends with a space"
    if "  " in label:
        return "has two spaces in a row"
    if "\\" in label:
        return "has a backslash, which Gambit's reader doubles"
    return None


def _check_labels(labels: Iterable[tuple[str, str]]) -> None:
    for what, label in labels:
        problem = gambit_label_problem(label)
        if problem is not None:
            raise InvalidArgumentError(
                f"{what} {label!r} {problem}; Gambit 16.7 refuses such labels when it reads a "
                "file (write with strict=False to keep it: arbiter reads it back exactly)"
            )


def _nfg_labels(game: NormalFormGame) -> Iterator[tuple[str, str]]:
    for player, actions in zip(game.players, game.actions):
        yield "player name", player
        for a in actions:
            yield f"action name of {player!r}", a


def _efg_labels(game: SequentialGame) -> Iterator[tuple[str, str]]:
    for p in game.players:
        yield "player name", p
    for path, node in game.nodes():
        where = "/".join(path) or "root"
        if isinstance(node, Outcome):
            if node.label is not None:
                yield f"outcome label at {where}", node.label
        elif isinstance(node, Decision):
            if node.infoset is not None:
                yield f"information set name at {where}", node.infoset
            for a in node.actions:
                yield f"action name at {where}", a
        else:
            for name, _, _ in node.branches:
                yield f"chance branch name at {where}", name


def quote(label: str) -> str:
    r"""A label in Gambit's quotes: ``"`` and ``\`` are escaped with a backslash.

    >>> print(quote('say "no" \\ yes'))
    "say \"no\" \\ yes"
    """
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _float_text(value: Any) -> str:
    """The shortest decimal naming the float; Gambit 16.7 rejects ``1e+20``, so ``1e20``."""
    return repr(float(value)).replace("e+", "e")


def _number(value: Any, kind: str) -> str:
    if kind == "float":
        return _float_text(value)
    return str(as_exact(value))


def _format_nfg(game: NormalFormGame, title: str) -> str:
    kind = game.kind
    players = " ".join(quote(p) for p in game.players)
    strategies = "\n".join("{ " + " ".join(quote(a) for a in acts) + " }" for acts in game.actions)
    lines = [f"NFG 1 R {quote(title)} {{ {players} }}", "", "{ " + strategies, "}", '""', "", "{"]
    payoffs = game.payoffs
    count = 0
    for reversed_profile in product(*(range(k) for k in reversed(game.shape))):
        profile = reversed_profile[::-1]  # player 1's strategy changes fastest
        values = ", ".join(_number(payoffs[(p, *profile)], kind) for p in range(game.n_players))
        lines.append(f'{{ "" {values} }}')
        count += 1
    lines.append("}")
    lines.append(" ".join(str(i) for i in range(1, count + 1)))
    return "\n".join(lines) + "\n"


def _chance_probabilities(node: Chance, kind: str, path: tuple[str, ...]) -> list[str]:
    if kind != "float":
        return [str(as_exact(p)) for _, p, _ in node.branches]
    texts = [_float_text(p) for _, p, _ in node.branches]
    rest = 1 - sum((Fraction(t) for t in texts[:-1]), Fraction(0))
    if rest < 0:
        raise NotSupportedError(
            f"the chance probabilities at {'/'.join(path) or 'root'} ({', '.join(texts)}) sum to "
            "more than 1 as decimals; Gambit needs them to sum to exactly 1: give them as "
            "Fractions"
        )
    if Fraction(texts[-1]) != rest:
        texts[-1] = str(rest)
    return texts


def _format_efg(game: SequentialGame, title: str) -> str:
    kind = game.kind
    index = {p: i + 1 for i, p in enumerate(game.players)}
    players = " ".join(quote(p) for p in game.players)
    lines = [f"EFG 2 R {quote(title)} {{ {players} }}", '""', ""]
    infoset_numbers: dict[str, dict[Any, int]] = {p: {} for p in game.players}
    outcome_numbers: dict[tuple[str | None, tuple[str, ...]], int] = {}
    events = 0
    stack: list[tuple[tuple[str, ...], Node]] = [((), game.root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, Outcome):
            values = tuple(_number(v, kind) for v in node.payoffs)
            number = outcome_numbers.setdefault((node.label, values), len(outcome_numbers) + 1)
            lines.append(f't "" {number} {quote(node.label or "")} {{ {", ".join(values)} }}')
            continue
        if isinstance(node, Decision):
            own = infoset_numbers[node.player]
            key = ("named", node.infoset) if node.infoset is not None else ("node", path)
            number = own.setdefault(key, len(own) + 1)
            actions = " ".join(quote(a) for a in node.actions)
            lines.append(
                f'p "" {index[node.player]} {number} {quote(node.infoset or "")} {{ {actions} }} 0'
            )
            stack.extend(((*path, a), c) for a, c in reversed(node.moves))
        else:
            events += 1
            probs = _chance_probabilities(node, kind, path)
            branches = " ".join(
                f"{quote(name)} {p}" for (name, _, _), p in zip(node.branches, probs)
            )
            lines.append(f'c "" {events} "" {{ {branches} }} 0')
            stack.extend(((*path, name), c) for name, _, c in reversed(node.branches))
    return "\n".join(lines) + "\n"


def _simultaneous_tree(game: NormalFormGame) -> SequentialGame:
    """Each player in turn moves at one information set named after it; payoffs at the leaves."""
    payoffs = game.payoffs
    n = game.n_players

    def subtree(level: int, profile: tuple[int, ...]) -> Node:
        if level == n:
            return outcome(tuple(payoffs[(p, *profile)] for p in range(n)))
        return decision(
            game.players[level],
            {a: subtree(level + 1, (*profile, j)) for j, a in enumerate(game.actions[level])},
            infoset=game.players[level],
        )

    return SequentialGame(subtree(0, ()), players=game.players)
