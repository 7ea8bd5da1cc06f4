"""The ``arbiter`` command line.

``arbiter report [SCENARIO] [--out DIR]``
    The main job: the standoff analysis of a scenario (default ``border-deal``,
    S1; also ``escalation`` and ``three-way``) — equilibria, regimes, credibility
    of each threat, status-quo region with and without each instrument,
    stability map, robustness — printed as a short summary and written as
    ``DIR/report.md`` with PNG pictures (default DIR: ``report``).
``arbiter map MODEL X Y [--resolution N] [--set NAME=VALUE] [--out FILE]``
    A stability map of a scenario or model file over two parameters, as PNG.
``arbiter solve GAME``
    Solve a Gambit file (``.nfg`` / ``.efg``), a model file (``.toml`` /
    ``.json``, at its default parameters) or a classic game by name (see
    ``arbiter solve --list``); trees are also solved for subgame perfection.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from arbiter import __version__
from arbiter.errors import ArbiterError, InvalidArgumentError
from arbiter.games.tree import SequentialGame
from arbiter.io import read_game, read_model
from arbiter.report import SCENARIOS, build_report
from arbiter.scenarios.classics import CLASSICS, TREES
from arbiter.solve import nash_equilibria

__all__ = ["main"]

_GAMES = {**CLASSICS, **TREES}


def report(scenario: str, out: Path, *, resolution: int, draws: int, progress: bool) -> str:
    """Run the standoff analysis of ``scenario``, write ``out/report.md``; return the summary."""
    summary, _ = build_report(scenario, out, resolution=resolution, draws=draws, progress=progress)
    return f"{summary}\n\nreport written to {out / 'report.md'}"


def _map(args: argparse.Namespace) -> str:
    from fractions import Fraction

    from arbiter.analysis import stability_map

    if args.model in SCENARIOS:
        model = SCENARIOS[args.model].make()
    else:
        model = read_model(args.model)
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
    smap = stability_map(
        model, args.x, args.y, resolution=args.resolution, values=values or None, progress=False
    )
    smap.plot(path=args.out)
    return (
        f"{model.name}: status quo stable on {float(smap.values.mean()):.1%} of the "
        f"{args.x} x {args.y} plane; map written to {args.out}"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="arbiter", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"arbiter {__version__}")
    sub = parser.add_subparsers(dest="command")
    rep = sub.add_parser("report", help="analyse a standoff; write a Markdown report with pictures")
    rep.add_argument(
        "scenario",
        nargs="?",
        default="border-deal",
        choices=sorted(SCENARIOS),
        help="the scenario (default: border-deal, S1)",
    )
    rep.add_argument("--out", type=Path, default=Path("report"), help="output directory")
    rep.add_argument("--resolution", type=int, default=400, help="stability map grid size")
    rep.add_argument("--draws", type=int, default=100_000, help="robustness draws")
    rep.add_argument("--no-progress", action="store_true", help="hide progress bars")
    mp = sub.add_parser("map", help="draw a stability map of a scenario or model file")
    mp.add_argument(
        "model", help=f"a scenario ({', '.join(sorted(SCENARIOS))}) or a .toml/.json file"
    )
    mp.add_argument("x", help="parameter on the horizontal axis")
    mp.add_argument("y", help="parameter on the vertical axis")
    mp.add_argument("--resolution", type=int, default=500)
    mp.add_argument("--out", type=Path, default=Path("stability_map.png"), help="PNG file")
    mp.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fix a parameter (exact: 3, 1/2 or 0.25); repeatable",
    )
    sol = sub.add_parser("solve", help="solve a Gambit file, a model file or a classic game")
    sol.add_argument(
        "name", nargs="?", help=f"a .nfg/.efg/.toml/.json file or one of {sorted(_GAMES)}"
    )
    sol.add_argument("--list", action="store_true", help="list the available games")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``arbiter`` command; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["report"])
    if args.command == "report":
        try:
            print(
                report(
                    args.scenario,
                    args.out,
                    resolution=args.resolution,
                    draws=args.draws,
                    progress=not args.no_progress,
                )
            )
        except ArbiterError as exc:
            print(f"arbiter report: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.command == "map":
        try:
            print(_map(args))
        except (OSError, ArbiterError) as exc:
            print(f"arbiter map: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.list or args.name is None:
        print("\n".join(sorted(_GAMES)))
        return 0
    if args.name in _GAMES:
        game = _GAMES[args.name]()
    elif Path(args.name).suffix in (".nfg", ".efg", ".toml", ".json"):
        try:
            if Path(args.name).suffix in (".nfg", ".efg"):
                game = read_game(args.name)
            else:
                model = read_model(args.name)
                print(f"model {model.name!r} at its default parameters")
                game = model.at_defaults()
        except (OSError, ArbiterError) as exc:
            print(f"arbiter solve: {exc}", file=sys.stderr)
            return 1
    else:
        parser.error(
            f"unknown game {args.name!r}; give a .nfg/.efg file or one of {sorted(_GAMES)}"
        )
    print(game)
    print()
    print(nash_equilibria(game))
    if isinstance(game, SequentialGame):
        from arbiter.solve.spe import subgame_perfect

        print()
        print(subgame_perfect(game))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
