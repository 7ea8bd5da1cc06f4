"""Model files (issue 4): TOML/JSON models, the restricted expression grammar, errors.

* The example files in ``examples/models`` build the very models the scenario
  modules build in code (S1 border deal with its threats, S5 three-way with
  the pivot moving last and an information set, S2 escalation with the US as
  a player), and their subgame-perfect outcomes at the defaults agree.
* A file carrying code is refused and nothing runs: the parser is a
  tokenizer plus recursive descent that builds sympy objects directly;
  ``eval``/``exec``/``sympify``/``parse_expr`` are never called (they are
  replaced by tripwires while files are read, and an audit hook watches for
  any compilation of source text or process launch).
* Every error names the file, the table path and the line.
* Property: random arithmetic over declared parameters parses to the value an
  independent Fraction evaluation gives.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import pytest
import sympy
import sympy.parsing.sympy_parser
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from arbiter import ParseError, nash_equilibria
from arbiter.errors import NotSupportedError
from arbiter.games.model import Model
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import SequentialGame
from arbiter.io import expressions as expr_module
from arbiter.io import model_file as model_module
from arbiter.io.expressions import (
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    ExpressionError,
    format_expression,
    parse_expression,
    tokenize,
)
from arbiter.io.model_file import EXAMPLE, format_model, parse_model, read_model, write_model
from arbiter.scenarios.syria.border_deal import border_deal
from arbiter.scenarios.syria.three_way import three_way
from arbiter.solve.spe import subgame_perfect

MODELS = Path(__file__).resolve().parent.parent / "examples" / "models"
BORDER_DEAL = MODELS / "border_deal.toml"


def _spe_outcomes(model: Model) -> set[frozenset[tuple[str, Any]]]:
    return {frozenset(e.outcome.items()) for e in subgame_perfect(model.at_defaults())}


def _escalation() -> Model:
    mod = pytest.importorskip("arbiter.scenarios.syria.escalation")
    return mod.escalation()


def _toml_to_json(text: str) -> str:
    """The same document as JSON (decimals kept as their exact text)."""
    data = tomllib.loads(text, parse_float=Decimal)
    return json.dumps(data, indent=2, default=str)


def _line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line, not a comment, that holds ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line and not line.lstrip().startswith("#"):
            return number
    raise AssertionError(f"{needle!r} is not in the text")


# ===================================================================== examples
@dataclass(frozen=True)
class ExampleCase:
    file: str
    scenario: Callable[[], Model] | None  # the scenario built in code, if any
    kind: type
    check: Callable[[Model], None]
    equal: bool = True  # the file mirrors the scenario exactly (else: same SPE outcomes)


def _check_border_deal(model: Model) -> None:
    assert _spe_outcomes(model) == {frozenset({("status quo", F(1))})}
    assert len(model.game.outcomes) == 68


def _check_three_way(model: Model) -> None:
    # Russia, the pivot, moves last: it would lean on a violator, so the rivals keep the deal
    assert _spe_outcomes(model) == {frozenset({("status quo", F(1))})}
    assert model.game.infoset_of(("Deep",)) == model.game.infoset_of(("Limited",)) == "Iran"


def _check_dilemma(model: Model) -> None:
    assert model.parameters["e"].default == F(3, 2)  # the TOML decimal 1.5, exactly
    eqs = nash_equilibria(model.at_defaults())
    assert [(e.strategy("Israel"), e.strategy("Iran")) for e in eqs] == [
        ({"Keep": 0, "Violate": 1}, {"Keep": 0, "Violate": 1})
    ]
    assert model.at_defaults().payoff_of("Israel", ("Violate", "Violate")) == F(-5, 2)


def _check_escalation(model: Model) -> None:
    outcomes = {label for e in subgame_perfect(model.at_defaults()) for label in e.outcome}
    assert outcomes == {"limited retaliation"}
    assert model.game.players == ("Iran", "US", "Russia")  # the US is a player, not chance
    assert model.parameters["p_f"].default == F(1, 2)


EXAMPLES = [
    ExampleCase("border_deal.toml", border_deal, SequentialGame, _check_border_deal),
    ExampleCase("three_way.toml", three_way, SequentialGame, _check_three_way),
    ExampleCase("border_dilemma.toml", None, NormalFormGame, _check_dilemma),
    ExampleCase("escalation.toml", _escalation, SequentialGame, _check_escalation),
]


@pytest.mark.parametrize("case", EXAMPLES, ids=lambda c: c.file)
def test_example_files(case: ExampleCase) -> None:
    model = read_model(MODELS / case.file)
    assert isinstance(model.game, case.kind)
    case.check(model)
    if case.scenario is not None:
        scenario = case.scenario()
        if case.equal:
            assert model.game == scenario.game
            assert model == scenario  # name, parameters (ranges, sources), status quo, claims
        if isinstance(model.game, SequentialGame):
            assert _spe_outcomes(model) == _spe_outcomes(scenario)


def test_border_deal_file_mirrors_the_scenario_piece_by_piece() -> None:
    model, scenario = read_model(BORDER_DEAL), border_deal()
    assert model.game.players == ("Iran", "Israel", "Russia")
    assert list(model.parameters) == list(scenario.parameters)
    for name, p in scenario.parameters.items():
        assert model.parameters[name] == p
        assert model.parameters[name].symbol == p.symbol  # same assumptions (non-negative)
    postures = model.game.root.actions
    assert postures == scenario.game.root.actions
    assert postures[0] == "no threat" and len(postures) == 8


@pytest.mark.parametrize("case", EXAMPLES, ids=lambda c: c.file)
def test_json_and_toml_give_the_same_model(case: ExampleCase) -> None:
    text = (MODELS / case.file).read_text(encoding="utf-8")
    assert parse_model(_toml_to_json(text), format="json") == parse_model(text)


def test_docstring_example_builds_chance_and_threats() -> None:
    model = parse_model(EXAMPLE)
    node = model.game.node_at(("sanction", "In"))
    assert [(n, p) for n, p, _ in node.branches] == [
        ("large", sympy.Symbol("p", nonnegative=True)),
        ("small", 1 - sympy.Symbol("p", nonnegative=True)),
    ]
    # Labels are the base game's; what the arbiter did is in the commitment structure.
    path = ("sanction", "In", "small", "back down")
    assert model.game.label_of(path) == "small market"
    assert model.commitments.leaf(path).abandoned == ("sanction",)
    assert model.commitments.leaf(path).describe() == "small market; sanction backed down"


# ====================================================================== writing
WRITABLE = [
    pytest.param(border_deal, id="border-deal"),
    pytest.param(three_way, id="three-way"),
    pytest.param(lambda: read_model(MODELS / "border_dilemma.toml"), id="dilemma"),
    pytest.param(lambda: parse_model(EXAMPLE), id="docstring-example"),
]


@pytest.mark.parametrize("fmt", ["toml", "json"])
@pytest.mark.parametrize("make", WRITABLE)
def test_format_then_parse_gives_the_model_back(make: Callable[[], Model], fmt: str) -> None:
    model = make()
    assert parse_model(format_model(model, format=fmt), format=fmt) == model


def test_write_and_read_files(tmp_path: Path) -> None:
    model = border_deal()
    for suffix in (".toml", ".json"):
        path = tmp_path / f"s1{suffix}"
        write_model(model, path)
        assert read_model(path) == model
    with pytest.raises(ValueError, match=r"\.toml or \.json"):
        write_model(model, tmp_path / "s1.txt")
    write_model(model, tmp_path / "s1.txt", format="json")
    assert read_model(tmp_path / "s1.txt", format="json") == model


def test_written_floats_read_back_exactly() -> None:
    game = NormalFormGame.from_arrays([[0.1, 1.0], [2.5, 0.0]], [[1, 0], [0, 1]])
    text = format_model(Model("floats", game, ()))
    back = parse_model(text).game
    assert back.kind == "exact"
    assert back.payoffs[0, 0, 0] == F(1, 10) and float(back.payoffs[0, 1, 0]) == 2.5


def test_unwritable_models_are_refused() -> None:
    x = sympy.Symbol("x", nonnegative=True)
    from arbiter.games.parameters import Parameter

    game = NormalFormGame.from_arrays([[sympy.sqrt(x), 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(NotSupportedError, match="whole-number exponents"):
        format_model(Model("roots", game, (Parameter("x", 1, 0, 2),)))
    slash = NormalFormGame.from_arrays([[1]], [[1]], actions=(("a/b",), ("c",)))
    with pytest.raises(NotSupportedError, match="'/'"):
        format_model(Model("slash", slash, ()))


# ============================================================== code injection
MARKER = Path("/tmp/arbiter_pwned")

PAYLOADS = [
    "__import__('os').system('touch /tmp/arbiter_pwned')",
    "().__class__.__bases__[0]",
    "lambda: 1",
    "open('x')",
    "eval('1')",
    "exec('import os')",
    "__builtins__",
    "v.__class__",
    "[c for c in ()]",
    "getattr(v, 'real')",
    "sympy.sympify('1')",
    "import os",
    "v if v else 1",
    "globals()",
    "v; 1",
    "$(touch /tmp/arbiter_pwned)",
    "`touch /tmp/arbiter_pwned`",
    "Symbol('x')",
    "1 # comment",
    "v\n__import__('os')",
]

# where in the border-deal file a payload is put: (the text to replace, the table path)
PLACES = [
    ('Iran = "-d_r"', "tree.actions.Restrain.actions.Deep.actions.Absorb.payoffs.Iran"),
    ('effect = "s_300"', "threats[1].effect"),
    ('reputation_cost = "e*v*T"', "commitment.reputation_cost"),
    ("[parameters.h]\ndefault = 3", "parameters.h.default"),
]


def _toml_string(text: str) -> str:
    return json.dumps(text)  # a valid TOML basic string


def _inject(payload: str, place: tuple[str, str]) -> str:
    text = BORDER_DEAL.read_text(encoding="utf-8")
    old, _ = place
    head, _, _ = old.rpartition("= ")
    assert old in text
    return text.replace(old, f"{head}= {_toml_string(payload)}", 1)


class _Tripwire(Exception):
    pass


@pytest.fixture
def tripwires(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace eval/exec/sympify/parse_expr by functions that fail loudly, and audit.

    ``sympify`` is only refused for strings (sympy's own arithmetic calls it
    on numbers and expressions); ``parse_expr``, ``eval`` and ``exec`` are
    refused outright. The audit hook records any compilation of source text
    that is not a module file, and any attempt to start a process.
    """
    calls: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def tripwire(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            raise _Tripwire(f"{name} was called while reading a model file")

        return tripwire

    real_sympify = sympy.sympify

    def sympify(a: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(a, str):
            calls.append("sympify")
            raise _Tripwire("sympify was called on a string")
        return real_sympify(a, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", refuse("eval"))
    monkeypatch.setattr(builtins, "exec", refuse("exec"))
    monkeypatch.setattr(sympy, "sympify", sympify)
    monkeypatch.setattr(sys.modules["sympy.core.sympify"], "sympify", sympify)
    monkeypatch.setattr(sympy, "parse_expr", refuse("parse_expr"))
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", refuse("parse_expr"))
    _AUDIT.active = True
    _AUDIT.events = calls
    yield calls
    _AUDIT.active = False


class _Audit:
    active = False
    events: list[str] = []  # noqa: RUF012

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "compile":
            filename = args[1] if len(args) > 1 else None
            if not (isinstance(filename, str) and os.path.isfile(filename)):
                self.events.append(f"compile {filename!r}")
        elif event == "exec":
            code = args[0]
            filename = getattr(code, "co_filename", None)
            if not (isinstance(filename, str) and os.path.isfile(filename)):
                self.events.append(f"exec {filename!r}")
        elif event in ("os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn"):
            self.events.append(event)


_AUDIT = _Audit()
sys.addaudithook(_AUDIT)


def test_tripwires_catch_eval_and_sympify(tripwires: list[str]) -> None:
    with pytest.raises(_Tripwire):
        eval("1")
    with pytest.raises(_Tripwire):
        sympy.sympify("x")
    assert tripwires == ["eval", "sympify"]
    tripwires.clear()
    compile("1", "<string>", "eval")
    assert tripwires == ["compile '<string>'"]
    tripwires.clear()


def test_good_files_read_under_the_tripwires(tripwires: list[str]) -> None:
    for case in EXAMPLES:
        read_model(MODELS / case.file)
    parse_model(_toml_to_json(BORDER_DEAL.read_text(encoding="utf-8")), format="json")
    assert tripwires == []


@pytest.mark.parametrize("place", PLACES, ids=[p[1] for p in PLACES])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_code_in_a_file_is_refused_and_nothing_runs(
    payload: str, place: tuple[str, str], tmp_path: Path, tripwires: list[str]
) -> None:
    MARKER.unlink(missing_ok=True)
    text = _inject(payload, place)
    path = tmp_path / "evil.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read_model(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {info.value.line}: {place[1]} = ")
    lines = text.splitlines()
    assert _toml_string(payload) in lines[info.value.line - 1]
    assert isinstance(info.value, ExpressionError)
    if info.value.token is not None:
        assert repr(info.value.token)[:20] in message
        col = info.value.column
        assert payload[col - 1 : col - 1 + len(info.value.token)] == info.value.token
    assert not MARKER.exists()
    assert tripwires == []


@pytest.mark.parametrize("payload", PAYLOADS[:6])
def test_code_in_a_json_file_is_refused(payload: str, tripwires: list[str]) -> None:
    MARKER.unlink(missing_ok=True)
    text = _toml_to_json(_inject(payload, PLACES[0]))
    with pytest.raises(ParseError, match=re.escape(PLACES[0][1])) as info:
        parse_model(text, format="json", source="evil.json")
    assert str(info.value).startswith("evil.json, line ")
    assert json.dumps(payload) in text.splitlines()[info.value.line - 1]
    assert not MARKER.exists()
    assert tripwires == []


def test_the_readers_never_name_eval_or_sympify() -> None:
    """A static check beside the dynamic one: the modules do not mention the dangerous calls."""
    for module in (expr_module, model_module):
        source = Path(module.__file__).read_text(encoding="utf-8")
        code = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|#.*', "", source)
        for pattern in (
            r"(?<![.\w])eval\(",
            r"(?<![.\w])exec\(",
            r"(?<![.\w])compile\(",
            r"\bsympify\b",
            r"\bparse_expr\b",
            r"__import__",
            r"\bgetattr\(",
        ):
            assert not re.search(pattern, code), f"{module.__name__} matches {pattern}"


# ====================================================================== errors
def _s1(old: str, new: str) -> Callable[[], str]:
    def make() -> str:
        text = BORDER_DEAL.read_text(encoding="utf-8")
        assert old in text, old
        return text.replace(old, new, 1)

    return make


def _text(text: str) -> Callable[[], str]:
    return lambda: text


_MINI = """
[model]
name = "mini"
players = ["A", "B"]

[parameters.p]
default = "1/2"
low = 0
high = 1

[tree]
player = "A"
actions.L = { payoffs = { A = 1, B = 0 } }

[tree.actions.R.branches.up]
probability = "p"
node = { payoffs = { A = 0, B = 1 } }

[tree.actions.R.branches.down]
probability = "1 - p"
node = { payoffs = { A = 2, B = 2 } }
"""

_NF = """
[model]
name = "nf"
players = ["Row", "Col"]

[normal_form]
actions = { Row = ["U", "D"], Col = ["L", "R"] }

[normal_form.payoffs]
"U/L" = [1, 1]
"U/R" = [0, 0]
"D/L" = [0, 0]
"D/R" = [1, 1]
"""


def _mini(old: str, new: str) -> Callable[[], str]:
    def make() -> str:
        assert old in _MINI, old
        return _MINI.replace(old, new, 1)

    return make


def _nf(old: str, new: str) -> Callable[[], str]:
    def make() -> str:
        assert old in _NF, old
        return _NF.replace(old, new, 1)

    return make


@dataclass(frozen=True)
class ErrorCase:
    id: str
    text: Callable[[], str]
    message: str  # a regex the message must match
    line_of: str | None  # a snippet on the line the error must name (None: no line)
    format: str = "toml"


ERRORS = [
    # expressions
    ErrorCase(
        "unknown-parameter",
        _s1('Israel = "-c_e"', 'Israel = "-c_x"'),
        r"tree\.actions\.Entrench\.actions\.Limited\.payoffs\.Israel = '-c_x', column 2 "
        r"\('c_x'\): is not a declared parameter \(declared: L, T, a_n, c_a, c_e, ",
        'Israel = "-c_x"',
    ),
    ErrorCase(
        "syntax-in-threat-cost",
        _s1('cost = "k_tor + rho*L"', 'cost = "k_tor + rho*"'),
        r"threats\[2\]\.cost = 'k_tor \+ rho\*', column 13: the expression ends too early",
        'cost = "k_tor + rho*"',
    ),
    ErrorCase(
        "division-by-zero",
        _s1('Russia = "-L" }', 'Russia = "-L/(v - v)" }'),
        r"payoffs\.Russia = '-L/\(v - v\)', column 3 \('/'\): division by zero",
        '"-L/(v - v)"',
    ),
    ErrorCase(
        "parameter-exponent",
        _s1('Russia = "-L" }', 'Russia = "-L^v" }'),
        r"column 3 \('\^'\): the exponent must be a whole number; got v",
        '"-L^v"',
    ),
    ErrorCase(
        "boolean-payoff",
        _s1('Israel = "g_d", Russia = 0', "Israel = true, Russia = 0"),
        r"payoffs\.Israel: must be a number or a formula in quotes; got True",
        "Israel = true",
    ),
    ErrorCase(
        "empty-formula",
        _s1('effect = "w"', 'effect = ""'),
        r"threats\[0\]\.effect = '': is empty",
        'effect = ""',
    ),
    # outcomes
    ErrorCase(
        "missing-payoff",
        _s1('Israel = "h - c_e", Russia = "-L" }', 'Israel = "h - c_e" }'),
        r"tree\.actions\.Entrench\.actions\.Strike\.payoffs: has no payoff for 'Russia'",
        'Israel = "h - c_e" }',
    ),
    ErrorCase(
        "unknown-player-in-payoffs",
        _s1('Russia = "-L" }', 'Russia = "-L", Syria = 1 }'),
        r"payoffs\.Syria: 'Syria' is not one of the players",
        "Syria = 1",
    ),
    ErrorCase(
        "payoff-list-too-short",
        _mini("payoffs = { A = 1, B = 0 }", "payoffs = [1]"),
        r"tree\.actions\.L\.payoffs: has 1 payoffs; there are 2 players",
        "payoffs = [1]",
    ),
    ErrorCase(
        "node-of-no-kind",
        _mini("actions.L = { payoffs = { A = 1, B = 0 } }", "actions.L = { lable = 'x' }"),
        r"tree\.actions\.L: a node must be a decision \(player, actions\), a chance node",
        "actions.L =",
    ),
    ErrorCase(
        "decision-by-a-stranger",
        _s1('player = "Israel"', 'player = "Syria"'),
        r"tree\.actions\.Restrain\.player: 'Syria' is not one of the players",
        'player = "Syria"',
    ),
    # chance
    ErrorCase(
        "probabilities-do-not-sum-to-1",
        _mini('probability = "1 - p"', 'probability = "1 - p/2"'),
        r"tree\.actions\.R\.branches: probabilities must sum to 1; they sum to",
        "[tree.actions.R.branches.up]",
    ),
    ErrorCase(
        "probability-above-1-at-defaults",
        _mini('probability = "p"\n', 'probability = "p + 1"\n'),
        r"branches\.up\.probability: must lie in \[0, 1\]; it is 3/2 at the parameters' defaults",
        'probability = "p + 1"',
    ),
    ErrorCase(
        "negative-probability",
        _mini('probability = "p"\n', 'probability = "-1/2"\n'),
        r"branches\.up\.probability: is negative: -1/2",
        'probability = "-1/2"',
    ),
    # parameters
    ErrorCase(
        "default-outside-range",
        _s1("[parameters.h]\ndefault = 3", "[parameters.h]\ndefault = 7"),
        r"parameters\.h\.default: must lie in \[low, high\] = \[0, 6\]; got 7",
        "default = 7",
    ),
    ErrorCase(
        "low-above-high",
        _mini("low = 0\nhigh = 1", "low = 2\nhigh = 1"),
        r"parameters\.p\.low: must be at most high; got low=2, high=1",
        "low = 2",
    ),
    ErrorCase(
        "parameter-named-like-a-dunder",
        _mini("[parameters.p]", "[parameters.__class__]"),
        r"parameters\.__class__: a parameter name must be an ASCII name",
        "[parameters.__class__]",
    ),
    ErrorCase(
        "parameter-with-a-formula-default",
        _mini('default = "1/2"', 'default = "q"'),
        r"parameters\.p\.default = 'q', column 1 \('q'\): is not a declared parameter "
        r"\(declared: none\)",
        'default = "q"',
    ),
    ErrorCase(
        "parameter-missing-range",
        _mini("low = 0\nhigh = 1\n", "low = 0\n"),
        r"parameters\.p: a parameter table needs the key 'high'",
        "[parameters.p]",
    ),
    ErrorCase(
        "huge-decimal-exponent",
        _mini("low = 0\nhigh = 1", "low = 0\nhigh = 1e99999999"),
        r"parameters\.p\.high: the exponent of 1E\+99999999 is beyond",
        "high = 1e99999999",
    ),
    ErrorCase(
        "unknown-key",
        _s1('cost = "k_300 + rho*L"', 'costs = "k_300 + rho*L"'),
        r"threats\[1\]\.costs: unknown key 'costs' in a threat; expected one of instrument",
        'costs = "k_300 + rho*L"',
    ),
    # syntax
    ErrorCase(
        "bad-toml",
        _s1('trigger = "Deep"', "trigger = Deep"),
        r"not valid TOML: Invalid value \(column 11\)",
        "trigger = Deep",
    ),
    ErrorCase(
        "toml-duplicate-key",
        _mini('name = "mini"', 'name = "mini"\nname = "again"'),
        r"not valid TOML: Cannot overwrite a value",
        'name = "again"',
    ),
    ErrorCase(
        "bad-json",
        _text('{\n  "model": {\n    "name": "x",\n    "players": ["A"],\n  }\n}\n'),
        r"not valid JSON: Expecting property name enclosed in double quotes \(column 3\)",
        "  }",
        "json",
    ),
    ErrorCase(
        "json-nan",
        _text('{"model": {"name": "x", "players": ["A"]}, "parameters": {"p": NaN}}'),
        r"not a valid JSON model file: NaN is not a number a model can use",
        None,
        "json",
    ),
    ErrorCase(
        "json-not-an-object",
        _text("[1, 2]"),
        r"a model file must hold a table \(an object\); got a list of 2",
        "[1, 2]",
        "json",
    ),
    ErrorCase(
        "json-expression-error-has-a-line",
        lambda: _toml_to_json(_s1('Russia = "v"', 'Russia = "v +* 2"')()),
        r"tree\.actions\.Restrain\.actions\.Limited\.payoffs\.Russia = 'v \+\* 2', column 4",
        '"Russia": "v +* 2"',
        "json",
    ),
    # structure
    ErrorCase("no-model-table", _text("[tree]\n"), r"a model file needs the key 'model'", None),
    ErrorCase(
        "no-players",
        _mini('players = ["A", "B"]\n', ""),
        r"model: \[model\] needs the key 'players'",
        "[model]",
    ),
    ErrorCase(
        "tree-and-normal-form",
        _mini("[tree]\n", "[normal_form]\nactions = {}\n\n[tree]\n"),
        r"needs a \[tree\] or a \[normal_form\]; this one has both",
        None,
    ),
    ErrorCase(
        "no-game",
        _text('[model]\nname = "x"\nplayers = ["A"]\n'),
        r"needs a \[tree\] or a \[normal_form\]; this one has neither",
        None,
    ),
    ErrorCase(
        "status-quo-not-an-outcome",
        _s1('status_quo = "status quo"', 'status_quo = "peace"'),
        r"model\.status_quo: 'peace' is not an outcome label; labels: 'deep raids', ",
        'status_quo = "peace"',
    ),
    # normal form
    ErrorCase(
        "missing-profile",
        _nf('"D/R" = [1, 1]\n', ""),
        r"normal_form\.payoffs: has no payoffs for the profiles 'D/R'",
        "[normal_form.payoffs]",
    ),
    ErrorCase(
        "unknown-profile",
        _nf('"D/R" = [1, 1]', '"D/X" = [1, 1]'),
        r"normal_form\.payoffs\.\"D/X\": 'D/X' is not a profile",
        '"D/X" = [1, 1]',
    ),
    ErrorCase(
        "slash-in-action",
        _nf('Col = ["L", "R"]', 'Col = ["L", "R/S"]'),
        r"normal_form\.actions\.Col: action names must not contain '/'; got 'R/S'",
        'Col = ["L", "R/S"]',
    ),
    ErrorCase(
        "normal-form-status-quo",
        _nf('players = ["Row", "Col"]', 'players = ["Row", "Col"]\nstatus_quo = "U/X"'),
        r"model\.status_quo: 'U/X' is not a profile",
        'status_quo = "U/X"',
    ),
    ErrorCase(
        "threats-on-a-normal-form",
        _nf("[normal_form]", '[[threats]]\ninstrument = "x"\n\n[normal_form]'),
        r"threats: threats and promises need a \[tree\]",
        "[[threats]]",
    ),
    # threats
    ErrorCase(
        "trigger-not-a-move",
        _s1('trigger = "Entrench"', 'trigger = "Entrenchh"'),
        r"threats\[0\]\.trigger: 'Iran' has no action 'Entrenchh' in the tree",
        'trigger = "Entrenchh"',
    ),
    ErrorCase(
        "target-not-a-player",
        _s1('target = "Iran"', 'target = "Hezbollah"'),
        r"threats\[0\]\.target: 'Hezbollah' is not one of the players",
        'target = "Hezbollah"',
    ),
    ErrorCase(
        "threats-without-commitment",
        _s1('[commitment]\narbiter = "Russia"\nreputation_cost = "e*v*T"\n', ""),
        r"threats: threats and promises need a \[commitment\] table naming the arbiter",
        "[[threats]]",
    ),
    ErrorCase(
        "duplicate-instrument",
        _s1('instrument = "supply TOR-M1"', 'instrument = "supply S-300"'),
        r"threats\[2\]\.instrument: the instrument 'supply S-300' appears twice",
        None,
    ),
    ErrorCase(
        "posture-with-unknown-instrument",
        _s1(
            'reputation_cost = "e*v*T"\n',
            'reputation_cost = "e*v*T"\npostures = { tough = ["nukes"] }\n',
        ),
        r"commitment\.postures\.tough\[0\]: 'nukes' is not among the instruments",
        'postures = { tough = ["nukes"] }',
    ),
]


@pytest.mark.parametrize("case", ERRORS, ids=lambda c: c.id)
def test_errors_name_file_path_and_line(case: ErrorCase) -> None:
    text = case.text()
    source = f"models/{case.id}.{case.format}"
    with pytest.raises(ParseError) as info:
        parse_model(text, format=case.format, source=source)
    err = info.value
    message = str(err)
    assert message.startswith(source), message
    assert err.path == source
    assert re.search(case.message, message), message
    if case.line_of is not None:
        assert err.line == _line_of(text, case.line_of), (message, err.line)
        assert message.startswith(f"{source}, line {err.line}: ")


def test_read_model_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(
        '[model]\nname = "x"\nplayers = ["A"]\n[tree]\nplayer = "B"\nactions = {}\n', "utf-8"
    )
    with pytest.raises(ParseError, match=rf"^{re.escape(str(path))}, line 5: tree\.player: 'B'"):
        read_model(path)
    with pytest.raises(ValueError, match=r"\.toml or \.json"):
        read_model(tmp_path / "model.yaml")
    with pytest.raises(OSError):
        read_model(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[model]\nname = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ParseError, match=r"latin\.toml, line 2: a model file must be UTF-8"):
        read_model(latin)


def test_infoset_errors_from_the_tree_become_parse_errors() -> None:
    text = _MINI.replace('player = "A"\n', 'player = "A"\ninfoset = "s"\n').replace(
        "node = { payoffs = { A = 0, B = 1 } }",
        'node = { player = "A", infoset = "s", actions = { x = { payoffs = [0, 1] } } }',
    )
    with pytest.raises(ParseError, match=r"^m\.toml, line \d+: tree: .*information set 's'"):
        parse_model(text, source="m.toml")


def test_promises_build_a_commitment_game() -> None:
    text = _MINI + (
        '\n[commitment]\narbiter = "B"\n\n[[promises]]\ninstrument = "aid"\ntarget = "A"\n'
        'restraint = "L"\neffect = 1\ncost = "1/2"\nreputation_cost = 2\n'
    )
    game = parse_model(text).game
    assert game.root.actions == ("no threat", "aid")
    node = game.node_at(("aid", "L"))
    assert node.actions == ("deliver", "renege")
    assert game.node_at(("aid", "L", "deliver")).payoffs == (F(2), F(-1, 2))
    assert game.node_at(("aid", "L", "renege")).payoffs == (F(1), F(-2))


# ========================================================= expression parser
X, Y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
SYMS = {"x": X, "y": Y}

PARSES = [
    ("1 + 2 * 3", sympy.Integer(7)),
    ("(1 + 2) * 3", sympy.Integer(9)),
    ("8 - 4 - 2", sympy.Integer(2)),
    ("8 / 4 / 2", sympy.Integer(1)),
    ("2 ^ 3 ^ 2", sympy.Integer(512)),
    ("2 ** 3 ** 2", sympy.Integer(512)),
    ("(2 ^ 3) ^ 2", sympy.Integer(64)),
    ("-2^2", sympy.Integer(-4)),
    ("(-2)^2", sympy.Integer(4)),
    ("2^-1", sympy.Rational(1, 2)),
    ("2 * -x", -2 * X),
    ("- - x", X),
    ("+x", X),
    ("0.1 + 0.2", sympy.Rational(3, 10)),
    ("1.5e-3", sympy.Rational(3, 2000)),
    ("1E3", sympy.Integer(1000)),
    (".5", sympy.Rational(1, 2)),
    ("5.", sympy.Integer(5)),
    ("007", sympy.Integer(7)),
    ("x - y/4 + 1/3", X - Y / 4 + sympy.Rational(1, 3)),
    ("x*y^2", X * Y**2),
    ("-x^2", -(X**2)),
    ("x/2/y", X / (2 * Y)),
    ("min(x, y, 1)", sympy.Min(X, Y, 1)),
    ("max(x, 2*y) - min(0, x)", sympy.Max(X, 2 * Y) - sympy.Min(0, X)),
    (" x\t+\n y ", X + Y),
    ("((((x))))", X),
    ("x^0", sympy.Integer(1)),
]


@pytest.mark.parametrize(("text", "expected"), PARSES)
def test_parse_expression(text: str, expected: sympy.Expr) -> None:
    value = parse_expression(text, SYMS)
    assert value == expected
    assert not value.has(sympy.Float)
    assert parse_expression(format_expression(value), SYMS) == value


PARSE_ERRORS = [
    # text, column, token, reason (regex)
    ("2x", 2, "x", r"unexpected after '2'; write multiplication with '\*' \(2\*x\)"),
    ("x y", 3, "y", r"write multiplication"),
    ("x +", 4, None, r"ends too early"),
    ("x + * y", 5, "*", r"expected a number, a parameter or '\('"),
    ("(x + 1", 1, "(", r"never closed"),
    ("x + 1)", 6, ")", r"unexpected after a complete expression"),
    ("z + 1", 1, "z", r"is not a declared parameter \(declared: x, y\)"),
    ("x, y", 2, ",", r"a comma may only separate the arguments of min\(\) or max\(\)"),
    ("min x", 1, "min", r"min must be called"),
    ("sqrt(x)", 1, "sqrt", r"refused: calls are not allowed"),
    ("x ^ y", 3, "^", r"the exponent must be a whole number; got y"),
    ("x ^ (1/2)", 3, "^", r"the exponent must be a whole number; got 1/2"),
    (f"x ^ {MAX_EXPONENT + 1}", 3, "^", r"beyond"),
    ("2 ^ 999 ^ 999", 3, "^", r"beyond|too large"),
    ("1/0", 2, "/", r"division by zero"),
    ("0 ^ -1", 3, "^", r"division by zero"),
    ("1e99999", 1, "1e99999", r"not a usable number: its exponent is beyond"),
    ("x.real", 2, ".", r"refused: attribute access is not allowed"),
    ("x[0]", 2, "[", r"refused: brackets"),
    ("'x'", 1, "'", r"refused: strings are not allowed"),
    ("x == y", 3, "=", r"refused: assignment and comparison"),
    ("x % 2", 3, "%", r"refused: the remainder operator"),
    ("_x", 1, "_x", r"refused: names starting with '_'"),
    ("lambda: 1", 1, "lambda", r"refused: Python syntax"),
    ("x if y else 1", 3, "if", r"refused: Python syntax"),
    ("x → y", 3, "→", r"refused: this character is not part of the grammar"),
    ("()", 2, ")", r"refused: empty parentheses"),
    ("", None, None, r"is empty"),
]


@pytest.mark.parametrize(("text", "column", "token", "reason"), PARSE_ERRORS)
def test_parse_expression_errors(
    text: str, column: int | None, token: str | None, reason: str
) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, SYMS, where="payoffs.A")
    err = info.value
    assert (err.column, err.token) == (column, token), str(err)
    assert re.search(reason, str(err)), str(err)
    assert str(err).startswith(f"payoffs.A = {text!r}")


def test_expression_limits() -> None:
    with pytest.raises(ExpressionError, match="nested more than"):
        parse_expression("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), SYMS)
    with pytest.raises(ExpressionError, match="nested more than"):
        parse_expression("-" * (MAX_DEPTH + 1) + "x", SYMS)
    with pytest.raises(ExpressionError, match="characters long"):
        parse_expression("x+" * MAX_LENGTH + "x", SYMS)
    with pytest.raises(ExpressionError, match="longer than"):
        parse_expression("9" * 5000, SYMS)
    assert parse_expression("(" * 50 + "x" + ")" * 50, SYMS) == X


def test_plain_numbers_and_bad_types() -> None:
    assert parse_expression(3, {}) == 3
    assert parse_expression(F(1, 3), {}) == sympy.Rational(1, 3)
    with pytest.raises(ExpressionError, match="boolean"):
        parse_expression(True, {})
    with pytest.raises(ExpressionError, match="must be a string or a number; got float"):
        parse_expression(0.5, {})  # type: ignore[arg-type]


def test_tokenize() -> None:
    assert [(t.kind, t.text, t.column) for t in tokenize("x**-2")] == [
        ("name", "x", 1),
        ("op", "**", 2),
        ("op", "-", 4),
        ("number", "2", 5),
        ("eof", "", 6),
    ]
    with pytest.raises(ExpressionError, match=r"column 3 \('\$'\)"):
        tokenize("x $ y")


def test_format_expression() -> None:
    a, b = sympy.symbols("a b")
    cases = {
        a - 2 * b / 3: "a - 2*b/3",
        -a: "-a",
        -a * b: "-a*b",
        (a + 1) ** 2 / (2 * b): "(a + 1)^2/(2*b)",
        1 / (a * b): "1/(a*b)",
        a**-2: "1/a^2",
        sympy.Rational(-3, 4): "-3/4",
        sympy.Min(a, b) ** 2: "min(a, b)^2",
        b - a: "b - a",
    }
    for e, text in cases.items():
        assert format_expression(e) == text
        assert parse_expression(text, {"a": a, "b": b}) == e
    with pytest.raises(NotSupportedError):
        format_expression(sympy.sin(a))
    with pytest.raises(NotSupportedError):
        format_expression(sympy.Float(0.5) * a)


# ------------------------------------------------------------------ property
# An expression tree of the test's own, rendered to text with the fewest
# parentheses the grammar needs (and a few more at random), and evaluated on
# Fractions independently of the parser and of sympy.
_ADD, _MUL, _UNARY, _POW, _ATOM = 1, 2, 3, 4, 5
NAMES = ("a", "b", "c")
PARAMS = {
    "a": sympy.Symbol("a", real=True),
    "b": sympy.Symbol("b", real=True),
    "c": sympy.Symbol("c", nonnegative=True),
}


@st.composite
def numbers(draw: Any) -> tuple[str, F]:
    whole = draw(st.integers(0, 10**6))
    if draw(st.booleans()):
        return str(whole), F(whole)
    digits = draw(st.text("0123456789", min_size=1, max_size=6))
    return f"{whole}.{digits}", whole + F(int(digits), 10 ** len(digits))


leaves = st.one_of(
    numbers().map(lambda n: ("num", *n)),
    st.sampled_from(NAMES).map(lambda n: ("var", n)),
)


def _extend(children: Any) -> Any:
    return st.one_of(
        st.tuples(st.sampled_from(["add", "sub", "mul", "div"]), children, children),
        st.tuples(st.just("neg"), children),
        st.tuples(st.just("pow"), children, st.integers(-2, 2)),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=1, max_size=3)),
    )


