"""Inventory (after the dedup stages), the natural plan, the shard plan and the shard writer, on real Parquet files."""

import hashlib
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from codemix.pipeline.inventory import build_inventory
from codemix.stages.dedup import DedupLayout
from codemix.pipeline.plan import BuildPlan, ComponentPlan
from codemix.pipeline.shard_plan import plan_shards
from codemix.schemas.documents import shard_name
from codemix.stages.write_shards import WriteShards
from codemix.schemas.documents import SHARD_SCHEMA
from codemix.schemas.shards import LANGUAGE_LABELS
from dedup_support import docs_table, run_dedup, write_docs

REPO = Path(__file__).resolve().parent.parent
LANGS = ["python", "go"]


@pytest.fixture
def docs_files(tmp_path) -> list[Path]:
    # Real source files of this repository as documents: two ranks' worth, with a duplicate across ranks.
    sources = sorted((REPO / "src" / "codemix").rglob("*.py"))
    rows = [{"id": f"src:{p.relative_to(REPO)}", "text": p.read_text(), "language": "python"} for p in sources]
    go = [{"id": f"go:{i:03d}", "text": f"package main\n\nfunc f{i}() int {{ return {i} }}\n" * (1 + i % 5), "language": "go"} for i in range(40)]
    rows += go
    rows.append({"id": "zz:duplicate", "text": rows[0]["text"], "language": "python"})
    half = len(rows) // 2
    files = []
    for rank, part in enumerate([rows[:half], rows[half:]]):
        path = tmp_path / "docs" / f"{rank:05d}.parquet"
        path.parent.mkdir(exist_ok=True)
        pq.write_table(docs_table(part), path)
        files.append(path)
    return files


def natural_plan(inventory, max_shard_tokens=2000) -> BuildPlan:
    total = sum(inventory.unique_tokens().values())
    comps = {
        n: ComponentPlan(docs=c.docs, bytes=c.total_bytes, unique_tokens=c.unique_tokens, share=c.unique_tokens / total,
                         planned_tokens=c.unique_tokens, epochs=1.0)
        for n, c in inventory.components.items()
    }
    return BuildPlan(budget_tokens=total, budget_source="test", strategy="natural", components=comps,
                     max_shard_tokens=max_shard_tokens)


EXACT_ONLY = DedupLayout(near=None, exact=True)


def test_exact_dedup_keeps_smallest_id_and_counts(docs_files, tmp_path):
    dedup_dir = run_dedup(docs_files[0].parent, tmp_path / "work", EXACT_ONLY)
    inventory = build_inventory(docs_files=docs_files, languages=LANGS, dedup_dir=dedup_dir)
    assert inventory.removed_docs("exact_duplicate") == {"python": 1}
    assert "zz:duplicate" not in inventory.components["python"].ids
    assert inventory.components["go"].docs == 40
    # The same documents in one file instead of two: the same inventory.
    rows = pq.read_table(docs_files[0]).to_pylist() + pq.read_table(docs_files[1]).to_pylist()
    one_file = tmp_path / "one" / "00000.parquet"
    one_file.parent.mkdir()
    pq.write_table(docs_table(rows), one_file)
    again = build_inventory(docs_files=[one_file], languages=LANGS,
                            dedup_dir=run_dedup(one_file.parent, tmp_path / "work1", EXACT_ONLY))
    assert again.components["python"].ids == inventory.components["python"].ids


def test_exact_dedup_prefers_a_copy_that_can_be_paired(tmp_path):
    text = "def f():\n    return 1\n"
    rows = [
        {"id": "a:misc/copy.py", "text": text, "language": "python", "pair_key": "misc"},
        {"id": "a:tasks/f/main.py", "text": text, "language": "python", "pair_key": "tasks/f"},
        {"id": "a:tasks/f/main.go", "text": "package main\nfunc f() int { return 1 }\n", "language": "go",
         "pair_key": "tasks/f"},
        {"id": "b:other.py", "text": text, "language": "python"},
    ]
    files = write_docs(tmp_path / "docs", [rows])
    paired = DedupLayout(near=None, exact=True, pivot="python", pairing_languages=("python", "go"))
    inventory = build_inventory(docs_files=files, languages=["python"],
                                dedup_dir=run_dedup(files[0].parent, tmp_path / "paired", paired))
    # misc/ has a pair key too, but no other language to pair with: the task's copy survives.
    assert inventory.components["python"].ids == ["a:tasks/f/main.py"]
    assert inventory.removed_docs("exact_duplicate") == {"python": 2}
    # Without pairing, the smallest id survives.
    inventory = build_inventory(docs_files=files, languages=["python"],
                                dedup_dir=run_dedup(files[0].parent, tmp_path / "unpaired", EXACT_ONLY))
    assert inventory.components["python"].ids == ["a:misc/copy.py"]


