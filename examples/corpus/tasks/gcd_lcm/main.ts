// Greatest common divisor and least common multiple.
//
// Uses Euclid's algorithm for the gcd of each pair, derives the lcm from it
// (dividing before multiplying to keep intermediates small; lcm with 0 is 0), and
// folds lcm over whole lists: the last one is the smallest number divisible by
// every integer from 1 to 20.

type Pair = readonly [number, number];

const PAIRS: readonly Pair[] = [
  [12, 18],
  [17, 5],
  [0, 9],
  [48, 180],
  [1071, 462],
];
const LISTS: readonly number[][] = [[4, 6, 8, 10, 15], Array.from({ length: 20 }, (_, i) => i + 1)];

function gcd(a: number, b: number): number {
  while (b !== 0) {
    [a, b] = [b, a % b];
  }
  return a;
}

function lcm(a: number, b: number): number {
  if (a === 0 || b === 0) {
    return 0;
  }
  return (a / gcd(a, b)) * b;
}

function lcmOf(values: readonly number[]): number {
  return values.reduce(lcm, 1);
}

function main(): void {
  for (const [a, b] of PAIRS) {
    console.log(`gcd(${a}, ${b}) = ${gcd(a, b)}, lcm(${a}, ${b}) = ${lcm(a, b)}`);
  }
  for (const values of LISTS) {
    console.log(`lcm of [${values.join(" ")}] = ${lcmOf(values)}`);
  }
}

main();
