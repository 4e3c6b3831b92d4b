"""The language classifier: bad-input checks, path rules, the content model, the parser verifier.

Order of evidence, cheapest and surest first:
1. bad input (empty, binary/NUL bytes, invalid UTF-8, a first `max_bytes` without a line break) -> `other`
2. path rules (file name, extension, shebang, modeline; `.h`/`.ts`/`.rs` checked against the content)
3. the content model, for documents without a decisive path (in batches: `classify_batch`); syntax
   none of the seven writes (PHP, Perl, Lua, Scala, Kotlin, Protocol Buffers, diffs: `FOREIGN_SYNTAX`)
   vetoes a language, so does document markup (Markdown fences, HTML tags, txtar markers) the named
   language's grammar cannot fit, and a text the model calls `other` gets a second look without
   comments (a licence header outweighs the code after it)
4. tree-sitter, with only the grammar(s) in question: confirms a path label, settles JavaScript vs
   TypeScript by TypeScript-only syntax (and, without it, by declared functions whose parameters go untyped,
   which TypeScript's `noImplicitAny` forbids), and breaks close calls of the content model.

Every decision names its evidence, e.g. `extension+parse`, `content+typescript_syntax`, `binary`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codemix import OTHER, TARGET_LANGUAGES
from codemix import languages as registry
from codemix.grammars import ParseCheck
from codemix.langid import rules
from codemix.langid.model import ContentModel, ContentPrediction, default_model_path
from codemix.langid.verify import (
    OWN_SYNTAX_LANGUAGES,
    OWN_SYNTAX_QUERIES,
    SCRIPT_LANGUAGES,
    TypeScriptCheck,
    clean_own_syntax,
    cut_at_line,
    lines_outside_grammar,
    own_syntax_check,
    parse_check,
    snippet_parse_check,
    typescript_check,
)

DEFAULT_MAX_BYTES = 64 * 1024  # bytes of a document the classifier looks at, whatever its size
DEFAULT_MAX_PARSE_BYTES = 32 * 1024  # bytes the verifier parses (a prefix cut at a line end)
CONTENT_PARSE_BYTES = 16 * 1024  # bytes parsed to check the content model (wrong grammars are slow)
HEAD_CHARS = 4096  # shebang, modelines, ambiguous-extension checks
TAIL_CHARS = 1024  # Vim modelines in the last lines


@dataclass(frozen=True, slots=True)
class ForeignSyntax:
    """Syntax of a language outside the seven that none of the seven writes: it overrules the content
    model, which reads tokens (`->`, braces, `public`, `def`) the seven share with PHP, Scala and others."""

    name: str
    quick: re.Pattern[str]  # found in every match and starts with a literal (searched fast): most texts stop here
    pattern: re.Pattern[str]
    min_matches: int  # matches needed in the first CONTENT_PARSE_BYTES characters


# Counted in the first 16 KiB (what the classifier reads) of the 185,487 train-split files of the seven
# languages and the 117,932 of `other` (registry index snapshot 4): a tell is kept only if at most a few
# files of the seven have it, all of them tests (of invalid syntax, or holding another language in a string).
FOREIGN_SYNTAX: tuple[ForeignSyntax, ...] = (
    # `$this->name`, `$self->{key}`, twice: a sigil variable dereferenced with `->` (no file of the
    # seven; 14,614 of 32,826 PHP and 1,707 of 4,209 Perl files).
    ForeignSyntax("php_perl", re.compile("->"), re.compile(r"\$[A-Za-z_]\w*->"), 2),
    # `public function name(`: PHP methods (3 files of the seven, compiler tests of invalid syntax;
    # 14,384 PHP files).
    ForeignSyntax(
        "php",
        re.compile("function"),
        re.compile(
            r"^[ \t]*(?:(?:abstract|final|public|protected|private|static)[ \t]+)+function[ \t]+&?[A-Za-z_]\w*[ \t]*\(",
            re.MULTILINE,
        ),
        1,
    ),
    # `namespace Foo\Bar;`, `use Foo\Bar;`: backslash-separated names (no file of the seven; 13,740 PHP files).
    ForeignSyntax(
        "php",
        re.compile(r"\\[A-Za-z_]"),
        re.compile(r"^[ \t]*(?:namespace|use)[ \t]+\\?[A-Za-z_]\w*(?:\\[A-Za-z_]\w*)+[ \t]*(?:;|\{|$|[ \t]as\b)", re.MULTILINE),
        1,
    ),
    # `local name = ...` with a blank before `=` (shell's `local name=value` has none) and
    # `local function name(` (no file of the seven; 1,322 of 1,367 Lua files).
    ForeignSyntax(
        "lua",
        re.compile("local"),
        re.compile(
            r"^[ \t]*local[ \t]+(?:function[ \t]+[A-Za-z_][\w.:]*[ \t]*\(|[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*[ \t]+=[^=])",
            re.MULTILINE,
        ),
        1,
    ),
    # `obj:method(...)` as a statement, three times: Lua method calls (no file of the seven, where it
    # could only be a Python annotation; 338 Lua files).
    ForeignSyntax("lua", re.compile(r":[A-Za-z_]\w*\("), re.compile(r"^[ \t]*[A-Za-z_]\w*:[A-Za-z_]\w*\(.*\)[ \t]*$", re.MULTILINE), 3),
    # Scala (and Groovy, Ruby) methods: `def name = ...`, `def name(x: Int): Int =`, `def name: T` (no file
    # of the seven; 3,895 of 6,823 Scala and 1,230 of 2,364 Groovy files).
    ForeignSyntax(
        "scala",
        re.compile(r"def[ \t]+[\w$]+[ \t]*(?:\[[^\]\n]*\][ \t]*)?(?:(?:\([^)\n]*\)[ \t]*)*:[ \t]*[A-Z]|=(?!=))"),
        re.compile(
            r"^[ \t]*(?:(?:override|private|protected|final|implicit|lazy|abstract|sealed)(?:\[\w+\])?[ \t]+)*def[ \t]+[\w$]+[ \t]*"
            r"(?:\[[^\]\n]*\][ \t]*)?(?:(?:\([^)\n]*\)[ \t]*)*:[ \t]*[A-Z][\w.]*(?:\[[^\n]*\])?[ \t]*(?:=|$)|=(?!=))",
            re.MULTILINE,
        ),
        1,
    ),
    # `trait Name[T]` (Rust writes `trait Name<T>`), `case class`, `case X => y` twice (no file of the
    # seven; 716, 685 and 914 Scala files).
    ForeignSyntax("scala", re.compile(r"trait[ \t]+\w+\["), re.compile(r"^[ \t]*(?:(?:sealed|private|abstract)[ \t]+)*trait[ \t]+[A-Za-z_]\w*\[", re.MULTILINE), 1),
    ForeignSyntax("scala", re.compile(r"case[ \t]+(?:class|object)[ \t]"), re.compile(r"^[ \t]*(?:(?:final|sealed|private|abstract)[ \t]+)*case[ \t]+(?:class|object)[ \t]+[A-Z]", re.MULTILINE), 1),
    ForeignSyntax("scala", re.compile(r"case[ \t]"), re.compile(r"^[ \t]*case[ \t][^:\n]*=>", re.MULTILINE), 2),
    # Kotlin and Scala `val name = ...`, `val name: Type =` (1 file of the seven: a C# test naming a
    # variable `val`; 5,080 of 7,360 Kotlin and 3,446 Scala files); Kotlin `fun name(...)` followed by
    # `{`, `:` or `=` (no file of the seven; 6,286 Kotlin files).
    ForeignSyntax(
        "kotlin_scala",
        re.compile(r"val[ \t]+[A-Za-z_]"),
        re.compile(r"^[ \t]*(?:(?:private|override|lazy|protected|final|const|internal)[ \t]+)*val[ \t]+[A-Za-z_]\w*[ \t]*(?::[^=\n]+)?=(?!=)", re.MULTILINE),
        1,
    ),
    ForeignSyntax(
        "kotlin",
        re.compile(r"fun[ \t]+"),
        re.compile(
            r"^[ \t]*(?:(?:private|override|suspend|internal|public|protected|inline|open|operator|infix|tailrec|abstract|actual|expect)[ \t]+)*"
            r"fun[ \t]+(?:<[^>\n]*>[ \t]*)?[\w.`]+[ \t]*\([^\n]*\)[ \t]*[{:=]",
            re.MULTILINE,
        ),
        1,
    ),
    # Kotlin `fun name(` whose parameters begin on the next line or with a `name: Type` (the tell above wants the list
    # closed on its line and a body or return type after it; an interface's `fun f(x: Int)` has neither). Round 17,
    # `scripts/langid/count_foreign_syntax.py` on the training splits (registry index `afdba3897a4ec074…`): no file of
    # the seven (246,647 read); 7,056 of 9,484 Kotlin files, 18 Markdown and 5 HTML pages, 1 Groovy, 1 AsciiDoc.
    ForeignSyntax(
        "kotlin_parameters",
        re.compile(r"fun[ \t]+"),
        re.compile(
            r"^[ \t]*(?:@\w+(?:\([^)\n]*\))?[ \t]+)*(?:(?:private|override|suspend|internal|public|protected|inline|open|operator|infix|tailrec|abstract|actual|expect)[ \t]+)*"
            r"fun[ \t]+(?:<[^>\n]*>[ \t]*)?[\w.`]+[ \t]*\([ \t]*(?:$|[A-Za-z_]\w*[ \t]*:[ \t]*[A-Z])",
            re.MULTILINE,
        ),
        1,
    ),
    # Scala's procedure syntax and Groovy's methods: `def name(...) {` (Python ends its `def` line with a colon, Ruby
    # opens no brace). Same count: no file of the seven; 1,056 of 6,869 Scala and 426 of 2,573 Groovy files, 4
    # AsciiDoc, 2 Markdown, 1 Kotlin.
    ForeignSyntax(
        "def_brace",
        re.compile(r"def[ \t]+[\w$]+[ \t]*\([^)\n]*\)[ \t]*\{"),
        re.compile(
            r"^[ \t]*(?:(?:override|private|protected|public|final|static|synchronized|abstract)[ \t]+)*def[ \t]+[\w$]+[ \t]*\([^)\n]*\)[ \t]*\{",
            re.MULTILINE,
        ),
        1,
    ),
    # Kotlin, Scala and Groovy `package a.b.c` without a semicolon (Java ends it with one, Go's names have no
    # dots): no file of the seven; 7,767 of 8,326 Kotlin, 996 of 6,823 Scala, 1,198 of 2,412 Groovy files
    # (registry index snapshot 5). A licence header and a package line are all some of these files hold.
    ForeignSyntax(
        "jvm_package",
        re.compile(r"package[ \t]+[A-Za-z_]\w*\."),
        re.compile(r"^package[ \t]+[A-Za-z_]\w*(?:\.[A-Za-z_`][\w`]*)+[ \t]*$", re.MULTILINE),
        1,
    ),
    # Swift: `func name(...) -> T` (Go never writes `->`, Rust says `fn`), `guard ... else {`, and `import
    # UIKit`/`Foundation`/`SwiftUI`/... (no file of the seven; 237, 123 and 219 of 438 Swift files, snapshot 5).
    ForeignSyntax(
        "swift",
        re.compile(r"func[ \t]+\w+[^\n]*\)[^\n]*->"),
        re.compile(
            r"^[ \t]*(?:@\w+(?:\([^)\n]*\))?[ \t]+)*(?:(?:public|private|internal|fileprivate|open|static|override|mutating|"
            r"final|class|nonisolated)[ \t]+)*func[ \t]+\w+[ \t]*(?:<[^>\n]*>)?[ \t]*\([^\n]*\)[ \t]*(?:(?:throws|rethrows|async)[ \t]+)*->",
            re.MULTILINE,
        ),
        1,
    ),
    ForeignSyntax("swift", re.compile(r"guard[ \t]"), re.compile(r"^[ \t]*guard[ \t]+[^\n]*\belse[ \t]*\{", re.MULTILINE), 1),
    ForeignSyntax(
        "swift",
        re.compile(r"import[ \t]+(?:UIKit|Foundation|SwiftUI|Combine|XCTest|AppKit)"),
        re.compile(r"^import[ \t]+(?:UIKit|Foundation|SwiftUI|Combine|XCTest|AppKit)[ \t]*$", re.MULTILINE),
        1,
    ),
    # Protocol Buffers `message Name {` (no file of the seven; 66 of 73 .proto files).
    ForeignSyntax("protobuf", re.compile(r"message[ \t]+\w+[ \t]*\{"), re.compile(r"^[ \t]*message[ \t]+[A-Za-z_]\w*[ \t]*\{", re.MULTILINE), 1),
    # Diffs: a unified hunk header `@@ -1,3 +1,4 @@` (2 files of the seven: Go tests of diff code;
    # 103 of 323 diff files), or two normal-diff commands such as `9c9`, `51a52,59` (no file of the seven).
    ForeignSyntax("diff", re.compile("@@ -"), re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@", re.MULTILINE), 1),
    ForeignSyntax("diff", re.compile(r"\n\d+(?:,\d+)?[acd]\d"), re.compile(r"^\d+(?:,\d+)?[acd]\d+(?:,\d+)?[ \t]*$", re.MULTILINE), 2),
)


def foreign_syntax(text: str, tells: Sequence[ForeignSyntax] = FOREIGN_SYNTAX) -> str | None:
    """The name of the first of `tells` found in the start of `text`, or None."""
    head = text[:CONTENT_PARSE_BYTES]
    for tell in tells:
        if tell.quick.search(head) is None:
            continue
        if tell.min_matches == 1:
            found = tell.pattern.search(head) is not None
        else:
            found = len(tell.pattern.findall(head)) >= tell.min_matches
        if found:
            return tell.name
    return None


def is_json_document(text: str) -> bool:
    """A whole JSON object or array: data, not a program of the seven (Python reads a JSON object as a dict
    literal and parses it cleanly, so the grammar cannot tell)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[" or stripped[-1] not in "}]":
        return False
    try:
        return isinstance(json.loads(stripped), (dict, list))
    except ValueError:
        return False


