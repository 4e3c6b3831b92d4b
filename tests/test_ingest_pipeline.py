"""DocsWriter and the ingest steps inside datatrove's LocalPipelineExecutor."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from ingest_helpers import FIZZBUZZ_JAVA, FIZZBUZZ_PY, HELLO_GO, make_tree, run_steps, write

from codemix.pipeline.assembly import ingest_steps
from codemix.pipeline.workdir import BuildPaths
from codemix.schemas.config import BuildConfig, DirectoryInput, JsonlInput, ParquetInput
from codemix.schemas.documents import DOCS_SCHEMA
from codemix.pipeline.assembly import cleaning_steps
from codemix.stages.rejects import read_rejects
from codemix.stages.write_docs import DocsWriter, docs_path


def _labelled(i: int, text: str) -> Document:
    return Document(text=text, id=f"src:{i:04d}", metadata={
        "source": "src", "path": f"f{i}.py", "language": "python", "language_confidence": 0.9,
        "language_evidence": "extension", "token_count": len(text.split()), "bytes": len(text.encode()),
        "content_sha256": f"{i:064x}", "pair_key": None if i % 2 else f"k{i}",
    })  # fmt: skip


def test_docs_writer_sorted_schema_row_groups_and_bytes_independent_of_order(tmp_path):
    documents = [_labelled(i, f"print({i})\n" * (i % 7 + 1)) for i in range(250)]
    shuffled = documents[:]
    random.Random(1).shuffle(shuffled)
    outputs = []
    for name, order in (("a", documents), ("b", shuffled)):
        writer = DocsWriter(output_dir=tmp_path / name, row_group_rows=64, spill_batch_rows=50)
        passed = list(writer.run(iter(order), rank=3, world_size=4))
        assert [d.id for d in passed] == [d.id for d in order]  # the writer passes documents on
        outputs.append(docs_path(tmp_path / name, 3))
    assert outputs[0].name == "00003.parquet"
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    parquet = pq.ParquetFile(outputs[0])
    assert parquet.schema_arrow == DOCS_SCHEMA
    assert [parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)] == [64, 64, 64, 58]
    assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
    table = parquet.read()
    assert table.column("id").to_pylist() == sorted(d.id for d in documents)
    assert table.column("text").to_pylist()[5] == "print(5)\n" * 6
    assert table.column("pair_key").to_pylist()[:3] == ["k0", None, "k2"]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["00003.parquet"]  # no temp files left


def test_docs_writer_empty_rank_writes_an_empty_file(tmp_path):
    list(DocsWriter(output_dir=tmp_path).run(iter([]), rank=0))
    table = pq.read_table(docs_path(tmp_path, 0))
    assert table.num_rows == 0 and table.schema == DOCS_SCHEMA


def test_docs_writer_names_missing_metadata(tmp_path):
    document = _labelled(1, "x = 1\n")
    del document.metadata["token_count"]
    with pytest.raises(ValueError, match=r"'src:0001' lacks metadata 'token_count' \(set by CountTokens\)"):
        list(DocsWriter(output_dir=tmp_path).run(iter([document])))
    assert not docs_path(tmp_path, 0).exists()
    assert list(tmp_path.iterdir()) == []


def test_docs_writer_is_atomic_when_the_task_dies(tmp_path):
    list(DocsWriter(output_dir=tmp_path).run(iter([_labelled(0, "old = 1\n")])))
    before = docs_path(tmp_path, 0).read_bytes()

    def dying():
        for i in range(100):
            yield _labelled(i, f"new = {i}\n")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError, match="killed"):
        list(DocsWriter(output_dir=tmp_path, spill_batch_rows=10).run(dying()))
    # the final name still holds the complete earlier file, and no partial file is left
    assert docs_path(tmp_path, 0).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00000.parquet"]
    # a rerun of the rank rewrites it
    list(DocsWriter(output_dir=tmp_path).run(iter([_labelled(i, f"new = {i}\n") for i in range(100)])))
    assert pq.read_table(docs_path(tmp_path, 0)).num_rows == 100


# --- the executor ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list:
    root = tmp_path_factory.mktemp("inputs")
    tree = make_tree(root / "repo", huge_bytes=2 * 1024 * 1024)
    for i in range(12):  # enough files for three tasks
        write(tree / f"tasks/t{i:02d}/main.py", FIZZBUZZ_PY.replace("fizzbuzz", f"fizzbuzz{i}"))
        write(tree / f"tasks/t{i:02d}/Main.java", FIZZBUZZ_JAVA.replace("Main", f"Main{i}"))
    rows = [{"content": HELLO_GO.replace("hello", f"hello {i}"), "path": f"h{i}.go", "lang": "Go"} for i in range(20)]
    rows.insert(5, {"path": "missing.go"})
    (root / "rows").mkdir()
    for k in range(3):
        part = rows[k * 7 : (k + 1) * 7]
        (root / "rows" / f"part{k}.jsonl.gz").write_bytes(
            gzip.compress("".join(json.dumps(r) + "\n" for r in part).encode(), mtime=0)
        )
    import pyarrow as pa

    pq.write_table(pa.table({"text": [f"fn f{i}() {{}}\n" for i in range(5)], "p": [f"r{i}.rs" for i in range(5)]}),
                   root / "table.parquet")  # fmt: skip
    return [
        DirectoryInput(type="directory", path=tree, name="repo", pair_key_from="parent_dir"),
        JsonlInput(type="jsonl", path=str(root / "rows/*.jsonl.gz"), name="rows", path_key="path", language_key="lang"),
        ParquetInput(type="parquet", path=str(root / "table.parquet"), name="table", text_key="text", path_key="p"),
    ]


def _paths(inputs, work: Path) -> BuildPaths:
    config = BuildConfig(inputs=inputs, output={"path": work}, executor={"type": "local", "tasks": 1})
    return BuildPaths(output=work, config_hash=config.config_hash())


def _run(inputs, work: Path, *, tasks: int, workers: int) -> BuildPaths:
    """The ingest stage that ships (`codemix.pipeline.assembly.ingest_steps`: the real classifier and token
    counter), in datatrove's executor."""
    config = BuildConfig(inputs=inputs, output={"path": work, "row_group_rows": 16},
                         executor={"type": "local", "tasks": tasks, "workers": workers})
    paths = _paths(inputs, work)
    LocalPipelineExecutor(
        pipeline=ingest_steps(config, paths), tasks=tasks, workers=workers, logging_dir=str(paths.logs("ingest"))
    ).run()
    return paths


