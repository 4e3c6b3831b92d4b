"""The build config: typed validation with errors that name the file, the key path and what was expected."""

from pathlib import Path

import pytest

from codemix.cli import EXIT_USAGE, main
from codemix.schemas.config import ConfigError, load_config, parse_token_amount

REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "corpus").mkdir(exist_ok=True)
    (tmp_path / "corpus" / "a.py").write_text("print('hi')\n")
    path = tmp_path / "build.yaml"
    path.write_text(text)
    return path


def test_demo_config_is_valid():
    config = load_config(REPO / "configs" / "demo.yaml")
    assert config.languages == ["python", "java", "javascript", "typescript", "csharp", "go", "rust"]
    assert Path(config.inputs[0].path).resolve() == (REPO / "examples" / "corpus").resolve()
    assert config.budget_tokens is None


def test_relative_paths_resolve_against_the_config_file(tmp_path):
    path = write(tmp_path, "inputs: [{type: directory, path: corpus}]\noutput: {path: out}\n")
    config = load_config(path)
    assert config.inputs[0].path == str(tmp_path / "corpus")
    assert config.output.path == tmp_path / "out"


def test_misspelled_key_names_key_and_file(tmp_path, capsys):
    path = write(tmp_path, "inputs: [{type: directory, path: corpus}]\noutput: {path: out}\nlanguges: [python]\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in str(error.value) and "languges: unknown key" in str(error.value)
    assert main(["build", str(path)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "languges" in err and str(path) in err


def test_nested_misspelled_key_has_its_path(tmp_path):
    path = write(tmp_path, "inputs: [{type: directory, path: corpus, exclude_dir: [x]}]\noutput: {path: out}\n")
    with pytest.raises(ConfigError, match=r"inputs\[0\]\.exclude_dir: unknown key"):
        load_config(path)


def test_missing_input_path_exits_2(tmp_path, capsys):
    path = write(tmp_path, "inputs: [{type: directory, path: nowhere}]\noutput: {path: out}\n")
    assert main(["build", str(path)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert str(path) in err and "inputs[0].path" in err and "nowhere" in err


def test_missing_glob_matches_nothing(tmp_path):
    path = write(tmp_path, "inputs: [{type: jsonl, path: 'data/*.jsonl.gz'}]\noutput: {path: out}\n")
    with pytest.raises(ConfigError, match=r"inputs\[0\]\.path: expected at least one file matching"):
        load_config(path)


def test_wrong_type_says_what_was_expected(tmp_path):
    path = write(tmp_path, "inputs: [{type: directory, path: corpus}]\noutput: {path: out}\nseed: many\n")
    with pytest.raises(ConfigError, match=r"seed: .*integer"):
        load_config(path)


def test_unknown_language_and_missing_output(tmp_path):
    path = write(tmp_path, "inputs: [{type: directory, path: corpus}]\nlanguages: [python, cobol]\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert "languages[1]" in message and "output: required key is missing" in message


def test_unknown_input_type(tmp_path):
    path = write(tmp_path, "inputs: [{type: ftp, path: corpus}]\noutput: {path: out}\n")
    with pytest.raises(ConfigError, match=r"inputs\[0\]"):
        load_config(path)


def test_not_a_mapping_and_bad_yaml(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_config(path)
    path.write_text("inputs: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(path)


@pytest.mark.parametrize(
    ("text", "tokens"), [(350, 350), ("350B", 350 * 10**9), ("1.5M", 1_500_000), ("20_000", 20_000), ("2k", 2000)]
)
def test_token_amounts(text, tokens):
    assert parse_token_amount(text) == tokens


@pytest.mark.parametrize("bad", ["-5", "lots", 0, 1.5, True])
def test_bad_token_amounts(bad):
    with pytest.raises(ValueError):
        parse_token_amount(bad)


def test_config_hash_is_stable_and_sensitive(tmp_path):
    path = write(tmp_path, "inputs: [{type: directory, path: corpus}]\noutput: {path: out}\n")
    a, b = load_config(path), load_config(path)
    assert a.config_hash() == b.config_hash()
    path.write_text("inputs: [{type: directory, path: corpus}]\noutput: {path: out}\nseed: 1\n")
    assert load_config(path).config_hash() != a.config_hash()
    path.write_text("inputs: [{type: directory, path: corpus}]\noutput: {path: out, max_shard_tokens: 1000}\n")
    assert load_config(path).config_hash() != a.config_hash()


def test_config_hash_does_not_depend_on_the_output_path(tmp_path):
    """Issue 12 (9): where a corpus is written does not change what it is."""
    path = write(tmp_path, "inputs: [{type: directory, path: corpus}]\noutput: {path: out}\n")
    a = load_config(path)
    path.write_text("inputs: [{type: directory, path: corpus}]\noutput: {path: /elsewhere/corpus-2}\n")
    assert load_config(path).config_hash() == a.config_hash()


def test_max_shard_tokens_takes_a_token_amount_like_the_budget(tmp_path):
    """Issue 12 (9): `max_shard_tokens: 2M` was refused although `budget_tokens: 20M` worked."""
    path = write(tmp_path, "inputs: [{type: directory, path: corpus}]\nbudget_tokens: 20M\n"
                           "output: {path: out, max_shard_tokens: 2M}\n")
    config = load_config(path)
    assert config.output.max_shard_tokens == 2_000_000 and config.budget_tokens == 20_000_000
    path.write_text("inputs: [{type: directory, path: corpus}]\noutput: {path: out, max_shard_tokens: lots}\n")
    with pytest.raises(ConfigError, match="output.max_shard_tokens"):
        load_config(path)


def test_mixture_laws_path_resolves_against_the_config_file(tmp_path):
    path = write(tmp_path, "inputs: [{type: directory, path: corpus}]\noutput: {path: out}\n"
                           "mixture: {strategy: optimize, laws: fits/fit.json}\n")
    assert load_config(path).mixture.laws == str(tmp_path / "fits" / "fit.json")
    path.write_text("inputs: [{type: directory, path: corpus}]\noutput: {path: out}\nmixture: {strategy: optimize, laws: paper}\n")
    assert load_config(path).mixture.laws == "paper"
