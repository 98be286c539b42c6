"""The visibility lease: held messages are re-stamped, acknowledged ones are never brought back (real Redis)."""

from __future__ import annotations

import redis

from workers.lease import renew, renew_interval, transport_options


def test_renewal_moves_only_messages_still_unacknowledged(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    client.zadd("unacked_index", {"held": 100.0})
    renewed = renew(client, "unacked_index", ["held", "acknowledged-meanwhile"], now=500.0)
    assert renewed == 1
    assert client.zscore("unacked_index", "held") == 500.0
    assert client.zscore("unacked_index", "acknowledged-meanwhile") is None  # never re-created
    assert renew(client, "unacked_index", [], now=600.0) == 0


def test_sweeps_and_renewals_are_fractions_of_the_timeout() -> None:
    options = transport_options(300)
    assert options["visibility_timeout"] == 300
    assert options["unacked_restore_interval"] * options["unacked_restore_throttle"] == 30
    assert renew_interval(300) == 75
    assert renew_interval(1) == 0.5  # never a busy loop
