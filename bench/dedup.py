"""Near-duplicate detection at 10k and 100k documents: unionfeed's index and decision vs a plain datasketch baseline.

    uv run python -m bench.dedup [--sizes 10000 100000] [--seed 1]

One synthetic corpus per size (deterministic for a seed), Chinese and English, generated to look like union news:
- Zipf-distributed vocabulary (characters for Chinese, words for English), paragraphs of 1-4 sentences with dates,
  counts and names in them; about 10% short bodies (200 characters or less);
- template families (about one per 25 documents: an organisation's monthly meeting or study-session series): 40-70%
  of each member is the family's boilerplate with its own names, dates and numbers, the rest its own event — the
  hard negatives;
- planted duplicate groups: 20% of the long originals get one or two reprints with the edits syndication makes
  (other chrome, a byline or dateline, a paragraph cut, the tail cut, a sentence dropped, a word changed, punctuation
  width), and 3% of all originals an exact copy. Documents arrive in random order.

Systems, in the same run on the same corpus:
- `unionfeed`: `workers.dedup.stream.StreamClusterer` — the dedup step's decision without the database: exact
  hash, then LSH candidates from `LocalIndex` (32 bands x 4 rows, compact storage), each verified by `same_story` on
  the candidate's stored text, re-shingled as in production.
- `datasketch t=...`: plain datasketch as documented — `MinHash(num_perm=128)` over the same shingles (`update_batch`
  of UTF-8 shingles, default SHA-1 hashing), `MinHashLSH(threshold=t)`, every candidate taken as a duplicate.

Figures: pairwise precision and recall over the clusters (a pair is predicted "same" when both land in one cluster;
missed pairs with a body of 200 characters or less — never merged on shingles, by rule — are counted separately),
documents per second and microseconds per document of CPU time (the machine may be shared) for the whole decision
(fingerprint, query, verify, insert), and
index memory per document (tracemalloc of the index alone, built from the same signatures; the texts the verifier
reads are the database's job in production and are not counted).
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from testkit.syndication import (
    Pair,
    Score,
    Story,
    devcorpus_stories,
    eligible_pairs,
    generated_corpus,
    score_decision,
    score_stream,
    seed_stories,
    syndication_set,
)
from workers.dedup import DedupConfig, body_fingerprint
from workers.dedup.lsh import LocalIndex
from workers.dedup.shingles import body_length, char_units, normalize, shingle_language
from workers.dedup.stream import StreamClusterer

ROOT = Path(__file__).resolve().parents[1]

START = datetime(2024, 1, 1, tzinfo=UTC)


# --- the synthetic corpus ---------------------------------------------------------------------------------------


@dataclass
class Doc:
    key: str
    lang: str
    paras: list[list[str]]  # paragraphs of sentences
    group: str  # ground truth: the story

    def text(self) -> str:
        joiner = "" if self.lang == "zh" else " "
        return "\n\n".join(joiner.join(p) for p in self.paras)


class Corpus:
    ZH_POOL = 3500
    EN_VOCAB = 30000

    def __init__(self, size: int, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.size = size
        cjk = self.rng.choice(np.arange(0x4E00, 0x9FA5), self.ZH_POOL, replace=False).astype(np.uint32)
        self.zh_chars = cjk
        self.zh_p = self._zipf(self.ZH_POOL, 1.0)
        syllables = [c + v for c in "bcdfghjklmnprstvwyz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "an")]
        words = {"".join(self.rng.choice(syllables, self.rng.integers(1, 4))) for _ in range(self.EN_VOCAB * 2)}
        self.en_words = np.array(sorted(words)[: self.EN_VOCAB])
        self.en_p = self._zipf(len(self.en_words), 1.05)
        self.boiler = {lang: [self._sentence(lang) for _ in range(60)] for lang in ("zh", "en")}

    @staticmethod
    def _zipf(n: int, s: float) -> np.ndarray:
        weights = 1.0 / np.arange(1, n + 1) ** s
        return weights / weights.sum()

    def _sentence(self, lang: str, slots: dict[str, str] | None = None) -> str:
        if lang == "zh":
            length = int(self.rng.integers(12, 40))
            codes = self.rng.choice(self.zh_chars, length, p=self.zh_p)
            text = codes.tobytes().decode("utf-32-le")
            if slots and self.rng.random() < 0.6:
                cut = int(self.rng.integers(2, length - 2))
                text = text[:cut] + self.rng.choice(list(slots.values())) + text[cut:]
            return text + "。"
        length = int(self.rng.integers(10, 30))
        words = list(self.rng.choice(self.en_words, length, p=self.en_p))
        if slots and self.rng.random() < 0.6:
            words.insert(int(self.rng.integers(1, length - 1)), str(self.rng.choice(list(slots.values()))))
        return " ".join(words).capitalize() + "."

    def _slots(self, lang: str) -> dict[str, str]:
        rng = self.rng
        if lang == "zh":
            name = "".join(rng.choice(self.zh_chars[:400], int(rng.integers(2, 4))).tobytes().decode("utf-32-le"))
            return {
                "date": f"{rng.integers(1, 13)}月{rng.integers(1, 29)}日",
                "n": str(rng.integers(3, 500)),
                "money": f"{rng.integers(5, 900)}万元",
                "name": name,
            }
        return {
            "date": f"May {rng.integers(1, 29)}",
            "n": str(rng.integers(3, 500)),
            "money": f"{rng.integers(12, 950)},000 yuan",
            "name": str(rng.choice(self.en_words[:2000])).title(),
        }

    def _story(self, lang: str, template: list[list[str]] | None) -> list[list[str]]:
        slots = self._slots(lang)
        if self.rng.random() < 0.10:  # a brief
            return [[self._sentence(lang, slots) for _ in range(int(self.rng.integers(1, 4 if lang == "zh" else 2)))]]
        paras = [
            [self._sentence(lang, slots) for _ in range(int(self.rng.integers(1, 5)))]
            for _ in range(int(self.rng.integers(4, 10)))
        ]
        if self.rng.random() < 0.3:
            paras[int(self.rng.integers(0, len(paras)))].append(str(self.rng.choice(self.boiler[lang])))
        if template is not None:  # a family member: the boilerplate around its own event
            own = paras[: int(self.rng.integers(2, 4))]
            filled = [[self._fill(s, lang, slots) for s in para] for para in template]
            paras = [filled[0], *own, *filled[1:]]
        return paras

    def _fill(self, sentence: str, lang: str, slots: dict[str, str]) -> str:
        """A template sentence with this event's values (a family's sentences carry `{}` placeholders)."""
        return sentence.replace("{}", str(self.rng.choice(list(slots.values()))))

    def _template(self, lang: str) -> list[list[str]]:
        def boilerplate() -> str:
            sentence = self._sentence(lang)
            cut = len(sentence) // 2
            return sentence[:cut] + ("{}" if lang == "zh" else " {} ") + sentence[cut:]

        paragraphs = int(self.rng.integers(3, 6))
        return [[boilerplate() for _ in range(int(self.rng.integers(1, 3)))] for _ in range(paragraphs)]

    def reprint(self, doc: Doc, key: str) -> Doc:
        rng, lang = self.rng, doc.lang
        paras = [list(p) for p in doc.paras]
        edits = rng.choice(
            ["chrome", "byline", "cut", "tail", "drop", "word", "width", "join"], int(rng.integers(1, 4)), replace=False
        )
        for edit in edits:
            if edit == "chrome":
                paras = [
                    ["当前位置：首页 > 工会动态" if lang == "zh" else "Home > News > Union work"],
                    *paras,
                    ["【打印本页】【关闭窗口】" if lang == "zh" else "[Print] [Close]"],
                ]
            elif edit == "byline":
                paras.insert(0, ["（记者 张伟 通讯员 李娜）" if lang == "zh" else "By Zhang Wei and Li Na"])
            elif edit == "cut" and len(paras) > 4:
                del paras[int(rng.integers(1, len(paras)))]
            elif edit == "tail" and len(paras) > 5:
                paras = paras[: len(paras) - 1]
            elif edit == "drop":
                para = paras[int(rng.integers(0, len(paras)))]
                if len(para) > 1:
                    del para[int(rng.integers(0, len(para)))]
            elif edit == "word":
                para = paras[int(rng.integers(0, len(paras)))]
                i = int(rng.integers(0, len(para)))
                sentence = para[i]
                at = int(rng.integers(0, max(1, len(sentence) - 2)))
                para[i] = sentence[:at] + ("的" if lang == "zh" else " the ") + sentence[at + 1 :]
            elif edit == "width":
                paras = [[s.replace("。", ".").replace("，", ",") for s in p] for p in paras]
            elif edit == "join" and len(paras) > 2:
                paras[0:2] = [paras[0] + paras[1]]
        return Doc(key, lang, paras, doc.group)

    def build(self) -> list[Doc]:
        docs: list[Doc] = []
        families = {lang: [self._template(lang) for _ in range(max(1, self.size // 50))] for lang in ("zh", "en")}
        i = 0
        while len(docs) < self.size:
            lang = "zh" if self.rng.random() < 0.6 else "en"
            template = None
            if self.rng.random() < 0.5:
                family = families[lang]
                template = family[int(self.rng.integers(0, len(family)))]
            doc = Doc(f"d{i}", lang, self._story(lang, template), f"g{i}")
            docs.append(doc)
            i += 1
            if len(doc.text().replace(" ", "")) > 260 and self.rng.random() < 0.20:
                docs += [self.reprint(doc, f"{doc.key}r{copy}") for copy in range(int(self.rng.integers(1, 3)))]
            elif self.rng.random() < 0.03:
                docs.append(Doc(f"{doc.key}x", doc.lang, [list(p) for p in doc.paras], doc.group))
        docs = docs[: self.size]
        order = self.rng.permutation(len(docs))
        return [docs[i] for i in order]


# --- systems ----------------------------------------------------------------------------------------------------


def shingle_strings(text: str, lang: str, config: DedupConfig) -> list[bytes]:
    """The same shingles as unionfeed's, as strings: what a plain datasketch user feeds `update_batch`."""
    if shingle_language(lang, text) == "zh":
        chars = char_units(text).astype(np.uint32).tobytes().decode("utf-32-le")
        k = min(config.k_chars, max(1, len(chars)))
        return [chars[i : i + k].encode() for i in range(max(1, len(chars) - k + 1))]
    words = normalize(text).split()
    k = min(config.k_words, max(1, len(words)))
    return [" ".join(words[i : i + k]).encode() for i in range(max(1, len(words) - k + 1))]


