"""Game-tree pictures: written as PNG, equilibrium path highlighted, big trees refused."""

import pytest

from arbiter import ArbiterError, subgame_perfect
from arbiter.plot import plot_tree
from arbiter.scenarios.classics import centipede, chain_store, entry_deterrence


def test_png_is_written_with_path_of_play(tmp_path):
    game = entry_deterrence()
    out = tmp_path / "entry.png"
    ax = plot_tree(game, equilibrium=subgame_perfect(game)[0], path=out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    red = [
        line
        for line in ax.get_lines()
        if line.get_color() == "tab:red" and line.get_linewidth() > 2
    ]
    assert len(red) == 2  # Entrant: In, Incumbent: Accommodate


def test_subtree_and_errors():
    ax = plot_tree(centipede(6), root=("Pass", "Pass"))
    assert "Take" in {t.get_text() for t in ax.texts}
    with pytest.raises(ArbiterError, match="leaves"):
        plot_tree(chain_store(6))
    with pytest.raises(TypeError, match="SequentialGame"):
        plot_tree("not a tree")
