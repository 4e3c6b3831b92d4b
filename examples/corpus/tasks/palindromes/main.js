// Palindrome checks.
//
// A phrase is a palindrome when its letters and digits, lower-cased, read the same
// backwards; spaces and punctuation are ignored. Also finds the longest
// palindromic substring of one word by expanding around every centre (the first
// one found wins on ties).

const PHRASES = [
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

function isPalindrome(phrase) {
  const cleaned = phrase.toLowerCase().replace(/[^a-z0-9]/g, "");
  return cleaned === [...cleaned].reverse().join("");
}

/** Grows [left, right] while it stays a palindrome; returns [start, length]. */
function expand(word, left, right) {
  while (left >= 0 && right < word.length && word[left] === word[right]) {
    left--;
    right++;
  }
  return [left + 1, right - left - 1];
}

function longestPalindrome(word) {
  let [bestStart, bestLength] = [0, 0];
  for (let centre = 0; centre < word.length; centre++) {
    for (const [start, length] of [expand(word, centre, centre), expand(word, centre, centre + 1)]) {
      if (length > bestLength) {
        [bestStart, bestLength] = [start, length];
      }
    }
  }
  return word.slice(bestStart, bestStart + bestLength);
}

function main() {
  for (const phrase of PHRASES) {
    const verdict = isPalindrome(phrase) ? "palindrome" : "not a palindrome";
    console.log(`"${phrase}" -> ${verdict}`);
  }
  const longest = longestPalindrome(WORD);
  console.log(`longest palindromic substring of "${WORD}": "${longest}" (length ${longest.length})`);
}

main();
