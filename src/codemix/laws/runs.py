"""Proxy runs as data: the CSV/Parquet format `codemix laws fit` reads (documented in docs/laws.md).

One row per finished training run. Columns (raw counts, not billions):

| column | required | meaning |
| --- | --- | --- |
| `language` | yes | the language whose validation loss is `loss` (`mixture` for a mixture's own validation loss) |
| `params` | yes | N, model parameters (> 0) |
| `tokens` | yes | D, training tokens seen, repeats included (> 0) |
| `loss` | yes | final validation loss (> 0) |
| `unique_tokens` | no | U, unique tokens of the run's data (> 0); enables the data-constrained fit |
| `auxiliary_language` | no | synergy runs: the auxiliary language trained 50:50 with `language` (equal to `language` for the seen-twice baseline) |
| `share_<component>` | no | mixture runs: share of each component (sum to 1); `language` must be `mixture` |
| `run_id` | no | a name for the run |

A run is a *mixture run* if it has shares, else a *synergy run* if it has an auxiliary language, else a
*per-language run*. Any other column is an error (a misspelt column would otherwise be ignored).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

REQUIRED_COLUMNS = ("language", "params", "tokens", "loss")
OPTIONAL_COLUMNS = ("unique_tokens", "auxiliary_language", "run_id")
SHARE_PREFIX = "share_"
MIXTURE = "mixture"


class RunsError(ValueError):
    """A runs file that cannot be used; the message names the file, the row and the reason."""


@dataclass(frozen=True)
class Run:
    row: int  # 1-based data row (the header is row 0)
    run_id: str
    language: str
    params: float
    tokens: float
    loss: float
    unique_tokens: float | None = None
    auxiliary_language: str | None = None
    shares: tuple[tuple[str, float], ...] | None = None

    @property
    def kind(self) -> str:
        if self.shares is not None:
            return "mixture"
        if self.auxiliary_language is not None:
            return "synergy"
        return "language"

    def to_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"run_id": self.run_id, "language": self.language, "params": self.params,
                               "tokens": self.tokens, "loss": self.loss, "unique_tokens": self.unique_tokens,
                               "auxiliary_language": self.auxiliary_language}
        for name, share in self.shares or ():
            row[SHARE_PREFIX + name] = share
        return row


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "") or (isinstance(value, float) and math.isnan(value))


def _number(value: Any, *, where: str, column: str, positive: bool = True) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RunsError(f"{where}: column {column!r}: expected a number, got {value!r}") from None
    if not math.isfinite(number):
        raise RunsError(f"{where}: column {column!r}: expected a finite number, got {value!r}")
    if positive and number <= 0:
        raise RunsError(f"{where}: column {column!r}: must be positive, got {value!r}")
    if not positive and number < 0:
        raise RunsError(f"{where}: column {column!r}: must be non-negative, got {value!r}")
    return number


def validate_rows(rows: Iterable[Mapping[str, Any]], *, columns: list[str], source: str) -> list[Run]:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise RunsError(f"{source}: missing required column(s) {', '.join(missing)} (have: {', '.join(columns)})")
    share_columns = [c for c in columns if c.startswith(SHARE_PREFIX)]
    unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS and c not in share_columns]
    if unknown:
        raise RunsError(f"{source}: unknown column(s) {', '.join(unknown)}; expected {', '.join(REQUIRED_COLUMNS)}, "
                        f"optionally {', '.join(OPTIONAL_COLUMNS)} and {SHARE_PREFIX}<component> columns")
    if any(c == SHARE_PREFIX for c in share_columns):
        raise RunsError(f"{source}: a share column needs a component name after {SHARE_PREFIX!r}")
    runs: list[Run] = []
    for index, raw in enumerate(rows, start=1):
        where = f"{source}: row {index}"
        language = raw.get("language")
        if _blank(language):
            raise RunsError(f"{where}: column 'language' is empty")
        language = str(language).strip()
        params = _number(raw.get("params"), where=where, column="params")
        tokens = _number(raw.get("tokens"), where=where, column="tokens")
        loss = _number(raw.get("loss"), where=where, column="loss")
        unique = None if _blank(raw.get("unique_tokens")) else _number(raw.get("unique_tokens"), where=where, column="unique_tokens")
        aux = None if _blank(raw.get("auxiliary_language")) else str(raw.get("auxiliary_language")).strip()
        shares = None
        given = {c[len(SHARE_PREFIX):]: raw.get(c) for c in share_columns if not _blank(raw.get(c))}
        if given:
            shares = tuple(sorted((name, _number(v, where=where, column=SHARE_PREFIX + name, positive=False))
                                  for name, v in given.items()))
            total = sum(v for _, v in shares)
            if abs(total - 1.0) > 1e-6:
                raise RunsError(f"{where}: the share_* columns must sum to 1, they sum to {total:.6g}")
            if language != MIXTURE:
                raise RunsError(f"{where}: a run with shares is a mixture run: its 'language' must be {MIXTURE!r} "
                                f"(the loss on the mixture's validation set), got {language!r}")
            if aux is not None:
                raise RunsError(f"{where}: a run cannot have both shares and an auxiliary_language")
        elif language == MIXTURE:
            raise RunsError(f"{where}: language {MIXTURE!r} needs share_<component> columns with the mixture's shares")
        run_id = "" if _blank(raw.get("run_id")) else str(raw.get("run_id"))
        runs.append(Run(row=index, run_id=run_id or f"row{index}", language=language, params=params, tokens=tokens,
                        loss=loss, unique_tokens=unique, auxiliary_language=aux, shares=shares))
    if not runs:
        raise RunsError(f"{source}: no runs (the file has a header but no rows)")
    return runs


def read_runs(path: str | Path) -> list[Run]:
    """Read and validate a runs file (.csv, or .parquet)."""
    path = Path(path)
    if not path.is_file():
        raise RunsError(f"{path}: no such runs file")
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet as pq

            table = pq.read_table(path)
        except Exception as error:  # pyarrow raises several types for unreadable files
            raise RunsError(f"{path}: cannot read as Parquet: {error}") from None
        return validate_rows(table.to_pylist(), columns=list(table.column_names), source=str(path))
    if path.suffix.lower() != ".csv":
        raise RunsError(f"{path}: expected a .csv or .parquet runs file")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        if not columns:
            raise RunsError(f"{path}: empty file (expected a header row)")
        rows = list(reader)
    for index, row in enumerate(rows, start=1):
        if None in row:
            raise RunsError(f"{path}: row {index}: more fields than header columns")
    return validate_rows(rows, columns=columns, source=str(path))


def write_runs_csv(path: str | Path, rows: list[Mapping[str, Any]], *, share_components: list[str] = ()) -> None:
    columns = ["run_id", "language", "params", "tokens", "unique_tokens", "auxiliary_language",
               *[SHARE_PREFIX + c for c in share_components], "loss"]
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: ("" if row.get(c) is None else row.get(c)) for c in columns})
