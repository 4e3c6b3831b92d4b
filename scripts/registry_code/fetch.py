#!/usr/bin/env python3
"""Fetch the pinned registry packages of packages.toml and index their files by language.

Downloads each package with its registry's ordinary client (pip, npm, apt-get), extracts it under
<root>/src/<project>-<version>/, classifies every file by extension, and writes <root>/index.jsonl
(one JSON object per kept file, sorted by path) plus <root>/summary.json (per split/language counts
and the drops per reason). Idempotent: a package whose extraction finished (marker file) is not
fetched again, and its per-package index is reused while the classifier version is unchanged.
Deterministic: the same package list gives the same index bytes.
"""
from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterable

HERE = Path(__file__).resolve().parent
DEFAULT_LIST = HERE / "packages.toml"
DEFAULT_ROOT = Path("/work/cache/registry-code")
# Bump when classification/filter rules change so cached per-package indexes are rebuilt.
CLASSIFIER_VERSION = "7"
TARGET_LANGUAGES = ("python", "java", "javascript", "typescript", "csharp", "go", "rust")
REGISTRIES = ("pypi-sdist", "npm", "debian-source", "debian-binary")
# `eval` is the langid dev set (it was read while tuning the earlier models); `test` is reported on, never
# tuned on; `fresh` holds the projects added after the round-3 model was frozen (evaluated once, then the second
# dev set, `dev2`); `fresh2` the projects added only after the round-4 model was frozen (evaluated once, then the
# third dev set, `dev3`, of round 5); `fresh3` the projects added for round 5, evaluated once its model was frozen (then the
# fourth dev set, `dev4`, of round 6); `fresh4` the projects added for round 6, evaluated once its model was frozen
# (then the fifth dev set, `dev5`, of round 7); `fresh5` the projects added for round 7, evaluated once its model was
# frozen (then the sixth dev set, `dev6`, of round 8); `fresh6` the projects added for round 8, evaluated once its
# model was frozen (then the seventh dev set, `dev7`, of round 9); `fresh7` the projects added for round 9 before anything of it changed, evaluated once with the
# round-8 classifier (then the eighth dev set, `dev8`, of round 10); `fresh8` the projects added for round 10 before its
# classifier was frozen, evaluated once it was (then the ninth dev set, `dev9`, of round 11); `fresh9` the projects
# added for round 11 before its classifier was frozen, evaluated once it was (then the tenth dev set, `dev10`, of round
# 12); `fresh10` the projects added for round 12 before its classifier was frozen, evaluated once it was (then the
# eleventh dev set, `dev11`, of round 13); `fresh11` the projects added for round 13 before its classifier was frozen,
# evaluated once it was (then the twelfth dev set, `dev12`, of round 14); `fresh12` the projects added for round 14
# before its classifier was frozen, evaluated once it was (then the thirteenth dev set, `dev13`, of round 15);
# `fresh13` the projects added for round 15 before its classifier was frozen, evaluated once it was (then the
# fourteenth dev set, `dev14`, of round 16); `fresh14` the projects added for round 16 before its classifier was frozen,
# evaluated once it was (then the fifteenth dev set, `dev15`, of round 17); `fresh15` the projects added for round 17
# before its classifier was frozen, evaluated once it was (then the sixteenth dev set, `dev16`, of round 18); `fresh16`
# the projects added for round 18 before its classifier was frozen, evaluated once it was (then the seventeenth dev set,
# `dev17`, of round 19); `fresh17` the projects added for round 19 (which left the round-18
# classifier unchanged), evaluated once with it (then the eighteenth dev set, `dev18`, of round 20); `fresh18` the
# projects added for round 20 before its classifier was frozen, evaluated once it was (then the nineteenth dev set,
# `dev19`, of round 21); `fresh19` the projects added for round 21 before its classifier was frozen, evaluated once it
# was (then the twentieth dev set, `dev20`, of round 22); `fresh20` the projects added for round 22 before its classifier
# was frozen, evaluated once it was (then the twenty-first dev set, `dev21`, of round 23); `fresh21` the projects added
# for round 23 (which left the round-22 classifier unchanged), evaluated once with it (then the twenty-second dev set,
# `dev22`, of round 24); `fresh22` the projects added for round 24 before its classifier was frozen, evaluated once it
# was (then the twenty-third dev set, `dev23`, of round 25); `fresh23` the projects added for round 25 before its
# classifier was frozen, evaluated once it was (then the twenty-fourth dev set, `dev24`, of round 26); `fresh24` the
# projects added for round 26 (which left the round-25 classifier unchanged), evaluated once with it (then the
# twenty-fifth dev set, `dev25`, of round 27); `fresh25` the projects added for round 27 before its classifier was
# frozen, evaluated once it was (then the twenty-sixth dev set, `dev26`, of round 28); `fresh26` the projects added for
# round 28 (which left the round-27 classifier unchanged), evaluated once with it (then the twenty-seventh dev set,
# `dev27`, of round 29); `fresh27` the projects added for round 29 before its classifier is frozen, evaluated once it
# is.
SPLITS = ("train", "eval", "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
          "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16", "fresh17",
          "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25", "fresh26", "fresh27")
