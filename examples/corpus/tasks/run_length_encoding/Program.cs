// Run-length encoding: "AAAB" <-> "3A1B", with a round-trip check. Digits cannot be encoded unambiguously.

using System;
using System.Text;

class EncodingException : Exception
{
    public EncodingException(string message) : base(message) { }
}

static class RunLength
{
    public static string Encode(string text)
    {
        var output = new StringBuilder();
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (char.IsDigit(c))
            {
                throw new EncodingException($"cannot encode digit '{c}' at index {i}");
            }
            int runEnd = i;
            while (runEnd < text.Length && text[runEnd] == c)
            {
                runEnd++;
            }
            output.Append(runEnd - i).Append(c);
            i = runEnd;
        }
        return output.ToString();
    }

    public static string Decode(string encoded)
    {
        var output = new StringBuilder();
        var count = new StringBuilder();
        foreach (char c in encoded)
        {
            if (char.IsDigit(c))
            {
                count.Append(c);
            }
            else if (count.Length == 0)
            {
                throw new EncodingException($"missing count before '{c}'");
            }
            else
            {
                output.Append(c, int.Parse(count.ToString()));
                count.Clear();
            }
        }
        if (count.Length > 0)
        {
            throw new EncodingException($"dangling count '{count}' at end");
        }
        return output.ToString();
    }
}

static class Program
{
    static void Main()
    {
        string[] inputs =
        {
            "WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW",
            "AAABBBCCDAA",
            "abc",
            "",
            "zzzzzzzzzzzz",
            "h1",
        };
        foreach (var text in inputs)
        {
            try
            {
                var encoded = RunLength.Encode(text);
                var status = RunLength.Decode(encoded) == text ? "ok" : "FAILED";
                Console.WriteLine($"\"{text}\" -> \"{encoded}\" -> round trip {status}");
            }
            catch (EncodingException e)
            {
                Console.WriteLine($"\"{text}\" -> error: {e.Message}");
            }
        }
        foreach (var encoded in new[] { "12W1B", "3", "A2" })
        {
            try
            {
                Console.WriteLine($"decode \"{encoded}\" -> \"{RunLength.Decode(encoded)}\"");
            }
            catch (EncodingException e)
            {
                Console.WriteLine($"decode \"{encoded}\" -> error: {e.Message}");
            }
        }
    }
}
