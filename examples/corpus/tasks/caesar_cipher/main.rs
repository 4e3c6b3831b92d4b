//! Caesar cipher: encrypt, decrypt and crack.
//!
//! Shifts ASCII letters through the alphabet, keeping their case; every other
//! character passes through unchanged. Cracks a ciphertext by trying all 26 shifts
//! and keeping the one whose decryption contains the most common English words
//! (the smallest shift wins on ties).

const MESSAGE: &str = "Hello, World! The quick brown fox jumps over the lazy dog.";
const SHIFT: i32 = 3;
const CIPHERTEXT: &str = "Xppe xp le esp zwo mctorp le olhy, lyo mctyr esp xla ez esp mzle!";
const COMMON_WORDS: [&str; 12] = [
    "the", "and", "to", "of", "a", "in", "is", "it", "at", "be", "me", "that",
];

struct Crack {
    shift: i32,
    score: usize,
    plaintext: String,
}

fn shift_char(c: char, shift: i32) -> char {
    let base = match c {
        'a'..='z' => b'a',
        'A'..='Z' => b'A',
        _ => return c,
    };
    let offset = (c as u8 - base) as i32;
    (base + (offset + shift).rem_euclid(26) as u8) as char
}

fn encrypt(text: &str, shift: i32) -> String {
    text.chars().map(|c| shift_char(c, shift)).collect()
}

fn decrypt(text: &str, shift: i32) -> String {
    encrypt(text, -shift)
}

fn english_score(text: &str) -> usize {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_lowercase())
        .filter(|word| COMMON_WORDS.contains(word))
        .count()
}

fn crack(ciphertext: &str) -> Crack {
    let mut best: Option<Crack> = None;
    for shift in 0..26 {
        let plaintext = decrypt(ciphertext, shift);
        let score = english_score(&plaintext);
        if best.as_ref().map_or(true, |b| score > b.score) {
            best = Some(Crack {
                shift,
                score,
                plaintext,
            });
        }
    }
    best.expect("26 shifts were tried")
}

fn main() {
    let encrypted = encrypt(MESSAGE, SHIFT);
    println!("shift: {}", SHIFT);
    println!("plain:      {}", MESSAGE);
    println!("encrypted:  {}", encrypted);
    println!("decrypted:  {}", decrypt(&encrypted, SHIFT));

    let best = crack(CIPHERTEXT);
    println!("ciphertext: {}", CIPHERTEXT);
    println!("best shift: {} (score {})", best.shift, best.score);
    println!("cracked:    {}", best.plaintext);
}
