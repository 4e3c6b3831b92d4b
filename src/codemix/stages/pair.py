"""The pairing stage as two datatrove steps joined by a keyed shuffle on disk.

    docs/<rank>.parquet ──BucketPairCandidates──► buckets/<bucket>/<rank>-<part>.parquet ──GroupPairs──► pairs/{train,eval,used_ids,quality}/<bucket>.*

The bucket of a document is a stable hash (xxh64) of its pair key modulo `num_buckets`, so all members of a
group meet in one bucket whichever task read them; GroupPairs sorts a bucket before grouping, so its output
depends only on the bucket's contents. Memory is bounded by one bucket (plus bounded write buffers in the
first step), and the bytes written are the same for any number of tasks in either step.

Both steps pass their input documents through unchanged (they are sinks that read and write Parquet), and
write each file under a temporary name first, then rename it, so a crash never leaves a truncated file
that a later stage would read.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Sequence

import pyarrow as pa
import pyarrow.parquet as pq
import xxhash
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from codemix import OTHER, TARGET_LANGUAGES
from codemix.io import release_free_memory, write_parquet_atomic, write_text_atomic
from codemix.langid.rules import path_hint
from codemix.pairing.groups import GroupOutcome, GroupPairer, Member, TokenCounter
from codemix.pairing.render import direction_name
from codemix.pairing.quality import PairQuality
from codemix.stages.dedup import keep_mask
from codemix.schemas.config import PairingConfig
from codemix.tokens import load_tokenizer_once
from codemix.schemas.documents import (
    DOCS_SCHEMA,
    PAIRS_EVAL_SCHEMA,
    PAIRS_TRAIN_SCHEMA,
    PAIRS_USED_IDS_SCHEMA,
    drop_stat,
)

TRAIN_DIR = "train"
EVAL_DIR = "eval"
USED_IDS_DIR = "used_ids"
QUALITY_DIR = "quality"


def bucket_of(pair_key: str, num_buckets: int) -> int:
    """The keyed-shuffle bucket of a pair key: xxh64 (seed 0) of its UTF-8 bytes, modulo `num_buckets`."""
    return xxhash.xxh64_intdigest(pair_key.encode("utf-8")) % num_buckets


def bucket_name(bucket: int) -> str:
    return f"{bucket:05d}"


def is_not_code(path: str | None) -> bool:
    """Whether a document's path names a file that is no program code (a manifest, build file, README, data):
    the path rules (`codemix.langid.rules`) decide `other` from its file name or extension alone. Such files
    are no member of a translation, whatever language their input claims for them."""
    return path is not None and path_hint(path, head="").language == OTHER


def _check_docs_schema(schema: pa.Schema, path: Path) -> None:
    """Every DOCS_SCHEMA column is there, with its type or one that casts losslessly (string/large_string)."""
    for expected in DOCS_SCHEMA:
        index = schema.get_field_index(expected.name)
        if index < 0:
            raise ValueError(f"{path}: not a documents file: column {expected.name!r} is missing")
        found = schema.field(index).type
        same_kind = pa.types.is_string(found) or pa.types.is_large_string(found)
        if not (found.equals(expected.type) or (same_kind and pa.types.is_string(expected.type))
                or (same_kind and pa.types.is_large_string(expected.type))):
            raise ValueError(f"{path}: column {expected.name!r} has type {found}, expected {expected.type}")


class BucketPairCandidates(PipelineStep):
    """Write every document with a pair key in a paired language into its pair key's bucket.

    Rank r reads the kept rows (`codemix.stages.dedup.keep_mask`) of `sorted(docs_dir/*.parquet)[r::world_size]`
    and writes
    `buckets_dir/<bucket>/<rank>-<part>.parquet` (DOCS_SCHEMA rows) for each bucket it has rows for: a new part
    each time the buffered rows exceed `max_buffer_bytes` (and once at the end), so memory stays bounded and no
    file stays open. It reads a row group's pair key, language and path first, and its texts only when it holds a
    candidate: most documents of a corpus have no pair key. A document is a candidate when its decided label is a
    paired language (a claimed language was weighed by the classify stage already).
    A document whose path is no code (`is_not_code`: `Cargo.toml`, `README.md`) is skipped
    (`skipped_not_code`), not counted as a drop; the monolingual build treats it as it does any document.
    """

    name = "🔀 bucket pair candidates"
    type = "🔗 - PAIRING"

    def __init__(
        self,
        *,
        docs_dir: str | Path,
        buckets_dir: str | Path,
        config: PairingConfig,
        build_languages: Sequence[str] = TARGET_LANGUAGES,
        batch_rows: int = 1000,
        max_buffer_bytes: int = 16 << 20,
        dedup_dir: str | Path | None = None,
    ) -> None:
        super().__init__()
        self.docs_dir = Path(docs_dir)
        self.buckets_dir = Path(buckets_dir)
        self.dedup_dir = Path(dedup_dir) if dedup_dir is not None else None
        self.num_buckets = config.num_buckets
        self.languages = frozenset(config.resolved_languages(build_languages))
        self.batch_rows = batch_rows
        self.max_buffer_bytes = max_buffer_bytes

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        if not self.docs_dir.is_dir():
            raise FileNotFoundError(f"{self.docs_dir}: the documents folder does not exist")
        files = sorted(self.docs_dir.glob("*.parquet"))[rank::world_size]
        buffers: dict[int, list[pa.RecordBatch]] = {}
        buffered_bytes = 0
        parts_written: dict[int, int] = {}

        def flush_all() -> None:
            # One file per bucket and flush: no writer stays open, so any number of buckets is fine.
            nonlocal buffered_bytes
            for bucket in sorted(buffers):
                part = parts_written.get(bucket, 0)
                path = self.buckets_dir / bucket_name(bucket) / f"{rank:05d}-{part:05d}.parquet"
                table = pa.Table.from_batches(buffers[bucket], schema=DOCS_SCHEMA)
                write_parquet_atomic(table, path, row_group_rows=self.batch_rows)
                parts_written[bucket] = part + 1
            buffers.clear()
            buffered_bytes = 0

        with self.track_time(unit="file"):
            for path in files:
                parquet = pq.ParquetFile(path)
                _check_docs_schema(parquet.schema_arrow, path)
                kept = keep_mask(path, dedup_dir=self.dedup_dir, num_rows=parquet.metadata.num_rows)
                first_row = 0
                for group in range(parquet.metadata.num_row_groups):
                    # the small columns decide; a row group's texts are read only when it holds a candidate
                    # (most documents have no pair key)
                    small = parquet.read_row_group(group, columns=["pair_key", "language", "path"], use_threads=False)
                    keys = small.column("pair_key").to_pylist()
                    labels = small.column("language").to_pylist()
                    paths = small.column("path").to_pylist()
                    group_kept = kept[first_row : first_row + small.num_rows]
                    first_row += small.num_rows
                    rows_of_bucket: dict[int, list[int]] = {}
                    skipped: Counter = Counter()
                    for row, (key, label, path) in enumerate(zip(keys, labels, paths)):
                        if not group_kept[row]:
                            skipped["skipped_removed_by_dedup"] += 1  # never paired
                        elif not key:
                            skipped["skipped_no_pair_key"] += 1
                        elif is_not_code(path):
                            skipped["skipped_not_code"] += 1
                        elif label not in self.languages:
                            skipped["skipped_language"] += 1
                        else:
                            rows_of_bucket.setdefault(bucket_of(key, self.num_buckets), []).append(row)
                    self.stat_update("docs_read", value=small.num_rows)
                    for stat, count in sorted(skipped.items()):
                        self.stat_update(stat, value=count)
                    table = None
                    for start in range(0, small.num_rows, self.batch_rows):  # the buffer is checked per batch
                        chosen = {bucket: [row for row in rows if start <= row < start + self.batch_rows]
                                  for bucket, rows in rows_of_bucket.items()}
                        chosen = {bucket: rows for bucket, rows in chosen.items() if rows}
                        if chosen and table is None:
                            table = parquet.read_row_group(group, columns=DOCS_SCHEMA.names, use_threads=False)
                            # select by name: a file may order its columns differently
                            table = pa.RecordBatch.from_arrays(
                                [table.column(name).combine_chunks() for name in DOCS_SCHEMA.names],
                                names=DOCS_SCHEMA.names,
                            ).cast(DOCS_SCHEMA)
                        for bucket, rows in chosen.items():
                            piece = table.take(pa.array(rows, type=pa.int64()))
                            buffers.setdefault(bucket, []).append(piece)
                            buffered_bytes += piece.nbytes
                            self.stat_update("candidates", value=len(rows))
                        if buffered_bytes > self.max_buffer_bytes:
                            flush_all()
                    del table
                    release_free_memory()  # what reading the row group left with the allocators
            flush_all()
        self.stat_update("bucket_files_written", value=sum(parts_written.values()))


class GroupPairs(PipelineStep):
    """Group each bucket's documents by pair key and write rendered pairs.

    Rank r handles buckets b with b % world_size == r and writes, for every such bucket (empty files included,
    so the set of files never depends on the data), `pairs_dir/train/<bucket>.parquet` (PAIRS_TRAIN_SCHEMA),
    `pairs_dir/eval/<bucket>.parquet` (PAIRS_EVAL_SCHEMA), `pairs_dir/used_ids/<bucket>.parquet`
    (PAIRS_USED_IDS_SCHEMA) and `pairs_dir/quality/<bucket>.json` (the bucket's `PairQuality`). See
    `codemix.pairing.groups` for the rules.
    """

    name = "🔗 group pairs"
    type = "🔗 - PAIRING"

    def __init__(
        self,
        *,
        buckets_dir: str | Path,
        pairs_dir: str | Path,
        config: PairingConfig,
        tokenizer: str | TokenCounter,
        add_eos_token: bool = True,
        build_languages: Sequence[str] = TARGET_LANGUAGES,
        row_group_rows: int = 1000,
    ) -> None:
        super().__init__()
        self.buckets_dir = Path(buckets_dir)
        self.pairs_dir = Path(pairs_dir)
        self.config = config
        self.languages = config.resolved_languages(build_languages)
        self.tokenizer = tokenizer
        self.add_eos_token = add_eos_token
        self.row_group_rows = row_group_rows

    def _read_bucket(self, bucket: int) -> pa.Table:
        files = sorted((self.buckets_dir / bucket_name(bucket)).glob("*.parquet"))
        tables = []
        for path in files:
            table = pq.read_table(path)
            _check_docs_schema(table.schema, path)
            tables.append(table.select(DOCS_SCHEMA.names).cast(DOCS_SCHEMA))
        if not tables:
            return DOCS_SCHEMA.empty_table()
        # Sorting makes the group order and each group's member order independent of which task wrote what.
        return pa.concat_tables(tables).sort_by([("pair_key", "ascending"), ("id", "ascending")])

    def _groups(self, table: pa.Table, bucket: int):
        columns = {name: table.column(name).to_pylist() for name in
                   ("id", "text", "language", "claimed_language", "language_confidence", "content_sha256", "pair_key",
                    "path")}
        start = 0
        rows = table.num_rows
        for index in range(1, rows + 1):
            if index < rows and columns["pair_key"][index] == columns["pair_key"][start]:
                if columns["id"][index] == columns["id"][index - 1]:
                    raise ValueError(
                        f"{self.buckets_dir / bucket_name(bucket)}: document id {columns['id'][index]!r} appears "
                        "twice; bucket files from an earlier run with another task count are probably left over "
                        "(delete the buckets folder and rerun)"
                    )
                continue
            yield columns["pair_key"][start], [
                Member(
                    id=columns["id"][row],
                    text=columns["text"][row],
                    language=columns["language"][row],
                    claimed_language=columns["claimed_language"][row],
                    language_confidence=float(columns["language_confidence"][row]),
                    content_sha256=columns["content_sha256"][row],
                    pair_key=columns["pair_key"][row],
                    path=columns["path"][row],
                )
                for row in range(start, index)
            ]
            start = index

    def _record(self, outcome: GroupOutcome) -> None:
        self.stat_update("groups")
        for reason, count in sorted(outcome.member_drops.items()):
            self.stat_update(f"members_{drop_stat(reason)}", value=count)
        if outcome.members_unused:
            self.stat_update("members_unused", value=outcome.members_unused)
        if outcome.pairs_split:
            self.stat_update("pairs_split", value=outcome.pairs_split)
        if outcome.pairs_too_long:
            self.stat_update(f"pairs_{drop_stat('too_long')}", value=outcome.pairs_too_long)
        if outcome.drop_reason is not None:
            self.stat_update(drop_stat(outcome.drop_reason))
            return
        self.stat_update("groups_paired")
        for row in outcome.train_rows:
            self.stat_update("docs", f"docs_{row['language']}")
            self.stat_update("tokens", f"tokens_{row['language']}", value=row["token_count"])
        for row in outcome.eval_rows:
            self.stat_update("eval_pairs", f"eval_pairs_{row['src_lang']}->{row['tgt_lang']}")

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        pairer = GroupPairer(
            config=self.config,
            languages=self.languages,
            token_counter=load_tokenizer_once(self.tokenizer),
            add_eos_token=self.add_eos_token,
        )
        splits = {direction_name(*d): "train" for d in pairer.train_directions}
        splits.update({direction_name(*d): "eval" for d in pairer.eval_directions})
        for bucket in range(rank, self.config.num_buckets, world_size):
            with self.track_time(unit="bucket"):
                train_rows: list[dict] = []
                eval_rows: list[dict] = []
                used_rows: list[dict] = []
                quality = PairQuality(directions=splits, languages=self.languages)
                for pair_key, members in self._groups(self._read_bucket(bucket), bucket):
                    outcome = pairer.pair(pair_key, members)
                    self._record(outcome)
                    quality.add(outcome)
                    train_rows.extend(outcome.train_rows)
                    eval_rows.extend(outcome.eval_rows)
                    used_rows.extend(outcome.used_rows)
                name = f"{bucket_name(bucket)}.parquet"
                for folder, rows, schema in (
                    (TRAIN_DIR, train_rows, PAIRS_TRAIN_SCHEMA),
                    (EVAL_DIR, eval_rows, PAIRS_EVAL_SCHEMA),
                    (USED_IDS_DIR, used_rows, PAIRS_USED_IDS_SCHEMA),
                ):
                    write_parquet_atomic(
                        pa.Table.from_pylist(rows, schema=schema),
                        self.pairs_dir / folder / name,
                        row_group_rows=self.row_group_rows,
                    )
                write_text_atomic(self.pairs_dir / QUALITY_DIR / f"{bucket_name(bucket)}.json",
                                  json.dumps(quality.to_dict(), sort_keys=False) + "\n")


def load_pair_quality(pairs_dir: str | Path) -> PairQuality | None:
    """The buckets' quality summaries merged (in bucket order), or None when GroupPairs wrote none."""
    files = sorted((Path(pairs_dir) / QUALITY_DIR).glob("*.json"))
    merged: PairQuality | None = None
    for path in files:
        quality = PairQuality.from_dict(json.loads(path.read_text()))
        if merged is None:
            merged = quality
        else:
            merged.merge(quality)
    return merged


def load_used_ids(pairs_dir: str | Path, *, include_eval: bool = True) -> frozenset[str]:
    """Ids of the documents that GroupPairs used in pairs (training, and evaluation when `include_eval`).

    With `keep_paired_in_monolingual: false` the build leaves these out of the monolingual components; keeping
    evaluation members out as well stops the held-out targets from being seen as plain code.
    """
    folder = Path(pairs_dir) / USED_IDS_DIR
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no used ids: run GroupPairs first")
    ids: set[str] = set()
    for path in sorted(folder.glob("*.parquet")):
        table = pq.read_table(path, columns=["id", "in_train", "in_eval"])
        for doc_id, in_train, in_eval in zip(*(table.column(c).to_pylist() for c in ("id", "in_train", "in_eval"))):
            if in_train or (include_eval and in_eval):
                ids.add(doc_id)
    return frozenset(ids)
