r"""Model files: a whole :class:`~arbiter.games.model.Model` written as TOML or JSON.

A model file holds what a scenario module holds in code: the players, a
game tree (or a normal-form table), payoffs written as formulas in named
parameters, each parameter's default, plausible range and source, and
optionally the arbiter's threats and promises, which become a commitment
game (:func:`arbiter.leverage.commitment_game`). :func:`read_model` reads a
file, :func:`parse_model` a string, :func:`write_model` and
:func:`format_model` write any model whose formulas the grammar can express.

Formulas are read by :func:`arbiter.io.expressions.parse_expression`, a
restricted arithmetic grammar (numbers, declared parameters, ``+ - * / ^``,
parentheses, ``min`` and ``max``) that builds sympy expressions directly. A
model file is data: nothing in it is ever evaluated as Python code.

The format, by example (TOML; JSON has the same structure)::

    [model]
    name = "deterrence"                       # required
    description = "An entrant facing an arbiter's threat."
    players = ["Entrant", "Incumbent", "Arbiter"]   # required, in order
    status_quo = "no entry"                   # an outcome label (normal form: "A/B/..."),
                                              # or a list of them: ["no entry", "shared"]
    claims = [4]                              # numbered claims of the source (optional)

    [parameters.g]                            # one table per parameter
    default = 2                               # exact: 2, 0.5 (read exactly), or "1/3"
    low = 0
    high = 5
    description = "the entrant's gain"
    source = "illustrative: any positive gain will do"
    # nonnegative = true                      # default: low >= 0

    [parameters.p]
    default = "1/2"
    low = 0
    high = 1
    description = "probability that the market is large"

    [parameters.w]
    default = 3
    low = 0
    high = 6

    [tree]                                    # a decision node
    player = "Entrant"
    # infoset = "name"                        # nodes sharing a name form one information set

    [tree.actions.Out]                        # an outcome
    label = "no entry"
    payoffs = { Entrant = 0, Incumbent = 4, Arbiter = 1 }

    [tree.actions.In.branches.large]          # a chance node: branches with probabilities
    probability = "p"
    node = { label = "big market", payoffs = { Entrant = "2*g", Incumbent = 1, Arbiter = 0 } }

    [tree.actions.In.branches.small]
    probability = "1 - p"
    node = { label = "small market", payoffs = ["g - 1", 1, 0] }   # or in player order

    [commitment]                              # only with threats or promises
    arbiter = "Arbiter"
    reputation_cost = "1/2"                   # for backing down (default 0)
    # postures = { "tough" = ["sanction"] }   # default: every subset of the threats

    [[threats]]
    instrument = "sanction"
    target = "Entrant"
    trigger = "In"                            # the target's action that triggers it
    effect = "w"                              # the harm to the target
    cost = 1                                  # the arbiter's cost of carrying it out
    description = "cut the entrant off from the arbiter's market"
    # reputation_cost = "..."                 # overrides the [commitment] value

    # [[promises]]: the same keys, with restraint = "Out" instead of trigger,
    # and effect the benefit to the target.

Nodes
    A *decision* has ``player`` and ``actions = {action = node}`` (and an
    optional ``infoset``); a *chance* node has ``branches = {name =
    {probability = "expr", node = node}}``, whose probabilities must sum to
    exactly 1 and lie in ``[0, 1]`` at the defaults; an *outcome* has
    ``payoffs`` (``{player = "expr"}`` for every player, or a list in player
    order) and an optional ``label``. Nodes may be written as nested
    ``[tree.actions.X]`` tables or as inline tables, in any mix; the order of
    actions and branches is the order in the file.
A normal form instead of a tree
    ::

        [normal_form]
        actions = { Israel = ["Limited", "Deep"], Iran = ["Restrain", "Entrench"] }

        [normal_form.payoffs]                 # one entry per profile, "action/action"
        "Limited/Restrain" = { Israel = 0, Iran = 0 }
        "Limited/Entrench" = { Israel = "-c", Iran = "g" }
        "Deep/Restrain" = ["d", "-d"]
        "Deep/Entrench" = ["d - c", "g - d"]

Numbers
    Everything is exact. TOML and JSON decimals (``0.25``) are read as the
    exact decimal, never through a float; formulas are strings.
Errors
    Every problem raises :class:`~arbiter.errors.ParseError` naming the file,
    the line (found by searching the text for the table path; best effort)
    and the table path of the offending value, such as
    ``model.toml, line 14: tree.actions.Restrain.payoffs.Iran = "x +": ...``:
    syntax errors of TOML or JSON, unknown or missing keys, formulas outside
    the grammar or with undeclared names, outcomes that miss a player,
    probabilities that do not sum to 1, defaults outside ``[low, high]``,
    threats whose trigger is not a move of their target, a status quo that
    is no outcome of the game. No model is returned in part.

Writing
    :func:`write_model` writes the game itself (a commitment game is written
    as the tree it is, without the threats that built it, so the model read
    back has no ``commitments``), parameters and model fields; ``read_model``
    gives an equal model back. A status quo given as a set of labels is
    written as a list; one given as a predicate cannot be written. Float payoffs are
    written as their shortest decimal and read back exactly.

>>> model = parse_model(EXAMPLE)
>>> model.game.players, model.status_quo
(('Entrant', 'Incumbent', 'Arbiter'), 'no entry')
>>> sorted(model.parameters)
['g', 'p', 'w']
>>> model.game.node_at(("sanction", "In", "large")).player
'Arbiter'
>>> parse_model(format_model(model)) == model
True
"""

