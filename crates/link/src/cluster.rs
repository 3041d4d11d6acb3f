//! Stories that grow as articles arrive.
//!
//! Each article is compared, once, with the stories still open around its
//! date (the last article within [`Clusterer::window_days`]); it joins the
//! closest if their cosine reaches the threshold, else opens a story. Nothing
//! looks ahead, so the archive can cluster a stream. A story's centroid is
//! the sum of its articles' TF-IDF vectors, trimmed to its strongest terms.
//!
//! Terms are hashed into a fixed number of buckets and document frequencies
//! kept per bucket, so memory depends on the window, not on the archive: a
//! story is dropped from memory once nothing near its dates can arrive.

use crate::term_words_in;
use crosscheck_analyze::words::term;
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

/// Buckets of the hashed term space (document frequencies are kept per
/// bucket: 1 MiB).
pub const BUCKETS: usize = 1 << 18;
/// The last buckets hold anchors ([`crate::anchors`]): numbers and name
/// keys that read the same in every language.
const ANCHOR_BUCKETS: usize = 1 << 15;
const FIRST_ANCHOR: u32 = (BUCKETS - ANCHOR_BUCKETS) as u32;
/// A story in another language (or with too few words in common) is joined
/// on anchors alone when their cosine over anchors reaches this…
const ANCHOR_THRESHOLD: f32 = 0.35;
/// …and they share at least this many distinct anchors.
const ANCHOR_SHARED: usize = 4;
/// Or when the cosine of the article's sentence vector with the story's
/// reaches this (a page and its translation score 0.6–0.9 on the encoder,
/// unrelated news 0–0.1; on `bench/stories`, 0.4 merged events, 0.45 and
/// 0.5 did not). Across languages only: within one, words decide, because
/// the encoder finds text of one kind alike (invented word salad all embeds
/// within 0.5 of itself, and a story open to any close article then
/// swallows the corpus), while a story takes each other language once.
const MEANING_THRESHOLD: f32 = 0.5;
/// An article's heaviest anchors, through which stories in other languages
/// are found.
const PROBE_ANCHORS: usize = 12;
/// Anchors kept in an article's vector and in a story's centroid, besides
/// their words.
const ARTICLE_ANCHORS: usize = 24;
const CENTROID_ANCHORS: usize = 100;
/// Documents assumed seen before the first, none holding any term: early
/// on, rare and common words cannot be told apart yet, and every word of the
/// first articles keeps a weight; as articles arrive, words most of them use
/// fall towards zero (no `+1` floor: on a news stream a floor lets common
/// words chain unrelated stories together).
const PRIOR_DOCS: f32 = 50.0;
/// Terms kept in an article's vector.
const ARTICLE_TERMS: usize = 60;
/// An article's heaviest terms, through which candidate stories are found.
const PROBE_TERMS: usize = 20;
/// Terms kept in a story's centroid. 120 split an invented air crash told by
/// 1,000 outlets into 9 stories (each article's heaviest terms missed the
/// centroid's few); 300 keeps it one story with the same F1 on the generated
/// 10k corpus (0.993) (`crosscheck-bench corroborate`, `clustering`).
const CENTROID_TERMS: usize = 300;

/// A sparse vector over hashed terms, sorted by bucket.
pub type Vector = Vec<Entry>;
/// A bucket and its weight.
pub type Entry = (u32, f32);

