"""Runs whose process died are swept to `interrupted` (storage/repositories/runs.py: sweep_dead_runs), on SQLite and
the real PostgreSQL: a dead process on this host at once, a silent one elsewhere after its heartbeat went stale."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

from common.processes import process_alive, this_host
from storage.base import utcnow
from storage.repositories.runs import heartbeat, start_run, sweep_dead_runs
from storage.session import session_scope
from storage.states import INTERRUPTED, RUNNING
from testkit.storage import Store

STALE = timedelta(minutes=5)


def dead_pid() -> int:
    """The id of a process of this host that has ended (and was reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_dead_and_silent_runs_are_swept_live_ones_kept(store: Store) -> None:
    with session_scope(store.factory) as session:
        dead = start_run(session, source="a", trigger="cli", host=this_host(), pid=dead_pid())
        alive = start_run(session, source="b", trigger="cli", host=this_host(), pid=os.getpid())
        silent = start_run(session, source="c", trigger="cli", host="another-host", pid=1)
        silent.heartbeat_at = utcnow() - STALE - timedelta(seconds=1)
        beating = start_run(session, source="d", trigger="cli", host="another-host", pid=1)
        beating.heartbeat_at = utcnow() - STALE - timedelta(seconds=1)
        heartbeat(session, beating.id)  # it said it lives just now
        ids = dead.id, alive.id, silent.id, beating.id
    with session_scope(store.factory) as session:
        swept = sweep_dead_runs(session, stale_after=STALE, alive=process_alive)
        assert sorted(run.id for run in swept) == sorted([ids[0], ids[2]])
    with session_scope(store.factory) as session:
        runs = {run.id: run for run in (session.get_one(type(dead), i) for i in ids)}
        assert [runs[i].status for i in ids] == [INTERRUPTED, RUNNING, INTERRUPTED, RUNNING]
        assert runs[ids[0]].errors[-1]["kind"] == INTERRUPTED and "is gone" in runs[ids[0]].errors[-1]["reason"]
        assert "no heartbeat" in runs[ids[2]].errors[-1]["reason"]
        assert runs[ids[2]].finished_at == runs[ids[2]].heartbeat_at  # it died after its last sign of life
        assert runs[ids[0]].stats["errors_by_kind"] == {INTERRUPTED: 1}


def test_process_liveness_is_only_judged_on_this_host() -> None:
    assert process_alive(this_host(), os.getpid()) is True
    assert process_alive(this_host(), dead_pid()) is False
    assert process_alive("another-host", os.getpid()) is None
    assert process_alive(this_host(), None) is None
