"""The tokenizer layer: the shipped default, local tokenizer.json files, the Hub path's fast failure
offline, pickling, and the proven-equivalent fast path with its fallback."""

from __future__ import annotations

import json
import pickle
import sysconfig
from pathlib import Path

import pytest
from tokenizers import Tokenizer, models

from codemix.tokens import CodeTokenizer, TokenizerLoadError, default_tokenizer_path, load_tokenizer
from codemix.tokens.fastpath import bytes_to_unicode
from codemix.tokens.train import SPECIAL_TOKENS, new_code_bpe, train_code_bpe

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def stdlib_sources(limit: int) -> list[str]:
    """Real Python code present wherever the tests run."""
    texts = []
    for path in sorted(STDLIB.glob("*.py")):
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
        if len(texts) == limit:
            break
    assert len(texts) == limit, f"standard library at {STDLIB} has fewer than {limit} readable modules"
    return texts


@pytest.fixture(scope="module")
def default() -> CodeTokenizer:
    return load_tokenizer("default")


def test_default_tokenizer_is_a_code_bpe_with_an_eos_token(default: CodeTokenizer) -> None:
    assert 32_000 <= default.vocab_size <= 65_536
    assert default.eos_token == "<|endoftext|>"
    assert default.encode("<|endoftext|>") == [default.eos_token_id]
    card = json.loads(default_tokenizer_path().with_name("card.json").read_text())
    assert card["vocab_sha256"] == default.vocab_sha256
    assert card["vocab_size"] == default.vocab_size
    assert default.name == card["name"]
    assert default.describe() == {
        "spec": "default", "name": card["name"], "vocab_size": card["vocab_size"], "vocab_sha256": card["vocab_sha256"],
        "eos_token": "<|endoftext|>", "eos_token_id": 0,
    }
    # the same file loaded by path gives the same hash: the hash is of the definition, not the spec
    assert load_tokenizer(str(default_tokenizer_path())).vocab_sha256 == default.vocab_sha256


def test_default_round_trips_code_and_counts_equal_encode_lengths(default: CodeTokenizer) -> None:
    texts = stdlib_sources(40)
    hf = Tokenizer.from_file(str(default_tokenizer_path()))
    assert hf.decode(default.encode(texts[0])) == texts[0]
    counts = default.count(texts)
    assert counts == [len(hf.encode(t, add_special_tokens=False).ids) for t in texts]
    assert all(c > 0 for c in counts)
    # code compresses: a 48k code BPE gives well over 2 characters per token on Python
    assert sum(map(len, texts)) / sum(counts) > 2.5


def test_fast_path_is_verified_on_real_code_and_agrees_with_tokenizers(default: CodeTokenizer) -> None:
    texts = stdlib_sources(60)
    fast = load_tokenizer("default")
    slow = load_tokenizer("default", fast_path=False)
    fast.verify_chars = 100_000  # prove on the first ~100k characters, then count on the fast path
    fast.spot_check_every = 1_000_000
    batches = [texts[i:i + 10] for i in range(0, len(texts), 10)]
    fast_counts = [n for batch in batches for n in fast.count(batch)]
    assert fast.fast_path_status == "verified"
    assert slow.fast_path_status == "off"
    assert fast_counts == slow.count(texts)
    # texts holding added tokens go through tokenizers (which splits them out) even on the fast path
    mixed = ["x = 1<|endoftext|>y = 2", "<|file_sep|>\n" + texts[0]]
    assert fast.count(mixed) == slow.count(mixed)
    assert fast.count(mixed)[0] == len(slow.encode("x = 1")) + 1 + len(slow.encode("y = 2"))
    assert fast.count(texts[:5], threads=2) == slow.count(texts[:5], threads=2)


def test_pickled_tokenizer_is_lazy_and_counts_the_same(default: CodeTokenizer) -> None:
    texts = stdlib_sources(3)
    expected = default.count(texts)
    clone = pickle.loads(pickle.dumps(default))
    assert clone._hf is None and clone._fast is None  # engines are rebuilt lazily in the new process
    assert clone.fast_path_status == "pending"
    assert (clone.name, clone.vocab_sha256, clone.eos_token) == (default.name, default.vocab_sha256, default.eos_token)
    assert clone.count(texts) == expected


def test_count_rejects_a_bare_string(default: CodeTokenizer) -> None:
    with pytest.raises(TypeError, match="sequence of texts"):
        default.count("def f(): pass")


def _tiny_trained(tmp_path: Path) -> Path:
    tokenizer = train_code_bpe(stdlib_sources(30), vocab_size=600)
    path = tmp_path / "tiny" / "tokenizer.json"
    path.parent.mkdir()
    tokenizer.save(str(path))
    return path


def test_local_tokenizer_json_by_file_and_by_directory(tmp_path: Path) -> None:
    path = _tiny_trained(tmp_path)
    texts = stdlib_sources(5)
    reference = Tokenizer.from_file(str(path))
    expected = [len(reference.encode(t, add_special_tokens=False).ids) for t in texts]
    by_file = load_tokenizer(str(path))
    by_dir = load_tokenizer(str(path.parent))
    assert by_file.vocab_size == 600
    assert by_file.count(texts) == expected
    assert by_dir.count(texts) == expected
    assert by_file.vocab_sha256 == by_dir.vocab_sha256 != load_tokenizer("default").vocab_sha256


def test_a_tokenizer_without_eos_reports_none(tmp_path: Path) -> None:
    tokenizer = train_code_bpe(stdlib_sources(5), vocab_size=400, special_tokens=("<|pad|>",))
    path = tmp_path / "tokenizer.json"
    tokenizer.save(str(path))
    loaded = load_tokenizer(str(path))
    assert loaded.eos_token is None and loaded.eos_token_id is None


