r"""Arithmetic expressions in model files, read as data and never run.

A model file writes payoffs, probabilities and instrument effects as short
formulas in its parameters (``"g_e - d_r"``, ``"1/2 * (v - k_w)"``).
:func:`parse_expression` reads such a formula with a small tokenizer and a
recursive-descent parser and builds the sympy expression directly from the
parse tree (``sympy.Rational``, the parameters' ``Symbol`` values, ``+``,
``*``, ``Pow``, ``Min``, ``Max``). Nothing in a file is ever evaluated as
code: no ``eval``/``exec``, no ``sympy.sympify`` or ``parse_expr`` (both run
Python code), no attribute lookup by name.

The grammar, in order of increasing precedence::

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | power
    power      := atom (("^" | "**") unary)?          right-associative
    atom       := number | parameter | ("min" | "max") "(" expression ("," expression)* ")"
                | "(" expression ")"

``number``
    ``3``, ``0.25``, ``.5``, ``2.``, ``1.5e-3``: always exact
    (:class:`fractions.Fraction`, then ``sympy.Rational``), never a float.
    Write ``1/3`` for a third.
``parameter``
    A declared parameter's name (ASCII letters, digits and ``_``, not
    starting with ``_``).
powers
    The exponent must come out as a whole number between
    ``-MAX_EXPONENT`` and ``MAX_EXPONENT`` (``x^2``, ``x^-1``,
    ``x^(1+1)``); ``-x^2`` is ``-(x^2)`` and ``2^3^2`` is ``2^9``, as in
    mathematics.

Everything else is refused with an :class:`ExpressionError` (a
:class:`~arbiter.errors.ParseError`) that names the offending token and its
column: strings, brackets, attribute access, calls other than ``min`` and
``max``, names that start with ``_``, Python keywords, implicit
multiplication (``2x``), division by zero, undeclared names.

>>> import sympy
>>> x, y = sympy.symbols("x y")
>>> parse_expression("2*x - y/4 + 0.5", {"x": x, "y": y})
2*x - y/4 + 1/2
>>> parse_expression("-x^2", {"x": x})
-x**2
>>> try:
...     parse_expression("__import__('os').system('ls')", {"x": x})
... except ExpressionError as err:
...     print(err.token, err.column, err.reason, sep="; ")
__import__; 1; names starting with '_' are not allowed
>>> format_expression(parse_expression("(x + 1)^2 / (2*y)", {"x": x, "y": y}))
'(x + 1)^2/(2*y)'
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from arbiter.errors import NotSupportedError, ParseError

__all__ = [
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "ExpressionError",
    "Token",
    "format_expression",
    "parse_expression",
    "tokenize",
]

#: Longest expression accepted, in characters.
MAX_LENGTH = 10_000
#: Deepest nesting of parentheses and unary signs accepted.
MAX_DEPTH = 100
#: Largest absolute value of an exponent (``x^1000`` is fine, ``x^1001`` is not).
MAX_EXPONENT = 1000
#: Largest size, in bits, of a number computed by a power of a constant.
MAX_BITS = 1_000_000
#: Largest absolute decimal exponent of a number literal (``1e400`` is fine).
MAX_LITERAL_EXPONENT = 1000
#: Longest number literal accepted, in characters.
MAX_LITERAL_DIGITS = 1000

FUNCTIONS: dict[str, Callable[..., sympy.Expr]] = {"min": sympy.Min, "max": sympy.Max}

_ALLOWED = (
    "an expression may use numbers, declared parameters, + - * / ^, parentheses, "
    "min() and max(); it is read as data and never run"
)

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<number>(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>\*\*|[-+*/^])
      | (?P<lparen>\()
      | (?P<rparen>\))
      | (?P<comma>,)
    """,
    re.VERBOSE | re.ASCII,
)

