"""The one registry of codemix's target languages: every per-language table derives from it.

A `LanguageSpec` holds what each part of codemix needs to know about a language:

- names: the codemix `name` (config values, metadata, component names), the `display_name` used in prompts,
  and `aliases`, the other names inputs, editors and users give it (`py`, `golang`, `C#`, Emacs modes);
- path evidence: file `extensions`, exact `file_names`, and the shebang `interpreters` that run it (an
  interpreter several languages list, such as `deno`, leaves the choice to the content);
- syntax: the `line_comment` marker and `block_comment` delimiters, the Markdown `fence` info string, and
  the tree-sitter `grammar`
  (module and function of a per-language wheel, plus `dialect_grammars` such as TypeScript's TSX);
- pairing: the `definition_node_types` where an over-long pair may be split, and the `container_node_types`
  (a lone class or namespace) descended into to find them; what makes a file a program's entry point, listed
  first when a program of several files is paired: its name (`entry_file_names`, e.g. `main.go`) or a
  definition matching `entry_pattern` (a multi-line regex, e.g. Java's `public static void main(`);
- snippets: `snippet_wrappers`, the (prefix, suffix) a function- or method-sized piece needs to be a whole
  program of the grammar (a Go `func` without `package`, a Java or C# method without its class).

The seven built-in languages are the paper's, in its order. `register` adds a language (a grammar wheel
and a spec are all it needs to be classified by path, verified by its grammar, paired and planned; the
content model only knows the languages it was trained on, so content-only detection of a new language
needs a retrained model). Derived tables are cached per registry state, so a registration is seen at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

#: Everything that is not one of the registered languages.
OTHER = "other"


@dataclass(frozen=True)
class GrammarRef:
    """A tree-sitter grammar in a per-language wheel: `importlib.import_module(module).<function>()`."""

    module: str
    function: str = "language"


@dataclass(frozen=True)
class LanguageSpec:
    name: str
    display_name: str
    extensions: tuple[str, ...]
    grammar: GrammarRef
    line_comment: str
    fence: str
    block_comment: tuple[str, str] | None = None  # (opening, closing) delimiters, e.g. ("/*", "*/")
    aliases: tuple[str, ...] = ()
    file_names: tuple[str, ...] = ()
    interpreters: tuple[str, ...] = ()
    dialect_grammars: dict[str, GrammarRef] = field(default_factory=dict)
    definition_node_types: frozenset[str] = frozenset()
    container_node_types: frozenset[str] = frozenset()
    entry_file_names: tuple[str, ...] = ()
    entry_pattern: str = ""
    snippet_wrappers: tuple[tuple[str, str], ...] = ()
    # The (opener, closer) of the language's blocks, for languages that delimit them (`{`, `}`): a piece cut out
    # of a file closes blocks it never opened and leaves others open, which a grammar cannot fit.
    block_delimiters: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        if not self.name or not self.name.isidentifier() or self.name != self.name.lower():
            raise ValueError(f"a language name is a lower-case identifier, got {self.name!r}")
        if self.name == OTHER:
            raise ValueError(f"{OTHER!r} is reserved for everything that is not a registered language")
        bad = [e for e in self.extensions if not e.startswith(".") or e != e.lower()]
        if bad:
            raise ValueError(f"{self.name}: extensions start with '.' and are lower case, got {bad}")
        if self.entry_pattern:
            try:
                re.compile(self.entry_pattern, re.MULTILINE)
            except re.error as error:
                raise ValueError(f"{self.name}: entry_pattern is not a regular expression: {error}") from None


# A method cut out of its class (`get(key) { ... }`, `public int Size() { ... }`) parses inside one.
_CLASS_WRAPPER = (("class Snippet {\n", "\n}\n"),)
_BRACES = ("{", "}")
_JS_TS_DEFINITIONS = frozenset({"function_declaration", "generator_function_declaration", "class_declaration",
                                "export_statement", "lexical_declaration", "method_definition"})
# Node's idiom for "run as a script": the module that is the program's entry point.
_NODE_MAIN_MODULE = r"\brequire\.main\s*===?\s*module\b"

BUILTIN_LANGUAGES: tuple[LanguageSpec, ...] = (
    LanguageSpec(
        name="python", display_name="Python", extensions=(".py", ".pyw", ".pyi"),
        grammar=GrammarRef("tree_sitter_python"), line_comment="#", fence="python",
        aliases=("py", "python3", "python2"), file_names=("SConstruct", "SConscript", "wscript"),
        interpreters=("python", "pypy"),
        definition_node_types=frozenset({"function_definition", "class_definition", "decorated_definition"}),
        container_node_types=frozenset({"class_definition"}),
        entry_file_names=("__main__.py", "main.py"),
        entry_pattern=r"^if\s+__name__\s*==\s*['\"]__main__['\"]\s*:",
    ),
    LanguageSpec(
        name="java", display_name="Java", extensions=(".java",),
        grammar=GrammarRef("tree_sitter_java"), line_comment="//", block_comment=("/*", "*/"), fence="java",
        interpreters=("java", "jbang"),
        definition_node_types=frozenset({"method_declaration", "constructor_declaration", "class_declaration",
                                         "interface_declaration", "enum_declaration", "record_declaration"}),
        container_node_types=frozenset({"class_declaration"}),
        entry_file_names=("Main.java",),
        entry_pattern=r"\b(?:public\s+static|static\s+public)\s+void\s+main\s*\(",
        snippet_wrappers=_CLASS_WRAPPER, block_delimiters=_BRACES,
    ),
    LanguageSpec(
        name="javascript", display_name="JavaScript", extensions=(".js", ".mjs", ".cjs", ".jsx"),
        grammar=GrammarRef("tree_sitter_javascript"), line_comment="//", fence="javascript",
        block_comment=("/*", "*/"),
        aliases=("js", "node", "js2", "rjsx", "javascriptreact", "jsx"),
        interpreters=("node", "nodejs", "qjs", "rhino", "gjs", "deno", "bun"),
        definition_node_types=_JS_TS_DEFINITIONS,
        container_node_types=frozenset({"class_declaration"}),
        entry_file_names=("index.js", "main.js", "index.mjs", "main.mjs", "index.cjs", "main.cjs", "index.jsx"),
        entry_pattern=_NODE_MAIN_MODULE,
        snippet_wrappers=_CLASS_WRAPPER, block_delimiters=_BRACES,
    ),
    LanguageSpec(
        name="typescript", display_name="TypeScript", extensions=(".ts", ".mts", ".cts", ".tsx"),
        grammar=GrammarRef("tree_sitter_typescript", "language_typescript"), line_comment="//", fence="typescript",
        block_comment=("/*", "*/"),
        aliases=("ts", "typescriptreact", "tsx"),
        interpreters=("ts-node", "ts-node-esm", "tsx", "esno", "deno", "bun"),
        dialect_grammars={"tsx": GrammarRef("tree_sitter_typescript", "language_tsx")},
        definition_node_types=_JS_TS_DEFINITIONS | {"interface_declaration"},
        container_node_types=frozenset({"class_declaration"}),
        entry_file_names=("index.ts", "main.ts", "index.mts", "main.mts", "index.cts", "main.cts", "index.tsx"),
        entry_pattern=_NODE_MAIN_MODULE,
        snippet_wrappers=_CLASS_WRAPPER, block_delimiters=_BRACES,
    ),
    LanguageSpec(
        name="csharp", display_name="C#", extensions=(".cs", ".csx"),
        grammar=GrammarRef("tree_sitter_c_sharp"), line_comment="//", block_comment=("/*", "*/"), fence="csharp",
        aliases=("c#", "cs", "c-sharp", "c_sharp"),
        interpreters=("dotnet-script", "csi", "scriptcs"),
        definition_node_types=frozenset({"method_declaration", "constructor_declaration", "class_declaration",
                                         "struct_declaration", "interface_declaration", "record_declaration"}),
        container_node_types=frozenset({"namespace_declaration", "class_declaration"}),
        entry_file_names=("Program.cs",),
        entry_pattern=r"\bstatic\s+(?:async\s+)?(?:void|int|Task|Task<int>)\s+Main\s*\(",
        snippet_wrappers=_CLASS_WRAPPER, block_delimiters=_BRACES,
    ),
    LanguageSpec(
        name="go", display_name="Go", extensions=(".go",),
        grammar=GrammarRef("tree_sitter_go"), line_comment="//", block_comment=("/*", "*/"), fence="go",
        aliases=("golang",), interpreters=("gorun", "go"),
        definition_node_types=frozenset({"function_declaration", "method_declaration"}),
        entry_file_names=("main.go",),
        entry_pattern=r"^func\s+main\s*\(\s*\)",
        snippet_wrappers=(("package snippet\n", ""),), block_delimiters=_BRACES,
    ),
    LanguageSpec(
        name="rust", display_name="Rust", extensions=(".rs",),
        grammar=GrammarRef("tree_sitter_rust"), line_comment="//", block_comment=("/*", "*/"), fence="rust",
        aliases=("rs", "rustic"), interpreters=("rust-script", "run-cargo-script", "cargo"),
        definition_node_types=frozenset({"function_item", "impl_item", "trait_item"}),
        entry_file_names=("main.rs", "lib.rs"),
        entry_pattern=r"^(?:pub\s+)?(?:async\s+)?fn\s+main\s*\(",
        block_delimiters=_BRACES,
    ),
)

_registry: dict[str, LanguageSpec] = {spec.name: spec for spec in BUILTIN_LANGUAGES}
_generation = 0  # bumped by every change of the registry: the key of the derived tables' caches


class UnknownLanguageError(ValueError):
    """A language name that is not registered."""


def names() -> tuple[str, ...]:
    """The registered languages, built-in ones first in the paper's order, then in registration order."""
    return tuple(_registry)


