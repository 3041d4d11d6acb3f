//! Store: where an archive of analysed articles lives.
//!
//! Takes what the archive ingest decides for each article (its text and
//! metadata, content hashes, MinHash signature and band keys, story and copy
//! group); gives it back by id, by story, by copy group, and as story
//! summaries. [`Store`] is the interface; [`sqlite::Sqlite`] the embedded
//! backend (WAL, versioned migrations). A server database is planned behind
//! the same trait, which is why it speaks in plain values, has no SQLite
//! types in it, and leaves transactions to explicit `begin`/`commit` calls.

pub mod sqlite;

use crosscheck_model::Article;
use serde::{Deserialize, Serialize};

pub use sqlite::Sqlite;

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error(
        "database {path} has schema version {found}, newer than this crosscheck knows ({known}); upgrade crosscheck"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("database: stored article {id} is unreadable: {reason}")]
    Corrupt { id: i64, reason: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A named entity as stored for search and clustering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// `person`, `organization`, `place`.
    pub kind: String,
    pub name: String,
}

/// An article as the archive ingest hands it to the store.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// Hash of the input document as read (same input → same hash).
    pub raw_hash: i64,
    /// Hash of URL, title and extracted text (same article → same hash).
    pub content_hash: i64,
    pub article: Article,
    /// Publication day, days since 1970-01-01.
    pub day: Option<i64>,
    pub entities: Vec<Entity>,
    /// Agencies and outlets the text credits (wire credits, "according to").
    pub upstreams: Vec<String>,
    pub signature: Vec<u8>,
    pub story: u64,
    /// The first stored article of this text's copy group, if it has one.
    pub copy_of: Option<i64>,
    /// Its headline and lead's sentence vector, packed
    /// (`crosscheck_embed::to_bytes`), when the encoder read it.
    pub meaning: Option<Vec<u8>>,
}

/// A recent article's signature, to rebuild the copy index when an ingest
/// resumes.
#[derive(Debug, Clone)]
pub struct Recent {
    pub id: i64,
    pub day: i64,
    pub signature: Vec<u8>,
    pub story: u64,
    /// Its copy group's first article (itself when it heads one).
    pub group: i64,
}

/// A stored article.
#[derive(Debug, Clone, Serialize)]
pub struct Stored {
    pub id: i64,
    pub article: Article,
    pub day: Option<i64>,
    pub story: u64,
    pub copy_of: Option<i64>,
    pub entities: Vec<Entity>,
    pub upstreams: Vec<String>,
}

/// The clusterer's view of a story, saved so a later run can go on.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryState {
    pub id: u64,
    pub first_day: i64,
    pub last_day: i64,
    pub size: u32,
    pub centroid: Vec<u8>,
}

/// What `stories` lists.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    pub id: u64,
    pub title: String,
    pub articles: u64,
    /// Distinct texts: copies of one text count once.
    pub texts: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    pub outlets: Vec<String>,
    pub languages: Vec<String>,
}

impl StorySummary {
    /// The outlets as one line a reader takes in at a glance: the first
    /// `shown`, then how many more ("… and 1,236 more"); the JSON keeps
    /// them all.
    pub fn outlets_line(&self, shown: usize) -> String {
        let mut line = self
            .outlets
            .iter()
            .take(shown)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let more = self.outlets.len().saturating_sub(shown);
        if more > 0 {
            line.push_str(&format!(" and {more} more"));
        }
        line
    }

    /// How big the story is, in words: "1 article", "14 articles", and the
    /// number of distinct texts only where copies make it fewer ("14
    /// articles, 9 texts").
    pub fn size_line(&self) -> String {
        let articles = plural(self.articles, "article", "articles");
        if self.texts < self.articles {
            format!("{articles}, {}", plural(self.texts, "text", "texts"))
        } else {
            articles
        }
    }
}