@dataclass
class Result:
    name: str
    size: int
    clusters: dict[str, str]
    seconds: float
    bytes_per_doc: float
    extra: str = ""


def run_unionfeed(docs: list[Doc], config: DedupConfig) -> Result:
    clusterer = StreamClusterer(config)
    gc.collect()
    started = time.process_time()
    for offset, doc in enumerate(docs):
        clusterer.add(doc.key, doc.text(), doc.lang, START + timedelta(seconds=offset))
    seconds = time.process_time() - started
    clusters = {doc.key: clusterer.cluster(doc.key) for doc in docs}
    extra = f"{clusterer.candidates_checked / len(docs):.2f} candidates verified per document"
    return Result("unionfeed", len(docs), clusters, seconds, index_memory_unionfeed(docs, config), extra)


def run_baseline(docs: list[Doc], config: DedupConfig, thresholds: list[float]) -> list[Result]:
    started = time.process_time()
    sketches = []
    for doc in docs:
        sketch = MinHash(num_perm=config.num_perm)
        sketch.update_batch(shingle_strings(doc.text(), doc.lang, config))
        sketches.append(LeanMinHash(sketch))
    sketch_seconds = time.process_time() - started
    results = []
    for threshold in thresholds:
        lsh = MinHashLSH(threshold=threshold, num_perm=config.num_perm)
        parent: dict[str, str] = {}
        gc.collect()
        started = time.process_time()
        for doc, sketch in zip(docs, sketches, strict=True):
            parent[doc.key] = doc.key
            for other in lsh.query(sketch):
                union(parent, doc.key, other)
            lsh.insert(doc.key, sketch)
        seconds = sketch_seconds + time.process_time() - started
        clusters = {doc.key: find(parent, doc.key) for doc in docs}
        memory = index_memory(lambda t=threshold: MinHashLSH(threshold=t, num_perm=config.num_perm), sketches, docs)
        results.append(
            Result(f"datasketch t={threshold}", len(docs), clusters, seconds, memory, f"b={lsh.b} r={lsh.r}")
        )
    return results


