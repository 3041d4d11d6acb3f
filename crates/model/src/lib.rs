//! The values that flow between crosscheck's stages, defined once.
//!
//! Takes nothing; gives the types every other crate passes along:
//! [`Document`] (ingest → extract), [`Article`] (extract → analyze),
//! [`Analysis`] (analyze → link/corroborate), [`Story`] (corroborate → report).
//! All of them serialise with serde; the JSON report's shape is versioned by
//! [`SCHEMA_VERSION`] and documented in the README.
//!
//! Offsets (`start`, `end`) are **character** offsets (Unicode scalar values) into
//! the text named by the accompanying `part`: `"text"` for the article's `text`,
//! `"caption:N"` for its N-th caption. Internally the pipeline works with byte
//! offsets; [`CharIndex`] converts them at the edge.

pub mod calendar;
pub mod days;
pub mod gazetteer;
pub mod titles;

use serde::{Deserialize, Serialize};

/// Version of the JSON report. Bump the minor part when fields are added, the
/// major part when a field changes meaning or disappears.
pub const SCHEMA_VERSION: &str = "1.6";

/// Whether a document's bytes are HTML or plain text (decided by content).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    Text,
}

/// A decoded input, before extraction.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path as the user gave it (or `-` for stdin).
    pub source: String,
    pub format: Format,
    /// Name of the charset the bytes were decoded from.
    pub charset: String,
    pub text: String,
    /// Things the reader should know about how the bytes were read.
    pub warnings: Vec<String>,
    /// Address the document was fetched from, when the container says
    /// (a WARC record's target URI, a JSON Lines record's `url`).
    pub url: Option<String>,
    /// Publication date the container states (JSON Lines `published`).
    pub published: Option<String>,
}

/// A paragraph of article text, with its character span in `Article::text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Something extraction threw away, kept so a reader can see why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    /// e.g. `widget`, `advertisement`, `navigation`, `donation_appeal`, `bio`,
    /// `duplicate`, `broken_image`, `share`, `related`.
    pub kind: String,
    pub text: String,
}

/// Where a publication date came from, most trustworthy first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateRange {
    pub from: String,
    pub to: String,
    pub reason: String,
}

/// An extracted article: clean text plus metadata. Produced by `extract`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Article {
    pub id: String,
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// `url` when `title` was read from the address's words (the page
    /// printed no headline); absent when the page gave it.
    #[serde(default)]
    pub title_from: Option<String>,
    pub publisher: Option<String>,
    /// Where `publisher` came from: `page` (its metadata or furniture),
    /// `masthead`, `title` (a name appended to the headline), `header`
    /// (a `Source:` line of scraped text) or `url` (the address's domain).
    #[serde(default)]
    pub publisher_from: Option<String>,
    pub byline: Option<String>,
    /// E-mail address printed with the byline, if any.
    pub byline_contact: Option<String>,
    pub language: Option<String>,
    /// ISO 8601 date or date-time when the page states it.
    pub published: Option<String>,
    /// Where `published` came from: `json-ld`, `meta`, `time`, `dateline`,
    /// `header` (a `Date:` line of scraped text), `stamp` (a web index's
    /// ` date …` stamp), `source` (the container) or `url` (the address).
    pub published_from: Option<String>,
    /// Filled when `published` is unknown and the content bounds it.
    pub published_range: Option<DateRange>,
    /// ISO 8601 date of the last update, when the page states one.
    pub modified: Option<String>,
    /// What the reader should know about how the input was read (charset
    /// guesses, replaced bytes).
    pub warnings: Vec<String>,
    pub format: Option<String>,
    pub charset: Option<String>,
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    pub captions: Vec<String>,
    pub removed: Vec<Removed>,
}

/// Kind of a named mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Other,
}

