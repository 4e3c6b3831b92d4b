// Evaluate integer Reverse Polish Notation expressions (+ - * /), reporting malformed input as errors.
// Division truncates toward zero.

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

public class Main {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+");

    static final class RpnException extends Exception {
        RpnException(String message) {
            super(message);
        }
    }

    static long apply(String operator, long left, long right) throws RpnException {
        switch (operator) {
            case "+":
                return left + right;
            case "-":
                return left - right;
            case "*":
                return left * right;
            case "/":
                if (right == 0) {
                    throw new RpnException("division by zero");
                }
                return left / right;
            default:
                throw new RpnException("invalid token '" + operator + "'");
        }
    }

    static long evaluate(String expression) throws RpnException {
        Deque<Long> stack = new ArrayDeque<>();
        String trimmed = expression.trim();
        String[] tokens = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        for (String token : tokens) {
            if (NUMBER.matcher(token).matches()) {
                stack.push(Long.parseLong(token));
            } else if ("+-*/".contains(token) && token.length() == 1) {
                if (stack.size() < 2) {
                    throw new RpnException("'" + token + "' needs two operands");
                }
                long right = stack.pop();
                long left = stack.pop();
                stack.push(apply(token, left, right));
            } else {
                throw new RpnException("invalid token '" + token + "'");
            }
        }
        if (stack.isEmpty()) {
            throw new RpnException("empty expression");
        }
        if (stack.size() > 1) {
            throw new RpnException(stack.size() + " values left on the stack");
        }
        return stack.pop();
    }

    public static void main(String[] args) {
        String[] expressions = {"3 4 +", "5 1 2 + 4 * + 3 -", "15 7 1 1 + - / 3 * 2 1 1 + + -", "10 3 /",
            "-7 2 /", "4 0 /", "1 +", "1 2 3 +", "2 x +", ""};
        for (String expression : expressions) {
            try {
                System.out.println("\"" + expression + "\" = " + evaluate(expression));
            } catch (RpnException e) {
                System.out.println("\"" + expression + "\" -> error: " + e.getMessage());
            }
        }
    }
}
