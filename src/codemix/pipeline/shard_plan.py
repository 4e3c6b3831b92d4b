"""The shard plan: select documents per component and order them across components, before any shard is written.

Selection: a component planned for P tokens out of U unique tokens repeats every document
floor(P / U) times and fills the remainder with whole documents taken in a seeded random order (a
document that would overshoot the remainder is skipped, so achieved tokens never exceed the plan).
Order: one seeded permutation of every selected (document, repeat) across all components. Shards: the
ordered stream is cut at equal token boundaries. Everything is a function of (inventory, plan, seed),
so the shard plan, and the shards `codemix.stages.write_shards.WriteShards` writes from it, are
byte-identical across runs and task counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from codemix.pipeline.inventory import Inventory
from codemix.pipeline.plan import BuildPlan
from codemix.schemas.documents import NUM_SHARDS_KEY, SHARD_PLAN_SCHEMA


@dataclass(frozen=True)
class Selection:
    """Achieved tokens and documents per component, after whole-document selection."""

    tokens: dict[str, int]
    docs: dict[str, int]  # rows written, repeats included
    repeated_docs: dict[str, int]  # rows that repeat a document already written once


def _component_seed(seed: int, name: str) -> np.random.Generator:
    # A seed per component that does not depend on which other components exist.
    return np.random.default_rng([seed, *name.encode()])


def plan_shards(*, inventory: Inventory, plan: BuildPlan, seed: int) -> tuple[pa.Table, Selection, int]:
    """Decide every row of every shard. Returns the shard plan table, the selection and the shard count."""
    comp_idx: list[np.ndarray] = []
    doc_idx: list[np.ndarray] = []
    repeats: list[np.ndarray] = []
    names = sorted(plan.components)
    achieved: dict[str, int] = {}
    docs_out: dict[str, int] = {}
    repeated: dict[str, int] = {}
    for ci, name in enumerate(names):
        comp = inventory.components[name]
        planned = plan.components[name].planned_tokens
        unique = comp.unique_tokens
        if planned <= 0 or unique == 0:
            achieved[name] = docs_out[name] = repeated[name] = 0
            continue
        full_epochs, remainder = divmod(planned, unique)
        chosen = [np.repeat(np.arange(comp.docs), full_epochs)] if full_epochs else []
        # repeat number of each chosen row, in np.repeat's order (document-major)
        reps = [np.tile(np.arange(full_epochs), comp.docs)] if full_epochs else []
        if remainder:
            order = _component_seed(seed, name).permutation(comp.docs)
            cumulative = np.cumsum(comp.tokens[order])
            # whole documents in seeded order, skipping any that would overshoot the remainder
            take: list[int] = []
            used = 0
            if cumulative[-1] <= remainder:
                take = order.tolist()
                used = int(cumulative[-1])
            else:
                for doc in order.tolist():
                    t = int(comp.tokens[doc])
                    if used + t <= remainder:
                        take.append(doc)
                        used += t
                        if used == remainder:
                            break
            take_arr = np.array(sorted(take), dtype=np.int64)
            chosen.append(take_arr)
            reps.append(np.full(len(take_arr), full_epochs, dtype=np.int64))
        docs_sel = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
        reps_sel = np.concatenate(reps) if reps else np.zeros(0, dtype=np.int64)
        comp_idx.append(np.full(len(docs_sel), ci, dtype=np.int64))
        doc_idx.append(docs_sel.astype(np.int64))
        repeats.append(reps_sel.astype(np.int64))
        achieved[name] = int(comp.tokens[docs_sel].sum())
        docs_out[name] = int(len(docs_sel))
        repeated[name] = int((reps_sel > 0).sum())
    all_comp = np.concatenate(comp_idx) if comp_idx else np.zeros(0, dtype=np.int64)
    all_doc = np.concatenate(doc_idx) if doc_idx else np.zeros(0, dtype=np.int64)
    all_rep = np.concatenate(repeats) if repeats else np.zeros(0, dtype=np.int64)
    order = np.random.default_rng(seed).permutation(len(all_comp))
    all_comp, all_doc, all_rep = all_comp[order], all_doc[order], all_rep[order]

    files: list[str] = []
    rows = np.empty(len(all_comp), dtype=np.int64)
    comps: list[str] = []
    out_ids: list[str] = []
    tokens = np.empty(len(all_comp), dtype=np.int64)
    for i, (c, d, r) in enumerate(zip(all_comp.tolist(), all_doc.tolist(), all_rep.tolist())):
        comp = inventory.components[names[c]]
        files.append(comp.files[d])
        rows[i] = comp.rows[d]
        comps.append(names[c])
        out_ids.append(comp.ids[d] if r == 0 else f"{comp.ids[d]}#repeat{r}")
        tokens[i] = comp.tokens[d]
    total = int(tokens.sum())
    num_shards = max(1, -(-total // plan.max_shard_tokens))
    start_tokens = np.cumsum(tokens) - tokens
    shard = np.minimum((start_tokens * num_shards) // max(total, 1), num_shards - 1).astype(np.int32)
    if len(shard):
        # a document longer than a shard's share can leave a shard number without a document (at the end of
        # the order, an empty shard file): number only the shards that hold documents
        shard = np.unique(shard, return_inverse=True)[1].astype(np.int32)
        num_shards = int(shard.max()) + 1
    table = pa.table(
        {
            "shard": pa.array(shard, pa.int32()),
            "file": pa.array(files, pa.string()),
            "row": pa.array(rows, pa.int64()),
            "component": pa.array(comps, pa.string()),
            "out_id": pa.array(out_ids, pa.string()),
            "token_count": pa.array(tokens, pa.int64()),
        },
        schema=SHARD_PLAN_SCHEMA.with_metadata({NUM_SHARDS_KEY: str(num_shards).encode()}),
    )
    return table, Selection(tokens=achieved, docs=docs_out, repeated_docs=repeated), num_shards


