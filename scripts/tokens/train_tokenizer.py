#!/usr/bin/env python
"""Train codemix's default tokenizer: a byte-level BPE for code on real registry code of seven languages.

Reproducible: the inputs are pinned (the files are listed with their sha256 in `--inputs-list`, and the
card records a digest of that list), files are chosen per language by a seeded hash order up to a byte
budget, fed to the trainer in a fixed interleaved order, and the `tokenizers` BPE trainer is
deterministic for a fixed input sequence. Run time is written to the card.

Sources:
- `--index`: the registry corpus index (/work/cache/registry-code/index.jsonl, one JSON line per file with
  `path`, `project`, `language`, `split`, `bytes`): `split == "train"` files train, `split == "eval"`
  files measure characters per token;
- `--extra LANGUAGE=DIR` (repeatable): local directories of real code (e.g. the Python standard library),
  split train/eval by a seeded hash of the path (10% eval).

Files pass StarCoder's cheap filters before use (UTF-8, <= 1 MB, longest line <= 1000, mean line <= 100,
alphanumeric fraction >= 0.25) and are deduplicated by content.

    /work/venv/bin/python scripts/tokens/train_tokenizer.py \
        --index /work/cache/registry-code/index.jsonl --out src/codemix/assets/tokenizer \
        --inputs-list /work/cache/tokens/training_inputs.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from codemix import TARGET_LANGUAGES  # noqa: E402
from codemix.tokens.train import EOS_TOKEN, PRETOKENIZE_PATTERN, SPECIAL_TOKENS, train_code_bpe  # noqa: E402

EXTENSIONS = {
    "python": (".py",),
    "java": (".java",),
    "javascript": (".js", ".mjs", ".cjs", ".jsx"),
    "typescript": (".ts", ".tsx", ".mts", ".cts"),
    "csharp": (".cs",),
    "go": (".go",),
    "rust": (".rs",),
}
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Candidate:
    path: Path
    key: str  # stable name for hashing and the inputs list (relative path or source-prefixed path)
    language: str
    split: str
    project: str


def seeded_order(seed: int, key: str) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode("utf-8")).hexdigest()


def passes_filters(text: str) -> bool:
    """StarCoder-style cheap filters: drop minified, generated-looking or binary-ish files."""
    if not text.strip():
        return False
    lines = text.splitlines() or [""]
    if max(len(line) for line in lines) > 1000:
        return False
    if len(text) / len(lines) > 100:
        return False
    alnum = sum(ch.isalnum() for ch in text)
    return alnum / len(text) >= 0.25


def read_code(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if len(raw) > MAX_FILE_BYTES or b"\x00" in raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if passes_filters(text) else None


def index_candidates(index: Path) -> list[Candidate]:
    root = index.parent
    out = []
    with index.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                language, split, relative = row["language"], row["split"], row["path"]
            except (json.JSONDecodeError, KeyError) as error:
                raise SystemExit(f"{index}:{line_number}: bad index row ({error})")
            if language not in TARGET_LANGUAGES:
                continue
            path = Path(relative)
            path = path if path.is_absolute() else root / path
            try:  # key the seeded order by the path inside the corpus, not where the corpus sits
                key = path.relative_to(root).as_posix()
            except ValueError:
                key = path.as_posix()
            out.append(Candidate(path, f"registry:{key}", language, split, str(row.get("project", ""))))
    return out


def directory_candidates(language: str, directory: Path, seed: int) -> list[Candidate]:
    out = []
    for path in sorted(directory.rglob("*")):
        if path.suffix in EXTENSIONS[language] and path.is_file() and not path.is_symlink():
            key = f"local:{language}:{path.relative_to(directory)}"
            split = "eval" if int(seeded_order(seed, "split:" + key)[:8], 16) % 10 == 0 else "train"
            out.append(Candidate(path, key, language, split, f"local:{directory}"))
    return out


def select(candidates: list[Candidate], *, split: str, bytes_per_language: int, seed: int):
    """Per language: files of `split` in seeded hash order, filtered and deduplicated, up to the byte budget."""
    by_language: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        if candidate.split == split:
            by_language[candidate.language].append(candidate)
    chosen: dict[str, list[tuple[Candidate, str, str]]] = {}
    for language in TARGET_LANGUAGES:
        seen: set[str] = set()
        picked, used = [], 0
        for candidate in sorted(by_language.get(language, []), key=lambda c: seeded_order(seed, c.key)):
            if used >= bytes_per_language:
                break
            text = read_code(candidate.path)
            if text is None:
                continue
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            picked.append((candidate, text, digest))
            used += len(text.encode("utf-8"))
        chosen[language] = picked
    return chosen


def interleaved(chosen) -> list[str]:
    """Round-robin over languages so no language dominates the trainer's early chunks; fixed order."""
    texts = []
    queues = [list(chosen[language]) for language in TARGET_LANGUAGES]
    position = 0
    while any(position < len(q) for q in queues):
        for queue in queues:
            if position < len(queue):
                texts.append(queue[position][1])
        position += 1
    return texts


