import pytest
from pydantic import ValidationError

from codemix.schemas.config import (
    DEFAULT_DIRECT_TEMPLATE,
    DEFAULT_PROMPT_TEMPLATE,
    ConfigError,
    PairingConfig,
    validate_config,
)


def test_defaults_and_resolved_templates():
    config = PairingConfig()
    assert config.pivot == "python" and config.directions == "both" and config.format == "direct"
    assert config.keep_paired_in_monolingual is True and config.eval_split is True
    assert config.members == "program"
    assert config.resolved_languages(["python", "java", "go"]) == ("python", "java", "go")
    templates = PairingConfig(format="prompt").resolved_templates()
    assert templates == {"format": "prompt", "template": DEFAULT_PROMPT_TEMPLATE,
                         "direct": DEFAULT_DIRECT_TEMPLATE, "prompt": DEFAULT_PROMPT_TEMPLATE}


@pytest.mark.parametrize(
    "template, message",
    [
        ("{src_code}\n", "{tgt_code} exactly once"),
        ("{src_code}{tgt_code}{tgt_code}", "{tgt_code} exactly once"),
        ("{tgt_code}\n{src_code}", "must come before"),
        ("{src_code}\n# {language}\n{tgt_code}", "unknown template field {language}"),
        ("{src_code:>10}{tgt_code}", "format spec"),
        ("{src_code} { {tgt_code}", "literal brace"),
    ],
)
def test_bad_templates_are_rejected_with_the_reason(template, message):
    with pytest.raises(ValidationError) as error:
        PairingConfig(templates={"direct": template})
    assert message in str(error.value)


def test_literal_braces_are_allowed():
    config = PairingConfig(templates={"direct": "{src_code}\n{{-> {tgt_lang}}}\n{tgt_code}"})
    assert "{{" in config.templates.direct


@pytest.mark.parametrize("direction", ["python-go", "python->cobol", "go->go", "python->go->rust"])
def test_bad_held_out_directions(direction):
    with pytest.raises(ValidationError, match="held-out direction is written"):
        PairingConfig(held_out_directions=[direction])


def test_pivot_must_be_paired():
    with pytest.raises(ValidationError, match="pivot 'python' must be one of"):
        PairingConfig(languages=["java", "go"])
    with pytest.raises(ValueError, match="not among the paired languages"):
        PairingConfig().resolved_languages(["java", "go"])


def _raw(**pairing):
    return {"inputs": [{"type": "jsonl", "path": "x.jsonl"}], "output": {"path": "out"},
            "languages": ["python", "java", "go"], "pairing": pairing}


def test_build_config_checks_pairing_against_its_languages(tmp_path):
    config = validate_config(_raw(format="prompt"), source="c.yaml", base_dir=tmp_path, check_paths=False)
    assert config.pairing.format == "prompt"
    with pytest.raises(ConfigError, match="pairing.languages names 'rust'"):
        validate_config(_raw(languages=["python", "rust"]), source="c.yaml", base_dir=tmp_path, check_paths=False)
    with pytest.raises(ConfigError, match="'rust', which is not paired"):
        validate_config(_raw(held_out_directions=["python->rust"]), source="c.yaml", base_dir=tmp_path,
                        check_paths=False)
    with pytest.raises(ConfigError, match=r"pairing\.max_tokenz: unknown key"):
        validate_config(_raw(max_tokenz=10), source="c.yaml", base_dir=tmp_path, check_paths=False)
    with pytest.raises(ConfigError, match=r"pairing\.members: .*'program', 'largest_file' or 'single_file'"):
        validate_config(_raw(members="files"), source="c.yaml", base_dir=tmp_path, check_paths=False)


def test_build_pairing_steps_take_the_build_settings(tmp_path):
    from codemix.pipeline.assembly import pair_bucket_steps, pair_group_steps
    from codemix.pipeline.workdir import BuildPaths

    raw = _raw(format="prompt", num_buckets=16)
    raw["add_eos_token"] = False
    config = validate_config(raw, source="c.yaml", base_dir=tmp_path, check_paths=False)
    paths = BuildPaths(output=tmp_path / "out", config_hash=config.config_hash())
    [bucket_step], [group_step] = pair_bucket_steps(config, paths), pair_group_steps(config, paths)
    assert bucket_step.docs_dir == paths.work / "docs" and bucket_step.num_buckets == 16
    assert bucket_step.languages == {"python", "java", "go"} and group_step.languages == ("python", "java", "go")
    assert group_step.buckets_dir == bucket_step.buckets_dir and group_step.pairs_dir == paths.work / "pairs"
    assert group_step.tokenizer == "default" and group_step.add_eos_token is False
    without = validate_config({**raw, "pairing": None}, source="c.yaml", base_dir=tmp_path, check_paths=False)
    with pytest.raises(ValueError, match="no `pairing` section"):
        pair_bucket_steps(without, paths)
