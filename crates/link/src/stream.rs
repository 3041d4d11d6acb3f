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
}

impl Linkable {
    /// `names`: the entities it names (see [`named_entities`]). Its
    /// meaning is left for [`meanings`].
    pub fn of(article: &Article, names: &[String]) -> Linkable {
        Linkable {
            signature: signature(&article.text),
            features: features(
                article.title.as_deref().unwrap_or(""),
                &article.text,
                names,
                article.language.as_deref(),
            ),
            day: article
                .published
                .as_deref()
                .or(article.published_range.as_ref().map(|r| r.from.as_str()))
                .and_then(day_of),
            language: article.language.clone(),
            meaning: None,
        }
    }
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

/// Characters of an article's text embedded after its headline.
const LEAD_CHARS: usize = 300;

/// The sentence vectors of articles' headlines and leads, computed
/// together (a quarter faster than one by one).
pub fn meanings(articles: &[&Article], encoder: &Encoder) -> Vec<Vec<f32>> {
    let texts: Vec<String> = articles.iter().map(|a| headline_and_lead(a)).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    encoder.embed_many(&refs)
}

/// Where an article went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub story: u64,
    /// Whether it opened its story.
    pub opened: bool,
    /// The first article of the copy group it joined, if it copies a text.
    pub copy_of: Option<i64>,
}

/// The copy index and the story clusterer, together.
pub struct Linker {
    pub clusterer: Clusterer,
    pub copies: LshIndex,
}

impl Linker {
    /// A linker that has seen nothing; story ids start at 1.
    pub fn new(c: Clustering) -> Linker {
        Linker {
            clusterer: Clusterer::new(c.window_days, c.threshold, 1),
            copies: LshIndex::new(c.copy_window_days),
        }
    }

    /// Places one article: a copy joins its original's story, anything else
    /// the closest open story or a story of its own.
    pub fn link(&mut self, l: &Linkable) -> Link {
        let copy = self
            .copies
            .best(&l.signature, COPY_THRESHOLD)
            .map(|(_, a)| (a.story, a.group));
        let item = Item {
            features: &l.features,
            day: l.day,
            language: l.language.as_deref(),
            meaning: l.meaning.as_deref(),
        };
        let placed = self.clusterer.place(&item, copy.map(|c| c.0));
        Link {
            story: placed.story,
            opened: placed.opened,
            copy_of: copy.map(|c| c.1),
        }
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

/// The order in which a batch of articles is placed: by publication day,
/// undated ones last, otherwise as read. Both `analyze` and `ingest` batch
/// their input and place each batch in this order.
pub fn batch_order(days: &[Option<i64>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by_key(|&i| days[i].unwrap_or(i64::MAX));
    order
}
