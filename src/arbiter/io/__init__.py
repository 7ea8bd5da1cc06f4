"""Files: Gambit's ``.nfg`` / ``.efg`` formats, exact, and model files (TOML / JSON).

See :mod:`arbiter.io.gambit` for the mapping between Gambit's files and
arbiter's games, and :mod:`arbiter.io.model_file` for the model file format,
whose formulas are parsed as data by :mod:`arbiter.io.expressions` (nothing in
a file is ever evaluated as code).
"""

from arbiter.io.expressions import ExpressionError, parse_expression
from arbiter.io.gambit import format_game, parse_game, read_game, write_game
from arbiter.io.model_file import format_model, parse_model, read_model, write_model

__all__ = [
    "ExpressionError",
    "format_game",
    "format_model",
    "parse_expression",
    "parse_game",
    "parse_model",
    "read_game",
    "read_model",
    "write_game",
    "write_model",
]
