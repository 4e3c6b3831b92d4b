// Word frequencies of a fixed paragraph.
//
// The text is lower-cased and split on every run of non-letters, so "that's"
// counts as "that" and "s". Prints the totals and the five most frequent words,
// ordered by count (highest first) and then alphabetically.

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public class Main {
    private static final String PARAGRAPH =
            "The quick brown fox jumps over the lazy dog. The dog sleeps in the sun; "
            + "the fox runs into the woods! A fox, a dog and a cat: which of them is the "
            + "quickest? Nobody knows, but the fox is quick and the dog is lazy, and "
            + "that's that.";

    static Map<String, Integer> countWords(String text) {
        Map<String, Integer> counts = new HashMap<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (!word.isEmpty()) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts;
    }

    static List<Map.Entry<String, Integer>> topWords(Map<String, Integer> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .toList();
    }

    public static void main(String[] args) {
        Map<String, Integer> counts = countWords(PARAGRAPH);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("total words: " + total);
        System.out.println("distinct words: " + counts.size());
        System.out.println("top 5:");
        for (Map.Entry<String, Integer> entry : topWords(counts, 5)) {
            System.out.println("  " + entry.getKey() + ": " + entry.getValue());
        }
    }
}
