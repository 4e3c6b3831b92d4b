//! Fibonacci numbers two ways.
//!
//! Prints the first 20 Fibonacci numbers computed iteratively, then fib(50) and
//! fib(90) from a memoised recursive function. fib(90) still fits in a signed
//! 64-bit integer, so every translation can use its native 64-bit type.

use std::collections::HashMap;

fn first_fibonacci(count: usize) -> Vec<i64> {
    let mut numbers = Vec::with_capacity(count);
    let (mut a, mut b) = (0i64, 1i64);
    for _ in 0..count {
        numbers.push(a);
        (a, b) = (b, a + b);
    }
    numbers
}

fn fib_memo(n: u32, memo: &mut HashMap<u32, i64>) -> i64 {
    if let Some(&cached) = memo.get(&n) {
        return cached;
    }
    let value = fib_memo(n - 1, memo) + fib_memo(n - 2, memo);
    memo.insert(n, value);
    value
}

fn main() {
    let first: Vec<String> = first_fibonacci(20).iter().map(i64::to_string).collect();
    println!("first 20: {}", first.join(" "));

    let mut memo = HashMap::from([(0, 0), (1, 1)]);
    for n in [50, 90] {
        println!("fib({}) = {}", n, fib_memo(n, &mut memo));
    }
    println!("memo entries: {}", memo.len());
}
