// FizzBuzz from 1 to 30 driven by a rule table.
//
// Each rule maps a divisor to a word (3 -> Fizz, 5 -> Buzz, 7 -> Bazz). A number
// divisible by several divisors gets all their words in table order; a number that
// matches no rule is printed as is. A summary counts how often each word was used.

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class Main {
    record Rule(int divisor, String word) {}

    private static final List<Rule> RULES = List.of(
            new Rule(3, "Fizz"), new Rule(5, "Buzz"), new Rule(7, "Bazz"));

    static String label(int n, List<Rule> rules) {
        StringBuilder words = new StringBuilder();
        for (Rule rule : rules) {
            if (n % rule.divisor() == 0) {
                words.append(rule.word());
            }
        }
        return words.length() > 0 ? words.toString() : Integer.toString(n);
    }

    public static void main(String[] args) {
        Map<String, Integer> wordCounts = new LinkedHashMap<>();
        for (Rule rule : RULES) {
            wordCounts.put(rule.word(), 0);
        }
        int plainNumbers = 0;
        for (int n = 1; n <= 30; n++) {
            System.out.println(label(n, RULES));
            boolean matched = false;
            for (Rule rule : RULES) {
                if (n % rule.divisor() == 0) {
                    wordCounts.merge(rule.word(), 1, Integer::sum);
                    matched = true;
                }
            }
            if (!matched) {
                plainNumbers++;
            }
        }

        System.out.println("---");
        for (Map.Entry<String, Integer> entry : wordCounts.entrySet()) {
            System.out.println(entry.getKey() + ": " + entry.getValue());
        }
        System.out.println("plain numbers: " + plainNumbers);
    }
}
