// FizzBuzz from 1 to 30 driven by a rule table.
//
// Each rule maps a divisor to a word (3 -> Fizz, 5 -> Buzz, 7 -> Bazz). A number
// divisible by several divisors gets all their words in table order; a number that
// matches no rule is printed as is. A summary counts how often each word was used.

interface Rule {
  readonly divisor: number;
  readonly word: string;
}

const RULES: readonly Rule[] = [
  { divisor: 3, word: "Fizz" },
  { divisor: 5, word: "Buzz" },
  { divisor: 7, word: "Bazz" },
];

function label(n: number, rules: readonly Rule[]): string {
  const words: string = rules
    .filter((rule: Rule) => n % rule.divisor === 0)
    .map((rule: Rule) => rule.word)
    .join("");
  return words || String(n);
}

function main(): void {
  const wordCounts = new Map<string, number>(RULES.map((rule): [string, number] => [rule.word, 0]));
  let plainNumbers = 0;
  for (let n = 1; n <= 30; n++) {
    console.log(label(n, RULES));
    const matching: Rule[] = RULES.filter((rule: Rule) => n % rule.divisor === 0);
    for (const rule of matching) {
      wordCounts.set(rule.word, (wordCounts.get(rule.word) ?? 0) + 1);
    }
    if (matching.length === 0) {
      plainNumbers++;
    }
  }

  console.log("---");
  for (const [word, count] of wordCounts) {
    console.log(`${word}: ${count}`);
  }
  console.log(`plain numbers: ${plainNumbers}`);
}

main();
