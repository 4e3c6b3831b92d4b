"""tree-sitter as a verifier: parse only with the grammar(s) in question, on a capped prefix.

The TypeScript grammar accepts plain JavaScript, so a clean TypeScript parse proves nothing against
JavaScript; what does is TypeScript-only syntax (type annotations, interfaces, generics, `as`, ...),
found by a tree-sitter query that runs in C and stops after the first few matches. Without it, declared
functions whose parameters go untyped (`parameter_types`) say JavaScript: strict TypeScript must annotate them.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import tree_sitter

from codemix import languages
from codemix.grammars import ParseCheck, check_tree, get_language, given_up_check, parse_within

# Node kinds of the TypeScript grammar that plain JavaScript cannot produce.
TYPESCRIPT_ONLY_NODES: tuple[str, ...] = (
    "type_annotation",
    "interface_declaration",
    "type_alias_declaration",
    "enum_declaration",
    "abstract_class_declaration",
    "accessibility_modifier",
    "as_expression",
    "satisfies_expression",
    "non_null_expression",
    "type_arguments",
    "type_parameters",
    "implements_clause",
    "ambient_declaration",
    "internal_module",
    "optional_parameter",
    "type_assertion",
    "index_signature",
    "function_signature",
    "abstract_method_signature",
    "override_modifier",
    "import_alias",
    "import_require_clause",
)
# The wrapper a method-sized TypeScript snippet is read in (`languages.LanguageSpec.snippet_wrappers`).
_SNIPPET_CLASS = languages.get("typescript").snippet_wrappers[0][0].encode("utf-8")
# TypeScript-only keywords the grammar keeps as anonymous tokens of JavaScript nodes: type-only imports and exports
# (`import type { A }`, `export type { B }`, `import { type C }`) and `readonly` class fields. (Not `export { type D }`:
# the grammar reads JavaScript's `export { type }`, a binding named `type`, as that with a MISSING name.)
TYPESCRIPT_ONLY_KEYWORDS = (
    '[(import_statement "type") (export_statement "type") (import_specifier "type")'
    ' (public_field_definition "readonly")] @typescript_only'
)
# Whether a JavaScript or TypeScript snippet's readings (`_variants`) include the value that holds it
# (`balance_script_brackets`). Round 10: typescript_check's, where no other reading parses cleanly. Round 24: every
# reading's, so the close call's too: `balance_blocks` closes braces only, so a window cut inside a call's arguments
# (`Snap.plugin(function (...) {`, `describe("x", () => {`) never parsed as a script, and the close call held a third
# of its bytes in ERROR nodes against JavaScript while Go's error recovery fitted it better (dev6-dev22: 44 windows
# more right, 1 lost, a Vue component's script; 1 `other` snippet, a JSON array's tail, let in).
SCRIPT_VALUE_READING = True
# The script pair: the TypeScript grammar reads both, and the classifier weighs the pair first, then which of the two.
SCRIPT_LANGUAGES = ("javascript", "typescript")
# Flow (a JavaScript type checker) uses the same annotation syntax; its files say so in a pragma.
_FLOW_PRAGMA = re.compile(rb"@flow\b|@noflow\b")


def _has_flow_pragma(data: bytes) -> bool:
    """A `@flow` (or `@noflow`) pragma in the head of the text: its annotations are Flow's, the language JavaScript."""
    return _FLOW_PRAGMA.search(data[:2048]) is not None


# JSX needs the TSX grammar (the TypeScript grammar reads `<T>x` as a type assertion).
_JSX_HINT = re.compile(rb"</[A-Za-z]|/>|<[A-Z][A-Za-z]*[\s>]")


@lru_cache(maxsize=None)
def _typescript_query(grammar: str) -> tree_sitter.Query:
    language = get_language(grammar)
    # The TSX grammar has no `type_assertion` (`<T>x` is JSX there): query only the kinds it knows.
    kinds = [kind for kind in TYPESCRIPT_ONLY_NODES if language.id_for_node_kind(kind, True)]
    pattern = "[" + " ".join(f"({kind})" for kind in kinds) + "] @typescript_only " + TYPESCRIPT_ONLY_KEYWORDS
    return tree_sitter.Query(language, pattern)


