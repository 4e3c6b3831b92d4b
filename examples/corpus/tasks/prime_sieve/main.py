"""Sieve of Eratosthenes up to 100.

Crosses out the multiples of every prime p starting at p * p (smaller multiples
were already crossed out by smaller primes), then prints the primes ten per
line, their count and their sum.
"""

LIMIT = 100
PER_LINE = 10


def sieve(limit: int) -> list[int]:
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    p = 2
    while p * p <= limit:
        if is_prime[p]:
            for multiple in range(p * p, limit + 1, p):
                is_prime[multiple] = False
        p += 1
    return [n for n, prime in enumerate(is_prime) if prime]


def main() -> None:
    primes = sieve(LIMIT)
    print(f"primes up to {LIMIT}:")
    for start in range(0, len(primes), PER_LINE):
        print(" ".join(str(p) for p in primes[start:start + PER_LINE]))
    print(f"count: {len(primes)}")
    print(f"sum: {sum(primes)}")


if __name__ == "__main__":
    main()