/// Term buckets of an article in `language` (when known), with counts:
/// title words count three times (a headline names the event), entities
/// twice.
pub fn features(
    title: &str,
    text: &str,
    entities: &[String],
    language: Option<&str>,
) -> Vec<(u32, u32)> {
    let bucket = |t: &str| (xxh3_64(t.as_bytes()) % FIRST_ANCHOR as u64) as u32;
    let anchor = |t: &str| FIRST_ANCHOR + (xxh3_64(t.as_bytes()) % ANCHOR_BUCKETS as u64) as u32;
    let mut counts: HashMap<u32, u32> = HashMap::new();
    // A word's term is worked out once per article: most words recur, and
    // stemming and synonyms were a fifth of preparing an article.
    let mut seen: HashMap<&str, u32> = HashMap::new();
    for (part, weight) in [(title, 3), (text, 1)] {
        for w in term_words_in(part, language) {
            let b = *seen.entry(w).or_insert_with(|| bucket(&term(w)));
            *counts.entry(b).or_default() += weight;
        }
    }
    for e in entities {
        *counts
            .entry(bucket(&format!("entity:{}", e.to_lowercase())))
            .or_default() += 2;
    }
    for part in [title, text] {
        for a in crate::anchors::anchors(part) {
            *counts.entry(anchor(&a)).or_default() += 1;
        }
    }
    let mut out: Vec<(u32, u32)> = counts.into_iter().collect();
    out.sort_unstable();
    out
}

/// An open story as the clusterer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenStory {
    pub id: u64,
    pub centroid: Vector,
    pub size: u32,
    pub first_day: i64,
    pub last_day: i64,
    /// Languages of its articles, sorted (empty when unknown, as after a
    /// restore): a story is joined on anchors alone only by an article in
    /// a language it does not have yet.
    pub languages: Vec<String>,
    /// Sum of its articles' sentence vectors, when the encoder ran (not
    /// stored: a restored story is joined on meaning only once an article
    /// that has one joins it).
    pub meaning: Option<Vec<f32>>,
}

/// An article as the clusterer places it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Item<'a> {
    /// Term buckets with counts ([`features`]).
    pub features: &'a [(u32, u32)],
    /// Days since the epoch of its publication; `None` when unknown: then
    /// any open story may take it.
    pub day: Option<i64>,
    /// Its language, when known.
    pub language: Option<&'a str>,
    /// Its sentence vector (unit length), when the encoder ran.
    pub meaning: Option<&'a [f32]>,
}

/// The incremental clusterer. Its state can be saved and restored (see
/// [`Clusterer::df_bytes`], [`Clusterer::open`]) so that an interrupted ingest
/// resumes where it stopped.
pub struct Clusterer {
    pub window_days: i64,
    pub threshold: f32,
    df: Vec<u32>,
    docs: u32,
    open: HashMap<u64, OpenStory>,
    postings: HashMap<u32, Vec<u64>>,
    next_id: u64,
    latest_day: i64,
    dirty: Vec<u64>,
    /// Changed stories that left memory before they were saved.
    closed_dirty: Vec<OpenStory>,
}

/// Where an article went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub story: u64,
    pub opened: bool,
    pub similarity: f32,
}