# When a file's content occurs in several splits, the copy in the split listed first is kept: the dev
# rows stay as they were, test keeps its files over train, and so do the later dev sets (`fresh` to `fresh8`:
# dev2 to dev9): no file tuned or reported on is also a training file (from round 6 on; until then fresh2 and
# fresh3, added after train, gave way to it; fresh4, added after train, gave way to it in round 6 and is a dev set
# from round 7; fresh5 gave way to train in round 7 and keeps its copies from round 8, when it is dev6); fresh6
# (round 8) gave way to every other split and keeps its copies over train from round 9, when it is dev7; fresh7 (round
# 9) gave way to every other split and keeps its copies over train from round 10, when it is dev8; fresh8 (round 10)
# likewise from round 11, when it is dev9; fresh9 (round 11) gave way to every other split and still gives way to train
# as dev10 (round 12), so its rows stay byte for byte those evaluated once (either order keeps training files out of
# the tuning sets); fresh10 (round 12) likewise, as dev11 from round 13, and fresh11 (round 13) as dev12 from round
# 14, fresh12 (round 14) as dev13 from round 15, fresh13 (round 15) as dev14 from round 16, fresh14 (round 16) as
# dev15 from round 17, fresh15 (round 17) as dev16 from round 18, fresh16 (round 18) as dev17 from round 19, fresh17
# (round 19) as dev18 from round 20, fresh18 (round 20) as dev19 from round 21, fresh19 (round 21) as dev20 from round
# 22, fresh20 (round 22) as dev21 from round 23, fresh21 (round 23) as dev22 from round 24, fresh22 (round 24) as
# dev23 from round 25, fresh23 (round 25) as dev24 from round 26, fresh24 (round 26) as dev25 from round 27,
# fresh25 (round 27) as dev26 from round 28, and fresh26 (round 28) as dev27 from round 29; fresh27 (round 29) gives
# way to every other split, fresh26 included: a fresh file is never a copy of a file seen before.
COPY_KEEP_ORDER = ("eval", "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
                   "train", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13",
                   "fresh14", "fresh15", "fresh16", "fresh17", "fresh18",
                   "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25", "fresh26", "fresh27")

MAX_FILE_BYTES = 1_000_000
MAX_LINE_CHARS = 1000
MIN_FILE_BYTES = 1

