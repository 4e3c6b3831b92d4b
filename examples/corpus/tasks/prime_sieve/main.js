// Sieve of Eratosthenes up to 100.
//
// Crosses out the multiples of every prime p starting at p * p (smaller multiples
// were already crossed out by smaller primes), then prints the primes ten per
// line, their count and their sum.

const LIMIT = 100;
const PER_LINE = 10;

function sieve(limit) {
  const isPrime = new Array(limit + 1).fill(true);
  isPrime[0] = isPrime[1] = false;
  for (let p = 2; p * p <= limit; p++) {
    if (isPrime[p]) {
      for (let multiple = p * p; multiple <= limit; multiple += p) {
        isPrime[multiple] = false;
      }
    }
  }
  return isPrime.flatMap((prime, n) => (prime ? [n] : []));
}

function main() {
  const primes = sieve(LIMIT);
  console.log(`primes up to ${LIMIT}:`);
  for (let start = 0; start < primes.length; start += PER_LINE) {
    console.log(primes.slice(start, start + PER_LINE).join(" "));
  }
  console.log(`count: ${primes.length}`);
  console.log(`sum: ${primes.reduce((total, p) => total + p, 0)}`);
}

main();
