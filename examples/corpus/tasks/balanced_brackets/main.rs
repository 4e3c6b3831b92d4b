//! Balanced bracket checker.
//!
//! Pushes every opening bracket ((, [, {) with its position on a stack and pops it
//! at the matching closing bracket; other characters are ignored. Reports the first
//! error: a closing bracket that does not match, one with nothing open, or an
//! opening bracket still unclosed at the end (position = length of the input).

use std::fmt;

const INPUTS: [&str; 8] = [
    "([]{})",
    "([)]",
    "((()",
    "{[()()]}",
    "}",
    "a(b[c]{d}e)f",
    "",
    "[(])",
];

#[derive(Debug)]
struct BracketError {
    position: usize,
    message: String,
}

impl fmt::Display for BracketError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error at {}: {}", self.position, self.message)
    }
}

fn closer_for(opener: char) -> Option<char> {
    match opener {
        '(' => Some(')'),
        '[' => Some(']'),
        '{' => Some('}'),
        _ => None,
    }
}

fn check_brackets(text: &str) -> Result<(), BracketError> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (position, c) in text.char_indices() {
        if closer_for(c).is_some() {
            stack.push((c, position));
        } else if matches!(c, ')' | ']' | '}') {
            let (opener, _) = stack.pop().ok_or_else(|| BracketError {
                position,
                message: format!("unexpected '{c}'"),
            })?;
            let expected = closer_for(opener).expect("only openers are pushed");
            if expected != c {
                let message = format!("expected '{expected}' but found '{c}'");
                return Err(BracketError { position, message });
            }
        }
    }
    match stack.last() {
        Some(&(opener, opened_at)) => Err(BracketError {
            position: text.len(),
            message: format!("unclosed '{opener}' opened at {opened_at}"),
        }),
        None => Ok(()),
    }
}

fn main() {
    for text in INPUTS {
        match check_brackets(text) {
            Ok(()) => println!("\"{text}\": balanced"),
            Err(error) => println!("\"{text}\": {error}"),
        }
    }
}