TARGET_EXTENSIONS: dict[str, str] = {
    ".py": "python", ".java": "java", ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".cs": "csharp", ".go": "go", ".rs": "rust",
}
DECLARATION_SUFFIXES = (".d.ts", ".d.mts", ".d.cts")
OTHER_EXTENSIONS: dict[str, str] = {
    ".c": "c", ".h": "c", ".cc": "cpp", ".cpp": "cpp", ".cxx": "cpp", ".hpp": "cpp", ".hh": "cpp", ".hxx": "cpp",
    ".ipp": "cpp", ".inl": "cpp", ".tcc": "cpp", ".m": "objective-c", ".mm": "objective-cpp",
    ".rb": "ruby", ".rake": "ruby", ".gemspec": "ruby", ".pl": "perl", ".pm": "perl", ".t": "perl", ".pod": "pod",
    ".php": "php", ".phpt": "php", ".kt": "kotlin", ".kts": "kotlin", ".scala": "scala", ".sc": "scala",
    ".lua": "lua", ".hs": "haskell", ".lhs": "haskell", ".swift": "swift", ".groovy": "groovy", ".gradle": "groovy",
    ".clj": "clojure", ".el": "emacs-lisp", ".lisp": "lisp", ".scm": "scheme", ".ml": "ocaml", ".mli": "ocaml",
    ".erl": "erlang", ".hrl": "erlang", ".ex": "elixir", ".exs": "elixir", ".dart": "dart", ".r": "r", ".R": "r",
    ".jl": "julia", ".f": "fortran", ".f90": "fortran", ".f95": "fortran", ".for": "fortran", ".pas": "pascal",
    ".d": "d", ".zig": "zig", ".nim": "nim", ".vb": "visual-basic", ".fs": "fsharp", ".fsi": "fsharp",
    ".fsx": "fsharp", ".ps1": "powershell", ".psm1": "powershell", ".psd1": "powershell", ".sol": "solidity",
    ".cljs": "clojure", ".cljc": "clojure", ".bat": "batch", ".cmd": "batch",
    ".asm": "assembly", ".s": "assembly", ".S": "assembly", ".vim": "vim", ".tcl": "tcl", ".awk": "awk",
    ".sed": "sed", ".m4": "m4", ".sql": "sql", ".proto": "protobuf", ".thrift": "thrift", ".graphql": "graphql",
    ".sh": "shell", ".bash": "shell", ".zsh": "shell", ".ksh": "shell", ".fish": "fish",
    ".cmake": "cmake", ".mk": "makefile", ".mak": "makefile", ".am": "automake", ".ac": "autoconf",
    ".cshtml": "razor", ".razor": "razor", ".xaml": "xml", ".csproj": "xml", ".sln": "text",
    ".md": "markdown", ".markdown": "markdown", ".rst": "rst", ".txt": "text", ".adoc": "asciidoc",
    ".tex": "tex", ".texi": "texinfo", ".org": "org", ".json": "json", ".jsonc": "json", ".json5": "json",
    ".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".ini": "ini", ".cfg": "ini", ".conf": "conf",
    ".properties": "properties", ".xml": "xml", ".xsd": "xml", ".xsl": "xml", ".xslt": "xml", ".wsdl": "xml",
    ".pom": "xml", ".svg": "svg", ".html": "html", ".htm": "html", ".xhtml": "html", ".css": "css",
    ".scss": "scss", ".sass": "sass", ".less": "less", ".vue": "vue", ".svelte": "svelte", ".jsx": "jsx",
    ".tsx": "tsx", ".ejs": "ejs", ".hbs": "handlebars", ".mustache": "mustache", ".jinja": "jinja",
    ".j2": "jinja", ".erb": "erb", ".haml": "haml", ".pug": "pug", ".csv": "csv", ".tsv": "csv",
    ".diff": "diff", ".patch": "diff", ".y": "yacc", ".l": "lex", ".g4": "antlr", ".pyx": "cython",
    ".pxd": "cython", ".pyi": "python-stub", ".ipynb": "json", ".wat": "webassembly-text", ".cu": "cuda",
    ".glsl": "glsl", ".hlsl": "hlsl", ".wgsl": "wgsl", ".cl": "opencl", ".v": "verilog", ".sv": "verilog",
    ".vhd": "vhdl", ".nix": "nix", ".dockerfile": "dockerfile", ".bzl": "starlark", ".cabal": "cabal",
    ".ll": "llvm-ir", ".po": "gettext-po", ".pot": "gettext-po", ".jsp": "jsp", ".aspx": "aspx",
    ".ascx": "aspx", ".asax": "aspx", ".il": "cil", ".resx": "xml", ".props": "xml", ".targets": "xml",
    ".nuspec": "xml", ".rbs": "ruby-signature", ".gyp": "gyp", ".gypi": "gyp", ".man": "roff", ".1": "roff", ".3": "roff", ".5": "roff", ".8": "roff",
}
SPECIAL_NAMES: dict[str, str] = {
    "makefile": "makefile", "gnumakefile": "makefile", "dockerfile": "dockerfile", "cmakelists.txt": "cmake",
    "readme": "text", "license": "text", "licence": "text", "copying": "text", "changelog": "text",
    "changes": "text", "news": "text", "authors": "text", "contributors": "text", "notice": "text",
    "install": "text", "todo": "text", "thanks": "text", "copyright": "text", "rakefile": "ruby", "gemfile": "ruby",
    "jenkinsfile": "groovy", "vagrantfile": "ruby", "cargo.lock": "toml", "go.mod": "go-mod", "go.sum": "go-sum",
}
SHEBANG_OTHER = {"sh": "shell", "bash": "shell", "dash": "shell", "zsh": "shell", "ksh": "shell",
                 "perl": "perl", "ruby": "ruby", "lua": "lua", "tclsh": "tcl", "php": "php", "awk": "awk"}
