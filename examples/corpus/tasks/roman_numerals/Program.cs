// Roman numerals in both directions.
//
// Converts integers to Roman numerals greedily with the subtractive pairs (CM, XL,
// IV, ...) in the table, parses numerals back (a symbol smaller than the next one
// is subtracted), round-trips a list of numbers and reports invalid input.

using System;
using System.Collections.Generic;
using System.Text;

namespace RomanNumerals
{
    public static class Program
    {
        private static readonly int[] Values = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
        private static readonly string[] Symbols =
        {
            "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I",
        };
        private static readonly Dictionary<char, int> SymbolValues = new Dictionary<char, int>
        {
            ['I'] = 1, ['V'] = 5, ['X'] = 10, ['L'] = 50, ['C'] = 100, ['D'] = 500, ['M'] = 1000,
        };
        private static readonly int[] Numbers = { 1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999 };
        private static readonly string[] ToParse = { "XLII", "MMXXVI", "MCMZ" };

        private static string ToRoman(int number)
        {
            var roman = new StringBuilder();
            for (var i = 0; i < Values.Length; i++)
            {
                roman.Insert(roman.Length, Symbols[i], number / Values[i]);
                number %= Values[i];
            }
            return roman.ToString();
        }

        private static int FromRoman(string numeral)
        {
            var total = 0;
            for (var i = 0; i < numeral.Length; i++)
            {
                if (!SymbolValues.TryGetValue(numeral[i], out var value))
                {
                    throw new FormatException($"invalid Roman digit '{numeral[i]}'");
                }
                var following =
                    i + 1 < numeral.Length && SymbolValues.TryGetValue(numeral[i + 1], out var next) ? next : 0;
                total += value < following ? -value : value;
            }
            return total;
        }

        public static void Main()
        {
            var roundTripsOk = 0;
            foreach (var number in Numbers)
            {
                var numeral = ToRoman(number);
                var back = FromRoman(numeral);
                if (back == number)
                {
                    roundTripsOk++;
                }
                Console.WriteLine($"{number} -> {numeral} -> {back}");
            }
            Console.WriteLine($"round trips ok: {roundTripsOk}/{Numbers.Length}");

            foreach (var numeral in ToParse)
            {
                try
                {
                    Console.WriteLine($"{numeral} -> {FromRoman(numeral)}");
                }
                catch (FormatException e)
                {
                    Console.WriteLine($"{numeral} -> error: {e.Message}");
                }
            }
        }
    }
}
