"""Issue 12 (3): errors name their real cause. A declared column an input does not have is an error before any
work; when nothing survives, the error lists the drop reasons by count and the inputs that contributed nothing;
an input that contributes nothing while others do is a warning; a damaged file keeps what is readable and says
how far it got."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
import zstandard

from codemix.cli import EXIT_OK, EXIT_USAGE, main
from codemix.errors import InputError
from codemix.schemas.config import CleanConfig, HuggingFaceInput, JsonlInput, ParquetInput
from codemix.stages.read import COLUMN_KEYS, check_declared_columns, reader_for_input
from codemix.stages.rejects import read_rejects
from ingest_helpers import FIZZBUZZ_PY, HELLO_GO, run_steps, write

PROGRAMS = [f"def f{i}(x):\n    return x * {i} + {i}\n\n\nprint(f{i}(3))\n" for i in range(160)]


def five_row_groups(path: Path, *, broken_group: int | None = None) -> Path:
    """160 rows of Python in 5 row groups of 32; with `broken_group`, that group's pages are overwritten."""
    pq.write_table(pa.table({"content": PROGRAMS, "path": [f"f{i}.py" for i in range(160)]}), path,
                   row_group_size=32, compression="zstd")
    if broken_group is not None:
        column = pq.ParquetFile(path).metadata.row_group(broken_group).column(0)
        start = column.dictionary_page_offset or column.data_page_offset
        data = bytearray(path.read_bytes())
        for i in range(start + 20, start + column.total_compressed_size - 5):
            data[i] ^= 0x5A
        path.write_bytes(bytes(data))
    return path


def read(config, tmp_path: Path):
    documents = run_steps([reader_for_input(config, index=0, rejects_dir=tmp_path / "rejects", clean=CleanConfig())])
    return documents, list(read_rejects(tmp_path / "rejects"))


# --- damaged files ----------------------------------------------------------------------------------
def test_corrupt_parquet_keeps_every_readable_row_group_and_records_every_lost_row(tmp_path):
    five_row_groups(tmp_path / "five.parquet", broken_group=2)
    documents, rejects = read(ParquetInput(type="parquet", path=str(tmp_path / "five.parquet"), name="pq"), tmp_path)
    assert len(documents) == 128  # all of groups 0, 1, 3 and 4
    assert [d.id for d in documents] == [f"pq:five.parquet:{i}" for i in (*range(64), *range(96, 160))]
    assert [r["row"] for r in rejects] == list(range(64, 96))
    assert {r["reason"] for r in rejects} == {"corrupt_row_group"}
    assert "row group 2 of 5 (rows 64-95)" in rejects[0]["detail"]


