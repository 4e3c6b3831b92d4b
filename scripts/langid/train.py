"""Train the langid content model on the `train` split of the registry-code index.

    /work/venv/bin/python scripts/langid/train.py [--index /work/cache/registry-code/index.jsonl]

Reproducible: the files are chosen from the index with a seeded round-robin over projects
(`common.sample_rows`), windows are cut with a seeded RNG, and the fit is deterministic (lbfgs).
Only the `common.TRAINING_SPLITS` are read: the `train` split and, from round 8, the splits of the dev to dev5
sets. dev6 to dev27, test and fresh27 (`common.EVAL_SETS`) are other splits, so no project of theirs is seen. Needs the
`train` extra (scikit-learn); the artefact it writes is read with numpy only.

Features: token uni/bi/trigrams (see codemix.langid.model). Steps: vocabulary of tokens by document
frequency; n-gram keys kept by document frequency; a multinomial logistic regression; the features
with the smallest weights pruned; refit on the kept features; weights stored as float16.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import (  # noqa: E402
    DEFAULT_INDEX, IndexRow, choose_training_files, definition_snippets, read_text, training_rows,
)

from codemix import OTHER, TARGET_LANGUAGES  # noqa: E402
from codemix.langid.model import MAX_TOKEN_CHARS, SHAPES, TOKEN_PATTERN, ContentModel, Featurizer  # noqa: E402

# `other` is a mixture of very different things (prose, data formats, C, PHP, Lua, ...). One linear
# score cannot describe it well, so the model learns a class per group of similar kinds and the
# classifier adds the groups' probabilities back into `other` (codemix.langid.model.fold_label).
OTHER_GROUPS: dict[str, tuple[str, ...]] = {
    "prose": ("text", "markdown", "rst", "asciidoc", "pod", "roff", "tex", "org", "gettext-po"),
    "markup": ("xml", "html", "svg", "aspx", "jsp", "erb", "handlebars", "vue", "svelte", "jinja", "haml"),
    "data": ("json", "yaml", "toml", "ini", "conf", "properties", "csv", "gyp", "protobuf", "go-mod", "go-sum", "cabal"),
    "c-family": ("c", "cpp", "objective-c", "objective-cpp", "cuda", "glsl", "d", "yacc", "lex", "antlr", "verilog",
                 "zig", "solidity"),
    "jvm": ("kotlin", "scala", "groovy"),
    "swift-dart": ("swift", "dart"),
    "sql": ("sql",),
    "scientific": ("r", "julia", "fortran"),
    "php": ("php",),
    "ruby": ("ruby", "ruby-signature"),
    "perl": ("perl",),
    "shell-build": ("shell", "batch", "powershell", "fish", "awk", "sed", "dockerfile", "makefile", "automake",
                    "autoconf", "cmake", "m4", "vim", "nix"),
    "lua": ("lua",),
    "functional": ("haskell", "ocaml", "fsharp", "elm", "clojure", "scheme", "lisp", "emacs-lisp", "erlang", "elixir",
                   "visual-basic"),
    "css": ("css", "scss", "less", "sass"),
    "diff": ("diff",),
    "cython": ("cython",),
    "assembly": ("assembly", "cil", "llvm-ir", "webassembly-text"),
}
_GROUP_OF_KIND = {kind: group for group, kinds in OTHER_GROUPS.items() for kind in kinds}
OTHER_MISC = f"{OTHER}:misc"
LABELS = (*TARGET_LANGUAGES, *(f"{OTHER}:{group}" for group in OTHER_GROUPS), OTHER_MISC)


def model_label(row: IndexRow) -> str:
    """The class the model learns for a file: its target language, or its `other` group."""
    if row.label != OTHER:
        return row.label
    group = _GROUP_OF_KIND.get(row.other_kind)
    return f"{OTHER}:{group}" if group else OTHER_MISC


def class_weights(y: np.ndarray, *, other_weight: float) -> dict[int, float]:
    """Each target language weighs as much in total; the `other` groups share `other_weight` times
    that equally (a rare group such as Lua counts as much as prose)."""
    counts = np.bincount(y, minlength=len(LABELS))
    present = [label for label in range(len(LABELS)) if counts[label]]
    other_groups = [label for label in present if LABELS[label].startswith(OTHER)]
    unit = len(y) / (len(TARGET_LANGUAGES) + other_weight)
    weights = {}
    for label in present:
        total = unit if not LABELS[label].startswith(OTHER) else unit * other_weight / len(other_groups)
        weights[label] = total / counts[label]
    return weights


MAX_CHARS = 16_384  # characters of a document the model reads (a prefix)


def make_samples(
    rows: list[IndexRow], *, seed: int, windows_per_file: int, snippets_per_file: int
) -> tuple[list[str], list[int]]:
    """A whole-file sample per file plus line windows: 20 lines from the start, 20 from the middle, and
    random ones of 5 to 40 lines elsewhere; for the seven languages also up to `snippets_per_file`
    definitions of 5 to 30 lines cut with tree-sitter (a function or class without the file's package,
    import and namespace lines: what a snippet without a path mostly is)."""
    texts: list[str] = []
    labels: list[int] = []
    rng = random.Random(seed)
    for row in rows:
        text = read_text(row.path, keep_bom=True)
        if text is None or not text.strip():
            continue
        label = LABELS.index(model_label(row))
        texts.append(text[:MAX_CHARS])
        labels.append(label)
        lines = text[: MAX_CHARS * 8].splitlines(keepends=True)
        if len(lines) <= 5:
            continue
        spans = [(0, 20)]
        if len(lines) > 40:
            spans.append((len(lines) // 2 - 10, 20))
        while len(spans) < windows_per_file:
            spans.append((rng.randrange(0, max(1, len(lines) - 5)), rng.choice((5, 10, 15, 20, 20, 20, 30, 40))))
        for start, length in spans:
            window = "".join(lines[start : start + length])
            if window.strip():
                texts.append(window)
                labels.append(label)
        if row.label != OTHER and snippets_per_file:
            snippets = definition_snippets(text[: MAX_CHARS * 8], row.label)
            rng.shuffle(snippets)
            for snippet in snippets[:snippets_per_file]:
                texts.append(snippet)
                labels.append(label)
    return texts, labels


def build_vocabulary(texts: list[str], *, min_docs: int, max_tokens: int) -> list[str]:
    document_frequency: Counter[str] = Counter()
    for text in texts:
        document_frequency.update(set(TOKEN_PATTERN.findall(text)))
    kept = [
        (count, token)
        for token, count in document_frequency.items()
        if count >= min_docs and "\0" not in token and len(token) <= MAX_TOKEN_CHARS and token not in SHAPES
    ]
    kept.sort(key=lambda item: (-item[0], item[1]))
    return [token for _count, token in kept[:max_tokens]]


BATCH_TEXTS = 2048  # texts featurized together (bounded memory, shared numpy work)


def batches(texts: list[str]):
    for start in range(0, len(texts), BATCH_TEXTS):
        yield texts[start : start + BATCH_TEXTS]


def select_keys(featurizer: Featurizer, texts: list[str], *, min_docs: int, max_features: int) -> np.ndarray:
    """The n-gram keys found in at least `min_docs` texts, the `max_features` most frequent."""
    # each n-gram once per text that has it: document frequency
    unique_keys = [featurizer.distinct_ngrams(batch)[1] for batch in batches(texts)]
    keys, counts = np.unique(np.concatenate(unique_keys), return_counts=True)
    keep = counts >= min_docs
    keys, counts = keys[keep], counts[keep]
    if len(keys) > max_features:
        order = np.lexsort((keys, -counts))[:max_features]
        keys = keys[order]
    return np.sort(keys)


def matrix(featurizer: Featurizer, texts: list[str]) -> sp.csr_matrix:
    """The model input, built by the same `Featurizer.matrix` that inference uses."""
    parts = []
    for batch in batches(texts):
        values, indices, indptr = featurizer.matrix(batch)
        parts.append(sp.csr_matrix((values, indices, indptr), shape=(len(batch), len(featurizer.feature_keys))))
    return sp.vstack(parts, format="csr")


def fit(x: sp.csr_matrix, y: np.ndarray, *, c: float, other_weight: float, seed: int, max_iter: int = 200, start=None):
    from sklearn.linear_model import LogisticRegression

    # Balanced target classes: an uninformative text (a license header) should not lean to the biggest one.
    model = LogisticRegression(
        C=c, max_iter=max_iter, tol=1e-4, random_state=seed, warm_start=start is not None, class_weight=class_weights(y, other_weight=other_weight)
    )
    if start is not None:
        model.coef_, model.intercept_ = start[0].copy(), start[1].copy()
    model.fit(x, y)
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "src/codemix/assets/langid/content_model.npz")
    parser.add_argument("--seed", type=int, default=20251)
    parser.add_argument("--files-per-label", type=int, default=4000)
    parser.add_argument("--files-per-project", type=int, default=300,
                        help="at most this many files of one project per language or `other` kind (no project dominates a class)")
    parser.add_argument("--other-per-kind", type=int, default=500)
    parser.add_argument("--other-weight", type=float, default=8.0,
                        help="total class weight of the `other` groups, in units of one target language's")
    parser.add_argument("--windows-per-file", type=int, default=5)
    parser.add_argument("--vocabulary-tokens", type=int, default=30_000)
    parser.add_argument("--candidate-features", type=int, default=300_000)
    parser.add_argument("--features", type=int, default=150_000)
    parser.add_argument("--c", type=float, default=10.0)
    parser.add_argument("--snippets-per-file", type=int, default=2)
    parser.add_argument("--report", type=Path, default=None, help="write the training report here (JSON)")
    args = parser.parse_args(argv)
    started = time.time()

    # Contested `other` kinds (common.CONTESTED_OTHER_KINDS) are left out of training too: their content is a target language.
    chosen = choose_training_files(training_rows(args.index), files_per_label=args.files_per_label,
                                   other_per_kind=args.other_per_kind, per_project=args.files_per_project, seed=args.seed)
    selection = [row for label in (*TARGET_LANGUAGES, OTHER) for row in chosen.get(label, [])]
    print(dict(Counter(model_label(row) for row in selection)), "train files", flush=True)
    texts, labels = make_samples(selection, seed=args.seed, windows_per_file=args.windows_per_file,
                                 snippets_per_file=args.snippets_per_file)
    y = np.asarray(labels)
    print(f"{len(texts)} training samples; {time.time() - started:.0f}s", flush=True)

    vocabulary = build_vocabulary(texts, min_docs=10, max_tokens=args.vocabulary_tokens)
    vocabulary_ids = {token: len(SHAPES) + i for i, token in enumerate(vocabulary)}
    featurizer = Featurizer(vocabulary_ids, None, max_chars=MAX_CHARS)
    featurizer.feature_keys = select_keys(featurizer, texts, min_docs=5, max_features=args.candidate_features)
    print(f"vocabulary {len(vocabulary)} tokens, {len(featurizer.feature_keys)} candidate features; {time.time() - started:.0f}s", flush=True)

    x = matrix(featurizer, texts)
    first = fit(x, y, c=args.c, other_weight=args.other_weight, seed=args.seed)
    print(f"first fit done ({first.n_iter_} iterations); {time.time() - started:.0f}s", flush=True)
    strength = np.abs(first.coef_).max(axis=0)
    keep = np.sort(np.argsort(-strength, kind="stable")[: args.features])
    featurizer.feature_keys = featurizer.feature_keys[keep]
    x = matrix(featurizer, texts)
    # Refit on the kept features, starting from the first fit's weights (lbfgs warm start).
    final = fit(x, y, c=args.c, other_weight=args.other_weight, seed=args.seed, start=(first.coef_[:, keep], first.intercept_))
    print(f"final fit done ({final.n_iter_} iterations); {time.time() - started:.0f}s", flush=True)

    coef, intercept = final.coef_, final.intercept_
    if coef.shape[0] == 1:  # two classes: scikit-learn keeps one row; softmax over (-w/2, w/2) is the same model
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.concatenate([-intercept / 2, intercept / 2])
    index_sha256 = hashlib.sha256(args.index.read_bytes()).hexdigest()
    content_model = ContentModel(
        labels=tuple(LABELS[i] for i in final.classes_),
        vocabulary=vocabulary,
        feature_keys=featurizer.feature_keys,
        weights=coef.T.astype(np.float32),
        bias=intercept.astype(np.float32),
        max_chars=MAX_CHARS,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    content_model.save(
        args.out,
        seed=str(args.seed),
        index_sha256=index_sha256,
        train_files=str(len(selection)),
        train_samples=str(len(texts)),
        train_projects=str(len({row.project for row in selection})),
        c=str(args.c),
        other_weight=str(args.other_weight),
        other_per_kind=str(args.other_per_kind),
        files_per_project=str(args.files_per_project),
        snippets_per_file=str(args.snippets_per_file),
    )
    elapsed = time.time() - started
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB); {elapsed:.0f}s", flush=True)

    report = {
        "seconds": round(elapsed, 1),
        "train_files": len(selection),
        "train_samples": len(texts),
        "model_bytes": args.out.stat().st_size,
        "features": int(len(featurizer.feature_keys)),
        "vocabulary_tokens": len(vocabulary),
    }
    print(json.dumps(report), flush=True)
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
