// Group words that are anagrams of each other (same sorted letters) and print the groups in a fixed order.

interface AnagramGroup {
  readonly key: string;
  readonly members: string[];
}

// Plain comparison (not localeCompare) keeps the order identical to a byte-wise sort.
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const members = groups.get(key);
    if (members) members.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function groupAnagrams(words: readonly string[]): AnagramGroup[] {
  const byKey = groupBy(words, (word) => [...word].sort().join(""));
  // Largest groups first; ties by key, so the order never depends on insertion.
  return [...byKey]
    .map(([key, members]): AnagramGroup => ({ key, members: members.sort(compareStrings) }))
    .sort((a, b) => b.members.length - a.members.length || compareStrings(a.key, b.key));
}

const words: readonly string[] = [
  "listen", "silent", "enlist", "google", "inlets", "banana", "tinsel", "rat", "tar", "art",
  "evil", "vile", "live", "veil", "stone", "notes", "onset", "tones", "apple", "elbow", "below",
];
const groups = groupAnagrams(words);
console.log(`${words.length} words, ${groups.length} groups`);
for (const { key, members } of groups) {
  console.log(`${key} (${members.length}): ${members.join(" ")}`);
}
