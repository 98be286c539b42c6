"""Push: one Redis stream entry per created/updated/merged record, published after the writing transaction commits.

Installed explicitly on the writers' session factory, and only when a Redis URL is configured:

    publisher = install_publisher(session_factory, settings.redis_url)

Each entry of the stream `unionfeed:changes` (XADD, trimmed to about `maxlen` entries) has the string fields
`seq`, `kind` (created|updated|merged|deleted), `article_id`, `changed_at` (ISO 8601, UTC), and, when the writer had the
record at hand, `source`, `url`, `cluster_id`, `title`. `seq` is the `/changes` sequence number: entries from
concurrent writers can reach the stream slightly out of `seq` order, and an entry is lost if Redis is down at that
moment, so a consumer that must miss nothing resumes from its last `seq` with `GET /changes?cursor=<seq>`.
The payload is documented in docs/feed.md.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Article
from storage.repositories.changes import COMMITTED_KEY, Change

log = logging.getLogger(__name__)

STREAM = "unionfeed:changes"
MAXLEN = 100_000


def event_fields(change: Change, article: Article | None) -> dict[str, str]:
    fields = {
        "seq": str(change.seq),
        "kind": change.kind,
        "article_id": change.article_id,
        "changed_at": change.changed_at.isoformat().replace("+00:00", "Z"),
    }
    if article is not None:
        fields.update(
            source=article.source, url=article.canonical_url, cluster_id=article.cluster_id, title=article.title or ""
        )
    return fields


class Publisher:
    def __init__(self, client: Any, stream: str, maxlen: int) -> None:
        self.client = client
        self.stream = stream
        self.maxlen = maxlen

    def after_commit(self, session: Session) -> None:
        changes: list[Change] = session.info.get(COMMITTED_KEY) or []
        if not changes:
            return
        in_session = {obj.id: obj for obj in session.identity_map.values() if isinstance(obj, Article)}
        try:
            pipe = self.client.pipeline(transaction=False)
            for change in changes:
                pipe.xadd(
                    self.stream,
                    event_fields(change, in_session.get(change.article_id)),
                    maxlen=self.maxlen,
                    approximate=True,
                )
            pipe.execute()
        except Exception as exc:  # noqa: BLE001 - the data is committed; consumers catch up through /changes
            log.warning("could not publish %d change events to Redis stream %s: %s", len(changes), self.stream, exc)

    def close(self) -> None:
        self.client.close()


def install_publisher(
    factory: sessionmaker[Session], redis_url: str | None, *, stream: str = STREAM, maxlen: int = MAXLEN
) -> Publisher | None:
    """Publish the changes of every commit made by sessions of `factory`. No Redis URL: nothing is installed."""
    if not redis_url:
        return None
    import redis

    publisher = Publisher(redis.Redis.from_url(redis_url, socket_timeout=5), stream, maxlen)
    event.listen(factory, "after_commit", publisher.after_commit)
    return publisher
