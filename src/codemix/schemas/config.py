"""The build config: YAML validated into typed models before anything runs.

Every model forbids unknown keys, so a misspelled key is an error that names the key path. Relative
paths in a config resolve against the directory of the config file, so a config means the same thing
whatever the working directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from codemix import TARGET_LANGUAGES, languages

# Directories a directory walk never enters by default: VCS metadata, dependency trees and build outputs
# hold vendored or generated code that would skew the language ratios.
DEFAULT_EXCLUDED_DIRS: tuple[str, ...] = (
    ".git", ".hg", ".svn", "node_modules", "vendor", "third_party", "build", "dist", "target", "out",
    "bin", "obj", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache", ".pytest_cache", ".idea", ".vscode",
)  # fmt: skip

def _registered_language(value: str) -> str:
    if not languages.is_registered(value):
        raise ValueError(f"unknown language {value!r}; known: {', '.join(languages.names())}")
    return value


#: A language name of the registry (`codemix.languages`), checked when a config is validated.
Language = Annotated[str, AfterValidator(_registered_language)]


_TOKEN_SUFFIXES = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}

#: Repetition defaults (`mixture.warn_epochs`, `mixture.max_epochs`), from the data-constrained scaling
#: results of Muennighoff et al. (2023, "Scaling Data-Constrained Language Models"): up to about 4
#: epochs, repeated tokens are worth almost as much as fresh ones; beyond that their value decays, and
#: their fitted decay constant R_D* is about 15 repetitions, so past about 16 epochs more repetition adds
#: little. Above `warn_epochs` a plan warns for the component; above `max_epochs` no component is planned
#: unless the user raises the ceiling explicitly.
DEFAULT_WARN_EPOCHS = 4.0
DEFAULT_MAX_EPOCHS = 16.0


def token_unit(tokens: float) -> tuple[str, int]:
    """The unit (`T`, `B`, `M`, `K` or `` for plain tokens) and its size for showing ``tokens``."""
    for unit in ("T", "B", "M", "K"):
        if abs(tokens) >= _TOKEN_SUFFIXES[unit]:
            return unit, _TOKEN_SUFFIXES[unit]
    return "", 1


def format_token_amount(tokens: float) -> str:
    """A token count for people: 3 significant digits in the unit of its magnitude (`1.5M`, `350B`,
    `812`), the inverse of `parse_token_amount` up to rounding. Small budgets never print as `0.00`."""
    unit, size = token_unit(tokens)
    return f"{tokens / size:.3g}{unit}" if unit else f"{tokens:.0f}"


def parse_token_amount(value: Any) -> int:
    """Parse a token amount: an integer, or a string such as `350B`, `1.5M`, `20_000`."""
    if isinstance(value, bool):
        raise ValueError("expected a token amount such as 350000 or '350B', got a boolean")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"expected a whole number of tokens, got {value}")
        amount = int(value)
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*([0-9][0-9_]*(?:\.[0-9]+)?)\s*([KMBT]?)\s*", value, re.IGNORECASE)
        if not match:
            raise ValueError(f"expected a token amount such as 350000 or '350B', got {value!r}")
        amount = round(float(match.group(1).replace("_", "")) * _TOKEN_SUFFIXES[match.group(2).upper()])
    else:
        raise ValueError(f"expected a token amount such as 350000 or '350B', got {type(value).__name__}")
    if amount <= 0:
        raise ValueError(f"a token amount must be positive, got {amount}")
    return amount


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- inputs ----------------------------------------------------------------------------------------
def _check_pair_pattern(pattern: str | None) -> str | None:
    """A pair key pattern must compile and have a group (named `key`, or a first group) to extract."""
    if pattern is None:
        return None
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise ValueError(f"not a valid regular expression: {error}") from None
    if compiled.groups == 0:
        raise ValueError("the pattern needs a group that extracts the key: (?P<key>...) or (...)")
    return pattern


def _path_as_text(value: Any) -> Any:
    """A path is text (a local path or an fsspec URL); a `pathlib.Path` from Python code is welcome too."""
    return os.fspath(value) if isinstance(value, os.PathLike) else value


class _InputBase(StrictModel):
    name: str | None = Field(None, description="Name recorded as each document's `source`; defaults to the path.")
    max_documents: int | None = Field(None, gt=0, description="Read at most this many documents (for trials).")

    _path_text = field_validator("path", mode="before", check_fields=False)(_path_as_text)

    def display_name(self) -> str:
        raise NotImplementedError


class DirectoryInput(_InputBase):
    type: Literal["directory"]
    path: str = Field(description="A directory: a local path (relative to the config file) or an fsspec URL.")
    exclude_dirs: tuple[str, ...] = DEFAULT_EXCLUDED_DIRS
    follow_symlinks: bool = False
    pair_key_from: Literal["parent_dir"] | None = Field(
        None, description="`parent_dir`: a file's pair key is its parent directory relative to the input root."
    )

    def display_name(self) -> str:
        return self.name or str(self.path)


class _RowKeys(_InputBase):
    """Columns of inputs whose documents are rows (JSONL, Parquet, Hugging Face datasets)."""

    text_key: str = "content"
    path_key: str | None = None
    id_key: str | None = None
    language_key: str | None = None
    pair_key: str | None = None
    pair_key_pattern: str | None = Field(
        None, description="Regex applied to the `pair_key` value; its group `key` (or group 1) is the pair key."
    )

    @field_validator("pair_key_pattern")
    @classmethod
    def _check_pair_key_pattern(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and not info.data.get("pair_key"):
            raise ValueError("`pair_key_pattern` needs `pair_key`: the column the pattern is applied to")
        return _check_pair_pattern(value)


class _TableInput(_RowKeys):
    path: str = Field(description="A file path or a glob pattern: local (relative to the config file) or an "
                      "fsspec URL.")

    def display_name(self) -> str:
        return self.name or self.path

    def files(self) -> list[str]:
        """The matched files, sorted, relative to the pattern's folder (`codemix.io.TableFolder`)."""
        from codemix.io import TableFolder  # file systems (fsspec, datatrove) load only when files are listed

        return TableFolder(self.path).list_files()


