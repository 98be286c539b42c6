"""Which process this is, and whether another one still lives: how a crawl run's process is told dead from slow."""

from __future__ import annotations

import os
import socket


def this_host() -> str:
    return socket.gethostname()[:255]


def process_alive(host: str | None, pid: int | None) -> bool | None:
    """Whether process `pid` of `host` still runs: True or False when `host` is this host, None (unknown) otherwise.
    A process that ended but was not yet reaped by its parent (a zombie) counts as alive."""
    if host != this_host() or not pid:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True
