// A bank account with deposits, withdrawals, an insufficient-funds error and a transaction log.
// Money is held in integer cents (long) so that no amount is ever rounded.

using System;
using System.Collections.Generic;

class InsufficientFundsException : InvalidOperationException
{
    public InsufficientFundsException(long balanceCents, long requestedCents)
        : base("insufficient funds: balance " + Money.Format(balanceCents)
               + ", requested " + Money.Format(requestedCents))
    {
    }
}

static class Money
{
    public static string Format(long cents) => $"${cents / 100}.{cents % 100:D2}";
}

class Transaction
{
    public Transaction(string kind, long amountCents, long balanceCents)
    {
        Kind = kind;
        AmountCents = amountCents;
        BalanceCents = balanceCents;
    }

    public string Kind { get; }
    public long AmountCents { get; }
    public long BalanceCents { get; }
}

class Account
{
    private readonly List<Transaction> _transactions = new List<Transaction>();

    public Account(string owner) => Owner = owner;

    public string Owner { get; }
    public long BalanceCents { get; private set; }
    public IReadOnlyList<Transaction> Transactions => _transactions;

    public void Deposit(long amountCents)
    {
        CheckPositive(amountCents);
        BalanceCents += amountCents;
        _transactions.Add(new Transaction("deposit", amountCents, BalanceCents));
    }

    public void Withdraw(long amountCents)
    {
        CheckPositive(amountCents);
        if (amountCents > BalanceCents)
        {
            throw new InsufficientFundsException(BalanceCents, amountCents);
        }
        BalanceCents -= amountCents;
        _transactions.Add(new Transaction("withdraw", amountCents, BalanceCents));
    }

    private static void CheckPositive(long amountCents)
    {
        if (amountCents <= 0)
        {
            throw new ArgumentException($"invalid amount {Money.Format(amountCents)}: must be positive");
        }
    }
}

static class Program
{
    static void Main()
    {
        var account = new Account("Ada Lovelace");
        Console.WriteLine($"account: {account.Owner}");
        var kinds = new[] { "deposit", "withdraw", "withdraw", "deposit", "deposit", "withdraw", "withdraw" };
        var amounts = new long[] { 10000, 3050, 20000, 0, 1225, 8175, 1 };
        for (int i = 0; i < kinds.Length; i++)
        {
            var prefix = $"{kinds[i]} {Money.Format(amounts[i])}: ";
            try
            {
                if (kinds[i] == "deposit") account.Deposit(amounts[i]);
                else account.Withdraw(amounts[i]);
                Console.WriteLine($"{prefix}ok, balance {Money.Format(account.BalanceCents)}");
            }
            catch (Exception e) when (e is InsufficientFundsException || e is ArgumentException)
            {
                Console.WriteLine($"{prefix}error: {e.Message}");
            }
        }
        Console.WriteLine("transactions:");
        for (int i = 0; i < account.Transactions.Count; i++)
        {
            var tx = account.Transactions[i];
            var amount = Money.Format(tx.AmountCents);
            Console.WriteLine($"  {i + 1}. {tx.Kind,-8} {amount,8}  balance {Money.Format(tx.BalanceCents)}");
        }
    }
}
