"""The image and the compose file, read against the code they run (no Docker engine needed): what the build context
holds, how the image is pinned and installed, where the runtime user may write, and that every compose command,
environment variable, queue and time limit is one the project knows."""

from __future__ import annotations

import re
import shlex
import subprocess
import tomllib
from pathlib import Path, PurePosixPath

import click
import pytest
import typer
import yaml
from sqlalchemy.engine import make_url
from typer.main import get_command

from common.contract import CRAWL_QUEUE, PROCESS_QUEUE
from common.settings import DEFAULT_DATABASE_URL, Settings
from unionfeed.cli import app as cli_app
from unionfeed.commands import probe as probe_module
from unionfeed.commands.probe import Role
from workers.app import create_celery

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WHEEL_PACKAGES = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[-?]([^}]*))?\}")
PROJECT_IMAGE_COMMAND = "unionfeed"


# --- the Dockerfile -----------------------------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of each instruction, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def stages() -> list[list[tuple[str, str]]]:
    """The instructions of each build stage (the ARGs before the first FROM are left out)."""
    out: list[list[tuple[str, str]]] = []
    for instruction in dockerfile():
        if instruction[0] == "FROM":
            out.append([])
        if out:
            out[-1].append(instruction)
    return out


def global_args() -> dict[str, str]:
    args: dict[str, str] = {}
    for name, value in dockerfile():
        if name == "FROM":
            break
        if name == "ARG" and "=" in value:
            key, default = value.split("=", 1)
            args[key] = default
    return args


def base_images() -> list[str]:
    args = global_args()
    images = []
    for stage in stages():
        image = stage[0][1].split()[0]
        images.append(re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], image))
    return images


def test_every_base_image_is_pinned_by_version_and_digest() -> None:
    for image in base_images():
        assert re.fullmatch(r"[\w./-]+:\d+\.\d+\.\d+[\w.-]*@sha256:[0-9a-f]{64}", image), image


def test_uv_is_pinned_by_version_and_never_installed_from_pip() -> None:
    copies = [args for name, args in dockerfile() if name == "COPY" and "astral-sh/uv" in args]
    assert copies, "uv comes from its own image"
    for args in copies:
        assert re.search(r"--from=ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+\s", args), args
    assert not any(name == "RUN" and "pip install" in args for name, args in dockerfile())


def test_the_project_is_installed_locked_without_dev_tools_and_not_editable() -> None:
    syncs = [args for name, args in dockerfile() if name == "RUN" and "uv sync" in args]
    assert syncs
    for args in syncs:
        assert {"--locked", "--no-dev", "--no-editable"} <= set(args.split()), args
    assert any("--no-install-project" not in args for args in syncs), "the project itself is installed"


def test_the_runtime_stage_holds_the_environment_not_the_source_tree() -> None:
    runtime = stages()[-1]
    copies = [args for name, args in runtime if name == "COPY"]
    assert not any(args.split()[0] == "." for args in copies), "no `COPY . .` into the image that runs"
    assert any("--from=build" in args and "/.venv" in args for args in copies)


def runtime_user() -> str:
    users = [args for name, args in stages()[-1] if name == "USER"]
    assert users, "the image does not run as root"
    return users[-1].split(":")[0]


def test_the_runtime_user_owns_the_default_sqlite_directory() -> None:
    user = runtime_user()
    assert user not in {"root", "0", "nobody"}
    runtime = stages()[-1]
    workdir = PurePosixPath([args for name, args in runtime if name == "WORKDIR"][-1])
    data_dir = str((workdir / make_url(DEFAULT_DATABASE_URL).database).parent).replace("/./", "/")
    runs = " ".join(args for name, args in runtime if name == "RUN")
    assert re.search(rf"useradd\b[^&;]*\b{user}\b", runs), f"{user} is created"
    assert re.search(rf"chown\s+{user}(:{user})?\s+{re.escape(data_dir)}(\s|$)", runs), f"{data_dir} owned by {user}"


def test_the_api_port_is_exposed() -> None:
    exposed = {args.split("/")[0] for name, args in dockerfile() if name == "EXPOSE"}
    api = compose()["services"]["api"]
    port = api["command"][api["command"].index("--port") + 1]
    assert port in exposed
    assert any(mapping.endswith(f":{port}") for mapping in api["ports"])


