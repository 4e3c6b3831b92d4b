"""Greatest common divisor and least common multiple.

Uses Euclid's algorithm for the gcd of each pair, derives the lcm from it
(dividing before multiplying to keep intermediates small; lcm with 0 is 0), and
folds lcm over whole lists: the last one is the smallest number divisible by
every integer from 1 to 20.
"""

from functools import reduce

PAIRS = [(12, 18), (17, 5), (0, 9), (48, 180), (1071, 462)]
LISTS = [[4, 6, 8, 10, 15], list(range(1, 21))]


def gcd(a: int, b: int) -> int:
    while b != 0:
        a, b = b, a % b
    return a


def lcm(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return a // gcd(a, b) * b


def lcm_of(values: list[int]) -> int:
    return reduce(lcm, values, 1)


def main() -> None:
    for a, b in PAIRS:
        print(f"gcd({a}, {b}) = {gcd(a, b)}, lcm({a}, {b}) = {lcm(a, b)}")
    for values in LISTS:
        print(f"lcm of [{' '.join(str(v) for v in values)}] = {lcm_of(values)}")


if __name__ == "__main__":
    main()
