"""The langid evaluation discipline of docs/langid.md: thresholds are tuned on the dev sets only, and the errors of
the report-only sets (test, fresh27, and the HumanEval-X measurement) are never printed. No evaluation set is needed: the scripts refuse before they
read one."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parent.parent


def load_script(path: Path) -> ModuleType:
    """Import a script; the `sys.path` entries and helper modules (`common`, `bench_classify`) it brings in are
    taken out again, so no other test imports them by accident."""
    saved_path, saved_modules = list(sys.path), set(sys.modules)
    try:
        spec = importlib.util.spec_from_file_location(f"langid_script_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved_path
        for name in ("common", "bench_classify"):
            if name not in saved_modules:
                sys.modules.pop(name, None)
    return module


@pytest.fixture(scope="module")
def tune() -> ModuleType:
    return load_script(REPO / "scripts" / "langid" / "tune.py")


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script(REPO / "benchmarks" / "bench_classify.py")


def write_set(root: Path, name: str, says: str | None = None) -> None:
    (root / name).mkdir(parents=True)
    (root / name / "summary.json").write_text(json.dumps({"set": says or name}))


def test_the_report_only_sets_are_test_and_fresh27_and_dev6_to_dev27_are_left_to_tune(tune: ModuleType,
                                                                                       bench: ModuleType) -> None:
    assert bench.REPORT_ONLY_SETS == {"test", "fresh27"}
    # from round 8 the model trains on dev to dev5's projects, so only dev6 to dev27 are neither trained nor reported on
    assert bench.TRAINED_ON_SETS == {"dev", "dev2", "dev3", "dev4", "dev5"}
    assert tune.TUNING_SETS == {"dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14",
                                 "dev15", "dev16", "dev17", "dev18", "dev19", "dev20", "dev21", "dev22", "dev23",
                                 "dev24", "dev25", "dev26", "dev27"} == (
        set(bench.EVAL_SETS) - bench.REPORT_ONLY_SETS - bench.TRAINED_ON_SETS)
    # the burned report sets of rounds 4 to 28 are tuned on as dev3 to dev27: the same index splits
    assert bench.EVAL_SETS["dev3"] == "fresh2" and bench.EVAL_SETS["dev4"] == "fresh3"
    assert bench.EVAL_SETS["dev5"] == "fresh4" and bench.EVAL_SETS["dev6"] == "fresh5"
    assert bench.EVAL_SETS["dev7"] == "fresh6" and bench.EVAL_SETS["dev8"] == "fresh7"
    assert bench.EVAL_SETS["dev9"] == "fresh8" and bench.EVAL_SETS["dev10"] == "fresh9"
    assert bench.EVAL_SETS["dev11"] == "fresh10" and bench.EVAL_SETS["dev12"] == "fresh11"
    assert bench.EVAL_SETS["dev13"] == "fresh12" and bench.EVAL_SETS["dev14"] == "fresh13"
    assert bench.EVAL_SETS["dev15"] == "fresh14" and bench.EVAL_SETS["dev16"] == "fresh15"
    assert bench.EVAL_SETS["dev17"] == "fresh16" and bench.EVAL_SETS["dev18"] == "fresh17"
    assert bench.EVAL_SETS["dev22"] == "fresh21" and bench.EVAL_SETS["dev23"] == "fresh22"
    assert bench.EVAL_SETS["dev24"] == "fresh23" and bench.EVAL_SETS["dev25"] == "fresh24"
    assert bench.EVAL_SETS["dev26"] == "fresh25" and bench.EVAL_SETS["dev27"] == "fresh26"
    assert bench.EVAL_SETS["fresh27"] == "fresh27"
    assert not {"fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12",
                "fresh13", "fresh14", "fresh15", "fresh16", "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25", "fresh26"} & set(bench.EVAL_SETS)


@pytest.mark.parametrize("name", ["test", "fresh27", "humaneval", "dev", "dev5"])
def test_tune_refuses_the_report_only_sets_and_the_trained_on_ones(tune: ModuleType, tmp_path: Path,
                                                                   name: str) -> None:
    write_set(tmp_path, name)
    with pytest.raises(SystemExit, match=r"tune on the dev sets \(dev6, dev7, dev8, dev9, dev10, dev11, dev12, dev13, dev14, dev15, dev16, dev17, dev18, dev19, dev20, dev21, dev22, dev23, dev24, dev25, dev26, dev27\) only"):
        tune.main(["--set", name, "--root", str(tmp_path)])


def test_tune_refuses_a_dev_directory_that_holds_another_set(tune: ModuleType, tmp_path: Path) -> None:
    write_set(tmp_path, "dev6", says="test")
    with pytest.raises(SystemExit, match="tune on the dev sets"):
        tune.main(["--set", "dev6", "--root", str(tmp_path)])


@pytest.mark.parametrize("name", ["test", "fresh27", "humaneval"])
def test_the_benchmark_refuses_to_print_errors_of_the_report_only_sets(bench: ModuleType, tmp_path: Path,
                                                                       name: str) -> None:
    write_set(tmp_path, name)
    with pytest.raises(SystemExit, match=f"the {name} set is reported on only"):
        bench.main(["--set", name, "--root", str(tmp_path), "--errors", "5", "--no-write"])


def test_the_humaneval_measurement_reads_every_problem_without_a_path_and_cpp_is_other(bench: ModuleType) -> None:
    """`bench_classify.py --set humaneval`: each HumanEval-X problem's prompt + canonical solution, per language."""
    cases = bench.humaneval_cases()
    assert {stem: len(rows) for stem, rows in cases.items()} == dict.fromkeys(["python", "java", "js", "go", "rust", "cpp"], 164)
    assert {label for rows in cases.values() for label, _text, _path in rows} == {
        "python", "java", "javascript", "go", "rust", "other"}
    assert {label for label, _text, _path in cases["cpp"]} == {"other"}
    assert all(path is None for rows in cases.values() for _label, _text, path in rows)
    # Rust's prompt is only the doc comment: the signature (`declaration`) goes between it and the solution
    assert all("fn " in text for _label, text, _path in cases["rust"])
    assert cases["python"][0][1].startswith("from typing import List")


