"""What a language's documents in a group become (`members: program | largest_file | single_file`): program order,
path comments, alternatives of one file, broken files, files that are no code, length of whole programs, and the
per-direction drops the pair quality report counts."""

import json

import pytest

from codemix import languages
from codemix.pairing import pair_id_of
from codemix.pairing.programs import Member, Program, program_order, shown_paths
from codemix.stages.pair import load_pair_quality, load_used_ids
from codemix.tokens import load_tokenizer
from pairing_support import directions, pair_member, read_folder, run_pairing_steps

PY = "def add(a, b):\n    return a + b\n"
PY_MAIN = "from tool.util import add\n\n\ndef main():\n    print(add(1, 2))\n"
JAVA_BOB = "class Bob {\n    String hey(String s) {\n        return Coordinate.of(s).toString().trim().toUpperCase();\n    }\n}\n"
JAVA_COORDINATE = "class Coordinate {\n    static Coordinate of(String s) {\n        return new Coordinate();\n    }\n}\n"
JAVA_MAIN = "public class Zeta {\n    public static void main(String[] args) {\n        Alpha.run();\n    }\n}\n"
JAVA_ALPHA = "class Alpha {\n    static void run() {\n        System.out.println(3);\n    }\n}\n"
BROKEN_JAVA = "class Broken {\n    static int add(int a, int b) {\n        return a + ;\n"
GO_MAIN = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(Add(1, 2))\n}\n"
GO_HELPERS = "package main\n\nfunc Add(a int, b int) int {\n\treturn a + b\n}\n"
RUST_LIB = "pub mod geometry;\n\npub fn add(a: i64, b: i64) -> i64 {\n    a + b\n}\n"
RUST_MAIN = "fn main() {\n    println!(\"{}\", tool::add(1, 2));\n}\n"
RUST_SHAPES = "pub fn area(w: i64, h: i64) -> i64 {\n    w * h\n}\n"

LANGUAGES = ["python", "java", "go", "rust"]


def run(tmp_path, rows, **config_fields):
    return run_pairing_steps(tmp_path, rows, **{"languages": LANGUAGES, "num_buckets": 4, "max_tokens": 10_000,
                                                **config_fields})


def file(key, language, path, text, **kwargs):
    return pair_member(key, language, text, path=path, id=kwargs.pop("id", path), **kwargs)


def row_of(rows, direction):
    return next(r for r in rows if f"{r['src_lang']}->{r['tgt_lang']}" == direction)


def test_a_program_of_several_files_is_one_member_entry_points_first_then_by_path(tmp_path):
    rows = [
        file("k", "python", "repo/tool/util.py", PY), file("k", "python", "repo/tool/__main__.py", PY_MAIN),
        file("k", "java", "repo/java/Coordinate.java", JAVA_COORDINATE),
        file("k", "java", "repo/java/Bob.java", JAVA_BOB),
        file("k", "go", "repo/go/helpers.go", GO_HELPERS), file("k", "go", "repo/go/main.go", GO_MAIN),
        file("k", "rust", "repo/rust/src/geometry/shapes.rs", RUST_SHAPES),
        file("k", "rust", "repo/rust/src/main.rs", RUST_MAIN), file("k", "rust", "repo/rust/src/lib.rs", RUST_LIB),
    ]
    train, evaluation, stats, _ = run(tmp_path, rows)
    python = "# __main__.py\n" + PY_MAIN.rstrip() + "\n\n# util.py\n" + PY.rstrip()
    java = "// Bob.java\n" + JAVA_BOB.rstrip() + "\n\n// Coordinate.java\n" + JAVA_COORDINATE.rstrip()  # no main: paths
    go = "// main.go\n" + GO_MAIN.rstrip() + "\n\n// helpers.go\n" + GO_HELPERS.rstrip()
    rust = ("// lib.rs\n" + RUST_LIB.rstrip() + "\n\n// main.rs\n" + RUST_MAIN.rstrip()
            + "\n\n// geometry/shapes.rs\n" + RUST_SHAPES.rstrip())
    assert row_of(train, "python->java")["text"] == python + "\n\n" + java + "\n"
    assert row_of(train, "go->python")["text"] == go + "\n\n" + python + "\n"
    held_out = row_of(evaluation, "rust->go")
    assert (held_out["source_text"], held_out["target_text"]) == (rust, go)
    # the pair records its programs' first files; the used ids name every file
    assert (row_of(train, "python->rust")["src_id"], row_of(train, "python->rust")["tgt_id"]) == (
        "repo/tool/__main__.py", "repo/rust/src/lib.rs")
    assert load_used_ids(tmp_path / "pairs") == {r["id"] for r in rows}
    used = read_folder(tmp_path / "pairs" / "used_ids").to_pylist()
    assert [u["id"] for u in used if u["language"] == "rust"] == [
        "repo/rust/src/lib.rs", "repo/rust/src/main.rs", "repo/rust/src/geometry/shapes.rs"]
    assert stats["groups_paired"] == 1 and not [name for name in stats if "dropped" in name or "unused" in name]


