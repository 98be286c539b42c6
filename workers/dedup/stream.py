"""The dedup step's decision over a stream in memory (benchmark, labelled-set tests): no database, no I/O."""

from __future__ import annotations

from datetime import datetime

from workers.dedup.decision import DedupConfig, body_fingerprint, same_story
from workers.dedup.exact import content_hash
from workers.dedup.lsh import LocalIndex


class StreamClusterer:
    """Cluster a stream of bodies exactly as the dedup step does — same body hash, then LSH candidates from a
    `LocalIndex` confirmed by `same_story` on the stored text — with a dict standing in for the articles table."""

    def __init__(self, config: DedupConfig) -> None:
        self.config = config
        self.index = LocalIndex(config)
        self._texts: dict[str, tuple[str, str | None]] = {}  # the "articles table": key -> (body, language)
        self._by_hash: dict[str, str] = {}
        self._parent: dict[str, str] = {}
        self.candidates_checked = 0

    def add(self, key: str, text: str, language: str | None, indexed_at: datetime) -> list[str]:
        """Store one body; returns the stored keys it was found to duplicate."""
        fingerprint = body_fingerprint(text, language, self.config)
        self._parent[key] = key
        matched = []
        digest = content_hash(text)
        if digest in self._by_hash:
            matched.append(self._by_hash[digest])
        else:
            self._by_hash[digest] = key
        if fingerprint.sketch is not None:
            for candidate in sorted(self.index.query(fingerprint.sketch, fingerprint.lead) - set(matched)):
                self.candidates_checked += 1
                body, lang = self._texts[candidate]
                if same_story(fingerprint, body_fingerprint(body, lang, self.config), self.config) is not None:
                    matched.append(candidate)
            self.index.add(key, fingerprint.sketch, indexed_at, fingerprint.lead)
        self._texts[key] = (text, language)
        for other in matched:
            self._union(key, other)
        return matched

    def cluster(self, key: str) -> str:
        root = key
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[key] != root:
            self._parent[key], key = root, self._parent[key]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self.cluster(a), self.cluster(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)
