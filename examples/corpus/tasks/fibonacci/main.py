"""Fibonacci numbers two ways.

Prints the first 20 Fibonacci numbers computed iteratively, then fib(50) and
fib(90) from a memoised recursive function. fib(90) still fits in a signed
64-bit integer, so every translation can use its native 64-bit type.
"""


def first_fibonacci(count: int) -> list[int]:
    numbers: list[int] = []
    a, b = 0, 1
    for _ in range(count):
        numbers.append(a)
        a, b = b, a + b
    return numbers


def fib_memo(n: int, memo: dict[int, int]) -> int:
    if n in memo:
        return memo[n]
    value = fib_memo(n - 1, memo) + fib_memo(n - 2, memo)
    memo[n] = value
    return value


def main() -> None:
    print("first 20:", " ".join(str(n) for n in first_fibonacci(20)))

    memo = {0: 0, 1: 1}
    for n in (50, 90):
        print(f"fib({n}) = {fib_memo(n, memo)}")
    print(f"memo entries: {len(memo)}")


if __name__ == "__main__":
    main()