def test_training_and_the_count_scripts_choose_the_same_train_files(tmp_path: Path) -> None:
    """`common.choose_training_files` is what train.py reads and what the count scripts behind docs/langid.md's
    train counts read: only the training splits (train, and from round 8 dev to dev5's), no `.d.ts` and no contested
    kinds, at most `per_project` files of one project per language or `other` kind."""
    rows = [{"path": f"/p{p}/f{i}.py", "project": f"p{p}", "language": "python", "split": "train"}
            for p in range(3) for i in range(5)]
    rows += [{"path": f"/q/{i}.lua", "project": "q", "language": "other:lua", "split": "train"} for i in range(4)]
    rows += [{"path": "/t/x.d.ts", "project": "t", "language": "typescript", "split": "train", "declaration": True},
             {"path": "/t/y.pyi", "project": "t", "language": "other:python-stub", "split": "train"},
             {"path": "/e/z.py", "project": "e", "language": "python", "split": "eval"}]
    # the splits of dev6 to dev27, test and fresh27 are never read
    rows += [{"path": f"/{split}/w.py", "project": split, "language": "python", "split": split}
             for split in ("fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13",
                           "fresh14", "fresh15", "fresh16", "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25", "fresh26", "test", "fresh27")]
    index = tmp_path / "index.jsonl"
    index.write_text("".join(json.dumps(row) + "\n" for row in rows))
    common = load_script(REPO / "scripts" / "langid" / "train.py")  # the names train.py reads the index with
    chosen = common.choose_training_files(common.training_rows(index), files_per_label=7, other_per_kind=3,
                                          per_project=2, seed=1)
    assert sorted(chosen) == ["other", "python"]
    assert len(chosen["python"]) == 7 and {row.project for row in chosen["python"]} == {"p0", "p1", "p2", "e"}
    assert len(chosen["other"]) == 2 and {row.other_kind for row in chosen["other"]} == {"lua"}
    again = common.choose_training_files(common.training_rows(index), files_per_label=7, other_per_kind=3,
                                         per_project=2, seed=1)
    assert [row.path for row in again["python"]] == [row.path for row in chosen["python"]]


def test_the_count_scripts_print_each_test_per_label_with_its_projects(capsys) -> None:
    """`common.print_matches`, what count_markup_openers.py, count_module_docstrings.py and count_use_strict.py print:
    per test, one line per true label with a match, its count of that label's pieces and the projects it came from."""
    script = load_script(REPO / "scripts" / "langid" / "count_use_strict.py")  # brings `common.print_matches` in
    rows = [SimpleNamespace(project=project, language=language)
            for project, language, count in (("a", "javascript", 3), ("b", "javascript", 2), ("c", "other:html", 2))
            for _ in range(count)]
    texts = ["'use strict'\n", "x\n", "'use strict'\n", "'use strict'\n", "y\n", "'use strict'\n", "z\n"]
    script.print_matches(list(zip(rows, texts)), {"strict": lambda text: "strict" in text, "none": lambda text: False},
                         unit="files")
    assert capsys.readouterr().out.splitlines() == [
        "javascript: strict in 3 of 5 files (2 projects)",
        "other:html: strict in 1 of 2 files (1 projects)",
    ]


