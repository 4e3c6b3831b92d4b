"""Does the default search of `codemix laws fit` reach the optimum of `--starts all`? On every real case of
tests/laws_fixtures.py (Chinchilla, datablations, the OpenLM runs per loss, training set and proxy-grid
restriction), fit with the default starts and with all 4500 grid starts, and write the `laws fit starts`
section of benchmarks/RESULTS.md.

Run: python benchmarks/bench_fit_starts.py [--shared ../shared] [--cases REGEX] [--old-fit OLD_FIT.py]
`--old-fit` adds a column for another fitter module (e.g. `git show 6ac4e88:src/codemix/laws/fit.py > old.py`,
the fitter before issue 12: the 32 best-screened starts at L-BFGS-B's default tolerances, then one polish).
About 1 minute of CPU per case for `--starts all`: the whole set is about 100 cases.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))  # the fixture loaders the tests use
sys.path.insert(0, str(ROOT / "benchmarks"))

import laws_fixtures  # noqa: E402
from bench_laws import write_results_section  # noqa: E402
from codemix.laws.fit import FitOptions, fit_chinchilla  # noqa: E402

#: the default search "reaches" the --starts all optimum when its objective is at most this much higher
TOLERANCE = 1e-9


def _load_module(path: Path):
    spec = importlib.util.spec_from_file_location("old_fit", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_fit"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--cases", default=".", help="regex: only the cases whose name matches")
    parser.add_argument("--old-fit", type=Path, help="another fit.py to compare (its fit_chinchilla, default options)")
    parser.add_argument("--json", type=Path, help="also write every number here")
    args = parser.parse_args()
    old = _load_module(args.old_fit) if args.old_fit else None
    cases = {k: v for k, v in laws_fixtures.real_fit_cases(args.shared).items() if re.search(args.cases, k)}
    rows, records = [], {}
    reached = old_reached = 0
    cpu_default = cpu_all = 0.0
    for name, load in cases.items():
        n, d, loss = load()
        t0 = time.process_time()
        default = fit_chinchilla(n, d, loss)
        t1 = time.process_time()
        full = fit_chinchilla(n, d, loss, options=FitOptions(n_starts=None))
        t2 = time.process_time()
        cpu_default, cpu_all = cpu_default + t1 - t0, cpu_all + t2 - t1
        gap = (default.objective - full.objective) / full.objective
        reached += gap <= TOLERANCE
        record = {"n_runs": len(loss), "default": default.to_dict(), "all": full.to_dict(), "relative_gap": gap,
                  "cpu_seconds": {"default": t1 - t0, "all": t2 - t1}}
        old_cell = ""
        if old is not None:
            previous = old.fit_chinchilla(n, d, loss)
            old_gap = (previous.objective - full.objective) / full.objective
            old_reached += old_gap <= TOLERANCE
            record["old"] = {"objective": previous.objective, "E": previous.law.E, "converged": previous.converged,
                             "relative_gap": old_gap}
            old_cell = f" {old_gap:.1e} (E {previous.law.E:.3g}, converged {previous.converged}) |"
        records[name] = record
        degenerate = "; ".join(default.degenerate) or "-"
        rows.append(f"| {name} | {len(loss)} | {full.objective:.10e} | {gap:.1e} | E {default.law.E:.3g}, alpha "
                    f"{default.law.alpha:.3f}, beta {default.law.beta:.3f} | {default.n_starts_in_best_basin}/{default.n_starts} "
                    f"({default.n_basins} basins), converged {default.converged} | {degenerate[:40]} |{old_cell}")
        print(rows[-1], flush=True)
    header = ("| case | runs | objective, all 4500 starts | default: gap | default: law | default: starts in the best basin | "
              "degenerate |" + (" old fitter: gap |" if old else ""))
    rule = "| --- " * (header.count("|") - 1) + "|"
    summary = (f"The default search reached the `--starts all` objective (relative gap <= {TOLERANCE:g}) on {reached} of "
               f"{len(cases)} cases" + (f"; the old fitter ({args.old_fit.name}) on {old_reached}" if old else "")
               + f". CPU: default {cpu_default:.0f} s, all starts {cpu_all:.0f} s in total.")
    lines = ["## laws fit starts (codemix.laws.fit)", "",
             f"Machine: 2 cores (shared with other jobs), Python {platform.python_version()}; "
             f"`python benchmarks/bench_fit_starts.py{' --old-fit ' + str(args.old_fit.name) if old else ''}"
             f"{' --cases ' + repr(args.cases) if args.cases != '.' else ''}`.", "", summary, "", header, rule, *rows]
    print(summary)
    if args.json:
        args.json.write_text(json.dumps(records, indent=1))
    write_results_section(lines)


if __name__ == "__main__":
    main()
