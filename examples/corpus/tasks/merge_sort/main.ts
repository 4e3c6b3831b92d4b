// Recursive merge sort of a fixed integer array.
//
// Splits the array in halves, sorts each half recursively and merges them; the
// merge takes from the left half on ties, so the sort is stable. Prints the array
// before and after sorting.

type Compare<T> = (a: T, b: T) => number;

const VALUES: readonly number[] = [38, 27, 43, 3, 9, 82, 10, 3, -5, 64, 0, 27];

function merge<T>(left: readonly T[], right: readonly T[], compare: Compare<T>): T[] {
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (compare(left[i], right[j]) <= 0) {
      merged.push(left[i++]);
    } else {
      merged.push(right[j++]);
    }
  }
  return merged.concat(left.slice(i), right.slice(j));
}

function mergeSort<T>(values: readonly T[], compare: Compare<T>): T[] {
  if (values.length <= 1) {
    return [...values];
  }
  const middle: number = Math.floor(values.length / 2);
  const left: T[] = mergeSort(values.slice(0, middle), compare);
  const right: T[] = mergeSort(values.slice(middle), compare);
  return merge(left, right, compare);
}

function main(): void {
  const byValue: Compare<number> = (a, b) => a - b;
  console.log(`before: ${VALUES.join(" ")}`);
  console.log(`after:  ${mergeSort(VALUES, byValue).join(" ")}`);
}

main();
