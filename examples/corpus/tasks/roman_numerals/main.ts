// Roman numerals in both directions.
//
// Converts integers to Roman numerals greedily with the subtractive pairs (CM, XL,
// IV, ...) in the table, parses numerals back (a symbol smaller than the next one
// is subtracted), round-trips a list of numbers and reports invalid input.

type RomanDigit = "I" | "V" | "X" | "L" | "C" | "D" | "M";

const NUMERALS: ReadonlyArray<readonly [number, string]> = [
  [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"],
  [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
];
const SYMBOL_VALUES: Readonly<Record<RomanDigit, number>> = {
  I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000,
};
const NUMBERS: readonly number[] = [1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999];
const TO_PARSE: readonly string[] = ["XLII", "MMXXVI", "MCMZ"];

function isRomanDigit(symbol: string): symbol is RomanDigit {
  return Object.prototype.hasOwnProperty.call(SYMBOL_VALUES, symbol);
}

function toRoman(number: number): string {
  let roman = "";
  for (const [value, symbol] of NUMERALS) {
    roman += symbol.repeat(Math.floor(number / value));
    number %= value;
  }
  return roman;
}

function fromRoman(numeral: string): number {
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const symbol: string = numeral[i];
    if (!isRomanDigit(symbol)) {
      throw new Error(`invalid Roman digit '${symbol}'`);
    }
    const value: number = SYMBOL_VALUES[symbol];
    const next: string | undefined = numeral[i + 1];
    const following: number = next !== undefined && isRomanDigit(next) ? SYMBOL_VALUES[next] : 0;
    total += value < following ? -value : value;
  }
  return total;
}

function main(): void {
  let roundTripsOk = 0;
  for (const number of NUMBERS) {
    const numeral: string = toRoman(number);
    const back: number = fromRoman(numeral);
    if (back === number) {
      roundTripsOk++;
    }
    console.log(`${number} -> ${numeral} -> ${back}`);
  }
  console.log(`round trips ok: ${roundTripsOk}/${NUMBERS.length}`);

  for (const numeral of TO_PARSE) {
    try {
      console.log(`${numeral} -> ${fromRoman(numeral)}`);
    } catch (error: unknown) {
      const message: string = error instanceof Error ? error.message : String(error);
      console.log(`${numeral} -> error: ${message}`);
    }
  }
}

main();
