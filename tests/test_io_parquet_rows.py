"""`codemix.io.read_parquet_rows`: chosen rows of a Parquet file, a row group at a time."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from codemix.io import read_parquet_rows


@pytest.fixture
def table_file(tmp_path):
    table = pa.table({"id": [f"doc-{i}" for i in range(2_500)], "n": np.arange(2_500, dtype=np.int64),
                      "text": ["x" * (i % 17) for i in range(2_500)]})
    path = tmp_path / "00000.parquet"
    pq.write_table(table, path, row_group_size=1_000)
    return path, table


def test_rows_across_row_groups_are_the_rows_asked_for(table_file):
    path, table = table_file
    rows = np.array([0, 3, 999, 1_000, 1_001, 2_499])
    got = read_parquet_rows(path, rows, ["id", "n"])
    assert got.equals(table.select(["id", "n"]).take(pa.array(rows)))
    assert got.column("id").num_chunks == 1


def test_no_rows_is_an_empty_table_of_the_columns(table_file):
    path, _ = table_file
    got = read_parquet_rows(path, np.array([], dtype=np.int64), ["n", "id"])
    assert got.num_rows == 0 and got.column_names == ["n", "id"]


def test_only_the_row_groups_holding_a_row_are_read(table_file, monkeypatch):
    path, _ = table_file
    read = []
    original = pq.ParquetFile.read_row_group

    def counting(self, group, *args, **kwargs):
        read.append(group)
        return original(self, group, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "read_row_group", counting)
    read_parquet_rows(path, np.array([5, 2_100]), ["n"])
    assert read == [0, 2]


@pytest.mark.parametrize("rows", [[3, 1], [4, 4], [-1], [2_500]])
def test_rows_out_of_order_or_range_name_the_file(table_file, rows):
    path, _ = table_file
    with pytest.raises(ValueError, match="00000.parquet: rows to read must be ascending"):
        read_parquet_rows(path, np.array(rows), ["n"])
