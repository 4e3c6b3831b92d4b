"""`CountTokens`: store each document's token count in `metadata["token_count"]` (datatrove's key).

Counts come from `codemix.tokens.CodeTokenizer.count` in batches: exactly the Hugging Face tokenizer's
counts, computed through the proven-equivalent tiktoken path when it applies (see
`codemix.tokens.tokenizer`). With `add_eos_token=True` each document counts one more token, the
end-of-document token a trainer appends; the tokenizer must have one.

Threads: datatrove runs one task per process, and both `tokenizers` (Rayon) and tiktoken (a thread pool)
can parallelise inside a process. Running `tasks` processes each with a multi-threaded tokenizer
oversubscribes the cores (NOTES.md: two datatrove workers over `TokensCounter` ran slower than one).
So `threads` defaults to 1: each task encodes on its own thread and datatrove's `tasks`/`workers` give
the parallelism. Set `threads` > 1 only when fewer tasks than cores run (e.g. one big input file).

Stats: `tokens` (all), `tokens_<language>` per `metadata["language"]` (`tokens_unlabelled` when a
document has none), `docs_<language>`; `eos_tokens` counts the end-of-document tokens included.
"""

from __future__ import annotations

import logging

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.batching import batched

from codemix.schemas.documents import LANGUAGE, TOKEN_COUNT
from codemix.tokens import CodeTokenizer, load_tokenizer

logger = logging.getLogger(__name__)

UNLABELLED = "unlabelled"


class CountTokens(PipelineStep):
    name = "🔢 count tokens"
    type = "🔢 - TOKENIZER"

    def __init__(
        self,
        *,
        tokenizer: str = "default",
        add_eos_token: bool = True,
        batch_size: int = 512,
        threads: int = 1,
    ) -> None:
        super().__init__()
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if threads < 1:
            raise ValueError(f"threads must be >= 1, got {threads}")
        self.tokenizer_spec = tokenizer
        # loading here makes a bad spec fail when the pipeline is built, not inside a worker; the
        # loaded tokenizer pickles as its definition and builds its engines lazily in each worker
        self.tokenizer: CodeTokenizer = load_tokenizer(tokenizer)
        if add_eos_token and self.tokenizer.eos_token is None:
            raise ValueError(
                f"tokenizer {tokenizer!r} has no end-of-document token: set add_eos_token=False or use a tokenizer with one"
            )
        self.add_eos_token = add_eos_token
        self.batch_size = batch_size
        self.threads = threads

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        extra = 1 if self.add_eos_token else 0
        for batch in batched(data, self.batch_size):
            with self.track_time(unit="batch"):
                counts = self.tokenizer.count([document.text for document in batch], threads=self.threads)
            for document, count in zip(batch, counts):
                token_count = count + extra
                document.metadata[TOKEN_COUNT] = token_count
                language = document.metadata.get(LANGUAGE) or UNLABELLED
                self.stat_update("tokens", value=token_count)
                self.stat_update(f"tokens_{language}", value=token_count)
                self.stat_update(f"docs_{language}")
                if extra:
                    self.stat_update("eos_tokens", value=extra)
                yield document
        logger.info("count tokens (rank %d): tokenizer %s, fast path %s", rank, self.tokenizer.name, self.tokenizer.fast_path_status)
