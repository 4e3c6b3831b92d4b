"""The content model: a linear classifier over token uni-, bi- and trigrams, read with numpy only.

Text is cut into code tokens (identifiers and keywords, numbers, operators, and a newline token that
keeps the next line's indentation, so `\\n\\t` tells Go from `\\n    ` Python). Tokens outside the
trained vocabulary become a shape (`<camel>`, `<snake>`, `<Cap>`, ...), since identifier style is
itself evidence. N-gram keys are looked up in a sorted table of kept features; the weights were fitted
by scikit-learn (scripts/langid/train.py) and stored as float16 in an .npz shipped with the package.
Training and inference share `Featurizer`, so the features cannot drift apart.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from codemix import OTHER

# Identifiers first (the common case), then newline+indentation, numbers, operators (longest first),
# any other visible character. Blanks before a token are eaten outside the group (findall returns the
# group): the same tokens as without, but a run of blanks no longer tries every alternative per blank.
_OPERATORS = [
    '"""', "'''", "===", "!==", "...", "<<=", ">>=", "**=", "//=", "::", ":=", "=>", "->", "<-", "==", "!=",
    "<=", ">=", "&&", "||", "??", "?.", "..", "**", "//", "/*", "*/", "<<", ">>", "++", "--", "+=", "-=",
    "*=", "/=", "|=", "&=", "#[", "#!", '@"', '$"',
]
TOKEN_PATTERN = re.compile(
    r"[ \t]*([A-Za-z_$][A-Za-z0-9_$]*|\n[ \t]*|[0-9][0-9A-Za-z_.]*|"
    + "|".join(re.escape(op) for op in _OPERATORS)
    + r"|[^\s])"
)
MAX_TOKEN_CHARS = 40

SHAPES = ("<nl>", "<num>", "<UPPER>", "<snake>", "<Cap>", "<camel>", "<lower>", "<long>", "<punct>", "<$name>")
# Models trained before `<$name>` (a `$`-sigil variable: PHP, Perl, shell) have the first nine only;
# a model file names its shapes, so both read the same text the way they were trained.
LEGACY_SHAPES = SHAPES[:9]


def token_shape(token: str, shapes: tuple[str, ...] = SHAPES) -> str:
    """The class of an out-of-vocabulary token, among `shapes`."""
    first = token[0]
    if first == "$" and len(token) > 1 and "<$name>" in shapes:
        return "<$name>"
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


class _TokenMemo(dict):
    """token -> id: the vocabulary, and each out-of-vocabulary token's shape once it has been seen
    (looked up in C by `map`; only a first sighting runs Python)."""

    def __init__(self, vocabulary: dict[str, int], shapes: tuple[str, ...]) -> None:
        super().__init__(vocabulary)
        self.shapes = shapes
        self.shape_ids = {name: i for i, name in enumerate(shapes)}

    def __missing__(self, token: str) -> int:
        value = self[token] = self.shape_ids[token_shape(token, self.shapes)]
        return value


