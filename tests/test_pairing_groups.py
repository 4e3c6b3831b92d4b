"""The grouping rules, one group at a time through both steps: drops by reason, choice, directions, outputs."""

import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from codemix.pairing import pair_id_of
from codemix.stages.pair import BucketPairCandidates, GroupPairs, bucket_of, load_used_ids
from codemix.pairing.groups import parse_error_share
from codemix.schemas.config import PairingConfig
from codemix.schemas.documents import DOCS_SCHEMA, PAIRS_TRAIN_SCHEMA
from codemix.tokens import load_tokenizer
from pairing_support import directions, doc_row, pair_member, read_folder, run_pairing_steps

PY = "def add(a, b):\n    return a + b\n"
JAVA = "class Add {\n    static int add(int a, int b) {\n        return a + b;\n    }\n}\n"
GO = "func Add(a int, b int) int {\n\treturn a + b\n}\n"
RUST = "fn add(a: i64, b: i64) -> i64 {\n    a + b\n}\n"
BROKEN_JAVA = "class Add {\n    static int add(int a, int b) {\n        return a + ;\n"
LONG_GO = GO + "".join(f"\nfunc Add{i}(a int, b int) int {{\n\treturn a + b + {i}\n}}\n" for i in range(60))

LANGUAGES = ["python", "java", "go", "rust"]


@pytest.fixture(scope="module")
def counter():
    return load_tokenizer("default")


def member(key, language, text, *, claimed="same", confidence=1.0, id=None):
    return pair_member(key, language, text, claimed=claimed, confidence=confidence, id=id)


def run(tmp_path, rows, counter, *, tasks=1, files=2, **config_fields):
    return run_pairing_steps(tmp_path, rows, tasks=tasks, files=files,
                             **{"languages": LANGUAGES, "num_buckets": 4, "max_tokens": 10_000, **config_fields})


def test_complete_group_gives_pivot_directions_in_training_and_the_rest_in_eval(tmp_path, counter):
    rows = [member("k", "python", PY), member("k", "java", JAVA), member("k", "go", GO), member("k", "rust", RUST)]
    train, evaluation, stats, _ = run(tmp_path, rows, counter)
    assert [r["language"] for r in train] == ["python->java", "java->python", "python->go", "go->python",
                                             "python->rust", "rust->python"]
    assert directions(evaluation) == sorted(f"{a}->{b}" for a in ("java", "go", "rust") for b in ("java", "go", "rust")
                                            if a != b)
    assert stats["groups"] == 1 and stats["groups_paired"] == 1 and stats["docs"] == 6 and stats["eval_pairs"] == 6


def test_missing_pivot_drops_the_group(tmp_path, counter):
    rows = [member("k", "java", JAVA), member("k", "go", GO), member("ok", "python", PY), member("ok", "go", GO)]
    train, evaluation, stats, _ = run(tmp_path, rows, counter)
    assert stats["dropped_missing_pivot"] == 1 and stats["groups"] == 2 and stats["groups_paired"] == 1
    assert {r["pair_key"] for r in train + evaluation} == {"ok"}


def test_member_is_paired_at_its_decided_label_not_its_claim(tmp_path, counter):
    # Claimed Java, decided C# by the classify stage: it sits in the C# component, so it is paired as C# when C#
    # is paired, and never as Java.
    rows = [member("k", "python", PY), member("k", "csharp", JAVA, claimed="java")]
    train, evaluation, stats, bucket_stats = run(tmp_path, rows, counter, languages=["python", "java", "go"])
    assert train == [] and evaluation == []
    assert stats["dropped_single_language"] == 1 and not [name for name in stats if "mislabelled" in name]
    assert bucket_stats["candidates"] == 1  # C# is not a paired language here: the member never reaches the group
    train, _, stats, _ = run(tmp_path / "with_csharp", rows, counter, languages=["python", "csharp"])
    assert directions(train) == ["csharp->python", "python->csharp"] and stats["groups_paired"] == 1


def test_pivot_decided_other_is_a_missing_pivot(tmp_path, counter):
    rows = [member("k", "other", PY, claimed="python"), member("k", "java", JAVA)]
    _, _, stats, _ = run(tmp_path, rows, counter)
    assert stats["dropped_missing_pivot"] == 1


