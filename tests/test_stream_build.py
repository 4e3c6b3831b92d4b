"""codemix.stream on a real build (the demo config with small shards and row groups): the manifest's
row-group lists, `language` as a ClassLabel through `datasets`, exactly-once epochs with a real torch
DataLoader (2 ranks x 2 workers, 3 ranks), resumption through the DataLoader with the worker count changed,
packing with the build's tokenizer, the mixture over stretches of the stream, and fsspec URLs."""

import json
import math
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
import yaml

from codemix.cli import EXIT_OK, main
from codemix.schemas.shards import LANGUAGE_LABELS
from codemix.stream import CodeMixStream
from codemix.tokens import load_tokenizer

REPO = Path(__file__).resolve().parent.parent

try:
    import torch  # noqa: F401

    HAVE_TORCH = True
except ImportError:
    HAVE_TORCH = False
pytestmark = pytest.mark.filterwarnings("ignore:This DataLoader will create:UserWarning")
needs_torch = pytest.mark.skipif(not HAVE_TORCH, reason="torch is not installed: pip install -e '.[torch]' (torch==2.13.0+cpu)")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("stream-build")
    raw = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
    raw["inputs"][0]["path"] = str(REPO / "examples" / "corpus")
    raw["output"] = {"path": str(tmp / "out"), "max_shard_tokens": 20_000, "row_group_rows": 8}
    config = tmp / "demo.yaml"
    config.write_text(yaml.safe_dump(raw))
    assert main(["build", str(config)]) == EXIT_OK
    return tmp / "out"


