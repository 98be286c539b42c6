"""zjgh.sample.test is GBK: files, meta tags and HTTP headers agree, and GB2312 is not enough."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samples.server import SampleServer

HOST = "zjgh.sample.test"


def _pages(sites_dir: Path) -> list[Path]:
    return sorted((sites_dir / HOST).rglob("*.htm"))


def test_every_page_decodes_as_gbk_and_declares_it(sites_dir: Path) -> None:
    pages = _pages(sites_dir)
    assert len(pages) > 30
    for page in pages:
        raw = page.read_bytes()
        text = raw.decode("gbk")
        assert '<meta charset="gbk">' in text, page
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


def test_some_page_needs_more_than_gb2312(sites_dir: Path) -> None:
    def outside_gb2312(text: str) -> bool:
        for ch in text:
            if "\u4e00" <= ch <= "\u9fff":
                try:
                    ch.encode("gb2312")
                except UnicodeEncodeError:
                    return True
        return False

    assert any(outside_gb2312(p.read_bytes().decode("gbk")) for p in _pages(sites_dir))


def test_server_declares_gbk(server: SampleServer, fetch: Any) -> None:
    resp = fetch(server, f"http://{HOST}/xwzx/ghdt/202307/t20230703_1234567.htm")
    assert resp.headers["content-type"] == "text/html; charset=GBK"
    assert "责任编辑：李芳" in resp.body.decode("gbk")
