"""Path rules: file names, extensions, shebangs, modelines and the ambiguous extensions."""

from __future__ import annotations

import pytest

from codemix.langid import LanguageClassifier
from codemix.langid.rules import file_extension, modeline_language, path_hint, shebang_interpreter, shebang_language


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("src/BUILD", "other"),
        ("Dockerfile", "other"),
        ("docker/Dockerfile.dev", "other"),
        ("tools/SConstruct", "python"),
        ("go.mod", "other"),
        ("pkg/a.py", "python"),
        ("pkg/a.pyi", "python"),
        ("A.java", "java"),
        ("x.mjs", "javascript"),
        ("x.cjs", "javascript"),
        ("x.JSX", "javascript"),
        ("x.tsx", "typescript"),
        ("x.mts", "typescript"),
        ("Program.cs", "csharp"),
        ("main.go", "go"),
        ("lib.rs", "rust"),
        ("x.c", "other"),
        ("README.md", "other"),
        ("package.json", "other"),
        ("x.ipynb", "other"),
    ],
)
def test_file_names_and_extensions(path: str, expected: str) -> None:
    assert path_hint(path, "").language == expected


def test_extension_is_case_insensitive_except_assembly() -> None:
    assert file_extension("A.PY") == ".py"
    assert file_extension("boot.S") == ".S"
    assert file_extension(".bashrc") == ""
    assert file_extension("dir.v2/Makefile") == ""


@pytest.mark.parametrize(
    ("line", "interpreter", "language"),
    [
        ("#!/usr/bin/env python3", "python", "python"),
        ("#!/usr/bin/python3.11 -u", "python", "python"),
        ("#!/usr/bin/env -S deno run --allow-net", "deno", ("javascript", "typescript")),
        ("#!/usr/bin/env node", "node", "javascript"),
        ("#!/usr/bin/env NODE_ENV=production node", "node", "javascript"),
        ("#!/usr/bin/env ts-node", "ts-node", "typescript"),
        ("#!/bin/bash", "bash", "other"),
        ("#!/usr/bin/env rust-script", "rust-script", "rust"),
        ("#!/usr/bin/env -S java --source 17", "java", "java"),
        ("#!groovy", "groovy", "other"),  # Jenkinsfiles: an interpreter named without a path
        ("#!env node", "node", "javascript"),
        ("import os", None, None),
    ],
)
def test_shebangs(line: str, interpreter: str | None, language) -> None:
    assert shebang_interpreter(line) == interpreter
    assert shebang_language(line) == language


def test_shebang_decides_files_without_extension() -> None:
    hint = path_hint("bin/tool", "#!/usr/bin/env python3\nimport sys\n")
    assert (hint.language, hint.evidence) == ("python", "shebang")
    deno = path_hint("bin/serve", "#!/usr/bin/env -S deno run\n")
    assert deno.language is None and deno.candidates == ("javascript", "typescript")


@pytest.mark.parametrize(
    ("head", "tail", "expected"),
    [
        ("# -*- mode: python; coding: utf-8 -*-\nx = 1\n", "", "python"),
        ("// -*- go -*-\npackage main\n", "", "go"),
        ("# -*- coding: utf-8 -*-\nx = 1\n", "", None),
        ("fn main() {}\n", "fn main() {}\n// vim: set ft=rust:\n", "rust"),
        ("/* vim: set filetype=javascript : */\n", "", "javascript"),
        ("# vim: ft=sh\n", "", "other"),
        # an Emacs mode with its `-mode` suffix, and a Vim modeline after an Emacs one it cannot read (NiBabel's head)
        ("# emacs: -*- mode: python-mode; py-indent-offset: 4 -*-\n", "", "python"),
        ("# -*- mode: nibabel-mode -*-\n# vi: set ft=python sts=4 ts=4 sw=4 et:\n", "", "python"),
        ("# -*- mode: sh-mode -*-\n", "", "other"),
    ],
)
def test_modelines(head: str, tail: str, expected: str | None) -> None:
    assert modeline_language(head, tail) == expected


