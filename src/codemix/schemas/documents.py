"""Document metadata keys and the Arrow schemas of a build's intermediate and final Parquet files.

Every stage reads and writes datatrove `Document`s; the keys below are the only metadata keys stages
agree on. Drop reasons are datatrove stat names `dropped_<reason>` (see `drop_stat`).
"""

from __future__ import annotations

import pyarrow as pa

# --- datatrove Document.metadata keys -------------------------------------------------------------
PATH = "path"  # path of the file inside its input (relative to a directory input's root), or None
SOURCE = "source"  # name of the input the document came from
LANGUAGE = "language"  # a registered language (codemix.languages) or "other"
LANGUAGE_CONFIDENCE = "language_confidence"  # float in [0, 1]
LANGUAGE_EVIDENCE = "language_evidence"  # short string: what decided the label (e.g. "extension+parse")
CLAIMED_LANGUAGE = "claimed_language"  # language the input itself states (language_key), if any
TOKEN_COUNT = "token_count"  # datatrove's own key: its stats pick it up
CONTENT_SHA256 = "content_sha256"  # hex sha256 of the UTF-8 text after decoding
BYTES = "bytes"  # size of the UTF-8 text in bytes
PAIR_KEY = "pair_key"  # raw key that groups translations of one program (before normalisation)

#: The component of paired documents (the others are languages).
KIND_PAIRED = "paired"


def direction_name(src_lang: str, tgt_lang: str) -> str:
    """The `language` of a paired document: its translation direction, e.g. `python->java`."""
    return f"{src_lang}->{tgt_lang}"


def drop_stat(reason: str) -> str:
    """The datatrove stat name for documents dropped for `reason` (datatrove's own convention)."""
    return f"dropped_{reason}"


# --- Intermediate documents: work/docs/<rank>.parquet, one row per document that passed cleaning ---
DOCS_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),  # stable across runs and task counts
        pa.field("text", pa.large_string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("path", pa.string()),
        pa.field("language", pa.string(), nullable=False),
        pa.field("language_confidence", pa.float32(), nullable=False),
        pa.field("language_evidence", pa.string(), nullable=False),
        pa.field("token_count", pa.int64(), nullable=False),
        pa.field("bytes", pa.int64(), nullable=False),
        pa.field("content_sha256", pa.string(), nullable=False),
        pa.field("claimed_language", pa.string()),
        pa.field("pair_key", pa.string()),
    ]
)

# --- Deduplication (work/dedup/removed/<docs file stem>.parquet): one row per document removed from a docs file ---
#: Why a document was removed by the dedup stages (`codemix.stages.dedup`); each is also a reject reason.
EXACT_DUPLICATE = "exact_duplicate"
NEAR_DUPLICATE = "near_duplicate"
BENCHMARK_CONTAMINATION = "benchmark_contamination"
DEDUP_REASONS: tuple[str, ...] = (EXACT_DUPLICATE, NEAR_DUPLICATE, BENCHMARK_CONTAMINATION)

DEDUP_REMOVED_SCHEMA = pa.schema(
    [
        pa.field("row", pa.int64(), nullable=False),  # the document's row in its docs file
        pa.field("id", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),  # one of DEDUP_REASONS
        pa.field("duplicate_of", pa.string()),  # the id of the copy kept (duplicates)
        pa.field("similarity", pa.float32()),  # estimated Jaccard with the copy kept (1 for exact copies)
        pa.field("benchmark", pa.string()),  # the benchmark and item matched (contamination)
        pa.field("benchmark_item", pa.string()),
        pa.field("shared_ngrams", pa.int64()),  # n-grams shared with that item
        pa.field("token_count", pa.int64(), nullable=False),
        pa.field("bytes", pa.int64(), nullable=False),
    ]
)

# --- Pairing (work/pairs/): keyed shuffle buckets hold DOCS_SCHEMA rows; GroupPairs writes these ---------
# work/pairs/train/<bucket>.parquet: one rendered training document per (pair, direction); the `paired` component.
PAIRS_TRAIN_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),  # "<pair_id>/<src>-><tgt>" (+ "#<part>" for split pairs)
        pa.field("text", pa.large_string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),  # always "paired"
        pa.field("language", pa.string(), nullable=False),  # the direction, e.g. "python->java"
        pa.field("token_count", pa.int64(), nullable=False),  # rendered document, EOS included when configured
        pa.field("bytes", pa.int64(), nullable=False),
        pa.field("content_sha256", pa.string(), nullable=False),
        pa.field("pair_id", pa.string(), nullable=False),
        pa.field("pair_key", pa.string(), nullable=False),
        pa.field("src_lang", pa.string(), nullable=False),
        pa.field("tgt_lang", pa.string(), nullable=False),
        pa.field("format", pa.string(), nullable=False),  # "direct" or "prompt"
        pa.field("part", pa.int32(), nullable=False),  # 0, or the part's index when a long pair was split
        pa.field("src_id", pa.string(), nullable=False),  # DOCS_SCHEMA id of the source program's first file
        pa.field("tgt_id", pa.string(), nullable=False),
    ]
)

