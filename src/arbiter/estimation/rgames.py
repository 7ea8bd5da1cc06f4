r"""R-compatible entry points: the fixed trees of Kenkel and Signorino's ``games`` package.

``egame12``, ``egame122`` and ``egame123`` take the R package's formula
syntax (one left-hand side, the utilities' right-hand sides separated by
``|``) and return the same :class:`~arbiter.estimation.StrategicResults` as
:func:`~arbiter.estimation.fit`, with parameters in the R package's order
and under its names: the parts in formula order, each part's terms in
formula order with ``(Intercept)`` first, factor levels as treatment
contrasts against the first level (``regime1dem``), prefixed by the
utility, e.g. ``u1(sq):(Intercept)``. The trees (players ``"1"``, ``"2"``,
``"3"``; L and R moves)::

    egame12                 egame122                       egame123
       1                       ___1___                       1
      / \                     /       \                     / \
    u11  2                   2         2                  u11  2
        / \                 / \       / \                     / \
      u13  u14            u11 u12   u13 u14                 u13  3
       0   u24             0  u22    0  u24                 u23 / \
                                                               u15  u16
                                                               u25  u26
                                                                0   u36

The outcome is either one variable whose levels (a pandas Categorical's
categories, else the sorted distinct values) name the terminal nodes from
left to right, or indicator variables ``y1 + y2 (+ y3)``: player 1 moved R;
then the next mover moved R (see each function). Unlike the R package,
``link="logit"`` with ``type="private"`` is fitted (the R package switches
it to probit with a warning).

>>> from arbiter.estimation import egame12, load_war1800
>>> war = load_war1800()
>>> m = egame12("esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2", war)
>>> list(m.params.index[:3])
['u1(~esc):(Intercept)', 'u1(~esc):s_wt_re1', 'u1(~esc):revis1']
>>> round(m.llf, 2)
-286.12
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import sympy

from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.estimation.model import StrategicResults, _fit
from arbiter.games.tree import SequentialGame, decision, outcome

__all__ = ["egame12", "egame12_tree", "egame122", "egame123", "parse_formula"]

#: The payoff symbols of the fixed trees, named as in the R package.
_U = {s.name: s for s in sympy.symbols("u11 u12 u13 u14 u15 u16 u22 u23 u24 u25 u26 u36")}


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts]


def parse_formula(formula: Any, n_parts: int, caller: str) -> tuple[list[str], list[str]]:
    """``"y1 + y2 ~ a | b | ..."`` (or a list of formulas, the first with the response)
    into the response's variable names and the ``n_parts`` right-hand sides."""
    if isinstance(formula, str):
        if "~" not in formula:
            raise InvalidArgumentError(
                f"{caller}(): formula must have a response: 'y ~ ...'; got {formula!r}"
            )
        lhs, rhs = formula.split("~", 1)
        parts = _split_top(rhs, "|")
    elif isinstance(formula, Sequence) and formula and all(isinstance(f, str) for f in formula):
        if "~" not in formula[0]:
            raise InvalidArgumentError(
                f"{caller}(): the first formula must have the response; got {formula[0]!r}"
            )
        lhs, first = formula[0].split("~", 1)
        parts = [first.strip()] + [f.split("~", 1)[-1].strip() for f in formula[1:]]
    else:
        raise ArgumentTypeError(
            f"{caller}(): formula must be a string 'y ~ a | b | ...' or a list of formula strings; "
            f"got {formula!r}"
        )
    if len(parts) != n_parts:
        raise InvalidArgumentError(
            f"{caller}(): formula must have {n_parts} right-hand sides separated by '|'; got "
            f"{len(parts)}: {parts}"
        )
    if any(not p for p in parts):
        raise InvalidArgumentError(
            f"{caller}(): an empty right-hand side in {formula!r} (write 0 to fix a utility at 0)"
        )
    response = [v.strip() for v in lhs.split("+") if v.strip()]
    if not response:
        raise InvalidArgumentError(f"{caller}(): formula has an empty response: {formula!r}")
    return response, parts


def _r_term(name: str) -> str:
    if name == "Intercept":
        return "(Intercept)"
    return re.sub(r"\[T\.([^\]]*)\]", r"\1", name)


def _levels_of(values: pd.Series, n_levels: int, caller: str) -> tuple[list[str], pd.Series]:
    if isinstance(values.dtype, pd.CategoricalDtype):
        levels = [str(c) for c in values.cat.categories]
    else:
        levels = [str(v) for v in sorted(values.dropna().unique())]
    if len(levels) != n_levels:
        raise InvalidArgumentError(
            f"{caller}(): the outcome {values.name!r} must have {n_levels} levels (one per "
            "terminal "
            f"node); got {len(levels)}: {levels}"
        )
    return levels, values.map(lambda v: None if pd.isna(v) else str(v))


