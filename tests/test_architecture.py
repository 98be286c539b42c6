"""The import graph keeps the data flow one-way (docs/architecture.md): this test reads it from the source."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {"common", "storage", "crawler", "workers", "api", "samples", "unionfeed", "testkit"}
IO_MODULES = {
    "sqlalchemy",
    "redis",
    "celery",
    "scrapy",
    "twisted",
    "httpx",
    "requests",
    "socket",
    "urllib.request",
    "subprocess",
    "storage",
    "api",
    "crawler",
}

# package -> project packages it may import (storage imports no stage: crawler, workers, api, unionfeed)
ALLOWED = {
    "common": set(),
    "samples": set(),
    "storage": {"common"},
    "crawler": {"common", "storage"},
    "workers": {"common", "storage", "workers"},
    "api": {"common", "storage", "api"},
    "unionfeed": PROJECT - {"testkit"},
}

# Inside workers the rooms flow one way: app -> tasks -> processing/crawling -> stories -> dedup, extraction.
WORKERS_FORBIDDEN = {
    "workers/stories": ("workers.app", "workers.tasks", "workers.context", "workers.processing", "workers.crawling"),
    "workers/processing.py": ("workers.app", "workers.tasks", "workers.context"),
}


# what the wheel ships (pyproject.toml); the test helpers (testkit/) must not be part of it
SHIPPED = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"][
    "wheel"
]["packages"]
TEST_ONLY = ("tests", "testkit")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_downstream(package: str) -> None:
    allowed = ALLOWED[package] | {package}
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in imports_of(path)
        if name.split(".")[0] in PROJECT and name.split(".")[0] not in allowed
    ]
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("package", ["workers/extraction", "workers/dedup"])
def test_extraction_and_dedup_do_no_io(package: str) -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in imports_of(path)
        if any(name == io or name.startswith(io + ".") for io in IO_MODULES)
        or (name.split(".")[0] == "workers" and not name.startswith(("workers.extraction", "workers.dedup")))
    ]
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("room", sorted(WORKERS_FORBIDDEN))
def test_workers_rooms_import_downstream_only(room: str) -> None:
    paths = [ROOT / room] if room.endswith(".py") else modules(room)
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in paths
        for name in imports_of(path)
        if name.startswith(WORKERS_FORBIDDEN[room])
    ]
    assert not offences, "\n".join(offences)


def test_crawler_reaches_workers_by_task_name_only() -> None:
    offences = [
        str(path.relative_to(ROOT))
        for path in modules("crawler")
        if any(name.startswith("workers") for name in imports_of(path))
    ]
    assert not offences


def test_testkit_is_not_shipped() -> None:
    assert "testkit" not in SHIPPED and "tests" not in SHIPPED


@pytest.mark.parametrize("package", SHIPPED)
def test_shipped_packages_import_neither_tests_nor_testkit(package: str) -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in imports_of(path)
        if name.split(".")[0] in TEST_ONLY
    ]
    assert not offences, "\n".join(offences)


def test_testkit_is_imported_only_by_tests_and_bench() -> None:
    tops = [p for p in ROOT.iterdir() if not p.name.startswith(".") and p.name not in {"tests", "bench", "testkit"}]
    sources = [p for top in tops for p in ([top] if top.is_file() else top.rglob("*.py")) if p.suffix == ".py"]
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sources
        for name in imports_of(path)
        if name.split(".")[0] == "testkit"
    ]
    assert not offences, "\n".join(offences)
