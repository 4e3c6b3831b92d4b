// Run-length encoding: "AAAB" <-> "3A1B", with a round-trip check. Digits cannot be encoded unambiguously.

class EncodingError extends Error {}

const isDigit = (char) => char >= "0" && char <= "9";

function encode(text) {
  const digit = text.search(/[0-9]/);
  if (digit >= 0) {
    throw new EncodingError(`cannot encode digit '${text[digit]}' at index ${digit}`);
  }
  // Each match is one run of a repeated character.
  return (text.match(/(.)\1*/g) ?? []).map((run) => `${run.length}${run[0]}`).join("");
}

function decode(encoded) {
  let out = "";
  let count = "";
  for (const char of encoded) {
    if (isDigit(char)) {
      count += char;
    } else if (count === "") {
      throw new EncodingError(`missing count before '${char}'`);
    } else {
      out += char.repeat(Number.parseInt(count, 10));
      count = "";
    }
  }
  if (count !== "") throw new EncodingError(`dangling count '${count}' at end`);
  return out;
}

const inputs = [
  "WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW",
  "AAABBBCCDAA",
  "abc",
  "",
  "zzzzzzzzzzzz",
  "h1",
];
for (const text of inputs) {
  try {
    const encoded = encode(text);
    const status = decode(encoded) === text ? "ok" : "FAILED";
    console.log(`"${text}" -> "${encoded}" -> round trip ${status}`);
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    console.log(`"${text}" -> error: ${error.message}`);
  }
}
for (const encoded of ["12W1B", "3", "A2"]) {
  try {
    console.log(`decode "${encoded}" -> "${decode(encoded)}"`);
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    console.log(`decode "${encoded}" -> error: ${error.message}`);
  }
}
