"""The final shards' contract beyond their Arrow schema: the `language` class labels, the Hugging Face
features written into every shard, and how the manifest describes a shard's row groups.

The shard writer (`WriteShards`) and the trainer-side reader (`codemix.stream`) both use these, so the
label ids a trainer sees are the ones the build wrote.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from codemix import languages
from codemix.languages import OTHER
from codemix.schemas.documents import SHARD_SCHEMA, direction_name

#: The Parquet schema metadata key `datasets` reads features from.
HUGGINGFACE_METADATA_KEY = b"huggingface"


def language_labels(names: Sequence[str]) -> tuple[str, ...]:
    """Every value a shard's `language` column can hold when `names` are the languages, in class-id order.

    `other` is 0; then each language in order, each followed by the two paired directions between it and
    every language before it. A language appended to `names` therefore appends labels and never renumbers
    the existing ones, and no build config changes the list.
    """
    labels = [OTHER]
    for index, language in enumerate(names):
        labels.append(language)
        for earlier in names[:index]:
            labels += [direction_name(earlier, language), direction_name(language, earlier)]
    return tuple(labels)


#: The labels of the built-in languages: 50 names, `other` = 0, `python` = 1, `java` = 2, `python->java` = 3, ...
LANGUAGE_LABELS: tuple[str, ...] = language_labels([spec.name for spec in languages.BUILTIN_LANGUAGES])


def shard_language_labels() -> tuple[str, ...]:
    """The labels shards are written with: the registry's languages (built-ins first, so `LANGUAGE_LABELS`
    is always their prefix; a registered language appends). Each shard names them in its features."""
    return language_labels(languages.names())


def language_ids(values: Sequence[str], *, where: str) -> list[int]:
    """The class ids of `language` values; a value outside `shard_language_labels()` is an error naming
    `where` and the row."""
    labels = shard_language_labels()
    index = {label: i for i, label in enumerate(labels)}
    ids = []
    for row, value in enumerate(values):
        label = index.get(value)
        if label is None:
            raise ValueError(f"{where}: row {row}: language {value!r} is not a shard language label {labels}")
        ids.append(label)
    return ids


def shard_features():
    """The `datasets.Features` of a shard: every column as its Arrow type says, `language` a ClassLabel."""
    from datasets import ClassLabel, Features

    features = Features.from_arrow_schema(SHARD_SCHEMA)
    features["language"] = ClassLabel(names=list(shard_language_labels()))
    return features


def huggingface_schema_metadata() -> dict[bytes, bytes]:
    """The `huggingface` schema metadata of a shard: `datasets` reads its features from it, so `language`
    loads as a ClassLabel through `load_dataset(OUT)` and `load_dataset("parquet", data_files=...)`."""
    payload = {"info": {"features": shard_features().to_dict()}}
    return {HUGGINGFACE_METADATA_KEY: json.dumps(payload, sort_keys=True).encode()}


def class_label_names(schema: pa.Schema, column: str) -> list[str] | None:
    """The ClassLabel names a file's `huggingface` metadata gives `column`, or None when it gives none."""
    metadata = schema.metadata or {}
    if HUGGINGFACE_METADATA_KEY not in metadata:
        return None
    features = json.loads(metadata[HUGGINGFACE_METADATA_KEY]).get("info", {}).get("features") or {}
    feature = features.get(column) or {}
    return list(feature["names"]) if feature.get("_type") == "ClassLabel" else None


def row_group_layout(parquet: pq.ParquetFile, *, token_column: str | None = "token_count") -> dict[str, Any]:
    """How a manifest describes a Parquet file's row groups: `row_group_rows` (rows of each row group, in
    file order) and, when the file has `token_column`, `row_group_tokens` (that column's sum per row group).

    Readers (`codemix.stream`) plan their reads from these lists without opening the file."""
    meta = parquet.metadata
    rows = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    layout: dict[str, Any] = {"row_group_rows": rows}
    if token_column and token_column in parquet.schema_arrow.names:
        tokens = parquet.read(columns=[token_column]).column(token_column).to_numpy()
        bounds = np.cumsum([0, *rows])
        layout["row_group_tokens"] = [int(tokens[bounds[i]:bounds[i + 1]].sum()) for i in range(len(rows))]
    return layout