trees = st.recursive(leaves, _extend, max_leaves=12)


def _render(node: Any, draw: Any) -> tuple[str, int]:
    def wrap(child: Any, level: int) -> str:
        text, got = _render(child, draw)
        return f"({text})" if got < level or draw(st.integers(0, 9)) == 0 else text

    def space() -> str:
        return draw(st.sampled_from(["", " ", "  ", "\t"]))

    kind = node[0]
    if kind == "num":
        return node[1], _ATOM
    if kind == "var":
        return node[1], _ATOM
    if kind == "neg":
        return "-" + space() + wrap(node[1], _UNARY), _UNARY
    if kind in ("add", "sub"):
        op = "+" if kind == "add" else "-"
        return f"{wrap(node[1], _ADD)}{space()}{op}{space()}{wrap(node[2], _MUL)}", _ADD
    if kind in ("mul", "div"):
        op = "*" if kind == "mul" else "/"
        return f"{wrap(node[1], _MUL)}{space()}{op}{space()}{wrap(node[2], _UNARY)}", _MUL
    if kind == "pow":
        n = node[2]
        exponent = str(n) if n >= 0 else draw(st.sampled_from([f"-{-n}", f"(-{-n})"]))
        op = draw(st.sampled_from(["^", "**"]))
        return f"{wrap(node[1], _ATOM)}{space()}{op}{space()}{exponent}", _POW
    args = f",{space()}".join(_render(c, draw)[0] for c in node[1])
    return f"{kind}({args})", _ATOM


