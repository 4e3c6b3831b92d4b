// Levenshtein edit distance (insertions, deletions, substitutions) with a full dynamic-programming table.

/// table[i][j] is the distance between the first i chars of source and the first j chars of target.
fn edit_table(source: &str, target: &str) -> Vec<Vec<usize>> {
    let s: Vec<char> = source.chars().collect();
    let t: Vec<char> = target.chars().collect();
    let mut table = vec![vec![0; t.len() + 1]; s.len() + 1];
    for (i, row) in table.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=t.len() {
        table[0][j] = j;
    }
    for i in 1..=s.len() {
        for j in 1..=t.len() {
            let substitution = usize::from(s[i - 1] != t[j - 1]);
            table[i][j] = (table[i - 1][j] + 1) // delete s[i - 1]
                .min(table[i][j - 1] + 1) // insert t[j - 1]
                .min(table[i - 1][j - 1] + substitution);
        }
    }
    table
}

fn distance(source: &str, target: &str) -> usize {
    *edit_table(source, target).last().unwrap().last().unwrap()
}

fn format_table(source: &str, target: &str, table: &[Vec<usize>]) -> String {
    let mut lines = vec![format!(
        "     {}",
        target
            .chars()
            .map(|c| format!("{:>3}", c))
            .collect::<String>()
    )];
    let labels = std::iter::once(' ').chain(source.chars());
    for (label, row) in labels.zip(table) {
        let cells: String = row.iter().map(|value| format!("{:>3}", value)).collect();
        lines.push(format!("  {}{}", label, cells));
    }
    lines.join("\n")
}

fn main() {
    let pairs = [
        ("kitten", "sitting"),
        ("flaw", "lawn"),
        ("intention", "execution"),
        ("", "abc"),
        ("gumbo", "gambol"),
        ("book", "back"),
        ("same", "same"),
    ];
    let (first, second) = pairs[0];
    println!("table for {} -> {}:", first, second);
    println!(
        "{}",
        format_table(first, second, &edit_table(first, second))
    );
    for (source, target) in pairs {
        println!(
            "distance(\"{}\", \"{}\") = {}",
            source,
            target,
            distance(source, target)
        );
    }
}