class JsonlInput(_TableInput):
    type: Literal["jsonl"]


class ParquetInput(_TableInput):
    type: Literal["parquet"]


class HuggingFaceInput(_RowKeys):
    type: Literal["huggingface"]
    name: str = Field(description="Hub dataset name (ORG/NAME) or a local dataset directory.")
    config_name: str | None = None
    split: str = "train"
    revision: str | None = None
    data_dir: str | None = None
    streaming: bool = True

    def display_name(self) -> str:
        return self.name


InputConfig = Annotated[
    Union[DirectoryInput, JsonlInput, ParquetInput, HuggingFaceInput], Field(discriminator="type")
]


# --- stages ----------------------------------------------------------------------------------------
class CleanConfig(StrictModel):
    """Cheap quality filters (The Stack / StarCoder thresholds by default). Each drop is counted by reason."""

    max_file_bytes: int = Field(1_000_000, gt=0, description="Files larger than this are dropped (`too_large`).")
    min_chars: int = Field(1, ge=0, description="Files with fewer non-whitespace characters are dropped (`empty`).")
    max_line_length: int = Field(1000, gt=0, description="Longest line allowed (`long_line`).")
    max_mean_line_length: float = Field(100.0, gt=0, description="Mean line length allowed (`long_mean_line`).")
    min_alphanumeric_fraction: float = Field(0.25, ge=0, le=1, description="(`low_alphanumeric`).")
    drop_generated: bool = Field(True, description="Drop files marked as generated (`generated`).")
    generated_header_lines: int = Field(
        # Go's "Code generated ... DO NOT EDIT." often follows a 15-20 line licence header: the search
        # also runs through the file's leading comment block (GeneratedFileFilter), so 10 lines suffice.
        # 40 lines reached into code: on Go's own sources it flagged ~20 hand-written generator programs
        # (mkbuiltin.go, make_tables.go, mksysnum_*.pl) whose code prints a "DO NOT EDIT" header.
        10, gt=0, description="Leading lines searched for a generated-file marker (plus the leading comment block)."
    )
    exact_dedup: bool = Field(True, description="Keep one copy of byte-identical texts (`exact_duplicate`).")


#: Rows of an LSH band hold at most this many uint32 values: the exact-duplicate band carries a content hash
#: of 4 x rows bytes (BLAKE2b's largest digest is 64 bytes).
MAX_BAND_ROWS = 16


