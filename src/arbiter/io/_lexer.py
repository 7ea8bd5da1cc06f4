r"""Tokens of Gambit's text formats, and a cursor over them that reports errors by line.

Gambit's ``.nfg`` and ``.efg`` files are a stream of whitespace-separated
tokens (whitespace is never significant outside quotes):

``text``
    A label in double quotes. Inside it, ``\"`` stands for a quote and
    ``\\`` for a backslash; any other backslash is kept as it is. Labels may
    span lines.
``number``
    An integer (``-3``), a decimal (``0.5``, ``.80``, ``1.25e-1``) or a
    rational (``7/3``), each with an optional sign. Converted to
    :class:`fractions.Fraction` exactly, never through a float.
``{`` ``}`` ``,``
    Punctuation (commas are optional separators in payoff lists).
``word``
    Anything else up to the next space, brace, comma or quote: the headers
    ``NFG``/``EFG``, the data type letter ``R`` and the node types ``c``,
    ``p``, ``t``. A word that looks like a broken number (``1a``) is a word.

The format has no comments. Nothing in a file is ever evaluated.

>>> [t.kind for t in tokenize('NFG 1 R "a \\"b\\"" { 1/2, -.5 }')]
['word', 'number', 'word', 'text', 'lbrace', 'number', 'comma', 'number', 'rbrace', 'eof']
>>> tokenize('"a \\"b\\""')[0].text
'a "b"'
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import NamedTuple

from arbiter.errors import ParseError

__all__ = ["Cursor", "Token", "line_of", "to_fraction", "tokenize"]

_NUMBER = re.compile(r"[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\Z", re.ASCII)
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_EXPONENT = re.compile(r"[eE]([+-]?\d+)\Z", re.ASCII)
_INDEX = re.compile(r"[0-9]+\Z")
# Leading whitespace, then one alternative per token kind; inside a label a
# backslash pairs with the next character, so \" never ends it.
_TOKEN = re.compile(
    r"""\s*(?:(?P<punct>[{},])|(?P<text>"(?:[^"\\]|\\.)*")|(?P<word>[^\s{},"]+))""",
    re.DOTALL,
)
_ESCAPE = re.compile(r'\\(["\\])')

#: Largest decimal exponent accepted in a number (``1e400`` is fine; ``1e99999999`` is not).
MAX_EXPONENT = 10_000

_PUNCTUATION = {"{": "lbrace", "}": "rbrace", ",": "comma"}


class Token(NamedTuple):
    """One token: its kind, its value (labels unescaped), its text in the file and offset."""

    kind: str
    text: str
    raw: str
    offset: int

    def describe(self) -> str:
        """The token as an error message shows it: ``'"abc"'``, ``'7'`` or ``end of file``."""
        if self.kind == "eof":
            return "end of file"
        raw = self.raw if len(self.raw) <= 40 else self.raw[:37] + "..."
        return repr(raw)


def line_of(text: str, offset: int) -> int:
    """The 1-based line of ``text`` on which ``offset`` lies."""
    return text.count("\n", 0, offset) + 1


def tokenize(text: str, source: str = "<string>") -> list[Token]:
    """Split ``text`` into tokens, ending with one ``eof`` token.

    The ``eof`` token sits where the last token ends, so that an error about a
    truncated file names the file's last line rather than a trailing blank
    one. Raises :class:`~arbiter.errors.ParseError` for a label whose closing
    quote is missing.
    """
    tokens: list[Token] = []
    append = tokens.append
    done = 0  # where the last token ends
    for m in _TOKEN.finditer(text):
        if m.start() != done:  # finditer skipped something: an unclosed quote
            break
        done = m.end()
        kind = m.lastgroup
        raw = m.group(kind)  # type: ignore[arg-type]
        start = m.start(kind)  # type: ignore[arg-type]
        if kind == "punct":
            append(Token(_PUNCTUATION[raw], raw, raw, start))
        elif kind == "text":
            append(Token("text", _ESCAPE.sub(r"\1", raw[1:-1]), raw, start))
        else:
            append(Token("number" if _NUMBER.match(raw) else "word", raw, raw, start))
    rest = len(text) - len(text[done:].lstrip())
    if rest < len(text):
        raise ParseError(
            f'the label that starts here, {text[rest : rest + 30]!r}..., has no closing quote (")',
            path=source,
            line=line_of(text, rest),
        )
    append(Token("eof", "", "", max(done - 1, 0)))
    return tokens


def to_fraction(token: Token) -> Fraction:
    """The exact value of a number token (raises ``ValueError`` for a bad one)."""
    text = token.text
    if _INTEGER.match(text):
        return Fraction(int(text))
    exp = _EXPONENT.search(text)
    if exp is not None and abs(int(exp.group(1))) > MAX_EXPONENT:
        raise ValueError(f"its exponent is beyond ±{MAX_EXPONENT}")
    try:
        return Fraction(text)
    except ZeroDivisionError:
        raise ValueError("its denominator is zero") from None


class Cursor:
    """Reads tokens one by one; every error names the source and the token's line."""

    def __init__(self, text: str, source: str) -> None:
        self._text = text
        self._tokens = tokenize(text, source)
        self._pos = 0
        self.source = source

    def line(self, token: Token) -> int:
        """The line on which ``token`` starts."""
        return line_of(self._text, token.offset)

    def peek(self) -> Token:
        return self._tokens[self._pos]

    def next(self) -> Token:
        tok = self._tokens[self._pos]
        if tok.kind != "eof":
            self._pos += 1
        return tok

    def error(self, message: str, token: Token | None = None) -> ParseError:
        """A ParseError at ``token`` (default: the next token)."""
        tok = self.peek() if token is None else token
        return ParseError(message, path=self.source, line=self.line(tok))

    def expect(self, kind: str, what: str, context: str = "") -> Token:
        """The next token, which must be of ``kind``; else ``expected WHAT[ CONTEXT]; got X``."""
        tok = self.next()
        if tok.kind != kind:
            raise self.error(f"expected {what}{context}; got {tok.describe()}", tok)
        return tok

    def number(self, what: str = "a number", context: str = "") -> Fraction:
        """The next token as an exact number."""
        tok = self.expect("number", what, context)
        try:
            return to_fraction(tok)
        except ValueError as exc:
            message = f"{what}{context} {tok.describe()} is not a usable number: {exc}"
            raise self.error(message, tok) from None

    def integer(self, what: str, low: int, high: int | None = None, context: str = "") -> int:
        """The next token as an integer in ``[low, high]`` (``high`` None: no upper bound)."""
        tok = self.next()
        bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
        if tok.kind != "number" or not _INDEX.match(tok.text):
            raise self.error(
                f"expected {what} (a whole number {bounds}){context}; got {tok.describe()}", tok
            )
        if len(tok.text) > 18:
            raise self.error(
                f"expected {what} {bounds}{context}; got {tok.describe()}, too big", tok
            )
        value = int(tok.text)
        if value < low or (high is not None and value > high):
            raise self.error(f"expected {what} {bounds}{context}; got {tok.describe()}", tok)
        return value

    def accept(self, kind: str) -> Token | None:
        """Consume and return the next token if it is of ``kind``."""
        if self.peek().kind == kind:
            return self.next()
        return None
