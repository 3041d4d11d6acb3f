//! Link: which articles are copies of one another, and which tell one story.
//!
//! Takes articles with their analyses; gives [`Copy`](struct@Copy) links (word 5-shingle
//! Jaccard similarity of the bodies, so a wire story republished with small
//! edits is recognised) and story groups (TF-IDF cosine over content words
//! and named entities, joined single-link above a threshold, so unrelated
//! articles stay apart). Pairwise, which is right for the handful of
//! articles `analyze` takes. For an archive, [`minhash`] finds copies among
//! many through LSH band keys and [`cluster`] grows stories as articles
//! arrive.

pub mod anchors;
pub mod cluster;
pub mod minhash;
mod stem;
pub mod stream;

use crosscheck_analyze::words::{is_stopword, term, tokens};
use crosscheck_model::{Analysis, Article, Copy};
use std::collections::{HashMap, HashSet};

/// Shingle similarity at or above which one body is a copy of another.
pub const COPY_THRESHOLD: f64 = 0.5;
/// Cosine similarity at or above which two articles share a story.
pub const STORY_THRESHOLD: f64 = 0.18;

fn shingles(text: &str) -> HashSet<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = tokens(text)
        .into_iter()
        .map(|(a, b)| text[a..b].to_lowercase())
        .collect();
    words
        .windows(5)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Containment-aware similarity: the share of the shorter text's shingles
/// found in the longer one (an edited copy that drops a paragraph is still
/// a copy).
fn overlap(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let (small, big) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    small.intersection(big).count() as f64 / small.len() as f64
}

/// Pairs of articles whose bodies are (near-)copies; `copy_of` is the one
/// published first (or, undated, the one given first).
pub fn copies(articles: &[Article]) -> Vec<Copy> {
    let sh: Vec<HashSet<u64>> = articles.iter().map(|a| shingles(&a.text)).collect();
    let mut out = Vec::new();
    for i in 0..articles.len() {
        for j in i + 1..articles.len() {
            let sim = overlap(&sh[i], &sh[j]);
            if sim >= COPY_THRESHOLD {
                let key = |k: usize| {
                    (
                        articles[k]
                            .published
                            .clone()
                            .unwrap_or_else(|| "9999".into()),
                        k,
                    )
                };
                let (first, later) = if key(i) <= key(j) { (i, j) } else { (j, i) };
                out.push(Copy {
                    article: articles[later].id.clone(),
                    copy_of: articles[first].id.clone(),
                    similarity: (sim * 1000.0).round() / 1000.0,
                });
            }
        }
    }
    out
}

/// Sparse TF-IDF vectors of content terms (entities weighted double).
pub fn vectors(docs: &[Vec<String>]) -> Vec<HashMap<String, f64>> {
    let mut df: HashMap<&str, usize> = HashMap::new();
    for d in docs {
        let uniq: HashSet<&str> = d.iter().map(String::as_str).collect();
        for t in uniq {
            *df.entry(t).or_default() += 1;
        }
    }
    let n = docs.len() as f64;
    docs.iter()
        .map(|d| {
            let mut tf: HashMap<String, f64> = HashMap::new();
            for t in d {
                *tf.entry(t.clone()).or_default() += 1.0;
            }
            let mut v: HashMap<String, f64> = tf
                .into_iter()
                .map(|(t, c)| {
                    let idf = ((n + 1.0) / (df[t.as_str()] as f64 + 1.0)).ln() + 1.0;
                    let w = (1.0 + c.ln()) * idf;
                    (t, w)
                })
                .collect();
            let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.values_mut().for_each(|x| *x /= norm);
            }
            v
        })
        .collect()
}

pub fn cosine(a: &HashMap<String, f64>, b: &HashMap<String, f64>) -> f64 {
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    s.iter()
        .map(|(t, x)| x * l.get(t).copied().unwrap_or(0.0))
        .sum()
}

/// Content terms of a text: stemmed, synonym-folded, no function words.
pub fn terms(text: &str) -> Vec<String> {
    term_words(text).map(term).collect()
}

/// The words of a text that make terms (see [`terms`]), as they stand.
pub fn term_words(text: &str) -> impl Iterator<Item = &str> {
    term_words_in(text, None)
}

/// Script of a character, as term making treats it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// Han and katakana: written without spaces, words of one or more
    /// characters.
    Ideographic,
    /// Hiragana: mostly endings and particles between the words.
    Hiragana,
    /// Hangul: spaced words, kept whole as terms.
    Hangul,
    Other,
}

pub(crate) fn script_of(c: char) -> Script {
    match c as u32 {
        0x3040..=0x309F => Script::Hiragana,
        0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Ideographic,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => {
            Script::Ideographic
        }
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        _ => Script::Other,
    }
}

/// The two-character pieces of a token holding Han or kana: the usual
/// index terms for scripts without word boundaries (a word of two or more
/// characters shares a piece with itself wherever it appears, whatever is
/// glued to it), without a dictionary. Pieces of hiragana alone are
/// endings and particles, left out; a lone Han character gives itself; a
/// Hangul run glued to Han gives pieces too (spaced Hangul words stay
/// whole, see [`term_words_in`]).
fn pieces(token: &str) -> Vec<&str> {
    // Runs of one kind: Hangul; Han and kana together (Japanese mixes them
    // within a word); anything else (digits, Latin glued on: "737機").
    let kind = |c: char| match script_of(c) {
        Script::Hangul => 1,
        Script::Ideographic | Script::Hiragana => 2,
        Script::Other => 0,
    };
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(token.len(), |c| c.0);
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let k = kind(chars[start].1);
        let mut end = start + 1;
        while end < chars.len() && kind(chars[end].1) == k {
            end += 1;
        }
        let run = &chars[start..end];
        if k == 0 {
            if run.len() >= 3 && !run.iter().all(|c| c.1.is_ascii_digit()) {
                out.push(&token[chars[start].0..end_of(end)]);
            }
        } else if run.len() == 1 {
            if script_of(run[0].1) == Script::Ideographic {
                out.push(&token[chars[start].0..end_of(end)]);
            }
        } else {
            for w in start..end - 1 {
                if [script_of(chars[w].1), script_of(chars[w + 1].1)]
                    != [Script::Hiragana, Script::Hiragana]
                {
                    out.push(&token[chars[w].0..end_of(w + 2)]);
                }
            }
        }
        start = end;
    }
    out
}