# Lines of the document and archive formats that carry code: Markdown code fences, HTML block tags and
# txtar file markers (`-- go.mod --`). Where such a line is outside the comments and strings of the
# language the model names, and that language's grammar cannot fit it, the text is a document about
# code rather than code. (RST's `Example::`, directives and `~~~` underlines, and `>>>` prompts, are
# left out: docstrings hold them, and a window cut inside a docstring parses them as code; on the dev
# set `Example::` cost a Python window.)
_FENCE = re.compile(r"^[ \t]*`{3,}[^`\n]*$", re.MULTILINE)
_TXTAR_MARKER = re.compile(r"^--[ \t]\S[^\n]*[ \t]--[ \t]*$", re.MULTILINE)
# Starts with a literal `<` (searched fast); the line start is checked after a match.
_HTML_BLOCK_TAG = re.compile(
    r"</?(?:p|pre|code|h[1-6]|div|ul|ol|li|table|tr|td|th|br|hr|blockquote|section|dl|dt|dd|tt|em|strong|a|img|span|b|i)\b[^>\n]*>"
)


def doc_markup_lines(text: str) -> list[int]:
    """Offsets (characters) of the first non-blank character of each document-markup line in the start
    of `text`."""
    head = text[:CONTENT_PARSE_BYTES]
    starts: list[int] = []
    if "```" in head:
        starts += [match.end() - len(match.group().lstrip(" \t")) for match in _FENCE.finditer(head)]
    if "-- " in head:
        starts += [match.start() for match in _TXTAR_MARKER.finditer(head)]
    if "<" in head:
        for match in _HTML_BLOCK_TAG.finditer(head):
            line_start = head.rfind("\n", 0, match.start()) + 1
            if not head[line_start : match.start()].strip(" \t"):
                starts.append(match.start())
    return sorted(starts)


# Languages whose grammars each look for syntax only their language writes (`verify.OWN_SYNTAX_QUERIES`): where
# the content model weighs one against the other, that syntax decides (C# and Java share most of the rest).
OWN_SYNTAX_PAIRS: tuple[tuple[str, str], ...] = (("csharp", "java"),)
assert all(language in OWN_SYNTAX_QUERIES for pair in OWN_SYNTAX_PAIRS for language in pair)

# A second look without comments needs at least this much left (non-blank characters).
MIN_CODE_CHARS = 10
# ... and comments that are at least this share of the text (characters): prose outweighs code only
# where there is more of it. On the dev set no second look with less won (0 of 220 windows; 9 of 185
# with more did), so the rest are not worth featurizing.
SECOND_LOOK_MIN_COMMENT_SHARE = 0.5
# Comments in the syntax of the seven languages (and of most of `other`): /* ... */ blocks (also one cut
# by the end of the text), lines that start with //, with * (inside a block that began before a
# window) or with # and a blank (not #include, #[attr], #!), and the line that closes a block.
_COMMENTS = re.compile(
    r"/\*.*?(?:\*/|\Z)|^[ \t]*(?://|\*|#(?=[ \t]|$))[^\n]*(?:\n|\Z)|^[^\n]*?\*/[ \t]*(?:\n|\Z)",
    re.DOTALL | re.MULTILINE,
)


def strip_comments(text: str) -> str:
    """`text` without what looks like comments in C-family, Python-like or shell syntax."""
    return _COMMENTS.sub("", text)


# A TypeScript module reference: an import, re-export or require of a `.ts`/`.tsx`/`.mts`/`.cts` module, or a
# `/// <reference path|types|lib=...>` directive. Counted on the training splits' first 16 KiB of each file
# (round 10): an import of a TypeScript module in 1,101 of 28,281 TypeScript files (19 projects) and 27 of 33,769
# JavaScript files (3 projects); a reference directive in 5,637 TypeScript files (9 projects) and 6 JavaScript files.
# An import, re-export, `require` or dynamic import of a module, up to the `.` before its file's extension.
_MODULE_SPECIFIER = r"""(?:\bfrom|\bimport|\brequire\(|\bimport\()\s*['"][^'"\n]+\."""
_TYPESCRIPT_REFERENCE = re.compile(
    _MODULE_SPECIFIER + r"""(?:ts|tsx|mts|cts)['"]|^///\s*<reference\s+(?:path|types|lib)=""",
    re.MULTILINE,
)


