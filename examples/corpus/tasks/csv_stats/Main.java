// Parse embedded CSV rows (city,temperature), report bad rows, print min/max/mean per city by name.

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

public class Main {
    private static final String DATA = """
            city,temperature
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
            """;

    static final class Stats {
        double minimum = Double.POSITIVE_INFINITY;
        double maximum = Double.NEGATIVE_INFINITY;
        double total;
        int count;

        void add(double value) {
            minimum = Math.min(minimum, value);
            maximum = Math.max(maximum, value);
            total += value;
            count++;
        }

        double mean() {
            return total / count;
        }
    }

    public static void main(String[] args) {
        Map<String, Stats> stats = new TreeMap<>();
        int skipped = 0;
        int readings = 0;
        String[] lines = DATA.split("\n");
        for (int i = 1; i < lines.length; i++) {
            int lineNumber = i + 1;
            String[] fields = lines[i].split(",", -1);
            if (fields.length != 2) {
                System.out.println("skipping line " + lineNumber + ": expected 2 fields, got " + fields.length);
                skipped++;
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(fields[1]);
            } catch (NumberFormatException e) {
                System.out.println("skipping line " + lineNumber + ": invalid temperature '" + fields[1] + "'");
                skipped++;
                continue;
            }
            stats.computeIfAbsent(fields[0], city -> new Stats()).add(value);
            readings++;
        }
        System.out.println("parsed " + readings + " readings, skipped " + skipped + " lines");
        System.out.printf("%-8s%7s%7s%8s%10s%n", "city", "min", "max", "mean", "readings");
        // Locale.ROOT: the decimal separator must be '.' whatever the machine's locale.
        stats.forEach((city, s) -> System.out.printf(Locale.ROOT, "%-8s%7.1f%7.1f%8.2f%10d%n",
                city, s.minimum, s.maximum, s.mean(), s.count));
    }
}
