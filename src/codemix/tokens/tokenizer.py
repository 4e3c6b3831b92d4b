"""`load_tokenizer(spec) -> CodeTokenizer`: the one tokenizer interface of codemix.

A spec is one of:

- `default`: the byte-level BPE for code shipped in `codemix/assets/tokenizer/` (no network);
- a local path to a `tokenizer.json` (or to a directory holding one);
- a Hugging Face Hub name (`ORG/NAME` or `NAME`): loaded from the local Hub cache when it is there, else
  downloaded; fails at once, naming the spec, when the Hub is unreachable (HF_HUB_OFFLINE set, no DNS or
  no TCP route) instead of the library's retry loop;
- `tiktoken:ENCODING` (e.g. `tiktoken:cl100k_base`) when tiktoken is installed and has the encoding
  file in its cache (never downloaded here).

Token counts follow the Hugging Face tokenizer exactly (`len(encode(text, add_special_tokens=False))`):
the fast tiktoken path (`codemix.tokens.fastpath`) is used only after it has produced identical ids on a
probe set and on the first `verify_chars` characters of the data, and it keeps being spot-checked on
one chunk (~256k characters) in `spot_check_every`; on any difference the instance switches to `tokenizers` for good.

`CodeTokenizer` pickles as its definition (the tokenizer JSON text or the tiktoken encoding name), so
datatrove can ship it to worker processes; the Rust objects are built lazily in each process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import socket
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from codemix.tokens.fastpath import PROBE_TEXTS, first_mismatch, tiktoken_equivalent

logger = logging.getLogger(__name__)

DEFAULT_SPEC = "default"
TIKTOKEN_PREFIX = "tiktoken:"
#: End-of-document token names, most specific first; the first one that is a special token wins.
EOS_CANDIDATES: tuple[str, ...] = ("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>", "<|eos|>", "<|im_end|>")
_HUB_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")


class TokenizerLoadError(ValueError):
    """A tokenizer spec that cannot be loaded; the message names the spec and the reason."""


def default_tokenizer_path() -> Path:
    return Path(str(resources.files("codemix") / "assets" / "tokenizer" / "tokenizer.json"))


def _canonical_sha256(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _normalised_merges(model: dict[str, Any]) -> dict[str, Any]:
    # tokenizers < 0.20 saves merges as "a b" strings, later versions as [a, b]: hash one form
    merges = model.get("merges")
    if merges is None:
        return model
    return {**model, "merges": [m if isinstance(m, list) else m.split(" ", 1) for m in merges]}


class CodeTokenizer:
    """A loaded tokenizer: metadata for the manifest plus batched counting and encoding.

    Attributes: `name` (what the manifest records), `spec` (what the config said), `vocab_size` (with
    special tokens), `vocab_sha256` (sha256 of the canonical JSON of the model's vocabulary and merges,
    its special tokens, normaliser and pre-tokeniser: everything that decides the ids), `eos_token` and
    `eos_token_id` (None when the tokenizer has none).
    """

    def __init__(
        self,
        *,
        spec: str,
        name: str,
        definition_json: str | None = None,
        tiktoken_encoding: str | None = None,
        fast_path: bool = True,
        verify_chars: int = 1_000_000,
        spot_check_every: int = 64,
    ) -> None:
        if (definition_json is None) == (tiktoken_encoding is None):
            raise ValueError("give exactly one of definition_json or tiktoken_encoding")
        self.spec = spec
        self.name = name
        self.fast_path = fast_path
        self.verify_chars = verify_chars
        self.spot_check_every = spot_check_every
        self._definition_json = definition_json
        self._tiktoken_encoding = tiktoken_encoding
        self._reset_runtime()
        self._init_metadata()

    # --- metadata -------------------------------------------------------------------------------
    def _init_metadata(self) -> None:
        if self._definition_json is not None:
            definition = json.loads(self._definition_json)
            model = definition.get("model") or {}
            added = definition.get("added_tokens") or []
            self.vocab_sha256 = _canonical_sha256(
                {
                    "model": _normalised_merges(model),
                    "added_tokens": [{"id": a["id"], "content": a["content"], "special": a.get("special")} for a in added],
                    "normalizer": definition.get("normalizer"),
                    "pre_tokenizer": definition.get("pre_tokenizer"),
                }
            )
            ids = set((model.get("vocab") or {}).values()) | {a["id"] for a in added}
            self.vocab_size = len(ids)
            specials = {a["content"]: a["id"] for a in added if a.get("special")}
            self.eos_token = next((t for t in EOS_CANDIDATES if t in specials), None)
            self.eos_token_id = specials.get(self.eos_token) if self.eos_token else None
            self._added_contents = tuple(a["content"] for a in added)
        else:
            encoding = self._tiktoken()
            self.vocab_size = encoding.n_vocab
            digest = hashlib.sha256()
            for token, rank in sorted(encoding._mergeable_ranks.items(), key=lambda item: item[1]):
                digest.update(rank.to_bytes(4, "little") + len(token).to_bytes(2, "little") + token)
            for token, rank in sorted(encoding._special_tokens.items(), key=lambda item: item[1]):
                digest.update(b"special" + rank.to_bytes(4, "little") + token.encode("utf-8"))
            digest.update(encoding._pat_str.encode("utf-8"))
            self.vocab_sha256 = digest.hexdigest()
            self.eos_token = next((t for t in EOS_CANDIDATES if t in encoding._special_tokens), None)
            self.eos_token_id = encoding._special_tokens.get(self.eos_token) if self.eos_token else None
            self._added_contents = ()

    def _reset_runtime(self) -> None:
        self._hf = None
        self._tiktoken_obj = None
        self._fast = None
        # off | pending | verifying | verified | rejected: <reason> | unavailable: <reason>
        self._fast_status = "pending" if (self.fast_path and self._definition_json is not None) else "off"
        self._verified_chars = 0
        self._chunks_since_check = 0

    def __getstate__(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "name": self.name,
            "definition_json": self._definition_json,
            "tiktoken_encoding": self._tiktoken_encoding,
            "fast_path": self.fast_path,
            "verify_chars": self.verify_chars,
            "spot_check_every": self.spot_check_every,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)

    def __repr__(self) -> str:
        return f"CodeTokenizer(name={self.name!r}, vocab_size={self.vocab_size}, fast_path={self.fast_path_status!r})"

    @property
    def fast_path_status(self) -> str:
        return self._fast_status

    def describe(self) -> dict[str, Any]:
        """What a build manifest records about the tokenizer."""
        return {
            "spec": self.spec,
            "name": self.name,
            "vocab_size": self.vocab_size,
            "vocab_sha256": self.vocab_sha256,
            "eos_token": self.eos_token,
            "eos_token_id": self.eos_token_id,
        }

    # --- lazily built engines -------------------------------------------------------------------
    def _huggingface(self):
        if self._hf is None:
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_str(self._definition_json)
            tokenizer.no_truncation()
            tokenizer.no_padding()
            self._hf = tokenizer
        return self._hf

    def _tiktoken(self):
        if self._tiktoken_obj is None:
            self._tiktoken_obj = _cached_tiktoken_encoding(self.spec, self._tiktoken_encoding)
        return self._tiktoken_obj

    def _fast_encoding(self):
        """The tiktoken equivalent once structurally checked and probed, else None."""
        if self._fast_status == "pending":
            encoding, reason = tiktoken_equivalent(json.loads(self._definition_json), name=self.name)
            if encoding is None:
                self._fast_status = f"unavailable: {reason}"
            else:
                probe = [t for t in PROBE_TEXTS + _stdlib_probe_texts() if not self._has_added_token(t)]
                mismatch = first_mismatch(probe, self._hf_ids(probe), encoding.encode_ordinary_batch(probe, num_threads=1))
                if mismatch:
                    self._fast_status = f"rejected: probe {mismatch}"
                    logger.warning("tokenizer %s: fast path rejected on the probe set: %s", self.name, mismatch)
                else:
                    self._fast = encoding
                    self._fast_status = "verifying"
        return self._fast if self._fast_status in ("verifying", "verified") else None

    def _has_added_token(self, text: str) -> bool:
        return any(content in text for content in self._added_contents)

    # --- encoding -------------------------------------------------------------------------------
    def _hf_ids(self, texts: Sequence[str], threads: int = 1) -> list[list[int]]:
        tokenizer = self._huggingface()
        if threads > 1:
            return [e.ids for e in tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)]
        return [tokenizer.encode(text, add_special_tokens=False).ids for text in texts]

    def _hf_counts(self, texts: Sequence[str], threads: int = 1) -> list[int]:
        tokenizer = self._huggingface()
        if threads > 1:
            # Rayon's pool (size: RAYON_NUM_THREADS, else all cores) does the parallel work
            return [len(e) for e in tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)]
        return [len(tokenizer.encode(text, add_special_tokens=False)) for text in texts]

    def encode(self, text: str) -> list[int]:
        """Token ids of `text` without any added end-of-document or begin token."""
        if self._definition_json is None:
            return self._tiktoken().encode_ordinary(text)
        return self._huggingface().encode(text, add_special_tokens=False).ids

    def count(self, texts: Sequence[str], *, threads: int = 1) -> list[int]:
        """Token counts of `texts` (without the end-of-document token), equal to `len(encode(text))`.

        `threads` > 1 encodes in parallel inside this process (tiktoken's thread pool, or tokenizers'
        Rayon pool on the fallback path); keep it at 1 when datatrove already runs one task per core.
        """
        if isinstance(texts, str):
            raise TypeError("count() takes a sequence of texts, not one str")
        texts = list(texts)
        if self._definition_json is None:
            encoding = self._tiktoken()
            if threads > 1:
                return [len(ids) for ids in encoding.encode_ordinary_batch(texts, num_threads=threads)]
            return [len(encoding.encode_ordinary(text)) for text in texts]
        if (self._fast_encoding() if self.fast_path else None) is None:
            return self._hf_counts(texts, threads)

        counts: list[int] = [0] * len(texts)
        plain_index = [i for i, text in enumerate(texts) if not self._has_added_token(text)]
        special_index = [i for i, text in enumerate(texts) if self._has_added_token(text)]
        if special_index:
            # tokenizers splits added tokens out of raw text; the fast path would read them as text
            for i, n in zip(special_index, self._hf_counts([texts[i] for i in special_index], threads)):
                counts[i] = n
        plain_counts: list[int] = []
        for chunk in _chunks([texts[i] for i in plain_index], self.CHUNK_CHARS):
            plain_counts.extend(self._count_plain_chunk(chunk, threads))
        for i, n in zip(plain_index, plain_counts):
            counts[i] = n
        return counts

    #: Verification and spot checks work on chunks of about this many characters, so a huge batch is
    #: neither verified whole on the slow path nor skipped by a spot check whole.
    CHUNK_CHARS = 262_144

    def _count_plain_chunk(self, texts: list[str], threads: int) -> list[int]:
        fast = self._fast if self._fast_status in ("verifying", "verified") else None
        if fast is None:
            return self._hf_counts(texts, threads)
        if self._fast_status == "verifying" or self._chunks_since_check + 1 >= self.spot_check_every:
            self._chunks_since_check = 0
            reference = self._hf_ids(texts, threads)
            candidate = fast.encode_ordinary_batch(texts, num_threads=max(1, threads))
            mismatch = first_mismatch(texts, reference, candidate)
            if mismatch:
                self._fast_status = f"rejected: {mismatch}"
                self._fast = None
                logger.warning("tokenizer %s: fast path disagrees with tokenizers, using tokenizers: %s", self.name, mismatch)
            elif self._fast_status == "verifying":
                self._verified_chars += sum(len(t) for t in texts)
                if self._verified_chars >= self.verify_chars:
                    self._fast_status = "verified"
            return [len(ids) for ids in reference]
        self._chunks_since_check += 1
        if threads > 1:
            return [len(ids) for ids in fast.encode_ordinary_batch(texts, num_threads=threads)]
        return [len(fast.encode_ordinary(text)) for text in texts]


def _chunks(texts: list[str], max_chars: int):
    chunk: list[str] = []
    chars = 0
    for text in texts:
        if chunk and chars + len(text) > max_chars:
            yield chunk
            chunk, chars = [], 0
        chunk.append(text)
        chars += len(text)
    if chunk:
        yield chunk


_STDLIB_PROBE_MODULES = ("json/decoder.py", "textwrap.py", "string.py", "fractions.py", "enum.py")


def _stdlib_probe_texts() -> tuple[str, ...]:
    """A few standard-library sources: real code present wherever Python runs."""
    import sysconfig

    stdlib = Path(sysconfig.get_paths()["stdlib"])
    texts = []
    for relative in _STDLIB_PROBE_MODULES:
        path = stdlib / relative
        if path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return tuple(texts)


# --- loading ------------------------------------------------------------------------------------
def load_tokenizer(spec: str, *, fast_path: bool = True) -> CodeTokenizer:
    """Load the tokenizer named by `spec` (see the module docstring). Raises TokenizerLoadError."""
    if not isinstance(spec, str) or not spec.strip():
        raise TokenizerLoadError(f"tokenizer spec must be a non-empty string, got {spec!r}")
    spec = spec.strip()
    if spec == DEFAULT_SPEC:
        path = default_tokenizer_path()
        if not path.is_file():
            raise TokenizerLoadError(f"tokenizer 'default': the packaged file {path} is missing (broken install)")
        card = path.with_name("card.json")
        name = json.loads(card.read_text())["name"] if card.is_file() else "codemix-default"
        return _from_file(spec, path, name=name, fast_path=fast_path)
    if spec.startswith(TIKTOKEN_PREFIX):
        encoding_name = spec[len(TIKTOKEN_PREFIX):]
        return CodeTokenizer(spec=spec, name=spec, tiktoken_encoding=encoding_name, fast_path=fast_path)
    path = Path(spec).expanduser()
    if path.is_dir():
        path = path / "tokenizer.json"
        if not path.is_file():
            raise TokenizerLoadError(f"tokenizer {spec!r}: the directory has no tokenizer.json")
    if path.is_file():
        return _from_file(spec, path, name=str(path.resolve()), fast_path=fast_path)
    if spec.endswith(".json") or spec.startswith((".", "/", "~")) or os.sep in spec.strip("/").replace("/", "", 1):
        raise TokenizerLoadError(f"tokenizer {spec!r}: no such file")
    if not _HUB_NAME.match(spec):
        raise TokenizerLoadError(f"tokenizer {spec!r}: neither 'default', a tokenizer.json path, a Hub name nor tiktoken:NAME")
    return _from_hub(spec, fast_path=fast_path)


def _from_file(spec: str, path: Path, *, name: str, fast_path: bool) -> CodeTokenizer:
    try:
        text = path.read_text(encoding="utf-8")
        json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TokenizerLoadError(f"tokenizer {spec!r}: cannot read {path}: {error}") from error
    tokenizer = CodeTokenizer(spec=spec, name=name, definition_json=text, fast_path=fast_path)
    try:
        tokenizer._huggingface()  # validate now: a broken file should fail at load, not in a worker
    except Exception as error:  # tokenizers raises plain Exception subclasses from Rust
        raise TokenizerLoadError(f"tokenizer {spec!r}: {path} is not a valid tokenizer.json: {error}") from error
    return tokenizer


def _env_true(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _hub_reachable(endpoint: str, timeout_s: float = 3.0) -> str | None:
    """None when a TCP connection to the Hub endpoint opens, else the reason it does not."""
    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return None  # a proxy decides; let the download try (it has its own timeout)
    parsed = urlparse(endpoint)
    host = parsed.hostname or "huggingface.co"
    port = parsed.port or (443 if parsed.scheme != "http" else 80)
    try:
        socket.create_connection((host, port), timeout=timeout_s).close()
    except OSError as error:
        return f"{host}:{port} is unreachable ({error})"
    return None


def _from_hub(spec: str, *, fast_path: bool) -> CodeTokenizer:
    try:
        from huggingface_hub import constants, hf_hub_download, try_to_load_from_cache
    except ImportError as error:
        raise TokenizerLoadError(f"tokenizer {spec!r}: loading Hub tokenizers needs huggingface_hub") from error
    cached = try_to_load_from_cache(spec, "tokenizer.json")
    if isinstance(cached, str) and Path(cached).is_file():
        return _from_file(spec, Path(cached), name=spec, fast_path=fast_path)
    if _env_true("HF_HUB_OFFLINE") or constants.HF_HUB_OFFLINE:
        raise TokenizerLoadError(
            f"tokenizer {spec!r}: not a local file and not in the Hugging Face cache ({constants.HF_HUB_CACHE}), "
            "and HF_HUB_OFFLINE is set: use 'default' or a tokenizer.json path"
        )
    unreachable = _hub_reachable(constants.ENDPOINT)
    if unreachable:
        raise TokenizerLoadError(
            f"tokenizer {spec!r}: not a local file, not in the Hugging Face cache ({constants.HF_HUB_CACHE}), "
            f"and the Hub is unreachable: {unreachable}. Use 'default' or a tokenizer.json path"
        )
    try:
        path = hf_hub_download(spec, "tokenizer.json")
    except Exception as error:
        raise TokenizerLoadError(f"tokenizer {spec!r}: download of tokenizer.json from the Hub failed: {error}") from error
    return _from_file(spec, Path(path), name=spec, fast_path=fast_path)


def _cached_tiktoken_encoding(spec: str, encoding_name: str):
    """A tiktoken encoding from tiktoken's cache only: the download function is blocked while loading."""
    try:
        import tiktoken
        import tiktoken.load
    except ImportError as error:
        raise TokenizerLoadError(f"tokenizer {spec!r}: tiktoken is not installed") from error
    if encoding_name not in tiktoken.list_encoding_names():
        raise TokenizerLoadError(f"tokenizer {spec!r}: tiktoken knows no encoding {encoding_name!r} ({tiktoken.list_encoding_names()})")

    def refuse_download(blobpath: str) -> bytes:
        raise TokenizerLoadError(
            f"tokenizer {spec!r}: tiktoken's file {blobpath} is not in its cache (TIKTOKEN_CACHE_DIR) and codemix does not download it"
        )

    original = tiktoken.load.read_file
    tiktoken.load.read_file = refuse_download
    try:
        return tiktoken.get_encoding(encoding_name)
    finally:
        tiktoken.load.read_file = original


_LOADED: dict[str, CodeTokenizer] = {}


def load_tokenizer_once(tokenizer: "str | Any") -> Any:
    """`load_tokenizer(spec)` once per process and spec (a worker that runs several ranks in turn loads it
    once); an object that already counts (`count(texts) -> list[int]`, e.g. a test's stand-in) is returned
    as it is."""
    if not isinstance(tokenizer, str):
        return tokenizer
    if tokenizer not in _LOADED:
        _LOADED[tokenizer] = load_tokenizer(tokenizer)
    return _LOADED[tokenizer]
