"""The datatrove stage: metadata keys, drops, stats by evidence and language, pickling."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from datatrove.data import Document

from codemix.langid import LanguageClassifier
from codemix.schemas.documents import CLAIMED_LANGUAGE, LANGUAGE, LANGUAGE_CONFIDENCE, LANGUAGE_EVIDENCE
from codemix.stages.classify import ClassifyLanguage, evidence_stat
from langid_fixtures import HUMANEVAL_FILES, humaneval_programs


def documents(fixtures_dir: Path, per_language: int = 5) -> list[Document]:
    docs = []
    for language, (_filename, extension) in HUMANEVAL_FILES.items():
        for index, program in enumerate(humaneval_programs(fixtures_dir, language, limit=per_language)):
            docs.append(Document(text=program, id=f"{language}-{index}", metadata={"path": f"p{index}{extension}", "truth": language}))
    return docs


def counters(stage: ClassifyLanguage) -> dict[str, int]:
    return {name: stage.stats[name].total for name in stage.stats.stats}


def test_stage_labels_with_paths_and_drops_other(fixtures_dir: Path) -> None:
    docs = documents(fixtures_dir)
    stage = ClassifyLanguage()
    kept = list(stage.run(iter(docs)))
    assert {doc.metadata["truth"] for doc in kept} == {"python", "java", "javascript", "go", "rust"}
    assert len(kept) == 25
    for doc in kept:
        assert doc.metadata[LANGUAGE] == doc.metadata["truth"]
        assert 0.9 <= doc.metadata[LANGUAGE_CONFIDENCE] <= 1.0
        assert doc.metadata[LANGUAGE_EVIDENCE].startswith("extension+parse")
    stats = counters(stage)
    assert stats["dropped_other_language"] == 5  # the C++ programs
    assert stats["evidence_extension+parse"] == 25
    assert stats["evidence_extension"] == 5
    assert stats["language_python"] == 5 and stats["language_other"] == 5
    assert stats["total"] == 30 and stats["forwarded"] == 25


def test_stage_content_only_ignores_paths(fixtures_dir: Path) -> None:
    docs = documents(fixtures_dir)
    for doc in docs:
        doc.metadata["path"] = "misleading.py"
    stage = ClassifyLanguage(content_only=True, drop_other=False)
    out = list(stage.run(iter(docs)))
    assert len(out) == 30
    # real programs, labelled from their content alone (HumanEval-X JavaScript is modern untyped code
    # that the content model often calls TypeScript: checked apart in test_langid_model.py)
    not_script = [doc for doc in out if doc.metadata["truth"] != "javascript"]
    assert sum(doc.metadata[LANGUAGE] == doc.metadata["truth"] for doc in not_script) >= 24
    assert all(doc.metadata[LANGUAGE] in {"javascript", "typescript"} for doc in out if doc.metadata["truth"] == "javascript")
    assert all(doc.metadata[LANGUAGE_EVIDENCE].startswith("content") for doc in out)


def test_claimed_language_is_left_untouched(fixtures_dir: Path) -> None:
    program = humaneval_programs(fixtures_dir, "go", limit=1)[0]
    doc = Document(text=program, id="claimed", metadata={"path": "x.go", CLAIMED_LANGUAGE: "rust"})
    (out,) = list(ClassifyLanguage().run(iter([doc])))
    assert out.metadata[CLAIMED_LANGUAGE] == "rust"
    assert out.metadata[LANGUAGE] == "go"


def test_min_confidence_turns_weak_labels_into_other(fixtures_dir: Path) -> None:
    program = humaneval_programs(fixtures_dir, "python", limit=1)[0]
    doc = Document(text=program, id="x", metadata={"path": "x.py"})
    stage = ClassifyLanguage(min_confidence=1.0, drop_other=False)
    (out,) = list(stage.run(iter([doc])))
    assert out.metadata[LANGUAGE] == "other"
    assert out.metadata[LANGUAGE_EVIDENCE].endswith(";low_confidence:python")
    assert counters(stage)["low_confidence"] == 1
    with pytest.raises(ValueError, match="min_confidence"):
        ClassifyLanguage(min_confidence=1.5)


def test_language_subset(fixtures_dir: Path) -> None:
    stage = ClassifyLanguage(languages=("python", "rust"))
    kept = list(stage.run(iter(documents(fixtures_dir, per_language=2))))
    assert sorted({doc.metadata[LANGUAGE] for doc in kept}) == ["python", "rust"]
    assert counters(stage)["dropped_other_language"] == 8


def test_stage_and_classifier_pickle_without_the_model(fixtures_dir: Path) -> None:
    stage = ClassifyLanguage(content_only=True)
    list(stage.run(iter(documents(fixtures_dir, per_language=1))))  # loads the model
    assert stage.classifier._model is not None
    blob = pickle.dumps(stage)
    assert len(blob) < 20_000  # settings only: the model reloads lazily in the worker
    clone = pickle.loads(blob)
    assert clone.classifier._model is None
    program = humaneval_programs(fixtures_dir, "rust", limit=1)[0]
    assert clone.classifier.classify(program).language == "rust"
    assert pickle.loads(pickle.dumps(LanguageClassifier())).languages == LanguageClassifier().languages


def test_evidence_stat_names() -> None:
    assert evidence_stat("extension+parse;no_typescript_syntax") == "evidence_extension+parse"
    assert evidence_stat("extension:qt_translation_xml") == "evidence_extension"
    assert evidence_stat("binary") == "evidence_binary"


def test_batches_give_the_same_labels_as_one_by_one(fixtures_dir: Path) -> None:
    """The stage and the CLI classify in batches; every document gets what `classify` alone gives it,
    whatever the batch size, with bad input, path decisions and content decisions mixed in a batch."""
    programs = [doc.text for doc in documents(fixtures_dir, per_language=4)]
    items: list[tuple[bytes | str, str | None]] = [(program, None) for program in programs]
    items += [(program, f"x{index}.py") for index, program in enumerate(programs[:6])]
    items += [(b"", None), (b"\x00\x01binary", None), (b"caf\xe9 latte\n", None), ("# Title\n\nSome prose.\n", "README.md")]
    items += [("\n".join(program.splitlines()[:20]) + "\n", None) for program in programs[::3]]
    classifier = LanguageClassifier()
    one_by_one = [classifier.classify(data, path=path) for data, path in items]
    assert classifier.classify_batch(items) == one_by_one
    assert {result.evidence for result in one_by_one} >= {"empty", "binary", "invalid_utf8", "extension"}
    docs = [Document(text=data if isinstance(data, str) else data.decode("utf-8", "replace"), id=str(index),
                     metadata={"path": path}) for index, (data, path) in enumerate(items)]
    for batch_docs in (1, 7, 256):
        stage = ClassifyLanguage(drop_other=False, batch_docs=batch_docs)
        out = list(stage.run(iter([Document(text=d.text, id=d.id, metadata=dict(d.metadata)) for d in docs])))
        assert [doc.id for doc in out] == [doc.id for doc in docs]  # order kept
        expected = [classifier.classify(doc.text, path=doc.metadata["path"]) for doc in docs]
        assert [(doc.metadata[LANGUAGE], doc.metadata[LANGUAGE_EVIDENCE]) for doc in out] == [(r.language, r.evidence) for r in expected]
        assert counters(stage)["total"] == len(docs)


def test_batch_docs_must_be_positive() -> None:
    with pytest.raises(ValueError, match="batch_docs"):
        ClassifyLanguage(batch_docs=0)