def cut_at_line(data: bytes, max_bytes: int) -> bytes:
    """At most `max_bytes` of `data`, cut after the last complete line so no token is split."""
    if len(data) <= max_bytes:
        return data
    cut = data.rfind(b"\n", 0, max_bytes)
    return data[: cut + 1] if cut > 0 else data[:max_bytes]


def parse(data: bytes, language: str) -> tree_sitter.Tree | None:
    """Parse with `language`'s grammar (TypeScript: the TSX grammar when the text looks like JSX); None when the
    parse ran past `grammars.PARSE_PROGRESS_CALLS_MAX` and was given up."""
    grammar = "tsx" if language == "typescript" and _JSX_HINT.search(data) else language
    return parse_within(grammar, data)


def parse_check(data: bytes, language: str) -> ParseCheck:
    """Parse with `language`'s grammar and count ERROR and MISSING nodes (a parse given up: all of it)."""
    tree = parse(data, language)
    if tree is None:
        return given_up_check(language, total_bytes=len(data))
    return check_tree(tree, language, total_bytes=len(data))


def balance_blocks(text: str, delimiters: tuple[str, str]) -> str:
    """`text` with the openers of the blocks it closes but never opens put before it, and closers for the
    blocks it leaves open put after it: a window cut out of a file, or a file's prefix, as a whole program.
    Delimiters inside strings and comments are counted too (they are mostly balanced there)."""
    opener, closer = delimiters
    depth = lowest = 0
    for match in re.finditer(f"{re.escape(opener)}|{re.escape(closer)}", text):
        depth += 1 if match.group() == opener else -1
        lowest = min(lowest, depth)
    if not lowest and depth == lowest:
        return text
    head = (opener + "\n") * -lowest
    tail = ("\n" if text and not text.endswith("\n") else "") + (closer + "\n") * (depth - lowest)
    return head + text + tail


# Languages whose blocks are their lines' indentation (a window cut out of a Python method starts indented and
# dedents past its first line as the blocks around it close: as it is, or only dedented, a grammar reads most of it
# as errors; `open_indented_blocks` opens those blocks before it).
INDENTED_BLOCK_LANGUAGES = frozenset({"python"})
# The opener that lets a block's next line at its level parse: an `except` or `finally` continues a `try`, an
# `elif` or `else` an `if`; anything else follows an `if` as a statement.
_TRY_CONTINUATION = re.compile(r"(?:except|finally)\b")


def open_indented_blocks(text: str) -> str | None:
    """`text` (dedented) with a block opened before it for each indentation level its lines dedent to below its first
    line's: `try:` where the level's first line is an `except` or `finally`, `if 1:` otherwise; None when its first
    line is not indented. Comment lines do not count."""
    code_lines = [line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    if not code_lines:
        return None
    def width(line: str) -> int:
        return len(line) - len(line.lstrip())
    first = width(code_lines[0])
    if not first:
        return None
    first_at: dict[int, str] = {}
    for line in code_lines[1:]:
        level = width(line)
        if level < first:
            first_at.setdefault(level, line.lstrip())
    first_at.setdefault(0, "")
    head = "".join(" " * level + ("try:" if _TRY_CONTINUATION.match(first_at[level]) else "if 1:") + "\n"
                   for level in sorted(first_at))
    return head + text


# Strings that span lines, by language: a window cut inside one (a docstring) leaves it open or closes one it never
# opened, and the rest of the string is then read as code. Python's triple-quoted strings only: the braces languages'
# raw strings (Go's backquotes, C#'s verbatim strings, Rust's `r#"`) are rarer in windows and balanced as blocks.
LONG_STRING_QUOTES: dict[str, tuple[str, ...]] = {"python": ('"""', "'''")}


def close_long_strings(text: str, language: str) -> list[str]:
    """`text` with the long string it leaves open closed after it, and with the one it closes but never opens opened
    before it, for each of `language`'s LONG_STRING_QUOTES that occurs an odd number of times; [] when none does."""
    closed = []
    for quote in LONG_STRING_QUOTES.get(language, ()):
        if text.count(quote) % 2:
            closed += [text + ("" if text.endswith("\n") else "\n") + quote + "\n", quote + text]
    return closed


# Brackets of a JavaScript or TypeScript piece, outside comments, strings and template literals.
_SCRIPT_BRACKET_TOKENS = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"|`(?:\\.|[^`\\])*`|[()\[\]{}]",
    re.DOTALL,
)
_CLOSER_OF = {"(": ")", "[": "]", "{": "}"}
_OPENER_OF = {closer: opener for opener, closer in _CLOSER_OF.items()}


