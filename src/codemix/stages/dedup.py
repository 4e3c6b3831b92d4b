"""Exact and near-duplicate removal and benchmark decontamination: four executor stages between ingest and pairing.

    docs/<k>.parquet
      ─DedupSignatures (tasks)──►  dedup/minhash/bucket_<b>/<k>.minhash.sig   datatrove's signature format: band b < bands
                                                                              of the MinHash, b = bands the content hash
                                   dedup/signatures/<k>.npy                   every document's whole MinHash (row order)
                                   dedup/contaminated/<k>.parquet             benchmark matches
                                   dedup/pair_keys/<k>.parquet                (pair key, language) of keyed documents
      ─MinhashDedupBuckets (datatrove's, bands spread over the tasks)──►  dedup/dups/<b>_00.dups   documents that
                                                                            share a band
      ─ClusterDuplicates (1 task)──►  dedup/clusters/<k>.parquet   duplicates removed, each with the copy kept
      ─ApplyDedup (tasks)──►  dedup/removed/<k>.parquet   and the reject records rejected/<k>.dedup.jsonl

`<k>` is the stem of a docs file (`00003`): every file is keyed by the docs file and row its documents live in,
never by the task that handled them, so a stage's output is the same for any number of tasks. Later stages
(pairing, the plan's inventory) see a docs file through `keep_mask`, which leaves the removed rows out.

Which copy survives. Datatrove's own cluster step keeps the document with the smallest (file, index) of each
cluster, which depends on how documents were split into files; here the copy kept is the first by the
documented rule, whatever the task count: not contaminated first, then a copy that can serve in a translation
pair (its pair key's group holds the pivot and another paired language), then the smallest id. Near duplicates
are looked for within a language only (a TypeScript file that is its JavaScript twice with types stays; The
Stack deduplicates per language too): the band values carry the language, so documents of two languages never
share a band. Exact copies are found across languages. Candidate pairs from a band are verified before they join a
cluster: each document of a band group is compared with the group's first document by that rule (an exact
copy by its content hash, a near one by the estimated Jaccard similarity of their whole signatures, at least
`threshold`), so the clusters, too, depend only on the documents.

Every output file is written under a temporary name and renamed (a killed task leaves no partial file under a
final name; a rerun of the task removes the temporary files it left and writes them again).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import pyarrow as pa
import xxhash
import pyarrow.compute as pc
import pyarrow.parquet as pq
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupBuckets
from datatrove.utils.hashing import HashConfig

from codemix.dedup.benchmarks import BenchmarkIndex
from codemix.dedup.minhash import MinHashScheme, estimated_jaccard, signature
from codemix.dedup.shingles import hash_tokens, ngram_hashes
from codemix.io import (
    atomic_output,
    read_parquet_rows,
    release_free_memory,
    write_parquet_atomic,
)
from codemix.schemas.config import BenchmarkConfig, NearDedupConfig
from codemix.schemas.documents import (
    BENCHMARK_CONTAMINATION,
    DEDUP_REMOVED_SCHEMA,
    EXACT_DUPLICATE,
    NEAR_DUPLICATE,
    drop_stat,
)
from codemix.stages.rejects import reject_record, write_reject_records

MINHASH_DIR = "minhash"
SIGNATURES_DIR = "signatures"
PAIR_KEYS_DIR = "pair_keys"
CONTAMINATED_DIR = "contaminated"
DUPS_DIR = "dups"
CLUSTERS_DIR = "clusters"
REMOVED_DIR = "removed"

#: Values of the content-hash band when near-duplicate removal is off (32 bytes of BLAKE2b).
EXACT_ONLY_ROWS = 8
#: datatrove's signature readers stop at a band whose first value is the largest uint32: keep values below it.
_MAX_VALUE = np.uint32(0xFFFFFFFE)

#: The survivor rule among copies (after "not contaminated"): a copy that can be paired first, then the smallest
#: id. Sort keys over the columns `unpaired` (bool) and `id`; the sampled dry run's estimate applies the same
#: order (with "has a pair key" for "can be paired": it sees hashes, not groups).
SURVIVOR_ORDER: tuple[tuple[str, str], ...] = (("unpaired", "ascending"), ("id", "ascending"))

CONTAMINATED_SCHEMA = pa.schema(
    [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("benchmark", pa.string(), nullable=False),
        pa.field("benchmark_item", pa.string(), nullable=False),
        pa.field("shared_ngrams", pa.int64(), nullable=False),
        pa.field("item_fraction", pa.float32(), nullable=False),
    ]
)
CLUSTERS_SCHEMA = pa.schema(
    [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),  # exact_duplicate or near_duplicate
        pa.field("duplicate_of", pa.string(), nullable=False),
        pa.field("similarity", pa.float32(), nullable=False),
    ]
)


@dataclass(frozen=True)
class DedupLayout:
    """What the dedup stages compute, from the config: the bands of the signature files and which passes run."""

    near: NearDedupConfig | None
    exact: bool
    benchmarks: tuple[BenchmarkConfig, ...] = ()
    #: the pivot and the paired languages when the build pairs (a copy that can be paired survives first)
    pivot: str | None = None
    pairing_languages: tuple[str, ...] = ()

    @property
    def clusters(self) -> bool:
        """Whether duplicates are looked for at all (the bucket and cluster stages run)."""
        return self.near is not None or self.exact

    @property
    def any(self) -> bool:
        return self.clusters or bool(self.benchmarks)

    @property
    def rows(self) -> int:
        return self.near.num_perm // self.near.bands if self.near is not None else EXACT_ONLY_ROWS

    @property
    def near_bands(self) -> int:
        return self.near.bands if self.near is not None else 0

    @property
    def exact_band(self) -> int | None:
        """The band holding the content hash, after the MinHash bands; None without exact dedup."""
        return self.near_bands if self.exact else None

    @property
    def num_bands(self) -> int:
        return self.near_bands + (1 if self.exact else 0)

    def scheme(self) -> MinHashScheme:
        assert self.near is not None
        return MinHashScheme(num_perm=self.near.num_perm, bands=self.near.bands, seed=self.near.seed)

    def minhash_config(self) -> MinhashConfig:
        """The config datatrove's bucket step reads the signature files with (one bucket per band)."""
        return MinhashConfig(
            n_grams=self.near.ngram_tokens if self.near is not None else 1,
            num_buckets=self.num_bands,
            hashes_per_bucket=self.rows,
            seed=self.near.seed if self.near is not None else 0,
            hash_config=HashConfig(precision=32),
        )


