// Sieve of Eratosthenes up to 100.
//
// Crosses out the multiples of every prime p starting at p * p (smaller multiples
// were already crossed out by smaller primes), then prints the primes ten per
// line, their count and their sum.

const LIMIT = 100;
const PER_LINE = 10;

function sieve(limit: number): number[] {
  const isPrime: boolean[] = new Array<boolean>(limit + 1).fill(true);
  isPrime[0] = isPrime[1] = false;
  for (let p = 2; p * p <= limit; p++) {
    if (isPrime[p]) {
      for (let multiple = p * p; multiple <= limit; multiple += p) {
        isPrime[multiple] = false;
      }
    }
  }
  return isPrime.flatMap((prime: boolean, n: number): number[] => (prime ? [n] : []));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

function main(): void {
  const primes: number[] = sieve(LIMIT);
  console.log(`primes up to ${LIMIT}:`);
  for (const line of chunks(primes, PER_LINE)) {
    console.log(line.join(" "));
  }
  console.log(`count: ${primes.length}`);
  console.log(`sum: ${primes.reduce((total, p) => total + p, 0)}`);
}

main();