def _all_rows(paths: BuildPaths) -> list[dict]:
    rows = []
    for path in sorted(paths.docs.glob("*.parquet")):
        table = pq.read_table(path)
        assert table.schema == DOCS_SCHEMA
        ids = table.column("id").to_pylist()
        assert ids == sorted(ids), path
        rows.extend(table.to_pylist())
    return sorted(rows, key=lambda r: r["id"])


def test_executor_tasks_1_and_3_give_the_same_documents(inputs, tmp_path):
    one_paths = _run(inputs, tmp_path / "one", tasks=1, workers=1)
    three_paths = _run(inputs, tmp_path / "three", tasks=3, workers=1)
    one, three = _all_rows(one_paths), _all_rows(three_paths)
    # the tree's 5 good files, its 24 task files, 20 Go rows and 5 Rust rows
    assert len(one) == 5 + 24 + 20 + 5
    assert one == three
    assert {r["language"] for r in one} == {"python", "java", "go", "rust"}
    assert all(r["token_count"] > 1 for r in one)  # counted by the real tokenizer, end-of-document token included
    assert sorted(p.name for p in three_paths.docs.iterdir()) == ["00000.parquet", "00001.parquet", "00002.parquet"]
    logs = three_paths.logs("ingest")
    assert sorted(p.name for p in (logs / "completions").iterdir()) == ["00000", "00001", "00002"]
    assert len(list((logs / "stats").glob("*.json"))) == 3 and len(list((logs / "logs").glob("*.log"))) == 3
    stats = json.loads((logs / "stats.json").read_text())
    merged = {}
    for step in stats:
        merged.update(step["stats"])
    assert merged["dropped_missing_text"] == 1 and merged["dropped_too_large"] == 1
    assert merged["dropped_binary"] == 4 and merged["dropped_generated"] == 1
    rejects = sorted(read_rejects(one_paths.rejected), key=lambda r: r["id"])
    assert rejects == sorted(read_rejects(three_paths.rejected), key=lambda r: r["id"])
    assert len(rejects) == 12  # 11 bad files of the tree + 1 JSONL row without text
    by_id = {r["id"]: r for r in one}
    assert by_id["repo:tasks/t03/main.py"]["pair_key"] == "tasks/t03"
    assert by_id["rows:part0.jsonl.gz:0"]["claimed_language"] == "go"
    assert by_id["table:table.parquet:4"]["path"] == "r4.rs"


