"""Stories: which story a stored article belongs to, which member the feed shows, and the storage steps that go with
it (`store_record`: upsert by URL, lock, place, record).

Three levels, in order: the same canonical URL (an update of the same article, `_update`), the same
normalized body (exact hash), a near duplicate (LSH candidates from the index, each confirmed by
`workers.dedup.same_story` on the stored text). Every article matched this way brings its whole cluster; the
clusters merge and the canonical member is elected again (`workers.dedup.canonical`), rewriting `cluster_id` of
every member in the same transaction.

Race safety: before looking anything up, the transaction locks the new body's keys — its URL, its content hash and
each of its LSH band keys (`storage.repositories.clusters.lock_keys`). Two bodies that could find each other share
at least one of those keys (LSH candidates share a band by definition), so the second waits until the first has
committed — its article, its fingerprint row and its index entry — and then finds it. Merging and re-electing also
lock the clusters they rewrite, so two reprints joining one cluster through different members cannot interleave.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from common.settings import Settings
from common.sources import SourcesFile
from common.urls import canonical_url
from storage.base import utcnow
from storage.models import Article, RawPage
from storage.repositories import articles, clusters, fingerprints
from storage.states import CREATED, UPDATED
from workers.dedup import (
    DedupConfig,
    Fingerprint,
    Member,
    band_keys,
    body_fingerprint,
    elect,
    key64,
    same_story,
    signature_bytes,
    site_aliases,
)
from workers.extraction import ArticleRecord
from workers.stories.index import EmbeddedIndex, NearDuplicateIndex, build_index
from workers.stories.records import changed_fields, record_fields, stored_url

HASH, NEAR = "hash", "near"
UNCHANGED, DUPLICATE = "unchanged", "duplicate"  # besides CREATED and UPDATED: how `store_record` ended
RESTORED = "restored"  # ... or: a removed article is back


def dedup_config(settings: Settings) -> DedupConfig:
    return DedupConfig(
        bands=settings.dedup_lsh_bands,
        rows=settings.dedup_lsh_rows,
        min_chars=settings.dedup_min_chars,
        passage=settings.dedup_passage,
        passage_min=settings.dedup_passage_min,
        jaccard=settings.dedup_jaccard,
        window_days=settings.dedup_window_days,
    )


@dataclass(frozen=True)
class Match:
    article_id: str
    kind: str  # HASH or NEAR
    score: float  # 1.0 for HASH; passage containment for NEAR


@dataclass(frozen=True)
class Placement:
    cluster_id: str  # the canonical member's id after this article joined
    match: Match | None  # the strongest match; None: the article starts its own story


@dataclass(frozen=True)
class Stored:
    """How `store_record` ended: CREATED, DUPLICATE (a new article joined a story), UPDATED, UNCHANGED or
    RESTORED."""

    outcome: str
    article_id: str
    cluster_id: str
    changed: tuple[str, ...] = ()  # the record fields an update changed


def article_id(canonical: str) -> str:
    """Stable across re-imports and databases: the same URL always gets the same id."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def published(members: list[Article]) -> list[Article]:
    """The members not taken down by their publisher: only they may be the story's canonical member."""
    return [member for member in members if member.removed_at is None]


