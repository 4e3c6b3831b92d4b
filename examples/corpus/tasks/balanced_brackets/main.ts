// Balanced bracket checker.
//
// Pushes every opening bracket ((, [, {) with its position on a stack and pops it
// at the matching closing bracket; other characters are ignored. Reports the first
// error: a closing bracket that does not match, one with nothing open, or an
// opening bracket still unclosed at the end (position = length of the input).

type Opener = "(" | "[" | "{";
type Closer = ")" | "]" | "}";

interface BracketError {
  position: number;
  message: string;
}

interface OpenBracket {
  bracket: Opener;
  position: number;
}

const CLOSER_FOR: Readonly<Record<Opener, Closer>> = { "(": ")", "[": "]", "{": "}" };
const OPENER_FOR: Readonly<Record<Closer, Opener>> = { ")": "(", "]": "[", "}": "{" };
const INPUTS: readonly string[] = [
  "([]{})", "([)]", "((()", "{[()()]}", "}", "a(b[c]{d}e)f", "", "[(])",
];

const isOpener = (char: string): char is Opener => char in CLOSER_FOR;
const isCloser = (char: string): char is Closer => char in OPENER_FOR;

function checkBrackets(text: string): BracketError | null {
  const stack: OpenBracket[] = [];
  for (const [position, char] of [...text].entries()) {
    if (isOpener(char)) {
      stack.push({ bracket: char, position });
    } else if (isCloser(char)) {
      const open: OpenBracket | undefined = stack.pop();
      if (open === undefined) {
        return { position, message: `unexpected '${char}'` };
      }
      if (open.bracket !== OPENER_FOR[char]) {
        return { position, message: `expected '${CLOSER_FOR[open.bracket]}' but found '${char}'` };
      }
    }
  }
  const unclosed: OpenBracket | undefined = stack[stack.length - 1];
  if (unclosed !== undefined) {
    const message = `unclosed '${unclosed.bracket}' opened at ${unclosed.position}`;
    return { position: text.length, message };
  }
  return null;
}

function main(): void {
  for (const text of INPUTS) {
    const error = checkBrackets(text);
    const verdict: string = error === null ? "balanced" : `error at ${error.position}: ${error.message}`;
    console.log(`"${text}": ${verdict}`);
  }
}

main();