def _dummies(data: pd.DataFrame, names: list[str], caller: str) -> list[np.ndarray]:
    out = []
    for v in names:
        col = data[v]
        vals = set(col.dropna().unique().tolist())
        if not vals <= {0, 1}:
            raise InvalidArgumentError(
                f"{caller}(): indicator outcome {v!r} must hold 0 and 1; got values "
                f"{sorted(map(str, vals))}"
            )
        out.append(col.to_numpy(dtype=float))
    return out


def _response(
    data: pd.DataFrame, response: list[str], n_terms: int, caller: str, from_dummies
) -> tuple[list[str], np.ndarray]:
    missing = [v for v in response if v not in data.columns]
    if missing:
        raise InvalidArgumentError(
            f"{caller}(): response variables {missing} are not columns of data"
        )
    if len(response) == 1:
        levels, labels = _levels_of(data[response[0]], n_terms, caller)
        return levels, labels.to_numpy(dtype=object)
    levels, codes = from_dummies(_dummies(data, response, caller), response)
    labels = np.array([None if np.isnan(c) else levels[int(c)] for c in codes], dtype=object)
    return levels, labels


def _check_data(data: Any, caller: str) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise ArgumentTypeError(
            f"{caller}(): data must be a pandas DataFrame; got {type(data).__name__}"
        )
    return data


def _fit_fixed(caller, tree, syms, prefixes, parts, data, labels, link, type, start):
    prefix_of = dict(zip(syms, prefixes))

    def naming(utility: str, term: str) -> str:
        return f"{prefix_of[utility]}:{_r_term(term)}"

    return _fit(
        tree,
        data,
        utilities=dict(zip(syms, parts)),
        outcome=labels,
        link=link,
        error=type,
        start=start,
        naming=naming,
        caller=caller,
    )


def egame12_tree(labels: Sequence[str] = ("sq", "cap", "war")) -> SequentialGame:
    """The tree behind :func:`egame12`, its payoffs the symbols ``u11, u13, u14, u24``.

    Player 1 ends the game (``u11``) or moves on (R); player 2 then gives in
    (``u13``, 0) or fights (``u14``, ``u24``). ``labels`` name the three
    outcomes from left to right. Give it to :func:`~arbiter.estimation.fit`
    or :func:`~arbiter.estimation.simulate` with utilities for those symbols.
    """
    return SequentialGame(
        decision(
            "1",
            {
                "L": outcome({"1": _U["u11"], "2": 0}, label=labels[0]),
                "R": decision(
                    "2",
                    {
                        "L": outcome({"1": _U["u13"], "2": 0}, label=labels[1]),
                        "R": outcome({"1": _U["u14"], "2": _U["u24"]}, label=labels[2]),
                    },
                ),
            },
        ),
        players=("1", "2"),
    )


def egame12(
    formula: Any,
    data: pd.DataFrame,
    *,
    link: str = "probit",
    type: str = "agent",
    start: Any = "sbi",
) -> StrategicResults:
    """Two players, three terminal nodes (Signorino 2003): ``y ~ u11 | u13 | u14 | u24``.

    Player 1 ends the game (u11) or moves on; player 2 then gives in (u13
    for player 1, 0 for player 2) or fights (u14, u24). The outcome: one
    variable with three levels, or ``y1 + y2`` (player 1 moved on; player 2
    fought; ``y2`` is ignored where ``y1`` is 0). Names follow the R
    package: with indicators ``esc + war`` the terminals are ``~esc``,
    ``esc,~war`` and ``esc,war``.
    """
    caller = "egame12"
    data = _check_data(data, caller)
    response, parts = parse_formula(formula, 4, caller)

    def from_dummies(d, names):
        if len(d) != 2:
            raise InvalidArgumentError(f"{caller}(): indicator outcomes are y1 + y2; got {names}")
        y1, y2 = d
        codes = np.where(y1 == 0, 0, np.where(y2 == 0, 1, 2)).astype(float)
        codes[np.isnan(y1) | ((y1 == 1) & np.isnan(y2))] = np.nan
        a, b = names
        return [f"~{a}", f"{a},~{b}", f"{a},{b}"], codes

    levels, labels = _response(data, response, 3, caller, from_dummies)
    tree = egame12_tree(levels)
    prefixes = [f"u1({levels[0]})", f"u1({levels[1]})", f"u1({levels[2]})", f"u2({levels[2]})"]
    return _fit_fixed(
        caller,
        tree,
        ["u11", "u13", "u14", "u24"],
        prefixes,
        parts,
        data,
        labels,
        link,
        type,
        start=start,
    )


