"""Stories: the dedup step with its storage steps.

- `clusters`: which story a stored article joins and which member the feed shows (`Deduplicator`, `store_record`).
- `records`: the article columns a record sets and what counts as a change.
- `index`: the near-duplicate index stores (embedded, Redis).
- `backfill`: fingerprints for articles stored before near-duplicate detection existed, a step of its own.
"""
