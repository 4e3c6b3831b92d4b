"""End to end: a whole codemix build against a stock datatrove pipeline, on the same real code.

Usage:
    python benchmarks/bench_build.py run --corpus /work/cache/bench-corpus/1GB --system codemix --workers 1
    python benchmarks/bench_build.py run --corpus /work/cache/bench-corpus/1GB --system stock --workers 1
    python benchmarks/bench_build.py report [--out /work/cache/bench-out]

The input is a corpus of `benchmarks/make_corpus.py` (`rows/part-*.jsonl`: real code from registry packages,
with paths), read by both systems from the same files with the same tokenizer (codemix's default BPE).

- `codemix`: `codemix build` with everything on: classification with parser confirmation, cleaning, exact and
  near dedup, tokenisation, pairing (the HumanEval-X programs join as a second input: the registry code has
  no translations), a budget mixed by `unimax` (capped at 4 epochs) to about 80% of the tokens, the index,
  plan and position stages, and the external shuffle into shards of `--shard-tokens`.
- `stock`: datatrove's own steps in the shape of its MinHash example, on the files of the seven languages (a
  language tag from the file extension drops the rest right after the reader, as codemix drops them):
  `JsonlReader` -> tag -> `MinhashDedupSignature`; `MinhashDedupBuckets`; `MinhashDedupCluster`; `JsonlReader`
  -> tag -> `MinhashDedupFilter` -> `TokensCounter` (the same tokenizer.json) -> `ParquetWriter`. Stock MinHash needs
  `spacy` and `regex` installed (and xxhash < 4, which codemix pins).

Each run is one process tree, timed and sampled: wall time; CPU seconds of the whole tree (each process's
utime + stime from /proc, the last value sampled); peak RSS of the driver process and of every other process of the tree (sampled every
50 ms from /proc); and per stage, from datatrove's logs, its wall time and the time each step spent. The result
is `<out>/<system>-<corpus>-w<workers>.json`; `report` prints the tables for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARD_TOKENS = 5_000_000


def corpus_bytes(corpus: Path) -> int:
    return json.loads((corpus / "summary.json").read_text())["bytes"]


# --- sampling a process tree -----------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            out += [int(x) for x in text]
    except OSError:
        pass
    return out


def _rss_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, RssAnon) of a process in KiB. VmRSS also counts the file pages a process has mapped (a
    memory-mapped Arrow file it reads), which the kernel can drop at any time; RssAnon is its own memory."""
    rss = anon = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("RssAnon:"):
                anon = int(line.split()[1])
    except OSError:
        pass
    return rss, anon


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """utime + stime of one process (not its children) from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


_TASK_LOG = re.compile(r"/logs/([^/]+)/logs/task_\d+\.log$")


def _process_key(pid: int) -> tuple[int, int] | None:
    """(pid, start time in ticks): a process, even if its pid is reused later."""
    try:
        return pid, int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _task_stage(pid: int) -> str | None:
    """The build stage whose task this process runs: the stage of the task log it has open
    (`<work>/logs/<stage>/logs/task_<rank>.log`; a task's process opens its own log), or None (the driver, a
    pool worker, datatrove's fork server)."""
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                match = _TASK_LOG.search(os.readlink(fd))
            except OSError:
                continue
            if match:
                return match.group(1)
    except OSError:
        pass
    return None


class TreeSampler:
    """Peak RSS of a process and, separately, of each of its descendants, sampled every `interval` seconds; and
    the CPU seconds of every process of the tree, the last value seen per process (getrusage would miss the
    pool workers: they are reaped by datatrove's fork server, which is not always reaped itself).

    Each descendant that runs a task is attributed to its stage by the task log it has open, so a stage's task
    peak is its own processes' (`task_peaks`), not whatever else was alive while its logs were written."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.driver_peak_kib = 0
        self.other_peak_kib = 0
        self.driver_anon_peak_kib = 0
        self.other_anon_peak_kib = 0
        # (time, driver kib, largest other kib, driver anon kib, largest other anon kib)
        self.samples: list[tuple[float, int, int, int, int]] = []
        self.cpu_by_pid: dict[int, float] = {}
        #: per process: [stage or None, peak kib, peak anon kib]
        self.processes: dict[tuple[int, int], list] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            driver, driver_anon = _rss_kib(self.pid)
            self.cpu_by_pid[self.pid] = max(self.cpu_by_pid.get(self.pid, 0.0), _cpu_seconds(self.pid))
            stack, others = _children(self.pid), []
            while stack:
                pid = stack.pop()
                rss, anon = _rss_kib(pid)
                others.append((rss, anon))
                self.cpu_by_pid[pid] = max(self.cpu_by_pid.get(pid, 0.0), _cpu_seconds(pid))
                key = _process_key(pid)
                if key is not None:
                    record = self.processes.setdefault(key, [None, 0, 0])
                    if record[0] is None:
                        record[0] = _task_stage(pid)
                    record[1], record[2] = max(record[1], rss), max(record[2], anon)
                stack += _children(pid)
            largest = max((rss for rss, _ in others), default=0)
            largest_anon = max((anon for _, anon in others), default=0)
            self.driver_peak_kib = max(self.driver_peak_kib, driver)
            self.other_peak_kib = max(self.other_peak_kib, largest)
            self.driver_anon_peak_kib = max(self.driver_anon_peak_kib, driver_anon)
            self.other_anon_peak_kib = max(self.other_anon_peak_kib, largest_anon)
            self.samples.append((time.time(), driver, largest, driver_anon, largest_anon))
            time.sleep(self.interval)

    def task_peaks(self) -> dict[str | None, tuple[int, int, int]]:
        """Per stage (None: processes that ran no task): (peak kib, peak anon kib, processes) over its tasks."""
        peaks: dict[str | None, tuple[int, int, int]] = {}
        for stage, rss, anon in self.processes.values():
            old = peaks.get(stage, (0, 0, 0))
            peaks[stage] = (max(old[0], rss), max(old[1], anon), old[2] + 1)
        return peaks

    def __enter__(self) -> "TreeSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# --- stage breakdown from datatrove's logs -----------------------------------------------------------------
_STAMP = re.compile(r"^(?:\[NODE -?\d+\] )?(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)")


def _log_span(logs: Path) -> tuple[float, float] | None:
    """First and last timestamp over a stage's task logs."""
    first = last = None
    for log in sorted((logs / "logs").glob("task_*.log")):
        stamps = [m.group(1) for line in log.read_text(errors="replace").splitlines() if (m := _STAMP.match(line))]
        if not stamps:
            continue
        start = datetime.strptime(stamps[0], "%Y-%m-%d %H:%M:%S.%f").timestamp()
        end = datetime.strptime(stamps[-1], "%Y-%m-%d %H:%M:%S.%f").timestamp()
        first = start if first is None else min(first, start)
        last = end if last is None else max(last, end)
    return None if first is None else (first, last)


def stage_breakdown(logging_root: Path, samples: list[tuple[float, int, int, int, int]],
                    task_peaks: dict[str | None, tuple[int, int, int]] | None = None) -> list[dict]:
    """Per stage: wall time, step times, and peak RSS of the driver while its logs were written and of its tasks
    (from `task_peaks` when given: the stage's own processes; else the largest descendant in that time)."""
    stages = []
    for logs in sorted((d for d in logging_root.iterdir() if d.is_dir()), key=lambda d: (_log_span(d) or (0, 0))[0]):
        span = _log_span(logs)
        steps = {}
        if (logs / "stats.json").is_file():
            for step in json.loads((logs / "stats.json").read_text()):
                time_stats = step.get("time_stats", 0.0)  # a dict of stats, or a bare number for an unused step
                total = (time_stats.get("total") or time_stats.get("sum") or 0.0) if isinstance(time_stats, dict) else time_stats
                steps[step["name"]] = round(float(total), 2)
        inside = [s for s in samples if span[0] - 0.5 <= s[0] <= span[1] + 0.5] if span else []
        peaks = [round(max((s[i] for s in inside), default=0) / 1024, 1) for i in range(1, 5)]
        if task_peaks is not None and logs.name in task_peaks:
            own = task_peaks[logs.name]
            peaks[1], peaks[3] = round(own[0] / 1024, 1), round(own[1] / 1024, 1)
        stages.append({"stage": logs.name, "wall_s": round(span[1] - span[0], 2) if span else None,
                       "step_time_s": steps, "peak_driver_rss_mb": peaks[0], "peak_task_rss_mb": peaks[1],
                       "peak_driver_anon_mb": peaks[2], "peak_task_anon_mb": peaks[3]})
    return stages


# --- the two systems ----------------------------------------------------------------------------------------
EXTENSION = {"python": "py", "java": "java", "js": "js", "go": "go", "rust": "rs", "cpp": "cpp"}


def humaneval_programs(out: Path) -> Path:
    """HumanEval-X as whole programs (prompt + solution, as the pairing tests build them), one JSONL row each with
    a path: the `canonical_solution` field alone is a function body that parses in no language."""
    sys.path.insert(0, str(REPO / "tests"))
    from pairing_support import humaneval_program, read_humaneval

    path = out / "humaneval-programs.jsonl"
    with path.open("w") as handle:
        for stem, rows in read_humaneval(REPO / "tests" / "fixtures").items():
            for row in rows:
                number = row["task_id"].split("/")[1]
                handle.write(json.dumps({"task_id": row["task_id"], "code": humaneval_program(row, stem),
                                         "path": f"humaneval/{number}/main.{EXTENSION[stem]}"}) + "\n")
    return path


def codemix_config(corpus: Path, out: Path, *, tasks: int, workers: int, shard_tokens: int) -> Path:
    # about what the default BPE gives on code, over the files of the seven languages (the rest is dropped)
    by_language = json.loads((corpus / "summary.json").read_text())["by_language"]
    estimated_tokens = sum(v["bytes"] for k, v in by_language.items() if not k.startswith("other")) / 3.3
    config = {
        "inputs": [
            {"type": "jsonl", "path": str(corpus / "rows" / "*.jsonl"), "name": "registry", "path_key": "path"},
            {"type": "jsonl", "path": str(humaneval_programs(out)), "name": "humaneval-x", "text_key": "code",
             "path_key": "path", "pair_key": "task_id", "pair_key_pattern": r"^[^/]+/(?P<key>\d+)$"},
        ],
        "pairing": {"pivot": "python"},
        "mixture": {"strategy": "unimax", "max_epochs": 4},
        "budget_tokens": int(estimated_tokens * 0.8),
        "output": {"path": str(out / "codemix-output"), "max_shard_tokens": shard_tokens},
        "executor": {"type": "local", "tasks": tasks, "workers": workers},
    }
    path = out / "codemix.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


STOCK_SCRIPT = '''
import json, sys
from pathlib import Path
from datatrove.data import DocumentsPipeline
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster,
                                              MinhashDedupFilter, MinhashDedupSignature)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.tokens import TokensCounter
from datatrove.pipeline.writers import ParquetWriter

EXTENSIONS = {".py": "python", ".java": "java", ".js": "javascript", ".mjs": "javascript", ".ts": "typescript",
              ".cs": "csharp", ".go": "go", ".rs": "rust"}


class ExtensionTag(PipelineStep):
    """The language from the file extension; files of other languages are dropped, as codemix drops them."""
    name = "extension tag"
    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for document in data:
            path = document.metadata.get("path") or ""
            language = EXTENSIONS.get(Path(path).suffix.lower())
            if language is None:
                self.stat_update("dropped_other")
                continue
            document.metadata["language"] = language
            yield document


if __name__ == "__main__":
    corpus, out, tasks, workers, tokenizer = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    config = MinhashConfig()
    rows = str(corpus / "rows")
    def reader():
        return JsonlReader(rows, text_key="content", glob_pattern="*.jsonl")
    logs = out / "stock-logs"
    work = out / "stock-work"
    signatures = LocalPipelineExecutor([reader(), ExtensionTag(), MinhashDedupSignature(output_folder=str(work / "sigs"), config=config)],
                                       tasks=tasks, workers=workers, logging_dir=str(logs / "signatures"))
    buckets = LocalPipelineExecutor([MinhashDedupBuckets(input_folder=str(work / "sigs"), output_folder=str(work / "buckets"),
                                                         config=config)],
                                    tasks=config.num_buckets, workers=workers, logging_dir=str(logs / "buckets"),
                                    depends=signatures)
    clusters = LocalPipelineExecutor([MinhashDedupCluster(input_folder=str(work / "buckets"),
                                                          output_folder=str(work / "remove_ids"), config=config)],
                                     tasks=1, workers=1, logging_dir=str(logs / "clusters"), depends=buckets)
    final = LocalPipelineExecutor([reader(), ExtensionTag(), MinhashDedupFilter(input_folder=str(work / "remove_ids")),
                                   TokensCounter(tokenizer_name_or_path=tokenizer),
                                   ParquetWriter(str(out / "stock-output"))],
                                  tasks=tasks, workers=workers, logging_dir=str(logs / "filter-tokens-write"),
                                  depends=clusters)
    final.run()
'''


def run(args: argparse.Namespace) -> None:
    corpus = Path(args.corpus)
    label = f"{args.system}-{corpus.name}-w{args.workers}"
    if args.system == "codemix" and args.shard_tokens != DEFAULT_SHARD_TOKENS:
        label += f"-s{args.shard_tokens}"
    out = Path(args.out) / label
    if out.exists():
        import shutil

        shutil.rmtree(out)
    out.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    if args.system == "codemix":
        config = codemix_config(corpus, out, tasks=args.tasks, workers=args.workers, shard_tokens=args.shard_tokens)
        command = [sys.executable, "-m", "codemix.cli", "build", str(config), "--quiet"]
    else:
        from codemix.tokens import default_tokenizer_path

        script = out / "stock.py"
        script.write_text(STOCK_SCRIPT)
        command = [sys.executable, str(script), str(corpus), str(out), str(args.tasks), str(args.workers),
                   str(default_tokenizer_path())]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    with open(out / "console.log", "w") as console:
        process = subprocess.Popen(command, stdout=console, stderr=subprocess.STDOUT, env=env, cwd=out)
        with TreeSampler(process.pid) as sampler:
            code = process.wait()
    wall = time.time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0:
        raise SystemExit(f"{label}: exit {code}; see {out / 'console.log'}")
    logging_root = (next((out / "codemix-output" / "work").iterdir()) / "logs" if args.system == "codemix"
                    else out / "stock-logs")
    result = {
        "system": args.system, "corpus": str(corpus), "input_bytes": corpus_bytes(corpus), "tasks": args.tasks,
        "workers": args.workers, "wall_s": round(wall, 1),
        "cpu_s": round(max(sum(sampler.cpu_by_pid.values()),
                           (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)), 1),
        "peak_driver_rss_mb": round(sampler.driver_peak_kib / 1024, 1),
        "peak_task_rss_mb": round(max((rss for stage, (rss, _, _) in sampler.task_peaks().items() if stage),
                                      default=sampler.other_peak_kib) / 1024, 1),
        "peak_descendant_rss_mb": round(sampler.other_peak_kib / 1024, 1),
        "peak_driver_anon_mb": round(sampler.driver_anon_peak_kib / 1024, 1),
        "peak_task_anon_mb": round(max((anon for stage, (_, anon, _) in sampler.task_peaks().items() if stage),
                                       default=sampler.other_anon_peak_kib) / 1024, 1),
        "stages": stage_breakdown(logging_root, sampler.samples, sampler.task_peaks()),
        # pool workers and datatrove's fork server: processes that ran no task themselves
        "peak_non_task_rss_mb": round(sampler.task_peaks().get(None, (0, 0, 0))[0] / 1024, 1),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "load_average_after": round(os.getloadavg()[0], 1)},
    }
    if args.system == "codemix":
        stats = json.loads((out / "codemix-output" / "stats.json").read_text())
        result["shard_io"] = shard_io(stats)
        manifest = json.loads((out / "codemix-output" / "manifest.json").read_text())
        result["shards"] = len(manifest["splits"]["train"]["shards"])
        result["output_bytes"] = sum(s["bytes"] for s in manifest["splits"]["train"]["shards"])
    (Path(args.out) / f"{label}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k != "stages"}, indent=1))


def shard_io(stats: dict) -> dict[str, int]:
    """Bytes the scatter and gather stages read and wrote (their step stats, summed over tasks)."""
    totals: dict[str, int] = {}
    for stage in ("scatter", "gather"):
        for step in stats["stages"].get(stage, []):
            for key in ("source_bytes_read", "bucket_bytes_written", "bucket_bytes_read", "shard_bytes_written"):
                value = step.get("stats", {}).get(key)
                if value is not None:
                    totals[key] = totals.get(key, 0) + int(value["total"] if isinstance(value, dict) else value)
    return totals


def report(args: argparse.Namespace) -> None:
    results = [json.loads(p.read_text()) for p in sorted(Path(args.out).glob("*.json"))]
    print("| system | corpus | workers | MB | wall s | CPU s | MB/s (wall) | MB/s per core (CPU) | driver peak MB "
          "| task peak MB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        mb = r["input_bytes"] / 1e6
        print(f"| {r['system']} | {Path(r['corpus']).name} | {r['workers']} | {mb:,.0f} | {r['wall_s']:,.0f} "
              f"| {r['cpu_s']:,.0f} | {mb / r['wall_s']:.2f} | {mb / r['cpu_s']:.2f} | {r['peak_driver_rss_mb']:,.0f} "
              f"| {r['peak_task_rss_mb']:,.0f} |")
    for r in results:
        print(f"\n{r['system']} {Path(r['corpus']).name} w{r['workers']}: stages")
        for stage in r["stages"]:
            steps = ", ".join(f"{k} {v:.0f}s" for k, v in stage["step_time_s"].items())
            print(f"  {stage['stage']:<22} wall {stage['wall_s'] or 0:>7.1f}s  driver {stage['peak_driver_rss_mb']:>6.0f} MB"
                  f"  task {stage['peak_task_rss_mb']:>6.0f} MB  [{steps}]")
        if "shard_io" in r:
            io = r["shard_io"]
            print(f"  shards: {r['shards']}, written {r['output_bytes'] / 1e6:,.0f} MB; shard stages read "
                  f"{(io.get('source_bytes_read', 0) + io.get('bucket_bytes_read', 0)) / 1e6:,.0f} MB "
                  f"(sources {io.get('source_bytes_read', 0) / 1e6:,.0f}, buckets {io.get('bucket_bytes_read', 0) / 1e6:,.0f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run")
    run_parser.add_argument("--corpus", required=True)
    run_parser.add_argument("--system", choices=["codemix", "stock"], required=True)
    run_parser.add_argument("--workers", type=int, default=1)
    run_parser.add_argument("--tasks", type=int, default=8)
    run_parser.add_argument("--shard-tokens", type=int, default=DEFAULT_SHARD_TOKENS)
    run_parser.add_argument("--out", default="/work/cache/bench-out")
    report_parser = sub.add_parser("report")
    report_parser.add_argument("--out", default="/work/cache/bench-out")
    args = parser.parse_args()
    (run if args.command == "run" else report)(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