# A JavaScript module reference: an import, re-export or require of a `.mjs` or `.cjs` module (not `.js`: TypeScript
# sources name the JavaScript their imports compile to). Training splits' first 16 KiB of each file (round 13,
# scripts/langid/count_typescript_references.py): `.mjs` in 199 JavaScript files (6 projects) against 17
# TypeScript files (4 projects), `.cjs` in 54 (5) against 12 (2).
_JAVASCRIPT_REFERENCE = re.compile(_MODULE_SPECIFIER + r"""(?:mjs|cjs)['"]""")
# A `'use strict'` directive on a line of its own: JavaScript's opt-in to strict mode, which ES modules and TypeScript's
# compiler make implicit. Training splits (`scripts/langid/count_use_strict.py`, registry index `f5e1a1af0f15f146…`):
# in the first 16 KiB of 11,048 of 33,769 JavaScript files (80 projects), 20 of 28,281 TypeScript files (8), and of
# the other languages' only 52 HTML pages, 16 Markdown pages, 6 Go and 2 Python files (JavaScript in their strings)
# and 5 text files; in 1,497 of 6,577 JavaScript 20-line windows, 4 of 6,818 TypeScript ones and 1 HTML window.
_USE_STRICT = re.compile(r"""^[ \t]*(['"])use strict\1[ \t]*;?[ \t]*$""", re.MULTILINE)
# An ES module import or re-export from a quoted specifier on a line of its own (`import x from "y"`, `import * as x
# from "y"`, `import {a, b} from "y"`, `export * from "y"`): JavaScript's and TypeScript's module syntax. Not a bare
# `import "y"` (Go, Dart, Protocol Buffers write that), nor a Solidity `.sol` import, which has the same form.
# Training splits' 20-line windows, in their code without comments (scripts/langid/count_es_module_imports.py): 3,347
# of 6,818 TypeScript windows (110 projects), 718 of 6,577 JavaScript ones (51), and of other languages 23 Markdown
# windows (code blocks), 4 Svelte and Vue components and 6 Go windows of one project (JavaScript in strings).
_ES_MODULE_IMPORT = re.compile(
    r"""^[ \t]*(?:import\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?(?:[\w$]+|\*\s+as\s+[\w$]+|\{[^}]*\})\s+from\s+"""
    r"""|export\s+(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s+from\s+)"""
    r"""["'](?![^"'\n]*\.sol["'])[^"'\n]+["'][ \t]*;?[ \t]*$""",
    re.MULTILINE,
)
# A CommonJS module's own lines: a `require("x")` call, or an assignment to `module.exports` or `exports.name`.
# TypeScript writes ES modules (its `import x = require("x")` is TypeScript syntax, found before this is looked for).
# Training splits' 20-line windows, in their code without comments (scripts/langid/count_commonjs.py): see
# LanguageClassifier.COMMONJS.
_COMMONJS = re.compile(
    r"""(?:^|[=(,:\s])require\(\s*['"][^'"\n]+['"]\s*\)|^[ \t]*(?:module\.exports\b|exports\.[\w$]+\s*=(?!=))""",
    re.MULTILINE,
)
# An AMD module's definition or load on a line of its own: `define([` (maybe with a module name first),
# `sap.ui.define([` (OpenUI5), RequireJS's `require([`, the dependency list opening with a quoted module or closed at
# once. The module syntax of JavaScript before ES modules; TypeScript writes ES modules and compiles them to AMD.
# Training splits' 20-line windows, in their code without comments (scripts/langid/count_commonjs.py): 8 of 6,577
# JavaScript windows (2 projects), no other.
_AMD_MODULE = re.compile(
    r"""^[ \t]*(?:[\w$]+\.)*(?:define|require)\(\s*(?:['"][\w$./-]+['"]\s*,\s*)?\[\s*(?:['"]|\]|$)""", re.MULTILINE
)
# Words and shapes of type syntax (TypeScript's, or Flow's) that JavaScript does not write, looked for in a script's
# code without comments: declarations of types (`interface X {`, `type X =`, `enum X {`), `implements`, member
# modifiers, type-only imports, a parameter, field or variable with a type (`(config: Config`, `#agent: EggCore;`,
# `const x: number`), a return type, `as const`, generics on a function, class or constructor, a non-null assertion
# (`x!.y`). A hint only: where it is found in a text the model is sure is JavaScript, the TypeScript parse decides
# (`LanguageClassifier.TYPE_SYNTAX_HINT`); an object literal's `key: Value,` matches too, and costs that parse only.
_TYPE_SYNTAX_HINT = re.compile(
    r"""\b(?:interface|enum|namespace)\s+[A-Za-z_$][\w$]*\s*(?:<[^>\n]*>\s*)?(?:extends\b|\{)"""
    r"""|\btype\s+[A-Za-z_$][\w$]*\s*(?:<[^>\n]*>\s*)?=(?!=)"""
    r"""|\b(?:implements|readonly|declare|abstract)\s+[A-Za-z_$]"""
    r"""|^[ \t]*(?:private|protected|public)\s+[#\w$]"""
    r"""|\b(?:import|export)\s+type\s+[\w${*]"""
    r"""|[\w$)\]]\??\s*:\s*(?:string|number|boolean|any|unknown|void|never|object|bigint|symbol)\b(?!\s*[(.])"""
    r"""|[(,]\s*[\w$]+\??\s*:\s*[A-Z][\w$.]*(?:<[^>\n]*>)?(?:\[\])?\s*[,)=]"""
    r"""|^[ \t]*(?:static\s+)?#?[\w$]+\??\s*:\s*[^\n;,=]+;[ \t]*$"""
    r"""|^[ \t]*(?:static\s+)?#?[\w$]+\??\s*:\s*[A-Za-z_$][\w$.<>\[\]|' ]*\s=(?![=>])"""
    r"""|\b(?:const|let|var)\s+[\w$]+\s*:\s*[\w${\[(]"""
    r"""|\)\s*:\s*(?:Promise|Array|Record|[A-Z][\w$]*(?:<[^>\n]*>)?\s*\{)"""
    r"""|\bas\s+(?:const|any|unknown|string|number|boolean)\b"""
    r"""|\b(?:function\s*[\w$]*|class\s+[\w$]+|new\s+[A-Z][\w$]*)\s*<[\w$\s,.\[\]|<>]{1,200}>\s*[({]"""
    r"""|[\w$)\]]!(?:\.[\w$]|\s*[,;)\]])"""
    r"""|[(,=]\s*<(?:any|unknown|string|number|boolean|object)>"""
    r"""|\bas\s+[A-Z][\w$.]*(?:<[^>\n]*>)?(?:\[\])?\s*\)"""
    r"""|\(\s*[\w$]+\??\s*:\s*\("""
    r"""|\.[\w$]+<[A-Za-z_$][\w$.]*(?:\[\])?>\(""",
    re.MULTILINE,
)
# A component's element line (`<template>`, `<script lang="ts">`, `</style>`): a Vue or Svelte component's script
# imports modules too, and the component is `other`.
_COMPONENT_TAG_LINE = re.compile(r"^[ \t]*</?(?:template|script|style)\b[^>\n]*>", re.MULTILINE)


# A Python module's docstring first: a triple-quoted string (maybe `r`-, `u`- or `b`-prefixed) that opens at the start
# of a line with its first words on it, after nothing but blank and comment lines (a shebang, a coding line, a
# licence; `#` then a blank or `!`, so not C's `#endif` before a TOML string's closing quotes).
_DOCSTRING_OPENING = r"""\A(?:[ \t]*(?:#(?:[ \t!][^\n]*)?)?\n)*[rRuUbB]?(?:"{3}|'{3})"""
_MODULE_DOCSTRING = re.compile(_DOCSTRING_OPENING + r"""[^\s"']""")
# From round 18 also the quotes alone on their line, words on the next.
_BARE_MODULE_DOCSTRING = re.compile(_DOCSTRING_OPENING + r"""[ \t]*\n[ \t]*[A-Za-z`*#:.\[(]""")


def evidence_confidence(own: float, family: float) -> float:
    """The confidence of a label that syntax or other evidence picked within a family the model put forward (the two
    scripts, a C#/Java pair): the family's probability capped below certainty, unless the label's own is higher."""
    return max(own, min(family, 0.99))


def has_code(text: str) -> bool:
    """Whether `text` holds at least MIN_CODE_CHARS characters outside what looks like comments. A piece without
    (a licence header longer than the piece) holds no syntax for a grammar to find: the searches for syntax of a
    language's own are skipped for it, which changes no label and saves their parses (on dev8, round 10, 8% of the
    20-line windows were such pieces, and C#'s and Java's own-syntax searches on them were a quarter of the time)."""
    return is_enough_code(strip_comments(text))


def is_enough_code(code: str) -> bool:
    """Whether `code`, a text with its comments stripped (`strip_comments`), holds at least MIN_CODE_CHARS characters."""
    return len(code.strip()) >= MIN_CODE_CHARS


