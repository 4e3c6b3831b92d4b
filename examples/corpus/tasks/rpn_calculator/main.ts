// Evaluate integer Reverse Polish Notation expressions (+ - * /), reporting malformed input as errors.
// Division truncates toward zero.

class RPNError extends Error {}

type Operator = "+" | "-" | "*" | "/";
type BinaryOperation = (left: number, right: number) => number;

const NUMBER = /^-?[0-9]+$/;

const OPERATORS: Record<Operator, BinaryOperation> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => {
    if (b === 0) throw new RPNError("division by zero");
    return Math.trunc(a / b);
  },
};

const isOperator = (token: string): token is Operator => Object.prototype.hasOwnProperty.call(OPERATORS, token);

function evaluate(expression: string): number {
  const stack: number[] = [];
  for (const token of expression.split(/\s+/).filter((t) => t !== "")) {
    if (NUMBER.test(token)) {
      stack.push(Number.parseInt(token, 10));
    } else if (isOperator(token)) {
      const right = stack.pop();
      const left = stack.pop();
      if (left === undefined || right === undefined) throw new RPNError(`'${token}' needs two operands`);
      stack.push(OPERATORS[token](left, right));
    } else {
      throw new RPNError(`invalid token '${token}'`);
    }
  }
  if (stack.length === 0) throw new RPNError("empty expression");
  if (stack.length > 1) throw new RPNError(`${stack.length} values left on the stack`);
  return stack[0];
}

const expressions: readonly string[] = ["3 4 +", "5 1 2 + 4 * + 3 -", "15 7 1 1 + - / 3 * 2 1 1 + + -", "10 3 /",
  "-7 2 /", "4 0 /", "1 +", "1 2 3 +", "2 x +", ""];
for (const expression of expressions) {
  try {
    console.log(`"${expression}" = ${evaluate(expression)}`);
  } catch (error: unknown) {
    if (!(error instanceof RPNError)) throw error;
    console.log(`"${expression}" -> error: ${error.message}`);
  }
}
