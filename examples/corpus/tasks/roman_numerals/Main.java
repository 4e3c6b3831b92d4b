// Roman numerals in both directions.
//
// Converts integers to Roman numerals greedily with the subtractive pairs (CM, XL,
// IV, ...) in the table, parses numerals back (a symbol smaller than the next one
// is subtracted), round-trips a list of numbers and reports invalid input.

import java.util.List;
import java.util.Map;

public class Main {
    private static final int[] VALUES = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    private static final String[] SYMBOLS = {
        "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I",
    };
    private static final Map<Character, Integer> SYMBOL_VALUES = Map.of(
            'I', 1, 'V', 5, 'X', 10, 'L', 50, 'C', 100, 'D', 500, 'M', 1000);
    private static final int[] NUMBERS = {1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999};
    private static final List<String> TO_PARSE = List.of("XLII", "MMXXVI", "MCMZ");

    static String toRoman(int number) {
        StringBuilder roman = new StringBuilder();
        for (int i = 0; i < VALUES.length; i++) {
            roman.append(SYMBOLS[i].repeat(number / VALUES[i]));
            number %= VALUES[i];
        }
        return roman.toString();
    }

    static int fromRoman(String numeral) {
        int total = 0;
        for (int i = 0; i < numeral.length(); i++) {
            Integer value = SYMBOL_VALUES.get(numeral.charAt(i));
            if (value == null) {
                throw new IllegalArgumentException("invalid Roman digit '" + numeral.charAt(i) + "'");
            }
            int following = i + 1 < numeral.length() ? SYMBOL_VALUES.getOrDefault(numeral.charAt(i + 1), 0) : 0;
            total += value < following ? -value : value;
        }
        return total;
    }

    public static void main(String[] args) {
        int roundTripsOk = 0;
        for (int number : NUMBERS) {
            String numeral = toRoman(number);
            int back = fromRoman(numeral);
            if (back == number) {
                roundTripsOk++;
            }
            System.out.println(number + " -> " + numeral + " -> " + back);
        }
        System.out.println("round trips ok: " + roundTripsOk + "/" + NUMBERS.length);

        for (String numeral : TO_PARSE) {
            try {
                System.out.println(numeral + " -> " + fromRoman(numeral));
            } catch (IllegalArgumentException e) {
                System.out.println(numeral + " -> error: " + e.getMessage());
            }
        }
    }
}
