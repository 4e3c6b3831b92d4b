//! Matrix multiplication and transposition.
//!
//! Multiplies a 2x3 matrix by a 3x2 matrix with the textbook triple loop, prints
//! both inputs, the product and its transpose, checks the identity
//! (A x B)^T = B^T x A^T, and shows the error for incompatible shapes.

type Matrix = Vec<Vec<i64>>;

fn shape(m: &Matrix) -> String {
    format!("{}x{}", m.len(), m[0].len())
}

fn multiply(left: &Matrix, right: &Matrix) -> Result<Matrix, String> {
    if left[0].len() != right.len() {
        return Err(format!(
            "cannot multiply {} by {}",
            shape(left),
            shape(right)
        ));
    }
    let mut product = vec![vec![0; right[0].len()]; left.len()];
    for (i, row) in product.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            *cell = (0..right.len()).map(|k| left[i][k] * right[k][j]).sum();
        }
    }
    Ok(product)
}

fn transpose(m: &Matrix) -> Matrix {
    (0..m[0].len())
        .map(|j| m.iter().map(|row| row[j]).collect())
        .collect()
}

fn print_matrix(name: &str, m: &Matrix) {
    println!("{} ({}):", name, shape(m));
    for row in m {
        let line: String = row.iter().map(|value| format!("{:4}", value)).collect();
        println!("{}", line);
    }
}

fn main() -> Result<(), String> {
    let a: Matrix = vec![vec![1, 2, 3], vec![4, 5, 6]];
    let b: Matrix = vec![vec![7, 8], vec![9, 10], vec![11, 12]];

    let product = multiply(&a, &b)?;
    print_matrix("A", &a);
    print_matrix("B", &b);
    print_matrix("A x B", &product);
    print_matrix("(A x B)^T", &transpose(&product));
    let same = transpose(&product) == multiply(&transpose(&b), &transpose(&a))?;
    println!(
        "(A x B)^T == B^T x A^T: {}",
        if same { "yes" } else { "no" }
    );
    if let Err(error) = multiply(&a, &a) {
        println!("A x A: error: {}", error);
    }
    Ok(())
}