def test_member_decided_another_language_leaves_the_rest_of_its_group_paired(tmp_path, counter):
    rows = [member("k", "python", PY), member("k", "java", JAVA), member("k", "rust", GO, claimed="go")]
    train, evaluation, stats, _ = run(tmp_path, rows, counter, languages=["python", "java", "go"])
    assert directions(train) == ["java->python", "python->java"] and evaluation == []
    assert stats["groups_paired"] == 1
    assert not [name for name in stats if name.startswith("dropped_")]


def test_non_parsing_member_drops_the_group(tmp_path, counter):
    rows = [member("k", "python", PY), member("k", "java", BROKEN_JAVA)]
    train, _, stats, _ = run(tmp_path, rows, counter)
    assert train == [] and stats["dropped_parse_error"] == 1 and stats["members_dropped_parse_error"] == 1


def test_parse_error_tolerance_admits_small_errors(tmp_path, counter):
    missing_semicolon = JAVA.replace("a + b;", "a + b")
    share = parse_error_share(missing_semicolon, "java")
    assert 0 < share < 0.05  # one MISSING node counts one byte
    rows = [member("k", "python", PY), member("k", "java", missing_semicolon)]
    _, _, stats, _ = run(tmp_path / "strict", rows, counter)
    assert stats["dropped_parse_error"] == 1
    train, _, stats, _ = run(tmp_path / "tolerant", rows, counter, parse_error_tolerance=share)
    assert directions(train) == ["java->python", "python->java"] and "dropped_parse_error" not in stats
    # a member mostly under ERROR nodes stays out at the same tolerance
    _, _, stats, _ = run(tmp_path / "broken", [member("k", "python", PY), member("k", "java", BROKEN_JAVA)],
                         counter, parse_error_tolerance=share)
    assert stats["dropped_parse_error"] == 1


def test_over_long_pair_is_dropped(tmp_path, counter):
    short, long_ = counter.count([PY + GO])[0], counter.count([LONG_GO])[0]
    assert long_ > 4 * short
    rows = [member("k", "python", PY), member("k", "go", LONG_GO)]
    train, _, stats, _ = run(tmp_path, rows, counter, max_tokens=2 * short + 10)
    assert train == [] and stats["dropped_too_long"] == 1 and stats["pairs_dropped_too_long"] == 1


def test_over_long_pair_leaves_the_other_pairs(tmp_path, counter):
    short = counter.count([PY + JAVA])[0]
    rows = [member("k", "python", PY), member("k", "java", JAVA), member("k", "go", LONG_GO)]
    train, evaluation, stats, _ = run(tmp_path, rows, counter, max_tokens=2 * short + 10)
    assert directions(train) == ["java->python", "python->java"]
    assert evaluation == []  # java<->go involves the over-long Go member as well
    assert stats["pairs_dropped_too_long"] == 2 and "dropped_too_long" not in stats
    assert all(r["token_count"] <= 2 * short + 10 for r in train)


def test_single_language_group_is_dropped(tmp_path, counter):
    _, _, stats, _ = run(tmp_path, [member("k", "python", PY)], counter)
    assert stats["dropped_single_language"] == 1


def test_choice_among_candidates_is_by_confidence_then_content(tmp_path, counter):
    other_py = "def add(x, y):\n    return x + y\n"
    rows = [member("k", "python", PY, confidence=0.9, id="a"), member("k", "python", other_py, confidence=0.95, id="b"),
            member("k", "java", JAVA)]
    train, _, stats, _ = run(tmp_path, rows, counter)
    assert {r["src_id"] for r in train if r["src_lang"] == "python"} == {"b"}
    assert stats["members_unused"] == 1
    # equal confidence: the smaller content sha256 wins, whatever the ids and the input order
    rows = [member("k", "python", PY, id="z"), member("k", "python", other_py, id="a"), member("k", "java", JAVA)]
    winner = min(rows[:2], key=lambda r: r["content_sha256"])["id"]
    for seed in range(3):
        random.Random(seed).shuffle(rows)
        train, _, _, _ = run(tmp_path / str(seed), rows, counter, files=3)
        assert {r["src_id"] for r in train if r["src_lang"] == "python"} == {winner}


