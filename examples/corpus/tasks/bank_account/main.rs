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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Deposit,
    Withdraw,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` (not `write_str`) so that width and alignment flags like {:<8} apply.
        f.pad(match self {
            Kind::Deposit => "deposit",
            Kind::Withdraw => "withdraw",
        })
    }
}

struct Transaction {
    kind: Kind,
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
        self.record(Kind::Deposit, amount_cents)
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
        self.record(Kind::Withdraw, amount_cents)
    }

    fn record(&mut self, kind: Kind, amount_cents: u64) -> Result<u64, BankError> {
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
        (Kind::Deposit, 10000),
        (Kind::Withdraw, 3050),
        (Kind::Withdraw, 20000),
        (Kind::Deposit, 0),
        (Kind::Deposit, 1225),
        (Kind::Withdraw, 8175),
        (Kind::Withdraw, 1),
    ];
    for (kind, amount_cents) in script {
        let outcome = match kind {
            Kind::Deposit => account.deposit(amount_cents),
            Kind::Withdraw => account.withdraw(amount_cents),
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
