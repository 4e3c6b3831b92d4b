"""Readers on real inputs: directory trees with bad files, JSONL(.gz), Parquet, local HF datasets, HumanEval-X."""

from __future__ import annotations

import gzip
import json
import os
import tracemalloc
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ingest_helpers import FIZZBUZZ_PY, HELLO_GO, ids_over_ranks, make_tree, run_steps
from loguru import logger

from codemix.schemas.config import (
    CleanConfig,
    ConfigError,
    DirectoryInput,
    HuggingFaceInput,
    JsonlInput,
    ParquetInput,
    validate_config,
)
from codemix.schemas.documents import CLAIMED_LANGUAGE, PAIR_KEY, PATH, SOURCE
from codemix.stages.clean import DecodeText
from codemix.io import glob_base, raw_bytes
from codemix.stages.read import extract_pair_key, normalize_language_name, reader_for_input
from codemix.stages.rejects import read_rejects

HUMANEVAL_PATTERN = r"^[^/]+/(?P<key>\d+)$"


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    return make_tree(tmp_path_factory.mktemp("tree") / "repo")


def _directory(tree: Path, **kwargs) -> DirectoryInput:
    return DirectoryInput(type="directory", path=tree, **{"name": "repo", **kwargs})


# --- directory inputs ------------------------------------------------------------------------------
def test_directory_walk_skips_excluded_dirs_symlinks_and_fifos_and_checks_size_first(tree, tmp_path):
    reader = reader_for_input(
        _directory(tree, pair_key_from="parent_dir"), index=0, rejects_dir=tmp_path, clean=CleanConfig()
    )
    tracemalloc.start()
    documents = run_steps([reader])
    _, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # the 50 MB one-line file was never read: the peak stays far below its size (max_file_bytes is 1 MB)
    assert peak_bytes < 8 * 1024 * 1024, peak_bytes
    paths = sorted(d.metadata[PATH] for d in documents)
    assert paths == sorted([
        "tasks/fizzbuzz/main.py", "tasks/fizzbuzz/Main.java", "tasks/hello/main.go", "top.py", "bom.py",
        "gen/hello.pb.go", "dist.min.js", "image.png", "tool", "report.pdf", "latin1.c", "nul.txt",
        "empty.txt", "blank.py", "table.csv",
    ])  # fmt: skip
    by_path = {d.metadata[PATH]: d for d in documents}
    main_py = by_path["tasks/fizzbuzz/main.py"]
    assert main_py.id == "repo:tasks/fizzbuzz/main.py"
    assert main_py.metadata[SOURCE] == "repo"
    assert main_py.metadata[PAIR_KEY] == "tasks/fizzbuzz"
    assert by_path["tasks/fizzbuzz/Main.java"].metadata[PAIR_KEY] == "tasks/fizzbuzz"
    assert PAIR_KEY not in by_path["top.py"].metadata  # a file at the root has no parent task
    assert raw_bytes(main_py) == FIZZBUZZ_PY.encode()  # bytes, decoded later by DecodeText
    assert main_py.text == ""

    rejects = list(read_rejects(tmp_path))
    assert [(r["path"], r["reason"], r["stage"]) for r in rejects] == [("huge.js", "too_large", "read-0")]
    assert rejects[0]["detail"].startswith(f"{os.path.getsize(tree / 'huge.js')} bytes > max_file_bytes")
    stats = reader.stats
    assert stats["dropped_too_large"].total == 1
    assert stats["skipped_symlinks"].total == 3  # link.py, linked_tasks/, dangling.py
    assert stats["skipped_excluded_dirs"].total == 4  # node_modules, .git, vendor, build
    assert stats["skipped_special_files"].total == 1  # the FIFO: never opened (it would block)


def test_directory_follows_symlinks_when_configured(tree, tmp_path):
    os.symlink(".", tree / "tasks" / "loop") if not (tree / "tasks" / "loop").exists() else None
    try:
        reader = reader_for_input(
            _directory(tree, follow_symlinks=True), index=0, rejects_dir=tmp_path, clean=CleanConfig()
        )
        paths = {d.metadata[PATH] for d in run_steps([reader])}
    finally:
        (tree / "tasks" / "loop").unlink()
    assert {"link.py", "linked_tasks/fizzbuzz/main.py", "linked_tasks/hello/main.go"} <= paths
    assert "dangling.py" not in paths
    assert not any(p.startswith("tasks/loop/") for p in paths)  # a loop is entered at most once


