"""Shared helpers of the pairing tests: DOCS_SCHEMA files from HumanEval-X or from hand-made members."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from codemix.schemas.documents import DOCS_SCHEMA

# HumanEval-X file stem -> (codemix language, claimed language). C++ is not a target language.
HUMANEVAL_FILES = {
    "python": ("python", "python"),
    "java": ("java", "java"),
    "js": ("javascript", "javascript"),
    "go": ("go", "go"),
    "rust": ("rust", "rust"),
    "cpp": ("other", "other:cpp"),
}


def humaneval_program(row: dict, stem: str) -> str:
    """prompt + canonical_solution; HumanEval-X's Rust prompt holds only the doc comment, the signature is in
    `declaration`, so Rust programs are prompt + declaration + canonical_solution."""
    if stem == "rust":
        return row["prompt"] + row["declaration"] + row["canonical_solution"]
    return row["prompt"] + row["canonical_solution"]


def read_humaneval(fixtures_dir: Path) -> dict[str, list[dict]]:
    folder = fixtures_dir / "humaneval-x"
    rows = {}
    for stem in HUMANEVAL_FILES:
        with gzip.open(folder / f"humaneval_{stem}.jsonl.gz", "rt", encoding="utf-8") as handle:
            rows[stem] = [json.loads(line) for line in handle]
    return rows


def doc_row(*, id: str, text: str, language: str, pair_key: str | None, claimed_language: str | None = None,
            confidence: float = 1.0, source: str = "test", path: str | None = None, token_count: int = 0) -> dict:
    encoded = text.encode("utf-8")
    return {
        "id": id, "text": text, "source": source, "path": path, "language": language,
        "language_confidence": confidence, "language_evidence": "test", "token_count": token_count,
        "bytes": len(encoded), "content_sha256": hashlib.sha256(encoded).hexdigest(),
        "claimed_language": claimed_language, "pair_key": pair_key,
    }


def humaneval_doc_rows(fixtures_dir: Path) -> list[dict]:
    rows = []
    for stem, records in read_humaneval(fixtures_dir).items():
        language, claimed = HUMANEVAL_FILES[stem]
        for record in records:
            rows.append(doc_row(
                id=f"humaneval-x/{record['task_id']}", text=humaneval_program(record, stem), language=language,
                claimed_language=claimed, pair_key=record["task_id"].split("/")[1], source=f"humaneval_{stem}",
            ))
    return rows


def write_docs(rows: list[dict], folder: Path, *, files: int = 3) -> Path:
    """Spread rows round-robin over `files` DOCS_SCHEMA files, as several build tasks would."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(files):
        part = rows[index::files]
        pq.write_table(pa.Table.from_pylist(part, schema=DOCS_SCHEMA), folder / f"{index:05d}.parquet")
    return folder


def read_folder(folder: Path) -> pa.Table:
    files = sorted(folder.glob("*.parquet"))
    return pa.concat_tables([pq.read_table(f) for f in files]) if files else None



def pair_member(key: str, language: str, text: str, *, claimed: str | None = "same", confidence: float = 1.0,
                id: str | None = None, path: str | None = None) -> dict:
    """A DOCS_SCHEMA row of a group member; `claimed="same"` claims its label, None claims nothing."""
    return doc_row(id=id or f"{key}/{language}/{path or text[:12]}", text=text, language=language, pair_key=key,
                   claimed_language=language if claimed == "same" else claimed, confidence=confidence, path=path)


def run_pairing_steps(tmp_path: Path, rows: list[dict], *, tasks: int = 1, files: int = 2, **config_fields):
    """Both pairing steps over `rows` with `tasks` tasks each: (train rows, eval rows, GroupPairs stats,
    BucketPairCandidates stats); the outputs are under `tmp_path/pairs`."""
    from codemix.schemas.config import PairingConfig
    from codemix.stages.pair import BucketPairCandidates, GroupPairs

    config = PairingConfig(**config_fields)
    docs = write_docs(rows, tmp_path / "docs", files=files)
    bucket_step = BucketPairCandidates(docs_dir=docs, buckets_dir=tmp_path / "buckets", config=config)
    group_step = GroupPairs(buckets_dir=tmp_path / "buckets", pairs_dir=tmp_path / "pairs", config=config,
                            tokenizer="default")
    for rank in range(tasks):
        list(bucket_step.run(None, rank, tasks))
    for rank in range(tasks):
        list(group_step.run(None, rank, tasks))
    stats = {name: stat.total for name, stat in group_step.stats.stats.items()}
    bucket_stats = {name: stat.total for name, stat in bucket_step.stats.stats.items()}
    pairs = tmp_path / "pairs"
    return read_folder(pairs / "train").to_pylist(), read_folder(pairs / "eval").to_pylist(), stats, bucket_stats


def directions(rows: list[dict]) -> list[str]:
    return sorted(f"{r['src_lang']}->{r['tgt_lang']}" for r in rows)
