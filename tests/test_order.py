"""The middle of a build on real Parquet files: exact dedup, index, selection, position, scatter and gather.

Each stage runs as the build runs it (its datatrove step, task by task); the documents are this repository's own
source files plus generated Go files of many sizes, so key bins hold several documents and shards several
components.
"""

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from codemix.pipeline.inspect import _window_deviation
from codemix.pipeline.inventory import read_inventory
from codemix.pipeline.plan import BuildPlan, ComponentPlan
from codemix.pipeline.selection import select_output
from codemix.pipeline.workdir import BuildPaths
from codemix.schemas.documents import DOCS_SCHEMA, SHARD_SCHEMA, shard_name
from codemix.schemas.order import OutputSelection, selection_keys
from codemix.schemas.shards import shard_language_labels
from codemix.stages.index import IndexSources, index_path
from codemix.stages.position import PositionCopies
from codemix.stages.rejects import read_rejects
from codemix.stages.dedup import DedupLayout
from dedup_support import run_dedup
from codemix.stages.write_shards import GatherShards, ScatterCopies

REPO = Path(__file__).resolve().parent.parent
LANGS = ["go", "python"]


def docs_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist([
        {
            "id": row["id"], "text": row["text"], "source": "test", "path": row["id"], "language": row["language"],
            "language_confidence": 1.0, "language_evidence": "test", "token_count": len(row["text"].split()) + 1,
            "bytes": len(row["text"].encode()), "content_sha256": hashlib.sha256(row["text"].encode()).hexdigest(),
            "claimed_language": None, "pair_key": None,
        }
        for row in rows
    ], schema=DOCS_SCHEMA)


@pytest.fixture(scope="module")
def corpus_rows() -> list[dict]:
    sources = sorted((REPO / "src" / "codemix").rglob("*.py"))
    rows = [{"id": f"src:{p.relative_to(REPO)}", "text": p.read_text(), "language": "python"} for p in sources]
    rows += [{"id": f"go:{i:04d}", "text": f"package main\n\nfunc f{i}() int {{ return {i} }}\n" * (1 + i % 13),
              "language": "go"} for i in range(600)]
    rows.append({"id": "zz:duplicate", "text": rows[0]["text"], "language": "python"})
    return rows


def write_docs(paths: BuildPaths, rows: list[dict], files: int) -> list[Path]:
    out = []
    for rank in range(files):
        path = paths.docs / f"{rank:05d}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(docs_table(rows[rank::files]), path, row_group_size=16)  # several row groups per file
        out.append(path)
    return out


def plan_for(inventory, planned: dict[str, int], max_shard_tokens: int) -> BuildPlan:
    total = sum(planned.values())
    comps = {
        name: ComponentPlan(docs=c.docs, bytes=c.total_bytes, unique_tokens=c.unique_tokens,
                            share=planned[name] / total, planned_tokens=planned[name],
                            epochs=planned[name] / c.unique_tokens)
        for name, c in inventory.components.items()
    }
    return BuildPlan(budget_tokens=total, budget_source="test", strategy="test", components=comps,
                     max_shard_tokens=max_shard_tokens)


def run_middle(tmp: Path, rows: list[dict], *, files: int, tasks: int, planned, max_shard_tokens: int = 20_000,
               seed: int = 0) -> tuple[BuildPaths, OutputSelection]:
    """Dedup, index, plan, position, scatter and gather with `tasks` tasks per stage; `planned` maps the
    inventory to planned tokens per component."""
    paths = BuildPaths(output=tmp, config_hash="0" * 64)
    docs = write_docs(paths, rows, files)
    dedup_dir = run_dedup(paths.docs, paths.work, DedupLayout(near=None, exact=True), tasks=tasks)
    index = IndexSources(sources=docs, components=LANGS, index_dir=paths.index, dedup_dir=dedup_dir, seed=seed,
                         row_group_rows=16)
    for rank in range(tasks):
        list(index.run(rank=rank, world_size=tasks))
    inventory = read_inventory(paths.index, tasks=tasks, components=LANGS)
    index_files = [index_path(paths.index, rank) for rank in range(tasks)]
    plan = plan_for(inventory, planned(inventory), max_shard_tokens)
    selection = select_output(plan=plan, inventory=inventory, index_files=index_files, seed=seed,
                              max_shard_tokens=max_shard_tokens)
    paths.selection.parent.mkdir(parents=True, exist_ok=True)
    paths.selection.write_text(selection.to_json())
    position = PositionCopies(selection_path=paths.selection, index_files=index_files, assign_dir=paths.assign,
                              scatter_tasks=tasks)
    scatter = ScatterCopies(sources=docs, assign_dir=paths.assign,
                            buckets_dir=paths.buckets, max_buffer_bytes=50_000)
    gather = GatherShards(selection_path=paths.selection, buckets_dir=paths.buckets, output_dir=paths.data,
                          row_group_rows=64)
    for step in (position, scatter, gather):
        for rank in range(tasks):
            list(step.run(rank=rank, world_size=tasks))
    return paths, selection


