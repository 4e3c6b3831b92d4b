"""Trainer side of codemix: stream a build's shards rank by rank and worker by worker, resume exactly,
keep the mixture, pack tokens. Imports no torch; `codemix.stream.torch` is the DataLoader adapter.

    from codemix.stream import CodeMixStream
    stream = CodeMixStream("out/demo", seed=0)          # rank and world size from torch.distributed, if any
    for doc in stream: ...                              # one epoch of this rank's documents
    for block in stream.pack(2048): ...                 # fixed-length token blocks
    state = stream.state_dict(); stream.load_state_dict(state)

See docs/stream.md for the order, the dealing, the resumption contract and the mixture guarantee.
"""

from codemix.schemas.shards import LANGUAGE_LABELS
from codemix.stream.documents import CodeMixStream
from codemix.stream.layout import StreamError
from codemix.stream.packing import PackedStream

__all__ = ["LANGUAGE_LABELS", "CodeMixStream", "PackedStream", "StreamError"]
