"""From one group of translations (documents sharing a pair key) to training and evaluation rows.

The rules, in order:

1. **Members.** A member is taken at its decided `language`, the label its monolingual component has too. A
   language the input states (`claimed_language`) was already weighed against the content by the classify
   stage (`classify.declared`: trust, verify or ignore), so the pairing never second-guesses it: a member is
   never paired as one language while it sits in another language's component.
   (Documents that are not code of a paired language, such as manifests and READMEs, never get here:
   `BucketPairCandidates` skips them.)
2. **One program per language** (`members`, see `codemix.pairing.programs` for order and text):
   - `program` (default): the documents of a language are the files of one program, told apart by `path`.
     Documents with the same path (or, in a table without paths, all of them) are alternatives of one file:
     they are ordered by (highest `language_confidence`, smallest `content_sha256`, smallest `id`) and the
     first that parses under its language's grammar within `parse_error_tolerance` is the file; those before
     it are removed as `parse_error`, those after it left unused. A file with no alternative that parses
     removes the whole program (`parse_error`): half a program is no translation. A language whose documents
     mix paths and no path is removed as `missing_path`.
   - `largest_file`: the documents are alternatives of one file, the largest (UTF-8 bytes) first, then as
     above; the first that parses is the member.
   - `single_file`: as `program`, but a program of more than one file is removed as `multiple_files`.
   Every document of a removed program counts as removed for its reason. The order depends only on the
   members' contents and paths, never on input order or task count.
3. **Pivot.** Without a chosen pivot member the group is dropped: `missing_pivot`, or the reason its pivot
   members were removed (`missing_path`, `multiple_files`, `parse_error`). Without any other
   chosen member it is dropped the same way, with `single_language` when there was never a second language.
4. **Directions.** Training directions pair the pivot with each other language (`both`, `pivot_to_other`,
   `other_to_pivot`) minus `held_out_directions`. Evaluation directions (with `eval_split`) are every ordered
   pair of two non-pivot languages plus the held-out pivot directions.
5. **Length.** A language pair is too long when any of its rendered documents (training or evaluation,
   end-of-document token included when configured; both whole programs) exceeds `max_tokens`. With
   `split_long_pairs` a pair of two one-file programs is split into parts at matching top-level definitions
   when it can be (see `codemix.pairing.split`); otherwise it is dropped (`pairs_dropped_too_long`). A group
   whose every language pair is dropped is dropped as `too_long`.

Every configured direction whose two languages the group has is either made or dropped, with the reason of the
side removed (source first), else the group's reason, else `too_long`: `GroupOutcome.direction_drops`.

Rows come out in the configured language order: for each other language, pivot->X then X->pivot; evaluation
rows source-major in language order.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from codemix.grammars import check_parse
from codemix.pairing.programs import Member, Program
from codemix.pairing.render import PairRenderer, RenderedPair, direction_name, normalise_code
from codemix.pairing.split import split_pair, split_program
from codemix.schemas.config import PairingConfig

#: Group drop reasons; when a group's translations were removed for several reasons, the earliest is reported.
GROUP_DROP_REASONS: tuple[str, ...] = ("missing_pivot", "missing_path", "multiple_files", "parse_error",
                                       "single_language", "too_long")


class TokenCounter(Protocol):
    def count(self, texts: list[str]) -> list[int]: ...


@dataclass
class GroupOutcome:
    pair_key: str
    pair_id: str
    train_rows: list[dict] = field(default_factory=list)
    eval_rows: list[dict] = field(default_factory=list)
    used_rows: list[dict] = field(default_factory=list)
    drop_reason: str | None = None  # set when the group yields nothing
    member_drops: Counter = field(default_factory=Counter)  # reason -> members removed
    members_unused: int = 0  # alternatives of a file (or, with `largest_file`, of a language) not chosen
    pairs_too_long: int = 0  # unordered language pairs removed for length
    pairs_split: int = 0  # unordered language pairs split into parts at top-level definitions
    direction_drops: dict[str, str] = field(default_factory=dict)  # direction not made -> reason
    program_tokens: dict[str, int] = field(default_factory=dict)  # language -> tokens of its paired code
    program_sources: dict[str, list[str]] = field(default_factory=dict)  # language -> its files' paths (or ids)


def pair_id_of(pair_key: str) -> str:
    """A short stable id for a pair key (the key itself may be long or contain path separators)."""
    return hashlib.sha256(pair_key.encode("utf-8")).hexdigest()[:16]


def parse_error_share(text: str, language: str) -> float:
    """Share of the text's bytes under ERROR nodes, each MISSING node counting one byte."""
    check = check_parse(text, language)
    if check.total_bytes == 0:
        return 0.0
    return (check.error_bytes + check.missing_nodes) / check.total_bytes