def test_the_image_health_check_is_the_products_probe() -> None:
    checks = [args for name, args in dockerfile() if name == "HEALTHCHECK"]
    assert len(checks) == 1
    assert_probe_accepts(yaml.safe_load(checks[0].split("CMD", 1)[1]), Role.api)


# --- the build context ---------------------------------------------------------------------------------------------


def dockerignore_patterns() -> list[tuple[bool, re.Pattern[str]]]:
    """(is_exception, regex) per line, as Docker reads .dockerignore: a path is excluded when the last pattern matching
    it or one of its parent directories is not a `!` exception; `**` spans directories, `*` and `?` do not."""
    patterns = []
    for raw in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        body = line.lstrip("!").strip("/")
        regex = ""
        for token in re.split(r"(\*\*/|\*\*|\*|\?)", body):
            regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(token, re.escape(token))
        patterns.append((negated, re.compile(regex)))
    return patterns


def in_context(path: str) -> bool:
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for negated, regex in dockerignore_patterns():
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            excluded = not negated
    return not excluded


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line]


@pytest.mark.parametrize(
    "path",
    [
        ".venv/bin/python",
        "var/unionfeed.db",
        ".git/HEAD",
        ".env",
        "tests/conftest.py",
        "testkit/corpus.py",
        "bench/extraction.py",
        "samples/sites/manifest.json",
        "api/__pycache__/app.cpython-311.pyc",
        "storage/local.db",
    ],
)
def test_the_build_context_leaves_out(path: str) -> None:
    assert not in_context(path)


def test_the_build_context_holds_what_the_image_builds_and_copies() -> None:
    needed = ["pyproject.toml", "uv.lock", "README.md", "sources.yaml"]
    for name, args in dockerfile():
        if name == "COPY" and "--from" not in args:
            needed += [src for src in shlex.split(args)[:-1] if not src.startswith("--") and src != "."]
    package_files = [
        path
        for path in tracked_files()
        if path.split("/")[0] in WHEEL_PACKAGES and not path.startswith("samples/sites/")
    ]
    assert package_files
    missing = [path for path in needed + package_files if not in_context(path)]
    assert not missing, missing
    assert not [path for path in needed if not (ROOT / path).exists()]


# --- docker-compose.yml -------------------------------------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def project_services() -> dict[str, dict]:
    return {
        name: service
        for name, service in compose()["services"].items()
        if service.get("image") == compose()["x-unionfeed"]["image"]
    }


def resolved(value: str) -> str:
    """A compose value with `${NAME:-default}` at its default and `${NAME:?message}` set to NAME (a required
    value the operator gives in .env)."""
    return INTERPOLATION.sub(lambda m: m.group(2) if ":-" in m.group(0) else f"set-{m.group(1)}", value)


def assert_cli_accepts(argv: list[str]) -> None:
    """The project's CLI parses these arguments: the command and every option exist and their values are valid."""
    assert argv[0] == PROJECT_IMAGE_COMMAND, argv
    command: click.Command | None = get_command(cli_app)
    words = list(argv[1:])
    while isinstance(command, click.Group):
        assert words, f"{argv}: names no command"
        command = command.get_command(click.Context(command), words.pop(0))
        assert command is not None, f"{argv}: no such command"
    command.make_context(argv[0], words)  # raises on an unknown option or an invalid value


def assert_probe_accepts(argv: list[str], role: Role) -> None:
    """`python -m unionfeed.commands.probe ROLE ...` (`unionfeed health probe` without the other commands), with
    arguments the probe accepts."""
    assert argv[:3] == ["python", "-m", probe_module.__name__] and argv[3] == role, argv
    alone = typer.Typer()
    alone.command()(probe_module.probe_command)
    get_command(alone).make_context("probe", list(argv[3:]))  # raises on an unknown option or an invalid value
    cli_probe = get_command(cli_app).get_command(click.Context(get_command(cli_app)), "health")
    assert cli_probe is not None and "probe" in cli_probe.list_commands(click.Context(cli_probe))


