//! Word-level helpers shared by the analysers.

/// `char::is_alphanumeric`, answered from ranges for the scripts news
/// text is mostly in before the general table lookup, which profiling
/// showed as a leading cost of analysis on Cyrillic and Hangul text.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c as u32 {
        0x00C0..=0x00FF => c != '×' && c != '÷',
        0x0410..=0x045F => true,
        0xAC00..=0xD7A3 => true,
        _ => c.is_alphanumeric(),
    }
}

/// Tokens with their byte ranges: runs of letters, digits, and inner
/// apostrophes, hyphens, periods and commas between digits.
pub fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut start: Option<usize> = None;
    let mut prev: char = ' ';
    let mut it = text.char_indices().peekable();
    while let Some((b, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        let inner = matches!(c, '\'' | '’' | '-' | '.' | ',')
            && start.is_some()
            && next.is_some_and(is_word_char)
            && (c != ',' || (prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())));
        if is_word_char(c) || inner {
            start.get_or_insert(b);
        } else if let Some(s) = start.take() {
            out.push((s, b));
        }
        prev = c;
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Lower-cases and folds quote marks so phrases compare across styles.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Function words that never start or make up a name or a claim term.
pub const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "it",
    "its",
    "he",
    "she",
    "they",
    "them",
    "their",
    "his",
    "her",
    "we",
    "our",
    "you",
    "your",
    "i",
    "me",
    "my",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "when",
    "where",
    "while",
    "after",
    "before",
    "since",
    "until",
    "also",
    "not",
    "no",
    "so",
    "than",
    "then",
    "into",
    "about",
    "over",
    "under",
    "up",
    "out",
    "all",
    "any",
    "some",
    "such",
    "only",
    "more",
    "most",
    "very",
    "can",
    "could",
    "would",
    "should",
    "will",
    "may",
    "might",
    "must",
    "said",
    "says",
    "say",
    "told",
    "added",
    "according",
    "just",
    "still",
    "even",
    "however",
    "meanwhile",
    "both",
    "each",
    "other",
    "others",
    "one",
    "many",
    "much",
    "now",
    "new",
    "including",
    "during",
    "against",
    "between",
    "through",
    "again",
    "him",
    "himself",
    "herself",
    "themselves",
    "itself",
    "us",
    "because",
    "though",
    "although",
    "whether",
    "yet",
    "being",
    "way",
    "via",
    "like",
    "way",
    "well",
    "made",
    "make",
];

pub fn is_stopword(w: &str) -> bool {
    static SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());
    // Every stop word is short ASCII: anything else is not one, and needs
    // no lower-casing to tell.
    if w.len() > 16 || !w.is_ascii() {
        return false;
    }
    if w.bytes().any(|b| b.is_ascii_uppercase()) {
        SET.contains(w.to_ascii_lowercase().as_str())
    } else {
        SET.contains(w)
    }
}

/// A crude stem so "expressed"/"express", "soldiers"/"soldier" meet.
pub fn stem(w: &str) -> String {
    let w = w.to_lowercase();
    let w = w.trim_end_matches("'s").trim_end_matches("’s");
    for suf in [
        "ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly",
    ] {
        let sibilant = |b: &str| ["s", "x", "z", "ch", "sh"].iter().any(|e| b.ends_with(e));
        if suf == "es" && w.ends_with("es") && !sibilant(&w[..w.len() - 2]) {
            continue;
        }
        if w.len() > suf.len() + 3 && w.ends_with(suf) && !(suf == "s" && w.ends_with("ss")) {
            let base = &w[..w.len() - suf.len()];
            return if suf == "ies" {
                format!("{base}y")
            } else {
                base.to_string()
            };
        }
    }
    w.to_string()
}

/// Words news writers use interchangeably for one thing; each maps to the
/// group's first member. A thesaurus, not a rule for any one article.
const SYNONYMS: &[&[&str]] = &[
    &["prisoner", "captive", "pow", "detainee"],
    &["soldier", "troop", "serviceman", "fighter"],
    &[
        "lawmaker",
        "rep",
        "legislator",
        "mp",
        "congressman",
        "congresswoman",
        "senator",
    ],
    &["wish", "desire", "hope", "intent", "intention"],
    &["defect", "defection"],
    &["ship", "vessel", "ferry", "boat"],
    &["hospital", "hospitalis", "hospitaliz"],
    &["evacuat", "rescu"],
    &["capture", "captur"],
    &["kill", "death", "dead", "die"],
    &["letter", "letters"],
];

/// Stem, then synonym group: the term two statements are compared on.
pub fn term(w: &str) -> String {
    use std::collections::HashMap;
    use std::sync::LazyLock;
    // Exact members by table; members of six letters or more also match as
    // prefixes ("evacuat" → "evacuation"), tried in the groups' order.
    static EXACT: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
        let mut m = HashMap::new();
        for group in SYNONYMS {
            for g in group.iter() {
                m.entry(*g).or_insert(group[0]);
            }
        }
        m
    });
    static PREFIXES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
        SYNONYMS
            .iter()
            .flat_map(|group| {
                group
                    .iter()
                    .filter(|g| g.len() >= 6)
                    .map(|g| (*g, group[0]))
            })
            .collect()
    });
    let s = stem(w);
    if let Some(head) = EXACT.get(s.as_str()) {
        return head.to_string();
    }
    if s.len() >= 6 {
        if let Some((_, head)) = PREFIXES.iter().find(|(g, _)| s.starts_with(g)) {
            return head.to_string();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_inner_punctuation() {
        let t = "Gyeore’eol said 15,000 troops, U.S. said.";
        let toks: Vec<&str> = tokens(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(
            toks,
            vec!["Gyeore’eol", "said", "15,000", "troops", "U.S", "said"]
        );
    }

    #[test]
    fn terms_meet_across_wording() {
        assert_eq!(term("expressed"), term("express"));
        assert_eq!(term("captives"), term("prisoners"));
        assert_eq!(term("lawmaker"), term("Rep"));
    }
}