/// "1 article", "2 articles".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Which stories to list.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Stories with an article on or after this day (days since epoch).
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub language: Option<String>,
    pub outlet: Option<String>,
    /// Only stories of at least this many articles.
    pub min_size: u64,
    pub limit: usize,
}

/// Totals, for the end of an ingest and for `stories`.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub articles: u64,
    pub stories: u64,
    pub copy_groups: u64,
}

/// A store of analysed articles.
pub trait Store: Send {
    /// Starts a write transaction; writes are visible to reads on the same
    /// store at once, and durable at [`Store::commit`].
    fn begin(&mut self) -> Result<()>;
    fn commit(&mut self) -> Result<()>;
    /// Whether an input document with this raw hash was stored already.
    fn seen_raw(&self, raw_hash: i64) -> Result<bool>;
    /// The article with this content hash, if stored.
    fn find_content(&self, content_hash: i64) -> Result<Option<i64>>;
    /// Dated articles published on or after `since_day`, with signatures.
    fn recent(&self, since_day: i64) -> Result<Vec<Recent>>;
    /// The latest publication day stored, if any article is dated.
    fn latest_day(&self) -> Result<Option<i64>>;
    fn insert(&mut self, article: &NewArticle) -> Result<i64>;
    fn save_stories(&mut self, stories: &[StoryState]) -> Result<()>;
    /// Stories whose last day is on or after `since_day`.
    fn open_stories(&self, since_day: i64) -> Result<Vec<StoryState>>;
    /// Counts one more article in a story the clusterer no longer holds (a
    /// late copy joining its original's story), widening its dates.
    fn bump_story(&mut self, id: u64, day: Option<i64>) -> Result<()>;
    /// Moves the articles of story `gone` to story `keep` (the clusterer
    /// found them one) and forgets `gone`; gives the articles moved.
    fn merge_story(&mut self, gone: u64, keep: u64) -> Result<Vec<Stored>>;
    /// The latest last day of any story, and the highest story id.
    fn story_bounds(&self) -> Result<(Option<i64>, Option<u64>)>;
    fn save_state(&mut self, key: &str, value: &[u8]) -> Result<()>;
    fn load_state(&self, key: &str) -> Result<Option<Vec<u8>>>;
    fn article(&self, id: i64) -> Result<Option<Stored>>;
    /// The languages (sorted, distinct) and the packed meanings of a
    /// story's articles: what the clusterer keeps of a story in memory
    /// beside its stored state, rebuilt when a later run goes on.
    fn story_languages_and_meanings(&self, story: u64) -> Result<(Vec<String>, Vec<Vec<u8>>)>;
    /// Calls `each` with every stored article's id and packed meaning (of
    /// those that have one), in id order.
    fn meanings(&self, each: &mut dyn FnMut(i64, &[u8])) -> Result<()>;
    /// The articles of a story, oldest first.
    fn story_articles(&self, story: u64) -> Result<Vec<Stored>>;
    /// How many articles story `story` holds (0 for no such story).
    fn story_size(&self, story: u64) -> Result<u64>;
    /// Every article of the copy group `id` belongs to (empty if `id` is
    /// not stored), oldest first.
    fn copy_group(&self, id: i64) -> Result<Vec<Stored>>;
    fn stories(&self, filter: &StoryFilter) -> Result<Vec<StorySummary>>;
    /// Articles with ids above `after`, in id order, at most `limit`.
    fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<Stored>>;
    fn counts(&self) -> Result<Counts>;
}

pub use crosscheck_model::days::{date_of, day_of};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        assert_eq!(day_of("1970-01-01"), Some(0));
        assert_eq!(day_of("2025-12-24T10:00:00+09:00"), Some(20446));
        assert_eq!(date_of(20446), "2025-12-24");
        for d in [-1000, 0, 59, 60, 11016, 20446, 30000] {
            assert_eq!(day_of(&date_of(d)), Some(d));
        }
        assert_eq!(day_of("2025-13-01"), None);
        assert_eq!(day_of("soon"), None);
    }
}
