//! The linker both `analyze` and `ingest` place articles with.
//!
//! Takes articles one at a time, in the order they arrive, each with its
//! [`Linkable`] (MinHash signature, term features, day); gives where each
//! goes ([`Link`]): the copy group of a text it copies (through the LSH index
//! of [`crate::minhash`]) and its story (the streaming [`crate::cluster`]).
//! Nothing looks ahead, so a stream of any length is linked in bounded
//! memory, and the same articles in the same order give the same stories
//! whether they are analysed in memory or ingested into an archive.

use crate::cluster::{features, Clusterer, Item};
use crate::minhash::{signature, Indexed, LshIndex, Signature};
use crate::COPY_THRESHOLD;
pub use crosscheck_embed::Encoder;
use crosscheck_model::{days::day_of, Analysis, Article, EntityKind};
use std::collections::HashMap;

/// How stories are formed.
#[derive(Debug, Clone, Copy)]
pub struct Clustering {
    /// A story stays open while articles arrive within this many days of it.
    pub window_days: i64,
    /// Cosine similarity to a story's centroid needed to join it.
    pub threshold: f32,
    /// Copies are looked for among articles published this many days
    /// before the latest (syndicated copies follow within days; the bound
    /// keeps memory flat).
    pub copy_window_days: i64,
}

impl Default for Clustering {
    fn default() -> Self {
        Clustering {
            window_days: 3,
            threshold: 0.3,
            copy_window_days: 7,
        }
    }
}

impl Clustering {
    /// Days after its last article past which nothing can join a story any
    /// more: neither by content (the clusterer forgets it) nor as a copy
    /// of one of its articles (the copy index forgets them).
    pub fn settled_after(&self) -> i64 {
        (2 * self.window_days).max(self.copy_window_days) + 1
    }
}

/// People, organisations and places an analysis names, each once, in the
/// order first named, with their kind.
pub fn named_entities(analysis: &Analysis) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for m in &analysis.mentions {
        let kind = match m.kind {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Other => continue,
        };
        if !out.iter().any(|e| e.1 == m.entity) {
            out.push((kind, m.entity.clone()));
        }
    }
    out
}

/// What the linker needs of an article.
#[derive(Debug, Clone)]
pub struct Linkable {
    pub signature: Signature,
    pub features: Vec<(u32, u32)>,
    /// Days since 1970 of its publication (stated, or else the first day
    /// of the range inferred for it).
    pub day: Option<i64>,
    pub language: Option<String>,
    /// The sentence vector of its headline and lead, when an encoder is
    /// given ([`meanings`], for many articles at once).
    pub meaning: Option<Vec<f32>>,
    /// The days of the year it names ([`crate::cluster::day_key`]), with
    /// how often: what happened when, in any language.
    pub days: Vec<(u16, u32)>,
    /// The cities it names (GeoNames ids), with how often.
    pub places: Vec<(u32, u32)>,
    /// The term buckets of the names it gives
    /// ([`crate::cluster::name_bucket`]), sorted.
    pub names: Vec<u32>,
}

impl Linkable {
    /// Its meaning is left for [`meanings`].
    pub fn of(article: &Article, analysis: &Analysis) -> Linkable {
        let names: Vec<String> = named_entities(analysis).into_iter().map(|e| e.1).collect();
        let (days, of_month) = named_days(analysis);
        let (title, language) = (
            article.title.as_deref().unwrap_or(""),
            article.language.as_deref(),
        );
        let mut features = features(title, &article.text, &names, language);
        // Cities are the places an article shares as names; countries are
        // anchors only ("Ukraine" and "Russia" name every story of a war).
        let (places, countries) = crate::anchors::places(&[title, &article.text], language);
        let mut anchor_days = days.clone();
        crate::cluster::add_counts(&mut anchor_days, of_month);
        crate::cluster::add_anchors(&mut features, &anchor_days, &places, &countries);
        Linkable {
            signature: signature(&article.text),
            features,
            day: link_day(article),
            language: article.language.clone(),
            meaning: None,
            days,
            places,
            names: name_buckets(&names, article.language.as_deref()),
        }
    }
}

