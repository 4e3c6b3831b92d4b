// Levenshtein edit distance (insertions, deletions, substitutions) with a full dynamic-programming table.

public class Main {
    /** table[i][j] is the distance between the first i chars of source and the first j chars of target. */
    static int[][] editTable(String source, String target) {
        int[][] table = new int[source.length() + 1][target.length() + 1];
        for (int i = 0; i <= source.length(); i++) {
            table[i][0] = i;
        }
        for (int j = 0; j <= target.length(); j++) {
            table[0][j] = j;
        }
        for (int i = 1; i <= source.length(); i++) {
            for (int j = 1; j <= target.length(); j++) {
                int substitution = source.charAt(i - 1) == target.charAt(j - 1) ? 0 : 1;
                table[i][j] = Math.min(
                        Math.min(table[i - 1][j] + 1, table[i][j - 1] + 1),
                        table[i - 1][j - 1] + substitution);
            }
        }
        return table;
    }

    static String formatTable(String source, String target, int[][] table) {
        StringBuilder out = new StringBuilder("     ");
        for (char c : target.toCharArray()) {
            out.append(String.format("%3c", c));
        }
        for (int i = 0; i < table.length; i++) {
            out.append("\n  ").append(i > 0 ? source.charAt(i - 1) : ' ');
            for (int value : table[i]) {
                out.append(String.format("%3d", value));
            }
        }
        return out.toString();
    }

    public static void main(String[] args) {
        String[][] pairs = {
            {"kitten", "sitting"}, {"flaw", "lawn"}, {"intention", "execution"}, {"", "abc"},
            {"gumbo", "gambol"}, {"book", "back"}, {"same", "same"},
        };
        String source = pairs[0][0];
        String target = pairs[0][1];
        System.out.println("table for " + source + " -> " + target + ":");
        System.out.println(formatTable(source, target, editTable(source, target)));
        for (String[] pair : pairs) {
            int distance = editTable(pair[0], pair[1])[pair[0].length()][pair[1].length()];
            System.out.println("distance(\"" + pair[0] + "\", \"" + pair[1] + "\") = " + distance);
        }
    }
}
