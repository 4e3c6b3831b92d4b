"""A bank account with deposits, withdrawals, an insufficient-funds error and a transaction log.

Money is held in integer cents so that no amount is ever rounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def money(cents: int) -> str:
    return f"${cents // 100}.{cents % 100:02d}"


class InsufficientFundsError(Exception):
    def __init__(self, balance_cents: int, requested_cents: int) -> None:
        super().__init__(f"insufficient funds: balance {money(balance_cents)}, requested {money(requested_cents)}")
        self.balance_cents = balance_cents
        self.requested_cents = requested_cents


@dataclass(frozen=True)
class Transaction:
    kind: str
    amount_cents: int
    balance_cents: int


@dataclass
class Account:
    owner: str
    balance_cents: int = 0
    transactions: list[Transaction] = field(default_factory=list)

    def deposit(self, amount_cents: int) -> None:
        self._check_positive(amount_cents)
        self.balance_cents += amount_cents
        self.transactions.append(Transaction("deposit", amount_cents, self.balance_cents))

    def withdraw(self, amount_cents: int) -> None:
        self._check_positive(amount_cents)
        if amount_cents > self.balance_cents:
            raise InsufficientFundsError(self.balance_cents, amount_cents)
        self.balance_cents -= amount_cents
        self.transactions.append(Transaction("withdraw", amount_cents, self.balance_cents))

    @staticmethod
    def _check_positive(amount_cents: int) -> None:
        if amount_cents <= 0:
            raise ValueError(f"invalid amount {money(amount_cents)}: must be positive")


def main() -> None:
    account = Account("Ada Lovelace")
    print(f"account: {account.owner}")
    script = [("deposit", 10000), ("withdraw", 3050), ("withdraw", 20000), ("deposit", 0),
              ("deposit", 1225), ("withdraw", 8175), ("withdraw", 1)]
    for kind, amount_cents in script:
        operation = account.deposit if kind == "deposit" else account.withdraw
        try:
            operation(amount_cents)
            print(f"{kind} {money(amount_cents)}: ok, balance {money(account.balance_cents)}")
        except (InsufficientFundsError, ValueError) as error:
            print(f"{kind} {money(amount_cents)}: error: {error}")
    print("transactions:")
    for number, tx in enumerate(account.transactions, start=1):
        print(f"  {number}. {tx.kind:<8} {money(tx.amount_cents):>8}  balance {money(tx.balance_cents)}")


if __name__ == "__main__":
    main()
