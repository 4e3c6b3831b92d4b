"""The CountTokens datatrove stage on real code documents."""

from __future__ import annotations

import pickle
import sysconfig
from pathlib import Path

import pytest
from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor

from codemix.schemas.documents import LANGUAGE, TOKEN_COUNT
from codemix.stages.count_tokens import CountTokens
from codemix.tokens import load_tokenizer
from codemix.tokens.train import train_code_bpe

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def real_documents() -> list[Document]:
    paths = sorted(STDLIB.glob("*.py"))[:15]
    documents = []
    for index, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        # a second label on some documents checks the per-language stats
        language = "python" if index % 3 else "go"
        documents.append(Document(text=text, id=path.name, metadata={LANGUAGE: language}))
    documents.append(Document(text="no label", id="unlabelled", metadata={}))
    return documents


def test_counts_with_eos_and_per_language_stats() -> None:
    documents = real_documents()
    tokenizer = load_tokenizer("default")
    expected = [len(tokenizer.encode(d.text)) + 1 for d in documents]
    stage = CountTokens(tokenizer="default", batch_size=7)
    out = list(stage.run(iter(documents)))
    assert [d.id for d in out] == [d.id for d in documents]
    assert [d.metadata[TOKEN_COUNT] for d in out] == expected
    stats = stage.stats.to_dict()["stats"]
    assert stats["tokens"]["total"] == sum(expected)
    python_total = sum(n for d, n in zip(documents, expected) if d.metadata.get(LANGUAGE) == "python")
    go_total = sum(n for d, n in zip(documents, expected) if d.metadata.get(LANGUAGE) == "go")
    assert stats["tokens_python"]["total"] == python_total
    assert stats["tokens_go"]["total"] == go_total
    assert stats["tokens_unlabelled"]["total"] == expected[-1]
    assert stage.stats.stats["docs_go"].total == 5
    assert stage.stats.stats["eos_tokens"].total == len(documents)


def test_without_eos_and_with_threads() -> None:
    documents = real_documents()
    tokenizer = load_tokenizer("default")
    out = list(CountTokens(tokenizer="default", add_eos_token=False, threads=2).run(iter(documents)))
    assert [d.metadata[TOKEN_COUNT] for d in out] == [len(tokenizer.encode(d.text)) for d in documents]


def test_eos_required_when_counted(tmp_path: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(STDLIB.glob("*.py"))[:5]]
    path = tmp_path / "tokenizer.json"
    train_code_bpe(texts, vocab_size=400, special_tokens=("<|pad|>",)).save(str(path))
    with pytest.raises(ValueError, match="no end-of-document token"):
        CountTokens(tokenizer=str(path))
    documents = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    counted = list(CountTokens(tokenizer=str(path), add_eos_token=False).run(iter(documents)))
    assert all(d.metadata[TOKEN_COUNT] > 0 for d in counted)


def test_bad_arguments_and_specs() -> None:
    with pytest.raises(TypeError):
        CountTokens("default")  # keyword-only
    with pytest.raises(ValueError, match="batch_size"):
        CountTokens(batch_size=0)
    with pytest.raises(ValueError, match="no such file"):
        CountTokens(tokenizer="/nonexistent/tokenizer.json")


def test_stage_pickles_small_and_runs_in_a_datatrove_executor(tmp_path: Path) -> None:
    stage = CountTokens(tokenizer="default")
    list(stage.run(iter(real_documents()[:3])))  # builds the engines in this process
    clone = pickle.loads(pickle.dumps(stage))
    assert clone.tokenizer._hf is None
    documents = real_documents()
    collected: list[Document] = []

    def collect(data, rank: int = 0, world_size: int = 1):
        for document in data:
            collected.append(document)
            yield document

    executor = LocalPipelineExecutor(
        pipeline=[documents, CountTokens(tokenizer="default"), collect],
        tasks=1,
        workers=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    tokenizer = load_tokenizer("default")
    assert [d.metadata[TOKEN_COUNT] for d in collected] == [len(tokenizer.encode(d.text)) + 1 for d in documents]