def balance_script_brackets(text: str) -> str | None:
    """A JavaScript or TypeScript piece cut out of a file (a 20-line window) as an expression that holds it: the
    brackets it closes but never opens are opened before it as values (`_ = {` outermost, `_: {` inside an object,
    bare inside parentheses or an array), and the brackets it leaves open are closed after it, innermost first. A
    piece whose brackets are balanced and that ends with a comma (an object literal's method, cut with the comma after
    it) is read as the members of an object (`_ = {` before it, `}` after it); any other balanced piece: None. Most
    windows of a script are cut inside an object literal (a Vue component's options, a config, a call's argument),
    where `balance_blocks`' statement blocks read `key: value,` as errors."""
    open_brackets: list[str] = []
    unopened: list[str] = []  # closers without an opener, innermost first
    for match in _SCRIPT_BRACKET_TOKENS.finditer(text):
        token = match.group()
        if token in _CLOSER_OF:
            open_brackets.append(token)
        elif token in _OPENER_OF:
            if open_brackets:
                open_brackets.pop()
            else:
                unopened.append(token)
    if not open_brackets and not unopened:
        return "_ = {\n" + text + ("" if text.endswith("\n") else "\n") + "}\n" if text.rstrip().endswith(",") else None
    head, container = "", None
    for closer in reversed(unopened):  # outermost first
        opener = _OPENER_OF[closer]
        head += f"_ = {opener}\n" if container is None else f"_: {opener}\n" if container == "{" else f"{opener}\n"
        container = opener
    tail = "".join(_CLOSER_OF[opener] for opener in reversed(open_brackets))
    return head + text + ("" if text.endswith("\n") else "\n") + tail + ("\n" if tail else "")


def close_block_comments(text: str, language: str) -> str | None:
    """`text` with the block comment it closes but never opens opened before it, and the one it leaves open closed
    after it, in `language`'s `block_comment` delimiters; None when it does neither. A window cut out of a licence
    header or a doc comment is prose to every grammar: read as it is, the grammar fails on the prose and the close
    call holds the failure against the language. Only delimiters where a comment's own lines put them count: the
    closer that ends a line, the opener that starts one (a glob such as `src/**/*.js` in a string or in prose
    would otherwise turn the rest of the text into a comment)."""
    spec = languages.get(language) if languages.is_registered(language) else None
    if spec is None or spec.block_comment is None:
        return None
    opener, closer = spec.block_comment
    if opener not in text and closer not in text:
        return None
    inside = opened = closes_unopened = False
    last_opener = -1
    for match in re.finditer(f"{re.escape(opener)}|{re.escape(closer)}", text):
        if match.group() == opener:
            inside = opened = True
            last_opener = match.start()
        elif inside:
            inside = False
        elif not opened:
            line_end = text.find("\n", match.end())
            closes_unopened = not text[match.end() : line_end if line_end >= 0 else len(text)].strip()
            opened = True  # only the first closer can close a comment begun before the text
    leaves_open = inside and not text[text.rfind("\n", 0, last_opener) + 1 : last_opener].strip()
    if not (closes_unopened or leaves_open):
        return None
    head = opener + "\n" if closes_unopened else ""
    tail = ("" if text.endswith("\n") else "\n") + closer + "\n" if leaves_open else ""
    return head + text + tail