def test_every_project_service_runs_a_command_the_cli_accepts() -> None:
    services = project_services()
    assert {"migrate", "beat", "api"} <= set(services)
    for service in services.values():
        assert_cli_accepts([resolved(arg) for arg in service["command"]])


def test_every_environment_variable_is_a_setting() -> None:
    known = {"DATABASE_URL", "REDIS_URL"} | {f"UNIONFEED_{field.upper()}" for field in Settings.model_fields}
    environment = compose()["x-unionfeed"]["environment"]
    assert set(environment) <= known, set(environment) - known
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    settings_in_example = set(re.findall(r"^#?\s*(UNIONFEED_\w+)=", example, flags=re.M))
    assert settings_in_example <= known | {"UNIONFEED_CRAWL_CONCURRENCY"}, settings_in_example - known


def test_production_crawls_name_a_contact_the_operator_gives() -> None:
    environment = compose()["x-unionfeed"]["environment"]
    assert re.fullmatch(r"\$\{UNIONFEED_USER_AGENT:\?[^}]+\}", environment["UNIONFEED_USER_AGENT"])


def test_no_password_is_written_in_the_compose_file() -> None:
    services = compose()["services"]
    password = services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert re.fullmatch(r"\$\{POSTGRES_PASSWORD:\?[^}]+\}", password)
    url = make_url(resolved(compose()["x-unionfeed"]["environment"]["DATABASE_URL"]))
    assert url.password == "set-POSTGRES_PASSWORD" and url.get_backend_name() == "postgresql"
    assert url.get_dialect().driver == "psycopg"
    for service in project_services().values():
        assert service["env_file"] == ".env"
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(r"^POSTGRES_PASSWORD=$", example, flags=re.M) and re.search(
        r"^UNIONFEED_USER_AGENT=$", example, flags=re.M
    )
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT, check=False).returncode == 0
    assert ignored, ".env is in .gitignore"


def test_long_running_services_restart() -> None:
    for name, service in compose()["services"].items():
        if name != "migrate":
            assert service.get("restart") in {"always", "unless-stopped"}, name
    assert compose()["services"]["migrate"]["restart"] == "no"


def test_every_project_service_is_checked_by_the_probe_of_its_role() -> None:
    roles = {"worker": Role.worker, "beat": Role.beat, "serve": Role.api}
    for name, service in project_services().items():
        if name == "migrate":
            assert service["healthcheck"] == {"disable": True}
            continue
        test = service["healthcheck"]["test"]
        assert test[0] == "CMD", name
        assert_probe_accepts(test[1:], roles[service["command"][1]])


def worker_queues() -> dict[str, set[str]]:
    out = {}
    for name, service in project_services().items():
        command = service["command"]
        if command[1] == "worker":
            out[name] = set(command[command.index("--queues") + 1].split(","))
    return out


def test_crawls_and_processing_run_in_separate_workers() -> None:
    queues = worker_queues()
    celery = create_celery(Settings().model_copy(update={"redis_url": None}))
    routed = {route["queue"] for route in celery.conf.task_routes.values()}
    assert set().union(*queues.values()) == routed == {CRAWL_QUEUE, PROCESS_QUEUE}
    assert all(len(consumed) == 1 for consumed in queues.values()), queues


def seconds(duration: str) -> float:
    """A compose duration (`90s`, `31m`, `1h30m`)."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", duration)
    assert "".join(n + u for n, u in parts) == duration, duration
    return sum(float(n) * units[u] for n, u in parts)


def test_a_stopping_crawl_worker_waits_for_the_crawl_time_limit() -> None:
    limit = Settings().crawl_time_limit
    for name, consumed in worker_queues().items():
        if CRAWL_QUEUE in consumed:
            assert seconds(project_services()[name]["stop_grace_period"]) >= limit, name


def test_one_image_is_built_once_and_never_pulled() -> None:
    services = project_services()
    built = [name for name, service in services.items() if "build" in service]
    assert built == ["migrate"]
    assert services["migrate"]["pull_policy"] == "build"
    assert all(service["pull_policy"] == "never" for name, service in services.items() if name != "migrate")
    assert len({service["image"] for service in services.values()}) == 1
    assert not [name for name, service in compose()["services"].items() if "build" in service and name not in built]
