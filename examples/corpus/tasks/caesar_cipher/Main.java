// Caesar cipher: encrypt, decrypt and crack.
//
// Shifts ASCII letters through the alphabet, keeping their case; every other
// character passes through unchanged. Cracks a ciphertext by trying all 26 shifts
// and keeping the one whose decryption contains the most common English words
// (the smallest shift wins on ties).

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

public class Main {
    private static final String MESSAGE = "Hello, World! The quick brown fox jumps over the lazy dog.";
    private static final int SHIFT = 3;
    private static final String CIPHERTEXT = "Xppe xp le esp zwo mctorp le olhy, lyo mctyr esp xla ez esp mzle!";
    private static final Set<String> COMMON_WORDS =
            Set.of("the", "and", "to", "of", "a", "in", "is", "it", "at", "be", "me", "that");

    record Crack(int shift, int score, String plaintext) {}

    static char shiftChar(char c, int shift) {
        for (char base : new char[] {'a', 'A'}) {
            int offset = c - base;
            if (offset >= 0 && offset < 26) {
                return (char) (base + Math.floorMod(offset + shift, 26));
            }
        }
        return c;
    }

    static String encrypt(String text, int shift) {
        StringBuilder result = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            result.append(shiftChar(c, shift));
        }
        return result.toString();
    }

    static String decrypt(String text, int shift) {
        return encrypt(text, -shift);
    }

    static int englishScore(String text) {
        return (int) Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z]+"))
                .filter(COMMON_WORDS::contains)
                .count();
    }

    static Crack crack(String ciphertext) {
        Crack best = new Crack(0, -1, ciphertext);
        for (int shift = 0; shift < 26; shift++) {
            String candidate = decrypt(ciphertext, shift);
            int score = englishScore(candidate);
            if (score > best.score()) {
                best = new Crack(shift, score, candidate);
            }
        }
        return best;
    }

    public static void main(String[] args) {
        String encrypted = encrypt(MESSAGE, SHIFT);
        System.out.println("shift: " + SHIFT);
        System.out.println("plain:      " + MESSAGE);
        System.out.println("encrypted:  " + encrypted);
        System.out.println("decrypted:  " + decrypt(encrypted, SHIFT));

        Crack best = crack(CIPHERTEXT);
        System.out.println("ciphertext: " + CIPHERTEXT);
        System.out.println("best shift: " + best.shift() + " (score " + best.score() + ")");
        System.out.println("cracked:    " + best.plaintext());
    }
}