def _variants(data: bytes, language: str, *, snippet: bool = True, clean_only: bool = False) -> list[bytes]:
    """Other ways to read a piece of code as a whole program of `language`. A snippet: dedented (a method cut
    out of an indented class body), inside each of the language's `snippet_wrappers` (a Go `func` without
    `package`, a Java or C# method without its class), and each of these with its blocks balanced (see
    `balance_blocks`; a window cut out of a file), a script's also as the value that holds it
    (`balance_script_brackets`, SCRIPT_VALUE_READING), and each of these again with a block comment it was cut inside
    closed (`close_block_comments`). Not a snippet (a file's prefix): with its blocks balanced.
    `clean_only`: only a clean reading is wanted, and a language with block delimiters (whose grammar ignores
    indentation) parses the dedented text cleanly only if it parses the text so: that variant is left out."""
    text = data.decode("utf-8", errors="replace")
    # a snippet cut inside a block comment: each reading again with the comment closed (after the others, which keep
    # their order and cost)
    commented = close_block_comments(text, language) if snippet else None
    also = [commented.encode("utf-8"), *_variants(commented.encode("utf-8"), language, snippet=snippet,
                                                  clean_only=clean_only)] if commented is not None else []
    spec = languages.get(language) if languages.is_registered(language) else None
    delimiters = spec.block_delimiters if spec is not None else None
    strings = close_long_strings(text, language)
    if not snippet:
        balanced = balance_blocks(text, delimiters) if delimiters else text
        return [variant.encode("utf-8") for variant in ([balanced] if balanced != text else []) + strings] + also
    dedented = textwrap.dedent(text)
    bodies = [text] if dedented == text else [text, dedented]
    variants = ([dedented] if dedented != text and not (clean_only and delimiters) else []) + strings
    if dedented != text:
        variants += close_long_strings(dedented, language)
    wrappers = spec.snippet_wrappers if spec is not None else ()
    balanced = balance_blocks(bodies[-1], delimiters) if delimiters else bodies[-1]
    if not (clean_only and balanced != bodies[-1]):  # a wrapped text with unbalanced blocks hardly parses cleanly
        variants += [prefix + bodies[-1] + suffix for prefix, suffix in wrappers]
    if balanced != bodies[-1]:
        variants += [balanced] + [prefix + balanced + suffix for prefix, suffix in wrappers]
    if SCRIPT_VALUE_READING and language in SCRIPT_LANGUAGES:
        # brackets of every kind, opened and closed as values: after the block readings, which keep their cost
        held = balance_script_brackets(bodies[-1])
        if held is not None and held not in variants:
            variants.append(held)
    if language in INDENTED_BLOCK_LANGUAGES and not clean_only:
        opened = open_indented_blocks(bodies[-1])
        if opened is not None:
            variants.append(opened)
    return [variant.encode("utf-8") for variant in variants] + also


def best_reading(data: bytes, language: str, *, snippet: bool = True, clean_only: bool = False,
                 as_it_is: tuple[tree_sitter.Tree, ParseCheck] | None = None,
                 comment_only: bool = False) -> tuple[tree_sitter.Tree | None, ParseCheck]:
    """The best parse of a piece of code under `language`'s grammar: as it is, or one of its `_variants`
    (fewest bytes in ERROR nodes, then fewest ERROR and MISSING nodes). The counts are of the best reading,
    the error bytes capped at the piece's own size, so the error fraction stays in [0, 1]. A text that
    parses cleanly as it is costs one parse. The tree is None only when every parse was given up (then the check
    counts every byte as an error).

    `comment_only`: the caller knows the snippet holds nothing but comments (a window cut out of a licence header),
    so the reading with its block comment closed is parsed first: when it is clean, so is the best reading (it is one
    of the variants), and the others, each a grammar's error recovery over prose (a few milliseconds apiece), are
    never parsed. The check is the same; the tree holds comments only either way."""
    tree: tree_sitter.Tree | None
    if comment_only and snippet and as_it_is is None:
        commented = close_block_comments(data.decode("utf-8", errors="replace"), language)
        commented_tree = parse(commented.encode("utf-8"), language) if commented is not None else None
        if commented_tree is not None and not commented_tree.root_node.has_error:
            return commented_tree, ParseCheck(language=language, error_nodes=0, missing_nodes=0, error_bytes=0,
                                              total_bytes=len(data))
    if as_it_is is not None:  # the caller has parsed the text as it is already
        tree, best = as_it_is
    else:
        tree = parse(data, language)
        best = check_tree(tree, language, total_bytes=len(data)) if tree is not None else given_up_check(
            language, total_bytes=len(data))
    if best.clean:
        return tree, best
    for variant in _variants(data, language, snippet=snippet, clean_only=clean_only):
        variant_tree = parse(variant, language)
        if variant_tree is None:
            continue
        check = check_tree(variant_tree, language, total_bytes=len(variant))
        if (check.error_bytes, check.problems) < (best.error_bytes, best.problems):
            tree = variant_tree
            best = ParseCheck(language=language, error_nodes=check.error_nodes, missing_nodes=check.missing_nodes,
                              error_bytes=min(check.error_bytes, len(data)), total_bytes=len(data))
            if best.clean:
                break
    return tree, best


