"""Rendering one pair of programs into a training document (or an evaluation prompt) from a template.

A template is a `str.format` string over `codemix.schemas.config.PAIR_TEMPLATE_FIELDS`; `{src_code}` comes
before `{tgt_code}`, each exactly once (the config validates this). A rendered document is always
`prefix + target code + suffix`, and the prefix is what a translation evaluation conditions on.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache

from codemix import languages
from codemix.schemas.documents import direction_name  # noqa: F401 (defined with the shard schema; pairing imports it from here)


@lru_cache(maxsize=256)  # a group renders each member once per direction it is in
def normalise_code(text: str) -> str:
    """The code as it goes into a template: leading blank lines and trailing whitespace removed.

    Templates own the whitespace between the parts, so a file's trailing newlines (or a leading empty line,
    as in HumanEval-X's Rust prompts) do not change the separator. Indentation of the first code line stays.
    """
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    return "\n".join(lines[start:]).rstrip()


@dataclass(frozen=True, slots=True)
class RenderedPair:
    prefix: str  # everything before the target code
    target: str  # the target code as inserted
    suffix: str  # everything after the target code

    @property
    def text(self) -> str:
        return self.prefix + self.target + self.suffix


class PairRenderer:
    """Renders pairs with one template; `format_name` is recorded on every document it makes."""

    def __init__(self, *, template: str, format_name: str) -> None:
        self.template = template
        self.format_name = format_name
        # Parse once: (literal text, field name or None) pieces, in order.
        self._pieces = [(literal, name) for literal, name, _, _ in string.Formatter().parse(template)]

    def render(self, *, src_lang: str, tgt_lang: str, src_code: str, tgt_code: str) -> RenderedPair:
        values = {
            "src_lang": src_lang,
            "tgt_lang": tgt_lang,
            "src_lang_name": languages.display_name(src_lang),
            "tgt_lang_name": languages.display_name(tgt_lang),
            "src_fence": languages.get(src_lang).fence,
            "tgt_fence": languages.get(tgt_lang).fence,
            "src_code": normalise_code(src_code),
        }
        target = normalise_code(tgt_code)
        prefix: list[str] = []
        suffix: list[str] = []
        current = prefix
        for literal, name in self._pieces:
            current.append(literal)
            if name is None:
                continue
            if name == "tgt_code":
                current = suffix
                continue
            current.append(values[name])
        return RenderedPair(prefix="".join(prefix), target=target, suffix="".join(suffix))
