import argparse

import pytest

from codemix.cli.pair_preview import add_parser
from codemix.tokens import load_tokenizer

TASK = "examples/corpus/tasks/gcd_lcm"


def main(argv):
    parser = argparse.ArgumentParser(prog="codemix")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def repo(monkeypatch):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    return root


def test_preview_prints_the_rendered_document_and_its_tokens(repo, capsys):
    assert main(["pair-preview", f"{TASK}/main.py", f"{TASK}/main.go", "--format", "prompt"]) == 0
    out, err = capsys.readouterr()
    python = (repo / TASK / "main.py").read_text().rstrip()
    go = (repo / TASK / "main.go").read_text().rstrip()
    assert out == (f"Translate the following Python program to Go.\n\nPython:\n```python\n{python}\n```\n\n"
                   f"Go:\n```go\n{go}\n```\n")
    tokens = load_tokenizer("default").count([out])[0] + 1
    assert f"python->go, format prompt: {tokens} tokens (fits max_tokens 8192)" in err
    assert f"{TASK}/main.go: go, parse errors 0.00% of bytes (ok)" in err


def test_preview_takes_the_config_pairing_section(repo, tmp_path, capsys):
    config = tmp_path / "build.yaml"
    config.write_text("inputs: [{type: jsonl, path: x.jsonl}]\noutput: {path: out}\nadd_eos_token: false\n"
                      "pairing: {max_tokens: 50, templates: {direct: \"{src_code}\\n// {tgt_lang_name}\\n{tgt_code}\"}}\n")
    assert main(["pair-preview", f"{TASK}/Main.java", f"{TASK}/main.rs", "--config", str(config)]) == 0
    out, err = capsys.readouterr()
    assert "\n// Rust\n" in out and out.endswith("}")
    tokens = load_tokenizer("default").count([out])[0]
    assert f"java->rust, format direct: {tokens} tokens (exceeds max_tokens 50)" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["pair-preview", f"{TASK}/main.py", "README.md"], "cannot tell the language from the extension '.md'"),
        (["pair-preview", f"{TASK}/main.py", f"{TASK}/main.py"], "both files are python"),
        (["pair-preview", f"{TASK}/main.py", "missing.go"], "missing.go: cannot read it"),
        (["pair-preview", f"{TASK}/main.py", f"{TASK}/main.go", "--config", "nope.yaml"], "nope.yaml: cannot read"),
    ],
)
def test_bad_usage_exits_2_naming_the_problem(repo, capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err
