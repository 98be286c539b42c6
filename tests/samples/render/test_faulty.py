"""faulty.sample.test: each bad input behaves as documented, and the slow page blocks nobody else."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from samples.server import SampleServer

BASE = "http://faulty.sample.test"


def test_list_page_links_every_route(server: SampleServer, manifest: dict[str, Any], fetch: Any) -> None:
    body = fetch(server, f"{BASE}/list.html").body.decode()
    assert all(f'href="{path}"' in body for path in manifest["faulty_routes"])


@pytest.mark.parametrize(("path", "status"), [("/a/ok.html", 200), ("/a/missing.html", 404), ("/a/error.html", 500)])
def test_status_codes(server: SampleServer, path: str, status: int, fetch: Any) -> None:
    assert fetch(server, BASE + path).status == status


def test_redirect_loop(server: SampleServer, fetch: Any) -> None:
    first = fetch(server, f"{BASE}/a/loop.html")
    second = fetch(server, BASE + first.headers["location"])
    assert first.status == second.status == 302
    assert second.headers["location"] == "/a/loop.html"


def test_moved_is_one_301_to_a_good_article(server: SampleServer, manifest: dict[str, Any], fetch: Any) -> None:
    moved = fetch(server, f"{BASE}/a/moved.html")
    assert moved.status == 301 and moved.headers["location"] == "/a/ok2.html"
    assert fetch(server, BASE + moved.headers["location"]).status == 200
    assert f"{BASE}/a/ok2.html" in {e["url"] for e in manifest["articles"]}


def test_pdf_is_not_html(server: SampleServer, fetch: Any) -> None:
    resp = fetch(server, f"{BASE}/a/report.pdf")
    assert resp.headers["content-type"] == "application/pdf" and resp.body.startswith(b"%PDF-")


def test_slow_page_times_out_a_client_but_blocks_nobody(server: SampleServer, fetch: Any) -> None:
    with pytest.raises(TimeoutError):
        fetch(server, f"{BASE}/a/slow.html", timeout=0.2)
    started = time.monotonic()
    assert fetch(server, f"{BASE}/a/ok.html").status == 200
    assert time.monotonic() - started < server.slow_delay / 2


def test_patient_client_gets_the_slow_page(server: SampleServer, fetch: Any) -> None:
    started = time.monotonic()
    resp = fetch(server, f"{BASE}/a/slow.html", timeout=server.slow_delay + 5)
    assert resp.status == 200 and time.monotonic() - started >= server.slow_delay * 0.9


def test_stop_releases_a_sleeping_slow_request(fetch: Any) -> None:
    srv = SampleServer(slow_delay=30)
    srv.start()
    results: list[int] = []
    worker = threading.Thread(target=lambda: results.append(fetch(srv, f"{BASE}/a/slow.html", timeout=10).status))
    worker.start()
    time.sleep(0.2)
    started = time.monotonic()
    srv.stop()
    worker.join(timeout=5)
    assert time.monotonic() - started < 3
    assert not worker.is_alive()