SHEBANG_TARGET = {"python": "python", "python3": "python", "python2": "python", "node": "javascript"}
# Directories that hold other projects' copies or build output: never indexed.
VENDORED_DIR_NAMES = frozenset({"node_modules", "vendor", ".git", ".hg", ".svn", "__pycache__", "bower_components",
                                ".pc", "third_party_vendored"})
BINARY_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".ico", ".bmp", ".webp", ".pdf", ".zip", ".gz",
                               ".xz", ".bz2", ".tgz", ".jar", ".class", ".so", ".o", ".a", ".dll", ".exe",
                               ".pyc", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".wav", ".ogg",
                               ".wasm", ".bin", ".dat", ".db", ".sqlite", ".snk", ".pfx", ".keystore", ".zst"})

log = logging.getLogger("registry_code")


class PackageListError(ValueError):
    pass


# ---------------------------------------------------------------- package list

def load_packages(path: Path) -> list[dict[str, Any]]:
    """Load and validate the package list; raise PackageListError naming the entry and the reason."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    entries = data.get("package")
    if not isinstance(entries, list) or not entries:
        raise PackageListError(f"{path}: no [[package]] entries")
    seen_projects: dict[str, int] = {}
    project_split: dict[str, str] = {}
    for i, entry in enumerate(entries):
        where = f"{path}: package #{i + 1} ({entry.get('name', '?')})"
        for key in ("registry", "name", "version", "project", "languages", "license", "split"):
            if key not in entry:
                raise PackageListError(f"{where}: missing key {key!r}")
        if entry["registry"] not in REGISTRIES:
            raise PackageListError(f"{where}: registry {entry['registry']!r} not one of {REGISTRIES}")
        if entry["split"] not in SPLITS:
            raise PackageListError(f"{where}: split {entry['split']!r} not one of {SPLITS}")
        if not is_exact_version(str(entry["version"])):
            raise PackageListError(f"{where}: version {entry['version']!r} is not an exact pinned version")
        for lang in entry["languages"]:
            if lang not in TARGET_LANGUAGES and not str(lang).startswith("other:"):
                raise PackageListError(f"{where}: language {lang!r} is neither a target nor other:<name>")
        key = entry["project"]
        if key in seen_projects:
            raise PackageListError(f"{where}: project {key!r} already used by package #{seen_projects[key]}")
        seen_projects[key] = i + 1
        group = entry.get("upstream", key)
        if project_split.setdefault(group, entry["split"]) != entry["split"]:
            raise PackageListError(
                f"{where}: upstream {group!r} is in both {project_split[group]} and {entry['split']}")
    return entries


def is_exact_version(version: str) -> bool:
    """An exact release (PEP 440, semver or Debian version), not a range, wildcard or tag."""
    if not version or any(ch.isspace() for ch in version) or version.startswith(("~", "v")):
        return False
    if any(ch in version for ch in "*<>=^|,!") or version.lower() in {"latest", "next"}:
        return False
    if not version[0].isdigit() or ".x" in version.lower():
        return False
    return all(ch.isalnum() or ch in ".+-~:" for ch in version)


def project_dir_name(entry: dict[str, Any]) -> str:
    return f"{entry['project']}-{entry['version']}".replace("/", "_").replace(":", "_")


# ---------------------------------------------------------------- downloading

def run(cmd: list[str], cwd: Path | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return proc.stdout


def fetch_pypi(entry: dict[str, Any], dl: Path, out: Path) -> None:
    spec = f"{entry['name']}=={entry['version']}"
    # --no-binary NAME (not :all:) so that pip, which prepares the sdist's metadata, may use wheels of
    # the build backend instead of compiling e.g. Cython from source.
    base = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", entry["name"], "-d", str(dl), spec]
    try:  # fast path: the venv's setuptools prepares metadata; isolated build env only when it must
        run(base[:5] + ["--no-build-isolation"] + base[5:])
    except RuntimeError:
        run(base)
    archives = [p for p in dl.iterdir() if p.name.endswith((".tar.gz", ".zip", ".tar.bz2"))]
    if len(archives) != 1:
        raise RuntimeError(f"{spec}: expected one sdist in {dl}, found {[p.name for p in archives]}")
    extract_archive(archives[0], out, strip_top=True)


def fetch_npm(entry: dict[str, Any], dl: Path, out: Path) -> None:
    spec = f"{entry['name']}@{entry['version']}"
    info = json.loads(run(["npm", "pack", spec, "--json", "--pack-destination", str(dl)], cwd=dl))
    tgz = dl / info[0]["filename"]
    extract_archive(tgz, out, strip_top=True)


def dsc_sha256(dsc: Path) -> dict[str, str]:
    """File name -> sha256 from a .dsc's Checksums-Sha256 field."""
    sums: dict[str, str] = {}
    in_field = False
    for line in dsc.read_text(errors="replace").splitlines():
        if line.startswith("Checksums-Sha256:"):
            in_field = True
            continue
        if in_field and line.startswith(" "):
            digest, _size, fname = line.split()
            sums[fname] = digest
        elif in_field:
            break
    return sums