def test_directory_exclude_dirs_is_configurable(tree, tmp_path):
    reader = reader_for_input(
        _directory(tree, exclude_dirs=(".git",)), index=0, rejects_dir=tmp_path, clean=CleanConfig()
    )
    paths = {d.metadata[PATH] for d in run_steps([reader])}
    assert {"node_modules/lib/index.js", "vendor/dep/dep.go", "build/out.py"} <= paths
    assert not any(p.startswith(".git/") for p in paths)


def test_directory_sharding_is_independent_of_task_count(tree, tmp_path):
    def steps():
        return [reader_for_input(_directory(tree), index=0, rejects_dir=tmp_path, clean=CleanConfig())]

    one = ids_over_ranks(steps, 1)
    three = ids_over_ranks(steps, 3)
    assert len(three) == len(set(three)) == 15
    assert sorted(one) == sorted(three)


def test_directory_max_documents_takes_the_first_files_in_sorted_order(tree, tmp_path):
    def steps():
        return [reader_for_input(_directory(tree, max_documents=4), index=0, rejects_dir=tmp_path, clean=CleanConfig())]

    ids = sorted(ids_over_ranks(steps, 3))
    # sorted relative paths: bom.py, blank.py, dist.min.js, empty.txt, gen/..., huge.js, ...
    assert ids == ["repo:blank.py", "repo:bom.py", "repo:dist.min.js", "repo:empty.txt"]


def test_readers_chain_upstream_documents_first(tree, tmp_path):
    first = reader_for_input(
        _directory(tree, name="a", max_documents=2), index=0, rejects_dir=tmp_path, clean=CleanConfig()
    )
    second = reader_for_input(
        _directory(tree, name="b", max_documents=2), index=1, rejects_dir=tmp_path, clean=CleanConfig()
    )
    assert [d.id for d in run_steps([first, second])] == ["a:blank.py", "a:bom.py", "b:blank.py", "b:bom.py"]


# --- JSONL inputs ----------------------------------------------------------------------------------
def _jsonl_lines(rows: list) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in rows)