def test_bad_local_specs_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(TokenizerLoadError, match="no such file"):
        load_tokenizer(str(tmp_path / "missing" / "tokenizer.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(TokenizerLoadError, match="broken.json"):
        load_tokenizer(str(broken))
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"model": {"type": "NoSuchModel"}}))
    with pytest.raises(TokenizerLoadError, match="not a valid tokenizer.json"):
        load_tokenizer(str(wrong))
    (tmp_path / "empty_dir").mkdir()
    with pytest.raises(TokenizerLoadError, match="no tokenizer.json"):
        load_tokenizer(str(tmp_path / "empty_dir"))
    with pytest.raises(TokenizerLoadError, match="non-empty"):
        load_tokenizer("  ")


def test_hub_name_fails_at_once_when_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "empty-cache"))

    def no_network(*args, **kwargs):
        raise AssertionError("the offline Hub path must not try the network")

    monkeypatch.setattr(huggingface_hub, "hf_hub_download", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    with pytest.raises(TokenizerLoadError, match=r"'bigcode/starcoder2-3b'.*HF_HUB_OFFLINE"):
        load_tokenizer("bigcode/starcoder2-3b")


def test_hub_name_fails_at_once_when_the_hub_is_unreachable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    for proxy in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "empty-cache"))

    def unreachable(address, timeout=None):
        raise OSError(f"simulated: no route to {address[0]}")

    def no_download(*args, **kwargs):
        raise AssertionError("no download (and no retry loop) when the Hub is unreachable")

    monkeypatch.setattr("socket.create_connection", unreachable)
    monkeypatch.setattr(huggingface_hub, "hf_hub_download", no_download)
    with pytest.raises(TokenizerLoadError, match=r"'gpt2'.*unreachable.*simulated"):
        load_tokenizer("gpt2")


def test_hub_name_loads_from_the_local_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Hub name found in the Hugging Face cache loads without the network (cache laid out as the Hub does)."""
    import huggingface_hub
    import huggingface_hub.constants

    cache = tmp_path / "hub"
    snapshot = cache / "models--acme--tiny-code" / "snapshots" / ("0" * 40)
    snapshot.mkdir(parents=True)
    (cache / "models--acme--tiny-code" / "refs").mkdir()
    (cache / "models--acme--tiny-code" / "refs" / "main").write_text("0" * 40)
    source = _tiny_trained(tmp_path)
    (snapshot / "tokenizer.json").write_bytes(source.read_bytes())
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    loaded = load_tokenizer("acme/tiny-code")
    assert loaded.name == "acme/tiny-code"
    assert loaded.vocab_sha256 == load_tokenizer(str(source)).vocab_sha256


def test_unknown_tiktoken_encoding_is_a_clear_error() -> None:
    pytest.importorskip("tiktoken")
    with pytest.raises(TokenizerLoadError, match="no encoding 'nope'"):
        load_tokenizer("tiktoken:nope")


def _adversarial_bpe(tmp_path: Path, *, normalizer: bool = False) -> Path:
    """A byte-level BPE where tiktoken and tokenizers disagree on the word 'abc'.

    merges: b+c (first), a+b, ab+c. tokenizers: a|b|c -> a|bc, and (a, bc) is no merge: 2 tokens.
    tiktoken merges any pair whose concatenation is in the vocabulary: a|bc -> abc: 1 token.
    """
    alphabet = list(bytes_to_unicode().values())
    vocab = {token: i for i, token in enumerate(SPECIAL_TOKENS)}
    for char in alphabet:
        vocab[char] = len(vocab)
    for token in ("bc", "ab", "abc"):
        vocab[token] = len(vocab)
    tokenizer = new_code_bpe()
    tokenizer.model = models.BPE(vocab=vocab, merges=[("b", "c"), ("a", "b"), ("ab", "c")])
    tokenizer.add_special_tokens(list(SPECIAL_TOKENS))
    if normalizer:
        from tokenizers import normalizers

        tokenizer.normalizer = normalizers.NFC()
    path = tmp_path / ("adversarial-nfc.json" if normalizer else "adversarial.json")
    tokenizer.save(str(path))
    return path


def test_fast_path_falls_back_when_it_disagrees_on_the_data(tmp_path: Path) -> None:
    tokenizer = load_tokenizer(str(_adversarial_bpe(tmp_path)))
    hf = Tokenizer.from_file(str(_adversarial_bpe(tmp_path)))
    assert len(hf.encode("abc", add_special_tokens=False).ids) == 2
    texts = ["let abc = 1;", "abc abc", "xyz"]
    assert tokenizer.count(texts) == [len(hf.encode(t, add_special_tokens=False).ids) for t in texts]
    assert tokenizer.fast_path_status.startswith("rejected")
    assert tokenizer.count(["abc"]) == [2]  # stays on tokenizers for good


def test_fast_path_is_not_used_outside_its_family(tmp_path: Path) -> None:
    tokenizer = load_tokenizer(str(_adversarial_bpe(tmp_path, normalizer=True)))
    assert tokenizer.count(["abc"]) == [2]
    assert tokenizer.fast_path_status == "unavailable: a normalizer is set"


def test_tiktoken_encoding_missing_from_its_cache_fails_without_downloading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tiktoken")
    import tiktoken.registry

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "empty-tiktoken-cache"))
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})  # no encoding built earlier in this process

    def no_network(*args, **kwargs):
        raise AssertionError("tiktoken must not download")

    monkeypatch.setattr("socket.create_connection", no_network)
    with pytest.raises(TokenizerLoadError, match=r"'tiktoken:cl100k_base'.*not in its cache"):
        load_tokenizer("tiktoken:cl100k_base")