class NearDedupConfig(StrictModel):
    """Near-duplicate removal: MinHash over code-aware token n-grams, LSH bands, candidates verified by their
    estimated Jaccard similarity (docs/dedup.md)."""

    ngram_tokens: int = Field(5, ge=1, le=64, description="Tokens per shingle.")
    num_perm: int = Field(256, ge=8, le=1024, description="MinHash values per document (one-permutation bins).")
    bands: int = Field(32, ge=1, description="LSH bands; `num_perm / bands` values per band.")
    threshold: float = Field(0.7, gt=0, le=1, description="Least estimated Jaccard similarity of a near duplicate.")
    seed: int = Field(1, description="Seed of the MinHash hash function.")

    @model_validator(mode="after")
    def _bands_divide(self) -> "NearDedupConfig":
        if self.num_perm % self.bands:
            raise ValueError(f"bands ({self.bands}) must divide num_perm ({self.num_perm})")
        if self.num_perm // self.bands > MAX_BAND_ROWS:
            raise ValueError(f"a band holds at most {MAX_BAND_ROWS} values: use at least "
                             f"{-(-self.num_perm // MAX_BAND_ROWS)} bands for num_perm {self.num_perm}")
        return self


class BenchmarkConfig(StrictModel):
    """An evaluation set to decontaminate against: local JSONL (`.gz` ok) or Parquet files, one item per row."""

    path: str = Field(description="A file or glob pattern (relative to the config file); never downloaded.")
    name: str | None = Field(None, description="Name in the report; default: the path as written.")
    format: Literal["jsonl", "parquet"] | None = Field(None, description="Default: from the file extension.")
    fields: list[str] = Field(min_length=1, description="Field(s) whose text, concatenated in order, is an item "
                              "(HumanEval: [prompt, canonical_solution]).")
    id_key: str | None = Field(None, description="Field naming each item; default: `<file>:<row>`.")
    language: Language | None = Field(None, description="Language of the items (which comments to strip).")
    ngram_tokens: int = Field(13, ge=1, le=64, description="Word tokens (identifiers, keywords, literals) of a "
                              "shared n-gram.")
    min_fraction: float | None = Field(
        None, gt=0, le=1, description="null: one shared n-gram removes a document; else the least fraction of an "
        "item's n-grams a document must contain.")

    _path_text = field_validator("path", mode="before")(_path_as_text)

    def display_name(self) -> str:
        return self.name or self.path

    def files(self) -> list[str]:
        from codemix.io import TableFolder

        return TableFolder(self.path).list_files()


class DedupConfig(StrictModel):
    """Near-duplicate removal and benchmark decontamination (exact duplicates: `clean.exact_dedup`)."""

    near: NearDedupConfig | None = Field(NearDedupConfig(), description="null: no near-duplicate removal.")
    decontaminate: list[BenchmarkConfig] = Field(default_factory=list, description="Benchmarks to remove.")

    @field_validator("decontaminate")
    @classmethod
    def _unique_names(cls, value: list[BenchmarkConfig]) -> list[BenchmarkConfig]:
        names = [b.display_name() for b in value]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"benchmark names must differ (set `name`), repeated: {', '.join(repeated)}")
        return value


class ClassifyConfig(StrictModel):
    drop_other: bool = Field(True, description="Drop documents labelled `other` (`other_language`).")
    min_confidence: float = Field(0.0, ge=0, le=1, description="Labels below this confidence become `other`.")
    content_only: bool = Field(False, description="Ignore paths: classify every document from its content.")
    max_bytes: int = Field(65536, ge=256, description="Bytes of each document the classifier looks at.")
    declared: Literal["trust", "verify", "ignore"] = Field(
        "verify", description="How a language the input declares (`language_key`) counts: `trust` (it is the label; "
        "its grammar checks it and disagreements are counted), `verify` (the content overrules it only when sure and "
        "the declared grammar cannot parse the text), `ignore`.")