def shard_rows(paths: BuildPaths, selection: OutputSelection) -> list[dict]:
    rows = []
    for shard in range(selection.num_shards):
        table = pq.read_table(paths.data / shard_name(shard, selection.num_shards))
        assert table.schema.remove_metadata() == SHARD_SCHEMA
        names = shard_language_labels()
        rows += [dict(row, shard=shard, language=names[row["language"]]) for row in table.to_pylist()]
    return rows


def natural(inventory) -> dict[str, int]:
    return {name: c.unique_tokens for name, c in inventory.components.items()}


def test_exact_duplicates_are_removed_and_recorded_whatever_the_split(tmp_path, corpus_rows):
    for files in (1, 3):
        paths, _ = run_middle(tmp_path / f"f{files}", corpus_rows, files=files, tasks=2, planned=natural)
        rejected = [r for r in read_rejects(paths.rejected) if r["reason"] == "exact_duplicate"]
        assert [(r["id"], r["duplicate_of"]) for r in rejected] == [("zz:duplicate", corpus_rows[0]["id"])]
        inventory = read_inventory(paths.index, tasks=2, components=LANGS)
        assert inventory.removed_docs("exact_duplicate") == {"python": 1}
        ids = {row["id"] for row in shard_rows(paths, OutputSelection.from_json(paths.selection.read_text()))}
        assert "zz:duplicate" not in ids and len(ids) == len(corpus_rows) - 1


def test_every_document_once_in_the_natural_plan_and_bytes_independent_of_tasks(tmp_path, corpus_rows):
    outputs = []
    for files, tasks in ((1, 1), (3, 2), (4, 4)):
        paths, selection = run_middle(tmp_path / f"t{tasks}", corpus_rows, files=files, tasks=tasks,
                                      planned=natural)
        outputs.append([(paths.data / shard_name(s, selection.num_shards)).read_bytes()
                        for s in range(selection.num_shards)])
    assert outputs[0] == outputs[1] == outputs[2]
    rows = shard_rows(paths, selection)
    assert sorted(row["id"] for row in rows) == sorted(r["id"] for r in corpus_rows if r["id"] != "zz:duplicate")
    assert selection.num_shards > 3
    assert {row["shard"] for row in rows} == set(range(selection.num_shards))  # no shard is empty
    by_id = {r["id"]: r for r in corpus_rows}
    assert all(row["text"] == by_id[row["id"]]["text"] and row["component"] == row["language"] for row in rows)