_CHARACTER_HINTS = {
    "'": "strings are not allowed",
    '"': "strings are not allowed",
    "[": "brackets (indexing, lists) are not allowed",
    "]": "brackets (indexing, lists) are not allowed",
    "{": "braces are not allowed",
    "}": "braces are not allowed",
    ".": "attribute access is not allowed",
    ":": "Python syntax is not allowed",
    ";": "Python syntax is not allowed",
    "=": "assignment and comparison are not allowed",
    "<": "comparisons are not allowed",
    ">": "comparisons are not allowed",
    "!": "comparisons are not allowed",
    "@": "Python syntax is not allowed",
    "%": "the remainder operator is not allowed",
    "&": "bitwise operators are not allowed",
    "|": "bitwise operators are not allowed",
    "~": "bitwise operators are not allowed",
    "#": "comments are not allowed",
    "\\": "backslashes are not allowed",
}


class ExpressionError(ParseError):
    """An expression could not be read; says where, which token and why.

    Attributes: ``expression`` (the text), ``column`` (1-based, of the
    offending token; ``None`` for errors about the whole expression),
    ``token`` (its text), ``reason`` and ``where`` (the table path in the
    file, e.g. ``tree.actions.Restrain.payoffs.Iran``), besides ``path``
    and ``line`` of :class:`~arbiter.errors.ParseError`.
    """

    def __init__(
        self,
        reason: str,
        *,
        expression: str,
        column: int | None = None,
        token: str | None = None,
        where: str = "expression",
        path: str | None = None,
        line: int | None = None,
        refused: bool = False,
    ) -> None:
        shown = expression if len(expression) <= 80 else expression[:77] + "..."
        at = f", column {column}" if column is not None else ""
        if token is not None:
            at += f" ({token if len(token) <= 40 else token[:37] + '...'!r})"
        refusal = "refused: " if refused else ""
        tail = f" ({_ALLOWED})" if refused else ""
        super().__init__(f"{where} = {shown!r}{at}: {refusal}{reason}{tail}", path=path, line=line)
        self.expression = expression
        self.column = column
        self.token = token
        self.reason = reason
        self.where = where
        self.refused = refused

    def located(
        self, *, where: str, path: str | None = None, line: int | None = None
    ) -> ExpressionError:
        """The same error, placed in a file: ``where`` is the table path."""
        return ExpressionError(
            self.reason,
            expression=self.expression,
            column=self.column,
            token=self.token,
            where=where,
            path=path,
            line=line,
            refused=self.refused,
        )


@dataclass(frozen=True)
class Token:
    """One token: kind (number, name, op, lparen, rparen, comma, eof), text, 0-based start."""

    kind: str
    text: str
    start: int

    @property
    def column(self) -> int:
        return self.start + 1

    def describe(self) -> str:
        return "the end of the expression" if self.kind == "eof" else repr(self.text)


def _check_text(text: Any, where: str) -> str:
    if not isinstance(text, str):
        raise ExpressionError(
            f"must be a string or a number; got {type(text).__name__}",
            expression=repr(text),
            where=where,
        )
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"is {len(text)} characters long; the limit is {MAX_LENGTH}",
            expression=text,
            where=where,
        )
    return text