def test_a_main_definition_makes_a_file_an_entry_point_whatever_its_name():
    files = [Member(id=p, text=t, language="java", claimed_language=None, language_confidence=1.0,
                    content_sha256="", pair_key="k", path=p) for p, t in
             (("x/Alpha.java", JAVA_ALPHA), ("x/Zeta.java", JAVA_MAIN), ("x/Beta.java", JAVA_COORDINATE))]
    assert [m.path for m in program_order(files, "java")] == ["x/Zeta.java", "x/Alpha.java", "x/Beta.java"]
    program = Program.of("java", files)
    assert program.text.startswith("// Zeta.java\npublic class Zeta {") and program.first_id == "x/Zeta.java"
    # one file: its text as it is, without a path comment
    assert Program.of("java", files[:1]).text == JAVA_ALPHA


@pytest.mark.parametrize(
    "language, entry_files, other_file",
    [("python", ["__main__.py", "main.py"], "a.py"), ("java", ["Main.java"], "A.java"),
     ("javascript", ["index.js", "main.js"], "a.js"), ("typescript", ["index.ts", "main.ts"], "a.ts"),
     ("csharp", ["Program.cs"], "A.cs"), ("go", ["main.go"], "a.go"), ("rust", ["main.rs", "lib.rs"], "a.rs")],
)
def test_entry_file_names_of_every_language_come_first(language, entry_files, other_file):
    files = [Member(id=name, text="x", language=language, claimed_language=None, language_confidence=1.0,
                    content_sha256="", pair_key="k", path=f"p/{name}") for name in [other_file, *entry_files]]
    assert [m.id for m in program_order(files, language)] == sorted(entry_files) + [other_file]
    assert languages.get(language).entry_file_names  # every built-in language says what starts a program


@pytest.mark.parametrize(
    "language, main_file",
    [("python", 'import sys\n\nif __name__ == "__main__":\n    sys.exit(0)\n'),
     ("java", "class Z {\n    static public void main(String... args) {}\n}\n"),
     ("java", "class Z {\n    // public static void main(String[] args) was here\n}\n"),  # a regex: comments count
     ("javascript", "if (require.main === module) {\n  run();\n}\n"),
     ("typescript", "if (require.main == module) run();\n"),
     ("csharp", "class Z {\n    static async Task<int> Main(string[] args) => 0;\n}\n"),
     ("go", "package main\n\nfunc main() {\n}\n"),
     ("rust", "fn main() {\n}\n")],
)
def test_a_main_definition_of_every_language_makes_an_entry_point(language, main_file):
    extension = languages.get(language).extensions[0]
    files = [Member(id=name, text=text, language=language, claimed_language=None, language_confidence=1.0,
                    content_sha256="", pair_key="k", path=f"p/{name}{extension}")
             for name, text in (("a", "x\n"), ("z", main_file))]
    assert [m.id for m in program_order(files, language)] == ["z", "a"]