def fetch_debian_source(entry: dict[str, Any], dl: Path, out: Path) -> None:
    """apt-get source, unpacked with dpkg-source (Debian patches applied).

    Some pools here serve the upstream tarball but not the Debian packaging tarball. Then the
    upstream .orig tarball alone is unpacked after its sha256 is checked against the .dsc, and the
    marker records that no Debian patch was applied.
    """
    spec = f"{entry['name']}={entry['version']}"
    try:
        run(["apt-get", "source", "--download-only", "-q", spec], cwd=dl)
        complete = True
    except RuntimeError as exc:
        complete = False
        failure = exc
    dscs = sorted(dl.glob("*.dsc"))
    if len(dscs) != 1:
        raise RuntimeError(f"{spec}: expected one .dsc in {dl}, found {[p.name for p in dscs]}")
    if complete:
        run(["dpkg-source", "--no-check", "-x", str(dscs[0]), str(out)], cwd=dl)
    else:
        sums = dsc_sha256(dscs[0])
        origs = [p for p in dl.iterdir() if ".orig.tar." in p.name and not p.name.endswith(".asc")
                 and ".orig-" not in p.name]
        if len(origs) != 1 or sums.get(origs[0].name) != sha256_file(origs[0]):
            raise failure
        extract_archive(origs[0], out, strip_top=True)
        (out / ".orig-only").write_text("Debian packaging tarball unavailable; upstream tarball unpacked\n")
    debian_dir = out / "debian"
    if debian_dir.is_dir():  # packaging, not upstream code
        shutil.rmtree(debian_dir)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_debian_binary(entry: dict[str, Any], dl: Path, out: Path) -> None:
    spec = f"{entry['name']}={entry['version']}"
    run(["apt-get", "download", "-q", spec], cwd=dl)
    debs = sorted(dl.glob("*.deb"))
    if len(debs) != 1:
        raise RuntimeError(f"{spec}: expected one .deb in {dl}, found {[p.name for p in debs]}")
    run(["dpkg-deb", "-x", str(debs[0]), str(out)])
    for member in entry.get("unzip", []):  # e.g. openjdk's lib/src.zip
        zpath = out / member
        with zipfile.ZipFile(zpath) as zf:
            safe_extract_zip(zf, zpath.parent / (zpath.stem + "_unzipped"))
        zpath.unlink()


