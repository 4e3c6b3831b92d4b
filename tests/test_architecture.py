"""The layer order `docs/architecture.md` documents holds for every import in `src/codemix`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"
PURE_LOGIC_LAYER = 1


def documented_layers() -> tuple[dict[str, int], dict[str, set[str]]]:
    """Module prefix -> layer, and for modules with a restriction, the prefixes they may import."""
    text = (REPO / "docs" / "architecture.md").read_text()
    table = text.split("<!-- layers: read by tests/test_architecture.py -->", 1)[1].split("<!-- /layers -->", 1)[0]
    layers: dict[str, int] = {}
    rows: list[tuple[int, list[str], str]] = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].isdigit():
            continue
        modules = re.findall(r"`([\w.]+)`", cells[1])
        rows.append((int(cells[0]), modules, cells[2]))
        layers.update(dict.fromkeys(modules, int(cells[0])))
    restricted: dict[str, set[str]] = {}
    for _layer, modules, what in rows:
        match = re.search(r"may import layer (\d+) and `([\w.]+)` only", what)
        if match:
            allowed = {m for m, layer in layers.items() if layer == int(match.group(1))} | {match.group(2)}
            restricted.update({m: allowed for m in modules})
    return layers, restricted


def owner(module: str, prefixes: dict) -> str | None:
    """The longest documented prefix `module` falls under."""
    best = None
    for prefix in prefixes:
        if module == prefix or module.startswith(prefix + "."):
            if best is None or len(prefix) > len(best):
                best = prefix
    return best


def module_name(path: Path, src: Path) -> str:
    return ".".join(path.relative_to(src).with_suffix("").parts).removesuffix(".__init__")


def imports_of(path: Path, src: Path = SRC) -> list[tuple[int, str]]:
    module = module_name(path, src)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from codemix import languages` imports the submodule codemix.languages
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name == "codemix" or name.startswith("codemix.")]


def test_the_layer_table_is_complete():
    layers, _ = documented_layers()
    assert layers, "docs/architecture.md lost its layer table"
    for path in (SRC / "codemix").rglob("*.py"):
        module = ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        assert owner(module, layers) is not None, f"{module} is in no documented layer"


def violations_in(src: Path) -> list[str]:
    layers, restricted = documented_layers()
    violations = []
    for path in sorted((src / "codemix").rglob("*.py")):
        module = module_name(path, src)
        source = owner(module, layers)
        seen = set()
        for line, target in imports_of(path, src):
            destination = owner(target, layers)
            if destination is None or destination == source or (line, destination) in seen:
                continue
            seen.add((line, destination))
            where = f"{path.relative_to(src)}:{line}: {module} imports {target}"
            if source in restricted:
                if destination not in restricted[source]:
                    violations.append(f"{where} ({source} may import only {sorted(restricted[source])})")
            elif layers[destination] > layers[source]:
                violations.append(f"{where} (layer {layers[source]} -> layer {layers[destination]})")
            elif layers[source] == layers[destination] == PURE_LOGIC_LAYER:
                violations.append(f"{where} (pure-logic packages do not import one another)")
    return violations


def test_no_import_goes_up_a_layer_or_across_pure_logic_packages():
    violations = violations_in(SRC)
    assert not violations, "\n".join(violations)


def test_the_checker_catches_each_kind_of_violation(tmp_path):
    for relative, text in {
        "codemix/stages/bad.py": "def f():\n    from codemix.pipeline.build import build\n",
        "codemix/langid/bad.py": "from codemix.laws import fit\n",
        "codemix/stream/bad.py": "from ..stages import read\n",
        "codemix/schemas/fine.py": "from codemix import languages\n",
    }.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    found = violations_in(tmp_path)
    assert len(found) == 3, found
    assert "codemix.stages.bad imports codemix.pipeline.build (layer 2 -> layer 3)" in found[1]
    assert "pure-logic packages" in found[0] and "codemix.stream may import only" in found[2]
