//! Greatest common divisor and least common multiple.
//!
//! Uses Euclid's algorithm for the gcd of each pair, derives the lcm from it
//! (dividing before multiplying to keep intermediates small; lcm with 0 is 0), and
//! folds lcm over whole lists: the last one is the smallest number divisible by
//! every integer from 1 to 20.

const PAIRS: [(u64, u64); 5] = [(12, 18), (17, 5), (0, 9), (48, 180), (1071, 462)];

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn lcm(a: u64, b: u64) -> u64 {
    if a == 0 || b == 0 {
        0
    } else {
        a / gcd(a, b) * b
    }
}

fn lcm_of(values: &[u64]) -> u64 {
    values.iter().fold(1, |acc, &v| lcm(acc, v))
}

fn main() {
    for (a, b) in PAIRS {
        println!(
            "gcd({a}, {b}) = {}, lcm({a}, {b}) = {}",
            gcd(a, b),
            lcm(a, b)
        );
    }

    let lists: [Vec<u64>; 2] = [vec![4, 6, 8, 10, 15], (1..=20).collect()];
    for values in &lists {
        let joined: Vec<String> = values.iter().map(u64::to_string).collect();
        println!("lcm of [{}] = {}", joined.join(" "), lcm_of(values));
    }
}