def safe_extract_zip(zf: zipfile.ZipFile, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    for info in zf.infolist():
        target = (dest / info.filename).resolve()
        if not str(target).startswith(str(root)):
            raise RuntimeError(f"zip member escapes destination: {info.filename}")
    zf.extractall(dest)


def extract_archive(archive: Path, out: Path, *, strip_top: bool) -> None:
    tmp = out.parent / (out.name + ".x")
    tmp.mkdir(parents=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            safe_extract_zip(zf, tmp)
    else:
        with tarfile.open(archive) as tf:
            tf.extractall(tmp, filter="data")
    children = list(tmp.iterdir())
    if strip_top and len(children) == 1 and children[0].is_dir():
        children[0].rename(out)
        tmp.rmdir()
    else:
        tmp.rename(out)


FETCHERS = {"pypi-sdist": fetch_pypi, "npm": fetch_npm, "debian-source": fetch_debian_source,
            "debian-binary": fetch_debian_binary}


def ensure_fetched(entry: dict[str, Any], root: Path) -> Path:
    """Download and extract one package unless its completion marker exists; return its directory."""
    final = root / "src" / project_dir_name(entry)
    marker = final / ".fetched.json"
    if marker.exists():
        return final
    if final.exists():
        shutil.rmtree(final)
    dl = root / "dl" / entry["registry"] / project_dir_name(entry)
    if dl.exists():
        shutil.rmtree(dl)
    dl.mkdir(parents=True)
    # Each package gets its own staging parent: dpkg-source leaves copies of the upstream tarballs
    # beside the tree it unpacks, and those must not mix with other packages' files.
    staging_parent = root / "staging" / project_dir_name(entry)
    if staging_parent.exists():
        shutil.rmtree(staging_parent)
    staging_parent.mkdir(parents=True)
    staging = staging_parent / "tree"
    started = time.monotonic()
    try:
        FETCHERS[entry["registry"]](entry, dl, staging)
        final.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(final)
    finally:
        shutil.rmtree(staging_parent, ignore_errors=True)
        shutil.rmtree(dl, ignore_errors=True)
    marker.write_text(json.dumps({"registry": entry["registry"], "name": entry["name"],
                                  "version": entry["version"]}, sort_keys=True) + "\n")
    log.info("fetched %s %s %s in %.1fs", entry["registry"], entry["name"], entry["version"],
             time.monotonic() - started)
    return final


# ---------------------------------------------------------------- classifying

def classify_name(rel: str, head: bytes, entry: dict[str, Any]) -> tuple[str | None, bool, str]:
    """Return (language, declaration, drop_reason) from a file's relative path and first bytes."""
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    for suffix in DECLARATION_SUFFIXES:
        if lower.endswith(suffix):
            return "typescript", True, ""
    if lower.endswith((".min.js", ".min.mjs", ".min.css", "-min.js", ".bundle.js")):
        return None, False, "minified"
    overrides: dict[str, str] = entry.get("extension_languages", {})
    dot = name.rfind(".")
    ext = name[dot:] if dot > 0 else ""
    if ext in overrides:
        return overrides[ext], False, ""
    if ext.lower() in BINARY_EXTENSIONS:
        return None, False, "binary_extension"
    if ext in TARGET_EXTENSIONS:
        return TARGET_EXTENSIONS[ext], False, ""
    if ext in OTHER_EXTENSIONS:
        return "other:" + OTHER_EXTENSIONS[ext], False, ""
    if ext.lower() in OTHER_EXTENSIONS:
        return "other:" + OTHER_EXTENSIONS[ext.lower()], False, ""
    base = lower[:dot] if dot > 0 else lower
    if not ext and entry.get("extensionless_language") and glob_match(rel, entry.get("extensionless_include", ["*"])):
        return entry["extensionless_language"], False, ""
    if lower in SPECIAL_NAMES:
        return "other:" + SPECIAL_NAMES[lower], False, ""
    if not ext and base in SPECIAL_NAMES:
        return "other:" + SPECIAL_NAMES[base], False, ""
    if dot > 0 and base in SPECIAL_NAMES and SPECIAL_NAMES[base] == "text":  # README.win32, LICENSE.APACHE
        return "other:text", False, ""
    if head.startswith(b"#!"):
        line = head.split(b"\n", 1)[0].decode("latin-1")
        words = line[2:].strip().split()
        interp = ""
        if words:
            interp = words[0].rsplit("/", 1)[-1]
            if interp == "env" and len(words) > 1:
                interp = next((w for w in words[1:] if not w.startswith("-")), "")
        interp = interp.rstrip("0123456789.") if interp.startswith(("python", "perl", "ruby", "lua")) else interp
        if interp in SHEBANG_OTHER and not ext:
            return "other:" + SHEBANG_OTHER[interp], False, ""
        if interp in SHEBANG_TARGET and not ext:
            # A target-language script without its extension: the brief labels by extension, so it is
            # neither that language nor honest `other` text.
            return None, False, "target_script_without_extension"
    return None, False, "unknown_extension"


def glob_match(rel: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, pat) for pat in patterns)


def index_package(entry: dict[str, Any], pkg_dir: Path) -> tuple[list[dict[str, Any]], Counter]:
    """Classify and filter every file of an extracted package; return kept records and drop counts."""
    include = entry.get("include", [])
    exclude = entry.get("exclude", [])
    drops: Counter = Counter()
    records: list[dict[str, Any]] = []
    for dirpath, dirnames, filenames in os.walk(pkg_dir):
        rel_dir = os.path.relpath(dirpath, pkg_dir)
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        kept_dirs = []
        for d in dirnames:
            if d in VENDORED_DIR_NAMES:
                drops["vendored_dir"] += 1
            elif glob_match(rel_dir + d + "/", exclude):
                drops["excluded_dir"] += 1
            else:
                kept_dirs.append(d)
        dirnames[:] = sorted(kept_dirs)
        for fname in sorted(filenames):
            rel = rel_dir + fname
            if not rel_dir and fname in (".fetched.json", ".index.json", ".orig-only"):
                continue
            path = Path(dirpath) / fname
            if path.is_symlink() or not path.is_file():
                drops["not_regular_file"] += 1
                continue
            if include and not glob_match(rel, include):
                drops["not_included"] += 1
                continue
            if glob_match(rel, exclude):
                drops["excluded"] += 1
                continue
            n_bytes = path.stat().st_size
            if n_bytes > MAX_FILE_BYTES:
                drops["too_large"] += 1
                continue
            if n_bytes < MIN_FILE_BYTES:
                drops["empty"] += 1
                continue
            data = path.read_bytes()
            language, declaration, reason = classify_name(rel, data[:256], entry)
            if language is None:
                drops[reason] += 1
                continue
            if b"\x00" in data:
                drops["binary_nul"] += 1
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                drops["not_utf8"] += 1
                continue
            if max((len(line) for line in text.splitlines()), default=0) > MAX_LINE_CHARS:
                drops["long_line"] += 1
                continue
            record = {"path": str(path), "project": entry["project"], "version": entry["version"],
                      "registry": entry["registry"], "language": language, "split": entry["split"],
                      "bytes": n_bytes, "license": entry["license"], "sha1": content_key(text)}
            if declaration:
                record["declaration"] = True
            records.append(record)
    records.sort(key=lambda r: r["path"])
    return records, drops


def content_key(text: str) -> str:
    """sha1 of the text with line-end whitespace and blank lines removed: equal keys mean a copied file."""
    lines = (line.rstrip() for line in text.splitlines())
    return hashlib.sha1("\n".join(line for line in lines if line).encode("utf-8")).hexdigest()


def drop_cross_split_copies(records: list[dict[str, Any]], drops: dict[str, Counter]) -> list[dict[str, Any]]:
    """Keep one split's copies of a file whose content (see content_key) occurs in several splits.

    Projects vendor or repackage each other's files; a copy of a held-out file in train would leak it into
    training, and a fresh file that is a copy of a train file is not fresh. The copies in the split that
    comes first in COPY_KEEP_ORDER are kept; the others are dropped and counted as
    `cross_split_copy_of_<kept split>`.
    """
    rank = {split: position for position, split in enumerate(COPY_KEEP_ORDER)}
    first_split: dict[str, str] = {}
    for r in records:
        kept = first_split.get(r["sha1"])
        if kept is None or rank[r["split"]] < rank[kept]:
            first_split[r["sha1"]] = r["split"]
    kept_records = []
    for r in records:
        owner = first_split[r["sha1"]]
        if owner != r["split"]:
            drops.setdefault(r["project"], Counter())[f"cross_split_copy_of_{owner}"] += 1
            continue
        kept_records.append(r)
    return kept_records


def cached_index(entry: dict[str, Any], pkg_dir: Path) -> tuple[list[dict[str, Any]], Counter]:
    cache = pkg_dir / ".index.json"
    key = {"classifier": CLASSIFIER_VERSION, "entry": entry}
    if cache.exists():
        saved = json.loads(cache.read_text())
        if saved.get("key") == key:
            return saved["records"], Counter(saved["drops"])
    records, drops = index_package(entry, pkg_dir)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text(json.dumps({"key": key, "records": records, "drops": dict(drops)}))
    tmp.replace(cache)
    return records, drops


# ---------------------------------------------------------------- index writing

def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)


