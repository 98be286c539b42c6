"""What an install gets: the wheel's files (built here with `uv build`), the dependency groups a plain `uv sync`
installs, and a use in the shipped code for every declared dependency."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import tomllib
import zipfile
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from scrapy.utils.misc import load_object
from sqlalchemy.engine import make_url

from common.settings import Settings
from crawler.settings import crawler_settings

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WHEEL_PACKAGES = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
UV = shutil.which("uv")

needs_uv = pytest.mark.skipif(UV is None, reason="uv is not on PATH")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([UV, "build", "--wheel", "--out-dir", str(out), str(ROOT)], check=True, capture_output=True)
    (path,) = out.glob("unionfeed-*.whl")
    with zipfile.ZipFile(path) as archive:
        yield archive


@pytest.fixture(scope="module")
def wheel_files(wheel: zipfile.ZipFile) -> set[str]:
    return set(wheel.namelist())


def tracked(pattern: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", pattern], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return out.split()


@needs_uv
def test_the_wheel_ships_no_sample_pages_tests_or_benchmarks(wheel_files: set[str]) -> None:
    assert not [name for name in wheel_files if name.startswith(("samples/sites/", "tests/", "testkit/", "bench/"))]
    assert not [name for name in wheel_files if name.endswith((".htm", ".db", ".expected.json"))]


@needs_uv
def test_the_wheel_ships_its_package_data_and_the_demo(wheel: zipfile.ZipFile, wheel_files: set[str]) -> None:
    package_data = [p for p in tracked("api/templates") + tracked("storage/migrations") if not p.endswith(".pyc")]
    assert package_data and set(package_data) <= wheel_files
    for package in WHEEL_PACKAGES:
        modules = [p for p in tracked(f"{package}/*.py") if not p.startswith("samples/sites/")]
        assert set(modules) <= wheel_files, package
    # `unionfeed demo` generates the sample sites it serves (samples.generate.sample_sites).
    assert {"samples/generate.py", "samples/server.py", "unionfeed/demo.py"} <= wheel_files
    entry_points = next(name for name in wheel_files if name.endswith(".dist-info/entry_points.txt"))
    assert "unionfeed = unionfeed.cli:app" in wheel.read(entry_points).decode()


@needs_uv
def test_a_plain_sync_leaves_the_benchmark_baselines_out() -> None:
    def locked_requirements(*extra: str) -> set[str]:
        out = subprocess.run(
            [UV, "export", "--locked", "--no-hashes", "--no-emit-project", "--format", "requirements.txt", *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return {line.split("==")[0].strip().lower() for line in out.splitlines() if "==" in line}

    bench = {re.split(r"[<>=\[ ]", spec)[0].lower() for spec in PYPROJECT["dependency-groups"]["bench"]}
    default = locked_requirements()
    assert not bench & default, bench & default
    assert "pytest" in default  # the dev group stays a default: `uv run pytest` on a fresh clone
    assert bench <= locked_requirements("--group", "bench")


# Declared dependencies the code reaches by name rather than by an import statement, each checked below.
INDIRECT = {
    "protego": "Scrapy's robots.txt parser (ROBOTSTXT_PARSER)",
    "psycopg": "the driver of postgresql+psycopg:// database URLs",
    "jinja2": "Starlette's Jinja2Templates (the status page)",
}


def shipped_imports() -> set[str]:
    names: set[str] = set()
    for package in WHEEL_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "sites" in path.relative_to(ROOT).parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module.split(".")[0])
    return names


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_declared_dependency_is_used() -> None:
    distributions = packages_distributions()
    used = {normalized(dist) for name in shipped_imports() for dist in distributions.get(name, [])}
    declared = {normalized(re.split(r"[<>=\[ ]", spec)[0]) for spec in PYPROJECT["project"]["dependencies"]}
    unused = declared - used - set(INDIRECT)
    assert not unused, f"declared but never imported by the shipped code: {sorted(unused)}"


def test_the_indirect_uses_are_real() -> None:
    parser = load_object(crawler_settings(Settings())["ROBOTSTXT_PARSER"])
    assert parser.__module__ == "scrapy.robotstxt" and parser.__name__ == "ProtegoRobotParser"
    assert make_url("postgresql+psycopg://u@h/d").get_dialect().driver == "psycopg"
    assert "postgresql+psycopg://" in (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    status = (ROOT / "api" / "routes" / "status.py").read_text(encoding="utf-8")
    assert "from fastapi.templating import Jinja2Templates" in status


@needs_uv
def test_the_images_install_runs_outside_the_checkout(tmp_path: Path) -> None:
    """The Dockerfile's install (`uv sync --locked --no-dev --no-editable`) into a fresh environment, run from a
    directory that is not the checkout: the code, its migrations and the demo's sample sites come from the install."""
    env = tmp_path / "env"
    subprocess.run(
        [UV, "sync", "--locked", "--no-dev", "--no-editable", "--quiet"],
        cwd=ROOT,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(env)},
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "run"
    elsewhere.mkdir()
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DATABASE_URL", "VIRTUAL_ENV"}}
    migrate = subprocess.run(
        [str(env / "bin" / "unionfeed"), "migrate"], cwd=elsewhere, env=clean, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stderr
    assert (elsewhere / "var" / "unionfeed.db").is_file()  # the default SQLite URL, relative to the working directory
    script = (
        "import api.routes.status, samples.generate as g, unionfeed\n"
        "print(unionfeed.__file__)\n"
        "with g.sample_sites() as sites: print((sites / 'manifest.json').is_file(), sites)\n"
    )
    run = subprocess.run(
        [str(env / "bin" / "python"), "-c", script], cwd=elsewhere, env=clean, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    module, sites = run.stdout.splitlines()
    assert Path(module).is_relative_to(env) and sites.startswith("True ") and str(ROOT) not in sites
    dev_tool = subprocess.run([str(env / "bin" / "python"), "-c", "import pytest"], cwd=elsewhere, capture_output=True)
    assert dev_tool.returncode != 0, "no dev tools in the image's environment"