# work/pairs/eval/<bucket>.parquet: held-out directions (the `pairs_eval` split), code in separate columns.
PAIRS_EVAL_SCHEMA = pa.schema(
    [
        pa.field("pair_id", pa.string(), nullable=False),
        pa.field("pair_key", pa.string(), nullable=False),
        pa.field("src_lang", pa.string(), nullable=False),
        pa.field("tgt_lang", pa.string(), nullable=False),
        pa.field("format", pa.string(), nullable=False),
        pa.field("part", pa.int32(), nullable=False),
        # the rendered context up to the target code: score `target_text` given `prompt_text`
        pa.field("prompt_text", pa.large_string(), nullable=False),
        pa.field("source_text", pa.large_string(), nullable=False),
        pa.field("target_text", pa.large_string(), nullable=False),
        pa.field("src_id", pa.string(), nullable=False),
        pa.field("tgt_id", pa.string(), nullable=False),
        pa.field("src_tokens", pa.int64(), nullable=False),  # code alone, no EOS
        pa.field("tgt_tokens", pa.int64(), nullable=False),
        pa.field("token_count", pa.int64(), nullable=False),  # the whole rendered document, as in training
    ]
)

# work/pairs/used_ids/<bucket>.parquet: documents used in pairs, every file of every program used (for
# `keep_paired_in_monolingual: false`).
PAIRS_USED_IDS_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
        pa.field("pair_id", pa.string(), nullable=False),
        pa.field("in_train", pa.bool_(), nullable=False),
        pa.field("in_eval", pa.bool_(), nullable=False),
    ]
)

# --- Final shards: data/train-00000-of-000NN.parquet -----------------------------------------------
# `component` is what the mixture assigns a share to: a language name, or "paired".
# `language` is a class id of `codemix.schemas.shards.shard_language_labels()` (a `datasets.ClassLabel`, named
# in the file's `huggingface` features metadata): a language, `other`, or a paired document's direction.
# It is nullable only because `datasets` applies the features metadata to a column only when the column's
# Arrow field equals the feature's, and features are always nullable; the writer never writes a null.
SHARD_SCHEMA = pa.schema(
    [
        pa.field("text", pa.large_string(), nullable=False),
        pa.field("id", pa.string(), nullable=False),
        pa.field("component", pa.string(), nullable=False),
        pa.field("language", pa.int64()),
        pa.field("token_count", pa.int64(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("path", pa.string()),
        pa.field("pair_id", pa.string()),
        pa.field("src_lang", pa.string()),
        pa.field("tgt_lang", pa.string()),
        pa.field("format", pa.string()),
    ]
)


def shard_name(index: int, count: int, split: str = "train") -> str:
    """File name of shard `index` of `count` in a split: the Hugging Face Hub convention."""
    return f"{split}-{index:05d}-of-{count:05d}.parquet"


# --- The order of the output (codemix.schemas.order), between the plan and the shards ------------------------
# work/index/<rank>.parquet: the kept documents of a task's sources, sorted by (component, key, id).
INDEX_SCHEMA = pa.schema(
    [
        pa.field("component", pa.string(), nullable=False),
        pa.field("key", pa.uint64(), nullable=False),  # the selection key
        pa.field("tokens", pa.int64(), nullable=False),
        pa.field("bytes", pa.int64(), nullable=False),
        pa.field("id", pa.string(), nullable=False),
        pa.field("source", pa.int32(), nullable=False),  # index into the build's list of source files
        pa.field("row", pa.int64(), nullable=False),  # the document's row in its source file
    ]
)

#: The columns that put rows in the output order: (virtual time, component, epoch, key, id).
ORDER_FIELDS = [
    pa.field("virtual_time", pa.float64(), nullable=False),
    pa.field("component_index", pa.int16(), nullable=False),
    pa.field("epoch", pa.int32(), nullable=False),
    pa.field("key", pa.uint64(), nullable=False),
]
ORDER_SORT_KEYS = [("virtual_time", "ascending"), ("component_index", "ascending"), ("epoch", "ascending"),
                   ("key", "ascending"), ("id", "ascending")]

# work/assign/<scatter task>/<position task>.parquet: where each copy of a document goes.
ASSIGN_SCHEMA = pa.schema(
    [
        pa.field("source", pa.int32(), nullable=False),
        pa.field("row", pa.int64(), nullable=False),
        pa.field("shard", pa.int32(), nullable=False),
        pa.field("id", pa.string(), nullable=False),
        *ORDER_FIELDS,
    ]
)
