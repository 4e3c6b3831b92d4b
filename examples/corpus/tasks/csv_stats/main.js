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

// Number("") is 0, so an empty field must be rejected explicitly.
function parseTemperature(field) {
  const value = Number(field);
  return field.trim() === "" || Number.isNaN(value) ? null : value;
}

const stats = new Map();
let skipped = 0;
const lines = DATA.split("\n").filter((line) => line !== "");
lines.slice(1).forEach((line, index) => {
  const lineNumber = index + 2;
  const fields = line.split(",");
  if (fields.length !== 2) {
    console.log(`skipping line ${lineNumber}: expected 2 fields, got ${fields.length}`);
    skipped++;
    return;
  }
  const [city, raw] = fields;
  const value = parseTemperature(raw);
  if (value === null) {
    console.log(`skipping line ${lineNumber}: invalid temperature '${raw}'`);
    skipped++;
    return;
  }
  const s = stats.get(city) ?? { min: Infinity, max: -Infinity, total: 0, count: 0 };
  s.min = Math.min(s.min, value);
  s.max = Math.max(s.max, value);
  s.total += value;
  s.count++;
  stats.set(city, s);
});

const readings = [...stats.values()].reduce((sum, s) => sum + s.count, 0);
console.log(`parsed ${readings} readings, skipped ${skipped} lines`);
console.log("city".padEnd(8) + "min".padStart(7) + "max".padStart(7) + "mean".padStart(8) + "readings".padStart(10));
for (const city of [...stats.keys()].sort()) {
  const s = stats.get(city);
  console.log(city.padEnd(8) + s.min.toFixed(1).padStart(7) + s.max.toFixed(1).padStart(7)
    + (s.total / s.count).toFixed(2).padStart(8) + String(s.count).padStart(10));
}
