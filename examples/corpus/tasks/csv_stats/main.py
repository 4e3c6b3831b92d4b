"""Parse embedded CSV rows (city,temperature), report bad rows, print min/max/mean per city by name."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

DATA = """city,temperature
Oslo,-3.5
Lisbon,18.2
Oslo,1.0
Cairo,31.4
Lisbon,21.7
Oslo,n/a
Cairo,29.9
Paris
Lisbon,16.4
Cairo,35.0
Rome,
Paris,12.3
Oslo,-7.2
"""


@dataclass
class Stats:
    minimum: float
    maximum: float
    total: float = 0.0
    count: int = 0

    def add(self, value: float) -> None:
        self.minimum = min(self.minimum, value)
        self.maximum = max(self.maximum, value)
        self.total += value
        self.count += 1

    @property
    def mean(self) -> float:
        return self.total / self.count


def main() -> None:
    stats: dict[str, Stats] = {}
    skipped = 0
    rows = csv.reader(io.StringIO(DATA))
    next(rows)  # header
    for line_number, row in enumerate(rows, start=2):
        if len(row) != 2:
            print(f"skipping line {line_number}: expected 2 fields, got {len(row)}")
            skipped += 1
            continue
        city, raw = row
        try:
            value = float(raw)
        except ValueError:
            print(f"skipping line {line_number}: invalid temperature '{raw}'")
            skipped += 1
            continue
        stats.setdefault(city, Stats(value, value)).add(value)
    readings = sum(s.count for s in stats.values())
    print(f"parsed {readings} readings, skipped {skipped} lines")
    print(f"{'city':<8}{'min':>7}{'max':>7}{'mean':>8}{'readings':>10}")
    for city in sorted(stats):
        s = stats[city]
        print(f"{city:<8}{s.minimum:>7.1f}{s.maximum:>7.1f}{s.mean:>8.2f}{s.count:>10}")


if __name__ == "__main__":
    main()