def index_memory_unionfeed(docs: list[Doc], config: DedupConfig) -> float:
    fingerprints = [body_fingerprint(doc.text(), doc.lang, config) for doc in docs]
    sketches = [(f.sketch, f.lead) if f.sketch is not None else None for f in fingerprints]
    return index_memory(lambda: LocalIndex(config), sketches, docs)


def index_memory(make, sketches, docs: list[Doc]) -> float:  # type: ignore[no-untyped-def]
    """Bytes per document of an index holding every indexable signature (tracemalloc, index only)."""
    gc.collect()
    tracemalloc.start()
    index = make()
    base = tracemalloc.get_traced_memory()[0]
    for offset, (doc, sketch) in enumerate(zip(docs, sketches, strict=True)):
        if sketch is None:
            continue
        if isinstance(index, LocalIndex):  # a body's signature and its lead's
            index.add(doc.key, sketch[0], START + timedelta(seconds=offset), sketch[1])
        else:
            index.insert(doc.key, sketch)
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    del index
    return used / len(docs)


def find(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def union(parent: dict[str, str], a: str, b: str) -> None:
    ra, rb = find(parent, a), find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


# --- scoring and report -----------------------------------------------------------------------------------------


def pairs(counts: Counter) -> int:  # type: ignore[type-arg]
    return sum(n * (n - 1) // 2 for n in counts.values())


def score(docs: list[Doc], clusters: dict[str, str]) -> tuple[float, float]:
    predicted = Counter(clusters[d.key] for d in docs)
    truth = Counter(d.group for d in docs)
    both = Counter((clusters[d.key], d.group) for d in docs)
    tp = pairs(both)
    return tp / max(1, pairs(predicted)), tp / max(1, pairs(truth))


def missed_short(docs: list[Doc], clusters: dict[str, str], min_chars: int) -> tuple[int, int]:
    """(missed pairs, of which one body is short) among the true duplicate pairs."""
    by_group: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs:
        by_group[doc.group].append(doc)
    missed = short = 0
    for members in by_group.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if clusters[a.key] != clusters[b.key]:
                    missed += 1
                    short += min(body_length(a.text()), body_length(b.text())) <= min_chars
    return missed, short


def describe(docs: list[Doc]) -> str:
    langs = Counter(d.lang for d in docs)
    groups = defaultdict(int)
    for d in docs:
        groups[d.group] += 1
    dup_pairs = sum(n * (n - 1) // 2 for n in groups.values())
    chars = np.mean([len(d.text()) for d in docs])
    return (
        f"{len(docs)} documents ({langs['zh']} zh, {langs['en']} en, mean {chars:.0f} characters), "
        f"{dup_pairs} true duplicate pairs"
    )


# --- the syndication set: republished copies of real and generated stories ----------------------------------------


def syndication(devcorpus: Path | None, seeds: Path | None, thresholds: list[float]) -> None:
    """Precision and recall on `testkit.syndication`'s pairs, per corpus: the rules before lead copies were
    recognised (`DedupConfig(leads=False)`) and now, the decision alone and streamed through the index, and plain
    datasketch on the same stream, all in this run."""
    corpora: list[tuple[str, list[Story], list[list[Story]]]] = [("generated", *generated_corpus())]
    if seeds is not None:
        corpora.append(("seeds (real)", seed_stories(seeds), []))
    if devcorpus is not None:
        corpora.append(("devcorpus (real)", devcorpus_stories(devcorpus), []))
    before, after = DedupConfig(leads=False), DedupConfig()
    for name, originals, series in corpora:
        pairs = eligible_pairs(syndication_set(originals, series), after)
        positives = sum(p.same for p in pairs)
        print(
            f"\nsyndication set, {name}: {len(originals)} stories, {len(pairs)} pairs "
            f"({positives} same story, {len(pairs) - positives} hard negatives)",
            flush=True,
        )
        rows = [
            ("unionfeed before, decision", score_decision(pairs, before)),
            ("unionfeed, decision", score_decision(pairs, after)),
            ("unionfeed before, streamed", score_stream(pairs, before)),
            ("unionfeed, streamed", score_stream(pairs, after)),
            *((f"datasketch t={t}, streamed", score_baseline(pairs, after, t)) for t in thresholds),
        ]
        for label, result in rows:
            print(
                f"  {label:<28} precision {result.precision:.4f}  recall {result.recall:.4f}  "
                f"({result.fn} missed, {result.fp} wrong)",
                flush=True,
            )
        old, new = rows[2][1], rows[3][1]
        print(
            f"  streamed recall now vs before: x{new.recall / max(old.recall, 1e-9):.3f}; "
            f"missed pairs {old.fn} -> {new.fn}"
        )
        missed = Counter(error.split()[1] for error in new.errors if error.startswith("FN"))
        if missed:
            print("  still missed, by variant: " + ", ".join(f"{k} {n}" for k, n in missed.most_common(6)))


def score_baseline(pairs: list[Pair], config: DedupConfig, threshold: float) -> Score:
    versions = {s.id: s for pair in pairs for s in (pair.a, pair.b)}
    docs = [Doc(s.id, s.lang, [[p] for p in s.paras], s.group) for s in versions.values()]
    clusters = run_baseline(docs, config, [threshold])[0].clusters
    result = Score()
    for pair in pairs:
        result.count(pair, clusters[pair.a.id] == clusters[pair.b.id])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.8])
    parser.add_argument("--syndication", action="store_true", help="only the syndication set (testkit.syndication)")
    parser.add_argument("--devcorpus", type=Path, help="real stories for the syndication set: ../shared/devcorpus")
    parser.add_argument("--seeds", type=Path, help="real stories for the syndication set: ../shared/seeds")
    args = parser.parse_args()
    if args.syndication:
        syndication(args.devcorpus, args.seeds, args.thresholds)
        return
    config = DedupConfig()
    rows: list[tuple[Result, float, float]] = []
    for size in args.sizes:
        docs = Corpus(size, args.seed).build()
        print(f"\ncorpus {size}: {describe(docs)}", flush=True)
        for result in [run_unionfeed(docs, config), *run_baseline(docs, config, args.thresholds)]:
            precision, recall = score(docs, result.clusters)
            missed, short = missed_short(docs, result.clusters, config.min_chars)
            rows.append((result, precision, recall))
            print(
                f"  {result.name:<18} precision {precision:.4f}  recall {recall:.4f}  "
                f"{result.size / result.seconds:8.0f} docs/s  {result.seconds / result.size * 1e6:7.0f} us/doc  "
                f"{result.bytes_per_doc:8.0f} B/doc  ({result.extra}; {missed} pairs missed, {short} with a short "
                f"body)",
                flush=True,
            )
    print("\nsummary")
    print(f"  {'system':<18} {'docs':>7} {'precision':>9} {'recall':>7} {'docs/s':>8} {'us/doc':>7} {'B/doc':>7}")
    for result, precision, recall in rows:
        print(
            f"  {result.name:<18} {result.size:>7} {precision:>9.4f} {recall:>7.4f} "
            f"{result.size / result.seconds:>8.0f} {result.seconds / result.size * 1e6:>7.0f} "
            f"{result.bytes_per_doc:>7.0f}"
        )
    by = {(r.name, r.size): r for r, _, _ in rows}
    small, large = min(args.sizes), max(args.sizes)
    print("\nratios")
    for name in sorted({r.name for r, _, _ in rows}):
        if (name, small) in by and (name, large) in by and small != large:
            a, b = by[(name, small)], by[(name, large)]
            growth = (b.seconds / b.size) / (a.seconds / a.size)
            print(
                f"  {name:<18} per-document time {large} vs {small}: x{growth:.2f}"
                f"   memory/doc: x{b.bytes_per_doc / a.bytes_per_doc:.2f}"
            )
    for size in args.sizes:
        ours = by[("unionfeed", size)]
        for name in sorted({r.name for r, _, _ in rows} - {"unionfeed"}):
            theirs = by[(name, size)]
            speed = (ours.size / ours.seconds) / (theirs.size / theirs.seconds)
            print(
                f"  {size}: unionfeed vs {name}: speed x{speed:.2f}"
                f", memory/doc x{ours.bytes_per_doc / theirs.bytes_per_doc:.2f}"
            )


if __name__ == "__main__":
    main()
