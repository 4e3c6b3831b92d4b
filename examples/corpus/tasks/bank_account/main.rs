// A bank account with deposits, withdrawals, an insufficient-funds error and a transaction log.
// Money is held in integer cents so that no amount is ever rounded.

use std::fmt;

fn money(cents: u64) -> String {
    format!("${}.{:02}", cents / 100, cents % 100)
}

#[derive(Debug, Clone, PartialEq)]
enum BankError {
    InvalidAmount(u64),
    InsufficientFunds {
        balance_cents: u64,
        requested_cents: u64,
    },
}

impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BankError::InvalidAmount(cents) => {
                write!(f, "invalid amount {}: must be positive", money(*cents))
            }
            BankError::InsufficientFunds {
                balance_cents,
                requested_cents,
            } => write!(
                f,
                "insufficient funds: balance {}, requested {}",
                money(*balance_cents),
                money(*requested_cents)
            ),
        }
    }
}

impl std::error::Error for BankError {}

struct Transaction {
    kind: &'static str,
    amount_cents: u64,
    balance_cents: u64,
}

struct Account {
    owner: String,
    balance_cents: u64,
    transactions: Vec<Transaction>,
}

impl Account {
    fn new(owner: &str) -> Self {
        Account {
            owner: owner.to_string(),
            balance_cents: 0,
            transactions: Vec::new(),
        }
    }

    fn deposit(&mut self, amount_cents: u64) -> Result<u64, BankError> {
        check_positive(amount_cents)?;
        self.balance_cents += amount_cents;
        self.record("deposit", amount_cents)
    }

    fn withdraw(&mut self, amount_cents: u64) -> Result<u64, BankError> {
        check_positive(amount_cents)?;
        self.balance_cents =
            self.balance_cents
                .checked_sub(amount_cents)
                .ok_or(BankError::InsufficientFunds {
                    balance_cents: self.balance_cents,
                    requested_cents: amount_cents,
                })?;
        self.record("withdraw", amount_cents)
    }

    fn record(&mut self, kind: &'static str, amount_cents: u64) -> Result<u64, BankError> {
        self.transactions.push(Transaction {
            kind,
            amount_cents,
            balance_cents: self.balance_cents,
        });
        Ok(self.balance_cents)
    }
}

fn check_positive(amount_cents: u64) -> Result<(), BankError> {
    if amount_cents == 0 {
        return Err(BankError::InvalidAmount(amount_cents));
    }
    Ok(())
}

fn main() {
    let mut account = Account::new("Ada Lovelace");
    println!("account: {}", account.owner);
    let script = [
        ("deposit", 10000),
        ("withdraw", 3050),
        ("withdraw", 20000),
        ("deposit", 0),
        ("deposit", 1225),
        ("withdraw", 8175),
        ("withdraw", 1),
    ];
    for (kind, amount_cents) in script {
        let outcome = if kind == "deposit" {
            account.deposit(amount_cents)
        } else {
            account.withdraw(amount_cents)
        };
        match outcome {
            Ok(balance) => println!(
                "{} {}: ok, balance {}",
                kind,
                money(amount_cents),
                money(balance)
            ),
            Err(error) => println!("{} {}: error: {}", kind, money(amount_cents), error),
        }
    }
    println!("transactions:");
    for (number, tx) in account.transactions.iter().enumerate() {
        println!(
            "  {}. {:<8} {:>8}  balance {}",
            number + 1,
            tx.kind,
            money(tx.amount_cents),
            money(tx.balance_cents)
        );
    }
}
