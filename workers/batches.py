"""A batch of pages, each on its own: a page succeeds, is held back for a retry, or fails with its own cause.

One message carries several page ids (`unionfeed.process_pages`); each page is already its own transaction
(`workers.processing.process_page`). Here an error of one page stays that page's: the other pages are still
attempted, and what happens to the page depends on the kind of error:

- transient (the database or Redis unreachable, a deadlock, a serialization failure, a lock timeout): the page is
  held back and its task retries it later, with backoff;
- a conflict (`IntegrityError`): attempted once more at once, in a fresh transaction. A concurrent writer of the
  same key has committed by then, so a race resolves here; a second conflict is the page's own and it fails;
- anything else (corrupt stored bytes, a bug met by one page): the page fails now, with its own reason, for
  `unionfeed retry`. Retrying a deterministic error for twenty minutes only delays the other pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import redis.exceptions
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storage.states import FAILED
from workers.processing import PageOutcome
from workers.reconcile import record_failure

log = logging.getLogger(__name__)

# Errors that say nothing about the page: the same page succeeds once the service is back. (psycopg reports
# deadlocks, serialization failures and lock timeouts as OperationalError.)
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)

REASON_LIMIT = 2000


def describe(exc: BaseException) -> str:
    """A failure's reason as stored on its page: the error's type and message."""
    return f"{type(exc).__name__}: {exc}"[:REASON_LIMIT]


@dataclass
class BatchResult:
    outcomes: list[PageOutcome] = field(default_factory=list)  # every page attempted to an end, failures included
    held: dict[int, str] = field(default_factory=dict)  # page id -> the transient error to retry it after

    def as_dict(self) -> dict[str, object]:
        return {
            "pages": len(self.outcomes) + len(self.held),
            "outcomes": [outcome.outcome for outcome in self.outcomes],
            "failed": {o.page_id: o.reason for o in self.outcomes if o.outcome == FAILED},
            "held": dict(self.held),
        }


def process_batch(
    factory: sessionmaker[Session], page_ids: Iterable[int], process: Callable[[int], PageOutcome]
) -> BatchResult:
    """Run `process` (one page, one transaction) for every page id; errors are sorted per page (module docstring).
    A page that fails is marked failed with its own reason here (its transaction was rolled back)."""
    result = BatchResult()
    for page_id in page_ids:
        try:
            result.outcomes.append(_attempt(process, page_id))
        except TRANSIENT_ERRORS as exc:
            log.warning("page %s held back for a retry: %s", page_id, describe(exc))
            result.held[page_id] = describe(exc)
        except Exception as exc:  # noqa: BLE001 - one page's error, whatever it is, is that page's alone
            log.exception("page %s failed", page_id)
            result.outcomes.append(fail(factory, page_id, describe(exc)))
    return result


def _attempt(process: Callable[[int], PageOutcome], page_id: int) -> PageOutcome:
    try:
        return process(page_id)
    except IntegrityError:
        log.info("page %s met a conflicting write; trying it once more", page_id)
        return process(page_id)


def fail(factory: sessionmaker[Session], page_id: int, reason: str) -> PageOutcome:
    """Mark a still pending page failed with `reason` (a page done meanwhile stays done)."""
    record_failure(factory, page_id, reason)
    return PageOutcome(page_id, FAILED, reason=reason)


def fail_held(factory: sessionmaker[Session], result: BatchResult) -> BatchResult:
    """Retries spent: each held page fails with its own last error."""
    for page_id, reason in result.held.items():
        result.outcomes.append(fail(factory, page_id, reason))
    result.held.clear()
    return result