class Featurizer:
    """Maps texts to rows of the linear model's sparse input.

    `vocabulary`: token -> id for in-vocabulary tokens; ids `0 .. len(shapes)-1` are the shapes.
    `feature_keys`: sorted int64 keys of the kept n-gram features (None while training collects them).
    Texts are featurized in batches: the per-call cost of numpy dominates for short texts (a 20-line
    window has ~150 tokens), so one batch shares every array operation."""

    # Token -> id memo beyond the vocabulary (out-of-vocabulary tokens -> their shape); cleared when it
    # grows past this, since out-of-vocabulary tokens are unbounded across documents.
    MAX_MEMO_TOKENS = 200_000
    # (text, key) pairs are packed into one int64 while texts x key space stay below this; past it (a
    # batch of millions of texts) they are sorted as two columns instead.
    PACKED_PAIRS_LIMIT = 2**62

    def __init__(
        self,
        vocabulary: dict[str, int],
        feature_keys: np.ndarray | None,
        *,
        max_chars: int,
        shapes: tuple[str, ...] = SHAPES,
    ) -> None:
        self.vocabulary = vocabulary
        self.shapes = shapes
        self.vocabulary_size = len(shapes) + len(vocabulary)
        self.max_chars = max_chars
        self._memo = _TokenMemo(vocabulary, shapes)
        self.feature_keys = feature_keys

    def token_ids(self, text: str) -> list[int]:
        if len(self._memo) > len(self.vocabulary) + self.MAX_MEMO_TOKENS:
            self._memo = _TokenMemo(self.vocabulary, self.shapes)
        return list(map(self._memo.__getitem__, TOKEN_PATTERN.findall(text[: self.max_chars])))

    def ngram_keys(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(text number, key) of every uni-, bi- and trigram of `texts` (with repeats), in three
        disjoint key ranges; n-grams never cross from one text into the next."""
        ids_per_text = [self.token_ids(text) for text in texts]
        lengths = np.fromiter(map(len, ids_per_text), dtype=np.int64, count=len(texts))
        ids = np.fromiter(itertools.chain.from_iterable(ids_per_text), dtype=np.int64, count=int(lengths.sum()))
        text_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        size = self.vocabulary_size
        same_2 = text_of[:-1] == text_of[1:]
        same_3 = same_2[:-1] & same_2[1:]
        bigrams = (size + ids[:-1] * size + ids[1:])[same_2]
        trigrams = (size + size * size + (ids[:-2] * size + ids[1:-1]) * size + ids[2:])[same_3]
        keys = np.concatenate([ids, bigrams, trigrams])
        owners = np.concatenate([text_of, text_of[:-1][same_2], text_of[:-2][same_3]])
        return owners, keys

    def distinct_ngrams(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(text number, key, count) of each distinct n-gram of each text, sorted by text, then key."""
        owners, keys = self.ngram_keys(texts)
        size = self.vocabulary_size
        key_space = size + size * size + size * size * size  # every key is below this
        if len(texts) * key_space < self.PACKED_PAIRS_LIMIT:  # one int64 per (text, key) pair: a single sort
            pairs, counts = np.unique(owners * key_space + keys, return_counts=True)
            rows, pair_keys = np.divmod(pairs, key_space)
            return rows, pair_keys, counts
        order = np.lexsort((keys, owners))
        owners, keys = owners[order], keys[order]
        first = np.flatnonzero(np.concatenate([[True], (owners[1:] != owners[:-1]) | (keys[1:] != keys[:-1])]))
        return owners[first], keys[first], np.diff(np.append(first, len(keys)))

    def matrix(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR parts (values, feature indices, row pointers) of the texts' l2-normalised sublinear
        counts of known n-grams, one row per text."""
        table = self.feature_keys
        if table is None:
            raise RuntimeError("the featurizer has no feature table yet")
        # Distinct (text, n-gram) pairs first: the sort is cheaper than looking every n-gram up in the
        # table, the lookups of sorted keys hit the cache, and the table is sorted, so the order is CSR
        # order (by row, then feature index).
        rows, pair_keys, counts = self.distinct_ngrams(texts)
        positions = np.searchsorted(table, pair_keys)
        positions[positions == len(table)] = 0
        found = table[positions] == pair_keys
        rows, indices, counts = rows[found], positions[found], counts[found]
        values = (1.0 + np.log(counts)).astype(np.float32)
        norms = np.sqrt(np.bincount(rows, weights=values.astype(np.float64) ** 2, minlength=len(texts)))
        values /= norms[rows].astype(np.float32)
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
        return values, indices, indptr


def fold_label(model_label: str) -> str:
    """The public label of a model class: `other:<group>` classes are `other`."""
    return OTHER if model_label.split(":", 1)[0] == OTHER else model_label


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
        shapes: tuple[str, ...] = SHAPES,
    ) -> None:
        if weights.shape != (len(feature_keys), len(labels)):
            raise ValueError(f"weights have shape {weights.shape}, expected {(len(feature_keys), len(labels))}")
        # The model's own classes may split `other` into groups; predictions are folded back to the
        # public labels (the target languages and `other`), in the order of first appearance.
        self.model_labels = labels
        self.labels = tuple(dict.fromkeys(fold_label(label) for label in labels))
        # Columns grouped by public label, and where each group starts: folding is a reduceat over
        # columns, which sums each row on its own (a matrix product would make a row's last bits
        # depend on how many rows share the batch).
        public_of = [self.labels.index(fold_label(label)) for label in labels]
        self._fold_order = np.argsort(public_of, kind="stable")
        self._fold_starts = np.searchsorted(np.asarray(public_of)[self._fold_order], np.arange(len(self.labels)))
        self.vocabulary_list = vocabulary
        self.featurizer = Featurizer(
            {token: len(shapes) + i for i, token in enumerate(vocabulary)}, feature_keys, max_chars=max_chars, shapes=shapes
        )
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)

    @property
    def max_chars(self) -> int:
        return self.featurizer.max_chars

    def predict(self, text: str) -> ContentPrediction:
        return self.predict_batch([text])[0]

    def predict_batch(self, texts: list[str]) -> list[ContentPrediction]:
        if not texts:
            return []
        values, indices, indptr = self.featurizer.matrix(texts)
        scores = np.repeat(self.bias[None, :], len(texts), axis=0)
        # A sparse-dense product by row segments: each row is summed on its own, so a document gets the
        # same scores whatever else is in its batch.
        weighted = self.weights[indices] * values[:, None]
        nonempty = np.flatnonzero(np.diff(indptr))
        if len(nonempty):
            scores[nonempty] += np.add.reduceat(weighted, indptr[nonempty], axis=0)
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        probabilities = np.add.reduceat(probabilities[:, self._fold_order], self._fold_starts, axis=1)
        known = np.diff(indptr)
        return [ContentPrediction(self.labels, probabilities[i], int(known[i])) for i in range(len(texts))]

    # --- storage ------------------------------------------------------------------------------------
    def save(self, path: str | Path, **metadata: str) -> None:
        joined = "\0".join(self.vocabulary_list).encode("utf-8")
        np.savez_compressed(
            path,
            labels=np.array(self.model_labels),
            vocabulary=np.frombuffer(joined, dtype=np.uint8),
            feature_keys=self.featurizer.feature_keys.astype(np.int64),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            max_chars=np.array(self.max_chars),
            shapes=np.array(self.featurizer.shapes),
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
                shapes=tuple(str(shape) for shape in data["shapes"]) if "shapes" in data else LEGACY_SHAPES,
            )


MODEL_FILENAME = "content_model.npz"


def default_model_path() -> Path:
    return Path(str(resources.files("codemix") / "assets" / "langid" / MODEL_FILENAME))
