// Fibonacci numbers two ways.
//
// Prints the first 20 Fibonacci numbers computed iteratively, then fib(50) and
// fib(90) from a memoised recursive function. fib(90) is larger than
// Number.MAX_SAFE_INTEGER, so the memoised version works on bigint.

type Memo = Map<number, bigint>;

function firstFibonacci(count: number): number[] {
  const numbers: number[] = [];
  let a = 0;
  let b = 1;
  for (let i = 0; i < count; i++) {
    numbers.push(a);
    [a, b] = [b, a + b];
  }
  return numbers;
}

function fibMemo(n: number, memo: Memo): bigint {
  const cached: bigint | undefined = memo.get(n);
  if (cached !== undefined) {
    return cached;
  }
  const value: bigint = fibMemo(n - 1, memo) + fibMemo(n - 2, memo);
  memo.set(n, value);
  return value;
}

function main(): void {
  console.log(`first 20: ${firstFibonacci(20).join(" ")}`);

  const memo: Memo = new Map<number, bigint>([
    [0, 0n],
    [1, 1n],
  ]);
  for (const n of [50, 90]) {
    console.log(`fib(${n}) = ${fibMemo(n, memo)}`);
  }
  console.log(`memo entries: ${memo.size}`);
}

main();
