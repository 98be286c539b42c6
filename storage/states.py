"""The state words stored in the database, defined once: written here, read by every stage and the API."""

from __future__ import annotations

# raw_pages.process_state
PENDING = "pending"
DONE = "done"
SKIPPED = "skipped"  # fetched fine but not an article (a list page, an empty page)
FAILED = "failed"
PAGE_STATES = (PENDING, DONE, SKIPPED, FAILED)

# article_changes.kind (the feed's /changes)
CREATED = "created"
UPDATED = "updated"
MERGED = "merged"
DELETED = "deleted"  # the page was taken down (articles.removed_at set); the record stays readable by id
CHANGE_KINDS = (CREATED, UPDATED, MERGED, DELETED)

# crawl_runs.status (SKIPPED and FAILED as above: a run that did not start, a run that fetched nothing)
RUNNING = "running"
SUCCEEDED = "succeeded"
PARTIAL = "partial"
INTERRUPTED = "interrupted"  # its process died while it ran (swept: storage.repositories.runs.sweep_dead_runs)
RUN_STATUSES = (RUNNING, SUCCEEDED, PARTIAL, FAILED, SKIPPED, INTERRUPTED)
FINISHED_RUN_STATUSES = (SUCCEEDED, PARTIAL, FAILED)
