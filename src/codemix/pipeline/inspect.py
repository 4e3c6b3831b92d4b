"""`codemix inspect OUT [--verify]`: what a build wrote, checked against its manifest.

The report: per split its shards, rows and tokens; per component of the train split its rows and tokens, its
share against the plan's, and the worst deviation from the plan's share over every window of 1% of the
split's tokens (a window starts at every document) and within every shard, net of the tokens of the split's
largest document (the best a whole-document order can do: a window inside one long document holds nothing
else; `codemix.schemas.order`).

OUT is a local folder or an fsspec URL. `--verify` checks every file the manifest lists (present, the sha256 it records, readable Parquet with the
rows it records) and that nothing else sits beside them in the split folders. Without it, a train shard the
report cannot read is still a problem. Problems are listed one per line; any problem makes the command exit
non-zero.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fsspec
import numpy as np
import pyarrow.parquet as pq

from codemix.pipeline.manifest import sha256_file

#: A window is this fraction of the split's tokens.
WINDOW_FRACTION = 0.01


@dataclass
class Inspection:
    report: dict[str, Any]
    problems: list[str] = field(default_factory=list)


def _split_folders(manifest: dict[str, Any]) -> set[str]:
    return {Path(shard["file"]).parent.as_posix() for split in manifest["splits"].values() for shard in split["shards"]}


def verify_files(fs: Any, root: str, manifest: dict[str, Any]) -> list[str]:
    """Every problem of the files `manifest` lists under `root` of the fsspec file system `fs`."""
    problems = []
    listed = set()
    for name, split in manifest["splits"].items():
        for shard in split["shards"]:
            listed.add(shard["file"])
            path = f"{root}/{shard['file']}"
            if not fs.isfile(path):
                problems.append(f"{shard['file']}: missing (split {name})")
                continue
            try:
                with fs.open(path, "rb") as handle:
                    rows = pq.ParquetFile(handle).metadata.num_rows
            except Exception as error:  # noqa: BLE001 - pyarrow raises several types for a damaged file
                problems.append(f"{shard['file']}: not a readable Parquet file ({type(error).__name__}: {error})")
                continue
            if rows != shard["rows"]:
                problems.append(f"{shard['file']}: {rows} rows, the manifest says {shard['rows']}")
            digest = sha256_file(path, fs=fs)
            if digest != shard["sha256"]:
                problems.append(f"{shard['file']}: sha256 {digest} differs from the manifest's {shard['sha256']}")
    for folder in sorted(_split_folders(manifest)):
        for path in sorted(fs.ls(f"{root}/{folder}", detail=False)) if fs.isdir(f"{root}/{folder}") else []:
            relative = f"{folder}/{path.rstrip('/').rsplit('/', 1)[-1]}"
            if relative not in listed:
                problems.append(f"{relative}: not in the manifest")
    return problems


def _window_deviation(components: np.ndarray, tokens: np.ndarray, names: list[str], targets: dict[str, float],
                      window_tokens: int) -> dict[str, dict[str, float]]:
    """Per component, the worst |tokens - target share x window tokens| net of the largest document's tokens,
    in percentage points of the window, over every window of at least `window_tokens` starting at a document."""
    count = len(tokens)
    if count == 0:
        return {}
    cumulative = np.concatenate([[0], np.cumsum(tokens)])
    starts = np.arange(count)
    ends = np.searchsorted(cumulative, cumulative[starts] + window_tokens, side="left")
    full = ends <= count  # windows that reach their size before the split ends
    starts, ends = starts[full], ends[full]
    if not len(starts):  # the split is smaller than one window: the split itself
        starts, ends = np.array([0]), np.array([count])
    size = (cumulative[ends] - cumulative[starts]).astype(np.float64)
    largest = float(tokens.max())
    out = {}
    for index, name in enumerate(names):
        mine = np.where(components == index, tokens, 0)
        own = np.concatenate([[0], np.cumsum(mine)])
        window = (own[ends] - own[starts]).astype(np.float64)
        excess = np.maximum(np.abs(window - targets.get(name, 0.0) * size) - largest, 0.0) / size
        worst = int(np.argmax(excess))
        out[name] = {"worst_excess_pp": 100.0 * float(excess[worst]),
                     "worst_window_share": float(window[worst] / size[worst]),
                     "worst_deviation_pp": 100.0 * float(np.max(np.abs(window - targets.get(name, 0.0) * size) / size)),
                     "target_share": targets.get(name, 0.0), "largest_document_tokens": int(largest)}
    return out


def inspect_output(output: str | Path, *, verify: bool = False) -> Inspection:
    """The report on the build at `output` (a local folder or an fsspec URL) and, with `verify`, every problem of
    its files."""
    fs, root = fsspec.core.url_to_fs(str(output))
    root = root.rstrip("/")
    manifest_path = f"{root}/manifest.json"
    if not fs.isfile(manifest_path):
        return Inspection(report={}, problems=[f"{output}/manifest.json: no manifest: not a finished codemix build"])
    with fs.open(manifest_path, "rt", encoding="utf-8") as handle:
        manifest = json.load(handle)
    problems = verify_files(fs, root, manifest) if verify else []
    report: dict[str, Any] = {"splits": {}, "components": {}}
    for name, split in manifest["splits"].items():
        report["splits"][name] = {"shards": len(split["shards"]), "rows": split["rows"], "tokens": split.get("tokens")}
    targets = {name: comp["planned_share"] for name, comp in manifest["components"].items()}
    names = sorted(targets)
    shards = manifest["splits"]["train"]["shards"]
    component_index, token_counts, shard_bounds = [], [], [0]
    lookup = {name: i for i, name in enumerate(names)}
    for shard in shards:
        try:
            with fs.open(f"{root}/{shard['file']}", "rb") as handle:
                table = pq.read_table(handle, columns=["component", "token_count"])
        except Exception as error:  # noqa: BLE001 - a missing or damaged shard: the report goes on without it
            if not any(problem.startswith(shard["file"]) for problem in problems):
                problems.append(f"{shard['file']}: cannot be read ({type(error).__name__}: {error})")
            continue
        component_index.append(np.array([lookup.get(c, -1) for c in table.column("component").to_pylist()]))
        token_counts.append(table.column("token_count").to_numpy())
        shard_bounds.append(shard_bounds[-1] + table.num_rows)
    components = np.concatenate(component_index) if component_index else np.zeros(0, dtype=np.int64)
    tokens = np.concatenate(token_counts) if token_counts else np.zeros(0, dtype=np.int64)
    total = int(tokens.sum())
    windows = _window_deviation(components, tokens, names, targets, max(1, int(total * WINDOW_FRACTION)))
    in_shards: dict[str, float] = {name: 0.0 for name in names}
    for start, stop in zip(shard_bounds[:-1], shard_bounds[1:]):
        shard_tokens = int(tokens[start:stop].sum())
        for name, result in _window_deviation(components[start:stop], tokens[start:stop], names, targets,
                                              max(1, shard_tokens)).items():
            in_shards[name] = max(in_shards[name], result["worst_excess_pp"])
    for name in names:
        mine = int(tokens[components == names.index(name)].sum())
        report["components"][name] = {
            "rows": int((components == names.index(name)).sum()),
            "tokens": mine,
            "planned_share": targets[name],
            "achieved_share": mine / total if total else 0.0,
            "worst_window_excess_pp": windows.get(name, {}).get("worst_excess_pp", 0.0),
            "worst_shard_excess_pp": in_shards[name],
        }
    report["window_tokens"] = max(1, int(total * WINDOW_FRACTION))
    report["worst_window_excess_pp"] = max((c["worst_window_excess_pp"] for c in report["components"].values()),
                                           default=0.0)
    return Inspection(report=report, problems=problems)