def test_a_broken_preferred_candidate_gives_way_to_the_next(tmp_path, counter):
    fixed = JAVA.replace("Add", "Plus")
    rows = [member("k", "python", PY), member("k", "java", BROKEN_JAVA, confidence=0.99, id="broken"),
            member("k", "java", fixed, confidence=0.5, id="fixed")]
    train, _, stats, _ = run(tmp_path, rows, counter)
    assert {r["tgt_id"] for r in train if r["tgt_lang"] == "java"} == {"fixed"}
    assert stats["members_dropped_parse_error"] == 1 and stats["groups_paired"] == 1


@pytest.mark.parametrize(
    "mode, expected",
    [("pivot_to_other", ["python->go", "python->java"]), ("other_to_pivot", ["go->python", "java->python"])],
)
def test_direction_modes(tmp_path, counter, mode, expected):
    rows = [member("k", "python", PY), member("k", "java", JAVA), member("k", "go", GO)]
    train, evaluation, _, _ = run(tmp_path, rows, counter, directions=mode)
    assert directions(train) == expected and directions(evaluation) == ["go->java", "java->go"]


def test_held_out_pivot_directions_go_to_eval_only(tmp_path, counter):
    rows = [member("k", "python", PY), member("k", "java", JAVA), member("k", "go", GO)]
    train, evaluation, _, _ = run(tmp_path, rows, counter, held_out_directions=["python->go"])
    assert directions(train) == ["go->python", "java->python", "python->java"]
    assert directions(evaluation) == ["go->java", "java->go", "python->go"]
    train, evaluation, _, _ = run(tmp_path / "no-eval", rows, counter, held_out_directions=["python->go"],
                                  eval_split=False)
    assert directions(train) == ["go->python", "java->python", "python->java"] and evaluation == []


def test_used_ids_name_the_chosen_members(tmp_path, counter):
    rows = [member("k", "python", PY, id="p"), member("k", "java", JAVA, id="j"), member("k", "go", GO, id="g"),
            member("k", "go", GO + "\n// copy\n", id="g2", confidence=0.1)]
    run(tmp_path, rows, counter, held_out_directions=["python->go", "go->python"])
    used = read_folder(tmp_path / "pairs" / "used_ids").to_pylist()
    assert sorted((u["id"], u["in_train"], u["in_eval"]) for u in used) == [
        ("g", False, True), ("j", True, True), ("p", True, True)]
    assert {u["pair_id"] for u in used} == {pair_id_of("k")}
    assert load_used_ids(tmp_path / "pairs") == {"g", "j", "p"}
    assert load_used_ids(tmp_path / "pairs", include_eval=False) == {"j", "p"}


def test_every_bucket_gets_its_files_even_when_empty(tmp_path, counter):
    rows = [member("k", "python", PY), member("k", "java", JAVA)]
    run(tmp_path, rows, counter, num_buckets=5, tasks=2)
    for folder in ("train", "eval", "used_ids"):
        assert sorted(p.name for p in (tmp_path / "pairs" / folder).iterdir()) == [f"{b:05d}.parquet" for b in range(5)]
    train = pq.read_table(tmp_path / "pairs" / "train" / f"{bucket_of('k', 5):05d}.parquet")
    assert train.schema.equals(PAIRS_TRAIN_SCHEMA) and train.num_rows == 2
    assert not list((tmp_path / "pairs").rglob("*.tmp")) and not list((tmp_path / "buckets").rglob("*.tmp"))


def test_bucket_step_skips_documents_it_cannot_pair(tmp_path, counter):
    rows = [member("k", "python", PY), member("k", "java", JAVA), doc_row(id="nokey", text=PY, language="python",
            pair_key=None), member("k", "typescript", "let x: number = 1;\n", claimed=None)]
    _, _, _, bucket_stats = run(tmp_path, rows, counter)
    assert bucket_stats["docs_read"] == 4 and bucket_stats["candidates"] == 2
    assert bucket_stats["skipped_no_pair_key"] == 1 and bucket_stats["skipped_language"] == 1


