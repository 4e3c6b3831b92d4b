"""The demo build end to end: shards, manifest, stats, card, determinism, dry run, and reading with `datasets`."""

import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from codemix import TARGET_LANGUAGES
from codemix.cli import EXIT_INFEASIBLE, EXIT_OK, main
from codemix.pipeline.manifest import without_run_timing
from codemix.schemas.shards import class_label_names
from codemix.stages.rejects import read_rejects

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "corpus"


def demo_config(tmp_path: Path, name: str, **overrides) -> Path:
    raw = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
    raw["inputs"][0]["path"] = str(CORPUS)
    raw["output"]["path"] = str(tmp_path / name)
    raw.update(overrides)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    outputs = []
    for name in ("first", "second"):
        assert main(["build", str(demo_config(tmp, name))]) == EXIT_OK
        outputs.append(tmp / name)
    return outputs


def test_build_writes_shards_manifest_stats_and_card(two_builds):
    out = two_builds[0]
    manifest = json.loads((out / "manifest.json").read_text())
    stats = json.loads((out / "stats.json").read_text())
    shards = manifest["splits"]["train"]["shards"]
    assert shards and all((out / s["file"]).is_file() for s in shards)
    # Every target language of the demo corpus is present, with its 24 task files.
    kept = stats["kept"]
    for language in TARGET_LANGUAGES:
        assert kept[language]["docs"] >= 24, language
    # Drops are counted by reason: the demo corpus's bad files each exercise one.
    dropped = stats["dropped"]
    for reason in ("binary", "invalid_utf8", "empty", "generated", "other_language", "exact_duplicate"):
        assert dropped.get(reason, 0) >= 1, (reason, dropped)
    # Manifest tokens per shard and component are those in the shard files.
    for shard in shards:
        table = pq.read_table(out / shard["file"])
        assert table.num_rows == shard["rows"]
        assert sum(table.column("token_count").to_pylist()) == shard["tokens"]
    assert manifest["tokenizer"]["vocab_sha256"] and manifest["config_hash"]
    card = (out / "README.md").read_text()
    assert card.startswith("---\nconfigs:\n") and "path: data/train-*" in card
    assert main(["inspect", str(out), "--verify"]) == EXIT_OK
    # datatrove's usual logging layout.
    logs = next((out / "work").iterdir()) / "logs" / "ingest"
    assert (logs / "completions").is_dir() and (logs / "stats").is_dir() and (logs / "logs").is_dir()


def test_card_states_features_of_every_split_and_how_to_load_pairs_eval(two_builds, monkeypatch):
    """Issue 12 (9): the card had no `dataset_info` features and did not say how to load `pairs_eval`."""
    from datasets import load_dataset

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    out = two_builds[0]
    card = (out / "README.md").read_text()
    header = yaml.safe_load(card.split("---\n")[1])
    info = {config["config_name"]: config for config in header["dataset_info"]}
    assert sorted(info) == ["default", "pairs_eval"]
    for name, folder in (("default", "data"), ("pairs_eval", "pairs_eval")):
        file = next((out / folder).glob("*.parquet"))
        assert [f["name"] for f in info[name]["features"]] == pq.read_schema(file).names
        assert info[name]["splits"][0]["num_examples"] == pq.ParquetFile(file).metadata.num_rows
    assert "load_dataset('path/to/this/folder', 'pairs_eval', split='pairs_eval')" in card
    pairs = load_dataset(str(out), "pairs_eval", split="pairs_eval")
    assert pairs.num_rows == info["pairs_eval"]["splits"][0]["num_examples"]
    train = load_dataset(str(out), split="train", streaming=True)
    assert list(train.features) == [f["name"] for f in info["default"]["features"]]


def test_two_builds_are_byte_identical(two_builds):
    first, second = two_builds
    m1 = json.loads((first / "manifest.json").read_text())
    m2 = json.loads((second / "manifest.json").read_text())
    files = [s["file"] for s in m1["splits"]["train"]["shards"]]
    assert files == [s["file"] for s in m2["splits"]["train"]["shards"]]
    for file in files:
        assert (first / file).read_bytes() == (second / file).read_bytes()
    # The configs differ only in the output path, which is not part of the config hash; everything else but run
    # timing is identical.
    assert m1["config_hash"] == m2["config_hash"]
    m1["config"]["output"]["path"] = m2["config"]["output"]["path"] = None
    assert without_run_timing(m1) == without_run_timing(m2)
    assert m1["run"].keys() == m2["run"].keys()


def test_shards_load_with_datasets_streaming_offline(two_builds, monkeypatch):
    from datasets import load_dataset

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    out = two_builds[0]
    manifest = json.loads((out / "manifest.json").read_text())
    expected_rows = manifest["splits"]["train"]["rows"]
    streamed = load_dataset("parquet", data_files=str(out / "data" / "train-*.parquet"), split="train", streaming=True)
    rows = list(streamed)
    assert len(rows) == expected_rows and {"text", "component", "token_count"} <= set(rows[0])
    by_card = load_dataset(str(out), split="train", streaming=True)
    assert sum(1 for _ in by_card) == expected_rows


