// Run-length encoding: "AAAB" <-> "3A1B", with a round-trip check. Digits cannot be encoded unambiguously.

use std::fmt;

#[derive(Debug, PartialEq)]
enum EncodingError {
    DigitInInput { digit: char, index: usize },
    MissingCount(char),
    DanglingCount(String),
}

impl fmt::Display for EncodingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodingError::DigitInInput { digit, index } => {
                write!(f, "cannot encode digit '{}' at index {}", digit, index)
            }
            EncodingError::MissingCount(c) => write!(f, "missing count before '{}'", c),
            EncodingError::DanglingCount(count) => write!(f, "dangling count '{}' at end", count),
        }
    }
}

fn encode(text: &str) -> Result<String, EncodingError> {
    if let Some((index, digit)) = text.chars().enumerate().find(|(_, c)| c.is_ascii_digit()) {
        return Err(EncodingError::DigitInInput { digit, index });
    }
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mut run = 1;
        while chars.next_if_eq(&c).is_some() {
            run += 1;
        }
        out.push_str(&format!("{}{}", run, c));
    }
    Ok(out)
}

fn decode(encoded: &str) -> Result<String, EncodingError> {
    let mut out = String::new();
    let mut count = String::new();
    for c in encoded.chars() {
        if c.is_ascii_digit() {
            count.push(c);
        } else if count.is_empty() {
            return Err(EncodingError::MissingCount(c));
        } else {
            let run: usize = count.parse().expect("count holds only digits");
            out.extend(std::iter::repeat(c).take(run));
            count.clear();
        }
    }
    if !count.is_empty() {
        return Err(EncodingError::DanglingCount(count));
    }
    Ok(out)
}

fn main() {
    let inputs = [
        "WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW",
        "AAABBBCCDAA",
        "abc",
        "",
        "zzzzzzzzzzzz",
        "h1",
    ];
    for text in inputs {
        match encode(text) {
            Ok(encoded) => {
                let status = if decode(&encoded).as_deref() == Ok(text) {
                    "ok"
                } else {
                    "FAILED"
                };
                println!("\"{}\" -> \"{}\" -> round trip {}", text, encoded, status);
            }
            Err(error) => println!("\"{}\" -> error: {}", text, error),
        }
    }
    for encoded in ["12W1B", "3", "A2"] {
        match decode(encoded) {
            Ok(decoded) => println!("decode \"{}\" -> \"{}\"", encoded, decoded),
            Err(error) => println!("decode \"{}\" -> error: {}", encoded, error),
        }
    }
}
