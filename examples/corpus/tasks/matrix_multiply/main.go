// Matrix multiplication and transposition.
//
// Multiplies a 2x3 matrix by a 3x2 matrix with the textbook triple loop, prints
// both inputs, the product and its transpose, checks the identity
// (A x B)^T = B^T x A^T, and shows the error for incompatible shapes.
package main

import (
	"fmt"
	"reflect"
	"strings"
)

type matrix [][]int

var (
	a = matrix{{1, 2, 3}, {4, 5, 6}}
	b = matrix{{7, 8}, {9, 10}, {11, 12}}
)

func (m matrix) shape() string {
	return fmt.Sprintf("%dx%d", len(m), len(m[0]))
}

func multiply(left, right matrix) (matrix, error) {
	if len(left[0]) != len(right) {
		return nil, fmt.Errorf("cannot multiply %s by %s", left.shape(), right.shape())
	}
	product := make(matrix, len(left))
	for i := range left {
		product[i] = make([]int, len(right[0]))
		for j := range right[0] {
			for k := range right {
				product[i][j] += left[i][k] * right[k][j]
			}
		}
	}
	return product, nil
}

func (m matrix) transpose() matrix {
	result := make(matrix, len(m[0]))
	for j := range result {
		result[j] = make([]int, len(m))
		for i := range m {
			result[j][i] = m[i][j]
		}
	}
	return result
}

func printMatrix(name string, m matrix) {
	fmt.Printf("%s (%s):\n", name, m.shape())
	for _, row := range m {
		var line strings.Builder
		for _, value := range row {
			fmt.Fprintf(&line, "%4d", value)
		}
		fmt.Println(line.String())
	}
}

func main() {
	product, _ := multiply(a, b) // shapes are fixed and compatible
	printMatrix("A", a)
	printMatrix("B", b)
	printMatrix("A x B", product)
	printMatrix("(A x B)^T", product.transpose())
	expected, _ := multiply(b.transpose(), a.transpose())
	same := "no"
	if reflect.DeepEqual(product.transpose(), expected) {
		same = "yes"
	}
	fmt.Printf("(A x B)^T == B^T x A^T: %s\n", same)
	if _, err := multiply(a, a); err != nil {
		fmt.Printf("A x A: error: %v\n", err)
	}
}