def test_order_by_path_is_by_code_point_and_a_registered_language_brings_its_own_entry_points():
    files = [Member(id=p, text="x", language="java", claimed_language=None, language_confidence=1.0,
                    content_sha256="", pair_key="k", path=p) for p in ("bob.java", "Coordinate.java", "Bob.java")]
    assert [m.id for m in program_order(files, "java")] == ["Bob.java", "Coordinate.java", "bob.java"]
    spec = languages.LanguageSpec(name="zig_like", display_name="Zig", extensions=(".zl",),
                                  grammar=languages.GrammarRef("none"), line_comment="//", fence="zig",
                                  entry_file_names=("build.zl",), entry_pattern=r"^pub fn main\(")
    with languages.registered(spec):
        files = [Member(id=p, text=t, language="zig_like", claimed_language=None, language_confidence=1.0,
                        content_sha256="", pair_key="k", path=p)
                 for p, t in (("a.zl", "x"), ("m.zl", "pub fn main() void {}"), ("build.zl", "x"))]
        assert [m.id for m in program_order(files, "zig_like")] == ["build.zl", "m.zl", "a.zl"]
        assert Program.of("zig_like", files).text.startswith("// build.zl\nx\n\n// m.zl\n")
    with pytest.raises(ValueError, match="entry_pattern is not a regular expression"):
        languages.LanguageSpec(name="bad", display_name="Bad", extensions=(".bad",), grammar=languages.GrammarRef("x"),
                               line_comment="#", fence="bad", entry_pattern="(")


def test_shown_paths_are_relative_to_the_shared_directory():
    assert shown_paths(["a/b/X.java", "a/b/c/Y.java"]) == ["X.java", "c/Y.java"]
    assert shown_paths(["src\\lib.rs", "src\\main.rs"]) == ["lib.rs", "main.rs"]
    assert shown_paths(["x.py", "pkg/y.py"]) == ["x.py", "pkg/y.py"]
    assert shown_paths(["a/x/1.go", "a/y/2.go"]) == ["x/1.go", "y/2.go"]


def test_files_at_one_path_are_alternatives_of_one_file(tmp_path):
    # The same path twice (two inputs with the same layout): the more confident copy is the file.
    other_add = "def add(x, y):\n    return x + y\n"
    rows = [file("k", "python", "t/util.py", PY, id="low", confidence=0.6),
            file("k", "python", "t/util.py", other_add, id="high", confidence=0.9),
            file("k", "python", "t/main.py", PY_MAIN), file("k", "java", "t/Bob.java", JAVA_BOB)]
    train, _, stats, _ = run(tmp_path, rows)
    text = row_of(train, "python->java")["text"]
    assert text.startswith("# main.py\n") and "# util.py\n" + other_add.rstrip() in text and PY.rstrip() not in text
    assert stats["members_unused"] == 1


def test_a_broken_file_removes_its_whole_program(tmp_path):
    rows = [file("k", "python", "t/main.py", PY), file("k", "java", "t/A.java", JAVA_ALPHA),
            file("k", "java", "t/B.java", BROKEN_JAVA), file("k", "go", "t/main.go", GO_MAIN)]
    train, evaluation, stats, _ = run(tmp_path, rows)
    assert directions(train) == ["go->python", "python->go"] and evaluation == []
    assert stats["members_dropped_parse_error"] == 2 and "dropped_parse_error" not in stats  # the group still pairs
    quality = load_pair_quality(tmp_path / "pairs").report()["directions"]
    for direction in ("python->java", "java->python", "java->go", "go->java"):
        assert quality[direction]["dropped"] == {"parse_error": 1} and quality[direction]["pairs"] == 0
    assert quality["python->go"]["dropped"] == {} and quality["python->go"]["pairs"] == 1
    assert quality["python->rust"] == {"split": "train", "pairs": 0, "documents": 0, "dropped": {},
                                       "median_tokens": None, "p95_tokens": None, "share_size_ratio_over_limit": 0.0}