def test_shard_plan_uses_every_unique_token_once(docs_files):
    inventory = build_inventory(docs_files=docs_files, languages=LANGS)
    plan = natural_plan(inventory)
    table, selection, num_shards = plan_shards(inventory=inventory, plan=plan, seed=0)
    assert selection.tokens == inventory.unique_tokens()
    assert table.num_rows == sum(c.docs for c in inventory.components.values())
    assert len(set(table.column("out_id").to_pylist())) == table.num_rows
    # one shard per 2000 tokens, less any that no document would start in (a document longer than a share)
    assert num_shards <= -(-sum(selection.tokens.values()) // 2000) and num_shards >= 20
    shards = table.column("shard").to_numpy()
    assert (np.diff(shards) >= 0).all() and set(shards.tolist()) == set(range(num_shards))  # no empty shard
    # Components are interleaved, not written one after the other.
    comps = table.column("component").to_pylist()
    assert sum(a != b for a, b in zip(comps, comps[1:])) > 10


def test_shard_plan_depends_only_on_seed(docs_files):
    inventory = build_inventory(docs_files=docs_files, languages=LANGS)
    plan = natural_plan(inventory)
    a = plan_shards(inventory=inventory, plan=plan, seed=7)[0]
    b = plan_shards(inventory=inventory, plan=plan, seed=7)[0]
    c = plan_shards(inventory=inventory, plan=plan, seed=8)[0]
    assert a.equals(b) and not a.equals(c)


def test_repetition_and_subsampling(docs_files):
    inventory = build_inventory(docs_files=docs_files, languages=LANGS)
    go, py = inventory.components["go"], inventory.components["python"]
    plan = natural_plan(inventory)
    plan.components["go"] = ComponentPlan(docs=go.docs, bytes=go.total_bytes, unique_tokens=go.unique_tokens, share=0.5,
                                          planned_tokens=2 * go.unique_tokens + 37, epochs=2.0)
    plan.components["python"] = ComponentPlan(docs=py.docs, bytes=py.total_bytes, unique_tokens=py.unique_tokens,
                                              share=0.5, planned_tokens=py.unique_tokens // 3, epochs=1 / 3)
    table, selection, _ = plan_shards(inventory=inventory, plan=plan, seed=0)
    assert 2 * go.unique_tokens <= selection.tokens["go"] <= 2 * go.unique_tokens + 37
    assert selection.repeated_docs["go"] >= go.docs
    assert py.unique_tokens // 3 - max(py.tokens) < selection.tokens["python"] <= py.unique_tokens // 3
    ids = table.column("out_id").to_pylist()
    assert len(set(ids)) == len(ids)


def test_write_shards_is_deterministic_and_readable(docs_files, tmp_path):
    inventory = build_inventory(docs_files=docs_files, languages=LANGS)
    table, selection, num_shards = plan_shards(inventory=inventory, plan=natural_plan(inventory), seed=0)
    plan_path = tmp_path / "shard_plan.parquet"
    pq.write_table(table, plan_path)
    outputs = []
    for run, world in enumerate([1, 3]):
        out = tmp_path / f"out{run}"
        for rank in range(world):
            list(WriteShards(shard_plan=str(plan_path), output_dir=str(out))(rank=rank, world_size=world))
        outputs.append(out)
    names = [shard_name(i, num_shards) for i in range(num_shards)]
    for name in names:
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes()
    written = pa.concat_tables([pq.read_table(outputs[0] / n) for n in names])
    assert written.schema.remove_metadata().equals(SHARD_SCHEMA)
    assert written.num_rows == table.num_rows
    assert written.column("id").to_pylist() == table.column("out_id").to_pylist()
    # Texts are the real documents' texts, matched by id.
    source = {r["id"]: r["text"] for f in docs_files for r in pq.read_table(f).to_pylist()}
    for row in written.to_pylist()[:50]:
        assert row["text"] == source[row["id"]]
        assert row["component"] == LANGUAGE_LABELS[row["language"]]
    assert not list(outputs[0].glob("*.tmp")) and not list(outputs[0].glob(".*"))