from __future__ import annotations

import json
import keyword
import math
import os
import re
import tomllib
from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import product
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import sympy

from arbiter.errors import (
    ArgumentTypeError,
    InvalidArgumentError,
    NotSupportedError,
    ParseError,
)
from arbiter.games.model import Model
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.parameters import Parameter
from arbiter.games.tree import Chance, Decision, Node, Outcome, SequentialGame, chance, decision
from arbiter.games.tree import outcome as make_outcome
from arbiter.io.expressions import (
    MAX_LITERAL_EXPONENT,
    ExpressionError,
    format_expression,
    parse_expression,
)

__all__ = ["EXAMPLE", "FORMATS", "format_model", "parse_model", "read_model", "write_model"]

#: Model file formats, by file extension.
FORMATS = {".toml": "toml", ".json": "json"}

#: The example of the module docstring, as a string.
EXAMPLE = r"""
[model]
name = "deterrence"
description = "An entrant facing an arbiter's threat."
players = ["Entrant", "Incumbent", "Arbiter"]
status_quo = "no entry"
claims = [4]

[parameters.g]
default = 2
low = 0
high = 5
description = "the entrant's gain"
source = "illustrative: any positive gain will do"

[parameters.p]
default = "1/2"
low = 0
high = 1
description = "probability that the market is large"

[parameters.w]
default = 3
low = 0
high = 6

[tree]
player = "Entrant"

[tree.actions.Out]
label = "no entry"
payoffs = { Entrant = 0, Incumbent = 4, Arbiter = 1 }

[tree.actions.In.branches.large]
probability = "p"
node = { label = "big market", payoffs = { Entrant = "2*g", Incumbent = 1, Arbiter = 0 } }

[tree.actions.In.branches.small]
probability = "1 - p"
node = { label = "small market", payoffs = ["g - 1", 1, 0] }

[commitment]
arbiter = "Arbiter"
reputation_cost = "1/2"

[[threats]]
instrument = "sanction"
target = "Entrant"
trigger = "In"
effect = "w"
cost = 1
description = "cut the entrant off from the arbiter's market"
"""

Keys = tuple[str | int, ...]

_TOP = ("model", "parameters", "tree", "normal_form", "commitment", "threats", "promises")
_MODEL = ("name", "description", "players", "status_quo", "claims")
_PARAMETER = ("default", "low", "high", "description", "source", "nonnegative")
_DECISION = ("player", "actions", "infoset")
_CHANCE = ("branches",)
_BRANCH = ("probability", "node")
_OUTCOME = ("payoffs", "label")
_NORMAL_FORM = ("actions", "payoffs")
_COMMITMENT = ("arbiter", "reputation_cost", "postures")
_THREAT = ("instrument", "target", "trigger", "effect", "cost", "description", "reputation_cost")
_PROMISE = ("instrument", "target", "restraint", "effect", "cost", "description", "reputation_cost")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
_PARAMETER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z", re.ASCII)
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*\Z")
_HEADER = re.compile(r"^[ \t]*\[(\[?)[ \t]*([^\[\]\n]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$", re.M)
_HEADER_PART = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(\.|\Z)""")


# =====================================================================  reading
def read_model(path: str | os.PathLike[str], *, format: str | None = None) -> Model:
    """Read a model file (``.toml`` or ``.json``; ``format`` overrides the extension).

    Raises :class:`~arbiter.errors.ParseError` naming the file and line for
    anything wrong in the file, and ``OSError`` if it cannot be read.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(f"path must be a string or a path; got {path!r}")
    fmt = _format_of(path, format)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object.count(b"\n", 0, exc.start) + 1
        raise ParseError(
            f"a model file must be UTF-8 text; byte {exc.start} is not ({exc.reason})",
            path=os.fspath(path),
            line=line,
        ) from None
    return parse_model(text, format=fmt, source=os.fspath(path))


def parse_model(text: str, *, format: str = "toml", source: str = "<string>") -> Model:
    """Parse the text of a model file; ``source`` names it in error messages."""
    if not isinstance(text, str):
        raise ArgumentTypeError(f"text must be a string; got {type(text).__name__}")
    if format not in FORMATS.values():
        raise InvalidArgumentError(f"format must be 'toml' or 'json'; got {format!r}")
    return _Reader(text, format, source).read()


def _format_of(path: str | os.PathLike[str], format: str | None) -> str:
    if format is not None:
        if format not in FORMATS.values():
            raise InvalidArgumentError(f"format must be 'toml' or 'json'; got {format!r}")
        return format
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidArgumentError(
            f"model files end in .toml or .json; got {os.fspath(path)!r} "
            "(pass format='toml' or format='json')"
        )
    return FORMATS[suffix]


