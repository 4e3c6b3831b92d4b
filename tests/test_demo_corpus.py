"""The demo corpus `examples/corpus/` is what it claims to be.

- `tasks/`: exactly 24 programs, each in the 7 target languages under fixed file names (the folder is the pair
  key that pairing relies on); every file parses cleanly under its own tree-sitter grammar; and (slow) the 7
  versions of a task print identical stdout, for every language whose toolchain is on this machine.
- `misc/`: each non-target or bad input still has the property its pipeline stage is tested with (a line over
  1000 characters, invalid UTF-8, a PNG signature, a byte-identical copy, ...), so that an edit cannot quietly
  defuse the input of a stage's test.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
import zlib
from pathlib import Path

import pytest
import yaml

from codemix import TARGET_LANGUAGES
from codemix.grammars import check_parse

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
TASKS_DIR = CORPUS / "tasks"
MISC_DIR = CORPUS / "misc"

#: File name of each language's version of a task (the brief's exact layout).
FILE_BY_LANGUAGE: dict[str, str] = {
    "python": "main.py",
    "java": "Main.java",
    "javascript": "main.js",
    "typescript": "main.ts",
    "csharp": "Program.cs",
    "go": "main.go",
    "rust": "main.rs",
}

#: Tasks 1-12 (branch demo-a) and 13-24 (branch demo-b).
EXPECTED_TASKS: tuple[str, ...] = (
    "fizzbuzz", "fibonacci", "word_count", "binary_search", "merge_sort", "gcd_lcm",
    "prime_sieve", "palindromes", "roman_numerals", "matrix_multiply", "balanced_brackets", "caesar_cipher",
    "linked_list", "binary_search_tree", "grid_bfs", "dijkstra", "lru_cache", "run_length_encoding",
    "anagram_groups", "bank_account", "two_stack_queue", "levenshtein", "rpn_calculator", "csv_stats",
)

EXPECTED_MISC_FILES: tuple[str, ...] = (
    "README.md",
    "bad/empty.py",
    "bad/latin1.py",
    "bad/nul_bytes.js",
    "binary/logo.png",
    "c/ring_buffer.c",
    "c/ring_buffer.h",
    "config/settings.yaml",
    "data/cities.json",
    "docs/NOTES.md",
    "duplicates/main_copy.py",
    "duplicates/main_near.py",
    "generated/messages_pb2.py",
    "generated/zz_generated.deepcopy.go",
    "kotlin/Greeter.kt",
    "ruby/inventory.rb",
    "scripts/run_report",
    "scripts/setup.sh",
    "translations/app_de.ts",
    "web/bundle.min.js",
)


def test_file_names_cover_exactly_the_target_languages() -> None:
    assert tuple(FILE_BY_LANGUAGE) == TARGET_LANGUAGES


# ---------------------------------------------------------------------------------------------------------------
# tasks/: layout and parsing


def test_tasks_layout_is_exactly_24_folders_of_7_files() -> None:
    folders = sorted(entry.name for entry in TASKS_DIR.iterdir())
    assert len(EXPECTED_TASKS) == 24
    assert folders == sorted(EXPECTED_TASKS), (
        f"tasks/ must hold exactly the 24 task folders; missing: {sorted(set(EXPECTED_TASKS) - set(folders))}, "
        f"unexpected: {sorted(set(folders) - set(EXPECTED_TASKS))}"
    )
    expected_files = sorted(FILE_BY_LANGUAGE.values())
    for task in EXPECTED_TASKS:
        files = sorted(entry.name for entry in (TASKS_DIR / task).iterdir())
        assert files == expected_files, f"tasks/{task}/ holds {files}, expected exactly {expected_files}"


TASK_FILES = [(task, language) for task in EXPECTED_TASKS for language in TARGET_LANGUAGES]


@pytest.mark.parametrize(("task", "language"), TASK_FILES, ids=[f"{t}/{FILE_BY_LANGUAGE[lang]}" for t, lang in TASK_FILES])
def test_task_file_parses_cleanly_under_its_grammar(task: str, language: str) -> None:
    path = TASKS_DIR / task / FILE_BY_LANGUAGE[language]
    assert path.is_file(), f"{path} is missing"
    source = path.read_bytes()
    source.decode("utf-8")  # raises, naming the position, if a program is not UTF-8
    check = check_parse(source, language)
    assert check.error_nodes == 0 and check.missing_nodes == 0, (
        f"{path}: {check.error_nodes} ERROR and {check.missing_nodes} MISSING nodes under the {language} grammar"
    )


@pytest.mark.parametrize("task", EXPECTED_TASKS)
def test_typescript_version_is_real_typescript(task: str) -> None:
    # The TypeScript grammar accepts plain JavaScript, so a main.ts without annotations would be a JavaScript file
    # in disguise and teach the classifier nothing. TypeScript-only syntax makes the JavaScript grammar fail.
    source = (TASKS_DIR / task / "main.ts").read_bytes()
    assert not check_parse(source, "javascript").clean, f"{task}/main.ts parses as plain JavaScript"


@pytest.mark.parametrize("task", EXPECTED_TASKS)
def test_task_file_has_a_comment_header_and_a_plausible_length(task: str) -> None:
    for language, name in FILE_BY_LANGUAGE.items():
        text = (TASKS_DIR / task / name).read_text(encoding="utf-8")
        first_line = text.splitlines()[0]
        assert first_line.startswith(("//", "/*", '"""', "#")), f"{task}/{name}: no comment header, starts {first_line!r}"
        lines = len(text.splitlines())
        assert 15 <= lines <= 150, f"{task}/{name}: {lines} lines, outside the 15-150 sanity range"


