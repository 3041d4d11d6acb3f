//! Stories that grow as articles arrive.
//!
//! Each article is compared, once, with the stories still open around its
//! date (the last article within [`Clusterer::window_days`]); it joins the
//! closest if their cosine reaches the threshold, else opens a story. Nothing
//! looks ahead, so the archive can cluster a stream. A story's centroid is
//! the sum of its articles' TF-IDF vectors, trimmed to its strongest terms.
//! Within a language, fewer words suffice when the article names the same
//! people and places, or three of the same facts (numbers, countries, a
//! day or city among them); Korean pages also join on readings. Across
//! languages an article joins on anchors (numbers, names, places, days),
//! among Chinese, Japanese and Korean on readings (the Sino-xenic words
//! the three share, keyed alike), and, when the sentence encoder ran, on
//! meaning. An article may also show two open stories to be one, and they
//! merge ([`Placed::absorbed`]): close in meaning, or, with no language in
//! common, in readings or in the facts they name. Articles and stories that name different days
//! for their event never join or merge on anything but words.
//!
//! Terms are hashed into a fixed number of buckets and document frequencies
//! kept per bucket, so memory depends on the window, not on the archive: a
//! story is dropped from memory once nothing near its dates can arrive.

use crate::term_words_in;
use crosscheck_analyze::words::term;
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

mod vectors;
use vectors::*;
pub use vectors::{name_bucket, vector_bytes, vector_from_bytes, Entry, Vector, BUCKETS};

/// A story in another of Chinese, Japanese and Korean is joined on
/// readings when their cosine over readings reaches this.
const READING_THRESHOLD: f32 = 0.15;
/// A Korean page joins a story with Korean pages when their cosine over
/// readings reaches this (what words are elsewhere: on `bench/stories`
/// Korean pages of one event share few whole words, 0.05–0.34, and more
/// readings, 0.17–0.50). Above the word threshold: at 0.3, stories of the
/// generated corpus's Korean word salad, which share most of their
/// vocabulary, merged (precision 0.977 → 0.972); at 0.35 none did.
const KOREAN_READINGS: f32 = 0.35;
/// Readings kept in an article's vector and a story's centroid, and the
/// heaviest through which stories are found.
const ARTICLE_READINGS: usize = 60;
const CENTROID_READINGS: usize = 300;
const PROBE_READINGS: usize = 12;
/// A story in another language (or with too few words in common) is joined
/// on anchors alone when their cosine over anchors reaches this…
const ANCHOR_THRESHOLD: f32 = 0.35;
/// …and they share at least this many distinct anchors.
const ANCHOR_SHARED: usize = 4;
/// A story is joined on fewer words in common than the threshold, down to
/// this cosine, when the article names at least [`NAMES_SHARED`] of the
/// same people, organisations and places (and no other day). On
/// WikiRef220 (real news, 220 events) this took F1 from 0.06 to 0.55 at
/// precision 0.98; on the generated corpus, whose stories share most of
/// their words, precision fell from 0.986 to 0.977 (to 0.960 before
/// German's capitalised nouns stopped counting as names; 5 names instead
/// of 4: F1 0.53 on WikiRef; counting only names in under a tenth of the
/// pages read: 0.51 on WikiRef and nothing gained).
const NAMED_WORDS: f32 = 0.1;
/// Or when the facts they name (numbers, days, places) agree this much, on
/// at least this many.
const FACTS_AGREE: f32 = 0.2;
const FACTS_SHARED: usize = 3;
const NAMES_SHARED: usize = 4;
/// Across languages, anchors agreeing this much suffice when the article
/// and story share this many names and places (names in Latin letters and
/// places by GeoNames id are shared across languages).
const NAMED_ANCHOR_THRESHOLD: f32 = 0.2;
const NAMES_SHARED_ACROSS: usize = 3;
/// Or when the cosine of the article's sentence vector with the story's
/// reaches this (a page and its translation score 0.6–0.9 on the encoder,
/// unrelated news 0–0.1; on `bench/stories`, 0.4 merged events, 0.45 and
/// 0.5 did not).
const MEANING_THRESHOLD: f32 = 0.5;
/// Within one language, meaning joins a story only with words to back it
/// (their cosine with the story's centroid reaching this) and only when
/// that story stands out from the next closest by this much. The encoder
/// finds text of one kind alike: invented word salad all embeds within 0.5
/// of itself, and a Japanese page on the Itaewon crush scored 0.5 with a
/// story on the Jeju Air crash (two Korean disasters, no word in common).
const MEANING_WORDS: f32 = 0.05;
const MEANING_MARGIN: f32 = 0.1;
/// Two open stories become one when their mean sentence vectors reach
/// this cosine (on `bench/stories`, stories of one event scored 0.54–0.82;
/// the Jeju Air crash and the Itaewon crush, Korean disasters two years
/// apart told in the same languages, 0.64, kept apart by their words),
/// backed by words as above where they share a language.
const MERGE_MEANING: f32 = 0.55;
/// Two open stories with no language in common merge when their readings
/// reach this cosine.
const MERGE_READINGS: f32 = 0.2;
/// Two open stories with no language in common merge when the facts they
/// name (numbers, countries, days, cities) reach this cosine, two days or
/// cities among them. (One was not enough: an English story on the 2019
/// impeachment hearings and a German page on the Kakhovka dam share
/// "Ukraine", "Russia", "Kyiv" and 100; with the 1,678 unrelated real
/// pages of WCXB and AEB added to `bench/stories`, two days or cities
/// kept every one of them out.)
const MERGE_FACTS: f32 = 0.25;
const MERGE_WHEN_WHERE: usize = 2;
/// The least [`member_link`] of two stories merged on facts. On
/// `bench/stories` without the model, cross-language recall 0.317 → 0.425
/// at 0.1 to 0.15 (0.389 at 0.25), precision 1.000; on the generated corpus
/// precision 0.977 → 0.974; WikiRef220 F1 0.565 → 0.678; no page of the
/// 1,678 unrelated ones joined a story of the six events. Without the day
/// or city in common the set reached 0.546, but the generated corpus fell
/// to precision 0.07: stories of one country on one day share numbers.
const MERGE_MEMBERS: f32 = 0.15;
/// Articles per story whose facts are kept for [`member_link`].
const MEMBERS: usize = 8;
/// A place counts as this many other anchors: it is known for what it is
/// (a gazetteer id), where a name's skeleton may be any word.
const PLACE_WEIGHT: u32 = 3;
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
/// Articles placed after an undated story last grew before it leaves
/// memory (a dated story leaves by its dates): a stream of undated pages
/// holds at most this many stories open.
pub const UNDATED_SPAN: u64 = 10_000;
/// Terms kept in an article's vector.
const ARTICLE_TERMS: usize = 60;
/// An article's heaviest terms, through which candidate stories are found.
const PROBE_TERMS: usize = 20;
/// Terms kept in a story's centroid. 120 split an invented air crash told by
/// 1,000 outlets into 9 stories (each article's heaviest terms missed the
/// centroid's few); 300 keeps it one story with the same F1 on the generated
/// 10k corpus (0.993) (`crosscheck-bench corroborate`, `clustering`).
const CENTROID_TERMS: usize = 300;
const CENTROID_PARTS: [usize; 3] = [CENTROID_TERMS, CENTROID_ANCHORS, CENTROID_READINGS];