def snippet_parse_check(data: bytes, language: str, *, snippet: bool = True, comment_only: bool = False) -> ParseCheck:
    """The check of `best_reading` (a snippet: dedented, wrapped or balanced; a file's prefix: balanced)."""
    return best_reading(data, language, snippet=snippet, comment_only=comment_only)[1]


# Node kinds whose text is not code of the grammar: a markup line inside one of them is fine.
_TEXT_NODE_PARTS = ("comment", "string", "text_block", "heredoc", "jsx")


def lines_outside_grammar(data: bytes, language: str, starts: list[int]) -> int:
    """How many of the lines beginning at the byte offsets `starts` lie in an ERROR (or MISSING) node of
    `language`'s parse, outside any comment, string or JSX text (all of them when the parse was given up)."""
    tree = parse(data, language)
    if tree is None:
        return len(starts)
    root = tree.root_node
    outside = 0
    for start in starts:
        node: tree_sitter.Node | None = root.descendant_for_byte_range(start, start + 1)
        while node is not None:
            if any(part in node.type for part in _TEXT_NODE_PARTS):
                break
            if node.is_error or node.is_missing:
                outside += 1
                break
            node = node.parent
    return outside


@dataclass(frozen=True, slots=True)
class TypeScriptCheck:
    parse: ParseCheck  # under the TypeScript (or TSX) grammar
    typescript_only_nodes: int  # capped at `limit`
    flow: bool  # the file carries a Flow pragma: annotations are Flow's, the language is JavaScript
    grammar: str
    # how the declared functions type their parameters; counted only where no TypeScript-only node was found
    parameters: ParameterTypes | None = None


def typescript_check(data: bytes, *, tsx: bool | None = None, limit: int = 3, snippet: bool = False) -> TypeScriptCheck:
    """Parse with the TypeScript (or TSX) grammar and count TypeScript-only nodes, up to `limit`, and where there are
    none, how the declared functions type their parameters. A snippet in which the parse as it is finds neither
    TypeScript syntax nor untyped parameters, and has errors, is read at its best (`best_reading`: a method cut out of
    its class parses inside a class, a window with its blocks balanced) when that reading parses cleanly, so its
    methods and their parameters are seen as such. A snippet cut inside a block comment is read with the comment
    opened (or, left open at its end, closed: `close_block_comments`) from the start (round 21: dev6-dev19, 26
    windows more right, nothing lost)."""
    if snippet:
        # a window cut inside a doc comment: read with the comment opened (and one it leaves open closed), or the
        # grammar reads the comment's prose as code and the piece's functions as ERROR nodes, their parameters unseen
        mended = close_block_comments(data.decode("utf-8", errors="replace"), "typescript")
        if mended is not None:
            data = mended.encode("utf-8")
    if tsx is None:
        tsx = bool(_JSX_HINT.search(data))
    grammar = "tsx" if tsx else "typescript"
    tree = parse_within(grammar, data)
    if tree is None:  # given up: no TypeScript syntax is found in what the grammar could not fit within its bound
        return TypeScriptCheck(parse=given_up_check("typescript", total_bytes=len(data)), typescript_only_nodes=0,
                               flow=_has_flow_pragma(data), grammar=grammar)
    result = _typescript_reading(tree, check_tree(tree, "typescript", total_bytes=len(data)), grammar, data, limit=limit)
    undecided = not result.typescript_only_nodes and not (result.parameters and result.parameters.implicit)
    if snippet and undecided and not result.parse.clean and tsx == bool(_JSX_HINT.search(data)):
        # only a reading that fits the whole piece: in a partial one, a window cut inside an object literal reads
        # `key: value` as a class field with a type, or a doc comment's `@api public` as a modifier
        best_tree, best_check = best_reading(data, "typescript", snippet=True, clean_only=True,  # same grammar
                                             as_it_is=(tree, result.parse))
        # (a window cut inside an object literal or a call's arguments: read as the value that holds it, the last
        # reading, SCRIPT_VALUE_READING)
        if best_check.clean and best_tree is not None:
            wrapped = best_tree.root_node.text.startswith(_SNIPPET_CLASS) and not data.lstrip().startswith(_SNIPPET_CLASS)
            result = _typescript_reading(best_tree, best_check, grammar, data, limit=limit, wrapped=wrapped)
    return result