# ---------------------------------------------------------------------------------------------------------------
# tasks/: each translation prints what main.py prints (slow: compiles and runs up to 7 x 24 programs)


def _find_cached_tsc() -> list[str] | None:
    """A TypeScript compiler already on this machine: `tsc` on PATH or one left in npx's cache (never downloaded)."""
    tsc = shutil.which("tsc")
    if tsc:
        return [tsc]
    node = shutil.which("node")
    npx_cache = Path.home() / ".npm" / "_npx"
    if node and npx_cache.is_dir():
        for candidate in sorted(npx_cache.glob("*/node_modules/typescript/bin/tsc")):
            return [node, str(candidate)]
    return None


def _toolchains() -> dict[str, bool]:
    def have(*tools: str) -> bool:
        return all(shutil.which(tool) for tool in tools)

    return {
        "python": True,  # this interpreter
        "javascript": have("node"),
        "java": have("javac", "java"),
        "typescript": have("node") and _find_cached_tsc() is not None,
        "csharp": have("mcs", "mono"),
        "go": have("go"),
        "rust": have("rustc"),
    }


def _run(command: list[str], *, cwd: Path, what: str, timeout_seconds: float = 180) -> str:
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout_seconds)
    if completed.returncode != 0:
        raise AssertionError(
            f"{what}: `{' '.join(command)}` exited {completed.returncode}\n"
            f"stdout:\n{completed.stdout[-2000:]}\nstderr:\n{completed.stderr[-2000:]}"
        )
    return completed.stdout


def _output_of(language: str, source: Path, work: Path, go_cache: Path) -> str:
    """Build (if needed) and run one version in `work`; return its stdout."""
    what = f"{source.parent.name}/{source.name}"
    if language == "python":
        return _run([sys.executable, str(source)], cwd=work, what=what)
    if language == "javascript":
        return _run(["node", str(source)], cwd=work, what=what)
    if language == "java":
        _run(["javac", "-d", str(work), str(source)], cwd=work, what=what)
        return _run(["java", "-cp", str(work), "Main"], cwd=work, what=what)
    if language == "typescript":
        tsc = _find_cached_tsc()
        assert tsc is not None
        _run([*tsc, "--strict", "--target", "es2020", "--outDir", str(work), str(source)], cwd=work, what=what)
        return _run(["node", str(work / "main.js")], cwd=work, what=what)
    if language == "csharp":
        _run(["mcs", f"-out:{work / 'program.exe'}", str(source)], cwd=work, what=what)
        return _run(["mono", str(work / "program.exe")], cwd=work, what=what)
    if language == "go":
        # Outside a module `go build` wants the file in the working directory. One build cache for the whole
        # session in a temporary folder: the standard library is compiled once, and nothing lands in $HOME.
        shutil.copy(source, work / "main.go")
        env = {**os.environ, "GOCACHE": str(go_cache), "GO111MODULE": "off"}
        built = subprocess.run(["go", "build", "-o", "main_go", "main.go"], cwd=work, capture_output=True, text=True,
                               env=env, timeout=300)
        assert built.returncode == 0, f"{what}: go build failed:\n{built.stderr[-2000:]}"
        return _run([str(work / "main_go")], cwd=work, what=what)
    if language == "rust":
        _run(["rustc", "--edition", "2021", "-o", str(work / "main_rs"), str(source)], cwd=work, what=what)
        return _run([str(work / "main_rs")], cwd=work, what=what)
    raise ValueError(language)


@pytest.fixture(scope="module")
def go_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gocache")


