"""Count, on the train split only, the pieces that parse cleanly with syntax only one of the seven writes.

    python scripts/langid/count_own_syntax.py [--index ...] [--files-per-language 4000] [--files-per-other-kind 500]
        [--languages typescript,csharp,java,python,go,rust]

The evidence behind letting such syntax overrule a weak `other` (`LanguageClassifier.OWN_SYNTAX_OVER_OTHER`,
`docs/langid.md`): for train-split files chosen as training chooses them (a seeded round-robin over projects, at
most 300 files of one project; up to 4,000 files per language and 500 per `other` kind), the pieces the classifier
meets (the first `CONTENT_PARSE_BYTES` of the file and its 20-line windows from the start and the middle) are read
as the classifier reads them (`verify.typescript_check`, `verify.own_syntax_check`; a piece of fewer than
`SNIPPET_MAX_LINES` lines as a snippet) and counted where the reading parses cleanly and finds TypeScript-only
syntax (no Flow pragma), or the own syntax of C#, Java, Python, Go or Rust (`verify.OWN_SYNTAX_QUERIES`). A count
under `other` is a piece the rule could take from `other` were the model unsure of it; a count under a language is a
piece it could take back.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import add_training_selection_arguments, eval_windows, read_text, training_selection  # noqa: E402

from codemix import OTHER  # noqa: E402
from codemix.langid.classifier import CONTENT_PARSE_BYTES, LanguageClassifier  # noqa: E402
from codemix.langid.verify import OWN_SYNTAX_LANGUAGES, clean_own_syntax, cut_at_line  # noqa: E402


def own_syntax_of(data: bytes, *, snippet: bool, languages: tuple[str, ...] = OWN_SYNTAX_LANGUAGES) -> list[str]:
    """The `languages` whose reading of `data` parses cleanly and finds syntax only they write, as the classifier's
    own-syntax rule sees it (`verify.clean_own_syntax`)."""
    return [language for language in languages if clean_own_syntax(data, language, snippet=snippet)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_training_selection_arguments(parser)
    parser.add_argument("--languages", default=",".join(OWN_SYNTAX_LANGUAGES),
                        help="the own-syntax languages to read, comma-separated (each costs a parse of every piece)")
    args = parser.parse_args(argv)
    languages = tuple(args.languages.split(","))
    unknown = set(languages) - set(OWN_SYNTAX_LANGUAGES)
    if unknown:
        parser.error(f"--languages: no own-syntax query for {', '.join(sorted(unknown))}")
    chosen = training_selection(args)
    snippet_lines = LanguageClassifier.SNIPPET_MAX_LINES
    pieces: Counter = Counter()  # (label, kind) -> pieces read
    hits: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (label, kind) -> language -> pieces with its syntax
    other_kinds: dict[str, Counter] = defaultdict(Counter)  # language -> other kind -> pieces with its syntax
    examples: dict[str, list[str]] = defaultdict(list)

    def counts_line(label: str, kind: str) -> str:
        return f"{label:11} {kind:6} {pieces[label, kind]:7,}  " + "  ".join(
            f"{language} {hits[label, kind][language]:,}" for language in languages)

    for label in sorted(chosen):
        for row in chosen[label]:
            text = read_text(row.path)
            if text is None:
                continue
            for kind, piece in [("file", text), *(("window", window) for _where, window in eval_windows(text))]:
                data = cut_at_line(piece.encode("utf-8"), CONTENT_PARSE_BYTES)
                pieces[label, kind] += 1
                for language in own_syntax_of(data, snippet=piece.count("\n") < snippet_lines, languages=languages):
                    hits[label, kind][language] += 1
                    if label == OTHER:
                        other_kinds[language][row.other_kind] += 1
                        if len(examples[language]) < 10:
                            examples[language].append(f"{kind} {row.path}")
        for kind in ("file", "window"):
            print(f"... {counts_line(label, kind)}", file=sys.stderr, flush=True)
    print("label, piece: pieces; pieces that parse cleanly with syntax only this language writes")
    for label, kind in sorted(pieces):
        print(counts_line(label, kind))
    for language in languages:
        print(f"\nother kinds read as {language}:", dict(other_kinds[language].most_common(15)))
        for example in examples[language]:
            print("    ", example)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
