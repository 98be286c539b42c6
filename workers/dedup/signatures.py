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


# MurmurHash3's 32-bit finalizer: the pre-mix datasketch's "affine32" scheme applies to every input hash.
_F1, _F2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)
_S16, _S13 = np.uint32(16), np.uint32(13)
CHUNK = 4096  # shingles per step: bounds the (shingles x permutations) temporary to 2 MB


@lru_cache(maxsize=8)
def permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) parameters datasketch derives from the seed: signatures stay comparable with `MinHash(seed=1)`."""
    a, b = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def fold32(shingle_hashes: np.ndarray) -> np.ndarray:
    """64-bit shingle hashes folded to the 32-bit inputs the affine32 scheme takes."""
    return ((shingle_hashes ^ (shingle_hashes >> _S32)) & _LOW32).astype(np.uint32)


def minhash(shingle_hashes: np.ndarray, num_perm: int) -> LeanMinHash:
    """The MinHash of a shingle set, computed as datasketch's `MinHash.update_batch` would (affine32 scheme: fmix32,
    then h -> a*h + b mod 2^32 per permutation, minimum over the set), vectorized. Empty set: all-max values."""
    a, b = permutations(num_perm)
    values = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    inputs = fold32(shingle_hashes)
    with np.errstate(over="ignore"):
        inputs ^= inputs >> _S16
        inputs *= _F1
        inputs ^= inputs >> _S13
        inputs *= _F2
        inputs ^= inputs >> _S16
        for start in range(0, inputs.size, CHUNK):
            chunk = inputs[start : start + CHUNK, None]
            np.minimum(values, (chunk * a + b).min(axis=0), out=values)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def from_values(values: np.ndarray | bytes) -> LeanMinHash:
    """A signature read back from storage (the uint32 values of `signature_bytes`)."""
    if isinstance(values, (bytes, bytearray, memoryview)):
        values = np.frombuffer(values, dtype="<u4")
    return LeanMinHash(seed=SEED, hashvalues=np.asarray(values, dtype=np.uint32), scheme=SCHEME)


def signature_bytes(sketch: LeanMinHash, lead: LeanMinHash | None = None) -> bytes:
    """Little-endian uint32 values: 4 bytes per permutation (512 bytes for 128), then as many for the signature of
    the body's lead when it has one (`workers.dedup.decision.Fingerprint.lead`)."""
    stored = np.asarray(sketch.hashvalues, dtype="<u4").tobytes()
    return stored if lead is None else stored + np.asarray(lead.hashvalues, dtype="<u4").tobytes()


def split_signature(stored: bytes, num_perm: int) -> tuple[LeanMinHash, LeanMinHash | None]:
    """The body's signature and its lead's (None: stored without one) from `signature_bytes`."""
    width = 4 * num_perm
    if len(stored) not in (width, 2 * width):
        raise ValueError(f"a stored signature of {len(stored)} bytes is not one or two of {num_perm} values")
    lead = from_values(stored[width:]) if len(stored) == 2 * width else None
    return from_values(stored[:width]), lead


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
