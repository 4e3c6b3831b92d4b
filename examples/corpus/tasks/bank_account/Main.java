// A bank account with deposits, withdrawals, an insufficient-funds error and a transaction log.
// Money is held in integer cents so that no amount is ever rounded.

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public class Main {
    static String money(long cents) {
        return String.format("$%d.%02d", cents / 100, cents % 100);
    }

    static final class InsufficientFundsException extends Exception {
        InsufficientFundsException(long balanceCents, long requestedCents) {
            super("insufficient funds: balance " + money(balanceCents) + ", requested " + money(requestedCents));
        }
    }

    record Transaction(String kind, long amountCents, long balanceCents) {}

    static final class Account {
        private final String owner;
        private long balanceCents;
        private final List<Transaction> transactions = new ArrayList<>();

        Account(String owner) {
            this.owner = owner;
        }

        void deposit(long amountCents) {
            checkPositive(amountCents);
            balanceCents += amountCents;
            transactions.add(new Transaction("deposit", amountCents, balanceCents));
        }

        void withdraw(long amountCents) throws InsufficientFundsException {
            checkPositive(amountCents);
            if (amountCents > balanceCents) {
                throw new InsufficientFundsException(balanceCents, amountCents);
            }
            balanceCents -= amountCents;
            transactions.add(new Transaction("withdraw", amountCents, balanceCents));
        }

        private static void checkPositive(long amountCents) {
            if (amountCents <= 0) {
                throw new IllegalArgumentException("invalid amount " + money(amountCents) + ": must be positive");
            }
        }

        String owner() {
            return owner;
        }

        long balanceCents() {
            return balanceCents;
        }

        List<Transaction> transactions() {
            return Collections.unmodifiableList(transactions);
        }
    }

    public static void main(String[] args) {
        Account account = new Account("Ada Lovelace");
        System.out.println("account: " + account.owner());
        String[] kinds = {"deposit", "withdraw", "withdraw", "deposit", "deposit", "withdraw", "withdraw"};
        long[] amounts = {10000, 3050, 20000, 0, 1225, 8175, 1};
        for (int i = 0; i < kinds.length; i++) {
            String prefix = kinds[i] + " " + money(amounts[i]) + ": ";
            try {
                if (kinds[i].equals("deposit")) {
                    account.deposit(amounts[i]);
                } else {
                    account.withdraw(amounts[i]);
                }
                System.out.println(prefix + "ok, balance " + money(account.balanceCents()));
            } catch (InsufficientFundsException | IllegalArgumentException e) {
                System.out.println(prefix + "error: " + e.getMessage());
            }
        }
        System.out.println("transactions:");
        List<Transaction> log = account.transactions();
        for (int i = 0; i < log.size(); i++) {
            Transaction tx = log.get(i);
            System.out.printf("  %d. %-8s %8s  balance %s%n",
                    i + 1, tx.kind(), money(tx.amountCents()), money(tx.balanceCents()));
        }
    }
}
