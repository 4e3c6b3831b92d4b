"""The content model: a linear classifier over token uni-, bi- and trigrams, read with numpy only.

Text is cut into code tokens (identifiers and keywords, numbers, operators, and a newline token that
keeps the next line's indentation, so `\\n\\t` tells Go from `\\n    ` Python). Tokens outside the
trained vocabulary become a shape (`<camel>`, `<snake>`, `<Cap>`, ...), since identifier style is
itself evidence. N-gram keys are looked up in a sorted table of kept features; the weights were fitted
by scikit-learn (scripts/langid/train.py) and stored as float16 in an .npz shipped with the package.
Training and inference share `Featurizer`, so the features cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

# Identifiers first (the common case), then newline+indentation, numbers, operators (longest first),
# any other visible character.
_OPERATORS = [
    '"""', "'''", "===", "!==", "...", "<<=", ">>=", "**=", "//=", "::", ":=", "=>", "->", "<-", "==", "!=",
    "<=", ">=", "&&", "||", "??", "?.", "..", "**", "//", "/*", "*/", "<<", ">>", "++", "--", "+=", "-=",
    "*=", "/=", "|=", "&=", "#[", "#!", '@"', '$"',
]
TOKEN_PATTERN = re.compile(
    r"[A-Za-z_$][A-Za-z0-9_$]*|\n[ \t]*|[0-9][0-9A-Za-z_.]*|"
    + "|".join(re.escape(op) for op in _OPERATORS)
    + r"|[^\s]"
)
MAX_TOKEN_CHARS = 40

SHAPES = ("<nl>", "<num>", "<UPPER>", "<snake>", "<Cap>", "<camel>", "<lower>", "<long>", "<punct>")
_SHAPE_OFFSET = {name: i for i, name in enumerate(SHAPES)}


def token_shape(token: str) -> str:
    """The class of an out-of-vocabulary token."""
    first = token[0]
    if first == "\n":
        return "<nl>"
    if first.isdigit():
        return "<num>"
    if not (first.isalpha() or first in "_$"):
        return "<punct>"
    if len(token) > MAX_TOKEN_CHARS:
        return "<long>"
    if token.isupper():
        return "<UPPER>"
    if "_" in token.strip("_"):
        return "<snake>"
    if first.isupper():
        return "<Cap>"
    if token != token.lower():
        return "<camel>"
    return "<lower>"


class Featurizer:
    """Maps text to (feature indices, values) for the linear model.

    `vocabulary`: token -> id for in-vocabulary tokens; ids `0 .. len(SHAPES)-1` are the shapes.
    `feature_keys`: sorted int64 keys of the kept n-gram features (None while training collects them)."""

    def __init__(self, vocabulary: dict[str, int], feature_keys: np.ndarray | None, *, max_chars: int) -> None:
        self.vocabulary = vocabulary
        self.vocabulary_size = len(SHAPES) + len(vocabulary)
        self.feature_keys = feature_keys
        self.max_chars = max_chars
        self._shape_cache: dict[str, int] = {}

    def token_ids(self, text: str) -> np.ndarray:
        tokens = TOKEN_PATTERN.findall(text[: self.max_chars])
        get = self.vocabulary.get
        ids = [get(token) for token in tokens]
        cache = self._shape_cache
        if len(cache) > 100_000:  # bounded: out-of-vocabulary tokens are unbounded across documents
            cache.clear()
        for position, value in enumerate(ids):
            if value is None:
                token = tokens[position]
                shape = cache.get(token)
                if shape is None:
                    shape = cache[token] = _SHAPE_OFFSET[token_shape(token)]
                ids[position] = shape
        return np.asarray(ids, dtype=np.int64)

    def ngram_keys(self, text: str) -> np.ndarray:
        """All uni-, bi- and trigram keys of `text` (with repeats), in three disjoint key ranges."""
        ids = self.token_ids(text)
        size = self.vocabulary_size
        parts = [ids]
        if len(ids) >= 2:
            parts.append(size + ids[:-1] * size + ids[1:])
        if len(ids) >= 3:
            parts.append(size + size * size + (ids[:-2] * size + ids[1:-1]) * size + ids[2:])
        return np.concatenate(parts) if parts else ids

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(indices into the feature table, l2-normalised sublinear counts)."""
        keys = self.ngram_keys(text)
        table = self.feature_keys
        if table is None:
            raise RuntimeError("the featurizer has no feature table yet")
        if len(keys) == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        # Unique first: fewer lookups, and sorted queries make the binary searches cache-friendly.
        unique_keys, counts = np.unique(keys, return_counts=True)
        positions = np.searchsorted(table, unique_keys)
        positions[positions == len(table)] = 0
        found = table[positions] == unique_keys
        indices, counts = positions[found], counts[found]
        if len(indices) == 0:
            return indices, np.empty(0, dtype=np.float32)
        values = 1.0 + np.log(counts.astype(np.float32))
        values /= np.sqrt(np.dot(values, values))
        return indices, values


@dataclass(frozen=True)
class ContentPrediction:
    labels: tuple[str, ...]
    probabilities: np.ndarray  # one per label, summing to 1
    known_features: int  # how many of the text's distinct n-grams the model knows

    def ranked(self) -> list[tuple[str, float]]:
        order = np.argsort(-self.probabilities, kind="stable")
        return [(self.labels[i], float(self.probabilities[i])) for i in order]


class ContentModel:
    """The trained linear model: `predict(text)` gives a probability per label."""

    def __init__(
        self,
        *,
        labels: tuple[str, ...],
        vocabulary: list[str],
        feature_keys: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        max_chars: int,
    ) -> None:
        if weights.shape != (len(feature_keys), len(labels)):
            raise ValueError(f"weights have shape {weights.shape}, expected {(len(feature_keys), len(labels))}")
        self.labels = labels
        self.vocabulary_list = vocabulary
        self.featurizer = Featurizer(
            {token: len(SHAPES) + i for i, token in enumerate(vocabulary)}, feature_keys, max_chars=max_chars
        )
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)

    @property
    def max_chars(self) -> int:
        return self.featurizer.max_chars

    def predict(self, text: str) -> ContentPrediction:
        indices, values = self.featurizer.features(text)
        scores = self.bias + values @ self.weights[indices] if len(indices) else self.bias.copy()
        scores = scores - scores.max()
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum()
        return ContentPrediction(self.labels, probabilities, int(len(indices)))

    # --- storage ------------------------------------------------------------------------------------
    def save(self, path: str | Path, **metadata: str) -> None:
        joined = "\0".join(self.vocabulary_list).encode("utf-8")
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            vocabulary=np.frombuffer(joined, dtype=np.uint8),
            feature_keys=self.featurizer.feature_keys.astype(np.int64),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            max_chars=np.array(self.max_chars),
            metadata=np.array([f"{key}={value}" for key, value in sorted(metadata.items())]),
        )

    @classmethod
    def load(cls, path: str | Path) -> "ContentModel":
        with np.load(path, allow_pickle=False) as data:
            vocabulary_bytes = data["vocabulary"].tobytes()
            vocabulary = vocabulary_bytes.decode("utf-8").split("\0") if vocabulary_bytes else []
            return cls(
                labels=tuple(str(label) for label in data["labels"]),
                vocabulary=vocabulary,
                feature_keys=data["feature_keys"],
                weights=data["weights"],
                bias=data["bias"],
                max_chars=int(data["max_chars"]),
            )


MODEL_FILENAME = "content_model.npz"


def default_model_path() -> Path:
    return Path(str(resources.files("codemix") / "assets" / "langid" / MODEL_FILENAME))
