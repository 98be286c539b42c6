"""`unionfeed extract`: JSON Lines per input, errors per input, non-zero exit when any input failed."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from unionfeed.commands import extract as extract_module
from unionfeed.commands.extract import _workers, extract_command

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
SEED = FIXTURES / "whzgh" / "seed000_zh.html"
GBK_PAGE = SEED.read_bytes()


def app() -> typer.Typer:
    cli = typer.Typer()
    cli.command("extract")(extract_command)
    cli.command("noop")(lambda: None)  # a second command keeps `extract` a sub-command, as in the real CLI
    return cli


def invoke(*args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(app(), ["extract", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines


def test_file_with_url() -> None:
    code, lines = invoke(str(SEED), "--url", "http://www.whzgh.gov.cn/art/2020/11/19/art_3052_2683455.html")
    assert code == 0 and len(lines) == 1
    assert lines[0]["input"] == str(SEED)
    assert lines[0]["url"] == "http://www.whzgh.gov.cn/art/2020/11/19/art_3052_2683455.html"
    assert lines[0]["title"] == "威海市总工会以廉政教育月活动推动干部作风大提升"
    assert lines[0]["published_at"] == "2020-11-19T10:12:00+08:00"


def test_input_list_and_errors_do_not_stop_the_batch(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    listing = tmp_path / "pages.tsv"
    listing.write_text(
        f"{SEED}\thttp://www.whzgh.gov.cn/a.html\n"
        f"{empty}\thttp://www.whzgh.gov.cn/b.html\n"
        f"missing.html\thttp://www.whzgh.gov.cn/c.html\n"
        f"{FIXTURES / 'ennews' / 'nurses_contract.html'}\thttps://unionnews.sample.org/news/2024/03/11/x\n",
        encoding="utf-8",
    )
    code, lines = invoke("--input-list", str(listing))
    assert code == 1
    assert [line["input"] for line in lines] == [
        str(SEED),
        str(empty),
        "missing.html",
        str(FIXTURES / "ennews" / "nurses_contract.html"),
    ]
    assert lines[0]["origin"] == "威海市总工会" and "source" not in lines[0]  # the API's and the exports' name
    assert "error" in lines[1] and "ExtractionError" in lines[1]["error"]
    assert "error" in lines[2]
    assert lines[3]["title"] == "Nurses ratify contract with safe staffing ratios"


def test_site_template_lines_are_dropped_across_a_batch(tmp_path: Path) -> None:
    rows = []
    for i in range(4):
        page = tmp_path / f"p{i}.html"
        page.write_text(
            f"<html><body><h1>Story {i}</h1><div class='c'><p>Paragraph {i} about the union meeting held on Monday "
            f"with many members attending and voting.</p><p>Follow us on the union app for more news every day.</p>"
            "</div></body></html>",
            encoding="utf-8",
        )
        rows.append(f"{page}\thttp://site.test/news/{i}.html")
    listing = tmp_path / "list.tsv"
    listing.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, lines = invoke("--input-list", str(listing))
    assert code == 0
    for i, line in enumerate(lines):
        assert "Follow us on the union app" not in line["body_text"]
        assert f"Paragraph {i}" in line["body_text"]


def test_a_batch_in_several_processes_prints_what_one_process_prints_in_the_same_order(tmp_path: Path) -> None:
    pages = sorted(FIXTURES.glob("*/*.html"))[:20]
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    rows = [f"{page}\thttp://site{n % 3}.test/news/{n}.html" for n, page in enumerate(pages)]
    rows[5:5] = [f"{empty}\thttp://site0.test/empty.html", "missing.html\thttp://site1.test/missing.html"]
    listing = tmp_path / "list.tsv"
    listing.write_text("\n".join(rows) + "\n", encoding="utf-8")
    one = CliRunner().invoke(app(), ["extract", "--jobs", "1", "--input-list", str(listing)])
    two = CliRunner().invoke(app(), ["extract", "--jobs", "2", "--input-list", str(listing)])
    assert one.exit_code == two.exit_code == 1  # the empty and the missing page
    assert len(one.stdout.splitlines()) == len(rows)
    assert two.stdout == one.stdout


_DIES_AT: dict[str, str] = {}
_REAL_EXTRACTED = extract_module._extracted


def _killed_at_the_fifth_page(page, *args):  # type: ignore[no-untyped-def]
    """In the worker (a module-level function: the pool sends it by name)."""
    if page.input == _DIES_AT.get("input"):
        os._exit(9)  # the worker process dies as the kernel's OOM killer would end it
    return _REAL_EXTRACTED(page, *args)


def test_a_worker_process_that_dies_loses_no_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(FIXTURES.glob("*/*.html"))[:16]
    listing = tmp_path / "list.tsv"
    listing.write_text("".join(f"{page}\thttp://site.test/{n}.html\n" for n, page in enumerate(pages)), "utf-8")
    one = CliRunner().invoke(app(), ["extract", "--jobs", "1", "--input-list", str(listing)])
    monkeypatch.setattr(extract_module, "_extracted", _killed_at_the_fifth_page)
    monkeypatch.setitem(_DIES_AT, "input", str(pages[4]))
    two = CliRunner().invoke(app(), ["extract", "--jobs", "2", "--input-list", str(listing)])
    assert "extracting the other" in two.stderr
    assert two.exit_code == one.exit_code == 0 and two.stdout == one.stdout


@pytest.mark.parametrize(("jobs", "pages", "workers"), [(0, 5, 1), (3, 100, 3), (4, 16, 2), (1, 1000, 1)])
def test_workers_are_the_jobs_asked_for_with_enough_pages_each(jobs: int, pages: int, workers: int) -> None:
    assert _workers(jobs, pages) == workers


class _Handler(BaseHTTPRequestHandler):
    user_agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self.user_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/page.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")  # no charset: the <meta> says gb2312
            self.end_headers()
            self.wfile.write(GBK_PAGE)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_urls_are_fetched(local_server: str) -> None:
    code, lines = invoke(f"{local_server}/page.html", f"{local_server}/missing.html")
    assert code == 1
    assert lines[0]["input"] == f"{local_server}/page.html"
    assert lines[0]["url"] == f"{local_server}/page.html"
    assert lines[0]["title"] == "威海市总工会以廉政教育月活动推动干部作风大提升"
    assert "error" in lines[1] and "404" in lines[1]["error"]


def test_urls_are_fetched_with_the_deployment_user_agent(local_server: str) -> None:
    agent = "unionfeed-test/1.0 (+mailto:ops@example.org)"
    _Handler.user_agents.clear()
    result = CliRunner().invoke(app(), ["extract", f"{local_server}/page.html"], env={"UNIONFEED_USER_AGENT": agent})
    assert result.exit_code == 0, result.output
    assert _Handler.user_agents == [agent]


def test_no_input_is_a_usage_error() -> None:
    result = CliRunner().invoke(app(), ["extract"])
    assert result.exit_code == 2


class _Redirect(BaseHTTPRequestHandler):
    targets: dict[str, str] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self.send_response(302)
        self.send_header("Location", self.targets[self.path])
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://10.0.0.1/page.html", "10.0.0.1: private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254: a cloud metadata service"),
        ("http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal: a cloud metadata"),
        ("http://[::1]:9/page.html", "::1: loopback address"),
        ("http://0.0.0.0:9/page.html", "0.0.0.0: unspecified address"),
    ],
)
def test_refused_addresses_are_not_fetched_directly_or_by_redirect(
    target: str, reason: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNIONFEED_PRIVATE_NETWORKS", "127.0.0.1/32")
    code, [line] = invoke(target)
    assert code == 1 and line["error"].startswith(f"RefusedAddress: refused to connect to {reason}")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    _Redirect.targets = {"/go": target}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code, [line] = invoke(f"http://127.0.0.1:{server.server_address[1]}/go")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 1 and line["error"].startswith(f"RefusedAddress: refused to connect to {reason}")


def test_loopback_needs_its_network_allowed(local_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIONFEED_PRIVATE_NETWORKS", "")
    code, [line] = invoke(f"{local_server}/page.html")
    assert code == 1 and "127.0.0.1: loopback address" in line["error"]
    code, [line] = invoke(f"{local_server}/page.html", "--private-network", "127.0.0.0/8")
    assert code == 0 and line["title"] == "威海市总工会以廉政教育月活动推动干部作风大提升"
    result = CliRunner().invoke(app(), ["extract", f"{local_server}/page.html", "--private-network", "nope"])
    assert result.exit_code == 2 and "'nope' is not a network" in result.stderr
