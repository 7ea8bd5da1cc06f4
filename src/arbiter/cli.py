"""The ``arbiter`` command line.

Every command takes any model: a scenario name (``border-deal``,
``escalation``, ``three-way``), a model file (``.toml`` / ``.json``), or
``module:function`` / ``path/to/file.py:function`` returning a
:class:`~arbiter.games.model.Model` (:func:`arbiter.loading.load_model`).

``arbiter report [MODEL] [--out DIR]``
    The main job: the standoff analysis of a model (default ``border-deal``,
    S1) — equilibria, the parameters that matter, regimes, credibility of each
    commitment, status-quo region with and without each, stability map,
    robustness — printed as a short summary and written as ``DIR/report.md``,
    ``DIR/report.tex`` (a LaTeX fragment) and figures (PNG and PDF).
``arbiter map MODEL X Y [--resolution N] [--set NAME=VALUE] [--out FILE]``
    A stability map over two parameters (PNG, or PDF/SVG by suffix); normal
    forms are mapped by their Nash equilibria.
``arbiter explore MODEL [--out FILE.html]``
    An interactive stability explorer: one self-contained HTML page (no
    network) with a slider per parameter, the equilibrium, its exact
    condition, credibility and a stability map (:mod:`arbiter.explore`).
``arbiter solve GAME``
    Solve a Gambit file (``.nfg`` / ``.efg``), a model (at its default
    parameters) or a classic game by name (``arbiter solve --list``). Trees
    are solved for subgame perfection first; all Nash equilibria follow when
    the strategic form has at most :data:`MAX_NASH_CELLS` cells (two players; with more,
    :data:`MAX_NASH_CELLS_MANY`), and above that, for two players, a certified subset
    (sequence-form LCP for trees,
    Lemke–Howson for normal forms).

Errors are one line on stderr and exit status 2 (after whatever could be
printed); only bugs end in a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from arbiter import __version__
from arbiter.errors import ArbiterError, InvalidArgumentError
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import Chance, Decision, SequentialGame
from arbiter.io import read_game
from arbiter.loading import SCENARIOS, load_model
from arbiter.scenarios.classics import CLASSICS, TREES

__all__ = ["MAX_NASH_CELLS", "MAX_NASH_CELLS_MANY", "main", "strategic_form_size"]

_GAMES = {**CLASSICS, **TREES}

#: ``arbiter solve`` computes all Nash equilibria only up to this many strategy profiles
#: (two players) ...
MAX_NASH_CELLS = 1024
#: ... and with three or more players (each support pair there is a polynomial system).
MAX_NASH_CELLS_MANY = 64
#: Reduced strategies are listed (exact count) up to this many unreduced pure strategies.
EXACT_COUNT = 20_000
#: Trees with more outcomes are summarised, not printed.
MAX_PRINTED_OUTCOMES = 64
#: Default map resolution: trees (compiled regimes) and normal forms (one solve per cell).
MAP_RESOLUTION = {"tree": 500, "normal form": 15}


class _Refusal(Exception):
    """A refusal after partial output: one line on stderr, exit status 2."""


def strategic_form_size(game: Any) -> tuple[int, ...]:
    """Strategies per player of ``game``'s (reduced) strategic form, without building it.

    Exact for normal forms, for trees with perfect information, and for
    players with at most :data:`EXACT_COUNT` unreduced pure strategies (listed);
    otherwise an upper bound (the smaller of the count that treats each node
    as its own information set and the number of unreduced pure strategies).
    """
    if isinstance(game, NormalFormGame):
        return tuple(len(a) for a in game.actions)
    counts = []
    for player in game.players:
        pure = math.prod(len(i.actions) for i in game.infosets.values() if i.player == player)
        if pure <= EXACT_COUNT:
            counts.append(len(game.reduced_strategies(player)))  # cheap enough to list
        else:
            counts.append(min(pure, _plans(game.root, player)))
    return tuple(counts)


def _plans(node: Any, player: str) -> int:
    """Reduced plans of ``player`` below ``node`` (each node its own information set)."""
    if isinstance(node, Decision):
        kids = [_plans(c, player) for _, c in node.moves]
        return sum(kids) if node.player == player else math.prod(kids)
    if isinstance(node, Chance):
        return math.prod(_plans(c, player) for _, _, c in node.branches)
    return 1


def _report(args: argparse.Namespace) -> None:
    from arbiter.report import build_report

    model = load_model(args.model)
    summary, _ = build_report(
        model,
        args.out,
        resolution=args.resolution,
        draws=args.draws,
        progress=not args.no_progress,
    )
    print(f"{summary}\n\nreport written to {args.out / 'report.md'} (and report.tex)")


def _map(args: argparse.Namespace) -> None:
    from arbiter.analysis import stability_map

    model = load_model(args.model)
    values = {}
    for item in args.set:
        name, sep, text = item.partition("=")
        try:
            values[name.strip()] = Fraction(text.strip())
        except ValueError:
            sep = ""
        if not sep:
            raise InvalidArgumentError(
                f"--set must be NAME=VALUE with an exact number; got {item!r}"
            )
    kind = "tree" if isinstance(model.game, SequentialGame) else "normal form"
    resolution = args.resolution or MAP_RESOLUTION[kind]
    smap = stability_map(
        model, args.x, args.y, resolution=resolution, values=values or None, progress=False
    )
    smap.plot(path=args.out)
    print(
        f"{model.name}: status quo stable on {float(smap.values.mean()):.1%} of the "
        f"{args.x} x {args.y} plane ({resolution} x {resolution}); map written to {args.out}"
    )


def _explore(args: argparse.Namespace) -> None:
    from arbiter.explore import explorer

    model = load_model(args.model)
    out = args.out if args.out is not None else Path(f"{model.name}-explorer.html")
    path = explorer(model, out, source=args.model)
    size = path.stat().st_size
    print(f"{model.name}: explorer written to {path} ({size:,} bytes; open it in a browser)")


def _solve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    from arbiter.solve import nash_equilibria, subgame_perfect

    name = args.name
    if name in _GAMES:
        game = _GAMES[name]()
    elif Path(name).suffix.lower() in (".nfg", ".efg"):
        game = read_game(name)
    elif name in SCENARIOS or Path(name).suffix.lower() in (".toml", ".json") or ":" in name:
        model = load_model(name)
        print(f"model {model.name!r} at its default parameters")
        game = model.at_defaults()
    else:
        parser.error(
            f"unknown game {name!r}; give a .nfg/.efg/.toml/.json file, module:function, "
            f"a scenario ({', '.join(sorted(SCENARIOS))}) or one of {sorted(_GAMES)}"
        )
    tree = isinstance(game, SequentialGame)
    if tree and len(game.outcomes) > MAX_PRINTED_OUTCOMES:
        print(
            f"a tree with {len(game.outcomes)} outcomes, players {', '.join(game.players)} "
            "(not printed)"
        )
    else:
        print(game)
    print()
    size = strategic_form_size(game)
    cells = math.prod(size)
    shape = " x ".join(f"{k:,}" for k in size)
    limit = MAX_NASH_CELLS if len(size) <= 2 else MAX_NASH_CELLS_MANY
    too_big = cells > limit
    if tree:
        # Subgame perfection solves the subgames, small even where the whole form is not.
        spe_too_big = cells > MAX_NASH_CELLS
        perfect = all(len(i.members) == 1 for i in game.infosets.values())
        if not perfect and spe_too_big and _subset(game, shape, cells, "subgame perfection"):
            return
        if not perfect and spe_too_big:
            # Subgames with information sets are solved through their Nash equilibria.
            raise _Refusal(
                f"not solved: the tree has information sets, so subgame perfection needs the "
                f"Nash equilibria of its subgames, and its strategic form has {shape} = "
                f"{cells:,} strategy profiles (more than {MAX_NASH_CELLS:,}); try "
                "arbiter.pure_equilibria(game) in Python"
            )
        print("Subgame-perfect equilibria:")
        print(subgame_perfect(game))
        print()
    if too_big and _subset(game, shape, cells, "all Nash equilibria"):
        return
    if too_big:
        instead = (
            "the subgame-perfect equilibria above are the credible ones"
            if tree
            else "try arbiter.pure_equilibria(game) in Python"
        )
        raise _Refusal(
            f"Nash equilibria not computed: the strategic form has {shape} = {cells:,} "
            f"strategy profiles (more than {limit:,}); {instead}"
        )
    if tree:
        print("Nash equilibria (reduced strategic form):")
    print(nash_equilibria(game))


#: ``arbiter solve``: seconds of Lemke–Howson paths on a big normal form (at least one path).
SUBSET_SECONDS = 3.0


def _subset(game: Any, shape: str, cells: int, what: str) -> bool:
    """Big two-player games: print some equilibria (sequence-form LCP or Lemke–Howson).

    Returns ``False`` (nothing printed) when neither applies: more players,
    or a tree without perfect recall.
    """
    import time

    from arbiter.solve.certify import certified_set
    from arbiter.solve.lemke_howson import lemke_howson
    from arbiter.solve.sequence_form import sequence_form_lcp

    if len(game.players) != 2:
        return False
    tree = isinstance(game, SequentialGame)
    if tree and not game.perfect_recall:
        return False
    print(
        f"{what} not computed: the strategic form has {shape} = {cells:,} strategy profiles "
        f"(more than {MAX_NASH_CELLS:,})"
    )
    if tree:
        print("Nash equilibria (a subset: one, from the sequence form by Lemke's algorithm):")
        print(sequence_form_lcp(game))
        return True
    m, n = game.shape
    found: list[Any] = []
    deadline = time.monotonic() + SUBSET_SECONDS
    tried = 0
    for label in range(m + n):
        found += [eq.strategies for eq in lemke_howson(game, label=label)]
        tried += 1
        if time.monotonic() > deadline:
            break
    result = certified_set(game, found, method="lemke-howson", complete=False)
    print(f"Nash equilibria (a subset: Lemke-Howson from {tried} of the {m + n} starting labels):")
    print(result)
    return True


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="arbiter", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"arbiter {__version__}")
    sub = parser.add_subparsers(dest="command")
    models = (
        f"a scenario ({', '.join(sorted(SCENARIOS))}), a .toml/.json model file, or "
        "module:function / path/to/file.py:function returning a Model"
    )
    rep = sub.add_parser("report", help="analyse a standoff; write Markdown, LaTeX and figures")
    rep.add_argument("model", nargs="?", default="border-deal", help=f"{models} (default: S1)")
    rep.add_argument("--out", type=Path, default=Path("report"), help="output directory")
    rep.add_argument("--resolution", type=int, default=400, help="stability map grid size")
    rep.add_argument("--draws", type=int, default=100_000, help="robustness draws")
    rep.add_argument("--no-progress", action="store_true", help="hide progress bars")
    mp = sub.add_parser("map", help="draw a stability map of a model over two parameters")
    mp.add_argument("model", help=models)
    mp.add_argument("x", help="parameter on the horizontal axis")
    mp.add_argument("y", help="parameter on the vertical axis")
    mp.add_argument(
        "--resolution",
        type=int,
        default=None,
        help="grid points per axis (default: 500 for trees, 15 for normal forms)",
    )
    mp.add_argument(
        "--out", type=Path, default=Path("stability_map.png"), help="PNG (or PDF/SVG) file"
    )
    mp.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fix a parameter (exact: 3, 1/2 or 0.25); repeatable",
    )
    exp = sub.add_parser(
        "explore", help="write an interactive stability explorer (one self-contained HTML file)"
    )
    exp.add_argument("model", help=models)
    exp.add_argument(
        "--out", type=Path, default=None, help="HTML file (default: MODEL_NAME-explorer.html)"
    )
    sol = sub.add_parser("solve", help="solve a Gambit file, a model or a classic game")
    sol.add_argument(
        "name", nargs="?", help=f"a .nfg/.efg file, {models}, or one of {sorted(_GAMES)}"
    )
    sol.add_argument("--list", action="store_true", help="list the available games")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``arbiter`` command; returns the exit status.

    Arbiter's own errors (:class:`~arbiter.errors.ArbiterError`), unreadable
    files and refusals are one line on stderr and status 2; anything else is
    a bug and propagates.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["report"])
    try:
        if args.command == "report":
            _report(args)
        elif args.command == "map":
            _map(args)
        elif args.command == "explore":
            _explore(args)
        elif args.list or args.name is None:
            print("\n".join(sorted(_GAMES)))
        else:
            _solve(args, parser)
    except (ArbiterError, OSError, _Refusal) as exc:
        sys.stdout.flush()
        print(f"arbiter {args.command}: {_one_line(exc)}", file=sys.stderr)
        return 2
    return 0


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if isinstance(exc, OSError) and not isinstance(exc, ArbiterError) and exc.filename:
        text = f"{exc.strerror or type(exc).__name__}: {exc.filename}"
    return text


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
