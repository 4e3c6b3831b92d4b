// Matrix multiplication and transposition.
//
// Multiplies a 2x3 matrix by a 3x2 matrix with the textbook triple loop, prints
// both inputs, the product and its transpose, checks the identity
// (A x B)^T = B^T x A^T, and shows the error for incompatible shapes.

type Matrix = readonly (readonly number[])[];

const A: Matrix = [
  [1, 2, 3],
  [4, 5, 6],
];
const B: Matrix = [
  [7, 8],
  [9, 10],
  [11, 12],
];

const shape = (m: Matrix): string => `${m.length}x${m[0].length}`;

function multiply(left: Matrix, right: Matrix): number[][] {
  if (left[0].length !== right.length) {
    throw new RangeError(`cannot multiply ${shape(left)} by ${shape(right)}`);
  }
  return left.map((row) =>
    right[0].map((_, j) => row.reduce((sum, value, k) => sum + value * right[k][j], 0)),
  );
}

function transpose(m: Matrix): number[][] {
  return m[0].map((_, j) => m.map((row) => row[j]));
}

function equals(x: Matrix, y: Matrix): boolean {
  return (
    x.length === y.length &&
    x.every((row, i) => row.length === y[i].length && row.every((value, j) => value === y[i][j]))
  );
}

function printMatrix(name: string, m: Matrix): void {
  console.log(`${name} (${shape(m)}):`);
  for (const row of m) {
    console.log(row.map((value) => String(value).padStart(4)).join(""));
  }
}

function main(): void {
  const product = multiply(A, B);
  printMatrix("A", A);
  printMatrix("B", B);
  printMatrix("A x B", product);
  printMatrix("(A x B)^T", transpose(product));
  const same: boolean = equals(transpose(product), multiply(transpose(B), transpose(A)));
  console.log(`(A x B)^T == B^T x A^T: ${same ? "yes" : "no"}`);
  try {
    multiply(A, A);
  } catch (error: unknown) {
    console.log(`A x A: error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

main();