# Bad-input evidence names; the stage counts them like any other evidence.
EMPTY = "empty"
BINARY = "binary"
NUL_BYTES = "nul_bytes"
INVALID_UTF8 = "invalid_utf8"
LONG_LINE = "long_line"
BAD_INPUT_EVIDENCE = (EMPTY, BINARY, NUL_BYTES, INVALID_UTF8, LONG_LINE)


@dataclass(frozen=True, slots=True)
class Classification:
    language: str  # a target language or `other`
    confidence: float  # in [0, 1]
    evidence: str  # what decided: e.g. `extension+parse`, `content`, `binary`


class LanguageClassifier:
    """Label a document with one of `languages` or `other`.

    Picklable: the content model loads lazily in each process (datatrove ships steps to workers)."""

    # A path label is confirmed when at most this fraction of the parsed bytes lies in ERROR nodes.
    PATH_PARSE_MAX_ERROR_FRACTION = 0.2
    # Content model: below this probability the top two candidates are parsed and compared
    # (0.9 and PARSE_PENALTY 8 were the best of a small grid on the dev set: held-out train-split projects).
    CONTENT_VERIFY_BELOW = 0.9
    # Weight of the error fraction against the log-probability when comparing candidates by parse.
    PARSE_PENALTY = 8.0
    # Snippets (texts of at most SNIPPET_MAX_LINES lines: a function, a class, a window): below
    # SNIPPET_VERIFY_BELOW every candidate the model gives at least SNIPPET_CANDIDATE_MIN is parsed with its
    # own grammar (dedented, or wrapped where the grammar needs a top level: a Go `func` without `package`,
    # a C# method without its class), and a clean parse adds SNIPPET_CLEAN_BONUS to its score: at this size
    # the model has few tokens to go by, and a grammar that fits the whole piece is strong evidence.
    SNIPPET_MAX_LINES = 40
    SNIPPET_VERIFY_BELOW = 0.8
    SNIPPET_CANDIDATE_MIN = 0.2
    SNIPPET_CLEAN_BONUS = 0.0
    # TypeScript-only syntax is evidence only if at most this fraction of the text is in ERROR nodes
    # (windows cut inside a block parse with errors around the cut).
    TYPESCRIPT_MAX_ERROR_FRACTION = 0.5
    # Within the JavaScript/TypeScript pair: at or above these shares the model decides alone (tuned on the dev set).
    # Round 6: the TypeScript one holds for texts of SNIPPET_MAX_LINES lines and more only: untyped parameters
    # contradict a model however sure it is of TypeScript, and parsing the snippets and windows it was sure of took
    # dev4's JavaScript snippets from 96.2% to 97.6%; on whole files parsing them changed nothing on dev..dev4 and
    # cost 16% of the throughput.
    TYPESCRIPT_SURE_SHARE = 0.9
    JAVASCRIPT_SURE_SHARE = 0.95
    # Round 27: ... unless the code shows type syntax (`_TYPE_SYNTAX_HINT`): then the TypeScript parse decides. A model
    # sure of JavaScript had skipped the parse of `export default class AgentBoot implements ILifecycleBoot {` and of
    # `routeRegex(regex: RegExp, location: Location)`. Training splits' files, code without comments of the first 16 KiB
    # (scripts/langid/count_typescript_references.py): the hint in 19,031 of 28,281 TypeScript files (113 projects) and
    # 2,274 of 33,769 JavaScript ones (106; Flow's annotations, object literals). dev6-dev25: 28 files, 35 windows and
    # 55 snippets more right; lost 10 files and 5 windows, all but one file of them dev6's react-native-fetch-blob, whose
    # JavaScript is Flow-typed without a Flow pragma. Parsing every text the model is sure is JavaScript instead took 2
    # files, 3 windows and 5 snippets more and lost 7 files and 8 windows more, at about 13% of the windows' throughput
    # (the hint: 3-7% of the windows', 8-13% of the whole files', paired on dev6 and dev25).
    TYPE_SYNTAX_HINT = True
    # The model's probability for a language, on the text without its comments, that overrules an
    # `other` on the whole text (tuned on the dev set).
    CODE_WITHOUT_COMMENTS_MIN = 0.8
    # ... or from this probability up when the language's grammar parses the code left cleanly (round 8, after the
    # round-7 freeze: of 1.01 (off), 0.6, 0.5, 0.4 on dev..dev6, 0.5 and 0.4 took back 0.34-0.38 points of dev3's and
    # dev4's windows and 0.05-0.14 of dev5's and dev6's windows and snippets, and let no `other` in).
    CODE_WITHOUT_COMMENTS_PARSED_MIN = 0.5
    # Odds multiplier of `other` against the languages for path-less documents. Round 5: the model is trained with
    # `other` weighing 4 (was 8), and 1.5 here (of 1, 1.5, 2, 3 on dev, dev2 and dev3) gives back part of that:
    # nearly all of the accuracy of 1 with more `other` kept out of windows. Round 7 (model of index snapshot 9, grid
    # 1.25-2.5 on dev..dev5): 1.75, within 0.25 points (summed over the 15 cells) of the best accuracy, with `other`
    # kept out of 98.86% of windows on average against 98.69% at 1.5; 2 keeps 98.96% for 2.5 points more. Round 8 (model
    # trained on dev..dev5's projects too, so tuned on dev6 alone; grid 1.5-5): 2.5, the value whose worst shortfall below
    # the floors (files, windows, snippets, `other` kept out of files and of windows), each counted in units of
    # the floor's own error budget (1.5 points for files, 1 for `other`), is smallest: 2 keeps `other` out of 97.81%
    # of dev6's windows, 2.5 of 98.39% for 0.21 points of windows and 0.11 of files, 3 loses more of files than it keeps.
    OTHER_PRIOR = 2.5
    # Round 22: ... and this one for a piece of fewer than SNIPPET_MAX_LINES lines that is nothing but C-style comments
    # (`/* */`, `//`; `_other_prior`): a licence header in a block says nothing of which C-family language wrote it, and
    # C's and C++'s headers are read as Java's. By the round-8 floors rule on dev6-dev20 (the mean over the sets of the
    # worst shortfall below the floors of windows and of `other` kept out of windows, each in units of its error budget):
    # 1.82 at 2.5 (as OTHER_PRIOR), 1.30 at 4, 1.14 at 6, 1.12 at 8, 1.14 at 12; at 8, windows 94.18% -> 94.02% and
    # `other` kept out of windows 97.31% -> 98.18% on average, snippets +1.0 and their `other` +7.0 points summed over
    # the 15 sets, whole files unchanged. In `#` lines (Python against gettext catalogues, properties, shell) a higher
    # prior changed nothing by the rule (1.81 at 4 and 6); over texts of any length it lost 3 whole files (2 Go `doc.go`).
    # Round 23, with fresh20 (where it cost Java's windows: 198 of 732 read as `other`) tuned on as dev21: on dev6-dev21
    # the rule still picks 8 (1.93 at 2.5, 1.72 at 3, 1.44 at 4, 1.28 at 6, 1.26 at 8), as does the mean of the two
    # shortfalls summed (2.21 at 2.5, 1.51 at 8); at 2.5 dev21's windows would be 95.65% and `other` kept out of them
    # 95.54%, at 8 92.60% and 95.68%.
    COMMENT_ONLY_OTHER_PRIOR = 8.0
    # Without TypeScript-only syntax, TypeScript from this share of the pair up (round 5: 0.5 of 0.3-0.6 on dev,
    # dev2 and dev3; 0.6 scored the same on average but took TypeScript windows lower; round 7: 0.6 of 0.5-0.7 on
    # dev..dev5, 0.6 and 0.7 summing within 0.1 points and 0.5 0.6 points lower at prior 1.5).
    TYPESCRIPT_STYLE_SHARE = 0.6
    # Without TypeScript-only syntax, this many declared functions (a function declaration, a class method, a function
    # bound to a variable, field or `export default`) whose parameters go untyped make a script JavaScript
    # (`verify.parameter_types`). Train split (scripts/langid/count_parameter_types.py), no TypeScript syntax found:
    # JavaScript has one in 2,139 of 3,977 files, 1,415 of 6,283 20-line windows and 3,152 of 4,111 snippets;
    # TypeScript in 5 of 712 files, 6 of 2,900 windows and 17 of 342 snippets (the TypeScript compiler's and Babel's
    # tests of JavaScript, and pieces of object literals).
    UNTYPED_PARAMETERS_MIN = 1
    # A snippet's TypeScript check reads it at its best (a method inside a class, a window with its blocks balanced)
    # when the model's TypeScript share of the pair is below this (above it, as it is only: the reading costs parses).
    # Above 1, always: only below 0.9 cost dev4's JavaScript snippets 1.4 points (96.2% against 97.6%).
    SCRIPT_SNIPPET_READING_BELOW = 1.01
    # C# against Java: when the model's top is one and it gives the other at least this, both grammars look for
    # syntax only their language writes (`_own_syntax_decision`).
    OWN_SYNTAX_RIVAL_MIN = 0.01
    # ... or, in a text at least this share comments, when the model gives the other that much on the code alone
    # (round 11: Javadoc over C# methods, Grammatica's, put Java at 0.99; dev9's C# snippets 49.2% -> 66.0%, dev6-dev8
    # unchanged; 0.3 took 0.15 points more of dev9's snippets, for 1.62 against 1.66 MB/s on windows in one paired run).
    OWN_SYNTAX_COMMENT_SHARE = 0.5
    # Round 12: a text of nothing but comments that names source files of one language (`Foo.java`, `setup.py`) is
    # of that language (`_named_language_decision`). Training splits' comment-only 20-line windows
    # (scripts/langid/count_named_files.py): of 3,400, 266 name one language's files, their own in 257 (C# 114,
    # Python 55, Java 48, Rust 17, Go 12, TypeScript 11: 48 projects); 6 are of other kinds (a Groovy, a Makefile,
    # ...). On dev6-dev10: 135 windows more read right, 1 `other` window (a ranger rc.conf) let in; files and
    # snippets unchanged.
    NAMED_FILE_IN_COMMENTS = True
    NAMED_FILE_CONFIDENCE = 0.9
    # Round 14: ... and a text that opens with a module docstring (`_MODULE_DOCSTRING`) is Python. Training splits'
    # 20-line windows (scripts/langid/count_module_docstrings.py): 739 of 7,318 Python windows (60 projects) open so,
    # and 4 of 727 Cython windows, no other. dev6-dev12: 28 windows and 1 file more right, no `other` let in (before
    # C's `#endif` was kept out of the comment lines, a TOML string's closing quotes let 2 in).
    MODULE_DOCSTRING = True
    # Round 13: without TypeScript syntax, untyped parameters or a TypeScript module reference, a reference to a `.mjs`
    # or `.cjs` module makes a script JavaScript (`_JAVASCRIPT_REFERENCE`).
    JAVASCRIPT_REFERENCE = True
    # Round 18: a `'use strict'` directive line (`_USE_STRICT`) makes a script JavaScript (after TypeScript syntax,
    # untyped parameters and module references), and a text whose model is not sure of another language JavaScript
    # (`content+use_strict`, NAMED_FILE_CONFIDENCE).
    USE_STRICT = True
    # Round 20: a text whose code imports or re-exports an ES module (`_ES_MODULE_IMPORT`) is JavaScript or TypeScript
    # where the model's top is neither and below the verify threshold, `other` included (`_module_import_decision`: a
    # licence header over the module's first import reads as `other`). No training window changes with it; dev6-dev18:
    # 13 windows and 3 files more right, nothing lost, no `other` let in.
    ES_MODULE_IMPORT = True
    # Round 21: without any of the above, a CommonJS `require` call or `module.exports`/`exports.name` assignment in
    # the code (`_COMMONJS`) makes a script JavaScript (`content+commonjs`). Training splits' 20-line windows
    # (scripts/langid/count_commonjs.py): 2,325 of 6,577 JavaScript windows (130 projects), 18 of 6,818 TypeScript
    # ones (10); of other kinds Lua's `require("x")` (135 windows), which the rule never meets (it is read only where
    # the model puts a script on top). dev6-dev19: 21 windows and 2 files more right, nothing lost. Not over a whole
    # file the model is sure of (TYPESCRIPT_SURE_SHARE), as the directive is: there it took 2 files and lost 2.
    COMMONJS = True
    # Round 24: an AMD module definition (`_AMD_MODULE`) in the code makes a text JavaScript: in the script decision
    # after CommonJS (`content+amd_module`), and where the model's top is neither script and below the verify threshold,
    # `other` included, as an ES module import does (`_module_import_decision`: a licence header over `sap.ui.define([`
    # and its module list read as `other`). dev6-dev22: 13 windows more right (11 of them OpenUI5's), nothing lost.
    AMD_MODULE = True
    # Round 18: a text that opens with a module docstring whose quotes stand alone on their line, words on the next
    # (`_BARE_MODULE_DOCSTRING`), is Python where the model is not sure of its top, `other` included. Training splits'
    # windows (count_module_docstrings.py): 721 of 7,318 Python windows (57 projects), 142 of 727 Cython windows (4
    # projects: hence the model must be unsure of `other` too), 1 Julia window; the classifier with the rule moved 19
    # of the Python ones and no Cython one. dev6 to dev16: 13 windows and 1 file more right, nothing lost.
    BARE_DOCSTRING = True
    # Syntax none of the seven writes, and document markup the named language's grammar cannot fit, both
    # overrule the content model (an instance may turn either off, e.g. to measure what it buys).
    FOREIGN_SYNTAX: tuple[ForeignSyntax, ...] = FOREIGN_SYNTAX
    CHECK_DOC_MARKUP = True
    # Round 7: where a close call leaves a weak `other` (below the verify threshold) on top, a candidate whose reading
    # parses cleanly with syntax only it writes takes the piece (`_own_syntax_over_other`). On dev..dev5 it took
    # back 0-0.11 points of whole files, 0.05-0.07 of windows and 0.03-0.80 of snippets, and let no `other` in. Round 21:
    # Python's, Go's and Rust's own syntax too (`verify.OWN_SYNTAX_QUERIES`): dev6-dev19, 14 windows, 21 snippets and 9
    # files more right, 1 `other` window let in (a README's Rust code block).
    OWN_SYNTAX_OVER_OTHER = True
    # Round 25: ... and the C# or Java sibling of a candidate (OWN_SYNTAX_PAIRS) after the candidates: a Java file's
    # `//` licence lines over `package a.b.c;` put C# and Go on top and Java nowhere near the close call, so `other` won
    # and Java's own syntax was never looked for. dev6-dev23: 62 windows, 6 snippets and 1 file more right (60 of the
    # windows one project's, SAVOT's), 1 `other` window let in (a Jenkinsfile read as C#).
    OWN_SYNTAX_SIBLINGS = True

    def __init__(
        self,
        *,
        languages: Sequence[str] = TARGET_LANGUAGES,
        use_content_model: bool = True,
        verify_with_parser: bool = True,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_parse_bytes: int = DEFAULT_MAX_PARSE_BYTES,
        model_path: str | Path | None = None,
    ) -> None:
        unknown = [language for language in languages if not registry.is_registered(language)]
        if unknown:
            raise ValueError(f"unknown languages {unknown}; known: {', '.join(registry.names())}")
        if not languages:
            raise ValueError("languages must name at least one language")
        if max_bytes < 256:
            raise ValueError(f"max_bytes must be at least 256, got {max_bytes}")
        self.languages = tuple(languages)
        self.use_content_model = use_content_model
        self.verify_with_parser = verify_with_parser
        self.max_bytes = max_bytes
        self.max_parse_bytes = min(max_parse_bytes, max_bytes)
        self.model_path = Path(model_path) if model_path is not None else None
        self._model: ContentModel | None = None

    # --- pickling: ship the settings, not the loaded model ------------------------------------------
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_model"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    @property
    def model(self) -> ContentModel:
        if self._model is None:
            path = self.model_path or default_model_path()
            if not path.is_file():
                raise FileNotFoundError(
                    f"content model {path} is missing: train it with scripts/langid/train.py "
                    "or pass use_content_model=False"
                )
            self._model = ContentModel.load(path)
        return self._model

    # --- entry point --------------------------------------------------------------------------------
    def classify(self, data: bytes | str, *, path: str | None = None) -> Classification:
        return self.classify_batch([(data, path)])[0]

    def classify_batch(self, documents: Sequence[tuple[bytes | str, str | None]]) -> list[Classification]:
        """Classify (data, path) pairs; the content model reads the documents that need it in one batch
        (its cost per call dominates for short texts). Same results as `classify` one by one."""
        results: list[Classification | None] = [None] * len(documents)
        pending: list[tuple[int, str, rules.PathHint, str]] = []
        for position, (data, path) in enumerate(documents):
            sample, bad = self.decode(data)
            if bad is not None:
                results[position] = Classification(OTHER, 1.0, bad)
                continue
            assert sample is not None
            model_text = sample
            sample = sample.lstrip("\ufeff")
            head = sample[:HEAD_CHARS]
            tail = sample[-TAIL_CHARS:] if len(sample) > HEAD_CHARS else ""
            hint = rules.path_hint(path, head, tail)
            if hint.language == OTHER:
                evidence = hint.evidence + (f":{hint.detail}" if hint.detail else "")
                results[position] = Classification(OTHER, 0.99, evidence)
            elif hint.language is not None:
                results[position] = self.restrict(
                    self._confirm_path_label(hint.language, hint.evidence, sample, path, model_text)
                )
            else:
                pending.append((position, sample, hint, model_text))
        if not (self.use_content_model and pending):
            for position, sample, hint, _model_text in pending:
                results[position] = self.restrict(self._from_content(sample, hint, None))
            return [result for result in results if result is not None]
        predictions = self.model.predict_batch([item[3] for item in pending])
        rankings = [self._allowed_ranking(prediction, hint.candidates,
                                          other_prior=self._other_prior(model_text))
                    for (_, _, hint, model_text), prediction in zip(pending, predictions)]
        # A second look without comments at what the model calls `other`: a licence header or a long
        # doc comment is prose, and prose outweighs the few lines of code after it.
        second_looks: dict[int, str] = {}
        for number, ((_position, _sample, hint, model_text), ranked) in enumerate(zip(pending, rankings)):
            if not hint.candidates and ranked[0][0] == OTHER:
                code = strip_comments(model_text)
                if is_enough_code(code) and len(code) <= (1 - SECOND_LOOK_MIN_COMMENT_SHARE) * len(model_text):
                    second_looks[number] = code
        code_rankings = {
            number: self._allowed_ranking(prediction, ())
            for number, prediction in zip(second_looks, self.model.predict_batch(list(second_looks.values())))
        }
        for number, ((position, sample, hint, _model_text), ranked) in enumerate(zip(pending, rankings)):
            results[position] = self.restrict(self._from_content(sample, hint, ranked, code_rankings.get(number)))
        return [result for result in results if result is not None]

    # --- bad input ----------------------------------------------------------------------------------
    def decode(self, data: bytes | str) -> tuple[str | None, str | None]:
        """The decoded first `max_bytes` of a document, or the bad-input reason."""
        if isinstance(data, str):
            text = data[: self.max_bytes]
            truncated = len(data) > self.max_bytes
            if "\0" in text:
                return None, NUL_BYTES
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates from a lenient decoder
                return None, INVALID_UTF8
        else:
            raw = bytes(data[: self.max_bytes])
            truncated = len(data) > self.max_bytes
            if b"\0" in raw:
                # git's rule: a NUL byte in the first bytes means binary
                return None, BINARY
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                # a multi-byte character cut by the cap is not an error of the file
                if truncated and error.start >= len(raw) - 3 and error.reason == "unexpected end of data":
                    text = raw[: error.start].decode("utf-8", errors="strict")
                else:
                    return None, INVALID_UTF8
        # A byte-order mark is kept: the content model reads it as evidence (Visual Studio writes it).
        if not text.lstrip("\ufeff").strip():
            return None, EMPTY
        if truncated and "\n" not in text:
            # one line longer than everything we look at: minified or generated data, not source code
            return None, LONG_LINE
        return text, None

    # --- path evidence ------------------------------------------------------------------------------
    def _confirm_path_label(
        self, language: str, evidence: str, sample: str, path: str | None, model_text: str
    ) -> Classification:
        if not self.verify_with_parser:
            return Classification(language, 0.95, evidence)
        data = cut_at_line(sample.encode("utf-8"), self.max_parse_bytes)
        if evidence == "shebang":
            # `#!` is no syntax of most grammars (C, Go, Java): the interpreter line is not part of the program
            line_end = data.find(b"\n")
            data = b" " * (len(data) if line_end < 0 else line_end) + (b"" if line_end < 0 else data[line_end:])
        notes = ""
        if language == "typescript":
            tsx = path.lower().endswith(".tsx") if path else None
            ts = typescript_check(data, tsx=tsx)
            check = ts.parse
            if ts.typescript_only_nodes == 0:
                notes = ";no_typescript_syntax"
        else:
            check = parse_check(data, language)
        if check.error_fraction <= self.PATH_PARSE_MAX_ERROR_FRACTION:
            confidence = 0.99 if check.clean else 0.97
            return Classification(language, confidence, f"{evidence}+parse{notes}")
        # The file does not parse as its path says. Keep the path label unless the content model is
        # sure it is not code of that language at all.
        if self.use_content_model:
            prediction = self.model.predict(model_text)
            top, probability = prediction.ranked()[0]
            if top == OTHER and probability >= 0.99:
                return Classification(OTHER, probability, f"{evidence}+parse_failed+content")
        return Classification(language, 0.6, f"{evidence}+parse_failed{notes}")

    # --- content evidence ---------------------------------------------------------------------------
    def _from_content(
        self,
        sample: str,
        hint: rules.PathHint,
        ranked: list[tuple[str, float]] | None,
        code_ranked: list[tuple[str, float]] | None = None,
    ) -> Classification:
        """Decide from the content model's ranking (None without a model) and, for a text the model
        calls `other`, the ranking of the same text without comments."""
        if ranked is None:
            if set(hint.candidates) == set(SCRIPT_LANGUAGES) and self.verify_with_parser:
                data = cut_at_line(sample.encode("utf-8"), self.max_parse_bytes)
                ts = typescript_check(data)
                if ts.typescript_only_nodes > 0 and not ts.flow:
                    return Classification("typescript", 0.9, f"{hint.evidence}+typescript_syntax")
                return Classification("javascript", 0.7, f"{hint.evidence}+no_typescript_syntax")
            return Classification(OTHER, 0.5, "no_evidence")
        prefix = f"{hint.evidence}+content" if hint.candidates else "content"
        snippet = sample.count("\n") < self.SNIPPET_MAX_LINES
        verify_below = self.SNIPPET_VERIFY_BELOW if snippet else self.CONTENT_VERIFY_BELOW
        named = self._named_language_decision(sample, hint, ranked[0], prefix, verify_below=verify_below)
        if named is not None:
            return named
        if ranked[0][0] != OTHER:
            foreign = foreign_syntax(sample, self.FOREIGN_SYNTAX)
            if foreign is not None:
                return Classification(OTHER, 0.95, f"{prefix}+foreign_syntax:{foreign}")
            if is_json_document(sample):
                return Classification(OTHER, 0.95, f"{prefix}+json_document")
            markup = doc_markup_lines(sample) if self.verify_with_parser and self.CHECK_DOC_MARKUP else []
            if markup:
                data = self._parse_data(sample)
                byte_starts, position, offset = [], 0, 0
                for start in markup:  # character offsets to byte offsets, encoding each stretch once
                    offset += len(sample[position:start].encode("utf-8"))
                    position = start
                    if offset < len(data):
                        byte_starts.append(offset)
                if byte_starts and lines_outside_grammar(data, ranked[0][0], byte_starts):
                    return Classification(OTHER, 0.9, f"{prefix}+doc_markup")
        if code_ranked is not None and code_ranked[0][0] != OTHER and self._code_without_comments_wins(sample, code_ranked[0]):
            ranked, prefix = code_ranked, f"{prefix}+without_comments"
        imported = self._module_import_decision(sample, hint, ranked, prefix, verify_below=verify_below, snippet=snippet)
        if imported is not None:
            return imported
        top, probability = ranked[0]
        if self.verify_with_parser:
            decided = self._own_syntax_decision(sample, ranked, prefix, snippet=snippet)
            if decided is not None:
                return decided
        if not self.verify_with_parser or top == OTHER and probability >= verify_below:
            return Classification(top, probability, prefix)
        script_pair = set(SCRIPT_LANGUAGES)
        if top in script_pair and script_pair <= set(self.languages):
            # First the script family against the best other candidates, then which of the two scripts.
            script_probability = sum(p for label, p in ranked if label in script_pair)
            runners_up = [(label, p) for label, p in ranked if label not in script_pair and p > 0]
            runners_up = self._snippet_candidates(runners_up) if snippet else runners_up[:1]
            ts: TypeScriptCheck | None = None
            data: bytes | None = None
            if script_probability < verify_below and runners_up:
                data = self._parse_data(sample)
                # the TypeScript parse serves the close call and, after it, the TypeScript-syntax query
                ts = typescript_check(data) if top == "typescript" and not snippet else None
                parsed = {"typescript": ts.parse} if ts is not None else {}
                label, p = self._close_call(data, [(top, script_probability), *runners_up], parsed=parsed, snippet=snippet)
                if label not in script_pair:
                    return Classification(label, p, f"{prefix}+parse")
            return self._script_decision(sample, ranked, prefix, data=data, ts=ts, snippet=snippet)
        if probability >= verify_below:
            return Classification(top, probability, prefix)
        candidates = [(label, p) for label, p in ranked if p > 0]
        candidates = self._snippet_candidates(candidates) if snippet else candidates[:2]
        if len(candidates) < 2:
            return Classification(top, probability, prefix)
        data = self._parse_data(sample)
        label, p = self._close_call(data, candidates, snippet=snippet)
        if label == OTHER and self.OWN_SYNTAX_OVER_OTHER and has_code(sample):
            decided = self._own_syntax_over_other(data, candidates, prefix, snippet=snippet, ranked=ranked)
            if decided is not None:
                return decided
        if label in script_pair and script_pair <= set(self.languages):
            return self._script_decision(sample, ranked, f"{prefix}+parse", snippet=snippet)
        return Classification(label, p, f"{prefix}+parse")

    def _named_language_decision(
        self, sample: str, hint: rules.PathHint, top: tuple[str, float], prefix: str, *, verify_below: float
    ) -> Classification | None:
        """The language a text names where its words say nothing of it, or None: one with a `'use strict'` directive
        line, where the model's top is neither script, is JavaScript (`content+use_strict`, USE_STRICT); one that opens
        with a Python module docstring is Python (`content+module_docstring`, MODULE_DOCSTRING; with the quotes alone
        on their line, BARE_DOCSTRING, only below the verify threshold, `other` on top included: Cython opens so too,
        and the model knows it); one of nothing but comments (`has_code`) that names source files of one language only
        (`rules.named_file_language`: `Foo.java - the foo panel`) is of that language (`content+named_file`,
        NAMED_FILE_IN_COMMENTS). Looked for only where the model is not sure of a language (`other` on top, or a top
        below the verify threshold, `verify_below`): there the words, prose or a licence, say nothing of the language.
        NAMED_FILE_CONFIDENCE is the confidence of all of them."""
        rules_on = self.NAMED_FILE_IN_COMMENTS or self.MODULE_DOCSTRING or self.BARE_DOCSTRING or self.USE_STRICT
        if not rules_on or hint.candidates:
            return None
        language, probability = top
        if language != OTHER and probability >= verify_below:
            return None
        text = sample[: self.model.max_chars]
        if (self.USE_STRICT and "javascript" in self.languages and language not in SCRIPT_LANGUAGES
                and _USE_STRICT.search(text)):
            return Classification("javascript", self.NAMED_FILE_CONFIDENCE, f"{prefix}+use_strict")
        if "python" in self.languages and language != "python" and (
                self.MODULE_DOCSTRING and _MODULE_DOCSTRING.match(text)
                or self.BARE_DOCSTRING and probability < verify_below and _BARE_MODULE_DOCSTRING.match(text)):
            return Classification("python", self.NAMED_FILE_CONFIDENCE, f"{prefix}+module_docstring")
        if not self.NAMED_FILE_IN_COMMENTS:
            return None
        named = rules.named_file_language(text)
        if named is None or named == language or named not in self.languages or has_code(text):
            return None
        return Classification(named, self.NAMED_FILE_CONFIDENCE, f"{prefix}+named_file")

    def _module_import_decision(
        self, sample: str, hint: rules.PathHint, ranked: list[tuple[str, float]], prefix: str, *, verify_below: float,
        snippet: bool,
    ) -> Classification | None:
        """JavaScript or TypeScript for a text whose code (without its comments) imports or re-exports an ES module
        (`_ES_MODULE_IMPORT`) or defines an AMD module (`_AMD_MODULE`, AMD_MODULE), where the model's top is neither
        script and below the verify threshold, `other` included, and the text is neither a component
        (`_COMPONENT_TAG_LINE`) nor a document with markup (`doc_markup_lines`): a window of a licence header over a
        module's first import lines reads as `other` by its words. Which of the two: the script decision
        (`_script_decision`: TypeScript syntax, untyped parameters, references, an AMD module, style), with at least
        NAMED_FILE_CONFIDENCE. None where the rule does not apply."""
        script_pair = SCRIPT_LANGUAGES
        if not (self.ES_MODULE_IMPORT or self.AMD_MODULE) or hint.candidates:
            return None
        if not set(script_pair) <= set(self.languages):
            return None
        language, probability = ranked[0]
        if language in script_pair or probability >= verify_below:
            return None
        if sum(p for label, p in ranked if label in script_pair) <= 0.0:
            # the model gives neither script any weight (float underflow): the script decision has no share to read
            return None
        text = sample[: self.model.max_chars]
        code = strip_comments(text)
        es_module = self.ES_MODULE_IMPORT and _ES_MODULE_IMPORT.search(code) is not None
        if not es_module and not (self.AMD_MODULE and _AMD_MODULE.search(code)):
            return None
        if _COMPONENT_TAG_LINE.search(text) or doc_markup_lines(text):
            # a component or a document (Markdown, HTML) that shows a module's imports is `other`
            return None
        # (an AMD module only: the script decision names it, after stronger evidence)
        decided = self._script_decision(sample, ranked, f"{prefix}+es_module" if es_module else prefix, snippet=snippet)
        return Classification(decided.language, max(decided.confidence, self.NAMED_FILE_CONFIDENCE), decided.evidence)

    def _own_syntax_over_other(
        self, data: bytes, candidates: list[tuple[str, float]], prefix: str, *, snippet: bool,
        ranked: list[tuple[str, float]],
    ) -> Classification | None:
        """After a close call `other` won: the first candidate language whose reading (as for the close call) parses
        cleanly and holds syntax only it writes (TypeScript-only syntax without a Flow pragma, or the C#, Java,
        Python, Go or Rust nodes of `verify.OWN_SYNTAX_QUERIES`) takes the piece (`content+parse+<language>_syntax`),
        or None. The close call cannot tell a clean parse of a language from a text too plain to fail any grammar;
        syntax of its own can (an `export enum` file, a `package a.b;` line). `scripts/langid/count_own_syntax.py`
        gives the counts on the train split (`docs/langid.md`, step 7). With OWN_SYNTAX_SIBLINGS, the sibling of a
        candidate in OWN_SYNTAX_PAIRS is looked at after the candidates (`_own_syntax_siblings`: at the pair's
        probability in `ranked`)."""
        if self.OWN_SYNTAX_SIBLINGS:
            candidates = [*candidates, *self._own_syntax_siblings(candidates, ranked)]
        for label, p in candidates:
            # a script's syntax of its own is TypeScript's, whichever of the two the model named
            language = "typescript" if label in SCRIPT_LANGUAGES else label
            if language in OWN_SYNTAX_LANGUAGES and language in self.languages and clean_own_syntax(
                data, language, snippet=snippet
            ):
                return Classification(language, p, f"{prefix}+parse+{language}_syntax")
        return None

    def _own_syntax_siblings(self, candidates: list[tuple[str, float]],
                             ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """The languages of OWN_SYNTAX_PAIRS paired with a candidate and not candidates themselves (C# for Java, Java
        for C#), each with the pair's probability in `ranked` (capped below certainty, as `_own_syntax_decision`
        reports it): the syntax decides within a pair the model put forward."""
        labels = {label for label, _ in candidates}
        probability_of = dict(ranked)
        siblings: dict[str, float] = {}
        for pair in OWN_SYNTAX_PAIRS:
            for language, partner in (pair, pair[::-1]):
                if partner in labels and language not in labels and language not in siblings:
                    mine = probability_of.get(language, 0.0)
                    siblings[language] = evidence_confidence(mine, mine + probability_of.get(partner, 0.0))
        return list(siblings.items())

    def _code_without_comments_wins(self, sample: str, best: tuple[str, float]) -> bool:
        """Whether the second look's language (`best`, the model's top on the text without comments) takes the text:
        at CODE_WITHOUT_COMMENTS_MIN, or from CODE_WITHOUT_COMMENTS_PARSED_MIN up when that language's grammar parses
        the code left (its snippet reading) cleanly."""
        language, probability = best
        if probability >= self.CODE_WITHOUT_COMMENTS_MIN:
            return True
        if not self.verify_with_parser or probability < self.CODE_WITHOUT_COMMENTS_PARSED_MIN:
            return False
        code = strip_comments(sample)
        return snippet_parse_check(self._parse_data(code), language, snippet=True).clean

    def _own_syntax_decision(
        self, sample: str, ranked: list[tuple[str, float]], prefix: str, *, snippet: bool
    ) -> Classification | None:
        """C# or Java, when the model puts one of them on top and gives the other at least OWN_SYNTAX_RIVAL_MIN:
        each grammar parses the text (a snippet: its best reading) and looks for syntax only its language writes
        (`verify.OWN_SYNTAX_QUERIES`). That language (`content+<language>_syntax`) when its side has some and
        either the other side has none and parses with at least as many ERROR and MISSING nodes, or its side
        parses cleanly and the other does not (each grammar's error recovery finds a few nodes of its own in the
        other language: a Java parameter named `string` is a C# predefined type). Otherwise None, and the usual
        decision follows. On 13,875 pieces of the two languages' training files (2,893 files over their projects,
        their 20-line windows and up to three snippets each) the rule picked the wrong one of the pair 4 times
        (Java windows) and the right one for 9,866 (71%); it is silent on the rest."""
        top = ranked[0][0]
        pair = next((pair for pair in OWN_SYNTAX_PAIRS if top in pair and set(pair) <= set(self.languages)), None)
        if pair is None:
            return None
        probability_of = dict(ranked)
        rival = pair[1] if top == pair[0] else pair[0]
        # one pass of the comment pattern serves both gates: code left at all, and the comment share
        code = strip_comments(sample)
        if not is_enough_code(code):  # nothing but comments (`has_code`): no syntax to find
            return None
        if probability_of.get(rival, 0.0) < self.OWN_SYNTAX_RIVAL_MIN and not self._rival_in_code(sample, code, rival):
            return None
        data = self._parse_data(sample)
        checks = {language: own_syntax_check(data, language, snippet=snippet) for language in pair}
        for language, other_language in ((top, rival), (rival, top)):
            mine, theirs = checks[language], checks[other_language]
            if mine.own_nodes and (
                (not theirs.own_nodes and mine.parse.problems <= theirs.parse.problems)
                or (mine.parse.problems == 0 and theirs.parse.problems > 0)
            ):
                mine_probability = probability_of.get(language, 0.0)
                confidence = evidence_confidence(mine_probability,
                                                 mine_probability + probability_of.get(other_language, 0.0))
                return Classification(language, confidence, f"{prefix}+{language}_syntax")
        return None

    def _rival_in_code(self, sample: str, code: str, rival: str) -> bool:
        """Whether, in a text at least OWN_SYNTAX_COMMENT_SHARE comments, the model gives `rival` at least
        OWN_SYNTAX_RIVAL_MIN on the code alone (`code`: `sample` without its comments)."""
        if len(code) > (1.0 - self.OWN_SYNTAX_COMMENT_SHARE) * len(sample):
            return False
        return dict(self._allowed_ranking(self.model.predict(code), ())).get(rival, 0.0) >= self.OWN_SYNTAX_RIVAL_MIN

    def _snippet_candidates(self, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """The candidates of a snippet's close call: the first, and every other the model gives at least
        SNIPPET_CANDIDATE_MIN."""
        return [(label, p) for index, (label, p) in enumerate(ranked) if index == 0 or p >= self.SNIPPET_CANDIDATE_MIN]

    def _parse_data(self, sample: str) -> bytes:
        """What the content checks parse: a prefix cut at a line end (wrong grammars are slow)."""
        return cut_at_line(sample.encode("utf-8"), min(self.max_parse_bytes, CONTENT_PARSE_BYTES))

    def _close_call(
        self,
        data: bytes,
        candidates: list[tuple[str, float]],
        *,
        parsed: dict[str, ParseCheck] | None = None,
        snippet: bool = False,
    ) -> tuple[str, float]:
        """Parse with the candidate languages only (or take their checks from `parsed`) and weigh their
        parse errors against the model's log-probabilities; `other` has no grammar and keeps its
        log-probability. A snippet is parsed as a snippet (dedented, wrapped or balanced), a longer text with its
        blocks balanced where it does not parse as it is (a prefix cut inside a block; see `verify.best_reading`),
        and a clean parse of it earns SNIPPET_CLEAN_BONUS."""
        parsed = parsed or {}
        # a snippet of nothing but comments: each grammar's reading with the block comment closed comes first
        comment_only = snippet and not has_code(data.decode("utf-8", errors="replace"))
        best_label, best_score, best_probability = candidates[0][0], -math.inf, candidates[0][1]
        for label, p in candidates:
            if label == OTHER:
                score = math.log(p)
            else:
                check = parsed.get(label) or snippet_parse_check(data, label, snippet=snippet, comment_only=comment_only)
                score = math.log(p) - self.PARSE_PENALTY * check.error_fraction
                if snippet and check.clean:
                    score += self.SNIPPET_CLEAN_BONUS
            if score > best_score:
                best_label, best_score, best_probability = label, score, p
        return best_label, best_probability

    def _script_decision(
        self,
        sample: str,
        ranked: list[tuple[str, float]],
        prefix: str,
        *,
        data: bytes | None = None,
        ts: TypeScriptCheck | None = None,
        snippet: bool = False,
    ) -> Classification:
        """JavaScript or TypeScript: TypeScript-only syntax decides; without it, declared functions with untyped
        parameters say JavaScript (UNTYPED_PARAMETERS_MIN); then a module reference (`.ts`: TypeScript; `.mjs`,
        `.cjs`: JavaScript), a `'use strict'` directive, CommonJS lines or an AMD module (JavaScript); without any, the
        model's share of TypeScript within the pair, against a threshold tuned on the dev set (TypeScript that uses no
        TypeScript syntax is still TypeScript, and style is then the only evidence). A snippet is read at its best when
        that parses cleanly."""
        probability_of = dict(ranked)
        script_probability = probability_of.get("javascript", 0.0) + probability_of.get("typescript", 0.0)
        typescript_share = probability_of.get("typescript", 0.0) / script_probability
        directive = self.USE_STRICT and _USE_STRICT.search(sample) is not None
        if not snippet and typescript_share >= self.TYPESCRIPT_SURE_SHARE and not directive:
            # a whole file the model is sure of: parsing it costs more than it changes (dev..dev4: nothing), unless it
            # says `'use strict'`, which TypeScript's own files hardly ever do
            return Classification("typescript", probability_of["typescript"], prefix)
        if 1.0 - typescript_share >= self.JAVASCRIPT_SURE_SHARE and not (
                self.TYPE_SYNTAX_HINT and _TYPE_SYNTAX_HINT.search(strip_comments(sample[: self.model.max_chars]))):
            # so sure of JavaScript that TypeScript-only syntax is not worth a parse, unless the code shows type syntax
            return Classification("javascript", probability_of.get("javascript", 0.0), prefix)
        if ts is None and not has_code(sample):
            # nothing but comments: no TypeScript syntax or parameters to find, the style decides
            return self._script_style_decision(probability_of, typescript_share, prefix)
        if ts is None:
            ts = typescript_check(data if data is not None else self._parse_data(sample),
                                  snippet=snippet and typescript_share < self.SCRIPT_SNIPPET_READING_BELOW)
        def evidence_decides(language: str, evidence: str) -> Classification:
            # evidence, not style
            return Classification(language, evidence_confidence(probability_of.get(language, 0.0), script_probability),
                                  f"{prefix}+{evidence}")

        # TypeScript-only nodes count only where the text parses as TypeScript at all: in a
        # mostly-ERROR parse of something else they are the grammar guessing.
        parses = ts.parse.error_fraction <= self.TYPESCRIPT_MAX_ERROR_FRACTION
        if ts.typescript_only_nodes > 0 and not ts.flow and parses:
            return evidence_decides("typescript", "typescript_syntax")
        untyped = ts.parameters.implicit + ts.parameters.bare_methods if ts.parameters is not None else 0
        if untyped >= self.UNTYPED_PARAMETERS_MIN and parses:
            # declared functions whose parameters go untyped: `noImplicitAny` TypeScript cannot, JavaScript does
            return evidence_decides("javascript", "untyped_parameters")
        if _TYPESCRIPT_REFERENCE.search(sample):
            # (round 10; before the model's sureness of JavaScript instead, it cost dev8 as many files as it won)
            return evidence_decides("typescript", "typescript_reference")
        if self.JAVASCRIPT_REFERENCE and _JAVASCRIPT_REFERENCE.search(sample):
            return evidence_decides("javascript", "javascript_reference")
        if directive:
            return evidence_decides("javascript", "use_strict")
        code = strip_comments(sample) if self.COMMONJS or self.AMD_MODULE else ""
        if self.COMMONJS and _COMMONJS.search(code):
            return evidence_decides("javascript", "commonjs")
        if self.AMD_MODULE and _AMD_MODULE.search(code):
            return evidence_decides("javascript", "amd_module")
        return self._script_style_decision(probability_of, typescript_share, prefix)

    def _script_style_decision(
        self, probability_of: dict[str, float], typescript_share: float, prefix: str
    ) -> Classification:
        """Without TypeScript syntax or untyped parameters: TypeScript from TYPESCRIPT_STYLE_SHARE of the pair up."""
        if typescript_share >= self.TYPESCRIPT_STYLE_SHARE:
            return Classification("typescript", probability_of.get("typescript", 0.0), f"{prefix}+no_typescript_syntax")
        return Classification("javascript", probability_of.get("javascript", 0.0), f"{prefix}+no_typescript_syntax")

    def _other_prior(self, text: str) -> float:
        """OTHER_PRIOR, or COMMENT_ONLY_OTHER_PRIOR for a piece of fewer than SNIPPET_MAX_LINES lines that is nothing
        but C-style comments (it opens with `/`, or with `*` inside a block it was cut out of, and `has_code` finds
        none)."""
        if (self.COMMENT_ONLY_OTHER_PRIOR != self.OTHER_PRIOR and text.lstrip()[:1] in ("/", "*")
                and text.count("\n") < self.SNIPPET_MAX_LINES and not has_code(text)):
            return self.COMMENT_ONLY_OTHER_PRIOR
        return self.OTHER_PRIOR

    def _allowed_ranking(self, prediction: ContentPrediction, candidates: tuple[str, ...], *,
                         other_prior: float | None = None) -> list[tuple[str, float]]:
        """Model probabilities, best first, with languages outside `languages` (or the path's
        candidates) folded into other, whose odds are multiplied by `other_prior` (OTHER_PRIOR by default)."""
        other_prior = self.OTHER_PRIOR if other_prior is None else other_prior
        if not candidates and other_prior == 1.0 and all(
            label == OTHER or label in self.languages for label in prediction.labels
        ):
            # the common case: nothing to fold or renormalise
            return sorted(zip(prediction.labels, prediction.probabilities.tolist()), key=lambda item: (-item[1], item[0]))
        allowed = set(candidates) if candidates else set(self.languages)
        merged: dict[str, float] = {}
        for label, p in zip(prediction.labels, prediction.probabilities.tolist()):
            key = label if label in allowed else OTHER
            merged[key] = merged.get(key, 0.0) + p
        if candidates:
            # the path allows only these languages: renormalise over them
            total = sum(p for label, p in merged.items() if label in allowed) or 1.0
            merged = {label: p / total for label, p in merged.items() if label in allowed}
        elif OTHER in merged and other_prior != 1.0:
            # a prior shift: the trained class weights are one choice, the dev set tunes the balance
            merged[OTHER] *= other_prior
            total = sum(merged.values())
            merged = {label: p / total for label, p in merged.items()}
        return sorted(merged.items(), key=lambda item: (-item[1], item[0]))

    def restrict(self, result: Classification) -> Classification:
        if result.language != OTHER and result.language not in self.languages:
            return Classification(OTHER, result.confidence, f"{result.evidence};unselected:{result.language}")
        return result
