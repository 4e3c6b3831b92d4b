// Evaluate integer Reverse Polish Notation expressions (+ - * /), reporting malformed input as errors.
// Division truncates toward zero.

using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

class RpnException : Exception
{
    public RpnException(string message) : base(message) { }
}

static class Rpn
{
    private static readonly Regex Number = new Regex("^-?[0-9]+$");

    private static readonly Dictionary<string, Func<long, long, long>> Operators =
        new Dictionary<string, Func<long, long, long>>
        {
            ["+"] = (a, b) => a + b,
            ["-"] = (a, b) => a - b,
            ["*"] = (a, b) => a * b,
            ["/"] = (a, b) => b == 0 ? throw new RpnException("division by zero") : a / b,
        };

    public static long Evaluate(string expression)
    {
        var stack = new Stack<long>();
        foreach (var token in expression.Split((char[])null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Number.IsMatch(token))
            {
                stack.Push(long.Parse(token));
            }
            else if (Operators.TryGetValue(token, out var operation))
            {
                if (stack.Count < 2) throw new RpnException($"'{token}' needs two operands");
                long right = stack.Pop();
                long left = stack.Pop();
                stack.Push(operation(left, right));
            }
            else
            {
                throw new RpnException($"invalid token '{token}'");
            }
        }
        if (stack.Count == 0) throw new RpnException("empty expression");
        if (stack.Count > 1) throw new RpnException($"{stack.Count} values left on the stack");
        return stack.Pop();
    }
}

static class Program
{
    static void Main()
    {
        string[] expressions =
        {
            "3 4 +", "5 1 2 + 4 * + 3 -", "15 7 1 1 + - / 3 * 2 1 1 + + -", "10 3 /", "-7 2 /",
            "4 0 /", "1 +", "1 2 3 +", "2 x +", "",
        };
        foreach (var expression in expressions)
        {
            try
            {
                Console.WriteLine($"\"{expression}\" = {Rpn.Evaluate(expression)}");
            }
            catch (RpnException e)
            {
                Console.WriteLine($"\"{expression}\" -> error: {e.Message}");
            }
        }
    }
}
