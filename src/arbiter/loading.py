"""Any model, by name: what ``arbiter report``, ``map``, ``solve`` and ``explore`` accept.

:func:`load_model` turns a command-line argument into a
:class:`~arbiter.games.model.Model`:

* a **scenario name**, one of :data:`SCENARIOS` (``border-deal``,
  ``escalation``, ``three-way``);
* a **model file** ``.toml`` / ``.json`` (:func:`arbiter.read_model`: data,
  never evaluated as code);
* ``module:function``: the module is imported by name (``mypackage.models``)
  and ``function()`` must return a Model; or ``path/to/file.py:function``,
  the file run as a module (this *does* run the file's code, as ``python
  file.py`` would: give only files you trust).

>>> load_model("border-deal").name
'border-deal'
>>> load_model("arbiter.scenarios.syria:escalation").name
'escalation'
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

from arbiter.errors import ArgumentTypeError, InvalidArgumentError
from arbiter.games.model import Model
from arbiter.io import read_model
from arbiter.scenarios.syria import border_deal, escalation, three_way

__all__ = ["MODEL_FILES", "SCENARIOS", "load_model"]

#: The ready models, by the name the command line knows them by.
SCENARIOS: dict[str, Callable[[], Model]] = {
    "border-deal": border_deal,
    "escalation": escalation,
    "three-way": three_way,
}

#: The suffixes read as model files.
MODEL_FILES = (".toml", ".json")


def load_model(spec: str) -> Model:
    """The model named by ``spec``: a scenario, a model file, or ``module:function``."""
    if not isinstance(spec, str) or not spec:
        raise ArgumentTypeError(f"a model is named by a non-empty string; got {spec!r}")
    if spec in SCENARIOS:
        return SCENARIOS[spec]()
    if Path(spec).suffix.lower() in MODEL_FILES:
        return read_model(spec)
    where, sep, function = spec.rpartition(":")
    if not sep or not where or not function.isidentifier():
        raise InvalidArgumentError(
            f"unknown model {spec!r}: give a scenario ({', '.join(sorted(SCENARIOS))}), a "
            ".toml/.json model file, or module:function (path/to/file.py:function)"
        )
    module = _module(where, spec)
    make = getattr(module, function, None)
    if not callable(make):
        raise InvalidArgumentError(f"{where!r} has no function {function!r} (from {spec!r})")
    model = make()
    if not isinstance(model, Model):
        raise ArgumentTypeError(
            f"{spec}() must return an arbiter Model; it returned {type(model).__name__}"
        )
    return model


def _module(where: str, spec: str) -> object:
    if where.endswith(".py"):
        path = Path(where)
        if not path.is_file():
            raise InvalidArgumentError(f"no file {where!r} (from {spec!r})")
        name = f"_arbiter_model_{path.stem}"
        loader = importlib.util.spec_from_file_location(name, path)
        assert loader is not None and loader.loader is not None
        module = importlib.util.module_from_spec(loader)
        sys.modules[name] = module  # dataclasses and pickling look the module up
        try:
            loader.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(name, None)
            raise
        return module
    try:
        return importlib.import_module(where)
    except ModuleNotFoundError as exc:
        if exc.name is not None and where.startswith(exc.name):
            raise InvalidArgumentError(
                f"cannot import module {where!r} (from {spec!r}): {exc}"
            ) from None
        raise
