"""A killed worker's messages come back within minutes; a live worker's messages are never sent twice.

On Redis, Celery acknowledges late by keeping each delivered message in the `unacked` hash, indexed by delivery time
in `unacked_index`. Any worker's periodic sweep (kombu's `restore_visible`) puts a message back in its queue once
it is older than the visibility timeout. A long timeout (the old 6 h) strands a killed worker's pages for hours; a
short one alone would send a task that runs longer (or waits for its retry countdown) to a second worker.

So the timeout is short, and each worker renews what it holds: a consumer bootstep re-stamps, every quarter of the
timeout, the delivery time of every message its requests still hold (reserved, running, or waiting for a
countdown). `ZADD XX` only touches entries still present, so an acknowledged message is never brought back. A
worker that dies stops renewing, and its messages are restored one timeout later.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import bootsteps
from celery.worker import state

log = logging.getLogger(__name__)

RENEWALS_PER_TIMEOUT = 4
SWEEPS_PER_TIMEOUT = 10
MIN_INTERVAL_SECONDS = 0.5


def transport_options(visibility_seconds: int) -> dict[str, Any]:
    """The Redis transport's options: the visibility timeout, and a restore sweep a tenth as long (kombu sweeps
    every `unacked_restore_interval` x `unacked_restore_throttle` seconds)."""
    return {
        "visibility_timeout": visibility_seconds,
        "unacked_restore_interval": max(MIN_INTERVAL_SECONDS, visibility_seconds / SWEEPS_PER_TIMEOUT),
        "unacked_restore_throttle": 1,
    }


def renew_interval(visibility_seconds: float) -> float:
    return max(MIN_INTERVAL_SECONDS, visibility_seconds / RENEWALS_PER_TIMEOUT)


def held_delivery_tags() -> list[str]:
    """Delivery tags of the messages this worker holds and has not acknowledged (Celery's worker state)."""
    held = []
    for request in list(state.requests.values()):
        message = getattr(request, "message", None)
        if message is not None and not request.acknowledged and message.delivery_tag is not None:
            held.append(message.delivery_tag)
    return held


def renew(client: Any, index_key: str, tags: list[str], now: float) -> int:
    """Stamp `tags` delivered `now` in the unacked index; only entries still there are touched. Returns how many."""
    if not tags:
        return 0
    return int(client.zadd(index_key, dict.fromkeys(tags, now), xx=True, ch=True))


class VisibilityLease(bootsteps.StartStopStep):
    """Consumer bootstep: renews the worker's held messages on the worker's timer (its event loop)."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.timer_entry: Any = None

    def start(self, consumer: Any) -> None:
        channel = getattr(consumer.task_consumer, "channel", None)
        if getattr(channel, "unacked_index_key", None) is None:
            return  # not the Redis transport: nothing to renew
        every = renew_interval(float(channel.visibility_timeout))
        self.timer_entry = consumer.timer.call_repeatedly(every, self._renew, (channel,))

    def _renew(self, channel: Any) -> None:
        try:
            renew(channel.client, channel.unacked_index_key, held_delivery_tags(), time.time())
        except Exception:  # noqa: BLE001 - a missed renewal is retried next time; the event loop must go on
            log.warning("could not renew the visibility of held messages", exc_info=True)

    def stop(self, consumer: Any) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None

    shutdown = stop