class MixtureConfig(StrictModel):
    """How the budget is split over the components (languages, and `paired`). See docs/laws.md.

    - `uniform`: equal shares. `explicit`: `shares` per component (summing to 1).
    - `unimax`: equal shares under the `max_epochs` ceiling, the rest spread over the others (UniMax).
    - `paper`: the paper's published 350B reallocation scaled to the budget; `shares` may fix the
      shares of components the paper does not model (e.g. `paired`).
    - `optimize`: minimise the weighted per-language predicted losses under `laws` (a fit JSON from
      `codemix laws fit`, or `paper`), with `min_shares`, `max_shares`, `weights`, `synergy_scale`;
      `shares` fixes components the laws do not model.
    """

    strategy: Literal["uniform", "explicit", "unimax", "paper", "optimize"] = "uniform"
    shares: dict[str, float] | None = Field(
        None, description="`explicit`: share per component, summing to 1. `paper`/`optimize`: fixed shares of "
        "components the laws do not model (e.g. `paired`), summing below 1.")
    max_epochs: float = Field(
        DEFAULT_MAX_EPOCHS, gt=0, allow_inf_nan=False,
        description="Hard ceiling: no component is planned beyond this many passes over its unique tokens. "
        "`unimax` and `optimize` move the tokens a capped component cannot take to the others; `uniform`, "
        "`explicit` and `paper` fix shares, so a share beyond the ceiling makes the plan infeasible (exit 3). "
        f"Default {DEFAULT_MAX_EPOCHS:g}: raise it explicitly to allow more repetition.")
    warn_epochs: float = Field(
        DEFAULT_WARN_EPOCHS, gt=0, allow_inf_nan=False,
        description="Warning threshold: every component planned above this many epochs gets a warning in the "
        f"summary, plan.json, plan.html and the dataset card. Default {DEFAULT_WARN_EPOCHS:g}.")
    min_shares: dict[str, float] | None = Field(None, description="`optimize`: lower bound on a language's share.")
    max_shares: dict[str, float] | None = Field(None, description="`optimize`: upper bound on a language's share.")
    weights: dict[str, float] | None = Field(None, description="`optimize`: weight of each language's loss (default 1).")
    laws: str | None = Field(None, description="`optimize`: path to a fit JSON from `codemix laws fit`, or `paper` (default).")
    synergy_scale: float | None = Field(None, ge=0, description="`optimize`: multiplier on the transfer coefficients "
                                        "tau (default 1; 0 ignores synergy).")
    paper_variant: Literal["typescript_larger_cut", "javascript_larger_cut"] | None = Field(
        None, description="`paper`: which of TypeScript/JavaScript took the -13.49B cut (the paper does not say); "
        "default typescript_larger_cut.")

    @field_validator("max_epochs", "warn_epochs", mode="before")
    @classmethod
    def _epochs_are_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            raise ValueError(f"`{info.field_name}` must be a number of epochs (default "
                             f"{cls.model_fields[info.field_name].default:g}); there is no switch to turn the "
                             "repetition limits off, raise them instead")
        return value

    @model_validator(mode="after")
    def _check_shares(self) -> "MixtureConfig":
        for key in ("shares", "min_shares", "max_shares", "weights"):
            values = getattr(self, key)
            if values is not None:
                bad = {k: v for k, v in values.items() if not (v >= 0) or v != v or v == float("inf")}
                if bad:
                    raise ValueError(f"`{key}` must be finite and non-negative, got {bad}")
        for key in ("min_shares", "max_shares"):
            values = getattr(self, key)
            if values is not None and any(v > 1 for v in values.values()):
                raise ValueError(f"`{key}` are shares of the budget and must be at most 1")
        if self.strategy == "explicit":
            if not self.shares:
                raise ValueError("strategy 'explicit' needs `shares`: a share per component")
            total = sum(self.shares.values())
            if abs(total - 1.0) > 1e-6:
                raise ValueError(f"`shares` must sum to 1, they sum to {total:.6g}")
        elif self.shares is not None:
            if self.strategy not in ("paper", "optimize"):
                raise ValueError(f"`shares` is only read by strategies 'explicit', 'paper' and 'optimize', not {self.strategy!r}")
            if sum(self.shares.values()) >= 1.0:
                raise ValueError(f"with strategy {self.strategy!r}, `shares` fixes components the laws do not model "
                                 f"and must sum below 1, they sum to {sum(self.shares.values()):.6g}")
        if self.strategy != "optimize":
            for key in ("min_shares", "max_shares", "weights", "laws", "synergy_scale"):
                if getattr(self, key) is not None:
                    raise ValueError(f"`{key}` is only read by strategy 'optimize', not {self.strategy!r}")
        if self.strategy != "paper" and self.paper_variant is not None:
            raise ValueError(f"`paper_variant` is only read by strategy 'paper', not {self.strategy!r}")
        if self.min_shares and self.max_shares:
            crossed = [k for k in self.min_shares if k in self.max_shares and self.min_shares[k] > self.max_shares[k]]
            if crossed:
                raise ValueError(f"`min_shares` exceed `max_shares` for {', '.join(sorted(crossed))}")
        if self.min_shares and sum(self.min_shares.values()) > 1 + 1e-9:
            raise ValueError(f"`min_shares` sum to {sum(self.min_shares.values()):.6g} > 1")
        return self