def test_paths_and_no_paths_mixed_cannot_be_laid_out(tmp_path):
    rows = [file("k", "python", "t/main.py", PY), file("k", "java", "t/Bob.java", JAVA_BOB),
            pair_member("k", "java", JAVA_COORDINATE, id="no-path")]
    train, _, stats, _ = run(tmp_path, rows)
    assert train == [] and stats["dropped_missing_path"] == 1 and stats["members_dropped_missing_path"] == 2


def test_members_largest_file_and_single_file(tmp_path):
    rows = [file("k", "python", "t/main.py", PY), file("k", "java", "t/Bob.java", JAVA_BOB),
            file("k", "java", "t/Coordinate.java", JAVA_COORDINATE), file("k", "go", "t/main.go", GO_MAIN)]
    assert len(JAVA_BOB.encode()) > len(JAVA_COORDINATE.encode())
    train, _, stats, _ = run(tmp_path / "largest", rows, members="largest_file")
    assert row_of(train, "python->java")["text"] == PY.rstrip() + "\n\n" + JAVA_BOB.rstrip() + "\n"
    assert stats["members_unused"] == 1 and len(train) == 4
    train, _, stats, _ = run(tmp_path / "single", rows, members="single_file")
    assert directions(train) == ["go->python", "python->go"]
    assert stats["members_dropped_multiple_files"] == 2 and stats["groups_paired"] == 1
    # a pivot of several files drops the group with that reason
    rows.append(file("k", "python", "t/util.py", PY_MAIN))
    _, _, stats, _ = run(tmp_path / "single-pivot", rows, members="single_file")
    assert stats["dropped_multiple_files"] == 1


def test_files_that_are_no_code_are_skipped_not_dropped(tmp_path):
    rows = [file("k", "python", "ex/main.py", PY), file("k", "rust", "ex/main.rs", RUST_MAIN),
            file("k", "other", "ex/Cargo-example.toml", "[package]\nname = \"x\"\n", claimed="rust"),
            file("k", "other", "ex/README.md", "# Add\n\nAdds two numbers.\n", claimed="python"),
            file("k", "other", "ex/go.mod", "module example.com/add\n", claimed="go"),
            file("k", "other", "ex/Cargo.toml", "[package]\nname = \"x\"\n", claimed="rust"),
            file("k", "other", "ex/package.json", "{\"main\": \"index.js\"}\n", claimed="javascript"),
            # a file whose path says Python but whose content the classify stage decided is `other`: not a member
            # (pairing takes the decided label), counted as another language, not as no code
            file("m", "python", "m/main.py", PY), file("m", "java", "m/Bob.java", JAVA_BOB),
            file("m", "other", "m/extra.py", "<<<<<<< HEAD\n", claimed="python")]
    train, _, stats, bucket_stats = run(tmp_path, rows, languages=[*LANGUAGES, "javascript"])
    assert bucket_stats["skipped_not_code"] == 5 and bucket_stats["candidates"] == 4
    assert bucket_stats["skipped_language"] == 1
    assert {r["pair_key"]: r["text"] for r in train if r["language"] == "python->rust"} == {
        "k": PY.rstrip() + "\n\n" + RUST_MAIN.rstrip() + "\n"}
    assert stats["groups_paired"] == 2
    quality = load_pair_quality(tmp_path / "pairs").report()["directions"]
    assert quality["python->rust"]["dropped"] == {} and quality["python->go"]["dropped"] == {}