def egame122(
    formula: Any,
    data: pd.DataFrame,
    *,
    link: str = "probit",
    type: str = "agent",
    start: Any = "sbi",
) -> StrategicResults:
    """Two players, four terminal nodes: ``y ~ u11 | u12 | u13 | u14 | u22 | u24``.

    Player 1 moves L or R; player 2 then moves L (player 2's utility 0) or R.
    Terminals from left to right: (L, L), (L, R), (R, L), (R, R). The outcome:
    one variable with four levels, ``y1 + y2`` (player 1 moved R; player 2
    moved R) or ``y1 + y2 + y3`` (player 2's move after L, after R).
    """
    caller = "egame122"
    data = _check_data(data, caller)
    response, parts = parse_formula(formula, 6, caller)

    def from_dummies(d, names):
        if len(d) == 2:
            y1, y2 = d
            a, b = names
            levels = [f"~{a},~{b}", f"~{a},{b}", f"{a},~{b}", f"{a},{b}"]
        elif len(d) == 3:
            y1, l2, r2 = d
            y2 = np.where(y1 == 1, r2, l2)
            _, b, c = names
            levels = [f"~{b}", b, f"~{c}", c]
        else:
            raise InvalidArgumentError(
                f"{caller}(): indicator outcomes are y1 + y2 or y1 + y2 + y3; got {names}"
            )
        codes = (2 * y1 + y2).astype(float)
        return levels, codes

    levels, labels = _response(data, response, 4, caller, from_dummies)
    tree = SequentialGame(
        decision(
            "1",
            {
                "L": decision(
                    "2",
                    {
                        "L": outcome({"1": _U["u11"], "2": 0}, label=levels[0]),
                        "R": outcome({"1": _U["u12"], "2": _U["u22"]}, label=levels[1]),
                    },
                ),
                "R": decision(
                    "2",
                    {
                        "L": outcome({"1": _U["u13"], "2": 0}, label=levels[2]),
                        "R": outcome({"1": _U["u14"], "2": _U["u24"]}, label=levels[3]),
                    },
                ),
            },
        ),
        players=("1", "2"),
    )
    prefixes = [f"u1({levels[i]})" for i in range(4)] + [f"u2({levels[1]})", f"u2({levels[3]})"]
    return _fit_fixed(
        caller,
        tree,
        ["u11", "u12", "u13", "u14", "u22", "u24"],
        prefixes,
        parts,
        data,
        labels,
        link,
        type,
        start=start,
    )


def egame123(
    formula: Any,
    data: pd.DataFrame,
    *,
    link: str = "probit",
    type: str = "agent",
    start: Any = "sbi",
) -> StrategicResults:
    """Three players, four terminal nodes: ``y ~ u11 | u13 | u15 | u16 | u23 | u25 | u26 | u36``.

    Player 1 ends the game (u11) or moves on; player 2 ends it (u13, u23) or
    moves on; player 3 moves L (u15, u25, 0) or R (u16, u26, u36). The
    outcome: one variable with four levels or ``y1 + y2 + y3`` (each player
    moved on / R).
    """
    caller = "egame123"
    data = _check_data(data, caller)
    response, parts = parse_formula(formula, 8, caller)

    def from_dummies(d, names):
        if len(d) != 3:
            raise InvalidArgumentError(
                f"{caller}(): indicator outcomes are y1 + y2 + y3; got {names}"
            )
        y1, y2, y3 = d
        codes = np.where(y1 == 0, 0, np.where(y2 == 0, 1, np.where(y3 == 0, 2, 3))).astype(float)
        a, b, c = names
        return [f"~{a}", f"{a},~{b}", f"{a},{b},~{c}", f"{a},{b},{c}"], codes

    levels, labels = _response(data, response, 4, caller, from_dummies)
    tree = SequentialGame(
        decision(
            "1",
            {
                "L": outcome({"1": _U["u11"], "2": 0, "3": 0}, label=levels[0]),
                "R": decision(
                    "2",
                    {
                        "L": outcome({"1": _U["u13"], "2": _U["u23"], "3": 0}, label=levels[1]),
                        "R": decision(
                            "3",
                            {
                                "L": outcome(
                                    {"1": _U["u15"], "2": _U["u25"], "3": 0}, label=levels[2]
                                ),
                                "R": outcome(
                                    {"1": _U["u16"], "2": _U["u26"], "3": _U["u36"]},
                                    label=levels[3],
                                ),
                            },
                        ),
                    },
                ),
            },
        ),
        players=("1", "2", "3"),
    )
    prefixes = (
        [f"u1({levels[i]})" for i in range(4)]
        + [f"u2({levels[i]})" for i in (1, 2, 3)]
        + [f"u3({levels[3]})"]
    )
    return _fit_fixed(
        caller,
        tree,
        ["u11", "u13", "u15", "u16", "u23", "u25", "u26", "u36"],
        prefixes,
        parts,
        data,
        labels,
        link,
        type,
        start=start,
    )