class _Undefined(Exception):
    pass


def _evaluate(node: Any, values: dict[str, F]) -> F:
    kind = node[0]
    if kind == "num":
        return node[2]
    if kind == "var":
        return values[node[1]]
    if kind == "neg":
        return -_evaluate(node[1], values)
    if kind in ("min", "max"):
        args = [_evaluate(c, values) for c in node[1]]
        return min(args) if kind == "min" else max(args)
    left = _evaluate(node[1], values)
    if kind == "pow":
        if left == 0 and node[2] < 0:
            raise _Undefined
        return left ** node[2]
    right = _evaluate(node[2], values)
    if kind == "add":
        return left + right
    if kind == "sub":
        return left - right
    if kind == "mul":
        return left * right
    if right == 0:
        raise _Undefined
    return left / right


fractions = st.fractions(min_value=-50, max_value=50, max_denominator=20)


@settings(max_examples=300)
@given(
    tree=trees,
    data=st.data(),
    a=fractions,
    b=fractions,
    c=st.fractions(min_value=0, max_value=50, max_denominator=20),
)
def test_random_expressions_have_the_reference_value(
    tree: Any, data: Any, a: F, b: F, c: F
) -> None:
    values = {"a": a, "b": b, "c": c}
    try:
        expected = _evaluate(tree, values)
    except _Undefined:
        assume(False)
    text, _ = _render(tree, data.draw)
    try:
        parsed = parse_expression(text, PARAMS)
    except ExpressionError as exc:
        # Only a divisor that is identically zero may be refused (such as 1/(a - a)).
        assert "division by zero" in exc.reason, (text, exc)
        return
    subs = {PARAMS[n]: sympy.Rational(v.numerator, v.denominator) for n, v in values.items()}
    got = parsed.xreplace(subs)
    assert got == sympy.Rational(expected.numerator, expected.denominator), (text, parsed)
    assert not parsed.has(sympy.Float)
    again = parse_expression(format_expression(parsed), PARAMS)
    assert again == parsed, (text, format_expression(parsed))
