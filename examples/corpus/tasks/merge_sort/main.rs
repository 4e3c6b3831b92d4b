//! Recursive merge sort of a fixed integer array.
//!
//! Splits the array in halves, sorts each half recursively and merges them; the
//! merge takes from the left half on ties, so the sort is stable. Prints the array
//! before and after sorting.

const VALUES: [i32; 12] = [38, 27, 43, 3, 9, 82, 10, 3, -5, 64, 0, 27];

fn merge(left: &[i32], right: &[i32]) -> Vec<i32> {
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if left[i] <= right[j] {
            merged.push(left[i]);
            i += 1;
        } else {
            merged.push(right[j]);
            j += 1;
        }
    }
    merged.extend_from_slice(&left[i..]);
    merged.extend_from_slice(&right[j..]);
    merged
}

fn merge_sort(values: &[i32]) -> Vec<i32> {
    if values.len() <= 1 {
        return values.to_vec();
    }
    let (left, right) = values.split_at(values.len() / 2);
    merge(&merge_sort(left), &merge_sort(right))
}

fn format_values(values: &[i32]) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    println!("before: {}", format_values(&VALUES));
    println!("after:  {}", format_values(&merge_sort(&VALUES)));
}
