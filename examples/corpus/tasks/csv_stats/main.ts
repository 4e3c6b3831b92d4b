// Parse embedded CSV rows (city,temperature), report bad rows, print min/max/mean per city by name.

const DATA = `city,temperature
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
`;

interface Reading {
  city: string;
  temperature: number;
}

interface CityStats {
  min: number;
  max: number;
  total: number;
  count: number;
}

type ParseResult = { ok: true; reading: Reading } | { ok: false; reason: string };

function parseRow(line: string): ParseResult {
  const fields = line.split(",");
  if (fields.length !== 2) return { ok: false, reason: `expected 2 fields, got ${fields.length}` };
  const [city, raw] = fields;
  // Number("") is 0, so an empty field must be rejected explicitly.
  const temperature = Number(raw);
  if (raw.trim() === "" || Number.isNaN(temperature)) return { ok: false, reason: `invalid temperature '${raw}'` };
  return { ok: true, reading: { city, temperature } };
}

const stats = new Map<string, CityStats>();
let skipped = 0;
const lines = DATA.split("\n").filter((line) => line !== "");
lines.slice(1).forEach((line, index) => {
  const result = parseRow(line);
  if (!result.ok) {
    console.log(`skipping line ${index + 2}: ${result.reason}`);
    skipped++;
    return;
  }
  const { city, temperature } = result.reading;
  const s = stats.get(city) ?? { min: Infinity, max: -Infinity, total: 0, count: 0 };
  s.min = Math.min(s.min, temperature);
  s.max = Math.max(s.max, temperature);
  s.total += temperature;
  s.count++;
  stats.set(city, s);
});

const readings = [...stats.values()].reduce((sum, s) => sum + s.count, 0);
console.log(`parsed ${readings} readings, skipped ${skipped} lines`);
console.log("city".padEnd(8) + "min".padStart(7) + "max".padStart(7) + "mean".padStart(8) + "readings".padStart(10));
for (const [city, s] of [...stats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  console.log(city.padEnd(8) + s.min.toFixed(1).padStart(7) + s.max.toFixed(1).padStart(7)
    + (s.total / s.count).toFixed(2).padStart(8) + String(s.count).padStart(10));
}
