"""Helpers of the dedup tests: documents files from texts, and the dedup stages run in this process."""

from __future__ import annotations

import copy
import hashlib
import re
from collections import deque
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from codemix.pipeline.assembly import dedup_stages_for
from codemix.schemas.documents import DOCS_SCHEMA
from codemix.stages.dedup import DedupLayout


def docs_table(rows: list[dict]) -> pa.Table:
    """DOCS_SCHEMA rows from dicts with `id`, `text`, `language` and optional `pair_key`, `tokens`, `source`."""
    full = []
    for row in rows:
        text = row["text"]
        full.append({
            "id": row["id"], "text": text, "source": row.get("source", "test"), "path": row["id"],
            "language": row["language"], "language_confidence": 1.0, "language_evidence": "test",
            "token_count": row.get("tokens", len(text.split()) + 1), "bytes": len(text.encode()),
            "content_sha256": hashlib.sha256(text.encode()).hexdigest(), "claimed_language": None,
            "pair_key": row.get("pair_key"),
        })
    return pa.Table.from_pylist(full, schema=DOCS_SCHEMA).sort_by("id")


def write_docs(folder: Path, parts: list[list[dict]]) -> list[Path]:
    """One docs file per part (`<folder>/<k:05d>.parquet`), each sorted by id like DocsWriter's."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for rank, part in enumerate(parts):
        path = folder / f"{rank:05d}.parquet"
        pq.write_table(docs_table(part), path)
        files.append(path)
    return files


def run_dedup(docs_dir: Path, work: Path, layout: DedupLayout, *, tasks: int = 1) -> Path:
    """Run every dedup stage's tasks one after the other in this process; returns the dedup folder."""
    dedup_dir = work / "dedup"
    for _name, _description, steps, stage_tasks in dedup_stages_for(
        layout, docs_dir=docs_dir, dedup_dir=dedup_dir, rejects_dir=work / "rejected", tasks=tasks
    ):
        for rank in range(stage_tasks):
            data = None
            for step in copy.deepcopy(steps):
                data = step(data, rank, stage_tasks)
            if data is not None:
                deque(data, maxlen=0)
    return dedup_dir


# --- planted variants of real code ----------------------------------------------------------------------------
_KEYWORDS = frozenset(
    "False None True and as assert async await break class continue def del elif else except finally for from "
    "global if import in is lambda nonlocal not or pass raise return try while with yield self cls abstract "
    "boolean byte case catch char const default do double enum extends final float goto implements instanceof int "
    "interface long native new package private protected public short static super switch synchronized this "
    "throw throws transient void volatile function let var typeof undefined null string number any type fn mut "
    "impl pub struct trait use mod match loop func go chan map range defer select fallthrough namespace using "
    "readonly override virtual sealed out ref params object bool decimal uint ulong sbyte ushort get set".split()
)


def installed_python_sources(count: int, *, min_bytes: int = 1500, max_bytes: int = 40_000) -> list[Path]:
    """`count` real Python files of installed dependencies (numpy, scipy, datatrove, pyarrow), evenly spread
    over their sorted list: real code that every checkout has beside it."""
    import datatrove
    import numpy
    import pyarrow
    import scipy

    files = []
    for module in (datatrove, numpy, pyarrow, scipy):
        root = Path(module.__file__).parent
        files += sorted(f for f in root.rglob("*.py") if min_bytes <= f.stat().st_size <= max_bytes)
    step = max(1, len(files) // count)
    return files[::step][:count]


def mutate(text: str, *, comment: str, strength: float, rng: np.random.Generator, donor_lines: list[str]) -> str:
    """A variant of `text`: whitespace and comment edits always; with `strength` in [0, 1], more renamed
    identifiers, swapped blocks and edited lines (deleted, replaced by a line of other code, or duplicated)."""
    lines = text.split("\n")
    # a few lines edited
    for _ in range(int(strength * 0.6 * len(lines))):
        at = int(rng.integers(len(lines)))
        action = int(rng.integers(3))
        if action == 0 and len(lines) > 1:
            del lines[at]
        elif action == 1:
            lines[at] = donor_lines[int(rng.integers(len(donor_lines)))]
        else:
            lines.insert(at, lines[at])
    text = "\n".join(lines)
    # renamed identifiers
    names = sorted({n for n in re.findall(r"\b[A-Za-z_]\w{2,}\b", text) if n not in _KEYWORDS})
    for name in rng.permutation(names)[: int(strength * 12)].tolist():
        text = re.sub(rf"\b{re.escape(name)}\b", f"{name}_{int(rng.integers(1000))}", text)
    # swapped blocks (blank-line separated)
    blocks = text.split("\n\n")
    for _ in range(int(strength * 4)):
        if len(blocks) > 2:
            i = int(rng.integers(len(blocks) - 1))
            blocks[i], blocks[i + 1] = blocks[i + 1], blocks[i]
    text = "\n\n".join(blocks)
    # whitespace and comments: nothing a code shingle sees
    text = re.sub(r"^( +)", r"\1  ", text, count=5, flags=re.MULTILINE)
    return f"{comment} variant made by a test\n\n" + text.replace("\n\n", f"\n\n{comment} note\n", 2)
