// Caesar cipher: encrypt, decrypt and crack.
//
// Shifts ASCII letters through the alphabet, keeping their case; every other
// character passes through unchanged. Cracks a ciphertext by trying all 26 shifts
// and keeping the one whose decryption contains the most common English words
// (the smallest shift wins on ties).

interface CrackResult {
  shift: number;
  score: number;
  plaintext: string;
}

const MESSAGE = "Hello, World! The quick brown fox jumps over the lazy dog.";
const SHIFT = 3;
const CIPHERTEXT = "Xppe xp le esp zwo mctorp le olhy, lyo mctyr esp xla ez esp mzle!";
const COMMON_WORDS: ReadonlySet<string> = new Set([
  "the", "and", "to", "of", "a", "in", "is", "it", "at", "be", "me", "that",
]);

function shiftChar(char: string, shift: number): string {
  for (const base of ["a", "A"]) {
    const offset: number = char.charCodeAt(0) - base.charCodeAt(0);
    if (offset >= 0 && offset < 26) {
      // The % operator keeps the sign of the dividend, so add 26 before the final %.
      return String.fromCharCode(base.charCodeAt(0) + (((offset + shift) % 26) + 26) % 26);
    }
  }
  return char;
}

function encrypt(text: string, shift: number): string {
  return [...text].map((char) => shiftChar(char, shift)).join("");
}

function decrypt(text: string, shift: number): string {
  return encrypt(text, -shift);
}

function englishScore(text: string): number {
  return text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => COMMON_WORDS.has(word)).length;
}

function crack(ciphertext: string): CrackResult {
  let best: CrackResult = { shift: 0, score: -1, plaintext: ciphertext };
  for (let shift = 0; shift < 26; shift++) {
    const candidate: string = decrypt(ciphertext, shift);
    const score: number = englishScore(candidate);
    if (score > best.score) {
      best = { shift, score, plaintext: candidate };
    }
  }
  return best;
}

function main(): void {
  const encrypted: string = encrypt(MESSAGE, SHIFT);
  console.log(`shift: ${SHIFT}`);
  console.log(`plain:      ${MESSAGE}`);
  console.log(`encrypted:  ${encrypted}`);
  console.log(`decrypted:  ${decrypt(encrypted, SHIFT)}`);

  const { shift, score, plaintext }: CrackResult = crack(CIPHERTEXT);
  console.log(`ciphertext: ${CIPHERTEXT}`);
  console.log(`best shift: ${shift} (score ${score})`);
  console.log(`cracked:    ${plaintext}`);
}

main();
