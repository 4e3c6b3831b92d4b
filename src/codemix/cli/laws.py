"""CLI: `codemix laws fit|design` and `codemix mix optimize`.

`--plan plan.json` (mix optimize) reads unique tokens per component from a dry-run plan:
``{"components": {"python": {"unique_tokens": 123, ...}, ...}, ...}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import yaml

from codemix import TARGET_LANGUAGES
from codemix.errors import EXIT_INFEASIBLE, EXIT_OK, EXIT_USAGE
from codemix.laws.allocate import InfeasiblePlanError, allocate, evaluate_shares, level_fill, share_bounds
from codemix.laws.fit import FitOptions
from codemix.laws.fitruns import FitRunsOptions, fit_runs
from codemix.laws.lawset import load_lawset
from codemix.laws.mixture import paper_shares
from codemix.laws.repetition import read_plan_components, repetition_warnings
from codemix.laws.runs import RunsError, read_runs
from codemix.schemas.config import DEFAULT_MAX_EPOCHS, DEFAULT_WARN_EPOCHS, format_token_amount, parse_token_amount


def _err(message: str, code: int = EXIT_USAGE) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _tokens(value: str) -> int:
    try:
        return parse_token_amount(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _token_list(value: str) -> list[int]:
    return [_tokens(v) for v in value.split(",") if v.strip()]


def _mapping(value: str) -> dict[str, float]:
    """`python=0.2,java=0.1`"""
    out = {}
    for item in value.split(","):
        if not item.strip():
            continue
        if "=" not in item:
            raise argparse.ArgumentTypeError(f"expected name=value pairs separated by commas, got {item!r}")
        name, raw = item.split("=", 1)
        try:
            out[name.strip()] = float(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name.strip()}: expected a number, got {raw!r}") from None
    return out


def add_parser(subparsers: Any) -> None:
    laws = subparsers.add_parser("laws", help="fit scaling laws from proxy runs; design the proxy-run grid")
    laws_sub = laws.add_subparsers(dest="laws_command", required=True)

    fit = laws_sub.add_parser("fit", help="fit per-language laws, synergy and Eq. 6 from a runs file (CSV/Parquet)")
    fit.add_argument("runs", type=Path, help="runs file (see docs/laws.md for the columns)")
    fit.add_argument("--out", type=Path, help="write the fit JSON here (default: print it with --json)")
    fit.add_argument("--json", action="store_true", help="print the fit as JSON on stdout")
    fit.add_argument("--plot", type=Path, metavar="DIR", help="write plots here (needs the `plot` extra: matplotlib)")
    fit.add_argument("--bootstrap", type=int, default=100, help="bootstrap resamples per language (0: none)")
    fit.add_argument("--folds", type=int, default=5, help="folds of the held-out error (0: none)")
    fit.add_argument("--seed", type=int, default=0)
    fit.add_argument("--starts", default="32",
                     help="L-BFGS-B starts: the N best-screened grid points plus the best of each (e, alpha, beta) cell "
                          "of the grid (default 32 + 125), or 'all' (the 4500 grid points)")
    fit.add_argument("--data-constrained", action="store_true",
                     help="also fit the repetition law (Muennighoff et al.); needs unique_tokens")
    fit.set_defaults(func=_run_fit)

    design = laws_sub.add_parser("design", help="write the proxy-run grid: a runs template and one build config per corpus")
    design.add_argument("--base-config", type=Path, required=True, help="a codemix build config to copy inputs etc. from")
    design.add_argument("--out", type=Path, required=True, help="output directory")
    design.add_argument("--languages", help="comma-separated (default: all seven; with a plan, those it has tokens of)")
    design.add_argument("--plan", type=Path, help="dry-run plan.json of the base config to check the corpora against "
                        "(default: the base config's own, if a dry run wrote one)")
    design.add_argument("--params", type=_token_list, default=_token_list("100M,200M,400M,1B"),
                        help="model sizes, at least 3 (default 100M,200M,400M,1B)")
    design.add_argument("--tokens", type=_token_list, default=_token_list("2B,4B,8B,16B,32B"),
                        help="token budgets, at least 3 (default 2B,4B,8B,16B,32B)")
    design.add_argument("--synergy-tokens", type=_tokens, default=None, help="total tokens of each synergy run (omit: none)")
    design.add_argument("--synergy-params", type=_tokens, default=None, help="model size of the synergy runs")
    design.set_defaults(func=_run_design)

    mix = subparsers.add_parser("mix", help="choose a token mixture from scaling laws")
    mix_sub = mix.add_subparsers(dest="mix_command", required=True)
    opt = mix_sub.add_parser("optimize", help="optimal per-language shares under a budget")
    opt.add_argument("--laws", required=True, help="fit JSON from `codemix laws fit`, or `paper`")
    opt.add_argument("--budget", type=_tokens, required=True, help="total tokens, e.g. 350B")
    opt.add_argument("--plan", type=Path, help="dry-run plan.json to read unique tokens per component from")
    opt.add_argument("--max-epochs", type=float,
                     help=f"with --plan: at most this many passes over a component's unique tokens (default "
                          f"{DEFAULT_MAX_EPOCHS:g}, as mixture.max_epochs)")
    opt.add_argument("--warn-epochs", type=float,
                     help=f"with --plan: warn for every component above this many epochs (default "
                          f"{DEFAULT_WARN_EPOCHS:g}, as mixture.warn_epochs)")
    opt.add_argument("--min-shares", type=_mapping, help="e.g. rust=0.05,go=0.05")
    opt.add_argument("--max-shares", type=_mapping, help="e.g. python=0.3")
    opt.add_argument("--weights", type=_mapping, help="loss weights, e.g. python=2 (default 1 each)")
    opt.add_argument("--fixed-shares", type=_mapping, help="shares of components the laws do not model, e.g. paired=0.1")
    opt.add_argument("--synergy-scale", type=float, default=1.0, help="multiplier on tau (0: ignore synergy)")
    opt.add_argument("--model-params", type=float, help="model size N (adds A/N^alpha to predicted losses of a fit)")
    opt.add_argument("--objective", choices=["per-language", "eq6"], default="per-language",
                     help="per-language: weighted sum of per-language losses (default); eq6: the paper's Eq. 6 itself")
    opt.add_argument("--eq6", type=_mapping, help="A=..,B=..,gamma=.. for --objective eq6 with the paper preset")
    opt.add_argument("--compare-paper", action="store_true", help="also evaluate the paper's published allocation")
    opt.add_argument("--plot", type=Path, metavar="DIR", help="write baseline vs optimised bars here (matplotlib)")
    opt.add_argument("--json", action="store_true", help="print the result as JSON")
    opt.set_defaults(func=_run_optimize)


def _run_fit(args: argparse.Namespace) -> int:
    try:
        runs = read_runs(args.runs)
    except RunsError as error:
        return _err(str(error))
    if args.starts == "all":
        n_starts = None
    else:
        try:
            n_starts = int(args.starts)
            if n_starts <= 0:
                raise ValueError
        except ValueError:
            return _err(f"--starts: expected a positive integer or 'all', got {args.starts!r}")
    options = FitRunsOptions(bootstrap_resamples=max(args.bootstrap, 0), held_out_folds=max(args.folds, 0),
                             seed=args.seed, data_constrained=args.data_constrained,
                             fit_options=FitOptions(n_starts=n_starts))
    try:
        result = fit_runs(runs, options=options, source=str(args.runs))
    except ValueError as error:
        return _err(str(error))
    text = json.dumps(result, indent=2)
    for note in result["notes"]:
        print(f"note: {note}", file=sys.stderr)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    if args.json or not args.out:
        print(text)
    if args.plot:
        try:
            from codemix.laws.plots import plot_fit
        except ImportError as error:
            return _err(f"--plot needs matplotlib (pip install 'codemix[plot]'): {error}")
        for path in plot_fit(result, runs, args.plot):
            print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


def _design_plan(args: argparse.Namespace, base: dict[str, Any]) -> tuple[Path | None, str]:
    """The dry-run plan to check the design against: --plan, else the base config's own plan.json
    when a dry run wrote one, else None; and a line saying which."""
    if args.plan is not None:
        return args.plan, f"checked against {args.plan}"
    output = base.get("output") if isinstance(base.get("output"), dict) else {}
    if isinstance(output.get("path"), str):
        candidate = args.base_config.resolve().parent / output["path"] / "plan.json"
        if candidate.is_file():
            return candidate, f"checked against the base config's dry-run plan {candidate}"
    return None, ("warning: no dry-run plan: the corpora were not checked against the tokens the inputs hold (run "
                  f"`codemix build {args.base_config} --dry-run` first, or pass --plan); each config's own build "
                  "still stops above its mixture.max_epochs")


def _run_design(args: argparse.Namespace) -> int:
    from codemix.laws.design import DesignInfeasibleError, design_experiments

    try:
        base = yaml.safe_load(args.base_config.read_text(encoding="utf-8"))
    except OSError as error:
        return _err(f"{args.base_config}: cannot read: {error.strerror}")
    except yaml.YAMLError as error:
        return _err(f"{args.base_config}: not valid YAML: {error}")
    if not isinstance(base, dict):
        return _err(f"{args.base_config}: expected a mapping of config keys")
    named = args.languages is not None
    languages = [v.strip() for v in (args.languages or ",".join(TARGET_LANGUAGES)).split(",") if v.strip()]
    plan_path, checked = _design_plan(args, base)
    available = None
    if plan_path is not None:
        try:
            available = {name: c.unique_tokens for name, c in read_plan_components(plan_path).items()}
        except ValueError as error:
            return _err(str(error))
        empty = [l for l in languages if not available.get(l)]
        if empty and named:
            return _err(f"{plan_path} has no tokens of {', '.join(empty)}: drop them from --languages (proxy runs "
                        "need data of their language)")
        if empty:
            print(f"skipping {', '.join(empty)}: {plan_path} has no tokens of them", file=sys.stderr)
            languages = [l for l in languages if l not in empty]
            if not languages:
                return _err(f"{plan_path} has no tokens of any target language")
    try:
        result = design_experiments(base_config=base, base_dir=args.base_config.resolve().parent, out_dir=args.out,
                                    languages=languages, model_params=args.params, token_budgets=args.tokens,
                                    synergy_tokens=args.synergy_tokens, synergy_params=args.synergy_params,
                                    available_tokens=available, available_source=str(plan_path))
    except DesignInfeasibleError as error:
        return _err(str(error), EXIT_INFEASIBLE)
    except ValueError as error:
        return _err(str(error))
    print(checked, file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {result.runs_template} ({result.n_runs} runs) and {len(result.configs)} build configs in "
          f"{args.out / 'configs'}")
    return EXIT_OK


def _uniform_baseline(languages: tuple[str, ...], *, budget_tokens: float, total_share: float,
                      unique: Mapping[str, float] | None, max_epochs: float | None,
                      min_shares: Mapping[str, float] | None, max_shares: Mapping[str, float] | None
                      ) -> tuple[dict[str, float], str]:
    """Equal shares under the same limits as the optimum (epoch ceiling, min and max shares): every
    language gets the same share except those held at a limit, so the baseline is a feasible plan
    and the optimum can only beat it. Returns the shares and what the baseline is."""
    bounds = share_bounds(languages, budget_tokens=budget_tokens, unique_tokens=unique, max_epochs=max_epochs,
                          min_shares=min_shares, max_shares=max_shares, total_share=total_share)
    upper = np.maximum(bounds.upper, bounds.lower)
    level, values = level_fill(list(bounds.lower), list(upper), total_share)
    shares = dict(zip(languages, (float(v) for v in values)))
    held = [n for n, lo, hi in zip(languages, bounds.lower, upper) if not lo <= level <= hi]
    if not held:
        return shares, "uniform (equal shares; no limit binds)"
    return shares, f"uniform under the same limits (equal shares except {', '.join(held)}, held at a limit)"


def _run_optimize(args: argparse.Namespace) -> int:
    if args.model_params is not None and args.laws == "paper" and args.objective == "per-language":
        return _err("--model-params adds A / N^alpha to a fit's predicted losses, but the paper publishes no A: it "
                    "cannot be used with --laws paper (use a fit file from `codemix laws fit`, or --objective eq6)")
    try:
        lawset = load_lawset(args.laws, model_params=args.model_params)
        plan = read_plan_components(args.plan) if args.plan else None
    except ValueError as error:
        return _err(str(error))
    if plan is None and (args.max_epochs is not None or args.warn_epochs is not None):
        return _err("--max-epochs and --warn-epochs need --plan (the unique tokens per component come from a dry-run plan)")
    unique = None if plan is None else {name: c.unique_tokens for name, c in plan.items()}
    max_epochs = None if plan is None else (DEFAULT_MAX_EPOCHS if args.max_epochs is None else args.max_epochs)
    warn_epochs = DEFAULT_WARN_EPOCHS if args.warn_epochs is None else args.warn_epochs
    languages = lawset.languages if unique is None else tuple(l for l in lawset.languages if l in unique)
    fixed = args.fixed_shares or {}
    if unique is not None:
        unmodelled = sorted(set(unique) - set(languages) - set(fixed))
        if unmodelled:
            return _err(f"{args.plan}: component(s) {', '.join(unmodelled)} have no law in {lawset.source}; give them "
                        f"--fixed-shares (e.g. {unmodelled[0]}=0.1, or 0)")
    if not languages:
        return _err(f"no language of the plan has a law in {lawset.source}")
    result: dict[str, Any] = {"laws": lawset.source, "budget_tokens": args.budget, "objective": args.objective,
                              "max_epochs": max_epochs, "notes": list(lawset.notes)}
    if plan is None:
        result["notes"].append("no --plan: the unique tokens of each language are unknown, so repetition is neither "
                               "capped nor warned about")
    if args.objective == "eq6":
        return _run_eq6(args, lawset, languages, result)
    tau = lawset.tau_for(languages) if lawset.synergy is not None and args.synergy_scale > 0 else None
    data_laws = {l: lawset.data_laws[l] for l in languages}
    unique_float = None if unique is None else {k: float(v) for k, v in unique.items()}
    try:
        allocation = allocate(data_laws, budget_tokens=float(args.budget), unique_tokens=unique_float,
                              max_epochs=max_epochs, min_shares=args.min_shares, max_shares=args.max_shares,
                              weights=args.weights, synergy_tau=tau, synergy_scale=args.synergy_scale, fixed_shares=fixed)
    except InfeasiblePlanError as error:
        hint = "" if max_epochs is None else (f"; every component is capped at --max-epochs {max_epochs:g} (default "
                                              f"{DEFAULT_MAX_EPOCHS:g}): raise it to allow more repetition")
        return _err(f"{error}{hint}", EXIT_INFEASIBLE)
    except ValueError as error:
        return _err(str(error))
    result["allocation"] = allocation.to_dict()
    evaluate = dict(budget_tokens=float(args.budget), weights=args.weights, synergy_tau=tau, synergy_scale=args.synergy_scale)
    uniform, description = _uniform_baseline(languages, budget_tokens=float(args.budget),
                                             total_share=allocation.total_share, unique=unique_float,
                                             max_epochs=max_epochs, min_shares=args.min_shares,
                                             max_shares=args.max_shares)
    result["uniform"] = {"description": description, "shares": uniform, **evaluate_shares(data_laws, uniform, **evaluate)}
    if args.compare_paper:
        published = paper_shares()
        present = {l: float(published[l]) for l in languages if l in published}
        if not present:
            return _err(f"--compare-paper: none of {', '.join(languages)} is among the paper's languages")
        total = sum(present.values())
        shares = {l: present.get(l, 0.0) / total * allocation.total_share for l in languages}
        result["paper_allocation"] = {"shares": shares, **evaluate_shares(data_laws, shares, **evaluate)}
    if plan is not None:
        shares = {**fixed, **allocation.shares}
        planned = {name: round(shares.get(name, 0.0) * args.budget) for name in plan}
        warnings = repetition_warnings(planned, unique, docs={n: c.docs for n, c in plan.items()},
                                       warn_epochs=warn_epochs, setting="--warn-epochs")
        result["warnings"] = [w.to_dict() for w in warnings]
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print_optimum(args, lawset.source, allocation, result, fixed, unique)
    if args.plot:
        try:
            from codemix.laws.plots import plot_allocation
        except ImportError as error:
            return _err(f"--plot needs matplotlib (pip install 'codemix[plot]'): {error}")
        baselines = {description: uniform}
        if "paper_allocation" in result:
            baselines["paper's allocation"] = result["paper_allocation"]["shares"]
        path = plot_allocation(baselines, allocation.shares, args.plot, budget_tokens=args.budget)
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


def _print_optimum(args: argparse.Namespace, source: str, allocation: Any, result: dict[str, Any],
                   fixed: Mapping[str, float], unique: Mapping[str, int] | None) -> None:
    budget = args.budget
    print(f"laws: {source}; budget {format_token_amount(budget)} tokens ({budget:,}); method {allocation.method}; "
          f"KKT residual {allocation.kkt_residual:.2e}")
    epochs_header = f"{'epochs':>8}" if unique is not None else ""
    print(f"{'language':<12}{'share':>9}{'tokens':>9}{epochs_header}{'pred. loss':>12}{'value/1B tok':>14}")

    def epochs(name: str, share: float) -> str:
        if unique is None:
            return ""
        return f"{share * budget / unique[name]:>8.2f}" if unique.get(name) else f"{'-':>8}"

    for l in allocation.languages:
        share = allocation.shares[l]
        print(f"{l:<12}{share:>9.4f}{format_token_amount(share * budget):>9}{epochs(l, share)}"
              f"{allocation.predicted_loss[l]:>12.5f}{allocation.marginal_value_per_billion_tokens[l]:>14.3e}")
    for name, share in sorted(fixed.items()):
        print(f"{name:<12}{share:>9.4f}{format_token_amount(share * budget):>9}{epochs(name, share)}{'(fixed)':>12}")
    uniform = result["uniform"]
    paper = result.get("paper_allocation")
    print(f"\ncompared with: uniform = {uniform['description']}" + ("; paper = the paper's published 350B "
          "reallocation, renormalised over these languages" if paper else ""))
    columns = [("optimised", {"shares": allocation.shares, "predicted_loss": allocation.predicted_loss}),
               ("uniform", uniform)] + ([("paper", paper)] if paper else [])
    print(f"{'language':<12}" + "".join(f"{'share ' + name:>17}" for name, _ in columns)
          + "".join(f"{'loss ' + name:>17}" for name, _ in columns))
    for l in allocation.languages:
        print(f"{l:<12}" + "".join(f"{c['shares'][l]:>17.4f}" for _, c in columns)
              + "".join(f"{c['predicted_loss'][l]:>17.6g}" for _, c in columns))
    objective = f"objective {allocation.objective:.6f} (uniform: {uniform['objective']:.6f}"
    objective += f"; paper: {paper['objective']:.6f})" if paper else ")"
    print(objective)
    for item in allocation.binding:
        print(f"binding: {item}")
    for warning in result.get("warnings", []):
        print(f"warning: {warning['message']}")
    for note in result["notes"] + list(allocation.notes):
        print(f"note: {note}")


def _run_eq6(args: argparse.Namespace, lawset: Any, languages: tuple[str, ...], result: dict[str, Any]) -> int:
    from codemix.laws.multilingual import MultilingualLaw, multilingual_from_preset, optimize_multilingual
    from codemix.laws.lawset import load_paper_preset

    if args.model_params is None:
        return _err("--objective eq6 needs --model-params (Eq. 6 depends on N through proportion-weighted exponents)")
    if lawset.source == "paper":
        eq6 = args.eq6 or {}
        missing = [k for k in ("A", "B", "gamma") if k not in eq6]
        if missing:
            return _err(f"the paper publishes no A, B, gamma for Eq. 6: pass --eq6 A=..,B=..,gamma=.. (missing {', '.join(missing)})")
        law = multilingual_from_preset(load_paper_preset(), A=eq6["A"], B=eq6["B"], gamma=eq6["gamma"])
    else:
        ml = lawset.multilingual
        if not ml:
            return _err(f"{lawset.source} has no fitted multilingual law (it needs mixture runs)")
        langs = tuple(ml["law"]["languages"])
        fitted = [lawset.laws[l] for l in langs]
        tau = lawset.tau_for(langs) if lawset.synergy is not None else np.zeros((len(langs), len(langs)))
        law = MultilingualLaw(languages=langs, alpha_n=np.array([f.alpha for f in fitted]),
                              alpha_d=np.array([f.beta for f in fitted]), l_inf=np.array([f.E for f in fitted]), tau=tau,
                              A=ml["law"]["A"], B=ml["law"]["B"], gamma=ml["law"]["gamma"],
                              params_unit=ml["law"]["params_unit"], tokens_unit=ml["law"]["tokens_unit"])
    try:
        optimum = optimize_multilingual(law, params=args.model_params, tokens=float(args.budget))
    except ValueError as error:
        return _err(str(error))
    result["eq6"] = optimum.to_dict()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for l, share in optimum.shares.items():
            print(f"{l:<12}{share:>9.4f}")
        print(f"predicted mixture loss {optimum.predicted_loss:.6f}")
        for note in optimum.notes:
            print(f"note: {note}")
    return EXIT_OK
