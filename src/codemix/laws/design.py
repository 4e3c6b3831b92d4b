"""Experiment design: the proxy-run grid a team needs before it can fit its own laws.

`codemix laws design` writes
- ``runs_template.csv``: one row per proxy run in the runs format (`codemix.laws.runs`) with an empty
  `loss` column to fill in after training: per-language N x D runs and the synergy pairs;
- ``configs/<corpus>.yaml``: one `codemix build` config per proxy corpus, copied from a base config
  (its inputs, tokenizer, cleaning, ...) with `languages`, `mixture`, `budget_tokens` and
  `output.path` set. Runs that differ only in N share a corpus.

With the unique tokens of a dry-run plan (`--plan`, or the base config's own `plan.json`), every
corpus is checked before anything is written: a language the plan has no tokens of is skipped (or, if
named in `--languages`, refused), a corpus above `mixture.max_epochs` of the base config (default 16)
is an error, and one above `mixture.warn_epochs` (default 4) a warning.

Synergy design (the paper's): at a total of D tokens, target i alone seen twice against target i +
auxiliary j at 50:50. The seen-twice corpus is built with a budget of D/2 (one pass over D/2 unique
tokens) and trained for 2 epochs; the config file's header comment says how many epochs to train.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

from codemix.laws.fitruns import MIN_DISTINCT_VALUES, grid_problem
from codemix.laws.runs import write_runs_csv
from codemix.schemas.config import DEFAULT_MAX_EPOCHS, DEFAULT_WARN_EPOCHS, format_token_amount


def _tokens_label(tokens: int) -> str:
    for unit, scale in (("T", 10**12), ("B", 10**9), ("M", 10**6), ("K", 10**3)):
        if tokens % scale == 0 and tokens >= scale:
            return f"{tokens // scale}{unit}"
    return str(tokens)


@dataclass(frozen=True)
class DesignResult:
    runs_template: Path
    configs: tuple[Path, ...]
    n_runs: int
    warnings: tuple[str, ...] = ()


class DesignInfeasibleError(ValueError):
    """A proxy corpus would need more repetition than the base config's ceiling allows."""


@dataclass(frozen=True)
class _Corpus:
    languages: list[str]
    shares: dict[str, float]
    budget_tokens: int
    train_epochs: int

    def tokens_of(self, language: str) -> int:
        return round(self.budget_tokens * self.shares[language])


