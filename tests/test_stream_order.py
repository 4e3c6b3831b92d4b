"""codemix.stream: the global order, dealing to ranks and workers, shuffling, the token tally, columns,
bad input, and what the stream imports. Shards are written in the real format (tests/stream_support.py)."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from codemix import TARGET_LANGUAGES
from codemix.schemas.shards import LANGUAGE_LABELS, language_ids, language_labels
from codemix.stream import CodeMixStream, StreamError
from codemix.stream import core as stream_core
from codemix.stream.order import EpochOrder
from stream_support import corpus_documents, read_manifest, write_build


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    # ~230 real documents in 23 shards of 10 rows, row groups of 3: unequal row groups, many windows
    return write_build(tmp_path_factory.mktemp("stream") / "out", list(corpus_documents()), docs_per_shard=10, row_group_rows=3)


def ids(stream) -> list[str]:
    return [doc["id"] for doc in stream]


def worker_batches(monkeypatch, stream, *, workers: int, batch_size: int) -> list[list[str]]:
    """Run `stream` as each of `workers` DataLoader workers would, then collect the batches the way a
    DataLoader does (batch n from worker n % workers)."""
    per_worker = []
    for worker in range(workers):
        monkeypatch.setattr(stream_core, "worker_context", lambda w=worker: (w, workers))
        copy = pickle_copy(stream)
        per_worker.append([[d["id"] for d in items] for items, _ in copy._batches(batch_size)])
    monkeypatch.setattr(stream_core, "worker_context", lambda: (0, 1))
    batches = []
    for n in range(sum(len(b) for b in per_worker)):
        batches.append(per_worker[n % workers][n // workers])
    return batches


def pickle_copy(stream):
    import pickle

    return pickle.loads(pickle.dumps(stream))


def test_one_epoch_yields_every_document_once(build):
    manifest = read_manifest(build)
    written = [row for s in manifest["splits"]["train"]["shards"] for row in pq.read_table(build / s["file"], columns=["id"]).column("id").to_pylist()]
    stream = CodeMixStream(str(build))
    first = ids(stream)
    assert sorted(first) == sorted(written) and len(first) == len(written) == len(stream)
    assert first != written  # shuffled
    assert stream.state_dict()["epoch"] == 1 and stream.state_dict()["consumed"] == 0


@pytest.mark.parametrize("remainder", ["wrap", "drop"])
@pytest.mark.parametrize("world_size", [2, 3, 4, 7])
def test_ranks_deal_the_global_order_with_equal_counts(build, world_size, remainder):
    order = ids(CodeMixStream(str(build)))
    total = len(order)
    per_rank = [ids(CodeMixStream(str(build), rank=r, world_size=world_size, remainder=remainder)) for r in range(world_size)]
    counts = {len(p) for p in per_rank}
    assert len(counts) == 1  # equal counts on every rank
    assert len(CodeMixStream(str(build), rank=0, world_size=world_size, remainder=remainder)) == len(per_rank[0])
    dealt = [per_rank[i % world_size][i // world_size] for i in range(world_size * counts.pop())]
    if remainder == "wrap":
        # the incomplete last round is completed with the epoch's first documents
        assert dealt == order + order[: len(dealt) - total] and len(dealt) - total < world_size
    else:
        assert dealt == order[: total - total % world_size]


@pytest.mark.parametrize(("world_size", "workers", "batch_size"), [(1, 2, 4), (2, 2, 3), (2, 3, 1), (3, 2, 5)])
def test_workers_deliver_whole_batches_in_rank_order(build, monkeypatch, world_size, workers, batch_size):
    for rank in range(world_size):
        plain = ids(CodeMixStream(str(build), rank=rank, world_size=world_size))
        batches = worker_batches(monkeypatch, CodeMixStream(str(build), rank=rank, world_size=world_size),
                                 workers=workers, batch_size=batch_size)
        assert [i for b in batches for i in b] == plain
        assert all(len(b) == batch_size for b in batches[:-1])


def test_shuffle_is_seeded_and_changes_with_the_epoch(build):
    path = str(build)
    epoch0 = ids(CodeMixStream(path, seed=1))
    assert ids(CodeMixStream(path, seed=1)) == epoch0
    stream = CodeMixStream(path, seed=1)
    stream.set_epoch(1)
    epoch1 = ids(stream)
    assert sorted(epoch1) == sorted(epoch0) and epoch1 != epoch0
    assert ids(CodeMixStream(path, seed=1, epoch=1)) == epoch1
    assert ids(CodeMixStream(path, seed=2)) != epoch0
    # iterating again goes on with the next epoch
    again = CodeMixStream(path, seed=1)
    assert ids(again) == epoch0 and ids(again) == epoch1


def test_no_shuffle_is_the_shard_order(build):
    manifest = read_manifest(build)
    written = [row for s in manifest["splits"]["train"]["shards"] for row in pq.read_table(build / s["file"], columns=["id"]).column("id").to_pylist()]
    assert ids(CodeMixStream(str(build), shuffle=False)) == written
    assert ids(CodeMixStream(str(build), shuffle=False, epoch=3)) == written


def test_window_takes_its_row_groups_round_robin():
    rows = np.array([5, 3, 5, 5, 1, 4, 5, 2, 5, 5, 5], dtype=np.int64)
    order = EpochOrder(rows, seed=3, epoch=2, shuffle=True, window_row_groups=4)
    assert sorted(order.units.tolist()) == list(range(len(rows)))
    seen = set()
    for window in range(order.windows):
        units = order.window_units(window)
        slot, row = order.window_positions(window)
        assert len(slot) == rows[units].sum() == order.window_start[window + 1] - order.window_start[window]
        pairs = set(zip(units[slot].tolist(), row.tolist()))
        assert len(pairs) == len(slot) and not pairs & seen  # every row of the window's row groups once
        seen |= pairs
        # while every row group of the window still has rows, each round takes one row from each
        rounds = int(rows[units].min())
        k = len(units)
        for length in range(1, rounds * k + 1):
            for first in range(0, rounds * k - length + 1):
                taken = Counter(slot[first:first + length].tolist())
                assert all(length // k <= taken.get(s, 0) <= -(-length // k) for s in range(k))
    assert len(seen) == rows.sum()


def test_premixed_row_groups_give_every_window_the_manifest_shares(tmp_path):
    # every row group holds the same mixture: 2 python, 1 go, 1 rust documents of fixed sizes
    pattern = [("python", 40), ("go", 25), ("python", 40), ("rust", 10)]
    docs = [{"id": f"d{g}-{i}", "text": "x", "language": lang, "tokens": tokens}
            for g in range(24) for i, (lang, tokens) in enumerate(pattern)]
    out = write_build(tmp_path / "out", docs, docs_per_shard=12, row_group_rows=4)
    shares = {"python": 80 / 115, "go": 25 / 115, "rust": 10 / 115}
    stream = CodeMixStream(str(out), shuffle_window_row_groups=3)
    rows = list(stream)
    window_docs = 3 * 4
    for first in range(0, len(rows), window_docs):
        window = rows[first:first + window_docs]
        tokens = Counter()
        for row in window:
            tokens[row["language"]] += row["token_count"]
        assert {k: v / sum(tokens.values()) for k, v in tokens.items()} == pytest.approx(shares, abs=1e-12)


def test_tokens_seen_per_language_are_those_of_the_documents_taken(build):
    stream = CodeMixStream(str(build), rank=0, world_size=2)
    other = iter(CodeMixStream(str(build), rank=1, world_size=2))
    expected = Counter()
    for doc in stream:
        partner = next(other)
        expected[doc["language"]] += doc["token_count"]
        expected[partner["language"]] += partner["token_count"]
        # both ranks have taken one more document: the state counts both
        assert stream.state_dict()["tokens_seen_per_language"] == dict(expected)
    assert stream.state_dict()["epoch"] == 1
    single = CodeMixStream(str(build))
    list(single)
    # one rank: exactly the split's tokens (two ranks may repeat a document to even the counts)
    assert sum(single.state_dict()["tokens_seen_per_language"].values()) == read_manifest(build)["splits"]["train"]["tokens"]


def test_columns_and_language_names(build):
    stream = CodeMixStream(str(build), columns=["id", "language"])
    rows = list(stream)
    assert set(rows[0]) == {"id", "language"}
    assert {r["language"] for r in rows} <= set(TARGET_LANGUAGES)
    with pytest.raises(StreamError, match="no column"):
        CodeMixStream(str(build), columns=["nope"])


def test_open_files_and_cached_windows_stay_bounded(build):
    seen_open, seen_windows = [], []
    stream = CodeMixStream(str(build), shuffle_window_row_groups=4)
    for _ in stream:
        active = stream._active
        seen_open.append(len(active.cache.reader._open))
        seen_windows.append(len(active.cache._positions))
    assert max(seen_open) <= 5 and max(seen_windows) <= active.cache.capacity
    assert len(read_manifest(build)["splits"]["train"]["shards"]) >= 20  # many more shards than files open


def test_state_is_a_few_integers_and_json(build):
    stream = CodeMixStream(str(build))
    iterator = iter(stream)
    for _ in range(17):
        next(iterator)
    state = stream.state_dict()
    assert json.loads(json.dumps(state)) == state
    assert state["consumed"] == 17 and state["epoch"] == 0
    assert set(state) == {"format", "kind", "dataset", "split", "seed", "shuffle", "shuffle_window_row_groups",
                          "epoch", "consumed", "tokens_seen_per_language"}


def test_bad_input_is_named(build, tmp_path):
    with pytest.raises(StreamError, match="no manifest.json"):
        CodeMixStream(str(tmp_path))
    with pytest.raises(StreamError, match="no split 'validation'"):
        CodeMixStream(str(build), split="validation")
    with pytest.raises(ValueError, match="seed"):
        CodeMixStream(str(build), seed=1).load_state_dict(CodeMixStream(str(build), seed=2).state_dict())
    with pytest.raises(ValueError, match="rank"):
        CodeMixStream(str(build), rank=2, world_size=2)
    # a manifest that disagrees with a shard: the error names the shard and row group
    broken = tmp_path / "broken"
    write_build(broken, list(corpus_documents())[:20], docs_per_shard=10, row_group_rows=3)
    manifest = read_manifest(broken)
    shard = manifest["splits"]["train"]["shards"][1]
    shard["row_group_rows"] = [2, 4, 3, 1]
    (broken / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StreamError, match=r"train-00001-of-00002.parquet: row group \d has \d rows, the manifest says \d"):
        list(CodeMixStream(str(broken)))


def test_manifest_of_format_1_is_read_from_the_footers(build, tmp_path):
    # a build from before row-group lists and ClassLabel ids: `language` as strings
    old = tmp_path / "old"
    (old / "data").mkdir(parents=True)
    manifest = read_manifest(build)
    for shard in manifest["splits"]["train"]["shards"]:
        table = pq.read_table(build / shard["file"])
        names = [LANGUAGE_LABELS[i] for i in table.column("language").to_pylist()]
        table = table.set_column(table.schema.get_field_index("language"), "language", __import__("pyarrow").array(names)).replace_schema_metadata(None)
        pq.write_table(table, old / shard["file"], row_group_size=3)
        del shard["row_group_rows"], shard["row_group_tokens"]
    manifest["format"] = 1
    (old / "manifest.json").write_text(json.dumps(manifest))
    new_rows = list(CodeMixStream(str(build)))
    old_rows = list(CodeMixStream(str(old)))
    assert old_rows == new_rows


def test_language_labels_are_stable_and_cover_every_direction():
    assert LANGUAGE_LABELS[0] == "other" and len(LANGUAGE_LABELS) == 1 + 7 + 7 * 6
    assert LANGUAGE_LABELS[1:6] == ("python", "java", "python->java", "java->python", "javascript")
    directions = {f"{a}->{b}" for a in TARGET_LANGUAGES for b in TARGET_LANGUAGES if a != b}
    assert set(LANGUAGE_LABELS) == {"other", *TARGET_LANGUAGES, *directions}
    longer = language_labels((*TARGET_LANGUAGES, "kotlin"))
    assert longer[: len(LANGUAGE_LABELS)] == LANGUAGE_LABELS  # a new language appends, never renumbers
    with pytest.raises(ValueError, match=r"shard-7: row 1: language 'cobol'"):
        language_ids(["go", "cobol"], where="shard-7")


def test_stream_imports_neither_torch_nor_the_pipeline():
    code = ("import sys, codemix.stream; bad = [m for m in sys.modules if m == 'torch' or m.startswith(('codemix.pipeline', "
            "'codemix.stages', 'codemix.cli', 'datasets'))]; print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_first_footer_is_read_to_plan(build, monkeypatch):
    from codemix.stream import layout

    opened = []
    real = layout._read_footer
    monkeypatch.setattr(layout, "_read_footer", lambda fs, path: opened.append(path) or real(fs, path))
    stream = CodeMixStream(str(build))
    assert len(opened) == 1 and len(stream) == read_manifest(build)["splits"]["train"]["rows"]
    stream.state_dict()
    assert len(opened) == 1


def test_a_rank_reads_its_share_of_row_groups_when_the_world_size_divides_the_window(tmp_path, monkeypatch):
    from codemix.stream.layout import RowGroupReader

    docs = [d for d in corpus_documents()][:192]
    out = write_build(tmp_path / "even", docs, docs_per_shard=24, row_group_rows=6)  # 32 row groups of 6 rows
    reads = []
    real = RowGroupReader.read
    monkeypatch.setattr(RowGroupReader, "read", lambda self, unit, columns: reads.append((unit, tuple(columns))) or real(self, unit, columns))
    for rank in range(2):
        reads.clear()
        rows = list(CodeMixStream(str(out), rank=rank, world_size=2, shuffle_window_row_groups=4))
        full = [unit for unit, columns in reads if "text" in columns]
        assert len(rows) == 96 and len(full) == len(set(full)) == 16  # 2 of each window's 4 row groups


def test_the_torch_extra_pins_the_cpu_build():
    import tomllib

    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    assert pyproject["project"]["optional-dependencies"]["torch"] == ["torch==2.13.0+cpu"]


def test_iterating_again_after_a_break_continues_where_it_stopped(build):
    full = ids(CodeMixStream(str(build)))
    stream = CodeMixStream(str(build))
    head = []
    for doc in stream:
        head.append(doc["id"])
        if len(head) == 10:
            break
    assert head + ids(stream) == full


def test_a_single_shard_is_split_by_row_group(tmp_path, monkeypatch):
    out = write_build(tmp_path / "one", list(corpus_documents())[:60], docs_per_shard=1000, row_group_rows=5)
    assert len(read_manifest(out)["splits"]["train"]["shards"]) == 1
    taken = []
    for rank in range(2):
        batches = worker_batches(monkeypatch, CodeMixStream(str(out), rank=rank, world_size=2), workers=2, batch_size=3)
        per_worker = [b for n, b in enumerate(batches) if n % 2 == 0], [b for n, b in enumerate(batches) if n % 2 == 1]
        assert all(per_worker)  # both workers of both ranks get documents of the one shard
        taken += [i for b in batches for i in b]
    assert sorted(taken) == sorted(d["id"] for d in list(corpus_documents())[:60])
