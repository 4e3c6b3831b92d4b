// A bank account with deposits, withdrawals, an insufficient-funds error and a transaction log.
// Money is held in integer cents so that no amount is ever rounded.

const money = (cents) => `$${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

class InsufficientFundsError extends Error {
  constructor(balanceCents, requestedCents) {
    super(`insufficient funds: balance ${money(balanceCents)}, requested ${money(requestedCents)}`);
    this.name = "InsufficientFundsError";
    this.balanceCents = balanceCents;
    this.requestedCents = requestedCents;
  }
}

class Account {
  #balanceCents = 0;
  #transactions = [];

  constructor(owner) {
    this.owner = owner;
  }

  get balanceCents() {
    return this.#balanceCents;
  }

  get transactions() {
    return [...this.#transactions];
  }

  deposit(amountCents) {
    Account.#checkPositive(amountCents);
    this.#balanceCents += amountCents;
    this.#transactions.push({ kind: "deposit", amountCents, balanceCents: this.#balanceCents });
  }

  withdraw(amountCents) {
    Account.#checkPositive(amountCents);
    if (amountCents > this.#balanceCents) {
      throw new InsufficientFundsError(this.#balanceCents, amountCents);
    }
    this.#balanceCents -= amountCents;
    this.#transactions.push({ kind: "withdraw", amountCents, balanceCents: this.#balanceCents });
  }

  static #checkPositive(amountCents) {
    if (!Number.isInteger(amountCents) || amountCents <= 0) {
      throw new RangeError(`invalid amount ${money(amountCents)}: must be positive`);
    }
  }
}

const account = new Account("Ada Lovelace");
console.log(`account: ${account.owner}`);
const script = [["deposit", 10000], ["withdraw", 3050], ["withdraw", 20000], ["deposit", 0],
  ["deposit", 1225], ["withdraw", 8175], ["withdraw", 1]];
for (const [kind, amountCents] of script) {
  try {
    if (kind === "deposit") account.deposit(amountCents);
    else account.withdraw(amountCents);
    console.log(`${kind} ${money(amountCents)}: ok, balance ${money(account.balanceCents)}`);
  } catch (error) {
    if (!(error instanceof InsufficientFundsError || error instanceof RangeError)) throw error;
    console.log(`${kind} ${money(amountCents)}: error: ${error.message}`);
  }
}
console.log("transactions:");
account.transactions.forEach((tx, index) => {
  const amount = money(tx.amountCents).padStart(8);
  console.log(`  ${index + 1}. ${tx.kind.padEnd(8)} ${amount}  balance ${money(tx.balanceCents)}`);
});
