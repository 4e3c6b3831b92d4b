"""The dry run's seeded sample: membership by id and seed, large files always read, population counted."""

from pathlib import Path

import pyarrow.parquet as pq
from datatrove.data import Document

from codemix.pipeline.estimate import read_sample
from codemix.stages.sample import SampleDocuments, inclusion_probability, stratum_of

REPO = Path(__file__).resolve().parent.parent


def documents() -> list[Document]:
    files = sorted(p for p in (REPO / "src").rglob("*") if p.is_file() and p.suffix in {".py", ".json", ".npz"})
    docs = []
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        docs.append(Document(text=text, id=f"src:{path.relative_to(REPO)}", metadata={"path": str(path.relative_to(REPO))}))
    # many small documents so that the sampled fraction is measurable
    docs += [Document(text=f"x = {i}\n", id=f"gen:{i:05d}", metadata={"path": f"gen/{i}.py"}) for i in range(4000)]
    return docs


def run(docs, tmp_path, *, ranks=1, fraction=0.1, seed=0, reference_bytes=10_000):
    kept = []
    for rank in range(ranks):
        step = SampleDocuments(fraction=fraction, seed=seed, work_dir=tmp_path, reference_bytes=reference_bytes)
        kept += [d.id for d in step(iter(docs[rank::ranks]), rank=rank, world_size=ranks)]
    return sorted(kept)


def test_sample_is_seeded_and_independent_of_the_task_split(tmp_path):
    docs = documents()
    one = run(docs, tmp_path / "a")
    three = run(docs, tmp_path / "b", ranks=3)
    assert one == three
    assert run(docs, tmp_path / "c", seed=1) != one
    small = [d for d in docs if d.id.startswith("gen:")]
    share = sum(1 for i in one if i.startswith("gen:")) / len(small)
    assert 0.08 < share < 0.12


def test_large_documents_are_always_read_and_population_is_complete(tmp_path):
    docs = documents()
    # fraction 0.05 and reference 1,000 bytes: documents of 20,000 bytes or more are always read
    kept = set(run(docs, tmp_path, ranks=2, fraction=0.05, reference_bytes=1_000))
    large = [d for d in docs if len(d.text.encode()) >= 20_000]
    assert large and all(d.id in kept for d in large)
    sampled, population = read_sample(tmp_path)
    assert sum(n for n, _ in population.values()) == len(docs)
    assert sum(b for _, b in population.values()) == sum(len(d.text.encode()) for d in docs)
    assert sorted(sampled.column("id").to_pylist()) == sorted(kept)
    probabilities = dict(zip(sampled.column("id").to_pylist(), sampled.column("probability").to_pylist()))
    assert all(probabilities[d.id] == 1.0 for d in large)
    assert inclusion_probability(500, fraction=0.05, reference_bytes=1_000) == 0.05
    assert inclusion_probability(4_000, fraction=0.05, reference_bytes=1_000) == 0.2
    assert pq.read_table(next(tmp_path.glob("sample/*.sampled.parquet"))).num_rows > 0


def test_strata_are_lower_cased_extensions():
    assert stratum_of("a/B.PY") == ".py" and stratum_of("Makefile") == "(none)" and stratum_of(None) == "(none)"