def test_executor_in_worker_processes(inputs, tmp_path):
    # workers=2: tasks run in forkserver processes, as in a real build
    procs = _run(inputs, tmp_path / "procs", tasks=2, workers=2)
    serial = _run(inputs, tmp_path / "serial", tasks=2, workers=1)
    assert _all_rows(procs) == _all_rows(serial)
    for rank in (0, 1):
        assert docs_path(procs.docs, rank).read_bytes() == docs_path(serial.docs, rank).read_bytes()


def test_ingest_steps_from_a_validated_config(tmp_path):
    from codemix.pipeline.assembly import reader_steps
    from codemix.schemas.config import validate_config

    write(tmp_path / "code/a/main.py", FIZZBUZZ_PY)
    write(tmp_path / "code/b/main.go", "// Code generated by hand. DO NOT EDIT.\n" + HELLO_GO)
    write(tmp_path / "rows.jsonl", json.dumps({"content": FIZZBUZZ_JAVA, "task": "Java/3"}) + "\n")
    raw = {
        "inputs": [
            {"type": "directory", "path": "code", "name": "code", "pair_key_from": "parent_dir"},
            {"type": "jsonl", "path": "rows.jsonl", "name": "rows", "pair_key": "task", "pair_key_pattern": r"/(\d+)$"},
        ],
        "clean": {"drop_generated": True, "max_line_length": 500},
        "output": {"path": "out"},
    }
    config = validate_config(raw, source="build.yaml", base_dir=tmp_path)
    steps = [*reader_steps(config, rejects_dir=tmp_path / "work"), *cleaning_steps(config.clean, rejects_dir=tmp_path / "work")]
    assert [type(s).__name__ for s in steps] == [
        "DirectoryReader", "TableJsonlReader", "DecodeText", "GeneratedFileFilter", "LineLengthFilter",
        "AlphanumericFilter",
    ]  # fmt: skip
    assert steps[4].max_line_length == 500
    kept = run_steps(steps)
    assert [(d.id, d.metadata.get("pair_key")) for d in kept] == [("code:a/main.py", "a"), ("rows:rows.jsonl:0", "3")]
    assert [r["id"] for r in read_rejects(tmp_path / "work")] == ["code:b/main.go"]


def test_docs_row_groups_end_at_a_row_count_or_a_text_size():
    from codemix.stages.write_docs import row_group_bounds

    defaults = DocsWriter(output_dir="unused")
    assert (defaults.row_group_rows, defaults.row_group_bytes) == (1000, 4 << 20)  # as docs/scale.md says

    sizes = np.array([1, 1, 5, 1, 1, 1])
    assert row_group_bounds(sizes, max_rows=10, max_bytes=3) == [(0, 2), (2, 3), (3, 6)]
    assert row_group_bounds(sizes, max_rows=2, max_bytes=3) == [(0, 2), (2, 3), (3, 5), (5, 6)]
    assert row_group_bounds(np.array([], dtype=np.int64), max_rows=2, max_bytes=3) == []


def test_docs_writer_caps_row_groups_and_spill_batches_by_text_bytes(tmp_path):
    documents = [_labelled(i, "x = 1\n" * (2_000 if i % 10 == 0 else 10)) for i in range(100)]
    writer = DocsWriter(output_dir=tmp_path, row_group_rows=64, row_group_bytes=20_000, spill_batch_rows=1000)
    list(writer.run(iter(documents), rank=0))
    # the spill batches end at the same text size (10 files of 12 KB among 100): never all 100 rows at once
    assert writer.stats["spill_batches"].total >= 5
    parquet = pq.ParquetFile(docs_path(tmp_path, 0))
    table = parquet.read()
    assert table.num_rows == 100 and table.column("id").to_pylist() == sorted(d.id for d in documents)
    starts = 0
    for group in range(parquet.num_row_groups):
        rows = parquet.metadata.row_group(group).num_rows
        text = sum(table.column("bytes").to_pylist()[starts : starts + rows])
        assert rows <= 64 and (text <= 20_000 or rows == 1)
        starts += rows
    assert parquet.num_row_groups > 2  # the cap in bytes, not the 64 rows, cut the groups
