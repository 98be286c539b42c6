"""Train and cross-validate the vote's block model (workers/extraction/block_model.py, block_model.json).

    uv run --group bench python -m bench.block_model --devcorpus ../shared/devcorpus           # figures only
    uv run --group bench python -m bench.block_model --devcorpus ../shared/devcorpus --write   # and the model

Training pages: the development corpus of real pages (truth: fundus's per-publisher parsers, Readability.js) and
the generated corpus (tests' fixtures and sample sites, so the Chinese government-site layouts are represented).
A block's label: most of its 4-token shingles are in the truth's body. Each page weighs the same, a block by its
share of the page's tokens, so the model minimises the loss the body score counts.

The figure that counts is the cross-validated one: five folds grouped by publisher (a publisher's pages never
train the model that is scored on them), each page extracted end to end with the model of the folds it was not in.
The in-sample figure (the shipped model scored on its own training pages) is printed too, labelled as such.
"""

from __future__ import annotations

import argparse
import json
import logging
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from testkit.corpus import corpus
from testkit.real_pages import body_prf
from workers.extraction import ExtractionError, ExtractionRules, ensemble, extract_record
from workers.extraction.block_model import MODEL_PATH, BlockModel, block_features

FOLDS = 5
THRESHOLD = 0.5


@dataclass
class Page:
    id: str
    group: str  # pages of one publisher (or one generated site) share a fold
    real: bool
    raw: bytes
    url: str
    truth: str
    headers: dict[str, str] | None = None
    rules: dict | None = None
    rows: list[tuple[dict[str, float], int, int]] = field(default_factory=list)  # features, label, tokens

    def extract(self) -> str:
        rules = ExtractionRules(**self.rules) if self.rules else None
        try:
            return extract_record(self.raw, self.url, headers=self.headers, rules=rules).body_text
        except ExtractionError:
            return ""


def training_pages(devcorpus: Path) -> list[Page]:
    from bench.extraction import devcorpus_pages

    pages = []
    for row in devcorpus_pages(devcorpus):
        family, *rest = row["id"].split("-")
        group = "-".join(rest[:2]) if family == "fundus" else row["id"]  # fundus ids: fundus-<country>-<publisher>
        url = row.get("url") or "http://unknown.invalid/"
        pages.append(Page(row["id"], group, True, row["raw"], url, row["body"]))
    for page in corpus():
        truth = page.expected.get("body_text")
        if truth is not None:
            group = page.id.split("/")[1]
            pages.append(Page(page.id, group, False, page.body(), page.url, truth, page.headers, page.rules))
    return pages


@contextmanager
def choosing_with(choose: Callable[..., set[int]]) -> Iterator[None]:
    """The vote's decision replaced for the duration (the pipeline around it unchanged)."""
    shipped, ensemble.model_choice = ensemble.model_choice, choose
    try:
        yield
    finally:
        ensemble.model_choice = shipped


def collect(pages: list[Page]) -> None:
    """Each page's block features as the vote sees them (cascade included), with the truth's labels."""
    for page in pages:
        truth = ensemble.Output.of(page.truth)

        def capture(blocks, sizes, chosen, coverage, model=None, page=page, truth=truth):  # type: ignore[no-untyped-def]
            features = block_features(blocks, sizes, chosen, coverage)
            text = {b.index: b.text for b in blocks}
            page.rows = [(f, int(truth.covers(*_grams(text[i]))), sizes[i]) for i, f in features.items()]
            return chosen["ours"]

        with choosing_with(capture):
            page.extract()


def _grams(text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """A block's tokens and shingles, as the vote projects the voices onto it."""
    toks = ensemble.tokens(text)
    return toks, ensemble._shingles(toks)


def fit(pages: list[Page], names: list[str]) -> BlockModel:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x, y, w = [], [], []
    for page in pages:
        total = sum(size for *_, size in page.rows) or 1
        for features, label, size in page.rows:
            x.append([features.get(n, 0.0) for n in names])
            y.append(label)
            w.append(size / total)
    model = LogisticRegression(C=0.1, max_iter=5000)
    model.fit(np.array(x), np.array(y), sample_weight=np.array(w) * len(pages))
    weights = {n: round(float(c), 5) for n, c in zip(names, model.coef_[0], strict=True)}
    return BlockModel(weights, round(float(model.intercept_[0]), 5), THRESHOLD)


def score(pages: list[Page], model_of: Callable[[Page], BlockModel]) -> dict[str, float]:
    """Body P/R/F1 over the real pages and the generated pages whose body comes out exactly as expected."""
    precision = recall = 0.0
    real = exact = generated = 0
    for page in pages:
        model = model_of(page)
        with choosing_with(
            lambda blocks, sizes, chosen, coverage, model=model: _choose(model, blocks, sizes, chosen, coverage)
        ):
            body = page.extract()
        if page.real:
            p, r = body_prf(page.truth, body)[:2]
            precision, recall, real = precision + p, recall + r, real + 1
        else:
            generated += 1
            exact += body.strip() == page.truth.strip()
    p, r = precision / (real or 1), recall / (real or 1)
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0, "exact": exact, "generated": generated}


def _choose(model: BlockModel, blocks, sizes, chosen, coverage) -> set[int]:  # type: ignore[no-untyped-def]
    features = block_features(blocks, sizes, chosen, coverage)
    return {i for i, f in features.items() if model.probability(f) >= model.threshold}


def folds(pages: list[Page]) -> list[list[Page]]:
    from sklearn.model_selection import GroupKFold

    split = GroupKFold(n_splits=FOLDS).split(pages, groups=[p.group for p in pages])
    return [[pages[i] for i in held_out] for _, held_out in split]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devcorpus", type=Path, required=True, help="the development corpus of real pages")
    parser.add_argument("--write", action="store_true", help=f"write the model trained on every page to {MODEL_PATH}")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")
    pages = training_pages(args.devcorpus)
    collect(pages)
    names = sorted({name for page in pages for features, *_ in page.rows for name in features})
    held_out_model: dict[str, BlockModel] = {}
    for fold in folds(pages):
        model = fit([p for p in pages if p not in fold], names)
        held_out_model.update((p.id, model) for p in fold)
    final = fit(pages, names)
    real = sum(p.real for p in pages)
    print(f"{real} real pages, {len(pages) - real} generated pages, {FOLDS} folds grouped by publisher\n")
    for label, model_of in (
        ("cross-validated (held-out publishers)", lambda p: held_out_model[p.id]),
        ("in-sample (the model trained on all)", lambda p: final),
    ):
        s = score(pages, model_of)
        print(
            f"{label:40} real pages: P {s['P']:.4f} R {s['R']:.4f} F1 {s['F1']:.4f}   "
            f"generated pages exact: {s['exact']}/{s['generated']}"
        )
    if args.write:
        data = {"weights": final.weights, "bias": final.bias, "threshold": final.threshold}
        MODEL_PATH.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"\nwrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
