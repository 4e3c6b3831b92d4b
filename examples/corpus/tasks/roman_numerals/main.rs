//! Roman numerals in both directions.
//!
//! Converts integers to Roman numerals greedily with the subtractive pairs (CM, XL,
//! IV, ...) in the table, parses numerals back (a symbol smaller than the next one
//! is subtracted), round-trips a list of numbers and reports invalid input.

const NUMERALS: [(u32, &str); 13] = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
];
const NUMBERS: [u32; 10] = [1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999];
const TO_PARSE: [&str; 3] = ["XLII", "MMXXVI", "MCMZ"];

fn symbol_value(symbol: char) -> Option<i32> {
    match symbol {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    }
}

fn to_roman(mut number: u32) -> String {
    let mut roman = String::new();
    for &(value, symbol) in &NUMERALS {
        roman.push_str(&symbol.repeat((number / value) as usize));
        number %= value;
    }
    roman
}

fn from_roman(numeral: &str) -> Result<u32, String> {
    let symbols: Vec<char> = numeral.chars().collect();
    let mut total: i32 = 0;
    for (i, &symbol) in symbols.iter().enumerate() {
        let value =
            symbol_value(symbol).ok_or_else(|| format!("invalid Roman digit '{}'", symbol))?;
        let following = symbols
            .get(i + 1)
            .and_then(|&next| symbol_value(next))
            .unwrap_or(0);
        total += if value < following { -value } else { value };
    }
    Ok(total as u32)
}

fn main() {
    let mut round_trips_ok = 0;
    for number in NUMBERS {
        let numeral = to_roman(number);
        let back = from_roman(&numeral).expect("to_roman emits only valid digits");
        if back == number {
            round_trips_ok += 1;
        }
        println!("{} -> {} -> {}", number, numeral, back);
    }
    println!("round trips ok: {}/{}", round_trips_ok, NUMBERS.len());

    for numeral in TO_PARSE {
        match from_roman(numeral) {
            Ok(value) => println!("{} -> {}", numeral, value),
            Err(error) => println!("{} -> error: {}", numeral, error),
        }
    }
}
