r"""The stability explorer: one self-contained HTML page per model, no server, no network.

:func:`explorer` writes a page in which a reader moves every parameter of a
model (a slider and a number box each: range and default from the model, the
description as label, the source on hover) and sees, live: the equilibrium
outcome(s) and the path of play on the game tree, the exact condition of the
regime that holds, the credibility of each commitment, and a 2-D stability
map over any two parameters, recomputed in the page with the current point
marked. "Copy this point as Python" gives ``model.at({...})``.

The page's answers come from the same exact conditions as the Python side.
:func:`explorer_data` exports them as data (:mod:`arbiter.explore._data`:
atoms as coefficient and exponent lists); one small JavaScript module,
``evaluator.js`` (inlined), evaluates them; nothing is generated as code.
Every script and style is inlined: the file opens offline in any browser.

Why by hand: the page needs a few hundred lines of plain JavaScript and no
library. KaTeX or MathJax would add 300 KB to 1 MB to every page (or a CDN
request, which the page must not make); conditions are shown as HTML with
Unicode operators (:func:`math_html`) instead. Plotly or D3 for the map and
the tree would add as much again; a canvas and an SVG string do it (the
200 x 200 map redraws in a few milliseconds in headless Chromium, see
``docs/explorer.md``).

>>> from arbiter.loading import load_model
>>> html = explorer_html(load_model("three-way"))
>>> html.startswith("<!DOCTYPE html>") and "https://" not in html and "http://" not in html
True
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from string import Template
from typing import Any

from arbiter.explore._data import MAX_PROFILES, explorer_data, math_html

__all__ = ["MAX_PROFILES", "explorer", "explorer_data", "explorer_html", "math_html", "resource"]

_HERE = Path(__file__).parent

_KIND_NOTE = {
    "split": "Subgame-perfect equilibria from the exact regimes of each root subtree.",
    "pure": "Pure subgame-perfect equilibria only (mixed equilibria are not shown).",
    "normal": "Pure Nash equilibria only (mixed equilibria are not shown).",
}


def resource(name: str) -> str:
    """The text of one of the page's files (``evaluator.js``, ``page.js``, ``page.css``, ...)."""
    return (_HERE / name).read_text(encoding="utf-8")


def explorer_html(model: Any, *, source: str | None = None) -> str:
    """The explorer page of ``model`` as one HTML string (see :func:`explorer`)."""
    from arbiter import __version__

    data = explorer_data(model, source=source)
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    payload = payload.replace("</", "<\\/")  # never closes the script element
    return Template(resource("template.html")).substitute(
        title=escape(f"{model.name}: stability explorer"),
        description=escape(model.description or ""),
        status_quo=escape(model.status_quo_name or "none"),
        kind_note=escape(_KIND_NOTE[data["kind"]]),
        version=escape(__version__),
        css=resource("page.css"),
        data=payload,
        evaluator=resource("evaluator.js"),
        page=resource("page.js"),
    )


def explorer(model: Any, path: str | Path | None = None, *, source: str | None = None) -> Path:
    """Write the explorer page of ``model`` to ``path``; return the path.

    Parameters
    ----------
    model:
        A :class:`~arbiter.games.model.Model`: a perfect-information tree
        (subgame-perfect regimes), a tree with information sets (pure
        subgame-perfect profiles) or a normal form (pure Nash equilibria).
    path:
        The HTML file (default ``f"{model.name}-explorer.html"`` in the
        current directory).
    source:
        How Python gets the model back (a scenario name, model file or
        ``module:function``), for "copy this point as Python"; default the
        model's name.

    Raises
    ------
    NotSupportedError
        When a condition or payoff is not a polynomial in the parameters
        (the page evaluates polynomials only), or a tree with information
        sets has more than :data:`MAX_PROFILES` pure profiles.
    """
    out = Path(path) if path is not None else Path(f"{model.name}-explorer.html")
    text = explorer_html(model, source=source)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out
