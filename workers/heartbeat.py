"""Workers seen: each worker writes a short-lived Redis key on every Celery event heartbeat (every 2 s while task
events are on), so the status page counts live workers with one SCAN instead of a broadcast `inspect ping`, whose
replies take a timeout to collect."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from celery import Celery
from celery.signals import heartbeat_sent

from common.contract import WORKER_HEARTBEAT_PREFIX as KEY_PREFIX

TTL_SECONDS = 30


def connect(app: Celery) -> Callable[..., None]:
    """Connect the heartbeat writer; returns it (so a test can disconnect it)."""

    def beat(sender: Any = None, **_: Any) -> None:
        client = app.unionfeed.redis  # type: ignore[attr-defined]
        if client is None:
            return
        hostname = getattr(getattr(sender, "eventer", None), "hostname", None) or app.conf.get("worker_name") or "?"
        try:
            client.set(KEY_PREFIX + hostname, json.dumps({"hostname": hostname, "at": time.time()}), ex=TTL_SECONDS)
        except Exception:  # noqa: BLE001 - a missed heartbeat only makes the page count one worker fewer for a while
            pass

    heartbeat_sent.connect(beat, weak=False)
    return beat
