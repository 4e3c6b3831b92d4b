"""The steps of each executor stage of a build, assembled from the config in one place.

The build (`codemix.pipeline.build`), the tests and the benchmarks all call these functions, so what they
run is the pipeline that ships. A test or a benchmark that needs a cheaper classifier or token counter
passes its own step in (`classify=`, `count_tokens=`); everything else is the config's.
"""

from __future__ import annotations

from pathlib import Path

from datatrove.pipeline.base import PipelineStep

from codemix.pipeline.workdir import BuildPaths
from codemix.schemas.config import BuildConfig, CleanConfig
from codemix.stages.classify import ClassifyLanguage
from codemix.stages.clean import AlphanumericFilter, DecodeText, GeneratedFileFilter, LineLengthFilter
from codemix.stages.count_tokens import CountTokens
from codemix.stages.dedup import ApplyDedup, BandBuckets, ClusterDuplicates, DedupLayout, DedupSignatures
from codemix.stages.language_filter import OtherLanguageFilter
from codemix.stages.pair import BucketPairCandidates, GroupPairs
from codemix.stages.read import reader_for_input
from codemix.stages.sample import SampleDocuments
from codemix.stages.write_docs import DocsWriter
from codemix.stages.index import IndexSources, index_path
from codemix.stages.position import PositionCopies
from codemix.stages.write_shards import GatherShards, ScatterCopies


def reader_steps(config: BuildConfig, *, rejects_dir: str | Path) -> list[PipelineStep]:
    """One chained reader per configured input, in config order."""
    return [
        reader_for_input(item, index=index, rejects_dir=rejects_dir, clean=config.clean)
        for index, item in enumerate(config.inputs)
    ]


def cleaning_steps(clean: CleanConfig, *, rejects_dir: str | Path) -> list[PipelineStep]:
    """Decode, then the cheap filters, in the order that names the most specific reason first:
    a generated minified bundle is `generated`, not `long_line`."""
    steps: list[PipelineStep] = [DecodeText(clean=clean, rejects_dir=rejects_dir)]
    if clean.drop_generated:
        steps.append(GeneratedFileFilter(clean=clean, rejects_dir=rejects_dir))
    steps.append(LineLengthFilter(clean=clean, rejects_dir=rejects_dir))
    steps.append(AlphanumericFilter(clean=clean, rejects_dir=rejects_dir))
    return steps


def classify_step(config: BuildConfig) -> ClassifyLanguage:
    """The classifier as the config sets it. It only labels; `OtherLanguageFilter` drops `other` with a
    reject record."""
    return ClassifyLanguage(
        languages=list(config.languages),
        drop_other=False,
        min_confidence=config.classify.min_confidence,
        content_only=config.classify.content_only,
        max_bytes=config.classify.max_bytes,
        declared=config.classify.declared,
    )


def ingest_steps(
    config: BuildConfig,
    paths: BuildPaths,
    *,
    sample: float | None = None,
    classify: PipelineStep | None = None,
    count_tokens: PipelineStep | None = None,
) -> list[PipelineStep]:
    """The ingest stage: every input's reader, (a seeded sample), decode and clean, classify, drop `other`,
    count tokens, write `<work>/docs/<rank>.parquet`."""
    rejects = str(paths.rejected)
    steps: list[PipelineStep] = reader_steps(config, rejects_dir=rejects)
    if sample is not None:
        steps.append(SampleDocuments(fraction=sample, seed=config.seed, work_dir=paths.work))
    steps += cleaning_steps(config.clean, rejects_dir=rejects)
    steps.append(classify if classify is not None else classify_step(config))
    if config.classify.drop_other:
        steps.append(OtherLanguageFilter(rejects_dir=rejects))
    steps.append(
        count_tokens if count_tokens is not None
        else CountTokens(tokenizer=config.tokenizer, add_eos_token=config.add_eos_token)
    )  # fmt: skip
    steps.append(DocsWriter(output_dir=str(paths.docs), row_group_rows=config.output.row_group_rows))
    return steps


def dedup_layout(config: BuildConfig) -> DedupLayout:
    """Which dedup passes the config asks for: exact (`clean.exact_dedup`), near and decontamination (`dedup`)."""
    pairing = config.pairing
    return DedupLayout(
        near=config.dedup.near, exact=config.clean.exact_dedup, benchmarks=tuple(config.dedup.decontaminate),
        pivot=pairing.pivot if pairing is not None else None,
        pairing_languages=pairing.resolved_languages(config.languages) if pairing is not None else (),
    )


def dedup_dir(config: BuildConfig, paths: BuildPaths) -> Path | None:
    """The dedup stages' folder the later stages read removals from; None when the build removes nothing."""
    return paths.dedup if dedup_layout(config).any else None


