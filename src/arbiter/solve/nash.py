"""``nash_equilibria``: the complete set of Nash equilibria, by the best method.

Methods (``method=``):

``"auto"`` (default)
    ``"vertex"`` for numeric two-player games, ``"support"`` otherwise.
``"vertex"``
    Vertex enumeration of the best-response polytopes
    (:func:`arbiter.solve.vertex.vertex_enumeration`): all equilibria of a
    nondegenerate game, all extreme equilibria of a degenerate one.
``"support"``
    Exact support enumeration for any number of players
    (:func:`arbiter.solve.support.support_enumeration`), solving each
    support's indifference equations exactly (Gröbner bases, number fields).
``"lemke-howson"``
    Lemke–Howson from every starting label
    (:func:`arbiter.solve.lemke_howson.lemke_howson`): a few equilibria of a
    big two-player game, exact for exact input; ``complete=False``.
``"lcp"``
    For a two-player tree: one equilibrium from the sequence form by Lemke's
    algorithm (:func:`arbiter.solve.sequence_form.sequence_form_lcp`), as
    behaviour strategies, without the reduced strategic form; for a normal
    form: ``"lemke-howson"``. ``complete=False``.
``"nashpy-support"``, ``"nashpy-vertex"``, ``"nashpy-lemke-howson"``
    nashpy's own algorithms, in floats, for comparison. Their output passes
    through the same certificate; nashpy is known to miss equilibria, so these
    results are never marked complete.

Every method's output is certified (see :mod:`arbiter.solve.certify`).
"""

from __future__ import annotations

import warnings
from typing import Any

from arbiter.errors import InvalidArgumentError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import SequentialGame
from arbiter.solve.certify import DEFAULT_TOLERANCE, certified_set, check_tolerance
from arbiter.solve.inputs import as_normal_form, require_numeric
from arbiter.solve.result import EquilibriumSet
from arbiter.solve.tree_outcomes import with_outcomes

__all__ = ["METHODS", "nash_equilibria"]

METHODS = (
    "auto",
    "vertex",
    "support",
    "lemke-howson",
    "lcp",
    "nashpy-support",
    "nashpy-vertex",
    "nashpy-lemke-howson",
)


def _nashpy(game: NormalFormGame, method: str, tol: float) -> EquilibriumSet:
    if game.n_players != 2:
        raise NotSupportedError(
            f"method={method!r} handles two-player games; this game has {game.n_players}"
        )
    require_numeric(game, "nash_equilibria")
    float_game = NormalFormGame(game.as_float(), game.players, game.actions)
    nash_game = float_game.to_nashpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "nashpy-support":
            raw = list(nash_game.support_enumeration())
        elif method == "nashpy-vertex":
            raw = list(nash_game.vertex_enumeration())
        else:
            raw = list(nash_game.lemke_howson_enumeration())
    candidates = []
    for x, y in raw:
        if any(v != v for v in (*x, *y)):  # nashpy may return nan on degenerate games
            continue
        candidates.append((tuple(float(v) for v in x), tuple(float(v) for v in y)))
    return certified_set(
        float_game,
        candidates,
        method=method,
        tol=tol,
        complete=False,
        warnings=("nashpy computes in floats and may miss equilibria; not guaranteed complete",),
    )


def nash_equilibria(
    game: Any, *, method: str = "auto", tol: float = DEFAULT_TOLERANCE
) -> EquilibriumSet:
    """All Nash equilibria of ``game`` (mixed included), certified.

    Parameters
    ----------
    game:
        A numeric :class:`~arbiter.games.normal_form.NormalFormGame`, or a tree
        (:class:`~arbiter.games.tree.SequentialGame`), solved through its
        reduced strategic form: the result's ``game`` is that normal form, its
        strategies are mixtures over reduced plans, and each equilibrium's
        ``outcome`` gives the probability of reaching each labelled outcome.
    method:
        One of :data:`METHODS` (see the module docstring).
    tol:
        Relative regret tolerance for float games; exact games are certified
        with regret exactly 0.

    >>> from arbiter.games.normal_form import NormalFormGame
    >>> bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> eqs = nash_equilibria(bos)
    >>> len(eqs), eqs.max_regret
    (3, Fraction(0, 1))
    """
    tol = check_tolerance(tol)
    if method not in METHODS:
        raise InvalidArgumentError(f"method must be one of {METHODS}; got {method!r}")
    tree = game if isinstance(game, SequentialGame) else None
    if tree is not None and method == "lcp":
        from arbiter.solve.sequence_form import sequence_form_lcp

        return sequence_form_lcp(tree, tol=tol)
    game = as_normal_form(game, "nash_equilibria")
    require_numeric(game, "nash_equilibria")
    if method == "auto":
        method = "vertex" if game.n_players == 2 else "support"
    result = _solve(game, method, tol)
    return result if tree is None else with_outcomes(tree, result)


def _solve(game: NormalFormGame, method: str, tol: float) -> EquilibriumSet:
    if method.startswith("nashpy"):
        return _nashpy(game, method, tol)
    if method in ("lemke-howson", "lcp"):
        from arbiter.solve.lemke_howson import lemke_howson

        return lemke_howson(game, tol=tol)
    if method == "vertex":
        from arbiter.solve.vertex import vertex_enumeration

        return vertex_enumeration(game, tol=tol)
    from arbiter.solve.support import support_enumeration

    return support_enumeration(game, tol=tol)
