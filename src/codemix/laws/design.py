"""Experiment design: the proxy-run grid a team needs before it can fit its own laws.

`codemix laws design` writes
- ``runs_template.csv``: one row per proxy run in the runs format (`codemix.laws.runs`) with an empty
  `loss` column to fill in after training: per-language N x D runs and the synergy pairs;
- ``configs/<corpus>.yaml``: one `codemix build` config per proxy corpus, copied from a base config
  (its inputs, tokenizer, cleaning, ...) with `languages`, `mixture`, `budget_tokens` and
  `output.path` set. Runs that differ only in N share a corpus.

Synergy design (the paper's): at a total of D tokens, target i alone seen twice against target i +
auxiliary j at 50:50. The seen-twice corpus is built with a budget of D/2 (one pass over D/2 unique
tokens) and trained for 2 epochs; the config file's header comment says how many epochs to train.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import yaml

from codemix.laws.runs import write_runs_csv


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


def design_experiments(*, base_config: dict[str, Any], base_dir: Path, out_dir: Path, languages: Sequence[str],
                       model_params: Sequence[int], token_budgets: Sequence[int], synergy_tokens: int | None,
                       synergy_params: int | None) -> DesignResult:
    """Write the runs template and the build configs. ``synergy_tokens`` is the total D of each
    synergy run (None: no synergy runs)."""
    if not languages:
        raise ValueError("design needs at least one language")
    if not model_params or not token_budgets:
        raise ValueError("design needs at least one model size and one token budget")
    if any(n <= 0 for n in model_params) or any(d <= 0 for d in token_budgets):
        raise ValueError("model sizes and token budgets must be positive")
    if "inputs" not in base_config or "output" not in base_config:
        raise ValueError("the base config must be a codemix build config with `inputs` and `output`")
    out_dir = Path(out_dir)
    (out_dir / "configs").mkdir(parents=True, exist_ok=True)
    base = copy.deepcopy(base_config)
    # the written configs live elsewhere: make the base config's relative input paths absolute
    for item in base.get("inputs") or []:
        if isinstance(item, dict) and item.get("type") != "huggingface" and isinstance(item.get("path"), str):
            if not Path(item["path"]).is_absolute():
                item["path"] = str((Path(base_dir) / item["path"]).resolve())
    rows: list[dict[str, Any]] = []
    corpora: dict[str, tuple[dict[str, Any], int]] = {}

    def corpus(name: str, langs: list[str], mixture: dict[str, Any], budget: int, epochs: int = 1) -> str:
        if name not in corpora:
            config = copy.deepcopy(base)
            config["languages"] = langs
            config["mixture"] = mixture
            config["budget_tokens"] = budget
            config["output"] = {**dict(base["output"]), "path": str(Path("..") / "proxy_corpora" / name)}
            corpora[name] = (config, epochs)
        return name

    for language in languages:
        for tokens in sorted(set(token_budgets)):
            name = corpus(f"{language}-{_tokens_label(tokens)}", [language],
                          {"strategy": "explicit", "shares": {language: 1.0}}, tokens)
            for params in sorted(set(model_params)):
                rows.append({"run_id": f"{name}-N{_tokens_label(params)}", "language": language, "params": params,
                             "tokens": tokens})
    if synergy_tokens is not None:
        if synergy_params is None:
            raise ValueError("synergy runs need a model size (--synergy-params)")
        half = synergy_tokens // 2
        for target in languages:
            for aux in languages:
                if aux == target:
                    name = corpus(f"syn-{target}-twice-{_tokens_label(synergy_tokens)}", [target],
                                  {"strategy": "explicit", "shares": {target: 1.0}}, half, epochs=2)
                    unique = half
                else:
                    pair = sorted([target, aux])
                    name = corpus(f"syn-{pair[0]}+{pair[1]}-{_tokens_label(synergy_tokens)}", pair,
                                  {"strategy": "explicit", "shares": {pair[0]: 0.5, pair[1]: 0.5}}, synergy_tokens)
                    unique = None
                rows.append({"run_id": f"{name}-eval-{target}", "language": target, "auxiliary_language": aux,
                             "params": synergy_params, "tokens": synergy_tokens, "unique_tokens": unique})
    template = out_dir / "runs_template.csv"
    write_runs_csv(template, rows)
    paths = []
    for name, (config, epochs) in sorted(corpora.items()):
        path = out_dir / "configs" / f"{name}.yaml"
        header = (f"# codemix laws design: proxy corpus {name!r}; train {epochs} epoch(s) over it "
                  f"(runs: {', '.join(r['run_id'] for r in rows if r['run_id'].startswith(name + '-'))})\n")
        path.write_text(header + yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return DesignResult(runs_template=template, configs=tuple(paths), n_runs=len(rows))