def dedup_stages_for(
    layout: DedupLayout, *, docs_dir: Path, dedup_dir: Path, rejects_dir: Path, tasks: int
) -> list[tuple[str, str, list[PipelineStep], int]]:
    """The dedup stages as (name, description, steps, tasks): signatures, then (when duplicates are looked for)
    datatrove's bucket step and the clusters, then the removals. Empty when `layout` removes nothing."""
    if not layout.any:
        return []
    common = {"docs_dir": docs_dir, "dedup_dir": dedup_dir, "layout": layout}
    stages = [("dedup-signatures", "dedup: signatures", [DedupSignatures(**common)], tasks)]
    if layout.clusters:
        buckets = BandBuckets(dedup_dir=dedup_dir, layout=layout)
        stages.append(("dedup-buckets", "dedup: candidate pairs", [buckets], min(tasks, layout.num_bands)))
        stages.append(("dedup-clusters", "dedup: clusters", [ClusterDuplicates(**common)], 1))
    stages.append(("dedup-filter", "dedup: removals", [ApplyDedup(**common, rejects_dir=rejects_dir)], tasks))
    return stages


def dedup_stage_steps(config: BuildConfig, paths: BuildPaths) -> list[tuple[str, str, list[PipelineStep], int]]:
    """The build's dedup stages (`dedup_stages_for` with the config's passes and the build's folders)."""
    return dedup_stages_for(dedup_layout(config), docs_dir=paths.docs, dedup_dir=paths.dedup,
                            rejects_dir=paths.rejected, tasks=config.executor.tasks)


def pair_bucket_steps(config: BuildConfig, paths: BuildPaths) -> list[PipelineStep]:
    """The first pairing stage: every document with a pair key into its key's bucket (`<work>/pair_buckets/`)."""
    if config.pairing is None:
        raise ValueError("this build has no `pairing` section")
    return [
        BucketPairCandidates(
            docs_dir=paths.docs, buckets_dir=paths.pair_buckets, config=config.pairing,
            build_languages=config.languages, dedup_dir=dedup_dir(config, paths),
        )
    ]  # fmt: skip


def pair_group_steps(config: BuildConfig, paths: BuildPaths, *, tokenizer: object | None = None) -> list[PipelineStep]:
    """The second pairing stage: group each bucket, render pairs into `<work>/pairs/{train,eval,used_ids}/`."""
    if config.pairing is None:
        raise ValueError("this build has no `pairing` section")
    return [
        GroupPairs(
            buckets_dir=paths.pair_buckets, pairs_dir=paths.pairs, config=config.pairing,
            tokenizer=tokenizer if tokenizer is not None else config.tokenizer,
            add_eos_token=config.add_eos_token, build_languages=config.languages,
            row_group_rows=config.output.row_group_rows,
        )
    ]  # fmt: skip


def _sources(config: BuildConfig, paths: BuildPaths) -> dict[str, list[Path]]:
    """The files the output is made of: every ingest task's documents, and every pairing bucket's pairs."""
    paired = paths.pair_train_files(config.pairing.num_buckets) if config.pairing is not None else []
    return {"sources": paths.docs_files(config.executor.tasks), "paired_sources": paired}


def components_of(config: BuildConfig) -> list[str]:
    """The mixture's components: the build's languages, and `paired` when it pairs."""
    return list(config.languages) + (["paired"] if config.pairing is not None else [])


def index_steps(config: BuildConfig, paths: BuildPaths, *, with_pairs: bool = True) -> list[PipelineStep]:
    """The index stage: per-task summaries and key-sorted index files of the documents the output may use."""
    sources = _sources(config, paths)
    if not with_pairs:
        sources["paired_sources"] = []
    excluded = []
    if config.pairing is not None and with_pairs and not config.pairing.keep_paired_in_monolingual:
        excluded = [paths.pairs / "used_ids" / f"{bucket:05d}.parquet" for bucket in range(config.pairing.num_buckets)]
    components = components_of(config) if with_pairs else list(config.languages)
    return [IndexSources(**sources, components=components, index_dir=paths.index, dedup_dir=dedup_dir(config, paths),
                         excluded_lists=excluded, seed=config.seed)]


def index_files(config: BuildConfig, paths: BuildPaths) -> list[Path]:
    return [index_path(paths.index, rank) for rank in range(config.executor.tasks)]


def position_steps(config: BuildConfig, paths: BuildPaths) -> list[PipelineStep]:
    """The position stage: each selected copy's place in the output order and its shard."""
    return [PositionCopies(selection_path=paths.selection, index_files=index_files(config, paths),
                           assign_dir=paths.assign, scatter_tasks=config.executor.tasks)]


def shard_writer_steps(config: BuildConfig, paths: BuildPaths) -> tuple[list[PipelineStep], list[PipelineStep]]:
    """The shard stages: scatter every copy, text included, to its shard's bucket; gather each shard."""
    scatter = ScatterCopies(**_sources(config, paths), assign_dir=paths.assign,
                            buckets_dir=paths.buckets)
    gather = GatherShards(selection_path=paths.selection, buckets_dir=paths.buckets, output_dir=paths.data,
                          row_group_rows=config.output.row_group_rows, compression=config.output.compression)
    return [scatter], [gather]