def write_index(tmp_path: Path, files: dict[str, tuple[str, str, str]]) -> Path:
    """An index of `files` (path: (language, split, text)) under `tmp_path`, each file's project its first folder."""
    rows = []
    for path, (language, split, text) in files.items():
        real = tmp_path / path.lstrip("/")
        real.parent.mkdir(parents=True, exist_ok=True)
        real.write_text(text)
        rows.append({"path": str(real), "project": path.split("/")[1], "language": language, "split": split})
    index = tmp_path / "index.jsonl"
    index.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return index


def test_the_es_module_count_script_reads_the_code_of_the_training_windows(tmp_path: Path, capsys) -> None:
    """count_es_module_imports.py, the evidence behind the classifier's module-import rule: the training windows of
    the training splits only, an import in a comment not counted."""
    index = write_index(tmp_path, {
        "/a/m.ts": ("typescript", "train", 'import { a } from "./a";\n\nexport const b = a + 1;\n'),
        "/a/n.ts": ("typescript", "train", "export const c = 2;\n"),
        "/b/doc.c": ("other:c", "train", '/*\n import { a } from "./a";\n*/\nint main(void) { return 0; }\n'),
        "/c/x.js": ("javascript", "fresh17", 'import x from "x";\n'),  # a dev split: never read
    })
    script = load_script(REPO / "scripts" / "langid" / "count_es_module_imports.py")
    assert script.main(["--index", str(index)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "typescript: an ES module import in the code in 1 of 2 windows (1 projects)"]


def test_the_commonjs_count_script_reads_the_code_of_the_training_windows(tmp_path: Path, capsys) -> None:
    """count_commonjs.py, the evidence behind the classifier's CommonJS and AMD rules: as the ES-module script, a
    `require` or `define([` in a comment not counted, nor a dev split's."""
    index = write_index(tmp_path, {
        "/a/m.js": ("javascript", "train", 'const fs = require("fs");\nmodule.exports = fs;\n'),
        "/a/n.js": ("javascript", "train", "// require('x') and define(['x'], f) in prose\nconst c = 2;\n"),
        "/a/o.js": ("javascript", "train", 'sap.ui.define([\n\t"sap/m/Button"\n], function (Button) {\n});\n'),
        "/b/t.ts": ("typescript", "train", "export const d = 3;\n"),
        "/c/x.js": ("javascript", "fresh17", 'require("x");\ndefine(["x"], function (x) {});\n'),  # a dev split
    })
    script = load_script(REPO / "scripts" / "langid" / "count_commonjs.py")
    assert script.main(["--index", str(index)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "javascript: a CommonJS require or export in 1 of 3 windows (1 projects)",
        "javascript: an AMD module definition in 1 of 3 windows (1 projects)"]



def test_the_windows_are_summarized_again_split_into_windows_with_code_and_of_comments_only(bench: ModuleType) -> None:
    """`bench_classify.split_by_code`: the windows' labels summarized over the windows with code and over those of
    nothing but comments (a licence header), which partition the windows; real windows, real labels."""
    from codemix.langid import LanguageClassifier

    fixtures = REPO / "tests" / "fixtures" / "langid"
    snap = (fixtures / "snapsvg_align.js").read_text(encoding="utf-8").splitlines(keepends=True)
    kotlin = (fixtures / "ExceptionLogger.kt").read_text(encoding="utf-8").splitlines(keepends=True)
    cases = [
        ("javascript", "".join(snap[:13]), None),  # Snap.svg's Apache header: comments only
        ("javascript", "".join(snap[13:33]), None),  # its code
        ("java", (fixtures / "openchemlib_extended_molecule.java.window").read_text(encoding="utf-8"), None),
        ("other", "".join(kotlin[:4]), None),  # JetBrains' header: comments only
        ("other", "".join(kotlin[4:]), None),  # Kotlin code
    ]
    assert not bench.has_code(cases[0][1]) and bench.has_code(cases[1][1])
    labels, timings = bench.classify_timed(cases, LanguageClassifier(), repeats=1)
    assert len(labels) == len(cases) and len(timings) == 1
    whole = bench.summarize(bench.WINDOWS_MODE, cases, labels, timings=timings)
    with_code, comments_only = bench.split_by_code(cases, labels)
    assert (with_code["mode"], comments_only["mode"]) == (bench.WINDOWS_WITH_CODE_MODE, bench.WINDOWS_COMMENTS_ONLY_MODE)
    assert (with_code["cases"], comments_only["cases"]) == (3, 2)
    assert comments_only["per_language"]["javascript"]["support"] == 1
    assert comments_only["per_language"]["other"]["support"] == 1
    # the two slices hold every window once: their confusion matrices add up to the whole one
    for truth, row in whole["confusion"].items():
        for got, count in row.items():
            assert with_code["confusion"][truth][got] + comments_only["confusion"][truth][got] == count
    # the code windows are read as their languages (the Kotlin one as `other`)
    assert with_code["accuracy"] == 1.0 and with_code["other_kept_out"] == 1.0
    # slices of a timed run carry no MB/s of their own
    assert whole["mb_per_second"] is not None and with_code["mb_per_second"] is None


def test_resplit_reruns_a_set_at_the_commit_it_was_evaluated_with_and_splits_its_windows_by_code(tmp_path: Path,
                                                                                             capsys) -> None:
    """`scripts/langid/resplit_windows.py`: the set's windows classified in a worktree of its first evaluation's
    commit (here HEAD), then counted over all windows, those with code and those of comments only."""
    import hashlib
    import subprocess

    from codemix.langid import LanguageClassifier

    resplit = load_script(REPO / "scripts" / "langid" / "resplit_windows.py")
    fixtures = REPO / "tests" / "fixtures" / "langid"
    files = {"snapsvg_align.js": "javascript", "openui5_p13n_container.js": "javascript",
             "werkzeug_middleware_init.py": "python", "ExceptionLogger.kt": "other"}
    # a Java file that opens with its licence (BSD-3-Clause, 30 lines) in a block comment: its start window is
    # comments only
    licence = (fixtures / "LICENSE.openchemlib").read_text(encoding="utf-8").splitlines()
    java = tmp_path / "ExtendedMolecule.java"
    java.write_text("/*\n" + "".join(f" * {line}\n" for line in licence) + " */\n\n"
                    + (fixtures / "openchemlib_extended_molecule.java.window").read_text(encoding="utf-8"),
                    encoding="utf-8")
    files["ExtendedMolecule.java"] = "java"
    directory = tmp_path / "fresh-demo"
    directory.mkdir()
    with (directory / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for name, label in files.items():
            path = fixtures / name if name != java.name else java
            manifest.write(json.dumps({"path": str(path), "label": label, "language": label, "project": name,
                                       "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}) + "\n")
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.strip()
    (directory / "evaluations.jsonl").write_text(json.dumps({"set": "fresh-demo", "commit": head}) + "\n")
    assert resplit.evaluated_commit(directory) == head

    rows = resplit.labels_at(head, directory)
    # every file has a start window, the long ones a middle one too
    assert len(rows) >= len(files)
    assert {truth for truth, _label, _text in rows} == set(files.values())
    counts = resplit.split_counts(rows)
    assert counts["code"][0] + counts["comments"][0] == counts["all"][0]
    assert counts["comments"][0] >= 1  # the Java file's start window
    assert all(rows_count[1] <= rows_count[0] and rows_count[3] <= rows_count[2] for rows_count in counts.values())
    # at HEAD the worktree's labels are this checkout's
    bench_module = load_script(REPO / "benchmarks" / "bench_classify.py")
    _files, windows = bench_module.content_cases(bench_module.load_eval_set(directory / "manifest.jsonl"))
    here = LanguageClassifier().classify_batch([(data, None) for _truth, data, _path in windows])
    assert [(truth, label) for truth, label, _text in rows] == [
        (truth, result.language) for (truth, _data, _path), result in zip(windows, here)]
    assert [text for _truth, _label, text in rows] == [data for _truth, data, _path in windows]

    assert resplit.main(["--set", "fresh-demo", "--root", str(tmp_path)]) == 0
    row = capsys.readouterr().out.splitlines()[-1]
    assert row == resplit.table_row("fresh-demo", counts)
    with pytest.raises(SystemExit, match="not the 12.34% evaluated"):
        resplit.main(["--set", "fresh-demo", "--root", str(tmp_path), "--expect", "fresh-demo=12.34"])
    assert "resplit-" not in subprocess.run(["git", "worktree", "list"], cwd=REPO, capture_output=True, text=True,
                                            check=True).stdout
