"""Pins that keep datatrove's dedup working next to `datasets` (see pyproject.toml)."""

from importlib import metadata

from packaging.version import Version


def test_xxhash_is_below_4():
    # datasets pulls xxhash 4.x, whose hash functions refuse str input; datatrove's MinHash passes str.
    assert Version(metadata.version("xxhash")) < Version("4")


def test_datatrove_xxhash_hashes_strings_as_minhash_does():
    from datatrove.utils.hashing import HashConfig, create_hash_func

    hash64 = create_hash_func(HashConfig(precision=64, hash_fc="xxhash"))
    hash32 = create_hash_func(HashConfig(precision=32, hash_fc="xxhash"))
    assert hash64("def main():") == hash64("def main():") != hash64("def main() :")
    assert 0 <= hash32("fn main() {}") < 2**32


def test_grammar_wheels_load_offline():
    from codemix import TARGET_LANGUAGES
    from codemix.grammars import check_parse

    samples = {
        "python": "def f(x):\n    return x + 1\n",
        "java": "class A { int f(int x) { return x + 1; } }",
        "javascript": "function f(x) { return x + 1; }",
        "typescript": "function f(x: number): number { return x + 1; }",
        "csharp": "class A { int F(int x) { return x + 1; } }",
        "go": "package main\n\nfunc f(x int) int { return x + 1 }\n",
        "rust": "fn f(x: i32) -> i32 { x + 1 }",
    }
    for language in TARGET_LANGUAGES:
        assert check_parse(samples[language], language).clean, language
        assert not check_parse("def f(:\n  return )(\n", language).clean, language