def _scan(text: str) -> list[Token]:
    """Tokens of ``text``, ending with ``eof``; a character outside the grammar is an
    ``invalid`` token (the parser reports it when it gets there, so that the first
    offending token in reading order is the one named)."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            tokens.append(Token("invalid", text[pos], pos))
            pos += 1
            continue
        kind = m.lastgroup
        assert kind is not None
        if kind != "space":
            tokens.append(Token(kind, m.group(), pos))
        pos = m.end()
    tokens.append(Token("eof", "", len(text)))
    return tokens


def _invalid(text: str, token: Token, where: str) -> ExpressionError:
    hint = _CHARACTER_HINTS.get(token.text, "this character is not part of the grammar")
    return ExpressionError(
        hint, expression=text, column=token.column, token=token.text, where=where, refused=True
    )


def tokenize(text: str, *, where: str = "expression") -> list[Token]:
    """Split ``text`` into tokens, ending with an ``eof`` token; refuse any other character.

    >>> [t.text for t in tokenize("2*x**-1")]
    ['2', '*', 'x', '**', '-', '1', '']
    """
    tokens = _scan(_check_text(text, where))
    for tok in tokens:
        if tok.kind == "invalid":
            raise _invalid(text, tok, where)
    return tokens


def _number(token: Token) -> Fraction:
    text = token.text
    if len(text) > MAX_LITERAL_DIGITS:
        raise ValueError(f"it is longer than {MAX_LITERAL_DIGITS} characters")
    mantissa, _, exponent = text.lower().partition("e")
    if exponent and abs(int(exponent)) > MAX_LITERAL_EXPONENT:
        raise ValueError(f"its exponent is beyond ±{MAX_LITERAL_EXPONENT}")
    if mantissa.endswith("."):
        text = mantissa[:-1] + ("e" + exponent if exponent else "")
    return Fraction(text)


def _bits(value: sympy.Rational) -> int:
    return max(int(value.p).bit_length(), int(value.q).bit_length())


class _Parser:
    def __init__(self, text: str, symbols: Mapping[str, sympy.Symbol], where: str) -> None:
        self.text = text
        self.symbols = symbols
        self.where = where
        self.tokens = _scan(_check_text(text, where))
        self.pos = 0
        self.depth = 0

    # ------------------------------------------------------------- helpers
    def peek(self) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind == "invalid":
            raise _invalid(self.text, tok, self.where)
        return tok

    def next(self) -> Token:
        tok = self.peek()
        if tok.kind != "eof":
            self.pos += 1
        return tok

    def error(self, reason: str, token: Token | None, *, refused: bool = False) -> ExpressionError:
        if token is None:
            return ExpressionError(reason, expression=self.text, where=self.where)
        return ExpressionError(
            reason,
            expression=self.text,
            column=token.column,
            token=token.text if token.kind != "eof" else None,
            where=self.where,
            refused=refused,
        )

    def enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"the expression is nested more than {MAX_DEPTH} deep", token)

    # ------------------------------------------------------------- grammar
    def parse(self) -> sympy.Expr:
        if self.peek().kind == "eof":
            raise self.error("is empty; write a number or a formula in the parameters", None)
        value = self.expression()
        tok = self.peek()
        if tok.kind != "eof":
            prev = self.tokens[self.pos - 1]
            if tok.kind == "name" and (keyword.iskeyword(tok.text) or tok.text.startswith("_")):
                self.name(tok)  # raises the refusal
            if tok.kind in ("name", "number", "lparen") and prev.kind in (
                "number",
                "name",
                "rparen",
            ):
                raise self.error(
                    f"unexpected after {prev.text!r}; write multiplication with '*' "
                    f"({prev.text}*{tok.text})",
                    tok,
                )
            if tok.kind == "comma":
                raise self.error("a comma may only separate the arguments of min() or max()", tok)
            raise self.error("unexpected after a complete expression", tok)
        return value

    def expression(self) -> sympy.Expr:
        value = self.term()
        while self.peek().kind == "op" and self.peek().text in "+-":
            op = self.next()
            right = self.term()
            value = value + right if op.text == "+" else value - right
        return value

    def term(self) -> sympy.Expr:
        value = self.unary()
        while self.peek().kind == "op" and self.peek().text in ("*", "/"):
            op = self.next()
            right = self.unary()
            if op.text == "*":
                value = value * right
            else:
                if right.is_zero is True:
                    raise self.error("division by zero", op)
                value = value / right
        return value

    def unary(self) -> sympy.Expr:
        tok = self.peek()
        if tok.kind == "op" and tok.text in "+-":
            self.next()
            self.enter(tok)
            operand = self.unary()
            self.depth -= 1
            return -operand if tok.text == "-" else operand
        return self.power()

    def power(self) -> sympy.Expr:
        base = self.atom()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("^", "**"):
            self.next()
            self.enter(tok)
            exponent = self.unary()
            self.depth -= 1
            return self._pow(base, exponent, tok)
        return base

    def _pow(self, base: sympy.Expr, exponent: sympy.Expr, op: Token) -> sympy.Expr:
        if not isinstance(exponent, sympy.Integer):
            raise self.error(
                f"the exponent must be a whole number; got {exponent} (write roots and "
                "parameter exponents as parameters of their own)",
                op,
            )
        n = int(exponent)
        if abs(n) > MAX_EXPONENT:
            shown = str(n) if len(str(n)) <= 20 else "of " + str(len(str(abs(n)))) + " digits"
            raise self.error(f"the exponent {shown} is beyond ±{MAX_EXPONENT}", op)
        if n < 0 and base.is_zero is True:
            raise self.error("division by zero (zero to a negative power)", op)
        if isinstance(base, sympy.Rational) and _bits(base) * abs(n) > MAX_BITS:
            raise self.error(f"the power is too large (more than {MAX_BITS} bits)", op)
        return sympy.Pow(base, exponent)

    def atom(self) -> sympy.Expr:
        tok = self.next()
        if tok.kind == "number":
            try:
                value = _number(tok)
            except ValueError as exc:
                raise self.error(f"is not a usable number: {exc}", tok) from None
            return sympy.Rational(value.numerator, value.denominator)
        if tok.kind == "lparen":
            self.enter(tok)
            if self.peek().kind == "rparen":
                raise self.error("empty parentheses are not allowed", self.peek(), refused=True)
            value = self.expression()
            self.expect_rparen(tok)
            self.depth -= 1
            return value
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "eof":
            raise self.error("the expression ends too early; expected a number or a name", tok)
        if tok.kind == "rparen":
            raise self.error("unexpected; expected a number, a parameter or '('", tok)
        raise self.error("unexpected here; expected a number, a parameter or '('", tok)

    def expect_rparen(self, opening: Token) -> None:
        tok = self.next()
        if tok.kind != "rparen":
            if tok.kind == "eof":
                raise self.error("never closed", opening)
            raise self.error("unexpected here; expected ')'", tok)

    def name(self, tok: Token) -> sympy.Expr:
        text = tok.text
        if text.startswith("_"):
            raise self.error("names starting with '_' are not allowed", tok, refused=True)
        if keyword.iskeyword(text) or keyword.issoftkeyword(text):
            raise self.error(
                "Python syntax is not allowed: expressions are arithmetic only", tok, refused=True
            )
        following = self.peek()
        if text in FUNCTIONS:
            if following.kind != "lparen":
                raise self.error(f"{text} must be called: {text}(a, b)", tok)
            return self.call(tok)
        if following.kind == "lparen":
            raise self.error(
                "calls are not allowed (only min(...) and max(...))", tok, refused=True
            )
        if text not in self.symbols:
            known = ", ".join(sorted(self.symbols)) or "none"
            raise self.error(f"is not a declared parameter (declared: {known})", tok)
        return self.symbols[text]

    def call(self, tok: Token) -> sympy.Expr:
        opening = self.next()
        self.enter(opening)
        args = [self.expression()]
        while self.peek().kind == "comma":
            self.next()
            args.append(self.expression())
        self.expect_rparen(opening)
        self.depth -= 1
        return FUNCTIONS[tok.text](*args)


def parse_expression(
    text: str | int | Fraction,
    parameters: Mapping[str, sympy.Symbol],
    *,
    where: str = "expression",
) -> sympy.Expr:
    """The sympy expression written in ``text``, over the ``parameters`` (``{name: symbol}``).

    ``int`` and :class:`~fractions.Fraction` values are accepted as they are
    (model files may give plain numbers). Raises :class:`ExpressionError`,
    whose message starts with ``where`` (the expression's place in the file).

    >>> import sympy
    >>> p = sympy.Symbol("p")
    >>> parse_expression("1 - p", {"p": p}) + parse_expression("p", {"p": p})
    1
    >>> parse_expression("2^3^2", {})
    512
    """
    if isinstance(text, bool):
        raise ExpressionError(
            "must be a number or a formula; got a boolean", expression=repr(text), where=where
        )
    if isinstance(text, int):
        return sympy.Integer(text)
    if isinstance(text, Fraction):
        return sympy.Rational(text.numerator, text.denominator)
    return _Parser(text, parameters, where).parse()


# ===================================================================  printing
_ADD, _MUL, _UNARY, _POW, _ATOM = 1, 2, 3, 4, 5


def format_expression(expr: Any) -> str:
    """Write a sympy expression (or exact number) in the grammar of :func:`parse_expression`.

    Handles what the parser builds: rationals, symbols, sums, products,
    integer powers, ``Min`` and ``Max``; raises
    :class:`~arbiter.errors.NotSupportedError` for anything else (floats,
    roots, other functions). ``parse_expression(format_expression(e))``
    gives ``e`` back.

    >>> import sympy
    >>> a, b = sympy.symbols("a b")
    >>> format_expression(a - 2*b/3)
    'a - 2*b/3'
    >>> format_expression(sympy.Min(a, b) ** -2)
    '1/min(a, b)^2'
    """
    if isinstance(expr, bool):
        raise NotSupportedError(f"cannot write the boolean {expr!r} as an expression")
    if isinstance(expr, int):
        expr = sympy.Integer(expr)
    elif isinstance(expr, Fraction):
        expr = sympy.Rational(expr.numerator, expr.denominator)
    if not isinstance(expr, sympy.Expr):
        raise NotSupportedError(
            f"cannot write {expr!r} ({type(expr).__name__}) as a model-file expression"
        )
    return _fmt(expr)[0]


def _wrap(part: tuple[str, int], level: int) -> str:
    text, got = part
    return text if got >= level else f"({text})"


def _fmt(e: sympy.Expr) -> tuple[str, int]:
    if isinstance(e, sympy.Integer):
        n = int(e)
        return (str(n), _ATOM) if n >= 0 else (f"-{-n}", _UNARY)
    if isinstance(e, sympy.Rational):
        p, q = int(e.p), int(e.q)
        return (f"{p}/{q}", _MUL) if p >= 0 else (f"-{-p}/{q}", _MUL)
    if isinstance(e, sympy.Symbol):
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", e.name, re.ASCII):
            raise NotSupportedError(f"the parameter name {e.name!r} cannot be written")
        return e.name, _ATOM
    if isinstance(e, sympy.Add):
        terms = e.as_ordered_terms()
        # Lead with a positive term when there is one: "v - k" rather than "-k + v".
        lead = next((i for i, t in enumerate(terms) if not t.could_extract_minus_sign()), 0)
        terms = [terms[lead], *terms[:lead], *terms[lead + 1 :]]
        out = _wrap(_fmt(terms[0]), _ADD)
        for t in terms[1:]:
            if t.could_extract_minus_sign():
                out += " - " + _wrap(_fmt(-t), _MUL)
            else:
                out += " + " + _wrap(_fmt(t), _MUL)
        return out, _ADD
    if isinstance(e, sympy.Mul) or (
        isinstance(e, sympy.Pow) and isinstance(e.exp, sympy.Integer) and e.exp < 0
    ):
        return _fmt_product(e)
    if isinstance(e, sympy.Pow):
        if not isinstance(e.exp, sympy.Integer):
            raise NotSupportedError(
                f"cannot write {e} in a model file: only whole-number exponents are allowed"
            )
        return f"{_wrap(_fmt(e.base), _ATOM)}^{int(e.exp)}", _POW
    if isinstance(e, (sympy.Min, sympy.Max)):
        name = "min" if isinstance(e, sympy.Min) else "max"
        args = ", ".join(_fmt(a)[0] for a in e.args)
        return f"{name}({args})", _ATOM
    raise NotSupportedError(
        f"cannot write {e} in a model file: only numbers, parameters, + - * / ^, min and max"
    )


def _fmt_product(e: sympy.Expr) -> tuple[str, int]:
    coeff, rest = e.as_coeff_Mul()
    if not isinstance(coeff, sympy.Rational):
        raise NotSupportedError(f"cannot write {e} in a model file: it holds a float")
    if coeff < 0:
        return "-" + _wrap(_fmt(-e), _MUL), _MUL
    numer: list[str] = []
    denom: list[tuple[str, int]] = []
    if coeff.p != 1:
        numer.append(str(int(coeff.p)))
    if coeff.q != 1:
        denom.append((str(int(coeff.q)), _ATOM))
    for f in sympy.Mul.make_args(rest):
        if f == 1:
            continue
        if isinstance(f, sympy.Pow) and isinstance(f.exp, sympy.Integer) and f.exp < 0:
            denom.append(_fmt(sympy.Pow(f.base, -f.exp)))
        else:
            numer.append(_wrap(_fmt(f), _UNARY))
    text = "*".join(numer) if numer else "1"
    if len(denom) == 1:
        text += "/" + _wrap(denom[0], _UNARY)
    elif denom:
        text += "/(" + "*".join(_wrap(d, _UNARY) for d in denom) + ")"
    level = _MUL if denom or len(numer) > 1 else _ATOM
    if not denom and len(numer) == 1:
        return numer[0], _UNARY
    return text, level
