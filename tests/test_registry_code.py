"""Invariants of the pinned registry-code package list and the fetch script's classifier (no network)."""
from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from codemix import TARGET_LANGUAGES

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "registry_code" / "fetch.py"
PACKAGE_LIST = REPO_ROOT / "scripts" / "registry_code" / "packages.toml"


def _load_fetch_module():
    spec = importlib.util.spec_from_file_location("registry_code_fetch", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fetch = _load_fetch_module()


@pytest.fixture(scope="module")
def packages() -> list[dict]:
    return fetch.load_packages(PACKAGE_LIST)


def test_script_knows_the_package_target_languages() -> None:
    assert fetch.TARGET_LANGUAGES == TARGET_LANGUAGES


def test_projects_are_in_one_split_only(packages: list[dict]) -> None:
    splits: dict[str, set[str]] = defaultdict(set)
    for entry in packages:
        splits[entry.get("upstream", entry["project"])].add(entry["split"])
        splits[entry["project"]].add(entry["split"])
    straddling = sorted(p for p, s in splits.items() if len(s) > 1)
    assert not straddling, f"projects in several splits: {straddling}"
    assert {"train", "eval", "test"} <= {e["split"] for e in packages} <= set(fetch.SPLITS)


def test_every_entry_is_pinned_to_an_exact_version(packages: list[dict]) -> None:
    for entry in packages:
        assert fetch.is_exact_version(str(entry["version"])), entry


@pytest.mark.parametrize("version", ["4.2.16", "1:2.4.6-1", "17.0.21.1+2-1~deb12u1", "0.3.9-1+b1", "5.108.4"])
def test_exact_versions_accepted(version: str) -> None:
    assert fetch.is_exact_version(version)


@pytest.mark.parametrize("version", ["", "^4.0.0", "~1.2", ">=2", "1.x", "latest", "*", "1.2 ", "v1.2.3", "1,2"])
def test_ranges_and_tags_rejected(version: str) -> None:
    assert not fetch.is_exact_version(version)


@pytest.mark.parametrize("split", ["eval", "test"])
def test_every_target_language_has_three_held_out_projects(packages: list[dict], split: str) -> None:
    eval_projects: dict[str, set[str]] = defaultdict(set)
    for entry in packages:
        if entry["split"] == split:
            for language in entry["languages"]:
                eval_projects[language].add(entry["project"])
    for language in TARGET_LANGUAGES:
        assert len(eval_projects[language]) >= 3, (language, sorted(eval_projects[language]))
    other_code = {lang for lang in eval_projects if lang.startswith("other:")} - {
        "other:markdown", "other:json", "other:yaml", "other:html", "other:css", "other:xml", "other:rst",
        "other:text", "other:rdoc"}
    assert len(other_code) >= 6, sorted(other_code)


def test_every_target_language_has_train_projects(packages: list[dict]) -> None:
    train = {lang for e in packages if e["split"] == "train" for lang in e["languages"]}
    assert set(TARGET_LANGUAGES) <= train


def test_list_validation_names_the_bad_entry(tmp_path: Path) -> None:
    bad = tmp_path / "packages.toml"
    bad.write_text('[[package]]\nregistry = "npm"\nname = "left-pad"\nversion = "^1.3.0"\nproject = "left-pad"\n'
                   'languages = ["javascript"]\nlicense = "WTFPL"\nsplit = "train"\n')
    with pytest.raises(fetch.PackageListError, match=r"left-pad.*not an exact pinned version"):
        fetch.load_packages(bad)
    bad.write_text('[[package]]\nregistry = "npm"\nname = "a"\nversion = "1.0.0"\nproject = "p"\nupstream = "u"\n'
                   'languages = ["javascript"]\nlicense = "MIT"\nsplit = "train"\n'
                   '[[package]]\nregistry = "npm"\nname = "b"\nversion = "1.0.0"\nproject = "q"\nupstream = "u"\n'
                   'languages = ["javascript"]\nlicense = "MIT"\nsplit = "eval"\n')
    with pytest.raises(fetch.PackageListError, match="both train and eval"):
        fetch.load_packages(bad)


@pytest.mark.parametrize(
    ("rel", "head", "expected"),
    [
        ("src/a.py", b"", ("python", False, "")),
        ("lib/x.mjs", b"", ("javascript", False, "")),
        ("types/index.d.ts", b"", ("typescript", True, "")),
        ("src/x.cts", b"", ("typescript", False, "")),
        ("Foo.cs", b"", ("csharp", False, "")),
        ("main.go", b"", ("go", False, "")),
        ("lib.rs", b"", ("rust", False, "")),
        ("A.java", b"", ("java", False, "")),
        ("jquery.min.js", b"", (None, False, "minified")),
        ("x.h", b"", ("other:c", False, "")),
        ("README.md", b"", ("other:markdown", False, "")),
        ("Makefile", b"", ("other:makefile", False, "")),
        ("bin/run", b"#!/bin/sh\necho", ("other:shell", False, "")),
        ("bin/tool", b"#!/usr/bin/env python3\n", (None, False, "target_script_without_extension")),
        ("logo.png", b"\x89PNG", (None, False, "binary_extension")),
        ("data.xyz123", b"abc", (None, False, "unknown_extension")),
    ],
)
def test_classify_by_extension(rel: str, head: bytes, expected: tuple) -> None:
    assert fetch.classify_name(rel, head, {}) == expected


def test_extension_override_per_project() -> None:
    assert fetch.classify_name("include/fmt/core.h", b"", {"extension_languages": {".h": "other:cpp"}}) == (
        "other:cpp", False, "")


def test_index_package_filters_and_is_sorted(tmp_path: Path) -> None:
    pkg = tmp_path / "demo-1.0.0"
    (pkg / "src").mkdir(parents=True)
    (pkg / "node_modules" / "dep").mkdir(parents=True)
    (pkg / "dist").mkdir()
    (pkg / "src" / "b.ts").write_text("export const b: number = 1;\n")
    (pkg / "src" / "a.js").write_text("module.exports = 1;\n")
    (pkg / "src" / "long.js").write_text("x=" + "1" * 2000 + "\n")
    (pkg / "src" / "blob.js").write_bytes(b"a\x00b")
    (pkg / "src" / "latin.py").write_bytes("s = 'caf\xe9'\n".encode("latin-1"))
    (pkg / "src" / "huge.go").write_text("// x\n" * 300_000)
    (pkg / "node_modules" / "dep" / "index.js").write_text("1\n")
    (pkg / "dist" / "bundle.js").write_text("1\n")
    (pkg / "README.md").write_text("# demo\n")
    entry = {"project": "demo", "version": "1.0.0", "registry": "npm", "split": "eval", "license": "MIT",
             "exclude": ["dist/"]}
    records, drops = fetch.index_package(entry, pkg)
    kept = [(Path(r["path"]).relative_to(pkg).as_posix(), r["language"]) for r in records]
    assert kept == [("README.md", "other:markdown"), ("src/a.js", "javascript"), ("src/b.ts", "typescript")]
    assert drops == {"vendored_dir": 1, "excluded_dir": 1, "long_line": 1, "binary_nul": 1, "not_utf8": 1,
                     "too_large": 1}
    assert all(r["bytes"] == (pkg / Path(r["path"]).relative_to(pkg)).stat().st_size for r in records)
    assert json.dumps(records, sort_keys=True) == json.dumps(fetch.index_package(entry, pkg)[0], sort_keys=True)


def test_content_key_ignores_trailing_whitespace_and_blank_lines() -> None:
    assert fetch.content_key("a = 1  \n\n\nb = 2\n") == fetch.content_key("a = 1\nb = 2")
    assert fetch.content_key("a = 1\n") != fetch.content_key("a = 2\n")


def test_train_copies_of_eval_files_are_dropped() -> None:
    def rec(path: str, split: str, text: str, project: str) -> dict:
        return {"path": path, "split": split, "project": project, "sha1": fetch.content_key(text)}

    records = [rec("/e/a.java", "eval", "class A {}\n", "lib"), rec("/t/a.java", "train", "class A {}  \n", "app"),
               rec("/t/b.java", "train", "class B {}\n", "app")]
    drops: dict = {}
    kept = fetch.drop_cross_split_copies(records, drops)
    assert [r["path"] for r in kept] == ["/e/a.java", "/t/b.java"]
    assert drops == {"app": {"cross_split_copy_of_eval": 1}}


def test_copies_across_splits_keep_the_dev_and_test_copies_over_train_and_the_fresh_sets_give_way() -> None:
    def rec(path: str, split: str, text: str) -> dict:
        return {"path": path, "split": split, "project": path.split("/")[1], "sha1": fetch.content_key(text)}

    records = [rec("/t/a.go", "train", "package a\n"), rec("/x/a.go", "test", "package a\n"),
               rec("/f/a.go", "fresh", "package a\n"), rec("/f/b.go", "fresh", "package b\n"),
               rec("/e/c.go", "eval", "package c\n"), rec("/x/c.go", "test", "package c\n"),
               # every dev set (dev2 to dev6: fresh, fresh2, fresh3, fresh4, fresh5) keeps its file over train
               rec("/t/d.go", "train", "package d\n"), rec("/f/d.go", "fresh", "package d\n"),
               rec("/g/b.go", "fresh2", "package b\n"), rec("/g/e.go", "fresh2", "package e\n"),
               rec("/t/e.go", "train", "package e\n"),
               rec("/h/e.go", "fresh3", "package e\n"), rec("/h/f.go", "fresh3", "package f\n"),
               rec("/g/f.go", "fresh2", "package f\n"), rec("/h/g.go", "fresh3", "package g\n"),
               rec("/t/g.go", "train", "package g\n"),
               # fresh4 (round 6's fresh set, dev5 from round 7) gives way to the dev sets before it, not to train
               rec("/i/g.go", "fresh4", "package g\n"), rec("/i/h.go", "fresh4", "package h\n"),
               rec("/t/k.go", "train", "package k\n"), rec("/i/k.go", "fresh4", "package k\n"),
               # fresh5 (round 7's fresh set, dev6 from round 8) gives way to the dev sets before it, not to train
               rec("/j/h.go", "fresh5", "package h\n"), rec("/j/m.go", "fresh5", "package m\n"),
               rec("/t/m.go", "train", "package m\n"), rec("/j/n.go", "fresh5", "package n\n"),
               # fresh6 (round 8's fresh set, dev7 from round 9) gives way to the dev sets before it, not to train
               rec("/l/n.go", "fresh6", "package n\n"), rec("/t/p.go", "train", "package p\n"),
               rec("/l/p.go", "fresh6", "package p\n"), rec("/l/q.go", "fresh6", "package q\n"),
               # fresh7 (round 9's fresh set, dev8 from round 10) gives way to the dev sets before it, not to train
               rec("/m/q.go", "fresh7", "package q\n"), rec("/m/r.go", "fresh7", "package r\n"),
               rec("/t/r.go", "train", "package r\n"),
               # fresh8 (round 10's fresh set, dev9 from round 11) gives way to the dev sets before it, not to train
               rec("/o/r.go", "fresh8", "package r\n"), rec("/o/p.go", "fresh8", "package p\n"),
               rec("/o/s.go", "fresh8", "package s\n"), rec("/t/s.go", "train", "package s\n"),
               # fresh9 (round 11's fresh set, dev10 from round 12) gives way to every split before it, train included
               rec("/u/s.go", "fresh9", "package s\n"), rec("/u/v.go", "fresh9", "package v\n"),
               rec("/t/x.go", "train", "package x\n"), rec("/u/x.go", "fresh9", "package x\n"),
               # fresh10 (round 12's fresh set, dev11 from round 13) gives way to every split before it
               rec("/w/v.go", "fresh10", "package v\n"), rec("/w/y.go", "fresh10", "package y\n"),
               # fresh11 (round 13's fresh set, dev12 from round 14) gives way to every split before it
               rec("/z/y.go", "fresh11", "package y\n"), rec("/z/x.go", "fresh11", "package x\n"),
               rec("/z/zz.go", "fresh11", "package zz\n"),
               # fresh12 (round 14's fresh set, dev13 from round 15) gives way to every split before it
               rec("/q/zz.go", "fresh12", "package zz\n"), rec("/q/qq.go", "fresh12", "package qq\n"),
               # fresh13 (round 15's fresh set, dev14 from round 16) gives way to every split before it
               rec("/r/qq.go", "fresh13", "package qq\n"), rec("/r/rr.go", "fresh13", "package rr\n"),
               # fresh14 (round 16's fresh set, dev15 from round 17) gives way to every split before it
               rec("/s/rr.go", "fresh14", "package rr\n"), rec("/s/ss.go", "fresh14", "package ss\n"),
               # fresh15 (round 17's fresh set, dev16 from round 18) gives way to every split before it
               rec("/v/ss.go", "fresh15", "package ss\n"), rec("/v/vv.go", "fresh15", "package vv\n"),
               # fresh16 (round 18's fresh set, dev17 from round 19) gives way to every split before it
               rec("/y/vv.go", "fresh16", "package vv\n"), rec("/y/yy.go", "fresh16", "package yy\n"),
               # fresh17 (round 19's fresh set, dev18 from round 20) gives way to every split before it
               rec("/k/yy.go", "fresh17", "package yy\n"), rec("/k/kk.go", "fresh17", "package kk\n"),
               # fresh18 (round 20's fresh set, dev19 from round 21) gives way to every split before it
               rec("/n/kk.go", "fresh18", "package kk\n"), rec("/n/nn.go", "fresh18", "package nn\n"),
               # fresh19 (round 21's fresh set, dev20 from round 22) gives way to every split before it
               rec("/o2/nn.go", "fresh19", "package nn\n"), rec("/o2/oo.go", "fresh19", "package oo\n"),
               # fresh20 (round 22's fresh set, dev21 from round 23) gives way to every split before it
               rec("/o3/oo.go", "fresh20", "package oo\n"), rec("/o3/pp.go", "fresh20", "package pp\n"),
               # fresh21 (round 23's fresh set, dev22 from round 24) gives way to every split before it
               rec("/o4/pp.go", "fresh21", "package pp\n"), rec("/o4/ww.go", "fresh21", "package ww\n"),
               # fresh22 (round 24's fresh set, dev23 from round 25) gives way to every split before it
               rec("/o5/ww.go", "fresh22", "package ww\n"), rec("/o5/xx.go", "fresh22", "package xx\n"),
               # fresh23 (round 25's fresh set, dev24 from round 26) gives way to every split before it
               rec("/o6/xx.go", "fresh23", "package xx\n"), rec("/o6/x6.go", "fresh23", "package x6\n"),
               # fresh24 (round 26's fresh set, dev25 from round 27) gives way to every split before it
               rec("/o7/x6.go", "fresh24", "package x6\n"), rec("/o7/x7.go", "fresh24", "package x7\n"),
               # fresh25 (round 27's fresh set, dev26 from round 28) gives way to every split before it
               rec("/o8/x7.go", "fresh25", "package x7\n"), rec("/o8/x8.go", "fresh25", "package x8\n"),
               # fresh26 (round 28's fresh set, dev27 from round 29) gives way to every split before it
               rec("/o9/x8.go", "fresh26", "package x8\n"), rec("/o9/x9.go", "fresh26", "package x9\n"),
               # fresh27 (round 29) gives way to every split: fresh26 included
               rec("/p1/x9.go", "fresh27", "package x9\n"), rec("/p1/y1.go", "fresh27", "package y1\n")]
    drops: dict = {}
    kept = fetch.drop_cross_split_copies(records, drops)
    assert [r["path"] for r in kept] == ["/x/a.go", "/f/b.go", "/e/c.go", "/f/d.go", "/g/e.go", "/g/f.go", "/h/g.go",
                                          "/i/h.go", "/i/k.go", "/j/m.go", "/j/n.go", "/l/p.go", "/l/q.go", "/m/r.go",
                                          "/o/s.go", "/u/v.go", "/t/x.go", "/w/y.go", "/z/zz.go", "/q/qq.go",
                                          "/r/rr.go", "/s/ss.go", "/v/vv.go",
                                          "/y/yy.go", "/k/kk.go", "/n/nn.go", "/o2/oo.go", "/o3/pp.go", "/o4/ww.go", "/o5/xx.go",
                                          "/o6/x6.go", "/o7/x7.go", "/o8/x8.go", "/o9/x9.go",
                                          "/p1/y1.go"]
    assert drops == {"t": {"cross_split_copy_of_test": 1, "cross_split_copy_of_fresh": 1,
                           "cross_split_copy_of_fresh2": 1, "cross_split_copy_of_fresh3": 1,
                           "cross_split_copy_of_fresh4": 1, "cross_split_copy_of_fresh5": 1,
                           "cross_split_copy_of_fresh6": 1, "cross_split_copy_of_fresh7": 1,
                           "cross_split_copy_of_fresh8": 1},
                     "f": {"cross_split_copy_of_test": 1}, "x": {"cross_split_copy_of_eval": 1},
                     "g": {"cross_split_copy_of_fresh": 1}, "h": {"cross_split_copy_of_fresh2": 2},
                     "i": {"cross_split_copy_of_fresh3": 1},
                     "j": {"cross_split_copy_of_fresh4": 1},
                     "l": {"cross_split_copy_of_fresh5": 1},
                     "m": {"cross_split_copy_of_fresh6": 1},
                     "o": {"cross_split_copy_of_fresh6": 1, "cross_split_copy_of_fresh7": 1},
                     "u": {"cross_split_copy_of_fresh8": 1, "cross_split_copy_of_train": 1},
                     "w": {"cross_split_copy_of_fresh9": 1},
                     "z": {"cross_split_copy_of_fresh10": 1, "cross_split_copy_of_train": 1},
                     "q": {"cross_split_copy_of_fresh11": 1},
                     "r": {"cross_split_copy_of_fresh12": 1},
                     "s": {"cross_split_copy_of_fresh13": 1},
                     "v": {"cross_split_copy_of_fresh14": 1},
                     "y": {"cross_split_copy_of_fresh15": 1},
                     "k": {"cross_split_copy_of_fresh16": 1},
                     "n": {"cross_split_copy_of_fresh17": 1},
                     "o2": {"cross_split_copy_of_fresh18": 1},
                     "o3": {"cross_split_copy_of_fresh19": 1},
                     "o4": {"cross_split_copy_of_fresh20": 1},
                     "o5": {"cross_split_copy_of_fresh21": 1},
                     "o6": {"cross_split_copy_of_fresh22": 1},
                     "o7": {"cross_split_copy_of_fresh23": 1},
                     "o8": {"cross_split_copy_of_fresh24": 1},
                     "o9": {"cross_split_copy_of_fresh25": 1},
                     "p1": {"cross_split_copy_of_fresh26": 1}}
