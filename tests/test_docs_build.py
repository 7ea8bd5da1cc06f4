"""The documentation site builds with ``mkdocs build --strict`` (warnings are errors)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")
if (
    importlib.util.find_spec("mkdocstrings") is None
    or importlib.util.find_spec("mkdocstrings_handlers.python") is None
):
    pytest.skip("mkdocstrings[python] is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent


def test_mkdocs_build_strict(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("index", "tutorial", "howto", "theory", "reference", "scenarios"):
        assert (tmp_path / page / "index.html").exists() or (tmp_path / f"{page}.html").exists()
