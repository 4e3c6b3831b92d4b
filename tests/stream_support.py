"""A small writer of build outputs in the real format, for stream tests: real code texts counted with the
real default tokenizer, written as shards of `SHARD_SCHEMA` with the writer's features metadata and a
manifest whose shard entries come from the pipeline's own `describe_shard`."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from codemix.pipeline.manifest import describe_shard, dumps
from codemix.schemas.documents import SHARD_SCHEMA
from codemix.schemas.shards import huggingface_schema_metadata, language_ids
from codemix.tokens import load_tokenizer

REPO = Path(__file__).resolve().parent.parent
TASKS = REPO / "examples" / "corpus" / "tasks"
FILE_LANGUAGES = {
    "main.py": "python", "Main.java": "java", "main.js": "javascript", "main.ts": "typescript",
    "Program.cs": "csharp", "main.go": "go", "main.rs": "rust",
}


@lru_cache(maxsize=1)
def tokenizer():
    return load_tokenizer("default")


@lru_cache(maxsize=1)
def corpus_documents() -> tuple[dict, ...]:
    """The demo corpus's 168 task programs plus codemix's own Python sources: (id, text, language, tokens)."""
    docs = []
    for path in sorted(TASKS.rglob("*")):
        if path.name in FILE_LANGUAGES:
            docs.append({"id": f"tasks/{path.relative_to(TASKS)}", "text": path.read_text(), "language": FILE_LANGUAGES[path.name]})
    for path in sorted((REPO / "src" / "codemix").rglob("*.py")):
        docs.append({"id": f"src/{path.relative_to(REPO / 'src')}", "text": path.read_text(), "language": "python"})
    counts = tokenizer().count([d["text"] for d in docs])
    return tuple({**d, "tokens": n + 1} for d, n in zip(docs, counts))  # + end-of-document, as add_eos_token


def shard_rows(docs: list[dict]) -> dict[str, list]:
    return {
        "text": [d["text"] for d in docs],
        "id": [d["id"] for d in docs],
        "component": [d.get("component", d["language"]) for d in docs],
        "language": [d["language"] for d in docs],
        "token_count": [d["tokens"] for d in docs],
        "source": ["test"] * len(docs),
        "path": [d["id"] for d in docs],
        "pair_id": [None] * len(docs),
        "src_lang": [None] * len(docs),
        "tgt_lang": [None] * len(docs),
        "format": [None] * len(docs),
    }


def write_build(root: Path, docs: list[dict], *, docs_per_shard: int, row_group_rows: int) -> Path:
    """Write `docs` in order as shards of `docs_per_shard` rows (row groups of `row_group_rows`) plus a
    manifest in the format of a codemix build; return `root`."""
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    count = max(1, -(-len(docs) // docs_per_shard))
    schema = SHARD_SCHEMA.with_metadata(huggingface_schema_metadata())
    entries = []
    for index in range(count):
        part = docs[index * docs_per_shard:(index + 1) * docs_per_shard]
        rows = shard_rows(part)
        path = data / f"train-{index:05d}-of-{count:05d}.parquet"
        rows["language"] = language_ids(rows["language"], where=str(path))
        pq.write_table(pa.table(rows, schema=schema), path, row_group_size=row_group_rows)
        entries.append(describe_shard(path, root))
    described = tokenizer().describe()
    manifest = {
        "format": 2,
        "tokenizer": {**{k: described[k] for k in ("name", "vocab_size", "vocab_sha256", "eos_token")}, "spec": "default", "add_eos_token": True},
        "splits": {"train": {"rows": sum(e["rows"] for e in entries), "tokens": sum(e["tokens"] for e in entries), "shards": entries}},
    }
    (root / "manifest.json").write_text(dumps(manifest))
    return root


def read_manifest(root: Path) -> dict:
    return json.loads((root / "manifest.json").read_text())