@pytest.mark.slow
@pytest.mark.parametrize("language", [language for language in TARGET_LANGUAGES if language != "python"])
@pytest.mark.parametrize("task", EXPECTED_TASKS)
def test_each_translation_prints_what_main_py_prints(task: str, language: str, tmp_path: Path, go_cache: Path) -> None:
    """One case per task and language: a language whose toolchain is not on this machine is skipped, by name,
    so a run's report shows exactly which of the 6 x 24 comparisons ran."""
    if not _toolchains()[language]:
        pytest.skip(f"no {language} toolchain on this machine")
    (tmp_path / "python").mkdir()
    (tmp_path / language).mkdir()
    expected = _output_of("python", TASKS_DIR / task / FILE_BY_LANGUAGE["python"], tmp_path / "python", go_cache)
    assert expected.strip(), f"{task}/main.py printed nothing"
    actual = _output_of(language, TASKS_DIR / task / FILE_BY_LANGUAGE[language], tmp_path / language, go_cache)
    assert actual == expected, f"{task}: {language} prints\n{actual}\n--- main.py prints:\n{expected}"


# ---------------------------------------------------------------------------------------------------------------
# misc/: every stage input is still what it claims to be


def _misc(relative: str) -> Path:
    return MISC_DIR / relative


def _shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    tokens = re.findall(r"[A-Za-z_0-9]+", text)
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def test_misc_holds_exactly_the_documented_files() -> None:
    found = sorted(str(path.relative_to(MISC_DIR)) for path in MISC_DIR.rglob("*") if path.is_file())
    assert found == sorted(EXPECTED_MISC_FILES)


def test_misc_readme_documents_every_file() -> None:
    readme = _misc("README.md").read_text(encoding="utf-8")
    for relative in EXPECTED_MISC_FILES:
        if relative != "README.md":
            assert f"`{relative}`" in readme, f"misc/README.md does not explain {relative}"


def test_c_source_and_header_are_c() -> None:
    source = _misc("c/ring_buffer.c").read_text(encoding="utf-8")
    header = _misc("c/ring_buffer.h").read_text(encoding="utf-8")
    assert '#include "ring_buffer.h"' in source and "#include <assert.h>" in source
    assert "#ifndef RING_BUFFER_H" in header and "#endif" in header and "typedef struct" in header
    # Not secretly a target language: the closest grammars reject it.
    assert not check_parse(source, "csharp").clean and not check_parse(source, "java").clean


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler on PATH")
def test_c_source_compiles_and_runs(tmp_path: Path) -> None:
    binary = tmp_path / "ring_buffer"
    _run(["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-DRING_BUFFER_SELFTEST", "-o", str(binary),
          str(_misc("c/ring_buffer.c"))], cwd=tmp_path, what="ring_buffer.c")
    output = _run([str(binary)], cwd=tmp_path, what="ring_buffer")
    assert "push 5: full" in output and "pop 4" in output


def test_kotlin_and_ruby_are_not_java_or_python() -> None:
    kotlin = _misc("kotlin/Greeter.kt").read_text(encoding="utf-8")
    ruby = _misc("ruby/inventory.rb").read_text(encoding="utf-8")
    assert "fun main()" in kotlin and "data class Person" in kotlin
    assert not check_parse(kotlin, "java").clean
    assert ruby.startswith("# frozen_string_literal: true") and "class Inventory" in ruby
    assert not check_parse(ruby, "python").clean


def test_documents_data_and_configuration_are_well_formed() -> None:
    notes = _misc("docs/NOTES.md").read_text(encoding="utf-8")
    assert notes.startswith("# ") and "```bash" in notes
    cities = json.loads(_misc("data/cities.json").read_text(encoding="utf-8"))
    assert [city["name"] for city in cities["cities"]][:2] == ["Cairo", "Lisbon"]
    settings = yaml.safe_load(_misc("config/settings.yaml").read_text(encoding="utf-8"))
    assert settings["retry"]["max_attempts"] == 6


def test_shell_script_has_a_bash_shebang_and_valid_syntax() -> None:
    path = _misc("scripts/setup.sh")
    assert path.read_bytes().startswith(b"#!/usr/bin/env bash\n")
    assert os.access(path, os.X_OK), f"{path} lost its executable bit"
    if shutil.which("bash"):
        _run(["bash", "-n", str(path)], cwd=MISC_DIR, what="setup.sh")