class OutputConfig(StrictModel):
    path: Path | str = Field(description="The output folder: a local or shared path, or an fsspec URL "
                             "(`s3://bucket/corpus`), which then needs `work_dir`.")
    work_dir: Path | None = Field(None, description="Where the build's work directory lives (`<work_dir>/<config "
                                  "hash>/`): a folder every task can write (shared storage on a cluster). Default: "
                                  "`<path>/work`; required when `path` is a URL.")
    max_shard_tokens: int = Field(50_000_000, gt=0, description="A shard holds at most this many tokens (`2M`, `50_000_000`).")
    row_group_rows: int = Field(1000, gt=0, description="Rows per Parquet row group.")
    compression: Literal["zstd", "snappy", "gzip", "none"] = "zstd"

    @field_validator("max_shard_tokens", mode="before")
    @classmethod
    def _parse_max_shard_tokens(cls, value: Any) -> Any:
        return parse_token_amount(value)

    @field_validator("path", mode="after")
    @classmethod
    def _local_path_or_url(cls, value: Path | str) -> Path | str:
        return value if isinstance(value, Path) or "://" in value else Path(value)

    @model_validator(mode="after")
    def _url_needs_work_dir(self) -> "OutputConfig":
        if isinstance(self.path, str) and self.work_dir is None:
            raise ValueError(f"output.path {self.path!r} is a URL: set output.work_dir to a folder every task can "
                             "write (the stages' intermediate files and the staged output live there)")
        return self


class _ExecutorBase(StrictModel):
    tasks: int = Field(2, gt=0, description="Tasks each stage is split into; never change it between reruns.")


class LocalExecutorConfig(_ExecutorBase):
    """datatrove's `LocalPipelineExecutor`: `workers` processes on this machine."""

    type: Literal["local"] = "local"
    workers: int = Field(2, gt=0, description="Tasks running at once.")


class RayExecutorConfig(_ExecutorBase):
    """datatrove's `RayPipelineExecutor` (the `ray` extra): the tasks run on a Ray cluster whose nodes all see
    the output path (shared storage)."""

    type: Literal["ray"]
    address: str | None = Field(None, description="The Ray cluster to join (`ray.init(address=...)`); null: the "
                                "one `RAY_ADDRESS` names, else a local cluster of this machine's cores.")
    workers: int | None = Field(None, gt=0, description="Tasks running at once; null: as many as the cluster fits.")
    cpus_per_task: int = Field(1, gt=0)
    mem_per_cpu_gb: float = Field(2.0, gt=0, description="Memory a task asks for, per CPU; a task no live node can "
                                  "hold is an error at the start.")


class SlurmExecutorConfig(_ExecutorBase):
    """datatrove's `SlurmPipelineExecutor`: each stage is a job array, submitted with `sbatch` and chained on the
    previous stage's job (`afterok`); the output path must be on storage every node sees."""

    type: Literal["slurm"]
    partition: str
    time: str = Field("24:00:00", description="Time limit of each task (sbatch --time).")
    workers: int | None = Field(None, gt=0, description="Array tasks running at once; null: Slurm's limit.")
    cpus_per_task: int = Field(1, gt=0)
    mem_per_cpu_gb: int = Field(2, gt=0)
    job_name: str = "codemix"
    qos: str | None = None
    env_command: str | None = Field(None, description="Shell line that sets up the environment of each job, e.g. "
                                    "`source /shared/venv/bin/activate`.")
    sbatch_args: dict[str, str] = Field(default_factory=dict, description="More `#SBATCH --key=value` lines.")


ExecutorConfig = Annotated[
    Union[LocalExecutorConfig, RayExecutorConfig, SlurmExecutorConfig], Field(discriminator="type")
]



