"""A seeded sample of documents for dry runs over corpora too large to read whole.

Every document is seen (reading is cheap next to classifying and tokenizing). Each is kept with an
inclusion probability that grows with its size: `fraction` for documents up to `reference_bytes`,
proportionally more above (`fraction * bytes / reference_bytes`, capped at 1), so documents of
`reference_bytes / fraction` bytes or more are always read. Tokens are nearly proportional to bytes,
so sampling in proportion to size makes every sampled document carry about the same weight of tokens:
the largest files (generated tables, vendored intrinsics), which dominate the variance of a
uniform sample, are read with certainty. Membership is decided by a hash of the seed and the stable
document id, so the sample does not depend on task counts or read order.

For the estimator the step writes two files per rank: `<work>/sample/<rank>.sampled.parquet` (id,
stratum = file extension, bytes and inclusion probability of each sampled document, so that sampled
documents dropped later still count, with zero tokens) and `<work>/sample/<rank>.population.parquet`
(documents and bytes per stratum), and `<work>/sample/<rank>.hashes.parquet` (id, content sha256
and whether it has a pair key, for every document): exact duplicates are removed across the whole
corpus, so the estimator must know which sampled document is the one copy the build would keep.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xxhash
from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from codemix.io import atomic_output, raw_bytes
from codemix.schemas.documents import PAIR_KEY, PATH

NO_EXTENSION = "(none)"
_UTF8_BOM = b"\xef\xbb\xbf"
DEFAULT_REFERENCE_BYTES = 8 * 1024
SAMPLED_SCHEMA = pa.schema(
    [("id", pa.string()), ("stratum", pa.string()), ("bytes", pa.int64()), ("probability", pa.float64())]
)
POPULATION_SCHEMA = pa.schema([("stratum", pa.string()), ("docs", pa.int64()), ("bytes", pa.int64())])
HASHES_SCHEMA = pa.schema([("id", pa.string()), ("content_sha256", pa.string()), ("paired", pa.bool_())])


def stratum_of(path: str | None) -> str:
    """The sampling stratum of a document: its lower-cased file extension, `(none)` without one."""
    if not path:
        return NO_EXTENSION
    extension = posixpath.splitext(posixpath.basename(path))[1].lower()
    return extension or NO_EXTENSION


def document_data(document: Document) -> bytes:
    data = raw_bytes(document)
    return data if data is not None else document.text.encode("utf-8", "surrogatepass")


def document_bytes(document: Document) -> int:
    return len(document_data(document))


def inclusion_probability(size_bytes: int, *, fraction: float, reference_bytes: int) -> float:
    return min(1.0, fraction * max(1.0, size_bytes / reference_bytes))


def in_sample(document_id: str, *, probability: float, seed: int) -> bool:
    return probability >= 1.0 or xxhash.xxh64_intdigest(f"{seed}:{document_id}") < probability * 2**64


class SampleDocuments(PipelineStep):
    """Keeps a seeded, size-weighted sample of documents and counts population and sample per stratum."""

    name = "🎲 Sample"
    type = "🔻 - FILTER"

    def __init__(
        self, *, fraction: float, seed: int, work_dir: str | Path, reference_bytes: int = DEFAULT_REFERENCE_BYTES
    ) -> None:
        super().__init__()
        if not 0.0 < fraction <= 1.0:
            raise ValueError(f"a sample fraction must be in (0, 1], got {fraction}")
        self.fraction = fraction
        self.seed = seed
        self.work_dir = Path(work_dir)
        if reference_bytes <= 0:
            raise ValueError(f"reference_bytes must be positive, got {reference_bytes}")
        self.reference_bytes = reference_bytes

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        records: dict[str, list] = {"id": [], "stratum": [], "bytes": [], "probability": []}
        hashes: dict[str, list] = {"id": [], "content_sha256": [], "paired": []}
        population: dict[str, list[int]] = {}
        for document in data or []:
            stratum = stratum_of(document.metadata.get(PATH))
            data = document_data(document)
            size = len(data)
            # DecodeText hashes the text without a UTF-8 BOM: hash the same bytes.
            hashes["id"].append(document.id)
            hashes["content_sha256"].append(hashlib.sha256(data.removeprefix(_UTF8_BOM)).hexdigest())
            hashes["paired"].append(document.metadata.get(PAIR_KEY) is not None)
            probability = inclusion_probability(size, fraction=self.fraction, reference_bytes=self.reference_bytes)
            counts = population.setdefault(stratum, [0, 0])
            counts[0] += 1
            counts[1] += size
            self.stat_update(f"population_docs:{stratum}")
            self.stat_update(f"population_bytes:{stratum}", value=size)
            if in_sample(document.id, probability=probability, seed=self.seed):
                self.stat_update(f"sample_docs:{stratum}")
                self.stat_update(f"sample_bytes:{stratum}", value=size)
                records["id"].append(document.id)
                records["stratum"].append(stratum)
                records["bytes"].append(size)
                records["probability"].append(probability)
                yield document
        # Written after the stream is exhausted: the record of what this rank saw and sampled.
        folder = self.work_dir / "sample"
        with atomic_output(folder / f"{rank:05d}.sampled.parquet") as handle:
            pq.write_table(pa.table(records, schema=SAMPLED_SCHEMA), handle)
        strata = sorted(population)
        table = pa.table(
            {"stratum": strata, "docs": [population[s][0] for s in strata], "bytes": [population[s][1] for s in strata]},
            schema=POPULATION_SCHEMA,
        )
        with atomic_output(folder / f"{rank:05d}.population.parquet") as handle:
            pq.write_table(table, handle)
        with atomic_output(folder / f"{rank:05d}.hashes.parquet") as handle:
            pq.write_table(pa.table(hashes, schema=HASHES_SCHEMA), handle)