def test_truncated_parquet_says_that_its_rows_are_unknown(tmp_path):
    whole = five_row_groups(tmp_path / "whole.parquet").read_bytes()
    (tmp_path / "cut.parquet").write_bytes(whole[: len(whole) // 2])
    documents, (reject,) = read(ParquetInput(type="parquet", path=str(tmp_path / "cut.parquet"), name="pq"), tmp_path)
    assert documents == []
    assert reject["reason"] == "corrupt_file" and reject["file"] == "cut.parquet"
    assert "how many rows it held is unknown" in reject["detail"]


def _rows(n: int) -> bytes:
    return b"".join(json.dumps({"content": f"print({i})\n" * 40}).encode() + b"\n" for i in range(n))


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl.zst"])
def test_truncated_compressed_jsonl_says_how_far_it_got(tmp_path, suffix):
    """A truncated .zst was read as empty without a word before; a truncated .gz did not say how far it got."""
    data = _rows(2000)
    whole = gzip.compress(data, mtime=0) if suffix == ".jsonl.gz" else zstandard.ZstdCompressor().compress(data)
    (tmp_path / f"cut{suffix}").write_bytes(whole[: len(whole) * 3 // 4])
    documents, (reject,) = read(JsonlInput(type="jsonl", path=str(tmp_path / f"cut{suffix}"), name="j"), tmp_path)
    assert len(documents) < 2000
    assert reject["reason"] == "truncated_file" and reject["file"] == f"cut{suffix}"
    assert reject["row"] == len(documents)
    assert f"({len(documents)} complete rows" in reject["detail"]
    assert "the rows after that are lost, and how many is unknown" in reject["detail"]


def test_a_whole_zstd_file_with_several_frames_reads_completely(tmp_path):
    skippable = (0x184D2A53).to_bytes(4, "little") + (5).to_bytes(4, "little") + b"notes"
    frames = (zstandard.ZstdCompressor(write_checksum=True).compress(_rows(10)) + skippable
              + zstandard.ZstdCompressor().compress(_rows(5)))
    (tmp_path / "two.jsonl.zst").write_bytes(frames)
    documents, rejects = read(JsonlInput(type="jsonl", path=str(tmp_path / "two.jsonl.zst"), name="j"), tmp_path)
    assert len(documents) == 15 and rejects == []


# --- declared columns -------------------------------------------------------------------------------
@pytest.mark.parametrize("key", COLUMN_KEYS)
def test_every_declared_column_missing_from_a_parquet_schema_is_an_error(tmp_path, key):
    five_row_groups(tmp_path / "five.parquet")
    config = ParquetInput(type="parquet", path=str(tmp_path / "*.parquet"), name="pq", **{key: "no_such_column"})
    with pytest.raises(InputError) as error:
        check_declared_columns(config, index=3)
    message = str(error.value)
    assert "inputs[3] ('pq')" in message and "'no_such_column'" in message and f"`{key}`" in message
    assert "five.parquet" in message and "content, path" in message


def test_a_declared_column_missing_from_jsonl_rows_is_an_error(tmp_path):
    write(tmp_path / "rows.jsonl", _rows(3).decode())
    check_declared_columns(JsonlInput(type="jsonl", path=str(tmp_path / "rows.jsonl")), index=0)  # content: fine
    with pytest.raises(InputError, match=r"no column 'text' \(the config's `text_key`\) in its first 100 rows"):
        check_declared_columns(JsonlInput(type="jsonl", path=str(tmp_path / "rows.jsonl"), text_key="text"), index=0)


def test_a_declared_column_missing_from_hf_features_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    from datasets import Dataset

    Dataset.from_dict({"content": ["a = 1\n"], "lang": ["Python"]}).save_to_disk(str(tmp_path / "saved"))
    check_declared_columns(HuggingFaceInput(type="huggingface", name=str(tmp_path / "saved"), language_key="lang"),
                           index=0)
    with pytest.raises(InputError, match=r"no column 'language' \(the config's `language_key`\) in the dataset's"):
        check_declared_columns(HuggingFaceInput(type="huggingface", name=str(tmp_path / "saved"),
                                                language_key="language"), index=0)


# --- whole builds -----------------------------------------------------------------------------------
def config_file(tmp_path: Path, inputs: list[dict], **extra) -> Path:
    path = tmp_path / "build.yaml"
    raw = {"inputs": inputs, "output": {"path": str(tmp_path / "out")}, "executor": {"type": "local", "tasks": 1,
                                                                                     "workers": 1}, **extra}
    path.write_text(yaml.safe_dump(raw))
    return path


def test_a_wrong_key_stops_the_build_before_any_work(tmp_path, capsys):
    five_row_groups(tmp_path / "five.parquet")
    config = config_file(tmp_path, [{"type": "parquet", "path": "five.parquet", "text_key": "text"}])
    assert main(["build", str(config)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "inputs[0] ('five.parquet'): no column 'text' (the config's `text_key`)" in err
    assert "Traceback" not in err and "infeasible" not in err
    assert not (tmp_path / "out" / "work").exists()


def test_when_nothing_survives_the_error_lists_reasons_and_inputs(tmp_path, capsys):
    """Was: "the plan is infeasible: no document of the configured languages survived" (exit 3)."""
    whole = five_row_groups(tmp_path / "whole.parquet").read_bytes()
    (tmp_path / "cut.parquet").write_bytes(whole[:2000])
    write(tmp_path / "nulls.jsonl", "\n".join(json.dumps({"content": None, "path": f"{i}.py"}) for i in range(3)))
    config = config_file(tmp_path, [{"type": "parquet", "path": "cut.parquet", "name": "broken"},
                                    {"type": "jsonl", "path": "nulls.jsonl", "name": "empty-texts"}])
    assert main(["build", str(config)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "infeasible" not in err and "Traceback" not in err
    assert "Dropped 4 documents: missing_text 3, corrupt_file 1." in err
    assert "Input 'broken' contributed nothing: all 1 of its documents were dropped (corrupt_file 1)." in err
    assert "Input 'empty-texts' contributed nothing: all 3 of its documents were dropped (missing_text 3)." in err
    assert "Damaged input file: cut.parquet is not a readable Parquet file" in err and "[input 'broken']" in err


def test_an_input_that_contributes_nothing_is_a_warning(tmp_path, capsys):
    write(tmp_path / "code" / "fizzbuzz.py", FIZZBUZZ_PY)
    write(tmp_path / "code" / "hello.go", HELLO_GO)
    write(tmp_path / "rows.jsonl", "\n".join(json.dumps({"content": 7}) for _ in range(2)) + "\n")
    programs = "".join(json.dumps({"content": p, "path": f"p{i}.py"}) + "\n" for i, p in enumerate(PROGRAMS))
    whole = gzip.compress(programs.encode(), mtime=0)
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    config = config_file(tmp_path, [{"type": "directory", "path": "code", "name": "code"},
                                    {"type": "jsonl", "path": "rows.jsonl", "name": "numbers"},
                                    {"type": "jsonl", "path": "cut.jsonl.gz", "name": "cut"}])
    assert main(["build", str(config)]) == EXIT_OK
    out = capsys.readouterr().out
    warning = "input 'numbers' contributed no document: all 2 of its documents were dropped (missing_text 2)"
    assert f"warning: {warning}" in out
    stats = json.loads((tmp_path / "out" / "stats.json").read_text())
    assert stats["warnings"][0] == warning
    (damaged,) = stats["warnings"][1:]
    assert damaged.startswith("damaged input file: cut.jsonl.gz ends early (truncated) after row ")
    assert damaged.endswith("how many is unknown [input 'cut']") and f"warning: {damaged}" in out
    assert stats["kept_per_input"]["code"] == 2 and 0 < stats["kept_per_input"]["cut"] < 160
    assert stats["dropped_per_input"]["numbers"] == {"missing_text": 2}
