"""A seeded Bernoulli sample of documents, for dry runs over corpora too large to read whole.

Every document is seen (reading is cheap next to classifying and tokenizing); each is kept with
probability `fraction`, decided by a hash of the seed and its stable id, so the sample does not depend
on task counts or read order. Documents of at least `certainty_bytes` are always kept, in strata of
their own: the largest files (generated tables, vendored intrinsics) carry most of the variance of a
token estimate and a small sample that misses or hits a few of them swings it by several percent. For the estimator, the step counts the whole population and the sample
per stratum (the file extension, known without decoding): documents and bytes. Those counts are
datatrove stats of this step (`population_docs:<stratum>`, `population_bytes:<stratum>`,
`sample_docs:<stratum>`, `sample_bytes:<stratum>`) and, for the estimator, two files per rank:
`<work>/sample/<rank>.sampled.parquet` (id, stratum, bytes of each sampled document, so that sampled
documents dropped later still count, with zero tokens) and `<work>/sample/<rank>.population.parquet`
(documents and bytes per stratum).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xxhash
from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from codemix.pipeline.workdir import atomic_output
from codemix.schemas.documents import PATH
from codemix.stages.read import raw_bytes

NO_EXTENSION = "(none)"
#: Suffix of the strata of documents that are always sampled (their totals are exact).
CERTAIN_SUFFIX = " (large, all read)"
DEFAULT_CERTAINTY_BYTES = 128 * 1024
SAMPLED_SCHEMA = pa.schema([("id", pa.string()), ("stratum", pa.string()), ("bytes", pa.int64())])
POPULATION_SCHEMA = pa.schema([("stratum", pa.string()), ("docs", pa.int64()), ("bytes", pa.int64())])


def stratum_of(path: str | None) -> str:
    """The sampling stratum of a document: its lower-cased file extension, `(none)` without one."""
    if not path:
        return NO_EXTENSION
    extension = posixpath.splitext(posixpath.basename(path))[1].lower()
    return extension or NO_EXTENSION


def document_bytes(document: Document) -> int:
    data = raw_bytes(document)
    return len(data) if data is not None else len(document.text.encode("utf-8", "surrogatepass"))


def in_sample(document_id: str, *, fraction: float, seed: int) -> bool:
    return xxhash.xxh64_intdigest(f"{seed}:{document_id}") < fraction * 2**64


class SampleDocuments(PipelineStep):
    """Keeps a seeded fraction of documents and counts population and sample per stratum."""

    name = "🎲 Sample"
    type = "🔻 - FILTER"

    def __init__(
        self, *, fraction: float, seed: int, work_dir: str | Path, certainty_bytes: int = DEFAULT_CERTAINTY_BYTES
    ) -> None:
        super().__init__()
        if not 0.0 < fraction <= 1.0:
            raise ValueError(f"a sample fraction must be in (0, 1], got {fraction}")
        self.fraction = fraction
        self.seed = seed
        self.work_dir = Path(work_dir)
        self.certainty_bytes = certainty_bytes

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        records: dict[str, list] = {"id": [], "stratum": [], "bytes": []}
        population: dict[str, list[int]] = {}
        for document in data or []:
            stratum = stratum_of(document.metadata.get(PATH))
            size = document_bytes(document)
            certain = size >= self.certainty_bytes
            if certain:
                stratum += CERTAIN_SUFFIX
            counts = population.setdefault(stratum, [0, 0])
            counts[0] += 1
            counts[1] += size
            self.stat_update(f"population_docs:{stratum}")
            self.stat_update(f"population_bytes:{stratum}", value=size)
            if certain or in_sample(document.id, fraction=self.fraction, seed=self.seed):
                self.stat_update(f"sample_docs:{stratum}")
                self.stat_update(f"sample_bytes:{stratum}", value=size)
                records["id"].append(document.id)
                records["stratum"].append(stratum)
                records["bytes"].append(size)
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
