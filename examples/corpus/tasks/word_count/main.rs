//! Word frequencies of a fixed paragraph.
//!
//! The text is lower-cased and split on every run of non-letters, so "that's"
//! counts as "that" and "s". Prints the totals and the five most frequent words,
//! ordered by count (highest first) and then alphabetically.

use std::collections::HashMap;

const PARAGRAPH: &str = "The quick brown fox jumps over the lazy dog. The dog sleeps in the sun; \
    the fox runs into the woods! A fox, a dog and a cat: which of them is the \
    quickest? Nobody knows, but the fox is quick and the dog is lazy, and \
    that's that.";

fn count_words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    let lower = text.to_lowercase();
    for word in lower
        .split(|c: char| !c.is_ascii_lowercase())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(word.to_string()).or_insert(0) += 1;
    }
    counts
}

fn top_words(counts: &HashMap<String, usize>, limit: usize) -> Vec<(&str, usize)> {
    let mut ranked: Vec<(&str, usize)> = counts
        .iter()
        .map(|(word, &count)| (word.as_str(), count))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    ranked.truncate(limit);
    ranked
}

fn main() {
    let counts = count_words(PARAGRAPH);
    println!("total words: {}", counts.values().sum::<usize>());
    println!("distinct words: {}", counts.len());
    println!("top 5:");
    for (word, count) in top_words(&counts, 5) {
        println!("  {}: {}", word, count);
    }
}