# --- pairing ---------------------------------------------------------------------------------------
#: Fields a pair template may use: the languages' codemix names, display names (`C#`) and Markdown fence
#: info strings (`codemix.languages`), and the two programs.
PAIR_TEMPLATE_FIELDS: tuple[str, ...] = (
    "src_lang", "tgt_lang", "src_lang_name", "tgt_lang_name", "src_fence", "tgt_fence", "src_code", "tgt_code",
)

#: Direct concatenation: the program, a blank line, its translation (the paper's `direct` format; it published
#: no template, so the separator is ours).
DEFAULT_DIRECT_TEMPLATE = "{src_code}\n\n{tgt_code}\n"
#: Prompt format: a natural-language instruction naming both languages, then source and target in fences.
DEFAULT_PROMPT_TEMPLATE = (
    "Translate the following {src_lang_name} program to {tgt_lang_name}.\n\n"
    "{src_lang_name}:\n```{src_lang}\n{src_code}\n```\n\n"
    "{tgt_lang_name}:\n```{tgt_lang}\n{tgt_code}\n```\n"
)


def _check_pair_template(template: str) -> str:
    """A template names only known fields, each code field exactly once, the source code before the target."""
    import string

    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise ValueError(f"not a valid template ({error}); write a literal brace as {{{{ or }}}}") from None
    fields = [name for _, name, _, _ in parsed if name is not None]
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PAIR_TEMPLATE_FIELDS:
            raise ValueError(f"unknown template field {{{name}}}; known fields: {', '.join(PAIR_TEMPLATE_FIELDS)}")
        if spec or conversion:
            raise ValueError(f"template field {{{name}}} must not carry a format spec or conversion")
    for needed in ("src_code", "tgt_code"):
        if fields.count(needed) != 1:
            raise ValueError(f"a template must contain {{{needed}}} exactly once, found {fields.count(needed)}")
    if fields.index("src_code") > fields.index("tgt_code"):
        raise ValueError("{src_code} must come before {tgt_code}: the target is what the model learns to continue")
    return template


class PairingTemplates(StrictModel):
    """Templates of the two formats: Python `str.format` strings over `PAIR_TEMPLATE_FIELDS`."""

    direct: str = Field(DEFAULT_DIRECT_TEMPLATE, description="`direct` format: source, separator, target.")
    prompt: str = Field(DEFAULT_PROMPT_TEMPLATE, description="`prompt` format: instruction, source, target.")

    @field_validator("direct", "prompt")
    @classmethod
    def _valid_template(cls, value: str) -> str:
        return _check_pair_template(value)


PairDirections = Literal["both", "pivot_to_other", "other_to_pivot"]
PairMembers = Literal["program", "largest_file", "single_file"]


