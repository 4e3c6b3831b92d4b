"""Law sets: the per-language laws (and optional synergy and multilingual law) an allocation uses.

Two sources: a fit file written by ``codemix laws fit`` (format ``codemix.laws.fit``, version 1) and the
shipped paper preset (``"paper"``: the paper's published exponents and irreducible losses, a common
B = 1 because the paper publishes none, and its synergy table).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from codemix.laws.allocate import DataLaw
from codemix.laws.fit import ChinchillaLaw
from codemix.laws.synergy import Synergy

FIT_FORMAT = "codemix.laws.fit"
FIT_VERSION = 1


def load_paper_preset() -> dict[str, Any]:
    """The shipped copy of the paper's published numbers (see its ``codemix_preset`` notes)."""
    text = resources.files("codemix").joinpath("assets/laws/paper.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class LawSet:
    source: str
    data_laws: dict[str, DataLaw]
    laws: dict[str, ChinchillaLaw | None]
    synergy: Synergy | None
    multilingual: dict[str, Any] | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.data_laws)

    def tau_for(self, languages: tuple[str, ...]) -> np.ndarray | None:
        if self.synergy is None:
            return None
        missing = [lang for lang in languages if lang not in self.synergy.languages]
        if missing:
            raise ValueError(f"{self.source}: the synergy matrix has no row/column for {', '.join(missing)}")
        return self.synergy.subset(languages).tau


def paper_lawset() -> LawSet:
    preset = load_paper_preset()
    fitted = preset["per_language_law"]["fitted"]
    data_laws = {lang: DataLaw(E=float(fitted[lang]["L_inf"]), B=1.0, beta=float(fitted[lang]["alpha_D"]), tokens_unit=1e9)
                 for lang in preset["languages"]}
    return LawSet(source="paper", data_laws=data_laws, laws={lang: None for lang in data_laws},
                  synergy=Synergy.from_dict(preset["synergy"]),
                  notes=("paper preset: common B = 1 (the paper publishes no A or B): the optimum is exact for its "
                         "published exponents, predicted losses and marginal values are relative only",
                         "paper preset: tau from the paper's 7x7 synergy table (relative gain, positive = helps)"))


def lawset_from_fit(raw: Mapping[str, Any], *, source: str, model_params: float | None = None) -> LawSet:
    if raw.get("format") != FIT_FORMAT:
        raise ValueError(f"{source}: not a codemix fit file (expected \"format\": \"{FIT_FORMAT}\", got {raw.get('format')!r})")
    if raw.get("version") != FIT_VERSION:
        raise ValueError(f"{source}: unsupported fit file version {raw.get('version')!r} (this codemix reads {FIT_VERSION})")
    languages = raw.get("languages")
    if not isinstance(languages, dict) or not languages:
        raise ValueError(f"{source}: \"languages\" must map each language to its fitted law")
    data_laws: dict[str, DataLaw] = {}
    laws: dict[str, ChinchillaLaw | None] = {}
    for lang, entry in languages.items():
        try:
            law = ChinchillaLaw.from_dict(entry["law"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{source}: languages.{lang}.law is not a valid law ({error})") from None
        constant = law.E if model_params is None else law.E + law.A / (model_params / law.params_unit) ** law.alpha
        data_laws[lang] = DataLaw(E=constant, B=law.B, beta=law.beta, tokens_unit=law.tokens_unit)
        laws[lang] = law
    synergy = Synergy.from_dict(raw["synergy"]) if raw.get("synergy") else None
    return LawSet(source=source, data_laws=data_laws, laws=laws, synergy=synergy, multilingual=raw.get("multilingual"))


def load_lawset(laws: str | Path, *, base_dir: Path | None = None, model_params: float | None = None) -> LawSet:
    """``"paper"`` or the path of a fit JSON (relative paths resolve against ``base_dir`` when given)."""
    if str(laws) == "paper":
        return paper_lawset()
    path = Path(laws)
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    raw = read_json_file(path, what="the fit file")
    return lawset_from_fit(raw, source=str(path), model_params=model_params)


def read_json_file(path: Path, *, what: str) -> Any:
    """The parsed JSON of `path`; ValueError naming the file and `what` it was meant to be otherwise."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"{path}: cannot read {what}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON: {error}") from None