def manifest_of(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def split_ids(out: Path) -> list[str]:
    shards = manifest_of(out)["splits"]["train"]["shards"]
    return [i for s in shards for i in pq.read_table(out / s["file"], columns=["id"]).column("id").to_pylist()]


def test_manifest_lists_each_shards_row_groups(out):
    shards = manifest_of(out)["splits"]["train"]["shards"]
    assert len(shards) > 10
    for shard in shards:
        parquet = pq.ParquetFile(out / shard["file"])
        rows = [parquet.metadata.row_group(i).num_rows for i in range(parquet.metadata.num_row_groups)]
        tokens = parquet.read(columns=["token_count"]).column("token_count").to_numpy()
        assert shard["row_group_rows"] == rows and max(rows) == 8
        bounds = np.cumsum([0, *rows])
        assert shard["row_group_tokens"] == [int(tokens[a:b].sum()) for a, b in zip(bounds[:-1], bounds[1:])]


def test_language_loads_as_a_class_label_through_datasets(out, monkeypatch):
    from datasets import ClassLabel, load_dataset

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    table = pq.read_table(out / manifest_of(out)["splits"]["train"]["shards"][0]["file"])
    by_id = {r["id"]: r for r in table.to_pylist()}
    loaded = [
        load_dataset(str(out), split="train", streaming=True),
        load_dataset("parquet", data_files=str(out / "data" / "train-*.parquet"), split="train", streaming=True),
        load_dataset("parquet", data_files=str(out / "data" / "train-*.parquet"), split="train"),
    ]
    for dataset in loaded:
        feature = dataset.features["language"]
        assert isinstance(feature, ClassLabel) and tuple(feature.names) == LANGUAGE_LABELS
        checked = 0
        for row in dataset:
            if row["id"] in by_id:
                name = feature.int2str(row["language"])
                expected = row["component"] if row["component"] != "paired" else f"{row['src_lang']}->{row['tgt_lang']}"
                assert name == expected and row["text"] == by_id[row["id"]]["text"]
                checked += 1
        assert checked == table.num_rows


def test_stream_reads_the_build_once_per_epoch_with_its_token_counts(out):
    stream = CodeMixStream(str(out))
    rows = list(stream)
    assert sorted(r["id"] for r in rows) == sorted(split_ids(out))
    tokens = stream.state_dict()["tokens_seen_per_language"]
    components = manifest_of(out)["components"]
    paired = sum(v for k, v in tokens.items() if "->" in k)
    assert paired == components["paired"]["achieved_tokens"]
    for name, component in components.items():
        if name != "paired":
            assert tokens.get(name, 0) == component["achieved_tokens"]
    directions = {r["language"] for r in rows if r["component"] == "paired"}
    assert directions == {f"{r['src_lang']}->{r['tgt_lang']}" for r in rows if r["component"] == "paired"}


def test_packed_blocks_are_the_documents_token_ids_in_stream_order(out):
    tokenizer = load_tokenizer("default")
    expected = []
    for doc in CodeMixStream(str(out), seed=3):
        expected += tokenizer.encode(doc["text"]) + [tokenizer.eos_token_id]
    packed = CodeMixStream(str(out), seed=3).pack(1024)
    blocks = list(packed)
    assert len(blocks) == len(expected) // 1024 and all(b["input_ids"].shape == (1024,) for b in blocks)
    assert np.array_equal(np.concatenate([b["input_ids"] for b in blocks]), np.array(expected[: len(blocks) * 1024]))
    # segment ids start again at 0 in each block and step at each document start (after each EOS)
    for block in blocks[:50]:
        ids, segments, positions = block["input_ids"], block["segment_ids"], block["position_ids"]
        assert segments[0] == 0
        steps = np.flatnonzero(np.diff(segments)) + 1
        assert np.all(ids[steps - 1] == tokenizer.eos_token_id) and np.all(np.diff(segments)[steps - 1] == 1)
        assert np.all(positions[steps] == 0)
    # a document continued from the previous block goes on counting its positions
    continued = [i for i in range(1, len(blocks)) if blocks[i - 1]["input_ids"][-1] != tokenizer.eos_token_id]
    assert continued
    for i in continued:
        assert blocks[i]["position_ids"][0] == blocks[i - 1]["position_ids"][-1] + 1
    no_eos = list(CodeMixStream(str(out), seed=3).pack(1024, eos=False))
    assert tokenizer.eos_token_id not in np.concatenate([b["input_ids"] for b in no_eos])


def test_any_stretch_of_the_stream_mixes_like_a_random_sample(out):
    """The shards are written pre-mixed (one seeded shuffle of every document); the stream keeps that:
    over every stretch of a quarter of the epoch, each component's token share lies within 4 standard
    errors of a random sample's from the manifest's share. An order sorted by component fails the check."""
    components = manifest_of(out)["components"]
    shares = {name: c["achieved_share"] for name, c in components.items()}
    rows = [(r["component"], r["token_count"]) for r in CodeMixStream(str(out), seed=9)]
    tokens = np.array([t for _, t in rows], dtype=float)
    length = len(rows) // 4

    def within_bounds(sequence) -> bool:
        for name, share in shares.items():
            member = np.array([c == name for c, _ in sequence], dtype=float)
            # standard error of a ratio estimate (tokens of `name` / all tokens) from `length` documents
            residual = tokens * (np.array([c == name for c, _ in rows], dtype=float) - share)
            error = math.sqrt(residual.var() / length) / tokens.mean()
            for first in range(0, len(sequence) - length + 1, 7):
                stretch = np.array([t for _, t in sequence[first:first + length]], dtype=float)
                achieved = float((stretch * member[first:first + length]).sum() / stretch.sum())
                if abs(achieved - share) > 4 * error:
                    return False
        return True

    assert within_bounds(rows)
    assert not within_bounds(sorted(rows))


def test_stream_reads_fsspec_urls(out):
    import fsspec

    memory = fsspec.filesystem("memory")
    for path in sorted(out.rglob("*")):
        if path.is_file() and "work" not in path.relative_to(out).parts:
            memory.pipe(f"/codemix-test/{path.relative_to(out).as_posix()}", path.read_bytes())
    local = [r["id"] for r in CodeMixStream(str(out), rank=1, world_size=2)]
    remote = [r["id"] for r in CodeMixStream("memory://codemix-test", rank=1, world_size=2)]
    assert remote == local
    blocks = [b["input_ids"] for b in CodeMixStream("memory://codemix-test").pack(512)]
    assert np.array_equal(np.concatenate(blocks), np.concatenate([b["input_ids"] for b in CodeMixStream(str(out)).pack(512)]))


# --- a real torch DataLoader ----------------------------------------------------------------------

def loader_ids(out, *, rank, world_size, workers, batch_size=4, state=None, stop_after=None, **kwargs):
    from codemix.stream.torch import StreamLoader

    loader = StreamLoader(CodeMixStream(str(out), rank=rank, world_size=world_size, **kwargs), batch_size=batch_size, num_workers=workers)
    if state is not None:
        loader.load_state_dict(state)
    got = []
    for n, batch in enumerate(loader):
        got += batch["id"]
        if stop_after is not None and n + 1 == stop_after:
            break
    return got, loader.state_dict()


@needs_torch
def test_two_ranks_times_two_workers_yield_the_split_exactly_once(out):
    per_rank = [loader_ids(out, rank=r, world_size=2, workers=2)[0] for r in range(2)]
    everything = per_rank[0] + per_rank[1]
    split = split_ids(out)
    # every document once; an odd count is completed by one document repeated (remainder="wrap")
    extra = Counter(everything) - Counter(split)
    assert set(everything) == set(split) and len(everything) == len(split) + len(split) % 2
    assert sum(extra.values()) == len(split) % 2
    assert per_rank[0] == [r["id"] for r in CodeMixStream(str(out), rank=0, world_size=2)]


@needs_torch
@pytest.mark.parametrize("remainder", ["wrap", "drop"])
def test_three_ranks_get_equal_counts(out, remainder):
    per_rank = [loader_ids(out, rank=r, world_size=3, workers=2, remainder=remainder)[0] for r in range(3)]
    split = split_ids(out)
    assert len({len(p) for p in per_rank}) == 1
    counts = Counter(i for p in per_rank for i in p)
    if remainder == "wrap":
        assert set(counts) == set(split) and sum(counts.values()) == 3 * math.ceil(len(split) / 3)
    else:
        assert set(counts) <= set(split) and len(counts) == sum(counts.values()) == 3 * (len(split) // 3)


@needs_torch
def test_dataloader_resumes_exactly_with_the_worker_count_changed(out):
    from codemix.stream.torch import StreamLoader

    full, _ = loader_ids(out, rank=0, world_size=2, workers=2)
    batches = math.ceil(len(full) / 4)
    for stop in (1, 17, batches - 1, batches):
        head, state = loader_ids(out, rank=0, world_size=2, workers=2, stop_after=stop)
        tail, _ = loader_ids(out, rank=0, world_size=2, workers=3, state=state)
        if stop == batches:  # saved after the epoch's last batch: the resumed loader runs the next epoch
            assert state["epoch"] == 1 and state["consumed"] == 0
            assert tail == [r["id"] for r in CodeMixStream(str(out), rank=0, world_size=2, epoch=1)]
        else:
            assert head + tail == full, stop
    # packed blocks through the DataLoader, resumed with three workers
    def blocks(workers, state=None, stop=None):
        loader = StreamLoader(CodeMixStream(str(out), rank=1, world_size=2).pack(512), batch_size=3, num_workers=workers)
        if state is not None:
            loader.load_state_dict(state)
        got = []
        for n, batch in enumerate(loader):
            assert batch["input_ids"].dtype == torch.int64 and batch["input_ids"].shape[1] == 512
            got += [tuple(row.tolist()) for row in batch["input_ids"]]
            if stop is not None and n + 1 == stop:
                break
        return got, loader.state_dict()

    all_blocks, _ = blocks(2)
    for stop in random.Random(2).sample(range(1, math.ceil(len(all_blocks) / 3)), 3):
        head, state = blocks(2, stop=stop)
        tail, _ = blocks(3, state=state)
        assert head + tail == all_blocks, stop


def test_pack_refuses_another_tokenizer_and_names_a_miscounted_row(out, tmp_path):
    import shutil

    from codemix.stream import StreamError

    copy = tmp_path / "copy"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns("work"))
    manifest = manifest_of(copy)
    manifest["tokenizer"]["vocab_sha256"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StreamError, match="vocabulary sha256"):
        CodeMixStream(str(copy)).pack(256)
    # a shard whose token_count disagrees with the tokenizer: the error names the file, row group and row
    manifest = manifest_of(out)
    (copy / "manifest.json").write_text(json.dumps(manifest))
    shard = manifest["splits"]["train"]["shards"][0]
    table = pq.read_table(copy / shard["file"])
    counts = table.column("token_count").to_pylist()
    counts[9] += 1
    table = table.set_column(table.schema.get_field_index("token_count"), "token_count", __import__("pyarrow").array(counts))
    pq.write_table(table, copy / shard["file"], row_group_size=8)
    shard["row_group_tokens"][1] += 1
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StreamError, match=r"train-00000-of-\d+\.parquet: row group 1, row 1: token_count"):
        list(CodeMixStream(str(copy), shuffle=False).pack(256))