def test_a_file_that_is_not_a_documents_file_is_named(tmp_path, counter):
    docs = tmp_path / "docs"
    docs.mkdir()
    pq.write_table(pa.table({"id": ["a"], "text": pa.array(["x"], pa.large_string())}), docs / "00000.parquet")
    step = BucketPairCandidates(docs_dir=docs, buckets_dir=tmp_path / "b", config=PairingConfig())
    with pytest.raises(ValueError, match=r"00000\.parquet: not a documents file: column 'source' is missing"):
        list(step.run(None, 0, 1))
    row = doc_row(id="a", text=PY, language="python", pair_key="k")
    table = pa.Table.from_pylist([row], schema=DOCS_SCHEMA).set_column(7, "token_count", pa.array(["many"]))
    pq.write_table(table, docs / "00000.parquet")
    with pytest.raises(ValueError, match=r"00000\.parquet: column 'token_count' has type string, expected int64"):
        list(step.run(None, 0, 1))


def test_left_over_bucket_files_are_an_error_not_duplicates(tmp_path, counter):
    rows = [member("k", "python", PY), member("k", "java", JAVA)]
    run(tmp_path, rows, counter, tasks=1)
    bucket = tmp_path / "buckets" / f"{bucket_of('k', 4):05d}"
    (bucket / "00000-00000.parquet").rename(bucket / "00007-00000.parquet")  # as if a run with 8 tasks wrote it
    step = BucketPairCandidates(docs_dir=tmp_path / "docs", buckets_dir=tmp_path / "buckets",
                                config=PairingConfig(languages=LANGUAGES, num_buckets=4))
    list(step.run(None, 0, 1))
    group = GroupPairs(buckets_dir=tmp_path / "buckets", pairs_dir=tmp_path / "pairs2",
                       config=PairingConfig(languages=LANGUAGES, num_buckets=4), tokenizer="default")
    with pytest.raises(ValueError, match="appears twice"):
        list(group.run(None, 0, 1))


def test_small_buffers_write_more_parts_and_the_same_pairs(tmp_path, counter):
    rows = [member(str(k), lang, text) for k in range(30) for lang, text in
            (("python", PY), ("java", JAVA), ("go", GO))]
    train, evaluation, _, _ = run(tmp_path / "big", rows, counter)
    config = PairingConfig(languages=LANGUAGES, num_buckets=4, max_tokens=10_000)
    small = BucketPairCandidates(docs_dir=tmp_path / "big" / "docs", buckets_dir=tmp_path / "small" / "buckets",
                                 config=config, batch_rows=7, max_buffer_bytes=2_000)
    list(small.run(None, 0, 1))
    parts = list((tmp_path / "small" / "buckets").rglob("*.parquet"))
    assert len(parts) > 4 * 2  # several parts per bucket
    group = GroupPairs(buckets_dir=tmp_path / "small" / "buckets", pairs_dir=tmp_path / "small" / "pairs",
                       config=config, tokenizer="default")
    list(group.run(None, 0, 1))
    assert read_folder(tmp_path / "small" / "pairs" / "train").to_pylist() == train
    assert read_folder(tmp_path / "small" / "pairs" / "eval").to_pylist() == evaluation
    assert len(train) == 30 * 4


def test_bucketing_reads_texts_only_of_row_groups_holding_a_candidate(tmp_path, monkeypatch):
    """Most documents have no pair key: a row group without a candidate is read for its pair key, language and
    path only."""
    rows = [doc_row(id=f"d{i:03d}", text=f"x = {i}\n", language="python", pair_key=None) for i in range(40)]
    rows[25]["pair_key"] = "k"  # one candidate, in the third row group
    docs = tmp_path / "docs"
    docs.mkdir()
    pq.write_table(pa.Table.from_pylist(rows, schema=DOCS_SCHEMA), docs / "00000.parquet", row_group_size=10)
    reads = []
    original = pq.ParquetFile.read_row_group

    def recording(self, group, columns=None, **kwargs):
        reads.append((group, "text" in (columns or [])))
        return original(self, group, columns=columns, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "read_row_group", recording)
    step = BucketPairCandidates(docs_dir=docs, buckets_dir=tmp_path / "buckets",
                                config=PairingConfig(languages=LANGUAGES, num_buckets=4))
    assert step.max_buffer_bytes == 16 << 20  # the buffer docs/scale.md names
    list(step.run(None, 0, 1))
    assert [group for group, with_text in reads if with_text] == [2]
    assert sorted(group for group, with_text in reads if not with_text) == [0, 1, 2, 3]
    written = pa.concat_tables(pq.read_table(p) for p in sorted((tmp_path / "buckets").rglob("*.parquet")))
    assert written.column("id").to_pylist() == ["d025"] and written.column("text").to_pylist() == ["x = 25\n"]
