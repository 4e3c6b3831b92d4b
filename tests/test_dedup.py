"""Dedup pieces on real code: shingles, MinHash, benchmark matching, and the four stages run in this process."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from codemix.dedup.benchmarks import BenchmarkError, BenchmarkIndex, read_items
from codemix.dedup.minhash import MinHashScheme, estimated_jaccard, signature
from codemix.dedup.shingles import hash_tokens, jaccard, ngram_hashes, shingles, strip_comments, tokens
from codemix.schemas.config import BenchmarkConfig, NearDedupConfig
from codemix.stages.dedup import DedupLayout, keep_mask, read_removed
from codemix.stages.rejects import read_rejects
from dedup_support import run_dedup, write_docs

REPO = Path(__file__).resolve().parent.parent
TASKS = REPO / "examples" / "corpus" / "tasks"
NEAR = NearDedupConfig()
FILE_OF = {"python": "main.py", "java": "Main.java", "javascript": "main.js", "typescript": "main.ts",
           "csharp": "Program.cs", "go": "main.go", "rust": "main.rs"}


def task(name: str, language: str) -> str:
    return (TASKS / name / FILE_OF[language]).read_text(encoding="utf-8")


# --- shingles ---------------------------------------------------------------------------------------------
def test_comments_go_string_literals_stay():
    python = 'url = "http://example.com#frag"  # a comment\nx = 1 # another\n'
    assert strip_comments(python, "python").split() == ['url', '=', '"http://example.com#frag"', 'x', '=', '1']
    java = 'String s = "a // b /* c */"; // gone\n/* block\n comment */ int x = 2;\n'
    assert tokens(java, "java") == ["String", "s", "=", '"', "a", "/", "/", "b", "/", "*", "c", "*", "/", '"', ";",
                                    "int", "x", "=", "2", ";"]
    # `other` has no known comment syntax: nothing is removed
    assert "#" in tokens("# heading\ntext\n", "other")


def test_tokens_are_words_and_single_punctuation_and_non_ascii_words():
    assert tokens("a+=b->c; déjà_vu == 1.5", "rust") == ["a", "+", "=", "b", "-", ">", "c", ";", "déjà_vu", "=", "=",
                                                          "1", ".", "5"]


@pytest.mark.parametrize("language", sorted(FILE_OF))
def test_whitespace_and_comment_edits_leave_the_shingles_unchanged(language):
    text = task("dijkstra", language)
    comment = "#" if language == "python" else "//"
    edited = re.sub(r"\n", "\n\n", text)  # blank lines everywhere
    edited = re.sub(r"^( +)", r"\1\1", edited, flags=re.MULTILINE)  # twice the indentation
    edited = f"{comment} a header comment that was not there\n" + edited.replace("\n\n", f"  {comment} note\n\n", 3)
    assert edited != text
    assert np.array_equal(hash_tokens(edited, language).all, hash_tokens(text, language).all)


def test_ngram_hashes_short_documents_and_bounds():
    hashes = hash_tokens("a b c", "python").all
    assert len(ngram_hashes(hashes, 5, whole_if_shorter=True)) == 1
    assert len(ngram_hashes(hashes, 5, whole_if_shorter=False)) == 0
    assert len(ngram_hashes(hashes, 2, whole_if_shorter=False)) == 2
    with pytest.raises(ValueError):
        ngram_hashes(hashes, 0, whole_if_shorter=True)


def test_the_demo_near_duplicate_is_near_on_code_shingles():
    original = (TASKS / "dijkstra" / "main.py").read_text()
    near = (REPO / "examples" / "corpus" / "misc" / "duplicates" / "main_near.py").read_text()
    similarity = jaccard(shingles(original, "python", 5), shingles(near, "python", 5))
    assert 0.9 <= similarity < 1.0  # the reworded comment does not count; the renamed variable does


# --- MinHash ----------------------------------------------------------------------------------------------
def _line_variants() -> list[tuple[float, float]]:
    """(exact Jaccard, estimated Jaccard) for real files and copies with some lines deleted."""
    rng = np.random.default_rng(0)
    scheme = MinHashScheme()
    out = []
    for path in sorted((REPO / "src" / "codemix").rglob("*.py")):
        lines = path.read_text().split("\n")
        if len(lines) < 20:
            continue
        drop = rng.choice(len(lines), size=int(rng.integers(1, len(lines) // 3)), replace=False)
        variant = "\n".join(line for i, line in enumerate(lines) if i not in set(drop.tolist()))
        a, b = shingles("\n".join(lines), "python", 5), shingles(variant, "python", 5)
        out.append((jaccard(a, b), float(estimated_jaccard(signature(a, scheme), signature(b, scheme)))))
    return out


def test_estimated_jaccard_is_unbiased_and_as_tight_as_256_permutations():
    pairs = np.array(_line_variants())
    errors = pairs[:, 1] - pairs[:, 0]
    assert len(pairs) >= 40
    assert abs(errors.mean()) < 0.01
    # the standard error of a 256-value estimate is at most 0.5 / 16 = 0.031
    assert errors.std() < 0.035


def test_signatures_of_tiny_and_identical_sets():
    scheme = MinHashScheme()
    one = signature(np.array([12345], dtype=np.uint64), scheme)
    assert one is not None and len(set(one.tolist())) == 1  # every bin borrows the one value
    assert signature(np.empty(0, dtype=np.uint64), scheme) is None
    text = task("word_count", "go")
    assert np.array_equal(signature(shingles(text, "go", 5), scheme), signature(shingles(text, "go", 5), scheme))
    other = signature(np.array([12345, 999], dtype=np.uint64), scheme)
    assert 0.2 < estimated_jaccard(one, other) < 0.8  # Jaccard 1/2


def test_scheme_validation_and_candidate_curve():
    from scipy.stats import binom

    with pytest.raises(ValueError):
        MinHashScheme(num_perm=256, bands=30)
    # LSH alone: 20 bands of 12 keeps 0.5 under 1% but misses pairs at 0.8 and 0.85 (docs/dedup.md)
    alone = MinHashScheme(num_perm=240, bands=20)
    assert alone.candidate_probability(0.5) < 0.01
    assert 0.95 < alone.candidate_probability(0.85) < 0.96 and 0.75 < alone.candidate_probability(0.8) < 0.77
    scheme = MinHashScheme(num_perm=256, bands=32)
    assert scheme.rows == 8
    assert scheme.candidate_probability(0.85) > 0.9999 and 0.85 < scheme.candidate_probability(0.7) < 0.851
    # verification: at least 180 of 256 equal values
    assert binom.sf(179, 256, 0.5) < 1e-10 and binom.cdf(179, 256, 0.85) < 1e-9


# --- benchmarks ---------------------------------------------------------------------------------------------
def _benchmark_file(tmp_path: Path, rows: list[dict], name: str = "bench.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_benchmark_items_and_errors_name_the_file_and_row(tmp_path):
    good = _benchmark_file(tmp_path, [{"id": "T/0", "a": "x = 1\n", "b": "y = 2\n"}])
    items = read_items(BenchmarkConfig(path=str(good), fields=["a", "b"], id_key="id"))
    assert [(i.id, i.text) for i in items] == [("T/0", "x = 1\ny = 2\n")]
    bad = _benchmark_file(tmp_path, [{"a": "x"}, {"b": "y"}], "bad.jsonl")
    with pytest.raises(BenchmarkError, match=r"bad.jsonl: row 1: field 'a' is missing"):
        read_items(BenchmarkConfig(path=str(bad), fields=["a"]))
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"a": "x"}\n{not json\n')
    with pytest.raises(BenchmarkError, match=r"broken.jsonl: row 1: not valid JSON"):
        read_items(BenchmarkConfig(path=str(broken), fields=["a"]))
    parquet = tmp_path / "items.parquet"
    import pyarrow as pa

    pq.write_table(pa.table({"code": ["def f():\n    return 1\n"]}), parquet)
    assert read_items(BenchmarkConfig(path=str(parquet), fields=["code"]))[0].id == "items.parquet:0"


def test_template_ngrams_are_dropped_and_short_items_match_whole(tmp_path):
    header = ("import java.util.*;\nimport java.lang.*;\nimport java.util.stream.*;\nimport java.math.*;\n\n"
              "class Solution {\n    // boilerplate of every item\n")
    rows = [{"id": f"Java/{i}", "code": header + body} for i, body in enumerate([
        "    public int addTwoNumbersTogether(int first, int second) {\n        int total = first;\n"
        "        for (int step = 0; step < second; step++) { total += 1; }\n        return total;\n    }\n}\n",
        "    public String reverseTheGivenWord(String word) {\n        StringBuilder builder = new StringBuilder(word);\n"
        "        String reversed = builder.reverse().toString();\n        return reversed.trim();\n    }\n}\n",
        "    public boolean isPalindromeNumber(int value) {\n        String digits = Integer.toString(value);\n"
        "        String back = new StringBuilder(digits).reverse().toString();\n        return digits.equals(back);\n"
        "    }\n}\n",
    ])]
    rows.append({"id": "Java/short", "code": "int tinyHelperName(int z) { return z; }"})
    index = BenchmarkIndex(BenchmarkConfig(path=str(tmp_path), fields=["code"], language="java", ngram_tokens=13),
                           read_items(BenchmarkConfig(path=str(_benchmark_file(tmp_path, rows)), fields=["code"],
                                                      id_key="id", language="java")))
    assert index.template_ngrams > 0 and index.unmatchable_items == []
    words = lambda text: hash_tokens(text, "java").words  # noqa: E731
    # a file with only the shared header is not contaminated
    assert index.match(words(header + "    void unrelated() {}\n}\n")) is None
    match = index.match(words("class Mine {\n" + rows[1]["code"][len(header):]))
    assert match is not None and match.item == "Java/1"
    # an item shorter than n is matched as a whole run of its tokens
    assert index.match(words("class A { int tinyHelperName(int z) {\n  return z;\n} }")).item == "Java/short"
    assert index.match(words("class A { int tinyHelperName(int y) { return y; } }")) is None


def test_min_fraction_asks_for_a_share_of_the_items_ngrams(tmp_path):
    program = task("roman_numerals", "python")
    items = read_items(BenchmarkConfig(path=str(_benchmark_file(tmp_path, [{"code": program}])), fields=["code"]))
    half = "\n".join(program.split("\n")[: len(program.split("\n")) // 3])
    words = hash_tokens(half, "python").words
    assert BenchmarkIndex(BenchmarkConfig(path="x", fields=["code"], language="python"), items).match(words)
    strict = BenchmarkConfig(path="x", fields=["code"], language="python", min_fraction=0.9)
    assert BenchmarkIndex(strict, items).match(words) is None
    assert BenchmarkIndex(strict, items).match(hash_tokens(program, "python").words).item_fraction == 1.0


# --- the stages -------------------------------------------------------------------------------------------
def _rename(text: str, old: str, new: str) -> str:
    return re.sub(rf"\b{re.escape(old)}\b", new, text)


def _corpus() -> list[dict]:
    """The demo tasks (7 languages) with planted copies: exact, near (renamed), a cross-language twin, and a
    task's near copy whose only difference is a comment (near on tokens, not exact)."""
    rows = []
    for name in sorted(p.name for p in TASKS.iterdir()):
        for language, file in FILE_OF.items():
            rows.append({"id": f"demo:tasks/{name}/{file}", "text": task(name, language), "language": language,
                         "pair_key": f"tasks/{name}"})
    rows += [
        {"id": "demo:a/exact.py", "text": task("fizzbuzz", "python"), "language": "python", "pair_key": "a"},
        {"id": "demo:z/exact_too.py", "text": task("fizzbuzz", "python"), "language": "python"},
        {"id": "demo:b/near.go", "text": _rename(task("merge_sort", "go"), "left", "lhs"), "language": "go"},
        {"id": "demo:c/comment.rs", "text": "// one more comment\n" + task("lru_cache", "rust"), "language": "rust"},
        # the JavaScript program labelled TypeScript: not a near duplicate across languages; an exact copy is
        {"id": "demo:d/twin.ts", "text": task("caesar_cipher", "javascript") + "\nexport {};\n", "language": "typescript"},
        {"id": "demo:e/copy.ts", "text": task("roman_numerals", "javascript"), "language": "typescript"},
    ]
    return rows