/// The mean cosine of the facts of two stories' articles, over every pair
/// of one article of each; 0 unless each story has two articles (a single
/// page's few facts put pages of other events in Korea and Japan into
/// stories of each other at 0.1 to 0.3).
fn member_link(a: &OpenStory, b: &OpenStory) -> f32 {
    let pairs = a.members.len() * b.members.len();
    if a.members.len() < 2 || b.members.len() < 2 {
        return 0.0;
    }
    let sum: f32 = a
        .members
        .iter()
        .flat_map(|x| b.members.iter().map(move |y| dot(x, y)))
        .sum();
    sum / pairs as f32
}

/// An article's facts (numbers, days, places: its anchors other than name
/// keys, which invented and real names alike share by chance), of unit
/// length.
fn unit_facts(v: &Vector) -> Vector {
    let mut a = facts(v).to_vec();
    let n = norm(&a);
    if n > 0.0 {
        a.iter_mut().for_each(|e| e.1 /= n);
    }
    a
}

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
    let stemmer = language.and_then(crate::stem::stemmer);
    let term = |w: &str| match &stemmer {
        Some(s) => s.stem(&w.to_lowercase()).into_owned(),
        None => term(w),
    };
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
        *counts.entry(name_bucket(e)).or_default() += 2;
    }
    for part in [title, text] {
        for a in crate::anchors::anchors(part) {
            *counts.entry(anchor_bucket(&a)).or_default() += 1;
        }
    }
    for (part, weight) in [(title, 3), (text, 1)] {
        for key in crate::anchors::readings(part) {
            *counts.entry(reading_bucket(key)).or_default() += weight;
        }
    }
    let mut out: Vec<(u32, u32)> = counts.into_iter().collect();
    out.sort_unstable();
    out
}

/// Adds to an article's features what it names that reads the same in
/// any language, as anchors: the days of the year it names ("29
/// December", "12월 29일" and "12月29日" are one day), the cities and the
/// countries (GeoNames ids), each as often as named, a place weighing
/// as much as three other anchors (it is known for what it is, where a
/// name's skeleton may be any word).
pub fn add_anchors(
    features: &mut Vec<(u32, u32)>,
    days: &[(u16, u32)],
    cities: &[(u32, u32)],
    countries: &[(u32, u32)],
) {
    let days = days.iter().map(|&(d, n)| (format!("d:{d}"), n));
    let places = |list: &[(u32, u32)], kind: &str| -> Vec<(String, u32)> {
        list.iter()
            .map(|&(p, n)| (format!("{kind}:{p}"), n * PLACE_WEIGHT))
            .collect()
    };
    let places = places(cities, "p")
        .into_iter()
        .chain(places(countries, "C"));
    for (key, count) in days.chain(places) {
        let bucket = anchor_bucket(&key);
        match features.binary_search_by_key(&bucket, |f| f.0) {
            Ok(i) => features[i].1 += count,
            Err(i) => features.insert(i, (bucket, count)),
        }
    }
}

/// An open story as the clusterer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenStory {
    pub id: u64,
    pub centroid: Vector,
    pub size: u32,
    pub first_day: i64,
    pub last_day: i64,
    /// Whether any of its articles has a day. Any article may join an
    /// undated story, and any story merge with it, whatever their dates; it
    /// leaves memory once [`UNDATED_SPAN`] articles have been placed since
    /// it last grew.
    pub dated: bool,
    /// How many articles the clusterer had placed when it last grew.
    pub touched: u64,
    /// Languages of its articles, sorted (an archive rebuilds them from
    /// its articles when a later run goes on): a story is joined on anchors
    /// alone only by an article in a language it does not have yet.
    pub languages: Vec<String>,
    /// Sum of its articles' sentence vectors, when the encoder ran (an
    /// archive stores each article's and sums them again when a later run
    /// goes on).
    pub meaning: Option<Vec<f32>>,
    /// The length of `meaning`, kept with it (every article compares its
    /// vector with every open story's).
    pub meaning_len: f32,
    /// The days of the year its articles name, with how often (not
    /// stored).
    pub days: Vec<(u16, u32)>,
    /// The cities its articles name (GeoNames ids), with how often (not
    /// stored).
    pub places: Vec<(u32, u32)>,
    /// The term buckets of the names (people, organisations, places) its
    /// articles give, with how many articles give each (not stored).
    pub names: Vec<(u32, u32)>,
    /// The facts of its first [`MEMBERS`] articles, each of unit length
    /// (not stored): what two stories' articles share, pair by pair.
    pub members: Vec<Vector>,
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
    /// The days of the year it names, with how often.
    pub days: &'a [(u16, u32)],
    /// The cities it names (GeoNames ids), with how often.
    pub places: &'a [(u32, u32)],
    /// The term buckets of the names it gives ([`name_bucket`]), sorted.
    pub names: &'a [u32],
}

/// The incremental clusterer. Its state can be saved and restored (see
/// [`Clusterer::df_bytes`], [`Clusterer::restore`]) so that an interrupted ingest
/// resumes where it stopped.
pub struct Clusterer {
    pub window_days: i64,
    pub threshold: f32,
    df: Vec<u32>,
    docs: u32,
    /// Documents that had readings (Chinese, Japanese, Korean text): how
    /// rare a reading is is counted among them, or in an archive mostly in
    /// other languages the commonest Korean syllables ("했다") would weigh
    /// as much as a name.
    reading_docs: u32,
    open: HashMap<u64, OpenStory>,
    postings: HashMap<u32, Vec<u64>>,
    next_id: u64,
    latest_day: i64,
    dirty: Vec<u64>,
    /// Changed stories that left memory before they were saved.
    closed_dirty: Vec<OpenStory>,
    /// Articles placed so far.
    placed: u64,
}

/// Where an article went.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub story: u64,
    pub opened: bool,
    pub similarity: f32,
    /// Stories merged into `story` by this article (it showed them to be
    /// one): their articles now belong to `story`.
    pub absorbed: Vec<u64>,
}

/// Whether the article is in a language the story has no article in yet
/// (never when either language is unknown).
fn other_language(item: &Item, s: &OpenStory) -> bool {
    item.language
        .is_some_and(|l| !s.languages.is_empty() && !s.languages.iter().any(|x| x == l))
}

/// How many of the article's names and places its story has given too.
fn shared_names(item: &Item, s: &OpenStory) -> usize {
    let names = item
        .names
        .iter()
        .filter(|&&n| s.names.binary_search_by_key(&n, |x| x.0).is_ok())
        .count();
    let places = item
        .places
        .iter()
        .filter(|p| s.places.binary_search_by_key(&p.0, |x| x.0).is_ok())
        .count();
    names + places
}

/// A day of the year as a number that orders days: `month * 32 + day`.
pub fn day_key(month: u32, day: u32) -> u16 {
    (month.min(12) * 32 + day.min(31)) as u16
}

/// The day named most often, if one is named more often than any other.
fn main_day(days: &[(u16, u32)]) -> Option<u16> {
    let best = days.iter().map(|d| d.1).max()?;
    let mut top = days.iter().filter(|d| d.1 == best);
    let first = top.next()?.0;
    top.next().is_none().then_some(first)
}

