// Fibonacci numbers two ways.
//
// Prints the first 20 Fibonacci numbers computed iteratively, then fib(50) and
// fib(90) from a memoised recursive function. fib(90) still fits in a signed
// 64-bit integer, so every translation can use its native 64-bit type.

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

public class Main {
    static List<Long> firstFibonacci(int count) {
        List<Long> numbers = new ArrayList<>(count);
        long a = 0;
        long b = 1;
        for (int i = 0; i < count; i++) {
            numbers.add(a);
            long next = a + b;
            a = b;
            b = next;
        }
        return numbers;
    }

    // computeIfAbsent must not recurse into the same map, so the memo is filled by hand.
    static long fibMemo(int n, Map<Integer, Long> memo) {
        Long cached = memo.get(n);
        if (cached != null) {
            return cached;
        }
        long value = fibMemo(n - 1, memo) + fibMemo(n - 2, memo);
        memo.put(n, value);
        return value;
    }

    public static void main(String[] args) {
        String first = firstFibonacci(20).stream()
                .map(String::valueOf)
                .collect(Collectors.joining(" "));
        System.out.println("first 20: " + first);

        Map<Integer, Long> memo = new HashMap<>(Map.of(0, 0L, 1, 1L));
        for (int n : new int[] {50, 90}) {
            System.out.printf("fib(%d) = %d%n", n, fibMemo(n, memo));
        }
        System.out.println("memo entries: " + memo.size());
    }
}