def test_dry_run_counts_equal_built_shards(two_builds, tmp_path):
    built = json.loads((two_builds[0] / "manifest.json").read_text())
    config = demo_config(tmp_path, "dry")
    assert main(["build", str(config), "--dry-run", "--report", str(tmp_path / "plan.html")]) == EXIT_OK
    out = tmp_path / "dry"
    assert sorted(p.name for p in out.iterdir()) == ["plan.json"]
    plan = json.loads((out / "plan.json").read_text())
    for name, component in built["components"].items():
        assert plan["components"][name]["unique_tokens"] == component["achieved_tokens"], name
    assert "<svg" in (tmp_path / "plan.html").read_text()
    built_stats = json.loads((two_builds[0] / "stats.json").read_text())
    assert plan["inputs"]["pairing"] == built_stats["pairing"]  # the dry run reports the pair quality too


def test_rerun_after_a_killed_shard_writer_resumes_to_the_same_bytes(two_builds, tmp_path):
    first = two_builds[0]
    copy = tmp_path / "copy"
    shutil.copytree(first, copy)
    config = demo_config(tmp_path, "copy")
    # The output path is not part of the config hash: the copy's work dir is this config's.
    work = next((copy / "work").iterdir())
    from codemix.schemas.config import load_config

    assert work.name == load_config(config).config_hash()[:16]
    # Simulate a kill in the stage that writes the shards: its tasks never completed, a shard stayed a zero-byte
    # temporary file, and the stage after it never ran (nothing staged for publication).
    for stage in ("gather", "finalize"):
        for marker in (work / "logs" / stage / "completions").iterdir():
            marker.unlink()
    for name in ("manifest.json", "stats.json", "README.md"):
        (work / "staged" / name).unlink()
    (work / "staged" / "data").mkdir()
    (work / "staged" / "data" / ".train-00000-of-00001.parquet.x1y2.tmp").write_bytes(b"")
    assert main(["build", str(config)]) == EXIT_OK
    shards = sorted((copy / "data").glob("train-*.parquet"))
    assert shards and all(s.read_bytes() == (first / "data" / s.name).read_bytes() for s in shards)
    assert without_run_timing(json.loads((copy / "manifest.json").read_text()))["splits"] == json.loads(
        (first / "manifest.json").read_text())["splits"]
    assert not list(copy.rglob("*.tmp"))


def test_infeasible_budget_exits_3(tmp_path, capsys):
    config = demo_config(tmp_path, "tight", budget_tokens="10M", mixture={"strategy": "uniform", "max_epochs": 1.0})
    assert main(["build", str(config), "--dry-run"]) == EXIT_INFEASIBLE
    assert "largest feasible budget" in capsys.readouterr().err


def test_demo_build_pairs_every_task_in_every_direction(two_builds):
    from datasets import load_dataset

    out = two_builds[0]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["components"]["paired"]["rows"] == 24 * 12
    assert manifest["pairing"]["templates"]["direct"] == "{src_code}\n\n{tgt_code}\n"
    directions = set()
    for shard in manifest["splits"]["train"]["shards"]:
        table = pq.read_table(out / shard["file"], columns=["component", "src_lang", "tgt_lang"])
        for comp, src, tgt in zip(*(table.column(c).to_pylist() for c in ("component", "src_lang", "tgt_lang"))):
            if comp == "paired":
                directions.add((src, tgt))
                assert "python" in (src, tgt)  # only pivot directions are trained on
    assert len(directions) == 12
    assert manifest["splits"]["pairs_eval"]["rows"] == 24 * 30
    held_out = load_dataset(str(out), "pairs_eval", split="pairs_eval", streaming=True)
    rows = list(held_out)
    assert len(rows) == 24 * 30 and all("python" not in (r["src_lang"], r["tgt_lang"]) for r in rows)


def test_demo_pair_quality_is_computed_from_the_pairs_written(two_builds):
    import numpy as np

    out = two_builds[0]
    pairing = json.loads((out / "stats.json").read_text())["pairing"]
    manifest = json.loads((out / "manifest.json").read_text())
    tokens: dict[str, list[int]] = {}
    for shard in manifest["splits"]["train"]["shards"]:
        table = pq.read_table(out / shard["file"], columns=["component", "language", "token_count"])
        names = class_label_names(table.schema, "language")  # `language` is a class id
        for comp, label, count in zip(*(table.column(c).to_pylist() for c in ("component", "language", "token_count"))):
            if comp == "paired":
                tokens.setdefault(names[label], []).append(count)
    held_out = pq.read_table(out / manifest["splits"]["pairs_eval"]["shards"][0]["file"]).to_pylist()
    for row in held_out:
        tokens.setdefault(f"{row['src_lang']}->{row['tgt_lang']}", []).append(row["token_count"])
    assert set(pairing["directions"]) == set(tokens) and len(tokens) == 42
    for direction, counts in tokens.items():
        report = pairing["directions"][direction]
        assert report["pairs"] == report["documents"] == len(counts) == 24 and report["dropped"] == {}
        assert report["median_tokens"] == np.percentile(counts, 50, method="inverted_cdf")
        assert report["p95_tokens"] == np.percentile(counts, 95, method="inverted_cdf")
        assert report["share_size_ratio_over_limit"] == 0.0  # the demo's translations are of similar size
    assert len(pairing["worst_pairs"]) == 10 and all(w["ratio"] < 4 for w in pairing["worst_pairs"])