PAIRED = DedupLayout(near=NEAR, exact=True, pivot="python", pairing_languages=tuple(FILE_OF))


def _removed(dedup_dir: Path) -> dict[str, tuple[str, str | None]]:
    out = {}
    for path in sorted((dedup_dir / "removed").glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            out[row["id"]] = (row["reason"], row["duplicate_of"] or row["benchmark_item"])
    return out


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("planted")
    rows = _corpus()
    results = {}
    for tasks in (1, 2, 4):
        parts = [rows[i::tasks] for i in range(tasks)]
        docs = write_docs(tmp / f"docs{tasks}", parts)
        results[tasks] = (docs, run_dedup(docs[0].parent, tmp / f"work{tasks}", PAIRED, tasks=tasks))
    return results


def test_planted_copies_are_removed_naming_the_copy_kept(planted):
    _, dedup_dir = planted[1]
    removed = _removed(dedup_dir)
    assert removed == {
        "demo:a/exact.py": ("exact_duplicate", "demo:tasks/fizzbuzz/main.py"),
        "demo:z/exact_too.py": ("exact_duplicate", "demo:tasks/fizzbuzz/main.py"),
        "demo:b/near.go": ("near_duplicate", "demo:tasks/merge_sort/main.go"),
        "demo:c/comment.rs": ("near_duplicate", "demo:tasks/lru_cache/main.rs"),
        "demo:e/copy.ts": ("exact_duplicate", "demo:tasks/roman_numerals/main.js"),
    }
    records = {r["id"]: r for r in read_rejects(dedup_dir.parent / "rejected")}
    assert records["demo:b/near.go"]["stage"] == "dedup"
    assert re.fullmatch(r"near duplicate of demo:tasks/merge_sort/main\.go \(estimated Jaccard similarity 0\.\d\d\)",
                        records["demo:b/near.go"]["detail"])


def test_removals_do_not_depend_on_the_task_count(planted):
    assert _removed(planted[1][1]) == _removed(planted[2][1]) == _removed(planted[4][1])


def test_keep_mask_hides_exactly_the_removed_rows(planted):
    docs, dedup_dir = planted[2]
    seen = set()
    for path in docs:
        ids = pq.read_table(path, columns=["id"]).column("id").to_pylist()
        mask = keep_mask(path, dedup_dir=dedup_dir)
        removed = set(read_removed(dedup_dir, path, ["id"]).column("id").to_pylist())
        assert {i for i, keep in zip(ids, mask) if not keep} == removed
        seen |= {i for i, keep in zip(ids, mask) if keep}
    assert "demo:tasks/fizzbuzz/main.py" in seen and "demo:d/twin.ts" in seen
    assert keep_mask(docs[0], dedup_dir=None).all()
    with pytest.raises(FileNotFoundError, match="run the dedup stages first"):
        keep_mask(docs[0], dedup_dir=dedup_dir.parent / "nowhere")


def test_a_rerun_after_a_killed_write_ignores_its_temporary_files(tmp_path):
    docs = write_docs(tmp_path / "docs", [_corpus()[:30]])
    work = tmp_path / "work"
    first = _removed(run_dedup(docs[0].parent, work, PAIRED))
    # what a SIGKILL inside an atomic write leaves: temporary files beside the final names
    for folder in ("minhash/bucket_000", "minhash/bucket_032", "signatures", "clusters", "removed"):
        (work / "dedup" / folder / ".00000.minhash.sig.abc123.tmp").write_bytes(b"partial")
    assert _removed(run_dedup(docs[0].parent, work, PAIRED)) == first
    assert not list((work / "dedup").rglob("*.tmp"))


def test_contamination_wins_over_duplication_and_survivors_are_clean(tmp_path):
    program = task("binary_search", "python")
    bench = _benchmark_file(tmp_path, [{"task": "B/1", "code": program}])
    rows = [
        {"id": "a:bench_copy.py", "text": program, "language": "python"},
        {"id": "b:bench_copy_too.py", "text": program, "language": "python"},
        {"id": "c:clean.py", "text": task("gcd_lcm", "python"), "language": "python"},
    ]
    docs = write_docs(tmp_path / "docs", [rows])
    layout = DedupLayout(near=NEAR, exact=True, benchmarks=(
        BenchmarkConfig(path=str(bench), name="mini", fields=["code"], id_key="task", language="python"),))
    dedup_dir = run_dedup(docs[0].parent, tmp_path / "work", layout)
    assert _removed(dedup_dir) == {"a:bench_copy.py": ("benchmark_contamination", "B/1"),
                                   "b:bench_copy_too.py": ("benchmark_contamination", "B/1")}
    record = next(r for r in read_rejects(tmp_path / "work" / "rejected") if r["id"] == "a:bench_copy.py")
    assert (record["benchmark"], record["benchmark_item"]) == ("mini", "B/1")
    assert record["detail"].startswith("shares ") and "mini item B/1" in record["detail"]


def test_clusters_compared_a_few_pairs_at_a_time_write_the_same_bytes(planted, tmp_path, monkeypatch):
    """The cluster stage compares signatures a chunk of candidate pairs at a time, read from the mapped signature
    files for that chunk only: a chunk of 2 pairs writes the same clusters as the default chunk."""
    import codemix.stages.dedup as dedup_module

    docs, dedup_dir = planted[2]
    assert dedup_module._PAIRS_PER_CHUNK == 1024  # the chunk docs/dedup.md names
    monkeypatch.setattr(dedup_module, "_PAIRS_PER_CHUNK", 2)
    small = run_dedup(docs[0].parent, tmp_path / "work", PAIRED, tasks=2)
    clusters = sorted(p.name for p in (dedup_dir / "clusters").iterdir())
    assert clusters and clusters == sorted(p.name for p in (small / "clusters").iterdir())
    assert all((small / "clusters" / name).read_bytes() == (dedup_dir / "clusters" / name).read_bytes()
               for name in clusters)


def test_signature_rows_are_the_saved_rows_of_each_file(tmp_path):
    from codemix.stages.dedup import SignatureRows

    rng = np.random.default_rng(7)
    matrices = {3: rng.integers(0, 2**32, size=(5, 256), dtype=np.uint32),
                8: rng.integers(0, 2**32, size=(2000, 256), dtype=np.uint32)}
    for number, matrix in matrices.items():
        np.save(tmp_path / f"{number}.npy", matrix)
    file_of = np.array([8, 3, 8, 3, 8])
    row_of = np.array([1999, 0, 17, 4, 0])
    nodes = np.array([4, 0, 1, 3, 2, 0])
    expected = np.stack([matrices[file_of[n]][row_of[n]] for n in nodes])
    with SignatureRows({n: tmp_path / f"{n}.npy" for n in matrices}, file_of=file_of, row_of=row_of) as reader:
        assert np.array_equal(reader.rows(nodes), expected)
        assert np.array_equal(reader.rows(nodes[::-1]), expected[::-1])
    with SignatureRows({3: tmp_path / "3.npy"}, file_of=np.array([3]), row_of=np.array([5])) as reader:
        with pytest.raises(ValueError, match="row 5 is outside its file's 5 rows"):
            reader.rows(np.array([0]))


def test_star_pairs_read_one_band_at_a_time(tmp_path):
    """The cluster stage merges each band's pairs into the distinct pairs so far: its memory is one band's
    candidates and the distinct pairs (near duplicates share many bands), not every band's candidates. The pairs
    are each band group's members with the group's first member by the survivor rank, a pair found in the exact
    band flagged exact."""
    import tracemalloc

    from codemix.stages.dedup import DUPS_DIR, ClusterDuplicates, _DUPS_DTYPE, _node_keys

    rng = np.random.default_rng(3)
    bands, exact_band = 24, 23
    layout = DedupLayout(near=NearDedupConfig(num_perm=46, bands=23), exact=True)
    assert layout.exact_band == exact_band
    files, rows = rng.integers(0, 4, size=6_000), rng.permutation(6_000)
    keys = np.unique(_node_keys(files, rows))
    groups = np.split(rng.permutation(len(keys)), np.cumsum(rng.integers(2, 7, size=len(keys) // 4)))
    groups = [g for g in groups if len(g) >= 2]
    (tmp_path / DUPS_DIR).mkdir()
    member_bytes = 0
    for band in range(bands):
        # each band holds most groups again, a member or two dropped: copies share bands
        records = []
        for group in groups:
            members = np.sort(keys[group[rng.random(len(group)) < 0.9]])
            for first, second in zip(members[:-1], members[1:]):
                records.append((int(first >> 32), int(first & 0xFFFFFFFF), int(second >> 32), int(second & 0xFFFFFFFF)))
                member_bytes += 2 * 16  # a group index and a key per member, as the stage holds them
        np.array(records, dtype=_DUPS_DTYPE).tofile(tmp_path / DUPS_DIR / f"{band:03d}_00.dups")
    stage = ClusterDuplicates(docs_dir=tmp_path, dedup_dir=tmp_path, layout=layout)
    band_files = stage._band_files()
    nodes = stage._nodes(band_files)
    rank_of = rng.permutation(len(nodes))
    tracemalloc.start()
    head, tail, exact = stage._star_pairs(band_files, nodes, rank_of)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < member_bytes / 4, (peak, member_bytes)

    expected: dict[tuple[int, int], bool] = {}
    for band, path in band_files:
        pairs = np.fromfile(path, dtype=_DUPS_DTYPE)
        parent: dict[int, int] = {}
        for f1, d1, f2, d2 in pairs.tolist():  # rebuild the chains of the band's groups
            a, b = (f1 << 32) | d1, (f2 << 32) | d2
            parent[b] = parent.get(a, a)
        chains: dict[int, set[int]] = {}
        for member, root in parent.items():
            chains.setdefault(root, {root}).add(member)
        for members in chains.values():
            index = sorted(int(np.searchsorted(nodes, np.uint64(m))) for m in members)
            first = min(index, key=lambda i: rank_of[i])
            for other in index:
                if other != first:
                    expected[(first, other)] = expected.get((first, other), False) or band == exact_band
    got = {(int(h), int(t)): bool(e) for h, t, e in zip(head, tail, exact)}
    assert got == expected


def test_token_hashes_do_not_depend_on_the_segment_they_were_hashed_in(monkeypatch):
    """hash_tokens works through a long text in segments of whole tokens (its memory is a segment's): any segment
    size gives the same hashes, and the shipped one is 64 KiB."""
    import codemix.dedup.shingles as shingles_module

    assert shingles_module.HASH_SEGMENT_BYTES == 1 << 16
    text = Path(shingles_module.__file__).read_text() * 10  # real code, more than one 64 KiB segment
    whole = hash_tokens(text, "python")
    for segment in (7, 1_000, 1 << 30):
        monkeypatch.setattr(shingles_module, "HASH_SEGMENT_BYTES", segment)
        again = hash_tokens(text, "python")
        assert np.array_equal(again.all, whole.all) and np.array_equal(again.is_word, whole.is_word)
    assert len(text) > 1 << 16 and len(whole.all) > 20_000
