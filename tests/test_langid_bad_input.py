"""Bad input never crashes the classifier or the stage: it is `other` with a reason, in bounded memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from datatrove.data import Document

from codemix.langid import LanguageClassifier
from codemix.stages.classify import ClassifyLanguage
from langid_fixtures import humaneval_programs


@pytest.fixture(scope="module")
def classifier() -> LanguageClassifier:
    return LanguageClassifier()


@pytest.fixture(scope="module")
def python_program(fixtures_dir: Path) -> str:
    return humaneval_programs(fixtures_dir, "python", limit=1)[0]


def test_binary_file_is_other(classifier, fixtures_dir: Path) -> None:
    gzip_bytes = (fixtures_dir / "humaneval-x" / "humaneval_go.jsonl.gz").read_bytes()
    for path in ("data.go", None):
        result = classifier.classify(gzip_bytes, path=path)
        assert (result.language, result.evidence) == ("other", "binary")


def test_nul_bytes_are_other(classifier, python_program: str) -> None:
    as_bytes = classifier.classify(python_program.encode() + b"\0\0\0", path="x.py")
    assert (as_bytes.language, as_bytes.evidence) == ("other", "binary")
    as_text = classifier.classify(python_program + "\0", path="x.py")
    assert (as_text.language, as_text.evidence) == ("other", "nul_bytes")


def test_invalid_utf8_is_other(classifier, python_program: str) -> None:
    latin1 = ("# r\u00e9sum\u00e9 of the solution\n" + python_program).encode("latin-1")
    result = classifier.classify(latin1, path="x.py")
    assert (result.language, result.evidence) == ("other", "invalid_utf8")
    # lone surrogates, as a lenient decoder (surrogateescape) leaves them in a str
    escaped = latin1.decode("utf-8", errors="surrogateescape")
    assert classifier.classify(escaped, path="x.py").evidence == "invalid_utf8"


def test_multibyte_character_cut_by_the_cap_is_not_invalid(python_program: str) -> None:
    small = LanguageClassifier(max_bytes=256, use_content_model=False)
    text = python_program + "# " + "\u00e9" * 400 + "\n"
    data = text.encode("utf-8")
    assert len(data) > 257
    for cut in range(250, 260):  # every alignment of the cap against the 2-byte character
        result = small.classify(data[:cut] + data[cut:], path="x.py")
        assert result.evidence != "invalid_utf8"


@pytest.mark.parametrize("data", [b"", "", b"   \n\t\n", "\n\n", "\ufeff"])
def test_empty_is_other(classifier, data) -> None:
    for path in ("x.py", None):
        result = classifier.classify(data, path=path)
        assert (result.language, result.evidence) == ("other", "empty")


def test_50_megabyte_single_line_is_other_in_bounded_memory(classifier) -> None:
    unit = b"var a=function(b){return b+1};"
    line = unit * (50_000_000 // len(unit) + 1)
    assert len(line) >= 50_000_000 and b"\n" not in line
    line_text = line.decode("ascii")
    classifier.classify(b"x = 1\n", path="warm.py")  # parsers and model loaded before measuring
    tracemalloc.start()
    try:
        results = [classifier.classify(line, path=path) for path in ("bundle.min.js", None)]
        results.append(classifier.classify(line_text, path=None))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    for result in results:
        assert (result.language, result.evidence) == ("other", "long_line")
    # only the capped prefix is copied and looked at, never the 50 MB
    assert peak < 4 * classifier.max_bytes + 2_000_000


def test_long_file_is_classified_from_its_prefix(classifier, python_program: str) -> None:
    repeated = (python_program + "\n") * (3 * classifier.max_bytes // len(python_program) + 1)
    assert len(repeated) > 2 * classifier.max_bytes
    result = classifier.classify(repeated.encode(), path="big.py")
    assert result.language == "python"


def test_stage_drops_bad_input_with_reasons(fixtures_dir: Path, python_program: str) -> None:
    gzip_text = (fixtures_dir / "humaneval-x" / "humaneval_go.jsonl.gz").read_bytes().decode("latin-1")
    documents = [
        Document(text=python_program, id="ok", metadata={"path": "ok.py"}),
        Document(text="", id="empty", metadata={"path": "empty.py"}),
        Document(text=python_program + "\0", id="nul", metadata={"path": "nul.py"}),
        Document(text=gzip_text, id="binary", metadata={"path": None}),
        Document(text="x=1;" * 100_000, id="long", metadata={"path": "long.js"}),
    ]
    stage = ClassifyLanguage()
    kept = list(stage.run(iter(documents)))
    assert [doc.id for doc in kept] == ["ok"]
    counters = {name: stage.stats[name].total for name in stage.stats.stats}
    assert counters["dropped_other_language"] == 4
    assert counters["evidence_empty"] == 1
    assert counters["evidence_nul_bytes"] == 2  # the NUL-suffixed program and the gzip bytes
    assert counters["evidence_long_line"] == 1
    assert counters["language_python"] == 1 and counters["language_other"] == 4
