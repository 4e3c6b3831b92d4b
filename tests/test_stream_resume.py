"""codemix.stream resumption: from random points, across epoch boundaries, with the worker count and the
world size changed, for documents and for packed blocks."""

import random

import numpy as np
import pytest

from codemix.stream import CodeMixStream
from stream_support import corpus_documents, write_build

SEQ_LEN = 96


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    # 12 of the task programs in 7 languages (packing tokenises every document: small for 20 resumptions),
    # in 14 shards of 6 rows and row groups of 2
    tasks = sorted({d["id"].split("/")[1] for d in corpus_documents() if d["id"].startswith("tasks/")})[:12]
    docs = [d for d in corpus_documents() if d["id"].startswith("tasks/") and d["id"].split("/")[1] in tasks]
    return write_build(tmp_path_factory.mktemp("resume") / "out", docs, docs_per_shard=6, row_group_rows=2)


def key(item):
    """What identifies an item: a document's id, a block's ids and boundaries."""
    if "input_ids" in item:
        return tuple(np.concatenate([item["input_ids"], item["segment_ids"], item["position_ids"]]).tolist())
    return item["id"]


def make(build, kind: str, **kwargs):
    stream = CodeMixStream(str(build), seed=5, **kwargs)
    return stream.pack(SEQ_LEN) if kind == "blocks" else stream


def take(stream, count: int) -> list:
    """`count` items, going on into the next epochs as a training loop does."""
    out = []
    while len(out) < count:
        before = len(out)
        for item in stream:
            out.append(key(item))
            if len(out) == count:
                return out
        if len(out) == before:
            break
    return out


def points(epoch_items: int, seed: int) -> list[int]:
    """20 resume points over two epochs, including both epoch boundaries and the first and last item."""
    chosen = {0, 1, epoch_items - 1, epoch_items, epoch_items + 1, 2 * epoch_items - 1}
    rng = random.Random(seed)
    while len(chosen) < 20:
        chosen.add(rng.randrange(2 * epoch_items))
    return sorted(chosen)


@pytest.mark.parametrize("kind", ["documents", "blocks"])
def test_resume_from_20_points_reproduces_the_uninterrupted_sequence(build, kind):
    per_epoch = len(make(build, kind))
    full_stream = make(build, kind)
    full = take(full_stream, 2 * per_epoch)
    assert len(full) == 2 * per_epoch and full[:per_epoch] != full[per_epoch:]  # two different epochs
    for point in points(per_epoch, seed=11):
        first = make(build, kind)
        head = take(first, point)
        state = first.state_dict()
        resumed = make(build, kind)
        resumed.load_state_dict(state)
        tail = take(resumed, 2 * per_epoch - point)
        assert head + tail == full, point
        assert resumed.state_dict()["tokens_seen_per_language"] == full_stream.state_dict()["tokens_seen_per_language"]


@pytest.mark.parametrize("kind", ["documents", "blocks"])
def test_resume_with_workers_changed_from_2_to_3(build, monkeypatch, kind):
    batch_size = 4
    plain = take(make(build, kind, rank=1, world_size=2), len(make(build, kind, rank=1, world_size=2)))
    for batches_before in (0, 5, -(-len(plain) // batch_size)):
        stream = make(build, kind, rank=1, world_size=2)
        batches = worker_batches_with_state(monkeypatch, stream, workers=2, batch_size=batch_size)
        head = [i for b, _ in batches[:batches_before] for i in b]
        state = batches[batches_before - 1][1] if batches_before else stream.state_dict()
        resumed = make(build, kind, rank=1, world_size=2)
        resumed.load_state_dict(state)
        tail = [i for b, _ in worker_batches_with_state(monkeypatch, resumed, workers=3, batch_size=batch_size) for i in b]
        if batches_before * batch_size >= len(plain):  # saved after the epoch's last batch: the next epoch follows
            assert state["epoch"] == 1 and state["consumed"] == 0
            continue
        assert head + tail == plain, batches_before


def worker_batches_with_state(monkeypatch, stream, *, workers, batch_size):
    from test_stream_order import pickle_copy
    from codemix.stream import core as stream_core

    per_worker = []
    for worker in range(workers):
        monkeypatch.setattr(stream_core, "worker_context", lambda w=worker: (w, workers))
        per_worker.append([([key(i) for i in items], state) for items, state in pickle_copy(stream)._batches(batch_size)])
    monkeypatch.setattr(stream_core, "worker_context", lambda: (0, 1))
    return [per_worker[n % workers][n // workers] for n in range(sum(len(b) for b in per_worker))]


@pytest.mark.parametrize("remainder", ["wrap", "drop"])
@pytest.mark.parametrize("kind", ["documents", "blocks"])
def test_world_size_change_continues_the_global_order(build, kind, remainder):
    # one rank's global order of the epoch
    order = take(make(build, kind), len(make(build, kind)))
    for steps in (0, 7, 40):
        two = [make(build, kind, rank=r, world_size=2, remainder=remainder) for r in range(2)]
        heads = [take(s, steps) for s in two]
        states = [s.state_dict() for s in two]
        assert states[0] == states[1]  # the state is the same on every rank
        three = [make(build, kind, rank=r, world_size=3, remainder=remainder) for r in range(3)]
        for s in three:
            s.load_state_dict(states[0])
        tails = [[key(item) for item in s] for s in three]  # one iteration: the rest of the epoch
        assert len({len(t) for t in tails}) == 1  # equal counts after the change too
        before = [heads[i % 2][i // 2] for i in range(2 * steps)]
        after = [tails[i % 3][i // 3] for i in range(3 * len(tails[0]))]
        rest = len(order) - 2 * steps
        assert before == order[: 2 * steps]
        if remainder == "wrap":
            assert after == order[2 * steps:] + order[: len(after) - rest] and len(after) - rest < 3
        else:
            assert after == order[2 * steps: 2 * steps + rest - rest % 3]
        assert all(s.state_dict()["epoch"] == 1 for s in three)


def test_set_epoch_keeps_a_resumed_position(build):
    stream = make(build, "documents")
    take(stream, 10)
    state = stream.state_dict()
    resumed = make(build, "documents")
    resumed.load_state_dict(state)
    resumed.set_epoch(0)  # the training loop's call for the epoch it is in: no reset
    assert resumed.state_dict()["consumed"] == 10
    resumed.set_epoch(1)
    assert resumed.state_dict()["consumed"] == 0 and resumed.state_dict()["epoch"] == 1