/// A span in one part of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// `text` or `caption:N`.
    pub part: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    /// Why the sentence is left out of claims, if it is: `stuffing`,
    /// `disclosure`, `quote_continuation`, `caption` (a photo's caption or
    /// credit), `furniture` (a byline, or a pointer to other pages such as
    /// "Related:"), `fragment` (the text's last sentence, cut off).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub text: String,
    pub kind: EntityKind,
    /// The name all variants of this entity are merged under.
    pub entity: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(flatten)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Resolved speaker, or null when the text does not say.
    pub speaker: Option<String>,
    /// How the speaker was found: `named`, `pronoun`, `title`, `preceding`, `none`.
    pub speaker_via: String,
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub text: String,
    /// Lower and upper bound; equal for an exact figure, null when open
    /// ("more than 300" has no upper bound).
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub approximate: bool,
    /// What is counted ("troops", "passengers"), or `age` for ages.
    pub counts: Option<String>,
    #[serde(flatten)]
    pub span: Span,
}

/// Precision of a normalised time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    Range,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub text: String,
    /// `2026-01-20`, `2025-10`, `2025`, or `from/to` for ranges; null when the
    /// article's own date is unknown and the expression is relative.
    pub value: Option<String>,
    pub precision: Option<Precision>,
    /// First and last day covered, ISO dates.
    pub from: Option<String>,
    pub to: Option<String>,
    /// True when the value depends on the article's date.
    pub relative: bool,
    #[serde(flatten)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// Who the information is credited to ("Yonhap", "South Korean officials").
    pub source: String,
    /// The cue: `according_to`, `reported`, `cited_by`, `said`, `credit`, `wire_dateline`.
    pub cue: String,
    #[serde(flatten)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// `keyword_stuffing`, `duplicate_text`, `translation_disclosure`,
    /// `syndicated_byline`, `boilerplate_removed`, `wire_copy`.
    pub kind: String,
    pub detail: String,
    pub evidence: Vec<String>,
}

/// Everything `analyze` found in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Analysis {
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub quantities: Vec<Quantity>,
    pub times: Vec<TimeExpr>,
    pub attributions: Vec<Attribution>,
    pub flags: Vec<Flag>,
}

/// Status of a claim across the sources of a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Conflicting,
    Corroborated,
    SingleSource,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub article: String,
    pub text: String,
    pub part: String,
    pub start: usize,
    pub end: usize,
    /// Upstreams this sentence is credited to.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub upstreams: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub status: Status,
    pub summary: String,
    /// False when the agreeing sources share an upstream or copy each other.
    pub independent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub independence_note: Option<String>,
    /// For conflicting claims: the values that cannot both be true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<String>,
    /// Counts of people that differ inside a claim that is not called
    /// conflicting because they are not known to be of one day (a toll
    /// rises): which article says which, and of what day.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub counts_differ: Option<String>,
    /// For conflicting claims: each side, what it says and which articles
    /// say it (the same as `conflict`, for programs and pages that name
    /// the outlets).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub sides: Vec<Side>,
    /// Number of distinct sources (copies of one text count once).
    pub sources: usize,
    /// What the sources have in common: words and normalised values
    /// (`date:2025-12-24`, `count:group`) found in evidence from two or more
    /// sources. Empty for single-source claims.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub shared: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub says: String,
    pub articles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: String,
    pub precision: Precision,
    pub event: String,
    pub articles: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// An article that is a (near-)copy of another in the same story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Copy {
    pub article: String,
    pub copy_of: String,
    pub similarity: f64,
}

/// Articles that share an upstream (a wire agency, a broadcast).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Upstream {
    pub name: String,
    pub articles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub articles: Vec<String>,
    pub copies: Vec<Copy>,
    pub upstreams: Vec<Upstream>,
    pub claims: Vec<Claim>,
    pub timeline: Vec<TimelineEntry>,
}

/// Converts byte offsets of one string to character offsets.
pub struct CharIndex {
    /// Byte offset of every char boundary, plus the end.
    bytes: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { bytes }
    }

    /// Character offset of a byte offset (rounded down to a char boundary).
    pub fn char_at(&self, byte: usize) -> usize {
        match self.bytes.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_counts_multibyte_characters_once() {
        let text = "Kyiv — «Київ»";
        let idx = CharIndex::new(text);
        let byte = text.find('«').unwrap();
        assert_eq!(idx.char_at(byte), 7);
        assert_eq!(idx.char_at(text.len()), text.chars().count());
    }
}
