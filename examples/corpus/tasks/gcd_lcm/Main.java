// Greatest common divisor and least common multiple.
//
// Uses Euclid's algorithm for the gcd of each pair, derives the lcm from it
// (dividing before multiplying to keep intermediates small; lcm with 0 is 0), and
// folds lcm over whole lists: the last one is the smallest number divisible by
// every integer from 1 to 20.

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

public class Main {
    private static final long[][] PAIRS = {{12, 18}, {17, 5}, {0, 9}, {48, 180}, {1071, 462}};
    private static final long[][] LISTS = {
        {4, 6, 8, 10, 15},
        LongStream.rangeClosed(1, 20).toArray(),
    };

    static long gcd(long a, long b) {
        while (b != 0) {
            long remainder = a % b;
            a = b;
            b = remainder;
        }
        return a;
    }

    static long lcm(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a / gcd(a, b) * b;
    }

    static long lcmOf(long[] values) {
        return Arrays.stream(values).reduce(1, Main::lcm);
    }

    public static void main(String[] args) {
        for (long[] pair : PAIRS) {
            long a = pair[0];
            long b = pair[1];
            System.out.printf("gcd(%d, %d) = %d, lcm(%d, %d) = %d%n", a, b, gcd(a, b), a, b, lcm(a, b));
        }
        for (long[] values : LISTS) {
            String joined = Arrays.stream(values).mapToObj(String::valueOf).collect(Collectors.joining(" "));
            System.out.printf("lcm of [%s] = %d%n", joined, lcmOf(values));
        }
    }
}