class Deduplicator:
    """Config, index and source priorities: everything the dedup step needs, built once per worker process."""

    def __init__(self, config: DedupConfig, index: NearDuplicateIndex, sources: SourcesFile | None = None) -> None:
        self.config = config
        self.index = index
        self._priority = {s.key: s.priority for s in sources.sources} if sources else {}
        self._names = {s.key: s.name for s in sources.sources} if sources else {}
        self.backfilled = False  # set by `workers.stories.backfill.backfill_once`

    @classmethod
    def from_settings(cls, settings: Settings, sources: SourcesFile | None) -> Deduplicator:
        config = dedup_config(settings)
        return cls(config, build_index(config, settings.redis_url, settings.dedup_redis_prefix), sources)

    @classmethod
    def embedded(cls, sources: SourcesFile | None = None, config: DedupConfig | None = None) -> Deduplicator:
        config = config or DedupConfig()
        return cls(config, EmbeddedIndex(config), sources)

    def fingerprint(self, body_text: str, language: str | None) -> Fingerprint:
        return body_fingerprint(body_text, language, self.config)

    def lock(self, session: Session, *, url: str, content_hash: str, fingerprint: Fingerprint) -> None:
        """Serialize with every transaction that could match this body (see the module docstring)."""
        keys = [key64("url", url), key64("hash", content_hash)]
        for sketch in fingerprint.sketches:  # the body's bands and its lead's: either may find a match
            keys += band_keys(sketch, self.config.bands, self.config.rows)
        clusters.lock_keys(session, keys)

    def place(
        self, session: Session, new_id: str, fields: dict[str, object], fingerprint: Fingerprint, now: datetime
    ) -> Placement:
        """Find the stories the new article (not inserted yet) belongs to; merge them, elect their canonical member
        and point every existing member at it. The caller inserts the article with `cluster_id` of the result."""
        matches = self._matches(session, new_id, str(fields["content_hash"]), fingerprint, now)
        if not matches:
            return Placement(new_id, None)
        cluster_ids = self._lock_clusters(session, [m.article_id for m in matches])
        members = clusters.members(session, cluster_ids)
        newcomer = self._member(new_id, fields, now)
        canonical = elect([*(self._member_of(a) for a in published(members)), newcomer]).id
        for member in members:
            if member.cluster_id != canonical:
                member.cluster_id = canonical
        return Placement(canonical, max(matches, key=lambda m: (m.kind == HASH, m.score)))

    def previous_match(self, session: Session, article_id: str) -> Match | None:
        row = fingerprints.get_fingerprint(session, article_id)
        if row is None or row.match_kind is None or row.matched_id is None:
            return None
        return Match(row.matched_id, row.match_kind, row.match_score or 0.0)

    def record(
        self, session: Session, article: Article, fingerprint: Fingerprint, match: Match | None, now: datetime
    ) -> None:
        """Store the article's fingerprint (and how it matched) and put it in the index, before the commit."""
        fingerprints.put_fingerprint(
            session,
            article.id,
            language=fingerprint.language,
            body_length=fingerprint.length,
            num_perm=self.config.num_perm,
            signature=signature_bytes(fingerprint.sketch, fingerprint.lead) if fingerprint.sketch is not None else None,
            indexed_at=now,
            match_kind=match.kind if match else None,
            matched_id=match.article_id if match else None,
            match_score=match.score if match else None,
        )
        if fingerprint.sketch is not None:
            self.index.add(session, article.id, fingerprint.sketch, now, fingerprint.lead)
        else:
            self.index.discard(session, article.id)  # an update shortened the body below the minimum

    def reelect(self, session: Session, cluster_id: str) -> str:
        """Elect the canonical member of one cluster again (a member's date or origin changed, a member was removed
        or is back)."""
        clusters.lock_keys(session, [key64("cluster", cluster_id)])
        members = clusters.members(session, [cluster_id])
        if not members:
            return cluster_id
        canonical = elect([self._member_of(a) for a in published(members) or members]).id
        for member in members:
            member.cluster_id = canonical
        return canonical

    # --- helpers ---------------------------------------------------------------------------------------------

    def _matches(
        self, session: Session, new_id: str, content_hash: str, fingerprint: Fingerprint, now: datetime
    ) -> list[Match]:
        matches = []
        same_text = articles.find_by_content_hash(session, content_hash, exclude_id=new_id)
        if same_text is not None:
            matches.append(Match(same_text.id, HASH, 1.0))
        if fingerprint.sketch is None:
            return matches
        found = self.index.candidates(session, fingerprint.sketch, now, fingerprint.lead) - {new_id}
        if same_text is not None:
            found.discard(same_text.id)
        for candidate in clusters.articles_by_id(session, found):
            score = same_story(fingerprint, self.fingerprint(candidate.body_text, candidate.language), self.config)
            if score is not None:
                matches.append(Match(candidate.id, NEAR, round(score.passage, 4)))
        return matches

    def _lock_clusters(self, session: Session, article_ids: list[str]) -> set[str]:
        """Lock the clusters of these articles; a cluster re-elected meanwhile is followed to its new id."""
        locked: set[str] = set()
        while True:
            current = set(clusters.cluster_of(session, article_ids).values())
            if current <= locked:
                return current
            clusters.lock_keys(session, [key64("cluster", c) for c in current - locked])
            locked |= current

    def _member(self, article_id: str, fields: dict[str, object], first_seen_at: datetime) -> Member:
        source = str(fields["source"])
        return Member(
            id=article_id,
            published_at=fields.get("published_at"),  # type: ignore[arg-type]
            first_seen_at=first_seen_at,
            precision=fields.get("published_precision"),  # type: ignore[arg-type]
            priority=self._priority.get(source, 0),
            origin=fields.get("origin"),  # type: ignore[arg-type]
            aliases=site_aliases(fields.get("site_name"), self._names.get(source)),  # type: ignore[arg-type]
        )

    def _member_of(self, article: Article) -> Member:
        return self._member(
            article.id,
            {
                "source": article.source,
                "published_at": article.published_at,
                "published_precision": article.published_precision,
                "origin": article.origin,
                "site_name": article.site_name,
            },
            article.first_seen_at,
        )