/// Whether two tellings put their event on different days: the days each
/// names most are more than a day apart (a day either way is time zones
/// and datelines). Meaning and anchors do not join such tellings: two
/// Korean disasters of two different years, told in the same words
/// ("Seoul", "dead", "29th"), happened on 29 October and 29 December.
fn other_days(a: &[(u16, u32)], b: &[(u16, u32)]) -> bool {
    let names = |days: &[(u16, u32)], x: u16| days.iter().any(|d| days_apart(d.0, x) <= 1);
    match (main_day(a), main_day(b)) {
        (Some(x), Some(y)) => days_apart(x, y) > 1 && !names(b, x) && !names(a, y),
        _ => false,
    }
}

/// Days after an event that its coverage is looked for in: pages published
/// later than this after the day a story names (or earlier than the day
/// before) join it on words only, never on meaning or anchors.
const COVERAGE_DAYS: i64 = 14;

/// Whether pages published from day `first` to day `last` (days since
/// 1970) can be coverage of an event on `named` (a day of the year, in
/// whichever year puts it nearest): some of them fall between the day
/// before it and [`COVERAGE_DAYS`] after.
fn covers(named: u16, first: i64, last: i64) -> bool {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let Some(from) = epoch.checked_add_signed(chrono::Duration::days(first)) else {
        return true;
    };
    let year = chrono::Datelike::year(&from);
    let (m, d) = (u32::from(named / 32), u32::from(named % 32));
    let event = [year - 1, year, year + 1]
        .iter()
        .filter_map(|&y| chrono::NaiveDate::from_ymd_opt(y, m, d))
        .map(|e| (e - epoch).num_days())
        .min_by_key(|e| (e - first).abs().min((e - last).abs()));
    // A day no calendar has ("31 June") says nothing.
    event.is_none_or(|e| last >= e - 1 && first <= e + COVERAGE_DAYS)
}

/// Days between two days of the year, the short way round (31 December
/// and 1 January are a day apart), counted in a leap year.
fn days_apart(x: u16, y: u16) -> u32 {
    let ordinal = |k: u16| {
        chrono::NaiveDate::from_ymd_opt(2024, u32::from(k / 32), u32::from(k % 32))
            .map(|d| chrono::Datelike::ordinal(&d))
    };
    // A day no calendar has ("31 June") says nothing.
    let (Some(a), Some(b)) = (ordinal(x), ordinal(y)) else {
        return 0;
    };
    let d = a.abs_diff(b);
    d.min(366 - d)
}

/// Whether a language writes words readings key (Chinese, Japanese,
/// Korean).
fn writes_han_or_hangul(language: &str) -> bool {
    matches!(language, "zh" | "ja" | "ko")
}

/// Whether two stories have no Chinese, Japanese or Korean article in a
/// common language: readings compare the three with each other, and
/// within one of them they are only its words again.
fn read_apart(a: &OpenStory, b: &OpenStory) -> bool {
    !a.languages
        .iter()
        .any(|l| writes_han_or_hangul(l) && b.languages.contains(l))
}

fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
    crosscheck_embed::dot(a, b)
}

/// Cosine of two sums of sentence vectors.
fn sum_cosine(a: &[f32], b: &[f32]) -> f32 {
    let (la, lb) = (length(a), length(b));
    if la == 0.0 || lb == 0.0 {
        return 0.0;
    }
    dot_f32(a, b) / (la * lb)
}

impl Clusterer {
    /// A fresh clusterer; story ids start at `next_id`.
    pub fn new(window_days: i64, threshold: f32, next_id: u64) -> Self {
        Clusterer {
            window_days,
            threshold,
            df: vec![0; BUCKETS],
            docs: 0,
            reading_docs: 0,
            open: HashMap::new(),
            postings: HashMap::new(),
            next_id: next_id.max(1),
            latest_day: i64::MIN,
            dirty: Vec::new(),
            closed_dirty: Vec::new(),
            placed: 0,
        }
    }

    /// Restores saved document frequencies (as [`Clusterer::df_bytes`] wrote
    /// them) and open stories. Malformed frequencies are ignored: they only
    /// weight terms, and rebuild as articles arrive.
    pub fn restore(&mut self, df: &[u8], docs: u32, stories: Vec<OpenStory>) {
        if df.len() == (BUCKETS + 1) * 4 {
            let mut counts = df
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
            for slot in self.df.iter_mut() {
                *slot = counts.next().unwrap_or(0);
            }
            self.reading_docs = counts.next().unwrap_or(0);
            self.docs = docs;
        }
        for mut s in stories {
            s.touched = self.placed;
            self.latest_day = self.latest_day.max(s.last_day);
            self.next_id = self.next_id.max(s.id + 1);
            self.index(&s, &[]);
            self.open.insert(s.id, s);
        }
    }

    /// The document frequencies, then the count of documents with
    /// readings.
    pub fn df_bytes(&self) -> Vec<u8> {
        self.df
            .iter()
            .chain([&self.reading_docs])
            .flat_map(|c| c.to_le_bytes())
            .collect()
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
        if features.last().is_some_and(|f| f.0 >= FIRST_READING) {
            self.reading_docs += 1;
        }
        for &(t, _) in features {
            self.df[t as usize] = self.df[t as usize].saturating_add(1);
        }
        let (n, n_reading) = (self.docs as f32, self.reading_docs as f32);
        let v: Vector = features
            .iter()
            .map(|&(t, c)| {
                let n = if t >= FIRST_READING { n_reading } else { n };
                let idf = ((n + PRIOR_DOCS) / (self.df[t as usize] as f32 + 1.0)).ln();
                (t, (1.0 + (c as f32).ln()) * idf)
            })
            .collect();
        let v = trim_apart(v, [ARTICLE_TERMS, ARTICLE_ANCHORS, ARTICLE_READINGS]);
        let (words, anchors, readings) = split(&v);
        // Words, anchors and readings are each of unit length: the word part
        // is what it was before the others existed, so joins on words do
        // not move.
        let unit = |part: &[Entry]| -> Vector {
            let len = norm(part);
            part.iter()
                .map(|&(t, w)| (t, if len > 0.0 { w / len } else { w }))
                .collect()
        };
        let mut v = unit(words);
        v.extend(unit(anchors));
        v.extend(unit(readings));
        v
    }

