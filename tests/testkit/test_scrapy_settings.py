"""testkit.scrapy_settings: a command run unchanged, its crawls' Scrapy settings replaced last."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import crawler.run
from common.settings import Settings
from testkit.scrapy_settings import LOCAL_SITE_SETTINGS, command, install

ROOT = Path(__file__).resolve().parents[2]


def test_installed_settings_come_after_the_callers_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crawler.run, "crawler_settings", crawler.run.crawler_settings)  # restored afterwards
    app = Settings(database_url="sqlite://")
    assert crawler.run.crawler_settings(app, DOWNLOAD_TIMEOUT=4).getbool("AUTOTHROTTLE_ENABLED")
    install({**LOCAL_SITE_SETTINGS, "DOWNLOAD_TIMEOUT": 3})
    settings = crawler.run.crawler_settings(app, DOWNLOAD_TIMEOUT=4, LOG_LEVEL="ERROR")
    assert not settings.getbool("AUTOTHROTTLE_ENABLED") and settings.getfloat("DOWNLOAD_DELAY") == 0
    assert settings.getint("DOWNLOAD_TIMEOUT") == 3  # the installed value wins over the caller's
    assert settings["LOG_LEVEL"] == "ERROR"  # the caller's other overrides stay


def test_the_command_runs_the_module_with_its_arguments_and_exit_code() -> None:
    done = subprocess.run(command("unionfeed", ["--version"]), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("unionfeed "), done.stderr
    refused = subprocess.run(command("unionfeed", ["no-such-command"]), cwd=ROOT, capture_output=True, timeout=60)
    assert refused.returncode == 2