/// Function words of the languages whose lists term making uses besides
/// English's (from Stopwords ISO, through the `stop-words` crate): a page
/// in one of these never links to another by its "und", "les" or "это".
const STOP_LANGUAGES: [&str; 16] = [
    "de", "es", "fr", "it", "nl", "pt", "ru", "uk", "pl", "sl", "cs", "sv", "da", "no", "fi", "tr",
];

fn is_stopword_in(w: &str, language: &str) -> bool {
    use std::collections::{HashMap, HashSet};
    static LISTS: std::sync::LazyLock<HashMap<&'static str, HashSet<&'static str>>> =
        std::sync::LazyLock::new(|| {
            STOP_LANGUAGES
                .iter()
                .map(|&l| (l, stop_words::get(l).iter().copied().collect()))
                .collect()
        });
    let Some(list) = LISTS.get(language) else {
        return false;
    };
    if w.chars().any(char::is_uppercase) {
        list.contains(w.to_lowercase().as_str())
    } else {
        list.contains(w)
    }
}

/// Whether a word is written in a script without case (Han, kana,
/// Hangul): nothing in it tells a name from a common word.
pub fn is_caseless(w: &str) -> bool {
    w.chars().any(|c| script_of(c) != Script::Other)
}

/// Words in a text: spaced words, and for a run of Han or kana (written
/// without spaces) one word per two characters, about the length of a
/// Chinese or Japanese word.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| {
            let unspaced = w
                .chars()
                .filter(|&c| matches!(script_of(c), Script::Ideographic | Script::Hiragana))
                .count();
            if unspaced > 0 {
                unspaced.div_ceil(2)
            } else {
                1
            }
        })
        .sum()
}

/// [`term_words`] for text in `language` (ISO 639-1, when known): tokens
/// holding Han or kana give their two-character pieces, other
/// words (Hangul ones too, spaced) count whole from three characters, and
/// the function words of the text's language are left out as well as
/// English ones.
pub fn term_words_in<'a>(
    text: &'a str,
    language: Option<&'a str>,
) -> impl Iterator<Item = &'a str> {
    tokens(text).into_iter().flat_map(move |(a, b)| {
        let w = &text[a..b];
        if w.chars()
            .any(|c| matches!(script_of(c), Script::Ideographic | Script::Hiragana))
        {
            return pieces(w);
        }
        let keep = w.chars().count() >= 3
            && !is_stopword(w)
            && !language.is_some_and(|l| is_stopword_in(w, l))
            && !w.chars().all(|c| c.is_ascii_digit() || c == ',');
        if keep {
            vec![w]
        } else {
            Vec::new()
        }
    })
}

/// Groups articles into stories; each story lists article indices in input
/// order, and stories are ordered by their first article.
pub fn stories(articles: &[Article], analyses: &[Analysis]) -> Vec<Vec<usize>> {
    let docs: Vec<Vec<String>> = articles
        .iter()
        .zip(analyses)
        .map(|(art, an)| {
            let mut t = terms(&format!(
                "{} {}",
                art.title.as_deref().unwrap_or(""),
                art.text
            ));
            for m in &an.mentions {
                let e = format!("entity:{}", m.entity.to_lowercase());
                t.push(e.clone());
                t.push(e);
            }
            t
        })
        .collect();
    let vecs = vectors(&docs);
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for i in 0..articles.len() {
        for j in i + 1..articles.len() {
            if cosine(&vecs[i], &vecs[j]) >= STORY_THRESHOLD {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                if a != b {
                    parent[b.max(a)] = a.min(b);
                }
            }
        }
    }
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in 0..articles.len() {
        let r = root(&mut parent, i);
        match groups.iter_mut().find(|g| g.0 == r) {
            Some(g) => g.1.push(i),
            None => groups.push((r, vec![i])),
        }
    }
    groups.into_iter().map(|g| g.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn edited_copy_is_a_copy_and_other_stories_stay_apart() {
        let wire = "The ferry ran aground near the island on Sunday night, forcing the evacuation of everyone on board. The vessel was carrying 212 passengers and 14 crew. Three people were taken to hospital with minor injuries, officials said.";
        let copy = wire
            .replace("vessel", "ship")
            .replace("officials said", "police said");
        let other = "The city council approved a budget of 48 million kroner for new bike lanes by a vote of 31 to 12, after a long debate about parking.";
        let same_story = "Rescuers evacuated the ferry passengers after it struck rocks near the island; three were taken to hospital.";
        let arts = vec![
            art("a1", wire),
            art("a2", &copy),
            art("a3", other),
            art("a4", same_story),
        ];
        let c = copies(&arts);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].article.as_str(), c[0].copy_of.as_str()), ("a2", "a1"));
        let an = vec![Analysis::default(); 4];
        assert_eq!(stories(&arts, &an), vec![vec![0, 1, 3], vec![2]]);
    }
}