    /// Drops stories whose last article is too old for anything still to
    /// come near them, and the postings that point at them.
    fn close_old(&mut self) {
        let horizon = self.latest_day.saturating_sub(2 * self.window_days);
        let placed = self.placed;
        let old = |s: &OpenStory| {
            if s.dated {
                s.last_day < horizon
            } else {
                placed.saturating_sub(s.touched) > UNDATED_SPAN
            }
        };
        if !self.open.values().any(old) {
            return;
        }
        let dirty = &self.dirty;
        let closed = &mut self.closed_dirty;
        self.open.retain(|id, s| {
            let keep = !old(s);
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
        self.placed += 1;
        if let Some(d) = item.day.filter(|&d| d > self.latest_day) {
            self.latest_day = d;
            self.close_old();
        } else if self.placed.is_multiple_of(UNDATED_SPAN / 8) {
            self.close_old();
        }
        let scored = match into {
            Some(id) => vec![(id, 1.0)],
            None => self.scored(&v, item),
        };
        let Some(&(id, similarity)) = scored.first() else {
            return Placed {
                story: self.open_story(v, item),
                opened: true,
                similarity: 1.0,
                absorbed: Vec::new(),
            };
        };
        self.join(id, &v, item);
        let (story, absorbed) = match self.absorb(id, &v, item) {
            Some((kept, gone)) => (kept, vec![gone]),
            None => (id, Vec::new()),
        };
        Placed {
            story,
            opened: false,
            // Joins on anchors or meaning rank below those on words (see
            // `scored`); this is their own cosine.
            similarity: if similarity < 0.0 {
                similarity + 1.0
            } else {
                similarity
            },
            absorbed,
        }
    }

    /// Merges into `keep` the open story closest to it in meaning (or, in
    /// Chinese, Japanese and Korean, in readings) when the two are one
    /// ([`Clusterer::same_story`]) on the article's evidence. At most one
    /// merge per article: a story grows one step at a time.
    /// (Requiring that story to stand out from the next by
    /// [`MEANING_MARGIN`], as a join on meaning within one language must,
    /// cost a fifth of the recall on `bench/stories` and kept no unrelated
    /// page out that is kept out now: with 1,678 unrelated real pages
    /// added, none joined a story of the six events either way.)
    /// Gives the story kept and the one merged into it.
    fn absorb(&mut self, keep: u64, v: &Vector, item: &Item) -> Option<(u64, u64)> {
        let k = self.open.get(&keep)?;
        // The article is the evidence that the two are one: where it
        // shares a language with the other story, it must share words
        // with it too.
        let one = |id: &u64| {
            self.open.get(id).is_some_and(|o| {
                let speaks = item
                    .language
                    .is_some_and(|l| o.languages.iter().any(|x| x == l));
                let backed = !speaks || word_similarity(v, &o.centroid) >= MEANING_WORDS;
                backed && self.same_story(k, o)
            })
        };
        let id = self.merge_candidates(k).into_iter().find(one)?;
        let o = self.open.get(&id)?;
        // The smaller story goes into the larger: the archive moves the
        // articles of the one that goes.
        let (kept, gone) = if o.size > k.size {
            (id, keep)
        } else {
            (keep, id)
        };
        let gone_story = self.open.remove(&gone)?;
        self.merge(kept, gone_story);
        Some((kept, gone))
    }

    /// The open stories `k` may merge with, in the order they are tried:
    /// the closest in meaning; in readings, among stories apart in Chinese,
    /// Japanese and Korean; in facts, among stories with no language in
    /// common; in the facts of their articles, among stories indexed under
    /// its heaviest anchors. Only a story with readings, or naming days and
    /// cities enough, is compared with every open story on them.
    fn merge_candidates(&self, k: &OpenStory) -> Vec<u64> {
        let by_meaning = k.meaning.as_deref().and_then(|mk| {
            let kl = k.meaning_len;
            self.closest(k, |o| {
                Some(dot_f32(mk, o.meaning.as_deref()?) / (kl * o.meaning_len))
            })
        });
        let by_readings = has_readings(&k.centroid)
            .then(|| {
                self.closest(k, |o| {
                    read_apart(k, o).then(|| centroid_readings(&k.centroid, &o.centroid))
                })
            })
            .flatten();
        let apart = |o: &OpenStory| !o.languages.iter().any(|l| k.languages.contains(l));
        let by_facts = (when_where(&k.centroid) >= MERGE_WHEN_WHERE)
            .then(|| {
                self.closest(k, |o| {
                    apart(o).then(|| fact_similarity(&k.centroid, &o.centroid, MERGE_WHEN_WHERE))
                })
            })
            .flatten();
        // Only stories of two pages or more are compared (member_link is 0
        // otherwise), and only the closest is tried.
        let paired = |o: &OpenStory| o.members.len() >= 2;
        let neighbours = if k.members.len() >= 2 {
            self.anchor_neighbours(k)
        } else {
            Vec::new()
        };
        let by_members = neighbours
            .into_iter()
            .filter_map(|id| self.open.get(&id).filter(|o| paired(o)))
            .map(|o| (member_link(k, o), o.id))
            .filter(|x| x.0 >= MERGE_MEMBERS)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|x| x.1);
        [by_meaning, by_readings, by_facts, by_members]
            .into_iter()
            .flatten()
            .collect()
    }

    /// Whether two open stories' dates overlap within the window (an
    /// undated story is near every story).
    fn near_in_time(&self, k: &OpenStory, o: &OpenStory) -> bool {
        let w = self.window_days;
        !k.dated || !o.dated || (o.first_day <= k.last_day + w && k.first_day <= o.last_day + w)
    }

    /// Open stories near `k` in time indexed under its heaviest anchors.
    fn anchor_neighbours(&self, k: &OpenStory) -> Vec<u64> {
        let mut anchors = split(&k.centroid).1.to_vec();
        anchors.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
        anchors.truncate(PROBE_ANCHORS);
        let mut ids: Vec<u64> = anchors
            .iter()
            .filter_map(|(t, _)| self.postings.get(t))
            .flatten()
            .copied()
            .filter(|&id| id != k.id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|id| self.open.get(id).is_some_and(|o| self.near_in_time(k, o)));
        ids
    }

    /// The open story near `k` in time that scores highest on `score`.
    fn closest(&self, k: &OpenStory, score: impl Fn(&OpenStory) -> Option<f32>) -> Option<u64> {
        self.open
            .values()
            .filter(|o| o.id != k.id && self.near_in_time(k, o))
            .filter_map(|o| Some((score(o)?, o.id)))
            .filter(|x| x.0.is_finite() && x.0 > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|x| x.1)
    }

    /// Whether two open stories are one: near in time, not about events on
    /// different days, and close in meaning, backed by words where they
    /// share a language; or, in languages apart among Chinese, Japanese and
    /// Korean, close in readings; or naming the same facts
    /// ([`Clusterer::same_facts`]). (Not on words alone: two stories whose
    /// centroids reach the join threshold were each closer to their own;
    /// merging them on words lowered precision on the generated corpus,
    /// from 0.986 to 0.978, and gained nothing on `bench/stories`.)
    fn same_story(&self, a: &OpenStory, b: &OpenStory) -> bool {
        let w = self.window_days;
        let apart = a.first_day > b.last_day + w || b.first_day > a.last_day + w;
        if a.dated && b.dated && apart {
            return false;
        }
        if other_days(&a.days, &b.days) {
            return false;
        }
        let common = |l: &&String| b.languages.contains(l);
        let shared = a.languages.iter().any(|l| common(&l));
        let backed = !shared || centroid_cosine(&a.centroid, &b.centroid) >= MEANING_WORDS;
        if read_apart(a, b)
            && backed
            && centroid_readings(&a.centroid, &b.centroid) >= MERGE_READINGS
        {
            return true;
        }
        if !shared && fact_similarity(&a.centroid, &b.centroid, MERGE_WHEN_WHERE) >= MERGE_FACTS {
            return true;
        }
        if backed && self.same_facts(a, b) {
            return true;
        }
        let (Some(ma), Some(mb)) = (&a.meaning, &b.meaning) else {
            return false;
        };
        sum_cosine(ma, mb) >= MERGE_MEANING && backed
    }

    /// Whether two stories' articles name the same facts, pair by pair
    /// ([`member_link`]), and the stories share a day or a city: how pages
    /// of one event in languages with no word in common meet, once each
    /// side has two pages. An undated story that names days merges so only
    /// with pages published around one of them (else 2019 impeachment
    /// hearings, naming Ukraine, Russia and Kyiv, met undated pages of the
    /// 2023 Kakhovka dam).
    fn same_facts(&self, a: &OpenStory, b: &OpenStory) -> bool {
        let timely = |u: &OpenStory, d: &OpenStory| {
            u.dated
                || !d.dated
                || u.days.is_empty()
                || u.days.iter().any(|n| covers(n.0, d.first_day, d.last_day))
        };
        timely(a, b)
            && timely(b, a)
            && fact_similarity(&a.centroid, &b.centroid, 1) > 0.0
            && member_link(a, b) >= MERGE_MEMBERS
    }

    /// Adds story `gone` to story `keep`.
    fn merge(&mut self, keep: u64, gone: OpenStory) {
        let Some(mut s) = self.open.remove(&keep) else {
            return;
        };
        let before = s.centroid.clone();
        let mut sum: HashMap<u32, f32> = s.centroid.iter().copied().collect();
        for &(t, w) in &gone.centroid {
            *sum.entry(t).or_default() += w;
        }
        s.centroid = trim_apart(sum.into_iter().collect(), CENTROID_PARTS);
        s.size += gone.size;
        s.touched = self.placed;
        add_counts(&mut s.days, gone.days);
        add_counts(&mut s.places, gone.places);
        add_counts(&mut s.names, gone.names);
        let room = MEMBERS.saturating_sub(s.members.len());
        s.members.extend(gone.members.into_iter().take(room));
        for l in gone.languages {
            if let Err(at) = s.languages.binary_search(&l) {
                s.languages.insert(at, l);
            }
        }
        match (&mut s.meaning, gone.meaning) {
            (Some(a), Some(b)) => a.iter_mut().zip(&b).for_each(|(x, y)| *x += y),
            (None, Some(b)) => s.meaning = Some(b),
            _ => {}
        }
        s.meaning_len = length(s.meaning.as_deref().unwrap_or_default());
        if !s.dated {
            (s.first_day, s.last_day, s.dated) = (gone.first_day, gone.last_day, gone.dated);
        } else if gone.dated {
            s.first_day = s.first_day.min(gone.first_day);
            s.last_day = s.last_day.max(gone.last_day);
        }
        self.index(&s, &before);
        self.open.insert(keep, s);
        self.dirty.push(keep);
    }

    /// The open stories an article may join, closest first: on words; else
    /// (ranked below any join on words) on anchors, across languages only,
    /// or on meaning (the closest in meaning only).
    fn scored(&self, v: &Vector, item: &Item) -> Vec<(u64, f32)> {
        let mut scored: Vec<(u64, f32)> = self
            .candidates(v)
            .into_iter()
            .filter_map(|id| self.on_terms(v, item, self.open.get(&id)?))
            .collect();
        if let Some(joined) = self.on_meaning(v, item) {
            if !scored.iter().any(|x| x.0 == joined.0) {
                scored.push(joined);
            }
        }
        scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
    }

    /// Whether a story is near enough in time for the article to join it.
    fn near(&self, item: &Item, s: &OpenStory) -> bool {
        let window = self.window_days;
        let names = |days: &[(u16, u32)], x: u16| days.iter().any(|d| days_apart(d.0, x) <= 1);
        if !s.dated {
            // An undated story has no dates to keep a page away, but the
            // days its pages name do: a page published weeks before or
            // after every one of them, naming none of them itself, is of
            // another event (a 2019 report of deaths in Bolivia joined
            // undated pages of the 2022 Seoul crush on meaning alone).
            return item.day.is_none_or(|d| {
                s.days.is_empty()
                    || s.days
                        .iter()
                        .any(|n| covers(n.0, d, d) || names(item.days, n.0))
            });
        }
        item.day
            .is_none_or(|d| d >= s.first_day - window && d <= s.last_day + window)
            && main_day(item.days).is_none_or(|x| {
                item.day.is_some() || covers(x, s.first_day, s.last_day) || names(&s.days, x)
            })
    }

    /// A join within a language on words (for Korean, readings), or on
    /// fewer words and the same names or facts; or, ranked below (as
    /// `similarity - 1`), across languages on anchors or readings.
    fn on_terms(&self, v: &Vector, item: &Item, s: &OpenStory) -> Option<(u64, f32)> {
        if !self.near(item, s) {
            return None;
        }
        let sim = word_similarity(v, &s.centroid);
        if sim >= self.threshold {
            return Some((s.id, sim));
        }
        // Korean words carry their particles and endings ("이태원에서",
        // "발생했다"): its readings (two Sino-Korean syllables at a time) say
        // better how many words two Korean pages share.
        let r = reading_similarity(v, &s.centroid);
        let korean = item.language == Some("ko") && s.languages.iter().any(|l| l == "ko");
        if korean && r >= KOREAN_READINGS {
            return Some((s.id, r));
        }
        // Fewer words in common, but the same people, organisations and
        // places, on the same days: one event in other words.
        let shared = shared_names(item, s);
        let apart = other_days(item.days, &s.days);
        if sim >= NAMED_WORDS && shared >= NAMES_SHARED && !apart {
            return Some((s.id, sim));
        }
        let few_words = sim >= NAMED_WORDS || (korean && r >= READING_THRESHOLD);
        if few_words && fact_similarity(v, &s.centroid, 1) >= FACTS_AGREE && !apart {
            return Some((s.id, sim.max(r)));
        }
        if !other_language(item, s) || apart {
            return None;
        }
        let a = anchor_similarity(v, &s.centroid);
        let anchored =
            a >= ANCHOR_THRESHOLD || (a >= NAMED_ANCHOR_THRESHOLD && shared >= NAMES_SHARED_ACROSS);
        let read = r >= READING_THRESHOLD;
        (anchored || read).then_some((s.id, a.max(r) - 1.0))
    }

    /// The story closest in meaning, when close enough (ranked below joins
    /// on words, as `similarity - 1`). Every open story near the date is a
    /// candidate (a page in Korean shares no term with one in English); not
    /// indexed: a dot product of 512 numbers per open story.
    fn on_meaning(&self, v: &Vector, item: &Item) -> Option<(u64, f32)> {
        let m = item.meaning?;
        let mut close: Vec<(f32, u64, bool)> = self
            .open
            .values()
            .filter(|s| self.near(item, s) && !other_days(item.days, &s.days))
            .filter_map(|s| {
                let sim = unit_cosine(m, s.meaning.as_deref()?, s.meaning_len);
                Some((sim, s.id, other_language(item, s)))
            })
            .collect();
        close.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let &(sim, id, cross) = close.first()?;
        let runner_up = close.get(1).map_or(0.0, |x| x.0);
        // Within one language, words back the join and the story stands
        // out from the next.
        let backed = || {
            let words = self
                .open
                .get(&id)
                .map_or(0.0, |s| word_similarity(v, &s.centroid));
            sim - runner_up >= MEANING_MARGIN && words >= MEANING_WORDS
        };
        (sim >= MEANING_THRESHOLD && (cross || backed())).then_some((id, sim - 1.0))
    }

    /// Stories indexed under the article's heaviest terms and anchors (a
    /// story sharing only light ones cannot reach the threshold).
    fn candidates(&self, v: &Vector) -> Vec<u64> {
        let heaviest = |part: &[Entry], n: usize| {
            let mut part = part.to_vec();
            part.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
            part.truncate(n);
            part
        };
        let (words, anchors, readings) = split(v);
        let mut probe = heaviest(&v[..words.len() + anchors.len()], PROBE_TERMS);
        probe.extend(heaviest(anchors, PROBE_ANCHORS));
        probe.extend(heaviest(readings, PROBE_READINGS));
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
        s.centroid = trim_apart(sum.into_iter().collect(), CENTROID_PARTS);
        s.size += 1;
        s.touched = self.placed;
        add_counts(&mut s.days, item.days.iter().copied());
        add_counts(&mut s.places, item.places.iter().copied());
        add_counts(&mut s.names, item.names.iter().map(|&n| (n, 1)));
        if s.members.len() < MEMBERS {
            s.members.push(unit_facts(v));
        }
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
            s.meaning_len = length(s.meaning.as_deref().unwrap_or_default());
        }
        if let Some(d) = item.day {
            if s.dated {
                s.first_day = s.first_day.min(d);
                s.last_day = s.last_day.max(d);
            } else {
                (s.first_day, s.last_day, s.dated) = (d, d, true);
            }
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
        let facts = unit_facts(&v);
        let s = OpenStory {
            id,
            centroid: v,
            size: 1,
            first_day: d,
            last_day: d,
            dated: item.day.is_some(),
            touched: self.placed,
            languages: item.language.map(str::to_string).into_iter().collect(),
            meaning: item.meaning.map(<[f32]>::to_vec),
            meaning_len: item.meaning.map_or(0.0, length),
            days: item.days.to_vec(),
            places: item.places.to_vec(),
            names: item.names.iter().map(|&n| (n, 1)).collect(),
            members: vec![facts],
        };
        self.index(&s, &[]);
        self.open.insert(id, s);
        self.dirty.push(id);
        id
    }
}

/// Adds counts (of days, places, names) to a story's, kept sorted.
pub(crate) fn add_counts<K: Ord + Copy>(
    into: &mut Vec<(K, u32)>,
    counts: impl IntoIterator<Item = (K, u32)>,
) {
    for (k, n) in counts {
        match into.binary_search_by_key(&k, |x| x.0) {
            Ok(i) => into[i].1 += n,
            Err(i) => into.insert(i, (k, n)),
        }
    }
}

fn length(v: &[f32]) -> f32 {
    dot_f32(v, v).sqrt()
}

/// Cosine of a unit vector with a sum of unit vectors of length `len`.
fn unit_cosine(unit: &[f32], sum: &[f32], len: f32) -> f32 {
    if len == 0.0 {
        return 0.0;
    }
    dot_f32(unit, sum) / len
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
            days: &[],
            places: &[],
            names: &[],
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

    fn said(
        language: &'static str,
        meaning: &'static [f32],
        days: &'static [(u16, u32)],
    ) -> Item<'static> {
        Item {
            features: &[],
            day: Some(100),
            language: Some(language),
            meaning: Some(meaning),
            days,
            places: &[],
            names: &[],
        }
    }

