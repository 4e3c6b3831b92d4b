// Group words that are anagrams of each other (same sorted letters) and print the groups in a fixed order.

use std::cmp::Reverse;
use std::collections::HashMap;

fn sorted_letters(word: &str) -> String {
    let mut letters: Vec<char> = word.chars().collect();
    letters.sort_unstable();
    letters.into_iter().collect()
}

fn group_anagrams<'a>(words: &[&'a str]) -> Vec<(String, Vec<&'a str>)> {
    let mut by_key: HashMap<String, Vec<&str>> = HashMap::new();
    for &word in words {
        by_key.entry(sorted_letters(word)).or_default().push(word);
    }
    let mut groups: Vec<(String, Vec<&str>)> = by_key
        .into_iter()
        .map(|(key, mut members)| {
            members.sort_unstable();
            (key, members)
        })
        .collect();
    // Largest groups first; ties by key, so the order never depends on hashing.
    groups.sort_by(|(key_a, a), (key_b, b)| {
        (Reverse(a.len()), key_a).cmp(&(Reverse(b.len()), key_b))
    });
    groups
}

fn main() {
    let words = [
        "listen", "silent", "enlist", "google", "inlets", "banana", "tinsel", "rat", "tar", "art",
        "evil", "vile", "live", "veil", "stone", "notes", "onset", "tones", "apple", "elbow",
        "below",
    ];
    let groups = group_anagrams(&words);
    println!("{} words, {} groups", words.len(), groups.len());
    for (key, members) in &groups {
        println!("{} ({}): {}", key, members.len(), members.join(" "));
    }
}
