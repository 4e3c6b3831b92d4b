//! FizzBuzz from 1 to 30 driven by a rule table.
//!
//! Each rule maps a divisor to a word (3 -> Fizz, 5 -> Buzz, 7 -> Bazz). A number
//! divisible by several divisors gets all their words in table order; a number that
//! matches no rule is printed as is. A summary counts how often each word was used.

struct Rule {
    divisor: u32,
    word: &'static str,
}

const RULES: [Rule; 3] = [
    Rule {
        divisor: 3,
        word: "Fizz",
    },
    Rule {
        divisor: 5,
        word: "Buzz",
    },
    Rule {
        divisor: 7,
        word: "Bazz",
    },
];

fn label(n: u32, rules: &[Rule]) -> String {
    let words: String = rules
        .iter()
        .filter(|rule| n % rule.divisor == 0)
        .map(|rule| rule.word)
        .collect();
    if words.is_empty() {
        n.to_string()
    } else {
        words
    }
}

fn main() {
    let mut word_counts = [0u32; RULES.len()];
    let mut plain_numbers = 0;
    for n in 1..=30 {
        println!("{}", label(n, &RULES));
        let mut matched = false;
        for (count, rule) in word_counts.iter_mut().zip(RULES.iter()) {
            if n % rule.divisor == 0 {
                *count += 1;
                matched = true;
            }
        }
        if !matched {
            plain_numbers += 1;
        }
    }

    println!("---");
    for (rule, count) in RULES.iter().zip(word_counts.iter()) {
        println!("{}: {}", rule.word, count);
    }
    println!("plain numbers: {}", plain_numbers);
}