class PairingConfig(StrictModel):
    """Parallel pairing: translations of one program, grouped by pair key, rendered one document per direction.

    Training documents pair the pivot with each other language (`directions`); every direction between two
    non-pivot languages is held out of training, and so is any pivot direction listed in `held_out_directions`.
    Held-out directions go to the `pairs_eval` split when `eval_split` is on.
    """

    languages: list[Language] | None = Field(
        None, description="Languages paired; null: the build's `languages`. Must include the pivot."
    )
    pivot: Language = "python"
    directions: PairDirections = "both"
    format: Literal["direct", "prompt"] = "direct"
    templates: PairingTemplates = PairingTemplates()
    members: PairMembers = Field(
        "program",
        description="What a language's documents under one pair key are: `program`, the files of one program, "
        "paired together (same path: alternatives of one file); `largest_file`, alternatives, the largest is "
        "paired; `single_file`, programs of several files are dropped (`multiple_files`).",
    )
    held_out_directions: list[str] = Field(
        default_factory=list,
        description="Pivot directions such as `python->go` kept out of training (non-pivot ones always are).",
    )
    eval_split: bool = Field(True, description="Write held-out directions to the `pairs_eval` split.")
    max_tokens: int = Field(8192, gt=0, description="A rendered pair document longer than this is dropped (`too_long`).")
    split_long_pairs: bool = Field(
        False,
        description="Split an over-long pair at top-level definitions when both sides split into matching units.",
    )
    parse_error_tolerance: float = Field(
        0.0, ge=0, le=1,
        description="Largest share of a member's bytes under ERROR nodes (each MISSING node counts one byte).",
    )
    num_buckets: int = Field(64, gt=0, description="Buckets of the keyed shuffle; fixed, independent of tasks.")
    keep_paired_in_monolingual: bool = Field(True, description="Code used in pairs also stays in its language.")

    @field_validator("held_out_directions")
    @classmethod
    def _valid_directions(cls, value: list[str]) -> list[str]:
        for item in value:
            parts = item.split("->")
            if len(parts) != 2 or not all(map(languages.is_registered, parts)) or parts[0] == parts[1]:
                raise ValueError(
                    f"a held-out direction is written `src->tgt` with two different languages of "
                    f"{', '.join(languages.names())}; got {item!r}"
                )
        if len(set(value)) != len(value):
            raise ValueError("held_out_directions must not repeat")
        return value

    @model_validator(mode="after")
    def _pivot_is_paired(self) -> "PairingConfig":
        if self.languages is not None:
            if len(set(self.languages)) != len(self.languages):
                raise ValueError("pairing languages must not repeat")
            if self.pivot not in self.languages:
                raise ValueError(f"the pivot {self.pivot!r} must be one of the pairing languages {self.languages}")
            if len(self.languages) < 2:
                raise ValueError("pairing needs at least two languages")
            for item in self.held_out_directions:
                missing = [p for p in item.split("->") if p not in self.languages]
                if missing:
                    raise ValueError(f"held-out direction {item!r} names a language not paired: {missing[0]}")
        return self

    def resolved_languages(self, build_languages: "list[str] | tuple[str, ...]" = TARGET_LANGUAGES) -> tuple[str, ...]:
        """The paired languages: `languages`, or else the build's languages, in the order given."""
        chosen = self.languages if self.languages is not None else list(build_languages)
        if self.pivot not in chosen:
            raise ValueError(f"the pivot {self.pivot!r} is not among the paired languages {list(chosen)}")
        return tuple(chosen)

    def resolved_templates(self) -> dict[str, str]:
        """The templates in effect, for the manifest: the chosen `format` and both templates."""
        return {"format": self.format, "template": getattr(self.templates, self.format),
                "direct": self.templates.direct, "prompt": self.templates.prompt}


class BuildConfig(StrictModel):
    inputs: list[InputConfig] = Field(min_length=1)
    languages: list[Language] = Field(default_factory=lambda: list(TARGET_LANGUAGES), min_length=1)
    tokenizer: str = "default"
    add_eos_token: bool = Field(True, description="Count one end-of-document token per document.")
    clean: CleanConfig = CleanConfig()
    classify: ClassifyConfig = ClassifyConfig()
    mixture: MixtureConfig = MixtureConfig()
    budget_tokens: int | None = Field(None, description="Total tokens to write; null: every unique token once.")
    output: OutputConfig
    executor: ExecutorConfig = LocalExecutorConfig()
    pairing: PairingConfig | None = Field(None, description="Parallel pairing (the `paired` component); null: off.")
    dedup: DedupConfig = DedupConfig()
    seed: int = 0

    @field_validator("budget_tokens", mode="before")
    @classmethod
    def _parse_budget(cls, value: Any) -> Any:
        return None if value is None else parse_token_amount(value)

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("languages must not repeat")
        return value

    @model_validator(mode="after")
    def _pairing_within_languages(self) -> "BuildConfig":
        if self.pairing is not None:
            paired = self.pairing.languages if self.pairing.languages is not None else self.languages
            outside = [lang for lang in paired if lang not in self.languages]
            if outside:
                raise ValueError(f"pairing.languages names {outside[0]!r}, which is not in the build's languages")
            if self.pairing.pivot not in paired:
                raise ValueError(f"pairing.pivot {self.pairing.pivot!r} is not among the paired languages {paired}")
            for item in self.pairing.held_out_directions:
                missing = [lang for lang in item.split("->") if lang not in paired]
                if missing:
                    raise ValueError(f"pairing.held_out_directions: {item!r} names {missing[0]!r}, which is not paired")
        return self

    def config_hash(self) -> str:
        """sha256 of the canonical JSON of the validated config (paths as given after resolution), without
        `output.path` and `output.work_dir`: where a corpus is written does not change what it is, so the same
        config built into two folders has one hash (and writes the same bytes)."""
        content = self.model_dump(mode="json")
        del content["output"]["path"], content["output"]["work_dir"]
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


