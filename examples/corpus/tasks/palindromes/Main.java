// Palindrome checks.
//
// A phrase is a palindrome when its letters and digits, lower-cased, read the same
// backwards; spaces and punctuation are ignored. Also finds the longest
// palindromic substring of one word by expanding around every centre (the first
// one found wins on ties).

import java.util.List;

public class Main {
    private static final List<String> PHRASES = List.of(
            "A man, a plan, a canal: Panama",
            "racecar",
            "Hello, World!",
            "Was it a car or a cat I saw?",
            "No 'x' in Nixon",
            "Step on no pets!",
            "codemix",
            "12321");
    private static final String WORD = "mississippi";

    static boolean isPalindrome(String phrase) {
        StringBuilder cleaned = new StringBuilder();
        for (char c : phrase.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                cleaned.append(Character.toLowerCase(c));
            }
        }
        String forward = cleaned.toString();
        return forward.equals(cleaned.reverse().toString());
    }

    /** Grows [left, right] while it stays a palindrome; returns {start, length}. */
    static int[] expand(String word, int left, int right) {
        while (left >= 0 && right < word.length() && word.charAt(left) == word.charAt(right)) {
            left--;
            right++;
        }
        return new int[] {left + 1, right - left - 1};
    }

    static String longestPalindrome(String word) {
        int bestStart = 0;
        int bestLength = 0;
        for (int centre = 0; centre < word.length(); centre++) {
            int[] odd = expand(word, centre, centre);
            int[] even = expand(word, centre, centre + 1);
            for (int[] candidate : new int[][] {odd, even}) {
                if (candidate[1] > bestLength) {
                    bestStart = candidate[0];
                    bestLength = candidate[1];
                }
            }
        }
        return word.substring(bestStart, bestStart + bestLength);
    }

    public static void main(String[] args) {
        for (String phrase : PHRASES) {
            String verdict = isPalindrome(phrase) ? "palindrome" : "not a palindrome";
            System.out.println("\"" + phrase + "\" -> " + verdict);
        }
        String longest = longestPalindrome(WORD);
        System.out.printf("longest palindromic substring of \"%s\": \"%s\" (length %d)%n",
                WORD, longest, longest.length());
    }
}
