"""Argument checking shared by the solvers: what counts as a game, and when."""

from __future__ import annotations

from typing import Any

from arbiter.errors import ArgumentTypeError, NotSupportedError
from arbiter.games.normal_form import NormalFormGame

__all__ = ["as_normal_form", "require_numeric"]


def as_normal_form(game: Any, caller: str) -> NormalFormGame:
    """The normal form of ``game``: a NormalFormGame as is, a tree through ``to_normal_form()``."""
    if isinstance(game, NormalFormGame):
        return game
    to_nf = getattr(game, "to_normal_form", None)
    if callable(to_nf):
        nf = to_nf()
        if isinstance(nf, NormalFormGame):
            return nf
    raise ArgumentTypeError(
        f"{caller}(): game must be a NormalFormGame or a game with to_normal_form(); "
        f"got {type(game).__name__}"
    )


def require_numeric(game: NormalFormGame, caller: str) -> None:
    """Refuse games with free parameters, naming them."""
    if game.kind == "symbolic":
        names = [s.name for s in game.parameters] or ["(closed-form constants)"]
        raise NotSupportedError(
            f"{caller}() needs numeric payoffs; the game has free parameters {names}. "
            "Give them values with game.subs({...}) first"
        )
