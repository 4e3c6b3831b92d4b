// Palindrome checks.
//
// A phrase is a palindrome when its letters and digits, lower-cased, read the same
// backwards; spaces and punctuation are ignored. Also finds the longest
// palindromic substring of one word by expanding around every centre (the first
// one found wins on ties).

interface Span {
  start: number;
  length: number;
}

const PHRASES: readonly string[] = [
  "A man, a plan, a canal: Panama",
  "racecar",
  "Hello, World!",
  "Was it a car or a cat I saw?",
  "No 'x' in Nixon",
  "Step on no pets!",
  "codemix",
  "12321",
];
const WORD = "mississippi";

function isPalindrome(phrase: string): boolean {
  const cleaned: string = phrase.toLowerCase().replace(/[^a-z0-9]/g, "");
  return cleaned === [...cleaned].reverse().join("");
}

/** Grows [left, right] while it stays a palindrome. */
function expand(word: string, left: number, right: number): Span {
  while (left >= 0 && right < word.length && word[left] === word[right]) {
    left--;
    right++;
  }
  return { start: left + 1, length: right - left - 1 };
}

function longestPalindrome(word: string): string {
  let best: Span = { start: 0, length: 0 };
  for (let centre = 0; centre < word.length; centre++) {
    for (const candidate of [expand(word, centre, centre), expand(word, centre, centre + 1)]) {
      if (candidate.length > best.length) {
        best = candidate;
      }
    }
  }
  return word.slice(best.start, best.start + best.length);
}

function main(): void {
  for (const phrase of PHRASES) {
    const verdict: string = isPalindrome(phrase) ? "palindrome" : "not a palindrome";
    console.log(`"${phrase}" -> ${verdict}`);
  }
  const longest: string = longestPalindrome(WORD);
  console.log(`longest palindromic substring of "${WORD}": "${longest}" (length ${longest.length})`);
}

main();
