"""`codemix pair-preview`: render two files as one paired training document, to see a template at work.

    codemix pair-preview main.py Main.java [--config build.yaml] [--format prompt] [--src-lang L] [--tgt-lang L]

Prints the document as the build would write it; on stderr, its token count (end-of-document token included
when the config says so), whether it fits `max_tokens`, and each side's parse check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codemix import languages
from codemix.errors import EXIT_OK, EXIT_USAGE


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pair-preview",
        help="render two files (a program and its translation) as one paired training document",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument("source", help="the source program")
    parser.add_argument("target", help="its translation")
    parser.add_argument("--config", help="a build config whose `pairing` section and tokenizer to use")
    parser.add_argument("--format", choices=["direct", "prompt"], help="override the config's format")
    parser.add_argument("--src-lang", choices=languages.names(), help="default: from the source's extension")
    parser.add_argument("--tgt-lang", choices=languages.names(), help="default: from the target's extension")
    parser.set_defaults(func=run)


def _language(path: Path, given: str | None, flag: str) -> str:
    if given:
        return given
    language = languages.extension_languages().get(path.suffix.lower())
    if language is None:
        raise ValueError(f"{path}: cannot tell the language from the extension {path.suffix!r}: pass {flag}")
    return language


def run(args: argparse.Namespace) -> int:
    from codemix.pairing.groups import parse_error_share
    from codemix.pairing.render import PairRenderer
    from codemix.tokens import load_tokenizer_once
    from codemix.schemas.config import ConfigError, PairingConfig, load_config

    tokenizer, add_eos = "default", True
    pairing = PairingConfig()
    try:
        if args.config:
            config = load_config(args.config, check_paths=False)
            tokenizer, add_eos = config.tokenizer, config.add_eos_token
            pairing = config.pairing or pairing
        source, target = Path(args.source), Path(args.target)
        src_lang = _language(source, args.src_lang, "--src-lang")
        tgt_lang = _language(target, args.tgt_lang, "--tgt-lang")
        if src_lang == tgt_lang:
            raise ValueError(f"both files are {src_lang}: a pair joins two languages")
        texts = {}
        for path in (source, target):
            try:
                texts[path] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise ValueError(f"{path}: cannot read it as UTF-8 text: {error}") from None
    except (ConfigError, ValueError) as error:
        print(f"codemix pair-preview: {error}", file=sys.stderr)
        return EXIT_USAGE

    format_name = args.format or pairing.format
    renderer = PairRenderer(template=getattr(pairing.templates, format_name), format_name=format_name)
    text = renderer.render(src_lang=src_lang, tgt_lang=tgt_lang, src_code=texts[source], tgt_code=texts[target]).text
    tokens = load_tokenizer_once(tokenizer).count([text])[0] + (1 if add_eos else 0)
    sys.stdout.write(text)
    sys.stdout.flush()
    fits = "fits" if tokens <= pairing.max_tokens else "exceeds"
    print(f"\n{src_lang}->{tgt_lang}, format {format_name}: {tokens} tokens ({fits} max_tokens {pairing.max_tokens})",
          file=sys.stderr)
    for path, language in ((source, src_lang), (target, tgt_lang)):
        share = parse_error_share(texts[path], language)
        verdict = "ok" if share <= pairing.parse_error_tolerance else "over parse_error_tolerance"
        print(f"{path}: {language}, parse errors {share:.2%} of bytes ({verdict})", file=sys.stderr)
    return EXIT_OK