@pytest.mark.parametrize("factor", [0.37, 2.6])
def test_selection_meets_the_plan_within_one_document(tmp_path, corpus_rows, factor):
    def planned(inventory):
        return {name: int(c.unique_tokens * factor) for name, c in inventory.components.items()}

    paths, selection = run_middle(tmp_path, corpus_rows, files=2, tasks=2, planned=planned)
    rows = shard_rows(paths, selection)
    inventory = read_inventory(paths.index, tasks=2, components=LANGS)
    for name, target in planned(inventory).items():
        mine = [row for row in rows if row["component"] == name]
        written = sum(row["token_count"] for row in mine)
        largest = max(row["token_count"] for row in mine)
        assert target - largest < written <= target, (name, written, target)
        assert written == selection.components[name].achieved_tokens
        assert len(mine) == selection.components[name].rows
        repeats = [row["id"] for row in mine if "#repeat" in row["id"]]
        assert len(repeats) == selection.components[name].repeated_rows
        if factor > 1:  # two full epochs: every document twice, then a remainder in selection-key order
            assert selection.components[name].full_epochs == 2
            assert {i.split("#")[0] for i in repeats if i.endswith("#repeat1")} == {
                r["id"] for r in corpus_rows if r["language"] == name and r["id"] != "zz:duplicate"}
    # the remainder is the documents of smallest selection key (those that fit): a seeded, not a sorted, sample
    go = [r["id"] for r in corpus_rows if r["language"] == "go"]
    keys = dict(zip(go, selection_keys(0, "go", go).tolist()))
    last_epoch = 2 if factor > 1 else 0
    taken = [row["id"].split("#")[0] for row in rows if row["component"] == "go"
             and row["id"].endswith(f"#repeat{last_epoch}" if last_epoch else "")]
    if not last_epoch:
        taken = [row["id"] for row in rows if row["component"] == "go"]
    threshold = sorted(keys.values())[len(taken) // 2]
    assert sum(keys[i] <= threshold for i in taken) > len(taken) // 2  # most of them below the median key


def test_every_window_and_shard_keeps_the_mixture(tmp_path, corpus_rows):
    def planned(inventory):
        return {"go": 120_000, "python": 40_000}

    paths, selection = run_middle(tmp_path, corpus_rows, files=2, tasks=3, planned=planned, max_shard_tokens=16_000)
    rows = shard_rows(paths, selection)
    components = np.array([LANGS.index(row["component"]) for row in rows])
    tokens = np.array([row["token_count"] for row in rows])
    targets = {"go": 0.75, "python": 0.25}
    for window in (1_600, 8_000):  # 1% and 5% of the tokens
        result = _window_deviation(components, tokens, LANGS, targets, window)
        for name in LANGS:
            assert result[name]["worst_excess_pp"] < 1.0, (window, name, result[name])
    # shards hold about max_shard_tokens each
    per_shard = [sum(row["token_count"] for row in rows if row["shard"] == s) for s in range(selection.num_shards)]
    assert selection.num_shards == 10 and max(per_shard) - min(per_shard) < 4 * tokens.max()


def test_a_rerun_after_a_killed_scatter_task_writes_the_same_shards(tmp_path, corpus_rows):
    paths, selection = run_middle(tmp_path, corpus_rows, files=2, tasks=2, planned=natural)
    before = [(paths.data / shard_name(s, selection.num_shards)).read_bytes() for s in range(selection.num_shards)]
    # a killed attempt left parts with other numbers (a smaller buffer) and half its shards unwritten
    scatter = ScatterCopies(sources=sorted(paths.docs.glob("*.parquet")),
                            assign_dir=paths.assign, buckets_dir=paths.buckets, max_buffer_bytes=1_000)
    list(scatter.run(rank=1, world_size=2))
    shutil.rmtree(paths.data)
    scatter = ScatterCopies(sources=sorted(paths.docs.glob("*.parquet")),
                            assign_dir=paths.assign, buckets_dir=paths.buckets, max_buffer_bytes=50_000)
    gather = GatherShards(selection_path=paths.selection, buckets_dir=paths.buckets, output_dir=paths.data,
                          row_group_rows=64)
    list(scatter.run(rank=1, world_size=2))
    for rank in range(2):
        list(gather.run(rank=rank, world_size=2))
    assert [(paths.data / shard_name(s, selection.num_shards)).read_bytes()
            for s in range(selection.num_shards)] == before


def test_scatter_in_small_chunks_and_buffers_writes_the_same_shards_reading_each_row_group_once(tmp_path, corpus_rows):
    """Scatter's memory is bounded by `chunk_bytes` and `max_buffer_bytes`; neither changes a byte of the output
    nor the bytes read from the sources."""
    paths, selection = run_middle(tmp_path, corpus_rows, files=2, tasks=2, planned=natural)
    before = [(paths.data / shard_name(s, selection.num_shards)).read_bytes() for s in range(selection.num_shards)]

    def scatter_and_gather(**settings) -> int:
        shutil.rmtree(paths.buckets)
        shutil.rmtree(paths.data)
        scatter = ScatterCopies(sources=sorted(paths.docs.glob("*.parquet")),
                                assign_dir=paths.assign, buckets_dir=paths.buckets, **settings)
        gather = GatherShards(selection_path=paths.selection, buckets_dir=paths.buckets, output_dir=paths.data,
                              row_group_rows=64)
        for rank in range(2):
            list(scatter.run(rank=rank, world_size=2))
        for rank in range(2):
            list(gather.run(rank=rank, world_size=2))
        return int(scatter.stats["source_bytes_read"].total)

    whole = scatter_and_gather(chunk_bytes=10**12, max_buffer_bytes=10**12)
    small = scatter_and_gather(chunk_bytes=16, max_buffer_bytes=1_000)
    assert small == whole > 0
    assert len(list(paths.buckets.rglob("*.parquet"))) > selection.num_shards  # the small buffer flushed often
    assert [(paths.data / shard_name(s, selection.num_shards)).read_bytes()
            for s in range(selection.num_shards)] == before


def test_positioning_in_small_pieces_gives_the_same_copies_and_shards(tmp_path, corpus_rows):
    """A position task works through its run a piece of `max_copies` copies at a time, each piece a row group of
    the assignment files: the copies, their positions and the shards are the same as in one piece."""
    paths, selection = run_middle(tmp_path, corpus_rows, files=2, tasks=2, planned=natural)
    assert PositionCopies(selection_path=paths.selection, index_files=[], assign_dir=paths.assign,
                          scatter_tasks=2).max_copies == 1 << 16  # the piece docs/scale.md and the module name

    def position_and_shards(max_copies: int) -> tuple[dict, list[bytes], int]:
        for folder in (paths.assign, paths.buckets, paths.data):
            shutil.rmtree(folder)
        index_files = [index_path(paths.index, rank) for rank in range(2)]
        position = PositionCopies(selection_path=paths.selection, index_files=index_files, assign_dir=paths.assign,
                                  scatter_tasks=2, max_copies=max_copies)
        scatter = ScatterCopies(sources=sorted(paths.docs.glob("*.parquet")), assign_dir=paths.assign,
                                buckets_dir=paths.buckets)
        gather = GatherShards(selection_path=paths.selection, buckets_dir=paths.buckets, output_dir=paths.data,
                              row_group_rows=64)
        for step in (position, scatter, gather):
            for rank in range(2):
                list(step.run(rank=rank, world_size=2))
        files = sorted(paths.assign.rglob("*.parquet"))
        copies = {f.relative_to(paths.assign): pq.read_table(f).sort_by([("id", "ascending"), ("epoch", "ascending")])
                  for f in files}
        row_groups = sum(pq.ParquetFile(f).num_row_groups for f in files)
        return copies, [(paths.data / shard_name(s, selection.num_shards)).read_bytes()
                        for s in range(selection.num_shards)], row_groups

    whole, whole_shards, whole_groups = position_and_shards(1 << 16)
    small, small_shards, small_groups = position_and_shards(3)
    assert whole.keys() == small.keys() and all(whole[k].equals(small[k]) for k in whole)
    assert small_shards == whole_shards
    assert small_groups > 2 * whole_groups  # many pieces, each its own row group


def test_bucket_parts_carry_no_statistics_nor_dictionaries(tmp_path, corpus_rows):
    """Bucket parts are small and read whole once: their footers hold no column statistics (a text column's would
    be two whole documents per part) and their columns no dictionary page; zstd at `BUCKET_ZSTD_LEVEL`."""
    from codemix.stages.write_shards import BUCKET_ZSTD_LEVEL

    assert BUCKET_ZSTD_LEVEL == 6
    paths, selection = run_middle(tmp_path, corpus_rows, files=2, tasks=2, planned=natural, max_shard_tokens=2_000)
    parts = sorted(paths.buckets.rglob("*.parquet"))
    assert len(parts) > selection.num_shards > 1
    for part in parts:
        meta = pq.ParquetFile(part).metadata
        for group in range(meta.num_row_groups):
            for column in range(meta.num_columns):
                chunk = meta.row_group(group).column(column)
                assert chunk.statistics is None or not chunk.statistics.has_min_max, (part, chunk.path_in_schema)
                assert not chunk.has_dictionary_page and chunk.compression == "ZSTD"


def test_scatter_chunks_are_whole_row_groups_up_to_chunk_bytes_and_the_documented_bounds():
    """docs/scale.md: a chunk is whole row groups of at most 8 MiB uncompressed (or one larger group), counting
    only the row groups that hold a copy; the buffer is 16 MiB."""
    from codemix.stages.write_shards import ScatterCopies

    scatter = ScatterCopies(sources=[], assign_dir=".", buckets_dir=".")
    assert (scatter.chunk_bytes, scatter.max_buffer_bytes) == (8 * 2**20, 16 * 2**20)
    scatter.chunk_bytes = 100
    starts = np.array([0, 10, 20, 30, 40, 50])  # five row groups of 10 rows
    group_bytes = np.array([60, 30, 500, 40, 70])
    copies = pa.table({"row": [1, 2, 15, 25, 26, 45]})  # none in row group 3
    chunks = [chunk.column("row").to_pylist() for chunk in scatter._chunks(starts, group_bytes, copies)]
    # groups 0+1 (90 bytes), group 2 alone (500 > 100), group 4 (group 3 holds no copy and is not counted)
    assert chunks == [[1, 2, 15], [25, 26], [45]]
