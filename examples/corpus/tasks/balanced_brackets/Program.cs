// Balanced bracket checker.
//
// Pushes every opening bracket ((, [, {) with its position on a stack and pops it
// at the matching closing bracket; other characters are ignored. Reports the first
// error: a closing bracket that does not match, one with nothing open, or an
// opening bracket still unclosed at the end (position = length of the input).

using System;
using System.Collections.Generic;

namespace BalancedBrackets
{
    public sealed class BracketError
    {
        public BracketError(int position, string message)
        {
            Position = position;
            Message = message;
        }

        public int Position { get; }
        public string Message { get; }
    }

    public static class Program
    {
        private static readonly Dictionary<char, char> CloserFor =
            new Dictionary<char, char> { ['('] = ')', ['['] = ']', ['{'] = '}' };
        private static readonly Dictionary<char, char> OpenerFor =
            new Dictionary<char, char> { [')'] = '(', [']'] = '[', ['}'] = '{' };
        private static readonly string[] Inputs =
        {
            "([]{})", "([)]", "((()", "{[()()]}", "}", "a(b[c]{d}e)f", "", "[(])",
        };

        /// <summary>Returns null when balanced, else the first error.</summary>
        private static BracketError CheckBrackets(string text)
        {
            var stack = new Stack<KeyValuePair<char, int>>();
            for (var position = 0; position < text.Length; position++)
            {
                var c = text[position];
                if (CloserFor.ContainsKey(c))
                {
                    stack.Push(new KeyValuePair<char, int>(c, position));
                }
                else if (OpenerFor.TryGetValue(c, out var expectedOpener))
                {
                    if (stack.Count == 0)
                    {
                        return new BracketError(position, $"unexpected '{c}'");
                    }
                    var open = stack.Pop();
                    if (open.Key != expectedOpener)
                    {
                        return new BracketError(position, $"expected '{CloserFor[open.Key]}' but found '{c}'");
                    }
                }
            }
            if (stack.Count > 0)
            {
                var open = stack.Peek();
                return new BracketError(text.Length, $"unclosed '{open.Key}' opened at {open.Value}");
            }
            return null;
        }

        public static void Main()
        {
            foreach (var text in Inputs)
            {
                var error = CheckBrackets(text);
                var verdict = error == null ? "balanced" : $"error at {error.Position}: {error.Message}";
                Console.WriteLine($"\"{text}\": {verdict}");
            }
        }
    }
}
