"""Files: Gambit's ``.nfg`` (strategic form) and ``.efg`` (game tree) formats, exact.

See :mod:`arbiter.io.gambit` for the mapping between Gambit's files and
arbiter's games.
"""

from arbiter.io.gambit import format_game, parse_game, read_game, write_game

__all__ = ["format_game", "parse_game", "read_game", "write_game"]
