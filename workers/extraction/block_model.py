"""The vote's decision as a learned model: is this text block part of the article?

Each voice (our main block, trafilatura, resiliparse) says which blocks it took; a fixed majority rule weighs those
ballots the same way on every page. The model weighs them with what the block itself looks like (size, links,
tag, boilerplate hints) and what its neighbours got, the way the learned boilerplate detectors do (boilerpipe's
shallow text features, Kohlschütter et al. 2010; Web2Text, Vogels et al. 2018). It is a logistic regression:
its coefficients (``block_model.json``) are trained and cross-validated by ``bench/block_model.py`` on real pages
and the generated fixtures; here it is only a dot product, so a page costs microseconds more.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from lxml import html

from workers.extraction.assets import links_to_document
from workers.extraction.blocks import Block, is_negative, is_positive

MODEL_PATH = Path(__file__).with_name("block_model.json")
_SENTENCE_END = re.compile(r"[。！？.!?\"”』」)）:：]\s*$")
_PUNCT = re.compile(r"[，。、；！？：,.;!?]")
_TAGS = {
    "p": "tag_p",
    "li": "tag_li",
    "dd": "tag_li",
    "dt": "tag_li",
    "td": "tag_cell",
    "th": "tag_cell",
    "pre": "tag_quote",
    "blockquote": "tag_quote",
    "figcaption": "tag_caption",
    "caption": "tag_caption",
}
VOICES = ("ours", "trafilatura", "resiliparse")


class _VoiceKeys(NamedTuple):
    vote: str
    near: str
    container: str
    cover: str
    missing: str


_VOICE_KEYS = {
    name: _VoiceKeys(*(f"{kind}_{name}" for kind in ("v", "near", "container", "cover", "missing"))) for name in VOICES
}


@dataclass(frozen=True, slots=True)
class BlockModel:
    weights: Mapping[str, float]
    bias: float
    threshold: float

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_model(path: Path = MODEL_PATH) -> BlockModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return BlockModel(data["weights"], data["bias"], data["threshold"])


def block_features(
    blocks: Sequence[Block],
    sizes: Mapping[int, int],
    chosen: Mapping[str, set[int]],
    coverage: Mapping[str, Mapping[int, float]] | None = None,
) -> dict[int, dict[str, float]]:
    """Features of every text block that has tokens (keyed by block index), in document order.

    ``sizes``: tokens per block index; ``chosen``: voice name -> the block indexes it took. A voice that was not
    heard on the page (beyond its bound, or failed) is marked missing, so its silence is not read as a "no".
    """
    text = [b for b in blocks if b.index in sizes]
    if not text:
        return {}
    total = sum(sizes.values()) or 1
    biggest = max(sizes.values()) or 1
    heard = [name for name in VOICES if name in chosen]
    # each voice's ballot over the text blocks, in order: 1.0 where it took the block
    ballots = {name: [float(b.index in chosen.get(name, ())) for b in text] for name in VOICES}
    ours = sorted(chosen.get("ours", ()))
    first, last = (ours[0], ours[-1]) if ours else (None, None)
    coverage = coverage or {}
    # how much of each container's text each voice took: a block in a container the voices took whole is article
    containers: dict[object, list[int]] = {}
    for b in text:
        parent = b.owner.getparent()
        containers.setdefault(parent if parent is not None else b.owner, []).append(b.index)
    container_of = {i: key for key, members in containers.items() for i in members}
    taken = {
        (key, name): sum(sizes[i] for i in members if i in chosen.get(name, ())) / (sum(sizes[i] for i in members) or 1)
        for key, members in containers.items()
        for name in heard
    }
    seen_text: dict[str, int] = {}
    for b in text:
        seen_text[b.text] = seen_text.get(b.text, 0) + 1
    # many blocks share an owner (the lines of one list, a paragraph split at <br>): its hints are read once
    hints: dict[html.HtmlElement, tuple[float, float]] = {}
    documents: dict[html.HtmlElement, bool] = {}
    out: dict[int, dict[str, float]] = {}
    for n, b in enumerate(text):
        v = {name: ballots[name][n] for name in VOICES}
        f: dict[str, float] = {}
        for name in VOICES:
            keys = _VOICE_KEYS[name]
            if name in chosen:
                near = ballots[name][max(0, n - 2) : n] + ballots[name][n + 1 : n + 3]  # two blocks either side
                f[keys.vote] = v[name]
                f[keys.near] = sum(near) / len(near) if near else 0.0
                f[keys.container] = taken[(container_of[b.index], name)]
                if name in coverage:
                    f[keys.cover] = coverage[name].get(b.index, 0.0)
            else:
                f[keys.missing] = 1.0
        count = sum(v.values())
        f["all_voices"] = float(count == len(heard))
        f["no_voice"] = float(count == 0)
        f["ours_and_trafilatura"] = v["ours"] * v["trafilatura"]
        f["ours_only"] = float(v["ours"] == count == 1)
        f["others_not_ours"] = float(v["ours"] == 0 and count >= 2)
        size = sizes[b.index]
        f["log_tokens"] = math.log1p(size)
        f["share"] = size / total
        f["vs_biggest"] = size / biggest
        f["short"] = float(size < 5)
        f["link_density"] = b.link_density
        f["boiler"] = float(b.boiler)
        f["heading"] = float(b.heading)  # a heading tag, or a short all-bold line
        owner = b.owner
        tag = _TAGS.get(owner.tag)
        if tag:
            f[tag] = 1.0
        if owner not in hints:
            positive = is_positive(owner)
            hints[owner] = (float(is_negative(owner) and not positive), float(positive))
        f["negative_hint"], f["positive_hint"] = hints[owner]
        f["sentence_end"] = float(bool(_SENTENCE_END.search(b.text)))
        f["repeated"] = float(seen_text[b.text] > 1)
        if b.link_len > 0 and owner not in documents:
            documents[owner] = links_to_document(owner)
        f["document_link"] = float(b.link_len > 0 and documents[owner])
        f["punct"] = min(len(_PUNCT.findall(b.text)) / max(len(b.text), 1) * 10, 1.0)
        if first is not None:
            f["before_ours"] = float(b.index < first)
            f["after_ours"] = float(b.index > last)
        out[b.index] = f
    return out


def model_choice(
    blocks: Sequence[Block],
    sizes: Mapping[int, int],
    chosen: Mapping[str, set[int]],
    coverage: Mapping[str, Mapping[int, float]] | None = None,
    model: BlockModel | None = None,
) -> set[int]:
    """The block indexes the model takes as the article; when it takes none, the blocks every voice took (a page
    of one short text, unlike anything it learned from, keeps what all the extractors agree on)."""
    model = model or load_model()
    features = block_features(blocks, sizes, chosen, coverage)
    taken = {i for i, f in features.items() if model.probability(f) >= model.threshold}
    return taken or {i for i, f in features.items() if f["all_voices"]}
