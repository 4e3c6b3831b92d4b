// Caesar cipher: encrypt, decrypt and crack.
//
// Shifts ASCII letters through the alphabet, keeping their case; every other
// character passes through unchanged. Cracks a ciphertext by trying all 26 shifts
// and keeping the one whose decryption contains the most common English words
// (the smallest shift wins on ties).

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace CaesarCipher
{
    public static class Program
    {
        private const string Message = "Hello, World! The quick brown fox jumps over the lazy dog.";
        private const int Shift = 3;
        private const string Ciphertext = "Xppe xp le esp zwo mctorp le olhy, lyo mctyr esp xla ez esp mzle!";
        private static readonly HashSet<string> CommonWords = new HashSet<string>
        {
            "the", "and", "to", "of", "a", "in", "is", "it", "at", "be", "me", "that",
        };

        private static char ShiftChar(char c, int shift)
        {
            foreach (var letterBase in new[] { 'a', 'A' })
            {
                var offset = c - letterBase;
                if (offset >= 0 && offset < 26)
                {
                    // C#'s % keeps the sign of the dividend, so add 26 before the final %.
                    return (char)(letterBase + ((offset + shift) % 26 + 26) % 26);
                }
            }
            return c;
        }

        private static string Encrypt(string text, int shift) =>
            new string(text.Select(c => ShiftChar(c, shift)).ToArray());

        private static string Decrypt(string text, int shift) => Encrypt(text, -shift);

        private static int EnglishScore(string text) =>
            Regex.Split(text.ToLowerInvariant(), "[^a-z]+").Count(CommonWords.Contains);

        private static void Crack(string ciphertext, out int bestShift, out int bestScore, out string plaintext)
        {
            bestShift = 0;
            bestScore = -1;
            plaintext = ciphertext;
            for (var shift = 0; shift < 26; shift++)
            {
                var candidate = Decrypt(ciphertext, shift);
                var score = EnglishScore(candidate);
                if (score > bestScore)
                {
                    bestShift = shift;
                    bestScore = score;
                    plaintext = candidate;
                }
            }
        }

        public static void Main()
        {
            var encrypted = Encrypt(Message, Shift);
            Console.WriteLine($"shift: {Shift}");
            Console.WriteLine($"plain:      {Message}");
            Console.WriteLine($"encrypted:  {encrypted}");
            Console.WriteLine($"decrypted:  {Decrypt(encrypted, Shift)}");

            Crack(Ciphertext, out var bestShift, out var score, out var plaintext);
            Console.WriteLine($"ciphertext: {Ciphertext}");
            Console.WriteLine($"best shift: {bestShift} (score {score})");
            Console.WriteLine($"cracked:    {plaintext}");
        }
    }
}
