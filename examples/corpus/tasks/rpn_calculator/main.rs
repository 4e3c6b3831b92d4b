// Evaluate integer Reverse Polish Notation expressions (+ - * /), reporting malformed input as errors.
// Division truncates toward zero (Rust's native integer division).

use std::fmt;

#[derive(Debug, PartialEq)]
enum RpnError {
    DivisionByZero,
    MissingOperands(char),
    InvalidToken(String),
    Empty,
    LeftOver(usize),
}

impl fmt::Display for RpnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RpnError::DivisionByZero => write!(f, "division by zero"),
            RpnError::MissingOperands(op) => write!(f, "'{}' needs two operands", op),
            RpnError::InvalidToken(token) => write!(f, "invalid token '{}'", token),
            RpnError::Empty => write!(f, "empty expression"),
            RpnError::LeftOver(count) => write!(f, "{} values left on the stack", count),
        }
    }
}

fn is_number(token: &str) -> bool {
    let digits = token.strip_prefix('-').unwrap_or(token);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn evaluate(expression: &str) -> Result<i64, RpnError> {
    let mut stack: Vec<i64> = Vec::new();
    for token in expression.split_whitespace() {
        if is_number(token) {
            stack.push(
                token
                    .parse()
                    .map_err(|_| RpnError::InvalidToken(token.to_string()))?,
            );
            continue;
        }
        let op = match token {
            "+" | "-" | "*" | "/" => token.chars().next().unwrap(),
            _ => return Err(RpnError::InvalidToken(token.to_string())),
        };
        let (right, left) = match (stack.pop(), stack.pop()) {
            (Some(right), Some(left)) => (right, left),
            _ => return Err(RpnError::MissingOperands(op)),
        };
        stack.push(match op {
            '+' => left + right,
            '-' => left - right,
            '*' => left * right,
            _ => left.checked_div(right).ok_or(RpnError::DivisionByZero)?,
        });
    }
    match stack.as_slice() {
        [] => Err(RpnError::Empty),
        [value] => Ok(*value),
        values => Err(RpnError::LeftOver(values.len())),
    }
}

fn main() {
    let expressions = [
        "3 4 +",
        "5 1 2 + 4 * + 3 -",
        "15 7 1 1 + - / 3 * 2 1 1 + + -",
        "10 3 /",
        "-7 2 /",
        "4 0 /",
        "1 +",
        "1 2 3 +",
        "2 x +",
        "",
    ];
    for expression in expressions {
        match evaluate(expression) {
            Ok(value) => println!("\"{}\" = {}", expression, value),
            Err(error) => println!("\"{}\" -> error: {}", expression, error),
        }
    }
}
