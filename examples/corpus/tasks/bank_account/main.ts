// A bank account with deposits, withdrawals, an insufficient-funds error and a transaction log.
// Money is held in integer cents so that no amount is ever rounded.

type TransactionKind = "deposit" | "withdraw";

interface Transaction {
  readonly kind: TransactionKind;
  readonly amountCents: number;
  readonly balanceCents: number;
}

const money = (cents: number): string =>
  `$${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

class InsufficientFundsError extends Error {
  constructor(readonly balanceCents: number, readonly requestedCents: number) {
    super(`insufficient funds: balance ${money(balanceCents)}, requested ${money(requestedCents)}`);
    this.name = "InsufficientFundsError";
  }
}

class Account {
  private balance = 0;
  private readonly log: Transaction[] = [];

  constructor(readonly owner: string) {}

  get balanceCents(): number {
    return this.balance;
  }

  get transactions(): readonly Transaction[] {
    return this.log;
  }

  deposit(amountCents: number): void {
    Account.checkPositive(amountCents);
    this.balance += amountCents;
    this.log.push({ kind: "deposit", amountCents, balanceCents: this.balance });
  }

  withdraw(amountCents: number): void {
    Account.checkPositive(amountCents);
    if (amountCents > this.balance) {
      throw new InsufficientFundsError(this.balance, amountCents);
    }
    this.balance -= amountCents;
    this.log.push({ kind: "withdraw", amountCents, balanceCents: this.balance });
  }

  private static checkPositive(amountCents: number): void {
    if (!Number.isInteger(amountCents) || amountCents <= 0) {
      throw new RangeError(`invalid amount ${money(amountCents)}: must be positive`);
    }
  }
}

const account = new Account("Ada Lovelace");
console.log(`account: ${account.owner}`);
const script: Array<[TransactionKind, number]> = [["deposit", 10000], ["withdraw", 3050], ["withdraw", 20000],
  ["deposit", 0], ["deposit", 1225], ["withdraw", 8175], ["withdraw", 1]];
for (const [kind, amountCents] of script) {
  try {
    if (kind === "deposit") account.deposit(amountCents);
    else account.withdraw(amountCents);
    console.log(`${kind} ${money(amountCents)}: ok, balance ${money(account.balanceCents)}`);
  } catch (error: unknown) {
    if (!(error instanceof InsufficientFundsError || error instanceof RangeError)) throw error;
    console.log(`${kind} ${money(amountCents)}: error: ${error.message}`);
  }
}
console.log("transactions:");
account.transactions.forEach((tx, index) => {
  const amount = money(tx.amountCents).padStart(8);
  console.log(`  ${index + 1}. ${tx.kind.padEnd(8)} ${amount}  balance ${money(tx.balanceCents)}`);
});
