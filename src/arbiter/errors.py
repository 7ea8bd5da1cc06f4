"""Exceptions raised by arbiter.

Every exception arbiter raises on purpose derives from :class:`ArbiterError`
and also from the built-in exception it refines, so that ``except ValueError``
and ``except TypeError`` keep working in user code:

>>> from arbiter.errors import InvalidGameError
>>> issubclass(InvalidGameError, ValueError)
True

Messages name the argument and echo the offending value, in the style of
``payoffs[0, 1, 1] must be finite; got nan``.
"""

from __future__ import annotations

__all__ = [
    "ArbiterError",
    "ArgumentTypeError",
    "InvalidArgumentError",
    "InvalidGameError",
    "NotSupportedError",
    "ParseError",
    "QREConvergenceError",
    "UnknownParameterError",
    "UnknownPlayerError",
]


class ArbiterError(Exception):
    """Base class of every error arbiter raises on purpose."""


class InvalidArgumentError(ArbiterError, ValueError):
    """An argument has the right type but a value that cannot be used."""


class ArgumentTypeError(ArbiterError, TypeError):
    """An argument has a type arbiter cannot use."""


class InvalidGameError(InvalidArgumentError):
    """A game cannot be built from the given payoffs, names or tree."""


class NotSupportedError(ArbiterError, ValueError):
    """The request is well formed but outside what the chosen method handles.

    For example: a numeric solver asked to solve a game with free symbolic
    parameters, or a two-player method given a three-player game.
    """


class UnknownParameterError(InvalidArgumentError, KeyError):
    """A parameter name that the model or game does not have.

    A :class:`KeyError` too, so that mappings of parameters behave as Python
    mappings (``space.get(name)`` returns ``None``), and an
    :class:`InvalidArgumentError` (a :class:`ValueError`) as before:

    >>> err = UnknownParameterError("unknown parameter 'x'; known: ['w']")
    >>> isinstance(err, KeyError), isinstance(err, ValueError)
    (True, True)
    >>> str(err)  # without the quotes KeyError puts around its argument
    "unknown parameter 'x'; known: ['w']"
    """

    def __str__(self) -> str:
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class UnknownPlayerError(InvalidArgumentError, KeyError):
    """A player name (or index) that the game does not have.

    A :class:`KeyError` and a :class:`ValueError` (through
    :class:`InvalidArgumentError`), printed without the quotes
    :class:`KeyError` adds.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class QREConvergenceError(ArbiterError, RuntimeError):
    """A quantal-response path tracer lost the branch (its step fell below its minimum)."""


class ParseError(ArbiterError, ValueError):
    """A file could not be parsed; the message says where and what was expected."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}"
            if line is not None:
                where += f", line {line}"
            where += ": "
        super().__init__(where + message)
        self.path = path
        self.line = line
