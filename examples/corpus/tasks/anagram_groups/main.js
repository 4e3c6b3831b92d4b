// Group words that are anagrams of each other (same sorted letters) and print the groups in a fixed order.

// Plain comparison (not localeCompare) keeps the order identical to a byte-wise sort.
const compareStrings = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function groupAnagrams(words) {
  const groups = new Map();
  for (const word of words) {
    const key = [...word].sort().join("");
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(word);
  }
  // Largest groups first; ties by key, so the order never depends on insertion.
  return [...groups]
    .map(([key, members]) => ({ key, members: members.sort(compareStrings) }))
    .sort((a, b) => b.members.length - a.members.length || compareStrings(a.key, b.key));
}

const words = [
  "listen", "silent", "enlist", "google", "inlets", "banana", "tinsel", "rat", "tar", "art",
  "evil", "vile", "live", "veil", "stone", "notes", "onset", "tones", "apple", "elbow", "below",
];
const groups = groupAnagrams(words);
console.log(`${words.length} words, ${groups.length} groups`);
for (const { key, members } of groups) {
  console.log(`${key} (${members.length}): ${members.join(" ")}`);
}