# --- loading ---------------------------------------------------------------------------------------
class ConfigError(Exception):
    """A config that cannot be used. The message names the file, the key path and what was expected."""


def _format_loc(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            # pydantic inserts the discriminator value ('directory', ...) into the loc of union members
            if parts and item in {"directory", "jsonl", "parquet", "huggingface", "local", "ray", "slurm"}:
                continue
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def _resolve_paths(raw: dict[str, Any], base: Path) -> dict[str, Any]:
    """Make the config's relative paths relative to the config file's directory.

    An input without a `name` is named by its path as written in the config, so document ids
    (`<source>:<path>`) do not depend on where the checkout lives: the same config in two clones
    writes the same bytes.
    """
    raw = dict(raw)
    inputs = []
    for item in raw.get("inputs") or []:
        if isinstance(item, dict) and isinstance(item.get("path"), str) and item.get("type") != "huggingface":
            item = dict(item)
            item.setdefault("name", item["path"])
            if "://" not in item["path"] and not Path(item["path"]).is_absolute():
                item["path"] = os.path.normpath(base / item["path"])
        inputs.append(item)
    if "inputs" in raw:
        raw["inputs"] = inputs
    dedup = raw.get("dedup")
    if isinstance(dedup, dict) and isinstance(dedup.get("decontaminate"), list):
        benchmarks = []
        for item in dedup["decontaminate"]:
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                item = dict(item)
                item.setdefault("name", item["path"])
                if "://" not in item["path"] and not Path(item["path"]).is_absolute():
                    item["path"] = os.path.normpath(base / item["path"])
            benchmarks.append(item)
        raw["dedup"] = {**dedup, "decontaminate": benchmarks}
    mixture = raw.get("mixture")
    if isinstance(mixture, dict) and isinstance(mixture.get("laws"), str) and mixture["laws"] != "paper":
        if not Path(mixture["laws"]).is_absolute():
            raw["mixture"] = {**mixture, "laws": os.path.normpath(base / mixture["laws"])}
    output = raw.get("output")
    if isinstance(output, dict):
        for key in ("path", "work_dir"):
            value = output.get(key)
            if isinstance(value, str) and "://" not in value and not Path(value).is_absolute():
                output = {**output, key: os.path.normpath(base / value)}
        raw["output"] = output
    return raw


def _check_inputs_exist(config: BuildConfig, source: str) -> None:
    for index, item in enumerate(config.inputs):
        where = f"{source}: inputs[{index}].path"
        if isinstance(item, DirectoryInput):
            from codemix.io import CodeFolder

            if not CodeFolder(item.path).isdir(""):
                raise ConfigError(f"{where}: expected an existing directory, {item.path!r} does not exist")
        elif isinstance(item, (JsonlInput, ParquetInput)):
            if not item.files():
                raise ConfigError(f"{where}: expected at least one file matching {item.path!r}, found none")
    for index, benchmark in enumerate(config.dedup.decontaminate):
        if not benchmark.files():
            raise ConfigError(f"{source}: dedup.decontaminate[{index}].path: expected at least one file matching "
                              f"{benchmark.path!r}, found none")


def validate_config(raw: Any, *, source: str, base_dir: Path, check_paths: bool = True) -> BuildConfig:
    """Validate a parsed YAML mapping into a `BuildConfig`, or raise `ConfigError` naming `source`."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping of config keys at the top level, got {type(raw).__name__}")
    try:
        config = BuildConfig.model_validate(_resolve_paths(raw, base_dir))
    except ValidationError as error:
        lines = []
        for err in error.errors():
            loc = _format_loc(tuple(err["loc"]))
            if err["type"] == "extra_forbidden":
                lines.append(f"{source}: {loc}: unknown key (check its spelling)")
            elif err["type"] == "missing":
                lines.append(f"{source}: {loc}: required key is missing")
            else:
                lines.append(f"{source}: {loc}: {err['msg']} (got {err.get('input')!r})")
        raise ConfigError("\n".join(lines)) from None
    if check_paths:
        _check_inputs_exist(config, source)
    return config


def load_config(path: str | Path, *, check_paths: bool = True) -> BuildConfig:
    """Read and validate a YAML build config."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the config file: {error.strerror}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    return validate_config(raw, source=str(path), base_dir=path.resolve().parent, check_paths=check_paths)
