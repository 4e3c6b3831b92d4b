//! Balanced bracket checker.
//!
//! Pushes every opening bracket ((, [, {) with its position on a stack and pops it
//! at the matching closing bracket; other characters are ignored. Reports the first
//! error: a closing bracket that does not match, one with nothing open, or an
//! opening bracket still unclosed at the end (position = length of the input).

use std::fmt;

const INPUTS: [&str; 8] = ["([]{})", "([)]", "((()", "{[()()]}", "}", "a(b[c]{d}e)f", "", "[(])"];

#[derive(Debug)]
enum BracketError {
    Unexpected { position: usize, found: char },
    Mismatched { position: usize, expected: char, found: char },
    Unclosed { position: usize, opener: char, opened_at: usize },
}

impl fmt::Display for BracketError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unexpected { position, found } => write!(f, "error at {}: unexpected '{}'", position, found),
            Self::Mismatched { position, expected, found } => {
                write!(f, "error at {}: expected '{}' but found '{}'", position, expected, found)
            }
            Self::Unclosed { position, opener, opened_at } => {
                write!(f, "error at {}: unclosed '{}' opened at {}", position, opener, opened_at)
            }
        }
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
            let (opener, _) = stack.pop().ok_or(BracketError::Unexpected { position, found: c })?;
            let expected = closer_for(opener).expect("only openers are pushed");
            if expected != c {
                return Err(BracketError::Mismatched { position, expected, found: c });
            }
        }
    }
    match stack.last() {
        Some(&(opener, opened_at)) => Err(BracketError::Unclosed { position: text.len(), opener, opened_at }),
        None => Ok(()),
    }
}

fn main() {
    for text in INPUTS {
        match check_brackets(text) {
            Ok(()) => println!("\"{}\": balanced", text),
            Err(error) => println!("\"{}\": {}", text, error),
        }
    }
}