fn dot(a: &[Entry], b: &[Entry]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// A vector's words and its anchors (anchors sort last).
fn split(v: &[Entry]) -> (&[Entry], &[Entry]) {
    v.split_at(v.partition_point(|e| e.0 < FIRST_ANCHOR))
}

/// Cosine of an article (words of unit length) with a story's centroid over
/// their words.
fn word_similarity(article: &Vector, centroid: &Vector) -> f32 {
    let (a, c) = (split(article).0, split(centroid).0);
    let len = norm(c);
    if len == 0.0 {
        return 0.0;
    }
    dot(a, c) / len
}

/// Cosine of two vectors over their anchors only, or 0 when they share
/// fewer than [`ANCHOR_SHARED`] of them.
fn anchor_similarity(a: &Vector, b: &Vector) -> f32 {
    let (a, b) = (split(a).1, split(b).1);
    let shared = a
        .iter()
        .filter(|e| b.binary_search_by_key(&e.0, |f| f.0).is_ok())
        .count();
    let (na, nb) = (norm(a), norm(b));
    if shared < ANCHOR_SHARED || na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    dot(a, b) / (na * nb)
}

fn norm(v: &[Entry]) -> f32 {
    v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
}

/// Keeps the `words` heaviest word entries and the `anchors` heaviest
/// anchors, sorted by bucket: anchors are trimmed apart, or the hundreds of
/// two-character terms of a Japanese page push its numbers and names out.
fn trim_apart(v: Vector, words: usize, anchors: usize) -> Vector {
    let (w, a): (Vector, Vector) = v.into_iter().partition(|e| e.0 < FIRST_ANCHOR);
    let mut out = trim(w, words);
    out.extend(trim(a, anchors));
    out.sort_unstable_by_key(|e| e.0);
    out
}

/// Keeps the `n` heaviest entries, sorted by bucket again.
fn trim(mut v: Vector, n: usize) -> Vector {
    if v.len() > n {
        v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(n);
        v.sort_unstable_by_key(|e| e.0);
    }
    v
}

impl Clusterer {
    /// A fresh clusterer; story ids start at `next_id`.
    pub fn new(window_days: i64, threshold: f32, next_id: u64) -> Self {
        Clusterer {
            window_days,
            threshold,
            df: vec![0; BUCKETS],
            docs: 0,
            open: HashMap::new(),
            postings: HashMap::new(),
            next_id: next_id.max(1),
            latest_day: i64::MIN,
            dirty: Vec::new(),
            closed_dirty: Vec::new(),
        }
    }

    /// Restores saved document frequencies (as [`Clusterer::df_bytes`] wrote
    /// them) and open stories. Malformed frequencies are ignored: they only
    /// weight terms, and rebuild as articles arrive.
    pub fn restore(&mut self, df: &[u8], docs: u32, stories: Vec<OpenStory>) {
        if df.len() == BUCKETS * 4 {
            for (slot, c) in self.df.iter_mut().zip(df.chunks_exact(4)) {
                *slot = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
            self.docs = docs;
        }
        for s in stories {
            self.latest_day = self.latest_day.max(s.last_day);
            self.next_id = self.next_id.max(s.id + 1);
            self.index(&s, &[]);
            self.open.insert(s.id, s);
        }
    }

    pub fn df_bytes(&self) -> Vec<u8> {
        self.df.iter().flat_map(|c| c.to_le_bytes()).collect()
    }

    pub fn docs(&self) -> u32 {
        self.docs
    }

    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// Stories changed since the last call, to be saved.
    pub fn take_dirty(&mut self) -> Vec<OpenStory> {
        let mut ids = std::mem::take(&mut self.dirty);
        ids.sort_unstable();
        ids.dedup();
        let mut out = std::mem::take(&mut self.closed_dirty);
        out.extend(ids.iter().filter_map(|id| self.open.get(id).cloned()));
        out
    }

    /// Whether a story is held in memory (and saved by `take_dirty`).
    pub fn is_open(&self, id: u64) -> bool {
        self.open.contains_key(&id)
    }

    /// Stories held in memory now.
    pub fn open_count(&self) -> usize {
        self.open.len()
    }

    /// Adds postings for a story's terms; `known` are terms it was already
    /// indexed under (sorted), so no list is searched for duplicates.
    fn index(&mut self, s: &OpenStory, known: &[(u32, f32)]) {
        for &(t, _) in &s.centroid {
            if known.binary_search_by_key(&t, |e| e.0).is_err() {
                self.postings.entry(t).or_default().push(s.id);
            }
        }
    }

    /// The article's TF-IDF vector, after counting it in the frequencies.
    fn vector(&mut self, features: &[(u32, u32)]) -> Vector {
        self.docs += 1;
        for &(t, _) in features {
            self.df[t as usize] = self.df[t as usize].saturating_add(1);
        }
        let n = self.docs as f32;
        let v: Vector = features
            .iter()
            .map(|&(t, c)| {
                let idf = ((n + PRIOR_DOCS) / (self.df[t as usize] as f32 + 1.0)).ln();
                (t, (1.0 + (c as f32).ln()) * idf)
            })
            .collect();
        let v = trim_apart(v, ARTICLE_TERMS, ARTICLE_ANCHORS);
        let (words, anchors) = split(&v);
        // Words and anchors are each of unit length: the word part is what
        // it was before anchors existed, so joins on words do not move.
        let unit = |part: &[Entry]| -> Vector {
            let len = norm(part);
            part.iter()
                .map(|&(t, w)| (t, if len > 0.0 { w / len } else { w }))
                .collect()
        };
        let mut v = unit(words);
        v.extend(unit(anchors));
        v
    }

    /// Drops stories whose last article is too old for anything still to
    /// come near them, and the postings that point at them.
    fn close_old(&mut self) {
        let horizon = self.latest_day.saturating_sub(2 * self.window_days);
        if !self.open.values().any(|s| s.last_day < horizon) {
            return;
        }
        let dirty = &self.dirty;
        let closed = &mut self.closed_dirty;
        self.open.retain(|id, s| {
            let keep = s.last_day >= horizon;
            if !keep && dirty.contains(id) {
                closed.push(s.clone());
            }
            keep
        });
        let open = &self.open;
        self.postings.retain(|_, list| {
            list.retain(|id| open.contains_key(id));
            !list.is_empty()
        });
    }

    /// Places one article. With `into`, the article joins that story
    /// whatever its content (a copy joins its original's story); else the
    /// closest open story near its date, or a story of its own.
    pub fn place(&mut self, item: &Item, into: Option<u64>) -> Placed {
        let v = self.vector(item.features);
        if let Some(d) = item.day.filter(|&d| d > self.latest_day) {
            self.latest_day = d;
            self.close_old();
        }
        let best = match into {
            Some(id) => Some((id, 1.0)),
            None => self.closest(&v, item),
        };
        match best {
            Some((id, similarity)) => {
                self.join(id, &v, item);
                Placed {
                    story: id,
                    opened: false,
                    // Joins on anchors or meaning rank below those on
                    // words (see `closest`); this is their own cosine.
                    similarity: if similarity < 0.0 {
                        similarity + 1.0
                    } else {
                        similarity
                    },
                }
            }
            None => Placed {
                story: self.open_story(v, item),
                opened: true,
                similarity: 1.0,
            },
        }
    }

    /// The open story an article joins, and how close it is: on words,
    /// else (across languages only, and ranked below any join on words)
    /// on anchors or on meaning.
    fn closest(&self, v: &Vector, item: &Item) -> Option<(u64, f32)> {
        let window = self.window_days;
        let near = |s: &OpenStory| {
            item.day
                .is_none_or(|d| d >= s.first_day - window && d <= s.last_day + window)
        };
        let other_language = |s: &OpenStory| {
            item.language
                .is_some_and(|l| !s.languages.is_empty() && !s.languages.iter().any(|x| x == l))
        };
        let mut scored: Vec<(u64, f32)> = self
            .candidates(v)
            .into_iter()
            .filter_map(|id| {
                let s = self.open.get(&id).filter(|s| near(s))?;
                let sim = word_similarity(v, &s.centroid);
                if sim >= self.threshold {
                    return Some((id, sim));
                }
                let a = anchor_similarity(v, &s.centroid);
                (other_language(s) && a >= ANCHOR_THRESHOLD).then_some((id, a - 1.0))
            })
            .collect();
        // Meaning: every open story in another language is a candidate (a
        // page in Korean shares no term with one in English). Not indexed:
        // a dot product of 512 numbers per open story near the date.
        if let Some(m) = item.meaning {
            scored.extend(self.open.values().filter_map(|s| {
                let sum = s
                    .meaning
                    .as_deref()
                    .filter(|_| near(s) && other_language(s))?;
                let sim = unit_cosine(m, sum);
                (sim >= MEANING_THRESHOLD).then_some((s.id, sim - 1.0))
            }));
        }
        scored
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    }

    /// Stories indexed under the article's heaviest terms and anchors (a
    /// story sharing only light ones cannot reach the threshold).
    fn candidates(&self, v: &Vector) -> Vec<u64> {
        let mut probe: Vec<Entry> = v.clone();
        probe.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
        let anchors: Vec<Entry> = probe
            .iter()
            .filter(|e| e.0 >= FIRST_ANCHOR)
            .take(PROBE_ANCHORS)
            .copied()
            .collect();
        probe.truncate(PROBE_TERMS);
        probe.extend(anchors);
        let mut candidates: Vec<u64> = probe
            .iter()
            .filter_map(|(t, _)| self.postings.get(t))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    fn join(&mut self, id: u64, v: &Vector, item: &Item) {
        let Some(mut s) = self.open.remove(&id) else {
            return;
        };
        let before = s.centroid.clone();
        let mut sum: HashMap<u32, f32> = s.centroid.iter().copied().collect();
        for &(t, w) in v {
            *sum.entry(t).or_default() += w;
        }
        s.centroid = trim_apart(sum.into_iter().collect(), CENTROID_TERMS, CENTROID_ANCHORS);
        s.size += 1;
        if let Some(l) = item.language {
            if let Err(at) = s.languages.binary_search_by(|x| x.as_str().cmp(l)) {
                s.languages.insert(at, l.to_string());
            }
        }
        if let Some(m) = item.meaning {
            match &mut s.meaning {
                Some(sum) => sum.iter_mut().zip(m).for_each(|(a, b)| *a += b),
                None => s.meaning = Some(m.to_vec()),
            }
        }
        if let Some(d) = item.day {
            s.first_day = s.first_day.min(d);
            s.last_day = s.last_day.max(d);
        }
        self.index(&s, &before);
        self.open.insert(id, s);
        self.dirty.push(id);
    }

    fn open_story(&mut self, v: Vector, item: &Item) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        // An undated story sits at the latest date seen, where its
        // coverage most likely is.
        let d = item.day.unwrap_or(self.latest_day.max(0));
        let s = OpenStory {
            id,
            centroid: v,
            size: 1,
            first_day: d,
            last_day: d,
            languages: item.language.map(str::to_string).into_iter().collect(),
            meaning: item.meaning.map(<[f32]>::to_vec),
        };
        self.index(&s, &[]);
        self.open.insert(id, s);
        self.dirty.push(id);
        id
    }
}

/// Cosine of a unit vector with a sum of unit vectors.
fn unit_cosine(unit: &[f32], sum: &[f32]) -> f32 {
    let len = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
    if len == 0.0 {
        return 0.0;
    }
    unit.iter().zip(sum).map(|(a, b)| a * b).sum::<f32>() / len
}

/// Bytes for storing a centroid: (bucket, weight) pairs, little-endian.
pub fn vector_bytes(v: &Vector) -> Vec<u8> {
    v.iter()
        .flat_map(|(t, w)| t.to_le_bytes().into_iter().chain(w.to_le_bytes()))
        .collect()
}

/// Reads what [`vector_bytes`] wrote; trailing odd bytes are ignored.
pub fn vector_from_bytes(b: &[u8]) -> Vector {
    b.chunks_exact(8)
        .map(|c| {
            (
                u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            )
        })
        .filter(|(t, w)| (*t as usize) < BUCKETS && w.is_finite())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(c: &mut Clusterer, features: &[(u32, u32)], day: Option<i64>) -> Placed {
        let item = Item {
            features,
            day,
            ..Item::default()
        };
        c.place(&item, None)
    }

    fn f(title: &str, text: &str) -> Vec<(u32, u32)> {
        features(title, text, &[], None)
    }

    #[test]
    fn a_story_grows_and_unrelated_news_opens_another() {
        let mut c = Clusterer::new(3, 0.2, 1);
        let a = place(&mut c, &f("Ferry runs aground off Hareid", "The ferry Nordlys ran aground off Hareid on Sunday with 212 passengers aboard; rescuers evacuated them."), Some(100));
        let b = place(&mut c, &f("City budget adds bike lanes", "The city council approved 48 million kroner for bike lanes after a debate about parking."), Some(100));
        let d = place(&mut c, &f("Passengers evacuated after ferry grounding", "Rescuers evacuated passengers from the ferry Nordlys after it ran aground off Hareid."), Some(101));
        assert!(a.opened && b.opened);
        assert_ne!(a.story, b.story);
        assert_eq!(d.story, a.story, "{d:?}");
        assert!(!d.opened);
    }

    /// Anchors join pages across languages only: within one language,
    /// stories that share numbers and names but no words stay apart.
    #[test]
    fn anchors_join_across_languages_only() {
        let en = features(
            "Boeing 737 with 181 aboard crashes at Muan, 179 dead",
            "The Boeing 737-800 carrying 181 people crashed on landing; 179 died and 2 survived.",
            &[],
            Some("en"),
        );
        let ko = features(
            "보잉 737 여객기 추락 179명 사망",
            "181명을 태운 보잉 737-800 여객기가 착륙 중 추락해 179명이 숨지고 2명이 구조됐다.",
            &[],
            Some("ko"),
        );
        let en2 = features(
            "Boeing reports 737 deliveries: 181 jets, 179 orders",
            "Boeing said it delivered 181 of its 737-800 jets and booked 179 orders this year.",
            &[],
            Some("en"),
        );
        let item = |f: &'static [(u32, u32)], language| Item {
            features: f,
            day: Some(100),
            language: Some(language),
            meaning: None,
        };
        let (en, ko, en2) = (en.leak() as &[_], ko.leak() as &[_], en2.leak() as &[_]);
        let mut c = Clusterer::new(3, 0.3, 1);
        let a = c.place(&item(en, "en"), None);
        let b = c.place(&item(ko, "ko"), None);
        assert_eq!(b.story, a.story, "{b:?}");
        // Not on words: without languages the two stay apart.
        let mut c = Clusterer::new(3, 0.3, 1);
        let unknown = |f| Item {
            language: None,
            ..item(f, "")
        };
        let a = c.place(&unknown(en), None);
        assert_ne!(c.place(&unknown(ko), None).story, a.story);
        let mut c = Clusterer::new(3, 0.3, 1);
        let a = c.place(&item(en, "en"), None);
        let d = c.place(&item(en2, "en"), None);
        assert_ne!(d.story, a.story, "{d:?}");
    }

    #[test]
    fn a_story_closes_after_its_window() {
        let mut c = Clusterer::new(3, 0.2, 1);
        let text = "The ferry Nordlys ran aground off Hareid with 212 passengers aboard.";
        let a = place(&mut c, &f("Ferry aground off Hareid", text), Some(100));
        let late = place(&mut c, &f("Ferry aground off Hareid", text), Some(130));
        assert_ne!(a.story, late.story);
        assert_eq!(c.open_count(), 1, "the old story left memory");
        let saved: Vec<u64> = c.take_dirty().iter().map(|s| s.id).collect();
        assert_eq!(
            saved.len(),
            2,
            "a story closed before it was saved is still saved"
        );
    }

    #[test]
    fn state_round_trips() {
        let mut c = Clusterer::new(3, 0.2, 1);
        place(
            &mut c,
            &f("Ferry aground", "The ferry ran aground with passengers."),
            Some(100),
        );
        let stories = c.take_dirty();
        let mut r = Clusterer::new(3, 0.2, 1);
        let saved: Vec<OpenStory> = stories
            .iter()
            .map(|s| OpenStory {
                centroid: vector_from_bytes(&vector_bytes(&s.centroid)),
                ..s.clone()
            })
            .collect();
        r.restore(&c.df_bytes(), c.docs(), saved);
        let again = place(
            &mut r,
            &f("Ferry aground", "The ferry ran aground with passengers."),
            Some(100),
        );
        assert_eq!(again.story, stories[0].id);
        assert_eq!(r.next_id(), 2);
    }
}