def get(name: str) -> LanguageSpec:
    try:
        return _registry[name]
    except KeyError:
        raise UnknownLanguageError(f"unknown language {name!r}; known: {', '.join(_registry)}") from None


def is_registered(name: object) -> bool:
    return isinstance(name, str) and name in _registry


def register(spec: LanguageSpec) -> None:
    """Add a language. Its extensions, file names and aliases must not be claimed by another language."""
    global _generation
    if spec.name in _registry:
        raise ValueError(f"language {spec.name!r} is already registered")
    for other in _registry.values():
        for attribute in ("extensions", "file_names"):
            shared = set(getattr(spec, attribute)) & set(getattr(other, attribute))
            if shared:
                raise ValueError(f"{spec.name}: {attribute} {sorted(shared)} already belong to {other.name}")
        shared = ({spec.name, *spec.aliases} & {other.name, *other.aliases})
        if shared:
            raise ValueError(f"{spec.name}: names {sorted(shared)} already belong to {other.name}")
    _registry[spec.name] = spec
    _generation += 1


def unregister(name: str) -> None:
    global _generation
    if name in {spec.name for spec in BUILTIN_LANGUAGES}:
        raise ValueError(f"{name!r} is built in and cannot be unregistered")
    get(name)
    del _registry[name]
    _generation += 1