def test_extensionless_script_is_runnable_python_found_only_by_its_shebang(tmp_path: Path) -> None:
    path = _misc("scripts/run_report")
    assert path.suffix == ""
    data = path.read_bytes()
    assert data.startswith(b"#!/usr/bin/env python3\n")
    assert os.access(path, os.X_OK), f"{path} lost its executable bit"
    assert check_parse(data, "python").clean
    log = tmp_path / "requests.jsonl"
    log.write_text(
        '{"endpoint": "/a", "duration_ms": 10, "status": 200}\n{"endpoint": "/a", "duration_ms": 30, "status": 503}\n'
        '{"endpoint": "/b", "duration_ms": 5, "status": 200}\n',
        encoding="utf-8",
    )
    output = _run([sys.executable, str(path), str(log)], cwd=tmp_path, what="run_report")
    assert output.splitlines()[1].split() == ["/a", "2", "20.0", "50.0%"]


def test_png_is_a_real_png() -> None:
    data = _misc("binary/logo.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and b"\x00" in data
    offset, chunks = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body), f"bad CRC in chunk {kind!r}"
        chunks.append((kind, body))
        offset += 12 + length
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, bit_depth, colour_type = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (width, height, bit_depth, colour_type) == (16, 16, 8, 6)
    assert len(zlib.decompress(chunks[1][1])) == height * (1 + 4 * width)


def test_minified_bundle_has_a_line_over_1000_chars_and_is_valid_javascript() -> None:
    text = _misc("web/bundle.min.js").read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) > 1000
    assert len(text.splitlines()) <= 3  # a banner comment and the code: minified, not merely long
    assert check_parse(text, "javascript").clean  # only the minification, not a syntax error, should drop it


def test_generated_files_carry_their_generator_headers_and_are_otherwise_valid_code() -> None:
    pb2 = _misc("generated/messages_pb2.py").read_text(encoding="utf-8")
    # protoc writes two spaces after "compiler."; detectors should accept any whitespace there.
    assert re.search(r"^# Generated by the protocol buffer compiler\.\s+DO NOT EDIT!$", pb2, re.MULTILINE)
    assert pb2.splitlines()[1] == "# Generated by the protocol buffer compiler.  DO NOT EDIT!"
    assert check_parse(pb2, "python").clean
    deepcopy = _misc("generated/zz_generated.deepcopy.go").read_text(encoding="utf-8")
    # The Go convention (go.dev/s/generatedcode): this line, before the package clause.
    marker = re.search(r"^// Code generated by deepcopy-gen\. DO NOT EDIT\.$", deepcopy, re.MULTILINE)
    assert marker and marker.start() < deepcopy.index("\npackage ")
    assert check_parse(deepcopy, "go").clean


def test_exact_duplicate_is_byte_identical_to_its_source() -> None:
    copy = _misc("duplicates/main_copy.py").read_bytes()
    original = (TASKS_DIR / "levenshtein" / "main.py").read_bytes()
    assert hashlib.sha256(copy).hexdigest() == hashlib.sha256(original).hexdigest()


def test_near_duplicate_is_near_but_not_exact() -> None:
    near = _misc("duplicates/main_near.py").read_text(encoding="utf-8")
    original = (TASKS_DIR / "dijkstra" / "main.py").read_text(encoding="utf-8")
    assert near != original
    a, b = _shingles(original), _shingles(near)
    jaccard = len(a & b) / len(a | b)
    # Above the usual MinHash threshold (0.7) with a margin for the estimate's noise, yet not a copy.
    assert 0.75 <= jaccard < 0.95, f"5-gram Jaccard {jaccard:.3f}"
    assert "origin" in near and "outdated heap entry" in near


def test_latin1_file_is_not_utf8_but_is_latin1_python() -> None:
    data = _misc("bad/latin1.py").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("latin-1")
    assert "café" in text and "coding" not in text  # no PEP 263 declaration: the file is simply mis-encoded
    non_ascii_lines = [line for line in text.splitlines() if not line.isascii()]
    assert non_ascii_lines and all(line.startswith("#") or "crêpe" in line for line in non_ascii_lines)


def test_empty_file_is_empty() -> None:
    assert _misc("bad/empty.py").stat().st_size == 0


def test_nul_file_is_javascript_text_with_nul_bytes() -> None:
    data = _misc("bad/nul_bytes.js").read_bytes()
    assert data.count(b"\x00") >= 2
    text = data.decode("utf-8")  # NUL is valid UTF-8: the decoder alone does not catch it
    assert "function formatPrice" in text


def test_qt_translation_is_xml_and_not_typescript() -> None:
    path = _misc("translations/app_de.ts")
    data = path.read_bytes()
    assert data.startswith(b"<?xml")
    root = ElementTree.fromstring(data)
    assert root.tag == "TS" and root.get("language") == "de_DE"
    assert not check_parse(data, "typescript").clean
