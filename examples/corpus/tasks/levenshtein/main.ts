// Levenshtein edit distance (insertions, deletions, substitutions) with a full dynamic-programming table.

type Table = number[][];

// table[i][j] is the distance between the first i chars of source and the first j chars of target.
function editTable(source: string, target: string): Table {
  const table: Table = Array.from({ length: source.length + 1 }, (_, i) =>
    Array.from({ length: target.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= source.length; i++) {
    for (let j = 1; j <= target.length; j++) {
      const substitution = source[i - 1] === target[j - 1] ? 0 : 1;
      table[i][j] = Math.min(
        table[i - 1][j] + 1, // delete source[i - 1]
        table[i][j - 1] + 1, // insert target[j - 1]
        table[i - 1][j - 1] + substitution,
      );
    }
  }
  return table;
}

const distance = (source: string, target: string): number =>
  editTable(source, target)[source.length][target.length];

function formatTable(source: string, target: string, table: Table): string {
  const cell = (value: number | string): string => String(value).padStart(3);
  const lines: string[] = ["     " + [...target].map(cell).join("")];
  table.forEach((row, i) => {
    const label = i > 0 ? source[i - 1] : " ";
    lines.push(`  ${label}${row.map(cell).join("")}`);
  });
  return lines.join("\n");
}

const pairs: ReadonlyArray<readonly [string, string]> = [["kitten", "sitting"], ["flaw", "lawn"],
  ["intention", "execution"], ["", "abc"], ["gumbo", "gambol"], ["book", "back"], ["same", "same"]];
const [first, second] = pairs[0];
console.log(`table for ${first} -> ${second}:`);
console.log(formatTable(first, second, editTable(first, second)));
for (const [source, target] of pairs) {
  console.log(`distance("${source}", "${target}") = ${distance(source, target)}`);
}
