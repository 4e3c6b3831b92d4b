// Balanced bracket checker.
//
// Pushes every opening bracket ((, [, {) with its position on a stack and pops it
// at the matching closing bracket; other characters are ignored. Reports the first
// error: a closing bracket that does not match, one with nothing open, or an
// opening bracket still unclosed at the end (position = length of the input).

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public class Main {
    private static final Map<Character, Character> CLOSER_FOR = Map.of('(', ')', '[', ']', '{', '}');
    private static final Map<Character, Character> OPENER_FOR = Map.of(')', '(', ']', '[', '}', '{');
    private static final List<String> INPUTS =
            List.of("([]{})", "([)]", "((()", "{[()()]}", "}", "a(b[c]{d}e)f", "", "[(])");

    record BracketError(int position, String message) {}

    private record Open(char bracket, int position) {}

    static Optional<BracketError> checkBrackets(String text) {
        Deque<Open> stack = new ArrayDeque<>();
        for (int position = 0; position < text.length(); position++) {
            char c = text.charAt(position);
            if (CLOSER_FOR.containsKey(c)) {
                stack.push(new Open(c, position));
            } else if (OPENER_FOR.containsKey(c)) {
                if (stack.isEmpty()) {
                    return Optional.of(new BracketError(position, "unexpected '" + c + "'"));
                }
                Open open = stack.pop();
                if (open.bracket() != OPENER_FOR.get(c)) {
                    String message = "expected '" + CLOSER_FOR.get(open.bracket()) + "' but found '" + c + "'";
                    return Optional.of(new BracketError(position, message));
                }
            }
        }
        if (!stack.isEmpty()) {
            Open open = stack.peek();
            String message = "unclosed '" + open.bracket() + "' opened at " + open.position();
            return Optional.of(new BracketError(text.length(), message));
        }
        return Optional.empty();
    }

    public static void main(String[] args) {
        for (String text : INPUTS) {
            String verdict = checkBrackets(text)
                    .map(error -> "error at " + error.position() + ": " + error.message())
                    .orElse("balanced");
            System.out.println("\"" + text + "\": " + verdict);
        }
    }
}
