"""`codemix build [CONFIG] [--dry-run [--sample FRACTION]] [--report PLAN.html] [--output DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codemix.errors import EXIT_INFEASIBLE, EXIT_OK, EXIT_USAGE, UsageError


def default_config_path() -> Path | None:
    """`configs/demo.yaml` of the current directory, else of the source checkout codemix runs from."""
    candidates = [Path.cwd() / "configs" / "demo.yaml", Path(__file__).resolve().parents[3] / "configs" / "demo.yaml"]
    return next((p for p in candidates if p.is_file()), None)


def _cmd_build(args: argparse.Namespace) -> int:
    from codemix.pipeline.build import build, dry_run
    from codemix.pipeline.plan import PlanError
    from codemix.pipeline.report import summary_table
    from codemix.schemas.config import ConfigError, load_config

    config_path = Path(args.config) if args.config else default_config_path()
    if config_path is None:
        print("codemix build: no CONFIG given and configs/demo.yaml was not found "
              "(it ships with the source checkout: run from there or pass a config)", file=sys.stderr)
        return EXIT_USAGE
    try:
        config = load_config(config_path)
    except ConfigError as error:
        print(f"codemix build: invalid config\n{error}", file=sys.stderr)
        return EXIT_USAGE
    if args.output:
        config = config.model_copy(update={"output": config.output.model_copy(update={"path": Path(args.output).resolve()})})
    output = Path(config.output.path)
    try:
        if args.sample is not None and not args.dry_run:
            print("codemix build: --sample estimates a plan: use it with --dry-run", file=sys.stderr)
            return EXIT_USAGE
        if args.dry_run:
            result = dry_run(config, output=output, sample=args.sample)
            print(summary_table(stats=result.stats, plan=result.plan))
            if result.estimates:
                print(f"\nestimated from a {args.sample:.1%} sample (files, bytes, tokens; 95% intervals):")
                for name, est in sorted(result.estimates.items()):
                    tokens = est["tokens"]
                    print(f"  {name:<11} tokens ~ {tokens['value']:,.0f}  [{tokens['low']:,.0f}, {tokens['high']:,.0f}]")
            print(f"\ndry run: wrote {output / 'plan.json'} (no shards)")
        else:
            result = build(config, output=output)
    except PlanError as error:
        print(f"codemix build: the plan is infeasible: {error}", file=sys.stderr)
        return EXIT_INFEASIBLE
    except UsageError as error:
        print(f"codemix build: {error}", file=sys.stderr)
        return EXIT_USAGE
    if result.submitted_jobs:
        print(f"submitted {len(result.submitted_jobs)} Slurm job array(s), one per stage, each after the one "
              f"before: {', '.join(result.submitted_jobs)}\nwhen the last one ends, {output} holds the corpus; "
              f"`codemix inspect {output} --verify` checks it")
        return EXIT_OK
    if args.report:
        from codemix.pipeline.plan_report import plan_html
        from codemix.io import write_text_atomic

        write_text_atomic(Path(args.report), plan_html(result.plan.to_dict(), title=f"codemix plan: {config_path.name}"))
        print(f"plan picture: {args.report}")
    if args.dry_run:
        return EXIT_OK
    achieved = {name: comp["achieved_tokens"] for name, comp in result.manifest["components"].items()}
    print(summary_table(stats=result.stats, plan=result.plan, achieved=achieved))
    print(f"\nwrote {len(result.shards)} shard(s), manifest.json, stats.json and README.md to {output}")
    return EXIT_OK


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a fraction in (0, 1], got {text!r}") from None
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a fraction in (0, 1], got {text!r}")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    build = subparsers.add_parser("build", help="build a corpus from a config (default: configs/demo.yaml)")
    build.add_argument("config", nargs="?", help="YAML build config (default: the demo config)")
    build.add_argument("--output", help="output directory (overrides output.path)")
    build.add_argument("--dry-run", action="store_true", help="read, classify, count and plan; write only plan.json")
    build.add_argument("--sample", type=_fraction, metavar="FRACTION",
                       help="with --dry-run: classify and count a seeded sample of documents and estimate "
                            "each language's totals with 95%% intervals")
    build.add_argument("--report", metavar="PLAN.html", help="also draw the plan (available vs planned tokens) as HTML")
    build.set_defaults(func=_cmd_build)