def docs_files(docs_dir: Path) -> list[Path]:
    """The docs files, sorted; their stems are datatrove's file ids in the signature and candidate files."""
    files = sorted(Path(docs_dir).glob("*.parquet"))
    for file in files:
        if not file.stem.isdigit():
            raise ValueError(f"{file}: a docs file is named <number>.parquet (its number keys the dedup files)")
    return files


def _remove_stale(folder: Path, stem: str) -> None:
    """Temporary files a killed earlier attempt left for `stem` in `folder` (any depth)."""
    if folder.is_dir():
        for stale in folder.rglob(f".{stem}.*.tmp"):
            stale.unlink(missing_ok=True)


def _band_records_dtype(rows: int) -> np.dtype:
    return np.dtype([(f"h{i}", "<u4") for i in range(rows)] + [("doc", "<u4")])


def _band_records(values: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Band records (datatrove's format): `rows` uint32 values and the row of each document, in the given order."""
    records = np.empty(len(docs), dtype=_band_records_dtype(values.shape[1]))
    for i in range(values.shape[1]):
        records[f"h{i}"] = values[:, i]
    records["doc"] = docs
    return records


def _write_band_records(path: Path, records: np.ndarray) -> None:
    """One band of a docs file, sorted as datatrove's bucket step reads it."""
    records.sort(order=list(records.dtype.names))
    with atomic_output(path) as handle:
        handle.write(records.tobytes())


def _write_band(path: Path, values: np.ndarray, docs: np.ndarray) -> None:
    """One band of a docs file in datatrove's format: `rows` uint32 values and the row, sorted."""
    _write_band_records(path, _band_records(values, docs))


def _band_spill(minhash_dir: Path, band: int, stem: str) -> Path:
    """Where one band's records of a docs file wait, unsorted, until the file is done (a killed task's spill
    matches `_remove_stale`'s pattern)."""
    return minhash_dir / f"bucket_{band:03d}" / f".{stem}.spill.tmp"


def language_key(language: str) -> np.uint32:
    """XORed into a document's MinHash band values: documents of two languages never share a band."""
    return np.uint32(xxhash.xxh32_intdigest(language.encode("utf-8")))


def content_band(content_sha256: str, rows: int) -> np.ndarray:
    """The content-hash band of a document: `rows` uint32 of BLAKE2b over its sha256 (equal texts, equal band)."""
    digest = hashlib.blake2b(bytes.fromhex(content_sha256), digest_size=4 * rows).digest()
    return np.minimum(np.frombuffer(digest, dtype="<u4"), _MAX_VALUE)


class DedupSignatures(PipelineStep):
    """Per docs file: the MinHash bands and content-hash band (datatrove's signature files), every document's whole
    signature (for verifying candidates), and its benchmark matches.

    Rank r handles `docs_files(docs_dir)[r::world_size]`. A document with no token (only comments) gets no
    MinHash; one with fewer tokens than an n-gram is one shingle of all its tokens."""

    name = "🫆 dedup signatures"
    type = "🫂 - DEDUP"

    def __init__(
        self,
        *,
        docs_dir: str | Path,
        dedup_dir: str | Path,
        layout: DedupLayout,
        batch_rows: int = 1000,
    ) -> None:
        super().__init__()
        self.docs_dir = Path(docs_dir)
        self.dedup_dir = Path(dedup_dir)
        self.layout = layout
        self.batch_rows = batch_rows

    def _contamination(self, indexes: list[BenchmarkIndex], words: np.ndarray, row: int, rows: dict) -> str | None:
        """Record the best benchmark match of a document (most shared n-grams; the first benchmark in config
        order on a tie) in `rows`; return its benchmark's name, or None."""
        best = None
        for index in indexes:
            match = index.match(words)
            if match is not None and (best is None or match.shared_ngrams > best.shared_ngrams):
                best = match
        if best is None:
            return None
        for key, value in (("row", row), ("benchmark", best.benchmark), ("benchmark_item", best.item),
                           ("shared_ngrams", best.shared_ngrams), ("item_fraction", best.item_fraction)):
            rows[key].append(value)
        return best.benchmark

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        layout = self.layout
        indexes = [BenchmarkIndex.load(benchmark) for benchmark in layout.benchmarks]
        for index in indexes:
            self.stat_update(f"benchmark_items_unmatchable_{index.name}", value=len(index.unmatchable_items))
        scheme = layout.scheme() if layout.near is not None else None
        for path in docs_files(self.docs_dir)[rank::world_size]:
            stem = path.stem
            _remove_stale(self.dedup_dir, stem)
            parquet = pq.ParquetFile(path)
            num_rows = parquet.metadata.num_rows
            minhash = self.dedup_dir / MINHASH_DIR
            exact_values = np.zeros((num_rows, layout.rows), dtype=np.uint32)
            contaminated: dict[str, list] = {name: [] for name in CONTAMINATED_SCHEMA.names}
            columns = ["text", "language", "content_sha256"]
            # Memory is one batch: its signatures go to the signature file and its band records to one spill
            # file per band as each batch is done; each band is sorted on its own at the end.
            with contextlib.ExitStack() as files:
                signatures_out = spills = None
                if scheme is not None:
                    signatures_out = files.enter_context(atomic_output(self.dedup_dir / SIGNATURES_DIR / f"{stem}.npy"))
                    np.lib.format.write_array_header_1_0(signatures_out, {
                        "descr": np.lib.format.dtype_to_descr(np.dtype(np.uint32)), "fortran_order": False,
                        "shape": (num_rows, scheme.num_perm)})
                    spills = []
                    for band in range(layout.near_bands):
                        (minhash / f"bucket_{band:03d}").mkdir(parents=True, exist_ok=True)
                        spills.append(files.enter_context(open(_band_spill(minhash, band, stem), "wb")))
                row = 0
                for batch in parquet.iter_batches(batch_size=self.batch_rows, columns=columns):
                    with self.track_time(unit="batch"):
                        first_row = row
                        signatures = np.zeros((batch.num_rows, scheme.num_perm if scheme else 0), dtype=np.uint32)
                        has_signature = np.zeros(batch.num_rows, dtype=bool)
                        language_keys = np.zeros(batch.num_rows, dtype=np.uint32)
                        for text, language, sha in zip(*(batch.column(c).to_pylist() for c in columns)):
                            self.stat_update("docs")
                            hashes = hash_tokens(text, language)
                            if scheme is not None:
                                values = signature(
                                    ngram_hashes(hashes.all, layout.near.ngram_tokens, whole_if_shorter=True), scheme
                                )
                                if values is None:
                                    self.stat_update("docs_without_tokens")
                                else:
                                    signatures[row - first_row] = values
                                    has_signature[row - first_row] = True
                                    language_keys[row - first_row] = language_key(language)
                            if layout.exact:
                                exact_values[row] = content_band(sha, layout.rows)
                            if indexes and self._contamination(indexes, hashes.words, row, contaminated):
                                self.stat_update(f"contaminated_{language}")
                            row += 1
                        if scheme is not None:
                            signatures_out.write(signatures.tobytes())
                            docs = np.flatnonzero(has_signature)
                            keyed = signatures[docs] ^ language_keys[docs][:, None]
                            for band, spill in enumerate(spills):
                                band_values = np.minimum(keyed[:, band * layout.rows : (band + 1) * layout.rows],
                                                         _MAX_VALUE)
                                spill.write(_band_records(band_values, (docs + first_row).astype(np.uint32)).tobytes())
                        release_free_memory()  # memory is one batch's (`codemix.io.release_free_memory`)
            with self.track_time(unit="file"):
                if scheme is not None:
                    for band in range(layout.near_bands):
                        spill = _band_spill(minhash, band, stem)
                        _write_band_records(minhash / f"bucket_{band:03d}" / f"{stem}.minhash.sig",
                                            np.fromfile(spill, dtype=_band_records_dtype(layout.rows)))
                        spill.unlink()
                if layout.exact_band is not None:
                    _write_band(minhash / f"bucket_{layout.exact_band:03d}" / f"{stem}.minhash.sig", exact_values,
                                np.arange(num_rows, dtype=np.uint32))
                if indexes:
                    table = pa.Table.from_pydict(contaminated, schema=CONTAMINATED_SCHEMA)
                    write_parquet_atomic(table, self.dedup_dir / CONTAMINATED_DIR / f"{stem}.parquet")
                if layout.clusters and layout.pivot is not None:
                    keys = pq.read_table(path, columns=["pair_key", "language"]).filter(pc.is_valid(pc.field("pair_key")))
                    keys = keys.group_by(["pair_key", "language"]).aggregate([]).sort_by([("pair_key", "ascending"),
                                                                                         ("language", "ascending")])
                    write_parquet_atomic(keys, self.dedup_dir / PAIR_KEYS_DIR / f"{stem}.parquet")
            self.stat_update("docs_files")


class BandBuckets(PipelineStep):
    """datatrove's MinhashDedupBuckets over several bands per task: rank r runs it for bands r, r + world_size, ...

    datatrove's step is one task per band (its rank is the band); a build with 33 bands and 2 workers would start
    33 tasks for a few documents each. The step is run unchanged, as the task of each band it is given."""

    name = "🫆 dedup buckets"
    type = "🫂 - DEDUP"

    def __init__(self, *, dedup_dir: str | Path, layout: DedupLayout) -> None:
        super().__init__()
        dedup_dir = Path(dedup_dir)
        self.layout = layout
        self.buckets = MinhashDedupBuckets(input_folder=str(dedup_dir / MINHASH_DIR),
                                           output_folder=str(dedup_dir / DUPS_DIR), config=layout.minhash_config())

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        for band in range(rank, self.layout.num_bands, world_size):
            with self.track_time(unit="band"):
                self.buckets.run(None, band, self.layout.num_bands)
            self.stat_update("bands")
        self.stats.stats = self.stats.stats + self.buckets.stats.stats  # its counters (total_matches) as ours


# --- clusters -----------------------------------------------------------------------------------------
#: Candidate pairs whose signatures are compared at once (two chunks of 1024 x 256 uint32: 2 MB, and at most 2,048
#: mapped pages). Small enough that a small corpus fills a chunk too: the stage's memory does not grow with the
#: number of candidates.
_PAIRS_PER_CHUNK = 1 << 10
_DUPS_DTYPE = np.dtype([("f1", "<u4"), ("d1", "<u4"), ("f2", "<u4"), ("d2", "<u4")])


def _node_keys(files: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """A document as one uint64: its docs file's number (datatrove's file id) and its row."""
    return (files.astype(np.uint64) << np.uint64(32)) | rows.astype(np.uint64)


def _split_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (keys >> np.uint64(32)).astype(np.int64), (keys & np.uint64(0xFFFFFFFF)).astype(np.int64)


def _fixed_width(column: pa.ChunkedArray, width: int) -> np.ndarray:
    """A string column whose values all have `width` bytes (hex digests) as a numpy `S<width>` array, copied once
    from Arrow's buffer: no Python string per value."""
    values = column.combine_chunks().cast(pa.binary(width))
    if len(values) == 0:
        return np.empty(0, dtype=f"S{width}")
    return np.frombuffer(values.buffers()[1], dtype=f"S{width}", count=len(values), offset=values.offset * width).copy()


def _band_groups(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The groups of one band's candidate file: (group index, node key) of every member.

    datatrove writes a pair (previous, next) for every two neighbours with the same band values, so a group of k
    documents is k - 1 consecutive pairs chained by their shared member."""
    pairs = np.fromfile(path, dtype=_DUPS_DTYPE)
    if len(pairs) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.uint64)
    firsts = _node_keys(pairs["f1"], pairs["d1"])
    seconds = _node_keys(pairs["f2"], pairs["d2"])
    starts = np.ones(len(pairs), dtype=bool)
    starts[1:] = firsts[1:] != seconds[:-1]
    group = np.cumsum(starts) - 1
    members = np.concatenate([firsts[starts], seconds])
    groups = np.concatenate([group[starts], group])
    return groups, members


class ClusterDuplicates(PipelineStep):
    """Verify the candidate pairs of every band, join verified pairs into clusters, and keep one copy of each.

    Reads `dups/` (datatrove's bucket output), the docs files' `id`, `pair_key`, `language` and `content_sha256`
    columns for the candidates only, the whole signatures of near candidates, the contaminated rows and the pair
    keys' languages; writes `clusters/<k>.parquet` for every docs file (empty when it lost nothing). One task: it
    sees every candidate, and holds only candidates (never every document) in memory."""

    name = "🫆 dedup clusters"
    type = "🫂 - DEDUP"

    def __init__(self, *, docs_dir: str | Path, dedup_dir: str | Path, layout: DedupLayout) -> None:
        super().__init__()
        self.docs_dir = Path(docs_dir)
        self.dedup_dir = Path(dedup_dir)
        self.layout = layout

    def _band_files(self) -> list[tuple[int, Path]]:
        """(band, candidate file) of every band: one band's groups are read at a time, never all bands' at once."""
        return [(int(path.name.split("_")[0]), path) for path in sorted((self.dedup_dir / DUPS_DIR).glob("*.dups"))]

    def _nodes(self, band_files: list[tuple[int, Path]]) -> np.ndarray:
        """Every candidate's node key, sorted: a union over the bands, one band in memory at a time."""
        nodes = np.empty(0, dtype=np.uint64)
        for _, path in band_files:
            nodes = np.union1d(nodes, _band_groups(path)[1])
        return nodes

    def _node_table(self, nodes: np.ndarray, files: dict[int, Path]) -> pa.Table:
        """id, pair key, language and content hash of every node (in node order), read from the docs files."""
        file_of, row_of = _split_keys(nodes)
        columns = ["id", "pair_key", "language", "content_sha256"]
        schema = pa.schema([(name, pa.string()) for name in columns])
        pieces = []
        for number in np.unique(file_of).tolist():
            if number not in files:
                raise ValueError(f"{self.dedup_dir / DUPS_DIR}: a candidate names docs file {number}, which is not in "
                                 f"{self.docs_dir}: dedup files of another run are probably left over")
            # only the candidates' rows, a row group at a time: whole columns of a docs file grow with the corpus
            pieces.append(read_parquet_rows(files[number], row_of[file_of == number], columns).cast(schema))
            release_free_memory()
        return pa.concat_tables(pieces).combine_chunks() if pieces else schema.empty_table()

    def _contaminated(self, nodes: np.ndarray) -> np.ndarray:
        """Which nodes a benchmark matched."""
        keys = [np.empty(0, dtype=np.uint64)]
        for path in sorted((self.dedup_dir / CONTAMINATED_DIR).glob("*.parquet")):
            rows = pq.read_table(path, columns=["row"]).column("row").to_numpy()
            keys.append(_node_keys(np.full(len(rows), int(path.stem)), rows))
        return np.isin(nodes, np.concatenate(keys))

    def _pairable(self, table: pa.Table) -> np.ndarray:
        """Which nodes can serve in a translation pair: a paired language, and a pair key whose group (over the
        whole corpus) holds the pivot and another paired language."""
        if self.layout.pivot is None or table.num_rows == 0:
            return np.zeros(table.num_rows, dtype=bool)
        paired = pa.array(sorted(self.layout.pairing_languages))
        wanted = pc.unique(table["pair_key"].drop_null())
        pieces = [pq.read_table(path).filter(pc.is_in(pc.field("pair_key"), value_set=wanted))
                  for path in sorted((self.dedup_dir / PAIR_KEYS_DIR).glob("*.parquet"))]
        keys = pa.concat_tables(pieces).filter(pc.is_in(pc.field("language"), value_set=paired))
        groups = keys.group_by("pair_key").aggregate([("language", "distinct")])
        good = [key for key, langs in zip(groups["pair_key"].to_pylist(), groups["language_distinct"].to_pylist())
                if self.layout.pivot in langs and len(set(langs)) >= 2]
        return (pc.is_in(table["pair_key"], value_set=pa.array(good, pa.string())).to_numpy(zero_copy_only=False)
                & pc.is_in(table["language"], value_set=paired).to_numpy(zero_copy_only=False))

    def _signature_reader(self, nodes: np.ndarray, files: dict[int, Path]) -> "SignatureRows":
        """Reads the whole signatures of given nodes from the signature files (module `SignatureRows`)."""
        file_of, row_of = _split_keys(nodes)
        return SignatureRows({number: self.dedup_dir / SIGNATURES_DIR / f"{files[number].stem}.npy"
                              for number in np.unique(file_of).tolist()}, file_of=file_of, row_of=row_of)

    def _star_pairs(self, band_files: list[tuple[int, Path]], nodes: np.ndarray,
                    rank_of: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(first, other, in the exact band) for every member of every band group and the group's first member
        by the survivor rule: the pairs to verify. Bands are read one at a time and their pairs merged into the
        unique pairs so far, so memory is one band's groups and the distinct pairs, not every band's pairs."""
        found = np.empty(0, dtype=np.int64)
        for band, path in band_files:
            groups, members = _band_groups(path)
            index = np.searchsorted(nodes, members)
            by_group = np.lexsort((rank_of[index], groups))
            groups, index = groups[by_group], index[by_group]
            first = np.ones(len(groups), dtype=bool)
            first[1:] = groups[1:] != groups[:-1]
            head = index[first][np.cumsum(first) - 1][~first]
            # a pair found in several bands is verified once (an exact-band pair sorts first and keeps its flag)
            found = np.union1d(found, (head * len(nodes) + index[~first]) * 2 + (band != self.layout.exact_band))
        pair = found // 2
        first_of_pair = np.ones(len(pair), dtype=bool)
        first_of_pair[1:] = pair[1:] != pair[:-1]
        found = found[first_of_pair]
        return (found // 2) // len(nodes), (found // 2) % len(nodes), (found % 2) == 0

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        if world_size != 1:
            raise ValueError("ClusterDuplicates runs as one task: it must see every candidate pair")
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        files = {int(path.stem): path for path in docs_files(self.docs_dir)}
        with self.track_time(unit="run"), contextlib.ExitStack() as open_files:
            band_files = self._band_files()
            nodes = self._nodes(band_files)
            table = self._node_table(nodes, files)
            # the survivor rule as a rank: not contaminated, then can be paired, then the smallest id
            rule = pa.table({"contaminated": self._contaminated(nodes), "unpaired": ~self._pairable(table),
                             "id": table["id"]})
            order = pc.sort_indices(rule, sort_keys=[("contaminated", "ascending"), *SURVIVOR_ORDER]).to_numpy()
            rank_of = np.empty(len(nodes), dtype=np.int64)
            rank_of[order] = np.arange(len(nodes))
            # fixed-width bytes and integer codes, not Python strings: a few bytes a node
            sha = _fixed_width(table["content_sha256"], 64)
            language = pc.dictionary_encode(table["language"].combine_chunks()).indices.to_numpy(zero_copy_only=False)
            signatures = (open_files.enter_context(self._signature_reader(nodes, files))
                          if self.layout.near is not None else None)

            def similarity(first: np.ndarray, second: np.ndarray) -> np.ndarray:
                out = np.ones(len(first), dtype=np.float32)
                if signatures is not None:
                    for start in range(0, len(first), _PAIRS_PER_CHUNK):  # bounded memory: a chunk of pairs
                        chunk = slice(start, start + _PAIRS_PER_CHUNK)
                        out[chunk] = estimated_jaccard(signatures.rows(first[chunk]), signatures.rows(second[chunk]))
                return out

            release_free_memory()  # what reading the node table and sorting it left with the allocators
            head, tail, exact_band = self._star_pairs(band_files, nodes, rank_of)
            same_content = sha[head] == sha[tail]
            threshold = self.layout.near.threshold if self.layout.near is not None else 1.0
            near = (language[head] == language[tail]) & (similarity(head, tail) >= threshold)
            accepted = np.where(exact_band, same_content, same_content | near).astype(bool)
            self.stat_update("candidate_pairs", value=len(head))
            self.stat_update("verified_pairs", value=int(accepted.sum()))
            graph = coo_matrix((np.ones(int(accepted.sum())), (head[accepted], tail[accepted])),
                               shape=(len(nodes), len(nodes)))
            _, label = connected_components(graph, directed=False)
            # the survivor of a cluster is its member of lowest rank
            by_label = np.lexsort((rank_of, label))
            first = np.ones(len(nodes), dtype=bool)
            first[1:] = label[by_label][1:] != label[by_label][:-1]
            survivor = np.empty(len(nodes), dtype=np.int64)
            survivor[by_label] = by_label[first][np.cumsum(first) - 1]
            removed = np.flatnonzero(survivor != np.arange(len(nodes)))
            kept = survivor[removed]
            exact = sha[removed] == sha[kept]
            kept_similarity = np.where(exact, np.float32(1.0), similarity(removed, kept))
            reasons = np.where(exact, EXACT_DUPLICATE, NEAR_DUPLICATE)
            self.stat_update("clusters", value=len(np.unique(kept)))
            for reason in (EXACT_DUPLICATE, NEAR_DUPLICATE):
                self.stat_update(f"removed_{reason}", value=int((reasons == reason).sum()))
            ids = table["id"]
            file_of, row_of = _split_keys(nodes[removed])
            for number, path in sorted(files.items()):
                chosen = np.flatnonzero(file_of == number)
                chosen = chosen[np.argsort(row_of[chosen], kind="stable")]
                clusters = pa.table(
                    {"row": pa.array(row_of[chosen], pa.int64()),
                     "reason": pa.array(reasons[chosen].tolist(), pa.string()),
                     "duplicate_of": ids.take(pa.array(kept[chosen], pa.int64())).combine_chunks().cast(pa.string()),
                     "similarity": pa.array(kept_similarity[chosen], pa.float32())},
                    schema=CLUSTERS_SCHEMA,
                )
                write_parquet_atomic(clusters, self.dedup_dir / CLUSTERS_DIR / f"{path.stem}.parquet")


class SignatureRows:
    """Whole signatures of the nodes of the cluster stage, read from the signature files (`<stem>.npy`, one per
    docs file) a row at a time with positioned reads (`os.pread`): only the rows asked for are read and nothing
    is mapped, so the stage holds a chunk of rows, not pages of every signature file it touched. Use it as a
    context manager (the files stay open while it is)."""

    def __init__(self, paths: dict[int, Path], *, file_of: np.ndarray, row_of: np.ndarray) -> None:
        self.file_of = file_of
        self.row_of = row_of
        self.files: dict[int, tuple[int, int, int]] = {}  # number -> (descriptor, data offset, row count)
        self.width = 0
        self._stack = contextlib.ExitStack()
        for number, path in paths.items():
            handle = self._stack.enter_context(open(path, "rb"))
            version = np.lib.format.read_magic(handle)
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, fortran_order, dtype = read_header(handle)
            if fortran_order or len(shape) != 2 or dtype != np.dtype("<u4"):
                raise ValueError(f"{path}: not a row-major uint32 signature matrix")
            self.width = self.width or shape[1]
            self.files[number] = (handle.fileno(), handle.tell(), shape[0])

    def __enter__(self) -> "SignatureRows":
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def rows(self, nodes: np.ndarray) -> np.ndarray:
        """The signatures of `nodes` (node indices), one row each."""
        out = np.empty((len(nodes), self.width), dtype=np.uint32)
        row_bytes = 4 * self.width
        for i, node in enumerate(nodes.tolist()):
            descriptor, offset, count = self.files[int(self.file_of[node])]
            row = int(self.row_of[node])
            if not 0 <= row < count:
                raise ValueError(f"signature row {row} is outside its file's {count} rows")
            out[i] = np.frombuffer(os.pread(descriptor, row_bytes, offset + row * row_bytes), dtype="<u4")
        return out


# --- removals -----------------------------------------------------------------------------------------
def removed_path(dedup_dir: str | Path, docs_file: str | Path) -> Path:
    return Path(dedup_dir) / REMOVED_DIR / f"{Path(docs_file).stem}.parquet"


def read_removed(dedup_dir: str | Path, docs_file: str | Path, columns: Sequence[str] | None = None) -> pa.Table:
    """The removal records of one docs file (`DEDUP_REMOVED_SCHEMA`, sorted by row)."""
    path = removed_path(dedup_dir, docs_file)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no dedup result for {docs_file}: run the dedup stages first")
    return pq.read_table(path, columns=list(columns) if columns is not None else None)


def keep_mask(docs_file: str | Path, *, dedup_dir: str | Path | None, num_rows: int | None = None) -> np.ndarray:
    """Which rows of a docs file the later stages see: all but the ones the dedup stages removed.

    `dedup_dir` None means the build removes nothing (no dedup configured). This is the one function pairing and
    the plan call; a document is either kept or in `removed/<k>.parquet` with its reason."""
    if num_rows is None:
        num_rows = pq.ParquetFile(docs_file).metadata.num_rows
    mask = np.ones(num_rows, dtype=bool)
    if dedup_dir is not None:
        rows = read_removed(dedup_dir, docs_file, ["row"]).column("row").to_numpy()
        mask[rows] = False
    return mask


def _detail(reason: str, duplicate_of: str | None, similarity: float | None, benchmark: str | None,
            item: str | None, shared: int | None, ngram_tokens: dict[str, int]) -> str:
    if reason == EXACT_DUPLICATE:
        return f"same content as {duplicate_of}"
    if reason == NEAR_DUPLICATE:
        return f"near duplicate of {duplicate_of} (estimated Jaccard similarity {similarity:.2f})"
    return f"shares {shared} {ngram_tokens[benchmark]}-token n-gram(s) with {benchmark} item {item}"


class ApplyDedup(PipelineStep):
    """Per docs file: the removals of the cluster stage and the benchmark matches, merged (a contaminated copy is
    removed for its contamination), as `removed/<k>.parquet` and one reject record each (`rejected/<k>.dedup.jsonl`).

    Rank r handles `docs_files(docs_dir)[r::world_size]`; datatrove stats count removals per reason and language."""

    name = "🫆 dedup apply"
    type = "🫂 - DEDUP"

    def __init__(self, *, docs_dir: str | Path, dedup_dir: str | Path, rejects_dir: str | Path,
                 layout: DedupLayout) -> None:
        super().__init__()
        self.docs_dir = Path(docs_dir)
        self.dedup_dir = Path(dedup_dir)
        self.rejects_dir = Path(rejects_dir)
        self.layout = layout

    def _decisions(self, stem: str) -> pa.Table:
        """row, reason, duplicate_of, similarity, benchmark, benchmark_item, shared_ngrams of every removed row."""
        parts = []
        if self.layout.benchmarks:
            found = pq.read_table(self.dedup_dir / CONTAMINATED_DIR / f"{stem}.parquet")
            parts.append(pa.table({
                "row": found["row"], "reason": pa.array([BENCHMARK_CONTAMINATION] * found.num_rows, pa.string()),
                "duplicate_of": pa.nulls(found.num_rows, pa.string()), "similarity": pa.nulls(found.num_rows, pa.float32()),
                "benchmark": found["benchmark"], "benchmark_item": found["benchmark_item"],
                "shared_ngrams": found["shared_ngrams"],
            }))
        if self.layout.clusters:
            found = pq.read_table(self.dedup_dir / CLUSTERS_DIR / f"{stem}.parquet")
            if parts:  # contamination names the document's removal when both apply
                found = found.filter(pc.invert(pc.is_in(found["row"], value_set=parts[0]["row"])))
            parts.append(pa.table({
                "row": found["row"], "reason": found["reason"], "duplicate_of": found["duplicate_of"],
                "similarity": found["similarity"], "benchmark": pa.nulls(found.num_rows, pa.string()),
                "benchmark_item": pa.nulls(found.num_rows, pa.string()),
                "shared_ngrams": pa.nulls(found.num_rows, pa.int64()),
            }))
        return pa.concat_tables(parts).sort_by("row")

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        ngram_tokens = {b.display_name(): b.ngram_tokens for b in self.layout.benchmarks}
        for path in docs_files(self.docs_dir)[rank::world_size]:
            with self.track_time(unit="file"):
                decisions = self._decisions(path.stem)
                columns = ["id", "source", "path", "language", "token_count", "bytes"]
                docs = read_parquet_rows(path, decisions["row"].to_numpy(), columns)  # the removed rows only
                release_free_memory()  # what reading the decisions and rows left with the allocators
                table = pa.table(
                    {"row": decisions["row"], "id": docs["id"], "language": docs["language"],
                     "reason": decisions["reason"], "duplicate_of": decisions["duplicate_of"],
                     "similarity": decisions["similarity"], "benchmark": decisions["benchmark"],
                     "benchmark_item": decisions["benchmark_item"], "shared_ngrams": decisions["shared_ngrams"],
                     "token_count": docs["token_count"], "bytes": docs["bytes"]},
                ).cast(DEDUP_REMOVED_SCHEMA)
                write_parquet_atomic(table, removed_path(self.dedup_dir, path))
                records = []
                for record, source, doc_path in zip(table.to_pylist(), docs["source"].to_pylist(),
                                                    docs["path"].to_pylist()):
                    records.append(reject_record(
                        doc_id=record["id"], source=source, path=doc_path, stage="dedup", reason=record["reason"],
                        detail=_detail(record["reason"], record["duplicate_of"], record["similarity"],
                                       record["benchmark"], record["benchmark_item"], record["shared_ngrams"],
                                       ngram_tokens),
                        duplicate_of=record["duplicate_of"], benchmark=record["benchmark"],
                        benchmark_item=record["benchmark_item"],
                    ))
                    self.stat_update(drop_stat(record["reason"]), f"{drop_stat(record['reason'])}_{record['language']}")
                    self.stat_update(f"tokens_{drop_stat(record['reason'])}", value=record["token_count"])
                write_reject_records(self.rejects_dir / f"{path.stem}.dedup.jsonl", records)
                self.stat_update("docs_kept", value=pq.ParquetFile(path).metadata.num_rows - table.num_rows)
