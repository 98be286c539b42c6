"""Session factories: every one `make_session_factory` makes carries the change log and the ops ledger, however many
were made and collected before it in the process (tests make one per test)."""

from __future__ import annotations

import gc

from sqlalchemy import create_engine

from storage import changelog, ops_ledger
from storage.session import make_session_factory


def test_every_new_factory_has_its_hooks_even_at_a_collected_factorys_address() -> None:
    # SQLAlchemy's event registry keys targets by id(): a factory made where a collected one lived used to be
    # taken for it ("already installed") and got no hooks, in most of these rounds. Ten rounds: each full collection
    # walks the whole suite's heap (a second apiece late in a full run), and the old bug showed in most rounds.
    engine = create_engine("sqlite://")
    without_hooks = 0
    for _ in range(10):
        factory = make_session_factory(engine)
        session = factory()
        if changelog._before_commit not in list(session.dispatch.before_commit) or ops_ledger._before_flush not in list(
            session.dispatch.before_flush
        ):
            without_hooks += 1
        session.close()
        del factory, session
        gc.collect()
    assert without_hooks == 0


def test_installing_twice_listens_once() -> None:
    factory = make_session_factory(create_engine("sqlite://"))
    changelog.install(factory)
    ops_ledger.install(factory)
    session = factory()
    assert list(session.dispatch.before_commit).count(changelog._before_commit) == 1
    assert list(session.dispatch.before_flush).count(ops_ledger._before_flush) == 1


def test_a_factory_without_the_change_log_still_has_the_ledger() -> None:
    session = make_session_factory(create_engine("sqlite://"), record_changes=False)()
    assert changelog._before_commit not in list(session.dispatch.before_commit)
    assert ops_ledger._before_flush in list(session.dispatch.before_flush)
