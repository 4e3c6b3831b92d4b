"""`codemix build [CONFIG] [--dry-run [--sample FRACTION]] [--report PLAN.html] [--output DIR] [--quiet]`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from codemix.errors import EXIT_INFEASIBLE, EXIT_OK, EXIT_USAGE, UsageError

#: Where an installed wheel keeps the demo (setup.py copies `configs/demo.yaml` and `examples/corpus` there).
PACKAGED_DEMO = Path(__file__).resolve().parents[1] / "demo" / "configs" / "demo.yaml"
#: Where the packaged demo is built: the current directory, never the installed package.
PACKAGED_DEMO_OUTPUT = Path("out") / "demo"


@dataclass(frozen=True)
class DefaultConfig:
    path: Path
    packaged: bool  # the wheel's copy: its output goes to ./out/demo


def default_config() -> DefaultConfig | None:
    """The demo config: `configs/demo.yaml` of the current directory, else of the source checkout codemix runs
    from, else the copy an installed wheel ships."""
    checkout = Path(__file__).resolve().parents[3] / "configs" / "demo.yaml"
    for candidate in (Path.cwd() / "configs" / "demo.yaml", checkout):
        if candidate.is_file():
            return DefaultConfig(candidate, packaged=False)
    return DefaultConfig(PACKAGED_DEMO, packaged=True) if PACKAGED_DEMO.is_file() else None


def _print_estimates(estimates: dict, fraction: float) -> None:
    print(f"\nestimated from a {fraction:.1%} sample (tokens; 95% intervals):")
    for name, est in sorted(estimates.items()):
        tokens = est["tokens"]
        if est.get("observed", True):
            print(f"  {name:<11} tokens ~ {tokens['value']:,.0f}  [{tokens['low']:,.0f}, {tokens['high']:,.0f}]")
        else:
            print(f"  {name:<11} not in the sample: unknown, at most {tokens['high']:,.0f} tokens (95% bound)")


def _cmd_build(args: argparse.Namespace) -> int:
    from codemix.io import is_url
    from codemix.pipeline.build import build, dry_run
    from codemix.pipeline.plan import PlanError
    from codemix.pipeline.report import summary_table
    from codemix.schemas.config import ConfigError, load_config

    say = (lambda *a, **k: None) if args.quiet else print  # noqa: E731
    if args.config:
        chosen = DefaultConfig(Path(args.config), packaged=False)
    else:
        chosen = default_config()
        if chosen is None:
            print("codemix build: no CONFIG given and no demo config was found", file=sys.stderr)
            return EXIT_USAGE
    try:
        config = load_config(chosen.path)
    except ConfigError as error:
        print(f"codemix build: invalid config\n{error}", file=sys.stderr)
        return EXIT_USAGE
    output_override = args.output if args.output else PACKAGED_DEMO_OUTPUT if chosen.packaged else None
    if output_override is not None:
        output_path = output_override if is_url(output_override) else Path(output_override).resolve()
        config = config.model_copy(update={"output": config.output.model_copy(update={"path": output_path})})
    output = config.output.path
    if args.sample is not None and not args.dry_run:
        print("codemix build: --sample estimates a plan: use it with --dry-run", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.dry_run:
            result = dry_run(config, output=output, sample=args.sample, progress=not args.quiet)
        else:
            result = build(config, output=output, progress=not args.quiet)
    except UsageError as error:
        print(f"codemix build: {error}", file=sys.stderr)
        return EXIT_USAGE
    except PlanError as error:
        print(f"codemix build: the plan is infeasible: {error}", file=sys.stderr)
        return EXIT_INFEASIBLE
    if result.submitted_jobs:
        print(f"submitted {len(result.submitted_jobs)} Slurm job array(s), one per stage, each after the one "
              f"before: {', '.join(result.submitted_jobs)}\nwhen the last one ends, {output} holds the corpus; "
              f"`codemix inspect {output} --verify` checks it")
        return EXIT_OK
    if args.report:
        from codemix.io import write_text_atomic
        from codemix.pipeline.plan_report import plan_html

        write_text_atomic(Path(args.report), plan_html(result.plan.to_dict(), title=f"codemix plan: {chosen.path.name}"))
    if args.dry_run:
        say(summary_table(stats=result.stats, plan=result.plan))
        if result.estimates and not args.quiet:
            _print_estimates(result.estimates, args.sample)
        say(f"\ndry run: wrote {str(output).rstrip('/')}/plan.json (no shards)")
    else:
        achieved = {name: comp["achieved_tokens"] for name, comp in result.manifest["components"].items()}
        say(summary_table(stats=result.stats, plan=result.plan, achieved=achieved))
        say(f"\nwrote {len(result.shards)} shard(s), manifest.json, stats.json and README.md to {output}")
    if args.report:
        say(f"plan picture: {args.report}")
    if args.quiet:  # the warnings are not noise: they still go to stderr
        for warning in [w["message"] for w in result.plan.warnings] + result.stats.get("warnings", []):
            print(f"codemix build: warning: {warning}", file=sys.stderr)
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
    build = subparsers.add_parser(
        "build", help="build a corpus from a config (default: the demo, configs/demo.yaml)",
        description="Read, classify, clean, count, pair and plan the inputs of CONFIG, then write Parquet shards, "
        "manifest.json, stats.json and a dataset card into the config's output.path. Exit status: 0 done, 2 a "
        "config, input or output error (the message says which), 3 an infeasible plan.",
    )  # fmt: skip
    build.add_argument("config", nargs="?", metavar="CONFIG",
                       help="YAML build config (default: configs/demo.yaml of the current directory or the "
                            "checkout; an installed wheel's own demo, built into ./out/demo)")
    build.add_argument("--output", metavar="DIR", help="output folder or fsspec URL (default: the config's output.path)")
    build.add_argument("--dry-run", action="store_true",
                       help="read, classify, count and plan; write only plan.json (default: a full build)")
    build.add_argument("--sample", type=_fraction, metavar="FRACTION",
                       help="with --dry-run: classify and count a seeded sample of documents and estimate "
                            "each language's totals with 95%% intervals (default: every document)")
    build.add_argument("--report", metavar="PLAN.html",
                       help="also draw the plan (available vs planned tokens) as HTML (default: no picture)")
    build.add_argument("--quiet", "-q", action="store_true",
                       help="print nothing but errors and warnings (default: a progress line per stage on stderr "
                            "and the summary table on stdout)")
    build.set_defaults(func=_cmd_build)
