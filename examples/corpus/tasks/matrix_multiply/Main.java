// Matrix multiplication and transposition.
//
// Multiplies a 2x3 matrix by a 3x2 matrix with the textbook triple loop, prints
// both inputs, the product and its transpose, checks the identity
// (A x B)^T = B^T x A^T, and shows the error for incompatible shapes.

import java.util.Arrays;

public class Main {
    private static final int[][] A = {{1, 2, 3}, {4, 5, 6}};
    private static final int[][] B = {{7, 8}, {9, 10}, {11, 12}};

    static String shape(int[][] m) {
        return m.length + "x" + m[0].length;
    }

    static int[][] multiply(int[][] left, int[][] right) {
        if (left[0].length != right.length) {
            throw new IllegalArgumentException("cannot multiply " + shape(left) + " by " + shape(right));
        }
        int[][] product = new int[left.length][right[0].length];
        for (int i = 0; i < left.length; i++) {
            for (int j = 0; j < right[0].length; j++) {
                for (int k = 0; k < right.length; k++) {
                    product[i][j] += left[i][k] * right[k][j];
                }
            }
        }
        return product;
    }

    static int[][] transpose(int[][] m) {
        int[][] result = new int[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                result[j][i] = m[i][j];
            }
        }
        return result;
    }

    static void printMatrix(String name, int[][] m) {
        System.out.println(name + " (" + shape(m) + "):");
        for (int[] row : m) {
            StringBuilder line = new StringBuilder();
            for (int value : row) {
                line.append(String.format("%4d", value));
            }
            System.out.println(line);
        }
    }

    public static void main(String[] args) {
        int[][] product = multiply(A, B);
        printMatrix("A", A);
        printMatrix("B", B);
        printMatrix("A x B", product);
        printMatrix("(A x B)^T", transpose(product));
        boolean same = Arrays.deepEquals(transpose(product), multiply(transpose(B), transpose(A)));
        System.out.println("(A x B)^T == B^T x A^T: " + (same ? "yes" : "no"));
        try {
            multiply(A, A);
        } catch (IllegalArgumentException e) {
            System.out.println("A x A: error: " + e.getMessage());
        }
    }
}
