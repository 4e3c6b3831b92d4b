// Parse embedded CSV rows (city,temperature), report bad rows, print min/max/mean per city by name.

using System;
using System.Collections.Generic;
using System.Globalization;

class CityStats
{
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double Total { get; private set; }
    public int Count { get; private set; }
    public double Mean => Total / Count;

    public void Add(double value)
    {
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        Total += value;
        Count++;
    }
}

static class Program
{
    const string Data = @"city,temperature
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

    static void Main()
    {
        // Parsing and formatting use the invariant culture: '.' is the decimal separator everywhere.
        var invariant = CultureInfo.InvariantCulture;
        var stats = new SortedDictionary<string, CityStats>(StringComparer.Ordinal);
        int skipped = 0, readings = 0;
        var lines = Data.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 1; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            var fields = lines[i].Split(',');
            if (fields.Length != 2)
            {
                Console.WriteLine($"skipping line {lineNumber}: expected 2 fields, got {fields.Length}");
                skipped++;
                continue;
            }
            if (!double.TryParse(fields[1], NumberStyles.Float, invariant, out double value))
            {
                Console.WriteLine($"skipping line {lineNumber}: invalid temperature '{fields[1]}'");
                skipped++;
                continue;
            }
            if (!stats.TryGetValue(fields[0], out var cityStats))
            {
                stats[fields[0]] = cityStats = new CityStats();
            }
            cityStats.Add(value);
            readings++;
        }
        Console.WriteLine($"parsed {readings} readings, skipped {skipped} lines");
        Console.WriteLine(string.Format("{0,-8}{1,7}{2,7}{3,8}{4,10}", "city", "min", "max", "mean", "readings"));
        foreach (var entry in stats)
        {
            var s = entry.Value;
            Console.WriteLine(string.Format(invariant, "{0,-8}{1,7:F1}{2,7:F1}{3,8:F2}{4,10}",
                entry.Key, s.Min, s.Max, s.Mean, s.Count));
        }
    }
}
