// Run-length encoding: "AAAB" <-> "3A1B", with a round-trip check. Digits cannot be encoded unambiguously.

public class Main {
    static final class EncodingException extends Exception {
        EncodingException(String message) {
            super(message);
        }
    }

    static String encode(String text) throws EncodingException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                throw new EncodingException("cannot encode digit '" + c + "' at index " + i);
            }
            int runEnd = i;
            while (runEnd < text.length() && text.charAt(runEnd) == c) {
                runEnd++;
            }
            out.append(runEnd - i).append(c);
            i = runEnd;
        }
        return out.toString();
    }

    static String decode(String encoded) throws EncodingException {
        StringBuilder out = new StringBuilder();
        StringBuilder count = new StringBuilder();
        for (char c : encoded.toCharArray()) {
            if (Character.isDigit(c)) {
                count.append(c);
            } else if (count.length() == 0) {
                throw new EncodingException("missing count before '" + c + "'");
            } else {
                out.append(String.valueOf(c).repeat(Integer.parseInt(count.toString())));
                count.setLength(0);
            }
        }
        if (count.length() > 0) {
            throw new EncodingException("dangling count '" + count + "' at end");
        }
        return out.toString();
    }

    public static void main(String[] args) {
        String[] inputs = {
            "WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW",
            "AAABBBCCDAA",
            "abc",
            "",
            "zzzzzzzzzzzz",
            "h1",
        };
        for (String text : inputs) {
            try {
                String encoded = encode(text);
                String status = decode(encoded).equals(text) ? "ok" : "FAILED";
                System.out.println("\"" + text + "\" -> \"" + encoded + "\" -> round trip " + status);
            } catch (EncodingException e) {
                System.out.println("\"" + text + "\" -> error: " + e.getMessage());
            }
        }
        for (String encoded : new String[] {"12W1B", "3", "A2"}) {
            try {
                System.out.println("decode \"" + encoded + "\" -> \"" + decode(encoded) + "\"");
            } catch (EncodingException e) {
                System.out.println("decode \"" + encoded + "\" -> error: " + e.getMessage());
            }
        }
    }
}