/// Languages that capitalise every noun: a capitalised word there is no
/// sign of a name, and the names analysis finds in them ("Bürger",
/// "Gesetz Stadt") are mostly common nouns.
const NOUNS_CAPITALISED: [&str; 2] = ["de", "lb"];

/// The term buckets of an article's names, sorted, for the clusterer's
/// join on shared names (none in a language that capitalises its nouns:
/// there, places from the gazetteer are the names it shares).
fn name_buckets(names: &[String], language: Option<&str>) -> Vec<u32> {
    if language.is_some_and(|l| NOUNS_CAPITALISED.contains(&l)) {
        return Vec::new();
    }
    let mut keys: Vec<u32> = names
        .iter()
        .map(|n| crate::cluster::name_bucket(n))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The days of the year an analysis names, with how often: those it
/// writes with their month, and apart those it gives as a day of the
/// month alone ("29일", "3日"), placed by the article's date.
///
/// The second are anchors only, not the days that keep events apart (the
/// day a story names most): Korean pages of the Itaewon crush tell its
/// night as "29일" and "30일" as often, and with that tie the crush merged
/// on meaning with the Jeju Air crash of 29 December. As anchors they let
/// Korean, Japanese and Chinese pages meet others (cross-language recall on
/// `bench/stories` without the model 0.425 → 0.441). A page that writes a
/// month and day gives none: the days of the month beside it are mostly
/// the days it reports from ("1日" beside "12月29日").
fn named_days(analysis: &Analysis) -> (DayCounts, DayCounts) {
    use crosscheck_analyze::timex::{month_day, named_day};
    let (mut written, mut of_month) = (Vec::new(), Vec::new());
    for t in &analysis.times {
        if let Some((m, d)) = month_day(&t.text) {
            crate::cluster::add_counts(&mut written, [(crate::cluster::day_key(m, d), 1)]);
        } else if let Some((m, d)) = named_day(t) {
            crate::cluster::add_counts(&mut of_month, [(crate::cluster::day_key(m, d), 1)]);
        }
    }
    if !written.is_empty() {
        of_month.clear();
    }
    (written, of_month)
}

/// Days of the year ([`crate::cluster::day_key`]) with how often named,
/// sorted.
type DayCounts = Vec<(u16, u32)>;

/// A range longer than this (a month stamp, "published in June") does not
/// place an article on a day.
const RANGE_DAYS: i64 = 7;

/// The day an article is placed at: its stated date, else the start of a
/// short range. (The dates a text mentions are not used: on WikiRef220 they
/// scattered articles of one event over decades, and split its stories.)
fn link_day(article: &Article) -> Option<i64> {
    if let Some(d) = article.published.as_deref().and_then(day_of) {
        return Some(d);
    }
    let r = article.published_range.as_ref()?;
    let (from, to) = (day_of(&r.from)?, day_of(&r.to)?);
    (to - from <= RANGE_DAYS).then_some(from)
}

/// What is embedded of an article: its headline and the start of its
/// text, as far as [`LEAD_CHARS`] characters (what says which event a page
/// is about; embedding every sentence would cost more than all the rest of
/// linking).
fn headline_and_lead(article: &Article) -> String {
    let mut out = article.title.clone().unwrap_or_default();
    out.push_str(". ");
    out.extend(article.text.chars().take(LEAD_CHARS));
    out
}

/// Characters of an article's text embedded after its headline. At 450
/// rather than 300, the two Ukrainian pages of an event in `bench/stories`
/// met its Russian and German story (cross-language recall 0.846 → 0.889;
/// WikiRef220 unchanged, no page of the 1,678 unrelated ones joined).
const LEAD_CHARS: usize = 450;

/// Pieces embedded at most (headline and lead): the cost of a vector grows
/// with its pieces, and 450 characters of Chinese are three times the
/// pieces of 450 of English. At 256 no `bench/stories` page changed story;
/// at 192 the Ukrainian pages above were lost again.
const LEAD_PIECES: usize = 256;

/// The sentence vectors of articles' headlines and leads, computed
/// together (a quarter faster than one by one); `None` for an article in a
/// language the encoder does not read ([`crosscheck_embed::reads`]), or of
/// no known language: its vector would say nothing.
pub fn meanings(articles: &[&Article], encoder: &Encoder) -> Vec<Option<Vec<f32>>> {
    let readable: Vec<usize> = (0..articles.len())
        .filter(|&i| {
            articles[i]
                .language
                .as_deref()
                .is_some_and(crosscheck_embed::reads)
        })
        .collect();
    let texts: Vec<String> = readable
        .iter()
        .map(|&i| headline_and_lead(articles[i]))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut out: Vec<Option<Vec<f32>>> = vec![None; articles.len()];
    for (i, v) in readable
        .into_iter()
        .zip(encoder.embed_many_within(&refs, LEAD_PIECES))
    {
        out[i] = Some(v);
    }
    out
}

/// Where an article went.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub story: u64,
    /// Whether it opened its story.
    pub opened: bool,
    /// The first article of the copy group it joined, if it copies a text.
    pub copy_of: Option<i64>,
    /// Stories merged into `story` as this article arrived: their
    /// articles belong to `story` now.
    pub absorbed: Vec<u64>,
}

