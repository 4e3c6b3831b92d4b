// Sieve of Eratosthenes up to 100.
//
// Crosses out the multiples of every prime p starting at p * p (smaller multiples
// were already crossed out by smaller primes), then prints the primes ten per
// line, their count and their sum.

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

public class Main {
    private static final int LIMIT = 100;
    private static final int PER_LINE = 10;

    static List<Integer> sieve(int limit) {
        boolean[] isPrime = new boolean[limit + 1];
        Arrays.fill(isPrime, 2, limit + 1, true);
        for (int p = 2; p * p <= limit; p++) {
            if (isPrime[p]) {
                for (int multiple = p * p; multiple <= limit; multiple += p) {
                    isPrime[multiple] = false;
                }
            }
        }
        List<Integer> primes = new ArrayList<>();
        for (int n = 2; n <= limit; n++) {
            if (isPrime[n]) {
                primes.add(n);
            }
        }
        return primes;
    }

    public static void main(String[] args) {
        List<Integer> primes = sieve(LIMIT);
        System.out.println("primes up to " + LIMIT + ":");
        for (int start = 0; start < primes.size(); start += PER_LINE) {
            List<Integer> line = primes.subList(start, Math.min(start + PER_LINE, primes.size()));
            System.out.println(line.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        }
        System.out.println("count: " + primes.size());
        System.out.println("sum: " + primes.stream().mapToInt(Integer::intValue).sum());
    }
}
