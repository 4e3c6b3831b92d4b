// Parse embedded CSV rows (city,temperature), report bad rows, print min/max/mean per city by name.

use std::collections::BTreeMap;

const DATA: &str = "city,temperature
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
";

struct CityStats {
    min: f64,
    max: f64,
    total: f64,
    count: usize,
}

impl CityStats {
    fn new() -> Self {
        CityStats {
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            total: 0.0,
            count: 0,
        }
    }

    fn add(&mut self, value: f64) {
        self.min = self.min.min(value);
        self.max = self.max.max(value);
        self.total += value;
        self.count += 1;
    }

    fn mean(&self) -> f64 {
        self.total / self.count as f64
    }
}

fn parse_row(line: &str) -> Result<(&str, f64), String> {
    let fields: Vec<&str> = line.split(',').collect();
    let [city, raw] = fields[..] else {
        return Err(format!("expected 2 fields, got {}", fields.len()));
    };
    let value = raw
        .parse::<f64>()
        .map_err(|_| format!("invalid temperature '{}'", raw))?;
    Ok((city, value))
}

fn main() {
    // BTreeMap iterates in key order, so the report comes out sorted by city.
    let mut stats: BTreeMap<&str, CityStats> = BTreeMap::new();
    let mut skipped = 0;
    for (index, line) in DATA.lines().enumerate().skip(1) {
        match parse_row(line) {
            Ok((city, value)) => stats.entry(city).or_insert_with(CityStats::new).add(value),
            Err(reason) => {
                println!("skipping line {}: {}", index + 1, reason);
                skipped += 1;
            }
        }
    }
    let readings: usize = stats.values().map(|s| s.count).sum();
    println!("parsed {} readings, skipped {} lines", readings, skipped);
    println!(
        "{:<8}{:>7}{:>7}{:>8}{:>10}",
        "city", "min", "max", "mean", "readings"
    );
    for (city, s) in &stats {
        println!(
            "{:<8}{:>7.1}{:>7.1}{:>8.2}{:>10}",
            city,
            s.min,
            s.max,
            s.mean(),
            s.count
        );
    }
}