def _typescript_reading(tree: tree_sitter.Tree, check: ParseCheck, grammar: str, data: bytes, *, limit: int,
                        wrapped: bool = False) -> TypeScriptCheck:
    """The TypeScript check of one reading (`tree`) of `data`."""
    query = _typescript_query(grammar)
    found = 0
    size = tree.root_node.end_byte
    # a field at the top of the wrapper class is as likely a window cut inside an object literal (`key: value,`)
    skip = _wrapper_field(tree) if wrapped else None
    # Query a small first range, then the rest: most TypeScript shows itself early, and a match list
    # over a whole large file would cost Python objects for every annotation.
    for start, end in ((0, 4096), (4096, size)):
        if start >= size or found >= limit:
            break
        cursor = tree_sitter.QueryCursor(query)
        cursor.set_byte_range(start, max(end, start + 1))
        found = _count_outside_errors(cursor, tree, found=found, limit=limit, skip=skip)
    return TypeScriptCheck(
        parse=check,
        typescript_only_nodes=min(found, limit),
        flow=_has_flow_pragma(data),
        grammar=grammar,
        parameters=_script_parameters(tree, grammar, data, limit=limit, wrapped=wrapped) if not found else None,
    )


def _script_parameters(tree: tree_sitter.Tree, grammar: str, data: bytes, *, limit: int, wrapped: bool) -> ParameterTypes:
    counted = parameter_types(tree, grammar, limit=limit, wrapped=wrapped)
    if counted.bare_methods and data.rstrip().endswith(b","):
        # `name(a, b) { ... },`: a member of an object literal, often an argument, whose context types it
        return ParameterTypes(implicit=counted.implicit, annotated=counted.annotated)
    return counted


# C# and Java write much the same statements and expressions; what tells them apart is syntax each
# grammar has and the other language never writes. Under the C# grammar: `using` directives, namespaces,
# properties and their accessors, attributes, `foreach`, verbatim and interpolated strings, `?.`, `is`/`as`,
# structs, delegates, events, operators, indexers, `=>` lambdas and the lower-case predefined types Java
# lacks (`string`, `bool`, `object`, `decimal`). Under the Java grammar: `package` and `import`
# declarations, annotations, `throws`, `extends`/`implements` clauses, `for (T x : xs)`, `instanceof`,
# `boolean`, `synchronized` blocks, try-with-resources. Counted outside ERROR nodes only, in a parse with at
# most half its bytes in ERROR nodes (as the TypeScript check); how often each fired on the other
# language's training files is in `docs/langid.md`.
OWN_SYNTAX_QUERIES: dict[str, str] = {
    "csharp": (
        "[(using_directive) (namespace_declaration) (file_scoped_namespace_declaration) (property_declaration)"
        " (accessor_list) (attribute_list) (foreach_statement) (verbatim_string_literal)"
        " (interpolated_string_expression) (conditional_access_expression) (is_pattern_expression) (as_expression)"
        " (struct_declaration) (delegate_declaration) (event_field_declaration) (event_declaration)"
        " (operator_declaration) (indexer_declaration) (lambda_expression)] @own"
        ' ((predefined_type) @own (#any-of? @own "string" "bool" "object" "decimal"))'
    ),
    "java": (
        "[(package_declaration) (import_declaration) (marker_annotation) (annotation) (throws) (superclass)"
        " (super_interfaces) (enhanced_for_statement) (instanceof_expression) (boolean_type)"
        " (synchronized_statement) (try_with_resources_statement)] @own"
    ),
    # Round 21: Python, Go and Rust, for the rule that lets syntax of a language's own overrule a weak `other`
    # (`LanguageClassifier._own_syntax_over_other`; C# and Java alone are a pair). Python: `def`, `class`, `import`,
    # `from ... import`, decorators. Go: `:=`, `go` and `defer` statements, channel types, methods, `type` and
    # `import` declarations (not `package x` nor a plain `func f()`, which Scala and Swift write as Go does). Rust:
    # `use`, `let`, `impl`, `mod`, macro calls, attributes, lifetimes, `match`. What the train split's pieces of each
    # kind read so is in `docs/langid.md` (scripts/langid/count_own_syntax.py).
    "python": "[(function_definition) (class_definition) (import_statement) (import_from_statement) (decorator)] @own",
    "go": (
        "[(short_var_declaration) (go_statement) (defer_statement) (channel_type) (method_declaration)"
        " (type_declaration) (import_declaration)] @own"
    ),
    "rust": (
        "[(use_declaration) (let_declaration) (impl_item) (macro_invocation) (attribute_item) (lifetime)"
        " (match_expression) (mod_item)] @own"
    ),
}
OWN_SYNTAX_MAX_ERROR_FRACTION = 0.5