def store_record(
    session: Session,
    record: ArticleRecord,
    page: RawPage,
    dedup: Deduplicator,
    *,
    canonicalize: Callable[[str], str] = canonical_url,
    owns: Callable[[str], bool] | None = None,
) -> Stored:
    """Upsert by canonical URL (`canonicalize`: the source's spelling, as the crawler's; on the source's domains,
    `owns`: see `stored_url`); a new URL joins the story of the stored article it duplicates (same body, or a near
    duplicate), and that story's canonical member is elected again (`Deduplicator`). A removed article whose page
    was fetched again after its removal comes back (`_restore`)."""
    url, declared = stored_url(record.url, page, canonicalize=canonicalize, owns=owns)
    fields = record_fields(record, page, url) | {"declared_canonical": declared}
    existing = articles.get_article_by_url(session, url)
    if existing is not None and _back(existing, page):
        return _restore(session, existing, fields, dedup)
    if existing is not None and not changed_fields(existing, fields):
        existing.last_seen_at = utcnow()
        return Stored(UNCHANGED, existing.id, existing.cluster_id)
    fingerprint = dedup.fingerprint(record.body_text, record.language)
    dedup.lock(session, url=url, content_hash=str(fields["content_hash"]), fingerprint=fingerprint)
    existing = articles.get_article_by_url(session, url)  # again: another worker may have stored it meanwhile
    if existing is not None:
        return _update(session, existing, fields, dedup, fingerprint)
    new_id = article_id(url)
    now = utcnow()
    placed = dedup.place(session, new_id, fields, fingerprint, now)
    article = articles.add_article(
        session, id=new_id, cluster_id=placed.cluster_id, first_seen_at=now, last_seen_at=now, updated_at=now, **fields
    )
    dedup.record(session, article, fingerprint, placed.match, now)
    outcome = DUPLICATE if placed.match is not None else CREATED
    return Stored(outcome, new_id, placed.cluster_id)


def _update(
    session: Session,
    article: Article,
    fields: dict[str, object],
    dedup: Deduplicator,
    fingerprint: Fingerprint,
) -> Stored:
    """The same URL again with another text or title: keep the old text as a revision, store the new one. The
    article stays in its story; its fingerprint follows the new text, and a changed date or origin re-elects."""
    now = utcnow()
    article.last_seen_at = now
    changed = changed_fields(article, fields)
    if not changed:
        return Stored(UNCHANGED, article.id, article.cluster_id)
    text_changed = article.content_hash != fields["content_hash"]
    if text_changed or "title" in changed:  # a revision keeps the text readers saw; metadata fixes need none
        articles.add_revision(session, article, raw_page_id=article.raw_page_id)
        article.revision += 1
    elects = any(getattr(article, name) != fields[name] for name in ("published_at", "origin", "site_name", "source"))
    for name, value in fields.items():
        setattr(article, name, value)
    article.updated_at = now
    if text_changed:
        dedup.record(session, article, fingerprint, dedup.previous_match(session, article.id), now)
    if elects:
        dedup.reelect(session, article.cluster_id)
    return Stored(UPDATED, article.id, article.cluster_id, changed=tuple(changed))


def _back(article: Article, page: RawPage) -> bool:
    """A removed article whose page was fetched again after its removal: it is published again."""
    return article.removed_at is not None and page.fetched_at > article.removed_at


def _restore(session: Session, article: Article, fields: dict[str, object], dedup: Deduplicator) -> Stored:
    """The removed article is back: stored like an update (a changed text becomes a revision), no longer removed
    (an `updated` change), and its story's canonical member elected again."""
    fingerprint = dedup.fingerprint(str(fields["body_text"]), fields.get("language"))  # type: ignore[arg-type]
    dedup.lock(session, url=article.canonical_url, content_hash=str(fields["content_hash"]), fingerprint=fingerprint)
    article.removed_at = None
    updated = _update(session, article, fields, dedup, fingerprint)
    dedup.reelect(session, article.cluster_id)
    return Stored(RESTORED, article.id, article.cluster_id, changed=updated.changed)