@contextmanager
def registered(spec: LanguageSpec) -> Iterator[LanguageSpec]:
    """`register(spec)` for the duration of a block (tests, scripts)."""
    register(spec)
    try:
        yield spec
    finally:
        unregister(spec.name)


# --- derived tables ---------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _tables(generation: int) -> dict[str, dict]:
    extensions: dict[str, str] = {}
    file_names: dict[str, str] = {}
    aliases: dict[str, str] = {}
    interpreters: dict[str, list[str]] = {}
    grammars: dict[str, GrammarRef] = {}
    for spec in _registry.values():
        extensions.update(dict.fromkeys(spec.extensions, spec.name))
        file_names.update(dict.fromkeys(spec.file_names, spec.name))
        for alias in (spec.name, spec.display_name, *spec.aliases):
            aliases[alias.lower()] = spec.name
        for program in spec.interpreters:
            interpreters.setdefault(program, []).append(spec.name)
        grammars[spec.name] = spec.grammar
        grammars.update(spec.dialect_grammars)
    return {
        "extensions": extensions,
        "file_names": file_names,
        "aliases": aliases,
        # an interpreter that runs several languages (deno, bun) names them all: the content decides
        "interpreters": {p: langs[0] if len(langs) == 1 else tuple(langs) for p, langs in interpreters.items()},
        "grammars": grammars,
    }


def extension_languages() -> dict[str, str]:
    """File extension (lower case, with the dot) -> language."""
    return _tables(_generation)["extensions"]


def file_name_languages() -> dict[str, str]:
    """Exact file name -> language (build files of Python tools are Python whatever their extension)."""
    return _tables(_generation)["file_names"]


def interpreter_languages() -> dict[str, str | tuple[str, ...]]:
    """Shebang interpreter -> its language, or the tuple of languages it runs."""
    return _tables(_generation)["interpreters"]


def grammar_refs() -> dict[str, GrammarRef]:
    """Grammar name (a language, or a dialect such as `tsx`) -> where its tree-sitter grammar lives."""
    return _tables(_generation)["grammars"]


def language_of_name(value: object) -> str | None:
    """The registered language a name stands for, case-insensitively (`Python`, `py`, `C#`, `golang`);
    None when it names none."""
    if value is None:
        return None
    return _tables(_generation)["aliases"].get(str(value).strip().lower())


def display_name(name: str) -> str:
    return get(name).display_name