def test_max_tokens_applies_to_the_whole_pair_of_programs(tmp_path):
    counter = load_tokenizer("default")
    rows = [file("k", "python", "t/main.py", PY), file("k", "java", "t/Bob.java", JAVA_BOB),
            file("k", "java", "t/Coordinate.java", JAVA_COORDINATE)]
    train, _, _, _ = run(tmp_path / "fits", rows, languages=["python", "java"])
    document = row_of(train, "python->java")["text"]
    assert "// Bob.java" in document and "// Coordinate.java" in document
    tokens = counter.count([document])[0] + 1  # end-of-document token
    assert row_of(train, "python->java")["token_count"] == tokens
    train, _, _, _ = run(tmp_path / "exact", rows, languages=["python", "java"], max_tokens=tokens)
    assert directions(train) == ["java->python", "python->java"]
    # one token less: too long, and a program of several files is not split at definitions
    train, _, stats, _ = run(tmp_path / "short", rows, languages=["python", "java"], max_tokens=tokens - 1,
                             split_long_pairs=True)
    assert train == [] and stats["dropped_too_long"] == 1 and "pairs_split" not in stats
    quality = load_pair_quality(tmp_path / "short" / "pairs").report()["directions"]
    assert quality["python->java"]["dropped"] == {"too_long": 1}


def test_quality_summaries_are_the_same_for_any_number_of_tasks(tmp_path):
    rows = []
    for k in range(12):
        rows += [file(f"k{k}", "python", f"k{k}/main.py", PY + f"# {k}\n" * k), file(f"k{k}", "java", f"k{k}/Bob.java",
                 JAVA_BOB), file(f"k{k}", "go", f"k{k}/main.go", GO_MAIN)]
    run(tmp_path / "one", rows, num_buckets=5)
    run(tmp_path / "three", rows, num_buckets=5, tasks=3, files=3)
    for bucket in range(5):
        name = f"quality/{bucket:05d}.json"
        assert (tmp_path / "one" / "pairs" / name).read_bytes() == (tmp_path / "three" / "pairs" / name).read_bytes()
    report = load_pair_quality(tmp_path / "one" / "pairs").report()
    assert report["directions"]["python->java"]["pairs"] == 12
    worst = report["worst_pairs"]
    assert len(worst) == 10 and worst == sorted(worst, key=lambda w: (-w["ratio"], w["pair_key"]))
    assert all(w["languages"][0] in ("python", "java") for w in worst)  # in the configured language order
    assert json.loads(json.dumps(report)) == report
    assert {w["pair_key"] for w in worst} <= {f"k{k}" for k in range(12)}
    assert pair_id_of("k1") in {r["pair_id"] for r in read_folder(tmp_path / "one" / "pairs" / "train").to_pylist()}


def test_token_bins_are_exact_below_ten_thousand_then_four_significant_digits():
    from codemix.pairing.quality import token_bin

    assert [token_bin(t) for t in (0, 1, 8192, 9999)] == [0, 1, 8192, 9999]
    assert [token_bin(t) for t in (10_004, 10_005, 123_456, 1_234_567)] == [10_000, 10_010, 123_500, 1_235_000]


def test_percentiles_are_nearest_rank():
    import numpy as np

    from codemix.pairing.quality import nearest_rank

    rng = np.random.default_rng(0)
    for size in (1, 2, 3, 10, 101, 1000):
        values = rng.integers(1, 9000, size=size)
        histogram = {}
        for value in values.tolist():
            histogram[value] = histogram.get(value, 0) + 1
        for fraction in (0.5, 0.95):
            assert nearest_rank(histogram, fraction) == np.percentile(values, 100 * fraction, method="inverted_cdf")
    assert nearest_rank({}, 0.5) is None


def test_a_group_without_its_pivot_drops_the_held_out_directions_it_could_have_made(tmp_path):
    rows = [file("k", "java", "t/Bob.java", JAVA_BOB), file("k", "go", "t/main.go", GO_MAIN)]
    _, _, stats, _ = run(tmp_path, rows)
    assert stats["dropped_missing_pivot"] == 1
    quality = load_pair_quality(tmp_path / "pairs").report()["directions"]
    assert {name: d["dropped"] for name, d in quality.items() if d["dropped"]} == {
        "java->go": {"missing_pivot": 1}, "go->java": {"missing_pivot": 1}}
