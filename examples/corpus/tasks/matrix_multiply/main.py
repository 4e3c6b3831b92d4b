"""Matrix multiplication and transposition.

Multiplies a 2x3 matrix by a 3x2 matrix with the textbook triple loop, prints
both inputs, the product and its transpose, checks the identity
(A x B)^T = B^T x A^T, and shows the error for incompatible shapes.
"""

Matrix = list[list[int]]

A: Matrix = [[1, 2, 3], [4, 5, 6]]
B: Matrix = [[7, 8], [9, 10], [11, 12]]


def shape(m: Matrix) -> str:
    return f"{len(m)}x{len(m[0])}"


def multiply(left: Matrix, right: Matrix) -> Matrix:
    if len(left[0]) != len(right):
        raise ValueError(f"cannot multiply {shape(left)} by {shape(right)}")
    inner = len(right)
    return [
        [sum(left[i][k] * right[k][j] for k in range(inner)) for j in range(len(right[0]))]
        for i in range(len(left))
    ]


def transpose(m: Matrix) -> Matrix:
    return [[m[i][j] for i in range(len(m))] for j in range(len(m[0]))]


def print_matrix(name: str, m: Matrix) -> None:
    print(f"{name} ({shape(m)}):")
    for row in m:
        print("".join(f"{value:4d}" for value in row))


def main() -> None:
    product = multiply(A, B)
    print_matrix("A", A)
    print_matrix("B", B)
    print_matrix("A x B", product)
    print_matrix("(A x B)^T", transpose(product))
    same = transpose(product) == multiply(transpose(B), transpose(A))
    print(f"(A x B)^T == B^T x A^T: {'yes' if same else 'no'}")
    try:
        multiply(A, A)
    except ValueError as error:
        print(f"A x A: error: {error}")


if __name__ == "__main__":
    main()