class GroupPairer:
    """Applies the module's rules to one group at a time."""

    def __init__(
        self,
        *,
        config: PairingConfig,
        languages: Sequence[str],
        token_counter: TokenCounter,
        add_eos_token: bool,
    ) -> None:
        if config.pivot not in languages:
            raise ValueError(f"the pivot {config.pivot!r} is not among the paired languages {list(languages)}")
        self.config = config
        self.languages = tuple(languages)
        self.pivot = config.pivot
        self.others = tuple(lang for lang in self.languages if lang != self.pivot)
        self.token_counter = token_counter
        self.eos_tokens = 1 if add_eos_token else 0
        self.renderer = PairRenderer(template=getattr(config.templates, config.format), format_name=config.format)
        held_out = set(config.held_out_directions)
        train: list[tuple[str, str]] = []
        for other in self.others:
            if config.directions in ("both", "pivot_to_other"):
                train.append((self.pivot, other))
            if config.directions in ("both", "other_to_pivot"):
                train.append((other, self.pivot))
        self.train_directions = tuple(d for d in train if direction_name(*d) not in held_out)
        evaluation: list[tuple[str, str]] = []
        if config.eval_split:
            for src in self.languages:
                for tgt in self.languages:
                    if src == tgt:
                        continue
                    if self.pivot not in (src, tgt) or direction_name(src, tgt) in held_out:
                        evaluation.append((src, tgt))
        self.eval_directions = tuple(evaluation)

    # --- members -----------------------------------------------------------------------------------
    def _choose(self, members: Sequence[Member], outcome: GroupOutcome) -> tuple[dict[str, Program], dict[str, str]]:
        """The program chosen per language, and per language the first reason a member of it was removed."""
        removed_reason: dict[str, str] = {}
        by_language: dict[str, list[Member]] = {}
        for member in members:
            if member.language in self.languages:
                by_language.setdefault(member.language, []).append(member)
        chosen: dict[str, Program] = {}
        for language in self.languages:
            if language not in by_language:
                continue
            program, reason = self._program(language, by_language[language], outcome)
            if program is None:
                removed_reason.setdefault(language, reason)
            else:
                chosen[language] = program
        return chosen, removed_reason

    def _program(self, language: str, documents: list[Member],
                 outcome: GroupOutcome) -> tuple[Program | None, str | None]:
        """The program the documents of one language make under `members` (rule 2), or the reason there is none."""
        if self.config.members == "largest_file":
            alternatives_per_file = [sorted(documents, key=Member.size_key)]
        else:
            by_path: dict[str | None, list[Member]] = {}
            for document in documents:
                by_path.setdefault(document.path, []).append(document)
            if len(by_path) > 1 and None in by_path:
                outcome.member_drops["missing_path"] += len(documents)
                return None, "missing_path"
            if len(by_path) > 1 and self.config.members == "single_file":
                outcome.member_drops["multiple_files"] += len(documents)
                return None, "multiple_files"
            alternatives_per_file = [sorted(by_path[path], key=Member.selection_key) for path in sorted(by_path)]
        files: list[Member] = []
        broken = unused = 0
        for alternatives in alternatives_per_file:
            for index, candidate in enumerate(alternatives):
                if parse_error_share(candidate.text, language) <= self.config.parse_error_tolerance:
                    files.append(candidate)
                    unused += len(alternatives) - index - 1
                    break
                broken += 1
            else:  # no alternative of this file parses: the program is broken as a whole
                outcome.member_drops["parse_error"] += len(documents)
                return None, "parse_error"
        if broken:
            outcome.member_drops["parse_error"] += broken
        outcome.members_unused += unused
        return Program.of(language, files), None

    def _direction_drops(self, chosen: dict[str, Program], removed_reason: dict[str, str],
                         *, group_reason: str | None = None, too_long: frozenset = frozenset()) -> dict[str, str]:
        """Why each configured direction the group has both languages of was not made (see the module's end)."""
        drops: dict[str, str] = {}
        for src, tgt in (*self.train_directions, *self.eval_directions):
            sides = (src, tgt)
            if not all(lang in chosen or lang in removed_reason for lang in sides):
                continue
            missing = [lang for lang in sides if lang not in chosen]
            if missing:
                drops[direction_name(src, tgt)] = removed_reason[missing[0]]
            elif group_reason is not None:
                drops[direction_name(src, tgt)] = group_reason
            elif frozenset(sides) in too_long:
                drops[direction_name(src, tgt)] = "too_long"
        return drops

    def pair(self, pair_key: str, members: Sequence[Member]) -> GroupOutcome:
        """Train rows, eval rows and used ids for one group, or the reason it yields nothing."""
        outcome = GroupOutcome(pair_key=pair_key, pair_id=pair_id_of(pair_key))
        chosen, removed_reason = self._choose(members, outcome)
        if self.pivot not in chosen:
            outcome.drop_reason = removed_reason.get(self.pivot, "missing_pivot")
            outcome.direction_drops = self._direction_drops(chosen, removed_reason, group_reason=outcome.drop_reason)
            return outcome
        present_others = [lang for lang in self.others if lang in chosen]
        if not present_others:
            reasons = [removed_reason[lang] for lang in self.others if lang in removed_reason]
            outcome.drop_reason = min(reasons, key=GROUP_DROP_REASONS.index) if reasons else "single_language"
            outcome.direction_drops = self._direction_drops(chosen, removed_reason, group_reason=outcome.drop_reason)
            return outcome

        train = [d for d in self.train_directions if d[0] in chosen and d[1] in chosen]
        evaluation = [d for d in self.eval_directions if d[0] in chosen and d[1] in chosen]
        counts = _CountCache(self.token_counter)
        # One batch for every full rendering and every program's code: the common case needs no other call.
        full = {d: self._render(d, chosen[d[0]].text, chosen[d[1]].text) for d in (*train, *evaluation)}
        counts.prime([r.text for r in full.values()] + [normalise_code(program.text) for program in chosen.values()])

        # Parts per language pair: [(text by language)], one part unless the pair is split.
        parts: dict[frozenset, list[dict[str, str]]] = {}
        for src, tgt in (*train, *evaluation):
            key = frozenset((src, tgt))
            if key in parts:
                continue
            both = [d for d in (*train, *evaluation) if frozenset(d) == key]
            if all(counts.get(full[d].text) + self.eos_tokens <= self.config.max_tokens for d in both):
                parts[key] = [{src: chosen[src].text, tgt: chosen[tgt].text}]
                continue
            split = (self._split(src, tgt, chosen[src].text, chosen[tgt].text, both, counts)
                     if len(chosen[src].files) == len(chosen[tgt].files) == 1 else None)
            if split is None:
                outcome.pairs_too_long += 1
                parts[key] = []
            else:
                outcome.pairs_split += 1
                parts[key] = split
        train = [d for d in train if parts[frozenset(d)]]
        evaluation = [d for d in evaluation if parts[frozenset(d)]]
        too_long = frozenset(key for key, pieces in parts.items() if not pieces)
        if not train and not evaluation:
            outcome.drop_reason = "too_long"
        outcome.direction_drops = self._direction_drops(chosen, removed_reason, too_long=too_long)
        if outcome.drop_reason is not None:
            return outcome

        in_train: set[str] = set()
        in_eval: set[str] = set()
        for src, tgt in train:
            direction = direction_name(src, tgt)
            pieces = parts[frozenset((src, tgt))]
            for part, texts in enumerate(pieces):
                text = self._render((src, tgt), texts[src], texts[tgt]).text
                encoded = text.encode("utf-8")
                outcome.train_rows.append(
                    {
                        "id": f"{outcome.pair_id}/{direction}" + (f"#{part}" if len(pieces) > 1 else ""),
                        "text": text,
                        "source": "paired",
                        "language": direction,
                        "token_count": counts.get(text) + self.eos_tokens,
                        "bytes": len(encoded),
                        "content_sha256": hashlib.sha256(encoded).hexdigest(),
                        "pair_id": outcome.pair_id,
                        "pair_key": pair_key,
                        "src_lang": src,
                        "tgt_lang": tgt,
                        "format": self.renderer.format_name,
                        "part": part,
                        "src_id": chosen[src].first_id,
                        "tgt_id": chosen[tgt].first_id,
                    }
                )
            in_train.update((src, tgt))
        for src, tgt in evaluation:
            for part, texts in enumerate(parts[frozenset((src, tgt))]):
                rendered = self._render((src, tgt), texts[src], texts[tgt])
                source_text = normalise_code(texts[src])
                outcome.eval_rows.append(
                    {
                        "pair_id": outcome.pair_id,
                        "pair_key": pair_key,
                        "src_lang": src,
                        "tgt_lang": tgt,
                        "format": self.renderer.format_name,
                        "part": part,
                        "prompt_text": rendered.prefix,
                        # both codes as they stand in the rendered document (see render.normalise_code)
                        "source_text": source_text,
                        "target_text": rendered.target,
                        "src_id": chosen[src].first_id,
                        "tgt_id": chosen[tgt].first_id,
                        "src_tokens": counts.get(source_text),
                        "tgt_tokens": counts.get(rendered.target),
                        "token_count": counts.get(rendered.text) + self.eos_tokens,
                    }
                )
            in_eval.update((src, tgt))
        for language in self.languages:
            if language in in_train or language in in_eval:
                program = chosen[language]
                outcome.program_tokens[language] = counts.get(normalise_code(program.text))
                outcome.program_sources[language] = program.sources()
                outcome.used_rows.extend(
                    {
                        "id": file.id,
                        "language": language,
                        "pair_id": outcome.pair_id,
                        "in_train": language in in_train,
                        "in_eval": language in in_eval,
                    }
                    for file in program.files
                )
        return outcome

    def _render(self, direction: tuple[str, str], src_code: str, tgt_code: str) -> RenderedPair:
        return self.renderer.render(src_lang=direction[0], tgt_lang=direction[1], src_code=src_code,
                                    tgt_code=tgt_code)

    def _split(self, first_lang: str, second_lang: str, first_text: str, second_text: str,
               directions: list[tuple[str, str]], counts: "_CountCache") -> list[dict[str, str]] | None:
        """Parts of an over-long language pair split at matching top-level definitions, or None."""
        if not self.config.split_long_pairs:
            return None
        first = split_program(first_text, first_lang)
        second = split_program(second_text, second_lang)
        if first is None or second is None:
            return None

        def fits(first_part: str, second_part: str) -> bool:
            texts = {first_lang: first_part, second_lang: second_part}
            rendered = [self._render(d, texts[d[0]], texts[d[1]]).text for d in directions]
            counts.prime(rendered)
            return all(counts.get(text) + self.eos_tokens <= self.config.max_tokens for text in rendered)

        pieces = split_pair(first, second, fits)
        if pieces is None:
            return None
        return [{first_lang: a, second_lang: b} for a, b in pieces]


class _CountCache:
    """Token counts of texts, each text counted once, in batches."""

    def __init__(self, counter: TokenCounter) -> None:
        self.counter = counter
        self.counts: dict[str, int] = {}

    def prime(self, texts: list[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self.counts))
        if missing:
            self.counts.update(zip(missing, self.counter.count(missing)))

    def get(self, text: str) -> int:
        if text not in self.counts:
            self.prime([text])
        return self.counts[text]
