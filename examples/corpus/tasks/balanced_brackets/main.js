// Balanced bracket checker.
//
// Pushes every opening bracket ((, [, {) with its position on a stack and pops it
// at the matching closing bracket; other characters are ignored. Reports the first
// error: a closing bracket that does not match, one with nothing open, or an
// opening bracket still unclosed at the end (position = length of the input).

const CLOSER_FOR = new Map([
  ["(", ")"],
  ["[", "]"],
  ["{", "}"],
]);
const OPENER_FOR = new Map([...CLOSER_FOR].map(([opener, closer]) => [closer, opener]));
const INPUTS = ["([]{})", "([)]", "((()", "{[()()]}", "}", "a(b[c]{d}e)f", "", "[(])"];

/** Returns null when balanced, else { position, message } for the first error. */
function checkBrackets(text) {
  const stack = [];
  for (const [position, char] of [...text].entries()) {
    if (CLOSER_FOR.has(char)) {
      stack.push({ bracket: char, position });
    } else if (OPENER_FOR.has(char)) {
      const open = stack.pop();
      if (open === undefined) {
        return { position, message: `unexpected '${char}'` };
      }
      if (open.bracket !== OPENER_FOR.get(char)) {
        return { position, message: `expected '${CLOSER_FOR.get(open.bracket)}' but found '${char}'` };
      }
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1];
    return { position: text.length, message: `unclosed '${open.bracket}' opened at ${open.position}` };
  }
  return null;
}

function main() {
  for (const text of INPUTS) {
    const error = checkBrackets(text);
    const verdict = error === null ? "balanced" : `error at ${error.position}: ${error.message}`;
    console.log(`"${text}": ${verdict}`);
  }
}

main();
