"""The demo corpus (24 tasks x 7 languages, examples/corpus/tasks/<task>/): 24 x 12 training documents in `both`
mode and 24 x 30 held-out pairs. Languages come from the file extensions here; the end-to-end build test
classifies them instead."""

from collections import Counter
from pathlib import Path

import pytest

from codemix import TARGET_LANGUAGES
from codemix.stages.pair import BucketPairCandidates, GroupPairs
from codemix.schemas.config import PairingConfig
from pairing_support import doc_row, read_folder, write_docs

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus" / "tasks"
FILE_LANGUAGES = {"main.py": "python", "Main.java": "java", "main.js": "javascript", "main.ts": "typescript",
                  "Program.cs": "csharp", "main.go": "go", "main.rs": "rust"}


def corpus_rows() -> list[dict]:
    if not CORPUS.is_dir():
        pytest.fail(f"the demo corpus {CORPUS} is missing")
    rows = []
    for path in sorted(CORPUS.glob("*/*")):
        if path.name in FILE_LANGUAGES:
            relative = path.relative_to(CORPUS.parent)
            language = FILE_LANGUAGES[path.name]
            rows.append(doc_row(id=f"demo/{relative}", text=path.read_text(encoding="utf-8"), language=language,
                                claimed_language=language, pair_key=str(relative.parent), path=str(relative),
                                source="demo"))
    return rows


def test_demo_corpus_gives_12_training_documents_and_30_held_out_pairs_per_task(tmp_path):
    rows = corpus_rows()
    tasks = sorted({r["pair_key"] for r in rows})
    per_task = Counter(r["pair_key"] for r in rows)
    assert len(tasks) == 24, f"the demo corpus has {len(tasks)} tasks, expected 24"
    assert set(per_task.values()) == {7}, {t: n for t, n in per_task.items() if n != 7}

    docs = write_docs(rows, tmp_path / "docs", files=4)
    config = PairingConfig(num_buckets=8)
    buckets = BucketPairCandidates(docs_dir=docs, buckets_dir=tmp_path / "buckets", config=config)
    groups = GroupPairs(buckets_dir=tmp_path / "buckets", pairs_dir=tmp_path / "pairs", config=config,
                        tokenizer="default")
    for rank in range(2):
        list(buckets.run(None, rank, 2))
    list(groups.run(None, 0, 1))
    stats = {name: stat.total for name, stat in groups.stats.stats.items()}
    assert not [name for name in stats if "dropped" in name], stats

    train = read_folder(tmp_path / "pairs" / "train")
    evaluation = read_folder(tmp_path / "pairs" / "eval")
    assert train.num_rows == 24 * 12 and evaluation.num_rows == 24 * 30
    others = [lang for lang in TARGET_LANGUAGES if lang != "python"]
    expected_train = {f"python->{x}" for x in others} | {f"{x}->python" for x in others}
    assert Counter(train.column("language").to_pylist()) == {d: 24 for d in expected_train}
    eval_directions = Counter(zip(evaluation.column("src_lang").to_pylist(), evaluation.column("tgt_lang").to_pylist()))
    assert eval_directions == {(a, b): 24 for a in others for b in others if a != b}
    assert Counter(zip(train.column("pair_key").to_pylist())) == {(t,): 12 for t in tasks}

    # every program here is one file: a document is the two files as they are (no path comment), as before
    # programs of several files existed
    text_of = {r["id"]: r["text"] for r in rows}
    for row in train.to_pylist():
        assert row["text"] == text_of[row["src_id"]].rstrip() + "\n\n" + text_of[row["tgt_id"]].rstrip() + "\n"
