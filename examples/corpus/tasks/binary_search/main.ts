// Iterative binary search over a sorted array.
//
// Looks up several targets (present at the ends, in the middle, and absent below,
// inside and above the range) and prints the index found or "not found".

const SORTED_VALUES: readonly number[] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43];
const TARGETS: readonly number[] = [2, 19, 43, 1, 20, 44];

/** Returns the index of target in values, or undefined when it is absent. */
function binarySearch<T extends number | string>(values: readonly T[], target: T): number | undefined {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const mid: number = low + Math.floor((high - low) / 2);
    if (values[mid] === target) {
      return mid;
    }
    if (values[mid] < target) {
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return undefined;
}

function main(): void {
  console.log(`values: ${SORTED_VALUES.join(" ")}`);
  for (const target of TARGETS) {
    const index = binarySearch(SORTED_VALUES, target);
    if (index !== undefined) {
      console.log(`search ${target}: found at index ${index}`);
    } else {
      console.log(`search ${target}: not found`);
    }
  }
}

main();
