// Caesar cipher: encrypt, decrypt and crack.
//
// Shifts ASCII letters through the alphabet, keeping their case; every other
// character passes through unchanged. Cracks a ciphertext by trying all 26 shifts
// and keeping the one whose decryption contains the most common English words
// (the smallest shift wins on ties).

const MESSAGE = "Hello, World! The quick brown fox jumps over the lazy dog.";
const SHIFT = 3;
const CIPHERTEXT = "Xppe xp le esp zwo mctorp le olhy, lyo mctyr esp xla ez esp mzle!";
const COMMON_WORDS = new Set(["the", "and", "to", "of", "a", "in", "is", "it", "at", "be", "me", "that"]);

function shiftChar(char, shift) {
  for (const base of ["a", "A"]) {
    const offset = char.charCodeAt(0) - base.charCodeAt(0);
    if (offset >= 0 && offset < 26) {
      // JavaScript's % keeps the sign of the dividend, so add 26 before the final %.
      return String.fromCharCode(base.charCodeAt(0) + (((offset + shift) % 26) + 26) % 26);
    }
  }
  return char;
}

const encrypt = (text, shift) => [...text].map((char) => shiftChar(char, shift)).join("");
const decrypt = (text, shift) => encrypt(text, -shift);

function englishScore(text) {
  return text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => COMMON_WORDS.has(word)).length;
}

function crack(ciphertext) {
  let best = { shift: 0, score: -1, plaintext: ciphertext };
  for (let shift = 0; shift < 26; shift++) {
    const candidate = decrypt(ciphertext, shift);
    const score = englishScore(candidate);
    if (score > best.score) {
      best = { shift, score, plaintext: candidate };
    }
  }
  return best;
}

function main() {
  const encrypted = encrypt(MESSAGE, SHIFT);
  console.log(`shift: ${SHIFT}`);
  console.log(`plain:      ${MESSAGE}`);
  console.log(`encrypted:  ${encrypted}`);
  console.log(`decrypted:  ${decrypt(encrypted, SHIFT)}`);

  const { shift, score, plaintext } = crack(CIPHERTEXT);
  console.log(`ciphertext: ${CIPHERTEXT}`);
  console.log(`best shift: ${shift} (score ${score})`);
  console.log(`cracked:    ${plaintext}`);
}

main();
