"""`codemix classify`: JSON lines, directory walks, usage errors, bounded memory on 10,000 files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


from codemix.cli import main
from langid_fixtures import HUMANEVAL_FILES, humaneval_programs

REPO = Path(__file__).resolve().parents[1]


def write_tree(root: Path, fixtures_dir: Path, files: int) -> dict[str, str]:
    """`files` real programs spread over nested directories; returns path -> true language."""
    programs = {language: humaneval_programs(fixtures_dir, language) for language in HUMANEVAL_FILES}
    truth = {}
    languages = sorted(programs)
    for index in range(files):
        language = languages[index % len(languages)]
        program = programs[language][index % len(programs[language])]
        extension = HUMANEVAL_FILES[language][1]
        path = root / f"d{index // 500:03d}" / f"f{index:05d}{extension}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(program, encoding="utf-8")
        truth[str(path)] = language
    return truth


def test_classify_json_lines_for_a_directory(tmp_path: Path, fixtures_dir: Path, capsys) -> None:
    truth = write_tree(tmp_path / "tree", fixtures_dir, 24)
    (tmp_path / "tree" / ".git").mkdir()
    (tmp_path / "tree" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "tree" / "blob.bin").write_bytes(bytes(range(256)) * 4)
    assert main(["classify", "--json", str(tmp_path / "tree")]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 25  # .git skipped
    by_path = {line["path"]: line for line in lines}
    for path, language in truth.items():
        assert by_path[path]["language"] == language
        assert set(by_path[path]) == {"path", "language", "confidence", "evidence"}
    assert by_path[str(tmp_path / "tree" / "blob.bin")]["evidence"] == "binary"  # bad input before path rules
    assert [line["path"] for line in lines] == sorted(by_path)  # deterministic walk order


def test_classify_content_only_and_plain_output(tmp_path: Path, fixtures_dir: Path, capsys) -> None:
    program = humaneval_programs(fixtures_dir, "go", limit=1)[0]
    (tmp_path / "looks_like.py").write_text(program)
    assert main(["classify", "--content-only", str(tmp_path / "looks_like.py")]) == 0
    path, language, confidence, evidence = capsys.readouterr().out.strip().split("\t")
    assert (language, evidence.split("+")[0]) == ("go", "content")
    assert 0.5 <= float(confidence) <= 1.0


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["classify", str(tmp_path / "nope")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_unreadable_entries_are_reported(tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "pipe"
    import os

    os.mkfifo(fifo)
    assert main(["classify", "--json", str(tmp_path)]) == 2
    assert f"{fifo}: skipped: not a regular file" in capsys.readouterr().err


def _max_rss_kib(directory: Path) -> tuple[int, int]:
    """(lines printed, peak RSS of a fresh `classify` process in KiB)."""
    script = (
        "import resource, sys\n"
        "from codemix.cli import main\n"
        "import io, contextlib\n"
        "class Count(io.TextIOBase):\n"
        "    lines = 0\n"
        "    def write(self, s):\n"
        "        Count.lines += s.count('\\n'); return len(s)\n"
        "with contextlib.redirect_stdout(Count()):\n"
        f"    code = main(['classify', '--json', {str(directory)!r}])\n"
        "print(Count.lines, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO,
                         env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"})
    lines, rss, code = out.stdout.split()
    assert code == "0", out.stderr
    return int(lines), int(rss)


def test_ten_thousand_files_in_bounded_memory(tmp_path: Path, fixtures_dir: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    write_tree(small, fixtures_dir, 1_000)
    write_tree(large, fixtures_dir, 10_000)
    small_lines, small_rss = _max_rss_kib(small)
    large_lines, large_rss = _max_rss_kib(large)
    assert (small_lines, large_lines) == (1_000, 10_000)
    # ten times the files, (almost) the same peak memory: nothing accumulates per file
    assert large_rss < small_rss + 20_000, (small_rss, large_rss)


def test_directories_are_walked_as_a_build_walks_them(tmp_path: Path, capsys) -> None:
    """One walk for builds and `classify`: the build's excluded directories and symlinks are skipped by default."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("def main():\n    return 1\n")
    (tmp_path / "node_modules" / "dep").mkdir(parents=True)
    (tmp_path / "node_modules" / "dep" / "index.js").write_text("module.exports = function () { return 1; };\n")
    (tmp_path / "link.py").symlink_to(tmp_path / "src" / "app.py")

    def listed(*flags: str) -> list[str]:
        assert main(["classify", "--json", *flags, str(tmp_path)]) == 0
        return [Path(json.loads(line)["path"]).relative_to(tmp_path).as_posix()
                for line in capsys.readouterr().out.splitlines()]

    assert listed() == ["src/app.py"]
    assert listed("--all-dirs", "--follow-symlinks") == ["link.py", "node_modules/dep/index.js", "src/app.py"]