def test_sampled_dry_run_states_estimates_and_is_exact_at_fraction_one(two_builds, tmp_path, capsys):
    built = json.loads((two_builds[0] / "manifest.json").read_text())
    config = demo_config(tmp_path, "sampled")
    assert main(["build", str(config), "--dry-run", "--sample", "1.0"]) == EXIT_OK
    plan = json.loads((tmp_path / "sampled" / "plan.json").read_text())
    assert "unique_tokens" in plan["estimated"] and plan["sample"]["fraction"] == 1.0
    for language in TARGET_LANGUAGES:
        tokens = plan["sample"]["estimates"][language]["tokens"]
        exact = built["components"][language]["achieved_tokens"]
        assert tokens["value"] == pytest.approx(exact) and tokens["standard_error"] == pytest.approx(0, abs=1e-6)
    assert main(["build", str(config), "--dry-run", "--sample", "0.5"]) == EXIT_OK
    plan = json.loads((tmp_path / "sampled" / "plan.json").read_text())
    for language in TARGET_LANGUAGES:
        tokens = plan["sample"]["estimates"][language]["tokens"]
        assert tokens["low"] <= tokens["value"] <= tokens["high"] and tokens["standard_error"] > 0
    out = capsys.readouterr().out
    assert "estimated from a 50.0% sample" in out
    # Issue 12 (7): the drops of the steps after the sample are counts over the sample, and the table says so.
    assert "counted over" in out and "the sample only: about" in out
    assert main(["build", str(config), "--sample", "0.5"]) == 2  # estimates are for dry runs only
    # A language the sample missed is unknown, with a bound: not "0 [0, 0]".
    assert main(["build", str(config), "--dry-run", "--sample", "0.02"]) == EXIT_OK
    plan = json.loads((tmp_path / "sampled" / "plan.json").read_text())
    missed = [n for n, e in plan["sample"]["estimates"].items() if not e["observed"]]
    assert missed and all(plan["sample"]["estimates"][n]["tokens"]["value"] is None for n in missed)
    assert all(plan["sample"]["estimates"][n]["tokens"]["high"] > 0 for n in missed)
    assert any("was not in the sample" in note for note in plan["notes"])
    assert f"{missed[0]:<11} not in the sample: unknown, at most" in capsys.readouterr().out


def _documented_fates() -> dict[str, tuple[str, str]]:
    """`examples/corpus/misc/README.md`'s table: file -> ("dropped", reason) or ("kept", component), plus the
    files outside misc/ the table names as dropped twins, and ("copy kept", path) for a dropped duplicate."""
    fates: dict[str, tuple[str, str]] = {}
    for line in (CORPUS / "misc" / "README.md").read_text().splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        file, outcome = cells[0].strip("`"), cells[3]
        verdict, _, value = outcome.partition(": `")
        assert verdict in ("dropped", "kept"), f"misc/README.md: {file}: unreadable outcome {outcome!r}"
        fates[f"misc/{file}"] = (verdict, value.split("`")[0])
        for twin, reason in re.findall(r"its twin `([^`]+)` is dropped: `(\w+)`", outcome):
            fates[twin] = ("dropped", reason)
        for kept in re.findall(r"\(of `([^`]+)`, the copy kept", outcome):
            fates[f"copy kept for misc/{file}"] = ("copy kept", kept)
    return fates


def test_every_misc_file_meets_the_fate_its_readme_states(two_builds):
    out = two_builds[0]
    fates = _documented_fates()
    on_disk = {path.relative_to(CORPUS).as_posix() for path in (CORPUS / "misc").rglob("*") if path.is_file()}
    assert on_disk <= set(fates), f"misc files without a stated fate: {sorted(on_disk - set(fates))}"
    rejected, copies_kept = {}, {}
    for record in read_rejects(next((out / "work").iterdir()) / "rejected"):
        rejected[record["path"]] = record["reason"]
        if record["duplicate_of"]:
            copies_kept[f"copy kept for {record['path']}"] = ("copy kept", record["duplicate_of"].split(":", 1)[1])
    kept = {}
    for shard in json.loads((out / "manifest.json").read_text())["splits"]["train"]["shards"]:
        table = pq.read_table(out / shard["file"], columns=["path", "component"])
        kept.update(zip(table.column("path").to_pylist(), table.column("component").to_pylist()))
    assert {key: fate for key, fate in fates.items() if key.startswith("copy kept")} == copies_kept
    for path, (verdict, value) in sorted(fates.items()):
        if verdict == "copy kept":
            continue
        actual = ("dropped", rejected[path]) if path in rejected else ("kept", kept.get(path))
        assert actual == (verdict, value), f"{path}: the README says {verdict} {value}, the build: {actual}"
