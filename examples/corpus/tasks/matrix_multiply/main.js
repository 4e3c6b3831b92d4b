// Matrix multiplication and transposition.
//
// Multiplies a 2x3 matrix by a 3x2 matrix with the textbook triple loop, prints
// both inputs, the product and its transpose, checks the identity
// (A x B)^T = B^T x A^T, and shows the error for incompatible shapes.

const A = [
  [1, 2, 3],
  [4, 5, 6],
];
const B = [
  [7, 8],
  [9, 10],
  [11, 12],
];

const shape = (m) => `${m.length}x${m[0].length}`;

function multiply(left, right) {
  if (left[0].length !== right.length) {
    throw new RangeError(`cannot multiply ${shape(left)} by ${shape(right)}`);
  }
  return left.map((row) =>
    right[0].map((_, j) => row.reduce((sum, value, k) => sum + value * right[k][j], 0)),
  );
}

const transpose = (m) => m[0].map((_, j) => m.map((row) => row[j]));

function printMatrix(name, m) {
  console.log(`${name} (${shape(m)}):`);
  for (const row of m) {
    console.log(row.map((value) => String(value).padStart(4)).join(""));
  }
}

function main() {
  const product = multiply(A, B);
  printMatrix("A", A);
  printMatrix("B", B);
  printMatrix("A x B", product);
  printMatrix("(A x B)^T", transpose(product));
  const same =
    JSON.stringify(transpose(product)) === JSON.stringify(multiply(transpose(B), transpose(A)));
  console.log(`(A x B)^T == B^T x A^T: ${same ? "yes" : "no"}`);
  try {
    multiply(A, A);
  } catch (error) {
    console.log(`A x A: error: ${error.message}`);
  }
}

main();