def design_experiments(*, base_config: dict[str, Any], base_dir: Path, out_dir: Path, languages: Sequence[str],
                       model_params: Sequence[int], token_budgets: Sequence[int], synergy_tokens: int | None,
                       synergy_params: int | None, available_tokens: Mapping[str, int] | None = None,
                       available_source: str = "the plan") -> DesignResult:
    """Write the runs template and the build configs. ``synergy_tokens`` is the total D of each
    synergy run (None: no synergy runs). ``available_tokens`` (unique tokens per language, from a
    dry-run plan of the base config): every proxy corpus is checked against it first, and nothing is
    written when one needs more epochs than the base config's `mixture.max_epochs` (default 16)."""
    if not languages:
        raise ValueError("design needs at least one language")
    if not model_params or not token_budgets:
        raise ValueError("design needs at least one model size and one token budget")
    if any(n <= 0 for n in model_params) or any(d <= 0 for d in token_budgets):
        raise ValueError("model sizes and token budgets must be positive")
    sizes, budgets = sorted(set(model_params)), sorted(set(token_budgets))
    problem = grid_problem([n for n in sizes for _ in budgets], [d for _ in sizes for d in budgets])
    if problem:
        raise ValueError(f"--params x --tokens gives each language {problem}: `codemix laws fit` would refuse it; "
                         f"use at least {MIN_DISTINCT_VALUES} model sizes and {MIN_DISTINCT_VALUES} token budgets")
    if "inputs" not in base_config or "output" not in base_config:
        raise ValueError("the base config must be a codemix build config with `inputs` and `output`")
    base_mixture = base_config.get("mixture") if isinstance(base_config.get("mixture"), dict) else {}
    limits = {key: base_mixture[key] for key in ("max_epochs", "warn_epochs") if base_mixture.get(key) is not None}
    max_epochs = float(limits.get("max_epochs", DEFAULT_MAX_EPOCHS))
    warn_epochs = float(limits.get("warn_epochs", DEFAULT_WARN_EPOCHS))
    rows: list[dict[str, Any]] = []
    corpora: dict[str, _Corpus] = {}

    def corpus(name: str, shares: dict[str, float], budget: int, epochs: int = 1) -> str:
        corpora.setdefault(name, _Corpus(languages=sorted(shares), shares=shares, budget_tokens=budget, train_epochs=epochs))
        return name

    for language in languages:
        for tokens in budgets:
            name = corpus(f"{language}-{_tokens_label(tokens)}", {language: 1.0}, tokens)
            for params in sizes:
                rows.append({"run_id": f"{name}-N{_tokens_label(params)}", "language": language, "params": params,
                             "tokens": tokens})
    if synergy_tokens is not None:
        if synergy_params is None:
            raise ValueError("synergy runs need a model size (--synergy-params)")
        half = synergy_tokens // 2
        for target in languages:
            for aux in languages:
                if aux == target:
                    name = corpus(f"syn-{target}-twice-{_tokens_label(synergy_tokens)}", {target: 1.0}, half, epochs=2)
                    unique = half
                else:
                    pair = sorted([target, aux])
                    name = corpus(f"syn-{pair[0]}+{pair[1]}-{_tokens_label(synergy_tokens)}", {pair[0]: 0.5, pair[1]: 0.5},
                                  synergy_tokens)
                    unique = None
                rows.append({"run_id": f"{name}-eval-{target}", "language": target, "auxiliary_language": aux,
                             "params": synergy_params, "tokens": synergy_tokens, "unique_tokens": unique})
    epochs_of = _check_repetition(corpora, available_tokens, max_epochs=max_epochs, source=available_source)
    warnings = tuple(f"corpus {name!r}: {language} {epochs:,.1f} epochs of its "
                     f"{format_token_amount((available_tokens or {})[language])} unique tokens, above "
                     f"mixture.warn_epochs={warn_epochs:g}: its runs measure repeated data, not the law of fresh tokens"
                     for name, per_language in sorted(epochs_of.items()) for language, epochs in per_language.items()
                     if epochs > warn_epochs)

    out_dir = Path(out_dir)
    (out_dir / "configs").mkdir(parents=True, exist_ok=True)
    base = copy.deepcopy(base_config)
    # the written configs live elsewhere: make the base config's relative input paths absolute
    for item in base.get("inputs") or []:
        if isinstance(item, dict) and item.get("type") != "huggingface" and isinstance(item.get("path"), str):
            if not Path(item["path"]).is_absolute():
                item["path"] = str((Path(base_dir) / item["path"]).resolve())
    template = out_dir / "runs_template.csv"
    write_runs_csv(template, rows)
    paths = []
    for name, spec in sorted(corpora.items()):
        config = copy.deepcopy(base)
        config["languages"] = spec.languages
        config["mixture"] = {"strategy": "explicit", "shares": spec.shares, **limits}
        config["budget_tokens"] = spec.budget_tokens
        config["output"] = {**dict(base["output"]), "path": str(Path("..") / "proxy_corpora" / name)}
        path = out_dir / "configs" / f"{name}.yaml"
        repetition = ("" if name not in epochs_of else "; repetition in the corpus: " + ", ".join(
            f"{language} {epochs:,.2f} epochs" for language, epochs in epochs_of[name].items()))
        header = (f"# codemix laws design: proxy corpus {name!r}; train {spec.train_epochs} epoch(s) over it "
                  f"(runs: {', '.join(r['run_id'] for r in rows if r['run_id'].startswith(name + '-'))}){repetition}\n")
        path.write_text(header + yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return DesignResult(runs_template=template, configs=tuple(paths), n_runs=len(rows), warnings=warnings)


def _check_repetition(corpora: Mapping[str, _Corpus], available: Mapping[str, int] | None, *, max_epochs: float,
                      source: str) -> dict[str, dict[str, float]]:
    """Epochs per language of every corpus, from the unique tokens available; DesignInfeasibleError
    naming every corpus above the ceiling."""
    if available is None:
        return {}
    epochs_of: dict[str, dict[str, float]] = {}
    problems = []
    for name, spec in sorted(corpora.items()):
        epochs_of[name] = {}
        for language in spec.languages:
            unique = available.get(language, 0)
            epochs = spec.tokens_of(language) / unique if unique else math.inf
            epochs_of[name][language] = epochs
            if epochs > max_epochs:
                largest = format_token_amount(math.floor(max_epochs * unique / spec.shares[language]))
                problems.append(f"corpus {name!r} needs {format_token_amount(spec.tokens_of(language))} tokens of "
                                f"{language}, {epochs:,.1f} epochs of its {format_token_amount(unique)} unique tokens "
                                f"(at most {largest} tokens for this corpus)")
    if problems:
        raise DesignInfeasibleError(
            f"the corpus in {source} is too small for this design: " + "; ".join(problems)
            + f"; each is above the ceiling mixture.max_epochs={max_epochs:g}: lower --tokens (or --synergy-tokens), "
            "or raise mixture.max_epochs in the base config to train on repeated data on purpose")
    return epochs_of
