// FizzBuzz from 1 to 30 driven by a rule table.
//
// Each rule maps a divisor to a word (3 -> Fizz, 5 -> Buzz, 7 -> Bazz). A number
// divisible by several divisors gets all their words in table order; a number that
// matches no rule is printed as is. A summary counts how often each word was used.

const RULES = [
  { divisor: 3, word: "Fizz" },
  { divisor: 5, word: "Buzz" },
  { divisor: 7, word: "Bazz" },
];

function label(n, rules) {
  const words = rules
    .filter(({ divisor }) => n % divisor === 0)
    .map(({ word }) => word)
    .join("");
  return words || String(n);
}

function main() {
  const wordCounts = new Map(RULES.map(({ word }) => [word, 0]));
  let plainNumbers = 0;
  for (let n = 1; n <= 30; n++) {
    console.log(label(n, RULES));
    const matching = RULES.filter(({ divisor }) => n % divisor === 0);
    for (const { word } of matching) {
      wordCounts.set(word, wordCounts.get(word) + 1);
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
