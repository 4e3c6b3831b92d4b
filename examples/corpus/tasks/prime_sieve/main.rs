//! Sieve of Eratosthenes up to 100.
//!
//! Crosses out the multiples of every prime p starting at p * p (smaller multiples
//! were already crossed out by smaller primes), then prints the primes ten per
//! line, their count and their sum.

const LIMIT: usize = 100;
const PER_LINE: usize = 10;

fn sieve(limit: usize) -> Vec<usize> {
    let mut is_prime = vec![true; limit + 1];
    is_prime[0] = false;
    is_prime[1] = false;
    let mut p = 2;
    while p * p <= limit {
        if is_prime[p] {
            for multiple in (p * p..=limit).step_by(p) {
                is_prime[multiple] = false;
            }
        }
        p += 1;
    }
    (0..=limit).filter(|&n| is_prime[n]).collect()
}

fn main() {
    let primes = sieve(LIMIT);
    println!("primes up to {}:", LIMIT);
    for line in primes.chunks(PER_LINE) {
        let parts: Vec<String> = line.iter().map(|p| p.to_string()).collect();
        println!("{}", parts.join(" "));
    }
    println!("count: {}", primes.len());
    println!("sum: {}", primes.iter().sum::<usize>());
}
