//! Palindrome checks.
//!
//! A phrase is a palindrome when its letters and digits, lower-cased, read the same
//! backwards; spaces and punctuation are ignored. Also finds the longest
//! palindromic substring of one word by expanding around every centre (the first
//! one found wins on ties).

const PHRASES: [&str; 8] = [
    "A man, a plan, a canal: Panama",
    "racecar",
    "Hello, World!",
    "Was it a car or a cat I saw?",
    "No 'x' in Nixon",
    "Step on no pets!",
    "codemix",
    "12321",
];
const WORD: &str = "mississippi";

fn is_palindrome(phrase: &str) -> bool {
    let cleaned: Vec<char> = phrase
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    cleaned.iter().eq(cleaned.iter().rev())
}

/// Grows a window around `centre` (one middle letter if `odd`, else two) while it
/// stays a palindrome; returns `(start, length)`.
fn expand(word: &[u8], centre: usize, odd: bool) -> (usize, usize) {
    // Work on an exclusive window [start, end) so indices never go below zero.
    let (mut start, mut end) = if odd {
        (centre, centre + 1)
    } else {
        (centre + 1, centre + 1)
    };
    while start > 0 && end < word.len() && word[start - 1] == word[end] {
        start -= 1;
        end += 1;
    }
    (start, end - start)
}

fn longest_palindrome(word: &str) -> &str {
    let bytes = word.as_bytes();
    let (mut best_start, mut best_length) = (0, 0);
    for centre in 0..bytes.len() {
        for odd in [true, false] {
            let (start, length) = expand(bytes, centre, odd);
            if length > best_length {
                (best_start, best_length) = (start, length);
            }
        }
    }
    &word[best_start..best_start + best_length]
}

fn main() {
    for phrase in PHRASES {
        let verdict = if is_palindrome(phrase) {
            "palindrome"
        } else {
            "not a palindrome"
        };
        println!("\"{}\" -> {}", phrase, verdict);
    }
    let longest = longest_palindrome(WORD);
    println!(
        "longest palindromic substring of \"{}\": \"{}\" (length {})",
        WORD,
        longest,
        longest.len()
    );
}
