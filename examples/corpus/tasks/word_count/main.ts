// Word frequencies of a fixed paragraph.
//
// The text is lower-cased and split on every run of non-letters, so "that's"
// counts as "that" and "s". Prints the totals and the five most frequent words,
// ordered by count (highest first) and then alphabetically.

type WordCount = [word: string, count: number];

const PARAGRAPH: string =
  "The quick brown fox jumps over the lazy dog. The dog sleeps in the sun; " +
  "the fox runs into the woods! A fox, a dog and a cat: which of them is the " +
  "quickest? Nobody knows, but the fox is quick and the dog is lazy, and " +
  "that's that.";

function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().split(/[^a-z]+/)) {
    if (word.length > 0) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

function topWords(counts: ReadonlyMap<string, number>, limit: number): WordCount[] {
  return [...counts.entries()]
    .sort(([wordA, countA]: WordCount, [wordB, countB]: WordCount) =>
      countB - countA || wordA.localeCompare(wordB))
    .slice(0, limit);
}

function main(): void {
  const counts = countWords(PARAGRAPH);
  const total: number = [...counts.values()].reduce((sum, count) => sum + count, 0);
  console.log(`total words: ${total}`);
  console.log(`distinct words: ${counts.size}`);
  console.log("top 5:");
  for (const [word, count] of topWords(counts, 5)) {
    console.log(`  ${word}: ${count}`);
  }
}

main();
