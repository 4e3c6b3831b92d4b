"""A build's record: `manifest.json` (what was built, from what, with which versions and hashes) and the
dataset card `README.md` (Hugging Face convention, so `datasets.load_dataset(OUTPUT_DIR)` finds the splits).

Only the fields under `run` (start, end, duration) differ between two builds of the same config: every
other field is a function of the config, the inputs and the package versions.
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from codemix import __version__
from codemix.pipeline.plan import BuildPlan
from codemix.pipeline.report import dedup_removal_rows, pair_quality_rows, worst_pairs_rows
from codemix.schemas.order import OutputSelection
from codemix.schemas.config import BuildConfig
from codemix.schemas.shards import row_group_layout

#: 2: shards' `language` is a ClassLabel id; every train shard entry lists `row_group_rows` and `row_group_tokens`.
MANIFEST_FORMAT = 2
#: Manifest fields that record run timing and may differ between two builds of one config.
RUN_TIMING_FIELDS = ("run",)

_VERSIONED_PACKAGES = (
    "datatrove", "pyarrow", "datasets", "tokenizers", "tree-sitter", "numpy", "scipy", "pydantic",
)


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "codemix": __version__}
    for name in _VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def sha256_file(path: Path | str, chunk_bytes: int = 1 << 20, *, fs: Any = None) -> str:
    """sha256 of a file, local or (with `fs`, an fsspec file system) on that file system."""
    digest = hashlib.sha256()
    with (open(path, "rb") if fs is None else fs.open(path, "rb")) as handle:
        while chunk := handle.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()


def describe_shard(path: Path, root: Path) -> dict[str, Any]:
    """Rows, bytes, sha256, per-component rows and tokens, and rows and tokens per row group of a written
    shard, read back from disk."""
    table = pq.read_table(path, columns=["component", "token_count"])
    rows_per: dict[str, int] = {}
    tokens_per: dict[str, int] = {}
    for component, tokens in zip(table.column("component").to_pylist(), table.column("token_count").to_pylist()):
        rows_per[component] = rows_per.get(component, 0) + 1
        tokens_per[component] = tokens_per.get(component, 0) + int(tokens)
    return {
        "file": path.relative_to(root).as_posix(),
        "rows": table.num_rows,
        "bytes": path.stat().st_size,
        "sha256": sha256_file(path),
        "tokens": sum(tokens_per.values()),
        "rows_per_component": dict(sorted(rows_per.items())),
        "tokens_per_component": dict(sorted(tokens_per.items())),
        **row_group_layout(pq.ParquetFile(path)),
    }


def describe_split_file(path: Path, root: Path) -> dict[str, Any]:
    """Rows, bytes and sha256 of a file of a split other than train."""
    return {
        "file": path.relative_to(root).as_posix(),
        "rows": pq.ParquetFile(path).metadata.num_rows,
        "bytes": path.stat().st_size,
        "sha256": sha256_file(path),
    }


def build_manifest(
    *,
    config: BuildConfig,
    plan: BuildPlan,
    selection: OutputSelection,
    shards: list[dict[str, Any]],
    tokenizer: dict[str, Any],
    extra_splits: dict[str, list[dict[str, Any]]],
    run: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    achieved = {name: comp.achieved_tokens for name, comp in selection.components.items()}
    achieved_total = sum(achieved.values())
    components = {}
    for name, comp in sorted(plan.components.items()):
        chosen = selection.components[name]
        components[name] = {
            "planned_tokens": comp.planned_tokens,
            "achieved_tokens": achieved[name],
            "planned_share": comp.share,
            "achieved_share": (achieved[name] / achieved_total) if achieved_total else 0.0,
            "unique_tokens": comp.unique_tokens,
            "rows": chosen.rows,
            "repeated_rows": chosen.repeated_rows,
        }
    manifest = {
        "format": MANIFEST_FORMAT,
        "config": config.model_dump(mode="json"),
        "config_hash": config.config_hash(),
        "seed": config.seed,
        "versions": package_versions(),
        "tokenizer": tokenizer,
        "components": components,
        "splits": {
            "train": {
                "rows": sum(s["rows"] for s in shards),
                "tokens": sum(s["tokens"] for s in shards),
                "shards": shards,
            },
            **{
                name: {"rows": sum(s["rows"] for s in files), "shards": files}
                for name, files in sorted(extra_splits.items())
            },
        },
        "run": run,
    }
    if extra:
        manifest.update(extra)
    return manifest


def _markdown_table(headers: list[str], rows: list[list[str]], left_columns: frozenset[int]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rule = ["---" if i in left_columns else "---:" for i in range(len(headers))]
    return ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |",
            *("| " + " | ".join(cell(c) for c in row) + " |" for row in rows)]


#: Each published split: its Hugging Face config name and the files of it, as the card's `configs:` names them.
_CARD_CONFIGS = {"train": ("default", "data/train-*"), "pairs_eval": ("pairs_eval", "pairs_eval/*.parquet")}


def split_features(path: Path) -> list[dict[str, Any]]:
    """The Hugging Face features of a written Parquet file, in column order, as a card's YAML lists them: the
    `huggingface` schema metadata when the file has it (what `datasets` itself reads), else from its Arrow
    schema."""
    from datasets import Features

    schema = pq.read_schema(path)
    meta = (schema.metadata or {}).get(b"huggingface")
    features = Features.from_dict(json.loads(meta)["info"]["features"]) if meta else Features.from_arrow_schema(schema)
    return Features({name: features[name] for name in schema.names})._to_yaml_list()


def card_metadata(*, manifest: dict[str, Any], root: Path) -> dict[str, Any]:
    """The card's YAML: `configs` (which files make each split) and `dataset_info` (features and rows of each
    split), so that `datasets` and the Hub know the columns and their types without reading the data."""
    configs, info = [], []
    for split in sorted(manifest["splits"], key=lambda name: (name != "train", name)):
        config_name, pattern = _CARD_CONFIGS[split]
        files = manifest["splits"][split]["shards"]
        configs.append({"config_name": config_name, "data_files": [{"split": split, "path": pattern}]})
        info.append({
            "config_name": config_name,
            "features": split_features(root / files[0]["file"]) if files else [],
            "splits": [{"name": split, "num_examples": manifest["splits"][split]["rows"]}],
        })  # fmt: skip
    return {"configs": configs, "dataset_info": info, "tags": ["code", "codemix"]}


def dataset_card(
    *, manifest: dict[str, Any], plan: BuildPlan, root: Path, pairing: dict[str, Any] | None = None
) -> str:
    """README.md: the YAML of `card_metadata`, the components' tokens, how to load each split, and with `pairing`
    (the pair quality section of stats.json) a pair quality section. `root` is the folder the manifest's file names
    are relative to."""
    import yaml

    splits = manifest["splits"]
    lines = ["---", yaml.safe_dump(card_metadata(manifest=manifest, root=root), sort_keys=False).rstrip(), "---", ""]
    lines += [
        "# Code pre-training corpus built by codemix",
        "",
        f"Built by codemix {manifest['versions']['codemix']} from config hash `{manifest['config_hash'][:16]}` "
        f"with seed {manifest['seed']} and tokenizer `{manifest['tokenizer'].get('name')}`. "
        "`manifest.json` records the full config, package versions, and each shard's rows, tokens and sha256.",
        "",
        "| component | unique tokens | planned tokens | achieved tokens | share | epochs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, comp in manifest["components"].items():
        epochs = comp["achieved_tokens"] / comp["unique_tokens"] if comp["unique_tokens"] else 0.0
        lines.append(
            f"| {name} | {comp['unique_tokens']:,} | {comp['planned_tokens']:,} | {comp['achieved_tokens']:,} "
            f"| {comp['achieved_share']:.2%} | {epochs:.2f} |"
        )
    lines += [
        "",
        "## Load",
        "",
        "```python",
        "from datasets import load_dataset",
        "ds = load_dataset('path/to/this/folder', split='train', streaming=True)",
    ]
    if "pairs_eval" in splits:
        lines.append("pairs = load_dataset('path/to/this/folder', 'pairs_eval', split='pairs_eval')  # held-out pairs")
    lines += [
        "```",
        "",
        "Columns (`dataset_info` above has their types): `text`, `id`, `component` (a language or `paired`), "
        "`language` (a ClassLabel: the language, `other`, or a paired document's direction such as "
        "`python->java`), `token_count` (end-of-document token included when configured), `source`, `path`, and "
        "for paired documents `pair_id`, `src_lang`, `tgt_lang`, `format`.",
        "",
    ]
    if "pairs_eval" in splits:
        lines += [
            f"The `pairs_eval` config holds {splits['pairs_eval']['rows']:,} translation pairs of the directions held "
            "out of training (zero-shot evaluation): one row per pair and direction, with `source_text`, "
            "`target_text`, `prompt_text`, `src_lang`, `tgt_lang` and their token counts.",
            "",
        ]
    if pairing is not None:
        lines += [
            "## Pair quality",
            "",
            "Per direction: program pairs made, documents written (a pair split into parts gives several), "
            "median and 95th-percentile tokens per document, the share of pairs whose two programs differ in "
            f"size (tokens of code) by more than {pairing['size_ratio_limit']:g}x (a sign of a wrong member), and the "
            "groups that had both languages but made no pair, by reason.",
            "",
            *_markdown_table(*pair_quality_rows(pairing)),
            "",
            "Pairs whose sides differ most in size:",
            "",
            *_markdown_table(*worst_pairs_rows(pairing)),
            "",
        ]
    lines += _dedup_section(manifest.get("dedup"))
    if plan.notes or plan.warnings:
        lines += ["## Notes", ""] + [f"- **Warning**: {w['message']}" for w in plan.warnings]
        lines += [f"- {note}" for note in plan.notes] + [""]
    return "\n".join(lines)


def _dedup_section(dedup: dict[str, Any] | None) -> list[str]:
    """The card's account of deduplication and decontamination: settings and removals per language."""
    if not dedup:
        return []
    near = dedup.get("near")
    passes = ["exact duplicates" if dedup.get("exact") else None,
              (f"near duplicates (MinHash over {near['ngram_tokens']}-token shingles, {near['num_perm']} values in "
               f"{near['bands']} bands, estimated Jaccard similarity at least {near['threshold']})") if near else None,
              *(f"contamination with {b['name']} ({b['ngram_tokens']}-token n-grams)" for b in dedup["decontaminate"])]
    passes = [p for p in passes if p]
    lines = ["## Deduplication and decontamination", ""]
    lines.append(("Removed before pairing and planning: " + "; ".join(passes) + ".") if passes
                 else "No deduplication or decontamination was configured.")
    lines.append("")
    if dedup.get("removed"):
        lines += [*_markdown_table(*dedup_removal_rows(dedup["removed"])), ""]
    return lines


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def without_run_timing(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest minus the fields documented as run timing: equal for two builds of one config."""
    return {key: value for key, value in manifest.items() if key not in RUN_TIMING_FIELDS}
