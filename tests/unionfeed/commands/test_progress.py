"""The progress bar of the counted steps (processing, re-extracting): drawn on a terminal, nothing otherwise."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from unionfeed.commands.crawl_report import step_progress


def test_a_terminal_sees_the_bar_with_its_counts() -> None:
    out = StringIO()
    with step_progress(Console(file=out, force_terminal=True, width=80), "re-extracting") as update:
        update(0, 4)
        update(3, 4)
    assert "re-extracting" in out.getvalue() and "3/4" in out.getvalue()


def test_a_pipe_sees_nothing() -> None:
    out = StringIO()
    with step_progress(Console(file=out, force_terminal=False), "processing") as update:
        update(2, 4)
    assert out.getvalue() == ""
