//! Iterative binary search over a sorted array.
//!
//! Looks up several targets (present at the ends, in the middle, and absent below,
//! inside and above the range) and prints the index found or "not found".

use std::cmp::Ordering;

const SORTED_VALUES: [i32; 14] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43];
const TARGETS: [i32; 6] = [2, 19, 43, 1, 20, 44];

/// Returns the index of `target` in `values`, or `None` when it is absent.
fn binary_search(values: &[i32], target: i32) -> Option<usize> {
    // `high` is exclusive so the bounds never go below zero.
    let (mut low, mut high) = (0, values.len());
    while low < high {
        let mid = low + (high - low) / 2;
        match values[mid].cmp(&target) {
            Ordering::Equal => return Some(mid),
            Ordering::Less => low = mid + 1,
            Ordering::Greater => high = mid,
        }
    }
    None
}

fn main() {
    let joined: Vec<String> = SORTED_VALUES.iter().map(|v| v.to_string()).collect();
    println!("values: {}", joined.join(" "));
    for target in TARGETS {
        match binary_search(&SORTED_VALUES, target) {
            Some(index) => println!("search {}: found at index {}", target, index),
            None => println!("search {}: not found", target),
        }
    }
}