@lru_cache(maxsize=None)
def _own_syntax_query(language: str) -> tree_sitter.Query:
    return tree_sitter.Query(get_language(language), OWN_SYNTAX_QUERIES[language])


@dataclass(frozen=True, slots=True)
class OwnSyntaxCheck:
    parse: ParseCheck  # of the reading the nodes were counted in (as it is, dedented or wrapped)
    own_nodes: int  # nodes of OWN_SYNTAX_QUERIES[language] outside ERROR nodes, capped at `limit`


def own_syntax_check(data: bytes, language: str, *, snippet: bool = False, limit: int = 3) -> OwnSyntaxCheck:
    """Parse `data` with `language`'s grammar (its best reading, see `best_reading`) and count the nodes only
    that language writes (OWN_SYNTAX_QUERIES), outside ERROR nodes, up to `limit`; none are counted when more
    than OWN_SYNTAX_MAX_ERROR_FRACTION of the bytes lie in ERROR nodes."""
    tree, check = best_reading(data, language, snippet=snippet)
    found = 0
    if tree is not None and check.error_fraction <= OWN_SYNTAX_MAX_ERROR_FRACTION:
        found = _count_outside_errors(tree_sitter.QueryCursor(_own_syntax_query(language)), tree, limit=limit)
    return OwnSyntaxCheck(parse=check, own_nodes=min(found, limit))


# The languages whose syntax of their own `clean_own_syntax` can find: TypeScript's (against JavaScript) and those of
# OWN_SYNTAX_QUERIES.
OWN_SYNTAX_LANGUAGES: tuple[str, ...] = ("typescript", *OWN_SYNTAX_QUERIES)


def clean_own_syntax(data: bytes, language: str, *, snippet: bool) -> bool:
    """Whether `language`'s reading of `data` (a snippet's best reading when `snippet`) parses cleanly and holds syntax
    only it writes: TypeScript-only syntax without a Flow pragma (`typescript_check`), or the nodes of
    OWN_SYNTAX_QUERIES (`own_syntax_check`). `language` is one of OWN_SYNTAX_LANGUAGES."""
    if language == "typescript":
        ts = typescript_check(data, snippet=snippet)
        return ts.parse.clean and ts.typescript_only_nodes > 0 and not ts.flow
    own = own_syntax_check(data, language, snippet=snippet)
    return own.parse.clean and own.own_nodes > 0


def _count_outside_errors(cursor: tree_sitter.QueryCursor, tree: tree_sitter.Tree, *, found: int = 0,
                          limit: int, skip: Callable[[tree_sitter.Node], bool] | None = None) -> int:
    """`found` plus the nodes `cursor` captures in `tree` outside ERROR nodes (a node of the query inside an
    ERROR region is the grammar guessing, not evidence), and not `skip`ped, counting up to `limit`."""
    for nodes in cursor.captures(tree.root_node).values():
        for node in nodes:
            if found >= limit:
                break
            if not _inside_error(node) and not (skip is not None and skip(node)):
                found += 1
    return found


