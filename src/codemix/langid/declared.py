"""Declared labels: a language the input states (`language_key`, metadata `claimed_language`) as evidence.

A JSONL or Parquet input often carries a language column that is right (The Stack's `lang`, HumanEval-X's
task ids, a team's own metadata). How much it counts is the build's choice (`classify.declared`):

- `trust`: the declared language is the label. Its grammar still parses the text (as a snippet: dedented
  or wrapped where the grammar needs a top level, see `verify.snippet_parse_check`) and a text it cannot
  parse is reported (`declared+parse_failed`, stat `declared_parse_failed`), but keeps the label.
- `verify` (the default): the content classifier runs as without a declaration. It agrees: the declared
  label, `declared+agrees`. It disagrees: the declared label stays (`declared+disagrees`, both labels in the
  evidence) unless two things say otherwise: the content is confident (at least `OVERRULE_MIN_CONFIDENCE`)
  *and* the grammars side with it: the declared language's grammar does not parse the text cleanly, and the
  content's language (when it has a grammar) parses it with fewer errors. Then the content's label wins
  (`...;declared_overruled:<declared>`). A declared language that has no grammar here (`other:cpp`) is
  overruled by a confident content label alone. (A C# method the content model calls Java keeps its
  declared C#: C#'s grammar parses it, Java's does not; a Kotlin file declared Java becomes `other`.)
- `ignore`: the declaration plays no part; the content (and the path) decide.

Bad input (empty, binary, invalid UTF-8, one endless line) is `other` whatever the declaration says: it is
not text a language column can describe. A declared language outside the build's `languages` is `other`
(`;unselected:<name>`), as a content label would be. Documents without a declaration are classified as
usual in every mode. The decision is made here, once: every later stage (the monolingual components,
pairing) uses the decided `language`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from codemix import OTHER
from codemix import languages as registry
from codemix.langid.classifier import BAD_INPUT_EVIDENCE, Classification, LanguageClassifier
from codemix.grammars import ParseCheck
from codemix.langid.verify import cut_at_line, snippet_parse_check

DeclaredMode = Literal["trust", "verify", "ignore"]
DECLARED_MODES: tuple[str, ...] = ("trust", "verify", "ignore")
DEFAULT_DECLARED_MODE: DeclaredMode = "verify"

# `verify`: the content overrules a declared language only when it is at least this sure (and the
# grammars side with it).
OVERRULE_MIN_CONFIDENCE = 0.95
# `trust`: a declared language whose grammar leaves more than this share of the text in ERROR nodes is
# reported (the classifier confirms a path label up to the same share).
PARSE_MAX_ERROR_FRACTION = LanguageClassifier.PATH_PARSE_MAX_ERROR_FRACTION

# Evidence strings of the decisions (their main part, before `;`, names the stat `evidence_<main>`).
DECLARED_PARSE = "declared+parse"
DECLARED_PARSE_FAILED = "declared+parse_failed"
DECLARED_OTHER = "declared"
DECLARED_AGREES = "declared+agrees"
DECLARED_DISAGREES = "declared+disagrees"
OVERRULED_NOTE = ";declared_overruled:"


def declared_language(claimed: object) -> str | None:
    """The label a declaration stands for: a registered language (`Python`, `py`, `C#`), `other` for any
    other name (`other:cpp`, `Kotlin`), None for no declaration."""
    if claimed is None:
        return None
    name = str(claimed).strip()
    if not name:
        return None
    return registry.language_of_name(name) or OTHER


class DeclaredLabels:
    """Decides the language of documents that may carry a declared one, with a `LanguageClassifier`."""

    def __init__(self, *, classifier: LanguageClassifier, mode: DeclaredMode = DEFAULT_DECLARED_MODE) -> None:
        if mode not in DECLARED_MODES:
            raise ValueError(f"declared must be one of {', '.join(DECLARED_MODES)}, got {mode!r}")
        self.classifier = classifier
        self.mode = mode

    def classify_batch(self, items: Sequence[tuple[bytes | str, str | None, object]]) -> list[Classification]:
        """(data, path, declared name or None) -> one classification each, in order."""
        declared = [declared_language(claim) if self.mode != "ignore" else None for _data, _path, claim in items]
        if self.mode == "trust":
            # only the undeclared documents need the classifier
            undeclared = [position for position, label in enumerate(declared) if label is None]
            classified = dict(zip(undeclared, self.classifier.classify_batch([items[i][:2] for i in undeclared])))
            return [
                classified[position] if label is None else self._trusted(items[position][0], label, items[position][2])
                for position, label in enumerate(declared)
            ]
        results = self.classifier.classify_batch([item[:2] for item in items])
        return [
            result if label is None else self._verified(item[0], result, label, item[2])
            for item, result, label in zip(items, results, declared)
        ]

    # --- trust ----------------------------------------------------------------------------------------
    def _trusted(self, data: bytes | str, label: str, claim: object) -> Classification:
        text, bad = self.classifier.decode(data)
        if bad is not None:
            return Classification(OTHER, 1.0, bad)
        assert text is not None
        if label == OTHER:
            return Classification(OTHER, 0.99, f"{DECLARED_OTHER}:{claim}")
        if self._parse(text, label).error_fraction > PARSE_MAX_ERROR_FRACTION:
            return self.classifier.restrict(Classification(label, 0.9, DECLARED_PARSE_FAILED))
        return self.classifier.restrict(Classification(label, 0.99, DECLARED_PARSE))

    # --- verify ---------------------------------------------------------------------------------------
    def _verified(self, data: bytes | str, content: Classification, label: str, claim: object) -> Classification:
        if content.evidence in BAD_INPUT_EVIDENCE:
            return content
        # what the content says, before the classifier folds a language outside the build into `other`
        _, unselected, rest = content.evidence.partition(";unselected:")
        content_label = rest.split(";", 1)[0] if unselected else content.language
        if content_label == label:
            agreed = Classification(label, max(content.confidence, 0.9), f"{DECLARED_AGREES};content:{content.evidence}")
            return self.classifier.restrict(agreed)
        if content.confidence >= OVERRULE_MIN_CONFIDENCE and self._grammars_side_with_content(data, label, content_label):
            return Classification(content.language, content.confidence, f"{content.evidence}{OVERRULED_NOTE}{claim}")
        both = f"declared:{claim};content:{content_label}@{content.confidence:.2f}:{content.evidence}"
        return self.classifier.restrict(Classification(label, 0.9, f"{DECLARED_DISAGREES};{both}"))

    # --- shared ---------------------------------------------------------------------------------------
    def _parse(self, text: str, label: str) -> ParseCheck:
        return snippet_parse_check(cut_at_line(text.encode("utf-8"), self.classifier.max_parse_bytes), label)

    def _grammars_side_with_content(self, data: bytes | str, declared: str, content: str) -> bool:
        """The declared language's grammar does not parse the text cleanly, and the content's language (if it
        has a grammar) parses it with fewer errors. A declared language without a grammar never objects."""
        if declared == OTHER:
            return True
        text, _bad = self.classifier.decode(data)
        assert text is not None
        declared_check = self._parse(text, declared)
        if declared_check.clean:
            return False
        if content == OTHER:
            return True
        content_check = self._parse(text, content)
        return (content_check.error_bytes, content_check.problems) < (declared_check.error_bytes, declared_check.problems)
