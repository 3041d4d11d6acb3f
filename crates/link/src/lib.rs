//! Link: which articles are copies of one another, and which tell one story.
//!
//! Takes articles with their analyses; gives [`Copy`] links (word 5-shingle
//! Jaccard similarity of the bodies, so a wire story republished with small
//! edits is recognised) and story groups (TF-IDF cosine over content words
//! and named entities, joined single-link above a threshold, so unrelated
//! articles stay apart). Pairwise, which is right for the handful of
//! articles `analyze` takes. For an archive, [`minhash`] finds copies among
//! many through LSH band keys and [`cluster`] grows stories as articles
//! arrive.

pub mod cluster;
pub mod minhash;
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
    tokens(text)
        .into_iter()
        .map(move |(a, b)| &text[a..b])
        .filter(|w| {
            w.chars().count() >= 3
                && !is_stopword(w)
                && !w.chars().all(|c| c.is_ascii_digit() || c == ',')
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
