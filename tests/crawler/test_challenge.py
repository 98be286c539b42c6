"""Cookie challenges are recognised by status and body, with a signature that names the gateway, not its token."""

from __future__ import annotations

import pytest

from crawler.challenge import challenge_signature
from samples.manifest import SITES_DIR
from samples.render.challenge import challenge_page

SCRIPT_ONLY = challenge_page("__jsl_clearance_s", "seed").encode()


@pytest.mark.parametrize("status", [412, 521])
def test_a_412_or_521_that_sets_a_cookie_is_a_challenge(status: int) -> None:
    assert challenge_signature(status, SCRIPT_ONLY) == f"http_{status} cookie __jsl_clearance_s"


def test_a_200_that_is_only_a_cookie_script_is_a_challenge() -> None:
    assert challenge_signature(200, SCRIPT_ONLY) == "http_200 cookie __jsl_clearance_s"


def test_the_signature_keeps_no_token() -> None:
    assert challenge_signature(521, challenge_page("acw_sc__v2", "a").encode()) == challenge_signature(
        521, challenge_page("acw_sc__v2", "b").encode()
    )


def test_a_cookie_written_by_an_obfuscated_script_is_still_a_challenge() -> None:
    body = b"<html><script>var n='x'+'y';document.cookie=n+'=1';location.reload()</script></html>"
    assert challenge_signature(412, body) == "http_412 cookie (unnamed)"


@pytest.mark.parametrize(
    "page",
    [
        "faulty.sample.test/a/ok.html",  # an article
        "spa.sample.test/index.html",  # a single-page app's shell: scripts, but none sets a cookie
    ],
)
def test_ordinary_pages_are_not_challenges(page: str) -> None:
    assert challenge_signature(200, (SITES_DIR / page).read_bytes()) is None


def test_a_page_with_text_that_also_sets_a_cookie_is_no_challenge() -> None:
    body = b"<html><body><p>News of the day</p><script>document.cookie='seen=1'</script></body></html>"
    assert challenge_signature(200, body) is None


def test_an_error_page_without_a_cookie_script_is_no_challenge() -> None:
    assert challenge_signature(521, b"<html><body>Web server is down</body></html>") is None
    assert challenge_signature(404, SCRIPT_ONLY) is None