def _show(keys: Keys) -> str:
    """``tree.actions."no threat".payoffs.Iran``, ``threats[0].effect``."""
    out = ""
    for k in keys:
        if isinstance(k, int):
            out += f"[{k}]"
        else:
            part = k if _BARE_KEY.match(k) else json.dumps(k, ensure_ascii=False)
            out += f".{part}" if out else part
    return out or "the file"


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number a model can use")


class _Reader:
    """One file being read: its text (to find lines), source name and parameters."""

    def __init__(self, text: str, fmt: str, source: str) -> None:
        self.text = text
        self.fmt = fmt
        self.source = source
        self.symbols: dict[str, sympy.Symbol] = {}
        self.defaults: dict[sympy.Symbol, sympy.Rational] = {}
        self.players: tuple[str, ...] = ()
        self._headers: list[tuple[Keys, int, int]] | None = None

    # ------------------------------------------------------------- errors
    def fail(self, keys: Keys, message: str, value: Any = None) -> NoReturn:
        raise ParseError(
            f"{_show(keys)}: {message}", path=self.source, line=self.line_of(keys, value)
        )

    def headers(self) -> list[tuple[Keys, int, int]]:
        """TOML table headers: (keys, start, end of line); arrays of tables get an index."""
        if self._headers is None:
            found: list[tuple[Keys, int, int]] = []
            counts: dict[Keys, int] = {}
            for m in _HEADER.finditer(self.text):
                keys = _header_keys(m.group(2))
                if keys is None:
                    continue
                if m.group(1):
                    index = counts.get(keys, 0)
                    counts[keys] = index + 1
                    keys = (*keys, index)
                found.append((keys, m.start(), m.end()))
            self._headers = found
        return self._headers

    def line_of(self, keys: Keys, value: Any = None) -> int | None:
        """The line of the value at ``keys``, found by searching the text (best effort).

        TOML: start after the header of the deepest table that holds ``keys``,
        then find the remaining keys one after the other; JSON: find every key
        in turn from the start. A table known only from its sub-tables' headers
        gets the first of those headers' lines.
        """
        text = self.text
        start, limit, rest = 0, len(text), keys
        headers = self.headers() if self.fmt == "toml" else []
        found_header = False
        if headers:
            best: tuple[Keys, int, int] | None = None
            for h in headers:
                if h[0] == keys[: len(h[0])] and (best is None or len(h[0]) > len(best[0])):
                    best = h
            if best is not None:
                start, rest, found_header = best[2], keys[len(best[0]) :], True
            later = [h[1] for h in headers if h[1] >= start]
            limit = min(later) if later else len(text)
        pos, found_all, nth = start, True, 0
        for k in rest:
            if isinstance(k, int):
                nth = k
                continue
            m = _find_key(text, k, pos, limit, nth, bare=self.fmt == "toml")
            nth = 0
            if m is None:
                found_all = False
                break
            pos = m
        if not found_all or not rest:
            below = [h for h in headers if len(h[0]) > len(keys) and h[0][: len(keys)] == keys]
            if below and (not found_all or not found_header):
                pos, found_all = below[0][1], True
        if isinstance(value, str) and value:
            line_start = text.rfind("\n", 0, pos) + 1
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end < 0 else line_end
            if value not in text[line_start:line_end]:
                hit = text.find(value, pos, limit)
                if hit >= 0:
                    pos, found_all = hit, True
        if pos == 0 and not (found_header or (found_all and rest)):
            return None
        return text.count("\n", 0, pos) + 1

    # ------------------------------------------------------------- values
    def table(
        self,
        value: Any,
        keys: Keys,
        allowed: Sequence[str],
        required: Sequence[str] = (),
        what: str = "a table",
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(keys, f"must be {what}; got {_describe(value)}", value)
        for k in value:
            if k not in allowed:
                self.fail(
                    (*keys, k),
                    f"unknown key {k!r} in {what}; expected one of {', '.join(allowed)}",
                )
        for k in required:
            if k not in value:
                self.fail(keys, f"{what} needs the key {k!r}")
        return value

    def string(self, value: Any, keys: Keys, what: str = "a string") -> str:
        if not isinstance(value, str) or not value:
            self.fail(keys, f"must be {what} (non-empty); got {_describe(value)}", value)
        return value

    def names(self, value: Any, keys: Keys, what: str) -> list[str]:
        if not isinstance(value, list) or not value:
            self.fail(keys, f"must be a non-empty list of {what}; got {_describe(value)}", value)
        out = []
        for i, v in enumerate(value):
            name = self.string(v, (*keys, i), f"a name of {what}")
            if name in out:
                self.fail(keys, f"{what} must be distinct; {name!r} appears twice", name)
            out.append(name)
        return out

    def expr(self, value: Any, keys: Keys) -> sympy.Expr:
        """A formula (string) or a number, as a sympy expression over the parameters."""
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            self.fail(
                keys, f"must be a number or a formula in quotes; got {_describe(value)}", value
            )
        if isinstance(value, Decimal):
            if not value.is_finite():
                self.fail(keys, f"must be a finite number; got {value}", str(value))
            if abs(value.as_tuple().exponent) > MAX_LITERAL_EXPONENT:
                self.fail(keys, f"the exponent of {value} is beyond ±{MAX_LITERAL_EXPONENT}")
            value = Fraction(value)
        try:
            return parse_expression(value, self.symbols, where=_show(keys))
        except ExpressionError as exc:
            raise exc.located(
                where=_show(keys), path=self.source, line=self.line_of(keys, str(value))
            ) from None

    def constant(self, value: Any, keys: Keys) -> Fraction:
        """A number, or a formula without parameters (``"1/3"``), as a Fraction."""
        saved, self.symbols = self.symbols, {}
        try:
            e = self.expr(value, keys)
        finally:
            self.symbols = saved
        if not isinstance(e, sympy.Rational):
            self.fail(keys, f"must be a rational number; got {e}", value)
        return Fraction(int(e.p), int(e.q))

    # ------------------------------------------------------------- document
    def load(self) -> dict[str, Any]:
        try:
            if self.fmt == "toml":
                data = tomllib.loads(self.text, parse_float=Decimal)
            else:
                data = json.loads(self.text, parse_float=Decimal, parse_constant=_reject_constant)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            m = _TOML_POSITION.search(message)
            line: int | None = None
            if m is not None:
                message = message[: m.start()]
                if m.group(1):
                    line = int(m.group(1))
                    message += f" (column {m.group(2)})"
                else:
                    line = self.text.count("\n") + 1
                    message += " (at the end of the file)"
            raise ParseError(f"not valid TOML: {message}", path=self.source, line=line) from None
        except json.JSONDecodeError as exc:
            raise ParseError(
                f"not valid JSON: {exc.msg} (column {exc.colno})",
                path=self.source,
                line=exc.lineno,
            ) from None
        except (ValueError, RecursionError) as exc:
            raise ParseError(
                f"not a valid {self.fmt.upper()} model file: {exc}", path=self.source
            ) from None
        if not isinstance(data, dict):
            raise ParseError(
                f"a model file must hold a table (an object); got {_describe(data)}",
                path=self.source,
                line=1,
            )
        return data

    def read(self) -> Model:
        data = self.load()
        try:
            return self._read(data)
        except RecursionError:
            raise ParseError("the tree is nested too deeply", path=self.source) from None

    def _read(self, data: dict[str, Any]) -> Model:
        self.table(data, (), _TOP, ("model",), "a model file")
        meta = self.table(data["model"], ("model",), _MODEL, ("name", "players"), "[model]")
        name = self.string(meta["name"], ("model", "name"))
        description = self.text_field(meta, ("model", "description"))
        self.players = tuple(self.names(meta["players"], ("model", "players"), "players"))
        claims = self.claims(meta.get("claims", []), ("model", "claims"))
        parameters = self.parameters(data.get("parameters", {}))
        has_tree, has_nf = "tree" in data, "normal_form" in data
        if has_tree == has_nf:
            has = "both" if has_tree else "neither"
            self.fail((), f"a model file needs a [tree] or a [normal_form]; this one has {has}")
        game: SequentialGame | NormalFormGame
        structure = None
        if has_tree:
            root = self.node(data["tree"], ("tree",))
            game = self.build(("tree",), SequentialGame, root, players=self.players)
            if any(k in data for k in ("commitment", "threats", "promises")):
                structure = self.commitment(data, game)
                game = structure.game
        else:
            for k in ("commitment", "threats", "promises"):
                if k in data:
                    self.fail((k,), "threats and promises need a [tree], not a [normal_form]")
            game = self.normal_form(data["normal_form"], ("normal_form",))
        status_quo: str | list[str] | None = None
        if "status_quo" in meta:
            keys: Keys = ("model", "status_quo")
            if isinstance(meta["status_quo"], list):
                status_quo = self.names(meta["status_quo"], keys, "outcome labels")
                for i, label in enumerate(status_quo):
                    self.check_status_quo(game, label, (*keys, i))
            else:
                status_quo = self.string(
                    meta["status_quo"], keys, "an outcome label or a list of them"
                )
                self.check_status_quo(game, status_quo, keys)
        return self.build(
            ("model",),
            Model,
            name=name,
            game=game,
            parameters=parameters,
            status_quo=status_quo,
            description=description,
            claims=claims,
            commitments=structure,
        )

    def build(self, keys: Keys, make: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a library constructor; its errors become ParseErrors at ``keys``."""
        try:
            return make(*args, **kwargs)
        except (InvalidArgumentError, ArgumentTypeError, NotSupportedError) as exc:
            self.fail(keys, str(exc))

    def text_field(self, table: dict[str, Any], keys: Keys) -> str:
        value = table.get(keys[-1], "")
        if not isinstance(value, str):
            self.fail(keys, f"must be a string; got {_describe(value)}", value)
        return value

    def claims(self, value: Any, keys: Keys) -> tuple[int, ...]:
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            self.fail(keys, f"must be a list of claim numbers; got {_describe(value)}", value)
        return tuple(value)

    # ------------------------------------------------------------- parameters
    def parameters(self, value: Any) -> tuple[Parameter, ...]:
        keys: Keys = ("parameters",)
        if not isinstance(value, dict):
            self.fail(keys, f"must be a table of parameter tables; got {_describe(value)}", value)
        out = []
        for name, spec in value.items():
            where = (*keys, name)
            if not _PARAMETER_NAME.match(name) or keyword.iskeyword(name) or name in ("min", "max"):
                self.fail(
                    where,
                    f"a parameter name must be an ASCII name of letters, digits and _, starting "
                    f"with a letter, and not a Python keyword, min or max; got {name!r}",
                )
            self.table(spec, where, _PARAMETER, ("default", "low", "high"), "a parameter table")
            default = self.constant(spec["default"], (*where, "default"))
            low = self.constant(spec["low"], (*where, "low"))
            high = self.constant(spec["high"], (*where, "high"))
            if not low <= high:
                self.fail((*where, "low"), f"must be at most high; got low={low}, high={high}")
            if not low <= default <= high:
                self.fail(
                    (*where, "default"),
                    f"must lie in [low, high] = [{low}, {high}]; got {default}",
                )
            nonnegative = spec.get("nonnegative", low >= 0)
            if not isinstance(nonnegative, bool):
                self.fail((*where, "nonnegative"), f"must be true or false; got {nonnegative!r}")
            param = self.build(
                where,
                Parameter,
                name,
                default,
                low,
                high,
                self.text_field(spec, (*where, "description")),
                self.text_field(spec, (*where, "source")),
                nonnegative=nonnegative,
            )
            out.append(param)
            self.symbols[name] = param.symbol
            self.defaults[param.symbol] = sympy.Rational(default.numerator, default.denominator)
        return tuple(out)

    # ------------------------------------------------------------- trees
    def node(self, value: Any, keys: Keys) -> Node:
        if not isinstance(value, dict):
            self.fail(keys, f"must be a node (a table); got {_describe(value)}", value)
        if "payoffs" in value:
            return self.outcome(value, keys)
        if "branches" in value:
            self.table(value, keys, _CHANCE, (), "a chance node")
            return self.chance(value["branches"], (*keys, "branches"))
        if "player" in value or "actions" in value:
            self.table(value, keys, _DECISION, ("player", "actions"), "a decision node")
            return self.decision(value, keys)
        self.fail(
            keys,
            "a node must be a decision (player, actions), a chance node (branches) or an "
            f"outcome (payoffs, label); got the keys {sorted(value)}",
        )

    def decision(self, value: dict[str, Any], keys: Keys) -> Decision:
        player = self.string(value["player"], (*keys, "player"), "a player's name")
        if player not in self.players:
            self.fail(
                (*keys, "player"),
                f"{player!r} is not one of the players {list(self.players)}",
                player,
            )
        actions = value["actions"]
        akeys = (*keys, "actions")
        if not isinstance(actions, dict) or not actions:
            self.fail(
                akeys, f"must be a non-empty table {{action = node}}; got {_describe(actions)}"
            )
        moves = {}
        for action, child in actions.items():
            if not action:
                self.fail(akeys, "action names must not be empty")
            moves[action] = self.node(child, (*akeys, action))
        infoset = None
        if "infoset" in value:
            infoset = self.string(value["infoset"], (*keys, "infoset"), "an information set name")
        return decision(player, moves, infoset=infoset)

    def chance(self, branches: Any, keys: Keys) -> Chance:
        if not isinstance(branches, dict) or not branches:
            self.fail(
                keys,
                "must be a non-empty table {name = {probability = ..., node = ...}}; got "
                + _describe(branches),
            )
        out = {}
        probs = []
        for name, spec in branches.items():
            where = (*keys, name)
            if not name:
                self.fail(keys, "branch names must not be empty")
            self.table(spec, where, _BRANCH, _BRANCH, "a chance branch")
            prob = self.expr(spec["probability"], (*where, "probability"))
            if prob.is_negative is True:
                self.fail((*where, "probability"), f"is negative: {prob}", spec["probability"])
            at_defaults = prob.xreplace(self.defaults)
            if isinstance(at_defaults, sympy.Rational) and not 0 <= at_defaults <= 1:
                self.fail(
                    (*where, "probability"),
                    f"must lie in [0, 1]; it is {at_defaults} at the parameters' defaults",
                    spec["probability"],
                )
            probs.append((name, prob))
            out[name] = (prob, self.node(spec["node"], (*where, "node")))
        total = sympy.Add(*(p for _, p in probs))
        if sympy.simplify(total - 1) != 0:
            shown = ", ".join(f"{n}: {format_expression(p)}" for n, p in probs)
            self.fail(keys, f"probabilities must sum to 1; they sum to {total} ({shown})")
        return chance(out)

    def payoffs(self, value: Any, keys: Keys) -> dict[str, sympy.Expr]:
        n = len(self.players)
        if isinstance(value, list):
            if len(value) != n:
                self.fail(
                    keys,
                    f"has {len(value)} payoffs; there are {n} players {list(self.players)}",
                )
            return {
                p: self.expr(v, (*keys, i)) for i, (p, v) in enumerate(zip(self.players, value))
            }
        if not isinstance(value, dict):
            self.fail(
                keys,
                "must be a table {player = payoff} or a list in player order; got "
                + _describe(value),
                value,
            )
        for p in value:
            if p not in self.players:
                self.fail((*keys, p), f"{p!r} is not one of the players {list(self.players)}")
        missing = [p for p in self.players if p not in value]
        if missing:
            self.fail(keys, f"has no payoff for {', '.join(map(repr, missing))}")
        return {p: self.expr(value[p], (*keys, p)) for p in self.players}

    def outcome(self, value: dict[str, Any], keys: Keys) -> Outcome:
        self.table(value, keys, _OUTCOME, ("payoffs",), "an outcome")
        label = None
        if "label" in value:
            label = self.string(value["label"], (*keys, "label"), "a label")
        pays = self.payoffs(value["payoffs"], (*keys, "payoffs"))
        return make_outcome({p: _entry(v) for p, v in pays.items()}, label=label)

    # ------------------------------------------------------------- normal form
    def normal_form(self, value: Any, keys: Keys) -> NormalFormGame:
        self.table(value, keys, _NORMAL_FORM, _NORMAL_FORM, "[normal_form]")
        akeys = (*keys, "actions")
        actions = self.table(
            value["actions"], akeys, self.players, self.players, "a table {player = [actions]}"
        )
        names = []
        for p in self.players:
            acts = self.names(actions[p], (*akeys, p), f"{p}'s actions")
            for a in acts:
                if "/" in a:
                    self.fail((*akeys, p), f"action names must not contain '/'; got {a!r}", a)
            names.append(acts)
        pkeys = (*keys, "payoffs")
        table = value["payoffs"]
        if not isinstance(table, dict):
            self.fail(
                pkeys, f'must be a table {{"action/action" = payoffs}}; got {_describe(table)}'
            )
        profiles = ["/".join(prof) for prof in product(*names)]
        for key in table:
            if key not in profiles:
                self.fail(
                    (*pkeys, key),
                    f"{key!r} is not a profile; profiles are the players' actions joined by "
                    f"'/' in player order, such as {profiles[0]!r}",
                )
        missing = [k for k in profiles if k not in table]
        if missing:
            shown = ", ".join(map(repr, missing[:5])) + (" ..." if len(missing) > 5 else "")
            self.fail(pkeys, f"has no payoffs for the profiles {shown}")
        shape = tuple(len(a) for a in names)
        arrays: list[Any] = [[None] * math.prod(shape) for _ in self.players]
        for flat, key in enumerate(profiles):
            pays = self.payoffs(table[key], (*pkeys, key))
            for i, p in enumerate(self.players):
                arrays[i][flat] = _entry(pays[p])
        payoffs = np.empty((len(self.players), *shape), dtype=object)
        for i in range(len(self.players)):
            payoffs[i] = np.array(arrays[i], dtype=object).reshape(shape)
        return self.build(keys, NormalFormGame, payoffs, players=self.players, actions=names)

    # ------------------------------------------------------------- commitment
    def commitment(self, data: dict[str, Any], base: SequentialGame) -> Any:
        """The commitment structure (its ``game`` is the model's game)."""
        # Model files sit beside games (DESIGN.md); only a file with threats needs the
        # leverage layer, so it is imported here.
        from arbiter.leverage.commitment import commitment_structure
        from arbiter.leverage.instruments import Instrument, Promise, Threat

        ckeys: Keys = ("commitment",)
        if "commitment" not in data:
            self.fail(
                ("threats",) if "threats" in data else ("promises",),
                "threats and promises need a [commitment] table naming the arbiter "
                '(arbiter = "...")',
            )
        spec = self.table(data["commitment"], ckeys, _COMMITMENT, ("arbiter",), "[commitment]")
        arbiter = self.string(spec["arbiter"], (*ckeys, "arbiter"), "a player's name")
        if arbiter not in self.players:
            self.fail(
                (*ckeys, "arbiter"),
                f"{arbiter!r} is not one of the players {list(self.players)}",
                arbiter,
            )
        default_cost = self.expr(spec.get("reputation_cost", 0), (*ckeys, "reputation_cost"))
        moves = {
            (n.player, a) for _, n in base.nodes() if isinstance(n, Decision) for a in n.actions
        }
        commitments: list[Any] = []
        costs: dict[str, sympy.Expr] = {}
        for section, allowed, act_key, kind in (
            ("threats", _THREAT, "trigger", "harm"),
            ("promises", _PROMISE, "restraint", "benefit"),
        ):
            items = data.get(section, [])
            if not isinstance(items, list):
                self.fail(
                    (section,), f"must be a list of tables ([[{section}]]); got {_describe(items)}"
                )
            for i, item in enumerate(items):
                where: Keys = (section, i)
                required = ("instrument", "target", act_key, "effect")
                self.table(item, where, allowed, required, f"a {section[:-1]}")
                name = self.string(item["instrument"], (*where, "instrument"), "an instrument name")
                if name in costs:
                    self.fail(
                        (*where, "instrument"), f"the instrument {name!r} appears twice", name
                    )
                target = self.string(item["target"], (*where, "target"), "a player's name")
                if target not in self.players:
                    self.fail(
                        (*where, "target"),
                        f"{target!r} is not one of the players {list(self.players)}",
                        target,
                    )
                action = self.string(item[act_key], (*where, act_key), "an action name")
                if (target, action) not in moves:
                    self.fail(
                        (*where, act_key),
                        f"{target!r} has no action {action!r} in the tree",
                        action,
                    )
                effect = _entry(self.expr(item["effect"], (*where, "effect")))
                cost = _entry(self.expr(item.get("cost", 0), (*where, "cost")))
                description = self.text_field(item, (*where, "description"))
                instrument = self.build(
                    where,
                    Instrument,
                    name,
                    arbiter,
                    target,
                    effect=effect,
                    cost=cost,
                    kind=kind,
                    description=description,
                )
                make = Threat if kind == "harm" else Promise
                commitments.append(self.build(where, make, instrument, action))
                costs[name] = (
                    self.expr(item["reputation_cost"], (*where, "reputation_cost"))
                    if "reputation_cost" in item
                    else default_cost
                )
        if not commitments:
            self.fail(ckeys, "[commitment] needs at least one [[threats]] or [[promises]] entry")
        reputation: Any = _entry(default_cost)
        if any(c != default_cost for c in costs.values()):
            reputation = {n: _entry(c) for n, c in costs.items()}
        postures = None
        if "postures" in spec:
            pkeys = (*ckeys, "postures")
            table = spec["postures"]
            if not isinstance(table, dict) or not table:
                self.fail(
                    pkeys, f"must be a table {{name = [instruments]}}; got {_describe(table)}"
                )
            postures = {}
            for pname, members in table.items():
                if not isinstance(members, list):
                    self.fail(
                        (*pkeys, pname),
                        f"must be a list of instrument names; got {_describe(members)}",
                    )
                for j, m in enumerate(members):
                    if m not in costs:
                        self.fail(
                            (*pkeys, pname, j),
                            f"{m!r} is not among the instruments {sorted(costs)}",
                            m,
                        )
                postures[pname] = list(members)
        return self.build(
            ckeys,
            commitment_structure,
            base,
            commitments,
            reputation_cost=reputation,
            postures=postures,
        )

    def check_status_quo(self, game: Any, status_quo: str, keys: Keys) -> None:
        if isinstance(game, SequentialGame):
            labels = sorted({game.label_of(p) for p, _ in game.outcomes}, key=lambda t: (len(t), t))
            if status_quo not in labels:
                shown = ", ".join(map(repr, labels[:8])) + (" ..." if len(labels) > 8 else "")
                self.fail(
                    keys, f"{status_quo!r} is not an outcome label; labels: {shown}", status_quo
                )
        else:
            # A profile, or the actions of the first players only (the others free).
            parts = status_quo.split("/")
            ok = len(parts) <= game.n_players and all(
                a in acts for a, acts in zip(parts, game.actions)
            )
            if not ok:
                example = "/".join(acts[0] for acts in game.actions)
                self.fail(
                    keys,
                    f"{status_quo!r} is not a profile: the players' actions joined by '/' in "
                    f"player order, such as {example!r} (or the first players' actions only)",
                    status_quo,
                )


def _entry(value: sympy.Expr) -> Any:
    """A payoff as games hold it: Fractions for numbers, expressions otherwise."""
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return value


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return f"a table with keys {sorted(value)[:6]}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, Decimal):
        return f"the number {value}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _header_keys(raw: str) -> Keys | None:
    """The keys of a TOML header's dotted key, or None if it is not one."""
    keys: list[str | int] = []
    pos = 0
    while pos < len(raw):
        m = _HEADER_PART.match(raw, pos)
        if m is None:
            return None
        part = m.group(1)
        if part.startswith('"'):
            try:
                part = json.loads(part)
            except ValueError:
                return None
        elif part.startswith("'"):
            part = part[1:-1]
        keys.append(part)
        pos = m.end()
        if not m.group(2):
            break
    return tuple(keys)


def _find_key(text: str, key: str, start: int, limit: int, nth: int, *, bare: bool) -> int | None:
    """Where the ``nth`` (0-based) occurrence of ``key`` as a key lies in ``text[start:limit]``."""
    forms = [re.escape(json.dumps(key, ensure_ascii=False))]
    if bare:
        forms.append(re.escape(f"'{key}'"))
        if _BARE_KEY.match(key):
            forms.append(rf"(?<![A-Za-z0-9_\-\"']){re.escape(key)}(?![A-Za-z0-9_\-\"'])")
    pattern = re.compile("|".join(forms))
    i = 0
    for m in pattern.finditer(text, start, limit):
        if bare and "#" in text[text.rfind("\n", 0, m.start()) + 1 : m.start()]:
            continue  # in a TOML comment (or, rarely, after a '#' in a string)
        if i == nth:
            return m.start()
        i += 1
    return None


# =====================================================================  writing
def write_model(model: Model, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write ``model`` to a ``.toml`` or ``.json`` file (``format`` overrides the extension)."""
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(f"path must be a string or a path; got {path!r}")
    text = format_model(model, format=_format_of(path, format))
    Path(path).write_text(text, encoding="utf-8")


def format_model(model: Model, *, format: str = "toml") -> str:
    """The text of a model file for ``model`` (see :func:`write_model`).

    Raises :class:`~arbiter.errors.NotSupportedError` for payoffs the
    grammar cannot write (roots, functions other than min and max) and for
    normal-form action names containing ``/``.
    """
    if not isinstance(model, Model):
        raise ArgumentTypeError(f"model must be a Model; got {type(model).__name__}")
    if format not in FORMATS.values():
        raise InvalidArgumentError(f"format must be 'toml' or 'json'; got {format!r}")
    data = _model_data(model)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return "\n".join(_toml_table((), data)).lstrip("\n") + "\n"


def _number_data(value: Fraction) -> int | str:
    return int(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _value_data(value: Any) -> int | str:
    """A payoff or probability as written: an integer, or a formula in quotes."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    if isinstance(value, sympy.Integer):
        return int(value)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise NotSupportedError(f"cannot write the non-finite payoff {value!r}")
        return repr(float(value)).replace("e+", "e")
    return format_expression(value)


def _model_data(model: Model) -> dict[str, Any]:
    game = model.game
    meta: dict[str, Any] = {"name": model.name}
    if model.description:
        meta["description"] = model.description
    meta["players"] = list(game.players)
    if isinstance(model.status_quo, frozenset):
        meta["status_quo"] = sorted(model.status_quo)
    elif isinstance(model.status_quo, str):
        meta["status_quo"] = model.status_quo
    elif model.status_quo is not None:
        raise NotSupportedError(
            f"cannot write model {model.name!r}: its status quo is a predicate "
            f"({model.status_quo_name}); give it as a label or a set of labels to write it"
        )
    if model.claims:
        meta["claims"] = list(model.claims)
    data: dict[str, Any] = {"model": meta}
    params: dict[str, Any] = {}
    for name, p in model.parameters.items():
        spec: dict[str, Any] = {
            "default": _number_data(p.default),
            "low": _number_data(p.low),
            "high": _number_data(p.high),
        }
        if p.description:
            spec["description"] = p.description
        if p.source:
            spec["source"] = p.source
        if p.nonnegative != (p.low >= 0):
            spec["nonnegative"] = p.nonnegative
        params[name] = spec
    if params:
        data["parameters"] = params
    if isinstance(game, SequentialGame):
        data["tree"] = _node_data(game.root, game.players)
    elif isinstance(game, NormalFormGame):
        for p, acts in zip(game.players, game.actions):
            for a in acts:
                if "/" in a:
                    raise NotSupportedError(
                        f"cannot write {p}'s action {a!r}: normal-form action names in model "
                        "files must not contain '/'"
                    )
        payoffs: dict[str, Any] = {}
        for prof in product(*(range(k) for k in game.shape)):
            key = "/".join(game.actions[i][a] for i, a in enumerate(prof))
            payoffs[key] = {
                p: _value_data(game.payoffs[(i, *prof)]) for i, p in enumerate(game.players)
            }
        data["normal_form"] = {
            "actions": {p: list(a) for p, a in zip(game.players, game.actions)},
            "payoffs": payoffs,
        }
    else:
        raise NotSupportedError(f"cannot write a model whose game is a {type(game).__name__}")
    return data


def _node_data(node: Node, players: tuple[str, ...]) -> dict[str, Any]:
    if isinstance(node, Outcome):
        out: dict[str, Any] = {}
        if node.label is not None:
            out["label"] = node.label
        out["payoffs"] = {p: _value_data(v) for p, v in zip(players, node.payoffs)}
        return out
    if isinstance(node, Decision):
        out = {"player": node.player}
        if node.infoset is not None:
            out["infoset"] = node.infoset
        out["actions"] = {a: _node_data(c, players) for a, c in node.moves}
        return out
    return {
        "branches": {
            n: {"probability": _value_data(p), "node": _node_data(c, players)}
            for n, p, c in node.branches
        }
    }


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_scalar(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise NotSupportedError(f"cannot write {value!r} to TOML")  # pragma: no cover


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict) or all(not isinstance(v, dict) for v in value.values())


def _toml_table(keys: tuple[str, ...], table: dict[str, Any]) -> Iterator[str]:
    """Lines of a TOML table: its plain values under its header, then its sub-tables."""
    # Parameter and [model] tables get headers; other tables of plain values are inline.
    inline = {
        k: v
        for k, v in table.items()
        if not isinstance(v, dict)
        or (_is_scalar(v) and len(keys) >= 1 and keys != ("parameters",) and v)
    }
    if keys and (inline or not table):
        yield ""
        yield "[" + ".".join(_toml_key(k) for k in keys) + "]"
    for k, v in inline.items():
        yield f"{_toml_key(k)} = {_toml_scalar(v)}"
    for k, v in table.items():
        if k not in inline:
            yield from _toml_table((*keys, k), v)