/// The copy index and the story clusterer, together.
pub struct Linker {
    pub clusterer: Clusterer,
    pub copies: LshIndex,
    /// Stories merged away → the story that took them, for copies indexed
    /// under the old id.
    merged: HashMap<u64, u64>,
}

impl Linker {
    /// A linker that has seen nothing; story ids start at 1.
    pub fn new(c: Clustering) -> Linker {
        Linker {
            clusterer: Clusterer::new(c.window_days, c.threshold, 1),
            copies: LshIndex::new(c.copy_window_days),
            merged: HashMap::new(),
        }
    }

    /// A linker resuming from saved state.
    pub fn resume(clusterer: Clusterer, copies: LshIndex) -> Linker {
        Linker {
            clusterer,
            copies,
            merged: HashMap::new(),
        }
    }

    /// Places one article: a copy joins its original's story, anything else
    /// the closest open story or a story of its own.
    pub fn link(&mut self, l: &Linkable) -> Link {
        let copy = self
            .copies
            .best(&l.signature, COPY_THRESHOLD)
            .map(|(_, a)| (self.current(a.story), a.group));
        let item = Item {
            features: &l.features,
            day: l.day,
            language: l.language.as_deref(),
            meaning: l.meaning.as_deref(),
            days: &l.days,
            places: &l.places,
            names: &l.names,
        };
        let placed = self.clusterer.place(&item, copy.map(|c| c.0));
        for &gone in &placed.absorbed {
            self.merged.insert(gone, placed.story);
        }
        Link {
            story: placed.story,
            opened: placed.opened,
            copy_of: copy.map(|c| c.1),
            absorbed: placed.absorbed,
        }
    }

    /// The story a story id stands for now, after merges.
    fn current(&self, mut story: u64) -> u64 {
        // Each merge points at a story that existed then; a chain ends.
        while let Some(&next) = self.merged.get(&story) {
            story = next;
        }
        story
    }

    /// Makes article `id`, linked as `link` says, findable as a copy.
    pub fn remember(&mut self, id: i64, signature: Signature, day: Option<i64>, link: &Link) {
        let day = day.or(self.copies.latest()).unwrap_or(0);
        self.copies.insert(Indexed {
            id,
            day,
            signature,
            story: link.story,
            group: link.copy_of.unwrap_or(id),
        });
    }
}

/// The order in which a batch of articles is placed: undated ones first
/// (their stories stay open whatever the date, so dated articles of the
/// batch can join them; placed last, they found the stories of the
/// batch's early dates already closed), then by publication day, otherwise
/// as read. Both `analyze` and `ingest` batch their input and place each
/// batch in this order.
pub fn batch_order(days: &[Option<i64>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by_key(|&i| days[i].unwrap_or(i64::MIN));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undated_articles_are_placed_first_then_by_day() {
        assert_eq!(
            batch_order(&[Some(5), None, Some(3), None, Some(5)]),
            vec![1, 3, 2, 0, 4]
        );
    }

    #[test]
    fn capitalised_nouns_are_not_names_to_share() {
        let names = vec!["Bürger".to_string(), "Olaf Scholz".to_string()];
        assert!(name_buckets(&names, Some("de")).is_empty());
        let en = name_buckets(&names, Some("en"));
        assert_eq!(en.len(), 2);
        assert!(en.windows(2).all(|w| w[0] < w[1]), "sorted");
    }
}