@pytest.fixture()
def jsonl_dir(tmp_path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    good_and_bad = [
        {"content": FIZZBUZZ_PY, "path": "src/fizz.py", "lang": "Python", "id": "f1"},  # row 0
        {"path": "nothing.py", "lang": "py"},  # row 1: no text field
        {"content": 42, "path": "number.py"},  # row 2: text is not a string
        b"{not json",  # row 3
        b"",  # row 4: a blank line is not a row
        b"[1, 2, 3]",  # row 5: JSON but not an object
        {"content": HELLO_GO, "path": "hello.go", "lang": "golang"},  # row 6
        {"content": "fun main() {}\n", "lang": "Kotlin"},  # row 7
    ]
    (data / "a.jsonl.gz").write_bytes(gzip.compress(_jsonl_lines(good_and_bad), mtime=0))
    (data / "sub").mkdir()
    (data / "sub" / "b.jsonl").write_bytes(_jsonl_lines([
        {"content": "using System;\n", "lang": "C#", "id": "cs1"},
        {"content": "fn main() {}\n", "lang": "rs", "id": "rs1"},
    ]))  # fmt: skip
    return data


def test_jsonl_rows_become_documents_and_bad_rows_reject_records(jsonl_dir, tmp_path):
    config = JsonlInput(
        type="jsonl", path=str(jsonl_dir / "**/*.jsonl*"), name="tbl", text_key="content",
        path_key="path", language_key="lang",
    )  # fmt: skip
    work = tmp_path / "work"
    reader = reader_for_input(config, index=2, rejects_dir=work, clean=CleanConfig())
    documents = run_steps([reader])
    assert [d.id for d in documents] == [
        "tbl:a.jsonl.gz:0", "tbl:a.jsonl.gz:6", "tbl:a.jsonl.gz:7", "tbl:sub/b.jsonl:0", "tbl:sub/b.jsonl:1",
    ]  # fmt: skip
    assert [d.metadata.get(CLAIMED_LANGUAGE) for d in documents] == [
        "python", "go", "other:kotlin", "csharp", "rust",
    ]  # fmt: skip
    assert documents[0].text == FIZZBUZZ_PY and documents[0].metadata[PATH] == "src/fizz.py"
    rejects = list(read_rejects(work))
    assert [(r["row"], r["reason"]) for r in rejects] == [
        (1, "missing_text"), (2, "missing_text"), (3, "invalid_json"), (5, "invalid_json"),
    ]  # fmt: skip
    assert all(r["file"] == "a.jsonl.gz" and r["stage"] == "read-2" and r["source"] == "tbl" for r in rejects)
    assert rejects[0]["id"] == "tbl:a.jsonl.gz:1" and rejects[0]["path"] == "nothing.py"
    assert "no 'content' field" in rejects[0]["detail"] and "a.jsonl.gz, row 1" in rejects[0]["detail"]
    assert "'content' is int, not a string" in rejects[1]["detail"]
    assert reader.stats["dropped_missing_text"].total == 2
    assert reader.stats["dropped_invalid_json"].total == 2


def test_jsonl_id_key_namespaced_by_source(jsonl_dir, tmp_path):
    config = JsonlInput(type="jsonl", path=str(jsonl_dir / "sub/b.jsonl"), name="tbl", id_key="id")
    assert [
        d.id for d in run_steps([reader_for_input(config, index=0, rejects_dir=tmp_path, clean=CleanConfig())])
    ] == ["tbl:cs1", "tbl:rs1"]


def test_jsonl_truncated_gzip_keeps_rows_before_the_damage_and_records_it(tmp_path):
    rows = [{"content": f"print({i})\n"} for i in range(2000)]
    whole = gzip.compress(_jsonl_lines(rows), mtime=0)
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    config = JsonlInput(type="jsonl", path=str(tmp_path / "cut.jsonl.gz"), name="cut")
    documents = run_steps([reader_for_input(config, index=0, rejects_dir=tmp_path / "work", clean=CleanConfig())])
    assert 0 < len(documents) < 2000
    assert [d.id for d in documents] == [f"cut:cut.jsonl.gz:{i}" for i in range(len(documents))]
    (reject,) = read_rejects(tmp_path / "work")
    assert reject["reason"] == "truncated_file" and reject["file"] == "cut.jsonl.gz"
    assert reject["row"] == len(documents) and f"({len(documents)} complete rows" in reject["detail"]


def test_jsonl_sharding_and_max_documents_are_independent_of_task_count(jsonl_dir, tmp_path):
    for max_documents, expected in ((None, 5), (7, 2), (9, 4)):
        config = JsonlInput(type="jsonl", path=str(jsonl_dir / "**/*.jsonl*"), max_documents=max_documents)

        def steps(config=config):
            return [reader_for_input(config, index=0, rejects_dir=tmp_path, clean=CleanConfig())]

        one, three = ids_over_ranks(steps, 1), ids_over_ranks(steps, 3)
        assert sorted(one) == sorted(three) and len(three) == len(set(three)) == expected, max_documents
    # the cap counts rows (good or bad) of the sorted files: 9 rows = the 8 of a.jsonl.gz + the first of b
    assert sorted(one)[-1].endswith("sub/b.jsonl:0")


# --- Parquet inputs --------------------------------------------------------------------------------
def test_parquet_rows_text_and_bytes_columns(tmp_path):
    data = tmp_path / "pq"
    data.mkdir()
    pq.write_table(pa.table({
        "content": [FIZZBUZZ_PY, None, HELLO_GO],
        "task": ["Python/3", "Python/4", "Go/x"],
        "extra": [1, 2, 3],
    }), data / "part-0.parquet")  # fmt: skip
    pq.write_table(pa.table({
        "content": pa.array([b"caf\xc3\xa9 = 1\n", b"bad \xff byte\n"], pa.binary()),
        "task": ["Python/5", None],
    }), data / "part-1.parquet")  # fmt: skip
    config = ParquetInput(
        type="parquet", path=str(data / "*.parquet"), name="pq", pair_key="task", pair_key_pattern=HUMANEVAL_PATTERN
    )
    work = tmp_path / "work"
    reader = reader_for_input(config, index=1, rejects_dir=work, clean=CleanConfig())
    warnings: list[str] = []
    sink = logger.add(lambda message: warnings.append(str(message)), level="WARNING")
    try:
        documents = run_steps([reader])
    finally:
        logger.remove(sink)
    assert [d.id for d in documents] == [
        "pq:part-0.parquet:0",
        "pq:part-0.parquet:2",
        "pq:part-1.parquet:0",
        "pq:part-1.parquet:1",
    ]
    assert [d.metadata.get(PAIR_KEY) for d in documents] == ["3", None, "5", None]
    assert reader.stats["pair_key_unmatched"].total == 1  # Go/x
    assert reader.stats["pair_key_missing"].total == 1  # the null in part-1
    assert any("part-0.parquet, row 2" in w and "Go/x" in w for w in warnings)
    (reject,) = read_rejects(work)
    assert (reject["reason"], reject["file"], reject["row"], reject["id"]) == (
        "missing_text", "part-0.parquet", 1, "pq:part-0.parquet:1",
    )  # fmt: skip
    # bytes columns are decoded (or rejected) by DecodeText, like directory files
    decoded = run_steps(
        [
            reader_for_input(config, index=1, rejects_dir=tmp_path / "w2", clean=CleanConfig()),
            DecodeText(rejects_dir=tmp_path / "w2"),
        ]
    )
    assert "café = 1\n" in [d.text for d in decoded]
    bad = [r for r in read_rejects(tmp_path / "w2") if r["stage"] == "decode"]
    assert [(r["id"], r["reason"], r["file"], r["row"]) for r in bad] == [
        ("pq:part-1.parquet:1", "invalid_utf8", "part-1.parquet", 1)
    ]
    assert "byte offset 4" in bad[0]["detail"]


def test_corrupt_parquet_file_is_a_reject_not_a_crash(tmp_path):
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not a parquet file")
    config = ParquetInput(type="parquet", path=str(tmp_path / "*.parquet"), name="pq")
    assert run_steps([reader_for_input(config, index=0, rejects_dir=tmp_path / "w", clean=CleanConfig())]) == []
    (reject,) = read_rejects(tmp_path / "w")
    assert reject["reason"] == "corrupt_file" and reject["file"] == "broken.parquet"


# --- Hugging Face inputs (local datasets only: no network) ------------------------------------------
@pytest.fixture()
def offline(monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_hf_saved_dataset_shards_by_row_with_stable_ids(tmp_path, offline):
    from datasets import Dataset

    texts = [f"print({i})\n" for i in range(10)]
    texts[4] = None
    Dataset.from_dict({"code": texts, "lang": ["Python"] * 10}).save_to_disk(str(tmp_path / "saved"))
    config = HuggingFaceInput(type="huggingface", name=str(tmp_path / "saved"), text_key="code", language_key="lang")

    def steps():
        return [reader_for_input(config, index=0, rejects_dir=tmp_path / "w", clean=CleanConfig())]

    one, three = ids_over_ranks(steps, 1), ids_over_ranks(steps, 3)
    expected = [f"{tmp_path / 'saved'}:{i}" for i in range(10) if i != 4]
    assert sorted(one) == sorted(three) == sorted(expected)
    documents = run_steps(steps(), rank=1, world_size=3)
    assert [d.id.rsplit(":", 1)[1] for d in documents] == ["1", "7"]  # rows 1, 4 (no text), 7
    assert documents[0].text == "print(1)\n" and documents[0].metadata[CLAIMED_LANGUAGE] == "python"
    rejects = [r for r in read_rejects(tmp_path / "w") if r["reason"] == "missing_text"]
    assert {r["row"] for r in rejects} == {4}


def test_hf_streaming_local_parquet_folder_shards_by_file(tmp_path, offline):
    folder = tmp_path / "hfdata" / "data"
    folder.mkdir(parents=True)
    for k in range(3):
        pq.write_table(
            pa.table({"content": [f"fn f{k}_{i}() {{}}\n" for i in range(4)]}), folder / f"train-{k}.parquet"
        )
    config = HuggingFaceInput(type="huggingface", name=str(tmp_path / "hfdata"), streaming=True)

    def steps():
        return [reader_for_input(config, index=0, rejects_dir=tmp_path / "w", clean=CleanConfig())]

    one, two = ids_over_ranks(steps, 1), ids_over_ranks(steps, 2)
    assert len(one) == 12 and sorted(one) == sorted(two)
    source = str(tmp_path / "hfdata")
    rank1 = run_steps(steps(), rank=1, world_size=2)
    assert {d.id.removeprefix(source + ":").split(":")[0] for d in rank1} == {"1"}  # data file 1 of 3
    texts = {d.id.removeprefix(source + ":"): d.text for d in run_steps(steps())}
    assert texts["2:3"] == "fn f2_3() {}\n"  # data file 2, row 3: ids name the file and row

    capped = HuggingFaceInput(type="huggingface", name=str(tmp_path / "hfdata"), streaming=True, max_documents=6)
    capped_ids = ids_over_ranks(
        lambda: [reader_for_input(capped, index=0, rejects_dir=tmp_path / "w", clean=CleanConfig())], 2
    )
    assert sorted(i.removeprefix(source + ":") for i in capped_ids) == ["0:0", "0:1", "0:2", "0:3", "1:0", "1:1"]


def test_hf_single_file_stream_is_split_by_row(tmp_path, offline):
    folder = tmp_path / "one"
    folder.mkdir()
    pq.write_table(pa.table({"content": [f"x = {i}\n" for i in range(7)]}), folder / "train.parquet")
    config = HuggingFaceInput(type="huggingface", name=str(folder), streaming=True)

    def steps():
        return [reader_for_input(config, index=0, rejects_dir=tmp_path / "w", clean=CleanConfig())]

    three = ids_over_ranks(steps, 3)
    assert sorted(three) == sorted(f"{folder}:0:{i}" for i in range(7))


# --- HumanEval-X: real parallel programs, pair keys from task ids ------------------------------------
def test_humaneval_x_pair_keys_from_task_ids(fixtures_dir, tmp_path):
    files = sorted((fixtures_dir / "humaneval-x").glob("humaneval_*.jsonl.gz"))
    assert len(files) == 6
    config = JsonlInput(
        type="jsonl", path=str(fixtures_dir / "humaneval-x/humaneval_*.jsonl.gz"), name="hx",
        text_key="prompt", id_key="task_id", pair_key="task_id", pair_key_pattern=HUMANEVAL_PATTERN,
    )  # fmt: skip
    documents = run_steps([reader_for_input(config, index=0, rejects_dir=tmp_path, clean=CleanConfig())])
    assert len(documents) == 6 * 164
    keys = Counter(d.metadata[PAIR_KEY] for d in documents)
    assert set(keys) == {str(i) for i in range(164)} and set(keys.values()) == {6}
    by_id = {d.id: d for d in documents}
    assert by_id["hx:Python/12"].metadata[PAIR_KEY] == by_id["hx:Java/12"].metadata[PAIR_KEY] == "12"
    assert "def longest" in by_id["hx:Python/12"].text
    assert list(read_rejects(tmp_path)) == []


def test_humaneval_x_missing_text_field_is_recorded_per_row(fixtures_dir, tmp_path):
    # only the Python and Java files have a `text` field: every other row is a missing_text reject
    config = JsonlInput(
        type="jsonl", path=str(fixtures_dir / "humaneval-x/humaneval_*.jsonl.gz"), name="hx", text_key="text"
    )
    reader = reader_for_input(config, index=0, rejects_dir=tmp_path, clean=CleanConfig())
    documents = run_steps([reader])
    assert {d.id.split(":")[1] for d in documents} == {"humaneval_java.jsonl.gz", "humaneval_python.jsonl.gz"}
    rejects = list(read_rejects(tmp_path))
    assert len(rejects) == 4 * 164 and {r["reason"] for r in rejects} == {"missing_text"}
    assert {r["file"] for r in rejects} == {
        "humaneval_cpp.jsonl.gz", "humaneval_go.jsonl.gz", "humaneval_js.jsonl.gz", "humaneval_rust.jsonl.gz",
    }  # fmt: skip
    assert reader.stats["dropped_missing_text"].total == 4 * 164


# --- small pieces ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("label", "expected"),
    [("Python", "python"), ("py", "python"), ("C#", "csharp"), ("c-sharp", "csharp"), ("cs", "csharp"),
     ("JavaScript", "javascript"), ("js", "javascript"), ("TypeScript", "typescript"), ("ts", "typescript"),
     ("Go", "go"), ("golang", "go"), ("Rust", "rust"), ("rs", "rust"), ("Java", "java"),
     ("C++", "other:c++"), (" Kotlin ", "other:kotlin"), ("", None), (None, None)],
)  # fmt: skip
def test_normalize_language_name(label, expected):
    assert normalize_language_name(label) == expected


def test_pair_key_extraction():
    import re

    assert extract_pair_key("Python/12", re.compile(HUMANEVAL_PATTERN)) == "12"
    assert extract_pair_key("Java/12", re.compile(r"^\w+/(\d+)$")) == "12"  # group 1 without a name
    assert extract_pair_key("Go/x", re.compile(HUMANEVAL_PATTERN)) is None
    assert extract_pair_key(7, None) == "7"
    assert extract_pair_key(None, None) is None


def test_glob_base():
    assert glob_base("/data/*.jsonl.gz") == "/data"
    assert glob_base("/data/**/x/*.parquet") == "/data"
    assert glob_base("/data/one.jsonl") == "/data"
    assert glob_base("s3://bucket/code/*.parquet") == "s3://bucket/code"
    assert glob_base("rows.jsonl") == "."


def test_config_rejects_bad_pair_key_patterns(tmp_path):
    base = {"output": {"path": "out"}}
    for pattern, message in (("(", "not a valid regular expression"), (r"\d+", "needs a group")):
        raw = {
            **base,
            "inputs": [{"type": "jsonl", "path": "x.jsonl", "pair_key": "task_id", "pair_key_pattern": pattern}],
        }
        with pytest.raises(ConfigError, match=message) as info:
            validate_config(raw, source="cfg.yaml", base_dir=tmp_path, check_paths=False)
        assert "cfg.yaml: inputs[0].pair_key_pattern" in str(info.value)
    raw = {**base, "inputs": [{"type": "directory", "path": ".", "pair_key_from": "grandparent"}]}
    with pytest.raises(ConfigError, match=r"inputs\[0\]\.pair_key_from"):
        validate_config(raw, source="cfg.yaml", base_dir=tmp_path, check_paths=False)
    assert CleanConfig().generated_header_lines == 10


def test_max_documents_over_a_truncated_gzip(tmp_path):
    rows = [{"content": f"print({i})\n"} for i in range(2000)]
    whole = gzip.compress(_jsonl_lines(rows), mtime=0)
    (tmp_path / "a.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "b.jsonl").write_bytes(_jsonl_lines(rows[:3]))
    config = JsonlInput(type="jsonl", path=str(tmp_path / "*.jsonl*"), name="t", max_documents=5000)
    documents = run_steps([reader_for_input(config, index=0, rejects_dir=tmp_path / "w", clean=CleanConfig())])
    assert [d.id for d in documents[-3:]] == ["t:b.jsonl:0", "t:b.jsonl:1", "t:b.jsonl:2"]


def test_hf_saved_dataset_dict_picks_the_split(tmp_path, offline):
    from datasets import Dataset, DatasetDict

    DatasetDict({
        "train": Dataset.from_dict({"content": ["a = 1\n", "b = 2\n"]}),
        "test": Dataset.from_dict({"content": ["c = 3\n"]}),
    }).save_to_disk(str(tmp_path / "dd"))  # fmt: skip
    config = HuggingFaceInput(type="huggingface", name=str(tmp_path / "dd"), split="test")
    documents = run_steps([reader_for_input(config, index=0, rejects_dir=tmp_path / "w", clean=CleanConfig())])
    assert [d.text for d in documents] == ["c = 3\n"]
    missing = HuggingFaceInput(type="huggingface", name=str(tmp_path / "dd"), split="validation")
    with pytest.raises(ValueError, match=r"no split 'validation'; it has \['test', 'train'\]"):
        run_steps([reader_for_input(missing, index=0, rejects_dir=tmp_path / "w", clean=CleanConfig())])


def test_bounded_lines_splits_like_splitlines_and_caps_long_lines():
    import io

    from codemix.stages.read import bounded_lines

    data = b"a\nbb\n\n" + b"x" * 50 + b"\nccc\n" + b"y" * 30 + b"\ntail"
    for block_bytes in (1, 3, 7, 1 << 20):
        got = list(bounded_lines(io.BytesIO(data), 40, block_bytes=block_bytes))
        assert got == [
            (b"a", 1), (b"bb", 2), (b"", 0), (None, 50), (b"ccc", 3), (b"y" * 30, 30), (b"tail", 4),
        ], block_bytes  # fmt: skip
    assert len(list(bounded_lines(io.BytesIO(data), 0))) == 7  # row counting keeps nothing


@pytest.mark.parametrize("suffix", ["jsonl", "jsonl.gz", "jsonl.zst"])
def test_jsonl_huge_row_is_too_large_without_being_held(tmp_path, suffix):
    import zstandard

    huge_text = "x = 1;" * (5 * 1024 * 1024 // 6)  # a 5 MB one-line program
    payload = _jsonl_lines([{"content": "a = 1\n"}, {"content": huge_text}, {"content": "b = 2\n"}])
    compress = {"jsonl": bytes, "jsonl.gz": lambda b: gzip.compress(b, mtime=0),
                "jsonl.zst": zstandard.ZstdCompressor().compress}[suffix]  # fmt: skip
    (tmp_path / f"rows.{suffix}").write_bytes(compress(payload))
    del payload
    config = JsonlInput(type="jsonl", path=str(tmp_path / f"rows.{suffix}"), name="r")
    reader = reader_for_input(config, index=0, rejects_dir=tmp_path / "w", clean=CleanConfig(max_file_bytes=10_000))
    tracemalloc.start()
    documents = run_steps([reader])
    _, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [d.text for d in documents] == ["a = 1\n", "b = 2\n"]
    assert peak_bytes < 3 * 1024 * 1024, peak_bytes  # the 5 MB row was never held whole
    (reject,) = read_rejects(tmp_path / "w")
    assert (reject["reason"], reject["row"]) == ("too_large", 1)
    assert reject["detail"].startswith(f"rows.{suffix}, row 1: {len(huge_text) + 15} bytes > 125536")


def test_hf_map_style_max_documents(tmp_path, offline):
    from datasets import Dataset

    Dataset.from_dict({"content": [f"v = {i}\n" for i in range(10)]}).save_to_disk(str(tmp_path / "saved"))
    config = HuggingFaceInput(type="huggingface", name=str(tmp_path / "saved"), max_documents=3)

    def steps():
        return [reader_for_input(config, index=0, rejects_dir=tmp_path / "w", clean=CleanConfig())]

    source = str(tmp_path / "saved")
    assert sorted(ids_over_ranks(steps, 2)) == [f"{source}:{i}" for i in range(3)]


def test_unreadable_file_is_a_reject(tree, tmp_path, monkeypatch):
    from codemix.io import CodeFolder

    allowed = CodeFolder.open

    def deny(self, path, *args, **kwargs):  # the tests run as root, so a chmod would not deny the read
        if str(path).endswith("top.py"):
            raise PermissionError(13, "Permission denied", str(path))
        return allowed(self, path, *args, **kwargs)

    monkeypatch.setattr(CodeFolder, "open", deny)
    documents = run_steps([reader_for_input(_directory(tree), index=0, rejects_dir=tmp_path, clean=CleanConfig())])
    assert "top.py" not in {d.metadata[PATH] for d in documents}
    unreadable = [r for r in read_rejects(tmp_path) if r["reason"] == "unreadable"]
    assert [(r["path"], r["detail"]) for r in unreadable] == [("top.py", "Permission denied")]
