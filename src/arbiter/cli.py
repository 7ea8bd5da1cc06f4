"""The ``arbiter`` command line.

``arbiter report [--out DIR]``
    The main job: solve the classic games and the three-way Israel-Iran-Russia
    game (S5) and print every equilibrium with its certificate; with
    ``--out``, also write the same as ``DIR/report.md``.
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
from arbiter.errors import ArbiterError
from arbiter.games.tree import SequentialGame
from arbiter.io import read_game, read_model
from arbiter.scenarios.classics import CLASSICS, TREES
from arbiter.scenarios.syria import three_way
from arbiter.solve import nash_equilibria

__all__ = ["main"]

_GAMES = {**CLASSICS, **TREES}


def _section(title: str, body: str) -> str:
    return f"## {title}\n\n```\n{body}\n```\n"


def _classic_report(name: str) -> str:
    game = CLASSICS[name]()
    return _section(name.replace("-", " ").capitalize(), f"{game}\n\n{nash_equilibria(game)}")


def _three_way_report() -> str:
    model = three_way()
    game = model.at_defaults()
    eqs = nash_equilibria(game)
    lines = [str(eqs)]
    for eq in eqs:
        russia = eq.strategy("Russia")
        mixed = {a: p for a, p in russia.items() if p != 0}
        if len(mixed) > 1:
            shares = ", ".join(f"{a} with probability {p}" for a, p in mixed.items())
            lines.append(
                f"Russia's strategic ambiguity (Crawford 2003): it mixes {shares}; "
                "neither rival can count on it leaning the other way."
            )
    params = ", ".join(f"{n}={p.default}" for n, p in model.parameters.items())
    return _section(
        "Three-way standoff (S5): Israel x Iran x Russia",
        f"parameters (illustrative defaults): {params}\n\n" + "\n".join(lines),
    )


def report(out: Path | None) -> str:
    """Build the report text (and write it to ``out/report.md`` if given)."""
    parts = [f"# arbiter {__version__} report\n"]
    parts += [_classic_report(name) for name in ("prisoners-dilemma", "battle-of-the-sexes")]
    parts.append(_three_way_report())
    text = "\n".join(parts)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.md").write_text(text, encoding="utf-8")
    return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="arbiter", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"arbiter {__version__}")
    sub = parser.add_subparsers(dest="command")
    rep = sub.add_parser("report", help="solve the example games and print (and write) a report")
    rep.add_argument("--out", type=Path, default=None, help="directory for report.md")
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
    if args.command in (None, "report"):
        print(report(getattr(args, "out", None)))
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
