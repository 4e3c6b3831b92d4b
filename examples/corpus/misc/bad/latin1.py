# Menu prices for the café on the corner (entrées and crêpes).
# Saved by an old editor in Latin-1: this comment is not valid UTF-8.

PRICES = {"espresso": 2.2, "crêpe": 4.5}


def total(order):
    return sum(PRICES[item] * count for item, count in order.items())


if __name__ == "__main__":
    print(total({"espresso": 2}))
