// Run-length encoding: "AAAB" <-> "3A1B", with a round-trip check. Digits cannot be encoded unambiguously.
// Errors are returned as values (a discriminated union) rather than thrown.

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const isDigit = (char: string): boolean => char >= "0" && char <= "9";

function encode(text: string): Result<string> {
  const digit = text.search(/[0-9]/);
  if (digit >= 0) {
    return { ok: false, error: `cannot encode digit '${text[digit]}' at index ${digit}` };
  }
  // Each match is one run of a repeated character.
  const runs: string[] = text.match(/(.)\1*/g) ?? [];
  return { ok: true, value: runs.map((run) => `${run.length}${run[0]}`).join("") };
}

function decode(encoded: string): Result<string> {
  let out = "";
  let count = "";
  for (const char of encoded) {
    if (isDigit(char)) {
      count += char;
    } else if (count === "") {
      return { ok: false, error: `missing count before '${char}'` };
    } else {
      out += char.repeat(Number.parseInt(count, 10));
      count = "";
    }
  }
  if (count !== "") return { ok: false, error: `dangling count '${count}' at end` };
  return { ok: true, value: out };
}

const inputs: readonly string[] = [
  "WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW",
  "AAABBBCCDAA",
  "abc",
  "",
  "zzzzzzzzzzzz",
  "h1",
];
for (const text of inputs) {
  const encoded = encode(text);
  if (!encoded.ok) {
    console.log(`"${text}" -> error: ${encoded.error}`);
    continue;
  }
  const decoded = decode(encoded.value);
  const status = decoded.ok && decoded.value === text ? "ok" : "FAILED";
  console.log(`"${text}" -> "${encoded.value}" -> round trip ${status}`);
}
for (const encoded of ["12W1B", "3", "A2"]) {
  const decoded = decode(encoded);
  console.log(`decode "${encoded}" -> ${decoded.ok ? `"${decoded.value}"` : `error: ${decoded.error}`}`);
}