def _wrapper_body(tree: tree_sitter.Tree) -> tree_sitter.Node | None:
    """The class body of a snippet read inside `class Snippet { }`."""
    first = tree.root_node.child(0) if tree.root_node.child_count else None
    return first.child_by_field_name("body") if first is not None else None


def _wrapper_field(tree: tree_sitter.Tree) -> Callable[[tree_sitter.Node], bool]:
    """Whether a node lies in a field declared at the top of the wrapper class."""
    body = _wrapper_body(tree)

    def in_field(node: tree_sitter.Node) -> bool:
        while node.parent is not None:
            if node.type == "public_field_definition" and node.parent == body:
                return True
            node = node.parent
        return False

    return in_field


def _inside_error(node: tree_sitter.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.is_error:
            return True
        parent = parent.parent
    return False


# Functions a TypeScript program must annotate (under `noImplicitAny`, part of `strict`): a declared function,
# a class method, and a function or arrow expression bound to a variable, a class field or an `export default`.
# Callbacks passed as arguments, and methods of object literals (often an argument: `defineComponent({ setup(props)
# {...} })`), are typed by their context and need no annotation, so they are left out.
_DECLARED_FUNCTIONS_QUERY = (
    "[(function_declaration) (generator_function_declaration)] @function"
    " (class_body (method_definition) @function)"
    " (variable_declarator value: [(arrow_function) (function_expression)] @function)"
    " (public_field_definition value: [(arrow_function) (function_expression)] @function)"
    " (export_statement value: [(arrow_function) (function_expression)] @function)"
)


@lru_cache(maxsize=None)
def _declared_functions_query(grammar: str) -> tree_sitter.Query:
    return tree_sitter.Query(get_language(grammar), _DECLARED_FUNCTIONS_QUERY)


@dataclass(frozen=True, slots=True)
class ParameterTypes:
    """Declared functions (see `_DECLARED_FUNCTIONS_QUERY`) outside ERROR nodes, by how their parameters are typed."""

    implicit: int  # a parameter with neither a type nor a default value, and no annotated parameter
    annotated: int  # at least one parameter with a type annotation
    # methods with untyped parameters at the top of a snippet (read inside a wrapper class): cut out of a class, or
    # out of an object literal, where their context types them (`typescript_check` leaves out a snippet that ends
    # with a comma, an object literal's member); not counted in `implicit`
    bare_methods: int = 0


def parameter_types(tree: tree_sitter.Tree, grammar: str, *, limit: int = 3, wrapped: bool = False) -> ParameterTypes:
    """Count the declared functions of a TypeScript (or TSX) parse whose parameters go without types (what
    `noImplicitAny` forbids: plain JavaScript's way) and those that annotate one (TypeScript's), each up to `limit`.
    A parameter with a default value is typed by it; `this` is no parameter; a setter is typed by its getter.
    `wrapped`: the tree is a snippet read inside `class Snippet { }`, whose own methods count as `bare_methods`."""
    implicit = annotated = bare = 0
    wrapper_body = _wrapper_body(tree) if wrapped else None
    cursor = tree_sitter.QueryCursor(_declared_functions_query(grammar))
    for nodes in cursor.captures(tree.root_node).values():
        for node in sorted(nodes, key=lambda node: node.start_byte):
            if implicit >= limit and annotated >= limit:
                break
            if _inside_error(node) or node.type == "method_definition" and any(child.type == "set" for child in node.children):
                continue
            parameters = node.child_by_field_name("parameters")
            if parameters is None:
                # `x => ...`: one bare parameter, never annotated
                implicit += node.child_by_field_name("parameter") is not None
                continue
            untyped = typed = 0
            for parameter in parameters.named_children:
                if parameter.type not in ("required_parameter", "optional_parameter"):
                    continue  # comments, decorators
                if parameter.child_by_field_name("type") is not None:
                    typed += 1
                elif parameter.child_by_field_name("value") is None and parameter.child_by_field_name("pattern").type != "this":
                    untyped += 1
            if typed:
                annotated += 1
            elif untyped and wrapper_body is not None and node.parent == wrapper_body:
                bare += 1
            elif untyped:
                implicit += 1
    return ParameterTypes(implicit=min(implicit, limit), annotated=min(annotated, limit), bare_methods=min(bare, limit))