def summarize(records: list[dict[str, Any]], drops: dict[str, Counter],
              failures: dict[str, str]) -> dict[str, Any]:
    per: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"files": 0, "bytes": 0, "projects": set()})
    for r in records:
        lang = r["language"] + (" (declaration)" if r.get("declaration") else "")
        cell = per[(r["split"], lang)]
        cell["files"] += 1
        cell["bytes"] += r["bytes"]
        cell["projects"].add(r["project"])
    table = {f"{s}/{lang}": {"files": c["files"], "bytes": c["bytes"], "projects": sorted(c["projects"])}
             for (s, lang), c in sorted(per.items())}
    target_bytes = sum(r["bytes"] for r in records if r["language"] in TARGET_LANGUAGES)
    return {"files": len(records), "bytes": sum(r["bytes"] for r in records), "target_bytes": target_bytes,
            "by_split_language": table, "drops": {k: dict(sorted(v.items())) for k, v in sorted(drops.items())},
            "failed_packages": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=Path, default=DEFAULT_LIST, help="package list (TOML)")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="cache root for src/ and index.jsonl")
    parser.add_argument("--skip-bulk", action="store_true", help="skip entries marked bulk = true")
    parser.add_argument("--only", default="", help="comma-separated project names to fetch (index keeps all fetched)")
    parser.add_argument("--jobs", type=int, default=2, help="packages fetched in parallel (network bound)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    try:
        entries = load_packages(args.packages)
    except (PackageListError, tomllib.TOMLDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    only = {p for p in args.only.split(",") if p}
    unknown = only - {e["project"] for e in entries}
    if unknown:
        print(f"error: --only names unknown projects: {sorted(unknown)}", file=sys.stderr)
        return 2
    started = time.monotonic()
    args.root.mkdir(parents=True, exist_ok=True)
    wanted = [e for e in entries if (not only or e["project"] in only) and not (args.skip_bulk and e.get("bulk"))]
    failures: dict[str, str] = {}

    def one(entry: dict[str, Any]) -> None:
        try:
            ensure_fetched(entry, args.root)
        except Exception as exc:  # recorded in summary.json and the log; the rest of the list goes on
            failures[entry["project"]] = str(exc)[:500]
            log.error("FAILED %s %s: %s", entry["name"], entry["version"], exc)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(one, wanted))
    records: list[dict[str, Any]] = []
    drops: dict[str, Counter] = {}
    for entry in entries:  # index every package that is fetched, whether or not fetched in this run
        pkg_dir = args.root / "src" / project_dir_name(entry)
        if not (pkg_dir / ".fetched.json").exists():
            continue
        recs, drop = cached_index(entry, pkg_dir)
        records.extend(recs)
        drops[entry["project"]] = drop
        log.info("indexed %-28s %-5s %6d files %8.1f MB", entry["project"], entry["split"], len(recs),
                 sum(r["bytes"] for r in recs) / 1e6)
    records.sort(key=lambda r: r["path"])
    records = drop_cross_split_copies(records, drops)
    write_atomic(args.root / "index.jsonl", "".join(json.dumps(r, sort_keys=True) + "\n" for r in records))
    summary = summarize(records, drops, failures)
    write_atomic(args.root / "summary.json", json.dumps(summary, indent=1, sort_keys=True) + "\n")
    log.info("index: %d files, %.1f MB (%.1f MB target-language code); %d failed; %.0fs", len(records),
             summary["bytes"] / 1e6, summary["target_bytes"] / 1e6, len(failures), time.monotonic() - started)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
