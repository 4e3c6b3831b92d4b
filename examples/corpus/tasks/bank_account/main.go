// A bank account with deposits, withdrawals, an insufficient-funds error and a transaction log.
// Money is held in integer cents so that no amount is ever rounded.
package main

import (
	"errors"
	"fmt"
)

func money(cents int64) string {
	return fmt.Sprintf("$%d.%02d", cents/100, cents%100)
}

// ErrInvalidAmount is wrapped by every error about a zero or negative amount.
var ErrInvalidAmount = errors.New("invalid amount")

// InsufficientFundsError carries the balance and the amount that could not be withdrawn.
type InsufficientFundsError struct {
	BalanceCents, RequestedCents int64
}

func (e *InsufficientFundsError) Error() string {
	return fmt.Sprintf("insufficient funds: balance %s, requested %s", money(e.BalanceCents), money(e.RequestedCents))
}

type Transaction struct {
	Kind         string
	AmountCents  int64
	BalanceCents int64
}

type Account struct {
	Owner        string
	BalanceCents int64
	Transactions []Transaction
}

func checkPositive(amountCents int64) error {
	if amountCents <= 0 {
		return fmt.Errorf("%w %s: must be positive", ErrInvalidAmount, money(amountCents))
	}
	return nil
}

func (a *Account) Deposit(amountCents int64) error {
	if err := checkPositive(amountCents); err != nil {
		return err
	}
	a.BalanceCents += amountCents
	a.Transactions = append(a.Transactions, Transaction{"deposit", amountCents, a.BalanceCents})
	return nil
}

func (a *Account) Withdraw(amountCents int64) error {
	if err := checkPositive(amountCents); err != nil {
		return err
	}
	if amountCents > a.BalanceCents {
		return &InsufficientFundsError{a.BalanceCents, amountCents}
	}
	a.BalanceCents -= amountCents
	a.Transactions = append(a.Transactions, Transaction{"withdraw", amountCents, a.BalanceCents})
	return nil
}

func main() {
	account := &Account{Owner: "Ada Lovelace"}
	fmt.Printf("account: %s\n", account.Owner)
	script := []struct {
		kind        string
		amountCents int64
	}{{"deposit", 10000}, {"withdraw", 3050}, {"withdraw", 20000}, {"deposit", 0},
		{"deposit", 1225}, {"withdraw", 8175}, {"withdraw", 1}}
	for _, step := range script {
		operation := account.Withdraw
		if step.kind == "deposit" {
			operation = account.Deposit
		}
		if err := operation(step.amountCents); err != nil {
			fmt.Printf("%s %s: error: %v\n", step.kind, money(step.amountCents), err)
		} else {
			fmt.Printf("%s %s: ok, balance %s\n", step.kind, money(step.amountCents), money(account.BalanceCents))
		}
	}
	fmt.Println("transactions:")
	for i, tx := range account.Transactions {
		fmt.Printf("  %d. %-8s %8s  balance %s\n", i+1, tx.Kind, money(tx.AmountCents), money(tx.BalanceCents))
	}
}
