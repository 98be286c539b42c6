"""The generator is deterministic and the committed output is what it writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from samples import generate
from samples.manifest import SITES_DIR


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_regenerating_reproduces_committed_files_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "sites"
    generate.write(out, generate.build_sites())
    fresh, committed = _tree(out), _tree(SITES_DIR)
    assert sorted(fresh) == sorted(committed), "file list differs: run `uv run python -m samples.generate`"
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert not changed, f"{len(changed)} files differ, e.g. {changed[:5]}: run `uv run python -m samples.generate`"


def test_cli_writes_the_same_output_twice(tmp_path: Path) -> None:
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(out)], check=True, capture_output=True)
    assert _tree(outs[0]) == _tree(outs[1])


def test_refuses_to_replace_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    try:
        generate.write(tmp_path, [])
    except SystemExit:
        pass
    assert (tmp_path / "precious.txt").exists()


def test_total_size_is_modest() -> None:
    total = sum(p.stat().st_size for p in SITES_DIR.rglob("*") if p.is_file())
    assert total < 8 * 1024 * 1024


def test_sample_sites_are_the_checkouts_generated_ones() -> None:
    with generate.sample_sites() as sites:
        assert sites == SITES_DIR


def test_an_install_without_the_pages_generates_the_same_sites(tmp_path: Path) -> None:
    """A wheel ships no generated pages (pyproject.toml excludes samples/sites): the demo generates them."""
    with generate.sample_sites(tmp_path / "not-shipped") as sites:
        assert sites != SITES_DIR
        assert _tree(sites) == _tree(SITES_DIR)
    assert not sites.exists()
