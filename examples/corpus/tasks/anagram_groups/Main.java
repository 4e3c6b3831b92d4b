// Group words that are anagrams of each other (same sorted letters) and print the groups in a fixed order.

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

public class Main {
    record Group(String key, List<String> members) {}

    static String sortedLetters(String word) {
        char[] letters = word.toCharArray();
        Arrays.sort(letters);
        return new String(letters);
    }

    static List<Group> groupAnagrams(List<String> words) {
        Map<String, List<String>> byKey = words.stream().collect(Collectors.groupingBy(Main::sortedLetters));
        List<Group> groups = new ArrayList<>();
        byKey.forEach((key, members) -> groups.add(new Group(key, members.stream().sorted().toList())));
        // Largest groups first; ties by key, so the order never depends on hashing.
        groups.sort(Comparator.comparingInt((Group g) -> -g.members().size()).thenComparing(Group::key));
        return groups;
    }

    public static void main(String[] args) {
        List<String> words = List.of(
                "listen", "silent", "enlist", "google", "inlets", "banana", "tinsel", "rat", "tar", "art",
                "evil", "vile", "live", "veil", "stone", "notes", "onset", "tones", "apple", "elbow", "below");
        List<Group> groups = groupAnagrams(words);
        System.out.println(words.size() + " words, " + groups.size() + " groups");
        for (Group group : groups) {
            String members = String.join(" ", group.members());
            System.out.println(group.key() + " (" + group.members().size() + "): " + members);
        }
    }
}