def chars_per_token(tokenizer, chosen_eval) -> dict[str, dict]:
    result = {}
    for language in TARGET_LANGUAGES:
        texts = [text for _, text, _ in chosen_eval.get(language, [])]
        if not texts:
            result[language] = {"files": 0}
            continue
        tokens = sum(len(e.ids) for e in tokenizer.encode_batch(texts, add_special_tokens=False))
        chars = sum(len(t) for t in texts)
        utf8_bytes = sum(len(t.encode("utf-8")) for t in texts)
        result[language] = {
            "files": len(texts),
            "chars": chars,
            "bytes": utf8_bytes,
            "tokens": tokens,
            "chars_per_token": round(chars / tokens, 3),
            "bytes_per_token": round(utf8_bytes / tokens, 3),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="registry corpus index.jsonl")
    parser.add_argument("--extra", action="append", default=[], metavar="LANGUAGE=DIR", help="local code directory")
    parser.add_argument("--vocab-size", type=int, default=49152)
    parser.add_argument("--min-frequency", type=int, default=2)
    parser.add_argument("--bytes-per-language", type=int, default=24_000_000, help="training bytes per language")
    parser.add_argument("--eval-bytes-per-language", type=int, default=4_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--name", default="codemix-code-bpe")
    parser.add_argument("--out", type=Path, required=True, help="directory for tokenizer.json and card.json")
    parser.add_argument("--inputs-list", type=Path, help="write the chosen files (key, language, split, sha256) here")
    args = parser.parse_args(argv)

    started = time.time()
    candidates: list[Candidate] = []
    if args.index:
        if not args.index.is_file():
            parser.error(f"--index {args.index}: no such file")
        candidates += index_candidates(args.index)
    for item in args.extra:
        language, _, directory = item.partition("=")
        if language not in TARGET_LANGUAGES or not Path(directory).is_dir():
            parser.error(f"--extra {item!r}: expected LANGUAGE=DIR with LANGUAGE in {TARGET_LANGUAGES} and an existing DIR")
        candidates += directory_candidates(language, Path(directory), args.seed)
    if not candidates:
        parser.error("no input files: give --index and/or --extra")

    train = select(candidates, split="train", bytes_per_language=args.bytes_per_language, seed=args.seed)
    held_out = select(candidates, split="eval", bytes_per_language=args.eval_bytes_per_language, seed=args.seed)
    missing = [language for language in TARGET_LANGUAGES if not train[language]]
    if missing:
        print(f"warning: no training files for {missing}", file=sys.stderr)
    texts = interleaved(train)
    selected = time.time()
    print(f"selected {len(texts)} training files, {sum(len(t) for t in texts) / 1e6:.1f} M chars in {selected - started:.0f} s", file=sys.stderr)

    tokenizer = train_code_bpe(texts, vocab_size=args.vocab_size, min_frequency=args.min_frequency, length=len(texts))
    trained = time.time()
    print(f"trained in {trained - selected:.0f} s", file=sys.stderr)

    args.out.mkdir(parents=True, exist_ok=True)
    tokenizer_path = args.out / "tokenizer.json"
    tokenizer.save(str(tokenizer_path), pretty=False)

    listing = []
    for split_name, chosen in (("train", train), ("eval", held_out)):
        for language in TARGET_LANGUAGES:
            for candidate, text, digest in chosen[language]:
                listing.append({"key": candidate.key, "language": language, "split": split_name, "project": candidate.project,
                                "bytes": len(text.encode("utf-8")), "sha256": digest})
    listing_text = "".join(json.dumps(row, sort_keys=True) + "\n" for row in listing)
    if args.inputs_list:
        args.inputs_list.parent.mkdir(parents=True, exist_ok=True)
        args.inputs_list.write_text(listing_text, encoding="utf-8")

    import tokenizers

    from codemix.tokens import load_tokenizer

    loaded = load_tokenizer(str(tokenizer_path))
    card = {
        "name": f"{args.name}-{args.vocab_size // 1024}k",
        "vocab_size": loaded.vocab_size,
        "vocab_sha256": loaded.vocab_sha256,
        "eos_token": EOS_TOKEN,
        "special_tokens": list(SPECIAL_TOKENS),
        "model": "byte-level BPE (tokenizers BpeTrainer), no normaliser, merge ranks in id order",
        "pre_tokenize_pattern": PRETOKENIZE_PATTERN,
        "training": {
            "seed": args.seed,
            "min_frequency": args.min_frequency,
            "bytes_per_language_budget": args.bytes_per_language,
            "index": str(args.index) if args.index else None,
            "extra_directories": args.extra,
            "inputs_sha256": hashlib.sha256(listing_text.encode("utf-8")).hexdigest(),
            "per_language": {
                language: {
                    "files": len(train[language]),
                    "bytes": sum(len(t.encode("utf-8")) for _, t, _ in train[language]),
                    "projects": len({c.project for c, _, _ in train[language]}),
                }
                for language in TARGET_LANGUAGES
            },
            "selection_seconds": round(selected - started, 1),
            "training_seconds": round(trained - selected, 1),
            "machine": f"{platform.machine()}, Python {platform.python_version()}, tokenizers {tokenizers.__version__}",
        },
        "held_out_chars_per_token": chars_per_token(tokenizer, held_out),
    }
    (args.out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(card["held_out_chars_per_token"], indent=1), file=sys.stderr)
    print(f"wrote {tokenizer_path} ({tokenizer_path.stat().st_size / 1e6:.1f} MB) and card.json in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
