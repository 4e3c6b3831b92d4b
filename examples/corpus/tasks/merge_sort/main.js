// Recursive merge sort of a fixed integer array.
//
// Splits the array in halves, sorts each half recursively and merges them; the
// merge takes from the left half on ties, so the sort is stable. Prints the array
// before and after sorting.

const VALUES = [38, 27, 43, 3, 9, 82, 10, 3, -5, 64, 0, 27];

function merge(left, right) {
  const merged = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (left[i] <= right[j]) {
      merged.push(left[i++]);
    } else {
      merged.push(right[j++]);
    }
  }
  return merged.concat(left.slice(i), right.slice(j));
}

function mergeSort(values) {
  if (values.length <= 1) {
    return [...values];
  }
  const middle = Math.floor(values.length / 2);
  return merge(mergeSort(values.slice(0, middle)), mergeSort(values.slice(middle)));
}

function main() {
  console.log(`before: ${VALUES.join(" ")}`);
  console.log(`after:  ${mergeSort(VALUES).join(" ")}`);
}

main();