def test_rule_order_filename_then_extension_then_shebang() -> None:
    # The extension wins over a shebang; a shebang wins over a modeline.
    assert path_hint("x.py", "#!/usr/bin/env node\n").evidence == "extension"
    assert path_hint("tool", "#!/usr/bin/env node\n// vim: ft=python\n").language == "javascript"


QT_TRANSLATION = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
</context>
</TS>
"""

RENDERSCRIPT = """#pragma version(1)
#pragma rs java_package_name(com.example.android.rs.hellocompute)

rs_allocation gIn;

void root(const uchar4 *v_in, uchar4 *v_out) {
    float4 f4 = rsUnpackColor8888(*v_in);
    *v_out = rsPackColorTo8888(f4);
}
"""


def test_ambiguous_extensions_are_resolved_from_content() -> None:
    classifier = LanguageClassifier(use_content_model=False)
    qt = classifier.classify(QT_TRANSLATION, path="i18n/app_de.ts")
    assert (qt.language, qt.evidence) == ("other", "extension:qt_translation_xml")
    rs = classifier.classify(RENDERSCRIPT, path="src/mono.rs")
    assert (rs.language, rs.evidence) == ("other", "extension:renderscript")
    header = classifier.classify("#include <stdio.h>\nint f(void);\n", path="include/f.h")
    assert (header.language, header.evidence) == ("other", "extension:header")


def test_languages_outside_the_selection_become_other() -> None:
    classifier = LanguageClassifier(languages=("python",), use_content_model=False)
    result = classifier.classify("package main\n\nfunc main() {}\n", path="main.go")
    assert result.language == "other"
    assert result.evidence.endswith(";unselected:go")
    with pytest.raises(ValueError, match="unknown languages"):
        LanguageClassifier(languages=("cobol",))


def test_rust_inner_attributes_are_not_shebangs() -> None:
    assert shebang_interpreter("#![allow(dead_code)]") is None
    assert shebang_interpreter("#!/bin/sh") == "sh"
    assert shebang_interpreter("#! /usr/bin/env python3") == "python"
    assert path_hint(None, "#![cfg(test)]\nuse super::*;\n").language is None


def test_content_signatures_of_other_formats() -> None:
    php = path_hint(None, "<?php\n\nnamespace Composer;\n\nclass Factory\n{\n}\n")
    assert (php.language, php.evidence, php.detail) == ("other", "signature", "php")
    assert path_hint(None, '<?xml version="1.0"?>\n<project/>\n').detail == "xml"
    assert path_hint(None, "<!-- generated -->\n<!DOCTYPE html>\n<html></html>\n").detail == "html"
    # an extension still comes first
    assert path_hint("Foo.java", "<?php\n").language == "java"


VUE_COMPONENT = """<template>
  <div class="field" :class="{ 'is-grouped': grouped }">
    <slot />
  </div>
</template>

<script lang="ts">
import { defineComponent } from 'vue'

export default defineComponent({
    name: 'BField',
    props: { grouped: Boolean },
    computed: {
        classes(): string[] { return this.grouped ? ['is-grouped'] : [] }
    }
})
</script>
"""


def test_a_component_that_opens_with_a_template_script_or_style_element_is_other() -> None:
    """Round 13: a Vue or Svelte single-file component (or an HTML fragment) opens with a `<template>`, `<script>` or
    `<style>` element, which no file of the seven does; the content model had read such components as TypeScript."""
    hint = path_hint(None, VUE_COMPONENT)
    assert (hint.language, hint.evidence, hint.detail) == ("other", "signature", "component")
    svelte = '<script>\n  export let name = "world";\n</script>\n\n<h1>Hello {name}!</h1>\n'
    assert path_hint(None, svelte).detail == "component"
    assert path_hint(None, "<!-- a note -->\n<style scoped>\n.a { color: red }\n</style>\n").detail == "component"
    result = LanguageClassifier().classify(VUE_COMPONENT)
    assert (result.language, result.evidence) == ("other", "signature:component")
    # a script that writes such an element later, in JSX or a string, is read as before
    jsx = "import React from 'react'\n\nexport const Page = () => <template><div /></template>\n"
    assert path_hint(None, jsx).detail == ""
