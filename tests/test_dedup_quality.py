"""Issue 16's bar on real code: planted variants at measured Jaccard similarities, exact copies, and HumanEval-X
solutions planted three ways, all through the four dedup stages.

Real code: Python files of installed dependencies (numpy, scipy, datatrove, pyarrow) and the demo's programs in the
seven languages. Each base file gets one variant (whitespace and comment edits, renamed identifiers, swapped
blocks, edited lines, at a random strength); the variant's exact Jaccard similarity with its base, on codemix's
shingles, puts the pair in a bin. A pair counts as removed when both end in one cluster (one removed as a
duplicate of the other, or both of one kept copy).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from codemix.dedup.shingles import hash_tokens, jaccard, shingles
from codemix.schemas.config import BenchmarkConfig, NearDedupConfig
from codemix.stages.dedup import DedupLayout
from conftest import FIXTURES
from dedup_support import installed_python_sources, mutate, run_dedup, write_docs

REPO = Path(__file__).resolve().parent.parent
TASKS = REPO / "examples" / "corpus" / "tasks"
EXTENSIONS = {".py": "python", ".java": "java", ".js": "javascript", ".ts": "typescript", ".cs": "csharp",
              ".go": "go", ".rs": "rust"}
HUMANEVAL = FIXTURES / "humaneval-x"
#: HumanEval-X file, language, and the fields whose concatenation is the complete program (Rust's prompt holds
#: only the description: its signature is in `declaration`).
HUMANEVAL_FILES = {
    "python": ("humaneval_python.jsonl.gz", ["prompt", "canonical_solution"]),
    "java": ("humaneval_java.jsonl.gz", ["prompt", "canonical_solution"]),
    "javascript": ("humaneval_js.jsonl.gz", ["prompt", "canonical_solution"]),
    "go": ("humaneval_go.jsonl.gz", ["prompt", "canonical_solution"]),
    "rust": ("humaneval_rust.jsonl.gz", ["declaration", "canonical_solution"]),
}


def _base_files(python_files: int) -> list[tuple[str, str, str]]:
    """(id, language, text) of the real files variants are made of."""
    out = []
    for path in installed_python_sources(python_files):
        relative = path.parts[path.parts.index("site-packages") + 1:] if "site-packages" in path.parts else path.parts
        out.append((f"site:{'/'.join(relative)}", "python", path.read_text(encoding="utf-8")))
    for path in sorted(TASKS.rglob("*")):
        if path.suffix in EXTENSIONS:
            out.append((f"demo:{path.relative_to(TASKS)}", EXTENSIONS[path.suffix], path.read_text(encoding="utf-8")))
    return out


def _clusters(dedup_dir: Path) -> dict[str, str]:
    """Every removed document's kept copy (or benchmark item, prefixed `bench:`)."""
    out = {}
    for path in sorted((dedup_dir / "removed").glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            out[row["id"]] = row["duplicate_of"] if row["duplicate_of"] else f"bench:{row['benchmark_item']}"
    return out


def planted_corpus(python_files: int, seed: int) -> tuple[list[dict], list[tuple[str, str, float]],
                                                          list[tuple[str, str]]]:
    """Documents, (base, variant, Jaccard) pairs, and (base, exact copy) pairs."""
    rng = np.random.default_rng(seed)
    bases = _base_files(python_files)
    donor_lines = [line for _, _, text in bases[::7] for line in text.split("\n") if line.strip()]
    rows, pairs, copies = [], [], []
    for index, (doc_id, language, text) in enumerate(bases):
        rows.append({"id": doc_id, "text": text, "language": language})
        # half the variants light, half heavy: both ends of the similarity range get pairs
        strength = float(rng.uniform(0.0, 0.12) if index % 2 else rng.uniform(0.25, 1.0))
        comment = "#" if language == "python" else "//"
        variant = mutate(text, comment=comment, strength=strength, rng=rng, donor_lines=donor_lines)
        variant_id = f"variant:{index:04d}"
        rows.append({"id": variant_id, "text": variant, "language": language})
        similarity = jaccard(shingles(text, language, 5), shingles(variant, language, 5))
        pairs.append((doc_id, variant_id, similarity))
        if index % 13 == 0:
            copies.append((doc_id, f"copy:{index:04d}"))
            rows.append({"id": copies[-1][1], "text": text, "language": language})
    return rows, pairs, copies


def removal_rates(pairs: list[tuple[str, str, float]], clusters: dict[str, str]) -> dict[str, tuple[int, int]]:
    """(pairs, pairs removed) per similarity bin."""
    bins = {"jaccard >= 0.85": (0.85, 1.01), "0.5 < jaccard < 0.85": (0.5, 0.85), "jaccard <= 0.5": (-1, 0.5)}
    out = {}
    for name, (low, high) in bins.items():
        chosen = [(a, b) for a, b, j in pairs if (low <= j < high if name.startswith("jaccard >=") else
                                                  (low < j <= high if name == "jaccard <= 0.5" else low < j < high))]
        removed = sum(clusters.get(a, a) == clusters.get(b, b) for a, b in chosen)
        out[name] = (len(chosen), removed)
    return out


def _check(rows, pairs, copies, tmp_path, *, tasks: int):
    docs = write_docs(tmp_path / "docs", [rows[i::tasks] for i in range(tasks)])
    dedup_dir = run_dedup(docs[0].parent, tmp_path / "work", DedupLayout(near=NearDedupConfig(), exact=True),
                          tasks=tasks)
    clusters = _clusters(dedup_dir)
    rates = removal_rates(pairs, clusters)
    print("planted pairs (pairs, removed):", rates)
    high, high_removed = rates["jaccard >= 0.85"]
    low, low_removed = rates["jaccard <= 0.5"]
    assert high >= 150 and low >= 100, rates  # enough pairs in both bins for the rates to mean something
    assert high_removed >= 0.95 * high, rates
    assert low_removed < 0.01 * low, rates
    # one of each base and its byte-identical copy goes, as an exact duplicate of the other
    assert all(clusters.get(copy, copy) == clusters.get(base, base) and (base in clusters or copy in clusters)
               for base, copy in copies)
    return clusters


def test_planted_near_duplicates_and_exact_copies(tmp_path):
    rows, pairs, copies = planted_corpus(python_files=240, seed=16)
    _check(rows, pairs, copies, tmp_path, tasks=2)


@pytest.mark.slow
def test_planted_near_duplicates_and_exact_copies_large(tmp_path):
    rows, pairs, copies = planted_corpus(python_files=900, seed=17)
    _check(rows, pairs, copies, tmp_path, tasks=4)


# --- HumanEval-X as the benchmark -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def humaneval() -> dict[str, list[dict]]:
    out = {}
    for language, (file, _fields) in HUMANEVAL_FILES.items():
        with gzip.open(HUMANEVAL / file, "rt", encoding="utf-8") as handle:
            out[language] = [json.loads(line) for line in handle]
    return out


def _benchmarks() -> tuple[BenchmarkConfig, ...]:
    return tuple(
        BenchmarkConfig(path=str(HUMANEVAL / file), name=f"humaneval-x-{language}", fields=fields, id_key="task_id",
                        language=language)
        for language, (file, fields) in HUMANEVAL_FILES.items()
    )


def test_every_planted_humaneval_solution_is_removed_naming_its_item(humaneval, tmp_path):
    rng = np.random.default_rng(0)
    real = _base_files(120)
    rows = [{"id": doc_id, "text": text, "language": language} for doc_id, language, text in real]
    planted: dict[str, tuple[str, str]] = {}  # doc id -> (benchmark, item)
    for language, records in humaneval.items():
        fields = HUMANEVAL_FILES[language][1]
        comment = "#" if language == "python" else "//"
        same_language = [text for _, lang, text in real if lang == language]
        for record in records:
            program = "".join(record[f] for f in fields)
            host = same_language[int(rng.integers(len(same_language)))]
            forms = {
                "alone": program,
                "embedded": host + "\n\n" + program + "\n\n" + host[: len(host) // 2],
                "reformatted": f"{comment} solution found online\n" + program.replace("\n", "\n\n").replace(
                    "    ", "\t"),
            }
            for form, text in forms.items():
                doc_id = f"plant:{record['task_id']}/{form}"
                rows.append({"id": doc_id, "text": text, "language": language})
                planted[doc_id] = (f"humaneval-x-{language}", record["task_id"])
    docs = write_docs(tmp_path / "docs", [rows[0::2], rows[1::2]])
    dedup_dir = run_dedup(docs[0].parent, tmp_path / "work", DedupLayout(near=None, exact=False,
                                                                          benchmarks=_benchmarks()), tasks=2)
    removed = {}
    for path in sorted((dedup_dir / "removed").glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            removed[row["id"]] = (row["benchmark"], row["benchmark_item"])
    missed = sorted(set(planted) - set(removed))
    assert not missed, f"{len(missed)} planted solutions kept: {missed[:10]}"
    # The item named is the one planted, or one with the very same code tokens (HumanEval 56 and 61 differ
    # only in their bracket characters).
    words = {}
    for language, records in humaneval.items():
        for record in records:
            text = "".join(record[f] for f in HUMANEVAL_FILES[language][1])
            words[record["task_id"]] = hash_tokens(text, language).words.tobytes()
    wrong = [(doc, removed[doc], want) for doc, want in planted.items()
             if removed[doc][0] != want[0] or words[removed[doc][1]] != words[want[1]]]
    assert not wrong, wrong[:10]
    false_positives = sorted(set(removed) - set(planted))
    print(f"real files flagged: {len(false_positives)} of {len(real)}: {false_positives}")
    assert len(false_positives) <= 0.01 * len(real), false_positives
