"""The plan stage's selection: from planned tokens per component to `codemix.schemas.order.OutputSelection`.

A component planned for P of its U unique tokens takes F = P // U full epochs and a remainder R = P - F * U of
whole documents in selection-key order (`codemix.schemas.order`). The summed key-bin histogram names the bin
where the running total crosses R; only that bin's documents are read (from every index file, only the row
groups that hold it: about a `KEY_BINS`-th of the component, or up to `BOUNDARY_SCAN_DOCS` documents on from
it), and taken in (key, id) order while they fit.
So the plan stage's memory and time depend on the components and the key bins, not on the corpus size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa

from codemix.io import release_free_memory
from codemix.pipeline.inventory import ComponentSummary, Inventory
from codemix.pipeline.plan import BuildPlan
from codemix.schemas.order import (
    BOUNDARY_SCAN_DOCS,
    KEY_BINS,
    ComponentSelection,
    OutputSelection,
    bin_start_key,
    key_bins,
)
from codemix.stages.index import read_key_range


def _boundary(
    comp: ComponentSummary, remainder: int, index_files: Sequence[Path]
) -> tuple[int, list[tuple[str, int, int]], int, int]:
    """(boundary bin, the (id, bin, tokens) chosen from it on, remainder docs, remainder tokens)."""
    through = np.cumsum(comp.bin_tokens)
    boundary_bin = int(np.searchsorted(through, remainder, side="right"))  # the first bin that overshoots
    before_tokens = int(through[boundary_bin - 1]) if boundary_bin else 0
    before_docs = int(comp.bin_docs[:boundary_bin].sum())
    left = remainder - before_tokens
    chosen: list[tuple[str, int, int]] = []
    scanned = 0
    key_bin = boundary_bin
    while left and key_bin < KEY_BINS and scanned < BOUNDARY_SCAN_DOCS:
        # read on in runs of bins holding about as many documents as are still to be scanned
        last = key_bin
        while last + 1 < KEY_BINS and comp.bin_docs[key_bin: last + 1].sum() < BOUNDARY_SCAN_DOCS - scanned:
            last += 1
        key_hi = bin_start_key(last + 1) if last + 1 < KEY_BINS else None
        rows = pa.concat_tables(
            [read_key_range(path, comp.name, bin_start_key(key_bin), key_hi) for path in index_files]
        ).sort_by([("key", "ascending"), ("id", "ascending")])
        bins = key_bins(rows.column("key").to_numpy())
        for doc_id, doc_bin, tokens in zip(rows.column("id").to_pylist(), bins.tolist(), rows.column("tokens").to_pylist()):
            scanned += 1
            if tokens <= left:  # a document that would overshoot is skipped, a later smaller one may fit
                chosen.append((doc_id, doc_bin, tokens))
                left -= tokens
                if not left or scanned >= BOUNDARY_SCAN_DOCS:
                    break
            elif scanned >= BOUNDARY_SCAN_DOCS:
                break
        key_bin = last + 1
        del rows
        release_free_memory()  # what reading the run's row groups left with the allocators
    used = remainder - before_tokens - left
    return boundary_bin, chosen, before_docs + len(chosen), before_tokens + used


def select_output(
    *, plan: BuildPlan, inventory: Inventory, index_files: Sequence[Path], seed: int, max_shard_tokens: int
) -> OutputSelection:
    components: dict[str, ComponentSelection] = {}
    for name in sorted(plan.components):
        comp = inventory.components[name]
        planned = plan.components[name].planned_tokens
        unique = comp.unique_tokens
        full_epochs, remainder = divmod(planned, unique) if unique and planned > 0 else (0, 0)
        boundary_bin, chosen, remainder_docs, remainder_tokens = (
            _boundary(comp, remainder, index_files) if remainder else (-1, [], 0, 0)
        )
        if remainder and not remainder_docs:  # no document is small enough for what is left
            boundary_bin = -1
        components[name] = ComponentSelection(
            name=name, unique_docs=comp.docs, unique_tokens=unique, full_epochs=full_epochs,
            boundary_bin=boundary_bin, boundary_ids=tuple(c[0] for c in chosen),
            boundary_bins=tuple(c[1] for c in chosen), boundary_tokens=tuple(c[2] for c in chosen),
            remainder_docs=remainder_docs, remainder_tokens=remainder_tokens,
            bin_tokens=tuple(int(x) for x in comp.bin_tokens), bin_docs=tuple(int(x) for x in comp.bin_docs),
        )  # fmt: skip
    total = sum(c.achieved_tokens for c in components.values())
    # A component's copies are at most (its largest document / its tokens) apart in virtual time, so a shard
    # wider than that in virtual time holds at least one of them: no shard is empty.
    never_empty = max([(c.achieved_tokens - 1) // inventory.components[name].max_document_tokens
                       for name, c in components.items() if c.achieved_tokens], default=1)
    num_shards = max(1, min(math.ceil(total / max_shard_tokens), never_empty))
    return OutputSelection(seed=seed, num_shards=num_shards, components=components)
