"""Imports point down the layers of DESIGN.md: no module imports from a layer above its own.

Every ``import arbiter.x`` / ``from arbiter.x import ...`` in ``src/arbiter`` is
read with :mod:`ast` (module level and inside functions alike) and its layer
compared with the importing module's.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "arbiter"

#: DESIGN.md's layers, bottom (0) to top. ``io`` sits beside ``games``; ``testing`` is
#: public but built on the solvers and credibility, so it sits above them.
RANK = {
    "errors": 0,
    "conditions": 1,
    "games": 2,
    "io": 3,
    "solve": 3,
    "leverage": 4,
    "analysis": 5,
    "estimation": 6,
    "scenarios": 7,
    "testing": 8,
    "plot": 9,
    "report": 9,
    "explore": 9,
    "loading": 9,
    "cli": 10,
    "__main__": 11,
    "__init__": 11,
}

#: Documented exceptions: a model file with threats or promises needs the leverage layer
#: (imported inside the one function that builds them, see io/model_file.py).
ALLOWED = {
    # Model.explore(): the one method that opens the top-layer explorer, imported inside it.
    ("games/model.py", "arbiter.explore"),
    ("io/model_file.py", "arbiter.leverage.commitment"),
    ("io/model_file.py", "arbiter.leverage.instruments"),
}


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def _modules():
    return sorted(SRC.rglob("*.py"))


def test_every_top_level_name_has_a_layer():
    tops = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in _modules()}
    assert tops <= set(RANK), sorted(tops - set(RANK))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down(path):
    rel = path.relative_to(SRC)
    top = rel.parts[0].removesuffix(".py")
    upward = []
    for line, module in _imports(path):
        parts = module.split(".")
        if parts[0] != "arbiter" or len(parts) < 2 or parts[1] == top:
            continue
        if (rel.as_posix(), module) in ALLOWED:
            continue
        if RANK.get(parts[1], 99) > RANK[top]:
            upward.append(f"{rel}:{line} imports {module}")
    assert not upward, upward