def test_rank_and_world_size_come_from_torch_distributed(out, monkeypatch):
    import sys
    import types

    fake = types.SimpleNamespace(distributed=types.SimpleNamespace(
        is_available=lambda: True, is_initialized=lambda: True, get_rank=lambda: 2, get_world_size=lambda: 3))
    explicit = [r["id"] for r in CodeMixStream(str(out), rank=2, world_size=3)]
    monkeypatch.setitem(sys.modules, "torch", fake)
    stream = CodeMixStream(str(out))
    assert (stream.rank, stream.world_size) == (2, 3)
    assert [r["id"] for r in stream] == explicit


@needs_torch
def test_stream_dataset_in_a_users_dataloader_yields_batches_with_their_states(out):
    from torch.utils.data import DataLoader

    from codemix.stream.torch import StreamDataset

    pairs = list(DataLoader(StreamDataset(CodeMixStream(str(out), columns=["id"]), batch_size=4), batch_size=None, num_workers=2))
    assert sorted(i for batch, _ in pairs for i in batch["id"]) == sorted(split_ids(out))
    consumed = [state["consumed"] for _, state in pairs[:-1]]
    assert consumed == [4 * (n + 1) for n in range(len(pairs) - 1)] and pairs[-1][1]["epoch"] == 1


@needs_torch
def test_stream_loader_refuses_persistent_workers(out):
    from codemix.stream.torch import StreamLoader

    with pytest.raises(ValueError, match="persistent_workers"):
        StreamLoader(CodeMixStream(str(out)), batch_size=2, persistent_workers=True)
