"""MinHash signatures of shingle sets (datasketch's "affine32" scheme) and the LSH band keys derived from them."""

from __future__ import annotations

from functools import lru_cache
from hashlib import blake2b

import numpy as np
from datasketch import LeanMinHash, MinHash

SCHEME = "affine32"
SEED = 1
_LOW32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=8)
def _template(num_perm: int) -> MinHash:
    """An empty MinHash whose permutations are shared by every signature of this size (they are seed-derived)."""
    return MinHash(num_perm=num_perm, seed=SEED, hashfunc=_identity, scheme=SCHEME)


def fold32(shingle_hashes: np.ndarray) -> np.ndarray:
    """64-bit shingle hashes folded to the 32-bit inputs the affine32 scheme takes."""
    return ((shingle_hashes ^ (shingle_hashes >> _S32)) & _LOW32).astype(np.uint32)


def minhash(shingle_hashes: np.ndarray, num_perm: int) -> LeanMinHash:
    """The MinHash of a shingle set; an empty set gives the all-max signature (it never collides usefully)."""
    sketch = _template(num_perm).copy()
    if shingle_hashes.size:
        sketch.update_batch(fold32(shingle_hashes).tolist())
    return LeanMinHash(sketch)


def from_values(values: np.ndarray | bytes) -> LeanMinHash:
    """A signature read back from storage (the uint32 values of `signature_bytes`)."""
    if isinstance(values, (bytes, bytearray, memoryview)):
        values = np.frombuffer(values, dtype="<u4")
    return LeanMinHash(seed=SEED, hashvalues=np.asarray(values, dtype=np.uint32), scheme=SCHEME)


def signature_bytes(sketch: LeanMinHash) -> bytes:
    """Little-endian uint32 values: 4 bytes per permutation (512 bytes for 128)."""
    return np.asarray(sketch.hashvalues, dtype="<u4").tobytes()


def band_keys(sketch: MinHash, bands: int, rows: int) -> list[int]:
    """One signed 64-bit key per LSH band: two documents are LSH candidates iff they share a key.

    Used to serialize concurrent cluster assignment (a lock per key) without asking the index anything.
    """
    values = np.asarray(sketch.hashvalues, dtype="<u4")
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = blake2b(chunk, digest_size=8, person=b"uf-band" + bytes([band])).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def key64(namespace: str, value: str) -> int:
    """A signed 64-bit key for `value` in `namespace` ("url", "hash", "cluster"): what a lock is taken on."""
    digest = blake2b(value.encode("utf-8"), digest_size=8, person=f"uf-{namespace}"[:16].encode()).digest()
    return int.from_bytes(digest, "little", signed=True)
