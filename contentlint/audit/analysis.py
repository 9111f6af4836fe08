"""Archive-level analysis: near-duplicate articles, spin families and duplicate titles.

Near-duplicates share most word 5-shingles (MinHash LSH, Jaccard about 0.8 and above). A spin
family is a set of articles spun from one seed: a spinner rewrites common words but leaves the long,
technical ones ("microneedling", "hyaluronic"), so the family shares its long words even when few
5-shingles survive (DSpin, Zhang et al. 2014, uses the same idea). Groups are connected components.
"""

from __future__ import annotations

from .store import Store
from .worker import NUM_PERM, SCHEME

NEAR_DUPLICATE_THRESHOLD = 0.8
FAMILY_THRESHOLD = 0.5
# LSH bands and rows for these thresholds at NUM_PERM permutations: datasketch's own optimum (equal
# weights of false positives and negatives), stated here so that an audit does not import scipy to
# integrate for them at every run; tests/test_audit.py checks they still equal datasketch's choice.
LSH_PARAMS = {NEAR_DUPLICATE_THRESHOLD: (5, 11), FAMILY_THRESHOLD: (14, 4)}


def _groups(store: Store, column: str, threshold: float) -> list[list[int]]:
    import numpy as np

    from ..startup import defer_scipy_integrate

    defer_scipy_integrate()  # datasketch imports scipy.integrate for LSH parameters only
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=LSH_PARAMS.get(threshold))
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc_id, blob in store.signatures(column):
        # LeanMinHash: the stored hash values only, without regenerating permutations per document.
        lsh.insert(doc_id, LeanMinHash(seed=1, hashvalues=np.frombuffer(blob, dtype="<u8"), scheme=SCHEME))
    # Two documents are candidates when they share a bucket of some band, so the components are those
    # of the buckets: joining each bucket's members once costs documents x bands, where querying every
    # document would cost documents x candidates (all of them, in an archive of one network's spins).
    for table in lsh.hashtables:
        for key in table.keys():  # noqa: SIM118 (a datasketch storage, not a dict)
            members = iter(table.get(key))
            first = find(next(members))
            for other in members:
                root = find(other)
                if root != first:
                    parent[root] = first
    groups: dict[int, list[int]] = {}
    for doc_id in parent:
        groups.setdefault(find(doc_id), []).append(doc_id)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g[0]))


def _duplicate_titles(store: Store) -> list[list[int]]:
    rows = store.db.execute(
        "SELECT lower(trim(title)), group_concat(id) FROM documents WHERE title IS NOT NULL AND trim(title) != '' "
        "GROUP BY lower(trim(title)) HAVING count(*) > 1 ORDER BY count(*) DESC, min(id)"
    ).fetchall()
    return [sorted(int(x) for x in ids.split(",")) for _, ids in rows]


def analyse(store: Store) -> dict[str, int]:
    near = _groups(store, "signature", NEAR_DUPLICATE_THRESHOLD)
    families = _groups(store, "family_tokens", FAMILY_THRESHOLD)
    titles = _duplicate_titles(store)
    store.replace_clusters("near-duplicate", near)
    store.replace_clusters("spin-family", families)
    store.replace_clusters("duplicate-title", titles)
    return {"near-duplicate": len(near), "spin-family": len(families), "duplicate-title": len(titles)}