    fn unit(v: [f32; 3]) -> &'static [f32] {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        Vec::leak(v.iter().map(|x| x / n).collect())
    }

    /// Two tellings in two languages too far apart in meaning to join
    /// (cosine 0.45) open two stories; a third page close to both joins one,
    /// and the stories, now close as wholes, become one.
    #[test]
    fn an_article_close_to_two_stories_makes_them_one() {
        let (a, b) = (unit([1.0, 0.0, 0.0]), unit([0.45, 0.893, 0.0]));
        let c = unit([0.851, 0.524, 0.0]);
        let mut cl = Clusterer::new(3, 0.3, 1);
        let first = cl.place(&said("en", a, &[]), None);
        let second = cl.place(&said("ko", b, &[]), None);
        assert!(first.opened && second.opened);
        let third = cl.place(&said("ja", c, &[]), None);
        assert_eq!(third.story, first.story);
        assert_eq!(third.absorbed, vec![second.story]);
        assert!(!cl.is_open(second.story));
        let saved = cl.take_dirty();
        let kept = saved.iter().find(|s| s.id == first.story).expect("saved");
        assert_eq!((kept.size, kept.languages.len()), (3, 3));
    }

    /// Two pages with a few words in common (cosine about 0.18, under the
    /// 0.3 threshold) are one story when they name the same four people,
    /// organisations or places, and not when they name others or another
    /// day.
    #[test]
    fn fewer_words_join_a_story_that_names_the_same_names() {
        let first: Vec<(u32, u32)> = (1..=10).map(|t| (t, 1)).collect();
        let second: Vec<(u32, u32)> = [1, 2].into_iter().chain(11..=18).map(|t| (t, 1)).collect();
        let item = |features: &'static [(u32, u32)], names: &'static [u32], days| Item {
            features,
            day: Some(100),
            language: Some("en"),
            meaning: None,
            days,
            places: &[],
            names,
        };
        let (first, second) = (first.leak() as &[_], second.leak() as &[_]);
        let dec: &'static [(u16, u32)] = Vec::leak(vec![(day_key(12, 29), 2)]);
        let oct: &'static [(u16, u32)] = Vec::leak(vec![(day_key(10, 29), 2)]);
        let place = |names, days| {
            let mut c = Clusterer::new(3, 0.3, 1);
            let a = c.place(&item(first, &[1, 2, 3, 4], dec), None);
            let b = c.place(&item(second, names, days), None);
            (a.story == b.story, b.similarity)
        };
        let (joined, sim) = place(&[1, 2, 3, 4], dec);
        assert!(joined && sim > NAMED_WORDS && sim < 0.3, "{sim}");
        assert!(!place(&[1, 2, 3, 9], dec).0, "three names are not enough");
        assert!(!place(&[5, 6, 7, 8], dec).0);
        assert!(!place(&[1, 2, 3, 4], oct).0, "another day");
    }

    /// The same three pages, but the two stories put their event on days
    /// two months apart: not one story, however alike their words.
    #[test]
    fn stories_of_events_on_different_days_stay_apart() {
        let (a, b) = (unit([1.0, 0.0, 0.0]), unit([0.45, 0.893, 0.0]));
        let c = unit([0.851, 0.524, 0.0]);
        let (oct, dec) = (day_key(10, 29), day_key(12, 29));
        let oct: &'static [(u16, u32)] = Vec::leak(vec![(oct, 2)]);
        let dec: &'static [(u16, u32)] = Vec::leak(vec![(dec, 2)]);
        let mut cl = Clusterer::new(3, 0.3, 1);
        let first = cl.place(&said("en", a, dec), None);
        let second = cl.place(&said("ko", b, oct), None);
        let third = cl.place(&said("ja", c, dec), None);
        assert_eq!(third.story, first.story);
        assert!(third.absorbed.is_empty(), "{third:?}");
        assert!(cl.is_open(second.story));
        // A page naming the other day does not join on meaning either.
        let fourth = cl.place(&said("de", a, oct), None);
        assert_ne!(fourth.story, first.story);
        // A day either way is the same event (time zones, datelines), and
        // so are 31 December and 1 January.
        assert!(!other_days(
            &[(day_key(12, 29), 1)],
            &[(day_key(12, 30), 1)]
        ));
        assert!(!other_days(&[(day_key(12, 31), 1)], &[(day_key(1, 1), 1)]));
        assert!(other_days(&[(day_key(12, 29), 1)], &[(day_key(12, 31), 1)]));
        // Follow-ups count on later days: a telling whose main day is the
        // other's second day is of the same event.
        let quake = [(day_key(1, 1), 3), (day_key(1, 3), 1)];
        let count = [(day_key(1, 3), 3), (day_key(1, 1), 2)];
        assert!(!other_days(&quake, &count));
    }

    fn article(title: &str, text: &str, language: &str) -> (Vec<(u32, u32)>, String) {
        (
            features(title, text, &[], Some(language)),
            language.to_string(),
        )
    }

    fn in_language<'a>(f: &'a (Vec<(u32, u32)>, String)) -> Item<'a> {
        Item {
            features: &f.0,
            day: Some(100),
            language: Some(&f.1),
            ..Item::default()
        }
    }

    /// Chinese, Japanese and Korean write the same Sino-xenic words in
    /// their own scripts; their readings join a page to a story in another
    /// of the three, and keep an unrelated page out.
    #[test]
    fn readings_join_chinese_japanese_and_korean() {
        let ko = article(
            "윤석열 대통령 비상계엄 선포",
            "윤석열 대통령이 비상계엄을 선포했다. 국회는 계엄 해제 요구 결의안을 가결했다. \
             계엄사령부는 국회와 정당의 활동을 금지했다.",
            "ko",
        );
        let zh = article(
            "尹锡悦总统宣布紧急戒严",
            "尹锡悦总统宣布紧急戒严。国会通过了要求解除戒严的决议案。戒严司令部禁止国会和政党的活动。",
            "zh",
        );
        let zh_other = article(
            "能登半岛发生强烈地震",
            "石川县能登半岛发生强烈地震，海啸警报发布，房屋倒塌，居民避难。",
            "zh",
        );
        let mut c = Clusterer::new(3, 0.3, 1);
        let first = c.place(&in_language(&ko), None);
        let joined = c.place(&in_language(&zh), None);
        assert_eq!(joined.story, first.story, "{joined:?}");
        let other = c.place(&in_language(&zh_other), None);
        assert_ne!(other.story, first.story);
    }

    /// Two pages of one language with few words in common join when they
    /// name the same day or place and numbers (three facts); numbers alone
    /// do not (see `anchors_join_across_languages_only`).
    #[test]
    fn few_words_and_the_same_facts_join() {
        let page = |title: &str, text: &str, days: &[(u16, u32)], places: &[(u32, u32)]| {
            let mut f = features(title, text, &[], Some("de"));
            add_anchors(&mut f, days, places, &[]);
            (f, "de".to_string())
        };
        let day = [(day_key(6, 6), 1)];
        let kherson = [(706448, 1)];
        let first = page(
            "Staudamm zerstört",
            "Der Kachowka-Staudamm wurde zerstört; 42000 Menschen sind in Gefahr, 80 Orte überflutet.",
            &day,
            &kherson,
        );
        let second = page(
            "Flut nach Explosion",
            "Nach der Explosion am Staudamm steigt das Wasser: 42000 Bewohner bedroht, 80 Dörfer unter Wasser.",
            &day,
            &kherson,
        );
        let mut c = Clusterer::new(3, 0.3, 1);
        let a = c.place(&in_language(&first), None);
        let v = c.vector(&second.0);
        let words = word_similarity(&v, &c.open[&a.story].centroid);
        assert!(
            (NAMED_WORDS..0.3).contains(&words),
            "{words}: a few words in common, under the threshold, or this tests nothing"
        );
        let mut c = Clusterer::new(3, 0.3, 1);
        let a = c.place(&in_language(&first), None);
        let b = c.place(&in_language(&second), None);
        assert_eq!(b.story, a.story, "{b:?}");
        // The same words and numbers without the day and place: apart.
        let bare = |f: &(Vec<(u32, u32)>, String)| -> (Vec<(u32, u32)>, String) {
            (
                f.0.iter()
                    .copied()
                    .filter(|e| e.0 < FIRST_WHEN_WHERE)
                    .collect(),
                f.1.clone(),
            )
        };
        let mut c = Clusterer::new(3, 0.3, 1);
        let a = c.place(&in_language(&bare(&first)), None);
        let b = c.place(&in_language(&bare(&second)), None);
        assert_ne!(b.story, a.story, "{b:?}");
        // A country is no day or city: pages of every event of a war name
        // "Ukraine".
        let ukraine = |f: &(Vec<(u32, u32)>, String)| {
            let mut f = bare(f);
            add_anchors(&mut f.0, &[], &[], &[(690791, 1)]);
            f
        };
        let mut c = Clusterer::new(3, 0.3, 1);
        let a = c.place(&in_language(&ukraine(&first)), None);
        let b = c.place(&in_language(&ukraine(&second)), None);
        assert_ne!(b.story, a.story, "{b:?}");
    }

    /// Korean pages of one event share few whole words (each carries its
    /// particle or ending) and many readings: they join on readings.
    #[test]
    fn korean_pages_join_on_readings() {
        let first = article(
            "이태원 압사 참사 사망자 156명",
            "서울 용산구 이태원동 핼러윈 축제 현장에서 압사 참사가 발생해 사망자가 156명으로 늘었다. \
             정부는 국가애도기간을 선포했다.",
            "ko",
        );
        let second = article(
            "정부, 이태원동 압사참사에 국가애도기간으로",
            "핼러윈을 앞둔 이태원동에서 압사참사로 156명이 숨지자 정부가 용산구를 특별재난지역으로 \
             지정하고 국가애도기간으로 정했다.",
            "ko",
        );
        let unrelated = article(
            "국회 예산안 처리 지연",
            "국회는 내년도 예산안 처리 시한을 넘겼다. 여야는 법인세 인하를 두고 협상을 이어갔다.",
            "ko",
        );
        let mut c = Clusterer::new(3, 0.3, 1);
        let a = c.place(&in_language(&first), None);
        let v = c.vector(&second.0);
        let centroid = &c.open[&a.story].centroid;
        let (words, readings) = (
            word_similarity(&v, centroid),
            reading_similarity(&v, centroid),
        );
        assert!(
            words < 0.3 && readings >= KOREAN_READINGS,
            "{words} {readings}"
        );
        let mut c = Clusterer::new(3, 0.3, 1);
        let a = c.place(&in_language(&first), None);
        let b = c.place(&in_language(&second), None);
        assert_eq!(b.story, a.story, "{b:?}");
        let d = c.place(&in_language(&unrelated), None);
        assert_ne!(d.story, a.story, "{d:?}");
    }

    /// Stories in different languages merge when the facts they name agree
    /// with two days or cities among them, not on countries and numbers.
    #[test]
    fn stories_apart_in_language_merge_on_facts() {
        let story = |id: u64, language: &str, anchors: &[&str]| {
            let mut centroid: Vector = anchors.iter().map(|a| (anchor_bucket(a), 1.0)).collect();
            centroid.sort_unstable_by_key(|e| e.0);
            OpenStory {
                id,
                centroid,
                size: 1,
                first_day: 100,
                last_day: 100,
                dated: true,
                touched: 0,
                languages: vec![language.to_string()],
                meaning: None,
                meaning_len: 0.0,
                days: Vec::new(),
                places: Vec::new(),
                names: Vec::new(),
                members: Vec::new(),
            }
        };
        let c = Clusterer::new(3, 0.3, 1);
        let dam = ["d:198", "p:706448", "p:709930", "n:16000", "C:690791"];
        let de = story(1, "de", &dam);
        let ru = story(2, "ru", &dam);
        assert!(c.same_story(&de, &ru));
        let hearings = story(3, "en", &["C:690791", "C:2017370", "p:703448", "n:100"]);
        let de_kyiv = story(
            4,
            "de",
            &["C:690791", "C:2017370", "p:703448", "n:100", "n:14"],
        );
        assert!(!c.same_story(&hearings, &de_kyiv));
        // One language in common: words decide, not facts.
        let de2 = story(5, "de", &dam);
        assert!(!c.same_story(&de, &de2));
    }

    /// Stories whose pages, two or more on each side, name the same facts
    /// with a day or city among them merge, whatever their languages; not
    /// on countries and numbers alone, not on one page, and not an undated
    /// story naming a day far from the other's dates.
    #[test]
    fn stories_whose_pages_name_the_same_facts_merge() {
        let vector_of = |anchors: &[&str]| {
            let mut v: Vector = anchors.iter().map(|a| (anchor_bucket(a), 1.0)).collect();
            v.sort_unstable_by_key(|e| e.0);
            v
        };
        let story = |id: u64, language: &str, pages: &[&[&str]], dated: bool, days| {
            let vector = |anchors: &[&str]| {
                let mut v: Vector = Vec::new();
                for b in anchors.iter().map(|a| anchor_bucket(a)) {
                    match v.binary_search_by_key(&b, |e| e.0) {
                        Ok(i) => v[i].1 += 1.0,
                        Err(i) => v.insert(i, (b, 1.0)),
                    }
                }
                v
            };
            let members: Vec<Vector> = pages.iter().map(|p| unit_facts(&vector(p))).collect();
            OpenStory {
                id,
                centroid: vector(&pages.concat()),
                size: pages.len() as u32,
                first_day: 19_500,
                last_day: 19_501,
                dated,
                touched: 0,
                languages: vec![language.to_string()],
                meaning: None,
                meaning_len: 0.0,
                days,
                places: Vec::new(),
                names: Vec::new(),
                members,
            }
        };
        let c = Clusterer::new(3, 0.3, 1);
        // One city in common (two days or cities would do without pages).
        let page: &[&str] = &["p:706448", "n:16000", "n:42", "C:690791"];
        let other: &[&str] = &["p:706448", "n:16000", "C:690791", "n:7"];
        assert_eq!(fact_similarity(&vector_of(page), &vector_of(other), 2), 0.0);
        let de = story(1, "de", &[page, other], true, Vec::new());
        let ru = story(2, "ru", &[other, page], true, Vec::new());
        assert!(c.same_story(&de, &ru));
        // Countries and numbers alone.
        let bare: &[&str] = &["n:16000", "n:42", "C:690791"];
        let (de_bare, ru_bare) = (
            story(3, "de", &[bare, bare], true, Vec::new()),
            story(4, "ru", &[bare, bare], true, Vec::new()),
        );
        assert!(!c.same_story(&de_bare, &ru_bare));
        // One page.
        let one = story(5, "ru", &[page], true, Vec::new());
        assert!(!c.same_story(&de, &one));
        // Undated, naming 6 June, against pages published in mid-May.
        let june = story(6, "ru", &[other, page], false, vec![(day_key(6, 6), 2)]);
        let mut may = story(7, "de", &[page, other], true, Vec::new());
        (may.first_day, may.last_day) = (19_492, 19_493);
        assert!(!c.same_story(&june, &may));
    }

    /// Undated pages naming 29 October are joined on meaning by a page
    /// published days later, not by one published the next month or the
    /// month before (a named day has no year: a page of 29 October a year
    /// before is not told apart); an undated page naming the day does not join a story
    /// published weeks after it either.
    #[test]
    fn named_days_keep_pages_published_far_from_them_away() {
        let oct29 = chrono::NaiveDate::from_ymd_opt(2022, 10, 29).unwrap();
        let day = |offset: i64| {
            (oct29 - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days() + offset
        };
        let named: &'static [(u16, u32)] = Vec::leak(vec![(day_key(10, 29), 1)]);
        let v = unit([1.0, 0.0, 0.0]);
        let undated = |language| Item {
            day: None,
            ..said(language, v, named)
        };
        let dated = |language, d| Item {
            day: Some(d),
            ..said(language, v, &[])
        };
        for (published, joins) in [
            (day(2), true),
            (day(-1), true),
            (day(22), false),
            (day(-40), false),
        ] {
            let mut cl = Clusterer::new(3, 0.3, 1);
            let first = cl.place(&undated("ko"), None);
            let page = cl.place(&dated("en", published), None);
            assert_eq!(page.story == first.story, joins, "published {published}");
        }
        assert!(
            covers(day_key(12, 31), day(64), day(64)),
            "31 December → 2 January"
        );
        let mut cl = Clusterer::new(3, 0.3, 1);
        let story = cl.place(&dated("en", day(40)), None);
        let page = cl.place(&undated("ko"), None);
        assert_ne!(page.story, story.story);
    }

    /// An undated story stays open whatever the dates of what follows (a
    /// dated page of its event may come later in the batch), until many
    /// articles have passed without joining it.
    #[test]
    fn an_undated_story_waits_for_articles_not_days() {
        let text = "The ferry Nordlys ran aground off Hareid with 212 passengers aboard.";
        let mut c = Clusterer::new(3, 0.2, 1);
        let undated = place(&mut c, &f("Ferry aground off Hareid", text), None);
        let other = "The city council approved 48 million kroner for bike lanes.";
        place(&mut c, &f("Bike lanes approved", other), Some(100));
        place(&mut c, &f("Bike lanes approved", other), Some(400));
        assert!(c.is_open(undated.story));
        let dated = place(&mut c, &f("Ferry aground off Hareid", text), Some(401));
        assert_eq!(dated.story, undated.story);
        let mut c = Clusterer::new(3, 0.2, 1);
        let undated = place(&mut c, &f("Ferry aground off Hareid", text), None);
        for i in 0..UNDATED_SPAN + UNDATED_SPAN / 8 {
            c.place(&Item::default(), None);
            if i % 1000 == 0 {
                c.take_dirty();
            }
        }
        assert!(!c.is_open(undated.story));
    }
}
